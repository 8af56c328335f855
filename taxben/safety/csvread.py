"""Reading CSV as people write it: plain CSV, and CSV from Danish Excel.

Danish Excel saves "CSV (semikolonsepareret)": ``;`` between columns, a decimal comma (``4000,50``),
sometimes a dot between thousands (``4.000``), Windows-1252 text (``æøå`` as single bytes), CRLF line
ends, and with "CSV UTF-8" a byte-order mark. ``read_csv_table`` detects all of that and returns the same
table as the plain CSV would give; a file it cannot read with certainty is refused with a message that
says what was detected, never guessed:

* encoding: a UTF-8 or UTF-16 byte-order mark, else UTF-8 if every byte fits, else Windows-1252
  (Latin-1 for the five bytes Windows-1252 leaves undefined);
* separator: the one of ``,`` ``;`` tab that appears between the names of the header line (outside
  quotes); a header holding more than one of them is refused;
* numbers (``;`` or tab files): a decimal comma in any number cell means Danish numbers (a ``.`` then
  groups thousands); decimal commas and decimal points in the same file are refused; a file whose only
  dotted numbers look like thousands (``4.500``: 4.5 or 4,500?) is refused.

Text stays text (decoded, never bytes); a column whose cells are not all numbers is left as written.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from taxben.safety.errors import UserError

if TYPE_CHECKING:  # imported where a CSV is read: ``decode`` alone (a YAML household file) needs neither
    import pandas as pd
    import pyarrow as pa

SEPARATORS = {",": "','", ";": "';'", "\t": "tab"}
_SIGN = r"[-+]?"
DECIMAL_COMMA = re.compile(rf"{_SIGN}(?:\d{{1,3}}(?:\.\d{{3}})+|\d+),\d+")  # 4000,50 4.000,50
THOUSANDS_ONLY = re.compile(rf"{_SIGN}\d{{1,3}}(?:\.\d{{3}})+")  # 4.000 (4 or 4000?)
DECIMAL_POINT = re.compile(rf"{_SIGN}(?:\d+\.\d*|\.\d+)")  # 110.5 .5 (and 4.000, which THOUSANDS_ONLY also matches)
INTEGER = re.compile(rf"{_SIGN}\d+")


class CsvFormatError(UserError):
    """A CSV file whose format cannot be told with certainty, or that cannot be decoded."""


@dataclass(frozen=True)
class CsvFormat:
    encoding: str  # "UTF-8", "UTF-8 with BOM", "UTF-16", "Windows-1252", "Latin-1"
    separator: str
    decimal: str  # "." or ","
    crlf: bool = False

    @property
    def plain(self) -> bool:
        return self.encoding == "UTF-8" and self.separator == "," and self.decimal == "."

    def describe(self) -> str:
        parts = [f"{SEPARATORS[self.separator]}-separated"]
        parts.append("decimal comma ('.' between thousands)" if self.decimal == "," else "decimal point")
        parts.append(self.encoding)
        if self.crlf:
            parts.append("CRLF line ends")
        return ", ".join(parts)


def decode(data: bytes, file: str) -> tuple[str, str]:
    """(text, encoding name) of a CSV file's bytes."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            raise CsvFormatError(f"{file}: starts with a UTF-8 byte-order mark but byte {exc.start + 3} is not "
                                 "UTF-8: save it again as 'CSV UTF-8'") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise CsvFormatError(f"{file}: starts with a UTF-16 byte-order mark but is not UTF-16 text") from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _separators_outside_quotes(line: str) -> dict[str, int]:
    counts = dict.fromkeys(SEPARATORS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return counts


def detect_separator(header: str, file: str) -> str:
    counts = {sep: n for sep, n in _separators_outside_quotes(header).items() if n}
    if len(counts) > 1:
        found = " and ".join(f"{n} × {SEPARATORS[sep]}" for sep, n in counts.items())
        raise CsvFormatError(f"{file}: the header line holds {found} between column names, so the column "
                             "separator is ambiguous: save the file with one separator (',' or ';')")
    return next(iter(counts), ",")


def _columns(frame: pd.DataFrame, names: Iterable[str]) -> list[tuple[str, pd.Series]]:
    """(name, cells as text) for the columns called ``names``, by position (a name may appear twice)."""
    wanted = set(names)
    return [(str(name), frame.iloc[:, k].astype("string")) for k, name in enumerate(frame.columns) if name in wanted]


def _first_match(columns: list[tuple[str, pd.Series]], pattern: re.Pattern) -> tuple[int, str, int, str]:
    """(count, column, 1-based row, value) of the cells that match ``pattern`` (count 0: none)."""
    total, where = 0, ("", 0, "")
    for column, cells in columns:
        hits = cells.str.fullmatch(pattern.pattern).fillna(False).to_numpy(bool)
        count = int(hits.sum())
        if count and not total:
            row = int(hits.argmax())
            where = (column, row + 1, cells.iloc[row])
        total += count
    return (total, *where)


def detect_decimal(frame: pd.DataFrame, numeric: list[str], file: str, separator: str) -> str:
    """The decimal mark of a ``;`` / tab file, from the number cells of ``numeric`` columns."""
    columns = _columns(frame, numeric)
    commas, c_col, c_row, c_val = _first_match(columns, DECIMAL_COMMA)
    thousands, t_col, t_row, t_val = _first_match(columns, THOUSANDS_ONLY)
    points, p_col, p_row, p_val = _first_match(columns, DECIMAL_POINT)
    points -= thousands  # DECIMAL_POINT also matches 4.000
    sep = SEPARATORS[separator]
    if commas and points:
        # a point that is not a thousands group, e.g. 12.5, beside 4000,50: which one is the decimal mark?
        for column, cells in columns:
            hit = (cells.str.fullmatch(DECIMAL_POINT.pattern).fillna(False)
                   & ~cells.str.fullmatch(THOUSANDS_ONLY.pattern).fillna(False)).to_numpy(bool)
            if hit.any():
                p_col, p_row, p_val = column, int(hit.argmax()) + 1, cells.iloc[int(hit.argmax())]
                break
        raise CsvFormatError(
            f"{file}: {sep}-separated, but the numbers mix a decimal comma ({c_val!r} in column {c_col!r}, "
            f"row {c_row}) and a decimal point ({p_val!r} in column {p_col!r}, row {p_row}): use one decimal mark")
    if commas:
        return ","
    if thousands and not points:
        raise CsvFormatError(
            f"{file}: {sep}-separated with numbers such as {t_val!r} (column {t_col!r}, row {t_row}) that could "
            "be a decimal point or a dot between thousands: write the numbers without thousands separators "
            "(4500 or 4500,00)")
    return "."


def _danish_to_plain(cells: pd.Series) -> pd.Series:
    """'4.000,50' -> '4000.50' for the cells that are Danish numbers; other cells unchanged."""
    danish = cells.str.fullmatch(DECIMAL_COMMA.pattern).fillna(False) | cells.str.fullmatch(
        THOUSANDS_ONLY.pattern).fillna(False)
    converted = cells.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    return cells.where(~danish, converted)


def _is_number_column(cells: pd.Series) -> bool:
    filled = cells[cells.str.strip() != ""]
    if filled.empty:
        return False
    number = (filled.str.fullmatch(DECIMAL_COMMA.pattern) | filled.str.fullmatch(THOUSANDS_ONLY.pattern)
              | filled.str.fullmatch(INTEGER.pattern))
    return bool(number.all())


def read_csv_table(path: Path, *, text_columns: Iterable[str] = (), number_columns: Iterable[str] = ()
                   ) -> tuple[pa.Table, CsvFormat]:
    """The CSV file as an Arrow table (types inferred as for a plain CSV; ``text_columns`` kept as text)
    and the format detected. Raises ``CsvFormatError`` for an ambiguous file, OSError / ArrowInvalid
    for an unreadable one."""
    import pandas as pd

    path = Path(path)
    file = str(path)
    data = path.read_bytes()
    text, encoding = decode(data, file)
    first_line = text.split("\n", 1)[0]
    crlf = first_line.endswith("\r")
    separator = detect_separator(first_line.rstrip("\r"), file)
    text_columns = list(text_columns)
    if encoding == "UTF-8" and separator == ",":  # the plain file: Arrow reads the bytes directly
        return _arrow_csv(data, text_columns), CsvFormat(encoding, separator, ".", crlf)
    # header=None: pandas would rename a duplicated column name ("a.1"), which the validator must see
    raw = pd.read_csv(io.StringIO(text), sep=separator, header=None, dtype=str, keep_default_na=False,
                      na_filter=False, engine="c")
    raw.columns = [str(c) for c in raw.iloc[0]]
    raw = raw.iloc[1:].reset_index(drop=True)
    decimal = "."
    if separator != ",":
        numeric = [c for c in number_columns if c in raw.columns] or [c for c in raw.columns if c not in text_columns]
        decimal = detect_decimal(raw, numeric, file, separator)
    if decimal == ",":
        known = set(number_columns)
        for k, column in enumerate(raw.columns):
            cells = raw.iloc[:, k].astype("string")
            if column in known or (column not in text_columns and _is_number_column(cells)):
                raw.isetitem(k, _danish_to_plain(cells).astype(object))
    plain = raw.to_csv(index=False, lineterminator="\n").encode("utf-8")
    return _arrow_csv(plain, text_columns), CsvFormat(encoding, separator, decimal, crlf)


def _arrow_csv(data: bytes, text_columns: list[str]) -> pa.Table:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    types = {name: pa.string() for name in text_columns}
    return pacsv.read_csv(pa.BufferReader(data), convert_options=pacsv.ConvertOptions(column_types=types))

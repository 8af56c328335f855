"""A partitioned Parquet population for the Dask engine: the files, their checks, households across files.

Each input file is one Dask partition. A file is checked with the same validator as a single-file run
(``validate_population_frame``), so errors name the file, the column and the 1-based data rows of that
file, and every violation of every file is reported at once. What a per-file check cannot see is
checked across files with a Dask shuffle of a few key columns, but only when the files' id ranges
overlap (a population written by ``taxben synth --partitions`` never needs it):

* a household whose adults are in more than one file (``split``): repartitioned by ``household_id``
  or rejected, never simulated per half; its household-level columns must agree and it may hold at
  most two adults, counting every file;
* a ``person_id`` that appears in more than one file.

The functions that run on workers live here (an importable module), not in ``__main__``.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from taxben.population.checks import Collector, check_columns, validate_population_frame
from taxben.population.errors import MAX_ROWS_SHOWN, Violation
from taxben.population.io import PARQUET_SUFFIXES, _read_table, population_parts
from taxben.population.schema import HOUSEHOLD_COLUMNS, MAX_ADULTS_PER_HOUSEHOLD, POPULATION_COLUMNS
from taxben.run.provenance import file_sha256
from taxben.safety.errors import UserError

FILE = "_taxben_file"  # index of the input file (name order)
ROW = "_taxben_row"  # 0-based data row inside that file
HELPER_COLUMNS = [FILE, ROW]
KEY_COLUMNS = ["household_id", "person_id", FILE, ROW, *HOUSEHOLD_COLUMNS]
SPLIT_RULE = "household split across input files"


def resolve_files(source: str | Path) -> list[Path]:
    """The Parquet files of a population: a directory (its ``*.parquet`` / ``*.pq`` files in name
    order, as ``read_population`` reads it), a glob pattern (matches in sorted order) or one file."""
    text = str(source)
    if any(ch in text for ch in "*?["):
        files = [Path(p) for p in sorted(glob.glob(text, recursive=True))]
        files = [p for p in files if p.is_file() and p.suffix.lower() in PARQUET_SUFFIXES]
        if not files:
            raise FileNotFoundError(f"no Parquet files match {text!r}")
    else:
        path = Path(source)
        if path.is_dir():
            try:  # refuses a folder holding anything but Parquet parts
                files = population_parts(path)
            except ValueError as error:
                raise UserError(f"{path}: {error}") from None
        elif path.is_file():
            if path.suffix.lower() not in PARQUET_SUFFIXES:
                raise ValueError(f"{path}: the dask engine reads Parquet (a file, a directory of part files or "
                                 "a glob); convert CSV with `taxben synth`-style Parquet or use --engine local")
            files = [path]
        else:
            raise FileNotFoundError(f"population not found: {path}")
    return [p.resolve() for p in files]


# --- on workers ---------------------------------------------------------------------------------------

def read_raw(path: str | Path) -> tuple[pd.DataFrame | None, list[Violation]]:
    """The file as read for a single-file run (no checks), or the 'cannot read' violation."""
    try:
        return _read_table(Path(path), POPULATION_COLUMNS), []
    except (OSError, ValueError, pa.ArrowException) as exc:
        return None, [Violation(str(path), "", f"cannot read file: {exc}")]


def _validated(raw: pd.DataFrame, path: str | Path, index: int) -> tuple[pd.DataFrame | None, list[Violation]]:
    """(canonical frame + FILE/ROW columns, []) or (None, violations) for a non-empty raw frame.

    The canonical frame is sorted stably by household_id, as ``read_population`` returns it; ROW keeps
    each adult's data row so adults of a household split across files can be put back in file order."""
    raw = raw.copy(deep=False)
    raw[ROW] = np.arange(len(raw), dtype=np.int64)
    frame, violations = validate_population_frame(raw, str(path))
    if frame is None:
        return None, violations
    frame[FILE] = np.full(len(frame), index, dtype=np.int64)
    return frame, []


def keys_meta() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c in HOUSEHOLD_COLUMNS else "int64") for c in KEY_COLUMNS})


def _keys(raw: pd.DataFrame, path: str | Path, index: int) -> pd.DataFrame:
    """The cross-file check columns, parsed by the validator's column rules; also from a file that
    broke other rules (rows whose ids are unusable are left out; an unusable household value is NaN),
    so that a run reports the cross-file violations together with the per-file ones."""
    specs = [s for s in POPULATION_COLUMNS if s.name in KEY_COLUMNS and s.name in raw.columns]
    parsed = check_columns(raw[[s.name for s in specs]], specs, Collector(str(path)))
    if "household_id" not in parsed or "person_id" not in parsed:
        return keys_meta()
    keep = parsed["household_id"].usable & parsed["person_id"].usable
    data = {"household_id": parsed["household_id"].values[keep].astype(np.int64),
            "person_id": parsed["person_id"].values[keep].astype(np.int64),
            FILE: np.full(int(keep.sum()), index, dtype=np.int64), ROW: np.flatnonzero(keep).astype(np.int64)}
    for name in HOUSEHOLD_COLUMNS:
        column = parsed.get(name)
        data[name] = (np.full(int(keep.sum()), np.nan) if column is None else
                      np.where(column.usable, column.values, np.nan).astype(np.float64)[keep])
    return pd.DataFrame(data)[KEY_COLUMNS]


@dataclass
class FileCheck:
    """What the first pass learns about one input file."""

    index: int
    path: str
    n_rows: int = 0
    violations: list[Violation] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    sha256: str = ""
    household_range: tuple[int, int] | None = None
    person_range: tuple[int, int] | None = None
    meta: pd.DataFrame | None = None  # empty canonical frame (the partition dtypes)


def check_file(path: str, index: int) -> FileCheck:
    """Read and validate one file (on a worker). An empty file is valid here: a part file in which no
    household begins (``taxben synth --partitions``) holds no rows."""
    raw, violations = read_raw(path)
    check = FileCheck(index, str(path), violations=violations)
    try:
        check.sha256 = file_sha256(Path(path))
    except OSError:
        pass
    if raw is None or len(raw) == 0:
        return check
    check.columns = tuple(str(c) for c in raw.columns)
    frame, check.violations = _validated(raw, path, index)
    if frame is not None:
        check.n_rows = len(frame)
        check.meta = frame.iloc[:0].copy()
        hh, pid = frame["household_id"].to_numpy(), frame["person_id"].to_numpy()
    else:  # still learn the id ranges, for the cross-file checks
        keys = _keys(raw, path, index)
        hh, pid = keys["household_id"].to_numpy(), keys["person_id"].to_numpy()
    if hh.size:
        check.household_range = (int(hh.min()), int(hh.max()))
        check.person_range = (int(pid.min()), int(pid.max()))
    return check


def load_partition(path: str, index: int) -> pd.DataFrame:
    """One Dask partition: the canonical frame of a file that passed the first pass."""
    from taxben.population.errors import PopulationError

    raw, violations = read_raw(path)
    if raw is None or len(raw) == 0:
        raise ValueError(f"{path}: no data rows (the file changed after it was checked)")
    frame, violations = _validated(raw, path, index)
    if frame is None:  # changed since it was checked
        raise PopulationError(violations)
    return frame


def load_keys(path: str, index: int) -> pd.DataFrame:
    """The columns the cross-file checks need (one Dask partition)."""
    raw, _ = read_raw(path)
    if raw is None or len(raw) == 0:
        return keys_meta()
    return _keys(raw, path, index)


FINDING_COLUMNS = {"file": "int64", "column": "str", "rule": "str", "kind": "str", "count": "int64",
                   "households": "int64", "rows": "str", "example": "str"}


def findings_meta() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in FINDING_COLUMNS.items()})


def _findings(rows: pd.DataFrame, id_column: str, column: str, rule: str, kind: str, example) -> list[dict]:
    """One finding per input file: count, distinct ids, first rows (1-based) and ``example(label)`` of
    its first row."""
    out = []
    for file, part in rows.groupby(FILE, sort=True):
        first = np.sort(part[ROW].to_numpy())[:MAX_ROWS_SHOWN] + 1
        out.append({"file": int(file), "column": column, "rule": rule, "kind": kind, "count": len(part),
                    "households": int(part[id_column].nunique()), "rows": ",".join(map(str, first)),
                    "example": example(part.index[0])})
    return out


def household_findings(keys: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Households present in more than one file (a partition shuffled by household_id, so each
    household is whole here) and the household rules broken once its files are put together.
    ``names``: the input file names, for the examples."""
    if keys.empty:
        return findings_meta()
    keys = keys.sort_values(["household_id", FILE, ROW], kind="stable").reset_index(drop=True)
    split = keys[keys.groupby("household_id", sort=False)[FILE].transform("nunique").to_numpy() > 1]
    if split.empty:
        return findings_meta()
    by_household = split.groupby("household_id", sort=False)
    hh = split["household_id"]

    def files_of(label) -> str:
        files = sorted(set(split.loc[hh == hh[label], FILE]))
        return f"household {hh[label]} is in {', '.join(names[f] for f in files)}"

    found = _findings(split, "household_id", "household_id", SPLIT_RULE, "split", files_of)
    sizes = by_household["person_id"].transform("size")
    crowded = split[sizes.to_numpy() > MAX_ADULTS_PER_HOUSEHOLD]
    if not crowded.empty:
        found += _findings(crowded, "household_id", "household_id",
                           f"more than {MAX_ADULTS_PER_HOUSEHOLD} adults in a household (counting every input file)",
                           "violation", lambda label: f"household {hh[label]} has {sizes[label]} adults")
    for name in HOUSEHOLD_COLUMNS:
        low, high = by_household[name].transform("min"), by_household[name].transform("max")
        low_v, high_v = low.to_numpy(float), high.to_numpy(float)
        differs = ~np.isnan(low_v) & ~np.isclose(low_v, high_v, rtol=1e-9, atol=0)
        if differs.any():
            found += _findings(split[differs], "household_id", name,
                               "household-level value differs between the adults of a household (across files)",
                               "violation", lambda label: f"household {hh[label]}: {low[label]:g} vs {high[label]:g}")
    # one total per partition: every split household is whole in this partition, so these add up
    found.append({"file": -1, "column": "", "rule": SPLIT_RULE, "kind": "split_total", "count": len(split),
                  "households": int(hh.nunique()), "rows": "", "example": ""})
    return pd.DataFrame(found).astype(FINDING_COLUMNS)


def person_findings(keys: pd.DataFrame) -> pd.DataFrame:
    """person_ids present in more than one file (a partition shuffled by person_id)."""
    if keys.empty:
        return findings_meta()
    keys = keys.reset_index(drop=True)  # labels repeat after a shuffle
    dup = keys[keys.groupby("person_id")[FILE].transform("nunique").to_numpy() > 1]
    if dup.empty:
        return findings_meta()
    found = _findings(dup, "person_id", "person_id", "duplicate person_id (the same id in another input file)",
                      "violation", lambda label: str(dup.loc[label, "person_id"]))
    return pd.DataFrame(found).astype(FINDING_COLUMNS)


# --- on the client ------------------------------------------------------------------------------------

def ranges_overlap(ranges: list[tuple[int, int]]) -> bool:
    """True when two files' [min, max] id ranges overlap (an id may then be in both)."""
    ordered = sorted(ranges)
    return any(lo <= prev_hi for (_, prev_hi), (lo, _) in zip(ordered[:-1], ordered[1:]))


def column_violations(checks: list[FileCheck]) -> list[Violation]:
    """Every file must have the columns of the first readable one (a single-file run concatenates them)."""
    readable = [c for c in checks if c.columns]
    if not readable:
        return []
    first = readable[0]
    out = []
    for check in readable[1:]:
        missing = [c for c in first.columns if c not in check.columns]
        extra = [c for c in check.columns if c not in first.columns]
        if missing or extra:
            text = "columns differ from " + Path(first.path).name
            text += f"; missing: {', '.join(missing)}" if missing else ""
            text += f"; extra: {', '.join(extra)}" if extra else ""
            out.append(Violation(check.path, "", text))
    return out


@dataclass
class CrossFile:
    """Result of the cross-file checks."""

    violations: list[Violation]
    split: list[Violation]  # one per file holding part of a split household
    split_households: int = 0
    split_adults: int = 0


def summarise_findings(findings: pd.DataFrame, paths: list[str]) -> CrossFile:
    """Merge per-partition findings into Violations (first rows, total count) per file and rule."""
    result = CrossFile([], [])
    if findings.empty:
        return result
    totals = findings[findings["kind"] == "split_total"]
    result.split_households = int(totals["households"].sum())
    result.split_adults = int(totals["count"].sum())
    rest = findings[findings["kind"] != "split_total"]
    for (file, column, rule, kind), part in rest.groupby(["file", "column", "rule", "kind"], sort=True):
        rows = sorted({int(r) for text in part["rows"] for r in text.split(",") if r})[:MAX_ROWS_SHOWN]
        violation = Violation(paths[int(file)], str(column), str(rule), tuple(rows), int(part["count"].sum()),
                              str(part["example"].iloc[0]))
        (result.split if kind == "split" else result.violations).append(violation)
    return result

"""Reading and validating population files and hours schedules (Parquet or CSV, by extension).

A population may also be a directory of Parquet part files (as written by ``taxben synth
--partitions``); the parts are read in name order and their rows numbered as one table.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from taxben.population.checks import validate_population_frame, validate_schedule_frame
from taxben.population.errors import PopulationError, Violation
from taxben.population.schema import POPULATION_COLUMNS, SCHEDULE_COLUMNS
from taxben.safety.csvread import read_csv_table

PARQUET_SUFFIXES = (".parquet", ".pq")
CSV_SUFFIXES = (".csv",)


def _text_columns(specs) -> list[str]:
    return [c.name for c in specs if c.kind in ("category", "month")]


def _number_columns(specs) -> list[str]:
    return [c.name for c in specs if c.kind in ("int", "float")]


def population_parts(path: Path) -> list[Path]:
    """The Parquet part files of a population directory, in name order. Anything else in the directory
    (a CSV beside the parts, a README, a sub-folder) is refused by name: reading only the parts would
    silently leave it out, and skipping it silently could leave people out of the totals."""
    entries = sorted(path.iterdir())
    parts = [p for p in entries if p.is_file() and p.suffix.lower() in PARQUET_SUFFIXES]
    extra = [p.name + ("/" if p.is_dir() else "") for p in entries if p not in parts]
    if extra:
        shown = ", ".join(extra[:10]) + (f" (+{len(extra) - 10} more)" if len(extra) > 10 else "")
        raise ValueError(f"the population folder holds files that are not Parquet parts: {shown}; "
                         "move them out (a folder population is read as all of its .parquet files)")
    if not parts:
        raise FileNotFoundError(f"{path}: directory holds no .parquet files")
    return parts


def _read_table(path: Path, specs) -> pd.DataFrame:
    """The file as a raw frame (no checks); OSError / pyarrow errors / ValueError on failure. A CSV file's
    detected format (``taxben.safety.csvread.CsvFormat``) is in ``frame.attrs["csv_format"]``."""
    csv_format = None
    if path.is_dir():
        table = pa.concat_tables([pq.read_table(p) for p in population_parts(path)])
    elif path.suffix.lower() in PARQUET_SUFFIXES:
        table = pq.read_table(path)
    elif path.suffix.lower() in CSV_SUFFIXES:
        table, csv_format = read_csv_table(path, text_columns=_text_columns(specs),
                                           number_columns=_number_columns(specs))
    else:
        raise ValueError(f"unknown file type {path.suffix!r}: use .parquet or .csv")
    frame = table.to_pandas()
    if not isinstance(frame.index, pd.RangeIndex):  # a pandas index stored in the Parquet metadata
        frame = frame.reset_index()
    if csv_format is not None and not csv_format.plain:
        frame.attrs["csv_format"] = csv_format
    return frame


def _load(path: Path, specs) -> tuple[pd.DataFrame | None, list[Violation]]:
    try:
        return _read_table(Path(path), specs), []
    except FileNotFoundError:
        relative = "" if Path(path).is_absolute() else f" (a relative name is read from {Path.cwd()})"
        return None, [Violation(str(path), "", f"no such file: check its name and folder{relative}")]
    except PermissionError:
        return None, [Violation(str(path), "", "taxben may not read this file: check its permissions")]
    except (OSError, ValueError, pa.ArrowException) as exc:
        reason = (getattr(exc, "message", None) or str(exc) or type(exc).__name__).removeprefix(f"{path}: ")
        return None, [Violation(str(path), "", f"cannot read file: {reason}")]


def check_population_file(path: str | Path) -> tuple[pd.DataFrame | None, list[Violation]]:
    """(canonical frame, []) for a valid file, else (None, every violation)."""
    raw, violations = _load(Path(path), POPULATION_COLUMNS)
    if raw is None:
        return None, violations
    frame, violations = validate_population_frame(raw, str(path))
    if frame is not None and "csv_format" in raw.attrs:
        frame.attrs["csv_format"] = raw.attrs["csv_format"]
    return frame, violations


def validate_file(path: str | Path) -> list[Violation]:
    """Every violation in a population file (empty list: the file is valid). Never raises for bad data."""
    return check_population_file(path)[1]


def read_population(path: str | Path) -> pd.DataFrame:
    """Read and validate a population file; raise PopulationError listing every violation.

    Returns the canonical frame: the SPEC §3 columns in spec order with canonical dtypes
    (see ``taxben.population.schema``), optional columns filled with their defaults, then any
    pass-through columns; rows sorted stably by ``household_id`` (adults of a household adjacent).
    """
    frame, violations = check_population_file(path)
    if violations:
        raise PopulationError(violations)
    return frame


def validate_population(df: pd.DataFrame, source: str = "<data frame>") -> pd.DataFrame:
    """Validate an in-memory population frame; same result and errors as ``read_population``."""
    frame, violations = validate_population_frame(df, source)
    if violations:
        raise PopulationError(violations)
    return frame


def read_hours_schedule(path: str | Path, population: pd.DataFrame) -> pd.DataFrame:
    """Read and validate an hours schedule (person_id, month YYYY-MM, hours_per_week).

    Returns person_id int64, month str, hours_per_week float64 (plus pass-through columns), sorted by
    person_id then month; raises PopulationError on any violation, including unknown person_ids.
    """
    raw, violations = _load(Path(path), SCHEDULE_COLUMNS)
    if raw is not None:
        ids = np.asarray(population["person_id"], dtype=np.int64)
        frame, violations = validate_schedule_frame(raw, ids, str(path))
    if violations:
        raise PopulationError(violations)
    return frame

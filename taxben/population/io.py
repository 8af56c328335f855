"""Reading and validating population files and hours schedules (Parquet or CSV, by extension).

A population may also be a directory of Parquet part files (as written by ``taxben synth
--partitions``); the parts are read in name order and their rows numbered as one table.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from taxben.population.checks import validate_population_frame, validate_schedule_frame
from taxben.population.errors import PopulationError, Violation
from taxben.population.schema import POPULATION_COLUMNS, SCHEDULE_COLUMNS

PARQUET_SUFFIXES = (".parquet", ".pq")
CSV_SUFFIXES = (".csv",)


def _text_columns(specs) -> list[str]:
    return [c.name for c in specs if c.kind in ("category", "month")]


def _read_table(path: Path, specs) -> pd.DataFrame:
    """The file as a raw frame (no checks); OSError / pyarrow errors / ValueError on failure."""
    if path.is_dir():
        parts = sorted(p for p in path.iterdir() if p.suffix.lower() in PARQUET_SUFFIXES)
        if not parts:
            raise ValueError("directory holds no .parquet files")
        table = pa.concat_tables([pq.read_table(p) for p in parts])
    elif path.suffix.lower() in PARQUET_SUFFIXES:
        table = pq.read_table(path)
    elif path.suffix.lower() in CSV_SUFFIXES:
        types = {name: pa.string() for name in _text_columns(specs)}
        table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types))
        if table.num_columns == 1 and ";" in table.column_names[0]:
            raise ValueError("the columns look separated by ';': save the CSV with ',' between columns "
                             "and '.' as the decimal point")
    else:
        raise ValueError(f"unknown file type {path.suffix!r}: use .parquet or .csv")
    frame = table.to_pandas()
    if not isinstance(frame.index, pd.RangeIndex):  # a pandas index stored in the Parquet metadata
        frame = frame.reset_index()
    return frame


def _load(path: Path, specs) -> tuple[pd.DataFrame | None, list[Violation]]:
    try:
        return _read_table(Path(path), specs), []
    except (OSError, ValueError, pa.ArrowException) as exc:
        return None, [Violation(str(path), "", f"cannot read file: {exc}")]


def check_population_file(path: str | Path) -> tuple[pd.DataFrame | None, list[Violation]]:
    """(canonical frame, []) for a valid file, else (None, every violation)."""
    raw, violations = _load(Path(path), POPULATION_COLUMNS)
    if raw is None:
        return None, violations
    return validate_population_frame(raw, str(path))


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

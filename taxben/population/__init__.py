"""Population files (SPEC §3): schema, validation, reading, and the synthetic population.

Public API::

    read_population(path) -> DataFrame          # Parquet / CSV (also Danish Excel) / folder of Parquet parts
    validate_population(df, source) -> DataFrame
    validate_file(path) -> list[Violation]       # [] when valid
    read_hours_schedule(path, population) -> DataFrame
    synthesize(year, n, seed) -> DataFrame
    write_synthetic(year, n, seed, out, partitions=1, chunk_size=..., progress=None, overwrite=False) -> Path
                                                 # .parquet/.pq or .csv by extension; safe target
    default_population() -> DataFrame

The names are imported when first used (PEP 562): ``taxben.population.schema``, which the single-household
calculator and the option checks read, then does not pull in pandas and pyarrow.
"""

from __future__ import annotations

import importlib

_HOME = {
    "PopulationError": "errors", "Violation": "errors",
    "read_hours_schedule": "io", "read_population": "io", "validate_file": "io", "validate_population": "io",
    "POPULATION_COLUMNS": "schema", "SCHEDULE_COLUMNS": "schema", "ColumnSpec": "schema",
    "default_population": "synth", "synthesize": "synth",
    "write_synthetic": "write",
}

__all__ = sorted(_HOME)


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})

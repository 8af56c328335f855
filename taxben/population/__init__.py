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
"""

from taxben.population.errors import PopulationError, Violation
from taxben.population.io import read_hours_schedule, read_population, validate_file, validate_population
from taxben.population.schema import POPULATION_COLUMNS, SCHEDULE_COLUMNS, ColumnSpec
from taxben.population.synth import default_population, synthesize
from taxben.population.write import write_synthetic

__all__ = [
    "POPULATION_COLUMNS",
    "SCHEDULE_COLUMNS",
    "ColumnSpec",
    "PopulationError",
    "Violation",
    "default_population",
    "read_hours_schedule",
    "read_population",
    "synthesize",
    "validate_file",
    "validate_population",
    "write_synthetic",
]

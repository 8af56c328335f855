"""Population files (SPEC §3): schema, validation, reading, and the synthetic population.

Public API::

    read_population(path) -> DataFrame          # Parquet / CSV / directory of Parquet parts
    validate_population(df, source) -> DataFrame
    validate_file(path) -> list[Violation]       # [] when valid
    read_hours_schedule(path, population) -> DataFrame
"""

from taxben.population.errors import PopulationError, Violation
from taxben.population.io import read_hours_schedule, read_population, validate_file, validate_population
from taxben.population.schema import POPULATION_COLUMNS, SCHEDULE_COLUMNS, ColumnSpec

__all__ = [
    "POPULATION_COLUMNS",
    "SCHEDULE_COLUMNS",
    "ColumnSpec",
    "PopulationError",
    "Violation",
    "read_hours_schedule",
    "read_population",
    "validate_file",
    "validate_population",
]

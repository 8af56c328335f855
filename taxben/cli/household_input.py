"""``taxben household --file``: a household from a file, in either of two forms.

* **Population columns** (as in a population file, docs/population.md): one row per adult, one or two
  rows, as CSV (also Danish Excel CSV) or as a YAML/JSON list of rows (one row may also be a single
  mapping). ``person_id``, ``household_id`` and ``weight`` may be left out; any other column left out
  takes the default the command states. The rows are checked by the population validator, so the
  messages name the column and the row.
* **Nested** (YAML/JSON): ``{adults: [{age: 35, hourly_wage: 110, ...}], n_children: 1, rent_monthly: 5000}``.

Every problem ends in ``UserError`` / ``PopulationError`` (exit 2), never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import ValidationError

from taxben.kernels.fields import CHILD_AGE_BANDS
from taxben.population.schema import POPULATION_COLUMNS
from taxben.safety.errors import UserError, plain_validation_errors

if TYPE_CHECKING:  # pandas is imported for the population-column form only
    import pandas as pd

HOUSEHOLD_FIELDS = ("adults", "n_children", "rent_monthly")
IDENTITY = {"person_id": None, "household_id": 1, "weight": 1.0}
SUFFIXES = (".yaml", ".yml", ".json", ".csv")


def known_fields() -> dict[str, list[str]]:
    from taxben.calc import Adult, Household

    return {"adult": list(Adult.model_fields), "household": list(Household.model_fields)}


def validate_household(spec: dict, where: str):
    """``calc.Household`` from the nested form; every problem in plain words."""
    from taxben.calc import Household

    try:
        return Household.model_validate(spec)
    except ValidationError as error:
        problems = plain_validation_errors(error, known_fields())
        raise UserError(f"{where}: {len(problems)} problem(s) in the household:", problems) from None


def _defaults() -> dict:
    """The value a column takes when a household file leaves it out (the calculator's defaults)."""
    from taxben.calc import Adult, Household

    values = {name: field.default for name, field in Adult.model_fields.items()}
    values.update(n_children=Household.model_fields["n_children"].default,
                  rent_monthly=Household.model_fields["rent_monthly"].default)
    values["rate_category"] = ""
    return values


def household_from_rows(frame: pd.DataFrame, where: str) -> tuple[object, list[str]]:
    """(``calc.Household``, notes) from one or two rows of population columns."""
    import pandas as pd

    from taxben.calc import Adult, Household
    from taxben.population.checks import validate_population_frame
    from taxben.population.errors import PopulationError

    if not 1 <= len(frame) <= 2:
        raise UserError(f"{where}: holds {len(frame)} row(s); a household is one or two adults (one row each)")
    known = {spec.name for spec in POPULATION_COLUMNS}
    unknown = [str(c) for c in frame.columns if c not in known]
    if unknown:
        raise UserError(f"{where}: unknown column(s) {', '.join(unknown)}; the columns are those of a population "
                        f"file: {', '.join(sorted(known))}")
    frame = frame.copy()
    notes = []
    for name, value in IDENTITY.items():
        if name not in frame:
            frame[name] = range(1, len(frame) + 1) if name == "person_id" else value
    if frame["household_id"].astype(str).nunique() > 1:
        raise UserError(f"{where}: the rows have different household_id values; give the adults of one household")
    defaults = _defaults()
    absent = [name for name in defaults if name not in frame and name in known]
    for name in absent:
        frame[name] = defaults[name]
    if absent:
        notes.append(f"{where}: not in the file, taken as default: "
                     + ", ".join(f"{name} = {defaults[name]!r}" for name in absent))
    frame["match_group"] = frame["match_group"].astype(object).where(frame["match_group"].notna(), "")
    canonical, violations = validate_population_frame(frame.reset_index(drop=True), where)
    if violations:
        raise PopulationError(violations)
    adults = []
    for _, row in canonical.iterrows():
        group = row["match_group"]
        adults.append(Adult(
            age=int(row["age"]), receives_kontanthjaelp=bool(row["receives_kontanthjaelp"]),
            match_group=None if pd.isna(group) else int(group), hourly_wage=float(row["hourly_wage"]),
            hours_per_week=float(row["hours_per_week"]), lives_with_parents=bool(row["lives_with_parents"]),
            months_on_benefit=int(row["months_on_benefit"]), other_income_monthly=float(row["other_income_monthly"]),
            ceiling_months_used=int(row["ceiling_months_used"]), extension_granted=bool(row["extension_granted"]),
            rate_category=row["rate_category"] or None))
    first = canonical.iloc[0]
    bands = {band: int(first[band]) for band in CHILD_AGE_BANDS if band in canonical and pd.notna(first[band])}
    household = Household(adults=adults, n_children=int(first["n_children"]), rent_monthly=float(first["rent_monthly"]),
                          **bands)
    return household, notes


def read_household_file(path: Path) -> tuple[object, list[str]]:
    """(``calc.Household``, notes) from ``--file``; see the module docstring for the forms."""
    from taxben.safety.csvread import decode, read_csv_table

    where = f"--file {path}"
    if not path.exists():
        raise UserError(f"{where}: no such file")
    if not path.is_file():
        raise UserError(f"{where}: not a file")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(f"{where}: use a .yaml, .yml, .json or .csv file")
    if suffix == ".csv":
        specs = POPULATION_COLUMNS
        try:
            table, _ = read_csv_table(path, text_columns=[s.name for s in specs if s.kind == "category"],
                                      number_columns=[s.name for s in specs if s.kind in ("int", "float")])
        except UserError:
            raise
        except Exception as error:  # noqa: BLE001 - pyarrow and pandas raise many kinds for a broken CSV
            raise UserError(f"{where}: cannot read the CSV: {error}") from None
        return household_from_rows(table.to_pandas(), where)
    try:
        text, _ = decode(path.read_bytes(), str(path))
        data = yaml.safe_load(text)
    except OSError as error:
        raise UserError(f"{where}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise UserError(f"{where}: not valid YAML/JSON{at}: {getattr(error, 'problem', None) or error}") from None
    example = "e.g. 'adults: [{age: 35, hourly_wage: 110, hours_per_week: 15}]' or a list of population rows"
    if data is None or data == [] or data == {}:
        raise UserError(f"{where}: the file holds no household; {example}")
    if isinstance(data, list):
        if not all(isinstance(row, dict) for row in data):
            raise UserError(f"{where}: a list must hold one mapping (column: value) per adult; {example}")
        import pandas as pd

        return household_from_rows(pd.DataFrame(data), where)
    if not isinstance(data, dict):
        raise UserError(f"{where}: expected a household, got {type(data).__name__} {data!r:.40}; {example}")
    if set(data) <= set(HOUSEHOLD_FIELDS):
        return validate_household(data, where), []
    import pandas as pd

    return household_from_rows(pd.DataFrame([data]), where)  # one adult written as one mapping of columns

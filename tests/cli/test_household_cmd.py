"""``taxben household``: one household from options or a file, month table and 0-40 hour sweep."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from taxben.cli.main import app


def test_case_a_from_options_shows_the_supplement_and_the_sweep():
    # EXAMPLES case A (2005): single 35, 110 DKK/h; at 10 h D = 6,823 and the supplement is 1,072
    result = CliRunner().invoke(app, ["household", "--hours", "10", "--months", "2", "--start", "2005-01"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "6,823" in result.output  # baseline disposable income
    assert "1,072" in result.output  # ceiling supplement
    assert "7,895" in result.output  # 6,823 + 1,072 under the ceiling
    assert "Budget constraint" in result.output and "40" in result.output


def test_household_from_a_yaml_file_of_population_rows(tmp_path):
    # EXAMPLES case D (2005): single 22 living with parents, 90 DKK/h, 10 h: D = 3,429, supplement 409
    rows = [{"person_id": 1, "household_id": 1, "weight": 1.0, "age": 22, "lives_with_parents": True,
             "receives_kontanthjaelp": True, "match_group": 5, "hourly_wage": 90, "hours_per_week": 10,
             "n_children": 0, "rent_monthly": 0}]
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(rows))
    result = CliRunner().invoke(app, ["household", "--file", str(path), "--months", "1"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "3,429" in result.output and "409" in result.output


def test_invalid_household_is_explained_not_a_traceback():
    result = CliRunner().invoke(app, ["household", "--age", "12"])
    assert result.exit_code == 2
    assert "age must be between 18 and 120" in result.output
    assert "Traceback" not in result.output

"""Every column taxben writes is explained in docs/outputs.md, and money columns carry their unit.

The story: an analyst opens person_months.parquet or summary.csv and looks a column up in the docs. A
column added to the engine or the summary without a line in docs/outputs.md, or an amount without its
period (``_m`` per month, ``_dkk_m`` / ``_dkk_y`` in the summary), fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from taxben.kernels import fields as F
from taxben.run.person_months import ID_COLUMNS
from taxben.run.summary import DIMENSIONS, METRICS

DOC = Path(__file__).resolve().parents[2] / "docs" / "outputs.md"
DOCUMENTED = set(re.findall(r"`([a-z_0-9]+)`", DOC.read_text(encoding="utf-8")))
# amounts in DKK: the person-month columns that are money (rates, counts, flags and hours are not)
NOT_MONEY = {"hours_per_week", "benefit_capped", "months_on_help", "ceiling_eligible", "couple_both_eligible",
             "ceiling_clock", "emtr", "ptr", *F.EMTR_PARTS}


@pytest.mark.parametrize("column", [*ID_COLUMNS, *F.OUT_COLUMNS])
def test_person_month_column_is_documented(column):
    assert column in DOCUMENTED, f"docs/outputs.md does not explain person_months column {column!r}"


@pytest.mark.parametrize("column", [*METRICS, "fiscal_cost_dkk_y", "winners", *DIMENSIONS[1:]])
def test_summary_column_is_documented(column):
    if column in DIMENSIONS:  # dimensions are named in the text
        assert column in DOC.read_text(encoding="utf-8")
        return
    assert column in DOCUMENTED, f"docs/outputs.md does not explain summary column {column!r}"


def test_money_columns_say_their_period():
    money = [c for c in F.OUT_COLUMNS if c not in NOT_MONEY]
    assert money, "the engine writes amounts"
    assert [c for c in money if not c.endswith("_m")] == []
    summary_money = [m for m in METRICS if m.startswith(("mean_gain", "mean_disposable", "supplement"))]
    assert summary_money and [m for m in summary_money if not m.endswith(("_dkk_m", "_dkk_y"))] == []

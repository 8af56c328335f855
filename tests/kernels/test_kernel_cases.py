"""Every kernel against hand-worked cases: ``tests/kernels/cases/<kernel>.yaml``.

Each file names a kernel, the rule it implements and, when the kernel reads a parameter record, which
argument gets it and of which rule area. Each case gives the parameters by dotted name (as in the rule
files; file-wide ``defaults`` apply to every case), the other arguments by name, the expected value, a
tolerance and the source of the expected value (a cited table, a worked example, a derivation). A
parameter a case does not give is NaN in the record, so a kernel that reads more than the case says
fails loudly. The kernels are called directly, as compiled: no engine, no rule files.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest
import yaml

from taxben.kernels import fields as F
from taxben.params.layout import AREA_DTYPES, CEILING_DTYPE
from taxben.rules.schema import ENUMS, MAX_SCHEDULE_ROWS, SCHEDULES, field_of, schedule_count_field

CASES_DIR = Path(__file__).with_name("cases")
SCHEDULE_SPECS = {spec.name: spec for spec in SCHEDULES}
RECORD_DTYPES = {"ceiling": CEILING_DTYPE, "person": F.PERSON_DTYPE}


def area_record(area: str, parameters: dict) -> np.void:
    """A record of rule area ``area`` with the given parameters (dotted names) and NaN elsewhere."""
    array = np.zeros(1, dtype=AREA_DTYPES[area])
    array.view(np.float64)[:] = np.nan
    record = array[0]
    for name, value in parameters.items():
        if name.split(".", 1)[0] != area:
            raise ValueError(f"{name} is not a parameter of the {area} area")
        if name in SCHEDULE_SPECS:
            spec = SCHEDULE_SPECS[name]
            rows = sorted(value)
            record[schedule_count_field(spec)] = len(rows)
            record[spec.threshold_field][:] = np.inf
            record[spec.value_field][:] = 0.0
            assert len(rows) <= MAX_SCHEDULE_ROWS
            for k, (threshold, amount) in enumerate(rows):
                record[spec.threshold_field][k] = threshold
                record[spec.value_field][k] = amount
        elif name in ENUMS:
            record[field_of(name)] = ENUMS[name][value]
        else:
            record[field_of(name)] = float(value)
    return record


def plain_record(dtype: np.dtype, fields: dict) -> np.void:
    array = np.zeros(1, dtype=dtype)
    for name, value in fields.items():
        array[0][name] = value
    return array[0]


def load_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            yield pytest.param(spec, case, id=f"{path.stem}: {case['name']}")


def test_every_kernel_has_cases():
    """Each rule kernel a household budget is built from has its file of cases."""
    have = {path.stem for path in CASES_DIR.glob("*.yaml")}
    rule_kernels = {
        "gross_earnings_m", "hours_per_month", "am_bidrag_m", "atp_employee_m", "atp_on_help_m",
        "kontanthjaelp_category", "kontanthjaelp_rate_m", "saerligt_ungetillaeg_m", "monthly_disregard_m",
        "income_limit_m", "earnings_deduction_m", "income_limit_deduction_m", "couple_help_m",
        "carried_deduction_m", "married_reduction_applies", "employment_allowance_y", "job_allowance_y",
        "single_parent_allowance_y", "state_bracket_tax_y", "income_tax_y", "boligsikring_y", "boligstoetteloft_m",
        "saerlig_stoette_m", "benefit_cap_m", "benefit_cap_reduction_m", "boerne_og_ungeydelse_y",
        "boerne_og_ungeydelse_taper_y", "boernetilskud_y", "fritidstillaeg_amount_m", "fritidstillaeg_m",
        "ceiling_available", "ceiling_clock_after",
    }
    assert rule_kernels <= have, sorted(rule_kernels - have)


@pytest.mark.parametrize("spec, case", list(load_cases()))
def test_kernel_case(spec, case):
    module_name, function_name = spec["kernel"].rsplit(".", 1)
    kernel = getattr(importlib.import_module(module_name), function_name)
    arguments = {}
    for name, value in case.get("inputs", {}).items():
        arguments[name] = plain_record(RECORD_DTYPES[name], value) if isinstance(value, dict) else value
    record = spec.get("record")
    if record is not None:
        parameters = {**spec.get("defaults", {}), **case.get("parameters", {})}
        if "area" in record:
            arguments[record["argument"]] = area_record(record["area"], parameters)
        else:
            arguments[record["argument"]] = plain_record(RECORD_DTYPES[record["dtype"]], parameters)
    got = kernel(**arguments)
    expected = case["expected"]
    if isinstance(expected, list):
        assert len(got) == len(expected)
        for g, e in zip(got, expected):
            assert g == pytest.approx(e, abs=case.get("tolerance", 0))
    elif isinstance(expected, bool):
        assert bool(got) is expected
    else:
        assert got == pytest.approx(expected, abs=case.get("tolerance", 0)), case["source"]

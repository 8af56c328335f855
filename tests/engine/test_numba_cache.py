"""Numba compiles once, and never runs a stale kernel.

* A second process loads the kernels from the on-disk cache (``cache=True``).
* A changed kernel in one file, or a changed record layout, is what the next process computes with,
  although the driver that calls it (another file, unchanged) is cached: ``taxben.kernels.cache`` clears
  the cache when any compiled source changes. Shown on a copy of the package, with a kernel made to
  charge twice the AM-bidrag and the rule schema reordered.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Anna, single, 35, on help in match group 4, works 10 h at 110 DKK/h under the 2005 rules:
# E = 110 × 10 × 52 / 12 = 4,766.67 DKK and AM-bidrag 8 % of it = 381.33 DKK (EXAMPLES case A).
RUN_ANNA = """
import json
from taxben import calc
t = calc.household({"adults": [{"age": 35, "hourly_wage": 110, "hours_per_week": 10, "match_group": 4}]},
                   start="2005-01", months=1, scenario="ceiling70_mg45")
row = t[t.scenario == "baseline"].iloc[0]
print(json.dumps({"am": row.am_bidrag_m, "tax": row.income_tax_m, "d": row.household_disposable_income_m}))
"""


def run_process(code: str, root: Path, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root), **(env_extra or {})}
    env.pop("TAXBEN_RULES_DIR", None)
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True,
                          check=True)


def anna(root: Path) -> dict:
    return json.loads(run_process(RUN_ANNA, root).stdout.strip().splitlines()[-1])


def test_second_process_loads_the_engine_from_cache():
    run_process(RUN_ANNA, REPO)  # compiles (or loads) and leaves the cache populated
    second = run_process(RUN_ANNA, REPO, {"NUMBA_DEBUG_CACHE": "1"})
    output = second.stdout + second.stderr
    assert "data loaded" in output
    assert "data saved" not in output, "the second process recompiled a kernel"


@pytest.fixture()
def package_copy(tmp_path) -> Path:
    """taxben, its rules and scenarios copied to a fresh directory (its own numba cache)."""
    for name in ("taxben", "rules", "scenarios"):
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_edited_kernel_and_layout_are_what_the_next_process_computes_with(package_copy):
    before = anna(package_copy)  # compiles and caches every kernel of the copy
    assert before["am"] == pytest.approx(381.33, abs=0.01)

    # a callee in another file than the (unchanged, cached) driver: AM-bidrag charged twice
    contributions = package_copy / "taxben" / "kernels" / "contributions.py"
    source = contributions.read_text(encoding="utf-8")
    assert "return earnings_m * tax.am_rate\n" in source
    contributions.write_text(source.replace("return earnings_m * tax.am_rate\n",
                                            "return earnings_m * tax.am_rate * 2.0\n"), encoding="utf-8")
    # and a new record layout: two tax parameters swap places in the schema
    schema = package_copy / "taxben" / "rules" / "schema.py"
    text = schema.read_text(encoding="utf-8")
    first, second = '    ("tax.am_rate", "number"),\n', '    ("tax.personfradrag_y", "number"),\n'
    assert first + second in text
    schema.write_text(text.replace(first + second, second + first), encoding="utf-8")

    after = anna(package_copy)
    assert after["am"] == pytest.approx(2 * 381.33, abs=0.02)  # the edited kernel ran
    # the rest of Anna's budget reads the right fields in the new layout: at 10 h she is still on help,
    # which in 2005 takes back earnings after AM-bidrag krone for krone, so what the extra AM-bidrag takes
    # the help gives back: tax and disposable income are EXAMPLES case A's (2,274 and 6,823)
    assert after["tax"] == pytest.approx(2274, abs=1) and after["d"] == pytest.approx(6823, abs=1)

    # undo the kernel edit only: the layout stays new, the numbers return to EXAMPLES case A
    contributions.write_text(source, encoding="utf-8")
    restored = anna(package_copy)
    assert restored["am"] == pytest.approx(before["am"], abs=1e-9)
    assert restored["d"] == pytest.approx(6823, abs=1)

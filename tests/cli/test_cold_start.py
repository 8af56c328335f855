"""What a ``taxben`` process loads, and how it treats the garbage collector (docs/performance.md, "Cold start").

Each test starts a fresh Python process that runs the console script's entry (``taxben.cli.main:main``)
in-process, so that ``sys.modules`` and the ``gc`` module show what the command itself did. Timings are
not asserted here: they live in benches/test_cold_start.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("bokeh", "panel", "holoviews", "dask", "distributed")  # the dashboard's and scale-out's libraries

# The console script, with probes: ``probes`` maps "module:function" to a label; each probe records, when
# the function is first called, whether the collector is on and which libraries are loaded by then.
PROBE_SCRIPT = """
import gc, importlib, json, sys
probes, report, seen = json.loads(sys.argv[1]), sys.argv[2], {}

def wrap(target, label):
    module_name, name = target.split(":")
    module = importlib.import_module(module_name)
    original = getattr(module, name)
    def probe(*args, **kwargs):
        seen.setdefault(label, {"gc_enabled": gc.isenabled(), "modules": sorted({m.split(".")[0] for m in sys.modules})})
        return original(*args, **kwargs)
    setattr(module, name, probe)

for target, label in probes.items():
    wrap(target, label)
from taxben.cli.main import main
sys.argv = ["taxben", *sys.argv[3:]]
code = 0
try:
    main()
except SystemExit as stop:
    code = stop.code or 0
seen["exit"] = {"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules}),
                "gc_enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}
with open(report, "w") as out:
    json.dump(seen, out)
"""


def run_taxben(tmp_path: Path, *args: str, probes: dict[str, str] | None = None) -> dict:
    """Run ``taxben ARGS`` in a new process; return what the probes and the exit saw."""
    report = tmp_path / "probe.json"
    done = subprocess.run([sys.executable, "-c", PROBE_SCRIPT, json.dumps(probes or {}), str(report), *args],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert report.exists(), done.stdout + done.stderr
    return json.loads(report.read_text())


@pytest.fixture
def couple_yaml(tmp_path: Path) -> Path:
    # Jens (38, 120 kr./h, 10 h a week, match group 4) and Mette (35, no hours, match group 5), two children
    path = tmp_path / "couple.yaml"
    path.write_text("adults:\n"
                    "  - {age: 38, hourly_wage: 120, hours_per_week: 10, match_group: 4, months_on_benefit: 30}\n"
                    "  - {age: 35, hourly_wage: 110, hours_per_week: 0, match_group: 5}\n"
                    "n_children: 2\nrent_monthly: 6000\n", encoding="utf-8")
    return path


def test_household_from_options_loads_neither_pandas_nor_the_report_or_dashboard_libraries(tmp_path):
    # Maria: single, match group 4, 20 hours a week: the calculator needs the compiled engine and nothing more
    seen = run_taxben(tmp_path, "household", "--hours", "20", "--match-group", "4",
                      probes={"taxben.calc:household_outputs": "calculating"})
    assert seen["exit"]["code"] == 0
    loaded = seen["exit"]["modules"]
    assert "numba" in loaded  # the engine did run (the probe would not see a command that stopped early)
    assert "calculating" in seen
    assert [m for m in HEAVY if m in loaded] == []
    assert "pandas" not in loaded and "pyarrow" not in loaded


def test_household_couple_from_a_yaml_file_loads_no_pandas(tmp_path, couple_yaml):
    seen = run_taxben(tmp_path, "household", "--file", str(couple_yaml))
    assert seen["exit"]["code"] == 0
    loaded = seen["exit"]["modules"]
    assert [m for m in HEAVY if m in loaded] == []
    assert "pandas" not in loaded


def test_household_from_population_columns_in_a_danish_csv_loads_pandas_but_no_dashboard(tmp_path):
    # population-column rows are checked by the population validator, which is pandas: loaded for this form only
    path = tmp_path / "maria.csv"
    path.write_text("age;hourly_wage;hours_per_week;match_group;n_children;rent_monthly\n"
                    "35;110,50;20;4;1;4.000\n", encoding="cp1252")
    seen = run_taxben(tmp_path, "household", "--file", str(path), "--months", "2")
    assert seen["exit"]["code"] == 0
    loaded = seen["exit"]["modules"]
    assert "pandas" in loaded
    assert [m for m in HEAVY if m in loaded] == []


@pytest.mark.parametrize("args", [("rules", "show", "--date", "2005-03"), ("rules", "diff", "2005-12", "2006-01"),
                                  ("rules", "check")])
def test_rules_commands_load_only_the_rule_files_libraries(tmp_path, args):
    seen = run_taxben(tmp_path, *args)
    assert seen["exit"]["code"] == 0
    loaded = seen["exit"]["modules"]
    assert "pydantic" in loaded and "yaml" in loaded  # the rule files were read and validated
    assert [m for m in (*HEAVY, "numba", "pandas", "pyarrow") if m in loaded] == []


def test_run_writes_its_report_without_importing_bokeh(tmp_path):
    # the built-in population: 2,000 adults, 2005 rules, 24 months, baseline and ceiling70_mg45. The report
    # inlines BokehJS from the installed package's files and its charts are drawn in the browser, so the
    # Python side of bokeh (0.35-0.8 s to import) is never loaded (tests/browser/test_report.py draws them)
    seen = run_taxben(tmp_path, "run", "--out", str(tmp_path / "out"))
    assert seen["exit"]["code"] == 0
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Bokeh.Plotting.show" in report and 'id="taxben-charts"' in report
    assert [m for m in HEAVY if m in seen["exit"]["modules"]] == []


def test_run_stopped_by_a_bad_population_never_imports_bokeh(tmp_path):
    bad = tmp_path / "population.csv"
    bad.write_text("person_id,household_id,age\n1,1,twelve\n", encoding="utf-8")
    seen = run_taxben(tmp_path, "run", "--population", str(bad), "--out", str(tmp_path / "out"))
    assert seen["exit"]["code"] == 2
    assert "bokeh" not in seen["exit"]["modules"]
    assert not (tmp_path / "out").exists()


def test_household_runs_with_the_collector_off_and_freezes_at_exit(tmp_path):
    seen = run_taxben(tmp_path, "household", "--hours", "10", "--months", "1",
                      probes={"taxben.calc:household_outputs": "calculating"})
    assert seen["exit"]["code"] == 0
    assert seen["calculating"]["gc_enabled"] is False
    assert seen["exit"]["frozen"] > 10_000  # what was alive at exit is frozen: the shutdown skips it


@pytest.fixture(scope="module")
def population_of_2500(tmp_path_factory) -> Path:
    from taxben.population import write_synthetic

    path = tmp_path_factory.mktemp("population") / "pop2500.parquet"
    write_synthetic(2005, 2500, 7, path)
    return path


def test_a_run_of_one_chunk_keeps_the_collector_off(tmp_path, population_of_2500):
    # 2,500 adults in one chunk of 5,000: the work is bounded by the chunk, nothing to collect
    seen = run_taxben(tmp_path, "run", "--population", str(population_of_2500), "--months", "2", "--chunk", "5000",
                      "--out", str(tmp_path / "out"), probes={"taxben.run.population_run:accumulate_chunks": "simulating"})
    assert seen["exit"]["code"] == 0
    assert seen["simulating"]["gc_enabled"] is False


def test_a_run_of_several_chunks_collects_garbage_as_usual(tmp_path, population_of_2500):
    # 2,500 adults in chunks of 1,000: chunk after chunk, cyclic garbage must not pile up
    seen = run_taxben(tmp_path, "run", "--population", str(population_of_2500), "--months", "2", "--chunk", "1000",
                      "--out", str(tmp_path / "out"), probes={"taxben.run.population_run:accumulate_chunks": "simulating"})
    assert seen["exit"]["code"] == 0
    assert seen["simulating"]["gc_enabled"] is True


def test_the_app_called_in_process_leaves_the_collector_alone():
    import gc

    from taxben.cli.startup import collect_garbage_from_here

    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    collect_garbage_from_here()  # a command's call while the collector is on: nothing to do
    assert gc.isenabled() and gc.get_freeze_count() == frozen

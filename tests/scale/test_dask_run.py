"""The Dask engine on a 2-worker LocalCluster (loopback) gives the single-process results."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from taxben.cli.main import app
from taxben.population import PopulationError, read_hours_schedule, read_population, write_synthetic
from taxben.run.population_run import run_population
from taxben.scale import run_population_dask
from taxben.scale.engine import run_partition
from taxben.scale.inputs import SPLIT_RULE

from .conftest import couple_cuts, write_parts

SCENARIOS = ["ceiling70_mg45", "ceiling60_mg45"]
KEY = ["scenario", "person_id", "month_index"]


def sorted_pm(path) -> pd.DataFrame:
    pm = pd.read_parquet(path)
    pm["scenario"] = pm["scenario"].astype(str)
    return pm.sort_values(KEY).reset_index(drop=True)


def assert_summary_equal(dask_summary: pd.DataFrame, single_summary: pd.DataFrame) -> None:
    """Same rows, labels and missing values; numbers equal up to the order of floating-point additions
    (partitions add up in another order than chunks): at most 1e-12 of the column's largest value."""
    assert list(dask_summary.columns) == list(single_summary.columns)
    assert len(dask_summary) == len(single_summary)
    for column in single_summary.columns:
        a, b = dask_summary[column], single_summary[column]
        if not pd.api.types.is_numeric_dtype(b):
            assert a.astype(str).tolist() == b.astype(str).tolist(), column
            continue
        a, b = a.to_numpy(float), b.to_numpy(float)
        assert np.array_equal(np.isnan(a), np.isnan(b)), column
        scale = np.nanmax(np.abs(b), initial=0.0)
        assert np.nanmax(np.abs(a - b), initial=0.0) <= 1e-12 * max(scale, 1.0), column


def single_process(path, out, months, **kw):
    return run_population(read_population(path), out_dir=out, scenarios=SCENARIOS, start="2005-01", months=months,
                          **kw)


def test_straddling_files_equal_single_process(client, straddling, tmp_path):
    parts, whole = straddling
    result = run_population_dask(parts, tmp_path / "dask", SCENARIOS, "2005-01", 6, client=client, chunk_persons=200)
    single = single_process(whole, tmp_path / "single", 6)

    # households split by the file cuts were repartitioned, and the run says so
    assert result.info["engine"]["households_split_across_files"] == 2
    assert result.info["engine"]["repartitioned_by_household_id"] is True
    assert any("repartitioned by household_id" in note for note in result.notes)

    dask_pm = sorted_pm(tmp_path / "dask" / "person_months")
    single_pm = sorted_pm(tmp_path / "single" / "person_months.parquet")
    pd.testing.assert_frame_equal(dask_pm, single_pm, check_exact=True)  # bit for bit, pass-through included
    assert "municipality" in dask_pm

    assert_summary_equal(result.summary, single.summary)
    assert_summary_equal(pd.read_csv(tmp_path / "dask" / "summary.csv"), pd.read_csv(tmp_path / "single" / "summary.csv"))

    # every household lives in exactly one output part file
    owners = {}
    for part in sorted((tmp_path / "dask" / "person_months").glob("part-*.parquet")):
        for household in pq.read_table(part, columns=["household_id"]).column(0).unique().to_pylist():
            assert owners.setdefault(household, part.name) == part.name
    info = json.loads((tmp_path / "dask" / "run.json").read_text())
    assert info["engine"]["person_months"]["rows"] == 3 * 1500 * 6
    assert set(info["engine"]["worker_numba_threads"].values()) == {1}  # NUMBA_NUM_THREADS=1 in each worker
    assert len(info["population"]["files"]) == 3
    assert (tmp_path / "dask" / "report.html").stat().st_size > 0


def test_split_household_is_never_simulated_per_half(client, straddling, tmp_path):
    """With split_households='error' the split is refused, naming both files and the rows."""
    parts, _ = straddling
    with pytest.raises(PopulationError) as caught:
        run_population_dask(parts, tmp_path / "out", SCENARIOS[:1], "2005-01", 3, client=client,
                            split_households="error")
    split = [v for v in caught.value.violations if v.rule == SPLIT_RULE]
    # cut 1 splits a household between files 0 and 1, cut 2 another between files 1 and 2
    assert {v.file.rsplit("/", 1)[-1]: v.count for v in split} == {"part-00000.parquet": 1, "part-00001.parquet": 2,
                                                                    "part-00002.parquet": 1}
    assert all(v.column == "household_id" and len(v.rows) == v.count for v in split)
    middle = next(v for v in split if v.file.endswith("part-00001.parquet"))
    assert middle.rows[0] == 1  # the second adult of the first split household opens file 1
    first = next(v for v in split if v.file.endswith("part-00000.parquet"))
    assert "part-00000.parquet" in first.example and "part-00001.parquet" in first.example
    assert not (tmp_path / "out").exists()


def test_synth_partitions_need_no_shuffle_and_cli_uses_scheduler(client, tmp_path):
    """``taxben synth --partitions`` output, read through a glob by ``taxben run --engine dask --scheduler``."""
    write_synthetic(2026, 900, 5, tmp_path / "pop", partitions=3)
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--engine", "dask", "--scheduler", client.scheduler.address, "--population",
                                 str(tmp_path / "pop" / "*.parquet"), "--start", "2026-01", "--months", "3",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "person_months/ (3 files)" in result.output and "note:" not in result.output
    info = json.loads((out / "run.json").read_text())
    assert info["engine"]["repartitioned_by_household_id"] is False
    assert info["engine"]["scheduler"] == client.scheduler.address
    single = run_population(read_population(tmp_path / "pop"), out_dir=tmp_path / "single",
                            scenarios=["ceiling70_mg45"], start="2026-01", months=3)
    pd.testing.assert_frame_equal(sorted_pm(out / "person_months"), sorted_pm(tmp_path / "single" / "person_months.parquet"))
    assert_summary_equal(pd.read_csv(out / "summary.csv"), pd.read_csv(tmp_path / "single" / "summary.csv"))
    assert_summary_equal(pd.read_csv(out / "summary.csv"), single.summary)


def test_every_violation_of_every_file_with_file_and_row(client, population, tmp_path):
    """Per-file rules name the file and its own rows; cross-file rules too."""
    frame = population.copy()
    hh = frame["household_id"].to_numpy()
    couple = int(np.flatnonzero(hh[1:] == hh[:-1])[5])  # rows couple, couple + 1: one household
    frame.loc[couple + 1, "weight"] = frame.loc[couple, "weight"] + 1.0  # its weight now differs
    cut = couple + 1  # the household is split: the difference is only visible across files
    assert 11 < cut < 1000
    frame.loc[10, "age"] = 12  # file 1, data row 11
    frame.loc[1000, "hours_per_week"] = 99  # file 2, data row 1000 - cut + 1
    frame.loc[1200, "person_id"] = frame.loc[3, "person_id"]  # same id in file 1 and file 2
    paths = write_parts(frame, tmp_path / "parts", [cut])
    with pytest.raises(PopulationError) as caught:
        run_population_dask(tmp_path / "parts", tmp_path / "out", SCENARIOS[:1], "2005-01", 3, client=client)
    found = {(v.file.rsplit("/", 1)[-1], v.column, v.rows) for v in caught.value.violations}
    assert ("part-00000.parquet", "age", (11,)) in found
    assert ("part-00001.parquet", "hours_per_week", (1000 - cut + 1,)) in found
    assert ("part-00000.parquet", "person_id", (4,)) in found
    assert ("part-00001.parquet", "person_id", (1200 - cut + 1,)) in found
    weight = [v for v in caught.value.violations if v.column == "weight"]
    assert {(v.file, v.rows) for v in weight} == {(str(paths[0].resolve()), (couple + 1,)),
                                                  (str(paths[1].resolve()), (1,))}
    assert all("across files" in v.rule for v in weight)


def test_hours_schedule_as_single_process(client, straddling, population, tmp_path):
    parts, whole = straddling
    ids = population["person_id"].to_numpy()
    schedule = pd.DataFrame({"person_id": np.repeat(ids[::50], 2), "month": ["2005-02", "2005-03"] * len(ids[::50]),
                             "hours_per_week": 20.0})
    schedule.to_csv(tmp_path / "hours.csv", index=False)
    result = run_population_dask(parts, tmp_path / "dask", SCENARIOS[:1], "2005-01", 3, client=client,
                                 hours_schedule=tmp_path / "hours.csv", write_person_months=False)
    frame = read_population(whole)
    single = run_population(frame, out_dir=tmp_path / "single", scenarios=SCENARIOS[:1], start="2005-01", months=3,
                            schedule=read_hours_schedule(tmp_path / "hours.csv", frame), write_person_months=False)
    assert_summary_equal(result.summary, single.summary)
    assert not (tmp_path / "dask" / "person_months").exists()
    unscheduled = run_population(frame, out_dir=tmp_path / "plain", scenarios=SCENARIOS[:1], start="2005-01",
                                 months=3, write_person_months=False)
    assert not np.allclose(unscheduled.summary["mean_gain_from_work_baseline"],
                           single.summary["mean_gain_from_work_baseline"])  # the schedule mattered

    pd.concat([schedule, pd.DataFrame({"person_id": [99_999_999], "month": ["2005-01"], "hours_per_week": [5.0]})]
              ).to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(PopulationError) as dask_error:
        run_population_dask(parts, tmp_path / "bad", SCENARIOS[:1], "2005-01", 3, client=client,
                            hours_schedule=tmp_path / "bad.csv")
    with pytest.raises(PopulationError) as single_error:
        read_hours_schedule(tmp_path / "bad.csv", frame)
    assert dask_error.value.violations == single_error.value.violations


def test_partition_function_is_importable():
    """Workers import it (and load the numba cache) instead of unpickling a ``__main__`` function."""
    assert run_partition.__module__ == "taxben.scale.engine"


def test_population_without_parquet_files(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no .parquet files"):
        run_population_dask(tmp_path / "empty", tmp_path / "out", months=3)
    pd.DataFrame({"a": [1]}).to_csv(tmp_path / "pop.csv", index=False)
    with pytest.raises(ValueError, match="reads Parquet"):
        run_population_dask(tmp_path / "pop.csv", tmp_path / "out", months=3)


def test_cuts_split_couples(population):
    """The fixture really straddles: each cut falls between the two adults of a household."""
    hh = population["household_id"].to_numpy()
    assert all(hh[c] == hh[c - 1] for c in couple_cuts(population, 3))


def test_local_cluster_leaves_the_clients_numba_threads_alone():
    """The workers run with NUMBA_NUM_THREADS=1; the client process must keep its own setting, or its
    next numba compilation fails ("Cannot set NUMBA_NUM_THREADS ... once the threads have been launched")."""
    import os

    from taxben.scale.cluster import dask_client, worker_environment

    before = os.environ.get("NUMBA_NUM_THREADS")
    with dask_client(n_workers=1) as client:
        assert os.environ.get("NUMBA_NUM_THREADS") == before
        workers = client.run(worker_environment)
        assert {env["numba_threads"] for env in workers.values()} == {1}
    assert os.environ.get("NUMBA_NUM_THREADS") == before

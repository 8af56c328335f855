"""Issue 10: 2,000+ random broken population files through ``taxben run``.

Each example starts from EXAMPLES.md's households (guard_helpers.ROWS, 1-6 adults), breaks it in one to
four ways an analyst's file can be broken (wrong types, NaN/inf/huge values, missing, duplicated or
renamed columns, duplicated ids, households straddling rows, no rows, junk bytes) and writes it as CSV
(separator, decimal mark, encoding and line ends drawn) or Parquet. The CLI runs in-process (typer's
CliRunner); the properties:

* never a traceback, never an exception out of the command, exit 0 or 2 only (1 would be taxben failing);
* exit 0: no infinite number in any output, and NaN only where a value is undefined: the EMTR/PTR of an
  adult with hourly wage 0 (SPEC §6) and means over such person-months, a summary mean over a group whose
  weights are all 0, no match group, an empty cell the user left in a pass-through column;
* exit 2: the message names a column or the file.

The report (report.html) is replaced by a cheap stand-in here: it is drawn from summary.csv, which is
checked, and drawing Bokeh charts 1,000 times would only cost CI minutes. The closing line prints how many
files were tried and the share refused with exit 2.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from guard_helpers import examples_frame, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxben.kernels import fields as F
from taxben.population.schema import POPULATION_COLUMNS

EXAMPLES = int(os.environ.get("TAXBEN_FUZZ_EXAMPLES", "2000"))
KNOWN = [spec.name for spec in POPULATION_COLUMNS]
BAD_VALUES = [np.nan, np.inf, -np.inf, 1e308, -1.0, 1e12, 2.5, -0.0, 0, "abc", "", " ", "12,5", "1.000", "4.000,50",
              "NaN", "inf", "-Infinity", "1e400", True, 2**63, "Ærø", "null", "0x1F", "١٢"]
OUTPUT_NUMBERS = set(F.OUT_COLUMNS) | {"person_id", "household_id", "month_index", "weight", "age", "n_children",
                                        "n_adults", "match_group"}
RATE_COLUMNS = ("emtr", "ptr")  # EMTR, PTR and their parts are NaN when hourly_wage = 0 (SPEC §6)


@st.composite
def broken_population(draw):
    frame = examples_frame().iloc[: draw(st.integers(1, 6))].reset_index(drop=True)
    frame = frame.astype(object)
    notes = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cell", "cell", "cell", "drop", "duplicate", "rename", "dup_id", "straddle",
                                     "no_rows", "junk_column"]))
        columns = list(dict.fromkeys(frame.columns))
        if kind == "cell" and len(frame):
            column = draw(st.sampled_from(columns))
            row = draw(st.integers(0, len(frame) - 1))
            frame.iloc[row, list(frame.columns).index(column)] = draw(st.sampled_from(BAD_VALUES))
        elif kind == "drop":
            frame = frame.drop(columns=draw(st.sampled_from(columns)))
        elif kind == "duplicate":
            column = draw(st.sampled_from(columns))
            frame = pd.concat([frame, frame[[column]]], axis=1)
        elif kind == "rename":
            column = draw(st.sampled_from(columns))
            frame = frame.rename(columns={column: draw(st.sampled_from([column.upper(), column + " ", "Ålder", ""]))})
        elif kind == "dup_id" and len(frame) > 1 and "person_id" in frame:
            frame.loc[draw(st.integers(1, len(frame) - 1)), "person_id"] = frame.loc[0, "person_id"]
        elif kind == "straddle" and len(frame) > 1 and "household_id" in frame:
            frame.loc[draw(st.integers(1, len(frame) - 1)), "household_id"] = frame.loc[0, "household_id"]
        elif kind == "no_rows":
            frame = frame.iloc[:0]
        elif kind == "junk_column":
            frame["kommune"] = draw(st.sampled_from(["Ærø", "Næstved", b"\xff\xfe".decode("latin-1"), "a;b", "1,5"]))
        notes.append(kind)
    if draw(st.integers(0, 49)) == 0:  # now and then: not a table at all
        return "junk", draw(st.binary(max_size=300)), draw(st.sampled_from([".csv", ".parquet"])), notes
    if draw(st.booleans()):
        return "csv", frame, dict(sep=draw(st.sampled_from([",", ";", "\t"])),
                                  decimal=draw(st.sampled_from([".", ","])),
                                  encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"])),
                                  lineterminator=draw(st.sampled_from(["\n", "\r\n"]))), notes
    return "parquet", frame, {}, notes


def _write(kind, content, options, folder: Path) -> Path:
    if kind == "junk":
        path = folder / f"population{options}"
        path.write_bytes(content)
        return path
    if kind == "csv":
        path = folder / "population.csv"
        text = content.to_csv(index=False, sep=options["sep"], decimal=options["decimal"],
                              lineterminator=options["lineterminator"])
        path.write_bytes(text.encode(options["encoding"], errors="replace"))
        return path
    path = folder / "population.parquet"
    arrays, names = [], []
    for k, name in enumerate(content.columns):
        values = content.iloc[:, k]
        try:
            arrays.append(pa.array(values.tolist()))
        except (pa.ArrowException, OverflowError, TypeError):  # mixed types: as text, like a careless export
            arrays.append(pa.array([None if v is None else str(v) for v in values.tolist()]))
        names.append(str(name))
    pq.write_table(pa.Table.from_arrays(arrays, names=names), path)
    return path


def _strict_json(text: str):
    def refuse(token):
        raise ValueError(f"non-finite number {token} in run.json")

    return json.loads(text, parse_constant=refuse)


def _check_outputs(out: Path) -> None:
    """Exit 0: every number in every output is finite, except the values the spec defines as undefined."""
    _strict_json((out / "run.json").read_text())
    summary = pd.read_csv(out / "summary.csv")
    numbers = summary.select_dtypes("number")
    assert not np.isinf(numbers.to_numpy(dtype=float)).any(), "inf in summary.csv"
    nobody = (summary["persons_baseline"] == 0) | (summary["persons_scenario"] == 0)  # a mean over no one
    rows_with_nan = numbers.isna() & ~nobody.to_numpy()[:, None]
    undefined = [c for c in numbers.columns[rows_with_nan.any()] if not any(r in c for r in RATE_COLUMNS)]
    assert undefined == [], f"NaN in summary.csv columns {undefined}"
    pm = pd.read_parquet(out / "person_months.parquet")
    for column in pm.select_dtypes("number").columns:
        values = pm[column].to_numpy(dtype=float, na_value=np.nan)
        assert not np.isinf(values).any(), f"inf in person_months.{column}"
        if column == "match_group" or column not in OUTPUT_NUMBERS:
            continue  # no match group is <NA>; a pass-through column keeps the user's empty cells
        if column.startswith(RATE_COLUMNS):
            wage_zero = pm["person_id"].map(_WAGES).to_numpy(dtype=float) == 0
            assert not np.isnan(values[~wage_zero]).any(), f"NaN {column} for an adult with a wage"
        else:
            assert not np.isnan(values).any(), f"NaN in person_months.{column}"
    assert "inf" not in (out / "report.html").read_text().lower()


_WAGES: dict = {}


def _cheap_report(path, summary, info, **_):
    from taxben.run.report import headline

    tables = [headline(summary, s).to_html() for s in summary["scenario"].unique() if s != "baseline"]
    Path(path).write_text("<html><body>" + "".join(tables) + "</body></html>", encoding="utf-8")


def test_random_broken_population_files_never_crash_and_never_compute_on_non_finite_input(monkeypatch, capsys):
    import taxben.run.report as report
    from taxben.population import read_population

    monkeypatch.setattr(report, "write_report", _cheap_report)  # run_population imports it when it writes
    tally = Counter()

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(broken_population())
    def one_file(case):
        kind, content, options, _ = case
        with tempfile.TemporaryDirectory(prefix="taxben-fuzz-") as tmp:
            folder = Path(tmp)
            path = _write(kind, content, options, folder)
            out = folder / "out"
            result = invoke("run", "--population", path, "--out", out, "--months", "1", env={"COLUMNS": "400"})
            tally["tried"] += 1
            tally[f"{kind}:{result.exit_code}"] += 1
            assert result.exit_code in (0, 2), result.output
            if result.exit_code == 2:
                tally["exit 2"] += 1
                names = KNOWN + [str(c) for c in getattr(content, "columns", []) if str(c).strip()]
                assert path.name in result.output or any(f"'{n}'" in result.output or f" {n} " in result.output
                                                         for n in names), result.output
                assert not out.exists()
            else:
                frame = read_population(path)
                _WAGES.clear()
                _WAGES.update(zip(frame["person_id"], frame["hourly_wage"]))
                _check_outputs(out)

    one_file()
    share = tally["exit 2"] / max(tally["tried"], 1)
    with capsys.disabled():
        print(f"\nfuzz: {tally['tried']:,} generated population files tried, {tally['exit 2']:,} refused with exit 2 "
              f"({share:.1%}), {tally['tried'] - tally['exit 2']:,} run with exit 0; by kind and exit code: "
              + ", ".join(f"{k} {v}" for k, v in sorted(tally.items()) if ":" in k))
    assert tally["tried"] >= EXAMPLES

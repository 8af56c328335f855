"""person_months.parquet built straight from the engine output equals the table of the person-month frame.

``taxben run`` builds its Arrow tables from the engine's output arrays (``PersonMonthTables``) and writes
them in a background thread (``PersonMonthWriter``); the behaviour model, the dashboard and older runs
go through a pandas frame (``person_month_frame`` → ``pa.Table.from_pandas``). A reader must not be able
to tell the two apart: same columns in the same order, same types, same pandas metadata (so
``pd.read_parquet`` restores the nullable match group and the categoricals), same values, NaN written as
null. The story: a small 2005 population whose file carries its own columns (a municipality with Danish
letters, a number, a note that is sometimes missing, a score with gaps, a region as a categorical), the
baseline and the ceiling.

The tables' memory comes from the engine's buffer pool (taxben.simulate.buffers): a table still waiting to
be written must never change under the writer when the next chunk is built, and memory handed out again
must be fully rewritten. The file is written with the options of ``parquet_options`` (dictionaries only
where the column is one already, LZ4, statistics for the filter columns): the file says so itself.
"""

from __future__ import annotations

import ctypes

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from taxben.population.synth import synthesize
from taxben.run.person_months import (FILTER_COLUMNS, PersonMonthTables, PersonMonthWriter, frame_table,
                                      person_month_frame)
from taxben.simulate import indicator_settings, population_arrays, simulate_prepared
from taxben.simulate.scenario import prepare_run

N_MONTHS = 4


def population_with_own_columns(n: int = 300) -> pd.DataFrame:
    frame = synthesize(2005, n, seed=11)
    rng = np.random.default_rng(11)
    frame["kommune"] = rng.choice(["Næstved", "Århus", "Køge", "Ærø"], size=len(frame))
    frame["kommune_nr"] = rng.integers(101, 860, size=len(frame))
    frame["note"] = np.where(rng.random(len(frame)) < 0.3, None, "sag åben").astype(object)
    frame["score"] = np.where(rng.random(len(frame)) < 0.2, np.nan, rng.random(len(frame)))
    frame["region"] = pd.Categorical(rng.choice(["Hovedstaden", "Sjælland", "Nordjylland"], size=len(frame)))
    frame.loc[:9, "hourly_wage"] = 0.0  # no wage: EMTR and PTR undefined (NaN), written as null
    return frame


@pytest.fixture(scope="module")
def engine_run():
    frame = population_with_own_columns()
    prepared = prepare_run(["ceiling70_mg45"], "2005-01", N_MONTHS)
    outs = simulate_prepared(prepared, population_arrays(frame, None), indicator_settings())
    return frame, [p.name for p in prepared], outs, list(prepared[0].months)


def test_tables_from_outputs_equal_tables_from_frames(engine_run):
    frame, names, outs, months = engine_run
    built = list(PersonMonthTables(months).tables(frame, names, outs))
    assert len(built) == 2
    for name, out, table in zip(names, outs, built):
        expected = frame_table(person_month_frame(name, frame, out, months))
        assert table.schema.equals(expected.schema, check_metadata=True), name
        assert table.equals(expected), name


def test_tables_of_a_few_adults_each_stack_to_the_frame_tables(engine_run):
    """With at most 50 adults' rows per table (200 rows of 4 months), each scenario of the 300 adults
    comes as 6 tables of whole adults, in row order: stacked, they are the frame path's table."""
    frame, names, outs, months = engine_run
    built = list(PersonMonthTables(months, table_rows=50 * N_MONTHS + 3).tables(frame, names, outs))
    assert len(built) == 2 * 6
    assert all(table.num_rows == 50 * N_MONTHS for table in built)
    for k, (name, out) in enumerate(zip(names, outs)):
        expected = frame_table(person_month_frame(name, frame, out, months))
        stacked = pa.concat_tables(built[6 * k:6 * (k + 1)])
        assert stacked.schema.equals(expected.schema, check_metadata=True), name
        assert stacked.equals(expected), name


def test_missing_amounts_are_written_as_null(engine_run):
    """The EMTR of a person-month is NaN where it is undefined; written, it is null (as from_pandas)."""
    frame, names, outs, months = engine_run
    table = next(PersonMonthTables(months).tables(frame, names[:1], outs[:1]))
    emtr = table.column("emtr").to_numpy(zero_copy_only=False)
    from_frame = person_month_frame(names[0], frame, outs[0], months)["emtr"].to_numpy()
    assert np.isnan(from_frame).any(), "the story needs an undefined EMTR"
    assert table.column("emtr").null_count == int(np.isnan(from_frame).sum())
    np.testing.assert_array_equal(np.isnan(emtr), np.isnan(from_frame))


def test_written_file_reads_back_as_the_frames(engine_run, tmp_path):
    """Two chunks, two scenarios each, through the background writer: pd.read_parquet gives the
    person-month frames stacked in the order written, with their dtypes (Int64 match group, text as
    text, the categoricals' values)."""
    frame, names, outs, months = engine_run
    # whole households per chunk: move the cut to a household boundary
    ids = frame["household_id"].to_numpy()
    cut = 150
    while ids[cut] == ids[cut - 1]:
        cut += 1
    halves = [(0, cut), (cut, len(frame))]
    tables = PersonMonthTables(months)
    writer = PersonMonthWriter(tmp_path / "person_months.parquet")
    expected = []
    for lo, hi in halves:
        chunk = frame.iloc[lo:hi]
        chunk_outs = simulate_prepared(prepare_run(["ceiling70_mg45"], "2005-01", N_MONTHS),
                                       population_arrays(chunk, None), indicator_settings())
        for table in tables.tables(chunk, names, chunk_outs):
            writer.write(table)
        expected += [person_month_frame(name, chunk, out, months) for name, out in zip(names, chunk_outs)]
    writer.close()
    read = pd.read_parquet(tmp_path / "person_months.parquet")
    stacked = pd.concat(expected, ignore_index=True)
    assert writer.rows == len(stacked) == 2 * len(frame) * N_MONTHS
    assert str(read["match_group"].dtype) == "Int64"
    assert list(read.columns) == list(stacked.columns)
    for column in ["scenario", "month"]:  # categories differ per table; the values must not
        assert read[column].astype(str).tolist() == stacked[column].astype(str).tolist()
    pd.testing.assert_frame_equal(read.drop(columns=["scenario", "month"]),
                                  stacked.drop(columns=["scenario", "month"]), check_dtype=False)
    assert read["kommune"].tolist() == stacked["kommune"].tolist()  # Danish letters as text


def test_writer_reports_its_failure_to_the_caller(tmp_path):
    """A table the file's schema cannot take (text where the first table had numbers) fails the run at
    the next write or at close, never silently."""
    writer = PersonMonthWriter(tmp_path / "bad.parquet")
    writer.write(pa.table({"amount": pa.array([1.0, 2.0])}))
    writer.write(pa.table({"amount": pa.array(["fire tusinde", "x"])}))
    with pytest.raises(pa.ArrowInvalid):
        writer.close()


def test_writer_abort_returns_without_writing_the_queue(tmp_path):
    writer = PersonMonthWriter(tmp_path / "aborted.parquet", depth=1)
    for _ in range(3):
        writer.write(pa.table({"amount": pa.array(np.arange(10.0))}))
    writer.abort()
    assert not writer._thread.is_alive()


def household_cut(frame: pd.DataFrame, near: int) -> int:
    """The first household boundary at or after row ``near`` (chunks hold whole households)."""
    ids = frame["household_id"].to_numpy()
    while ids[near] == ids[near - 1]:
        near += 1
    return near


def simulate(chunk: pd.DataFrame):
    prepared = prepare_run(["ceiling70_mg45"], "2005-01", N_MONTHS)
    return simulate_prepared(prepared, population_arrays(chunk, None), indicator_settings())


def data_addresses(table: pa.Table) -> set[int]:
    """Where the table's values live (the data buffer of every chunk of every column)."""
    return {chunk.buffers()[1].address for column in table.columns for chunk in column.chunks
            if len(chunk.buffers()) > 1 and chunk.buffers()[1] is not None}


def test_a_table_waiting_to_be_written_never_changes_when_the_next_chunk_is_built(engine_run):
    """The first half's tables are held (as the writer's queue holds them) while the second half's are
    built from the same pool: they keep their values and share no memory with the new ones."""
    frame, names, outs, months = engine_run
    cut = household_cut(frame, 150)
    first, second = frame.iloc[:cut], frame.iloc[cut:]
    tables = PersonMonthTables(months)
    first_outs = simulate(first)
    held = list(tables.tables(first, names, first_outs))
    expected = [frame_table(person_month_frame(name, first, out, months)) for name, out in zip(names, first_outs)]
    for _ in range(3):  # several chunks go by while the first ones wait
        later = list(tables.tables(second, names, simulate(second)))
        assert not data_addresses(pa.concat_tables(later)) & data_addresses(pa.concat_tables(held))
        del later
    for table, wanted in zip(held, expected):
        assert table.equals(wanted)


def poison(table: pa.Table) -> None:
    """Overwrite every byte of the table's buffers (what reused memory holds before it is rewritten)."""
    for column in table.columns:
        for chunk in column.chunks:
            for buffer in chunk.buffers():
                if buffer is not None and buffer.size:
                    ctypes.memset(buffer.address, 0xA5, buffer.size)


def test_memory_of_a_written_table_is_reused_and_fully_rewritten(engine_run):
    """Once the writer lets go of a chunk's tables, the next chunk's columns go into the same memory
    (no fresh first touch); poisoned before, the rebuilt tables are still the frame path's to the bit."""
    frame, names, outs, months = engine_run
    expected = [frame_table(person_month_frame(name, frame, out, months)) for name, out in zip(names, outs)]
    tables = PersonMonthTables(months)
    built = list(tables.tables(frame, names, outs))
    used = data_addresses(pa.concat_tables(built))
    for table in built:
        poison(table)
    del built, table
    rebuilt = list(tables.tables(frame, names, outs))
    for table in rebuilt:  # an adult's column and an engine output column, each in memory used before
        for name in ["person_id", "weight", "kontanthjaelp_m", "emtr"]:
            assert data_addresses(table.select([name])) <= used, name
    for table, wanted in zip(rebuilt, expected):
        assert table.equals(wanted)


def test_file_is_the_frame_tables_with_the_chosen_encodings(engine_run, tmp_path):
    """Read back with Arrow, the file is the frame path's tables stacked (values, nulls), and it reads
    with the schema (pandas metadata included) of those tables written with pyarrow's default options
    (Arrow reads a dictionary of large_string back as a dictionary of string either way). Its footer
    shows the options: LZ4 everywhere; dictionary pages only for the columns that are dictionaries
    (scenario, month), plain numbers and text otherwise (the population's region categorical is passed
    through as text, as the frame path does); min/max statistics only for the filter columns."""
    frame, names, outs, months = engine_run
    path = tmp_path / "person_months.parquet"
    writer = PersonMonthWriter(path)
    for table in PersonMonthTables(months).tables(frame, names, outs):
        writer.write(table)
    writer.close()
    expected = pa.concat_tables([frame_table(person_month_frame(name, frame, out, months))
                                 for name, out in zip(names, outs)])
    read = pq.read_table(path)
    pq.write_table(expected, tmp_path / "defaults.parquet")
    assert read.schema.equals(pq.read_schema(tmp_path / "defaults.parquet"), check_metadata=True)
    def decoded(column):
        return column.cast(pa.large_string()) if pa.types.is_dictionary(column.type) else column

    for name in expected.column_names:
        assert decoded(read.column(name)).equals(decoded(expected.column(name))), name

    assert pa.types.is_large_string(read.schema.field("region").type)
    dictionaries = {"scenario", "month"}
    metadata = pq.ParquetFile(path).metadata
    assert metadata.num_rows == 2 * len(frame) * N_MONTHS
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        for i in range(row_group.num_columns):
            chunk = row_group.column(i)
            name = chunk.path_in_schema
            assert chunk.compression in ("LZ4", "LZ4_RAW"), name
            dictionary_pages = chunk.has_dictionary_page
            assert dictionary_pages == (name in dictionaries), name
            assert chunk.is_stats_set == (name in FILTER_COLUMNS), name


def test_the_writer_lets_go_of_a_written_table_before_the_next_arrives(engine_run, tmp_path):
    """While the writer waits for the next chunk, the tables it has written hold no memory: the next
    chunk's tables (here the same adults again) are built in the memory of the written ones."""
    import time

    frame, names, outs, months = engine_run
    tables = PersonMonthTables(months)
    writer = PersonMonthWriter(tmp_path / "person_months.parquet")
    written = list(tables.tables(frame, names, outs))
    used = data_addresses(pa.concat_tables(written))
    for table in written:
        writer.write(table)
    del written, table
    deadline = time.monotonic() + 30
    while writer.rows < 2 * len(frame) * N_MONTHS and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        for table in tables.tables(frame, names, outs):
            assert data_addresses(table.select(["person_id", "kontanthjaelp_m"])) <= used
    finally:
        writer.close()

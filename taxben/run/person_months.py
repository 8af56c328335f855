"""The long person-month table: one row per scenario × adult × month (issue 4, SPEC §7).

Two ways to the same table:

* ``person_month_frame``: a pandas frame, for the behaviour model (which adds its columns to it), the
  dashboard and tests;
* ``PersonMonthTables``: Arrow tables straight from the engine output, for ``taxben run`` writing
  person_months.parquet: the adult's columns are converted once per chunk and repeated per month with
  ``take``; the output columns are the engine's, transposed once into contiguous buffers that Arrow uses
  without copying.

Both give the same columns in the same order with the same types and pandas metadata (so that
``pd.read_parquet`` restores the nullable ``match_group`` and the categoricals), and the same values,
NaN written as null as ``pa.Table.from_pandas`` does: tests/run/test_person_month_tables.py.
``PersonMonthWriter`` writes the tables in a background thread (pyarrow encodes without the GIL), so
chunk k is compressed and written while chunk k + 1 is simulated.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from taxben.kernels import fields as F
from taxben.simulate.buffers import BUFFERS
from taxben.simulate.columns import output_columns

ID_COLUMNS = ["scenario", "person_id", "household_id", "month", "month_index", "weight", "match_group",
              "age", "n_children", "n_adults", "receives_kontanthjaelp"]
# the SPEC §3 population columns; everything else in a population file is passed through
POPULATION_COLUMNS = {"person_id", "household_id", "weight", "age", "n_children", "lives_with_parents",
                      "receives_kontanthjaelp", "match_group", "months_on_benefit", "hourly_wage",
                      "hours_per_week", "rent_monthly", "other_income_monthly", "ceiling_months_used",
                      "extension_granted", "rate_category"}
BOOL_OUTPUTS = {"benefit_capped", "ceiling_eligible"}
# the columns of the scenario, the month and the engine; all others are the adult's, the same every month
MONTH_COLUMNS = {"scenario", "month", "month_index", *F.OUT_COLUMNS}

# person_months.parquet writer options (``parquet_options``), measured on 300k adults × 12 months × 2
# scenarios (docs/performance.md, "Whole process"). Dictionary encoding hashes every value: it took twice
# the time of plain encoding for numbers, 1.4-1.7x for text (a municipality, a note), so it is kept only
# for columns that are dictionaries already (scenario, month), which written plain would be decoded
# first (2-3x slower). Numbers, flags and text are written plain and compressed
# with LZ4, which catches an adult's runs of 12 equal months (the file is 1.6x the all-dictionary one).
# Statistics only for the columns a reader filters on; 64k-value write batches cut per-batch overhead.
FILTER_COLUMNS = ["scenario", "person_id", "household_id", "month", "month_index", "match_group", "n_adults"]
COMPRESSION = "lz4"
WRITE_BATCH_SIZE = 64 * 1024
# Rows per table handed to the writer, each a row group of the file (whole adults). A chunk's scenario
# in tables of 300k rows instead of one of 1.2M: the output columns transposed for the tables waiting to be
# written take a quarter of the memory (peak RSS 1.62 -> 1.39 GiB at 300k adults × 12 months), and the
# writer starts sooner; the same speed otherwise (docs/performance.md, "Whole process").
TABLE_ROWS = 300_000


def parquet_options(schema) -> dict:
    """``pq.ParquetWriter`` options for a table of ``schema``: dictionary encoding for dictionary columns
    only, LZ4, statistics for the filter columns."""
    import pyarrow as pa

    return {"use_dictionary": [field.name for field in schema if pa.types.is_dictionary(field.type)],
            "compression": COMPRESSION,
            "write_statistics": [name for name in FILTER_COLUMNS if name in schema.names],
            "write_batch_size": WRITE_BATCH_SIZE}


def household_sizes(household_id: np.ndarray) -> np.ndarray:
    """Number of adults in each adult's household (households are contiguous: a run of equal ids)."""
    n = len(household_id)
    starts = np.flatnonzero(np.r_[True, household_id[1:] != household_id[:-1]]) if n else np.zeros(0, np.int64)
    sizes = np.diff(np.r_[starts, n])
    return np.repeat(sizes, sizes)


def person_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per adult of ``frame``: the person-month table's columns that are the same every month
    and in every scenario (ids, weight, groups, then the population file's own extra columns), in table
    order, with the table's dtypes."""
    columns = pd.DataFrame({
        "person_id": frame["person_id"].to_numpy(),
        "household_id": frame["household_id"].to_numpy(),
        "weight": frame["weight"].to_numpy(dtype=float),
        "match_group": frame["match_group"].astype("Int64").to_numpy(dtype="float64", na_value=np.nan),
        "age": frame["age"].to_numpy(),
        "n_children": frame["n_children"].to_numpy(),
        "n_adults": household_sizes(frame["household_id"].to_numpy()),
        "receives_kontanthjaelp": frame["receives_kontanthjaelp"].to_numpy(dtype=bool),
    })
    columns["match_group"] = columns["match_group"].astype("Int64")
    for extra in pass_through_columns(frame):
        columns[extra] = frame[extra].to_numpy()
    return columns


def pass_through_columns(frame: pd.DataFrame) -> list[str]:
    """The population file's columns that the person-month table repeats as they are."""
    return [c for c in frame.columns if c not in POPULATION_COLUMNS and c not in ID_COLUMNS and c not in F.OUT_COLUMNS]


def person_month_frame(scenario: str, frame: pd.DataFrame, out: np.ndarray, months: Sequence[str]) -> pd.DataFrame:
    """Tidy frame from the engine output ``out`` (n_persons, n_months, N_OUT) of ``frame``'s adults."""
    n_persons, n_months, _ = out.shape
    people = person_frame(frame)
    repeated = people.iloc[np.repeat(np.arange(n_persons), n_months)].reset_index(drop=True)
    columns = {
        "scenario": pd.Categorical.from_codes(np.zeros(n_persons * n_months, dtype=np.int8), categories=[scenario]),
        "month": pd.Categorical.from_codes(np.tile(np.arange(n_months), n_persons), categories=list(months)),
        "month_index": np.tile(np.arange(n_months, dtype=np.int16), n_persons),
    }
    ids = pd.DataFrame({name: columns[name] if name in columns else repeated[name] for name in ID_COLUMNS})
    # one transposing copy makes every output column contiguous (pandas then builds its block cheaply)
    outputs = pd.DataFrame(output_columns(out).T, columns=F.OUT_COLUMNS, copy=False)
    for name in BOOL_OUTPUTS:
        outputs[name] = outputs[name].astype(bool)
    extras = repeated[[c for c in people.columns if c not in ID_COLUMNS]]
    return pd.concat([ids, outputs, extras], axis=1)


def person_month_schema(scenario: str, frame: pd.DataFrame, months: Sequence[str]):
    """The Arrow schema (pandas metadata included) of ``frame``'s person-month table: that of
    ``pa.Table.from_pandas(person_month_frame(...))``, found on one month of zeros (the types depend on
    the adults' columns, not on the number of months or on the amounts)."""
    import pyarrow as pa

    one_month = person_month_frame(scenario, frame, np.zeros((len(frame), 1, F.N_OUT)), months)
    return pa.Schema.from_pandas(one_month, preserve_index=False)


class PersonMonthTables:
    """Arrow tables of person_months.parquet straight from the engine output, chunk by chunk.

    The schema is set by the first chunk (as a Parquet writer's is); a later chunk whose pass-through
    columns convert to other types is cast to it, as ``pa.Table.cast`` does. A scenario's rows of a chunk
    come as tables of about ``table_rows`` rows (whole adults), each a row group of the file."""

    def __init__(self, months: Sequence[str], table_rows: int = TABLE_ROWS):
        self.months = list(months)
        self.table_rows = table_rows
        self.schema = None

    def tables(self, frame: pd.DataFrame, scenarios: Sequence[str], outs: Sequence[np.ndarray]):
        """The tables of each scenario (``outs[k]`` (n_persons, n_months, N_OUT) of ``scenarios[k]``) for
        ``frame``'s adults, in row order; a generator, so that one table's output columns are built at a
        time."""
        import pyarrow as pa

        if self.schema is None:
            self.schema = person_month_schema(scenarios[0], frame, self.months)
        n_persons, n_months = len(frame), len(self.months)
        step = max(1, self.table_rows // n_months)  # adults per table
        repeated = repeated_person_columns(person_frame(frame), n_months)
        longest = min(step, n_persons) * n_months
        month_type = self.schema.field("month").type
        month = pa.DictionaryArray.from_arrays(
            pa.array(np.tile(np.arange(n_months), longest // n_months).astype(month_type.index_type.to_pandas_dtype())),
            pa.array(self.months, type=month_type.value_type))
        month_index = pa.array(np.tile(np.arange(n_months, dtype=np.int16), longest // n_months))
        scenario_type = self.schema.field("scenario").type
        for name, out in zip(scenarios, outs):
            scenario = pa.DictionaryArray.from_arrays(
                pa.array(np.zeros(longest, dtype=scenario_type.index_type.to_pandas_dtype())),
                pa.array([name], type=scenario_type.value_type))
            for first in range(0, n_persons, step):
                rows = slice(first * n_months, min(first + step, n_persons) * n_months)
                length = rows.stop - rows.start
                by_column, has_nan = output_columns(out[first:first + step], with_nan=True)
                columns = {"scenario": scenario.slice(0, length), "month": month.slice(0, length),
                           "month_index": month_index.slice(0, length)}
                for k, column in enumerate(F.OUT_COLUMNS):
                    if column in BOOL_OUTPUTS:
                        columns[column] = pa.array(by_column[k].astype(bool))
                    else:  # NaN written as null, as Table.from_pandas does; no copy of the values
                        columns[column] = pa.array(by_column[k], from_pandas=bool(has_nan[k]))
                arrays = [columns[c] if c in MONTH_COLUMNS else repeated[c].slice(rows.start, length)
                          for c in self.schema.names]
                table = pa.Table.from_arrays(arrays, names=self.schema.names)
                if table.schema.equals(self.schema, check_metadata=False):
                    yield table.replace_schema_metadata(self.schema.metadata)
                else:
                    yield table.cast(self.schema)
                del by_column, columns, arrays, table


def repeated_person_columns(people: pd.DataFrame, n_months: int) -> dict:
    """Each column of ``people`` (one row per adult) as an Arrow array with every value ``n_months``
    times, typed as ``pa.Table.from_pandas`` types it (NaN of a float column as null).

    Numbers and flags are repeated into memory from the engine's buffer pool, which Arrow uses without
    copying: a later chunk reuses it once the writer has let go of the table, where Arrow's own allocations
    would first-touch fresh memory every chunk (``take``: 0.14-0.25 s per 100,000 adults × 12 months in a
    new process here, against 0.01-0.09 s warm). Other columns (text, categoricals, dates) are taken."""
    import pyarrow as pa

    n_persons = len(people)
    arrays, others = {}, []
    for name in people.columns:
        column = people[name]
        if isinstance(column.dtype, pd.Int64Dtype):  # the nullable match group
            values = column.to_numpy(dtype=np.int64, na_value=0)
            arrays[name] = pa.array(_repeat_pooled(values, n_months),
                                    mask=np.repeat(column.isna().to_numpy(), n_months), type=pa.int64())
        elif isinstance(column.dtype, np.dtype) and column.dtype.kind in "biuf":
            values = column.to_numpy()
            arrays[name] = pa.array(_repeat_pooled(values, n_months), from_pandas=values.dtype.kind == "f")
        else:
            others.append(name)
    if others:
        taken = pa.Table.from_pandas(people[others], preserve_index=False).take(
            np.repeat(np.arange(n_persons), n_months))
        arrays.update(zip(others, taken.columns))
    return arrays


def _repeat_pooled(values: np.ndarray, times: int) -> np.ndarray:
    """``np.repeat(values, times)`` in a buffer of the engine's pool (``taxben.simulate.buffers``)."""
    nbytes = len(values) * times * values.itemsize
    words = BUFFERS.empty((max(1, -(-nbytes // 8)),))
    repeated = words.view(np.uint8)[:nbytes].view(values.dtype)
    repeated.reshape(len(values), times)[...] = values[:, None]
    return repeated


def frame_table(pm: pd.DataFrame):
    """The Arrow table of a person-month frame, without its summary-only columns (``_`` first)."""
    import pyarrow as pa

    internal = [c for c in pm.columns if c.startswith("_")]
    return pa.Table.from_pandas(pm.drop(columns=internal) if internal else pm, preserve_index=False)


class PersonMonthWriter:
    """Writes Arrow tables to one Parquet file in a background thread, in the order given.

    The schema is the first table's; later tables are cast to it. ``options`` for ``pq.ParquetWriter``;
    by default ``parquet_options`` of the first table's schema. ``close`` waits for the last table
    and raises what the thread raised; ``abort`` stops without waiting for the queue. Writing happens
    while the caller computes the next tables: at most ``depth`` tables wait (memory; 4 tables of
    ``TABLE_ROWS`` are 300 MB of output columns, and let the caller run ahead to the summary and the report
    while the writer finishes: 3 % less wall than 2 at 300k adults × 12 months, +84 MB peak RSS)."""

    def __init__(self, path: Path, options: dict | None = None, depth: int = 4):
        self.path = Path(path)
        # None: ``parquet_options`` of the first table's schema
        self.options = None if options is None else dict(options)
        self.rows = 0
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="taxben-person-months", daemon=True)
        self._thread.start()

    def write(self, table) -> None:
        while True:
            self._raise_failure()
            try:
                self._queue.put(table, timeout=0.1)
                return
            except queue.Full:
                continue

    def close(self) -> None:
        """Write what is queued, close the file; raise the writer's error, if any."""
        self._finish()
        self._raise_failure()

    def abort(self) -> None:
        """Stop writing (the caller failed); the partial file is the caller's to remove."""
        self._stop = True
        self._finish()

    def _finish(self) -> None:
        if self._thread.is_alive():
            while self._thread.is_alive():
                try:
                    self._queue.put(None, timeout=0.1)
                    break
                except queue.Full:
                    continue
            self._thread.join()

    def _raise_failure(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        import pyarrow.parquet as pq

        writer = None
        try:
            while (table := self._queue.get()) is not None:
                if self._stop or self._error is not None:
                    continue  # drain, so that a producer never waits on a full queue
                if writer is None:
                    if self.options is None:
                        self.options = parquet_options(table.schema)
                    writer = pq.ParquetWriter(self.path, table.schema, **self.options)
                if not table.schema.equals(writer.schema, check_metadata=False):
                    table = table.cast(writer.schema)
                writer.write_table(table)
                rows = table.num_rows
                del table  # its memory (the engine's pool) free for the next chunk while this thread waits
                self.rows += rows
        except BaseException as error:  # noqa: BLE001 - handed to the producer thread
            self._error = error
            while self._queue.get() is not None:
                pass
        finally:
            if writer is not None:
                try:
                    writer.close()
                except BaseException as error:  # noqa: BLE001
                    self._error = self._error or error

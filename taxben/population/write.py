"""Writing a synthetic population to Parquet: streamed, memory-bounded, atomic."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from taxben.population.synth import iter_blocks, make_plan

DEFAULT_CHUNK_SIZE = 1_000_000  # adults per Parquet row group (rounded to whole generation blocks)


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def _batches(blocks: Iterator[pd.DataFrame], chunk_size: int) -> Iterator[pd.DataFrame]:
    """Concatenate blocks until each batch holds at least ``chunk_size`` adults."""
    pending, rows = [], 0
    for frame in blocks:
        pending.append(frame)
        rows += len(frame)
        if rows >= chunk_size:
            yield pd.concat(pending, ignore_index=True)
            pending, rows = [], 0
    if pending:
        yield pd.concat(pending, ignore_index=True)


class _PartWriter:
    """Routes rows to part files; each household goes where its first adult's row number falls."""

    def __init__(self, target: Path, n: int, partitions: int, marker: tuple[int, int, int]):
        self.target, self.n, self.partitions, self.marker = target, n, partitions, marker
        self.schema: pa.Schema | None = None
        self.current: tuple[int, pq.ParquetWriter] | None = None
        self.written: set[int] = set()

    def path(self, part: int) -> Path:
        return self.target / part_name(part) if self.partitions > 1 else self.target

    def write(self, batch: pd.DataFrame, first_row: int) -> None:
        table = pa.Table.from_pandas(batch, schema=self.schema, preserve_index=False)
        if self.schema is None:
            table = table.replace_schema_metadata(_marked(table.schema, *self.marker).metadata)
        self.schema = table.schema
        household = batch["household_id"].to_numpy()
        starts = np.r_[0, np.flatnonzero(household[1:] != household[:-1]) + 1]
        part_of_start = (first_row + starts) * self.partitions // self.n
        part = np.repeat(part_of_start, np.diff(np.r_[starts, len(batch)]))
        for p in np.unique(part):
            rows = np.flatnonzero(part == p)
            self._writer(int(p)).write_table(table.slice(rows[0], len(rows)))

    def _writer(self, part: int) -> pq.ParquetWriter:
        if self.current is None or self.current[0] != part:
            self.close_file()
            self.current = (part, pq.ParquetWriter(self.path(part), self.schema))
            self.written.add(part)
        return self.current[1]

    def close_file(self) -> None:
        if self.current is not None:
            self.current[1].close()
            self.current = None

    def close(self) -> None:
        self.close_file()
        for part in set(range(self.partitions)) - self.written:  # no household began in this part
            pq.write_table(self.schema.empty_table(), self.path(part))


SYNTH_MARKER = b"taxben.synth"  # Parquet schema metadata: this file is a synthetic population taxben wrote
FILE_FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}


def _marked(table_schema: pa.Schema, year: int, n: int, seed: int) -> pa.Schema:
    meta = dict(table_schema.metadata or {})
    meta[SYNTH_MARKER] = f'{{"year": {year}, "n": {n}, "seed": {seed}}}'.encode()
    return table_schema.with_metadata(meta)


def _csv_header() -> str:
    from taxben.population.schema import POPULATION_COLUMNS

    return ",".join(spec.name for spec in POPULATION_COLUMNS)


def is_synthetic_output(path: Path) -> bool:
    """A file or folder ``write_synthetic`` wrote: Parquet carrying its marker, a CSV with exactly its
    header, or a folder of marked part files only."""
    try:
        if path.is_dir():
            entries = list(path.iterdir())
            return bool(entries) and all(e.is_file() and e.name.startswith("part-") and is_synthetic_output(e)
                                         for e in entries)
        if path.suffix.lower() in (".parquet", ".pq"):
            return SYNTH_MARKER in (pq.read_schema(path).metadata or {})
        if path.suffix.lower() == ".csv":
            with open(path, encoding="utf-8") as handle:
                return handle.readline().rstrip("\r\n") == _csv_header()
    except (OSError, ValueError, pa.ArrowException):
        return False
    return False


def output_format(out: Path, partitions: int) -> str:
    """"parquet" or "csv", from the name ``--out`` gives; any other extension is refused."""
    from taxben.safety.errors import UserError

    suffix = Path(out).suffix.lower()
    if partitions > 1:
        if suffix == ".csv":
            raise UserError(f"--out {out}: --partitions writes a folder of Parquet part files; give a folder name "
                            "without .csv, or --partitions 1 for one CSV file")
        return "parquet"
    if suffix not in FILE_FORMATS:
        raise UserError(f"--out {out}: the extension names the format: use .parquet (or .pq) or .csv")
    return FILE_FORMATS[suffix]


def _write_csv(batches: Iterator[pd.DataFrame], path: Path, progress) -> None:
    done = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        for k, batch in enumerate(batches):
            batch.to_csv(handle, index=False, header=k == 0, lineterminator="\n")
            done += len(batch)
            if progress:
                progress(done)


def write_synthetic(
    year: int,
    n: int,
    seed: int,
    out: Path,
    partitions: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
    overwrite: bool = False,
    notify: Callable[[str], None] | None = None,
) -> Path:
    """Write ``synthesize(year, n, seed)`` to ``out`` without holding it in memory.

    ``partitions == 1``: one file, Parquet or CSV as the extension of ``out`` says (``.parquet``/``.pq``
    or ``.csv``; anything else is refused). ``partitions > 1``: ``out`` is a directory of
    ``part-00000.parquet`` … with about ``n / partitions`` adults each; households are never split
    between files. The output appears only when complete (written beside ``out``, then renamed; see
    ``taxben.safety.output``): an existing ``out`` is replaced only if taxben wrote it and ``overwrite``.
    ``progress(adults_written)`` is called after every batch; ``notify(text)`` for each stale temporary
    file the guard removed.
    """
    from taxben.safety.output import claim_output

    out = Path(out)
    if not 1 <= partitions <= n:
        raise ValueError(f"partitions must be between 1 and n ({n}), got {partitions}")
    fmt = output_format(out, partitions)
    plan = make_plan(year, n, seed)
    kind = "dir" if partitions > 1 else "file"
    what = "a synthetic population taxben wrote"
    with claim_output(out, overwrite=overwrite, recognise=is_synthetic_output, what=what, kind=kind) as claim:
        with claim.staging() as tmp:
            batches = _batches(iter_blocks(plan), max(1, chunk_size))
            if fmt == "csv":
                _write_csv(batches, tmp, progress)
            else:
                writer = _PartWriter(tmp, n, partitions, (year, n, seed))
                try:
                    done = 0
                    for batch in batches:
                        writer.write(batch, done)
                        done += len(batch)
                        if progress:
                            progress(done)
                    writer.close()
                finally:
                    writer.close_file()
        for note in claim.notes if notify else ():
            notify(note)
    return out

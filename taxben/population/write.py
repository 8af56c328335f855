"""Writing a synthetic population to Parquet: streamed, memory-bounded, atomic."""

from __future__ import annotations

import os
import shutil
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

    def __init__(self, target: Path, n: int, partitions: int):
        self.target, self.n, self.partitions = target, n, partitions
        self.schema: pa.Schema | None = None
        self.current: tuple[int, pq.ParquetWriter] | None = None
        self.written: set[int] = set()

    def path(self, part: int) -> Path:
        return self.target / part_name(part) if self.partitions > 1 else self.target

    def write(self, batch: pd.DataFrame, first_row: int) -> None:
        table = pa.Table.from_pandas(batch, schema=self.schema, preserve_index=False)
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


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _replace(tmp: Path, out: Path) -> None:
    """Move ``tmp`` to ``out``; an existing ``out`` is replaced (atomically when both are files)."""
    if out.exists() and (out.is_dir() or tmp.is_dir()):
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        os.replace(tmp, out)
        _remove(old)
    else:
        os.replace(tmp, out)


def write_synthetic(
    year: int,
    n: int,
    seed: int,
    out: Path,
    partitions: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Write ``synthesize(year, n, seed)`` to ``out`` without holding it in memory.

    ``partitions == 1``: one Parquet file. ``partitions > 1``: ``out`` is a directory of
    ``part-00000.parquet`` … with about ``n / partitions`` adults each; households are never split
    between files. The file (or directory) appears only when complete: it is written under a temporary
    name beside ``out`` and renamed. ``progress(adults_written)`` is called after every batch.
    """
    out = Path(out)
    if not 1 <= partitions <= n:
        raise ValueError(f"partitions must be between 1 and n ({n}), got {partitions}")
    plan = make_plan(year, n, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    if partitions > 1:
        tmp.mkdir(parents=True)
    writer = _PartWriter(tmp, n, partitions)
    try:
        done = 0
        for batch in _batches(iter_blocks(plan), max(1, chunk_size)):
            writer.write(batch, done)
            done += len(batch)
            if progress:
                progress(done)
        writer.close()
        _replace(tmp, out)
    except BaseException:
        writer.close_file()
        _remove(tmp)
        raise
    return out

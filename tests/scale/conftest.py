"""A LocalCluster (2 worker processes × 1 thread, loopback) shared by the tests of this directory,
and populations written as several Parquet files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from taxben.population import synthesize


@pytest.fixture(scope="session")
def client():
    from taxben.scale import dask_client

    with dask_client(n_workers=2, threads_per_worker=1) as c:
        yield c


def write_parts(frame: pd.DataFrame, directory: Path, cuts: list[int]) -> list[Path]:
    """``frame`` rows [0, c1), [c1, c2), ... as part-00000.parquet, part-00001.parquet, ..."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (lo, hi) in enumerate(zip([0, *cuts], [*cuts, len(frame)])):
        path = directory / f"part-{i:05d}.parquet"
        frame.iloc[lo:hi].to_parquet(path, index=False)
        paths.append(path)
    return paths


def couple_cuts(frame: pd.DataFrame, parts: int) -> list[int]:
    """Row numbers that fall between the two adults of a couple: cutting there splits households."""
    hh = frame["household_id"].to_numpy()
    second = np.flatnonzero(hh[1:] == hh[:-1]) + 1
    return [int(second[k * len(second) // parts]) for k in range(1, parts)]


@pytest.fixture(scope="session")
def population() -> pd.DataFrame:
    frame = synthesize(2005, 1500, 21)
    frame["municipality"] = np.where(frame["person_id"] % 3 == 0, "Aarhus", "Odense")  # passed through
    return frame


@pytest.fixture(scope="session")
def straddling(population, tmp_path_factory) -> tuple[Path, Path]:
    """(directory of 3 part files whose cuts split couples, the same adults as one file)."""
    root = tmp_path_factory.mktemp("straddling")
    write_parts(population, root / "parts", couple_cuts(population, 3))
    population.to_parquet(root / "all.parquet", index=False)
    return root / "parts", root / "all.parquet"

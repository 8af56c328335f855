"""Scale-out on Dask: the same population run as ``taxben run``, over a partitioned Parquet population.

Public API::

    run_population_dask(population, out_dir, scenarios, start, months, scheduler=None, client=None, ...)
        -> DaskRunResult(out_dir, summary, info, notes)
    dask_client(scheduler=None, n_workers=2, threads_per_worker=1)   # context manager: a Client

See docs/scale-out.md.
"""

from taxben.scale.cluster import dask_client
from taxben.scale.engine import DaskRunResult, run_population_dask

__all__ = ["DaskRunResult", "dask_client", "run_population_dask"]

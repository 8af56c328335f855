"""A Dask client: an existing scheduler, or a LocalCluster on the loopback interface."""

from __future__ import annotations

import os
import resource
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import dask

NUMBA_THREADS_KEY = "distributed.nanny.pre-spawn-environ.NUMBA_NUM_THREADS"


@contextmanager
def dask_client(scheduler: str | None = None, *, n_workers: int = 2, threads_per_worker: int = 1,
                memory_limit: str | float | None = "auto", dashboard_address: str | None = None) -> Iterator:
    """Yield a ``distributed.Client``.

    ``scheduler``: address of a running scheduler (``tcp://host:8786``); its workers are used as they
    are. Without it a ``LocalCluster`` of ``n_workers`` processes × ``threads_per_worker`` threads
    listening on 127.0.0.1 only, whose workers start with ``NUMBA_NUM_THREADS=1`` (set through the
    nanny's pre-spawn environment: passing ``env=`` to LocalCluster fails once numba threads exist),
    so that processes, not numba threads, share the cores. The cluster is closed on exit.
    """
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler, set_as_default=False) as client:
            yield client
        return
    # the nanny writes its pre-spawn environment into this process's os.environ and leaves it there;
    # numba re-reads NUMBA_NUM_THREADS whenever it compiles, and a changed value after its threads
    # started is a RuntimeError: so the client's own value is put back once the workers are spawned
    own_value = os.environ.get("NUMBA_NUM_THREADS")
    try:
        with dask.config.set({NUMBA_THREADS_KEY: "1"}):
            with LocalCluster(n_workers=n_workers, threads_per_worker=threads_per_worker, processes=True,
                              host="127.0.0.1", dashboard_address=dashboard_address,
                              memory_limit=memory_limit) as cluster:
                _restore_environ("NUMBA_NUM_THREADS", own_value)
                with Client(cluster, set_as_default=False) as client:
                    yield client
    finally:
        _restore_environ("NUMBA_NUM_THREADS", own_value)


def _restore_environ(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def worker_peak_rss_mb() -> float:
    """Peak resident memory of this process since it started, MB (runs on each worker)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def worker_environment() -> dict:
    """What a worker runs with (numba threads, pid): for run.json and the tests."""
    import numba

    return {"pid": os.getpid(), "numba_threads": numba.get_num_threads(),
            "NUMBA_NUM_THREADS": os.environ.get("NUMBA_NUM_THREADS")}

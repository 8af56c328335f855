"""Helpers of the pytest-benchmark suite (the workloads themselves are in ``taxben.cli.bench_cmd``)."""

from __future__ import annotations


def median_seconds(benchmark) -> float | None:
    """The median of the benchmark's rounds (None when benchmarks are disabled)."""
    stats = getattr(benchmark, "stats", None)
    return None if stats is None else stats.stats.median


def discard(fn):
    """Call ``fn`` and drop its (large) result, so rounds never hold two outputs at once."""

    def call() -> None:
        fn()

    return call

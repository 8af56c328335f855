"""The caseworker dashboard's recomputation: one household, 0-40 hours/week × baseline/ceiling70_mg45 ×
24 months through ``taxben.calc.sweep`` (engine + the pandas table), warm."""

from __future__ import annotations

from benchlib import discard, median_seconds

from taxben.benchmarking import sweep_call


def test_dashboard_sweep(benchmark):
    benchmark.group = "dashboard"
    benchmark.pedantic(discard(sweep_call()), rounds=20, warmup_rounds=2)
    median = median_seconds(benchmark)
    if median:
        benchmark.extra_info["median_ms"] = round(median * 1e3, 1)
        benchmark.extra_info["target_ms"] = 50
        benchmark.extra_info["person_months_per_s"] = round(41 * 2 * 24 / median)

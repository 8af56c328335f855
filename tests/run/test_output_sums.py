"""The summary from the engine output (taxben.run.output_sums) equals the summary from person-month frames.

``taxben run`` sums straight from the engine's output arrays; the behaviour model and the dashboard sum
person-month frames (``SummaryAccumulator.add`` / ``add_winners``). Both must give the same numbers, bit
for bit: the same terms added in the same order. The story: a synthetic population of each rule era,
hours changing month by month (so adults cross hours bands and the 12-month clock runs), the baseline
and two reforms, run through both paths chunk by chunk; every table the run writes must be identical.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from taxben.population.synth import synthesize
from taxben.run.population_run import household_chunks
from taxben.run.person_months import person_month_frame
from taxben.run.summary import SummaryAccumulator
from taxben.simulate import indicator_settings, population_arrays, simulate_prepared
from taxben.simulate.scenario import prepare_run

SCENARIOS = ["ceiling70_mg45", "ceiling60_mg45"]


def varying_hours(frame: pd.DataFrame, n_months: int, seed: int) -> np.ndarray:
    """Hours per week per adult and month: each adult's own hours, changed in a third of the months to
    0, 5, 12, 25 or 37 hours (so person-months move between hours bands and in and out of work)."""
    rng = np.random.default_rng(seed)
    hours = np.repeat(frame["hours_per_week"].to_numpy(dtype=float)[:, None], n_months, axis=1)
    change = rng.random(hours.shape) < 1 / 3
    hours[change] = rng.choice([0.0, 5.0, 12.0, 25.0, 37.0], size=change.sum())
    return hours


def both_paths(year: int, start: str, n_months: int, chunk_persons: int):
    frame = synthesize(year, 1500, seed=year)
    hours_all = varying_hours(frame, n_months, seed=year + 1)
    prepared = prepare_run(SCENARIOS, start, n_months)
    names = [p.name for p in prepared]
    months = list(prepared[0].months)
    from_outputs = SummaryAccumulator(n_months)
    from_frames = SummaryAccumulator(n_months)
    for lo, hi in household_chunks(frame["household_id"].to_numpy(), chunk_persons):
        chunk = frame.iloc[lo:hi]
        outs = simulate_prepared(prepared, population_arrays(chunk, hours_all[lo:hi]), indicator_settings())
        from_outputs.add_outputs(chunk, names, outs, months)
        frames = [person_month_frame(name, chunk, out, months) for name, out in zip(names, outs)]
        for pm in frames:
            from_frames.add(pm)
        for name, pm in zip(names[1:], frames[1:]):
            from_frames.add_winners(frames[0], pm, name)
    return from_outputs, from_frames


@pytest.mark.parametrize("year, start", [(2005, "2005-01"), (2026, "2026-01")])
def test_summary_from_outputs_equals_summary_from_frames(year, start):
    from_outputs, from_frames = both_paths(year, start, n_months=14, chunk_persons=400)
    pd.testing.assert_frame_equal(from_outputs.sums(), from_frames.sums(), check_exact=True)
    pd.testing.assert_frame_equal(from_outputs.winners(), from_frames.winners(), check_exact=True)
    pd.testing.assert_frame_equal(from_outputs.table(), from_frames.table(), check_exact=True)
    pd.testing.assert_frame_equal(from_outputs.monthly(), from_frames.monthly(), check_exact=True)
    pd.testing.assert_frame_equal(from_outputs.deciles(), from_frames.deciles(), check_exact=True)


def test_summary_counts_every_person_month_once():
    """Independent of both paths: the 'all' group of each scenario holds n_adults × n_months
    person-months and their total weight."""
    from_outputs, _ = both_paths(2005, "2005-01", n_months=3, chunk_persons=250)
    frame = synthesize(2005, 1500, seed=2005)
    sums = from_outputs.sums()
    everyone = sums[sums["dimension"] == "all"].set_index("scenario")
    assert set(everyone.index) == {"baseline", *SCENARIOS}
    for scenario in everyone.index:
        assert everyone.loc[scenario, "w"] == pytest.approx(3 * frame["weight"].sum(), rel=1e-12)
    # each dimension's groups add up to the same person-months
    per_dimension = sums.groupby(["scenario", "dimension"])["w"].sum().unstack()
    for dimension in per_dimension.columns:
        np.testing.assert_allclose(per_dimension[dimension], per_dimension["all"], rtol=1e-12)

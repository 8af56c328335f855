"""The engine's output buffers are reused only when nobody holds them, and a reused buffer's old
contents never show through (the engine writes every field of every record).

Story: an analyst keeps the 2005 result of a synthetic population while computing 2026 on another; the
2005 numbers must not change under her. A benchmark loop drops each result before the next call; then
the engine writes into the same memory again instead of first-touching fresh pages.
"""

import numpy as np
import pytest

from taxben.population.synth import synthesize
from taxben.simulate import indicator_settings, population_arrays, simulate_arrays, simulate_scenarios
from taxben.simulate.buffers import BUFFERS, BufferPool, without_huge_page_advice
from taxben.simulate.scenario import prepare_run


@pytest.fixture(scope="module")
def runs():
    """(arrays, reform, baseline) for 2005 and 2026, 300 synthetic adults each (singles and couples, all
    match groups), three months."""
    made = {}
    for year in (2005, 2026):
        baseline, reform = prepare_run(["ceiling70_mg45"], f"{year}-01", 3)
        made[year] = (population_arrays(synthesize(year, 300, seed=year)), reform, baseline)
    return made


def address(array: np.ndarray) -> int:
    return array.__array_interface__["data"][0]


def test_a_held_result_is_never_overwritten(runs):
    arrays_2005, reform_2005, _ = runs[2005]
    arrays_2026, reform_2026, _ = runs[2026]
    kept = simulate_arrays(reform_2005.P, reform_2005.ceiling, arrays_2005)
    snapshot = kept.copy()
    for _ in range(3):  # same shape, other numbers: must come from other memory while ``kept`` lives
        other = simulate_arrays(reform_2026.P, reform_2026.ceiling, arrays_2026)
        assert not np.shares_memory(other, kept)
        del other
    np.testing.assert_array_equal(kept, snapshot)


def test_a_dropped_result_is_reused_and_fully_rewritten(runs):
    """Poison the freed buffer; the next run on the same population gives the same numbers to the bit
    (NaN where the first had NaN), so no field of the old contents survives, indicators on or off."""
    arrays, reform, _ = runs[2026]
    for settings in (indicator_settings(), indicator_settings(indicators=False)):
        first = simulate_arrays(reform.P, reform.ceiling, arrays, settings)
        expected = first.copy()
        memory = address(first)
        first[...] = 9.87654321e300  # what a reused buffer holds before the engine writes
        del first
        again = simulate_arrays(reform.P, reform.ceiling, arrays, settings)
        assert address(again) == memory
        np.testing.assert_array_equal(again, expected)
        assert not (again == 9.87654321e300).any()
        del again


def test_several_scenarios_in_one_buffer_are_all_written(runs):
    arrays, reform, base = runs[2005]
    together = simulate_scenarios(reform.P, [base.ceiling, reform.ceiling], arrays)
    expected = together.copy()
    together[...] = np.inf
    del together
    again = simulate_scenarios(reform.P, [base.ceiling, reform.ceiling], arrays)
    np.testing.assert_array_equal(again, expected)


def test_free_buffers_kept_are_bounded_and_released():
    pool = BufferPool(retained_bytes=3 * 8 * 1000)
    held = [pool.empty((1000,)) for _ in range(5)]  # all in use: five buffers
    assert len({address(a) for a in held}) == 5
    del held
    pool.empty((10,))  # a new size: the pool trims its free buffers to 3 × 8,000 bytes
    assert pool.kept_bytes() <= 3 * 8 * 1000 + 80
    reused = pool.empty((1000,))
    assert reused.shape == (1000,)
    pool.release()
    assert pool.kept_bytes() == 0


def test_a_view_keeps_its_buffer_in_use():
    pool = BufferPool()
    out = pool.empty((4, 5))
    column = out[:, 2]  # what a caller keeps of a result: a view
    del out
    other = pool.empty((4, 5))
    assert not np.shares_memory(other, column)


def test_huge_page_advice_is_restored():
    from numpy._core import multiarray

    before = multiarray._set_madvise_hugepage(True)
    try:
        with without_huge_page_advice():
            inside = multiarray._set_madvise_hugepage(False)
        after = multiarray._set_madvise_hugepage(True)
        assert (inside, after) == (False, True)
    finally:
        multiarray._set_madvise_hugepage(before)


def test_the_engine_uses_the_shared_pool(runs):
    arrays, reform, _ = runs[2005]
    out = simulate_arrays(reform.P, reform.ceiling, arrays)
    assert any(np.shares_memory(out, buffer) for buffer in BUFFERS._buffers)


def test_population_arrays_reuse_their_buffers_fully_written():
    """The population arrays come from the same pool: rebuilt on poisoned memory they are the same."""
    frame = synthesize(2026, 300, seed=11)
    first = population_arrays(frame)
    expected = (first.person.copy(), first.households.copy(), first.hours.copy())
    memory = address(first.person)
    first.person[...] = np.nan
    first.households.view(np.float64)[...] = np.nan
    first.hours[...] = np.nan
    del first
    again = population_arrays(frame)
    assert address(again.person) == memory
    np.testing.assert_array_equal(again.person, expected[0])
    np.testing.assert_array_equal(again.households, expected[1])
    np.testing.assert_array_equal(again.hours, expected[2])


def test_chunks_a_few_rows_apart_share_one_buffer():
    """Chunks of whole households differ by a row or two (100,000, then 100,001, then 99,999 adults):
    the later ones take the start of the first's buffer instead of a new one; a much smaller request
    does not."""
    pool = BufferPool()
    first = pool.empty((2, 1000, 12, 31))
    memory = address(first)
    del first
    for adults in (1001, 999):
        later = pool.empty((2, adults, 12, 31))
        assert address(later) == memory and later.shape == (2, adults, 12, 31)
        del later
    small = pool.empty((2, 500, 12, 31))
    assert address(small) != memory

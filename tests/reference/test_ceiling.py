"""The ceiling (SPEC §5): clock rules, envelope against an independent scalar walk, grid variants."""

from __future__ import annotations

import numpy as np
import pytest
from reference_cases import NO_CEILING, adult, ceiling, params, run

from taxben.kernels import fields as F
from taxben.simulate import indicator_settings

WORKER_2005 = [([adult(35, 110)], 0, 0)]  # EXAMPLES case A 2005: supplement at 10 h = 1,072


def _supp(out):
    return out[0, :, F.O_SUPPLEMENT]


def test_working_every_month_supplement_for_12_months():
    out = run(params(2005, 24), ceiling(), WORKER_2005, [10])
    assert np.all(_supp(out)[:12] == pytest.approx(1_072, abs=1))
    assert np.all(_supp(out)[12:] == 0)
    np.testing.assert_array_equal(out[0, :, F.O_CEILING_ELIGIBLE], [1] * 12 + [0] * 12)
    np.testing.assert_array_equal(out[0, :, F.O_CEILING_CLOCK], list(range(1, 13)) + [12] * 12)
    # back on the baseline rules: the cliff
    base = run(params(2005, 24), NO_CEILING, WORKER_2005, [10])
    np.testing.assert_array_equal(out[0, 12:, F.O_HH_DISPOSABLE], base[0, 12:, F.O_HH_DISPOSABLE])
    np.testing.assert_array_equal(out[0, 12:, F.O_EMTR], base[0, 12:, F.O_EMTR])


def test_extension_granted_through_month_24():
    hh = [([adult(35, 110, extension=True)], 0, 0)]
    out = run(params(2005, 26), ceiling(), hh, [10])
    assert np.all(_supp(out)[:24] > 1_000) and np.all(_supp(out)[24:] == 0)


def test_ceiling_months_used_is_honoured():
    hh = [([adult(35, 110, ceiling_months_used=5)], 0, 0)]
    out = run(params(2005, 12), ceiling(), hh, [10])
    assert np.all(_supp(out)[:7] > 1_000) and np.all(_supp(out)[7:] == 0)
    np.testing.assert_array_equal(out[0, :, F.O_CEILING_CLOCK], list(range(6, 13)) + [12] * 5)


def _stop_restart():
    """Works months 0-3, stops 4-9, works again from month 10 (hours schedule)."""
    h = np.full((1, 24), 10.0)
    h[0, 4:10] = 0.0
    return h


def test_working_vs_calendar_clock_stop_and_restart():
    h = _stop_restart()
    work = run(params(2005, 24), ceiling(clock="working_months"), WORKER_2005, h)
    cal = run(params(2005, 24), ceiling(clock="calendar_months"), WORKER_2005, h)
    paid_work = _supp(work) > 0
    paid_cal = _supp(cal) > 0
    # working months: 4 months before the break + 8 after = 12
    np.testing.assert_array_equal(np.flatnonzero(paid_work), list(range(0, 4)) + list(range(10, 18)))
    # calendar months: the clock runs from month 0, so only months 0-3 and 10-11
    np.testing.assert_array_equal(np.flatnonzero(paid_cal), [0, 1, 2, 3, 10, 11])
    np.testing.assert_array_equal(cal[0, :, F.O_CEILING_CLOCK], list(range(1, 25)))
    np.testing.assert_array_equal(work[0, :, F.O_CEILING_CLOCK], [1, 2, 3, 4] + [4] * 6 + list(range(5, 13)) + [12] * 6)


def test_calendar_clock_runs_from_start_when_months_used():
    hh = [([adult(35, 110, ceiling_months_used=3)], 0, 0)]
    h = np.zeros((1, 6))
    out = run(params(2005, 6), ceiling(clock="calendar_months"), hh, h)
    np.testing.assert_array_equal(out[0, :, F.O_CEILING_CLOCK], [4, 5, 6, 7, 8, 9])
    out = run(params(2005, 6), ceiling(clock="working_months"), hh, h)
    np.testing.assert_array_equal(out[0, :, F.O_CEILING_CLOCK], [3] * 6)


def test_available_non_worker_gets_the_ceiling_in_its_emtr():
    """A non-worker whose clock is running is not eligible (hours 0) but available: its EMTR from 0 to δ
    includes the supplement (EXAMPLES 2005 A 0 h: EMTR with ceiling 0.700)."""
    h = _stop_restart()
    out = run(params(2005, 24), ceiling(), WORKER_2005, h)
    assert out[0, 5, F.O_CEILING_ELIGIBLE] == 0
    assert out[0, 5, F.O_EMTR] == pytest.approx(0.70, abs=1e-9)
    assert out[0, 5, F.O_PTR] == pytest.approx(0.70, abs=1e-9)  # 15 h reference, grid of whole hours
    # once the clock has run out (calendar clock, month 12+) the non-worker is back on the baseline
    cal = run(params(2005, 24), ceiling(clock="calendar_months"), WORKER_2005, np.zeros((1, 24)))
    assert np.all(cal[0, :, F.O_CEILING_CLOCK] == 0)  # never eligible: the calendar clock never starts


def test_non_eligible_group_and_non_recipient_get_nothing():
    for a in (adult(35, 110, match_group=3), adult(35, 110, recipient=False)):
        out = run(params(2005, 2), ceiling(), [([a], 0, 0)], [10])
        base = run(params(2005, 2), NO_CEILING, [([a], 0, 0)], [10])
        np.testing.assert_array_equal(out, base)


def _scalar_envelope(D, E, c):
    """Plain walk of SPEC §5 over lists D(h_k), E(h_k), k = 0..K."""
    M = D[0]
    for k in range(1, len(D)):
        M = max(M + (1 - c) * (E[k] - E[k - 1]), D[k])
    return M - D[-1]


@pytest.mark.parametrize("year", [2005, 2026])
@pytest.mark.parametrize("grid", [1.0, 0.5, 2.5])
@pytest.mark.parametrize("hours", [0.7, 10.0, 12.5, 26.0, 27.0, 37.3])
def test_supplement_equals_scalar_walk_over_baseline_d(year, grid, hours):
    """The supplement equals an independent walk over baseline D evaluated point by point (each grid
    point a separate baseline run), for a couple where adult 2 works 8 h and is not eligible."""
    wage = 110 if year == 2005 else 160
    hh = [([adult(35, wage), adult(33, wage, match_group=2)], 1, 5_000)]
    pts = [k * grid for k in range(0, 200) if k * grid < hours - 1e-9] + [hours]
    D, Es = [], []
    for h in pts:
        b = run(params(year), NO_CEILING, hh, [h, 8.0])[:, 0]
        D.append(b[0, F.O_HH_DISPOSABLE])
        Es.append(b[0, F.O_EARNINGS])
    out = run(params(year), ceiling(grid=grid), hh, [hours, 8.0])[:, 0]
    assert out[0, F.O_SUPPLEMENT] == pytest.approx(_scalar_envelope(D, Es, 0.70), abs=1e-9)
    assert out[1, F.O_SUPPLEMENT] == 0


def test_supplement_zero_where_baseline_marginal_rate_at_most_c():
    """2026 case D (22, living with parents, wage 130): baseline marginal rate 0.678 on each of the steps
    up to 8 h, so no supplement there; the step to 9 h crosses the ATP band at 39 h/month (0.734 > 0.70)
    and gets a small supplement, which the next step (0.262 once help is gone) takes back: at 10 h the
    supplement is 0 again (EXAMPLES.md: supplement 0, EMTR with ceiling 0.360)."""
    hh = [([adult(22, 130, lives_with_parents=True)], 0, 0)]
    d = [run(params(2026), NO_CEILING, hh, [h])[0, 0, F.O_HH_DISPOSABLE] for h in range(11)]
    e = [130 * h * 52 / 12 for h in range(11)]
    rate = [1 - (d[k] - d[k - 1]) / (e[k] - e[k - 1]) for k in range(1, 11)]
    assert max(rate[:8]) < 0.70 < rate[8] and rate[9] < 0.70
    supp = [run(params(2026), ceiling(), hh, [h])[0, 0, F.O_SUPPLEMENT] for h in range(11)]
    assert supp[:9] == [0.0] * 9
    assert supp[9] == pytest.approx(d[8] + 0.30 * (e[9] - e[8]) - d[9], abs=1e-9)
    assert supp[10] == 0.0


def test_ceiling_rate_parameter():
    """c = 0.5: a 2005 single at 10 h gets 10 × 0.5 × 476.67 − (D(10) − D(0)) = 2,383 − 358 = 2,025."""
    out = run(params(2005), ceiling(rate=0.5), WORKER_2005, [10])[0, 0]
    assert out[F.O_SUPPLEMENT] == pytest.approx(0.5 * 110 * 10 * 52 / 12 - (6_823 - 6_465), abs=1)
    assert out[F.O_EMTR] == pytest.approx(0.5, abs=1e-9)


def test_settings_delta_and_ptr_reference():
    out = run(params(2005), NO_CEILING, WORKER_2005, [0], settings=indicator_settings(2.0, 20.0))[0, 0]
    base = [run(params(2005), NO_CEILING, WORKER_2005, [h])[0, 0, F.O_HH_DISPOSABLE] for h in (0, 2, 20)]
    e = lambda h: 110 * h * 52 / 12  # noqa: E731
    assert out[F.O_EMTR] == pytest.approx(1 - (base[1] - base[0]) / e(2), abs=1e-12)
    assert out[F.O_PTR] == pytest.approx(1 - (base[2] - base[0]) / e(20), abs=1e-12)
    assert out[F.O_GAIN] == pytest.approx(base[2] - base[0], abs=1e-9)

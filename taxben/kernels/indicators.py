"""Effective marginal tax rate, participation tax rate and gain from work (SPEC §6)."""

import math

from numba import njit

from taxben.kernels import fields as F
from taxben.kernels.ceiling import ceiling_supplement, ceiling_supplement_pair
from taxben.kernels.household import budget_varying


@njit(cache=True)
def effective_marginal_tax_rate(delta_earnings, delta_disposable):
    """EMTR = 1 − ΔD / ΔE; undefined (NaN) when earnings do not change (hourly wage 0)."""
    if delta_earnings <= 0.0:
        return math.nan
    return 1.0 - delta_disposable / delta_earnings


@njit(cache=True)
def emtr_decomposition(comp_at, comp_up, j, delta_supplements, delta_earnings, out_row):
    """Percentage-point contributions to the EMTR of adult j: AM-bidrag + ATP, income tax, withdrawal
    of kontanthjælp, of housing support, the cap reduction and the ceiling supplement. They add up to
    the EMTR: ΔE − ΔD = ΔAM + ΔATP + Δtax − ΔK − Δhousing + Δcap − Δsupplement."""
    if delta_earnings <= 0.0:
        for col in range(F.O_EMTR_AM_ATP, F.O_EMTR_SUPPLEMENT + 1):
            out_row[col] = math.nan
        return
    d_contributions = (comp_up[F.C_AM + j] - comp_at[F.C_AM + j]) + (comp_up[F.C_ATP + j] - comp_at[F.C_ATP + j])
    d_tax = (comp_up[F.C_TAX] + comp_up[F.C_TAX + 1]) - (comp_at[F.C_TAX] + comp_at[F.C_TAX + 1])
    d_help = (comp_up[F.C_KONTANTHJAELP] + comp_up[F.C_KONTANTHJAELP + 1]) - (
        comp_at[F.C_KONTANTHJAELP] + comp_at[F.C_KONTANTHJAELP + 1]
    )
    d_housing = (comp_up[F.C_BOLIGSIKRING] + comp_up[F.C_SAERLIG_STOETTE]) - (
        comp_at[F.C_BOLIGSIKRING] + comp_at[F.C_SAERLIG_STOETTE]
    )
    d_cap = comp_up[F.C_CAP_REDUCTION] - comp_at[F.C_CAP_REDUCTION]
    out_row[F.O_EMTR_AM_ATP] = d_contributions / delta_earnings
    out_row[F.O_EMTR_TAX] = d_tax / delta_earnings
    out_row[F.O_EMTR_KONTANTHJAELP] = -d_help / delta_earnings
    out_row[F.O_EMTR_HOUSING] = -d_housing / delta_earnings
    out_row[F.O_EMTR_CAP] = d_cap / delta_earnings
    out_row[F.O_EMTR_SUPPLEMENT] = -delta_supplements / delta_earnings


@njit(cache=True)
def adult_indicators(p, c, person, i0, n_adults, n_children, rent_m, j, hours, capped_0, capped_1,
                     available, supplements, supplements_up, d_actual, comp_at, comp_up, settings, out_row):
    """EMTR (with decomposition), PTR and gain from work of adult j, all other things fixed.

    ``hours`` (2,) actual hours; ``available`` (2,) ceiling availability this month; ``supplements``
    (2,) the adults' supplements at actual hours and ``supplements_up`` (2,) at actual hours + δ (for
    available adults who work; from the same walk); ``d_actual`` baseline D at actual hours with its
    components in ``comp_at``; ``comp_up`` is scratch space."""
    o = 1 - j
    h = hours[j]
    h_other = hours[o] if n_adults == 2 else 0.0
    delta = settings[F.S_EMTR_DELTA_HOURS]
    reference = settings[F.S_PTR_REFERENCE_HOURS]
    working = h > 0.0
    h_up = h + delta

    # own supplement at h + δ and at the participation hours H
    s_own_up = 0.0
    s_own_participation = supplements[j]
    if available[j]:
        if working:
            s_own_up = supplements_up[j]
        else:
            low = min(h_up, reference)
            high = max(h_up, reference)
            s_low, s_high = ceiling_supplement_pair(p, c, person, i0, n_adults, n_children, rent_m, j, h_other,
                                                    capped_0, capped_1, low, high, comp_up)
            s_own_up = s_low if h_up <= reference else s_high
            s_own_participation = s_high if h_up <= reference else s_low
    # the other adult's supplement when j's hours change (a couple where both are eligible)
    s_other_up = 0.0
    s_other_participation = 0.0
    s_other_zero = 0.0
    if n_adults == 2 and available[o] and h_other > 0.0:
        s_other_up = ceiling_supplement(p, c, person, i0, n_adults, n_children, rent_m, o, h_other, h_up,
                                        capped_0, capped_1, comp_up)
        if working:
            s_other_participation = supplements[o]
            s_other_zero = ceiling_supplement(p, c, person, i0, n_adults, n_children, rent_m, o, h_other, 0.0,
                                              capped_0, capped_1, comp_up)
        else:
            s_other_zero = supplements[o]
            s_other_participation = ceiling_supplement(p, c, person, i0, n_adults, n_children, rent_m, o, h_other,
                                                       reference, capped_0, capped_1, comp_up)

    # participation: D at H and at 0 (baseline), comp_up reused as scratch
    if working:
        d_participation = d_actual
        d_zero = budget_varying(p, person, i0, n_adults, n_children, rent_m, j, 0.0, h_other, capped_0, capped_1, comp_up)
    else:
        d_zero = d_actual
        d_participation = budget_varying(p, person, i0, n_adults, n_children, rent_m, j, reference, h_other,
                                         capped_0, capped_1, comp_up)
    earnings_participation = comp_up[F.C_EARNINGS + j] if not working else comp_at[F.C_EARNINGS + j]
    gain = (d_participation + s_own_participation + s_other_participation) - (d_zero + s_other_zero)
    if person[i0 + j, F.HOURLY_WAGE] <= 0.0:
        gain = 0.0  # no earnings to gain: PTR and EMTR are undefined (NaN), the gain is nil
    out_row[F.O_GAIN] = gain
    out_row[F.O_PTR] = 1.0 - gain / earnings_participation if earnings_participation > 0.0 else math.nan

    # EMTR: D at h + δ with components for the decomposition
    d_up = budget_varying(p, person, i0, n_adults, n_children, rent_m, j, h_up, h_other, capped_0, capped_1, comp_up)
    delta_earnings = comp_up[F.C_EARNINGS + j] - comp_at[F.C_EARNINGS + j]
    supplements_at = supplements[0] + (supplements[1] if n_adults == 2 else 0.0)
    supplements_up = s_own_up + s_other_up
    delta_supplements = supplements_up - supplements_at
    out_row[F.O_EMTR] = effective_marginal_tax_rate(delta_earnings, (d_up + supplements_up) - (d_actual + supplements_at))
    emtr_decomposition(comp_at, comp_up, j, delta_supplements, delta_earnings, out_row)

"""Effective marginal tax rate, participation tax rate and gain from work (SPEC §6).

Each indicator compares two household budgets (``household.Budget``) and the household's ceiling
supplements at those hours; results are written into an adult's output record (``fields.OUT_DTYPE``).
"""

import math

from numba import njit


@njit(cache=True)
def effective_marginal_tax_rate(delta_earnings, delta_disposable):
    """EMTR = 1 − ΔD / ΔE; undefined (NaN) when earnings do not change (hourly wage 0)."""
    if delta_earnings <= 0.0:
        return math.nan
    return 1.0 - delta_disposable / delta_earnings


@njit(cache=True)
def earnings_of(budget, who):
    return budget.earnings_0 if who == 0 else budget.earnings_1


@njit(cache=True)
def contributions(budget):
    """The household's AM-bidrag and ATP (on earnings and on help)."""
    return budget.am_0 + budget.am_1 + budget.atp_0 + budget.atp_1 + budget.atp_on_help_0 + budget.atp_on_help_1


@njit(cache=True)
def write_emtr(row, who, at, up, supplement_at, supplement_up):
    """EMTR of adult ``who`` from budget ``at`` (actual hours) to ``up`` (+ δ), with the household's
    ceiling supplements at both, and its decomposition in percentage points: AM-bidrag + ATP, income
    tax, withdrawal of kontanthjælp, of housing support, the cap reduction, family benefits and the
    ceiling supplement. The parts add up to the EMTR:
    ΔE − ΔD = ΔAM + ΔATP + Δtax − ΔK − Δhousing + Δcap − Δfamily − Δsupplement."""
    delta_earnings = earnings_of(up, who) - earnings_of(at, who)
    row.emtr = effective_marginal_tax_rate(
        delta_earnings, (up.disposable + supplement_up) - (at.disposable + supplement_at))
    if delta_earnings <= 0.0:
        row.emtr_am_atp = math.nan
        row.emtr_income_tax = math.nan
        row.emtr_kontanthjaelp = math.nan
        row.emtr_housing = math.nan
        row.emtr_benefit_cap = math.nan
        row.emtr_family_benefits = math.nan
        row.emtr_ceiling_supplement = math.nan
        return
    d_tax = (up.income_tax_0 + up.income_tax_1) - (at.income_tax_0 + at.income_tax_1)
    d_help = (up.kontanthjaelp_0 + up.kontanthjaelp_1) - (at.kontanthjaelp_0 + at.kontanthjaelp_1)
    d_housing = (up.boligsikring + up.saerlig_stoette) - (at.boligsikring + at.saerlig_stoette)
    d_family = (up.child_benefits + up.fritidstillaeg) - (at.child_benefits + at.fritidstillaeg)
    row.emtr_am_atp = (contributions(up) - contributions(at)) / delta_earnings
    row.emtr_income_tax = d_tax / delta_earnings
    row.emtr_kontanthjaelp = -d_help / delta_earnings
    row.emtr_housing = -d_housing / delta_earnings
    row.emtr_benefit_cap = (up.cap_reduction - at.cap_reduction) / delta_earnings
    row.emtr_family_benefits = -d_family / delta_earnings
    row.emtr_ceiling_supplement = -(supplement_up - supplement_at) / delta_earnings


@njit(cache=True)
def write_participation(row, hourly_wage, disposable_at_zero, zero_supplement, disposable_at_work, work_supplement,
                        earnings_at_work):
    """Gain from work D(H) − D(0) (with the household's supplements) and PTR = 1 − gain / E(H), H the
    adult's hours if working, else the reference hours. No wage: gain 0, PTR undefined (NaN)."""
    gain = (disposable_at_work + work_supplement) - (disposable_at_zero + zero_supplement)
    if hourly_wage <= 0.0:
        gain = 0.0
    row.gain_from_work_m = gain
    row.ptr = 1.0 - gain / earnings_at_work if earnings_at_work > 0.0 else math.nan


@njit(cache=True)
def write_no_indicators(row):
    """Indicators not asked for (amounts-only runs): NaN, gain 0."""
    row.emtr = math.nan
    row.ptr = math.nan
    row.gain_from_work_m = math.nan
    row.emtr_am_atp = math.nan
    row.emtr_income_tax = math.nan
    row.emtr_kontanthjaelp = math.nan
    row.emtr_housing = math.nan
    row.emtr_benefit_cap = math.nan
    row.emtr_family_benefits = math.nan
    row.emtr_ceiling_supplement = math.nan

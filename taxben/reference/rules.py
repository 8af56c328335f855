"""The baseline rules of SPEC §4, vectorised with numpy over households.

Household arrays are household-major: shape ``(n,)`` for household amounts, ``(n, 2)`` for the two adult
slots (slot 1 of a single is a padding adult: ``valid`` False, every amount 0).

``MonthContext`` holds everything of a household that is fixed within a month (rates, categories,
limits, cap flags, ...). ``budget(q, hh, hours)`` evaluates the hours-dependent part: household
disposable income ``D`` and its components, for the hours per week of both adult slots.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from taxben.kernels import fields as F
from taxben.reference.params import MonthParams

WEEKS_PER_MONTH_NUM = 52.0
MONTHS = 12.0


def monthly_hours(hours_per_week: np.ndarray) -> np.ndarray:
    """Hours per month, multiplied before dividing (27 h/week is exactly 117 h/month)."""
    return hours_per_week * WEEKS_PER_MONTH_NUM / MONTHS


def gross_earnings(wage: np.ndarray, hours_per_week: np.ndarray) -> np.ndarray:
    """E = wage × hours × 52 / 12 (SPEC §4)."""
    return wage * hours_per_week * WEEKS_PER_MONTH_NUM / MONTHS


def atp_employee(q: MonthParams, hours_m: np.ndarray) -> np.ndarray:
    """Employee ATP: amount of the highest band whose threshold (hours/month, inclusive) is <= hours_m."""
    out = np.zeros_like(hours_m)
    for thr, amount in zip(q.atp_thr, q.atp_amount):  # ascending thresholds: the last match wins
        out = np.where(hours_m >= thr, amount, out)
    return out


def income_tax_y(q: MonthParams, personal_income_y: np.ndarray, earnings_y: np.ndarray,
                 single_parent: np.ndarray | bool = False) -> np.ndarray:
    """Annual income tax of one adult (SPEC §4.6, PSL/LL): municipal+church+health on taxable income,
    bottom tax and state brackets (with the skatteloft folded into the marginal rates) on personal income;
    single parents deduct the extra employment allowance (LL § 9 J) too."""
    P = personal_income_y
    emp = np.minimum(q.emp_rate * earnings_y, q.emp_max_y)
    job = np.minimum(q.job_rate * np.maximum(0.0, earnings_y - q.job_threshold_y), q.job_max_y)
    extra = np.where(single_parent, np.minimum(q.single_parent_rate * earnings_y, q.single_parent_max_y), 0.0)
    S = P - emp - job - extra
    tax = (q.municipal_rate + q.church_rate + q.health_rate) * np.maximum(0.0, S - q.personfradrag_y)
    tax = tax + q.bottom_rate * np.maximum(0.0, P - q.personfradrag_y)
    for thr, m in zip(q.state_thr_y, q.state_marginal):
        tax = tax + m * np.maximum(0.0, P - thr)
    return tax


def income_tax_m(q: MonthParams, base_m: np.ndarray, earnings_m: np.ndarray,
                 single_parent: np.ndarray | bool = False) -> np.ndarray:
    """Monthly income tax = annual schedule(12 × monthly base) / 12."""
    return income_tax_y(q, MONTHS * base_m, MONTHS * earnings_m, single_parent) / MONTHS


def rate_category(q: MonthParams, age, lives_with_parents, override, provider) -> np.ndarray:
    """Kontanthjælp category code (fields.CAT_*), unless overridden by ``rate_category`` >= 0."""
    full = (age >= q.full_rate_age) | (provider & q.provider_gets_full_rate)
    derived = np.where(
        full,
        np.where(provider, F.CAT_FULL_PROVIDER, F.CAT_FULL_OTHER),
        np.where(lives_with_parents == 1.0, F.CAT_YOUNG_HOME, F.CAT_YOUNG_AWAY),
    )
    return np.where(override >= 0, override, derived).astype(np.int64)


def kontanthjaelp_rate(q: MonthParams, cat: np.ndarray, provider: np.ndarray, single: np.ndarray) -> np.ndarray:
    """Monthly rate (LAS §25 / §22): base rate of the category plus the supplements."""
    rate = np.full(cat.shape, np.nan)
    for c, base in q.base_rate.items():
        rate = np.where(cat == c, base, rate)
    full = (cat == F.CAT_FULL_PROVIDER) | (cat == F.CAT_FULL_OTHER)
    young_or_min = (cat == F.CAT_YOUNG_AWAY) | (cat == F.CAT_MINIMUM)
    rate = rate + np.where(provider, q.child_supplement, 0.0)
    rate = rate + np.where(single & provider & young_or_min, q.single_parent_supplement, 0.0)
    rate = rate + np.where(single & ~provider & (full | (cat == F.CAT_YOUNG_AWAY)), q.single_supplement, 0.0)
    return rate


@dataclass
class MonthContext:
    """Per-household quantities fixed within a month (arrays, first axis = household)."""

    valid: np.ndarray  # (n,2) bool
    wage: np.ndarray  # (n,2)
    other: np.ndarray  # (n,2) other income per month
    rate: np.ndarray  # (n,2) kontanthjælp rate the adult has or would have (0 for padding)
    help_rate: np.ndarray  # (n,2) R_a = rate if recipient else 0
    disregard: np.ndarray  # (n,2) monthly disregard of the category (monthly system)
    limit: np.ndarray  # (n,2) income limit per month (+inf when it does not apply)
    n_children: np.ndarray  # (n,)
    rent: np.ndarray  # (n,)
    capped: np.ndarray  # (n,2) bool: under the benefit cap this month
    any_capped: np.ndarray  # (n,) bool
    cap: np.ndarray  # (n,) household cap amount
    cap_max_reduction: np.ndarray  # (n,)
    bs_on: np.ndarray  # (n,) bool
    bs_rent_y: np.ndarray  # (n,) counted rent R
    bs_threshold_y: np.ndarray  # (n,)
    bs_max_y: np.ndarray  # (n,)
    bs_childless_max_y: np.ndarray  # (n,) +inf with children
    ss_on: np.ndarray  # (n,) bool
    ss_limit: np.ndarray  # (n,)
    ss_net_help_only: np.ndarray  # (n,) net income on kontanthjælp alone
    single_parent: np.ndarray  # (n,2) bool: slot 0 of a single with children
    full_rate: np.ndarray  # (n,2) the category's rate before supplements (ATP on help)
    atp_help_due: np.ndarray  # (n,2) bool
    forhoejet: np.ndarray  # (n,2) bool: a recipient at a full (25+ / forhøjet) rate
    child_ydelse_y: np.ndarray  # (n,) børne- og ungeydelse before the taper
    child_tilskud_m: np.ndarray  # (n,) børnetilskud
    leisure_m: np.ndarray  # (n,) fritidstillæg when paid
    leisure_sure: np.ndarray  # (n,) bool: paid whatever the help this month
    leisure_with_help: np.ndarray  # (n,) bool: paid if a recipient gets help this month

    def take(self, idx: np.ndarray) -> "MonthContext":
        return MonthContext(**{f.name: getattr(self, f.name)[idx] for f in dataclasses.fields(self)})

    def head(self, n: int) -> "MonthContext":
        return MonthContext(**{f.name: getattr(self, f.name)[:n] for f in dataclasses.fields(self)})


def month_context(q: MonthParams, hh: dict, months_on_help: np.ndarray, months_since_help: np.ndarray) -> MonthContext:
    """Everything that does not depend on hours, for all households, in one month.

    ``hh``: household-major static arrays (see ``engine._households``); ``months_on_help`` and
    ``months_since_help`` (n,2): each adult's state at the start of the month.
    """
    valid = hh["valid"]
    n_children = hh["n_children"]
    provider = (n_children > 0)[:, None] & valid
    single = (~valid[:, 1])[:, None] & valid
    cat = rate_category(q, hh["age"], hh["lives_with_parents"], hh["rate_category"], provider)
    recipient = valid & (hh["recipient"] == 1.0)
    full = (cat == F.CAT_FULL_PROVIDER) | (cat == F.CAT_FULL_OTHER)
    # særligt ungetillæg (LAS § 19): under 30 on the grundsats, aktivitetsparat (match group ≥ 4)
    age = hh["age"]
    young = (cat == F.CAT_YOUNG_AWAY) & (age < q.young_below_age) & (hh["match_group"] >= q.aktivitetsparat_from)
    young_amount = np.where(provider, q.young_provider, np.where(age < q.young_split_age, q.young_under25, q.young_25_29))
    rate = np.where(valid, kontanthjaelp_rate(q, cat, provider, single) + np.where(young, young_amount, 0.0), 0.0)
    # kontanthjælpsnedsættelse for married recipients (LAS § 25, stk. 5): both on help at a 25+ rate,
    # both at least the months required on help
    both = recipient.all(axis=1) & full.all(axis=1) & (months_on_help >= q.married_after).all(axis=1)
    rate = rate - np.where((both & (q.married_reduction > 0))[:, None], q.married_reduction, 0.0)
    help_rate = np.where(recipient, rate, 0.0)
    base_rate = np.full(cat.shape, np.nan)
    for c, value in q.base_rate.items():
        base_rate = np.where(cat == c, value, base_rate)
    if q.monthly_system:
        disregard = np.where(
            full, q.disregard_full, np.where(cat == F.CAT_YOUNG_HOME, q.disregard_young_home, q.disregard_young_away)
        )
    else:
        disregard = np.zeros(rate.shape)
    if q.income_limit_applies:
        share = np.where(full, q.income_limit_share_full, q.income_limit_share_other)
        limit = share * q.max_unemployment_benefit_y / MONTHS
    else:
        limit = np.full(rate.shape, np.inf)
    limit = np.where(valid, limit, np.inf)
    other = np.where(valid, hh["other"], 0.0)

    # benefit cap (aktivloven §25b, 2004-2011 version)
    couple = valid[:, 1]
    has_children = n_children > 0
    per_person = np.where(
        couple,
        np.where(has_children, q.cap_couple_provider, q.cap_couple_other),
        np.where(has_children, q.cap_single_provider, q.cap_single_other),
    )
    capped = recipient & q.cap_applies & (months_on_help >= q.cap_after_months)
    n_capped = capped.sum(axis=1)
    any_capped = q.cap_applies & (n_capped > 0)
    cap = np.where(any_capped, n_capped * per_person, 0.0)
    cap_max_red = np.where(couple, q.cap_max_red_couple, q.cap_max_red_single)

    # boligsikring (boligstøtteloven §22-24)
    rent = hh["rent"]
    bs_on = q.bs_applies & (rent > 0)
    bs_rent_y = np.minimum(MONTHS * rent, q.bs_max_rent_y)
    extra_children = np.maximum(0.0, np.minimum(n_children, q.bs_children_max) - 1.0)
    bs_threshold_y = q.bs_threshold_y + q.bs_per_child_y * extra_children
    bs_max_y = q.bs_max_y * np.where(n_children >= q.bs_many_children_from, q.bs_many_children_factor, 1.0)
    bs_childless_max_y = np.where(n_children == 0, q.bs_childless_share * bs_rent_y, np.inf)

    # særlig støtte (aktivloven §34)
    ss_on = q.ss_applies & recipient.any(axis=1) & (rent > 0)
    if q.ss_applies:
        ss_limit = np.where(
            n_children == 0,
            q.ss_limit_no_children,
            q.ss_limit_one_child - q.ss_limit_per_extra_child * (n_children - 1.0),
        )
        base = help_rate + other
        net_help = np.where(valid, base - income_tax_m(q, base, np.zeros_like(base)), 0.0)
        ss_net_help_only = net_help.sum(axis=1)
    else:
        ss_limit = np.zeros(rent.shape)
        ss_net_help_only = np.zeros(rent.shape)

    # family benefits: børne- og ungeydelse by age band, børnetilskud for single parents, fritidstillæg
    single_parent = single & provider
    bands = np.stack([hh[f"n_children_{b}"] for b in ("0_2", "3_6", "7_14", "15_17")], axis=1)
    child_ydelse_y = bands @ q.child_amount_y
    lone = single_parent[:, 0]
    child_tilskud_m = np.where(lone & (n_children > 0), n_children * q.child_ordinary_y + q.child_extra_y, 0.0) / MONTHS
    leisure_m = np.minimum(n_children, q.leisure_max_children) * q.leisure_per_child
    leisure_m = np.where(lone, leisure_m * q.leisure_single_share, leisure_m)
    leisure_m = np.where(n_children > 0, leisure_m, 0.0)
    long_enough = recipient & (n_children > 0)[:, None] & (months_on_help >= q.leisure_after)
    leisure_with_help = long_enough.any(axis=1)
    leisure_sure = (long_enough & (months_since_help > 0) & (months_since_help <= q.leisure_continues)).any(axis=1)

    return MonthContext(
        single_parent=single_parent,
        full_rate=np.where(valid, base_rate, 0.0),
        atp_help_due=recipient & q.atp_help_applies & (months_on_help >= q.atp_help_after),
        forhoejet=recipient & full,
        child_ydelse_y=child_ydelse_y,
        child_tilskud_m=child_tilskud_m,
        leisure_m=leisure_m,
        leisure_sure=leisure_sure,
        leisure_with_help=leisure_with_help,
        valid=valid,
        wage=np.where(valid, hh["wage"], 0.0),
        other=other,
        rate=rate,
        help_rate=help_rate,
        disregard=disregard,
        limit=limit,
        n_children=n_children,
        rent=rent,
        capped=capped,
        any_capped=any_capped,
        cap=cap,
        cap_max_reduction=cap_max_red,
        bs_on=bs_on,
        bs_rent_y=bs_rent_y,
        bs_threshold_y=bs_threshold_y,
        bs_max_y=bs_max_y,
        bs_childless_max_y=bs_childless_max_y,
        ss_on=ss_on,
        ss_limit=ss_limit,
        ss_net_help_only=ss_net_help_only,
    )


@dataclass
class Budget:
    """Baseline budget of households at given hours (arrays, first axis = household)."""

    E: np.ndarray  # (n,2)
    AM: np.ndarray  # (n,2)
    ATP: np.ndarray  # (n,2)
    ATP_help: np.ndarray  # (n,2) ATP on the help itself
    K: np.ndarray  # (n,2)
    tax: np.ndarray  # (n,2)
    BS: np.ndarray  # (n,)
    SS: np.ndarray  # (n,)
    cap_reduction: np.ndarray  # (n,)
    child: np.ndarray  # (n,) børne- og ungeydelse + børnetilskud
    leisure: np.ndarray  # (n,) fritidstillæg
    D: np.ndarray  # (n,)


def budget(q: MonthParams, hh: MonthContext, hours: np.ndarray) -> Budget:
    """Baseline household budget (SPEC §4.1-4.7 without the ceiling) at ``hours`` (n,2) per week."""
    valid = hh.valid
    hours = np.where(valid, hours, 0.0)
    E = gross_earnings(hh.wage, hours)
    hours_m = monthly_hours(hours)
    AM = q.am_rate * E
    ATP = np.where(valid, atp_employee(q, hours_m), 0.0)
    B = E - AM - ATP

    # kontanthjælp: own earnings deduction, income limit, other income, couple allocation
    if q.monthly_system:
        ded = q.withdrawal_rate * np.maximum(0.0, B - hh.disregard)
    else:
        counted_hours = np.minimum(hours_m, q.disregard_max_hours_m)
        ded = q.withdrawal_rate * np.maximum(0.0, B - q.hourly_disregard * counted_hours)
    before_limit = np.where(valid, ded + hh.other, 0.0)
    if q.income_limit_applies:
        ded = np.maximum(ded, B + hh.rate - hh.limit)
    ded = np.where(valid, ded + hh.other, 0.0)
    # what counts against the spouse: all of it (SPEC §4.2), or without what the income limit added
    # beyond the adult's own rate
    counts = ded if q.limit_excess_to_spouse else np.minimum(ded, np.maximum(before_limit, hh.rate))
    own = np.maximum(0.0, hh.help_rate - ded)
    excess = np.maximum(0.0, counts - hh.help_rate)
    K = np.maximum(0.0, own - excess[:, ::-1])  # padding slot: own = excess = 0
    # the recipient's ATP on the help (LAS §§ 79-80): due after months on help, in a month with help at
    # least the category's full rate
    ATP_help = np.where(hh.atp_help_due & (K >= hh.full_rate), q.atp_help_amount, 0.0)
    base = B - ATP_help

    # income tax per adult
    tax = np.where(valid, income_tax_m(q, base + K + hh.other, E, hh.single_parent), 0.0)

    # boligsikring, with the boligstøtteloft for a couple with a forhøjet-sats recipient on help
    inc_y = MONTHS * np.where(valid, base + K + hh.other, 0.0).sum(axis=1)
    b = q.bs_rent_share * hh.bs_rent_y - q.bs_taper * np.maximum(0.0, inc_y - hh.bs_threshold_y)
    b = np.minimum(b, hh.bs_rent_y - q.bs_min_own_y)
    b = np.minimum(b, hh.bs_max_y)
    b = np.minimum(b, hh.bs_childless_max_y)
    BS = np.where(hh.bs_on, np.maximum(0.0, b) / MONTHS, 0.0)
    if q.loft_applies:
        loft = valid[:, 1] & ((hh.forhoejet & (K > 0)).any(axis=1))
        BS = np.where(loft, np.minimum(BS, q.loft), BS)

    # særlig støtte
    if q.ss_applies:
        need = np.maximum(0.0, hh.rent - BS - hh.ss_limit)
        net = np.where(valid, base + K + hh.other - tax, 0.0).sum(axis=1)
        SS = np.where(hh.ss_on, np.maximum(0.0, need - np.maximum(0.0, net - hh.ss_net_help_only)), 0.0)
    else:
        SS = np.zeros_like(BS)

    # benefit cap: reduces housing support only
    K_sum = K.sum(axis=1)
    housing = BS + SS
    red = np.maximum(0.0, np.minimum(np.minimum(K_sum + housing - hh.cap, hh.cap_max_reduction), housing))
    red = np.where(hh.any_capped, red, 0.0)

    # family benefits, tax-free: børne- og ungeydelse (less its income taper), børnetilskud, fritidstillæg
    P_y = MONTHS * np.where(valid, base + K + hh.other, 0.0)
    taper = q.child_taper_rate * np.maximum(0.0, P_y - q.child_taper_threshold_y).sum(axis=1)
    child = (hh.child_ydelse_y - np.minimum(taper, hh.child_ydelse_y)) / MONTHS + hh.child_tilskud_m
    leisure = np.where(hh.leisure_sure | (hh.leisure_with_help & (K_sum > 0)), hh.leisure_m, 0.0)

    D = (base - tax + K + hh.other).sum(axis=1) + housing - red + child + leisure
    return Budget(E=E, AM=AM, ATP=ATP, ATP_help=ATP_help, K=K, tax=tax, BS=BS, SS=SS, cap_reduction=red,
                  child=child, leisure=leisure, D=D)


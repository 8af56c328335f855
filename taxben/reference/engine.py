"""Reference monthly driver: ceiling envelope (SPEC §5), clock, indicators (SPEC §6).

Vectorised over households with numpy; Python loops only over months, over the two adult slots and over
the lattice points of the ceiling envelope. The envelope is the spec's recurrence, literally:
``M(i, j) = max(D(i, j), M(i−1, j) + (1 − c)·ΔE₀, M(i, j−1) + (1 − c)·ΔE₁)`` over the grid of each
available adult's hours (an adult who is not available stays at their hours: one point).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from taxben.kernels import fields as F
from taxben.params import layout as L
from taxben.reference.params import MonthParams
from taxben.reference.rules import Budget, MonthContext, budget, gross_earnings, month_context

GRID_EPS = 1e-9  # grid points k·g strictly below h − GRID_EPS; the last point is h itself


@dataclass
class Ceiling:
    enabled: bool
    c: float
    grid: float


@dataclass
class Reform:
    """Budget plus the household's ceiling supplement at one set of hours."""

    b: Budget
    supplement: np.ndarray  # (n,2) each adult's share
    household_supplement: np.ndarray  # (n,)
    Dr: np.ndarray  # (n,) D + household supplement


def lattice_size(hours: np.ndarray, grid: float) -> np.ndarray:
    """Points of the grid 0, g, 2g, … strictly below h − ε, plus h itself."""
    below = np.where(hours > GRID_EPS, np.ceil((hours - GRID_EPS) / grid), 0.0).astype(np.int64)
    # the walk's own test decides (k·g < h − ε for the points below): correct the estimate either way
    below = np.where((below > 0) & ((below - 1) * grid >= hours - GRID_EPS), below - 1, below)
    below = np.where(below * grid < hours - GRID_EPS, below + 1, below)
    return np.maximum(below, 0) + 1


def household_supplement(q: MonthParams, hh: MonthContext, hours: np.ndarray, on_grid: np.ndarray,
                         D_at_hours: np.ndarray, cfg: Ceiling) -> np.ndarray:
    """The joint envelope's household supplement M(I, J) − D(I, J) at ``hours`` (n,2); ``on_grid`` (n,2)
    says which adults are available (their hours run over the grid)."""
    n = hours.shape[0]
    out = np.zeros(n)
    sizes = np.where(on_grid, lattice_size(hours, cfg.grid), 1)
    sizes = np.where(hh.valid, sizes, 1)
    walk = np.flatnonzero(sizes.prod(axis=1) > 1)
    if walk.size == 0:
        return out
    sub = hh.take(walk)
    x = hours[walk]
    size = sizes[walk]
    wage = sub.wage
    keep = 1.0 - cfg.c
    n_walk = walk.size
    rows = np.arange(n_walk)

    def point(k: int, slot: int) -> np.ndarray:
        """Hours of adult ``slot`` at lattice index k (the last index is its hours)."""
        return np.where(k < size[:, slot] - 1, k * cfg.grid, x[:, slot])

    M = np.full((n_walk, int(size[:, 1].max())), -np.inf)
    for i in range(int(size[:, 0].max())):
        y0 = point(i, 0)
        y0_prev = point(i - 1, 0) if i > 0 else np.zeros(n_walk)
        left = np.full(n_walk, -np.inf)
        y1_prev = np.zeros(n_walk)
        for j in range(int(size[:, 1].max())):
            live = (i < size[:, 0]) & (j < size[:, 1])
            y1 = point(j, 1)
            idx = rows[live]
            if idx.size:
                D = budget(q, sub.take(idx), np.stack([y0[idx], y1[idx]], axis=1)).D
                m = D
                if i > 0:
                    dE0 = gross_earnings(wage[idx, 0], y0[idx]) - gross_earnings(wage[idx, 0], y0_prev[idx])
                    m = np.maximum(m, M[idx, j] + keep * dE0)
                if j > 0:
                    dE1 = gross_earnings(wage[idx, 1], y1[idx]) - gross_earnings(wage[idx, 1], y1_prev[idx])
                    m = np.maximum(m, left[idx] + keep * dE1)
                M[idx, j] = m
                left[idx] = m
            y1_prev = y1
    final = M[rows, size[:, 1] - 1]
    out[walk] = final - D_at_hours[walk]
    return out


def reform_budget(q: MonthParams, hh: MonthContext, hours: np.ndarray, available: np.ndarray, cfg: Ceiling) -> Reform:
    """Household budget at ``hours`` (n,2) with the household supplement of the available adults (n,2),
    split between the adults eligible there (available and working) in proportion to their earnings."""
    b = budget(q, hh, hours)
    total = np.zeros(hours.shape[0])
    if cfg.enabled and available.any():
        total = household_supplement(q, hh, hours, available & hh.valid, b.D, cfg)
    eligible = available & hh.valid & (hours > 0)
    weight = np.where(eligible, b.E, 0.0)
    weight_sum = weight.sum(axis=1)
    equal = eligible.astype(float)
    weight = np.where((weight_sum <= 0)[:, None], equal, weight)
    weight_sum = weight.sum(axis=1)
    share = np.where(weight_sum[:, None] > 0, total[:, None] * weight / np.where(weight_sum > 0, weight_sum, 1.0)[:, None], 0.0)
    return Reform(b=b, supplement=share, household_supplement=total, Dr=b.D + total)


def _housing(r: Reform) -> np.ndarray:
    return r.b.BS + r.b.SS


def indicators(
    q: MonthParams,
    hh: MonthContext,
    hours: np.ndarray,
    available: np.ndarray,
    base: Reform,
    j: int,
    cfg: Ceiling,
    delta: float,
    ptr_hours: float,
) -> dict[str, np.ndarray]:
    """EMTR and its parts, PTR and gain from work of adult slot ``j`` (SPEC §6); out column -> (n,)."""
    h_j = hours[:, j]
    wage = hh.wage[:, j]

    # EMTR: j at h_j + δ, the other adult at actual hours
    hv = hours.copy()
    hv[:, j] = h_j + delta
    var = reform_budget(q, hh, hv, available, cfg)
    dE = var.b.E[:, j] - base.b.E[:, j]
    emtr = 1.0 - (var.Dr - base.Dr) / dE
    def contributions(b: Budget) -> np.ndarray:
        return (b.AM + b.ATP + b.ATP_help).sum(axis=1)

    parts = {
        "emtr_am_atp": (contributions(var.b) - contributions(base.b)) / dE,
        "emtr_income_tax": (var.b.tax.sum(axis=1) - base.b.tax.sum(axis=1)) / dE,
        "emtr_kontanthjaelp": -(var.b.K.sum(axis=1) - base.b.K.sum(axis=1)) / dE,
        "emtr_housing": -(_housing(var) - _housing(base)) / dE,
        "emtr_benefit_cap": (var.b.cap_reduction - base.b.cap_reduction) / dE,
        "emtr_family_benefits": -((var.b.child + var.b.leisure) - (base.b.child + base.b.leisure)) / dE,
        "emtr_ceiling_supplement": -(var.household_supplement - base.household_supplement) / dE,
    }

    # PTR and gain: H = h_j if working else the reference hours; one extra evaluation per household
    working = h_j > 0
    H = np.where(working, h_j, ptr_hours)
    hx = hours.copy()
    hx[:, j] = np.where(working, 0.0, ptr_hours)
    x = reform_budget(q, hh, hx, available, cfg)
    gain = np.where(working, base.Dr - x.Dr, x.Dr - base.Dr)
    E_H = gross_earnings(wage, H)
    ptr = 1.0 - gain / E_H

    no_wage = wage == 0
    res = {"emtr": emtr, "ptr": ptr, "gain_from_work_m": np.where(no_wage, 0.0, gain)}
    res.update(parts)
    for col in ("emtr", "ptr", *parts):
        res[col] = np.where(no_wage, np.nan, res[col])
    return res


def _households(person, household_start, household_children, household_rent) -> dict:
    """Gather the person rows into household-major (n_hh, 2) arrays; slot 1 of a single is padding."""
    start = np.asarray(household_start, dtype=np.int64)
    n_adults = np.diff(start)
    if np.any((n_adults < 1) | (n_adults > 2)):
        raise ValueError("every household must have 1 or 2 adults")
    valid = np.stack([np.ones(n_adults.size, bool), n_adults == 2], axis=1)
    rows = np.stack([start[:-1], np.where(n_adults == 2, start[:-1] + 1, start[:-1])], axis=1)
    people = F.person_records(person)

    def col(field, pad=0.0):
        return np.where(valid, people[field][rows], pad)

    return {
        "valid": valid,
        "rows": rows,
        "age": col("age"),
        "lives_with_parents": col("lives_with_parents"),
        "recipient": col("receives_kontanthjaelp"),
        "match_group": col("match_group"),
        "wage": col("hourly_wage"),
        "other": col("other_income_m"),
        "rate_category": col("rate_category", -1.0),
        "months_on_benefit": col("months_on_benefit"),
        "ceiling_months_used": col("ceiling_months_used"),
        "extension_granted": col("extension_granted"),
        "n_children": np.asarray(household_children, dtype=np.float64),
        "rent": np.asarray(household_rent, dtype=np.float64),
    }


def simulate(P, C, person, household_start, household_children, household_rent, hours, settings,
             children_by_age=None) -> np.ndarray:
    """Reference simulation; same arguments and output layout as the numba engine (see package doc).
    ``children_by_age`` (n_households, 4): children aged 0-2, 3-6, 7-14, 15-17; by default the number of
    children split in the shares of ``fields.DEFAULT_CHILD_AGE_SHARES``."""
    P = np.atleast_2d(np.asarray(P, dtype=np.float64))
    ceiling = L.ceiling_records(np.asarray(C, dtype=np.float64))[0]
    person = np.asarray(person, dtype=np.float64)
    hours = np.asarray(hours, dtype=np.float64)
    settings = np.asarray(settings, dtype=np.float64).view(F.SETTINGS_DTYPE)[0]
    n_persons = person.shape[0]
    n_months = P.shape[0]
    if hours.ndim == 1:
        hours = hours[:, None]
    if hours.shape[0] != n_persons or hours.shape[1] not in (1, n_months):
        raise ValueError(f"hours has shape {hours.shape}; expected ({n_persons}, 1) or ({n_persons}, {n_months})")
    hh = _households(person, household_start, household_children, household_rent)
    if children_by_age is None:
        children_by_age = hh["n_children"][:, None] * np.asarray(F.DEFAULT_CHILD_AGE_SHARES)[None, :]
    for k, band in enumerate(("0_2", "3_6", "7_14", "15_17")):
        hh[f"n_children_{band}"] = np.asarray(children_by_age, dtype=np.float64)[:, k]
    if hh["rows"].size and hh["rows"].max() >= n_persons:
        raise ValueError("households point past the person rows")
    valid = hh["valid"]
    rows = hh["rows"]
    couples = np.flatnonzero(valid[:, 1])

    cfg = Ceiling(enabled=ceiling["enabled"] == 1.0, c=float(ceiling["rate"]), grid=float(ceiling["grid_hours"]))
    if cfg.enabled and not cfg.grid > 0:
        raise ValueError(f"ceiling grid_hours must be > 0, got {cfg.grid}")
    if cfg.enabled:
        group_ok = np.zeros(valid.shape, bool)
        for g in range(1, L.MATCH_GROUPS + 1):
            group_ok |= (hh["match_group"] == g) & (ceiling["eligible_match_group"][g - 1] == 1.0)
        limit = ceiling["duration_months"] + np.where(hh["extension_granted"] == 1.0, ceiling["extension_months"], 0.0)
        can_have = valid & (hh["recipient"] == 1.0) & group_ok
        calendar = ceiling["clock"] == L.CLOCK_CALENDAR_MONTHS
    delta = float(settings["emtr_delta_hours"])
    with_indicators = float(settings["indicators"]) > 0.5
    ptr_hours = float(settings["ptr_reference_hours"])

    months_on_help = hh["months_on_benefit"].copy()
    months_since_help = np.where(months_on_help > 0, 1.0, 1e9)  # on help until the start, if at all
    clock = hh["ceiling_months_used"].copy()
    started = clock > 0

    out = np.zeros((n_persons, n_months, F.N_OUT))
    columns = {name: k for k, name in enumerate(F.OUT_COLUMNS)}
    with np.errstate(invalid="ignore", divide="ignore"):
        for m in range(n_months):
            q = MonthParams(P[m])
            hrs = np.where(valid, hours[rows, m if hours.shape[1] > 1 else 0], 0.0)
            ctx = month_context(q, hh, months_on_help, months_since_help)
            capped = ctx.capped
            if cfg.enabled:
                available = can_have & (clock < limit)
            else:
                available = np.zeros(valid.shape, bool)
            eligible = available & (hrs > 0)

            base = reform_budget(q, ctx, hrs, available, cfg)
            ind = [indicators(q, ctx, hrs, available, base, 0, cfg, delta, ptr_hours)]
            if couples.size:
                sub = ctx.take(couples)
                sub_base = Reform(
                    b=Budget(**{k: v[couples] for k, v in vars(base.b).items()}),
                    supplement=base.supplement[couples],
                    household_supplement=base.household_supplement[couples],
                    Dr=base.Dr[couples],
                )
                ind.append(
                    indicators(q, sub, hrs[couples], available[couples], sub_base, 1, cfg, delta, ptr_hours)
                )

            # state updates (after the month)
            moh_used = months_on_help.copy()
            months_on_help = months_on_help + (base.b.K > 0)
            months_since_help = np.where(base.b.K > 0, 1.0, np.minimum(months_since_help + 1.0, 1e9))
            if cfg.enabled:
                if calendar:
                    started = started | eligible
                    clock = clock + started
                else:
                    clock = clock + eligible

            b = base.b
            for a in (0, 1):
                hs = np.flatnonzero(valid[:, a])
                if hs.size == 0:
                    continue
                r = rows[hs, a]
                o = out[r, m]
                values = {
                    "hours_per_week": hrs[hs, a],
                    "gross_earnings_m": b.E[hs, a],
                    "am_bidrag_m": b.AM[hs, a],
                    "atp_m": b.ATP[hs, a],
                    "atp_on_help_m": b.ATP_help[hs, a],
                    "kontanthjaelp_m": b.K[hs, a],
                    "income_tax_m": b.tax[hs, a],
                    "other_income_m": ctx.other[hs, a],
                    "benefit_capped": capped[hs, a],
                    "months_on_help": moh_used[hs, a],
                    "ceiling_eligible": eligible[hs, a],
                    "couple_both_eligible": (eligible & valid).all(axis=1)[hs],
                    "ceiling_clock": clock[hs, a],
                    "ceiling_supplement_m": base.supplement[hs, a],
                    "household_boligsikring_m": b.BS[hs],
                    "household_saerlig_stoette_m": b.SS[hs],
                    "household_cap_reduction_m": b.cap_reduction[hs],
                    "household_child_benefits_m": b.child[hs],
                    "household_fritidstillaeg_m": b.leisure[hs],
                    "household_ceiling_supplement_m": base.household_supplement[hs],
                    "household_disposable_income_m": base.Dr[hs],
                }
                # indicators: slot 0 computed for all households, slot 1 for the couples (in order)
                for name, v in ind[a].items():
                    values[name] = (v if a == 1 else v[hs]) if with_indicators else np.nan
                for name, v in values.items():
                    o[:, columns[name]] = v
                out[r, m] = o
    return out

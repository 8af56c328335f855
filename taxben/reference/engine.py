"""Reference monthly driver: ceiling envelope (SPEC §5), clock, indicators (SPEC §6).

Vectorised over households with numpy; Python loops only over months, over the two adult slots and over
the grid steps of the ceiling envelope.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from taxben.kernels import fields as F
from taxben.params import layout as L
from taxben.reference.params import MonthParams
from taxben.reference.rules import Budget, MonthContext, budget, gross_earnings, month_context

GRID_EPS = 1e-9  # grid points k·g strictly below h_j − GRID_EPS; the last point is h_j itself


@dataclass
class Ceiling:
    enabled: bool
    c: float
    grid: float


@dataclass
class Reform:
    """Budget plus ceiling supplements at one set of hours."""

    b: Budget
    supplement: np.ndarray  # (n,2)
    Dr: np.ndarray  # (n,) D + Σ supplements


def supplement(
    q: MonthParams, hh: MonthContext, hours: np.ndarray, j: int, walk: np.ndarray, D_at_hours: np.ndarray, cfg: Ceiling
) -> np.ndarray:
    """Ceiling supplement of adult slot ``j`` at its hours (other slot's hours fixed), SPEC §5.

    ``walk`` (n,) bool: the households where adult j is available (its own hours may be 0: supplement 0).
    Walk the grid h_k = k·g (k = 1, 2, … while k·g < h_j − 1e-9) and then h_j:
    M_0 = D(0), M_k = max(M_{k−1} + (1 − c)(E(h_k) − E(h_{k−1})), D(h_k)); supplement = M_final − D(h_j).
    """
    out = np.zeros(hours.shape[0])
    sel = np.flatnonzero(walk & (hours[:, j] > 0))
    if sel.size == 0:
        return out
    # sort by own hours, descending: the households still walking at step k are then a prefix
    idx = sel[np.argsort(-hours[sel, j], kind="stable")]
    sub = hh.take(idx)
    hrs = hours[idx].copy()
    h_j = hrs[:, j].copy()
    wage = sub.wage[:, j]
    keep = 1.0 - cfg.c

    hrs[:, j] = 0.0
    M = budget(q, sub, hrs).D
    E_prev = np.zeros_like(h_j)
    k = 1
    while True:
        h_k = k * cfg.grid
        n = int(np.count_nonzero(h_k < h_j - GRID_EPS))
        if n == 0:
            break
        hrs_k = hrs[:n]
        hrs_k[:, j] = h_k
        D_k = budget(q, sub.head(n), hrs_k).D
        E_k = gross_earnings(wage[:n], h_k)
        M[:n] = np.maximum(M[:n] + keep * (E_k - E_prev[:n]), D_k)
        E_prev[:n] = E_k
        k += 1
    D_f = D_at_hours[idx]
    E_f = gross_earnings(wage, h_j)
    M = np.maximum(M + keep * (E_f - E_prev), D_f)
    out[idx] = M - D_f
    return out


def reform_budget(q: MonthParams, hh: MonthContext, hours: np.ndarray, available: np.ndarray, cfg: Ceiling) -> Reform:
    """Household budget at ``hours`` (n,2) with the supplements of the available adults (n,2 bool)."""
    b = budget(q, hh, hours)
    supp = np.zeros(hours.shape)
    if cfg.enabled:
        for j in (0, 1):
            if available[:, j].any():
                supp[:, j] = supplement(q, hh, hours, j, available[:, j], b.D, cfg)
    return Reform(b=b, supplement=supp, Dr=b.D + supp.sum(axis=1))


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
) -> dict[int, np.ndarray]:
    """EMTR and its parts, PTR and gain from work of adult slot ``j`` (SPEC §6); out column -> (n,)."""
    h_j = hours[:, j]
    wage = hh.wage[:, j]

    # EMTR: j at h_j + δ, the other adult at actual hours
    hv = hours.copy()
    hv[:, j] = h_j + delta
    var = reform_budget(q, hh, hv, available, cfg)
    dE = var.b.E[:, j] - base.b.E[:, j]
    emtr = 1.0 - (var.Dr - base.Dr) / dE
    parts = {
        F.O_EMTR_AM_ATP: ((var.b.AM[:, j] + var.b.ATP[:, j]) - (base.b.AM[:, j] + base.b.ATP[:, j])) / dE,
        F.O_EMTR_TAX: (var.b.tax.sum(axis=1) - base.b.tax.sum(axis=1)) / dE,
        F.O_EMTR_KONTANTHJAELP: -(var.b.K.sum(axis=1) - base.b.K.sum(axis=1)) / dE,
        F.O_EMTR_HOUSING: -(_housing(var) - _housing(base)) / dE,
        F.O_EMTR_CAP: (var.b.cap_reduction - base.b.cap_reduction) / dE,
        F.O_EMTR_SUPPLEMENT: -(var.supplement.sum(axis=1) - base.supplement.sum(axis=1)) / dE,
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
    res = {F.O_EMTR: emtr, F.O_PTR: ptr, F.O_GAIN: np.where(no_wage, 0.0, gain)}
    res.update(parts)
    for col in (F.O_EMTR, F.O_PTR, *parts):
        res[col] = np.where(no_wage, np.nan, res[col])
    return res


def _households(person, household_start, household_children, household_rent):
    """Gather the person rows into household-major (n_hh, 2) arrays; slot 1 of a single is padding."""
    start = np.asarray(household_start, dtype=np.int64)
    n_adults = np.diff(start)
    if np.any((n_adults < 1) | (n_adults > 2)):
        raise ValueError("every household must have 1 or 2 adults")
    valid = np.stack([np.ones(n_adults.size, bool), n_adults == 2], axis=1)
    rows = np.stack([start[:-1], np.where(n_adults == 2, start[:-1] + 1, start[:-1])], axis=1)

    def col(field, pad=0.0):
        return np.where(valid, person[rows, field], pad)

    return {
        "valid": valid,
        "rows": rows,
        "age": col(F.AGE),
        "lives_with_parents": col(F.LIVES_WITH_PARENTS),
        "recipient": col(F.RECIPIENT),
        "match_group": col(F.MATCH_GROUP),
        "wage": col(F.HOURLY_WAGE),
        "other": col(F.OTHER_INCOME_M),
        "rate_category": col(F.RATE_CATEGORY, -1.0),
        "months_on_benefit": col(F.MONTHS_ON_BENEFIT),
        "ceiling_months_used": col(F.CEILING_MONTHS_USED),
        "extension_granted": col(F.EXTENSION_GRANTED),
        "n_children": np.asarray(household_children, dtype=np.float64),
        "rent": np.asarray(household_rent, dtype=np.float64),
    }


def simulate(P, C, person, household_start, household_children, household_rent, hours, settings) -> np.ndarray:
    """Reference simulation; same arguments and output layout as the numba engine (see package doc)."""
    P = np.atleast_2d(np.asarray(P, dtype=np.float64))
    C = np.asarray(C, dtype=np.float64)
    person = np.asarray(person, dtype=np.float64)
    hours = np.asarray(hours, dtype=np.float64)
    settings = np.asarray(settings, dtype=np.float64)
    n_persons = person.shape[0]
    n_months = P.shape[0]
    if hours.ndim == 1:
        hours = hours[:, None]
    if hours.shape[0] != n_persons or hours.shape[1] not in (1, n_months):
        raise ValueError(f"hours has shape {hours.shape}; expected ({n_persons}, 1) or ({n_persons}, {n_months})")
    hh = _households(person, household_start, household_children, household_rent)
    if hh["rows"].size and hh["rows"].max() >= n_persons:
        raise ValueError("household_start points past the person rows")
    valid = hh["valid"]
    rows = hh["rows"]
    couples = np.flatnonzero(valid[:, 1])

    cfg = Ceiling(enabled=C[L.CEILING_ENABLED] == 1.0, c=float(C[L.CEILING_RATE]), grid=float(C[L.CEILING_GRID_HOURS]))
    if cfg.enabled and not cfg.grid > 0:
        raise ValueError(f"ceiling grid_hours must be > 0, got {cfg.grid}")
    if cfg.enabled:
        group_ok = np.zeros(valid.shape, bool)
        for g in range(1, 6):
            group_ok |= (hh["match_group"] == g) & (C[L.CEILING_GROUP_1 + g - 1] == 1.0)
        limit = C[L.CEILING_DURATION_MONTHS] + np.where(
            hh["extension_granted"] == 1.0, C[L.CEILING_EXTENSION_MONTHS], 0.0
        )
        can_have = valid & (hh["recipient"] == 1.0) & group_ok
        calendar = C[L.CEILING_CLOCK] == L.CLOCK_CALENDAR_MONTHS
    delta = float(settings[F.S_EMTR_DELTA_HOURS])
    ptr_hours = float(settings[F.S_PTR_REFERENCE_HOURS])

    months_on_help = hh["months_on_benefit"].copy()
    clock = hh["ceiling_months_used"].copy()
    started = clock > 0

    out = np.zeros((n_persons, n_months, F.N_OUT))
    with np.errstate(invalid="ignore", divide="ignore"):
        for m in range(n_months):
            q = MonthParams(P[m])
            hrs = np.where(valid, hours[rows, m if hours.shape[1] > 1 else 0], 0.0)
            capped = valid & (hh["recipient"] == 1.0) & q.cap_applies & (months_on_help >= q.cap_after_months)
            ctx = month_context(q, hh, capped)
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
                    Dr=base.Dr[couples],
                )
                ind.append(
                    indicators(q, sub, hrs[couples], available[couples], sub_base, 1, cfg, delta, ptr_hours)
                )

            # state updates (after the month)
            moh_used = months_on_help.copy()
            months_on_help = months_on_help + (base.b.K > 0)
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
                o[:, F.O_HOURS] = hrs[hs, a]
                o[:, F.O_EARNINGS] = b.E[hs, a]
                o[:, F.O_AM] = b.AM[hs, a]
                o[:, F.O_ATP] = b.ATP[hs, a]
                o[:, F.O_KONTANTHJAELP] = b.K[hs, a]
                o[:, F.O_TAX] = b.tax[hs, a]
                o[:, F.O_OTHER_INCOME] = ctx.other[hs, a]
                o[:, F.O_CAPPED] = capped[hs, a]
                o[:, F.O_MONTHS_ON_HELP] = moh_used[hs, a]
                o[:, F.O_CEILING_ELIGIBLE] = eligible[hs, a]
                o[:, F.O_CEILING_CLOCK] = clock[hs, a]
                o[:, F.O_SUPPLEMENT] = base.supplement[hs, a]
                o[:, F.O_HH_BOLIGSIKRING] = b.BS[hs]
                o[:, F.O_HH_SAERLIG_STOETTE] = b.SS[hs]
                o[:, F.O_HH_CAP_REDUCTION] = b.cap_reduction[hs]
                o[:, F.O_HH_SUPPLEMENT] = base.supplement[hs].sum(axis=1)
                o[:, F.O_HH_DISPOSABLE] = base.Dr[hs]
                # indicators: slot 0 computed for all households, slot 1 for the couples (in order)
                src = ind[a]
                for col, v in src.items():
                    o[:, col] = v if a == 1 else v[hs]
                out[r, m] = o
    return out

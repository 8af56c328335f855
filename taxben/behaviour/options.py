"""The one place the behaviour model calls the engine: household budgets at every hours alternative.

``option_budgets`` is the contract (docs/behaviour.md, "Engine call"). It runs the public engine in its
amounts-only mode (``indicator_settings(indicators=False)``: the household budget and the ceiling
supplement at the given hours, no EMTR/PTR) once per alternative, and computes every ceiling scenario
that shares the rules ``P`` in the same pass (``simulate_scenarios``): the baseline and a reform that only
adds a ``ceiling:`` block share every budget, only the supplements differ. The population arrays are
built once by the caller; only the choosers' hours change between alternatives.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from taxben.kernels import fields as F
from taxben.simulate import PopulationArrays, indicator_settings, simulate_scenarios

# The engine's output buffer per call (n_scenarios × persons × months × N_OUT float64). Kept well below
# glibc's largest mmap threshold (32 MiB) so that malloc hands the same pages back on the next call: a
# fresh mmap per alternative would page-fault the whole buffer every time (the system time of the
# first version).
BLOCK_BYTES = 8 * 2**20

PER_ADULT_COST = ("kontanthjaelp_m", "ceiling_supplement_m")
PER_ADULT_REVENUE = ("income_tax_m", "am_bidrag_m")
HOUSEHOLD_COST = ("household_boligsikring_m", "household_saerlig_stoette_m", "household_child_benefits_m",
                  "household_fritidstillaeg_m")
HOUSEHOLD_REVENUE = ("household_cap_reduction_m",)


@dataclass(frozen=True)
class OptionBudgets:
    """Household amounts in DKK per month for every scenario of the pass and every alternative."""

    disposable: np.ndarray  # (n_scenarios, n_households, n_months, n_alternatives) float32
    public_cost: np.ndarray  # (n_scenarios, n_households, n_months, n_alternatives) float32
    earnings: np.ndarray  # (n_households, k, H) float64: each chooser's gross earnings per option (0 if not run)


def alternatives_table(options: np.ndarray, k: int) -> np.ndarray:
    """(n_alternatives, k) option index of each chooser: every combination of ``options`` (the first
    chooser's option varies slowest). With all H options and k = 2 this is the H × H joint choice."""
    return np.array(list(itertools.product(np.asarray(options, dtype=np.int64), repeat=k)),
                    dtype=np.int64).reshape(-1, k)


def _total(records: np.ndarray, names) -> np.ndarray:
    """Σ of the named output fields (record views: no copy of the other columns)."""
    total = records[names[0]].copy()
    for name in names[1:]:
        total += records[name]
    return total


def _blocks(arrays: PopulationArrays, n_scenarios: int, n_months: int) -> list[tuple[int, int]]:
    """Household ranges whose engine output fits in ``BLOCK_BYTES``."""
    per_household = 2 * n_scenarios * n_months * F.N_OUT * 8  # at most two adults
    size = max(1, BLOCK_BYTES // per_household)
    n = len(arrays.households)
    return [(lo, min(lo + size, n)) for lo in range(0, n, size)]


def _block_arrays(arrays: PopulationArrays, lo: int, hi: int, hours: np.ndarray) -> PopulationArrays:
    """Households ``lo:hi`` of ``arrays`` (rows re-based to 0) with the hours buffer ``hours``."""
    starts = arrays.household_start
    households = arrays.households[lo:hi].copy()
    households["start"] -= starts[lo]
    return PopulationArrays(person=arrays.person[starts[lo]:starts[hi]], households=households, hours=hours,
                            child_ages_assumed=arrays.child_ages_assumed)


def option_budgets(P: np.ndarray, ceilings: list[np.ndarray], arrays: PopulationArrays, chooser_rows: np.ndarray,
                   option_hours: np.ndarray, alternatives: np.ndarray) -> OptionBudgets:
    """Household disposable income and public cost at every alternative, for every ceiling in ``ceilings``
    (scenarios that share the rules ``P``), in one engine pass per alternative.

    ``arrays``: households that all have the same number ``k`` (1 or 2) of choosers; ``arrays.hours`` is
    (n_persons, 1) or (n_persons, n_months) (the observed schedule). ``chooser_rows`` (n_households, k):
    the row in ``arrays`` of each chooser. ``option_hours`` (H,): hours per week of the options, 0 first.
    ``alternatives`` (n_alt, k): the option index of each chooser in each alternative (``alternatives_table``).

    Alternative ``a`` puts chooser c at ``option_hours[alternatives[a, c]]`` **in every month of the
    horizon**; the other adults keep their schedule. So the clock state in month m is that of a person who
    has worked the option's hours since the start (the ceiling clock, months on help and the benefit cap
    all follow that path); a 0-hours option never starts the clock.

    ``disposable`` = household disposable income including the ceiling supplement (output column
    ``household_disposable_income``); ``public_cost`` = Σ adults (kontanthjælp + ceiling supplement −
    income tax − AM-bidrag) + household (boligsikring + særlig støtte − cap reduction + child benefits +
    fritidstillæg): the amounts of the summary's fiscal cost (taxben.run.summary). ``earnings``: each
    chooser's gross earnings at each option that occurs in ``alternatives`` (month 0; earnings do not
    depend on the month).
    """
    k = chooser_rows.shape[1]
    H = len(option_hours)
    n_households = chooser_rows.shape[0]
    n_months = P.shape[0]
    n_scenarios = len(ceilings)
    n_alt = len(alternatives)
    disposable = np.empty((n_scenarios, n_households, n_months, n_alt), dtype=np.float32)
    public_cost = np.empty((n_scenarios, n_households, n_months, n_alt), dtype=np.float32)
    earnings = np.zeros((n_households, k, H))
    settings = indicator_settings(indicators=False)
    starts = arrays.household_start
    schedule = np.broadcast_to(arrays.hours, (arrays.n_persons, n_months))
    for lo, hi in _blocks(arrays, n_scenarios, n_months):
        hours = np.array(schedule[starts[lo]:starts[hi]], dtype=np.float64, order="C")  # own buffer, changed per alternative
        block = _block_arrays(arrays, lo, hi, hours)
        local_starts = block.household_start[:-1]
        rows = chooser_rows[lo:hi] - starts[lo]
        for a, options in enumerate(alternatives):
            for c in range(k):
                hours[rows[:, c], :] = option_hours[options[c]]
            out = F.out_records(simulate_scenarios(P, ceilings, block, settings))  # (S, persons, months) records
            disposable[:, lo:hi, :, a] = out["household_disposable_income_m"][:, local_starts]
            adult = _total(out, PER_ADULT_COST) - _total(out, PER_ADULT_REVENUE)
            household = _total(out, HOUSEHOLD_COST) - _total(out, HOUSEHOLD_REVENUE)  # the same on both adults' rows
            public_cost[:, lo:hi, :, a] = np.add.reduceat(adult, local_starts, axis=1) + household[:, local_starts]
            for c in range(k):
                earnings[lo:hi, c, options[c]] = out["gross_earnings_m"][0, rows[:, c], 0]
    return OptionBudgets(disposable=disposable, public_cost=public_cost, earnings=earnings)


def full_time_gains(P: np.ndarray, ceiling: np.ndarray, arrays: PopulationArrays, chooser_rows: np.ndarray,
                    full_time_hours: float) -> np.ndarray:
    """(n_households, k) each chooser's gain in household disposable income, first month, from working
    ``full_time_hours`` instead of 0 with the household's other choosers at 0 (the gain the participation
    elasticity is defined on, docs/behaviour.md). Only the first month is run."""
    k = chooser_rows.shape[1]
    option_hours = np.array([0.0, float(full_time_hours)])
    alternatives = np.zeros((k + 1, k), dtype=np.int64)
    for c in range(k):
        alternatives[1 + c, c] = 1  # chooser c full time, the others at 0
    first_month = PopulationArrays(person=arrays.person, households=arrays.households,
                                   hours=np.ascontiguousarray(arrays.hours[:, :1]),
                                   child_ages_assumed=arrays.child_ages_assumed)
    budgets = option_budgets(P[:1], [ceiling], first_month, chooser_rows, option_hours, alternatives)
    disposable = budgets.disposable[0, :, 0, :].astype(np.float64)
    return disposable[:, 1:] - disposable[:, :1]

"""The one place the behaviour model calls the engine: household budgets at every hours option.

``option_budgets`` is the contract. Its body runs the public engine once per alternative (choosers'
hours replaced by the option in every month); a dedicated engine call can replace the body as long as
it returns the same arrays for the same inputs (docs/behaviour.md, "Engine call").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from taxben.kernels import fields as F
from taxben.simulate import PopulationArrays, simulate_arrays


@dataclass(frozen=True)
class OptionBudgets:
    """Household amounts in DKK per month for every alternative (see ``option_budgets``)."""

    disposable: np.ndarray  # (n_households, n_months, H ** k) float64
    public_cost: np.ndarray  # (n_households, n_months, H ** k) float64
    earnings: np.ndarray  # (n_households, k, H) float64: each chooser's gross earnings at each option


def _column(name: str) -> int:
    return F.OUT_COLUMNS.index(name)


def option_budgets(P: np.ndarray, ceiling: np.ndarray, arrays: PopulationArrays, chooser_rows: np.ndarray,
                   option_hours: np.ndarray, settings: np.ndarray | None = None) -> OptionBudgets:
    """Household disposable income and public cost at every hours option of its choosers.

    ``arrays``: households that all have the same number ``k`` (1 or 2) of choosers; ``arrays.hours``
    is (n_persons, n_months) (the observed schedule). ``chooser_rows`` (n_households, k): the row in
    ``arrays`` of each chooser. ``option_hours`` (H,): hours per week of the options, 0 first.

    Alternative ``a`` puts chooser c at ``option_hours[(a // H ** (k − 1 − c)) % H]`` **in every month of
    the horizon**; the other adults keep their schedule. So the clock state in month m is that of a
    person who has worked the option's hours since the start (the ceiling clock, months on help and the
    benefit cap all follow that path); a 0-hours option never starts the clock.

    Returns, for every household, month and alternative: ``disposable`` = household disposable income
    including the ceiling supplement (output column ``household_disposable_income``), and
    ``public_cost`` = Σ adults (kontanthjælp + ceiling supplement − income tax − AM-bidrag) + household
    (boligsikring + særlig støtte − cap reduction), the amounts of the summary's fiscal cost; and each
    chooser's gross earnings at each option (month 0; earnings do not depend on the month).
    """
    k = chooser_rows.shape[1]
    H = len(option_hours)
    n_households = chooser_rows.shape[0]
    n_months = P.shape[0]
    hours = np.ascontiguousarray(np.broadcast_to(arrays.hours, (arrays.n_persons, n_months)))
    starts = arrays.household_start[:-1]
    first_rows = starts
    n_alt = H ** k
    disposable = np.empty((n_households, n_months, n_alt))
    public_cost = np.empty((n_households, n_months, n_alt))
    earnings = np.zeros((n_households, k, H))
    per_adult = [_column("kontanthjaelp"), _column("ceiling_supplement")]
    per_adult_minus = [_column("income_tax"), _column("am_bidrag")]
    household = [_column("household_boligsikring"), _column("household_saerlig_stoette")]
    household_minus = _column("household_cap_reduction")
    for a in range(n_alt):
        options = [(a // H ** (k - 1 - c)) % H for c in range(k)]
        run_hours = hours.copy()
        for c, option in enumerate(options):
            run_hours[chooser_rows[:, c], :] = option_hours[option]
        out = simulate_arrays(P, ceiling, replace(arrays, hours=run_hours), settings)
        disposable[:, :, a] = out[first_rows, :, _column("household_disposable_income")]
        adult_cost = out[:, :, per_adult].sum(axis=2) - out[:, :, per_adult_minus].sum(axis=2)
        cost = np.add.reduceat(adult_cost, starts, axis=0) if len(starts) else adult_cost[:0]
        cost += out[first_rows][:, :, household].sum(axis=2) - out[first_rows, :, household_minus]
        public_cost[:, :, a] = cost
        for c, option in enumerate(options):
            if all(o == 0 for i, o in enumerate(options) if i != c):
                earnings[:, c, option] = out[chooser_rows[:, c], 0, _column("gross_earnings")]
        del out
    return OptionBudgets(disposable=disposable, public_cost=public_cost, earnings=earnings)

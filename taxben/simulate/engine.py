"""The monthly driver: every household through every month of the horizon, in parallel.

State carried from month to month per adult: months on help (for the benefit cap) and, per scenario,
the ceiling clock. Parameters are one record per month (``R[m]``), so a horizon may cross a year and the
rules change mid-run. Several ceiling scenarios that share the rules (the baseline and the reforms that
only add a ``ceiling:`` block) are computed in one pass: the household budgets are the same, only the
supplements differ. Households are independent: ``prange`` over chunks of households, each chunk with
its own scratch space (no allocation per household or month).

Per household-month the budgets needed are evaluated once: at the actual hours, each adult + δ (EMTR),
and each adult's participation counterpart (0 hours if working, the reference hours if not; PTR). The
ceiling supplements at those same points come from one call of ``joint_supplements``.
"""

import math

import numpy as np
from numba import get_thread_id, njit, prange

from taxben.kernels.ceiling import ceiling_available, ceiling_clock_after
from taxben.kernels.envelope import joint_supplements, set_indicator_queries
from taxben.kernels.household import help_history, household_budget, household_month
from taxben.kernels.indicators import earnings_of, write_emtr, write_no_indicators, write_participation

N_KEY = 12  # month_key: hours (2), then the household record's state (10); then availability per scenario/adult
N_HOURS_KEY = 2
NEVER = 1e9  # months since help of an adult never on help
THREAD_GAP = 16  # float64s (128 bytes, two cache lines) between one thread's scratch and the next's


@njit(cache=True)
def month_key(key, hours_0, hours_1, hh, record_built):
    """Write what decides a month's amounts besides the rules (hours, and the state that switches rules
    on: cap, married reduction, ATP on help, fritidstillæg) into ``key``. Returns (same hours, same state)
    as last month. The state comes from the household's month record: a record kept from last month
    (``record_built`` false) has last month's state, already in ``key``, so only the hours are compared."""
    same_hours = key[0] == hours_0 and key[1] == hours_1
    key[0] = hours_0
    key[1] = hours_1
    if not record_built:
        return same_hours, True
    values = (1.0 if hh.capped_0 else 0.0, 1.0 if hh.capped_1 else 0.0,
              hh.adult_0.rate_m, hh.adult_1.rate_m, 1.0 if hh.adult_0.pays_atp_on_help else 0.0,
              1.0 if hh.adult_1.pays_atp_on_help else 0.0, 1.0 if hh.fritidstillaeg_whatever_the_help else 0.0,
              1.0 if hh.fritidstillaeg_with_help else 0.0, hh.cap_m, hh.net_income_help_only_m)
    same_state = True
    for k in range(N_KEY - N_HOURS_KEY):
        same_state = same_state and key[N_HOURS_KEY + k] == values[k]
        key[N_HOURS_KEY + k] = values[k]
    return same_hours, same_state


@njit(cache=True)
def write_amounts(row, who, budget, supplement_share, household_supplement, hours, other_income_m):
    """The adult's and the household's amounts at actual hours."""
    row.hours_per_week = hours
    if who == 0:
        row.gross_earnings_m = budget.earnings_0
        row.am_bidrag_m = budget.am_0
        row.atp_m = budget.atp_0
        row.atp_on_help_m = budget.atp_on_help_0
        row.kontanthjaelp_m = budget.kontanthjaelp_0
        row.income_tax_m = budget.income_tax_0
    else:
        row.gross_earnings_m = budget.earnings_1
        row.am_bidrag_m = budget.am_1
        row.atp_m = budget.atp_1
        row.atp_on_help_m = budget.atp_on_help_1
        row.kontanthjaelp_m = budget.kontanthjaelp_1
        row.income_tax_m = budget.income_tax_1
    row.other_income_m = other_income_m
    row.ceiling_supplement_m = supplement_share
    row.household_boligsikring_m = budget.boligsikring
    row.household_saerlig_stoette_m = budget.saerlig_stoette
    row.household_cap_reduction_m = budget.cap_reduction
    row.household_child_benefits_m = budget.child_benefits
    row.household_fritidstillaeg_m = budget.fritidstillaeg
    row.household_ceiling_supplement_m = household_supplement
    row.household_disposable_income_m = budget.disposable + household_supplement


@njit(cache=True)
def supplement_shares(actual, hours_0, hours_1, available_0, available_1, household_supplement):
    """The household supplement split between the adults eligible this month (available and working)
    in proportion to their gross earnings (equally if they earn nothing). Returns (share_0, share_1)."""
    eligible_0 = available_0 and hours_0 > 0.0
    eligible_1 = available_1 and hours_1 > 0.0
    if household_supplement == 0.0 or not (eligible_0 or eligible_1):
        return 0.0, 0.0
    weight_0 = actual.earnings_0 if eligible_0 else 0.0
    weight_1 = actual.earnings_1 if eligible_1 else 0.0
    if weight_0 + weight_1 <= 0.0:
        weight_0 = 1.0 if eligible_0 else 0.0
        weight_1 = 1.0 if eligible_1 else 0.0
    share_0 = household_supplement * (weight_0 / (weight_0 + weight_1))
    return share_0, household_supplement - share_0


@njit(cache=True)
def simulate_household(R, same_rules, C, people, household, hours, settings, out, envelope, key, state):
    """One household (1-2 adults) through the horizon. ``people`` (n_adults,) input records; ``household``
    its record; ``hours`` (n_adults, 1 or n_months); ``out`` (n_scenarios, n_adults, n_months) output
    records; ``envelope`` the envelope's working record (queries, anchor cache); ``key`` the month key
    (N_KEY + 2·n_scenarios); ``state`` (2 + 2·n_scenarios, 2) per adult: months on help, months since the
    last month with help, then per scenario the clock and whether it started."""
    n_adults = people.shape[0]
    n_months = R.shape[0]
    n_scenarios = C.shape[0]
    per_month_hours = hours.shape[1] > 1
    delta = settings.emtr_delta_hours
    reference = settings.ptr_reference_hours
    with_indicators = settings.indicators > 0.5
    second = 1 if n_adults == 2 else 0
    for a in range(n_adults):
        state[0, a] = people[a].months_on_benefit
        state[1, a] = 1.0 if people[a].months_on_benefit > 0.0 else NEVER  # on help until the start, if at all
        for s in range(n_scenarios):
            state[2 + 2 * s, a] = people[a].ceiling_months_used
            state[3 + 2 * s, a] = 1.0 if people[a].ceiling_months_used > 0.0 else 0.0
    x0 = envelope.x0
    x1 = envelope.x1
    d_at = envelope.d
    supplement = envelope.supplement
    envelope.n_rows = 0  # a new household: nothing cached
    # Each adult's participation point (0 hours if working, the PTR's reference hours if not) comes back
    # month after month: D there, and the adult's earnings there, are kept with the hours (x0, x1) they
    # were computed at, for the next month whose rules and household record are the same.
    part_disposable_0 = part_earnings_0 = part_x0_0 = part_x1_0 = math.nan
    part_disposable_1 = part_earnings_1 = part_x0_1 = part_x1_1 = math.nan
    last_history_0 = help_history(R[0], state[0, 0], state[1, 0])
    last_history_1 = help_history(R[0], state[0, second], state[1, second])
    for m in range(n_months):
        rules = R[m]
        col = m if per_month_hours else 0
        hours_0 = hours[0, col]
        hours_1 = hours[1, col] if n_adults == 2 else 0.0
        # The month record is a function of the rules, the inputs and the adults' help histories (the months
        # on help count only through the rules they start): last month's is kept while those are.
        history_0 = help_history(rules, state[0, 0], state[1, 0])
        history_1 = help_history(rules, state[0, second], state[1, second])
        record_built = m == 0 or not same_rules[m] or history_0 != last_history_0 or history_1 != last_history_1
        if record_built:
            hh = household_month(rules, people[0], people[second], household, history_0, history_1)
        last_history_0 = history_0
        last_history_1 = history_1

        # A month whose rules, hours, household record and ceiling status equal last month's has last
        # month's amounts and indicators: copy them (only the state columns move on).
        same_hours, same_state = month_key(key, hours_0, hours_1, hh, record_built)
        same_budgets = m > 0 and same_rules[m] and same_state  # D is last month's function of the hours
        if not same_budgets:
            envelope.n_rows = 0  # the stretches of D belong to last month's rules and household record
            part_x0_0 = part_x0_1 = math.nan  # and so do the participation points' budgets
        same = same_hours and same_state and m > 0 and same_rules[m]
        for s in range(n_scenarios):
            for a in range(n_adults):
                available = 1.0 if ceiling_available(C[s], people[a], state[2 + 2 * s, a]) else 0.0
                same = same and key[N_KEY + 2 * s + a] == available
                key[N_KEY + 2 * s + a] = available
        if same:
            for s in range(n_scenarios):
                for a in range(n_adults):
                    out[s, a, m] = out[s, a, m - 1]
        else:
            n_queries = set_indicator_queries(envelope, hours_0, hours_1, n_adults, delta, reference, with_indicators)
            actual = household_budget(rules, hh, hours_0, hours_1)
            up_0 = up_1 = actual
            if n_queries >= 3:
                up_0 = household_budget(rules, hh, x0[1], x1[1])
                if not (x0[2] == part_x0_0 and x1[2] == part_x1_0):
                    part = household_budget(rules, hh, x0[2], x1[2])
                    part_disposable_0, part_earnings_0 = part.disposable, part.earnings_0
                    part_x0_0, part_x1_0 = x0[2], x1[2]
            if n_queries == 5:
                up_1 = household_budget(rules, hh, x0[3], x1[3])
                if not (x0[4] == part_x0_1 and x1[4] == part_x1_1):
                    part = household_budget(rules, hh, x0[4], x1[4])
                    part_disposable_1, part_earnings_1 = part.disposable, part.earnings_1
                    part_x0_1, part_x1_1 = x0[4], x1[4]
            d_at[0] = actual.disposable
            d_at[1] = up_0.disposable
            d_at[2] = part_disposable_0
            d_at[3] = up_1.disposable
            d_at[4] = part_disposable_1
            for s in range(n_scenarios):
                ceiling = C[s]
                available_0 = key[N_KEY + 2 * s] > 0.5
                available_1 = n_adults == 2 and key[N_KEY + 1 + 2 * s] > 0.5
                for q in range(n_queries):
                    supplement[q] = 0.0
                if available_0 or available_1:
                    joint_supplements(rules, hh, ceiling, available_0, available_1, n_queries, envelope)
                share_0, share_1 = supplement_shares(actual, hours_0, hours_1, available_0, available_1, supplement[0])
                for a in range(n_adults):
                    row = out[s, a, m]
                    write_amounts(row, a, actual, share_0 if a == 0 else share_1, supplement[0],
                                  hours_0 if a == 0 else hours_1, people[a].other_income_m)
                    up = up_0 if a == 0 else up_1
                    q_up = 1 if a == 0 else 3
                    q_part = 2 if a == 0 else 4
                    if not with_indicators:
                        write_no_indicators(row)
                        continue
                    write_emtr(row, a, actual, up, supplement[0], supplement[q_up])
                    part_disposable = part_disposable_0 if a == 0 else part_disposable_1
                    if (hours_0 if a == 0 else hours_1) > 0.0:
                        write_participation(row, people[a].hourly_wage, part_disposable, supplement[q_part],
                                            actual.disposable, supplement[0], earnings_of(actual, a))
                    else:
                        write_participation(row, people[a].hourly_wage, actual.disposable, supplement[0],
                                            part_disposable, supplement[q_part],
                                            part_earnings_0 if a == 0 else part_earnings_1)

        # state: cap status and months on help, the ceiling clock per scenario
        for a in range(n_adults):
            for s in range(n_scenarios):
                row = out[s, a, m]
                working = (hours_0 if a == 0 else hours_1) > 0.0
                eligible = key[N_KEY + 2 * s + a] > 0.5 and working
                clock, started = ceiling_clock_after(C[s], state[2 + 2 * s, a], state[3 + 2 * s, a] > 0.5, eligible)
                state[2 + 2 * s, a] = clock
                state[3 + 2 * s, a] = 1.0 if started else 0.0
                row.benefit_capped = 1.0 if (hh.capped_0 if a == 0 else hh.capped_1) else 0.0
                row.months_on_help = state[0, a]
                row.ceiling_eligible = 1.0 if eligible else 0.0
                row.ceiling_clock = clock
        for s in range(n_scenarios):
            both = n_adults == 2 and out[s, 0, m].ceiling_eligible > 0.5 and out[s, 1, m].ceiling_eligible > 0.5
            for a in range(n_adults):
                out[s, a, m].couple_both_eligible = 1.0 if both else 0.0
        for a in range(n_adults):
            if out[0, a, m].kontanthjaelp_m > 0.0:
                state[0, a] += 1.0
                state[1, a] = 1.0
            else:
                state[1, a] = min(state[1, a] + 1.0, NEVER)


@njit(cache=True, parallel=True)
def simulate_households(R, same_rules, C, people, households, hours, settings, envelopes, out):
    """Fill ``out`` (n_scenarios, n_persons, n_months) output records for every household.

    ``R`` (n_months,) rule records, ``same_rules[m]``: R[m] equals R[m − 1]; ``C`` (n_scenarios,) ceiling
    records sharing these rules; ``people`` (n_persons,) input records, adults of a household
    consecutive; ``households`` (n_households,) records (start, n_adults, n_children, rent_m);
    ``hours`` (n_persons, 1 or n_months) hours per week; ``settings`` (1,) the indicator settings record
    (an array: a record passed by value does not cross into the parallel loop); ``envelopes`` one
    envelope working record per numba thread. Each thread's scratch is allocated here, outside the
    parallel loop, and picked by thread id: numba may hoist an allocation out of a ``prange`` body and
    share it between threads. Threads' scratch rows lie ``THREAD_GAP`` apart (no shared cache line)."""
    n_households = households.shape[0]
    n_scenarios = C.shape[0]
    n_threads = envelopes.shape[0]
    # Each thread writes its key and state every household-month: rows packed side by side shared a cache
    # line between the two threads, and each write took the line from the other core (false sharing; 12
    # months of the peer's population took 20 % longer). A gap of two cache lines keeps them apart.
    keys = np.zeros((n_threads, THREAD_GAP + N_KEY + 2 * n_scenarios))[:, THREAD_GAP:]
    states = np.zeros((n_threads, THREAD_GAP // 2 + 2 + 2 * n_scenarios, 2))[:, THREAD_GAP // 2:]
    n_chunks = min(n_households, 1024)
    for chunk in prange(n_chunks):
        thread = get_thread_id()
        first = chunk * n_households // n_chunks
        last = (chunk + 1) * n_households // n_chunks
        for h in range(first, last):
            start = int(households[h].start)
            stop = start + int(households[h].n_adults)
            simulate_household(R, same_rules, C, people[start:stop], households[h], hours[start:stop], settings[0],
                               out[:, start:stop], envelopes[thread], keys[thread], states[thread])

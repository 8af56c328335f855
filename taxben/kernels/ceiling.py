"""The reform's rules about who gets the ceiling and for how long (SPEC §5): availability and the clock.

The supplement itself is the envelope in ``taxben.kernels.envelope``. ``ceiling`` is the scenario's
record (``taxben.params.layout.CEILING_DTYPE``), ``person`` an adult's input record.
"""

from numba import njit

from taxben.params.layout import CLOCK_WORKING_MONTHS


@njit(cache=True)
def ceiling_limit_months(ceiling, person):
    """Months of the ceiling an adult may use: the duration, + the extension if it was granted."""
    limit = ceiling.duration_months
    if person.extension_granted > 0.5:
        limit += ceiling.extension_months
    return limit


@njit(cache=True)
def ceiling_available(ceiling, person, clock_months):
    """The adult may receive the supplement this month: entitled to kontanthjælp at zero earnings, in
    an eligible match group, and the clock below the duration (+ extension if granted)."""
    if ceiling.enabled < 0.5 or person.receives_kontanthjaelp < 0.5:
        return False
    group = int(person.match_group)
    if group < 1 or group > ceiling.eligible_match_group.shape[0] or ceiling.eligible_match_group[group - 1] < 0.5:
        return False
    return clock_months < ceiling_limit_months(ceiling, person)


@njit(cache=True)
def ceiling_clock_after(ceiling, clock_months, started, eligible):
    """Advance the ceiling clock by one month. ``working_months`` counts months in which the adult
    was eligible and worked; ``calendar_months`` counts every month from the first such month.
    Returns (clock, started)."""
    if eligible:
        started = True
    if int(ceiling.clock) == CLOCK_WORKING_MONTHS:
        if eligible:
            clock_months += 1.0
    elif started:
        clock_months += 1.0
    return clock_months, started

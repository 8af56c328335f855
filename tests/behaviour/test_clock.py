"""Month by month with the ceiling clock: the response falls back when the 12 months run out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from taxben.behaviour.model import BehaviourModel
from taxben.behaviour.spec import load_behaviour
from taxben.run.population_run import simulate_chunk
from taxben.simulate import indicator_settings

COLUMNS = ["person_id", "household_id", "weight", "age", "n_children", "lives_with_parents", "receives_kontanthjaelp",
           "match_group", "months_on_benefit", "hourly_wage", "hours_per_week", "rent_monthly", "other_income_monthly",
           "ceiling_months_used", "extension_granted"]
# Five single recipients aged 40 in match group 4, no children, on help for 24 months, 110 DKK/hour,
# rent 4,000: Mette and Ole work 0 hours, Jens works 0 hours and has the special-case extension, Kim
# works 10 and Lis 20 hours (so the group's observed options are 0, 10 and 20 hours).
ROWS = [
    (1, 1, 1.0, 40, 0, False, True, 4, 24, 110.0, 0.0, 4000.0, 0.0, 0, False),  # Mette
    (2, 2, 1.0, 40, 0, False, True, 4, 24, 110.0, 0.0, 4000.0, 0.0, 0, True),  # Jens, extension granted
    (3, 3, 1.0, 40, 0, False, True, 4, 24, 110.0, 10.0, 4000.0, 0.0, 0, False),  # Kim
    (4, 4, 1.0, 40, 0, False, True, 4, 24, 110.0, 20.0, 4000.0, 0.0, 0, False),  # Lis
    (5, 5, 1.0, 40, 0, False, True, 4, 24, 110.0, 0.0, 4000.0, 0.0, 0, False),  # Ole
]


def test_the_response_falls_back_when_the_clock_runs_out(prepared):
    frame = pd.DataFrame(ROWS, columns=COLUMNS)
    model = BehaviourModel(load_behaviour("central"), frame, prepared[0], None, chunk_persons=1000)
    base, reform = simulate_chunk(frame, prepared, indicator_settings(), model.hours_all, model, (0, len(frame)))
    change = (reform["p_work"] - base["p_work"]).to_numpy().reshape(len(frame), -1)  # person × month
    mette, jens = change[0], change[1]
    # ceiling70_mg45: 12 working months, 12 more with the extension. Every working option is worked
    # from the first month, so the clock of a working option runs out after month 12 (index 11).
    assert (mette[:12] > 0.001).all()
    assert (mette[12:] == 0).all()  # back on the baseline rules: exactly the baseline probability
    assert (jens[:24] > 0.001).all()  # the extension keeps the ceiling for 24 months
    # the aggregate: more people working in months 1-12, none extra in months 13-24 but Jens
    total = change.sum(axis=0)
    assert (total[:12] > total[12:].max()).all()
    np.testing.assert_array_equal(total[12:], jens[12:])

"""Shared fixtures: a small clean population that an analyst could have typed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

CLEAN_CSV = """\
person_id,household_id,weight,age,n_children,lives_with_parents,receives_kontanthjaelp,match_group,months_on_benefit,hourly_wage,hours_per_week,rent_monthly,other_income_monthly,region
1,10,2.5,35,0,false,true,4,0,110,0,0,0,north
2,11,3,40,2,false,true,5,12,120,15,6000,0,south
5,12,1,30,0,false,false,,0,150,37,4000,0,west
3,11,3,38,2,false,true,5,12,120,0,6000,0,south
4,13,1.5,22,0,true,true,3,2,90,10,0,0,east
"""


@pytest.fixture
def clean_csv(tmp_path):
    path = tmp_path / "population.csv"
    path.write_text(CLEAN_CSV)
    return path


@pytest.fixture
def clean_frame(clean_csv) -> pd.DataFrame:
    return pd.read_csv(clean_csv)

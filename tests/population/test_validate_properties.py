"""Property: whatever the frame holds, the validator returns a frame or raises PopulationError."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxben.population import POPULATION_COLUMNS, PopulationError, validate_file, validate_population

NAMES = [c.name for c in POPULATION_COLUMNS] + ["extra"]

cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 130),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.sampled_from(["true", "0", "12abc", "", " 7 ", "nan", "inf", "minimum", "2005-01"]),
)


@st.composite
def frames(draw) -> pd.DataFrame:
    n = draw(st.integers(0, 6))
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=len(NAMES)))
    data = {}
    for name in names:
        same_kind = draw(st.sampled_from([st.integers(0, 5), st.floats(0, 60), st.booleans(), cells]))
        data[name] = draw(st.lists(same_kind, min_size=n, max_size=n))
    return pd.DataFrame(data, index=range(n))


def _valid_or_population_error(check) -> None:
    try:
        result = check()
    except PopulationError as error:
        assert error.violations
    else:
        assert result is not None


@settings(max_examples=300, deadline=None)
@given(frames())
def test_validate_population_never_raises_anything_else(df):
    _valid_or_population_error(lambda: validate_population(df))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frames())
def test_validate_file_never_raises_on_any_csv(tmp_path, df):
    path = tmp_path / "random.csv"
    df.to_csv(path, index=False)
    violations = validate_file(path)
    assert isinstance(violations, list)

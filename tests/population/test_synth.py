"""Synthetic population stories: deterministic, chunk-independent, valid, grossed up, plausible."""

from __future__ import annotations

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from taxben.cli.synth_cmd import synth
from taxben.population import (
    default_population,
    read_population,
    synthesize,
    validate_population,
    write_synthetic,
)
from taxben.population import synth_params, write
from taxben.population.synth import BLOCK_ADULTS
from taxben.population.synth_params import load_params

# the national totals the weights reproduce (taxben/data/synth_population.yaml, docs/population.md)
RECIPIENTS = {2005: 158_300, 2026: 89_800}
NON_RECIPIENT_HOUSEHOLD_ADULTS = 150_000


@pytest.fixture(scope="module", params=[2005, 2026])
def population(request):
    return request.param, synthesize(request.param, 20_000, seed=11)


def test_same_seed_same_population_other_seed_other_population():
    a, b, c = synthesize(2005, 3_000, 5), synthesize(2005, 3_000, 5), synthesize(2005, 3_000, 6)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_written_file_does_not_depend_on_chunk_size_or_partitions(tmp_path):
    n = 2 * BLOCK_ADULTS + 123
    expected = synthesize(2026, n, 4)
    small = write_synthetic(2026, n, 4, tmp_path / "small.parquet", chunk_size=1000)
    large = write_synthetic(2026, n, 4, tmp_path / "large.parquet", chunk_size=10**7)
    parts = write_synthetic(2026, n, 4, tmp_path / "parts", partitions=3, chunk_size=BLOCK_ADULTS)
    for path in (small, large, parts):
        pd.testing.assert_frame_equal(read_population(path), expected)
    files = sorted(parts.iterdir())
    assert [f.name for f in files] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    households = [set(pd.read_parquet(f)["household_id"]) for f in files]
    assert not (households[0] & households[1]) and not (households[1] & households[2])
    assert all(abs(len(pd.read_parquet(f)) - n / 3) <= 2 for f in files)


def test_output_passes_the_validator_unchanged(population):
    _, df = population
    pd.testing.assert_frame_equal(validate_population(df), df)


def test_weights_gross_up_to_the_documented_totals(population):
    year, df = population
    recipients = df["receives_kontanthjaelp"]
    assert (df["weight"] * recipients).sum() == pytest.approx(RECIPIENTS[year], rel=1e-9)
    first_adults = df.drop_duplicates("household_id")
    other_households = first_adults.loc[~first_adults["receives_kontanthjaelp"], "household_id"]
    other = df["household_id"].isin(other_households)
    assert df.loc[other, "weight"].sum() == pytest.approx(NON_RECIPIENT_HOUSEHOLD_ADULTS, rel=1e-9)
    assert load_params(year).totals.recipients == RECIPIENTS[year]


def test_population_looks_like_recipients_and_low_income_workers(population):
    year, df = population
    p = load_params(year)
    rec, other = df[df["receives_kontanthjaelp"]], df[~df["receives_kontanthjaelp"]]
    assert rec["match_group"].notna().all() and other["match_group"].isna().all()
    working = rec["hours_per_week"] > 0
    assert 0.03 < working.mean() < 0.2  # most recipients work 0 hours
    assert rec.loc[working, "hours_per_week"].between(5, 25).all()
    assert (other["hours_per_week"] >= 30).mean() > 0.6
    assert rec["hourly_wage"].median() < other["hourly_wage"].median()
    assert rec["hourly_wage"].median() == pytest.approx(110 * p.price_factor, rel=0.05)
    assert (df.loc[df["lives_with_parents"], "age"] <= p.parents.max_age).all()
    assert (df.loc[df["lives_with_parents"], "rent_monthly"] == 0).all()
    assert (df["other_income_monthly"] == 0).mean() > 0.8
    sizes = df.groupby("household_id").size()
    assert set(sizes) == {1, 2} and 0.05 < (sizes == 2).mean() < 0.5
    groups_45 = rec["match_group"].isin([4, 5]).mean()
    assert groups_45 == pytest.approx(sum(p.match_group_shares[3:]), abs=0.03)


def test_2026_money_is_about_145_percent_of_2005():
    a, b = synthesize(2005, 20_000, 2), synthesize(2026, 20_000, 2)
    assert b["hourly_wage"].median() / a["hourly_wage"].median() == pytest.approx(1.45, rel=0.03)
    rents = [d.loc[d["rent_monthly"] > 0, "rent_monthly"].median() for d in (a, b)]
    assert rents[1] / rents[0] == pytest.approx(1.45, rel=0.05)


def test_every_parameter_has_a_source():
    for year in synth_params.supported_years():
        load_params(year)  # raises if a leaf has no source
    with pytest.raises(ValueError, match="has no source"):
        synth_params._values({"wages": {"median": {"value": 1, "source": " "}}})


def test_default_population_is_small_fixed_and_a_fresh_copy():
    df = default_population()
    assert len(df) == 2_000
    df.loc[0, "age"] = 99
    pd.testing.assert_frame_equal(default_population(), synthesize(2005, 2_000, 2005))


def test_interrupted_write_leaves_nothing_behind(tmp_path, monkeypatch):
    out = tmp_path / "pop.parquet"
    write_synthetic(2005, 100, 1, out)
    before = out.read_bytes()

    def failing_blocks(plan):
        yield synthesize(2005, 10, 1)
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "iter_blocks", failing_blocks)
    with pytest.raises(KeyboardInterrupt):
        write_synthetic(2005, 100, 2, out, chunk_size=5, overwrite=True)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["pop.parquet"]


def test_cli_command_writes_a_valid_file_and_rejects_an_unknown_year(tmp_path):
    app = typer.Typer()
    app.command("synth")(synth)
    app.command("noop")(lambda: None)  # two commands, so "synth" is a subcommand as in taxben
    out = tmp_path / "p.parquet"
    result = CliRunner().invoke(app, ["synth", "--year", "2026", "--n", "500", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    pd.testing.assert_frame_equal(read_population(out), synthesize(2026, 500, 3))
    result = CliRunner().invoke(app, ["synth", "--year", "2010", "--out", str(out)])
    assert result.exit_code == 2 and "2010" in result.output

"""Synthetic population of kontanthjælp recipients and low-income non-recipients.

All distribution parameters come from ``taxben/data/synth_population.yaml`` (see ``synth_params``).

Determinism: the ``n`` adults are generated in blocks of ``BLOCK_ADULTS`` adults; block ``i`` draws from
its own generators seeded by ``SeedSequence(seed).spawn(n_blocks)[i]``, so the population depends on
``(year, n, seed)`` only, never on how the blocks are batched for writing (``chunk_size``).
Households never straddle blocks (a couple that would is made single), ids are consecutive from 1.

Weights: recipient households (those whose first adult receives kontanthjælp) share one weight, other
households another, chosen so that the weighted number of recipients equals ``totals.recipients`` and
the weighted number of adults in non-recipient households equals ``totals.non_recipients``, exactly.
(Non-recipient spouses of recipients carry their household's weight and are counted in neither total.)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from taxben.population.synth_params import Binned, SynthParams, load_params

BLOCK_ADULTS = 1 << 15  # the unit of randomness; changing it changes every synthetic population
DEFAULT_YEAR, DEFAULT_N, DEFAULT_SEED = 2005, 2000, 2005  # the built-in default population


@dataclass(frozen=True)
class Structure:
    """The households of one block: who is a couple, which households (and spouses) receive help."""

    recipient_household: np.ndarray  # bool per household: the first adult is a recipient
    couple: np.ndarray  # bool per household
    spouse_recipient: np.ndarray  # bool per household (False for singles)

    @property
    def sizes(self) -> np.ndarray:
        return 1 + self.couple.astype(np.int64)

    def recipients(self) -> int:
        return int(self.recipient_household.sum() + self.spouse_recipient.sum())

    def non_recipient_household_adults(self) -> int:
        return int(self.sizes[~self.recipient_household].sum())


def _structure(rng: np.random.Generator, quota: int, p: SynthParams) -> Structure:
    recipient = rng.random(quota) < p.sample.recipient_household_share
    couple_share = p.households.couple_share
    couple = rng.random(quota) < np.where(recipient, couple_share.recipient, couple_share.non_recipient)
    spouse = rng.random(quota) < p.households.spouse_also_recipient
    ends = np.cumsum(1 + couple)
    h = int(np.searchsorted(ends, quota)) + 1  # households needed to reach the quota
    couple = couple[:h].copy()
    if ends[h - 1] > quota:  # the last couple would straddle the block: make it single
        couple[-1] = False
    return Structure(recipient[:h], couple, spouse[:h] & couple & recipient[:h])


@dataclass(frozen=True)
class Plan:
    """Everything fixed before the attributes are drawn: blocks, their households, the two weights."""

    params: SynthParams
    n: int
    structures: list[Structure]
    attribute_seeds: list[np.random.SeedSequence]
    weight_recipient: float
    weight_other: float


def make_plan(year: int, n: int, seed: int) -> Plan:
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    params = load_params(year)
    n_blocks = -(-n // BLOCK_ADULTS)
    quotas = [BLOCK_ADULTS] * (n_blocks - 1) + [n - BLOCK_ADULTS * (n_blocks - 1)]
    structures, attribute_seeds = [], []
    for quota, block_seed in zip(quotas, np.random.SeedSequence(seed).spawn(n_blocks)):
        structure_seed, attribute_seed = block_seed.spawn(2)
        structures.append(_structure(np.random.default_rng(structure_seed), quota, params))
        attribute_seeds.append(attribute_seed)
    recipients = sum(s.recipients() for s in structures)
    others = sum(s.non_recipient_household_adults() for s in structures)
    return Plan(
        params, n, structures, attribute_seeds,
        weight_recipient=params.totals.recipients / recipients if recipients else 0.0,
        weight_other=params.totals.non_recipients / others if others else 0.0,
    )


def _binned(rng: np.random.Generator, bins: Binned, size: int) -> np.ndarray:
    edges = np.asarray(bins.edges)
    i = rng.choice(len(bins.shares), size=size, p=bins.shares)
    return rng.integers(edges[i], edges[i + 1])


def _between(rng: np.random.Generator, bounds, size: int) -> np.ndarray:
    """Whole numbers uniform in the inclusive range ``bounds``."""
    return rng.integers(bounds[0], bounds[1] + 1, size)


def _block_frame(plan: Plan, block: int, first_person: int, first_household: int) -> pd.DataFrame:
    """The adults of one block, canonical dtypes, ids continuing from the given offsets."""
    p, s = plan.params, plan.structures[block]
    rng = np.random.default_rng(plan.attribute_seeds[block])
    sizes = s.sizes
    h, n = len(sizes), int(sizes.sum())
    hh = np.repeat(np.arange(h), sizes)  # household index of each adult
    first_row = np.cumsum(sizes) - sizes
    spouse = np.zeros(n, bool)
    spouse[first_row[s.couple] + 1] = True
    recipient_hh = s.recipient_household[hh]
    receives = np.where(spouse, s.spouse_recipient[hh], recipient_hh)
    nonrecipient_spouse = spouse & recipient_hh & ~receives  # non-recipient spouse of a recipient

    # ages: first adult by the household's status, spouse around the first adult's age
    age = np.where(recipient_hh, _binned(rng, p.age.binned(True), n), _binned(rng, p.age.binned(False), n))
    gap = np.rint(rng.normal(0.0, p.households.spouse_age_gap_sd, n)).astype(np.int64)
    spouse_age = np.clip(age[first_row[hh]] + gap, p.age.edges[0], p.age.edges[-1] - 1)
    age = np.where(spouse, spouse_age, age)
    head_age = age[first_row]

    # children and living with parents (household level)
    prob = p.children.probability
    p_child = np.where(s.couple, np.where(s.recipient_household, prob.couple_recipient, prob.couple_non_recipient),
                       np.where(s.recipient_household, prob.single_recipient, prob.single_non_recipient))
    has_children = (rng.random(h) < p_child) & (head_age <= p.children.max_parent_age)
    count = 1 + rng.choice(len(p.children.count_shares), size=h, p=p.children.count_shares)
    n_children = np.where(has_children, count, 0)
    with_parents = ~s.couple & ~has_children & (head_age <= p.parents.max_age) & (rng.random(h) < p.parents.share)

    # match group and months on help (recipients only)
    match_group = 1 + rng.choice(5, size=n, p=p.match_group_shares)
    months = np.where(receives, _binned(rng, p.months_on_benefit, n), 0)

    # wages
    w = p.wages
    median = np.where(receives, w.median.recipient, w.median.non_recipient)
    sigma = np.where(receives, w.sigma.recipient, w.sigma.non_recipient)
    wage = median * np.exp(sigma * rng.standard_normal(n)) * np.where(age < w.young_age, w.young_factor, 1.0)
    wage = np.round(np.clip(wage, *w.range) * p.price_factor, 2)

    # hours
    hp = p.hours
    works = rng.random(n) < np.asarray(hp.work_share_by_match_group)[match_group - 1]
    recipient_hours = np.where(works, _between(rng, hp.recipient_range, n), 0)
    shares = hp.non_recipient_shares
    kind = rng.choice(3, size=n, p=[shares.full_time, shares.reduced, shares.part_time])
    other_hours = np.select([kind == 0, kind == 1], [hp.full_time, _between(rng, hp.reduced_range, n)],
                            _between(rng, hp.part_time_range, n))
    oi = p.other_income
    on_transfer = rng.random(n) < oi.spouse_transfer_share
    spouse_hours = np.where(on_transfer, 0, _between(rng, hp.spouse_range, n))
    hours = np.where(receives, recipient_hours, np.where(nonrecipient_spouse, spouse_hours, other_hours))

    # rent (household level): 0 for non-tenants and young adults living with their parents
    r = p.rent
    tenant = rng.random(h) < np.where(s.recipient_household, r.tenant_share.recipient, r.tenant_share.non_recipient)
    median_rent = np.where(s.couple, np.where(has_children, r.median.couple_children, r.median.couple),
                           np.where(has_children, r.median.single_children, r.median.single))
    rent = np.clip(median_rent * np.exp(r.sigma * rng.standard_normal(h)), *r.range) * p.price_factor
    rent = np.where(tenant & ~with_parents, np.rint(rent), 0.0)

    # other income: most have none; a non-recipient spouse of a recipient may live on a transfer
    has_other = rng.random(n) < np.where(receives, oi.share.recipient, oi.share.non_recipient)
    amount = np.where(has_other, rng.uniform(*oi.range, n), 0.0)
    transfer = np.where(on_transfer, rng.uniform(*oi.spouse_transfer_range, n), 0.0)
    other_income = np.rint(np.where(nonrecipient_spouse, transfer, amount) * p.price_factor)

    minimum = receives & (rng.random(n) < p.rate_category.minimum_share)
    weight = np.where(s.recipient_household, plan.weight_recipient, plan.weight_other)
    return pd.DataFrame({
        "person_id": np.arange(first_person + 1, first_person + n + 1, dtype=np.int64),
        "household_id": (first_household + 1 + hh).astype(np.int64),
        "weight": weight[hh],
        "age": age.astype(np.int64),
        "n_children": n_children[hh].astype(np.int64),
        "lives_with_parents": with_parents[hh],
        "receives_kontanthjaelp": receives,
        "match_group": pd.arrays.IntegerArray(np.where(receives, match_group, 0), ~receives),
        "months_on_benefit": months.astype(np.int64),
        "hourly_wage": wage,
        "hours_per_week": hours.astype(np.float64),
        "rent_monthly": rent[hh],
        "other_income_monthly": other_income,
        "ceiling_months_used": np.zeros(n, np.int64),
        "extension_granted": np.zeros(n, bool),
        "rate_category": pd.array(np.where(minimum, "minimum", ""), dtype="str"),
    })


def iter_blocks(plan: Plan):
    """The population block by block (each a canonical DataFrame)."""
    person, household = 0, 0
    for block, structure in enumerate(plan.structures):
        frame = _block_frame(plan, block, person, household)
        person += len(frame)
        household += len(structure.couple)
        yield frame


def synthesize(year: int, n: int, seed: int) -> pd.DataFrame:
    """A synthetic population of ``n`` adults for ``year`` (2005 or 2026), deterministic for ``seed``.

    Returns the canonical population frame (same columns and dtypes as ``read_population``).
    """
    return pd.concat(list(iter_blocks(make_plan(year, n, seed))), ignore_index=True)


@lru_cache(maxsize=1)
def _default_population() -> pd.DataFrame:
    return synthesize(DEFAULT_YEAR, DEFAULT_N, DEFAULT_SEED)


def default_population() -> pd.DataFrame:
    """The built-in population for ``taxben run`` without ``--population``: 2,000 adults, 2005, seed 2005."""
    return _default_population().copy()

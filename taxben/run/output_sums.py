"""The summary's sums straight from the engine's output arrays, one numba pass per chunk.

``taxben run`` without a behaviour model never builds person-month frames for its summary: the weighted
sums of every dimension × group (``summary.SUM_COLUMNS``), the month-by-month sums, the winners and the
income-decile bins come from ``out`` (n_persons, n_months, N_OUT) of each scenario, read as output
records (fields by name), with each adult's group codes.

The numbers are the same, bit for bit, as those of the person-month frame path
(``summary.person_month_sums``, ``summary.winner_sums``, ``timeline``) that the behaviour model and the
dashboard use: every sum adds the same terms, computed the same way, in the same order (person by
person, month by month). So the work is split between threads by scenario and dimension, never inside
one sum; the winners' per-group sums (pandas' compensated summation, as before) stay in pandas.
tests/run/test_output_sums.py holds the two paths to each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numba import njit, prange

from taxben.kernels import fields as F
from taxben.run.person_months import household_sizes
from taxben.run.summary import (DIMENSIONS, EMTR_EDGES, HOURS_BANDS, HOURS_EDGES, HOURS_LABELS, SUM_COLUMNS,
                                hours_band_codes, person_group_codes, sums_frame)
from taxben.run.timeline import DECILE_BIN_DKK, DECILE_BINS

N_MONTHLY = 4  # persons, persons eligible, supplement paid, persons working (timeline.MonthlyAccumulator)
# the SUM_COLUMNS terms of a person-month, padded to a multiple of 8 so that adding a row to a group's sums
# is a few vector additions (each lane the same IEEE addition as a scalar one)
ROW_WIDTH = -(-len(SUM_COLUMNS) // 8) * 8


@dataclass(frozen=True)
class ChunkPeople:
    """The adults of one chunk, in frame order: what the sums need besides the engine output."""

    weight: np.ndarray  # (n,) float64
    n_adults: np.ndarray  # (n,) float64, adults in the household
    codes: np.ndarray  # (n_person_dims, n) int64: group codes of the dimensions fixed per adult
    labels: list[list[str]]  # per dimension of DIMENSIONS (the last, hours_band, comes from the output)

    @property
    def width(self) -> int:
        return max(len(labels) for labels in self.labels)


def chunk_people(frame: pd.DataFrame) -> ChunkPeople:
    """Weights, household sizes and the fixed group codes of ``frame``'s adults."""
    n_adults = household_sizes(frame["household_id"].to_numpy())
    match_group = frame["match_group"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    fixed = person_group_codes(match_group, n_adults, frame["n_children"].to_numpy(), frame["age"].to_numpy())
    codes = np.ascontiguousarray(np.stack([c for c, _ in fixed.values()]), dtype=np.int64)
    return ChunkPeople(weight=frame["weight"].to_numpy(dtype=np.float64), n_adults=n_adults.astype(np.float64),
                       codes=codes, labels=[labels for _, labels in fixed.values()] + [HOURS_LABELS])


@dataclass
class ChunkSums:
    """What one chunk adds to the summary, per scenario (the baseline first)."""

    sums: np.ndarray  # (n_scenarios, n_dims, width, ROW_WIDTH): SUM_COLUMNS, then padding
    counts: np.ndarray  # (n_scenarios, n_dims, width) person-months per group
    monthly: np.ndarray  # (n_scenarios, n_months, N_MONTHLY)
    won: np.ndarray  # (n_scenarios, n_persons) household gains ≥ 1 DKK in some month (scenario vs baseline)
    deciles: np.ndarray  # (n_scenarios, DECILE_BINS, 3) per baseline income bin: Σw, Σw·gain, Σw·[gain ≥ 1]


def chunk_sums(people: ChunkPeople, outs: Sequence[np.ndarray]) -> ChunkSums:
    """Sums of one chunk from the engine outputs ``outs[k]`` (n_persons, n_months, N_OUT) of each
    scenario, the baseline first."""
    records = tuple(F.out_records(np.ascontiguousarray(out)) for out in outs)
    n_scenarios = len(records)
    n_persons, n_months = records[0].shape
    n_dims = len(DIMENSIONS)
    result = ChunkSums(sums=np.zeros((n_scenarios, n_dims, people.width, ROW_WIDTH)),
                       counts=np.zeros((n_scenarios, n_dims, people.width), dtype=np.int64),
                       monthly=np.zeros((n_scenarios, n_months, N_MONTHLY)),
                       won=np.zeros((n_scenarios, n_persons), dtype=np.bool_),
                       deciles=np.zeros((n_scenarios, DECILE_BINS, 3)))
    _accumulate_outputs(records, people.weight, people.n_adults, people.codes, tuple(EMTR_EDGES), tuple(HOURS_EDGES),
                        HOURS_BANDS[0][1], DECILE_BIN_DKK, result.sums, result.counts, result.monthly, result.won,
                        result.deciles)
    return result


def scenario_sums_frame(scenario: str, people: ChunkPeople, sums: ChunkSums, s: int) -> pd.DataFrame:
    """Scenario ``s``'s sums as ``summary.person_month_sums`` gives them for its person-month frame."""
    return sums_frame([scenario], people.width, people.labels, sums.sums[s, :, :, :len(SUM_COLUMNS)],
                      sums.counts[s])


def winners_frame(scenario: str, people: ChunkPeople, hours_month_0: np.ndarray, won: np.ndarray) -> pd.DataFrame:
    """``summary.winner_sums`` from the per-adult winner flags: the weight of the adults whose household
    gains in some month, per dimension × group (groups as of the first month, as there)."""
    codes = np.concatenate([people.codes, hours_band_codes(hours_month_0)[None, :]])
    weighted = pd.Series(people.weight * won)
    frames = []
    for d, dimension in enumerate(DIMENSIONS):
        # one groupby per dimension, as in winner_sums: pandas sums each group with compensation, and
        # the same terms grouped the same way give the same sum to the last bit
        sums = weighted.groupby(codes[d]).sum()
        frames.append(pd.DataFrame({"scenario": scenario, "dimension": dimension,
                                    "group": np.asarray(people.labels[d], dtype=object)[sums.index.to_numpy()],
                                    "winners": sums.to_numpy()}))
    return pd.concat(frames, ignore_index=True)


@njit(cache=True, inline="always")
def _count_at_most(edges, value):
    """``np.searchsorted(edges, value, side="right")`` for a few sorted ``edges`` (a tuple, so the loop
    unrolls; NaN after every edge), without branches (EMTR bands are not predictable)."""
    if value != value:
        return len(edges)
    k = 0
    for edge in edges:
        k += 1 if edge <= value else 0
    return k


@njit(cache=True, inline="always")
def _fill_terms(terms, m, record, weight, n_adults, band_edges):
    """``terms[m]``: the SUM_COLUMNS terms of one person-month (summary._accumulate: the same arithmetic,
    in the same order); household amounts split between the household's adults."""
    n_bands = len(band_edges) + 1
    for c in range(ROW_WIDTH):
        terms[m, c] = 0.0
    terms[m, 0] = weight
    emtr = record.emtr
    if emtr == emtr:  # defined (not NaN)
        terms[m, 1] = weight
        terms[m, 2] = weight * emtr
        terms[m, 4 + _count_at_most(band_edges, emtr)] = weight
    else:
        terms[m, 3] = weight
    ptr = record.ptr
    if ptr == ptr:
        terms[m, 4 + n_bands] = weight
        terms[m, 5 + n_bands] = weight * ptr
    household_transfers = (record.household_boligsikring + record.household_saerlig_stoette
                           - record.household_cap_reduction + record.household_child_benefits
                           + record.household_fritidstillaeg)
    eligible = 1.0 if record.ceiling_eligible != 0.0 else 0.0  # the person-month column is boolean
    terms[m, 6 + n_bands] = weight * record.gain_from_work
    terms[m, 7 + n_bands] = weight * record.household_disposable_income / n_adults
    terms[m, 8 + n_bands] = weight * eligible
    terms[m, 9 + n_bands] = weight * record.ceiling_supplement
    terms[m, 10 + n_bands] = weight * (record.kontanthjaelp + household_transfers / n_adults + record.ceiling_supplement)
    terms[m, 11 + n_bands] = weight * (record.income_tax + record.am_bidrag)
    terms[m, 12 + n_bands] = weight * record.couple_both_eligible / 2.0


@njit(cache=True)
def _decile_bin(income, bin_width, n_bins):
    b = np.floor(income / bin_width)
    if b < 0.0:
        b = 0.0
    if b > n_bins - 1:
        b = n_bins - 1
    return int(b)


@njit(cache=True, parallel=True)
def _accumulate_outputs(outs, weight, n_adults, person_codes, band_edges, hours_edges, zero_hours, decile_bin,
                        sums, counts, monthly, won, deciles):
    """Fill the ``ChunkSums`` arrays. ``outs``: a tuple of (n_persons, n_months) output records per
    scenario, the baseline first. One task per scenario (each sum belongs to one task)."""
    n_scenarios = len(outs)
    for s in prange(n_scenarios):
        _accumulate_scenario(outs[s], outs[0], s > 0, weight, n_adults, person_codes, band_edges, hours_edges,
                             zero_hours, decile_bin, sums[s], counts[s], monthly[s], won[s], deciles[s])


@njit(cache=True)
def _accumulate_scenario(out, base, against_base, weight, n_adults, person_codes, band_edges, hours_edges,
                         zero_hours, decile_bin, sums, counts, monthly, won, deciles):
    """One scenario's sums, adult by adult. The terms of the adult's months are computed first; then,
    per dimension, each run of months in the same group is added month by month to a local copy of the
    group's sums (the same additions in the same order, without waiting on memory between them)."""
    n_dims = sums.shape[0]
    n_person_dims = person_codes.shape[0]
    n_persons, n_months = out.shape
    n_bins = deciles.shape[0]
    terms = np.zeros((n_months, ROW_WIDTH))
    codes = np.zeros((n_dims, n_months), dtype=np.int64)
    group = np.zeros(ROW_WIDTH)
    width = sums.shape[2]  # ROW_WIDTH, but known at run time only: LLVM then vectorises the additions
    for p in range(n_persons):
        w = weight[p]
        gained = False
        for m in range(n_months):
            record = out[p, m]
            _fill_terms(terms, m, record, w, n_adults[p], band_edges)
            for d in range(n_person_dims):
                codes[d, m] = person_codes[d, p]
            hours = record.hours_per_week
            codes[n_person_dims, m] = 0 if hours < zero_hours else 1 + _count_at_most(hours_edges, hours)
            # timeline.MonthlyAccumulator: weight × (1, eligible, supplement, working)
            monthly[m, 0] += w * 1.0
            monthly[m, 1] += w * (1.0 if record.ceiling_eligible != 0.0 else 0.0)
            monthly[m, 2] += w * record.ceiling_supplement
            monthly[m, 3] += w * (1.0 if hours > 0.0 else 0.0)
            if against_base:  # timeline.DecileAccumulator and summary.winner_sums
                income = base[p, m].household_disposable_income
                gain = record.household_disposable_income - income
                k = _decile_bin(income, decile_bin, n_bins)
                deciles[k, 0] += w
                deciles[k, 1] += w * gain
                deciles[k, 2] += w * (1.0 if gain >= 1.0 else 0.0)
                gained = gained or gain >= 1.0
        won[p] = gained
        for d in range(n_dims):
            m = 0
            while m < n_months:
                code = codes[d, m]
                first = m
                for c in range(width):
                    group[c] = sums[d, code, c]
                while m < n_months and codes[d, m] == code:
                    for c in range(width):
                        group[c] += terms[m, c]
                    m += 1
                for c in range(width):
                    sums[d, code, c] = group[c]
                counts[d, code] += m - first

"""Report aggregates beside the summary: month by month over the horizon, and gains by income decile.

Both are accumulated chunk by chunk like the summary (``SummaryAccumulator`` feeds them).

* Monthly, per scenario and month: persons eligible for the ceiling, supplement paid, and with the
  behaviour model the change in persons working (each variant) — so the 12-month cliff shows.
* Deciles: person-months are ranked by the household disposable income under the baseline (per adult
  row, as in person_months); the gain is the scenario's household disposable income minus the
  baseline's in the same month (static: observed hours). Incomes are binned at 100 DKK, so a decile
  boundary is exact to within one bin.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DECILE_BIN_DKK = 100.0
DECILE_BINS = 3000  # 0 .. 300,000 DKK per month; higher incomes fall in the last bin


class MonthlyAccumulator:
    def __init__(self, n_months: int, variants=()):
        self.n_months = n_months
        self.variants = tuple(variants)
        self._sums: dict[str, np.ndarray] = {}

    def columns(self) -> list[str]:
        return ["persons", "persons_eligible", "supplement_paid", "persons_working",
                *[f"employment_change_{v}" for v in self.variants]]

    def add(self, pm: pd.DataFrame) -> None:
        scenario = str(pm["scenario"].iloc[0]) if len(pm) else None
        if scenario is None:
            return
        month = pm["month_index"].to_numpy().astype(np.int64)
        w = pm["weight"].to_numpy(dtype=float)
        working = pm["p_work"].to_numpy(dtype=float) if "p_work" in pm else (pm["hours_per_week"].to_numpy() > 0)
        values = [np.ones(len(pm)), pm["ceiling_eligible"].to_numpy(dtype=float),
                  pm["ceiling_supplement_m"].to_numpy(dtype=float), working]
        values += [pm[f"_d_work_{v}"].to_numpy(dtype=float) for v in self.variants]
        self.add_sums(scenario, np.stack([np.bincount(month, weights=w * v, minlength=self.n_months) for v in values],
                                         axis=1))

    def add_sums(self, scenario: str, sums: np.ndarray) -> None:
        """Add one chunk's sums (n_months, len(columns())) of ``scenario``."""
        if scenario in self._sums:
            self._sums[scenario] += sums
        else:
            self._sums[scenario] = np.array(sums, dtype=float)

    def table(self, months: list[str] | None = None) -> pd.DataFrame:
        frames = []
        for scenario, sums in self._sums.items():
            frame = pd.DataFrame(sums, columns=self.columns())
            frame.insert(0, "month_index", np.arange(self.n_months))
            if months is not None:
                frame.insert(1, "month", months)
            frame.insert(0, "scenario", scenario)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["scenario", "month_index"])


class DecileAccumulator:
    def __init__(self):
        self._sums: dict[str, np.ndarray] = {}

    def add(self, pm_base: pd.DataFrame, pm_scenario: pd.DataFrame, scenario: str) -> None:
        base = pm_base["household_disposable_income_m"].to_numpy(dtype=float)
        gain = pm_scenario["household_disposable_income_m"].to_numpy(dtype=float) - base
        w = pm_base["weight"].to_numpy(dtype=float)
        bins = np.clip(np.floor(base / DECILE_BIN_DKK), 0, DECILE_BINS - 1).astype(np.int64)
        sums = np.stack([np.bincount(bins, weights=w, minlength=DECILE_BINS),
                         np.bincount(bins, weights=w * gain, minlength=DECILE_BINS),
                         np.bincount(bins, weights=w * (gain >= 1.0), minlength=DECILE_BINS)], axis=1)
        self.add_sums(scenario, sums)

    def add_sums(self, scenario: str, sums: np.ndarray) -> None:
        """Add one chunk's (DECILE_BINS, 3) sums of ``scenario``: Σw, Σw·gain, Σw·[gain ≥ 1] per income bin."""
        if scenario in self._sums:
            self._sums[scenario] += sums
        else:
            self._sums[scenario] = np.array(sums, dtype=float)

    def table(self, n_months: int) -> pd.DataFrame:
        """Per scenario and decile (1 = lowest baseline income): persons (average per month), mean gain
        DKK/month, total gain DKK/year, and the share of person-months gaining at least 1 DKK."""
        frames = []
        for scenario, sums in self._sums.items():
            w, gain, winners = sums.T
            total = w.sum()
            if total <= 0:
                continue
            middle = np.cumsum(w) - w / 2
            decile = np.minimum((10 * middle / total).astype(np.int64), 9)
            by = pd.DataFrame({"decile": decile + 1, "w": w, "gain": gain, "winners": winners}).groupby("decile").sum()
            frames.append(pd.DataFrame({
                "scenario": scenario, "decile": by.index,
                "persons": by["w"].to_numpy() / n_months,
                "mean_gain_dkk_m": by["gain"].to_numpy() / by["w"].where(by["w"] > 0).to_numpy(),
                "gain_dkk_y": by["gain"].to_numpy() * 12 / n_months,
                "share_gaining": by["winners"].to_numpy() / by["w"].where(by["w"] > 0).to_numpy(),
                "income_from_dkk_m": [DECILE_BIN_DKK * np.flatnonzero(decile == d - 1).min() for d in by.index],
            }))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["scenario", "decile"])

"""The caseworker page's model: form values -> ``calc.Household`` -> engine results.

Everything shown is read from ``taxben.calc`` output; this module only selects rows and columns. The 0-40
hour sweep depends on every input except the person's own hours, so ``CaseEngine`` keeps the last few
sweeps: moving the hours slider selects rows and never re-runs the sweep.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache, wraps

import numpy as np
import pandas as pd
from pydantic import ValidationError

from taxben import calc
from taxben.rules.resolve import add_months, month_key, month_start

HOURS = tuple(range(0, 41))
HORIZON = 30  # months: the end of a 12 + 12 month extension stays visible
START_YEARS = ("2005", "2026")


@dataclass(frozen=True)
class CaseInputs:
    """The caseworker form. Adult 0 is the person in front of the caseworker; adult 1 the partner
    (spouse or cohabitant; ``spouse_*``)."""

    start: str = "2005-01"
    scenario: str = "ceiling70_mg45"
    age: int = 35
    couple: bool = False
    n_children: int = 0
    rent_monthly: float = 0.0
    lives_with_parents: bool = False
    recipient: bool = True
    match_group: int | None = 4
    hourly_wage: float = 110.0
    hours_per_week: int = 15
    months_on_benefit: int = 0
    ceiling_months_used: int = 0
    extension_granted: bool = False
    other_income_monthly: float = 0.0
    spouse_age: int = 35
    spouse_recipient: bool = True
    spouse_match_group: int | None = 4
    spouse_hours_per_week: float = 0.0
    spouse_hourly_wage: float = 110.0

    def to_household(self) -> calc.Household:
        """Validated household; raises ``pydantic.ValidationError`` (see ``field_errors``)."""
        adults = [dict(age=self.age, receives_kontanthjaelp=self.recipient,
                       match_group=self.match_group,
                       hourly_wage=self.hourly_wage, hours_per_week=self.hours_per_week,
                       lives_with_parents=self.lives_with_parents, months_on_benefit=self.months_on_benefit,
                       other_income_monthly=self.other_income_monthly,
                       ceiling_months_used=self.ceiling_months_used, extension_granted=self.extension_granted)]
        if self.couple:
            adults.append(dict(age=self.spouse_age, receives_kontanthjaelp=self.spouse_recipient,
                               match_group=self.spouse_match_group, hourly_wage=self.spouse_hourly_wage,
                               hours_per_week=self.spouse_hours_per_week,
                               months_on_benefit=self.months_on_benefit))
        return calc.Household.model_validate(
            {"adults": adults, "n_children": self.n_children, "rent_monthly": self.rent_monthly})

    def as_dict(self) -> dict:
        return asdict(self)

    def sweep_key(self) -> CaseInputs:
        """Everything the 0-40 hour sweep depends on (all inputs but the person's own hours)."""
        return replace(self, hours_per_week=0)


# pydantic error locations -> form fields
_ADULT_FIELDS = {"age": "age", "receives_kontanthjaelp": "recipient", "match_group": "match_group",
                 "hourly_wage": "hourly_wage", "hours_per_week": "hours_per_week",
                 "lives_with_parents": "lives_with_parents", "months_on_benefit": "months_on_benefit",
                 "other_income_monthly": "other_income_monthly", "ceiling_months_used": "ceiling_months_used",
                 "extension_granted": "extension_granted"}
_SPOUSE_FIELDS = {"age": "spouse_age", "receives_kontanthjaelp": "spouse_recipient",
                  "match_group": "spouse_match_group", "hourly_wage": "spouse_hourly_wage",
                  "hours_per_week": "spouse_hours_per_week", "months_on_benefit": "months_on_benefit"}


def field_errors(error: ValidationError) -> dict[str, list[dict]]:
    """Form field -> the pydantic errors about it (``type``, ``msg``, ``ctx``)."""
    out: dict[str, list[dict]] = {}
    for e in error.errors():
        loc = e["loc"]
        if loc and loc[0] == "adults" and len(loc) >= 2:
            names = _ADULT_FIELDS if loc[1] == 0 else _SPOUSE_FIELDS
            if len(loc) >= 3:
                name = names.get(str(loc[2]), "age")
            else:  # model-level check of an adult: the only one is "recipient needs a match group"
                name = names["match_group"]
        elif loc:
            name = {"n_children": "n_children", "rent_monthly": "rent_monthly"}.get(str(loc[0]), "age")
        else:
            name = "age"
        out.setdefault(name, []).append({"type": e["type"], "msg": e["msg"], "ctx": e.get("ctx") or {}})
    return out


# --- rules and scenarios ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _rules():
    from taxben.rules import load_rules

    return load_rules()


@lru_cache(maxsize=1)
def start_months() -> tuple[str, ...]:
    from taxben.rules import covered_months

    return tuple(m for m in covered_months(_rules()) if m[:4] in START_YEARS)


def horizon(start: str) -> int:
    """Up to ``HORIZON`` months, within the rule coverage block that contains ``start``."""
    from taxben.rules import covered_months

    months = covered_months(_rules())
    i = months.index(start)
    n = 1
    while n < HORIZON and i + n < len(months) and _next_month(months[i + n - 1]) == months[i + n]:
        n += 1
    return n


def _next_month(month: str) -> str:
    return month_key(add_months(month_start(month), 1))


@lru_cache(maxsize=1)
def scenarios() -> dict:
    """Built-in reform scenarios (all but the baseline): name -> ``Scenario`` (description, ceiling)."""
    from taxben.rules import default_scenarios_dir, load_scenario

    found = {}
    for path in sorted(default_scenarios_dir().glob("*.yaml")):
        s = load_scenario(path, _rules())
        if s.name != calc.BASELINE:
            found[s.name] = s
    return found


def scenario_legend(tr, name: str) -> str:
    """Short chart label of a scenario, e.g. "Med loft 70 %"."""
    s = scenarios().get(name)
    if s is not None and s.ceiling.enabled:
        return tr("legend_scenario", rate=tr.pct(s.ceiling.rate, 0))
    return tr(f"scenario_{name}") if tr.has(f"scenario_{name}") else name


RULE_KEYS = ("kontanthjaelp.earnings_deduction_system", "kontanthjaelp.hourly_disregard",
             "kontanthjaelp.monthly_disregard_full_m", "kontanthjaelp.withdrawal_rate", "tax.am_rate",
             "tax.bottom_rate", "tax.municipal_rate", "benefit_cap.applies", "boligsikring.income_taper_rate")


@lru_cache(maxsize=64)
def rules_in_force(start: str) -> tuple[tuple[str, object, dict, str], ...]:
    """(name, value, description {en, da}, unit) of the key rules in force in ``start``."""
    from taxben.rules import resolve

    params = resolve(_rules(), start)
    rows = []
    for key in RULE_KEYS:
        if key in params.values:
            meta = params.meta[key]
            rows.append((key, params.values[key], dict(meta.description), meta.unit))
    return tuple(rows)


# --- rule months using estimated (projected) values ------------------------------------------------

@lru_cache(maxsize=64)
def projected_months(start: str, months: int) -> tuple[bool, ...]:
    """Per month of the horizon: do its rules use amounts projected with an estimated uprating index
    (``ParamMeta.uprated_from``)? These months differ from the published rules by an estimate; the base
    years' gap-filled values (PARAMETERS.md) hold in every month alike and are listed in the rules card."""
    from taxben.rules import resolve

    flags, month = [], start
    for _ in range(months):
        params = resolve(_rules(), month)
        flags.append(any(m.uprated_from for m in params.meta.values()))
        month = _next_month(month)
    return tuple(flags)


# --- the engine run -------------------------------------------------------------------------------

def _memo(method):
    """Cache a selection on the object (results are never changed after the run)."""

    @wraps(method)
    def wrapper(self):
        if method.__name__ not in self.cache:
            self.cache[method.__name__] = method(self)
        return self.cache[method.__name__]

    return wrapper


def _side_by_side(key: str, keys: np.ndarray, base: np.ndarray, scen: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """Baseline and scenario values side by side (columns suffixed ``_base`` / ``_scen``)."""
    out = {key: keys}
    out.update({f"{c}_base": base[:, j] for j, c in enumerate(columns)})
    out.update({f"{c}_scen": scen[:, j] for j, c in enumerate(columns)})
    return pd.DataFrame(out)


@dataclass
class SweepCube:
    """One ``calc.sweep`` (baseline and scenario, every hour level and month) as arrays
    ``[hours, month, column]``, with what every hours choice shares: the month-0 budget and the gains table
    of every hour level. Built once per sweep."""

    sweep: pd.DataFrame
    scenario: str
    months: int
    hours: np.ndarray
    month_keys: np.ndarray
    columns: list[str]
    base: np.ndarray
    scen: np.ndarray
    projected: tuple[bool, ...]
    cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, sweep: pd.DataFrame, scenario: str, months: int, start: str) -> SweepCube:
        hours = np.unique(sweep["hours_per_week"].to_numpy(dtype=float))
        columns = [c for c in sweep.columns if c not in ("scenario", "month", "month_index", "hours_per_week")]
        values = sweep[columns].to_numpy(dtype=float)
        shape = (2, len(hours), months)
        in_order = (len(sweep) == np.prod(shape)
                    and np.array_equal(sweep["hours_per_week"].to_numpy(dtype=float).reshape(shape),
                                       np.broadcast_to(hours[None, :, None], shape))
                    and np.array_equal(sweep["month_index"].to_numpy().reshape(shape),
                                       np.broadcast_to(np.arange(months)[None, None, :], shape))
                    and list(sweep["scenario"].iloc[[0, len(hours) * months]]) == [calc.BASELINE, scenario])
        if in_order:  # calc.sweep's own order: scenario, hours, month
            base, scen = values.reshape(2, len(hours), months, len(columns))
        else:
            cube = {}
            for name in (calc.BASELINE, scenario):
                rows = np.flatnonzero(sweep["scenario"].to_numpy() == name)
                part = sweep.iloc[rows]
                order = np.lexsort((part["month_index"].to_numpy(), part["hours_per_week"].to_numpy()))
                cube[name] = values[rows][order].reshape(len(hours), months, len(columns))
            base, scen = cube[calc.BASELINE], cube[scenario]
        month_keys = sweep["month"].to_numpy()[:months] if in_order else \
            sweep[sweep["hours_per_week"] == hours[0]].drop_duplicates("month_index").sort_values("month_index")[
                "month"].to_numpy()
        return cls(sweep=sweep, scenario=scenario, months=months, hours=hours, month_keys=month_keys,
                   columns=columns, base=base, scen=scen, projected=projected_months(start, months))

    def col(self, name: str) -> int:
        return self.columns.index(name)

    def at(self, hours: float) -> int:
        return int(np.flatnonzero(self.hours == hours)[0])

    @_memo
    def budget(self) -> pd.DataFrame:
        """Month 0: hours, D and EMTR (+ parts) per scenario, wide: ``<column>_<base|scen>``."""
        return _side_by_side("hours_per_week", self.hours, self.base[:, 0, :], self.scen[:, 0, :], self.columns)

    @_memo
    def gains_wide(self) -> pd.DataFrame:
        """The gains table of every hour level above 0, baseline beside scenario: ``calc.gains_table``'s
        definition (gain = D(h) - D(0) in month 0; the engine's PTR and EMTR), read from the cube."""
        d, ptr, emtr = self.col("household_disposable_income_m"), self.col("ptr"), self.col("emtr")
        z = self.at(0)
        rows = self.hours > 0
        return pd.DataFrame({"hours": self.hours[rows].astype(int),
                             "gain_base": self.base[rows, 0, d] - self.base[z, 0, d],
                             "gain_scen": self.scen[rows, 0, d] - self.scen[z, 0, d],
                             "ptr_base": self.base[rows, 0, ptr], "ptr_scen": self.scen[rows, 0, ptr],
                             "emtr_base": self.base[rows, 0, emtr], "emtr_scen": self.scen[rows, 0, emtr]})


@dataclass
class CaseResult:
    inputs: CaseInputs
    cube: SweepCube
    partner_table: pd.DataFrame | None = None  # a couple: calc.household at the chosen hours (both adults)
    seconds: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict, repr=False)

    @property
    def scenario(self) -> str:
        return self.cube.scenario

    @property
    def months(self) -> int:
        return self.cube.months

    @property
    def sweep(self) -> pd.DataFrame:
        """calc.sweep: scenario x hours x month, adult 0 (household columns are the household's)."""
        return self.cube.sweep

    @property
    def projected(self) -> tuple[bool, ...]:
        return self.cube.projected

    @property
    def couple(self) -> bool:
        return self.inputs.couple

    @property
    def wage_zero(self) -> bool:
        """With an hourly wage of 0, work earns nothing: EMTR and PTR are undefined (NaN)."""
        return self.inputs.hourly_wage == 0

    @property
    def month_table(self) -> pd.DataFrame:
        """At the chosen hours: scenario x adult x month (``calc.household``'s layout and columns)."""
        if self.partner_table is not None:
            return self.partner_table
        sweep = self.sweep
        table = sweep[sweep["hours_per_week"] == self.inputs.hours_per_week].copy()
        table.insert(1, "adult", 0)
        return table.reset_index(drop=True)

    # -- selections used by the charts, the sentence and the exports --
    def budget(self) -> pd.DataFrame:
        return self.cube.budget()

    @_memo
    def months_view(self) -> pd.DataFrame:
        """Per month at the chosen hours: household D before and after rent, D at 0 hours, the ceiling
        supplement of the household and of each adult, each adult's ceiling clock, projected rules."""
        c = self.cube
        h = c.at(self.inputs.hours_per_week)
        cols = {f"{name}_{side}": cube[h, :, j] for side, cube in (("base", c.base), ("scen", c.scen))
                for j, name in enumerate(c.columns)}
        d = c.col("household_disposable_income_m")
        rent = self.inputs.rent_monthly
        cols.update(month_index=np.arange(c.months), zero_base=c.base[c.at(0), :, d], zero_scen=c.scen[c.at(0), :, d],
                    after_rent_base=c.base[h, :, d] - rent, after_rent_scen=c.scen[h, :, d] - rent,
                    supplement_0=cols["ceiling_supplement_m_scen"], clock_0=cols["ceiling_clock_scen"])
        if self.partner_table is not None:
            t = self.partner_table
            other = t[(t["adult"] == 1) & (t["scenario"] == self.scenario)].sort_values("month_index")
            cols["supplement_1"] = other["ceiling_supplement_m"].to_numpy()
            cols["clock_1"] = other["ceiling_clock"].to_numpy()
        cols.update(month=c.month_keys, month_number=np.arange(1, c.months + 1),
                    projected=np.asarray(c.projected if c.projected else [False] * c.months, dtype=bool))
        return pd.DataFrame(cols)

    @_memo
    def adults_at_hours(self) -> list[dict]:
        """Month 0 at the chosen hours, per adult under the scenario and the baseline."""
        if self.partner_table is None:
            c = self.cube
            h = c.at(self.inputs.hours_per_week)
            base, scen = c.base[h, 0], c.scen[h, 0]
            rows = [(0, dict(zip(c.columns, base)), dict(zip(c.columns, scen)))]
        else:
            t = self.partner_table[self.partner_table["month_index"] == 0]
            rows = []
            for a in (0, 1):
                part = t[t["adult"] == a]
                rows.append((a, part[part["scenario"] == calc.BASELINE].iloc[0].to_dict(),
                             part[part["scenario"] == self.scenario].iloc[0].to_dict()))
        return [{"adult": a, "hours": float(base["hours_per_week"]) if "hours_per_week" in base
                 else float(self.inputs.hours_per_week),
                 "gross_earnings_m": float(base["gross_earnings_m"]),
                 "kontanthjaelp_base": float(base["kontanthjaelp_m"]),
                 "kontanthjaelp_scen": float(scen["kontanthjaelp_m"]),
                 "supplement": float(scen["ceiling_supplement_m"]),
                 "eligible": bool(scen["ceiling_eligible"] > 0.5)} for a, base, scen in rows]

    @_memo
    def supplement_months(self) -> tuple[int, int]:
        """(number of months with a ceiling supplement, last such month 1-based; 0 if none)."""
        paid = self.months_view()["household_ceiling_supplement_m_scen"].to_numpy() > 0.5
        if not paid.any():
            return 0, 0
        return int(paid.sum()), int(np.flatnonzero(paid)[-1] + 1)

    @_memo
    def gains_wide(self) -> pd.DataFrame:
        every = self.cube.gains_wide()
        return every[every["hours"].isin(gains_hours(self.inputs.hours_per_week))].reset_index(drop=True)

    @_memo
    def at_hours(self) -> pd.Series:
        """Budget row at the chosen hours (month 0)."""
        b = self.budget()
        return b.iloc[self.cube.at(self.inputs.hours_per_week)]


_ENGINE_LOCK = threading.RLock()


def engine_guard():
    """Serialise engine calls across threads when numba's threading layer is not thread-safe
    (``workqueue``); with ``omp`` or ``tbb`` (the usual case) calls run concurrently."""
    try:
        import numba

        safe = numba.threading_layer() != "workqueue"
    except (ValueError, ImportError):  # no parallel kernel has run yet
        safe = False
    return contextlib.nullcontext() if safe else _ENGINE_LOCK


def gains_hours(hours: float) -> tuple[float, ...]:
    """The gains table's rows: the usual hours (``calc.GAINS_HOURS``) and the chosen hours."""
    return tuple(sorted({*map(float, calc.GAINS_HOURS), float(hours)} - {0.0})) or (float(hours),)


class CaseEngine:
    """Runs the engine for one page. The sweep (as a ``SweepCube``) is keyed on ``CaseInputs.sweep_key``:
    a change of the person's hours reuses it; for a couple one small ``calc.household`` call adds the
    partner's columns at the chosen hours."""

    KEEP = 8

    def __init__(self):
        self._cubes: dict[CaseInputs, SweepCube] = {}

    def run(self, inputs: CaseInputs) -> CaseResult:
        """Validate and run: raises ``ValidationError`` for an invalid household."""
        t0 = time.perf_counter()
        hh = inputs.to_household()
        key = inputs.sweep_key()
        t1 = time.perf_counter()
        seconds = {"validate": t1 - t0, "sweep": 0.0, "partner": 0.0}
        with engine_guard():
            if key not in self._cubes:
                months = horizon(inputs.start)
                sweep = calc.sweep(hh, hours=HOURS, who=0, start=inputs.start, months=months,
                                   scenario=inputs.scenario)
                self._cubes[key] = SweepCube.build(sweep, inputs.scenario, months, inputs.start)
                while len(self._cubes) > self.KEEP:
                    self._cubes.pop(next(iter(self._cubes)))
                seconds["sweep"] = time.perf_counter() - t1
            cube = self._cubes[key]
            t2 = time.perf_counter()
            partner = None
            if inputs.couple:
                partner = calc.household(hh, start=inputs.start, months=cube.months, scenario=inputs.scenario)
            seconds["partner"] = time.perf_counter() - t2
        return CaseResult(inputs=inputs, cube=cube, partner_table=partner, seconds=seconds)


def run_case(inputs: CaseInputs) -> CaseResult:
    """One run without a kept sweep (tests, exports)."""
    return CaseEngine().run(inputs)


def warm_up() -> float:
    """One small run so numba's cached kernels are loaded before the first visitor; returns seconds."""
    t0 = time.perf_counter()
    run_case(CaseInputs())
    run_case(CaseInputs(start="2026-01", couple=True))
    return time.perf_counter() - t0

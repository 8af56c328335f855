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
    """Cache a selection on the result (results are never changed after the run)."""

    @wraps(method)
    def wrapper(self):
        if method.__name__ not in self.cache:
            self.cache[method.__name__] = method(self)
        return self.cache[method.__name__]

    return wrapper


@dataclass
class CaseResult:
    inputs: CaseInputs
    scenario: str
    months: int
    sweep: pd.DataFrame  # calc.sweep: scenario x hours x month, adult 0 (household columns are the household's)
    month_table: pd.DataFrame  # at the chosen hours: scenario x adult x month (calc.household's layout)
    gains: pd.DataFrame  # calc.gains_table at month 0, the chosen hours included
    projected: tuple[bool, ...] = ()  # per month: rules use projected (estimated) amounts
    seconds: dict = field(default_factory=dict)
    cache: dict = field(default_factory=dict, repr=False)

    @property
    def couple(self) -> bool:
        return self.inputs.couple

    @property
    def wage_zero(self) -> bool:
        """With an hourly wage of 0, work earns nothing: EMTR and PTR are undefined (NaN)."""
        return self.inputs.hourly_wage == 0

    # -- selections used by the charts, the sentence and the exports --
    @_memo
    def budget(self) -> pd.DataFrame:
        """Month 0: hours, D and EMTR (+ parts) per scenario, wide: ``<column>_<base|scen>``."""
        first = self.sweep[self.sweep["month_index"] == 0]
        return _wide(first, "hours_per_week", self.scenario)

    @_memo
    def months_view(self) -> pd.DataFrame:
        """Per month at the chosen hours: household D before and after rent, D at 0 hours, the ceiling
        supplement of the household and of each adult, each adult's ceiling clock, projected rules."""
        table = self.month_table
        own = table[table["adult"] == 0]
        wide = _wide(own, "month_index", self.scenario)
        zero = self.sweep[self.sweep["hours_per_week"] == 0]
        zero = _wide(zero, "month_index", self.scenario)
        wide["zero_base"] = zero["household_disposable_income_base"].to_numpy()
        wide["zero_scen"] = zero["household_disposable_income_scen"].to_numpy()
        rent = self.inputs.rent_monthly
        for side in ("base", "scen"):
            wide[f"after_rent_{side}"] = wide[f"household_disposable_income_{side}"] - rent
        wide["supplement_0"] = wide["ceiling_supplement_scen"]
        wide["clock_0"] = wide["ceiling_clock_scen"]
        if self.couple:
            other = _wide(table[table["adult"] == 1], "month_index", self.scenario)
            wide["supplement_1"] = other["ceiling_supplement_scen"].to_numpy()
            wide["clock_1"] = other["ceiling_clock_scen"].to_numpy()
        wide["month"] = own[own["scenario"] == calc.BASELINE]["month"].to_numpy()
        wide["month_number"] = wide["month_index"] + 1
        wide["projected"] = list(self.projected) if self.projected else [False] * len(wide)
        return wide

    @_memo
    def adults_at_hours(self) -> list[dict]:
        """Month 0 at the chosen hours, per adult under the scenario and the baseline."""
        t = self.month_table
        t = t[t["month_index"] == 0]
        out = []
        for a in sorted(t["adult"].unique()):
            rows = t[t["adult"] == a]
            base = rows[rows["scenario"] == calc.BASELINE].iloc[0]
            scen = rows[rows["scenario"] == self.scenario].iloc[0]
            out.append({"adult": int(a), "hours": float(base["hours_per_week"]),
                        "gross_earnings": float(base["gross_earnings"]),
                        "kontanthjaelp_base": float(base["kontanthjaelp"]),
                        "kontanthjaelp_scen": float(scen["kontanthjaelp"]),
                        "supplement": float(scen["ceiling_supplement"]),
                        "eligible": bool(scen["ceiling_eligible"] > 0.5)})
        return out

    @_memo
    def supplement_months(self) -> tuple[int, int]:
        """(number of months with a ceiling supplement, last such month 1-based; 0 if none)."""
        paid = self.months_view()["household_ceiling_supplement_scen"].to_numpy() > 0.5
        if not paid.any():
            return 0, 0
        return int(paid.sum()), int(np.flatnonzero(paid)[-1] + 1)

    @_memo
    def gains_wide(self) -> pd.DataFrame:
        g = self.gains
        base = g[g["scenario"] == calc.BASELINE].set_index("hours_per_week")
        scen = g[g["scenario"] == self.scenario].set_index("hours_per_week")
        out = pd.DataFrame({"hours": base.index.astype(int),
                            "gain_base": base["gain_dkk_month"].to_numpy(),
                            "gain_scen": scen["gain_dkk_month"].reindex(base.index).to_numpy(),
                            "ptr_base": base["ptr"].to_numpy(),
                            "ptr_scen": scen["ptr"].reindex(base.index).to_numpy(),
                            "emtr_base": base["emtr"].to_numpy(),
                            "emtr_scen": scen["emtr"].reindex(base.index).to_numpy()})
        return out

    @_memo
    def at_hours(self) -> pd.Series:
        """Budget row at the chosen hours (month 0)."""
        b = self.budget()
        return b[b["hours_per_week"] == self.inputs.hours_per_week].iloc[0]


def _wide(frame: pd.DataFrame, key: str, scenario: str) -> pd.DataFrame:
    """Baseline and scenario rows side by side on ``key`` (columns suffixed ``_base`` / ``_scen``)."""
    names = frame["scenario"].to_numpy(dtype=object)
    numeric = [c for c in frame.columns if c not in ("scenario", "month", "adult", "month_index", "hours_per_week")]
    values = frame[numeric].to_numpy(dtype=float)
    keys = frame[key].to_numpy()
    base, scen = names == calc.BASELINE, names == scenario
    order_b, order_s = np.argsort(keys[base], kind="stable"), np.argsort(keys[scen], kind="stable")
    out = {key: keys[base][order_b]}
    for j, c in enumerate(numeric):
        out[f"{c}_base"] = values[base, j][order_b]
    for j, c in enumerate(numeric):
        out[f"{c}_scen"] = values[scen, j][order_s]
    return pd.DataFrame(out)


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
    """Runs the engine for one page. The sweep is keyed on ``CaseInputs.sweep_key``: a change of the
    person's hours reuses it; the month table at the chosen hours is a slice of it for a single adult and
    one small ``calc.household`` call for a couple (the partner's columns)."""

    KEEP = 8

    def __init__(self):
        self._sweeps: dict[CaseInputs, tuple[pd.DataFrame, int]] = {}

    def run(self, inputs: CaseInputs) -> CaseResult:
        """Validate and run: raises ``ValidationError`` for an invalid household."""
        t0 = time.perf_counter()
        hh = inputs.to_household()
        key = inputs.sweep_key()
        t1 = time.perf_counter()
        seconds = {"validate": t1 - t0, "sweep": 0.0, "month_table": 0.0}
        with engine_guard():
            if key not in self._sweeps:
                months = horizon(inputs.start)
                sweep = calc.sweep(hh, hours=HOURS, who=0, start=inputs.start, months=months,
                                   scenario=inputs.scenario)
                self._sweeps[key] = (sweep, months)
                while len(self._sweeps) > self.KEEP:
                    self._sweeps.pop(next(iter(self._sweeps)))
                seconds["sweep"] = time.perf_counter() - t1
            sweep, months = self._sweeps[key]
            t2 = time.perf_counter()
            if inputs.couple:
                month_table = calc.household(hh, start=inputs.start, months=months, scenario=inputs.scenario)
            else:
                month_table = sweep[sweep["hours_per_week"] == inputs.hours_per_week].copy()
                month_table.insert(1, "adult", 0)
            seconds["month_table"] = time.perf_counter() - t2
        t3 = time.perf_counter()
        gains = calc.gains_table(sweep, month_index=0, hours=gains_hours(inputs.hours_per_week))
        seconds["gains"] = time.perf_counter() - t3
        return CaseResult(inputs=inputs, scenario=inputs.scenario, months=months, sweep=sweep,
                          month_table=month_table, gains=gains, projected=projected_months(inputs.start, months),
                          seconds=seconds)


def run_case(inputs: CaseInputs) -> CaseResult:
    """One run without a kept sweep (tests, exports)."""
    return CaseEngine().run(inputs)


def warm_up() -> float:
    """One small run so numba's cached kernels are loaded before the first visitor; returns seconds."""
    t0 = time.perf_counter()
    run_case(CaseInputs())
    run_case(CaseInputs(start="2026-01", couple=True))
    return time.perf_counter() - t0

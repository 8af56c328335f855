"""The engine's record layouts, generated from the column lists below (one source for names and order).

* person input: ``(n_persons, N_PERSON_FIELDS)`` float64, viewed as ``PERSON_DTYPE`` records; the adults
  of a household in consecutive rows (``household_start`` gives the first row of each household).
* output: ``(n_persons, n_months, N_OUT)`` float64, viewed as ``OUT_DTYPE`` records, one per adult and
  month; the column names are the person-month table's.
* run settings: ``SETTINGS_DTYPE`` (the indicator definitions of SPEC §6).

Index constants (``AGE``, ``O_EMTR``, ...) are derived from the lists, for code that slices the flat arrays
(the numpy reference, tests); the kernels address fields by name.
"""

import numpy as np

PERSON_FIELDS = [
    "age",
    "lives_with_parents",  # 0/1
    "receives_kontanthjaelp",  # 0/1: entitled to kontanthjælp at zero own earnings
    "match_group",  # 1..5, 0 = none
    "hourly_wage",  # DKK/hour, gross
    "other_income_m",  # DKK/month, taxable, deducted krone for krone in kontanthjælp
    "rate_category",  # CAT_DERIVE = derive from age/children/parents, else one of the CAT_* codes
    "months_on_benefit",  # months on help before the start month (benefit cap)
    "ceiling_months_used",  # months of the ceiling used before the start month
    "extension_granted",  # 0/1
]
PERSON_DTYPE = np.dtype([(name, np.float64) for name in PERSON_FIELDS])
N_PERSON_FIELDS = len(PERSON_FIELDS)
AGE = PERSON_FIELDS.index("age")
LIVES_WITH_PARENTS = PERSON_FIELDS.index("lives_with_parents")
RECIPIENT = PERSON_FIELDS.index("receives_kontanthjaelp")
MATCH_GROUP = PERSON_FIELDS.index("match_group")
HOURLY_WAGE = PERSON_FIELDS.index("hourly_wage")
OTHER_INCOME_M = PERSON_FIELDS.index("other_income_m")
RATE_CATEGORY = PERSON_FIELDS.index("rate_category")
MONTHS_ON_BENEFIT = PERSON_FIELDS.index("months_on_benefit")
CEILING_MONTHS_USED = PERSON_FIELDS.index("ceiling_months_used")
EXTENSION_GRANTED = PERSON_FIELDS.index("extension_granted")

HOUSEHOLD_DTYPE = np.dtype([
    ("start", np.float64),  # first person row of the household
    ("n_adults", np.float64),  # 1 or 2
    ("n_children", np.float64),
    ("rent_m", np.float64),  # DKK/month, 0 = not a tenant
    ("n_children_0_2", np.float64),  # children by age band (børne- og ungeydelse); may be an expected
    ("n_children_3_6", np.float64),  # split of n_children when the population file has no age bands
    ("n_children_7_14", np.float64),
    ("n_children_15_17", np.float64),
])
CHILD_AGE_BANDS = ("n_children_0_2", "n_children_3_6", "n_children_7_14", "n_children_15_17")
# a child's chance of being in each band when only the number of children is known: ages 0-17 equally
# likely (3, 4, 8 and 3 years of 18); documented in docs/population.md, flagged in run.json
DEFAULT_CHILD_AGE_SHARES = (3 / 18, 4 / 18, 8 / 18, 3 / 18)

# --- kontanthjælp rate categories (``rate_category`` column) -------------------------------------
CAT_DERIVE = -1
CAT_FULL_PROVIDER = 0  # 2005: 25+ forsørger; 2026: forhøjet sats (+ child supplement)
CAT_FULL_OTHER = 1  # 2005: 25+ ikke-forsørger; 2026: forhøjet sats
CAT_YOUNG_AWAY = 2  # 2005: under 25 udeboende; 2026: grundsats
CAT_YOUNG_HOME = 3  # 2005: under 25 hjemmeboende; 2026: hjemmeboende under 30
CAT_MINIMUM = 4  # 2026: mindstesats
RATE_CATEGORIES = {
    "full_provider": CAT_FULL_PROVIDER,
    "full_other": CAT_FULL_OTHER,
    "young_away": CAT_YOUNG_AWAY,
    "young_home": CAT_YOUNG_HOME,
    "minimum": CAT_MINIMUM,
}

# --- output columns (per adult and month); units: DKK per month unless the name says otherwise -----
OUT_COLUMNS = [
    "hours_per_week",
    "gross_earnings_m",
    "am_bidrag_m",
    "atp_m",
    "atp_on_help_m",  # the recipient's third of ATP on the help itself
    "kontanthjaelp_m",
    "income_tax_m",
    "other_income_m",
    "benefit_capped",  # 0/1
    "months_on_help",
    "ceiling_eligible",  # 0/1: available for the supplement and working
    "couple_both_eligible",  # 0/1: both adults of the couple are eligible this month (one joint envelope)
    "ceiling_clock",  # months of the ceiling used, including this month
    "ceiling_supplement_m",  # this adult's share of the household's supplement
    "household_boligsikring_m",
    "household_saerlig_stoette_m",
    "household_cap_reduction_m",
    "household_child_benefits_m",  # børne- og ungeydelse + børnetilskud
    "household_fritidstillaeg_m",
    "household_ceiling_supplement_m",
    "household_disposable_income_m",
    "emtr",
    "ptr",
    "gain_from_work_m",
    "emtr_am_atp",
    "emtr_income_tax",
    "emtr_kontanthjaelp",
    "emtr_housing",
    "emtr_benefit_cap",
    "emtr_family_benefits",
    "emtr_ceiling_supplement",
]
OUT_DTYPE = np.dtype([(name, np.float64) for name in OUT_COLUMNS])
N_OUT = len(OUT_COLUMNS)
EMTR_PARTS = [name for name in OUT_COLUMNS if name.startswith("emtr_")]

O_HOURS = OUT_COLUMNS.index("hours_per_week")
O_EARNINGS = OUT_COLUMNS.index("gross_earnings_m")
O_AM = OUT_COLUMNS.index("am_bidrag_m")
O_ATP = OUT_COLUMNS.index("atp_m")
O_ATP_ON_HELP = OUT_COLUMNS.index("atp_on_help_m")
O_KONTANTHJAELP = OUT_COLUMNS.index("kontanthjaelp_m")
O_TAX = OUT_COLUMNS.index("income_tax_m")
O_OTHER_INCOME = OUT_COLUMNS.index("other_income_m")
O_CAPPED = OUT_COLUMNS.index("benefit_capped")
O_MONTHS_ON_HELP = OUT_COLUMNS.index("months_on_help")
O_CEILING_ELIGIBLE = OUT_COLUMNS.index("ceiling_eligible")
O_CEILING_CLOCK = OUT_COLUMNS.index("ceiling_clock")
O_SUPPLEMENT = OUT_COLUMNS.index("ceiling_supplement_m")
O_HH_BOLIGSIKRING = OUT_COLUMNS.index("household_boligsikring_m")
O_HH_SAERLIG_STOETTE = OUT_COLUMNS.index("household_saerlig_stoette_m")
O_HH_CAP_REDUCTION = OUT_COLUMNS.index("household_cap_reduction_m")
O_HH_CHILD_BENEFITS = OUT_COLUMNS.index("household_child_benefits_m")
O_HH_FRITIDSTILLAEG = OUT_COLUMNS.index("household_fritidstillaeg_m")
O_HH_SUPPLEMENT = OUT_COLUMNS.index("household_ceiling_supplement_m")
O_HH_DISPOSABLE = OUT_COLUMNS.index("household_disposable_income_m")
O_EMTR = OUT_COLUMNS.index("emtr")
O_PTR = OUT_COLUMNS.index("ptr")
O_GAIN = OUT_COLUMNS.index("gain_from_work_m")
O_EMTR_AM_ATP = OUT_COLUMNS.index("emtr_am_atp")
O_EMTR_TAX = OUT_COLUMNS.index("emtr_income_tax")
O_EMTR_KONTANTHJAELP = OUT_COLUMNS.index("emtr_kontanthjaelp")
O_EMTR_HOUSING = OUT_COLUMNS.index("emtr_housing")
O_EMTR_CAP = OUT_COLUMNS.index("emtr_benefit_cap")
O_EMTR_FAMILY = OUT_COLUMNS.index("emtr_family_benefits")
O_EMTR_SUPPLEMENT = OUT_COLUMNS.index("emtr_ceiling_supplement")

# --- run settings (indicator definitions, SPEC §6) -------------------------------------------------
SETTINGS_DTYPE = np.dtype([
    ("emtr_delta_hours", np.float64),  # δ: extra hours per week for the EMTR (default 1)
    ("ptr_reference_hours", np.float64),  # hours per week for the PTR of a non-worker (default 15)
    ("indicators", np.float64),  # 1.0: compute EMTR, PTR and gain; 0.0: amounts only (indicators NaN)
])
N_SETTINGS = SETTINGS_DTYPE.itemsize // 8


def person_records(person: np.ndarray) -> np.ndarray:
    """``(n_persons, N_PERSON_FIELDS)`` float64 viewed as ``(n_persons,)`` person records (no copy)."""
    return np.ascontiguousarray(person, dtype=np.float64).view(PERSON_DTYPE)[:, 0]


def out_records(out: np.ndarray) -> np.ndarray:
    """``(..., N_OUT)`` float64 viewed as ``(...)`` output records (no copy)."""
    if not out.flags.c_contiguous:
        raise ValueError("the output array must be C-contiguous")
    return out.view(OUT_DTYPE)[..., 0]

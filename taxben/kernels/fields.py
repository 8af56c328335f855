"""Column layouts of the engine's arrays (numba folds these module constants in as literals).

* ``person`` input array, shape ``(n_persons, N_PERSON_FIELDS)``, float64, adults of a household in
  consecutive rows (``household_start`` gives the first row of each household).
* ``out`` array, shape ``(n_persons, n_months, N_OUT)``, float64: one row per adult and month.
"""

# --- person input fields ------------------------------------------------------------------------
AGE = 0
LIVES_WITH_PARENTS = 1  # 0/1
RECIPIENT = 2  # 0/1: entitled to kontanthjælp at zero own earnings
MATCH_GROUP = 3  # 1..5, 0 = none
HOURLY_WAGE = 4  # DKK/hour, gross
OTHER_INCOME_M = 5  # DKK/month, taxable, deducted krone for krone in kontanthjælp
RATE_CATEGORY = 6  # -1 = derive from age/children/parents, else one of the CAT_* codes
MONTHS_ON_BENEFIT = 7  # months on help before the start month (benefit cap)
CEILING_MONTHS_USED = 8  # months of the ceiling used before the start month
EXTENSION_GRANTED = 9  # 0/1
N_PERSON_FIELDS = 10

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

# --- household budget components (work array filled by ``household_budget``) -------------------
# per adult a (0 or 1): index + a
C_EARNINGS = 0
C_AM = 2
C_ATP = 4
C_KONTANTHJAELP = 6
C_TAX = 8
C_OTHER_INCOME = 10
# household
C_BOLIGSIKRING = 12
C_SAERLIG_STOETTE = 13
C_CAP_REDUCTION = 14
C_DISPOSABLE = 15
N_COMP = 16

# --- output columns (per adult and month) --------------------------------------------------------
OUT_COLUMNS = [
    "hours_per_week",
    "gross_earnings",
    "am_bidrag",
    "atp",
    "kontanthjaelp",
    "income_tax",
    "other_income",
    "benefit_capped",
    "months_on_help",
    "ceiling_eligible",
    "ceiling_clock",
    "ceiling_supplement",
    "household_boligsikring",
    "household_saerlig_stoette",
    "household_cap_reduction",
    "household_ceiling_supplement",
    "household_disposable_income",
    "emtr",
    "ptr",
    "gain_from_work",
    "emtr_am_atp",
    "emtr_income_tax",
    "emtr_kontanthjaelp",
    "emtr_housing",
    "emtr_benefit_cap",
    "emtr_ceiling_supplement",
]
O_HOURS = 0
O_EARNINGS = 1
O_AM = 2
O_ATP = 3
O_KONTANTHJAELP = 4
O_TAX = 5
O_OTHER_INCOME = 6
O_CAPPED = 7
O_MONTHS_ON_HELP = 8
O_CEILING_ELIGIBLE = 9
O_CEILING_CLOCK = 10
O_SUPPLEMENT = 11
O_HH_BOLIGSIKRING = 12
O_HH_SAERLIG_STOETTE = 13
O_HH_CAP_REDUCTION = 14
O_HH_SUPPLEMENT = 15
O_HH_DISPOSABLE = 16
O_EMTR = 17
O_PTR = 18
O_GAIN = 19
O_EMTR_AM_ATP = 20
O_EMTR_TAX = 21
O_EMTR_KONTANTHJAELP = 22
O_EMTR_HOUSING = 23
O_EMTR_CAP = 24
O_EMTR_SUPPLEMENT = 25
N_OUT = 26
EMTR_PARTS = OUT_COLUMNS[O_EMTR_AM_ATP : O_EMTR_SUPPLEMENT + 1]

# --- run settings (indicator definitions) --------------------------------------------------------
S_EMTR_DELTA_HOURS = 0  # δ: extra hours per week for the EMTR (default 1)
S_PTR_REFERENCE_HOURS = 1  # hours per week for the PTR of a non-worker (default 15)
N_SETTINGS = 2

assert len(OUT_COLUMNS) == N_OUT

"""``panel serve --setup dashboards/warmup.py``: load numba's cached kernels once, before the first visitor."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from dashboards.components.case_model import warm_up  # noqa: E402

warm_up()

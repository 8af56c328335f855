"""Caseworker page: does part-time work pay for this person, and what would the ceiling change?

Serve with ``taxben dashboard`` or ``panel serve dashboards/caseworker.py``. ``?lang=en`` opens it in English.
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import panel as pn  # noqa: E402

from dashboards.components import theme  # noqa: E402
from dashboards.components.case_page import CaseworkerPage  # noqa: E402

theme.setup()
lang = pn.state.session_args.get("lang", [b"da"])[0].decode() if pn.state.session_args else "da"
page = CaseworkerPage(lang=lang)
page.template().servable(title=page.tab_title())

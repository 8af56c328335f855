"""Analyst page: population results of a scenario (default population, an upload, or a results folder).

Serve with ``taxben dashboard`` (at /analyst) or ``panel serve dashboards/analyst.py``.
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import panel as pn  # noqa: E402

from dashboards.components import theme  # noqa: E402
from dashboards.components.analyst_page import AnalystPage  # noqa: E402

theme.setup()
lang = pn.state.session_args.get("lang", [b"da"])[0].decode() if pn.state.session_args else "da"
page = AnalystPage(lang=lang)
page.start_default_run()
page.template().servable(title=page.tr("tab_title_analyst"))

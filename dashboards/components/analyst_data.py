"""The analyst page's data: a population run (default population or an upload) or a results folder.

Nothing personal is kept on disk or logged: an upload is written to a temporary directory only for as long
as ``read_population`` needs it, a run writes into a temporary directory that is deleted once the summary
and the person-months are in memory, and both live in the server's memory for the browser session only.

Results folders are opened only under the results root the server was configured with
(``TAXBEN_RESULTS_ROOT``); the page lists the folders found there and never takes a path from the browser.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
RESULTS_ROOT_ENV = "TAXBEN_RESULTS_ROOT"
MAX_ADULTS = 10_000  # in-page runs; bigger populations: `taxben run`, then open the results folder
ALL = "all"
FAMILY_TYPES = ("single_no_children", "single_children", "couple_no_children", "couple_children")
# The person-month columns kept in memory for the filters: the ids and groups, and every engine output but
# the EMTR's parts (taxben.run.summary reads engine columns by name, and new ones appear as the engine grows).
PM_ID_COLUMNS = ["scenario", "person_id", "household_id", "month", "month_index", "weight", "match_group", "age",
                 "n_children", "n_adults", "receives_kontanthjaelp"]


def pm_columns(available) -> list[str]:
    """The columns to read of a person_months file with ``available`` columns."""
    from taxben.kernels.fields import OUT_COLUMNS

    wanted = PM_ID_COLUMNS + [c for c in OUT_COLUMNS if not c.startswith("emtr_") and c not in PM_ID_COLUMNS]
    return [c for c in wanted if c in set(available)]


class DataError(Exception):
    """A problem with the analyst's input: ``key`` is the i18n message, ``values`` fill it in."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class Results:
    summary: pd.DataFrame
    info: dict
    source: str
    months: int
    person_months: pd.DataFrame | None = None  # in memory (page runs)
    pm_path: Path | None = None  # results folder: read on demand, filtered
    frame: pd.DataFrame | None = None  # the population of a page run (for the behaviour toggle)
    cache: dict = field(default_factory=dict, repr=False)

    @property
    def scenarios(self) -> list[str]:
        return [s for s in self.summary["scenario"].unique() if s != "baseline"] or ["baseline"]

    @property
    def can_filter(self) -> bool:
        return self.person_months is not None or self.pm_path is not None


# --- inputs -----------------------------------------------------------------------------------------

def safe_name(filename: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(filename or "upload").name)[:80]
    return stem or "upload"


def read_upload(filename: str, data: bytes) -> pd.DataFrame:
    """Validate an uploaded population (CSV or Parquet). Raises ``DataError`` or ``PopulationError``."""
    from taxben.population import read_population

    if data is None or len(data) == 0:
        raise DataError("err_upload_empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise DataError("err_upload_size", size=len(data) / 1024 / 1024, limit=MAX_UPLOAD_MB)
    name = safe_name(filename)
    if Path(name).suffix.lower() not in (".csv", ".parquet"):
        raise DataError("err_upload_type")
    with tempfile.TemporaryDirectory(prefix="taxben-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        frame = read_population(path)
    if len(frame) > MAX_ADULTS:
        raise DataError("err_upload_rows", rows=len(frame), limit=MAX_ADULTS)
    return frame


def default_frame() -> pd.DataFrame:
    from taxben.population.synth import default_population

    return default_population()


def run_on_frame(frame: pd.DataFrame, *, scenario: str, start: str, months: int, source: str,
                 progress: Callable[[int], None] | None = None) -> Results:
    """``run_population`` into a temporary directory; keep the summary and person-months in memory.

    The results folder is written through the shared output guard (``taxben.safety.output``): a new
    folder, written beside its final name and renamed when complete. A horizon outside the rules'
    coverage is refused before the run (``UserError`` naming the months that would work); values
    above a column's plausibility threshold are in ``Results.info["warnings"]``."""
    from taxben.run.population_run import run_population
    from taxben.safety.output import claim_output
    from taxben.safety.plausible import check_horizon

    check_horizon(start, months, start_option="start", months_option="months")
    chunk = max(200, len(frame) // 20)
    with tempfile.TemporaryDirectory(prefix="taxben-run-") as tmp, claim_output(Path(tmp) / "run") as claim:
        result = run_population(frame, out_dir=claim, scenarios=[scenario], start=start, months=months,
                                population_source=source, progress=progress, chunk_persons=chunk)
        pm_file = Path(tmp) / "run" / "person_months.parquet"
        pm = None
        if pm_file.exists():
            import pyarrow.parquet as pq

            pm = pd.read_parquet(pm_file, columns=pm_columns(pq.read_schema(pm_file).names))
    return Results(summary=result.summary, info=result.info, source=source, months=months, person_months=pm,
                   frame=frame)


def results_root() -> Path | None:
    """The configured results root (``$TAXBEN_RESULTS_ROOT``), or None: then no folder can be opened."""
    text = os.environ.get(RESULTS_ROOT_ENV, "").strip()
    if not text:
        return None
    root = Path(text).expanduser().resolve()
    return root if root.is_dir() else None


def result_folders(root: Path, depth: int = 3) -> list[str]:
    """Folders under ``root`` (at most ``depth`` levels down) that hold a ``summary.csv``, as paths relative
    to ``root``, newest first. Symbolic links that lead out of the root are left out."""
    found = []
    for summary in _walk(root, depth):
        folder = summary.parent.resolve()
        if folder.is_relative_to(root):
            found.append((summary.stat().st_mtime, folder.relative_to(root).as_posix() or "."))
    return [name for _, name in sorted(found, reverse=True)]


def _walk(root: Path, depth: int, max_folders: int = 2000):
    """``summary.csv`` files in ``root`` and up to ``depth`` folder levels below it (breadth first; hidden
    folders and partitioned parquet folders skipped; at most ``max_folders`` folders looked at)."""
    level, seen = [root], 0
    for _ in range(depth + 1):
        nxt = []
        for folder in level:
            seen += 1
            if seen > max_folders:
                return
            if (folder / "summary.csv").is_file():
                yield folder / "summary.csv"
            try:
                nxt += [p for p in sorted(folder.iterdir())
                        if p.is_dir() and not p.name.startswith(".") and p.suffix != ".parquet"]
            except OSError:
                continue
        level = nxt


def open_folder(name: str, root: Path | None = None) -> Results:
    """A results folder written by ``taxben run`` (summary.csv, run.json, optional person_months.parquet),
    named relative to the results root; anything that resolves outside the root is refused."""
    root = root if root is not None else results_root()
    if root is None:
        raise DataError("err_no_results_root", env=RESULTS_ROOT_ENV)
    path = (root / (name or "").strip()).resolve()
    if not (name or "").strip() or not path.is_relative_to(root) or not path.is_dir():
        raise DataError("err_folder_not_listed")
    summary_file = path / "summary.csv"
    if not summary_file.exists():
        raise DataError("err_folder_not_listed")
    summary = pd.read_csv(summary_file, dtype={"group": str})
    needed = {"scenario", "dimension", "group", "fiscal_cost_dkk_y", "mean_emtr_baseline"}
    if not needed <= set(summary.columns):
        raise DataError("err_folder_bad_summary", missing=", ".join(sorted(needed - set(summary.columns))))
    info = {}
    if (path / "run.json").exists():
        info = json.loads((path / "run.json").read_text(encoding="utf-8"))
    pm = path / "person_months.parquet"
    months = int(info.get("months") or 0)
    if not months and pm.exists():
        import pyarrow.parquet as pq

        months = int(pq.read_table(pm, columns=["month_index"]).column(0).to_numpy().max()) + 1
    return Results(summary=summary, info=info, source=path.relative_to(root).as_posix(), months=max(months, 1),
                   pm_path=pm if pm.exists() and months else None)


# --- views --------------------------------------------------------------------------------------------

def _person_months(results: Results, scenario: str, match_group: str, family_type: str) -> pd.DataFrame:
    if results.person_months is not None:
        pm = results.person_months
        return pm[pm["scenario"].astype(str).isin(["baseline", scenario])]
    import pyarrow.dataset as ds

    dataset = ds.dataset(results.pm_path, format="parquet")
    expr = ds.field("scenario").isin(["baseline", scenario])
    if match_group not in (ALL, "none"):
        expr &= ds.field("match_group") == int(match_group)
    if family_type != ALL:
        expr &= ds.field("n_adults") == (2 if family_type.startswith("couple") else 1)
    columns = pm_columns(dataset.schema.names)
    frame = dataset.to_table(filter=expr, columns=columns).to_pandas()
    frame["scenario"] = frame["scenario"].astype(str)
    return frame


def filtered_summary(results: Results, scenario: str, match_group: str = ALL, family_type: str = ALL) -> pd.DataFrame:
    """The summary of ``scenario`` vs baseline for the selected match group and family type.

    Unfiltered: the run's own summary. Filtered: the same summary code (``taxben.run.summary``) applied to
    the selected person-months."""
    if match_group == ALL and family_type == ALL:
        return results.summary[results.summary["scenario"] == scenario].reset_index(drop=True)
    key = (scenario, match_group, family_type)
    if key in results.cache:
        return results.cache[key]
    from taxben.run.summary import SummaryAccumulator, group_labels

    pm = _person_months(results, scenario, match_group, family_type)
    labels = group_labels(pm)
    keep = np.ones(len(pm), dtype=bool)
    if match_group != ALL:
        keep &= labels["match_group"].to_numpy() == match_group
    if family_type != ALL:
        keep &= labels["family_type"].to_numpy() == family_type
    pm = pm[keep]
    if pm.empty:
        raise DataError("err_filter_empty")
    base = pm[pm["scenario"].astype(str) == "baseline"].reset_index(drop=True)
    scen = pm[pm["scenario"].astype(str) == scenario].reset_index(drop=True)
    accumulator = SummaryAccumulator(results.months)
    accumulator.add(base)
    accumulator.add(scen)
    accumulator.add_winners(base, scen, scenario)
    table = accumulator.table()
    results.cache[key] = table
    return table

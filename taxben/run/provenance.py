"""``run.json``: what is needed to reproduce a result (rules, scenarios, population, version)."""

from __future__ import annotations

import datetime as dt
import hashlib
from importlib import metadata
from pathlib import Path


def file_sha256(path: Path, block: int = 1 << 20) -> str:
    """sha256 of a file, or of a directory's files (their relative names and contents, sorted)."""
    path = Path(path)
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(str(file.relative_to(path)).encode() + b"\0")
        with open(file, "rb") as handle:
            while chunk := handle.read(block):
                digest.update(chunk)
    return digest.hexdigest()


def taxben_version() -> str:
    try:
        return metadata.version("taxben")
    except metadata.PackageNotFoundError:
        return "unknown"


def run_info(prepared, *, start: str, months: int, population_source: str, population_sha256: str,
             n_persons: int, wall_seconds: float, settings: dict, assumptions=()) -> dict:
    from taxben.params.compile import rules_hash
    from taxben.rules.paths import default_rules_dir

    estimated = {}
    for scenario in prepared:
        for item in scenario.estimated:
            estimated.setdefault(item.get("name"), item)
    return {
        "taxben_version": taxben_version(),
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "start": start,
        "months": months,
        "rules": {"directory": str(default_rules_dir()), "sha256": rules_hash(default_rules_dir())},
        "scenarios": [{"name": s.name, "file": str(s.path), "sha256": file_sha256(s.path)} for s in prepared],
        "population": {"source": population_source, "sha256": population_sha256, "adults": n_persons},
        "settings": settings,
        "estimated_parameters": list(estimated.values()),
        "assumptions": [a for a in assumptions if a],
        "wall_seconds": round(wall_seconds, 3),
    }

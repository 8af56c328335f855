"""A numba cache that cannot go stale.

Numba caches each compiled function next to its module and reuses it while that module's source is
unchanged (numba ≥ 0.60 compares a hash of the file). It does not notice a change in a function it
*calls* from another file, nor in a constant it folded in at compile time: the driver would keep running
yesterday's kernel. ``ensure_fresh_cache`` closes that gap: it fingerprints every taxben source file that
numba compiles or that defines a layout (sha256 of their bytes, with the numba and numpy versions) and,
when the fingerprint differs from the one stored beside the cache, deletes taxben's cached functions so
that the next call compiles from the current sources. It runs once, when ``taxben.kernels`` is imported,
which happens before any kernel is called.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # taxben/
STAMP = "taxben-kernels.fingerprint"
# besides every module that uses numba: the modules whose constants and layouts the kernels compile in
LAYOUT_MODULES = ("rules/schema.py", "params/layout.py", "kernels/fields.py")


def compiled_sources(package: Path = PACKAGE) -> list[Path]:
    """The taxben sources a compiled kernel can depend on."""
    files = {p for p in package.rglob("*.py") if "numba" in p.read_text(encoding="utf-8")}
    files.update(package / m for m in LAYOUT_MODULES)
    return sorted(files)


def fingerprint(package: Path = PACKAGE) -> str:
    import numba
    import numpy

    h = hashlib.sha256(f"numba {numba.__version__} numpy {numpy.__version__}".encode())
    for path in compiled_sources(package):
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def cache_dir(source: Path) -> Path | None:
    """The directory numba caches ``source``'s functions in (its own choice of locator), or None."""
    from numba.core import caching

    cache_impl = getattr(caching, "CacheImpl", None) or getattr(caching, "_CacheImpl")  # renamed in numba 0.6x

    def placeholder():  # numba's locators read a function's first line number only
        pass

    for locator_class in cache_impl._locator_classes:
        try:
            locator = locator_class.from_function(placeholder, str(source))
        except Exception:  # a locator that does not apply to this file
            locator = None
        if locator is not None:
            return Path(locator.get_cache_path())
    return None


def clear(sources: list[Path]) -> int:
    """Delete the cached functions (index and data files) of ``sources``; returns how many files."""
    removed = 0
    for source in sources:
        directory = cache_dir(source)
        if directory is None or not directory.is_dir():
            continue
        for cached in directory.glob(f"{source.stem}.*.nb[ic]"):
            try:
                cached.unlink()
                removed += 1
            except FileNotFoundError:
                pass
    return removed


def ensure_fresh_cache(package: Path = PACKAGE) -> bool:
    """Clear taxben's numba cache if any compiled source changed since it was written. Returns True when
    it cleared. Never fails the import: without a writable cache numba compiles in memory anyway."""
    try:
        sources = compiled_sources(package)
        current = fingerprint(package)
        directory = cache_dir(package / "kernels" / "__init__.py")
        if directory is None:
            return False
        stamp = directory / STAMP
        if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == current:
            return False
        clear(sources)
        tmp = directory / f".{STAMP}.{os.getpid()}"
        tmp.write_text(current + "\n", encoding="utf-8")
        tmp.replace(stamp)
        return True
    except OSError:
        return False

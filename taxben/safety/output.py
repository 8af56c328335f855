"""The output guard: where taxben may write a result, and how it gets there without losing anything.

Rules (issue 10), the same for ``taxben run --out``, ``taxben synth --out`` and the dashboard:

* a target that does not exist is created;
* an existing target that taxben wrote (a results folder with its ``run.json``, a synthetic population
  file or folder) is replaced only when the user says ``--overwrite``;
* anything else (a file or a folder of the user's, a device, a symbolic link, ``.``, ``/``, the home
  folder) is refused with one line and exit 2;
* nothing is written outside the target's parent: the temporary folder, the lock and the previous
  result (while it is being replaced) are hidden siblings of the target;
* two runs into one target: the second is refused at once (a lock file beside the target, held with
  ``flock`` so that a killed run never leaves it locked);
* temporary siblings carry the owner's PID; one left by a run that is gone (killed with SIGKILL, a
  power cut) is removed by the next run into the same parent, which says so;
* the result appears by one rename when complete: Ctrl-C or an error leaves the old target as it was.

    with claim_output(path, overwrite=False, recognise=is_result_folder) as claim:
        ... long computation ...
        with claim.staging() as tmp:      # a new, empty temporary folder (or file path) beside the target
            write everything into tmp
        # here the target holds the new result
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from taxben.safety.errors import UserError

RESULT_MARKER = "run.json"
RESULT_FILES = {"run.json", "summary.csv", "report.html", "person_months.parquet", "person_months"}
TEMP_TAG = "taxben-tmp"
OLD_TAG = "taxben-old"
_SIBLING = re.compile(rf"^\.(?P<name>.+)\.(?P<tag>{TEMP_TAG}|{OLD_TAG})-(?P<pid>\d+)$")


_HELD = threading.local()  # the targets this thread holds, by resolved path (another thread meets the lock)


class OutputRefused(UserError):
    """The output target may not be written (exit 2)."""


# --- what taxben wrote ----------------------------------------------------------------------------------

def is_result_folder(path: Path) -> bool:
    """A folder written by ``taxben run``: a readable ``run.json`` from taxben and only result files."""
    marker = path / RESULT_MARKER
    if not path.is_dir() or path.is_symlink() or not marker.is_file():
        return False
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(info, dict) or "taxben_version" not in info:
        return False
    return all(entry.name in RESULT_FILES for entry in path.iterdir())


def process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


# --- the checks -----------------------------------------------------------------------------------------

def _describe(path: Path) -> str:
    if path.is_symlink():
        return "a symbolic link"
    if path.is_dir():
        return "a folder"
    if path.is_file():
        return "a file"
    return "a device or special file"


def check_target(target: Path, *, overwrite: bool, recognise: Callable[[Path], bool], what: str,
                 option: str = "--out", kind: Literal["dir", "file"] = "dir") -> None:
    """Raise ``OutputRefused`` (one line) unless taxben may write ``target``."""
    target = Path(target)
    absolute = Path(os.path.abspath(target))
    cwd = Path.cwd()
    if absolute == Path(absolute.anchor) or absolute == Path.home() or absolute == cwd or absolute in cwd.parents:
        raise OutputRefused(f"{option} {target}: refusing to write over {absolute} (the current folder, one of its "
                            f"parents, the home folder or the root); give a new folder, e.g. {option} out/run")
    if not (target.exists() or target.is_symlink()):
        parent = absolute.parent
        if parent.exists() and not parent.is_dir():
            raise OutputRefused(f"{option} {target}: {parent} is not a folder")
        return
    if target.is_symlink() or not (target.is_dir() or target.is_file()):
        raise OutputRefused(f"{option} {target}: is {_describe(target)}, not something taxben wrote; "
                            f"give a new {'folder' if kind == 'dir' else 'file'} name")
    if target.is_dir() and not any(target.iterdir()):
        return  # an empty folder holds nothing to lose
    if not recognise(target):
        raise OutputRefused(f"{option} {target}: {_describe(target)} that taxben did not write ({what} expected); "
                            f"taxben never replaces it: give a new name")
    if not overwrite:
        raise OutputRefused(f"{option} {target}: already holds {what}; add --overwrite to replace it, "
                            f"or give a new name")


# --- the claim ------------------------------------------------------------------------------------------

@dataclass
class OutputClaim(os.PathLike):
    """A checked, locked output target (``os.fspath(claim)`` is the target path)."""

    target: Path
    overwrite: bool
    recognise: Callable[[Path], bool]
    what: str
    option: str
    kind: Literal["dir", "file"]
    notes: list[str] = field(default_factory=list)  # e.g. stale temporary folders removed
    committed: bool = False

    def __fspath__(self) -> str:
        return str(self.target)

    def sibling(self, tag: str) -> Path:
        return self.target.parent / f".{self.target.name}.{tag}-{os.getpid()}"

    @contextmanager
    def staging(self) -> Iterator[Path]:
        """A fresh temporary folder (``kind="dir"``) or file path (``kind="file"``) beside the target;
        moved onto the target when the block ends without an error, removed otherwise."""
        tmp = self.sibling(TEMP_TAG)
        _remove(tmp)
        if self.kind == "dir":
            tmp.mkdir()
        try:
            yield tmp
        except BaseException:
            _remove(tmp)
            raise
        try:
            self._commit(tmp)
        finally:
            _remove(tmp)

    def _commit(self, tmp: Path) -> None:
        # the lock keeps other taxben runs out; check again for anything else that appeared meanwhile
        check_target(self.target, overwrite=self.overwrite, recognise=self.recognise, what=self.what,
                     option=self.option, kind=self.kind)
        if self.target.exists():
            old = self.sibling(OLD_TAG)
            _remove(old)
            os.rename(self.target, old)
            os.rename(tmp, self.target)
            _remove(old)
        else:
            os.rename(tmp, self.target)
        self.committed = True


def clean_stale_siblings(parent: Path) -> list[str]:
    """Remove the temporary siblings in ``parent`` whose owner process is gone; say what was removed."""
    notes = []
    try:
        entries = list(parent.iterdir())
    except OSError:
        return notes
    for entry in entries:
        match = _SIBLING.match(entry.name)
        if not match or process_alive(int(match["pid"])):
            continue
        _remove(entry)
        notes.append(f"removed {entry}, left by an earlier taxben run that ended before finishing (pid {match['pid']})")
    return notes


@contextmanager
def _lock(target: Path, option: str) -> Iterator[None]:
    """An exclusive ``flock`` on ``.NAME.lock`` beside the target; refused at once if another run holds it."""
    path = target.parent / f".{target.name}.lock"
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputRefused(f"{option} {target}: another taxben process (pid {holder}) is writing there now; "
                                    "wait for it to finish or give another name") from None
            raise
        try:  # the file we locked must still be the one at ``path`` (a finishing run unlinks it)
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        os.close(fd)


@contextmanager
def claim_output(target: str | Path, *, overwrite: bool = False, recognise: Callable[[Path], bool] = is_result_folder,
                 what: str = "a taxben results folder (with its run.json)", option: str = "--out",
                 kind: Literal["dir", "file"] = "dir") -> Iterator[OutputClaim]:
    """Check ``target``, lock it and clean stale temporary siblings; see the module docstring.

    Claiming a target this thread already holds yields the existing claim (a command claims its
    ``--out`` before the long work; the engine it calls may claim the same path again)."""
    target = Path(target)
    key = target.resolve()
    held = _HELD.__dict__.setdefault("claims", {})
    if key in held:
        yield held[key]
        return
    check_target(target, overwrite=overwrite, recognise=recognise, what=what, option=option, kind=kind)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputRefused(f"{option} {target}: cannot create the folder {target.parent}: {exc.strerror}") from None
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise OutputRefused(f"{option} {target}: no permission to write in {target.parent}")
    with _lock(target, option):
        claim = OutputClaim(target, overwrite, recognise, what, option, kind)
        claim.notes = clean_stale_siblings(target.parent)
        held[key] = claim
        try:
            yield claim
        finally:
            del held[key]

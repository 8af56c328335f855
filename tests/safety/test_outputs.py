"""Issue 10, outputs: ``taxben run --out`` and ``taxben synth --out`` never destroy what taxben did not write.

Each case names a target an analyst might give, what is there before, and what must happen: the exit code
(0 written, 2 refused with one line), a phrase of the message, and that the user's things are untouched.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from taxben.population import read_population, synthesize

from guard_helpers import FAST, invoke

RESULT_FILES = {"run.json", "summary.csv", "report.html"}


def _results_folder(path: Path) -> None:
    """A results folder as an earlier ``taxben run`` left it."""
    path.mkdir(parents=True)
    (path / "run.json").write_text(json.dumps({"taxben_version": "0.1", "start": "2005-01"}))
    (path / "summary.csv").write_text("scenario\nbaseline\n")
    (path / "report.html").write_text("<html></html>")


def _user_folder(path: Path) -> None:
    path.mkdir(parents=True)
    (path / "thesis.docx").write_text("three years of work")


def _user_file(path: Path) -> None:
    path.write_text("my notes")


def _symlink_to_user_folder(path: Path) -> None:
    _user_folder(path.parent / "real")
    path.symlink_to(path.parent / "real")


# (case, how the target is prepared, extra options, exit code, phrase in the message)
RUN_TARGETS = [
    ("new folder", None, [], 0, "wrote"),
    ("new folder under new parents", "nested", [], 0, "wrote"),
    ("empty folder", lambda p: p.mkdir(), [], 0, "wrote"),
    ("folder with the user's files", _user_folder, [], 2, "taxben did not write"),
    ("folder with the user's files, --overwrite", _user_folder, ["--overwrite"], 2, "taxben did not write"),
    ("a file", _user_file, [], 2, "taxben did not write"),
    ("a file, --overwrite", _user_file, ["--overwrite"], 2, "taxben did not write"),
    ("a symbolic link to a folder", _symlink_to_user_folder, ["--overwrite"], 2, "symbolic link"),
    ("an earlier result", _results_folder, [], 2, "add --overwrite"),
    ("an earlier result, --overwrite", _results_folder, ["--overwrite"], 0, "wrote"),
]


@pytest.mark.parametrize("case, prepare, extra, code, phrase", RUN_TARGETS, ids=[c[0] for c in RUN_TARGETS])
def test_run_out_target(tmp_path, case, prepare, extra, code, phrase):
    target = tmp_path / "a" / "b" / "run" if prepare == "nested" else tmp_path / "run"
    if callable(prepare):
        prepare(target)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = invoke("run", "--out", target, *FAST, *extra)
    assert result.exit_code == code, result.output
    assert phrase in result.output
    if code == 2:
        assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing touched, nothing added
        assert len(result.output.strip().splitlines()) <= 3  # one reason, not a table of noise
    else:
        assert RESULT_FILES <= {p.name for p in target.iterdir()}
        assert json.loads((target / "run.json").read_text())["months"] == 2
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]  # no temp, lock or old copy left


@pytest.mark.parametrize("where", ["/dev/null", "/", "."])
def test_run_refuses_devices_the_root_and_the_current_folder(tmp_path, monkeypatch, where):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keep.txt").write_text("x")
    result = invoke("run", "--out", where, *FAST, "--overwrite")
    assert result.exit_code == 2, result.output
    assert "--out" in result.output
    assert (tmp_path / "keep.txt").read_text() == "x"
    assert Path("/dev/null").is_char_device()


def test_second_run_into_a_locked_target_is_refused_at_once(tmp_path):
    """Another taxben process holds the lock beside the target (as a running ``taxben run`` does)."""
    target = tmp_path / "run"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        f"fd = os.open({str(tmp_path / '.run.lock')!r}, os.O_RDWR | os.O_CREAT)\n"
        "fcntl.flock(fd, fcntl.LOCK_EX); os.write(fd, str(os.getpid()).encode())\n"
        "print('locked', flush=True); time.sleep(60)")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = invoke("run", "--out", target, *FAST)
        assert result.exit_code == 2, result.output
        assert f"another taxben process (pid {holder.pid})" in result.output
        assert not target.exists()
    finally:
        holder.kill()
        holder.wait()
    assert invoke("run", "--out", target, *FAST).exit_code == 0  # the lock dies with its process


def _taxben(*args: str, **kwargs) -> subprocess.Popen:
    script = Path(sys.executable).parent / "taxben"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "taxben.cli.main"]
    # the child handles Ctrl-C as a foreground process in a terminal does, even when this test runs as a
    # background job (whose children inherit SIGINT ignored, and Python then installs no handler)
    return subprocess.Popen([*command, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_default_sigint, **kwargs)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_temp(parent: Path, timeout: float = 120) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        hidden = [p for p in parent.iterdir() if p.name.startswith(".") and "tmp" in p.name and p.is_dir()]
        if hidden:
            return hidden[0]
        time.sleep(0.02)
    raise AssertionError("the run never started writing")


@pytest.fixture(scope="module")
def big_population(tmp_path_factory):
    """Large enough that a run takes a few seconds, so a signal lands while it writes."""
    path = tmp_path_factory.mktemp("big") / "pop.parquet"
    synthesize(2005, 60_000, 7).to_parquet(path)
    return path


def test_ctrl_c_prints_interrupted_nothing_written_and_exits_130(tmp_path, big_population):
    """A real terminal's Ctrl-C (SIGINT to the process): no traceback, no target, no temporary folder."""
    target = tmp_path / "run"
    run = _taxben("run", "--population", big_population, "--out", target)
    _wait_for_temp(tmp_path)
    run.send_signal(2)
    out, err = run.communicate(timeout=120)
    assert run.returncode == 130, out + err
    assert "interrupted: nothing written" in out + err
    assert "Traceback" not in out + err
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_a_killed_run_leaves_a_temp_folder_that_the_next_run_removes_and_reports(tmp_path, big_population):
    target = tmp_path / "run"
    run = _taxben("run", "--population", big_population, "--out", target)
    left = _wait_for_temp(tmp_path)
    run.kill()  # SIGKILL: no chance to clean up
    run.wait()
    assert left.exists() and str(run.pid) in left.name  # the temp folder carries its owner's PID
    result = invoke("run", "--out", tmp_path / "other", *FAST)
    assert result.exit_code == 0, result.output
    assert f"removed {left}" in result.output and f"pid {run.pid}" in result.output
    assert not left.exists()
    assert not target.exists()


# --- synth ------------------------------------------------------------------------------------------------

def test_synth_writes_the_format_the_extension_names(tmp_path):
    csv, parquet = tmp_path / "pop.csv", tmp_path / "pop.parquet"
    assert invoke("synth", "--n", "300", "--seed", "4", "--out", csv).exit_code == 0
    assert invoke("synth", "--n", "300", "--seed", "4", "--out", parquet).exit_code == 0
    assert csv.read_bytes()[:9] == b"person_id"  # text, not Parquet's "PAR1"
    assert parquet.read_bytes()[:4] == b"PAR1"
    expected = synthesize(2005, 300, 4)
    pd.testing.assert_frame_equal(read_population(csv), expected)
    pd.testing.assert_frame_equal(read_population(parquet), expected)


SYNTH_TARGETS = [  # (case, file name, prepare, extra options, exit code, phrase)
    ("unknown extension", "pop.txt", None, [], 2, "extension names the format"),
    ("no extension", "pop", None, [], 2, "extension names the format"),
    ("the user's CSV", "pop.csv", lambda p: p.write_text("name,age\nMette,41\n"), ["--overwrite"], 2,
     "taxben did not write"),
    ("the user's Parquet", "pop.parquet", lambda p: pd.DataFrame({"a": [1]}).to_parquet(p), ["--overwrite"], 2,
     "taxben did not write"),
    ("a folder", "pop.parquet", lambda p: p.mkdir(), [], 0, "wrote"),
    ("partitions into a .csv name", "pop.csv", None, ["--partitions", "2"], 2, "Parquet part files"),
    ("more partitions than adults", "pop", None, ["--partitions", "500"], 2, "partitions"),
]


@pytest.mark.parametrize("case, name, prepare, extra, code, phrase", SYNTH_TARGETS, ids=[c[0] for c in SYNTH_TARGETS])
def test_synth_out_target(tmp_path, case, name, prepare, extra, code, phrase):
    target = tmp_path / name
    if prepare:
        prepare(target)
    before = {p.name: (p.read_bytes() if p.is_file() else None) for p in tmp_path.iterdir()}
    result = invoke("synth", "--n", "200", "--out", target, *extra)
    assert result.exit_code == code, result.output
    assert phrase in result.output
    if code == 2:
        assert {p.name: (p.read_bytes() if p.is_file() else None) for p in tmp_path.iterdir()} == before


def test_synth_replaces_its_own_output_only_with_overwrite(tmp_path):
    target = tmp_path / "pop.parquet"
    assert invoke("synth", "--n", "200", "--seed", "1", "--out", target).exit_code == 0
    again = invoke("synth", "--n", "200", "--seed", "2", "--out", target)
    assert again.exit_code == 2 and "--overwrite" in again.output
    pd.testing.assert_frame_equal(read_population(target), synthesize(2005, 200, 1))
    assert invoke("synth", "--n", "200", "--seed", "2", "--out", target, "--overwrite").exit_code == 0
    pd.testing.assert_frame_equal(read_population(target), synthesize(2005, 200, 2))
    assert b"taxben.synth" in pq.read_schema(target).metadata


def test_the_lock_file_is_flock_based_so_a_dead_holder_never_blocks(tmp_path):
    """A lock file left on disk (its process gone) does not block the next run."""
    lock = tmp_path / ".run.lock"
    lock.write_text("12345")
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # nobody holds it
    finally:
        os.close(fd)
    assert invoke("run", "--out", tmp_path / "run", *FAST).exit_code == 0


def test_taxben_failing_is_exit_1_in_one_line_without_a_traceback(tmp_path, monkeypatch):
    """A bug inside taxben (here: the engine raising) is not the user's fault: exit 1, one short message,
    and no results folder."""
    import taxben.run.population_run as population_run

    def broken(*args, **kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(population_run, "accumulate_chunks", broken)
    result = invoke("run", "--out", tmp_path / "run", *FAST, env={"COLUMNS": "200"})
    assert result.exit_code == 1, result.output
    assert "taxben failed" in result.output and "engine exploded" in result.output
    assert len(result.output.strip().splitlines()) == 2
    assert list(tmp_path.iterdir()) == []

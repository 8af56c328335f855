"""Profile the numba engine line by line: compile, sample, report, in one command.

    nice -n 19 .venv/bin/python benches/profiling/run.py --out DIR [--seconds 60] [workload options]

1. compile (skipped while DIR's line map matches the sources): with an empty DIR/numba-cache, run the
   workload once under the lean debug build, logging the line map (DIR/linemap.json). This also fills
   the cache, so step 2 loads the compiled engine instead of compiling it under gdb. 100-170 s.
2. sample: the workload under gdb for --seconds of engine loop -> DIR/samples.jsonl.
3. report: analyze.py -> DIR/report.txt.
Workload options (--population, --households, ...) are passed on to workload.py; see its --help.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numba

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def fingerprint():
    """What the line map depends on: numba and the compiled sources, taxben's and this tool's (numba's
    cache notices changed sources by itself, the line map would not). Not the workload options: every
    population and scenario runs the same compiled code (same argument types)."""
    digest = hashlib.sha256(f"numba {numba.__version__}".encode())
    for path in sorted([*(REPO / "taxben").rglob("*.py"), HERE / "serial_driver.py", HERE / "numba_patches.py"]):
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def run(command, env):
    print("+", " ".join(map(str, command)), flush=True)
    subprocess.run([str(c) for c in command], env=env, check=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, required=True, help="folder for the cache, samples and report (not the repo)")
    p.add_argument("--seconds", type=float, default=60.0, help="engine loop under the sampler (about 50 samples/s)")
    p.add_argument("--recompile", action="store_true", help="redo step 1 even if the line map is current")
    p.add_argument("--gdb", help="gdb executable (default: gdb on PATH)")
    args, workload_args = p.parse_known_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    cache, linemap, stamp = out / "numba-cache", out / "linemap.json", out / "linemap.fingerprint"
    env = {**os.environ, "NUMBA_DEBUGINFO": "1", "NUMBA_CACHE_DIR": str(cache),
           "NUMBA_NUM_THREADS": "1"}  # one thread: only the main thread is sampled; spare the other cores
    python, workload = sys.executable, HERE / "workload.py"

    current = fingerprint()
    if args.recompile or not linemap.exists() or not stamp.exists() or stamp.read_text() != current:
        shutil.rmtree(cache, ignore_errors=True)  # the line map sees only what this run compiles
        linemap.unlink(missing_ok=True)
        run([python, workload, "--lean-debug", "--line-map", linemap, "--seconds", "0", *workload_args], env)
        stamp.write_text(current)
    else:
        print(f"line map and cache current ({linemap}): skipping the compile step", flush=True)

    samples = out / "samples.jsonl"
    gdb = ["--gdb", args.gdb] if args.gdb else []
    run([python, HERE / "sampler.py", samples, *gdb, "--", workload, "--lean-debug", "--seconds", args.seconds,
         *workload_args], env)

    report = out / "report.txt"
    with open(report, "w") as stream:
        subprocess.run([python, HERE / "analyze.py", samples, linemap, "--repo", REPO], stdout=stream, check=True)
    print(f"report: {report}\n")
    print("".join(report.read_text().splitlines(keepends=True)[:25]))


if __name__ == "__main__":
    main()

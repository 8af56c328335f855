"""Sample the stacks of a Python script's main thread with gdb, about 100 times a second.

    python sampler.py OUT.jsonl [--gdb PATH] -- script.py [args]

profila's method (interrupt, list the stack over gdb-MI, continue), with its gdb-MI helpers, but with
the system gdb (profila's own setup downloads a conda gdb 12) and whole stacks kept rather than profila's
per-line totals, so that analyze.py can remap inlined lines and attribute by caller. The script runs
with this interpreter (sys.executable) and the environment, plus NUMBA_DEBUGINFO=1 (set by profila).
One JSON line per sample: the frames innermost first, each [function, file, line] (file and line null
for frames without line info: libc, NRT, the interpreter).
"""

import argparse
import asyncio
import json
import shutil
import sys
import time

try:
    import profila._gdb as gdb_mi
except ImportError:
    sys.exit("profila not importable: `pip install profila` into this venv, or `pip install --target DIR "
             "profila` and set PYTHONPATH=DIR (README.md)")

DEPTH = 60  # frames per sample: the engine's deepest stacks are about 15
PERIOD = 0.010  # seconds between interrupts, as profila


async def sample(process, out):
    n = 0
    try:
        while True:
            start = time.time()
            process.stdin.write(b"-exec-interrupt\n")
            await gdb_mi._read_until_done(process)
            process.stdin.write(b"-stack-list-frames --no-frame-filters 0 %d\n" % DEPTH)
            message = await gdb_mi._read_until_done(process)
            payload = message.get("payload")
            if payload and "stack" in payload:
                frames = [[f.get("func"), f.get("fullname"), int(f["line"]) if "line" in f else None]
                          for f in payload["stack"]]
                out.write(json.dumps(frames) + "\n")
                n += 1
            process.stdin.write(b"-exec-continue\n")
            await gdb_mi._read_until_done(process)
            await asyncio.sleep(max(PERIOD - (time.time() - start), 0))
    except gdb_mi.ProcessExited:
        await process.wait()
    return n


async def main(out_path, script_args):
    process = await gdb_mi.run_subprocess(script_args)
    with open(out_path, "w") as out:
        n = await sample(process, out)
    print(f"{n} samples -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--gdb", default=shutil.which("gdb"), help="gdb executable (default: gdb on PATH)")
    p.add_argument("script", nargs=argparse.REMAINDER, help="-- script.py [args]")
    args = p.parse_args()
    script = args.script[1:] if args.script[:1] == ["--"] else args.script
    if not args.gdb:
        sys.exit("gdb not found: apt-get install -y gdb")
    if not script:
        sys.exit("no script given: sampler.py OUT.jsonl -- script.py [args]")
    gdb_mi.GDB_PATH = args.gdb
    asyncio.run(main(args.out, script))

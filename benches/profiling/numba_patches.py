"""Monkeypatches of numba internals for the profiled process only (tested with numba 0.68.1).

``lean_debug()``: keep the line tables of ``NUMBA_DEBUGINFO=1`` but compile like production.
``NUMBA_DEBUGINFO=1`` alone makes the engine about 3x slower (0.74 s vs 0.24 s a run, one thread): numba
then marks every function ``noinline``, keeps every local in memory (no SROA-like lowering), extends
variable lifetimes and checks bounds, so the profile would be of other code than production's. The
patches undo those four; measured 0.236 s a run vs 0.246 s for the normal build. (numba's own
``dbg_directives_only`` would be the clean way, but crashes LLVM: DIE.h "Offset being queried".)

``log_line_map(path)``: numba's DWARF names the compiled function's file for every line, also for code
inlined at the IR level from other files (``inline="always"`` helpers, the LinearPiece overloads), so gdb
reports e.g. envelope.py:268 for household.py:268. This logs (function, line, true file) for every
lowered instruction and writes them to ``path`` at exit; analyze.py remaps the samples with it. Only
functions compiled in this process are logged: run it with an empty ``NUMBA_CACHE_DIR``.

Both must run before the first compilation. They fail loudly if numba's internals have moved.
"""

import atexit
import json

import numba
import numba.core.config as config
import numba.core.cpu as cpu
import numba.core.lowering as lowering

TESTED_NUMBA = "0.68.1"


def _require(owner, name):
    if name not in vars(owner):
        raise RuntimeError(f"numba {numba.__version__}: {owner.__qualname__}.{name} not found; these patches "
                           f"were written for numba {TESTED_NUMBA} (benches/profiling/numba_patches.py)")


def lean_debug():
    for owner, name in ((cpu.CPUTargetOptions, "finalize"), (lowering.BaseLower, "pre_lower"),
                        (lowering.Lower, "_disable_sroa_like_opt")):
        _require(owner, name)
    if numba.__version__ != TESTED_NUMBA:
        print(f"numba_patches: numba {numba.__version__}, tested with {TESTED_NUMBA}: check that the profiled "
              "build runs as fast as the normal one (README.md, 'timing check')", flush=True)

    finalize = cpu.CPUTargetOptions.finalize

    def finalize_without_debug_slowdowns(self, flags, options):
        # finalize() turns these on when debuginfo is on; keep what a function asks for explicitly
        explicit_lifetimes = flags.is_set("dbg_extend_lifetimes")
        explicit_boundscheck = flags.is_set("boundscheck")
        finalize(self, flags, options)
        if not explicit_lifetimes:
            flags.dbg_extend_lifetimes = config.EXTEND_VARIABLE_LIFETIMES
        if not explicit_boundscheck:
            flags.boundscheck = False

    def pre_lower_without_noinline(self):
        # numba's pre_lower() minus its last step, which marks the function noinline under debuginfo
        self.pyapi = None
        self.debuginfo.mark_subprogram(function=self.builder.function, qualname=self.fndesc.qualname,
                                       argnames=self.fndesc.args, argtypes=self.fndesc.argtypes,
                                       line=self.defn_loc.line)

    cpu.CPUTargetOptions.finalize = finalize_without_debug_slowdowns
    lowering.BaseLower.pre_lower = pre_lower_without_noinline
    lowering.Lower._disable_sroa_like_opt = property(lambda self: False)


def log_line_map(path):
    _require(lowering.Lower, "lower_inst")
    seen = set()
    lower_inst = lowering.Lower.lower_inst

    def logging_lower_inst(self, inst):
        # the key matches how gdb names the function: module::qualname (analyze.key_of)
        seen.add((self.fndesc.modname + "::" + self.fndesc.qualname, self.loc.line, self.loc.filename))
        return lower_inst(self, inst)

    lowering.Lower.lower_inst = logging_lower_inst

    def write():
        with open(path, "w") as out:
            json.dump(sorted(seen), out)

    atexit.register(write)

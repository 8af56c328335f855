"""Turn sampler.py's stacks into a report of where the engine spends its time.

    python analyze.py samples.jsonl linemap.json [--repo DIR] > report.txt

Keeps the samples taken inside the serial driver's loop (drops population building, imports, the
reference run of the production engine). Each frame's (file, line) is put on its true source file with
the line map (numba's DWARF names the compiled function's file also for lines inlined from other files),
then on its enclosing Python function (ast). Shares are of the kept samples.
"""

import argparse
import ast
import collections
import json
import re
import sys
from pathlib import Path

DRIVER = "simulate_households_serial"  # serial_driver.py
HOUSEHOLD = "simulate_household"  # taxben.simulate.engine: its line is the driver's call site


def gdb_name(dotted):
    """'taxben.kernels.piecewise._add.<locals>.<lambda>' as gdb shows numba's functions:
    'taxben::kernels::piecewise::_add::_3clocals_3e::_3clambda_3e' (numba's itanium_mangler escaping)."""
    def escape(part):
        return re.sub(r"[^a-zA-Z0-9_]", lambda m: "".join("_%02x" % b for b in m.group(0).encode()), part)
    return "::".join(escape(part) for part in dotted.split("."))


def function_of(frame_func):
    """'taxben::kernels::tax::income_tax_y[abi:v1][abi:...](double, ...)' -> 'taxben::kernels::tax::income_tax_y'"""
    return (frame_func or "").split("[abi")[0].split("(")[0]


class LineMap:
    """(function, line) -> the source files numba lowered that line of that function from."""

    def __init__(self, path):
        self.files = collections.defaultdict(set)
        for func, line, filename in json.load(open(path)):
            module, _, qualname = func.partition("::")
            self.files[(gdb_name(module + "." + qualname), line)].add(filename)
        self.ambiguous = collections.Counter()

    def resolve(self, frame):
        """The frame's (file, line), file remapped; 'a.py|b.py' where the function has that line from two
        files (the map cannot tell which); None for frames without line info."""
        func, path, line = frame
        if path is None or line is None:
            return None
        files = self.files.get((function_of(func), line))
        if files and len(files) == 1:
            path = next(iter(files))
        elif files:
            self.ambiguous[(function_of(func), line, tuple(sorted(Path(f).name for f in files)))] += 1
            path = "|".join(sorted(files))
        return path, line


class Source:
    """Source lines and enclosing functions of the files, read once."""

    def __init__(self, repo):
        self.repo = repo
        self._lines, self._spans = {}, {}

    def short(self, path):
        return "|".join(str(Path(p).relative_to(self.repo)) if Path(p).is_relative_to(self.repo) else Path(p).name
                        for p in path.split("|"))

    def text(self, path, line):
        if "|" in path:
            return " || ".join(f"{Path(p).name}: {self.text(p, line)}" for p in path.split("|"))
        if path not in self._lines:
            try:
                self._lines[path] = Path(path).read_text().splitlines()
            except OSError:
                self._lines[path] = []
        lines = self._lines[path]
        return lines[line - 1].strip()[:110] if 0 < line <= len(lines) else ""

    def function(self, path, line):
        """'file.py:outer.inner', the innermost def around the line ('AMBIGUOUS a | b' for 'a|b' paths)"""
        if "|" in path:
            return "AMBIGUOUS " + " | ".join(self.function(p, line) for p in path.split("|"))
        if path not in self._spans:
            self._spans[path] = spans = []
            try:
                tree = ast.parse(Path(path).read_text())
            except (OSError, SyntaxError):
                tree = ast.Module(body=[], type_ignores=[])

            def visit(node, prefix):
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        start = min([child.lineno] + [d.lineno for d in child.decorator_list])
                        spans.append((start, child.end_lineno, prefix + child.name))
                        visit(child, prefix + child.name + ".")
                    else:
                        visit(child, prefix)

            visit(tree, "")
        around = [span for span in self._spans[path] if span[0] <= line <= span[1]]
        name = max(around)[2] if around else "?"  # the latest start is the innermost
        return f"{Path(path).name}:{name}"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("samples")
    p.add_argument("linemap")
    p.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[2],
                   help="the checkout that was profiled (default: this script's)")
    p.add_argument("--top", type=int, default=60, help="rows per table")
    args = p.parse_args()
    linemap, source = LineMap(args.linemap), Source(args.repo)
    taxben_dir = str(args.repo / "taxben") + "/"

    total = 0
    self_line = collections.Counter()  # innermost taxben (file, line)
    self_function = collections.Counter()  # its enclosing Python function
    leaf = collections.Counter()  # the innermost frame when it is not taxben code (NRT, libm, numba builtins)
    inclusive = collections.Counter()  # sample has a frame in the function (once per sample)
    call_site = collections.Counter()  # line of simulate_household on the stack
    site_by_function = collections.Counter()
    for text in open(args.samples):
        frames = json.loads(text)
        if not any(DRIVER in function_of(f[0]) for f in frames):
            continue
        total += 1
        resolved = [linemap.resolve(f) for f in frames]
        ours = [(r, f) for r, f in zip(resolved, frames) if r and r[0].split("|")[0].startswith(taxben_dir)]
        if resolved[0] and ours and resolved[0] == ours[0][0]:
            leaf["taxben code"] += 1
        else:
            leaf[f"{function_of(frames[0][0]) or '??'} @ {Path(frames[0][1]).name if frames[0][1] else '-'}"] += 1
        if not ours:
            continue
        innermost = source.function(*ours[0][0])
        self_line[ours[0][0]] += 1
        self_function[innermost] += 1
        inclusive.update({source.function(*r) for r, _ in ours} |
                         {"frame " + function_of(f[0]).split("::")[-1] for _, f in ours})
        for (path, line), f in ours:
            if function_of(f[0]).endswith("::" + HOUSEHOLD):
                call_site[(path, line)] += 1
                site_by_function[(f"{source.short(path)}:{line}", innermost)] += 1
                break
    if not total:
        sys.exit(f"no sample has {DRIVER} on its stack: did the workload reach its loop?")

    def share(n):
        return f"{100.0 * n / total:5.1f}%"

    print(f"engine samples: {total} (samples with {DRIVER} on the stack)")
    print("\n== self: innermost taxben line (file remapped) ==")
    for (path, line), n in self_line.most_common(args.top):
        print(f"{share(n)}  {source.short(path)}:{line}  {source.text(path, line)}")
    print("\n== self: innermost taxben function ==")
    for name, n in self_function.most_common(args.top):
        print(f"{share(n)}  {name}")
    print("\n== leaf frame (non-taxben leaves: NRT, libm, numba builtins) ==")
    for name, n in leaf.most_common(15):
        print(f"{share(n)}  {name}")
    print("\n== inclusive: sample has a line in the function (ast) / an LLVM frame of it ('frame X') ==")
    for name, n in inclusive.most_common(args.top):
        print(f"{share(n)}  {name}")
    print(f"\n== driver call site: the line of {HOUSEHOLD} on the stack ==")
    for (path, line), n in call_site.most_common(30):
        print(f"{share(n)}  {source.short(path)}:{line}  {source.text(path, line)}")
    print("\n== driver call site x innermost function ==")
    for (site, name), n in site_by_function.most_common(40):
        print(f"{share(n)}  {site:28s} {name}")
    print(f"\nambiguous (function, line) -> files: {sum(linemap.ambiguous.values())} frame lookups")
    for (func, line, files), n in linemap.ambiguous.most_common(10):
        print(f"  {n}  {func}:{line} {list(files)}")


if __name__ == "__main__":
    main()

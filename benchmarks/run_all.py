#!/usr/bin/env python3
"""Every vpkscan benchmark in one run, summed up in one table.

Runs, one after the other, ``tree_bench.py`` (the working tree against a ``cat`` floor),
``history_bench.py`` (``scan --history`` against ``git cat-file --batch-all-objects``),
``hook_bench.py`` (the pre-commit hook: clean commits with and without a configuration
file, and a commit the hook blocks) and, with ``--decode``, ``decode_bench.py``. Each
prints its own table to stdout as it finishes; the combined table comes last: per kind
of work, the floor and vpkscan medians, their ratio with the spread of the per-round
ratios (each round runs the floor and vpkscan back to back), the target, the planted keys
found exactly where they are, and peak memory.

    python benchmarks/run_all.py                  # full corpora (first run builds them)
    python benchmarks/run_all.py --quick          # small corpora: checks the harness
    python benchmarks/run_all.py --only hook --hook-arg=--runs=20

Exit status 0 when every target holds. Standard library only.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import decode_bench  # needs the sys.path line above when run as a script
import history_bench
import hook_bench
import tree_bench
from _common import Summary, log, print_summaries

#: Arguments that make each benchmark small (its own cache folders, so that the full
#: corpora stay cached).
QUICK = {
    "tree": ["--workdir", "/tmp/vpkscan-bench-tree-quick", "--files", "2000", "--size-mb", "40"],
    "history": ["--workdir", "/tmp/vpkscan-bench-history-quick", "--scale", "0.1"],
    "hook": ["--runs", "10"],
    "decode": ["--workdir", "/tmp/vpkscan-bench-tree-quick", "--files", "2000", "--size-mb", "40"],
}
BENCHES = ("tree", "history", "hook", "decode")


def _tree(argv: list[str]) -> list[Summary]:
    figures = tree_bench.collect(argv)
    return [] if figures is None else [figures.summary()]


def _history(argv: list[str]) -> list[Summary]:
    figures = history_bench.collect(argv)
    return [] if figures is None else [figures.summary()]


def _hook(argv: list[str]) -> list[Summary]:
    summaries, forbidden = hook_bench.collect(argv)
    if forbidden:
        for summary in summaries[:3]:
            summary.ok = False  # a clean hook that loads the heavy modules misses its point
    return summaries


def _decode(argv: list[str]) -> list[Summary]:
    return [decode_bench.collect(argv)]


RUNNERS: dict[str, Callable[[list[str]], list[Summary]]] = {
    "tree": _tree,
    "history": _history,
    "hook": _hook,
    "decode": _decode,
}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small corpora (harness check)")
    ap.add_argument(
        "--only",
        default="tree,history,hook",
        help=f"comma-separated benchmarks to run, of {', '.join(BENCHES)}",
    )
    ap.add_argument("--decode", action="store_true", help="also run decode_bench.py")
    ap.add_argument("--rounds", type=int, help="timed rounds of the tree and history runs")
    for name in BENCHES:
        ap.add_argument(
            f"--{name}-arg",
            action="append",
            default=[],
            metavar="ARG",
            help=f"argument passed to {name}_bench.py (repeatable)",
        )
    args = ap.parse_args(argv)
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    if args.decode and "decode" not in args.only:
        args.only.append("decode")
    unknown = sorted(set(args.only) - set(BENCHES))
    if unknown:
        ap.error(f"unknown benchmark(s): {', '.join(unknown)}")
    return args


def bench_argv(args: argparse.Namespace, name: str) -> list[str]:
    """The command line given to one benchmark."""
    argv = list(QUICK[name]) if args.quick else []
    if args.rounds is not None and name in ("tree", "history", "decode"):
        argv += ["--rounds", str(args.rounds)]
    return argv + list(getattr(args, f"{name}_arg"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen benchmarks; exit 0 when every target holds."""
    args = parse_args(argv)
    summaries: list[Summary] = []
    for name in args.only:
        log(f"== {name}_bench.py {' '.join(bench_argv(args, name))}")
        summaries += RUNNERS[name](bench_argv(args, name))
    print("\nvpkscan benchmarks — medians; ratio = vpkscan / floor (min-max over the rounds)")
    print_summaries(summaries)
    if args.quick:
        print("note: --quick corpora are small; start-up dominates, so ratio targets fail there.")
    return 0 if all(s.ok for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())

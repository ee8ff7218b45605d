#!/usr/bin/env python3
"""Where the time of one vpkscan scan goes, stage by stage.

Runs vpkscan (the checkout this file is in) several times on a repository, each run in a
fresh interpreter whose stage functions are wrapped with timers (vpkscan itself is not
changed), and prints the median of each stage:

- interpreter: from the process start to this script's first line;
- start-up: imports, command-line parsing and configuration, up to the listing;
- listing: what the target resolves to (``git ls-files`` and its parsing for a tree);
- reading and detecting: from the first file handed to the readers to the last result
  (worker processes on larger scans), with the classification done meanwhile;
- classification: the findings' rules and evidence, counted inside the reading span
  where it overlaps it;
- finish: environment rules, suppressions and sorting;
- rendering and writing: the report in the asked format, and the file written;
- exit: from the end of the command to the end of the process (with the few milliseconds
  this script's own imports take before its clock starts).

CPU times are the main process's and its children's (workers and git) together.

    python benchmarks/stages.py                          # tree of the tree benchmark
    python benchmarks/stages.py --repo DIR --runs 9 -- scan --staged
    python benchmarks/stages.py --json

Standard library only; the repository must exist (``tree_bench.py --generate-only``
builds the default one).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_STARTED = time.perf_counter()
DEFAULT_REPO = Path("/tmp/vpkscan-bench-tree/repo")
STAGES = (
    "interpreter",
    "start-up",
    "listing",
    "reading and detecting",
    "classification",
    "finish",
    "rendering",
    "writing",
    "exit",
)


class _Clock:
    """Stage spans of one run, as offsets from this script's first line."""

    def __init__(self) -> None:
        self.spans: dict[str, float] = {}
        self.marks: dict[str, float] = {}

    def now(self) -> float:
        return time.perf_counter() - _STARTED

    def add(self, stage: str, seconds: float) -> None:
        self.spans[stage] = self.spans.get(stage, 0.0) + seconds

    def timed(self, stage: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.marks.setdefault(f"{stage}:start", self.now())
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                self.add(stage, time.perf_counter() - start)

        return wrapper


def _child(out: str, argv: list[str]) -> None:
    """Run vpkscan in this process with its stages timed; write the spans to ``out``."""
    clock = _Clock()
    from vpkscan import engine
    from vpkscan.cli import main
    from vpkscan.cli import scan as cli_scan
    from vpkscan.read import files

    cli_scan.resolve = clock.timed("listing", cli_scan.resolve)
    engine.finish = clock.timed("finish", engine.finish)
    cli_scan.write_report = clock.timed("writing", cli_scan.write_report)
    real_renderer = cli_scan.renderer
    cli_scan.renderer = lambda fmt: clock.timed("rendering", real_renderer(fmt))
    real_classifier = engine._classifier

    def classifier(*args: Any) -> Any:
        start = time.perf_counter()
        made = real_classifier(*args)
        clock.add("classification", time.perf_counter() - start)
        return clock.timed("classification", made)

    engine._classifier = classifier
    real_scan_files = files._scan_files

    def scan_files(*args: Any, **kwargs: Any) -> Iterator[Any]:
        start = clock.now()
        try:
            yield from real_scan_files(*args, **kwargs)
        finally:
            clock.add("reading and detecting", clock.now() - start)

    files._scan_files = scan_files

    def write_spans() -> None:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        spans = dict(clock.spans)
        spans["start-up"] = clock.marks.get("listing:start", 0.0)
        spans["command"] = clock.now()
        spans["cpu main"] = own.ru_utime + own.ru_stime
        spans["cpu children"] = children.ru_utime + children.ru_stime
        Path(out).write_text(json.dumps(spans))

    # vpkscan ends its process itself once the command is done (``vpkscan.cli._exit``).
    import vpkscan.cli

    real_exit = vpkscan.cli._exit

    def timed_exit(code: int) -> Any:
        write_spans()
        return real_exit(code)

    vpkscan.cli._exit = timed_exit
    sys.argv = ["vpkscan", *argv]
    with contextlib.suppress(SystemExit):
        main()


def _run_once(repo: Path, argv: list[str]) -> dict[str, float]:
    # The driver's own modules are imported here, not at the top: a run's clock starts
    # at this file's first lines, and the child imports nothing it does not time.
    import subprocess
    import tempfile

    from _common import checkout_env  # this file's folder is first on sys.path

    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "spans.json")
        report = os.path.join(folder, "report.json")
        command = [sys.executable, __file__, "--child", out, "--"]
        command += [*argv, "--format", "json", "--output", report]
        env = checkout_env(os.environ)
        started = time.perf_counter()
        proc = subprocess.run(command, cwd=repo, env=env, capture_output=True, check=False)
        total = time.perf_counter() - started
        if proc.returncode not in (0, 1):
            raise SystemExit(f"vpkscan failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
        spans: dict[str, float] = json.loads(Path(out).read_text())
    spans["total"] = total
    return spans


def _interpreter_cost() -> float:
    """Wall time of an interpreter that does nothing (the floor of every run)."""
    import subprocess

    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=DEFAULT_REPO)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the medians as JSON too")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("scan", nargs="*", default=["scan"], help="vpkscan arguments")
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.scan)
        return 0
    if not args.repo.is_dir():
        print(f"{args.repo}: no such repository (tree_bench.py --generate-only)", file=sys.stderr)
        return 2
    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        interpreter = _interpreter_cost()
        spans = _run_once(args.repo, args.scan)
        spans["interpreter"] = interpreter
        spans["exit"] = max(0.0, spans["total"] - spans["command"] - interpreter)
        runs.append(spans)
    import statistics

    keys = [*STAGES, "total", "cpu main", "cpu children"]
    medians = {k: statistics.median(run.get(k, 0.0) for run in runs) for k in keys}
    total = medians["total"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"vpkscan {' '.join(args.scan)} in {args.repo}: median of {args.runs} runs")
    print(f"(load average {load:.1f}; classification overlaps reading where both are shown)")
    for key in keys:
        share = f"{100 * medians[key] / total:5.1f} %" if key in STAGES else ""
        print(f"  {key:24s} {medians[key] * 1000:8.1f} ms  {share}")
    if args.json:
        print(json.dumps(medians, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

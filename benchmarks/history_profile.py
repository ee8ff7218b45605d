#!/usr/bin/env python3
"""Where a history scan spends its time: cProfile of every process, and their CPU times.

Runs ``vpkscan scan --history`` in the current directory (or ``--repo``) in this
interpreter, with one profiler in the main process and one in each reader worker, and
prints, per process, its wall time, its own CPU time, the CPU time of the git processes
it started and waited for, and the functions that took the most time. The profiler
slows Python code down (a scan takes about twice as long), not git: compare the
proportions, not the absolute times. The worker processes must be forked (Linux's
default), which is how the wrapper reaches them.

    python benchmarks/history_profile.py --repo /tmp/vpkscan-bench-history/repo
    python benchmarks/history_profile.py --repo . --top 25 --save /tmp/profiles

Standard library only (and vpkscan, from this checkout).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import vpkscan.read.blobs as blobs  # noqa: E402  (needs the sys.path line above)


def _cpu(who: int) -> tuple[float, float]:
    usage = resource.getrusage(who)
    return usage.ru_utime, usage.ru_stime


def _report(label: str, prof: cProfile.Profile, wall: float, top: int, save: Path | None) -> str:
    own_user, own_sys = _cpu(resource.RUSAGE_SELF)
    git_user, git_sys = _cpu(resource.RUSAGE_CHILDREN)
    out = io.StringIO()
    out.write(
        f"== {label} (pid {os.getpid()}): wall {wall:.2f} s, own CPU {own_user + own_sys:.2f} s "
        f"(sys {own_sys:.2f}), processes it waited for {git_user + git_sys:.2f} s\n"
    )
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        prof.dump_stats(str(save / f"{label}-{os.getpid()}.prof"))
    return out.getvalue()


def _profiled_readers(main_pid: int, top: int, save: Path | None) -> None:
    """Wrap the reader loop so that each worker process profiles itself."""
    original: Callable[..., None] = blobs._read_segments

    def reader(root: Path, limits: Any, take: Any, emit: Any) -> None:
        if os.getpid() == main_pid:
            # The main process reads too: its own profiler already covers this.
            original(root, limits, take, emit)
            return
        prof = cProfile.Profile()
        started = time.perf_counter()
        prof.enable()
        try:
            original(root, limits, take, emit)
        finally:
            prof.disable()
            text = _report("reader", prof, time.perf_counter() - started, top, save)
            sys.stderr.write(text)
            sys.stderr.flush()

    blobs._read_segments = reader  # type: ignore[assignment]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--repo", type=Path, default=Path("."), help="repository to scan")
    ap.add_argument("--top", type=int, default=15, help="functions listed per process")
    ap.add_argument("--save", type=Path, default=None, help="folder for the .prof files")
    ap.add_argument(
        "--output",
        type=Path,
        default=Path(tempfile.gettempdir()) / "vpkscan-history-profile.json",
        help="where the scan writes its JSON report",
    )
    args = ap.parse_args(argv)
    # The command itself, not ``vpkscan.cli.main``: that one ends the process at once
    # (``os._exit``), before the main process's profile could be printed.
    from vpkscan.cli.errors import run

    _profiled_readers(os.getpid(), args.top, args.save)
    os.chdir(args.repo)
    command = ["scan", "--history", "--quiet", "--format", "json"]
    command += ["--output", str(args.output.resolve())]
    prof = cProfile.Profile()
    started = time.perf_counter()
    code: int | str | None = 0
    prof.enable()
    try:
        code = run(command)
    except SystemExit as exc:
        code = exc.code
    finally:
        prof.disable()
    sys.stderr.write(_report("main", prof, time.perf_counter() - started, args.top, args.save))
    sys.stderr.write(f"vpkscan exit code {code}\n")
    return 0 if code in (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())

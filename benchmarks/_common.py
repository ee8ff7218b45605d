"""Shared helpers for the vpkscan benchmarks (stdlib only).

Four groups of helpers live here, so that a new benchmark is a corpus generator (its own
module, like ``_tree_gen.py``), a correctness check and a short ``main``:

* key helpers: building VibePeak keys at run time (the repository must never contain a
  literal string in key format), fingerprints, and a small reference matcher used by the
  generators to prove that a synthetic corpus holds exactly the keys it planted;
* process measurement: wall time of a command plus the peak, over time, of the summed PSS
  of the command's whole process tree, sampled from ``/proc``;
* commands: git with an isolated configuration, and the vpkscan command line and
  environment of a measured run;
* results: the correctness ``Check`` of one run, the ``Figures`` of a benchmark (per-round
  ratios to the floor measured in the same round, with their spread), the one-line
  ``Summary`` that ``run_all.py`` gathers into one table, the table printer and the
  options every corpus benchmark shares.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import math
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

#: The checkout being measured (put first on PYTHONPATH unless --vpkscan-cmd is given).
PROJECT_ROOT = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------

KEY_NAMESPACE = "vpk" + "_"
KEY_MODES = ("live", "test")
BODY_LEN = 32
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
WORD_BYTES = frozenset((ALNUM + "_").encode("ascii"))

# Matches the key shape without the boundary rules; boundaries are checked by hand so the
# regex keeps its fast literal-prefix search.
_KEY_SHAPE = re.compile(
    re.escape(KEY_NAMESPACE.encode()) + rb"(?:live|test)_[A-Za-z0-9]{%d}" % BODY_LEN
)


def key_prefix(mode: str) -> str:
    """Return the key prefix for ``mode`` ("live" or "test"), built at run time."""
    if mode not in KEY_MODES:
        raise ValueError(f"unknown key mode {mode!r}")
    return KEY_NAMESPACE + mode + "_"


def build_key(mode: str, body: str) -> str:
    """Assemble a key from its mode and 32-character body."""
    return key_prefix(mode) + body


def fingerprint(key: str) -> str:
    """Return the fingerprint vpkscan reports: the first 16 hex digits of sha256(key)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def find_key_shapes(data: bytes) -> Iterator[tuple[int, bytes]]:
    """Yield ``(offset, match)`` for every key-shaped string with valid boundaries.

    This is the format rule only (prefix, 32 ASCII letters/digits, no ``[A-Za-z0-9_]``
    directly before or after); placeholder filtering is not applied.
    """
    for m in _KEY_SHAPE.finditer(data):
        start, end = m.span()
        if start > 0 and data[start - 1] in WORD_BYTES:
            continue
        if end < len(data) and data[end] in WORD_BYTES:
            continue
        yield start, m.group()


def line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of byte ``offset`` in ``data``.

    Lines are split on ``\\n``.  When the line holding ``offset`` is valid UTF-8 the column
    counts code points; otherwise (binary data) it counts bytes.
    """
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    line_end = data.find(b"\n", offset)
    try:
        data[line_start : len(data) if line_end < 0 else line_end].decode("utf-8")
    except UnicodeDecodeError:
        return line, offset - line_start + 1
    return line, len(data[line_start:offset].decode("utf-8")) + 1


# --------------------------------------------------------------------------------------
# Process-tree memory sampling
# --------------------------------------------------------------------------------------


def _read_ppid(pid: int) -> int | None:
    """Return the parent pid of ``pid`` from /proc/<pid>/stat, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    # The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    rest = raw[raw.rfind(b")") + 2 :].split()
    return int(rest[1]) if len(rest) > 1 else None


def read_pss_kb(pid: int) -> int:
    """Return the ``Pss:`` figure (kB) of /proc/<pid>/smaps_rollup, 0 if unavailable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            raw = fh.read()
    except OSError:
        return 0
    for line in raw.splitlines():
        if line.startswith(b"Pss:"):
            return int(line.split()[1])
    return 0


class ProcessTree:
    """Tracks the descendants of a root pid by walking /proc/*/stat parent links.

    Parent links are cached per pid; only pids not seen before are read on each refresh.
    """

    def __init__(self, root: int) -> None:
        """Start tracking the tree rooted at ``root``."""
        self.root = root
        self._ppid: dict[int, int | None] = {}

    def members(self) -> list[int]:
        """Return the root and all its live descendants."""
        pids = {int(name) for name in os.listdir("/proc") if name.isdigit()}
        for gone in set(self._ppid) - pids:
            del self._ppid[gone]
        for pid in pids - set(self._ppid):
            self._ppid[pid] = _read_ppid(pid)
        children: dict[int, list[int]] = {}
        for pid, ppid in self._ppid.items():
            if ppid is not None:
                children.setdefault(ppid, []).append(pid)
        out: list[int] = []
        stack = [self.root]
        while stack:
            pid = stack.pop()
            out.append(pid)
            stack.extend(children.get(pid, ()))
        return out


class PssSampler(threading.Thread):
    """Samples the summed PSS of a process tree every ``interval`` seconds until stopped.

    Reading smaps_rollup walks the target's page tables, so sampling is not free: on a
    2-core machine a 5 ms period slows a CPU-bound command noticeably.  Time commands in
    runs without a sampler.
    """

    def __init__(self, root: int, interval: float) -> None:
        """Prepare a sampler for the tree of ``root``; call ``start()`` to run it."""
        super().__init__(daemon=True)
        self.tree = ProcessTree(root)
        self.interval = interval
        self.peak_kb = 0
        self.peak_procs = 0
        self.samples = 0
        self._stop_event = threading.Event()

    def stop(self) -> None:
        """Ask the thread to finish and wait for it."""
        self._stop_event.set()
        self.join()

    def run(self) -> None:
        """Sampling loop (runs in the thread)."""
        while not self._stop_event.is_set():
            members = self.tree.members()
            total = sum(read_pss_kb(pid) for pid in members)
            self.samples += 1
            self.peak_kb = max(self.peak_kb, total)
            self.peak_procs = max(self.peak_procs, len(members))
            self._stop_event.wait(self.interval)


def _kill_group(pid: int) -> None:
    """SIGKILL the process group led by ``pid`` (started with start_new_session)."""
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)


# --------------------------------------------------------------------------------------
# Running commands
# --------------------------------------------------------------------------------------


@dataclass
class RunResult:
    """Outcome of one measured command run."""

    wall_s: float
    returncode: int
    peak_pss_kb: int = 0
    peak_procs: int = 0
    samples: int = 0
    max_rss_kb: int = 0
    #: User plus system CPU time of the process and every descendant it waited for.
    cpu_s: float = 0.0
    timed_out: bool = False
    stderr_tail: str = ""


@dataclass
class RunSpec:
    """A command to measure, with its working directory and environment."""

    argv: Sequence[str]
    cwd: Path
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    sample_memory: bool = False
    interval: float = 0.005
    timeout: float | None = None
    stdout_path: Path | None = None
    stderr_path: Path | None = None


def run_measured(spec: RunSpec) -> RunResult:
    """Run ``spec.argv`` and return its wall time, exit code and memory figures.

    Wall time is ``time.perf_counter`` around start and reap.  The child is reaped with
    ``os.wait4`` so ``max_rss_kb`` is the rusage ``ru_maxrss`` of this run alone: the
    largest RSS of any single process of the tree that its parents waited for, the same
    quantity ``getrusage(RUSAGE_CHILDREN)`` reports but not mixed with earlier runs.
    """
    with contextlib.ExitStack() as stack:
        out: IO[bytes] | int = subprocess.DEVNULL
        err: IO[bytes] | int = subprocess.DEVNULL
        if spec.stdout_path:
            out = stack.enter_context(open(spec.stdout_path, "wb"))
        if spec.stderr_path:
            err = stack.enter_context(open(spec.stderr_path, "wb"))
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            list(spec.argv),
            cwd=spec.cwd,
            env=dict(spec.env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        timed_out = threading.Event()

        def on_timeout() -> None:
            timed_out.set()
            _kill_group(proc.pid)

        timer = threading.Timer(spec.timeout, on_timeout) if spec.timeout else None
        if timer is not None:
            timer.daemon = True
            timer.start()
        sampler = PssSampler(proc.pid, spec.interval) if spec.sample_memory else None
        if sampler is not None:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if timer is not None:
            timer.cancel()
        _kill_group(proc.pid)  # make sure no stray worker of this run outlives it
        if sampler is not None:
            sampler.stop()
    result = RunResult(
        wall_s=wall,
        returncode=proc.returncode,
        max_rss_kb=usage.ru_maxrss,
        cpu_s=usage.ru_utime + usage.ru_stime,
        timed_out=timed_out.is_set(),
    )
    if sampler is not None:
        result.peak_pss_kb = sampler.peak_kb
        result.peak_procs = sampler.peak_procs
        result.samples = sampler.samples
    if spec.stderr_path and spec.stderr_path.exists():
        result.stderr_tail = spec.stderr_path.read_bytes()[-2000:].decode("utf-8", "replace")
    return result


def median(values: Sequence[float]) -> float:
    """Median of a non-empty sequence (0.0 when empty)."""
    return statistics.median(values) if values else 0.0


def log(message: str) -> None:
    """Progress output (stderr, so stdout holds only the tables and JSON)."""
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------


def git_env() -> dict[str, str]:
    """Environment for git commands: no global/system config, fixed dates."""
    env = dict(os.environ)
    env.update(
        {
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
            "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
        }
    )
    return env


def git(repo: Path, *args: str) -> None:
    """Run a git command in ``repo`` with the bench identity; raise on failure."""
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=bench",
            "-c",
            "user.email=bench@example.invalid",
            "-c",
            "gc.auto=0",
            *args,
        ],
        cwd=repo,
        env=git_env(),
        check=True,
    )


def git_out(repo: Path, *args: str) -> str:
    """The standard output of a git command in ``repo``; raise on failure."""
    return subprocess.run(
        ["git", *args], cwd=repo, env=git_env(), capture_output=True, text=True, check=True
    ).stdout


def vpkscan_argv(args: argparse.Namespace, out_path: Path, *mode: str) -> list[str]:
    """The command line of one measured ``vpkscan scan`` (``mode``: e.g. ``--history``)."""
    base = shlex.split(args.vpkscan_cmd) if args.vpkscan_cmd else [sys.executable, "-m", "vpkscan"]
    return [*base, "scan", *mode, "--format", "json", "--output", str(out_path), *args.extra_arg]


@functools.cache
def compile_checkout() -> None:
    """Write the bytecode of the checkout's modules, as installing a package does.

    Without it, a checkout whose ``__pycache__`` is stale (or a shell with
    ``PYTHONDONTWRITEBYTECODE`` set) compiles every module from source at each measured
    start: 40 ms or more that no installed vpkscan ever spends.
    """
    import compileall

    compileall.compile_dir(str(PROJECT_ROOT / "vpkscan"), quiet=1)


def checkout_env(base: Mapping[str, str]) -> dict[str, str]:
    """``base`` with the checkout first on PYTHONPATH, its bytecode compiled and bytecode
    caches allowed (what an installed vpkscan runs with)."""
    compile_checkout()
    env = dict(base)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(PROJECT_ROOT) + (os.pathsep + old if old else "")
    return env


def vpkscan_env(args: argparse.Namespace) -> dict[str, str]:
    """Environment for vpkscan: isolated git, and the checkout (``checkout_env``) unless
    ``--vpkscan-cmd`` names another installation."""
    env = git_env()
    return env if args.vpkscan_cmd else checkout_env(env)


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass
class Check:
    """How the findings of one run compare with what the generator planted.

    ``right`` counts keys reported exactly as planted (place, or commits and paths);
    ``found`` keys reported at all. The tree check also counts ``misplaced`` keys,
    ``decoys_reported`` and ``duplicates``; the history check leaves them at 0.
    """

    expected: int
    found: int = 0
    right: int = 0
    misplaced: int = 0
    extra: int = 0
    decoys_reported: int = 0
    duplicates: int = 0
    error: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> tuple[int, int]:
        """Orders checks from worst to best (the worst is the one reported)."""
        return (self.right - self.misplaced - self.extra, -len(self.notes))


def worst_check(checks: Sequence[Check]) -> Check:
    """The worst of the runs' checks, its notes printed to stderr."""
    worst = min(checks, key=lambda c: c.score)
    for note in worst.notes[:25]:
        log(f"  ! {note}")
    if worst.error:
        log(f"  ! {worst.error}")
    return worst


def ratio_spread(floor_s: Sequence[float], scan_s: Sequence[float]) -> tuple[float, float]:
    """The smallest and largest per-round ratio scan/floor (each round ran both)."""
    ratios = [s / f for f, s in zip(floor_s, scan_s, strict=True) if f > 0]
    return (min(ratios), max(ratios)) if ratios else (math.inf, math.inf)


@dataclass
class Summary:
    """One line of the combined table: a kind of work, its floor, vpkscan, the verdict.

    Times are medians over the timed rounds; ``ratio`` is their quotient and
    ``ratio_low``/``ratio_high`` the spread of the per-round ratios. ``target`` says what
    must hold (e.g. ``<= 1.25x floor`` or ``<= 100 ms``).
    """

    work: str
    floor: str
    floor_median_s: float
    vpkscan_median_s: float
    ratio: float
    ratio_low: float
    ratio_high: float
    target: str
    recall: str
    peak_pss_mib: float | None
    ok: bool


@dataclass
class Figures:
    """What a corpus benchmark (tree, history) measured, checked and decided.

    ``details`` holds the figures particular to one benchmark (corpus size, pack-order
    read time...), ``passes`` one verdict per target.
    """

    bench: str
    corpus: str
    floor_cmd: str
    floor_s: list[float]
    vpkscan_s: list[float]
    target_ratio: float
    peak_pss_mib: float
    target_pss_mib: float
    max_rss_mib: float
    peak_procs: int
    keys_expected: int
    keys_found: int
    keys_right: int
    misplaced: int
    extra: int
    exit_codes: list[int]
    load_before: float
    passes: dict[str, bool]
    details: dict[str, Any] = field(default_factory=dict)
    floor_median_s: float = field(init=False)
    vpkscan_median_s: float = field(init=False)
    ratio: float = field(init=False)
    ratio_low: float = field(init=False)
    ratio_high: float = field(init=False)
    ok: bool = field(init=False)

    def __post_init__(self) -> None:
        """Derive the medians, the ratio with its spread and the overall verdict."""
        self.floor_median_s = round(median(self.floor_s), 4)
        self.vpkscan_median_s = round(median(self.vpkscan_s), 4)
        fm = self.floor_median_s
        self.ratio = round(self.vpkscan_median_s / fm, 3) if fm > 0 else math.inf
        low, high = ratio_spread(self.floor_s, self.vpkscan_s)
        self.ratio_low, self.ratio_high = round(low, 3), round(high, 3)
        self.passes = {
            "ratio": self.ratio <= self.target_ratio,
            "memory": 0 < self.peak_pss_mib < self.target_pss_mib,
            **self.passes,
        }
        self.ok = all(self.passes.values())

    def summary(self) -> Summary:
        """The benchmark's line in the combined table."""
        return Summary(
            work=f"{self.bench}: {self.corpus}",
            floor=self.floor_cmd,
            floor_median_s=self.floor_median_s,
            vpkscan_median_s=self.vpkscan_median_s,
            ratio=self.ratio,
            ratio_low=self.ratio_low,
            ratio_high=self.ratio_high,
            target=f"<= {self.target_ratio:.2f}x",
            recall=f"{self.keys_right}/{self.keys_expected}",
            peak_pss_mib=self.peak_pss_mib,
            ok=self.ok,
        )


def verdict(ok: bool) -> str:
    """PASS or FAIL."""
    return "PASS" if ok else "FAIL"


Row = tuple[str, str, str, str]


def speed_rows(fig: Figures) -> list[Row]:
    """The rows every corpus benchmark prints: timings, ratio with spread, memory."""
    p = fig.passes
    return [
        ("rounds (after 1 warm-up)", str(len(fig.vpkscan_s)), "", ""),
        ("load average before start", f"{fig.load_before:.2f}", "info", ""),
        ("floor median (s)", f"{fig.floor_median_s:.3f}", "", ""),
        ("vpkscan median (s)", f"{fig.vpkscan_median_s:.3f}", "", ""),
        (
            "ratio vpkscan/floor",
            f"{fig.ratio:.3f} ({fig.ratio_low:.3f}-{fig.ratio_high:.3f})",
            f"<= {fig.target_ratio:.2f}",
            verdict(p["ratio"]),
        ),
        (
            "peak PSS, tree sum (MiB)",
            f"{fig.peak_pss_mib:.1f}",
            f"< {fig.target_pss_mib:.0f}",
            verdict(p["memory"]),
        ),
        ("max RSS, one process (MiB)", f"{fig.max_rss_mib:.1f}", "info", ""),
        ("peak process count", str(fig.peak_procs), "info", ""),
    ]


def print_table(title: str, rows: Sequence[Row], ok: bool, width: int = 34) -> None:
    """Print a metric / value / target / status table with an OVERALL line."""
    print(f"\n{title}")
    print(f"{'metric':<30} {'value':>{width}} {'target':>10}  status")
    rule = "-" * (width + 50)
    print(rule)
    for name, value, target, status in rows:
        print(f"{name:<30} {value:>{width}} {target:>10}  {status}")
    print(rule)
    print(f"{'OVERALL':<30} {'':>{width}} {'':>10}  {verdict(ok)}")


def print_runs(fig: Figures) -> None:
    """The raw per-round times, for the spread behind the medians."""
    print(f"floor runs (s):   {' '.join(f'{x:.3f}' for x in fig.floor_s)}")
    print(f"vpkscan runs (s): {' '.join(f'{x:.3f}' for x in fig.vpkscan_s)}")


def print_summaries(summaries: Sequence[Summary]) -> None:
    """The combined table of ``run_all.py``: one line per kind of work."""
    head = (
        f"{'work':<44} {'floor':>9} {'vpkscan':>9} {'ratio (min-max)':>19} "
        f"{'target':>10} {'recall':>7} {'PSS MiB':>8}  status"
    )
    print(head)
    print("-" * len(head))
    for s in summaries:
        pss = f"{s.peak_pss_mib:.0f}" if s.peak_pss_mib is not None else "-"
        spread = f"{s.ratio:.2f} ({s.ratio_low:.2f}-{s.ratio_high:.2f})"
        print(
            f"{s.work[:44]:<44} {_duration(s.floor_median_s):>9} "
            f"{_duration(s.vpkscan_median_s):>9} {spread:>19} {s.target:>10} "
            f"{s.recall:>7} {pss:>8}  {verdict(s.ok)}"
        )


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def parse_args(
    argv: Sequence[str] | None,
    *,
    doc: str | None,
    workdir: Path,
    extend: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.Namespace:
    """Parse the options every corpus benchmark shares, plus those ``extend`` adds."""
    ap = argparse.ArgumentParser(
        description=(doc or "").split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    ap.add_argument(
        "--workdir",
        type=Path,
        default=workdir,
        help="cache directory: repo/, the expected findings, stamp.json, results-*/",
    )
    ap.add_argument("--seed", type=int, default=20240101, help="generator seed")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds of each command")
    ap.add_argument(
        "--vpkscan-cmd",
        default=None,
        help="command replacing 'python -m vpkscan' (shell-split), e.g. 'vpkscan'",
    )
    ap.add_argument(
        "--extra-arg",
        action="append",
        default=[],
        help="extra argument appended to the vpkscan command (repeatable)",
    )
    ap.add_argument(
        "--memory-runs",
        "--memory-rounds",
        dest="memory_runs",
        type=int,
        default=2,
        help="extra PSS-sampled vpkscan runs after the timed rounds",
    )
    ap.add_argument("--interval-ms", type=float, default=5.0, help="PSS sampling period")
    ap.add_argument("--timeout", type=float, default=900.0, help="per-run timeout (s)")
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    ap.add_argument("--generate-only", action="store_true", help="build the corpus and stop")
    ap.add_argument("--regenerate", action="store_true", help="rebuild even if cached")
    if extend is not None:
        extend(ap)
    args = ap.parse_args(argv)
    args.workdir = args.workdir.resolve()
    args.parser = ap
    return args

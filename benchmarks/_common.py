"""Shared helpers for the vpkscan benchmarks (stdlib only).

Two groups of helpers live here:

* key helpers: building VibePeak keys at run time (the repository must never contain a
  literal string in key format), fingerprints, and a small reference matcher used by the
  generator to prove that a synthetic tree holds exactly the keys it planted;
* process measurement: wall time of a command plus the peak, over time, of the summed PSS
  of the command's whole process tree, sampled from ``/proc``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import signal
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

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

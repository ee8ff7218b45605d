"""Shared helpers for the vpkscan benchmarks (stdlib only).

Two groups of helpers live here:

* key helpers: building VibePeak keys at run time (the repository must never contain a
  literal string in key format), fingerprints, and a small reference matcher used by the
  generator to prove that a synthetic tree holds exactly the keys it planted;
* process measurement: wall time of a command plus the peak, over time, of the summed PSS
  of the command's whole process tree, sampled from ``/proc``.
"""

from __future__ import annotations

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
    re.escape(KEY_NAMESPACE.encode()) + rb"(?:live|test)_[A-Za-z0-9]{" + str(BODY_LEN).encode() + rb"}"
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


def line_and_column(data: bytes, offset: int, utf8: bool) -> tuple[int, int]:
    """Return the 1-based line and column of byte ``offset`` in ``data``.

    Lines are split on ``\\n``.  For UTF-8 text the column counts code points; otherwise
    (binary / non-UTF-8 data) it counts bytes.
    """
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    if utf8:
        column = len(data[line_start:offset].decode("utf-8")) + 1
    else:
        column = offset - line_start + 1
    return line, column


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

    It also enforces a timeout by killing the root's process group.
    """

    def __init__(self, root: int, interval: float, timeout: float | None) -> None:
        """Prepare a sampler for the tree of ``root``; call ``start()`` to run it."""
        super().__init__(daemon=True)
        self.tree = ProcessTree(root)
        self.interval = interval
        self.timeout = timeout
        self.peak_kb = 0
        self.peak_procs = 0
        self.samples = 0
        self.timed_out = False
        self._stop_event = threading.Event()

    def stop(self) -> None:
        """Ask the thread to finish and wait for it."""
        self._stop_event.set()
        self.join()

    def run(self) -> None:
        """Sampling loop (runs in the thread)."""
        started = time.perf_counter()
        while not self._stop_event.is_set():
            members = self.tree.members()
            total = sum(read_pss_kb(pid) for pid in members)
            self.samples += 1
            if total > self.peak_kb:
                self.peak_kb = total
            self.peak_procs = max(self.peak_procs, len(members))
            if self.timeout is not None and time.perf_counter() - started > self.timeout:
                self.timed_out = True
                _kill_group(self.tree.root)
                return
            self._stop_event.wait(self.interval)


def _kill_group(pid: int) -> None:
    """SIGKILL the process group led by ``pid`` (started with start_new_session)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


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
    out = open(spec.stdout_path, "wb") if spec.stdout_path else subprocess.DEVNULL
    err = open(spec.stderr_path, "wb") if spec.stderr_path else subprocess.DEVNULL
    try:
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
        sampler: PssSampler | None = None
        if spec.sample_memory or spec.timeout is not None:
            sampler = PssSampler(proc.pid, spec.interval, spec.timeout)
            if not spec.sample_memory:
                sampler.interval = 0.25
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        _kill_group(proc.pid)  # reap nothing, but make sure no stray worker outlives us
        if sampler is not None:
            sampler.stop()
    finally:
        for fh in (out, err):
            if not isinstance(fh, int):
                fh.close()
    result = RunResult(wall_s=wall, returncode=proc.returncode, max_rss_kb=usage.ru_maxrss)
    if sampler is not None:
        result.timed_out = sampler.timed_out
        if spec.sample_memory:
            result.peak_pss_kb = sampler.peak_kb
            result.peak_procs = sampler.peak_procs
            result.samples = sampler.samples
    if spec.stderr_path and spec.stderr_path.exists():
        result.stderr_tail = spec.stderr_path.read_bytes()[-2000:].decode("utf-8", "replace")
    return result


def median(values: Sequence[float]) -> float:
    """Median of a non-empty sequence (0.0 when empty)."""
    return statistics.median(values) if values else 0.0

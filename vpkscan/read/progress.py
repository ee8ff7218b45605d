"""A progress bar for long scans (history blobs, tree files): count, bytes, rate, time left.

The scan reports through the ``Progress`` protocol; the command line decides whether a
bar is drawn (only on a terminal, never with ``--quiet``), so the core never prints.
"""

from __future__ import annotations

import shutil
import threading
import time
from typing import Protocol, TextIO

#: Redraw at most this often: drawing is cheap, but a terminal is not.
REDRAW_S = 0.1


class Progress(Protocol):
    """Receives the size of the work, then each piece done (from any thread)."""

    def start(self, objects: int, size: int) -> None: ...

    def advance(self, objects: int, size: int) -> None: ...

    def finish(self) -> None: ...


def _megabytes(size: float) -> str:
    megabytes = size / 1e6
    return f"{megabytes:,.0f}" if megabytes >= 100 else f"{megabytes:.1f}"


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class ProgressBar:
    """Draws one line on ``stream`` (a terminal), overwritten in place, cleared at the end."""

    def __init__(
        self, stream: TextIO, label: str = "history", unit: str = "blobs", delay: float = 0.0
    ) -> None:
        """``delay``: seconds before the bar first appears, so that short scans draw none."""
        self._stream = stream
        self._label = label
        self._unit = unit
        self._delay = delay
        self._lock = threading.Lock()
        self._objects = self._size = 0
        self._done_objects = self._done_size = 0
        self._started = self._drawn_at = 0.0
        self._visible = False

    def start(self, objects: int, size: int) -> None:
        with self._lock:
            self._objects, self._size = objects, size
            self._started = time.monotonic()
            if self._delay <= 0:
                self._draw(self._started)

    def advance(self, objects: int, size: int) -> None:
        with self._lock:
            self._done_objects += objects
            self._done_size += size
            now = time.monotonic()
            if now - self._drawn_at >= REDRAW_S and now - self._started >= self._delay:
                self._draw(now)

    def finish(self) -> None:
        with self._lock:
            if self._visible:
                self._stream.write("\r\033[K")
                self._stream.flush()
                self._visible = False

    def line(self, now: float) -> str:
        """The text of the bar at time ``now``, fitted to the terminal width."""
        elapsed = max(now - self._started, 1e-6)
        rate = self._done_size / elapsed
        if self._size:
            share = self._done_size / self._size
        else:  # sizes not known up front (a tree listing): the share of files done
            share = self._done_objects / self._objects if self._objects else 1.0
        left = elapsed * (1 - share) / share if share > 0 else None
        eta = _duration(max(left, 0.0)) if left is not None else "--:--"
        stats = self._stats(self._done_objects, self._done_size, rate, eta)
        # Padded to its widest, so that the bar keeps its length as the numbers grow.
        stats = stats.ljust(len(self._stats(self._objects, self._size, 9.999e9, "99:59")))
        width = shutil.get_terminal_size((80, 24)).columns - 1
        room = width - len(self._label) - len(stats) - 4
        if room < 10:
            return f"{self._label}{stats}"[:width]
        filled = int(room * min(share, 1.0))
        return f"{self._label} [{'#' * filled}{'.' * (room - filled)}]{stats}"

    def _stats(self, objects: int, size: int, rate: float, eta: str) -> str:
        return (
            f" {objects:,}/{self._objects:,} {self._unit}"
            f" {_megabytes(size)}{'/' + _megabytes(self._size) if self._size else ''} MB"
            f" {_megabytes(rate)} MB/s {eta} left"
        )

    def _draw(self, now: float) -> None:
        self._stream.write("\r" + self.line(now) + "\033[K")
        self._stream.flush()
        self._drawn_at = now
        self._visible = True

"""Worker processes for reading blobs: each takes segments in turn and reports back.

Workers start the way ``vpkscan.read.start`` picks (forked on Linux, spawned elsewhere),
so ``work`` is a picklable top-level callable, and they ignore Ctrl-C, which the parent
handles once by stopping them. They take segments from one
queue, which the parent fills as git lists the objects, so a worker on a busy core
simply takes fewer; results come back through another queue, as they are few (only
blobs worth keeping).

The parent is one of the readers: once the listing is queued it would otherwise only
wait, so it takes segments from the same queue. One process fewer is one interpreter
and one set of read buffers fewer for the same number of readers.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from vpkscan.errors import GitError, VpkscanError
from vpkscan.read.signals import default_termination
from vpkscan.read.start import worker_context

#: How often the parent checks that no worker died without a word.
POLL_S = 0.5

#: ``work(take, emit)`` reads segments until ``take`` runs out.
Work = Callable[[Callable[[], Any], Callable[[list[Any], int, int], None]], None]
Emit = Callable[[list[Any], int, int], None]


def run_workers(
    count: int,
    segments: Iterable[Any],
    work: Work,
    emit: Emit,
    listed: Callable[[], None],
) -> None:
    """Run ``work`` in ``count`` readers over ``segments``: ``count - 1`` worker
    processes, which read while the parent produces (lists) the segments, then the
    parent itself. ``listed`` is called once all are produced; ``emit`` gets the
    results. Errors in a worker are raised here."""
    context = worker_context()
    work_queue: multiprocessing.Queue[Any] = context.Queue()
    results: multiprocessing.Queue[tuple[Any, ...]] = context.Queue()
    processes = [
        context.Process(target=_worker, args=(work, work_queue, results), daemon=True)
        for _ in range(count - 1)
    ]
    for process in processes:
        process.start()
    inbox = _Inbox(processes, results, emit)
    try:
        for segment in segments:
            work_queue.put(segment)
        for _ in range(count):
            work_queue.put(None)
        listed()

        def emit_here(scans: list[Any], objects: int, size: int) -> None:
            emit(scans, objects, size)
            # What the workers found meanwhile, so that progress stays current.
            inbox.drain()

        work(work_queue.get, emit_here)
        inbox.collect()
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
        # After an error or Ctrl-C, segments nobody will read may fill the pipe: do not
        # wait at exit for the thread that writes them.
        work_queue.cancel_join_thread()
        results.cancel_join_thread()
        work_queue.close()
        results.close()


def _worker(
    work: Work,
    work_queue: multiprocessing.Queue[Any],
    results: multiprocessing.Queue[tuple[Any, ...]],
) -> None:
    """A worker's main function (top-level, so that a spawned worker can import it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    default_termination()

    def emit(scans: list[Any], objects: int, size: int) -> None:
        results.put(("scans", scans, objects, size))

    try:
        work(work_queue.get, emit)
        results.put(("done",))
    except VpkscanError as exc:
        results.put(("error", str(exc)))
    except BaseException as exc:  # reported to the parent, which raises it
        results.put(("crash", f"{type(exc).__name__}: {exc}"))


class _Inbox:
    """The workers' messages, handled as they come; ``running`` counts the workers
    that have not said ``done``."""

    def __init__(
        self,
        processes: Sequence[multiprocessing.process.BaseProcess],
        results: multiprocessing.Queue[tuple[Any, ...]],
        emit: Emit,
    ) -> None:
        self._processes = processes
        self._results = results
        self._emit = emit
        self.running = len(processes)

    def drain(self) -> None:
        """Handle the messages that have arrived, without waiting for more."""
        while self.running:
            try:
                message = self._results.get_nowait()
            except queue.Empty:
                return
            self._handle(message)

    def collect(self) -> None:
        """Handle messages until every worker is done."""
        while self.running:
            try:
                message = self._results.get(timeout=POLL_S)
            except queue.Empty:
                if any(p.exitcode not in (None, 0) for p in self._processes):
                    raise GitError("a blob reader stopped unexpectedly") from None
                continue
            self._handle(message)

    def _handle(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "scans":
            self._emit(message[1], message[2], message[3])
        elif kind == "done":
            self.running -= 1
        elif kind == "error":
            raise GitError(message[1])
        else:
            raise RuntimeError(f"blob reader failed: {message[1]}")

"""The readers of a history scan: the parent reads alongside its workers, every segment
is read exactly once, and a worker that fails fails the scan."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

from vpkscan.errors import GitError
from vpkscan.read.workers import run_workers

Take = Callable[[], Any]
Emit = Callable[[list[Any], int, int], None]


def _note_reader(take: Take, emit: Emit) -> None:
    """Reports, for each segment it takes, the segment and the process that read it."""
    while (segment := take()) is not None:
        emit([(os.getpid(), segment)], 1, 0)


def _fail_in_worker(take: Take, emit: Emit) -> None:
    """Fails in any process but the one that ran the test."""
    if os.getpid() != int(os.environ["VPKSCAN_TEST_PARENT"]):
        raise GitError("object 1234 is missing from the repository")
    _note_reader(take, emit)


@pytest.mark.parametrize("readers", [2, 3])
def test_the_parent_is_one_of_the_readers(readers: int) -> None:
    seen: list[tuple[int, int]] = []
    listed: list[bool] = []

    def emit(scans: list[Any], objects: int, size: int) -> None:
        seen.extend(scans)

    # Many small segments, so that every reader gets some whoever starts first.
    run_workers(readers, iter(range(400)), _note_reader, emit, lambda: listed.append(True))
    assert listed == [True]
    assert sorted(segment for _, segment in seen) == list(range(400))
    pids = {pid for pid, _ in seen}
    assert os.getpid() in pids
    assert len(pids) <= readers
    children = {pid for pid in pids if pid != os.getpid()}
    assert len(children) <= readers - 1


def test_a_failing_worker_fails_the_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VPKSCAN_TEST_PARENT", str(os.getpid()))
    with pytest.raises(GitError, match="object 1234 is missing"):
        run_workers(2, iter(range(50)), _fail_in_worker, lambda *a: None, lambda: None)

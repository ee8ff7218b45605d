"""Where a POSIX facility is missing (Windows), vpkscan falls back to a documented
behaviour instead of crashing: tested by taking each one away."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from tests.keys import live_key
from vpkscan.git import objects
from vpkscan.model import SkipReason
from vpkscan.read import files, signals
from vpkscan.sources.plan import FileRef


def _without_nofollow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "_NOFOLLOW", 0)
    monkeypatch.setattr(files, "_OPEN_FLAGS", files._OPEN_FLAGS & ~getattr(os, "O_NOFOLLOW", 0))


def test_without_o_nofollow_a_symlink_is_still_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text(f"k = '{live_key('link')}'\n")
    link = tmp_path / "link.txt"
    link.symlink_to(secret)
    _without_nofollow(monkeypatch)
    scan = files.scan_file(FileRef("link.txt", str(link), -1))
    assert scan.skipped is SkipReason.SYMLINK and not scan.candidates
    # A regular file is read as before.
    read = files.scan_file(FileRef("outside.txt", str(secret), -1))
    assert [c.key for c in read.candidates] == [live_key("link")]


def test_without_fcntl_pipes_keep_their_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fcntl", None)  # import fcntl raises ImportError
    read, write = os.pipe()
    try:
        objects._grow_pipe(write, 1024 * 1024)
        os.write(write, b"still a pipe")
        assert os.read(read, 64) == b"still a pipe"
    finally:
        os.close(read)
        os.close(write)


def test_without_sighup_only_sigterm_is_handled(monkeypatch: pytest.MonkeyPatch) -> None:
    from vpkscan import cli

    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
    monkeypatch.delattr(signal, "SIGHUP")
    try:
        signals.default_termination()
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
        cli._stop_on_termination()
        assert callable(signal.getsignal(signal.SIGTERM))
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.Signals(1), previous[1])


def test_without_sched_getaffinity_jobs_come_from_cpu_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert files.default_jobs() == 3
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert files.default_jobs() == 1

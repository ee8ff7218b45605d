"""SIGTERM and SIGHUP end a scan like Ctrl-C: every worker and git process is gone, no
partial report is left, and the exit code names the signal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.helpers import Repo

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table")


def _marked(mark: str) -> list[int]:
    """Processes whose environment carries ``mark`` (a scan and everything it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if mark.encode() in environ:
            found.append(int(entry.name))
    return found


def _slow_tree(folder: Path) -> None:
    """Files full of near-keys: every line costs the detector work, so a scan takes
    seconds and runs worker processes."""
    folder.mkdir()
    for index in range(4):
        (folder / f"f{index}.txt").write_text("vpk_" + "live_abc vpk_" + "test_ \n" * 1)
        with (folder / f"f{index}.txt").open("a") as handle:
            handle.write(("vpk_" + "live_abc vpk_" + "test_ \n") * 600_000)


@pytest.mark.parametrize(
    ("signum", "mode", "start"),
    [
        (signal.SIGTERM, ("--no-git", "tree"), "fork"),
        (signal.SIGHUP, ("--no-git", "tree"), "fork"),
        (signal.SIGTERM, ("--history",), "fork"),
        (signal.SIGTERM, ("--no-git", "tree"), "spawn"),
    ],
)
def test_a_signal_stops_every_process_and_leaves_no_report(
    tmp_path: Path, signum: signal.Signals, mode: tuple[str, ...], start: str
) -> None:
    _slow_tree(tmp_path / "tree")
    repo = Repo.init(tmp_path / "tree")
    repo.add()
    repo.commit("slow")
    mark = f"VPKSCAN_TEST_MARK={uuid.uuid4().hex}"
    name, value = mark.split("=")
    report = tmp_path / "report.json"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-P",
            "-m",
            "vpkscan",
            "scan",
            "--no-git",
            "-j",
            "2",
            "-f",
            "json",
            "-o",
            str(report),
            "tree",
        ],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        env={**os.environ, name: value, "VPKSCAN_START_METHOD": start},
    )
    deadline = time.monotonic() + 20
    # Wait until the workers run: the parent and at least one child carry the mark.
    while len(_marked(mark)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "the scan ended before it could be signalled"
    time.sleep(0.2)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 128 + signum, stderr
    assert b"terminated" in stderr and b"Traceback" not in stderr
    grace = time.monotonic() + 5
    while _marked(mark) and time.monotonic() < grace:
        time.sleep(0.05)
    assert _marked(mark) == []
    assert not report.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["tree"]

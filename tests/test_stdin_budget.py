"""Standard input is read within a bounded budget, and special files never hang a scan."""

from __future__ import annotations

import io
import os

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key
from vpkscan.errors import UnreadableTargetError
from vpkscan.read import files
from vpkscan.read.files import scan_stdin


def test_stdin_past_the_budget_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_STDIN_BYTES", 3 * files.STDIN_CHUNK)
    key = live_key("budget").encode()
    within = scan_stdin(io.BytesIO(b"x\n" * files.STDIN_CHUNK + key), "a.txt")
    assert [c.key for entry in within for c in entry.candidates] == [key.decode()]
    with pytest.raises(UnreadableTargetError, match="larger than"):
        scan_stdin(io.BytesIO(b"\0" * (3 * files.STDIN_CHUNK + 1)), "big.bin")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_tracked_fifo_is_skipped_with_a_note_not_waited_on(repo: Repo) -> None:
    repo.commit_files({"app/settings.py": f'KEY = "{live_key("fifo")}"\n', "pipe": "x\n"})
    (repo.path / "pipe").unlink()
    os.mkfifo(repo.path / "pipe")
    run = run_vpkscan("scan", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    assert "not a regular file" in run.stderr

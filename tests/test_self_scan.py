"""vpkscan passes on its own repository: the tests build every key at run time."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.helpers import run_vpkscan

ROOT = Path(__file__).resolve().parents[1]

#: Built from pieces so that this file does not match itself.
KEY_SHAPE = re.compile(("vpk_" + "(?:live|test)_" + "[A-Za-z0-9]{32}").encode())


def _tracked_files() -> list[Path]:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [ROOT / os.fsdecode(p) for p in out.split(b"\0") if p]


def test_the_pattern_matches_a_key_built_at_run_time() -> None:
    from tests.keys import live_key, test_key

    assert KEY_SHAPE.search(f"x={live_key('self')}".encode())
    assert KEY_SHAPE.search(test_key("self").encode())
    assert not KEY_SHAPE.search(("vpk_" + "live_" + "short").encode())


def test_no_tracked_file_holds_a_key_shaped_string() -> None:
    files = _tracked_files()
    assert files
    offenders = [
        str(path.relative_to(ROOT))
        for path in files
        if path.is_file() and not path.is_symlink() and KEY_SHAPE.search(path.read_bytes())
    ]
    assert offenders == []


def test_vpkscan_passes_on_its_own_tree() -> None:
    _tracked_files()
    result = run_vpkscan("scan", "--format", "json", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.json()
    assert report["findings"] == []
    assert report["scan"]["mode"] == "tree"
    assert report["scan"]["files_scanned"] > 10
    assert "Traceback" not in result.stderr

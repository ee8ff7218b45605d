"""Names from a scanned repository never reach a terminal or a CI log uninterpreted.

Files are committed under names that carry terminal escapes, a GitHub workflow command
and bidirectional overrides; every human output (text report, summary, hook report,
github annotations, baseline check, errors) is checked byte by byte.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key

HOSTILE = {
    "title": "x\x1b]0;pwned\x07.py",
    "clear": "y\x1b[2J.py",
    "workflow": "x\n::error file=evil.py,line=1::pwned\n.py",
    "bidi": "z\u202eyp.txt",
    "c1": "w\x9b31m.py",
    "del": "v\x7f.py",
}
#: Bytes that must never appear raw in what vpkscan prints.
FORBIDDEN = (b"\x1b", b"\x07", b"\x9b", b"\xc2\x9b", b"\x7f", "\u202e".encode())

pytestmark = pytest.mark.skipif(os.name == "nt", reason="these names are not valid on Windows")


@pytest.fixture
def hostile(repo: Repo) -> Repo:
    files = {name: f'KEY = "{live_key(label)}"\n' for label, name in HOSTILE.items()}
    repo.commit_files(files, "hostile names")
    return repo


def _raw(*args: str, cwd: os.PathLike[str], env: dict[str, str] | None = None) -> tuple[int, bytes]:
    proc = subprocess.run(
        [sys.executable, "-P", "-m", "vpkscan", *args],
        cwd=cwd,
        capture_output=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    return proc.returncode, proc.stdout + proc.stderr


def _clean(output: bytes) -> None:
    # vpkscan's own colours are the only escapes allowed (plain SGR sequences).
    output = re.sub(rb"\x1b\[[0-9;]*m", b"", output)
    for forbidden in FORBIDDEN:
        assert forbidden not in output, (forbidden, output[:2000])
    # No line of the output may start a workflow command that a name injected.
    for line in output.splitlines():
        assert not line.startswith(b"::error file=evil.py"), line


@pytest.mark.parametrize(
    "args",
    [
        ("scan", "--color", "never"),
        ("scan", "--color", "always"),
        ("scan", "--history", "--color", "never"),
        ("scan", "--format", "github"),
    ],
)
def test_scan_outputs_escape_every_hostile_name(hostile: Repo, args: tuple[str, ...]) -> None:
    code, output = _raw(*args, cwd=hostile.path)
    assert code == 1, output
    _clean(output)
    assert b"\\x1b]0;pwned\\x07" in output or b"%1B" in output or b"\\x1b" in output


def test_hook_report_escapes_hostile_names(repo: Repo) -> None:
    repo.commit_files({"README.md": "x\n"})
    for label, name in HOSTILE.items():
        repo.write(name, f'KEY = "{live_key(label)}"\n')
    repo.add()
    code, output = _raw("hook", cwd=repo.path)
    assert code == 1, output
    _clean(output)


def test_baseline_check_escapes_hostile_names(hostile: Repo) -> None:
    run_vpkscan("baseline", "create", cwd=hostile.path)
    for label, name in HOSTILE.items():
        hostile.write(name, f'KEY = "{live_key(label + "-new")}"\n')
    hostile.add()
    code, output = _raw("baseline", "check", cwd=hostile.path)
    assert code == 1, output
    _clean(output)


def test_errors_escape_hostile_names(tmp_path: os.PathLike[str]) -> None:
    code, output = _raw("scan", "no\x1b[2Jsuch\x07file", cwd=tmp_path)
    assert code == 2
    _clean(output)

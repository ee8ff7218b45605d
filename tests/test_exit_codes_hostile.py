"""Inputs that once ended in an internal error (exit 3) get one line and exit 2, or work."""

from __future__ import annotations

import os

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key

DEEP = 50_000


def _one_error_line(stderr: str) -> None:
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert [line for line in stderr.splitlines() if line.startswith("vpkscan: error:")]


def test_deeply_nested_configuration_is_a_configuration_error(repo: Repo) -> None:
    repo.commit_files({"a.py": "x = 1\n"})
    repo.write(".vpkscan.toml", "exclude = " + "[" * DEEP + "]" * DEEP + "\n")
    run = run_vpkscan("scan", cwd=repo.path)
    assert run.returncode == 2
    _one_error_line(run.stderr)
    assert "nested too deeply" in run.stderr


def test_deeply_nested_baseline_is_a_baseline_error(repo: Repo) -> None:
    repo.commit_files({"a.py": "x = 1\n"})
    repo.write("deep.json", "[" * DEEP + "]" * DEEP)
    run = run_vpkscan("scan", "--baseline", "deep.json", cwd=repo.path)
    assert run.returncode == 2
    _one_error_line(run.stderr)


@pytest.mark.skipif(os.name == "nt", reason="POSIX file names are bytes")
def test_baseline_of_a_file_whose_name_is_not_utf8(repo: Repo) -> None:
    name = os.fsdecode(b"conf\xffig.py")
    repo.commit_files({name: f'KEY = "{live_key("non-utf8")}"\n'})
    create = run_vpkscan("baseline", "create", cwd=repo.path)
    assert create.returncode == 0, create.stderr
    assert "\\udcff" in (repo.path / ".vpkscan-baseline.json").read_text("utf-8")
    scan = run_vpkscan("scan", cwd=repo.path)
    assert scan.returncode == 0, scan.stdout + scan.stderr
    assert "1 suppressed: 1 baseline" in scan.stderr

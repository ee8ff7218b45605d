"""Small things a user meets first: help text, colour in CI logs, counted words."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key
from vpkscan.cli.color import use_color
from vpkscan.model import ScanMode, ScanResult, Skipped, SkipReason, Summary
from vpkscan.report.summary import SKIPPED_PLURALS, render_summary

ANSI = "\033["


def test_help_names_the_output_path_and_jobs_zero(tmp_path: Path) -> None:
    help_text = " ".join(run_vpkscan("scan", "--help", cwd=tmp_path).stdout.split())
    assert "-o, --output PATH" in help_text
    assert "0 (the default): one per available CPU" in help_text


def _leak(repo: Repo) -> None:
    repo.write("server/app.py", f"KEY = '{live_key('colour-env')}'\n")
    repo.add()


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        ({}, False),
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": ""}, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ],
    ids=["piped", "force-color", "empty-force-color", "no-color-wins"],
)
def test_force_color_colours_a_piped_report(
    repo: Repo, env: dict[str, str], coloured: bool
) -> None:
    _leak(repo)
    result = run_vpkscan("scan", cwd=repo.path, env=env)
    assert result.returncode == 1, result.stderr
    assert (ANSI in result.stdout) is coloured


def test_force_color_never_colours_a_report_file(repo: Repo, tmp_path: Path) -> None:
    _leak(repo)
    report = tmp_path / "report.txt"
    result = run_vpkscan("scan", "-o", str(report), cwd=repo.path, env={"FORCE_COLOR": "1"})
    assert result.returncode == 1, result.stderr
    assert "VPK005" in report.read_text() and ANSI not in report.read_text()


def test_force_color_reaches_the_hook(repo: Repo) -> None:
    _leak(repo)
    plain = run_vpkscan("hook", "server/app.py", cwd=repo.path)
    forced = run_vpkscan("hook", "server/app.py", cwd=repo.path, env={"FORCE_COLOR": "1"})
    assert plain.returncode == forced.returncode == 1
    assert ANSI not in plain.stdout and ANSI in forced.stdout


@pytest.mark.parametrize(
    ("choice", "env", "expected"),
    [
        ("always", {"NO_COLOR": "1"}, True),
        ("never", {"FORCE_COLOR": "1"}, False),
        ("auto", {"FORCE_COLOR": "yes"}, True),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ],
)
def test_color_choice_and_environment(choice: str, env: dict[str, str], expected: bool) -> None:
    assert use_color(choice, None, env) is expected


def _skipping(*reasons: SkipReason) -> ScanResult:
    skipped = tuple(Skipped(f"f{i}", reason) for i, reason in enumerate(reasons))
    return ScanResult((), Summary(ScanMode.TREE, os.sep, 5, 10, skipped=skipped))


def test_skipped_files_are_counted_in_words_that_agree() -> None:
    links = render_summary(_skipping(*[SkipReason.SYMLINK] * 4, SkipReason.SUBMODULE))
    assert "skipped 4 symbolic links (not followed), 1 submodule (gitlink)" in links
    assert "4 symbolic link " not in links


def test_every_skip_reason_has_its_plural() -> None:
    assert set(SKIPPED_PLURALS) == set(SkipReason)

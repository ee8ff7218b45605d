"""Report-only runs and the hints for words that vpkscan does not know."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Repo, invoke, run_vpkscan
from tests.keys import live_key


@pytest.fixture(autouse=True)
def _no_enclosing_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


def _leaky(repo: Repo) -> Repo:
    repo.write(".env", f"VIBEPEAK_API_KEY={live_key('report-only')}\n")
    repo.add()
    return repo


@pytest.mark.parametrize("args", [["--fail-on", "none"], ["--fail-on", "NONE"], ["--exit-zero"]])
def test_report_only_runs_report_the_findings_and_exit_0(repo: Repo, args: list[str]) -> None:
    _leaky(repo)
    result = invoke("scan", "-f", "json", *args, cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert [f["rule_id"] for f in result.json()["findings"]] == ["VPK004"]
    assert invoke("scan", "-f", "json", cwd=repo.path).returncode == 1


def test_report_only_runs_still_exit_2_on_errors(repo: Repo) -> None:
    _leaky(repo)
    result = run_vpkscan("scan", "--exit-zero", "--baseline", "missing.json", cwd=repo.path)
    assert result.returncode == 2
    assert "baseline not found" in result.stderr


def test_fail_on_none_overrides_the_configuration(repo: Repo) -> None:
    _leaky(repo)
    repo.write(".vpkscan.toml", 'fail-on = "low"\n')
    assert run_vpkscan("scan", "--fail-on", "none", cwd=repo.path).returncode == 0


def test_redact_says_redaction_is_the_default(tmp_path: Path) -> None:
    result = invoke("scan", "--redact", cwd=tmp_path)
    assert result.returncode == 2
    [error] = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert "redacted by default" in error and "--show-secrets" in error
    assert "--format" not in error


def test_a_misspelt_option_keeps_clicks_suggestion(tmp_path: Path) -> None:
    result = invoke("scan", "--show-secret", cwd=tmp_path)
    assert result.returncode == 2
    assert "Did you mean '--show-secrets'?" in result.stderr


def test_a_misspelt_command_gets_did_you_mean(tmp_path: Path) -> None:
    result = run_vpkscan("scna", cwd=tmp_path)
    assert result.returncode == 2
    assert "No such command 'scna'. Did you mean 'scan'?" in result.stderr
    unknown = run_vpkscan("zzzz", cwd=tmp_path)
    assert unknown.returncode == 2
    assert "No such command 'zzzz'." in unknown.stderr and "Did you mean" not in unknown.stderr

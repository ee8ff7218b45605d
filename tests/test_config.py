"""Configuration: discovery, precedence command line > file > defaults, validation errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Repo, run_vpkscan
from tests.keys import live_key, test_key


def _repo_with_keys(repo: Repo) -> None:
    repo.write("app/settings.py", f'KEY = "{live_key("cfg1")}"\n')
    repo.write("vendor/lib.py", f'KEY = "{live_key("cfg2")}"\n')
    repo.write("docs/example.md", f"use `{test_key('cfg3')}` in the sandbox\n")
    repo.add()


def _paths(result: object) -> list[str]:
    return [f["path"] for f in result.json()["findings"]]  # type: ignore[attr-defined]


def test_vpkscan_toml_excludes_and_sets_fail_on(repo: Repo) -> None:
    _repo_with_keys(repo)
    repo.write(".vpkscan.toml", 'extend-exclude = ["vendor/"]\nfail-on = "critical"\n')
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert _paths(result) == ["app/settings.py", "docs/example.md"]
    assert result.returncode == 0  # only high and low findings, fail-on critical
    assert "excluded by configuration" in result.stderr


def test_command_line_beats_file(repo: Repo) -> None:
    _repo_with_keys(repo)
    repo.write(".vpkscan.toml", 'fail-on = "critical"\n')
    result = run_vpkscan("scan", "--fail-on", "low", cwd=repo.path)
    assert result.returncode == 1


def test_pyproject_table_is_found_from_a_subfolder(repo: Repo) -> None:
    _repo_with_keys(repo)
    repo.write("pyproject.toml", '[project]\nname = "x"\n\n[tool.vpkscan]\nexclude = ["docs/"]\n')
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path / "app")
    assert _paths(result) == ["app/settings.py", "vendor/lib.py"]


def test_vpkscan_toml_wins_over_pyproject(repo: Repo) -> None:
    _repo_with_keys(repo)
    repo.write("pyproject.toml", '[tool.vpkscan]\nexclude = ["docs/"]\n')
    repo.write(".vpkscan.toml", 'exclude = ["app/"]\n')
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert _paths(result) == ["docs/example.md", "vendor/lib.py"]


def test_explicit_config_file(repo: Repo, tmp_path: Path) -> None:
    _repo_with_keys(repo)
    other = tmp_path / "strict.toml"
    other.write_text('exclude = ["app/", "vendor/"]\n')
    result = run_vpkscan("scan", "--config", str(other), "--format", "json", cwd=repo.path)
    assert _paths(result) == ["docs/example.md"]


def test_command_line_exclude_extends_file(repo: Repo) -> None:
    _repo_with_keys(repo)
    repo.write(".vpkscan.toml", 'extend-exclude = ["vendor/"]\n')
    result = run_vpkscan("scan", "--exclude", "docs/*.md", "--format", "json", cwd=repo.path)
    assert _paths(result) == ["app/settings.py"]


def test_disabled_rule_and_severity_override(repo: Repo) -> None:
    repo.write("app/settings.py", f'KEY = "{live_key("sev")}"\n')
    repo.write(".env.development", f"VIBEPEAK_API_KEY={live_key('sev2')}\n")
    repo.add()
    repo.write(".vpkscan.toml", 'disable = ["VPK008"]\n[severity]\nVPK005 = "low"\n')
    result = run_vpkscan("scan", "--format", "json", "--fail-on", "medium", cwd=repo.path)
    rules = {(f["rule_id"], f["severity"]) for f in result.json()["findings"]}
    assert rules == {("VPK005", "low"), ("VPK004", "high")}
    assert "rules disabled: VPK008" in result.stderr


def test_config_command_shows_sources(repo: Repo) -> None:
    repo.write(".vpkscan.toml", 'fail-on = "high"\n')
    result = run_vpkscan("config", "--jobs", "3", cwd=repo.path)
    assert result.returncode == 0
    lines = {line.split(" = ")[0]: line for line in result.stdout.splitlines()}
    assert lines["fail-on"].endswith(str(repo.path / ".vpkscan.toml"))
    assert '"high"' in lines["fail-on"]
    assert lines["jobs"].startswith("jobs = 3") and lines["jobs"].endswith("# command line")
    assert lines["exclude"].endswith("# default")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('exlude = ["x"]\n', "unknown key 'exlude' (did you mean 'exclude'?)"),
        ('fail_on = "high"\n', "unknown key 'fail_on' (did you mean 'fail-on'?)"),
        (
            'fail-on = "urgent"\n',
            "fail-on: expected one of low, medium, high, critical, got 'urgent'",
        ),
        ('exclude = "vendor"\n', "exclude: expected a list of strings, got 'vendor'"),
        ("jobs = -1\n", "jobs: expected a whole number of at least 0, got -1"),
        ("inline-allow = 1\n", "inline-allow: expected true or false, got 1"),
        ('max-file-size = "lots"\n', "max-file-size: expected a size in bytes"),
        ('exclude = ["a\\\\"]\n', "exclude: bad pattern"),
        ('disable = ["VPK05"]\n', "disable: unknown rule 'VPK05' (did you mean 'VPK005'?)"),
        ('[severity]\nVPK005 = "loud"\n', "severity.VPK005: expected one of"),
        ('[environments]\n"deploy/qa" = "qa"\n', "environments.deploy/qa: expected one of"),
        ("fail-on = [\n", "invalid TOML"),
    ],
)
def test_invalid_configuration_is_exit_2_with_file_and_key(
    repo: Repo, content: str, expected: str
) -> None:
    repo.write("a.txt", "nothing\n")
    repo.add()
    config = repo.write(".vpkscan.toml", content)
    result = run_vpkscan("scan", cwd=repo.path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert str(config) in line
    assert expected in line


def test_missing_explicit_config_is_exit_2(repo: Repo) -> None:
    result = run_vpkscan("scan", "--config", "nope.toml", cwd=repo.path)
    assert result.returncode == 2
    assert "configuration file not found" in result.stderr


def test_max_file_size_skips_with_a_note(repo: Repo) -> None:
    repo.write("big.txt", "x" * 5000 + live_key("big") + "\n")
    repo.write("small.txt", live_key("small") + "\n")
    repo.add()
    repo.write(".vpkscan.toml", 'max-file-size = "4KB"\n')
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert _paths(result) == ["small.txt"]
    assert "1 larger than max-file-size" in result.stderr


def test_environment_override_and_extra_prefix(repo: Repo) -> None:
    repo.write("deploy/qa/app.yaml", f"env:\n  MYCO_PUBLIC_KEY: {live_key('qa')}\n")
    repo.add()
    repo.write(
        ".vpkscan.toml",
        'public-prefixes = ["MYCO_PUBLIC_"]\n[environments]\n"deploy/qa" = "staging"\n',
    )
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    rules = sorted(f["rule_id"] for f in result.json()["findings"])
    assert rules == ["VPK001", "VPK008"]

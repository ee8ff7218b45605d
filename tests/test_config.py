"""Configuration: discovery, precedence command line > file > defaults, validation errors,
and the settings table every one of those is derived from."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Repo, run_vpkscan
from tests.keys import live_key, test_key
from vpkscan.config.build import effective, to_config
from vpkscan.config.kinds import SECONDS, ConfigError
from vpkscan.config.loader import ConfigFile, load
from vpkscan.config.resolve import settings_from
from vpkscan.config.schema import Config, ContextSettings, VerifySettings
from vpkscan.config.settings import BY_KEY, SETTINGS, Setting
from vpkscan.model import Environment, RuleId, Severity


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


# --- the settings table: one declaration per setting ------------------------------------


def _raw(setting: Setting[Any], value: Any) -> Any:
    """``value`` as ``vpkscan config`` prints it, read back as a configuration file would."""
    return tomllib.loads(f"{setting.key} = {setting.render(value)}")[setting.key]


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.key)
def test_each_default_is_shown_as_toml_that_converts_back(
    setting: Setting[Any], tmp_path: Path
) -> None:
    if setting.default is None:
        assert setting.render(None) is None  # printed as a comment, never as ""
        return
    assert setting.convert(_raw(setting, setting.default), "x.toml", tmp_path) == setting.default


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.key)
def test_each_conversion_rejects_a_value_of_the_wrong_type(
    setting: Setting[Any], tmp_path: Path
) -> None:
    # A duration may be fractional: a string is its wrong type.
    wrong: Any = "1.5" if setting.kind is SECONDS else 1.5
    with pytest.raises(ConfigError) as error:
        setting.convert(wrong, "x.toml", tmp_path)
    assert str(error.value).startswith(f"x.toml: {setting.key}: expected ")
    assert str(error.value).endswith(f", got {wrong!r}")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("jobs", -1, "x.toml: jobs: expected a whole number of at least 0, got -1"),
        ("jobs", True, "x.toml: jobs: expected a whole number of at least 0, got True"),
        ("inline-allow", "yes", "x.toml: inline-allow: expected true or false, got 'yes'"),
        ("exclude", ["a/", 3], "x.toml: exclude: expected a list of strings, got ['a/', 3]"),
        ("max-file-size", 0, 'x.toml: max-file-size: expected a size in bytes (1048576 or "1MiB")'),
        ("baseline", "", "x.toml: baseline: expected a file path, got ''"),
        ("disable", ["VPK05"], "x.toml: disable: unknown rule 'VPK05' (did you mean 'VPK005'?)"),
        ("severity", {"VPK005": "loud"}, "x.toml: severity.VPK005: expected one of low, medium"),
        ("severity", {"VPK05": "low"}, "x.toml: severity: unknown rule 'VPK05'"),
        ("environments", {"deploy/qa": "qa"}, "x.toml: environments.deploy/qa: expected one of"),
        ("client-paths", ["a\\"], "x.toml: client-paths: bad pattern 'a\\\\'"),
        ("verify-concurrency", 0, "x.toml: verify-concurrency: expected a whole number from 1"),
        ("verify-timeout", 0, "x.toml: verify-timeout: expected a number of seconds above 0"),
        ("verify-time-limit", True, "x.toml: verify-time-limit: expected a number of seconds"),
        ("api-base", "http://api.vibepeak.ai", "x.toml: api-base: plain http:// is refused"),
        ("api-base", "https://u:p@h.example", "x.toml: api-base: a user name or password"),
    ],
)
def test_conversion_errors_name_the_origin_and_key(
    key: str, value: Any, message: str, tmp_path: Path
) -> None:
    with pytest.raises(ConfigError) as error:
        BY_KEY[key].convert(value, "x.toml", tmp_path)
    assert str(error.value).startswith(message)


@pytest.mark.parametrize(
    ("key", "value", "typed"),
    [
        ("fail-on", "HIGH", Severity.HIGH),
        ("max-file-size", "4KiB", 4096),
        ("max-file-size", "10MB", 10_000_000),
        ("baseline", "sub/bl.json", "sub/bl.json"),
        ("disable", ["vpk008", "VPK001"], frozenset({RuleId("VPK008"), RuleId("VPK001")})),
        ("environments", {"/deploy/qa/": "staging"}, (("deploy/qa", Environment.STAGING),)),
        ("severity", {"vpk005": "Low"}, ((RuleId("VPK005"), Severity.LOW),)),
    ],
)
def test_conversion_types_raw_values(key: str, value: Any, typed: Any, tmp_path: Path) -> None:
    if key == "baseline":
        typed = (tmp_path / typed).resolve()  # relative to the folder of the file
    assert BY_KEY[key].convert(value, "x.toml", tmp_path) == typed


def test_command_line_values_pass_the_same_conversion(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^--exclude: exclude: bad pattern 'a\\\\'"):
        settings_from(cwd=tmp_path, root=tmp_path, exclude=("a\\",))
    settings = settings_from(cwd=tmp_path, root=tmp_path, fail_on="HIGH", baseline=Path("b.json"))
    assert settings.values["fail-on"] is Severity.HIGH
    assert settings.values["baseline"] == (tmp_path / "b.json").resolve()


def test_the_defaults_build_the_default_config() -> None:
    assert to_config(effective(ConfigFile(None, {}), {})) == Config()


def test_every_config_field_is_set_by_a_declared_setting() -> None:
    wanted = {f.name for f in fields(Config)} - {"context", "limits", "verify"}
    wanted |= {f"context.{f.name}" for f in fields(ContextSettings)}
    wanted |= {f"verify.{f.name}" for f in fields(VerifySettings)}
    assert {setting.field for setting in SETTINGS} == wanted
    assert len(BY_KEY) == len(SETTINGS)


def test_config_command_prints_every_setting_with_its_default(repo: Repo) -> None:
    result = run_vpkscan("config", cwd=repo.path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert [line.removeprefix("# ").split(" = ")[0] for line in lines] == [s.key for s in SETTINGS]
    for setting, line in zip(SETTINGS, lines, strict=True):
        shown, source = line.rsplit("  # ", 1)
        rendered = setting.render(setting.default)
        expected = (
            f"# {setting.key} = (not set)" if rendered is None else f"{setting.key} = {rendered}"
        )
        assert shown.rstrip() == expected
        assert source == "default"


def test_config_command_output_of_the_defaults_reads_back(repo: Repo, tmp_path: Path) -> None:
    result = run_vpkscan("config", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    printed = tmp_path / ".vpkscan.toml"
    printed.write_text(result.stdout, encoding="utf-8")
    unset = {s.key for s in SETTINGS if s.default is None}
    assert unset == {"baseline", "max-file-size"}
    assert set(tomllib.loads(result.stdout)) == set(BY_KEY) - unset
    assert run_vpkscan("config", "--config", str(printed), cwd=repo.path).returncode == 0
    assert run_vpkscan("scan", "--config", str(printed), cwd=repo.path).returncode == 0


def test_config_command_says_a_configured_baseline_is_not_there_yet(repo: Repo) -> None:
    repo.write(".vpkscan.toml", 'baseline = "accepted.json"\n')
    result = run_vpkscan("config", cwd=repo.path)
    [line] = [line for line in result.stdout.splitlines() if line.startswith("baseline = ")]
    assert line.endswith("(not present yet: scans run without a baseline)")


def test_config_command_output_is_a_configuration_that_reads_back(
    repo: Repo, tmp_path: Path
) -> None:
    original = repo.write(
        ".vpkscan.toml",
        'exclude = ["a/"]\nextend-exclude = ["vendor/"]\nfail-on = "High"\n'
        'baseline = "bl.json"\nmax-file-size = "4KiB"\njobs = 2\ninline-allow = false\n'
        'public-prefixes = ["MYCO_"]\nclient-paths = ["web/"]\nmobile-paths = ["app/"]\n'
        'server-paths = ["srv/"]\nenv-files = [".conf"]\ndisable = ["vpk008", "VPK001"]\n'
        'verify = true\napi-base = "http://127.0.0.1:8080/"\nverify-concurrency = 2\n'
        "verify-timeout = 2.5\nverify-time-limit = 30\nfail-on-active = true\n"
        '[environments]\n"deploy/qa/" = "staging"\n[severity]\nVPK005 = "low"\n',
    )
    result = run_vpkscan("config", cwd=repo.path)
    assert result.returncode == 0
    printed = tmp_path / "printed.toml"
    printed.write_text(result.stdout, encoding="utf-8")
    assert set(tomllib.loads(result.stdout)) == set(BY_KEY)
    assert load(printed).values == load(original).values

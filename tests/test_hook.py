"""``vpkscan hook`` (pre-commit mode) end to end: it reads the index, not the working tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import Repo, Run, run_vpkscan
from tests.keys import live_key
from tests.keys import test_key as sandbox_key
from vpkscan.cli.hook import parse
from vpkscan.model import (
    CommitInfo,
    Exposure,
    Finding,
    KeyMode,
    RuleId,
    ScanMode,
    ScanResult,
    Severity,
    Summary,
)
from vpkscan.report import RenderOptions
from vpkscan.report.hook import render


def hook(repo: Repo, *args: str, env: dict[str, str] | None = None) -> Run:
    result = run_vpkscan("hook", *args, cwd=repo.path, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def settings(key: str) -> str:
    return f'import os\n\nDEBUG = False\nAPI_KEY = "{key}"\n'


@pytest.fixture
def committed(repo: Repo) -> Repo:
    """A repository with one clean commit."""
    repo.commit_files(
        {"app/settings.py": settings("os.environ['VIBEPEAK_API_KEY']"), "README.md": "# demo\n"},
        "initial",
    )
    return repo


def test_staged_key_blocks_with_short_actionable_report(committed: Repo) -> None:
    key = live_key("staged")
    committed.write("app/settings.py", settings(key))
    committed.add("app/settings.py")
    result = hook(committed)
    assert result.returncode == 1
    out = result.stdout
    assert "app/settings.py:4" in out
    assert "VPK005 hardcoded-key" in out
    assert key[:13] + "…" in out
    assert key not in out and key not in result.stderr
    assert "fix: rotate the key" in out
    assert "leak stage: only staged, never committed: editing the file" in out
    assert "How to proceed:" in out
    assert "environment variable" in out
    assert "vpkscan:allow VPK005 -- <reason>" in out and "baseline" in out
    assert "the commit is blocked" in out


def test_clean_staged_change_passes_silently(committed: Repo) -> None:
    committed.write("app/views.py", "def index():\n    return 'ok'\n")
    committed.add()
    result = hook(committed)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_key_staged_then_deleted_from_working_tree_is_caught(committed: Repo) -> None:
    key = live_key("deleted")
    committed.write("config/prod.yaml", f"vibepeak:\n  key: {key}\n")
    committed.add()
    os.remove(committed.path / "config/prod.yaml")
    result = hook(committed)
    assert result.returncode == 1
    assert "config/prod.yaml:2" in result.stdout
    assert hook(committed, "config/prod.yaml").returncode == 1


def test_key_only_in_unstaged_edit_is_not_reported(committed: Repo) -> None:
    committed.write("app/views.py", "def index():\n    return 'ok'\n")
    committed.add()
    committed.write("app/views.py", f"KEY = '{live_key('unstaged')}'\n")
    result = hook(committed)
    assert result.returncode == 0, result.stdout
    assert hook(committed, "app/views.py").returncode == 0
    # The working-tree scan does see it: the hook really reads the index.
    assert run_vpkscan("scan", cwd=committed.path).returncode == 1


def test_staged_key_with_clean_working_copy_is_caught(committed: Repo) -> None:
    key = live_key("partial")
    committed.write("app/views.py", f"KEY = '{key}'\n")
    committed.add()
    committed.write("app/views.py", "KEY = os.environ['VIBEPEAK_API_KEY']\n")
    result = hook(committed, "app/views.py")
    assert result.returncode == 1
    assert "app/views.py:1" in result.stdout


def test_renamed_file_with_key_is_scanned(committed: Repo) -> None:
    key = live_key("renamed")
    committed.commit_files({"old_name.txt": f"token={key}\n"}, "add")
    (committed.path / "docs").mkdir()
    committed.git("mv", "old_name.txt", "docs/new_name.txt")
    result = hook(committed)
    assert result.returncode == 1
    assert "docs/new_name.txt:1" in result.stdout
    # The key came along from the committed file: the rename does not make it new.
    assert "already in a local commit" in result.stdout
    committed.write("docs/new_name.txt", f"token={live_key('renamed-new')}\n")
    committed.add()
    result = hook(committed)
    assert result.returncode == 1
    assert "only staged, never committed" in result.stdout


def test_binary_file_with_key_is_scanned(committed: Repo) -> None:
    key = live_key("binary")
    committed.write("assets/blob.bin", b"\x00\x01\xff" * 50 + key.encode() + b"\x00\xfe")
    committed.add()
    result = hook(committed)
    assert result.returncode == 1
    assert "assets/blob.bin:1" in result.stdout


def test_staged_deletion_is_ignored(repo: Repo) -> None:
    repo.commit_files({"leak.txt": f"{live_key('gone')}\n"}, "leak")
    repo.git("rm", "-q", "leak.txt")
    assert hook(repo).returncode == 0


def test_repository_without_commits(repo: Repo) -> None:
    repo.write("clean.txt", "hello\n")
    repo.add()
    assert hook(repo).returncode == 0
    repo.write(".env", f"VIBEPEAK_API_KEY={live_key('first')}\n")
    repo.add()
    result = hook(repo)
    assert result.returncode == 1
    assert ".env:1" in result.stdout and "VPK004" in result.stdout
    assert "only staged, never committed" in result.stdout


def test_nothing_staged_passes(committed: Repo) -> None:
    assert hook(committed).returncode == 0


def test_named_files_are_read_from_the_index_even_when_unchanged(committed: Repo) -> None:
    """``pre-commit run --all-files`` passes every tracked file."""
    committed.commit_files({"notes.txt": f"{live_key('old')}\n"}, "old leak")
    assert hook(committed).returncode == 0  # nothing staged
    result = hook(committed, "notes.txt", "README.md")
    assert result.returncode == 1
    assert "already in a local commit" in result.stdout


def test_named_untracked_file_is_read_from_disk(committed: Repo) -> None:
    committed.write("scratch.txt", f"{live_key('scratch')}\n")
    result = hook(committed, "scratch.txt")
    assert result.returncode == 1
    assert "scratch.txt:1" in result.stdout


def test_exclude_applies_to_named_files(committed: Repo) -> None:
    committed.write("fixtures/recorded.json", f'{{"key": "{live_key("fixture")}"}}\n')
    committed.add()
    assert hook(committed, "fixtures/recorded.json").returncode == 1
    assert hook(committed, "--exclude", "fixtures/", "fixtures/recorded.json").returncode == 0
    assert hook(committed, "--exclude=*.json").returncode == 0
    assert hook(committed, "--exclude", "other/").returncode == 1


def test_configuration_excludes_and_fail_on_apply_to_the_hook(committed: Repo) -> None:
    committed.write("fixtures/recorded.json", f'{{"key": "{live_key("cfg-fixture")}"}}\n')
    committed.write("tests/fixture.py", f"K = '{sandbox_key('cfg-low')}'\n")
    committed.add()
    assert hook(committed, "fixtures/recorded.json").returncode == 1
    committed.write(".vpkscan.toml", 'extend-exclude = ["fixtures/"]\nfail-on = "high"\n')
    assert hook(committed, "fixtures/recorded.json", "tests/fixture.py").returncode == 0
    assert hook(committed).returncode == 0
    # The command line still wins over the file.
    assert hook(committed, "--fail-on", "low", "tests/fixture.py").returncode == 1


def test_baseline_entries_let_the_commit_through(committed: Repo) -> None:
    committed.write("app/legacy.py", f"K = '{live_key('legacy')}'\n")
    committed.add()
    assert run_vpkscan("baseline", "create", cwd=committed.path).returncode == 0
    assert hook(committed, "app/legacy.py").returncode == 0
    committed.write("app/new.py", f"K = '{live_key('new-in-hook')}'\n")
    committed.add()
    result = hook(committed)
    assert result.returncode == 1
    assert "app/new.py:1" in result.stdout and "app/legacy.py" not in result.stdout


def test_files_named_from_a_subdirectory(committed: Repo) -> None:
    committed.write("app/keys.py", f"K = '{live_key('sub')}'\n")
    committed.add()
    result = run_vpkscan("hook", "keys.py", cwd=committed.path / "app")
    assert result.returncode == 1
    assert "app/keys.py:1" in result.stdout


@pytest.mark.parametrize("skip", ["vpkscan", "flake8, vpkscan", "vpkscan,mypy"])
def test_skip_environment_variable(committed: Repo, skip: str) -> None:
    committed.write("app/keys.py", f"K = '{live_key('skip')}'\n")
    committed.add()
    result = hook(committed, env={"SKIP": skip})
    assert result.returncode == 0
    assert "skipped" in result.stderr
    assert hook(committed, env={"SKIP": "vpkscan-push"}).returncode == 1


def test_fail_on_lets_low_findings_through(committed: Repo) -> None:
    committed.write("tests/fixture.py", f"K = '{sandbox_key('low')}'\n")
    committed.add()
    assert hook(committed).returncode == 1
    result = hook(committed, "--fail-on", "high")
    assert result.returncode == 0
    assert "not blocking" in result.stdout


def test_leak_stage_pushed(committed: Repo, tmp_path: Path) -> None:
    key = live_key("pushed")
    committed.commit_files({"app/settings.py": settings(key)}, "leak")
    remote = tmp_path / "remote.git"
    committed.git("init", "-q", "--bare", str(remote))
    committed.git("remote", "add", "origin", str(remote))
    committed.git("push", "-q", "origin", "main")
    committed.write("app/settings.py", settings(key) + "TIMEOUT = 3\n")
    committed.add()
    result = hook(committed)
    assert result.returncode == 1
    assert "leak stage: already pushed: rotate the key now" in result.stdout
    assert "rotate every key marked as already pushed now" in result.stdout


def test_usage_errors_exit_2(committed: Repo, tmp_path: Path) -> None:
    for args in (["--fail-on", "loud"], ["--bogus"], ["--exclude"], ["--push", "a", "b", "c"]):
        result = hook(committed, *args)
        assert result.returncode == 2, args
        assert result.stderr.startswith("vpkscan: error:"), result.stderr
    outside = tmp_path / "plain"
    outside.mkdir()
    result = run_vpkscan("hook", cwd=outside, env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.returncode == 2
    assert "not inside a git repository" in result.stderr


def test_help(committed: Repo) -> None:
    result = hook(committed, "--help")
    assert result.returncode == 0
    assert "Usage: vpkscan hook" in result.stdout and "SKIP=vpkscan" in result.stdout
    listed = run_vpkscan("--help", cwd=committed.path)
    for command in ("hook", "install-hook", "uninstall-hook"):
        assert command in listed.stdout


def test_hook_through_the_click_group(committed: Repo) -> None:
    """``vpkscan --debug hook`` goes through click and reaches the same command."""
    committed.write("app/keys.py", f"K = '{live_key('click')}'\n")
    committed.add()
    result = run_vpkscan("--debug", "hook", cwd=committed.path)
    assert result.returncode == 1
    assert "app/keys.py:1" in result.stdout


#: What a clean commit must not load: the CLI framework, GitPython, HTTP, worker pools,
#: report formats, and the engine, configuration and classifier (loaded only for a key).
HEAVY = (
    "click",
    "git",  # GitPython
    "http.client",
    "urllib.request",
    "httpx",
    "vpkscan.verify",
    "multiprocessing",
    "vpkscan.engine",
    "tomllib",  # read only when a configuration file exists
    "vpkscan.context.classifier",
    "vpkscan.report",
    "vpkscan.report.sarif",
    "vpkscan.report.html",
    # A clean commit is proven clean by the byte prefilter, before the data model loads.
    "dataclasses",
    "vpkscan.model",
    "vpkscan.detect.detector",
)


def imported_modules(cwd: Path, *args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "vpkscan", "hook", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {
        line.rsplit("|", 1)[1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }


def test_clean_commit_imports_only_what_the_hook_needs(committed: Repo) -> None:
    committed.write("app/views.py", "def index():\n    return 'ok'\n")
    committed.add()
    for args in ((), ("app/views.py",)):
        modules = imported_modules(committed.path, *args)
        assert "vpkscan.detect.prefilter" in modules  # the prefilter did run
        assert not modules & set(HEAVY), modules & set(HEAVY)


def test_parse_options() -> None:
    args = parse(["--fail-on=HIGH", "--exclude", "a/", "--exclude=*.min.js", "x.py", "--", "-y"])
    assert args.fail_on == "high"
    assert args.exclude == ("a/", "*.min.js")
    assert args.args == ("x.py", "-y")
    assert not args.push
    assert parse(["--push", "origin", "url"]).push
    assert parse(["-h"]).help


def test_allow_comment_naming_the_rule_lets_the_commit_through(committed: Repo) -> None:
    key = live_key("allowed")
    committed.write("app/recorded.py", f"K = '{key}'  # vpkscan:allow VPK005 -- recorded fixture\n")
    committed.add()
    result = hook(committed)
    assert (result.returncode, result.stdout) == (0, "")
    committed.write("app/recorded.py", f"K = '{key}'  # vpkscan:allow VPK001 -- wrong rule\n")
    committed.add()
    assert hook(committed).returncode == 1


def test_report_renderer_errors_and_colour() -> None:
    key = live_key("render")
    finding = Finding(
        rule=RuleId.VPK003,
        severity=Severity.CRITICAL,
        key=key,
        key_mode=KeyMode.LIVE,
        path="web/app.jsx",
        line=7,
        column=3,
        message="m",
        commit=CommitInfo("ab" * 20, "A <a@example.invalid>", "2026-01-02T03:04:05+00:00"),
        exposure=Exposure.LOCAL,
    )
    summary = Summary(ScanMode.RANGE, "/r", 1, 10, errors=("big.bin: cannot read",))
    text = render(
        ScanResult((finding,), summary), RenderOptions(color=True), push=True, blocked=True
    )
    assert "\033[" in text and key not in text
    assert "web/app.jsx:7" in text and "VPK003 client-side-code" in text
    assert f"in local commit {'ab' * 6}, not pushed yet" in text
    assert "vpkscan: error: big.bin: cannot read" in text
    assert "the push is blocked" in text and "rewrite the commits" in text
    clean = ScanResult((), Summary(ScanMode.STAGED, "/r", 3, 30))
    assert render(clean, RenderOptions(), push=False, blocked=False) == ""

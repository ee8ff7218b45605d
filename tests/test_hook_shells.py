"""The native hooks are POSIX sh: they run under dash and busybox sh as under Git for
Windows' sh, without the executable bit, and find vpkscan when the interpreter they were
installed with is gone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key
from vpkscan.hooks.install import HOOK_NAMES, script

SHELLS = [
    pytest.param(["sh"], id="sh"),
    pytest.param(
        ["dash"], id="dash", marks=pytest.mark.skipif(not shutil.which("dash"), reason="no dash")
    ),
    pytest.param(
        ["busybox", "sh"],
        id="busybox",
        marks=pytest.mark.skipif(not shutil.which("busybox"), reason="no busybox"),
    ),
]


def _staged_key(repo: Repo) -> None:
    repo.commit_files({"README.md": "hello\n"}, "initial")
    repo.write("app/settings.py", f"KEY = '{live_key('shell')}'\n")
    repo.add()


def _run_hook(repo: Repo, shell: list[str], path: str) -> subprocess.CompletedProcess[str]:
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    hook.chmod(0o644)  # as on Windows: git runs the hook with sh, whatever its mode
    return subprocess.run(
        [*shell, str(hook)],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PATH": path},
    )


@pytest.mark.parametrize("shell", SHELLS)
def test_the_installed_hook_runs_under_each_sh(repo: Repo, shell: list[str]) -> None:
    assert run_vpkscan("install-hook", cwd=repo.path).returncode == 0
    _staged_key(repo)
    blocked = _run_hook(repo, shell, os.environ["PATH"])
    assert blocked.returncode == 1, blocked.stderr
    assert "app/settings.py:1" in blocked.stdout + blocked.stderr


def _interpreter_gone(repo: Repo) -> None:
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    hook.write_text(script("pre-commit", str(repo.path / "gone" / "python.exe")))


@pytest.mark.parametrize("shell", SHELLS)
def test_without_its_interpreter_the_hook_finds_a_python_with_vpkscan(
    repo: Repo, tmp_path: Path, shell: list[str]
) -> None:
    _staged_key(repo)
    _interpreter_gone(repo)
    # No vpkscan command on PATH, only a python3 that can import it.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "python3"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    shim.chmod(0o755)
    git_dir = Path(shutil.which("git") or "/usr/bin/git").parent
    path = os.pathsep.join([str(bin_dir), str(git_dir), "/usr/bin", "/bin"])
    blocked = _run_hook(repo, shell, path)
    assert blocked.returncode == 1, blocked.stderr
    assert "app/settings.py:1" in blocked.stdout + blocked.stderr


def test_without_any_vpkscan_the_hook_says_so(repo: Repo, tmp_path: Path) -> None:
    _staged_key(repo)
    _interpreter_gone(repo)
    blocked = _run_hook(repo, ["sh"], "/usr/bin:/bin")
    assert blocked.returncode == 1
    assert "vpkscan: not found" in blocked.stderr and "uninstall-hook" in blocked.stderr


@pytest.mark.parametrize("name", HOOK_NAMES)
def test_shellcheck_finds_the_hooks_posix(tmp_path: Path, name: str) -> None:
    shellcheck = shutil.which("shellcheck") or str(Path(sys.executable).with_name("shellcheck"))
    if not Path(shellcheck).exists():
        pytest.skip("shellcheck is not installed")
    hook = tmp_path / name
    hook.write_text(script(name, "C:\\Program Files\\Python312\\python.exe"))
    lint = subprocess.run(
        [shellcheck, "--shell=sh", "--severity=style", str(hook)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout


def test_hooks_are_written_with_lf_and_no_env_lookup() -> None:
    for name in HOOK_NAMES:
        text = script(name, "/usr/bin/python3")
        assert text.startswith("#!/bin/sh\n") and "\r" not in text
        assert "/usr/bin/env" not in text and "[ -x" not in text

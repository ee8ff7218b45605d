"""``vpkscan install-hook``/``uninstall-hook``, and the native hooks under real git."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.helpers import Repo, Run, run_vpkscan
from tests.keys import live_key
from vpkscan.hooks.install import MARKER, script


def vpkscan(repo: Repo, *args: str) -> Run:
    result = run_vpkscan(*args, cwd=repo.path)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def git(
    repo: Repo, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """git with its exit code and output, for commands that a hook may refuse."""
    return subprocess.run(
        ["git", *args],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def hooks(repo: Repo) -> Path:
    return repo.path / ".git" / "hooks"


@pytest.fixture
def installed(repo: Repo) -> Repo:
    repo.commit_files(
        {"app/settings.py": "import os\nKEY = os.environ['VIBEPEAK_API_KEY']\n"}, "initial"
    )
    result = vpkscan(repo, "install-hook", "--pre-push")
    assert result.returncode == 0, result.stderr
    return repo


def test_install_writes_executable_marked_hooks(installed: Repo) -> None:
    for name in ("pre-commit", "pre-push"):
        path = hooks(installed) / name
        assert path.stat().st_mode & stat.S_IXUSR
        assert MARKER in path.read_text()
    assert "installed pre-commit hook" not in vpkscan(installed, "install-hook").stderr
    assert "updated pre-commit hook" in vpkscan(installed, "install-hook").stderr


def test_native_hook_blocks_a_commit_with_a_key_and_allows_it_once_removed(
    installed: Repo,
) -> None:
    key = live_key("native")
    installed.write("app/settings.py", f"KEY = '{key}'\n")
    installed.add()
    refused = git(installed, "commit", "-m", "add key")
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "app/settings.py:1" in output and "the commit is blocked" in output
    assert key not in output
    assert git(installed, "log", "--oneline").stdout.count("\n") == 1

    installed.write("app/settings.py", "import os\nKEY = os.environ['VIBEPEAK_API_KEY']\n")
    installed.write("app/views.py", "def index():\n    return 'ok'\n")
    installed.add()
    accepted = git(installed, "commit", "-m", "clean")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert git(installed, "log", "--oneline").stdout.count("\n") == 2


def test_native_hook_partially_staged(installed: Repo) -> None:
    key = live_key("partial")
    # Key staged, clean working copy: refused.
    installed.write("app/views.py", f"KEY = '{key}'\n")
    installed.add()
    installed.write("app/views.py", "KEY = None\n")
    assert git(installed, "commit", "-m", "staged key").returncode != 0
    # Clean staged, key only in the working copy: accepted, and the key stays unstaged.
    installed.write("app/views.py", "KEY = None\n")
    installed.add()
    installed.write("app/views.py", f"KEY = '{key}'\n")
    accepted = git(installed, "commit", "-m", "clean staged")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "app/views.py" in git(installed, "diff", "--name-only").stdout


def test_native_hook_sees_commit_all(installed: Repo) -> None:
    """``git commit -a`` stages through a temporary index that the hook must read."""
    installed.write("app/settings.py", f"KEY = '{live_key('commit-a')}'\n")
    refused = git(installed, "commit", "-a", "-m", "all")
    assert refused.returncode != 0
    assert "app/settings.py:1" in refused.stdout + refused.stderr


def test_native_hook_honours_skip(installed: Repo) -> None:
    installed.write("app/settings.py", f"KEY = '{live_key('skip')}'\n")
    installed.add()
    result = git(installed, "commit", "-m", "skip", env={"SKIP": "vpkscan"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skipped" in result.stderr


def test_native_pre_push_hook_refuses_a_key(installed: Repo, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    installed.git("remote", "add", "origin", str(remote))
    assert git(installed, "push", "-q", "origin", "main").returncode == 0

    installed.write("deploy/prod.env", f"VIBEPEAK_API_KEY={live_key('push')}\n")
    installed.add()
    installed.git("commit", "-q", "--no-verify", "-m", "leak")
    refused = git(installed, "push", "origin", "main")
    assert refused.returncode != 0
    assert "deploy/prod.env:1" in refused.stdout + refused.stderr
    assert "the push is blocked" in refused.stdout + refused.stderr
    assert "leak" not in git(installed, "log", "--oneline", "origin/main").stdout

    # A new branch is checked against what no remote-tracking branch holds yet.
    refused = git(installed, "push", "origin", "HEAD:refs/heads/feature")
    assert refused.returncode != 0
    installed.git("reset", "-q", "--hard", "HEAD~1")
    installed.write("docs/usage.md", "Set VIBEPEAK_API_KEY in the server environment.\n")
    installed.add()
    installed.git("commit", "-q", "-m", "docs")
    pushed = git(installed, "push", "origin", "main")
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr


def test_refuses_to_overwrite_a_foreign_hook(repo: Repo) -> None:
    foreign = hooks(repo) / "pre-commit"
    foreign.parent.mkdir(parents=True, exist_ok=True)
    foreign.write_text("#!/bin/sh\necho mine\n")
    result = vpkscan(repo, "install-hook")
    assert result.returncode == 2
    assert "was not installed by vpkscan" in result.stderr and "--force" in result.stderr
    assert foreign.read_text() == "#!/bin/sh\necho mine\n"

    forced = vpkscan(repo, "install-hook", "--force")
    assert forced.returncode == 0
    assert MARKER in foreign.read_text()
    saved = hooks(repo) / "pre-commit.vpkscan-saved"
    assert saved.read_text() == "#!/bin/sh\necho mine\n"

    removed = vpkscan(repo, "uninstall-hook")
    assert removed.returncode == 0
    assert foreign.read_text() == "#!/bin/sh\necho mine\n"
    assert not saved.exists()


def test_refusal_names_the_pre_commit_framework(repo: Repo) -> None:
    framework = hooks(repo) / "pre-commit"
    framework.parent.mkdir(parents=True, exist_ok=True)
    framework.write_text(
        "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n"
    )
    result = vpkscan(repo, "install-hook")
    assert result.returncode == 2
    assert ".pre-commit-config.yaml" in result.stderr


def test_refusal_writes_nothing(repo: Repo) -> None:
    """With --pre-push and a foreign pre-push hook, not even pre-commit is installed."""
    foreign = hooks(repo) / "pre-push"
    foreign.parent.mkdir(parents=True, exist_ok=True)
    foreign.write_text("#!/bin/sh\nexit 0\n")
    assert vpkscan(repo, "install-hook", "--pre-push").returncode == 2
    assert not (hooks(repo) / "pre-commit").exists()


def test_uninstall_removes_only_its_own(repo: Repo) -> None:
    assert vpkscan(repo, "install-hook").returncode == 0
    foreign = hooks(repo) / "pre-push"
    foreign.write_text("#!/bin/sh\nexit 0\n")
    result = vpkscan(repo, "uninstall-hook")
    assert result.returncode == 0
    assert not (hooks(repo) / "pre-commit").exists()
    assert foreign.exists()
    assert "left alone" in result.stderr
    assert foreign.exists()
    foreign.unlink()
    assert "no vpkscan hook installed" in vpkscan(repo, "uninstall-hook").stderr


def test_core_hooks_path_is_honoured(repo: Repo) -> None:
    repo.git("config", "core.hooksPath", ".githooks")
    result = vpkscan(repo, "install-hook")
    assert result.returncode == 0
    installed = repo.path / ".githooks" / "pre-commit"
    assert MARKER in installed.read_text()
    assert not (hooks(repo) / "pre-commit").exists()
    repo.write("k.txt", f"{live_key('hooks-path')}\n")
    repo.add()
    assert git(repo, "commit", "-m", "k").returncode != 0
    assert vpkscan(repo, "uninstall-hook").returncode == 0
    assert not installed.exists()


def test_install_outside_a_repository(tmp_path: Path) -> None:
    result = run_vpkscan(
        "install-hook", cwd=tmp_path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    )
    assert result.returncode == 2
    assert "not inside a git repository" in result.stderr


def test_script_quotes_the_interpreter_path() -> None:
    text = script("pre-commit", "/opt/my tools/bin/python3")
    assert "VPKSCAN_PYTHON='/opt/my tools/bin/python3'" in text
    assert text.startswith("#!/bin/sh\n")


def test_force_chains_the_existing_hook(repo: Repo, tmp_path: Path) -> None:
    """The hook set aside still runs, after vpkscan passes, with its arguments and input."""
    repo.commit_files({"README.md": "hello\n"}, "initial")
    log = tmp_path / "chained.log"
    for name in ("pre-commit", "pre-push"):
        foreign = hooks(repo) / name
        foreign.parent.mkdir(parents=True, exist_ok=True)
        foreign.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\ncat >> "{log}"\nexit 0\n')
        foreign.chmod(0o755)
    forced = vpkscan(repo, "install-hook", "--pre-push", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "runs after vpkscan" in forced.stderr
    repo.write("a.txt", "clean\n")
    repo.add("a.txt")
    assert git(repo, "commit", "-q", "-m", "clean").returncode == 0
    assert log.read_text().splitlines() == ["pre-commit "]
    # A key: vpkscan blocks, and the chained hook does not run.
    repo.write("b.py", f'KEY = "{live_key("chained")}"\n')
    repo.add("b.py")
    blocked = git(repo, "commit", "-q", "-m", "key")
    assert blocked.returncode != 0
    assert "the commit is blocked" in blocked.stdout + blocked.stderr
    assert log.read_text().splitlines() == ["pre-commit "]
    git(repo, "reset", "-q", "HEAD", "b.py")
    remote = tmp_path / "remote.git"
    Repo.init(remote, "--bare")
    git(repo, "remote", "add", "origin", str(remote))
    pushed = git(repo, "push", "-q", "origin", "main")
    assert pushed.returncode == 0, pushed.stderr
    chained = log.read_text().splitlines()
    assert chained[1] == f"pre-push origin {remote}"
    assert chained[2].startswith("refs/heads/main ")  # the pre-push lines reached it

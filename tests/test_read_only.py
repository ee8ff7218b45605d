"""Nothing is modified: every read-only command leaves the working tree, the index, the
refs, the objects, the hooks and the configuration exactly as they were."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key, test_key


def snapshot(root: Path) -> dict[str, tuple[int, str, float]]:
    """Every file and folder under ``root`` (``.git`` included): mode, content hash and
    modification time."""
    state: dict[str, tuple[int, str, float]] = {}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            info = path.lstat()
            digest = ""
            if path.is_symlink():
                digest = os.readlink(path)
            elif path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[str(path.relative_to(root))] = (info.st_mode, digest, info.st_mtime)
    return state


@pytest.fixture
def busy(repo: Repo) -> Repo:
    """A repository with history, a remote-tracking ref, a stash, a hook, configuration,
    staged and unstaged changes and untracked files."""
    repo.commit_files(
        {
            ".env": f"VIBEPEAK_API_KEY={live_key('ro-env')}\n",
            "web/package.json": '{"dependencies": {"react": "18"}}\n',
            "web/src/App.jsx": f'const k = "{test_key("ro-client")}";\n',
            ".vpkscan.toml": 'extend-exclude = ["vendor/"]\n',
        },
        "start",
    )
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    repo.commit_files({"app/settings.py": f'KEY = "{live_key("ro-local")}"\n'}, "local")
    repo.write("app/settings.py", "KEY = None\n")
    repo.git("stash", "-q")
    repo.write("app/new.py", f'K = "{live_key("ro-staged")}"\n')
    repo.add("app/new.py")
    repo.write("app/new.py", "K = None\n")
    repo.write("notes.txt", f"{live_key('ro-untracked')}\n")
    hook = repo.path / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")
    hook.chmod(0o755)
    repo.git("config", "core.hooksPath", ".git/hooks")
    return repo


COMMANDS = [
    ("scan",),
    ("scan", "--format", "sarif"),
    ("scan", "--links", "--format", "json"),
    ("scan", "web"),
    ("scan", "--staged"),
    ("scan", "--untracked"),
    ("scan", "--history"),
    ("scan", "--history", "--all-objects"),
    ("scan", "--range", "HEAD~1..HEAD"),
    ("scan", "--since-commit", "HEAD~1"),
    ("scan", "--no-git", "."),
    ("baseline", "check"),
    ("config",),
    ("rules",),
    ("explain", "VPK001"),
    ("hook",),
    ("hook", "app/new.py"),
    ("hook", "--push"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_read_only_commands_change_nothing(busy: Repo, command: tuple[str, ...]) -> None:
    before = snapshot(busy.path)
    run = run_vpkscan(*command, cwd=busy.path, stdin=b"")
    assert run.returncode in (0, 1, 2), run.stderr
    assert "Traceback" not in run.stderr
    assert snapshot(busy.path) == before


def test_stdin_scan_changes_nothing(busy: Repo) -> None:
    before = snapshot(busy.path)
    data = f"K = '{live_key('ro-stdin')}'\n".encode()
    run = run_vpkscan("scan", "-", "--stdin-filename", "web/src/x.jsx", cwd=busy.path, stdin=data)
    assert run.returncode == 1, run.stderr
    assert snapshot(busy.path) == before


def test_the_snapshot_sees_a_change(busy: Repo) -> None:
    before = snapshot(busy.path)
    assert run_vpkscan("baseline", "create", cwd=busy.path).returncode == 0
    assert snapshot(busy.path) != before
    busy.git("add", "-A")
    assert snapshot(busy.path) != before

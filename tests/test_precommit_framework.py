"""This repository's hooks under the real pre-commit framework, with real commits and pushes.

A clean copy of the project (tracked files plus untracked ones git does not ignore) is
committed to a scratch repository once per session; pre-commit installs the hooks from
it into its own virtualenv (PRE_COMMIT_HOME in a temporary folder), as a user's
``.pre-commit-config.yaml`` would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import GIT_ENV, Repo
from tests.keys import live_key

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Framework:
    """Where the hooks come from and the environment pre-commit runs with."""

    source: Path
    rev: str
    env: dict[str, str]


def _project_files(env: dict[str, str]) -> list[str]:
    listed = Repo(ROOT).git("ls-files", "-z", "--cached", "--others", "--exclude-standard", env=env)
    return sorted({name for name in listed.split("\0") if name and (ROOT / name).is_file()})


@pytest.fixture(scope="session")
def framework(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Framework]:
    base = tmp_path_factory.mktemp("pre-commit-framework")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(base / "home")}
    env.pop("SKIP", None)
    source = base / "vpkscan-source"
    for name in _project_files(env):
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    snapshot = Repo(source)
    snapshot.git("init", "-q", "-b", "main", env=env)
    snapshot.git("add", "-A", env=env)
    snapshot.git("commit", "-q", "-m", "snapshot", env=env)
    made = Framework(source, snapshot.head(), env)
    # Build the hook environment once; every test repository below reuses it.
    warm = _new_repo(made, base / "warm-up")
    _pre_commit(made, warm, "install-hooks")
    yield made


def _new_repo(framework: Framework, path: Path) -> Path:
    path.mkdir(parents=True)
    Repo(path).git("init", "-q", "-b", "main", env=framework.env)
    config = (
        "repos:\n"
        f"  - repo: {framework.source}\n"
        f"    rev: {framework.rev}\n"
        "    hooks:\n"
        "      - id: vpkscan\n"
        "      - id: vpkscan-push\n"
    )
    (path / ".pre-commit-config.yaml").write_text(config)
    return path


def _pre_commit(framework: Framework, repo: Path, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env=framework.env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@dataclass(frozen=True)
class Project:
    """A fresh repository with this project's hooks installed by pre-commit."""

    path: Path
    env: dict[str, str]

    def write(self, name: str, text: str) -> None:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)

    def git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], cwd=self.path, capture_output=True, text=True, check=False, env=self.env
        )

    def commit_count(self) -> int:
        proc = self.git("rev-list", "--count", "--all")
        return int(proc.stdout.strip() or 0) if proc.returncode == 0 else 0


@pytest.fixture
def project(framework: Framework, tmp_path: Path) -> Project:
    path = _new_repo(framework, tmp_path / "project")
    _pre_commit(framework, path, "install", "--hook-type", "pre-commit", "--hook-type", "pre-push")
    made = Project(path, framework.env)
    made.write("app/settings.py", "import os\nKEY = os.environ['VIBEPEAK_API_KEY']\n")
    assert made.git("add", "-A").returncode == 0
    first = made.git("commit", "-m", "initial")
    assert first.returncode == 0, first.stdout + first.stderr
    # git shows a hook's output on its standard error.
    assert "vpkscan (VibePeak API keys)" in first.stderr and "Passed" in first.stderr
    return made


def _output(proc: subprocess.CompletedProcess[str]) -> str:
    return proc.stdout + proc.stderr


@pytest.mark.slow
def test_commit_with_a_staged_key_is_refused_then_accepted(project: Project) -> None:
    key = live_key("framework")
    project.write("app/settings.py", f"KEY = '{key}'\n")
    assert project.git("add", "app/settings.py").returncode == 0
    refused = project.git("commit", "-m", "leak")
    assert refused.returncode != 0
    out = _output(refused)
    assert "Failed" in out and "app/settings.py:1" in out and "VPK005" in out
    assert "How to proceed" in out
    assert key not in out
    assert project.commit_count() == 1

    project.write("app/settings.py", "import os\nKEY = os.environ.get('VIBEPEAK_API_KEY')\n")
    assert project.git("add", "app/settings.py").returncode == 0
    accepted = project.git("commit", "-m", "clean")
    assert accepted.returncode == 0, _output(accepted)
    assert project.commit_count() == 2


@pytest.mark.slow
def test_partially_staged_files_through_the_stash(project: Project) -> None:
    key = live_key("stash")
    # Key staged, a clean edit left unstaged: pre-commit stashes the edit; still refused.
    project.write("app/views.py", f"KEY = '{key}'\n")
    project.git("add", "app/views.py")
    project.write("app/views.py", "KEY = None\n")
    refused = project.git("commit", "-m", "staged key")
    assert refused.returncode != 0
    assert "app/views.py:1" in _output(refused)
    assert (project.path / "app/views.py").read_text() == "KEY = None\n"  # edit restored

    # Clean content staged, key only in the unstaged edit: accepted, and the edit survives.
    project.write("app/views.py", "KEY = None\n")
    project.git("add", "app/views.py")
    project.write("app/views.py", f"KEY = '{key}'\n")
    accepted = project.git("commit", "-m", "clean staged")
    assert accepted.returncode == 0, _output(accepted)
    assert (project.path / "app/views.py").read_text() == f"KEY = '{key}'\n"
    assert project.git("show", "HEAD:app/views.py").stdout == "KEY = None\n"

    # Key staged, then the file deleted from the working tree: still refused.
    project.git("add", "app/views.py")
    (project.path / "app/views.py").unlink()
    refused = project.git("commit", "-m", "deleted after staging")
    assert refused.returncode != 0
    assert "app/views.py:1" in _output(refused)


@pytest.mark.slow
def test_run_all_files_reads_the_index(project: Project) -> None:
    project.write("notes.txt", f"{live_key('all-files')}\n")
    project.git("add", "notes.txt")
    assert project.git("commit", "--no-verify", "-m", "old leak").returncode == 0
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--hook-stage", "pre-commit"],
        cwd=project.path,
        capture_output=True,
        text=True,
        check=False,
        env=project.env,
    )
    assert proc.returncode == 1
    assert "notes.txt:1" in proc.stdout and "already in a local commit" in proc.stdout


@pytest.mark.slow
def test_pre_push_refuses_a_pushed_key(project: Project, tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    assert project.git("init", "-q", "--bare", str(remote)).returncode == 0
    project.git("remote", "add", "origin", str(remote))
    first = project.git("push", "origin", "main")
    assert first.returncode == 0, _output(first)

    project.write("deploy/values.yaml", f"vibepeak:\n  apiKey: {live_key('push')}\n")
    project.git("add", "-A")
    assert project.git("commit", "--no-verify", "-m", "values").returncode == 0
    project.write("README.md", "# project\n")
    project.git("add", "-A")
    assert project.git("commit", "-m", "readme").returncode == 0
    refused = project.git("push", "origin", "main")
    assert refused.returncode != 0
    out = _output(refused)
    assert "deploy/values.yaml:2" in out and "not pushed yet" in out
    remote_log = subprocess.run(
        ["git", "log", "--oneline", "main"], cwd=remote, capture_output=True, text=True, check=False
    )
    assert "values" not in remote_log.stdout

    project.git("reset", "-q", "--hard", "HEAD~2")
    project.write("README.md", "# project\n")
    project.git("add", "-A")
    assert project.git("commit", "-m", "readme only").returncode == 0
    pushed = project.git("push", "origin", "main")
    assert pushed.returncode == 0, _output(pushed)


def test_manifest_is_valid_for_pre_commit() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    manifest = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "entry: vpkscan hook\n" in manifest and "entry: vpkscan hook --push\n" in manifest

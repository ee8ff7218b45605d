"""What the commit hook says depends on what is happening: a commit is blocked, a run
over named files (``pre-commit run --all-files``) blocks nothing, an untracked file is not
"only staged", and allow comments that do not apply are explained."""

from __future__ import annotations

import subprocess

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key


def test_a_real_commit_is_blocked(repo: Repo) -> None:
    repo.commit_files({"README.md": "hello\n"}, "initial")
    installed = run_vpkscan("install-hook", cwd=repo.path)
    assert installed.returncode == 0, installed.stderr
    repo.write("app.py", f'KEY = "{live_key("wording-commit")}"\n')
    repo.add("app.py")
    proc = subprocess.run(
        ["git", "commit", "-q", "-m", "key"],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "the commit is blocked" in proc.stdout + proc.stderr
    assert repo.git("log", "--format=%s").splitlines() == ["initial"]


def test_named_files_outside_a_commit_are_not_called_a_blocked_commit(repo: Repo) -> None:
    repo.commit_files({"app.py": f'KEY = "{live_key("wording-all-files")}"\n'}, "initial")
    run = run_vpkscan("hook", "app.py", cwd=repo.path)
    assert run.returncode == 1
    assert "commit is blocked" not in run.stdout
    assert "in the staged content of the files checked." in run.stdout


def test_untracked_file_is_not_called_only_staged(repo: Repo) -> None:
    repo.commit_files({"README.md": "hello\n"}, "initial")
    repo.write("new.py", f'KEY = "{live_key("wording-untracked")}"\n')
    run = run_vpkscan("hook", "new.py", cwd=repo.path)
    assert run.returncode == 1
    assert "only staged" not in run.stdout
    assert "leak stage: not tracked by git" in run.stdout


def test_hook_notes_a_bare_allow_on_a_live_key(repo: Repo) -> None:
    repo.write("app.py", f'KEY = "{live_key("wording-bare")}"  # vpkscan:allow\n')
    repo.add("app.py")
    run = run_vpkscan("hook", cwd=repo.path)
    assert run.returncode == 1
    assert "vpkscan: note: app.py:1: bare vpkscan:allow ignored for a live key" in run.stdout

"""The text report says how far each key has gone, in the hook's words: a key in a pushed
commit must be rotated now."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key


def pushed_repo(repo: Repo, tmp_path: Path) -> str:
    repo.commit_files({"app.py": f'KEY = "{live_key("text-pushed")}"\n'}, "pushed key")
    remote = tmp_path / "remote.git"
    repo.git("init", "-q", "--bare", str(remote))
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "origin", "main")
    return repo.commit_files({"local.py": f'KEY = "{live_key("text-local")}"\n'}, "local key")


def test_history_text_report_says_rotate_now_for_pushed_keys(repo: Repo, tmp_path: Path) -> None:
    pushed_repo(repo, tmp_path)
    run = run_vpkscan("scan", "--history", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    blocks = {block.split(":", 1)[0]: block for block in run.stdout.split("\n\n")}
    assert "already pushed: rotate the key now in Settings → API" in blocks["app.py"]
    assert "leak stage: in local commit" in blocks["local.py"]
    assert "not pushed yet" in blocks["local.py"]


def test_staged_text_report_says_only_staged(repo: Repo) -> None:
    repo.write("new.py", f'KEY = "{live_key("text-staged")}"\n')
    repo.add("new.py")
    run = run_vpkscan("scan", "--staged", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    assert "leak stage: only staged, never committed" in run.stdout


def test_tree_text_report_has_no_leak_stage(repo: Repo) -> None:
    repo.commit_files({"app.py": f'KEY = "{live_key("text-tree")}"\n'})
    run = run_vpkscan("scan", cwd=repo.path)
    assert run.returncode == 1
    assert "leak stage" not in run.stdout


def test_ci_environment_is_written_in_capitals(repo: Repo) -> None:
    repo.commit_files({".github/workflows/ci.yml": f"env:\n  KEY: {live_key('text-ci')}\n"})
    run = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    messages = [f["message"] for f in run.json()["findings"] if f["rule_id"] == "VPK008"]
    assert messages and all("Live key in CI configuration" in m for m in messages), messages

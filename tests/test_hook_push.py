"""``vpkscan hook --push``: the blobs that the commits being pushed add, per commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Repo, Run, run_vpkscan
from tests.keys import live_key
from vpkscan.sources.pushed import (
    PushRange,
    ranges_from_environment,
    ranges_from_stdin,
)

ZERO = "0" * 40


def push_hook(repo: Repo, *args: str, stdin: str = "", env: dict[str, str] | None = None) -> Run:
    result = run_vpkscan("hook", "--push", *args, cwd=repo.path, stdin=stdin.encode(), env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def published(repo: Repo, tmp_path: Path) -> Repo:
    """A repository whose first commit is on ``origin/main``."""
    repo.commit_files({"app/main.py": "print('hello')\n"}, "initial")
    remote = tmp_path / "remote.git"
    repo.git("init", "-q", "--bare", str(remote))
    repo.git("remote", "add", "origin", str(remote))
    repo.git("push", "-q", "-u", "origin", "main")
    return repo


def test_range_from_pre_commit_environment(published: Repo) -> None:
    base = published.head()
    key = live_key("push-env")
    leak = published.commit_files({"deploy/values.yaml": f"apiKey: {key}\n"}, "add values")
    tip = published.commit_files({"README.md": "# readme\n"}, "docs")
    env = {"PRE_COMMIT_FROM_REF": base, "PRE_COMMIT_TO_REF": tip}
    result = push_hook(published, env=env)
    assert result.returncode == 1
    out = result.stdout
    assert "deploy/values.yaml:1" in out
    assert f"in local commit {leak[:12]}, not pushed yet" in out
    assert "the push is blocked" in out
    assert key not in out
    # A range that does not contain the commit passes.
    assert (
        push_hook(published, env={"PRE_COMMIT_FROM_REF": leak, "PRE_COMMIT_TO_REF": tip}).returncode
        == 0
    )


def test_each_finding_names_the_commit_that_added_the_key(published: Repo) -> None:
    key = live_key("attr")
    first = published.commit_files({"a.txt": f"{key}\n"}, "first")
    second = published.commit_files(
        {
            "b.txt": f"{key}\n",  # the same key in a second file: a second finding
            "a.txt": f"{key}\nmore\n",  # the key was already there: no new finding
        },
        "second",
    )
    result = push_hook(published, env={"PRE_COMMIT_FROM_REF": ZERO, "PRE_COMMIT_TO_REF": second})
    assert result.returncode == 1
    assert "a.txt:1" in result.stdout and first[:12] in result.stdout
    assert "b.txt:1" in result.stdout and second[:12] in result.stdout


def test_new_branch_scans_commits_not_on_any_remote(published: Repo) -> None:
    published.git("checkout", "-q", "-b", "feature")
    leak = published.commit_files(
        {"src/client.ts": f"const key = '{live_key('branch')}';\n"}, "client"
    )
    env = {"PRE_COMMIT_FROM_REF": ZERO, "PRE_COMMIT_TO_REF": leak}
    result = push_hook(published, env=env)
    assert result.returncode == 1
    assert "src/client.ts:1" in result.stdout
    assert ranges_from_environment(env) == [PushRange(None, leak)]


def test_native_stdin_lines(published: Repo) -> None:
    base = published.head()
    tip = published.commit_files(
        {".env.production": f"VIBEPEAK_API_KEY={live_key('stdin')}\n"}, "env"
    )
    line = f"refs/heads/main {tip} refs/heads/main {base}\n"
    result = push_hook(published, "origin", "/somewhere/remote.git", stdin=line)
    assert result.returncode == 1
    assert ".env.production:1" in result.stdout and "VPK004" in result.stdout
    # Deleting a remote branch pushes nothing.
    assert push_hook(published, stdin=f"(delete) {ZERO} refs/heads/old {base}\n").returncode == 0
    # Nothing to push at all.
    assert push_hook(published, stdin="").returncode == 0


def test_unknown_remote_sha_falls_back_to_remote_tracking_refs(published: Repo) -> None:
    tip = published.commit_files({"keys.txt": f"{live_key('unknown')}\n"}, "keys")
    unknown = "1234567" * 5 + "89abc"
    result = push_hook(published, stdin=f"refs/heads/main {tip} refs/heads/main {unknown}\n")
    assert result.returncode == 1
    assert "keys.txt:1" in result.stdout


def test_clean_push_and_merge_commits(published: Repo) -> None:
    base = published.head()
    published.git("checkout", "-q", "-b", "side")
    published.commit_files({"side.txt": "side\n"}, "side")
    published.git("checkout", "-q", "main")
    published.commit_files({"main.txt": "main\n"}, "main")
    published.git("merge", "-q", "--no-edit", "side")
    tip = published.head()
    result = push_hook(published, env={"PRE_COMMIT_FROM_REF": base, "PRE_COMMIT_TO_REF": tip})
    assert (result.returncode, result.stdout) == (0, "")


def test_key_added_by_a_merge_resolution_blocks_the_push(published: Repo) -> None:
    base = published.head()
    published.git("checkout", "-q", "-b", "side")
    published.commit_files({"app/main.py": "print('side')\n"}, "side")
    published.git("checkout", "-q", "main")
    published.commit_files({"app/main.py": "print('main')\n"}, "main")
    published.git("merge", "-q", "--no-edit", "side", check=False)  # conflicts
    key = live_key("merge-resolution")
    merge = published.commit_files({"app/main.py": f"KEY = '{key}'\n"}, "merge side")
    result = push_hook(published, env={"PRE_COMMIT_FROM_REF": base, "PRE_COMMIT_TO_REF": merge})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "app/main.py:1" in result.stdout
    assert merge[:12] in result.stdout


def test_deletions_and_excludes_in_a_push(published: Repo) -> None:
    base = published.head()
    published.commit_files({"fixtures/rec.json": f'{{"k": "{live_key("fx")}"}}\n'}, "fixture")
    published.git("rm", "-q", "app/main.py")
    tip = published.commit("remove")
    env = {"PRE_COMMIT_FROM_REF": base, "PRE_COMMIT_TO_REF": tip}
    assert push_hook(published, env=env).returncode == 1
    assert push_hook(published, "--exclude", "fixtures/", env=env).returncode == 0


def test_root_commit_push_from_pre_commit_local_branch(repo: Repo) -> None:
    """pre-commit exports only the local branch when a push starts at the root commit."""
    repo.commit_files({"secrets.txt": f"{live_key('root')}\n"}, "root")
    result = push_hook(repo, env={"PRE_COMMIT_LOCAL_BRANCH": "refs/heads/main"})
    assert result.returncode == 1
    assert "secrets.txt:1" in result.stdout


def test_skip_push_hook(published: Repo) -> None:
    tip = published.commit_files({"k.txt": f"{live_key('skip')}\n"}, "k")
    env = {"PRE_COMMIT_FROM_REF": published.head() + "~1", "PRE_COMMIT_TO_REF": tip}
    for skip in ("vpkscan-push", "vpkscan"):
        result = push_hook(published, env={**env, "SKIP": skip})
        assert result.returncode == 0
        assert "skipped" in result.stderr
    assert push_hook(published, env={**env, "SKIP": "other"}).returncode == 1


def test_range_parsing() -> None:
    assert ranges_from_environment({}) is None
    assert ranges_from_environment({"PRE_COMMIT_FROM_REF": "a", "PRE_COMMIT_TO_REF": "b"}) == [
        PushRange("a", "b")
    ]
    lines = (
        f"refs/heads/x {'a' * 40} refs/heads/x {ZERO}\n"
        f"refs/heads/y {ZERO} refs/heads/y {'b' * 40}\n"
    )
    assert ranges_from_stdin(lines) == [PushRange(None, "a" * 40)]
    assert ranges_from_stdin("garbage\n") == []

"""``vpkscan scan --range A..B`` and ``--since-commit``: what the commits of a push or a
pull request add, each finding attributed to its commit, merges reported once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Repo, run_vpkscan
from tests.keys import fingerprint, live_key

ZEROS = "0" * 40


def commit(repo: Repo, message: str) -> str:
    repo.add()
    return repo.commit(message)


def scan(repo: Repo, *args: str) -> dict[str, Any]:
    result = run_vpkscan("scan", "--format", "json", *args, cwd=repo.path)
    assert result.returncode in (0, 1), result.stderr
    document: dict[str, Any] = result.json()
    return document


def found(document: dict[str, Any], key: str) -> list[tuple[str, str, str, str]]:
    return sorted(
        (f["commit"], f["path"], f["rule_id"], f["exposure"])
        for f in document["findings"]
        if f["fingerprint"] == fingerprint(key) and f["rule_id"] not in ("VPK007", "VPK008")
    )


def test_range_scans_only_what_its_commits_add(repo: Repo) -> None:
    old, new = live_key("before-range"), live_key("in-range")
    repo.write("old.py", f'KEY = "{old}"\n')
    start = commit(repo, "before the range")
    repo.write("old.py", f'KEY = "{old}"\nA = 1\n')  # carried: not introduced here
    commit(repo, "edit")
    repo.write("new.py", f'KEY = "{new}"\n')
    added = commit(repo, "add a key")
    document = scan(repo, "--range", f"{start}..HEAD")
    assert document["scan"]["mode"] == "range"
    assert document["scan"]["commits_scanned"] == 2
    assert found(document, old) == []
    assert found(document, new) == [(added, "new.py", "VPK005", "local")]


def test_merge_in_a_range_reports_a_blob_once(repo: Repo) -> None:
    key = live_key("merged")
    repo.write("base.py", "pass\n")
    base = commit(repo, "base")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("client.py", f'KEY = "{key}"\n')
    on_branch = commit(repo, "feature")
    repo.git("checkout", "-q", "main")
    repo.write("main.py", "main = 1\n")
    commit(repo, "main moves on")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "feature")
    document = scan(repo, "--range", f"{base}..HEAD")
    assert document["scan"]["commits_scanned"] == 3
    assert found(document, key) == [(on_branch, "client.py", "VPK005", "local")]


def test_key_removed_later_in_the_range_is_vpk006(repo: Repo) -> None:
    gone, kept = live_key("gone"), live_key("kept")
    repo.write("a.py", "pass\n")
    start = commit(repo, "start")
    repo.write("a.py", f'GONE = "{gone}"\n')
    repo.write(".env", f"VIBEPEAK_API_KEY={kept}\n")
    added = commit(repo, "keys")
    repo.write("a.py", "pass\n")
    commit(repo, "remove one")
    document = scan(repo, "--range", f"{start}..HEAD")
    assert found(document, gone) == [(added, "a.py", "VPK006", "local")]
    assert found(document, kept) == [(added, ".env", "VPK004", "local")]


def test_since_commit_is_the_range_up_to_head(repo: Repo) -> None:
    before, after = live_key("since-before"), live_key("since-after")
    repo.write("a.py", f'K = "{before}"\n')
    since = commit(repo, "before")
    repo.write("b.py", f'K = "{after}"\n')
    added = commit(repo, "after")
    document = scan(repo, "--since-commit", since)
    assert found(document, before) == []
    assert found(document, after) == [(added, "b.py", "VPK005", "local")]


def test_a_new_branch_range_covers_commits_no_remote_has(repo: Repo) -> None:
    published, unpublished = live_key("published"), live_key("unpublished")
    repo.write("a.py", f'K = "{published}"\n')
    pushed = commit(repo, "pushed")
    repo.git("update-ref", "refs/remotes/origin/main", pushed)
    repo.write("b.py", f'K = "{unpublished}"\n')
    local = commit(repo, "local")
    document = scan(repo, "--range", f"{ZEROS}..HEAD")
    assert found(document, published) == []
    assert found(document, unpublished) == [(local, "b.py", "VPK005", "local")]
    # The same commits, seen once they are on the remote: pushed.
    repo.git("update-ref", "refs/remotes/origin/main", local)
    document = scan(repo, "--range", f"{pushed}..HEAD")
    assert found(document, unpublished) == [(local, "b.py", "VPK005", "pushed")]


def test_symmetric_range(repo: Repo) -> None:
    left, right = live_key("left"), live_key("right")
    repo.write("a.py", "pass\n")
    commit(repo, "base")
    repo.git("checkout", "-q", "-b", "other")
    repo.write("left.py", f'K = "{left}"\n')
    on_other = commit(repo, "other side")
    repo.git("checkout", "-q", "main")
    repo.write("right.py", f'K = "{right}"\n')
    on_main = commit(repo, "main side")
    document = scan(repo, "--range", "other...main")
    assert [f[0] for f in found(document, left)] == [on_other]
    assert [f[0] for f in found(document, right)] == [on_main]


def test_empty_range_finds_nothing(repo: Repo) -> None:
    repo.write("a.py", f'K = "{live_key("empty")}"\n')
    commit(repo, "one")
    result = run_vpkscan("scan", "--range", "HEAD..HEAD", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert "0 findings" in result.stderr


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("HEAD", "invalid revision range"),
        ("nope..HEAD", "'nope' in 'nope..HEAD' names no commit"),
        ("--all..HEAD", "invalid revision range"),
    ],
)
def test_bad_ranges_are_usage_errors(repo: Repo, spec: str, message: str) -> None:
    repo.write("a.py", "pass\n")
    commit(repo, "one")
    result = run_vpkscan("scan", "--range", spec, cwd=repo.path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_recursing_into_a_submodule_scans_only_what_the_gitlink_change_brings(
    repo: Repo, tmp_path: Path
) -> None:
    old, new = live_key("sub-old"), live_key("sub-new")
    sub = Repo(tmp_path / "lib")
    sub.path.mkdir()
    sub.git("init", "-q", "-b", "main")
    sub.write("old.py", f'K = "{old}"\n')
    sub.add()
    sub.commit("old key")
    repo.write("main.py", "pass\n")
    commit(repo, "main")
    repo.git("-c", "protocol.file.allow=always", "submodule", "-q", "add", str(sub.path), "lib")
    start = commit(repo, "add lib")
    sub.write("new.py", f'K = "{new}"\n')
    sub.add()
    in_sub = sub.commit("new key")
    checkout = Repo(repo.path / "lib")
    checkout.git("pull", "-q", "origin", "main")
    commit(repo, "bump lib")
    document = scan(repo, "--range", f"{start}..HEAD", "--recurse-submodules")
    assert found(document, old) == []
    # The submodule pulled the commit from its origin: there, it is pushed.
    assert found(document, new) == [(in_sub, "lib/new.py", "VPK005", "pushed")]
    plain = scan(repo, "--range", f"{start}..HEAD")
    assert plain["findings"] == []

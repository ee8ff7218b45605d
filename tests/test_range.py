"""``vpkscan scan --range A..B`` and ``--since-commit``: what the commits of a push or a
pull request add, each finding attributed to its commit, merges reported once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Repo, run_vpkscan, scan_report
from tests.keys import fingerprint, live_key

ZEROS = "0" * 40


def found(document: dict[str, Any], key: str) -> list[tuple[str, str, str, str]]:
    return sorted(
        (f["commit"], f["path"], f["rule_id"], f["exposure"])
        for f in document["findings"]
        if f["fingerprint"] == fingerprint(key) and f["rule_id"] not in ("VPK007", "VPK008")
    )


def test_range_scans_only_what_its_commits_add(repo: Repo) -> None:
    old, new = live_key("before-range"), live_key("in-range")
    start = repo.commit_files({"old.py": f'KEY = "{old}"\n'}, "before the range")
    # Carried: not introduced here.
    repo.commit_files({"old.py": f'KEY = "{old}"\nA = 1\n'}, "edit")
    added = repo.commit_files({"new.py": f'KEY = "{new}"\n'}, "add a key")
    document = scan_report("--range", f"{start}..HEAD", cwd=repo.path).json()
    assert document["scan"]["mode"] == "range"
    assert document["scan"]["commits_scanned"] == 2
    assert found(document, old) == []
    assert found(document, new) == [(added, "new.py", "VPK005", "local")]


def test_merge_in_a_range_reports_a_blob_once(repo: Repo) -> None:
    key = live_key("merged")
    base = repo.commit_files({"base.py": "pass\n"}, "base")
    repo.git("checkout", "-q", "-b", "feature")
    on_branch = repo.commit_files({"client.py": f'KEY = "{key}"\n'}, "feature")
    repo.git("checkout", "-q", "main")
    repo.commit_files({"main.py": "main = 1\n"}, "main moves on")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "feature")
    document = scan_report("--range", f"{base}..HEAD", cwd=repo.path).json()
    assert document["scan"]["commits_scanned"] == 3
    assert found(document, key) == [(on_branch, "client.py", "VPK005", "local")]


def test_key_removed_later_in_the_range_is_vpk006(repo: Repo) -> None:
    gone, kept = live_key("gone"), live_key("kept")
    start = repo.commit_files({"a.py": "pass\n"}, "start")
    keys = {"a.py": f'GONE = "{gone}"\n', ".env": f"VIBEPEAK_API_KEY={kept}\n"}
    added = repo.commit_files(keys, "keys")
    repo.commit_files({"a.py": "pass\n"}, "remove one")
    document = scan_report("--range", f"{start}..HEAD", cwd=repo.path).json()
    assert found(document, gone) == [(added, "a.py", "VPK006", "local")]
    assert found(document, kept) == [(added, ".env", "VPK004", "local")]


def test_since_commit_is_the_range_up_to_head(repo: Repo) -> None:
    before, after = live_key("since-before"), live_key("since-after")
    since = repo.commit_files({"a.py": f'K = "{before}"\n'}, "before")
    added = repo.commit_files({"b.py": f'K = "{after}"\n'}, "after")
    document = scan_report("--since-commit", since, cwd=repo.path).json()
    assert found(document, before) == []
    assert found(document, after) == [(added, "b.py", "VPK005", "local")]


def test_a_new_branch_range_covers_commits_no_remote_has(repo: Repo) -> None:
    published, unpublished = live_key("published"), live_key("unpublished")
    pushed = repo.commit_files({"a.py": f'K = "{published}"\n'}, "pushed")
    repo.git("update-ref", "refs/remotes/origin/main", pushed)
    local = repo.commit_files({"b.py": f'K = "{unpublished}"\n'}, "local")
    document = scan_report("--range", f"{ZEROS}..HEAD", cwd=repo.path).json()
    assert found(document, published) == []
    assert found(document, unpublished) == [(local, "b.py", "VPK005", "local")]
    # The same commits, seen once they are on the remote: pushed.
    repo.git("update-ref", "refs/remotes/origin/main", local)
    document = scan_report("--range", f"{pushed}..HEAD", cwd=repo.path).json()
    assert found(document, unpublished) == [(local, "b.py", "VPK005", "pushed")]


def test_symmetric_range(repo: Repo) -> None:
    left, right = live_key("left"), live_key("right")
    repo.commit_files({"a.py": "pass\n"}, "base")
    repo.git("checkout", "-q", "-b", "other")
    on_other = repo.commit_files({"left.py": f'K = "{left}"\n'}, "other side")
    repo.git("checkout", "-q", "main")
    on_main = repo.commit_files({"right.py": f'K = "{right}"\n'}, "main side")
    document = scan_report("--range", "other...main", cwd=repo.path).json()
    assert [f[0] for f in found(document, left)] == [on_other]
    assert [f[0] for f in found(document, right)] == [on_main]


def test_empty_range_finds_nothing(repo: Repo) -> None:
    repo.commit_files({"a.py": f'K = "{live_key("empty")}"\n'}, "one")
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
    repo.commit_files({"a.py": "pass\n"}, "one")
    result = run_vpkscan("scan", "--range", spec, cwd=repo.path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_recursing_into_a_submodule_scans_only_what_the_gitlink_change_brings(
    repo: Repo, tmp_path: Path
) -> None:
    old, new = live_key("sub-old"), live_key("sub-new")
    sub = Repo.init(tmp_path / "lib")
    sub.commit_files({"old.py": f'K = "{old}"\n'}, "old key")
    repo.commit_files({"main.py": "pass\n"}, "main")
    repo.git("-c", "protocol.file.allow=always", "submodule", "-q", "add", str(sub.path), "lib")
    start = repo.commit("add lib")
    in_sub = sub.commit_files({"new.py": f'K = "{new}"\n'}, "new key")
    checkout = Repo(repo.path / "lib")
    checkout.git("pull", "-q", "origin", "main")
    repo.add("lib")
    repo.commit("bump lib")
    document = scan_report(
        "--range", f"{start}..HEAD", "--recurse-submodules", cwd=repo.path
    ).json()
    assert found(document, old) == []
    # The submodule pulled the commit from its origin: there, it is pushed.
    assert found(document, new) == [(in_sub, "lib/new.py", "VPK005", "pushed")]
    plain = scan_report("--range", f"{start}..HEAD", cwd=repo.path).json()
    assert plain["findings"] == []

"""``vpkscan scan --history``: every key anywhere in history, traced to the commit(s) that
introduced it, with the rule, author, date, path and exposure checked exactly."""

from __future__ import annotations

import base64
import io
import zipfile
from typing import Any

import pytest

from tests.helpers import Repo, run_vpkscan, scan_json
from tests.keys import fingerprint, live_key, test_key

ALICE = "Alice Example <alice@example.invalid>"
BOB = "Bob Example <bob@example.invalid>"


def commit_as(repo: Repo, author: str, date: str, message: str) -> str:
    """Commit everything as ``author`` at ``date`` (ISO 8601); returns the commit id."""
    repo.add()
    repo.git("commit", "-q", "-m", message, "--author", author, "--date", date)
    return repo.head()


def primary(findings: list[dict[str, Any]], key: str) -> list[tuple[str, ...]]:
    """(commit, path, rule, author, date, exposure) of each primary finding of ``key``."""
    return sorted(
        (f["commit"], f["path"], f["rule_id"], f["author"], f["date"], f["exposure"])
        for f in findings
        if f["fingerprint"] == fingerprint(key) and f["rule_id"] not in ("VPK007", "VPK008")
    )


def test_key_added_then_removed_is_vpk006_at_the_commit_that_added_it(repo: Repo) -> None:
    key = live_key("removed")
    repo.write("app/settings.py", "DEBUG = True\n")
    commit_as(repo, BOB, "2025-01-01T10:00:00+00:00", "start")
    repo.write("app/settings.py", f'DEBUG = True\nAPI_KEY = "{key}"\n')
    added = commit_as(repo, ALICE, "2025-02-03T04:05:06+02:00", "add key")
    repo.write("app/settings.py", "DEBUG = True\n")
    commit_as(repo, BOB, "2025-02-04T00:00:00+00:00", "remove key")
    findings = scan_json("--history", cwd=repo.path)
    assert primary(findings, key) == [
        (added, "app/settings.py", "VPK006", ALICE, "2025-02-03T04:05:06+02:00", "local")
    ]
    [finding] = findings
    assert (finding["line"], finding["column"], finding["severity"]) == (2, 12, "high")
    assert added[:12] in finding["message"]
    assert key not in str(findings)


def test_key_still_in_the_tree_keeps_its_rule_and_names_its_commit(repo: Repo) -> None:
    key = live_key("present")
    repo.write(".env", f"VIBEPEAK_API_KEY={key}\n")
    added = commit_as(repo, ALICE, "2025-03-01T12:00:00+00:00", "env")
    repo.commit_files({"README.md": "docs\n"}, "docs")
    assert primary(scan_json("--history", cwd=repo.path), key) == [
        (added, ".env", "VPK004", ALICE, "2025-03-01T12:00:00+00:00", "local")
    ]


def test_editing_other_lines_of_a_file_does_not_introduce_its_key_again(repo: Repo) -> None:
    key = live_key("carried")
    added = repo.commit_files({"config.py": f'KEY = "{key}"\nA = 1\n'}, "key")
    for value in range(2, 5):
        repo.commit_files({"config.py": f'KEY = "{key}"\nA = {value}\n'}, f"edit {value}")
    repo.commit_files(
        {"config.py": f'# keys\nKEY = "{key}"  # production\nA = 9\n'}, "edit the key's line too"
    )
    assert [f[0] for f in primary(scan_json("--history", cwd=repo.path), key)] == [added]


def test_key_moved_between_files_is_attributed_at_each_path(repo: Repo) -> None:
    key = live_key("moved")
    repo.write("a.py", f'KEY = "{key}"\n')
    repo.write("b.py", "B = 1\n")
    first = commit_as(repo, ALICE, "2025-01-01T00:00:00+00:00", "in a")
    repo.write("a.py", "A = 1\n")
    repo.write("b.py", f'B = 1\nKEY = "{key}"\n')
    second = commit_as(repo, BOB, "2025-01-02T00:00:00+00:00", "move to b")
    assert primary(scan_json("--history", cwd=repo.path), key) == sorted(
        [
            (first, "a.py", "VPK005", ALICE, "2025-01-01T00:00:00+00:00", "local"),
            (second, "b.py", "VPK005", BOB, "2025-01-02T00:00:00+00:00", "local"),
        ]
    )


def test_key_only_on_a_side_branch(repo: Repo) -> None:
    key = live_key("side")
    repo.commit_files({"main.py": "pass\n"}, "main")
    repo.git("checkout", "-q", "-b", "experiment")
    repo.write("try.ts", f'export const key = "{key}";\n')
    side = commit_as(repo, BOB, "2025-05-05T05:05:05+00:00", "try")
    repo.git("checkout", "-q", "main")
    assert primary(scan_json("--history", cwd=repo.path), key) == [
        (side, "try.ts", "VPK006", BOB, "2025-05-05T05:05:05+00:00", "local")
    ]


def test_key_only_in_a_tagged_commit_of_a_deleted_branch_is_pushed(repo: Repo) -> None:
    key = live_key("tag")
    repo.commit_files({"main.py": "pass\n"}, "main")
    repo.git("checkout", "-q", "-b", "hotfix")
    fix = f"curl -H 'Authorization: Bearer {key}' https://api.vibepeak.ai/v1\n"
    tagged = repo.commit_files({"fix.sh": fix}, "hotfix")
    repo.git("tag", "v1.0.1")
    repo.git("checkout", "-q", "main")
    repo.git("branch", "-q", "-D", "hotfix")
    [found] = primary(scan_json("--history", cwd=repo.path), key)
    assert (found[0], found[1], found[2], found[5]) == (tagged, "fix.sh", "VPK006", "pushed")


def test_merge_reports_a_branch_key_once_at_its_commit_and_an_evil_merge_key_at_the_merge(
    repo: Repo,
) -> None:
    branch_key, merge_key = live_key("branch"), live_key("evil-merge")
    repo.commit_files({"base.py": "pass\n"}, "base")
    repo.git("checkout", "-q", "-b", "feature")
    on_branch = repo.commit_files({"feature.py": f'KEY = "{branch_key}"\n'}, "feature")
    repo.git("checkout", "-q", "main")
    repo.commit_files({"other.py": "other = 1\n"}, "main moves on")
    repo.git("merge", "-q", "--no-ff", "--no-commit", "feature")
    merge = repo.commit_files({"merge_fix.py": f'KEY = "{merge_key}"\n'}, "merge feature")
    findings = scan_json("--history", cwd=repo.path)
    assert [(f[0], f[1]) for f in primary(findings, branch_key)] == [(on_branch, "feature.py")]
    assert [(f[0], f[1]) for f in primary(findings, merge_key)] == [(merge, "merge_fix.py")]


def test_key_in_a_file_renamed_later_is_found_at_both_paths(repo: Repo) -> None:
    key = live_key("renamed")
    repo.write("old_name.py", f'KEY = "{key}"\nprint(KEY)\n')
    first = commit_as(repo, ALICE, "2025-06-01T00:00:00+00:00", "add")
    repo.git("mv", "old_name.py", "new_name.py")
    renamed = commit_as(repo, BOB, "2025-06-02T00:00:00+00:00", "rename")
    assert primary(scan_json("--history", cwd=repo.path), key) == sorted(
        [
            (first, "old_name.py", "VPK005", ALICE, "2025-06-01T00:00:00+00:00", "local"),
            (renamed, "new_name.py", "VPK005", BOB, "2025-06-02T00:00:00+00:00", "local"),
        ]
    )


def test_key_reintroduced_after_removal_names_both_commits(repo: Repo) -> None:
    key = live_key("again")
    content = f'KEY = "{key}"\n'
    repo.write("local_settings.py", content)
    first = commit_as(repo, ALICE, "2025-07-01T00:00:00+00:00", "add")
    repo.commit_files({"local_settings.py": "KEY = None\n"}, "remove")
    repo.write("local_settings.py", content)
    again = commit_as(repo, BOB, "2025-07-03T00:00:00+00:00", "oops, again")
    found = primary(scan_json("--history", cwd=repo.path), key)
    assert [(f[0], f[1], f[3], f[4]) for f in found] == sorted(
        [
            (first, "local_settings.py", ALICE, "2025-07-01T00:00:00+00:00"),
            (again, "local_settings.py", BOB, "2025-07-03T00:00:00+00:00"),
        ]
    )
    assert {f[2] for f in found} == {"VPK005"}


def test_exposure_is_pushed_for_commits_a_remote_tracking_ref_reaches(repo: Repo) -> None:
    pushed_key, local_key = live_key("pushed"), live_key("local")
    pushed = repo.commit_files({"a.py": f'A = "{pushed_key}"\n'}, "pushed")
    repo.git("update-ref", "refs/remotes/origin/main", pushed)
    local = repo.commit_files({"b.py": f'B = "{local_key}"\n'}, "not pushed yet")
    findings = scan_json("--history", cwd=repo.path)
    assert [(f[0], f[5]) for f in primary(findings, pushed_key)] == [(pushed, "pushed")]
    assert [(f[0], f[5]) for f in primary(findings, local_key)] == [(local, "local")]


def test_stash_entries_and_notes_are_scanned(repo: Repo) -> None:
    older, newer, noted = live_key("stash-1"), live_key("stash-2"), test_key("note")
    base = repo.commit_files({"app.py": "pass\n"}, "base")
    repo.write("app.py", f'KEY = "{older}"\n')
    repo.git("stash", "-q")
    repo.write("app.py", f'KEY = "{newer}"\n')
    repo.git("stash", "-q")
    repo.git("notes", "add", "-m", f"deployed with {noted}", base)
    findings = scan_json("--history", cwd=repo.path)
    assert {f[1] for f in primary(findings, older)} == {"app.py"}
    assert {f[1] for f in primary(findings, newer)} == {"app.py"}
    [note] = primary(findings, noted)
    assert note[1] == base  # a note is stored at the path of the commit it annotates


def test_unreachable_objects_are_scanned_only_with_all_objects(repo: Repo) -> None:
    dangling_commit_key, dangling_blob_key = live_key("reset"), live_key("hashed")
    repo.commit_files({"a.py": "pass\n"}, "base")
    lost = repo.commit_files({"a.py": f'KEY = "{dangling_commit_key}"\n'}, "soon lost")
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.git("reflog", "expire", "--expire=now", "--all")
    blob_file = repo.write("loose.txt", f"TOKEN={dangling_blob_key}\n")
    blob = repo.git("hash-object", "-w", str(blob_file)).strip()
    blob_file.unlink()
    assert scan_json("--history", cwd=repo.path) == []
    findings = scan_json("--history", "--all-objects", cwd=repo.path)
    assert [(f[0], f[1], f[2]) for f in primary(findings, dangling_commit_key)] == [
        (lost, "a.py", "VPK006")
    ]
    assert [(f[0], f[1], f[2], f[5]) for f in primary(findings, dangling_blob_key)] == [
        (None, blob, "VPK006", "local")
    ]


def test_every_distinct_blob_is_read_once_and_commits_are_counted(repo: Repo) -> None:
    key = live_key("once")
    repo.commit_files(
        {"a.py": f'KEY = "{key}"\n', "duplicate.py": f'KEY = "{key}"\n'}, "two paths, one blob"
    )
    repo.commit_files({"b.py": "x = 1\n"}, "second")
    result = run_vpkscan("scan", "--history", "--format", "json", cwd=repo.path)
    scan = result.json()["scan"]
    assert (scan["mode"], scan["files_scanned"], scan["commits_scanned"]) == ("history", 2, 2)
    assert sorted(f["path"] for f in result.json()["findings"]) == ["a.py", "duplicate.py"]
    assert result.returncode == 1


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_history_reports_are_redacted(repo: Repo, fmt: str) -> None:
    key = live_key("redact")
    repo.commit_files({"a.py": f'KEY = "{key}"\n'}, "key")
    result = run_vpkscan("scan", "--history", "--format", fmt, cwd=repo.path)
    assert result.returncode == 1
    assert key not in result.stdout + result.stderr


def apk_with(key: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("res/values/strings.xml", f'<string name="api">{key}</string>\n')
        archive.writestr("classes.dex", b"dex\n035\0" + bytes(range(256)) * 64)
    return buffer.getvalue()


def test_key_in_an_archive_committed_then_removed_is_found_in_its_member(repo: Repo) -> None:
    key = live_key("apk")
    repo.write("release/app.apk", apk_with(key))
    added = commit_as(repo, ALICE, "2025-08-01T00:00:00+00:00", "ship the apk")
    repo.git("rm", "-q", "release/app.apk")
    repo.commit("remove the apk")
    findings = scan_json("--history", cwd=repo.path)
    assert [(f[0], f[1], f[2]) for f in primary(findings, key)] == [
        (added, "release/app.apk!res/values/strings.xml", "VPK006")
    ]
    # Not opened, the compressed member hides the key: --no-archives says so by missing it.
    assert primary(scan_json("--history", "--no-archives", cwd=repo.path), key) == []


def test_no_decode_applies_to_history(repo: Repo) -> None:
    key = live_key("b64-history")
    encoded = base64.b64encode(f"token:{key}".encode()).decode()
    added = repo.commit_files({"k8s/secret.yaml": f"data:\n  token: {encoded}\n"}, "secret")
    assert [f[0] for f in primary(scan_json("--history", cwd=repo.path), key)] == [added]
    assert primary(scan_json("--history", "--no-decode", cwd=repo.path), key) == []

"""Listing tracked files from the index: every path once, spelled as the file system
spells it, whatever the names and during a merge conflict."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.helpers import Repo
from vpkscan.git.index import IndexEntry, ls_files, parse_stage
from vpkscan.sources.worktree import plan_tracked


def _records(*entries: tuple[str, str, int, bytes]) -> bytes:
    return b"".join(
        f"{mode} {oid} {stage}\t".encode() + path + b"\0" for mode, oid, stage, path in entries
    )


def test_names_that_are_not_utf8_and_odd_characters_survive(repo: Repo) -> None:
    names = ["plain.txt", "with space.js", "tab\there.py", "é→日本.md", "new\nline.env"]
    for name in names:
        repo.write(name, "x\n")
    raw = os.fsdecode(b"latin-\xe9.txt")
    (repo.path / raw).write_bytes(b"x\n")
    repo.add()
    listed = {entry.path: entry for entry in ls_files(repo.path)}
    assert sorted(listed) == sorted([*names, raw])
    assert all(entry.mode == "100644" and len(entry.oid) == 40 for entry in listed.values())
    plan = plan_tracked(repo.path)
    assert sorted(ref.path for ref in plan.files) == sorted([*names, raw])
    assert all(os.path.isfile(ref.fspath) for ref in plan.files)


def test_a_conflicted_path_is_listed_once(repo: Repo) -> None:
    repo.commit_files({"app.py": "base\n", "other.py": "same\n"})
    repo.git("checkout", "-q", "-b", "side")
    repo.commit_files({"app.py": "side\n"})
    repo.git("checkout", "-q", "-")
    repo.commit_files({"app.py": "main\n"})
    merge = subprocess.run(
        ["git", "merge", "-q", "side"], cwd=repo.path, capture_output=True, check=False
    )
    assert merge.returncode != 0  # the conflict is real
    stages = repo.git("ls-files", "--stage", "app.py").splitlines()
    assert len(stages) == 3
    entries = ls_files(repo.path)
    assert sorted(entry.path for entry in entries) == ["app.py", "other.py"]
    # The first stage recorded is the one kept (the merge base's).
    assert next(e for e in entries if e.path == "app.py").oid == stages[0].split()[1]


def test_the_one_pass_parse_gives_what_record_by_record_gives() -> None:
    oid = "a" * 40
    plain = _records(
        ("100644", oid, 0, b"a.txt"),
        ("120000", oid, 0, b"link"),
        ("160000", oid, 0, b"sub"),
        ("100755", "b" * 64, 0, b"\xff\xfe odd\tname"),
    )
    assert parse_stage(plain) == [
        IndexEntry("100644", oid, "a.txt"),
        IndexEntry("120000", oid, "link"),
        IndexEntry("160000", oid, "sub"),
        IndexEntry("100755", "b" * 64, os.fsdecode(b"\xff\xfe odd\tname")),
    ]
    # A path that looks like a record ("0\t" inside it) is still one path.
    tricky = _records(("100644", oid, 0, b"x 0\ty"), ("100644", oid, 2, b"c"))
    conflicted = tricky + _records(("100644", "c" * 40, 3, b"c"))
    assert parse_stage(tricky) == [
        IndexEntry("100644", oid, "x 0\ty"),
        IndexEntry("100644", oid, "c"),
    ]
    assert [e.path for e in parse_stage(conflicted)] == ["x 0\ty", "c"]
    # A conflicted path that holds a whole stage-0 record is no record of its own.
    forged = b"x 100644 " + oid.encode() + b" 0\tforged"
    staged = _records(*((("100644", oid, stage, forged)) for stage in (1, 2, 3)))
    assert [e.path for e in parse_stage(staged)] == [forged.decode()]
    assert parse_stage(b"") == []


def test_the_listing_matches_git_for_every_path(tmp_path: Path, repo: Repo) -> None:
    files = {f"dir{i % 7}/file {i}.txt": f"{i}\n" for i in range(300)}
    repo.commit_files(files)
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=repo.path, capture_output=True, check=True
    ).stdout
    expected = [os.fsdecode(p) for p in out.split(b"\0") if p]
    assert [entry.path for entry in ls_files(repo.path)] == expected

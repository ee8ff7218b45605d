"""What each target reads (SPEC §2): tracked files, paths, directories, stdin, the index."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Repo, invoke
from tests.keys import live_key
from tests.keys import test_key as sandbox_key
from vpkscan.model import SkipReason


@pytest.fixture(autouse=True)
def _no_enclosing_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


def scan_in_process(*args: str, cwd: Path, stdin: bytes | None = None) -> tuple[Any, str]:
    """The JSON report of ``vpkscan scan ARGS`` and its stderr, from an in-process run
    (``invoke``): many scans, so no subprocess for each."""
    result = invoke("scan", "-f", "json", *args, cwd=cwd, stdin=stdin)
    assert result.returncode in (0, 1), result.stderr
    return result.json(), result.stderr


def paths_found(*args: str, cwd: Path, stdin: bytes | None = None) -> list[str]:
    report, _ = scan_in_process(*args, cwd=cwd, stdin=stdin)
    return sorted({finding["path"] for finding in report["findings"]})


# --- vpkscan scan: the tracked files of the repository ------------------------------------


def test_scans_tracked_files_only(repo: Repo) -> None:
    repo.write("src/app.py", f"KEY = '{live_key('tracked')}'\n")
    repo.write("src/scratch.py", f"KEY = '{live_key('untracked')}'\n")
    repo.write("notes.txt", f"{live_key('untracked-2')}\n")
    repo.add("src/app.py")
    report, _ = scan_in_process(cwd=repo.path)
    assert [f["path"] for f in report["findings"]] == ["src/app.py"]
    assert report["scan"]["mode"] == "tree"
    assert report["scan"]["files_scanned"] == 1


def test_committed_and_staged_files_are_both_tracked(repo: Repo) -> None:
    repo.commit_files({"committed.py": f"KEY = '{live_key('committed')}'\n"}, "first")
    repo.write("added.py", f"KEY = '{live_key('added')}'\n")
    repo.add("added.py")
    assert paths_found(cwd=repo.path) == ["added.py", "committed.py"]


def test_reads_the_working_tree_not_the_index(repo: Repo) -> None:
    repo.write("app.py", "KEY = None\n")
    repo.add()
    repo.write("app.py", f"KEY = '{live_key('edited')}'\n")
    assert paths_found(cwd=repo.path) == ["app.py"]


def test_from_a_subdirectory_scans_the_whole_repository(repo: Repo) -> None:
    repo.write("a/app.py", f"KEY = '{live_key('sub-a')}'\n")
    repo.write("b/app.py", f"KEY = '{live_key('sub-b')}'\n")
    repo.add()
    report, _ = scan_in_process(cwd=repo.path / "a")
    assert sorted(f["path"] for f in report["findings"]) == ["a/app.py", "b/app.py"]
    assert os.path.samefile(report["scan"]["root"], repo.path)


def test_tracked_file_deleted_from_the_working_tree_is_skipped(repo: Repo) -> None:
    repo.write("gone.py", f"KEY = '{live_key('gone')}'\n")
    repo.write("kept.py", "x = 1\n")
    repo.add()
    (repo.path / "gone.py").unlink()
    report, stderr = scan_in_process(cwd=repo.path)
    assert report["findings"] == []
    assert report["scan"]["files_scanned"] == 1
    assert f"skipped 1 {SkipReason.MISSING.value}" in stderr


def test_submodule_and_tracked_symlink_are_skipped(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text(f"KEY = '{live_key('behind-symlink')}'\n")
    sub = Repo.init(repo.path / "vendor" / "lib")
    sub.commit_files({"lib.py": f"KEY = '{live_key('in-submodule')}'\n"}, "lib")
    repo.git("add", "vendor/lib")
    (repo.path / "link.py").symlink_to(outside)
    repo.write("app.py", "x = 1\n")
    repo.add("link.py", "app.py")
    modes = {line.split()[0] for line in repo.git("ls-files", "--stage").splitlines()}
    assert modes == {"100644", "120000", "160000"}
    report, stderr = scan_in_process(cwd=repo.path)
    assert report["findings"] == []
    assert report["scan"]["files_scanned"] == 1
    assert SkipReason.SUBMODULE.value in stderr
    assert SkipReason.SYMLINK.value in stderr


# --- vpkscan scan PATH... inside a repository ---------------------------------------------


def test_paths_inside_a_repository_limit_to_tracked_files_under_them(repo: Repo) -> None:
    repo.write("web/app.js", f"const k = '{live_key('web')}';\n")
    repo.write("web/draft.js", f"const k = '{live_key('web-draft')}';\n")
    repo.write("server/app.py", f"KEY = '{live_key('server')}'\n")
    repo.write("webhooks/app.py", f"KEY = '{live_key('prefix-lookalike')}'\n")
    repo.add("web/app.js", "server/app.py", "webhooks/app.py")
    report, _ = scan_in_process("web", cwd=repo.path)
    assert [f["path"] for f in report["findings"]] == ["web/app.js"]
    assert report["scan"]["mode"] == "paths"
    assert paths_found("web/app.js", "server", cwd=repo.path) == ["server/app.py", "web/app.js"]


def test_relative_paths_from_a_subdirectory(repo: Repo) -> None:
    repo.write("web/app.js", f"const k = '{live_key('rel-web')}';\n")
    repo.write("server/app.py", f"KEY = '{live_key('rel-server')}'\n")
    repo.add()
    assert paths_found(".", cwd=repo.path / "web") == ["web/app.js"]
    assert paths_found("../server", cwd=repo.path / "web") == ["server/app.py"]


def test_absolute_path_into_a_repository_from_outside(repo: Repo, tmp_path: Path) -> None:
    repo.write("web/app.js", f"const k = '{live_key('abs-web')}';\n")
    repo.write("web/untracked.js", f"const k = '{live_key('abs-untracked')}';\n")
    repo.add("web/app.js")
    assert paths_found(str(repo.path / "web"), cwd=tmp_path) == ["web/app.js"]


# --- vpkscan scan PATH... outside a repository: a walk honouring .gitignore ---------------


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _git_oracle(root: Path) -> set[str]:
    """The files git itself would consider (not ignored), to cross-check the walk."""
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    out = subprocess.run(
        ["git", "ls-files", "-z", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout
    return {os.fsdecode(p) for p in out.split(b"\0") if p}


def test_walk_honours_nested_gitignore_files(tmp_path: Path) -> None:
    root = tmp_path / "project"
    ignores = {
        ".gitignore": "*.log\n!important.log\nbuild/\nsecret*\n/top-only.txt\n",
        "a/.gitignore": "!secret.txt\n",
        "a/b/.gitignore": "secret.txt\n",
        "c/.gitignore": "*\n!*.py\n!*/\n",
    }
    for path, text in ignores.items():
        _write(root, path, text)
    holding_keys = [
        "x.log",
        "important.log",
        "build/out.js",
        "lib/build/out.js",
        "build.js",
        "a/secret.txt",
        "a/secret2.txt",
        "a/b/secret.txt",
        "a/b/other.txt",
        "top-only.txt",
        "sub/top-only.txt",
        "c/keep.py",
        "c/drop.txt",
        "c/deep/keep.py",
        "c/deep/drop.md",
    ]
    for i, path in enumerate(holding_keys):
        _write(root, path, f"KEY={live_key(f'walk-{i}')}\n")
    expected = [
        "a/b/other.txt",
        "a/secret.txt",
        "build.js",
        "c/deep/keep.py",
        "c/keep.py",
        "important.log",
        "sub/top-only.txt",
    ]
    report, _ = scan_in_process(".", cwd=root)
    found = sorted(f["path"] for f in report["findings"])
    assert found == expected
    assert report["scan"]["mode"] == "paths"
    # git itself agrees on which files a walk reads.
    readable = _git_oracle(root)
    assert report["scan"]["files_scanned"] == len(readable)
    assert set(found) == readable - set(ignores)


def test_walk_skips_git_directories(tmp_path: Path) -> None:
    root = tmp_path / "project"
    _write(root, ".git/config", f"KEY={live_key('dot-git')}\n")
    _write(root, "vendor/lib/.git", "gitdir: ../../.git/modules/lib\n")
    _write(root, "vendor/lib/.git-keep", f"KEY={live_key('not-git')}\n")
    _write(root, "app.py", f"KEY = '{live_key('app')}'\n")
    assert paths_found(str(root), cwd=tmp_path) == ["app.py", "vendor/lib/.git-keep"]


def test_walk_reports_paths_relative_to_the_named_directory(tmp_path: Path) -> None:
    _write(tmp_path, "project/src/app.py", f"KEY = '{live_key('rel')}'\n")
    report, _ = scan_in_process("project", cwd=tmp_path)
    assert [f["path"] for f in report["findings"]] == ["src/app.py"]
    assert os.path.samefile(report["scan"]["root"], tmp_path / "project")


def test_named_files_outside_a_repository(tmp_path: Path) -> None:
    _write(tmp_path, "one.py", f"KEY = '{live_key('one')}'\n")
    _write(tmp_path, "sub/two.py", f"KEY = '{live_key('two')}'\n")
    _write(tmp_path, "sub/three.py", f"KEY = '{live_key('three')}'\n")
    _write(tmp_path, ".gitignore", "two.py\n")
    # A file named explicitly is scanned even where a .gitignore would skip it in a walk.
    assert paths_found("one.py", "sub/two.py", cwd=tmp_path) == ["one.py", "sub/two.py"]


def test_walk_does_not_follow_symlinked_directories(tmp_path: Path) -> None:
    _write(tmp_path, "elsewhere/app.py", f"KEY = '{live_key('elsewhere')}'\n")
    _write(tmp_path, "project/app.py", "x = 1\n")
    (tmp_path / "project" / "linked").symlink_to(tmp_path / "elsewhere")
    report, stderr = scan_in_process("project", cwd=tmp_path)
    assert report["findings"] == []
    assert SkipReason.SYMLINK.value in stderr


# --- --no-git -----------------------------------------------------------------------------


def test_no_git_scans_untracked_files_inside_a_repository(repo: Repo) -> None:
    repo.write("tracked.py", f"KEY = '{live_key('ng-tracked')}'\n")
    repo.add()
    repo.write("untracked.py", f"KEY = '{live_key('ng-untracked')}'\n")
    repo.write("ignored.log", f"KEY={live_key('ng-ignored')}\n")
    repo.write(".gitignore", "*.log\n")
    assert paths_found(cwd=repo.path) == ["tracked.py"]
    assert paths_found("--no-git", cwd=repo.path) == ["tracked.py", "untracked.py"]
    assert paths_found("--no-git", ".", cwd=repo.path) == ["tracked.py", "untracked.py"]


# --- standard input -----------------------------------------------------------------------


def test_stdin_is_scanned(tmp_path: Path) -> None:
    key = live_key("stdin")
    data = f"line one\nTOKEN={key}\n".encode()
    report, _ = scan_in_process("-", cwd=tmp_path, stdin=data)
    [finding] = report["findings"]
    assert (finding["path"], finding["line"], finding["column"]) == ("-", 2, 7)
    assert finding["rule_id"] == "VPK005"
    assert report["scan"]["mode"] == "stdin"
    assert report["scan"]["bytes_scanned"] == len(data)


def test_stdin_filename_names_and_classifies_the_input(tmp_path: Path) -> None:
    data = f"VIBEPEAK_API_KEY={live_key('stdin-env')}\n".encode()
    report, _ = scan_in_process("-", "--stdin-filename", ".env", cwd=tmp_path, stdin=data)
    [finding] = report["findings"]
    assert (finding["path"], finding["rule_id"], finding["severity"]) == (".env", "VPK004", "high")


def test_stdin_larger_than_the_whole_read_limit(tmp_path: Path) -> None:
    key = live_key("stdin-big")
    data = b"x" * (9 << 20) + b"\n" + key.encode() + b"\n"
    report, _ = scan_in_process("-", cwd=tmp_path, stdin=data)
    [finding] = report["findings"]
    assert (finding["line"], finding["column"]) == (2, 1)


def test_empty_stdin_is_clean(tmp_path: Path) -> None:
    result = invoke("scan", "-", cwd=tmp_path, stdin=b"")
    assert result.returncode == 0, result.stderr


# --- --staged: the index, not the working tree --------------------------------------------


def test_staged_reads_the_index_before_the_first_commit(repo: Repo) -> None:
    key = live_key("staged-removed")
    repo.write("config.py", f"KEY = '{key}'\n")
    repo.add()
    repo.write("config.py", "KEY = os.environ['VIBEPEAK_API_KEY']\n")
    report, _ = scan_in_process("--staged", cwd=repo.path)
    [finding] = report["findings"]
    assert (finding["path"], finding["line"], finding["column"]) == ("config.py", 1, 8)
    assert report["scan"]["mode"] == "staged"
    # The working tree holds no key: a tree scan finds nothing.
    assert paths_found(cwd=repo.path) == []


def test_staged_ignores_unstaged_edits(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    repo.add()
    repo.write("app.py", f"x = '{live_key('unstaged')}'\n")
    repo.write("new.py", f"x = '{live_key('untracked-new')}'\n")
    assert paths_found("--staged", cwd=repo.path) == []
    assert paths_found(cwd=repo.path) == ["app.py"]


def test_staged_after_commits_reads_only_staged_changes(repo: Repo) -> None:
    repo.commit_files(
        {"old.py": f"x = '{live_key('committed-before')}'\n", "app.py": "x = 1\n"}, "first"
    )
    repo.write("app.py", f"x = 1\ny = '{sandbox_key('staged-change')}'\n")
    repo.add("app.py")
    repo.write("app.py", "x = 1\n")
    report, _ = scan_in_process("--staged", cwd=repo.path)
    assert [(f["path"], f["line"], f["key_mode"]) for f in report["findings"]] == [
        ("app.py", 2, "test")
    ]


def test_staged_with_paths_narrows_to_them(repo: Repo) -> None:
    repo.write("web/app.js", f"const k = '{live_key('staged-web')}';\n")
    repo.write("server/app.py", f"KEY = '{live_key('staged-server')}'\n")
    repo.add()
    assert paths_found("--staged", "server/app.py", cwd=repo.path) == ["server/app.py"]
    assert paths_found("--staged", "web", cwd=repo.path) == ["web/app.js"]
    assert paths_found("--staged", ".", cwd=repo.path) == ["server/app.py", "web/app.js"]
    assert paths_found("--staged", ".", cwd=repo.path / "web") == ["web/app.js"]


def test_staged_with_nothing_staged_says_so(repo: Repo) -> None:
    repo.commit_files({"app.py": f"x = '{live_key('committed-only')}'\n"}, "first")
    result = invoke("scan", "--staged", cwd=repo.path)
    assert result.returncode == 0
    assert "no file is staged" in result.stderr


def test_staged_skips_symlinks_and_submodules(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text(f"KEY = '{live_key('staged-link')}'\n")
    (repo.path / "link.py").symlink_to(outside)
    repo.add("link.py")
    report, stderr = scan_in_process("--staged", cwd=repo.path)
    assert report["findings"] == []
    assert SkipReason.SYMLINK.value in stderr

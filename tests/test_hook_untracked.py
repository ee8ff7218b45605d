"""``vpkscan scan --untracked`` and ``scan --staged``: everything that could be committed."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import Repo, Run, run_vpkscan, scan_report
from tests.keys import live_key
from vpkscan.model import ScanMode
from vpkscan.sources.index import plan_staged


def paths(result: Run) -> list[str]:
    return sorted({finding["path"] for finding in result.json()["findings"]})


def make(repo: Repo) -> None:
    """One tracked key; one untracked, one in an ignored folder, one in an ignored file."""
    tracked = {".gitignore": "build/\n*.log\n", "tracked.py": f"K = '{live_key('tracked')}'\n"}
    repo.commit_files(tracked, "initial")
    repo.write("new/config.yaml", f"key: {live_key('untracked')}\n")
    repo.write("build/out.js", f"var k='{live_key('ignored')}';\n")
    repo.write("debug.log", f"{live_key('log')}\n")


def test_untracked_adds_files_git_does_not_ignore(repo: Repo) -> None:
    make(repo)
    assert paths(scan_report(cwd=repo.path)) == ["tracked.py"]
    result = scan_report("--untracked", cwd=repo.path)
    assert result.returncode == 1
    assert paths(result) == ["new/config.yaml", "tracked.py"]


def test_untracked_with_paths_and_from_a_subfolder(repo: Repo) -> None:
    make(repo)
    assert paths(scan_report("--untracked", "new", cwd=repo.path)) == ["new/config.yaml"]
    assert paths(scan_report("--untracked", ".", cwd=repo.path / "new")) == ["new/config.yaml"]
    (repo.path / "docs").mkdir()
    whole = scan_report("--untracked", cwd=repo.path / "docs")
    assert paths(whole) == ["new/config.yaml", "tracked.py"]


def test_staged_plus_untracked(repo: Repo) -> None:
    make(repo)
    repo.write("staged.txt", f"{live_key('staged')}\n")
    repo.add("staged.txt")
    assert paths(scan_report("--staged", cwd=repo.path)) == ["staged.txt"]
    result = scan_report("--staged", "--untracked", cwd=repo.path)
    assert paths(result) == ["new/config.yaml", "staged.txt"]
    assert result.json()["scan"]["mode"] == "staged"


def test_untracked_usage_errors(repo: Repo, tmp_path: Path) -> None:
    make(repo)
    for args in (["--untracked", "--no-git"], ["--untracked", "-"]):
        result = run_vpkscan("scan", *args, cwd=repo.path, stdin=b"")
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.txt").write_text("x\n")
    result = run_vpkscan(
        "scan", "--untracked", ".", cwd=plain, env={"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    )
    assert result.returncode == 2
    assert "--untracked" in result.stderr


def test_staged_narrowed_to_folders(repo: Repo) -> None:
    repo.write("a/one.txt", f"{live_key('one')}\n")
    repo.write("b/two.txt", f"{live_key('two')}\n")
    repo.add()
    assert paths(scan_report("--staged", "a", cwd=repo.path)) == ["a/one.txt"]
    assert paths(scan_report("--staged", "b/two.txt", cwd=repo.path)) == ["b/two.txt"]
    assert paths(scan_report("--staged", cwd=repo.path)) == ["a/one.txt", "b/two.txt"]


def test_plan_staged_lists_index_blobs_and_project(repo: Repo) -> None:
    repo.commit_files({"kept.txt": "kept\n", "gone.txt": "gone\n"}, "initial")
    repo.write("kept.txt", "changed\n")
    repo.write("new.txt", "new\n")
    repo.git("rm", "-q", "gone.txt")
    repo.add()
    repo.write("kept.txt", "unstaged edit\n")
    plan = plan_staged(repo.path)
    assert plan.mode is ScanMode.STAGED
    staged = {ref.path: ref.oid for ref in plan.blobs}
    assert sorted(staged) == ["kept.txt", "new.txt"]
    assert staged["kept.txt"] == repo.git("rev-parse", ":kept.txt").strip()
    assert sorted(plan.all_paths) == ["kept.txt", "new.txt"]
    excluded = plan_staged(repo.path, exclude=["new.*"])
    assert [ref.path for ref in excluded.blobs] == ["kept.txt"]
    assert [item.path for item in excluded.skipped] == ["new.txt"]

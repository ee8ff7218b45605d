"""History and range scans fail closed: an object they were asked to read and could not
(missing, corrupt, not fetched by a partial clone) is exit 2, never a clean pass."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key


def _drop_loose(repo: Repo, oid: str) -> None:
    (repo.path / ".git" / "objects" / oid[:2] / oid[2:]).unlink()


@pytest.fixture
def lost_blob(repo: Repo) -> tuple[Repo, str]:
    """A key committed, its file removed later, and its blob then deleted."""
    start = repo.commit_files({"README.md": "x\n"}, "start")
    repo.commit_files({"app/settings.py": f'KEY = "{live_key("lost")}"\n'}, "add")
    oid = repo.git("rev-parse", "HEAD:app/settings.py").strip()
    repo.git("rm", "-q", "app/settings.py")
    repo.commit("remove")
    _drop_loose(repo, oid)
    return repo, start


def test_history_with_a_missing_blob_exits_2(lost_blob: tuple[Repo, str]) -> None:
    repo, _ = lost_blob
    run = run_vpkscan("scan", "--history", cwd=repo.path)
    assert run.returncode == 2, run.stderr
    assert "missing from the repository" in run.stderr
    assert "app/settings.py" in run.stderr
    assert "--skip-missing-objects" in run.stderr
    assert "Traceback" not in run.stderr


def test_skip_missing_objects_scans_the_rest_and_says_so(lost_blob: tuple[Repo, str]) -> None:
    repo, _ = lost_blob
    run = run_vpkscan("scan", "--history", "--skip-missing-objects", cwd=repo.path)
    assert run.returncode == 0, run.stderr
    assert "skipped 1 blob missing from the repository" in run.stderr


def test_range_over_a_missing_blob_exits_2(lost_blob: tuple[Repo, str]) -> None:
    repo, start = lost_blob
    for args in (("--range", f"{start}..HEAD"), ("--since-commit", start)):
        run = run_vpkscan("scan", *args, cwd=repo.path)
        assert run.returncode == 2, (args, run.stderr)
        assert "missing" in run.stderr
    skipping = run_vpkscan(
        "scan", "--range", f"{start}..HEAD", "--skip-missing-objects", cwd=repo.path
    )
    assert skipping.returncode == 0, skipping.stderr
    assert "skipped 1 blob missing" in skipping.stderr


def test_a_corrupt_commit_is_not_an_empty_repository(repo: Repo) -> None:
    head = repo.commit_files({"app/settings.py": f'KEY = "{live_key("corrupt")}"\n'})
    (repo.path / ".git" / "objects" / head[:2] / head[2:]).chmod(0o644)
    (repo.path / ".git" / "objects" / head[:2] / head[2:]).write_bytes(b"garbage")
    run = run_vpkscan("scan", "--history", cwd=repo.path)
    assert run.returncode == 2, run.stderr
    assert "no commits yet" not in run.stderr


def test_a_deleted_pack_fails_the_scan(repo: Repo) -> None:
    repo.commit_files({"app/settings.py": f'KEY = "{live_key("packed")}"\n'})
    repo.git("gc", "-q")
    for pack in (repo.path / ".git" / "objects" / "pack").glob("*.pack"):
        pack.unlink()
    run = run_vpkscan("scan", "--history", cwd=repo.path)
    assert run.returncode == 2, run.stderr


def test_a_blobless_partial_clone_fails_until_asked(repo: Repo, tmp_path: Path) -> None:
    repo.commit_files({"app/settings.py": f'KEY = "{live_key("partial")}"\n'}, "add")
    repo.git("rm", "-q", "app/settings.py")
    repo.commit("remove")
    repo.git("config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--filter=blob:none", "--no-checkout", repo.path.as_uri(), clone],
        check=True,
    )
    run = run_vpkscan("scan", "--history", cwd=clone)
    assert run.returncode == 2, run.stderr
    assert "partial clone" in run.stderr
    skipping = run_vpkscan("scan", "--history", "--skip-missing-objects", cwd=clone)
    assert skipping.returncode == 0, skipping.stderr
    assert "missing from the repository" in skipping.stderr


def test_skip_missing_objects_needs_a_history_mode(repo: Repo) -> None:
    repo.commit_files({"a.py": "x = 1\n"})
    run = run_vpkscan("scan", "--skip-missing-objects", cwd=repo.path)
    assert run.returncode == 2
    assert "only applies to --history" in run.stderr

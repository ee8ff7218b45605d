"""``--range A..B`` when A is unknown: after a force-push the push's ``before`` is gone,
a new branch has none; the scan falls back to the commits not published elsewhere, says
so in one note, writes its report and exits by its findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import fingerprint, live_key

ZEROS = "0" * 40


def keys_found(report: dict[str, Any]) -> set[str]:
    return {f["fingerprint"] for f in report["findings"]}


@pytest.fixture
def server(tmp_path: Path) -> Path:
    """A bare repository standing for the forge."""
    path = tmp_path / "server.git"
    Repo.init(path, "--bare")
    return path


def clone(server: Path, target: Path, branch: str) -> Repo:
    """A CI checkout: every branch fetched as origin/*, ``branch`` checked out."""
    Repo(target.parent).git("clone", "-q", "--branch", branch, str(server), str(target))
    return Repo(target)


def force_pushed(server: Path, tmp_path: Path) -> tuple[Repo, str, str, str]:
    """main holds an old key; the branch ``feature`` was pushed, then rewritten and
    force-pushed. Returns (developer clone, the gone commit, old key, rewritten key)."""
    dev = clone_empty(server, tmp_path / "dev")
    old, gone_key, new = live_key("fp-old"), live_key("fp-gone"), live_key("fp-new")
    dev.commit_files({"main.py": f'OLD = "{old}"\n'}, "main")
    dev.git("push", "-q", "origin", "main")
    dev.git("checkout", "-q", "-b", "feature")
    gone = dev.commit_files({"feature.py": f'K = "{gone_key}"\n'}, "feature")
    dev.git("push", "-q", "origin", "feature")
    dev.git("reset", "-q", "--hard", "main")
    dev.commit_files({"feature.py": f'K = "{new}"\n'}, "feature, rewritten")
    dev.git("push", "-q", "--force", "origin", "feature")
    # The server forgets the rewritten commit, as a forge does once it is unreachable.
    Repo(server).git("reflog", "expire", "--expire=now", "--all")
    Repo(server).git("gc", "-q", "--prune=now")
    return dev, gone, old, new


def clone_empty(server: Path, target: Path) -> Repo:
    repo = Repo.init(target)
    repo.git("remote", "add", "origin", str(server))
    return repo


def test_force_pushed_range_in_ci_scans_the_branch_and_writes_the_report(
    server: Path, tmp_path: Path
) -> None:
    _, gone, old, new = force_pushed(server, tmp_path)
    ci = clone(server, tmp_path / "ci", "feature")
    assert ci.git("cat-file", "-t", gone, check=False) == ""  # the CI clone lacks it
    out = tmp_path / "report.json"
    run = run_vpkscan(
        "scan", "--range", f"{gone}..HEAD", "--format", "json", "--output", str(out), cwd=ci.path
    )
    assert run.returncode == 1, run.stderr
    notes = [line for line in run.stderr.splitlines() if line.startswith("vpkscan: note:")]
    assert len(notes) == 1, run.stderr
    assert f"'{gone}' names no commit of this repository" in notes[0]
    assert "no other remote-tracking branch or tag holds" in notes[0]
    report = json.loads(out.read_text(encoding="utf-8"))
    # The branch's own commit, not main's history.
    assert keys_found(report) == {fingerprint(new)}
    assert report["scan"]["commits_scanned"] == 1
    assert fingerprint(old) not in keys_found(report)


def test_unknown_start_in_a_developer_clone_scans_what_is_not_pushed(
    server: Path, tmp_path: Path
) -> None:
    dev, gone, _, new = force_pushed(server, tmp_path)
    dev.git("update-ref", "-d", "refs/remotes/origin/feature")
    dev.git("reflog", "expire", "--expire=now", "--all")
    dev.git("gc", "-q", "--prune=now")
    local = live_key("fp-local")
    dev.commit_files({"local.py": f'K = "{local}"\n'}, "not pushed")
    run = run_vpkscan("scan", "--range", f"{gone}..HEAD", "--format", "json", cwd=dev.path)
    assert run.returncode == 1, run.stderr
    assert "scanned the 2 commits of HEAD" in run.stderr
    assert "that no remote-tracking branch holds" in run.stderr
    assert keys_found(run.json()) == {fingerprint(new), fingerprint(local)}


def test_unknown_start_without_remotes_scans_the_whole_branch(repo: Repo) -> None:
    first, second = live_key("nr-first"), live_key("nr-second")
    repo.commit_files({"a.py": f'A = "{first}"\n'}, "one")
    repo.commit_files({"b.py": f'B = "{second}"\n'}, "two")
    unknown = "deadbeef" * 5
    run = run_vpkscan("scan", "--range", f"{unknown}..HEAD", "--format", "json", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    assert "all 2 commits of HEAD" in run.stderr
    assert keys_found(run.json()) == {fingerprint(first), fingerprint(second)}
    clean = run_vpkscan(
        "scan", "--range", f"{unknown}..HEAD", "--fail-on", "critical", cwd=repo.path
    )
    assert clean.returncode == 0, clean.stderr


def test_new_branch_in_ci_scans_the_commits_since_it_forked(server: Path, tmp_path: Path) -> None:
    dev = clone_empty(server, tmp_path / "dev")
    old, new = live_key("nb-old"), live_key("nb-new")
    dev.commit_files({"main.py": f'OLD = "{old}"\n'}, "main")
    dev.git("push", "-q", "origin", "main")
    dev.git("checkout", "-q", "-b", "topic")
    dev.commit_files({"topic.py": f'K = "{new}"\n'}, "topic")
    dev.git("push", "-q", "origin", "topic")
    ci = clone(server, tmp_path / "ci", "topic")
    run = run_vpkscan("scan", "--range", f"{ZEROS}..HEAD", "--format", "json", cwd=ci.path)
    assert run.returncode == 1, run.stderr
    assert "the range starts at no commit" in run.stderr
    assert keys_found(run.json()) == {fingerprint(new)}


def test_a_misspelt_branch_name_is_still_an_error(repo: Repo) -> None:
    repo.commit_files({"a.py": "pass\n"}, "one")
    run = run_vpkscan("scan", "--range", "mian..HEAD", cwd=repo.path)
    assert run.returncode == 2
    assert "'mian' in 'mian..HEAD' names no commit" in run.stderr

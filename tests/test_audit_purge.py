"""The history purge of an audit's checklist, run as written with git filter-repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

from tests.audit_helpers import audit_json
from tests.helpers import Repo, run_vpkscan, scan_json
from tests.keys import live_key, test_key

#: Installed with the test extras, next to this interpreter's scripts.
SCRIPTS = sysconfig.get_path("scripts")
FILTER_REPO = shutil.which("git-filter-repo", path=f"{SCRIPTS}{os.pathsep}{os.environ['PATH']}")


@pytest.mark.skipif(FILTER_REPO is None, reason="git-filter-repo is not installed ('.[test]')")
def test_the_purge_command_removes_the_key_from_every_commit(tmp_path: Path) -> None:
    key, other = live_key("purge"), test_key("purge-keep")
    repo = Repo.init(tmp_path / "app")
    repo.commit_files(
        {
            "config.py": f"KEY = '{key}'  # same prefix\nOTHER = '{other}'\n",
            "web/a.jsx": f"k='{key}'\n",
        }
    )
    repo.commit_files({"config.py": f"OTHER = '{other}'\n", "web/a.jsx": "k=process.env.K\n"})
    report = audit_json(cwd=repo.path)
    [incident] = [i for i in report["incidents"] if i["key_mode"] == "live"]
    [purge] = [step for step in incident["checklist"] if step["action"] == "purge-history"]
    command = purge["command"]
    assert key[9:] not in command
    # filter-repo rewrites a fresh clone only, as the checklist says.
    clone = tmp_path / "fresh"
    subprocess.run(["git", "clone", "-q", "--no-local", str(repo.path), str(clone)], check=True)
    assert FILTER_REPO is not None
    path = f"{Path(FILTER_REPO).parent}{os.pathsep}{os.environ['PATH']}"
    purged = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", command],
        cwd=clone,
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path},
    )
    assert purged.returncode == 0, purged.stderr
    left = scan_json("--history", cwd=clone)
    assert [f["redacted"] for f in left] == [other[:13] + "…"]  # the other key is untouched
    blobs = subprocess.run(
        ["git", "log", "--all", "-p"], cwd=clone, capture_output=True, text=True, check=True
    ).stdout
    assert key not in blobs and "REMOVED_VIBEPEAK_KEY" in blobs
    assert run_vpkscan("audit", "-q", cwd=clone).returncode == 1  # the test key remains

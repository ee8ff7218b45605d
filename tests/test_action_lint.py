"""The composite action passes zizmor (offline) and GitHub's action schema, and every
third-party action it and the documented workflows use is pinned to a commit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
#: ``owner/repo[/path]@<full commit id> # vX.Y.Z``: the hash is what runs, the comment is
#: what a reviewer (and Dependabot) reads.
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40} # v\d+(\.\d+){0,2}$")


def _tool(name: str) -> str:
    """The console script installed beside this interpreter (the ``test`` extra)."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install -e '.[test]'"
    return found


def _offline_env() -> dict[str, str]:
    # No token: zizmor must not reach the network, whatever the environment holds.
    drop = {"GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"}
    return {name: value for name, value in os.environ.items() if name not in drop}


def zizmor(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_tool("zizmor"), "--offline", "--no-progress", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env=_offline_env(),
        cwd=path.parent,
    )


def github_actions_schema(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_zizmor_finds_nothing_in_the_action() -> None:
    proc = zizmor(ACTION)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout


def test_zizmor_check_is_not_vacuous(tmp_path: Path) -> None:
    unpinned = re.sub(r"@[0-9a-f]{40} # (v\d+)[.\d]*", r"@\1", ACTION.read_text())
    copy = tmp_path / "action.yml"
    copy.write_text(unpinned)
    proc = zizmor(copy)
    assert proc.returncode != 0
    assert "unpinned-uses" in proc.stdout


def test_the_action_is_valid_against_githubs_schema() -> None:
    proc = github_actions_schema(ACTION)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_schema_check_is_not_vacuous(tmp_path: Path) -> None:
    spec = yaml.safe_load(ACTION.read_text())
    spec["runs"]["steps"][0]["shell"] = 3
    del spec["runs"]["using"]
    broken = tmp_path / "action.yml"
    broken.write_text(yaml.safe_dump(spec))
    assert github_actions_schema(broken).returncode != 0


def _documented_uses() -> list[str]:
    uses = []
    for doc in (ROOT / "README.md", ROOT / "docs" / "ci.md"):
        for block in re.findall(r"```yaml\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            uses += re.findall(r"^\s*-?\s*uses:\s*(.+?)\s*$", block, re.M)
    return uses


@pytest.mark.parametrize("source", ["action", "docs"])
def test_every_third_party_action_is_pinned_to_a_commit(source: str) -> None:
    if source == "action":
        found = re.findall(r"^\s*uses:\s*(.+?)\s*$", ACTION.read_text(), re.M)
    else:
        # vpkscan's own action is shown at its release tag, the name users look up.
        found = [u for u in _documented_uses() if not u.startswith("vpkscan/vpkscan@")]
    assert found
    unpinned = [uses for uses in found if not PINNED.match(uses)]
    assert not unpinned

"""The documented GitHub Actions audit workflow: valid, pinned, lint-clean, and its
steps run for real on local repositories (a matrix job per repository, then the merge)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.audit_helpers import SHARED, api_repo, web_repo
from tests.helpers import Repo
from tests.keys import fingerprint
from tests.test_action_lint import PINNED, _tool, zizmor

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "audit.md"


def workflow_text() -> str:
    [block] = [
        b
        for b in re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
        if "jobs:" in b
    ]
    return block


def workflow() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(workflow_text())
    return loaded


def _step(job: str, name: str) -> dict[str, Any]:
    [found] = [s for s in workflow()["jobs"][job]["steps"] if s.get("name") == name]
    return found


@pytest.fixture
def workflow_file(tmp_path: Path) -> Path:
    path = tmp_path / "audit.yml"
    path.write_text(workflow_text(), encoding="utf-8")
    return path


def test_the_workflow_is_valid_and_lint_clean(workflow_file: Path) -> None:
    schema = subprocess.run(
        [
            _tool("check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            str(workflow_file),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert schema.returncode == 0, schema.stdout + schema.stderr
    lint = zizmor(workflow_file)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_the_workflow_pins_actions_and_takes_values_from_the_environment() -> None:
    jobs = workflow()["jobs"]
    # The version comment is part of the pin: read from the text, which keeps it.
    uses = re.findall(r"^\s*-?\s*uses:\s*(.+?)\s*$", workflow_text(), re.M)
    assert len(uses) == 6 and all(PINNED.match(u) for u in uses), uses
    for job in jobs.values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step
    assert jobs["audit"]["strategy"]["matrix"]["repository"]
    assert jobs["report"]["needs"] == "audit"
    checkout = jobs["audit"]["steps"][0]["with"]
    assert checkout["fetch-depth"] == 0 and checkout["persist-credentials"] is False


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env, "PATH": path},
    )


def test_the_workflow_steps_audit_each_repository_and_merge(tmp_path: Path) -> None:
    web_repo(tmp_path)
    api_repo(tmp_path)
    Repo.init(tmp_path / "worker").commit_files({"jobs/run.py": f"KEY = '{SHARED}'\n"})
    audit = _step("audit", "Audit the repository")
    merge = _step("report", "Merge the reports")
    reports = tmp_path / "runner" / "reports"
    for index, name in enumerate(("web", "api", "worker")):
        # The job's workspace: the repository checked out at ./repo.
        workspace = tmp_path / f"job-{index}"
        workspace.mkdir()
        (workspace / "repo").symlink_to(tmp_path / name)
        run = _bash(audit["run"], workspace, {"REPOSITORY": f"acme/{name}"})
        assert run.returncode == 0, run.stderr
        artifact = reports / f"audit-{index}"  # download-artifact: one folder per artifact
        artifact.mkdir(parents=True)
        (workspace / "audit.json").rename(artifact / "audit.json")
    summary = tmp_path / "step-summary.md"
    run = _bash(merge["run"], reports.parent, {"GITHUB_STEP_SUMMARY": str(summary)})
    assert run.returncode == 1, run.stderr  # a high or critical incident fails the job
    merged = json.loads((reports.parent / "audit.json").read_text(encoding="utf-8"))
    shared = next(i for i in merged["incidents"] if i["fingerprint"] == fingerprint(SHARED))
    assert shared["repositories"] == [
        "github.com/acme/api",
        "github.com/acme/web",
        "github.com/acme/worker",
    ]
    assert len(merged["incidents"]) == 3
    html = (reports.parent / "audit.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "github.com/acme/worker" in html
    assert summary.read_text(encoding="utf-8").startswith("# VibePeak key audit")

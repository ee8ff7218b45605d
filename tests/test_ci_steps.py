"""The ready-made CI steps: the GitHub composite action, the workflows and GitLab job in the
docs, and the pre-commit.ci setup are parsed, checked against the CLI, and run for real
where a shell can run them.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from junitparser import Failure, JUnitXml

from tests.helpers import Repo
from tests.keys import live_key
from tests.test_report_sarif import schema_errors
from vpkscan import __version__
from vpkscan.model import Severity
from vpkscan.report import OutputFormat

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "ci.md"
PROJECT_URL = "https://github.com/vpkscan/vpkscan"
RELEASE_REF = f"v{__version__}"
NO_COMMIT = "0" * 40
EXPRESSION = re.compile(r"^\$\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}$")
CONDITION = re.compile(r"^([A-Za-z0-9_.-]+)\s*(==|!=)\s*'([^']*)'$")


@cache
def action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return loaded


def step(name: str) -> dict[str, Any]:
    [found] = [s for s in action()["runs"]["steps"] if s.get("name") == name]
    return found


def yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown, flags=re.DOTALL)


def docs_blocks() -> list[Any]:
    return [yaml.safe_load(b) for b in yaml_blocks(DOCS.read_text(encoding="utf-8"))]


def scan_options() -> set[str]:
    from vpkscan.cli.scan import scan

    return {option for param in scan.params for option in param.opts if option.startswith("-")}


# --- a small stand-in for the Actions runner: property expressions and `if` conditions ---


def context(inputs: dict[str, str], github: dict[str, str]) -> dict[str, str]:
    declared = action()["inputs"]
    assert set(inputs) <= set(declared), "inputs the action does not declare"
    values = {f"inputs.{name}": str(spec.get("default", "")) for name, spec in declared.items()}
    values.update({f"inputs.{name}": value for name, value in inputs.items()})
    values.update({f"github.{name}": value for name, value in github.items()})
    return values


def evaluate(condition: str, values: dict[str, str]) -> bool:
    """``a == 'x' && b != 'y'``: the only form of condition the action uses."""
    results = []
    for part in condition.split("&&"):
        match = CONDITION.match(part.strip())
        assert match, f"condition the stand-in cannot evaluate: {part}"
        name, operator, literal = match.groups()
        results.append((values.get(name, "") == literal) == (operator == "=="))
    return all(results)


def bash(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """bash with the test's Python (and so its vpkscan) first on PATH, as after an install."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["bash", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env, "PATH": path},
    )


@dataclass
class StepRun:
    returncode: int
    stdout: str
    outputs: dict[str, str]
    summary: str = ""


def run_step(name: str, cwd: Path, values: dict[str, str]) -> StepRun:
    """Run a ``run:`` step of the action as the runner would (bash -eo pipefail)."""
    spec = step(name)
    env = {}
    for variable, expression in spec.get("env", {}).items():
        match = EXPRESSION.match(str(expression))
        assert match, f"{variable} is not a plain expression"
        env[variable] = values.get(match.group(1), "")
    output_file = cwd.parent / "github_output"
    output_file.write_text("")
    script = cwd.parent / "step.sh"
    script.write_text(spec["run"])
    env["GITHUB_OUTPUT"] = str(output_file)
    summary_file = cwd.parent / "step_summary.md"
    summary_file.write_text("")
    env["GITHUB_STEP_SUMMARY"] = str(summary_file)
    proc = bash(["--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd, env)
    outputs = dict(line.split("=", 1) for line in output_file.read_text().splitlines())
    summary = summary_file.read_text(encoding="utf-8")
    return StepRun(proc.returncode, proc.stdout + proc.stderr, outputs, summary)


def scan_with_action(
    repo: Repo, inputs: dict[str, str], github: dict[str, str]
) -> tuple[StepRun, dict[str, str]]:
    values = context(inputs, github)
    run = run_step("Scan", repo.path, values)
    values.update({f"steps.scan.outputs.{k}": v for k, v in run.outputs.items()})
    return run, values


def two_commits(repo: Repo) -> tuple[str, str, str]:
    """Commit A holds an old key; commit B adds a new one. Returns (A, B, new key)."""
    first = repo.commit_files({"old.py": f'OLD = "{live_key("ci-old")}"\n'}, "old key")
    new = live_key("ci-new")
    return first, repo.commit_files({"new.py": f'NEW = "{new}"\n'}, "new key"), new


# --- action.yml ---


def test_action_is_a_composite_action_with_the_documented_inputs() -> None:
    spec = action()
    assert spec["runs"]["using"] == "composite"
    assert {"mode", "range", "format", "fail-on", "upload-sarif"} <= set(spec["inputs"])
    for name, declared in spec["inputs"].items():
        assert declared["description"], name
        assert isinstance(declared.get("default", ""), str), f"{name}: defaults are strings"
    assert spec["inputs"]["format"]["default"] == "sarif"
    for fmt in OutputFormat:
        assert f"`{fmt.value}`" in spec["inputs"]["format"]["description"]
    for severity in Severity:
        assert f"`{severity.value}`" in spec["inputs"]["fail-on"]["description"]
    uses = [s["uses"].split("@")[0] for s in spec["runs"]["steps"] if "uses" in s]
    assert uses == ["actions/setup-python", "github/codeql-action/upload-sarif"]
    install = step("Install vpkscan")
    assert install["env"]["VPKSCAN_ACTION_PATH"] == "${{ github.action_path }}"
    assert "pip install" in install["run"]
    upload = step("Upload SARIF to code scanning")
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert step("Scan")["id"] == "scan"
    assert spec["outputs"]["exit-code"]["value"] == "${{ steps.scan.outputs.exit-code }}"


def test_action_scripts_take_values_only_from_the_environment() -> None:
    for spec in action()["runs"]["steps"]:
        if "run" in spec:
            assert spec["shell"] == "bash"
            assert "${{" not in spec["run"], f"{spec['name']}: expression spliced into a script"


def test_action_scans_the_tree_without_a_range_uploads_then_fails(repo: Repo) -> None:
    repo.commit_files({"server/settings.py": f'KEY = "{live_key("ci-tree")}"\n'})
    run, values = scan_with_action(repo, {}, {"event_name": "workflow_dispatch"})
    assert run.returncode == 0, run.stdout
    assert "vpkscan scan --format sarif --fail-on low --output vpkscan.sarif" in run.stdout
    assert run.outputs == {"sarif-file": "vpkscan.sarif", "exit-code": "1"}
    log = json.loads((repo.path / "vpkscan.sarif").read_text(encoding="utf-8"))
    assert schema_errors(log) == []
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["VPK005"]
    assert evaluate(step("Upload SARIF to code scanning")["if"], values)
    assert evaluate(step("Fail on findings")["if"], values)
    assert run_step("Fail on findings", repo.path, values).returncode == 1


@pytest.mark.parametrize(
    ("value", "fail_on", "exit_code"),
    [("os.environ['VIBEPEAK_API_KEY']", "high", "0"), (None, "none", "1")],
    ids=["clean", "fail-on-none"],
)
def test_action_does_not_fail(repo: Repo, value: str | None, fail_on: str, exit_code: str) -> None:
    repo.commit_files({"a.py": f"KEY = {value or repr(live_key('ci-pass'))}\n"})
    run, values = scan_with_action(repo, {"fail-on": fail_on}, {})
    assert run.returncode == 0, run.stdout
    assert ("--fail-on" in run.stdout) == (fail_on != "none")
    assert run.outputs["exit-code"] == exit_code
    assert not evaluate(step("Fail on findings")["if"], values)


def test_action_github_format_annotates_the_log_and_skips_upload(repo: Repo) -> None:
    repo.commit_files({"a.py": f'KEY = "{live_key("ci-annotate")}"\n'})
    run, values = scan_with_action(repo, {"format": "github"}, {})
    assert "::error file=a.py,line=1," in run.stdout
    assert "sarif-file" not in run.outputs
    assert not (repo.path / "vpkscan.sarif").exists()
    assert not evaluate(step("Upload SARIF to code scanning")["if"], values)


@pytest.mark.parametrize(
    ("inputs", "message"),
    [({"mode": "range"}, "needs the 'range' input"), ({"mode": "all"}, "unknown mode 'all'")],
)
def test_action_rejects_bad_inputs(repo: Repo, inputs: dict[str, str], message: str) -> None:
    run, _ = scan_with_action(repo, inputs, {})
    assert run.returncode == 2
    assert "::error title=vpkscan::" in run.stdout
    assert message in run.stdout


@pytest.mark.parametrize("event", ["pull_request", "push", "range-input", "new-branch"])
def test_action_scans_the_commits_of_the_event(repo: Repo, event: str) -> None:
    first, second, new_key = two_commits(repo)
    inputs: dict[str, str] = {}
    github = {"sha": second, "event.before": NO_COMMIT}  # a new branch has no "before"
    if event == "pull_request":
        github |= {"event.pull_request.base.sha": first, "event.pull_request.head.sha": second}
    elif event == "push":
        github["event.before"] = first
    elif event == "range-input":
        inputs = {"mode": "range", "range": f"{first}..{second}"}
    run, _ = scan_with_action(repo, inputs, github)
    start = NO_COMMIT if event == "new-branch" else first
    assert f"--range {start}..{second} " in run.stdout
    assert run.returncode == 0, run.stdout
    log = json.loads((repo.path / "vpkscan.sarif").read_text(encoding="utf-8"))
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    ]
    # A new branch of a repository with no remote: every commit of the branch.
    assert sorted(uris) == (["new.py", "old.py"] if event == "new-branch" else ["new.py"])
    assert new_key not in json.dumps(log)
    assert "::error file=new.py,line=1," in run.stdout  # the log shows the findings
    assert "| VPK005 hardcoded\\-key |" in run.summary


# --- workflows in the docs and the README ---


def github_workflows() -> list[dict[str, Any]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = docs_blocks() + [yaml.safe_load(b) for b in yaml_blocks(readme)]
    return [block for block in blocks if "jobs" in block]


def test_readme_ci_section_is_copied_from_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## CI\n", 1)[1].split("\n## ", 1)[0]
    assert readme.index("\n## CI\n") < readme.index("\n## Speed\n")
    blocks = yaml_blocks(section)
    assert len(blocks) == 2
    docs = DOCS.read_text(encoding="utf-8")
    for block in blocks:
        assert f"```yaml\n{block}```" in docs  # so the docs' tests cover the README too


def test_workflows_use_the_action_as_declared() -> None:
    workflows = github_workflows()
    assert len(workflows) >= 3
    declared = set(action()["inputs"])
    for workflow in workflows:
        for job in workflow["jobs"].values():
            steps = job["steps"]
            for index, spec in enumerate(steps):
                if not spec.get("uses", "").startswith("vpkscan/vpkscan@"):
                    continue
                assert spec["uses"] == f"vpkscan/vpkscan@{RELEASE_REF}"
                given = spec.get("with", {})
                assert set(given) <= declared
                checkout = [
                    s for s in steps[:index] if s.get("uses", "").startswith("actions/checkout@")
                ]
                assert checkout and checkout[0]["with"]["fetch-depth"] == 0
                uploads = given.get("upload-sarif", "true") == "true"
                permissions = workflow.get("permissions", {})
                assert (permissions.get("security-events") == "write") == uploads


def test_workflow_commands_use_existing_options() -> None:
    for workflow in github_workflows():
        for job in workflow["jobs"].values():
            for spec in job["steps"]:
                if "vpkscan scan" in spec.get("run", ""):
                    options = {t for t in shlex.split(spec["run"]) if t.startswith("-")}
                    assert options <= scan_options()
                if "pip install" in spec.get("run", ""):
                    assert f"{PROJECT_URL}@{RELEASE_REF}" in spec["run"]


def test_docs_list_every_format_and_every_action_input() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    for fmt in OutputFormat:
        assert f"| `{fmt.value}` |" in docs
    rows = {}
    for line in docs.splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[1].strip("`")
    for name, spec in action()["inputs"].items():
        assert name in rows, f"input {name} is not in the docs' table"
        assert rows[name] == spec.get("default", ""), name


# --- GitLab CI ---


def gitlab_job() -> dict[str, Any]:
    [job] = [b["vpkscan"] for b in docs_blocks() if "vpkscan" in b and "script" in b["vpkscan"]]
    return job


def run_gitlab_script(repo: Repo, variables: dict[str, str]) -> subprocess.CompletedProcess[str]:
    install, *script = gitlab_job()["script"]
    assert "pip install" in install
    return bash(["-eo", "pipefail", "-c", "\n".join(script)], repo.path, variables)


def test_gitlab_job_installs_the_release_and_keeps_the_report() -> None:
    job = gitlab_job()
    assert job["variables"]["GIT_DEPTH"] == "0"
    assert job["variables"]["VPKSCAN_REF"] == RELEASE_REF
    assert f"{PROJECT_URL}@${{VPKSCAN_REF}}" in job["script"][0]
    assert job["artifacts"]["when"] == "always"
    report = job["artifacts"]["reports"]["junit"]
    assert f"--format junit --output {report}" in job["script"][-1]


@pytest.mark.parametrize("pipeline", ["new-branch", "push", "merge-request"])
def test_gitlab_job_scans_the_pipeline_commits(repo: Repo, pipeline: str) -> None:
    first, second, _ = two_commits(repo)
    variables = {"CI_COMMIT_SHA": second, "CI_COMMIT_BEFORE_SHA": NO_COMMIT}
    if pipeline == "push":
        variables["CI_COMMIT_BEFORE_SHA"] = first
    elif pipeline == "merge-request":
        variables["CI_MERGE_REQUEST_DIFF_BASE_SHA"] = first
    proc = run_gitlab_script(repo, variables)
    assert proc.returncode == 1, proc.stderr
    if pipeline == "new-branch":
        assert "the range starts at no commit" in proc.stderr
    suite = next(iter(JUnitXml.fromfile(str(repo.path / "vpkscan-junit.xml"))))
    failing = {
        case.name.split(":", 1)[0]
        for case in suite
        if any(isinstance(r, Failure) for r in case.result)
    }
    assert failing == ({"old.py", "new.py"} if pipeline == "new-branch" else {"new.py"})


# --- pre-commit.ci ---

#: The keys pre-commit.ci documents for the `ci:` section of .pre-commit-config.yaml.
PRE_COMMIT_CI_KEYS = {
    *("autofix_commit_msg", "autofix_prs", "autoupdate_branch", "autoupdate_commit_msg"),
    *("autoupdate_schedule", "skip", "submodules"),
}


def pre_commit_config() -> dict[str, Any]:
    [config] = [b for b in docs_blocks() if "repos" in b]
    return config


def test_pre_commit_ci_config() -> None:
    config = pre_commit_config()
    assert set(config["ci"]) <= PRE_COMMIT_CI_KEYS
    assert config["ci"]["autofix_prs"] is False
    assert config["ci"]["autoupdate_schedule"] in {"weekly", "monthly", "quarterly"}
    [entry] = config["repos"]
    assert (entry["repo"], entry["rev"]) == (PROJECT_URL, RELEASE_REF)
    assert [hook["id"] for hook in entry["hooks"]] == ["vpkscan"]


def test_pre_commit_hook_id_is_one_the_repository_defines() -> None:
    hooks_file = ROOT / ".pre-commit-hooks.yaml"
    if not hooks_file.exists():
        pytest.skip(".pre-commit-hooks.yaml does not exist yet")
    defined = {hook["id"] for hook in yaml.safe_load(hooks_file.read_text(encoding="utf-8"))}
    [entry] = pre_commit_config()["repos"]
    assert {hook["id"] for hook in entry["hooks"]} <= defined


# --- a force-push, seen from a CI checkout ---


def force_pushed_checkout(tmp_path: Path) -> tuple[Repo, str, str]:
    """A clone of a forge repository whose branch ``feature`` was force-pushed over
    commit ``gone``. Returns (CI clone, gone commit, after commit)."""
    server = Repo.init(tmp_path / "server.git", "--bare")
    dev = Repo.init(tmp_path / "dev")
    dev.git("remote", "add", "origin", str(server.path))
    dev.commit_files({"main.py": f'OLD = "{live_key("ci-fp-old")}"\n'}, "main")
    dev.git("push", "-q", "origin", "main")
    dev.git("checkout", "-q", "-b", "feature")
    gone = dev.commit_files({"f.py": "pass\n"}, "feature")
    dev.git("push", "-q", "origin", "feature")
    dev.git("reset", "-q", "--hard", "main")
    after = dev.commit_files({"f.py": f'K = "{live_key("ci-fp-new")}"\n'}, "rewritten")
    dev.git("push", "-q", "--force", "origin", "feature")
    server.git("reflog", "expire", "--expire=now", "--all")
    server.git("gc", "-q", "--prune=now")
    ci = tmp_path / "ci"
    dev.git("clone", "-q", "--branch", "feature", str(server.path), str(ci))
    return Repo(ci), gone, after


def test_action_survives_a_force_push(tmp_path: Path) -> None:
    ci, gone, after = force_pushed_checkout(tmp_path)
    github = {"sha": after, "event.before": gone}
    run, values = scan_with_action(ci, {}, github)
    assert run.returncode == 0, run.stdout
    assert run.outputs["exit-code"] == "1"
    assert f"'{gone}' names no commit of this repository" in run.stdout
    log = json.loads((ci.path / "vpkscan.sarif").read_text(encoding="utf-8"))
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    ]
    assert uris == ["f.py"]  # the branch's commit, not main's old key
    assert "::error file=f.py,line=1," in run.stdout
    assert "f.py:1:6  VPK005 hardcoded-key [high]" in run.stdout
    assert "| f\\.py\\:1\\:6 |" in run.summary
    assert evaluate(step("Fail on findings")["if"], values)


def test_gitlab_job_survives_a_force_push(tmp_path: Path) -> None:
    ci, gone, after = force_pushed_checkout(tmp_path)
    proc = run_gitlab_script(ci, {"CI_COMMIT_SHA": after, "CI_COMMIT_BEFORE_SHA": gone})
    assert proc.returncode == 1, proc.stderr
    assert "names no commit of this repository" in proc.stderr
    suite = next(iter(JUnitXml.fromfile(str(ci.path / "vpkscan-junit.xml"))))
    failing = {
        case.name.split(":", 1)[0]
        for case in suite
        if any(isinstance(r, Failure) for r in case.result)
    }
    assert failing == {"f.py"}


def test_action_fail_on_none_reports_without_failing(repo: Repo) -> None:
    repo.commit_files({"a.py": f'KEY = "{live_key("ci-none")}"\n'})
    run, values = scan_with_action(repo, {"fail-on": "none"}, {})
    assert run.returncode == 0, run.stdout
    assert "::error file=a.py,line=1," in run.stdout
    assert "VibePeak key found" in run.summary
    assert not evaluate(step("Fail on findings")["if"], values)


def test_step_summary_escapes_hostile_names(repo: Repo) -> None:
    name = "x|[y](http://e.invalid)<b>.py"
    repo.commit_files({name: f'KEY = "{live_key("ci-md")}"\n'})
    run, _ = scan_with_action(repo, {"format": "github"}, {})
    [row] = [line for line in run.summary.splitlines() if "VPK005" in line]
    assert "](" not in row and "<b>" not in row
    assert row.count(" | ") == 4  # five cells: the name made no column

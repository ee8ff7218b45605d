"""vpkscan audit: incidents from the trees and histories of real repositories."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.audit_helpers import (
    OLD_TEST,
    REMOVED,
    SHARED,
    api_repo,
    audit_json,
    by_fingerprint,
    web_repo,
)
from tests.helpers import Repo, run_vpkscan
from tests.keys import fingerprint, live_key, test_key
from vpkscan.audit.render import AuditFormat, renderer


@pytest.fixture
def two_repos(tmp_path: Path) -> Path:
    web_repo(tmp_path)
    api_repo(tmp_path)
    return tmp_path


def test_one_incident_per_key_across_repositories(two_repos: Path) -> None:
    report = audit_json("web", "api", cwd=two_repos)
    incidents = by_fingerprint(report)
    assert set(incidents) == {fingerprint(SHARED), fingerprint(REMOVED), fingerprint(OLD_TEST)}
    shared = incidents[fingerprint(SHARED)]
    assert shared["key_mode"] == "live"
    assert shared["redacted"] == SHARED[:13] + "…"
    assert shared["severity"] == "critical"
    assert shared["rules"] == ["VPK003", "VPK005"]
    assert shared["in_tree"] is True
    assert shared["leak_stage"] == "pushed"
    assert shared["repositories"] == ["api", "web"]
    places = {
        (p["repository"], p["path"], p["in_tree"], p["commit"] is not None)
        for p in shared["locations"]
    }
    assert places == {
        ("web", "src/App.tsx", True, False),
        ("web", "src/App.tsx", False, True),
        ("api", "server/client.py", True, False),
        ("api", "server/client.py", False, True),
    }
    history = [p for p in shared["locations"] if p["commit"]]
    assert all(p["author"] == "Test Author <author@example.invalid>" for p in history)
    assert all(p["date"] == "2026-01-02T03:04:05+00:00" for p in history)
    assert {p["exposure"] for p in history} == {"pushed", "local"}
    assert shared["first_commit"]["repository"] in ("api", "web")
    assert shared["verification"] is None

    removed = incidents[fingerprint(REMOVED)]
    assert removed["in_tree"] is False
    assert removed["rules"] == ["VPK006"]
    assert removed["leak_stage"] == "local"
    [place] = removed["locations"]
    assert (place["repository"], place["path"], place["line"]) == ("api", ".env", 1)

    old = incidents[fingerprint(OLD_TEST)]
    assert (old["key_mode"], old["severity"], old["in_tree"]) == ("test", "low", False)
    assert old["first_commit"] == old["last_commit"]
    assert old["first_commit"]["repository"] == "web"


def test_risk_order_puts_live_browser_keys_first_and_old_test_keys_last(
    two_repos: Path,
) -> None:
    report = audit_json("web", "api", cwd=two_repos)
    order = [incident["fingerprint"] for incident in report["incidents"]]
    assert order == [fingerprint(SHARED), fingerprint(REMOVED), fingerprint(OLD_TEST)]
    assert [incident["risk_rank"] for incident in report["incidents"]] == [1, 2, 3]


def test_checklist_is_built_from_the_incident(two_repos: Path) -> None:
    incidents = by_fingerprint(audit_json("web", "api", cwd=two_repos))
    shared = incidents[fingerprint(SHARED)]
    steps = {step["action"]: step for step in shared["checklist"]}
    assert shared["checklist"][0]["action"] == "rotate"
    assert "Settings → API" in steps["rotate"]["text"]
    assert "clones" in steps["rotate"]["text"]
    assert set(steps["move"]["places"]) == {"web: src/App.tsx:1", "api: server/client.py:1"}
    assert "server-side environment variable" in steps["move"]["text"]
    assert any(place.startswith("web: src/App.tsx:1") for place in steps["proxy"]["places"])
    purges = [step for step in shared["checklist"] if step["action"] == "purge-history"]
    assert len(purges) == 2  # one per repository whose history holds it
    web = next(step for step in purges if "of web" in step["text"])
    assert "git filter-repo --replace-text" in web["command"]
    assert "coordination" in web["warning"] or "agree on a time" in web["warning"]
    assert "does not reach existing clones" in web["warning"]

    removed = {step["action"]: step for step in incidents[fingerprint(REMOVED)]["checklist"]}
    assert set(removed) == {"rotate", "purge-history"}
    assert removed["purge-history"]["warning"] is None  # never pushed: no one to coordinate
    assert "never pushed" in removed["purge-history"]["text"]
    assert "test key" in incidents[fingerprint(OLD_TEST)]["checklist"][0]["text"]


def test_environment_steps(repo: Repo) -> None:
    key = live_key("environments")
    repo.commit_files(
        {
            ".env.development": f"VIBEPEAK_API_KEY={key}\n",
            ".env.production": f"VIBEPEAK_API_KEY={key}\n",
        }
    )
    [incident] = audit_json(cwd=repo.path)["incidents"]
    steps = {step["action"]: step for step in incident["checklist"]}
    assert {"untrack", "test-keys", "one-key-per-environment"} <= set(steps)
    assert steps["test-keys"]["places"] == ["repo: .env.development:1"]
    assert "development" in steps["one-key-per-environment"]["text"]
    assert "production" in steps["one-key-per-environment"]["text"]
    assert incident["rules"] == ["VPK004", "VPK007", "VPK008"]


def test_first_and_last_commit_follow_the_dates(repo: Repo) -> None:
    key = live_key("dates")
    repo.commit_files({"a.py": f"K = '{key}'\n"}, "first")
    repo.write("b.py", f"K = '{key}'\n")
    repo.add("b.py")
    later = {"GIT_AUTHOR_DATE": "2026-03-04T05:06:07+00:00", "GIT_AUTHOR_NAME": "Later Author"}
    repo.git("commit", "-q", "-m", "second", env=later)
    [incident] = audit_json(cwd=repo.path)["incidents"]
    assert incident["first_commit"]["date"] == "2026-01-02T03:04:05+00:00"
    assert incident["last_commit"]["date"] == "2026-03-04T05:06:07+00:00"
    assert incident["last_commit"]["author"].startswith("Later Author")
    assert incident["last_commit"]["id"] == repo.head()


def test_uncommitted_key_is_in_the_tree_only(repo: Repo) -> None:
    repo.commit_files({"app.py": "print('hello')\n"})
    key = live_key("uncommitted")
    repo.write("app.py", f"K = '{key}'\n")
    [incident] = audit_json(cwd=repo.path)["incidents"]
    assert incident["leak_stage"] == "uncommitted"
    assert incident["first_commit"] is None
    assert [step["action"] for step in incident["checklist"]] == ["rotate", "move"]


def test_bare_repository_is_audited_from_its_history(tmp_path: Path) -> None:
    web_repo(tmp_path)
    report = audit_json("web-remote.git", cwd=tmp_path)
    [incident] = report["incidents"]
    assert incident["fingerprint"] == fingerprint(SHARED)
    assert all(place["commit"] for place in incident["locations"])
    assert incident["in_tree"] is True  # HEAD of the bare repository still holds it
    assert report["repositories"][0]["name"] == "web-remote"


def test_name_option_and_default_target(repo: Repo) -> None:
    repo.commit_files({"app.py": f"K = '{live_key('named')}'\n"})
    (repo.path / "sub").mkdir()
    report = audit_json("--name", "acme/app", cwd=repo.path / "sub")
    assert report["repositories"][0]["name"] == "acme/app"
    assert {p["repository"] for p in report["incidents"][0]["locations"]} == {"acme/app"}


def test_remote_address_names_the_repository(repo: Repo) -> None:
    repo.commit_files({"app.py": f"K = '{live_key('remote')}'\n"})
    repo.git("remote", "add", "origin", "git@github.com:acme/app.git")
    report = audit_json(cwd=repo.path)
    assert report["repositories"][0]["name"] == "github.com/acme/app"


def test_same_folder_names_are_told_apart(tmp_path: Path) -> None:
    key = live_key("twins")
    for parent in ("one", "two"):
        Repo.init(tmp_path / parent / "app").commit_files({"k.py": f"K = '{key}'\n"})
    report = audit_json("one/app", "two/app", cwd=tmp_path)
    names = [r["name"] for r in report["repositories"]]
    assert len(set(names)) == 2
    [incident] = report["incidents"]
    assert set(incident["repositories"]) == set(names)


@pytest.mark.parametrize("fmt", [f.value for f in AuditFormat])
def test_no_key_body_in_any_format(two_repos: Path, fmt: str) -> None:
    run = run_vpkscan("audit", "--format", fmt, "web", "api", cwd=two_repos)
    assert run.returncode == 1, run.stderr
    for key in (SHARED, REMOVED, OLD_TEST):
        assert key[9:] not in run.stdout
        assert key[9:] not in run.stderr
        assert key[:13] in run.stdout


def test_show_secrets_adds_the_key_to_json(two_repos: Path) -> None:
    incidents = by_fingerprint(audit_json("--show-secrets", "web", cwd=two_repos))
    assert incidents[fingerprint(SHARED)]["secret"] == SHARED


def test_every_format_has_a_renderer() -> None:
    for fmt in AuditFormat:
        assert callable(renderer(fmt))


def test_progress_and_summary_go_to_stderr_when_the_report_goes_to_a_file(
    two_repos: Path,
) -> None:
    run = run_vpkscan("audit", "-f", "html", "-o", "audit.html", "web", "api", cwd=two_repos)
    assert run.returncode == 1
    assert run.stdout == ""
    assert (two_repos / "audit.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "[1/2] web: working tree" in run.stderr
    assert "[2/2] api: history" in run.stderr
    assert "3 distinct keys to rotate (2 live, 1 test)" in run.stderr
    assert "report written to audit.html" in run.stderr
    quiet = run_vpkscan("audit", "-q", "-f", "json", "-o", "a.json", "web", cwd=two_repos)
    assert quiet.returncode == 1
    assert quiet.stderr == ""


def test_exit_codes(tmp_path: Path, repo: Repo) -> None:
    repo.commit_files({"app.py": "print('clean')\n"})
    assert run_vpkscan("audit", cwd=repo.path).returncode == 0
    repo.commit_files({"server.py": f"K = '{live_key('exit')}'\n"})
    assert run_vpkscan("audit", cwd=repo.path).returncode == 1
    assert run_vpkscan("audit", "--fail-on", "critical", cwd=repo.path).returncode == 0
    assert run_vpkscan("audit", "--exit-zero", cwd=repo.path).returncode == 0
    assert run_vpkscan("audit", "--fail-on", "none", cwd=repo.path).returncode == 0
    plain = tmp_path / "plain"
    plain.mkdir()
    for args in (("audit", str(plain)), ("audit", "missing"), ("audit", "--name", "x", ".", ".")):
        run = run_vpkscan(*args, cwd=tmp_path)
        assert run.returncode == 2, args
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("vpkscan: error:")
        assert "Traceback" not in run.stderr


def test_hostile_names_are_escaped_in_every_format(repo: Repo) -> None:
    name = "x<img src=y onerror=alert(1)>|*a*[l](j:s)\x1b[31m.jsx"
    repo.commit_files({name: f"const k = '{test_key('hostile')}';\n"})
    hostile_repo = "<b>acme</b>|`x`\x1b]0;t\x07"
    runs = {
        fmt: run_vpkscan("audit", "-f", fmt, "--name", hostile_repo, cwd=repo.path)
        for fmt in ("text", "markdown", "html", "json")
    }
    for run in runs.values():
        assert run.returncode == 1, run.stderr
        assert "\x1b" not in run.stdout + run.stderr
        assert "\x07" not in run.stdout + run.stderr
    html = runs["html"].stdout
    assert "<img" not in html and "<b>acme" not in html
    assert "&lt;img src=y onerror=alert(1)&gt;" in html
    markdown = runs["markdown"].stdout
    assert "<img" not in markdown and "<b>" not in markdown
    assert "\\|\\*a\\*\\[l\\]\\(j:s\\)" in markdown
    tables: list[list[str]] = [[]]
    for line in markdown.splitlines():
        if line.startswith("|"):
            tables[-1].append(line)
        elif tables[-1]:
            tables.append([])
    cells = re.compile(r"(?<!\\)(?:\\\\)*\|")  # a pipe after an even number of backslashes
    for table in filter(None, tables):
        assert len({len(cells.findall(row)) for row in table}) == 1, table


def test_scan_summary_says_how_many_distinct_keys(repo: Repo) -> None:
    key = live_key("distinct")
    repo.commit_files({"a.py": f"A = '{key}'\n", "b.py": f"B = '{key}'\n"})
    run = run_vpkscan("scan", cwd=repo.path)
    assert "2 findings (2 high) of 1 distinct key in 2 files" in run.stderr
    repo.commit_files({"c.py": f"C = '{test_key('distinct')}'\n"})
    run = run_vpkscan("scan", cwd=repo.path)
    assert "of 2 distinct keys" in run.stderr


ROOT = Path(__file__).resolve().parents[1]


def _json_example(text: str) -> dict[str, Any]:
    [block] = [b for b in re.findall(r"```json\n(.*?)```", text, re.S) if "vpkscan-audit" in b]
    example: dict[str, Any] = json.loads(block)
    return example


@pytest.mark.parametrize("doc", ["README.md", "docs/audit.md"])
def test_documented_json_has_the_fields_of_a_real_report(two_repos: Path, doc: str) -> None:
    example = _json_example((ROOT / doc).read_text(encoding="utf-8"))
    real = audit_json("web", "api", cwd=two_repos)
    assert set(example) == set(real)
    [incident] = example["incidents"]
    assert set(incident) == set(real["incidents"][0]) - {"secret"}
    assert set(incident["locations"][0]) == set(real["incidents"][0]["locations"][0])
    assert set(incident["checklist"][0]) == set(real["incidents"][0]["checklist"][0])
    documented = set(example["repositories"][0]) - {"…"}
    assert documented <= set(real["repositories"][0])


def test_every_documented_audit_option_exists(tmp_path: Path) -> None:
    help_text = run_vpkscan("audit", "--help", cwd=tmp_path).stdout
    section = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    section = section.split("## Options", 1)[1].split("\n## ", 1)[0]
    table = "\n".join(line for line in section.splitlines() if line.startswith("| `-"))
    documented = set(re.findall(r"`(--[a-z-]+|-[a-z]\b)", table))
    assert len(documented) > 10
    assert {option for option in documented if option not in help_text} == set()

"""Inline allow comments in many comment syntaxes, rule scoping, and audits."""

from __future__ import annotations

import pytest

from tests.conftest import Repo, run_vpkscan
from tests.keys import live_key, test_key

#: (file, template) — {key} is replaced by a key, {allow} by the directive.
LANGUAGES = [
    ("app.py", 'API = "{key}"  # {allow}\n'),
    ("app.js", 'const api = "{key}"; // {allow}\n'),
    ("App.java", 'String api = "{key}"; /* {allow} */\n'),
    ("index.html", '<!-- {allow} -->\n<meta name="k" content="{key}">\n'),
    ("query.sql", "SELECT '{key}'; -- {allow}\n"),
    ("settings.ini", "; {allow}\napi = {key}\n"),
    ("config.yaml", "api: {key} # {allow}\n"),
    ("main.go", 'var api = "{key}" // {allow}\n'),
    ("script.lua", 'local api = "{key}" -- {allow}\n'),
    ("Main.hs", 'api = "{key}" -- {allow}\n'),
    ("style.tex", "% {allow}\n\\def\\api{{{key}}}\n"),
]


@pytest.mark.parametrize(("name", "template"), LANGUAGES, ids=[n for n, _ in LANGUAGES])
def test_rule_scoped_allow_suppresses_a_live_key(repo: Repo, name: str, template: str) -> None:
    key = live_key(name)
    repo.write(
        f"server/{name}", template.format(key=key, allow="vpkscan:allow VPK003, VPK005 -- fixture")
    )
    repo.add()
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert result.json()["findings"] == [], name
    assert result.returncode == 0
    assert "1 suppressed: 1 inline" in result.stderr
    audit = run_vpkscan("scan", "--no-inline-allow", "--format", "json", cwd=repo.path)
    assert audit.returncode == 1
    assert len(audit.json()["findings"]) == 1


def test_allow_naming_another_rule_does_not_suppress(repo: Repo) -> None:
    repo.write("server/app.py", f'API = "{live_key("other")}"  # vpkscan:allow VPK003\n')
    repo.add()
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert [f["rule_id"] for f in result.json()["findings"]] == ["VPK005"]


def test_bare_allow_suppresses_a_test_key(repo: Repo) -> None:
    repo.write("server/app.py", f'API = "{test_key("bare")}"  # vpkscan:allow\n')
    repo.add()
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert result.json()["findings"] == []


def test_bare_allow_does_not_hide_a_live_key(repo: Repo) -> None:
    repo.write("server/app.py", f'API = "{live_key("bare")}"  # vpkscan:allow\n')
    repo.add()
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert result.returncode == 1
    [finding] = result.json()["findings"]
    assert finding["severity"] == "high"
    assert "A bare vpkscan:allow does not suppress a live key" in finding["message"]
    assert "bare vpkscan:allow ignored for a live key" in result.stderr


@pytest.mark.parametrize("marker", ["pragma: allowlist secret", "gitleaks:allow"])
def test_migration_markers_are_honoured(repo: Repo, marker: str) -> None:
    repo.write("server/app.py", f'API = "{test_key(marker)}"  # {marker}\n')
    repo.add()
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert result.json()["findings"] == []


def test_directive_outside_a_comment_is_ignored(repo: Repo) -> None:
    repo.write("server/app.py", f'API = "{test_key("str")}"; note = "vpkscan:allow"\n')
    repo.add()
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert len(result.json()["findings"]) == 1


def test_allow_two_lines_above_does_not_count(repo: Repo) -> None:
    repo.write("server/app.py", f'# vpkscan:allow VPK005\n\nAPI = "{live_key("far")}"\n')
    repo.add()
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert len(result.json()["findings"]) == 1

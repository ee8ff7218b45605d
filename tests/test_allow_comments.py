"""Inline allow comments in many comment syntaxes, rule scoping, and audits.

The syntaxes are checked in-process, through the same detector, classifier and
suppression stage that every scan runs; a few runs of the real command check that the
CLI wires them together (the inline count, the notice, ``--no-inline-allow``).
"""

from __future__ import annotations

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key, test_key
from vpkscan.config import Config
from vpkscan.context.classifier import Classifier
from vpkscan.detect.detector import scan_buffer
from vpkscan.model import Finding, KeyMode, RuleId
from vpkscan.rules.resolve import make_finding
from vpkscan.suppress.allow import allow_for
from vpkscan.suppress.apply import BARE_ALLOW_ON_LIVE, apply

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
LANGUAGE_IDS = [name for name, _ in LANGUAGES]

RULE_SCOPED = "vpkscan:allow VPK003, VPK005 -- fixture"

#: (directive, the rules it allows: () for all).
DIRECTIVES = [
    (RULE_SCOPED, ("VPK003", "VPK005")),
    ("vpkscan:allow", ()),
    ("VPKSCAN:ALLOW vpk005", ("VPK005",)),
    ("pragma: allowlist secret", ()),
    ("gitleaks:allow", ()),
]


def findings(path: str, text: str) -> list[Finding]:
    """The findings a scan builds for ``text`` at ``path``, before suppression."""
    classifier = Classifier((path,))
    return [
        make_finding(path, candidate, classifier.classify(path, candidate))
        for candidate in scan_buffer(text.encode())
    ]


@pytest.mark.parametrize(("directive", "rules"), DIRECTIVES, ids=[d for d, _ in DIRECTIVES])
@pytest.mark.parametrize(("name", "template"), LANGUAGES, ids=LANGUAGE_IDS)
def test_each_comment_syntax_carries_the_directive_to_the_key(
    name: str, template: str, directive: str, rules: tuple[str, ...]
) -> None:
    key = live_key(name)
    [candidate] = scan_buffer(template.format(key=key, allow=directive).encode())
    assert candidate.key == key
    found = allow_for(candidate)
    assert found is not None and found.rules == rules


@pytest.mark.parametrize(("name", "template"), LANGUAGES, ids=LANGUAGE_IDS)
def test_rule_scoped_allow_suppresses_a_live_key(name: str, template: str) -> None:
    path = f"server/{name}"
    [finding] = findings(path, template.format(key=live_key(name), allow=RULE_SCOPED))
    assert finding.key_mode is KeyMode.LIVE
    assert finding.rule in (RuleId.VPK003, RuleId.VPK005)
    kept = apply([finding], Config())
    assert (kept.findings, kept.inline, kept.notices) == ((), 1, ())
    audit = apply([finding], Config(inline_allow=False))
    assert (audit.findings, audit.inline) == ((finding,), 0)


@pytest.mark.parametrize(("name", "template"), LANGUAGES, ids=LANGUAGE_IDS)
def test_bare_allow_suppresses_a_test_key_but_not_a_live_key(name: str, template: str) -> None:
    path = f"server/{name}"
    [sandbox] = findings(path, template.format(key=test_key(name), allow="vpkscan:allow"))
    assert apply([sandbox], Config()).findings == ()
    [live] = findings(path, template.format(key=live_key(name), allow="vpkscan:allow"))
    kept = apply([live], Config())
    [finding] = kept.findings
    assert finding.message.endswith(BARE_ALLOW_ON_LIVE.format(rule=live.rule.value))
    [notice] = kept.notices
    assert "bare vpkscan:allow ignored for a live key" in notice
    assert kept.inline == 0


def test_allow_naming_another_rule_does_not_suppress() -> None:
    [finding] = findings("server/app.py", f'API = "{live_key("other")}"  # vpkscan:allow VPK003\n')
    assert finding.allow is not None and finding.allow.rules == ("VPK003",)
    kept = apply([finding], Config())
    assert [f.rule for f in kept.findings] == [RuleId.VPK005]
    assert kept.inline == 0


@pytest.mark.parametrize("marker", ["pragma: allowlist secret", "gitleaks:allow"])
def test_migration_markers_are_honoured(marker: str) -> None:
    [finding] = findings("server/app.py", f'API = "{test_key(marker)}"  # {marker}\n')
    kept = apply([finding], Config())
    assert (kept.findings, kept.inline) == ((), 1)


def test_directive_outside_a_comment_is_ignored() -> None:
    text = f'API = "{test_key("str")}"; note = "vpkscan:allow"\n'
    [finding] = findings("server/app.py", text)
    assert finding.allow is None
    assert apply([finding], Config()).findings == (finding,)


def test_allow_two_lines_above_does_not_count() -> None:
    [finding] = findings("server/app.py", f'# vpkscan:allow VPK005\n\nAPI = "{live_key("far")}"\n')
    assert finding.allow is None
    assert apply([finding], Config()).findings == (finding,)


# --- end to end: the real command -----------------------------------------------------------


def test_rule_scoped_allow_end_to_end_and_the_no_inline_allow_audit(repo: Repo) -> None:
    repo.write("server/app.py", f'API = "{live_key("e2e")}"  # {RULE_SCOPED}\n')
    repo.add()
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert result.json()["findings"] == []
    assert result.returncode == 0
    assert "1 suppressed: 1 inline" in result.stderr
    audit = run_vpkscan("scan", "--no-inline-allow", "--format", "json", cwd=repo.path)
    assert audit.returncode == 1
    assert [f["rule_id"] for f in audit.json()["findings"]] == ["VPK005"]


def test_bare_allow_does_not_hide_a_live_key(repo: Repo) -> None:
    repo.write("server/app.py", f'API = "{live_key("bare")}"  # vpkscan:allow\n')
    repo.add()
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert result.returncode == 1
    [finding] = result.json()["findings"]
    assert finding["severity"] == "high"
    assert "A bare vpkscan:allow does not suppress a live key" in finding["message"]
    assert "bare vpkscan:allow ignored for a live key" in result.stderr


# --- allow comments that do not apply say why ---------------------------------------------


def test_allow_naming_another_rule_says_so(repo: Repo) -> None:
    repo.write("server/app.py", f'API = "{live_key("mismatch")}"  # vpkscan:allow VPK003\n')
    repo.add()
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert result.returncode == 1
    [finding] = result.json()["findings"]
    assert "names VPK003 but this finding is VPK005" in finding["message"]
    assert "server/app.py:1: The allow comment names VPK003 but this finding is VPK005" in (
        result.stderr
    )


def test_allow_by_rule_name_suppresses_like_the_id(repo: Repo) -> None:
    repo.write("server/app.py", f'API = "{live_key("by-name")}"  # vpkscan:allow hardcoded-key\n')
    repo.add()
    result = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert (result.returncode, result.json()["findings"]) == (0, [])
    assert "1 suppressed: 1 inline" in result.stderr


def test_unknown_rule_name_is_named(repo: Repo) -> None:
    repo.write("server/app.py", f'API = "{live_key("unknown")}"  # vpkscan:allow hardcoded-keys\n')
    repo.add()
    result = run_vpkscan("scan", cwd=repo.path)
    assert result.returncode == 1
    assert "names 'hardcoded-keys' (no such rule) but this finding is VPK005" in result.stderr


@pytest.mark.parametrize(
    "typo", ["vpkscan:alow", "vpkscan-allow", "vpkscan: allow", "vpkscan allow"]
)
def test_misspelt_allow_is_a_notice_not_a_suppression(repo: Repo, typo: str) -> None:
    repo.write("server/app.py", f'API = "{test_key("typo")}"  # {typo} VPK005\n')
    repo.add()
    result = run_vpkscan("scan", cwd=repo.path)
    assert result.returncode == 1
    assert f"`{typo}` looks like an allow comment but is not one" in result.stderr
    assert "did you mean `vpkscan:allow`?" in result.stderr
    assert "bare vpkscan:allow" not in result.stderr


def test_prose_after_a_bare_allow_is_not_a_rule_list() -> None:
    [finding] = findings("server/app.py", f'API = "{test_key("prose")}"  # vpkscan:allow because\n')
    assert finding.allow is not None and finding.allow.rules == () == finding.allow.unknown
    assert apply([finding], Config()).findings == ()

"""``vpkscan rules`` / ``vpkscan explain`` and the rule pages in docs/rules."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.helpers import run_vpkscan
from vpkscan.model import RuleId
from vpkscan.rules.catalog import RULES
from vpkscan.rules.pages import find_rule, page

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules"


def test_rules_lists_every_rule(tmp_path: Path) -> None:
    result = run_vpkscan("rules", cwd=tmp_path)
    assert result.returncode == 0
    listed = re.findall(r"^(VPK\d{3})\s+(\S+)\s+(\w+)", result.stdout, re.M)
    assert [(i, n, s) for i, n, s in listed] == [
        (r.id.value, r.name, r.live_severity.value) for r in RULES.values()
    ]


@pytest.mark.parametrize("rule_id", list(RuleId))
def test_explain_prints_the_page(rule_id: RuleId, tmp_path: Path) -> None:
    result = run_vpkscan("explain", rule_id.value, cwd=tmp_path)
    assert result.returncode == 0
    text = result.stdout
    for heading in (
        "## What it detects",
        "## Why it matters",
        "## How to fix it now",
        "## Examples",
        "Reported:",
        "Not reported:",
    ):
        assert heading in text
    assert "Settings → API" in text
    assert text == page(rule_id)


def test_explain_accepts_names_and_short_ids() -> None:
    assert find_rule("client-side-code") is RuleId.VPK003
    assert find_rule("vpk3") is RuleId.VPK003
    assert find_rule("VPK008") is RuleId.VPK008
    assert find_rule("nope") is None


def test_explain_unknown_rule_is_a_usage_error(tmp_path: Path) -> None:
    result = run_vpkscan("explain", "VPK999", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown rule" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("rule_id", list(RuleId))
def test_docs_pages_match_the_catalog(rule_id: RuleId) -> None:
    target = DOCS / f"{rule_id.value}.md"
    if os.environ.get("VPKSCAN_UPDATE_DOCS"):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page(rule_id), encoding="utf-8")
    assert target.read_text(encoding="utf-8") == page(rule_id)
    assert RULES[rule_id].help_uri.endswith(f"docs/rules/{rule_id.value}.md")


def test_rules_follow_the_configuration(tmp_path: Path) -> None:
    (tmp_path / ".vpkscan.toml").write_text(
        'disable = ["VPK007"]\n\n[severity]\nVPK005 = "medium"\n', encoding="utf-8"
    )
    result = run_vpkscan("rules", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert lines["VPK007"].endswith("(disabled by the configuration)")
    assert re.match(r"VPK005\s+hardcoded-key\s+medium\s", lines["VPK005"])
    assert lines["VPK005"].endswith("(configured; default high)")
    assert "configured" not in lines["VPK003"]


def test_text_findings_point_to_the_offline_page(tmp_path: Path) -> None:
    from tests.helpers import Repo
    from tests.keys import live_key

    repo = Repo.init(tmp_path / "repo")
    repo.commit_files({"app.py": f'KEY = "{live_key("docs-offline")}"\n'})
    result = run_vpkscan("scan", cwd=repo.path)
    assert "  docs: vpkscan explain VPK005 (" in result.stdout

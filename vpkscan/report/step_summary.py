"""The GitHub Actions job summary (``$GITHUB_STEP_SUMMARY``): a Markdown table of the
findings, readable where annotations and code scanning are not (forks, private
repositories without code scanning)."""

from __future__ import annotations

import re

from vpkscan.model import ScanResult
from vpkscan.paths import printable
from vpkscan.redact import redact
from vpkscan.report import RenderOptions
from vpkscan.report.exposure import known, leak_stage
from vpkscan.rules.catalog import RULES, remediation_of

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def cell(text: str) -> str:
    """``text`` as literal Markdown in a table cell: every ASCII punctuation character is
    backslash-escaped (CommonMark allows it for all of them), so that a name from the
    repository can make no link, image, HTML or column."""
    return _PUNCTUATION.sub(r"\\\1", printable(text))


def render(result: ScanResult, options: RenderOptions) -> str:
    """The Markdown section for the job summary."""
    findings = result.findings
    summary = result.summary
    if not findings:
        return f"### vpkscan: no VibePeak key found\n\n{summary.files_scanned} files scanned.\n"
    count = len(findings)
    lines = [
        f"### vpkscan: {count} VibePeak key{'' if count == 1 else 's'} found",
        "",
        "| Severity | Rule | Location | Key | What to do |",
        "|---|---|---|---|---|",
    ]
    for finding in findings:
        rule = RULES[finding.rule]
        key = redact(finding.key, show_secrets=options.show_secrets)
        todo = remediation_of(finding)
        if known(finding):
            todo += f"; {leak_stage(finding)}"
        location = f"{finding.path}:{finding.line}:{finding.column}"
        lines.append(
            f"| {cell(finding.severity.value)} | {cell(rule.id.value)} {cell(rule.name)} "
            f"| {cell(location)} | {cell(finding.key_mode.value + ' key ' + key)} "
            f"| {cell(todo)} |"
        )
    lines += [
        "",
        f"`vpkscan explain VPK00N` prints a rule's page. {summary.files_scanned} files scanned.",
    ]
    return "\n".join(lines) + "\n"

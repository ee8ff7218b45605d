"""GitHub Actions workflow commands: one annotation per finding.

Printed to a job's log, each ``::error``/``::warning``/``::notice`` line becomes an
annotation on the file and line, shown in the run summary and on the pull request's diff.
"""

from __future__ import annotations

import dataclasses
import hashlib

from vpkscan.model import Finding, ScanResult, Severity
from vpkscan.paths import printable
from vpkscan.redact import redact
from vpkscan.report import RenderOptions
from vpkscan.report.exposure import known, leak_stage
from vpkscan.report.sarif import result_message
from vpkscan.rules.catalog import RULES, remediation_of

COMMANDS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
}


def escape_data(text: str) -> str:
    """Escape a command's message: the runner would end it at a line break."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: ``:`` and ``,`` also separate properties from each other."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(name: str, properties: dict[str, str | int], message: str) -> str:
    """``::name key=value,…::message`` with the escaping the Actions runner undoes."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}"


def render_finding(finding: Finding, options: RenderOptions) -> str:
    """The annotation for one finding; its title names the rule and the severity."""
    rule = RULES[finding.rule]
    properties: dict[str, str | int] = {
        "file": printable(finding.path),
        "line": finding.line,
        "endLine": finding.line,
        "col": finding.column,
    }
    if finding.encoding is None:
        # An encoded key spans more text than the key itself: leave its end open.
        properties["endColumn"] = finding.column + len(finding.key)
    properties["title"] = f"{rule.id.value} {rule.name} [{finding.severity.value}]"
    # The message names paths from the repository; the key shown is the renderer's own.
    found = result_message(
        dataclasses.replace(finding, message=printable(finding.message)), options
    )
    message = f"{found}\nFix: {remediation_of(finding)}.\nDocs: {rule.help_uri}"
    return workflow_command(COMMANDS[finding.severity], properties, message)


def short_report(result: ScanResult, options: RenderOptions) -> str:
    """The findings as a few lines each, for people reading the job's log.

    The lines name paths from the repository, so the runner is told to take none of them
    as a command (``::stop-commands::``) until a token that the text cannot hold.
    """
    count = len(result.findings)
    lines = [f"vpkscan: {count} VibePeak key{'' if count == 1 else 's'} found:"]
    for finding in result.findings:
        rule = RULES[finding.rule]
        key = redact(finding.key, show_secrets=options.show_secrets)
        lines.append(
            f"  {printable(finding.path)}:{finding.line}:{finding.column}  {rule.id.value} "
            f"{rule.name} [{finding.severity.value}]  {finding.key_mode.value} key {key}"
        )
        lines.append(f"    fix: {remediation_of(finding)}")
        if known(finding):
            lines.append(f"    leak stage: {leak_stage(finding)}")
    text = "\n".join(lines) + "\n"
    token = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"::stop-commands::{token}\n{text}::{token}::\n"


def render(result: ScanResult, options: RenderOptions) -> str:
    """One workflow command per finding, in the order of the findings, then the short
    report for the log."""
    if not result.findings:
        return ""
    commands = "".join(render_finding(finding, options) + "\n" for finding in result.findings)
    return commands + short_report(result, options)

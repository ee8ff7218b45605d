"""GitHub Actions workflow commands: one annotation per finding.

Printed to a job's log, each ``::error``/``::warning``/``::notice`` line becomes an
annotation on the file and line, shown in the run summary and on the pull request's diff.
"""

from __future__ import annotations

import dataclasses

from vpkscan.model import Finding, ScanResult, Severity
from vpkscan.paths import printable
from vpkscan.report import RenderOptions
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


def render(result: ScanResult, options: RenderOptions) -> str:
    """One workflow command per finding, in the order of the findings."""
    return "".join(render_finding(finding, options) + "\n" for finding in result.findings)

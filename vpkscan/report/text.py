"""The default human report: one block per finding, the key masked in its line."""

from __future__ import annotations

from vpkscan.model import Finding, ScanResult
from vpkscan.paths import display_path
from vpkscan.redact import redact
from vpkscan.report import RenderOptions
from vpkscan.report.style import BOLD, DIM, SEVERITY_COLORS, paint
from vpkscan.rules.catalog import RULES


def render_finding(finding: Finding, options: RenderOptions) -> str:
    rule = RULES[finding.rule]
    color = options.color
    shown = redact(finding.key, show_secrets=options.show_secrets)
    location = f"{display_path(finding.path)}:{finding.line}:{finding.column}"
    severity = paint(finding.severity.value, SEVERITY_COLORS[finding.severity], color)
    where = f" in commit {finding.commit.id[:12]}" if finding.commit else ""
    header = (
        f"{paint(location, BOLD, color)}: {rule.id.value} {rule.name} [{severity}] "
        f"{finding.key_mode.value} key {shown}{where}"
    )
    lines = [header]
    if finding.snippet:
        start = finding.snippet_key_start
        masked = finding.snippet[:start] + shown + finding.snippet[start + len(finding.key) :]
        lines.append("  | " + masked)
    lines.append("  " + finding.message)
    lines.append("  fix: " + rule.remediation)
    lines.append(paint("  docs: " + rule.help_uri, DIM, color))
    return "\n".join(lines)


def render(result: ScanResult, options: RenderOptions) -> str:
    if not result.findings:
        return ""
    return "\n\n".join(render_finding(f, options) for f in result.findings) + "\n"

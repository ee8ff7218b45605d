"""The default human report: one block per finding, the key masked in its line."""

from __future__ import annotations

import re

from vpkscan.detect.decode.mask import mask_encoded
from vpkscan.model import Finding, ScanResult, Severity, VerificationStatus
from vpkscan.paths import from_cwd, printable
from vpkscan.redact import redact
from vpkscan.report import RenderOptions
from vpkscan.report.exposure import known, leak_stage
from vpkscan.report.style import BOLD, DIM, SEVERITY_COLORS, paint
from vpkscan.report.verification import line
from vpkscan.rules.catalog import RULES, remediation_of

#: Other keys in the shown line, whole or cut short by its clipping, are masked too.
_OTHER_KEY = re.compile(r"vpk_(?:live|test)_[A-Za-z0-9]*")


def _status_word(finding: Finding) -> str:
    return f" ({finding.verification.status.value})" if finding.verification else ""


def _emphasis(finding: Finding) -> str:
    active = finding.verification and finding.verification.status is VerificationStatus.ACTIVE
    return SEVERITY_COLORS[Severity.CRITICAL] if active else DIM


def render_finding(finding: Finding, options: RenderOptions, root: str = "") -> str:
    rule = RULES[finding.rule]
    color = options.color
    shown = redact(finding.key, show_secrets=options.show_secrets)
    path = from_cwd(finding.path, root, options.cwd) if root else finding.path
    location = f"{printable(path)}:{finding.line}:{finding.column}"
    severity = paint(finding.severity.value, SEVERITY_COLORS[finding.severity], color)
    where = f" in commit {finding.commit.id[:12]}" if finding.commit else ""
    header = (
        f"{paint(location, BOLD, color)}: {rule.id.value} {rule.name} [{severity}] "
        f"{finding.key_mode.value} key {shown}{where}{_status_word(finding)}"
    )
    lines = [header]
    if finding.snippet:
        start = finding.snippet_key_start
        before = finding.snippet[:start]
        after = finding.snippet[start + len(finding.key) :]
        if not options.show_secrets:
            before, after = (_OTHER_KEY.sub(lambda m: redact(m[0]), s) for s in (before, after))
            before, after = mask_encoded(before), mask_encoded(after)
        masked = before + shown + after
        lines.append("  | " + masked)
    if finding.encoding:
        lines.append(f"  encoded: {finding.encoding} (the key is shown decoded)")
    if finding.original:
        lines.append(f"  original: {printable(finding.original.path)}:{finding.original.line}")
    if finding.verification is not None:
        lines.append("  " + paint(line(finding.verification), _emphasis(finding), color))
    lines.append("  " + printable(finding.message))
    lines.append("  fix: " + remediation_of(finding))
    if known(finding):
        lines.append("  leak stage: " + leak_stage(finding))
    # The page is in the installed package: the command works offline, the link may not.
    lines.append(paint(f"  docs: vpkscan explain {rule.id.value} ({rule.help_uri})", DIM, color))
    return "\n".join(lines)


def render(result: ScanResult, options: RenderOptions) -> str:
    if not result.findings:
        return ""
    root = result.summary.root
    return "\n\n".join(render_finding(f, options, root) for f in result.findings) + "\n"

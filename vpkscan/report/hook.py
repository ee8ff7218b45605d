"""The short report of the git hooks: each key with its fix and leak stage, then how to
proceed. Called directly by ``vpkscan hook`` (it is not a ``--format``)."""

from __future__ import annotations

from vpkscan.model import Exposure, Finding, ScanResult
from vpkscan.paths import printable
from vpkscan.redact import redact
from vpkscan.report import RenderOptions
from vpkscan.report.exposure import leak_stage
from vpkscan.report.style import BOLD, SEVERITY_COLORS, paint
from vpkscan.report.verification import counts_line, line
from vpkscan.rules.catalog import RULES, remediation_of

PROCEED_COMMIT = (
    "take each key out of its file as its `fix:` line says, then `git add` the files "
    "and commit again"
)
PROCEED_PUSH = (
    "take each key out of its file as its `fix:` line says, then rewrite the commits "
    "that added it (git commit --amend, or git rebase -i) so that no pushed commit holds "
    "it, and push again"
)
PROCEED_ROTATE = (
    "rotate every key marked as already pushed now, in Settings → API: whoever can read "
    "the remote has it, whatever the next commit does"
)
#: A live key is only suppressed by an allow comment that names its rule.
PROCEED_FALSE_POSITIVE = (
    "if it is a false positive, add a `vpkscan:allow {rules} -- <reason>` comment on "
    "that line, or record it in a baseline (vpkscan baseline)"
)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def render_finding(finding: Finding, options: RenderOptions) -> str:
    rule = RULES[finding.rule]
    location = paint(f"{printable(finding.path)}:{finding.line}", BOLD, options.color)
    severity = paint(finding.severity.value, SEVERITY_COLORS[finding.severity], options.color)
    key = redact(finding.key, show_secrets=options.show_secrets)
    status = f" ({finding.verification.status.value})" if finding.verification else ""
    lines = [
        f"{location}  {rule.id.value} {rule.name} [{severity}]  "
        f"{finding.key_mode.value} key {key}{status}",
        f"  fix: {remediation_of(finding)}",
        f"  leak stage: {leak_stage(finding)}",
    ]
    if finding.verification is not None:
        lines.append(f"  {line(finding.verification)}")
    return "\n".join(lines)


def render(
    result: ScanResult,
    options: RenderOptions,
    *,
    push: bool,
    blocked: bool,
    fail_on_active: bool = False,
    in_commit: bool = True,
) -> str:
    """The hook's report; empty for a clean scan (a hook that passes says nothing).

    ``in_commit``: run by ``git commit`` (the commit is blocked), not by hand or by
    ``pre-commit run --all-files``, where nothing is being committed.
    """
    findings = result.findings
    errors = result.summary.errors
    if not findings and not errors:
        return ""
    action = "push" if push else "commit"
    where = "the commits being pushed" if push else "the changes staged for commit"
    if not push and not in_commit:
        where = "the staged content of the files checked"
    lines: list[str] = []
    if findings:
        quiet = "no key verified active" if fail_on_active else "below --fail-on"
        if not blocked:
            verdict = f": {quiet}, not blocking"
        elif push or in_commit:
            verdict = f": the {action} is blocked"
        else:
            verdict = ""
        lines.append(f"vpkscan: {_plural(len(findings), 'VibePeak key')} in {where}{verdict}.")
        verified = counts_line(findings)
        if verified:
            lines.append(f"vpkscan: {verified}.")
        for finding in findings:
            lines += ["", render_finding(finding, options)]
        notes = [n for n in result.summary.notes if "allow" in n]
        if notes:
            lines.append("")
            lines += [f"vpkscan: note: {printable(note)}" for note in notes]
    for error in errors:
        lines.append(f"vpkscan: error: {printable(error)}")
    if errors:
        lines.append(f"vpkscan: the scan is incomplete, so the {action} is blocked.")
    if findings:
        rules = ", ".join(sorted({finding.rule.value for finding in findings}))
        lines += ["", "How to proceed:"]
        if any(finding.exposure is Exposure.PUSHED for finding in findings):
            lines.append(f"  - {PROCEED_ROTATE}")
        lines.append(f"  - {PROCEED_PUSH if push else PROCEED_COMMIT}")
        lines.append(f"  - {PROCEED_FALSE_POSITIVE.format(rules=rules)}")
    return "\n".join(lines) + "\n"

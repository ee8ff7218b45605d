"""The summary printed on stderr after every scan: what was read, skipped and found."""

from __future__ import annotations

from collections import Counter

from vpkscan.model import RepoFacts, ScanResult, Severity, SkipReason
from vpkscan.paths import printable
from vpkscan.report.verification import counts_line


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


#: Each skip reason said of several files ("4 symbolic links (not followed)").
SKIPPED_PLURALS: dict[SkipReason, str] = {
    SkipReason.SYMLINK: "symbolic links (not followed)",
    SkipReason.SUBMODULE: "submodules (gitlinks)",
    SkipReason.MISSING: "files tracked but missing from the working tree",
    SkipReason.NOT_REGULAR: "files that are not regular files",
    SkipReason.EXCLUDED: "files excluded by configuration",
    SkipReason.TOO_LARGE: "files larger than max-file-size",
    SkipReason.LFS_POINTER: "Git LFS pointers (content stored outside git)",
    SkipReason.MISSING_OBJECT: "blobs missing from the repository (partial or damaged clone)",
}


def skipped_count(count: int, reason: SkipReason) -> str:
    """``1 symbolic link (not followed)``, ``4 symbolic links (not followed)``."""
    if count == 1:
        return f"1 {reason.value}"
    return f"{count} {SKIPPED_PLURALS.get(reason, f'files: {reason.value}')}"


def repository_line(facts: RepoFacts | None) -> str | None:
    """``on main @ 1a2b3c4d`` (``at 1a2b3c4d (detached HEAD)``), or None before a commit."""
    if facts is None or facts.head is None:
        return None
    head = printable(facts.head[:8])
    if facts.branch is None:
        return f"at {head} (detached HEAD)"
    return f"on {printable(facts.branch)} @ {head}"


def render_summary(result: ScanResult) -> str:
    """Lines for stderr: notes, errors, then one line of counts."""
    summary = result.summary
    lines = [f"vpkscan: note: {printable(note)}" for note in summary.notes]
    lines += [f"vpkscan: error: {printable(error)}" for error in summary.errors]
    severities = Counter(finding.severity for finding in result.findings)
    found = _plural(len(result.findings), "finding")
    if result.findings:
        found += (
            " ("
            + ", ".join(f"{severities[s]} {s.value}" for s in reversed(Severity) if severities[s])
            + ")"
        )
        # How many keys to rotate, which the finding count alone does not say.
        keys = len({finding.key for finding in result.findings})
        found += f" of {_plural(keys, 'distinct key')}"
    counts = (
        f"{found} in {_plural(summary.files_scanned, 'file')} "
        f"({human_bytes(summary.bytes_scanned)}) in {summary.duration_s:.2f}s"
    )
    if summary.commits_scanned:
        counts += f", {_plural(summary.commits_scanned, 'commit')}"
    if summary.skipped:
        reasons = Counter(item.reason for item in summary.skipped)
        counts += "; skipped " + ", ".join(
            skipped_count(n, reason) for reason, n in sorted(reasons.items(), key=lambda x: -x[1])
        )
    suppressed = summary.suppressed_inline + summary.suppressed_baseline
    if suppressed:
        parts = [
            f"{n} {what}"
            for n, what in (
                (summary.suppressed_baseline, "baseline"),
                (summary.suppressed_inline, "inline"),
            )
            if n
        ]
        counts += f"; {suppressed} suppressed: " + ", ".join(parts)
    if result.disabled_rules:
        counts += "; rules disabled: " + ", ".join(r.value for r in result.disabled_rules)
    if summary.errors:
        counts += f"; {_plural(len(summary.errors), 'error')}: the scan is incomplete"
    verified = counts_line(result.findings)
    if verified:
        lines.append("vpkscan: " + verified)
    where = repository_line(summary.repository)
    if where:
        lines.append("vpkscan: " + where)
    lines.append("vpkscan: " + counts)
    return "\n".join(lines) + "\n"

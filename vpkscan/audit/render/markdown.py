"""The audit as Markdown, for a ticket or a pull request comment.

Names from repositories and reports are hostile: every one is escaped (ASCII
punctuation backslash-escaped, so no name can open a link, an image, a table cell or
inline HTML; control characters written as escapes; line breaks never kept).
"""

from __future__ import annotations

from vpkscan.audit.figures import figures, plural
from vpkscan.audit.model import Audit, Commit, Incident, Location
from vpkscan.audit.render import headline
from vpkscan.paths import printable

#: Characters that open emphasis, code, links, images, tables, headings or math, and
#: autolinked e-mail addresses; list markers only matter at the start of a line, where no
#: name is ever written.
_PUNCTUATION = set("\\`*_{}[]()#+!|~$^@")
#: Written as entities: a backslash before them is not honoured by every renderer.
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
#: Text that GitHub turns into a link by itself.
_AUTOLINKS = {"://": ":\\/\\/", "www.": "www\\."}


def _escape_char(ch: str) -> str:
    if ch in _ENTITIES:
        return _ENTITIES[ch]
    return "\\" + ch if ch in _PUNCTUATION else ch


def escape(text: str) -> str:
    """``text`` as literal Markdown text, safe in a paragraph or a table cell."""
    escaped = "".join(_escape_char(ch) for ch in printable(text))
    for pattern, replacement in _AUTOLINKS.items():
        escaped = escaped.replace(pattern, replacement)
    return escaped


def _commit(commit: Commit | None) -> str:
    if commit is None:
        return "none"
    return (
        f"{commit.id[:12]} in {escape(commit.repository)} "
        f"({escape(commit.author)}, {escape(commit.date)})"
    )


def _location_row(location: Location) -> str:
    cells = [
        escape(location.repository),
        escape(f"{location.path}:{location.line}"),
        " ".join(location.rules),
        "tree" if location.in_tree else "history",
        location.commit[:12] if location.commit else "",
        escape(location.author or ""),
        escape(location.date or ""),
        escape(location.exposure or ""),
    ]
    return "| " + " | ".join(cells) + " |"


def _incident(rank: int, incident: Incident) -> list[str]:
    lines = [
        f"### {rank}. {escape(incident.redacted)}: {', '.join(headline(incident))}",
        "",
        f"- Fingerprint: {incident.fingerprint}",
        f"- Rules: {' '.join(incident.rules)}",
        f"- Repositories: {', '.join(escape(r) for r in incident.repositories)}",
        f"- First commit: {_commit(incident.first_commit)}",
        f"- Last commit: {_commit(incident.last_commit)}",
    ]
    v = incident.verification
    lines.append(
        f"- Verification: {v.status.value} at {escape(v.checked_at or 'unknown time')}"
        + (f" ({escape(v.detail)})" if v.detail else "")
        if v
        else "- Verification: not checked"
    )
    lines += [
        "",
        "| Repository | Place | Rules | Where | Commit | Author | Date | Exposure |",
        "|---|---|---|---|---|---|---|---|",
        *(_location_row(p) for p in incident.locations),
        "",
        "Checklist:",
        "",
    ]
    for step in incident.checklist:
        lines.append(f"- [ ] {escape(step.text)}")
        lines += [f"  - {escape(p)}" for p in step.places]
        if step.command:
            lines += ["", "  ```sh", *(f"  {c}" for c in step.command.splitlines()), "  ```"]
        if step.warning:
            lines += ["", f"  > **Warning:** {escape(step.warning)}"]
    return [*lines, ""]


def render(audit: Audit) -> str:
    counts = figures(audit)
    lines = ["# VibePeak key audit", ""]
    if audit.generated_at:
        lines += [f"Generated {escape(audit.generated_at)}.", ""]
    lines += [
        "## Summary",
        "",
        f"- **{plural(counts.incidents, 'distinct key')} to rotate** "
        f"({counts.live} live, {counts.test} test), "
        f"{plural(counts.locations, 'location')}",
        "- By severity: " + ", ".join(f"{n} {name}" for name, n in counts.by_severity),
        f"- In a tree: {counts.in_tree}; history only: {counts.history_only}",
        "- Verification: "
        + (", ".join(f"{n} {escape(name)}" for name, n in counts.by_verification) or "none"),
        "",
        "| Repository | Incidents | Files | Commits |",
        "|---|---|---|---|",
    ]
    scans = {r.name: r for r in audit.repositories}
    for name, n in counts.by_repository:
        scan = scans.get(name)
        files = str(scan.files_scanned) if scan else ""
        commits = str(scan.commits_scanned) if scan else ""
        lines.append(f"| {escape(name)} | {n} | {files} | {commits} |")
    lines += ["", "## Incidents, riskiest first", ""]
    if not audit.incidents:
        lines += ["No key found.", ""]
    for rank, incident in enumerate(audit.incidents, 1):
        lines += _incident(rank, incident)
    problems = [(r.name, e) for r in audit.repositories for e in r.errors]
    if problems:
        lines += ["## Errors: the audit is incomplete", ""]
        lines += [f"- {escape(name)}: {escape(error)}" for name, error in problems]
        lines.append("")
    return "\n".join(lines)

"""The audit for a terminal: the counts, then each incident with its places and steps.

Every value from a repository or a report is escaped with ``printable``.
"""

from __future__ import annotations

from vpkscan.audit.checklist import place
from vpkscan.audit.figures import figures, plural
from vpkscan.audit.model import Audit, Incident
from vpkscan.audit.render import headline
from vpkscan.paths import printable


def summary_lines(audit: Audit, top: int | None = None) -> list[str]:
    """The counts of ``audit``, and its ``top`` riskiest incidents, one line each."""
    counts = figures(audit)
    keys = plural(counts.incidents, "distinct key")
    lines = [
        f"{keys} to rotate ({counts.live} live, {counts.test} test) in "
        f"{plural(counts.locations, 'location')} across "
        f"{plural(counts.repositories, 'repository', 'repositories')}"
    ]
    if counts.incidents:
        lines.append(
            "by severity: " + ", ".join(f"{n} {name}" for name, n in counts.by_severity if n)
        )
        lines.append(f"in a tree: {counts.in_tree}, history only: {counts.history_only}")
        lines.append(
            "verification: " + ", ".join(f"{n} {name}" for name, n in counts.by_verification)
        )
        lines.append(
            "by repository: "
            + ", ".join(f"{printable(name)} {n}" for name, n in counts.by_repository)
        )
    shown = audit.incidents if top is None else audit.incidents[:top]
    for rank, incident in enumerate(shown, 1):
        lines.append(f"{rank}. {_title(incident)}")
    if top is not None and len(audit.incidents) > top:
        lines.append(f"… and {len(audit.incidents) - top} more in the report")
    return lines


def _title(incident: Incident) -> str:
    repositories = plural(len(incident.repositories), "repository", "repositories")
    return (
        f"{incident.redacted} {', '.join(headline(incident))}: {' '.join(incident.rules)}; "
        f"{plural(len(incident.locations), 'location')} in {repositories}"
    )


def render(audit: Audit) -> str:
    lines = ["VibePeak key audit", ""]
    lines += summary_lines(audit)[:5]
    for rank, incident in enumerate(audit.incidents, 1):
        lines += ["", f"{rank}. {_title(incident)}", f"   fingerprint {incident.fingerprint}"]
        if incident.first_commit:
            c = incident.first_commit
            lines.append(
                f"   first commit {c.id[:12]} in {printable(c.repository)} "
                f"({printable(c.author)}, {printable(c.date)})"
            )
        if incident.last_commit and incident.last_commit != incident.first_commit:
            c = incident.last_commit
            lines.append(
                f"   last commit {c.id[:12]} in {printable(c.repository)} "
                f"({printable(c.author)}, {printable(c.date)})"
            )
        if incident.verification:
            v = incident.verification
            lines.append(
                f"   verification: {v.status.value} at {printable(v.checked_at or '?')}"
                + (f" ({printable(v.detail)})" if v.detail else "")
            )
        for location in incident.locations:
            where = "tree" if location.in_tree else "history"
            lines.append(f"   - [{where}] {printable(place(location))} {' '.join(location.rules)}")
        for number, step in enumerate(incident.checklist, 1):
            lines.append(f"   {number}) {printable(step.text)}")
            lines += [f"      - {printable(p)}" for p in step.places]
            if step.command:
                lines += [f"      $ {line}" for line in step.command.splitlines()]
            if step.warning:
                lines.append(f"      ! {step.warning}")
    for repository in audit.repositories:
        lines += [f"error: {printable(repository.name)}: {printable(e)}" for e in repository.errors]
    return "\n".join(lines) + "\n"

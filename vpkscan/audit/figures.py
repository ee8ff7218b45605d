"""The counts at the top of every audit report and of the summary on stderr."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from vpkscan.audit.model import Audit
from vpkscan.model import KeyMode, Severity

NOT_CHECKED = "not checked"


@dataclass(frozen=True, slots=True)
class Figures:
    """Incidents counted by severity, mode, presence, verification and repository."""

    incidents: int
    locations: int
    by_severity: tuple[tuple[str, int], ...]
    live: int
    test: int
    in_tree: int
    history_only: int
    by_verification: tuple[tuple[str, int], ...]
    by_repository: tuple[tuple[str, int], ...]
    repositories: int


def figures(audit: Audit) -> Figures:
    incidents = audit.incidents
    severities = Counter(i.severity for i in incidents)
    verification = Counter(
        i.verification.status.value if i.verification else NOT_CHECKED for i in incidents
    )
    per_repository = Counter(r for i in incidents for r in i.repositories)
    names = [r.name for r in audit.repositories]
    names += sorted(set(per_repository) - set(names))
    return Figures(
        incidents=len(incidents),
        locations=sum(len(i.locations) for i in incidents),
        by_severity=tuple((s.value, severities[s]) for s in reversed(Severity)),
        live=sum(1 for i in incidents if i.key_mode is KeyMode.LIVE),
        test=sum(1 for i in incidents if i.key_mode is KeyMode.TEST),
        in_tree=sum(1 for i in incidents if i.in_tree),
        history_only=sum(1 for i in incidents if not i.in_tree),
        by_verification=tuple(sorted(verification.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_repository=tuple((name, per_repository[name]) for name in names),
        repositories=len(names),
    )


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"

"""From findings to incidents: one per distinct key, with every place it has been, in
risk order.

Findings become ``Location`` values (the rules that fired at one place merged into one),
then locations are grouped by key fingerprint. ``incident`` derives everything else
(severity, rules, whether a tree still holds it, leak stage, first and last commit, the
checklist) from the locations alone, so that an audit and a merge of reports agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from vpkscan.audit.checklist import checklist
from vpkscan.audit.model import Commit, Incident, LeakStage, Location
from vpkscan.model import (
    Finding,
    KeyMode,
    RuleId,
    Severity,
    Verification,
    VerificationStatus,
)
from vpkscan.paths import display_path
from vpkscan.redact import redact, redact_text
from vpkscan.suppress.fingerprint import fingerprint

#: Rules that mean the key ships to browsers or devices: anyone may hold a copy.
PUBLIC_RULES = frozenset({RuleId.VPK001.value, RuleId.VPK002.value, RuleId.VPK003.value})
#: Rules reported in addition to an occurrence's primary rule.
EXTRA_RULES = frozenset({RuleId.VPK007.value, RuleId.VPK008.value})
HISTORY_RULE = RuleId.VPK006.value


@dataclass(frozen=True, slots=True)
class Sighting:
    """A location of a key, with the key (which never leaves this module's callers
    unredacted) and what the API said about it, if asked."""

    key: str
    location: Location
    verification: Verification | None = None


def sightings(
    repository: str,
    findings: Iterable[Finding],
    *,
    in_tree: bool,
    verification: dict[str, Verification] | None = None,
) -> list[Sighting]:
    """The locations of ``findings`` read from ``repository``: the findings at one place
    (a primary rule, and VPK007/VPK008 there) become one location."""
    places: dict[tuple[str, str, int, int, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        commit_id = finding.commit.id if finding.commit else ""
        places[(finding.key, finding.path, finding.line, finding.column, commit_id)].append(finding)
    found = []
    for group in places.values():
        group.sort(key=lambda f: (f.rule.value in EXTRA_RULES, f.rule.value))
        first = group[0]
        commit = first.commit
        location = Location(
            repository=repository,
            path=display_path(first.path),
            line=first.line,
            column=first.column,
            rules=tuple(dict.fromkeys(f.rule.value for f in group)),
            severity=max((f.severity for f in group), key=lambda s: s.rank),
            in_tree=in_tree,
            commit=commit.id if commit else None,
            author=redact_text(commit.author) if commit else None,
            date=commit.date if commit else None,
            exposure=next((f.exposure.value for f in group if f.exposure), None),
            environment=next((f.environment.value for f in group if f.environment), None),
            encoding=first.encoding,
            original_path=display_path(first.original.path) if first.original else None,
            original_line=first.original.line if first.original else None,
        )
        status = (verification or {}).get(first.key)
        found.append(Sighting(first.key, location, status))
    return found


def group(found: Iterable[Sighting], *, show_secrets: bool = False) -> list[Incident]:
    """One incident per distinct key, in risk order."""
    by_key: dict[str, list[Sighting]] = defaultdict(list)
    for sighting in found:
        by_key[sighting.key].append(sighting)
    incidents = []
    for key, items in by_key.items():
        statuses = [s.verification for s in items if s.verification is not None]
        incidents.append(
            incident(
                fingerprint(key),
                KeyMode.LIVE if key.startswith("vpk_live_") else KeyMode.TEST,
                redact(key),
                [s.location for s in items],
                latest(statuses),
                secret=key if show_secrets else None,
            )
        )
    return ordered(incidents)


def incident(
    key_fingerprint: str,
    key_mode: KeyMode,
    redacted: str,
    locations: Iterable[Location],
    verification: Verification | None,
    *,
    secret: str | None = None,
) -> Incident:
    """The incident of one key from its locations (duplicates dropped)."""
    unique = {location.identity: location for location in locations}
    places = tuple(sorted(unique.values(), key=_location_order))
    commits = sorted(
        (
            Commit(p.repository, p.commit, p.author or "", p.date or "")
            for p in places
            if p.commit is not None
        ),
        key=lambda c: (_when(c.date), c.repository, c.id),
    )
    rules = sorted({rule for place in places for rule in place.rules})
    found = Incident(
        fingerprint=key_fingerprint,
        key_mode=key_mode,
        redacted=redacted,
        severity=max((p.severity for p in places), key=lambda s: s.rank, default=Severity.LOW),
        rules=tuple(rules),
        in_tree=any(_in_a_tree(p) for p in places),
        leak_stage=_leak_stage(places),
        locations=places,
        first_commit=commits[0] if commits else None,
        last_commit=commits[-1] if commits else None,
        verification=verification,
        secret=secret,
    )
    return _with_checklist(found)


def _with_checklist(found: Incident) -> Incident:
    from dataclasses import replace

    return replace(found, checklist=checklist(found))


def latest(statuses: Sequence[Verification]) -> Verification | None:
    """The most recent answer among ``statuses`` (None when the key was not checked)."""
    if not statuses:
        return None
    return max(statuses, key=lambda v: _when(v.checked_at or ""))


def is_public(found: Incident) -> bool:
    """Whether the key was ever in browser or mobile code, or a public variable."""
    return bool(PUBLIC_RULES.intersection(found.rules))


def risk(found: Incident) -> tuple[object, ...]:
    """Sort key, riskiest first: keys that still work before dead ones, live before
    test, active before unchecked, shipped to browsers or devices before the rest, in a
    tree before history only, pushed before local, then severity and spread."""
    status = found.verification.status if found.verification else None
    dead = status is not None and status.dead
    return (
        dead,
        found.key_mode is not KeyMode.LIVE,
        status is not VerificationStatus.ACTIVE,
        not is_public(found),
        not found.in_tree,
        _STAGE_ORDER[found.leak_stage],
        -found.severity.rank,
        -len(found.repositories),
        -len(found.locations),
        found.fingerprint,
    )


def ordered(incidents: Iterable[Incident]) -> list[Incident]:
    return sorted(incidents, key=risk)


_STAGE_ORDER = {LeakStage.PUSHED: 0, LeakStage.LOCAL: 1, LeakStage.UNCOMMITTED: 2}


def _in_a_tree(place: Location) -> bool:
    # A history location keeps its tree rule while the tree the scan ended at holds the key.
    return place.in_tree or (place.commit is not None and HISTORY_RULE not in place.rules)


def _leak_stage(places: Sequence[Location]) -> LeakStage:
    if any(p.exposure == LeakStage.PUSHED.value for p in places):
        return LeakStage.PUSHED
    if any(p.commit is not None for p in places):
        return LeakStage.LOCAL
    return LeakStage.UNCOMMITTED


def _location_order(place: Location) -> tuple[object, ...]:
    # Current files first, then history from the oldest commit.
    return (
        not place.in_tree,
        place.repository,
        _when(place.date or ""),
        place.path,
        place.line,
        place.column,
        place.commit or "",
    )


def _when(date: str) -> float:
    """Seconds since the epoch of an ISO date; unparsable dates sort first."""
    try:
        return datetime.fromisoformat(date).timestamp()
    except ValueError:
        return float("-inf")

"""An audit as JSON data, and back: what ``--format json`` writes and ``--merge`` reads.

Reading validates every value it keeps, since a report may come from anywhere: a
fingerprint is 16 hex digits, a redacted key is a prefix and four characters (it is
placed in a shell command), a date is a string. Whatever is derived (severity of the
incident, rules, first and last commit, the checklist, risk order) is computed again
from the locations rather than trusted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, TypeVar

from vpkscan import __version__
from vpkscan.audit.figures import figures
from vpkscan.audit.model import Audit, Incident, Location, RepositoryScan
from vpkscan.audit.verification import as_verification
from vpkscan.errors import UsageError
from vpkscan.model import KeyMode, Severity, Verification

FORMAT_VERSION = 1
KIND = "vpkscan-audit"
_FINGERPRINT = re.compile(r"[0-9a-f]{16}")
_REDACTED = re.compile(r"vpk_(live|test)_[A-Za-z0-9]{4}…")
_RULE = re.compile(r"VPK00[1-8]")
_COMMIT = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
T = TypeVar("T")


def to_dict(audit: Audit) -> dict[str, Any]:
    """The JSON document of ``audit`` (keys only as their redacted form, unless the
    incidents carry them: ``--show-secrets``)."""
    counts = figures(audit)
    return {
        "version": FORMAT_VERSION,
        "kind": KIND,
        "tool": {"name": "vpkscan", "version": __version__},
        "generated_at": audit.generated_at,
        "summary": {
            "incidents": counts.incidents,
            "locations": counts.locations,
            "by_severity": dict(counts.by_severity),
            "live": counts.live,
            "test": counts.test,
            "in_tree": counts.in_tree,
            "history_only": counts.history_only,
            "by_verification": dict(counts.by_verification),
            "by_repository": dict(counts.by_repository),
        },
        "repositories": [asdict(r) for r in audit.repositories],
        "incidents": [
            incident_dict(incident, rank) for rank, incident in enumerate(audit.incidents, 1)
        ],
    }


def incident_dict(incident: Incident, rank: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "risk_rank": rank,
        "fingerprint": incident.fingerprint,
        "key_mode": incident.key_mode.value,
        "redacted": incident.redacted,
        "severity": incident.severity.value,
        "rules": list(incident.rules),
        "in_tree": incident.in_tree,
        "leak_stage": incident.leak_stage.value,
        "repositories": list(incident.repositories),
        "first_commit": asdict(incident.first_commit) if incident.first_commit else None,
        "last_commit": asdict(incident.last_commit) if incident.last_commit else None,
        "verification": _verification_dict(incident.verification),
        "locations": [_location_dict(p) for p in incident.locations],
        "checklist": [asdict(step) for step in incident.checklist],
    }
    if incident.secret is not None:
        data["secret"] = incident.secret
    return data


def _verification_dict(value: Verification | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"status": value.status.value, "checked_at": value.checked_at, "detail": value.detail}


def _location_dict(place: Location) -> dict[str, Any]:
    data = asdict(place)
    data["rules"] = list(place.rules)
    data["severity"] = place.severity.value
    original = (
        {"path": place.original_path, "line": place.original_line}
        if place.original_path is not None
        else None
    )
    del data["original_path"], data["original_line"]
    data["original"] = original
    return data


# Reading -------------------------------------------------------------------------------


class _Reader:
    """Typed access to a parsed JSON value, with errors that name the file and place."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, what: str) -> UsageError:
        return UsageError(
            f"{self.source}: {where}: {what}",
            "merge reads the JSON reports of vpkscan audit --format json",
        )

    def get(self, data: dict[str, Any], name: str, kind: type[T], where: str) -> T:
        value = data.get(name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(f"{where}.{name}", f"expected {_KIND_NAMES.get(kind, kind.__name__)}")
        return value

    def optional(self, data: dict[str, Any], name: str, kind: type[T], where: str) -> T | None:
        return None if data.get(name) is None else self.get(data, name, kind, where)

    def matching(
        self, data: dict[str, Any], name: str, pattern: re.Pattern[str], where: str
    ) -> str:
        value = self.get(data, name, str, where)
        if not pattern.fullmatch(value):
            raise self.fail(f"{where}.{name}", "not a valid value")
        return value

    def each(
        self, data: dict[str, Any], name: str, where: str, read: Callable[[Any, str], T]
    ) -> list[T]:
        items = self.get(data, name, list, where)
        return [read(item, f"{where}.{name}[{n}]") for n, item in enumerate(items)]

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "expected an object")
        return value


_KIND_NAMES = {str: "a string", int: "an integer", bool: "true or false", list: "a list"}


def from_dict(data: Any, source: str) -> Audit:
    """The audit a JSON report holds; UsageError naming ``source`` and the place of the
    first value that is not what an audit report holds."""
    read = _Reader(source)
    top = read.obj(data, "the document")
    if top.get("kind") != KIND or top.get("version") != FORMAT_VERSION:
        raise read.fail(
            "the document", f"not a vpkscan audit report (kind {KIND!r}, version {FORMAT_VERSION})"
        )
    repositories = read.each(top, "repositories", "$", lambda v, w: _repository(read, v, w))
    incidents = read.each(top, "incidents", "$", lambda v, w: _incident(read, v, w))
    generated = read.optional(top, "generated_at", str, "$") or ""
    return Audit(tuple(incidents), tuple(repositories), generated)


def _repository(read: _Reader, value: Any, where: str) -> RepositoryScan:
    data = read.obj(value, where)

    def strings(name: str) -> tuple[str, ...]:
        items = read.get(data, name, list, where)
        if not all(isinstance(item, str) for item in items):
            raise read.fail(f"{where}.{name}", "expected a list of strings")
        return tuple(items)

    return RepositoryScan(
        name=read.get(data, "name", str, where),
        root=read.optional(data, "root", str, where),
        head=read.optional(data, "head", str, where),
        branch=read.optional(data, "branch", str, where),
        remote_url=read.optional(data, "remote_url", str, where),
        files_scanned=read.get(data, "files_scanned", int, where),
        blobs_scanned=read.get(data, "blobs_scanned", int, where),
        commits_scanned=read.get(data, "commits_scanned", int, where),
        suppressed=read.get(data, "suppressed", int, where),
        errors=strings("errors"),
        notes=strings("notes"),
    )


def _incident(read: _Reader, value: Any, where: str) -> Incident:
    from vpkscan.audit.incidents import incident

    data = read.obj(value, where)
    redacted = read.matching(data, "redacted", _REDACTED, where)
    mode = KeyMode.LIVE if redacted.startswith("vpk_live_") else KeyMode.TEST
    if data.get("key_mode") != mode.value:
        raise read.fail(f"{where}.key_mode", f"expected {mode.value!r}, as the key is")
    locations = read.each(data, "locations", where, lambda v, w: _location(read, v, w))
    if not locations:
        raise read.fail(f"{where}.locations", "an incident has at least one location")
    raw_status = data.get("verification")
    status = as_verification(raw_status)
    if raw_status is not None and status is None:
        raise read.fail(f"{where}.verification", "not a known verification status")
    return incident(
        read.matching(data, "fingerprint", _FINGERPRINT, where),
        mode,
        redacted,
        locations,
        status,
    )


def _location(read: _Reader, value: Any, where: str) -> Location:
    data = read.obj(value, where)
    rules = read.get(data, "rules", list, where)
    if not rules or not all(isinstance(r, str) and _RULE.fullmatch(r) for r in rules):
        raise read.fail(f"{where}.rules", "expected rule ids (VPK001 to VPK008)")
    severity = read.get(data, "severity", str, where)
    if severity not in {s.value for s in Severity}:
        raise read.fail(f"{where}.severity", "not a severity")
    commit = data.get("commit")
    if commit is not None:
        commit = read.matching(data, "commit", _COMMIT, where)
    original = data.get("original")
    original_path = original_line = None
    if original is not None:
        original = read.obj(original, f"{where}.original")
        original_path = read.get(original, "path", str, f"{where}.original")
        original_line = read.get(original, "line", int, f"{where}.original")
    exposure = read.optional(data, "exposure", str, where)
    if exposure not in (None, "staged", "local", "pushed"):
        raise read.fail(f"{where}.exposure", "not an exposure (staged, local, pushed)")
    return Location(
        repository=read.get(data, "repository", str, where),
        path=read.get(data, "path", str, where),
        line=read.get(data, "line", int, where),
        column=read.get(data, "column", int, where),
        rules=tuple(rules),
        severity=Severity(severity),
        in_tree=read.get(data, "in_tree", bool, where),
        commit=commit,
        author=read.optional(data, "author", str, where),
        date=read.optional(data, "date", str, where),
        exposure=exposure,
        environment=read.optional(data, "environment", str, where),
        encoding=read.optional(data, "encoding", str, where),
        original_path=original_path,
        original_line=original_line,
    )

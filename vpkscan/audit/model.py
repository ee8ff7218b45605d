"""Frozen value types of an audit: where a key is, what it is, what to do about it.

An incident holds no key: only its fingerprint and redacted form (and the key itself
only when the audit ran with ``--show-secrets``), so that reports read back from JSON
(``--merge``) are incidents like any other.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from vpkscan.model import KeyMode, Severity, Verification


class LeakStage(enum.Enum):
    """How far a key has gone: on a remote, in local commits only, or not committed."""

    PUSHED = "pushed"
    LOCAL = "local"
    UNCOMMITTED = "uncommitted"


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit that holds a key, in the repository it was read from."""

    repository: str
    id: str
    author: str
    date: str


@dataclass(frozen=True, slots=True)
class Location:
    """One place a key is: a file of the current tree (``in_tree``, no commit) or a
    file as a commit introduced it. ``rules`` are every rule that fired there, the
    primary one first."""

    repository: str
    path: str
    line: int
    column: int
    rules: tuple[str, ...]
    severity: Severity
    in_tree: bool
    commit: str | None = None
    author: str | None = None
    date: str | None = None
    exposure: str | None = None
    environment: str | None = None
    encoding: str | None = None
    original_path: str | None = None
    original_line: int | None = None

    @property
    def identity(self) -> tuple[str, str, int, int, str]:
        return (self.repository, self.path, self.line, self.column, self.commit or "")


@dataclass(frozen=True, slots=True)
class Step:
    """One item of an incident's remediation checklist: what to do, the places it
    concerns, and a command to run when there is one."""

    action: str
    text: str
    places: tuple[str, ...] = ()
    command: str | None = None
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    """One distinct key and everything known about where it leaked."""

    fingerprint: str
    key_mode: KeyMode
    redacted: str
    severity: Severity
    rules: tuple[str, ...]
    in_tree: bool
    leak_stage: LeakStage
    locations: tuple[Location, ...]
    first_commit: Commit | None
    last_commit: Commit | None
    verification: Verification | None
    checklist: tuple[Step, ...] = ()
    #: The key itself: set only when the audit ran with ``--show-secrets``.
    secret: str | None = None

    @property
    def repositories(self) -> tuple[str, ...]:
        return tuple(sorted({location.repository for location in self.locations}))


@dataclass(frozen=True, slots=True)
class RepositoryScan:
    """What was read of one repository, for the report's header."""

    name: str
    root: str | None = None
    head: str | None = None
    branch: str | None = None
    remote_url: str | None = None
    files_scanned: int = 0
    blobs_scanned: int = 0
    commits_scanned: int = 0
    suppressed: int = 0
    errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Audit:
    """Incidents in risk order (the riskiest first), with what was read."""

    incidents: tuple[Incident, ...]
    repositories: tuple[RepositoryScan, ...]
    generated_at: str = ""

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(f"{r.name}: {e}" for r in self.repositories for e in r.errors)

"""Immutable value types that flow through the scan pipeline.

targets yield file references -> the detector yields candidates -> the classifier and the
rules turn candidates into findings -> reporters render a ``ScanResult``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class KeyMode(enum.Enum):
    """Whether a key charges real credits (live) or runs in the sandbox (test)."""

    LIVE = "live"
    TEST = "test"


class Severity(enum.Enum):
    """How urgent a finding is; ordered by ``rank``."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


_SEVERITY_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2, Severity.CRITICAL: 3}


class RuleId(enum.Enum):
    """The rules of the specification; each occurrence gets one primary rule."""

    VPK001 = "VPK001"
    VPK002 = "VPK002"
    VPK003 = "VPK003"
    VPK004 = "VPK004"
    VPK005 = "VPK005"
    VPK006 = "VPK006"
    VPK007 = "VPK007"
    VPK008 = "VPK008"


class ScanMode(enum.Enum):
    """What a scan read; the value is the ``scan.mode`` of the JSON report."""

    TREE = "tree"
    PATHS = "paths"
    STAGED = "staged"
    HISTORY = "history"
    RANGE = "range"
    STDIN = "stdin"


class Environment(enum.Enum):
    """The deployment environment a file configures (VPK007, VPK008)."""

    PRODUCTION = "production"
    STAGING = "staging"
    DEVELOPMENT = "development"
    TEST = "test"
    CI = "ci"


class Exposure(enum.Enum):
    """How far a key has gone (SPEC §4 ``exposure``): only in the index, in commits no
    remote-tracking ref or tag holds, or on a remote."""

    STAGED = "staged"
    LOCAL = "local"
    PUSHED = "pushed"


class VerificationStatus(enum.Enum):
    """What the VibePeak API said of a key when asked (SPEC §7), in order of urgency."""

    ACTIVE = "active"
    NO_API_ACCESS = "no-api-access"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    INVALID = "invalid"

    @property
    def dead(self) -> bool:
        """The key no longer authenticates: rotating it is done already."""
        return self in (
            VerificationStatus.INVALID,
            VerificationStatus.REVOKED,
            VerificationStatus.EXPIRED,
        )


@dataclass(frozen=True, slots=True)
class Verification:
    """The answer about one key: its status, when it was checked (ISO 8601, UTC) and
    why (the HTTP status and error code, or what went wrong). ``detail`` never holds the
    key."""

    status: VerificationStatus
    checked_at: str
    detail: str


class SkipReason(enum.Enum):
    """Why a file that a target listed was not read."""

    SYMLINK = "symbolic link (not followed)"
    SUBMODULE = "submodule (gitlink)"
    MISSING = "tracked but missing from the working tree"
    NOT_REGULAR = "not a regular file"
    EXCLUDED = "excluded by configuration"
    TOO_LARGE = "larger than max-file-size"
    LFS_POINTER = "Git LFS pointer (content stored outside git)"
    MISSING_OBJECT = "blob missing from the repository (partial or damaged clone)"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A key-shaped string found in some bytes, before any context is applied.

    ``before`` and ``after`` hold up to a few hundred raw bytes around the key (they may
    span several lines) so that later stages can look at the line and its neighbours
    without reading the file again.
    """

    key: str
    mode: KeyMode
    offset: int
    line: int
    column: int
    before: bytes
    after: bytes
    encoding: str | None = None
    #: Where built output came from, when a source map says so.
    original: OriginalLocation | None = None
    #: The 1-based notebook cell holding the key, and which part of it (source, output).
    cell: int | None = None
    cell_part: str | None = None
    #: The container image, layer and instruction (or configuration field) it is in.
    image: ImageSite | None = None


@dataclass(frozen=True, slots=True)
class ImageSite:
    """Where in a container image an occurrence is: ``layer`` (1-based) and the
    ``created_by`` instruction for a layer's file, ``field`` (``Env``, ``Labels``,
    ``history``) for the image configuration; ``deleted_in`` is the later layer whose
    whiteout hides the file (it still ships in its own layer)."""

    image: str
    layer: int | None = None
    created_by: str | None = None
    field: str | None = None
    deleted_in: int | None = None


@dataclass(frozen=True, slots=True)
class FileScan:
    """What the detector made of one file or blob."""

    path: str
    size: int
    candidates: tuple[Candidate, ...] = ()
    skipped: SkipReason | None = None
    error: str | None = None
    #: Things a person should know about how the file was read (archive limits, ...).
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CommitInfo:
    """The commit a history or range finding is attributed to."""

    id: str
    author: str
    date: str


@dataclass(frozen=True, slots=True)
class OriginalLocation:
    """Where a key in built output came from (source maps)."""

    path: str
    line: int


@dataclass(frozen=True, slots=True)
class AllowComment:
    """An inline allow comment near a key.

    ``rules``: the rule ids it names, names given as rule names resolved to ids (() for a
    bare allow); ``unknown``: words in the rule list that name no rule; ``near_miss``:
    the text of a comment that looks like an allow but is not one (``vpkscan:alow``),
    which allows nothing.
    """

    rules: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    near_miss: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported occurrence of a key under one rule.

    ``key`` is the secret itself; only ``vpkscan.redact`` turns it into printable text.
    """

    rule: RuleId
    severity: Severity
    key: str
    key_mode: KeyMode
    path: str
    line: int
    column: int
    message: str
    snippet: str = ""
    snippet_key_start: int = 0
    evidence: tuple[str, ...] = ()
    commit: CommitInfo | None = None
    encoding: str | None = None
    original: OriginalLocation | None = None
    exposure: Exposure | None = None
    #: For VPK006: the rule the key had where it was committed (a baseline entry made
    #: when the file still held it keeps accepting it).
    tree_rule: RuleId | None = None
    #: The deployment environment the file configures (VPK007, VPK008), if known.
    environment: Environment | None = None
    #: The inline allow comment on or above the key's line, None without one.
    allow: AllowComment | None = None
    #: What to do now, for the context that triggered the rule ("" means the rule's own).
    remediation: str = ""
    #: What the VibePeak API said of the key, when verification was asked for.
    verification: Verification | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule.value)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A listed file that was not read, and why."""

    path: str
    reason: SkipReason


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts that say what a scan covered; printed after every scan."""

    mode: ScanMode
    root: str
    files_scanned: int
    bytes_scanned: int
    commits_scanned: int = 0
    duration_s: float = 0.0
    skipped: tuple[Skipped, ...] = ()
    errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    suppressed_inline: int = 0
    suppressed_baseline: int = 0
    #: Paths read, for reports that list every scanned file (JUnit); may be empty when a
    #: mode only counts them.
    scanned_paths: tuple[str, ...] = ()
    #: The git repository the scan read, when it read one (set by the CLI, off the hook path).
    repository: RepoFacts | None = None


@dataclass(frozen=True, slots=True)
class RepoFacts:
    """What a report says about the scanned repository.

    ``root`` is the top of the working tree (the git directory of a bare repository);
    ``head`` the HEAD commit id (None before the first commit); ``branch`` the short name
    of the checked-out branch (None when HEAD is detached or the branch has no commit
    yet); ``remote_url`` where the repository comes from, without any user name or
    password. The values come from the repository as they are: renderers escape them.
    """

    root: str
    head: str | None = None
    branch: str | None = None
    remote_url: str | None = None


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Findings, sorted, with the summary of the scan that produced them."""

    findings: tuple[Finding, ...]
    summary: Summary
    #: Rules turned off by the configuration; reports list them so nobody assumes coverage.
    disabled_rules: tuple[RuleId, ...] = ()

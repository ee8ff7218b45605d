"""The settings of a scan, as frozen values with defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vpkscan.model import Environment, RuleId, Severity
from vpkscan.sources.archives.limits import Limits


@dataclass(frozen=True, slots=True)
class ContextSettings:
    """Project-specific additions to the classifier's tables.

    Patterns use gitignore syntax and are matched against project-relative paths;
    ``environments`` maps a path prefix to the environment it configures.
    """

    public_prefixes: tuple[str, ...] = ()
    client_patterns: tuple[str, ...] = ()
    mobile_patterns: tuple[str, ...] = ()
    server_patterns: tuple[str, ...] = ()
    env_file_patterns: tuple[str, ...] = ()
    environments: tuple[tuple[str, Environment], ...] = ()


#: Where keys are verified unless the configuration names another base URL.
DEFAULT_API_BASE = "https://api.vibepeak.ai"


@dataclass(frozen=True, slots=True)
class VerifySettings:
    """Whether and how keys are checked against the VibePeak API (SPEC §7).

    ``api_base`` is an https URL (plain http only to a loopback address), checked when
    read; ``concurrency`` requests at most run at once, each within ``timeout`` seconds,
    and the whole check within ``time_limit`` seconds.
    """

    enabled: bool = False
    api_base: str = DEFAULT_API_BASE
    concurrency: int = 4
    timeout: float = 10.0
    time_limit: float = 60.0


@dataclass(frozen=True, slots=True)
class Config:
    """Everything that changes how a scan runs or when it fails.

    ``jobs`` of 0 means one worker per available CPU. ``exclude`` holds gitignore-style
    patterns matched against project-relative paths; ``max_file_size`` of None means no
    limit. ``severity`` overrides the live-key severity of a rule.
    """

    fail_on: Severity = Severity.LOW
    jobs: int = 0
    context: ContextSettings = field(default_factory=ContextSettings)
    exclude: tuple[str, ...] = ()
    max_file_size: int | None = None
    baseline: Path | None = None
    inline_allow: bool = True
    disabled_rules: frozenset[RuleId] = frozenset()
    severity: tuple[tuple[RuleId, Severity], ...] = ()
    #: What the scan decodes (encoded keys) and opens (archives), within which bounds.
    limits: Limits = field(default_factory=Limits)
    #: The opt-in check of each key against the VibePeak API.
    verify: VerifySettings = field(default_factory=VerifySettings)
    #: Exit 1 only for findings of keys that verified active.
    fail_on_active: bool = False

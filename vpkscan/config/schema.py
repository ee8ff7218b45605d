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

"""The configuration settings, each declared once.

One row per key of ``.vpkscan.toml`` / ``[tool.vpkscan]``: its name, its kind (which
checks and types a raw value, and shows it again), its default, the ``Config`` field it
sets and its help. The loader validates a file against this table, the command line's
values pass the same conversions, the defaults and ``Config`` are built from it and
``vpkscan config`` prints it, so adding a setting is adding a row (and its ``Config``
field).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from vpkscan.config.kinds import (
    API_BASE,
    BOOL,
    COUNT,
    ENVIRONMENT_TABLE,
    PATH,
    PATTERNS,
    RULES,
    SECONDS,
    SEVERITY,
    SEVERITY_TABLE,
    SIZE,
    STRINGS,
    WORKERS,
    Kind,
    Where,
)
from vpkscan.config.schema import DEFAULT_API_BASE
from vpkscan.model import Severity

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Setting(Generic[T]):
    """One configuration key.

    ``field`` names the ``Config`` attribute the value goes to (``context.name`` for one
    of ``ContextSettings``); settings that share a field add up, in table order. With
    ``extended_by_cli``, a command-line value adds to the file's instead of replacing it.
    A default of None means "not set".
    """

    key: str
    kind: Kind[T]
    default: T | None
    field: str
    help: str
    extended_by_cli: bool = False

    def convert(self, value: Any, origin: str, folder: Path, name: str | None = None) -> T:
        """The typed value of raw ``value`` given in ``origin`` (a file or an option).

        Errors name ``origin`` and ``name`` (default: the key); relative paths start
        from ``folder``.
        """
        return self.kind.convert(value, Where(origin, name or self.key, folder))

    def render(self, value: T | None) -> str | None:
        """``value`` as TOML, for ``vpkscan config``; None for a setting that is not set,
        which has no TOML value (an empty string would not read back)."""
        return None if value is None else self.kind.render(value)


SETTINGS: tuple[Setting[Any], ...] = (
    Setting(
        "exclude",
        PATTERNS,
        default=(),
        field="exclude",
        help="paths never scanned (replaces the default, which is empty)",
    ),
    Setting(
        "extend-exclude",
        PATTERNS,
        default=(),
        field="exclude",
        help="paths never scanned, added to exclude",
        extended_by_cli=True,
    ),
    Setting(
        "fail-on",
        SEVERITY,
        default=Severity.LOW,
        field="fail_on",
        help="exit 1 only for findings at or above this severity",
    ),
    Setting(
        "baseline",
        PATH,
        default=None,
        field="baseline",
        help="baseline file of accepted findings",
    ),
    Setting(
        "max-file-size",
        SIZE,
        default=None,
        field="max_file_size",
        help="skip (with a note) files larger than this",
    ),
    Setting(
        "jobs",
        COUNT,
        default=0,
        field="jobs",
        help="worker processes (0: one per CPU)",
    ),
    Setting(
        "inline-allow",
        BOOL,
        default=True,
        field="inline_allow",
        help="honour vpkscan:allow comments",
    ),
    Setting(
        "public-prefixes",
        STRINGS,
        default=(),
        field="context.public_prefixes",
        help="extra browser-exposed variable prefixes (VPK001)",
    ),
    Setting(
        "client-paths",
        PATTERNS,
        default=(),
        field="context.client_patterns",
        help="extra paths of browser code (VPK003)",
    ),
    Setting(
        "mobile-paths",
        PATTERNS,
        default=(),
        field="context.mobile_patterns",
        help="extra paths of mobile app code (VPK002)",
    ),
    Setting(
        "server-paths",
        PATTERNS,
        default=(),
        field="context.server_patterns",
        help="paths of server code, never client or mobile",
    ),
    Setting(
        "env-files",
        PATTERNS,
        default=(),
        field="context.env_file_patterns",
        help="extra dotenv file patterns (VPK004)",
    ),
    Setting(
        "environments",
        ENVIRONMENT_TABLE,
        default=(),
        field="context.environments",
        help="path prefix -> environment (VPK007, VPK008)",
    ),
    Setting(
        "disable",
        RULES,
        default=frozenset(),
        field="disabled_rules",
        help="rules whose findings are not reported",
    ),
    Setting(
        "severity",
        SEVERITY_TABLE,
        default=(),
        field="severity",
        help="rule id -> severity for live keys",
    ),
    Setting(
        "verify",
        BOOL,
        default=False,
        field="verify.enabled",
        help="ask the VibePeak API whether each key found still works (sends the keys there)",
    ),
    Setting(
        "api-base",
        API_BASE,
        default=DEFAULT_API_BASE,
        field="verify.api_base",
        help="base URL of the VibePeak API for verify (https; http only to loopback)",
    ),
    Setting(
        "verify-concurrency",
        WORKERS,
        default=4,
        field="verify.concurrency",
        help="keys verified at once",
    ),
    Setting(
        "verify-timeout",
        SECONDS,
        default=10.0,
        field="verify.timeout",
        help="seconds to wait for each verification request",
    ),
    Setting(
        "verify-time-limit",
        SECONDS,
        default=60.0,
        field="verify.time_limit",
        help="seconds for verifying all keys; keys not answered by then are unknown",
    ),
    Setting(
        "fail-on-active",
        BOOL,
        default=False,
        field="fail_on_active",
        help="exit 1 only for findings of keys that verified active (needs verify)",
    ),
)
BY_KEY = {setting.key: setting for setting in SETTINGS}

"""The table of configuration settings: name, expected type, and where it goes.

One row per key of ``.vpkscan.toml`` / ``[tool.vpkscan]``; the loader validates a file
against this table and the ``config`` command prints it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Setting:
    """One configuration key.

    ``kind`` is one of: ``patterns`` (list of gitignore patterns), ``strings``, ``rules``
    (list of rule ids), ``severity``, ``size`` (bytes, int or "10MB"), ``int``, ``path``,
    ``bool``, ``environments`` (table path -> environment), ``severities`` (table rule id
    -> severity).
    """

    key: str
    kind: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("exclude", "patterns", "paths never scanned (replaces the default, which is empty)"),
    Setting("extend-exclude", "patterns", "paths never scanned, added to exclude"),
    Setting("fail-on", "severity", "exit 1 only for findings at or above this severity"),
    Setting("baseline", "path", "baseline file of accepted findings"),
    Setting("max-file-size", "size", "skip (with a note) files larger than this"),
    Setting("jobs", "int", "worker processes (0: one per CPU)"),
    Setting("inline-allow", "bool", "honour vpkscan:allow comments"),
    Setting("public-prefixes", "strings", "extra browser-exposed variable prefixes (VPK001)"),
    Setting("client-paths", "patterns", "extra paths of browser code (VPK003)"),
    Setting("mobile-paths", "patterns", "extra paths of mobile app code (VPK002)"),
    Setting("server-paths", "patterns", "paths of server code, never client or mobile"),
    Setting("env-files", "patterns", "extra dotenv file patterns (VPK004)"),
    Setting("environments", "environments", "path prefix -> environment (VPK007, VPK008)"),
    Setting("disable", "rules", "rules whose findings are not reported"),
    Setting("severity", "severities", "rule id -> severity for live keys"),
)
BY_KEY = {setting.key: setting for setting in SETTINGS}
ENVIRONMENTS = ("production", "staging", "development", "test", "ci")

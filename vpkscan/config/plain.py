"""Whether a configuration certainly loads without error, checked without loading it.

The hook's clean-commit path runs before the data model and the loader are imported
(together they cost more than the rest of that path). Settings change which findings a
commit gets and whether they block it, never whether a commit that holds no possible key
is clean; what a configuration can always do is fail: a bad one is an error (exit 2) on
every path. So that path asks this module, which accepts only plain values of the shapes
the loader always accepts (known keys, strings, gitignore patterns without escapes,
character classes or negation, known severities, rules and environments). Anything else
means "not proven", never "an error": the hook then takes the full path, where the loader
names what is wrong. ``tests/test_config_plain.py`` holds this module to the loader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

SEVERITIES = ("low", "medium", "high", "critical")
RULE_IDS = tuple(f"VPK00{number}" for number in range(1, 9))
ENVIRONMENTS = ("production", "staging", "development", "test", "ci")
#: The kind of each setting key (``Setting.kind.name`` in ``settings.py``).
KINDS = {
    "exclude": "patterns",
    "extend-exclude": "patterns",
    "fail-on": "severity",
    "baseline": "path",
    "max-file-size": "size",
    "jobs": "count",
    "inline-allow": "bool",
    "public-prefixes": "strings",
    "client-paths": "patterns",
    "mobile-paths": "patterns",
    "server-paths": "patterns",
    "env-files": "patterns",
    "environments": "environments",
    "disable": "rules",
    "severity": "severities",
    "verify": "bool",
    "api-base": "url",
    "verify-concurrency": "workers",
    "verify-timeout": "seconds",
    "verify-time-limit": "seconds",
    "fail-on-active": "bool",
}
# Gitignore patterns of these characters always compile: no backslash escapes, no
# character classes, no negation, no comments. (A set, not a regular expression: this
# module is imported on every commit.)
_PLAIN_CHARACTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./*?@+=,:~ -"
)
_SIZE = r"^\s*(\d+)\s*([kmg]i?b?|b)?\s*$"
_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "m": 1000**2,
    "g": 1000**3,
    "ki": 1024,
    "mi": 1024**2,
    "gi": 1024**3,
}


def parse_size(text: str) -> int | None:
    """Bytes in ``"4096"``, ``"10MB"`` or ``"1MiB"``; None when ``text`` is not a size."""
    match = re.match(_SIZE, text, re.IGNORECASE)
    if not match:
        return None
    unit = (match.group(2) or "").lower().removesuffix("b")
    return int(match.group(1)) * _UNITS[unit]


def plain_patterns(values: Iterable[object]) -> bool:
    """Whether every value is a gitignore pattern that certainly compiles."""
    return all(isinstance(v, str) and _PLAIN_CHARACTERS.issuperset(v) for v in values)


def _strings(value: Any, folder: Path) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _patterns(value: Any, folder: Path) -> bool:
    return isinstance(value, list) and plain_patterns(value)


def _severity(value: Any, folder: Path) -> bool:
    return isinstance(value, str) and value.lower() in SEVERITIES


def _rules(value: Any, folder: Path) -> bool:
    return _strings(value, folder) and all(v.upper() in RULE_IDS for v in value)


def _bool(value: Any, folder: Path) -> bool:
    return isinstance(value, bool)


def _count(value: Any, folder: Path) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _size(value: Any, folder: Path) -> bool:
    if isinstance(value, str):
        value = parse_size(value)
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _path(value: Any, folder: Path) -> bool:
    if not isinstance(value, str) or not value:
        return False
    try:
        (folder / value).resolve()
    except (OSError, ValueError, RuntimeError):
        return False
    return True


def _environments(value: Any, folder: Path) -> bool:
    return isinstance(value, dict) and all(v in ENVIRONMENTS for v in value.values())


def _severities(value: Any, folder: Path) -> bool:
    return isinstance(value, dict) and all(
        rule.upper() in RULE_IDS and _severity(level, folder) for rule, level in value.items()
    )


def _unproven(value: Any, folder: Path) -> bool:
    return False  # checked by the loader only: such a file takes the full path


_CHECKS: dict[str, Callable[[Any, Path], bool]] = {
    "patterns": _patterns,
    "strings": _strings,
    "severity": _severity,
    "rules": _rules,
    "bool": _bool,
    "count": _count,
    "size": _size,
    "path": _path,
    "environments": _environments,
    "severities": _severities,
    # Verification settings matter only when there are findings; they are rare enough in
    # configuration files not to be worth a second check here.
    "url": _unproven,
    "workers": _unproven,
    "seconds": _unproven,
}


def loads_cleanly(path: Path) -> bool:
    """True when the configuration file ``path`` certainly loads without error."""
    import tomllib

    try:
        table: Any = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return False
    if path.name == "pyproject.toml":
        tool = table.get("tool")
        table = tool.get("vpkscan") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        return False
    return all(
        key in KINDS and _CHECKS[KINDS[key]](value, path.parent) for key, value in table.items()
    )

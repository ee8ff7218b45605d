"""Kinds of setting: how a raw value is checked and typed, and how it is shown again.

A raw value comes from a configuration file (as ``tomllib`` read it) or from the command
line (as click parsed it); either way it passes the same conversion, so a bad value fails
with the same message naming where it was given, the key and what was expected. The
rendering is the TOML that ``vpkscan config`` prints and a configuration file accepts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from vpkscan.config.plain import parse_size
from vpkscan.errors import VpkscanError
from vpkscan.model import Environment, RuleId, Severity

T = TypeVar("T")

ENVIRONMENTS = tuple(environment.value for environment in Environment)


class ConfigError(VpkscanError):
    """A configuration value that cannot be used as written."""


@dataclass(frozen=True, slots=True)
class Where:
    """Where a raw value was given.

    ``origin`` (a file, or an option such as ``--exclude``) and ``key`` name it in
    errors; relative paths start from ``folder``.
    """

    origin: str
    key: str
    folder: Path

    def at(self, part: object) -> Where:
        """The place of one entry of a table (``severity.VPK005``)."""
        return replace(self, key=f"{self.key}.{part}")

    def expected(self, what: str, value: object) -> ConfigError:
        """The error for ``value`` given here where ``what`` was expected."""
        return ConfigError(f"{self.origin}: {self.key}: expected {what}, got {value!r}")


@dataclass(frozen=True, slots=True)
class Kind(Generic[T]):
    """A type of setting: how its values are checked, typed and shown.

    ``convert`` turns a raw value into a ``T`` or raises ``ConfigError``; ``render``
    shows a ``T`` as TOML that ``convert`` accepts back.
    """

    name: str
    convert: Callable[[Any, Where], T]
    render: Callable[[T], str]


def _strings(value: Any, where: Where) -> tuple[str, ...]:
    # A tuple is what click gives for a repeated option; TOML gives a list.
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise where.expected("a list of strings", value)
    return tuple(value)


def _patterns(value: Any, where: Where) -> tuple[str, ...]:
    # Compiled once here, so that a bad pattern fails with its key, not mid-scan.
    import pathspec

    patterns = _strings(value, where)
    for pattern in patterns:
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except Exception as exc:
            raise ConfigError(
                f"{where.origin}: {where.key}: bad pattern {pattern!r}: {exc}"
            ) from None
    return patterns


def _severity(value: Any, where: Where) -> Severity:
    names = [s.value for s in Severity]
    if not isinstance(value, str) or value.lower() not in names:
        raise where.expected("one of " + ", ".join(names), value)
    return Severity(value.lower())


def _rule(value: Any, where: Where) -> RuleId:
    try:
        return RuleId(str(value).upper())
    except ValueError:
        import difflib

        close = difflib.get_close_matches(str(value).upper(), [r.value for r in RuleId], n=1)
        hint = f"did you mean {close[0]!r}?" if close else None
        raise ConfigError(f"{where.origin}: {where.key}: unknown rule {value!r}", hint) from None


def _rules(value: Any, where: Where) -> frozenset[RuleId]:
    return frozenset(_rule(v, where) for v in _strings(value, where))


def _bool(value: Any, where: Where) -> bool:
    if not isinstance(value, bool):
        raise where.expected("true or false", value)
    return value


def _count(value: Any, where: Where) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise where.expected("a whole number of at least 0", value)
    return value


def _workers(value: Any, where: Where) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 64:
        raise where.expected("a whole number from 1 to 64", value)
    return value


def _seconds(value: Any, where: Where) -> float:
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    if number is None or not 0 < number <= 3600:
        raise where.expected("a number of seconds above 0 and at most 3600", value)
    return float(number)


def _api_base(value: Any, where: Where) -> str:
    # Imported here: only a configuration that names a base URL pays for the check.
    from vpkscan.verify.endpoint import check_api_base

    if not isinstance(value, str):
        raise where.expected("an https:// URL", value)
    problem = check_api_base(value)
    if problem is not None:
        raise ConfigError(f"{where.origin}: {where.key}: {problem}, got {value!r}")
    return value.rstrip("/")


def _size(value: Any, where: Where) -> int:
    size = value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(value, str):
        size = parse_size(value)
    if size is None or size <= 0:
        raise where.expected('a size in bytes (1048576 or "1MiB")', value)
    return size


def _path(value: Any, where: Where) -> Path:
    if not isinstance(value, str | Path) or not str(value):
        raise where.expected("a file path", value)
    return (where.folder / value).resolve()


def _environments(value: Any, where: Where) -> tuple[tuple[str, Environment], ...]:
    if not isinstance(value, dict):
        raise where.expected("a table of path = environment", value)
    pairs = []
    for prefix, environment in value.items():
        if environment not in ENVIRONMENTS:
            raise where.at(prefix).expected("one of " + ", ".join(ENVIRONMENTS), environment)
        pairs.append((str(prefix).strip("/"), Environment(environment)))
    return tuple(pairs)


def _severities(value: Any, where: Where) -> tuple[tuple[RuleId, Severity], ...]:
    if not isinstance(value, dict):
        raise where.expected("a table of rule id = severity", value)
    return tuple(
        (_rule(rule, where), _severity(level, where.at(rule))) for rule, level in value.items()
    )


def _quoted(text: str) -> str:
    return f'"{text}"'


def _list(values: Iterable[str]) -> str:
    return "[" + ", ".join(_quoted(v) for v in values) + "]"


def _table(pairs: Iterable[tuple[str, str]]) -> str:
    entries = ", ".join(f"{_quoted(k)} = {_quoted(v)}" for k, v in pairs)
    return "{ " + entries + " }" if entries else "{}"


def _show_rules(rules: frozenset[RuleId]) -> str:
    return _list(sorted(rule.value for rule in rules))


def _show_severities(pairs: tuple[tuple[RuleId, Severity], ...]) -> str:
    return _table((rule.value, level.value) for rule, level in pairs)


#: Gitignore-style patterns, checked when read.
PATTERNS = Kind("patterns", _patterns, _list)
STRINGS = Kind("strings", _strings, _list)
#: A list of rule ids (``VPK005``), in any case.
RULES = Kind("rules", _rules, _show_rules)
SEVERITY = Kind("severity", _severity, lambda level: _quoted(level.value))
BOOL = Kind("bool", _bool, lambda flag: "true" if flag else "false")
COUNT = Kind("count", _count, str)
#: Worker threads: a whole number from 1 to 64.
WORKERS = Kind("workers", _workers, str)
#: A duration in seconds, above 0 (TOML integers and floats).
SECONDS = Kind("seconds", _seconds, repr)
#: The base URL of the VibePeak API: https, or http to a loopback address.
API_BASE = Kind("url", _api_base, _quoted)
#: Bytes, as a number or a string with a unit (``"10MB"``, ``"1MiB"``).
SIZE = Kind("size", _size, str)
#: A file path, relative to the folder of the file that names it.
PATH = Kind("path", _path, lambda path: _quoted(str(path)))
#: A table of path prefix = environment.
ENVIRONMENT_TABLE = Kind(
    "environments",
    _environments,
    lambda pairs: _table((prefix, environment.value) for prefix, environment in pairs),
)
#: A table of rule id = severity.
SEVERITY_TABLE = Kind("severities", _severities, _show_severities)

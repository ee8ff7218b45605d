"""Finding, reading and validating the configuration file.

``--config FILE``, else the nearest ``.vpkscan.toml``, else the nearest ``pyproject.toml``
with a ``[tool.vpkscan]`` table, looking from the start folder up to the repository
root. Every error names the file, the key, what was expected and, for a misspelt key,
the closest known one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vpkscan.config.settings import BY_KEY, ENVIRONMENTS, Setting
from vpkscan.errors import VpkscanError
from vpkscan.model import RuleId, Severity

_SIZE = re.compile(r"^\s*(\d+)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
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


class ConfigError(VpkscanError):
    """A configuration file that cannot be used as written."""


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """A validated configuration file: its typed values, by setting key."""

    path: Path | None
    values: dict[str, Any]

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path else None


def discover(start: Path, stop: Path | None) -> Path | None:
    """The configuration file that applies to ``start`` (searching up to ``stop``)."""
    directory = start.resolve()
    top = stop.resolve() if stop else None
    while True:
        candidate = directory / ".vpkscan.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if directory in (top, directory.parent) or (directory / ".git").exists():
            return None
        directory = directory.parent


def _has_tool_table(pyproject: Path) -> bool:
    import tomllib

    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(document.get("tool"), dict) and "vpkscan" in document["tool"]


def load(path: Path | None) -> ConfigFile:
    """Read and validate ``path`` (None: an empty configuration)."""
    if path is None:
        return ConfigFile(None, {})
    import tomllib

    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: configuration file not found") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: configuration is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    table: Any = document
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("vpkscan", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.vpkscan] must be a table")
    return ConfigFile(path, {key: _validate(path, key, value) for key, value in table.items()})


def _fail(path: Path, key: str, expected: str, value: object) -> ConfigError:
    return ConfigError(f"{path}: {key}: expected {expected}, got {value!r}")


def _validate(path: Path, key: str, value: Any) -> Any:
    setting = BY_KEY.get(key)
    if setting is None:
        import difflib

        close = difflib.get_close_matches(key, list(BY_KEY), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(BY_KEY)}"
        raise ConfigError(f"{path}: unknown key {key!r}", hint)
    return _convert(path, setting, value)


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, key, "a list of strings", value)
    return tuple(value)


def _severity(path: Path, key: str, value: Any) -> Severity:
    names = [s.value for s in Severity]
    if not isinstance(value, str) or value.lower() not in names:
        raise _fail(path, key, "one of " + ", ".join(names), value)
    return Severity(value.lower())


def _rule(path: Path, key: str, value: Any) -> RuleId:
    try:
        return RuleId(str(value).upper())
    except ValueError:
        import difflib

        close = difflib.get_close_matches(str(value).upper(), [r.value for r in RuleId], n=1)
        hint = f"did you mean {close[0]!r}?" if close else None
        raise ConfigError(f"{path}: {key}: unknown rule {value!r}", hint) from None


def check_patterns(origin: str, key: str, patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Compile gitignore-style patterns once, so a bad one fails here with its name."""
    import pathspec

    for pattern in patterns:
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except Exception as exc:
            raise ConfigError(f"{origin}: {key}: bad pattern {pattern!r}: {exc}") from None
    return patterns


def parse_size(text: str) -> int | None:
    match = _SIZE.match(text)
    if not match:
        return None
    unit = (match.group(2) or "").lower().removesuffix("b")
    return int(match.group(1)) * _UNITS[unit]


def _convert(path: Path, setting: Setting, value: Any) -> Any:
    key = setting.key
    kind = setting.kind
    if kind == "patterns":
        return check_patterns(str(path), key, _strings(path, key, value))
    if kind == "strings":
        return _strings(path, key, value)
    if kind == "rules":
        return frozenset(_rule(path, key, v) for v in _strings(path, key, value))
    if kind == "severity":
        return _severity(path, key, value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise _fail(path, key, "true or false", value)
        return value
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _fail(path, key, "a whole number of at least 0", value)
        return value
    if kind == "size":
        size = value if isinstance(value, int) and not isinstance(value, bool) else None
        if isinstance(value, str):
            size = parse_size(value)
        if size is None or size <= 0:
            raise _fail(path, key, 'a size in bytes (1048576 or "1MiB")', value)
        return size
    if kind == "path":
        if not isinstance(value, str) or not value:
            raise _fail(path, key, "a file path", value)
        return (path.parent / value).resolve()
    if kind == "environments":
        if not isinstance(value, dict):
            raise _fail(path, key, "a table of path = environment", value)
        pairs = []
        for prefix, environment in value.items():
            if environment not in ENVIRONMENTS:
                raise _fail(
                    path, f"{key}.{prefix}", "one of " + ", ".join(ENVIRONMENTS), environment
                )
            pairs.append((str(prefix).strip("/"), str(environment)))
        return tuple(pairs)
    if kind == "severities":
        if not isinstance(value, dict):
            raise _fail(path, key, "a table of rule id = severity", value)
        return tuple(
            (_rule(path, key, rule), _severity(path, f"{key}.{rule}", level))
            for rule, level in value.items()
        )
    raise AssertionError(f"unknown setting kind {kind}")

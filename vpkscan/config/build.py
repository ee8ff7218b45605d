"""Combining defaults, the configuration file and the command line into one ``Config``.

Precedence: command line > file > defaults; settings declared ``extended_by_cli``
(``extend-exclude``, set by ``--exclude``) add the command line's values to the file's.
Each effective value remembers where it came from, for ``vpkscan config``. Defaults and
the ``Config`` fields all come from the settings table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vpkscan.config.loader import ConfigFile
from vpkscan.config.schema import Config, ContextSettings, VerifySettings
from vpkscan.config.settings import SETTINGS

#: The dataclass behind each dotted prefix of ``Setting.field``.
_NESTED: dict[str, type[Any]] = {"context": ContextSettings, "verify": VerifySettings}


@dataclass(frozen=True, slots=True)
class Effective:
    """The effective value of every setting and where each came from."""

    values: dict[str, Any]
    sources: dict[str, str]


def effective(file: ConfigFile, cli: dict[str, Any]) -> Effective:
    """Each setting's value from ``cli``, else ``file``, else its default.

    ``cli`` holds typed values by setting key; None means the option was not given.
    """
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    origin = str(file.path) if file.path else "default"
    for setting in SETTINGS:
        key = setting.key
        value: Any = setting.default
        source = "default"
        if key in file.values:
            value, source = file.values[key], origin
        if cli.get(key) is not None:
            if setting.extended_by_cli and source != "default":
                value, source = (*value, *cli[key]), f"{source} + command line"
            else:
                value, source = cli[key], "command line"
        values[key] = value
        sources[key] = source
    return Effective(values, sources)


def to_config(settings: Effective) -> Config:
    """The ``Config`` the effective settings describe."""
    groups: dict[str, dict[str, Any]] = {}
    for setting in SETTINGS:
        group, _, name = setting.field.rpartition(".")
        fields = groups.setdefault(group, {})
        value = settings.values[setting.key]
        fields[name] = (*fields[name], *value) if name in fields else value
    nested = {group: _NESTED[group](**fields) for group, fields in groups.items() if group}
    return Config(**groups.get("", {}), **nested)

"""Combining defaults, the configuration file and the command line into one ``Config``.

Precedence: command line > file > defaults; list settings given on the command line
(``--exclude``) extend the file's. Each effective value remembers where it came from,
for ``vpkscan config``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vpkscan.config.loader import ConfigFile
from vpkscan.config.schema import Config, ContextSettings
from vpkscan.config.settings import SETTINGS
from vpkscan.model import Severity

DEFAULTS: dict[str, Any] = {
    "exclude": (),
    "extend-exclude": (),
    "fail-on": Severity.LOW,
    "baseline": None,
    "max-file-size": None,
    "jobs": 0,
    "inline-allow": True,
    "public-prefixes": (),
    "client-paths": (),
    "mobile-paths": (),
    "server-paths": (),
    "env-files": (),
    "environments": (),
    "disable": frozenset(),
    "severity": (),
}
#: Settings where the command line adds to the file instead of replacing it.
_EXTENDED_BY_CLI = frozenset({"extend-exclude"})


@dataclass(frozen=True, slots=True)
class Effective:
    """The effective value of every setting and where each came from."""

    values: dict[str, Any]
    sources: dict[str, str]


def effective(file: ConfigFile, cli: dict[str, Any]) -> Effective:
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    origin = str(file.path) if file.path else "default"
    for setting in SETTINGS:
        key = setting.key
        value, source = DEFAULTS[key], "default"
        if key in file.values:
            value, source = file.values[key], origin
        if key in cli and cli[key] is not None:
            if key in _EXTENDED_BY_CLI and source != "default":
                value, source = (*value, *cli[key]), f"{source} + command line"
            else:
                value, source = cli[key], "command line"
        values[key] = value
        sources[key] = source
    return Effective(values, sources)


def to_config(settings: Effective) -> Config:
    v = settings.values
    return Config(
        fail_on=v["fail-on"],
        jobs=v["jobs"],
        exclude=(*v["exclude"], *v["extend-exclude"]),
        max_file_size=v["max-file-size"],
        baseline=v["baseline"],
        inline_allow=v["inline-allow"],
        disabled_rules=v["disable"],
        severity=v["severity"],
        context=ContextSettings(
            public_prefixes=v["public-prefixes"],
            client_patterns=v["client-paths"],
            mobile_patterns=v["mobile-paths"],
            server_patterns=v["server-paths"],
            env_file_patterns=v["env-files"],
            environments=v["environments"],
        ),
    )

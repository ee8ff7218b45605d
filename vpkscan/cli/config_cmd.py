"""``vpkscan config``: the effective configuration and where each value came from."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

import click

from vpkscan.cli.configure import config_options, settings_from
from vpkscan.config.settings import SETTINGS


def _toml(value: Any) -> str:
    """A TOML rendering of one setting's value."""
    if value is None:
        return '""  # not set'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, enum.Enum):
        return f'"{value.value}"'
    if isinstance(value, Path):
        return f'"{value}"'
    if isinstance(value, frozenset):
        return "[" + ", ".join(f'"{v.value}"' for v in sorted(value, key=lambda r: r.value)) + "]"
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        pairs = (f'"{_plain(k)}" = "{_plain(v)}"' for k, v in value)
        return "{ " + ", ".join(pairs) + " }"
    if isinstance(value, tuple):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return f'"{value}"'


def _plain(value: Any) -> str:
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


@click.command(name="config")
@config_options
def config_command(**shared: Any) -> None:
    """Print the effective configuration, with the source of every value."""
    settings = settings_from(cwd=Path.cwd(), **shared)
    lines = [f"{setting.key} = {_toml(settings.values[setting.key])}" for setting in SETTINGS]
    width = max(len(line) for line in lines)
    for setting, line in zip(SETTINGS, lines, strict=True):
        click.echo(f"{line:<{width}}  # {settings.sources[setting.key]}")

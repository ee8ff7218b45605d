"""``vpkscan config``: the effective configuration and where each value came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vpkscan.cli.configure import config_options, settings_from
from vpkscan.config.settings import SETTINGS
from vpkscan.paths import printable


@click.command(name="config")
@config_options
def config_command(**shared: Any) -> None:
    """Print the effective configuration, with the source of every value."""
    settings = settings_from(cwd=Path.cwd(), **shared)
    lines = [f"{s.key} = {s.render(settings.values[s.key])}" for s in SETTINGS]
    width = max(len(line) for line in lines)
    for setting, line in zip(SETTINGS, lines, strict=True):
        # Values and file names come from the repository: escaped, and a key in one masked.
        click.echo(printable(f"{line:<{width}}  # {settings.sources[setting.key]}"))

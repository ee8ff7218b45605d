"""``vpkscan config``: the effective configuration and where each value came from.

The output is a configuration file: saved as ``.vpkscan.toml`` it gives the same
settings. A setting that is not set is printed as a comment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vpkscan.cli.configure import config_options, settings_from
from vpkscan.config.resolve import absent_baseline
from vpkscan.config.settings import SETTINGS, Setting
from vpkscan.paths import printable


def _line(setting: Setting[Any], value: Any) -> str:
    shown = setting.render(value)
    return f"# {setting.key} = (not set)" if shown is None else f"{setting.key} = {shown}"


@click.command(name="config")
@config_options
def config_command(**shared: Any) -> None:
    """Print the effective configuration, with the source of every value."""
    settings = settings_from(cwd=Path.cwd(), **shared)
    lines = [_line(s, settings.values[s.key]) for s in SETTINGS]
    sources = dict(settings.sources)
    if absent_baseline(settings) is not None:
        sources["baseline"] += " (not present yet: scans run without a baseline)"
    width = max(len(line) for line in lines)
    for setting, line in zip(SETTINGS, lines, strict=True):
        # Values and file names come from the repository: escaped, and a key in one masked.
        click.echo(printable(f"{line:<{width}}  # {sources[setting.key]}"))

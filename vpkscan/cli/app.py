"""The click group and its commands."""

from __future__ import annotations

import click

from vpkscan import __version__
from vpkscan.cli.rules import explain, rules_command
from vpkscan.cli.scan import scan


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vpkscan")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def cli(debug: bool) -> None:
    """Find VibePeak API keys where they must not be, and say what to do about each."""
    del debug  # read by the error handler before click runs


cli.add_command(scan)
cli.add_command(rules_command)
cli.add_command(explain)

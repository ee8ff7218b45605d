"""Command line: parse options, call the core, render, exit. Only this package uses click."""

from __future__ import annotations

import sys

from vpkscan.cli.errors import run


def main() -> None:
    """Entry point of the ``vpkscan`` command."""
    sys.exit(run(sys.argv[1:]))

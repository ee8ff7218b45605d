"""Command line: parse options, call the core, render, exit. Only this package uses click."""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the ``vpkscan`` command."""
    argv = sys.argv[1:]
    if argv[:1] == ["hook"]:
        # The git hook runs on every commit: it takes a path that never loads click.
        from vpkscan.cli.hook import main as hook_main

        sys.exit(hook_main(argv[1:]))
    from vpkscan.cli.errors import run

    sys.exit(run(argv))

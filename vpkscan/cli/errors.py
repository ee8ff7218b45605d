"""One error policy for every command (SPEC §5).

Expected errors print one line and exit 2; bugs exit 3 with a line on how to report
them (the traceback only with ``--debug``); Ctrl-C exits 130 without a traceback.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence

import click

from vpkscan.errors import VpkscanError
from vpkscan.paths import display_path

EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
ISSUES_URL = "https://github.com/vpkscan/vpkscan/issues"


def _err(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def run(argv: Sequence[str]) -> int:
    from vpkscan.cli.app import cli

    debug = "--debug" in argv
    try:
        result = cli.main(args=list(argv), prog_name="vpkscan", standalone_mode=False)
    except click.exceptions.Abort:
        _err("vpkscan: interrupted")
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        _err("vpkscan: interrupted")
        return EXIT_INTERRUPTED
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except VpkscanError as exc:
        _err(f"vpkscan: error: {display_path(str(exc))}")
        return EXIT_USAGE
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if debug:
            traceback.print_exc()
        _err(
            f"vpkscan: internal error: {type(exc).__name__}: {exc}. This is a bug; please "
            f"report it at {ISSUES_URL} with the output of the same command run with --debug"
        )
        return EXIT_INTERNAL
    return result if isinstance(result, int) else 0

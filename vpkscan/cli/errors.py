"""Running the click commands under the one error policy of ``vpkscan.cli.policy``:
click's own errors (a bad option) are usage errors, its abort an interruption."""

from __future__ import annotations

from collections.abc import Sequence

import click

from vpkscan.cli.hints import explain_option
from vpkscan.cli.policy import EXIT_USAGE, guarded


def run(argv: Sequence[str]) -> int:
    from vpkscan.cli.app import cli

    def action() -> int:
        try:
            result = cli.main(args=list(argv), prog_name="vpkscan", standalone_mode=False)
        except click.exceptions.Abort as exc:
            # click turns KeyboardInterrupt (and so SIGTERM, SIGHUP) into Abort.
            cause = exc.__context__
            raise cause if isinstance(cause, KeyboardInterrupt) else KeyboardInterrupt from None
        except click.exceptions.Exit as exc:
            return exc.exit_code
        except click.NoSuchOption as exc:
            explain_option(exc).show()
            return EXIT_USAGE
        except click.ClickException as exc:
            exc.show()
            return EXIT_USAGE
        return result if isinstance(result, int) else 0

    return guarded(action, debug="--debug" in argv)

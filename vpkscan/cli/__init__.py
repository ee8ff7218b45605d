"""Command line: parse options, call the core, render, exit. Only this package uses click."""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def main() -> None:
    """Entry point of the ``vpkscan`` command."""
    _stop_on_termination()
    argv = sys.argv[1:]
    if argv[:1] == ["hook"]:
        # The git hook runs on every commit: it takes a path that never loads click.
        from vpkscan.cli.hook import main as hook_main

        _exit(hook_main(argv[1:]))
    from vpkscan.cli.errors import run

    _exit(run(argv))


def _stop_on_termination() -> None:
    """SIGTERM and SIGHUP (a CI job cancelled, a terminal closed) end a scan the way Ctrl-C
    does: the exception unwinds through the code that stops worker and git processes."""
    import signal

    from vpkscan.errors import Terminated

    def terminate(signum: int, _frame: object) -> None:
        raise Terminated(signum)

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, terminate)


def _exit(code: int) -> NoReturn:
    """End the process with ``code``, even when standard output can no longer be written
    (a full disk, a closed pipe: the interpreter's last flush would otherwise replace the
    code).

    Everything a command opens or starts (report files, git and worker processes) is
    closed or joined before it returns, so the process ends here at once: the
    interpreter's own teardown, which frees every object a large scan made one by one,
    would add tens of milliseconds to every run.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass  # whatever is still buffered cannot be delivered; the run said why
    os._exit(code)

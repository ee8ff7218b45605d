"""The one error and exit-code policy of every command (SPEC §5), without click.

Expected errors print one line and exit 2; bugs exit 3 with a line on how to report
them (the traceback only with ``--debug``); Ctrl-C exits 130 without a traceback. The
hook shares this module with the click commands: it stays importable without click, so
that a commit pays for nothing it does not use.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from vpkscan.errors import Terminated, VpkscanError

if TYPE_CHECKING:
    from vpkscan.model import ScanResult, Severity

EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
ISSUES_URL = "https://github.com/vpkscan/vpkscan/issues"


def _err(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def guarded(action: Callable[[], int], *, debug: bool) -> int:
    """Run ``action`` and turn whatever it raises into the exit code of SPEC §5."""
    from vpkscan.paths import printable

    try:
        return action()
    except KeyboardInterrupt as exc:
        if isinstance(exc, Terminated):
            import signal

            name = signal.Signals(exc.signum).name
            _err(f"vpkscan: terminated ({name}): the scan was stopped, no report was written")
            return 128 + exc.signum
        _err("vpkscan: interrupted")
        return EXIT_INTERRUPTED
    except VpkscanError as exc:
        _err(f"vpkscan: error: {printable(str(exc))}")
        return EXIT_USAGE
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if debug:
            import traceback

            # Values in a traceback come from the scanned repository too: masked, escaped
            # line by line (the line breaks are the traceback's own).
            lines = traceback.format_exc().splitlines()
            sys.stderr.write("".join(printable(line) + "\n" for line in lines))
        _err(
            f"vpkscan: internal error: {type(exc).__name__}: {printable(str(exc))}. This is a "
            f"bug; please report it at {ISSUES_URL} with the output of the same command run "
            "with --debug"
        )
        return EXIT_INTERNAL


def exit_code(result: ScanResult, fail_on: Severity, *, fail_on_active: bool = False) -> int:
    """2 when something could not be read, 1 for findings at or above ``fail_on`` (with
    ``fail_on_active``: only those of keys that verified active)."""
    if result.summary.errors:
        return EXIT_USAGE
    findings = result.findings
    if fail_on_active:
        from vpkscan.model import VerificationStatus

        findings = tuple(
            f
            for f in findings
            if f.verification is not None and f.verification.status is VerificationStatus.ACTIVE
        )
    if any(finding.severity.at_least(fail_on) for finding in findings):
        return EXIT_FINDINGS
    return 0

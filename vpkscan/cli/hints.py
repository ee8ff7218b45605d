"""What to say when the command line names something vpkscan does not have.

A user coming from another scanner types its words (gitleaks' ``--redact``,
``--report-path``); a mistyped command gets click's "did you mean" the way options do.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import click

#: Options of other secret scanners -> what vpkscan does instead.
FOREIGN_OPTIONS: dict[str, str] = {
    "--redact": "keys are redacted by default; --show-secrets prints them in full",
    "--no-redact": "use --show-secrets to print keys in full",
    "--report-path": "use -o/--output FILE",
    "--report-format": "use -f/--format",
    "--baseline-path": "use --baseline FILE",
    "--exit-code": "use --fail-on SEVERITY, or --exit-zero to report without failing",
}


def explain_option(error: click.NoSuchOption) -> click.NoSuchOption:
    """``error`` with the hint for an option of another scanner, in place of click's
    spelling suggestion (``--redact`` is not a misspelt ``--format``)."""
    name = error.option_name.split("=", 1)[0]
    hint = FOREIGN_OPTIONS.get(name)
    if hint is None:
        return error
    return click.NoSuchOption(name, message=f"No such option: {name} ({hint}).", ctx=error.ctx)


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name ``name`` most probably misspells, if any."""
    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None

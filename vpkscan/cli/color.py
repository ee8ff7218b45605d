"""Whether a report is coloured: ``--color``, then the ``NO_COLOR`` and ``FORCE_COLOR``
conventions, then whether standard output is a terminal.

Free of click, so that the git hook shares it without loading click.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping


def use_color(
    choice: str, output: str | None = None, environ: Mapping[str, str] | None = None
) -> bool:
    """``always`` and ``never`` win; with ``auto`` a report written to a file is never
    coloured, ``NO_COLOR`` (any non-empty value) turns colour off, ``FORCE_COLOR`` (any
    non-empty value) turns it on where standard output is not a terminal (a CI log), and
    otherwise only a terminal gets colour."""
    if choice in ("always", "never"):
        return choice == "always"
    env = os.environ if environ is None else environ
    if output not in (None, "-") or env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return sys.stdout is not None and sys.stdout.isatty()

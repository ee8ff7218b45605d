"""Writing the report: to stdout, or to a file that appears only when complete."""

from __future__ import annotations

import sys

from vpkscan.atomic import write_atomic
from vpkscan.errors import UsageError


def write_report(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` atomically (temporary file, then rename), or stdout."""
    data = text.encode("utf-8", "replace")
    if output is None or output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        write_atomic(output, data)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from exc

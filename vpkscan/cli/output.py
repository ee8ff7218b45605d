"""Writing the report: to stdout, or to a file that appears only when complete."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile

from vpkscan.errors import UsageError


def write_report(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` atomically (temporary file, then rename), or stdout."""
    data = text.encode("utf-8", "replace")
    if output is None or output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    directory = os.path.dirname(os.path.abspath(output))
    try:
        fd, temp = tempfile.mkstemp(prefix=".vpkscan-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private (0600); a report gets the mode open() would give it.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, output)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {output}: {exc.strerror}") from exc
        raise

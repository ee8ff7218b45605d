"""Writing the report: to stdout, or to a file that appears only when complete."""

from __future__ import annotations

import os
import stat
import sys

from vpkscan.errors import UsageError


def write_report(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` atomically (temporary file, then rename), or to
    standard output for None or ``-``.

    An existing target that is not a regular file (a device, a FIFO, a folder, a symbolic
    link) is refused rather than replaced: ``-o /dev/full`` must not swap a device for a
    file, and a link may point anywhere.
    """
    data = text.encode("utf-8", "replace")
    if output is None or output == "-":
        _write_stdout(data)
        return
    try:
        info = os.lstat(output)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from exc
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise UsageError(
            f"refusing to write the report to {output}: it exists and is not a regular file",
            "name a regular file, or use -o - for standard output",
        )
    from vpkscan.atomic import write_atomic  # only a report file needs it

    try:
        write_atomic(output, data, durable=False)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from exc


def _write_stdout(data: bytes) -> None:
    stdout = sys.stdout
    if stdout is None:
        raise UsageError("standard output is closed: there is nowhere to write the report")
    try:
        stdout.flush()
        stdout.buffer.write(data)
        stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        # A full disk or a closed descriptor: the report is lost, and the run must say so.
        raise UsageError(
            f"cannot write the report to standard output: {exc.strerror or exc}"
        ) from exc


def append_step_summary(text: str, environ: dict[str, str] | None = None) -> None:
    """Append ``text`` to the GitHub Actions job summary when the step has one
    (``GITHUB_STEP_SUMMARY``), as the runner documents: other lines of the step may
    have written there already."""
    target = (os.environ if environ is None else environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8", errors="replace") as handle:
            handle.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write the job summary {target}: {exc.strerror}") from exc

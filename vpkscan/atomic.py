"""Writing a file whole: a reader sees the old content or the new, never part of either.

The data goes to a temporary file in the target's folder (so that the rename stays on
one file system), is flushed to disk where it must survive a crash of the machine, and is
then renamed over the target. Any failure, Ctrl-C included, removes the temporary file
and leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile

#: Room left in a file name for mkstemp's random part and the suffix.
_PREFIX_LENGTH = 64


def _new_file_mode() -> int:
    # The umask can only be read by setting it, so it is set back at once.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes | str,
    *,
    mode: int | None = None,
    durable: bool = True,
) -> None:
    """Replace the file at ``path`` with ``data`` (a ``str`` is written as UTF-8).

    ``durable`` flushes the data to the disk before the rename, so that a crash of the
    machine leaves the old content or the new; without it (a report, which the next run
    writes again) a reader still never sees part of either.

    ``mode`` gives the file's permission bits; None gives those of a newly created file
    (0o666 less the umask), not the private 0o600 of the temporary file. Raises
    ``OSError`` when the file cannot be written; ``path`` is then unchanged.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = os.path.abspath(path)
    folder, name = os.path.split(target)
    fd, temp = tempfile.mkstemp(prefix=f".{name[:_PREFIX_LENGTH]}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, _new_file_mode() if mode is None else mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise

"""Turning names on disk into file references, with the checks every target shares."""

from __future__ import annotations

import os
import stat

from vpkscan.model import Skipped, SkipReason
from vpkscan.sources.plan import FileRef


def probe(path: str, fspath: str) -> FileRef | Skipped:
    """A readable regular file, or why it is skipped. Symlinks are never followed."""
    try:
        info = os.lstat(fspath)
    except FileNotFoundError:
        return Skipped(path, SkipReason.MISSING)
    except OSError:
        # Unreadable metadata: let the reader report the error instead of skipping.
        return FileRef(path, fspath, 0)
    if stat.S_ISLNK(info.st_mode):
        return Skipped(path, SkipReason.SYMLINK)
    if not stat.S_ISREG(info.st_mode):
        return Skipped(path, SkipReason.NOT_REGULAR)
    return FileRef(path, fspath, info.st_size)


# Paths from git keep "/" everywhere inside vpkscan; they become native only here, where
# a file is opened (Windows accepts "/", but a native path is what its tools show).
if os.sep == "/":

    def native(path: str) -> str:
        """A repository-relative ``/`` path as the file system spells it."""
        return path

else:

    def native(path: str) -> str:
        """A repository-relative ``/`` path as the file system spells it."""
        return path.replace("/", os.sep)


def to_posix(relative: str) -> str:
    return relative.replace(os.sep, "/") if os.sep != "/" else relative

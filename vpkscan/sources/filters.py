"""Configuration filters applied to every target's plan: excludes and the size limit.

They apply to paths a hook passes explicitly too, so an excluded file is never scanned
whichever way it was named.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence

from vpkscan.model import Skipped, SkipReason
from vpkscan.sources.plan import BlobRef, FileRef, Plan


def excluder(patterns: Sequence[str]) -> Callable[[str], bool]:
    """The one matcher for gitignore-style exclude ``patterns`` (project-relative paths,
    any mode); it matches nothing when there are none.

    pathspec is imported only when there is something to match: the hook stays fast.
    """
    if not patterns:
        return _nothing
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns).match_file


def _nothing(path: str) -> bool:
    return False


def restrict(plan: Plan, exclude: tuple[str, ...], max_file_size: int | None) -> Plan:
    """``plan`` without excluded or oversized files, which are listed as skipped."""
    if not exclude and max_file_size is None:
        return plan
    excluded = excluder(exclude)
    skipped = list(plan.skipped)
    files: list[FileRef] = []
    for ref in plan.files:
        if excluded(ref.path):
            skipped.append(Skipped(ref.path, SkipReason.EXCLUDED))
        elif max_file_size is not None and _size(ref) > max_file_size:
            skipped.append(Skipped(ref.path, SkipReason.TOO_LARGE))
        else:
            files.append(ref)
    blobs: list[BlobRef] = []
    for blob in plan.blobs:
        if excluded(blob.path):
            skipped.append(Skipped(blob.path, SkipReason.EXCLUDED))
        else:
            blobs.append(blob)
    return dataclasses.replace(plan, files=tuple(files), blobs=tuple(blobs), skipped=tuple(skipped))


def _size(ref: FileRef) -> int:
    if ref.size >= 0:
        return ref.size
    try:
        return os.stat(ref.fspath, follow_symlinks=False).st_size
    except OSError:
        return 0  # the reader reports what is wrong with it

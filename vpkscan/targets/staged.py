"""The staged (index) content of files staged for commit: what ``git commit`` records."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vpkscan.model import ScanMode, Skipped, SkipReason
from vpkscan.targets import git
from vpkscan.targets.plan import BlobRef, Plan


def plan_staged(root: Path, only: Sequence[str] = ()) -> Plan:
    """Index blobs of staged additions and modifications; deletions are ignored.

    ``only`` (repository-relative paths, as the pre-commit framework passes them)
    narrows the set; it never adds a path that is not staged.
    """
    index = {entry.path: entry for entry in git.ls_files(root)}
    changed = git.staged_changes(root)
    if only:
        wanted = set(only)
        changed = [path for path in changed if path in wanted]
    blobs: list[BlobRef] = []
    skipped: list[Skipped] = []
    for path in changed:
        entry = index.get(path)
        if entry is None:
            continue
        if entry.mode == git.MODE_GITLINK:
            skipped.append(Skipped(path, SkipReason.SUBMODULE))
        elif entry.mode == git.MODE_SYMLINK:
            skipped.append(Skipped(path, SkipReason.SYMLINK))
        else:
            blobs.append(BlobRef(path, entry.oid))
    return Plan(
        mode=ScanMode.STAGED,
        root=root,
        blobs=tuple(blobs),
        skipped=tuple(skipped),
        all_paths=tuple(index),
    )

"""Tracked files of a repository, read from the working tree (``vpkscan scan [PATH…]``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from vpkscan.git.index import ls_modes
from vpkscan.git.process import MODE_GITLINK, MODE_SYMLINK
from vpkscan.model import ScanMode, Skipped, SkipReason
from vpkscan.sources.filesystem import native
from vpkscan.sources.plan import FileRef, Plan

#: Index entries that are not files to read: a submodule, a symbolic link.
_NOT_READ = frozenset({MODE_GITLINK, MODE_SYMLINK})


def plan_tracked(root: Path, pathspecs: Sequence[str] = (), mode: ScanMode = ScanMode.TREE) -> Plan:
    """Every tracked file under ``pathspecs`` (repository-relative), as in the working tree."""
    modes, listed = ls_modes(root, pathspecs)
    top = os.path.join(root, "")
    skipped = [
        Skipped(path, SkipReason.SUBMODULE if mode == MODE_GITLINK else SkipReason.SYMLINK)
        for mode, path in zip(modes, listed, strict=True)
        if mode in _NOT_READ
    ]
    # Size and type are checked by the reader on the open file: one system call less per
    # file here, where it would not run in parallel.
    paths = (
        [path for mode, path in zip(modes, listed, strict=True) if mode not in _NOT_READ]
        if skipped
        else listed
    )
    files = [FileRef._make((path, top + native(path), -1)) for path in paths]
    notes: list[str] = []
    for spec in pathspecs:
        prefix = spec.rstrip("/")
        if prefix in ("", ".") or any(_under(path, prefix) for path in listed):
            continue
        notes.append(f"{spec}: no tracked file here (untracked files are scanned with --no-git)")
    all_paths = tuple(ls_modes(root)[1] if pathspecs else listed)
    return Plan(
        mode=mode,
        root=root,
        files=tuple(files),
        skipped=tuple(skipped),
        notes=tuple(notes),
        all_paths=all_paths,
    )


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")

"""Tracked files of a repository, read from the working tree (``vpkscan scan [PATH…]``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from vpkscan.git.index import ls_files
from vpkscan.git.process import MODE_GITLINK, MODE_SYMLINK
from vpkscan.model import ScanMode, Skipped, SkipReason
from vpkscan.sources.filesystem import native
from vpkscan.sources.plan import FileRef, Plan

#: Index entries that are not files to read: a submodule, a symbolic link.
_NOT_READ = frozenset({MODE_GITLINK, MODE_SYMLINK})


def plan_tracked(root: Path, pathspecs: Sequence[str] = (), mode: ScanMode = ScanMode.TREE) -> Plan:
    """Every tracked file under ``pathspecs`` (repository-relative), as in the working tree."""
    entries = ls_files(root, pathspecs)
    top = os.path.join(root, "")
    skipped = [
        Skipped(e.path, SkipReason.SUBMODULE if e.mode == MODE_GITLINK else SkipReason.SYMLINK)
        for e in entries
        if e.mode in _NOT_READ
    ]
    # Size and type are checked by the reader on the open file: one system call less per
    # file here, where it would not run in parallel.
    files = [FileRef(e.path, top + native(e.path), -1) for e in entries if e.mode not in _NOT_READ]
    notes: list[str] = []
    for spec in pathspecs:
        prefix = spec.rstrip("/")
        if prefix in ("", ".") or any(_under(e.path, prefix) for e in entries):
            continue
        notes.append(f"{spec}: no tracked file here (untracked files are scanned with --no-git)")
    all_paths = (
        tuple(e.path for e in ls_files(root)) if pathspecs else tuple(e.path for e in entries)
    )
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

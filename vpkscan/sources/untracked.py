"""Untracked files that git does not ignore (``vpkscan scan --untracked``).

Added to a tree, paths or staged plan, they make "everything I could commit": a new
file holding a key is caught before anyone runs ``git add``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

from vpkscan.errors import UsageError
from vpkscan.git.index import untracked
from vpkscan.git.repo import find_root
from vpkscan.model import ScanMode, Skipped
from vpkscan.sources.filesystem import native, probe
from vpkscan.sources.plan import FileRef, Plan

_GIT_MODES = (ScanMode.TREE, ScanMode.PATHS, ScanMode.STAGED)


def add_untracked(
    plan: Plan, cwd: Path, paths: Sequence[str] = (), *, no_git: bool = False
) -> Plan:
    """``plan`` plus the untracked, not ignored files under ``paths`` (relative to ``cwd``).

    The files are read from the working tree; they join the project's path list so the
    classifier sees them as part of the project.
    """
    if no_git:
        raise UsageError(
            "--untracked lists what git does not track and cannot be combined "
            "with --no-git, which already walks every file"
        )
    root = find_root(cwd)
    if plan.mode not in _GIT_MODES or root is None or not _same(root, plan.root):
        raise UsageError(
            "--untracked adds the files git does not track, so it needs a git repository",
            "run it inside one, or use --no-git to walk a folder",
        )
    files: list[FileRef] = []
    skipped: list[Skipped] = []
    # Without paths the whole repository, as for tracked files, wherever it is run from.
    names = untracked(cwd, paths) if paths else untracked(root)
    for name in names:
        ref = probe(name, os.path.join(plan.root, native(name)))
        if isinstance(ref, FileRef):
            files.append(ref)
        else:
            skipped.append(ref)
    return dataclasses.replace(
        plan,
        files=(*plan.files, *files),
        skipped=(*plan.skipped, *skipped),
        all_paths=(*plan.all_paths, *names),
    )


def _same(a: Path, b: Path) -> bool:
    return a == b or a.resolve() == b.resolve()

"""Choosing what to read from the command line's arguments (SPEC §2)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from vpkscan.errors import UnreadableTargetError, UsageError
from vpkscan.git.index import index_paths
from vpkscan.git.repo import find_root, require_root
from vpkscan.model import ScanMode, Skipped
from vpkscan.sources.filesystem import to_posix
from vpkscan.sources.index import plan_staged
from vpkscan.sources.plan import FileRef, Plan
from vpkscan.sources.worktree import plan_tracked


def resolve(
    paths: Sequence[str],
    *,
    cwd: Path,
    staged: bool = False,
    no_git: bool = False,
    stdin: BinaryIO | None = None,
    stdin_path: str = "-",
) -> Plan:
    """The plan for ``vpkscan scan [PATH…]`` with the given mode options."""
    if "-" in paths:
        if len(paths) > 1 or staged:
            raise UsageError("'-' (standard input) cannot be combined with other targets")
        if stdin is None:
            raise UsageError("no standard input to read")
        return _plan_stdin(stdin, stdin_path, cwd, no_git)
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or directory")
    if staged:
        if no_git:
            raise UsageError("--staged reads the git index and cannot be combined with --no-git")
        repo = require_root(cwd, "--staged")
        return plan_staged(repo, [_relative_to(repo, cwd / p) for p in paths])
    if no_git:
        return _plan_directory(paths or ["."], cwd)
    if not paths:
        top = find_root(cwd)
        if top is None:
            raise UsageError(
                f"{cwd} is not inside a git repository",
                "name a directory to scan it without git: vpkscan scan .",
            )
        return plan_tracked(top)
    roots = {find_root((cwd / p).absolute()) for p in paths}
    if len(roots) > 1:
        raise UsageError(
            "the paths belong to different repositories (or to none); scan them separately"
        )
    root = roots.pop()
    if root is None:
        return _plan_directory(paths, cwd)
    specs = [_relative_to(root, cwd / p) for p in paths]
    return plan_tracked(root, specs, mode=ScanMode.PATHS)


def _plan_stdin(stdin: BinaryIO, name: str, cwd: Path, no_git: bool) -> Plan:
    """Standard input reported as ``name`` (relative to ``cwd``). Inside a repository it
    is classified as that file of the project around it, exactly as the tree scan would
    classify the file (editor integrations send unsaved buffers this way)."""
    root = None if no_git or name == "-" else find_root(cwd)
    if root is None:
        return Plan(mode=ScanMode.STDIN, root=cwd, stream=stdin, stream_path=name)
    try:
        path = _relative_to(root, cwd / name)
    except UsageError:
        # A name outside the repository: reported as given, without the project.
        return Plan(mode=ScanMode.STDIN, root=cwd, stream=stdin, stream_path=name)
    return Plan(
        mode=ScanMode.STDIN,
        root=root,
        stream=stdin,
        stream_path=path,
        all_paths=index_paths(root),
    )


def _relative_to(root: Path, path: Path) -> str:
    absolute = Path(os.path.abspath(path))
    resolved_root = root.resolve()
    try:
        rel = absolute.relative_to(root)
    except ValueError:
        try:
            rel = absolute.parent.resolve().joinpath(absolute.name).relative_to(resolved_root)
        except ValueError as exc:
            raise UsageError(f"{path} is outside the repository {root}") from exc
    text = to_posix(str(rel))
    return "" if text == "." else text


def _plan_directory(paths: Sequence[str], cwd: Path) -> Plan:
    # Imported here: the walk needs pathspec, which scans of a repository do not.
    from vpkscan.sources.directory import walk

    absolute = [Path(os.path.abspath(cwd / p)) for p in paths]
    if len(absolute) == 1 and absolute[0].is_dir():
        root = absolute[0]
    else:
        root = Path(os.path.commonpath([p if p.is_dir() else p.parent for p in absolute]))
    files: list[FileRef] = []
    skipped: list[Skipped] = []
    for path in absolute:
        if path.is_dir() and not path.is_symlink():
            for item in walk(path, root):
                if isinstance(item, FileRef):
                    files.append(item)
                else:
                    skipped.append(item)
        else:
            files.append(_named_file(path, root))
    return Plan(
        mode=ScanMode.PATHS,
        root=root,
        files=tuple(files),
        skipped=tuple(skipped),
        all_paths=tuple(f.path for f in files),
    )


def _named_file(path: Path, root: Path) -> FileRef:
    """A file named on the command line: followed through symlinks, since it was asked for."""
    shown = to_posix(os.path.relpath(path, root))
    if path.is_symlink() and not path.exists():
        raise UnreadableTargetError(f"{path}: broken symbolic link")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableTargetError(f"{path}: {exc.strerror}") from exc
    if path.is_dir():
        raise UsageError(f"{path}: a symbolic link to a directory is not followed")
    return FileRef(shown, str(path), size)

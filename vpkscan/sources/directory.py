"""A plain directory walk outside git, honouring every ``.gitignore`` on the way down."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pathspec

from vpkscan.errors import UnreadableTargetError
from vpkscan.model import Skipped
from vpkscan.sources.filesystem import probe, to_posix
from vpkscan.sources.plan import FileRef

#: (directory relative to the walk root with a trailing "/", or "" for the root; its rules)
Rules = list[tuple[str, pathspec.GitIgnoreSpec]]


def walk(top: Path, root: Path) -> Iterator[FileRef | Skipped]:
    """Files under ``top`` not ignored by a ``.gitignore``; paths relative to ``root``."""
    yield from _walk_dir(str(top), to_posix(os.path.relpath(top, root)), [])


def _walk_dir(directory: str, rel: str, rules: Rules) -> Iterator[FileRef | Skipped]:
    rel_prefix = "" if rel in ("", ".") else rel + "/"
    rules = rules + _load_rules(directory, rel_prefix)
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        raise UnreadableTargetError(f"cannot list {directory}: {exc.strerror}") from exc
    for entry in entries:
        if entry.name == ".git":
            continue
        rel_path = rel_prefix + entry.name
        is_dir = entry.is_dir(follow_symlinks=False)
        if _ignored(rel_path + ("/" if is_dir else ""), rules):
            continue
        if is_dir:
            yield from _walk_dir(entry.path, rel_path, rules)
        else:
            yield probe(rel_path, entry.path)


def _load_rules(directory: str, rel_prefix: str) -> Rules:
    path = os.path.join(directory, ".gitignore")
    try:
        with open(path, "rb") as handle:
            lines = handle.read().decode("utf-8", "replace").splitlines()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return []
    except OSError as exc:
        raise UnreadableTargetError(f"cannot read {path}: {exc.strerror}") from exc
    return [(rel_prefix, pathspec.GitIgnoreSpec.from_lines(lines))]


def _ignored(rel_path: str, rules: Rules) -> bool:
    # The deepest .gitignore with a matching pattern decides, as in git.
    for base, spec in reversed(rules):
        if not rel_path.startswith(base):
            continue
        result = spec.check_file(rel_path[len(base) :])
        if result.include is not None:
            return result.include
    return False

"""Paths and their blobs: the index, staged changes, untracked files and commit trees."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from vpkscan.git.process import decode_path, run
from vpkscan.git.repo import Repository


class IndexEntry(NamedTuple):
    """A path recorded in the index (or a tree): its mode, object id and path.

    A NamedTuple rather than a frozen dataclass: one is made per tracked file, and a
    tuple is several times cheaper to build.
    """

    mode: str
    oid: str
    path: str


def _literal(pathspecs: Sequence[str]) -> list[str]:
    # Names from the command line or a hook are paths, never patterns or magic.
    return [f":(literal){spec}" for spec in pathspecs]


def ls_files(root: Path, pathspecs: Sequence[str] = ()) -> list[IndexEntry]:
    """Tracked paths under ``pathspecs`` (all when empty), with mode and object id."""
    args = ["ls-files", "-z", "--stage", "--full-name", "--", *_literal(pathspecs)]
    return parse_stage(run(args, root))


def index_paths(root: Path) -> tuple[str, ...]:
    """Every path in the index."""
    return tuple(entry.path for entry in ls_files(root))


#: A whole record of ``ls-files -z --stage`` at stage 0 (no conflict): mode, object id,
#: path. It starts where the output or the previous record starts, never inside a path.
_STAGE_ZERO = re.compile(r"(?:^|(?<=\0))([0-7]{6}) ([0-9a-f]+) 0\t([^\0]*)\0")
_FS_ENCODING = sys.getfilesystemencoding()
_FS_ERRORS = sys.getfilesystemencodeerrors()


def parse_stage(out: bytes) -> list[IndexEntry]:
    """The entries of ``ls-files -z --stage`` output, each path once.

    This runs over every tracked file before anything is read: without a conflict (the
    usual case) the whole output is decoded and split by one C-level pattern; the
    fields are ASCII and git never puts NUL in a path, so decoding it whole gives each
    path exactly as ``os.fsdecode`` would.
    """
    text = out.decode(_FS_ENCODING, _FS_ERRORS)
    fields = _STAGE_ZERO.findall(text)
    if len(fields) == text.count("\0"):
        return list(map(IndexEntry._make, fields))
    return list(_parse_stage(out))


def _parse_stage(out: bytes) -> Iterator[IndexEntry]:
    # Records are "<mode> <oid> <stage>\t<path>"; a conflict gives a path several stages.
    seen: set[str] = set()
    fsdecode = os.fsdecode
    for record in out.split(b"\0"):
        if not record:
            continue
        tab = record.index(b"\t")
        path = fsdecode(record[tab + 1 :])
        if record[tab - 1] != 0x30:  # stage "0": no conflict
            # During a merge conflict a path has several stages; scan the first once.
            if path in seen:
                continue
            seen.add(path)
        yield IndexEntry(record[:6].decode("ascii"), record[7 : tab - 2].decode("ascii"), path)


def staged_entries(repo: Repository, pathspecs: Sequence[str] = ()) -> list[IndexEntry]:
    """Index entries that ``git commit`` would record as added or modified (no deletions).

    ``pathspecs`` (repository-relative files or folders) narrow the set. Before the first
    commit every index entry is an addition.
    """
    if repo.head is None:
        return ls_files(repo.root, pathspecs)
    args = ["diff-index", "--cached", "-z", "--no-renames", "--diff-filter=ACMRT", repo.head]
    return list(_parse_raw(run([*args, "--", *_literal(pathspecs)], repo.root)))


def staged_renames(repo: Repository) -> dict[str, str]:
    """Staged renames, new path to old path (empty before the first commit)."""
    if repo.head is None:
        return {}
    args = ["diff-index", "--cached", "-z", "-M", "--diff-filter=R", "--name-status", repo.head]
    fields = [decode_path(f) for f in run(args, repo.root).split(b"\0")]
    # Records are ``R<score> NUL old NUL new NUL``.
    return {new: old for old, new in zip(fields[1::3], fields[2::3], strict=False)}


def _parse_raw(out: bytes) -> Iterator[IndexEntry]:
    """``:old_mode new_mode old_id new_id status NUL path NUL`` records (``--raw -z``)."""
    fields = out.split(b"\0")
    for meta, raw_path in zip(fields[0::2], fields[1::2], strict=False):
        parts = meta.lstrip(b"\n:").split(b" ")
        if parts[1] == b"000000":
            continue  # a deletion adds nothing
        yield IndexEntry(parts[1].decode("ascii"), parts[3].decode("ascii"), decode_path(raw_path))


def untracked(cwd: Path, pathspecs: Sequence[str] = ()) -> list[str]:
    """Untracked files that git does not ignore, under ``pathspecs`` (relative to ``cwd``).

    Paths are returned relative to the top of the working tree.
    """
    args = ["ls-files", "-z", "--others", "--exclude-standard", "--full-name"]
    out = run([*args, "--", *_literal(pathspecs)], cwd)
    return [decode_path(p) for p in out.split(b"\0") if p]


def tree_entries(root: Path, rev: str) -> list[IndexEntry]:
    """Every path recorded in the tree of commit ``rev``, recursively."""
    out = run(["ls-tree", "-r", "-z", "--full-tree", rev], root)
    entries = []
    for record in out.split(b"\0"):
        if record:
            meta, _, raw_path = record.partition(b"\t")
            mode, _kind, oid = meta.decode("ascii").split(" ")
            entries.append(IndexEntry(mode, oid, decode_path(raw_path)))
    return entries

"""Paths and their blobs: the index, staged changes, untracked files and commit trees."""

from __future__ import annotations

import os
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
    return parse_stage(_ls_stage(root, pathspecs))


def ls_modes(root: Path, pathspecs: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """The modes and the paths of ``ls_files`` (the same entries, in the same order),
    without an entry object per file."""
    out = _ls_stage(root, pathspecs)
    columns = _columns(out)
    if columns is not None:
        return columns[0], columns[2]
    entries = list(_parse_stage(out))
    return [e.mode for e in entries], [e.path for e in entries]


def _ls_stage(root: Path, pathspecs: Sequence[str]) -> bytes:
    return run(["ls-files", "-z", "--stage", "--full-name", "--", *_literal(pathspecs)], root)


def index_paths(root: Path) -> tuple[str, ...]:
    """Every path in the index, once (a conflicted path has an entry per stage)."""
    return tuple(ls_modes(root)[1])


_FS_ENCODING = sys.getfilesystemencoding()
_FS_ERRORS = sys.getfilesystemencodeerrors()
#: ``<mode> <object id> 0\t``: the fields before a path, with SHA-1 or SHA-256 ids.
_FIELDS_WIDTHS = (6 + 1 + 40 + 3, 6 + 1 + 64 + 3)


def parse_stage(out: bytes) -> list[IndexEntry]:
    """The entries of ``ls-files -z --stage`` output, each path once."""
    columns = _columns(out)
    if columns is None:
        return list(_parse_stage(out))
    return list(map(IndexEntry._make, zip(*columns, strict=True)))


def _columns(out: bytes) -> tuple[list[str], list[str], list[str]] | None:
    """Modes, object ids and paths of ``ls-files -z --stage`` output; None when some
    path has several stages (a merge conflict).

    This runs over every tracked file before anything is read. Without a conflict (the
    usual case) every record's fields have the same width, so the output is decoded
    whole and cut by position; the fields are ASCII and git never puts NUL in a path,
    so each path comes out exactly as ``os.fsdecode`` would give it.
    """
    records = out.decode(_FS_ENCODING, _FS_ERRORS).split("\0")
    if records.pop() != "":
        return None  # every record ends with NUL
    if not records:
        return [], [], []
    width = records[0].find("\t") + 1
    stage = width - 2
    if width not in _FIELDS_WIDTHS or not all(r[stage:width] == "0\t" for r in records):
        return None
    oid = slice(7, width - 3)
    return [r[:6] for r in records], [r[oid] for r in records], [r[width:] for r in records]


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

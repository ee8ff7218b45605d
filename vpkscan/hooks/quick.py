"""The clean-commit fast path of ``vpkscan hook``.

Most commits hold no key. The hook first reads the staged blobs through one
``git cat-file --batch`` and runs only the byte prefilter over them, before the data
model, the configuration and the detector are loaded. A configuration file cannot make
such a commit unclean, so it is only checked to load without error (``config.plain``).
Any doubt (a possible key, an archive, a configuration not proven to load, a named file
that is not in the index) sends the hook down the full path, which reports exactly what
``vpkscan scan`` would.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from vpkscan.config.discovery import discover
from vpkscan.config.plain import loads_cleanly, plain_patterns
from vpkscan.detect.prefilter import might_hold_key
from vpkscan.errors import GitError
from vpkscan.git.index import IndexEntry, ls_files, staged_entries
from vpkscan.git.objects import BlobReader
from vpkscan.git.process import MODE_GITLINK, MODE_SYMLINK
from vpkscan.git.repo import Repository, locate
from vpkscan.sources.archives.kinds import archive_kind
from vpkscan.sources.archives.magic import SNIFF_BYTES, sniff

#: Once a blob is in doubt, the staged blobs read so far and after it are kept for the
#: full scan (which then need not read them again), up to this many bytes in all.
KEEP_BYTES = 16 * 1024 * 1024


def _configuration_is_plain(cwd: Path, root: Path, exclude: Sequence[str]) -> bool:
    """Whether the configuration that applies (file and ``--exclude``) certainly loads.

    Settings never make a commit without a possible key unclean; a configuration error
    must still fail the hook, so anything not proven plain takes the full path.
    """
    if not plain_patterns(exclude):
        return False
    path = discover(cwd, root)
    return path is None or loads_cleanly(path)


class QuickCheck(NamedTuple):
    """What the fast path learnt: whether the commit is proven clean and, for the full
    scan that follows otherwise, the repository, the index entries it listed (the
    named files, or every staged change; None when it did not get that far) and the
    contents of the blobs it read, by object id."""

    clean: bool
    repo: Repository | None = None
    listed: list[IndexEntry] | None = None
    contents: Mapping[str, bytes] | None = None


def check_staged(cwd: Path, names: Sequence[str], exclude: Sequence[str] = ()) -> QuickCheck:
    """Whether the blobs this commit records certainly hold no key.

    ``names`` are the files the pre-commit framework passes (relative to ``cwd``); with
    none, every staged change counts; ``exclude`` holds the ``--exclude`` patterns. Not
    clean means "not proven clean", never "a key".
    """
    repo = locate(cwd)
    if repo is None or not _configuration_is_plain(cwd, repo.root, exclude):
        return QuickCheck(False, repo)
    if names:
        wanted = {
            os.path.relpath(os.path.join(cwd, name), repo.root).replace(os.sep, "/")
            for name in names
        }
        entries = ls_files(repo.root, sorted(wanted))
        if not wanted <= {entry.path for entry in entries}:
            return QuickCheck(False, repo, entries)  # a folder, or a file not in the index
    else:
        entries = staged_entries(repo)
    doubt = QuickCheck(False, repo, entries)
    oids = []
    for entry in entries:
        if entry.mode in (MODE_GITLINK, MODE_SYMLINK):
            continue
        if archive_kind(entry.path) is not None:
            return doubt  # keys inside compressed members are invisible to the prefilter
        oids.append(entry.oid)
    if not oids:
        return doubt
    contents: dict[str, bytes] = {}
    read = 0
    in_doubt = False
    with BlobReader(repo.root, keep_errors=False) as reader:
        for oid in oids:
            if in_doubt and read >= KEEP_BYTES:
                break
            try:
                data = reader.read(oid)
            except GitError:
                if in_doubt:
                    break  # the full scan reads it again, and reports why it cannot
                raise
            # Compressed content (told by its first bytes) hides keys from the prefilter too.
            in_doubt = in_doubt or _opaque_or_keyed(data)
            read += len(data)
            if read <= KEEP_BYTES:
                contents[oid] = data
    if in_doubt:
        return doubt._replace(contents=contents)
    return QuickCheck(True, repo, entries)


def _opaque_or_keyed(data: bytes) -> bool:
    return might_hold_key(data) or sniff(data[:SNIFF_BYTES]) is not None

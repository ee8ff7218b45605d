"""The clean-commit fast path of ``vpkscan hook``.

Most commits hold no key. The hook first reads the staged blobs through one
``git cat-file --batch`` and runs only the byte prefilter over them, before the data
model, the configuration and the detector are loaded. Any doubt (a possible key, an
archive, a configuration file to honour or to validate, a named file that is not in the
index) sends the hook down the full path, which reports exactly what ``vpkscan scan``
would.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from vpkscan.detect.prefilter import might_hold_key
from vpkscan.git.index import ls_files, staged_entries
from vpkscan.git.objects import BlobReader
from vpkscan.git.process import MODE_GITLINK, MODE_SYMLINK
from vpkscan.git.repo import locate
from vpkscan.sources.archives.kinds import archive_kind
from vpkscan.sources.archives.magic import SNIFF_BYTES, sniff


def _configured(cwd: Path, root: Path) -> bool:
    """Whether a configuration file applies (its settings and errors need the full path)."""
    directory = cwd
    while True:
        if (directory / ".vpkscan.toml").is_file():
            return True
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and b"[tool.vpkscan" in pyproject.read_bytes():
            return True
        if directory in (root, directory.parent):
            return False
        directory = directory.parent


def staged_blobs_are_clean(cwd: Path, names: Sequence[str]) -> bool:
    """True when the blobs this commit records certainly hold no key.

    ``names`` are the files the pre-commit framework passes (relative to ``cwd``); with
    none, every staged change counts. False means "not proven clean", never "a key".
    """
    repo = locate(cwd)
    if repo is None or _configured(cwd, repo.root):
        return False
    if names:
        wanted = {
            os.path.relpath(os.path.join(cwd, name), repo.root).replace(os.sep, "/")
            for name in names
        }
        entries = ls_files(repo.root, sorted(wanted))
        if not wanted <= {entry.path for entry in entries}:
            return False  # a folder, or a file the index does not hold
    else:
        entries = staged_entries(repo)
    oids = []
    for entry in entries:
        if entry.mode in (MODE_GITLINK, MODE_SYMLINK):
            continue
        if archive_kind(entry.path) is not None:
            return False  # keys inside compressed members are invisible to the prefilter
        oids.append(entry.oid)
    if not oids:
        return False
    with BlobReader(repo.root, keep_errors=False) as reader:
        # Compressed content (told by its first bytes) hides keys from the prefilter too.
        return not any(_opaque_or_keyed(reader.read(oid)) for oid in oids)


def _opaque_or_keyed(data: bytes) -> bool:
    return might_hold_key(data) or sniff(data[:SNIFF_BYTES]) is not None

"""Scanning one input under its path: an archive becomes one entry per member.

This is the reader's bridge to the detector for anything that has a name: the detector
(with decoding as the limits say), the origin of keys in source maps, bundles and
notebooks, and archives opened within their limits.
"""

from __future__ import annotations

import os
from functools import partial
from typing import IO, TYPE_CHECKING

from vpkscan.detect.detector import scan_stream
from vpkscan.model import Candidate, FileScan
from vpkscan.sources.archives.kinds import archive_kind
from vpkscan.sources.archives.limits import Limits
from vpkscan.sources.archives.magic import SNIFF_BYTES, sniff
from vpkscan.sources.filesystem import native

if TYPE_CHECKING:
    from vpkscan.locate.annotate import LoadSibling

# Source maps and notebooks are only looked at around a key: their modules (json, VLQ
# decoding) are imported then, not for every file.


def _reread(stream: IO[bytes]) -> bytes | None:
    """The whole stream again, for tracing origins; None when too large for that."""
    stream.seek(0)
    from vpkscan.locate.origins import MAX_MAP_BYTES

    data = stream.read(MAX_MAP_BYTES + 1)
    return data if len(data) <= MAX_MAP_BYTES else None


def sibling_reader(fspath: str) -> LoadSibling:
    """Reads files next to ``fspath`` on disk by relative name (a bundle's source map)."""

    def read(name: str) -> bytes | None:
        from vpkscan.locate.origins import MAX_MAP_BYTES

        target = os.path.join(os.path.dirname(fspath), native(name))
        try:
            if not os.path.isfile(target):
                return None
            with open(target, "rb") as handle:
                # Read for what the file holds now, never more than the bound.
                size = os.fstat(handle.fileno()).st_size
                return handle.read(size + 1) if size <= MAX_MAP_BYTES else None
        except OSError:
            return None

    return read


def scan_named(
    path: str, stream: IO[bytes], limits: Limits, load_sibling: LoadSibling | None = None
) -> FileScan:
    """Scan one seekable stream reported as ``path``."""
    candidates, size = scan_stream(stream, decode=limits.decode)  # type: ignore[arg-type]
    if candidates:
        from vpkscan.locate.annotate import annotate

        candidates = annotate(path, candidates, partial(_reread, stream), load_sibling)
    return FileScan(path, size, candidates)


def named_scan(
    path: str,
    data: bytes,
    candidates: tuple[Candidate, ...],
    load_sibling: LoadSibling | None = None,
) -> FileScan:
    """The entry of a file reported as ``path`` whose content ``data`` holds
    ``candidates``, with the origins of keys in source maps, bundles and notebooks."""
    if candidates:
        from vpkscan.locate.annotate import annotate

        candidates = annotate(path, candidates, lambda: data, load_sibling)
    return FileScan(path, len(data), candidates)


def scan_entries(
    path: str, stream: IO[bytes], limits: Limits, load_sibling: LoadSibling | None = None
) -> list[FileScan]:
    """Scan ``stream`` as ``path``: one entry, or one per archive member plus the archive
    (an archive or compressed file is told by its name or by its first bytes)."""
    if limits.archives.enabled and _is_archive(path, stream):
        # Imported on the first archive: most scans never meet one.
        from vpkscan.sources.archives.walk import scan_archive

        scanner = partial(_scan_member, limits=limits)
        return scan_archive(path, stream, limits.archives, scanner)
    return [scan_named(path, stream, limits, load_sibling)]


def _is_archive(path: str, stream: IO[bytes]) -> bool:
    if archive_kind(path) is not None:
        return True
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    return sniff(head) is not None


def _scan_member(path: str, stream: IO[bytes], limits: Limits) -> FileScan:
    return scan_named(path, stream, limits)

"""Recognising archives and compressed streams by their first bytes (magic numbers), so
that a renamed archive, an extensionless blob or a gzipped file is opened like any other.

Every mode asks here: the working tree and the index for files, history for blobs (which
have no name), standard input, and the archive walker for members.
"""

from __future__ import annotations

#: Bytes at the start of an input that tell its kind (a tar header's magic ends at 262).
SNIFF_BYTES = 512

#: Single-stream compression formats (zstd through the ``zstandard`` package, the others
#: with the standard library).
COMPRESSED = frozenset({"gzip", "bzip2", "xz", "zstd"})

#: The name an archive blob is read under in history, where its path is not yet known;
#: no path holds it (git never stores NUL in a name).
UNNAMED = "\0"

#: A zstd frame (skippable frames alone hold no data to scan).
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"

_BZIP2_BLOCKS = (b"\x31\x41\x59\x26\x53\x59", b"\x17\x72\x45\x38\x50\x90")


def is_tar(head: bytes) -> bool:
    """Whether ``head`` starts a POSIX or GNU tar archive."""
    return head[257:262] == b"ustar"


#: The first bytes of every kind but tar (whose magic is at byte 257).
_FIRST_BYTES = frozenset(b"P\x1f\xfd\x28B")


def sniff(head: bytes) -> str | None:
    """``"zip"``, ``"tar"``, ``"gzip"``, ``"bzip2"``, ``"xz"`` or ``"zstd"`` for what
    ``head`` (the first ``SNIFF_BYTES`` of an input, or more) starts, else None."""
    if not head or (head[0] not in _FIRST_BYTES and head[257:262] != b"ustar"):
        return None  # most inputs: two tests
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if head.startswith(b"\x1f\x8b\x08"):
        return "gzip"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    if head.startswith(b"BZh") and head[3:4].isdigit() and head[4:10] in _BZIP2_BLOCKS:
        return "bzip2"
    if is_tar(head):
        return "tar"
    return None


def entry_path(path: str, suffix: str) -> str:
    """The reported path of the entry ``suffix`` (``!member``) of a blob read under
    ``UNNAMED``, once the blob's ``path`` is known (a gzipped file that records no name
    holds the file named like ``path`` without its suffix)."""
    if UNNAMED in suffix:
        from vpkscan.sources.archives.inflate import inner_name

        suffix = suffix.replace(UNNAMED, inner_name(path, None))
    return path + suffix


__all__ = ["COMPRESSED", "SNIFF_BYTES", "UNNAMED", "ZSTD_MAGIC", "entry_path", "is_tar", "sniff"]

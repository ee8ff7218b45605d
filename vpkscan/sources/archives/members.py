"""Listing the members of zip and tar archives as streams, never extracting anything.

Member names are only labels for reports: a name such as ``../../x`` is never joined to
a path on disk, because nothing is written anywhere.
"""

from __future__ import annotations

import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import IO, Literal

#: File name endings of archives, and the format each one is.
#: What reading a damaged archive or member can raise.
READ_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    EOFError,
    ValueError,
    zlib.error,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    tarfile.TarError,
    NotImplementedError,
    RuntimeError,
)


class ArchiveError(Exception):
    """The archive cannot be read (not an archive, truncated, corrupt)."""


@dataclass(frozen=True, slots=True)
class Member:
    """One regular file inside an archive.

    ``size`` is the uncompressed size the archive declares (reading never goes past it);
    ``compressed`` is the stored size when the format records one per member (zip).
    """

    name: str
    size: int
    compressed: int | None
    open: Callable[[], IO[bytes]]


def reason(exc: BaseException) -> str:
    """A short description of a read error, for a note."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class TooManyMembers(ArchiveError):
    """The archive declares more entries than the limit allows."""

    def __init__(self, declared: int) -> None:
        super().__init__(f"it declares {declared} entries")
        self.declared = declared


#: The end-of-central-directory record is in the last 22 bytes plus a comment of at most
#: 65,535 bytes.
_EOCD_SEARCH = 22 + 65_535


def declared_entries(handle: IO[bytes]) -> int | None:
    """The number of entries a zip's end-of-central-directory record (or its zip64 form)
    declares, read without loading the directory; None when no record is found."""
    handle.seek(0, 2)
    size = handle.tell()
    start = max(0, size - _EOCD_SEARCH)
    handle.seek(start)
    tail = handle.read(size - start)
    handle.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    locator = tail.rfind(b"PK\x06\x07", 0, at)
    if entries == 0xFFFF and locator >= 0 and len(tail) >= locator + 20:
        offset = int.from_bytes(tail[locator + 8 : locator + 16], "little")
        handle.seek(offset)
        record = handle.read(56)
        handle.seek(0)
        if record[:4] == b"PK\x06\x06" and len(record) == 56:
            entries = int.from_bytes(record[32:40], "little")
    return entries


def zip_members(handle: IO[bytes], max_members: int | None = None) -> Iterator[Member]:
    """The files of a zip archive, in central-directory order.

    With ``max_members``, an archive that declares more entries is refused
    (``TooManyMembers``) before its central directory is read into memory.
    """
    if max_members is not None:
        declared = declared_entries(handle)
        if declared is not None and declared > max_members:
            raise TooManyMembers(declared)
    try:
        archive = zipfile.ZipFile(handle)
    except READ_ERRORS as exc:
        raise ArchiveError(reason(exc)) from exc
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue

            def opener(info: zipfile.ZipInfo = info) -> IO[bytes]:
                return archive.open(info)

            yield Member(info.filename, info.file_size, info.compress_size, opener)


def _extract(archive: tarfile.TarFile, info: tarfile.TarInfo) -> IO[bytes]:
    stream = archive.extractfile(info)
    if stream is None:
        raise ArchiveError("member has no data")
    return stream


def tar_members(handle: IO[bytes], mode: Literal["r:*", "r:"] = "r:*") -> Iterator[Member]:
    """The regular files of a tar archive, plain or compressed (the standard library's
    formats; ``mode="r:"`` for a tar already decompressed), in stored order.

    A truncated or corrupt archive raises ``ArchiveError`` where the damage is met.
    """
    try:
        archive = tarfile.open(fileobj=handle, mode=mode)  # noqa: SIM115 (closed below)
    except READ_ERRORS as exc:
        raise ArchiveError(reason(exc)) from exc
    with archive:
        while True:
            try:
                info = archive.next()
            except READ_ERRORS as exc:
                raise ArchiveError(reason(exc)) from exc
            if info is None:
                return
            if not info.isfile():
                continue

            yield Member(info.name, info.size, None, partial(_extract, archive, info))


def is_compressed(handle: IO[bytes]) -> bool:
    """Whether a tar stream is compressed, so that skipping a member means inflating it."""
    magic = handle.read(6)
    handle.seek(0)
    return magic.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"\x28\xb5\x2f\xfd"))

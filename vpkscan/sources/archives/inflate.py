"""Reading a compressed stream (gzip, bzip2, xz, zstd) as the one file it holds, within
a bound.

A compressed stream declares no trustworthy size, so its content is read through
``Inflated``: a seekable view that stops at a cap (the bytes left for the archive, or
the ratio limit) and says whether there was more. Going back restarts decompression;
nothing is ever written out.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
from typing import IO, Any, cast

from vpkscan.paths import innermost

#: Endings that name the compressed form of a file (``app.log.gz`` holds ``app.log``).
_COMPRESSED_SUFFIXES = (".gzip", ".gz", ".bz2", ".xz", ".zstd", ".zst", ".z")
_TAR_SUFFIXES = (".tgz", ".tzst")
_MAX_NAME = 255


def open_decompressed(kind: str, handle: IO[bytes]) -> IO[bytes]:
    """A reader of the decompressed content of ``handle`` (read from its start)."""
    handle.seek(0)
    if kind == "gzip":
        return cast("IO[bytes]", gzip.GzipFile(fileobj=handle, mode="rb"))
    if kind == "bzip2":
        return bz2.BZ2File(handle)
    if kind == "zstd":
        return cast("IO[bytes]", io.BufferedReader(_Zstd(handle)))
    return lzma.LZMAFile(handle)


class _Zstd(io.RawIOBase):
    """A zstd stream's content, its errors raised as ``ValueError`` like the standard
    library's decompressors. ``zstandard`` is imported here, when a zstd stream is met:
    most scans never meet one."""

    def __init__(self, handle: IO[bytes]) -> None:
        super().__init__()
        import zstandard

        self._error = zstandard.ZstdError
        decompressor = zstandard.ZstdDecompressor()
        self._reader: Any = decompressor.stream_reader(
            handle, read_across_frames=True, closefd=False
        )

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._reader.read(len(buffer))
        except self._error as exc:
            raise ValueError(f"zstd: {exc}") from exc
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._reader.close()
        super().close()


def gzip_name(head: bytes) -> str | None:
    """The original file name a gzip header records (FNAME), if any."""
    if len(head) < 10 or not head[3] & 0x08:
        return None
    at = 10
    if head[3] & 0x04:  # FEXTRA comes first
        at += 2 + int.from_bytes(head[10:12], "little")
    end = head.find(b"\0", at)
    return head[at:end].decode("latin-1") if end > at else None


def _safe(name: str) -> bool:
    return (
        0 < len(name) <= _MAX_NAME
        and name.isprintable()
        and name not in {".", ".."}
        and not any(ch in name for ch in "/\\!")
    )


def inner_name(path: str, recorded: str | None) -> str:
    """The name of the file a compressed stream at ``path`` holds: the one its header
    records when that is a plain file name, else ``path``'s name without its suffix."""
    if recorded is not None and _safe(recorded):
        return recorded
    name = innermost(path).rsplit("/", 1)[-1]
    lowered = name.lower()
    for suffix in _COMPRESSED_SUFFIXES:
        if lowered.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    for suffix in _TAR_SUFFIXES:
        if lowered.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + ".tar"
    return name


class Inflated(io.RawIOBase):
    """The decompressed content of ``handle``, up to ``cap`` bytes; ``over`` tells
    whether the content went on past the cap."""

    def __init__(self, kind: str, handle: IO[bytes], cap: int) -> None:
        super().__init__()
        self._kind = kind
        self._handle = handle
        self._cap = cap
        self._stream = open_decompressed(kind, handle)
        self._pos = 0
        self.over = False
        #: The most bytes decompressed at once (what counts against the limits).
        self.total = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        room = self._cap - self._pos
        if room <= 0:
            if not self.over and self._stream.read(1):
                self.over = True
            return 0
        data = self._stream.read(min(len(buffer), room))
        buffer[: len(data)] = data
        self._pos += len(data)
        self.total = max(self.total, self._pos)
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR:
            offset += self._pos
        elif whence != io.SEEK_SET:
            raise io.UnsupportedOperation("seeking from the end of a compressed stream")
        if offset < self._pos:
            self._stream.close()
            self._stream = open_decompressed(self._kind, self._handle)
            self._pos = 0
        while self._pos < offset:
            if not self.read(min(offset - self._pos, 1024 * 1024)):
                break
        return self._pos

    def close(self) -> None:
        self._stream.close()
        super().close()

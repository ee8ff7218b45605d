"""Turning byte offsets into 1-based line and column numbers.

The column counts code points when the line is valid UTF-8 and bytes otherwise (SPEC §4).
Lines end at ``\\n``; a ``\\r`` before it belongs to the line and never precedes a key.
"""

from __future__ import annotations

import codecs
from typing import BinaryIO

_ALL_BYTES = bytes(range(256))
#: Bytes that start a code point; deleting them leaves only continuation bytes.
_NON_CONTINUATION = bytes(b for b in range(256) if not 0x80 <= b <= 0xBF)


#: Long lines (a minified bundle is one) are checked in pieces of this many bytes, so
#: that no copy or decoded text of the whole line is ever made.
_PIECE = 1 << 20


def continuation_bytes(segment: bytes) -> int:
    """Count UTF-8 continuation bytes (they do not start a character)."""
    if segment.isascii():
        return 0
    return len(segment.translate(_ALL_BYTES, _NON_CONTINUATION))


def is_utf8(segment: bytes) -> bool:
    if segment.isascii():
        return True
    try:
        segment.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _continuation_between(data: bytes, start: int, end: int) -> int:
    return sum(
        continuation_bytes(data[i : min(end, i + _PIECE)]) for i in range(start, end, _PIECE)
    )


def _is_utf8_between(data: bytes, start: int, end: int) -> bool:
    if end - start <= _PIECE:
        return is_utf8(data[start:end])
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for i in range(start, end, _PIECE):
            piece = data[i : min(end, i + _PIECE)]
            # An ASCII piece needs no decoding, unless a character began before it.
            if not piece.isascii() or decoder.getstate()[0]:
                decoder.decode(piece)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def line_bounds(data: bytes, pos: int) -> tuple[int, int]:
    """Return the start and end (exclusive, before ``\\n``) of the line holding ``pos``."""
    start = data.rfind(b"\n", 0, pos) + 1
    end = data.find(b"\n", pos)
    return start, len(data) if end == -1 else end


class BufferLocator:
    """Line and column of offsets in one in-memory buffer, for offsets in rising order."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._line = 1
        self._counted_to = 0
        self._valid: dict[int, bool] = {}

    def locate(self, pos: int) -> tuple[int, int]:
        data = self._data
        self._line += data.count(b"\n", self._counted_to, pos)
        self._counted_to = pos
        start, end = line_bounds(data, pos)
        valid = self._valid.get(start)
        if valid is None:
            valid = self._valid[start] = _is_utf8_between(data, start, end)
        column = pos - start + 1
        if valid:
            column -= _continuation_between(data, start, pos)
        return self._line, column


def locate_in_stream(
    stream: BinaryIO, offsets: list[int], chunk_size: int
) -> list[tuple[int, int]]:
    """Line and column of sorted ``offsets`` in a seekable stream, in bounded memory.

    One pass counts lines and finds where each target line starts and ends; a second
    pass over only those lines decides their validity and counts characters.
    """
    lines, spans = _line_spans(stream, offsets, chunk_size)
    results: list[tuple[int, int]] = []
    for offset, line, (start, end) in zip(offsets, lines, spans, strict=True):
        chars, valid = _chars_before(stream, start, end, offset, chunk_size)
        results.append((line, (chars if valid else offset - start) + 1))
    return results


def _line_spans(
    stream: BinaryIO, offsets: list[int], chunk_size: int
) -> tuple[list[int], list[tuple[int, int]]]:
    stream.seek(0)
    lines: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    newlines = 0
    last_newline = -1
    base = 0
    index = 0
    while True:
        chunk = stream.read(chunk_size)
        if not chunk:
            break
        # Close the lines of earlier targets that end in this chunk.
        if len(ends) < len(starts):
            first = chunk.find(b"\n")
            if first != -1:
                ends.extend([base + first] * (len(starts) - len(ends)))
        while index < len(offsets) and offsets[index] < base + len(chunk):
            rel = offsets[index] - base
            lines.append(newlines + chunk.count(b"\n", 0, rel) + 1)
            before = chunk.rfind(b"\n", 0, rel)
            starts.append(base + before + 1 if before != -1 else last_newline + 1)
            after = chunk.find(b"\n", rel)
            if after != -1:
                ends.append(base + after)
            index += 1
        newlines += chunk.count(b"\n")
        tail = chunk.rfind(b"\n")
        if tail != -1:
            last_newline = base + tail
        base += len(chunk)
    ends.extend([base] * (len(starts) - len(ends)))
    return lines, list(zip(starts, ends, strict=True))


def _chars_before(
    stream: BinaryIO, start: int, end: int, offset: int, chunk_size: int
) -> tuple[int, bool]:
    """Characters between ``start`` and ``offset``, and whether the whole line is UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    stream.seek(start)
    pos = start
    chars = 0
    try:
        while pos < end:
            piece = stream.read(min(chunk_size, end - pos))
            if not piece:
                break
            if pos < offset:
                chars += len(piece[: offset - pos]) - continuation_bytes(piece[: offset - pos])
            decoder.decode(piece)
            pos += len(piece)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return 0, False
    return chars, True

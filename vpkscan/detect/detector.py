"""The hot path: find keys in bytes with a literal prefilter, never decoding whole files.

Every scanned byte passes ``bytes.find(b"vpk_")``; only around its rare hits does any
other work happen. Large inputs are streamed in chunks that overlap by enough bytes to
hold a key and its context, so memory does not grow with the size of the input.
"""

from __future__ import annotations

from typing import BinaryIO

from vpkscan.detect.decode import MAX_SPAN, is_text
from vpkscan.detect.decode.search import find_keys
from vpkscan.detect.lines import BufferLocator, locate_in_stream
from vpkscan.detect.patterns import BODY_LEN, KEY_LEN, LITERAL, key_at
from vpkscan.detect.placeholders import placeholder_reason
from vpkscan.model import Candidate, KeyMode

#: Raw bytes kept on each side of a key for later stages (variable names, comments).
CONTEXT_BEFORE = 512
CONTEXT_AFTER = 256
#: Inputs up to this size are read whole; larger ones are streamed.
WHOLE_READ_LIMIT = 8 * 1024 * 1024
CHUNK_SIZE = 4 * 1024 * 1024
#: A hit is only judged once its key (plain or encoded), the byte after it and its after-context
#: are in the buffer; the next chunk keeps this many bytes of the previous one.
_LOOKAHEAD = max(KEY_LEN, MAX_SPAN) + 1 + CONTEXT_AFTER
_OVERLAP = _LOOKAHEAD + CONTEXT_BEFORE + 1

Hit = tuple[int, str, KeyMode, bytes, bytes, str | None]


def _decoding_hits(data: bytes, start: int, stop: int, base: int) -> list[Hit]:
    """Like ``_hits``, with encoded keys too, at the position of their encoded text."""
    return [
        (
            base + item.start,
            item.key,
            item.mode,
            data[max(0, item.start - CONTEXT_BEFORE) : item.start],
            data[item.end : item.end + CONTEXT_AFTER],
            item.encoding,
        )
        for item in find_keys(data, start, stop)
        if placeholder_reason(item.key[-BODY_LEN:]) is None
    ]


def _hits(data: bytes, start: int, stop: int, base: int, decode: bool = False) -> list[Hit]:
    """Keys whose first byte lies in ``data[start:stop]``; offsets are shifted by ``base``."""
    if decode:
        return _decoding_hits(data, start, stop, base)
    found: list[Hit] = []
    pos = data.find(LITERAL, start, stop + len(LITERAL) - 1)
    while pos != -1:
        key = key_at(data, pos)
        if key is not None and placeholder_reason(key[0][-BODY_LEN:]) is None:
            before = data[max(0, pos - CONTEXT_BEFORE) : pos]
            after = data[pos + KEY_LEN : pos + KEY_LEN + CONTEXT_AFTER]
            found.append((base + pos, key[0], key[1], before, after, None))
        pos = data.find(LITERAL, pos + len(LITERAL), stop + len(LITERAL) - 1)
    return found


def scan_buffer(data: bytes, decode: bool = True) -> tuple[Candidate, ...]:
    """All keys in ``data``, with exact line and column.

    With ``decode``, keys written base64-encoded or escaped in text are found too.
    """
    decode = decode and is_text(data)
    if not decode and data.find(LITERAL) == -1:
        return ()
    hits = _hits(data, 0, len(data), 0, decode)
    if not hits:
        return ()
    locator = BufferLocator(data)
    return tuple(
        Candidate(key, mode, pos, *locator.locate(pos), before, after, encoding)
        for pos, key, mode, before, after, encoding in hits
    )


def scan_stream(
    stream: BinaryIO, chunk_size: int = CHUNK_SIZE, decode: bool = True
) -> tuple[tuple[Candidate, ...], int]:
    """All keys in a seekable binary stream, and the number of bytes read.

    Small streams are read whole. Larger ones are read in ``chunk_size`` pieces; if any
    key is found, a second bounded pass computes line and column.
    """
    first = stream.read(WHOLE_READ_LIMIT + 1)
    if len(first) <= WHOLE_READ_LIMIT:
        return scan_buffer(first, decode), len(first)
    decode = decode and is_text(first)
    hits: list[Hit] = []
    buffer = first
    base = 0
    total = len(first)
    while True:
        more = stream.read(chunk_size)
        total += len(more)
        final = not more
        stop = len(buffer) if final else max(0, len(buffer) - _LOOKAHEAD)
        searched_from = 0 if base == 0 else _OVERLAP - _LOOKAHEAD
        hits.extend(_hits(buffer, searched_from, stop, base, decode))
        if final:
            break
        keep = buffer[-_OVERLAP:]
        base += len(buffer) - len(keep)
        buffer = keep + more
    del buffer
    if not hits:
        return (), total
    positions = locate_in_stream(stream, [hit[0] for hit in hits], chunk_size)
    return (
        tuple(
            Candidate(key, mode, pos, line, column, before, after, encoding)
            for (pos, key, mode, before, after, encoding), (line, column) in zip(
                hits, positions, strict=True
            )
        ),
        total,
    )

"""Where values sit in a JSON text: spans of object members and array items.

``json.loads`` gives values but not their positions. These helpers walk one level of an
object or array and use the C-accelerated decoder only to skip over each value, so that a
byte offset (a key found by the detector) can be traced to the member or item holding it.
The text is the bytes decoded as Latin-1 (``as_text``): one character per byte, so that
positions are byte offsets and a large map costs no more memory than its size. Member
names and structure are ASCII; values are decoded from the bytes when they are needed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterator

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class JsonShapeError(ValueError):
    """The text is not JSON of the expected shape."""


def _skip(text: str, pos: int) -> int:
    match = _WHITESPACE.match(text, pos)
    return match.end() if match else pos


def value_end(text: str, pos: int) -> int:
    """The index just after the JSON value that starts at ``pos``."""
    try:
        if text.startswith('"', pos):
            return json.decoder.scanstring(text, pos + 1)[1]  # type: ignore[attr-defined,no-any-return]
        return _DECODER.raw_decode(text, pos)[1]
    except (json.JSONDecodeError, IndexError) as exc:
        raise JsonShapeError(f"bad JSON value at {pos}") from exc


def _sequence(text: str, pos: int, opener: str, closer: str) -> Generator[int, int, None]:
    """Positions where each element of the object or array at ``pos`` starts; the caller
    sends back where each element ends."""
    pos = _skip(text, pos)
    if not text.startswith(opener, pos):
        raise JsonShapeError(f"expected {opener!r} at {pos}")
    pos = _skip(text, pos + 1)
    if text.startswith(closer, pos):
        return
    while True:
        end = yield pos
        pos = _skip(text, end)
        if text.startswith(closer, pos):
            return
        if not text.startswith(",", pos):
            raise JsonShapeError(f"expected ',' at {pos}")
        pos = _skip(text, pos + 1)


def array_items(text: str, pos: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each item of the array that starts at ``pos``."""
    walker = _sequence(text, pos, "[", "]")
    try:
        start = next(walker)
        while True:
            end = value_end(text, start)
            yield start, end
            start = walker.send(end)
    except StopIteration:
        return


def object_members(text: str, pos: int) -> Iterator[tuple[str, int, int]]:
    """``(name, start, end)`` of each member value of the object that starts at ``pos``."""
    walker = _sequence(text, pos, "{", "}")
    try:
        start = next(walker)
        while True:
            if not text.startswith('"', start):
                raise JsonShapeError(f"expected a member name at {start}")
            name, after = json.decoder.scanstring(text, start + 1)  # type: ignore[attr-defined]
            colon = _skip(text, after)
            if not text.startswith(":", colon):
                raise JsonShapeError(f"expected ':' at {colon}")
            value = _skip(text, colon + 1)
            end = value_end(text, value)
            yield name, value, end
            start = walker.send(end)
    except StopIteration:
        return


def member(text: str, pos: int, name: str) -> tuple[int, int] | None:
    """Span of the value of member ``name`` of the object at ``pos``, or None."""
    for key, start, end in object_members(text, pos):
        if key == name:
            return start, end
    return None


def containing(spans: Iterator[tuple[int, int]], offset: int) -> tuple[int, int, int] | None:
    """``(index, start, end)`` of the span that holds ``offset``, or None."""
    for index, (start, end) in enumerate(spans):
        if start <= offset < end:
            return index, start, end
        if start > offset:
            return None
    return None


#: The UTF-8 byte order mark, as ``as_text`` shows it.
BOM = "\xef\xbb\xbf"


def start_of(text: str) -> int:
    """Where the JSON value starts: after a byte order mark, if any."""
    return len(BOM) if text.startswith(BOM) else 0


def as_text(data: bytes) -> str:
    """``data`` as text whose positions are byte offsets (see the module docstring)."""
    return data.decode("latin-1")

"""Decoding source map ``mappings`` (base64 VLQ) to find where generated code came from.

A mappings string has one ``;``-separated group per generated line and ``,``-separated
segments in it. Every field but the generated column is a delta running over the whole
string, so the state at a line is the sum of all segments before it. Those sums are
taken over the counts of distinct segments (``collections.Counter`` counts in C), so that
a bundle of a million segments costs a few thousand decodes, not a million.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_DIGITS = {char: index for index, char in enumerate(_ALPHABET)}
_CONTINUE = 32
_MASK = 31
#: Segments decoded one by one on the key's own line, per block counted at once.
_BLOCK = 4096


class MappingError(ValueError):
    """The mappings are broken: bad characters, cut numbers or impossible values."""


class Origin(NamedTuple):
    """A position in an original source: index into ``sources``, 0-based line."""

    source: int
    line: int


def decode_segment(segment: str) -> tuple[int, ...]:
    """The numbers of one segment (1, 4 or 5 of them)."""
    values: list[int] = []
    value = shift = 0
    for char in segment:
        digit = _DIGITS.get(char)
        if digit is None:
            raise MappingError(f"not a base64 digit: {char!r}")
        value += (digit & _MASK) << shift
        if digit & _CONTINUE:
            shift += 5
            if shift > 60:
                raise MappingError("number too long")
            continue
        values.append(-(value >> 1) if value & 1 else value >> 1)
        value = shift = 0
    if shift or len(values) not in (1, 4, 5):
        raise MappingError(f"bad segment: {segment!r}")
    return tuple(values)


class _State:
    """Running source index, original line and column, name index (all deltas)."""

    def __init__(self, cache: dict[str, tuple[int, ...]]) -> None:
        self.fields = [0, 0, 0, 0]
        self.cache = cache

    def values(self, segment: str) -> tuple[int, ...]:
        found = self.cache.get(segment)
        if found is None:
            found = self.cache[segment] = decode_segment(segment)
        return found

    def add_all(self, segments: list[str]) -> int:
        """Apply every segment; return the sum of their generated-column deltas."""
        column = 0
        for segment, count in Counter(segments).items():
            if not segment:
                continue
            values = self.values(segment)
            column += values[0] * count
            for index, value in enumerate(values[1:]):
                self.fields[index] += value * count
        return column

    def add(self, values: tuple[int, ...]) -> None:
        for index, value in enumerate(values[1:]):
            self.fields[index] += value


def _line_origin(segments: list[str], column: int, state: _State) -> Origin | None:
    """The origin of the segment covering ``column`` (0-based) on the current line."""
    generated = 0
    best: Origin | None = None
    for block_start in range(0, len(segments), _BLOCK):
        block = segments[block_start : block_start + _BLOCK]
        saved = list(state.fields)
        delta = state.add_all(block)
        if generated + delta <= column:
            # Columns rise along a line: the covering segment is this block's last or later.
            generated += delta
            last = next((s for s in reversed(block) if s), None)
            if last is not None:
                has_source = len(state.values(last)) >= 4
                best = Origin(state.fields[0], state.fields[1]) if has_source else None
            continue
        state.fields = saved
        for segment in block:
            if not segment:
                continue
            values = state.values(segment)
            generated += values[0]
            if generated > column:
                return best
            state.add(values)
            best = Origin(state.fields[0], state.fields[1]) if len(values) >= 4 else None
        return best
    return best


def original_position(
    mappings: str, line: int, column: int, cache: dict[str, tuple[int, ...]] | None = None
) -> Origin | None:
    """Where generated ``line`` (1-based) and ``column`` (0-based) came from, or None
    when no segment with a source covers it. Raises ``MappingError`` on broken input.

    ``cache`` keeps decoded segments between lookups in the same mappings.
    """
    lines = mappings.split(";")
    if not 1 <= line <= len(lines):
        return None
    state = _State({} if cache is None else cache)
    for text in lines[: line - 1]:
        if text:
            state.add_all(text.split(","))
    origin = _line_origin(lines[line - 1].split(","), column, state)
    if origin is not None and (origin.source < 0 or origin.line < 0):
        raise MappingError("negative source index or line")
    return origin

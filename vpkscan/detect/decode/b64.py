"""Base64-encoded keys (standard and URL-safe alphabets, padded or not, at any alignment).

A key inside a base64 run starts at one of three byte alignments in its 3-byte group. For
each, the characters that encode ``vpk_`` do not depend on the bytes around it, so they
make a literal to search for (``dnBrX``, ``Zwa19``, ``2cGtf``; the same in both
alphabets). Only around a literal hit is a small window decoded: the group holding the
key's first byte, the key's groups and one group on each side for the boundary check.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import NamedTuple

from vpkscan.detect.decode import Decoded
from vpkscan.detect.patterns import KEY_LEN, LITERAL, MODES, key_at

_RUN = re.compile(rb"[A-Za-z0-9+/_-]*")
_URL_SAFE = bytes.maketrans(b"-_", b"+/")
#: Characters that one 3-byte group becomes.
_GROUP = 4
#: Encoded characters that hold a key at the worst alignment, and a group to spare.
_WINDOW = (2 + KEY_LEN + 2) * 4 // 3 + 2 * _GROUP


class Literal(NamedTuple):
    """Characters that encode a key prefix whatever the bytes around it."""

    text: bytes
    #: Where ``text`` starts, counted from the first character of its group.
    offset: int
    #: The byte of the group where the key starts (0, 1 or 2).
    align: int


def _stable_literal(mode: bytes, align: int) -> Literal:
    """The longest run of characters that encode ``LITERAL + mode`` at byte ``align`` of a
    group whatever the bytes around it."""
    encodings = [
        base64.b64encode(fill * align + LITERAL + mode + fill * 3)
        for fill in (b"\0", b"\xff", b"\x80", b"\x7f")
    ]
    best = (0, 0)
    start = None
    for index in range(len(encodings[0]) + 1):
        same = index < len(encodings[0]) and len({e[index] for e in encodings}) == 1
        if same and start is None:
            start = index
        if not same and start is not None:
            best = max(best, (index - start, start))
            start = None
    length, offset = best
    return Literal(encodings[0][offset : offset + length], offset, align)


LITERALS = tuple(_stable_literal(mode, align) for mode in MODES for align in range(3))
#: Letters that are rare in code and prose, most useful first. A literal holding one is
#: found by looking for that byte alone (``memchr``, many times faster than a substring
#: search) and comparing around each hit; a literal without one is searched as a substring.
_RARE = b"XGZQJ"
#: After this many hits plus one per ``1 << _DENSITY_SHIFT`` bytes, a rare byte is not rare
#: in this input (base64 data, say): a substring search of the rest is then cheaper.
_HIT_ALLOWANCE = 32
_DENSITY_SHIFT = 8
#: The density is checked once per this many hits (a mask: 31 is every 32nd).
_CHECK_EVERY = 31
#: Bytes before the rare byte that pick the literals worth comparing at a hit.
_KEY_WIDTH = 2


class _RareByte(NamedTuple):
    """The literals found through one rare byte."""

    needle: bytes
    #: The literals, with the index of the rare byte in each, by the bytes before it.
    table: dict[bytes, tuple[tuple[Literal, int], ...]]
    literals: tuple[tuple[Literal, int], ...]
    #: The bytes that come right before the rare byte in some literal: a cheap first test.
    before: bytes
    #: Bounds of (rare byte position - key position) over the literals.
    lead_low: int
    lead_high: int


def _plan() -> tuple[tuple[_RareByte, ...], tuple[Literal, ...]]:
    by_byte: dict[int, list[tuple[Literal, int]]] = {}
    plain: list[Literal] = []
    for literal in LITERALS:
        rare = next((b for b in _RARE if b in literal.text[_KEY_WIDTH:]), None)
        if rare is None:
            plain.append(literal)
        else:
            index = literal.text.index(rare, _KEY_WIDTH)
            by_byte.setdefault(rare, []).append((literal, index))
    groups = []
    for rare, items in by_byte.items():
        table: dict[bytes, list[tuple[Literal, int]]] = {}
        for literal, index in items:
            table.setdefault(literal.text[index - _KEY_WIDTH : index], []).append((literal, index))
        leads = [lit.offset - lit.align + index for lit, index in items]
        groups.append(
            _RareByte(
                bytes([rare]),
                {k: tuple(v) for k, v in table.items()},
                tuple(items),
                bytes(sorted({lit.text[index - 1] for lit, index in items})),
                min(leads),
                max(leads),
            )
        )
    return tuple(groups), tuple(plain)


_RARE_BYTES, _PLAIN = _plan()


def _run_end(data: bytes, start: int, stop: int) -> int:
    """Where the run of base64 characters from ``start`` ends (at most ``stop``)."""
    match = _RUN.match(data, start, stop)
    return match.end() if match else start


def _decode_window(data: bytes, group: int, align: int) -> Decoded | None:
    """Decode around the group at ``group`` whose byte ``align`` would start a key."""
    end = _run_end(data, group, min(len(data), group + _WINDOW))
    first = group
    if group >= _GROUP and _run_end(data, group - _GROUP, group) == group:
        first = group - _GROUP
    text = data[first:end]
    url_safe = b"-" in text or b"_" in text
    if url_safe:
        text = text.translate(_URL_SAFE)
    remainder = len(text) % _GROUP
    if remainder == 1:
        text = text[:-1]
    elif remainder:
        text += b"=" * (_GROUP - remainder)
    try:
        decoded = binascii.a2b_base64(text)
    except binascii.Error:
        return None
    key = key_at(decoded, align + (3 if first < group else 0))
    if key is None:
        return None
    # The first and last characters that carry any bit of the key.
    start = group + align
    stop = group + -(-(align + KEY_LEN) * 8 // 6)
    encoding = "base64url" if url_safe else "base64"
    return Decoded(start, stop, key[0], key[1], encoding)


def _check(data: bytes, literal: Literal, pos: int, start: int, stop: int) -> Decoded | None:
    """Decode at an occurrence of ``literal`` at ``pos`` if its key starts in range."""
    group = pos - literal.offset
    if group < 0 or not start <= group + literal.align < stop:
        return None
    return _decode_window(data, group, literal.align)


def _find_plain(
    data: bytes, literal: Literal, start: int, stop: int, found: list[Decoded], low: int = 0
) -> None:
    lead = literal.offset - literal.align
    high = max(0, stop + lead) + len(literal.text)
    pos = data.find(literal.text, max(low, start + lead, 0), high)
    while pos != -1:
        decoded = _check(data, literal, pos, start, stop)
        if decoded is not None:
            found.append(decoded)
        pos = data.find(literal.text, pos + 1, high)


def _find_by_rare_byte(
    data: bytes, rare: _RareByte, start: int, stop: int, pos: int, found: list[Decoded]
) -> None:
    """Literals around each occurrence of the rare byte, the first being at ``pos``."""
    low = pos
    high = max(0, stop + rare.lead_high + 1)
    table, before, needle, find = rare.table, rare.before, rare.needle, data.find
    hits = 0
    while pos != -1:
        # Most hits fail this one-byte test; ``pos`` is at least the smallest index > 0.
        if data[pos - 1] in before:
            for literal, index in table.get(data[pos - _KEY_WIDTH : pos], ()):
                if data.startswith(literal.text, pos - index):
                    decoded = _check(data, literal, pos - index, start, stop)
                    if decoded is not None:
                        found.append(decoded)
        hits += 1
        if not hits & _CHECK_EVERY and hits > _HIT_ALLOWANCE + ((pos - low) >> _DENSITY_SHIFT):
            for literal, index in rare.literals:
                _find_plain(data, literal, start, stop, found, pos + 1 - index)
            return
        pos = find(needle, pos + 1, high)


def base64_keys(data: bytes, start: int, stop: int) -> list[Decoded]:
    """Base64-encoded keys whose encoded text starts in ``data[start:stop]``."""
    found: list[Decoded] = []
    for rare in _RARE_BYTES:
        # Most inputs hold no occurrence at all: one ``memchr`` and nothing else.
        first = data.find(rare.needle, max(0, start + rare.lead_low), stop + rare.lead_high + 1)
        if first != -1:
            _find_by_rare_byte(data, rare, start, stop, first, found)
    for literal in _PLAIN:
        _find_plain(data, literal, start, stop, found)
    return found

"""Keys written with escapes: ``vpk%5Flive%5F…``, ``vpk\\u005f…``, ``vpk\\x5f…``, ``vpk&#95;…``.

The underscore is the character that encoders escape most, so the detector's search for
``vpk`` finds these forms too: a hit followed by ``%``, ``\\`` or ``&`` comes here. The
escapes are undone over a bounded window, layer by layer (``%255F`` is two layers), and
the key is checked in the decoded bytes with the same rules as a plain key.
"""

from __future__ import annotations

import re

from vpkscan.detect.decode import MAX_DEPTH, MAX_SPAN, Decoded
from vpkscan.detect.patterns import KEY_LEN, WORD_BYTES, key_at
from vpkscan.model import KeyMode

#: Bytes that start an escape in one of the supported syntaxes.
_ESCAPE_STARTS = b"%\\&"
_HEX = frozenset(b"0123456789abcdefABCDEF")
_DIGITS = frozenset(b"0123456789")
#: Named HTML entities for the characters a key or its boundary may hold.
_ENTITIES = {b"lowbar": 0x5F, b"UnderBar": 0x5F, b"amp": 0x26, b"percnt": 0x25}
_LONGEST_ENTITY = max(len(name) for name in _ENTITIES) + 2
#: Stands for a decoded code point beyond ASCII: never part of a key, never a word byte.
_NON_ASCII = 0x80

Token = tuple[int | None, int, str]


def _hex_value(window: bytes, start: int, width: int) -> int | None:
    digits = window[start : start + width]
    if len(digits) != width or not all(b in _HEX for b in digits):
        return None
    return int(digits, 16)


def _backslash(window: bytes, i: int) -> Token:
    kind = window[i + 1 : i + 2]
    if kind == b"u":
        return _hex_value(window, i + 2, 4), 6, "escape"
    if kind == b"x":
        return _hex_value(window, i + 2, 2), 4, "escape"
    return None, 1, ""


def _entity(window: bytes, i: int) -> Token:
    end = window.find(b";", i + 2, i + 2 + _LONGEST_ENTITY + 6)
    if end == -1:
        return None, 1, ""
    body = window[i + 1 : end]
    if body[:2] in (b"#x", b"#X"):
        return _hex_value(body, 2, len(body) - 2) if len(body) > 2 else None, end + 1 - i, "html"
    if body[:1] == b"#" and len(body) > 1 and all(b in _DIGITS for b in body[1:]):
        return int(body[1:]), end + 1 - i, "html"
    return _ENTITIES.get(body), end + 1 - i, "html"


def _escape_at(window: bytes, i: int) -> Token:
    """The value, width and kind of an escape at ``window[i]`` (value None: not one)."""
    first = window[i]
    if first == 0x25:  # %
        return _hex_value(window, i + 1, 2), 3, "url"
    if first == 0x5C:  # backslash
        return _backslash(window, i)
    return _entity(window, i)


#: Where the next escape may start: the bytes between two are copied as they are.
_NEXT_ESCAPE = re.compile(b"[" + re.escape(_ESCAPE_STARTS) + b"]")


def unescape(window: bytes) -> tuple[bytes, list[int], str | None]:
    """Undo one layer of escapes in ``window``.

    Returns the decoded bytes, the offset in ``window`` where each decoded byte's text
    starts (plus the end of the last one), and the first kind of escape met.
    """
    out = bytearray()
    starts: list[int] = []
    kind: str | None = None
    i = 0
    end = len(window)
    while i < end:
        found = _NEXT_ESCAPE.search(window, i)
        plain_end = end if found is None else found.start()
        if plain_end > i:
            out += window[i:plain_end]
            starts.extend(range(i, plain_end))
            i = plain_end
            continue
        starts.append(i)
        value, width, what = _escape_at(window, i)
        if value is None:
            out.append(window[i])
            i += 1
            continue
        out.append(value if value < _NON_ASCII else _NON_ASCII)
        kind = kind or what
        i += width
    starts.append(i)
    return bytes(out), starts, kind


def _decode(window: bytes, depth: int) -> tuple[int, str, KeyMode, str] | None:
    """The key at the start of ``window`` once escapes are undone, as its encoded length,
    the key, its mode and the outermost kind of escape; or None."""
    decoded, starts, kind = unescape(window)
    if kind is None:
        return None
    key = key_at(decoded, 0)
    if key is not None:
        return starts[KEY_LEN], key[0], key[1], kind
    if depth >= MAX_DEPTH or _NEXT_ESCAPE.search(decoded) is None:
        return None
    inner = _decode(decoded, depth + 1)
    if inner is None:
        return None
    return starts[inner[0]], inner[1], inner[2], kind


#: An escape that ends right before a key and glues a letter or digit to it: ``\\n``,
#: ``\\t``, ``\\u003d``, ``\\x3d``, ``%20``, ``%3D``.
_GLUE = re.compile(
    rb"(?:\\(?P<c>[nrtbfv0])|\\u(?P<u>[0-9a-fA-F]{4})|\\x(?P<x>[0-9a-fA-F]{2})"
    rb"|%(?P<p>[0-9a-fA-F]{2}))$"
)
#: An HTML character reference right before a key (``&quot;``, ``&#61;``).
_ENTITY_BEFORE = re.compile(rb"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});$")


def escape_before(data: bytes, pos: int) -> str | None:
    """The kind of escape (``escape``, ``url``, ``html``) that ends right before
    ``data[pos]`` and decodes to a character that is not part of a word, or None.

    ``\\nvpk_live_…`` in a JSON log or ``Bearer%20vpk_live_…`` in a URL puts a letter or
    digit before the key; decoded, it is a newline or a space, so the key starts there.
    """
    window = data[max(0, pos - 12) : pos]
    if window.endswith(b";"):
        return "html" if _ENTITY_BEFORE.search(window) else None
    match = _GLUE.search(window)
    if match is None:
        return None
    if match.group("c") is not None:
        return "escape"  # ``\\n`` and, one layer deeper, ``\\\\n``
    digits = match.group("u") or match.group("x") or match.group("p")
    value = int(digits, 16)
    if value < 0x80 and value in WORD_BYTES:
        return None
    return "url" if match.group("p") is not None else "escape"


def escaped_key(data: bytes, pos: int) -> Decoded | None:
    """The escaped key whose text starts at ``pos`` (where ``vpk`` was found), or None."""
    if pos > 0 and data[pos - 1] in WORD_BYTES and escape_before(data, pos) is None:
        return None
    found = _decode(data[pos : pos + MAX_SPAN], 1)
    if found is None:
        return None
    length, key, mode, kind = found
    return Decoded(pos, pos + length, key, mode, kind)

"""The shape of a VibePeak key, as byte-level constants for the hot path."""

from __future__ import annotations

from vpkscan.model import KeyMode

#: Every key starts with this literal; the detector searches for it before anything else.
LITERAL = b"vpk_"
MODES: dict[bytes, KeyMode] = {b"live_": KeyMode.LIVE, b"test_": KeyMode.TEST}
MODE_LEN = 5
BODY_LEN = 32
PREFIX_LEN = len(LITERAL) + MODE_LEN
KEY_LEN = PREFIX_LEN + BODY_LEN

#: Bytes that may not touch a key on either side (``[A-Za-z0-9_]``).
WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def key_at(data: bytes, pos: int, glued: bool = False) -> tuple[str, KeyMode] | None:
    """Return the key starting at ``pos`` (where ``LITERAL`` was found), or None.

    Checks the mode, a 32-character ASCII alphanumeric body, and that no word byte
    touches the key on either side; ``glued`` says the byte before it ends an escape
    (``\\n``, ``%20``) and is no part of the key.
    """
    mode = MODES.get(data[pos + len(LITERAL) : pos + PREFIX_LEN])
    if mode is None:
        return None
    end = pos + KEY_LEN
    body = data[pos + PREFIX_LEN : end]
    if len(body) != BODY_LEN or not body.isalnum() or not body.isascii():
        return None
    if not glued and pos > 0 and data[pos - 1] in WORD_BYTES:
        return None
    if end < len(data) and data[end] in WORD_BYTES:
        return None
    return data[pos:end].decode("ascii"), mode

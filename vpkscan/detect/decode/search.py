"""One search for plain and encoded keys, used when decoding is on.

``vpk`` is searched instead of ``vpk_``: the same pass then finds the escaped forms, whose
``vpk`` is followed by ``%``, ``\\`` or ``&``, for the price of a shorter literal. Base64
forms are looked for as ``b64`` explains.
"""

from __future__ import annotations

from vpkscan.detect.decode import Decoded
from vpkscan.detect.decode.b64 import base64_keys
from vpkscan.detect.decode.escapes import escape_before, escaped_key
from vpkscan.detect.patterns import KEY_LEN, LITERAL, PREFIX_LEN, WORD_BYTES, key_at
from vpkscan.detect.prefilter import CANDIDATE

_STEM = LITERAL[:-1]
_UNDERSCORE = LITERAL[-1:]
#: Where a plain key (``vpk_live_``) or an escaped one (``vpk%5F``, ``vpk\\u005f``,
#: ``vpk&#95;``, or ``vpk_live%5F`` with only its second underscore escaped) can start;
#: the git hook's prefilter searches the same pattern.
_CANDIDATE = CANDIDATE
_CANDIDATE_SPAN = PREFIX_LEN


def find_keys(data: bytes, start: int, stop: int) -> list[Decoded]:
    """Plain (``encoding`` None) and encoded keys whose text starts in ``data[start:stop]``,
    in order of position."""
    found: list[Decoded] = []
    # One C-level pass finds every place where a plain or escaped key can start; the
    # many ``vpk_`` identifiers that are neither never reach Python.
    for match in _CANDIDATE.finditer(data, start, min(len(data), stop + _CANDIDATE_SPAN)):
        pos = match.start()
        if pos >= stop:
            break
        if data[match.end() - 1 : match.end()] == _UNDERSCORE:
            # ``vpk_live_``: a plain key or nothing (a near miss is no escaped key). The
            # byte before it is judged decoded: ``\\nvpk_live_…`` starts a key.
            glue = escape_before(data, pos) if pos > 0 else None
            key = key_at(data, pos, glued=glue is not None and data[pos - 1] in WORD_BYTES)
            if key is not None:
                found.append(Decoded(pos, pos + KEY_LEN, key[0], key[1], glue))
            continue
        escaped = escaped_key(data, pos)
        if escaped is not None:
            found.append(escaped)
    encoded = base64_keys(data, start, stop)
    if encoded:
        found.extend(encoded)
        found.sort(key=lambda item: item.start)
    return found

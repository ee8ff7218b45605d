"""Masking encoded keys in text shown to people (the line around a finding).

A finding's line may hold other keys in encoded form; decoding is trivial, so they are
secrets as much as plain keys are. Whole encoded keys are replaced by their redacted
form; an encoded key cut short where the shown line is clipped is replaced whole too.
"""

from __future__ import annotations

import re

from vpkscan.detect.decode.b64 import LITERALS
from vpkscan.detect.decode.search import find_keys
from vpkscan.redact import redact

#: A cut encoded key: ``vpk`` and an escape onwards, or a base64 literal and its run.
_PARTIAL = re.compile(
    r"vpk[%\\&][A-Za-z0-9%\\&#;_]*|(?:"
    + "|".join(re.escape(literal.text.decode("ascii")) for literal in LITERALS)
    + r")[A-Za-z0-9+/_-]*"
)
_CUT = "[encoded key]"


def mask_encoded(text: str, show_secrets: bool = False) -> str:
    """``text`` with every encoded key in it redacted (unless ``show_secrets``)."""
    if show_secrets:
        return text
    data = text.encode("utf-8", "surrogateescape")
    encoded = [item for item in find_keys(data, 0, len(data)) if item.encoding is not None]
    if encoded:
        parts: list[bytes] = []
        last = 0
        for item in encoded:
            parts += [data[last : item.start], redact(item.key).encode("utf-8")]
            last = item.end
        parts.append(data[last:])
        text = b"".join(parts).decode("utf-8", "surrogateescape")
    return _PARTIAL.sub(_CUT, text)

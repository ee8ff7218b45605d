"""Keys in disguise: base64, URL-encoding, JSON/JavaScript escapes and HTML entities.

Each decoder is driven by literal prefilters derived from the key prefixes, so that it
costs one ``bytes.find`` per literal on a buffer that holds no candidate. A decoder
returns a ``Decoded`` span: where the encoded text starts and ends in the buffer, and the
key it decodes to. Decoding is bounded in size (``MAX_SPAN`` encoded bytes per key) and
in depth (``MAX_DEPTH`` layers of escapes).
"""

from __future__ import annotations

from typing import NamedTuple

from vpkscan.model import KeyMode

#: Encoded bytes one key may take: 41 characters each written as ``\\u0076`` is 246.
MAX_SPAN = 256
#: Layers of escapes undone (``%255F`` is URL-encoding applied twice).
MAX_DEPTH = 2
#: Content with a NUL byte in its first bytes is binary (git's test); encoded forms are
#: looked for in text only, where they are written.
BINARY_SNIFF = 8000


class Decoded(NamedTuple):
    """A key whose text spans ``data[start:end]``; ``encoding`` is None for a plain key."""

    start: int
    end: int
    key: str
    mode: KeyMode
    encoding: str | None


def is_text(data: bytes) -> bool:
    """Whether ``data`` (the start of a file) is text, where encoded keys are written."""
    return data.find(b"\0", 0, BINARY_SNIFF) == -1

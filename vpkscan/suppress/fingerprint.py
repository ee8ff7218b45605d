"""The identity of a key that can be stored and compared without storing the key."""

from __future__ import annotations

import hashlib


def fingerprint(key: str) -> str:
    """16 hex digits of the key's SHA-256: the same key has the same fingerprint anywhere.

    Never includes a line number, so moving code does not change it.
    """
    return hashlib.sha256(key.encode("ascii")).hexdigest()[:16]

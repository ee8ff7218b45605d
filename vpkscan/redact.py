"""The one way a key becomes printable text."""

from __future__ import annotations

_PREFIX_LEN = len("vpk_live_")
_KEPT_BODY = 4


def redact(key: str, *, show_secrets: bool = False) -> str:
    """Return ``key`` with all but the prefix and the first 4 body characters hidden.

    ``vpk_live_aBcD…`` identifies the key on the dashboard (which lists a short prefix)
    without giving it away.
    """
    if show_secrets:
        return key
    return key[: _PREFIX_LEN + _KEPT_BODY] + "…"

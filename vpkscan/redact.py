"""The one way a key becomes printable text, and the masking of keys inside other text
(a file name, an author, a configuration value) that reaches any output."""

from __future__ import annotations

import functools
import re

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


@functools.cache
def _key_text() -> re.Pattern[str]:
    # Compiled on first use: most text never holds the prefix.
    return re.compile(r"(?<![A-Za-z0-9_])vpk_(?:live|test)_[A-Za-z0-9]{32}(?![A-Za-z0-9_])")


def redact_text(text: str) -> str:
    """``text`` with every key in it redacted: names, authors and values from a scanned
    repository can hold a key, and must not print it whole."""
    if "vpk_" not in text:
        return text
    return _key_text().sub(lambda match: redact(match.group(0)), text)

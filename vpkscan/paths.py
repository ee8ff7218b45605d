"""Making paths printable: non-UTF-8 bytes in names become ``\\xNN`` escapes."""

from __future__ import annotations


def display_path(path: str) -> str:
    """``path`` with undecodable bytes (kept as surrogates) shown as backslash escapes."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path

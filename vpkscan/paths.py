"""Reported paths: archive members (``app.apk!classes.dex``) and printable names
(non-UTF-8 bytes in names become ``\\xNN`` escapes)."""

from __future__ import annotations

import os

from vpkscan.redact import redact_text


def display_path(path: str) -> str:
    """``path`` with undecodable bytes (kept as surrogates) shown as backslash escapes,
    and any key in it redacted (a file may be named after a key)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        path = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return redact_text(path)


def printable(text: str) -> str:
    """``text`` from a scanned repository (a path, a message naming one, an author, a
    branch, a URL) for a terminal or a CI log: undecodable bytes and every character a
    terminal could act on (C0 and C1 controls, DEL, bidirectional and other invisible
    formatting) are written as backslash escapes, so no name can move the cursor, set a
    title, or start a line that a CI runner would take as a command."""
    shown = display_path(text)
    if shown.isprintable():
        return shown
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in shown
    )


#: Between an archive and a member in a reported path: ``app.apk!res/raw/config.json``.
MEMBER_SEPARATOR = "!"


def member_path(archive: str, member: str) -> str:
    """The reported path of ``member`` inside the archive reported as ``archive``."""
    return f"{archive}{MEMBER_SEPARATOR}{member}"


def outer_path(path: str) -> str:
    """The file that holds ``path``: the outermost archive of a member, else itself."""
    return path.split(MEMBER_SEPARATOR, 1)[0]


def path_parts(path: str) -> list[str]:
    """The archive chain of ``path``: ``["app.apk", "assets/a.zip", "config.json"]``."""
    return path.split(MEMBER_SEPARATOR)


def innermost(path: str) -> str:
    """The innermost member of ``path`` (``path`` itself when it is no member)."""
    return path.rsplit(MEMBER_SEPARATOR, 1)[-1]


def from_cwd(path: str, root: str, cwd: str | None) -> str:
    """``path`` (relative to the scan's ``root``) as it opens from ``cwd``, as git and
    ruff print paths for people (``src/app.py`` from ``web/``, ``../x`` outside it);
    ``path`` itself without a ``cwd`` or where no relative path exists (another drive).
    An archive member keeps its member part: ``dist/app.apk!classes.dex``."""
    if cwd is None or path == "-":
        return path
    outer, separator, member = path.partition(MEMBER_SEPARATOR)
    try:
        relative = os.path.relpath(os.path.join(root, outer), cwd)
    except ValueError:
        return path
    if os.sep != "/":
        relative = relative.replace(os.sep, "/")
    return relative + separator + member

"""Which names are archives, without loading any archive module (the reader asks for
every file)."""

from __future__ import annotations

from vpkscan.paths import innermost

ARCHIVE_SUFFIXES: dict[str, str] = {
    ".zip": "zip",
    ".jar": "zip",
    ".aar": "zip",
    ".apk": "zip",
    ".aab": "zip",
    ".apks": "zip",
    ".xapk": "zip",
    ".ipa": "zip",
    ".whl": "zip",
    ".tar": "tar",
    ".tgz": "tar",
    ".tar.gz": "tar",
}

_SUFFIXES = tuple(ARCHIVE_SUFFIXES)


def archive_kind(path: str) -> str | None:
    """``"zip"`` or ``"tar"`` for a path whose name ends like an archive, else None."""
    name = path.lower()
    if not name.endswith(_SUFFIXES):
        return None
    name = innermost(name).rsplit("/", 1)[-1]
    for suffix, kind in ARCHIVE_SUFFIXES.items():
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


__all__ = ["ARCHIVE_SUFFIXES", "archive_kind"]

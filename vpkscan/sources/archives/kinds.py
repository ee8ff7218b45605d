"""Which names are archives, without loading any archive module (the reader asks for
every file); ``input_kind`` adds what the first bytes say (``magic``)."""

from __future__ import annotations

from vpkscan.paths import innermost
from vpkscan.sources.archives.magic import sniff

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
    ".tbz2": "tar",
    ".tar.bz2": "tar",
    ".txz": "tar",
    ".tar.xz": "tar",
    ".tzst": "tar",
    ".tar.zst": "tar",
    ".gz": "gzip",
    ".bz2": "bzip2",
    ".xz": "xz",
    ".zst": "zstd",
}

_SUFFIXES = tuple(ARCHIVE_SUFFIXES)
_LAST_EXTENSIONS = frozenset(suffix.rpartition(".")[2] for suffix in ARCHIVE_SUFFIXES)
_LONGEST_FIRST = sorted(ARCHIVE_SUFFIXES.items(), key=lambda item: -len(item[0]))


def archive_kind(path: str) -> str | None:
    """``"zip"``, ``"tar"``, ``"gzip"``, ``"bzip2"``, ``"xz"`` or ``"zstd"`` for a path whose name
    ends like an archive or a compressed file, else None (the longest ending wins)."""
    # Asked for every file: the last extension alone rules out nearly every name.
    if path[path.rfind(".") + 1 :].lower() not in _LAST_EXTENSIONS:
        return None
    name = path.lower()
    if not name.endswith(_SUFFIXES):
        return None
    name = innermost(name).rsplit("/", 1)[-1]
    for suffix, kind in _LONGEST_FIRST:
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


def input_kind(path: str, head: bytes) -> str | None:
    """What an input is: by its first bytes when they tell, else by its name."""
    return sniff(head) or archive_kind(path)


__all__ = ["ARCHIVE_SUFFIXES", "archive_kind", "input_kind"]

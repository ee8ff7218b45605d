"""Small helpers over project-relative POSIX paths."""

from __future__ import annotations

import posixpath

from vpkscan.paths import innermost


def basename(path: str) -> str:
    """The last name of ``path``; for an archive member (``site.zip!.env``), the member's."""
    return innermost(path).rsplit("/", 1)[-1]


def extension(path: str) -> str:
    """The last extension, lower-cased, with its dot (``.tsx``), or ``""``."""
    return posixpath.splitext(basename(path))[1].lower()


def stem(path: str) -> str:
    """The name without its last extension (``next.config`` for ``next.config.mjs``)."""
    return posixpath.splitext(basename(path))[0]


def segments(path: str) -> list[str]:
    """The folder names holding ``path``, outermost first."""
    return path.split("/")[:-1]


def find_sequence(parts: list[str], sequence: tuple[str, ...]) -> int:
    """Index where ``sequence`` starts inside ``parts``, or -1."""
    size = len(sequence)
    for index in range(len(parts) - size + 1):
        if tuple(parts[index : index + size]) == sequence:
            return index
    return -1

"""The locate stage: where a key came from (source map origins) and which notebook cell
holds it.

``annotate`` runs for every file, blob or archive member that holds candidates, in every
mode: the reader calls it where a file's bytes are at hand, the history source once it
knows the path a blob was committed at. What it needs beyond the bytes (a bundle's
source map) comes through ``load_sibling``, which each source implements: the working
tree reads the disk, the index reads ``:path``, history reads ``commit:path``.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING

from vpkscan.locate.notebook import is_notebook

if TYPE_CHECKING:
    from vpkscan.model import Candidate

#: Built files that a source map may describe.
BUNDLE_SUFFIXES = (".js", ".mjs", ".cjs", ".css")

Load = Callable[[], bytes | None]
LoadSibling = Callable[[str], bytes | None]


def _sibling_map(path: str, load: Load, load_sibling: LoadSibling) -> bytes | None:
    """The source map of a bundle: the one its comment names, else ``<name>.map``."""
    from vpkscan.locate.origins import TAIL_BYTES, map_reference

    data = load()
    name = path.rsplit("/", 1)[-1]
    reference = map_reference(data[-TAIL_BYTES:]) if data else None
    for candidate in (reference, name + ".map"):
        if candidate:
            found = load_sibling(candidate)
            if found is not None:
                return found
    return None


def annotate(
    path: str,
    candidates: tuple[Candidate, ...],
    load: Load,
    load_sibling: LoadSibling | None = None,
) -> tuple[Candidate, ...]:
    """``candidates`` of the file at ``path`` with their origin or notebook cell added.

    ``load`` reads the file again (whole); ``load_sibling`` reads a file next to it, when
    the file is on disk.
    """
    if not candidates:
        return candidates
    lowered = path.lower()
    # What reads notebooks and source maps (json, VLQ) loads only for such files.
    if is_notebook(lowered):
        from vpkscan.locate.notebook import cell_locations

        data = load()
        if data is None:
            return candidates
        cells = cell_locations(data, [c.offset for c in candidates])
        return tuple(
            dataclasses.replace(c, cell=cell[0], cell_part=cell[1]) if cell else c
            for c, cell in zip(candidates, cells, strict=True)
        )
    if lowered.endswith(".map"):
        from vpkscan.locate.origins import content_origins

        data = load()
        origins = content_origins(data, [c.offset for c in candidates]) if data else []
    elif load_sibling is not None and lowered.endswith(BUNDLE_SUFFIXES):
        from vpkscan.locate.origins import mapped_origins

        map_data = _sibling_map(path, load, load_sibling)
        positions = [(c.line, c.column) for c in candidates]
        origins = mapped_origins(map_data, positions) if map_data else []
    else:
        return candidates
    if not origins:
        return candidates
    return tuple(
        dataclasses.replace(c, original=origin) if origin else c
        for c, origin in zip(candidates, origins, strict=True)
    )


def sibling_name(path: str, name: str) -> str | None:
    """The repository path of file ``name`` next to ``path`` (a bundle's map), or None
    when ``name`` would leave the bundle's folder tree."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), name))
    if joined.startswith(("../", "/")) or joined == "..":
        return None
    return joined


def siblings_in(read_path: Callable[[str], bytes | None], path: str) -> LoadSibling:
    """``load_sibling`` for a file at repository ``path`` whose neighbours ``read_path``
    reads by repository path (from the index or a commit)."""

    def read(name: str) -> bytes | None:
        from vpkscan.locate.origins import MAX_MAP_BYTES

        target = sibling_name(path, name)
        data = read_path(target) if target is not None else None
        return data if data is not None and len(data) <= MAX_MAP_BYTES else None

    return read

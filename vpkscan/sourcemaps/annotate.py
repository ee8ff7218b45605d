"""Adding where a key came from: source map origins and notebook cells.

``annotate`` runs where a file's bytes are at hand (the reader, also for archive
members), only for files that hold candidates; ``attach_locations`` copies what it found
onto the findings once they are made.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from vpkscan.detect.notebook import cell_locations, cell_sentence, is_notebook
from vpkscan.model import Candidate, FileScan, Finding
from vpkscan.sourcemaps.origins import content_origins, map_reference, mapped_origins

#: Built files that a source map may describe.
BUNDLE_SUFFIXES = (".js", ".mjs", ".cjs", ".css")

Load = Callable[[], bytes | None]
LoadSibling = Callable[[str], bytes | None]


def _sibling_map(path: str, load: Load, load_sibling: LoadSibling) -> bytes | None:
    """The source map of a bundle: the one its comment names, else ``<name>.map``."""
    data = load()
    name = path.rsplit("/", 1)[-1]
    reference = map_reference(data[-4096:]) if data else None
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
    if is_notebook(lowered):
        data = load()
        if data is None:
            return candidates
        cells = cell_locations(data, [c.offset for c in candidates])
        return tuple(
            dataclasses.replace(c, cell=cell[0], cell_part=cell[1]) if cell else c
            for c, cell in zip(candidates, cells, strict=True)
        )
    if lowered.endswith(".map"):
        data = load()
        origins = content_origins(data, [c.offset for c in candidates]) if data else []
    elif load_sibling is not None and lowered.endswith(BUNDLE_SUFFIXES):
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


def attach_locations(findings: list[Finding], scans: Iterable[FileScan]) -> list[Finding]:
    """Findings with the origin and notebook cell their candidate carries."""
    located = {
        (scan.path, c.line, c.column): c
        for scan in scans
        for c in scan.candidates
        if c.original is not None or c.cell is not None
    }
    if not located:
        return findings
    result: list[Finding] = []
    for finding in findings:
        candidate = located.get((finding.path, finding.line, finding.column))
        if candidate is None:
            result.append(finding)
            continue
        message = finding.message
        if candidate.cell is not None:
            message += " " + cell_sentence(candidate.cell, candidate.cell_part)
        result.append(dataclasses.replace(finding, original=candidate.original, message=message))
    return result

"""Jupyter notebooks: which cell, and which part of it, holds a key.

A notebook is JSON; the detector already reports a key at the line of the ``.ipynb``
file. People fix notebooks cell by cell, so the cell number (1-based, in notebook order)
and whether the key is in the cell's source or in an output it printed are added.
"""

from __future__ import annotations

import bisect

#: Names of a cell's members, as a person would call them.
_PARTS = {
    "source": "source",
    "outputs": "output",
    "attachments": "attachment",
    "metadata": "metadata",
}


def is_notebook(path: str) -> bool:
    return path.lower().endswith(".ipynb")


def _part(text: str, cell_start: int, offset: int) -> str | None:
    from vpkscan.locate.jsonspans import object_members

    for name, start, end in object_members(text, cell_start):
        if start <= offset < end:
            return _PARTS.get(name, name)
    return None


def cell_locations(data: bytes, offsets: list[int]) -> list[tuple[int, str | None] | None]:
    """For keys at byte ``offsets`` of a notebook, ``(cell number, part)`` or None."""
    # The JSON reader loads only for a notebook that holds a key.
    from vpkscan.locate.jsonspans import JsonShapeError, array_items, as_text, member, start_of

    try:
        text = as_text(data)
        cells = member(text, start_of(text), "cells")
        if cells is None:
            return [None] * len(offsets)
        spans = list(array_items(text, cells[0]))
        starts = [start for start, _ in spans]
        found: list[tuple[int, str | None] | None] = []
        for offset in offsets:
            index = bisect.bisect_right(starts, offset) - 1
            if index < 0 or offset >= spans[index][1]:
                found.append(None)
                continue
            found.append((index + 1, _part(text, spans[index][0], offset)))
    except (JsonShapeError, ValueError, RecursionError):
        return [None] * len(offsets)
    return found


_WHERE = {
    "source": "the source of ",
    "output": "an output of ",
    "attachment": "an attachment of ",
    "metadata": "the metadata of ",
}


def cell_sentence(cell: int, part: str | None) -> str:
    """How a finding's message names the cell."""
    return f"It is in {_WHERE.get(part or '', '')}cell {cell} of the notebook."

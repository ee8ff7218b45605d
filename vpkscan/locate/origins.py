"""Naming the original source file and line of a key found in built output.

Two cases (SPEC §3): a key inside a source map's ``sourcesContent`` is traced to the
source whose content holds it and the line within it; a key in a bundle whose source map
is at hand is traced through the map's ``mappings``. Maps that are broken in any way give
no origin, never an error.
"""

from __future__ import annotations

import json
import re
from typing import Any

from vpkscan.locate.jsonspans import (
    JsonShapeError,
    array_items,
    as_text,
    containing,
    object_members,
    start_of,
)
from vpkscan.locate.vlq import MappingError, original_position
from vpkscan.model import OriginalLocation

#: Larger maps are not read to trace a key (the key is still reported).
MAX_MAP_BYTES = 128 * 1024 * 1024
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
#: The prefix a map may start with to defeat cross-site script inclusion.
_XSSI = ")]}'"
_FIELDS = ("sources", "sourceRoot", "sourcesContent", "mappings")


def _start(text: str) -> int:
    if text.startswith(_XSSI):
        newline = text.find("\n")
        return newline + 1 if newline != -1 else len(text)
    return start_of(text)


def _fields(text: str) -> dict[str, tuple[int, int]]:
    """Spans of the map's top-level members that matter here."""
    return {
        name: (start, end)
        for name, start, end in object_members(text, _start(text))
        if name in _FIELDS
    }


def _load(data: bytes, span: tuple[int, int] | None) -> Any:
    return json.loads(data[span[0] : span[1]]) if span else None


def source_name(sources: Any, root: Any, index: int) -> str | None:
    """The displayable name of ``sources[index]``: ``webpack://app/./src/a.ts`` is
    ``app/src/a.ts``."""
    if not isinstance(sources, list) or not 0 <= index < len(sources):
        return None
    source = sources[index]
    if not isinstance(source, str) or not source:
        return None
    if isinstance(root, str) and root and not _SCHEME.match(source):
        source = root.rstrip("/") + "/" + source
    source = _SCHEME.sub("", source)
    parts = [part for part in source.split("/") if part != "."]
    return "/".join(parts) or None


def _line_in_string(data: bytes, quote: int, offset: int) -> int | None:
    """1-based line, in the decoded JSON string opening at ``quote``, of ``offset``."""
    raw = data[quote + 1 : offset]
    for cut in range(6):
        # ``offset`` may fall inside an escape; drop characters until the prefix parses.
        try:
            decoded = json.loads(b'"' + raw[: len(raw) - cut] + b'"')
        except ValueError:
            continue
        return int(decoded.count("\n")) + 1
    return None


def content_origins(data: bytes, offsets: list[int]) -> list[OriginalLocation | None]:
    """For keys at byte ``offsets`` of a source map, the source and line whose
    ``sourcesContent`` holds each of them."""
    try:
        text = as_text(data)
        fields = _fields(text)
        sources = _load(data, fields.get("sources"))
        root = _load(data, fields.get("sourceRoot"))
        content = fields.get("sourcesContent")
        if content is None:
            return [None] * len(offsets)
        items = list(array_items(text, content[0]))
    except (JsonShapeError, ValueError, RecursionError):
        return [None] * len(offsets)
    found: list[OriginalLocation | None] = []
    for offset in offsets:
        where = containing(iter(items), offset)
        name = source_name(sources, root, where[0]) if where else None
        line = _line_in_string(data, where[1], offset) if where else None
        found.append(OriginalLocation(name, line) if name and line else None)
    return found


def mapped_origins(
    map_data: bytes, positions: list[tuple[int, int]]
) -> list[OriginalLocation | None]:
    """For keys at 1-based ``(line, column)`` of a bundle, their origin through the
    bundle's source map ``map_data``."""
    try:
        text = as_text(map_data)
        fields = _fields(text)
        sources = _load(map_data, fields.get("sources"))
        root = _load(map_data, fields.get("sourceRoot"))
        mappings = _load(map_data, fields.get("mappings"))
        del text
    except (JsonShapeError, ValueError, RecursionError):
        return [None] * len(positions)
    if not isinstance(mappings, str):
        return [None] * len(positions)
    found: list[OriginalLocation | None] = []
    cache: dict[str, tuple[int, ...]] = {}
    for line, column in positions:
        try:
            origin = original_position(mappings, line, column - 1, cache)
        except MappingError:
            origin = None
        name = source_name(sources, root, origin.source) if origin else None
        found.append(OriginalLocation(name, origin.line + 1) if origin and name else None)
    return found


_MAPPING_URL = re.compile(rb"[#@][ \t]*sourceMappingURL=([^\s'\"*]+)")
#: How much of a bundle's end is searched for its ``sourceMappingURL`` comment.
TAIL_BYTES = 4096


def map_reference(tail: bytes) -> str | None:
    """The map a bundle names in its ``sourceMappingURL`` comment, when it is a relative
    path inside the bundle's folder tree (not a URL, not inline data)."""
    matches = _MAPPING_URL.findall(tail)
    if not matches:
        return None
    name = str(matches[-1].decode("utf-8", "replace"))
    if ":" in name or name.startswith("/") or ".." in name.split("/"):
        return None
    return name

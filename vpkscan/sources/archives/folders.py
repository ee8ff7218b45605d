"""Which folders of a scan hold a container image (an OCI layout, an unpacked ``docker
save``), told from the listed names alone: nothing is opened or parsed here."""

from __future__ import annotations

import os
from collections.abc import Iterable

from vpkscan.sources.plan import FileRef

#: The files that name an image's documents.
_MARKERS = ("index.json", "manifest.json")
#: Where an image's blobs are, under its folder.
_BLOBS = "/blobs/sha256"
#: What every path that matters here ends with or holds.
_ENDINGS = (*_MARKERS, "oci-layout", "layer.tar")
_BLOBS_PART = _BLOBS[1:] + "/"


def image_folders(files: Iterable[FileRef]) -> dict[str, str]:
    """The folders (reported path -> path on disk) that hold an image: an index or a
    manifest beside an ``oci-layout`` file, a ``blobs/`` folder or ``<id>/layer.tar``
    files (a project's own ``index.json`` is no image, and is not parsed)."""
    marked: dict[str, str] = {}
    images: set[str] = set()
    for ref in files:
        # One C-level test rules out nearly every path of a project.
        if not ref.path.endswith(_ENDINGS) and _BLOBS_PART not in ref.path:
            continue
        folder, _, name = ref.path.rpartition("/")
        if name in _MARKERS:
            marked.setdefault(folder, os.path.dirname(ref.fspath) or ".")
        elif name == "oci-layout":
            images.add(folder)
        elif name == "layer.tar":
            images.add(folder.rpartition("/")[0])
        elif folder.endswith(_BLOBS) or folder == _BLOBS[1:]:
            images.add(folder[: -len(_BLOBS)] if folder != _BLOBS[1:] else "")
    return {folder: fspath for folder, fspath in marked.items() if folder in images}

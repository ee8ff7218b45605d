"""Container images given as folders: an OCI image layout (``oci-layout``, ``index.json``,
``blobs/sha256/<digest>``) or an unpacked ``docker save`` (``manifest.json``).

The folder's files are scanned like any others (each blob once, a compressed layer opened
as an archive); here the image's documents are read from the folder, within the same
bounds as in a tar, and the findings of its blobs get their image, layer and instruction.
Only the documents the image names are opened, never through a symbolic link, never
outside the folder, and only when they are small regular files.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping

from vpkscan.model import FileScan
from vpkscan.sources.archives.image import (
    MAX_DOCUMENT,
    MAX_DOCUMENTS,
    Image,
    Read,
    image_from,
    locate_in_image,
    parse,
)

#: A document name an image may give: relative, plain components, no ``..``.
_NAME = re.compile(r"(?!.*(?:^|/)\.\.?(?:/|$))[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*")
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_FLAGS |= getattr(os, "O_BINARY", 0)


def _read_document(folder: str, name: str) -> bytes | None:
    """The file ``name`` of ``folder`` when it is a small regular file inside it."""
    if not _NAME.fullmatch(name):
        return None
    target = os.path.join(folder, *name.split("/"))
    try:
        if os.path.realpath(target) != os.path.join(os.path.realpath(folder), *name.split("/")):
            return None  # a symbolic link on the way
        fd = os.open(target, _FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_DOCUMENT:
            return None
        return os.read(fd, MAX_DOCUMENT + 1)[:MAX_DOCUMENT]
    except OSError:
        return None
    finally:
        os.close(fd)


def folder_reader(folder: str) -> Read:
    """Reads an image's documents from ``folder``, at most ``MAX_DOCUMENTS`` of them."""
    budget = [MAX_DOCUMENTS]

    def read(name: str) -> object:
        if budget[0] <= 0:
            return None
        budget[0] -= 1
        return parse(_read_document(folder, name))

    return read


def locate_in_folders(
    folders: Mapping[str, str], scans: list[FileScan], clean: Callable[[], Iterable[str]]
) -> list[FileScan]:
    """``scans`` with the findings in the image ``folders`` (``image_folders``: reported
    path -> path on disk) marked with their image, layer and instruction; ``clean``
    gives the paths read without findings (the whiteout files of later layers are among
    them)."""
    images: list[tuple[str, Image]] = []
    found = [scan.path for scan in scans if scan.candidates]
    for folder, fspath in folders.items():
        if folder and not any(path.startswith(f"{folder}/") for path in found):
            continue  # an image without findings need not be read
        image = image_from(folder_reader(fspath))
        if image is not None:
            images.append((f"{folder}/" if folder else "", image))
    if not images:
        return scans
    whiteouts = [FileScan(path, 0) for path in clean() if "/.wh." in path or "!.wh." in path]
    for prefix, image in images:
        inside = [scan for scan in scans if scan.path.startswith(prefix)]
        if not inside:
            continue
        located = locate_in_image(prefix, image, inside + whiteouts, prefix)
        by_path = {id(old): new for old, new in zip(inside, located, strict=False)}
        scans = [by_path.get(id(scan), scan) for scan in scans]
    return scans

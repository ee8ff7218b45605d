"""What a target resolves to: the list of things to read, before anything is read."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

from vpkscan.model import Finding, ScanMode, Skipped

Provenance = Callable[[Sequence[Finding]], tuple[Finding, ...]]


class FileRef(NamedTuple):
    """A file on disk: ``path`` is what reports show, ``fspath`` what is opened.

    ``size`` is -1 when the planner did not look it up (the reader finds out). A
    NamedTuple: one is made per tracked file before any is read, and it goes to the
    worker processes as it is.
    """

    path: str
    fspath: str
    size: int


@dataclass(frozen=True, slots=True)
class BlobRef:
    """A git object to read by id, reported under ``path``."""

    path: str
    oid: str


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything one scan will read.

    ``all_paths`` lists the whole project (not only what is read) so that the classifier
    can see project signals such as a ``package.json`` next to a scanned file.
    """

    mode: ScanMode
    root: Path
    files: tuple[FileRef, ...] = ()
    blobs: tuple[BlobRef, ...] = ()
    stream: BinaryIO | None = None
    stream_path: str = "-"
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()
    all_paths: tuple[str, ...] = ()
    #: Sets each finding's provenance that only the source knows (the leak stage of a
    #: staged key); None when the findings carry all of it already.
    provenance: Provenance | None = None
    #: Contents of some of ``blobs``, by object id, read already (by the hook's fast
    #: path); the others are read from git.
    contents: Mapping[str, bytes] = field(default_factory=dict)

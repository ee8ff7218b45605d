"""Scanning an archive's members, nested archives included, within the limits.

Every member is read as a stream; a nested archive is first copied to a spooled
temporary file (memory up to a few megabytes, then disk) so that it can be opened in
turn. The limits are checked against the sizes an archive declares before anything is
inflated: each member's ratio, the archive's ratio as a whole, the bytes and the entries
(counted from the end-of-central-directory record, before the directory is loaded).

The scan fails closed: a member a limit keeps from being read, an unreadable member or
a damaged archive is an error entry (exit 2) that names the option raising the limit. A
file that is not an archive at all is scanned as plain bytes, with a note.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

from vpkscan.model import FileScan
from vpkscan.paths import member_path as join_member
from vpkscan.sources.archives.image import Documents, image_from, locate_in_image
from vpkscan.sources.archives.inflate import Inflated, gzip_name, inner_name, open_decompressed
from vpkscan.sources.archives.kinds import input_kind
from vpkscan.sources.archives.limits import ArchiveLimits
from vpkscan.sources.archives.magic import COMPRESSED, SNIFF_BYTES, is_tar
from vpkscan.sources.archives.members import (
    READ_ERRORS,
    ArchiveError,
    Member,
    TooManyMembers,
    is_compressed,
    reason,
    tar_members,
    zip_members,
)

#: Scans one stream reported under a path (the reader's detector and annotations).
ScanMember = Callable[[str, IO[bytes]], FileScan]
SPOOL_IN_MEMORY = 8 * 1024 * 1024
_MEMBER_ERRORS: tuple[type[BaseException], ...] = (ArchiveError, *READ_ERRORS)


def _size(count: int) -> str:
    value = float(count)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{count} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


@dataclass
class _Walk:
    """What is left of the limits while one archive file (and all it nests) is read."""

    limits: ArchiveLimits
    scan_member: ScanMember
    bytes_left: int
    members_left: int
    scans: list[FileScan] = field(default_factory=list)


RAISE_BYTES = "--max-archive-bytes"
RAISE_RATIO = "--max-archive-ratio"
RAISE_MEMBERS = "--max-archive-members"
RAISE_DEPTH = "--max-archive-depth"


def _too_big(member: Member, path: str, walk: _Walk) -> str | None:
    """Why a limit keeps ``member`` from being read, or None."""
    limits = walk.limits
    if member.size > walk.bytes_left:
        return (
            f"{path}: not scanned: it expands to {_size(member.size)}, over what is left of "
            f"the {_size(limits.max_bytes)} limit for one archive (raise it with {RAISE_BYTES})"
        )
    if (
        member.compressed is not None
        and member.size >= limits.ratio_floor
        and member.size > limits.max_ratio * max(member.compressed, 1)
    ):
        ratio = member.size // max(member.compressed, 1)
        return (
            f"{path}: not scanned: it expands {ratio} times its compressed size, over the "
            f"limit of {limits.max_ratio} (a zip bomb? raise it with {RAISE_RATIO})"
        )
    return None


def _archive_too_big(
    path: str, member: Member, inflated: int, stored: int, limits: ArchiveLimits
) -> str | None:
    """Why the archive stops at ``member``: all its members together inflate more than
    the ratio allows for its size (many small members of zeros make a bomb too)."""
    if inflated >= limits.ratio_floor and inflated > limits.max_ratio * max(stored, 1):
        return (
            f"{path}: stopped at {member.name}: the archive expands more than "
            f"{limits.max_ratio} times its size (a compression bomb? raise it with "
            f"{RAISE_RATIO})"
        )
    return None


def _members(
    handle: IO[bytes], kind: str, codec: str | None, walk: _Walk
) -> tuple[Iterator[Member], bool, Inflated | None]:
    """The members, whether skipping one costs inflating it (a compressed tar), and the
    decompressing view a zstd tar is read through (the standard library's ``tarfile``
    knows the other formats), capped at the bytes left plus room for the tar's headers."""
    if kind == "zip":
        return zip_members(handle, walk.members_left), False, None
    if codec == "zstd":
        raw = Inflated(codec, handle, walk.bytes_left + walk.limits.ratio_floor)
        stream = io.BufferedReader(raw, 1024 * 1024)
        return tar_members(stream, "r:"), True, raw
    return tar_members(handle), is_compressed(handle), None


def _scan_nested(source: IO[bytes], path: str, depth: int, walk: _Walk) -> None:
    with tempfile.SpooledTemporaryFile(SPOOL_IN_MEMORY) as spool:
        shutil.copyfileobj(source, spool, 1024 * 1024)
        spool.seek(0)
        _walk(path, spool, depth + 1, walk)


def _head(stream: IO[bytes]) -> bytes:
    """The first bytes of a member stream, left unread (members are buffered readers)."""
    peek = getattr(stream, "peek", None)
    return peek(SNIFF_BYTES)[:SNIFF_BYTES] if peek is not None else b""


def _scan_member(
    member: Member, path: str, depth: int, walk: _Walk, documents: Documents | None = None
) -> list[str]:
    """Scan one member (keeping it in ``documents`` when it may be an image's JSON
    document); the errors it gives."""
    walk.bytes_left -= member.size
    try:
        with member.open() as opened:
            stream = opened
            head = _head(stream)
            if documents is not None and documents.wants(member.name, member.size, head):
                data = stream.read(member.size)
                documents.keep(member.name, data)
                stream = io.BytesIO(data)
            nested = input_kind(member.name, head) is not None
            if nested and depth < walk.limits.max_depth:
                _scan_nested(stream, path, depth, walk)
                return []
            walk.scans.append(walk.scan_member(path, stream))
    except _MEMBER_ERRORS as exc:
        return [f"{path}: not scanned: unreadable member ({reason(exc)})"]
    if nested:
        return [
            f"{path}: not opened: archives nested deeper than {walk.limits.max_depth} "
            f"levels are scanned as plain bytes only (raise it with {RAISE_DEPTH})"
        ]
    return []


def _kind(path: str, handle: IO[bytes], depth: int, walk: _Walk) -> tuple[str, str | None] | None:
    """``"zip"`` or ``"tar"`` for the archive in ``handle``, with the compression of a
    compressed tar; None when it was a compressed stream holding one file, now scanned."""
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    kind = input_kind(path, head) or "zip"
    if kind not in COMPRESSED:
        return kind, None
    try:
        with open_decompressed(kind, handle) as inner:
            inner_head = inner.read(SNIFF_BYTES)
    except READ_ERRORS as exc:
        _plain(path, handle, kind, ArchiveError(reason(exc)), walk)
        return None
    handle.seek(0)
    if is_tar(inner_head):
        return "tar", kind
    recorded = gzip_name(head) if kind == "gzip" else None
    _walk_stream(path, handle, kind, recorded, depth, walk)
    return None


def _walk(path: str, handle: IO[bytes], depth: int, walk: _Walk) -> None:
    """Scan the archive in ``handle``, reported under ``path``, into ``walk.scans``."""
    found = _kind(path, handle, depth, walk)
    if found is None:
        return
    kind, codec = found
    container = len(walk.scans)
    # A tar may be a container image: its JSON documents are kept as they go by.
    documents = Documents() if kind == "tar" else None
    walk.scans.append(FileScan(path, 0))
    errors: list[str] = []
    handle.seek(0, 2)
    stored = handle.tell()
    handle.seek(0)
    inflated = 0
    count = 0
    raw = None
    try:
        members, skipping_inflates, raw = _members(handle, kind, codec, walk)
        for member in members:
            count += 1
            member_path = join_member(path, member.name)
            if walk.members_left <= 0:
                errors.append(
                    f"{path}: stopped after {count - 1} members: the limit is "
                    f"{walk.limits.max_members} per archive (raise it with {RAISE_MEMBERS})"
                )
                break
            walk.members_left -= 1
            blocked = _too_big(member, member_path, walk)
            if blocked is not None:
                errors.append(blocked)
                if skipping_inflates:
                    # Skipping it would mean inflating it all the same.
                    break
                continue
            # Only what is read counts towards the archive's ratio.
            inflated += member.size
            whole = _archive_too_big(path, member, inflated, stored, walk.limits)
            if whole is not None:
                errors.append(whole)
                break
            errors += _scan_member(member, member_path, depth, walk, documents)
    except TooManyMembers as exc:
        errors.append(
            f"{path}: not opened: {exc}, over the limit of {walk.limits.max_members} "
            f"(raise it with {RAISE_MEMBERS})"
        )
    except ArchiveError as exc:
        if count == 0:
            del walk.scans[container:]
            _plain(path, handle, kind, exc, walk)
            return
        errors.append(f"{path}: damaged after {count - 1} members ({exc}); the rest not scanned")
    if raw is not None and raw.over:
        errors.append(
            f"{path}: not scanned past {_size(raw.total)}: over what is left of the "
            f"{_size(walk.limits.max_bytes)} limit for one archive (raise it with {RAISE_BYTES})"
        )
    walk.scans[container] = FileScan(path, 0)
    image = image_from(documents.read) if documents is not None else None
    if image is not None:
        walk.scans[container:] = locate_in_image(path, image, walk.scans[container:])
    walk.scans += [FileScan(path, 0, error=error) for error in errors]


def _plain(path: str, handle: IO[bytes], kind: str, exc: Exception, walk: _Walk) -> None:
    """Scan an input that is no readable archive as the bytes it is, with a note."""
    handle.seek(0)
    scanned = walk.scan_member(path, handle)
    what = f"{kind} archive" if kind in {"zip", "tar"} else f"{kind} stream"
    note = f"{path}: not a readable {what} ({exc}); scanned as plain bytes"
    walk.scans.append(_with_notes(scanned, [note]))


def _walk_stream(
    path: str, handle: IO[bytes], kind: str, recorded: str | None, depth: int, walk: _Walk
) -> None:
    """Scan a compressed stream (``app.log.gz``) as the file it holds, reported as
    ``path!app.log``, reading no more than the bytes and ratio limits allow."""
    handle.seek(0, 2)
    stored = handle.tell()
    handle.seek(0)
    limits = walk.limits
    by_ratio = max(limits.ratio_floor, limits.max_ratio * max(stored, 1))
    cap = min(walk.bytes_left, by_ratio)
    inner = join_member(path, inner_name(path, recorded))
    walk.scans.append(FileScan(path, 0))
    errors: list[str] = []
    raw = Inflated(kind, handle, cap)
    try:
        with io.BufferedReader(raw, 1024 * 1024) as stream:
            nested = input_kind(inner, stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]) is not None
            if nested and depth < limits.max_depth:
                _scan_nested(stream, inner, depth, walk)
            else:
                walk.scans.append(walk.scan_member(inner, stream))
                if nested:
                    errors.append(
                        f"{inner}: not opened: archives nested deeper than {limits.max_depth} "
                        f"levels are scanned as plain bytes only (raise it with {RAISE_DEPTH})"
                    )
    except _MEMBER_ERRORS as exc:
        errors.append(f"{inner}: not scanned: unreadable {kind} stream ({reason(exc)})")
    walk.bytes_left -= raw.total
    if raw.over and cap == by_ratio:
        errors.append(
            f"{inner}: not scanned past {_size(cap)}: it expands more than {limits.max_ratio} "
            f"times its compressed size (a compression bomb? raise it with {RAISE_RATIO})"
        )
    elif raw.over:
        errors.append(
            f"{inner}: not scanned past {_size(cap)}: over what is left of the "
            f"{_size(limits.max_bytes)} limit for one archive (raise it with {RAISE_BYTES})"
        )
    walk.scans += [FileScan(path, 0, error=error) for error in errors]


def _with_notes(scan: FileScan, notes: list[str]) -> FileScan:
    return dataclasses.replace(scan, notes=scan.notes + tuple(notes))


def scan_archive(
    path: str, handle: IO[bytes], limits: ArchiveLimits, scan_member: ScanMember
) -> list[FileScan]:
    """Scan the archive in the seekable ``handle``: one entry for the archive itself
    (carrying the notes) and one per member, reported as ``path!member``.

    An input that is not a readable archive is scanned as plain bytes, with a note.
    """
    walk = _Walk(limits, scan_member, limits.max_bytes, limits.max_members)
    _walk(path, handle, 1, walk)
    return walk.scans

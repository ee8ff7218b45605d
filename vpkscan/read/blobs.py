"""Reading each distinct blob once, in pack order, with two ``git cat-file`` readers.

Reading objects in the order of the pack keeps each delta next to its base, so git
applies deltas to a base it has just produced instead of rebuilding the chain (reading
in id order, as ``--batch-all-objects`` does by default, rebuilds it again and again).
The blobs are cut into segments along delta families as git lists them; two readers,
each a ``cat-file`` process and a process that runs the detector, take segments in turn,
so a reader slowed by a busy core simply takes fewer. Blobs larger than the detector's
whole-read limit go through a spooled temporary file, so no blob is held whole in memory
beyond that bound.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO

from vpkscan.detect.detector import WHOLE_READ_LIMIT, scan_stream
from vpkscan.git.objects import ObjectInfo, ObjectStream
from vpkscan.model import Candidate
from vpkscan.read.memo import BaseCache
from vpkscan.read.progress import Progress
from vpkscan.sources.archives.entries import scan_entries
from vpkscan.sources.archives.limits import Limits
from vpkscan.sources.archives.magic import SNIFF_BYTES, UNNAMED, sniff

#: Git LFS pointer files start with this line and are small.
LFS_SIGNATURE = b"version https://git-lfs.github.com/spec/v1\n"
LFS_MAX_SIZE = 1024
READERS = 2
#: Segments aim at this size, small enough that the readers end close together.
TARGET_BYTES = 8 * 1024 * 1024
#: A delta family is cut past this size. Each cut costs the next reader one rebuild of a
#: delta chain (up to git's depth of 50 deltas), so only a family that would keep one
#: reader busy long after the other is done is cut.
CEILING_BYTES = 256 * 1024 * 1024
#: While git lists, the readers always have this much queued, plus a quarter of what is
#: listed (listing outruns reading many times over, so they never wait for work).
LEAD_BYTES = 64 * 1024 * 1024
#: A segment this large (a big delta family) is queued as soon as it is cut.
BIG_BYTES = 4 * TARGET_BYTES
COPY_CHUNK = 1024 * 1024
DEFAULT_LIMITS = Limits()
#: What each reader's git keeps: delta bases (pack order needs few; a family's bases are
#: often a little further back than the one just read) and windows of the pack it maps
#: (read front to back, so a small window is enough). Both count in the scan's memory
#: twice, once per reader, and each MiB of cache costs git about two of heap; beyond
#: 12 MiB the cache saves git a few per cent of CPU at most.
READER_CONFIG = (
    "core.deltaBaseCacheLimit=12m",
    "core.packedGitWindowSize=1m",
    "core.packedGitLimit=8m",
)


#: Candidates per entry of a blob: ``""`` for the blob itself, ``"!member"`` for each
#: member of an archive (reported as ``path!member``, as in tree scans).
Entries = tuple[tuple[str, tuple[Candidate, ...]], ...]


@dataclass(frozen=True, slots=True)
class BlobScan:
    """What reading one blob found that attribution needs (clean blobs are not kept)."""

    oid: str
    size: int
    entries: Entries = ()
    lfs: bool = False
    too_large: bool = False
    notes: tuple[str, ...] = ()
    #: What an archive's limits or damage kept from being read (fails the scan).
    errors: tuple[str, ...] = ()

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        """Every candidate of every entry."""
        return tuple(candidate for _, found in self.entries for candidate in found)

    def entry(self, suffix: str) -> tuple[Candidate, ...]:
        """The candidates of one entry (none when the blob has no such entry)."""
        return next((found for name, found in self.entries if name == suffix), ())


@dataclass(frozen=True, slots=True)
class Segment:
    """Consecutive blobs of the pack, read by one reader."""

    oids: tuple[str, ...]
    sizes: tuple[int, ...]
    #: Each blob's delta base in the pack, if any: it may be read already, and clean.
    bases: tuple[str | None, ...]


@dataclass
class Totals:
    """What the planner has listed so far: blobs to read, their bytes, those skipped."""

    blobs: int = 0
    bytes: int = 0
    too_large: list[BlobScan] = field(default_factory=list)


def plan_segments(
    objects: Iterable[ObjectInfo], totals: Totals, max_size: int | None = None
) -> Iterator[Segment]:
    """The blobs among ``objects`` (in pack order) as segments, yielded as soon as cut,
    so that reading starts while git is still listing.

    A segment ends past ``TARGET_BYTES`` where a delta family starts (a blob that is no
    delta, as pack order writes each family after its base), or at ``CEILING_BYTES``:
    cutting a family costs the next reader one rebuild of a delta chain.
    """
    oids: list[str] = []
    sizes: list[int] = []
    bases: list[str | None] = []
    size = 0
    for info in objects:
        if info.type != "blob":
            continue
        if max_size is not None and info.size > max_size:
            totals.too_large.append(BlobScan(info.oid, info.size, too_large=True))
            continue
        if oids and (size >= CEILING_BYTES or (size >= TARGET_BYTES and info.delta_base is None)):
            yield Segment(tuple(oids), tuple(sizes), tuple(bases))
            oids, sizes, bases, size = [], [], [], 0
        oids.append(info.oid)
        sizes.append(info.size)
        bases.append(info.delta_base)
        size += info.size
        totals.blobs += 1
        totals.bytes += info.size
    if oids:
        yield Segment(tuple(oids), tuple(sizes), tuple(bases))


def balanced(segments: Iterable[Segment]) -> Iterator[Segment]:
    """``segments`` in an order that lets the readers end together.

    Pack order puts a big delta family (a lockfile's or a bundle's versions, hundreds of
    MB) wherever it falls; taken last, it keeps one reader busy long after the other is
    done. So big segments are queued at once, small ones beyond the lead are held back,
    and once the listing is done the held ones follow, largest first: the last pieces
    of work are the smallest.
    """
    held: list[tuple[int, Segment]] = []
    queued = listed = 0
    for segment in segments:
        size = sum(segment.sizes)
        listed += size
        if size >= BIG_BYTES or queued < LEAD_BYTES + listed // 4:
            queued += size
            yield segment
        else:
            held.append((size, segment))
    held.sort(key=lambda item: item[0], reverse=True)
    yield from (segment for _, segment in held)


Take = Callable[[], Segment | None]
#: ``emit(scans, objects, size)``: blobs worth keeping, and how much was read since the last.
Emit = Callable[[list[BlobScan], int, int], None]
#: Workers report progress after about this many bytes.
REPORT_BYTES = 8 * 1024 * 1024


def read_blobs(
    root: Path,
    objects: Iterable[ObjectInfo],
    *,
    max_size: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    readers: int = READERS,
) -> tuple[dict[str, BlobScan], Totals]:
    """Scan every blob among ``objects``; returns those with candidates, LFS pointers and
    skipped ones, and the totals read.

    With more than one reader, each runs in its own process (the detector holds the GIL,
    so threads would take turns): a worker process that owns a ``cat-file`` process, takes
    segments as the listing yields them and sends back only the few blobs worth keeping.
    """
    totals = Totals()
    found: dict[str, BlobScan] = {}

    def emit(scans: list[BlobScan], objects: int, size: int) -> None:
        found.update((scan.oid, scan) for scan in scans)
        if progress is not None and objects:
            progress.advance(objects, size)

    def started() -> None:
        found.update((scan.oid, scan) for scan in totals.too_large)
        if progress is not None:
            progress.start(totals.blobs, totals.bytes)

    segments = plan_segments(objects, totals, max_size)
    if readers <= 1:
        # One reader needs no process of its own: list first, so the total is known.
        listed = list(segments)
        started()
        queue = iter(listed)
        _read_segments(root, limits, lambda: next(queue, None), emit)
    else:
        from vpkscan.read.workers import run_workers

        # A partial of a top-level function: a spawned worker imports it and unpickles
        # its arguments.
        work = partial(_read_segments, root, limits)
        run_workers(readers, balanced(segments), work, emit, started)
    return found, totals


def _read_segments(root: Path, limits: Limits, take: Take, emit: Emit) -> None:
    """Read segments until ``take`` runs out, reporting through ``emit``."""
    cache = BaseCache(decode=limits.decode)
    with ObjectStream(root, READER_CONFIG) as stream:
        segment = take()
        if segment is not None:
            stream.request(segment.oids)
        while segment is not None:
            following: Segment | None = None
            kept: list[BlobScan] = []
            objects = size = 0
            last = len(segment.oids) - 1
            cache.expect(segment.bases)
            blobs = zip(segment.oids, segment.sizes, segment.bases, strict=True)
            for index, (oid, blob_size, base) in enumerate(blobs):
                if index == last:
                    # Claimed only now, so that a reader never holds work another could do;
                    # asked for before the last blob is read, so that git never waits.
                    following = take()
                    if following is not None:
                        stream.request(following.oids)
                scan = _read_one(stream, oid, base, cache, limits)
                if scan is not None:
                    kept.append(scan)
                objects += 1
                size += blob_size
                if size >= REPORT_BYTES:
                    emit(kept, objects, size)
                    kept, objects, size = [], 0, 0
            emit(kept, objects, size)
            segment = following


def _read_one(
    stream: ObjectStream, oid: str, base: str | None, cache: BaseCache, limits: Limits
) -> BlobScan | None:
    size = stream.next_object(oid)
    if size <= WHOLE_READ_LIMIT:
        data = stream.read(size)
        stream.end_object()
        if size <= LFS_MAX_SIZE and data.startswith(LFS_SIGNATURE):
            return BlobScan(oid, size, lfs=True)
        if not (limits.archives.enabled and sniff(data[:SNIFF_BYTES])):
            candidates = cache.scan(oid, base, data)
            return BlobScan(oid, size, (("", candidates),)) if candidates else None
        return _archive(oid, size, io.BytesIO(data), limits)
    with tempfile.SpooledTemporaryFile(max_size=WHOLE_READ_LIMIT) as spool:
        left = size
        while left:
            piece = stream.read(min(COPY_CHUNK, left))
            spool.write(piece)
            left -= len(piece)
        stream.end_object()
        spool.seek(0)
        head = spool.read(SNIFF_BYTES)
        spool.seek(0)
        if limits.archives.enabled and sniff(head):
            return _archive(oid, size, spool, limits)
        candidates, _ = scan_stream(spool, decode=limits.decode)  # type: ignore[arg-type]
    return BlobScan(oid, size, (("", candidates),)) if candidates else None


def _archive(oid: str, size: int, stream: IO[bytes], limits: Limits) -> BlobScan | None:
    """An archive blob: its members' candidates, each under ``!member``, and its notes.

    A blob has no name of its own (it may sit at several paths, or at none): it is read
    as ``UNNAMED``, which ``entry_path`` replaces once the path is known."""
    name = UNNAMED
    scans = scan_entries(name, stream, limits)
    entries = tuple((scan.path[len(name) :], scan.candidates) for scan in scans if scan.candidates)
    shown = f"blob {oid[:12]}"
    notes = tuple(note.replace(name, shown) for scan in scans for note in scan.notes)
    errors = tuple(scan.error.replace(name, shown) for scan in scans if scan.error)
    if not entries and not notes and not errors:
        return None
    return BlobScan(oid, size, entries, notes=notes, errors=errors)

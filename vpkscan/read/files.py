"""Reading targets and running the detector on them, in parallel for files on disk.

Files are spread over worker processes (``bytes.find`` holds the GIL, so threads would
not help); small inputs stay in-process, where a pool would cost more than it saves.
"""

from __future__ import annotations

import dataclasses
import errno
import io
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from vpkscan.detect.detector import WHOLE_READ_LIMIT, scan_buffer
from vpkscan.errors import UnreadableTargetError
from vpkscan.git.objects import BlobReader, path_reader
from vpkscan.model import Candidate, FileScan, SkipReason
from vpkscan.read.signals import default_termination
from vpkscan.sources.archives.entries import named_scan, scan_entries, sibling_reader
from vpkscan.sources.archives.kinds import archive_kind
from vpkscan.sources.archives.limits import Limits
from vpkscan.sources.archives.magic import sniff
from vpkscan.sources.plan import BlobRef, FileRef

if TYPE_CHECKING:
    from vpkscan.read.progress import Progress

#: Below this much data a pool does not pay for its start-up.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024
PARALLEL_MIN_FILES = 400
#: Small files are sent to workers in batches of about this many bytes.
BATCH_BYTES = 4 * 1024 * 1024
BATCH_FILES = 256
#: Tracked files are listed without their size: they go in batches of this many files,
#: fewer as the work runs out.
UNKNOWN_BATCH_MAX = 1024
UNKNOWN_BATCH_MIN = 64


#: Standard input is spooled to a temporary file; past this much the scan stops (exit 2)
#: rather than fill the disk (``vpkscan scan - < /dev/zero``).
MAX_STDIN_BYTES = 1024**3
STDIN_CHUNK = 1024 * 1024

DEFAULT_LIMITS = Limits()
_NO_ARCHIVES = dataclasses.replace(DEFAULT_LIMITS.archives, enabled=False)


def scan_file(ref: FileRef, limits: Limits = DEFAULT_LIMITS) -> FileScan:
    """Scan one file on disk as it is (archives unopened); an unreadable file is an error."""
    return scan_file_entries(ref, Limits(limits.decode, _NO_ARCHIVES))[0]


#: Never follow a symlink (a tracked link may point anywhere) and never wait on a FIFO.
#: Windows has neither flag: there a symlink is refused by ``lstat`` before the open, and
#: ``O_BINARY`` keeps the bytes as they are.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _open_regular(ref: FileRef) -> tuple[int, int] | FileScan:
    """The file opened for reading (descriptor and size), or why it is skipped or unreadable.

    Checks are made on the open file (``fstat``), so the planner need not ``lstat``
    every file first and nothing can change between the check and the read.
    """
    try:
        if not _NOFOLLOW and stat.S_ISLNK(os.lstat(ref.fspath).st_mode):
            return FileScan(ref.path, 0, skipped=SkipReason.SYMLINK)
        fd = os.open(ref.fspath, _OPEN_FLAGS)
    except FileNotFoundError:
        return FileScan(ref.path, 0, skipped=SkipReason.MISSING)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return FileScan(ref.path, 0, skipped=SkipReason.SYMLINK)
        if exc.errno == errno.ENOTDIR:
            return FileScan(ref.path, 0, skipped=SkipReason.MISSING)
        return FileScan(ref.path, 0, error=f"{ref.path}: cannot read: {exc.strerror or exc}")
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return FileScan(ref.path, 0, skipped=SkipReason.NOT_REGULAR)
    return fd, info.st_size


def scan_file_entries(ref: FileRef, limits: Limits = DEFAULT_LIMITS) -> list[FileScan]:
    """Scan one file on disk; an archive gives one entry per member (``app.apk!a.dex``)."""
    read = _read_file(ref, limits)
    if isinstance(read, bytes):
        return [_whole_file_scan(ref, read, scan_buffer(read, decode=limits.decode))]
    return read


def _read_file(ref: FileRef, limits: Limits) -> bytes | list[FileScan]:
    """The content of a small file that is no archive (the common case: one read call,
    no file object); the entries of any other (an archive's members, a large file read
    in chunks, a skipped or unreadable one)."""
    opened = _open_regular(ref)
    if isinstance(opened, FileScan):
        return [opened]
    fd, size = opened
    try:
        data = _read_whole(fd, size, ref.path, limits)
        if data is not None:
            return data
        with open(fd, "rb", closefd=False) as handle:
            return scan_entries(ref.path, handle, limits, sibling_reader(ref.fspath))
    except OSError as exc:
        return [FileScan(ref.path, 0, error=f"{ref.path}: cannot read: {exc.strerror or exc}")]
    finally:
        os.close(fd)


def _whole_file_scan(ref: FileRef, data: bytes, candidates: tuple[Candidate, ...]) -> FileScan:
    """The entry of a file read whole; its neighbours are looked at only for a key."""
    return named_scan(
        ref.path, data, candidates, sibling_reader(ref.fspath) if candidates else None
    )


def _read_whole(fd: int, size: int, path: str, limits: Limits) -> bytes | None:
    """The content of a small file that is no archive, in one read call; None for any
    other (the descriptor is then back at the start, for the full reader)."""
    if size > WHOLE_READ_LIMIT or archive_kind(path) is not None:
        return None
    data = os.read(fd, size + 1)
    if len(data) <= size and not (limits.archives.enabled and sniff(data)):
        return data
    os.lseek(fd, 0, os.SEEK_SET)  # an archive, or it grew while being read
    return None


def scan_stdin(
    stream: BinaryIO, path: str, limits: Limits = DEFAULT_LIMITS, fspath: str | None = None
) -> list[FileScan]:
    """Scan a non-seekable stream by spooling it (to disk past a few megabytes), as a file
    named ``path`` (an archive gives its members); ``fspath`` is where that file would be
    on disk, for its neighbours (a bundle's source map)."""
    import tempfile

    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
        read = 0
        while chunk := stream.read(STDIN_CHUNK):
            read += len(chunk)
            if read > MAX_STDIN_BYTES:
                raise UnreadableTargetError(
                    f"standard input is larger than {MAX_STDIN_BYTES // 2**30} GiB, the most "
                    "vpkscan reads from it",
                    "save it to a file and scan the file",
                )
            spool.write(chunk)
        spool.seek(0)
        siblings = sibling_reader(fspath) if fspath is not None else None
        return scan_entries(path, spool, limits, siblings)


def scan_blob_entries(
    root: Path,
    blobs: Iterable[BlobRef],
    limits: Limits = DEFAULT_LIMITS,
    rev: str = "",
    contents: Mapping[str, bytes] | None = None,
) -> Iterator[list[FileScan]]:
    """Scan git objects through one long-lived ``git cat-file --batch`` (started only if
    some are not in ``contents``, the objects read already): one list per blob (several
    entries for an archive's members). Their neighbours (a bundle's source map) are read
    as revision ``rev`` holds them (``""``: the index)."""
    from vpkscan.locate.annotate import siblings_in

    read_path = path_reader(root, rev)
    known = contents or {}
    with BlobReader(root) as reader:
        for blob in blobs:
            data = known.get(blob.oid)
            stream = io.BytesIO(reader.read(blob.oid) if data is None else data)
            yield scan_entries(blob.path, stream, limits, siblings_in(read_path, blob.path))


def scan_blobs(
    root: Path,
    blobs: Iterable[BlobRef],
    limits: Limits = DEFAULT_LIMITS,
    rev: str = "",
    contents: Mapping[str, bytes] | None = None,
) -> Iterator[FileScan]:
    """Scan git objects, every entry in a row (``contents``: see ``scan_blob_entries``)."""
    for entries in scan_blob_entries(root, blobs, limits, rev, contents):
        yield from entries


def _worth_a_pool(files: tuple[FileRef, ...]) -> bool:
    known = [ref.size for ref in files if ref.size >= 0]
    if len(known) == len(files):
        return len(files) >= 2 and sum(known) >= PARALLEL_MIN_BYTES
    # Sizes not looked up (tracked files): a pool pays off from a few hundred files.
    return len(files) >= PARALLEL_MIN_FILES


#: A batch as sent to a worker.
Batch = list[FileRef]
#: What a worker sends back: the entries worth a look, the clean files as one
#: NUL-separated string of paths with their number and total size, and the files and
#: bytes of the batch (for progress).
BatchResult = tuple[list[FileScan], str, int, int, tuple[int, int]]


class CleanFiles:
    """Files read without anything to report, kept as counts and packed paths.

    Most files of a scan are clean; carrying them as objects from the workers would
    cost the parent more than reading them costs the workers.
    """

    def __init__(self) -> None:
        self.count = 0
        self.size = 0
        self._packed: list[str] = []

    def add(self, packed: str, count: int, size: int) -> None:
        if count:
            self._packed.append(packed)
            self.count += count
            self.size += size

    def paths(self) -> list[str]:
        return [path for packed in self._packed for path in packed.split("\0")]


def _notable(entry: FileScan) -> bool:
    """Whether an entry carries anything beyond "read, nothing found"."""
    return bool(entry.candidates or entry.error or entry.skipped or entry.notes)


def _scan_batch(batch: Batch, limits: Limits = DEFAULT_LIMITS) -> BatchResult:
    notable: list[FileScan] = []
    clean: list[str] = []
    size = 0
    read = 0
    for ref in batch:
        entries = _read_file(ref, limits)
        if isinstance(entries, bytes):
            # Most files: read whole and without a key, counted without an entry.
            read += len(entries)
            candidates = scan_buffer(entries, decode=limits.decode)
            if candidates:
                notable.append(_whole_file_scan(ref, entries, candidates))
            else:
                clean.append(ref.path)
                size += len(entries)
            continue
        read += entries[0].size if entries else 0
        for entry in entries:
            if _notable(entry):
                notable.append(entry)
            else:
                clean.append(entry.path)
                size += entry.size
    done = (len(batch), read)
    return notable, "\0".join(clean), len(clean), size, done


def _batches(files: tuple[FileRef, ...], jobs: int) -> list[Batch]:
    """Largest first, so that no worker is left alone with a big file at the end; files
    of unknown size (tracked files) in listing order, in batches that shrink as the work
    runs out: large ones while there is plenty (each batch costs a message both ways and
    a pause in the worker), ``UNKNOWN_BATCH_MIN`` files at the end, so that the workers
    finish together."""
    if any(ref.size < 0 for ref in files):
        guided: list[Batch] = []
        start = 0
        while start < len(files):
            left = len(files) - start
            step = min(UNKNOWN_BATCH_MAX, max(UNKNOWN_BATCH_MIN, left // (4 * jobs)))
            guided.append(list(files[start : start + step]))
            start += step
        return guided
    batches: list[Batch] = []
    current: Batch = []
    current_bytes = 0
    for ref in sorted(files, key=lambda ref: ref.size, reverse=True):
        if ref.size >= BATCH_BYTES:
            batches.append([ref])
            continue
        current.append(ref)
        current_bytes += ref.size
        if current_bytes >= BATCH_BYTES or len(current) >= BATCH_FILES:
            batches.append(current)
            current, current_bytes = [], 0
    if current:
        batches.append(current)
    return batches


def scan_files(
    files: tuple[FileRef, ...],
    jobs: int,
    limits: Limits,
    clean: CleanFiles,
    progress: Progress | None = None,
) -> Iterator[FileScan]:
    """Scan files on disk with up to ``jobs`` processes, reporting to ``progress``.

    Files with nothing to report are tallied in ``clean`` instead of being yielded.
    """
    if progress is None:
        yield from _scan_files(files, jobs, limits, clean, None)
        return
    progress.start(len(files), sum(max(ref.size, 0) for ref in files))
    try:
        yield from _scan_files(files, jobs, limits, clean, progress)
    finally:
        progress.finish()


def _scan_files(
    files: tuple[FileRef, ...],
    jobs: int,
    limits: Limits,
    clean: CleanFiles,
    progress: Progress | None,
) -> Iterator[FileScan]:
    if jobs <= 1 or not _worth_a_pool(files):
        for ref in files:
            entries = scan_file_entries(ref, limits)
            for entry in entries:
                if not _notable(entry):
                    clean.add(entry.path, 1, entry.size)
                else:
                    yield entry
            if progress is not None:
                progress.advance(1, entries[0].size if entries else 0)
        return
    from vpkscan.read.start import worker_context

    # Forked on Linux (workers inherit the loaded modules, so they start in milliseconds),
    # spawned elsewhere: the batch function and its arguments are top-level and picklable.
    context = worker_context()
    with context.Pool(processes=jobs, initializer=_ignore_interrupts) as pool:
        work = partial(_scan_batch, limits=limits)
        for notable, packed, count, size, done in pool.imap_unordered(work, _batches(files, jobs)):
            yield from notable
            clean.add(packed, count, size)
            if progress is not None:
                progress.advance(*done)


def _ignore_interrupts() -> None:
    """Ctrl-C is handled once, by the parent, which then stops the pool."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    default_termination()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

"""Reading targets and running the detector on them, in parallel for files on disk.

Files are spread over worker processes (``bytes.find`` holds the GIL, so threads would
not help); small inputs stay in-process, where a pool would cost more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from vpkscan.detect.detector import scan_buffer, scan_stream
from vpkscan.model import FileScan
from vpkscan.targets.git import CatFile
from vpkscan.targets.plan import BlobRef, FileRef

#: Below this much data a pool does not pay for its start-up.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024
#: Small files are sent to workers in batches of about this many bytes.
BATCH_BYTES = 4 * 1024 * 1024
BATCH_FILES = 256


def scan_file(ref: FileRef) -> FileScan:
    """Scan one file on disk; an unreadable file is an error, not a pass."""
    try:
        with open(ref.fspath, "rb") as handle:
            candidates, size = scan_stream(handle)
    except IsADirectoryError:
        return FileScan(ref.path, 0, error=f"{ref.path}: is a directory")
    except OSError as exc:
        return FileScan(ref.path, 0, error=f"{ref.path}: cannot read: {exc.strerror or exc}")
    return FileScan(ref.path, size, candidates)


def scan_stdin(stream: BinaryIO, path: str) -> FileScan:
    """Scan a non-seekable stream by spooling it (to disk past a few megabytes)."""
    import shutil
    import tempfile

    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
        shutil.copyfileobj(stream, spool, 1024 * 1024)
        spool.seek(0)
        candidates, size = scan_stream(spool)  # type: ignore[arg-type]
    return FileScan(path, size, candidates)


def scan_blobs(root: Path, blobs: Iterable[BlobRef]) -> Iterator[FileScan]:
    """Scan git objects through one long-lived ``git cat-file --batch``."""
    with CatFile(root) as reader:
        for blob in blobs:
            data = reader.read(blob.oid)
            yield FileScan(blob.path, len(data), scan_buffer(data))


def _scan_batch(batch: list[FileRef]) -> list[FileScan]:
    return [scan_file(ref) for ref in batch]


def _batches(files: list[FileRef]) -> list[list[FileRef]]:
    """Largest first, so that no worker is left alone with a big file at the end."""
    ordered = sorted(files, key=lambda ref: ref.size, reverse=True)
    batches: list[list[FileRef]] = []
    current: list[FileRef] = []
    current_bytes = 0
    for ref in ordered:
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


def scan_files(files: tuple[FileRef, ...], jobs: int) -> Iterator[FileScan]:
    """Scan files on disk with up to ``jobs`` processes."""
    total = sum(ref.size for ref in files)
    if jobs <= 1 or len(files) < 2 or total < PARALLEL_MIN_BYTES:
        for ref in files:
            yield scan_file(ref)
        return
    import multiprocessing

    # fork: workers inherit the loaded modules, so they start in milliseconds.
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=jobs, initializer=_ignore_interrupts) as pool:
        for results in pool.imap_unordered(_scan_batch, _batches(list(files))):
            yield from results


def _ignore_interrupts() -> None:
    """Ctrl-C is handled once, by the parent, which then stops the pool."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

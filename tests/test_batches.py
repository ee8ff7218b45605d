"""How files are cut into batches for the worker processes."""

from __future__ import annotations

from itertools import pairwise

from vpkscan.read.files import UNKNOWN_BATCH_MAX, UNKNOWN_BATCH_MIN, _batches
from vpkscan.sources.plan import FileRef


def _refs(count: int, size: int = -1) -> tuple[FileRef, ...]:
    return tuple(FileRef(f"f{i}", f"/r/f{i}", size) for i in range(count))


def test_tracked_files_go_once_in_order_in_shrinking_batches() -> None:
    for count, jobs in [(20000, 2), (20000, 8), (401, 2), (5000, 1), (1, 2)]:
        files = _refs(count)
        batches = _batches(files, jobs)
        assert [ref for batch in batches for ref in batch] == list(files)
        sizes = [len(batch) for batch in batches]
        assert all(a >= b for a, b in pairwise(sizes))
        assert max(sizes) <= UNKNOWN_BATCH_MAX
        assert all(size >= UNKNOWN_BATCH_MIN for size in sizes[:-1])
    # Plenty of work: few large batches first; the end in small ones for every worker.
    sizes = [len(batch) for batch in _batches(_refs(20000), 2)]
    assert sizes[0] == UNKNOWN_BATCH_MAX and sizes[-2] == UNKNOWN_BATCH_MIN
    assert len(sizes) < 20000 // 256


def test_files_of_known_size_go_largest_first() -> None:
    files = tuple(FileRef(f"f{i}", f"/r/f{i}", size) for i, size in enumerate([5, 9 << 20, 7]))
    batches = _batches(files, 2)
    assert batches[0] == [files[1]]  # past the batch bytes: alone, first
    assert [ref.size for ref in batches[1]] == [7, 5]

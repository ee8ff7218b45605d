"""Scanning a new version of a file by what changed since the version it derives from.

A lockfile rewritten a hundred times is a hundred blobs that share nearly every byte, and
git stores each as a delta against another (its delta base, which pack order reads just
before). Each reader keeps the last few blobs it found clean; when a blob's delta base is
among them, the two are aligned (slice comparisons and anchor searches, all in C) and
only the bytes around what differs are scanned.

Why that finds every key: the text of a key, plain or encoded, spans at most
``MAX_SPAN`` bytes, and whether the detector reports it depends only on that text, the
byte on each side and whether the input is text (``tests/test_history_memo.py`` holds
the detector to this). A key of the new blob that comes within ``MARGIN`` bytes of a
difference is inside a scanned window; any other lies, with its neighbours, in a run
equal to bytes of the clean base, where the detector would have reported it. When the
windows hold anything, the whole blob is scanned again, so positions and context are
always the detector's own. Only text without NUL bytes takes this path (the detector
decides whether to decode by sniffing the start of its input).
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Iterable

from vpkscan.detect.decode import MAX_SPAN
from vpkscan.detect.detector import scan_buffer
from vpkscan.model import Candidate

#: Smaller blobs are cheaper to scan than to align (source files, mostly).
MIN_BLOB = 256 * 1024
#: Bytes around a difference that are scanned: a key's longest text, and the byte on
#: each side of it.
MARGIN = MAX_SPAN + 2
#: Aligning stops, and the blob is scanned whole, once differences come more often
#: than one per this many bytes (past the first few): then scanning is cheaper.
DENSE_GAPS = 8 * 1024
MIN_GAPS = 4
#: Without its delta base at hand, a blob is compared with the last one kept if their
#: sizes differ by at most one part in this many.
RELATED_SIZE = 4
#: At most this much of clean blobs is kept as possible bases by one reader.
CACHE_BYTES = 12 * 1024 * 1024
#: Equal runs are compared in blocks growing from the first size to the largest.
FIRST_BLOCK = 512
MAX_BLOCK = 64 * 1024
#: After a difference, a run of this many bytes taken ``probe`` bytes ahead is looked for
#: on the other side, up to ``SPREAD * probe + SLACK`` bytes away (how much was inserted
#: or deleted), to find where the two agree again. Near probes are cheap and usually hit.
ANCHOR = 32
PROBES = (64, 256, 1024, 4096, 32768)
SPREAD = 8
SLACK = 2048
#: An alignment is trusted once the two sides agree this far, tried this many times.
MIN_RUN = 256
TRIES = 8


class BaseCache:
    """The clean text blobs a reader saw last, and the scan that uses them as bases."""

    def __init__(
        self, max_bytes: int = CACHE_BYTES, min_blob: int = MIN_BLOB, decode: bool = True
    ) -> None:
        self._decode = decode
        self._blobs: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._max_bytes = max_bytes
        self._min_blob = min_blob
        #: How many blobs still to be read name each blob as their delta base.
        self._pending: Counter[str] = Counter()
        self._last: str | None = None

    def expect(self, bases: Iterable[str | None]) -> None:
        """Blobs about to be read name ``bases``: keep those (and only those) when clean."""
        self._pending.update(base for base in bases if base is not None)

    def scan(self, oid: str, base: str | None, data: bytes) -> tuple[Candidate, ...]:
        """``scan_buffer(data)``, skipping the detector over what ``data`` shares with its
        clean delta base ``base``."""
        previous = self._reference(base, len(data))
        if len(data) < self._min_blob or data.find(b"\0") != -1:
            return scan_buffer(data, self._decode)
        if previous is None:
            candidates = scan_buffer(data, self._decode)
        else:
            windows = changed_windows(data, previous)
            # The separator is neither a word byte nor part of any encoding.
            joined = b"\n".join(data[a:b] for a, b in windows) if windows is not None else b""
            if windows is None or scan_buffer(joined, self._decode):
                candidates = scan_buffer(data, self._decode)
            else:
                candidates = ()
        if not candidates:
            self._keep(oid, data)
        return candidates

    def _reference(self, base: str | None, size: int) -> bytes | None:
        """The clean blob to compare with: the delta base, or else the blob kept last
        when its size is close (in pack order, most often the file's previous version).

        Any clean blob would do for correctness; a close one leaves little to scan.
        """
        if base is not None:
            found = self._blobs.get(base)
            self._pending[base] -= 1
            if self._pending[base] <= 0:
                # Its last delta: nothing else will ask for it.
                del self._pending[base]
                if base != self._last:
                    self._drop(base)
            if found is not None:
                return found
        last = self._blobs.get(self._last) if self._last is not None else None
        if last is None:
            return None
        return last if abs(len(last) - size) * RELATED_SIZE <= size else None

    def _keep(self, oid: str, data: bytes) -> None:
        """Keep a clean blob that later blobs name as their base, and the last one seen
        (the fallback reference); within ``max_bytes``, oldest out first."""
        if self._last is not None and self._last not in self._pending:
            self._drop(self._last)
        self._last = oid
        if len(data) > self._max_bytes // 2:
            return
        self._blobs[oid] = data
        self._bytes += len(data)
        while self._bytes > self._max_bytes:
            self._drop(next(iter(self._blobs)))

    def _drop(self, oid: str) -> None:
        data = self._blobs.pop(oid, None)
        if data is not None:
            self._bytes -= len(data)


def changed_windows(new: bytes, old: bytes) -> list[tuple[int, int]] | None:
    """Spans of ``new`` that may hold a key ``old`` lacks (sorted, disjoint), or None when
    the two differ in too many places for aligning them to pay.

    The edges are always included: what came before or after them in ``old`` is unknown.
    """
    gaps = _gaps(new, old)
    if gaps is None:
        return None
    windows: list[tuple[int, int]] = []
    for start, end in [(0, 0), *gaps, (len(new), len(new))]:
        first, last = max(start - MARGIN, 0), min(end + MARGIN, len(new))
        if windows and first <= windows[-1][1]:
            windows[-1] = (windows[-1][0], last)
        else:
            windows.append((first, last))
    return windows


def _gaps(new: bytes, old: bytes) -> list[tuple[int, int]] | None:
    """Spans of ``new`` not aligned with ``old`` (a junction between two aligned runs is
    an empty span); between them, runs equal to bytes of ``old``. None when differences
    come more often than one per ``DENSE_GAPS`` bytes."""
    gaps: list[tuple[int, int]] = []
    i = j = 0
    while True:
        length = _common(new, i, old, j)
        i, j = i + length, j + length
        if i >= len(new):
            return gaps
        if len(gaps) > MIN_GAPS and len(gaps) * DENSE_GAPS > i:
            return None
        resync = _resync(new, i, old, j)
        if resync is None:
            gaps.append((i, len(new)))
            return gaps
        gaps.append((i, resync[0]))
        i, j = resync


def _common(new: bytes, i: int, old: bytes, j: int) -> int:
    """The length of the equal run at ``new[i:]`` and ``old[j:]``.

    Blocks grow while they are equal; in the first unequal one, the first differing byte
    is where the two blocks, read as big integers, first differ: found in one XOR.
    """
    length = 0
    block = FIRST_BLOCK
    while True:
        a = new[i + length : i + length + block]
        b = old[j + length : j + length + block]
        if a == b and len(a) == block:
            length += block
            block = min(block * 2, MAX_BLOCK)
            continue
        size = min(len(a), len(b))
        # Halve down to a small block holding the first difference, then XOR that.
        while size > FIRST_BLOCK:
            half = size // 2
            if a[:half] != b[:half]:
                size = half
                continue
            length, a, b, size = length + half, a[half:size], b[half:size], size - half
        diff = int.from_bytes(a[:size], "big") ^ int.from_bytes(b[:size], "big")
        return length + (size if diff == 0 else size - (diff.bit_length() + 7) // 8)


def _resync(new: bytes, i: int, old: bytes, j: int) -> tuple[int, int] | None:
    """Where ``new`` and ``old`` agree again after differing at ``i`` and ``j``.

    A run of bytes taken a little ahead on one side is looked for on the other; a match
    counts only if the two then agree for ``MIN_RUN`` bytes, since short runs (``"},\n"``)
    recur everywhere and would align the wrong places.
    """
    for probe in PROBES:
        for ahead_in_old in (True, False):
            source, at = (old, j + probe) if ahead_in_old else (new, i + probe)
            target, start = (new, i) if ahead_in_old else (old, j)
            anchor = source[at : at + ANCHOR]
            if len(anchor) < ANCHOR:
                continue
            limit = start + SPREAD * probe + SLACK
            found = target.find(anchor, start, limit)
            for _ in range(TRIES):
                if found == -1:
                    break
                pair = (found, at) if ahead_in_old else (at, found)
                run = min(MIN_RUN, len(new) - pair[0])
                if new[pair[0] : pair[0] + run] == old[pair[1] : pair[1] + run]:
                    return pair
                found = target.find(anchor, found + 1, limit)
    return None

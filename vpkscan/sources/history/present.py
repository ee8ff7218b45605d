"""Which keys the tree a history-reading scan ends at still holds (SPEC §3, VPK006).

A key found in history keeps its tree rule while any file of the end tree (HEAD for
``--history``; the range's end for ``--range``, ``--since-commit`` and a push) holds
it, in any form the detector reads; otherwise it is VPK006. A history scan has read
every blob of HEAD's tree already. A range scan has read only what the range added, so
the end tree's other files are searched with ``git grep`` for the text that every form
of each key shares (its body, which plain, URL-encoded and escaped forms keep as it is,
and the stable middle of its base64 forms), and the files found are scanned to confirm.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from pathlib import Path

from vpkscan.detect.detector import scan_buffer
from vpkscan.detect.patterns import BODY_LEN
from vpkscan.git.objects import BlobReader
from vpkscan.git.process import completed, decode_path, failure
from vpkscan.read.blobs import BlobScan


def keys_in(oids: Iterable[str], scans: Mapping[str, BlobScan]) -> frozenset[str]:
    """Every key that the blobs ``oids`` hold, as far as ``scans`` (blobs read) know."""
    return frozenset(
        candidate.key for oid in oids if oid in scans for candidate in scans[oid].candidates
    )


def base64_forms(key: str) -> set[str]:
    """Text that the base64 and base64url encodings of ``key`` hold at each of the three
    alignments, whatever comes before and after it."""
    raw = key.encode("ascii")
    forms: set[str] = set()
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + raw).decode("ascii")
        first = -(-pad // 3)  # the first 3-byte group made of key bytes only
        last = (pad + len(raw)) // 3
        stable = encoded[4 * first : 4 * last]
        forms.add(stable)
        forms.add(stable.replace("+", "-").replace("/", "_"))
    return forms


def keys_present(
    root: Path,
    rev: str,
    tree: Mapping[str, str],
    scans: Mapping[str, BlobScan],
    keys: Iterable[str],
    *,
    complete: bool,
    decode: bool = True,
) -> frozenset[str]:
    """Those of ``keys`` that the tree of ``rev`` (``tree``: path to blob) holds.

    ``complete`` says that every blob of the tree was read into ``scans`` already.
    """
    wanted = frozenset(keys)
    known = keys_in(tree.values(), scans) & wanted
    missing = wanted - known
    if complete or not missing:
        return known
    paths = _grep(root, rev, missing)
    oids = sorted({tree[path] for path in paths if path in tree} - set(scans))
    found: set[str] = set()
    with BlobReader(root) as reader:
        for oid in oids:
            found.update(c.key for c in scan_buffer(reader.read(oid), decode))
    return known | (found & missing)


def _grep(root: Path, rev: str, keys: Iterable[str]) -> list[str]:
    """Paths of ``rev``'s tree that may hold one of ``keys``."""
    patterns: set[str] = set()
    for key in keys:
        patterns.add(key[-BODY_LEN:])
        patterns |= base64_forms(key)
    args = ["grep", "-l", "-z", "-F", "--no-color", "--no-textconv"]
    for pattern in sorted(patterns):
        args += ["-e", pattern]
    proc = completed([*args, rev, "--"], root)
    if proc.returncode not in (0, 1):  # 1: nothing matched
        raise failure("git grep (is the key still in the tree?)", proc.stderr, proc.returncode)
    prefix = f"{rev}:"
    return [
        name[len(prefix) :] if name.startswith(prefix) else name
        for name in (decode_path(raw) for raw in proc.stdout.split(b"\0") if raw)
    ]

"""Scanning a blob by what changed since a clean base finds exactly what a full scan finds.

``vpkscan.read.memo`` relies on one property of the detector: whether it reports a key
depends only on the key's text (at most ``MAX_SPAN`` bytes), the byte on each side, and
whether the input is text. The first tests hold the detector to that property with every
encoding it knows; the others check that the base cache gives ``scan_buffer``'s results.
"""

from __future__ import annotations

import base64
import random
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.keys import live_key, test_key
from vpkscan.detect.decode import MAX_SPAN
from vpkscan.detect.detector import scan_buffer
from vpkscan.model import Candidate
from vpkscan.read import memo
from vpkscan.read.memo import MARGIN, BaseCache, changed_windows

SMALL = 2048
WORDS = [b"alpha", b"beta_", b"vpk_client", b"QXJ", b"dnBr", b"==", b"%5F", b"\\u0076", b"&#"]


def encodings(key: str, pad: bytes) -> list[bytes]:
    """The ways a key is written that the detector may know (it reports those it does)."""
    raw = key.encode()
    return [
        raw,
        base64.b64encode(pad + raw + pad[:1]),
        base64.urlsafe_b64encode(pad[:2] + raw).rstrip(b"="),
        urllib.parse.quote(key, safe="").replace("_", "%5F").encode(),
        "".join(f"%{ord(c):02X}" for c in key).encode(),
        key.replace("v", "\\u0076", 1).encode(),
        # Every character escaped: the longest text a key takes.
        "".join(f"\\u{ord(c):04x}" for c in key).encode(),
        key.replace("_", "\\x5f").encode(),
        key.replace("v", "&#118;", 1).encode(),
    ]


def filler(rng: random.Random, size: int) -> bytes:
    out = bytearray()
    while len(out) < size:
        out += rng.choice(WORDS) + rng.choice([b" ", b"\n", b"=", b'"', b"", b"/"])
    return bytes(out[:size])


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    # Decoded bytes next to a key must not be word bytes, or it is no key.
    pad=st.sampled_from([b"\xfb\xff", b"\xff\xfb\xfb", b"::", b"\x00\x01\x02", b"\x80\xfe"]),
)
def test_a_key_is_reported_from_its_neighbourhood_alone(seed: int, pad: bytes) -> None:
    rng = random.Random(seed)
    key = live_key(seed) if seed % 2 else test_key(seed)
    for index, encoded in enumerate(encodings(key, pad)):
        assert len(encoded) <= MAX_SPAN
        data = filler(rng, rng.randrange(0, 600)) + b" " + encoded + b" " + filler(rng, 300)
        found = scan_buffer(data)
        if index < 2:  # plain and base64: the detector knows these, so the test bites
            assert key in {c.key for c in found}
        for candidate in found:
            start = max(0, candidate.offset - MARGIN)
            window = data[start : candidate.offset + MARGIN]
            # Any bytes around the neighbourhood: the key is still reported, at its place.
            framed = filler(rng, 300) + b"\n" + window + b"\n" + filler(rng, 300)
            shift = 301 - start
            assert (candidate.key, candidate.offset + shift) in {
                (c.key, c.offset) for c in scan_buffer(framed)
            }, encoded


def base_text(rng: random.Random) -> bytes:
    return filler(rng, SMALL + rng.randrange(0, 4 * SMALL)).replace(b"\0", b" ")


def edit(rng: random.Random, data: bytes, key: str) -> bytes:
    """A new version: replacements, insertions and deletions, some of them a key."""
    out = bytearray(data)
    for _ in range(rng.randrange(1, 8)):
        at = rng.randrange(0, len(out) + 1)
        roll = rng.random()
        if roll < 0.25:
            piece = rng.choice(encodings(key, b"\xfb\xff"))
            out[at:at] = rng.choice([b"", b"x", b" ", b"\n"]) + piece
        elif roll < 0.5:
            del out[at : at + rng.randrange(1, 200)]
        elif roll < 0.75:
            out[at : at + rng.randrange(0, 50)] = filler(rng, rng.randrange(1, 300))
        else:
            out[at:at] = rng.choice(WORDS)
    return bytes(out)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32))
def test_scanning_against_a_clean_base_equals_a_full_scan(seed: int) -> None:
    rng = random.Random(seed)
    base = base_text(rng)
    cache = BaseCache(min_blob=SMALL)
    assert cache.scan("base", None, base) == scan_buffer(base)
    new = edit(rng, base, live_key(seed))
    assert cache.scan("new", "base", new) == scan_buffer(new)


def test_a_small_edit_is_scanned_around_the_edit_only(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    base = base_text(rng) * 8
    new = base[:6000] + b"changed" + base[6010:]
    cache = BaseCache(min_blob=SMALL)
    cache.scan("base", None, base)
    scanned: list[int] = []

    def counting(data: bytes, decode: bool = True) -> tuple[Candidate, ...]:
        scanned.append(len(data))
        return scan_buffer(data, decode)

    monkeypatch.setattr(memo, "scan_buffer", counting)
    assert cache.scan("new", "base", new) == ()
    assert sum(scanned) < 8 * MARGIN < len(new) // 4


def test_a_base_holding_keys_is_never_used_as_a_reference() -> None:
    rng = random.Random(7)
    key = live_key("in-base")
    dirty = base_text(rng) + f'\nKEY = "{key}"\n'.encode() + base_text(rng)
    cache = BaseCache(min_blob=SMALL)
    assert [c.key for c in cache.scan("dirty", None, dirty)] == [key]
    changed = dirty.replace(b"alpha", b"gamma", 1)
    assert [c.key for c in cache.scan("changed", "dirty", changed)] == [key]


def test_unchanged_blob_needs_only_its_edges_scanned() -> None:
    rng = random.Random(3)
    data = base_text(rng) * 4
    windows = changed_windows(data, data)
    assert windows == [(0, MARGIN), (len(data) - MARGIN, len(data))]


def test_windows_cover_every_difference_with_a_margin() -> None:
    rng = random.Random(11)
    old = base_text(rng) * 3
    new = old[:5000] + b"INSERTED" + old[5000:9000] + old[9100:]
    windows = changed_windows(new, old)
    assert windows is not None
    for position in (5000, 5007, 9008):
        assert any(a <= position - MARGIN and position + MARGIN <= b for a, b in windows)

"""The detector (SPEC §1): key boundaries, modes, context, and the streaming path."""

from __future__ import annotations

import io
import random
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.keys import LIVE, TEST, body, live_key
from tests.keys import test_key as sandbox_key
from tests.test_lines import expected_locations
from vpkscan.detect import detector
from vpkscan.detect.detector import (
    CHUNK_SIZE,
    CONTEXT_AFTER,
    CONTEXT_BEFORE,
    WHOLE_READ_LIMIT,
    scan_buffer,
    scan_stream,
)
from vpkscan.detect.patterns import KEY_LEN
from vpkscan.model import KeyMode
from vpkscan.read.files import scan_file
from vpkscan.sources.plan import FileRef

WORD_CHARS = ["a", "Z", "0", "9", "_"]
NON_WORD = [" ", '"', "'", "=", ":", "/", "-", ".", ",", "(", "\t", "\n", "\r", "\x00", "é", "`"]


def keys_in(data: bytes) -> list[str]:
    return [candidate.key for candidate in scan_buffer(data)]


@pytest.mark.parametrize(("prefix", "mode"), [(LIVE, KeyMode.LIVE), (TEST, KeyMode.TEST)])
def test_both_modes_are_found(prefix: str, mode: KeyMode) -> None:
    key = prefix + body("mode")
    [candidate] = scan_buffer(f"KEY={key}\n".encode())
    assert (candidate.key, candidate.mode, candidate.offset) == (key, mode, 4)


@pytest.mark.parametrize("char", WORD_CHARS)
def test_a_word_character_before_the_key_rejects_it(char: str) -> None:
    key = live_key("word-before")
    assert keys_in(f" {char}{key} ".encode()) == []


@pytest.mark.parametrize("char", WORD_CHARS)
def test_a_word_character_after_the_key_rejects_it(char: str) -> None:
    key = live_key("word-after")
    assert keys_in(f" {key}{char} ".encode()) == []


@pytest.mark.parametrize("char", NON_WORD)
def test_non_word_characters_around_the_key_accept_it(char: str) -> None:
    key = sandbox_key("non-word")
    assert keys_in(f"{char}{key}{char}".encode()) == [key]


@pytest.mark.parametrize("length", [30, 31, 33, 34, 40])
@pytest.mark.parametrize("after", ["", " ", "\n", '"'])
def test_bodies_of_another_length_are_not_keys(length: int, after: str) -> None:
    long_body = (body("length") * 2)[:length]
    assert keys_in(f"x = {LIVE}{long_body}{after}".encode()) == []


@pytest.mark.parametrize(
    "prefix",
    ["VPK_LIVE_", "VPK_TEST_", "Vpk_live_", "vpk_Live_", "vpk_LIVE_", "vpk-live-", "vpk_prod_"],
)
def test_other_prefixes_are_not_keys(prefix: str) -> None:
    assert keys_in(f"x = {prefix}{body('prefix')}\n".encode()) == []


@pytest.mark.parametrize("intruder", ["é", "-", ".", "_", " ", "\x00"])
def test_a_non_alphanumeric_byte_inside_the_body_rejects_it(intruder: str) -> None:
    inner = body("intruder")
    broken = inner[:10] + intruder + inner[11:]
    assert keys_in(f" {LIVE}{broken} ".encode()) == []


def test_key_alone_is_found_from_offset_zero_to_the_end() -> None:
    key = live_key("alone")
    [candidate] = scan_buffer(key.encode())
    assert (candidate.offset, candidate.line, candidate.column) == (0, 1, 1)
    assert (candidate.before, candidate.after) == (b"", b"")


def test_adjacent_keys_separated_by_one_byte() -> None:
    keys = [live_key("adj-1"), sandbox_key("adj-2"), live_key("adj-3")]
    assert keys_in(",".join(keys).encode()) == keys
    assert keys_in("".join(keys).encode()) == []


def test_prefix_repeated_before_a_key_does_not_hide_it() -> None:
    key = live_key("after-junk")
    assert keys_in(f"vpk_ vpk_live vpk_live_ {key}".encode()) == [key]


def test_context_bytes_around_the_key_are_bounded() -> None:
    key = live_key("context")
    data = b"b" * 2000 + b"\n" + key.encode() + b"\n" + b"a" * 2000
    [candidate] = scan_buffer(data)
    assert candidate.before == data[candidate.offset - CONTEXT_BEFORE : candidate.offset]
    assert candidate.after == data[candidate.offset + KEY_LEN :][:CONTEXT_AFTER]


def test_minified_file_on_disk_of_several_megabytes(tmp_path: Path) -> None:
    keys = [live_key(f"disk-{i}") for i in range(4)]
    filler = b"function(a){return a+1};" * 100_000
    data = filler + b'"' + keys[0].encode() + b'"' + filler + b"'" + keys[1].encode() + b"'"
    data += filler + b"=" + keys[2].encode() + b";" + filler + b" " + keys[3].encode()
    path = tmp_path / "bundle.min.js"
    path.write_bytes(data)
    result = scan_file(FileRef("bundle.min.js", str(path), len(data)))
    assert result.error is None and result.size == len(data)
    assert [(c.key, c.line, c.column) for c in result.candidates] == [
        (k, 1, data.index(k.encode()) + 1) for k in keys
    ]


# --- the streaming path (inputs larger than WHOLE_READ_LIMIT) ---------------------------

#: The first read of the streaming path takes this many bytes; chunks follow it.
FIRST_READ = WHOLE_READ_LIMIT + 1
#: ASCII lines with a two-byte character: keys that overwrite it leave an invalid line,
#: so both column rules (code points and bytes) are exercised.
LINE = "caf\u00e9 = 1; ".encode() + b"." * 80 + b"\n"


def plant(base: bytes, positions: Sequence[int], tag: str) -> tuple[bytes, list[str]]:
    """``base`` with a key written at each position and a space on either side."""
    data = bytearray(base)
    keys: list[str] = []
    previous_end = -2
    for i, pos in enumerate(positions):
        assert pos > previous_end + 1, "keys would touch"
        key = live_key(f"{tag}-{i}") if i % 2 == 0 else sandbox_key(f"{tag}-{i}")
        if pos > 0:
            data[pos - 1] = 0x20
        data[pos : pos + KEY_LEN] = key.encode()
        if pos + KEY_LEN < len(data):
            data[pos + KEY_LEN] = 0x20
        keys.append(key)
        previous_end = pos + KEY_LEN
    return bytes(data), keys


def filler(size: int) -> bytes:
    return (LINE * (size // len(LINE) + 1))[:size]


def check_stream(data: bytes, positions: Sequence[int], keys: list[str], chunk_size: int) -> None:
    """The streaming path finds exactly the planted keys, where ``scan_buffer`` does."""
    streamed, size = scan_stream(io.BytesIO(data), chunk_size=chunk_size)
    assert size == len(data)
    assert [(c.offset, c.key) for c in streamed] == list(zip(positions, keys, strict=True))
    assert streamed == scan_buffer(data)
    expected = expected_locations(data, list(positions))
    assert [(c.line, c.column) for c in streamed] == expected


@pytest.mark.parametrize("chunk_size", [64, 97, 300, 1024])
def test_keys_at_every_offset_around_chunk_boundaries(chunk_size: int) -> None:
    # Chunk k ends at FIRST_READ + k * chunk_size. Key j sits at offset d_j from the end
    # of its own chunk, d_j sweeping every value from before the look-ahead margin (a key
    # and its after-context) to past the boundary.
    offsets = range(-(KEY_LEN + CONTEXT_AFTER + 8), 9)
    stride = -(-(KEY_LEN + 2) // chunk_size)  # whole chunks between neighbouring keys
    positions = [FIRST_READ + j * stride * chunk_size + d for j, d in enumerate(offsets)]
    data, keys = plant(filler(positions[-1] + 5000), positions, f"sweep-{chunk_size}")
    check_stream(data, positions, keys, chunk_size)


def _sweep_first_read(first_read: int, phases: range) -> None:
    # One such boundary per input, so one input per phase; in each, keys are KEY_LEN + 2
    # apart, and together the phases put a key at every offset around the boundary.
    base = filler(first_read + 3000)
    for phase in phases:
        start = -(KEY_LEN + CONTEXT_AFTER + 8) + phase
        positions = [first_read + d for d in range(start, 9, KEY_LEN + 2)]
        data, keys = plant(base, positions, f"first-{phase}")
        check_stream(data, positions, keys, 1 << 20)


def test_keys_around_the_first_read() -> None:
    _sweep_first_read(FIRST_READ, range(0, KEY_LEN + 2, 7))


def test_keys_at_every_offset_around_a_smaller_first_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The same sweep at every phase, with a whole-read limit small enough to be quick.
    monkeypatch.setattr(detector, "WHOLE_READ_LIMIT", 4096)
    _sweep_first_read(4097, range(KEY_LEN + 2))


@pytest.mark.parametrize("extra", [0, 1, KEY_LEN])
def test_key_at_the_end_of_an_input_just_over_the_limit(extra: int) -> None:
    size = FIRST_READ + extra
    position = size - KEY_LEN
    data, keys = plant(filler(size), [position], f"end-{extra}")
    check_stream(data, [position], keys, 4096)


def test_input_of_exactly_the_limit_is_read_whole() -> None:
    data, keys = plant(filler(WHOLE_READ_LIMIT), [WHOLE_READ_LIMIT - KEY_LEN], "exact")
    check_stream(data, [WHOLE_READ_LIMIT - KEY_LEN], keys, 64)


@pytest.mark.parametrize("newline", [b"", b"\n", b"\r\n"])
def test_long_utf8_lines_over_the_limit_count_code_points(newline: bytes) -> None:
    # A multi-megabyte line of two- and three-byte characters crossing many chunks: the
    # column of a key deep inside counts characters, as scan_buffer does.
    unit = "é→ab ".encode()
    pieces: list[bytes] = []
    keys: list[str] = []
    for i in range(5):
        pieces.append(unit * 300_000 + (newline if i == 2 else b""))
        keys.append(live_key(f"long-line-{i}"))
        pieces.append(keys[-1].encode() + b" ")
    data = b"".join(pieces)
    assert len(data) > FIRST_READ
    positions = [data.index(k.encode()) for k in keys]
    check_stream(data, positions, keys, 1 << 16)
    # The column really counts characters: far fewer than the byte offset.
    last = scan_buffer(data)[-1]
    assert last.column < positions[-1] - data.rfind(b"\n", 0, positions[-1])


def test_streaming_agrees_with_the_buffer_on_random_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    # A small whole-read limit sends small inputs down the streaming path, so that many
    # layouts and chunk sizes (down to one byte) can be compared quickly.
    monkeypatch.setattr(detector, "WHOLE_READ_LIMIT", 2048)
    rng = random.Random(99)
    for trial in range(150):
        data = bytearray()
        positions: list[int] = []
        for i in range(rng.randrange(0, 6)):
            data += rng.choice([rng.randbytes(rng.randrange(2000)), filler(rng.randrange(2000))])
            data += rng.choice([b" ", b"\n", b"\r\n", b"\xff", b"\xc3\xa9"])
            positions.append(len(data))
            data += live_key(f"rand-{trial}-{i}").encode()
            data += rng.choice([b" ", b"\n", b"\xe2\x86\x92", b"\x00"])
        data += rng.randbytes(rng.randrange(0, 1500))
        chunk_size = rng.choice([1, 2, 7, 31, 64, 333, 4096])
        streamed, size = scan_stream(io.BytesIO(bytes(data)), chunk_size=chunk_size)
        assert size == len(data)
        assert [c.offset for c in streamed] == positions, (trial, chunk_size)
        assert streamed == scan_buffer(bytes(data)), (trial, chunk_size)


# --- bounded memory ------------------------------------------------------------------------


def _write_big_file(path: Path, megabytes: int) -> list[tuple[str, int, int]]:
    """A file of ASCII lines with a key every 8 MiB; returns (key, line, column)."""
    line = b"x" * 63 + b"\n"
    lines_per_block = (1 << 20) // len(line)
    planted: list[tuple[str, int, int]] = []
    with path.open("wb") as handle:
        for block in range(megabytes):
            data = line * lines_per_block
            if block % 8 == 5:
                key = live_key(f"big-{block}")
                row = 100
                text = b"KEY = '" + key.encode() + b"'"
                at = row * len(line)
                data = data[:at] + text + data[at + len(text) :]
                planted.append((key, block * lines_per_block + row + 1, 8))
            handle.write(data)
    return planted


def _peak_while_streaming(path: Path) -> tuple[int, list[tuple[str, int, int]]]:
    tracemalloc.start()
    try:
        with path.open("rb") as handle:
            candidates, _ = scan_stream(handle)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, [(c.key, c.line, c.column) for c in candidates]


def test_memory_does_not_grow_with_the_size_of_the_input(tmp_path: Path) -> None:
    small, large = tmp_path / "32.bin", tmp_path / "64.bin"
    planted_small = _write_big_file(small, 32)
    planted_large = _write_big_file(large, 64)
    peak_small, found_small = _peak_while_streaming(small)
    small.unlink()
    peak_large, found_large = _peak_while_streaming(large)
    assert found_small == planted_small
    assert found_large == planted_large
    bound = 3 * (WHOLE_READ_LIMIT + CHUNK_SIZE)
    assert peak_large < bound, f"peak {peak_large / 2**20:.1f} MiB"
    # Twice the input, roughly the same peak.
    assert peak_large < peak_small * 1.2 + (1 << 20), (peak_small, peak_large)

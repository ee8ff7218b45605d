"""Exact 1-based line and column (SPEC §4): code points on UTF-8 lines, bytes otherwise."""

from __future__ import annotations

import io
import random

import pytest

from tests.keys import live_key
from tests.keys import test_key as sandbox_key
from vpkscan.detect.detector import scan_buffer, scan_stream
from vpkscan.detect.lines import BufferLocator, locate_in_stream


def expected_locations(data: bytes, positions: list[int]) -> list[tuple[int, int]]:
    """Line and column of rising ``positions``, computed the plain way: decode the line."""
    results: list[tuple[int, int]] = []
    line, counted = 1, 0
    for pos in positions:
        line += data.count(b"\n", counted, pos)
        counted = pos
        start = data.rfind(b"\n", 0, pos) + 1
        end = data.find(b"\n", pos)
        end = len(data) if end == -1 else end
        try:
            data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            results.append((line, pos - start + 1))
        else:
            results.append((line, len(data[start:pos].decode("utf-8")) + 1))
    return results


def locations(data: bytes) -> list[tuple[str, int, int]]:
    return [(c.key, c.line, c.column) for c in scan_buffer(data)]


def test_key_at_offset_zero_without_newline() -> None:
    key = live_key("offset-zero")
    assert locations(key.encode()) == [(key, 1, 1)]


def test_key_at_the_very_end_without_newline() -> None:
    key = sandbox_key("at-end")
    data = b"first line\nsecond = " + key.encode()
    assert locations(data) == [(key, 2, 10)]


def test_crlf_lines() -> None:
    key = live_key("crlf")
    data = b"# settings\r\n\r\nAPI_KEY=" + key.encode() + b"\r\nOTHER=1\r\n"
    assert locations(data) == [(key, 3, 9)]


def test_key_right_after_a_newline_and_right_before_crlf() -> None:
    first, second = live_key("nl-1"), live_key("nl-2")
    data = b"a\n" + first.encode() + b"\r\n" + second.encode()
    assert locations(data) == [(first, 2, 1), (second, 3, 1)]


@pytest.mark.parametrize(
    "before",
    ["café = ", "ключ: ", "鍵 = '", "🚀🚀 -> ", "naïve — résumé «", "e\u0301 = "],
    ids=["latin1", "cyrillic", "cjk", "emoji", "mixed", "combining"],
)
def test_multibyte_utf8_before_the_key_counts_code_points(before: str) -> None:
    key = live_key(f"utf8-{before}")
    data = f"line one é\n{before}{key}' ✓\n".encode()
    assert locations(data) == [(key, 2, len(before) + 1)]


def test_non_utf8_line_counts_bytes() -> None:
    key = live_key("latin1")
    before = "café = ".encode("latin-1")
    data = b"ok\n" + before + key.encode() + b"\n"
    assert locations(data) == [(key, 2, len(before) + 1)]


def test_invalid_byte_after_the_key_makes_the_whole_line_count_bytes() -> None:
    key = sandbox_key("invalid-after")
    before = "é = ".encode()
    data = before + key.encode() + b" \xff\n"
    assert locations(data) == [(key, 1, len(before) + 1)]


def test_invalid_neighbour_lines_do_not_change_a_valid_line() -> None:
    key = live_key("valid-between")
    data = b"\xff\xfe\n" + "é=".encode() + key.encode() + b"\n\xc3\n"
    assert locations(data) == [(key, 2, 3)]


def test_several_keys_on_one_line() -> None:
    keys = [live_key(f"same-line-{i}") for i in range(3)]
    text = f"[ '{keys[0]}', 'é', '{keys[1]}', \"{keys[2]}\" ]"
    data = text.encode()
    expected = [(k, 1, text.index(k) + 1) for k in keys]
    assert locations(data) == expected


def test_minified_one_line_file_of_several_megabytes() -> None:
    rng = random.Random(7)
    block = "".join(rng.choices("abcdef(){};=é→ ", k=10_000))
    pieces: list[str] = []
    keys: list[str] = []
    for i in range(6):
        pieces.append(block * rng.randrange(80, 100))
        keys.append(live_key(f"minified-{i}") if i % 2 else sandbox_key(f"minified-{i}"))
        pieces.append(f' "{keys[-1]}" ')
    text = "".join(pieces)
    data = text.encode()
    assert len(data) > 5_000_000 and b"\n" not in data
    assert locations(data) == [(k, 1, text.index(k) + 1) for k in keys]


def test_keys_inside_binary_data() -> None:
    rng = random.Random(11)
    data = bytearray()
    planted: list[tuple[int, str]] = []
    for i in range(40):
        data += rng.randbytes(rng.randrange(0, 3000))
        data += bytes([rng.choice(b"\x00\xff\n\r\t =\"'")])
        key = live_key(f"binary-{i}")
        planted.append((len(data), key))
        data += key.encode() + bytes([rng.choice(b"\x00\x80\xfe\n ;")])
    found = scan_buffer(bytes(data))
    assert [(c.offset, c.key) for c in found] == planted
    expected = expected_locations(bytes(data), [pos for pos, _ in planted])
    assert [(c.line, c.column) for c in found] == expected


def test_stream_and_buffer_agree_on_small_inputs() -> None:
    key = live_key("small-stream")
    data = "x\r\né → ".encode() + key.encode() + b"\n"
    candidates, size = scan_stream(io.BytesIO(data))
    assert size == len(data)
    assert candidates == scan_buffer(data)
    assert [(c.line, c.column) for c in candidates] == [(2, 5)]


#: Lines of every kind: ASCII, UTF-8 of 2-4 bytes, invalid, CRLF, empty, no final newline.
MIXED = (
    b"plain ascii line\n"
    + "é and ü and ß\r\n".encode()
    + b"\n"
    + b"caf\xe9 latin-1 here\n"
    + "鍵と🚀 mixed\n".encode()
    + b"\xc3 truncated start\n"
    + "last → line".encode()
)


def _char_starts(data: bytes) -> list[int]:
    return [i for i, byte in enumerate(data) if not 0x80 <= byte <= 0xBF]


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 5, 7, 16, 64, 4096])
def test_locate_in_stream_matches_the_plain_computation(chunk_size: int) -> None:
    offsets = _char_starts(MIXED)
    got = locate_in_stream(io.BytesIO(MIXED), offsets, chunk_size)
    assert got == expected_locations(MIXED, offsets)


def test_buffer_locator_matches_the_plain_computation() -> None:
    locator = BufferLocator(MIXED)
    offsets = _char_starts(MIXED)
    assert [locator.locate(pos) for pos in offsets] == expected_locations(MIXED, offsets)


@pytest.mark.parametrize("piece", [1, 2, 3, 5, 7, 1 << 20])
def test_long_lines_checked_in_pieces_give_the_plain_computation(
    piece: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A line longer than a piece is checked piece by piece; a character may straddle two.
    monkeypatch.setattr("vpkscan.detect.lines._PIECE", piece)
    rnd = random.Random(piece)
    for _ in range(200):
        chars = [rnd.choice(["a", "é", "→", "日", "😀", "\n", "b"]) for _ in range(30)]
        data = bytearray("".join(chars).encode())
        if rnd.random() < 0.5:
            data[rnd.randrange(len(data))] = rnd.choice([0x80, 0xC3, 0xE2, 0xF0, 0xFF])
        offsets = _char_starts(bytes(data))
        locator = BufferLocator(bytes(data))
        got = [locator.locate(pos) for pos in offsets]
        assert got == expected_locations(bytes(data), offsets)

"""Base64 keys among letters that the base64 search uses as rare bytes: however often those
letters come (the search changes method once they are not rare), every key is found at
its place."""

from __future__ import annotations

import base64

import pytest

from tests.keys import live_key, test_key
from vpkscan.detect.detector import scan_buffer

RARE = "XGZQJ"


def filler(letters: str, every: int, lines: int) -> str:
    """``lines`` lines of ``every`` bytes, each ending in the next of ``letters``."""
    return "".join("a" * (every - 2) + letters[i % len(letters)] + "\n" for i in range(lines))


@pytest.mark.parametrize("letters", [RARE, "X", "G", "Z", "Q", "J"])
@pytest.mark.parametrize("every", [8, 40, 150, 300, 2000])
def test_encoded_keys_after_rare_letters_at_any_density(letters: str, every: int) -> None:
    keys = [live_key(f"dense-{prefix}") for prefix in range(3)] + [test_key("dense")]
    text = filler(letters, every, 400)
    expected = []
    for prefix, key in enumerate(keys):
        raw = b"\xfb\xff:"[: prefix % 3] + key.encode()
        encoded = base64.b64encode(raw).decode()
        line = text.count("\n") + 1
        text += f"k: {encoded}\n" + filler(letters, every, 300)
        column = len("k: ") + (prefix % 3) // 3 * 4 + prefix % 3 + 1
        expected.append((key, line, column, "base64"))
    found = [(c.key, c.line, c.column, c.encoding) for c in scan_buffer(text.encode())]
    assert found == expected

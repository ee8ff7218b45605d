"""Properties: every valid key in arbitrary bytes is found where it is; no output leaks it."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from unittest import mock

from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.keys import ALPHABET, LIVE, TEST
from tests.test_lines import expected_locations
from vpkscan.cli.app import cli
from vpkscan.detect import detector
from vpkscan.detect.detector import scan_buffer, scan_stream
from vpkscan.detect.placeholders import placeholder_reason

WORD_BYTES = frozenset(ALPHABET.encode() + b"_")

bodies = st.text(alphabet=ALPHABET, min_size=32, max_size=32).filter(
    lambda body: placeholder_reason(body) is None
)
prefixes = st.sampled_from([LIVE, TEST])
#: A byte that may touch a key: anything but ``[A-Za-z0-9_]``.
separators = st.integers(0, 255).filter(lambda b: b not in WORD_BYTES).map(lambda b: bytes([b]))
#: Arbitrary surroundings: raw bytes, UTF-8 text (multi-byte characters), or line-heavy text.
surroundings = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from(["\n", "\r\n", "é", "→", "🚀", "x", " ", "="]), max_size=60).map(
        lambda parts: "".join(parts).encode()
    ),
)


@settings(max_examples=200, deadline=None)
@given(
    prefix=prefixes,
    body=bodies,
    head=surroundings,
    tail=surroundings,
    left=st.one_of(st.just(b""), separators),
    right=st.one_of(st.just(b""), separators),
)
def test_any_valid_key_in_arbitrary_bytes_is_found_at_its_place(
    prefix: str, body: str, head: bytes, tail: bytes, left: bytes, right: bytes
) -> None:
    key = prefix + body
    # The key must not be glued to a word byte; an empty side is a boundary only at the
    # very start or end of the data.
    if not left and head:
        left = b" "
    if not right and tail:
        right = b" "
    data = head + left + key.encode() + right + tail
    offset = len(head) + len(left)
    expected = (key, offset, *expected_locations(data, [offset])[0])
    found = [(c.key, c.offset, c.line, c.column) for c in scan_buffer(data)]
    assert expected in found
    streamed, size = scan_stream(io.BytesIO(data))
    assert size == len(data) and streamed == scan_buffer(data)


@settings(max_examples=200, deadline=None)
@given(body=bodies, head=st.binary(max_size=2000), tail=st.binary(max_size=2000))
def test_streaming_finds_the_key_wherever_the_chunks_fall(
    body: str, head: bytes, tail: bytes
) -> None:
    key = LIVE + body
    data = head + b"\n" + key.encode() + b"\x00" + tail
    # A small whole-read limit (still above the overlap the chunks keep) and small chunks
    # put chunk boundaries all around the key.
    with mock.patch.object(detector, "WHOLE_READ_LIMIT", 1024):
        for chunk_size in (7, 64):
            streamed, _ = scan_stream(io.BytesIO(data), chunk_size=chunk_size)
            assert streamed == scan_buffer(data)
    offset = len(head) + 1
    assert (key, offset) in [(c.key, c.offset) for c in streamed]


# --- no output contains a key body unless --show-secrets -----------------------------------

lines_around = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=120,
)


def _invoke(args: list[str], data: bytes, outside: str = "/") -> tuple[str, str]:
    # GIT_CEILING_DIRECTORIES: a temporary folder is never taken for part of a repository.
    env = {"GIT_CEILING_DIRECTORIES": outside}
    result = CliRunner().invoke(cli, args, input=data, env=env, catch_exceptions=False)
    return result.stdout, result.stderr


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=prefixes,
    body=bodies,
    before=lines_around,
    after=lines_around,
    name=st.sampled_from(["-", ".env", "app/page.tsx", "server.py", "android/app/Key.kt"]),
    fmt=st.sampled_from(["text", "json"]),
)
def test_no_output_contains_a_key_body(
    prefix: str, body: str, before: str, after: str, name: str, fmt: str
) -> None:
    key = prefix + body
    assume(body[4:] not in before + after)
    data = f"{before} {key} {after}".encode()
    args = ["scan", "-", "--stdin-filename", name, "--format", fmt]
    stdout, stderr = _invoke(args, data)
    assert stdout, stderr
    assert body[4:] not in stdout + stderr
    if fmt == "json":
        assert [f["redacted"] for f in json.loads(stdout)["findings"]][:1] == [key[:13] + "…"]
    shown, _ = _invoke([*args, "--show-secrets"], data)
    assert key in shown


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=bodies,
    content=st.lists(lines_around, min_size=1, max_size=5),
    fmt=st.sampled_from(["text", "json"]),
)
def test_no_output_of_a_directory_scan_contains_a_key_body(
    body: str, content: list[str], fmt: str
) -> None:
    key = LIVE + body
    assume(all(body[4:] not in line for line in content))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "config.py").write_text("\n".join([*content, f"KEY = '{key}'"]), "utf-8")
        (root / ".env").write_text(f"VIBEPEAK_API_KEY={key}\n# {content[0]}\n", "utf-8")
        stdout, stderr = _invoke(["scan", str(root), "--format", fmt], b"", str(root.parent))
    assert stdout.count("config.py") >= 1 and stdout.count(".env") >= 1
    assert body[4:] not in stdout + stderr

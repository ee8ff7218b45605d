"""Encoded keys: base64 (both alphabets, any alignment, padded or not), URL-encoding,
JSON/JavaScript escapes and HTML entities, found at the place of the encoded text."""

from __future__ import annotations

import base64
import io
import json

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import LIVE, body, fingerprint, live_key, test_key
from vpkscan.detect import detector
from vpkscan.detect.decode.b64 import LITERALS
from vpkscan.detect.decode.mask import mask_encoded
from vpkscan.detect.detector import scan_buffer, scan_stream

KEY = live_key("decode")


def found(data: bytes) -> list[tuple[str, int, int, str | None]]:
    return [(c.key, c.line, c.column, c.encoding) for c in scan_buffer(data)]


def b64(raw: bytes, url_safe: bool = False, padded: bool = True) -> str:
    text = (base64.urlsafe_b64encode(raw) if url_safe else base64.b64encode(raw)).decode()
    return text if padded else text.rstrip("=")


def key_start_char(prefix_len: int) -> int:
    """Index, in the base64 text of ``prefix + key``, of the first character with key bits."""
    return prefix_len // 3 * 4 + prefix_len % 3


@pytest.mark.parametrize("prefix_len", range(7))
@pytest.mark.parametrize("suffix_len", range(4))
@pytest.mark.parametrize("url_safe", [False, True])
@pytest.mark.parametrize("padded", [False, True])
def test_base64_at_every_alignment(
    prefix_len: int, suffix_len: int, url_safe: bool, padded: bool
) -> None:
    # 0xfb/0xff bytes make '+/' (or '-_') characters appear around the key.
    raw = b"\xfb\xff:"[:prefix_len] * 3
    raw = raw[:prefix_len] + KEY.encode() + b"\xff\xfb"[:suffix_len]
    encoded = b64(raw, url_safe, padded)
    line = "x: é " + encoded
    [(key, line_no, column, encoding)] = found(f"head\n{line}\n".encode())
    assert key == KEY
    assert line_no == 2
    assert column == len("x: é ") + key_start_char(prefix_len) + 1
    alphabet_shows = url_safe and any(c in encoded for c in "-_")
    assert encoding == ("base64url" if alphabet_shows else "base64")


def test_the_literals_are_the_same_in_both_alphabets() -> None:
    for literal in LITERALS:
        text = literal.text.decode()
        assert text.isalnum(), text
    assert len(LITERALS) == 6


def test_kubernetes_secret_data() -> None:
    secret = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: vibepeak\ntype: Opaque\ndata:\n"
        f"  api-key: {b64(KEY.encode())}\n"
    )
    assert found(secret.encode()) == [(KEY, 7, 12, "base64")]


def test_key_inside_a_dockerconfigjson_run() -> None:
    config = {"auths": {"registry.example.invalid": {"username": "ci", "password": KEY}}}
    outer = b64(json.dumps(config).encode())
    data = f"data:\n  .dockerconfigjson: {outer}\n".encode()
    [(key, line, column, encoding)] = found(data)
    assert (key, line, encoding) == (KEY, 2, "base64")
    offset = json.dumps(config).index(KEY)
    assert column == len("  .dockerconfigjson: ") + key_start_char(offset) + 1


def test_basic_auth_header_and_docker_auth_field() -> None:
    header = f"Authorization: Basic {b64(('ci:' + KEY).encode())}\n"
    docker = json.dumps({"auths": {"r.example.invalid": {"auth": b64(("u:" + KEY).encode())}}})
    assert [k for k, *_ in found(header.encode())] == [KEY]
    assert [k for k, *_ in found(docker.encode())] == [KEY]


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda k: k.replace("_", "%5F"), "url"),
        (lambda k: k.replace("_", "%5f"), "url"),
        (lambda k: k.replace("_", "%5F", 1), "url"),
        (lambda k: k[:8] + "%5F" + k[9:], "url"),
        (lambda k: k.replace("_", "%255F"), "url"),
        (lambda k: k.replace("_", "\\u005f", 1).replace("_", "\\x5f"), "escape"),
        (lambda k: k.replace("_", "\\u005f"), "escape"),
        (lambda k: k.replace("_", "\\u005F"), "escape"),
        (lambda k: k.replace("_", "\\x5f"), "escape"),
        (lambda k: k.replace("_", "&#95;"), "html"),
        (lambda k: k.replace("_", "&#x5F;"), "html"),
        (lambda k: k.replace("_", "&lowbar;"), "html"),
        (lambda k: k.replace("_", "&amp;#95;"), "html"),
    ],
)
def test_escaped_forms(encode: object, encoding: str) -> None:
    text = encode(KEY)  # type: ignore[operator]
    data = f'line one\n  "token": "{text}", → rest\n'.encode()
    assert found(data) == [(KEY, 2, len('  "token": "') + 1, encoding)]


def test_escaped_key_boundaries_are_checked() -> None:
    assert found(("x" + KEY.replace("_", "%5F")).encode()) == []
    assert found((KEY.replace("_", "%5F") + "7").encode()) == []
    assert found(KEY.replace("_", "%5F")[:-1].encode()) == []


def test_base64_boundaries_are_checked() -> None:
    assert found(b64(("x" + KEY).encode()).encode()) == []
    assert found(b64((KEY + "_").encode()).encode()) == []
    assert found(b64(KEY.encode()).encode()) != []


@pytest.mark.parametrize("placeholder", ["x" * 32, "aBcDeFgHiJkLmNoPqRsTuVwXyZ123456"])
def test_placeholders_stay_placeholders_when_encoded(placeholder: str) -> None:
    key = LIVE + placeholder
    data = f"a: {b64(key.encode())}\nb: {key.replace('_', '%5F')}\n".encode()
    assert found(data) == []


def test_truncated_base64_gives_nothing() -> None:
    encoded = b64(KEY.encode(), padded=False)
    for cut in range(1, len(encoded)):
        assert found(f"k: {encoded[:cut]}\n".encode()) == [], cut


def test_invalid_utf8_around_a_decoded_key() -> None:
    raw = b"\xff\xfe\xc3" + KEY.encode() + b"\xff\x80"
    assert [k for k, *_ in found(f"v={b64(raw)}\n".encode())] == [KEY]


def test_hostile_input_is_bounded_and_quiet() -> None:
    literal_soup = b" ".join(literal.text * 50 for literal in LITERALS) * 200
    escapes = (b"vpk%" + b"25" * 5000) + b" vpk\\u00" + b"vpk&#" * 10000 + b"vpk&lowbar;" * 3000
    assert found(literal_soup + escapes + b"vpk%5Flive%5F" * 1000) == []


def test_binary_content_is_not_decoded() -> None:
    data = b"\0\x01\x02 " + b64(KEY.encode()).encode() + b" " + KEY.encode() + b"\0"
    assert [(k, e) for k, _, _, e in found(data)] == [(KEY, None)]


def test_decode_can_be_turned_off() -> None:
    data = f"a: {b64(KEY.encode())}\nb: {KEY}\n".encode()
    assert [c.encoding for c in scan_buffer(data, decode=False)] == [None]
    assert [c.encoding for c in scan_buffer(data)] == ["base64", None]


@pytest.mark.parametrize("chunk", [700, 1024, 4099])
def test_streaming_finds_encoded_keys_across_chunk_boundaries(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(detector, "WHOLE_READ_LIMIT", 2000)
    pieces = []
    for index in range(60):
        key = (live_key if index % 2 else test_key)(index)
        forms = [b64(key.encode()), key.replace("_", "%5F"), key.replace("_", "\\u005f")]
        pieces.append("é" * (index * 7 % 50) + forms[index % 3] + "\n" + "w " * (index * 13))
    data = "".join(pieces).encode()
    streamed, size = scan_stream(io.BytesIO(data), chunk_size=chunk)
    assert size == len(data)
    assert streamed == scan_buffer(data)
    assert len(streamed) == 60


def test_mask_hides_every_encoded_key() -> None:
    other = test_key("masked")
    text = f"a {b64(other.encode())} b {other.replace('_', '%5F')} c {b64(other.encode())[:20]}"
    masked = mask_encoded(text)
    assert body("masked")[:5] not in masked
    assert b64(other.encode())[:20] not in masked
    assert mask_encoded(text, show_secrets=True) == text


def test_cli_reports_an_encoded_key_where_it_is_written(repo: Repo) -> None:
    other = test_key("neighbour")
    repo.write(
        "k8s/secret.yaml",
        f"kind: Secret\ndata:\n  key: {b64(KEY.encode())} # {b64(other.encode())}\n",
    )
    repo.add()
    run = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert run.returncode == 1, run.stderr
    findings = run.json()["findings"]
    assert [(f["path"], f["line"], f["column"], f["encoding"]) for f in findings] == [
        ("k8s/secret.yaml", 3, 8, "base64"),
        ("k8s/secret.yaml", 3, 8 + len(b64(KEY.encode())) + 3, "base64"),
    ]
    assert findings[0]["fingerprint"] == fingerprint(KEY)
    text = run_vpkscan("scan", "--color", "never", cwd=repo.path)
    assert "encoded: base64" in text.stdout
    for secret in (body("decode"), body("neighbour"), b64(other.encode())[8:30]):
        assert secret not in text.stdout
    off = run_vpkscan("scan", "--no-decode", "--format", "json", cwd=repo.path)
    assert off.returncode == 0, off.stderr
    assert off.json()["findings"] == []

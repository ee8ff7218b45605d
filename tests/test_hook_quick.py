"""The hook's clean-commit fast path: it may only ever pass what the full scan passes."""

from __future__ import annotations

import base64
import io
import urllib.parse
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import Repo, run_vpkscan
from tests.keys import ALPHABET, LIVE, TEST, live_key
from vpkscan.detect.decode import b64, search
from vpkscan.detect.detector import scan_buffer
from vpkscan.detect.placeholders import placeholder_reason
from vpkscan.detect.prefilter import BASE64_LITERALS, CANDIDATE, might_hold_key


def test_prefilter_uses_the_detectors_own_patterns() -> None:
    assert search._CANDIDATE is CANDIDATE
    assert tuple(literal.text for literal in b64.LITERALS) == BASE64_LITERALS


def _encodings(key: str) -> list[bytes]:
    raw = key.encode()
    return [
        raw,
        urllib.parse.quote(key, safe="").replace("_", "%5F").encode(),
        key.replace("_", "\\u005f").encode(),
        key.replace("_", "\\x5f").encode(),
        key.replace("_", "&#95;").encode(),
        base64.b64encode(b"user:" + raw),
        base64.b64encode(b"xy" + raw + b"\n"),
        base64.urlsafe_b64encode(b"z" + raw).rstrip(b"="),
    ]


bodies = st.text(alphabet=ALPHABET, min_size=32, max_size=32).filter(
    lambda body: placeholder_reason(body) is None
)


@settings(max_examples=150, deadline=None)
@given(
    body=bodies,
    live=st.booleans(),
    form=st.integers(min_value=0, max_value=7),
    before=st.binary(max_size=64),
    after=st.binary(max_size=64),
)
def test_whatever_the_detector_finds_passes_the_prefilter(
    body: str, live: bool, form: int, before: bytes, after: bytes
) -> None:
    key = (LIVE if live else TEST) + body
    data = before + b" " + _encodings(key)[form] + b" " + after
    if scan_buffer(data):
        assert might_hold_key(data)


def test_clean_bytes_do_not_pass() -> None:
    assert not might_hold_key(b"import os\nKEY = os.environ['VIBEPEAK_API_KEY']\nvpk_client()\n")


#: The clean commit each hook run starts from.
BASE = {"app/views.py": "def index():\n    return 'ok'\n"}


def test_encoded_and_archived_keys_still_block_the_commit(repo: Repo) -> None:
    repo.commit_files(BASE, "base")
    key = live_key("quick-encoded")
    secret = base64.b64encode(f"VIBEPEAK_API_KEY={key}".encode()).decode()
    repo.write("deploy/secret.yaml", f"data:\n  env: {secret}\n")
    repo.add()
    result = run_vpkscan("hook", "deploy/secret.yaml", cwd=repo.path)
    assert result.returncode == 1 and "deploy/secret.yaml:2" in result.stdout
    repo.git("reset", "-q")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("assets/config.json", f'{{"key": "{key}"}}')
    repo.write("release/app.apk", buffer.getvalue())
    repo.add()
    result = run_vpkscan("hook", cwd=repo.path)
    assert result.returncode == 1 and "release/app.apk!assets/config.json" in result.stdout


def test_a_configuration_file_is_always_honoured(repo: Repo) -> None:
    repo.commit_files(BASE, "base")
    repo.write("app/views.py", "def index():\n    return 'changed'\n")
    repo.add()
    assert run_vpkscan("hook", cwd=repo.path).returncode == 0
    repo.write(".vpkscan.toml", "fail-on = 'urgent'\n")  # invalid: must be reported
    result = run_vpkscan("hook", cwd=repo.path)
    assert result.returncode == 2 and "fail-on" in result.stderr

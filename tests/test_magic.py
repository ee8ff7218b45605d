"""Archives and compressed files are recognised by their first bytes as well as by their
name, in every mode; a gzipped file is scanned as the file it holds, within limits."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zipfile

import pytest

from tests.helpers import Repo, run_vpkscan, scan_json
from tests.keys import live_key
from vpkscan.sources.archives.inflate import gzip_name, inner_name
from vpkscan.sources.archives.magic import sniff

KEY = live_key("magic")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _gzip_named(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=buffer, mtime=0) as stream:
        stream.write(data)
    return buffer.getvalue()


def _paths(findings: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return [(f["path"], f["line"], f["rule_id"]) for f in findings]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"PK\x03\x04rest", "zip"),
        (b"PK\x05\x06" + bytes(18), "zip"),
        (gzip.compress(b"x"), "gzip"),
        (bz2.compress(b"x"), "bzip2"),
        (lzma.compress(b"x"), "xz"),
        (bytes(257) + b"ustar\x0000", "tar"),
        (b"BZh is how this note starts", None),
        (b"plain text", None),
        (b"\x1f\x8b", None),
    ],
)
def test_sniff(data: bytes, kind: str | None) -> None:
    assert sniff(data) == kind


def test_inner_names() -> None:
    assert gzip_name(_gzip_named("prod.env", b"x")) == "prod.env"
    assert gzip_name(gzip.compress(b"x")) is None
    assert inner_name("logs/app.log.gz", None) == "app.log"
    assert inner_name("a.tgz", None) == "a.tar"
    assert inner_name("blob", None) == "blob"
    # A recorded name that is not a plain file name is not used.
    assert inner_name("x/data.gz", "../../etc/passwd") == "data"
    assert inner_name("x/data.gz", "evil\x1b[2J") == "data"
    assert inner_name("x/data.gz", "prod.env") == "prod.env"


def test_renamed_archives_and_compressed_files_in_the_tree(repo: Repo) -> None:
    line = f"KEY = '{KEY}'\n".encode()
    repo.write("release/bundle", _zip({"config.py": line}))
    repo.write("logs/app.log.gz", gzip.compress(b"boot\n" + line))
    repo.write("backup/settings.gz", _gzip_named("prod.env", b"VIBEPEAK_API_KEY=" + KEY.encode()))
    repo.write("data/dump", bz2.compress(b"\n\n" + line))
    repo.write("data/trace", lzma.compress(line))
    repo.add()
    found = _paths(scan_json(cwd=repo.path))
    assert found == [
        ("backup/settings.gz!prod.env", 1, "VPK004"),
        ("data/dump!dump", 3, "VPK005"),
        ("data/trace!trace", 1, "VPK005"),
        ("logs/app.log.gz!app.log", 2, "VPK005"),
        ("release/bundle!config.py", 1, "VPK005"),
    ]
    # Every mode reads them the same way.
    assert _paths(scan_json("--staged", cwd=repo.path)) == found
    repo.commit()
    history = run_vpkscan("scan", "--history", "-f", "json", cwd=repo.path)
    assert history.returncode == 1, history.stderr
    assert sorted((f["path"], f["line"]) for f in history.json()["findings"]) == [
        (path, line) for path, line, _ in found
    ]
    assert "not a readable" not in history.stderr
    stdin = run_vpkscan(
        "scan", "-", "-f", "json", cwd=repo.path, stdin=gzip.compress(b"boot\n" + line)
    )
    assert stdin.returncode == 1, stdin.stderr
    assert [f["path"] for f in stdin.json()["findings"]] == ["-!-"]
    assert all("!" not in f["path"] for f in scan_json("--no-archives", cwd=repo.path))


def test_a_gzip_that_is_no_tar_gives_no_tar_note_in_history(repo: Repo) -> None:
    repo.commit_files({"notes.txt.gz": gzip.compress(b"nothing to see\n" * 100)})
    run = run_vpkscan("scan", "--history", cwd=repo.path)
    assert run.returncode == 0, run.stderr
    assert "not a readable" not in run.stderr


def test_a_gzip_bomb_stops_at_the_limit_and_fails_the_scan(repo: Repo) -> None:
    bomb = gzip.compress(bytes(30 * 1024 * 1024) + KEY.encode(), 9)
    repo.commit_files({"huge.bin.gz": bomb})
    for args in ((), ("--history",)):
        run = run_vpkscan("scan", *args, cwd=repo.path)
        assert run.returncode == 2, (args, run.stderr)
        assert "compression bomb" in run.stderr and "--max-archive-ratio" in run.stderr
        assert "Traceback" not in run.stderr
    lifted = run_vpkscan("scan", "--max-archive-ratio", "100000", "-f", "json", cwd=repo.path)
    assert lifted.returncode == 1, lifted.stderr
    assert [f["path"] for f in lifted.json()["findings"]] == ["huge.bin.gz!huge.bin"]


def test_a_damaged_gzip_is_scanned_as_bytes_with_a_note(repo: Repo) -> None:
    repo.commit_files({"broken.gz": b"\x1f\x8b\x08\x00garbage\n" + KEY.encode() + b"\n"})
    run = run_vpkscan("scan", "-f", "json", cwd=repo.path)
    assert [f["path"] for f in run.json()["findings"]] == ["broken.gz"]
    assert "not a readable gzip stream" in run.stderr or "unreadable gzip" in run.stderr
    assert run.returncode in (1, 2)

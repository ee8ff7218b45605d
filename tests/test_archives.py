"""Archives that apps ship are opened and their members scanned, within limits that stop
zip bombs; damaged archives give a note, never a crash."""

from __future__ import annotations

import io
import os
import struct
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Repo, run_vpkscan, scan_json
from tests.keys import live_key, test_key
from vpkscan.sources.archives.entries import scan_entries
from vpkscan.sources.archives.kinds import archive_kind
from vpkscan.sources.archives.limits import ArchiveLimits, Limits

KEY = live_key("archive")
OTHER = test_key("archive")


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def tar_bytes(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def located(findings: list[dict[str, Any]]) -> list[tuple[str, int, int, str]]:
    """``(path, line, column, rule)`` of each finding of a JSON report."""
    return [(f["path"], f["line"], f["column"], f["rule_id"]) for f in findings]


def entries(name: str, data: bytes, **limits: int) -> list[tuple[str, tuple[str, ...]]]:
    """``(path, keys)`` of each entry read, then ``("note", (text,))`` for each note and
    ``("error", (text,))`` for each error (what a limit or damage kept from being read)."""
    settings = Limits(archives=ArchiveLimits(**limits))  # type: ignore[arg-type]
    scans = scan_entries(name, io.BytesIO(data), settings)
    read = [(scan.path, tuple(c.key for c in scan.candidates)) for scan in scans if not scan.error]
    return (
        read
        + [("note", (note,)) for scan in scans for note in scan.notes]
        + [("error", (scan.error,)) for scan in scans if scan.error]
    )


def notes(result: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    return [keys[0] for path, keys in result if path == "note"]


def errors(result: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    return [keys[0] for path, keys in result if path == "error"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("app.apk", "zip"),
        ("App.IPA", "zip"),
        ("lib.aar", "zip"),
        ("x.aab", "zip"),
        ("a.jar", "zip"),
        ("p-1.0-py3-none-any.whl", "zip"),
        ("s.zip", "zip"),
        ("pkg.tgz", "tar"),
        ("pkg.tar.gz", "tar"),
        ("pkg.tar", "tar"),
        ("a.zip!b.jar", "zip"),
        ("notes.txt", None),
        (".zip", None),
        ("x.gz", "gzip"),
        ("x.tar.xz", "tar"),
        (".gz", None),
    ],
)
def test_archive_kind(name: str, kind: str | None) -> None:
    assert archive_kind(name) == kind


def test_apk_member_is_a_packaged_app_finding(repo: Repo) -> None:
    dex = b"dex\n035\0" + bytes(200) + KEY.encode() + b"\0" * 20
    repo.write("release/app.apk", zip_bytes({"classes.dex": dex, "res/raw/a.txt": b"none"}))
    repo.add()
    findings = located(scan_json(cwd=repo.path))
    assert findings == [("release/app.apk!classes.dex", 2, 205, "VPK002")]


@pytest.mark.parametrize("name", ["app.aab", "Runner.ipa", "app.xapk"])
def test_other_packaged_apps(repo: Repo, name: str) -> None:
    repo.write(name, zip_bytes({"Payload/config.json": f'{{"key": "{KEY}"}}'.encode()}))
    repo.add()
    findings = located(scan_json(cwd=repo.path))
    assert findings == [(f"{name}!Payload/config.json", 1, 10, "VPK002")]


def test_wheel_and_tarballs(repo: Repo) -> None:
    repo.write(
        "dist/p-1.0-py3-none-any.whl", zip_bytes({"p/settings.py": f"K = '{KEY}'\n".encode()})
    )
    repo.write("dist/p-1.0.tar.gz", tar_bytes({"p-1.0/p/conf.py": f"\nK = '{OTHER}'\n".encode()}))
    repo.write("packages/plain.tar", tar_bytes({"a/b.txt": KEY.encode()}, "w"))
    repo.add()
    findings = located(scan_json(cwd=repo.path))
    assert findings == [
        ("dist/p-1.0-py3-none-any.whl!p/settings.py", 1, 6, "VPK005"),
        ("dist/p-1.0.tar.gz!p-1.0/p/conf.py", 2, 6, "VPK005"),
        ("packages/plain.tar!a/b.txt", 1, 1, "VPK005"),
    ]


def test_nested_archives_and_the_depth_limit(repo: Repo) -> None:
    wheel = zip_bytes({"pkg/config.py": f"KEY = '{KEY}'\n".encode()}, zipfile.ZIP_STORED)
    tgz = tar_bytes({"vendor/pkg.whl": wheel})
    repo.write("bundle.zip", zip_bytes({"deps/lib.tgz": tgz}))
    repo.add()
    findings = located(scan_json(cwd=repo.path))
    assert findings == [("bundle.zip!deps/lib.tgz!vendor/pkg.whl!pkg/config.py", 1, 8, "VPK005")]
    shallow = run_vpkscan("scan", "-f", "json", "--max-archive-depth", "2", cwd=repo.path)
    # The wheel is stored uncompressed, so its bytes still show the key; not opening it
    # is still a limit that kept something from being read: exit 2, naming the option.
    assert shallow.returncode == 2
    assert [f["path"] for f in shallow.json()["findings"]] == [
        "bundle.zip!deps/lib.tgz!vendor/pkg.whl"
    ]
    assert "nested deeper than 2" in shallow.stderr
    assert "--max-archive-depth" in shallow.stderr
    assert scan_json("--no-archives", cwd=repo.path) == []


def test_path_traversal_names_are_only_labels(repo: Repo, tmp_path: Path) -> None:
    members = {"../../escaped.txt": KEY.encode(), "/abs/name.txt": OTHER.encode()}
    repo.write("evil.zip", zip_bytes(members))
    repo.write("evil.tgz", tar_bytes({"../../../escaped-tar.txt": KEY.encode()}))
    repo.add()
    before = sorted(os.listdir(tmp_path)), sorted(os.listdir(tmp_path.parent))
    findings = located(scan_json(cwd=repo.path))
    assert [f[0] for f in findings] == [
        "evil.tgz!../../../escaped-tar.txt",
        "evil.zip!../../escaped.txt",
        "evil.zip!/abs/name.txt",
    ]
    assert (sorted(os.listdir(tmp_path)), sorted(os.listdir(tmp_path.parent))) == before


def _declare_size(data: bytes, name: bytes, size: int) -> bytes:
    """Patch the uncompressed size a zip declares for member ``name`` (both headers)."""
    patched = bytearray(data)
    local = patched.find(b"PK\x03\x04" + b"")
    while local != -1:
        name_len = struct.unpack_from("<H", patched, local + 26)[0]
        if patched[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", patched, local + 22, size)
        local = patched.find(b"PK\x03\x04", local + 4)
    central = patched.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", patched, central + 28)[0]
        if patched[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", patched, central + 24, size)
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


def test_a_member_declaring_a_gigabyte_is_not_read() -> None:
    data = zip_bytes({"bomb.bin": b"\0" * 1000 + KEY.encode(), "ok.txt": OTHER.encode()})
    data = _declare_size(data, b"bomb.bin", 1_000_000_000)
    result = entries("x.zip", data)
    assert ("x.zip!ok.txt", (OTHER,)) in result
    [error] = errors(result)
    assert error.startswith("x.zip!bomb.bin: not scanned: it expands 1")
    assert error.endswith("(a zip bomb? raise it with --max-archive-ratio)")
    # With the ratio limit lifted, the member is read as a stream: only the bytes really
    # there are inflated, whatever the size it declares.
    lifted = entries("x.zip", data, max_ratio=10**9)
    assert ("x.zip!bomb.bin", (KEY,)) in lifted
    assert errors(lifted) == []
    over = entries("x.zip", data, max_ratio=10**9, max_bytes=10**8)
    assert ("x.zip!ok.txt", (OTHER,)) in over
    assert errors(over) == [
        "x.zip!bomb.bin: not scanned: it expands to 1.0 GB, over what is left of the "
        "100.0 MB limit for one archive (raise it with --max-archive-bytes)"
    ]


def test_size_ratio_and_count_limits() -> None:
    data = zip_bytes({f"m{i}.txt": f"{i} {KEY}".encode() for i in range(5)})
    counted = entries("a.zip", data, max_members=3)
    # The zip declares 5 entries: refused before its directory is loaded.
    assert errors(counted) == [
        "a.zip: not opened: it declares 5 entries, over the limit of 3 "
        "(raise it with --max-archive-members)"
    ]
    assert sum(1 for path, keys in counted if keys == (KEY,)) == 0
    sized = entries("a.zip", data, max_bytes=90)
    assert sum(1 for path, keys in sized if keys == (KEY,)) == 2
    zeros = zip_bytes({"z.bin": bytes(3_000_000) + KEY.encode()})
    assert any("zip bomb" in error for error in errors(entries("z.zip", zeros)))
    assert ("z.zip!z.bin", (KEY,)) in entries("z.zip", zeros, max_ratio=100_000)


def test_compressed_tar_bomb_stops_the_scan() -> None:
    data = tar_bytes({"a.txt": KEY.encode(), "big.bin": bytes(5_000_000), "c.txt": KEY.encode()})
    result = entries("t.tgz", data)
    assert ("t.tgz!a.txt", (KEY,)) in result
    assert not any(path == "t.tgz!c.txt" for path, _ in result)
    assert any("compression bomb" in error for error in errors(result))


def test_damaged_archives_fail_the_scan(repo: Repo) -> None:
    noise = os.urandom(300).replace(b"\n", b" ")
    repo.write("lib/fake.jar", b"PK\x03\x04" + noise + b"\n" + KEY.encode() + b"\n")
    good = zip_bytes({"a.txt": os.urandom(2000), "b.txt": OTHER.encode()})
    repo.write("cut.zip", good[: len(good) // 2])
    tgz = tar_bytes({"first.txt": KEY.encode(), "second.bin": os.urandom(200_000)})
    repo.write("cut.tgz", tgz[: len(tgz) - 50_000])
    repo.add()
    run = run_vpkscan("scan", "-f", "json", cwd=repo.path)
    # Files that are no archive are read as bytes (a note); a damaged one is an error.
    assert run.returncode == 2
    findings, stderr = located(run.json()["findings"]), run.stderr
    assert ("lib/fake.jar", 2, 1, "VPK005") in findings
    assert ("cut.tgz!first.txt", 1, 1, "VPK005") in findings
    assert "lib/fake.jar: not a readable zip archive" in stderr
    assert "cut.zip: not a readable zip archive" in stderr
    assert "cut.tgz" in stderr
    assert "Traceback" not in stderr


def test_corrupt_member_data_spares_the_others() -> None:
    data = bytearray(zip_bytes({"a.txt": os.urandom(5000), "b.txt": KEY.encode()}))
    start = data.find(b"a.txt") + 5
    data[start + 100 : start + 200] = os.urandom(100)
    result = entries("c.zip", bytes(data))
    assert ("c.zip!b.txt", (KEY,)) in result
    assert any("c.zip!a.txt: not scanned: unreadable member" in e for e in errors(result))


@pytest.mark.slow
def test_large_compressed_member_is_streamed() -> None:
    lines = [os.urandom(48).hex() for _ in range(100_000)]
    lines[90_000] = "key: " + KEY
    data = zip_bytes({"big.log": "\n".join(lines).encode()})
    scans = scan_entries("logs.zip", io.BytesIO(data), Limits())
    [member] = [scan for scan in scans if scan.candidates]
    [candidate] = member.candidates
    assert (member.path, candidate.line, candidate.column) == ("logs.zip!big.log", 90_001, 6)
    assert member.size > 9_000_000


def test_staged_archives_are_opened(repo: Repo) -> None:
    repo.write("app.apk", zip_bytes({"assets/config.json": f'{{"k":"{KEY}"}}'.encode()}))
    repo.add()
    findings = located(scan_json("--staged", cwd=repo.path))
    assert findings == [("app.apk!assets/config.json", 1, 7, "VPK002")]

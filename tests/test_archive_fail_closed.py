"""Archive limits fail closed: whatever a limit keeps from being read ends the scan with
exit 2 and names the option that raises it, in tree, stdin and history scans."""

from __future__ import annotations

import io
import tarfile
import zipfile

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key
from vpkscan.sources.archives import members

KEY = live_key("archive-fail-closed")
MIB = 1024 * 1024


def _many_zeros_then_a_key(count: int) -> bytes:
    """Small members of zeros (each under the per-member floor) and a key at the end: a
    bomb only as a whole."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(count):
            archive.writestr(f"zeros/{index}.bin", bytes(MIB - 1))
        archive.writestr("config.py", f'KEY = "{KEY}"\n')
    return buffer.getvalue()


def test_many_small_members_of_zeros_are_a_bomb_as_a_whole(repo: Repo) -> None:
    repo.commit_files({"dist/app.zip": _many_zeros_then_a_key(120)})
    run = run_vpkscan("scan", cwd=repo.path)
    assert run.returncode == 2, run.stderr
    assert "compression bomb" in run.stderr
    assert "--max-archive-ratio" in run.stderr
    lifted = run_vpkscan("scan", "--max-archive-ratio", "100000", cwd=repo.path)
    assert lifted.returncode == 1, lifted.stderr
    assert "dist/app.zip!config.py" in lifted.stdout


def test_the_member_limit_applies_before_the_directory_is_loaded(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(12):
            archive.writestr(f"m{index}.txt", "x")
        archive.writestr("config.py", f'KEY = "{KEY}"\n')
    data = buffer.getvalue()
    assert members.declared_entries(io.BytesIO(data)) == 13

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the central directory was loaded")

    monkeypatch.setattr(members.zipfile, "ZipFile", never)
    with pytest.raises(members.TooManyMembers):
        list(members.zip_members(io.BytesIO(data), max_members=12))
    monkeypatch.undo()
    repo.commit_files({"app.apk": data})
    run = run_vpkscan("scan", "--max-archive-members", "12", cwd=repo.path)
    assert run.returncode == 2
    assert "declares 13 entries" in run.stderr and "--max-archive-members" in run.stderr
    assert run_vpkscan("scan", cwd=repo.path).returncode == 1


def test_a_tgz_bomb_before_a_key_exits_2(repo: Repo) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in (("big.bin", bytes(5_000_000)), ("conf.py", KEY.encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    repo.commit_files({"vendor/lib.tgz": buffer.getvalue()})
    for args in ((), ("--history",)):
        run = run_vpkscan("scan", *args, cwd=repo.path)
        assert run.returncode == 2, (args, run.stderr)
        assert "bomb" in run.stderr
    stdin = run_vpkscan(
        "scan", "-", "--stdin-filename", "lib.tgz", cwd=repo.path, stdin=buffer.getvalue()
    )
    assert stdin.returncode == 2


def test_a_damaged_archive_in_history_exits_2(repo: Repo) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.bin", bytes(range(256)) * 40)
        archive.writestr("b.py", f'KEY = "{KEY}"\n')
    data = bytearray(buffer.getvalue())
    at = data.find(b"a.bin") + 40
    data[at : at + 60] = bytes(60)
    repo.commit_files({"libs/sdk.aar": bytes(data)})
    run = run_vpkscan("scan", "--history", cwd=repo.path)
    assert run.returncode == 2, run.stderr
    assert "unreadable member" in run.stderr

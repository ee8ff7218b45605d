"""Atomic writes: the target holds the old content or the new, and no temporary file stays."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from vpkscan.atomic import write_atomic


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_text_as_utf8_and_bytes_as_given(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.txt", "héllo\n")
    write_atomic(str(tmp_path / "b.bin"), b"\x00\xff")
    assert (tmp_path / "a.txt").read_bytes() == "héllo\n".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]


def test_replacing_keeps_the_old_content_until_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("old content, longer than the new one")
    real_replace = os.replace
    seen: list[tuple[str, str, str]] = []

    def observed(src: str, dst: str) -> None:
        seen.append((os.path.dirname(src), Path(src).read_text(), target.read_text()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", observed)
    write_atomic(target, "new")
    # At the rename the complete new data sat beside the untouched old file.
    assert seen == [(str(tmp_path), "new", "old content, longer than the new one")]
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


@pytest.mark.parametrize("step", ["fsync", "chmod", "replace"])
@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, error: BaseException
) -> None:
    target = tmp_path / "baseline.json"
    target.write_bytes(b"old")

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    monkeypatch.setattr(os, step, fail)
    with pytest.raises(type(error)):
        write_atomic(target, b"new data")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


def test_a_failure_before_any_file_exists_creates_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "report.txt", "text")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "no" / "such" / "file", "x")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize("mode", [0o755, 0o600, 0o644])
def test_the_mode_is_applied_whatever_the_umask(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "pre-commit"
    target.write_text("#!/bin/sh\n")
    os.chmod(target, 0o600 if mode != 0o600 else 0o755)
    write_atomic(target, "#!/bin/sh\nexit 0\n", mode=mode)
    assert _mode(target) == mode


@pytest.mark.usefixtures("umask_022")
def test_without_a_mode_the_file_gets_that_of_a_new_file(tmp_path: Path) -> None:
    # The temporary file starts private (0600); the result must not stay so.
    write_atomic(tmp_path / "report.txt", "x")
    assert _mode(tmp_path / "report.txt") == 0o644


def test_a_long_file_name_still_fits(tmp_path: Path) -> None:
    target = tmp_path / ("r" * 250)
    write_atomic(target, "x")
    assert target.read_text() == "x"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("durable", [True, False])
def test_only_durable_writes_wait_for_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: bool
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = tmp_path / "report.json"
    target.write_text("old")
    write_atomic(target, "new", durable=durable)
    assert target.read_text() == "new"
    assert len(synced) == (1 if durable else 0)
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_a_report_that_fails_at_the_rename_leaves_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.sarif"
    target.write_text("old")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, "new", durable=False)
    monkeypatch.undo()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]

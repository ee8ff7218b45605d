"""Where the report goes: ``-o`` writes a regular file atomically and refuses anything
else; standard output that cannot be written is an error (exit 2), never a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key


@pytest.fixture
def leaky(repo: Repo) -> Repo:
    repo.commit_files({"app/settings.py": f'KEY = "{live_key("output")}"\n'})
    return repo


def test_output_refuses_a_symbolic_link_and_leaves_it(leaky: Repo, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    link = tmp_path / "report.json"
    link.symlink_to(target)
    run = run_vpkscan("scan", "-f", "json", "-o", str(link), cwd=leaky.path)
    assert run.returncode == 2
    assert "is not a regular file" in run.stderr
    assert link.is_symlink() and target.read_text() == "keep me\n"


def test_output_refuses_a_fifo_and_a_folder(leaky: Repo, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    for target in (fifo, folder):
        run = run_vpkscan("scan", "-o", str(target), cwd=leaky.path)
        assert run.returncode == 2, run.stderr
        assert "is not a regular file" in run.stderr
        assert "Traceback" not in run.stderr
    assert fifo.exists() and folder.is_dir()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_device_is_never_replaced(leaky: Repo) -> None:
    before = os.stat("/dev/full")
    run = run_vpkscan("scan", "-o", "/dev/full", cwd=leaky.path)
    assert run.returncode == 2
    after = os.stat("/dev/full")
    assert (after.st_mode, after.st_rdev) == (before.st_mode, before.st_rdev)


def test_dash_is_standard_output_and_a_regular_file_is_replaced(
    leaky: Repo, tmp_path: Path
) -> None:
    dash = run_vpkscan("scan", "-f", "json", "-o", "-", cwd=leaky.path)
    assert dash.returncode == 1
    assert dash.json()["findings"][0]["path"] == "app/settings.py"
    out = tmp_path / "out"
    out.mkdir()
    report = out / "report.json"
    report.write_text("old\n")
    run = run_vpkscan("scan", "-f", "json", "-o", str(report), cwd=leaky.path)
    assert run.returncode == 1
    assert '"app/settings.py"' in report.read_text()
    # No temporary file is left beside it.
    assert [p.name for p in out.iterdir()] == ["report.json"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["scan"], ["scan", "--format", "json"]])
def test_a_full_disk_on_standard_output_exits_2(leaky: Repo, command: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-P", "-m", "vpkscan", *command],
            cwd=leaky.path,
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    stderr = proc.stderr.decode()
    assert proc.returncode == 2, stderr
    assert "cannot write the report to standard output" in stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


@pytest.mark.parametrize("command", [["scan"], ["hook"]])
def test_a_closed_standard_output_exits_2(leaky: Repo, command: list[str]) -> None:
    leaky.write("app/more.py", f'KEY = "{live_key("closed")}"\n')
    leaky.add()
    proc = subprocess.run(
        [sys.executable, "-P", "-m", "vpkscan", *command],
        cwd=leaky.path,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        check=False,
        # The child starts with descriptor 1 closed, as after ``>&-``.
        preexec_fn=lambda: os.close(1),
    )
    stderr = proc.stderr.decode()
    assert proc.returncode == 2, stderr
    assert "standard output is closed" in stderr
    assert "internal error" not in stderr


def test_a_closed_standard_output_is_fine_with_a_report_file(leaky: Repo, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, "-P", "-m", "vpkscan", "scan", "-f", "json", "-o", str(report)],
        cwd=leaky.path,
        stderr=subprocess.PIPE,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert proc.returncode == 1, proc.stderr.decode()
    assert '"app/settings.py"' in report.read_text()


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_report_larger_than_a_pipe_arrives_whole(repo: Repo, fmt: str) -> None:
    # The process ends as soon as the command is done: what it buffered must be out first.
    repo.commit_files({f"src/m{i}.py": f'KEY = "{live_key(f"pipe-{i}")}"\n' for i in range(400)})
    proc = subprocess.run(
        [sys.executable, "-P", "-m", "vpkscan", "scan", "--format", fmt],
        cwd=repo.path,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert len(proc.stdout) > 128 * 1024  # twice what a pipe holds
    if fmt == "json":
        import json

        assert len(json.loads(proc.stdout)["findings"]) == 400
    else:
        assert proc.stdout.decode().count("src/m") >= 400
    assert b"400 findings" in proc.stderr or b"400 findings" in proc.stdout

"""Long tree scans show progress on stderr; the engine reports every listed file once."""

from __future__ import annotations

import io
import itertools

import pytest

from tests.helpers import Repo
from tests.keys import live_key
from vpkscan.config import Config
from vpkscan.engine import scan
from vpkscan.read import progress as progress_module
from vpkscan.read.progress import ProgressBar
from vpkscan.sources.resolve import resolve


class Recorder:
    """A Progress that keeps what it heard."""

    def __init__(self) -> None:
        self.started: tuple[int, int] | None = None
        self.files = 0
        self.size = 0
        self.finished = False

    def start(self, objects: int, size: int) -> None:
        self.started = (objects, size)

    def advance(self, objects: int, size: int) -> None:
        self.files += objects
        self.size += size

    def finish(self) -> None:
        self.finished = True


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_listed_file_is_reported_once(repo: Repo, jobs: int) -> None:
    files = {f"src/module_{n}.py": f"value = {n}\n" * (n % 7 + 1) for n in range(600)}
    files["config/settings.py"] = f'KEY = "{live_key("progress")}"\n'
    repo.commit_files(files)
    total = sum(len(text.encode()) for text in files.values())
    recorder = Recorder()
    result = scan(resolve([], cwd=repo.path), Config(jobs=jobs), recorder)
    assert recorder.started is not None and recorder.started[0] == len(files)
    assert (recorder.files, recorder.size) == (len(files), total)
    assert recorder.finished
    assert [f.path for f in result.findings] == ["config/settings.py"]


def test_the_bar_waits_for_its_delay_then_counts_files(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = itertools.count(start=100.0, step=0.3)
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    bar = ProgressBar(stream, label="files", unit="files", delay=1.0)
    bar.start(10, 10_000_000)
    bar.advance(1, 1_000_000)  # 0.3 s in: nothing drawn yet
    assert stream.getvalue() == ""
    for _ in range(4):
        bar.advance(1, 1_000_000)
    drawn = stream.getvalue()
    assert drawn.startswith("\rfiles [")
    assert "5/10 files" in drawn
    bar.finish()
    assert stream.getvalue().endswith("\r\033[K")


class _Stream(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self._terminal = terminal

    def isatty(self) -> bool:
        return self._terminal


@pytest.mark.parametrize(
    ("terminal", "quiet", "drawn"),
    [(True, False, True), (False, False, False), (True, True, False)],
)
def test_a_bar_only_on_a_terminal_and_never_quiet(
    monkeypatch: pytest.MonkeyPatch, terminal: bool, quiet: bool, drawn: bool
) -> None:
    from vpkscan.cli import scan as scan_command

    monkeypatch.setattr(scan_command.sys, "stderr", _Stream(terminal))
    bar = scan_command._progress(quiet)
    assert (bar is not None) is drawn

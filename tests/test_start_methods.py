"""Worker processes start by fork, spawn or forkserver with the same findings; a Python
without fork (Windows) still scans with workers."""

from __future__ import annotations

import gc
import io
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key, test_key
from vpkscan.read.files import PARALLEL_MIN_FILES
from vpkscan.read.start import ENV, default_method, start_method, worker_context

#: Enough tracked files that a tree scan starts its worker pool.
FILES = max(PARALLEL_MIN_FILES + 20, 500)
MODES = {"tree": (), "staged": ("--staged",), "history": ("--history",)}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _planted(path: Path, files: int = FILES) -> Repo:
    """A repository with keys in a dotenv file, frontend code, an app archive, a commit
    that removed one, and staged changes (a key and an archive)."""
    repo = Repo.init(path)
    for index in range(files):
        repo.write(f"src/m{index // 100}/f{index}.py", f"value = {index}\n")
    repo.add("src")
    repo.commit_files(
        {
            ".env": f"VIBEPEAK_API_KEY={live_key('env')}\n",
            "old.py": f"KEY = '{live_key('removed')}'\n",
        },
        "first",
    )
    repo.git("rm", "-q", "old.py")
    repo.commit_files(
        {
            "web/app.tsx": f"const k = '{live_key('web')}';\n",
            "app.apk": _zip({"assets/config.json": f'{{"k": "{test_key("apk")}"}}'.encode()}),
        },
        "second",
    )
    repo.write("staged.py", f"API = '{live_key('staged')}'\n")
    repo.write("bundle.zip", _zip({"config.js": f"k='{live_key('member')}'".encode()}))
    repo.add("staged.py", "bundle.zip")
    return repo


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return _planted(tmp_path_factory.mktemp("start") / "repo")


def _findings(repo: Repo, args: tuple[str, ...], method: str | None) -> list[dict[str, Any]]:
    env = {ENV: method} if method else None
    run = run_vpkscan("scan", "--format", "json", "-j", "2", *args, cwd=repo.path, env=env)
    assert run.returncode in (0, 1), run.stderr
    findings: list[dict[str, Any]] = run.json()["findings"]
    return findings


@pytest.mark.parametrize("mode", sorted(MODES))
@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_every_start_method_finds_what_fork_finds(planted: Repo, mode: str, method: str) -> None:
    args = MODES[mode]
    forked = _findings(planted, args, "fork")
    # Archive members are read by the workers too (``app.apk!assets/config.json``).
    assert any("!" in finding["path"] for finding in forked), forked
    assert _findings(planted, args, method) == forked


def test_the_console_script_spawns_workers(planted: Repo) -> None:
    """Spawned workers of the installed ``vpkscan`` command start from its script."""
    script = Path(sys.executable).with_name("vpkscan")
    if not script.exists():
        pytest.skip("the vpkscan command is not installed beside this Python")
    env = {**os.environ, ENV: "spawn"}
    spawned = subprocess.run(
        [str(script), "scan", "--format", "json", "-j", "2"],
        cwd=planted.path,
        capture_output=True,
        env=env,
        check=False,
    )
    assert spawned.returncode == 1, spawned.stderr
    assert b'"findings"' in spawned.stdout and b"Traceback" not in spawned.stderr


#: Run before vpkscan in every process of the run (sitecustomize): Python as on Windows,
#: without fork and without the start methods built on it.
_NO_FORK = """
import multiprocessing
import multiprocessing.context as context
import os

del os.fork
for name in ("fork", "forkserver"):
    context._concrete_contexts.pop(name, None)
multiprocessing.get_all_start_methods = lambda: ["spawn"]
multiprocessing.set_start_method("spawn", force=True)
"""


def test_a_python_without_fork_scans_with_workers(tmp_path: Path) -> None:
    repo = _planted(tmp_path / "repo", files=2000)
    repo.commit("staged")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent(_NO_FORK))
    env = {"PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    probe = subprocess.run(
        [sys.executable, "-c", "import os; print(hasattr(os, 'fork'))"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == "False", "the platform without fork was not simulated"
    for args in ((), ("--history",)):
        run = run_vpkscan("scan", "--format", "json", "-j", "2", *args, cwd=repo.path, env=env)
        assert run.returncode == 1, run.stderr
        report = run.json()
        assert report["scan"]["files_scanned"] >= 2000
        assert {f["path"] for f in report["findings"]} >= {".env", "web/app.tsx", "staged.py"}
    forced = run_vpkscan("scan", cwd=repo.path, env={**env, ENV: "fork"})
    assert forced.returncode == 2
    assert "cannot start processes that way" in forced.stderr
    assert "Traceback" not in forced.stderr


@pytest.mark.parametrize(
    ("platform", "available", "expected"),
    [
        ("linux", ["fork", "spawn", "forkserver"], "fork"),
        ("linux", ["spawn"], "spawn"),
        ("darwin", ["spawn", "fork", "forkserver"], "spawn"),
        ("win32", ["spawn"], "spawn"),
        ("freebsd14", ["fork", "spawn", "forkserver"], "spawn"),
    ],
)
def test_fork_only_where_it_is_the_safe_default(
    platform: str, available: list[str], expected: str
) -> None:
    assert default_method(platform, available) == expected


@pytest.mark.parametrize("value", ["spawn", " Forkserver ", "fork"])
def test_the_environment_chooses_the_method(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(ENV, value)
    assert start_method() == value.strip().lower()


def test_an_unknown_method_is_a_usage_error(planted: Repo) -> None:
    run = run_vpkscan("scan", cwd=planted.path, env={ENV: "thread\x1b[31m"})
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "\x1b" not in run.stderr
    assert "fork, spawn, forkserver" in run.stderr


def test_spawned_workers_import_only_the_reader() -> None:
    """What a spawned worker imports: the readers and the detector, never the command
    line, the rules, the project model, GitPython or the HTTP client."""
    code = (
        "import sys, vpkscan.read.workers, vpkscan.read.blobs, vpkscan.read.files\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    proc = subprocess.run(
        [sys.executable, "-P", "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(proc.stdout.split())
    assert "vpkscan.detect.detector" in loaded
    for heavy in ("click", "git", "vpkscan.cli.app", "vpkscan.rules", "vpkscan.context"):
        assert heavy not in loaded, heavy


@pytest.mark.parametrize(("method", "frozen"), [("fork", True), ("spawn", False)])
def test_a_forking_parent_leaves_its_objects_out_of_later_collections(
    monkeypatch: pytest.MonkeyPatch, method: str, frozen: bool
) -> None:
    monkeypatch.setenv(ENV, method)
    gc.unfreeze()
    try:
        worker_context()
        assert (gc.get_freeze_count() > 0) is frozen
    finally:
        gc.unfreeze()

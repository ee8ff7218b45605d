"""What the tests share: isolated git repositories, the real command, JSON scans.

Tests import from here (never from ``conftest``); ``conftest`` only turns these into
fixtures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: No user or system configuration, fixed identities and dates: every run is the same.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.invalid",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.invalid",
    "GIT_AUTHOR_DATE": "2026-01-02T03:04:05+00:00",
    "GIT_COMMITTER_DATE": "2026-01-02T03:04:05+00:00",
}


@dataclass
class Repo:
    """A real git repository in a temporary folder."""

    path: Path

    @classmethod
    def init(cls, path: Path, *args: str) -> Repo:
        """A new repository at ``path`` (branch ``main``); ``args`` go to ``git init``."""
        path.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "init", "-q", "-b", "main", *args, str(path)], check=True)
        return cls(path)

    def git(self, *args: str, check: bool = True, env: Mapping[str, str] | None = None) -> str:
        proc = subprocess.run(
            ["git", *args],
            cwd=self.path,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, **(env or {})},
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
        return proc.stdout

    def write(self, relative: str, content: str | bytes) -> Path:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_bytes(content.encode("utf-8"))
        else:
            target.write_bytes(content)
        return target

    def add(self, *paths: str) -> None:
        self.git("add", "--", *(paths or (".",)))

    def commit(self, message: str = "change") -> str:
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def commit_files(self, files: Mapping[str, str | bytes], message: str = "change") -> str:
        """Write ``files``, stage them and commit; returns the new commit id."""
        for name, content in files.items():
            self.write(name, content)
        self.add(*files)
        return self.commit(message)


@dataclass
class Run:
    """A finished ``vpkscan`` subprocess."""

    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_vpkscan(
    *args: str, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run the real command end to end as a subprocess (``-P``: the scanned folder's
    files never shadow the package)."""
    proc = subprocess.run(
        [sys.executable, "-P", "-m", "vpkscan", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    return Run(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


def scan_json(*args: str, cwd: Path, stdin: bytes | None = None) -> list[dict[str, Any]]:
    """The findings of ``vpkscan scan --format json ARGS``; the scan must not fail."""
    run = run_vpkscan("scan", "--format", "json", *args, cwd=cwd, stdin=stdin)
    assert run.returncode in (0, 1), run.stderr
    findings: list[dict[str, Any]] = run.json()["findings"]
    return findings


def scan_report(
    *args: str, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> Run:
    """``vpkscan scan --format json ARGS`` run to its end: the scan must not fail (exit 0
    or 1); the run's ``json()`` is the whole report, findings and scan summary."""
    run = run_vpkscan("scan", "--format", "json", *args, cwd=cwd, stdin=stdin, env=env)
    assert run.returncode in (0, 1), run.stderr
    return run


def invoke(
    *args: str,
    cwd: Path,
    stdin: bytes | None = None,
    env: Mapping[str, str | None] | None = None,
) -> Run:
    """Run the command in-process, through the same error policy as the real entry point."""
    import contextlib

    from click.testing import CliRunner

    from vpkscan.cli.errors import run

    runner = CliRunner()
    with runner.isolation(input=stdin, env=env) as (out, err, _), contextlib.chdir(cwd):
        code = run(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    result = Run(code, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"))
    assert "Traceback" not in result.stderr, result.stderr
    return result

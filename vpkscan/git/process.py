"""Running git: one way to run a short command, one way to start a long-lived one, one
error format, and the constants of git's output.

Every git process vpkscan starts goes through ``command``: replacement refs (``git
replace``) are never honoured, in any mode, because they would let a repository show
an audit a different object than the one stored under its id (a key could hide behind a
replacement). The memory settings bound what each process maps of the packs and keeps
of delta bases, whatever the size of the history.

Paths from git are raw bytes (``-z`` output, no quoting); they are turned into ``str``
with the file-system encoding and ``surrogateescape`` so that non-UTF-8 names survive.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from vpkscan.errors import GitError

GIT = (
    "git",
    "--no-replace-objects",
    "-c",
    "core.deltaBaseCacheLimit=16m",
    "-c",
    "core.packedGitWindowSize=16m",
    "-c",
    "core.packedGitLimit=32m",
)
PIPE = subprocess.PIPE
DEVNULL = subprocess.DEVNULL

#: Tree entry modes that are not files to read.
MODE_GITLINK = "160000"
MODE_SYMLINK = "120000"
#: The object id git uses for "no object" in raw diffs and pre-push lines.
NULL_OID = "0" * 40

_MISSING_GIT = ("git is not installed or not on PATH", "install git")


def decode_path(raw: bytes) -> str:
    """A path as git printed it (``-z``: raw bytes); non-UTF-8 bytes survive as surrogates."""
    return os.fsdecode(raw)


def command(args: Sequence[str], config: Sequence[str] = ()) -> list[str]:
    """The full command line of ``git ARGS`` with the options every process gets."""
    return [*GIT, *(arg for item in config for arg in ("-c", item)), *args]


def completed(
    args: Sequence[str], cwd: Path | str, data: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run one short git command to completion, whatever its exit code."""
    try:
        return subprocess.run(
            command(args),
            cwd=cwd,
            input=data,
            capture_output=True,
            check=False,
            stdin=None if data is not None else DEVNULL,
        )
    except FileNotFoundError as exc:
        raise GitError(*_MISSING_GIT) from exc


def run(
    args: Sequence[str], cwd: Path | str, *, check: bool = True, data: bytes | None = None
) -> bytes:
    """Run one short git command and return its output; GitError when it fails."""
    proc = completed(args, cwd, data)
    if check and proc.returncode != 0:
        raise failure(f"git {args[0]}", proc.stderr, proc.returncode)
    return proc.stdout


def spawn(
    args: Sequence[str],
    cwd: Path | str,
    *,
    config: Sequence[str] = (),
    stdin: int | IO[bytes] | None = DEVNULL,
    stdout: int | IO[bytes] | None = PIPE,
    stderr: int | IO[bytes] | None = None,
) -> subprocess.Popen[bytes]:
    """Start a long-lived git process (the caller streams its input and output)."""
    try:
        return subprocess.Popen(
            command(args, config), cwd=cwd, stdin=stdin, stdout=stdout, stderr=stderr
        )
    except FileNotFoundError as exc:
        raise GitError(*_MISSING_GIT) from exc


def failure(what: str, stderr: bytes, returncode: int | None) -> GitError:
    """The error for a git process that failed: its last line of stderr says why."""
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    detail = lines[-1] if lines else f"exit code {returncode}"
    return GitError(f"{what} failed: {detail}", "check the repository with git fsck")

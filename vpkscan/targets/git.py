"""The only module that talks to git: small functions over subprocess returning bytes.

Paths from git are raw bytes (``-z`` output, no quoting); they are turned into ``str``
with the file-system encoding and ``surrogateescape`` so that non-UTF-8 names survive.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from vpkscan.errors import GitError, NotARepositoryError

MODE_GITLINK = "160000"
MODE_SYMLINK = "120000"


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """A path recorded in the index (or a tree): its mode, object id and path."""

    mode: str
    oid: str
    path: str


def _run(args: Sequence[str], cwd: Path | str, *, check: bool = True) -> bytes:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH", "install git") from exc
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit code {proc.returncode}"
        raise GitError(f"git {args[0]} failed in {cwd}: {detail}")
    return proc.stdout


def find_root(start: Path) -> Path | None:
    """The top of the working tree holding ``start``, or None outside any repository."""
    directory = start if start.is_dir() else start.parent
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=directory,
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH", "install git") from exc
    if proc.returncode != 0:
        return None
    top = proc.stdout.rstrip(b"\n")
    return Path(os.fsdecode(top)) if top else None


def require_root(start: Path, why: str) -> Path:
    root = find_root(start)
    if root is None:
        raise NotARepositoryError(
            f"{start} is not inside a git repository, which {why} needs",
            "run it inside a repository, or drop the option",
        )
    return root


def ls_files(root: Path, pathspecs: Sequence[str] = ()) -> list[IndexEntry]:
    """Tracked paths under ``pathspecs`` (all when empty), with mode and object id."""
    specs = [f":(literal){spec}" for spec in pathspecs]
    out = _run(["ls-files", "-z", "--stage", "--full-name", "--", *specs], root)
    return list(_parse_stage(out))


def staged_changes(root: Path) -> list[str]:
    """Paths that ``git commit`` would record as added, copied, modified or renamed."""
    args = ["diff", "--cached", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRT"]
    if not has_head(root):
        out = _run(["ls-files", "-z", "--full-name"], root)
    else:
        out = _run([*args, "HEAD"], root)
    return [os.fsdecode(p) for p in out.split(b"\0") if p]


def has_head(root: Path) -> bool:
    return bool(_run(["rev-parse", "--verify", "--quiet", "HEAD"], root, check=False).strip())


def _parse_stage(out: bytes) -> Iterator[IndexEntry]:
    seen: set[str] = set()
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, oid, stage = meta.decode("ascii").split(" ")
        path = os.fsdecode(raw_path)
        # During a merge conflict a path has several stages; scan the first once.
        if path in seen:
            continue
        seen.add(path)
        del stage
        yield IndexEntry(mode, oid, path)


class CatFile:
    """A long-lived ``git cat-file --batch`` process reading objects by id."""

    def __init__(self, root: Path) -> None:
        try:
            self._proc = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError as exc:
            raise GitError("git is not installed or not on PATH", "install git") from exc
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._in: IO[bytes] = self._proc.stdin
        self._out: IO[bytes] = self._proc.stdout

    def read(self, oid: str) -> bytes:
        self._in.write(oid.encode("ascii") + b"\n")
        self._in.flush()
        header = self._out.readline().split()
        if len(header) != 3:
            raise GitError(
                f"cannot read object {oid}: {b' '.join(header).decode(errors='replace')}"
            )
        size = int(header[2])
        data = self._out.read(size)
        self._out.read(1)
        if len(data) != size:
            raise GitError(f"object {oid} is truncated")
        return data

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        self._proc.wait()
        if self._proc.stdout:
            self._proc.stdout.close()

    def __enter__(self) -> CatFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

"""git plumbing for history scans: running git, the repository's layout, refs and trees.

Everything here (and in ``objects``, which reads objects) talks to git through
subprocesses and returns ids, paths and bytes. Paths from git are raw bytes (``-z``),
decoded with ``os.fsdecode`` so that non-UTF-8 names survive.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from vpkscan.errors import GitError, NotARepositoryError
from vpkscan.targets.git import IndexEntry, find_root

#: Replacement refs (``git replace``) would hide the real objects from an audit. The
#: memory settings bound what each git process maps of the packs and keeps of delta
#: bases, whatever the size of the history (reading in pack order needs few bases).
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


def decode_path(raw: bytes) -> str:
    """A path as git printed it (``-z``: raw bytes); non-UTF-8 bytes survive as surrogates."""
    return os.fsdecode(raw)


def run(args: Sequence[str], cwd: Path, *, check: bool = True, data: bytes | None = None) -> bytes:
    """Run one short git command and return its output; GitError when it fails."""
    try:
        proc = subprocess.run(
            [*GIT, *args],
            cwd=cwd,
            input=data,
            capture_output=True,
            check=False,
            stdin=None if data is not None else subprocess.DEVNULL,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH", "install git") from exc
    if check and proc.returncode != 0:
        raise failure(f"git {args[0]}", proc.stderr, proc.returncode)
    return proc.stdout


#: The object id git uses for "no object" in raw diffs.
NULL_OID = "0" * 40


@dataclass(frozen=True, slots=True)
class RepoInfo:
    """A repository to read history from.

    ``root`` is the top of the working tree, or the git directory of a bare repository;
    reported paths are relative to it.
    """

    root: Path
    bare: bool
    shallow: bool


def open_repository(start: Path, why: str) -> RepoInfo:
    """The repository holding ``start`` (working tree or bare), or NotARepositoryError."""
    args = ["rev-parse", "--is-bare-repository", "--is-shallow-repository", "--absolute-git-dir"]
    out = run(args, start, check=False).decode("utf-8", "surrogateescape").splitlines()
    if len(out) != 3:
        raise NotARepositoryError(
            f"{start} is not inside a git repository, which {why} needs",
            "run it inside a repository (a bare one works too)",
        )
    bare, shallow, git_dir = out[0] == "true", out[1] == "true", Path(out[2])
    if bare:
        return RepoInfo(git_dir, True, shallow)
    top = find_root(start)
    return RepoInfo(top if top is not None else git_dir.parent, False, shallow)


def spawn(
    args: Sequence[str],
    cwd: Path,
    *,
    stdin: int | IO[bytes] | None = subprocess.DEVNULL,
    stdout: int | IO[bytes] | None = subprocess.PIPE,
    stderr: int | IO[bytes] | None = None,
) -> subprocess.Popen[bytes]:
    """Start a long-lived git process (the caller streams its input and output)."""
    try:
        return subprocess.Popen([*GIT, *args], cwd=cwd, stdin=stdin, stdout=stdout, stderr=stderr)
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH", "install git") from exc


def failure(what: str, stderr: bytes, returncode: int | None) -> GitError:
    """The error for a git process that failed: its last line of stderr says why."""
    lines = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    detail = lines[-1] if lines else f"exit code {returncode}"
    return GitError(f"{what} failed: {detail}", "check the repository with git fsck")


def rev_parse_commit(root: Path, rev: str) -> str | None:
    """The commit id ``rev`` names, or None when it names no commit."""
    out = run(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
        root,
        check=False,
    )
    text = out.decode("ascii", "replace").strip()
    return text or None


def has_commits(root: Path) -> bool:
    """Whether any ref (or HEAD) leads to a commit; false in a new, empty repository."""
    return bool(run(["rev-list", "-n", "1", "--all"], root, check=False).strip())


def tree_entries(root: Path, rev: str) -> list[IndexEntry]:
    """Every path recorded in the tree of commit ``rev``, recursively."""
    out = run(["ls-tree", "-r", "-z", "--full-tree", rev], root)
    entries = []
    for record in out.split(b"\0"):
        if record:
            meta, _, raw_path = record.partition(b"\t")
            mode, _kind, oid = meta.decode("ascii").split(" ")
            entries.append(IndexEntry(mode, oid, os.fsdecode(raw_path)))
    return entries


def stash_commits(root: Path) -> list[str]:
    """Every stash entry (the reflog of ``refs/stash``), newest first; [] without stashes."""
    if not run(["rev-parse", "--verify", "--quiet", "refs/stash"], root, check=False).strip():
        return []
    out = run(["log", "--walk-reflogs", "--format=%H", "refs/stash", "--"], root)
    return out.decode("ascii").split()


def local_commits(root: Path, commits: Sequence[str]) -> set[str]:
    """Those of ``commits`` that no remote-tracking ref and no tag reaches (not pushed).

    rev-list lists what the commits reach minus what remotes and tags reach: a commit is
    local exactly when it is listed. The output is streamed, as it can be long.
    """
    if not commits:
        return set()
    wanted = set(commits)
    proc = spawn(["rev-list", "--stdin", "--not", "--remotes", "--tags"], root, stdin=PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    # rev-list reads all of its input before it writes anything: no deadlock.
    with proc.stdin as stdin:
        stdin.write("".join(f"{oid}\n" for oid in commits).encode("ascii"))
    with proc.stdout as out:
        local = {oid for line in out if (oid := line.strip().decode("ascii")) in wanted}
    if proc.wait() != 0:
        raise GitError("git rev-list failed while checking which commits are pushed")
    return local

"""The only module that talks to git: small functions over subprocess returning bytes.

Paths from git are raw bytes (``-z`` output, no quoting); they are turned into ``str``
with the file-system encoding and ``surrogateescape`` so that non-UTF-8 names survive.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from vpkscan.errors import GitError, NotARepositoryError

MODE_GITLINK = "160000"
MODE_SYMLINK = "120000"


class IndexEntry(NamedTuple):
    """A path recorded in the index (or a tree): its mode, object id and path.

    A NamedTuple rather than a frozen dataclass: one is made per tracked file, and a
    tuple is several times cheaper to build.
    """

    mode: str
    oid: str
    path: str


def _git(args: Sequence[str], cwd: Path | str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH", "install git") from exc


def _run(args: Sequence[str], cwd: Path | str, *, check: bool = True) -> bytes:
    proc = _git(args, cwd)
    if check and proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = message[-1] if message else f"exit code {proc.returncode}"
        raise GitError(f"git {args[0]} failed in {cwd}: {detail}")
    return proc.stdout


def find_root(start: Path) -> Path | None:
    """The top of the working tree holding ``start``, or None outside any repository."""
    repo = locate(start if start.is_dir() else start.parent)
    return repo.root if repo else None


def has_commit(root: Path, ref: str) -> bool:
    """Whether ``ref`` names a commit present in the repository at ``root``."""
    return _git(["cat-file", "-e", f"{ref}^{{commit}}"], root).returncode == 0


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
    # Records are "<mode> <oid> <stage>\t<path>"; this runs once per tracked file.
    seen: set[str] = set()
    fsdecode = os.fsdecode
    for record in out.split(b"\0"):
        if not record:
            continue
        tab = record.index(b"\t")
        path = fsdecode(record[tab + 1 :])
        if record[tab - 1] != 0x30:  # stage "0": the usual case, no conflict
            # During a merge conflict a path has several stages; scan the first once.
            if path in seen:
                continue
            seen.add(path)
        yield IndexEntry(record[:6].decode("ascii"), record[7 : tab - 2].decode("ascii"), path)


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


# Functions for the git hooks: each answers with one git process, since a hook runs on
# every commit and every process costs milliseconds. Their values are NamedTuples, which
# cost a fifth of a frozen dataclass to define at import: start-up is most of a hook's time.


class Repository(NamedTuple):
    """A working tree's top folder and its HEAD commit (None before the first commit)."""

    root: Path
    head: str | None


def locate(start: Path) -> Repository | None:
    """The repository holding ``start`` and its HEAD, or None outside a working tree."""
    out = _run(["rev-parse", "--show-toplevel", "--verify", "-q", "HEAD"], start, check=False)
    lines = out.split(b"\n")
    if not lines[0]:
        return None
    head = lines[1].decode("ascii") if len(lines) > 1 and lines[1] else None
    return Repository(Path(os.fsdecode(lines[0])), head)


def require_repository(start: Path, why: str) -> Repository:
    repo = locate(start)
    if repo is None:
        raise NotARepositoryError(
            f"{start} is not inside a git working tree, which {why} needs",
            "run it inside a repository",
        )
    return repo


def staged_entries(repo: Repository, pathspecs: Sequence[str] = ()) -> list[IndexEntry]:
    """Index entries that ``git commit`` would record as added or modified (no deletions).

    ``pathspecs`` (repository-relative files or folders) narrow the set. Before the first
    commit every index entry is an addition.
    """
    if repo.head is None:
        return ls_files(repo.root, pathspecs)
    specs = [f":(literal){spec}" for spec in pathspecs]
    args = ["diff-index", "--cached", "-z", "--no-renames", "--diff-filter=ACMRT", repo.head]
    return list(_parse_raw(_run([*args, "--", *specs], repo.root)))


def staged_renames(repo: Repository) -> dict[str, str]:
    """Staged renames, new path to old path (empty before the first commit)."""
    if repo.head is None:
        return {}
    args = ["diff-index", "--cached", "-z", "-M", "--diff-filter=R", "--name-status", repo.head]
    fields = [os.fsdecode(f) for f in _run(args, repo.root).split(b"\0")]
    # Records are ``R<score> NUL old NUL new NUL``.
    return {new: old for old, new in zip(fields[1::3], fields[2::3], strict=False)}


def _parse_raw(out: bytes) -> Iterator[IndexEntry]:
    """``:old_mode new_mode old_id new_id status NUL path NUL`` records (``--raw -z``)."""
    fields = out.split(b"\0")
    for meta, raw_path in zip(fields[0::2], fields[1::2], strict=False):
        parts = meta.lstrip(b"\n:").split(b" ")
        if parts[1] == b"000000":
            continue  # a deletion adds nothing
        yield IndexEntry(parts[1].decode("ascii"), parts[3].decode("ascii"), os.fsdecode(raw_path))


def untracked(cwd: Path, pathspecs: Sequence[str] = ()) -> list[str]:
    """Untracked files that git does not ignore, under ``pathspecs`` (relative to ``cwd``).

    Paths are returned relative to the top of the working tree.
    """
    specs = [f":(literal){spec}" for spec in pathspecs]
    args = ["ls-files", "-z", "--others", "--exclude-standard", "--full-name"]
    out = _run([*args, "--", *specs], cwd)
    return [os.fsdecode(p) for p in out.split(b"\0") if p]


def hooks_dir(root: Path) -> Path:
    """The folder git runs hooks from (``core.hooksPath`` when set)."""
    out = _run(["rev-parse", "--git-path", "hooks"], root).rstrip(b"\n")
    path = Path(os.fsdecode(out))
    return path if path.is_absolute() else root / path


def remote_tips(root: Path) -> list[str]:
    """Commit ids at the tip of every remote-tracking branch."""
    out = _run(["for-each-ref", "--format=%(objectname)", "refs/remotes"], root)
    return sorted({line.decode("ascii") for line in out.split() if line})


def read_objects(root: Path, names: Sequence[str]) -> list[bytes | None]:
    """Objects by name (an id or ``rev:path``) through one ``git cat-file --batch``.

    A name that does not resolve (a path missing from that commit) gives None.
    """
    asked = [name for name in names if "\n" not in name]
    if not asked:
        return [None] * len(names)
    try:
        proc = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=root,
            input="".join(name + "\n" for name in asked).encode("utf-8", "surrogateescape"),
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed or not on PATH", "install git") from exc
    out, pos = proc.stdout, 0
    found: dict[str, bytes | None] = {}
    for name in asked:
        end = out.find(b"\n", pos)
        if end == -1:
            raise GitError(f"git cat-file failed in {root}: {proc.stderr.decode(errors='replace')}")
        header = out[pos:end].split(b" ")
        pos = end + 1
        if len(header) != 3 or not header[2].isdigit():
            found[name] = None
            continue
        size = int(header[2])
        found[name] = out[pos : pos + size]
        pos += size + 1
    return [found.get(name) for name in names]

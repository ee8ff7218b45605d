"""Finding the repository: its working tree, git directory, HEAD and layout.

The lookups answer with one git process each, since a hook runs on every commit and
every process costs milliseconds. ``Repository`` is a NamedTuple, which costs a fifth of
a frozen dataclass to define at import: start-up is most of a hook's time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from vpkscan.errors import NotARepositoryError
from vpkscan.git.process import completed, run


class Repository(NamedTuple):
    """A repository to read: ``root`` is the top of the working tree, or the git
    directory of a bare repository (reported paths are relative to it); ``head`` is the
    HEAD commit (None before the first commit)."""

    root: Path
    head: str | None
    bare: bool = False
    shallow: bool = False


def locate(start: Path) -> Repository | None:
    """The working tree holding ``start`` and its HEAD, or None outside a working tree."""
    out = run(["rev-parse", "--show-toplevel", "--verify", "-q", "HEAD"], start, check=False)
    lines = out.split(b"\n")
    if not lines[0]:
        return None
    head = lines[1].decode("ascii") if len(lines) > 1 and lines[1] else None
    return Repository(Path(os.fsdecode(lines[0])), head)


def find_root(start: Path) -> Path | None:
    """The top of the working tree holding ``start``, or None outside any working tree."""
    repo = locate(start if start.is_dir() else start.parent)
    return repo.root if repo else None


def require_repository(start: Path, why: str) -> Repository:
    """The working tree holding ``start``; NotARepositoryError outside one."""
    repo = locate(start)
    if repo is None:
        raise NotARepositoryError(
            f"{start} is not inside a git repository, which {why} needs",
            "run it inside a repository",
        )
    return repo


def require_root(start: Path, why: str) -> Path:
    return require_repository(start, why).root


def open_repository(start: Path, why: str) -> Repository:
    """The repository holding ``start``, a working tree or a bare one, with its layout."""
    args = [
        "rev-parse",
        "--is-bare-repository",
        "--is-shallow-repository",
        "--absolute-git-dir",
    ]
    out = run(args, start, check=False).decode("utf-8", "surrogateescape").splitlines()
    if len(out) != 3:
        raise NotARepositoryError(
            f"{start} is not inside a git repository, which {why} needs",
            "run it inside a repository (a bare one works too)",
        )
    bare, shallow, git_dir = out[0] == "true", out[1] == "true", Path(out[2])
    if bare:
        return Repository(git_dir, rev_parse_commit(git_dir, "HEAD"), True, shallow)
    found = locate(start)
    if found is None:
        return Repository(git_dir.parent, None, False, shallow)
    return Repository(found.root, found.head, False, shallow)


def rev_parse_commit(root: Path, rev: str) -> str | None:
    """The commit id ``rev`` names, or None when it names no commit."""
    args = ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"]
    text = run(args, root, check=False).decode("ascii", "replace").strip()
    return text or None


def has_commit(root: Path, ref: str) -> bool:
    """Whether ``ref`` names a commit present in the repository at ``root``."""
    return completed(["cat-file", "-e", f"{ref}^{{commit}}"], root).returncode == 0


def has_commits(root: Path) -> bool:
    """Whether any ref (or HEAD) leads to a commit; false in a new, empty repository.

    A repository whose refs lead to objects git cannot read (a damaged pack, a commit
    overwritten) is a GitError, never "no commits": that would pass an audit silently.
    """
    return bool(run(["rev-list", "-n", "1", "--all"], root).strip())


def hooks_dir(root: Path) -> Path:
    """The folder git runs hooks from (``core.hooksPath`` when set)."""
    out = run(["rev-parse", "--git-path", "hooks"], root).rstrip(b"\n")
    path = Path(os.fsdecode(out))
    return path if path.is_absolute() else root / path

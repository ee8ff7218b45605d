"""Refs and reachability: remote tips, stashes, and which commits are pushed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vpkscan.errors import GitError
from vpkscan.git.process import PIPE, run, spawn


def remote_tips(root: Path) -> list[str]:
    """Commit ids at the tip of every remote-tracking branch."""
    out = run(["for-each-ref", "--format=%(objectname)", "refs/remotes"], root)
    return sorted({line.decode("ascii") for line in out.split() if line})


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


def count_commits(root: Path, revisions: Sequence[str]) -> int:
    """How many commits ``git rev-list REVISIONS`` lists."""
    out = run(["rev-list", "--count", *revisions, "--"], root)
    return int(out.strip() or b"0")


def refs_without(root: Path, commit: str, namespaces: Sequence[str]) -> list[str]:
    """The refs under ``namespaces`` (``refs/remotes``, ``refs/tags``) that do not reach
    ``commit``, i.e. that hold none of the commits only ``commit`` leads to."""
    args = ["for-each-ref", "--format=%(refname)", f"--no-contains={commit}", *namespaces]
    return [line.decode("utf-8", "surrogateescape") for line in run(args, root).splitlines()]


def has_remote_refs(root: Path) -> bool:
    """Whether the repository has any remote-tracking ref."""
    return bool(run(["for-each-ref", "--count=1", "--format=x", "refs/remotes"], root).strip())

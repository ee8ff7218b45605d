"""The blobs that the commits of a push add, each attributed to its commit (pre-push hook).

A push is described by ranges: the pre-commit framework gives one in
``PRE_COMMIT_FROM_REF``/``PRE_COMMIT_TO_REF``; git gives a native pre-push hook one line
per ref on standard input, ``<local ref> <local sha> <remote ref> <remote sha>``. A range
without a known start (a new branch) covers the commits that no remote-tracking branch
holds yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from vpkscan.errors import GitError
from vpkscan.model import CommitInfo, Skipped, SkipReason
from vpkscan.targets import git
from vpkscan.targets.plan import BlobRef
from vpkscan.targets.staged import excluder


@dataclass(frozen=True, slots=True)
class PushRange:
    """Commits reachable from ``to_ref`` and not from ``from_ref`` (None: not from any
    remote-tracking branch)."""

    from_ref: str | None
    to_ref: str


@dataclass(frozen=True, slots=True)
class PushedBlobs:
    """What a push would publish: each new blob once, with the commit that added it."""

    blobs: tuple[tuple[BlobRef, CommitInfo], ...]
    commits: int
    skipped: tuple[Skipped, ...]


def _unknown(ref: str | None) -> bool:
    return not ref or set(ref) == {"0"}


def ranges_from_environment(environ: Mapping[str, str]) -> list[PushRange] | None:
    """The range the pre-commit framework exports, or None outside it.

    When it pushes a branch from its root commit, pre-commit exports no range but the
    local branch: everything on it that no remote holds is new.
    """
    to_ref = environ.get("PRE_COMMIT_TO_REF")
    if to_ref:
        from_ref = environ.get("PRE_COMMIT_FROM_REF")
        return [PushRange(None if _unknown(from_ref) else from_ref, to_ref)]
    branch = environ.get("PRE_COMMIT_LOCAL_BRANCH")
    if branch:
        return [PushRange(None, branch)]
    return None


def ranges_from_stdin(text: str) -> list[PushRange]:
    """Ranges from git's pre-push lines; a deleted ref (local sha all zeros) pushes nothing."""
    ranges: list[PushRange] = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 4 or _unknown(parts[1]):
            continue
        ranges.append(PushRange(None if _unknown(parts[3]) else parts[3], parts[1]))
    return ranges


def known_commit(root: Path, ref: str) -> bool:
    """Whether ``ref`` names a commit this repository has."""
    return git.has_commit(root, ref)


def _revisions(push: PushRange) -> list[str]:
    if push.from_ref is None:
        return [push.to_ref, "--not", "--remotes"]
    return [f"{push.from_ref}..{push.to_ref}"]


def pushed_blobs(
    root: Path, ranges: Sequence[PushRange], exclude: Sequence[str] = ()
) -> PushedBlobs:
    """Blobs added or modified by the commits of ``ranges``, oldest commit first.

    A start that is not in the local repository (the remote moved on and was not
    fetched) falls back to "not on any remote-tracking branch".
    """
    is_excluded = excluder(exclude)
    seen_commits: set[str] = set()
    seen_blobs: set[str] = set()
    blobs: list[tuple[BlobRef, CommitInfo]] = []
    skipped: list[Skipped] = []
    for push in ranges:
        try:
            commits = git.commits_adding(root, _revisions(push))
        except GitError:
            if push.from_ref is None:
                raise
            commits = git.commits_adding(root, _revisions(PushRange(None, push.to_ref)))
        for commit in commits:
            if commit.id in seen_commits:
                continue
            seen_commits.add(commit.id)
            info = CommitInfo(commit.id, commit.author, commit.date)
            for entry in commit.entries:
                if entry.mode == git.MODE_GITLINK:
                    skipped.append(Skipped(entry.path, SkipReason.SUBMODULE))
                elif entry.mode == git.MODE_SYMLINK:
                    skipped.append(Skipped(entry.path, SkipReason.SYMLINK))
                elif is_excluded is not None and is_excluded(entry.path):
                    skipped.append(Skipped(entry.path, SkipReason.EXCLUDED))
                elif entry.oid not in seen_blobs:
                    seen_blobs.add(entry.oid)
                    blobs.append((BlobRef(entry.path, entry.oid), info))
    return PushedBlobs(tuple(blobs), len(seen_commits), tuple(skipped))

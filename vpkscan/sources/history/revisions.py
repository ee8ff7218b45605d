"""Turning ``--range A..B`` and ``--since-commit C`` into what ``git log`` walks.

``A..B`` is the commits of B that A lacks (a push, a pull request); ``A...B`` the
commits of either side since they forked. A start of all zeros, which git's pre-push
hook sends for a new branch, means "not on any remote-tracking branch yet".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vpkscan.errors import UsageError
from vpkscan.git.repo import rev_parse_commit


@dataclass(frozen=True, slots=True)
class CommitRange:
    """What to walk (``git log`` arguments) and the commit whose tree is "current"."""

    revisions: tuple[str, ...]
    end: str


def _commit(root: Path, rev: str, spec: str) -> str:
    if rev.startswith("-"):
        raise UsageError(f"invalid revision range {spec!r}", "write it as A..B")
    commit = rev_parse_commit(root, rev)
    if commit is None:
        raise UsageError(
            f"{rev!r} in {spec!r} names no commit of this repository",
            "fetch it first, or check the spelling",
        )
    return commit


def parse_range(root: Path, spec: str) -> CommitRange:
    """The commits of ``spec`` (``A..B``, ``A...B``, ``A..``, ``..B``)."""
    separator = "..." if "..." in spec else ".."
    if separator not in spec:
        raise UsageError(f"invalid revision range {spec!r}", "write it as A..B (e.g. main..HEAD)")
    start, _, end = spec.partition(separator)
    end_commit = _commit(root, end or "HEAD", spec)
    if start and set(start) == {"0"}:
        return CommitRange((end_commit, "--not", "--remotes"), end_commit)
    start_commit = _commit(root, start or "HEAD", spec)
    return CommitRange((f"{start_commit}{separator}{end_commit}",), end_commit)


def since_commit(root: Path, commit: str) -> CommitRange:
    """``--since-commit C``: the commits after C up to HEAD."""
    return parse_range(root, f"{commit}..HEAD")

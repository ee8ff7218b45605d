"""Turning ``--range A..B`` and ``--since-commit C`` into what ``git log`` walks.

``A..B`` is the commits of B that A lacks (a push, a pull request); ``A...B`` the
commits of either side since they forked. A start of all zeros, which git's pre-push
hook sends for a new branch, means "not on any remote-tracking branch yet".

CI passes the commits of a push as ``before..after``; after a force-push ``before`` is
gone, and a new branch has no ``before`` at all. A pipeline must not fail for that, so an
unknown start falls back to the commits of the end that are not published elsewhere
(see ``_without_start``), and the range carries a note saying what was scanned instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from vpkscan.errors import UsageError
from vpkscan.git.refs import count_commits, has_remote_refs, refs_without
from vpkscan.git.repo import rev_parse_commit

#: A start written as a commit id (what CI passes): when unknown, it was force-pushed
#: away or never fetched, and the range falls back instead of failing.
_COMMIT_ID = re.compile(r"[0-9a-fA-F]{7,64}")


@dataclass(frozen=True, slots=True)
class CommitRange:
    """What to walk (``git log`` arguments) and the commit whose tree is "current"."""

    revisions: tuple[str, ...]
    end: str
    #: What was scanned instead of the range as written, when its start is unknown.
    note: str | None = None


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


def parse_range(root: Path, spec: str, *, before_push: bool = False) -> CommitRange:
    """The commits of ``spec`` (``A..B``, ``A...B``, ``A..``, ``..B``).

    ``before_push``: the pre-push hook's own ranges, whose all-zero start means exactly
    "what no remote-tracking branch holds" (the push has not happened yet); from the
    command line an unknown or all-zero start takes the fallback of ``_without_start``.
    """
    separator = "..." if "..." in spec else ".."
    if separator not in spec:
        raise UsageError(f"invalid revision range {spec!r}", "write it as A..B (e.g. main..HEAD)")
    start, _, end = spec.partition(separator)
    end_commit = _commit(root, end or "HEAD", spec)
    if start and set(start) == {"0"}:
        if before_push:
            return CommitRange((end_commit, "--not", "--remotes"), end_commit)
        return _without_start(root, end or "HEAD", end_commit, "the range starts at no commit")
    if start.startswith("-"):
        raise UsageError(f"invalid revision range {spec!r}", "write it as A..B")
    start_commit = rev_parse_commit(root, start or "HEAD")
    if start_commit is None and not _COMMIT_ID.fullmatch(start):
        # A misspelt name: say so rather than scan something else.
        _commit(root, start or "HEAD", spec)
    if start_commit is None:
        why = f"{start!r} names no commit of this repository (a force-push, or not fetched)"
        return _without_start(root, end or "HEAD", end_commit, why)
    return CommitRange((f"{start_commit}{separator}{end_commit}",), end_commit)


def _without_start(root: Path, end: str, end_commit: str, why: str) -> CommitRange:
    """The commits of ``end`` to scan when the range's start is unknown.

    Locally (a pre-push script, a developer's clone) that is what no remote-tracking
    branch holds yet. In CI the push has already happened, so the branch's own
    remote-tracking ref holds everything: then it is the commits of ``end`` that no other
    remote-tracking branch or tag holds (the branch since it forked), and with nothing
    to compare with, every commit of ``end``.
    """
    shown = f"{end} ({end_commit[:12]})" if end != end_commit else end_commit[:12]
    if not has_remote_refs(root):
        return _everything(root, end_commit, shown, why)
    unpushed = (end_commit, "--not", "--remotes")
    count = count_commits(root, unpushed)
    if count:
        what = f"the {_commits(count)} of {shown} that no remote-tracking branch holds"
        return CommitRange(unpushed, end_commit, f"{why}: scanned {what}")
    others = refs_without(root, end_commit, ["refs/remotes", "refs/tags"])
    if others:
        revisions = (end_commit, "--not", *others)
        count = count_commits(root, revisions)
        what = f"the {_commits(count)} of {shown} that no other remote-tracking branch or tag holds"
        return CommitRange(revisions, end_commit, f"{why}: scanned {what}")
    return _everything(root, end_commit, shown, why)


def _everything(root: Path, end_commit: str, shown: str, why: str) -> CommitRange:
    count = count_commits(root, (end_commit,))
    what = f"all {_commits(count)} of {shown} (no other branch to compare with)"
    return CommitRange((end_commit,), end_commit, f"{why}: scanned {what}")


def _commits(count: int) -> str:
    return "1 commit" if count == 1 else f"{count} commits"


def since_commit(root: Path, commit: str) -> CommitRange:
    """``--since-commit C``: the commits after C up to HEAD."""
    return parse_range(root, f"{commit}..HEAD")

"""The ranges of a push (pre-push hook): which commits a push would publish.

A push is described by ranges: the pre-commit framework gives one in
``PRE_COMMIT_FROM_REF``/``PRE_COMMIT_TO_REF``; git gives a native pre-push hook one line
per ref on standard input, ``<local ref> <local sha> <remote ref> <remote sha>``. A range
without a known start (a new branch) covers the commits that no remote-tracking branch
holds yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from vpkscan.git.repo import has_commit


@dataclass(frozen=True, slots=True)
class PushRange:
    """Commits reachable from ``to_ref`` and not from ``from_ref`` (None: not from any
    remote-tracking branch)."""

    from_ref: str | None
    to_ref: str


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
    return has_commit(root, ref)

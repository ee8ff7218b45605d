"""The leak stage of a commit: pushed (a remote-tracking ref or a tag reaches it) or local.

A key in a pushed commit has left the machine: rewriting history no longer helps, it must
be rotated. A key only in local commits can still be removed by rewriting them before
they are pushed (rotating it is still advisable).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from vpkscan.history import gitio

PUSHED = "pushed"
LOCAL = "local"


def exposures(root: Path, commits: Iterable[str]) -> dict[str, str]:
    """``pushed`` or ``local`` for each of ``commits``, from one ``git rev-list``."""
    wanted = sorted(set(commits))
    local = gitio.local_commits(root, wanted)
    return {commit: LOCAL if commit in local else PUSHED for commit in wanted}

"""The leak stage of a commit: pushed (a remote-tracking ref or a tag reaches it) or local.

A key in a pushed commit has left the machine: rewriting history no longer helps, it must
be rotated. A key only in local commits can still be removed by rewriting them before
they are pushed (rotating it is still advisable).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from vpkscan.git.refs import local_commits
from vpkscan.model import Exposure


def exposures(root: Path, commits: Iterable[str]) -> dict[str, Exposure]:
    """``pushed`` or ``local`` for each of ``commits``, from one ``git rev-list``."""
    wanted = sorted(set(commits))
    local = local_commits(root, wanted)
    return {commit: Exposure.LOCAL if commit in local else Exposure.PUSHED for commit in wanted}

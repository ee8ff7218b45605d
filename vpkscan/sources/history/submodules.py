"""Submodules in history: recorded as gitlinks, scanned only with ``--recurse-submodules``.

A gitlink names a commit of another repository; its content is not in this one. With
``--recurse-submodules`` the history of each submodule that is checked out is scanned
too, and its findings are reported under the submodule's path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from vpkscan.errors import GitError, VpkscanError
from vpkscan.git.log import Introduction
from vpkscan.git.repo import Repository, open_repository
from vpkscan.model import Finding, Skipped, SkipReason
from vpkscan.sources.history.revisions import CommitRange


@dataclass(frozen=True, slots=True)
class Part:
    """What scanning one repository's history (or range) found and covered."""

    findings: tuple[Finding, ...] = ()
    blobs: int = 0
    bytes: int = 0
    commits: int = 0
    skipped: tuple[Skipped, ...] = ()
    notes: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()


def note_submodules(part: Part, count: int) -> Part:
    note = (
        f"{count} submodule(s) recorded as gitlinks were not scanned "
        "(--recurse-submodules scans the history of those checked out)"
    )
    return dataclasses.replace(part, notes=(*part.notes, note))


def scan_submodules(
    repo: Repository,
    part: Part,
    paths: Sequence[str],
    scan: Callable[[Repository, str], Part],
) -> Part:
    """``part`` plus what ``scan`` finds in each checked-out submodule at ``paths``."""
    findings = list(part.findings)
    skipped = [s for s in part.skipped if s.reason is not SkipReason.SUBMODULE]
    notes = list(part.notes)
    errors = list(part.errors)
    blobs, size, commits = part.blobs, part.bytes, part.commits
    for path in paths:
        sub = _open(repo, path)
        if sub is None:
            skipped.append(Skipped(path, SkipReason.SUBMODULE))
            notes.append(f"submodule {path} is not checked out, so its history was not scanned")
            continue
        try:
            inner = scan(sub, path)
        except GitError as exc:
            # The commits a gitlink names may not have been fetched into the submodule.
            errors.append(f"submodule {path} was not scanned: {exc}")
            continue
        findings += [dataclasses.replace(f, path=f"{path}/{f.path}") for f in inner.findings]
        skipped += [dataclasses.replace(s, path=f"{path}/{s.path}") for s in inner.skipped]
        notes += [f"submodule {path}: {note}" for note in inner.notes]
        errors += [f"submodule {path}: {error}" for error in inner.errors]
        blobs, size, commits = blobs + inner.blobs, size + inner.bytes, commits + inner.commits
    return Part(tuple(findings), blobs, size, commits, tuple(skipped), tuple(notes), tuple(errors))


def _open(repo: Repository, path: str) -> Repository | None:
    """The submodule's own repository, when its working tree is checked out."""
    if repo.bare:
        return None
    directory = repo.root / path
    if not (directory / ".git").exists():
        return None
    try:
        sub = open_repository(directory, "--recurse-submodules")
    except VpkscanError:
        return None
    return sub if sub.root.resolve() == directory.resolve() else None


def submodule_moves(gitlinks: Iterable[Introduction]) -> dict[str, CommitRange]:
    """For each submodule path, the submodule commits that the gitlink changes bring in:
    the new commits, minus what the previous ones already had."""
    news: dict[str, list[str]] = {}
    olds: dict[str, list[str]] = {}
    for link in gitlinks:
        news.setdefault(link.path, []).append(link.oid)
        olds.setdefault(link.path, []).extend(old for old in link.previous if old)
    moves = {}
    for path, tips in news.items():
        before = olds[path]
        revisions = (*tips, "--not", *before) if before else tuple(tips)
        # The walk lists the newest change first.
        moves[path] = CommitRange(revisions, tips[0])
    return moves

"""History and range scans (``--history``, ``--range``): orchestration only.

A history scan starts the walk (``git log`` over every ref, spooled to disk) and lists
the blobs in pack order at once; two readers scan every blob while git walks; then the
blobs that hold keys are attributed to the commits that introduced them, each finding
gets its exposure, and the result is finished like every other scan (environment rules,
suppressions, sorting). A range scan walks only the range and reads only what its
commits add, plus the few earlier versions needed to tell a new key from a carried one.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from vpkscan.config import Config
from vpkscan.engine import finish
from vpkscan.errors import GitError
from vpkscan.git.index import tree_entries
from vpkscan.git.log import GITLINK, SYMLINK, Introduction, Walk
from vpkscan.git.objects import ObjectInfo, list_objects, object_infos
from vpkscan.git.process import MODE_GITLINK, MODE_SYMLINK
from vpkscan.git.refs import stash_commits
from vpkscan.git.repo import Repository, has_commits, open_repository, rev_parse_commit
from vpkscan.model import ScanMode, ScanResult, Skipped, SkipReason, Summary
from vpkscan.read.blobs import READERS, BlobScan, Totals, read_blobs
from vpkscan.read.progress import Progress
from vpkscan.sources.filters import excluder
from vpkscan.sources.history.attribute import sort_by_commit_date
from vpkscan.sources.history.collect import (
    EndTree,
    archive_messages,
    collect,
    unreachable,
)
from vpkscan.sources.history.revisions import CommitRange, parse_range, since_commit
from vpkscan.sources.history.submodules import (
    Part,
    note_submodules,
    scan_submodules,
    submodule_moves,
)
from vpkscan.suppress.baseline import Entry
from vpkscan.suppress.baseline import read as read_baseline

SHALLOW_NOTE = (
    "shallow clone: commits older than the shallow boundary are not in this repository, so "
    "keys only there are not found, and the oldest fetched commits are credited with every "
    "file they hold (git fetch --unshallow for a complete audit)"
)
LFS_NOTE = (
    "{count} Git LFS pointer file(s) were not scanned: their content is stored outside git "
    "(git lfs fetch --all, then scan the LFS objects with vpkscan scan --no-git)"
)


@dataclass(frozen=True, slots=True)
class HistoryOptions:
    """What beyond the refs' history to read."""

    all_objects: bool = False
    recurse_submodules: bool = False
    #: Blobs the history names but the repository lacks (a partial clone) are counted as
    #: skipped instead of failing the scan.
    skip_missing_objects: bool = False


def scan_history(
    cwd: Path,
    config: Config,
    options: HistoryOptions = HistoryOptions(),
    progress: Progress | None = None,
) -> ScanResult:
    """Every blob reachable from any ref, read once; each finding traced to its commit(s)."""
    started = time.perf_counter()
    repo = open_repository(cwd, "--history")
    baseline = read_baseline(config.baseline) if config.baseline else frozenset()
    part = history_part(repo, config, options, progress)
    return _result(repo, ScanMode.HISTORY, part, config, baseline, started)


def scan_range(
    cwd: Path,
    config: Config,
    spec: str | None = None,
    since: str | None = None,
    options: HistoryOptions = HistoryOptions(),
    progress: Progress | None = None,
    *,
    before_push: bool = False,
) -> ScanResult:
    """What the commits of ``spec`` (``A..B``) or of ``since..HEAD`` add (``before_push``:
    the pre-push hook's range, see ``parse_range``)."""
    started = time.perf_counter()
    repo = open_repository(cwd, "--range" if spec is not None else "--since-commit")
    baseline = read_baseline(config.baseline) if config.baseline else frozenset()
    if spec is not None:
        commits = parse_range(repo.root, spec, before_push=before_push)
    else:
        commits = since_commit(repo.root, since or "HEAD")
    part = range_part(repo, commits, config, options, progress)
    if commits.note is not None:
        part = dataclasses.replace(part, notes=(commits.note, *part.notes))
    return _result(repo, ScanMode.RANGE, part, config, baseline, started)


def history_part(
    repo: Repository, config: Config, options: HistoryOptions, progress: Progress | None
) -> Part:
    """The findings and counts of one repository's history (submodules included)."""
    root = repo.root
    if not has_commits(root) and not options.all_objects:
        return Part(notes=("the repository has no commits yet: there is no history to scan",))
    extra = stash_commits(root)
    if options.all_objects:
        objects: Iterable[ObjectInfo] = list(list_objects(root))
        extra += [info.oid for info in objects if info.type == "commit"]
        walk = Walk(root, ["--all"], extra)
    else:
        # Started first, git walks the history while the blobs are listed and read.
        walk = Walk(root, ["--all"], extra)
        objects = list_objects(root)
    listed: set[str] = set()
    with walk:
        scans, totals = _read(root, _recording(objects, listed), config, progress)
        introductions = list(
            walk.introductions(lambda oid, mode: _wanted(oid, mode, scans, listed))
        )
        commits = walk.commits
    introductions, lost = _missing(introductions, lambda oid: oid not in listed, config, options)
    head = rev_parse_commit(root, "HEAD")
    tree = {entry.path: entry.oid for entry in tree_entries(root, head)} if head else {}
    # Every blob of HEAD's tree was read: the keys it holds are known.
    end = EndTree(head, tree, complete=True)
    findings, skipped, present = collect(root, introductions, scans, end, config)
    if options.all_objects:
        findings += unreachable(introductions, scans, present)
    notes = [SHALLOW_NOTE] if repo.shallow else []
    archive_notes, archive_errors = archive_messages(introductions, scans)
    notes += archive_notes
    part = Part(
        tuple(findings),
        totals.blobs,
        totals.bytes,
        commits,
        (*skipped, *lost),
        tuple(notes),
        tuple(archive_errors),
    )
    return _with_submodules(
        repo, part, options, lambda sub, path: history_part(sub, config, options, None)
    )


def range_part(
    repo: Repository,
    commits: CommitRange,
    config: Config,
    options: HistoryOptions,
    progress: Progress | None,
) -> Part:
    """The findings of what the commits of ``commits`` add, in one repository."""
    root = repo.root
    with Walk(root, commits.revisions) as walk:
        introductions = list(walk.introductions(lambda oid, mode: True))
        walked = walk.commits
    exclude = excluder(config.exclude)
    added = _unique(
        i.oid
        for i in introductions
        if i.mode not in (MODE_GITLINK, MODE_SYMLINK) and not exclude(i.path)
    )
    absent: list[str] = []
    infos = object_infos(root, added, absent)
    introductions, lost = _missing(introductions, set(absent).__contains__, config, options)
    scans, totals = _read(root, infos, config, progress)
    read = set(added)
    tree = {entry.path: entry.oid for entry in tree_entries(root, commits.end)}
    # Earlier versions of the paths that got keys, and the end versions of those paths:
    # they tell a key carried over from a new one, and a key still present from a gone one.
    hits = [i for i in introductions if i.oid in scans]
    more = _unique(
        oid
        for i in hits
        for oid in (*i.previous, tree.get(i.path))
        if oid is not None and oid not in read
    )
    # Earlier versions only tell new keys from carried ones: one that is missing (a
    # partial clone) makes its keys count as new, which errs on the side of reporting.
    earlier, extra = _read(root, object_infos(root, more, []), config, None)
    scans.update(earlier)
    end = EndTree(commits.end, tree, complete=False)
    findings, skipped, _ = collect(root, introductions, scans, end, config)
    blobs, size = totals.blobs + extra.blobs, totals.bytes + extra.bytes
    notes, errors = archive_messages(introductions, scans)
    part = Part(
        tuple(findings), blobs, size, walked, (*skipped, *lost), tuple(notes), tuple(errors)
    )
    moves = submodule_moves(i for i in introductions if i.mode == MODE_GITLINK)

    def submodule(sub: Repository, path: str) -> Part:
        # What the range's gitlink changes bring in, not the submodule's whole history.
        return range_part(sub, moves[path], config, options, None)

    return _with_submodules(repo, part, options, submodule)


def _read(
    root: Path,
    objects: Iterable[ObjectInfo],
    config: Config,
    progress: Progress | None,
) -> tuple[dict[str, BlobScan], Totals]:
    """Read and scan the blobs among ``objects``; ``--jobs`` sets the number of readers."""
    readers = config.jobs or READERS
    try:
        return read_blobs(
            root,
            objects,
            max_size=config.max_file_size,
            limits=config.limits,
            progress=progress,
            readers=readers,
        )
    finally:
        if progress is not None:
            progress.finish()


def _wanted(oid: str, mode: bytes, scans: dict[str, BlobScan], listed: set[str]) -> bool:
    """Walk records worth keeping: blobs that need attributing, paths to list as skipped,
    and blobs the repository does not hold (to report, never to pass over)."""
    return oid in scans or mode in (GITLINK, SYMLINK) or oid not in listed


def _recording(objects: Iterable[ObjectInfo], listed: set[str]) -> Iterator[ObjectInfo]:
    """``objects`` as they come, with the id of every blob added to ``listed``."""
    for info in objects:
        if info.type == "blob":
            listed.add(info.oid)
        yield info


def _missing(
    introductions: list[Introduction],
    absent: Callable[[str], bool],
    config: Config,
    options: HistoryOptions,
) -> tuple[list[Introduction], list[Skipped]]:
    """The introductions of blobs the repository holds, and those of blobs it lacks
    (``absent``) as skipped; without ``--skip-missing-objects`` a lacking blob fails the
    scan (GitError): a key in it would otherwise be missed in silence."""
    exclude = excluder(config.exclude)

    def lacking(i: Introduction) -> bool:
        if i.mode in (MODE_GITLINK, MODE_SYMLINK) or exclude(i.path):
            return False
        return absent(i.oid)

    lost = [i for i in introductions if lacking(i)]
    if not lost:
        return introductions, []
    blobs = len({i.oid for i in lost})
    first = lost[0]
    if not options.skip_missing_objects:
        raise GitError(
            f"{blobs} blob(s) that the history names are missing from the repository "
            f"(first: {first.path} in commit {first.commit.id[:12]}): a partial clone "
            "(--filter) or a damaged repository, so the scan would be incomplete",
            "fetch the missing objects (git fetch --refetch, or git fsck to find damage), "
            "or pass --skip-missing-objects to scan what is there",
        )
    skipped = {i.path: Skipped(i.path, SkipReason.MISSING_OBJECT) for i in lost}
    return [i for i in introductions if not lacking(i)], list(skipped.values())


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _with_submodules(
    repo: Repository,
    part: Part,
    options: HistoryOptions,
    scan: Callable[[Repository, str], Part],
) -> Part:
    paths = sorted({s.path for s in part.skipped if s.reason is SkipReason.SUBMODULE})
    if not paths:
        return part
    if not options.recurse_submodules:
        return note_submodules(part, len(paths))
    return scan_submodules(repo, part, paths, scan)


def _result(
    repo: Repository,
    mode: ScanMode,
    part: Part,
    config: Config,
    baseline: frozenset[Entry],
    started: float,
) -> ScanResult:
    notes = list(part.notes)
    lfs = sum(1 for s in part.skipped if s.reason is SkipReason.LFS_POINTER)
    if lfs:
        notes.append(LFS_NOTE.format(count=lfs))
    summary = Summary(
        mode=mode,
        root=str(repo.root),
        files_scanned=part.blobs,
        bytes_scanned=part.bytes,
        commits_scanned=part.commits,
        skipped=part.skipped,
        notes=tuple(notes),
        errors=part.errors,
    )
    return finish(sort_by_commit_date(list(part.findings)), summary, config, baseline, started)

"""The staged (index) content of files: what ``git commit`` records, not the working tree.

Also answers, for a key found there, how far it has already gone: only staged, in a
local commit, or on a remote-tracking branch (the leak stage of SPEC §4 ``exposure``).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from vpkscan.model import Finding, ScanMode, Skipped, SkipReason
from vpkscan.targets import git
from vpkscan.targets.filesystem import probe
from vpkscan.targets.plan import BlobRef, FileRef, Plan

STAGED = "staged"
LOCAL = "local"
PUSHED = "pushed"
#: Remote-tracking branches compared when telling "local" from "pushed"; past this many
#: the answer would cost more than the hook's time budget.
MAX_REMOTE_TIPS = 32


def plan_staged(
    root: Path,
    only: Sequence[str] = (),
    *,
    repo: git.Repository | None = None,
    exclude: Sequence[str] = (),
    project_paths: bool = True,
) -> Plan:
    """Index blobs of staged additions and modifications; deletions are ignored.

    ``only`` (repository-relative files or folders) narrows the set; it never adds a
    path that is not staged. ``exclude`` holds gitignore-style patterns. Without
    ``project_paths`` the plan does not list the whole index (the hook lists it only
    once a key is found, to keep clean commits fast).
    """
    if repo is None:
        repo = git.require_repository(root, "--staged")
    blobs, skipped = _split(git.staged_entries(repo, only), excluder(exclude))
    return Plan(
        mode=ScanMode.STAGED,
        root=repo.root,
        blobs=tuple(blobs),
        skipped=tuple(skipped),
        all_paths=index_paths(repo.root) if project_paths else (),
    )


def plan_index(repo: git.Repository, paths: Sequence[str], exclude: Sequence[str] = ()) -> Plan:
    """The index content of the named files, staged changes or not (the pre-commit hook).

    The pre-commit framework passes the staged files on a commit and every tracked file
    on ``pre-commit run --all-files``; a named file that is not in the index is read from
    the working tree. Excludes apply to named files too.
    """
    is_excluded = excluder(exclude)
    entries = git.ls_files(repo.root, paths) if paths else []
    blobs, skipped = _split(entries, is_excluded)
    indexed = {entry.path for entry in entries}
    files: list[FileRef] = []
    for path in dict.fromkeys(paths):
        if path in indexed or any(p.startswith(path.rstrip("/") + "/") for p in indexed):
            continue
        if is_excluded is not None and is_excluded(path):
            skipped.append(Skipped(path, SkipReason.EXCLUDED))
            continue
        ref = probe(path, os.path.join(repo.root, path))
        if isinstance(ref, FileRef):
            files.append(ref)
        else:
            skipped.append(ref)
    return Plan(
        mode=ScanMode.STAGED,
        root=repo.root,
        files=tuple(files),
        blobs=tuple(blobs),
        skipped=tuple(skipped),
    )


def index_paths(root: Path) -> tuple[str, ...]:
    """Every path in the index: the project the classifier looks at."""
    return tuple(entry.path for entry in git.ls_files(root))


def excluder(patterns: Sequence[str]) -> Callable[[str], bool] | None:
    """A matcher for gitignore-style ``patterns``, or None when there are none.

    pathspec is imported only when there is something to match: the hook stays fast.
    """
    if not patterns:
        return None
    import pathspec

    spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    return spec.match_file


def _split(
    entries: Iterable[git.IndexEntry], is_excluded: Callable[[str], bool] | None
) -> tuple[list[BlobRef], list[Skipped]]:
    blobs: list[BlobRef] = []
    skipped: list[Skipped] = []
    for entry in entries:
        if entry.mode == git.MODE_GITLINK:
            skipped.append(Skipped(entry.path, SkipReason.SUBMODULE))
        elif entry.mode == git.MODE_SYMLINK:
            skipped.append(Skipped(entry.path, SkipReason.SYMLINK))
        elif is_excluded is not None and is_excluded(entry.path):
            skipped.append(Skipped(entry.path, SkipReason.EXCLUDED))
        else:
            blobs.append(BlobRef(entry.path, entry.oid))
    return blobs, skipped


def leak_stages(repo: git.Repository, findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """``findings`` of a staged scan with ``exposure`` set.

    A key is "pushed" when a remote-tracking branch holds it in the same file (or the
    file it was renamed from), "local" when the HEAD commit does, and "staged" otherwise.
    Only the files with findings are read, so this costs nothing on a clean commit.
    """
    if repo.head is None or not findings:
        return tuple(dataclasses.replace(f, exposure=STAGED) for f in findings)
    from vpkscan.detect.detector import scan_buffer

    renamed = git.staged_renames(repo)
    # A renamed file is looked up under its committed name too.
    sources = {f.path: {f.path, renamed.get(f.path, f.path)} for f in findings}
    paths = sorted(set().union(*sources.values()))
    tips = git.remote_tips(repo.root)[:MAX_REMOTE_TIPS]
    names = [f"{rev}:{path}" for path in paths for rev in (repo.head, *tips)]
    keys: dict[str, set[str]] = {}
    for name, data in zip(names, git.read_objects(repo.root, names), strict=True):
        if data is not None:
            keys[name] = {candidate.key for candidate in scan_buffer(data)}

    def held(rev: str, finding: Finding) -> bool:
        return any(finding.key in keys.get(f"{rev}:{path}", ()) for path in sources[finding.path])

    def stage(finding: Finding) -> str:
        if any(held(tip, finding) for tip in tips):
            return PUSHED
        return LOCAL if held(repo.head or "HEAD", finding) else STAGED

    return tuple(dataclasses.replace(f, exposure=stage(f)) for f in findings)

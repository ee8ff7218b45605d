"""The staged (index) content of files: what ``git commit`` records, not the working tree.

Also answers, for a key found there, how far it has already gone: only staged, in a
local commit, or on a remote-tracking branch (the leak stage of SPEC §4 ``exposure``).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path

from vpkscan.git.index import IndexEntry, index_paths, ls_files, staged_entries, staged_renames
from vpkscan.git.objects import read_objects
from vpkscan.git.process import MODE_GITLINK, MODE_SYMLINK
from vpkscan.git.refs import remote_tips
from vpkscan.git.repo import Repository, require_repository
from vpkscan.model import Exposure, Finding, ScanMode, Skipped, SkipReason
from vpkscan.sources.filesystem import native, probe
from vpkscan.sources.filters import excluder
from vpkscan.sources.plan import BlobRef, FileRef, Plan

#: Remote-tracking branches compared when telling "local" from "pushed"; past this many
#: the answer would cost more than the hook's time budget.
MAX_REMOTE_TIPS = 32


def plan_staged(
    root: Path,
    only: Sequence[str] = (),
    *,
    repo: Repository | None = None,
    exclude: Sequence[str] = (),
    listed: Iterable[IndexEntry] | None = None,
) -> Plan:
    """Index blobs of staged additions and modifications; deletions are ignored.

    ``only`` (repository-relative files or folders) narrows the set; it never adds a
    path that is not staged. ``exclude`` holds gitignore-style patterns. The whole index
    is listed as the project the classifier looks at. ``listed`` is what
    ``staged_entries`` gives for ``only``, when the caller has it already.
    """
    if repo is None:
        repo = require_repository(root, "--staged")
    entries = staged_entries(repo, only) if listed is None else listed
    blobs, skipped = _split(entries, excluder(exclude))
    return Plan(
        mode=ScanMode.STAGED,
        root=repo.root,
        blobs=tuple(blobs),
        skipped=tuple(skipped),
        all_paths=index_paths(repo.root),
        provenance=partial(leak_stages, repo),
    )


def plan_index(
    repo: Repository,
    paths: Sequence[str],
    exclude: Sequence[str] = (),
    listed: Sequence[IndexEntry] | None = None,
) -> Plan:
    """The index content of the named files, staged changes or not (the pre-commit hook).

    The pre-commit framework passes the staged files on a commit and every tracked file
    on ``pre-commit run --all-files``; a named file that is not in the index is read from
    the working tree. Excludes apply to named files too. ``listed`` is what ``ls_files``
    gives for ``paths``, when the caller has it already.
    """
    is_excluded = excluder(exclude)
    if listed is None:
        listed = ls_files(repo.root, paths) if paths else []
    entries = list(listed)
    blobs, skipped = _split(entries, is_excluded)
    indexed = {entry.path for entry in entries}
    files: list[FileRef] = []
    for path in dict.fromkeys(paths):
        if path in indexed or any(p.startswith(path.rstrip("/") + "/") for p in indexed):
            continue
        if is_excluded(path):
            skipped.append(Skipped(path, SkipReason.EXCLUDED))
            continue
        ref = probe(path, os.path.join(repo.root, native(path)))
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
        all_paths=index_paths(repo.root),
        provenance=partial(leak_stages, repo, untracked=frozenset(f.path for f in files)),
    )


def _split(
    entries: Iterable[IndexEntry], is_excluded: Callable[[str], bool]
) -> tuple[list[BlobRef], list[Skipped]]:
    blobs: list[BlobRef] = []
    skipped: list[Skipped] = []
    for entry in entries:
        if entry.mode == MODE_GITLINK:
            skipped.append(Skipped(entry.path, SkipReason.SUBMODULE))
        elif entry.mode == MODE_SYMLINK:
            skipped.append(Skipped(entry.path, SkipReason.SYMLINK))
        elif is_excluded(entry.path):
            skipped.append(Skipped(entry.path, SkipReason.EXCLUDED))
        else:
            blobs.append(BlobRef(entry.path, entry.oid))
    return blobs, skipped


def leak_stages(
    repo: Repository, findings: Sequence[Finding], untracked: frozenset[str] = frozenset()
) -> tuple[Finding, ...]:
    """``findings`` of a staged scan with ``exposure`` set; those in ``untracked`` files
    (named to the hook but not in the index, read from the working tree) have none.

    A key is "pushed" when a remote-tracking branch holds it in the same file (or the
    file it was renamed from), "local" when the HEAD commit does, and "staged" otherwise.
    Only the files with findings are read, so this costs nothing on a clean commit.
    """
    if untracked:
        tracked = leak_stages(repo, [f for f in findings if f.path not in untracked])
        return (*tracked, *(f for f in findings if f.path in untracked))
    if repo.head is None or not findings:
        return tuple(dataclasses.replace(f, exposure=Exposure.STAGED) for f in findings)
    from vpkscan.detect.detector import scan_buffer

    renamed = staged_renames(repo)
    # A renamed file is looked up under its committed name too.
    sources = {f.path: {f.path, renamed.get(f.path, f.path)} for f in findings}
    paths = sorted(set().union(*sources.values()))
    tips = remote_tips(repo.root)[:MAX_REMOTE_TIPS]
    names = [f"{rev}:{path}" for path in paths for rev in (repo.head, *tips)]
    keys: dict[str, set[str]] = {}
    for name, data in zip(names, read_objects(repo.root, names), strict=True):
        if data is not None:
            keys[name] = {candidate.key for candidate in scan_buffer(data)}

    def held(rev: str, finding: Finding) -> bool:
        return any(finding.key in keys.get(f"{rev}:{path}", ()) for path in sources[finding.path])

    def stage(finding: Finding) -> Exposure:
        if any(held(tip, finding) for tip in tips):
            return Exposure.PUSHED
        return Exposure.LOCAL if held(repo.head or "HEAD", finding) else Exposure.STAGED

    return tuple(dataclasses.replace(f, exposure=stage(f)) for f in findings)

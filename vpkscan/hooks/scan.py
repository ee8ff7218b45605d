"""What the git hooks scan, in two passes so that a clean commit costs almost nothing.

The first pass runs only the detector over the staged (or pushed) blobs, read through one
``git cat-file --batch``. Only when it finds a key-shaped string does the second pass
load the engine (configuration, classifier, rules, suppressions) for the files that hold
one, so that a key is reported exactly as ``vpkscan scan`` would report it.

``exclude`` (gitignore-style patterns) applies in both passes; it is where the
configuration's ``exclude`` setting comes in.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vpkscan.model import CommitInfo, FileScan, Finding, ScanMode, ScanResult, Summary
from vpkscan.reader import scan_blob_entries, scan_blobs, scan_file_entries
from vpkscan.targets import git
from vpkscan.targets.plan import BlobRef, Plan
from vpkscan.targets.staged import LOCAL, index_paths, leak_stages, plan_index, plan_staged

if TYPE_CHECKING:
    from vpkscan.config.schema import Config
    from vpkscan.targets.pushed import PushRange


def _engine_config(config: Config) -> Config:
    # A handful of files: worker processes would cost more than they save.
    return dataclasses.replace(config, jobs=1)


def scan_staged(
    repo: git.Repository,
    files: Sequence[str],
    *,
    config: Config,
) -> ScanResult:
    """The staged content of ``files`` (all staged changes when empty), each finding with
    its leak stage."""
    started = time.perf_counter()
    exclude = config.exclude
    if files:
        plan = plan_index(repo, files, exclude)
    else:
        plan = plan_staged(repo.root, repo=repo, exclude=exclude, project_paths=False)
    scans = [item for ref in plan.files for item in scan_file_entries(ref, config.limits)]
    scans += scan_blobs(plan.root, plan.blobs, config.limits) if plan.blobs else []
    # Archive members are reported as ``app.apk!member``: the file to rescan is the archive.
    hits = {item.path.split("!", 1)[0] for item in scans if item.candidates or item.error}
    if not hits:
        return ScanResult((), _summary(plan, scans, started))
    from vpkscan.engine import scan

    narrowed = dataclasses.replace(
        plan,
        files=tuple(ref for ref in plan.files if ref.path in hits),
        blobs=tuple(ref for ref in plan.blobs if ref.path in hits),
        all_paths=index_paths(repo.root),
    )
    result = scan(narrowed, _engine_config(config))
    summary = _summary(plan, scans, started, errors=result.summary.errors)
    return dataclasses.replace(result, findings=leak_stages(repo, result.findings), summary=summary)


def scan_push(
    root: Path,
    ranges: Sequence[PushRange],
    *,
    config: Config,
) -> ScanResult:
    """The blobs the commits of ``ranges`` add; each finding names its commit."""
    from vpkscan.targets.pushed import pushed_blobs

    started = time.perf_counter()
    pushed = pushed_blobs(root, ranges, config.exclude)
    plan = Plan(mode=ScanMode.RANGE, root=root, skipped=pushed.skipped)
    refs = [ref for ref, _ in pushed.blobs]
    per_blob = list(scan_blob_entries(root, refs, config.limits)) if refs else []
    scans = [item for entries in per_blob for item in entries]
    hit_blobs: dict[str, list[BlobRef]] = {}
    commits: dict[str, CommitInfo] = {}
    for (ref, commit), entries in zip(pushed.blobs, per_blob, strict=True):
        if any(item.candidates or item.error for item in entries):
            hit_blobs.setdefault(commit.id, []).append(ref)
            commits[commit.id] = commit
    findings: list[Finding] = []
    errors: list[str] = []
    if hit_blobs:
        from vpkscan.engine import scan

        engine_config = _engine_config(config)
        project = index_paths(root)
        # One engine run per commit, so that every finding is attributed to its commit.
        for commit_id, blobs in hit_blobs.items():
            narrowed = dataclasses.replace(plan, blobs=tuple(blobs), all_paths=project)
            result = scan(narrowed, engine_config)
            errors += result.summary.errors
            findings += (
                dataclasses.replace(f, commit=commits[commit_id], exposure=LOCAL)
                for f in result.findings
            )
    summary = dataclasses.replace(
        _summary(plan, scans, started, errors=tuple(errors)), commits_scanned=pushed.commits
    )
    return ScanResult(tuple(sorted(findings, key=lambda f: f.sort_key)), summary)


def _summary(
    plan: Plan, scans: Sequence[FileScan], started: float, errors: tuple[str, ...] = ()
) -> Summary:
    read = [item for item in scans if item.error is None]
    return Summary(
        mode=plan.mode,
        root=str(plan.root),
        files_scanned=len(read),
        bytes_scanned=sum(item.size for item in read),
        duration_s=time.perf_counter() - started,
        skipped=plan.skipped,
        errors=errors,
    )

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

from vpkscan.model import FileScan, ScanMode, ScanResult, Summary
from vpkscan.reader import scan_blobs, scan_file_entries
from vpkscan.targets import git
from vpkscan.targets.plan import Plan
from vpkscan.targets.staged import index_paths, leak_stages, plan_index, plan_staged

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


def scan_push(root: Path, ranges: Sequence[PushRange], *, config: Config) -> ScanResult:
    """What the commits of ``ranges`` add, through the commit-range engine of
    ``vpkscan scan --range``: merges included, each finding attributed to its commit."""
    from vpkscan.history.engine import scan_range
    from vpkscan.targets.pushed import known_commit

    started = time.perf_counter()
    results = []
    for push in ranges:
        # A start git does not have (a new branch, a force-push over unknown history)
        # means: everything no remote-tracking branch holds yet.
        start = push.from_ref if push.from_ref and known_commit(root, push.from_ref) else None
        spec = f"{start or _NO_COMMIT}..{push.to_ref}"
        results.append(scan_range(root, config, spec))
    findings = {
        (f.sort_key, f.commit.id if f.commit else ""): f for r in results for f in r.findings
    }
    summaries = [r.summary for r in results]
    summary = Summary(
        mode=ScanMode.RANGE,
        root=str(root),
        files_scanned=sum(s.files_scanned for s in summaries),
        bytes_scanned=sum(s.bytes_scanned for s in summaries),
        commits_scanned=sum(s.commits_scanned for s in summaries),
        duration_s=time.perf_counter() - started,
        skipped=tuple(item for s in summaries for item in s.skipped),
        errors=tuple(error for s in summaries for error in s.errors),
        notes=tuple(note for s in summaries for note in s.notes),
    )
    return ScanResult(tuple(sorted(findings.values(), key=lambda f: f.sort_key)), summary)


#: What git writes for "no commit" (a new branch's remote side).
_NO_COMMIT = "0" * 40


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

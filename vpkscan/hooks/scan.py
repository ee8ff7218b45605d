"""What the git hooks scan, through the pipeline of ``vpkscan scan``.

A clean commit never gets here: ``vpkscan.hooks.quick`` proves it clean with a byte
prefilter first. What does get here is scanned exactly as ``vpkscan scan --staged`` (the
commit hook) or ``vpkscan scan --range`` (the push hook) would scan it, so that a key is
reported the same way in every mode.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vpkscan.git.process import NULL_OID
from vpkscan.git.repo import Repository
from vpkscan.model import ScanMode, ScanResult, Summary
from vpkscan.sources.index import plan_index, plan_staged

if TYPE_CHECKING:
    from vpkscan.config.schema import Config
    from vpkscan.git.index import IndexEntry
    from vpkscan.sources.pushed import PushRange


def _engine_config(config: Config) -> Config:
    # A handful of files: worker processes would cost more than they save.
    return dataclasses.replace(config, jobs=1)


def scan_staged(
    repo: Repository,
    files: Sequence[str],
    *,
    config: Config,
    listed: Sequence[IndexEntry] | None = None,
    contents: Mapping[str, bytes] | None = None,
) -> ScanResult:
    """The staged content of ``files`` (all staged changes when empty), each finding with
    its leak stage: the pipeline of ``vpkscan scan --staged`` over the index.

    ``listed`` holds the index entries of ``files`` (of the staged changes when empty)
    when the caller has listed them already, as the hook's fast path has, and
    ``contents`` the blobs it has read, by object id.
    """
    from vpkscan.engine import scan

    if files:
        plan = plan_index(repo, files, config.exclude, listed=listed)
    else:
        plan = plan_staged(repo.root, repo=repo, exclude=config.exclude, listed=listed)
    if contents:
        plan = dataclasses.replace(plan, contents=contents)
    return scan(plan, _engine_config(config))


def scan_push(root: Path, ranges: Sequence[PushRange], *, config: Config) -> ScanResult:
    """What the commits of ``ranges`` add, through the commit-range engine of
    ``vpkscan scan --range``: merges included, each finding attributed to its commit."""
    from vpkscan.sources.history.scan import scan_range
    from vpkscan.sources.pushed import known_commit

    started = time.perf_counter()
    results = []
    for push in ranges:
        # A start git does not have (a new branch, a force-push over unknown history)
        # means: everything no remote-tracking branch holds yet.
        start = push.from_ref if push.from_ref and known_commit(root, push.from_ref) else None
        spec = f"{start or NULL_OID}..{push.to_ref}"
        results.append(scan_range(root, config, spec, before_push=True))
    if not results:  # only deleted refs: nothing is published
        return ScanResult((), Summary(ScanMode.RANGE, str(root), 0, 0))
    from vpkscan.engine import combine

    return combine(results, started)

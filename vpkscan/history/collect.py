"""From what the walk and the readers found to findings and skipped paths.

Each introduction of a blob with keys becomes findings (``attribute``), classified with
the current tree as the project; introductions that cannot be scanned (submodules,
symbolic links, excluded paths, LFS pointers, blobs over the size limit) are listed as
skipped, once per path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pathspec

from vpkscan.config import Config
from vpkscan.context.classifier import Classifier
from vpkscan.history.attribute import attribute, history_finding, keys_in, with_exposure
from vpkscan.history.exposure import exposures
from vpkscan.history.objects import BlobReader
from vpkscan.history.read import BlobScan
from vpkscan.history.walk import MODE_GITLINK, MODE_SYMLINK, Introduction
from vpkscan.model import Finding, Skipped, SkipReason
from vpkscan.rules.resolve import make_finding


def excluder(config: Config) -> Callable[[str], bool]:
    """Whether a path is excluded by the configuration (gitignore-style patterns)."""
    if not config.exclude:
        return lambda path: False
    spec = pathspec.GitIgnoreSpec.from_lines(config.exclude)
    return spec.match_file


def collect(
    root: Path,
    introductions: Sequence[Introduction],
    scans: dict[str, BlobScan],
    tree: dict[str, str],
    config: Config,
) -> tuple[list[Finding], list[Skipped]]:
    """Findings for the introductions of blobs with keys, each with its commit's
    exposure; the rest (submodules, symlinks, excluded, LFS, too large) listed as skipped
    once per path."""
    exclude = excluder(config)
    current = keys_in(tree.values(), scans)
    findings: list[Finding] = []
    skipped: dict[str, SkipReason] = {}
    with BlobReader(root) as reader:
        classifier = Classifier(
            tuple(dict.fromkeys([*tree, *(i.path for i in introductions)])),
            _tree_reader(reader, tree),
            config.context,
        )
        for introduction in introductions:
            reason = _skip_reason(introduction, scans, exclude)
            if reason is not None:
                skipped.setdefault(introduction.path, reason)
                continue
            findings += attribute(introduction, scans, classifier, current.__contains__)
    exposure = exposures(root, (f.commit.id for f in findings if f.commit is not None))
    listed = [Skipped(path, reason) for path, reason in skipped.items()]
    return with_exposure(findings, exposure), listed


def _skip_reason(
    introduction: Introduction, scans: dict[str, BlobScan], exclude: Callable[[str], bool]
) -> SkipReason | None:
    mode = introduction.mode.encode()
    if mode == MODE_GITLINK:
        return SkipReason.SUBMODULE
    if mode == MODE_SYMLINK:
        return SkipReason.SYMLINK
    if exclude(introduction.path):
        return SkipReason.EXCLUDED
    scan = scans.get(introduction.oid)
    if scan is not None and scan.lfs:
        return SkipReason.LFS_POINTER
    if scan is not None and scan.too_large:
        return SkipReason.TOO_LARGE
    return None


def unreachable(
    introductions: Sequence[Introduction], scans: dict[str, BlobScan], tree: dict[str, str]
) -> list[Finding]:
    """Findings in blobs that no commit holds (``--all-objects``): reported under the
    blob's id, as there is no path."""
    attributed = {i.oid for i in introductions}
    current = keys_in(tree.values(), scans)
    classifier = Classifier(())
    findings = []
    for oid, scan in scans.items():
        if oid in attributed:
            continue
        for suffix, candidates in scan.entries:
            path = oid + suffix
            for candidate in candidates:
                finding = make_finding(path, candidate, classifier.classify(path, candidate))
                findings.append(history_finding(finding, None, candidate.key in current))
    # No ref reaches an unreachable blob, so it cannot have been pushed from here.
    return with_exposure(findings, {})


def _tree_reader(reader: BlobReader, tree: dict[str, str]) -> Callable[[str, int], bytes | None]:
    """Project files (manifests, file heads) for the classifier, from the current tree."""

    def read(path: str, limit: int) -> bytes | None:
        oid = tree.get(path)
        return reader.read(oid, limit) if oid is not None else None

    return read


def archive_notes(introductions: Sequence[Introduction], scans: dict[str, BlobScan]) -> list[str]:
    """What the archive scanner noted (a damaged archive, a limit reached), once per blob,
    naming a path that held it."""
    paths = {i.oid: i.path for i in reversed(introductions)}
    notes: list[str] = []
    for oid, scan in scans.items():
        if scan.notes and oid in paths:
            notes += [f"{paths[oid]} (blob {oid[:12]}): {note}" for note in scan.notes]
    return notes

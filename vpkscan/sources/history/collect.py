"""From what the walk and the readers found to findings and skipped paths.

Each introduction of a blob with keys becomes findings (``attribute``), classified with
the current tree as the project; introductions that cannot be scanned (submodules,
symbolic links, excluded paths, LFS pointers, blobs over the size limit) are listed as
skipped, once per path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from vpkscan.config import Config
from vpkscan.context.classifier import Classifier
from vpkscan.git.log import Introduction
from vpkscan.git.objects import BlobReader, path_reader
from vpkscan.git.process import MODE_GITLINK, MODE_SYMLINK
from vpkscan.model import Candidate, Finding, Skipped, SkipReason
from vpkscan.read.blobs import BlobScan
from vpkscan.rules.history import attributed
from vpkscan.rules.resolve import make_finding
from vpkscan.sources.archives.magic import entry_path
from vpkscan.sources.filters import excluder
from vpkscan.sources.history.attribute import attribute, with_exposure
from vpkscan.sources.history.exposure import exposures
from vpkscan.sources.history.present import keys_present


@dataclass(frozen=True, slots=True)
class EndTree:
    """The tree a scan ends at (HEAD, or a range's end): ``entries`` maps its paths to
    their blobs; ``complete`` says that the scan read every one of those blobs."""

    rev: str | None
    entries: dict[str, str]
    complete: bool


def collect(
    root: Path,
    introductions: Sequence[Introduction],
    scans: dict[str, BlobScan],
    end: EndTree,
    config: Config,
) -> tuple[list[Finding], list[Skipped], frozenset[str]]:
    """Findings for the introductions of blobs with keys, each with its commit's
    exposure; the rest (submodules, symlinks, excluded, LFS, too large) listed as skipped
    once per path; and the keys the end tree still holds."""
    exclude = excluder(config.exclude)
    findings: list[Finding] = []
    skipped: dict[str, SkipReason] = {}
    wanted: list[Introduction] = []
    for introduction in introductions:
        reason = _skip_reason(introduction, scans, exclude)
        if reason is not None:
            skipped.setdefault(introduction.path, reason)
        elif introduction.oid in scans:
            wanted.append(introduction)
    keys = {c.key for oid in scans for c in scans[oid].candidates}
    present = frozenset[str]()
    if end.rev is not None and keys:
        present = keys_present(
            root,
            end.rev,
            end.entries,
            scans,
            keys,
            complete=end.complete,
            decode=config.limits.decode,
        )
    with BlobReader(root) as reader:
        classifier = Classifier(
            tuple(dict.fromkeys([*end.entries, *(i.path for i in introductions)])),
            _tree_reader(reader, end.entries),
            config.context,
        )

        def locate(
            introduction: Introduction, candidates: tuple[Candidate, ...]
        ) -> tuple[Candidate, ...]:
            from vpkscan.locate.annotate import annotate, siblings_in

            siblings = siblings_in(path_reader(root, introduction.commit.id), introduction.path)
            load = partial(reader.read, introduction.oid)
            return annotate(introduction.path, candidates, load, siblings)

        for introduction in wanted:
            findings += attribute(introduction, scans, classifier, present.__contains__, locate)
    exposure = exposures(root, (f.commit.id for f in findings if f.commit is not None))
    listed = [Skipped(path, reason) for path, reason in skipped.items()]
    return with_exposure(findings, exposure), listed, present


def _skip_reason(
    introduction: Introduction, scans: dict[str, BlobScan], exclude: Callable[[str], bool]
) -> SkipReason | None:
    mode = introduction.mode
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
    introductions: Sequence[Introduction], scans: dict[str, BlobScan], present: frozenset[str]
) -> list[Finding]:
    """Findings in blobs that no commit holds (``--all-objects``): reported under the
    blob's id, as there is no path."""
    listed = {i.oid for i in introductions}
    classifier = Classifier(())
    findings = []
    for oid, scan in scans.items():
        if oid in listed:
            continue
        for suffix, candidates in scan.entries:
            path = entry_path(oid, suffix)
            for candidate in candidates:
                finding = make_finding(path, candidate, classifier.classify(path, candidate))
                findings.append(attributed(finding, None, candidate.key in present))
    # No ref reaches an unreachable blob, so it cannot have been pushed from here.
    return with_exposure(findings, {})


def _tree_reader(reader: BlobReader, tree: dict[str, str]) -> Callable[[str, int], bytes | None]:
    """Project files (manifests, file heads) for the classifier, from the current tree."""

    def read(path: str, limit: int) -> bytes | None:
        oid = tree.get(path)
        return reader.read(oid, limit) if oid is not None else None

    return read


def archive_messages(
    introductions: Sequence[Introduction], scans: dict[str, BlobScan]
) -> tuple[list[str], list[str]]:
    """What reading archive blobs noted (a file that is no archive) and what their limits
    or damage kept from being read (errors, which fail the scan), once per blob, each
    naming a path that held it."""
    paths = {i.oid: i.path for i in reversed(introductions)}
    notes: list[str] = []
    errors: list[str] = []
    for oid, scan in scans.items():
        if oid in paths:
            where = f"{paths[oid]} (blob {oid[:12]})"
            notes += [f"{where}: {note}" for note in scan.notes]
            errors += [f"{where}: {error}" for error in scan.errors]
    return notes, errors

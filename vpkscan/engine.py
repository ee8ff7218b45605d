"""The one pipeline: after "here are the bytes of this path, from this provenance", every
mode runs the same stages, each one function in one place.

- detect and decode: ``vpkscan.detect.detector`` (``scan_buffer``/``scan_stream``), called
  by the readers (``vpkscan.read``) for files, blobs, archive members and standard input;
- locate: ``vpkscan.locate.annotate.annotate`` (notebook cell, source-map origin), called
  where the bytes of a named file are at hand, and by the history source once a blob's
  path is known;
- classify: ``vpkscan.context.classifier.Classifier``, over the project the source sees
  (the working tree, the index, or the tree a history scan ends at);
- build findings: ``vpkscan.rules.resolve.make_finding``, plus
  ``vpkscan.rules.history.attributed`` for what history adds (commit, VPK006);
- environment rules, suppressions, sorting, timing: ``finish`` below;
- exit code: ``vpkscan.cli.policy.exit_code``.

Sources (``vpkscan.sources``) differ only in what they list and how they read it: a
``Plan`` of files and blobs (tree, paths, directory, stdin, index, untracked) goes through
``scan``; history and ranges (``vpkscan.sources.history``) attribute blobs to commits
first and then call ``finish``.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vpkscan.config import Config
from vpkscan.context.project import ReadFile
from vpkscan.model import FileScan, Finding, ScanMode, ScanResult, Skipped, Summary
from vpkscan.read.files import CleanFiles, default_jobs, scan_blobs, scan_files, scan_stdin
from vpkscan.rules.environments import environment_findings
from vpkscan.sources.filesystem import native
from vpkscan.sources.filters import restrict
from vpkscan.sources.plan import Plan
from vpkscan.suppress.apply import apply as apply_suppressions

if TYPE_CHECKING:
    from vpkscan.read.progress import Progress
    from vpkscan.suppress.baseline import Entry


def scan(plan: Plan, config: Config, progress: Progress | None = None) -> ScanResult:
    """Scan everything ``plan`` lists and return sorted findings with a summary;
    ``progress`` hears how many of the listed files are done."""
    started = time.perf_counter()
    plan = restrict(plan, config.exclude, config.max_file_size)
    baseline: frozenset[Entry] = frozenset()
    if config.baseline:
        from vpkscan.suppress.baseline import read as read_baseline

        baseline = read_baseline(config.baseline)
    clean = CleanFiles()
    scans: list[FileScan] = []
    findings: list[Finding] = []
    classifier: _Classify | None = None
    #: Container image folders (reported path -> path on disk), looked up at the first
    #: candidate: their findings are classified once all their files are read.
    images: dict[str, str] | None = None
    for item in _read(plan, config, clean, progress):
        scans.append(item)
        if not item.candidates:
            continue
        if images is None:
            images = _image_folders(plan)
        if not images:
            # Classified as it arrives: the workers go on reading meanwhile.
            classifier = classifier or _classifier(plan, config)
            findings.extend(classifier(item))
    if images:
        scans = _in_image_folders(images, scans, clean)
        findings = classify(plan, config, scans)
    if plan.provenance is not None and findings:
        findings = list(plan.provenance(findings))
    read = [item for item in scans if item.error is None and item.skipped is None]
    errors = [item.error for item in scans if item.error is not None]
    skipped = plan.skipped + tuple(
        Skipped(item.path, item.skipped) for item in scans if item.skipped is not None
    )
    notes = list(plan.notes) + [note for item in scans for note in item.notes]
    if not read and not clean.count and not errors:
        nothing = _nothing_read(plan, len(skipped))
        if plan.mode is ScanMode.PATHS:
            errors.append(nothing)
        else:
            notes.append(nothing)
    summary = Summary(
        mode=plan.mode,
        root=str(plan.root),
        files_scanned=len(read) + clean.count,
        bytes_scanned=sum(item.size for item in read) + clean.size,
        scanned_paths=(*(item.path for item in read), *clean.paths()),
        skipped=skipped,
        errors=tuple(errors),
        notes=tuple(notes),
    )
    return finish(findings, summary, config, baseline, started)


#: Findings for the candidates of one scanned entry.
_Classify = Callable[[FileScan], list[Finding]]


def _classifier(plan: Plan, config: Config) -> _Classify:
    """Classifies entries of ``plan``'s project, with their rules and evidence."""
    # Imported here: most scans find nothing, and these need the regex module.
    from vpkscan.context.classifier import Classifier
    from vpkscan.rules.resolve import make_finding

    classifier = Classifier(plan.all_paths, project_reader(plan.root), config.context)

    def findings(item: FileScan) -> list[Finding]:
        return [
            make_finding(item.path, candidate, classifier.classify(item.path, candidate))
            for candidate in item.candidates
        ]

    return findings


def classify(plan: Plan, config: Config, scans: list[FileScan]) -> list[Finding]:
    """Findings for the candidates of ``scans``, with their rules and evidence."""
    findings = _classifier(plan, config)
    return [finding for item in scans if item.candidates for finding in findings(item)]


def finish(
    findings: list[Finding],
    summary: Summary,
    config: Config,
    baseline: frozenset[Entry],
    started: float,
) -> ScanResult:
    """Add environment findings, apply suppressions, sort, and time the scan.

    Shared by every scan mode, so that a finding is treated the same however it was found.
    """
    findings = findings + environment_findings(findings)
    kept = apply_suppressions(findings, config, baseline)
    summary = dataclasses.replace(
        summary,
        duration_s=time.perf_counter() - started,
        notes=summary.notes + kept.notices,
        suppressed_inline=kept.inline,
        suppressed_baseline=kept.baseline,
    )
    return ScanResult(
        tuple(sorted(kept.findings, key=lambda f: f.sort_key)),
        summary,
        disabled_rules=tuple(sorted(config.disabled_rules, key=lambda r: r.value)),
    )


def combine(results: Sequence[ScanResult], started: float) -> ScanResult:
    """One result for several scans of the same kind (the ranges of one push): findings
    seen by more than one count once, counts add up."""
    findings = {
        (f.sort_key, f.commit.id if f.commit else ""): f for r in results for f in r.findings
    }
    summaries = [r.summary for r in results]
    first = summaries[0]
    summary = dataclasses.replace(
        first,
        files_scanned=sum(s.files_scanned for s in summaries),
        bytes_scanned=sum(s.bytes_scanned for s in summaries),
        commits_scanned=sum(s.commits_scanned for s in summaries),
        duration_s=time.perf_counter() - started,
        skipped=tuple(item for s in summaries for item in s.skipped),
        errors=tuple(error for s in summaries for error in s.errors),
        notes=tuple(dict.fromkeys(note for s in summaries for note in s.notes)),
        suppressed_inline=sum(s.suppressed_inline for s in summaries),
        suppressed_baseline=sum(s.suppressed_baseline for s in summaries),
    )
    ordered = tuple(sorted(findings.values(), key=lambda f: f.sort_key))
    return ScanResult(ordered, summary, disabled_rules=results[0].disabled_rules)


def project_reader(root: Path) -> ReadFile:
    """Read project files (manifests, file heads) from the working tree under ``root``."""

    def read(path: str, limit: int) -> bytes | None:
        try:
            with open(os.path.join(root, native(path)), "rb") as handle:
                return handle.read(limit)
        except OSError:
            return None

    return read


def _image_folders(plan: Plan) -> dict[str, str]:
    """The container image folders (an OCI layout, an unpacked ``docker save``) that
    ``plan`` reads."""
    from vpkscan.sources.archives.folders import image_folders

    return image_folders(plan.files)


def _in_image_folders(
    folders: dict[str, str], scans: list[FileScan], clean: CleanFiles
) -> list[FileScan]:
    """``scans`` with the findings in the image ``folders`` marked with their image,
    layer and instruction."""
    from vpkscan.sources.archives.layout import locate_in_folders

    return locate_in_folders(folders, scans, clean.paths)


def _read(
    plan: Plan, config: Config, clean: CleanFiles, progress: Progress | None = None
) -> Iterable[FileScan]:
    if plan.stream is not None:
        fspath = os.path.join(plan.root, native(plan.stream_path))
        yield from scan_stdin(plan.stream, plan.stream_path, config.limits, fspath)
        return
    jobs = config.jobs or default_jobs()
    yield from scan_files(plan.files, jobs, config.limits, clean, progress)
    if plan.blobs:
        yield from scan_blobs(plan.root, plan.blobs, config.limits, contents=plan.contents)


def _nothing_read(plan: Plan, skipped: int) -> str:
    if skipped:
        return f"nothing was scanned: all {skipped} listed files were skipped"
    if plan.mode is ScanMode.STAGED:
        return "nothing was scanned: no file is staged for commit"
    if plan.mode is ScanMode.PATHS:
        return "nothing was scanned: the paths named hold no file to scan"
    return "nothing was scanned: the repository has no tracked files"

"""Orchestration only: read the plan's targets, classify what was found, build the result."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterable
from pathlib import Path

from vpkscan.config import Config
from vpkscan.context.project import ReadFile
from vpkscan.model import FileScan, Finding, ScanMode, ScanResult, Severity, Skipped, Summary
from vpkscan.reader import CleanFiles, default_jobs, scan_blobs, scan_files, scan_stdin
from vpkscan.rules.environments import environment_findings
from vpkscan.sourcemaps.annotate import attach_locations
from vpkscan.suppress.apply import apply as apply_suppressions
from vpkscan.suppress.baseline import Entry
from vpkscan.suppress.baseline import read as read_baseline
from vpkscan.targets.filters import restrict
from vpkscan.targets.plan import Plan


def scan(plan: Plan, config: Config) -> ScanResult:
    """Scan everything ``plan`` lists and return sorted findings with a summary."""
    started = time.perf_counter()
    plan = restrict(plan, config.exclude, config.max_file_size)
    baseline = read_baseline(config.baseline) if config.baseline else frozenset()
    clean = CleanFiles()
    scans = list(_read(plan, config, clean))
    findings = classify(plan, config, scans) if any(i.candidates for i in scans) else []
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


def classify(plan: Plan, config: Config, scans: list[FileScan]) -> list[Finding]:
    """Findings for the candidates of ``scans``, with their rules and evidence."""
    # Imported here: most scans find nothing, and these need the regex module.
    from vpkscan.context.classifier import Classifier
    from vpkscan.rules.resolve import make_finding

    classifier = Classifier(plan.all_paths, project_reader(plan.root), config.context)
    findings = [
        make_finding(item.path, candidate, classifier.classify(item.path, candidate))
        for item in scans
        for candidate in item.candidates
    ]
    return attach_locations(findings, scans)


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


def project_reader(root: Path) -> ReadFile:
    """Read project files (manifests, file heads) from the working tree under ``root``."""

    def read(path: str, limit: int) -> bytes | None:
        try:
            with open(os.path.join(root, path), "rb") as handle:
                return handle.read(limit)
        except OSError:
            return None

    return read


def _read(plan: Plan, config: Config, clean: CleanFiles) -> Iterable[FileScan]:
    if plan.stream is not None:
        yield scan_stdin(plan.stream, plan.stream_path, config.limits)
        return
    yield from scan_files(plan.files, config.jobs or default_jobs(), config.limits, clean)
    if plan.blobs:
        yield from scan_blobs(plan.root, plan.blobs, config.limits)


def _nothing_read(plan: Plan, skipped: int) -> str:
    if skipped:
        return f"nothing was scanned: all {skipped} listed files were skipped"
    if plan.mode is ScanMode.STAGED:
        return "nothing was scanned: no file is staged for commit"
    if plan.mode is ScanMode.PATHS:
        return "nothing was scanned: the paths named hold no file to scan"
    return "nothing was scanned: the repository has no tracked files"


def exit_code(result: ScanResult, fail_on: Severity) -> int:
    """SPEC §5: 2 when something could not be read, 1 for findings at or above ``fail_on``."""
    if result.summary.errors:
        return 2
    if any(finding.severity.at_least(fail_on) for finding in result.findings):
        return 1
    return 0

"""Orchestration only: read the plan's targets, classify what was found, build the result."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from vpkscan.config import Config
from vpkscan.context.classifier import Classifier
from vpkscan.context.project import ReadFile
from vpkscan.model import FileScan, ScanMode, ScanResult, Severity, Summary
from vpkscan.reader import default_jobs, scan_blobs, scan_files, scan_stdin
from vpkscan.rules.environments import environment_findings
from vpkscan.rules.resolve import make_finding
from vpkscan.targets.plan import Plan


def scan(plan: Plan, config: Config) -> ScanResult:
    """Scan everything ``plan`` lists and return sorted findings with a summary."""
    started = time.perf_counter()
    scans = list(_read(plan, config))
    classifier = Classifier(plan.all_paths, project_reader(plan.root), config.context)
    findings = [
        make_finding(item.path, candidate, classifier.classify(item.path, candidate))
        for item in scans
        for candidate in item.candidates
    ]
    findings += environment_findings(findings)
    read = [item for item in scans if item.error is None]
    errors = [item.error for item in scans if item.error is not None]
    notes = list(plan.notes)
    if not read and not errors:
        nothing = _nothing_read(plan)
        if plan.mode is ScanMode.PATHS:
            errors.append(nothing)
        else:
            notes.append(nothing)
    summary = Summary(
        mode=plan.mode,
        root=str(plan.root),
        files_scanned=len(read),
        bytes_scanned=sum(item.size for item in read),
        duration_s=time.perf_counter() - started,
        skipped=plan.skipped,
        errors=tuple(errors),
        notes=tuple(notes),
    )
    return ScanResult(tuple(sorted(findings, key=lambda f: f.sort_key)), summary)


def project_reader(root: Path) -> ReadFile:
    """Read project files (manifests, file heads) from the working tree under ``root``."""

    def read(path: str, limit: int) -> bytes | None:
        try:
            with open(os.path.join(root, path), "rb") as handle:
                return handle.read(limit)
        except OSError:
            return None

    return read


def _read(plan: Plan, config: Config) -> Iterable[FileScan]:
    if plan.stream is not None:
        yield scan_stdin(plan.stream, plan.stream_path)
        return
    yield from scan_files(plan.files, config.jobs or default_jobs())
    if plan.blobs:
        yield from scan_blobs(plan.root, plan.blobs)


def _nothing_read(plan: Plan) -> str:
    if plan.skipped:
        return f"nothing was scanned: all {len(plan.skipped)} listed files were skipped"
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

"""Turning scanned blobs and the walk's introductions into findings.

A commit is credited with an occurrence of a key at a path when the blob it wrote there
holds the key and the path did not already hold it in the commit's parent(s): editing
another line of a file that holds a key does not introduce the key again, while adding
it, moving it to another file, renaming the file or bringing it back after a removal
does. So every finding names the commit, author, date and path at which the key
entered the history, once per introducing commit, path and occurrence.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime

from vpkscan.context.classifier import Classifier
from vpkscan.history.read import BlobScan
from vpkscan.history.walk import Introduction
from vpkscan.model import Candidate, CommitInfo, Finding, KeyMode, RuleId
from vpkscan.paths import display_path
from vpkscan.rules.catalog import RULES
from vpkscan.rules.resolve import make_finding

Occurrence = tuple[str, bytes]


def _line_of(candidate: Candidate) -> bytes:
    """The text of the key's line, which tells a carried occurrence from a new one."""
    before = candidate.before.rsplit(b"\n", 1)[-1]
    after = candidate.after.split(b"\n", 1)[0]
    return before + after


def introduced(
    candidates: Sequence[Candidate], previous: Iterable[Sequence[Candidate]]
) -> list[Candidate]:
    """The occurrences of ``candidates`` that the parents' versions of the path lacked.

    Occurrences are matched to the parents' by key and line text first, then by key
    alone (the line around a key was edited); whatever is left over is new.
    """
    same_line: Counter[Occurrence] = Counter()
    same_key: Counter[str] = Counter()
    for version in previous:
        for old in version:
            same_line[(old.key, _line_of(old))] += 1
            same_key[old.key] += 1
    unmatched: list[Candidate] = []
    for candidate in candidates:
        occurrence = (candidate.key, _line_of(candidate))
        if same_line[occurrence] > 0:
            same_line[occurrence] -= 1
            same_key[candidate.key] -= 1
        else:
            unmatched.append(candidate)
    new: list[Candidate] = []
    for candidate in unmatched:
        if same_key[candidate.key] > 0:
            same_key[candidate.key] -= 1
        else:
            new.append(candidate)
    return new


def attribute(
    introduction: Introduction,
    scans: Mapping[str, BlobScan],
    classifier: Classifier,
    in_tree: Callable[[str], bool],
) -> list[Finding]:
    """The findings of the occurrences ``introduction`` added (in the blob itself, or in
    the members of an archive, each compared with the same member before)."""
    scan = scans.get(introduction.oid)
    if scan is None:
        return []
    previous = [scans[oid] for oid in introduction.previous if oid and oid in scans]
    findings = []
    for suffix, candidates in scan.entries:
        path = introduction.path + suffix
        before = [earlier.entry(suffix) for earlier in previous]
        findings += [
            history_finding(
                make_finding(path, candidate, classifier.classify(path, candidate)),
                introduction.commit,
                in_tree(candidate.key),
            )
            for candidate in introduced(candidates, before)
        ]
    return findings


def history_finding(finding: Finding, commit: CommitInfo | None, in_tree: bool) -> Finding:
    """``finding`` as found in history: attributed to ``commit``; VPK006 when no file of
    the current tree holds the key any more (removing it did not un-leak it)."""
    if in_tree:
        return dataclasses.replace(finding, commit=commit)
    rule = RULES[RuleId.VPK006]
    mode = "Live" if finding.key_mode is KeyMode.LIVE else "Test"
    where = f"`{display_path(finding.path)}`"
    if commit is not None:
        added = f"commit {commit.id[:12]} ({commit.author}, {commit.date}) added it to {where}"
    else:
        added = f"unreachable blob {finding.path} holds it (no commit does)"
    evidence = (added, "no file of the current tree holds it", *finding.evidence)
    return dataclasses.replace(
        finding,
        rule=rule.id,
        severity=rule.severity_for(finding.key_mode),
        message=f"{mode} VibePeak key: {rule.summary}. {added[0].upper()}{added[1:]}.",
        evidence=evidence,
        commit=commit,
    )


def sort_by_commit_date(findings: list[Finding]) -> list[Finding]:
    """Oldest introduction first, so that equal locations list the first leak first
    (reports sort by location; this order is kept among equals)."""

    def when(finding: Finding) -> tuple[float, str]:
        if finding.commit is None:
            return (float("inf"), "")
        try:
            moment = datetime.fromisoformat(finding.commit.date).timestamp()
        except ValueError:
            moment = float("inf")
        return (moment, finding.commit.id)

    return sorted(findings, key=when)


def keys_in(oids: Iterable[str], scans: Mapping[str, BlobScan]) -> frozenset[str]:
    """Every key that the blobs ``oids`` hold."""
    return frozenset(
        candidate.key for oid in oids if oid in scans for candidate in scans[oid].candidates
    )


def with_exposure(findings: Iterable[Finding], exposure: Mapping[str, str]) -> list[Finding]:
    """Each finding with the leak stage of its commit (``local`` without a commit)."""
    return [
        dataclasses.replace(
            finding,
            exposure=exposure.get(finding.commit.id, "local") if finding.commit else "local",
        )
        for finding in findings
    ]

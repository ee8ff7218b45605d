"""Turning scanned blobs and the walk's introductions into findings.

A commit is credited with an occurrence of a key at a path when the blob it wrote there
holds the key and the path did not already hold it in the commit's parent(s): editing
another line of a file that holds a key does not introduce the key again, while adding
it, moving it to another file, renaming the file or bringing it back after a removal
does. So every finding names the commit, author, date and path at which the key
entered the history, once per introducing commit, path and occurrence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime

from vpkscan.context.classifier import Classifier
from vpkscan.git.log import Introduction
from vpkscan.model import Candidate, Exposure, Finding
from vpkscan.read.blobs import BlobScan
from vpkscan.rules.history import attributed, with_leak_stage
from vpkscan.rules.resolve import make_finding
from vpkscan.sources.archives.magic import entry_path

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


#: ``locate(introduction, candidates)``: the candidates of the introduced blob with their
#: notebook cell or source-map origin (the locate stage, once the path is known).
Locate = Callable[[Introduction, tuple[Candidate, ...]], tuple[Candidate, ...]]


def attribute(
    introduction: Introduction,
    scans: Mapping[str, BlobScan],
    classifier: Classifier,
    in_tree: Callable[[str], bool],
    locate: Locate,
) -> list[Finding]:
    """The findings of the occurrences ``introduction`` added (in the blob itself, or in
    the members of an archive, each compared with the same member before).

    Archive members were located when the archive was read; the blob itself is located
    here, as only now is its path known.
    """
    scan = scans.get(introduction.oid)
    if scan is None:
        return []
    previous = [scans[oid] for oid in introduction.previous if oid and oid in scans]
    findings = []
    for suffix, candidates in scan.entries:
        path = entry_path(introduction.path, suffix)
        before = [earlier.entry(suffix) for earlier in previous]
        new = tuple(introduced(candidates, before))
        if new and not suffix:
            new = locate(introduction, new)
        findings += [
            attributed(
                make_finding(path, candidate, classifier.classify(path, candidate)),
                introduction.commit,
                in_tree(candidate.key),
            )
            for candidate in new
        ]
    return findings


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


def with_exposure(findings: Iterable[Finding], exposure: Mapping[str, Exposure]) -> list[Finding]:
    """Each finding with the leak stage of its commit (local without a commit)."""
    return [
        with_leak_stage(
            finding,
            exposure.get(finding.commit.id, Exposure.LOCAL) if finding.commit else Exposure.LOCAL,
        )
        for finding in findings
    ]

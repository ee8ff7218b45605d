"""How verification reads in the reports: the status word, the detail line, the counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from vpkscan.model import Finding, Verification, VerificationStatus
from vpkscan.paths import printable

#: What each status asks of the key's owner, after the word itself.
MEANINGS: dict[VerificationStatus, str] = {
    VerificationStatus.ACTIVE: "the key still works: rotate it now in Settings → API",
    VerificationStatus.NO_API_ACCESS: "a real key whose plan has no API access now: rotate it",
    VerificationStatus.UNKNOWN: "could not be verified: treat it as active",
    VerificationStatus.EXPIRED: "the key has expired: remove it from the file",
    VerificationStatus.REVOKED: "the key was revoked: remove it from the file",
    VerificationStatus.INVALID: "the API does not know this key: remove it from the file",
}


def as_dict(verification: Verification | None) -> dict[str, Any] | None:
    """The ``verification`` object of the JSON report and the SARIF properties."""
    if verification is None:
        return None
    return {
        "status": verification.status.value,
        "checked_at": verification.checked_at,
        "detail": printable(verification.detail),
    }


def line(verification: Verification) -> str:
    """``verified: active — the key still works: … (authenticated: HTTP 404 …)``."""
    status = verification.status
    detail = printable(verification.detail)
    return f"verified: {status.value} — {MEANINGS[status]} ({detail}; {verification.checked_at})"


def status_counts(findings: Iterable[Finding]) -> dict[VerificationStatus, int]:
    """How many distinct keys got each status, in the order of ``VerificationStatus``;
    empty when nothing was verified."""
    statuses = {f.key: f.verification.status for f in findings if f.verification is not None}
    counts = Counter(statuses.values())
    return {status: counts[status] for status in VerificationStatus if counts[status]}


def counts_line(findings: Iterable[Finding]) -> str | None:
    """``verified 3 keys: 1 active, 2 revoked``, or None when nothing was verified."""
    counts = status_counts(findings)
    if not counts:
        return None
    total = sum(counts.values())
    keys = "1 key" if total == 1 else f"{total} keys"
    return f"verified {keys}: " + ", ".join(f"{n} {s.value}" for s, n in counts.items())

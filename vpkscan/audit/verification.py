"""Where an audit meets key verification (SPEC §7).

``verified`` is the one call site of the opt-in API check in an audit: it receives the
findings of a repository and returns them, each carrying ``verification`` once the check
runs there. Until the audit offers ``--verify`` it returns the findings as they are.
``statuses`` reads what the findings carry, whatever shape the check gives it (a value
with ``status``, ``checked_at`` and ``detail``, or the mapping of the JSON report), so
that incidents show a verification whenever findings have one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from vpkscan.audit.model import KeyStatus, Verification
from vpkscan.model import Finding


def verified(findings: Sequence[Finding]) -> Sequence[Finding]:
    """``findings`` with their keys' verification (the audit's call site of ``--verify``)."""
    return findings


def statuses(findings: Iterable[Finding]) -> dict[str, Verification]:
    """The verification of each key that the findings carry one for."""
    found: dict[str, Verification] = {}
    for finding in findings:
        status = as_verification(getattr(finding, "verification", None))
        if status is not None:
            found[finding.key] = status
    return found


def as_verification(value: Any) -> Verification | None:
    """A ``Verification`` from a finding's or a report's ``verification`` (None when
    the key was not checked, or the value is not one)."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        status, checked_at, detail = (
            value.get("status"),
            value.get("checked_at"),
            value.get("detail"),
        )
    else:
        status, checked_at, detail = (
            getattr(value, "status", None),
            getattr(value, "checked_at", None),
            getattr(value, "detail", None),
        )
    status = getattr(status, "value", status)
    try:
        known = KeyStatus(status)
    except ValueError:
        return None
    return Verification(known, _text(checked_at), _text(detail))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    isoformat = getattr(value, "isoformat", None)
    return str(isoformat()) if callable(isoformat) else str(value)

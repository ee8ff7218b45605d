"""Where an audit meets key verification (SPEC §7).

``verified`` is the one call site of the opt-in API check in an audit: each distinct key
is asked once per audit, however many repositories hold it. ``statuses`` reads what the
findings carry; ``as_verification`` also reads the mapping of a JSON report, so that
incidents read the verification of findings and of merged reports alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from vpkscan.config import Config
from vpkscan.model import Finding, Verification, VerificationStatus


def verified(
    findings: Sequence[Finding], config: Config, known: Mapping[str, Verification]
) -> Sequence[Finding]:
    """``findings`` with their keys' verification when the configuration asks for it;
    keys in ``known`` (checked for an earlier repository) are not asked again."""
    settings = config.verify
    fresh = [f for f in findings if f.key not in known]
    if not settings.enabled or not fresh:
        return findings
    # Imported here: the HTTP stack loads only when a key is to be checked.
    from vpkscan.verify import verify_findings

    return verify_findings(fresh, settings)


def statuses(findings: Iterable[Finding]) -> dict[str, Verification]:
    """The verification of each key that the findings carry one for."""
    found: dict[str, Verification] = {}
    for finding in findings:
        status = as_verification(finding.verification)
        if status is not None:
            found[finding.key] = status
    return found


def as_verification(value: Any) -> Verification | None:
    """A ``Verification`` from a finding's or a report's ``verification`` (None when
    the key was not checked, or the value is not one)."""
    if isinstance(value, Verification):
        return value
    if not isinstance(value, Mapping):
        return None
    try:
        status = VerificationStatus(value.get("status"))
    except ValueError:
        return None
    return Verification(status, _text(value.get("checked_at")), _text(value.get("detail")))


def _text(value: Any) -> str:
    return "" if value is None else str(value)

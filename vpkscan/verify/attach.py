"""Verification as a pass over finished findings: each distinct key checked once, its
answer attached to every finding of that key, active keys first."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from vpkscan.config.schema import VerifySettings
from vpkscan.model import Finding, KeyMode, ScanResult, VerificationStatus
from vpkscan.verify.probe import Prober
from vpkscan.verify.run import check_keys


def _open_prober(settings: VerifySettings) -> Prober:
    # The HTTP stack loads here, and only here.
    from vpkscan.verify.client import HttpProber

    return HttpProber(settings.api_base, settings.concurrency)


def active_first(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """``findings`` with those of keys that verified active first, each part in the usual
    order (path, line, column, rule)."""

    def order(finding: Finding) -> tuple[bool, tuple[str, int, int, str]]:
        verification = finding.verification
        active = verification is not None and verification.status is VerificationStatus.ACTIVE
        return (not active, finding.sort_key)

    return tuple(sorted(findings, key=order))


def verify_findings(
    findings: Sequence[Finding], settings: VerifySettings, prober: Prober | None = None
) -> tuple[Finding, ...]:
    """``findings`` with ``verification`` set on each, active keys first.

    Each distinct key is asked once, whatever the number of its findings; nothing is
    sent when ``findings`` is empty. ``prober`` defaults to the HTTP client for
    ``settings.api_base``. This is what every command that verifies calls (``scan``,
    ``hook``, ``audit``); it never raises for an answer, only ``unknown``.
    """
    keys: dict[str, KeyMode] = {}
    for finding in findings:
        keys.setdefault(finding.key, finding.key_mode)
    if not keys:
        return tuple(findings)
    own = prober is None
    client = _open_prober(settings) if prober is None else prober
    try:
        answers = check_keys(keys, settings, client)
    finally:
        if own:
            close = getattr(client, "close", None)
            if close is not None:
                close()
    return active_first(dataclasses.replace(f, verification=answers[f.key]) for f in findings)


def verify_result(
    result: ScanResult, settings: VerifySettings, prober: Prober | None = None
) -> ScanResult:
    """``result`` with its findings verified (see ``verify_findings``)."""
    findings = verify_findings(result.findings, settings, prober)
    return dataclasses.replace(result, findings=findings)

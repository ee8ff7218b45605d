"""What an answer of the VibePeak API says about a key (SPEC §7).

The check asks for a task that cannot exist, so a key that authenticates gets 404 (or
2xx); the documented error codes tell the other cases apart. Anything else, and any
answer that contradicts itself, is ``unknown`` with the reason.
"""

from __future__ import annotations

import email.utils
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from vpkscan.model import KeyMode, VerificationStatus
from vpkscan.verify.probe import Answer

Status = VerificationStatus

#: 401 and 403 codes of the authentication and error-handling pages.
ERROR_CODES: dict[str, VerificationStatus] = {
    "INVALID_API_KEY": Status.INVALID,
    "API_KEY_REVOKED": Status.REVOKED,
    "API_KEY_EXPIRED": Status.EXPIRED,
    "PLAN_REQUIRED": Status.NO_API_ACCESS,
    # The error-handling page's name for PLAN_REQUIRED.
    "PLAN_NOT_ALLOWED": Status.NO_API_ACCESS,
}
#: What an error code or request id must look like to be quoted in a detail.
_TOKEN = re.compile(r"[A-Za-z0-9_.:-]{1,80}")


@dataclass(frozen=True, slots=True)
class Verdict:
    """A status and the reason for it (no key, no text the server chose freely)."""

    status: VerificationStatus
    detail: str


def _document(body: bytes) -> dict[str, Any] | None:
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


def _token(value: object) -> str | None:
    return value if isinstance(value, str) and _TOKEN.fullmatch(value) else None


def _error(document: dict[str, Any]) -> tuple[str | None, str | None]:
    """The error object's code and request id, when they are plain tokens."""
    error = document.get("error")
    if not isinstance(error, dict):
        return None, None
    return _token(error.get("code")), _token(error.get("request_id"))


def _http(answer: Answer, code: str | None = None, request_id: str | None = None) -> str:
    text = f"HTTP {answer.status}" + (f" {code}" if code else "")
    return text + (f" (request {request_id})" if request_id else "")


def _authenticated(answer: Answer, mode: KeyMode) -> Verdict:
    document = _document(answer.body)
    if document is None:
        return Verdict(Status.UNKNOWN, f"{_http(answer)} with a body that is not a JSON object")
    code, request_id = _error(document)
    livemode = document.get("livemode")
    if isinstance(livemode, bool) and livemode != (mode is KeyMode.LIVE):
        return Verdict(
            Status.UNKNOWN,
            f"{_http(answer, code, request_id)}: livemode {str(livemode).lower()} contradicts "
            f"the key's {mode.value} prefix",
        )
    if answer.status == 404 and code is None:
        return Verdict(Status.UNKNOWN, f"{_http(answer)} without the API's error object")
    return Verdict(Status.ACTIVE, f"authenticated: {_http(answer, code, request_id)}")


def judge(answer: Answer, mode: KeyMode) -> Verdict:
    """The status of the key that got ``answer``."""
    status = answer.status
    if 200 <= status < 300 or status == 404:
        return _authenticated(answer, mode)
    if 300 <= status < 400:
        return Verdict(Status.UNKNOWN, f"{_http(answer)}: a redirect, not followed")
    document = _document(answer.body)
    code, request_id = _error(document) if document is not None else (None, None)
    if status in (401, 403):
        if document is None:
            return Verdict(Status.UNKNOWN, f"{_http(answer)} with a body that is not JSON")
        known = ERROR_CODES.get(code or "")
        if known is not None and (status == 403) == (known is Status.NO_API_ACCESS):
            return Verdict(known, _http(answer, code, request_id))
        return Verdict(Status.UNKNOWN, f"{_http(answer, code, request_id)}: not a known answer")
    if status == 429:
        return Verdict(Status.UNKNOWN, f"rate limited: {_http(answer, code, request_id)}")
    if status >= 500:
        return Verdict(Status.UNKNOWN, f"server error: {_http(answer, code, request_id)}")
    return Verdict(Status.UNKNOWN, f"unexpected answer: {_http(answer, code, request_id)}")


def retry_after(answer: Answer, now: datetime | None = None) -> float | None:
    """Seconds the ``Retry-After`` header asks to wait (a number or an HTTP date), or
    None when it is absent or unreadable."""
    value = answer.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())

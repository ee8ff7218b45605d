"""The parts of verification that need no network, as tables: which base URLs may
receive a key, what each answer means, how Retry-After reads; and ``verify_findings``,
the entry point other commands call, against a real server."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.api_server import FakeApi, serve
from tests.keys import live_key
from tests.keys import test_key as sandbox_key
from vpkscan.cli.hook import parse
from vpkscan.config.schema import VerifySettings
from vpkscan.model import Finding, KeyMode, RuleId, Severity, VerificationStatus
from vpkscan.verify import active_first, verify_findings
from vpkscan.verify.endpoint import check_api_base, is_loopback
from vpkscan.verify.probe import Answer, scrub
from vpkscan.verify.status import judge, retry_after

S = VerificationStatus


@pytest.mark.parametrize(
    "url",
    [
        "https://api.vibepeak.ai",
        "https://api.vibepeak.ai/",
        "https://proxy.example.com:8443/vibepeak",
        "http://127.0.0.1:8080",
        "http://127.9.8.7",
        "http://[::1]:9000",
        "http://localhost:1234/",
        "HTTP://LOCALHOST",
    ],
)
def test_base_urls_that_may_receive_a_key(url: str) -> None:
    assert check_api_base(url) is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://api.vibepeak.ai", "plain http:// is refused"),
        ("http://10.0.0.1", "plain http:// is refused"),
        ("http://127.0.0.1.attacker.example", "plain http:// is refused"),
        ("http://localhost.attacker.example", "plain http:// is refused"),
        ("http://[::2]", "plain http:// is refused"),
        ("http://0.0.0.0", "plain http:// is refused"),
        ("https://user:pw@api.vibepeak.ai", "user name or password"),
        ("https://user@api.vibepeak.ai", "user name or password"),
        ("https://api.vibepeak.ai/?a=1", "query or fragment"),
        ("https://api.vibepeak.ai/#x", "query or fragment"),
        ("ftp://127.0.0.1", "expected an https:// URL"),
        ("api.vibepeak.ai", "expected an https:// URL"),
        ("https://", "expected an https:// URL"),
        ("https://api.vibepeak.ai:99999", "expected an https:// URL"),
        ("https://api.vibepeak.ai/\x1b[31m", "expected an https:// URL"),
        ("https://api.vibe peak.ai", "expected an https:// URL"),
    ],
)
def test_base_urls_that_are_refused(url: str, problem: str) -> None:
    assert problem in (check_api_base(url) or "")


def test_loopback_names() -> None:
    assert [is_loopback(h) for h in ("localhost", "127.0.0.2", "::1", "[::1]")] == [True] * 4
    assert [is_loopback(h) for h in ("example.com", "10.0.0.1", "::", "1.2.3.4")] == [False] * 4


def _answer(status: int, document: object = None, raw: bytes | None = None) -> Answer:
    body = raw if raw is not None else json.dumps(document).encode()
    return Answer(status, {}, body)


def _error(code: str, **extra: object) -> dict[str, object]:
    return {"error": {"code": code, "message": "m", "request_id": "req_1"}, **extra}


@pytest.mark.parametrize(
    ("answer", "mode", "status", "detail"),
    [
        (_answer(404, _error("TASK_NOT_FOUND")), KeyMode.LIVE, S.ACTIVE, "HTTP 404 TASK_NOT_FOUND"),
        (_answer(200, {"livemode": True}), KeyMode.LIVE, S.ACTIVE, "authenticated: HTTP 200"),
        (_answer(200, {"livemode": False}), KeyMode.TEST, S.ACTIVE, "HTTP 200"),
        (_answer(200, {"livemode": False}), KeyMode.LIVE, S.UNKNOWN, "livemode false contradicts"),
        (_answer(404, _error("X", livemode=True)), KeyMode.TEST, S.UNKNOWN, "livemode true"),
        (_answer(404, raw=b"<html>"), KeyMode.LIVE, S.UNKNOWN, "not a JSON object"),
        (_answer(404, {"detail": "nope"}), KeyMode.LIVE, S.UNKNOWN, "without the API's error"),
        (_answer(200, [1, 2]), KeyMode.LIVE, S.UNKNOWN, "not a JSON object"),
        (_answer(401, _error("INVALID_API_KEY")), KeyMode.LIVE, S.INVALID, "(request req_1)"),
        (_answer(401, _error("API_KEY_REVOKED")), KeyMode.LIVE, S.REVOKED, "API_KEY_REVOKED"),
        (_answer(401, _error("API_KEY_EXPIRED")), KeyMode.TEST, S.EXPIRED, "API_KEY_EXPIRED"),
        (_answer(401, _error("MISSING_API_KEY")), KeyMode.LIVE, S.UNKNOWN, "not a known answer"),
        (_answer(401, _error("PLAN_REQUIRED")), KeyMode.LIVE, S.UNKNOWN, "not a known answer"),
        (_answer(403, _error("PLAN_REQUIRED")), KeyMode.LIVE, S.NO_API_ACCESS, "PLAN_REQUIRED"),
        (_answer(403, _error("PLAN_NOT_ALLOWED")), KeyMode.LIVE, S.NO_API_ACCESS, "NOT_ALLOWED"),
        (_answer(403, _error("API_KEY_REVOKED")), KeyMode.LIVE, S.UNKNOWN, "not a known answer"),
        (_answer(401, raw=b"{"), KeyMode.LIVE, S.UNKNOWN, "not JSON"),
        (_answer(401, raw=b"\xff\xfe"), KeyMode.LIVE, S.UNKNOWN, "not JSON"),
        (_answer(401, raw=b"[" * 100000), KeyMode.LIVE, S.UNKNOWN, "not JSON"),
        (_answer(429, _error("RATE_LIMITED")), KeyMode.LIVE, S.UNKNOWN, "rate limited"),
        (_answer(503, raw=b""), KeyMode.LIVE, S.UNKNOWN, "server error: HTTP 503"),
        (_answer(301, raw=b""), KeyMode.LIVE, S.UNKNOWN, "a redirect, not followed"),
        (_answer(418, raw=b""), KeyMode.LIVE, S.UNKNOWN, "unexpected answer: HTTP 418"),
        # A code or request id that is not a plain token is not quoted.
        (
            _answer(401, _error("API KEY\x1b[2J")),
            KeyMode.LIVE,
            S.UNKNOWN,
            "401 (request req_1): not",
        ),
    ],
)
def test_answers_and_their_status(
    answer: Answer, mode: KeyMode, status: VerificationStatus, detail: str
) -> None:
    verdict = judge(answer, mode)
    assert (verdict.status, detail in verdict.detail) == (status, True), verdict


def test_retry_after_reads_seconds_and_dates() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)

    def wait(value: str) -> float | None:
        return retry_after(Answer(429, {"retry-after": value}, b""), now)

    assert wait("7") == 7.0
    assert wait("Thu, 01 Jan 2026 00:00:30 GMT") == 30.0
    assert wait("Wed, 31 Dec 2025 00:00:00 GMT") == 0.0
    assert wait("soon") is None
    assert wait("-3") is None
    assert retry_after(Answer(429, {}, b""), now) is None


def test_scrub_removes_the_key_and_its_body() -> None:
    key = live_key("scrub")
    body = key.removeprefix("vpk_" + "live_")
    text = f"GET /x?k={key} failed; token {body}"
    scrubbed = scrub(text, key)
    assert body not in scrubbed
    assert scrubbed == "GET /x?k=[key] failed; token [key]"


def _finding(key: str, path: str, rule: RuleId = RuleId.VPK005) -> Finding:
    mode = KeyMode.LIVE if key.startswith("vpk_" + "live_") else KeyMode.TEST
    return Finding(rule, Severity.HIGH, key, mode, path, 1, 1, "message")


def test_verify_findings_checks_each_key_once_and_puts_active_keys_first() -> None:
    api = FakeApi()
    active, revoked = live_key("unit-active"), sandbox_key("unit-revoked")
    api.behaviours.update({active: "active", revoked: "revoked"})
    findings = [_finding(revoked, "a.py"), _finding(active, "b.py"), _finding(active, "c.env")]
    with serve(api) as base:
        settings = VerifySettings(enabled=True, api_base=base, timeout=5, time_limit=20)
        verified = verify_findings(findings, settings)
        assert verify_findings([], settings) == ()
    assert [(f.path, f.verification and f.verification.status) for f in verified] == [
        ("b.py", S.ACTIVE),
        ("c.env", S.ACTIVE),
        ("a.py", S.REVOKED),
    ]
    assert sorted(request.key or "" for request in api.requests) == sorted([active, revoked])
    # Ordering alone: unverified findings keep the usual order.
    assert [f.path for f in active_first(reversed(findings))] == ["a.py", "b.py", "c.env"]


def test_hook_parses_the_verification_options() -> None:
    args = parse(["--verify", "--api-base", "http://127.0.0.1:1", "--fail-on-active", "x.py"])
    assert (args.verify, args.api_base, args.fail_on_active) == (True, "http://127.0.0.1:1", True)
    assert args.args == ("x.py",)
    assert parse(["--api-base=https://h.example"]).api_base == "https://h.example"
    assert not parse([]).verify


def test_readme_names_every_verification_setting() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name in (
        "--verify",
        "--api-base",
        "--fail-on-active",
        "verify-concurrency",
        "verify-timeout",
        "verify-time-limit",
        *(s.value for s in S),
    ):
        assert name in readme, name

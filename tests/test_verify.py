"""Verification (SPEC §7) end to end: the real command, real repositories, and a real
HTTP server on 127.0.0.1 answering as the VibePeak API documents, or misbehaving."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.api_server import FakeApi, serve
from tests.helpers import Repo, run_vpkscan
from tests.keys import fingerprint, live_key
from tests.keys import test_key as sandbox_key
from tests.test_reports import REPORT_SCHEMA
from vpkscan import __version__

CHECKED_AT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def commit_keys(repo: Repo, api: FakeApi, behaviours: dict[str, str]) -> dict[str, str]:
    """One file per behaviour holding a key that the server answers that way; returns
    behaviour -> key."""
    keys = {}
    for number, (behaviour, mode) in enumerate(behaviours.items()):
        key = (live_key if mode == "live" else sandbox_key)(f"verify-{behaviour}")
        api.behaviours[key] = behaviour
        keys[behaviour] = key
        repo.write(f"src/k{number:02d}.py", f"KEY = '{key}'\n")
    repo.add()
    repo.commit("keys")
    return keys


def verified(*args: str, repo: Repo, base: str) -> tuple[dict[str, Any], Any]:
    run = run_vpkscan(
        "scan", "--format", "json", "--verify", "--api-base", base, *args, cwd=repo.path
    )
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr
    report = run.json()
    by_fingerprint = {f["fingerprint"]: f["verification"] for f in report["findings"]}
    return report, (by_fingerprint, run)


def test_each_documented_answer_gives_its_status(repo: Repo, api: FakeApi, base: str) -> None:
    cases = {
        "active": ("live", "active"),
        "active-task": ("test", "active"),
        "invalid": ("live", "invalid"),
        "revoked": ("live", "revoked"),
        "expired": ("test", "expired"),
        "plan-required": ("live", "no-api-access"),
        "plan-not-allowed": ("live", "no-api-access"),
        "missing": ("live", "unknown"),
        "credits": ("live", "unknown"),
        "server-error": ("live", "unknown"),
        "bad-request": ("live", "unknown"),
        "wrong-livemode": ("live", "unknown"),
        "malformed": ("live", "unknown"),
        "html": ("live", "unknown"),
    }
    keys = commit_keys(repo, api, {name: mode for name, (mode, _) in cases.items()})
    report, (statuses, run) = verified(repo=repo, base=base)
    jsonschema.validate(report, REPORT_SCHEMA)
    for behaviour, (_, status) in cases.items():
        verification = statuses[fingerprint(keys[behaviour])]
        assert verification["status"] == status, (behaviour, verification)
        assert CHECKED_AT.match(verification["checked_at"])
        assert verification["detail"]
    assert (
        "HTTP 401 API_KEY_REVOKED (request req_t1)"
        in statuses[fingerprint(keys["revoked"])]["detail"]
    )
    assert "livemode" in statuses[fingerprint(keys["wrong-livemode"])]["detail"]
    assert "JSON" in statuses[fingerprint(keys["malformed"])]["detail"]
    # Active keys first, the rest in the usual order.
    findings = report["findings"]
    assert [f["verification"]["status"] for f in findings[:2]] == ["active", "active"]
    rest = [(f["path"], f["line"]) for f in findings[2:]]
    assert rest == sorted(rest)
    counts = report["scan"]["verification"]
    assert counts == {
        "active": 2,
        "no-api-access": 2,
        "unknown": 7,
        "expired": 1,
        "revoked": 1,
        "invalid": 1,
    }
    assert "vpkscan: verified 14 keys: 2 active, 2 no-api-access, 7 unknown" in run.stderr


def test_one_request_per_distinct_key_and_what_it_looks_like(
    repo: Repo, api: FakeApi, base: str
) -> None:
    key = live_key("shared")
    api.behaviours[key] = "active"
    repo.commit_files({".env": f"VIBEPEAK_API_KEY={key}\n", "app.py": f"K = '{key}'\n"})
    report, _ = verified(repo=repo, base=base)
    assert len(report["findings"]) >= 2
    assert {f["verification"]["status"] for f in report["findings"]} == {"active"}
    assert len(api.requests) == 1
    request = api.requests[0]
    assert request.method == "GET"
    assert request.path == "/v1/tasks/task_vpkscan_key_check"
    assert request.headers["authorization"] == f"Bearer {key}"
    assert request.headers["user-agent"].startswith(f"vpkscan/{__version__}")
    assert "content-length" not in request.headers


def test_nothing_is_sent_without_verify(repo: Repo, api: FakeApi, base: str) -> None:
    key = live_key("quiet")
    api.behaviours[key] = "active"
    repo.write(".vpkscan.toml", f'api-base = "{base}"\nverify-timeout = 2\n')
    repo.commit_files({"app.py": f"K = '{key}'\n"})
    for fmt in ("text", "json", "sarif"):
        run = run_vpkscan("scan", "--format", fmt, cwd=repo.path)
        assert run.returncode == 1, run.stderr
    assert '"verification": null' in run_vpkscan("scan", "-f", "json", cwd=repo.path).stdout
    assert run_vpkscan("scan", "--history", cwd=repo.path).returncode == 1
    repo.write("staged.py", f"K = '{key}'\n")
    repo.add("staged.py")
    assert run_vpkscan("hook", cwd=repo.path).returncode == 1
    assert run_vpkscan("hook", "staged.py", cwd=repo.path).returncode == 1
    # verify = true in the configuration, turned off on the command line.
    repo.write(".vpkscan.toml", f'verify = true\napi-base = "{base}"\n')
    assert run_vpkscan("scan", "--no-verify", cwd=repo.path).returncode == 1
    assert api.requests == []
    # The same server does get a request when asked: the check above can fail.
    assert run_vpkscan("scan", cwd=repo.path).returncode == 1
    assert api.count(key) == 1


def test_verify_in_the_configuration_shown_by_config(repo: Repo, api: FakeApi, base: str) -> None:
    import tomllib

    key = live_key("configured")
    api.behaviours[key] = "revoked"
    repo.write(
        ".vpkscan.toml",
        f'verify = true\napi-base = "{base}"\nverify-concurrency = 2\n'
        "verify-timeout = 3\nverify-time-limit = 20\n",
    )
    repo.commit_files({"app.py": f"K = '{key}'\n"})
    shown = run_vpkscan("config", cwd=repo.path)
    assert shown.returncode == 0, shown.stderr
    values = tomllib.loads(shown.stdout)
    assert values["verify"] is True
    assert values["api-base"] == base
    assert (values["verify-concurrency"], values["verify-timeout"]) == (2, 3.0)
    assert values["verify-time-limit"] == 20.0
    assert values["fail-on-active"] is False
    # What config printed reads back as the same configuration.
    repo.write(".vpkscan.toml", shown.stdout)
    assert tomllib.loads(run_vpkscan("config", cwd=repo.path).stdout) == values
    run = run_vpkscan("scan", cwd=repo.path)
    assert run.returncode == 1
    assert "(revoked)" in run.stdout
    assert "verified: revoked" in run.stdout
    assert api.count(key) == 1


@pytest.mark.parametrize(
    "base_url",
    [
        "http://example.com",
        "http://10.0.0.1:8080",
        "ftp://127.0.0.1/",
        "https://user:secret@api.vibepeak.ai",
        "https://api.vibepeak.ai/?x=1",
        "not a url",
    ],
)
def test_an_unsafe_api_base_is_refused(repo: Repo, base_url: str) -> None:
    repo.commit_files({"app.py": f"K = '{live_key()}'\n"})
    run = run_vpkscan("scan", "--verify", "--api-base", base_url, cwd=repo.path)
    assert run.returncode == 2
    assert "api-base" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    repo.write(".vpkscan.toml", f'api-base = "{base_url}"\n')
    run = run_vpkscan("scan", cwd=repo.path)
    assert (run.returncode, ".vpkscan.toml: api-base" in run.stderr) == (2, True), run.stderr


def test_slow_answers_time_out(repo: Repo, api: FakeApi, base: str) -> None:
    api.slow_seconds = 4
    keys = commit_keys(repo, api, {"slow": "live", "active": "live"})
    started = time.monotonic()
    _, (statuses, _) = verified("--verify-timeout", "0.5", repo=repo, base=base)
    assert time.monotonic() - started < 3.5
    assert statuses[fingerprint(keys["slow"])]["status"] == "unknown"
    assert "timeout" in statuses[fingerprint(keys["slow"])]["detail"]
    assert statuses[fingerprint(keys["active"])]["status"] == "active"


def test_a_body_dripped_slowly_is_cut_at_the_timeout(repo: Repo, api: FakeApi, base: str) -> None:
    api.slow_seconds = 6
    keys = commit_keys(repo, api, {"drip": "live"})
    started = time.monotonic()
    _, (statuses, _) = verified("--verify-timeout", "1", repo=repo, base=base)
    assert time.monotonic() - started < 4.5
    verification = statuses[fingerprint(keys["drip"])]
    assert verification["status"] == "unknown"
    assert "within the timeout" in verification["detail"]


def test_the_time_limit_bounds_the_whole_check(repo: Repo, api: FakeApi, base: str) -> None:
    api.slow_seconds = 3
    keys = {}
    for number in range(4):
        key = live_key(f"slow-{number}")
        api.behaviours[key] = "slow"
        keys[number] = key
        repo.write(f"k{number}.py", f"K = '{key}'\n")
    repo.add()
    repo.commit()
    started = time.monotonic()
    _, (statuses, _) = verified(
        "--verify-concurrency", "1", "--verify-time-limit", "1", repo=repo, base=base
    )
    assert time.monotonic() - started < 5
    details = [statuses[fingerprint(key)] for key in keys.values()]
    assert {d["status"] for d in details} == {"unknown"}
    assert all("time limit" in d["detail"] or "timeout" in d["detail"] for d in details)
    assert len(api.requests) <= 2  # one at a time, and none started after the limit


def test_retry_after_is_honoured_within_the_limit(repo: Repo, api: FakeApi, base: str) -> None:
    keys = commit_keys(
        repo,
        api,
        {"rate-limited-once": "live", "rate-limited-long": "live", "rate-limited-date": "live"},
    )
    started = time.monotonic()
    _, (statuses, _) = verified("--verify-time-limit", "30", repo=repo, base=base)
    assert time.monotonic() - started < 10  # the hour-long waits were not waited for
    assert statuses[fingerprint(keys["rate-limited-once"])]["status"] == "active"
    assert api.count(keys["rate-limited-once"]) == 2
    for behaviour in ("rate-limited-long", "rate-limited-date"):
        verification = statuses[fingerprint(keys[behaviour])]
        assert verification["status"] == "unknown"
        assert "HTTP 429" in verification["detail"]
        assert "Retry-After" in verification["detail"]
        assert api.count(keys[behaviour]) == 1


def test_connection_resets_are_unknown(repo: Repo, api: FakeApi, base: str) -> None:
    keys = commit_keys(repo, api, {"reset": "live"})
    _, (statuses, _) = verified(repo=repo, base=base)
    verification = statuses[fingerprint(keys["reset"])]
    assert verification["status"] == "unknown"
    assert "reset" in verification["detail"] or "disconnected" in verification["detail"]


def test_redirects_are_not_followed(repo: Repo, api: FakeApi, base: str) -> None:
    elsewhere = FakeApi()
    keys = commit_keys(repo, api, {"redirect": "live"})
    elsewhere.behaviours[keys["redirect"]] = "active"
    with serve(elsewhere) as other:
        api.redirect_to = other.replace("127.0.0.1", "localhost") + "/"
        _, (statuses, _) = verified(repo=repo, base=base)
    verification = statuses[fingerprint(keys["redirect"])]
    assert verification["status"] == "unknown"
    assert "HTTP 302" in verification["detail"] and "redirect" in verification["detail"]
    assert elsewhere.requests == []


def test_a_self_signed_certificate_is_refused(repo: Repo, api: FakeApi, tmp_path: Path) -> None:
    from tests.api_server import self_signed_context

    keys = commit_keys(repo, api, {"active": "live"})
    with serve(api, self_signed_context(tmp_path)) as tls_base:
        assert tls_base.startswith("https://127.0.0.1:")
        _, (statuses, run) = verified(repo=repo, base=tls_base)
    verification = statuses[fingerprint(keys["active"])]
    assert verification["status"] == "unknown", verification
    assert "certificate verify failed" in verification["detail"]
    assert api.requests == []  # the request never got past the handshake
    assert run.returncode == 1


def test_nothing_listening_is_unknown(repo: Repo, api: FakeApi) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    keys = commit_keys(repo, api, {"active": "live"})
    _, (statuses, _) = verified(repo=repo, base=f"http://127.0.0.1:{port}")
    assert statuses[fingerprint(keys["active"])]["status"] == "unknown"
    assert "connect" in statuses[fingerprint(keys["active"])]["detail"]


def test_the_key_never_appears_in_any_output(repo: Repo, api: FakeApi, base: str) -> None:
    keys = commit_keys(repo, api, {"echo": "live", "redirect": "live", "reset": "test"})
    api.redirect_to = base + "/"
    bodies = [key.split("_", 2)[2] for key in keys.values()]
    for fmt in ("text", "json", "sarif", "github", "junit"):
        for extra in ((), ("--debug",)):
            args = ["scan", "--verify", "--api-base", base, "--format", fmt]
            run = run_vpkscan(*extra, *args, cwd=repo.path)
            assert run.returncode == 1, run.stderr
            for body in bodies:
                assert body not in run.stdout + run.stderr
    api.requests.clear()
    run = run_vpkscan("scan", "--verify", "--api-base", base, "-f", "json", cwd=repo.path)
    assert {f["verification"]["status"] for f in run.json()["findings"]} == {"unknown"}
    assert len(api.requests) == 3


def test_fail_on_active_blocks_only_on_active_keys(repo: Repo, api: FakeApi, base: str) -> None:
    keys = commit_keys(repo, api, {"revoked": "live", "invalid": "live"})
    args = ("scan", "--verify", "--api-base", base, "--fail-on-active")
    run = run_vpkscan(*args, cwd=repo.path)
    assert run.returncode == 0, run.stderr
    assert "(revoked)" in run.stdout
    plain = run_vpkscan("scan", "--verify", "--api-base", base, cwd=repo.path)
    assert plain.returncode == 1  # without --fail-on-active: every finding fails
    api.behaviours[keys["invalid"]] = "active"
    run = run_vpkscan(*args, cwd=repo.path)
    assert run.returncode == 1
    assert run.stdout.splitlines()[0].endswith("(active)")  # active keys come first
    refused = run_vpkscan("scan", "--fail-on-active", cwd=repo.path)
    assert refused.returncode == 2
    assert "--fail-on-active needs --verify" in refused.stderr


def test_sarif_carries_the_verification(repo: Repo, api: FakeApi, base: str) -> None:
    from tests.test_report_sarif import schema_errors

    keys = commit_keys(repo, api, {"active": "live", "expired": "live"})
    run = run_vpkscan("scan", "--verify", "--api-base", base, "-f", "sarif", cwd=repo.path)
    log = json.loads(run.stdout)
    assert schema_errors(log) == []
    results = log["runs"][0]["results"]
    by_fingerprint = {r["properties"]["keyFingerprint"]: r for r in results}
    active = by_fingerprint[fingerprint(keys["active"])]
    assert active["properties"]["verification"]["status"] == "active"
    assert "Verified active" in active["message"]["text"]
    assert (
        by_fingerprint[fingerprint(keys["expired"])]["properties"]["verification"]["status"]
        == "expired"
    )


def test_the_hook_verifies_when_asked(repo: Repo, api: FakeApi, base: str) -> None:
    active, revoked = live_key("hook-active"), live_key("hook-revoked")
    api.behaviours.update({active: "active", revoked: "revoked"})
    repo.commit_files({"README.md": "hello\n"})
    repo.write("a.py", f"K = '{revoked}'\n")
    repo.add("a.py")
    run = run_vpkscan("hook", "--verify", "--api-base", base, "--fail-on-active", cwd=repo.path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "(revoked)" in run.stdout
    assert "verified: revoked" in run.stdout
    assert "no key verified active, not blocking" in run.stdout
    repo.write("b.py", f"K = '{active}'\n")
    repo.add("b.py")
    run = run_vpkscan("hook", "--verify", "--api-base", base, "--fail-on-active", cwd=repo.path)
    assert run.returncode == 1
    assert "the commit is blocked" in run.stdout
    assert "verified 2 keys: 1 active, 1 revoked" in run.stdout
    assert run.stdout.index("b.py") < run.stdout.index("a.py")  # active first
    assert api.count(active) == 1


def imported(repo: Repo, *args: str) -> set[str]:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-P", "-X", "importtime", "-m", "vpkscan", *args],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }


def test_the_http_client_loads_only_for_verify(repo: Repo, api: FakeApi, base: str) -> None:
    key = live_key("imports")
    api.behaviours[key] = "active"
    repo.commit_files({"app.py": f"K = '{key}'\n"})
    repo.write("b.py", f"K = '{key}'\n")
    repo.add("b.py")
    for args in (("scan",), ("scan", "-f", "sarif"), ("hook",), ("scan", "--history")):
        modules = imported(repo, *args)
        assert "vpkscan.detect.detector" in modules  # the scan ran and found the key
        assert not {"httpx", "vpkscan.verify", "vpkscan.verify.client"} & modules, args
    assert "httpx" in imported(repo, "scan", "--verify", "--api-base", base)

"""vpkscan audit --verify against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

from tests.api_server import FakeApi
from tests.audit_helpers import OLD_TEST, REMOVED, SHARED, api_repo, web_repo
from tests.helpers import run_vpkscan
from tests.keys import fingerprint


def test_audit_verifies_each_key_once_and_orders_by_the_answers(
    tmp_path: Path, api: FakeApi, base: str
) -> None:
    web_repo(tmp_path)
    api_repo(tmp_path)
    api.behaviours.update({SHARED: "revoked", REMOVED: "active", OLD_TEST: "active"})
    run = run_vpkscan(
        "audit", "-f", "json", "--verify", "--api-base", base, "web", "api", cwd=tmp_path
    )
    assert run.returncode == 1, run.stderr
    assert "web: verification" in run.stderr and "api: verification" in run.stderr
    assert api.count(SHARED) == 1  # in two repositories, asked once
    assert api.count(REMOVED) == 1 and api.count(OLD_TEST) == 1
    incidents = run.json()["incidents"]
    statuses = {i["fingerprint"]: i["verification"]["status"] for i in incidents}
    assert statuses == {
        fingerprint(SHARED): "revoked",
        fingerprint(REMOVED): "active",
        fingerprint(OLD_TEST): "active",
    }
    # Live and active first; the revoked key, though in browser code, last.
    assert [i["fingerprint"] for i in incidents] == [
        fingerprint(REMOVED),
        fingerprint(OLD_TEST),
        fingerprint(SHARED),
    ]
    assert "answered 'revoked'" in incidents[-1]["checklist"][0]["text"]
    for key in (SHARED, REMOVED, OLD_TEST):
        assert key[9:] not in run.stdout + run.stderr
    active = run_vpkscan(
        "audit", "-q", "--verify", "--api-base", base, "--fail-on-active", "web", cwd=tmp_path
    )
    assert active.returncode == 1
    api.behaviours[OLD_TEST] = "revoked"
    none_active = run_vpkscan(
        "audit", "-q", "--verify", "--api-base", base, "--fail-on-active", "web", cwd=tmp_path
    )
    assert none_active.returncode == 0, none_active.stderr


def test_verification_options_that_cannot_apply_are_refused(tmp_path: Path) -> None:
    web_repo(tmp_path)
    for args in (("--fail-on-active", "web"), ("--merge", "--verify", "a.json")):
        run = run_vpkscan("audit", *args, cwd=tmp_path)
        assert run.returncode == 2, (args, run.stderr)
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("vpkscan: error:")

"""vpkscan audit --merge: per-repository reports joined into one incident list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.audit_helpers import (
    OLD_TEST,
    REMOVED,
    SHARED,
    api_repo,
    audit_json,
    by_fingerprint,
    web_repo,
)
from tests.helpers import Repo, run_vpkscan
from tests.keys import fingerprint
from vpkscan.audit.verification import as_verification
from vpkscan.model import Verification, VerificationStatus


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """Three repositories audited one by one, as a CI matrix does; all hold SHARED."""
    web_repo(tmp_path)
    api_repo(tmp_path)
    Repo.init(tmp_path / "worker").commit_files({"jobs/run.py": f"KEY = '{SHARED}'\n"})
    for name in ("web", "api", "worker"):
        run = run_vpkscan(
            "audit",
            "-q",
            "-f",
            "json",
            "-o",
            f"{name}.json",
            "--name",
            f"acme/{name}",
            name,
            cwd=tmp_path,
        )
        assert run.returncode == 1, run.stderr
    return tmp_path


def _merge(*args: str, cwd: Path) -> dict[str, Any]:
    run = run_vpkscan("audit", "--merge", "-f", "json", *args, cwd=cwd)
    assert run.returncode == 1, run.stderr
    report: dict[str, Any] = run.json()
    return report


def _without_time(report: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in report.items() if k != "generated_at"}


def test_the_same_key_in_three_repositories_is_one_incident(reports: Path) -> None:
    merged = _merge("web.json", "api.json", "worker.json", cwd=reports)
    incidents = by_fingerprint(merged)
    assert len(merged["incidents"]) == 3
    shared = incidents[fingerprint(SHARED)]
    assert shared["repositories"] == ["acme/api", "acme/web", "acme/worker"]
    assert {p["repository"] for p in shared["locations"]} == set(shared["repositories"])
    assert shared["rules"] == ["VPK003", "VPK005"]
    assert shared["leak_stage"] == "pushed"
    purges = [s for s in shared["checklist"] if s["action"] == "purge-history"]
    assert len(purges) == 3
    assert merged["summary"]["by_repository"] == {"acme/web": 2, "acme/api": 2, "acme/worker": 1}
    assert [r["name"] for r in merged["repositories"]] == ["acme/web", "acme/api", "acme/worker"]
    assert merged["incidents"][0]["fingerprint"] == fingerprint(SHARED)
    assert merged["incidents"][-1]["fingerprint"] == fingerprint(OLD_TEST)


def test_merge_gives_what_one_audit_of_all_repositories_gives(reports: Path) -> None:
    merged = _merge("web.json", "api.json", "worker.json", cwd=reports)
    together = audit_json("web", "api", "worker", cwd=reports)
    # The per-repository reports named their repositories acme/NAME; the folders are NAME.
    renamed = json.loads(json.dumps(merged["incidents"]).replace("acme/", ""))
    assert renamed == together["incidents"]


def test_merging_a_merged_report_changes_nothing(reports: Path) -> None:
    run = run_vpkscan(
        "audit",
        "--merge",
        "-f",
        "json",
        "-o",
        "all.json",
        "web.json",
        "api.json",
        "worker.json",
        cwd=reports,
    )
    assert run.returncode == 1, run.stderr
    first = json.loads((reports / "all.json").read_text(encoding="utf-8"))
    again = _merge("all.json", "web.json", cwd=reports)
    assert _without_time(again) == _without_time(first)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_merged_reports_render_without_keys(reports: Path, fmt: str) -> None:
    run = run_vpkscan("audit", "--merge", "-f", fmt, "web.json", "api.json", cwd=reports)
    assert run.returncode == 1, run.stderr
    assert "acme/web" in run.stdout and "acme/api" in run.stdout
    for key in (SHARED, REMOVED, OLD_TEST):
        assert key[9:] not in run.stdout


def _edit(path: Path, change: Any) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")


def _verify(document: dict[str, Any], statuses: dict[str, tuple[str, str]]) -> None:
    for incident in document["incidents"]:
        if incident["fingerprint"] in statuses:
            status, when = statuses[incident["fingerprint"]]
            incident["verification"] = {"status": status, "checked_at": when, "detail": None}


def test_verification_orders_incidents_and_shapes_the_checklist(reports: Path) -> None:
    when = "2026-02-01T00:00:00+00:00"
    _edit(
        reports / "web.json",
        lambda d: _verify(
            d, {fingerprint(SHARED): ("active", when), fingerprint(OLD_TEST): ("revoked", when)}
        ),
    )
    merged = _merge("web.json", "api.json", cwd=reports)
    order = [i["fingerprint"] for i in merged["incidents"]]
    assert order == [fingerprint(SHARED), fingerprint(REMOVED), fingerprint(OLD_TEST)]
    incidents = by_fingerprint(merged)
    assert incidents[fingerprint(SHARED)]["verification"]["status"] == "active"
    assert "It is active" in incidents[fingerprint(SHARED)]["checklist"][0]["text"]
    assert "answered 'revoked'" in incidents[fingerprint(OLD_TEST)]["checklist"][0]["text"]
    assert merged["summary"]["by_verification"] == {"active": 1, "not checked": 1, "revoked": 1}

    # A later answer wins; a revoked live key goes after every key that may still work.
    later = "2026-03-01T00:00:00+00:00"
    _edit(reports / "api.json", lambda d: _verify(d, {fingerprint(SHARED): ("revoked", later)}))
    merged = _merge("web.json", "api.json", cwd=reports)
    order = [i["fingerprint"] for i in merged["incidents"]]
    assert order == [fingerprint(REMOVED), fingerprint(SHARED), fingerprint(OLD_TEST)]
    assert by_fingerprint(merged)[fingerprint(SHARED)]["verification"]["checked_at"] == later


def test_verification_is_read_from_findings_and_reports() -> None:
    checked = Verification(VerificationStatus.ACTIVE, "2026-01-01T00:00:00Z", "404")
    assert as_verification(checked) is checked
    mapping = as_verification({"status": "no-api-access", "checked_at": None, "detail": "403"})
    assert mapping == Verification(VerificationStatus.NO_API_ACCESS, "", "403")
    assert as_verification({"status": "sleeping"}) is None
    assert as_verification(["active"]) is None
    assert as_verification(None) is None


def _first(document: dict[str, Any]) -> dict[str, Any]:
    incident: dict[str, Any] = document["incidents"][0]
    return incident


BAD_DOCUMENTS = {
    "a list": lambda d: [d],
    "another tool's report": lambda d: {**d, "kind": "gitleaks"},
    "a newer version": lambda d: {**d, "version": 99},
    "no incidents": lambda d: {k: v for k, v in d.items() if k != "incidents"},
    "a bad fingerprint": lambda d: _first(d).update(fingerprint="../../etc") or d,
    "a shell command as key": lambda d: _first(d).update(redacted="vpk_live_ab'; rm -rf ~ #…") or d,
    "the wrong mode": lambda d: _first(d).update(key_mode="test") or d,
    "no location": lambda d: _first(d).update(locations=[]) or d,
    "a line as text": lambda d: _first(d)["locations"][0].update(line="1") or d,
    "an unknown rule": lambda d: _first(d)["locations"][0].update(rules=["XSS"]) or d,
    "a bad commit id": lambda d: _first(d)["locations"][1].update(commit="HEAD~1") or d,
    "an unknown status": lambda d: _first(d).update(verification={"status": "fine"}) or d,
    "a bad repository": lambda d: d["repositories"][0].update(files_scanned=True) or d,
}


@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_a_report_that_is_not_an_audit_is_refused_in_one_line(reports: Path, case: str) -> None:
    document = json.loads((reports / "web.json").read_text(encoding="utf-8"))
    bad = BAD_DOCUMENTS[case](document)
    (reports / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    run = run_vpkscan("audit", "--merge", "web.json", "bad.json", cwd=reports)
    assert run.returncode == 2, (case, run.stdout, run.stderr)
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1, run.stderr
    assert run.stderr.startswith("vpkscan: error: bad.json")


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"\xff\xfe garbage", b"[" * 200_000, b'{"kind": "vpkscan-audit", "version": 1}'],
)
def test_malformed_json_is_refused_in_one_line(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "bad.json").write_bytes(content)
    run = run_vpkscan("audit", "--merge", "bad.json", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("vpkscan: error: bad.json")
    assert "Traceback" not in run.stderr


def test_merge_needs_readable_reports(tmp_path: Path) -> None:
    for args in (
        ("--merge",),
        ("--merge", "missing.json"),
        ("--merge", "."),
        ("--merge", "--name", "x", "a.json"),
    ):
        run = run_vpkscan("audit", *args, cwd=tmp_path)
        assert run.returncode == 2, args
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("vpkscan: error:")

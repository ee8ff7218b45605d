"""Every format has a renderer, renders a fixed scan exactly as its golden file, and works
end to end through ``vpkscan scan --format``.

Set ``VPKSCAN_UPDATE_GOLDEN=1`` to rewrite the golden files after an intended change, then
read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import Repo, run_vpkscan
from tests.keys import live_key
from tests.keys import test_key as make_test_key
from vpkscan import __version__
from vpkscan.model import (
    CommitInfo,
    Exposure,
    Finding,
    KeyMode,
    OriginalLocation,
    RuleId,
    ScanMode,
    ScanResult,
    Severity,
    Skipped,
    SkipReason,
    Summary,
    Verification,
    VerificationStatus,
)
from vpkscan.report import OutputFormat, RenderOptions, renderer

GOLDEN = Path(__file__).parent / "golden"
COMMIT = CommitInfo(
    id="0123456789abcdef0123456789abcdef01234567",
    author="Dev Eloper <dev@example.invalid>",
    date="2026-01-02T03:04:05+00:00",
)
#: A path that needs escaping in every format: URI, workflow-command property and XML.
AWKWARD_PATH = "docs/notes: 100%, v2 \x01 données.md"


def _finding(
    rule: RuleId, severity: Severity, key: str, path: str, line: int, column: int
) -> Finding:
    mode = KeyMode.LIVE if key.startswith("vpk_" + "live_") else KeyMode.TEST
    prefix = "NEXT_PUBLIC_VPK_KEY=" if rule is RuleId.VPK001 else "VIBEPEAK_API_KEY="
    return Finding(
        rule=rule,
        severity=severity,
        key=key,
        key_mode=mode,
        path=path,
        line=line,
        column=column,
        message=f"{mode.value.title()} VibePeak key: fixed message for {rule.value}.",
        snippet=prefix + key,
        snippet_key_start=len(prefix),
    )


def fixed_result() -> ScanResult:
    """A history scan covering every kind of finding a renderer must show."""
    shared = live_key("golden-shared")
    findings = [
        _finding(RuleId.VPK004, Severity.HIGH, shared, ".env", 2, 18),
        _finding(RuleId.VPK008, Severity.MEDIUM, shared, ".env", 2, 18),
        _finding(RuleId.VPK005, Severity.LOW, make_test_key("golden-doc"), AWKWARD_PATH, 5, 3),
        replace(
            _finding(
                RuleId.VPK006, Severity.HIGH, live_key("golden-history"), "old/settings.py", 7, 11
            ),
            commit=COMMIT,
            exposure=Exposure.PUSHED,
        ),
        _finding(RuleId.VPK001, Severity.CRITICAL, shared, "web/.env.production", 1, 21),
        replace(
            _finding(
                RuleId.VPK003,
                Severity.CRITICAL,
                live_key("golden-bundle"),
                "web/dist/assets/index-3f2a.js",
                1,
                18234,
            ),
            encoding="base64",
            original=OriginalLocation("src/api/client.ts", 12),
        ),
    ]
    summary = Summary(
        mode=ScanMode.HISTORY,
        root="/srv/app",
        files_scanned=9,
        bytes_scanned=123456,
        commits_scanned=4,
        duration_s=1.234,
        skipped=(Skipped("assets/logo-link.png", SkipReason.SYMLINK),),
        notes=("the repository is a shallow clone: older commits were not scanned",),
    )
    return ScanResult(tuple(sorted(findings, key=lambda f: f.sort_key)), summary)


def clean_result() -> ScanResult:
    """A scan with no finding and one unreadable file."""
    summary = Summary(
        mode=ScanMode.PATHS,
        root="/srv/app",
        files_scanned=3,
        bytes_scanned=2048,
        duration_s=0.5,
        errors=("secrets/vault.txt: cannot read: Permission denied",),
    )
    return ScanResult((), summary)


def verified_result() -> ScanResult:
    """The history scan of ``fixed_result`` with each key verified, active keys first."""
    from vpkscan.verify import active_first

    answers = {
        live_key("golden-shared"): (VerificationStatus.ACTIVE, "authenticated: HTTP 404"),
        make_test_key("golden-doc"): (VerificationStatus.NO_API_ACCESS, "HTTP 403 PLAN_REQUIRED"),
        live_key("golden-history"): (VerificationStatus.REVOKED, "HTTP 401 API_KEY_REVOKED"),
        live_key("golden-bundle"): (VerificationStatus.UNKNOWN, "no answer within the timeout"),
    }
    result = fixed_result()
    findings = active_first(
        replace(f, verification=Verification(*answers[f.key][:1], CHECKED, answers[f.key][1]))
        for f in result.findings
    )
    return replace(result, findings=findings)


CHECKED = "2026-01-02T03:04:05Z"
FIXTURES: dict[str, Callable[[], ScanResult]] = {
    "full": fixed_result,
    "clean": clean_result,
    "verified": verified_result,
}


def _masked(text: str) -> str:
    # The package version is in several reports; a release must not break the golden files.
    return text.replace(f'"{__version__}"', '"<version>"')


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_format_matches_its_golden_file(name: str, fmt: OutputFormat) -> None:
    rendered = _masked(renderer(fmt)(FIXTURES[name](), RenderOptions()))
    golden = GOLDEN / f"{name}.{fmt.value}"
    if os.environ.get("VPKSCAN_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(rendered.encode("utf-8"))
    assert golden.exists(), f"no golden file {golden.name}: run with VPKSCAN_UPDATE_GOLDEN=1"
    assert rendered == golden.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
def test_rendering_is_deterministic(fmt: OutputFormat) -> None:
    render = renderer(fmt)
    assert render(fixed_result(), RenderOptions()) == render(fixed_result(), RenderOptions())


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
def test_every_format_redacts_keys_unless_asked(fmt: OutputFormat) -> None:
    result = fixed_result()
    keys = {finding.key for finding in result.findings}
    hidden = renderer(fmt)(result, RenderOptions())
    shown = renderer(fmt)(result, RenderOptions(show_secrets=True))
    for key in keys:
        assert key not in hidden
        assert key[:13] + "…" in hidden
        assert key in shown


def test_every_output_format_has_a_renderer() -> None:
    for fmt in OutputFormat:
        assert callable(renderer(fmt)), fmt


def _check_text(stdout: str) -> None:
    assert "VPK005 hardcoded-key [high]" in stdout


def _check_json(stdout: str) -> None:
    assert json.loads(stdout)["findings"][0]["rule_id"] == "VPK005"


def _check_sarif(stdout: str) -> None:
    log = json.loads(stdout)
    assert log["version"] == "2.1.0"
    assert log["runs"][0]["results"][0]["ruleId"] == "VPK005"


def _check_github(stdout: str) -> None:
    assert stdout.startswith("::error file=app/settings.py,line=3,")


def _check_junit(stdout: str) -> None:
    cases = {case.get("name"): case for case in ET.fromstring(stdout).iter("testcase")}
    assert cases["app/settings.py:3:12 VPK005 hardcoded-key"].find("failure") is not None
    clean = [case for name, case in cases.items() if not name.startswith("app/settings.py:")]
    assert clean and all(case.find("failure") is None for case in clean)


CHECKS: dict[OutputFormat, Callable[[str], None]] = {
    OutputFormat.TEXT: _check_text,
    OutputFormat.JSON: _check_json,
    OutputFormat.SARIF: _check_sarif,
    OutputFormat.GITHUB: _check_github,
    OutputFormat.JUNIT: _check_junit,
}


def test_end_to_end_checks_cover_every_format() -> None:
    assert set(CHECKS) == set(OutputFormat)


def _small_project(repo: Repo) -> str:
    key = live_key("e2e-format")
    repo.write("app/settings.py", f'import os\n\nAPI_KEY = "{key}"\n')
    repo.write("app/views.py", "def index():\n    return 'ok'\n")
    repo.add()
    return key


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
def test_scan_format_end_to_end(repo: Repo, fmt: OutputFormat) -> None:
    key = _small_project(repo)
    result = run_vpkscan("scan", "--format", fmt.value, cwd=repo.path)
    assert result.returncode == 1, result.stderr
    assert key not in result.stdout
    CHECKS[fmt](result.stdout)


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
def test_scan_format_writes_output_file(repo: Repo, tmp_path: Path, fmt: OutputFormat) -> None:
    key = _small_project(repo)
    report = tmp_path / f"report.{fmt.value}"
    result = run_vpkscan("scan", "--format", fmt.value, "--output", str(report), cwd=repo.path)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    text = report.read_text(encoding="utf-8")
    assert key not in text
    CHECKS[fmt](text)


def test_each_format_loads_only_its_own_module() -> None:
    for fmt in OutputFormat:
        assert renderer(fmt).__module__ == f"vpkscan.report.{fmt.value}"
    code = (
        "import sys\n"
        "from vpkscan.report import OutputFormat, renderer\n"
        "renderer(OutputFormat.JSON)\n"
        "print(' '.join(m for m in sys.modules if m.startswith('vpkscan.report.')))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "vpkscan.report.json" in loaded
    assert not {f"vpkscan.report.{fmt.value}" for fmt in OutputFormat} - {
        "vpkscan.report.json"
    } & set(loaded)

"""JUnit XML that a JUnit consumer (junitparser) reads: a failing case per file with findings."""

from __future__ import annotations

import os

from junitparser import Error, Failure, JUnitXml, Skipped, TestCase, TestSuite

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key
from tests.test_report_golden import AWKWARD_PATH, clean_result, fixed_result
from vpkscan.report import RenderOptions
from vpkscan.report.junit import CLEAN_CASE, render, xml_text


def parse(text: str) -> TestSuite:
    document = JUnitXml.fromstring(text)
    [suite] = list(document)
    assert isinstance(suite, TestSuite)
    return suite


def cases(suite: TestSuite) -> dict[str, TestCase]:
    found = {case.name: case for case in suite}
    assert len(found) == len(list(suite)), "test case names are unique"
    return found


def assert_counts_match_cases(suite: TestSuite) -> None:
    """The suite's attributes agree with the cases that a consumer counts itself."""
    all_cases = list(suite)
    results = [type(result) for case in all_cases for result in case.result]
    assert suite.tests == len(all_cases)
    assert suite.failures == results.count(Failure)
    assert suite.errors == results.count(Error)
    assert suite.skipped == results.count(Skipped)


def test_a_failing_case_per_file_with_findings() -> None:
    result = fixed_result()
    suite = parse(render(result, RenderOptions()))
    assert suite.name == "vpkscan history scan"
    assert_counts_match_cases(suite)
    by_name = cases(suite)
    paths = {xml_text(f.path) for f in result.findings}
    failing = {
        name for name, case in by_name.items() if any(isinstance(r, Failure) for r in case.result)
    }
    assert failing == paths
    for path in paths:
        [failure] = by_name[path].result
        mine = [f for f in result.findings if xml_text(f.path) == path]
        assert failure.type == max(mine, key=lambda f: f.severity.rank).severity.value
        for finding in mine:
            assert finding.rule.value in failure.message
            assert f"{finding.line}:{finding.column}" in failure.message
            assert finding.message in failure.text
            assert finding.key[:13] + "…" in failure.text
            assert finding.key not in failure.text


def test_two_findings_in_one_file_are_one_failure() -> None:
    [failure] = cases(parse(render(fixed_result(), RenderOptions())))[".env"].result
    assert failure.message.startswith("2 findings: VPK004")
    assert "VPK008" in failure.message


def test_clean_files_skipped_files_and_errors() -> None:
    suite = parse(render(fixed_result(), RenderOptions()))
    by_name = cases(suite)
    clean = by_name[CLEAN_CASE]
    assert clean.is_passed
    assert "4 scanned files hold no key" in (clean.system_out or "")
    [skipped] = by_name["assets/logo-link.png"].result
    assert isinstance(skipped, Skipped)
    assert skipped.message == "symbolic link (not followed)"

    errors = parse(render(clean_result(), RenderOptions()))
    assert_counts_match_cases(errors)
    [error] = cases(errors)["secrets/vault.txt: cannot read: Permission denied"].result
    assert isinstance(error, Error)
    assert cases(errors)[CLEAN_CASE].is_passed


def test_characters_xml_cannot_carry_are_escaped() -> None:
    assert xml_text("a\x01b\x1fc\td") == "a\\x01b\\x1fc\td"
    names = cases(parse(render(fixed_result(), RenderOptions())))
    assert xml_text(AWKWARD_PATH) in names
    assert "\\x01" in xml_text(AWKWARD_PATH)


def test_suite_time_and_properties() -> None:
    suite = parse(render(fixed_result(), RenderOptions()))
    assert suite.time == 1.234
    properties = {p.name: p.value for p in suite.properties()}
    assert properties["mode"] == "history"
    assert properties["files_scanned"] == "9"
    assert properties["commits_scanned"] == "4"


def test_show_secrets_prints_the_key() -> None:
    result = fixed_result()
    shown = render(result, RenderOptions(show_secrets=True))
    assert all(finding.key in shown for finding in result.findings)


def test_real_scan_is_read_by_a_junit_consumer(repo: Repo) -> None:
    key = live_key("junit-e2e")
    repo.write("server/settings.py", f'KEY = "{key}"\n')
    repo.write(".env", f"VIBEPEAK_API_KEY={key}\n")
    repo.write("server/views.py", "def index():\n    return 'ok'\n")
    os.symlink("settings.py", repo.path / "server" / "alias.py")
    repo.add()
    result = run_vpkscan("scan", "--format", "junit", cwd=repo.path)
    assert result.returncode == 1, result.stderr
    assert key not in result.stdout
    suite = parse(result.stdout)
    assert_counts_match_cases(suite)
    by_name = cases(suite)
    # One case per scanned file, the clean one passing.
    assert set(by_name) == {".env", "server/settings.py", "server/views.py", "server/alias.py"}
    assert isinstance(by_name["server/settings.py"].result[0], Failure)
    assert by_name["server/views.py"].is_passed
    assert by_name["server/alias.py"].is_skipped
    assert (suite.tests, suite.failures, suite.skipped) == (4, 2, 1)

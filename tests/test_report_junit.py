"""JUnit XML that a JUnit consumer (junitparser) reads: a failing case per finding, one
passing case per run, every file only when asked."""

from __future__ import annotations

import os
from dataclasses import replace

from junitparser import Error, Failure, JUnitXml, Skipped, TestCase, TestSuite

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key
from tests.test_report_golden import AWKWARD_PATH, clean_result, fixed_result
from vpkscan.model import Skipped as SkippedFile
from vpkscan.model import SkipReason
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


def failing(suite: TestSuite) -> dict[str, Failure]:
    return {
        case.name: result for case in suite for result in case.result if isinstance(result, Failure)
    }


def passing(suite: TestSuite) -> list[str]:
    return [case.name for case in suite if case.is_passed]


def assert_counts_match_cases(suite: TestSuite) -> None:
    """The suite's attributes agree with the cases that a consumer counts itself."""
    all_cases = list(suite)
    results = [type(result) for case in all_cases for result in case.result]
    assert suite.tests == len(all_cases)
    assert suite.failures == results.count(Failure)
    assert suite.errors == results.count(Error)
    assert suite.skipped == results.count(Skipped)


def test_a_failing_case_per_finding() -> None:
    result = fixed_result()
    suite = parse(render(result, RenderOptions()))
    assert suite.name == "vpkscan history scan"
    assert_counts_match_cases(suite)
    failures = failing(suite)
    assert len(failures) == len(result.findings) == suite.failures
    for finding in result.findings:
        [name] = [
            name
            for name in failures
            if name.startswith(f"{xml_text(finding.path)}:{finding.line}:{finding.column} ")
            and f" {finding.rule.value} " in name
        ]
        failure = failures[name]
        assert failure.type == finding.severity.value
        assert f"{finding.line}:{finding.column}" in failure.message
        assert finding.message in failure.text
        assert finding.key[:13] + "…" in failure.text
        assert finding.key not in failure.text


def test_two_findings_on_one_line_are_two_cases() -> None:
    failures = failing(parse(render(fixed_result(), RenderOptions())))
    assert ".env:2:18 VPK004 committed-env-file" in failures
    assert ".env:2:18 VPK008 live-key-outside-production" in failures


def test_a_history_finding_names_its_commit() -> None:
    failures = failing(parse(render(fixed_result(), RenderOptions())))
    assert "old/settings.py:7:11 VPK006 key-in-history in 0123456789ab" in failures


def test_the_same_place_twice_gets_distinct_names() -> None:
    result = fixed_result()
    twice = replace(result, findings=(result.findings[0], result.findings[0]))
    suite = parse(render(twice, RenderOptions()))
    assert_counts_match_cases(suite)
    assert len(cases(suite)) == 2 + 2  # the clean-files case and the skipped case


def test_one_passing_case_counts_the_clean_files() -> None:
    result = fixed_result()
    result = replace(
        result,
        summary=replace(result.summary, scanned_paths=tuple(f"src/m{i}.py" for i in range(50))),
    )
    suite = parse(render(result, RenderOptions()))
    assert passing(suite) == [CLEAN_CASE]
    [clean] = [case for case in suite if case.name == CLEAN_CASE]
    assert "4 scanned files hold no key" in (clean.system_out or "")


def test_all_files_gives_a_case_per_clean_file_and_per_skipped_file() -> None:
    result = fixed_result()
    paths = tuple(f"src/m{i}.py" for i in range(5))
    result = replace(result, summary=replace(result.summary, scanned_paths=paths))
    suite = parse(render(result, RenderOptions(all_files=True)))
    assert_counts_match_cases(suite)
    assert sorted(passing(suite)) == sorted(paths)
    [skipped] = cases(suite)["assets/logo-link.png"].result
    assert isinstance(skipped, Skipped)


def test_skipped_files_are_one_case_per_reason() -> None:
    result = fixed_result()
    links = tuple(SkippedFile(f"assets/link{i}.png", SkipReason.SYMLINK) for i in range(4))
    result = replace(result, summary=replace(result.summary, skipped=links))
    suite = parse(render(result, RenderOptions()))
    assert_counts_match_cases(suite)
    case = cases(suite)["skipped: symbolic link (not followed)"]
    [skipped] = case.result
    assert isinstance(skipped, Skipped)
    assert skipped.message == "4 files not read: symbolic link (not followed)"
    assert (case.system_out or "").split("\n") == [f"assets/link{i}.png" for i in range(4)]
    assert suite.skipped == 1


def test_errors_are_error_cases_and_a_clean_run_has_one_passing_case() -> None:
    errors = parse(render(clean_result(), RenderOptions()))
    assert_counts_match_cases(errors)
    [error] = cases(errors)["secrets/vault.txt: cannot read: Permission denied"].result
    assert isinstance(error, Error)
    assert passing(errors) == [CLEAN_CASE]


def test_characters_xml_cannot_carry_are_escaped() -> None:
    assert xml_text("a\x01b\x1fc\td") == "a\\x01b\\x1fc\td"
    names = failing(parse(render(fixed_result(), RenderOptions())))
    assert any(name.startswith(xml_text(AWKWARD_PATH) + ":5:3 ") for name in names)
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


def _project(repo: Repo, clean_files: int) -> str:
    key = live_key("junit-e2e")
    repo.write("server/settings.py", f'KEY = "{key}"\n')
    repo.write(".env", f"VIBEPEAK_API_KEY={key}\n")
    for i in range(clean_files):
        repo.write(f"server/views{i}.py", f"def index{i}():\n    return 'ok'\n")
    os.symlink("settings.py", repo.path / "server" / "alias.py")
    repo.add()
    return key


def test_real_scan_is_one_case_per_finding_whatever_the_size(repo: Repo) -> None:
    key = _project(repo, clean_files=200)
    result = run_vpkscan("scan", "--format", "junit", cwd=repo.path)
    assert result.returncode == 1, result.stderr
    assert key not in result.stdout
    suite = parse(result.stdout)
    assert_counts_match_cases(suite)
    assert set(failing(suite)) == {
        ".env:1:18 VPK004 committed-env-file",
        "server/settings.py:1:8 VPK005 hardcoded-key",
    }
    assert passing(suite) == [CLEAN_CASE]
    assert (suite.tests, suite.failures, suite.skipped) == (4, 2, 1)
    assert len(result.stdout) < 8000


def test_real_scan_with_every_file(repo: Repo) -> None:
    _project(repo, clean_files=3)
    result = run_vpkscan("scan", "--format", "junit", "--junit-all-files", cwd=repo.path)
    assert result.returncode == 1, result.stderr
    suite = parse(result.stdout)
    assert_counts_match_cases(suite)
    assert sorted(passing(suite)) == [f"server/views{i}.py" for i in range(3)]
    assert cases(suite)["server/alias.py"].is_skipped
    assert (suite.tests, suite.failures, suite.skipped) == (6, 2, 1)


def test_all_files_is_a_junit_option(repo: Repo) -> None:
    result = run_vpkscan("scan", "--junit-all-files", cwd=repo.path)
    assert result.returncode == 2
    assert result.stderr.strip() == "vpkscan: error: --junit-all-files needs --format junit"

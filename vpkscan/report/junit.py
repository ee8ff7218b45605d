"""JUnit XML, so that CI test dashboards (GitLab, Jenkins, Azure DevOps, …) show findings.

Each finding is a failing test case (named by path, line, column and rule); one passing
case counts the files without findings, one skipped case per reason lists the files not
read, and each unreadable target is an error. So the report grows with the findings, not
with the repository. ``RenderOptions.all_files`` (``--junit-all-files``) asks for a
passing case per clean file and a skipped case per skipped file instead.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from itertools import groupby

from vpkscan import __version__
from vpkscan.model import Finding, ScanResult
from vpkscan.paths import display_path
from vpkscan.report import RenderOptions
from vpkscan.report.text import render_finding
from vpkscan.rules.catalog import RULES

CLEAN_CASE = "files without findings"

# XML 1.0 has no way to write most control characters (a file name may hold them): such a
# character would make the whole report unreadable, so it is shown as an escape instead.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with every character that XML 1.0 cannot carry written as ``\\xNN``."""
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def _case(parent: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(parent, "testcase", {"classname": classname, "name": xml_text(name)})


def _case_name(finding: Finding) -> str:
    name = (
        f"{display_path(finding.path)}:{finding.line}:{finding.column} "
        f"{finding.rule.value} {RULES[finding.rule].name}"
    )
    if finding.commit is not None:
        name += f" in {finding.commit.id[:12]}"
    return name


def _failing_case(
    suite: ET.Element, classname: str, name: str, finding: Finding, options: RenderOptions
) -> None:
    path = display_path(finding.path)
    case = _case(suite, classname, name)
    case.set("file", xml_text(path))
    message = (
        f"{finding.rule.value} {RULES[finding.rule].name} [{finding.severity.value}] "
        f"at {path}:{finding.line}:{finding.column}"
    )
    failure = ET.SubElement(
        case, "failure", {"message": xml_text(message), "type": finding.severity.value}
    )
    failure.text = xml_text(render_finding(finding, replace(options, color=False)))


def _unique(names: list[str]) -> list[str]:
    """``names`` with a repeated one numbered: consumers key test cases by name."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return unique


def _clean_cases(
    suite: ET.Element, classname: str, result: ScanResult, options: RenderOptions
) -> int:
    """The passing cases: one that counts the files without findings, or with
    ``all_files`` one per such file when the scan lists them. Returns how many."""
    summary = result.summary
    with_findings = {f.path for f in result.findings}
    if options.all_files and summary.scanned_paths:
        clean_paths = sorted(set(summary.scanned_paths) - with_findings)
        for path in clean_paths:
            case = _case(suite, classname, display_path(path))
            case.set("file", xml_text(display_path(path)))
        return len(clean_paths)
    clean = max(summary.files_scanned - len(with_findings), 0)
    if not clean:
        return 0
    case = _case(suite, classname, CLEAN_CASE)
    files = "1 scanned file holds" if clean == 1 else f"{clean} scanned files hold"
    ET.SubElement(case, "system-out").text = f"{files} no key"
    return 1


def _skipped_cases(
    suite: ET.Element, classname: str, result: ScanResult, options: RenderOptions
) -> int:
    """Skipped cases: one per reason listing its files, or with ``all_files`` one per
    file. Returns how many."""
    skipped = sorted(result.summary.skipped, key=lambda s: (s.reason.value, s.path))
    if options.all_files:
        for item in skipped:
            case = _case(suite, classname, display_path(item.path))
            ET.SubElement(case, "skipped", {"message": item.reason.value})
        return len(skipped)
    groups = [list(group) for _, group in groupby(skipped, key=lambda s: s.reason)]
    for group in groups:
        reason = group[0].reason.value
        files = "1 file" if len(group) == 1 else f"{len(group)} files"
        case = _case(suite, classname, f"skipped: {reason}")
        ET.SubElement(case, "skipped", {"message": f"{files} not read: {reason}"})
        listing = "\n".join(display_path(item.path) for item in group)
        ET.SubElement(case, "system-out").text = xml_text(listing)
    return len(groups)


def _suite(result: ScanResult, options: RenderOptions) -> ET.Element:
    summary = result.summary
    classname = f"vpkscan.{summary.mode.value}"
    suite = ET.Element("testsuite", {"name": f"vpkscan {summary.mode.value} scan"})
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("vpkscan.version", __version__),
        ("mode", summary.mode.value),
        ("root", display_path(summary.root)),
        ("files_scanned", str(summary.files_scanned)),
        ("bytes_scanned", str(summary.bytes_scanned)),
        ("commits_scanned", str(summary.commits_scanned)),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": xml_text(value)})

    findings = sorted(result.findings, key=lambda f: f.sort_key)
    names = _unique([_case_name(f) for f in findings])
    for name, finding in zip(names, findings, strict=True):
        _failing_case(suite, classname, name, finding, options)
    passing = _clean_cases(suite, classname, result, options)
    skipped = _skipped_cases(suite, classname, result, options)
    for error in summary.errors:
        case = _case(suite, classname, display_path(error))
        ET.SubElement(case, "error", {"message": xml_text(display_path(error))})

    counts = {
        "tests": len(findings) + passing + skipped + len(summary.errors),
        "failures": len(findings),
        "errors": len(summary.errors),
        "skipped": skipped,
    }
    for attribute, count in counts.items():
        suite.set(attribute, str(count))
    suite.set("time", f"{summary.duration_s:.3f}")
    return suite


def render(result: ScanResult, options: RenderOptions) -> str:
    """The report as a ``<testsuites>`` document holding one ``<testsuite>``."""
    suite = _suite(result, options)
    root = ET.Element("testsuites", {"name": "vpkscan"})
    for name in ("tests", "failures", "errors", "skipped", "time"):
        root.set(name, suite.get(name, ""))
    root.append(suite)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"

"""JUnit XML, so that CI test dashboards (GitLab, Jenkins, Azure DevOps, …) show findings.

Every scanned file is a test case: one with findings fails and its failure lists them;
skipped files are skipped cases and unreadable targets are errors. Modes that only count
the objects they read (history) get one passing case that counts the clean ones.
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


def _failure_message(findings: list[Finding]) -> str:
    count = f"{len(findings)} finding" + ("" if len(findings) == 1 else "s")
    items = "; ".join(
        f"{f.rule.value} {RULES[f.rule].name} [{f.severity.value}] at {f.line}:{f.column}"
        for f in findings
    )
    return f"{count}: {items}"


def _failing_case(
    suite: ET.Element, classname: str, findings: list[Finding], options: RenderOptions
) -> None:
    path = display_path(findings[0].path)
    case = _case(suite, classname, path)
    case.set("file", xml_text(path))
    worst = max(findings, key=lambda f: f.severity.rank).severity
    failure = ET.SubElement(
        case, "failure", {"message": xml_text(_failure_message(findings)), "type": worst.value}
    )
    plain = replace(options, color=False)
    failure.text = xml_text("\n\n".join(render_finding(f, plain) for f in findings))


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
    groups = [list(group) for _, group in groupby(findings, key=lambda f: f.path)]
    for group in groups:
        _failing_case(suite, classname, group, options)
    with_findings = {f.path for f in findings}
    clean_paths = sorted(set(summary.scanned_paths) - with_findings)
    for path in clean_paths:
        case = _case(suite, classname, display_path(path))
        case.set("file", xml_text(display_path(path)))
    # Modes that only count what they read get one passing case for the rest.
    clean = 0 if summary.scanned_paths else max(summary.files_scanned - len(groups), 0)
    if clean:
        case = _case(suite, classname, CLEAN_CASE)
        files = "1 scanned file holds" if clean == 1 else f"{clean} scanned files hold"
        ET.SubElement(case, "system-out").text = f"{files} no key"
    for skipped in sorted(summary.skipped, key=lambda s: s.path):
        case = _case(suite, classname, display_path(skipped.path))
        ET.SubElement(case, "skipped", {"message": skipped.reason.value})
    for error in summary.errors:
        case = _case(suite, classname, display_path(error))
        ET.SubElement(case, "error", {"message": xml_text(display_path(error))})

    counts = {
        "tests": len(groups)
        + len(clean_paths)
        + (1 if clean else 0)
        + len(summary.skipped)
        + len(summary.errors),
        "failures": len(groups),
        "errors": len(summary.errors),
        "skipped": len(summary.skipped),
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

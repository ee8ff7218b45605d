"""The HTML audit report: valid, self-contained, escaped, and working in a real browser.

The browser tests use Debian's ``chromium`` (``.ci/run`` installs it when missing); on a
machine without it they are skipped, saying so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote
from xml.etree.ElementTree import Element

import html5lib
import pytest

from tests.audit_helpers import OLD_TEST, REMOVED, SHARED, api_repo, web_repo
from tests.helpers import GIT_ENV, Repo, run_vpkscan
from tests.keys import fingerprint, live_key

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_browser = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (.ci/run installs it: apt-get install chromium)",
)
HOSTILE_REPOSITORY = 'acme/<script>alert("x")</script> & "web"'


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML audit of two repositories, one named with markup."""
    root = tmp_path_factory.mktemp("html")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in GIT_ENV.items():
            patch.setenv(name, value)
        web_repo(root)
        api_repo(root)
        for name, folder in ((HOSTILE_REPOSITORY, "web"), ("acme/api", "api")):
            run = run_vpkscan(
                "audit",
                "-q",
                "-f",
                "json",
                "-o",
                f"{folder}.json",
                "--name",
                name,
                folder,
                cwd=root,
            )
            assert run.returncode == 1, run.stderr
        run = run_vpkscan(
            "audit", "--merge", "-f", "html", "-o", "audit.html", "web.json", "api.json", cwd=root
        )
        assert run.returncode == 1, run.stderr
    return root / "audit.html"


def _parse(text: str) -> Element:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document: Element = parser.parse(text)
    return document


def test_html_is_valid_and_names_no_outside_resource(report: Path) -> None:
    text = report.read_text(encoding="utf-8")
    document = _parse(text)  # strict: any parse error raises
    for element in document.iter():
        for name, value in element.attrib.items():
            if name in ("src", "href", "action", "srcset", "poster", "data"):
                pytest.fail(f"<{element.tag} {name}={value!r}> loads something")
            assert not re.search(r"(?i)\b(?:https?|ftp):|^//", value), (element.tag, name, value)
    assert document.find(".//link") is None and document.find(".//img") is None
    [style] = document.iter("style")
    assert "@import" not in (style.text or "") and "url(" not in (style.text or "")
    assert "@media print" in (style.text or "")
    [script] = document.iter("script")
    assert "src" not in script.attrib
    assert not re.search(r"(?i)https?:", script.text or "")
    policy = document.find(".//meta[@http-equiv='Content-Security-Policy']")
    assert policy is not None and "default-src 'none'" in policy.attrib["content"]


def test_html_escapes_hostile_names_and_holds_no_key(report: Path) -> None:
    text = report.read_text(encoding="utf-8")
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;web&#34;" in text
    assert len(re.findall(r"<script\b", text)) == 1
    for key in (SHARED, REMOVED, OLD_TEST):
        assert key[9:] not in text
    names = [
        cell.text for cell in _parse(text).iter("td") if cell.text and cell.text.startswith("acme/")
    ]
    assert HOSTILE_REPOSITORY in names


def _chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    flags = [
        "--headless",
        "--no-sandbox",  # CI runs as root, where chromium's sandbox cannot start
        "--disable-gpu",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={cwd / 'chromium-profile'}",
        "--enable-logging=stderr",
        "--v=0",
    ]
    return subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=False, cwd=cwd
    )


def _open(report: Path, fragment: str = "") -> Element:
    """The DOM of the report after its script ran, opened at ``#fragment``."""
    url = report.as_uri() + (f"#{fragment}" if fragment else "")
    run = _chromium("--dump-dom", url, cwd=report.parent)
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console
    dom = (
        _parse(run.stdout)
        if "<!DOCTYPE" in run.stdout
        else html5lib.parse(run.stdout, namespaceHTMLElements=False)
    )
    body = dom.find("body")
    assert body is not None
    assert body.attrib.get("data-ready") == "true", "the script did not run to its end"
    assert "data-error" not in body.attrib
    return dom


def _visible(dom: Element) -> list[str]:
    return [
        article.attrib["id"].removeprefix("incident-")
        for article in dom.iter("article")
        if "hidden" not in article.attrib
    ]


def _text(dom: Element, element_id: str) -> str:
    found = dom.find(f".//*[@id='{element_id}']")
    assert found is not None, element_id
    return found.text or ""


@needs_browser
def test_the_browser_shows_the_summary_without_console_errors(report: Path) -> None:
    dom = _open(report)
    assert _text(dom, "count-incidents") == "3"
    assert _text(dom, "count-live") == "2" and _text(dom, "count-test") == "1"
    assert _text(dom, "count-in-tree") == "1" and _text(dom, "count-history-only") == "2"
    assert _text(dom, "count-severity-critical") == "1"
    assert _text(dom, "count-severity-low") == "1"
    rows = {
        row.attrib["data-repository"]: row.find("td[@class='count-repository']")
        for row in dom.iter("tr")
        if "data-repository" in row.attrib
    }
    assert {name: cell.text for name, cell in rows.items() if cell is not None} == {
        HOSTILE_REPOSITORY: "2",
        "acme/api": "2",
    }
    assert _visible(dom) == [fingerprint(SHARED), fingerprint(REMOVED), fingerprint(OLD_TEST)]
    assert _text(dom, "shown") == "3"


@needs_browser
@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("severity=low", [OLD_TEST]),
        ("severity=critical", [SHARED]),
        ("rule=VPK006", [REMOVED, OLD_TEST]),
        ("repository=acme%2Fapi", [SHARED, REMOVED]),
        ("repository=" + quote(HOSTILE_REPOSITORY, safe=""), [SHARED, OLD_TEST]),
        ("repository=acme%2Fapi&rule=VPK006", [REMOVED]),
        ("severity=medium", []),
    ],
)
def test_the_filters_work_in_the_browser(report: Path, fragment: str, expected: list[str]) -> None:
    dom = _open(report, fragment)
    assert _visible(dom) == [fingerprint(key) for key in expected]
    assert _text(dom, "shown") == str(len(expected))


@needs_browser
def test_the_browser_takes_a_screenshot_and_prints(report: Path) -> None:
    screenshot = report.parent / "audit.png"
    run = _chromium(
        f"--screenshot={screenshot}", "--window-size=1280,2000", report.as_uri(), cwd=report.parent
    )
    assert run.returncode == 0, run.stderr[-2000:]
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
    pdf = report.parent / "audit.pdf"
    run = _chromium(
        f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report.as_uri(), cwd=report.parent
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert pdf.read_bytes().startswith(b"%PDF")


@needs_browser
def test_an_empty_audit_renders(repo: Repo) -> None:
    repo.commit_files({"app.py": "print('clean')\n"})
    run = run_vpkscan("audit", "-q", "-f", "html", "-o", "clean.html", cwd=repo.path)
    assert run.returncode == 0, run.stderr
    dom = _open(repo.path / "clean.html")
    assert _text(dom, "count-incidents") == "0"
    assert _visible(dom) == []


def test_markdown_and_html_hold_the_same_incidents(tmp_path: Path) -> None:
    repo = Repo.init(tmp_path / "one")
    repo.commit_files({"src/a.jsx": f"const k = '{live_key('same')}';\n"})
    html = run_vpkscan("audit", "-f", "html", cwd=repo.path).stdout
    markdown = run_vpkscan("audit", "-f", "markdown", cwd=repo.path).stdout
    fingerprints = re.findall(r'id="incident-([0-9a-f]{16})"', html)
    assert fingerprints == re.findall(r"Fingerprint: ([0-9a-f]{16})", markdown)
    assert fingerprints == [fingerprint(live_key("same"))]

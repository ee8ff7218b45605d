"""GitHub workflow commands: one annotation per finding, escaped as the runner reads them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key
from tests.test_report_golden import AWKWARD_PATH, COMMIT, clean_result, fixed_result
from vpkscan.model import Severity
from vpkscan.paths import printable
from vpkscan.report import RenderOptions
from vpkscan.report.github import escape_data, escape_property, render, workflow_command
from vpkscan.rules.catalog import RULES

# How the Actions runner unescapes (actions/runner, ActionCommand): the reverse order of
# escaping, '%25' last, so that an escaped '%' cannot form a new escape.
_DATA_ESCAPES = [("%0D", "\r"), ("%0A", "\n"), ("%25", "%")]
_PROPERTY_ESCAPES = [("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")]


def _unescape(text: str, table: list[tuple[str, str]]) -> str:
    for escaped, plain in table:
        text = text.replace(escaped, plain)
    return text


@dataclass
class Command:
    name: str
    properties: dict[str, str]
    message: str


def annotations(text: str) -> list[str]:
    """The annotation lines of a github report: those before the short text report,
    which the runner reads with commands stopped."""
    return text.split("::stop-commands::", 1)[0].splitlines()


def parse(line: str) -> Command:
    """Parse one line as the runner does: ``::name k=v,k=v::message``."""
    assert line.startswith("::"), line
    head, separator, data = line[2:].partition("::")
    assert separator, line
    name, _, props = head.partition(" ")
    properties = {}
    for pair in filter(None, props.split(",")):
        key, equals, value = pair.partition("=")
        assert equals, pair
        properties[key] = _unescape(value, _PROPERTY_ESCAPES)
    return Command(name, properties, _unescape(data, _DATA_ESCAPES))


@pytest.mark.parametrize(
    ("plain", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_escaping(plain: str, data: str, prop: str) -> None:
    assert escape_data(plain) == data
    assert escape_property(plain) == prop
    assert _unescape(data, _DATA_ESCAPES) == plain
    assert _unescape(prop, _PROPERTY_ESCAPES) == plain


def test_workflow_command_round_trips_awkward_values() -> None:
    line = workflow_command(
        "error", {"file": "a,b:c%.py", "line": 3, "title": "x: y, z"}, "one\ntwo: 50%"
    )
    assert "\n" not in line
    command = parse(line)
    assert command == Command(
        "error", {"file": "a,b:c%.py", "line": "3", "title": "x: y, z"}, "one\ntwo: 50%"
    )


def test_one_command_per_finding_with_location_and_severity() -> None:
    result = fixed_result()
    lines = annotations(render(result, RenderOptions()))
    assert len(lines) == len(result.findings)
    names = {
        Severity.CRITICAL: "error",
        Severity.HIGH: "error",
        Severity.MEDIUM: "warning",
        Severity.LOW: "notice",
    }
    for finding, line in zip(result.findings, lines, strict=True):
        command = parse(line)
        rule = RULES[finding.rule]
        assert command.name == names[finding.severity]
        assert command.properties["file"] == printable(finding.path)
        assert command.properties["line"] == command.properties["endLine"] == str(finding.line)
        assert command.properties["col"] == str(finding.column)
        assert command.properties["title"] == (
            f"{rule.id.value} {rule.name} [{finding.severity.value}]"
        )
        first, fix, docs = command.message.split("\n")
        assert first.startswith(finding.message)
        assert finding.key not in command.message
        assert fix == f"Fix: {rule.remediation}."
        assert docs == f"Docs: {rule.help_uri}"


def test_awkward_path_survives_the_property_escaping() -> None:
    commands = [parse(line) for line in annotations(render(fixed_result(), RenderOptions()))]
    [notice] = [c for c in commands if c.name == "notice"]
    # Separators survive the escaping; the control character is shown as an escape.
    assert notice.properties["file"] == AWKWARD_PATH.replace("\x01", "\\x01")
    assert "\x01" not in render(fixed_result(), RenderOptions())


def test_end_column_only_for_plain_keys() -> None:
    commands = {
        c.properties["title"].split()[0]: c
        for c in map(parse, annotations(render(fixed_result(), RenderOptions())))
    }
    assert commands["VPK004"].properties["endColumn"] == str(18 + 41)
    assert "endColumn" not in commands["VPK003"].properties  # base64-encoded


def test_history_finding_names_its_commit() -> None:
    commands = [parse(line) for line in annotations(render(fixed_result(), RenderOptions()))]
    [history] = [c for c in commands if c.properties["title"].startswith("VPK006")]
    assert f"commit {COMMIT.id[:12]}" in history.message


def test_show_secrets_prints_the_key() -> None:
    result = fixed_result()
    shown = render(result, RenderOptions(show_secrets=True))
    assert all(finding.key in shown for finding in result.findings)


def test_no_findings_no_commands() -> None:
    assert render(clean_result(), RenderOptions()) == ""


def test_real_scan_annotations(repo: Repo) -> None:
    key = live_key("github-e2e")
    repo.write("config/a,b:c%.py", f'\nKEY = "{key}"\n')
    repo.write("web/.env", f"VITE_VPK={key}\n")
    repo.add()
    result = run_vpkscan("scan", "--format", "github", cwd=repo.path)
    assert result.returncode == 1, result.stderr
    assert key not in result.stdout
    commands = {c.properties["file"]: c for c in map(parse, annotations(result.stdout))}
    assert set(commands) == {"config/a,b:c%.py", "web/.env"}
    assert commands["config/a,b:c%.py"].properties["line"] == "2"
    assert commands["web/.env"].name == "error"
    assert commands["web/.env"].properties["title"].startswith("VPK001 public-env-var")


def test_short_report_is_read_with_commands_stopped() -> None:
    text = render(fixed_result(), RenderOptions())
    _, _, block = text.partition("::stop-commands::")
    token, _, rest = block.partition("\n")
    assert len(token) == 32
    assert rest.endswith(f"::{token}::\n")
    body = rest[: -len(f"::{token}::\n")]
    assert token not in body
    assert body.startswith(f"vpkscan: {len(fixed_result().findings)} VibePeak keys found:")
    # Every finding is in the short report, and every line of it is indented text.
    assert all(line.startswith("  ") for line in body.splitlines()[1:])
    assert "leak stage: in commit 0123456789ab, already pushed" in body


def test_hostile_path_cannot_start_a_command_in_the_log(repo: Repo) -> None:
    repo.write("::add-mask::x.py", f'KEY = "{live_key("github-cmd")}"\n')
    repo.git("add", "--", ":(literal)::add-mask::x.py")
    result = run_vpkscan("scan", "--format", "github", cwd=repo.path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    stop = lines.index(next(line for line in lines if line.startswith("::stop-commands::")))
    commands = [line for line in lines[:stop] if line.startswith("::")]
    assert [parse(c).properties["file"] for c in commands] == ["::add-mask::x.py"]
    assert not any(line.startswith("::add-mask") for line in lines)

"""Reports (SPEC §4) and the env-file rules (SPEC §3): format, fields, order, redaction."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import Repo, run_vpkscan
from tests.keys import LIVE, TEST, fingerprint, live_key
from tests.keys import test_key as sandbox_key
from tests.test_cli import invoke
from vpkscan import __version__
from vpkscan.model import RuleId
from vpkscan.report import OutputFormat, RenderOptions, renderer
from vpkscan.rules.catalog import RULES

NULLABLE_FIELDS = ("commit", "author", "date", "encoding", "original", "exposure", "verification")

FINDING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "rule_id",
        "rule",
        "severity",
        "key_mode",
        "path",
        "line",
        "column",
        "redacted",
        "fingerprint",
        *NULLABLE_FIELDS,
        "message",
        "remediation",
        "help_uri",
        "links",
    ],
    "properties": {
        "rule_id": {"type": "string", "pattern": "^VPK00[1-8]$"},
        "rule": {"type": "string", "pattern": "^[a-z]+(-[a-z]+)*$"},
        "severity": {"enum": ["low", "medium", "high", "critical"]},
        "key_mode": {"enum": ["live", "test"]},
        "path": {"type": "string", "minLength": 1},
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "redacted": {"type": "string", "pattern": "^vpk_(live|test)_[A-Za-z0-9]{4}…$"},
        "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
        "commit": {"type": ["string", "null"]},
        "author": {"type": ["string", "null"]},
        "date": {"type": ["string", "null"]},
        "encoding": {"type": ["string", "null"]},
        "original": {"type": ["object", "null"]},
        "exposure": {"enum": ["staged", "local", "pushed", None]},
        "verification": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "required": ["status", "checked_at", "detail"],
            "properties": {
                "status": {
                    "enum": ["active", "no-api-access", "unknown", "expired", "revoked", "invalid"]
                },
                "checked_at": {"type": "string", "pattern": "^\\d{4}-\\d\\d-\\d\\dT.*Z$"},
                "detail": {"type": "string", "minLength": 1},
            },
        },
        "message": {"type": "string", "minLength": 1},
        "remediation": {"type": "string", "minLength": 1},
        "help_uri": {"type": "string", "pattern": "^https://"},
        "links": {
            "type": "object",
            "additionalProperties": False,
            "required": ["commit", "file"],
            "properties": {
                "commit": {"type": ["string", "null"], "pattern": "^https?://"},
                "file": {"type": ["string", "null"], "pattern": "^https?://"},
            },
        },
    },
}

REPORT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "tool", "scan", "findings"],
    "properties": {
        "version": {"const": 1},
        "tool": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "version"],
            "properties": {"name": {"const": "vpkscan"}, "version": {"const": __version__}},
        },
        "scan": {
            "type": "object",
            "additionalProperties": False,
            "required": [
                "mode",
                "root",
                "files_scanned",
                "bytes_scanned",
                "commits_scanned",
                "duration_s",
                "repository",
                "verification",
            ],
            "properties": {
                "mode": {"enum": ["tree", "paths", "staged", "history", "range", "stdin"]},
                "root": {"type": "string", "pattern": "^/"},
                "files_scanned": {"type": "integer", "minimum": 0},
                "bytes_scanned": {"type": "integer", "minimum": 0},
                "commits_scanned": {"type": "integer", "minimum": 0},
                "duration_s": {"type": "number", "minimum": 0},
                "verification": {
                    "type": ["object", "null"],
                    "additionalProperties": {"type": "integer", "minimum": 1},
                    "propertyNames": {
                        "enum": [
                            "active",
                            "no-api-access",
                            "unknown",
                            "expired",
                            "revoked",
                            "invalid",
                        ]
                    },
                },
                "repository": {
                    "type": ["object", "null"],
                    "additionalProperties": False,
                    "required": ["branch", "head", "remote_url"],
                    "properties": {
                        "branch": {"type": ["string", "null"]},
                        "head": {"type": ["string", "null"], "pattern": "^[0-9a-f]{40,64}$"},
                        "remote_url": {"type": ["string", "null"]},
                    },
                },
            },
        },
        "findings": {"type": "array", "items": FINDING_SCHEMA},
    },
}


def sort_key(finding: dict[str, Any]) -> tuple[str, int, int, str]:
    return (finding["path"], finding["line"], finding["column"], finding["rule_id"])


@pytest.fixture
def layout(repo: Repo) -> dict[str, str]:
    """A repository with keys in several files, lines and columns; returns path -> key."""
    keys = {
        "b/z.py": live_key("layout-1"),
        "a.py": sandbox_key("layout-2"),
        "B.txt": live_key("layout-3"),
        ".env": live_key("layout-4"),
    }
    for path, key in keys.items():
        repo.write(path, f"first = 1\nA = '{key}' ; B = '{key}'\n{key}\n")
    repo.write("clean.py", "x = 1\n")
    repo.add()
    return keys


# --- JSON ---------------------------------------------------------------------------------


def test_json_report_matches_the_spec(repo: Repo, layout: dict[str, str]) -> None:
    result = invoke("scan", "--format", "json", cwd=repo.path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    jsonschema.validate(report, REPORT_SCHEMA)
    scan = report["scan"]
    assert scan["mode"] == "tree"
    assert Path(scan["root"]).samefile(repo.path)
    assert scan["files_scanned"] == len(layout) + 1
    tracked = repo.git("ls-files").split()
    assert scan["bytes_scanned"] == sum((repo.path / p).stat().st_size for p in tracked)
    assert scan["commits_scanned"] == 0
    assert isinstance(scan["duration_s"], float)
    primary = [f for f in report["findings"] if f["rule_id"] in ("VPK004", "VPK005")]
    assert len(primary) == 3 * len(layout)
    for finding in primary:
        key = layout[finding["path"]]
        assert finding["redacted"] == key[:13] + "…"
        assert finding["fingerprint"] == fingerprint(key)
        assert finding["key_mode"] == ("test" if key.startswith(TEST) else "live")
        line = f"A = '{key}' ; B = '{key}'"
        columns = {(2, line.index(key) + 1), (2, line.rindex(key) + 1), (3, 1)}
        assert (finding["line"], finding["column"]) in columns
        rule = next(r for r in RULES.values() if r.id.value == finding["rule_id"])
        assert (finding["rule"], finding["remediation"], finding["help_uri"]) == (
            rule.name,
            rule.remediation,
            rule.help_uri,
        )
        assert all(finding[field] is None for field in NULLABLE_FIELDS)


def test_json_findings_are_sorted(repo: Repo, layout: dict[str, str]) -> None:
    findings = invoke("scan", "-f", "json", cwd=repo.path).json()["findings"]
    assert findings == sorted(findings, key=sort_key)
    assert list(dict.fromkeys(f["path"] for f in findings)) == [".env", "B.txt", "a.py", "b/z.py"]


def test_json_findings_are_sorted_after_a_parallel_scan(repo: Repo) -> None:
    # Enough data for worker processes, whose results arrive in any order.
    filler = b"x = 1\n" * 700_000
    for i, name in enumerate(["d.py", "c.py", "b.py", "a.py"]):
        repo.write(name, filler + f"K = '{live_key(f'parallel-{i}')}'\n".encode())
    repo.add()
    result = run_vpkscan("scan", "-f", "json", "--jobs", "2", cwd=repo.path)
    findings = result.json()["findings"]
    assert [f["path"] for f in findings] == ["a.py", "b.py", "c.py", "d.py"]
    assert {f["line"] for f in findings} == {700_001}


def test_json_of_a_clean_scan_has_an_empty_list(repo: Repo) -> None:
    repo.write("app.py", "x = 1\n")
    repo.add()
    result = invoke("scan", "-f", "json", cwd=repo.path)
    report = result.json()
    jsonschema.validate(report, REPORT_SCHEMA)
    assert report["findings"] == [] and report["scan"]["files_scanned"] == 1


def test_json_with_show_secrets_adds_the_key(repo: Repo) -> None:
    key = live_key("json-secret")
    repo.write("app.py", f"KEY = '{key}'\n")
    repo.add()
    [finding] = invoke("scan", "-f", "json", "--show-secrets", cwd=repo.path).json()["findings"]
    assert finding["secret"] == key
    assert finding["redacted"] == key[:13] + "…"
    jsonschema.validate({k: v for k, v in finding.items() if k != "secret"}, FINDING_SCHEMA)


# --- text ---------------------------------------------------------------------------------

HEADER = re.compile(
    r"^(?P<path>\S+):(?P<line>\d+):(?P<column>\d+): (?P<rule_id>VPK00\d) (?P<rule>[a-z-]+) "
    r"\[(?P<severity>low|medium|high|critical)\] (?P<mode>live|test) key (?P<shown>\S+)$"
)


def test_text_report_blocks(repo: Repo) -> None:
    key = live_key("text-block")
    repo.write("server/settings.py", f'import os\nAPI_KEY = "{key}"  # prod\n')
    repo.add()
    result = invoke("scan", cwd=repo.path)
    assert result.returncode == 1
    header, snippet, message, fix, docs = result.stdout.rstrip("\n").split("\n")
    match = HEADER.match(header)
    assert match is not None, header
    rule = RULES[RuleId.VPK005]
    assert match.groupdict() == {
        "path": "server/settings.py",
        "line": "2",
        "column": "12",
        "rule_id": "VPK005",
        "rule": rule.name,
        "severity": "high",
        "mode": "live",
        "shown": key[:13] + "…",
    }
    assert snippet == f'  | API_KEY = "{key[:13]}…"  # prod'
    assert message.startswith("  Live VibePeak key: ")
    assert fix == "  fix: " + rule.remediation
    assert docs == f"  docs: vpkscan explain VPK005 ({rule.help_uri})"


def test_text_report_separates_findings_with_a_blank_line(repo: Repo) -> None:
    repo.write("a.py", f"A = '{live_key('text-a')}'\n")
    repo.write("b.py", f"B = '{live_key('text-b')}'\n")
    repo.add()
    blocks = invoke("scan", cwd=repo.path).stdout.rstrip("\n").split("\n\n")
    assert [block.split(":", 1)[0] for block in blocks] == ["a.py", "b.py"]
    assert all("\n  fix: " in block for block in blocks)


def test_text_report_masks_a_key_in_a_long_minified_line(repo: Repo) -> None:
    key = live_key("text-minified")
    repo.write("dist/app.js", "var a=1;" * 5000 + f'k="{key}";' + "var b=2;" * 5000)
    repo.add()
    stdout = invoke("scan", cwd=repo.path).stdout
    snippet = stdout.split("\n")[1]
    assert snippet.startswith("  | ") and f'k="{key[:13]}…";' in snippet
    assert len(snippet) < 200


def test_text_with_show_secrets_prints_the_key(repo: Repo) -> None:
    key = sandbox_key("text-secret")
    repo.write("app.py", f"KEY = '{key}'\n")
    repo.add()
    stdout = invoke("scan", "--show-secrets", cwd=repo.path).stdout
    header, snippet = stdout.split("\n")[:2]
    assert header.endswith(f"test key {key}")
    assert snippet == f"  | KEY = '{key}'"


# --- no output holds a key body unless --show-secrets ---------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_output_contains_a_key_body(repo: Repo, layout: dict[str, str], fmt: str) -> None:
    del layout
    text = repo.path.joinpath("b/z.py").read_text() + repo.path.joinpath("a.py").read_text()
    bodies = {m.group(1) for m in re.finditer(r"vpk_[a-z]+_([A-Za-z0-9]{32})", text)}
    assert len(bodies) == 2
    for result in (
        invoke("scan", "-f", fmt, cwd=repo.path),
        run_vpkscan("scan", "-f", fmt, cwd=repo.path),
        invoke("scan", "-f", fmt, "-", cwd=repo.path, stdin=text.encode()),
    ):
        assert result.returncode == 1
        for body in bodies:
            assert body not in result.stdout and body not in result.stderr
            assert body[4:] not in result.stdout + result.stderr


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_has_a_renderer_that_redacts(repo: Repo, fmt: OutputFormat) -> None:
    key = live_key(f"renderer-{fmt.value}")
    repo.write("app.py", f"KEY = '{key}'\n")
    repo.add()
    from vpkscan.config import Config
    from vpkscan.engine import scan
    from vpkscan.sources.resolve import resolve

    result = scan(resolve([], cwd=repo.path), Config(jobs=1))
    assert len(result.findings) == 1
    render = renderer(fmt)
    assert key[9:] not in render(result, RenderOptions())
    assert key[9:] not in render(result, RenderOptions(color=True))
    if fmt in (OutputFormat.TEXT, OutputFormat.JSON):
        assert key in render(result, RenderOptions(show_secrets=True))


# --- rules for env files (SPEC §3) ----------------------------------------------------------

ENV_FILES = [".env", ".env.production", "prod.env", ".envrc", ".flaskenv", "deploy/.env.local"]
OTHER_FILES = ["server/settings.py", "config/app.toml", "scripts/deploy.sh", "env.txt", ".envy"]
PRIMARY = {"VPK001", "VPK002", "VPK003", "VPK004", "VPK005", "VPK006"}


def _primary_findings(repo: Repo, path: str, key: str) -> list[dict[str, Any]]:
    repo.write(path, f"VIBEPEAK_API_KEY={key}\n")
    repo.add()
    findings = invoke("scan", "-f", "json", path, cwd=repo.path).json()["findings"]
    return [f for f in findings if f["rule_id"] in PRIMARY]


@pytest.mark.parametrize("path", ENV_FILES)
@pytest.mark.parametrize(("prefix", "severity"), [(LIVE, "high"), (TEST, "low")])
def test_env_files_are_vpk004(repo: Repo, path: str, prefix: str, severity: str) -> None:
    key = prefix + live_key(f"env-{path}")[len(LIVE) :]
    [finding] = _primary_findings(repo, path, key)
    assert (finding["path"], finding["rule_id"], finding["rule"]) == (
        path,
        "VPK004",
        "committed-env-file",
    )
    assert finding["severity"] == severity
    assert finding["key_mode"] == prefix[4:-1]


@pytest.mark.parametrize("path", OTHER_FILES)
@pytest.mark.parametrize(("prefix", "severity"), [(LIVE, "high"), (TEST, "low")])
def test_other_files_are_vpk005(repo: Repo, path: str, prefix: str, severity: str) -> None:
    key = prefix + live_key(f"other-{path}")[len(LIVE) :]
    [finding] = _primary_findings(repo, path, key)
    assert (finding["rule_id"], finding["rule"], finding["severity"]) == (
        "VPK005",
        "hardcoded-key",
        severity,
    )


def test_every_test_key_finding_is_low(repo: Repo) -> None:
    for path in [*ENV_FILES, *OTHER_FILES]:
        repo.write(path, f"VIBEPEAK_API_KEY={sandbox_key(f'all-low-{path}')}\n")
    repo.add()
    findings = invoke("scan", "-f", "json", cwd=repo.path).json()["findings"]
    assert len(findings) >= len(ENV_FILES) + len(OTHER_FILES)
    assert {f["severity"] for f in findings} == {"low"}


def test_text_masks_every_key_on_the_shown_line(repo: Repo) -> None:
    first, second = live_key("same-line-1"), sandbox_key("same-line-2")
    repo.write("keys.json", f'{{"live": "{first}", "test": "{second}", "again": "{first}"}}\n')
    repo.add()
    result = invoke("scan", cwd=repo.path)
    assert result.stdout.count("  | ") == 3
    assert first[9:] not in result.stdout and second[9:] not in result.stdout
    shown = invoke("scan", "--show-secrets", cwd=repo.path).stdout
    assert first in shown and second in shown


def test_text_masks_a_key_cut_by_the_snippet_edge(repo: Repo) -> None:
    first, second = live_key("clip-1"), live_key("clip-2")
    repo.write("keys.txt", first + " " * 20 + second + "\n")
    repo.add()
    stdout = invoke("scan", cwd=repo.path).stdout
    assert first[9:] not in stdout and second[9:] not in stdout

"""The command line: exit codes, colour, ``--output``, and bad input without tracebacks."""

from __future__ import annotations

import json
import os
import pty
import shutil
import stat
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.helpers import Repo, Run, invoke, run_vpkscan
from tests.keys import live_key
from tests.keys import test_key as sandbox_key
from vpkscan.cli.policy import exit_code
from vpkscan.model import (
    Finding,
    KeyMode,
    RuleId,
    ScanMode,
    ScanResult,
    Severity,
    SkipReason,
    Summary,
)
from vpkscan.read.files import scan_file
from vpkscan.sources.plan import FileRef

ANSI = "\033["


@pytest.fixture(autouse=True)
def _no_enclosing_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``tmp_path`` is outside any repository even when the temporary folder is not."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


def no_traceback(result: Run) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def one_error_line(result: Run) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("vpkscan: error: ")
    return lines[0]


# --- exit codes --------------------------------------------------------------------------


def test_clean_repository_exits_0(repo: Repo) -> None:
    repo.write("app.py", "print('hello')\n")
    repo.add()
    result = invoke("scan", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "0 findings in 1 file" in result.stderr


def test_findings_exit_1(repo: Repo) -> None:
    repo.write("app.py", f"KEY = '{live_key('exit-1')}'\n")
    repo.add()
    assert invoke("scan", cwd=repo.path).returncode == 1


@pytest.mark.parametrize(
    ("fail_on", "expected"), [("low", 1), ("LOW", 1), ("medium", 0), ("high", 0), ("critical", 0)]
)
def test_fail_on_with_only_test_keys(repo: Repo, fail_on: str, expected: int) -> None:
    repo.write("app.py", f"KEY = '{sandbox_key('fail-on')}'\n")
    repo.write(".env", f"KEY={sandbox_key('fail-on-env')}\n")
    repo.add()
    result = invoke("scan", "--fail-on", fail_on, "-f", "json", cwd=repo.path)
    assert {f["severity"] for f in result.json()["findings"]} == {"low"}
    assert result.returncode == expected


@pytest.mark.parametrize(("fail_on", "expected"), [("high", 1), ("critical", 0)])
def test_fail_on_with_a_high_live_key(repo: Repo, fail_on: str, expected: int) -> None:
    repo.write("server/settings.py", f"KEY = '{live_key('fail-on-high')}'\n")
    repo.add()
    result = invoke("scan", "--fail-on", fail_on, "-f", "json", cwd=repo.path)
    assert [f["severity"] for f in result.json()["findings"]] == ["high"]
    assert result.returncode == expected


def _result_with(*severities: Severity) -> ScanResult:
    findings = tuple(
        Finding(RuleId.VPK005, severity, live_key(i), KeyMode.LIVE, "a.py", i + 1, 1, "m")
        for i, severity in enumerate(severities)
    )
    return ScanResult(findings, Summary(ScanMode.TREE, "/r", 1, 10))


@pytest.mark.parametrize(
    ("severities", "fail_on", "expected"),
    [
        ((Severity.CRITICAL,), Severity.CRITICAL, 1),
        ((Severity.HIGH, Severity.MEDIUM), Severity.CRITICAL, 0),
        ((Severity.LOW, Severity.CRITICAL), Severity.CRITICAL, 1),
        ((Severity.MEDIUM,), Severity.HIGH, 0),
        ((Severity.MEDIUM,), Severity.MEDIUM, 1),
        ((), Severity.LOW, 0),
    ],
)
def test_fail_on_threshold(
    severities: tuple[Severity, ...], fail_on: Severity, expected: int
) -> None:
    assert exit_code(_result_with(*severities), fail_on) == expected


def test_errors_exit_2_even_with_findings_below_the_threshold() -> None:
    result = _result_with(Severity.LOW)
    broken = ScanResult(result.findings, Summary(ScanMode.TREE, "/r", 1, 10, errors=("x",)))
    assert exit_code(broken, Severity.CRITICAL) == 2


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "--format", "yaml"],
        ["scan", "--fail-on", "urgent"],
        ["scan", "--color", "sometimes"],
        ["scan", "--no-such-option"],
        ["scan", "--jobs", "-1"],
        ["nonsense"],
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = invoke(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "Error" in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "-", "other.txt"],
        ["scan", "--staged", "-"],
        ["scan", "--staged", "--no-git"],
    ],
)
def test_conflicting_targets_exit_2_with_one_line(repo: Repo, args: list[str]) -> None:
    repo.write("other.txt", "x\n")
    result = invoke(*args, cwd=repo.path, stdin=b"")
    assert result.returncode == 2
    one_error_line(result)


def test_help_and_version_exit_0(tmp_path: Path) -> None:
    assert invoke("--version", cwd=tmp_path).returncode == 0
    result = invoke("scan", "--help", cwd=tmp_path)
    assert result.returncode == 0 and "--fail-on" in result.stdout


def test_exit_codes_end_to_end(repo: Repo) -> None:
    repo.write("app.py", f"KEY = '{sandbox_key('e2e')}'\n")
    repo.add()
    assert run_vpkscan("scan", cwd=repo.path).returncode == 1
    bad = run_vpkscan("scan", "--format", "nope", cwd=repo.path)
    assert bad.returncode == 2
    no_traceback(bad)


# --- colour -------------------------------------------------------------------------------


def _key_repo(repo: Repo) -> None:
    repo.write("app.py", f"KEY = '{live_key('colour')}'\n")
    repo.add()


def test_no_colour_when_piped_by_default(repo: Repo) -> None:
    _key_repo(repo)
    result = run_vpkscan("scan", cwd=repo.path)
    assert result.returncode == 1 and "VPK005" in result.stdout
    assert ANSI not in result.stdout and ANSI not in result.stderr


def test_colour_always_even_when_piped(repo: Repo) -> None:
    _key_repo(repo)
    result = invoke("scan", "--color", "always", cwd=repo.path)
    assert ANSI in result.stdout


def test_colour_never_and_json_are_plain(repo: Repo) -> None:
    _key_repo(repo)
    assert ANSI not in invoke("scan", "--color", "never", cwd=repo.path).stdout
    assert ANSI not in invoke("scan", "-f", "json", "--color", "always", cwd=repo.path).stdout


def _run_on_terminal(args: list[str], cwd: Path, env: Mapping[str, str]) -> str:
    """Run the command with its standard output on a pseudo-terminal."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "vpkscan", *args],
        cwd=cwd,
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the terminal closed when the process exited
            break
        if not data:
            break
        chunks.append(data)
    proc.communicate(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ([], {}, True),
        ([], {"NO_COLOR": "1"}, False),
        (["--color", "never"], {}, False),
        (["--color", "always"], {"NO_COLOR": "1"}, True),
    ],
    ids=["auto", "no-color-env", "never", "always-beats-env"],
)
def test_colour_on_a_terminal(
    repo: Repo, args: list[str], env: dict[str, str], coloured: bool
) -> None:
    _key_repo(repo)
    output = _run_on_terminal(["scan", *args], repo.path, env)
    assert "VPK005" in output
    assert (ANSI in output) is coloured


# --- --output -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_file_is_written_whole_and_alone(repo: Repo, tmp_path: Path, fmt: str) -> None:
    key = live_key("output")
    repo.write("app.py", f"KEY = '{key}'\n")
    repo.add()
    out_dir = tmp_path / "reports"
    out_dir.mkdir()
    target = out_dir / f"report.{fmt}"
    result = invoke("scan", "-f", fmt, "--output", str(target), cwd=repo.path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "1 finding" in result.stderr
    assert [p.name for p in out_dir.iterdir()] == [target.name]
    content = target.read_text(encoding="utf-8")
    assert "app.py" in content and key[9:] not in content
    # The same report as on standard output (but for the time a JSON report records).
    again = invoke("scan", "-f", fmt, cwd=repo.path).stdout
    if fmt == "json":
        assert json.loads(content)["findings"] == json.loads(again)["findings"]
    else:
        assert content == again
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_output_replaces_an_existing_file(repo: Repo, tmp_path: Path) -> None:
    repo.write("app.py", "x = 1\n")
    repo.add()
    target = tmp_path / "report.json"
    target.write_text("old content that is longer than the new report" * 100)
    assert invoke("scan", "-f", "json", "-o", str(target), cwd=repo.path).returncode == 0
    assert target.read_text().startswith("{") and "old content" not in target.read_text()


def test_failed_scan_leaves_no_output_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = invoke("scan", "missing-dir", "-f", "json", "-o", str(target), cwd=tmp_path)
    assert result.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_output_into_a_missing_directory_is_a_usage_error(repo: Repo, tmp_path: Path) -> None:
    repo.write("app.py", "x = 1\n")
    repo.add()
    result = invoke("scan", "-o", str(tmp_path / "no" / "such" / "r.txt"), cwd=repo.path)
    assert result.returncode == 2
    assert "cannot write" in result.stderr


# --- bad input never gives a traceback ----------------------------------------------------


def test_missing_path_exits_2_with_one_line(tmp_path: Path) -> None:
    result = run_vpkscan("scan", "does-not-exist", cwd=tmp_path)
    assert result.returncode == 2
    assert "does-not-exist" in one_error_line(result)
    no_traceback(result)


def test_missing_path_inside_a_repository(repo: Repo) -> None:
    result = invoke("scan", "nowhere/file.py", cwd=repo.path)
    assert result.returncode == 2
    assert "nowhere/file.py" in one_error_line(result)


def test_staged_outside_a_repository_exits_2(tmp_path: Path) -> None:
    result = run_vpkscan("scan", "--staged", cwd=tmp_path)
    assert result.returncode == 2
    assert "not inside a git repository" in one_error_line(result)
    no_traceback(result)


def test_scan_without_paths_outside_a_repository_exits_2(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(f"KEY = '{live_key('outside')}'\n")
    result = invoke("scan", cwd=tmp_path)
    assert result.returncode == 2
    line = one_error_line(result)
    assert "not inside a git repository" in line and "vpkscan scan ." in line


def _drop_read_permission() -> list[str] | None:
    """A command prefix under which a mode-000 file cannot be read, or None."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search"
    prefix = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


@pytest.mark.parametrize("where", ["walked", "named", "tracked"])
def test_unreadable_file_is_an_error_not_a_pass(repo: Repo, tmp_path: Path, where: str) -> None:
    # root reads mode-000 files; without the DAC capabilities it cannot, like any user.
    prefix = _drop_read_permission()
    if prefix is None:
        pytest.skip("running as root without setpriv: no way to make a file unreadable")
    key = live_key("unreadable")
    if where == "tracked":
        cwd, args = repo.path, ["scan"]
        repo.write("ok.py", f"KEY = '{key}'\n")
        locked = repo.write("locked.py", "x = 1\n")
        repo.add()
    else:
        cwd = tmp_path / "plain"
        cwd.mkdir()
        (cwd / "ok.py").write_text(f"KEY = '{key}'\n")
        locked = cwd / "locked.py"
        locked.write_text("x = 1\n")
        args = ["scan", "."] if where == "walked" else ["scan", "locked.py", "ok.py"]
    locked.chmod(0)
    try:
        proc = subprocess.run(
            [*prefix, sys.executable, "-m", "vpkscan", *args, "-f", "json"],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        locked.chmod(0o644)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "locked.py: cannot read" in proc.stderr
    assert "the scan is incomplete" in proc.stderr
    # What could be read is still reported.
    assert [f["path"] for f in Run(0, proc.stdout, "").json()["findings"]] == ["ok.py"]


def test_reader_skips_a_directory_where_a_file_was_listed(tmp_path: Path) -> None:
    result = scan_file(FileRef("folder", str(tmp_path), 0))
    assert result.skipped is SkipReason.NOT_REGULAR
    assert result.error is None and result.candidates == ()


def test_reader_skips_a_vanished_file_and_a_symlink(tmp_path: Path) -> None:
    gone = tmp_path / "gone.py"
    gone.write_text("x = 1\n")
    ref = FileRef("gone.py", str(gone), -1)
    gone.unlink()
    assert scan_file(ref).skipped is SkipReason.MISSING
    target = tmp_path / "target.py"
    target.write_text(f"K = '{live_key('link')}'\n")
    (tmp_path / "link.py").symlink_to(target)
    linked = scan_file(FileRef("link.py", str(tmp_path / "link.py"), -1))
    assert linked.skipped is SkipReason.SYMLINK and linked.candidates == ()


def test_fifo_in_a_walked_directory_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text(f"KEY = '{live_key('fifo')}'\n")
    os.mkfifo(tmp_path / "pipe")
    result = invoke("scan", ".", "-f", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert [f["path"] for f in result.json()["findings"]] == ["ok.py"]
    assert f"skipped 1 {SkipReason.NOT_REGULAR.value}" in result.stderr


def test_broken_symlink_named_on_the_command_line_exits_2(tmp_path: Path) -> None:
    (tmp_path / "dangling").symlink_to(tmp_path / "missing-target")
    result = run_vpkscan("scan", "dangling", cwd=tmp_path)
    assert result.returncode == 2
    assert "broken symbolic link" in one_error_line(result)
    no_traceback(result)


def test_broken_symlink_inside_a_walked_directory_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "dangling").symlink_to(tmp_path / "missing-target")
    (tmp_path / "src" / "app.py").write_text(f"KEY = '{live_key('dangling')}'\n")
    result = invoke("scan", "src", "-f", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert [f["path"] for f in result.json()["findings"]] == ["app.py"]
    assert f"skipped 1 {SkipReason.SYMLINK.value}" in result.stderr


NON_UTF8_NAME = os.fsdecode(b"caf\xe9.txt")


def _check_escaped_name(result: Run, key: str) -> None:
    assert result.returncode == 1, result.stderr
    [finding] = result.json()["findings"]
    assert finding["path"] == "caf\\xe9.txt"
    assert key not in result.stdout
    assert "\ufffd" not in result.stdout + result.stderr


def test_non_utf8_file_name_in_a_repository(repo: Repo) -> None:
    key = live_key("non-utf8-git")
    repo.write(NON_UTF8_NAME, f"KEY={key}\n")
    repo.add()
    _check_escaped_name(run_vpkscan("scan", "-f", "json", cwd=repo.path), key)
    text = run_vpkscan("scan", cwd=repo.path)
    assert text.stdout.startswith("caf\\xe9.txt:1:5: VPK005")


def test_non_utf8_file_name_in_a_walked_directory(tmp_path: Path) -> None:
    key = live_key("non-utf8-walk")
    (tmp_path / NON_UTF8_NAME).write_text(f"KEY={key}\n")
    _check_escaped_name(run_vpkscan("scan", ".", "-f", "json", cwd=tmp_path), key)


def test_non_utf8_file_name_on_the_command_line(tmp_path: Path) -> None:
    key = live_key("non-utf8-arg")
    (tmp_path / NON_UTF8_NAME).write_text(f"KEY={key}\n")
    _check_escaped_name(run_vpkscan("scan", NON_UTF8_NAME, "-f", "json", cwd=tmp_path), key)


def test_non_utf8_names_in_messages_are_escaped(repo: Repo) -> None:
    missing = run_vpkscan("scan", os.fsdecode(b"nothing-caf\xe9"), cwd=repo.path)
    assert missing.returncode == 2
    assert "nothing-caf\\xe9: no such file" in one_error_line(missing)
    (repo.path / NON_UTF8_NAME).mkdir()
    (repo.path / NON_UTF8_NAME / "draft.txt").write_text("x\n")
    untracked = run_vpkscan("scan", NON_UTF8_NAME, cwd=repo.path)
    assert untracked.returncode == 2
    assert "vpkscan: note: caf\\xe9.txt: no tracked file here" in untracked.stderr
    assert "\\udc" not in missing.stderr + untracked.stderr


def test_explicit_path_without_tracked_files_is_not_a_pass(repo: Repo) -> None:
    repo.write("tracked.py", "x = 1\n")
    repo.write("notes/draft.txt", f"KEY={live_key('untracked-dir')}\n")
    repo.add("tracked.py")
    result = invoke("scan", "notes", cwd=repo.path)
    assert result.returncode == 2
    assert "notes: no tracked file here" in result.stderr
    assert "nothing was scanned" in result.stderr
    assert result.stdout == ""


def test_explicit_path_of_only_skipped_files_is_not_a_pass(tmp_path: Path) -> None:
    (tmp_path / "dangling").symlink_to(tmp_path / "missing-target")
    result = invoke("scan", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert "nothing was scanned" in result.stderr

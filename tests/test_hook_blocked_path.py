"""A commit the hook blocks: the full staged scan of a few blobs loads and runs only what
that scan needs, and finds what ``vpkscan scan --staged`` finds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key
from vpkscan import lazy_regex
from vpkscan.lazy_regex import LazyPattern
from vpkscan.suppress import allow

#: Modules a blocked commit of a few files never needs: other modes (history, the worker
#: pool, progress bars), report formats nobody asked for, verification, and what reads
#: baselines, source maps or configured path patterns when there are none.
NOT_FOR_A_BLOCKED_COMMIT = (
    "click",
    "git",  # GitPython
    "httpx",
    "multiprocessing",
    "vpkscan.read.start",
    "vpkscan.read.blobs",
    "vpkscan.read.progress",
    "vpkscan.sources.history",
    "vpkscan.git.log",
    "vpkscan.sources.archives.walk",
    "vpkscan.report.text",
    "vpkscan.report.json",
    "vpkscan.report.sarif",
    "vpkscan.report.junit",
    "vpkscan.report.github",
    "vpkscan.verify",
    "vpkscan.suppress.baseline",
    "vpkscan.suppress.fingerprint",
    "vpkscan.atomic",
    "vpkscan.locate.origins",
    "vpkscan.locate.jsonspans",
    "pathspec",
    "difflib",
    "tomllib",
)


@pytest.fixture
def blocked(repo: Repo) -> tuple[Repo, str]:
    """A repository with a key staged in one of three modified files."""
    repo.commit_files(
        {
            "app/settings.py": "import os\nAPI_KEY = os.environ['VIBEPEAK_API_KEY']\n",
            "app/views.py": "def index():\n    return 'ok'\n",
            "docs/setup.md": "# Setup\n",
        },
        "initial",
    )
    key = live_key("blocked-path")
    repo.write("app/settings.py", f'import os\nAPI_KEY = "{key}"\n')
    repo.write("app/views.py", "def index():\n    return 'changed'\n")
    repo.write("docs/setup.md", "# Setup\n\nRun it.\n")
    repo.add()
    return repo, key


def _hook(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-P", "-X", "importtime", "-m", "vpkscan", "hook", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def _modules(stderr: str) -> set[str]:
    return {
        line.rsplit("|", 1)[1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }


@pytest.mark.parametrize("named", [True, False], ids=["pre-commit framework", "native hook"])
def test_blocked_commit_loads_only_the_staged_scan(blocked: tuple[Repo, str], named: bool) -> None:
    repo, key = blocked
    args = ("app/settings.py", "app/views.py", "docs/setup.md") if named else ()
    proc = _hook(repo.path, *args)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "app/settings.py:2" in proc.stdout and "VPK005 hardcoded-key" in proc.stdout
    assert key not in proc.stdout and key[:13] + "…" in proc.stdout
    modules = _modules(proc.stderr)
    # The one pipeline ran: the engine, the classifier, the rules.
    assert {"vpkscan.engine", "vpkscan.context.classifier", "vpkscan.rules.resolve"} <= modules
    assert not modules & set(NOT_FOR_A_BLOCKED_COMMIT), modules & set(NOT_FOR_A_BLOCKED_COMMIT)


def test_blocked_commit_finds_what_scan_staged_finds(blocked: tuple[Repo, str]) -> None:
    repo, _ = blocked
    hooked = run_vpkscan("hook", "app/settings.py", "app/views.py", cwd=repo.path)
    staged = run_vpkscan("scan", "--staged", "--format", "json", cwd=repo.path)
    assert (hooked.returncode, staged.returncode) == (1, 1)
    [finding] = staged.json()["findings"]
    assert (finding["path"], finding["line"], finding["rule_id"]) == (
        "app/settings.py",
        2,
        "VPK005",
    )
    assert finding["exposure"] == "staged"
    assert f"app/settings.py:{finding['line']}  {finding['rule_id']}" in hooked.stdout


def test_blocked_commit_asks_git_each_question_once(
    blocked: tuple[Repo, str], tmp_path: Path
) -> None:
    """The full scan reuses the repository, the index entries and the blobs the fast path
    listed and read."""
    repo, _ = blocked
    trace = tmp_path / "git-trace.txt"
    proc = _hook(repo.path, "app/settings.py", "app/views.py", env={"GIT_TRACE": str(trace)})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    commands = [
        line.split("trace: built-in: ", 1)[1]
        for line in trace.read_text().splitlines()
        if "trace: built-in: git " in line
    ]
    assert sum(c.startswith("git rev-parse --show-toplevel") for c in commands) == 1, commands
    named = [c for c in commands if c.startswith("git ls-files") and "(literal)" in c]
    assert len(named) == 1, commands
    # One reader of the staged blobs (the fast path's); the other reads the committed
    # versions of the file with the key, for its leak stage.
    assert sum(c.startswith("git cat-file --batch") for c in commands) == 2, commands


def test_classifier_and_allow_patterns_compile_on_first_use() -> None:
    code = (
        "import sys\n"
        "import vpkscan.context.classifier, vpkscan.rules.resolve, vpkscan.suppress.allow\n"
        "import vpkscan.detect.detector\n"
        "assert 'regex' not in sys.modules, 'regex loaded at import'\n"
        "from vpkscan.suppress.allow import directive\n"
        "assert directive('API_KEY = 1  # a plain comment') is None\n"
        "assert 'regex' not in sys.modules, 'regex loaded for a line without a directive'\n"
        "assert directive('x = 1  # vpkscan:allow VPK005') is not None\n"
        "assert 'regex' in sys.modules\n"
    )
    proc = subprocess.run(
        [sys.executable, "-P", "-c", code], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr


def test_lazy_pattern_flags_are_those_of_regex() -> None:
    ours = (lazy_regex.IGNORECASE, lazy_regex.MULTILINE, lazy_regex.DOTALL, lazy_regex.VERBOSE)
    theirs = (regex.IGNORECASE, regex.MULTILINE, regex.DOTALL, regex.VERBOSE)
    assert ours == tuple(int(flag) for flag in theirs)
    pattern = LazyPattern(r"^a.b$", lazy_regex.MULTILINE | lazy_regex.DOTALL)
    assert pattern() is pattern()
    assert pattern().search("x\na\nb") is not None


_ALLOW_PATTERNS = (allow._DIRECTIVE, allow._LEGACY, allow._LOOKALIKE)
_PIECES = st.sampled_from(
    [
        "vpkscan:allow",
        "VPKSCAN",
        "vpk-scan",
        "ſcan",
        "ALLOW",
        "gitleaks:allow",
        "pragma:",
        "allowlist secret",
        " VPK005",
        "# ",
        "// ",
        "--",
        "ſ",
        "K",
        "x",
        " ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=8).map("".join))
def test_allow_prefilter_lets_every_directive_through(line: str) -> None:
    """A line the allow expressions match always passes the literal check in front of them."""
    matched = any(pattern().search(line) for pattern in _ALLOW_PATTERNS)
    folded = line.casefold()
    if matched:
        assert any(word in folded for word in allow._WORDS_NEEDED)
    if not any(word in folded for word in allow._WORDS_NEEDED):
        assert allow.directive(line) is None


def test_blobs_past_the_kept_bytes_are_read_by_the_full_scan(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vpkscan.config.resolve import load_config
    from vpkscan.hooks import quick
    from vpkscan.hooks.scan import scan_staged

    repo.commit_files({"README.md": "# demo\n"}, "initial")
    first, last = live_key("kept-first"), live_key("kept-last")
    repo.write("a/first.py", f'KEY = "{first}"\n' + "x = 1\n" * 200)
    repo.write("b/middle.py", "y = 2\n" * 200)
    repo.write("c/last.py", f'KEY = "{last}"\n')
    repo.add()
    names = ["a/first.py", "b/middle.py", "c/last.py"]
    monkeypatch.setattr(quick, "KEEP_BYTES", 100)
    check = quick.check_staged(repo.path, names)
    assert not check.clean and check.repo is not None and check.contents is not None
    assert len(check.contents) == 0  # the first blob alone is past 100 bytes
    monkeypatch.setattr(quick, "KEEP_BYTES", 2000)
    check = quick.check_staged(repo.path, names)
    assert check.repo is not None and check.contents is not None
    assert len(check.contents) == 1  # the first; reading stopped past the limit
    config = load_config(cwd=repo.path, root=repo.path)
    result = scan_staged(
        check.repo, names, config=config, listed=check.listed, contents=check.contents
    )
    assert sorted((f.path, f.key) for f in result.findings) == [
        ("a/first.py", first),
        ("c/last.py", last),
    ]


def test_index_paths_lists_each_path_once_as_the_entries_do(repo: Repo) -> None:
    """The project listing decodes the whole index at once; it must give the paths the
    entry parser gives: odd bytes in names kept, a conflicted path once."""
    from vpkscan.git.index import index_paths, ls_files

    repo.commit_files({"shared.txt": "base\n", "caf\u00e9/menu.md": "x\n"}, "base")
    (repo.path / os.fsdecode(b"raw-\xff\xfe.txt")).write_bytes(b"odd name\n")
    repo.add()
    repo.commit("odd name")
    repo.git("checkout", "-q", "-b", "other")
    repo.commit_files({"shared.txt": "theirs\n"}, "theirs")
    repo.git("checkout", "-q", "main")
    repo.commit_files({"shared.txt": "ours\n"}, "ours")
    repo.git("merge", "-q", "other", check=False)  # conflicts: three stages of shared.txt
    entries = ls_files(repo.path)
    assert [entry.path for entry in entries].count("shared.txt") == 1
    paths = index_paths(repo.path)
    assert paths == tuple(entry.path for entry in entries)
    assert os.fsdecode(b"raw-\xff\xfe.txt") in paths and "caf\u00e9/menu.md" in paths
    raw = repo.git("ls-files", "--stage", "--", "shared.txt")
    assert len(raw.splitlines()) == 3  # the conflict is really there

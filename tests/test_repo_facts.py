"""Repository facts read through GitPython (branch, HEAD, remote, hooks folder), forge web
addresses, and how reports show them: never a credential, never a raw control character."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key
from vpkscan.git.facts import (
    commit_url,
    file_url,
    hooks_dir,
    repo_facts,
    strip_userinfo,
    web_url,
)
from vpkscan.model import RepoFacts, ScanMode, ScanResult, Summary
from vpkscan.paths import printable
from vpkscan.report.summary import render_summary, repository_line

SHA = "0123456789abcdef0123456789abcdef01234567"
#: A terminal title change hidden in a remote URL: ESC ] 0 ; text BEL.
TITLE_ESCAPE = "\x1b]0;x\x07"


def committed(repo: Repo) -> str:
    repo.write("app/main.py", "print('hello')\n")
    repo.add()
    return repo.commit("initial")


def facts(path: Path) -> RepoFacts:
    found = repo_facts(path)
    assert found is not None
    return found


# --- repo_facts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["git@github.com:octo/app.git", "https://github.com/octo/app.git"], ids=["ssh", "https"]
)
def test_repository_with_origin(repo: Repo, url: str) -> None:
    head = committed(repo)
    repo.git("remote", "add", "origin", url)
    found = facts(repo.path)
    assert found == RepoFacts(root=str(repo.path), head=head, branch="main", remote_url=url)
    assert web_url(found.remote_url) == "https://github.com/octo/app"


def test_credentials_in_the_remote_url_are_dropped(repo: Repo) -> None:
    committed(repo)
    repo.git("remote", "add", "origin", "https://ci-bot:s3cr3t-t0ken@gitlab.com/g/sub/app.git")
    assert facts(repo.path).remote_url == "https://gitlab.com/g/sub/app.git"


def test_upstream_remote_of_the_branch_wins_over_origin(repo: Repo) -> None:
    committed(repo)
    repo.git("remote", "add", "origin", "https://github.com/fork/app.git")
    repo.git("remote", "add", "upstream", "https://github.com/octo/app.git")
    repo.git("config", "branch.main.remote", "upstream")
    repo.git("config", "branch.main.merge", "refs/heads/main")
    assert facts(repo.path).remote_url == "https://github.com/octo/app.git"


def test_the_only_remote_is_used_and_two_others_say_nothing(repo: Repo) -> None:
    committed(repo)
    repo.git("remote", "add", "github", "git@github.com:octo/app.git")
    assert facts(repo.path).remote_url == "git@github.com:octo/app.git"
    repo.git("remote", "add", "gitlab", "git@gitlab.com:octo/app.git")
    assert facts(repo.path).remote_url is None


def test_detached_head(repo: Repo) -> None:
    head = committed(repo)
    repo.git("checkout", "-q", "--detach")
    found = facts(repo.path)
    assert (found.head, found.branch) == (head, None)
    assert repository_line(found) == f"at {head[:8]} (detached HEAD)"


def test_no_commit_yet(repo: Repo) -> None:
    repo.git("remote", "add", "origin", "git@github.com:octo/app.git")
    found = facts(repo.path)
    assert (found.head, found.branch) == (None, None)
    assert found.remote_url == "git@github.com:octo/app.git"
    assert repository_line(found) is None


def test_no_remote(repo: Repo) -> None:
    committed(repo)
    assert facts(repo.path).remote_url is None


def test_bare_repository(repo: Repo, tmp_path: Path) -> None:
    head = committed(repo)
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.path), str(bare)], check=True)
    subprocess.run(
        ["git", "remote", "set-url", "origin", "ssh://git@gitlab.com/g/app.git"],
        cwd=bare,
        check=True,
    )
    found = facts(bare)
    assert found == RepoFacts(
        root=str(bare), head=head, branch="main", remote_url="ssh://git@gitlab.com/g/app.git"
    )


def test_broken_configuration_gives_what_is_known(repo: Repo) -> None:
    head = committed(repo)
    repo.git("remote", "add", "origin", "git@github.com:octo/app.git")
    with open(repo.path / ".git" / "config", "ab") as handle:
        handle.write(b'[remote "x\n\xff\xfe = "\n[[[\n')
    found = facts(repo.path)
    assert (found.head, found.branch, found.remote_url) == (head, "main", None)
    assert hooks_dir(repo.path) is None


def test_not_a_repository(tmp_path: Path) -> None:
    assert repo_facts(tmp_path) is None
    assert repo_facts(tmp_path / "missing") is None
    assert hooks_dir(tmp_path) is None


def test_dollar_in_the_folder_name_is_not_expanded(tmp_path: Path) -> None:
    repo = Repo.init(tmp_path / "$HOME")
    head = committed(repo)
    assert facts(repo.path).head == head


# --- URLs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "stripped"),
    [
        ("https://user:token@github.com/o/r.git", "https://github.com/o/r.git"),
        ("https://token@github.com/o/r.git", "https://github.com/o/r.git"),
        ("https://u:p@ss@host.example:8443/r.git", "https://host.example:8443/r.git"),
        ("ssh://deploy:pw@host.example/r.git", "ssh://host.example/r.git"),
        ("ssh://git@host.example/r.git", "ssh://git@host.example/r.git"),
        ("git@github.com:o/r.git", "git@github.com:o/r.git"),
        ("ghp_abc:x-oauth@github.com:o/r.git", "github.com:o/r.git"),
        ("/srv/git/r.git", "/srv/git/r.git"),
        ("../r.git", "../r.git"),
    ],
)
def test_strip_userinfo(url: str, stripped: str) -> None:
    assert strip_userinfo(url) == stripped


@pytest.mark.parametrize(
    ("url", "web"),
    [
        ("git@github.com:o/r.git", "https://github.com/o/r"),
        ("https://github.com/o/r.git", "https://github.com/o/r"),
        ("https://github.com/o/r", "https://github.com/o/r"),
        ("http://github.com/o/r/", "https://github.com/o/r"),
        ("https://user:tok@github.com/o/r.git", "https://github.com/o/r"),
        ("ssh://git@ssh.github.com:443/o/r.git", "https://github.com/o/r"),
        ("ssh://git@gitlab.com/g/sub/r.git", "https://gitlab.com/g/sub/r"),
        ("git@gitlab.example.com:team/r.git", "https://gitlab.example.com/team/r"),
        ("git@bitbucket.org:team/r.git", "https://bitbucket.org/team/r"),
        ("https://codeberg.org/o/r.git", "https://codeberg.org/o/r"),
        ("https://git.example.com:8443/o/r.git", "https://git.example.com:8443/o/r"),
        ("git@ssh.dev.azure.com:v3/org/proj/r", "https://dev.azure.com/org/proj/_git/r"),
        ("git@git.example.com:o/r.git", None),
        ("https://bitbucket.example.com/scm/proj/r.git", None),
        ("/srv/git/r.git", None),
        ("file:///srv/git/r.git", None),
        ("https://github.com/o/r" + TITLE_ESCAPE + ".git", None),
        ("https://github.com/", None),
        ("", None),
        (None, None),
    ],
)
def test_web_url(url: str | None, web: str | None) -> None:
    assert web_url(url) == web


def test_links_to_commits_and_files() -> None:
    path = "src/my app/100%.ts"
    assert commit_url("https://github.com/o/r", SHA) == f"https://github.com/o/r/commit/{SHA}"
    assert file_url("https://github.com/o/r", SHA, path) == (
        f"https://github.com/o/r/blob/{SHA}/src/my%20app/100%25.ts"
    )
    assert commit_url("https://gitlab.com/g/r", SHA) == f"https://gitlab.com/g/r/-/commit/{SHA}"
    assert file_url("https://gitlab.com/g/r", SHA, "a/b.py") == (
        f"https://gitlab.com/g/r/-/blob/{SHA}/a/b.py"
    )
    assert (
        commit_url("https://bitbucket.org/t/r", SHA) == f"https://bitbucket.org/t/r/commits/{SHA}"
    )
    assert file_url("https://bitbucket.org/t/r", SHA, "a.py") == (
        f"https://bitbucket.org/t/r/src/{SHA}/a.py"
    )
    assert file_url("https://github.com/o/r", SHA, "caf\udce9.txt") == (
        f"https://github.com/o/r/blob/{SHA}/caf%E9.txt"
    )
    assert commit_url("https://github.com/o/r", "HEAD") is None
    assert file_url("https://github.com/o/r", "not a sha", "a.py") is None


# --- hooks folder ------------------------------------------------------------------------


def git_hooks_path(cwd: Path) -> Path:
    """Where git itself says the hooks are."""
    out = subprocess.run(
        ["git", "rev-parse", "--git-path", "hooks"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return (cwd / out).resolve()


@pytest.mark.parametrize("value", [None, ".githooks", "tools/hooks", "/abs/hooks", "~/my-hooks"])
def test_hooks_dir_agrees_with_git(
    repo: Repo, value: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if value is not None:
        repo.git("config", "core.hooksPath", str(tmp_path) + value if value[0] == "/" else value)
    found = hooks_dir(repo.path)
    assert found is not None
    assert found.resolve() == git_hooks_path(repo.path)


def test_hooks_dir_of_a_bare_repository_and_a_linked_worktree(repo: Repo, tmp_path: Path) -> None:
    committed(repo)
    repo.git("worktree", "add", "-q", str(tmp_path / "wt"))
    found = hooks_dir(tmp_path / "wt")
    assert found is not None
    assert found.resolve() == git_hooks_path(tmp_path / "wt") == repo.path / ".git" / "hooks"

    bare = Repo.init(tmp_path / "bare.git", "--bare")
    bare.git("config", "core.hooksPath", "custom")
    found = hooks_dir(bare.path)
    assert found is not None
    assert found.resolve() == git_hooks_path(bare.path) == bare.path / "custom"


def test_hooks_dir_reads_the_global_configuration_git_reads(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[core]\n\thooksPath = /from/home/gitconfig\n")
    chosen = tmp_path / "global.gitconfig"
    chosen.write_text(f"[core]\n\thooksPath = {tmp_path / 'global-hooks'}\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(chosen))
    assert hooks_dir(repo.path) == tmp_path / "global-hooks" == git_hooks_path(repo.path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    assert hooks_dir(repo.path) == repo.path / ".git" / "hooks" == git_hooks_path(repo.path)


def test_install_hook_honours_a_global_hooks_path(repo: Repo, tmp_path: Path) -> None:
    chosen = tmp_path / "global.gitconfig"
    chosen.write_text(f"[core]\n\thooksPath = {tmp_path / 'shared-hooks'}\n")
    result = run_vpkscan("install-hook", cwd=repo.path, env={"GIT_CONFIG_GLOBAL": str(chosen)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "shared-hooks" / "pre-commit").exists()
    assert not (repo.path / ".git" / "hooks" / "pre-commit").exists()


# --- reports -----------------------------------------------------------------------------


def result_with(repository: RepoFacts | None, mode: ScanMode = ScanMode.TREE) -> ScanResult:
    summary = Summary(
        mode=mode, root="/srv/app", files_scanned=1, bytes_scanned=10, repository=repository
    )
    return ScanResult((), summary)


def test_summary_names_branch_and_short_head() -> None:
    text = render_summary(result_with(RepoFacts("/srv/app", SHA, "main", None)))
    lines = text.splitlines()
    assert lines[-2] == "vpkscan: on main @ 01234567"
    assert lines[-1].startswith("vpkscan: 0 findings in 1 file")
    assert len(render_summary(result_with(None)).splitlines()) == 1


def test_printable_escapes_what_a_terminal_acts_on() -> None:
    assert printable("feat\x1b[31m\x9b2J\u202eevil\x7f") == "feat\\x1b[31m\\x9b2J\\u202eevil\\x7f"
    assert printable("caf\udce9 é") == "caf\\xe9 é"


def escaping_branch(repo: Repo) -> str:
    """A branch whose name holds a C1 control (CSI) and a right-to-left override: git
    refuses ASCII controls in ref names, but takes these."""
    name = "feat\u009b31m\u202eevil"
    repo.git("checkout", "-q", "-b", name)
    return name


def test_remote_url_and_branch_never_reach_reports_raw(repo: Repo) -> None:
    repo.write(".env", f"VIBEPEAK_API_KEY={live_key('facts-escape')}\n")
    repo.add()
    repo.commit("initial")
    escaping_branch(repo)
    url = f"https://ci-bot:s3cr3t-t0ken@evil.example/o/r{TITLE_ESCAPE}.git"
    repo.git("config", "remote.origin.url", url)
    for fmt in ("text", "json", "sarif"):
        result = run_vpkscan("scan", "--links", "--format", fmt, cwd=repo.path)
        assert result.returncode == 1, result.stderr
        for output in (result.stdout, result.stderr):
            assert "\x1b" not in output and "\x07" not in output
            assert "\x9b" not in output and "\u202e" not in output
            assert "s3cr3t" not in output and "ci-bot" not in output
    summary = run_vpkscan("scan", "--links", cwd=repo.path).stderr
    assert "vpkscan: on feat\\x9b31m\\u202eevil @ " in summary
    scan = json.loads(run_vpkscan("scan", "--links", "--format", "json", cwd=repo.path).stdout)[
        "scan"
    ]
    assert scan["repository"]["branch"] == "feat\\x9b31m\\u202eevil"
    assert scan["repository"]["remote_url"] == "https://evil.example/o/r\\x1b]0;x\\x07.git"
    sarif = json.loads(run_vpkscan("scan", "--format", "sarif", cwd=repo.path).stdout)
    # Not a URI: SARIF requires one, so the provenance is left out rather than made up.
    assert "versionControlProvenance" not in sarif["runs"][0]


def test_json_report_carries_repository_and_links(repo: Repo) -> None:
    key = live_key("facts-links")
    repo.write("app/settings.py", f'KEY = "{key}"\n')
    repo.add()
    head = repo.commit("add settings")
    repo.git("remote", "add", "origin", "https://bot:t0k@github.com/octo/app.git")
    document = json.loads(run_vpkscan("scan", "--links", "--format", "json", cwd=repo.path).stdout)
    assert document["scan"]["repository"] == {
        "branch": "main",
        "head": head,
        "remote_url": "https://github.com/octo/app.git",
    }
    [finding] = document["findings"]
    assert finding["links"] == {
        "commit": None,
        "file": f"https://github.com/octo/app/blob/{head}/app/settings.py",
    }

    # History: links to the commit that added the key, once a remote holds it.
    repo.write("app/settings.py", "import os\nKEY = os.environ['VIBEPEAK_API_KEY']\n")
    repo.add()
    repo.commit("move the key out")
    local = json.loads(
        run_vpkscan("scan", "--history", "--links", "--format", "json", cwd=repo.path).stdout
    )
    assert [f["links"] for f in local["findings"]] == [{"commit": None, "file": None}]
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    pushed = json.loads(
        run_vpkscan("scan", "--history", "--links", "--format", "json", cwd=repo.path).stdout
    )
    [finding] = pushed["findings"]
    assert finding["commit"] == head
    assert finding["links"] == {
        "commit": f"https://github.com/octo/app/commit/{head}",
        "file": f"https://github.com/octo/app/blob/{head}/app/settings.py",
    }
    assert "t0k" not in json.dumps(pushed)


def test_plain_directories_and_stdin_outside_a_repository_have_no_facts(
    repo: Repo, tmp_path: Path
) -> None:
    committed(repo)
    repo.git("remote", "add", "origin", "git@github.com:octo/app.git")
    plain = run_vpkscan("scan", "--no-git", "--links", "--format", "json", ".", cwd=repo.path)
    assert plain.json()["scan"]["repository"] is None
    outside = tmp_path / "outside"
    outside.mkdir()
    ceiling = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    stdin = run_vpkscan(
        "scan", "--links", "--format", "json", "-", cwd=outside, stdin=b"x\n", env=ceiling
    )
    assert stdin.json()["scan"]["repository"] is None
    directory = run_vpkscan("scan", "--links", "--format", "json", ".", cwd=outside, env=ceiling)
    assert directory.json()["scan"]["repository"] is None

    (repo.path / "app").mkdir(exist_ok=True)
    inside = run_vpkscan(
        "scan", "--links", "--format", "json", "-", cwd=repo.path / "app", stdin=b"x\n"
    )
    assert inside.json()["scan"]["repository"]["remote_url"] == "git@github.com:octo/app.git"


def test_hook_fast_path_does_not_import_gitpython() -> None:
    code = (
        "import vpkscan.hooks.quick, vpkscan.cli.hook, vpkscan.git.facts, vpkscan.report.summary\n"
        "import sys\n"
        "assert 'git' not in sys.modules, 'GitPython was imported'\n"
    )
    subprocess.run([sys.executable, "-P", "-c", code], check=True)


def test_json_for_pipelines_reads_no_repository_facts_unless_asked(repo: Repo) -> None:
    committed(repo)
    repo.git("remote", "add", "origin", "git@github.com:octo/app.git")
    plain = run_vpkscan("scan", "--format", "json", cwd=repo.path)
    assert plain.json()["scan"]["repository"] is None
    asked = run_vpkscan("scan", "--links", "--format", "json", cwd=repo.path)
    assert asked.json()["scan"]["repository"]["remote_url"] == "git@github.com:octo/app.git"

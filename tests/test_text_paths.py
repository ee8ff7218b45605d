"""Text reports print paths that open from the current directory (as git and ruff do);
JSON, SARIF and baselines keep paths relative to the repository (or scan) root."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key


def locations(stdout: str) -> list[str]:
    """The ``path:line:column`` that starts each finding's block."""
    return sorted(block.split(":", 1)[0] for block in stdout.strip().split("\n\n") if block)


def project(repo: Repo) -> None:
    repo.commit_files(
        {
            "web/src/api.py": f'KEY = "{live_key("paths-web")}"\n',
            "server/app.py": f'KEY = "{live_key("paths-server")}"\n',
        }
    )


def test_from_a_subfolder_text_paths_open_from_there(repo: Repo) -> None:
    project(repo)
    web = repo.path / "web"
    text = run_vpkscan("scan", cwd=web)
    assert text.returncode == 1, text.stderr
    assert locations(text.stdout) == ["../server/app.py", "src/api.py"]
    for found in locations(text.stdout):
        assert (web / found).is_file()
    document = run_vpkscan("scan", "--format", "json", cwd=web).json()
    assert sorted(f["path"] for f in document["findings"]) == ["server/app.py", "web/src/api.py"]
    sarif = run_vpkscan("scan", "--format", "sarif", cwd=web).json()
    uris = sorted(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    )
    assert uris == ["server/app.py", "web/src/api.py"]


def test_one_folder_or_two_print_the_same_paths(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    for folder in ("dist", "other"):
        (plain / folder).mkdir(parents=True)
        (plain / folder / "app.min.js").write_text(f'var k="{live_key("paths-" + folder)}";\n')
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    one = run_vpkscan("scan", "dist", cwd=plain, env=env)
    two = run_vpkscan("scan", "dist", "other", cwd=plain, env=env)
    assert one.returncode == two.returncode == 1, one.stderr + two.stderr
    assert locations(one.stdout) == ["dist/app.min.js"]
    assert locations(two.stdout) == ["dist/app.min.js", "other/app.min.js"]


def test_history_text_paths_open_from_the_current_directory(repo: Repo) -> None:
    project(repo)
    text = run_vpkscan("scan", "--history", cwd=repo.path / "web")
    assert locations(text.stdout) == ["../server/app.py", "src/api.py"]

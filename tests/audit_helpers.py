"""Repositories that the audit tests share: the same keys in several places and repositories."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key, test_key

#: A live key that ships to the browser, is pushed, and is in a second repository too.
SHARED = live_key("audit-shared")
#: A live key in a committed dotenv file of a backend, removed later (history only).
REMOVED = live_key("audit-removed")
#: A test key only in history.
OLD_TEST = test_key("audit-old")


def web_repo(root: Path) -> Repo:
    """A frontend with ``SHARED`` in a component, pushed to a bare remote, then a test
    key added and removed again (history only, never pushed)."""
    remote = Repo.init(root / "web-remote.git", "--bare")
    repo = Repo.init(root / "web")
    repo.commit_files(
        {"src/App.tsx": f"export const key = '{SHARED}';\n", "README.md": "# web\n"}, "app"
    )
    repo.git("remote", "add", "origin", str(remote.path))
    repo.git("push", "-q", "origin", "main")
    repo.commit_files({"config/sandbox.txt": f"key={OLD_TEST}\n"}, "sandbox")
    repo.git("rm", "-q", "config/sandbox.txt")
    repo.commit("drop sandbox")
    return repo


def api_repo(root: Path) -> Repo:
    """A backend with ``SHARED`` in server code and ``REMOVED`` in a dotenv file that a
    later commit deletes."""
    repo = Repo.init(root / "api")
    repo.commit_files(
        {"server/client.py": f"KEY = '{SHARED}'\n", ".env": f"VIBEPEAK_API_KEY={REMOVED}\n"},
        "server",
    )
    repo.git("rm", "-q", "--cached", ".env")
    repo.write(".gitignore", ".env\n")
    (repo.path / ".env").unlink()
    repo.add(".gitignore")
    repo.commit("untrack env")
    return repo


def audit_json(*args: str, cwd: Path) -> dict[str, Any]:
    """The JSON report of ``vpkscan audit --format json ARGS``; the audit must not fail."""
    run = run_vpkscan("audit", "--format", "json", *args, cwd=cwd)
    assert run.returncode in (0, 1), run.stderr
    report: dict[str, Any] = run.json()
    return report


def by_fingerprint(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {incident["fingerprint"]: incident for incident in report["incidents"]}

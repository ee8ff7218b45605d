"""Shared fixtures: isolated git repositories in tmp_path and a CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api_server import FakeApi, serve
from tests.helpers import GIT_ENV, Repo, run_vpkscan

#: Still imported from here by a few test modules; new code imports ``tests.helpers``.
__all__ = ["Repo", "run_vpkscan"]


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration and no network reach any test."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo.init(tmp_path / "repo")


@pytest.fixture
def vpkscan() -> Iterator[Any]:
    yield run_vpkscan


@pytest.fixture
def api() -> FakeApi:
    """A VibePeak API stand-in whose answers each test sets."""
    return FakeApi()


@pytest.fixture
def base(api: FakeApi) -> Iterator[str]:
    """The base URL of ``api`` served on 127.0.0.1 for the test."""
    with serve(api) as url:
        yield url

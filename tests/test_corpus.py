"""Classification accuracy on the corpus of miniature projects must be 100%.

Each project under ``tests/corpus`` is scanned once (a real git repository and the real
CLI); every key occurrence must carry exactly the rules its ``EXPECTED.toml`` lists and
nothing else may be reported. ``pytest tests/test_corpus.py -s`` shows the table.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests import corpus_helper
from tests.corpus_helper import ProjectResult, compare, format_table, project_names, scan_project

pytestmark = pytest.mark.slow

#: The ecosystems the corpus must cover, one project each at least.
REQUIRED_PROJECTS = {
    "nextjs-app",
    "vite-spa",
    "vue-cli-app",
    "sveltekit-app",
    "angular-app",
    "android-app",
    "ios-app",
    "expo-app",
    "react-native-app",
    "flutter-app",
    "capacitor-app",
    "django-service",
    "express-service",
    "monorepo",
    "helm-deploy",
}


@pytest.fixture(scope="session")
def corpus_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ProjectResult]:
    workdir = tmp_path_factory.mktemp("corpus")
    return {r.name: r for r in corpus_helper.evaluate_all(workdir)}


def test_the_corpus_covers_every_ecosystem() -> None:
    assert set(project_names()) >= REQUIRED_PROJECTS


@pytest.mark.parametrize("project", project_names())
def test_every_key_gets_exactly_its_expected_rules(
    project: str, corpus_results: dict[str, ProjectResult]
) -> None:
    result = corpus_results[project]
    assert result.total >= 2
    assert result.perfect, result.describe_failures()


def test_overall_accuracy_is_100_percent(
    corpus_results: dict[str, ProjectResult], capsys: pytest.CaptureFixture[str]
) -> None:
    results = list(corpus_results.values())
    with capsys.disabled():
        print("\n" + format_table(results))
    assert sum(r.total for r in results) >= 100
    assert all(r.perfect for r in results)


def test_the_comparison_catches_wrong_missed_and_extra_findings(tmp_path: Path) -> None:
    """The harness itself can fail: each kind of mismatch is counted."""
    expectations, findings = scan_project("cordova-app", tmp_path)
    assert compare("cordova-app", expectations, findings).perfect

    first = expectations[0]
    wrong_rules = [dataclasses.replace(first, rules=frozenset({"VPK005"})), *expectations[1:]]
    assert len(compare("x", wrong_rules, findings).wrong) == 1

    missed = compare("x", expectations, findings[1:])
    assert len(missed.missed) == 1
    assert not missed.perfect

    extra = compare("x", expectations[1:], findings)
    assert len(extra.false_positives) == 1
    assert extra.accuracy == 1.0
    assert not extra.perfect

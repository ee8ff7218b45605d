"""A key never escapes through a name: a file named after a key, an author name, a
source map's ``sources`` entry or a configuration value holding one is masked in every
format and every error, with or without ``--show-secrets`` for those names."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import Repo, run_vpkscan
from tests.keys import ALPHABET, LIVE, TEST, live_key
from vpkscan.paths import display_path, printable
from vpkscan.redact import redact_text

FORMATS = ("text", "json", "sarif", "github", "junit")


def _body(key: str) -> str:
    return key[-32:]


@given(
    before=st.text(max_size=20),
    after=st.text(max_size=20),
    body=st.text(alphabet=ALPHABET, min_size=32, max_size=32),
    prefix=st.sampled_from([LIVE, TEST]),
)
@settings(max_examples=200, deadline=None)
def test_no_printing_function_lets_a_key_through(
    before: str, after: str, body: str, prefix: str
) -> None:
    text = f"{before} {prefix}{body} {after}"
    for shown in (redact_text(text), display_path(text), printable(text)):
        assert body not in shown


@pytest.fixture
def named(repo: Repo) -> tuple[Repo, list[str]]:
    name_key = live_key("in-a-name")
    author_key = live_key("in-an-author")
    origin_key = live_key("in-a-source")
    found = live_key("found")
    source_map = {
        "version": 3,
        "sources": [f"webpack://app/{origin_key}.ts"],
        "sourcesContent": [f'export const K = "{found}";\n'],
        "mappings": "AAAA",
    }
    repo.write(f"config/{name_key}.txt", f"token = {live_key('in-file')}\n")
    repo.write("web/dist/app.js.map", json.dumps(source_map))
    repo.add()
    repo.git(
        "commit",
        "-q",
        "-m",
        "add",
        env={"GIT_AUTHOR_NAME": f"dev {author_key}", "GIT_COMMITTER_NAME": "ci"},
    )
    repo.git("rm", "-q", "-r", "config")
    repo.commit("remove")
    return repo, [_body(name_key), _body(author_key), _body(origin_key)]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("mode", [(), ("--history",)])
def test_names_and_authors_never_print_a_key(
    named: tuple[Repo, list[str]], fmt: str, mode: tuple[str, ...]
) -> None:
    repo, bodies = named
    for extra in ((), ("--show-secrets",)):
        run = run_vpkscan("scan", *mode, "--format", fmt, *extra, cwd=repo.path)
        assert run.returncode == 1, run.stderr
        # The source-map entry is also text of a scanned file: --show-secrets shows it as
        # the finding it is. A file name and an author never are.
        for body in bodies if not extra else bodies[:2]:
            assert body not in run.stdout + run.stderr, (fmt, mode, extra)


def test_a_key_in_a_configuration_value_is_masked(repo: Repo) -> None:
    key = live_key("in-config")
    repo.commit_files({"a.py": "x = 1\n"})
    # An invalid value: the error names it.
    repo.write(".vpkscan.toml", f'fail-on = "{key}"\n')
    bad = run_vpkscan("scan", cwd=repo.path)
    assert bad.returncode == 2
    assert _body(key) not in bad.stderr
    # A valid value that holds a key: ``vpkscan config`` prints it masked.
    repo.write(".vpkscan.toml", f'extend-exclude = ["{key}/"]\n')
    shown = run_vpkscan("config", cwd=repo.path)
    assert shown.returncode == 0, shown.stderr
    assert _body(key) not in shown.stdout
    assert "extend-exclude" in shown.stdout


@pytest.mark.skipif(os.name == "nt", reason="POSIX names")
def test_a_missing_path_named_after_a_key_is_masked_in_the_error(repo: Repo) -> None:
    key = live_key("missing-path")
    repo.commit_files({"a.py": "x = 1\n"})
    run = run_vpkscan("scan", f"{key}.txt", cwd=repo.path)
    assert run.returncode == 2
    assert _body(key) not in run.stderr

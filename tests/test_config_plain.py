"""A configured repository keeps the hook's clean-commit fast path, and loses nothing.

``vpkscan.config.plain`` may only call a configuration plain when the loader accepts it;
whatever it does not prove plain takes the full path, where errors are reported.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pathspec
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import Repo, run_vpkscan
from tests.test_hook import HEAVY, imported_modules
from vpkscan.config import plain
from vpkscan.config.loader import load
from vpkscan.config.settings import SETTINGS
from vpkscan.model import Environment, RuleId, Severity

CONFIG = """\
extend-exclude = ["docs/legacy/", "*.snap"]
fail-on = "medium"
client-paths = ["web/src/**"]
public-prefixes = ["MYAPP_PUBLIC_"]
max-file-size = "5MiB"
baseline = "security/baseline.json"
jobs = 2
inline-allow = false
disable = ["vpk007"]

[environments]
"config/prod" = "production"

[severity]
VPK005 = "critical"
"""


def test_plain_tables_follow_the_settings_and_the_model() -> None:
    assert {setting.key: setting.kind.name for setting in SETTINGS} == plain.KINDS
    assert tuple(level.value for level in Severity) == plain.SEVERITIES
    assert tuple(rule.value for rule in RuleId) == plain.RULE_IDS
    assert tuple(environment.value for environment in Environment) == plain.ENVIRONMENTS


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    entries = ", ".join(f"{_toml(str(k))} = {_toml(v)}" for k, v in value.items())
    return "{ " + entries + " }"


words = st.sampled_from(
    [*plain.SEVERITIES, *plain.ENVIRONMENTS, "vpk005", "VPK009", "10MB", "1MiB", "x", ""]
)
texts = words | st.text(alphabet="ab/*?!#[]\\ .-_", max_size=8)
scalars = texts | st.integers(min_value=-2, max_value=10**7) | st.booleans()
values = scalars | st.lists(texts, max_size=3) | st.dictionaries(texts, texts, max_size=2)
tables = st.dictionaries(st.sampled_from([*plain.KINDS, "exclud", "colour"]), values, max_size=4)


@settings(max_examples=300, deadline=None)
@given(table=tables, pyproject=st.booleans())
def test_what_is_plain_always_loads(table: dict[str, Any], pyproject: bool) -> None:
    lines = [f"{_toml(key)} = {_toml(value)}" for key, value in table.items()]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("pyproject.toml" if pyproject else ".vpkscan.toml")
        path.write_text(("[tool.vpkscan]\n" if pyproject else "") + "\n".join(lines) + "\n")
        if plain.loads_cleanly(path):
            load(path)  # raises ConfigError if the plain check was wrong


@settings(max_examples=300, deadline=None)
@given(pattern=st.text(alphabet="ab/*?! #[]\\.-!", max_size=10))
def test_plain_patterns_always_compile(pattern: str) -> None:
    if plain.plain_patterns([pattern]):
        pathspec.GitIgnoreSpec.from_lines([pattern])


def test_a_realistic_configuration_is_plain(tmp_path: Path) -> None:
    (tmp_path / ".vpkscan.toml").write_text(CONFIG)
    assert plain.loads_cleanly(tmp_path / ".vpkscan.toml")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.vpkscan]\n" + CONFIG)
    assert plain.loads_cleanly(tmp_path / "pyproject.toml")


def _configured(repo: Repo, name: str, text: str) -> Repo:
    repo.commit_files({name: text, "app/views.py": "def index():\n    return 'ok'\n"}, "base")
    repo.write("app/views.py", "def index():\n    return 'changed'\n")
    repo.add()
    return repo


def test_a_configured_clean_commit_stays_on_the_fast_path(repo: Repo) -> None:
    _configured(repo, ".vpkscan.toml", CONFIG)
    heavy = set(HEAVY) - {"tomllib"}  # reading the file is all a configuration costs
    for args in ((), ("app/views.py",), ("--exclude", "docs/", "app/views.py")):
        modules = imported_modules(repo.path, *args)
        assert "vpkscan.detect.prefilter" in modules
        assert not modules & heavy, modules & heavy


def test_the_pyproject_table_stays_on_the_fast_path(repo: Repo) -> None:
    _configured(repo, "pyproject.toml", "[project]\nname = 'demo'\n\n[tool.vpkscan]\n" + CONFIG)
    modules = imported_modules(repo.path, "app/views.py")
    assert not modules & (set(HEAVY) - {"tomllib"})


def test_a_configured_commit_with_a_key_is_still_blocked(repo: Repo) -> None:
    from tests.keys import live_key

    _configured(repo, ".vpkscan.toml", CONFIG)
    repo.write("app/views.py", f"KEY = '{live_key('plain-config')}'\n")
    repo.add()
    result = run_vpkscan("hook", "app/views.py", cwd=repo.path)
    assert result.returncode == 1 and "app/views.py:1" in result.stdout


BAD = {
    "extend-exclude = ['a\\']\n": "extend-exclude",  # a pattern ending in an escape
    "exclude = ['!']\n": "exclude",
    "fail-on = 'urgent'\n": "fail-on",
    "colour = 'auto'\n": "colour",
    "disable = ['VPK009']\n": "VPK009",
    "max-file-size = 0\n": "max-file-size",
    "jobs = -1\n": "jobs",
    "[environments]\n'config/prod' = 'prod'\n": "environments",
    "fail-on = \n": "invalid TOML",
}


def test_every_configuration_error_still_fails_the_clean_commit(repo: Repo) -> None:
    _configured(repo, "README.md", "# demo\n")
    for text, named in BAD.items():
        repo.write(".vpkscan.toml", text)
        result = run_vpkscan("hook", "app/views.py", cwd=repo.path)
        assert result.returncode == 2 and named in result.stderr, (text, result.stderr)
    (repo.path / ".vpkscan.toml").unlink()
    result = run_vpkscan("hook", "--exclude", "a\\", "app/views.py", cwd=repo.path)
    assert result.returncode == 2 and "--exclude" in result.stderr
    assert run_vpkscan("hook", "app/views.py", cwd=repo.path).returncode == 0

"""The README's examples are checked, so that they cannot drift from the software."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers import Repo, run_vpkscan
from tests.keys import live_key
from vpkscan.config.loader import load
from vpkscan.model import Environment

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_configuration_example_is_valid(tmp_path: Path) -> None:
    [example] = [b for b in _blocks("toml") if "extend-exclude" in b]
    path = tmp_path / ".vpkscan.toml"
    path.write_text(example, encoding="utf-8")
    values = load(path).values
    assert values["fail-on"].value == "high"
    assert values["max-file-size"] == 50_000_000
    assert ("deploy/qa", Environment.STAGING) in values["environments"]


def test_pre_commit_example_names_the_shipped_hooks() -> None:
    [example] = [b for b in _blocks("yaml") if "repos:" in b and "vpkscan-push" in b]
    config = yaml.safe_load(example)
    hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    shipped = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks <= shipped


def test_every_documented_scan_option_exists(tmp_path: Path) -> None:
    help_text = subprocess.run(
        [sys.executable, "-m", "vpkscan", "scan", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    section = README.split("## Options of `vpkscan scan`", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`(--[a-z-]+)", section)) - {"--debug"}
    assert documented, "no option found in the README"
    missing = {option for option in documented if option not in help_text}
    assert not missing


def test_quick_start_commands_are_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install . && vpkscan scan" in README
    assert "python -m pytest" in README and "python -m pytest" in ci
    assert "'.[test]'" in README and "'.[test]'" in ci


def test_configuration_example_pasted_as_is_scans(tmp_path: Path) -> None:
    """The example names a baseline that a new project does not have yet: scans run
    without it (one note), and ``baseline create`` writes it where the example says."""
    [example] = [b for b in _blocks("toml") if "extend-exclude" in b]
    repo = Repo.init(tmp_path / "repo")
    repo.write(".vpkscan.toml", example)
    repo.write(".env", f"VIBEPEAK_API_KEY={live_key('readme')}\n")
    repo.add()
    found = run_vpkscan("scan", cwd=repo.path)
    assert found.returncode == 1, found.stderr  # VPK004 is high: at fail-on = "high"
    assert "no baseline at .vpkscan-baseline.json yet (named in .vpkscan.toml)" in found.stderr
    create = run_vpkscan("baseline", "create", cwd=repo.path)
    assert create.returncode == 0, create.stderr
    assert (repo.path / ".vpkscan-baseline.json").is_file()
    accepted = run_vpkscan("scan", cwd=repo.path)
    assert accepted.returncode == 0, accepted.stderr
    assert "no baseline" not in accepted.stderr

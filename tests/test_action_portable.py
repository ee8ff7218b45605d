"""The Action's shell steps run under the bash of every GitHub runner: ubuntu (GNU
tools), macos (BSD tools, bash 3.2) and windows (Git for Windows' bash, no python3)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ACTION = Path(__file__).resolve().parent.parent / "action.yml"

#: Commands or options that one runner's tools lack, with what to use instead.
NOT_PORTABLE = {
    r"\bpython3\b": "Windows runners have no python3: use python",
    r"\bsed\s+(-[a-zA-Z]*\s+)*-i(\s|$)": "BSD sed -i needs a suffix: write to a new file",
    r"\bsed\s.*-r\b": "BSD sed has no -r: use -E",
    r"\breadlink\s+-f\b": "macOS readlink has no -f",
    r"\brealpath\b": "no realpath on older macOS",
    r"\bxargs\s+(-[a-zA-Z]*\s+)*-r\b": "BSD xargs has no -r",
    r"\bgrep\s+(-[a-zA-Z]*\s+)*-[a-zA-Z]*P": "BSD grep has no -P",
    r"\bdate\s+(-[a-zA-Z]*\s+)*-d\b": "BSD date has no -d",
    r"\bstat\s+-c\b": "BSD stat has no -c",
    r"\bsort\s+(-[a-zA-Z]*\s+)*-V\b": "BSD sort has no -V on older macOS",
    r"\btimeout\s": "macOS has no timeout",
    r"\bdeclare\s+-A\b|\bmapfile\b|\breadarray\b|\$\{[A-Za-z_]+(,,|\^\^)": (
        "bash 3.2 (macOS) lacks associative arrays, mapfile and case changes"
    ),
    r"/dev/shm|/proc/": "Linux only",
}


def portability_problems(script: str) -> list[str]:
    """What in ``script`` would fail on one of the runners."""
    problems = []
    for number, line in enumerate(script.splitlines(), 1):
        code = line.split("#", 1)[0] if line.lstrip().startswith("#") else line
        for pattern, why in NOT_PORTABLE.items():
            if re.search(pattern, code):
                problems.append(f"line {number}: {line.strip()}: {why}")
    return problems


def _run_steps() -> list[dict[str, Any]]:
    action = yaml.safe_load(ACTION.read_text("utf-8"))
    return [step for step in action["runs"]["steps"] if "run" in step]


def test_every_run_step_names_bash() -> None:
    steps = _run_steps()
    assert steps
    for step in steps:
        # Without it Windows runners use PowerShell.
        assert step.get("shell") == "bash", step.get("name")


@pytest.mark.parametrize("step", _run_steps(), ids=lambda step: step.get("name", "step"))
def test_run_steps_use_only_portable_commands(step: dict[str, Any]) -> None:
    assert portability_problems(step["run"]) == []


def test_the_portability_check_is_not_vacuous() -> None:
    script = "\n".join(
        [
            "out=$(readlink -f .)",
            "sed -i 's/a/b/' file",
            "git ls-files | xargs -r grep -n x",
            "python3 -m vpkscan scan",
            "sed -i.bak 's/a/b/' file  # fine",
        ]
    )
    assert len(portability_problems(script)) == 4


@pytest.mark.parametrize("step", _run_steps(), ids=lambda step: step.get("name", "step"))
def test_shellcheck_passes_the_run_steps(tmp_path: Path, step: dict[str, Any]) -> None:
    shellcheck = shutil.which("shellcheck") or str(Path(sys.executable).with_name("shellcheck"))
    if not Path(shellcheck).exists():
        pytest.skip("shellcheck is not installed")
    script = tmp_path / "step.sh"
    script.write_text("#!/bin/bash\n" + step["run"])
    lint = subprocess.run(
        [shellcheck, "--shell=bash", str(script)], capture_output=True, text=True, check=False
    )
    assert lint.returncode == 0, lint.stdout

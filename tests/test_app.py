"""The command group: every registered command loads, and only when it is used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from vpkscan.cli.app import COMMANDS, SUMMARIES, load_command


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_loads_under_its_name(name: str) -> None:
    command = load_command(name)
    assert isinstance(command, click.Command)
    assert command.name == name


def test_help_imports_no_command_module(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "vpkscan", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert "scan" in proc.stdout and "baseline" in proc.stdout
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert not imported & {"vpkscan.cli.scan", "vpkscan.engine", "vpkscan.cli.baseline"}


def test_every_command_has_a_summary() -> None:
    assert set(SUMMARIES) == set(COMMANDS)

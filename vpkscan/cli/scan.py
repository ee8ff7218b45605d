"""``vpkscan scan``: choose the target, scan, render, pick the exit code."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from vpkscan.cli.output import write_report
from vpkscan.config import Config
from vpkscan.engine import exit_code
from vpkscan.engine import scan as run_scan
from vpkscan.model import Severity
from vpkscan.report import OutputFormat, RenderOptions, renderer
from vpkscan.report.summary import render_summary
from vpkscan.targets.resolve import resolve

SEVERITY_CHOICE = click.Choice([s.value for s in Severity], case_sensitive=False)
FORMAT_CHOICE = click.Choice([f.value for f in OutputFormat], case_sensitive=False)


def use_color(choice: str, output: str | None) -> bool:
    """Colour only on a terminal, never with NO_COLOR set or into a file."""
    if choice == "always":
        return True
    if choice == "never" or output not in (None, "-") or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.command()
@click.argument("paths", nargs=-1, type=str)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=FORMAT_CHOICE,
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("-o", "--output", type=str, default=None, help="Write the report to FILE.")
@click.option("--show-secrets", is_flag=True, help="Print keys in full instead of redacted.")
@click.option(
    "--fail-on",
    type=SEVERITY_CHOICE,
    default="low",
    show_default=True,
    help="Exit 1 only for findings at or above this severity.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes (default: one per CPU).",
)
@click.option("--staged", is_flag=True, help="Scan the staged (index) content of staged files.")
@click.option(
    "--no-git",
    is_flag=True,
    help="Walk the paths as plain directories (honouring .gitignore), even inside a repository.",
)
@click.option(
    "--stdin-filename",
    default="-",
    metavar="NAME",
    help="Path to report (and classify) standard input as.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report.",
)
def scan(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    show_secrets: bool,
    fail_on: str,
    jobs: int,
    staged: bool,
    no_git: bool,
    stdin_filename: str,
    color: str,
) -> int:
    """Scan tracked files (default), PATHs, the staged index, or '-' (standard input)."""
    config = Config(fail_on=Severity(fail_on.lower()), jobs=jobs)
    plan = resolve(
        paths,
        cwd=Path.cwd(),
        staged=staged,
        no_git=no_git,
        stdin=sys.stdin.buffer if "-" in paths else None,
        stdin_path=stdin_filename,
    )
    result = run_scan(plan, config)
    options = RenderOptions(show_secrets=show_secrets, color=use_color(color, output))
    write_report(renderer(OutputFormat(fmt.lower()))(result, options), output)
    sys.stderr.write(render_summary(result))
    return exit_code(result, config.fail_on)

"""Options shared by every scanning command, and building the ``Config`` from them."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from vpkscan.config.build import Effective
from vpkscan.config.resolve import absent_baseline, scan_config
from vpkscan.config.resolve import settings_from as resolve_settings
from vpkscan.config.schema import Config
from vpkscan.git.repo import find_root
from vpkscan.model import Severity
from vpkscan.paths import printable

#: ``none``: report without failing (the same as ``--exit-zero``; the scan command reads it).
REPORT_ONLY = "none"
FAIL_ON_CHOICE = click.Choice([*(s.value for s in Severity), REPORT_ONLY], case_sensitive=False)
F = TypeVar("F", bound=Callable[..., Any])


def config_options(command: F) -> F:
    """Add --config, --fail-on, --jobs, --exclude, --baseline and --no-inline-allow."""
    options = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help="Configuration file (default: nearest .vpkscan.toml or pyproject.toml).",
        ),
        click.option(
            "--fail-on",
            type=FAIL_ON_CHOICE,
            default=None,
            help="Exit 1 only for findings at or above this severity (default: low); "
            "none: report without failing, like --exit-zero.",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=0),
            default=None,
            help="Worker processes; 0 (the default): one per available CPU.",
        ),
        click.option(
            "--exclude",
            "exclude",
            multiple=True,
            metavar="PATTERN",
            help="Skip paths matching this gitignore-style pattern (repeatable).",
        ),
        click.option(
            "--baseline",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help="Report only findings that this baseline file does not hold.",
        ),
        click.option(
            "--no-inline-allow",
            is_flag=True,
            default=False,
            help="Ignore vpkscan:allow comments (for audits).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def report_only(options: dict[str, Any]) -> bool:
    """Whether ``--fail-on none`` was given."""
    return str(options.get("fail_on") or "").lower() == REPORT_ONLY


def settings_from(*, cwd: Path, **options: Any) -> Effective:
    """The effective settings for ``cwd`` from the shared options' values."""
    if report_only(options):
        # Not a severity: it changes the exit code only, and the scan command applies it.
        options = {**options, "fail_on": None}
    return resolve_settings(cwd=cwd, root=find_root(cwd), **options)


def build_config(**options: Any) -> Config:
    """``Config`` for the current directory from the shared options' values.

    A baseline that the configuration file names but that does not exist yet is left
    out, with a note on stderr.
    """
    settings = settings_from(cwd=Path.cwd(), **options)
    missing = absent_baseline(settings)
    if missing is not None:
        click.echo(
            f"vpkscan: note: no baseline at {printable(os.path.relpath(missing))} yet (named "
            f"in {printable(os.path.relpath(settings.sources['baseline']))}): scanning "
            "without one; "
            "'vpkscan baseline create' writes it",
            err=True,
        )
    return scan_config(settings)

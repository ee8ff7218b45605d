"""``vpkscan baseline create|update|check``: record, refresh and audit accepted findings."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import click

from vpkscan.cli.configure import build_config, config_options
from vpkscan.engine import scan as run_scan
from vpkscan.errors import UsageError
from vpkscan.model import ScanResult
from vpkscan.paths import display_path
from vpkscan.report.summary import render_summary
from vpkscan.suppress import baseline as store
from vpkscan.targets.resolve import resolve

_FILE_OPTION = click.option(
    "-b",
    "--file",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Baseline file (default: the configured one, else {store.DEFAULT_NAME}).",
)


def _scan_everything(paths: tuple[str, ...], shared: dict[str, Any]) -> tuple[Path, ScanResult]:
    """Scan without applying any baseline, so that every current finding is seen."""
    config = build_config(**shared)
    plan = resolve(paths, cwd=Path.cwd())
    target = config.baseline or plan.root / store.DEFAULT_NAME
    result = run_scan(plan, dataclasses.replace(config, baseline=None))
    sys.stderr.write(render_summary(result))
    return target, result


@click.group()
def baseline() -> None:
    """Record accepted findings so that scans report only new ones."""


@baseline.command()
@click.argument("paths", nargs=-1)
@_FILE_OPTION
@click.option("--force", is_flag=True, help="Replace an existing baseline.")
@config_options
def create(paths: tuple[str, ...], target: Path | None, force: bool, **shared: Any) -> None:
    """Write a baseline holding every current finding."""
    default, result = _scan_everything(paths, shared)
    path = target or default
    if path.exists() and not force:
        raise UsageError(f"{path} exists", "use 'vpkscan baseline update', or --force")
    entries = {store.entry_for(f) for f in result.findings}
    store.write(path, entries)
    click.echo(f"wrote {len(entries)} entries to {path}", err=True)


@baseline.command()
@click.argument("paths", nargs=-1)
@_FILE_OPTION
@config_options
def update(paths: tuple[str, ...], target: Path | None, **shared: Any) -> None:
    """Add current findings to the baseline and drop entries no longer found."""
    default, result = _scan_everything(paths, shared)
    path = target or default
    old = store.read(path)
    current = {store.entry_for(f) for f in result.findings}
    store.write(path, current)
    added, removed = len(current - old), len(old - current)
    click.echo(f"{path}: {len(current)} entries ({added} added, {removed} stale removed)", err=True)


@baseline.command()
@click.argument("paths", nargs=-1)
@_FILE_OPTION
@config_options
def check(paths: tuple[str, ...], target: Path | None, **shared: Any) -> int:
    """List stale entries and findings the baseline does not hold; exit 1 if any."""
    default, result = _scan_everything(paths, shared)
    path = target or default
    entries = store.read(path)
    current = {store.entry_for(f) for f in result.findings}
    stale = sorted(entries - current)
    new = sorted(current - entries)
    for entry in stale:
        click.echo(f"stale: {display_path(entry.path)} {entry.rule} {entry.fingerprint}")
    for entry in new:
        click.echo(f"new: {display_path(entry.path)} {entry.rule} {entry.fingerprint}")
    click.echo(f"{path}: {len(entries)} entries, {len(stale)} stale, {len(new)} new", err=True)
    return 1 if stale or new else 0

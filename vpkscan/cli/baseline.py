"""``vpkscan baseline create|update|check``: record, refresh and audit accepted findings."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import click

from vpkscan.cli.configure import config_options, settings_from
from vpkscan.config.resolve import scan_config
from vpkscan.engine import scan as run_scan
from vpkscan.errors import UsageError
from vpkscan.model import ScanResult
from vpkscan.paths import printable
from vpkscan.report.summary import render_summary
from vpkscan.sources.resolve import resolve
from vpkscan.suppress import baseline as store

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
    settings = settings_from(cwd=Path.cwd(), **shared)
    plan = resolve(paths, cwd=Path.cwd())
    # The configured baseline is the target even before it exists.
    target = settings.values["baseline"] or plan.root / store.DEFAULT_NAME
    config = dataclasses.replace(scan_config(settings), baseline=None)
    result = run_scan(plan, config)
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
@click.option(
    "--strict", is_flag=True, help="Exit 1 for stale entries too, not only for new findings."
)
@config_options
def check(paths: tuple[str, ...], target: Path | None, strict: bool, **shared: Any) -> int:
    """List findings the baseline does not hold (exit 1) and stale entries, which match
    nothing any more (a note; exit 1 only with --strict)."""
    default, result = _scan_everything(paths, shared)
    path = target or default
    entries = store.read(path)
    current = {store.entry_for(f) for f in result.findings}
    stale = sorted(entries - current)
    new = sorted(store.entry_for(f) for f in result.findings if not store.accepts(entries, f))
    for entry in new:
        click.echo(f"new: {printable(entry.path)} {entry.rule} {entry.fingerprint}")
    for entry in stale:
        click.echo(
            f"vpkscan: note: stale baseline entry (matches nothing now): "
            f"{printable(entry.path)} {entry.rule} {entry.fingerprint}",
            err=True,
        )
    click.echo(f"{path}: {len(entries)} entries, {len(stale)} stale, {len(new)} new", err=True)
    return 1 if new or (strict and stale) else 0

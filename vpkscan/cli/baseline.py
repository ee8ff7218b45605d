"""``vpkscan baseline create|update|check``: record, refresh and audit accepted findings."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from vpkscan.cli.configure import config_options, settings_from
from vpkscan.config.resolve import scan_config
from vpkscan.engine import scan as run_scan
from vpkscan.errors import UsageError
from vpkscan.model import Finding, ScanResult
from vpkscan.paths import printable
from vpkscan.redact import redact, redact_text
from vpkscan.report.summary import render_summary
from vpkscan.rules.catalog import RULES
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


_REASON_OPTION = click.option(
    "--reason",
    metavar="TEXT",
    default=None,
    help="Why the findings added in this run are accepted; kept in the baseline file.",
)


def _reason(text: str | None) -> str | None:
    if text is None:
        return None
    reason = " ".join(text.split())
    if not reason:
        raise UsageError("--reason needs a text", "say why these findings are accepted")
    # A key pasted into the reason must not end up in a committed file.
    return redact_text(reason)


def _list_added(findings: Sequence[Finding], added: set[store.Entry]) -> None:
    """One line per added entry, for review: place, rule, severity and the redacted key."""
    lines: dict[store.Entry, list[int]] = {}
    first: dict[store.Entry, Finding] = {}
    for finding in sorted(findings, key=lambda f: f.sort_key):
        entry = store.entry_for(finding)
        if entry in added:
            lines.setdefault(entry, []).append(finding.line)
            first.setdefault(entry, finding)
    for entry, finding in first.items():
        at = ",".join(str(line) for line in dict.fromkeys(lines[entry]))
        click.echo(
            f"added: {printable(finding.path)}:{at} {finding.rule.value} "
            f"{RULES[finding.rule].name} [{finding.severity.value}] "
            f"{finding.key_mode.value} key {redact(finding.key)}"
        )


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


def _shown(path: Path) -> str:
    """``path`` as it opens from the current directory."""
    return printable(os.path.relpath(path))


def _written(path: Path, entries: set[store.Entry], added: int, removed: int | None) -> None:
    stale = "" if removed is None else f", {removed} stale removed"
    click.echo(f"{_shown(path)}: {_entries(len(entries))} ({added} added{stale})", err=True)
    if added:
        click.echo(
            f"vpkscan: review the entries added above, then commit {printable(path.name)}: "
            "the baseline belongs in the repository, so that every clone, hook and CI run "
            "accepts the same findings",
            err=True,
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
@_REASON_OPTION
@config_options
def create(
    paths: tuple[str, ...], target: Path | None, force: bool, reason: str | None, **shared: Any
) -> None:
    """Write a baseline holding every current finding, listing each one."""
    why = _reason(reason)
    default, result = _scan_everything(paths, shared)
    path = target or default
    if path.exists() and not force:
        raise UsageError(f"{path} exists", "use 'vpkscan baseline update', or --force")
    entries = store.with_reasons({store.entry_for(f) for f in result.findings}, (), why)
    _list_added(result.findings, entries)
    store.write(path, entries)
    _written(path, entries, len(entries), None)


@baseline.command()
@click.argument("paths", nargs=-1)
@_FILE_OPTION
@_REASON_OPTION
@config_options
def update(paths: tuple[str, ...], target: Path | None, reason: str | None, **shared: Any) -> None:
    """Add current findings to the baseline (listing each one added) and drop entries no
    longer found; the entries kept keep their reasons."""
    why = _reason(reason)
    default, result = _scan_everything(paths, shared)
    path = target or default
    old = store.read(path)
    current = store.with_reasons({store.entry_for(f) for f in result.findings}, old, why)
    added = current - old
    _list_added(result.findings, added)
    store.write(path, current)
    _written(path, current, len(added), len(old - current))


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
    click.echo(
        f"{_shown(path)}: {_entries(len(entries))}, {len(stale)} stale, {len(new)} new", err=True
    )
    return 1 if new or (strict and stale) else 0

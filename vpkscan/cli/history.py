"""The history options of ``vpkscan scan`` (``--history``, ``--range``, ``--since-commit``).

``history_options`` adds the options and hands them to the command as one ``HistoryArgs``
value; ``run`` checks how they combine with the other targets and calls the history
engine, with a progress bar on stderr when stderr is a terminal.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from vpkscan.config import Config
from vpkscan.errors import UsageError
from vpkscan.model import ScanResult

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class HistoryArgs:
    """The history options as given on the command line."""

    history: bool = False
    range_spec: str | None = None
    since_commit: str | None = None
    all_objects: bool = False
    recurse_submodules: bool = False
    skip_missing_objects: bool = False
    quiet: bool = False

    @property
    def requested(self) -> bool:
        return self.history or self.range_spec is not None or self.since_commit is not None


_NAMES = (
    "history",
    "range_spec",
    "since_commit",
    "all_objects",
    "recurse_submodules",
    "skip_missing_objects",
    "quiet",
)


def history_options(command: F) -> F:
    """Add the history options; the command receives them as ``history: HistoryArgs``."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in _NAMES}
        return command(*args, history=HistoryArgs(**values), **kwargs)

    options = [
        click.option(
            "--history",
            is_flag=True,
            help="Scan every blob reachable from any ref (branches, tags, remotes, stash, notes).",
        ),
        click.option(
            "--range",
            "range_spec",
            metavar="A..B",
            default=None,
            help="Scan what the commits of A..B add (CI: a push or a pull request).",
        ),
        click.option(
            "--since-commit",
            metavar="COMMIT",
            default=None,
            help="Scan what the commits after COMMIT up to HEAD add.",
        ),
        click.option(
            "--all-objects",
            is_flag=True,
            help="With --history: also unreachable objects (dangling commits and blobs).",
        ),
        click.option(
            "--recurse-submodules",
            is_flag=True,
            help="With --history or --range: also scan checked-out submodules' history.",
        ),
        click.option(
            "--skip-missing-objects",
            is_flag=True,
            help="With --history or --range: scan what the repository holds when blobs are "
            "missing (a partial clone) and count the rest as skipped, instead of failing.",
        ),
        click.option(
            "-q", "--quiet", is_flag=True, help="No progress bar, and no summary unless an error."
        ),
    ]
    decorated: Callable[..., Any] = wrapper
    for option in reversed(options):
        decorated = option(decorated)
    return decorated  # type: ignore[return-value]


def check(args: HistoryArgs, paths: tuple[str, ...], others: dict[str, bool]) -> None:
    """UsageError for options that do not combine with the history modes."""
    modes = [
        name
        for name, given in (
            ("--history", args.history),
            ("--range", args.range_spec is not None),
            ("--since-commit", args.since_commit is not None),
        )
        if given
    ]
    if len(modes) > 1:
        raise UsageError(f"{' and '.join(modes)} cannot be combined", "choose one")
    if args.all_objects and not args.history:
        raise UsageError("--all-objects only applies to --history")
    if args.recurse_submodules and not modes:
        raise UsageError("--recurse-submodules only applies to --history, --range, --since-commit")
    if args.skip_missing_objects and not modes:
        raise UsageError(
            "--skip-missing-objects only applies to --history, --range, --since-commit"
        )
    if not modes:
        return
    if paths:
        raise UsageError(f"{modes[0]} scans the repository's commits and takes no PATH")
    for option, given in others.items():
        if given:
            raise UsageError(f"{modes[0]} cannot be combined with {option}")


def run(args: HistoryArgs, config: Config) -> ScanResult:
    """Scan the history or the range that ``args`` name, from the current directory."""
    # Imported here: a working-tree scan never loads the history engine.
    from vpkscan.read.progress import ProgressBar
    from vpkscan.sources.history.scan import HistoryOptions, scan_history, scan_range

    options = HistoryOptions(args.all_objects, args.recurse_submodules, args.skip_missing_objects)
    progress = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    cwd = Path.cwd()
    if args.history:
        return scan_history(cwd, config, options, progress)
    return scan_range(cwd, config, args.range_spec, args.since_commit, options, progress)

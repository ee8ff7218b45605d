"""``vpkscan scan``: choose the target, scan, render, pick the exit code."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vpkscan.cli import history as history_cli
from vpkscan.cli.color import use_color
from vpkscan.cli.configure import build_config, config_options, report_only
from vpkscan.cli.output import append_step_summary, write_report
from vpkscan.cli.policy import EXIT_FINDINGS, exit_code
from vpkscan.cli.verify_options import verify_options
from vpkscan.cli.verifying import check_options, verified
from vpkscan.config.plain import parse_size
from vpkscan.engine import scan as run_scan
from vpkscan.errors import UsageError
from vpkscan.git.facts import repo_facts
from vpkscan.git.repo import find_root
from vpkscan.model import ScanMode, ScanResult
from vpkscan.report import OutputFormat, RenderOptions, renderer
from vpkscan.report.summary import render_summary
from vpkscan.sources.archives.limits import with_options
from vpkscan.sources.resolve import resolve
from vpkscan.sources.untracked import add_untracked

if TYPE_CHECKING:
    from vpkscan.read.progress import ProgressBar


class _Size(click.ParamType):  # type: ignore[type-arg]
    """A size in bytes: ``1048576``, ``10MB``, ``1GiB``."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        size = parse_size(str(value))
        if size is None or size <= 0:
            self.fail(f"{value!r} is not a size (1048576, 10MB or 1GiB)", param, ctx)
        return size


SIZE = _Size()
FORMAT_CHOICE = click.Choice([f.value for f in OutputFormat], case_sensitive=False)


def with_repository(result: ScanResult, no_git: bool) -> ScanResult:
    """``result`` with the facts of the git repository it read (branch, HEAD, remote).

    Plain directories (``--no-git``, or paths outside any repository) have none; standard
    input has those of the repository holding the current directory, if any.
    """
    summary = result.summary
    if no_git:
        return result
    scanned = Path(summary.root)
    root: Path | None = scanned
    if summary.mode is ScanMode.STDIN:
        root = find_root(scanned)
    elif summary.mode is ScanMode.PATHS and not os.path.lexists(scanned / ".git"):
        root = None  # a folder outside any repository: spare loading GitPython
    facts = repo_facts(root) if root is not None else None
    if facts is None:
        return result
    return dataclasses.replace(result, summary=dataclasses.replace(summary, repository=facts))


def _wants_repository(fmt: str) -> bool:
    """Whether the report is worth reading the repository's facts for without being asked
    (``--links``): SARIF names the repository it was made from, and a person at a terminal
    sees the branch. Reading them loads GitPython (about a tenth of a second), which a
    pipeline's JSON does without unless it asks."""
    return fmt == "sarif" or (fmt == "text" and sys.stderr.isatty())


#: A tree scan shows its progress bar once it has run this long.
PROGRESS_DELAY_S = 1.0


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
@click.option(
    "-o",
    "--output",
    type=str,
    default=None,
    metavar="PATH",
    help="Write the report to PATH, complete or not at all ('-': standard output).",
)
@click.option("--show-secrets", is_flag=True, help="Print keys in full instead of redacted.")
@click.option(
    "--junit-all-files",
    is_flag=True,
    help="JUnit: a test case for every scanned file (default: one per finding and one "
    "passing case counting the clean files).",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Report findings but exit 0 (errors still exit 2); the same as --fail-on none.",
)
@click.option(
    "--links",
    is_flag=True,
    help="Add the repository (branch, HEAD, remote) and each finding's commit and file "
    "links on its forge to the report (always on for SARIF).",
)
@config_options
@verify_options
@history_cli.history_options
@click.option("--staged", is_flag=True, help="Scan the staged (index) content of staged files.")
@click.option(
    "--untracked",
    is_flag=True,
    help="Also scan untracked files that git does not ignore (all you could commit).",
)
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
    help="Colour the text report (auto: on a terminal, or with FORCE_COLOR set; never "
    "with NO_COLOR set).",
)
@click.option(
    "--no-decode", is_flag=True, help="Do not look for base64, URL-encoded or escaped keys."
)
@click.option(
    "--no-archives",
    is_flag=True,
    help="Do not open archives (.zip .apk .ipa .jar .whl .tgz ...); scan their bytes as they are.",
)
@click.option(
    "--max-archive-depth",
    type=click.IntRange(min=1),
    default=None,
    help="Open archives nested at most this deep (default: 3).",
)
@click.option(
    "--max-archive-bytes",
    type=SIZE,
    default=None,
    metavar="SIZE",
    help="Read at most this much uncompressed data from one archive (default: 1GiB).",
)
@click.option(
    "--max-archive-members",
    type=click.IntRange(min=1),
    default=None,
    help="Open archives of at most this many entries (default: 100000).",
)
@click.option(
    "--max-archive-ratio",
    type=click.IntRange(min=1),
    default=None,
    help="Refuse members and archives that expand more than this many times (default: 100).",
)
def scan(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    show_secrets: bool,
    junit_all_files: bool,
    exit_zero: bool,
    links: bool,
    staged: bool,
    untracked: bool,
    no_git: bool,
    stdin_filename: str,
    color: str,
    no_decode: bool,
    no_archives: bool,
    max_archive_depth: int | None,
    max_archive_bytes: int | None,
    max_archive_members: int | None,
    max_archive_ratio: int | None,
    history: history_cli.HistoryArgs,
    **shared: Any,
) -> int:
    """Scan tracked files (default), PATHs, the staged index, the history or a commit range,
    or '-' (standard input)."""
    history_cli.check(
        history, paths, {"--staged": staged, "--untracked": untracked, "--no-git": no_git}
    )
    if junit_all_files and fmt.lower() != OutputFormat.JUNIT.value:
        raise UsageError("--junit-all-files needs --format junit")
    config = build_config(**shared)
    check_options(config)
    limits = with_options(
        config.limits,
        no_decode=no_decode,
        no_archives=no_archives,
        archive_depth=max_archive_depth,
        archive_bytes=max_archive_bytes,
        archive_members=max_archive_members,
        archive_ratio=max_archive_ratio,
    )
    config = dataclasses.replace(config, limits=limits)
    if history.requested:
        result = history_cli.run(history, config)
    else:
        plan = resolve(
            paths,
            cwd=Path.cwd(),
            staged=staged,
            no_git=no_git,
            stdin=sys.stdin.buffer if "-" in paths else None,
            stdin_path=stdin_filename,
        )
        if untracked:
            plan = add_untracked(plan, Path.cwd(), paths, no_git=no_git)
        result = run_scan(plan, config, _progress(history.quiet))
    result = verified(result, config)
    if links or _wants_repository(fmt.lower()):
        result = with_repository(result, no_git)
    options = RenderOptions(
        show_secrets=show_secrets,
        color=use_color(color, output),
        all_files=junit_all_files,
        cwd=os.getcwd(),
    )
    write_report(renderer(OutputFormat(fmt.lower()))(result, options), output)
    if fmt.lower() == OutputFormat.GITHUB.value:
        from vpkscan.report import step_summary

        append_step_summary(step_summary.render(result, options))
    if not history.quiet or result.summary.errors:
        sys.stderr.write(render_summary(result))
    code = exit_code(result, config.fail_on, fail_on_active=config.fail_on_active)
    if code == EXIT_FINDINGS and (exit_zero or report_only(shared)):
        return 0
    return code


def _progress(quiet: bool) -> ProgressBar | None:
    """A bar on stderr for a tree scan that lasts (never when piped or quiet)."""
    if quiet or not sys.stderr.isatty():
        return None
    from vpkscan.read.progress import ProgressBar

    return ProgressBar(sys.stderr, label="files", unit="files", delay=PROGRESS_DELAY_S)

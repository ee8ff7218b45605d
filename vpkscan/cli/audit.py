"""``vpkscan audit``: scan repositories' trees and histories (or merge reports), group
the keys into incidents, render, pick the exit code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from vpkscan.audit.model import Audit
from vpkscan.audit.render import AuditFormat, renderer
from vpkscan.cli.configure import REPORT_ONLY, config_options
from vpkscan.cli.output import write_report
from vpkscan.cli.policy import EXIT_FINDINGS, EXIT_USAGE
from vpkscan.cli.verify_options import verify_options
from vpkscan.cli.verifying import check_options
from vpkscan.config import Config
from vpkscan.errors import UsageError
from vpkscan.model import Severity
from vpkscan.paths import printable
from vpkscan.read.progress import Progress

FORMAT_CHOICE = click.Choice([f.value for f in AuditFormat], case_sensitive=False)
#: Incidents listed in the summary on stderr: one screen.
SUMMARY_INCIDENTS = 10


class StderrProgress:
    """Progress of an audit on stderr: a line per repository and stage, and the history
    bar when stderr is a terminal."""

    def __init__(self, quiet: bool) -> None:
        self._quiet = quiet

    def stage(self, index: int, total: int, repository: str, what: str) -> None:
        if not self._quiet:
            click.echo(f"vpkscan: [{index + 1}/{total}] {printable(repository)}: {what}", err=True)

    def history_bar(self) -> Progress | None:
        if self._quiet or not sys.stderr.isatty():
            return None
        from vpkscan.read.progress import ProgressBar

        return ProgressBar(sys.stderr)


@click.command()
@click.argument("targets", nargs=-1, type=str, metavar="[REPO…]")
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
@click.option(
    "--merge",
    is_flag=True,
    help="Join the JSON reports named as arguments (vpkscan audit --format json) into one.",
)
@click.option(
    "--name",
    default=None,
    metavar="NAME",
    help="Report the repository by this name (one REPO only; default: its remote's "
    "address, else its folder's name).",
)
@click.option("--show-secrets", is_flag=True, help="Add each key in full to the JSON report.")
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Report incidents but exit 0 (errors still exit 2); the same as --fail-on none.",
)
@click.option(
    "--recurse-submodules", is_flag=True, help="Also audit checked-out submodules' history."
)
@click.option(
    "--skip-missing-objects",
    is_flag=True,
    help="Audit what a partial clone holds instead of failing on missing blobs.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress, and no summary unless an error.")
@config_options
@verify_options
def audit(
    targets: tuple[str, ...],
    fmt: str,
    output: str | None,
    merge: bool,
    name: str | None,
    show_secrets: bool,
    exit_zero: bool,
    recurse_submodules: bool,
    skip_missing_objects: bool,
    quiet: bool,
    **shared: Any,
) -> int:
    """Group every key in the tree and history of each REPO (default: the current
    repository) into incidents: where it has been, and what to do about it."""
    if merge:
        if shared.get("verify"):
            raise UsageError(
                "--verify applies to repositories being audited, not to --merge",
                "give it to the audits whose reports are merged",
            )
        result = _merged(targets, name)
    else:
        result = _audited(
            targets, name, show_secrets, recurse_submodules, skip_missing_objects, quiet, shared
        )
    text = renderer(AuditFormat(fmt.lower()))(result)
    write_report(text, output)
    if not quiet or result.errors:
        sys.stderr.write(_summary(result, output))
    return _exit_code(result, shared.get("fail_on"), exit_zero, bool(shared.get("fail_on_active")))


def _merged(reports: tuple[str, ...], name: str | None) -> Audit:
    from vpkscan.audit.collect import now
    from vpkscan.audit.merge import merge, read_report

    if not reports:
        raise UsageError(
            "--merge needs the JSON reports to merge", "vpkscan audit --merge a.json b.json"
        )
    if name is not None:
        raise UsageError("--name names a repository to audit and does not apply to --merge")
    return merge([read_report(Path(report)) for report in reports], now())


def _audited(
    targets: tuple[str, ...],
    name: str | None,
    show_secrets: bool,
    recurse_submodules: bool,
    skip_missing_objects: bool,
    quiet: bool,
    shared: dict[str, Any],
) -> Audit:
    from vpkscan.audit.collect import Target, audit
    from vpkscan.sources.history.scan import HistoryOptions

    paths = targets or (".",)
    if name is not None and len(paths) > 1:
        raise UsageError("--name names one repository; audit one REPO with it")
    for path in paths:
        if not Path(path).is_dir():
            raise UsageError(f"{path}: not a directory", "name the folder of a repository")
    history = HistoryOptions(
        recurse_submodules=recurse_submodules, skip_missing_objects=skip_missing_objects
    )
    return audit(
        [Target(Path(path).absolute(), name) for path in paths],
        _config_for(shared),
        history=history,
        progress=StderrProgress(quiet),
        show_secrets=show_secrets,
    )


def _config_for(shared: dict[str, Any]) -> Any:
    """A function giving each repository its configuration: its own configuration file,
    with the command line's values (paths taken from the current directory)."""
    from vpkscan.config.resolve import load_config

    options = dict(shared)
    if str(options.get("fail_on") or "").lower() == REPORT_ONLY:
        options["fail_on"] = None
    for option in ("config_path", "baseline"):
        if options.get(option) is not None:
            options[option] = Path(options[option]).absolute()

    def config_for(root: Path) -> Config:
        config = load_config(cwd=root, root=root, **options)
        check_options(config)
        return config

    return config_for


def _summary(result: Audit, output: str | None) -> str:
    from vpkscan.audit.render.text import summary_lines

    lines = [
        f"vpkscan: note: {printable(r.name)}: {printable(n)}"
        for r in result.repositories
        for n in r.notes
    ]
    lines += [f"vpkscan: error: {printable(e)}" for e in result.errors]
    lines += ["vpkscan: " + line for line in summary_lines(result, SUMMARY_INCIDENTS)]
    if output not in (None, "-"):
        lines.append(f"vpkscan: report written to {printable(str(output))}")
    if result.errors:
        lines.append("vpkscan: the audit is incomplete: see the errors above")
    return "\n".join(lines) + "\n"


def _exit_code(result: Audit, fail_on: str | None, exit_zero: bool, fail_on_active: bool) -> int:
    if result.errors:
        return EXIT_USAGE
    if exit_zero or str(fail_on or "").lower() == REPORT_ONLY:
        return 0
    if fail_on_active:
        alive = [
            i
            for i in result.incidents
            if i.verification and i.verification.status.value == "active"
        ]
        return EXIT_FINDINGS if alive else 0
    threshold = Severity(fail_on.lower()) if fail_on else Severity.LOW
    if any(incident.severity.at_least(threshold) for incident in result.incidents):
        return EXIT_FINDINGS
    return 0

"""``vpkscan hook``: the entry point of the git hooks (pre-commit framework and native).

It runs on every commit, so it stays off click: ``vpkscan.cli.main`` sends ``hook`` here
before anything else is imported, and the few options are parsed by hand. The click
group only lists the command (``click_command``) and passes its arguments through.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from vpkscan.errors import UsageError

if TYPE_CHECKING:
    import click

    from vpkscan.sources.pushed import PushRange

USAGE = """\
Usage: vpkscan hook [OPTIONS] [FILE]...
       vpkscan hook --push [OPTIONS] [REMOTE [URL]]

  The git hook entry point; exit 1 blocks the commit or the push.

  Without --push, scan the staged (index) content of FILEs, as the pre-commit framework
  passes them, or of every staged file when none is named. With --push, scan the blobs
  that the commits being pushed add: the range in PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF,
  or git's pre-push lines on standard input.

Options:
  --push                    Scan the commits being pushed (pre-push hook).
  --fail-on LEVEL           Block only for findings at or above LEVEL
                            (low, medium, high, critical; default: low).
  --exclude PATTERN         Skip paths matching this gitignore-style pattern, even when
                            named; may be repeated.
  --verify                  Ask the VibePeak API whether each key found still works
                            (sends each distinct key once, to the API base URL).
  --api-base URL            Base URL of the VibePeak API for --verify.
  --fail-on-active          Block only for keys that verified active (needs --verify).
  --color [auto|always|never]
                            Colour the report (default: auto).
  --debug                   Show the traceback of an internal error.
  -h, --help                Show this message and exit.

  SKIP=vpkscan skips the hook once (SKIP=vpkscan-push the push hook), as with the
  pre-commit framework.
"""
SEVERITIES = ("low", "medium", "high", "critical")
COLORS = ("auto", "always", "never")


class HookArgs(NamedTuple):
    """The parsed command line of ``vpkscan hook`` (a NamedTuple: cheaper to define at
    start-up than a frozen dataclass)."""

    push: bool = False
    fail_on: str | None = None
    exclude: tuple[str, ...] = ()
    color: str = "auto"
    debug: bool = False
    help: bool = False
    verify: bool = False
    fail_on_active: bool = False
    api_base: str | None = None
    args: tuple[str, ...] = ()


def parse(argv: Sequence[str]) -> HookArgs:
    """Parse ``argv`` (after ``hook``); a bad option is a ``UsageError``."""
    flags: set[str] = set()
    choices: dict[str, str | None] = {"--fail-on": None, "--color": "auto", "--api-base": None}
    exclude: list[str] = []
    args: list[str] = []
    items = iter(argv)
    for item in items:
        name, has_value, inline = item.partition("=")
        if item == "--":
            args.extend(items)
        elif not item.startswith("-") or item == "-":
            args.append(item)
        elif item in ("--push", "--debug", "-h", "--help", "--verify", "--fail-on-active"):
            flags.add("--help" if item == "-h" else item)
        elif name in ("--fail-on", "--exclude", "--color", "--api-base"):
            value = inline if has_value else next(items, None)
            if value is None:
                raise UsageError(f"option {name} needs a value")
            if name == "--exclude":
                exclude.append(value)
                continue
            if name == "--api-base":
                choices[name] = value
                continue
            allowed = SEVERITIES if name == "--fail-on" else COLORS
            if value.lower() not in allowed:
                raise UsageError(
                    f"invalid value {value!r} for {name}", "choose from " + ", ".join(allowed)
                )
            choices[name] = value.lower()
        else:
            raise UsageError(f"no such option: {item}", "see vpkscan hook --help")
    return HookArgs(
        push="--push" in flags,
        fail_on=choices["--fail-on"],
        exclude=tuple(exclude),
        color=choices["--color"] or "auto",
        debug="--debug" in flags,
        help="--help" in flags,
        verify="--verify" in flags,
        fail_on_active="--fail-on-active" in flags,
        api_base=choices["--api-base"],
        args=tuple(args),
    )


def main(argv: Sequence[str]) -> int:
    """Run the hook under the error policy of SPEC §5, and return the exit code."""
    from vpkscan.cli.policy import guarded

    return guarded(lambda: run(parse(argv)), debug="--debug" in argv)


def skipped_by_env(push: bool, environ: Mapping[str, str]) -> str | None:
    """The SKIP entry that turns this hook off, as the pre-commit framework reads SKIP."""
    wanted = ("vpkscan", "vpkscan-push") if push else ("vpkscan",)
    skips = {item.strip() for item in environ.get("SKIP", "").split(",")}
    return next((hook_id for hook_id in wanted if hook_id in skips), None)


def run(args: HookArgs) -> int:
    """Scan what the commit or push would record, print the short report, pick the code."""
    if args.help:
        sys.stdout.write(USAGE)
        return 0
    skip = skipped_by_env(args.push, os.environ)
    if skip is not None:
        sys.stderr.write(f"vpkscan: hook skipped (SKIP={skip})\n")
        return 0
    cwd = Path.cwd()
    quick = None
    if not args.push:
        from vpkscan.hooks.quick import check_staged

        quick = check_staged(cwd, args.args, args.exclude)
        if quick.clean:
            return 0
    from vpkscan.config.resolve import load_config
    from vpkscan.git.repo import require_repository

    if args.push and len(args.args) > 2:
        raise UsageError("--push takes at most a remote name and URL (as git passes them)")
    repo = quick.repo if quick is not None and quick.repo is not None else None
    if repo is None:
        repo = require_repository(cwd, "vpkscan hook --push" if args.push else "vpkscan hook")
    # The same configuration files and precedence as ``vpkscan scan``.
    config = load_config(
        cwd=cwd,
        root=repo.root,
        fail_on=args.fail_on,
        exclude=args.exclude,
        verify=args.verify or None,
        api_base=args.api_base,
        fail_on_active=args.fail_on_active or None,
    )
    from vpkscan.cli.verifying import check_options, verified

    check_options(config)
    if args.push:
        from vpkscan.hooks.scan import scan_push

        result = scan_push(repo.root, _push_ranges(), config=config)
    else:
        from vpkscan.hooks.scan import scan_staged

        files = [_repo_relative(repo.root, cwd, name) for name in args.args]
        listed, contents = (quick.listed, quick.contents) if quick else (None, None)
        result = scan_staged(repo, files, config=config, listed=listed, contents=contents)
    from vpkscan.cli.policy import exit_code

    result = verified(result, config)
    code = exit_code(result, config.fail_on, fail_on_active=config.fail_on_active)
    if result.findings or result.summary.errors:
        from vpkscan.cli.color import use_color
        from vpkscan.report import RenderOptions
        from vpkscan.report.hook import render

        options = RenderOptions(color=use_color(args.color))
        # git sets GIT_INDEX_FILE for the hooks of a commit; `pre-commit run --all-files`
        # by hand names files without one, and commits nothing.
        in_commit = "GIT_INDEX_FILE" in os.environ or not args.args
        report = render(
            result,
            options,
            push=args.push,
            blocked=code != 0,
            fail_on_active=config.fail_on_active,
            in_commit=in_commit,
        )
        from vpkscan.cli.output import write_report

        write_report(report, None)
    return code


def _push_ranges() -> list[PushRange]:
    from vpkscan.sources.pushed import PushRange, ranges_from_environment, ranges_from_stdin

    ranges = ranges_from_environment(os.environ)
    if ranges is not None:
        return ranges
    if sys.stdin is None or sys.stdin.isatty():
        # Run by hand: what pushing the current branch would publish.
        return [PushRange(None, "HEAD")]
    return ranges_from_stdin(sys.stdin.read())


def _repo_relative(root: Path, cwd: Path, name: str) -> str:
    relative = os.path.relpath(os.path.join(cwd, name), root)
    return relative.replace(os.sep, "/") if os.sep != "/" else relative


def click_command() -> click.Command:
    """``vpkscan hook`` for the click group: lists it in ``--help`` and passes through."""
    import click

    @click.command(
        name="hook",
        add_help_option=False,
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )
    @click.argument("argv", nargs=-1, type=click.UNPROCESSED)
    def hook(argv: tuple[str, ...]) -> int:
        """The git hook entry point: scan staged content, or pushed commits with --push."""
        return main(list(argv))

    return hook

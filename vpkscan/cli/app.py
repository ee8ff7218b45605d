"""The click group; each command's module is imported only when that command runs."""

from __future__ import annotations

import importlib

import click

from vpkscan import __version__
from vpkscan.cli.hints import closest

#: command name -> "module:attribute" of its click command (or of a factory returning one).
COMMANDS: dict[str, str] = {
    "scan": "vpkscan.cli.scan:scan",
    "audit": "vpkscan.cli.audit:audit",
    "hook": "vpkscan.cli.hook:click_command",
    "install-hook": "vpkscan.cli.install_hook:install_hook",
    "uninstall-hook": "vpkscan.cli.install_hook:uninstall_hook",
    "baseline": "vpkscan.cli.baseline:baseline",
    "config": "vpkscan.cli.config_cmd:config_command",
    "rules": "vpkscan.cli.rules:rules_command",
    "explain": "vpkscan.cli.rules:explain",
}

#: One line per command for ``vpkscan --help`` (a test keeps them in step with the commands).
SUMMARIES: dict[str, str] = {
    "scan": "Scan tracked files, paths, the index, history, a commit range or stdin.",
    "audit": "Group the keys of repositories' trees and histories into incidents to act on.",
    "hook": "The git hook entry point (pre-commit framework and native hooks).",
    "install-hook": "Install native git pre-commit (and pre-push) hooks.",
    "uninstall-hook": "Remove the git hooks that install-hook wrote.",
    "baseline": "Record accepted findings so that scans report only new ones.",
    "config": "Print the effective configuration and where each value came from.",
    "rules": "List the rules.",
    "explain": "Print a rule's page: what it detects, why, how to fix it.",
}


def load_command(name: str) -> click.Command:
    module_name, _, attribute = COMMANDS[name].partition(":")
    target = getattr(importlib.import_module(module_name), attribute)
    command = target if isinstance(target, click.Command) else target()
    assert isinstance(command, click.Command)
    return command


class LazyGroup(click.Group):
    """A group that imports a command's module on first use, keeping start-up fast."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        return load_command(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name in COMMANDS or name.startswith("-"):
            return super().resolve_command(ctx, args)
        guess = closest(name, COMMANDS)
        hint = f" Did you mean {guess!r}?" if guess else ""
        ctx.fail(f"No such command {name!r}.{hint}")

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # From the table, so that --help imports no command module.
        with formatter.section("Commands"):
            formatter.write_dl([(name, SUMMARIES[name]) for name in self.list_commands(ctx)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vpkscan")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def cli(debug: bool) -> None:
    """Find VibePeak API keys where they must not be, and say what to do about each."""
    del debug  # read by the error handler before click runs

"""``vpkscan install-hook`` and ``vpkscan uninstall-hook``: native git hooks for
repositories that do not use the pre-commit framework."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from vpkscan.git import facts
from vpkscan.git.repo import hooks_dir, require_repository
from vpkscan.hooks.install import HOOK_NAMES, install, uninstall


def _hooks_dir() -> Path:
    repo = require_repository(Path.cwd(), "installing a git hook")
    # core.hooksPath through GitPython's configuration reader; git itself answers when
    # GitPython cannot read the repository (an unusual layout or configuration).
    return facts.hooks_dir(repo.root) or hooks_dir(repo.root)


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@click.command("install-hook")
@click.option(
    "--pre-push",
    is_flag=True,
    help="Also install a pre-push hook that scans the commits being pushed.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Chain an existing hook instead of refusing: it is kept as HOOK.vpkscan-saved and "
    "runs after vpkscan passes.",
)
def install_hook(pre_push: bool, force: bool) -> int:
    """Install a git pre-commit hook (and with --pre-push a pre-push hook) running vpkscan.

    The hooks go where git looks for them (core.hooksPath when set). An existing hook
    that vpkscan did not write is left alone unless --force is given.
    """
    names = HOOK_NAMES if pre_push else HOOK_NAMES[:1]
    for change in install(_hooks_dir(), names, sys.executable, force):
        line = f"vpkscan: {change.action} {change.hook} hook: {_shown(change.path)}"
        if change.saved is not None:
            line += f" (the previous hook is kept as {_shown(change.saved)} and runs after vpkscan)"
        click.echo(line, err=True)
    return 0


@click.command("uninstall-hook")
def uninstall_hook() -> int:
    """Remove the git hooks that vpkscan install-hook wrote, and nothing else."""
    changes = uninstall(_hooks_dir())
    for change in changes:
        line = f"vpkscan: {change.hook} hook {change.action}: {_shown(change.path)}"
        if change.saved is not None:
            line += f" (restored the previous hook from {_shown(change.saved)})"
        click.echo(line, err=True)
    if not changes:
        click.echo("vpkscan: no vpkscan hook installed", err=True)
    return 0

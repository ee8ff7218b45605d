"""``vpkscan rules`` and ``vpkscan explain``: the rule catalogue and each rule's page."""

from __future__ import annotations

from pathlib import Path

import click

from vpkscan.errors import UsageError
from vpkscan.rules.catalog import RULES
from vpkscan.rules.pages import find_rule, page


@click.command(name="rules")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Configuration file (default: the nearest .vpkscan.toml or pyproject.toml).",
)
def rules_command(config_path: Path | None) -> None:
    """List the rules with their live-key severity and what they detect, as the
    configuration sets them (severity overrides, disabled rules)."""
    from vpkscan.config.resolve import load_config
    from vpkscan.git.repo import find_root

    cwd = Path.cwd()
    config = load_config(cwd=cwd, root=find_root(cwd), config_path=config_path)
    overrides = dict(config.severity)
    width = max(len(rule.name) for rule in RULES.values())
    for rule in RULES.values():
        severity = overrides.get(rule.id, rule.live_severity).value
        state = ""
        if rule.id in config.disabled_rules:
            state = "  (disabled by the configuration)"
        elif rule.id in overrides:
            state = f"  (configured; default {rule.live_severity.value})"
        click.echo(f"{rule.id.value}  {rule.name:<{width}}  {severity:<8}  {rule.summary}{state}")


@click.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print the page of RULE (an id such as VPK003 or a name such as client-side-code)."""
    rule_id = find_rule(rule)
    if rule_id is None:
        known = ", ".join(r.id.value for r in RULES.values())
        raise UsageError(f"unknown rule {rule!r}", f"known rules: {known}")
    click.echo(page(rule_id), nl=False)

"""``vpkscan rules`` and ``vpkscan explain``: the rule catalogue and each rule's page."""

from __future__ import annotations

import click

from vpkscan.errors import UsageError
from vpkscan.rules.catalog import RULES
from vpkscan.rules.pages import find_rule, page


@click.command(name="rules")
def rules_command() -> None:
    """List the rules with their severity and what they detect."""
    width = max(len(rule.name) for rule in RULES.values())
    for rule in RULES.values():
        click.echo(
            f"{rule.id.value}  {rule.name:<{width}}  {rule.live_severity.value:<8}  {rule.summary}"
        )


@click.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print the page of RULE (an id such as VPK003 or a name such as client-side-code)."""
    rule_id = find_rule(rule)
    if rule_id is None:
        known = ", ".join(r.id.value for r in RULES.values())
        raise UsageError(f"unknown rule {rule!r}", f"known rules: {known}")
    click.echo(page(rule_id), nl=False)

"""VPK007 and VPK008: findings about environments, added next to the primary ones.

They look across occurrences (the same key in two environments), so they run once all
primary findings of a scan are known.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from vpkscan.context.signals import NON_PRODUCTION
from vpkscan.model import Environment, Finding, KeyMode, RuleId
from vpkscan.paths import display_path
from vpkscan.rules.catalog import RULES


def _label(environment: Environment) -> str:
    """An environment as a sentence names it ("CI", not "ci")."""
    return "CI" if environment is Environment.CI else environment.value


def _derived(finding: Finding, rule: RuleId, message: str) -> Finding:
    return dataclasses.replace(
        finding,
        rule=rule,
        severity=RULES[rule].severity_for(finding.key_mode),
        message=message,
        evidence=(message,),
        remediation=RULES[rule].remediation,
    )


def environment_findings(findings: Iterable[Finding]) -> list[Finding]:
    """VPK007 for keys configured in two or more environments, VPK008 for live keys
    outside production."""
    located = [f for f in findings if f.environment is not None]
    by_key: dict[str, list[Finding]] = defaultdict(list)
    for finding in located:
        by_key[finding.key].append(finding)
    extra: list[Finding] = []
    for occurrences in by_key.values():
        first_path: dict[Environment, str] = {}
        for occurrence in occurrences:
            if occurrence.environment is not None:
                first_path.setdefault(occurrence.environment, display_path(occurrence.path))
        if len(first_path) >= 2:
            environments = sorted(first_path, key=lambda env: env.value)
            where = ", ".join(f"{_label(env)} (`{first_path[env]}`)" for env in environments)
            message = f"The same key is configured for {len(environments)} environments: {where}."
            extra.extend(_derived(f, RuleId.VPK007, message) for f in occurrences)
    for finding in located:
        if finding.key_mode is KeyMode.LIVE and finding.environment in NON_PRODUCTION:
            message = (
                f"Live key in {_label(finding.environment)} configuration "
                f"(`{display_path(finding.path)}`), where a test key belongs."
            )
            extra.append(_derived(finding, RuleId.VPK008, message))
    return extra

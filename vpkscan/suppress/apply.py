"""Applying a configuration's rule settings, inline allows and the baseline to findings.

A live key can only be suppressed by an allow comment that names the rule or by a
baseline entry: a bare ``vpkscan:allow`` on its line leaves the finding in place and
says why, so that a live key is never hidden by accident.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vpkscan.config.schema import Config
from vpkscan.model import Finding, KeyMode
from vpkscan.paths import display_path

if TYPE_CHECKING:
    from vpkscan.suppress.baseline import Entry

NEAR_MISS = "`{text}` looks like an allow comment but is not one (did you mean `vpkscan:allow`?)."
OTHER_RULE = "The allow comment names {named} but this finding is {rule}."
BARE_ALLOW_ON_LIVE = (
    "A bare vpkscan:allow does not suppress a live key: name the rule "
    "(vpkscan:allow {rule} -- reason) or add a baseline entry."
)


@dataclass(frozen=True, slots=True)
class Suppressed:
    """What the suppression stage kept, and how many findings it removed and why."""

    findings: tuple[Finding, ...]
    inline: int = 0
    baseline: int = 0
    disabled: int = 0
    notices: tuple[str, ...] = ()


def apply(
    findings: Iterable[Finding], config: Config, baseline: frozenset[Entry] = frozenset()
) -> Suppressed:
    if baseline:
        # Only a scan with a baseline loads its reader (and the hashing it needs).
        from vpkscan.suppress.baseline import accepts
    overrides = dict(config.severity)
    kept: list[Finding] = []
    inline = from_baseline = disabled = 0
    notices: list[str] = []
    for original in findings:
        finding = original
        if finding.rule in config.disabled_rules:
            disabled += 1
            continue
        if finding.key_mode is KeyMode.LIVE and finding.rule in overrides:
            finding = dataclasses.replace(finding, severity=overrides[finding.rule])
        allow = finding.allow if config.inline_allow else None
        if allow is not None:
            where = f"{display_path(finding.path)}:{finding.line}"
            note = ""
            if allow.near_miss is not None:
                note = NEAR_MISS.format(text=display_path(allow.near_miss))
                notices.append(f"{where}: {note}")
            elif finding.rule.value in allow.rules:
                inline += 1
                continue
            elif allow.rules or allow.unknown:
                named = ", ".join(
                    [
                        *allow.rules,
                        *(f"{display_path(word)!r} (no such rule)" for word in allow.unknown),
                    ]
                )
                note = OTHER_RULE.format(named=named, rule=finding.rule.value)
                notices.append(f"{where}: {note}")
            elif finding.key_mode is KeyMode.TEST:
                inline += 1
                continue
            else:
                note = BARE_ALLOW_ON_LIVE.format(rule=finding.rule.value)
                notices.append(
                    f"{where}: bare vpkscan:allow ignored for a live key ({finding.rule.value}): "
                    f"name the rule (vpkscan:allow {finding.rule.value} -- reason)"
                )
            if note:
                finding = dataclasses.replace(finding, message=f"{finding.message} {note}")
        if baseline and accepts(baseline, finding):
            from_baseline += 1
            continue
        kept.append(finding)
    return Suppressed(tuple(kept), inline, from_baseline, disabled, tuple(notices))

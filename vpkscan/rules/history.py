"""VPK006: a key that history holds and the tree the scan ends at no longer does.

Every history-reading mode (``--history``, ``--range``, ``--since-commit``, the pre-push
hook) decides it here, with the one definition of SPEC §3: a key keeps its tree rule
while any file of the end tree holds it, and becomes VPK006 once none does (removing it
did not un-leak it).
"""

from __future__ import annotations

import dataclasses

from vpkscan.model import CommitInfo, Exposure, Finding, KeyMode, RuleId
from vpkscan.paths import display_path
from vpkscan.redact import redact_text
from vpkscan.rules import advice
from vpkscan.rules.catalog import RULES


def attributed(finding: Finding, commit: CommitInfo | None, in_tree: bool) -> Finding:
    """``finding`` as found in history: attributed to ``commit``; VPK006 when the end
    tree holds the key nowhere (``in_tree`` false)."""
    if in_tree:
        return dataclasses.replace(finding, commit=commit)
    rule = RULES[RuleId.VPK006]
    mode = "Live" if finding.key_mode is KeyMode.LIVE else "Test"
    where = f"`{display_path(finding.path)}`"
    if commit is not None:
        author = redact_text(commit.author)
        added = f"commit {commit.id[:12]} ({author}, {commit.date}) added it to {where}"
    else:
        added = f"unreachable blob {finding.path} holds it (no commit does)"
    evidence = (added, "no file of the tree the scan ends at holds it", *finding.evidence)
    return dataclasses.replace(
        finding,
        rule=rule.id,
        severity=rule.severity_for(finding.key_mode),
        message=f"{mode} VibePeak key: {rule.summary}. {added[0].upper()}{added[1:]}.",
        evidence=evidence,
        commit=commit,
        tree_rule=finding.rule,
        remediation=rule.remediation,
    )


def with_leak_stage(finding: Finding, exposure: Exposure) -> Finding:
    """``finding`` with its leak stage; a VPK006 finding in a commit that no remote holds
    says so, and that rewriting the commit still takes the key back."""
    if finding.rule is not RuleId.VPK006 or exposure is not Exposure.LOCAL:
        return dataclasses.replace(finding, exposure=exposure)
    summary = RULES[RuleId.VPK006].summary
    return dataclasses.replace(
        finding,
        exposure=exposure,
        message=finding.message.replace(summary, advice.LOCAL_HISTORY_SUMMARY, 1),
        remediation=advice.LOCAL_HISTORY,
    )

"""How far a key has gone (``Finding.exposure``) and what that asks of its owner, in the
same words in every report for people: the text report, the hooks, the GitHub log and
job summary."""

from __future__ import annotations

from vpkscan.model import Exposure, Finding

#: What the leak stage of a key found outside any commit means for its owner.
STAGED_STAGES = {
    Exposure.STAGED: "only staged, never committed: editing the file before committing is enough",
    Exposure.LOCAL: "already in a local commit (not pushed): fix the file, then amend that commit "
    "(git commit --amend, or git rebase -i for an older one) before pushing",
    Exposure.PUSHED: "already pushed: rotate the key now in Settings → API; editing the file does "
    "not take it back",
}
#: A file the hook was given that git does not track (``pre-commit run --files``).
UNTRACKED = (
    "not tracked by git, read from the working tree: take the key out before you add the "
    "file (or keep the file out of git with .gitignore)"
)


def leak_stage(finding: Finding) -> str:
    """One line saying how far the key has gone and what that asks of its owner."""
    if finding.commit is not None:
        short = finding.commit.id[:12]
        if finding.exposure is Exposure.PUSHED:
            return f"in commit {short}, already pushed: rotate the key now in Settings → API"
        return (
            f"in local commit {short}, not pushed yet: remove it and rewrite that commit "
            "(git commit --amend for the last one, git rebase -i for an older one) "
            "before pushing"
        )
    if finding.exposure is None:
        return UNTRACKED
    return STAGED_STAGES[finding.exposure]


def known(finding: Finding) -> bool:
    """Whether the scan knows the finding's leak stage (history, range, staged scans)."""
    return finding.exposure is not None

"""Inline allow comments, parsed in one place.

``vpkscan:allow`` (all rules) or ``vpkscan:allow VPK005, VPK008 -- reason`` in a comment
on the key's line or the line before. ``pragma: allowlist secret`` (detect-secrets) and
``gitleaks:allow`` are honoured as bare allows for teams migrating.
"""

from __future__ import annotations

import regex

from vpkscan.model import Candidate

#: A comment opener of a common language (# // /* <!-- -- ; % ' REM {# {{!) directly
#: before the directive, so that the words inside a string literal do not count.
_OPENER = r"(?:#|//|/\*+|<!--|--|;|%|'|\bREM\b|\{#|\{\{!)\s*"
_DIRECTIVE = regex.compile(
    _OPENER + r"vpkscan:allow\b(?P<rules>(?:[\s,]+VPK\d{3})*)", regex.IGNORECASE
)
_RULE = regex.compile(r"VPK\d{3}", regex.IGNORECASE)
_LEGACY = regex.compile(
    _OPENER + r"(?:pragma:\s*allowlist[ -]secret|gitleaks:allow)", regex.IGNORECASE
)


def directive(line: str) -> tuple[str, ...] | None:
    """The rules a comment on ``line`` allows: () for all, None without a directive."""
    match = _DIRECTIVE.search(line, timeout=0.05)
    if match is not None:
        return tuple(rule.upper() for rule in _RULE.findall(match.group("rules")))
    if _LEGACY.search(line, timeout=0.05) is not None:
        return ()
    return None


def allow_for(candidate: Candidate) -> tuple[str, ...] | None:
    """The allow directive that covers ``candidate``: its own line first, then the one before."""
    head = candidate.before.split(b"\n")
    line = (head[-1] + candidate.key.encode() + candidate.after.split(b"\n", 1)[0]).decode(
        "utf-8", "replace"
    )
    found = directive(line)
    if found is None and len(head) >= 2:
        found = directive(head[-2].decode("utf-8", "replace"))
    return found

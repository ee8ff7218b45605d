"""Inline allow comments, parsed in one place.

``vpkscan:allow`` (all rules) or ``vpkscan:allow VPK005, hardcoded-key -- reason`` in a
comment on the key's line or the line before; rules are named by id or by name.
``pragma: allowlist secret`` (detect-secrets) and ``gitleaks:allow`` are honoured as bare
allows for teams migrating. A comment that looks like an allow but is not one
(``vpkscan:alow``, ``vpkscan-allow``, ``vpkscan: allow``) allows nothing and is reported,
so that a typo never passes for a suppression.
"""

from __future__ import annotations

from vpkscan.lazy_regex import IGNORECASE, LazyPattern
from vpkscan.model import AllowComment, Candidate
from vpkscan.rules.pages import find_rule

#: A comment opener of a common language (# // /* <!-- -- ; % ' REM {# {{!) directly
#: before the directive, so that the words inside a string literal do not count.
_OPENER = r"(?:#|//|/\*+|<!--|--|;|%|'|\bREM\b|\{#|\{\{!)\s*"
#: What can name a rule: an id (VPK005) or a hyphenated name (hardcoded-key); other words
#: after the directive are prose, as in ``vpkscan:allow because it is a fixture``.
_WORD = r"(?:VPK\d+|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+)\b"
_DIRECTIVE = LazyPattern(
    _OPENER + r"vpkscan:allow\b(?P<rules>(?:[ \t]*,?[ \t]*(?!--)" + _WORD + r")*)",
    IGNORECASE,
)
_LEGACY = LazyPattern(_OPENER + r"(?:pragma:\s*allowlist[ -]secret|gitleaks:allow)", IGNORECASE)
#: The tool's name, any separator, then a word: a candidate for a misspelt directive.
_WORDS = LazyPattern(_WORD, IGNORECASE)
_LOOKALIKE = LazyPattern(
    _OPENER + r"(?P<text>vpk[-_ ]?scan[ \t]*[:=_\-]?[ \t]*(?P<word>[A-Za-z]+))",
    IGNORECASE,
)


def _parse_rules(text: str) -> AllowComment:
    rules: list[str] = []
    unknown: list[str] = []
    for word in _WORDS().findall(text):
        rule = find_rule(word)
        if rule is None:
            unknown.append(word)
        else:
            rules.append(rule.value)
    return AllowComment(tuple(rules), tuple(unknown))


#: Every form above holds one of these words (``vpkscan:allow`` and the look-alikes hold
#: "scan", the other tools' forms "allow"), whatever the case: a line without either holds
#: no directive, and the expressions are not run (nor compiled) for it.
_WORDS_NEEDED = ("scan", "allow")


def directive(line: str) -> AllowComment | None:
    """The allow comment on ``line``, or None without one."""
    # casefold() folds at least what IGNORECASE matches ("ſ" is an "s").
    folded = line.casefold()
    if not any(word in folded for word in _WORDS_NEEDED):
        return None
    match = _DIRECTIVE().search(line, timeout=0.05)
    if match is not None:
        return _parse_rules(match.group("rules"))
    if _LEGACY().search(line, timeout=0.05) is not None:
        return AllowComment()
    near = _LOOKALIKE().search(line, timeout=0.05)
    if near is not None:
        import difflib  # only for a comment that looks like an allow

        word = near.group("word").lower()
        if difflib.SequenceMatcher(None, word, "allow").ratio() >= 0.7:
            return AllowComment(near_miss=near.group("text"))
    return None


def allow_for(candidate: Candidate) -> AllowComment | None:
    """The allow comment that covers ``candidate``: its own line first, then the one before."""
    head = candidate.before.split(b"\n")
    line = (head[-1] + candidate.key.encode() + candidate.after.split(b"\n", 1)[0]).decode(
        "utf-8", "replace"
    )
    found = directive(line)
    if found is None and len(head) >= 2:
        found = directive(head[-2].decode("utf-8", "replace"))
    return found

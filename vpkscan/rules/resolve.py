"""Turning a classified candidate into a finding with its message and snippet.

Every mode builds its findings here, so that a key gets the same rule, message, encoding
and original location however it was read.
"""

from __future__ import annotations

from vpkscan.context.classifier import Classification
from vpkscan.lazy_regex import LazyPattern
from vpkscan.locate.notebook import cell_sentence
from vpkscan.model import Candidate, Finding, KeyMode
from vpkscan.rules.catalog import RULES
from vpkscan.suppress.allow import allow_for

#: Characters of the line shown on each side of the key.
SNIPPET_SIDE = 60
#: Anything that may be (part of) a key: the prefix with its word characters.
_KEY_SHAPE = LazyPattern(r"[A-Za-z0-9_]*vpk_(?:live|test)_[A-Za-z0-9_]*")


def make_finding(path: str, candidate: Candidate, classification: Classification) -> Finding:
    """The primary finding for one occurrence."""
    rule = RULES[classification.rule]
    mode = "Live" if candidate.mode is KeyMode.LIVE else "Test"
    message = f"{mode} VibePeak key: {rule.summary}."
    if classification.evidence:
        message += " " + "; ".join(_sentence(e) for e in classification.evidence) + "."
    if candidate.cell is not None:
        message += " " + cell_sentence(candidate.cell, candidate.cell_part)
    snippet, key_start = line_snippet(candidate)
    return Finding(
        rule=rule.id,
        severity=rule.severity_for(candidate.mode),
        key=candidate.key,
        key_mode=candidate.mode,
        path=path,
        line=candidate.line,
        column=candidate.column,
        message=message,
        snippet=snippet,
        snippet_key_start=key_start,
        evidence=classification.evidence,
        encoding=candidate.encoding,
        original=candidate.original,
        environment=classification.environment,
        allow=allow_for(candidate),
        remediation=classification.fix or rule.remediation,
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].isalpha() else text


def _clip_points(text: str, cut: int) -> int:
    """Move ``cut`` out of any key-shaped text, so that no key is shown half-cut."""
    for match in _KEY_SHAPE().finditer(text):
        if match.start() < cut < match.end():
            return match.start()
    return cut


def line_snippet(candidate: Candidate) -> tuple[str, int]:
    """The key's line (clipped around the key) and where the key starts in it.

    Clipping never splits another key on the same line, so reporters can still
    recognise and mask it.
    """
    before = candidate.before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")
    after = candidate.after.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")
    start = _clip_points(before, max(0, len(before) - SNIPPET_SIDE))
    end = min(len(after), SNIPPET_SIDE)
    for match in _KEY_SHAPE().finditer(after):
        if match.start() < end < match.end():
            end = match.end()
    before = _printable(before[start:])
    after = _printable(after[:end])
    return before + candidate.key + after, len(before)


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() or ch == "\t" else "?" for ch in text).replace("\t", " ")

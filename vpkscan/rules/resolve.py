"""Turning a classified candidate into a finding with its message and snippet."""

from __future__ import annotations

from vpkscan.context.classifier import Classification
from vpkscan.model import Candidate, Finding, KeyMode
from vpkscan.rules.catalog import RULES

#: Characters of the line shown on each side of the key.
SNIPPET_SIDE = 60


def make_finding(path: str, candidate: Candidate, classification: Classification) -> Finding:
    """The primary finding for one occurrence."""
    rule = RULES[classification.rule]
    mode = "Live" if candidate.mode is KeyMode.LIVE else "Test"
    message = f"{mode} VibePeak key: {rule.summary}."
    if classification.evidence:
        message += " " + "; ".join(_sentence(e) for e in classification.evidence) + "."
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
        environment=classification.environment,
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].isalpha() else text


def line_snippet(candidate: Candidate) -> tuple[str, int]:
    """The key's line (clipped around the key) and where the key starts in it."""
    before = candidate.before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")
    after = candidate.after.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace")
    before = _printable(before[-SNIPPET_SIDE:])
    after = _printable(after[:SNIPPET_SIDE])
    return before + candidate.key + after, len(before)


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() or ch == "\t" else "?" for ch in text).replace("\t", " ")

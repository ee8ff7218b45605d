"""Baseline files: accepted findings, by key fingerprint, path and rule.

The file is versioned, sorted and deterministic, and holds no key, no line number and
no timestamp, so it can be committed and reviewed, and moving code does not invalidate
it. An entry may carry the reason it was accepted; the reason is kept across updates and
plays no part in matching. Writes go to a temporary file that is renamed into place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from vpkscan.atomic import write_atomic
from vpkscan.config.resolve import DEFAULT_BASELINE
from vpkscan.errors import VpkscanError
from vpkscan.model import Finding
from vpkscan.suppress.fingerprint import fingerprint

VERSION = 2
DEFAULT_NAME = DEFAULT_BASELINE


class BaselineError(VpkscanError):
    """A baseline that cannot be read or written."""


@dataclass(frozen=True, slots=True, order=True)
class Entry:
    """One accepted finding; ``reason`` (why it was accepted) does not take part in
    comparisons, so an entry matches whatever its reason."""

    path: str
    rule: str
    fingerprint: str
    reason: str | None = field(default=None, compare=False)


def entry_for(finding: Finding) -> Entry:
    return Entry(finding.path, finding.rule.value, fingerprint(finding.key))


def accepts(entries: frozenset[Entry], finding: Finding) -> bool:
    """Whether ``entries`` accept ``finding``: its own entry, or for a key that moved
    into history (VPK006) the entry made when its file still held it."""
    entry = entry_for(finding)
    if entry in entries:
        return True
    tree_rule = finding.tree_rule
    return (
        tree_rule is not None and Entry(entry.path, tree_rule.value, entry.fingerprint) in entries
    )


def with_reasons(entries: Iterable[Entry], kept: Iterable[Entry], reason: str | None) -> set[Entry]:
    """``entries`` with the reason of the same entry in ``kept``; those not in ``kept``
    (added now) get ``reason``."""
    previous = {entry: entry.reason for entry in kept}
    return {replace(entry, reason=previous.get(entry, reason)) for entry in entries}


def _document_entry(entry: Entry) -> dict[str, str]:
    item = {"path": entry.path, "rule": entry.rule, "fingerprint": entry.fingerprint}
    if entry.reason is not None:
        item["reason"] = entry.reason
    return item


def render(entries: Iterable[Entry]) -> str:
    document = {
        "version": VERSION,
        "tool": "vpkscan",
        "entries": [_document_entry(e) for e in sorted(set(entries))],
    }
    text = json.dumps(document, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    # A path that is not valid UTF-8 holds lone surrogates; inside a JSON string their
    # ``\udcXX`` escapes read back as the same path.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _entries_v1(path: Path, document: dict[str, Any]) -> list[Entry]:
    """Version 1 grouped entries by file: {"secrets": {path: [{"rule", "fingerprint"}]}}."""
    secrets = document.get("secrets")
    if not isinstance(secrets, dict):
        raise BaselineError(f"{path}: version 1 baseline without a 'secrets' table")
    return [
        Entry(str(file), str(item["rule"]), str(item["fingerprint"]))
        for file, items in secrets.items()
        for item in items
    ]


def _entries_v2(path: Path, document: dict[str, Any]) -> list[Entry]:
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: baseline without an 'entries' list")
    return [
        Entry(str(e["path"]), str(e["rule"]), str(e["fingerprint"]), _reason(e.get("reason")))
        for e in entries
    ]


def _reason(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"reason must be text, got {value!r}")


_READERS = {1: _entries_v1, 2: _entries_v2}


def read(path: Path) -> frozenset[Entry]:
    """Entries of the baseline at ``path``; older versions are upgraded in memory."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(
            f"{path}: baseline not found", "create one with: vpkscan baseline create"
        ) from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"{path}: not a readable baseline: {exc}") from exc
    except RecursionError:
        raise BaselineError(f"{path}: not a readable baseline: nested too deeply") from None
    version = document.get("version") if isinstance(document, dict) else None
    if not isinstance(version, int) or version < 1:
        raise BaselineError(f"{path}: not a vpkscan baseline (no format version)")
    if version > VERSION:
        raise BaselineError(
            f"{path}: baseline format {version} is newer than this vpkscan understands ({VERSION})",
            "upgrade vpkscan",
        )
    try:
        return frozenset(_READERS[version](path, document))
    except (KeyError, TypeError, AttributeError) as exc:
        raise BaselineError(f"{path}: malformed baseline entry: {exc}") from exc


def write(path: Path, entries: Iterable[Entry]) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    try:
        write_atomic(path, render(entries))
    except OSError as exc:
        raise BaselineError(f"cannot write {path}: {exc.strerror}") from exc

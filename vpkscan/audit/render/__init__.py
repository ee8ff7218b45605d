"""Audit reporters: pure functions from an ``Audit`` to text, one module per format."""

from __future__ import annotations

import enum
from collections.abc import Callable

from vpkscan.audit.model import Audit, Incident


class AuditFormat(enum.Enum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    HTML = "html"


AuditRenderer = Callable[[Audit], str]


def renderer(fmt: AuditFormat) -> AuditRenderer:
    """The renderer for ``fmt``; every ``AuditFormat`` has one (a test checks)."""
    # Imported on use: the HTML report loads Jinja2, which no other report needs.
    if fmt is AuditFormat.HTML:
        from vpkscan.audit.render import html

        return html.render
    from vpkscan.audit.render import json, markdown, text

    renderers: dict[AuditFormat, AuditRenderer] = {
        AuditFormat.TEXT: text.render,
        AuditFormat.JSON: json.render,
        AuditFormat.MARKDOWN: markdown.render,
    }
    return renderers[fmt]


def headline(incident: Incident) -> list[str]:
    """The facts of an incident's title: severity, mode, presence, leak stage, status."""
    facts = [
        incident.severity.value,
        incident.key_mode.value,
        "in a tree" if incident.in_tree else "history only",
        incident.leak_stage.value,
    ]
    if incident.verification is not None:
        facts.append(incident.verification.status.value)
    return facts

"""Reporters: pure functions from a scan result to text, one module per format."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from vpkscan.model import ScanResult


class OutputFormat(enum.Enum):
    TEXT = "text"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    show_secrets: bool = False
    color: bool = False


Renderer = Callable[[ScanResult, RenderOptions], str]


def renderer(fmt: OutputFormat) -> Renderer:
    """The renderer for ``fmt``; every ``OutputFormat`` has one (a test checks)."""
    from vpkscan.report import json, text

    renderers: dict[OutputFormat, Renderer] = {
        OutputFormat.TEXT: text.render,
        OutputFormat.JSON: json.render,
    }
    return renderers[fmt]

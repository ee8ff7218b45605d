"""Reporters: pure functions from a scan result to text, one module per format."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from vpkscan.model import ScanResult


class OutputFormat(enum.Enum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"
    JUNIT = "junit"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    show_secrets: bool = False
    color: bool = False
    #: JUnit: a test case for every scanned file, not only one per finding.
    all_files: bool = False
    #: The text reports for people: print paths as they open from this folder (None:
    #: as the scan reports them, relative to its root).
    cwd: str | None = None


Renderer = Callable[[ScanResult, RenderOptions], str]


def renderer(fmt: OutputFormat) -> Renderer:
    """The renderer for ``fmt``; every ``OutputFormat`` has one (a test checks). Only the
    module of that format is imported."""
    if fmt is OutputFormat.TEXT:
        from vpkscan.report import text

        return text.render
    if fmt is OutputFormat.JSON:
        from vpkscan.report import json

        return json.render
    if fmt is OutputFormat.SARIF:
        from vpkscan.report import sarif

        return sarif.render
    if fmt is OutputFormat.GITHUB:
        from vpkscan.report import github

        return github.render
    from vpkscan.report import junit

    return junit.render

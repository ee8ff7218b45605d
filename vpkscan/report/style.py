"""ANSI colour for terminal output, applied only when asked."""

from __future__ import annotations

from vpkscan.model import Severity

_RESET = "\033[0m"
BOLD = "\033[1m"
DIM = "\033[2m"
SEVERITY_COLORS = {
    Severity.CRITICAL: "\033[1;31m",
    Severity.HIGH: "\033[31m",
    Severity.MEDIUM: "\033[33m",
    Severity.LOW: "\033[36m",
}


def paint(text: str, code: str, enabled: bool) -> str:
    return f"{code}{text}{_RESET}" if enabled else text

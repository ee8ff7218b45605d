"""The settings of a scan, as one frozen value with defaults."""

from __future__ import annotations

from dataclasses import dataclass

from vpkscan.model import Severity


@dataclass(frozen=True, slots=True)
class Config:
    """Everything that changes how a scan runs or when it fails.

    ``jobs`` of 0 means one worker per available CPU.
    """

    fail_on: Severity = Severity.LOW
    jobs: int = 0

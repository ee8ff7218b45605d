"""vpkscan: find VibePeak API keys where they must not be, and say what to do about each."""

from __future__ import annotations

__version__ = "0.1.0"

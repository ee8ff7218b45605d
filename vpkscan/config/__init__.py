"""Scan settings: one ``Config`` built by the CLI and passed down.

``Config`` (and with it the data model) loads on first use, so that the hook's
clean-commit path can find and check a configuration file (``discovery``, ``plain``)
without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vpkscan.config.schema import Config

__all__ = ["Config"]


def __getattr__(name: str) -> Any:
    if name == "Config":
        from vpkscan.config.schema import Config

        return Config
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

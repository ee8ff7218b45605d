"""Scan settings: one ``Config`` built by the CLI and passed down."""

from vpkscan.config.schema import Config

__all__ = ["Config"]

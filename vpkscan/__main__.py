"""Entry point for ``python -m vpkscan``."""

from __future__ import annotations

from vpkscan.cli import main

if __name__ == "__main__":
    main()

"""Which configuration file applies to a folder.

``--config FILE`` aside, the nearest ``.vpkscan.toml``, else the nearest
``pyproject.toml`` with a ``[tool.vpkscan]`` table, looking from the start folder up to
the repository root. Kept apart from the loader (and free of the data model) so that the
hook's clean-commit path finds the same file as a full scan at little cost.
"""

from __future__ import annotations

from pathlib import Path


def discover(start: Path, stop: Path | None) -> Path | None:
    """The configuration file that applies to ``start`` (searching up to ``stop``)."""
    directory = start.resolve()
    top = stop.resolve() if stop else None
    while True:
        candidate = directory / ".vpkscan.toml"
        if candidate.is_file():
            return candidate
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if directory in (top, directory.parent) or (directory / ".git").exists():
            return None
        directory = directory.parent


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = pyproject.read_bytes()
    except OSError:
        return False
    if b"vpkscan" not in data and b"\\u" not in data.lower():
        return False  # no way to spell the table's name, even with a \u escape: no parsing
    import tomllib

    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    except RecursionError:
        return True  # chosen, so that loading it reports the error
    return isinstance(document.get("tool"), dict) and "vpkscan" in document["tool"]

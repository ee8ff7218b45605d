"""The effective configuration for a folder: file discovery plus command-line values.

Free of click, so that the git hook (which never loads click) configures itself exactly
as ``vpkscan scan`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vpkscan.config.build import Effective, effective, to_config
from vpkscan.config.loader import check_patterns, discover, load
from vpkscan.config.schema import Config
from vpkscan.model import Severity

#: The baseline file used when the configuration names none and it exists at the root.
DEFAULT_BASELINE = ".vpkscan-baseline.json"


def settings_from(
    *,
    cwd: Path,
    root: Path | None,
    config_path: Path | None = None,
    fail_on: str | None = None,
    jobs: int | None = None,
    exclude: tuple[str, ...] = (),
    baseline: Path | None = None,
    no_inline_allow: bool = False,
) -> Effective:
    """The effective settings: command line over configuration file over defaults.

    ``root`` is the repository root (None outside one): the search for a configuration
    file stops there, and a ``.vpkscan-baseline.json`` there is used by default.
    """
    path = config_path if config_path is not None else discover(cwd, root)
    file = load(path)
    cli: dict[str, Any] = {
        "fail-on": Severity(fail_on.lower()) if fail_on else None,
        "jobs": jobs,
        "extend-exclude": check_patterns("--exclude", "exclude", exclude) if exclude else None,
        "baseline": (cwd / baseline).resolve() if baseline else None,
        "inline-allow": False if no_inline_allow else None,
    }
    settings = effective(file, cli)
    default_baseline = (root or cwd) / DEFAULT_BASELINE
    if settings.values["baseline"] is None and default_baseline.is_file():
        settings.values["baseline"] = default_baseline
        settings.sources["baseline"] = "found at the repository root"
    return settings


def load_config(*, cwd: Path, root: Path | None, **options: Any) -> Config:
    """``Config`` for ``cwd`` from the configuration file and command-line ``options``."""
    return to_config(settings_from(cwd=cwd, root=root, **options))

"""The effective configuration for a folder: file discovery plus command-line values.

Free of click, so that the git hook (which never loads click) configures itself exactly
as ``vpkscan scan`` does. Command-line values pass the same conversion as the file's.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from vpkscan.config.build import Effective, effective, to_config
from vpkscan.config.loader import discover, load
from vpkscan.config.schema import Config
from vpkscan.config.settings import BY_KEY

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
    verify: bool | None = None,
    api_base: str | None = None,
    verify_concurrency: int | None = None,
    verify_timeout: float | None = None,
    verify_time_limit: float | None = None,
    fail_on_active: bool | None = None,
) -> Effective:
    """The effective settings: command line over configuration file over defaults.

    ``root`` is the repository root (None outside one): the search for a configuration
    file stops there, and a ``.vpkscan-baseline.json`` there is used by default. A
    baseline named by the configuration file is used if present (see ``scan_config``);
    one named by ``--baseline`` must exist.
    """
    path = config_path if config_path is not None else discover(cwd, root)
    file = load(path)
    # setting key: (the option that sets it, its value or None when not given)
    given: dict[str, tuple[str, Any]] = {
        "fail-on": ("--fail-on", fail_on),
        "jobs": ("--jobs", jobs),
        "extend-exclude": ("--exclude", exclude or None),
        "baseline": ("--baseline", baseline),
        "inline-allow": ("--no-inline-allow", False if no_inline_allow else None),
        "verify": ("--verify", verify),
        "api-base": ("--api-base", api_base),
        "verify-concurrency": ("--verify-concurrency", verify_concurrency),
        "verify-timeout": ("--verify-timeout", verify_timeout),
        "verify-time-limit": ("--verify-time-limit", verify_time_limit),
        "fail-on-active": ("--fail-on-active", fail_on_active),
    }
    cli = {
        key: BY_KEY[key].convert(value, option, cwd, name=option.removeprefix("--"))
        for key, (option, value) in given.items()
        if value is not None
    }
    settings = effective(file, cli)
    default_baseline = (root or cwd) / DEFAULT_BASELINE
    if settings.values["baseline"] is None and default_baseline.is_file():
        settings.values["baseline"] = default_baseline
        settings.sources["baseline"] = "found at the repository root"
    return settings


def absent_baseline(settings: Effective) -> Path | None:
    """The baseline the configuration file names when it does not exist yet, else None.

    Like the default ``.vpkscan-baseline.json``, a configured baseline means "use it if
    present": a new clone, or a project that has accepted nothing yet, scans without
    one. Only ``--baseline PATH`` on the command line insists that the file exists.
    """
    path: Path | None = settings.values["baseline"]
    if path is None or settings.sources["baseline"].startswith("command line"):
        return None
    return None if os.path.lexists(path) else path


def scan_config(settings: Effective) -> Config:
    """The ``Config`` a scan runs with: a configured baseline that is absent is left out."""
    config = to_config(settings)
    if absent_baseline(settings) is not None:
        config = dataclasses.replace(config, baseline=None)
    return config


def load_config(*, cwd: Path, root: Path | None, **options: Any) -> Config:
    """``Config`` for ``cwd`` from the configuration file and command-line ``options``."""
    return scan_config(settings_from(cwd=cwd, root=root, **options))

"""Reading and validating the configuration file (``discover`` finds it).

Every error names the file, the key, what was expected and, for a misspelt key, the
closest known one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vpkscan.config.discovery import discover
from vpkscan.config.kinds import ConfigError
from vpkscan.config.settings import BY_KEY

__all__ = ["ConfigFile", "discover", "load"]


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """A validated configuration file: its typed values, by setting key."""

    path: Path | None
    values: dict[str, Any]

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path else None


def load(path: Path | None) -> ConfigFile:
    """Read and validate ``path`` (None: an empty configuration)."""
    if path is None:
        return ConfigFile(None, {})
    import tomllib

    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: configuration file not found") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: configuration is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: values nested too deeply") from None
    table: Any = document
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("vpkscan", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.vpkscan] must be a table")
    return ConfigFile(path, {key: _validate(path, key, value) for key, value in table.items()})


def _validate(path: Path, key: str, value: Any) -> Any:
    setting = BY_KEY.get(key)
    if setting is None:
        import difflib

        close = difflib.get_close_matches(key, list(BY_KEY), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(BY_KEY)}"
        raise ConfigError(f"{path}: unknown key {key!r}", hint)
    return setting.convert(value, str(path), path.parent)

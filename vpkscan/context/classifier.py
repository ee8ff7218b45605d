"""Deciding the primary rule of an occurrence from its path and its surroundings.

The classifier is built once per scan from the project's file list and is asked only
about files that hold a key, so its cost does not depend on the size of the tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from vpkscan.context.signals import ENV_FILE_NAMES, ENV_FILE_PREFIX, ENV_FILE_SUFFIX
from vpkscan.model import Candidate, RuleId
from vpkscan.paths import display_path


@dataclass(frozen=True, slots=True)
class Classification:
    """The primary rule for one occurrence, with the evidence a reviewer can check.

    ``environment`` is the deployment environment inferred for the file (production,
    development, …) or None when nothing says.
    """

    rule: RuleId
    evidence: tuple[str, ...]
    environment: str | None = None


def basename(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def is_env_file(path: str) -> bool:
    name = basename(path)
    return (
        name in ENV_FILE_NAMES
        or name.startswith(ENV_FILE_PREFIX)
        or (name.endswith(ENV_FILE_SUFFIX) and len(name) > len(ENV_FILE_SUFFIX))
    )


class Classifier:
    """Classifies occurrences within one project (one scan)."""

    def __init__(self, all_paths: tuple[str, ...]) -> None:
        self._paths = all_paths

    def classify(self, path: str, candidate: Candidate) -> Classification:
        del candidate  # the line around the key matters to the context rules
        if is_env_file(path):
            return Classification(RuleId.VPK004, (f"`{display_path(path)}` is a dotenv file",))
        return Classification(RuleId.VPK005, (f"`{display_path(path)}` holds it in plain text",))

"""Deciding the primary rule of an occurrence from its path and its surroundings.

The first of VPK001–VPK005 that fits wins (SPEC §3). The classifier is built once per
scan from the project's file list and is asked only about occurrences, so its cost does
not depend on the size of the tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from vpkscan.config.schema import ContextSettings
from vpkscan.context.classifier_types import Evidence
from vpkscan.context.client import classify_client, server_reason
from vpkscan.context.environment import infer_environment
from vpkscan.context.image import FIX as IMAGE_FIX
from vpkscan.context.image import image_evidence, in_configuration
from vpkscan.context.mobile import classify_mobile
from vpkscan.context.paths import basename, extension
from vpkscan.context.project import Project, ReadFile
from vpkscan.context.public_env import classify_public_env
from vpkscan.context.scope import DOC_EXTENSIONS
from vpkscan.context.signals import ENV_FILE_NAMES, ENV_FILE_PREFIX, ENV_FILE_SUFFIX
from vpkscan.model import Candidate, Environment, RuleId
from vpkscan.paths import display_path
from vpkscan.rules import advice

if TYPE_CHECKING:
    import pathspec


@dataclass(frozen=True, slots=True)
class Classification:
    """The primary rule for one occurrence, with the evidence a reviewer can check.

    ``environment`` is the deployment environment inferred for the file (production,
    development, test, staging, ci) or None when nothing says.
    """

    rule: RuleId
    evidence: Evidence
    environment: Environment | None = None
    #: What to do now where the context asks for other advice than the rule's own.
    fix: str | None = None


class _Primary(NamedTuple):
    rule: RuleId
    evidence: Evidence
    fix: str | None = None


def is_env_file(path: str) -> bool:
    name = basename(path)
    return (
        name in ENV_FILE_NAMES
        or name.startswith(ENV_FILE_PREFIX)
        or (name.endswith(ENV_FILE_SUFFIX) and len(name) > len(ENV_FILE_SUFFIX))
    )


def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec | None:
    if not patterns:
        return None
    import pathspec  # only for a configuration that names paths

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _no_read(path: str, limit: int) -> bytes | None:
    del path, limit
    return None


class Classifier:
    """Classifies occurrences within one project (one scan)."""

    def __init__(
        self,
        all_paths: tuple[str, ...],
        read: ReadFile = _no_read,
        settings: ContextSettings | None = None,
    ) -> None:
        self._settings = settings or ContextSettings()
        self._project = Project(all_paths, read)
        self._client = _spec(self._settings.client_patterns)
        self._mobile = _spec(self._settings.mobile_patterns)
        self._server = _spec(self._settings.server_patterns)
        self._env_files = _spec(self._settings.env_file_patterns)

    def _configured(self, path: str) -> tuple[RuleId, Evidence] | None:
        for spec, rule, what in (
            (self._mobile, RuleId.VPK002, "mobile app code"),
            (self._client, RuleId.VPK003, "client-side code"),
        ):
            if spec is not None and spec.match_file(path):
                return rule, (f"your configuration marks `{display_path(path)}` as {what}",)
        return None

    def _env_file(self, path: str) -> bool:
        return is_env_file(path) or bool(self._env_files and self._env_files.match_file(path))

    def _primary(self, path: str, candidate: Candidate, test_code: bool) -> _Primary:
        project = self._project
        env_file = self._env_file(path)
        public = classify_public_env(
            path, candidate, project, env_file, self._settings.public_prefixes
        )
        if public is not None:
            if public.entry:
                return _Primary(RuleId.VPK001, public.evidence, advice.public_entry(path))
            if public.mobile:
                return _Primary(RuleId.VPK001, public.evidence, advice.PUBLIC_MOBILE)
            return _Primary(RuleId.VPK001, public.evidence)
        configured_server = self._server is not None and self._server.match_file(path)
        # Tests and fixtures do not ship in an app or a bundle.
        if not configured_server and not test_code:
            configured = self._configured(path)
            if configured is not None:
                return _Primary(*configured)
            mobile = classify_mobile(path, project)
            if mobile is not None:
                return _Primary(RuleId.VPK002, mobile)
            client = classify_client(path, project)
            if client is not None:
                return _Primary(RuleId.VPK003, client)
        if env_file:
            return _Primary(RuleId.VPK004, (f"`{display_path(path)}` is a dotenv file",))
        if configured_server:
            return _Primary(RuleId.VPK005, ("your configuration marks it as server code",))
        reason = server_reason(path, project)
        if reason is not None:
            return _Primary(RuleId.VPK005, (reason,))
        where = "standard input" if path == "-" else f"`{display_path(path)}`"
        return _Primary(RuleId.VPK005, (f"{where} holds it in plain text",))

    def classify(self, path: str, candidate: Candidate) -> Classification:
        environment = infer_environment(
            path, candidate.before, self._project, self._settings.environments
        )
        where = environment[0] if environment is not None else None
        rule, evidence, fix = self._primary(path, candidate, where is Environment.TEST)
        if candidate.image is not None:
            if in_configuration(candidate.image) and rule is not RuleId.VPK001:
                rule, evidence, fix = RuleId.VPK005, (), None
            evidence = (*evidence, *image_evidence(candidate.image))
            if rule in {RuleId.VPK004, RuleId.VPK005}:
                fix = IMAGE_FIX
        if fix is None and rule is RuleId.VPK005:
            fix = _plain_text_fix(path, where)
        return Classification(rule, evidence, where, fix)


def _plain_text_fix(path: str, environment: Environment | None) -> str | None:
    """VPK005's advice for CI files, documentation and tests (None: the rule's own)."""
    if environment is Environment.CI:
        return advice.CI
    if environment is Environment.TEST:
        return advice.TESTS
    if extension(path) in DOC_EXTENSIONS or "docs" in path.split("/")[:-1]:
        return advice.DOCS
    return None

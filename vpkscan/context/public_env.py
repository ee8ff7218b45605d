"""VPK001: a key in a variable that a frontend build tool exposes to the browser."""

from __future__ import annotations

from vpkscan.context.classifier_types import Evidence
from vpkscan.context.paths import basename, extension, stem
from vpkscan.context.project import Project
from vpkscan.context.signals import PUBLIC_ENV_PREFIXES
from vpkscan.context.variables import assigned_name, inside_block, reads_env
from vpkscan.model import Candidate

#: Files whose assignments are environment variables (not program variables).
_ENV_SETTING_EXTENSIONS = frozenset(
    {
        ".env",
        ".yml",
        ".yaml",
        ".json",
        ".toml",
        ".sh",
        ".bash",
        ".zsh",
        ".fish",
        ".ini",
        ".cfg",
        ".conf",
        ".properties",
        ".tf",
        ".tfvars",
        ".hcl",
        ".envrc",
        ".ps1",
        ".cmd",
        ".bat",
        ".mk",
        ".service",
        ".nomad",
    }
)
_ENV_SETTING_NAMES = ("Dockerfile", "Containerfile", "Makefile", "Procfile", "Jenkinsfile")


def _sets_environment(path: str, is_env_file: bool) -> bool:
    name = basename(path)
    return (
        is_env_file
        or extension(path) in _ENV_SETTING_EXTENSIONS
        or name.startswith(_ENV_SETTING_NAMES)
        or name.endswith(".dockerfile")
    )


def public_prefix(name: str, extra: tuple[str, ...]) -> tuple[str, str] | None:
    """The public prefix ``name`` starts with and the tool that exposes it."""
    for prefix in extra:
        if name.startswith(prefix):
            return prefix, "your configuration"
    for prefix, tool in PUBLIC_ENV_PREFIXES.items():
        if name.startswith(prefix):
            return prefix, tool
    return None


def classify_public_env(
    path: str, candidate: Candidate, project: Project, is_env_file: bool, extra: tuple[str, ...]
) -> Evidence | None:
    """Evidence that the key sits in a browser-exposed variable, or None."""
    name = assigned_name(candidate.before)
    if name is not None:
        found = public_prefix(name, extra)
        if found and (_sets_environment(path, is_env_file) or reads_env(candidate.before, name)):
            prefix, tool = found
            return (
                f"`{name}` has the prefix {prefix}, which {tool} inlines into the browser bundle",
            )
    file_stem = stem(path)
    if file_stem.startswith("next.config") and inside_block(candidate.before, "env"):
        return ("the `env` block of next.config is inlined into the browser bundle",)
    if file_stem.startswith("vite.config") and inside_block(candidate.before, "define"):
        return ("entries of `define` in vite.config are inlined into the browser bundle",)
    if file_stem.startswith("nuxt.config") and inside_block(candidate.before, "public"):
        return ("`runtimeConfig.public` in nuxt.config is sent to the browser with every page",)
    parts = path.split("/")
    if (
        len(parts) >= 2
        and parts[-2] == "environments"
        and basename(path).startswith("environment")
        and extension(path) == ".ts"
        and project.nearest(path, "angular.json") is not None
    ):
        return ("Angular bundles `src/environments/environment*.ts` into the browser build",)
    return None

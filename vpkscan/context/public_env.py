"""VPK001: a key in a variable that a frontend build tool exposes to the browser."""

from __future__ import annotations

from dataclasses import dataclass

from vpkscan.context.classifier_types import Evidence
from vpkscan.context.paths import basename, extension, stem
from vpkscan.context.project import Project
from vpkscan.context.signals import MOBILE_PUBLIC_TOOLS, PUBLIC_ENV_PREFIXES
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


@dataclass(frozen=True, slots=True)
class PublicEnv:
    """A key in a value a build tool inlines: a prefixed variable, or an entry of a
    framework's config that is inlined whatever it is called (``entry``)."""

    evidence: Evidence
    entry: bool
    mobile: bool = False


def _framework_entry(path: str, candidate: Candidate, project: Project) -> str | None:
    """Why the key is in a framework config entry that reaches the browser, or None."""
    file_stem = stem(path)
    parts = path.split("/")
    if file_stem.startswith("next.config") and inside_block(candidate.before, "env"):
        return "the `env` block of next.config is inlined into the browser bundle"
    if file_stem.startswith("vite.config") and inside_block(candidate.before, "define"):
        return "entries of `define` in vite.config are inlined into the browser bundle"
    if file_stem.startswith("nuxt.config") and inside_block(candidate.before, "public"):
        return "`runtimeConfig.public` in nuxt.config is sent to the browser with every page"
    if ".storybook" in parts[:-1] and file_stem == "main" and inside_block(candidate.before, "env"):
        return "Storybook exposes the `env` of `.storybook/main` to the stories in the browser"
    if (
        len(parts) >= 2
        and parts[-2] == "environments"
        and basename(path).startswith("environment")
        and extension(path) == ".ts"
        and project.nearest(path, "angular.json") is not None
    ):
        return "Angular bundles `src/environments/environment*.ts` into the browser build"
    return None


def classify_public_env(
    path: str, candidate: Candidate, project: Project, is_env_file: bool, extra: tuple[str, ...]
) -> PublicEnv | None:
    """Evidence that the key sits in a browser- or app-exposed variable, or None."""
    name = assigned_name(candidate.before)
    if name is not None:
        found = public_prefix(name, extra)
        if found and (_sets_environment(path, is_env_file) or reads_env(candidate.before, name)):
            prefix, tool = found
            mobile = tool in MOBILE_PUBLIC_TOOLS
            bundle = "the app bundle" if mobile else "the browser bundle"
            return PublicEnv(
                (f"`{name}` has the prefix {prefix}, which {tool} inlines into {bundle}",),
                entry=False,
                mobile=mobile,
            )
    entry = _framework_entry(path, candidate, project)
    return PublicEnv((entry,), entry=True) if entry is not None else None

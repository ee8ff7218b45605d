"""What a mobile project holds besides its app: CI, docs, editor and tooling files.

An Expo package, an Xcode project or a Flutter project is a folder holding the app and
everything its developers use around it. Only the app's sources, resources and assets
ship to devices; the rest is classified as in any other repository.
"""

from __future__ import annotations

from vpkscan.context.paths import basename, extension, segments
from vpkscan.context.signals import CI_DIRS

#: Folders of developer tooling around an app: never compiled or bundled into it.
TOOLING_DIRS = frozenset(
    {
        "docs",
        "doc",
        "documentation",
        "scripts",
        "script",
        "tools",
        "tool",
        "tooling",
        "fastlane",
        "maestro",
        "detox",
        "e2e",
        "ci",
        "bin",
        "benchmark",
        "benchmarks",
        "test_driver",
    }
)
#: Extensions of prose: documentation, never part of an app.
DOC_EXTENSIONS = frozenset({".md", ".mdx", ".markdown", ".rst", ".adoc"})
#: Folders whose files an app bundles whatever they are (a Markdown asset ships).
ASSET_DIRS = frozenset({"assets", "res", "raw", "Resources", "resources"})
#: Stems of root-level files that configure developer tools (``lint-staged.config.js``).
TOOL_CONFIG_MARKERS = (
    ".config.",
    "rc.",
    "lint-staged",
    "commitlint",
    "prettier",
    "eslint",
    "jest.",
    "vitest.",
    "babel.",
    "metro.",
    "webpack.",
    "tsconfig",
    "renovate",
    "dependabot",
)
#: Files of developer tooling, by exact name.
TOOL_FILES = frozenset(
    {
        "Gemfile",
        "Gemfile.lock",
        "Fastfile",
        "Appfile",
        "Matchfile",
        "Pluginfile",
        "Podfile",
        "Podfile.lock",
        "Dangerfile",
        "Makefile",
        "Brewfile",
        "Cartfile",
        "Mintfile",
        "package.json",
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "LICENSE",
        "CODEOWNERS",
        "Dockerfile",
        "docker-compose.yml",
        "compose.yml",
        "project.yml",
        "Project.swift",
    }
)


def tooling_reason(path: str, app_root: str = "") -> str | None:
    """Why ``path`` (inside the app project at ``app_root``) is not part of the app, or None.

    Dot-folders (``.github/``, ``.vscode/``, ``.husky/``, ``.maestro/``), tooling folders
    (``docs/``, ``scripts/``, ``fastlane/``, ``tool/``), prose and the configuration files
    of developer tools never ship, wherever they sit in the project.
    """
    inner = path[len(app_root) + 1 :] if app_root and path.startswith(app_root + "/") else path
    folders = segments(inner)
    name = basename(path)
    for folder in folders:
        if folder in CI_DIRS:
            return f"`{folder}/` holds CI configuration, not app code"
        if folder.startswith(".") and folder not in {".", ".."}:
            return f"`{folder}/` holds developer tooling, not app code"
        if folder.lower() in TOOLING_DIRS:
            return f"`{folder}/` holds developer tooling, not app code"
    if not ASSET_DIRS & set(folders) and (
        extension(name) in DOC_EXTENSIONS or name.upper().startswith(("README", "CHANGELOG"))
    ):
        return f"`{name}` is documentation"
    if name in TOOL_FILES:
        return f"`{name}` configures developer tools"
    if name.startswith(".") and not name.startswith(".env"):
        return f"`{name}` configures developer tools"
    if not folders and any(marker in name for marker in TOOL_CONFIG_MARKERS):
        return f"`{name}` configures developer tools"
    return None

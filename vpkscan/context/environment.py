"""Which deployment environment an occurrence configures, read from the build systems.

In order: the configuration's own overrides; test code and fixtures; CI files; the build
configuration block around the key (Gradle build types and flavours, EAS build profiles,
Xcode build configurations); Android source sets (``src/debug/``, ``src/prodRelease/``);
a compose file that an override file extends; the name of a configuration file
(``.env.production``, ``Release.xcconfig``, ``values-staging.yaml``); its folders
(``overlays/dev/…``). ``.env`` or ``src/app.py`` say nothing (None).
"""

from __future__ import annotations

from vpkscan.context.blocks import open_blocks
from vpkscan.context.paths import basename, extension
from vpkscan.context.project import Project
from vpkscan.context.signals import (
    CI_DIRS,
    CI_FILES,
    ENV_FILE_NAMES,
    ENV_FILE_PREFIX,
    ENV_FILE_SUFFIX,
    ENVIRONMENT_WORDS,
    TEST_DIRS,
)
from vpkscan.lazy_regex import LazyPattern
from vpkscan.model import Environment

_TOKENS = LazyPattern(r"[.\-_\s]+")
_CAMEL = LazyPattern(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_TEST_FILE = LazyPattern(
    r"(?:^test_.*\.py|.*_test\.(?:py|go|rb|exs?|dart)|.*\.(?:test|spec)\.[cm]?[jt]sx?"
    r"|.*Tests?\.(?:java|kt|swift|cs|m)|.*_spec\.rb"
    r"|(?:jest|vitest)\.setup(?:\.[\w-]+)?\.[cm]?[jt]sx?"
    r"|(?:setupTests|test[-_]setup|setup[-_]tests|setup[-_]jest)\.[cm]?[jt]sx?"
    r"|(?:jest|vitest|playwright|cypress|karma)\.(?:config|conf)(?:\.[\w-]+)?\.[cm]?[jt]s"
    r"|phpunit\.xml(?:\.dist)?|pytest\.ini|\.?testcaferc\.json|detox\.config\.js)$"
)
#: Entry points per flavour (Flutter's ``main_development.dart``).
_ENTRY_POINT = LazyPattern(r"^main[_-](\w+)\.(?:dart|kt|swift|[cm]?[jt]sx?)$")
_ANGULAR_DEFAULT = LazyPattern(r"^environment\.([cm]?[jt]s)$")
#: Folders below the root that hold CI scripts (Xcode Cloud's ``ci_scripts/``).
_CI_ANYWHERE = frozenset({"ci_scripts"})
#: Android Gradle output folders whose subfolders name the variant (``apk/demo/debug/``).
_ANDROID_OUTPUTS = frozenset({"apk", "bundle", "aar", "apk_from_bundle", "mapping"})
#: Words that name an environment in a file name (``.env.local``, ``Release.xcconfig``)
#: but not as a folder, where they are too common in source trees (``components/preview/``,
#: ``app/release/``).
_NAME_ONLY_WORDS = frozenset({"local", "override", "preview", "stage", "debug", "release"})
#: Build types: the flavour of a variant (``prodDebug``) says more than its build type.
_BUILD_TYPES = frozenset({"debug", "release"})
#: Extensions of configuration files, where a name such as ``keys_debug.xml`` or
#: ``values-staging.yaml`` says which environment the file configures.
_CONFIG_EXTENSIONS = frozenset(
    {
        ".env",
        ".yml",
        ".yaml",
        ".json",
        ".json5",
        ".toml",
        ".ini",
        ".cfg",
        ".conf",
        ".cnf",
        ".properties",
        ".xcconfig",
        ".plist",
        ".tfvars",
        ".tf",
        ".hcl",
        ".xml",
        ".config",
        ".envrc",
        ".props",
        ".gradle",
        ".kts",
    }
)
#: Words in a code file's name that make it configuration (``environment.prod.ts``,
#: ``settings_dev.py``, ``config.staging.js``).
_CONFIG_WORDS = frozenset(
    {"config", "conf", "configuration", "settings", "environment", "environments", "env"}
    | {"secrets", "credentials", "keys"}
)
#: Files whose blocks are build configurations (Gradle, EAS, Xcode).
_BLOCK_FILES = ("build.gradle", "build.gradle.kts", "eas.json", "project.pbxproj")
#: Folders right under an Android source set: ``src/<set>/res/…`` is built into that set.
_SOURCE_SET_CONTENT = frozenset(
    {"res", "java", "kotlin", "assets", "resources", "jniLibs", "cpp", "aidl"}
    | {"AndroidManifest.xml"}
)
_COMPOSE_BASES = ("compose.yml", "compose.yaml", "docker-compose.yml", "docker-compose.yaml")

Inferred = tuple[Environment, str]


def tokens(name: str, camel: bool = False) -> list[str]:
    """The words of a name; with ``camel``, ``prodRelease`` is two words."""
    if not camel:
        return [token.lower() for token in _TOKENS().split(name) if token]
    words: list[str] = []
    for token in _TOKENS().split(name):
        words.extend(word.lower() for word in _CAMEL().findall(token))
    return words


def _from_words(words: list[str]) -> Environment | None:
    for word in words:
        environment = ENVIRONMENT_WORDS.get(word)
        if environment is not None:
            return environment
    return None


def _variant(words: list[str]) -> Environment | None:
    """A build variant's environment: its flavour's word first, then its build type."""
    return _from_words([w for w in words if w not in _BUILD_TYPES]) or _from_words(words)


def is_configuration(name: str) -> bool:
    """Whether a file called ``name`` configures something (rather than being code or
    content), so that the words of its name may name an environment."""
    ext = extension(name)
    if (
        ext in _CONFIG_EXTENSIONS
        or name in ENV_FILE_NAMES
        or name.startswith(ENV_FILE_PREFIX)
        or name.endswith(ENV_FILE_SUFFIX)
        or name.startswith(("Dockerfile", "Containerfile"))
        or name.endswith(".dockerfile")
    ):
        return True
    return bool(_CONFIG_WORDS & set(tokens(name)))


def _test(dirs: list[str], name: str) -> Inferred | None:
    for directory in dirs:
        if directory.lower() in TEST_DIRS:
            return Environment.TEST, f"`{directory}/` holds tests or fixtures"
        if directory.endswith("Tests") and directory[:1].isupper():
            return Environment.TEST, f"`{directory}/` is a test target"
    if _TEST_FILE().match(name):
        return Environment.TEST, f"`{name}` is a test file"
    return None


def _block(name: str, before: bytes) -> Inferred | None:
    if name not in _BLOCK_FILES:
        return None
    blocks = open_blocks(before)
    if name == "eas.json" and ("submit" in blocks or "cli" in blocks):
        return None  # only ``build`` profiles configure what an environment runs
    for label in blocks:
        environment = _variant(tokens(label, camel=True))
        if environment is not None:
            what = "build profile" if name == "eas.json" else "build configuration"
            return environment, f"the {what} `{label}` in `{name}` is {environment.value}"
    return None


def _source_set(dirs: list[str], name: str) -> Inferred | None:
    """``app/src/debug/res/…``: an Android source set named after a build variant."""
    for at in range(len(dirs) - 1):
        if dirs[at] == "src":
            inside = dirs[at + 2 : at + 3] or [name]
            if inside[0] in _SOURCE_SET_CONTENT:
                environment = _variant(tokens(dirs[at + 1], camel=True))
                if environment is not None:
                    return environment, (
                        f"the source set `{dirs[at + 1]}` builds the {environment.value} variant"
                    )
    return None


def _android_output(dirs: list[str]) -> Inferred | None:
    """``app/build/outputs/apk/demoDebug/…``: a built package of one build variant."""
    for at in range(len(dirs) - 2):
        if dirs[at] == "outputs" and dirs[at + 1] in _ANDROID_OUTPUTS:
            words = [w for d in dirs[at + 2 :] for w in tokens(d, camel=True)]
            environment = _variant(words)
            if environment is not None:
                variant = "/".join(dirs[at + 2 :])
                return environment, f"`{variant}/` is the output of a {environment.value} build"
    return None


def _entry_point(name: str) -> Inferred | None:
    """``lib/main_staging.dart``, ``main-production.ts``: the entry point of one flavour."""
    match = _ENTRY_POINT().match(name)
    if match is None:
        return None
    environment = _from_words(tokens(match.group(1), camel=True))
    if environment is None:
        return None
    return environment, f"`{name}` is the entry point of the {environment.value} flavour"


def _scheme(name: str) -> Inferred | None:
    """An Xcode scheme's launch environment applies when the app runs from Xcode."""
    if not name.endswith(".xcscheme"):
        return None
    return Environment.DEVELOPMENT, (
        f"the Xcode scheme `{name}` sets what the app gets when it runs from Xcode"
    )


def _angular_default(path: str, name: str, project: Project | None) -> Inferred | None:
    """``src/environments/environment.ts``: Angular's default environment file, which a
    build configuration replaces (``fileReplacements``) with a sibling per environment."""
    match = _ANGULAR_DEFAULT().match(name)
    if project is None or match is None or not path.endswith("environments/" + name):
        return None
    folder = path[: len(path) - len(name)]
    ext = match.group(1)
    for words, environment in (
        (("prod", "production"), Environment.DEVELOPMENT),
        (("development", "dev"), Environment.PRODUCTION),
    ):
        for word in words:
            sibling = f"environment.{word}.{ext}"
            if project.has(folder + sibling):
                return environment, (
                    f"`{name}` is Angular's default environment, replaced by `{sibling}` in "
                    f"{'production' if environment is Environment.DEVELOPMENT else 'development'}"
                    " builds"
                )
    return None


def _compose_base(path: str, name: str, project: Project | None) -> Inferred | None:
    if project is None or name not in _COMPOSE_BASES:
        return None
    folder = path[: len(path) - len(name)]
    stem = name.rsplit(".", 1)[0]
    for ext in ("yml", "yaml"):
        override = f"{folder}{stem}.override.{ext}"
        if project.has(override):
            return Environment.PRODUCTION, (
                f"`{name}` is the base that production deploys run; "
                f"`{basename(override)}` adds the development settings"
            )
    return None


def infer_environment(
    path: str,
    before: bytes = b"",
    project: Project | None = None,
    overrides: tuple[tuple[str, Environment], ...] = (),
) -> Inferred | None:
    """The environment a key at the end of ``before`` in ``path`` configures, and why.

    ``overrides`` are (path prefix, environment) pairs from the configuration; they win.
    """
    for prefix, environment in overrides:
        if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
            return environment, f"configured as {environment.value} for `{prefix}`"
    *dirs, name = path.split("/")
    name = basename(name)
    found = _test(dirs, name)
    if found is not None:
        return found
    if name in CI_FILES or (dirs and dirs[0] in CI_DIRS) or _CI_ANYWHERE & set(dirs):
        return Environment.CI, f"`{path}` is CI configuration"
    found = (
        _block(name, before)
        or _source_set(dirs, name)
        or _android_output(dirs)
        or _scheme(name)
        or _entry_point(name)
        or _compose_base(path, name, project)
        or _angular_default(path, name, project)
    )
    if found is not None:
        return found
    if is_configuration(name):
        named = _from_words(tokens(name))
        if named is not None:
            return named, f"the name `{name}` says {named.value}"
    for directory in reversed(dirs):
        words = tokens(directory, camel=True)
        folder = _from_words([t for t in words if t not in _NAME_ONLY_WORDS])
        if folder is not None:
            return folder, f"the folder `{directory}/` says {folder.value}"
    return None

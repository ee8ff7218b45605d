"""Which deployment environment a file configures, from its name and folders.

``.env.production`` is production, ``overlays/dev/…`` development, ``tests/…`` test,
``.github/workflows/…`` CI; ``.env`` or ``src/app.py`` say nothing (None).
"""

from __future__ import annotations

import regex

from vpkscan.context.signals import CI_DIRS, CI_FILES, ENVIRONMENT_WORDS, TEST_DIRS
from vpkscan.model import Environment

_TOKENS = regex.compile(r"[.\-_]+")
_TEST_FILE = regex.compile(
    r"(?:^test_.*\.py|.*_test\.(?:py|go|rb|exs?)|.*\.(?:test|spec)\.[cm]?[jt]sx?|.*Tests?\.(?:java|kt|swift|cs)|.*_spec\.rb)$"
)


#: Words that name an environment in a file name (``.env.local``) but not as a folder,
#: where they are too common in source trees (``components/preview/``).
_NAME_ONLY_WORDS = frozenset({"local", "override", "preview", "stage"})


def tokens(name: str) -> list[str]:
    return [token.lower() for token in _TOKENS.split(name) if token]


def _from_words(words: list[str]) -> Environment | None:
    for word in words:
        environment = ENVIRONMENT_WORDS.get(word)
        if environment is not None:
            return environment
    return None


def infer_environment(
    path: str, overrides: tuple[tuple[str, Environment], ...] = ()
) -> tuple[Environment, str] | None:
    """The environment ``path`` configures and why, or None when nothing says.

    ``overrides`` are (path prefix, environment) pairs from the configuration; they win.
    """
    for prefix, environment in overrides:
        if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
            return environment, f"configured as {environment.value} for `{prefix}`"
    *dirs, name = path.split("/")
    for directory in dirs:
        if directory.lower() in TEST_DIRS:
            return Environment.TEST, f"`{directory}/` holds tests or fixtures"
    if _TEST_FILE.match(name):
        return Environment.TEST, f"`{name}` is a test file"
    if name in CI_FILES or (dirs and dirs[0] in CI_DIRS):
        return Environment.CI, f"`{path}` is CI configuration"
    named = _from_words(tokens(name))
    if named is not None:
        return named, f"the name `{name}` says {named.value}"
    for directory in reversed(dirs):
        folder = _from_words([t for t in tokens(directory) if t not in _NAME_ONLY_WORDS])
        if folder is not None:
            return folder, f"the folder `{directory}/` says {folder.value}"
    return None

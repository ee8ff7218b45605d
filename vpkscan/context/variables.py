"""The variable a key is assigned to, read from the text before it on its line.

Covers the shapes that put a key into a named setting: ``NAME=key`` (dotenv, shell,
Dockerfile ``ARG``/``ENV``, ``--build-arg``), ``NAME: key`` (YAML, JSON), ``NAME = "key"``
(TOML, code), ``ENV NAME key``, ``process.env.NAME || "key"`` and Vite ``define`` entries
wrapped in ``JSON.stringify(…)``.
"""

from __future__ import annotations

from vpkscan.lazy_regex import LazyPattern

#: The name starts where no letter or underscore comes before it: a match starting inside
#: a name would start one character earlier too, and trying those starts makes a long
#: line of names quadratic.
_ASSIGNED = LazyPattern(
    r"""(?<![A-Za-z_])(?P<name>[A-Za-z_][A-Za-z0-9_]*)["'`\])]?\s*"""
    r"""(?:=|:=|:|=>|,|\|\||\?\?)\s*"""
    r"""(?:JSON\.stringify\(\s*|String\(\s*)?(?:\\?["'`])?\s*$"""
)
_DOCKER_ENV = LazyPattern(r"^\s*ENV\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+[\"']?$")
_ENV_READ = LazyPattern(r"(?:process\.env|import\.meta\.env|\$env/static/public)\.?$")
#: Long lines are cut to this many characters before matching (a name sits close by).
_WINDOW = 200


def line_prefix(before: bytes) -> str:
    """The text on the key's line before the key."""
    return before.rsplit(b"\n", 1)[-1][-_WINDOW:].decode("utf-8", "replace")


def assigned_name(before: bytes) -> str | None:
    """The name the key is assigned to on its line, or None."""
    prefix = line_prefix(before)
    match = _ASSIGNED().search(prefix, timeout=0.05) or _DOCKER_ENV().search(prefix, timeout=0.05)
    return match.group("name") if match else None


def reads_env(before: bytes, name: str) -> bool:
    """Whether the line refers to ``name`` as an environment variable in code."""
    prefix = line_prefix(before)
    at = prefix.rfind(name)
    return at > 0 and _ENV_READ().search(prefix[:at], timeout=0.05) is not None


def inside_block(before: bytes, opener: str) -> bool:
    """Whether the text before the key opens ``opener: {`` (e.g. ``env``) without closing it.

    Used for ``next.config.*`` ``env`` and ``vite.config.*`` ``define``, whose entries
    are inlined into the client bundle whatever the variable is called.
    """
    import regex

    text = before.decode("utf-8", "replace")
    # ``env: {``, ``env: (config) => ({``, ``env: function (config) {``, ``env(config) {``
    shapes = r"(?::\s*(?:\([^)]*\)\s*=>\s*\(?\s*|function\s*\([^)]*\)\s*)?|\([^)]*\)\s*)"
    openings = list(regex.finditer(rf"\b{opener}\s*{shapes}\{{", text, timeout=0.05))
    if not openings:
        return False
    # Track depth: a block that closed before the key (``env: {…}, other: {``) is not open.
    depth = 1
    for char in text[openings[-1].end() :]:
        depth += (char == "{") - (char == "}")
        if depth == 0:
            return False
    return True

"""The named blocks that enclose a key, read from the text before it.

Build systems declare environments as nested blocks: Gradle's
``buildTypes { release { buildConfigField(…) } }`` or ``create("staging") { … }``,
``eas.json``'s ``"build": {"production": {"env": {…}}}``, an Xcode project's
``/* Debug */ = { buildSettings = { … } }``. The text before a key (a few hundred bytes)
holds the blocks still open at the key; their names, innermost first, say which build
configuration the key belongs to.
"""

from __future__ import annotations

from vpkscan.lazy_regex import VERBOSE, LazyPattern

#: What names a block, read from the text just before its ``{``.
_LABEL = LazyPattern(
    r"""(?:
        (?:getByName|create|register|named|maybeCreate)\(\s*["'](?P<call>[^"'\n]{1,80})["']\s*\)
      | ["'](?P<quoted>[^"'\n]{1,80})["']\s*:
      | /\*\s*(?P<comment>[^*\n]{1,80}?)\s*\*/\s*=
      | (?P<word>[A-Za-z_][\w-]{0,80})\s*=?
    )\s*$""",
    VERBOSE,
)
#: Characters of text before a ``{`` that can hold its label.
_LABEL_WINDOW = 100


def open_blocks(before: bytes) -> list[str]:
    """Names of the blocks open at the end of ``before``, innermost first.

    Blocks whose opening lies before the start of ``before`` are unknown; a block without
    a readable name is listed as ``""``.
    """
    text = before.decode("utf-8", "replace")
    stack: list[str] = []
    for at, char in enumerate(text):
        if char == "{":
            match = _LABEL().search(text[max(0, at - _LABEL_WINDOW) : at], timeout=0.05)
            label = ""
            if match is not None:
                label = next(value for value in match.groups() if value is not None)
            stack.append(label)
        elif char == "}" and stack:
            stack.pop()
    return stack[::-1]

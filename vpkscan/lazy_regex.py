"""Regular expressions of the ``regex`` module, compiled on first use.

The classifier, the allow comments and the decoders hold a few dozen patterns, most of
which a scan never needs: a pre-commit hook classifies one or two occurrences. Compiling
them all at import cost more than the rest of such a scan, and ``regex`` itself loads
only when the first pattern is needed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, AnyStr, Generic

if TYPE_CHECKING:
    import regex

# The flags of ``regex`` have the values of ``re``'s (a test checks it), so patterns can
# name them without importing ``regex``.
IGNORECASE = int(re.IGNORECASE)
MULTILINE = int(re.MULTILINE)
DOTALL = int(re.DOTALL)
VERBOSE = int(re.VERBOSE)


class LazyPattern(Generic[AnyStr]):
    """A ``regex`` pattern: calling it returns the compiled pattern (compiled once)."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: AnyStr, flags: int = 0) -> None:
        self._source: AnyStr = source
        self._flags = flags
        self._compiled: regex.Pattern[AnyStr] | None = None

    def __call__(self) -> regex.Pattern[AnyStr]:
        compiled = self._compiled
        if compiled is None:
            import regex

            compiled = self._compiled = regex.compile(self._source, self._flags)
        return compiled

"""Named predicates that recognise placeholder key bodies (never findings).

Each predicate takes the 32-character body and says whether it looks like something a
person typed into documentation rather than a random identifier.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable

#: The identifier of the vendor's documented example key.
DOCUMENTED_EXAMPLE = "aBcDeFgHiJkLmNoPqRsTuVwXyZ123456"

PLACEHOLDER_WORDS = (
    "example",
    "your",
    "dummy",
    "fake",
    "redacted",
    "changeme",
    "placeholder",
    "sample",
    "replace",
    "insert",
    "secret",
    "apikey",
    "key",
    "here",
    "test",
    "live",
    "xxx",
    "todo",
    "foo",
    "bar",
    "please",
    "with",
    "own",
    "token",
    "value",
    "enter",
    "paste",
    "goes",
    "put",
    "api",
    "my",
    "vibepeak",
)

#: Real bodies are 32 draws from 62 symbols (about 4.5 bits a character for 32 draws);
#: below this the body is typed, not generated.
MIN_ENTROPY_BITS = 3.0
#: Share of neighbouring characters that continue a run (``abc``, ``123``) above which a
#: body is a sequence.
MAX_SEQUENTIAL_SHARE = 0.5
#: A body mostly made of placeholder words: at most this many characters left over.
MAX_LEFTOVER_AFTER_WORDS = 6


def is_documented_example(body: str) -> bool:
    return body == DOCUMENTED_EXAMPLE


def is_single_character(body: str) -> bool:
    return len(set(body.lower())) == 1


def is_low_entropy(body: str) -> bool:
    counts = Counter(body)
    total = len(body)
    entropy = -sum(n / total * math.log2(n / total) for n in counts.values())
    return entropy < MIN_ENTROPY_BITS


def is_sequential(body: str) -> bool:
    lowered = body.lower()
    steps = sum(1 for a, b in itertools.pairwise(lowered) if ord(b) - ord(a) in (1, -1))
    return steps / max(len(body) - 1, 1) > MAX_SEQUENTIAL_SHARE


def is_word_filled(body: str) -> bool:
    rest = body.lower()
    for word in PLACEHOLDER_WORDS:
        rest = rest.replace(word, "")
    # Words padded with a run (``EXAMPLE1234567890EXAMPLE12345678``) are typed too.
    if len(rest) <= MAX_LEFTOVER_AFTER_WORDS or len(set(rest)) <= 2 or is_sequential(rest):
        return True
    # Mostly words, padded with filler (``…KeyHere0000000000``).
    return len(rest) <= len(body) * 0.6 and is_low_entropy(rest)


PREDICATES: dict[str, Callable[[str], bool]] = {
    "documented example": is_documented_example,
    "one repeated character": is_single_character,
    "sequential run": is_sequential,
    "placeholder words": is_word_filled,
    "low entropy": is_low_entropy,
}


def placeholder_reason(body: str) -> str | None:
    """Return why ``body`` is a placeholder, or None when it looks like a real key."""
    for reason, predicate in PREDICATES.items():
        if predicate(body):
            return reason
    return None

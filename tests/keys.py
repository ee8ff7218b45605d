"""Keys for tests, built at run time so that the repository holds no key-shaped string."""

from __future__ import annotations

import hashlib
import random
import string

ALPHABET = string.ascii_letters + string.digits
LIVE = "vpk_" + "live_"
TEST = "vpk_" + "test_"


def body(seed: int | str = 0) -> str:
    """A random-looking 32-character body, the same for the same seed."""
    rng = random.Random(f"vpkscan-test-{seed}")
    return "".join(rng.choice(ALPHABET) for _ in range(32))


def live_key(seed: int | str = 0) -> str:
    return LIVE + body(seed)


def test_key(seed: int | str = 0) -> str:
    return TEST + body(seed)


def fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


# Not a test function, whatever its name says.
test_key.__test__ = False  # type: ignore[attr-defined]

"""A yes/no test that bytes might hold a key, plain or encoded, importing nothing else.

The git hook runs it over staged blobs before it loads the scanning pipeline: when no
blob passes, the commit is clean and the hook is done. It must never say no where the
detector would find a key; a test ties it to the detector's own patterns.
"""

from __future__ import annotations

import re

#: Where a plain key or an escaped one can start (``vpkscan.detect.decode.search``).
CANDIDATE = re.compile(rb"vpk(?:_(?:live|test)[_\\%&]|[\\%&])")
#: The characters that encode ``vpk_live_``/``vpk_test_`` in base64 at each alignment
#: (``vpkscan.detect.decode.b64.LITERALS``).
BASE64_LITERALS = (
    b"dnBrX2xpdmVf",
    b"Zwa19saXZlX",
    b"2cGtfbGl2ZV",
    b"dnBrX3Rlc3Rf",
    b"Zwa190ZXN0X",
    b"2cGtfdGVzdF",
)


def might_hold_key(data: bytes) -> bool:
    """False only when ``data`` certainly holds no key in any form the detector reads."""
    if CANDIDATE.search(data) is not None:
        return True
    return any(literal in data for literal in BASE64_LITERALS)

"""How worker processes start: fork where it is the platform's safe default, spawn elsewhere.

Linux forks (a worker starts in milliseconds with every module already loaded). macOS
has fork, but the system frameworks are not safe in a forked child, which is why
Python's own default there is spawn; Windows has no fork at all. Everywhere but Linux,
and on a Linux whose Python offers no fork, workers are spawned: they start a fresh
interpreter that imports only the worker's module, so what they run must be a top-level
function whose arguments pickle.

``VPKSCAN_START_METHOD`` (``fork``, ``spawn`` or ``forkserver``) chooses another method
where the platform offers it, so that the spawn path can be tested and measured on Linux.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from typing import TYPE_CHECKING, Literal, TypeAlias, cast

from vpkscan.errors import UsageError

if TYPE_CHECKING:
    # Windows defines no fork contexts at run time; only the type checker needs them.
    from multiprocessing.context import ForkContext, ForkServerContext, SpawnContext

    Context: TypeAlias = ForkContext | SpawnContext | ForkServerContext

#: The environment variable that overrides the platform's choice.
ENV = "VPKSCAN_START_METHOD"
Method = Literal["fork", "spawn", "forkserver"]
METHODS: tuple[Method, ...] = ("fork", "spawn", "forkserver")


def default_method(platform: str, available: list[str]) -> Method:
    """The start method vpkscan uses on ``platform`` (``sys.platform``) when offered
    ``available`` (``multiprocessing.get_all_start_methods()``)."""
    if platform.startswith("linux") and "fork" in available:
        return "fork"
    return "spawn"


def start_method() -> Method:
    """The start method for this run: ``VPKSCAN_START_METHOD`` when set, else the
    platform's default. A method the platform lacks is a usage error (exit 2)."""
    available = multiprocessing.get_all_start_methods()
    chosen = os.environ.get(ENV, "").strip().lower()
    if not chosen:
        return default_method(sys.platform, available)
    if chosen not in METHODS:
        raise UsageError(
            f"{ENV}={chosen!r} is not a start method", f"use one of {', '.join(METHODS)}"
        )
    if chosen not in available:
        raise UsageError(
            f"{ENV}={chosen}: this platform cannot start processes that way",
            f"use one of {', '.join(m for m in METHODS if m in available)}, or unset {ENV}",
        )
    return cast(Method, chosen)


def worker_context() -> Context:
    """The multiprocessing context that starts vpkscan's worker processes."""
    method = start_method()
    if method == "fork":
        # What the parent holds now (every loaded module, the listing) is left out of
        # the collector's passes from here on: a forked worker's collections then never
        # touch, and so never copy, the pages it shares with the parent.
        gc.freeze()
    return cast("Context", multiprocessing.get_context(method))

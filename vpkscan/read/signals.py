"""How worker processes take the signals that stop a scan."""

from __future__ import annotations

import signal


def default_termination() -> None:
    """In a worker: SIGTERM and SIGHUP end the process at once. The parent's handlers raise
    an exception, which a worker must not do; the parent ends its workers with SIGTERM
    once it stops."""
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_DFL)

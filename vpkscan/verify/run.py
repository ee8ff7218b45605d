"""Checking distinct keys: each once, a few at a time, all within a time limit.

Worker threads (daemons, so that a request that hangs cannot hold the process at exit)
take keys from a queue; each request waits at most the per-request timeout and never
past the overall deadline. A 429 is retried after its ``Retry-After`` when that still
fits before the deadline; otherwise, as for a key no worker reached in time, the key is
``unknown`` with the reason. Results live in memory for this run only.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from vpkscan.config.schema import VerifySettings
from vpkscan.model import KeyMode, Verification, VerificationStatus
from vpkscan.verify.probe import ProbeFailure, Prober
from vpkscan.verify.status import judge, retry_after

#: Answers of 429 retried at most this many times per key.
MAX_RETRIES = 3


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def check_key(
    prober: Prober,
    key: str,
    mode: KeyMode,
    settings: VerifySettings,
    deadline: float,
    sleep: Callable[[float], None] = time.sleep,
) -> Verification:
    """The verification of one key, asked at most ``1 + MAX_RETRIES`` times."""
    attempt = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return _unknown(f"not checked within the time limit of {settings.time_limit:g} s")
        try:
            answer = prober.probe(key, min(settings.timeout, remaining))
        except ProbeFailure as failure:
            return _unknown(str(failure))
        verdict = judge(answer, mode)
        if answer.status != 429:
            return Verification(verdict.status, _now(), verdict.detail)
        wait = retry_after(answer)
        if wait is None:
            return _unknown(f"{verdict.detail}, without Retry-After")
        if attempt >= MAX_RETRIES:
            return _unknown(f"{verdict.detail}, still after {MAX_RETRIES} retries")
        if time.monotonic() + wait >= deadline:
            return _unknown(
                f"{verdict.detail}: Retry-After {wait:g} s goes past the time limit of "
                f"{settings.time_limit:g} s"
            )
        attempt += 1
        sleep(wait)


def _unknown(detail: str) -> Verification:
    return Verification(VerificationStatus.UNKNOWN, _now(), detail)


def check_keys(
    keys: Mapping[str, KeyMode], settings: VerifySettings, prober: Prober
) -> dict[str, Verification]:
    """The verification of every key of ``keys`` (key -> its mode), each asked once."""
    deadline = time.monotonic() + settings.time_limit
    todo: queue.Queue[tuple[str, KeyMode]] = queue.Queue()
    for item in keys.items():
        todo.put(item)
    results: dict[str, Verification] = {}
    failures: list[Exception] = []
    lock = threading.Lock()

    def work() -> None:
        while True:
            try:
                key, mode = todo.get_nowait()
            except queue.Empty:
                return
            try:
                verification = check_key(prober, key, mode, settings, deadline)
            except Exception as exc:  # a bug: raised again in the calling thread
                with lock:
                    failures.append(exc)
                return
            with lock:
                results[key] = verification

    workers = [
        threading.Thread(target=work, name="vpkscan-verify", daemon=True)
        for _ in range(min(settings.concurrency, len(keys)))
    ]
    for worker in workers:
        worker.start()
    # A little past the deadline: a request started just before it may still end.
    grace = deadline + 1.0
    for worker in workers:
        worker.join(max(0.0, grace - time.monotonic()))
    late = _unknown(f"no answer within the time limit of {settings.time_limit:g} s")
    with lock:
        if failures:
            raise failures[0]
        return {key: results.get(key, late) for key in keys}

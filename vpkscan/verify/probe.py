"""The interface between the verification pass and the network.

A ``Prober`` sends the one check request for a key and returns the raw ``Answer``, or
raises ``ProbeFailure`` with a reason that holds no key. The pass itself never touches
the network, so that it can be given any prober (the HTTP client of
``vpkscan.verify.client``, or another transport).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

#: The most of a response body that is read: an error object is a few hundred bytes.
MAX_BODY = 64 * 1024


@dataclass(frozen=True, slots=True)
class Answer:
    """What the API answered: the HTTP status, the headers the pass reads (lower-case
    names) and up to ``MAX_BODY`` bytes of the body."""

    status: int
    headers: dict[str, str]
    body: bytes


class ProbeFailure(Exception):
    """The request got no usable answer (timeout, refused or reset connection, a
    certificate that does not verify); the message says which, without the key."""


class Prober(Protocol):
    """Sends the check request for one key."""

    def probe(self, key: str, timeout: float) -> Answer:
        """The answer to the check of ``key``, waiting at most ``timeout`` seconds per
        step of the exchange; ``ProbeFailure`` when there is none."""
        ...


def scrub(text: str, key: str) -> str:
    """``text`` with ``key`` and its body cut out: error messages of an HTTP stack may
    quote a request, and the key must not reach any output through them."""
    body = key.split("_", 2)[-1]
    for secret in (key, body):
        if secret:
            text = text.replace(secret, "[key]")
    return text

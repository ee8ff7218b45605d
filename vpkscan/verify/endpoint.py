"""Where keys may be sent: the API's base URL, checked before anything is sent.

A key travels only over TLS, except to this machine: plain ``http://`` is accepted for a
loopback address (a local mock of the API, a test server) and nothing else. A URL with a
user name, a password, a query or a fragment is refused too: none of them has a meaning
for the API, and a password would end up in reports.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit

#: The path of the one request sent per key (an id no task can have).
TASK_PATH = "/v1/tasks/task_vpkscan_key_check"


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine: ``localhost``, 127.0.0.0/8 or ``::1``."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _parts(url: str) -> SplitResult | None:
    if not url.isprintable() or any(ch.isspace() for ch in url) or '"' in url or "\\" in url:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        return None
    return parts


def check_api_base(url: str) -> str | None:
    """What is wrong with ``url`` as the API's base URL, or None when it can be used."""
    parts = _parts(url)
    if parts is None or parts.scheme.lower() not in ("https", "http") or not parts.hostname:
        return "expected an https:// URL (http:// only to a loopback address)"
    if parts.username is not None or parts.password is not None:
        return "a user name or password in the URL is not allowed"
    if parts.query or parts.fragment:
        return "a query or fragment in the URL is not allowed"
    if parts.scheme.lower() == "http" and not is_loopback(parts.hostname):
        return "plain http:// is refused except to a loopback address (use https://)"
    return None


def check_url(api_base: str) -> str:
    """The URL checked for ``api_base`` (a valid base URL, trailing slashes dropped)."""
    return api_base.rstrip("/") + TASK_PATH

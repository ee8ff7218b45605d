"""The HTTP transport of verification, on httpx: TLS certificates always verified,
redirects never followed, a timeout on every step, a bounded body.

Imported only when verification runs, so that a scan without ``--verify`` (and every
git hook of a clean commit) never loads an HTTP stack.
"""

from __future__ import annotations

import ssl
import time

import httpx

from vpkscan import __version__
from vpkscan.verify.endpoint import check_url, is_loopback
from vpkscan.verify.probe import MAX_BODY, Answer, ProbeFailure, scrub

USER_AGENT = f"vpkscan/{__version__} (key verification)"
#: The response headers the pass reads.
_KEPT_HEADERS = ("retry-after", "location", "content-type")


class HttpProber:
    """Sends ``GET <api-base>/v1/tasks/<an id no task has>`` with the key as bearer token.

    One connection pool serves every thread (``httpx.Client`` is thread-safe). Proxies
    from the environment are honoured except for a loopback base URL; certificates are
    verified against the system's trust store as httpx loads it.
    """

    def __init__(self, api_base: str, concurrency: int) -> None:
        self.url = check_url(api_base)
        host = httpx.URL(self.url).host
        self._client = httpx.Client(
            verify=True,
            follow_redirects=False,
            trust_env=not is_loopback(host),
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=0),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )

    def probe(self, key: str, timeout: float) -> Answer:
        headers = {"Authorization": f"Bearer {key}"}
        # httpx times each read; a body dripped slowly is cut at the timeout as a whole.
        give_up = time.monotonic() + timeout
        try:
            with self._client.stream(
                "GET", self.url, headers=headers, timeout=httpx.Timeout(timeout)
            ) as response:
                body = bytearray()
                for chunk in response.iter_raw():
                    body += chunk
                    if len(body) >= MAX_BODY:
                        break
                    if time.monotonic() > give_up:
                        raise ProbeFailure("no complete answer within the timeout")
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError) as exc:
            # The reason is all that is kept: the exception may quote the request.
            raise ProbeFailure(scrub(reason(exc), key)) from None
        kept = {name: response.headers[name] for name in _KEPT_HEADERS if name in response.headers}
        return Answer(response.status_code, kept, bytes(body[:MAX_BODY]))

    def close(self) -> None:
        self._client.close()


def reason(exc: BaseException) -> str:
    """A short, key-free account of why a request failed."""
    if isinstance(exc, httpx.TimeoutException):
        return "no answer within the timeout"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS certificate verify failed: {cause.verify_message or 'untrusted'}"
        if isinstance(cause, ConnectionResetError):
            return "connection reset by the server"
        cause = cause.__cause__ or cause.__context__
    text = str(exc) or type(exc).__name__
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return "TLS certificate verify failed"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"the server broke the exchange ({text})"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({text})"
    return f"{type(exc).__name__}: {text}"

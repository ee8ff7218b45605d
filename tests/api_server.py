"""A VibePeak API on 127.0.0.1 for the verification tests: the documented answers of
``GET /v1/tasks/{id}``, chosen per key, and the misbehaviours a network can show.

Every request is recorded, so that a test can prove one request per key, or none at all.
"""

from __future__ import annotations

import json
import socket
import ssl
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

#: behaviour -> (status, error code or None, extra top-level fields)
ANSWERS: dict[str, tuple[int, str | None, dict[str, Any]]] = {
    "active": (404, "TASK_NOT_FOUND", {}),
    "active-task": (200, None, {"task_id": "task_x", "status": "queued"}),
    "invalid": (401, "INVALID_API_KEY", {}),
    "revoked": (401, "API_KEY_REVOKED", {}),
    "expired": (401, "API_KEY_EXPIRED", {}),
    "missing": (401, "MISSING_API_KEY", {}),
    "plan-required": (403, "PLAN_REQUIRED", {}),
    "plan-not-allowed": (403, "PLAN_NOT_ALLOWED", {}),
    "credits": (403, "INSUFFICIENT_CREDITS", {}),
    "server-error": (500, "INTERNAL_ERROR", {}),
    "bad-request": (400, "INVALID_PARAMETERS", {}),
}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    key: str | None


@dataclass
class FakeApi:
    """The behaviour of each key, and what the server received."""

    behaviours: dict[str, str] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    #: Where "redirect" sends a client.
    redirect_to: str = "http://127.0.0.1:9/"
    slow_seconds: float = 5.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, key: str) -> int:
        with self.lock:
            return sum(1 for request in self.requests if request.key == key)


def _livemode(key: str) -> bool:
    return key.startswith("vpk_" + "live_")


def handler_for(api: FakeApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _error(self, status: int, code: str, key: str | None, **extra: Any) -> None:
            error = {"code": code, "message": "documented message", "request_id": "req_t1"}
            document: dict[str, Any] = {"error": error, **extra}
            if key is not None and status == 404:
                document["livemode"] = _livemode(key)
            self._send(status, json.dumps(document).encode())

        def do_GET(self) -> None:
            auth = self.headers.get("Authorization", "")
            key = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
            with api.lock:
                api.requests.append(
                    Request("GET", self.path, {k.lower(): v for k, v in self.headers.items()}, key)
                )
                behaviour = api.behaviours.get(key or "", "invalid")
                retried = sum(1 for r in api.requests if r.key == key) > 1
            self._answer(behaviour, key, auth, retried)

        def _answer(self, behaviour: str, key: str | None, auth: str, retried: bool) -> None:
            if key is None:
                self._error(401, "MISSING_API_KEY", None)
            elif behaviour in ANSWERS:
                status, code, extra = ANSWERS[behaviour]
                if code is None:
                    body = {**extra, "livemode": _livemode(key)}
                    self._send(status, json.dumps(body).encode())
                else:
                    self._error(status, code, key, **extra)
            elif behaviour == "wrong-livemode":
                body = {"task_id": "task_x", "status": "queued", "livemode": not _livemode(key)}
                self._send(200, json.dumps(body).encode())
            elif behaviour == "malformed":
                self._send(404, b'{"error": {"code": "TASK_NOT_FOUND", ')
            elif behaviour == "html":
                self._send(404, b"<html>not found</html>", {"Content-Type": "text/html"})
            elif behaviour == "slow":
                time.sleep(api.slow_seconds)
                self._error(404, "TASK_NOT_FOUND", key)
            elif behaviour in ("rate-limited-once", "rate-limited-long", "rate-limited-date"):
                if behaviour == "rate-limited-once" and retried:
                    self._error(404, "TASK_NOT_FOUND", key)
                    return
                after = {"rate-limited-once": "1", "rate-limited-long": "3600"}.get(
                    behaviour, "Fri, 31 Dec 2100 23:59:59 GMT"
                )
                body = json.dumps({"error": {"code": "RATE_LIMITED", "message": "slow down"}})
                self._send(429, body.encode(), {"Retry-After": after})
            elif behaviour == "drip":
                # Headers at once, then the body a byte at a time: every read is quick.
                self.send_response(404)
                self.send_header("Content-Length", "10000")
                self.end_headers()
                stop = time.monotonic() + api.slow_seconds
                while time.monotonic() < stop:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
                self.close_connection = True
            elif behaviour == "reset":
                # RST instead of FIN: the client sees a connection reset.
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.connection.close()
                self.close_connection = True
            elif behaviour == "redirect":
                self._send(302, b"", {"Location": api.redirect_to + "v1/tasks/x?" + auth})
            elif behaviour == "echo":
                # A hostile server: the key comes back in the body and the headers.
                body = json.dumps(
                    {"error": {"code": auth, "message": auth, "request_id": auth}, "x": auth}
                )
                self._send(401, body.encode(), {"Retry-After": auth, "X-Echo": auth})
            else:
                raise AssertionError(behaviour)

    return Handler


@contextmanager
def serve(api: FakeApi, tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """Serve ``api`` on 127.0.0.1 (a free port) for the ``with`` block; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(api))
    server.daemon_threads = True
    scheme = "http"
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def self_signed_context(folder: Path) -> ssl.SSLContext:
    """A server TLS context with a certificate for 127.0.0.1 signed by its own key."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context

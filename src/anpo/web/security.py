"""Security middleware: Host check, body-size cap and security headers (pure ASGI, cheap).

- **Host check**: when the server listens on the loopback interface, only requests whose
  ``Host`` header names a loopback host (``127.0.0.1``, ``localhost``, ``[::1]``) are answered;
  a web page elsewhere cannot reach the API through DNS rebinding.
- **Body size**: a body larger than :data:`anpo.web.limits.MAX_BODY_BYTES` gets a 413 before the
  application reads it (announced by ``Content-Length`` or counted while streaming). Bodies are
  held in memory only; nothing a client sends is written to disk.
- **URL length**: a request target (path and query string) longer than
  :data:`anpo.web.limits.MAX_URL_BYTES` gets a 414 (:func:`url_too_long`).
- **Headers** on every answer: a content security policy allowing only the app's own scripts
  (``script-src 'self'``: no inline script, no ``eval``, nothing from another origin; plotly.js is
  served by the app from the installed ``plotly`` package), ``connect-src 'self'``, no framing,
  no referrer, ``nosniff``, and ``no-store`` on API answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from anpo.web.errors import error_body
from anpo.web.limits import MAX_URL_BYTES

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # plotly.js sets inline style attributes and one <style> element while drawing
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def _host_name(value: str) -> str:
    value = value.strip().lower()
    if value.startswith("["):  # [::1]:8000
        end = value.find("]")
        return value[: end + 1] if end > 0 else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class SecurityMiddleware:
    """ASGI middleware applying the checks and headers described in the module docstring.

    ``allowed_hosts``: host names (without port) accepted in the ``Host`` header; ``None``
    accepts any (a server bound to another interface with ``--allow-remote``).
    """

    def __init__(
        self, app: Any, *, max_body: int, allowed_hosts: Iterable[str] | None = None
    ) -> None:
        self.app = app
        self.max_body = int(max_body)
        self.allowed = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        if self.allowed is not None:
            sent = headers.get(b"host", b"").decode("latin-1")
            host = _host_name(sent)
            if host not in self.allowed:
                msg = f"this server only answers on loopback (got {sent[:80]!r})"
                await _send_json(send, 400, error_body(msg, ["header", "host"]))
                return
        path = scope.get("path", "")
        api = path.startswith("/api/") or path == "/openapi.json"
        query = scope.get("query_string", b"")
        target = len(scope.get("raw_path") or path.encode()) + (len(query) + 1 if query else 0)

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                hdrs = list(message.get("headers") or [])
                hdrs.extend(HEADERS)
                if api:
                    hdrs.append((b"cache-control", b"no-store"))
                message = {**message, "headers": hdrs}
            await send(message)

        if target > MAX_URL_BYTES:
            await _send_json(send_with_headers, 414, url_too_long(target))
            return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            length = headers.get(b"content-length")
            if length is not None:
                try:
                    too_big = int(length) > self.max_body
                except ValueError:
                    too_big = True
                if too_big:
                    await _send_json(send_with_headers, 413, _too_big(self.max_body))
                    return
            body, complete = await _read_body(receive, self.max_body)
            if not complete:
                await _send_json(send_with_headers, 413, _too_big(self.max_body))
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, send_with_headers)


def url_too_long(size: int, *, whole: bool = True) -> dict[str, Any]:
    """The 414 answer's body: a request target (path and query) of ``size`` bytes (``whole``
    false: the server stopped reading it after ``size`` bytes) is over
    :data:`anpo.web.limits.MAX_URL_BYTES`."""
    got = f"got {size:,}" if whole else f"got more than {size:,}"
    return error_body(
        f"request URL (path and query string) longer than {MAX_URL_BYTES:,} bytes ({got}); "
        "send large inputs in a POST body",
        ["query"],
        kind="too_large",
    )


def _too_big(limit: int) -> dict[str, Any]:
    return error_body(f"request body larger than {limit:,} bytes", ["body"], kind="too_large")


async def _read_body(receive: Any, limit: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks), True
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"", False
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True


def _replay(body: bytes, original: Any) -> Any:
    """A ``receive`` giving the buffered body once, then the client's own messages
    (disconnect)."""
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await original()

    return receive


async def _send_json(send: Any, status: int, payload: dict[str, Any]) -> None:
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

"""How ``anpo serve`` runs the application under uvicorn: its configuration and HTTP protocol.

uvicorn answers a request its HTTP parser cannot read with a plain-text 400 ("Invalid HTTP
request received.") before the application sees it. With httptools (the web extra's parser) a
request target longer than 65,535 bytes is one: ``httptools.parse_url`` keeps offsets in 16
bits (``http_parser_url``), so a 100 kB query string never reached the application's own 414
(:mod:`anpo.web.security`). :func:`http_protocol` is uvicorn's protocol with that answer in the
application's JSON shape (:func:`anpo.web.errors.error_body`): a 414 saying the URL is too long
when it is (over :data:`anpo.web.limits.MAX_URL_BYTES`), else a 400 saying the request could
not be read. With h11 (uvicorn's other parser, used when httptools is missing) the buffer
limit is raised so that a URL up to 64 kB reaches the application's 414 too. Either way a
request target is read up to :data:`MAX_URL_READ` bytes, not whole (uvicorn kept a 100 MB
one in memory).
"""

from __future__ import annotations

import asyncio
import functools
import json
from typing import Any

from anpo.web.errors import error_body
from anpo.web.limits import MAX_URL_BYTES
from anpo.web.security import HEADERS, url_too_long

#: Bytes of a request target the server reads before it answers 414: httptools cannot parse a
#: longer one (16-bit offsets), and uvicorn kept reading it into memory, however long. Also what
#: h11 may buffer for a request line and headers not yet complete (uvicorn's default is h11's
#: 16 kB, under which a longer URL was its plain-text 400, not the application's 414).
MAX_URL_READ = 65_536


def json_error(status: int, payload: dict[str, Any]) -> bytes:
    """A whole HTTP/1.1 answer (status line, headers, body) with ``payload`` as JSON, closing
    the connection, with the application's security headers (:data:`anpo.web.security.HEADERS`)
    and ``no-store``."""
    reason = {400: b"Bad Request", 414: b"URI Too Long"}[status]
    body = json.dumps(payload).encode()
    lines = [b"HTTP/1.1 %d %s" % (status, reason)]
    lines += [
        b"content-type: application/json",
        b"content-length: %d" % len(body),
        b"connection: close",
        b"cache-control: no-store",
    ]
    lines += [name + b": " + value for name, value in HEADERS]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


@functools.cache
def http_protocol() -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol (httptools, else h11) answering a request it cannot read with
    the application's JSON error (module docstring) instead of its plain-text 400."""
    from uvicorn.protocols.http.auto import AutoHTTPProtocol

    class AnpoHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
        def on_url(self, url: bytes) -> None:  # httptools' callback (h11's protocol has none)
            super().on_url(url)
            if len(self.url) > MAX_URL_READ:  # stop reading it: answered by send_400_response
                import httptools

                raise httptools.HttpParserError("request target too long")

        def send_400_response(self, msg: str) -> None:
            url = getattr(self, "url", b"")  # the target read so far (httptools' protocol)
            if isinstance(url, bytes) and len(url) > MAX_URL_READ:  # on_url stopped reading
                answer = json_error(414, url_too_long(MAX_URL_READ, whole=False))
            elif isinstance(url, bytes) and len(url) > MAX_URL_BYTES:
                answer = json_error(414, url_too_long(len(url)))
            else:
                said = (
                    "invalid HTTP request: the server could not read its request line or "
                    "headers (malformed or too long)"
                )
                answer = json_error(400, error_body(said, kind="invalid_request"))
            self.transport.write(answer)
            self.transport.close()

    return AnpoHTTPProtocol


def uvicorn_config(app: Any, host: str, port: int) -> Any:
    """The :class:`uvicorn.Config` ``anpo serve`` runs ``app`` with (warnings only, no access
    log, :func:`http_protocol`)."""
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        http=http_protocol(),
        h11_max_incomplete_event_size=MAX_URL_READ,
    )

"""Error answers of the API: one JSON shape, naming the field, never a traceback.

Every error answer is an :class:`ErrorBody`: ``error`` (one line: ``field: message``), ``field``
(the dotted path of the offending input, e.g. ``body.layers.0.sspk``, or null) and ``detail``
(FastAPI's list of ``{loc, msg, type}`` items, so clients written for FastAPI keep working).

- request validation (pydantic, including the library's own models) -> 422;
- an :class:`anpo.errors.AnpoError` raised by the library on the request's input -> 422, its
  ``field`` prefixed with ``body.`` (or ``query.``) when it names a request field;
- a body larger than the cap -> 413 (:mod:`anpo.web.security`);
- the time limit -> 503 (:mod:`anpo.web.compute`), and at once while every computation slot is
  held by computations abandoned past it (``type`` ``busy``); both with ``Retry-After``;
- anything else -> 500 ``internal error`` (logged on the server's console; a bug, never input).

A browser asking for a page that does not exist (``Accept: text/html``, a path outside the API)
gets the app's "page not found" page, not the JSON body.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from anpo.errors import AnpoError
from anpo.web.compute import ServerBusy, TimeLimitExceeded

log = logging.getLogger("anpo.web")


class ErrorItem(BaseModel):
    """One problem: where (``loc``), what (``msg``) and its kind (``type``)."""

    loc: list[str | int]
    msg: str
    type: str


class ErrorBody(BaseModel):
    """The body of every error answer."""

    error: str = Field(description="one line: 'field: message'")
    field: str | None = Field(None, description="dotted path of the offending input")
    detail: list[ErrorItem] = Field(default_factory=list)


#: OpenAPI ``responses`` shared by every API route.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Bad request (e.g. a Host header not allowed)"},
    404: {"model": ErrorBody, "description": "Not found"},
    413: {"model": ErrorBody, "description": "Request body too large"},
    422: {"model": ErrorBody, "description": "Invalid input; the body names the field"},
    503: {
        "model": ErrorBody,
        "description": "The computation exceeded the time limit, or the server is busy (every "
        "computation slot held by computations that exceeded it)",
    },
}


def error_body(
    msg: str, loc: list[str | int] | None = None, kind: str = "value_error"
) -> dict[str, Any]:
    """An :class:`ErrorBody` as a dict."""
    loc = list(loc or [])
    field = ".".join(str(x) for x in loc) or None
    return {
        "error": f"{field}: {msg}" if field else msg,
        "field": field,
        "detail": [{"loc": loc, "msg": msg, "type": kind}],
    }


def error_response(
    status: int, msg: str, loc: list[str | int] | None = None, **kw: Any
) -> JSONResponse:
    """A JSON error answer."""
    return JSONResponse(error_body(msg, loc, **kw), status_code=status)


def _clean_loc(loc: Any) -> list[str | int]:
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and part.startswith("function-"):
            continue  # pydantic validator names are not part of the input's path
        out.append(part if isinstance(part, int) else str(part))
    return out


def _validation_message(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    if err.get("type") == "extra_forbidden":
        return "unknown field"
    if err.get("type") == "missing":
        return "required field is missing"
    if "input" in err and err.get("type") not in ("json_invalid",):
        shown = repr(err["input"])
        if len(shown) <= 40 and f"got {err['input']}" not in msg:  # not said twice
            msg += f" (got {shown})"
    return msg


def _json_position(err: dict[str, Any]) -> dict[str, Any]:
    """A body that is not JSON names the body, not ``body.57``: the number FastAPI puts in the
    path is the character where parsing stopped, said in the message instead."""
    loc = list(err.get("loc", ()))
    if err.get("type") != "json_invalid" or not (loc and isinstance(loc[-1], int)):
        return err
    reason = (err.get("ctx") or {}).get("error")
    where = f"at character {loc[-1]}"
    msg = f"not valid JSON {where}" + (f": {reason}" if reason else "")
    return {**err, "loc": loc[:-1], "msg": msg}


async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [_json_position(e) for e in exc.errors()]
    items: list[dict[str, Any]] = [
        {
            "loc": _clean_loc(e.get("loc", ())),
            "msg": _validation_message(e),
            "type": str(e.get("type", "value_error")),
        }
        for e in errors[:20]
    ]
    first: dict[str, Any] = items[0] if items else {"loc": [], "msg": "invalid request"}
    field = ".".join(str(x) for x in first["loc"]) or None
    more = len(errors) - 1
    line = f"{field}: {first['msg']}" if field else str(first["msg"])
    if more > 0:
        line += f" (and {more} more problem{'s' if more > 1 else ''})"
    return JSONResponse({"error": line, "field": field, "detail": items}, status_code=422)


async def _on_anpo(request: Request, exc: AnpoError) -> JSONResponse:
    loc: list[str | int] = []
    if exc.field:
        parts = exc.field.split(".")
        if parts[0] not in ("body", "query", "path"):
            parts = ["body", *parts]
        loc = [int(p) if p.isdigit() else p for p in parts]
    msg = exc.message.replace("\n", " ")
    if exc.line is not None:
        msg = f"line {exc.line}: {msg}"
    return error_response(422, msg, loc)


async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    detail = exc.detail if isinstance(exc.detail, str) else "error"
    return error_response(exc.status_code, detail, kind="http_error")


async def _on_timeout(request: Request, exc: TimeLimitExceeded) -> JSONResponse:
    resp = error_response(503, str(exc), kind="time_limit")
    resp.headers["Retry-After"] = "5"
    return resp


async def _on_busy(request: Request, exc: ServerBusy) -> JSONResponse:
    resp = error_response(503, str(exc), kind="busy")
    resp.headers["Retry-After"] = "5"
    return resp


async def _on_memory(request: Request, exc: MemoryError) -> JSONResponse:
    return error_response(
        413, "the inputs ask for more memory than this server has; use smaller inputs"
    )


async def _on_other(request: Request, exc: Exception) -> JSONResponse:
    log.exception("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal error (a bug in anpo: please report it)", kind="internal")


def wants_page(request: Request) -> bool:
    """Whether the request is a browser's for a page: HTML accepted, a path outside the API, the
    static files and the schema (their clients read the JSON error)."""
    path = request.url.path
    if path.startswith(("/api/", "/static/")) or path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def install(app: FastAPI, not_found_page: str | None = None) -> None:
    """Register the handlers on ``app``; ``not_found_page``: the HTML answered, with 404, to a
    browser's request for a page that does not exist (:func:`wants_page`)."""

    async def on_http(request: Request, exc: StarletteHTTPException) -> HTMLResponse | JSONResponse:
        if not_found_page is not None and exc.status_code == 404 and wants_page(request):
            return HTMLResponse(not_found_page, status_code=404)
        return await _on_http(request, exc)

    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(AnpoError, _on_anpo)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, on_http)  # type: ignore[arg-type]
    app.add_exception_handler(TimeLimitExceeded, _on_timeout)  # type: ignore[arg-type]
    app.add_exception_handler(ServerBusy, _on_busy)  # type: ignore[arg-type]
    app.add_exception_handler(MemoryError, _on_memory)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _on_other)

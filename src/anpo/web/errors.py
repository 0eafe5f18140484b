"""Error answers of the API: one JSON shape, naming the field, never a traceback.

Every error answer is an :class:`ErrorBody`: ``error`` (one line: ``field: message``), ``field``
(the dotted path of the offending input, e.g. ``body.layers.0.sspk``, or null) and ``detail``
(FastAPI's list of ``{loc, msg, type}`` items, so clients written for FastAPI keep working).

- request validation (pydantic, including the library's own models) -> 422; a body that is not
  JSON (a syntax error, not UTF-8, nested too deeply, or sent with another content type) -> 422
  naming ``body`` and why;
- an :class:`anpo.errors.AnpoError` raised by the library on the request's input -> 422, its
  ``field`` prefixed with ``body.`` (or ``query.``) when it names a request field;
- a body larger than the cap -> 413, a URL longer than its cap -> 414 (:mod:`anpo.web.security`;
  past what the server's HTTP parser reads, its protocol answers: :mod:`anpo.web.serving`), and
  a request the parser cannot read -> 400;
- the time limit -> 503 (:mod:`anpo.web.compute`), and at once while every computation slot is
  held by computations abandoned past it (``type`` ``busy``); both with ``Retry-After``;
- a path no route answers -> 404 naming the path and where the routes are listed
  (:func:`not_found_message`);
- anything else -> 500 ``internal error`` (logged on the server's console; a bug, never input).

A browser asking for a page that does not exist (``Accept: text/html``, a path outside the API)
gets the app's "page not found" page, not the JSON body.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
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
    414: {"model": ErrorBody, "description": "Request URL (path and query string) too long"},
    422: {"model": ErrorBody, "description": "Invalid input; the body names the field"},
    503: {
        "model": ErrorBody,
        "description": "The computation exceeded the time limit, or the server is busy (every "
        "computation slot held by computations that exceeded it)",
    },
}


#: the longest part of a field's path, and the longest message, an error answer quotes: a
#: refusal of a 200,000-character key quoted it whole in each of its five places
_MAX_LOC_PART = 80
_MAX_MESSAGE = 2_000


def short_loc(loc: Any) -> list[str | int]:
    """``loc`` with each part longer than ``_MAX_LOC_PART`` characters shortened ('…').

    >>> short_loc(["body", "x" * 100, 0])[1] == "x" * 79 + "…"
    True
    """
    return [
        p[: _MAX_LOC_PART - 1] + "…" if isinstance(p, str) and len(p) > _MAX_LOC_PART else p
        for p in loc
    ]


def short_message(msg: str) -> str:
    """``msg`` cut to ``_MAX_MESSAGE`` characters ('…'): a message quoting a long input."""
    return msg if len(msg) <= _MAX_MESSAGE else msg[: _MAX_MESSAGE - 1] + "…"


def error_body(
    msg: str, loc: list[str | int] | None = None, kind: str = "value_error"
) -> dict[str, Any]:
    """An :class:`ErrorBody` as a dict (each part of ``loc`` and ``msg`` shortened when long:
    :func:`short_loc`, :func:`short_message`)."""
    loc = short_loc(loc or [])
    msg = short_message(msg)
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
    if err.get("type") == "extra_forbidden" and msg == "Extra inputs are not permitted":
        return "unknown field"  # pydantic's words; a model's own (the law's facts) are kept
    if err.get("type") == "missing" and msg == "Field required":
        return "required field is missing"  # pydantic's words; a route's own are kept
    if "input" in err and err.get("type") not in ("json_invalid",):
        shown = repr(err["input"])
        # not said twice (a message that quotes the value already: the law's dates)
        if len(shown) <= 40 and f"got {err['input']}" not in msg and shown not in msg:
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


#: pydantic's error types for a number that is not a whole one where the field takes whole
#: numbers: one with a fraction (2.5), one too large to parse as an integer (1e308, which it
#: called "Unable to parse input string as an integer" though it was a number)
_WHOLE_NUMBER_ERRORS = frozenset({"int_from_float", "int_parsing_size"})


@functools.cache
def _body_schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _schema_node(root: dict[str, Any], node: Any) -> dict[str, Any]:
    """``node`` of ``root``'s JSON schema with its ``$ref`` followed and, for an optional value
    (``anyOf`` with null), its non-null arm."""
    for _ in range(8):
        if not isinstance(node, dict):
            return {}
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            node = root.get("$defs", {}).get(ref.removeprefix("#/$defs/"))
            continue
        arms = [a for a in node.get("anyOf", ()) if a.get("type") != "null"]
        if len(arms) == 1:
            node = arms[0]
            continue
        return node
    return {}  # pragma: no cover - a schema nested deeper than any request's


def body_bounds(request: Request, loc: list[str | int]) -> tuple[Any, Any]:
    """The bounds (``minimum``, ``maximum``; None where there is none) of the body field at
    ``loc`` (``["body", "layers", 0, "interceptors"]``), read from the route's request model's
    JSON schema; (None, None) when it is not a field of a request model."""
    route = request.scope.get("route")
    field = getattr(route, "body_field", None)
    model = getattr(getattr(field, "field_info", None), "annotation", None)
    if (
        not loc
        or loc[0] != "body"
        or not (isinstance(model, type) and issubclass(model, BaseModel))
    ):
        return None, None
    root = _body_schema(model)
    node = _schema_node(root, root)
    for part in loc[1:]:
        if isinstance(part, int):
            node = _schema_node(root, node.get("items"))
        else:
            props = node.get("properties", {})
            node = _schema_node(
                root, props[part] if part in props else node.get("additionalProperties")
            )
    return node.get("minimum"), node.get("maximum")


def whole_number_message(lo: Any, hi: Any) -> str:
    """What a field taking whole numbers between ``lo`` and ``hi`` says of a number that is not
    one of them.

    >>> whole_number_message(0, 2000), whole_number_message(1, None)
    ('must be a whole number between 0 and 2,000', 'must be a whole number of at least 1')
    """
    from anpo.report.format import bounds_words

    return f"must be a whole number {bounds_words(lo, hi)}".rstrip()


def _content_type_message(request: Request, err: dict[str, Any]) -> dict[str, Any]:
    """A body sent with another content type than JSON's reaches the model as bytes, and
    pydantic said "Input should be a valid dictionary or object to extract fields from (got
    b'{...}')" of a JSON text: the message says what the server reads as JSON instead."""
    if err.get("type") != "model_attributes_type" or not isinstance(err.get("input"), bytes):
        return err
    if list(err.get("loc", ())) != ["body"]:
        return err
    sent = request.headers.get("content-type") or "none"
    msg = (
        "read as JSON only when sent with the header Content-Type: application/json "
        f"(sent: {sent[:60]})"
    )
    return {key: v for key, v in err.items() if key != "input"} | {"msg": msg}


def _is_form_route(request: Request) -> bool:
    """Whether the request's route reads its body as a form (an upload), not as JSON."""
    from fastapi.params import Form

    field = getattr(request.scope.get("route"), "body_field", None)
    return isinstance(getattr(field, "field_info", None), Form)


def _file_part_message(request: Request, err: dict[str, Any]) -> dict[str, Any]:
    """A form route's file field (an upload) refused in words that say what to send: a text
    part where a file is expected was FastAPI's "Expected UploadFile, received: <class 'str'>",
    and a body of another kind than a form (JSON) "required field is missing"."""
    if not _is_form_route(request):
        return err
    msg = str(err.get("msg", ""))
    if err.get("type") == "value_error" and "Expected UploadFile" in msg:
        msg = (
            "a file is expected here, and a text value was sent: send the file as a "
            "multipart/form-data part with a file name (curl -F 'file=@instance.csv')"
        )
        return {key: v for key, v in err.items() if key != "input"} | {"msg": msg}
    sent = request.headers.get("content-type") or "none"
    if err.get("type") == "missing" and not sent.lower().startswith("multipart/form-data"):
        msg = (
            "required field is missing: the file is read from a multipart/form-data body "
            f"(sent: {sent[:60]})"
        )
        return {key: v for key, v in err.items() if key != "input"} | {"msg": msg}
    return err


async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        _file_part_message(request, _content_type_message(request, _json_position(e)))
        for e in exc.errors()
    ]
    errors = [
        {**e, "msg": whole_number_message(*body_bounds(request, _clean_loc(e.get("loc", ()))))}
        if e.get("type") in _WHOLE_NUMBER_ERRORS
        else e
        for e in errors
    ]
    items: list[dict[str, Any]] = [
        {
            "loc": short_loc(_clean_loc(e.get("loc", ()))),
            "msg": short_message(_validation_message(e)),
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


def field_loc(field: str) -> list[str | int]:
    """The location of a library error's ``field`` in a request, as pydantic's errors have
    it: dotted, an index a separate integer (the library writes a file's path,
    ``actor[0].size``, ``propensity[0][1]``), under ``body`` unless it names another part.

    >>> field_loc("instance.actor[0].size"), field_loc("query.scenario")
    (['body', 'instance', 'actor', 0, 'size'], ['query', 'scenario'])
    >>> field_loc("body.instance.propensity[0][1]")
    ['body', 'instance', 'propensity', 0, 1]
    """
    loc: list[str | int] = []
    for part in field.split("."):
        name, *indices = re.split(r"\[(\d+)\]", part)
        if name:
            loc.append(int(name) if name.isdigit() else name)
        loc.extend(int(i) for i in indices if i)
    if not loc or loc[0] not in ("body", "query", "path"):
        loc = ["body", *loc]
    return loc


async def _on_anpo(request: Request, exc: AnpoError) -> JSONResponse:
    # one spelling of a field whichever layer refuses it: 'body.instance.actor.0.size' as
    # pydantic names a size of 0, not 'body.instance.actor[0].size' for a size of 1e200
    loc: list[str | int] = field_loc(exc.field) if exc.field else []
    msg = exc.message.replace("\n", " ")
    if exc.line is not None:
        msg = f"line {exc.line}: {msg}"
    return error_response(422, msg, loc)


#: FastAPI's 400 for a body its JSON parser failed on other than by a syntax error (the error
#: is the exception's cause): no field and no reason were given
_UNPARSED_BODY = "There was an error parsing the body"


def _unparsed_body_message(cause: BaseException | None) -> str:
    """Why a JSON body could not be read, from the parser's exception.

    >>> _unparsed_body_message(RecursionError())
    'not valid JSON: nested too deeply'
    """
    if isinstance(cause, UnicodeDecodeError):
        return "not valid JSON: not UTF-8 text"
    if isinstance(cause, RecursionError):
        return "not valid JSON: nested too deeply"
    if isinstance(cause, ValueError) and "integer string conversion" in str(cause):
        # Python's guard against quadratic int parsing (sys.get_int_max_str_digits)
        return f"not valid JSON: a number of more than {sys.get_int_max_str_digits():,} digits"
    return "not valid JSON" + (f" ({type(cause).__name__})" if cause is not None else "")


class DuplicateKeyError(ValueError):
    """A JSON body with an object holding a key twice (:func:`strict_json`); ``loc`` is the
    key's path in the body."""

    def __init__(self, loc: list[str | int]) -> None:
        super().__init__(f"key given twice at {loc}")
        self.loc = loc


class _Pairs(list[tuple[str, Any]]):
    """A JSON object's (key, value) pairs, in order, as :func:`strict_json` reads them first."""


def _unpair(node: Any, loc: list[str | int]) -> Any:
    if isinstance(node, _Pairs):
        out: dict[str, Any] = {}
        for key, value in node:
            if key in out:
                raise DuplicateKeyError([*loc, key])
            out[key] = _unpair(value, [*loc, key])
        return out
    if isinstance(node, list):
        return [_unpair(v, [*loc, i]) for i, v in enumerate(node)]
    return node


def strict_json(body: bytes) -> Any:
    """``json.loads(body)``, as Starlette reads a request's JSON, except that an object with a
    key given twice raises :class:`DuplicateKeyError` naming it (Python keeps the last value
    and drops the others without a word).

    >>> strict_json(b'{"a": [1, {"b": 2}]}')
    {'a': [1, {'b': 2}]}
    >>> strict_json(b'{"a": [1, {"b": 2, "b": 3}]}')
    Traceback (most recent call last):
    ...
    anpo.web.errors.DuplicateKeyError: key given twice at ['a', 1, 'b']
    """
    import json

    return _unpair(json.loads(body, object_pairs_hook=_Pairs), [])


#: Starlette's detail for a path no route matches (a route's own 404 keeps its own words)
_ROUTER_NOT_FOUND = "Not Found"

#: the longest part of a request's path quoted in a 404 (a path may be kilobytes long)
_MAX_PATH_SHOWN = 120


def not_found_message(request: Request) -> str:
    r"""What a 404 for a path that no route or file answers says: the method and path (at most
    ``_MAX_PATH_SHOWN`` characters of it) and where the routes are listed, the ``/api`` page
    and the OpenAPI schema ``/openapi.json`` (it said only "Not Found").

    >>> from starlette.requests import Request
    >>> def asked(path):
    ...     return Request({"type": "http", "method": "GET", "path": path})
    >>> print(not_found_message(asked("/api/nope")))
    no route GET /api/nope; the API's routes are listed at /api and in /openapi.json
    >>> print(not_found_message(asked("/api/a\nb")))
    no route GET /api/a\nb; the API's routes are listed at /api and in /openapi.json
    """
    path = str(request.scope.get("path", ""))
    # one line whatever the path holds ('%0a' is decoded to a line break): escaped as Python does
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in path[:_MAX_PATH_SHOWN])
    shown += "…" if len(path) > _MAX_PATH_SHOWN else ""
    if path.startswith("/static/"):
        return f"no file {shown}"
    routes = "the API's routes are listed at /api and in /openapi.json"
    if path.startswith("/api/"):
        return f"no route {request.method} {shown}; {routes}"
    pages = "the pages are listed at / and the API's routes at /api and in /openapi.json"
    return f"no page or route {request.method} {shown}; {pages}"


#: the order the methods of an ``Allow`` header are listed in
_METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(allow: str) -> str:
    """The ``Allow`` header of a 405: the route's methods, HEAD with GET (every GET route
    answers HEAD: :class:`anpo.web.app.HeadMiddleware`), in a fixed order (the router lists
    a set's).

    >>> allowed_methods("GET")
    'GET, HEAD'
    >>> allowed_methods("POST")
    'POST'
    """
    methods = {m.strip().upper() for m in allow.split(",") if m.strip()}
    if "GET" in methods:
        methods.add("HEAD")
    order = {m: i for i, m in enumerate(_METHOD_ORDER)}
    return ", ".join(sorted(methods, key=lambda m: (order.get(m, len(order)), m)))


def _multipart_message(exc: BaseException) -> str | None:
    """Why a multipart body could not be read, when ``exc`` is Starlette's 400 for it (raised
    while handling the parser's :class:`~starlette.formparsers.MultiPartException`, itself
    raised from python-multipart's error for "Invalid multipart data."); None otherwise.

    >>> from starlette.formparsers import MultiPartException
    >>> try:
    ...     try:
    ...         raise MultiPartException("Missing boundary in multipart.")
    ...     except MultiPartException:
    ...         raise StarletteHTTPException(400, "Missing boundary in multipart.")
    ... except StarletteHTTPException as e:
    ...     print(_multipart_message(e))
    not valid multipart/form-data: missing boundary in multipart
    """
    from starlette.formparsers import MultiPartException

    parse = exc.__context__
    if not isinstance(parse, MultiPartException):
        return None
    reason = str(parse.__cause__ or parse.message).strip().rstrip(".")
    return "not valid multipart/form-data: " + (reason[:1].lower() + reason[1:])[:200]


async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400 and isinstance(exc.__cause__, DuplicateKeyError):
        loc: list[str | int] = ["body", *exc.__cause__.loc]
        msg = "given twice in the same object; give it once"
        return error_response(422, msg, loc, kind="json_duplicate_key")
    if exc.status_code == 400 and exc.detail == _UNPARSED_BODY:
        # a 422 naming the body, as a body with a syntax error is answered
        msg = _unparsed_body_message(exc.__cause__)
        return error_response(422, msg, ["body"], kind="json_invalid")
    form_msg = _multipart_message(exc) if exc.status_code == 400 else None
    if form_msg is not None:
        # a form the parser could not read was a 400 naming no field ("Invalid multipart
        # data."): a 422 naming the body and why, as a JSON body that is not JSON
        return error_response(422, form_msg, ["body"], kind="multipart_invalid")
    detail = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and detail == _ROUTER_NOT_FOUND:
        detail = not_found_message(request)
    headers = dict(exc.headers or {})
    allow = headers.get("Allow")
    if exc.status_code == 405 and allow:
        allow = headers["Allow"] = allowed_methods(allow)
        # the route's methods, in the body and in the Allow header a 405 must carry (RFC 9110
        # 15.5.6): the header was dropped and the body said only "Method Not Allowed"
        detail = f"method {request.method} not allowed here; use {allow}"
    resp = error_response(exc.status_code, detail, kind="http_error")
    resp.headers.update(headers)
    return resp


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

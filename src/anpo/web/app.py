"""The FastAPI application: pages, static files, the API routers, middleware and error handlers."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from anpo import __version__
from anpo._checks import as_path
from anpo.web import errors, limits
from anpo.web.compute import Runner
from anpo.web.security import LOOPBACK_HOSTS, SecurityMiddleware

STATIC = resources.files("anpo.web") / "static"
PAGES = resources.files("anpo.web") / "pages"

#: Pages: path, file stem, title, one-line description (the home page lists them).
PAGE_LIST: list[tuple[str, str, str, str]] = [
    (
        "/deterrence",
        "deterrence",
        "Deterrence what-if",
        "Interceptors, SSPK, shot doctrine, decoys, reliability: what gets through, and how "
        "large a force the rival needs to keep its deterrent.",
    ),
    (
        "/stability",
        "stability",
        "Extended deterrence and stability",
        "A dyad of a built-in scenario: the warheads that reach the patron and the ally, "
        "first-strike stability, the patron's price of honouring its guarantee and the ally's "
        "exposure.",
    ),
    (
        "/law",
        "law",
        "Japan's legal limits",
        "What the Self-Defense Forces may do for U.S. forces on a date, in a situation, at a "
        "place, with the statute quoted; what changed between two dates.",
    ),
    (
        "/align",
        "align",
        "Alignment",
        "Landscape theory: the predicted coalitions of a built-in or uploaded instance, their "
        "basins, and what would bring a state onto the U.S.-Japan side.",
    ),
    (
        "/futures",
        "futures",
        "Futures",
        "The seed's futures side by side; with an exploration directory, its results filtered "
        "and plotted.",
    ),
]


class HeadMiddleware:
    """HEAD answered as GET without the body, on every route that answers GET (RFC 9110 9.3.2:
    the same status and header fields, no content; ``curl -I``, link checkers and uptime
    probes ask so): FastAPI's routes answer only the methods they are declared with, and HEAD
    on a page or a GET route was a 405. A HEAD on a path no GET route answers is passed on as
    HEAD (a 405 whose ``Allow`` names the route's methods, or a 404 naming HEAD); no answer to a
    HEAD carries a body, whatever the server does with one."""

    def __init__(self, app: ASGIApp, *, routes: list[Any]) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        as_get = {**scope, "method": "GET"}
        if any(route.matches(as_get)[0] == Match.FULL for route in self.routes):
            scope = as_get

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, without_body)


def _layout(title: str, page: str, body: str, charts: bool) -> str:
    current = ' aria-current="page"'
    nav = "".join(
        f'<a href="{path}"{current if stem == page else ""}>{name}</a>'
        for path, stem, name, _ in PAGE_LIST
    )
    scripts = []
    if charts:
        scripts.append('<script src="/static/vendor/plotly.min.js" defer></script>')
    scripts.append('<script src="/static/common.js" defer></script>')
    if (STATIC / f"{page}.js").is_file():
        scripts.append(f'<script src="/static/{page}.js" defer></script>')
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title} · anpo</title>\n"
        '<link rel="icon" href="data:,">\n'
        '<link rel="stylesheet" href="/static/app.css">\n' + "\n".join(scripts) + "\n</head>\n"
        f'<body data-page="{page}">\n'
        '<a class="skip" href="#main">Skip to the content</a>\n'
        '<header class="top"><a class="brand" href="/">anpo <span lang="ja">安保</span></a>'
        f'<nav aria-label="pages">{nav}</nav></header>\n'
        f'<main id="main" tabindex="-1">\n<h1>{title}</h1>\n{body}\n</main>\n'
        "<footer><p>anpo " + __version__ + " · local server, no data leaves this machine · "
        '<a href="/api">HTTP API</a></p></footer>\n'
        "</body>\n</html>\n"
    )


def _home_body() -> str:
    items = "".join(
        f'<li><a href="{path}">{name}</a><p>{desc}</p></li>' for path, _, name, desc in PAGE_LIST
    )
    return (
        '<p class="lead">What-if questions on the U.S.–Japan alliance, answered by the anpo '
        "models as you change the inputs. Every number on these pages is computed by the same "
        "library functions as <code>anpo report</code>, through this server's HTTP API.</p>"
        f'<ul class="cards">{items}</ul>'
    )


def _not_found_html() -> str:
    """The page a browser gets for an address that is no page of the app."""
    items = "".join(f'<li><a href="{path}">{name}</a></li>' for path, _, name, _ in PAGE_LIST)
    body = (
        '<p class="lead">There is no page at this address. The pages of this server:</p>'
        f'<ul>{items}<li><a href="/api">HTTP API</a></li></ul>'
    )
    return _layout("Page not found", "not-found", body, charts=False)


#: A limit a page's text names: ``{{limits.NAME}}`` in a page, filled from :mod:`anpo.web.limits`
#: so the text says the limit the server applies.
_LIMIT_RE = re.compile(r"\{\{limits\.([A-Z_]+)\}\}")


def _page_html(stem: str) -> str:
    text = (PAGES / f"{stem}.html").read_text(encoding="utf-8")
    return _LIMIT_RE.sub(lambda m: f"{getattr(limits, m.group(1)):,}", text)


def create_app(
    explore_dir: str | os.PathLike[str] | None = None,
    *,
    allowed_hosts: Iterable[str] | None = LOOPBACK_HOSTS,
    time_limit: float = limits.DEFAULT_TIME_LIMIT,
    max_concurrent: int = limits.MAX_CONCURRENT,
) -> FastAPI:
    """The anpo web application.

    ``explore_dir``: an exploration directory (``anpo explore run --out DIR``) whose results the
    futures page filters and plots; it is the only path the server reads from user input, and
    it is fixed here, at start-up. ``allowed_hosts``: host names accepted in the ``Host`` header
    (default: loopback names; ``None`` accepts any). ``time_limit``: seconds per computation.
    An ``explore_dir`` that is no folder path (a dict, an int) or is empty is an
    :class:`~anpo.errors.InputError` naming it.
    """
    app = FastAPI(
        title="anpo",
        version=__version__,
        description=(
            "The anpo models over HTTP: deterrence under missile defense, Japan's legal limits, "
            "landscape-theory alignment, futures. Every request body is validated with the "
            "library's own models; errors are 4xx JSON bodies naming the field."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.runner = Runner(time_limit, max_concurrent)
    app.state.explore_dir = (
        None
        if explore_dir is None
        else as_path(explore_dir, "explore_dir", what="a folder path").resolve()
    )
    errors.install(app, not_found_page=_not_found_html())

    from anpo.web import api_align, api_deterrence, api_futures, api_law, api_meta

    for module in (api_meta, api_deterrence, api_law, api_align, api_futures):
        app.include_router(module.router)

    @app.get("/", include_in_schema=False)
    async def home() -> HTMLResponse:
        return HTMLResponse(_layout("What if?", "home", _home_body(), charts=False))

    def add_page(path: str, stem: str, title: str, charts: bool = True) -> None:
        html = _layout(title, stem, _page_html(stem), charts=charts)

        async def page() -> HTMLResponse:
            return HTMLResponse(html)

        app.add_api_route(path, page, methods=["GET"], include_in_schema=False)

    for path, stem, title, _ in PAGE_LIST:
        add_page(path, stem, title)
    add_page("/api", "api", "HTTP API", charts=False)

    plotly_js = _plotly_js()

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    async def plotly() -> Response:
        return FileResponse(
            plotly_js,
            media_type="text/javascript",
            headers={"cache-control": "public, max-age=86400"},
        )

    media = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
    files = {
        f.name: (f.read_bytes(), media[Path(f.name).suffix])
        for f in STATIC.iterdir()
        if f.is_file() and Path(f.name).suffix in media
    }

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str, request: Request) -> Response:
        # the app's own files, read once at start-up: no path from the request reaches the disk
        if name not in files:
            msg = errors.not_found_message(request)
            return errors.error_response(404, msg, kind="http_error")
        content, media_type = files[name]
        return Response(
            content, media_type=media_type, headers={"cache-control": "public, max-age=300"}
        )

    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.add_middleware(
        SecurityMiddleware,
        max_body=limits.MAX_BODY_BYTES,
        allowed_hosts=None if allowed_hosts is None else list(allowed_hosts),
    )
    # outermost: a HEAD passes every other layer as the GET it stands for (the same headers)
    app.add_middleware(HeadMiddleware, routes=app.router.routes)
    return app


def _plotly_js() -> Path:
    """plotly.min.js from the installed ``plotly`` package (no CDN)."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():  # pragma: no cover - a broken plotly install
        from anpo.errors import AnpoError

        raise AnpoError(f"plotly.min.js not found in the installed plotly package ({path})")
    return path

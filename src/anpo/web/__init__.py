"""``anpo serve``: a local web application for what-if questions, over an HTTP API.

- :func:`anpo.web.app.create_app` builds the FastAPI application (pages, ``/api/``, OpenAPI
  schema at ``/openapi.json``); ``anpo serve`` runs it with uvicorn on the loopback interface.
- Every page is static HTML plus the app's own scripts (``anpo/web/static``) and plotly.js from
  the installed ``plotly`` package: nothing is fetched from the network.
- The API validates every request with the library's own models (``anpo.deterrence.layer.Layer``,
  the scenario model, the law vocabulary, the alignment instance schema); bad input gets a 4xx
  JSON body naming the field. Work per request is bounded by caps on the inputs
  (:mod:`anpo.web.limits`) and a wall-clock limit (:mod:`anpo.web.compute`).

The web extra (``pip install "anpo[web]"``) brings FastAPI, uvicorn, python-multipart and plotly.
"""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
    """Build the application (see :func:`anpo.web.app.create_app`)."""
    from anpo.web.app import create_app as _create

    return _create(*args, **kwargs)  # type: ignore[arg-type]

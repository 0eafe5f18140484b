"""Pieces shared by the API modules: strict request models, number text, the built-in book."""

from __future__ import annotations

import datetime as dt
import functools
import math
import types
import typing
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute, APIRouter
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from anpo._io.inputs import NoCoercedNumbers
from anpo.report.format import fmt_number

Probability = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


def _date_text(value: Any) -> Any:
    """A request's date is a JSON string ``YYYY-MM-DD`` (a :class:`datetime.date` from Python);
    pydantic also read a number as a Unix time (``0``: 1970-01-01, named in the refusal as if
    the caller had sent it), a digit string as one ("20200101": "Datetimes provided to dates
    should have zero time") and a date-time as its day. A string is read, and refused, by
    :func:`anpo.law.engine.to_date`, the reader of ``anpo law --date``: the same words on the
    command line and here ("2016-02-30" was "Input should be a valid date or datetime, day
    value is outside expected range" here).

    >>> _date_text("2016-03-29")
    datetime.date(2016, 3, 29)
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a date YYYY-MM-DD: {value!r} (a date is sent as a JSON string)")
    from anpo.errors import LawError
    from anpo.law.engine import to_date

    try:
        return to_date(value)
    except LawError as exc:
        raise ValueError(exc.message) from None


#: A date field of a request: a string ``YYYY-MM-DD``, nothing else (:func:`_date_text`).
IsoDate = Annotated[dt.date, BeforeValidator(_date_text)]


class Strict(NoCoercedNumbers):
    """A request model: unknown fields are errors, numbers must be finite and be numbers (a
    count sent as ``"5"`` or ``true`` is refused naming its field, as in the input files)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_strip_whitespace=True)


class Out(BaseModel):
    """A response model."""

    model_config = ConfigDict(extra="forbid")


class _StrictJSONRequest(Request):
    """A request whose JSON body is read by :func:`anpo.web.errors.strict_json` (a key given
    twice in an object is refused, not dropped)."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            from anpo.web.errors import strict_json

            self._json = strict_json(await self.body())
        return self._json


class StrictJSONRoute(APIRoute):
    """The API's routes (``APIRouter(route_class=StrictJSONRoute)``): a JSON body with a key
    given twice gets a 422 naming the key (:func:`anpo.web.errors.strict_json`); FastAPI read
    the last value and dropped the others without a word."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(_StrictJSONRequest(request.scope, request.receive))

        return strict


def runner(request: Request) -> Any:
    """The application's :class:`anpo.web.compute.Runner`."""
    return request.app.state.runner


#: The runner as a route dependency: ``run: RunnerDep``.
RunnerDep = Annotated[Any, Depends(runner)]


def _repeatable(field: Any) -> bool:
    """Whether a query parameter takes several values (``list[str]`` and the like: given more
    than once by design, ``?id=a&id=b``)."""
    annotation = getattr(getattr(field, "field_info", None), "annotation", None)
    arms = typing.get_args(annotation) if typing.get_origin(annotation) in _UNIONS else ()
    return any(
        typing.get_origin(a) in (list, tuple, set, frozenset) or a in (list, tuple, set)
        for a in (*arms, annotation)
    )


_UNIONS = (typing.Union, types.UnionType)


def _query_names(route: Any) -> frozenset[str]:
    """The query parameters ``route`` reads (its dependencies' included) that take one value
    each (a list parameter is repeated by design). Walked once per route, not per request: a
    route's parameters are fixed when the app is built, so the answer is kept on the route
    (routes are unhashable: no ``functools.cache``)."""
    kept = getattr(route, _QUERY_NAMES, None)
    if kept is not None:
        return kept
    names = _walk_query_names(route)
    if route is not None:
        setattr(route, _QUERY_NAMES, names)
    return names


_QUERY_NAMES = "_anpo_query_names"


def _walk_query_names(route: Any) -> frozenset[str]:
    """:func:`_query_names` without the keeping."""
    names: set[str] = set()
    todo = [getattr(route, "dependant", None)]
    while todo:
        dependant = todo.pop()
        if dependant is None:
            continue
        names.update(f.alias for f in getattr(dependant, "query_params", ()) if not _repeatable(f))
        todo.extend(getattr(dependant, "dependencies", ()))
    return frozenset(names)


def one_value_each(request: Request) -> None:
    """A dependency of every API route: a query parameter the route reads given more than once
    (``?dyad=USA-CHN&dyad=USA-RUS``) is refused naming it (:class:`InputError` at
    ``query.NAME``); FastAPI answered for the last value and dropped the others silently.
    Parameters the route does not read are ignored, once or more (a cache-buster's)."""
    names = _query_names(request.scope.get("route"))
    seen: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        if name in names:
            seen.setdefault(name, []).append(value)
    for name, values in seen.items():
        if len(values) > 1:
            from anpo.errors import InputError

            shown = ", ".join(repr(v[:40]) for v in values[:5])
            more = ", ..." if len(values) > 5 else ""
            raise InputError(
                f"given {len(values)} times ({shown}{more}); give it once",
                field=f"query.{name[:64]}",
            )


def api_router(prefix: str, tag: str) -> APIRouter:
    """An API module's router: its error answers documented (:data:`anpo.web.errors.
    ERROR_RESPONSES`), JSON bodies read strictly (:class:`StrictJSONRoute`) and each query
    parameter given once (:func:`one_value_each`), in one place for every module."""
    from anpo.web.errors import ERROR_RESPONSES

    return APIRouter(
        prefix=prefix,
        tags=[tag],
        responses=ERROR_RESPONSES,
        route_class=StrictJSONRoute,
        dependencies=[Depends(one_value_each)],
    )


def possessive(name: str) -> str:
    """The possessive of a state's name, as the report writes it: "the United States'
    interceptors", "China's force".

    >>> possessive("United States"), possessive("China")
    ("United States'", "China's")
    """
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def prob_text(p: float) -> str:
    """A deterrence model's probability as the report and ``anpo stability`` print it:
    :func:`anpo.report.format.fmt_number` with kind ``"resolved"`` (three significant figures,
    "< 0.001" and "> 0.999" at the model's resolution, "0" and "1" only for an exact 0 or 1).

    P(all 10 of 10 warheads arrive) through a salvo of 4 shots at SSPK 0.5 each,
    0.0625**10 = 9.1e-13 (Wilkening 1999, the arithmetic of ``anpo defense``), is a possible
    event and reads "< 0.001", never "0"; an ally's exposure of 1 - 4.9e-13 reads "> 0.999",
    never "1".

    >>> [prob_text(x) for x in (0.0, 9.1e-13, 0.25, 1 - 4.9e-13, 1.0)]
    ['0', '< 0.001', '0.25', '> 0.999', '1']
    """
    return fmt_number(float(p), "resolved")


def percent_text(p: float) -> str:
    """A deterrence model's probability of warheads arriving (P(at least m), P(none), a term
    of their distribution, the ally's exposure, the patron's price) as the report and the
    futures' scorecard print it, a percentage: :func:`anpo.report.format.fmt_number` with kind
    ``"resolved-percent"`` ("< 0.1%" and "> 99.9%" at the model's resolution, "0%" and
    "100%" only for an exact 0 or 1). The JSON's number beside it stays the fraction (0-1).

    >>> [percent_text(x) for x in (0.0, 9.1e-13, 0.25, 1 - 4.9e-13, 1.0)]
    ['0%', '< 0.1%', '25%', '> 99.9%', '100%']
    """
    return fmt_number(float(p), "resolved-percent")


def percent_text_logs(
    p: float,
    log10_p: float,
    log10_rest: float = float("nan"),
    possible: tuple[bool | None, bool | None] = (None, None),
) -> str:
    """:func:`percent_text` of a probability whose float may have lost it: ``log10_p`` and
    ``log10_rest`` are the logarithms of ``p`` and ``1 - p`` computed in log space
    (:meth:`anpo.deterrence.defense.EngagementResult.log10_p_at_least`; NaN: not known). A float
    0 of a possible event (finite ``log10_p``: 1e-15000) reads "< 0.1%", a float 1 of an event
    that is not certain "> 99.9%", as any value that close to the ends; "0%" and "100%" are
    an impossible and a certain event's (``-inf`` logs), whatever noise a float sum carries.
    Without logs, ``possible`` says whether ``p`` and ``1 - p`` are positive, decided exactly
    (:meth:`anpo.deterrence.defense.EngagementResult.possible_tails`; None: not known).

    >>> percent_text_logs(0.0, -15000.0), percent_text_logs(1.0, 0.0, -15000.0)
    ('< 0.1%', '> 99.9%')
    >>> percent_text_logs(0.0, float("-inf")), percent_text_logs(1.0, 0.0, float("-inf"))
    ('0%', '100%')
    """
    from anpo.deterrence.logprob import shown_value

    return percent_text(
        shown_value(p, log10_p, log10_rest, possible=possible[0], rest_possible=possible[1])
    )


def finite(x: float) -> float:
    """``x`` as a float, as computed: the API never sends NaN or infinities (a ValueError).

    A tiny value is sent as it is, never as 0: a JSON float holds ``1e-300``, and a probability
    of 9.1e-13, whose text beside it (:func:`prob_text`) reads "< 0.001", is a possible event,
    not the impossible one a 0 says (this clipped values below 1e-15 to 0).

    >>> finite(9.1e-13), finite(1e-300), finite(0.0), finite(-2.5e-17)
    (9.1e-13, 1e-300, 0.0, -2.5e-17)
    """
    x = float(x)
    if not math.isfinite(x):
        raise ValueError("non-finite value in a result")
    return x


@functools.lru_cache(maxsize=1)
def book() -> dict[str, Any]:
    """The built-in scenario book by scenario id (loaded once, immutable)."""
    from anpo.scenario import load_book

    return {s.scenario.id: s for s in load_book()}


def actor_name(scenario: Any, actor_id: str) -> str:
    """The scenario's name for an actor id."""
    try:
        return str(scenario.actor(actor_id).name)
    except KeyError:
        return actor_id

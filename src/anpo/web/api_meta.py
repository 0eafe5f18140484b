"""``/api/health`` and ``/api/limits``: what the server is and what it accepts."""

from __future__ import annotations

from fastapi import Request

from anpo import __version__
from anpo.web import limits
from anpo.web.common import Out, api_router

router = api_router("/api", "meta")


class Health(Out):
    status: str
    version: str
    explore: bool


class Limits(Out):
    """The caps on one request (see :mod:`anpo.web.limits`)."""

    max_body_bytes: int
    max_url_bytes: int
    time_limit_seconds: float
    max_rvs: int
    max_layers: int
    max_interceptors: int
    max_salvo_shots: int
    max_look_shots: int
    max_decoy_objects: int
    max_m_values: int
    max_grid_points: int
    max_reaction_m: int
    max_reaction_warheads: int
    max_warheads_per_launcher: int
    max_allocation: int
    max_actors: int
    max_actors_whatif: int
    max_actors_three_coalitions: int
    max_name_chars: int
    max_result_rows: int


@router.get("/health", response_model=Health)
async def health(request: Request) -> Health:
    """The server is up; its version; whether an exploration directory was given."""
    return Health(
        status="ok", version=__version__, explore=request.app.state.explore_dir is not None
    )


@router.get("/limits", response_model=Limits)
async def get_limits(request: Request) -> Limits:
    """The caps on one request's inputs and the time limit."""
    return Limits(
        max_body_bytes=limits.MAX_BODY_BYTES,
        max_url_bytes=limits.MAX_URL_BYTES,
        time_limit_seconds=request.app.state.runner.time_limit,
        max_rvs=limits.MAX_RVS,
        max_layers=limits.MAX_LAYERS,
        max_interceptors=limits.MAX_INTERCEPTORS,
        max_salvo_shots=limits.MAX_SALVO_SHOTS,
        max_look_shots=limits.MAX_LOOK_SHOTS,
        max_decoy_objects=limits.MAX_DECOY_OBJECTS,
        max_m_values=limits.MAX_M_VALUES,
        max_grid_points=limits.MAX_GRID_POINTS,
        max_reaction_m=limits.MAX_REACTION_M,
        max_reaction_warheads=limits.MAX_REACTION_WARHEADS,
        max_warheads_per_launcher=limits.MAX_WARHEADS_PER_LAUNCHER,
        max_allocation=limits.MAX_ALLOCATION,
        max_actors=limits.MAX_ACTORS,
        max_actors_whatif=limits.MAX_ACTORS_WHATIF,
        max_actors_three_coalitions=limits.MAX_ACTORS_THREE,
        max_name_chars=limits.MAX_NAME_CHARS,
        max_result_rows=limits.MAX_RESULT_ROWS,
    )

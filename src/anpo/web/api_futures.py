"""``/api/futures``: the futures scorecard and an exploration directory's results."""

from __future__ import annotations

from fastapi import APIRouter

from anpo.web.errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/futures", tags=["futures"], responses=ERROR_RESPONSES)

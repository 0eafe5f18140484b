"""Deprecated alias of :mod:`anpo.deterrence.defense`, kept for the names issue 2 fixed.

Issue 2 fixed ``anpo.defense.engagement``, ``inventory_engagement``, ``layered_leak``,
``shots_required`` and ``shoot_look_shoot``; the interception model [wilkening1999] now lives in
:mod:`anpo.deterrence.defense`, its one home. This module holds no code: it re-exports those
names from there, the same objects, and warns once (a ``DeprecationWarning`` naming the new
module) when it is first imported. Import from :mod:`anpo.deterrence.defense` instead.
"""

from __future__ import annotations

import warnings

from anpo.deterrence.defense import (
    engagement,
    inventory_engagement,
    layered_leak,
    shoot_look_shoot,
    shots_required,
)

__all__ = [
    "engagement",
    "inventory_engagement",
    "layered_leak",
    "shots_required",
    "shoot_look_shoot",
]

warnings.warn(
    "anpo.defense is a deprecated alias: import from anpo.deterrence.defense",
    DeprecationWarning,
    stacklevel=2,
)

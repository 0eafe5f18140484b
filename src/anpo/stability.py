"""Deprecated alias of :mod:`anpo.deterrence.stability`, kept for the names issue 2 fixed.

Issue 2 fixed ``anpo.stability.kent_thaler_cost``, ``fss_index``, ``deterred``,
``richardson_equilibrium`` and ``richardson_discrete``; they now live in
:mod:`anpo.deterrence.stability` (the Kent-Thaler cost and index, [kent1989]) and
:mod:`anpo.deterrence.classical` (Intriligator-Brito, Richardson), and
:mod:`anpo.deterrence.stability` exports all five. This module holds no code: it re-exports
them from there, the same objects, and warns once (a ``DeprecationWarning`` naming the new
module) when it is first imported. Import from :mod:`anpo.deterrence.stability` instead.
"""

from __future__ import annotations

import warnings

# dup-ok: a deprecated alias module, alike in shape to anpo.defense (docstring, re-exports,
# one warning): each names its own new module.
from anpo.deterrence.stability import (
    deterred,
    fss_index,
    kent_thaler_cost,
    richardson_discrete,
    richardson_equilibrium,
)

__all__ = [
    "kent_thaler_cost",
    "fss_index",
    "deterred",
    "richardson_equilibrium",
    "richardson_discrete",
]

warnings.warn(
    "anpo.stability is a deprecated alias: import from anpo.deterrence.stability",
    DeprecationWarning,
    stacklevel=2,
)

"""Landscape theory of aggregation: an exact, fast alignment engine.

Axelrod & Bennett, "A Landscape Theory of Aggregation", *BJPolS* 23(2):211-233 (1993). Public
API::

    from anpo.align import landscape
    L = landscape(sizes, propensity, names)        # two coalitions by default
    L.energy(config); L.global_minimum(); L.local_minima()

Modules: :mod:`~anpo.align.model` (energy, frustration, validation), :mod:`~anpo.align.enum2` and
:mod:`~anpo.align.enumk` (exhaustive enumeration with basins), :mod:`~anpo.align.exact` (proven
optima beyond enumeration), :mod:`~anpo.align.heuristics` (hundreds of actors),
:mod:`~anpo.align.io` (instance files), :mod:`~anpo.align.recipe` (propensities from data),
:mod:`~anpo.align.whatif` (smallest propensity changes; scenario options).
"""

from anpo.align.landscape import Landscape, Minimum, Solution, landscape
from anpo.align.model import energy, frustration, normalize

__all__ = ["Landscape", "Minimum", "Solution", "energy", "frustration", "landscape", "normalize"]

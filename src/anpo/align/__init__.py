"""Landscape theory of aggregation: an exact, fast alignment engine.

Axelrod & Bennett, "A Landscape Theory of Aggregation", *BJPolS* 23(2):211-233 (1993). Public
API::

    from anpo.align import landscape
    L = landscape(sizes, propensity, names)        # two coalitions by default
    L.energy(config); L.global_minimum(); L.local_minima()

Modules: :mod:`~anpo.align.formal` (energy, frustration, validation), :mod:`~anpo.align.enum2` and
:mod:`~anpo.align.enumk` (exhaustive enumeration with basins), :mod:`~anpo.align.exact` (proven
optima beyond enumeration), :mod:`~anpo.align.heuristics` (hundreds of actors),
:mod:`~anpo.align.io` (instance files), :mod:`~anpo.align.recipe` (propensities from data),
:mod:`~anpo.align.whatif` (smallest propensity changes; scenario options).
"""

from anpo.align.formal import energy, frustration, normalize
from anpo.align.landscape import Landscape, Minimum, Solution, landscape

__all__ = ["Landscape", "Minimum", "Solution", "energy", "frustration", "landscape", "normalize"]


# The module's old name, for code written against it while other branches move over (issue 16:
# module names say what a module holds). Remove after the next release.
import sys as _sys  # noqa: E402

from anpo.align import formal as _formal  # noqa: E402

_sys.modules.setdefault(__name__ + ".model", _formal)

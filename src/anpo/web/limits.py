"""Caps on the work one API request may ask for.

Every cap is enforced by the request models (pydantic ``Field`` bounds or validators), so a
request beyond it is a 422 naming the field, before any computation starts. The caps were chosen
so that the slowest request they allow finishes in about a second on a 2-core machine
(``benchmarks/web_load.py`` measures the usual ones); the wall-clock limit
(:data:`DEFAULT_TIME_LIMIT`) is the second line of defence.
"""

from __future__ import annotations

#: Largest request body accepted (bytes); uploads included.
MAX_BODY_BYTES = 1_000_000

#: Wall-clock limit of one computation (seconds); ``anpo serve --time-limit`` changes it.
DEFAULT_TIME_LIMIT = 10.0

#: Computations running at once; others wait (their wait counts towards the time limit).
MAX_CONCURRENT = 4

# ----------------------------------------------------------------- deterrence
MAX_RVS = 2_000
MAX_LAYERS = 4
MAX_INTERCEPTORS = 20_000
MAX_DECOYS_PER_RV = 10
#: rvs x decoys_per_rv (the decoy model's cost grows with the objects in flight)
MAX_DECOY_OBJECTS = 1_000
#: Work units of an engagement with decoys (:func:`engagement_work`): about 2 s at most on a
#: 2-core machine (measured 3-8 microseconds a unit).
MAX_ENGAGEMENT_WORK = 250_000
MAX_M_VALUES = 10
MAX_GRID_POINTS = 60
MAX_LAUNCHERS = 20_000
#: warheads the reaction-curve search may consider: warheads per launcher x max_launchers + the
#: other warheads (the search runs over launcher counts up to max_launchers)
MAX_REACTION_WARHEADS = 2_000
#: largest scale factor applied to a scenario's forces or interceptors on the dyad page
MAX_SCALE = 5.0

# ----------------------------------------------------------------- alignment
#: actors of an uploaded or posted instance (local minima and basins enumerate 2^(n-1) splits)
MAX_ACTORS = 22
#: actors with three coalitions (local minima and basins enumerate 3^(n-1) / 2 configurations:
#: 12 actors, 88,574 of them; 20 actors, 581 million, minutes of work)
MAX_ACTORS_THREE = 12
#: "what would bring state X in" (exact MIP over every configuration)
MAX_ACTORS_WHATIF = 20
MAX_UPLOAD_BYTES = 200_000

# ----------------------------------------------------------------- law
MAX_DIFF_ROWS = 500

# ----------------------------------------------------------------- exploration results
MAX_RESULT_ROWS = 5_000
MAX_FILTERS = 20


def engagement_work(rvs: int, decoys_per_rv: int, exo_layers: int) -> int:
    """Work units of the exact engagement (``anpo.deterrence.defense.arrivals``) with decoys.

    Without decoys the distribution is one-dimensional and cheap. Decoys are seen only by the
    exo-atmospheric layers (the atmosphere strips them): with none of those engaging, decoys cost
    nothing. With ``D = rvs x d`` decoys, the first exo-atmospheric layer splits one state over
    the ``rvs + D`` objects (linear: 1,000 warheads and 1,000 decoys through one layer, any
    doctrine and reliability mode, take 6-300 ms); every further exo-atmospheric layer processes
    each of the ``(rvs + 1)(D + 1)`` joint states of surviving warheads and decoys over their
    objects. Calibrated on ``layered_engagement`` (e.g. 40 RVs, 2 decoys each, two layers: 4e5
    units, 1.7 s; 30 RVs, 3 decoys, three layers: 6.8e5 units, 4.2 s).
    """
    decoys = rvs * decoys_per_rv
    if decoys == 0 or exo_layers <= 0:
        return 0
    later = exo_layers - 1
    return rvs + decoys + later * (rvs + 1) * (decoys + 1) * (rvs + decoys)

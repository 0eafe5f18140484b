"""Bounds of deterrence inputs that more than one interface keeps, one name per quantity.

The command line, the web API and the scenario files each check these bounds and say them in
their help, limits and schema, from the names here: a literal typed in each place drifted
(``anpo defense`` took any number of ``-m`` values where the API took 10; scenario files kept
their own ``64`` for warheads per launcher in three places). They are anpo's bounds on work,
not published figures.

A module without imports: the command line's help reads it when the program starts, where it
loads neither pydantic nor numpy.
"""

from __future__ import annotations

__all__ = [
    "MAX_COUNTERFORCE_WARHEADS_PER_LAUNCHER",
    "MAX_GRID_POINTS",
    "MAX_M_VALUES",
    "MAX_WARHEADS_PER_LAUNCHER",
]

#: How many values of m one engagement reports P(at least m arrive) for: the ``-m`` options of
#: ``anpo defense``, the ``m`` list of ``POST /api/deterrence/engagement`` (its page's
#: "P(at least m arrive) for m =" field) and a scenario file's ``[settings] m_values`` (it had
#: no bound on its length: 2,000 values validated, each a row of every variant's tables). Each m
#: is one tail of the leaker distribution in the table and the JSON; ten covers the book's lists
#: (1, 5, 10 and the like) with room to spare.
MAX_M_VALUES = 10

#: Interceptor counts one reaction curve is computed at, each a search over the rival's launcher
#: counts: the ``interceptors`` of ``POST /api/deterrence/reaction`` (``GET /api/limits``:
#: ``max_grid_points``) and a scenario file's ``[settings] interceptor_grid`` (it had no bound on
#: its length: 500 points validated, each one more search for every variant and dyad in
#: ``anpo stability`` and the report). The book's grids have 9 points.
MAX_GRID_POINTS = 60

#: Warheads one launcher of a force component carries: a scenario file's
#: ``[[forces]] warheads_per_launcher`` and the web reaction curve's growing force
#: (``Growth.warheads_per_launcher``, ``GET /api/limits``: ``max_warheads_per_launcher``). The
#: exchange's and the reaction curve's work grows with the warheads a launcher puts in flight
#: (the scenario files' limits checked when read, 2026-11-30).
MAX_WARHEADS_PER_LAUNCHER = 64

#: A different quantity with the same bound: the striker's counterforce warheads aimed at one
#: launcher, the cap a scenario file may set (``[settings] max_warheads_per_launcher``; no cap:
#: up to the striker's budget).
MAX_COUNTERFORCE_WARHEADS_PER_LAUNCHER = 64

"""Relations from real data: dyad-years, similarity of alliance portfolios, and roles.

- :mod:`anpo.relations.dyads`: state-years and dyad-years (false dyads removed) and joins.
- :mod:`anpo.relations.capabilities`: CINC recomputed from the NMC components.
"""

from __future__ import annotations

from anpo.relations.capabilities import cinc, component_shares
from anpo.relations.dyads import (
    add_alliances,
    add_capabilities,
    add_contiguity,
    add_cow_alliances,
    add_democracy,
    add_disputes,
    add_ideal_points,
    add_majors,
    add_rivalries,
    dyad_years,
    false_dyads,
    state_years,
)

__all__ = [
    "add_alliances",
    "add_capabilities",
    "add_contiguity",
    "add_cow_alliances",
    "add_democracy",
    "add_disputes",
    "add_ideal_points",
    "add_majors",
    "add_rivalries",
    "cinc",
    "component_shares",
    "dyad_years",
    "false_dyads",
    "state_years",
]

"""Relations from real data: dyad-years, similarity of alliance portfolios, and roles.

- :mod:`anpo.relations.dyads`: state-years and dyad-years (false dyads removed) and joins.
- :mod:`anpo.relations.capabilities`: CINC recomputed from the NMC components.
- :mod:`anpo.relations.similarity`: S, tau-b, kappa, pi, alignment index (scalar and matrix).
- :mod:`anpo.relations.portfolios`: alliance portfolios and scores for every dyad-year.
- :mod:`anpo.relations.taxonomy`: roles relative to a focal state (ally, strategic rival,
  rogue state), :func:`roles`; thresholds in ``roles_default.toml``.
- :mod:`anpo.relations.validate`: the roles against independent codings (``anpo roles
  validate``); :mod:`anpo.relations.fit`: the thresholds fitted on training years.
- :mod:`anpo.relations.build`: dyad-years with joins from the catalog (``anpo dyads``).
- :mod:`anpo.relations.report`: the report section on Asia-Pacific roles.
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
    focal_dyad_years,
    gw_to_cow,
    state_years,
    unmatched_focal_rivalries,
    unmatched_rivalries,
)
from anpo.relations.portfolios import alliance_portfolios, similarity_dyad_years
from anpo.relations.similarity import (
    alignment_index,
    cohen_kappa,
    s_score,
    scott_pi,
    similarity_matrices,
    similarity_matrix,
    tau_b,
)
from anpo.relations.taxonomy import (
    RoleThresholds,
    load_thresholds,
    prepare_roles,
    roles,
    roles_from_catalog,
    roles_panel,
)
from anpo.relations.validate import load_codings, validate_roles

__all__ = [
    "RoleThresholds",
    "load_codings",
    "load_thresholds",
    "prepare_roles",
    "roles",
    "roles_from_catalog",
    "roles_panel",
    "validate_roles",
    "alignment_index",
    "alliance_portfolios",
    "cohen_kappa",
    "s_score",
    "scott_pi",
    "similarity_dyad_years",
    "similarity_matrices",
    "similarity_matrix",
    "tau_b",
    # dup-ok: the package re-exports the public names of anpo.relations.dyads (the same list as its
    # __all__).
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
    "focal_dyad_years",
    "gw_to_cow",
    "state_years",
    "unmatched_focal_rivalries",
    "unmatched_rivalries",
]

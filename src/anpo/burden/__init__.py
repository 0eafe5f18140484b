"""Burden sharing in alliances: who pays for the common defense.

Models (each function cites its source): the Olson-Zeckhauser exploitation test and partial rank
correlations (:mod:`anpo.burden.stats`), Nash equilibria of voluntary contributions to a pure
public good and to a joint product (:mod:`anpo.burden.equilibrium`), alliance membership over
time (:mod:`anpo.burden.membership`), Japan's host-nation support (:mod:`anpo.burden.japan`) and
alliance-year panels joined to SIPRI / NMC data (:mod:`anpo.burden.panel`).
"""

from anpo.burden.equilibrium import (
    NashResult,
    cobb_douglas,
    nash_contributions,
    nash_joint_product_symmetric_closed_form,
    nash_public_good_closed_form,
)
from anpo.burden.stats import (
    ExploitationResult,
    exploitation_test,
    p_value_from_r,
    partial_rank_correlation,
    spearman_rho,
)

__all__ = [
    "ExploitationResult",
    "NashResult",
    "cobb_douglas",
    "exploitation_test",
    "nash_contributions",
    "nash_joint_product_symmetric_closed_form",
    "nash_public_good_closed_form",
    "p_value_from_r",
    "partial_rank_correlation",
    "spearman_rho",
]

"""Burden sharing in alliances: who pays for the common defense.

Models (each function cites its source): the Olson-Zeckhauser exploitation test and partial rank
correlations (:mod:`anpo.burden.stats`), Nash equilibria of voluntary contributions to a pure
public good and to a joint product (:mod:`anpo.burden.equilibrium`), alliance membership over
time (:mod:`anpo.burden.membership`), Japan's host-nation support (:mod:`anpo.burden.japan`) and
alliance-year panels joined to SIPRI / NMC data (:mod:`anpo.burden.panel`).
"""

from typing import TYPE_CHECKING, Any

#: The years the burden commands take (``--year``) and a Japan facts file may hold: 1800-2100.
YEARS = (1800, 2100)

if TYPE_CHECKING:  # pragma: no cover
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

_LAZY = {
    "NashResult": "anpo.burden.equilibrium",
    "cobb_douglas": "anpo.burden.equilibrium",
    "nash_contributions": "anpo.burden.equilibrium",
    "nash_joint_product_symmetric_closed_form": "anpo.burden.equilibrium",
    "nash_public_good_closed_form": "anpo.burden.equilibrium",
    "ExploitationResult": "anpo.burden.stats",
    "exploitation_test": "anpo.burden.stats",
    "p_value_from_r": "anpo.burden.stats",
    "partial_rank_correlation": "anpo.burden.stats",
    "spearman_rho": "anpo.burden.stats",
}

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


def __getattr__(name: str) -> Any:
    """Import the public names on first use (keeps ``import anpo.burden.membership`` light)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'anpo.burden' has no attribute {name!r}")

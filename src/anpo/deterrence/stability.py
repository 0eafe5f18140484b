"""First-strike stability: the Kent-Thaler cost and index over both exchanges of a dyad.

Sources
-------
- [kent1989, App. C]: the cost function and its conventions.
- [schelling1960, ch. 9]: the reciprocal fear of surprise attack.

``deterred`` and ``richardson_equilibrium`` live in :mod:`anpo.deterrence.classical` and are
importable from here by those names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from anpo.deterrence.classical import deterred, richardson_equilibrium, schelling_instability
from anpo.deterrence.exchange import (
    ExchangeResult,
    ExchangeSettings,
    SideArrays,
    first_strike,
)
from anpo.errors import InputError

__all__ = [
    "kent_thaler_cost",
    "fss_index",
    "deterred",
    "richardson_equilibrium",
    "StabilityResult",
    "exchange",
]


def kent_thaler_cost(
    own_damage: float | np.ndarray,
    enemy_damage: float | np.ndarray,
    exponent: float = 0.75,
    surcharge: float = 0.3,
) -> float | np.ndarray:
    """Kent-Thaler cost of an exchange to a side: ``C = D_own^0.75 + 0.3 (1 - D_enemy^0.75)``.

    ``D`` are fractions of value destroyed [kent1989, App. C]. Own damage weighs most; failing
    to damage the enemy adds a surcharge. ``exponent`` and ``surcharge`` are parameters (defaults
    are Kent & Thaler's).

    >>> round(kent_thaler_cost(0.5, 0.9), 4)
    0.6174
    """
    own = np.asarray(own_damage, dtype=float)
    enemy = np.asarray(enemy_damage, dtype=float)
    for name, arr in (("own_damage", own), ("enemy_damage", enemy)):
        if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr > 1):
            raise InputError("damage must be a fraction in [0, 1]", field=name)
    cost = own**exponent + surcharge * (1.0 - enemy**exponent)
    return float(cost) if cost.ndim == 0 else cost


def fss_index(
    c1_a: float | np.ndarray,
    c2_a: float | np.ndarray,
    c1_b: float | np.ndarray,
    c2_b: float | np.ndarray,
) -> float | np.ndarray:
    """First-strike stability index ``(C1_A/C2_A) * (C1_B/C2_B)``, each ratio capped at 1.

    ``C1_X`` is X's cost if X strikes first, ``C2_X`` its cost if struck first [kent1989]. 1 means neither side gains by going first; lower values are less stable. A side whose
    cost of being struck first is 0 gains nothing by striking first (ratio 1).
    """
    arrs = [np.asarray(x, dtype=float) for x in (c1_a, c2_a, c1_b, c2_b)]
    if any(np.any(a < 0) or not np.all(np.isfinite(a)) for a in arrs):
        raise InputError("costs must be finite and non-negative", field="cost")
    c1a, c2a, c1b, c2b = arrs
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ra = np.where(c2a > 0, np.minimum(1.0, c1a / np.where(c2a > 0, c2a, 1.0)), 1.0)
        rb = np.where(c2b > 0, np.minimum(1.0, c1b / np.where(c2b > 0, c2b, 1.0)), 1.0)
    out = ra * rb
    return float(out) if out.ndim == 0 else out


@dataclass
class StabilityResult:
    """Both first-strike exchanges of a dyad and the indices derived from them (arrays ``(P,)``)."""

    a_first: ExchangeResult
    b_first: ExchangeResult
    fss: np.ndarray
    schelling: np.ndarray

    @property
    def c1_a(self) -> np.ndarray:
        return self.a_first.striker_cost

    @property
    def c2_a(self) -> np.ndarray:
        return self.b_first.victim_cost

    @property
    def c1_b(self) -> np.ndarray:
        return self.b_first.striker_cost

    @property
    def c2_b(self) -> np.ndarray:
        return self.a_first.victim_cost


def exchange(
    side_a: SideArrays, side_b: SideArrays, settings: ExchangeSettings | None = None
) -> StabilityResult:
    """Both exchanges of a dyad, the first-strike stability index and Schelling's index.

    ``FSS = min(1, C1_A/C2_A) * min(1, C1_B/C2_B)`` [kent1989] and Schelling's
    ``(D1 - D2)(d1 - d2)``, where D1/D2 is the damage A inflicts on B striking first/second.
    Vectorised over the P parameter points.
    """
    a_first = first_strike(side_a, side_b, settings)
    b_first = first_strike(side_b, side_a, settings)
    fss = np.asarray(
        fss_index(
            a_first.striker_cost, b_first.victim_cost, b_first.striker_cost, a_first.victim_cost
        )
    )
    sch = np.asarray(
        schelling_instability(
            a_first.victim_damage,
            b_first.striker_damage,
            b_first.victim_damage,
            a_first.striker_damage,
        )
    )
    return StabilityResult(a_first=a_first, b_first=b_first, fss=fss, schelling=sch)

"""First-strike stability: each side's cost of striking first and of being struck first.

Sources
-------
- [kent1989, App. C]: the cost function and the first-strike stability index
  ``FSS = (C1_A / C2_A) (C1_B / C2_B)``, each ratio capped at 1.

For lopsided pairs the index can be an artefact: when one side has no warheads that can reach
the other, its costs do not depend on who strikes first and the index says nothing (it would
read "perfectly stable"). :func:`dyad` therefore reports the four costs and each side's
first-strike incentive ``C2 - C1`` (what the side saves by going first), and gives the index only
where both sides have forces that can reach the other, otherwise no value with the reason.

``deterred`` and ``richardson_equilibrium`` live in :mod:`anpo.deterrence.classical` and are
importable from here by those names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from anpo.deterrence.classical import deterred, richardson_equilibrium
from anpo.deterrence.exchange import (
    ExchangeSettings,
    Side,
    StrikeResult,
    StrikeWork,
    first_strike,
)
from anpo.errors import InputError

# dup-ok: __all__ and signatures of float-or-array functions: alike only in shape to
# anpo.deterrence.classical.
__all__ = [
    "kent_thaler_cost",
    "fss_index",
    "deterred",
    "richardson_equilibrium",
    "DyadStability",
    "dyad",
    "deliverable_warheads",
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

    ``C1_X`` is X's cost if X strikes first, ``C2_X`` its cost if struck first [kent1989]. 1
    means neither side gains by going first; lower values are less stable. A side whose cost of
    being struck first is 0 gains nothing by striking first (ratio 1).
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


def deliverable_warheads(side: Side, other: str) -> int:
    """Warheads of ``side`` on forces that can reach ``other``'s territory."""
    return int(sum(f.launchers * f.warheads_per_launcher for f in side.reaching(other)))


@dataclass
class DyadStability:
    """Both first-strike exchanges of a dyad and what they say about stability.

    ``c1_x``: X's expected cost if X strikes first; ``c2_x``: if X is struck first
    [kent1989]; ``incentive_x = c2_x - c1_x`` (positive: X is better off striking first);
    ``fss``: the index, or None with ``fss_reason`` when it is undefined; ``unarmed``: the sides
    (actor ids) with no warheads that can reach the other (see :meth:`defined`).
    """

    a: str
    b: str
    a_first: StrikeResult
    b_first: StrikeResult
    fss: float | None
    fss_reason: str | None
    unarmed: tuple[str, ...] = ()

    def defined(self) -> dict[str, float | None]:
        """The four costs and two incentives, None where the measure does not exist.

        A side with no warheads that can reach the other cannot strike first: its cost of
        striking first and the other side's cost of being struck first are the costs of an
        attack that cannot happen, and both incentives (each a difference involving one of
        them) are undefined, not 0 [kent1989 defines them for two armed sides]. The exchange
        still computes numbers for them (a "strike" with no warheads), which :attr:`c1_a` and
        the other properties return; tables and pages show these values instead.
        """
        out: dict[str, float | None] = {
            "c1_a": self.c1_a,
            "c2_a": self.c2_a,
            "incentive_a": self.incentive_a,
            "c1_b": self.c1_b,
            "c2_b": self.c2_b,
            "incentive_b": self.incentive_b,
        }
        if self.unarmed:
            out["incentive_a"] = out["incentive_b"] = None
        if self.a in self.unarmed:
            out["c1_a"] = out["c2_b"] = None
        if self.b in self.unarmed:
            out["c1_b"] = out["c2_a"] = None
        return out

    # dup-ok: the four cost properties are alike in shape: each names one cost of one of the two
    # strikes.
    @property
    def c1_a(self) -> float:
        return self.a_first.striker_cost

    @property
    def c2_a(self) -> float:
        return self.b_first.victim_cost

    @property
    def c1_b(self) -> float:
        return self.b_first.striker_cost

    @property
    def c2_b(self) -> float:
        return self.a_first.victim_cost

    @property
    def incentive_a(self) -> float:
        return self.c2_a - self.c1_a

    @property
    def incentive_b(self) -> float:
        return self.c2_b - self.c1_b


def dyad(
    side_a: Side,
    side_b: Side,
    settings: ExchangeSettings | None = None,
    when: str = "",
    reuse: DyadStability | None = None,
    allocations: tuple[Mapping[str, int] | None, Mapping[str, int] | None] | None = None,
    work: tuple[StrikeWork, StrikeWork] | None = None,
) -> DyadStability:
    """Both exchanges of a dyad (:func:`anpo.deterrence.exchange.first_strike` each way), the
    four Kent-Thaler costs, the first-strike incentives and the index where it is defined.

    ``reuse``: the same dyad under other conventions differing only in launch under attack; a
    direction whose victim has no launch-under-attack force is taken from it unchanged.
    ``allocations``: fixed plans for A's and B's first strikes (see ``first_strike``; None: each
    striker searches its best plan).
    ``work``: A's and B's first strikes' :class:`~anpo.deterrence.exchange.StrikeWork`, which
    the calls for the same two sides under conventions differing only in launch under attack
    may share (as :func:`anpo.deterrence.questions.answer_case` does): the attack plans and
    each side's arrivals at the other by warheads spent are then computed once.

    The index needs both sides to hold warheads that can reach the other; otherwise it is None
    and ``fss_reason`` says why, e.g. "North Korea has no deliverable warheads in 2001" (``when``
    = "in 2001" completes the sentence).
    """

    def lua_free(victim: Side, striker: Side) -> bool:
        return not any(f.posture == "launch-under-attack" for f in victim.reaching(striker.actor))

    plan_a, plan_b = allocations or (None, None)
    work_a, work_b = work or (None, None)
    if reuse is not None and lua_free(side_b, side_a):
        a_first = reuse.a_first  # launch under attack changes nothing for this victim
    else:
        a_first = first_strike(side_a, side_b, settings, plan_a, work=work_a)
    if reuse is not None and lua_free(side_a, side_b):
        b_first = reuse.b_first
    else:
        b_first = first_strike(side_b, side_a, settings, plan_b, work=work_b)
    unarmed = [
        s
        for s, o in ((side_a, side_b.actor), (side_b, side_a.actor))
        if deliverable_warheads(s, o) == 0
    ]
    missing = [s.name or s.actor for s in unarmed]
    suffix = f" {when}" if when else ""
    if missing:
        if len(missing) == 2:
            reason = f"neither {missing[0]} nor {missing[1]} has deliverable warheads{suffix}"
        elif any(f.launchers * f.warheads_per_launcher for f in unarmed[0].forces):
            from anpo.report.countries import with_article

            # it holds warheads, none on a force that reaches the other side
            other = side_b if unarmed[0] is side_a else side_a
            reason = (
                f"{missing[0]} has no warheads that can reach "
                f"{with_article(other.name or other.actor)}{suffix}"
            )
        else:
            reason = f"{missing[0]} has no deliverable warheads{suffix}"
        return DyadStability(
            side_a.actor,
            side_b.actor,
            a_first,
            b_first,
            None,
            reason,
            tuple(s.actor for s in unarmed),
        )
    fss = float(
        fss_index(
            a_first.striker_cost, b_first.victim_cost, b_first.striker_cost, a_first.victim_cost
        )
    )
    return DyadStability(side_a.actor, side_b.actor, a_first, b_first, fss, None)

"""Exchange model: a counterforce first strike and the victim's retaliation.

Sources
-------
- [kent1989, App. C]: the cost function and its conventions; [kent1988].
- Interception: [wilkening1999], see :mod:`anpo.deterrence.defense`.

The exchange model is deterministic in expectation, as Kent & Thaler's is: expected surviving
warheads, expected leakers through the defense (finite inventory spread evenly), damage to value
from a damage curve.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from anpo.errors import InputError

__all__ = [
    "damage_exponential",
    "ForceArrays",
    "DefenseArrays",
    "SideArrays",
    "ExchangeSettings",
    "ExchangeResult",
    "first_strike",
]


LN5 = math.log(5.0)


def damage_exponential(warheads: float | np.ndarray, w80: float | np.ndarray) -> float | np.ndarray:
    """anpo's default damage-to-value curve ``D(w) = 1 - exp(-w ln 5 / w80)``.

    ``w80`` is the number of arriving warheads that destroys 80% of value, so ``D(w80) = 0.8`` and
    ``D(2 w80) = 0.96``. This is a documented modelling choice, **not** Kent & Thaler's own curve.
    """
    w = np.asarray(warheads, float)
    w80a = np.asarray(w80, float)
    if np.any(w80a <= 0):
        raise InputError("w80 must be positive", field="w80")
    out = 1.0 - np.exp(-np.maximum(w, 0.0) * LN5 / w80a)
    return float(out) if out.ndim == 0 else out


# ----------------------------------------------------------------------------- exchange model
@dataclass(frozen=True)
class ForceArrays:
    """A side's nuclear force components, as arrays of shape ``(P, C)`` (P parameter points).

    launchers: number of launchers; warheads: warheads per launcher; survivable: fraction of the
    launchers that survive any counterforce strike (SSBNs at sea, dispersed mobiles, alert
    bombers); fixed: True for fixed (silo) components, which a first striker commits entirely;
    lua: True when the component can launch under attack; basing codes are resolved by the caller.
    """

    launchers: np.ndarray
    warheads: np.ndarray
    survivable: np.ndarray
    fixed: np.ndarray
    lua: np.ndarray


@dataclass(frozen=True)
class DefenseArrays:
    """A side's homeland defense, layers as arrays of shape ``(P, L)`` (L may be 0).

    The exchange uses expected leakers with each inventory spread evenly over the arriving RVs
    [wilkening1999]; both reliability conventions have the same mean, so ``mode`` only records
    which one the inputs follow.
    """

    interceptors: np.ndarray
    sspk: np.ndarray
    max_shots: np.ndarray
    reliability: np.ndarray
    mode: str = "raid"


@dataclass(frozen=True)
class SideArrays:
    """Everything about one side of a dyad, for P parameter points.

    counterforce_pk: shape ``(P, C_other)``, the probability that one of this side's warheads
    destroys one vulnerable launcher of each of the *other* side's components.
    w80: shape ``(P,)``, arriving warheads that destroy 80% of this side's value.
    damage_table: optional piecewise-linear damage curve ``(warheads, fraction)`` used instead of
    the exponential default (same for every point).
    """

    force: ForceArrays
    defense: DefenseArrays
    counterforce_pk: np.ndarray
    w80: np.ndarray
    damage_table: tuple[np.ndarray, np.ndarray] | None = None


@dataclass(frozen=True)
class ExchangeSettings:
    """Conventions of the exchange (Kent & Thaler's reported values as defaults).

    survivable_use: share of its survivable forces a first striker commits (0.9);
    lua_fraction: share of a launch-under-attack component's warheads that get away (0.9);
    allow_lua: whether the victim may launch under attack; levels: counterforce warheads per
    vulnerable launcher the striker may choose from, per component; exponent, surcharge: the cost
    function's constants.
    """

    survivable_use: float = 0.9
    lua_fraction: float = 0.9
    allow_lua: bool = False
    levels: tuple[int, ...] = (0, 1, 2, 3)
    exponent: float = 0.75
    surcharge: float = 0.3
    max_options: int = 4096


@dataclass
class ExchangeResult:
    """Outcome of one side striking first, at each parameter point (arrays of shape ``(P,)``).

    allocation: chosen counterforce warheads per vulnerable launcher, shape ``(P, C_victim)``.
    """

    striker_damage: np.ndarray
    victim_damage: np.ndarray
    striker_cost: np.ndarray
    victim_cost: np.ndarray
    victim_survivors: np.ndarray
    counterforce_spent: np.ndarray
    allocation: np.ndarray
    extra: dict[str, np.ndarray] = field(default_factory=dict)


def _options(n_components: int, vulnerable: np.ndarray, settings: ExchangeSettings) -> np.ndarray:
    """Allocation options (O, C): counterforce levels per component; invulnerable ones get 0."""
    levels = tuple(sorted(set(settings.levels) | {0}))
    choose = [levels if vulnerable[c] else (0,) for c in range(n_components)]
    count = math.prod(len(c) for c in choose)
    if count > settings.max_options:
        raise InputError(
            f"{count} counterforce allocation options exceed max_options={settings.max_options}; "
            "use fewer levels or merge components",
            field="levels",
        )
    return np.array(list(itertools.product(*choose)), dtype=float).reshape(count, n_components)


def first_strike(
    striker: SideArrays, victim: SideArrays, settings: ExchangeSettings | None = None
) -> ExchangeResult:
    """The striker's cost-minimising first strike, then the victim's retaliation.

    Sequence [kent1989], simplified to the homeland value of each side:

    1. The striker commits its fixed forces and ``survivable_use`` of its other forces, and picks
       ``a_c`` counterforce warheads per vulnerable launcher of each victim component (from
       ``settings.levels``, within the committed warheads). A vulnerable launcher survives with
       probability ``(1 - pk_c)^a_c``; the survivable fraction always survives.
    2. With ``allow_lua``, components able to launch under attack get away with at least
       ``lua_fraction`` of their warheads.
    3. The victim's surviving warheads retaliate against the striker's value through the striker's
       defense; the striker's remaining warheads strike the victim's value through the victim's
       defense. Damage to value from the damage curve of each side (:func:`damage_exponential`).
    4. The striker chooses the allocation that minimises its Kent-Thaler cost; ties (within
       1e-12) are broken by the larger cost to the victim, then by fewer warheads spent.

    Compiled (numba), parallel over the P points; each point is independent.
    """
    from anpo.deterrence._kernels import first_strike_batch

    s = settings or ExchangeSettings()
    sf, vf = striker.force, victim.force
    n_points, n_comp = vf.launchers.shape
    if np.shape(striker.counterforce_pk)[-1] != n_comp:
        raise InputError(
            f"counterforce_pk has {np.shape(striker.counterforce_pk)[-1]} columns but the victim has "
            f"{n_comp} force components",
            field="counterforce_pk",
        )
    vulnerable_any = np.any(vf.launchers * (1.0 - vf.survivable) > 0, axis=0)
    opts = _options(n_comp, vulnerable_any, s)  # (O, C)

    def table(side: SideArrays) -> tuple[np.ndarray, np.ndarray]:
        if side.damage_table is None:
            return np.zeros(0), np.zeros(0)
        return (
            np.ascontiguousarray(side.damage_table[0], float),
            np.ascontiguousarray(side.damage_table[1], float),
        )

    def f64(x: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(x, dtype=float)

    def layers(d: DefenseArrays) -> tuple[np.ndarray, ...]:
        shape = (n_points, d.interceptors.shape[-1])
        return tuple(
            np.ascontiguousarray(np.broadcast_to(x, shape), dtype=float)
            for x in (d.interceptors, d.sspk, d.max_shots, d.reliability)
        )

    s_tx, s_ty = table(striker)
    v_tx, v_ty = table(victim)
    choice, vals = first_strike_batch(
        f64(sf.launchers),
        f64(sf.warheads),
        f64(sf.survivable),
        np.ascontiguousarray(sf.fixed, bool),
        f64(vf.launchers),
        f64(vf.warheads),
        f64(vf.survivable),
        np.ascontiguousarray(vf.lua, bool),
        np.ascontiguousarray(
            np.broadcast_to(striker.counterforce_pk, vf.launchers.shape), dtype=float
        ),
        *layers(striker.defense),
        *layers(victim.defense),
        np.ascontiguousarray(np.broadcast_to(striker.w80, (n_points,)), dtype=float),
        np.ascontiguousarray(np.broadcast_to(victim.w80, (n_points,)), dtype=float),
        s_tx,
        s_ty,
        v_tx,
        v_ty,
        np.ascontiguousarray(opts),
        float(s.survivable_use),
        float(s.lua_fraction),
        bool(s.allow_lua),
        float(s.exponent),
        float(s.surcharge),
    )
    if np.any(choice < 0):  # cannot happen: allocation 0 is always feasible
        raise InputError("no feasible counterforce allocation", field="levels")
    return ExchangeResult(
        striker_damage=vals[0],
        victim_damage=vals[1],
        striker_cost=vals[2],
        victim_cost=vals[3],
        victim_survivors=vals[4],
        counterforce_spent=vals[5],
        allocation=opts[choice],
        extra={"arrive_at_striker": vals[6], "arrive_at_victim": vals[7]},
    )

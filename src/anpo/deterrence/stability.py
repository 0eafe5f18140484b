"""Exchange model, first-strike stability and classical arms-race models.

Sources
-------
- G. A. Kent and D. E. Thaler, *First-Strike Stability: A Methodology for Evaluating Strategic
  Forces*, RAND R-3765-AF (1989), App. C (cost function, conventions); G. A. Kent, R. J. DeValk and
  D. E. Thaler, *A Calculus of First-Strike Stability*, RAND N-2526-AF (1988).
- T. C. Schelling, *The Strategy of Conflict* (1960), ch. 9 "The reciprocal fear of surprise
  attack".
- M. D. Intriligator and D. L. Brito, "Can Arms Races Lead to the Outbreak of War?", *Journal of
  Conflict Resolution* 28(1):63-84 (1984).
- L. F. Richardson, *Arms and Insecurity* (1960); discrete form as in R. K. Leik and B. F.
  Meeker, *Mathematical Sociology* (1975).
- Interception: D. Wilkening (1999), see :mod:`anpo.deterrence.defense`.

The exchange model is deterministic in expectation, as Kent & Thaler's is: expected surviving
warheads, expected leakers through the defense (finite inventory spread evenly), damage to value
from a damage curve. The full distributions used for the exposure questions live in
:mod:`anpo.deterrence.questions`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
from scipy import linalg

from anpo.errors import InputError

__all__ = [
    "kent_thaler_cost",
    "fss_index",
    "schelling_instability",
    "deterred",
    "deterrence_regions",
    "richardson_equilibrium",
    "richardson_eigenvalues",
    "richardson_continuous",
    "richardson_discrete",
    "damage_exponential",
    "ForceArrays",
    "DefenseArrays",
    "SideArrays",
    "ExchangeSettings",
    "ExchangeResult",
    "first_strike",
    "StabilityResult",
    "exchange",
    "DefenseLayers",
    "reaction_curve",
    "reaction_point_reference",
]


# ----------------------------------------------------------------------------- cost and indices
def kent_thaler_cost(
    own_damage: float | np.ndarray,
    enemy_damage: float | np.ndarray,
    exponent: float = 0.75,
    surcharge: float = 0.3,
) -> float | np.ndarray:
    """Kent-Thaler cost of an exchange to a side: ``C = D_own^0.75 + 0.3 (1 - D_enemy^0.75)``.

    ``D`` are fractions of value destroyed (RAND R-3765, App. C). Own damage weighs most; failing
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

    ``C1_X`` is X's cost if X strikes first, ``C2_X`` its cost if struck first (Kent & Thaler
    1989). 1 means neither side gains by going first; lower values are less stable. A side whose
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


def schelling_instability(
    d1: float | np.ndarray,
    d2: float | np.ndarray,
    e1: float | np.ndarray,
    e2: float | np.ndarray,
) -> float | np.ndarray:
    """Schelling's reciprocal fear of surprise attack: ``(D1 - D2)(d1 - d2)``.

    ``D1``/``D2`` = damage side 1 inflicts striking first / second; ``d1``/``d2`` the same for
    side 2 (here ``e1``/``e2``). Positive and large: each side gains from going first, so each
    fears the other will (Schelling 1960, ch. 9). Zero when either side's damage does not depend on
    who strikes first.
    """
    out = (np.asarray(d1, float) - np.asarray(d2, float)) * (
        np.asarray(e1, float) - np.asarray(e2, float)
    )
    return float(out) if np.ndim(out) == 0 else out


def deterred(
    m_attacker: float | np.ndarray,
    m_defender: float | np.ndarray,
    f: float | np.ndarray,
    v: float | np.ndarray,
    cbar: float | np.ndarray,
) -> bool | np.ndarray:
    """True when the attacker is deterred: ``v (M_def - f M_att) >= Cbar`` (Intriligator & Brito 1984).

    ``f`` = defender missiles destroyed per attacking missile, ``v`` = damage per retaliating
    missile, ``Cbar`` = the attacker's unacceptable damage. Retaliating forces cannot be negative.

    >>> bool(deterred(200, 120, 0.5, 1, 50)), bool(deterred(120, 200, 0.5, 1, 50))
    (False, True)
    """
    ma = np.asarray(m_attacker, float)
    md = np.asarray(m_defender, float)
    if np.any(ma < 0) or np.any(md < 0):
        raise InputError("missile counts must be non-negative", field="m")
    surviving = np.maximum(md - np.asarray(f, float) * ma, 0.0)
    out = np.asarray(v, float) * surviving >= np.asarray(cbar, float)
    return bool(out) if out.ndim == 0 else out


def deterrence_regions(
    m_a: np.ndarray,
    m_b: np.ndarray,
    f_a: float,
    f_b: float,
    v_a: float,
    v_b: float,
    cbar_a: float,
    cbar_b: float,
) -> np.ndarray:
    """Classify points of the (M_A, M_B) plane (Intriligator & Brito 1984, fig. 1).

    Returns an integer array: 3 = mutual deterrence (the cone), 2 = only B deterred,
    1 = only A deterred, 0 = neither. ``f_a`` = B missiles destroyed per attacking A missile,
    ``v_b`` = damage to A per retaliating B missile, etc.
    """
    a_det = deterred(m_a, m_b, f_a, v_b, cbar_a)
    b_det = deterred(m_b, m_a, f_b, v_a, cbar_b)
    return np.asarray(a_det, int) + 2 * np.asarray(b_det, int)


# ----------------------------------------------------------------------------- Richardson
def richardson_equilibrium(
    a: float, b: float, k: float, l: float, g: float, h: float
) -> tuple[float, float, bool]:
    """Equilibrium of ``dx/dt = k y - a x + g``, ``dy/dt = l x - b y + h`` (Richardson 1960).

    ``x* = (b g + k h)/(a b - k l)``, ``y* = (a h + l g)/(a b - k l)``; stable iff ``a b > k l``
    (with ``a, b > 0``, both eigenvalues of ``[[-a, k], [l, -b]]`` are then negative). Raises
    :class:`InputError` when ``a b = k l`` (no unique equilibrium).

    >>> x, y, s = richardson_equilibrium(5, 3, 2, 2, 5, 5)
    >>> round(x * 11, 9), round(y * 11, 9), s
    (25.0, 35.0, True)
    """
    det = a * b - k * l
    if abs(det) < 1e-15:
        raise InputError("a*b == k*l: the reaction lines are parallel, no unique equilibrium")
    x_star = (b * g + k * h) / det
    y_star = (a * h + l * g) / det
    eig = np.linalg.eigvals(np.array([[-a, k], [l, -b]], dtype=float))
    stable = bool(np.all(eig.real < 0))
    return float(x_star), float(y_star), stable


def richardson_eigenvalues(a: float, b: float, k: float, l: float) -> np.ndarray:
    """Eigenvalues of the Richardson system matrix ``[[-a, k], [l, -b]]``, sorted descending."""
    eig = np.linalg.eigvals(np.array([[-a, k], [l, -b]], dtype=float))
    return np.sort(eig.real)[::-1]


def richardson_continuous(
    x0: float,
    y0: float,
    a: float,
    b: float,
    k: float,
    l: float,
    g: float,
    h: float,
    times: np.ndarray,
) -> np.ndarray:
    """Exact solution of the continuous Richardson system at ``times`` (shape ``(len(times), 2)``).

    Uses the matrix exponential: ``z(t) = z* + expm(A t)(z0 - z*)`` when ``A`` is invertible.
    """
    mat = np.array([[-a, k], [l, -b]], dtype=float)
    forcing = np.array([g, h], dtype=float)
    z0 = np.array([x0, y0], dtype=float)
    t = np.asarray(times, dtype=float)
    if abs(np.linalg.det(mat)) < 1e-15:
        raise InputError("singular Richardson system (a*b == k*l)")
    z_star = -np.linalg.solve(mat, forcing)
    return np.array([z_star + linalg.expm(mat * ti) @ (z0 - z_star) for ti in t])


def richardson_discrete(
    x0: float,
    y0: float,
    sx: float,
    sy: float,
    fx: float,
    fy: float,
    gx: float,
    gy: float,
    steps: int,
) -> np.ndarray:
    """Discrete-time Richardson model (Leik & Meeker 1975 style).

    ``X' = X + sx*Y - fx*X + gx``, ``Y' = Y + sy*X - fy*Y + gy``; returns an array of shape
    ``(steps + 1, 2)`` starting with ``(x0, y0)``.
    """
    if steps < 0 or int(steps) != steps:
        raise InputError("steps must be a non-negative integer", field="steps")
    out = np.empty((int(steps) + 1, 2))
    out[0] = (x0, y0)
    x, y = float(x0), float(y0)
    for i in range(1, int(steps) + 1):
        x, y = x + sx * y - fx * x + gx, y + sy * x - fy * y + gy
        out[i] = (x, y)
    return out


# ----------------------------------------------------------------------------- damage, leak
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
    (Wilkening 1999); both reliability conventions have the same mean, so ``mode`` only records
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

    Sequence (Kent & Thaler 1989, simplified to the homeland value of each side):

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

    ``FSS = min(1, C1_A/C2_A) * min(1, C1_B/C2_B)`` (Kent & Thaler 1989) and Schelling's
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


# ----------------------------------------------------------------------------- reaction curve
@dataclass(frozen=True)
class DefenseLayers:
    """Defensive layers as arrays of shape ``(P, L)`` for the reaction-curve kernel.

    ``second_shots`` > 0 makes a layer shoot-look-shoot (``shots`` first, then ``second_shots``
    per surviving RV, perfect kill assessment). ``decoy_factor`` (>= 1) divides each layer's
    inventory: the expected number of objects the layer must engage per RV when decoys are not
    all recognised, ``1 + d (1 - discrimination)``.
    """

    interceptors: np.ndarray
    sspk: np.ndarray
    shots: np.ndarray
    second_shots: np.ndarray
    reliability: np.ndarray
    decoy_factor: np.ndarray
    mode: str = "raid"

    @classmethod
    def single(
        cls,
        interceptors: np.ndarray | int,
        sspk: np.ndarray | float,
        shots: np.ndarray | int = 1,
        second_shots: np.ndarray | int = 0,
        reliability: np.ndarray | float = 1.0,
        decoy_factor: np.ndarray | float = 1.0,
        mode: str = "raid",
    ) -> DefenseLayers:
        """One layer, parameters broadcast to a common shape ``(P,)``."""
        arrs = np.broadcast_arrays(
            np.atleast_1d(np.asarray(interceptors)),
            np.atleast_1d(np.asarray(sspk, float)),
            np.atleast_1d(np.asarray(shots)),
            np.atleast_1d(np.asarray(second_shots)),
            np.atleast_1d(np.asarray(reliability, float)),
            np.atleast_1d(np.asarray(decoy_factor, float)),
        )
        return cls(*(a.reshape(-1, 1) for a in arrs), mode=mode)


def reaction_curve(
    layers: DefenseLayers,
    warheads_per_launcher: np.ndarray | int,
    m: np.ndarray | int,
    q: np.ndarray | float,
    *,
    survivable_fraction: np.ndarray | float = 0.0,
    kill_probability: np.ndarray | float = 0.0,
    allocation: np.ndarray | float = 0.0,
    striker_budget: np.ndarray | float = np.inf,
    base_warheads: np.ndarray | int = 0,
    max_launchers: int = 100_000,
) -> np.ndarray:
    """Smallest rival force that keeps ``P(at least m warheads arrive) >= q`` after a first strike.

    The rival's force is counted in launchers of one type carrying ``warheads_per_launcher``
    warheads. In the other side's counterforce first strike, ``round(sigma n)`` launchers survive
    for sure (``survivable_fraction``); the striker spends ``allocation`` warheads on each
    vulnerable launcher, but no more than ``striker_budget`` in all (spread evenly, so a larger
    rival force thins the strike), each warhead killing with ``kill_probability``; vulnerable
    launchers survive independently with the resulting mean probability. ``base_warheads``
    surviving warheads from the rest of the rival's force are added. The survivors fly through the
    defender's layers (finite inventories spread evenly, salvo or shoot-look-shoot, reliability per
    raid or per RV: Wilkening 1999), and the smallest launcher count meeting the goal is found by
    exponential then binary search (the probability is non-decreasing in the number of
    launchers). Returns ``-1`` where no force up to ``max_launchers`` suffices.

    Vectorised over P parameter points (numba, parallel; each point is independent, so results
    do not depend on the number of threads). Decoys dilute each layer's inventory by its
    ``decoy_factor``.
    """
    from anpo.deterrence._kernels import min_launchers_batch

    if layers.mode not in ("raid", "rv"):
        raise InputError("mode must be 'raid' or 'rv'", field="mode")
    n_points = layers.interceptors.shape[0]
    shape = (n_points,)

    def vec(x: object, dtype: type, name: str) -> np.ndarray:
        try:
            return np.ascontiguousarray(np.broadcast_to(np.asarray(x, dtype=dtype), shape))
        except ValueError as exc:
            raise InputError(f"cannot broadcast to {shape}: {exc}", field=name) from None

    sigma = vec(survivable_fraction, float, "survivable_fraction")
    pk = vec(kill_probability, float, "kill_probability")
    for name, arr in (("survivable_fraction", sigma), ("kill_probability", pk)):
        if np.any((arr < 0) | (arr > 1)):
            raise InputError("must be a probability in [0, 1]", field=name)
    qq = vec(q, float, "q")
    if np.any((qq <= 0) | (qq > 1)):
        raise InputError("must be in (0, 1]", field="q")
    alloc = vec(allocation, float, "allocation")
    budget = vec(striker_budget, float, "striker_budget")
    if np.any(alloc < 0) or np.any(budget < 0):
        raise InputError("allocation and striker_budget must be >= 0", field="allocation")
    inv = np.floor(layers.interceptors / np.maximum(layers.decoy_factor, 1.0)).astype(np.int64)
    for name, arr in (("sspk", layers.sspk), ("reliability", layers.reliability)):
        if np.any((arr < 0) | (arr > 1)):
            raise InputError("must be a probability", field=name)
    return min_launchers_batch(
        sigma,
        pk,
        alloc,
        budget,
        vec(warheads_per_launcher, np.int64, "warheads_per_launcher"),
        vec(base_warheads, np.int64, "base_warheads"),
        vec(m, np.int64, "m"),
        qq,
        np.ascontiguousarray(inv),
        np.ascontiguousarray(layers.sspk, dtype=float),
        np.ascontiguousarray(layers.shots, dtype=np.int64),
        np.ascontiguousarray(layers.second_shots, dtype=np.int64),
        np.ascontiguousarray(layers.reliability, dtype=float),
        layers.mode == "raid",
        int(max_launchers),
    )


def reaction_point_reference(
    interceptors: list[int],
    sspk: list[float],
    shots: list[int],
    second_shots: list[int],
    reliability: list[float],
    warheads_per_launcher: int,
    m: int,
    q: float,
    survivable_fraction: float = 0.0,
    kill_probability: float = 0.0,
    allocation: float = 0.0,
    striker_budget: float = math.inf,
    base_warheads: int = 0,
    mode: str = "raid",
    max_launchers: int = 100_000,
) -> int:
    """Plain scalar reference for :func:`reaction_curve` at one point (no numba).

    Built on :func:`anpo.deterrence.defense.layered_engagement` and scipy's binomial with a plain
    exponential-then-binary search; used to cross-check the compiled kernel and as the benchmark
    baseline.
    """
    from scipy import stats

    from anpo.deterrence.defense import Layer, layered_engagement

    layers = [
        Layer(
            interceptors=i,
            sspk=k,
            shots=n,
            doctrine="shoot-look-shoot" if s > 0 else "salvo",
            second_shots=s,
            reliability=r,
            reliability_mode=mode,
        )
        for i, k, n, s, r in zip(interceptors, sspk, shots, second_shots, reliability, strict=True)
    ]

    def prob(n_launchers: int) -> float:
        sure = math.floor(survivable_fraction * n_launchers + 0.5)
        vul = n_launchers - sure
        p_surv = 1.0
        if vul > 0:
            per = min(allocation, striker_budget / vul)
            qq = math.floor(per)
            f = per - qq
            p_surv = f * (1 - kill_probability) ** (qq + 1) + (1 - f) * (1 - kill_probability) ** qq
        total = 0.0
        for surv in range(vul + 1):
            w = stats.binom.pmf(surv, vul, p_surv)
            if w < 1e-300:
                continue
            n_rv = base_warheads + warheads_per_launcher * (sure + surv)
            if n_rv < m:
                continue
            pmf = layered_engagement(n_rv, layers).leaker_pmf
            total += w * float(pmf[m:].sum())
        return min(total, 1.0)

    if prob(0) >= q:
        return 0
    hi = 1
    while prob(hi) < q:
        if hi >= max_launchers:
            return -1
        hi = min(2 * hi, max_launchers)
    lo = hi // 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if prob(mid) >= q:
            hi = mid
        else:
            lo = mid
    return hi

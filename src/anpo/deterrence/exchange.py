"""Exchange model: a counterforce first strike, the victim's retaliation, expected costs.

Sources
-------
- [kent1989, App. C]: the cost function and the conventions (the striker commits its fixed
  forces and 90% of its survivable forces; launch under attack saves 90% of the fixed forces);
  [kent1988]. Saving the victim's forces does not always help the victim: the striker re-plans
  and may put the warheads it no longer spends on them on the victim's value, so launch under
  attack, or a more survivable force, can lower the first-strike stability index
  (:func:`first_strike`).
- Interception: [wilkening1999], made exact for finite inventories, shoot-look-shoot and decoys
  (:func:`anpo.deterrence.defense.arrivals`).
- Silo and preferential defense: [ota1981, ch. 3] (ballistic missile defense of MX), where the
  defender's secret choice of which silos to defend forces the attacker to treat every silo as
  defended.

Unlike Kent & Thaler's expected-value exchange, this one keeps whole distributions: the number
of the victim's launchers surviving the counterforce strike is exact (independent launchers,
binomial per component), the warheads getting through each side's defense are exact
(:func:`anpo.deterrence.defense.arrivals`), and the costs are expectations over those
distributions, so a 20-warhead force with a 2% chance of getting a warhead through is not
averaged into "0.02 warheads".
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, get_args

import numpy as np
from scipy import stats

from anpo._checks import broadcast, numbers, truth_value, whole_number
from anpo.deterrence.defense import AttackPlan, check_pmf, layer_arrays
from anpo.deterrence.layer import Layer
from anpo.deterrence.scenario import LIMITS, Basing
from anpo.errors import InputError
from anpo.report.format import fmt_number

if TYPE_CHECKING:
    from anpo.deterrence.defense import LayerArrays
    from anpo.deterrence.scenario import Case, DamageCurve, ForceComponent

__all__ = [
    "damage_exponential",
    "damage_fraction",
    "expected_damage",
    "Side",
    "side_from_case",
    "launches_under_attack",
    "ExchangeSettings",
    "StrikeResult",
    "StrikeWork",
    "first_strike",
    "exchange_settings_or_default",
    "component_survivors",
]

LN5 = math.log(5.0)
#: Smallest ``w80`` accepted: a thousandth of a warhead already destroys everything with one
#: arrival (``D(1) = 1 - 5**-1000``); far below it ``w ln 5 / w80`` overflows (w80 = 1e-320).
W80_MIN = 1e-3
#: Most launchers of one component :func:`component_survivors` takes (the scenario file's bound).
MAX_LAUNCHERS = LIMITS[("forces", "launchers")]
_BASING_ORDER = {"silo": 0, "road-mobile": 1, "sea": 2, "bomber": 3}


# ----------------------------------------------------------------------------- damage
def damage_exponential(warheads: float | np.ndarray, w80: float | np.ndarray) -> float | np.ndarray:
    """anpo's default damage-to-value curve ``D(w) = 1 - exp(-w ln 5 / w80)``.

    ``w80`` is the number of arriving warheads that destroys 80% of value, so ``D(w80) = 0.8`` and
    ``D(2 w80) = 0.96``. This is a documented modelling choice, **not** Kent & Thaler's own curve.
    ``warheads`` (a count, at least 0) and ``w80`` broadcast together (shapes that do not: an
    :class:`~anpo.errors.InputError` naming both).
    """
    w, w80a = broadcast(warheads=numbers("warheads", warheads), w80=numbers("w80", w80))
    if np.any(~(w80a >= W80_MIN)) or not np.all(np.isfinite(w80a)):
        raise InputError(f"w80 must be a finite number >= {W80_MIN:g} warheads", field="w80")
    if np.any(np.isnan(w)):  # a NaN (or None) count of warheads gave a NaN damage
        raise InputError("the number of warheads must be a number, got NaN", field="warheads")
    if np.any(w < 0.0):  # was clamped to 0 (no damage) without a word; no caller relies on it
        raise InputError(
            "the number of warheads must be at least 0, got a negative count", field="warheads"
        )
    out = 1.0 - np.exp(-w * LN5 / w80a)
    return float(out) if out.ndim == 0 else out


def damage_fraction(curve: DamageCurve, warheads: np.ndarray) -> np.ndarray:
    """Fraction of value destroyed by ``warheads`` arriving, for a scenario ``[[damage]]`` curve
    (exponential ``w80``, anpo's default of :func:`damage_exponential`, or a piecewise-linear
    table the scenario gives)."""
    w = np.asarray(warheads, float)
    if getattr(curve, "model", "exponential") == "table" and getattr(curve, "points", None):
        pts = np.asarray(curve.points, float)
        return np.interp(w, pts[:, 0], pts[:, 1])
    if curve.w80 is None:  # the scenario schema refuses this; a curve built by hand may not
        raise InputError("the exponential curve needs w80", field="w80")
    return np.asarray(damage_exponential(w, float(curve.w80)))


def expected_damage(pmf: np.ndarray, curve: DamageCurve) -> float:
    """The expected fraction of value destroyed by arrivals distributed as ``pmf`` (probability
    of each count of arriving warheads, from 0) under ``curve`` (:func:`damage_fraction`).

    Exactly 1 where the curve is 1 at every count the pmf holds (a table curve that reaches 1,
    every possible arrival destroying all): the float sum of such a pmf is 1 only to rounding,
    and the dot product read 0.9999999999999998 (printed '> 0.999') or 1.0000000000000009, a
    fraction above 1, for a whole value destroyed in every case (text29). Otherwise the dot
    product, clipped to [0, 1] (a value above 1 is rounding: no curve exceeds 1). Decided by the
    support, with no tolerance: states below the engine's 1e-16 floor are not in the pmf (their
    mass is negligible for every reported figure, :mod:`anpo.deterrence._engine`). A 0 needs no
    such rule: every term is a probability times a fraction, so the sum is exactly 0 where the
    curve is 0 at every held count, and a positive sum, however small, is a possible damage
    (as a possible arrival is carried as 5e-324: :func:`resolved_at_least`).

    >>> class Table:
    ...     model, points, w80 = "table", [[0, 0], [1, 1]], None
    >>> pmf = np.array([0.0, 0.3, 0.6, 1 - 0.3 - 0.6])  # every count destroys all
    >>> float(np.dot(pmf, damage_fraction(Table(), np.arange(4)))), expected_damage(pmf, Table())
    (0.9999999999999999, 1.0)
    >>> expected_damage(np.array([1.0, 0.0]), Table()), expected_damage(np.array([0.5, 0.5]), Table())
    (0.0, 0.5)
    """
    p = np.asarray(pmf, float)
    d = damage_fraction(curve, np.arange(len(p)))
    held = p > 0
    if held.any() and bool(np.all(d[held] == 1.0)):
        return 1.0
    return min(max(float(np.dot(p, d)), 0.0), 1.0)


# ----------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class Side:
    """One side of an exchange.

    forces: the side's active force components (scenario ``[[forces]]`` entries);
    layers: the active defense layers on its territory (value and silo defense);
    counterforce: its kill probability per warhead against each basing of the other side;
    damage: its ``[[damage]]`` curve; name: for readers.
    """

    actor: str
    forces: tuple[ForceComponent, ...]
    layers: tuple[Layer, ...]
    counterforce: Mapping[str, float]
    damage: DamageCurve
    name: str = ""

    def __post_init__(self) -> None:
        """Refuse what the exchange would misread: ``forces`` or ``layers`` that are no
        collection (None was a TypeError deep in the exchange) and a ``counterforce`` basing
        anpo does not know ("moon" was ignored without a word; audit30)."""
        for key in ("forces", "layers"):
            value = getattr(self, key)
            if (
                value is None
                or isinstance(value, str | bytes | Mapping)
                or not hasattr(value, "__iter__")
            ):
                raise InputError(
                    f"must be a tuple (empty for none), got {type(value).__name__}", field=key
                )
        if not isinstance(self.counterforce, Mapping):
            raise InputError(
                "must be a mapping of basing to kill probability, got "
                f"{type(self.counterforce).__name__}",
                field="counterforce",
            )
        known = get_args(Basing)
        for basing in self.counterforce:
            if basing not in known:
                raise InputError(
                    f"unknown basing {basing!r} (basings: {', '.join(known)})",
                    field="counterforce",
                )

    def reaching(self, other: str) -> list[ForceComponent]:
        """Components that can strike ``other``'s territory."""
        return [f for f in self.forces if other in f.reaches]

    def silo_layer(self) -> Layer | None:
        """The layer defending this side's silos, if any."""
        silo = [
            ly
            for ly in self.layers
            if ly.defends == "silos" and (not ly.covers or self.actor in ly.covers)
        ]
        if len(silo) > 1:
            raise InputError(
                f"{self.actor} has {len(silo)} silo-defense layers; anpo models one",
                field="defends",
            )
        return silo[0] if silo else None


def side_from_case(case: Case, actor: str, opponent: str) -> Side:
    """The :class:`Side` of ``actor`` facing ``opponent`` in a scenario case (a variant)."""
    scen = case.scenario
    forces = tuple(case.forces(actor))
    layers = tuple(ly for d in case.architectures() for ly in d.layers if actor in ly.covers)
    strikes = any(opponent in f.reaches for f in forces)
    basings = {f.basing for f in case.forces(opponent)}
    cf: dict[str, float] = (
        {b: scen.kill_probability(actor, b) for b in sorted(basings)} if strikes else {}
    )
    curve = case.damage_curve(actor)
    if curve is None:
        raise InputError(f"actor {actor!r} needs a [[damage]] curve", field="damage")
    return Side(
        actor=actor,
        forces=forces,
        layers=layers,
        counterforce=cf,
        damage=curve,
        name=scen.actor(actor).name,
    )


def launches_under_attack(force: ForceComponent, opponent: str) -> bool:
    """Whether ``force`` launches under attack when ``opponent`` strikes first: it is on
    ``launch-under-attack`` posture, holds warheads (launchers and warheads per launcher above
    0) and can reach ``opponent``'s territory.

    Why: :func:`first_strike` lets ``lua_fraction`` of the launchers get away only of such a
    victim component [kent1989, App. C]; a component the striker does not target (it cannot
    reach the striker) or one without warheads adds no warhead to the retaliation, so a force of 0
    launchers on that posture puts its side on no launch-under-attack posture (it was named as
    one: "with launch under attack by the United States" beside "the United States has no
    deliverable warheads", audit29)."""
    return (
        force.posture == "launch-under-attack"
        and force.launchers > 0
        and force.warheads_per_launcher > 0
        and opponent in force.reaches
    )


@dataclass(frozen=True)
class ExchangeSettings:
    """Conventions of the exchange (Kent & Thaler's reported values as defaults).

    survivable_use: share of its non-silo forces a first striker commits (0.9);
    lua_fraction: share of a launch-under-attack component's launchers that get away (0.9);
    allow_lua: whether the victim may launch under attack; exponent (0 < e <= 1), surcharge
    (0 <= s <= 1): the cost function's constants [kent1989, App. C: 0.75 and 0.3];
    max_per_launcher: cap on counterforce warheads per launcher, a whole number >= 0 (None: up
    to the striker's budget); max_enumerated: allocations up to this count (a whole number
    >= 1) are all evaluated, larger spaces are searched coordinate by coordinate from several
    starts (1: always searched).

    Each is checked (:class:`~anpo.errors.InputError` naming it): the shares and constants are
    numbers (not ``True``), ``allow_lua`` a bool, the counts whole numbers (a whole float,
    ``3.0``, is stored as the int ``3``; NaN, 2.5 and ``True`` were accepted and read as no cap,
    a cap of 2.5 or of 1).
    """

    survivable_use: float = 0.9
    lua_fraction: float = 0.9
    allow_lua: bool = False
    exponent: float = 0.75
    surcharge: float = 0.3
    max_per_launcher: int | None = None
    max_enumerated: int = 4096

    def __post_init__(self) -> None:
        for name in ("survivable_use", "lua_fraction", "exponent", "surcharge"):
            v = getattr(self, name)  # True was read as 1, a text was a bare TypeError
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number)):
                raise InputError(f"must be a number, got {v!r}", field=name)
        truth_value(self.allow_lua, "allow_lua")  # 'no' was read as True
        for name in ("survivable_use", "lua_fraction"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise InputError("must be in [0, 1]", field=name)
        # the scenario file's bounds on cost_exponent and cost_surcharge (Settings in
        # anpo.deterrence.scenario says why the cost stops reading the damages past them)
        if not 0.0 < self.exponent <= 1.0:
            raise InputError(
                f"must be above 0 and at most 1, got {self.exponent}", field="exponent"
            )
        if not 0.0 <= self.surcharge <= 1.0:
            raise InputError(f"must be in [0, 1], got {self.surcharge}", field="surcharge")
        if self.max_per_launcher is not None:
            cap = whole_number(self.max_per_launcher, "max_per_launcher", minimum=0)
            object.__setattr__(self, "max_per_launcher", cap)
        most = whole_number(self.max_enumerated, "max_enumerated", minimum=1)
        object.__setattr__(self, "max_enumerated", most)


def exchange_settings_or_default(settings: object) -> ExchangeSettings:
    """``settings``, or Kent & Thaler's defaults (:class:`ExchangeSettings`) for None;
    :class:`~anpo.errors.InputError` naming ``settings`` for anything else (a number gave a
    bare AttributeError deep in the exchange, and a falsy one, 0, silently the defaults)."""
    if settings is None:
        return ExchangeSettings()
    if not isinstance(settings, ExchangeSettings):
        raise InputError(
            f"must be an ExchangeSettings (or None for the defaults), got {settings!r}",
            field="settings",
        )
    return settings


# ----------------------------------------------------------------------------- survivors
def sure_count(n: int, fraction: float) -> int:
    """The whole number of ``n`` launchers a ``fraction`` stands for: ``fraction * n`` rounded
    half up (a model convention of this module, not a sourced figure)."""
    return int(math.floor(fraction * n + 0.5))


def _bin(n: int, p: float) -> np.ndarray:
    if n <= 0:
        return np.ones(1)
    return stats.binom.pmf(np.arange(n + 1), n, min(max(p, 0.0), 1.0))


def _silo_survival(level: int, pk: float, interceptors: int, layer: Layer) -> float:
    """P(a silo attacked by ``level`` warheads survives) when its defense fires ``interceptors``
    at them, each leaking warhead destroying the silo with ``pk``: ``E[(1 - pk)^X]`` over the
    pmf of the leaking warheads ``X``, which is the layer engine's for one layer engaging
    ``level`` objects ([wilkening1999]: spread evenly, at most ``shots`` each; with
    shoot-look-shoot, ``second_shots`` more at each survivor from what is left; per-RV
    reliability is tracking drawn once per warhead for both salvos). A per-raid reliability is
    mixed in by the caller."""
    from anpo.deterrence._engine import layer_survivors

    if level == 0:
        return 1.0
    rho = layer.reliability if layer.reliability_mode == "rv" else 1.0
    leak = layer_survivors(
        level, interceptors, layer.shots, layer.second, layer.sspk, rho, level + 1
    )
    return float(np.dot(leak, (1.0 - pk) ** np.arange(leak.shape[0])))


def _defended_count(vul: int, level: int, pk: float, layer: Layer) -> int:
    """How many of ``vul`` attacked silos the silo defense ``layer`` defends: all of them, or,
    if ``preferential``, the number that maximises the expected survivors (the first of the
    best, to within 1e-12), the attacker unable to tell which [ota1981]."""
    if not layer.preferential:
        return vul
    best, best_mean = vul, -1.0
    for defended in range(1, vul + 1):
        cand = _defended_survivors(vul, level, pk, layer, defended)
        mean = float(np.dot(np.arange(len(cand)), cand))
        if mean > best_mean + 1e-12:
            best, best_mean = defended, mean
    return best


def _defended_survivors(vul: int, level: int, pk: float, layer: Layer, defended: int) -> np.ndarray:
    """Surviving launchers among ``vul`` attacked ones when ``defended`` of them share the
    layer's inventory as evenly as possible (the others undefended); exact (silos are
    independent given their interceptors)."""
    out = _bin(vul - defended, (1.0 - pk) ** level)
    if defended > 0:
        per, extra = divmod(layer.interceptors, defended)
        out = np.convolve(out, _bin(defended - extra, _silo_survival(level, pk, per, layer)))
        out = np.convolve(out, _bin(extra, _silo_survival(level, pk, per + 1, layer)))
    return out


def component_survivors(
    launchers: int,
    survivable_fraction: float,
    level: int,
    pk: float,
    *,
    lua_escape: int = 0,
    silo_defense: Layer | None = None,
) -> np.ndarray:
    """pmf of a component's surviving launchers after ``level`` counterforce warheads per
    vulnerable launcher.

    ``lua_escape`` launchers are launched under attack before the warheads arrive (they
    survive); of the others, ``round(sigma n)`` survive whatever is spent (at sea, dispersed)
    and each vulnerable one survives independently with ``(1 - pk)^level``. A silo defense
    (Layer with ``defends = "silos"``) defends the vulnerable silos: as evenly as possible over
    all of them, or, if ``preferential``, over the number of silos that maximises the expected
    survivors, the attacker unable to tell which [ota1981]. A per-raid reliability mixes in the
    undefended case.

    Counts are whole numbers (at most :data:`MAX_LAUNCHERS` launchers, ``lua_escape`` at most
    ``launchers``) and ``survivable_fraction`` and ``pk`` probabilities, else an
    :class:`~anpo.errors.InputError` naming the argument (a NaN ``pk`` or ``level`` gave a pmf of
    NaN, 2.5 launchers a TypeError from numpy, a negative ``lua_escape`` a pmf summing to 0).
    """
    launchers = whole_number(launchers, "launchers", minimum=0)
    if launchers > MAX_LAUNCHERS:  # numpy's 'Maximum allowed size exceeded' (2**70)
        raise InputError(f"must be at most {MAX_LAUNCHERS:,}, got {launchers}", field="launchers")
    level = whole_number(level, "level", minimum=0)
    lua_escape = whole_number(lua_escape, "lua_escape", minimum=0)
    if lua_escape > launchers:
        raise InputError(
            f"must be at most the {launchers} launchers, got {lua_escape}", field="lua_escape"
        )
    for name, value in (("survivable_fraction", survivable_fraction), ("pk", pk)):
        p = numbers(name, value)
        if p.ndim != 0 or not 0.0 <= float(p) <= 1.0:
            raise InputError(f"must be a probability in [0, 1], got {value!r}", field=name)
    rest = launchers - lua_escape
    sure = sure_count(rest, survivable_fraction)
    vul = rest - sure
    base = _bin(vul, (1.0 - pk) ** level)
    if silo_defense is not None and vul > 0 and level > 0 and silo_defense.interceptors > 0:
        defended = _defended_count(vul, level, pk, silo_defense)
        working = _defended_survivors(vul, level, pk, silo_defense, defended)
        rho = silo_defense.common_mode_reliability
        if silo_defense.reliability_mode == "raid":
            rho *= silo_defense.reliability
        base = rho * working + (1.0 - rho) * base
    out = np.zeros(launchers + 1)
    out[lua_escape + sure : lua_escape + sure + len(base)] = base
    return out


def _count_range(n: int, level: int, pk: float) -> tuple[int, int]:
    """Fewest and most of ``n`` independent launchers that survive ``level`` warheads each of
    kill probability ``pk`` (survival ``(1 - pk)^level``, decided from the inputs: the float
    power underflows): all without an attack, none when ``pk`` is 1, any count between
    otherwise [the binomial's support; kent1989, App. C]."""
    if level == 0 or pk <= 0.0:
        return n, n
    if pk >= 1.0:
        return 0, 0
    return 0, n


def _silo_range(vul: int, level: int, pk: float, layer: Layer, defended: int) -> tuple[int, int]:
    """Fewest and most of ``vul`` attacked silos surviving when ``defended`` of them share the
    working silo defense ``layer`` as :func:`_defended_survivors` shares it, decided exactly:
    a defended silo can survive when a warhead cannot destroy it for sure (``pk < 1``) or its
    interceptors can stop all ``level`` warheads, and can die when ``pk > 0`` and a warhead
    can leak (the leakers' support, :func:`anpo.deterrence.logprob.layer_support`, the one
    layer of :func:`_silo_survival`) [wilkening1999; ota1981]."""
    from anpo.deterrence.logprob import OneLayer, layer_support

    lo, hi = _count_range(vul - defended, level, pk)
    if defended <= 0:
        return lo, hi
    per, extra = divmod(layer.interceptors, defended)
    rho = layer.reliability if layer.reliability_mode == "rv" else 1.0
    for count, shots_each in ((defended - extra, per), (extra, per + 1)):
        support = layer_support(
            level, 0, OneLayer(1.0, shots_each, layer.shots, layer.second, layer.sspk, rho, False)
        )
        can_live = pk < 1.0 or any(a == 0 for a, _ in support)
        can_die = pk > 0.0 and any(b >= 1 for _, b in support)
        lo += count if (can_live and not can_die) else 0
        hi += count if can_live else 0
    return lo, hi


def survivor_support(
    launchers: int,
    survivable_fraction: float,
    level: int,
    pk: float,
    *,
    silo_defense: Layer | None = None,
) -> np.ndarray:
    """Which counts of :func:`component_survivors`' surviving launchers have positive
    probability (booleans over ``0..launchers``), decided exactly from the inputs, not from the
    pmf's floats: a binomial pmf of hundreds of launchers underflows to 0 at its ends (P(every
    one of 300 silos survives) is a float 0 while the count is possible), which would make a
    possible arrival look impossible. ``round(sigma n)`` launchers always survive; each
    vulnerable one survives for sure without an attack (``level`` 0 or ``pk`` 0), never when
    ``pk`` is 1, either way otherwise; a silo defense (working with probability ``rho``, else
    the undefended case) adds its own range (:func:`_silo_range`; with ``preferential``, the
    number of defended silos :func:`component_survivors` chooses) [kent1989, App. C;
    ota1981].

    >>> survivor_support(4, 0.5, 1, 0.9).nonzero()[0].tolist()
    [2, 3, 4]
    >>> survivor_support(4, 0.0, 2, 1.0).nonzero()[0].tolist()
    [0]
    """
    sure = sure_count(launchers, survivable_fraction)
    vul = launchers - sure
    ranges = [_count_range(vul, level, pk)]
    if silo_defense is not None and vul > 0 and level > 0 and silo_defense.interceptors > 0:
        defended = _defended_count(vul, level, pk, silo_defense)
        rho = silo_defense.common_mode_reliability
        if silo_defense.reliability_mode == "raid":
            rho *= silo_defense.reliability
        working = _silo_range(vul, level, pk, silo_defense, defended)
        ranges = ([working] if rho > 0.0 else []) + (ranges if rho < 1.0 else [])
    out = np.zeros(launchers + 1, dtype=bool)
    for lo, hi in ranges:
        out[sure + lo : sure + hi + 1] = True
    return out


def possible_arrivals(
    arrays: LayerArrays,
    territory: str,
    forces: Sequence[ForceComponent],
    launcher_supports: Mapping[str, np.ndarray],
) -> tuple[tuple[int, int], ...] | None:
    """The counts of warheads of ``forces`` (each with its surviving launchers' support,
    :func:`survivor_support`, by id) arriving at ``territory`` through the layers ``arrays``
    (:func:`anpo.deterrence.defense.layer_arrays` of those defending it) that have positive
    probability, as ranges ``(fewest, most)``; decided exactly by the one mechanism of
    :mod:`anpo.deterrence._possible` (the engine's propagation with each probability replaced
    by whether it is 0, 1 or between), so a float 0 of the arrivals' pmf (which the engine
    truncates below 1e-16 and which underflows) is not read as impossible. None when that pass
    is past its work caps (not known). Forces that cannot reach ``territory`` are left out, as
    the arrivals leave them [wilkening1999, decoys after sessler2000]."""
    from anpo.deterrence import _possible
    from anpo.deterrence.defense import RVGroup

    groups = []
    for f in forces:
        if territory not in f.reaches:
            continue
        launch = launcher_supports[f.id]
        warheads = np.zeros((len(launch) - 1) * f.warheads_per_launcher + 1)
        warheads[:: f.warheads_per_launcher] = launch
        # any pmf with this support: the pass reads only which entries are positive
        groups.append(RVGroup(warheads / warheads.sum(), f.missile_class, f.decoys_per_rv))
    if not groups:
        return ((0, 0),)
    return _possible.arrivals_support(groups, arrays)


def fixed_support(launchers: int) -> np.ndarray:
    """The support of exactly ``launchers`` launchers (booleans over ``0..launchers``), for
    :func:`possible_arrivals` of a strike of known size."""
    out = np.zeros(launchers + 1, dtype=bool)
    out[launchers] = True
    return out


def retaliation_possibility(
    striker: Side, victim: Side, allocation: Mapping[str, int]
) -> ArrivalPossibility:
    """Which counts of the victim's warheads can reach the striker after the striker's first
    strike with ``allocation`` (warheads per vulnerable launcher, by the victim's component
    id), as :func:`first_strike` strikes them without launch under attack: the victim's
    surviving launchers' support (:func:`survivor_support`, its silo layer defending its
    silos) through the striker's layers defending its value (:class:`ArrivalPossibility`)
    [kent1989, App. C; wilkening1999]."""
    targets = victim.reaching(striker.actor)
    strikes = bool(striker.reaching(victim.actor))
    silo = victim.silo_layer()

    def supports() -> dict[str, np.ndarray]:
        return {
            f.id: survivor_support(
                f.launchers,
                f.survivable_fraction,
                int(allocation.get(f.id, 0)),
                float(striker.counterforce.get(f.basing, 0.0)) if strikes else 0.0,
                silo_defense=silo if f.basing == "silo" else None,
            )
            for f in targets
        }

    arrays = layer_arrays([ly for ly in striker.layers if ly.defends == "value"], striker.actor)
    return ArrivalPossibility(arrays, striker.actor, targets, supports)


class ArrivalPossibility:
    """Which counts of warheads of ``forces`` (each with its surviving launchers' support,
    :func:`survivor_support`, by id) can arrive at ``territory`` through the layers ``arrays``,
    asked one ``m`` at a time (:meth:`tails`), decided exactly: first by two bounds that cost a
    sum over the forces, then, where they do not decide, by the one mechanism
    (:func:`possible_arrivals`, once, on first need; it can take a second, and say "not known",
    for the large coupled cases of 2025 and 2030, which the bounds decide).

    The bounds: the arrivals are never more than every survivor (``most``), and all of them
    arrive with positive probability when every layer engaging them can let every object
    through in some common-mode pattern of positive weight (a shot that can miss, SSPK below 1,
    a layer that can fail, reliability below 1 per raid or per RV, no interceptors, a footprint
    short of the territory, or the layer inactive); the arrivals are never fewer than the
    fewest survivors of the forces no layer engages plus those of the others less the
    inventories of the layers that engage them and can kill (``sure``): an interceptor kills
    one object at most [wilkening1999, decoys after sessler2000]."""

    def __init__(
        self,
        arrays: LayerArrays,
        territory: str,
        forces: Sequence[ForceComponent],
        launcher_supports: Callable[[], Mapping[str, np.ndarray]],
    ) -> None:
        self.arrays, self.territory = arrays, territory
        self.forces = [f for f in forces if territory in f.reaches]
        self._supports_of = launcher_supports
        self._full: tuple[tuple[int, int], ...] | None = None
        self._full_done = False

    @functools.cached_property
    def _supports(self) -> Mapping[str, np.ndarray]:
        return self._supports_of()

    @functools.cached_property
    def _bounds(self) -> tuple[int, int, bool]:
        """``(sure, most, most_possible)`` (class docstring)."""
        arrays = self.arrays
        n = len(arrays.layers)
        leaky = np.array(
            [
                float(arrays.sspk[j]) < 1.0
                or float(arrays.reliability[j]) < 1.0
                or int(arrays.inventories[j]) == 0
                or float(arrays.fraction[j]) < 1.0
                for j in range(n)
            ],
            dtype=bool,
        )
        unengaged = engaged = most = 0
        engaging = np.zeros(n, dtype=bool)
        for f in self.forces:
            counts = np.nonzero(self._supports[f.id])[0]
            lo, hi = int(counts[0]), int(counts[-1])
            mask = arrays.engages(f.missile_class) if n else np.zeros(0, dtype=bool)
            engaging |= mask
            most += hi * f.warheads_per_launcher
            if mask.any():
                engaged += lo * f.warheads_per_launcher
            else:
                unengaged += lo * f.warheads_per_launcher
        # an interceptor kills one object at most: the layers that can kill take no more
        # than their inventories from the fewest survivors they engage
        kills = [
            int(arrays.inventories[j])
            for j in range(n)
            if engaging[j] and float(arrays.sspk[j]) > 0.0 and float(arrays.reliability[j]) > 0.0
        ]
        sure = unengaged + max(engaged - sum(kills), 0)
        through = n == 0 or any(
            float(w) > 0.0 and bool(np.all(leaky | ~np.asarray(pat, dtype=bool) | ~engaging))
            for w, pat in zip(arrays.weights, arrays.patterns, strict=True)
        )
        return sure, most, through

    def support(self) -> tuple[tuple[int, int], ...] | None:
        """The whole support (:func:`possible_arrivals`), computed once; None: not known."""
        if not self._full_done:
            self._full = possible_arrivals(self.arrays, self.territory, self.forces, self._supports)
            self._full_done = True
        return self._full

    def tails(self, m: int) -> tuple[bool | None, bool | None]:
        """``(P(at least m arrive) > 0, P(fewer than m arrive) > 0)``, exactly; None where it
        is not known (the whole support past its work caps)."""
        if m <= 0:
            return True, False
        sure, most, through = self._bounds
        up: bool | None = False if most < m else True if through else None
        low: bool | None = False if sure >= m else None
        if up is None or low is None:
            ranges = self.support()
            if ranges is not None:
                up = any(hi >= m for _, hi in ranges) if up is None else up
                low = any(lo < m for lo, _ in ranges) if low is None else low
        return up, low


def resolved_at_least(
    pmf: np.ndarray,
    ms: Sequence[int],
    possible: Callable[[int], tuple[bool | None, bool | None]],
) -> dict[int, float]:
    """P(at least m) of ``pmf`` (:func:`at_least`) for each ``m``, with a float 0 of a possible
    event made the smallest positive float and a float 1 of an event that is not certain the
    largest float below 1 (:func:`anpo.deterrence.logprob.shown_value`), so that every table,
    page and scorecard prints them as "< 0.1%" and "> 99.9%" and "0%"/"100%" only for an
    impossible and a certain event. The arrivals' pmf is truncated (states below 1e-16 are not
    propagated) and underflows; ``possible(m)`` (asked only where a float is 0 or 1: it is
    never needed otherwise) says exactly whether P(at least m) and P(fewer than m) are
    positive (:meth:`ArrivalPossibility.tails`), None where not known (the float is kept)."""
    from anpo.deterrence.logprob import shown_value

    out = {m: at_least(pmf, m) for m in ms}
    nan = math.nan
    for m, p in out.items():
        if 0.0 < p < 1.0 or m <= 0:
            continue
        up, low = possible(m)
        out[m] = shown_value(p, nan, nan, possible=up, rest_possible=low)
    return out


def launchers_to_warheads(launcher_pmf: np.ndarray, per_launcher: int) -> np.ndarray:
    """The pmf of warheads from the pmf of launchers, each carrying ``per_launcher`` warheads
    (``k`` launchers are ``k * per_launcher`` warheads; the counts between have probability 0)."""
    out = np.zeros((len(launcher_pmf) - 1) * per_launcher + 1)
    out[::per_launcher] = launcher_pmf
    return out


# ----------------------------------------------------------------------------- result
def at_least(pmf: np.ndarray, m: int) -> float:
    """P(at least ``m``) of a count with pmf ``pmf`` (1 for ``m <= 0``; clipped to [0, 1]).

    ``m`` must be a whole number and ``pmf`` a 1-D probability mass function: finite, each
    probability at least 0, summing to 1 within :data:`~anpo.deterrence.defense.PMF_TOLERANCE`
    (:class:`~anpo.errors.InputError` naming ``m`` or ``pmf`` otherwise: a NaN pmf gave 0.5,
    one summing to 1.1 a probability of its tail).

    Exactly 1 where the pmf puts no mass below ``m``: the event is certain, but the tail's sum
    carries the rounding of the convolutions that built the pmf (its mass is 1 only to within
    1e-15, 1e-13 after pruning), so it read ``1 - 1.3e-15`` and printed "> 0.999" beside
    another variant's exact 1 (2025, U.S.-China, no defenses: no warhead arriving has
    probability 0).

    >>> at_least(np.array([0.0, 0.5, 0.5 - 1e-15]), 1), at_least(np.array([0.25, 0.75]), 1)
    (1.0, 0.75)
    """
    if type(m) is not int:  # a float (2.5) made a bare TypeError in the slice below
        m = whole_number(m, "m")
    pmf = check_pmf(pmf)
    if m <= 0:
        return 1.0
    if m >= len(pmf):
        return 0.0
    if not pmf[:m].any():  # no mass below m: certain, whatever the tail's rounding
        return 1.0
    return float(min(1.0, max(0.0, pmf[m:].sum())))


@dataclass
class StrikeResult:
    """One side striking first and the other retaliating.

    allocation: counterforce warheads per vulnerable launcher, by the victim's component id;
    committed: the striker's committed warheads; spent: those used on counterforce;
    survivors: pmf of the victim's warheads (that can reach the striker) surviving the strike;
    at_striker / at_victim: pmf of warheads arriving on each side's territory;
    striker_damage / victim_damage: expected fraction of value destroyed;
    striker_cost / victim_cost: expected Kent-Thaler costs; search: how the allocation was
    found.
    """

    striker: str
    victim: str
    allocation: dict[str, int]
    committed: int
    spent: int
    survivors: np.ndarray
    at_striker: np.ndarray
    at_victim: np.ndarray
    striker_damage: float
    victim_damage: float
    striker_cost: float
    victim_cost: float
    search: str = ""
    extra: dict[str, float] = field(default_factory=dict)

    def p_retaliation(self, m: int) -> float:
        """P(at least ``m`` of the victim's warheads reach the striker)."""
        return at_least(self.at_striker, m)

    @property
    def expected_retaliation(self) -> float:
        """Expected number of the victim's warheads reaching the striker."""
        return float(np.dot(np.arange(len(self.at_striker)), self.at_striker))

    @property
    def expected_survivors(self) -> float:
        """Expected number of the victim's warheads (on forces that can reach the striker)
        surviving the first strike: the mean of :attr:`survivors`, in warheads (not
        launchers), before the defenses their retaliation then meets (a layer defending the
        victim's silos counts in their survival) (the exchange of [kent1989, App. C]; the kill
        probabilities are the scenario's ``[[counterforce]]``)."""
        return float(np.dot(np.arange(len(self.survivors)), self.survivors))


# ----------------------------------------------------------------------------- first strike
@dataclass
class StrikeWork:
    """Work a first strike hands on to the strike of the same striker on the same victim under
    conventions that differ only in launch under attack (``allow_lua``), as
    :func:`anpo.deterrence.stability.dyad` computes it twice: the attack plans of the victim's
    retaliation through the striker's value layers (exact, and the search's decoy-free
    surrogate) and of the striker's remaining warheads through the victim's, each keeping the
    leaker pmfs of the attack states it has met, and ``countervalue``, the pmf of the
    striker's warheads arriving at the victim's value by warheads spent on counterforce.
    Launch under attack changes only which of the victim's launchers get away (the survivors),
    none of these, so the second strike finds them computed, with the same numbers. Make one
    empty (``StrikeWork()``) per striker and victim: the first strike fills it and owns it; a
    strike given the work of another striker or victim, or of other settings than
    ``allow_lua``, is refused (:class:`InputError`)."""

    plans: tuple[AttackPlan, AttackPlan, AttackPlan] | None = field(default=None, init=False)
    countervalue: dict[int, np.ndarray] = field(default_factory=dict, init=False)
    owner: tuple[Side, Side, ExchangeSettings] | None = field(default=None, init=False)


def _canonical(forces: Sequence[ForceComponent]) -> list[ForceComponent]:
    """``forces`` in an order of their own, not the file's: by basing (silo, road-mobile, sea,
    bomber: the order the striker draws its own warheads in), then by component id (stable:
    components sharing both keep their order)."""
    return sorted(forces, key=lambda f: (_BASING_ORDER.get(f.basing, 9), f.basing, f.id))


class _Strike:
    """Everything about one directed strike that does not depend on the allocation."""

    def __init__(
        self,
        striker: Side,
        victim: Side,
        s: ExchangeSettings,
        work: StrikeWork | None = None,
    ) -> None:
        self.s = s
        self.striker, self.victim = striker, victim
        # both sides' components in an order of their own (_canonical), not the scenario
        # file's: the coordinate search, the order the striker draws its committed warheads in
        # and the sums of pmfs then do not depend on how the file lists [[forces]] (review14
        # F6); first_strike gives the allocation back in the victim's order
        own = _canonical(striker.reaching(victim.actor))
        self.own = own
        self.committed_by = [
            sure_count(f.launchers, 1.0 if f.basing == "silo" else s.survivable_use)
            * f.warheads_per_launcher
            for f in own
        ]
        self.budget = int(sum(self.committed_by))
        self.targets = _canonical(victim.reaching(striker.actor))
        silo_layer = victim.silo_layer()
        self.silo_layer = silo_layer
        self.pk = []
        for f in self.targets:
            if not own:
                self.pk.append(0.0)
                continue
            if f.basing not in striker.counterforce:
                raise InputError(
                    f"no counterforce kill probability for {striker.actor} against "
                    f"{f.basing} forces",
                    field="counterforce",
                )
            self.pk.append(float(striker.counterforce[f.basing]))
        self.escape = [
            sure_count(f.launchers, s.lua_fraction)
            if s.allow_lua and f.posture == "launch-under-attack"
            else 0
            for f in self.targets
        ]
        self.vulnerable = [
            f.launchers - sure_count(f.launchers, f.survivable_fraction) for f in self.targets
        ]
        owner = (striker, victim, replace(s, allow_lua=False))
        filled = work is not None and (work.plans is not None or bool(work.countervalue))
        if work is not None and (work.owner is not None or filled) and work.owner != owner:
            raise InputError(
                "this StrikeWork belongs to another striker or victim, or to other settings "
                "than allow_lua (make one StrikeWork() per striker and victim)",
                field="work",
            )
        if work is not None and work.plans is not None:
            self.at_striker, self.at_victim, self.at_striker_surrogate = work.plans
        else:
            self.at_striker = AttackPlan(
                layer_arrays([ly for ly in striker.layers if ly.defends == "value"], striker.actor),
                [(f.missile_class, f.decoys_per_rv) for f in self.targets],
            )
            self.at_victim = AttackPlan(
                layer_arrays([ly for ly in victim.layers if ly.defends == "value"], victim.actor),
                [(f.missile_class, f.decoys_per_rv) for f in own],
            )
            # where the striker's defense would have to sort decoys, the search first runs on
            # a surrogate that ignores them (one RV count per state, fast), then refines exactly
            self.at_striker_surrogate = AttackPlan(
                self.at_striker.arrays,
                [(f.missile_class, 0) for f in self.targets],
            )
            if work is not None:
                work.plans = (self.at_striker, self.at_victim, self.at_striker_surrogate)
                work.owner = owner
        value_layers = [ly for ly in striker.layers if ly.defends == "value"]
        self.decoys_matter = any(f.decoys_per_rv > 0 for f in self.targets) and any(
            ly.sees_decoys for ly in value_layers
        )
        self.exact = True
        self._surv_cache: dict[tuple[int, int], np.ndarray] = {}
        # the striker's arrivals at the victim by warheads spent (shared through ``work``)
        self._victim_cache: dict[int, np.ndarray] = {} if work is None else work.countervalue
        self._eval_cache: dict[tuple[int, ...], tuple[float, float, np.ndarray, np.ndarray]] = {}
        self._surrogate_cache: dict[
            tuple[int, ...], tuple[float, float, np.ndarray, np.ndarray]
        ] = {}
        self.g_striker = self._g(striker.damage)
        self.g_victim = self._g(victim.damage)
        self.max_level = [self._max_level(i) for i in range(len(self.targets))]

    def _max_level(self, i: int) -> int:
        """Highest counterforce level (warheads per vulnerable launcher) the search tries on
        target component ``i``: what the budget (and ``max_per_launcher``) pays for, and no
        more than the level beyond which fewer than 1e-6 of its vulnerable launchers are
        expected to survive. Undefended, that level is the first with ``vul (1 - pk)^a <=
        1e-6``; a silo defense intercepts warheads, so there it is found on the exact survivor
        pmfs (:func:`component_survivors`): the undefended level stopped the search before the
        levels that exhaust the defense (10 silos defended by 100 interceptors against a budget
        of 2,000 warheads: 7 per silo tried, cost 0.34, where 16 cost 1.2e-5)."""
        vul, pk = self.vulnerable[i], self.pk[i]
        if vul == 0 or pk <= 0.0 or self.budget == 0:
            return 0
        top = self.budget // vul
        if self.s.max_per_launcher is not None:
            top = min(top, self.s.max_per_launcher)
        f = self.targets[i]
        defended = (
            f.basing == "silo" and self.silo_layer is not None and self.silo_layer.interceptors > 0
        )
        neg = 0
        if not defended:
            while neg < top and vul * (1.0 - pk) ** neg > 1e-6:
                neg += 1
            return min(top, max(neg, 1))
        rest = f.launchers - self.escape[i]
        spared = self.escape[i] + sure_count(rest, f.survivable_fraction)  # survive at any level
        while neg < top:
            pmf = self.survivors_of(i, neg)
            launchers = float(np.dot(np.arange(len(pmf)), pmf)) / f.warheads_per_launcher
            if launchers - spared <= 1e-6:
                break
            neg += 1
        return min(top, max(neg, 1))

    def _g(self, curve: DamageCurve) -> Callable[[int], np.ndarray]:
        """``D(w)^exponent`` for w = 0..n-1 (the cost's damage term), kept by ``n``: the search
        asks for the same lengths again and again."""
        exponent = self.s.exponent
        memo: dict[int, np.ndarray] = {}

        def g(n: int) -> np.ndarray:
            if n not in memo:
                memo[n] = damage_fraction(curve, np.arange(n)) ** exponent
            return memo[n]

        return g

    def survivors_of(self, i: int, level: int) -> np.ndarray:
        key = (i, level)
        if key not in self._surv_cache:
            f = self.targets[i]
            launch = component_survivors(
                f.launchers,
                f.survivable_fraction,
                level,
                self.pk[i],
                lua_escape=self.escape[i],
                silo_defense=self.silo_layer if f.basing == "silo" else None,
            )
            pmf = launchers_to_warheads(launch, f.warheads_per_launcher)
            nz = np.nonzero(pmf >= 1e-18)[0]
            self._surv_cache[key] = pmf[: nz[-1] + 1] if len(nz) else pmf[:1]
        return self._surv_cache[key]

    def spend(self, alloc: Sequence[int]) -> int:
        return int(sum(a * v for a, v in zip(alloc, self.vulnerable, strict=True)))

    def countervalue(self, spent: int) -> np.ndarray:
        """pmf of the striker's warheads arriving at the victim when ``spent`` of its committed
        warheads went to counterforce (drawn from silo-based missiles first, then road-mobile,
        sea-based and bomber weapons: prompt, accurate weapons first; within a basing by
        component id)."""
        if spent not in self._victim_cache:
            order = sorted(
                range(len(self.own)),
                key=lambda i: (_BASING_ORDER.get(self.own[i].basing, 9), i),
            )
            left = spent
            remaining = list(self.committed_by)
            for i in order:
                use = min(left, remaining[i])
                remaining[i] -= use
                left -= use
            pmfs = [np.eye(1, r + 1, r)[0] for r in remaining]
            self._victim_cache[spent] = self.at_victim.pmf(pmfs) if pmfs else np.ones(1)
        return self._victim_cache[spent]

    def survivors(self, alloc: Sequence[int]) -> np.ndarray:
        """pmf of the victim's surviving warheads that can reach the striker."""
        from anpo.deterrence.defense import convolve_pmf

        total = np.ones(1)
        for i in range(len(self.targets)):
            total = convolve_pmf(total, self.survivors_of(i, alloc[i]))
        return total

    def retaliation(self, alloc: Sequence[int]) -> np.ndarray:
        """pmf of the victim's warheads arriving at the striker (exact, or the search's
        surrogate ignoring decoys when ``self.exact`` is False)."""
        if not self.targets:
            return np.ones(1)
        plan = self.at_striker if self.exact else self.at_striker_surrogate
        return plan.pmf([self.survivors_of(i, alloc[i]) for i in range(len(self.targets))])

    def fixed(self, allocation: Mapping[str, int]) -> tuple[tuple[int, ...], str]:
        """A given plan (levels by target component id), cut to what the budget pays for
        (on a tie, from the first component in :func:`_canonical` order)."""
        levels = [max(0, int(allocation.get(f.id, 0))) for f in self.targets]
        levels = [lv if vul > 0 else 0 for lv, vul in zip(levels, self.vulnerable, strict=True)]
        cut = 0
        while self.spend(tuple(levels)) > self.budget:
            i = max(range(len(levels)), key=lambda j: (levels[j], -j))
            levels[i] -= 1
            cut += 1
        how = "fixed allocation" + (f" (cut by {cut} levels to fit the budget)" if cut else "")
        return tuple(levels), how

    def evaluate(self, alloc: tuple[int, ...]) -> tuple[float, float, np.ndarray, np.ndarray]:
        """(striker's expected cost, victim's expected cost, arrivals at striker, at victim)."""
        cache = self._eval_cache if self.exact else self._surrogate_cache
        if alloc not in cache:
            at_s = self.retaliation(alloc)
            at_v = self.countervalue(self.spend(alloc))
            es = float(np.dot(at_s, self.g_striker(len(at_s))))
            ev = float(np.dot(at_v, self.g_victim(len(at_v))))
            sc = self.s.surcharge
            cache[alloc] = (es + sc * (1.0 - ev), ev + sc * (1.0 - es), at_s, at_v)
        return cache[alloc]

    def better(self, a: tuple[int, ...], b: tuple[int, ...] | None) -> bool:
        """Striker's preference: lower own cost; ties (1e-12): higher victim cost, then fewer
        warheads spent."""
        if b is None:
            return True
        ca, va, _, _ = self.evaluate(a)
        cb, vb, _, _ = self.evaluate(b)
        if ca < cb - 1e-12:
            return True
        if ca > cb + 1e-12:
            return False
        if va > vb + 1e-12:
            return True
        if va < vb - 1e-12:
            return False
        return self.spend(a) < self.spend(b)

    def _global(self) -> tuple[tuple[int, ...], str]:
        """Enumerate every feasible allocation, or coordinate search when there are too many."""
        n = len(self.targets)
        ranges = [range(top + 1) for top in self.max_level]
        count = math.prod(len(r) for r in ranges)
        if count <= self.s.max_enumerated:
            best: tuple[int, ...] | None = None
            feasible = 0
            for alloc in itertools.product(*ranges):
                if self.spend(alloc) > self.budget:
                    continue
                feasible += 1
                if self.better(alloc, best):
                    best = alloc
            assert best is not None  # allocation 0 is always feasible
            return (
                best,
                f"every allocation ({fmt_number(feasible)} feasible of {fmt_number(count)})",
            )
        starts: list[tuple[int, ...]] = [tuple([0] * n)]
        for level in range(1, max(self.max_level) + 1):
            cand = tuple(min(level, top) for top in self.max_level)
            if self.spend(cand) <= self.budget:
                starts.append(cand)
        best_start = starts[0]
        for cand in starts[1:]:
            if self.better(cand, best_start):
                best_start = cand
        best_all: tuple[int, ...] | None = None
        evaluated = 0
        for start in {starts[0], best_start}:
            current = start
            # allocations the search has stood on: the preference's tie tolerances are not
            # transitive, so without this a chain of near-ties can cycle for ever
            visited = {current}
            improved = True
            while improved:
                improved = False
                for c in range(n):
                    for level in ranges[c]:
                        cand = current[:c] + (level,) + current[c + 1 :]
                        if cand in visited or self.spend(cand) > self.budget:
                            continue
                        evaluated += 1
                        if self.better(cand, current):
                            current, improved = cand, True
                            visited.add(cand)
            if self.better(current, best_all):
                best_all = current
        assert best_all is not None
        return best_all, (
            f"coordinate search from the best of {len(starts)} uniform levels "
            f"({fmt_number(count)} allocations possible)"
        )

    def _local(self, start: tuple[int, ...]) -> tuple[int, ...]:
        """Exact local search: one more or one fewer warhead per launcher on one component at
        a time, while it lowers the striker's cost."""
        current = start
        visited = {current}  # as in _global: near-ties must not cycle
        improved = True
        while improved:
            improved = False
            for c in range(len(current)):
                for step in (-1, 1):
                    level = current[c] + step
                    if level < 0 or level > self.max_level[c]:
                        continue
                    cand = current[:c] + (level,) + current[c + 1 :]
                    if cand in visited or self.spend(cand) > self.budget:
                        continue
                    if self.better(cand, current):
                        current, improved = cand, True
                        visited.add(cand)
        return current

    def search(self) -> tuple[tuple[int, ...], str]:
        if not self.decoys_matter:
            return self._global()
        self.exact = False
        rough, how = self._global()
        self.exact = True
        best = self._local(rough)
        return best, (
            f"{how}, decoys ignored; then exact search one warhead per launcher around it "
            f"({len(self._eval_cache)} exact evaluations)"
        )


def first_strike(
    striker: Side,
    victim: Side,
    settings: ExchangeSettings | None = None,
    allocation: Mapping[str, int] | None = None,
    *,
    work: StrikeWork | None = None,
) -> StrikeResult:
    """The striker's cost-minimising counterforce first strike, then the victim's retaliation.

    1. The striker commits its silo forces and ``survivable_use`` of its other forces that can
       reach the victim [kent1989], a whole number of launchers per component.
    2. It picks a whole number of warheads per vulnerable launcher for each of the victim's
       components that can reach it (0 up to what its committed warheads allow, or
       ``max_per_launcher``; levels past the one leaving fewer than 1e-6 vulnerable launchers
       expected to survive are not tried). Each vulnerable launcher survives independently with
       ``(1 - pk)^a`` (a silo defense raises it, :func:`component_survivors`); the survivable
       share always survives; with ``allow_lua`` a launch-under-attack component gets
       ``lua_fraction`` of its launchers away first.
    3. The victim fires every surviving warhead that can reach the striker at the striker's
       value, through the striker's defense (exact leaker distribution,
       :func:`anpo.deterrence.defense.arrivals`); the striker fires its remaining committed
       warheads at the victim's value through the victim's defense.
    4. Each side's cost is the expectation, over these exact distributions, of Kent & Thaler's
       ``C = D_own^0.75 + 0.3 (1 - D_other^0.75)`` [kent1989, App. C]. The striker chooses
       the allocation minimising its expected cost; ties (1e-12) go to the larger cost to the
       victim, then to fewer warheads spent. All allocations are evaluated when there are at
       most ``max_enumerated``; otherwise a coordinate search from the zero allocation and from
       the best uniform level (the search is stated in the result).

    The striker re-plans against each victim, with whole launchers and a warhead budget split
    between counterforce and countervalue, so the striker's plan does not move smoothly with the
    victim's forces. A more survivable victim (a larger ``survivable_fraction``, or launch under
    attack allowed) leaves fewer vulnerable launchers to attack: the same plan costs fewer
    warheads, or launchers that get away anyway are no longer worth a warhead, and the striker
    puts the warheads it saves on the victim's value. The victim's cost of being struck first
    can then *rise* although its retaliation grows, and the first-strike stability index
    (:func:`anpo.deterrence.stability.dyad`) can fall. The striker's own cost can fall too: the
    warheads freed may go on the victim's other components, leaving it less to retaliate with.
    This is the model's intended re-planning effect [kent1989] (review14 F5;
    tests/test_stability.py pins an example of each).

    ``allocation`` (warheads per vulnerable launcher by the victim's component id; a missing
    component gets 0) replaces the search: the striker carries out that plan, e.g. the one it
    chose on the point estimates when the uncertainty bands draw other inputs
    (:mod:`anpo.deterrence.bands`). A plan the committed warheads cannot pay for is cut, one
    warhead per launcher at a time from the component with the highest level (on a tie, the
    first by basing, then id), until it fits.

    The result does not depend on the order the scenario file lists ``[[forces]]`` in: the
    search, and the order the striker draws its committed warheads in, take each side's
    components by basing (silo, road-mobile, sea, bomber), then by id; ``allocation`` lists
    them in the victim's order.

    ``work``: a :class:`StrikeWork` this strike takes its attack plans and countervalue pmfs
    from and fills, shared with the strike of the same striker on the same victim under the
    other launch-under-attack convention (as :func:`anpo.deterrence.stability.dyad` does when
    given ``work``): what both need is computed once, with the same numbers.
    """
    s = exchange_settings_or_default(settings)
    plan = _Strike(striker, victim, s, work)
    if allocation is None:
        alloc, how = plan.search()
    else:
        alloc, how = plan.fixed(allocation)
    cost_s, cost_v, at_s, at_v = plan.evaluate(alloc)
    survivors = plan.survivors(alloc)
    by_id = {f.id: int(a) for f, a in zip(plan.targets, alloc, strict=True)}
    ds = expected_damage(at_s, striker.damage)
    dv = expected_damage(at_v, victim.damage)
    return StrikeResult(
        striker=striker.actor,
        victim=victim.actor,
        allocation={f.id: by_id[f.id] for f in victim.reaching(striker.actor)},
        committed=plan.budget,
        spent=plan.spend(alloc),
        survivors=survivors,
        at_striker=at_s,
        at_victim=at_v,
        striker_damage=ds,
        victim_damage=dv,
        striker_cost=cost_s,
        victim_cost=cost_v,
        search=how,
    )

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

``deterred``, ``richardson_equilibrium`` and ``richardson_discrete`` live in
:mod:`anpo.deterrence.classical` and are importable from here by those names (issue 2's names).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from anpo._checks import broadcast
from anpo._checks import numbers as _numbers
from anpo.deterrence.classical import deterred, richardson_discrete, richardson_equilibrium
from anpo.deterrence.exchange import (
    ExchangeSettings,
    Side,
    StrikeResult,
    StrikeWork,
    exchange_settings_or_default,
    first_strike,
    launches_under_attack,
)
from anpo.errors import InputError

if TYPE_CHECKING:
    from anpo.deterrence.scenario import ForceComponent

# dup-ok: __all__ and signatures of float-or-array functions: alike only in shape to
# anpo.deterrence.classical.
__all__ = [
    "kent_thaler_cost",
    "fss_index",
    "fss_index_from_damages",
    "deterred",
    "richardson_equilibrium",
    "richardson_discrete",
    "DyadStability",
    "dyad",
    "deliverable_warheads",
]


#: Elements per block where the array paths copy a strided input (a column of a 2-D array, a
#: broadcast row) to a contiguous block for the compiled loops. A float64 block is 64 KiB,
#: under the size (128 KiB) from which the C allocator maps fresh pages, so the copies reuse
#: heap memory already touched and stay in cache; whole-array copies would each fault in a page
#: per 4 KiB on every call (``benchmarks/stability_index_bench.py``).
_BLOCK = 8192

#: A block kernel: the inputs' blocks (contiguous, same shape) and the output's block to fill.
_Kernel = Callable[[list[np.ndarray], np.ndarray], None]


def _blockwise(kernel: _Kernel, named: dict[str, np.ndarray]) -> np.ndarray:
    """``kernel`` over the broadcast arrays ``named`` (by argument name; one at least 1-d) into
    one new array of their broadcast shape (``ndim >= 1``), in one call on the flat arrays when
    every input is contiguous, else on flat blocks of up to :data:`_BLOCK` elements, each
    input's block copied to a contiguous one (the compiled loops are vectorised on contiguous
    arrays only). Inputs of the output's shape are read in place; an input that broadcasts to
    it (a row against a column) is first expanded to that full shape, one whole-array copy.
    Shapes that do not
    broadcast are an :class:`~anpo.errors.InputError` naming the arguments and their shapes
    (:func:`anpo._checks.broadcast`, as :mod:`anpo.deterrence.classical` says it; NumPy's bare
    ValueError named none)."""
    arrays = [np.atleast_1d(a) for a in named.values()]
    shape = arrays[0].shape
    if any(a.shape != shape for a in arrays):
        # checked only where the shapes differ (the fast path stays), on the arrays as given:
        # one of them is not 0-d here, so the broadcast shape is at least 1-d
        arrays = broadcast(**named)
        shape = arrays[0].shape
    out = np.empty(shape)
    flat = [a.reshape(-1) for a in arrays]
    out_flat = out.reshape(-1)
    if all(f.flags.c_contiguous for f in flat):
        kernel(flat, out_flat)  # nothing to copy: one call
        return out
    for i in range(0, out.size, _BLOCK):
        kernel([np.ascontiguousarray(f[i : i + _BLOCK]) for f in flat], out_flat[i : i + _BLOCK])
    return out


def _check_fraction(value: float, name: str) -> None:
    """Refuse ``value`` unless it is a fraction in [0, 1] (a NaN fails)."""
    if not 0.0 <= value <= 1.0:
        raise InputError("damage must be a fraction in [0, 1]", field=name)


def _scalar_parameters(exponent: float, surcharge: float) -> tuple[float, float]:
    """``exponent`` and ``surcharge`` as floats; :class:`~anpo.errors.InputError` naming the
    one that is not a single number (an array of exponents is not a parameter of one cost), or
    below the scenario file's bounds (:class:`~anpo.deterrence.scenario.Settings`): an exponent
    above 0 (at -1 a zero damage cost inf, two zero damages NaN; at 0 every damage costs the
    same) and a surcharge of at least 0 (a negative one made costs negative, which
    :func:`fss_index_from_damages` refused as bad 'cost', naming neither). Above the file's
    upper bounds (1 and 1) they are accepted: the library's parameters, for exploring."""
    out = []
    for name, value in (("exponent", exponent), ("surcharge", surcharge)):
        try:
            # True was read as an exponent (or surcharge) of 1
            if np.ndim(value) != 0 or isinstance(value, (bool, np.bool_)):
                raise TypeError
            out.append(float(value))
        except (TypeError, ValueError):
            raise InputError("must be a single number", field=name) from None
        if not math.isfinite(out[-1]):  # a NaN gave a NaN cost (and index), an inf surcharge inf
            raise InputError(f"must be a finite number, got {value!r}", field=name)
    if not out[0] > 0.0:
        raise InputError(f"must be above 0, got {exponent!r}", field="exponent")
    if not out[1] >= 0.0:
        raise InputError(f"must be at least 0, got {surcharge!r}", field="surcharge")
    return out[0], out[1]


def _capped_ratio_float(c1: float, c2: float) -> float:
    """``min(1, c1 / c2)``, 1 where ``c2 == 0`` (the compiled loops' ``capped_ratio``)."""
    return min(1.0, c1 / c2) if c2 > 0.0 else 1.0


def kent_thaler_cost(
    own_damage: float | np.ndarray,
    enemy_damage: float | np.ndarray,
    exponent: float = 0.75,
    surcharge: float = 0.3,
) -> float | np.ndarray:
    """Kent-Thaler cost of an exchange to a side: ``C = D_own^0.75 + 0.3 (1 - D_enemy^0.75)``.

    ``D`` are fractions of value destroyed [kent1989, App. C]. Own damage weighs most; failing
    to damage the enemy adds a surcharge. ``exponent`` and ``surcharge`` are parameters (defaults
    are Kent & Thaler's). Arrays are computed element by element (broadcast together); two
    scalars give a float.

    >>> round(kent_thaler_cost(0.5, 0.9), 4)
    0.6174
    """
    exponent, surcharge = _scalar_parameters(exponent, surcharge)
    own = _numbers("own_damage", own_damage)
    enemy = _numbers("enemy_damage", enemy_damage)
    if own.ndim == 0 and enemy.ndim == 0:
        # numpy's float64, as the arrays' compiled loops compute (the exponent is above 0, so
        # no power of a zero damage divides by zero)
        o, e = own[()], enemy[()]
        _check_fraction(float(o), "own_damage")
        _check_fraction(float(e), "enemy_damage")
        return float(o**exponent + surcharge * (1.0 - e**exponent))

    from anpo.deterrence import _stability_kernels as k

    def kernel(blocks: list[np.ndarray], out: np.ndarray) -> None:
        bad = k.cost_into(blocks[0], blocks[1], exponent, surcharge, out)
        if bad:
            name = "own_damage" if bad & 1 else "enemy_damage"
            raise InputError("damage must be a fraction in [0, 1]", field=name)

    return _blockwise(kernel, {"own_damage": own, "enemy_damage": enemy})


# dup-ok: a signature of four float-or-array arguments, alike only in shape to
# classical.schelling_instability's (other quantities).
def fss_index(
    c1_a: float | np.ndarray,
    c2_a: float | np.ndarray,
    c1_b: float | np.ndarray,
    c2_b: float | np.ndarray,
) -> float | np.ndarray:
    """First-strike stability index ``(C1_A/C2_A) * (C1_B/C2_B)``, each ratio capped at 1.

    ``C1_X`` is X's cost if X strikes first, ``C2_X`` its cost if struck first [kent1989]. 1
    means neither side gains by going first; lower values are less stable. A side whose cost of
    being struck first is 0 gains nothing by striking first (ratio 1). Arrays are computed
    element by element (broadcast together); four scalars give a float.
    """
    named = {"c1_a": c1_a, "c2_a": c2_a, "c1_b": c1_b, "c2_b": c2_b}
    costs = [_numbers(name, x) for name, x in named.items()]
    if all(c.ndim == 0 for c in costs):
        c1a, c2a, c1b, c2b = (float(c) for c in costs)
        if not all(0.0 <= c < math.inf for c in (c1a, c2a, c1b, c2b)):
            raise InputError("costs must be finite and non-negative", field="cost")
        return _capped_ratio_float(c1a, c2a) * _capped_ratio_float(c1b, c2b)

    from anpo.deterrence import _stability_kernels as k

    def kernel(blocks: list[np.ndarray], out: np.ndarray) -> None:
        if not k.index_into(*blocks, out):
            raise InputError("costs must be finite and non-negative", field="cost")

    return _blockwise(kernel, dict(zip(named, costs, strict=True)))


def fss_index_from_damages(
    a_damage_a_first: float | np.ndarray,
    b_damage_a_first: float | np.ndarray,
    a_damage_b_first: float | np.ndarray,
    b_damage_b_first: float | np.ndarray,
    exponent: float = 0.75,
    surcharge: float = 0.3,
) -> float | np.ndarray:
    """The first-strike stability index straight from the two exchanges' damage fractions.

    Equal (to rounding) to :func:`fss_index` of the four :func:`kent_thaler_cost` values
    [kent1989, App. C]: ``C1_A = C(D_A, D_B)`` and ``C2_B = C(D_B, D_A)`` with the damages
    when A strikes first, ``C2_A`` and ``C1_B`` likewise with those when B strikes first,
    ``C(own, enemy) = own^e + s (1 - enemy^e)``. Each damage's power is taken once (not once
    per cost it enters), so for arrays of exchanges it does half the powers of the four cost
    calls and keeps no cost array. Damages must be fractions in [0, 1]
    (:class:`~anpo.errors.InputError` naming the argument otherwise); arrays broadcast
    together, four scalars give a float.

    >>> round(fss_index_from_damages(0.5, 0.9, 0.9, 0.5), 4)
    0.3486
    """
    exponent, surcharge = _scalar_parameters(exponent, surcharge)
    names = ("a_damage_a_first", "b_damage_a_first", "a_damage_b_first", "b_damage_b_first")
    values = (a_damage_a_first, b_damage_a_first, a_damage_b_first, b_damage_b_first)
    damages = [_numbers(n, v) for n, v in zip(names, values, strict=True)]
    if all(d.ndim == 0 for d in damages):
        for d, name in zip(damages, names, strict=True):
            _check_fraction(float(d), name)
        p_a1, p_b1, p_a2, p_b2 = (d[()] ** exponent for d in damages)
        pairs = ((p_a1, p_b1), (p_a2, p_b2), (p_b2, p_a2), (p_b1, p_a1))
        return float(fss_index(*(float(p + surcharge * (1.0 - q)) for p, q in pairs)))
    # every cost is in [0, 1 + s]: _scalar_parameters refused an exponent of 0 or less and a
    # negative or infinite surcharge by name, so only the damages are checked
    from anpo.deterrence import _stability_kernels as k

    def kernel(blocks: list[np.ndarray], out: np.ndarray) -> None:
        bad = k.index_from_damages_into(*blocks, exponent, surcharge, out)
        for j, name in enumerate(names):
            if bad & (1 << j):
                raise InputError("damage must be a fraction in [0, 1]", field=name)

    return _blockwise(kernel, dict(zip(names, damages, strict=True)))


def deliverable_warheads(side: Side | Iterable[ForceComponent], other: str) -> int:
    """Warheads of ``side`` (a :class:`~anpo.deterrence.exchange.Side`, or a side's active
    force components) on forces that can reach ``other``'s territory: launchers times warheads
    per launcher, summed over those forces.

    Why one definition: a side without them cannot strike ``other`` first, so :func:`dyad`
    calls it unarmed (its strike costs are undefined, [kent1989, App. C]), ``other`` has no
    attack to launch under (:func:`anpo.deterrence.questions.lua_sides`), and a patron without
    them has nothing to honour its guarantee with (:func:`anpo.deterrence.extended.extended`);
    each re-derived it from the forces, and the three could drift apart."""
    forces = side.forces if isinstance(side, Side) else side
    return int(sum(f.launchers * f.warheads_per_launcher for f in forces if other in f.reaches))


@dataclass
class DyadStability:
    """Both first-strike exchanges of a dyad and what they say about stability.

    ``c1_x``: X's expected cost if X strikes first; ``c2_x``: if X is struck first
    [kent1989, App. C]; ``incentive_x = c2_x - c1_x`` (positive: X is better off striking
    first); ``fss``: the index, or None with ``fss_reason`` when it is undefined; ``unarmed``:
    the sides (actor ids) with no warheads that can reach the other. Costs are on Kent and
    Thaler's scale (0 to ``1 + surcharge``, no unit). Where a side is unarmed, its ``c1``, the
    other side's ``c2`` and both incentives are None (see :meth:`defined`); the exchange's own
    numbers for a "strike" with no warheads stay in :attr:`a_first` and :attr:`b_first`.
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
        them) are undefined, not 0 (they are defined for two armed sides [kent1989, App. C]).
        The exchange still computes numbers for them (a "strike" with no warheads), kept in
        :attr:`a_first` and :attr:`b_first`; this view, and the properties :attr:`c1_a` to
        :attr:`incentive_b` that read it, give None instead. Built from those raw
        :class:`~anpo.deterrence.exchange.StrikeResult` fields (the one place that decides).
        """
        c1_a, c2_b = self.a_first.striker_cost, self.a_first.victim_cost
        c1_b, c2_a = self.b_first.striker_cost, self.b_first.victim_cost
        a_out, b_out = self.a in self.unarmed, self.b in self.unarmed
        both = not self.unarmed  # an incentive needs both of its costs, so both sides armed
        return {
            "c1_a": None if a_out else c1_a,
            "c2_a": None if b_out else c2_a,
            "incentive_a": c2_a - c1_a if both else None,
            "c1_b": None if b_out else c1_b,
            "c2_b": None if a_out else c2_b,
            "incentive_b": c2_b - c1_b if both else None,
        }

    # dup-ok: the six properties are alike in shape: each reads one measure of :meth:`defined`.
    @property
    def c1_a(self) -> float | None:
        """A's expected Kent-Thaler cost if A strikes first (its damage from B's retaliation,
        plus the surcharge for B's value left standing) [kent1989, App. C]; None if A has no
        warheads that can reach B."""
        return self.defined()["c1_a"]

    @property
    def c2_a(self) -> float | None:
        """A's expected Kent-Thaler cost if B strikes first [kent1989, App. C]; None if B has no
        warheads that can reach A (a first strike that cannot happen)."""
        return self.defined()["c2_a"]

    @property
    def c1_b(self) -> float | None:
        """B's expected Kent-Thaler cost if B strikes first [kent1989, App. C]; None if B has no
        warheads that can reach A."""
        return self.defined()["c1_b"]

    @property
    def c2_b(self) -> float | None:
        """B's expected Kent-Thaler cost if A strikes first [kent1989, App. C]; None if A has no
        warheads that can reach B."""
        return self.defined()["c2_b"]

    @property
    def incentive_a(self) -> float | None:
        """A's first-strike incentive ``c2_a - c1_a``, what A saves by striking first (positive:
        better off going first) [kent1989, App. C]; None if either side is unarmed (it is not
        0, "no incentive": one of the two costs is of an attack that cannot happen)."""
        return self.defined()["incentive_a"]

    @property
    def incentive_b(self) -> float | None:
        """B's first-strike incentive ``c2_b - c1_b`` [kent1989, App. C]; None if either side is
        unarmed."""
        return self.defined()["incentive_b"]


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
    four Kent-Thaler costs, the first-strike incentives and the index where it is defined
    [kent1989, App. C].

    ``reuse``: the same dyad under other conventions differing only in launch under attack; a
    direction whose victim has no launch-under-attack force is taken from it unchanged, unless
    ``allocations`` fixes another plan for it (a band's draw holds the point estimate's plan of
    the exchange with launch under attack, which the reused strike did not run).
    ``allocations``: fixed plans for A's and B's first strikes (see ``first_strike``; None: each
    striker searches its best plan).
    ``work``: A's and B's first strikes' :class:`~anpo.deterrence.exchange.StrikeWork`, which
    the calls for the same two sides under conventions differing only in launch under attack
    may share (as :func:`anpo.deterrence.questions.answer_case` does): the attack plans and
    each side's arrivals at the other by warheads spent are then computed once.

    The index is not monotone in either side's survivability. Making a side's forces more
    survivable (a larger ``survivable_fraction``) or allowing launch under attack can lower it:
    the striker re-plans (see :func:`anpo.deterrence.exchange.first_strike`), and the warheads
    it no longer needs against the victim's vulnerable launchers go to the victim's value, so the
    victim's cost of being struck first can rise, and the index fall, although the victim
    retaliates with more. Survivable forces are the textbook stabiliser [kent1989], but not for
    every change of a dyad here: a what-if or a sensitivity that moves ``survivable_fraction``
    or the posture can show the index falling, and that is this re-planning effect, not an
    error (docs/explanation/stability.md has an example).

    The index needs both sides to hold warheads that can reach the other; otherwise it is None
    and ``fss_reason`` says why, e.g. "North Korea has no deliverable warheads in 2001" (``when``
    = "in 2001" completes the sentence). Two sides of one actor are an
    :class:`~anpo.errors.InputError`.
    """

    def lua_free(victim: Side, striker: Side) -> bool:
        return not any(launches_under_attack(f, striker.actor) for f in victim.forces)

    if side_a.actor == side_b.actor:
        # a side against itself was fss None, "neither A nor A has deliverable warheads"
        raise InputError(
            f"both sides are {side_a.actor!r}: a dyad is two different actors", field="side_b"
        )
    settings = exchange_settings_or_default(settings)
    plan_a, plan_b = allocations or (None, None)
    work_a, work_b = work or (None, None)

    def same_plan(plan: Mapping[str, int] | None, done: Mapping[str, int]) -> bool:
        """Whether a fixed ``plan`` is the one the reused strike ran (None: a search, which
        finds the reused strike's plan against a victim that launches nothing under attack)."""
        return plan is None or dict(plan) == dict(done)

    if (
        reuse is not None
        and lua_free(side_b, side_a)
        and same_plan(plan_a, reuse.a_first.allocation)
    ):
        a_first = reuse.a_first  # launch under attack changes nothing for this victim
    else:
        a_first = first_strike(side_a, side_b, settings, plan_a, work=work_a)
    if (
        reuse is not None
        and lua_free(side_a, side_b)
        and same_plan(plan_b, reuse.b_first.allocation)
    ):
        b_first = reuse.b_first
    else:
        b_first = first_strike(side_b, side_a, settings, plan_b, work=work_b)
    unarmed = [
        s
        for s, o in ((side_a, side_b.actor), (side_b, side_a.actor))
        if deliverable_warheads(s, o) == 0
    ]
    if unarmed:
        # imported here, as before: only an unarmed side needs a sentence, and the module stays
        # free of the report package
        from anpo.report.countries import with_article

        # "the United States has no deliverable warheads" ('United States has' on the web page)
        missing = [with_article(s.name or s.actor) for s in unarmed]
        suffix = f" {when}" if when else ""
        if len(missing) == 2:
            reason = f"neither {missing[0]} nor {missing[1]} has deliverable warheads{suffix}"
        elif any(f.launchers * f.warheads_per_launcher for f in unarmed[0].forces):
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

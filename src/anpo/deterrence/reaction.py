"""Reaction curves: the smallest rival force that keeps its deterrent as the defense grows.

For a defender's interceptor count, the smallest number of launchers of the rival's growth
component with which P(at least m warheads arrive) >= q after the defender's counterforce first
strike. Interception is the exact model of :func:`anpo.deterrence.defense.arrivals`
([wilkening1999], with shoot-look-shoot, decoys, missile classes, footprints and common-mode failures); the
strike is the exchange's (:mod:`anpo.deterrence.exchange`, after [kent1989]): a whole
number of warheads on each vulnerable launcher, up to the striker's budget, spread as evenly as
possible when the budget runs short.

The fast path (issue 9): only P(fewer than m arrive) is needed, m small, so the distribution is
propagated truncated to the states that can still end below m (fewer RVs than m plus every
interceptor still to fire), the rest lumped as "at least m"; the search (exponential, then
binary, the probability being non-decreasing in the number of launchers) stops at the first
count meeting the goal. Compiled, parallel over points; each point is independent, so results
do not depend on the number of threads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from anpo._checks import whole_number, whole_numbers
from anpo.deterrence.defense import (
    LayerArrays,
    RVGroup,
    add_group_2d,
    arrivals,
    arrivals_pmf,
    layer_arrays,
)
from anpo.deterrence.layer import Layer, check_missile_class
from anpo.errors import InputError

__all__ = [
    "Growth",
    "full_doctrine_inventory",
    "min_launchers",
    "needed_or_none",
    "reaction_curve",
    "reaction_point_reference",
]

_NO_LIMIT = 2**62


def needed_or_none(k: float) -> int | None:
    """A count of :func:`min_launchers` or :func:`reaction_curve` (or a table built from them)
    for a reader: the count, or None for the ``-1`` that means no force up to the search limit
    meets the goal (JSON null, never a count of -1).

    >>> needed_or_none(3), needed_or_none(-1)
    (3, None)
    """
    return int(k) if k >= 0 else None


@dataclass(frozen=True)
class Growth:
    """The rival's growth component and the defender's strike on it.

    warheads_per_launcher, decoys_per_rv, missile_class: the component's missiles;
    survivable_fraction: launchers surviving whatever is spent (``round(sigma n)``);
    kill_probability: per counterforce warhead; allocation: warheads per vulnerable launcher the
    striker plans; budget: its warheads for this component (None: unlimited), spread as evenly as
    possible when ``allocation`` per launcher is more than it can pay for.
    """

    warheads_per_launcher: int
    survivable_fraction: float = 0.0
    kill_probability: float = 0.0
    allocation: int = 0
    budget: int | None = None
    decoys_per_rv: int = 0
    missile_class: str | None = None

    def __post_init__(self) -> None:
        # counts are whole numbers: 2.5 warheads per launcher, a NaN or a fractional budget or
        # decoy count were accepted, '3' a bare TypeError
        for name, least in (
            ("warheads_per_launcher", 1),
            ("allocation", 0),
            ("budget", 0),
            ("decoys_per_rv", 0),
        ):
            v = getattr(self, name)
            if v is not None or name != "budget":
                whole_number(v, name, minimum=least)
        for name in ("survivable_fraction", "kill_probability"):
            v = getattr(self, name)
            # None, a list or an array was a bare TypeError or numpy's 'truth value of an
            # array is ambiguous'
            number = isinstance(v, (int, float, np.integer, np.floating))
            if not number or isinstance(v, bool) or not (0.0 <= v <= 1.0) or not math.isfinite(v):
                raise InputError("must be a probability in [0, 1]", field=name)
        check_missile_class(self.missile_class, "missile_class")


def _check_goal(m: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The goal's ``m`` as int64 (whole numbers >= 1; a float beyond int64 wrapped in the cast)
    once ``m`` and ``q`` are checked."""
    out = whole_numbers(m, "m", minimum=1, limit=2.0**63, what="a whole number of warheads")
    if np.any((q <= 0) | (q > 1)) or not np.all(np.isfinite(q)):
        raise InputError("must be in (0, 1]", field="q")
    return out


def _check_point_goal(m: object, q: object) -> tuple[int, float]:
    """One point's goal (:func:`reaction_curve`, :func:`reaction_point_reference`): ``m`` and
    ``q`` single numbers, checked as :func:`_check_goal` does. An array was a numba typing error
    or numpy's 'truth value of an array is ambiguous' from inside the kernel."""
    for name, value in (("m", m), ("q", q)):
        if np.ndim(value) != 0:  # type: ignore[arg-type]
            raise InputError(f"must be a single number, got {value!r}", field=name)
    if isinstance(q, (bool, np.bool_)):  # True was read as q = 1
        raise InputError(f"must be in (0, 1], got {q!r}", field="q")
    try:
        qf = float(q)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(f"must be in (0, 1], got {q!r}", field="q") from None
    mm = _check_goal(np.asarray(m), np.asarray(qf))
    return int(mm), qf


def check_launcher_limit(max_launchers: object) -> int:
    """``max_launchers`` as an int >= 1 (NaN, 2.5, True or a negative count were a numpy error
    or read as another limit: 1.7 as 1; 2**70 overflowed the compiled search's int64).

    0 is refused, as the web app (``ge=1``) and :func:`anpo.deterrence.bands.bands` refuse it:
    the search's first step is one launcher, so a limit of 0 answered 1 (a force beyond the
    limit) where one launcher meets the goal and -1 where it does not, never "0 launchers
    suffice or none within the limit"."""
    return whole_number(max_launchers, "max_launchers", minimum=1, maximum=_NO_LIMIT)


def _stack(arrays: Sequence[LayerArrays], engaged: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
    """Pad and stack per-point layer arrays (only the layers engaging the block) and patterns."""
    n = len(arrays)
    width = max((int(e.sum()) for e in engaged), default=0)
    width = max(width, 1)
    n_pat = max(len(a.weights) for a in arrays)
    inv = np.zeros((n, width), dtype=np.int64)
    sspk = np.zeros((n, width))
    shots = np.ones((n, width), dtype=np.int64)
    second = np.zeros((n, width), dtype=np.int64)
    rel = np.ones((n, width))
    raid = np.zeros((n, width), dtype=bool)
    disc = np.ones((n, width))
    endo = np.zeros((n, width), dtype=bool)
    frac = np.ones((n, width))
    pats = np.zeros((n, n_pat, width), dtype=bool)
    weights = np.zeros((n, n_pat))
    for i, (a, e) in enumerate(zip(arrays, engaged, strict=True)):
        idx = np.nonzero(e)[0]
        k = len(idx)
        inv[i, :k] = a.inventories[idx]
        sspk[i, :k] = a.sspk[idx]
        shots[i, :k] = a.shots[idx]
        second[i, :k] = a.second[idx]
        rel[i, :k] = a.reliability[idx]
        raid[i, :k] = a.raid[idx]
        disc[i, :k] = a.discrimination[idx]
        endo[i, :k] = a.endo[idx]
        frac[i, :k] = a.fraction[idx]
        pats[i, : len(a.weights), :k] = a.patterns[:, idx]
        weights[i, : len(a.weights)] = a.weights
    return inv, sspk, shots, second, rel, raid, disc, endo, frac, pats, weights


def _kernel(
    arrays: Sequence[LayerArrays],
    growth: Sequence[Growth],
    m: np.ndarray,
    q: np.ndarray,
    base: np.ndarray,
    base_shift: np.ndarray,
    passthrough: np.ndarray,
    max_launchers: int,
) -> np.ndarray:
    from anpo.deterrence import _engine

    engaged = [a.engages(g.missile_class) for a, g in zip(arrays, growth, strict=True)]
    stacked = _stack(arrays, engaged)
    in_block = np.array([bool(e.any()) for e in engaged], dtype=bool)
    # Any: the batch is a numba dispatcher, the serial loop plain Python taking *stacked
    kernel: Any = _engine.min_launchers_batch if len(arrays) >= 32 else _engine.min_launchers_serial
    return kernel(
        np.array([g.survivable_fraction for g in growth], dtype=float),
        np.array([g.kill_probability for g in growth], dtype=float),
        np.array([g.allocation for g in growth], dtype=np.int64),
        np.array([_NO_LIMIT if g.budget is None else g.budget for g in growth], dtype=np.int64),
        np.array([g.warheads_per_launcher for g in growth], dtype=np.int64),
        np.array([g.decoys_per_rv for g in growth], dtype=np.int64),
        in_block,
        np.ascontiguousarray(base, dtype=float),
        np.ascontiguousarray(base_shift, dtype=np.int64),
        np.ascontiguousarray(passthrough, dtype=float),
        np.ascontiguousarray(m, dtype=np.int64),
        np.ascontiguousarray(q, dtype=float),
        *stacked,
        int(max_launchers),
    )


def min_launchers(
    arrays: Sequence[LayerArrays],
    growth: Growth | Sequence[Growth],
    m: int | np.ndarray,
    q: float | np.ndarray,
    *,
    base_warheads: int | np.ndarray = 0,
    max_launchers: int = 100_000,
) -> np.ndarray:
    """Smallest launcher count of the growth component meeting ``P(>= m arrive) >= q``, one per
    point (``arrays[i]``: the layers defending the territory at point ``i``, from
    :func:`anpo.deterrence.defense.layer_arrays`); ``-1`` where no force up to
    ``max_launchers`` (at least 1) suffices, which a reader is shown through
    :func:`needed_or_none` (None, never a count of -1). ``base_warheads`` more RVs of the growth component's class (no
    decoys) always arrive at the defense with the survivors.

    Vectorised and compiled (parallel over points); the fast path described in the module
    docstring. anpo's construction over the interception of [wilkening1999] and the strike of
    [kent1989].
    """
    n = len(arrays)
    growths = [growth] * n if isinstance(growth, Growth) else list(growth)
    if len(growths) != n:
        raise InputError(f"{len(growths)} growth entries for {n} points", field="growth")
    # base_warheads = 2.5 was read as 2, NaN was a bare ValueError; an m, q or base_warheads
    # of another length than the points numpy's bare broadcasting ValueError
    shift = whole_numbers(base_warheads, "base_warheads", minimum=0, limit=2.0**62)
    named = {"m": m, "q": q, "base_warheads": shift}
    for name, value in named.items():
        if np.ndim(value) > 1 or np.size(value) not in (1, n):
            raise InputError(
                f"must be one value or one per point ({n}), got shape {np.shape(value)}",
                field=name,
            )
    mm = np.broadcast_to(np.asarray(m), (n,))
    try:
        qq = np.broadcast_to(np.asarray(q, dtype=float), (n,))
    except (TypeError, ValueError):
        raise InputError(f"must be in (0, 1], got {q!r}", field="q") from None
    mm = _check_goal(mm, qq)  # not a bare int cast: m = 2.5 was read as 2
    shift = np.broadcast_to(shift, (n,))
    limit = check_launcher_limit(max_launchers)
    return _kernel(arrays, growths, mm, qq, np.ones((1, 1)), shift, np.ones(1), limit)


def reaction_curve(
    layers: Sequence[Layer],
    growth: Growth,
    m: int,
    q: float,
    *,
    territory: str | None = None,
    others: Sequence[RVGroup] = (),
    interceptors: Sequence[int] | np.ndarray | None = None,
    sweep: int | None = None,
    max_launchers: int = 100_000,
) -> np.ndarray:
    """The reaction curve (anpo's construction over [wilkening1999]'s interception and [kent1989]'s
    strike; module docstring): for each interceptor count in ``interceptors`` (replacing the
    inventory of layer ``sweep``, by default the first layer defending ``territory`` that can engage
    the growth component), the smallest launcher count of the growth component meeting ``P(>= m of
    all the rival's warheads arrive) >= q``; -1 where none up to ``max_launchers`` (at least 1)
    does, which a reader is shown through :func:`needed_or_none` (None: JSON null, "no force up
    to the limit" in words; never a count of -1). Without ``interceptors``, one value for the
    layers as given.

    ``others``: the rival's other surviving warheads aimed at the territory, as independent
    groups (exact pmfs after the strike, with their classes and decoys); those engaged by
    exactly the growth component's layers share the block with it, those no layer engages (or
    engaged by other layers only) arrive independently. When layers engage them partly in
    common with the growth component, the curve is computed by the exact plain search
    (:func:`reaction_point_reference`; slower).
    """
    m, q = _check_point_goal(m, q)
    qq = np.asarray([q], dtype=float)
    mm = np.asarray([m], dtype=np.int64)
    max_launchers = check_launcher_limit(max_launchers)
    if interceptors is not None:
        # 2.5 interceptors were read as 2, NaN was a bare ValueError, a single count a TypeError
        if np.ndim(interceptors) != 1:
            raise InputError(
                f"must be a sequence of interceptor counts, got {interceptors!r}",
                field="interceptors",
            )
        interceptors = whole_numbers(interceptors, "interceptors", minimum=0, limit=2.0**63)
    base_arrays = layer_arrays(layers, territory)
    g_mask = base_arrays.engages(growth.missile_class)
    if interceptors is not None:
        if sweep is None:
            idx = np.nonzero(g_mask)[0]
            if len(idx) == 0:
                raise InputError(
                    "no layer defending the territory can engage the growth component",
                    field="sweep",
                )
            sweep = int(idx[0])
        if not 0 <= sweep < len(base_arrays.layers):
            raise InputError(f"no layer {sweep}", field="sweep")
        points = [base_arrays.with_inventory(sweep, int(i)) for i in interceptors]
    else:
        points = [base_arrays]
    # classify the other groups against the growth block, under every reliability pattern
    block, independent = [], []
    coupled = False
    for g in others:
        mask = base_arrays.engages(g.missile_class)
        same = all(
            np.array_equal(mask & act, g_mask & act) for act in base_arrays.patterns
        ) and bool((mask & g_mask).any())
        apart = all(not (mask & g_mask & act).any() for act in base_arrays.patterns)
        if same:
            block.append(g)
        elif apart:
            independent.append(g)
        else:
            coupled = True
    # groups engaged by layers of their own: their leak depends on which common-mode groups
    # work, which the kernel's single passthrough cannot carry
    pattern_dependent = len(base_arrays.weights) > 1 and any(
        base_arrays.engages(g.missile_class).any() for g in independent
    )
    if coupled or pattern_dependent:
        return np.array(
            [
                reaction_point_reference(
                    [
                        ly.model_copy(update={"interceptors": int(a.inventories[j])})
                        for j, ly in enumerate(a.layers)
                    ],
                    growth,
                    m,
                    q,
                    territory=territory,
                    others=others,
                    max_launchers=max_launchers,
                )
                for a in points
            ],
            dtype=np.int64,
        )
    base = np.ones((1, 1))
    for g in block:
        base = add_group_2d(base, np.asarray(g.pmf, float), g.decoys_per_rv)
    out = np.empty(len(points), dtype=np.int64)
    for i, a in enumerate(points):
        pas = np.ones(1)
        if independent:
            pas = arrivals_pmf(list(independent), a)
        out[i] = _kernel(
            [a],
            [growth],
            mm,
            qq,
            base,
            np.zeros(1, dtype=np.int64),
            pas,
            max_launchers,
        )[0]
    return out


def full_doctrine_inventory(
    layer: Layer,
    growth: Growth,
    others: Sequence[RVGroup] = (),
    max_launchers: int = 100_000,
) -> int:
    """An inventory of ``layer`` with which it fires its full doctrine (``shots``, then
    ``second_shots`` more at each survivor of shoot-look-shoot) at every object it can engage,
    for any force the reaction search tries (up to ``max_launchers`` launchers of ``growth``,
    with ``others`` at their largest): that doctrine's shots per object times every RV and
    decoy that could arrive. The engine fires ``min(I, shots T)`` at ``T`` objects, then
    ``second_shots`` at each survivor while the inventory lasts (:mod:`anpo.deterrence._engine`,
    after [wilkening1999]); with this many, neither salvo runs short, so the curve at this count
    is the curve against an unlimited inventory, and more interceptors cannot be fired.

    >>> from anpo.deterrence.layer import Layer
    >>> ly = Layer(interceptors=5, sspk=0.6, shots=2, doctrine="shoot-look-shoot", second_shots=2)
    >>> full_doctrine_inventory(ly, Growth(warheads_per_launcher=1, decoys_per_rv=3), max_launchers=10)
    160
    """
    limit = check_launcher_limit(max_launchers)
    objects = limit * growth.warheads_per_launcher * (1 + growth.decoys_per_rv)
    for g in others:
        objects += (len(g.pmf) - 1) * (1 + g.decoys_per_rv)
    return (layer.shots + layer.second) * objects


def _growth_pmf(growth: Growth, n: int) -> np.ndarray:
    """pmf of the growth component's surviving RVs with ``n`` launchers (whole warheads per
    launcher, spread evenly when the budget is short)."""
    from scipy import stats

    sure = math.floor(growth.survivable_fraction * n + 0.5)
    vul = n - sure
    budget = _NO_LIMIT if growth.budget is None else growth.budget
    total = min(budget, growth.allocation * vul)
    q, r = divmod(total, vul) if vul else (0, 0)
    p_q = (1 - growth.kill_probability) ** q
    p_q1 = (1 - growth.kill_probability) ** (q + 1)
    a = stats.binom.pmf(np.arange(vul - r + 1), vul - r, p_q)
    b = stats.binom.pmf(np.arange(r + 1), r, p_q1)
    launchers = np.zeros(n + 1)
    launchers[sure : sure + vul + 1] = np.convolve(a, b)
    out = np.zeros(n * growth.warheads_per_launcher + 1)
    out[:: growth.warheads_per_launcher] = launchers
    return out


# dup-ok: the signature repeats reaction_curve's (one point of it): this is the reference the tests
# compare that curve with.
def reaction_point_reference(
    layers: Sequence[Layer],
    growth: Growth,
    m: int,
    q: float,
    *,
    territory: str | None = None,
    others: Sequence[RVGroup] = (),
    max_launchers: int = 100_000,
    engine: str = "compiled",
) -> int:
    """Plain reference for :func:`reaction_curve` at one point: the full leaker distribution of
    every candidate force (:func:`anpo.deterrence.defense.arrivals`, no truncation) and a plain
    exponential-then-binary search. Used to check the fast path and for attacks whose groups
    the layers engage partly in common (exact, slow); the curve is anpo's construction over
    [wilkening1999]'s interception and [kent1989]'s exchange. ``m``, ``q`` and ``max_launchers`` are
    checked as :func:`reaction_curve` checks them (q = NaN gave 1, q = 1.7 gave -1, m = -3
    gave 0)."""
    m, q = _check_point_goal(m, q)
    max_launchers = check_launcher_limit(max_launchers)

    def prob(n: int) -> float:
        groups = [
            RVGroup(_growth_pmf(growth, n), growth.missile_class, growth.decoys_per_rv),
            *others,
        ]
        res = arrivals(groups, layers, territory, engine=engine)
        return float(res.p_at_least(m))

    # dup-ok: the same doubling-then-bisection search as the compiled kernel
    # (_engine._min_launchers_one), kept in plain Python on purpose: this function is the
    # independent reference the kernel is checked against.
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

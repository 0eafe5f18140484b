"""Reaction curves: the smallest rival force that keeps its deterrent as the defense grows.

Sources: [wilkening1999], see :mod:`anpo.deterrence.defense` (interception); the counterforce
strike follows :mod:`anpo.deterrence.exchange` [kent1989].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from anpo.errors import InputError

__all__ = ["DefenseLayers", "reaction_curve", "reaction_point_reference"]


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
    raid or per RV: [wilkening1999]), and the smallest launcher count meeting the goal is found by
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

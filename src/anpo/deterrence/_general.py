"""Exact engagement of several RV groups through layers that engage them differently (plain
Python and scipy; private to :mod:`anpo.deterrence`).

The compiled engine (:mod:`anpo.deterrence._engine`) propagates one *block* of RVs that every
layer engages alike. When the layers covering a territory engage the attacking groups
differently and share inventory between them (a layer engaging IRBMs and MRBMs, the next only
MRBMs), the groups must be tracked jointly: this module does it, keeping one count of RVs and
one of decoys per group. It is exponential in the number of groups and slow, and is used only
for such coupled attacks when more than two blocks are coupled (two run on the compiled pair
engines, :func:`~anpo.deterrence._engine.pair_propagate` and
:func:`~anpo.deterrence._engine.pair_propagate_decoys`); it also serves as the independent reference
the compiled engine is tested against (it shares no code with it).

Model (the same as the compiled engine's; see :mod:`anpo.deterrence.defense`): a working layer
engages the objects inside its footprint that it cannot tell from RVs, spreads its inventory as
evenly as possible over them (salvo, or shoot-look-shoot with perfect kill assessment), and the
killed objects are a uniformly random subset of the engaged ones.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

_SKIP = 1e-16


@dataclass(frozen=True)
class GroupSpec:
    """An attacking group: its RV-count pmf, missile class and decoys per RV."""

    pmf: np.ndarray
    missile_class: str
    decoys_per_rv: int = 0


@dataclass(frozen=True)
class LayerSpec:
    """A layer as the engine sees it (reliabilities already split by the caller)."""

    interceptors: int
    sspk: float
    shots: int
    second: int
    reliability: float
    raid: bool
    discrimination: float
    endo: bool
    fraction: float
    engages: tuple[str, ...]


def _binom(n: int, p: float) -> np.ndarray:
    return stats.binom.pmf(np.arange(n + 1), n, p) if n > 0 else np.ones(1)


def salvo_kills(t: int, inventory: int, shots: int, k: float, rho_rv: float) -> np.ndarray:
    """pmf of objects killed among ``t`` by ``min(I, shots t)`` interceptors spread evenly:
    the interception model of [wilkening1999], made exact for a finite inventory."""
    if t == 0:
        return np.ones(1)
    budget = min(inventory, shots * t)
    q, r = divmod(budget, t)
    a = _binom(t - r, rho_rv * (1 - (1 - k) ** q))
    b = _binom(r, rho_rv * (1 - (1 - k) ** (q + 1)))
    return np.convolve(a, b)[: t + 1]


@functools.lru_cache(maxsize=4096)
def layer_kills(layer: LayerSpec, t: int) -> np.ndarray:
    """pmf of objects a working layer kills among ``t`` (salvo or shoot-look-shoot), after
    [wilkening1999].

    Per-RV reliability is tracking, drawn once per object for the layer: an object the layer
    does not track survives both salvos, and the look cannot tell it from a tracked survivor.
    The second salvo only happens when the first left interceptors, that is when every object
    got ``shots``; a survivor of it is then tracked with P(tracked and missed) / P(survived)
    = ``rho m / (1 - rho + rho m)``, ``m = (1 - k)^shots``, independently of the others, which
    is the second salvo's per-object reliability."""
    rho_rv = 1.0 if layer.raid else layer.reliability
    first = salvo_kills(t, layer.interceptors, layer.shots, layer.sspk, rho_rv)
    if layer.second <= 0:
        return first
    used = min(layer.interceptors, layer.shots * t)
    remaining = layer.interceptors - used
    if rho_rv < 1.0 and remaining > 0:
        missed = rho_rv * (1 - layer.sspk) ** layer.shots
        survived = (1 - rho_rv) + missed
        rho_rv = missed / survived if survived > 0 else 1.0
    out = np.zeros(t + 1)
    for k1, w in enumerate(first):
        if w == 0.0:
            continue
        s = t - k1
        if s == 0 or remaining == 0:
            out[k1] += w
            continue
        second = salvo_kills(s, remaining, layer.second, layer.sspk, rho_rv)
        out[k1 : k1 + len(second)] += w * second
    return out


def _multi_hyper(counts: Sequence[int], draws: int) -> list[tuple[tuple[int, ...], float]]:
    """Multivariate hypergeometric: the ways ``draws`` objects drawn without replacement fall
    into categories of sizes ``counts``, with their probabilities."""
    total = sum(counts)
    if draws > total:
        return []
    denom = math.comb(total, draws)
    out: list[tuple[tuple[int, ...], float]] = []
    ranges = [range(min(c, draws) + 1) for c in counts]
    for split in itertools.product(*ranges):
        if sum(split) != draws:
            continue
        ways = 1
        for c, j in zip(counts, split, strict=True):
            ways *= math.comb(c, j)
        out.append((split, ways / denom))
    return out


def _layer_step(
    states: dict[tuple[int, ...], float], layer: LayerSpec, groups: Sequence[GroupSpec]
) -> dict[tuple[int, ...], float]:
    """One layer on joint states ``(m_1, K_1, m_2, K_2, ...)`` (RVs and decoys per group)."""
    n = len(groups)
    engaged = [g for g in range(n) if groups[g].missile_class in layer.engages]
    use_decoys = not layer.endo and layer.discrimination < 1.0
    new: dict[tuple[int, ...], float] = {}

    def add(key: tuple[int, ...], w: float) -> None:
        new[key] = new.get(key, 0.0) + w

    for state, w in states.items():
        if w < _SKIP:
            continue
        if layer.raid:
            add(state, w * (1 - layer.reliability))
            w *= layer.reliability
        if not engaged:
            add(state, w)
            continue
        # footprint: RVs (and decoys) of each engaged group inside it
        splits = []
        for g in engaged:
            m, kd = state[2 * g], state[2 * g + 1]
            pa = _binom(m, layer.fraction) if layer.fraction < 1 else np.eye(1, m + 1, m)[0]
            if use_decoys and kd > 0:
                pb = _binom(kd, layer.fraction) if layer.fraction < 1 else np.eye(1, kd + 1, kd)[0]
            else:
                pb = np.ones(1)
            splits.append([(a, b, pa[a] * pb[b]) for a in range(len(pa)) for b in range(len(pb))])
        for combo in itertools.product(*splits):
            wc = w * float(np.prod([c[2] for c in combo]))
            if wc < 1e-300:
                continue
            # unrecognised decoys per engaged group
            upmfs = [
                _binom(b, 1 - layer.discrimination) if (use_decoys and b > 0) else np.ones(1)
                for (_, b, _) in combo
            ]
            for us in itertools.product(*[range(len(u)) for u in upmfs]):
                wu = wc * float(np.prod([upmfs[i][u] for i, u in enumerate(us)]))
                if wu < 1e-300:
                    continue
                cats = [c[0] for c in combo] + list(us)
                t = sum(cats)
                kills = layer_kills(layer, t)
                for k, wk in enumerate(kills):
                    if wk * wu < 1e-300:
                        continue
                    for split, ph in _multi_hyper(cats, k):
                        new_state = list(state)
                        for i, g in enumerate(engaged):
                            new_state[2 * g] -= split[i]
                            if use_decoys:
                                new_state[2 * g + 1] -= split[len(engaged) + i]
                        add(tuple(new_state), wu * wk * ph)
    return new


def arrivals(
    groups: Sequence[GroupSpec],
    layers: Sequence[LayerSpec],
    patterns: Sequence[tuple[float, tuple[bool, ...]]],
) -> np.ndarray:
    """pmf of the total number of RVs getting through, mixed over reliability ``patterns``
    (``(weight, active_mask)`` pairs; a layer whose common elements fail is inactive): the
    model of [wilkening1999] for groups engaged differently (module docstring)."""
    size = sum(len(g.pmf) - 1 for g in groups) + 1
    out = np.zeros(size)
    start: dict[tuple[int, ...], float] = {(): 1.0}
    for g in groups:
        nxt: dict[tuple[int, ...], float] = {}
        for st, w in start.items():
            for m, pm in enumerate(g.pmf):
                if pm * w >= 1e-300:
                    key = st + (m, m * g.decoys_per_rv)
                    nxt[key] = nxt.get(key, 0.0) + w * pm
        start = nxt
    for weight, active in patterns:
        if weight <= 0:
            continue
        states = dict(start)
        for layer, on in zip(layers, active, strict=True):
            if on:
                states = _layer_step(states, layer, groups)
        for st, w in states.items():
            out[sum(st[0::2])] += weight * w
    return out

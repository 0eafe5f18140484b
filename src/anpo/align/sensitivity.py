"""How robust is a predicted alignment? Factor weights, size measures, and why a state sits where it
does.

Landscape theory [axelrod1993]: the energy of a configuration
``X`` is ``E(X) = sum_{i != j} s_i s_j p_ij d_ij(X)``. A recipe's propensity is a sum of factor
contributions, ``p = sum_f C_f`` (:mod:`anpo.align.recipe`), so multiplying one factor's weight by
``m`` gives ``E_m(X) = E(X) + (m - 1) E_f(X)`` with ``E_f`` the energy of ``C_f`` alone: every
configuration's energy is a line in ``m`` and the global minimum is their lower envelope.

:func:`weight_paths` follows that envelope exactly (every one of the ``2^(n-1)`` two-coalition
energies of the base and of each factor, by compiled Gray-code enumeration) for each factor over ``m`` in ``[0, m_max]`` and records every change of
the global minimum: which states change side (relative to an anchor, the United States) and at
which multiplier. :func:`flip_table` turns the paths into the sensitivity table of the report:
for each state and factor, the multiplier nearest to 1 at which the state changes side.

:func:`side_reasons` explains a state's side: the change of its frustration
``F_k = sum_j s_j p_kj d_kj`` [axelrod1993, n. 2] if it alone moved to the other side,
split by factor and partner (a positive change holds it where it is). :func:`size_effect` compares
the predicted sides under the size measures an instance carries (CINC, military spending).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from anpo._checks import few
from anpo._jit import njit
from anpo.align import whatif
from anpo.align.landscape import Landscape
from anpo.errors import AlignError

#: The recipe's factors in a reader's words (the report's and the terminal's tables of weights;
#: the web pages show no factor): recipe 2 weighs a non-aggression or consultation pact like a defense pact
#: (Thailand's pull toward China in 2001 is their non-aggression pact), and the words say so.
FACTOR_WORDS: dict[str, str] = {
    "alliance": "ATOP pacts (defense, non-aggression or consultation)",
    "rivalry": "strategic rivalry",
    "disputes": "militarized disputes",
    "un": "UN voting",
    "regime": "regime similarity",
    "contiguity": "contiguity",
    "wars": "past wars",
    "mid_history": "past disputes",
    "territory": "territorial disputes",
}


def factor_matrices(
    inst: object, factors: Sequence[str] | None = None
) -> dict[str, NDArray[np.float64]]:
    """Each factor's contribution matrix ``C_f`` of an instance with per-pair factor columns
    (``inst.pairs``, as written by :func:`anpo.align.recipe.build_instance`); the matrices add up
    to the propensity matrix (the recipe's sum of factors, after [axelrod1993, pp. 220-222]).
    A pair naming an actor the instance does not have (by id, else by name): an
    :class:`~anpo.errors.AlignError` on ``pairs`` naming those actors, the first few and their
    count (a bare ``KeyError`` before)."""
    pairs = getattr(inst, "pairs", None)
    if pairs is None or pairs.empty:
        raise AlignError("the instance has no per-pair factor contributions", field="pairs")
    cols = [c for c in pairs.columns if c not in {"a", "b", "p", "source"}]
    if factors is not None:
        cols = [c for c in cols if c in factors]
    if not cols:
        raise AlignError("the instance has no per-pair factor contributions", field="pairs")
    n = len(inst.names)  # type: ignore[attr-defined]
    by = "id" if inst.ids else "name"  # type: ignore[attr-defined]
    idx = {x: i for i, x in enumerate(inst.ids or inst.names)}  # type: ignore[attr-defined]
    named = pd.unique(pd.concat([pairs["a"], pairs["b"]], ignore_index=True).astype(str))
    unknown = [repr(x) for x in named if x not in idx]
    if unknown:
        k = len(unknown)
        raise AlignError(
            f"name {k} actor{'s' if k > 1 else ''} the instance does not have: "
            f"{few(unknown)}; a pair names two of its actors by {by}",
            field="pairs",
        )
    out = {c: np.zeros((n, n)) for c in cols}
    ia = np.array([idx[str(a)] for a in pairs["a"]])
    ib = np.array([idx[str(b)] for b in pairs["b"]])
    for c in cols:
        v = pairs[c].to_numpy(dtype=float)
        v = np.nan_to_num(v)
        out[c][ia, ib] = v
        out[c][ib, ia] = v
    return out


@dataclass(frozen=True)
class Breakpoint:
    """A change of the global minimum along one factor's weight multiplier ``m``, walking away
    from ``m = 1``: ``before`` is the minimum on the side of ``m`` nearer 1, ``after`` the one
    beyond it (normalised configurations); ``moved`` are the indices of the states whose side
    relative to the anchor changes."""

    factor: str
    m: float
    before: NDArray[np.int64]
    after: NDArray[np.int64]
    moved: tuple[int, ...]


@njit(cache=True)
def _gray_energies(ws: NDArray[np.float64]) -> NDArray[np.float64]:
    """Energies ``E_f(x)`` of every two-coalition configuration ``x`` (index order of
    :func:`anpo.align.formal.bits_to_config`: bit ``i-1`` is actor ``i``'s side) for each weight
    matrix ``ws[f]``, by Gray-code enumeration with maintained fields (one flip per step)."""
    nf, n, _ = ws.shape
    m = n - 1
    total = 1 << m
    out = np.empty((nf, total))
    sig = np.ones(n)
    h = np.zeros((nf, n))
    quad = np.zeros(nf)
    tot = np.zeros(nf)
    for f in range(nf):
        for i in range(n):
            acc = 0.0
            for j in range(n):
                acc += ws[f, i, j]
                tot[f] += ws[f, i, j]
            h[f, i] = acc
            quad[f] += acc
    x = 0
    for f in range(nf):
        out[f, 0] = 0.5 * (tot[f] - quad[f])
    for step in range(1, total):
        b = 0
        while not (step >> b) & 1:
            b += 1
        a = b + 1
        x ^= 1 << b
        s_old = sig[a]
        for f in range(nf):
            quad[f] -= 4.0 * s_old * h[f, a]
            for i in range(n):
                h[f, i] -= 2.0 * s_old * ws[f, i, a]
            out[f, x] = 0.5 * (tot[f] - quad[f])
        sig[a] = -s_old
    return out


def _envelope(
    e0: NDArray[np.float64], slope: NDArray[np.float64], start: int, t_end: float
) -> list[tuple[float, int]]:
    """Walk the lower envelope of the lines ``e0 + t slope`` from ``t = 0`` (where ``start`` is
    the minimiser) to ``t_end`` (either sign); returns ``[(t, new minimiser), ...]``. At a
    crossing the line that keeps falling fastest is taken; a crossing at ``t_end`` itself (a
    tie there, the change lying beyond the range) is not one."""
    direction = 1.0 if t_end > 0 else -1.0
    b = slope * direction
    u_end = abs(t_end)
    scale = float(np.max(np.abs(b))) or 1.0
    out: list[tuple[float, int]] = []
    cur, u = start, 0.0
    while True:
        faster = b < b[cur] - 1e-12 * scale
        if not np.any(faster):
            return out
        uu = np.full(b.shape, np.inf)
        uu[faster] = (e0[faster] - e0[cur]) / (b[cur] - b[faster])
        uu = np.maximum(uu, u)
        k = float(np.min(uu))
        # a crossing at the end of the range (within rounding) is only a tie there: the new
        # minimiser is lower beyond the range alone, so no state changes side within it (a
        # state held only by the factor is indifferent at m = 0 and was said to change side
        # at 0)
        if k > u_end or k >= u_end * (1.0 - 1e-9):
            return out
        cand = np.flatnonzero(uu <= k + 1e-12 * max(1.0, k))
        nxt = int(cand[np.argmin(b[cand])])
        out.append((direction * k, nxt))
        cur, u = nxt, k


def weight_paths(
    land: Landscape,
    contributions: dict[str, NDArray[np.float64]],
    anchor: int,
    *,
    m_max: float = 3.0,
) -> dict[str, list[Breakpoint]]:
    """For each factor, every change of the two-coalition global minimum as its weight is
    multiplied by ``m`` from 0 to ``m_max`` (module docstring); exact over all configurations
    (at most :data:`anpo.align.whatif.MAX_N_WHATIF` actors). anpo's own analysis over the energy
    of [axelrod1993]."""
    from anpo.align.formal import bits_to_config

    if land.k != 2:
        raise AlignError("weight paths are computed for two coalitions", field="coalitions")
    if m_max <= 1:
        raise AlignError(
            f"the largest weight multiplier must be above 1, got {m_max:g}", field="m_max"
        )
    whatif.check_exhaustive_size(land.n)
    from anpo.align.formal import weights

    names = list(contributions)
    ws = np.stack([land.weights] + [weights(land.sizes, contributions[f]) for f in names])
    allE = _gray_energies(np.ascontiguousarray(ws))
    e0 = allE[0]
    x0 = int(np.argmin(e0))
    out: dict[str, list[Breakpoint]] = {}
    for fi, f in enumerate(names):
        c = contributions[f]
        if not np.any(c):
            out[f] = []
            continue
        ef = allE[fi + 1]
        pts: list[Breakpoint] = []
        for t_end in (-1.0, m_max - 1.0):
            prev = x0
            for t, x in _envelope(e0, ef, x0, t_end):
                before = bits_to_config(prev, land.n)
                after = bits_to_config(x, land.n)
                rel_b = before != before[anchor]
                rel_a = after != after[anchor]
                moved = tuple(int(i) for i in np.flatnonzero(rel_b != rel_a))
                pts.append(Breakpoint(f, 1.0 + t, before, after, moved))
                prev = x
        pts.sort(key=lambda b: b.m)
        out[f] = pts
    return out


def flip_table(
    paths: dict[str, list[Breakpoint]], names: Sequence[str], anchor: int
) -> pd.DataFrame:
    """One row per state, one column per factor: the weight multiplier nearest to 1 at which the
    state changes side relative to the anchor (NaN: not within the range explored); anpo's own
    reading of :func:`weight_paths`."""
    rows = []
    for i, nm in enumerate(names):
        if i == anchor:
            continue
        row: dict[str, object] = {"state": nm}
        for f, pts in paths.items():
            ms = [b.m for b in pts if i in b.moved]
            row[f] = min(ms, key=lambda m: (abs(m - 1.0), m)) if ms else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def weight_ranges(paths: dict[str, list[Breakpoint]], m_max: float) -> pd.DataFrame:
    """Per factor: the multiplier range around 1 over which the predicted sides do not change,
    and the states that change side just outside it (anpo's own reading of :func:`weight_paths`)."""
    rows = []
    for f, pts in paths.items():
        lo = max([b.m for b in pts if b.m < 1.0 and b.moved], default=0.0)
        hi = min([b.m for b in pts if b.m > 1.0 and b.moved], default=m_max)
        below = next((b for b in sorted(pts, key=lambda b: -b.m) if b.m < 1.0 and b.moved), None)
        above = next((b for b in pts if b.m > 1.0 and b.moved), None)
        rows.append(
            {
                "factor": f,
                "stable from": lo,
                "stable to": hi,
                "below: moves": below.moved if below else (),
                "above: moves": above.moved if above else (),
            }
        )
    return pd.DataFrame(rows)


def side_reasons(
    land: Landscape,
    contributions: dict[str, NDArray[np.float64]],
    config: NDArray[np.int64],
    state: int,
) -> pd.DataFrame:
    """Why ``state`` sits on its side in ``config`` (two coalitions): per factor and partner, the
    change of its frustration ``sum_j s_j C_f[k, j] Delta d_kj`` if it alone switched sides
    [axelrod1993, n. 2]. Positive rows hold it where it is; the total equals
    ``Delta E / (2 s_k)`` (:meth:`Landscape.delta`). Columns ``factor, partner, change``, sorted
    by decreasing absolute change."""
    cfg = np.asarray(config)
    if cfg.max(initial=0) > 1:
        raise AlignError("side reasons are computed for two coalitions", field="config")
    if not 0 <= state < land.n:
        raise AlignError(f"state index {state} out of range", field="state")
    same = cfg == cfg[state]
    # moving k: d_kj goes 0 -> 1 for partners now with it, 1 -> 0 for the others
    dd = np.where(same, 1.0, -1.0)
    dd[state] = 0.0
    rows = []
    for f, c in contributions.items():
        v = land.sizes * c[state] * dd
        for j in np.flatnonzero(v):
            rows.append({"factor": f, "partner": int(j), "change": float(v[j])})
    out = pd.DataFrame(rows, columns=["factor", "partner", "change"])
    return out.reindex(out["change"].abs().sort_values(ascending=False).index).reset_index(
        drop=True
    )


#: Each size measure in a reader's words (SIPRI's term for ``milex``): the CLI's and the report's.
SIZE_WORDS: dict[str, str] = {"cinc": "CINC", "milex": "military expenditure", "gdp": "GDP"}


def size_effect_absent(inst: object) -> str:
    """Why :func:`size_effect` gives no table for ``inst`` (it carries fewer than two size
    measures), naming each measure its provenance records as unavailable and why (the keys
    ``sizes_<measure>_unavailable`` that :mod:`anpo.align.recipe` writes, the states it
    lists given as names of the instance's year); ``""`` when it gives one."""
    from anpo.report.countries import country_name
    from anpo.report.format import join_words

    alt = getattr(inst, "alt_sizes", {}) or {}
    if len(alt) >= 2:
        return ""
    prov = getattr(inst, "provenance", {}) or {}
    year = prov.get("year")
    have = list(alt) or ([str(prov["sizes"])] if prov.get("sizes") else [])
    head = "no table of sides by size measure: the instance carries " + (
        f"only {SIZE_WORDS.get(have[0], have[0])} sizes" if have else "one set of sizes"
    )
    why = []
    for key, text in prov.items():
        if not (key.startswith("sizes_") and key.endswith("_unavailable")):
            continue
        m = key.removeprefix("sizes_").removesuffix("_unavailable")
        msg = str(text).split("; choose another size measure")[0]
        # the recipe's states: "[731, 812]" (before) or "North Korea (731), Laos (812)"
        codes = re.search(r"(?:states )?\[([\d, ]+)\]", msg) or re.search(
            r"states ((?:[^,()]+ \(\d+\))(?:, [^,()]+ \(\d+\))*)", msg
        )
        if codes:
            found = re.findall(r"\((\d+)\)", codes.group(1)) or codes.group(1).split(",")
            named = [country_name(int(c), int(year) if year else None) for c in found]
            msg = msg.replace(codes.group(0), join_words(named))
        why.append(f"{SIZE_WORDS.get(m, m)} unavailable ({msg})")
    return head + ("; " + "; ".join(why) if why else " (no other measure in the file)")


def size_effect(inst: object, anchor: str = "USA") -> pd.DataFrame | None:
    """Predicted side of every state (relative to ``anchor``) under each size measure the
    instance carries (:attr:`anpo.align.io.Instance.alt_sizes`); None when it carries fewer than
    two. Columns: ``state`` and one per measure (``"with"``/``"against"`` the anchor). anpo's own
    analysis: the global minimum of the energy of [axelrod1993] under each size measure."""
    alt = getattr(inst, "alt_sizes", {}) or {}
    if len(alt) < 2:
        return None
    a = inst.index(anchor)  # type: ignore[attr-defined]
    cols: dict[str, list[str]] = {}
    for m in alt:
        land = inst.with_sizes(m).landscape(2)  # type: ignore[attr-defined]
        cfg, _ = land.global_minimum()
        cols[m] = ["with" if cfg[i] == cfg[a] else "against" for i in range(land.n)]
    return pd.DataFrame({"state": list(inst.names), **cols})  # type: ignore[attr-defined]

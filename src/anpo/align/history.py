"""History factors of the alignment recipe: past wars, past disputes and territorial disputes.

Axelrod & Bennett (1993, *BJPolS* 23(2):211-233, pp. 222-224) built their 1936 European
propensities from ethnic conflict, religion, territorial disputes, type of government and the
history of recent wars. No dataset here gives ethnicity or religion by state pair; the other
three can be computed from public event data, and this module does so, as pure functions of the
event tables returned by the :mod:`anpo.data` loaders (no I/O here).

All three are sums over past events of a pair, each event discounted by its age:

    ``score_ij = clip( sum_e  sign_e(i, j) x 0.5 ** (age_e / half_life), lo, 1 )``

``age_e`` is the number of years from the event's end to the data year ``year`` (0 for an event
still going on in ``year``); ``half_life`` (years) is fixed a priori by the recipe. Nothing that
happens after ``year`` enters: an event counts only if it had begun by ``year``, and a participant
that joined after ``year`` is not counted.

:func:`war_history` (COW inter-state wars [sarkees2010])
    ``sign = v_i x v_j`` with ``v = +1`` for side 1, ``-1`` for side 2: +1 for two states that
    fought on the same side, -1 for opposite sides. A state that changed sides (Italy in 1943)
    has ``v`` = the mean over its spells, 0 for one spell on each side: it counts as neither
    friend nor enemy of anyone in that war. Only wars that **ended before** ``year`` count (a war
    still going on is not yet history). ``lo = -1``.
:func:`mid_history` (MID participant-level data [palmer2022])
    The same, for militarized interstate disputes: +1 on the same side of a dispute (side A or
    side B), -1 on opposite sides; disputes begun by ``year``. ``lo = -1``.
:func:`territorial_mids` (MID participant-level data, ``revtype1``/``revtype2`` = 1, territory)
    ``sign = 1`` for two states on opposite sides of a dispute in which one of the two sought a
    territorial revision [palmer2022, codebook: revision type 1 = territory]; ``lo = 0``.

Each function returns ``(score, raw)`` per pair in the order of ``pairs`` (``ccode1, ccode2``):
``raw`` is the number of events that contributed.

Raises :class:`~anpo.errors.AlignError` naming ``pairs``, ``wars`` or ``midp`` when it is not a
pandas DataFrame or lacks a column read (an event table without rows is no events: every pair
scores 0), and ``half_life`` or ``year`` when it is not a positive number or a whole year.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from anpo._checks import table, whole_number
from anpo.errors import AlignError

#: Default half-life (years) of the history factors, fixed a priori: a war's weight halves in
#: twenty years (a generation), so the First World War counts one half in 1938.
HALF_LIFE = 20.0


#: The columns the history functions read of each event table (the :mod:`anpo.data` loaders').
_COLUMNS = {
    "wars": ("warnum", "ccode", "side", "endyear"),
    "midp": ("dispnum", "ccode", "styear", "endyear", "sidea", "revtype1", "revtype2"),
}


def _pairs(pairs: object) -> pd.DataFrame:
    """``pairs`` when it is a table of pairs (``ccode1, ccode2``), else an :class:`AlignError`
    naming it (a dict was a bare ``KeyError: 'ccode1'``, a list a ``TypeError``)."""
    cols = ("ccode1", "ccode2")
    return table("pairs", pairs, error=AlignError, what="a pair table", columns=cols)


def _tables(pairs: object, name: str, events: object) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``pairs`` and the event table ``events`` (argument ``name``) when they are tables with the
    columns read, else an :class:`AlignError` naming them (a dict was a bare ``KeyError``, a
    frame without a column ``KeyError: 'ccode'``); an event table without rows is no events
    (every pair scores 0)."""
    what = "the inter-state war participants" if name == "wars" else "the MID participants"
    events = table(name, events, error=AlignError, what=what, columns=_COLUMNS[name])
    return _pairs(pairs), events


def _check(year: int, half_life: float) -> None:
    if not half_life > 0:
        raise AlignError("the history half-life must be positive", field="half_life")
    # NaN, None or a text was int()'s bare ValueError or TypeError, True was the year 1
    whole_number(year, "year", error=AlignError, what="a whole number (the data year)")


def _pair_sum(
    pairs: pd.DataFrame,
    events: pd.DataFrame,
    year: int,
    half_life: float,
    *,
    opposite_only: bool = False,
    flag: str | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Sum over events of ``v_i v_j 0.5 ** (age / half_life)`` for every pair in ``pairs``.

    ``events``: one row per (event, state): ``event, ccode, v`` (side value in [-1, 1]),
    ``end`` (the year the state's part ended; ``age = max(0, year - min(end_i, end_j))``) and,
    when ``flag`` is given, a boolean column of that name (a pair counts when either state has
    it). ``opposite_only`` keeps pairs with ``v_i v_j < 0`` and scores them ``+1``."""
    n = len(pairs)
    total = np.zeros(n)
    count = np.zeros(n)
    if n == 0 or events.empty:
        return total, count
    key = pairs["ccode1"].to_numpy(dtype=np.int64) * 1000 + pairs["ccode2"].to_numpy(np.int64)
    pos = pd.Series(np.arange(n), index=key)
    ev = events.sort_values(["event", "ccode"], kind="stable")
    a = ev.merge(ev, on="event", suffixes=("_a", "_b"))
    a = a[a["ccode_a"] < a["ccode_b"]]
    k = a["ccode_a"].to_numpy(dtype=np.int64) * 1000 + a["ccode_b"].to_numpy(dtype=np.int64)
    idx = pos.reindex(k).to_numpy()
    keep = ~np.isnan(idx)
    a = a[keep]
    idx = idx[keep].astype(np.int64)
    sign = a["v_a"].to_numpy(dtype=float) * a["v_b"].to_numpy(dtype=float)
    if opposite_only:
        sel = sign < 0
        if flag is not None:
            sel &= a[f"{flag}_a"].to_numpy(dtype=bool) | a[f"{flag}_b"].to_numpy(dtype=bool)
        sign = np.where(sel, 1.0, 0.0)
    end = np.minimum(a["end_a"].to_numpy(dtype=float), a["end_b"].to_numpy(dtype=float))
    age = np.maximum(0.0, float(year) - end)
    contrib = sign * 0.5 ** (age / float(half_life))
    np.add.at(total, idx, contrib)
    np.add.at(count, idx, (sign != 0).astype(float))
    return total, count


def war_history(
    pairs: pd.DataFrame,
    wars: pd.DataFrame,
    year: int,
    half_life: float = HALF_LIFE,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """History of fighting on the same (+) or opposite (-) sides in COW inter-state wars that
    ended before ``year``, discounted by age (module docstring); ``wars`` is the frame of
    :func:`anpo.data.read_cow_war_inter` (one row per participant spell on one side).

    Source: the factor is Axelrod & Bennett's "history of wars" [axelrod1993, p. 222]; the
    events are the COW Inter-State War Data v4.0 [sarkees2010]."""
    _check(year, half_life)
    pairs, wars = _tables(pairs, "wars", wars)
    w = wars.dropna(subset=["warnum", "ccode", "side"])
    end = w.groupby("warnum")["endyear"].transform("max")
    w = w.loc[end.lt(int(year)).to_numpy(dtype=bool)]
    codes = set(pairs["ccode1"].tolist()) | set(pairs["ccode2"].tolist())
    w = w[w["ccode"].isin(codes)]
    if w.empty:
        return np.zeros(len(pairs)), np.zeros(len(pairs))
    per = (
        w.assign(v=np.where(w["side"].to_numpy(dtype=int) == 1, 1.0, -1.0))
        .groupby(["warnum", "ccode"], sort=True)
        .agg(v=("v", "mean"), end=("endyear", "max"))
        .reset_index()
        .rename(columns={"warnum": "event"})
    )
    per["end"] = per["end"].astype(float)
    total, count = _pair_sum(pairs, per, year, half_life)
    return np.clip(total, -1.0, 1.0), count


def _mid_rows(midp: pd.DataFrame, codes: set[int], year: int) -> pd.DataFrame:
    """One row per (dispute, state) of the states in ``codes`` that had joined by ``year``:
    ``event, ccode, v`` (+1 side A, -1 side B), ``end``, ``territory`` (the state sought a
    territorial revision in the dispute)."""
    m = midp[(midp["ccode"].isin(codes)) & (midp["styear"] <= int(year))]
    m = m.dropna(subset=["sidea"])
    if m.empty:
        return pd.DataFrame(columns=["event", "ccode", "v", "end", "territory"])
    terr = (m["revtype1"].fillna(0).to_numpy() == 1) | (m["revtype2"].fillna(0).to_numpy() == 1)
    return (
        m.assign(
            v=np.where(m["sidea"].to_numpy(dtype=int) == 1, 1.0, -1.0),
            territory=terr,
        )
        .groupby(["dispnum", "ccode"], sort=True)
        .agg(v=("v", "mean"), end=("endyear", "max"), territory=("territory", "max"))
        .reset_index()
        .rename(columns={"dispnum": "event"})
        .astype({"end": float, "territory": bool})
    )


# dup-ok: the history functions share one signature (pairs, events, year, half_life) so that
# recipe._history_rows can call any of them.
def mid_history(
    pairs: pd.DataFrame,
    midp: pd.DataFrame,
    year: int,
    half_life: float = HALF_LIFE,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """History of being on the same (+) or opposite (-) sides of militarized interstate disputes
    begun by ``year``, discounted by age (module docstring); ``midp`` is the MID participant-level
    frame of :func:`anpo.data.cow.read_mid_participant`.

    Source: MID 5.0 [palmer2022]; the factor extends Axelrod & Bennett's "history of wars"
    [axelrod1993, p. 222] to disputes short of war."""
    _check(year, half_life)
    pairs, midp = _tables(pairs, "midp", midp)
    codes = set(pairs["ccode1"].tolist()) | set(pairs["ccode2"].tolist())
    total, count = _pair_sum(pairs, _mid_rows(midp, codes, year), year, half_life)
    return np.clip(total, -1.0, 1.0), count


def territorial_mids(
    pairs: pd.DataFrame,
    midp: pd.DataFrame,
    year: int,
    half_life: float = HALF_LIFE,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Territorial disputes: militarized disputes begun by ``year`` in which the two states were
    on opposite sides and one of them sought a territorial revision (MID revision type 1),
    discounted by age and capped at 1 (module docstring).

    Source: MID 5.0 participant-level data, ``revtype1``/``revtype2`` [palmer2022]; Axelrod &
    Bennett's "territorial disputes" [axelrod1993, p. 222]."""
    _check(year, half_life)
    pairs, midp = _tables(pairs, "midp", midp)
    codes = set(pairs["ccode1"].tolist()) | set(pairs["ccode2"].tolist())
    total, count = _pair_sum(
        pairs,
        _mid_rows(midp, codes, year),
        year,
        half_life,
        opposite_only=True,
        flag="territory",
    )
    return np.clip(total, 0.0, 1.0), count


def history_matrix(
    codes: Sequence[int], pairs: pd.DataFrame, values: NDArray[np.float64]
) -> NDArray[np.float64]:
    """A symmetric matrix (order of ``codes``) of per-pair ``values`` (order of ``pairs``)."""
    pairs = _pairs(pairs)
    if len(values) != len(pairs):
        raise AlignError(
            f"has {len(values)} values for {len(pairs)} pairs: give one per pair", field="values"
        )
    idx = {int(c): i for i, c in enumerate(codes)}
    out = np.zeros((len(codes), len(codes)))
    i = np.array([idx[int(a)] for a in pairs["ccode1"]], dtype=np.int64)
    j = np.array([idx[int(b)] for b in pairs["ccode2"]], dtype=np.int64)
    out[i, j] = values
    out[j, i] = values
    return out

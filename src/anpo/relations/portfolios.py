"""Alliance portfolios and similarity scores for every dyad-year.

A state's alliance portfolio in a year is its row of the alliance matrix over all system
members, on Signorino & Ritter's [signorino1999, p. 128] valued scale: 3 defense pact, 2 neutrality or
non-aggression pact, 1 entente, 0 no alliance; every state is allied with itself at the top of
the scale (the diagonal), as in [buenodemesquita1975] and EUGene. ATOP [leeds2002] codes
obligations, not COW's types, so the valued scale needs a ranking of them (``ranking``):

- ``"anpo"`` (the default): 3 = defense or offense obligation, 2 = neutrality or non-aggression,
  1 = consultation only, 0 = none: the COW typology's analogue (COW type II neutrality or
  non-aggression, type III entente, read as ATOP's consultation).
- ``"fpsim"``: 3 = defense or offense, 2 = neutrality or consultation (no defense or offense),
  1 = non-aggression only, 0 = none: the ranking of S. Miller's FPSIM data, which
  peacesciencer's ``add_fpsim()`` downloads [miller-fpsim2025] (script ``1-fpsim-alliances.R``:
  "Chiba et al. (2022) suggest the following ranking based on the ATOP data").

The two differ only for a tie without defense, offense or neutrality that holds consultation
but not non-aggression (1 anpo, 2 fpsim) or non-aggression but not consultation (2 anpo, 1
fpsim), but such ties are common (ATOP 5.1 as peacesciencer ships it: 1,825 and 121,402 of its
273,296 directed dyad-years, 1815-2018), so the scores differ broadly: U.S.-Japan 2001, global,
unweighted absolute S is 0.152 with anpo's ranking and 0.271 with fpsim's.
``scale="binary"``: 1 = any alliance (and self), 0 = none (the same under both rankings).

The states compared, and the dimensions of every portfolio, are the system members of the year
when a state list is given (as EUGene, peacesciencer and Häge's data do); an ATOP tie with a state
outside the system that year (the German states ATOP lists in 1816, microstates before they
joined, governments in exile) is then left out. ``nonmembers=True`` keeps such states as extra
dimensions (anpo's behaviour before the published-values audit). Without a state list, the states
are those in an ATOP alliance that year.
The dyads scored are those of :func:`anpo.relations.dyad_years` (``anpo dyads``): with a state
list, a *false dyad* (two states that were both members in the year but never at the same time,
such as Austria-Hungary and Hungary in 1918) is not scored, though both states stay dimensions of
every portfolio of the year, as each was a member on some day of it.
Global scores use every system member as a dimension; regional scores [signorino1999,
pp. 133-134] only the members of the two states' home regions (COW regions by state code:
Americas 2-165, Europe 200-399, Africa 400-626, Middle East 630-698, Asia and Oceania 700-999).
Two allies' regional S can be strongly negative when one holds a regional treaty the other
lacks: the United States and Canada, NATO allies, score -0.829 in the Americas in 2001, as ATOP
gives the U.S. a defense tie with every other state of the region but Cuba (the Rio Treaty's
parties and others, such as Belize and Guyana) and Canada none but the U.S., so the two differ
by the whole scale on 32 of the region's 35 dimensions (S = 1 - 2 * 32/35; weighted by CINC
0.378, the U.S. holding 63% of the region's capabilities).
Weighted S weights each partner k by its CINC (NMC, recomputed from the components); partners
without an NMC row weigh 0, and years outside NMC give missing weighted scores.
S and the alignment index measure distances against the scale's whole range, [signorino1999]'s
d_max (3 on the valued scale, 1 on the binary one), not against the range two portfolios happen
to span: within a region whose states all hold at least a neutrality pact with one another the
portfolios span 2-3 only, and dividing by that span turned such pairs' S into a different
measure (the United Kingdom and Russia, Europe 2007: -0.447 where the scale gives 0.518).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from anpo._checks import name_list, table
from anpo.errors import InputError
from anpo.relations.similarity import DEFAULT_MEASURES, MEASURES, similarity_matrices
from anpo.report.format import year_ranges

__all__ = [
    "RANKINGS",
    "REGIONS",
    "alliance_portfolios",
    "alliance_values",
    "ranking_words",
    "region_of",
    "similarity_dyad_years",
]

#: The home regions of the regional scores [signorino1999, pp. 133-134], by state-code range
#: (inclusive): the Correlates of War numbers its states in regional blocks (the codes of the
#: State System Membership List [cow2017], v2016: Americas 2-165, Europe 200-395, Africa
#: 402-626, Middle East 630-698, Asia 700-860, Oceania 900-990). anpo's ranges close the gaps
#: between the blocks and count Oceania (Australia 900, New Zealand 920, the Pacific islands)
#: with Asia, as one region "asia" (the module docstring's "Asia and Oceania").
REGIONS: dict[str, tuple[int, int]] = {
    "americas": (2, 199),
    "europe": (200, 399),
    "africa": (400, 626),
    "middle_east": (627, 699),
    "asia": (700, 999),
}


def region_of(codes: Iterable[int]) -> np.ndarray:
    """The home region (a key of :data:`REGIONS`) of each COW state code [cow2017]; Oceania's
    codes (900-999) are "asia", and a code outside every range (below 2, above 999) is ""."""
    arr = np.asarray(list(codes), dtype="int64")
    out = np.full(arr.shape, "", dtype=object)
    for name, (lo, hi) in REGIONS.items():
        out[(arr >= lo) & (arr <= hi)] = name
    return out


#: The ATOP obligation flags :func:`alliance_values` reads (a frame needs at least one).
_FLAGS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")

#: The rankings of ATOP's obligations on the valued scale (``ranking=``; module docstring):
#: ``"anpo"`` (3 defense/offense, 2 neutrality or non-aggression, 1 consultation only) and
#: ``"fpsim"`` (S. Miller's fpsim, after Chiba et al. (2022): 3 defense/offense, 2 neutrality
#: or consultation, 1 non-aggression only). Each maps a level to the ATOP flags that reach it.
RANKINGS: dict[str, dict[int, tuple[str, ...]]] = {
    "anpo": {
        3: ("atop_defense", "atop_offense"),
        2: ("atop_neutral", "atop_nonagg"),
        1: ("atop_consul",),
    },
    "fpsim": {
        3: ("atop_defense", "atop_offense"),
        2: ("atop_neutral", "atop_consul"),
        1: ("atop_nonagg",),
    },
}

Ranking = Literal["anpo", "fpsim"]


#: ATOP's obligation flags in words (:func:`ranking_words`).
_FLAG_WORDS = {
    "atop_defense": "defense",
    "atop_offense": "offense",
    "atop_neutral": "neutrality",
    "atop_nonagg": "non-aggression",
    "atop_consul": "consultation",
}


def ranking_words(ranking: str) -> str:
    """The valued scale's levels under ``ranking`` in words, read from :data:`RANKINGS`.

    >>> ranking_words("anpo")
    '3 defense or offense pact, 2 neutrality or non-aggression, 1 consultation only, 0 none'
    >>> ranking_words("fpsim")
    '3 defense or offense pact, 2 neutrality or consultation, 1 non-aggression only, 0 none'
    """
    levels = RANKINGS[check_ranking(ranking)]

    def words(level: int) -> str:
        return " or ".join(_FLAG_WORDS[f] for f in levels[level])

    return f"3 {words(3)} pact, 2 {words(2)}, 1 {words(1)} only, 0 none"


def check_ranking(ranking: object) -> str:
    """``ranking`` if it is a key of :data:`RANKINGS`, else an :class:`~anpo.errors.InputError`
    naming the choices (field ``ranking``)."""
    if not isinstance(ranking, str) or ranking not in RANKINGS:
        raise InputError(
            f"ranking must be one of {', '.join(map(repr, RANKINGS))}, got {ranking!r}",
            field="ranking",
        )
    return ranking


def alliance_values(
    atop: pd.DataFrame,
    scale: Literal["valued", "binary"] = "valued",
    ranking: Ranking = "anpo",
) -> np.ndarray:
    """The alliance-scale value of each ATOP dyad-year row: Signorino & Ritter's [signorino1999, p. 128]
    0-3 scale mapped onto ATOP's obligations [leeds2002], see the module docstring.

    ``ranking`` (:data:`RANKINGS`) orders the obligations on the valued scale: ``"anpo"``
    (default) 3 defense or offense, 2 neutrality or non-aggression, 1 consultation only;
    ``"fpsim"`` 3 defense or offense, 2 neutrality or consultation, 1 non-aggression only, the
    ranking of S. Miller's FPSIM data behind peacesciencer's ``add_fpsim()`` [miller-fpsim2025],
    after Chiba et al. (2022) as that script names them. The binary scale is the same under both.
    Another ranking is an :class:`~anpo.errors.InputError`.

    A row whose value an unknown obligation (a missing code, <NA>) could change is NaN: the
    highest obligation known to hold decides, unless a higher one is unknown (an unknown
    defense flag beside a known neutrality pact could make it 3). An ``atop`` that is not a
    pandas DataFrame is an :class:`~anpo.errors.InputError` naming it (a dict of one key was read
    as one row without an alliance: ``array([0.])``), and so is one with rows but none of the
    obligation flags (:data:`_FLAGS`; every row was read as no alliance); without rows, none.
    """
    table("atop", atop, what="an ATOP dyad-year table")
    if len(atop) and not any(f in atop.columns for f in _FLAGS):
        have = ", ".join(map(str, atop.columns[:12])) or "no columns"
        raise InputError(
            f"has none of the ATOP obligation flags {', '.join(_FLAGS)} (it has: {have})",
            field="atop",
        )

    def col(*names: str) -> tuple[np.ndarray, np.ndarray]:
        """(any of ``names`` is 1, any of them is unknown) per row."""
        yes = np.zeros(len(atop), dtype=bool)
        unknown = np.zeros(len(atop), dtype=bool)
        for name in names:
            if name in atop:
                yes |= atop[name].to_numpy(dtype="float64", na_value=np.nan) == 1
                unknown |= atop[name].isna().to_numpy(bool)
        return yes, unknown

    levels = RANKINGS[check_ranking(ranking)]
    top, top_unknown = col(*levels[3])
    mid, mid_unknown = col(*levels[2])
    low, low_unknown = col(*levels[1])
    if scale == "binary":
        found = top | mid | low
        unknown = top_unknown | mid_unknown | low_unknown
        return np.select([found, unknown], [1.0, np.nan], 0.0)
    if scale != "valued":
        raise InputError("scale must be 'valued' or 'binary'", field="scale")
    return np.select(
        [top, top_unknown, mid, mid_unknown, low, low_unknown],
        [3.0, np.nan, 2.0, np.nan, 1.0, np.nan],
        0.0,
    )


def _universe(
    year: int,
    atop_year: pd.DataFrame,
    members: dict[int, np.ndarray] | None,
    nonmembers: bool = False,
) -> np.ndarray:
    """The states of ``year``'s portfolios: its system members (with ``nonmembers``, also every
    state in an ATOP alliance that year); the ATOP states alone without a member list."""
    if members is not None and year in members and not nonmembers:
        return np.unique(members[year])
    codes = np.union1d(atop_year["ccode1"].to_numpy("int64"), atop_year["ccode2"].to_numpy("int64"))
    if members is not None and year in members:
        codes = np.union1d(codes, members[year])
    return codes


def _check_atop(atop: pd.DataFrame) -> None:
    """An :class:`InputError` naming the first key column the ATOP dyad-year table lacks (an
    NMC table given for it was a bare KeyError 'ccode1')."""
    from anpo.relations.dyads import missing_column_error

    table("atop", atop, what="an ATOP dyad-year table")
    for col in ("ccode1", "ccode2", "year"):
        if col not in atop.columns:
            raise missing_column_error(atop, col)


def alliance_portfolios(
    atop: pd.DataFrame,
    year: int,
    states: pd.DataFrame | None = None,
    scale: Literal["valued", "binary"] = "valued",
    nonmembers: bool = False,
    ranking: Ranking = "anpo",
) -> tuple[np.ndarray, np.ndarray]:
    """(codes, matrix): the portfolio of every state of ``year`` (rows) over the same states.

    States are the system members of the year (``states``, a COW list), as in EUGene and
    peacesciencer; ``nonmembers=True`` adds every other state in an ATOP alliance that year;
    without ``states``, the states in an ATOP alliance that year. Scale and diagonal as in
    [signorino1999, p. 128] and [buenodemesquita1975]; data: ATOP [leeds2002]. A cell is NaN
    where a missing ATOP code leaves its value unknown (:func:`alliance_values`). ``ranking``:
    the order of ATOP's obligations on the valued scale, ``"anpo"`` (default) or ``"fpsim"``
    (:data:`RANKINGS`, the module docstring).
    """
    from anpo.relations.dyads import state_years

    check_ranking(ranking)
    members = None
    if states is not None:
        sy = state_years(states, year, warn=False)
        members = {year: sy["ccode"].to_numpy("int64")}
    _check_atop(atop)
    sub = atop[atop["year"] == year]
    codes = _universe(year, sub, members, nonmembers)
    return codes, _matrix(codes, sub, scale, ranking)


def scale_top(scale: str) -> float:
    """The top of the alliance scale, its largest possible distance ([signorino1999]'s
    d_max): 3 on the valued scale (defense pact), 1 on the binary one."""
    return 3.0 if scale == "valued" else 1.0


def _matrix(codes: np.ndarray, sub: pd.DataFrame, scale: str, ranking: Ranking) -> np.ndarray:
    n = codes.size
    top = scale_top(scale)
    mat = np.zeros((n, n))
    np.fill_diagonal(mat, top)
    if len(sub):
        c1 = sub["ccode1"].to_numpy("int64")
        c2 = sub["ccode2"].to_numpy("int64")
        inside = np.isin(c1, codes) & np.isin(c2, codes)  # ties with non-members are left out
        i = np.searchsorted(codes, c1[inside])
        j = np.searchsorted(codes, c2[inside])
        mat[i, j] = alliance_values(sub, scale, ranking)[inside]  # type: ignore[arg-type]
    return mat


def similarity_dyad_years(
    atop: pd.DataFrame,
    states: pd.DataFrame | None = None,
    nmc: pd.DataFrame | None = None,
    years: int | Iterable[int] | None = None,
    measures: Sequence[str] = DEFAULT_MEASURES,
    scope: Literal["global", "regional"] = "global",
    scale: Literal["valued", "binary"] = "valued",
    directed: bool = False,
    progress: Callable[[int, int], None] | None = None,
    nonmembers: bool = False,
    ranking: Ranking = "anpo",
) -> pd.DataFrame:
    """Similarity of alliance portfolios for every dyad of every year.

    Returns ``ccode1, ccode2, year`` and one column per measure (default
    :data:`anpo.relations.similarity.DEFAULT_MEASURES`; any of
    :data:`anpo.relations.similarity.MEASURES`); one row per pair with ``ccode1 < ccode2``
    (``directed=True``: both orders, same values). ``years`` default: every ATOP year.
    ``progress(done, total)`` is called after each year. The dyads and the portfolio dimensions
    are the system members of each year (``nonmembers=True``: also the other states in an ATOP
    alliance that year; see the module docstring), less the false dyads of the year
    (:func:`anpo.relations.dyads.false_dyads`: the dyads are those of ``dyad_years``; their
    number is ``attrs["false_dyads_removed"]``). ``measures`` is a list (``["s_abs"]``): one
    text is refused, as ``years="2001"`` is (:func:`anpo._checks.name_list`). ``ranking``
    orders ATOP's obligations on the valued scale (:data:`RANKINGS`): ``"anpo"`` (default; 2
    neutrality or non-aggression, 1 consultation only) or ``"fpsim"`` (2 neutrality or
    consultation, 1 non-aggression only: S. Miller's fpsim data behind peacesciencer's
    ``add_fpsim()``, after Chiba et al. (2022)); kept in ``attrs["ranking"]``.

    Sources: [signorino1999]; [buenodemesquita1975]; [hage2011]; see
    :mod:`anpo.relations.similarity`.
    """
    from anpo.relations.capabilities import cinc
    from anpo.relations.dyads import coverage_years, false_dyads, normalise_years, state_years

    # a list: "s_abs" was iterated, "unknown measures ['s', '_', 'a', 'b', 's']"
    measures = name_list(measures, "measures", "s_abs")
    unknown = [m for m in measures if m not in MEASURES]
    if unknown:
        raise InputError(f"unknown measures {unknown}; choose from {MEASURES}", field="measures")
    if scope not in ("global", "regional"):
        raise InputError("scope must be 'global' or 'regional'", field="scope")
    check_ranking(ranking)
    yrs = normalise_years(years)
    _check_atop(atop)
    atop_years = atop["year"].to_numpy("int64")
    if yrs is None:
        yrs = np.unique(atop_years)
    # years asked that ATOP does not cover give no dyad-years: said as left out (review9 F7:
    # 2019, past ATOP's 2018, was said to be compared over a reduced set of states)
    atop_have = {int(y) for y in np.unique(atop_years)}
    no_atop = [int(y) for y in yrs if int(y) not in atop_have]
    if no_atop:
        import warnings

        from anpo.errors import DataWarning

        warnings.warn(
            f"the ATOP data cover {min(atop_have)}-{max(atop_have)}: no dyad-years for "
            f"{year_ranges(no_atop)} (left out)",
            DataWarning,
            2,
        )
    members: dict[int, np.ndarray] | None = None
    outside: list[int] = []
    if states is not None:
        sy = state_years(states, yrs, warn=False)  # outside: said below
        members = {
            int(y): g["ccode"].to_numpy("int64")  # type: ignore[arg-type]  # pandas-stubs: a group key is any scalar
            for y, g in sy.groupby("year", sort=True)
        }
        outside = [int(y) for y in yrs if int(y) not in members and int(y) in atop_have]
        if outside:
            import warnings

            from anpo.errors import DataWarning

            lo, hi = coverage_years(states)
            warnings.warn(
                f"the state list covers {lo}-{hi}: in {year_ranges(outside)} the portfolios "
                "hold only the states in an ATOP alliance that year (states without any "
                "alliance are missing from the comparison)",
                DataWarning,
                2,
            )
    weights_by_year: dict[int, pd.Series] = {}
    if nmc is not None and any(m.startswith("s_w") for m in measures):
        c = pd.DataFrame(
            {
                "ccode": nmc["ccode"].to_numpy("int64"),
                "year": nmc["year"].to_numpy("int64"),
                "cinc": cinc(nmc, years=yrs).to_numpy(),
            }
        )
        c = c[c["year"].isin(yrs)]
        weights_by_year = {
            int(y): g.set_index("ccode")["cinc"]  # type: ignore[arg-type]  # pandas-stubs: a group key is any scalar
            for y, g in c.groupby("year", sort=False)
        }
    # S's dmax and the alignment index's range are the scale's ([signorino1999]: the largest
    # possible distance, 3 on the valued scale), not the range two portfolios happen to span:
    # a region whose states all hold at least a neutrality pact spans 2-3 only
    top = scale_top(scale)
    unknown_states: dict[int, list[int]] = {}
    order = np.argsort(atop_years, kind="stable")
    sorted_years = atop_years[order]
    frames = []
    for done, year in enumerate(yrs, start=1):
        lo, hi = np.searchsorted(sorted_years, [year, year + 1])
        sub = atop.iloc[order[lo:hi]]
        codes = _universe(int(year), sub, members, nonmembers)
        if codes.size < 2:
            if progress:
                progress(done, len(yrs))
            continue
        mat = _matrix(codes, sub, scale, ranking)
        # an unknown cell (a missing ATOP code) leaves the two states' portfolios incomplete:
        # their dyads' scores are unknown (NaN), the other dyads' are computed as usual
        holes = np.isnan(mat)
        incomplete = codes[holes.any(axis=1) | holes.any(axis=0)]
        if incomplete.size:
            mat = np.where(holes, 0.0, mat)
            unknown_states[int(year)] = incomplete.tolist()
        w = None
        if int(year) in weights_by_year:
            w = weights_by_year[int(year)].reindex(codes).fillna(0.0).to_numpy()
            if w.sum() <= 0:
                w = None
        frame = _year_frame(int(year), codes, mat, w, measures, scope, directed, top)
        if incomplete.size:
            hit = frame["ccode1"].isin(incomplete) | frame["ccode2"].isin(incomplete)
            frame.loc[hit, list(measures)] = np.nan
        frames.append(frame)
        if progress:
            progress(done, len(yrs))
    cols = ["ccode1", "ccode2", "year", *measures]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in cols})
    out = pd.concat(frames, ignore_index=True)[cols]
    removed = 0
    if states is not None:
        # the dyads of `anpo dyads`: a pair that never coexisted in the year is no dyad
        false = false_dyads(states, years=yrs)
        if len(false):
            fkey = _dyad_key(false.iloc[:, 0], false.iloc[:, 1], false["year"])
            drop = np.isin(_dyad_key(out["ccode1"], out["ccode2"], out["year"]), fkey)
            removed = int(drop.sum())
            if removed:
                out = out[~drop].reset_index(drop=True)
    out.attrs["false_dyads_removed"] = removed
    if unknown_states:
        import warnings

        from anpo.errors import DataWarning

        out.attrs["unknown_obligation_states"] = unknown_states
        shown = "; ".join(f"{y}: {', '.join(map(str, c))}" for y, c in unknown_states.items())
        warnings.warn(
            "ATOP gives an unknown obligation (a missing code) for a pact of these states, so "
            f"their portfolios are incomplete and their dyads' scores unknown (NaN): {shown}",
            DataWarning,
            2,
        )
    out.attrs["scope"] = scope
    out.attrs["scale"] = scale
    out.attrs["ranking"] = ranking
    if outside:
        out.attrs["years_outside_state_list"] = outside
    if no_atop:
        out.attrs["years_without_atop"] = no_atop
        out.attrs["atop_coverage"] = (min(atop_have), max(atop_have))
    return out


def _dyad_key(c1: pd.Series, c2: pd.Series, year: pd.Series) -> np.ndarray:
    """One int64 per directed dyad-year (state codes below 1,000,000)."""
    a = c1.to_numpy("int64")
    b = c2.to_numpy("int64")
    return (year.to_numpy("int64") * 1_000_000 + a) * 1_000_000 + b


def _year_frame(
    year: int,
    codes: np.ndarray,
    mat: np.ndarray,
    w: np.ndarray | None,
    measures: Sequence[str],
    scope: str,
    directed: bool,
    dmax: float,
) -> pd.DataFrame:
    n = codes.size
    if directed:
        i, j = np.nonzero(~np.eye(n, dtype=bool))
    else:
        i, j = np.triu_indices(n, k=1)
    values: dict[str, np.ndarray] = {}
    if scope == "global":
        todo = [m for m in measures if w is not None or not m.startswith("s_w")]
        mats = similarity_matrices(mat, todo, weights=w, dmax=dmax)
        for m in measures:
            values[m] = mats[m][i, j] if m in mats else np.full(i.size, np.nan)
    else:
        regions = region_of(codes)
        for m in measures:
            values[m] = np.full(i.size, np.nan)
        names = sorted(set(regions))
        for a_idx, ra in enumerate(names):
            for rb in names[a_idx:]:
                cols = np.flatnonzero((regions == ra) | (regions == rb))
                sel = ((regions[i] == ra) & (regions[j] == rb)) | (
                    (regions[i] == rb) & (regions[j] == ra)
                )
                if not sel.any():
                    continue
                sub = mat[:, cols]
                pos = np.full(n, -1)
                rows = np.flatnonzero((regions == ra) | (regions == rb))
                pos[rows] = np.arange(rows.size)
                subm = sub[rows]
                wi = None if w is None else w[cols]
                if wi is not None and wi.sum() <= 0:
                    wi = None
                todo = [m for m in measures if wi is not None or not m.startswith("s_w")]
                mats = similarity_matrices(subm, todo, weights=wi, dmax=dmax)
                for m in todo:
                    values[m][sel] = mats[m][pos[i[sel]], pos[j[sel]]]
    frame = pd.DataFrame(
        {"ccode1": codes[i], "ccode2": codes[j], "year": np.full(i.size, year, dtype="int64")}
    )
    for m in measures:
        frame[m] = values[m]
    return frame

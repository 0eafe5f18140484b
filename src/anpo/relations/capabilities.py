"""Composite Index of National Capability (CINC) recomputed from its six components.

Source: [singer1972], "Capability Distribution, Uncertainty, and Major Power
War, 1820-1965", in B. Russett (ed.), *Peace, War, and Numbers*, 19-48; NMC v6.0 codebook
[greig2021], "CINC": each component is expressed as the state's share of the
system total for the year; CINC is the mean of the shares that are available for that state-year
(a missing component is skipped, not counted as zero), so yearly CINC totals need not sum to 1.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from anpo._checks import column_numbers, table
from anpo.errors import InputError

__all__ = ["NMC_COMPONENTS", "PARTIAL_CINC_SUM", "cinc", "component_shares", "partial_years"]

NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")


def component_shares(nmc: pd.DataFrame) -> pd.DataFrame:
    """Each component as the state's share of the year's system total (NaN where missing)
    ([singer1972]; NMC codebook [greig2021]).

    ``nmc``: columns ``year`` and the six components (as from :func:`anpo.data.read_nmc`).
    A year that is missing or not a whole number, or a component that is text or true/false,
    is an :class:`InputError` naming the column and the row (:func:`_years`); a missing year
    was cast to a huge negative year of its own (its state's CINC 1.0), 2000.7 read as 2000,
    and a text component was numpy's raw "could not convert string to float".
    """
    table("nmc", nmc, what="an NMC table")
    missing = [c for c in ("year", *NMC_COMPONENTS) if c not in nmc.columns]
    if missing:
        raise InputError(f"NMC table lacks columns {missing}", field=missing[0])
    years = _years(nmc)
    values = pd.DataFrame(
        {c: column_numbers(nmc, c, what="an NMC component (a number)") for c in NMC_COMPONENTS}
    )
    # the component named is the one at fault (every negative was said of milex), and an
    # infinite one is refused too (it gave its state a CINC of inf, the others 0 or NaN)
    for col in NMC_COMPONENTS:
        if (values[col] < 0).any():
            raise InputError("negative NMC component (missing codes must be NaN)", field=col)
        if np.isinf(values[col]).any():
            raise InputError("infinite NMC component (missing values must be NaN)", field=col)
    uniq, inv = np.unique(years, return_inverse=True)
    arr = values.to_numpy()
    totals = np.zeros((len(uniq), arr.shape[1]))
    np.add.at(totals, inv, np.nan_to_num(arr, nan=0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = arr / totals[inv]
    return pd.DataFrame(shares, columns=list(NMC_COMPONENTS), index=nmc.index)


#: A year whose published CINC values sum to less than this covers only part of the state
#: system (a full NMC year sums to 1, or a little more where components are missing).
PARTIAL_CINC_SUM = 0.99


def partial_years(nmc: pd.DataFrame) -> list[int]:
    """Years in which ``nmc`` holds only part of the state system, judged by its published
    ``cinc`` column (their sum < :data:`PARTIAL_CINC_SUM`); empty when the column is absent.
    NMC [greig2021], CINC [singer1972]; the test is anpo's own.

    Shares recomputed within such a subset would be shares of the subset, not of the system
    (a file of five great powers would give them CINC summing to 1).
    """
    table("nmc", nmc, what="an NMC table")  # a dict was "no attribute 'columns'"
    if "cinc" not in nmc.columns or "year" not in nmc.columns:
        return []
    published = pd.Series(column_numbers(nmc, "cinc", what="a CINC score (a number)"))
    if published.isna().all():
        return []
    sums = published.groupby(_years(nmc)).sum(min_count=1)
    return [
        int(y)
        for y, v in zip(sums.index, sums, strict=True)
        if not np.isnan(v) and v < PARTIAL_CINC_SUM
    ]


def cinc(
    nmc: pd.DataFrame, on_partial: str = "warn", years: int | Iterable[int] | None = None
) -> pd.Series:
    """CINC of every row of ``nmc``: the mean of the available component shares of its year
    ([singer1972]; NMC codebook [greig2021]).

    Returns a float64 Series aligned with ``nmc`` (NaN when every component is missing).

    ``on_partial``: what to do in the years the table covers only part of the state system
    (:func:`partial_years`): ``"warn"`` (default) keeps the file's published CINC for those
    years and emits a :class:`anpo.errors.DataWarning` naming them; ``"error"`` raises
    :class:`InputError`; ``"recompute"`` recomputes within the subset (shares of the subset).
    ``years``: the years the caller uses (default all): the warning and the error name only the
    partial years among them, and say nothing when none is partial.
    """
    if on_partial not in ("warn", "error", "recompute"):
        raise InputError("on_partial must be 'warn', 'error' or 'recompute'", field="on_partial")
    shares = component_shares(nmc).to_numpy()
    avail = ~np.isnan(shares)
    n = avail.sum(axis=1)
    total = np.where(avail, shares, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(n > 0, total / np.maximum(n, 1), np.nan)
    partial = partial_years(nmc) if on_partial != "recompute" else []
    if years is None:
        asked = partial
    else:
        from anpo.relations.dyads import normalise_years

        # one year (a TypeError: 'int' is not iterable) or several, whole numbers; none given
        # ([]) scopes the warning to no year, as documented
        given = normalise_years(years) if not _is_empty(years) else None
        asked = [] if given is None else sorted(set(partial) & {int(y) for y in given})
    if partial:
        rows = np.isin(_years(nmc), partial)
        out = np.where(rows, column_numbers(nmc, "cinc", what="a CINC score (a number)"), out)
    if asked:
        shown = ", ".join(str(y) for y in asked[:5]) + (" ..." if len(asked) > 5 else "")
        what = (
            f"the capabilities table covers only part of the state system in {len(asked)} "
            f"year(s) ({shown}): its published CINC sums to less than {PARTIAL_CINC_SUM}, so "
            "shares recomputed within it would be shares of the subset"
        )
        if on_partial == "error":
            raise InputError(what + "; load the full NMC file", field="cinc")
        import warnings

        from anpo.errors import DataWarning

        warnings.warn(what + "; the file's own CINC is used for those years", DataWarning, 2)
    return pd.Series(out, index=nmc.index, name="cinc")


def _years(nmc: pd.DataFrame) -> np.ndarray:
    """The ``year`` column of an NMC table as int64, or an :class:`InputError` naming ``year``
    and the row whose year is missing, fractional or text (the shares are of a year's system
    total: a row without a true year has none)."""
    return column_numbers(nmc, "year", whole=True, what="a year")


def _is_empty(years: int | Iterable[int]) -> bool:
    """True for an empty list, tuple, range or array of years."""
    try:
        return len(years) == 0  # type: ignore[arg-type]
    except TypeError:
        return False

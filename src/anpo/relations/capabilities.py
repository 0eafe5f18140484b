"""Composite Index of National Capability (CINC) recomputed from its six components.

Source: Singer, Bremer & Stuckey (1972), "Capability Distribution, Uncertainty, and Major Power
War, 1820-1965", in B. Russett (ed.), *Peace, War, and Numbers*, 19-48; NMC v6.0 codebook
(Greig & Enterline 2021), "CINC": each component is expressed as the state's share of the
system total for the year; CINC is the mean of the shares that are available for that state-year
(a missing component is skipped, not counted as zero), so yearly CINC totals need not sum to 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from anpo.errors import InputError

__all__ = ["NMC_COMPONENTS", "cinc", "component_shares"]

NMC_COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")


def component_shares(nmc: pd.DataFrame) -> pd.DataFrame:
    """Each component as the state's share of the year's system total (NaN where missing).

    ``nmc``: columns ``year`` and the six components (as from :func:`anpo.data.read_nmc`).
    """
    missing = [c for c in ("year", *NMC_COMPONENTS) if c not in nmc.columns]
    if missing:
        raise InputError(f"NMC table lacks columns {missing}", field=missing[0])
    values = nmc[list(NMC_COMPONENTS)].astype("float64")
    if (values < 0).any().any():
        raise InputError("negative NMC component (missing codes must be NaN)", field="milex")
    years = nmc["year"].to_numpy(dtype="int64")
    uniq, inv = np.unique(years, return_inverse=True)
    arr = values.to_numpy()
    totals = np.zeros((len(uniq), arr.shape[1]))
    np.add.at(totals, inv, np.nan_to_num(arr, nan=0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = arr / totals[inv]
    return pd.DataFrame(shares, columns=list(NMC_COMPONENTS), index=nmc.index)


def cinc(nmc: pd.DataFrame) -> pd.Series:
    """CINC of every row of ``nmc``: the mean of the available component shares of its year.

    Returns a float64 Series aligned with ``nmc`` (NaN when every component is missing).
    """
    shares = component_shares(nmc).to_numpy()
    avail = ~np.isnan(shares)
    n = avail.sum(axis=1)
    total = np.where(avail, shares, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(n > 0, total / np.maximum(n, 1), np.nan)
    return pd.Series(out, index=nmc.index, name="cinc")

"""Dataset loaders and the persistent data catalog.

Every loader takes a path to the file a user downloaded from the provider (or the CSV export of
the R package peacesciencer) and returns a pandas DataFrame with checked columns, missing-value
codes turned into nulls, and provenance in ``df.attrs["source"] = {"dataset", "version",
"sha256", "path"}``. A wrong or damaged file raises :class:`anpo.errors.DataError` naming the
file, and the line and column when one is at fault.

The catalog (:class:`anpo.data.catalog.Catalog`, ``anpo data add``) keeps loaded datasets in an
embedded DuckDB database under ``ANPO_HOME``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from anpo._checks import as_path
from anpo.data.atop import read_atop_dyad
from anpo.data.cow import (
    read_contiguity,
    read_cow_alliance,
    read_cow_majors,
    read_cow_states,
    read_false_dyads,
    read_gw_states,
    read_mid_disputes,
    read_mid_dyadic,
    read_mid_participant,
    read_nmc,
)
from anpo.data.democracy import read_democracy, read_polity
from anpo.data.forces import read_nuclear_stockpiles
from anpo.data.kinds import KINDS, detect_kind, loader_for
from anpo.data.powers import read_maoz_powers
from anpo.data.rivalries import read_td_rivalries, read_tss_rivalries
from anpo.data.unga import read_unga_idealpoints
from anpo.data.wars import read_cow_war_inter
from anpo.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "KINDS",
    "detect_kind",
    "load",
    "loader_for",
    "read_atop_dyad",
    "read_contiguity",
    "read_cow_alliance",
    "read_cow_majors",
    "read_cow_states",
    "read_cow_war_inter",
    "read_democracy",
    "read_false_dyads",
    "read_gw_states",
    "read_maoz_powers",
    "read_mid_disputes",
    "read_mid_dyadic",
    "read_mid_participant",
    "read_nmc",
    "read_nuclear_stockpiles",
    "read_polity",
    "read_td_rivalries",
    "read_tss_rivalries",
    "read_unga_idealpoints",
]


def load(path: str | os.PathLike[str], kind: str | None = None) -> pd.DataFrame:
    """Load ``path`` with the loader of ``kind`` (detected from the header when None)."""
    path = as_path(path, "path", error=DataError)
    return loader_for(kind or detect_kind(path))(path)

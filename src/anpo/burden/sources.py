"""Where the burden-sharing data come from: an explicit file or the data catalog.

I/O edge of :mod:`anpo.burden`: the CLI and the report call these; the model functions take
DataFrames. The catalog (``anpo.data.catalog.Catalog``, kinds ``sipri`` and ``nmc``) is used only
when it exists; a missing catalog is never created here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from anpo._checks import table
from anpo.errors import AnpoError, DataError

__all__ = ["ADD_HINT", "ADD_SOURCE", "add_hint", "catalog_frame", "load_nmc", "load_sipri"]

#: The command that adds a dataset a user has not added yet (a command alone: it is quoted in
#: backticks, to be copied into a shell).
ADD_HINT = {
    "sipri": "anpo data add SIPRI-Milex-data-1948-2023.xlsx",
    "nmc": "anpo data add NMC-60-abridged.csv",
}

#: What the file of :data:`ADD_HINT` is and where it is downloaded.
ADD_SOURCE = {
    "sipri": "the SIPRI workbook, from https://www.sipri.org/databases/milex",
    "nmc": "COW National Material Capabilities, from "
    "https://correlatesofwar.org/data-sets/national-material-capabilities/",
}


def add_hint(kind: str) -> str:
    """What to tell a user who has no ``kind`` data yet: the command in backticks, then the file
    and its source outside them (they were inside, so a copied command ended in '(the SIPRI
    workbook, from https://...)')."""
    return f"`{ADD_HINT[kind]}` ({ADD_SOURCE[kind]})"


def catalog_frame(kind: str, home: str | Path | None = None) -> pd.DataFrame | None:
    """``Catalog.open(home).read(kind)`` when a catalog exists and has ``kind``, else None.

    ``home`` defaults as for :meth:`anpo.data.catalog.Catalog.open` (``ANPO_HOME``, else the
    user data directory).
    """
    from anpo.data.catalog import Catalog

    cat = Catalog.open(home)
    try:
        return cat.read_or_none(kind)
    except AnpoError:
        raise
    except Exception as exc:  # a damaged catalog must not produce a traceback
        raise AnpoError(
            f"cannot read {kind!r} from the data catalog: {exc}", file=cat.home
        ) from None


def load_sipri(
    path: str | Path | None = None, home: str | Path | None = None, use_catalog: bool = True
) -> pd.DataFrame | None:
    """The SIPRI long table from ``path`` (read with the workbook loader) or from the catalog."""
    if path is not None:
        from anpo.data.sipri import read_sipri_milex

        return read_sipri_milex(path)
    return catalog_frame("sipri", home) if use_catalog else None


def load_nmc(
    path: str | Path | None = None, home: str | Path | None = None, use_catalog: bool = True
) -> pd.DataFrame | None:
    """NMC (``ccode, year, milex_nmc_usd_m, population``) from a CSV ``path`` or the catalog."""
    from anpo.burden.panel import nmc_frame, read_nmc_csv

    if path is not None:
        return read_nmc_csv(path)
    if not use_catalog:
        return None
    raw = catalog_frame("nmc", home)
    return None if raw is None else nmc_frame(raw)


def data_label(sipri: pd.DataFrame | None) -> str:
    """How sentences name the military-expenditure data (an excerpt is called one). A
    ``sipri`` that is neither None nor a DataFrame: a :class:`~anpo.errors.DataError` naming it
    (``'dict' object has no attribute 'attrs'`` before)."""
    if sipri is None:
        return "the military-expenditure data"
    table("sipri", sipri, error=DataError, what="a long SIPRI table")
    src = sipri.attrs.get("source") or {}
    text = f"{src.get('path', '')} {src.get('dataset', '')}".lower()
    return "the SIPRI excerpt" if "excerpt" in text else "the SIPRI data"

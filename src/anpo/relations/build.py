"""Build dyad-years (or state-years) with dataset variables joined, from the catalog or frames.

``ADDERS`` names the joins the ``anpo dyads --add`` option accepts and the dataset kinds each
needs (see :mod:`anpo.relations.dyads` for the variables and their sources).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from anpo._checks import name_list
from anpo._io.years import parse_years
from anpo.errors import CatalogError, InputError
from anpo.relations import dyads as dy

__all__ = ["ADDERS", "Adder", "build_dyad_years", "parse_years"]


@dataclass(frozen=True)
class Adder:
    """A join: the catalog kinds it reads (first available wins) and how it applies."""

    kinds: tuple[str, ...]
    apply: Callable[[pd.DataFrame, pd.DataFrame, str], pd.DataFrame]
    help: str


def _rivalries(frame: pd.DataFrame, data: pd.DataFrame, kind: str) -> pd.DataFrame:
    return dy.add_rivalries(frame, data, name="td" if kind == "td_rivalries" else "tss")


ADDERS: dict[str, Adder] = {
    "capabilities": Adder(
        ("nmc",), lambda f, d, k: dy.add_capabilities(f, d), "CINC of both states (NMC)"
    ),
    "alliances": Adder(
        ("atop",), lambda f, d, k: dy.add_alliances(f, d), "ATOP obligations (defense, ...)"
    ),
    "cow_alliances": Adder(
        ("cow_alliance",),
        lambda f, d, k: dy.add_cow_alliances(f, d),
        "COW Formal Alliances (user-supplied file)",
    ),
    "rivalries": Adder(
        ("td_rivalries", "tss_rivalries"), _rivalries, "strategic rivalry (Thompson & Dreyer)"
    ),
    "disputes": Adder(("mid_dyadic",), lambda f, d, k: dy.add_disputes(f, d), "MID onset/ongoing"),
    "contiguity": Adder(
        ("contiguity",), lambda f, d, k: dy.add_contiguity(f, d), "COW direct contiguity type"
    ),
    "ideal_points": Adder(
        ("unga",), lambda f, d, k: dy.add_ideal_points(f, d), "UNGA ideal points and distance"
    ),
    "democracy": Adder(
        ("democracy",), lambda f, d, k: dy.add_democracy(f, d), "V-Dem, Polity2, UDS scores"
    ),
    "majors": Adder(("cow_majors",), lambda f, d, k: dy.add_majors(f, d), "COW major powers"),
}


def read_datasets(
    get: Callable[[str], pd.DataFrame | None], add: Sequence[str] = (), system: str = "cow"
) -> dict[str, pd.DataFrame | None]:
    """The frames :func:`build_dyad_years` reads for ``add`` and ``system``, kind -> DataFrame
    (None when absent), from a getter such as ``Catalog.read_or_none``, in one held block
    (:func:`anpo.data.catalog.held_reads`): ``build_dyad_years(frames.get, ...)`` then builds
    without holding the catalog (a writer waits only for the reads). As the build asks for
    them: the state list of ``system``, then per join its first kind present; an unknown join
    or system is left for the build to refuse."""
    from anpo.data.catalog import first_present, held_reads

    out: dict[str, pd.DataFrame | None] = {}
    with held_reads(get):
        if system in ("cow", "gw"):
            kind = "cow_states" if system == "cow" else "gw_states"
            out[kind] = get(kind)
        for name in add:
            first_present(get, ADDERS[name].kinds if name in ADDERS else (), out)
    return out


def build_dyad_years(
    datasets: Mapping[str, pd.DataFrame] | Callable[[str], pd.DataFrame | None],
    years: Sequence[int] | None = None,
    add: Sequence[str] = (),
    system: str = "cow",
    directed: bool = True,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Dyad-years of ``system`` ("cow" or "gw") for ``years`` with the joins in ``add``: the COW
    state system [cow2017] or Gleditsch and Ward's list [gleditsch1999]; each join cites its
    dataset in :mod:`anpo.relations.dyads`.

    ``datasets``: kind -> DataFrame, or a function returning the frame of a kind (None when
    absent), e.g. ``Catalog.read_or_none``. Raises :class:`CatalogError` naming the
    ``anpo data add`` needed when a dataset is missing. ``attrs["sources"]`` records, for each
    dataset kind used, its ``dataset``, ``version`` and ``sha256`` (written into the Parquet
    metadata by ``anpo dyads --out``); ``attrs["coverage"]`` the first and last year of each
    join's dataset (``--add`` name -> ``(first, last)``): outside them its variables are missing;
    ``attrs["gw_microstates"]`` says when a G-W list leaves out the G-W microstates
    (:func:`anpo.relations.dyads.gw_microstates_note`).
    A ``datasets`` that is neither a mapping nor a function, or a dataset that is no table of
    its kind: an :class:`InputError` naming it (``'list' object has no attribute 'get'``).
    """
    if not (isinstance(datasets, Mapping) or callable(datasets)):
        raise InputError(
            "must be a mapping of dataset kind -> DataFrame, or a function returning the frame "
            f"of a kind, got {type(datasets).__name__}",
            field="datasets",
        )

    def get(kind: str) -> pd.DataFrame | None:
        if callable(datasets):
            return datasets(kind)
        return datasets.get(kind)

    add = name_list(add, "add", "alliances")  # a list: "alliances" was "unknown join 'a'"
    unknown = [a for a in add if a not in ADDERS]
    if unknown:
        raise InputError(
            f"unknown join {unknown[0]!r}; choose from {', '.join(ADDERS)}", field="add"
        )
    if system not in ("cow", "gw"):
        raise InputError("system must be 'cow' or 'gw'", field="system")
    states_kind = "cow_states" if system == "cow" else "gw_states"
    states = get(states_kind)
    if states is None:
        raise CatalogError(
            f"no {states_kind} dataset: run `anpo data add <file>` with the "
            + ("COW states2016.csv" if system == "cow" else "Gleditsch-Ward state list")
        )
    if progress:
        progress("building dyad-years")
    frame = dy.dyad_years(states, directed, years, warn=False)  # the years outside: said below
    sources = {states_kind: _provenance(states)}
    coverage: dict[str, tuple[int, int]] = {}
    if {"styear", "endyear"} <= set(states.columns):
        lo, hi = int(states["styear"].min()), int(states["endyear"].max())
    else:  # start/end dates (dy.dyad_years read them): a bare KeyError: 'styear' before
        spells = dy.membership_spells(states, dy.state_system(states)[1])
        lo, hi = int(spells["y0"].min()), int(spells["y1"].max())
    if frame.empty:
        raise InputError(
            f"no dyad-years in the years asked: the {states_kind} list covers {lo}-{hi}",
            field="years",
        )
    outside = sorted({int(y) for y in years or () if not lo <= int(y) <= hi})
    if outside:  # a year past the list's end is said, not silently left out
        import warnings

        from anpo.errors import DataWarning
        from anpo.report.format import year_ranges

        warnings.warn(
            f"the {states_kind} list covers {lo}-{hi}: no dyad-years for "
            f"{year_ranges(outside)} (left out)",
            DataWarning,
            2,
        )
    for name in add:
        adder = ADDERS[name]
        data = None
        used = adder.kinds[0]
        for kind in adder.kinds:
            data = get(kind)
            if data is not None:
                used = kind
                break
        if data is None:
            raise CatalogError(
                f"--add {name} needs the {' or '.join(adder.kinds)} dataset: "
                f"run `anpo data add <file>` first"
            )
        if progress:
            progress(f"joining {name}")
        frame = adder.apply(frame, data, used)
        sources[used] = _provenance(data)
        years = _years_covered(data)
        if years is not None:
            coverage[name] = years
    frame.attrs["system"] = system
    frame.attrs["sources"] = sources
    frame.attrs["coverage"] = coverage
    note = dy.gw_microstates_note(states)  # review18 F2: peacesciencer's G-W dyads have them
    if note:
        frame.attrs["gw_microstates"] = note
    return frame


def _years_covered(data: pd.DataFrame) -> tuple[int, int] | None:
    """The first and last year of a loaded dataset, as the joins bound it: its
    ``attrs["coverage"]``, else the range of its ``year`` (or ``styear``-``endyear``) column."""
    cov = data.attrs.get("coverage")
    if cov:
        return int(cov[0]), int(cov[1])
    if "year" in data.columns and len(data):
        return int(data["year"].min()), int(data["year"].max())
    if {"styear", "endyear"} <= set(data.columns) and len(data):
        return int(data["styear"].min()), int(data["endyear"].max())
    return None


def _provenance(data: pd.DataFrame) -> dict[str, str]:
    """``{"dataset", "version", "sha256"}`` of a loaded dataset (empty strings when unknown)."""
    src = data.attrs.get("source") or {}
    return {k: str(src.get(k, "")) for k in ("dataset", "version", "sha256")}

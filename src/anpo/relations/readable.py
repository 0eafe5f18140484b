"""The dyad-year and similarity tables as a reader sees them (``anpo dyads``, ``anpo similarity``).

The data keep their names (``ccode1``, ``atop_defense``, ``s_wabs``: the JSON, CSV and Parquet
output); the terminal shows the same rows with

* each state by its name in the year beside its code ("Soviet Union (365)" in 1970,
  :func:`anpo.report.countries.country_name`),
* headers in words with the unit or scale of the values ("CINC of state 1 (world share,
  0-1)": the state's share of the world's material capabilities),
* 0/1 flags as yes/no and coded categories in words (contiguity types, MID hostility levels),
* a missing value as an en dash, with a legend under the table that says, per column, why the
  shown values are missing (the year outside the dataset's years, no row for the state, a
  measure undefined for the pair), computed from the rows and the datasets' years.

Sources of the variables: see :mod:`anpo.relations.dyads` (the joins) and
:mod:`anpo.relations.portfolios` / :mod:`anpo.relations.similarity` (the measures).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from anpo._checks import table as _table
from anpo.report.format import MISSING

__all__ = [
    "ReadableTable",
    "dyad_table",
    "similarity_table",
]

Kind = Literal["flag", "number", "count", "words"]


@dataclass(frozen=True)
class _Column:
    """How a data column reads: its header (``{n}``: the state, 1 or 2), the kind of its
    values, the join (``anpo dyads --add`` name) whose dataset's years bound it, the dataset's
    name for a reader, and why a value inside those years can be missing."""

    header: str
    kind: Kind = "number"
    join: str = ""
    dataset: str = ""
    missing: str = ""
    words: Mapping[int, str] = field(default_factory=dict)


#: Why an ATOP obligation inside ATOP's years is missing: the data give a missing code.
_ATOP_UNKNOWN = "unknown: ATOP gives a missing code (-9) for the obligation"

#: COW direct contiguity types ([stinnett2002], COW Direct Contiguity v3.2 codebook); 0 is
#: anpo's "not contiguous" inside the data's years.
CONTIGUITY_WORDS: dict[int, str] = {
    0: "not contiguous",
    1: "land or river border",
    2: "water, up to 12 miles",
    3: "water, up to 24 miles",
    4: "water, up to 150 miles",
    5: "water, up to 400 miles",
}

#: MID hostility levels ([palmer2022], MID 5.0 codebook); 0 is anpo's "no dispute" inside the
#: data's years.
HOSTILITY_WORDS: dict[int, str] = {
    0: "no dispute",
    1: "no militarized action",
    2: "threat to use force",
    3: "display of force",
    4: "use of force",
    5: "war",
}

_NO_NMC = "no NMC row for the state in the year"
_NO_IDEAL = "no UN ideal point for the state in the year (no seat or too few recorded votes)"

#: Dyad variables (one per dyad-year), by data name.
DYAD_COLUMNS: dict[str, _Column] = {
    "year": _Column("Year", "count"),
    "atop_defense": _Column("Defense pact (ATOP)", "flag", "alliances", "ATOP", _ATOP_UNKNOWN),
    "atop_offense": _Column("Offense pact (ATOP)", "flag", "alliances", "ATOP", _ATOP_UNKNOWN),
    "atop_neutral": _Column("Neutrality pact (ATOP)", "flag", "alliances", "ATOP", _ATOP_UNKNOWN),
    "atop_nonagg": _Column(
        "Non-aggression pact (ATOP)", "flag", "alliances", "ATOP", _ATOP_UNKNOWN
    ),
    "atop_consul": _Column("Consultation pact (ATOP)", "flag", "alliances", "ATOP", _ATOP_UNKNOWN),
    "cow_defense": _Column("Defense pact (COW)", "flag", "cow_alliances", "COW alliance"),
    "cow_neutrality": _Column("Neutrality pact (COW)", "flag", "cow_alliances", "COW alliance"),
    "cow_nonaggression": _Column(
        "Non-aggression pact (COW)", "flag", "cow_alliances", "COW alliance"
    ),
    "cow_entente": _Column("Entente (COW)", "flag", "cow_alliances", "COW alliance"),
    "td_rivalry": _Column(
        "Strategic rivalry (Thompson & Dreyer)", "flag", "rivalries", "rivalry list"
    ),
    "tss_rivalry": _Column(
        "Strategic rivalry (Thompson, Sakuwa & Suhas)", "flag", "rivalries", "rivalry list"
    ),
    "mid_ongoing": _Column("Dispute in the year (MID)", "flag", "disputes", "MID"),
    "mid_onset": _Column("Dispute began (MID)", "flag", "disputes", "MID"),
    "mid_count": _Column("Disputes (number, MID)", "count", "disputes", "MID"),
    "mid_hostlev": _Column(
        "Highest hostility, either side (MID)",
        "words",
        "disputes",
        "MID",
        words=HOSTILITY_WORDS,
    ),
    "conttype": _Column(
        "Direct contiguity (COW)", "words", "contiguity", "contiguity", words=CONTIGUITY_WORDS
    ),
    "idealpoint_distance": _Column(
        "UN ideal-point distance (same scale)",
        join="ideal_points",
        dataset="UN ideal-point",
        missing="one of the two states has no UN ideal point in the year",
    ),
}

#: State variables, one per side of the dyad (data names ``cinc1``, ``cinc2``...).
STATE_COLUMNS: dict[str, _Column] = {
    "cinc": _Column(
        "CINC of state {n} (world share, 0-1)",
        join="capabilities",
        dataset="NMC",
        missing=_NO_NMC,
    ),
    "idealpoint": _Column(
        "UN ideal point of state {n} (latent scale)",
        join="ideal_points",
        dataset="UN ideal-point",
        missing=_NO_IDEAL,
    ),
    "v2x_polyarchy": _Column(
        "Electoral democracy of state {n} (V-Dem, 0-1)",
        join="democracy",
        dataset="democracy",
        missing="no V-Dem score for the state in the year",
    ),
    "polity2": _Column(
        "Polity2 of state {n} (-10 to 10)",
        join="democracy",
        dataset="democracy",
        missing="no Polity2 score for the state in the year (or an interruption, interregnum "
        "or transition, which Polity does not score)",
    ),
    "euds": _Column(
        "Democracy of state {n} (UDS, latent scale, mean 0)",
        join="democracy",
        dataset="democracy",
        missing="no UDS score for the state in the year",
    ),
    "major": _Column("Major power: state {n} (COW)", "flag", "majors", "COW major-power"),
}

#: Similarity measures ([signorino1999]; [kendall1945]; [cohen1968]; [scott1955]; [hage2011];
#: [benati2026]): header and why a value can be missing.
SIMILARITY_COLUMNS: dict[str, _Column] = {
    "s_abs": _Column("S, absolute (-1 to 1)", missing=""),
    "s_sq": _Column("S, squared (-1 to 1)", missing=""),
    "s_wabs": _Column(
        "S weighted by CINC, absolute (-1 to 1)",
        join="capabilities",
        dataset="NMC",
    ),
    "s_wsq": _Column(
        "S weighted by CINC, squared (-1 to 1)",
        join="capabilities",
        dataset="NMC",
    ),
    "tau_b": _Column(
        "Kendall's tau-b (-1 to 1)",
        missing="undefined: a portfolio puts every state at the same level, so it ranks none",
    ),
    "kappa": _Column(
        # which kappa and which pi: the table's are Häge's quadratic kappa and Scott's nominal
        # pi (fpsim's cohenk and spi), the scalar functions' defaults
        "Cohen's kappa, quadratic weights (1 identical, 0 chance)",
        missing="undefined: no disagreement is expected by chance (both portfolios constant)",
    ),
    "pi": _Column(
        "Scott's pi, nominal (1 identical, 0 chance)",
        missing="undefined: both portfolios put every state in one and the same category",
    ),
    "pi_sq": _Column(
        "Scott's pi, quadratic weights (Häge 2011; 1 identical, 0 chance)",
        missing="undefined: no disagreement is expected by chance (both portfolios put every "
        "state at one and the same level)",
    ),
    "alignment": _Column(
        "Alignment index (S minus chance, 0 chance)",
        missing="no value for the pair",
    ),
}


@dataclass(frozen=True)
class ReadableTable:
    """A table for the terminal: ``frame`` (headers in words, values for a reader, missing
    values as missing so that the formatter prints an en dash) and ``legend``, one line per
    reason a shown value is missing (empty when none is)."""

    frame: pd.DataFrame
    legend: list[str]


def _span_text(cov: tuple[int, int] | None) -> str:
    return "" if cov is None else f" ({cov[0]}-{cov[1]})"


def _state_cells(
    codes: pd.Series, years: pd.Series, system: str, names: Mapping[int, str] | None
) -> list[str]:
    """ "Name (code)" for each state: the COW name in the year (the Soviet Union in 1970); a
    Gleditsch-Ward code is named through its COW code, else by ``names`` (the G-W list's)."""
    from anpo.relations.dyads import gw_to_cow
    from anpo.report.countries import country_name, lookup

    code_arr = codes.to_numpy(dtype="int64")
    year_arr = years.to_numpy(dtype="int64")
    cow = gw_to_cow(code_arr, year_arr) if system == "gw" else code_arr
    out = []
    for code, c, y in zip(code_arr.tolist(), cow.tolist(), year_arr.tolist(), strict=True):
        if lookup(c) is not None:
            name = country_name(c, y)
        else:
            name = (names or {}).get(code) or f"{'G-W' if system == 'gw' else 'COW'} state"
        out.append(f"{name} ({code})")
    return out


def _spec(name: str, table: Mapping[str, _Column]) -> tuple[_Column, str] | None:
    """The column's description and its header, for a dyad or a per-state (``...1``/``...2``)
    variable; None for a column neither table knows."""
    if name in table:
        return table[name], table[name].header
    if name[-1:] in ("1", "2") and name[:-1] in STATE_COLUMNS:
        col = STATE_COLUMNS[name[:-1]]
        return col, col.header.format(n=name[-1])
    return None


def _values(series: pd.Series, col: _Column) -> pd.Series:
    """The values of a column as a reader reads them (missing kept missing)."""
    if col.kind == "flag":
        return pd.Series(
            [None if pd.isna(v) else ("yes" if int(v) else "no") for v in series.tolist()],
            index=series.index,
            dtype=object,
        )
    if col.kind == "words":
        return pd.Series(
            [None if pd.isna(v) else col.words.get(int(v), str(v)) for v in series.tolist()],
            index=series.index,
            dtype=object,
        )
    if col.kind == "count":
        return series.astype("Int64")
    return series.astype("float64")


def _why_missing(
    col: _Column, years: np.ndarray, cov: tuple[int, int] | None, inside_reason: str
) -> list[str]:
    """The reasons the values of the years ``years`` are missing: outside the dataset's years
    (``cov``), or ``inside_reason`` within them."""
    reasons = []
    if cov is not None:
        outside = (years < cov[0]) | (years > cov[1])
        if outside.any():
            reasons.append(f"the year is outside the {col.dataset} data's years{_span_text(cov)}")
        inside = ~outside
    else:
        inside = np.ones(years.size, dtype=bool)
    if inside.any():
        reasons.append(inside_reason or "no value in the data")
    return reasons


def _legend(reasons: dict[str, list[str]]) -> list[str]:
    """One line per reason, naming the columns it applies to (in table order)."""
    by_reason: dict[str, list[str]] = {}
    for header, whys in reasons.items():
        for why in whys:
            by_reason.setdefault(why, []).append(header)
    return [f"{MISSING} in {'; '.join(heads)}: {why}" for why, heads in by_reason.items()]


def _readable(
    frame: pd.DataFrame,
    table: Mapping[str, _Column],
    system: str,
    coverage: Mapping[str, tuple[int, int]],
    reasons_inside: Mapping[str, str],
    names: Mapping[int, str] | None,
) -> ReadableTable:
    from anpo.report.tables import plain_header

    code = "gwcode" if system == "gw" else "ccode"
    label = "G-W code" if system == "gw" else "COW code"
    out: dict[str, pd.Series] = {}
    missing: dict[str, list[str]] = {}
    years = frame["year"].to_numpy(dtype="int64") if "year" in frame.columns else None
    for name in frame.columns:
        name = str(name)
        if name in (f"{code}1", f"{code}2") and years is not None:
            head = f"State {name[-1]} ({label})"
            out[head] = pd.Series(
                _state_cells(frame[name], frame["year"], system, names), index=frame.index
            )
            continue
        spec = _spec(name, table)
        if spec is None:
            head = plain_header(name)
            out[head] = frame[name]
            if frame[name].isna().any():
                missing[head] = ["no value in the data"]
            continue
        col, head = spec
        values = _values(frame[name], col)
        out[head] = values
        gaps = values.isna().to_numpy()
        if gaps.any():
            cov = coverage.get(col.join) if col.join else None
            inside = reasons_inside.get(name) or col.missing
            shown = years[gaps] if years is not None else np.array([], dtype="int64")
            missing[head] = _why_missing(col, shown, cov, inside)
    return ReadableTable(pd.DataFrame(out, index=frame.index), _legend(missing))


def dyad_table(
    frame: pd.DataFrame,
    system: str = "cow",
    coverage: Mapping[str, tuple[int, int]] | None = None,
    names: Mapping[int, str] | None = None,
) -> ReadableTable:
    """The rows of a dyad-year frame (:func:`anpo.relations.build.build_dyad_years`) for a
    reader: states named beside their codes, headers in words with units, flags as yes/no,
    contiguity and hostility in words, and a legend of why the shown missing values are missing.

    ``coverage``: the first and last year of each join's dataset (``--add`` name ->
    ``(first, last)``, as in the frame's ``attrs["coverage"]``); without it a missing value is
    explained by the variable's own reason only. ``names``: names of state codes the COW list
    lacks (Gleditsch-Ward codes: the G-W list's names). Sources: see :mod:`anpo.relations.dyads`.
    """
    _table("frame", frame, what="a dyad-year table")  # a dict was "no attribute 'attrs'"
    cov = dict(coverage if coverage is not None else frame.attrs.get("coverage", {}))
    return _readable(frame, DYAD_COLUMNS, system, cov, {}, names)


def capability_weight_reason(
    nmc_years: tuple[int, int] | None, years: Iterable[int] = (), has_nmc: bool = True
) -> str:
    """Why a capability-weighted S (``s_wabs``, ``s_wsq``) is missing: the one wording of the
    similarity table's legend and of ``anpo similarity --json``'s ``undefined`` reasons.
    ``nmc_years``: the NMC data's first and last years; ``years``: the dyad-years missing, of
    which those outside the NMC data are named. Source of the measure: [signorino1999].

    >>> capability_weight_reason((1816, 2016), [2017, 2018])
    'no capability weights for 2017, 2018: the NMC data cover 1816-2016'
    >>> capability_weight_reason(None, has_nmc=False)
    'no capability weights: the catalog has no NMC data'
    """
    if not has_nmc:
        return "no capability weights: the catalog has no NMC data"
    if nmc_years is not None:
        lo, hi = nmc_years
        past = sorted({int(y) for y in years if not lo <= int(y) <= hi})
        if past:
            return (
                f"no capability weights for {', '.join(map(str, past))}: the NMC data cover "
                f"{lo}-{hi}"
            )
    return "no capability weights for the year"


def similarity_table(
    frame: pd.DataFrame,
    nmc_years: tuple[int, int] | None = None,
    has_nmc: bool = True,
) -> ReadableTable:
    """The rows of a similarity frame (:func:`anpo.relations.portfolios.similarity_dyad_years`)
    for a reader: states named beside their COW codes, each measure's name with its range, and a
    legend of why the shown missing values are missing (a weighted S without capability weights
    for the year: ``nmc_years`` are the NMC data's years, ``has_nmc`` False when the catalog
    has none; a chance-corrected measure undefined for the pair).

    Sources: [signorino1999]; [kendall1945]; [cohen1968]; [scott1955]; [hage2011];
    [benati2026] (see :mod:`anpo.relations.similarity`).
    """
    _table("frame", frame, what="a similarity table")  # a dict was "no attribute 'columns'"
    inside: dict[str, str] = {}
    coverage: dict[str, tuple[int, int]] = {}
    for w in ("s_wabs", "s_wsq"):
        inside[w] = capability_weight_reason(nmc_years if has_nmc else None, has_nmc=has_nmc)
        if not has_nmc:
            inside[w] += " (anpo data add an NMC file)"
    if has_nmc and nmc_years is not None:
        coverage["capabilities"] = nmc_years
    return _readable(frame, SIMILARITY_COLUMNS, "cow", coverage, inside, None)

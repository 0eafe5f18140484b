"""Japan's case: host-nation support (HNS), its benchmarks and the U.S. cost-sharing figures.

The seed [soeya2001] calls the U.S.-Japan alliance "little more than a mechanism
for Japan to bear massive financial burden for supporting the U.S. military presence". The facts
here put numbers on that burden. They are package data (``anpo/burden/data/japan_hns.toml``),
each figure with its source:

- **Host-nation support** in Japan's own definition (在日米軍駐留経費負担, Ministry of Defense of
  Japan): Special Measures Agreement (SMA) labour, utilities and training-relocation costs, the
  Facilities Improvement Program (FIP) and the SOFA-based labour costs (welfare etc.), billion
  yen, Japanese fiscal years (April-March), from FY1978 where a public figure exists. Each figure
  states its basis (initial budget on the expenditure or contract basis, or settled accounts) and
  its source table (Defense of Japan white papers [mod-japan2007; mod-japan2016], Ministry of
  Defense budget tables [mod-japan2015], the Board of Audit of Japan's 2018 report
  [boa-japan2018], or the press where no official table was found). SACO- and
  realignment-related costs are outside the definition and kept apart.
- **Benchmarks**: Japan's GDP (the government's original estimate for the fiscal year) and its
  defense-related expenditures, from the Defense of Japan reference tables; yen converted with
  the fiscal-year mean of the Federal Reserve Board's JPY/USD rate (H.10/G.5, FRED EXJPUS,
  1978-2024) [fed2025] and deflated with Japan's GDP deflator (IMF World Economic Outlook,
  1980-2024) [imf2025]; U.S. active-duty personnel in Japan on 30 September (DoD/DMDC reports,
  1978-2024) [dmdc2024; flynn2026] and the U.S. Department of Defense's *Report on Allied
  Contributions to the Common Defense* (1995-2004) [dod2004] for the offset share and the
  comparison with Germany and South Korea.

A year without a public figure in these sources is missing, with the reason, never interpolated.
Every function takes the facts as an argument (``facts=None`` means the packaged ones).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import (
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

# dup-ok: import block: the strict-TOML helpers every typed-in facts module imports.
from anpo._checks import first_repeat, no_table, table, whole_number, year_number
from anpo._io.inputs import (
    NoCoercedNumbers,
    describe_validation_error,
    dotted,
    parse_toml,
    read_text,
)
from anpo.burden import YEARS
from anpo.errors import BurdenError

__all__ = [
    "BASES",
    "COMPARATORS",
    "HNS_PARTS",
    "JapanFacts",
    "comparison_table",
    "defense_budget",
    "dod_benchmarks",
    "dod_cost_sharing",
    "fx_rates",
    "gdp_deflator",
    "hns_figures",
    "hns_measures",
    "hns_periods",
    "japan_facts",
    "load_japan_facts",
    "support_vs_spending",
    "us_personnel",
]

#: Countries compared with Japan (COW codes); Germany is 260 to 1990 and 255 from 1991.
COMPARATORS = {"Japan": (740,), "South Korea": (732,), "Germany": (260, 255)}

#: Budget bases, in the order a fiscal year's headline figure is taken from.
BASES = ("budget", "stated", "contract", "settled")
BASIS_LABEL = {
    "budget": "initial budget, expenditure basis",
    "stated": "budget figure, basis not stated by the source",
    "contract": "initial budget, contract basis",
    "settled": "settled accounts (actual spending)",
}

#: The parts of host-nation support in Japan's definition, with their labels.
HNS_PARTS = {
    "sma_labor": "SMA labour (basic pay etc.)",
    "sma_utilities": "SMA utilities",
    "sma_training": "SMA training relocation",
    "fip": "Facilities Improvement Program",
    "sofa_labor": "SOFA-based labour (welfare etc.)",
    "labor_total": "labour, SMA and SOFA together",
    "sma_training_equipment": "SMA training equipment (from FY2022)",
}

#: First fiscal year of host-nation support (SOFA-based labour costs from FY1978).
FIRST_FY = 1978

#: A year of the facts file (a calendar or fiscal year, a report's edition): within
#: ``anpo.burden.YEARS``, the years the burden commands take (``--year``). An unbounded one was accepted and never read
#: (``year = -5`` in the deflator left the year it replaced without a deflator, silently).
Year = Annotated[int, Field(ge=YEARS[0], le=YEARS[1])]

Basis = Literal["budget", "stated", "contract", "settled"]


# --------------------------------------------------------------------------- validated facts


class _Row(NoCoercedNumbers):
    model_config = ConfigDict(extra="forbid", frozen=True)
    source: str = Field(min_length=10)
    primary: bool = True
    approximate: bool = False
    derived: bool = False
    note: str = ""


class HnsFigure(_Row):
    """One fiscal year's host-nation support on one basis (billion yen)."""

    fy: int = Field(ge=FIRST_FY, le=YEARS[1])
    basis: Basis
    total: float = Field(gt=0)
    sma_labor: float | None = Field(None, ge=0)
    sma_utilities: float | None = Field(None, ge=0)
    sma_training: float | None = Field(None, ge=0)
    fip: float | None = Field(None, ge=0)
    sofa_labor: float | None = Field(None, ge=0)
    labor_total: float | None = Field(None, ge=0)
    sma_training_equipment: float | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _parts_add_up(self) -> HnsFigure:
        parts = [getattr(self, k) for k in HNS_PARTS]
        if self.labor_total is not None and (self.sma_labor or self.sofa_labor):
            raise ValueError(f"FY{self.fy}: give labor_total or its parts, not both")
        known = [p for p in parts if p is not None]
        if len(known) >= 4 and abs(sum(known) - self.total) > 0.15 + 0.001 * self.total:
            raise ValueError(
                f"FY{self.fy} ({self.basis}): parts add up to {sum(known):.1f}, "
                f"not the total {self.total:.1f}"
            )
        return self


def _once(rows: Sequence[Any], key: Callable[[Any], Any], what: str) -> None:
    """Refuse a table that gives one key twice (a repeated year made ``anpo burden japan
    --facts`` crash in pandas' reindexing: fuzzing); names the key and both entries."""
    twice = first_repeat(key(row) for row in rows)
    if twice is not None:
        k, first, i = twice
        raise ValueError(f"{what} {k} is given twice (entries {first} and {i})")


class PersonnelCount(NoCoercedNumbers):
    """U.S. active-duty military personnel stationed in Japan on 30 September of ``year``: a
    head count (persons), from the DoD's September personnel reports [dmdc2024] as transcribed
    in the troopdata package [flynn2026] (``source``: this row's own, when it differs from the
    series')."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    year: Year
    count: int = Field(gt=0)
    source: str | None = None


class _Personnel(NoCoercedNumbers):
    model_config = ConfigDict(extra="forbid", frozen=True)
    series: str
    source: str
    counts: tuple[PersonnelCount, ...]

    @model_validator(mode="after")
    def _unique(self) -> _Personnel:
        _once(self.counts, lambda r: r.year, "counts: year")
        return self


class HnsPeriod(_Row):
    """A Special Measures Agreement's multi-year total (billion yen)."""

    fy_first: int = Field(ge=FIRST_FY, le=YEARS[1])
    fy_last: int = Field(ge=FIRST_FY, le=YEARS[1])
    total: float = Field(gt=0)

    @model_validator(mode="after")
    def _order(self) -> HnsPeriod:
        if self.fy_last < self.fy_first:
            raise ValueError(f"period {self.fy_first}-{self.fy_last} runs backwards")
        return self


class FxRate(NoCoercedNumbers):
    """The yen-dollar rate of ``year``, in yen per US dollar: ``calendar`` the mean of the
    year's 12 monthly averages, ``fiscal`` the mean of April-March of the Japanese fiscal year
    starting in it; the Federal Reserve Board's monthly averages of daily noon buying rates in
    New York (H.10/G.5, FRED EXJPUS) [fed2025], the means computed by anpo."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    year: Year
    calendar: float | None = Field(None, gt=0)
    fiscal: float | None = Field(None, gt=0)


class DeflatorPoint(NoCoercedNumbers):
    """Japan's GDP deflator of calendar ``year``: an index (no unit; 2015 = about 100), as the
    IMF publishes it (World Economic Outlook, NGDP_D) [imf2025]. Constant yen of base year b:
    amount x index(b) / index(year); a fiscal year is deflated with the index of the calendar
    year it starts in."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    year: Year
    value: float = Field(gt=0)


class BudgetRow(NoCoercedNumbers):
    """Japan's GDP and defense-related expenditures of fiscal year ``fy`` (original budget):
    ``gdp`` (the government's original estimate; GNP up to FY1985), ``defense`` (without SACO
    and realignment costs) and ``defense_all`` (with SACO, realignment (local-burden part) and,
    in FY2015-16, the new government aircraft: 10.8 and 14.0 billion yen, Defense of Japan 2016,
    Reference 12, note 2) in 100 million yen (oku yen); ``saco`` and ``realignment`` (the
    local-burden part) in billion yen, so ``defense_all - defense`` is ``saco + realignment``
    (to rounding) in every year but FY2015-16. Source: Ministry of
    Defense of Japan, Defense of Japan 2007, Reference 20, and 2016, Reference 12 (Pattern of
    Defense-Related Expenditures) [mod-japan2007; mod-japan2016]."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    fy: Year
    gdp: float = Field(gt=0)
    defense: float = Field(gt=0)
    defense_all: float | None = Field(None, gt=0)
    saco: float | None = Field(None, ge=0)
    realignment: float | None = Field(None, ge=0)


class CostSharing(_Row):
    """One row of the U.S. cost-sharing figures (billion current US$)."""

    country: str
    year: Year
    edition: Year | None = None
    report: str = "U.S. DoD, Report on Allied Contributions to the Common Defense"
    total: float | None = Field(None, gt=0)
    direct: float | None = Field(None, ge=0)
    indirect: float | None = Field(None, ge=0)
    offset_share: float | None = Field(None, gt=0, le=1)
    us_personnel: int | None = Field(None, gt=0)
    per_personnel_usd_k: float | None = Field(None, gt=0)


class _Hns(NoCoercedNumbers):
    model_config = ConfigDict(extra="forbid", frozen=True)
    unit: str
    fiscal_year: str
    definition: str
    within_defense_budget: str
    within_defense_budget_source: str
    started: str
    started_source: str
    figures: tuple[HnsFigure, ...]
    periods: tuple[HnsPeriod, ...] = ()


# dup-ok: the models of japan_hns.toml's tables below are alike only in shape (strict frozen models
# of string fields and a tuple of rows); each validates its own table.
class _Fx(NoCoercedNumbers):
    model_config = ConfigDict(extra="forbid", frozen=True)
    series: str
    source: str
    rates: tuple[FxRate, ...]

    @model_validator(mode="after")
    def _unique(self) -> _Fx:
        _once(self.rates, lambda r: r.year, "rates: year")
        return self


class _Deflator(NoCoercedNumbers):
    model_config = ConfigDict(extra="forbid", frozen=True)
    series: str
    source: str
    index: tuple[DeflatorPoint, ...]
    base_year: Year  # after index: its check reads the index's years

    @field_validator("base_year")
    @classmethod
    def _in_index(cls, v: int, info: ValidationInfo) -> int:
        """A base year the index lacks was a BurdenError naming no file, and only once the HNS
        table was asked for; it is refused at the file's ``base_year``."""
        years = [r.year for r in info.data.get("index", ())]
        if years and v not in years:
            raise ValueError(f"not a year of the index, which covers {min(years)}-{max(years)}")
        return v

    @model_validator(mode="after")
    def _unique(self) -> _Deflator:
        _once(self.index, lambda r: r.year, "index: year")
        return self


class _Budget(NoCoercedNumbers):
    model_config = ConfigDict(extra="forbid", frozen=True)
    unit: str
    source_1985_2007: str
    source_2008_2016: str
    rows: tuple[BudgetRow, ...]

    @model_validator(mode="after")
    def _unique(self) -> _Budget:
        _once(self.rows, lambda r: r.fy, "rows: FY")
        return self


class _Dod(NoCoercedNumbers):
    model_config = ConfigDict(extra="forbid", frozen=True)
    report: str
    last_edition: Year
    unit: str
    base: str
    base_source: str
    cost_sharing: tuple[CostSharing, ...]

    @model_validator(mode="after")
    def _unique(self) -> _Dod:
        _once(
            self.cost_sharing,
            lambda r: (r.country, r.year, r.edition),
            "cost_sharing: country, year, edition",
        )
        return self


class JapanFacts(NoCoercedNumbers):
    """All typed-in facts of the Japan case (validated ``japan_hns.toml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    schema_: int = Field(alias="schema")
    hns: _Hns
    fx: _Fx
    deflator: _Deflator
    budget: _Budget
    personnel: _Personnel
    dod: _Dod

    @model_validator(mode="after")
    def _unique(self) -> JapanFacts:
        seen: set[tuple[int, str]] = set()
        for f in self.hns.figures:
            if (f.fy, f.basis) in seen:
                raise ValueError(f"FY{f.fy} ({f.basis}) is given twice")
            seen.add((f.fy, f.basis))
        return self


def load_japan_facts(source: str | Path | Mapping[str, Any] | None = None) -> JapanFacts:
    """Validate Japan facts from a TOML file, a parsed mapping, or (None) the package data.

    A bad file raises :class:`~anpo.errors.BurdenError` naming the file and the field, and so
    does a ``source`` of another type (a list, an int: it names ``source``).
    """
    if isinstance(source, Mapping):
        try:
            return JapanFacts.model_validate(source)
        except ValidationError as exc:
            path, msg = describe_validation_error(exc, source)
            raise BurdenError(msg, file="<mapping>", field=dotted(path) or None) from None
    if source is None:
        name = "anpo/burden/data/japan_hns.toml"
        text = resources.files("anpo.burden").joinpath("data/japan_hns.toml").read_text("utf-8")
    else:
        name, text = str(source), read_text(source, BurdenError, name="source")
    return parse_toml(text, name, BurdenError).validate(JapanFacts, BurdenError)


@cache
def _packaged() -> JapanFacts:
    return load_japan_facts(None)


def japan_facts(facts: JapanFacts | None = None) -> JapanFacts:
    """The facts passed in, or the packaged ones (validated once, then cached)."""
    return _packaged() if facts is None else facts


# --------------------------------------------------------------------------- tables


def hns_figures(facts: JapanFacts | None = None) -> pd.DataFrame:
    """Every host-nation-support figure: one row per fiscal year and basis.

    Columns: ``fy, basis, total`` (billion yen), the parts of :data:`HNS_PARTS` (null where the
    source gives no split), ``primary`` (an official table, not the press), ``approximate``,
    ``derived``, ``note``, ``source``.

    Each row's ``source`` names its table: Defense of Japan white papers
    [mod-japan2007; mod-japan2016], Ministry of Defense budget tables [mod-japan2015], the Board
    of Audit's 2018 report [boa-japan2018], or the press where no official table was found
    (``primary`` False).
    """
    f = japan_facts(facts)
    rows = [r.model_dump() for r in f.hns.figures]
    cols = ["fy", "basis", "total", *HNS_PARTS, "primary", "approximate", "derived", "note"]
    frame = pd.DataFrame(rows, columns=[*cols, "source"])
    for c in ("total", *HNS_PARTS):
        frame[c] = frame[c].astype(float)
    order = {b: i for i, b in enumerate(BASES)}
    frame = frame.sort_values(
        ["fy", "basis"], key=lambda s: s.map(order) if s.name == "basis" else s
    )
    return frame.reset_index(drop=True)


def hns_periods(facts: JapanFacts | None = None) -> pd.DataFrame:
    """Multi-year HNS totals (Special Measures Agreements) with the implied yearly mean.

    Each row's ``source`` column names its source: the FY2022-2026 agreement [sma2022], the press
    for an earlier total (``primary`` False). The yearly mean is the total over the years.
    """
    f = japan_facts(facts)
    rows = [
        {
            "fy_first": p.fy_first,
            "fy_last": p.fy_last,
            "total_bn_yen": p.total,
            "mean_bn_yen_per_year": p.total / (p.fy_last - p.fy_first + 1),
            "primary": p.primary,
            "source": p.source,
        }
        for p in f.hns.periods
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "fy_first",
            "fy_last",
            "total_bn_yen",
            "mean_bn_yen_per_year",
            "primary",
            "source",
        ],
    )


def fx_rates(facts: JapanFacts | None = None) -> pd.DataFrame:
    """JPY per USD: ``year, calendar, fiscal`` (means of the Federal Reserve's monthly averages,
    [fed2025])."""
    f = japan_facts(facts)
    frame = pd.DataFrame(
        [r.model_dump() for r in f.fx.rates], columns=["year", "calendar", "fiscal"]
    )
    return frame.astype({"calendar": float, "fiscal": float})


def gdp_deflator(facts: JapanFacts | None = None) -> pd.Series:
    """Japan's GDP deflator by calendar year: the IMF's index as published (about 100 in
    2015); ``attrs["base_year"]`` is the default year of constant yen (2020 in the shipped
    file), not the index's base [imf2025]."""
    f = japan_facts(facts)
    s = pd.Series({p.year: p.value for p in f.deflator.index}, name="gdp_deflator", dtype=float)
    s.attrs["base_year"] = f.deflator.base_year
    s.attrs["source"] = f.deflator.source
    return s.sort_index()


def us_personnel(facts: JapanFacts | None = None) -> pd.Series:
    """U.S. active-duty military personnel in Japan on 30 September, by year
    [dmdc2024; flynn2026]."""
    f = japan_facts(facts)
    s = pd.Series({c.year: c.count for c in f.personnel.counts}, name="us_personnel", dtype=float)
    s.attrs["source"] = f.personnel.source
    return s.sort_index()


def defense_budget(facts: JapanFacts | None = None) -> pd.DataFrame:
    """Japan's GDP and defense-related expenditures by fiscal year, billion yen.

    Columns: ``fy, gdp_bn_yen`` (original government estimate), ``defense_bn_yen`` (without SACO
    and realignment costs), ``defense_all_bn_yen`` (with SACO, realignment (local-burden part)
    and, in FY2015-16, the new government aircraft: 10.8 and 14.0 billion yen, Defense of Japan
    2016, Reference 12, note 2), ``saco_bn_yen``,
    ``realignment_bn_yen`` (local-burden part) and ``source``: each row's table in the Defense
    of Japan white papers' reference tables [mod-japan2007; mod-japan2016].
    """
    f = japan_facts(facts)
    rows = []
    for r in f.budget.rows:
        rows.append(
            {
                "fy": r.fy,
                "gdp_bn_yen": r.gdp / 10.0,
                "defense_bn_yen": r.defense / 10.0,
                "defense_all_bn_yen": (r.defense_all if r.defense_all else r.defense) / 10.0,
                "saco_bn_yen": np.nan if r.saco is None else r.saco,
                "realignment_bn_yen": np.nan if r.realignment is None else r.realignment,
                "source": f.budget.source_1985_2007 if r.fy <= 2007 else f.budget.source_2008_2016,
            }
        )
    return pd.DataFrame(rows)


def _headline(figs: pd.DataFrame) -> pd.DataFrame:
    """One figure per fiscal year: budget, else stated, else contract (settled kept apart)."""
    planned = figs[figs["basis"] != "settled"]
    order = {b: i for i, b in enumerate(BASES)}
    planned = planned.assign(_o=planned["basis"].map(order)).sort_values(["fy", "_o"])
    return planned.drop_duplicates("fy").drop(columns="_o").set_index("fy")


def hns_measures(
    facts: JapanFacts | None = None,
    *,
    first: int = FIRST_FY,
    last: int | None = None,
    base_year: int | None = None,
) -> pd.DataFrame:
    """Host-nation support by fiscal year with its benchmarks; missing years stay missing.

    One row per fiscal year ``first..last`` (default: to the last year with any figure); a
    ``first`` or ``last`` outside the figures' years (from :data:`FIRST_FY`), or ``first``
    after ``last``, is a :class:`BurdenError`, as a ``base_year`` outside the deflator is.
    Columns:

    - ``hns_bn_yen`` and ``basis``: the year's headline budget figure (the expenditure-basis
      initial budget, else a budget figure whose basis the source does not state, else the
      contract basis; the basis is named in the row), ``approximate``, ``primary``, ``source``;
    - ``settled_bn_yen``: actual spending (settled accounts), where known, kept apart, and
      ``settled_source`` (empty where there is no settled figure);
    - the parts of :data:`HNS_PARTS` for the headline figure;
    - ``hns_real_bn_yen``: in constant yen of ``base_year`` (default the deflator's base), with
      Japan's GDP deflator of the calendar year the fiscal year starts in;
    - ``hns_usd_bn``: converted with the fiscal-year mean JPY/USD rate (:func:`fx_rates`, column
      ``jpy_per_usd_fy``);
    - ``gdp_bn_yen``, ``share_of_gdp``: against the government's original GDP estimate;
    - ``defense_bn_yen``, ``share_of_defense``: against the defense-related budget, which
      already contains the HNS;
    - ``saco_bn_yen``, ``realignment_bn_yen``: outside the HNS definition, shown apart;
    - ``us_personnel`` (30 September of the fiscal year's first calendar year) and
      ``hns_per_personnel_yen_m`` (million yen per U.S. service member stationed),
      ``hns_per_personnel_usd_k`` (thousand US$ at the fiscal-year rate);
    - ``missing``: why a measure is missing (empty when nothing is).
    """
    # years are whole numbers (year_number): int() read base_year 2001.5 as 2001 (accepted,
    # the table headed in another year's yen), last = True as the year 1 (an empty table),
    # NaN was a bare ValueError
    first = year_number(first, "first", error=BurdenError)
    last = None if last is None else year_number(last, "last", error=BurdenError)
    base_year = (
        None if base_year is None else year_number(base_year, "base_year", error=BurdenError)
    )
    f = japan_facts(facts)
    figs = hns_figures(f)
    head = _headline(figs)
    settled_rows = figs[figs["basis"] == "settled"].set_index("fy")
    settled = settled_rows["total"]
    # a year outside the figures was a table of empty rows (last = 3000: 1,023 of them) and
    # first after last an empty table, while base_year outside the deflator was refused
    lo, hi = min(FIRST_FY, int(figs["fy"].min())), int(figs["fy"].max())
    for name, year in (("first", first), ("last", last)):
        if year is not None and not lo <= year <= hi:
            raise BurdenError(
                f"no host-nation support figures for FY {year}; they cover FY {lo}-{hi}",
                field=name,
            )
    last = hi if last is None else last
    if first > last:
        raise BurdenError(
            f"first (FY {first}) is after last (FY {last}); give first <= last", field="first"
        )
    years = list(range(first, last + 1))
    out = pd.DataFrame({"fy": years})
    out["hns_bn_yen"] = out["fy"].map(head["total"]).astype(float)
    out["basis"] = out["fy"].map(head["basis"]).fillna("")
    out["approximate"] = out["fy"].map(head["approximate"]).fillna(False).astype(bool)
    out["primary"] = out["fy"].map(head["primary"]).fillna(False).astype(bool)
    out["source"] = out["fy"].map(head["source"]).fillna("")
    out["settled_bn_yen"] = out["fy"].map(settled).astype(float)
    out["settled_source"] = out["fy"].map(settled_rows["source"]).fillna("")
    for part in HNS_PARTS:
        out[part] = out["fy"].map(head[part]).astype(float)
    defl = gdp_deflator(f)
    base = defl.attrs["base_year"] if base_year is None else base_year
    if base not in defl.index:
        raise BurdenError(
            f"no deflator for base year {base}; the deflator covers {sorted(defl.index)}",
            field="base_year",
        )
    d = out["fy"].map(defl).astype(float)
    out["hns_real_bn_yen"] = out["hns_bn_yen"] * defl[base] / d
    fx = fx_rates(f).set_index("year")["fiscal"]
    out["jpy_per_usd_fy"] = out["fy"].map(fx).astype(float)
    out["hns_usd_bn"] = out["hns_bn_yen"] / out["jpy_per_usd_fy"]
    bud = defense_budget(f).set_index("fy")
    for col in ("gdp_bn_yen", "defense_bn_yen", "saco_bn_yen", "realignment_bn_yen"):
        out[col] = out["fy"].map(bud[col]).astype(float)
    out["share_of_gdp"] = out["hns_bn_yen"] / out["gdp_bn_yen"]
    out["share_of_defense"] = out["hns_bn_yen"] / out["defense_bn_yen"]
    out["us_personnel"] = out["fy"].map(us_personnel(f)).astype(float)  # 30 September
    out["hns_per_personnel_yen_m"] = out["hns_bn_yen"] * 1e3 / out["us_personnel"]
    out["hns_per_personnel_usd_k"] = out["hns_usd_bn"] * 1e6 / out["us_personnel"]
    staff = us_personnel(f)
    out["missing"] = [
        _missing_reasons(r, defl, fx, bud, staff) for r in out[["fy", "hns_bn_yen"]].itertuples()
    ]
    out.attrs["real_base_year"] = base
    out.attrs["deflator"] = f.deflator.series + " (" + f.deflator.source + ")"
    out.attrs["fx"] = f.fx.series + " (" + f.fx.source + ")"
    out.attrs["definition"] = f.hns.definition
    out.attrs["within_defense_budget"] = f.hns.within_defense_budget
    return out


def _span(index: pd.Index) -> str:
    return f"{int(min(index))}-{int(max(index))}" if len(index) else "no years"


def _missing_reasons(
    row: Any, defl: pd.Series, fx: pd.Series, bud: pd.DataFrame, staff: pd.Series
) -> str:
    if not math.isfinite(row.hns_bn_yen):
        return "no public HNS figure in the sources anpo cites"
    gaps = []
    if row.fy not in defl.index:
        gaps.append(f"no deflator for {row.fy} (the deflator covers {_span(defl.index)})")
    if row.fy not in fx.index or not math.isfinite(float(fx.get(row.fy, np.nan))):
        rated = fx.dropna().index
        gaps.append(f"no exchange rate for FY{row.fy} (the rates cover FY{_span(rated)})")
    if row.fy not in bud.index:
        gaps.append(f"no GDP or defense budget for FY{row.fy} in the white-paper tables")
    if row.fy not in staff.index:
        gaps.append(f"no U.S. personnel count for {row.fy} (the counts cover {_span(staff.index)})")
    return "; ".join(gaps)


def typed_digits(x: float) -> int:
    """The significant digits of a figure as typed from its source (its shortest decimal form;
    trailing zeros of a whole number are not counted, as they are ambiguous). A float keeps no
    trailing zero after the point, so a share typed as ``0.70`` counts one digit, as ``0.7`` does:
    the derived base is then rounded to one figure, the cautious reading.

    >>> [typed_digits(v) for v in (4.1, 0.76, 0.745, 5.18, 106.0, 4000.0)]
    [2, 2, 3, 3, 3, 1]
    """
    text = f"{abs(x):.15g}"
    if "." in text:
        return max(1, len(text.replace(".", "").lstrip("0")))
    return max(1, len(text.rstrip("0")))


def round_sig(x: float, digits: int) -> float:
    """``x`` rounded to ``digits`` significant figures (``round_sig(5.3947, 2) == 5.4``).
    ``digits`` is a whole number from 1: 0 rounded 12.3 to 0.0 (audit30)."""
    digits = whole_number(digits, "digits", error=BurdenError, minimum=1)
    if x == 0 or not np.isfinite(x):
        return x
    return round(x, digits - 1 - int(np.floor(np.log10(abs(x)))))


def dod_edition(source: str) -> str | None:
    """The edition year of the DoD's Report on Allied Contributions to the Common Defense that
    a source text names ('..., Common Defense, July 2003 (2001 data), ...' -> '2003'); None when
    it names none.

    >>> dod_edition("U.S. DoD, Report on Allied Contributions to the Common Defense, 2004 (2002)")
    '2004'
    >>> dod_edition("U.S. DoD, Report on Allied Contributions to the Common Defense, July 2003"), dod_edition("CRS")
    ('2003', None)
    """
    found = re.search(r"Common Defense, (?:\w+ )?(\d{4})", source)
    return found.group(1) if found else None


def nearest_official_offset(
    dod: pd.DataFrame, year: int, country: str = "Japan"
) -> pd.Series | None:
    """The row of ``dod`` (:func:`dod_cost_sharing` or :func:`dod_benchmarks`) with the offset
    share read from the DoD's report itself (``primary``) for ``country`` in the year nearest
    ``year``, the later on a tie; None when no row has one. The authoritative source
    [dod2004] preferred over a press account of it: for 2001 the report's figure reaches anpo
    only as the press's 'about 75%' (2003 edition); the nearest read from a report itself is
    2002's 74.5% (2004 edition).

    >>> row = nearest_official_offset(dod_cost_sharing(), 2001)
    >>> int(row["year"]), float(row["offset_share"])
    (2002, 0.745)
    """
    rows = dod[
        (dod["country"] == country)
        & dod["offset_share"].notna()
        & dod["primary"].fillna(False).astype(bool)
    ]
    if rows.empty:
        return None
    year = year_number(year, "year", error=BurdenError)  # int() read 2001.5 as 2001
    years = rows["year"].astype(int).to_numpy()
    # np.lexsort sorts by its last key first: the distance, then the later year
    order = np.lexsort((-years, np.abs(years - int(year))))
    return rows.iloc[int(order[0])]


def dod_cost_sharing(facts: JapanFacts | None = None) -> pd.DataFrame:
    """The U.S. cost-sharing figures (billion current US$) of [dod2004], with the implied base.

    Columns: ``country, year, report, edition, support_usd_bn, direct_usd_bn, indirect_usd_bn,
    offset_share, implied_nonpersonnel_cost_usd_bn`` (derived: support / offset share, the
    U.S. stationing cost *excluding U.S. military pay*, the DoD's base, to the significant
    figures of the less precise of the two typed figures (:func:`typed_digits`): US$4.1 bn at
    76% is 5.4, not 5.39), ``us_personnel,
    per_personnel_usd_k, approximate, derived, primary, note, source``. No "U.S. remainder" is
    derived: the base leaves out U.S. military pay (see the module docstring).
    """
    f = japan_facts(facts)
    rows = []
    for r in f.dod.cost_sharing:
        total = np.nan if r.total is None else r.total
        share = np.nan if r.offset_share is None else r.offset_share
        rows.append(
            {
                "country": r.country,
                "year": r.year,
                "report": r.report,
                "edition": r.edition,
                "support_usd_bn": total,
                "direct_usd_bn": np.nan if r.direct is None else r.direct,
                "indirect_usd_bn": np.nan if r.indirect is None else r.indirect,
                "offset_share": share,
                "implied_nonpersonnel_cost_usd_bn": (
                    round_sig(total / share, min(typed_digits(total), typed_digits(share)))
                    if np.isfinite(total) and np.isfinite(share)
                    else np.nan
                ),
                "us_personnel": r.us_personnel,
                "per_personnel_usd_k": (
                    r.per_personnel_usd_k
                    if r.per_personnel_usd_k is not None
                    else (total * 1e6 / r.us_personnel if r.us_personnel else np.nan)
                ),
                "approximate": r.approximate,
                "derived": r.derived,
                "primary": r.primary,
                "note": r.note,
                "source": r.source,
            }
        )
    frame = pd.DataFrame(rows)
    frame["us_personnel"] = frame["us_personnel"].astype("Int64")
    frame.attrs["last_edition"] = f.dod.last_edition
    return frame


def _gdp_usd(sipri_wide: pd.DataFrame | None) -> dict[tuple[str, int], float]:
    if no_table(sipri_wide):
        return {}
    cols = ("ccode", "year", "gdp_sipri_usd_m")
    wide = table("sipri_wide", sipri_wide, error=BurdenError, columns=cols)
    out: dict[tuple[str, int], float] = {}
    for name, codes in COMPARATORS.items():
        sub = wide[wide["ccode"].isin(codes)]
        for year, gdp in zip(sub["year"], sub["gdp_sipri_usd_m"], strict=True):
            if math.isfinite(float(gdp)):
                out[(name, int(year))] = float(gdp) / 1000.0
    return out


def dod_benchmarks(
    facts: JapanFacts | None = None, sipri_wide: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Japan, Germany and South Korea on the DoD's measures [dod2004], for the years the figures
    exist; GDP from SIPRI [sipri2024].

    Columns: ``country, year, support_usd_bn`` (direct and indirect), ``direct_usd_bn``,
    ``per_personnel_usd_k, offset_share`` and
    ``share_of_gdp`` = support / SIPRI-implied GDP (current US$) of the same calendar year (null
    without SIPRI data), ``approximate, derived, primary`` (read from the report itself, not
    from a press account of it), ``source``. Only DoD rows (not the USFK figure).
    ``attrs["last_edition"]`` is the year of the report's last edition (from the facts).
    """
    dod = dod_cost_sharing(facts)
    dod = dod[dod["report"].str.startswith("U.S. DoD")].copy()
    gdp = _gdp_usd(sipri_wide)
    dod["gdp_usd_bn"] = [
        gdp.get((c, int(y)), np.nan) for c, y in zip(dod["country"], dod["year"], strict=True)
    ]
    dod["share_of_gdp"] = dod["support_usd_bn"] / dod["gdp_usd_bn"]
    cols = [
        "country",
        "year",
        "support_usd_bn",
        "direct_usd_bn",
        "per_personnel_usd_k",
        "offset_share",
        "gdp_usd_bn",
        "share_of_gdp",
        "approximate",
        "derived",
        "primary",
        "source",
    ]
    out = dod[cols].sort_values(["year", "country"]).reset_index(drop=True)
    out.attrs["last_edition"] = japan_facts(facts).dod.last_edition
    return out


def support_vs_spending(panel_or_sipri_wide: pd.DataFrame | None) -> pd.DataFrame:
    """Japan's DoD-reported support [dod2004] against Japan's own military spending (SIPRI
    current US$ [sipri2024]).

    ``support_share_of_milex`` = support (US$ bn) / Japan's SIPRI current-US$ military
    expenditure in the same calendar year. Without data the SIPRI columns are null. Only the
    years with a DoD support total.
    """
    dod = dod_cost_sharing()
    dod = dod[(dod["country"] == "Japan") & dod["support_usd_bn"].notna()].copy()
    milex = pd.Series(np.nan, index=dod.index)
    src = panel_or_sipri_wide
    if not no_table(src):
        src = table("panel_or_sipri_wide", src, error=BurdenError, columns=("ccode", "year"))
        jp = src[src["ccode"] == 740].drop_duplicates("year").set_index("year")
        col = "milex_current_usd_m"
        if col in jp:
            milex = dod["year"].map(jp[col]).astype(float)
    dod["japan_milex_usd_bn"] = milex / 1000.0
    dod["support_share_of_milex"] = dod["support_usd_bn"] / dod["japan_milex_usd_bn"]
    return dod[
        [
            "year",
            "support_usd_bn",
            "offset_share",
            "implied_nonpersonnel_cost_usd_bn",
            "japan_milex_usd_bn",
            "support_share_of_milex",
        ]
    ].reset_index(drop=True)


def comparison_table(sipri_w: pd.DataFrame, nato_panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Defense burden (share of GDP) of Japan, South Korea, Germany and the NATO average by year
    (SIPRI's military expenditure and implied GDP [sipri2024]).

    ``sipri_w`` is :func:`anpo.burden.panel.sipri_wide` output. The NATO average is the unweighted
    mean of the members' shares with data, and ``nato_aggregate`` the alliance total milex / total
    GDP (same members), from ``nato_panel`` (:func:`anpo.burden.panel.build_panel`). Missing
    figures stay null.
    """
    table("sipri_w", sipri_w, error=BurdenError, columns=("year", "ccode", "share_of_gdp"))
    if not no_table(nato_panel):
        table("nato_panel", nato_panel, error=BurdenError, columns=("year", "burden", "gdp_usd_m"))
    years = sorted(set(sipri_w["year"]))
    out = pd.DataFrame({"year": years})
    for name, codes in COMPARATORS.items():
        sub = sipri_w[sipri_w["ccode"].isin(codes)].drop_duplicates("year").set_index("year")
        out[name] = out["year"].map(sub["share_of_gdp"]).astype(float)
    if nato_panel is not None and len(nato_panel):
        ok = nato_panel[np.isfinite(nato_panel["burden"]) & np.isfinite(nato_panel["gdp_usd_m"])]
        mean = ok.groupby("year")["burden"].mean()
        agg = ok.assign(m=ok["burden"] * ok["gdp_usd_m"]).groupby("year")[["m", "gdp_usd_m"]].sum()
        out["NATO average"] = out["year"].map(mean).astype(float)
        out["NATO aggregate"] = out["year"].map(agg["m"] / agg["gdp_usd_m"]).astype(float)
        out["NATO members with data"] = out["year"].map(ok.groupby("year").size()).astype("Int64")
    return out

"""Roles of states relative to a focal state: ally, strategic rival, rogue state or other.

The taxonomy is the seed's (Soeya, "The U.S.-Japan Security Alliance", RIETI seminar, 10 July
2001): the U.S. divides the world into allies (strategic partners that help support the
U.S.-led order), strategic rivals (hold a different view of the world or contest U.S. strategic
interests; China, and Russia "to a lesser extent") and rogue nations (bluntly oppose the U.S.
but have no power to change the system; North Korea, Iraq).

Each label comes from data with the rule that fired and the evidence behind it:

- **ally**: an ATOP defense (or offense) obligation with the focal state in the year (Leeds et
  al. 2002) and no ongoing strategic rivalry with it.
- **strategic rival**: Thompson's (2001, ISQ 45(4): 557-586) strategic rivals are competitors,
  sources of actual or latent threat, and enemies. The *degree* of rivalry is the geometric mean
  of a competitor score (CINC relative to the focal's, capped at 1; Singer, Bremer & Stuckey
  1972) and an opposition score: the mean of (a) strategic rivalry with the focal (1 while
  ongoing in Thompson & Dreyer 2012 or Thompson, Sakuwa & Suhas 2022, halving every
  ``rivalry_half_life`` years after it ended), (b) militarized disputes with the focal in the last
  years (dyadic MIDs: Maoz et al. 2019 dyadic MID 4.02 or the MID 5.0 dispute-years of Palmer
  et al. 2022, whichever the catalog holds; only the window's years those data cover count, and
  the reason names them), (c) the percentile of its UN General Assembly
  ideal-point distance from the focal among all members that year (Bailey, Strezhnev & Voeten
  2017). "To a lesser extent" = a rival whose degree is below the primary
  threshold.
- **rogue state**: no power to change the system (capability well below the focal's), yet it
  threatened, displayed or used force against the focal in recent years (its own MID
  hostility level) and is among the members voting furthest from it in the UN.

Thresholds live in a TOML file (package default ``roles_default.toml``; users pass their own).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from anpo.errors import CatalogError, InputError

__all__ = [
    "ROLE_ORDER",
    "RoleThresholds",
    "load_thresholds",
    "roles",
    "roles_from_catalog",
    "roles_panel",
]

ROLE_ORDER = ("ally", "strategic rival", "rogue state", "other")


class AllyRule(BaseModel):
    """When a state counts as an ally (see ``roles_default.toml``)."""

    model_config = ConfigDict(extra="forbid")
    obligations: list[str] = Field(default_factory=lambda: ["atop_defense", "atop_offense"])

    @model_validator(mode="after")
    def _known(self) -> AllyRule:
        from anpo.data.atop import ATOP_FLAGS

        bad = [o for o in self.obligations if o not in ATOP_FLAGS]
        if bad or not self.obligations:
            raise ValueError(f"obligations must be among {list(ATOP_FLAGS)}")
        return self


class RivalRule(BaseModel):
    """When a state counts as a strategic rival, and how its degree is measured."""

    model_config = ConfigDict(extra="forbid")
    min_degree: float = Field(0.35, ge=0, le=1)
    primary_degree: float = Field(0.70, ge=0, le=1)
    min_capability_ratio: float = Field(0.20, ge=0)
    rivalry_half_life: float = Field(10.0, gt=0)
    mid_window: int = Field(10, ge=1, le=50)
    mid_saturation: float = Field(3.0, gt=0)

    @model_validator(mode="after")
    def _order(self) -> RivalRule:
        if self.primary_degree < self.min_degree:
            raise ValueError("primary_degree must be at least min_degree")
        return self


class RogueRule(BaseModel):
    """When a state counts as a rogue state."""

    model_config = ConfigDict(extra="forbid")
    max_capability_ratio: float = Field(0.20, ge=0)
    min_hostility: int = Field(3, ge=1, le=5)
    mid_window: int = Field(10, ge=1, le=50)
    min_idealpoint_percentile: float = Field(0.90, ge=0, le=1)


class RoleThresholds(BaseModel):
    """All thresholds of the classifier (``roles_default.toml`` documents each)."""

    model_config = ConfigDict(extra="forbid")
    focal: int = Field(2, ge=1, le=999)
    idealpoint_measure: str = "idealpointfp"
    idealpoint_lookback: int = Field(10, ge=0, le=50)
    ally: AllyRule = Field(default_factory=AllyRule)
    rival: RivalRule = Field(default_factory=RivalRule)
    rogue: RogueRule = Field(default_factory=RogueRule)


def _deep_merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), dict):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def default_thresholds_text() -> str:
    """The shipped defaults (TOML text)."""
    return resources.files("anpo.relations").joinpath("roles_default.toml").read_text("utf-8")


def load_thresholds(path: str | Path | None = None) -> RoleThresholds:
    """The shipped defaults, overridden by the keys of the TOML file ``path`` (if given)."""
    base = tomllib.loads(default_thresholds_text())
    if path is not None:
        p = Path(path)
        try:
            user = tomllib.loads(p.read_text("utf-8"))
        except FileNotFoundError:
            raise InputError("thresholds file not found", file=p) from None
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"not valid TOML: {exc}", file=p) from None
        base = _deep_merge(base, user)
    try:
        return RoleThresholds.model_validate(base)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(x) for x in err["loc"])
        raise InputError(err["msg"], file=path, field=field or None) from None


# --------------------------------------------------------------------------- evidence


def _rivalry_lists(rivalries: pd.DataFrame | Sequence[pd.DataFrame] | None) -> list[pd.DataFrame]:
    if rivalries is None:
        return []
    if isinstance(rivalries, pd.DataFrame):
        return [rivalries]
    return [r for r in rivalries if r is not None]


def _coverage(frame: pd.DataFrame, cols: Sequence[str] = ("year",)) -> tuple[int, int]:
    cov = frame.attrs.get("coverage")
    if cov:
        return int(cov[0]), int(cov[1])
    return min(int(frame[c].min()) for c in cols), max(int(frame[c].max()) for c in cols)


def _pair_mask(frame: pd.DataFrame, focal: int) -> tuple[pd.Series, pd.Series]:
    """Rows involving the focal state, and the other state's code."""
    c1 = frame["ccode1"].astype("int64")
    c2 = frame["ccode2"].astype("int64")
    mask = (c1 == focal) | (c2 == focal)
    other = c2.where(c1 == focal, c1)
    return mask, other


def _evidence(
    year: int,
    th: RoleThresholds,
    members: pd.DataFrame,
    alliances: pd.DataFrame,
    capabilities: pd.DataFrame,
    rivalries: list[pd.DataFrame],
    disputes: pd.DataFrame | None,
    ideal_points: pd.DataFrame | None,
) -> pd.DataFrame:
    from anpo.relations.capabilities import cinc

    focal = th.focal
    ev = members.copy()
    codes = ev["ccode"].to_numpy("int64")
    # alliances (ATOP): focal -> other, the year's obligations
    lo, hi = _coverage(alliances)
    if lo <= year <= hi:
        a = alliances[(alliances["year"] == year) & (alliances["ccode1"] == focal)]
        a = a.set_index(a["ccode2"].astype("int64"))
        flags = [c for c in a.columns if c.startswith("atop_")]
        pact = a[th.ally.obligations].max(axis=1) if len(a) else pd.Series(dtype="float64")
        anyal = a[flags].max(axis=1) if len(a) else pd.Series(dtype="float64")
        ev["defense_pact"] = pd.array(
            pact.reindex(codes).fillna(0).astype("int64").to_numpy(), dtype="Int64"
        )
        ev["any_alliance"] = pd.array(
            anyal.reindex(codes).fillna(0).astype("int64").to_numpy(), dtype="Int64"
        )
    else:
        ev["defense_pact"] = pd.array([pd.NA] * len(ev), dtype="Int64")
        ev["any_alliance"] = pd.array([pd.NA] * len(ev), dtype="Int64")
    # capabilities: CINC recomputed from the components
    nmc = capabilities[capabilities["year"] == year]
    c = pd.Series(cinc(nmc).to_numpy(), index=nmc["ccode"].astype("int64").to_numpy())
    ev["cinc"] = c.reindex(codes).to_numpy()
    focal_cinc = float(c.get(focal, np.nan))
    ev["capability_ratio"] = ev["cinc"] / focal_cinc if focal_cinc > 0 else np.nan
    # rivalries: only lists whose years cover `year` count (a list's last year is censoring,
    # not the end of a rivalry); ongoing in any of them, else years since the last one ended
    covering = []
    for r in rivalries:
        rlo, rhi = _coverage(r, ("styear", "endyear"))
        if rlo <= year <= rhi:
            covering.append(r)
    ongoing = pd.Series(0, index=codes, dtype="int64")
    last_end = pd.Series(np.nan, index=codes)
    names = pd.Series("", index=codes, dtype=object)
    for r in covering:
        mask, other = _pair_mask(r, focal)
        rr = r[mask].assign(other=other[mask].to_numpy())
        started = rr[rr["styear"] <= year]
        now = started[started["endyear"] >= year]
        ongoing.loc[ongoing.index.isin(now["other"])] = 1
        label = now["rivalryname"] if "rivalryname" in now else now["other"].astype(str)
        for o, nm in zip(now["other"], label, strict=True):
            if o in names.index and not names[o]:
                names[o] = str(nm)
        ended = started[started["endyear"] < year]
        if len(ended):
            le = ended.groupby("other")["endyear"].max()
            last_end = last_end.combine(le.reindex(codes).astype("float64"), np.fmax)
    if covering:
        ev["rivalry_ongoing"] = pd.array(ongoing.to_numpy(), dtype="Int64")
        ev["years_since_rivalry"] = np.where(
            ongoing.to_numpy() == 1, 0.0, year - last_end.to_numpy()
        )
    else:
        ev["rivalry_ongoing"] = pd.array([pd.NA] * len(ev), dtype="Int64")
        ev["years_since_rivalry"] = np.nan
    ev["rivalry"] = names.to_numpy()
    # disputes (MIDs) with the focal: in the rival window (any dispute) and the rogue window
    # (the state's own hostility level); missing when the window lies outside the MID years
    # (``mid_years`` / ``hostility_years``: the years of each window the dispute data cover,
    # e.g. "2007-2014" for 2016 with data ending in 2014; a count over fewer years than the
    # window says so in the reason)
    ev["mids"] = pd.array([pd.NA] * len(ev), dtype="Int64")
    ev["own_hostility"] = pd.array([pd.NA] * len(ev), dtype="Int64")
    ev["mid_years"] = pd.array([pd.NA] * len(ev), dtype="string")
    ev["hostility_years"] = pd.array([pd.NA] * len(ev), dtype="string")
    if disputes is not None:
        dlo, dhi = _coverage(disputes)
        for label, window in (("rival", th.rival.mid_window), ("rogue", th.rogue.mid_window)):
            first = year - window + 1
            if year < dlo or first > dhi:
                continue
            covered = f"{max(first, dlo)}-{min(year, dhi)}"
            d = disputes[
                (disputes["ccode2"] == focal)
                & (disputes["year"] >= first)
                & (disputes["year"] <= year)
            ]
            d = d.assign(other=d["ccode1"].astype("int64"))
            if label == "rival":
                n = d.groupby("other")["dispnum"].nunique()
                ev["mids"] = pd.array(n.reindex(codes).fillna(0).astype("int64"), dtype="Int64")
                ev["mid_years"] = pd.array([covered] * len(ev), dtype="string")
            else:
                own = d.groupby("other")["hostlev1"].max()
                ev["own_hostility"] = pd.array(
                    own.reindex(codes).fillna(0).astype("int64"), dtype="Int64"
                )
                ev["hostility_years"] = pd.array([covered] * len(ev), dtype="string")
    # UN ideal-point distance from the focal and its percentile among the members with an
    # estimate that year; the latest estimate within the lookback (its year is reported)
    ev["idealpoint_distance"] = np.nan
    ev["idealpoint_percentile"] = np.nan
    ev["idealpoint_year"] = pd.array([pd.NA] * len(ev), dtype="Int64")
    if ideal_points is not None:
        m = th.idealpoint_measure
        if m not in ideal_points.columns:
            raise InputError(f"unknown ideal-point measure {m!r}", field="idealpoint_measure")
        ip = ideal_points[
            (ideal_points["year"] <= year)
            & (ideal_points["year"] >= year - th.idealpoint_lookback)
            & ideal_points[m].notna()
        ]
        ip = pd.DataFrame(
            {
                "ccode": ip["ccode"].to_numpy("int64"),
                "year": ip["year"].to_numpy("int64"),
                "value": ip[m].to_numpy("float64"),
            }
        )
        fv = ip[ip["ccode"] == focal].set_index("year")["value"]
        ip = ip[ip["year"].isin(fv.index) & (ip["ccode"] != focal)]
        ip = ip.assign(dist=(ip["value"] - fv.reindex(ip["year"]).to_numpy()).abs())
        ip = ip.assign(pct=ip.groupby("year")["dist"].rank(pct=True, method="max"))
        latest = ip.sort_values("year").groupby("ccode").last()
        ev["idealpoint_distance"] = latest["dist"].reindex(codes).to_numpy()
        ev["idealpoint_percentile"] = latest["pct"].reindex(codes).to_numpy()
        ev["idealpoint_year"] = pd.array(latest["year"].reindex(codes), dtype="Int64")
    return ev


# --------------------------------------------------------------------------- classification


def _classify(ev: pd.DataFrame, th: RoleThresholds, year: int) -> pd.DataFrame:
    r = th.rival
    ratio = ev["capability_ratio"].to_numpy(dtype="float64")
    competitor = np.minimum(1.0, ratio)
    ys = ev["years_since_rivalry"].to_numpy(dtype="float64")
    if ev["rivalry_ongoing"].isna().all():
        comp_rivalry = np.full(len(ev), np.nan)  # no rivalry list covers the year
    else:
        comp_rivalry = np.where(np.isnan(ys), 0.0, 0.5 ** (ys / r.rivalry_half_life))
    mids = ev["mids"].to_numpy(dtype="float64", na_value=np.nan)
    comp_threat = np.minimum(1.0, mids / r.mid_saturation)
    comp_pref = ev["idealpoint_percentile"].to_numpy(dtype="float64")
    comps = np.vstack([comp_rivalry, comp_threat, comp_pref])
    known = ~np.isnan(comps)
    n_known = known.sum(axis=0)
    total = np.where(known, comps, 0.0).sum(axis=0)
    opposition = np.where(n_known > 0, total / np.maximum(n_known, 1), np.nan)
    degree = np.sqrt(competitor * opposition)
    ev = ev.assign(
        comp_competitor=competitor,
        comp_rivalry=comp_rivalry,
        comp_threat=comp_threat,
        comp_preference=comp_pref,
        opposition=opposition,
        degree=degree,
    )
    roles, rules, intensity, reasons = [], [], [], []
    for rec in ev.itertuples(index=False):
        role, rule, level, why = _decide(rec, th)
        roles.append(role)
        rules.append(rule)
        intensity.append(level)
        reasons.append(why)
    ev["role"] = roles
    ev["rule"] = rules
    ev["intensity"] = intensity
    ev["reason"] = reasons
    return ev


def _isna(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v))


def _fmt(v: Any, nd: int = 2) -> str:
    return "n/a" if _isna(v) else f"{v:.{nd}f}"


def _window_txt(covered: Any, window: int, year: int, within: bool = False) -> str:
    """The dispute window in words: "in 10 years" when the dispute data cover all of it, else
    the years they cover (a count over part of the window is not a count over all of it)."""
    full = f"{year - window + 1}-{year}"
    if _isna(covered) or str(covered) == full:
        return f"within {window} years" if within else f"in {window} years"
    return f"in {covered} (the dispute data cover only these years of the {window}-year window)"


def _decide(rec: Any, th: RoleThresholds) -> tuple[str, str, str, str]:
    r, g = th.rival, th.rogue
    ongoing = rec.rivalry_ongoing == 1 if not _isna(rec.rivalry_ongoing) else False
    if not _isna(rec.defense_pact) and rec.defense_pact == 1 and not ongoing:
        return (
            "ally",
            "alliance",
            "",
            f"ATOP {' or '.join(o.removeprefix('atop_') for o in th.ally.obligations)} "
            "obligation with the focal state",
        )
    ratio = rec.capability_ratio
    degree = rec.degree
    mids = 0 if _isna(rec.mids) else int(rec.mids)
    mids_txt = (
        "no dispute data"
        if _isna(rec.mids)
        else f"{mids} MIDs {_window_txt(rec.mid_years, r.mid_window, int(rec.year))}"
    )
    past = not _isna(rec.years_since_rivalry)
    competitor = not _isna(ratio) and ratio >= r.min_capability_ratio
    latent = not _isna(degree) and degree >= r.min_degree and (past or mids > 0)
    if competitor and (ongoing or latent):
        level = "primary" if not _isna(degree) and degree >= r.primary_degree else "lesser"
        basis = (
            f"ongoing strategic rivalry ({rec.rivalry})"
            if ongoing
            else (
                f"strategic rivalry ended {int(rec.years_since_rivalry)} years earlier"
                if past
                else (
                    "no rivalry list covers the year"
                    if _isna(rec.rivalry_ongoing)
                    else "no strategic rivalry on record"
                )
            )
        )
        why = (
            f"degree {_fmt(degree)} "
            f"({'primary' if level == 'primary' else 'to a lesser extent'}; "
            f"primary >= {r.primary_degree:.2f}): capability {_fmt(ratio)} of the focal's, "
            f"{basis}, {mids_txt}, UN ideal-point distance "
            f"{_fmt(rec.idealpoint_distance)} (percentile {_fmt(rec.idealpoint_percentile)})"
        )
        return "strategic rival", "rivalry" if ongoing else "latent rivalry", level, why
    hostility = 0 if _isna(rec.own_hostility) else int(rec.own_hostility)
    host_txt = "n/a (no dispute data)" if _isna(rec.own_hostility) else str(hostility)
    pct = rec.idealpoint_percentile
    un_txt = (
        "no UN ideal point"
        if _isna(pct)
        else f"UN ideal-point distance {_fmt(rec.idealpoint_distance)}, further than "
        f"{pct:.0%} of members"
        + (
            f" (estimate of {int(rec.idealpoint_year)})"
            if not _isna(rec.idealpoint_year) and int(rec.idealpoint_year) != int(rec.year)
            else ""
        )
    )
    if (
        not _isna(ratio)
        and ratio < g.max_capability_ratio
        and hostility >= g.min_hostility
        and not _isna(pct)
        and pct >= g.min_idealpoint_percentile
    ):
        why = (
            f"capability {_fmt(ratio)} of the focal's (< {g.max_capability_ratio:.2f}); used "
            f"hostility level {hostility} (>= {g.min_hostility}) against it "
            f"{_window_txt(rec.hostility_years, g.mid_window, int(rec.year), within=True)}; "
            f"{un_txt} (>= {g.min_idealpoint_percentile:.0%})"
        )
        return "rogue state", "rogue", "", why
    if not _isna(rec.own_hostility):
        host_txt += " " + _window_txt(rec.hostility_years, g.mid_window, int(rec.year), True)
    parts = [f"rival degree {_fmt(degree)}", f"own hostility {host_txt}", un_txt]
    return "other", "none", "", "; ".join(parts)


# --------------------------------------------------------------------------- public API


def _members(states: pd.DataFrame, year: int) -> pd.DataFrame:
    from anpo.relations.dyads import state_years

    sy = state_years(states, years=year)
    if "ccode" not in sy.columns:
        raise InputError("roles need the COW state system (cow_states)", field="states")
    names = (
        states.assign(ccode=states["ccode"].astype("int64"))
        .drop_duplicates("ccode", keep="last")
        .set_index("ccode")
    )
    out = sy.assign(
        stateabb=names["stateabb"].reindex(sy["ccode"]).astype(object).to_numpy(),
        statenme=names["statenme"].reindex(sy["ccode"]).astype(object).to_numpy()
        if "statenme" in names
        else "",
    )
    return out[["ccode", "stateabb", "statenme", "year"]]


EVIDENCE_COLUMNS = [
    "defense_pact",
    "any_alliance",
    "rivalry_ongoing",
    "rivalry",
    "years_since_rivalry",
    "mids",
    "mid_years",
    "own_hostility",
    "hostility_years",
    "cinc",
    "capability_ratio",
    "idealpoint_distance",
    "idealpoint_percentile",
    "idealpoint_year",
    "comp_competitor",
    "comp_rivalry",
    "comp_threat",
    "comp_preference",
    "opposition",
]


def roles(
    year: int,
    focal: int | None = None,
    *,
    states: pd.DataFrame,
    alliances: pd.DataFrame,
    capabilities: pd.DataFrame,
    rivalries: pd.DataFrame | Sequence[pd.DataFrame] | None = None,
    disputes: pd.DataFrame | None = None,
    ideal_points: pd.DataFrame | None = None,
    thresholds: RoleThresholds | str | Path | None = None,
) -> pd.DataFrame:
    """Each system member's role relative to the focal state in ``year``.

    Inputs are the loaded datasets: COW states, ATOP dyad-years, NMC, optional rivalry lists
    (T&D and/or TSS), dyadic MIDs and UNGA ideal points. ``thresholds``: a
    :class:`RoleThresholds`, a TOML path, or None for the shipped defaults; ``focal`` overrides
    the thresholds' focal state.

    Returns one row per state (the focal excluded): ``ccode, stateabb, statenme, year, role,
    rule, intensity, degree, reason`` and the evidence columns (see ``EVIDENCE_COLUMNS``).
    Evidence outside a dataset's coverage is missing and the rules treat it as absent.
    """
    th = thresholds if isinstance(thresholds, RoleThresholds) else load_thresholds(thresholds)
    if focal is not None:
        th = th.model_copy(update={"focal": int(focal)})
    year = int(year)
    members = _members(states, year)
    if th.focal not in set(members["ccode"]):
        lo, hi = int(states["styear"].min()), int(states["endyear"].max())
        if not lo <= year <= hi:
            when = "ends in" if year > hi else "starts in"
            raise InputError(
                f"no roles for {year}: the state list in the catalog {when} "
                f"{hi if year > hi else lo} (it covers {lo}-{hi})",
                field="year",
            )
        raise InputError(
            f"the focal state {th.focal} is not a system member in {year} (the state list "
            f"covers {lo}-{hi})",
            field="focal",
        )
    ev = _evidence(
        year,
        th,
        members,
        alliances,
        capabilities,
        _rivalry_lists(rivalries),
        disputes,
        ideal_points,
    )
    ev = _classify(ev, th, year)
    ev = ev[ev["ccode"] != th.focal]
    cols = [
        "ccode",
        "stateabb",
        "statenme",
        "year",
        "role",
        "rule",
        "intensity",
        "degree",
        "reason",
        *EVIDENCE_COLUMNS,
    ]
    rank = ev["role"].map({r: i for i, r in enumerate(ROLE_ORDER)})
    order = np.where(ev["role"].isin(["ally", "other"]), ev["ccode"], -ev["degree"].fillna(0))
    out = ev.assign(_r=rank, _o=order).sort_values(["_r", "_o"])[cols].reset_index(drop=True)
    out.attrs["focal"] = th.focal
    out.attrs["thresholds"] = th.model_dump()
    return out


def roles_panel(years: Iterable[int], **kwargs: Any) -> pd.DataFrame:
    """:func:`roles` for several years, stacked."""
    frames = [roles(int(y), **kwargs) for y in years]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return out


REQUIRED_KINDS = ("cow_states", "atop", "nmc")
OPTIONAL_KINDS = ("td_rivalries", "tss_rivalries", "mid_dyadic", "unga")
RIVALRY_KINDS = ("td_rivalries", "tss_rivalries")


def missing_optional_kinds(catalog: Any) -> list[str]:
    """The optional datasets the catalog lacks, whose rules therefore cannot fire; either
    rivalry list is enough for the rivalry evidence, so the lists count as missing only when
    both are."""
    present = set(catalog.list()["kind"])
    absent = [k for k in OPTIONAL_KINDS if k not in present]
    if present & set(RIVALRY_KINDS):
        absent = [k for k in absent if k not in RIVALRY_KINDS]
    return absent


def roles_inputs(catalog: Any) -> dict[str, Any]:
    """The datasets :func:`roles` needs, read from a :class:`anpo.data.catalog.Catalog`.

    Raises :class:`CatalogError` naming the missing kinds when a required one is absent.
    """
    missing = [k for k in REQUIRED_KINDS if not catalog.has(k)]
    if missing:
        raise CatalogError(
            "roles need the datasets "
            + ", ".join(missing)
            + ": add them with `anpo data add FILE` (COW states2016.csv, ATOP dyad-years, "
            "NMC); rivalries, dyadic MIDs and UNGA ideal points sharpen the picture",
            file=catalog.home,
        )
    rivalries = [r for k in RIVALRY_KINDS if (r := catalog.read_or_none(k)) is not None]
    return {
        "states": catalog.read("cow_states"),
        "alliances": catalog.read("atop"),
        "capabilities": catalog.read("nmc"),
        "rivalries": rivalries or None,
        "disputes": catalog.read_or_none("mid_dyadic"),
        "ideal_points": catalog.read_or_none("unga"),
    }


def roles_from_catalog(
    catalog: Any,
    years: int | Iterable[int],
    focal: int | None = None,
    thresholds: RoleThresholds | str | Path | None = None,
) -> pd.DataFrame:
    """:func:`roles` (one year) or :func:`roles_panel` (several) on the catalog's datasets."""
    inputs = roles_inputs(catalog)
    if isinstance(years, (int, np.integer)):
        return roles(int(years), focal, thresholds=thresholds, **inputs)
    return roles_panel(years, focal=focal, thresholds=thresholds, **inputs)

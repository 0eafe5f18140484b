"""Roles of states relative to a focal state: ally, strategic rival, rogue state, ally of the
primary rival, or other.

The taxonomy is the seed's [soeya2001]: the U.S. divides the world into allies (strategic partners that help support the
U.S.-led order), strategic rivals (hold a different view of the world or contest U.S. strategic
interests; China, and Russia "to a lesser extent") and rogue nations (bluntly oppose the U.S.
but have no power to change the system; North Korea, Iraq).

Each label comes from data with the rule that fired and the evidence behind it (first match
wins; thresholds in ``roles_default.toml``):

1. **war**: at war with the focal state in the year (MID hostility level 5, opposite sides;
   [palmer2022], [maoz2019]) overrides every other rule: a strategic rival if it can
   contest the focal, else a rogue state.
2. **ally**: the state and the focal share an ATOP defense (or offense) obligation in the year,
   in either direction ([leeds2002]; a pact makes both members allies whichever side
   ATOP records the obligation on). "Nominal" when the pact is contradicted by UN voting (the
   two far apart seen from either member: :func:`un_percentiles`), hostility or an ongoing
   rivalry.
3. **strategic rival**: Thompson's [thompson2001] strategic rivals are competitors,
   sources of actual or latent threat, and enemies. The *degree* of rivalry is the geometric
   mean of a competitor score (capability relative to the focal's, capped at 1: CINC, [singer1972]; military expenditure; nuclear warheads, FAS) and an opposition score:
   the mean of (a) strategic rivalry with the focal (1 while ongoing in the input list, [thompson2022] or [thompson2012], halving every ``rivalry_half_life`` years after
   it ended), (b) the state's own militarized disputes with the focal, each weighted by
   ``0.5 ** (age / half_life)`` and shared among the joiners of a bloc, (c) the percentile of
   its UN General Assembly ideal-point distance from the focal [bailey2017]. "To a lesser extent" = a rival whose degree is below the primary threshold.
   Without an ongoing rivalry, a state is a (latent) rival only when its degree reaches
   ``min_degree`` and there is rivalry or threat evidence: a rivalry that ended at most
   ``disputes.lookback`` years before (an older one no more counts than an older dispute) or
   threat evidence (its own disputes with the focal in which it threatened, displayed or used
   force, decayed) reaching the hostility bar of the rogue rule, ``rogue.min_hostile_evidence``
   (a bloc member's share of the Pacific War, decayed to 0.016 by 1957, made Canada and
   Australia latent rivals of Japan).
4. **rogue state**: no power to change the system (capability well below the focal's), yet its
   own hostility against the focal (decayed dispute evidence, or an ongoing strategic rivalry)
   and, when it holds a UN seat, among the members voting furthest from it; without a seat,
   its hostility corroborated by an ongoing rivalry, a war against the focal within the
   dispute lookback or a pact with a strategic rival of the focal.
5. **ally-of-rival**: a defense pact with the focal's primary strategic rival, unless the
   state's UN distance percentile (the share of members voting closer to the focal) is below
   ``ally.rival_ally_idealpoint_percentile`` (0.5: it votes closer to the focal than half the
   members); the pact is then nominal: the United Kingdom's 1942 treaty with the Soviet Union
   in 1947-48, the Warsaw Pact of Poland and Hungary in 1990 (not the German Democratic
   Republic's, which still votes far from the U.S., nor, with the three-session UN window,
   those of Czechoslovakia, Bulgaria and Romania, whose mean of 1988-1990 still holds the
   sessions before their revolutions). A state without a UN seat is not judged on votes.

The UN evidence (distance and percentiles) is the mean over the sessions of the
``idealpoint_window`` years ending at the latest estimate (:func:`un_window`): one session's
noisy estimate crossing a cut does not flip a role, at the price of a lag of a real change.

Evidence a dataset does not cover in the year (its coverage ended) is taken as of the
dataset's last year, and the row's ``data_status`` is ``"insufficient"`` with the gaps named
in ``data_gaps``: the end of a dataset is not a change of role. A state without a UN seat has
an unknown preference, neither friendly nor hostile: it neither lets old disputes contradict a
pact nor confirms hostility on its own (:func:`decide`). When the focal state itself had no seat
(the People's Republic of China before 1971), no state's UN distance from it is known: a gap of
every row, named in ``data_gaps``. Before the UN's first session (1946) the factor does not
exist: every preference is unknown, and that is not a gap of the data. A state's military
spending missing in NMC is carried forward from its last value of at most
:data:`MILEX_CARRY_YEARS` years before (a gap of the row, named); beyond that the capability
rests on the other measures, also named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import (
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from anpo._checks import as_path, whole_number, year_list
from anpo._checks import table as _table
from anpo._io.inputs import (
    NoCoercedNumbers,
    RaisesAnpoError,
    describe_validation_error,
    dotted,
    parse_toml,
    read_text,
)
from anpo._progress import ProgressFn
from anpo._toml import toml_string
from anpo.errors import CatalogError, InputError
from anpo.relations.dyads import year_coverage
from anpo.report.format import count_noun, fmt_decimals, fmt_share, is_missing, year_ranges

__all__ = [
    "EVIDENCE_COLUMNS",
    "ROLES_JSON_KEYS",
    "ROLE_FIELDS",
    "ROLE_ORDER",
    "RoleThresholds",
    "load_thresholds",
    "thresholds_text",
    "prepare_roles",
    "roles",
    "roles_from_catalog",
    "roles_panel",
]

ROLE_ORDER = ("ally", "strategic rival", "rogue state", "ally-of-rival", "other")
CAPABILITY_MEASURES = ("cinc", "milex", "nuclear")
RIVALRY_LISTS = ("tss", "td")
RIVALRY_LIST_NAMES = {
    "tss": "Thompson, Sakuwa & Suhas (2022)",
    "td": "Thompson & Dreyer (2012)",
}


def default_thresholds_text() -> str:
    """The shipped defaults (TOML text)."""
    return resources.files("anpo.relations").joinpath("roles_default.toml").read_text("utf-8")


# The shipped file is the one source of the defaults: every field of the models below takes its
# default from it, so ``RoleThresholds()`` (or ``RivalRule()``) is the same as
# :func:`load_thresholds` with no file. The defaults were typed twice before and had drifted in
# six fields: building ``RoleThresholds(...)`` to change one value silently changed five others.
_SHIPPED: dict[str, Any] = parse_toml(
    default_thresholds_text(), "roles_default.toml", InputError
).data


def _shipped(table: str | None, key: str) -> Any:
    """The shipped default of ``table.key`` (``key`` at the top when ``table`` is None); a
    key missing from ``roles_default.toml`` is a KeyError at import, not in a user's run."""
    return (_SHIPPED if table is None else _SHIPPED[table])[key]


def _shipped_list(table: str | None, key: str) -> Any:
    """A default factory for a list default (each model gets its own copy)."""
    return lambda: list(_shipped(table, key))


class DisputeRule(RaisesAnpoError, NoCoercedNumbers):
    """How militarized disputes with the focal count (see ``roles_default.toml``)."""

    model_config = ConfigDict(extra="forbid", validate_default=True)
    # years are whole numbers: below 0.01 year every dispute older than a year already weighs
    # less than 0.5**100, and a half-life of 1e-320 overflowed age / half_life (fuzzing)
    half_life: float = Field(_shipped("disputes", "half_life"), ge=0.01, le=100)
    lookback: int = Field(_shipped("disputes", "lookback"), ge=1, le=200)
    count_window: int = Field(_shipped("disputes", "count_window"), ge=1, le=50)


class AllyRule(RaisesAnpoError, NoCoercedNumbers):
    """When a state counts as an ally (see ``roles_default.toml``)."""

    model_config = ConfigDict(extra="forbid", validate_default=True)
    obligations: list[str] = Field(default_factory=_shipped_list("ally", "obligations"))
    nominal_idealpoint_percentile: float = Field(
        _shipped("ally", "nominal_idealpoint_percentile"), ge=0, le=1
    )
    nominal_dispute_percentile: float = Field(
        _shipped("ally", "nominal_dispute_percentile"), ge=0, le=1
    )
    rival_ally_idealpoint_percentile: float = Field(
        _shipped("ally", "rival_ally_idealpoint_percentile"), ge=0, le=1
    )

    # field validators (not the model's): the error is at the key's line, named
    # ``ally.obligations``, not at the ``[ally]`` header
    @field_validator("obligations")
    @classmethod
    def _known(cls, v: list[str]) -> list[str]:
        from anpo.data.atop import ATOP_FLAGS

        bad = [o for o in v if o not in ATOP_FLAGS]
        if bad or not v:
            raise ValueError(f"obligations must be among {list(ATOP_FLAGS)}")
        return v


class RivalRule(RaisesAnpoError, NoCoercedNumbers):
    """When a state counts as a strategic rival, and how its degree is measured."""

    model_config = ConfigDict(extra="forbid", validate_default=True)
    capability: list[str] = Field(default_factory=_shipped_list("rival", "capability"))
    capability_combine: str = Field(_shipped("rival", "capability_combine"))
    min_degree: float = Field(_shipped("rival", "min_degree"), ge=0, le=1)
    primary_degree: float = Field(_shipped("rival", "primary_degree"), ge=0, le=1)
    min_capability_ratio: float = Field(_shipped("rival", "min_capability_ratio"), ge=0)
    rivalry_half_life: float = Field(_shipped("rival", "rivalry_half_life"), ge=0.01, le=1000)
    mid_saturation: float = Field(_shipped("rival", "mid_saturation"), ge=0.01, le=1000)

    @field_validator("capability")
    @classmethod
    def _measures(cls, v: list[str]) -> list[str]:
        bad = [c for c in v if c not in CAPABILITY_MEASURES]
        if bad or not v:
            raise ValueError(f"capability must be among {list(CAPABILITY_MEASURES)}")
        return v

    @field_validator("capability_combine")
    @classmethod
    def _combine(cls, v: str) -> str:
        if v not in ("max", "mean"):
            raise ValueError("capability_combine must be 'max' or 'mean'")
        return v

    @field_validator("primary_degree")
    @classmethod
    def _primary(cls, v: float, info: ValidationInfo) -> float:
        low = info.data.get("min_degree")  # declared before: validated first (absent if bad)
        if low is not None and v < low:
            raise ValueError(f"primary_degree must be at least min_degree ({low})")
        return v


class RogueRule(RaisesAnpoError, NoCoercedNumbers):
    """When a state counts as a rogue state."""

    model_config = ConfigDict(extra="forbid", validate_default=True)
    max_capability_ratio: float = Field(_shipped("rogue", "max_capability_ratio"), ge=0)
    min_hostility: int = Field(_shipped("rogue", "min_hostility"), ge=1, le=5)
    min_hostile_evidence: float = Field(_shipped("rogue", "min_hostile_evidence"), gt=0)
    min_idealpoint_percentile: float = Field(
        _shipped("rogue", "min_idealpoint_percentile"), ge=0, le=1
    )
    rivalry_counts: bool = Field(_shipped("rogue", "rivalry_counts"))


class WarRule(RaisesAnpoError, NoCoercedNumbers):
    """Whether a war with the focal overrides the other rules."""

    model_config = ConfigDict(extra="forbid", validate_default=True)
    override: bool = Field(_shipped("war", "override"))


class RoleThresholds(RaisesAnpoError, NoCoercedNumbers):
    """All thresholds of the classifier (``roles_default.toml`` documents each): anpo's own,
    fitted or set a priori (:mod:`anpo.relations.fit`), not from the literature."""

    model_config = ConfigDict(extra="forbid", validate_default=True)
    focal: int = Field(_shipped(None, "focal"), ge=1, le=999)
    idealpoint_measure: str = Field(_shipped(None, "idealpoint_measure"))
    idealpoint_lookback: int = Field(_shipped(None, "idealpoint_lookback"), ge=0, le=50)
    idealpoint_window: int = Field(_shipped(None, "idealpoint_window"), ge=1, le=20)
    rivalry_lists: list[str] = Field(default_factory=_shipped_list(None, "rivalry_lists"))
    disputes: DisputeRule = Field(default_factory=DisputeRule)
    ally: AllyRule = Field(default_factory=AllyRule)
    rival: RivalRule = Field(default_factory=RivalRule)
    rogue: RogueRule = Field(default_factory=RogueRule)
    war: WarRule = Field(default_factory=WarRule)

    @field_validator("rivalry_lists")
    @classmethod
    def _lists(cls, v: list[str]) -> list[str]:
        bad = [x for x in v if x not in RIVALRY_LISTS]
        if bad:
            raise ValueError(
                f"rivalry_lists must be among {list(RIVALRY_LISTS)} (or empty: no rivalry input)"
            )
        return v

    @field_validator("idealpoint_measure")
    @classmethod
    def _measure(cls, v: str) -> str:
        from anpo.data.unga import IDEALPOINT_MEASURES

        if v not in IDEALPOINT_MEASURES:
            raise ValueError(f"idealpoint_measure must be one of {list(IDEALPOINT_MEASURES)}")
        return v


def _deep_merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, Mapping) and isinstance(out.get(k), dict):
            out[k] = _deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return toml_string(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    raise TypeError(f"no TOML form for {v!r}")  # pragma: no cover - thresholds are scalars/lists


_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?P<eq>\s*=\s*)(?P<rest>.*)$")


def thresholds_text(th: RoleThresholds, source: str | Path | None = None) -> str:
    """The thresholds ``th`` as a TOML file: the shipped defaults file with its comments, each
    value replaced by the one in ``th``; a changed value is marked ``# changed (default X)``
    and ``source`` (the file the changes came from) is named at the top. Reading the text back
    with :func:`load_thresholds` gives ``th`` again.
    """
    text = default_thresholds_text()
    changed = changed_thresholds(th)
    out = []
    if source is not None:
        out.append(f"# Thresholds in use: the defaults below, overridden by {source}.")
        out.append("# Values that differ from the shipped defaults are marked 'changed'.")
        out.append("")
    table: str | None = None
    for line in text.splitlines():
        if line.startswith("["):
            table = line.strip().strip("[]")
        m = _KEY_LINE.match(line)
        if m is not None:
            key = m["key"]
            if (f"{table}.{key}" if table else key) in changed:
                now, was = changed[f"{table}.{key}" if table else key]
                line = f"{key}{m['eq']}{_toml_value(now)}    # changed (default {_toml_value(was)})"
        out.append(line)
    return "\n".join(out) + "\n"


def changed_thresholds(th: RoleThresholds) -> dict[str, tuple[Any, Any]]:
    """The thresholds of ``th`` that differ from the shipped defaults, as ``{"table.key" (or
    "key" at the top): (value, default)}``, in the file's order (JSON-ready values)."""
    default = load_thresholds().model_dump(mode="json")
    out: dict[str, tuple[Any, Any]] = {}
    for table, values in th.model_dump(mode="json").items():
        pairs = values.items() if isinstance(values, dict) else [(None, values)]
        for key, now in pairs:
            was = default[table] if key is None else default[table][key]
            if now != was:
                out[table if key is None else f"{table}.{key}"] = (now, was)
    return out


#: What :func:`prepare_roles` (and :func:`roles`) take for ``thresholds``, as its error says it.
_THRESHOLDS = "a RoleThresholds, a thresholds file path or None"


def load_thresholds(path: str | Path | None = None) -> RoleThresholds:
    """The shipped defaults, overridden by the keys of the TOML file ``path`` (if given).

    Read through the input pipeline (:mod:`anpo._io.inputs`): a problem is an
    :class:`~anpo.errors.InputError` naming the file, line and field, or naming ``path`` when it
    is no file path (a dict, an int)."""
    doc = parse_toml(default_thresholds_text(), "roles_default.toml", InputError)
    if path is None:
        return doc.validate(RoleThresholds, InputError)
    # a file of only comments overrides nothing: valid, the defaults (an empty one is refused)
    user = parse_toml(read_text(path, InputError), str(path), InputError, settings_required=False)
    return user.validate(RoleThresholds, InputError, _deep_merge(doc.data, user.data))


def with_overrides(th: RoleThresholds, **changes: Any) -> RoleThresholds:
    """A copy of ``th`` with dotted keys changed, validated: ``with_overrides(th,
    **{"rogue.min_hostile_evidence": 1.0})``. An unknown key or a value out of its range is an
    :class:`~anpo.errors.InputError` naming the key."""
    data = th.model_dump()
    for key, value in changes.items():
        node = data
        *head, last = key.split(".")
        for part in head:
            node = node[part]
        if last not in node:
            raise InputError(f"unknown threshold {key!r}", field=key)
        node[last] = value
    try:
        return RoleThresholds.model_validate(data)
    except ValidationError as exc:
        path, msg = describe_validation_error(exc, data, RoleThresholds)
        raise InputError(msg, field=dotted(path) or None) from None


# --------------------------------------------------------------------------- inputs


def rivalry_list_name(frame: pd.DataFrame) -> str:
    """``"tss"`` for a Thompson, Sakuwa & Suhas list (it has the ``principal`` flag or names
    them as its source), else ``"td"`` (Thompson & Dreyer). A ``frame`` that is no DataFrame:
    an :class:`~anpo.errors.InputError` naming it (``'dict' object has no attribute 'attrs'``)."""
    _table("frame", frame, what="a rivalry list")
    dataset = str((frame.attrs.get("source") or {}).get("dataset", ""))
    if "principal" in frame.columns or "Sakuwa" in dataset:
        return "tss"
    return "td"


def _rivalry_lists(rivalries: pd.DataFrame | Sequence[pd.DataFrame] | None) -> list[pd.DataFrame]:
    if rivalries is None:
        return []
    if isinstance(rivalries, pd.DataFrame):
        return [rivalries]
    return [r for r in rivalries if r is not None]


@dataclass
class _Gap:
    """A dataset whose coverage does not reach the year: its evidence is as of ``ref``."""

    ref: int | None
    note: str | None


def _ref(year: int, lo: int, hi: int, what: str) -> _Gap:
    if year > hi:
        return _Gap(hi, f"{what} end in {hi} (evidence as of {hi})")
    if year < lo:
        return _Gap(None, f"{what} begin in {lo}")
    return _Gap(year, None)


#: How many years a state's last reported military spending (NMC) stands in for a missing
#: value: within it the last value is carried forward (said in the reason and in
#: ``data_gaps``), beyond it the value is unknown and the gap is named. Without the carry, a
#: one-year hole (Iran's 2015) changed the combined capability measure to CINC alone and, with
#: it, the state's role for that year.
MILEX_CARRY_YEARS = 3
#: The head of a military-spending gap in ``data_gaps`` (one per state-year).
MILEX_GAP = "military spending (NMC)"


def _carry_milex(cap: pd.DataFrame) -> pd.DataFrame:
    """``cap`` (``ccode, year, cinc, milex``) with each state's missing ``milex`` replaced by
    its last reported value of at most :data:`MILEX_CARRY_YEARS` years before, and
    ``milex_year``, the year of the value used (NaN when none)."""
    cap = cap.sort_values(["ccode", "year"]).reset_index(drop=True)
    known = cap["year"].astype("float64").where(cap["milex"].notna())
    last = known.groupby(cap["ccode"]).ffill()
    value = cap["milex"].groupby(cap["ccode"]).ffill()
    ok = (cap["year"] - last) <= MILEX_CARRY_YEARS
    return cap.assign(milex=value.where(ok), milex_year=last.where(ok))


@dataclass
class PreparedInputs:
    """The datasets of :func:`roles`, indexed once for any number of years (see
    :func:`prepare_roles`)."""

    th: RoleThresholds
    states: pd.DataFrame
    names: pd.DataFrame
    alliances: pd.DataFrame
    alliance_cov: tuple[int, int]
    capabilities: pd.DataFrame
    capability_cov: tuple[int, int]
    nuclear: pd.DataFrame | None
    nuclear_cov: tuple[int, int] | None
    rivalry_inputs: list[tuple[str, pd.DataFrame, tuple[int, int]]]
    rivalry_unused: list[str]
    disputes: pd.DataFrame | None
    dispute_cov: tuple[int, int] | None
    ideal: pd.DataFrame | None
    ideal_cov: tuple[int, int] | None
    wars: pd.DataFrame | None = None
    war_cov: tuple[int, int] | None = None
    missing: list[str] = field(default_factory=list)
    focal_alliances: pd.DataFrame | None = None
    pacts: pd.DataFrame | None = None
    members: pd.DataFrame | None = None


#: The columns :func:`prepare_roles` reads from each of its tables, in the order of its arguments
#: (``alliances`` also needs the thresholds' ``ally.obligations``; ``wars`` is checked with its
#: own message, ``ideal_points``' measure is the thresholds' ``idealpoint_measure``).
_TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "states": ("ccode", "stateabb", "statenme", "styear", "endyear"),
    "alliances": ("ccode1", "ccode2", "year"),
    "capabilities": ("ccode", "year", "milex", "milper", "irst", "pec", "tpop", "upop"),
    "rivalries": ("ccode1", "ccode2", "styear", "endyear"),
    "disputes": ("dispnum", "ccode1", "ccode2", "year", "sidea1", "sidea2", "hostlev1", "hostlev2"),
    "ideal_points": ("ccode", "year"),
    "nuclear": ("ccode", "year", "warheads"),
    "wars": (),
}


def _check_tables(tables: Mapping[str, Any], obligations: Sequence[str] = ()) -> None:
    """An :class:`InputError` naming the argument for a table that is not a DataFrame or lacks
    a column the rules read (a bare ``KeyError: 'ccode'`` or an AttributeError before); the state
    list, the alliances and the capabilities must have rows (their coverage is read from them)."""
    for name, value in tables.items():
        required = name in ("states", "alliances", "capabilities")
        if name == "rivalries":
            check_rivalry_lists(value)
        elif value is not None or required:
            cols = _TABLE_COLUMNS[name] + (tuple(obligations) if name == "alliances" else ())
            _table(name, value, columns=cols, empty=not required)


def check_rivalry_lists(rivalries: object) -> None:
    """An :class:`InputError` naming ``rivalries`` unless it is None, a rivalry list (a
    DataFrame with ``ccode1, ccode2, styear, endyear``) or a list or tuple of them (and None)."""
    lists = rivalries if isinstance(rivalries, (list, tuple)) else [rivalries]
    for r in lists:
        if r is not None:
            _table("rivalries", r, what="a rivalry list", columns=_TABLE_COLUMNS["rivalries"])


def prepare_roles(
    *,
    states: pd.DataFrame,
    alliances: pd.DataFrame,
    capabilities: pd.DataFrame,
    rivalries: pd.DataFrame | Sequence[pd.DataFrame] | None = None,
    disputes: pd.DataFrame | None = None,
    ideal_points: pd.DataFrame | None = None,
    nuclear: pd.DataFrame | None = None,
    wars: pd.DataFrame | None = None,
    thresholds: RoleThresholds | str | Path | None = None,
    focal: int | None = None,
) -> PreparedInputs:
    """Index the datasets of :func:`roles` relative to the focal state once (the CINC of every
    state-year, the dispute rows with the focal and their bloc shares, the UN distance
    percentiles of every year), so that many years cost little each."""
    from anpo.relations.capabilities import cinc

    if isinstance(thresholds, RoleThresholds):
        th = thresholds
    elif thresholds is None or (isinstance(thresholds, str) and not thresholds):
        th = load_thresholds(thresholds)  # the defaults, or read_text's "the file name is empty"
    else:
        th = load_thresholds(as_path(thresholds, "thresholds", what=_THRESHOLDS))
    if focal is not None:
        th = th.model_copy(update={"focal": whole_number(focal, "focal", what=_YEAR_OR_CODE)})
    f = th.focal
    tables = (states, alliances, capabilities, rivalries, disputes, ideal_points, nuclear, wars)
    _check_tables(dict(zip(_TABLE_COLUMNS, tables, strict=True)), th.ally.obligations)
    missing: list[str] = []
    names = (
        states.assign(ccode=states["ccode"].astype("int64"))
        .drop_duplicates("ccode", keep="last")
        .set_index("ccode")
    )
    # alliances: symmetric pacts with the focal (either direction), and all pacts (for the
    # allies of the rival), one row per unordered pair-year
    al = _pact_pairs(alliances, th.ally.obligations)
    # capabilities
    nmc = capabilities
    cap = _carry_milex(
        pd.DataFrame(
            {
                "ccode": nmc["ccode"].to_numpy("int64"),
                "year": nmc["year"].to_numpy("int64"),
                "cinc": cinc(nmc).to_numpy(),
                "milex": nmc["milex"].to_numpy("float64", na_value=np.nan),
            }
        )
    ).set_index(["year", "ccode"])
    nuc = None
    nuc_cov = None
    if nuclear is not None:
        nuc = pd.DataFrame(
            {
                "ccode": nuclear["ccode"].to_numpy("int64"),
                "year": nuclear["year"].to_numpy("int64"),
                "warheads": nuclear["warheads"].to_numpy("float64", na_value=np.nan),
            }
        )
        nuc_cov = year_coverage(nuclear, name="nuclear")
    elif "nuclear" in th.rival.capability:
        missing.append("nuclear_stockpiles")
    # rivalry lists: the configured inputs among those given (all given, if none of the
    # configured is given); none when the configuration is empty (the rules without rivalry
    # evidence, e.g. to measure how much of the validation rests on it)
    given = [(rivalry_list_name(r), r) for r in _rivalry_lists(rivalries)]
    chosen = (
        ([(n, r) for n, r in given if n in th.rivalry_lists] or given) if th.rivalry_lists else []
    )
    # each list's coverage error names its dataset kind (td_rivalries, tss_rivalries: the
    # catalog's, and the thresholds' rivalry_lists without the suffix), not "rivalries" for both
    rivalry_inputs = [
        (n, r, year_coverage(r, ("styear", "endyear"), name=f"{n}_rivalries")) for n, r in chosen
    ]
    used = {n for n, _, _ in rivalry_inputs}
    rivalry_unused = sorted({n for n, _ in given} - used)
    # disputes with the focal: rows (other -> focal), opposite sides, with the bloc share
    dsp = None
    dcov = None
    if disputes is not None:
        dcov = year_coverage(disputes, name="disputes")
        d = disputes
        side_size = (
            d.assign(c=d["ccode1"].astype("int64"), s=d["sidea1"])
            .dropna(subset=["s"])
            .groupby(["dispnum", "s"])["c"]
            .nunique()
        )
        last_year = d.groupby("dispnum")["year"].transform("max")
        per_year = disputes.attrs.get("hostility_by", "dyad-year") != "dispute"
        x = d.assign(_last=last_year)
        x = x[(x["ccode2"].astype("int64") == f) & (x["ccode1"].astype("int64") != f)]
        x = x[x["sidea1"].notna() & x["sidea2"].notna() & (x["sidea1"] != x["sidea2"])]
        orig = x["orig1"] if "orig1" in x.columns else pd.Series(pd.NA, index=x.index)
        n_side = side_size.reindex(pd.MultiIndex.from_arrays([x["dispnum"], x["sidea1"]])).to_numpy(
            "float64"
        )
        share = np.where(
            orig.fillna(0).to_numpy("int64") == 1,
            1.0,
            1.0 / np.maximum(np.nan_to_num(n_side, nan=1.0), 1.0),
        )
        dsp = pd.DataFrame(
            {
                "ccode": x["ccode1"].to_numpy("int64"),
                "dispnum": x["dispnum"].to_numpy("int64"),
                "year": x["year"].to_numpy("int64"),
                "own": x["hostlev1"].to_numpy("float64", na_value=np.nan),
                "their": x["hostlev2"].to_numpy("float64", na_value=np.nan),
                "share": share,
                "orig": orig.fillna(0).to_numpy("int64"),
                "n_side": np.nan_to_num(n_side, nan=1.0).astype("int64"),
                # a year in which the row's hostility level is known to hold: every year of
                # the dyadic MID file; with dispute-level levels, only the dispute's last year
                # (a dispute that ended in war, such as Iraq 1997-2003, was not at war
                # throughout)
                "level_year": per_year | (x["year"] == x["_last"]).to_numpy(),
            }
        )
    else:
        missing.append("mid_dyadic")
    # UN ideal-point distance from the focal, and its percentile among the members, every year
    ideal = None
    icov = None
    if ideal_points is not None:
        m = th.idealpoint_measure
        if m not in ideal_points.columns:
            raise InputError(f"unknown ideal-point measure {m!r}", field="idealpoint_measure")
        icov = year_coverage(ideal_points, name="ideal_points")
        ip = ideal_points[ideal_points[m].notna()]
        ip = pd.DataFrame(
            {
                "ccode": ip["ccode"].to_numpy("int64"),
                "year": ip["year"].to_numpy("int64"),
                "value": ip[m].to_numpy("float64"),
            }
        )
        ideal = un_percentiles(ip, f)
    else:
        missing.append("unga")
    if not rivalry_inputs and th.rivalry_lists:
        missing.append("rivalries")
    war_frame = None
    war_cov = None
    if wars is not None:
        need = {"warnum", "ccode", "side", "styear", "endyear"}
        if not need <= set(wars.columns):
            raise InputError(
                "wars need the participant layout warnum, ccode, side, styear, endyear "
                "(the COW inter-state war data)",
                field="wars",
            )
        war_frame = pd.DataFrame(
            {
                "warnum": wars["warnum"].to_numpy("int64"),
                "ccode": wars["ccode"].to_numpy("int64"),
                "side": wars["side"].to_numpy("int64"),
                "styear": wars["styear"].to_numpy("int64"),
                "endyear": wars["endyear"].to_numpy("int64"),
            }
        )
        war_cov = year_coverage(wars, ("styear", "endyear"), name="wars")
    # dup-ok: keyword arguments of the prepared inputs' constructor: alike only in shape to other
    # result constructors.
    return PreparedInputs(
        th=th,
        states=states,
        names=names,
        alliances=al,
        alliance_cov=year_coverage(alliances, name="alliances"),
        capabilities=cap,
        capability_cov=year_coverage(capabilities, name="capabilities"),
        nuclear=nuc,
        nuclear_cov=nuc_cov,
        rivalry_inputs=rivalry_inputs,
        rivalry_unused=rivalry_unused,
        disputes=dsp,
        dispute_cov=dcov,
        ideal=ideal,
        ideal_cov=icov,
        wars=war_frame,
        war_cov=war_cov,
        missing=missing,
        focal_alliances=al[(al["c1"] == f) | (al["c2"] == f)].reset_index(drop=True),
        pacts=al[al["pact"] == 1].reset_index(drop=True),
        members=_all_members(states, names),
    )


def un_percentiles(ip: pd.DataFrame, focal: int) -> pd.DataFrame:
    """UN ideal-point distances from ``focal`` and their percentiles, per year [bailey2017].

    ``ip``: ``ccode, year, value`` (one ideal point per state-year, the focal's included).
    Returns the other states' rows (years where the focal has an estimate) with ``dist`` (the
    distance from the focal), ``pct`` (the share of the year's other members voting at most as
    far from the focal: the focal's standpoint), ``rpct`` (the share of the members other than
    the state, the focal included, at most as far from the state as the focal is: the state's
    standpoint) and ``pair`` = min(``pct``, ``rpct``), which is the same whichever of the two is
    the focal. A pact binds both members [leeds2002], so UN voting contradicts it only when the
    two vote far apart seen from either member: with the U.S., the Assembly's outlier, as a
    partner every other focal state would otherwise read its U.S. pact as nominal (Japan's in
    1995-2016).

    An ``ip`` that is no DataFrame or lacks ``ccode, year, value``: an
    :class:`~anpo.errors.InputError` naming it (a bare ``KeyError: 'ccode'`` before); no rows,
    none.
    """
    _table("ip", ip, what="an ideal-point table", columns=("ccode", "year", "value"))
    fv = ip[ip["ccode"] == focal].set_index("year")["value"]
    ip = ip[ip["year"].isin(fv.index)]
    rev = _reverse_percentile(ip, fv)
    ip = ip.assign(rpct=rev)[ip["ccode"] != focal]
    ip = ip.assign(dist=(ip["value"] - fv.reindex(ip["year"]).to_numpy()).abs())
    ip = ip.assign(pct=ip.groupby("year")["dist"].rank(pct=True, method="max"))
    ip = ip.assign(pair=np.fmin(ip["pct"].to_numpy(), ip["rpct"].to_numpy()))
    return ip.sort_values(["year", "ccode"]).reset_index(drop=True)


def _reverse_percentile(ip: pd.DataFrame, fv: pd.Series) -> np.ndarray:
    """For every row (state ``s``, year) of ideal points ``ip`` (``ccode, year, value``, the
    focal's rows included), the share of the year's other members ``j`` (the focal included)
    with ``|x_j - x_s| <= |x_focal - x_s|``: how far the focal votes from ``s`` seen from
    ``s``. One dimension, so a window count on the sorted values (vectorised per year)."""
    out = np.full(len(ip), np.nan)
    years = ip["year"].to_numpy("int64")
    vals = ip["value"].to_numpy("float64")
    order = np.argsort(years, kind="stable")
    ys = years[order]
    cuts = np.flatnonzero(np.diff(ys)) + 1
    for idx in np.split(order, cuts):
        if len(idx) < 2:
            continue
        v = vals[idx]
        d = np.abs(float(fv[int(years[idx[0]])]) - v)
        sv = np.sort(v)
        # a tolerance so that the focal itself, at distance d exactly, is always counted
        tol = 1e-9 * (1.0 + np.abs(v) + d)
        hi = np.searchsorted(sv, v + d + tol, side="right")
        lo = np.searchsorted(sv, v - d - tol, side="left")
        out[idx] = (hi - lo - 1) / (len(idx) - 1)
    return out


#: The columns of :func:`un_percentiles`' rows that :func:`un_window` reads.
_UN_WINDOW_COLUMNS = ("ccode", "year", "dist", "pct", "rpct", "pair")


def un_window(ideal: pd.DataFrame, year: int, lookback: int, window: int) -> pd.DataFrame:
    """The UN evidence of every state in ``year``: its yearly distances and percentiles (rows of
    :func:`un_percentiles`) averaged over the sessions of the ``window`` years ending at its
    latest estimate at most ``lookback`` years before ``year`` (``year-window+1..year`` when the
    year has one); years without an estimate inside the window are skipped, and a state with no
    estimate within the lookback has none (unknown).

    Bailey, Strezhnev & Voeten's [bailey2017] ideal points are estimated session by session,
    each with its own error; a mean over consecutive sessions is the usual smoothing of a noisy
    annual series, so that one session's estimate crossing a cut does not flip a role.
    ``window=1`` is the latest estimate itself.

    Returns a frame indexed by ``ccode`` with ``dist, pct, rpct, pair`` (means), ``year`` (the
    latest session used), ``first`` (the earliest), ``n`` (sessions with an estimate) and
    ``sessions`` (their years: ``"2001-2003"``, or ``"2001, 2003"`` with a gap).

    An ``ideal`` that is no DataFrame or lacks a column of :func:`un_percentiles`' rows read
    here: an :class:`~anpo.errors.InputError` naming it (a bare ``KeyError: 'year'`` before).
    """
    _table("ideal", ideal, what="a table of UN percentiles", columns=_UN_WINDOW_COLUMNS)
    yrs = ideal["year"].to_numpy("int64")
    ip = ideal[(yrs <= year) & (yrs >= year - lookback - window + 1)]
    last = ip.groupby("ccode")["year"].transform("max").to_numpy("int64")
    y = ip["year"].to_numpy("int64")
    ip = ip[(last >= year - lookback) & (y > last - window)]
    g = ip.groupby("ccode")
    out = g[["dist", "pct", "rpct", "pair"]].mean()
    out["year"] = g["year"].max()
    out["first"] = g["year"].min()
    out["n"] = g.size()
    full = (out["year"] - out["first"] + 1) == out["n"]
    sessions = np.where(
        out["n"] == 1,
        out["year"].astype(str),
        out["first"].astype(str) + "-" + out["year"].astype(str),
    )
    out["sessions"] = sessions
    if not full.all():
        listed = g["year"].agg(lambda s: ", ".join(str(v) for v in sorted(s)))
        out.loc[~full, "sessions"] = listed[~full]
    return out


# --------------------------------------------------------------------------- evidence


def _all_members(states: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """Every (state, year) of the state list with its abbreviation and name."""
    return _members(states, names, None)


def _members(states: pd.DataFrame, names: pd.DataFrame, year: int | None) -> pd.DataFrame:
    from anpo.relations.dyads import state_years

    sy = state_years(
        states, year, warn=False
    )  # a year outside the list: the roles' own checks say so
    if "ccode" not in sy.columns:
        raise InputError("roles need the COW state system (cow_states)", field="states")
    out = sy.assign(
        stateabb=names["stateabb"].reindex(sy["ccode"]).astype(object).to_numpy(),
        statenme=names["statenme"].reindex(sy["ccode"]).astype(object).to_numpy()
        if "statenme" in names
        else "",
    )
    return out[["ccode", "stateabb", "statenme", "year"]]


def _obligation(a: pd.DataFrame, cols: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per ATOP row: 1 if any of ``cols`` is 1 (else 0), and whether none is known to be 1
    while one is unknown (<NA>: a missing code in the data)."""
    values = a[list(cols)].to_numpy(dtype="float64", na_value=np.nan)
    yes = (values == 1).any(axis=1)
    return yes.astype("int64"), ~yes & np.isnan(values).any(axis=1)


def _unknown_pacts(al: pd.DataFrame, year: int, focal: int, p: pd.DataFrame) -> list[int]:
    """The states whose pact with ``focal`` in ``year`` is unknown: an ATOP row of the pair
    with an unknown obligation and no pact known in either direction (``p``:
    :func:`_pairs_with`)."""
    if "pact_unknown" not in al:
        return []
    y = al[(al["year"] == year) & al["pact_unknown"].to_numpy(bool)]
    others = np.concatenate(
        [
            y.loc[y["c1"] == focal, "c2"].to_numpy("int64"),
            y.loc[y["c2"] == focal, "c1"].to_numpy("int64"),
        ]
    )
    known = set(p.index[p["pact"] == 1].tolist())
    return sorted({int(c) for c in others} - known)


def _pairs_with(al: pd.DataFrame, year: int, focal: int) -> pd.DataFrame:
    """Per other state: pact/any flags with ``focal`` in ``year`` (max over both directions),
    and which side carries the pact obligation."""
    y = al[al["year"] == year]
    fwd = y[y["c1"] == focal].set_index("c2")[["pact", "any"]]
    rev = y[y["c2"] == focal].set_index("c1")[["pact", "any"]]
    idx = fwd.index.union(rev.index)
    f = fwd.reindex(idx).fillna(0).astype("int64")
    r = rev.reindex(idx).fillna(0).astype("int64")
    side = np.where(
        (f["pact"] == 1) & (r["pact"] == 1),
        "both",
        np.where(f["pact"] == 1, "focal", np.where(r["pact"] == 1, "other", "")),
    )
    return pd.DataFrame(
        {
            "pact": np.maximum(f["pact"], r["pact"]),
            "any": np.maximum(f["any"], r["any"]),
            "side": side,
        },
        index=idx,
    )


def _pact_partners(prep: PreparedInputs, year: int, codes: np.ndarray) -> list[tuple[int, ...]]:
    """Per state of ``codes``: the states it shares an ATOP pact obligation (the ``[ally]``
    obligations) with in ``year``, in either direction, sorted."""
    al = prep.pacts if prep.pacts is not None else prep.alliances
    y = al[(al["year"] == year) & (al["pact"] == 1)]
    a = y["c1"].to_numpy("int64")
    b = y["c2"].to_numpy("int64")
    pairs = pd.DataFrame({"c": np.concatenate([a, b]), "o": np.concatenate([b, a])})
    pairs = pairs[pairs["c"] != pairs["o"]].drop_duplicates()
    links = pairs.groupby("c")["o"].apply(lambda s: tuple(sorted(int(x) for x in s)))
    return [links.get(int(c), ()) for c in codes]


def role_evidence(prep: PreparedInputs, year: int) -> pd.DataFrame:
    """The evidence the role rules read for each member of ``year`` (one row per state): the
    alliance, dispute, war, rivalry, capability and UN-vote columns of the module's rules, from
    the inputs :func:`prepare_roles` read (sources as in the module docstring: [leeds2002],
    [palmer2022], [thompson2022], [singer1972], [bailey2017])."""
    th = prep.th
    focal = th.focal
    if prep.members is not None:
        ev = prep.members[prep.members["year"] == year].reset_index(drop=True)
    else:
        ev = _members(prep.states, prep.names, year)
    codes = ev["ccode"].to_numpy("int64")
    n = len(ev)
    gaps: list[str] = []
    # alliances (ATOP): a pact in either direction makes both members allies
    g = _ref(year, *prep.alliance_cov, "alliances (ATOP)")
    if g.note:
        gaps.append(g.note)
    if g.ref is not None:
        al = prep.focal_alliances if prep.focal_alliances is not None else prep.alliances
        p = _pairs_with(al, g.ref, focal)
        unknown = _unknown_pacts(al, g.ref, focal, p)
        if unknown:
            abb = dict(zip(codes.tolist(), ev["stateabb"].tolist(), strict=True))
            who = ", ".join(f"{abb.get(c) or c} ({c})" for c in unknown)
            gaps.append(
                f"alliances (ATOP): the pact obligations of {who} with the focal state are "
                "unknown (a missing code): no pact is assumed, the pact rules may be wrong"
            )
        ev["defense_pact"] = (
            p["pact"].reindex(codes).fillna(0).astype("int64").astype("Int64").array
        )
        ev["any_alliance"] = p["any"].reindex(codes).fillna(0).astype("int64").astype("Int64").array
        ev["pact_side"] = p["side"].reindex(codes).fillna("").to_numpy(dtype=object)
        ev["pact_partners"] = _pact_partners(prep, g.ref, codes)
        # the JSON's defense_pact is null (unknown) for them; the reason says it
        ev["pact_unknown"] = np.isin(codes, unknown)
        ev.loc[ev["pact_unknown"], "defense_pact"] = pd.NA
    else:
        ev["defense_pact"] = pd.array([pd.NA] * n, dtype="Int64")
        ev["any_alliance"] = pd.array([pd.NA] * n, dtype="Int64")
        ev["pact_side"] = ""
        ev["pact_partners"] = [()] * n
        ev["pact_unknown"] = False
    # capabilities: CINC and military expenditure relative to the focal's
    g = _ref(year, *prep.capability_cov, "capabilities (NMC)")
    if g.note:
        gaps.append(g.note)
    cinc = np.full(n, np.nan)
    milex = np.full(n, np.nan)
    milex_year = np.full(n, np.nan)
    row_gaps = np.full(n, "", dtype=object)
    fc = fm = np.nan
    if g.ref is not None and g.ref in prep.capabilities.index.get_level_values(0):
        c = prep.capabilities.loc[g.ref]
        cinc = c["cinc"].reindex(codes).to_numpy("float64")
        milex = c["milex"].reindex(codes).to_numpy("float64")
        milex_year = c["milex_year"].reindex(codes).to_numpy("float64")
        fc = float(c["cinc"].get(focal, np.nan))
        fm = float(c["milex"].get(focal, np.nan))
        fmy = c["milex_year"].get(focal, np.nan)
        if "milex" in th.rival.capability:
            row_gaps = _milex_gaps(g.ref, ev, cinc, milex_year, fmy)
    ev["cinc"] = cinc
    with np.errstate(invalid="ignore", divide="ignore"):
        ev["capability_ratio"] = cinc / fc if fc > 0 else np.nan
        ev["milex_ratio"] = milex / fm if fm > 0 else np.nan
    ev["milex_year"] = pd.array(
        [pd.NA if np.isnan(y) else int(y) for y in milex_year], dtype="Int64"
    )
    # nuclear warheads (none before 1945: no state held any)
    warheads = np.full(n, np.nan)
    if prep.nuclear is not None and prep.nuclear_cov is not None:
        lo, hi = prep.nuclear_cov
        if year < lo:
            warheads = np.zeros(n)
        else:
            ref = min(year, hi)
            if year > hi:
                gaps.append(f"nuclear stockpiles end in {hi} (evidence as of {hi})")
            w = prep.nuclear[prep.nuclear["year"] == ref].set_index("ccode")["warheads"]
            # absent from the file: none held; a blank count read as NaN stays unknown
            warheads = np.where(
                pd.Index(codes).isin(w.index),
                w.reindex(codes).to_numpy("float64", na_value=np.nan),
                0.0,
            )
            fw = float(w.get(focal, 0.0))
            ev["nuclear_warheads"] = warheads
            ev["nuclear_ratio"] = warheads / max(fw, 1.0)
    elif "nuclear" in th.rival.capability:
        gaps.append("nuclear stockpiles: no dataset")
    if "nuclear_warheads" not in ev:
        ev["nuclear_warheads"] = warheads
        ev["nuclear_ratio"] = np.where(np.isnan(warheads), np.nan, warheads)
    # rivalries with the focal in the input lists: ongoing in any, else years since the last
    # one ended; a list past its last year is read as of that year (its end is censoring)
    ongoing = pd.Series(0, index=codes, dtype="int64")
    last_end = pd.Series(np.nan, index=codes)
    names = pd.Series("", index=codes, dtype=object)
    covering = 0
    for lname, r, (rlo, rhi) in prep.rivalry_inputs:
        g = _ref(year, rlo, rhi, f"rivalries ({RIVALRY_LIST_NAMES[lname]})")
        if g.note:
            gaps.append(g.note)
        if g.ref is None:
            continue
        covering += 1
        ref = g.ref
        c1 = r["ccode1"].astype("int64")
        c2 = r["ccode2"].astype("int64")
        mask = (c1 == focal) | (c2 == focal)
        other = c2.where(c1 == focal, c1)
        rr = r[mask].assign(other=other[mask].to_numpy())
        started = rr[rr["styear"] <= ref]
        now = started[started["endyear"] >= ref]
        ongoing.loc[ongoing.index.isin(now["other"])] = 1
        label = now["rivalryname"] if "rivalryname" in now else now["other"].astype(str)
        for o, nm in zip(now["other"], label, strict=True):
            if o in names.index and not names[o]:
                names[o] = str(nm)
        ended = started[started["endyear"] < ref]
        if len(ended):
            le = ended.groupby("other")["endyear"].max()
            last_end = last_end.combine(le.reindex(codes).astype("float64"), np.fmax)
    if covering:
        ev["rivalry_ongoing"] = pd.array(ongoing.to_numpy(), dtype="Int64")
        ev["years_since_rivalry"] = np.where(
            ongoing.to_numpy() == 1, 0.0, year - last_end.to_numpy()
        )
    else:
        ev["rivalry_ongoing"] = pd.array([pd.NA] * n, dtype="Int64")
        ev["years_since_rivalry"] = np.nan
    ev["rivalry"] = names.to_numpy()
    # disputes with the focal (directed, own hostility, decayed, bloc joiners share)
    _dispute_evidence(prep, ev, year, codes, gaps)
    # UN ideal-point distance from the focal and its percentiles among the members with an
    # estimate: the mean over the ``idealpoint_window`` sessions ending at the latest estimate
    # within the lookback (the years used are reported)
    ev["idealpoint_distance"] = np.nan
    ev["idealpoint_percentile"] = np.nan
    ev["idealpoint_reverse_percentile"] = np.nan
    ev["idealpoint_pair_percentile"] = np.nan
    ev["idealpoint_year"] = pd.array([pd.NA] * n, dtype="Int64")
    ev["idealpoint_sessions"] = ""
    if year < UN_FIRST_YEAR:
        pass  # no UN yet: no state's vote can be known, not a gap of the data (see _no_un_why)
    elif prep.ideal is not None:
        win = un_window(prep.ideal, year, th.idealpoint_lookback, th.idealpoint_window)
        ev["idealpoint_distance"] = win["dist"].reindex(codes).to_numpy()
        ev["idealpoint_percentile"] = win["pct"].reindex(codes).to_numpy()
        ev["idealpoint_reverse_percentile"] = win["rpct"].reindex(codes).to_numpy()
        ev["idealpoint_pair_percentile"] = win["pair"].reindex(codes).to_numpy()
        ev["idealpoint_year"] = win["year"].reindex(codes).astype("Int64").array
        ev["idealpoint_sessions"] = win["sessions"].reindex(codes).fillna("").to_numpy(object)
        if prep.ideal_cov is not None and year > prep.ideal_cov[1] + th.idealpoint_lookback:
            gaps.append(f"{_UN_ENDS} {prep.ideal_cov[1]}")
        elif not _focal_has_un(prep.ideal, year, th.idealpoint_lookback):
            # the focal state had no seat (the PRC before 1971, Japan before 1956): no state's
            # distance from it is known, a gap of every row, not each state's own absence
            gaps.append(_UN_FOCAL_NONE)
    else:
        gaps.append(_UN_NO_DATASET)
    if prep.disputes is None:
        gaps.append("disputes: no dataset")
    if not prep.rivalry_inputs:
        gaps.append(
            "rivalries: no dataset"
            if th.rivalry_lists
            else "rivalries: not used (the thresholds' rivalry_lists is empty)"
        )
    common = "; ".join(gaps)
    ev["data_gaps"] = ["; ".join(x for x in (common, own) if x) for own in row_gaps.tolist()]
    ev["data_status"] = np.where(ev["data_gaps"] != "", "insufficient", "complete")
    return ev


def _milex_gaps(
    ref: int, ev: pd.DataFrame, cinc: np.ndarray, milex_year: np.ndarray, focal_year: Any
) -> np.ndarray:
    """Per state: the military-spending gap of ``ref`` named in ``data_gaps`` (``""`` when its
    own and the focal's values are of the year): a value carried forward from an earlier year
    (:data:`MILEX_CARRY_YEARS`), or none within it (the capability measure then rests on the
    other measures, which the gap says), each naming the state. States without NMC data at all
    are left out."""
    from anpo.report.countries import row_names

    out = np.full(len(cinc), "", dtype=object)
    if is_missing(focal_year):
        out[:] = (
            f"{MILEX_GAP} of the focal state: none in "
            f"{ref - MILEX_CARRY_YEARS}-{ref} (capability without it)"
        )
        return out
    if int(focal_year) != ref:
        out[:] = (
            f"{MILEX_GAP} of the focal state: none in {ref}, {int(focal_year)}'s carried forward"
        )
    todo = [i for i, (c, y) in enumerate(zip(cinc, milex_year, strict=True)) if not np.isnan(c)]
    todo = [i for i in todo if np.isnan(milex_year[i]) or int(milex_year[i]) != ref]
    names = row_names(ev.iloc[todo]) if todo else []
    for i, name in zip(todo, names, strict=True):
        y = milex_year[i]
        head = f"{MILEX_GAP} of {name}"
        if np.isnan(y):
            own = f"{head}: none in {ref - MILEX_CARRY_YEARS}-{ref} (capability without it)"
        else:
            own = f"{head}: none in {ref}, {int(y)}'s carried forward"
        if own:
            out[i] = "; ".join(x for x in (out[i], own) if x)
    return out


#: The year of the UN General Assembly's first session: before it the UN factor does not exist
#: (it is not a gap of the data, and the rows are not marked insufficient for it); the rules
#: then read every state's preference as unknown, as for a state without a seat.
UN_FIRST_YEAR = 1946
#: The gap named in ``data_gaps`` when the catalog has no UN ideal points.
_UN_NO_DATASET = "UN ideal points: no dataset"
#: The gap named in ``data_gaps``, followed by the last year, when the estimates end before it.
_UN_ENDS = "UN ideal points end in"
#: The gap named in ``data_gaps`` when the focal state has no estimate within the lookback.
_UN_FOCAL_NONE = "UN ideal points: none for the focal state (no seat)"


def _focal_has_un(ideal: pd.DataFrame, year: int, lookback: int) -> bool:
    """Whether the focal state has a UN ideal point within ``lookback`` years before ``year``:
    the rows of :func:`un_percentiles` exist only in the years the focal has one."""
    yrs = ideal["year"].to_numpy("int64")
    return bool(((yrs <= year) & (yrs >= year - lookback)).any())


def _dispute_evidence(
    prep: PreparedInputs, ev: pd.DataFrame, year: int, codes: np.ndarray, gaps: list[str]
) -> None:
    th = prep.th
    dr = th.disputes
    n = len(ev)
    na_int = pd.array([pd.NA] * n, dtype="Int64")
    ev["mids"] = na_int
    ev["mid_years"] = pd.array([pd.NA] * n, dtype="string")
    ev["own_hostility"] = na_int.copy()
    ev["hostility_years"] = pd.array([pd.NA] * n, dtype="string")
    ev["dispute_years"] = pd.array([pd.NA] * n, dtype="string")
    ev["threat_weight"] = np.nan
    ev["hostile_evidence"] = np.nan
    ev["last_hostile_year"] = na_int.copy()
    ev["last_war_year"] = na_int.copy()
    ev["at_war"] = na_int.copy()
    ev["war_source"] = ""
    if prep.disputes is None or prep.dispute_cov is None:
        _war_evidence(prep, ev, year, codes)
        return
    dlo, dhi = prep.dispute_cov
    g = _ref(year, dlo, dhi, "disputes (MID)")
    if g.ref is None:
        gaps.append(g.note or "")
        _war_evidence(prep, ev, year, codes)
        return
    if g.note:
        gaps.append(g.note)
    ref = g.ref
    d = prep.disputes
    d = d[(d["year"] <= ref) & (d["year"] > ref - dr.lookback)]
    # one row per (state, dispute): its last year up to ref, own and focal's hostility
    per = d.groupby(["ccode", "dispnum"], sort=False).agg(
        last=("year", "max"),
        own=("own", "max"),
        their=("their", "max"),
        share=("share", "first"),
    )
    per = per.reset_index()
    age = ref - per["last"].to_numpy()
    w = per["share"].to_numpy() * 0.5 ** (age / dr.half_life)
    own = per["own"].to_numpy()
    per = per.assign(w=w)
    threat = per[own >= 2].groupby("ccode")["w"].sum()
    hostile_rows = per[own >= th.rogue.min_hostility]
    hostile = hostile_rows.groupby("ccode")["w"].sum()
    last_hostile = hostile_rows.groupby("ccode")["last"].max()
    last_war = per[own >= 5].groupby("ccode")["last"].max()
    recent = per[per["last"] > ref - dr.count_window]
    count = recent.groupby("ccode")["dispnum"].nunique()
    max_own = recent.groupby("ccode")["own"].max()
    this_year = d[(d["year"] == year) & d["level_year"]] if year <= dhi else d.iloc[0:0]
    war = this_year[this_year["own"] == 5]
    covered = f"{max(ref - dr.count_window + 1, dlo)}-{ref}"
    ev["mids"] = count.reindex(codes).fillna(0).astype("int64").astype("Int64").array
    ev["mid_years"] = pd.array([covered] * n, dtype="string")
    ev["own_hostility"] = max_own.reindex(codes).fillna(0).astype("int64").astype("Int64").array
    ev["hostility_years"] = pd.array([covered] * n, dtype="string")
    looked = f"{max(ref - dr.lookback + 1, dlo)}-{ref}"
    ev["dispute_years"] = pd.array([looked] * n, dtype="string")
    ev["threat_weight"] = threat.reindex(codes).fillna(0.0).to_numpy()
    ev["hostile_evidence"] = hostile.reindex(codes).fillna(0.0).to_numpy()
    ev["last_hostile_year"] = last_hostile.reindex(codes).astype("Int64").array
    ev["last_war_year"] = last_war.reindex(codes).astype("Int64").array
    at_war = np.isin(codes, war["ccode"].to_numpy()).astype("int64")
    ev["at_war"] = pd.arrays.IntegerArray(at_war, np.full(n, year > dhi))
    ev["war_source"] = np.where(at_war == 1, "its own MID hostility level 5", "")
    _war_evidence(prep, ev, year, codes)


def _war_evidence(prep: PreparedInputs, ev: pd.DataFrame, year: int, codes: np.ndarray) -> None:
    """At war with the focal in ``year`` from the COW inter-state war participants, when given:
    the two fought the same war on opposite sides, both taking part in ``year``
    [sarkees2010]. Inside the war data's years it replaces the MID-based flag."""
    if prep.wars is None or prep.war_cov is None:
        return
    lo, hi = prep.war_cov
    if not lo <= year <= hi:
        return
    w = prep.wars
    now = w[(w["styear"] <= year) & (w["endyear"] >= year)]
    mine = now[now["ccode"] == prep.th.focal]
    flag = np.zeros(len(codes), dtype="int64")
    names = np.full(len(codes), "", dtype=object)
    if not mine.empty:
        other = now.merge(mine[["warnum", "side"]], on="warnum", suffixes=("", "_focal"))
        other = other[other["side"] != other["side_focal"]]
        flag = np.isin(codes, other["ccode"].to_numpy()).astype("int64")
        wn = other.groupby("ccode")["warnum"].min()
        names = np.array(
            [f"COW inter-state war {int(wn[c])}" if c in wn.index else "" for c in codes],
            dtype=object,
        )
    ev["at_war"] = pd.array(flag, dtype="Int64")
    ev["war_source"] = names


# --------------------------------------------------------------------------- classification


def _competitor(ev: pd.DataFrame, th: RoleThresholds) -> np.ndarray:
    cols = {"cinc": "capability_ratio", "milex": "milex_ratio", "nuclear": "nuclear_ratio"}
    parts = np.vstack(
        [np.minimum(1.0, ev[cols[c]].to_numpy(dtype="float64")) for c in th.rival.capability]
    )
    with np.errstate(invalid="ignore"):
        if th.rival.capability_combine == "max":
            out = np.where(
                np.isnan(parts).all(axis=0),
                np.nan,
                np.nanmax(np.where(np.isnan(parts), -np.inf, parts), axis=0),
            )
        else:
            known = ~np.isnan(parts)
            out = np.where(
                known.any(axis=0),
                np.where(known, parts, 0.0).sum(axis=0) / np.maximum(known.sum(axis=0), 1),
                np.nan,
            )
    return out


def role_scores(ev: pd.DataFrame, th: RoleThresholds) -> pd.DataFrame:
    """``ev`` (:func:`role_evidence`) with the strategic-rivalry scores the rules compare with
    ``th``: ``comp_competitor``, ``comp_rivalry``, ``comp_threat``, ``comp_preference``, their
    ``opposition`` and the ``degree`` of rivalry (rule 3 of the module docstring,
    [thompson2001])."""
    r = th.rival
    competitor = _competitor(ev, th)
    ys = ev["years_since_rivalry"].to_numpy(dtype="float64")
    if ev["rivalry_ongoing"].isna().all():
        comp_rivalry = np.full(len(ev), np.nan)  # no rivalry list covers the year
    else:
        comp_rivalry = np.where(np.isnan(ys), 0.0, 0.5 ** (ys / r.rivalry_half_life))
    tw = ev["threat_weight"].to_numpy(dtype="float64")
    comp_threat = np.minimum(1.0, tw / r.mid_saturation)
    comp_pref = ev["idealpoint_percentile"].to_numpy(dtype="float64")
    comps = np.vstack([comp_rivalry, comp_threat, comp_pref])
    known = ~np.isnan(comps)
    n_known = known.sum(axis=0)
    total = np.where(known, comps, 0.0).sum(axis=0)
    opposition = np.where(n_known > 0, total / np.maximum(n_known, 1), np.nan)
    degree = np.sqrt(competitor * opposition)
    # dup-ok: keyword arguments of the frame's new columns, alike only in shape to other
    # constructors' keyword lists (e.g. align.backtest's Backtest).
    return ev.assign(
        comp_competitor=competitor,
        comp_rivalry=comp_rivalry,
        comp_threat=comp_threat,
        comp_preference=comp_pref,
        opposition=opposition,
        degree=degree,
    )


def _pact_pairs(alliances: pd.DataFrame, obligations: Sequence[str]) -> pd.DataFrame:
    """The ATOP pair-years as the ally rules read them: ``c1``, ``c2``, ``year``, ``pact`` (one
    of ``obligations`` known to hold), ``pact_unknown`` (none known to hold and one unknown, a
    missing ATOP code: said in the year's data gaps, never read as "no pact" silently) and
    ``any`` (any ATOP obligation holds)."""
    a = alliances
    flags = [c for c in a.columns if c.startswith("atop_")]
    pact, pact_unknown = _obligation(a, obligations)
    return pd.DataFrame(
        {
            "c1": a["ccode1"].to_numpy("int64"),
            "c2": a["ccode2"].to_numpy("int64"),
            "year": a["year"].to_numpy("int64"),
            "pact": pact,
            "pact_unknown": pact_unknown,
            "any": _obligation(a, flags)[0],
        }
    )


def _pair(v: Any, threshold: float, nd: int = 2) -> tuple[str, str]:
    """``v`` and ``threshold`` printed with the fewest decimals (at least ``nd``) that keep a
    value below the threshold from reading equal to it ("0.399 below 0.400", not "0.40 below
    0.40")."""
    if is_missing(v):
        return "n/a", f"{threshold:.{nd}f}"
    d = nd
    while d < 6 and v != threshold and f"{v:.{d}f}" == f"{threshold:.{d}f}":
        d += 1
    # not zero, but rounds to it ('capability 0.00 ... below')
    return _decimals_text(float(v), d), f"{threshold:.{d}f}"


def _decimals_text(v: float, d: int) -> str:
    """``v`` at ``d`` decimals, but a positive value that rounds to zero as ``< 0.01`` (at
    ``d`` = 2): the one rule of :func:`_pair` and :func:`_ratio_text`.

    >>> _decimals_text(0.0043, 2), _decimals_text(0.0, 2), _decimals_text(0.0043, 3)
    ('< 0.01', '0.00', '0.004')
    """
    return f"< {10.0**-d:.{d}f}" if 0.0 < v < 0.5 * 10.0**-d else f"{v:.{d}f}"


def _session_years(sessions: str) -> list[int]:
    """The years of an ``idealpoint_sessions`` text (``"2001-2003"``, ``"2001, 2003"``)."""
    out: list[int] = []
    for part in sessions.split(","):
        a, _, b = part.strip().partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def _un_when(rec: Any, th: RoleThresholds) -> str:
    """Which sessions the UN evidence of ``rec`` comes from: ``""`` for the year's own estimate
    with a one-year window, ``" (estimate of 1994)"`` for an older one, and with a window of
    several years ``" (mean of 2001-2003)"``, naming the years of the window without an
    estimate (``" (mean of 2001, 2003; no estimate for 2002)"``) and saying when the window
    ends before the year (``" (mean of 1992-1994, the latest with an estimate)"``)."""
    if is_missing(rec.idealpoint_year):
        return ""
    last = int(rec.idealpoint_year)
    w = th.idealpoint_window
    if w == 1:
        return "" if last == int(rec.year) else f" (estimate of {last})"
    used = _session_years(str(rec.idealpoint_sessions)) if rec.idealpoint_sessions else [last]
    missing = [y for y in range(last - w + 1, last + 1) if y not in used]
    txt = f"mean of {year_ranges(used)}" if len(used) > 1 else f"estimate of {last}"
    if last != int(rec.year):
        txt += ", the latest with an estimate"
    if missing:
        txt += f"; no estimate for {year_ranges(missing)}"
    return f" ({txt})"


def _no_un_why(rec: Any) -> str:
    """Why ``rec`` has no UN ideal point: the UN did not exist yet (before
    :data:`UN_FIRST_YEAR`, not a gap), the catalog has no dataset of them, the estimates end
    before the year, the focal state had no seat (all three named in ``data_gaps``), or else
    the state itself had no seat."""
    if int(rec.year) < UN_FIRST_YEAR:
        return f"no UN before {UN_FIRST_YEAR}"
    gaps = str(getattr(rec, "data_gaps", "") or "")
    if _UN_NO_DATASET in gaps:
        return "no dataset of UN ideal points"
    ended = re.search(re.escape(_UN_ENDS) + r" (\d+)", gaps)
    if ended:
        return f"the estimates end in {ended.group(1)}"
    if _UN_FOCAL_NONE in gaps:
        return "the focal state had no seat"
    return "no seat"


def _share_of_members(x: float) -> str:
    """A percentile as the share of members in a sentence: a whole percentage, one decimal
    where the whole one would read as a bound ("at least as far as > 99% of members" became
    "99.6%"), "more than 99.9%" past that."""
    text = fmt_share(x, decimals=0)
    if text.startswith(">"):
        text = fmt_share(x, decimals=1)
    return "more than " + text.removeprefix("> ") if text.startswith(">") else text


def _un_text(rec: Any, th: RoleThresholds) -> str:
    """The UN evidence of ``rec``; without an ideal point, why (:func:`_no_un_why`)."""
    pct = rec.idealpoint_percentile
    if is_missing(pct):
        return f"no UN ideal point ({_no_un_why(rec)}: preference unknown, counted neither way)"
    # the percentile counts the members at most as far, the state itself among them (rank
    # 'max', :func:`un_percentiles`): the furthest state read 'further than 100% of members'
    return (
        f"UN ideal-point distance {fmt_decimals(rec.idealpoint_distance)}, at least as far as "
        f"{_share_of_members(pct)} of members{_un_when(rec, th)}"
    )


#: A capability measure the data do not give for the state-year, in the reasons.
_UNKNOWN = "unknown (not in the data)"


def _ratio_text(value: Any, undefined: str = "n/a") -> str:
    """A capability ratio to the focal state at two decimals (:func:`fmt_decimals`), but a
    ratio that is not zero and rounds to zero as ``< 0.01``: Iraq's 2001 military spending,
    0.4% of the U.S.'s, read 'military spending 0.00', as if it had none.

    >>> _ratio_text(0.0043), _ratio_text(0.0), _ratio_text(0.57), _ratio_text(None)
    ('< 0.01', '0.00', '0.57', 'n/a')
    """
    return undefined if is_missing(value) else _decimals_text(float(value), 2)


def _capability_text(rec: Any, th: RoleThresholds) -> str:
    parts = []
    for c in th.rival.capability:
        if c == "cinc":
            parts.append(f"CINC {_ratio_text(rec.capability_ratio, undefined=_UNKNOWN)}")
        elif c == "milex":
            my = getattr(rec, "milex_year", None)
            when = (
                ""
                if is_missing(my) or is_missing(rec.milex_ratio) or my == rec.year
                else f" ({my}'s)"
            )
            # a missing value is unknown in words ("military spending n/a" read as "not
            # applicable"; the row's data_gaps say which years NMC lacks)
            parts.append(
                f"military spending {_ratio_text(rec.milex_ratio, undefined=_UNKNOWN)}{when}"
            )
        else:
            if is_missing(rec.nuclear_warheads):
                parts.append(f"nuclear warheads {_UNKNOWN}")
            else:
                parts.append(f"nuclear warheads {_ratio_text(min(1.0, rec.nuclear_ratio))}")
    how = "highest" if th.rival.capability_combine == "max" else "mean"
    ratios = {"cinc": rec.capability_ratio, "milex": rec.milex_ratio}  # nuclear: printed capped
    capped = any(
        c in ratios and not is_missing(ratios[c]) and float(ratios[c]) > 1.0
        for c in th.rival.capability
    )
    # a ratio above 1 enters the score as 1: say so, or "mean of 4.04 and 12.77" reads as 1.00
    cap = ", each capped at 1" if capped else ""
    known = [p for p in parts if not p.endswith(_UNKNOWN)]
    if len(parts) > 1 and len(known) == 1:
        # one value is not a mean (nor a highest) of several: say which measure it is
        unknown = [p for p in parts if p.endswith(_UNKNOWN)]
        cap = ", capped at 1" if capped else ""
        return (
            f"capability {_ratio_text(rec.comp_competitor)} of the focal's ({known[0]} alone{cap}; "
            f"{', '.join(unknown)})"
        )
    return f"capability {_ratio_text(rec.comp_competitor)} of the focal's ({how} of {', '.join(parts)}{cap})"


def _dispute_span(year: int, span: Any, window: int) -> str:
    """Where the dispute evidence of ``year`` over ``window`` years comes from: ``"in 10
    years"`` when the data cover them all, else the years they cover and why.

    >>> _dispute_span(1816, "1816-1816", 30), _dispute_span(2016, "2005-2014", 10)
    ('in 1816 (the dispute data begin there)', 'in 2005-2014 (the dispute data end there)')
    >>> _dispute_span(2001, "1992-2001", 10)
    'in 10 years'
    """
    if is_missing(span) or str(span) == f"{year - window + 1}-{year}":
        return f"in {window} years"
    a, _, b = str(span).partition("-")
    lo, hi = int(a), int(b or a)
    why = []
    if lo > year - window + 1:
        why.append("begin")
    if hi < year:
        why.append("end")
    years = f"{lo}" if lo == hi else f"{lo}-{hi}"
    return f"in {years} (the dispute data {' and '.join(why)} there)"


def _hostility_text(rec: Any, th: RoleThresholds) -> str:
    if is_missing(rec.hostile_evidence):
        return "no dispute data"
    if rec.hostile_evidence <= 0:
        where = _dispute_span(
            int(rec.year), getattr(rec, "dispute_years", None), th.disputes.lookback
        )
        return (
            f"no dispute of its own at hostility >= {th.rogue.min_hostility} against the focal "
            f"{where}"
        )
    last = (
        "" if is_missing(rec.last_hostile_year) else f", the last in {int(rec.last_hostile_year)}"
    )
    return (
        f"hostility evidence {rec.hostile_evidence:.2f} (its own disputes at hostility >= "
        f"{th.rogue.min_hostility}, weight halving every {th.disputes.half_life:g} years{last})"
    )


def _mids_text(rec: Any, th: RoleThresholds) -> str:
    if is_missing(rec.mids):
        return "no dispute data"
    where = _dispute_span(int(rec.year), rec.mid_years, th.disputes.count_window)
    return f"{count_noun(int(rec.mids), 'MID')} {where}"


def _flag(values: Any) -> np.ndarray:
    """A nullable 0/1 column as a boolean array (missing = False)."""
    return pd.array(values, dtype="Int64").fillna(0).to_numpy("int64") == 1


def _war_within(ev: pd.DataFrame) -> np.ndarray:
    """Rows whose state fought the focal (its own MID hostility level 5, opposite sides) within
    the dispute ``lookback``, the year itself included."""
    if "last_war_year" not in ev:
        return np.zeros(len(ev), dtype=bool)
    last = ev["last_war_year"].to_numpy(dtype="float64", na_value=np.nan)
    return ~np.isnan(last) | _flag(ev["at_war"])


def pact_links(ev: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The (row, partner code) pairs of the evidence's ``pact_partners`` column, flattened once
    (:func:`decide` takes them precomputed when it is called many times on one frame); none
    without that column. An ``ev`` that is no DataFrame: an :class:`~anpo.errors.InputError`
    naming it (a dict or a list was read as evidence without pacts)."""
    _table("ev", ev, what="a table of evidence")
    if "pact_partners" not in ev:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    partners = ev["pact_partners"].tolist()
    lengths = np.fromiter((len(x) for x in partners), dtype=np.int64, count=len(partners))
    flat = np.fromiter(chain.from_iterable(partners), dtype=np.int64, count=int(lengths.sum()))
    return np.repeat(np.arange(len(ev), dtype=np.int64), lengths), flat


def _rival_pact(
    ev: pd.DataFrame, rival: np.ndarray, links: tuple[np.ndarray, np.ndarray] | None
) -> np.ndarray:
    """Rows whose state shares a pact (``pact_partners``) with a state that is a strategic rival
    of the focal in the same year (``rival`` flags those rows)."""
    out = np.zeros(len(ev), dtype=bool)
    if not rival.any():
        return out
    rows, flat = pact_links(ev) if links is None else links
    if not len(flat):
        return out
    years = ev["year"].to_numpy("int64")
    codes = ev["ccode"].to_numpy("int64")
    span = max(int(codes.max()), int(flat.max())) + 1
    hit = np.isin(years[rows] * span + flat, years[rival] * span + codes[rival])
    out[rows[hit]] = True
    return out


#: The evidence columns :func:`decide` reads on every call (``last_war_year`` and
#: ``pact_partners`` are optional).
_DECIDE_COLUMNS = (
    "comp_competitor",
    "degree",
    "idealpoint_percentile",
    "idealpoint_pair_percentile",
    "rivalry_ongoing",
    "hostile_evidence",
    "at_war",
    "defense_pact",
    "years_since_rivalry",
    "threat_weight",
)


def decide(
    ev: pd.DataFrame,
    th: RoleThresholds,
    links: tuple[np.ndarray, np.ndarray] | None = None,
) -> pd.DataFrame:
    """The role, rule and intensity of every row of scored evidence (vectorised; first match
    wins, in the order of the module docstring; the allies of the primary rival are assigned
    afterwards by :func:`_classify`).

    A pact decides the role unless it is contradicted (UN voting, the state's own hostility or
    an ongoing rivalry): a contradicted pact is *nominal*, and the other evidence decides; the
    state is a nominal ally only when no other rule fires. Without a UN seat the state's
    preference is unknown and counts neither way: its disputes alone do not make a pact
    nominal, and its hostility makes it a rogue state only when corroborated by an ongoing
    rivalry with the focal, a war against the focal within the dispute lookback, or a pact
    with one of its strategic rivals (the neutral Switzerland's two militarized disputes with
    the U.S. in MID 5.0, 1954 and 1959, do not make it a rogue state; North Korea before its UN
    seat of 1991 is one).

    ``links``: :func:`pact_links` of ``ev``, when precomputed. Returns a frame with ``role``,
    ``rule``, ``intensity``, ``nominal_ally`` aligned with ``ev``.

    Sources: the taxonomy of [soeya2001]; strategic rivals after
    [thompson2001];
    alliances, [leeds2002], ATOP; disputes, [palmer2022] MID 5.0 and [maoz2019] dyadic MID (hostility levels, codebook); UN voting, [bailey2017].

    Raises :class:`~anpo.errors.InputError` naming ``ev`` when it is no DataFrame or lacks a
    column the rules read (:data:`_DECIDE_COLUMNS`; a bare ``KeyError: 'comp_competitor'``
    before).
    """
    _table("ev", ev, what="a table of evidence", columns=_DECIDE_COLUMNS)
    r, g = th.rival, th.rogue

    def num(c: str) -> np.ndarray:
        return ev[c].to_numpy(dtype="float64", na_value=np.nan)

    competitor = num("comp_competitor")
    degree = num("degree")
    pct = num("idealpoint_percentile")
    # a pact binds both members: UN voting contradicts it only when the two vote far apart
    # seen from either member (the smaller of the two percentiles)
    pair = num("idealpoint_pair_percentile")
    with np.errstate(invalid="ignore"):
        ongoing = _flag(ev["rivalry_ongoing"])
        can_contest = competitor >= r.min_capability_ratio
        primary = degree >= r.primary_degree
        hostile = num("hostile_evidence") >= g.min_hostile_evidence
        at_war = _flag(ev["at_war"]) & th.war.override
        pact = _flag(ev["defense_pact"])
        # without a UN seat the preference is unknown: it neither keeps disputes from
        # contradicting a pact nor confirms that they do
        apart = pct >= th.ally.nominal_dispute_percentile
        far = pair >= th.ally.nominal_idealpoint_percentile
        nominal = pact & (far | (hostile & apart) | ongoing)
        # a rivalry that ended longer ago than the dispute lookback is no longer evidence, as a
        # dispute that old is not (the Anglo-Chinese rivalry that ended in 1900 made the U.K. a
        # latent rival of China in 1990)
        past = num("years_since_rivalry") <= th.disputes.lookback
        # threat evidence must reach the hostility bar of the rogue rule: a trace of an old bloc
        # war (Canada's share of the Pacific War, 0.016 in 1957) is not a rival's threat
        threat = num("threat_weight") >= g.min_hostile_evidence
        latent = (degree >= r.min_degree) & (past | threat)
        rival = can_contest & (ongoing | latent)
        weak = competitor < g.max_capability_ratio
        # the rules before the rogue rule, first match wins: which rows they make rivals
        before = [at_war & can_contest, at_war, pact & ~nominal, rival]
        rival_role = np.select(before, [True, False, False, True], False)
        # a known preference must be far; an unknown one needs the hostility corroborated
        corroborated = ongoing | _war_within(ev) | _rival_pact(ev, rival_role, links)
        votes_far = (pct >= g.min_idealpoint_percentile) | (np.isnan(pct) & corroborated)
        rogue = weak & (hostile | (g.rivalry_counts & ongoing)) & votes_far
    level = np.where(primary, "primary", "lesser")
    conds = [*before, rogue, pact]
    role = np.select(
        conds,
        ["strategic rival", "rogue state", "ally", "strategic rival", "rogue state", "ally"],
        "other",
    )
    rule = np.select(
        conds,
        [
            "war",
            "war",
            "alliance",
            np.where(ongoing, "rivalry", "latent rivalry"),
            "rogue",
            "nominal alliance",
        ],
        "none",
    )
    intensity = np.select(conds, [level, "", "", level, "", "nominal"], "")
    return pd.DataFrame(
        {"role": role, "rule": rule, "intensity": intensity, "nominal_ally": pact & nominal},
        index=ev.index,
    )


def _pact_text(rec: Any, th: RoleThresholds) -> str:
    obl = " or ".join(o.removeprefix("atop_") for o in th.ally.obligations)
    side = {
        "both": "obligations on both sides",
        "focal": "ATOP records the obligation on the focal state's side",
        "other": "ATOP records the obligation on this state's side",
    }.get(str(rec.pact_side), "")
    return f"ATOP {obl} pact with the focal state" + (f" ({side})" if side else "")


def _reason(rec: Any, th: RoleThresholds) -> str:
    """The evidence behind the rule that fired for one row (see :func:`decide`)."""
    g = th.rogue
    pct = rec.idealpoint_percentile
    pair = rec.idealpoint_pair_percentile
    nominal = ""
    if rec.nominal_ally:
        contra = []
        if not is_missing(pair) and pair >= th.ally.nominal_idealpoint_percentile:
            contra.append(
                # at least as far (the percentiles count the ties and the state itself, as
                # in _un_text): "further ... than 100% of members" could not be
                f"votes at least as far from the focal in the UN as {_share_of_members(pct)} of "
                "members, and the focal at least as far from it as "
                f"{_share_of_members(rec.idealpoint_reverse_percentile)} of members"
                f"{_un_when(rec, th) if th.idealpoint_window > 1 else ''}"
            )
        apart = not is_missing(pct) and pct >= th.ally.nominal_dispute_percentile
        if (
            apart
            and not is_missing(rec.hostile_evidence)
            and rec.hostile_evidence >= g.min_hostile_evidence
        ):
            contra.append(_hostility_text(rec, th))
        if not is_missing(rec.rivalry_ongoing) and rec.rivalry_ongoing == 1:
            contra.append(f"ongoing strategic rivalry ({rec.rivalry})")
        nominal = f"{_pact_text(rec, th)}, contradicted: " + "; ".join(contra)
    if rec.role == "ally":
        return f"nominal ally: {nominal}" if rec.rule == "nominal alliance" else _pact_text(rec, th)
    unknown = (
        "ATOP pact obligations with the focal unknown (a missing code; no pact assumed); "
        if getattr(rec, "pact_unknown", False)
        else ""
    )
    return unknown + (f"nominal ally only ({nominal}); " if nominal else "") + _role_reason(rec, th)


def _role_reason(rec: Any, th: RoleThresholds) -> str:
    r, g = th.rival, th.rogue
    degree = rec.degree
    pct = rec.idealpoint_percentile
    level = "primary" if rec.intensity == "primary" else "to a lesser extent"
    if rec.rule == "war":
        src = str(rec.war_source) or "its own MID hostility level 5"
        head = f"at war with the focal state in {int(rec.year)} ({src}); "
        if rec.role == "strategic rival":
            # the decimals that tell the degree from the primary threshold: 0.697 read "0.70
            # (to a lesser extent)" (Germany 1944)
            shown, bar = _pair(degree, r.primary_degree)
            return head + f"degree {shown} ({level}; primary >= {bar}), {_capability_text(rec, th)}"
        return head + _capability_text(rec, th)
    if rec.role == "strategic rival":
        if rec.rule == "rivalry":
            basis = f"ongoing strategic rivalry ({rec.rivalry})"
        elif not is_missing(rec.years_since_rivalry):
            ago = int(rec.years_since_rivalry)
            basis = f"strategic rivalry ended {ago} year{'' if ago == 1 else 's'} earlier"
            if ago > th.disputes.lookback:  # no evidence by itself: the disputes are
                basis += (
                    f" (older than the {th.disputes.lookback}-year lookback), threat evidence "
                    f"{rec.threat_weight:.2f} (its own disputes with threats or force against "
                    f"the focal in {th.disputes.lookback} years)"
                )
        elif is_missing(rec.rivalry_ongoing):
            basis = "no rivalry list covers the year"
        else:
            basis = "no strategic rivalry on record"
        shown, bar = _pair(degree, r.primary_degree)
        return (
            f"degree {shown} ({level}; primary >= {bar}): "
            f"{_capability_text(rec, th)}, {basis}, {_mids_text(rec, th)}, {_un_text(rec, th)}"
        )
    if rec.role == "rogue state":
        reasons: list[str] = []
        if not is_missing(rec.hostile_evidence) and rec.hostile_evidence >= g.min_hostile_evidence:
            reasons.append(_hostility_text(rec, th))
        if g.rivalry_counts and not is_missing(rec.rivalry_ongoing) and rec.rivalry_ongoing == 1:
            reasons.append(f"ongoing strategic rivalry with the focal ({rec.rivalry})")
        un = _un_text(rec, th) + (
            f", corroborated by {' and '.join(_corroboration(rec, th))}"
            if is_missing(pct)
            else f" (>= {fmt_share(g.min_idealpoint_percentile, decimals=0)})"
        )
        return (
            f"{_capability_text(rec, th)} (< {g.max_capability_ratio:.2f}); "
            + "; ".join(reasons)
            + f"; {un}"
        )
    return "; ".join(
        [
            f"rival degree {_pair(degree, r.min_degree)[0]}",
            _hostility_text(rec, th),
            _un_text(rec, th),
            *_why_not(rec, th),
        ]
    )


def _corroboration(rec: Any, th: RoleThresholds) -> list[str]:
    """What corroborates the hostility of a state without a UN seat (see :func:`decide`)."""
    out = []
    if not is_missing(rec.rivalry_ongoing) and rec.rivalry_ongoing == 1:
        out.append(f"an ongoing strategic rivalry ({rec.rivalry})")
    last = getattr(rec, "last_war_year", None)
    if not is_missing(last):
        out.append(f"a war against the focal (its own hostility level 5, last in {last})")
    elif not is_missing(rec.at_war) and rec.at_war == 1:
        out.append(f"a war against the focal in {int(rec.year)}")
    rivals = getattr(rec, "rival_partners", "")
    if isinstance(rivals, str) and rivals:
        out.append(f"a pact with a strategic rival of the focal ({rivals})")
    return out


def _why_not(rec: Any, th: RoleThresholds) -> list[str]:
    """For a state with no role: which conditions of the rival and rogue rules it misses.

    Both rules are checked, each where its capability test holds: a state between
    ``rival.min_capability_ratio`` and ``rogue.max_capability_ratio`` could be either, and the
    reader is told why it is neither (the conditions of :func:`decide`); where a capability
    test fails, that is the reason given for its rule."""
    r, g = th.rival, th.rogue
    comp = rec.comp_competitor
    if is_missing(comp):
        return ["no capability data"]
    out = []
    if comp >= r.min_capability_ratio:
        low = is_missing(rec.degree) or rec.degree < r.min_degree
        ago = rec.years_since_rivalry
        past = not is_missing(ago) and ago <= th.disputes.lookback
        tw = rec.threat_weight
        threat = not is_missing(tw) and tw >= g.min_hostile_evidence
        miss = []
        if low:
            miss.append("degree {} below {}".format(*_pair(rec.degree, r.min_degree)))
        if not (past or threat):
            history = (
                f"no rivalry with the focal in {th.disputes.lookback} years"
                if not is_missing(ago)
                else "no past rivalry with the focal"
            )
            if is_missing(tw):
                miss.append(f"{history} and no dispute data")
            else:
                shown, bar = _pair(tw, g.min_hostile_evidence)
                miss.append(f"{history} and threat evidence {shown} below {bar}")
        out.append("not a rival: " + " and ".join(miss))
    else:  # too weak for the rival rule: said, so that the reason covers both rules
        shown, bar = _pair(comp, r.min_capability_ratio)
        out.append(f"not a rival: capability {shown} of the focal's below {bar}")
    if comp < g.max_capability_ratio:
        miss = []
        hostile = (
            not is_missing(rec.hostile_evidence) and rec.hostile_evidence >= g.min_hostile_evidence
        )
        rivalry = (
            g.rivalry_counts and not is_missing(rec.rivalry_ongoing) and rec.rivalry_ongoing == 1
        )
        if not (hostile or rivalry):
            miss.append(f"hostility evidence below {g.min_hostile_evidence:g}")
        pct = rec.idealpoint_percentile
        if not is_missing(pct) and pct < g.min_idealpoint_percentile:
            shown, bar = _pair(pct, g.min_idealpoint_percentile)
            when = _un_when(rec, th) if th.idealpoint_window > 1 else ""
            miss.append(f"UN distance percentile {shown}{when} below {bar}")
        elif is_missing(pct) and not _corroboration(rec, th):
            miss.append(
                f"preference unknown ({_no_un_why(rec)}) and its hostility not corroborated "
                "(no ongoing "
                f"rivalry, war against the focal in {th.disputes.lookback} years or pact with "
                "a strategic rival of the focal)"
            )
        if miss:
            out.append("not a rogue state: " + " and ".join(miss))
    else:  # too strong for the rogue rule
        shown, bar = _pair(comp, g.max_capability_ratio)
        out.append(f"not a rogue state: capability {shown} of the focal's, not below {bar}")
    return out


def _classify(ev: pd.DataFrame, prep: PreparedInputs) -> pd.DataFrame:
    from anpo.report.countries import row_names

    th = prep.th
    ev = role_scores(ev, th)
    ev = ev.join(decide(ev, th))
    # 5. allies of the primary rival(s): a pact with one (``pact_partners``), and no role of
    # their own; the link is also evidence for the rogue rule of a state without a UN seat
    rivals = ev[ev["role"] == "strategic rival"]
    primary = set(rivals.loc[rivals["intensity"] == "primary", "ccode"].tolist())
    # the rivals' names as in the year (the Soviet Union in 1950, not the list's "Russia"), by
    # the package's one rule for names (anpo.report.countries.country_name)
    names = dict(zip(rivals["ccode"].astype(int).tolist(), row_names(rivals), strict=True))
    codes = ev["ccode"].to_numpy("int64")
    partners = [
        [c for c in p if c in names and c != code]
        for code, p in zip(codes.tolist(), ev["pact_partners"], strict=True)
    ]
    ev["rival_partners"] = [", ".join(str(names[c]) for c in p) for p in partners]
    ev["allied_rivals"] = [", ".join(str(names[c]) for c in p if c in primary) for p in partners]
    # 'the focal state's primary strategic rival (Spain)' where the year has two (the United
    # Kingdom and Spain in 1816) read as if Spain were the only one
    n_allied = [sum(c in primary for c in p) for p in partners]
    pact_with = pd.Series(
        [
            "defense pacts with the focal state's primary strategic rivals ("
            if k > 1
            else "defense pact with one of the focal state's primary strategic rivals ("
            if len(primary) > 1
            else "defense pact with the focal state's primary strategic rival ("
            for k in n_allied
        ],
        index=ev.index,
    )
    ev["reason"] = [_reason(rec, th) for rec in ev.itertuples(index=False)]
    linked = (ev["role"] == "other") & (ev["allied_rivals"] != "")
    # a pact with the rival contradicted by votes on the focal's side of the UN is nominal
    pct = ev["idealpoint_percentile"].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        close = pct < th.ally.rival_ally_idealpoint_percentile
    nominal = linked & close
    if nominal.any():
        ev.loc[nominal, "reason"] = (
            pact_with[nominal]
            + ev.loc[nominal, "allied_rivals"]
            + "), contradicted: votes closer to the focal in the UN than "
            + [fmt_share(1 - x, decimals=0) for x in pct[nominal.to_numpy()]]
            + " of members"
            + (
                [_un_when(rec, th) for rec in ev[nominal].itertuples(index=False)]
                if th.idealpoint_window > 1
                else ""
            )
            + " (not an ally of the rival); "
            + ev.loc[nominal, "reason"]
        )
    mask = linked & ~close
    if mask.any():
        ev.loc[mask, "reason"] = (
            pact_with[mask] + ev.loc[mask, "allied_rivals"] + "); " + ev.loc[mask, "reason"]
        )
        ev.loc[mask, "role"] = "ally-of-rival"
        ev.loc[mask, "rule"] = "rival's alliance"
    return ev


# --------------------------------------------------------------------------- public API


EVIDENCE_COLUMNS = [
    "defense_pact",
    "pact_side",
    "nominal_ally",
    "any_alliance",
    "allied_rivals",
    "at_war",
    "war_source",
    "rivalry_ongoing",
    "rivalry",
    "years_since_rivalry",
    "mids",
    "mid_years",
    "own_hostility",
    "hostility_years",
    "dispute_years",
    "threat_weight",
    "hostile_evidence",
    "last_hostile_year",
    "last_war_year",
    "cinc",
    "capability_ratio",
    "milex_ratio",
    "milex_year",
    "nuclear_warheads",
    "nuclear_ratio",
    "idealpoint_distance",
    "idealpoint_percentile",
    "idealpoint_reverse_percentile",
    "idealpoint_pair_percentile",
    "idealpoint_year",
    "idealpoint_sessions",
    "comp_competitor",
    "comp_rivalry",
    "comp_threat",
    "comp_preference",
    "opposition",
]

OUTPUT_COLUMNS = [
    "ccode",
    "stateabb",
    "statenme",
    "year",
    "role",
    "rule",
    "intensity",
    "degree",
    "reason",
    "data_status",
    "data_gaps",
    *EVIDENCE_COLUMNS,
]


#: What each column of :func:`roles` (one row per state and year; ``anpo roles --json``'s
#: ``roles``, which adds ``state``) means, with its unit and what a missing value (null in the
#: JSON) means. docs/explanation/relations.md lists them; a test holds the three together.
ROLE_FIELDS: dict[str, str] = {
    "ccode": "COW state code of the state",
    "stateabb": "COW state abbreviation",
    "statenme": "the COW list's name of the state (one name per code)",
    "state": "(JSON only) the state's name as in the year (the Soviet Union in 1970)",
    "year": "the year of the roles",
    "role": "ally, strategic rival, rogue state, ally-of-rival or other",
    "rule": "the rule that gave the role: war, alliance, nominal alliance, rivalry, latent "
    "rivalry, rogue, rival's alliance or none",
    "intensity": "primary or lesser for a strategic rival, nominal for an ally whose pact is "
    "contradicted; empty for every other role (no intensity)",
    "degree": "rival degree, 0-1: sqrt(comp_competitor x opposition), for every state; null "
    "when the capability or every opposition component is unknown",
    "reason": "the evidence behind the role, in words",
    "data_status": "complete, or insufficient when a dataset does not cover the year (its "
    "evidence is then taken as of its last year) or the state's military spending is missing",
    "data_gaps": "the gaps behind an insufficient data_status, joined by '; ' (empty when "
    "complete)",
    "defense_pact": "1 when the state and the focal share an ATOP pact obligation the ally rule "
    "reads (defense or offense), 0 when not; null when the alliance data miss the year or an "
    "obligation is unknown (a missing ATOP code)",
    "pact_side": "which side ATOP records the pact obligation on: both, focal, other; empty "
    "without a pact",
    "nominal_ally": "true when the pact is contradicted (UN voting, hostility or an ongoing "
    "rivalry) and the role comes from the other evidence",
    "any_alliance": "1 when the two share any ATOP obligation (consultation, neutrality, "
    "non-aggression included), 0 when not; null as defense_pact",
    "allied_rivals": "the focal's primary strategic rivals the state has a pact with, by name "
    "(empty: none)",
    "at_war": "1 when at war with the focal in the year (COW inter-state war participants, else "
    "the state's own MID hostility level 5), 0 when not; null when no war or dispute data "
    "cover the year",
    "war_source": "the war behind at_war = 1 (a COW war number, or its own MID hostility level "
    "5); empty otherwise",
    "rivalry_ongoing": "1 when a rivalry list the rules read codes an ongoing strategic rivalry "
    "with the focal, 0 when not; null when no list covers the year",
    "rivalry": "the ongoing rivalry's name in the list (empty: none)",
    "years_since_rivalry": "years since the last rivalry with the focal ended (0 while ongoing); "
    "null when there has been none (or no list covers the year)",
    "mids": "the state's militarized disputes with the focal in mid_years (count); null "
    "without dispute data",
    "mid_years": "the years mids and own_hostility count (the dispute count window)",
    "own_hostility": "the state's own highest MID hostility level against the focal in "
    "hostility_years (MID levels: 1 no militarized action, 2 threat, 3 display, 4 use of force, "
    "5 war; 0: no dispute); null without "
    "dispute data",
    "hostility_years": "the years own_hostility covers",
    "dispute_years": "the years the decayed dispute evidence (threat_weight, hostile_evidence) "
    "looks back over",
    "threat_weight": "the state's own disputes against the focal at hostility >= 2 in "
    "dispute_years, each weighted 0.5 ** (age / half_life) and shared among a bloc's joiners "
    "(a sum, no unit); null without dispute data",
    "hostile_evidence": "as threat_weight, the disputes at hostility >= rogue.min_hostility only",
    "last_hostile_year": "the last year of such a hostile dispute in dispute_years; null: none",
    "last_war_year": "the last year of a dispute at the state's own hostility level 5 in "
    "dispute_years; null: none",
    "cinc": "the state's CINC (NMC, world share 0-1); null when NMC has no row for it",
    "capability_ratio": "the state's CINC / the focal's (not capped); null as cinc",
    "milex_ratio": "the state's military spending / the focal's (NMC, not capped); null when "
    "either is missing (a gap of the row)",
    "milex_year": "the year of the military spending used (an earlier one carried forward at "
    "most 3 years); null when none",
    "nuclear_warheads": "the state's nuclear warheads (FAS stockpiles; 0 before 1945 and for a "
    "state the file does not list); null without the dataset or for a blank count",
    "nuclear_ratio": "nuclear_warheads / the focal's (at least 1); null as nuclear_warheads",
    "idealpoint_distance": "UN ideal-point distance from the focal, the mean over "
    "idealpoint_sessions; null without a UN seat, before 1946 or without the dataset",
    "idealpoint_percentile": "the share of the other members voting at most as far from the "
    "focal (the focal's standpoint, 0-1); null as idealpoint_distance",
    "idealpoint_reverse_percentile": "the share of the members at most as far from the state as "
    "the focal is (the state's standpoint, 0-1); null as idealpoint_distance",
    "idealpoint_pair_percentile": "the smaller of the two percentiles (the nominal-pact test); "
    "null as idealpoint_distance",
    "idealpoint_year": "the latest session of the UN evidence; null as idealpoint_distance",
    "idealpoint_sessions": "the sessions averaged (empty: none)",
    "comp_competitor": "capability relative to the focal, 0-1 (each measure capped at 1, "
    "combined as rival.capability_combine); null without any capability measure",
    "comp_rivalry": "the rivalry component, 0-1: 1 while ongoing, halving every "
    "rival.rivalry_half_life years after it ended, 0 without one; null when no list covers "
    "the year",
    "comp_threat": "the threat component, 0-1: threat_weight / rival.mid_saturation, capped at "
    "1; null without dispute data",
    "comp_preference": "the preference component: idealpoint_percentile; null as "
    "idealpoint_distance",
    "opposition": "the mean of the known comp_rivalry, comp_threat and comp_preference; null "
    "when none is known",
}

#: The top-level keys of ``anpo roles --json``.
ROLES_JSON_KEYS: dict[str, str] = {
    "focal": "COW code of the focal state",
    "years": "the years asked, every one",
    "thresholds": "the thresholds in use (anpo roles --print-thresholds --json)",
    "sources": "per dataset kind read: dataset, version, SHA-256",
    "missing_datasets": "optional kinds absent from the catalog (their rules cannot fire)",
    "rivalry_inputs": "the rivalry lists the rules read (td, tss)",
    "data_status": "complete, or insufficient when any row's is",
    "data_gaps": "every gap of the rows, each once",
    "accuracy": "the held-out scores of the last `anpo roles validate` with these inputs, or "
    "null before one",
    "accuracy_note": "what accuracy is, or how to get it",
    "roles": "one object per state and year (the focal state left out), each with the fields of a state (ROLE_FIELDS)",
}


def _check_state_years(states: pd.DataFrame, year: int) -> None:
    """Raise an :class:`InputError` saying the state list ends (or starts) before ``year``."""
    lo, hi = year_coverage(states, ("styear", "endyear"), name="states")
    if not lo <= year <= hi:
        when = "ends in" if year > hi else "starts in"
        raise InputError(
            f"no roles for {year}: the state list in the catalog {when} "
            f"{hi if year > hi else lo} (it covers {lo}-{hi})",
            field="year",
        )


def not_a_member(states: pd.DataFrame, focal: int, when: str) -> str:
    """Why ``focal`` cannot be the focal state in the years ``when`` (text): no state of the
    COW list ``states`` has that code, or the state (named, with its code) is not a system
    member then, with the years it is one. The message said "the focal state 999 is not a
    system member in 2001 (the state list covers 1816-2016)" for an unknown code and for
    Japan in 1950 alike.

    >>> s = pd.DataFrame({"ccode": [740, 740], "statenme": ["Japan"] * 2,
    ...                   "styear": [1860, 1952], "endyear": [1945, 2016]})
    >>> not_a_member(s, 740, "1950")
    'Japan (740) is not a system member in 1950 (COW state list: a member in 1860-1945, 1952-2016)'
    >>> not_a_member(s, 999, "2001")
    'no state has the code 999 in the COW state list (Correlates of War codes: 2 for the United States, 740 for Japan, ...)'

    A ``states`` that is no DataFrame or lacks ``ccode, styear, endyear``: an
    :class:`~anpo.errors.InputError` naming it (a bare ``KeyError: 'ccode'`` before).
    """
    from anpo.report.countries import country_name

    _table("states", states, what="a state list", columns=("ccode", "styear", "endyear"))
    own = states[states["ccode"].astype("int64") == int(focal)]
    if own.empty:
        return (
            f"no state has the code {focal} in the COW state list (Correlates of War codes: "
            "2 for the United States, 740 for Japan, ...)"
        )
    spells = sorted(zip(own["styear"].astype("int64"), own["endyear"].astype("int64"), strict=True))
    member = ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in spells)
    listed = str(own["statenme"].iloc[-1]) if "statenme" in own.columns else ""
    years = [int(y) for y in re.findall(r"\d{4}", when)]
    name = country_name(int(focal), years[0] if years else None, listed=listed or None)
    return (
        f"{name} ({focal}) is not a system member in {when} (COW state list: a member in {member})"
    )


#: What :func:`whole_number` says a year or a state code must be (``int()`` read 2000.5 as 2000
#: and a state's abbreviation 'JPN' was a bare ValueError).
_YEAR_OR_CODE = "a whole number (a year, or a COW state code such as 740)"


def roles_prepared(prep: PreparedInputs, year: int) -> pd.DataFrame:
    """:func:`roles` for one year on inputs indexed by :func:`prepare_roles`."""
    th = prep.th
    year = whole_number(year, "year", what=_YEAR_OR_CODE)
    ev = role_evidence(prep, year)
    if th.focal not in set(ev["ccode"]):
        _check_state_years(prep.states, year)
        raise InputError(not_a_member(prep.states, th.focal, str(year)), field="focal")
    ev = _classify(ev, prep)
    me = ev.loc[ev["ccode"] == th.focal, "statenme"]
    listed = str(me.iloc[0]) if len(me) and isinstance(me.iloc[0], str) and me.iloc[0] else ""
    # as the table and the evidence name the other states: as in the year (the Soviet Union in
    # 1970 as the focal, not the list's "Russia"; anpo.report.countries.country_name)
    from anpo.report.countries import country_name

    focal_name = country_name(th.focal, year, listed=listed or f"state {th.focal}")
    ev = ev[ev["ccode"] != th.focal]
    rank = ev["role"].map({r: i for i, r in enumerate(ROLE_ORDER)})
    order = np.where(
        ev["role"].isin(["ally", "ally-of-rival", "other"]), ev["ccode"], -ev["degree"].fillna(0)
    )
    out = ev.assign(_r=rank, _o=order).sort_values(["_r", "_o"])[OUTPUT_COLUMNS]
    out = out.reset_index(drop=True)
    out.attrs["focal"] = th.focal
    out.attrs["focal_name"] = focal_name
    out.attrs["thresholds"] = th.model_dump()
    out.attrs["rivalry_inputs"] = [n for n, _, _ in prep.rivalry_inputs]
    return out


# dup-ok: roles takes prepare_roles's keyword arguments and forwards them: a typed signature for
# users and the docs rather than **kwargs.
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
    nuclear: pd.DataFrame | None = None,
    wars: pd.DataFrame | None = None,
    thresholds: RoleThresholds | str | Path | None = None,
) -> pd.DataFrame:
    """Each system member's role relative to the focal state in ``year``: the taxonomy of
    [soeya2001], labelled from data by anpo's own rules (module docstring).

    Inputs are the loaded datasets: COW states, ATOP dyad-years, NMC, optional rivalry lists
    (T&D and/or TSS; only those named in ``rivalry_lists`` are used when given), dyadic MIDs,
    UNGA ideal points, nuclear stockpiles and COW inter-state war participants (``warnum,
    ccode, side, styear, endyear``; without them a war is the state's own MID hostility
    level 5). ``thresholds``: a :class:`RoleThresholds`, a TOML
    path, or None for the shipped defaults; ``focal`` overrides the thresholds' focal state.

    Returns one row per state (the focal excluded): ``ccode, stateabb, statenme, year, role,
    rule, intensity, degree, reason, data_status, data_gaps`` and the evidence columns (see
    ``EVIDENCE_COLUMNS``). ``role`` is one of :data:`ROLE_ORDER`; ``intensity`` is
    ``primary``/``lesser`` for rivals and ``nominal`` for allies whose pact is contradicted.
    ``data_status`` is ``insufficient`` when a dataset does not cover the year (its evidence is
    then taken as of its last year, named in ``data_gaps``), else ``complete``.
    A table that is no DataFrame, lacks a column read or (states) has no rows: an InputError.
    """
    year = whole_number(year, "year", what=_YEAR_OR_CODE)
    _check_tables({"states": states})
    _check_state_years(states, year)
    prep = prepare_roles(
        states=states,
        alliances=alliances,
        capabilities=capabilities,
        rivalries=rivalries,
        disputes=disputes,
        ideal_points=ideal_points,
        nuclear=nuclear,
        wars=wars,
        thresholds=thresholds,
        focal=focal,
    )
    return roles_prepared(prep, year)


def roles_panel(
    years: Iterable[int],
    *,
    prepared: PreparedInputs | None = None,
    progress: ProgressFn | None = None,
    **kwargs: Any,
) -> pd.DataFrame:
    """:func:`roles` for several years, stacked (the inputs are indexed once): the seed's
    taxonomy [soeya2001], labelled by anpo's own rules.
    ``progress(done, total)`` is called with 0 once the inputs are indexed, then after each
    year (:data:`anpo._progress.ProgressFn`). ``years`` are read by
    :func:`anpo._checks.year_list` (one year or several, whole numbers, text refused), in the
    order given."""
    # checked before the inputs are indexed; "2001" was read as the years 2, 0, 0, 1 and a
    # fraction was refused as "a COW state code"
    wanted = year_list(years)
    prep = prepared if prepared is not None else prepare_roles(**kwargs)
    if progress:
        progress(0, len(wanted))
    frames = []
    for done, y in enumerate(wanted, start=1):
        frames.append(roles_prepared(prep, y))
        if progress:
            progress(done, len(wanted))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=OUTPUT_COLUMNS)
    if frames:
        out.attrs = dict(frames[0].attrs)
    return out


REQUIRED_KINDS = ("cow_states", "atop", "nmc")
OPTIONAL_KINDS = ("td_rivalries", "tss_rivalries", "mid_dyadic", "unga", "nuclear_stockpiles")
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

    Raises :class:`CatalogError` naming the missing kinds when a required one is absent. The
    reads share one connection to the catalog (:func:`anpo.data.catalog.held_reads`).
    """
    from anpo.data.catalog import held_reads

    with held_reads(catalog):
        missing = [k for k in REQUIRED_KINDS if not catalog.has(k)]
        if missing:
            raise CatalogError(
                "roles need the datasets "
                + ", ".join(missing)
                + ": add them with `anpo data add FILE` (COW states2016.csv, ATOP dyad-years, "
                "NMC); rivalries, dyadic MIDs, UNGA ideal points and nuclear stockpiles sharpen "
                "the picture",
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
            "nuclear": catalog.read_or_none("nuclear_stockpiles"),
            "wars": _read_wars(catalog),
        }


#: The catalog kind of the COW inter-state war data (participants and sides).
WAR_KIND = "cow_war_inter"


def _read_wars(catalog: Any) -> pd.DataFrame | None:
    """The COW inter-state war participants, when the catalog knows and holds them."""
    from anpo.data.kinds import KINDS

    return catalog.read_or_none(WAR_KIND) if WAR_KIND in KINDS else None


def roles_from_catalog(
    catalog: Any,
    years: int | Iterable[int],
    focal: int | None = None,
    thresholds: RoleThresholds | str | Path | None = None,
    progress: ProgressFn | None = None,
    inputs: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """:func:`roles` (one year) or :func:`roles_panel` (several) on the catalog's datasets (the
    seed's taxonomy [soeya2001], labelled by anpo's own rules);
    ``years``: one year (a scalar: 2001, 2001.0, a NumPy number) or several, each a whole
    number, text refused (:func:`anpo._checks.year_list`), else an InputError on ``years``.
    ``progress(done, total)`` counts the years (0 first). ``inputs``: the datasets already read
    (:func:`roles_inputs` of ``catalog``, e.g. in a held block that ended before this
    computation, so a writer waits only for the reads); default: read them here."""
    # read (and refused) before the catalog is: a scalar is one year (2001.0 or a NumPy float
    # was a bare TypeError), text is refused ("2001" was read as the years 2, 0, 0, 1)
    one = (isinstance(years, np.ndarray) and years.ndim == 0) or not (
        isinstance(years, (str, bytes)) or hasattr(years, "__iter__")
    )
    wanted = year_list(years)
    if inputs is None:
        inputs = roles_inputs(catalog)
    if one:
        if progress:
            progress(0, 1)
        frame = roles(wanted[0], focal, thresholds=thresholds, **inputs)
        if progress:
            progress(1, 1)
        return frame
    return roles_panel(wanted, focal=focal, thresholds=thresholds, progress=progress, **inputs)

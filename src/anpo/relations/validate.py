"""The roles checked against independent codings, year by year.

Targets (never inputs of the rules; see ``codings.toml`` for the facts and their sources):

- **ally**: the U.S. collective defense treaties (NATO, the Rio Treaty, ANZUS, the Manila Pact,
  the bilateral treaties with the Philippines, Japan, South Korea and the Republic of China),
  each member from accession to withdrawal (U.S. Department of State, *U.S. Collective Defense
  Arrangements* [state-cda2024]; nato.int; OAS treaty B-29; [gibler2009]).
- **rogue state**: the U.S. Department of State's designations of state sponsors of terrorism
  [state-sst2024], from the first list (29 December 1979).
- **strategic rival**: the strategic-rivalry list that is *not* an input of the rules (with the
  default inputs, [thompson2012], against [thompson2022] as the input),
  within its years.
- **primary rival**: Thompson, Sakuwa & Suhas's ``principal`` flag (the rivalry is the focal
  state's principal one), a coding the rules do not read.

With another focal state (``anpo roles validate --focal X``) only the two rival roles have an
independent coding (the rivalry lists code every dyad; the ally and rogue-state lists are U.S.
lists), and every year is held out: the thresholds were fitted on U.S.-focal years only.
:func:`validate_focal_states` runs that test on the great and regional powers
(:data:`FOCAL_STATES`).

For each role and year: the states either side puts in the role, the states both do, and the
agreement (both / either: 1 when they name the same states). Over all years: precision, recall,
F1 and Cohen's kappa, on the training years (the 1950s, 1970s, 1990s and 2010s: the years any
fitted threshold saw) and on the held-out years (the 1960s, 1980s and 2000s) separately. Each disagreement is listed as a spell of years
with an explanation generated from the evidence and the coding's own dates.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from anpo._checks import table as _table
from anpo._io.inputs import TomlInput, parse_toml, read_text
from anpo._progress import ProgressFn, StepFn
from anpo.errors import DataError, InputError

__all__ = [
    "TRAIN_DECADES",
    "is_training_year",
    "Codings",
    "RoleValidation",
    "load_codings",
    "FOCAL_STATES",
    "validate_focal",
    "validate_focal_states",
    "pooled_held_out",
    "validate_from_catalog",
    "validate_roles",
    "VALIDATE_JSON_KEYS",
    "TARGET_FIELDS",
    "PER_ROLE_FIELDS",
    "PER_YEAR_FIELDS",
    "DISAGREEMENT_FIELDS",
    "CASE_FIELDS",
    "FOCAL_ALL_JSON_KEYS",
    "FOCAL_FIELDS",
    "POOLED_FIELDS",
]

#: Decades whose years the fitted thresholds saw (``tools/fit_roles.py``): alternate decades,
#: so that both the Cold War and the years after it are in the training and the held-out sets.
TRAIN_DECADES = (1950, 1970, 1990, 2010)


def is_training_year(year: int, decades: Sequence[int] = TRAIN_DECADES) -> bool:
    """True for a year of a training decade (1950-1959, 1970-1979, ...)."""
    return (int(year) // 10) * 10 in decades


def decades_text(decades: Sequence[int]) -> str:
    """``(1950, 1970)`` -> ``"1950s, 1970s"``."""
    return ", ".join(f"{d}s" for d in decades)


#: The focal state of the U.S. codings (treaty allies, state sponsors of terrorism): with another
#: focal state only the rival roles are validated.
US = 2

#: How the note on the roles not checked for another focal state begins.
UNCHECKED = "ally and rogue state: not checked"


@dataclass(frozen=True)
class Codings:
    """The independent codings of ``codings.toml``: state sponsors of terrorism [state-sst2024]
    and U.S. collective defense treaties [state-cda2024; gibler2009] (the rival roles are checked
    against the rivalry datasets instead, [thompson2012] and [thompson2022])."""

    raw: dict[str, Any]

    @property
    def rogue_spells(self) -> list[dict[str, Any]]:
        return list(self.raw["rogue"]["spells"])

    @property
    def ally_members(self) -> list[dict[str, Any]]:
        out = []
        for t in self.raw["ally"]["treaties"]:
            for m in t["members"]:
                out.append({**m, "treaty": t["name"]})
        return out

    @property
    def cases(self) -> list[dict[str, Any]]:
        return list(self.raw.get("cases", []))

    @property
    def seed_year(self) -> int | None:
        seed = self.raw.get("seed")
        return int(seed["year"]) if seed else None

    def seed_roles(self) -> dict[int, tuple[str, str]]:
        """The seed's picture: ccode -> (role, intensity)."""
        seed = self.raw.get("seed") or {}
        return {
            int(r["ccode"]): (str(r["role"]), str(r.get("intensity", "")))
            for r in seed.get("roles", [])
        }

    def info(self, role: str) -> dict[str, Any]:
        return {k: v for k, v in self.raw[role].items() if not isinstance(v, list)}

    def rogues(self, year: int) -> dict[int, dict[str, Any]]:
        """Designated states in ``year`` -> their spell."""
        return {
            int(s["ccode"]): s
            for s in self.rogue_spells
            if int(s["start"]) <= year <= int(s.get("end", 9999))
        }

    def allies(self, year: int) -> dict[int, list[dict[str, Any]]]:
        """Treaty allies in ``year`` -> their memberships in force."""
        out: dict[int, list[dict[str, Any]]] = {}
        for m in self.ally_members:
            if int(m["start"]) <= year <= int(m.get("end", 9999)):
                out.setdefault(int(m["ccode"]), []).append(m)
        return out


def load_codings(path: str | Path | None = None) -> Codings:
    """The shipped codings (``anpo/relations/codings.toml``, each fact with its source:
    [state-sst2024; state-cda2024; gibler2009]) or another file of that layout."""
    if path is None:
        text = resources.files("anpo.relations").joinpath("codings.toml").read_text("utf-8")
        source = "codings.toml"
    else:
        text, source = read_text(path, InputError), str(path)
    doc = parse_toml(text, source, InputError)
    for key in ("rogue", "ally"):
        if key not in doc.data:
            raise doc.error(InputError, (key,), f"the codings need a [{key}] table")
    _check_years(doc)
    data = doc.data
    data["ally"]["treaties"] = _with_alliance_members(doc)
    return Codings(data)


def _check_years(doc: TomlInput) -> None:
    """Every year and state code of a codings file is a whole number, refused at its line
    otherwise: a table's ``first_year`` and ``last_year``; a rogue spell's and an ally
    member's ``ccode``, ``start`` and ``end``; a case's ``ccode``, ``year`` and ``focal``; the
    seed's ``year`` and its roles' ``ccode``. Before, ``int()`` read "1979" and 2016.5 silently
    (as 1979 and 2016) and raised a bare ``ValueError`` on a word. A year is one of the COW
    state system's (1816-2100, as the roles), a state code a COW code (1-999), and a table's
    ``first_year`` and a spell's ``start`` come no later than its ``last_year`` and ``end``:
    ``first_year = -5`` or ``last_year = 1000`` (a window of no year, nothing scored) was taken
    without a word."""

    def whole(path: tuple[str | int, ...], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise doc.error(InputError, path, f"must be a whole number, got {value!r}")
        code = path[-1] in ("ccode", "focal")
        lo, hi, what = (1, 999, "a COW state code") if code else (1816, 2100, "a year")
        if not lo <= value <= hi:
            raise doc.error(InputError, path, f"must be {what} {lo}-{hi}, got {value}")

    def ordered(path: tuple[str | int, ...], table: dict[str, Any], first: str, last: str) -> None:
        if first in table and last in table and table[last] < table[first]:
            raise doc.error(
                InputError, (*path, last), f"{last} {table[last]} is before {first} {table[first]}"
            )

    data = doc.data
    for role in ("rogue", "ally"):
        for key in ("first_year", "last_year"):
            if key in data[role]:
                whole((role, key), data[role][key])
        ordered((role,), data[role], "first_year", "last_year")
    for i, spell in enumerate(data["rogue"].get("spells", [])):
        for key in ("ccode", "start", "end"):
            if key in spell:
                whole(("rogue", "spells", i, key), spell[key])
        ordered(("rogue", "spells", i), spell, "start", "end")
    for i, treaty in enumerate(data["ally"].get("treaties", [])):
        for j, member in enumerate(treaty.get("members", [])):
            for key in ("ccode", "start", "end"):
                if key in member:
                    whole(("ally", "treaties", i, "members", j, key), member[key])
            ordered(("ally", "treaties", i, "members", j), member, "start", "end")
    for i, case in enumerate(data.get("cases", [])):
        for key in ("ccode", "year", "focal"):
            if key in case:
                whole(("cases", i, key), case[key])
    seed = data.get("seed")
    if isinstance(seed, dict):
        if "year" in seed:
            whole(("seed", "year"), seed["year"])
        for i, row in enumerate(seed.get("roles", [])):
            if "ccode" in row:
                whole(("seed", "roles", i, "ccode"), row["ccode"])


def _with_alliance_members(doc: TomlInput) -> list[dict[str, Any]]:
    """The codings' ``ally.treaties`` with the members of each one that names an ``alliance`` taken from the
    burden module's alliance list (:meth:`anpo.burden.membership.Alliance.pact_spells`: the
    one place NATO and the U.S. Asia-Pacific treaties are typed in), the typed ``members``
    after them. Every member of a named alliance must land in one of the treaties."""
    from anpo.burden.membership import alliances

    treaties: list[dict[str, Any]] = doc.data["ally"].get("treaties", [])
    known = alliances()
    out = []
    used: dict[str, set[str]] = {}
    for i, t in enumerate(treaties):
        key = t.get("alliance")
        if key is None:
            out.append(t)
            continue
        if key not in known:
            raise doc.error(
                InputError,
                ("ally", "treaties", i, "alliance"),
                f"unknown alliance {key!r}; known: {', '.join(known)}",
            )
        spells = [
            {k: v for k, v in sp.items() if k != "pact" and v != ""}
            for sp in known[key].pact_spells()
            if sp["pact"] == t["name"]
        ]
        used.setdefault(key, set()).add(t["name"])
        out.append({**t, "members": spells + list(t.get("members", []))})
    for key, names in used.items():
        left = sorted({sp["state"] for sp in known[key].pact_spells() if sp["pact"] not in names})
        if left:
            raise doc.error(
                InputError,
                ("ally", "treaties"),
                f"members of alliance {key!r} in no treaty of the codings: {', '.join(left)} "
                "(a treaty's name must be the members' pact)",
            )
    return out


# --------------------------------------------------------------------------- targets


def _rivalry_spells(frame: pd.DataFrame, focal: int) -> pd.DataFrame:
    c1 = frame["ccode1"].astype("int64")
    c2 = frame["ccode2"].astype("int64")
    mask = (c1 == focal) | (c2 == focal)
    other = c2.where(c1 == focal, c1)
    out = pd.DataFrame(
        {
            "ccode": other[mask].to_numpy("int64"),
            "start": frame.loc[mask, "styear"].to_numpy("int64"),
            "end": frame.loc[mask, "endyear"].to_numpy("int64"),
            "name": frame.loc[mask, "rivalryname"].astype(str).to_numpy()
            if "rivalryname" in frame
            else "",
            "principal": frame.loc[mask, "principal"].to_numpy("int64")
            if "principal" in frame
            else 0,
            "aprin": frame.loc[mask, "aprin"].to_numpy("int64") if "aprin" in frame else 0,
        }
    )
    return out


def focal_label(focal: int, years: Sequence[int] = ()) -> str:
    """How titles and explanations name the focal state: "the U.S." for the U.S., else the
    state's name over ``years`` ("Soviet Union / Russia" for 1950-2010, "Japan").

    >>> focal_label(2), focal_label(740), focal_label(365, [1950, 2010])
    ('the U.S.', 'Japan', 'Soviet Union / Russia')
    """
    from anpo.report.countries import country_name, country_name_over

    if focal == US:
        return "the U.S."
    if not years:
        return country_name(focal)
    return country_name_over(focal, range(min(years), max(years) + 1))


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


@dataclass
class ValidationTarget:
    """One target of the roles' validation: the states a public coding calls ``role`` (its
    ``title`` and ``source``) by year, ``coded`` (year -> COW code -> why coded) over ``years``,
    with the comparison's ``caveat``. Returned by :func:`validation_targets` and
    :func:`principal_target`."""

    role: str  # the role compared ("primary rival": strategic rival with intensity primary)
    title: str
    source: str
    years: tuple[int, int]
    coded: dict[int, dict[int, str]]  # year -> ccode -> why coded (text)
    caveat: str = ""
    # year -> states the coding cannot place (neither coded nor not coded): left out of the score
    excluded: dict[int, set[int]] = field(default_factory=dict)
    focal_name: str = "the U.S."
    # why the coding is not independent of the rules (it comes from one of their inputs), or ""
    lineage: str = ""


def validation_targets(
    codings: Codings,
    years: Sequence[int],
    rivalry_targets: Sequence[tuple[str, pd.DataFrame]],
    focal: int,
) -> tuple[list[ValidationTarget], list[str]]:
    """The targets for ``focal``: with the U.S., the treaty allies, the state sponsors of
    terrorism and the rivalry lists; with another focal state, the rivalry lists only (the
    other codings are U.S. lists, and ``notes`` says so)."""
    notes: list[str] = []
    out: list[ValidationTarget] = []
    who = focal_label(focal, years)
    if focal != US:
        notes.append(
            f"{UNCHECKED} with {who} as the focal state: their "
            "independent codings are U.S. lists (the U.S. collective defense treaties, the "
            "State Department's state sponsors of terrorism), which say nothing of "
            f"{_possessive(who)} allies or of the states hostile to {who}"
        )
        rivals = [
            _rivalry_target(name, frame, years, focal, who) for name, frame in rivalry_targets
        ]
        return rivals, notes
    ai = codings.info("ally")
    out.append(
        ValidationTarget(
            "ally",
            ai["title"],
            ai["source"],
            _span(ai, years),
            {
                y: {c: "; ".join(m["treaty"] for m in ms) for c, ms in codings.allies(y).items()}
                for y in years
            },
            ai.get("caveat", ""),
        )
    )
    ri = codings.info("rogue")
    out.append(
        ValidationTarget(
            "rogue state",
            ri["title"],
            ri["source"],
            _span(ri, years),
            {y: {c: s["dates"] for c, s in codings.rogues(y).items()} for y in years},
            ri.get("caveat", ""),
        )
    )
    for name, frame in rivalry_targets:
        out.append(_rivalry_target(name, frame, years, focal, who))
    return out, notes


def _span(info: dict[str, Any], years: Sequence[int]) -> tuple[int, int]:
    """The years of ``years`` a coding covers: from its ``first_year`` (the list's beginning)
    to its ``last_year`` (the last year its dates were checked to; absent: the last year
    asked). A later year is not scored: the state-sponsor list's open spells (Iran, Syria) are
    facts up to 2016, not after (Syria's status after 2016 is not coded)."""
    lo = max(int(info.get("first_year", min(years))), min(years))
    hi = min(int(info.get("last_year", max(years))), max(years))
    return lo, hi


def _rivalry_target(
    name: str, frame: pd.DataFrame, years: Sequence[int], focal: int, who: str
) -> ValidationTarget:
    """The strategic rivals of ``focal`` in the rivalry list ``frame`` (named ``name``)."""
    from anpo.relations.dyads import year_coverage
    from anpo.relations.taxonomy import RIVALRY_LIST_NAMES

    lo, hi = year_coverage(frame, ("styear", "endyear"), name=f"{name}_rivalries")
    sp = _rivalry_spells(frame, focal)
    return ValidationTarget(
        "strategic rival",
        f"Strategic rivalries with {who}, {RIVALRY_LIST_NAMES[name]}",
        f"{RIVALRY_LIST_NAMES[name]}; not an input of the rules",
        (max(min(years), lo), min(hi, max(years))),
        _coded_by_year(sp, years),
        f"The list ends in {hi}: later years have no coding." if hi < max(years) else "",
        focal_name=who,
    )


def _coded_by_year(
    spells: pd.DataFrame, years: Sequence[int], note: str = ""
) -> dict[int, dict[int, str]]:
    """For each year, the rivals whose spell covers it: ccode -> "name (start-end)" + ``note``."""
    rows = list(spells[["ccode", "name", "start", "end"]].itertuples(index=False, name=None))
    return {
        y: {
            int(code): f"{name} ({start}-{end}){note}"
            for code, name, start, end in rows
            if start <= y <= end
        }
        for y in years
    }


def principal_target(tss: pd.DataFrame, years: Sequence[int], focal: int) -> ValidationTarget:
    """TSS's principal rivalries of ``focal``. The file has two flags (peacesciencer's
    ``tss_rivalries``, from Thompson, Sakuwa & Suhas 2022, pp. 34-46): ``principal``, the
    rivalry is the principal one *for the rivals* (both sides), and ``aprin``, principal for one
    side only, without saying which. ``principal`` reads the same from either side. ``aprin``
    does not: for the U.S. its rivalries (China 1949-1972, Iran, Russia from 2007) are read as
    principal for the other side, the weaker one (the U.S.'s principal rivals then were the
    Soviet Union and China); for another focal state the side cannot be read, so the state-years
    of its ``aprin``-only rivalries are left out of the comparison (``excluded``)."""
    from anpo.relations.dyads import year_coverage

    lo, hi = year_coverage(tss, ("styear", "endyear"), name="tss_rivalries")
    sp = _rivalry_spells(tss, focal)
    coded = _coded_by_year(sp[sp["principal"] == 1], years, ", coded principal")
    span = (max(min(years), lo), min(hi, max(years)))
    if focal == US:
        return ValidationTarget(
            "primary rival",
            "Principal strategic rivals of the U.S., Thompson, Sakuwa & Suhas (2022)",
            "Thompson, Sakuwa & Suhas (2022), the 'principal' flag of each rivalry (a coding "
            "the rules do not read)",
            span,
            coded,
            "Same authors as the rivalry input list, but a separate judgement (which rivalry "
            "is the principal one); 'aprin' rivalries, principal for the other side only (China "
            "1949-1972, Iran, Russia from 2007), are not principal for the U.S.",
        )
    who = focal_label(focal, years)
    one_side = sp[(sp["aprin"] == 1) & (sp["principal"] != 1)]
    excluded = {y: set(c) for y, c in _coded_by_year(one_side, years).items() if c}
    left_out = "; ".join(
        f"{name} {start}-{end}"
        for name, start, end in zip(
            one_side["name"], one_side["start"], one_side["end"], strict=True
        )
        if int(start) <= span[1] and int(end) >= span[0]
    )
    return ValidationTarget(
        "primary rival",
        f"Principal strategic rivals of {who}, Thompson, Sakuwa & Suhas (2022)",
        "Thompson, Sakuwa & Suhas (2022), the 'principal' flag (principal for both rivals; a "
        "coding the rules do not read)",
        span,
        coded,
        "Only rivalries principal for both sides are coded; an 'aprin' rivalry is principal "
        "for one side and the file does not say which, so its state-years are left out"
        + (f" ({left_out})." if left_out else " (none here)."),
        excluded=excluded,
        focal_name=who,
    )


#: The columns of a rivalry list that the rival-years read.
_RIVALRY_COLUMNS = ("ccode1", "ccode2", "styear", "endyear")


def focal_rival_years(
    rivalries: pd.DataFrame, focal: int, years: Sequence[int]
) -> set[tuple[int, int]]:
    """``(other state, year)`` for every year of ``years`` in which the rivalry list codes a
    rivalry between the focal state and the other (its spells, :func:`_rivalry_spells`, start
    and end years inclusive): a list such as [thompson2012] or [thompson2022] (``rivalries``).
    A ``rivalries`` that is no DataFrame or lacks ``ccode1, ccode2, styear, endyear``: an
    :class:`~anpo.errors.InputError` naming it (a bare ``KeyError: 'ccode1'`` before)."""
    _table("rivalries", rivalries, what="a rivalry list", columns=_RIVALRY_COLUMNS)
    ys = {int(y) for y in years}
    sp = _rivalry_spells(rivalries, focal)
    return {
        (int(code), y)
        for code, lo, hi in zip(sp["ccode"], sp["start"], sp["end"], strict=True)
        for y in range(int(lo), int(hi) + 1)
        if y in ys
    }


def rival_years_also_coded(
    target: pd.DataFrame,
    other: pd.DataFrame,
    focals: Iterable[int],
    years: Sequence[int],
    compared: Mapping[int, Collection[int]] | None = None,
) -> tuple[int, int]:
    """``(also, coded)``: of the rival-years of the ``focals`` in the rivalry list ``target``
    over ``years`` (:func:`focal_rival_years`, summed over the focal states), how many the list
    ``other`` codes too. The measure of how far a validation target shares the rules' rivalry
    input (Thompson & Dreyer [thompson2012] against TSS [thompson2022], its extension).

    ``compared`` (year -> the states a validation compares with the focal state that year, as
    :func:`validate_roles` does: the roles panel's states): only the rival-years whose rival is
    one of them count, those of a year not in it none. Without it every rival-year of the list
    counts, also those a validation drops: a rival coded with a state code that is no system
    member that year (Thompson & Dreyer's France-Prussia gives Germany as 255, not a COW member
    1950-1955 [cow2017]; :func:`anpo.relations.dyads.unmatched_rivalries`).

    A ``target`` or ``other`` that is no rivalry list (:func:`focal_rival_years`): an
    :class:`~anpo.errors.InputError` naming it, even without focal states.

    >>> td = pd.DataFrame({"ccode1": [220], "ccode2": [255], "styear": [1950],
    ...     "endyear": [1955]})
    >>> rival_years_also_coded(td, td, [220], range(1950, 1956))
    (6, 6)
    >>> rival_years_also_coded(td, td, [220], range(1950, 1956),
    ...     compared={y: {2, 260} for y in range(1950, 1956)})
    (0, 0)
    """
    also, coded, _dropped = _rival_years_shared(target, other, focals, years, compared)
    return also, coded


def _rival_years_shared(
    target: pd.DataFrame,
    other: pd.DataFrame,
    focals: Iterable[int],
    years: Sequence[int],
    compared: Mapping[int, Collection[int]] | None,
) -> tuple[int, int, int]:
    """:func:`rival_years_also_coded`'s ``(also, coded)`` and ``dropped``: the target's
    rival-years of the focal states that ``compared`` leaves out (a rival no system member that
    year; 0 without ``compared``), each focal state's rival-years computed once.

    >>> td = pd.DataFrame({"ccode1": [2, 2], "ccode2": [220, 255], "styear": [1950, 1950],
    ...                    "endyear": [1955, 1955]})
    >>> _rival_years_shared(td, td, [2], range(1950, 1956),
    ...     compared={y: {2, 220} for y in range(1950, 1956)})
    (6, 6, 6)
    """
    _table("target", target, what="a rivalry list", columns=_RIVALRY_COLUMNS)
    _table("other", other, what="a rivalry list", columns=_RIVALRY_COLUMNS)
    also = coded = dropped = 0
    for f in focals:
        t = focal_rival_years(target, int(f), years)
        if compared is not None:
            kept = {(c, y) for c, y in t if c in compared.get(y, ())}
            dropped += len(t) - len(kept)
            t = kept
        coded += len(t)
        also += len(t & focal_rival_years(other, int(f), years))
    return also, coded, dropped


def _all_targets(
    codings: Codings,
    years: Sequence[int],
    rivalries: Sequence[pd.DataFrame] | pd.DataFrame | None,
    inputs: set[str],
    focal: int,
    compared: Mapping[int, Collection[int]] | None = None,
) -> tuple[list[ValidationTarget], list[str]]:
    """Every target of :func:`validate_roles` for ``years``: the treaty allies, the state
    sponsors of terrorism, the first rivalry list that is not an input of the rules (``inputs``:
    the names of those that are) and TSS's principal flag; and the notes on what is missing.
    ``compared`` (year -> the states compared, :func:`rival_years_also_coded`): the lineage note
    counts the rival-years the validation compares, and says how many more the target codes
    with a rival that is no system member (dropped); without it, every rival-year counts."""
    from anpo.relations.taxonomy import RIVALRY_LIST_NAMES, rivalry_list_name

    lists: list[pd.DataFrame] = []
    if isinstance(rivalries, pd.DataFrame):
        lists = [rivalries]
    elif rivalries is not None:
        lists = [r for r in rivalries if r is not None]
    named = [(rivalry_list_name(r), r) for r in lists]
    independent = [(n, r) for n, r in named if n not in inputs]
    notes: list[str] = []
    if not independent:
        notes.append(
            "strategic rival: no independent rivalry list (the lists available are inputs of "
            "the rules: " + ", ".join(RIVALRY_LIST_NAMES[n] for n, _ in named) + ")"
            if named
            else "strategic rival: no rivalry list to validate against"
        )
    targets, more = validation_targets(codings, years, independent[:1], focal)
    notes += more
    used = [(n, r) for n, r in named if n in inputs]
    if independent and used and {independent[0][0], used[0][0]} == {"td", "tss"}:
        tn, tr = independent[0]
        un, ur = used[0]
        # dropped: the target's rival-years the comparison leaves out, a rival no system member
        # that year (France-Prussia 1950-1955 gives Germany as 255), never compared, so not
        # counted
        also, coded, dropped = _rival_years_shared(tr, ur, [focal], years, compared)
        lineage = (
            f"strategic rival: the target, {RIVALRY_LIST_NAMES[tn]}, and the rules' input, "
            f"{RIVALRY_LIST_NAMES[un]}, are one lineage (the 2022 list extends the 2012 one, "
            "same lead author)"
        )
        left_out = (
            f"{dropped} {'rival-year' if dropped == 1 else 'rival-years'} of the target with a "
            "rival that is no system member that year, left out of the comparison"
        )
        if coded:
            notes.append(
                f"{lineage}: {also} of the target's {coded} rival-years of the focal state in "
                "these years are rivalry years in the input too"
                + (f" (not counted: {left_out})" if dropped else "")
                + ", so this agreement is not independent of the rules' rivalry evidence "
                "(rivalry_lists = [] in a thresholds file runs the rules without it)"
            )
        elif dropped:  # "6 of the target's 6" counted France-Germany 1950-1955, never compared
            notes.append(
                f"{lineage}; the target codes no rival-year of the focal state that is compared "
                f"in these years (not counted: {left_out}), so no coded rivalry compared is "
                "shared with the input"
            )
        else:  # "0 of the target's 0 rival-years ... so this agreement is not independent"
            notes.append(
                f"{lineage}; the target codes no rival-year of the focal state in these "
                "years, so no coded rivalry is shared with the input"
            )
    tss = [r for n, r in named if n == "tss"]
    if tss:
        principal = principal_target(tss[0], years, focal)
        if "tss" in inputs:
            principal.lineage = (
                f"the flag is a column of {RIVALRY_LIST_NAMES['tss']}, the rules' rivalry input"
            )
        targets.append(principal)
    else:  # said as the strategic rival's missing list is, not left out in silence
        notes.append(
            f"primary rival: not checked: its coding is the principal flag of "
            f"{RIVALRY_LIST_NAMES['tss']}, which the catalog does not hold (kind tss_rivalries)"
        )
    return targets, notes


# --------------------------------------------------------------------------- comparison


@dataclass
class RoleValidation:
    """The comparison of a roles panel with the independent codings (:class:`Codings`; the scores
    are precision, recall, F1 and Cohen's kappa [cohen1960]; the held-out split is anpo's own).

    per_year: one row per year and role, counts of states: ``coded, predicted, both,
        agreement`` (both / either; NaN when neither names a state), ``precision, recall``,
        ``insufficient`` (states whose data_status is insufficient), ``states`` (compared);
        :data:`PER_YEAR_FIELDS`.
    per_role: one row per role and period (``all``, ``training`` decades, ``held-out``), counts
        of state-years: ``years`` (how many), ``state_years, coded, predicted, both,
        precision, recall, f1, kappa, agreement`` (the mean of the yearly agreement),
        ``undefined`` (why a score is missing, '' when all are defined);
        :data:`PER_ROLE_FIELDS`.
    disagreements: spells of years in which anpo and a coding differ on a state: ``role,
        ccode, state, first, last, years`` (the spell as text), ``coded, anpo_role,
        explanation``.
    cases: the review cases of the codings file, with the role the rules give and why
        (:data:`CASE_FIELDS`).
    targets: one row per target: ``role, title, source, years, caveat`` (:data:`TARGET_FIELDS`).
    The fields of ``disagreements`` are :data:`DISAGREEMENT_FIELDS`.
    """

    years: list[int]
    per_year: pd.DataFrame
    per_role: pd.DataFrame
    disagreements: pd.DataFrame
    cases: pd.DataFrame
    targets: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    #: the focal state of the roles, and (another focal state) why some roles are not checked
    focal: int = US
    unchecked: str = ""
    #: the decades the thresholds were fitted on and the seed's year, neither held out: what
    #: the held-out period of ``per_role`` is (:func:`held_out_label`)
    train_decades: tuple[int, ...] = TRAIN_DECADES
    seed_year: int | None = None

    def agreement_table(self) -> pd.DataFrame:
        """Years x roles, the yearly agreement (a small pivot for printing)."""
        return self.per_year.pivot(index="year", columns="role", values="agreement")


def _predicted(panel: pd.DataFrame, role: str) -> pd.Series:
    if role == "primary rival":
        return (panel["role"] == "strategic rival") & (panel["intensity"] == "primary")
    return panel["role"] == role


def _kappa(tp: int, fp: int, fn: int, tn: int) -> float:
    n = tp + fp + fn + tn
    if n == 0:
        return float("nan")
    po = (tp + tn) / n
    pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
    return float("nan") if pe >= 1 else (po - pe) / (1 - pe)


def _ratio(a: float, b: float) -> float:
    return float("nan") if b == 0 else a / b


def _spell_name(code: int, first: int, last: int, listed: str | None = None) -> str:
    """The state's name over a spell as it was then
    (:func:`anpo.report.countries.country_name_over`): "Soviet Union" for 1950-1970, "Soviet
    Union / Russia" for a spell across 1991; COW keeps one name per code ("Russia"). ``listed``:
    the data's name, for a code the package does not know.

    >>> _spell_name(365, 1950, 1970), _spell_name(365, 1985, 1995, "Russia")
    ('Soviet Union', 'Soviet Union / Russia')
    """
    from anpo.report.countries import country_name_over

    return country_name_over(code, range(first, last + 1), listed=listed)


def _spells(years: Sequence[int]) -> list[tuple[int, int]]:
    ys = sorted(years)
    out: list[tuple[int, int]] = []
    for y in ys:
        if out and y == out[-1][1] + 1:
            out[-1] = (out[-1][0], y)
        else:
            out.append((y, y))
    return out


def years_text(first: int, last: int) -> str:
    """``1951`` for a single year, ``1991-2016`` for a spell."""
    return str(first) if first == last else f"{first}-{last}"


def _explain(
    role: str,
    coded: bool,
    rec: pd.Series,
    why_coded: str,
    target: ValidationTarget,
    codings: Codings,
    first: int,
    last: int,
) -> str:
    """Why anpo and the coding differ, from the evidence and the coding's own dates."""
    anpo = f"anpo: {rec['role']}" + (f" ({rec['intensity']})" if rec["intensity"] else "")
    anpo += f", because {rec['reason']}"
    if rec.get("data_status") == "insufficient":
        anpo += f" [data insufficient: {rec['data_gaps']}]"
    if role == "ally":
        if coded:
            return f"{why_coded} party; {anpo}"
        others = [m for m in codings.ally_members if int(m["ccode"]) == int(rec["ccode"])]
        near = [
            f"{m['treaty']} {m['start']}-{m.get('end', '')}".rstrip("-")
            + (f" ({m['note']})" if m.get("note") else "")
            for m in others
        ]
        where = (
            "; outside these years a party to " + "; ".join(near)
            if near
            else "; not a party to any U.S. collective defense treaty"
        )
        return (
            f"ATOP records a defense pact with the U.S. in {years_text(first, last)} that is "
            f"not a U.S. collective defense treaty in force then{where}"
        )
    if role == "rogue state":
        # the coding's dates read "designated 1993-08-12; rescinded ...": named as the list's
        # record, not after a second "designated"
        if coded:
            return f"on the list ({why_coded}); {anpo}"
        spells = [s for s in codings.rogue_spells if int(s["ccode"]) == int(rec["ccode"])]
        ctx = (
            "; on the list: " + "; ".join(s["dates"] for s in spells)
            if spells
            else "; never designated"
        )
        return f"not designated in {years_text(first, last)}{ctx}; {anpo}"
    who = target.focal_name
    if role == "strategic rival":
        if coded:
            return f"{target.title.split(', ', 1)[-1]} code a rivalry: {why_coded}; {anpo}"
        return f"no ongoing rivalry with {who} in {target.title.split(', ', 1)[-1]}; {anpo}"
    if coded:
        return f"{why_coded}; {anpo}"
    return f"not {_possessive(who)} principal rivalry in {target.title.split(', ', 1)[-1]}; {anpo}"


#: The columns of a roles panel (:func:`anpo.relations.roles_panel`) that the validation reads.
_PANEL_COLUMNS = ("year", "ccode", "statenme", "role", "intensity", "data_status")


def validate_roles(
    panel: pd.DataFrame,
    codings: Codings | None = None,
    rivalries: Sequence[pd.DataFrame] | pd.DataFrame | None = None,
    train_decades: Sequence[int] = TRAIN_DECADES,
) -> RoleValidation:
    """Compare a roles panel (:func:`anpo.relations.roles_panel`) with the independent codings.

    With the U.S. as the focal state every role is compared. With another focal state
    (``panel.attrs["focal"]``) only the roles with an independent coding for it are: "strategic
    rival" against the independent rivalry list and "primary rival" against TSS's mutual
    principal flag (:func:`principal_target`); the ally and rogue-state codings are U.S. lists,
    and ``notes`` says they are not checked. The thresholds were fitted on U.S.-focal years only,
    so for another focal state every year is held out (one period, ``held-out``).

    ``rivalries``: the rivalry lists available; a list the panel used as an input
    (``panel.attrs["rivalry_inputs"]``) is never a target. Without an independent list the
    strategic-rival role is not validated and ``notes`` says why.

    Sources of the targets: U.S. Department of State, State Sponsors of Terrorism
    [state-sst2024] and U.S. Collective Defense Arrangements [state-cda2024]; nato.int; OAS
    treaty B-29; [gibler2009]; [thompson2012]; [thompson2022]. Agreement is the Jaccard index of
    the two sets of states; kappa is Cohen's [cohen1960] over all state-years.
    A panel or rivalry list that is no DataFrame or lacks a column read: an InputError.
    """
    # a dict was "no attribute 'attrs'", a frame without a column a bare KeyError: 'year'
    _table("panel", panel, what="a roles panel", columns=_PANEL_COLUMNS)
    from anpo.relations.taxonomy import check_rivalry_lists

    check_rivalry_lists(rivalries)
    codings = codings or load_codings()
    focal = int(panel.attrs.get("focal", US))
    years = sorted(int(y) for y in panel["year"].unique())
    if not years:
        raise InputError("no roles to validate", field="years")
    by_year = {
        int(y): g.set_index("ccode")  # type: ignore[arg-type]  # pandas-stubs: a group key is any scalar
        for y, g in panel.groupby("year")
    }
    # the states compared each year (the rivalry target excludes none): the lineage note
    # counts the rival-years of these only, as the comparison does
    compared = {y: {int(c) for c in g.index} for y, g in by_year.items()}
    targets, notes = _all_targets(
        codings, years, rivalries, set(panel.attrs.get("rivalry_inputs", [])), focal, compared
    )
    rows = []
    dis = []
    flags: dict[str, dict[tuple[int, int], tuple[bool, bool]]] = {}
    for t in targets:
        pred_all = {y: set(g.index[_predicted(g, t.role).to_numpy()]) for y, g in by_year.items()}
        cells: dict[tuple[int, int], tuple[bool, bool]] = {}
        for y in years:
            if not t.years[0] <= y <= t.years[1]:
                continue
            g = by_year[y]
            members = set(g.index) - t.excluded.get(y, set())
            coded = {c for c in t.coded.get(y, {}) if c in members}
            pred = pred_all[y] & members
            both = coded & pred
            either = coded | pred
            rows.append(
                {
                    "year": y,
                    "role": t.role,
                    "coded": len(coded),
                    "predicted": len(pred),
                    "both": len(both),
                    "agreement": _ratio(len(both), len(either)),
                    "precision": _ratio(len(both), len(pred)),
                    "recall": _ratio(len(both), len(coded)),
                    "insufficient": int((g["data_status"] == "insufficient").sum()),
                    "states": len(members),
                }
            )
            for c in either:
                cells[(c, y)] = (c in coded, c in pred)
        flags[t.role] = cells
        # disagreement spells: one per state, side and anpo role
        wrong: dict[tuple[int, bool, str], list[int]] = {}
        for (c, y), (is_coded, is_pred) in cells.items():
            if is_coded != is_pred:
                rec = by_year[y].loc[c]
                key = (c, is_coded, f"{rec['role']}/{rec['intensity']}")
                wrong.setdefault(key, []).append(y)
        for (c, is_coded, _), ys in wrong.items():
            for a, b in _spells(ys):
                row = by_year[a].loc[c]
                assert isinstance(row, pd.Series)  # one row per state and year
                rec = row.copy()
                rec["ccode"] = c
                dis.append(
                    {
                        "role": t.role,
                        "ccode": c,
                        "state": _spell_name(c, a, b, rec["statenme"]),
                        "first": a,
                        "last": b,
                        "years": years_text(a, b),
                        "coded": "yes" if is_coded else "no",
                        "anpo_role": rec["role"]
                        + (f" ({rec['intensity']})" if rec["intensity"] else ""),
                        "explanation": _explain(
                            t.role,
                            is_coded,
                            rec,
                            t.coded.get(a, {}).get(c, ""),
                            t,
                            codings,
                            a,
                            b,
                        ),
                    }
                )
    per_year = pd.DataFrame(rows)
    per_role = _summaries(
        per_year, targets, flags, by_year, tuple(train_decades), codings.seed_year, focal
    )
    disagreements = pd.DataFrame(
        dis,
        columns=[
            "role",
            "ccode",
            "state",
            "first",
            "last",
            "years",
            "coded",
            "anpo_role",
            "explanation",
        ],
    )
    if len(disagreements):
        order = {t.role: i for i, t in enumerate(targets)}
        disagreements = (
            disagreements.assign(_o=disagreements["role"].map(order))
            .sort_values(["_o", "first", "state"])
            .drop(columns="_o")
            .reset_index(drop=True)
        )
    tdf = pd.DataFrame(
        [
            {
                "role": t.role,
                "title": t.title,
                "source": t.source,
                "years": coverage_text(t.years, years),
                "caveat": " ".join(
                    x
                    for x in (
                        t.caveat,
                        f"Not independent of the rules: {t.lineage}." if t.lineage else "",
                    )
                    if x
                ),
            }
            for t in targets
        ]
    )
    return RoleValidation(
        years=years,
        per_year=per_year,
        per_role=per_role,
        disagreements=disagreements,
        cases=pd.DataFrame(),
        targets=tdf,
        notes=notes,
        focal=focal,
        unchecked=next((n for n in notes if n.startswith(UNCHECKED)), ""),
        train_decades=tuple(train_decades),
        seed_year=codings.seed_year,
    )


def coverage_text(span: tuple[int, int], years: Sequence[int]) -> str:
    """The years of ``years`` (sorted) a coding covers, ``span`` (its first and last year
    within them), as text; an empty span says the coding does not cover the years asked and
    when it begins or ends, never an inverted range ("1979-1950").

    >>> coverage_text((1979, 2016), [1940, 2016]), coverage_text((1979, 1950), [1940, 1950])
    ('1979-2016', 'none of the years asked (the coding begins in 1979)')
    >>> coverage_text((1816, 1812), [1816, 1820])
    'none of the years asked (the coding ends in 1812)'
    >>> coverage_text((2001, 2001), [2001])
    '2001'
    """
    a, b = span
    if a <= b:
        return years_text(a, b)
    if years and a > years[-1]:
        return f"none of the years asked (the coding begins in {a})"
    return f"none of the years asked (the coding ends in {b})"


def held_out_years(seed_year: int | None, focal: int = US) -> str:
    """Which years :attr:`RoleValidation.per_role` holds out, as its held-out label words them
    after the training row that names the decades (:func:`held_out_label`): the years outside
    the training decades but the seed's year; every year for another focal state (the
    thresholds were fitted on U.S.-focal years only).

    >>> held_out_years(2001), held_out_years(None), held_out_years(2001, focal=740)
    ('other years but 2001', 'other years', 'every year: the fit saw U.S.-focal years only')
    """
    if focal != US:
        return "every year: the fit saw U.S.-focal years only"
    return "other years" + (f" but {seed_year}" if seed_year else "")


def held_out_label(seed_year: int | None, focal: int = US) -> str:
    """The held-out period's label in :attr:`RoleValidation.per_role` (:func:`held_out_years`).

    >>> held_out_label(2001)
    'held-out (other years but 2001)'
    """
    return f"held-out ({held_out_years(seed_year, focal)})"


def _summaries(
    per_year: pd.DataFrame,
    targets: list[ValidationTarget],
    flags: dict[str, dict[tuple[int, int], tuple[bool, bool]]],
    by_year: dict[int, pd.DataFrame],
    train: tuple[int, ...],
    seed_year: int | None,
    focal: int = US,
) -> pd.DataFrame:
    rows = []
    held = held_out_label(seed_year, focal)
    periods: list[tuple[str, Callable[[int], bool]]] = [
        ("all", lambda y: True),
        (f"training ({decades_text(train)})", lambda y: is_training_year(y, train)),
        (held, lambda y: not is_training_year(y, train) and y != seed_year),
    ]
    if focal != US:
        # the thresholds were fitted on U.S.-focal years only: every year is held out
        periods = [(held, lambda y: True)]
    for t in targets:
        py = per_year[per_year["role"] == t.role] if len(per_year) else per_year
        for period, keep in periods:
            yrs = [int(y) for y in py["year"] if keep(int(y))] if len(py) else []
            if not yrs:
                continue
            cells = [(v, y) for (c, y), v in flags[t.role].items() if keep(y)]
            tp = sum(1 for (a, b), _ in cells if a and b)
            fn = sum(1 for (a, b), _ in cells if a and not b)
            fp = sum(1 for (a, b), _ in cells if b and not a)
            n = int(sum(len(set(by_year[y].index) - t.excluded.get(y, set())) for y in yrs))
            tn = n - tp - fn - fp
            prec = _ratio(tp, tp + fp)
            rec = _ratio(tp, tp + fn)
            f1 = _ratio(2 * tp, 2 * tp + fp + fn)
            sub = py[py["year"].isin(yrs)]
            rows.append(
                {
                    "role": t.role,
                    "period": period,
                    "years": len(yrs),
                    "state_years": n,
                    "coded": tp + fn,
                    "predicted": tp + fp,
                    "both": tp,
                    "precision": prec,
                    "recall": rec,
                    "f1": f1,
                    "kappa": _kappa(tp, fp, fn, tn),
                    "agreement": float(sub["agreement"].mean()) if len(sub) else float("nan"),
                    # why a score is missing, in words ('' when all are defined), as in the
                    # rows of validate_focal_states: the table printed bare dashes (Monaco)
                    "undefined": why_scores_undefined(tp, tp + fn, tp + fp),
                }
            )
    return pd.DataFrame(rows)


def case_targets(
    codings: Codings,
    panel: pd.DataFrame,
    rivalries: Sequence[pd.DataFrame] | pd.DataFrame | None,
) -> list[ValidationTarget]:
    """The independent codings of the review cases' years (``targets`` of
    :func:`review_cases`), a rivalry list ``panel`` used as an input (its
    ``attrs["rivalry_inputs"]``) never among them. The one call of ``anpo roles validate`` and
    of the report's section, so both give each case the same verdict: the report called
    :func:`review_cases` without them, and counted Venezuela 2010 'as asked' where the command
    says 'not settled', and never said on which unmet case the coding sides with the rules.

    A ``panel`` that is no DataFrame, or ``rivalries`` that are not None, a rivalry list or a
    list of them: an :class:`~anpo.errors.InputError` naming it (``'dict' object has no
    attribute 'attrs'`` before).
    """
    from anpo.relations.taxonomy import check_rivalry_lists

    _table("panel", panel, what="a roles panel")
    check_rivalry_lists(rivalries)
    years = sorted({int(c["year"]) for c in codings.cases})
    targets, _ = _all_targets(
        codings, years, rivalries, set(panel.attrs.get("rivalry_inputs", [])), US
    )
    return targets


#: The columns of a roles panel that :func:`review_cases` reads, and of an alternative's.
_CASE_PANEL_COLUMNS = ("year", "ccode", "role", "intensity", "data_status", "reason")
_ALTERNATIVE_COLUMNS = ("year", "ccode", "role", "intensity", "degree")


def review_cases(
    codings: Codings,
    panel: pd.DataFrame,
    roles_for: Any | None = None,
    alternatives: dict[str, pd.DataFrame] | None = None,
    train_decades: Sequence[int] = TRAIN_DECADES,
    targets: Sequence[ValidationTarget] = (),
) -> pd.DataFrame:
    """What the rules say about the review cases of the codings file (issue 15's list).

    ``panel``: roles with the U.S. as the focal state; ``roles_for(year, focal)``: a function
    returning the roles of another focal state (cases with ``focal``), or None to skip them;
    ``alternatives``: label -> a roles panel under other thresholds (e.g. another capability
    measure), whose role for each case is reported in the column ``alternatives``;
    ``targets``: the independent codings (:func:`_all_targets` for the cases' years).

    Columns :data:`CASE_COLUMNS` (meanings: :data:`CASE_FIELDS`; a case whose state has no roles
    in its year has a null ``role``, ``intensity`` and ``data_status``): ``asks`` is the outcome
    the issue asks for (the case's ``right``, or not its ``wrong``), ``verdict`` whether the
    rules give it now, and for every case with the U.S. as focal state what the independent
    coding of the role asked (or asked against) says: an unmet case whether it agrees with the
    rules or with the review, a met case whether it agrees with both or with neither (so "as
    asked" never hides a coding that disagrees), ``codings`` what each independent coding says
    of the state that year (U.S. lists: empty for another focal state), ``coding_sides_with``
    the same as a code (unmet: ``rules`` or ``review``; met: ``both`` or ``neither``; ``none``:
    no coding of that role covers the year; ``unsupported``: the case asks only against a role,
    and the coding of the role the rules now give denies it, so the verdict reads "not settled",
    see :func:`_coding_view`; empty without targets or for another focal state), and
    ``year_in_fit`` whether the fit of the thresholds saw the year (a case in a training year is
    not held-out evidence).

    A ``panel`` (or a frame of ``alternatives``, named by its label) that is no DataFrame or
    lacks a column read (:data:`_CASE_PANEL_COLUMNS`): an :class:`~anpo.errors.InputError`
    naming it (a bare ``KeyError: 'year'`` before); a panel without rows computes no case.
    """
    _table("panel", panel, what="a roles panel", columns=_CASE_PANEL_COLUMNS)
    for label, frame in (alternatives or {}).items():
        _table(str(label), frame, what="a roles panel", columns=_ALTERNATIVE_COLUMNS)
    rows = []
    for case in codings.cases:
        focal = int(case.get("focal", US))
        year = int(case["year"])
        if focal == US:
            sub = panel[(panel["year"] == year) & (panel["ccode"] == int(case["ccode"]))]
        elif roles_for is not None:
            r = roles_for(year, focal)
            sub = r[r["ccode"] == int(case["ccode"])]
        else:
            continue
        rec = sub.iloc[0] if len(sub) else None
        # the years the case's roles were computed for: a year among them without the state
        # is one in which it has no role (not a system member), not a year left out
        sub_years = (
            set(panel["year"].unique())
            if focal == US
            else ({year} if roles_for is not None and len(r) else set())
        )
        alt = []
        for label, frame in (alternatives or {}).items():
            if focal != US:
                continue
            if frame.attrs.get("unavailable"):
                alt.append(f"{label}: not computed ({frame.attrs['unavailable']})")
                continue
            a = frame[(frame["year"] == year) & (frame["ccode"] == int(case["ccode"]))]
            if len(a):
                x = a.iloc[0]
                deg = "" if pd.isna(x["degree"]) else f", degree {x['degree']:.2f}"
                inten = f" {x['intensity']}" if x["intensity"] else ""
                alt.append(f"{label}: {x['role']}{inten}{deg}")
        asks, verdict = _case_verdict(case, rec)
        if rec is None:
            verdict = f"not computed: {_no_role_reason(sub_years, year)}"
        said = _coded_for(targets, int(case["ccode"]), year) if focal == US else []
        sides = ""
        if targets and focal == US and verdict.startswith(("as asked", "not as asked")):
            given = _case_label(rec) if rec is not None else ""
            sides, view = _coding_view(case, said, met=verdict.startswith("as asked"), given=given)
            if sides == "unsupported":
                verdict = f"not settled: {given}, {view}"
            else:
                verdict += view
        rows.append(
            {
                "year": year,
                "state": case["state"],
                "focal": focal,
                "concern": case["concern"],
                "asks": asks,
                # not computed: null, not a "-" that reads as a role or "" as no intensity
                "role": None if rec is None else rec["role"],
                "intensity": None if rec is None else rec["intensity"],
                "verdict": verdict,
                "year_in_fit": year_set(year, codings.seed_year, train_decades),
                "data_status": None if rec is None else rec["data_status"],
                "reason": rec["reason"] if rec is not None else _no_role_reason(sub_years, year),
                "alternatives": "; ".join(alt),
                "codings": "; ".join(c.text for c in said),
                "coding_sides_with": sides,
            }
        )
    return pd.DataFrame(rows, columns=CASE_COLUMNS)


def _no_role_reason(years: set[int], year: int) -> str:
    """Why a review case has no role: its year was not computed, or the state had no row in a
    year that was (not a member of the state system, or the focal state itself)."""
    if year not in years:
        return f"{year} is not among the years validated"
    return f"no role in {year}: not a member of the state system that year (or the focal state)"


@dataclass(frozen=True)
class _Said:
    """What one independent coding says of a state in a year (see :func:`_coded_for`)."""

    role: str
    coded: bool
    text: str
    lineage: str = ""  # why the coding is not independent of the rules, or ""


def _coded_for(targets: Sequence[ValidationTarget], ccode: int, year: int) -> list[_Said]:
    """What each independent coding says of ``ccode`` in ``year``, for the targets whose years
    cover it (a list that has not begun or has ended says nothing)."""
    out = []
    for t in targets:
        if not t.years[0] <= year <= t.years[1]:
            continue
        why = t.coded.get(year, {}).get(ccode)
        text = f"{t.title}: " + (f"yes ({why})" if why else "no")
        out.append(_Said(t.role, why is not None, text, t.lineage))
    return out


def _case_label(rec: Any) -> str:
    """The role the rules give a case, with its intensity (``strategic rival primary``)."""
    return str(rec["role"]) + (f" {rec['intensity']}" if rec["intensity"] else "")


def _coded_role(label: str) -> str:
    """The role of a coding that a case's label is compared with."""
    return "primary rival" if label == "strategic rival primary" else label


def _coding_view(
    case: dict[str, Any], said: list[_Said], met: bool = False, given: str = ""
) -> tuple[str, str]:
    """What the independent coding of the role the review asks for (or against) says of a case,
    as a code and the clause the verdict gets. A case the rules do not give as asked: the coding
    sides with the ``rules`` or with the ``review``; a case given as asked (rules and review
    agree): the coding agrees with ``both`` or with ``neither``; ``none``: no coding of that
    role covers the year.

    A case given as asked only by being *not* the role the review asks against is settled only
    if the role the rules now give (``given``) is not denied by its own coding: Venezuela 2010
    is not an ally, as asked, but a rogue state that the State Department never designated.
    Then the code is ``unsupported`` and the clause names that coding. A coding that comes from
    one of the rules' inputs (``lineage``) is said not to be independent."""
    right = [str(x) for x in case.get("right", [])]
    wrong = [str(x) for x in case.get("wrong", [])]
    code, clause = _asked_view(right, wrong, said, met)
    if met and given and not right:
        for c in said:
            if c.role in (_coded_role(given), given) and not c.coded:
                asked = [x for x in said if x.role in {_coded_role(w) for w in wrong}]
                also = (
                    f"; the coding of {asked[0].role} still gives it ({asked[0].text})"
                    if asked and asked[0].coded
                    else ""
                )
                return "unsupported", (
                    f"not the {' or '.join(wrong)} the review asks against, but the "
                    f"independent coding of {given} does not give it ({c.text})"
                    + (f", a coding not independent there: {c.lineage}" if c.lineage else "")
                    + also
                )
    return code, clause


def _asked_view(
    right: list[str], wrong: list[str], said: list[_Said], met: bool
) -> tuple[str, str]:
    """:func:`_coding_view` for the coding of the role asked for (or against) alone."""
    for label, wants in [(x, True) for x in right] + [(x, False) for x in wrong]:
        role = _coded_role(label)
        for c in said:
            if c.role == role:
                who = (
                    f"the coding (not independent there: {c.lineage})"
                    if c.lineage
                    else "the independent coding"
                )
                if met:
                    if c.coded == wants:
                        return "both", f"; {who} agrees ({c.text})"
                    return "neither", (
                        f"; but {who} disagrees with the review and the rules ({c.text})"
                    )
                side = "review" if c.coded == wants else "rules"
                return side, f"; {who} sides with the {side} ({c.text})"
    return "none", "; no independent coding of that role covers the year"


CASE_COLUMNS = [
    "year",
    "state",
    "focal",
    "concern",
    "asks",
    "role",
    "intensity",
    "verdict",
    "year_in_fit",
    "data_status",
    "reason",
    "alternatives",
    "codings",
    "coding_sides_with",
]


def year_set(year: int, seed_year: int | None, train: Sequence[int]) -> str:
    """Which set of the fit a year belongs to: the seed's year, a training or a held-out year."""
    if year == seed_year:
        return "seed year (a constraint of the fit)"
    return "training year" if is_training_year(year, train) else "held-out year"


def _case_verdict(case: dict[str, Any], rec: pd.Series | None) -> tuple[str, str]:
    """What the review case asks (its ``right`` or ``wrong`` outcomes) and whether the rules
    now give it; an unmet case points to the evidence that decides it (the reason)."""
    right = [str(x) for x in case.get("right", [])]
    wrong = [str(x) for x in case.get("wrong", [])]
    asks = " or ".join(right) if right else ("not " + " or ".join(wrong) if wrong else "")
    if rec is None:
        return asks, "not computed"  # review_cases adds why
    if not asks:
        return asks, ""
    role = str(rec["role"])
    label = role + (f" {rec['intensity']}" if rec["intensity"] else "")
    met = (label in right or role in right) if right else not (label in wrong or role in wrong)
    if met:
        return asks, f"as asked: {label}"
    return asks, f"not as asked: still {label}, by the evidence in the reason"


#: Other capability measures whose roles the review cases report beside the chosen one.
CAPABILITY_ALTERNATIVES = {
    "with CINC alone": {"rival.capability": ["cinc"], "rival.capability_combine": "max"},
    "with CINC or nuclear forces": {
        "rival.capability": ["cinc", "nuclear"],
        "rival.capability_combine": "max",
    },
}


def alternative_panels(
    inputs: dict[str, Any],
    thresholds: Any,
    years: Sequence[int],
    progress: ProgressFn | None = None,
) -> dict[str, pd.DataFrame]:
    """Roles of ``years`` (focal: the U.S.) under the :data:`CAPABILITY_ALTERNATIVES`: what the
    rival degree would say with CINC alone (the rule before issue 15) or with nuclear forces.
    An alternative whose data the inputs lack (nuclear forces without ``nuclear``) is an empty
    frame whose ``attrs["unavailable"]`` says why, not a copy of another measure.
    ``progress(done, total)`` counts the alternatives (0 first)."""
    from anpo.relations.taxonomy import prepare_roles, roles_panel, with_overrides

    out = {}
    tick = progress or (lambda done, total: None)
    tick(0, len(CAPABILITY_ALTERNATIVES))
    for done, (label, changes) in enumerate(CAPABILITY_ALTERNATIVES.items(), start=1):
        if "nuclear" in changes["rival.capability"] and inputs.get("nuclear") is None:
            # without stockpile data the nuclear measure is missing for every state, and the
            # "max" would silently be CINC alone under another label
            empty = pd.DataFrame(columns=["year", "ccode", "role", "intensity", "degree"])
            empty.attrs["unavailable"] = (
                "no nuclear warhead stockpiles (FAS) in the catalog, kind nuclear_stockpiles"
            )
            out[label] = empty
        else:
            th = with_overrides(thresholds, **changes)
            prep = prepare_roles(**inputs, thresholds=th, focal=US)
            out[label] = roles_panel(list(years), prepared=prep)
        tick(done, len(CAPABILITY_ALTERNATIVES))
    return out


def member_years(states: pd.DataFrame, focal: int, years: Iterable[int]) -> list[int]:
    """The years of ``years`` in which ``focal`` is a system member (COW state list [cow2017]).
    A ``states`` that is no DataFrame or lacks ``ccode, styear, endyear``: an
    :class:`~anpo.errors.InputError` naming it (a bare ``KeyError: 'ccode'`` before)."""
    _table("states", states, what="a state list", columns=("ccode", "styear", "endyear"))
    s = states[states["ccode"].astype("int64") == int(focal)]
    spells = list(zip(s["styear"].astype("int64"), s["endyear"].astype("int64"), strict=True))
    return [int(y) for y in years if any(a <= int(y) <= b for a, b in spells)]


def validate_from_catalog(
    catalog: Any,
    years: Iterable[int],
    thresholds: Any = None,
    codings: Codings | None = None,
    focal: int = US,
    progress: StepFn | None = None,
    count: ProgressFn | None = None,
    inputs: dict[str, Any] | None = None,
) -> RoleValidation:
    """:func:`validate_roles` on roles computed from the catalog's datasets for ``years``, with
    the review cases filled in (U.S. focal only: the review cases are U.S.-focal cases).
    ``inputs``: the datasets already read (:func:`anpo.relations.taxonomy.roles_inputs` of
    ``catalog``, e.g. in a held block that ended before this computation, so a writer waits
    only for the reads); default: read them here.

    With another ``focal`` state, the years in which it is not a system member are left out
    (``notes`` names them), and only the rival roles are compared.

    The codings compared with are those of :class:`Codings`
    ([state-sst2024; state-cda2024; gibler2009]) and the rivalry lists [thompson2012] and
    [thompson2022]; the roles' rules are anpo's own.

    ``progress(message)`` names each step (:data:`anpo._progress.StepFn`); ``count(done,
    total)`` counts the years of the step's roles (:data:`anpo._progress.ProgressFn`)."""
    say = progress or (lambda message: None)
    codings = codings or load_codings()
    if inputs is None:  # said only when it reads: given inputs read nothing here
        from anpo.relations.taxonomy import roles_inputs

        say("reading the catalog")
        inputs = roles_inputs(catalog)
    if focal != US:
        wanted = [int(y) for y in years]
        say(f"roles relative to {focal_label(focal, wanted)}")
        return validate_focal(inputs, focal, wanted, thresholds, codings, count=count)
    from anpo.relations.taxonomy import prepare_roles, roles_panel

    prep = prepare_roles(**inputs, thresholds=thresholds, focal=US)
    say("roles of the years validated")
    panel = roles_panel(list(years), prepared=prep, progress=count)
    result = validate_roles(panel, codings, inputs["rivalries"])
    case_years = sorted({int(c["year"]) for c in codings.cases} - set(result.years))
    say("review cases: roles of their years")
    extra = roles_panel(case_years, prepared=prep, progress=count) if case_years else None
    full = pd.concat([panel, extra], ignore_index=True) if extra is not None else panel
    all_case_years = sorted({int(c["year"]) for c in codings.cases})
    say("review cases: the alternative capability measures")
    alts = alternative_panels(inputs, prep.th, all_case_years, progress=count)
    result.cases = review_cases(
        codings,
        full,
        other_focal_roles(inputs, prep.th),
        alts,
        targets=case_targets(codings, panel, inputs["rivalries"]),
    )
    return result


def other_focal_roles(inputs: dict[str, Any], thresholds: Any) -> Any:
    """``roles_for(year, focal)`` for :func:`review_cases`: the roles relative to another focal
    state, its inputs indexed once per focal state."""
    from anpo.relations.taxonomy import prepare_roles, roles_prepared

    prepared: dict[int, Any] = {}

    def roles_for(year: int, focal: int) -> pd.DataFrame:
        if focal not in prepared:
            prepared[focal] = prepare_roles(**inputs, thresholds=thresholds, focal=focal)
        return roles_prepared(prepared[focal], year)

    return roles_for


def validate_focal(
    inputs: dict[str, Any],
    focal: int,
    years: Iterable[int],
    thresholds: Any = None,
    codings: Codings | None = None,
    count: ProgressFn | None = None,
) -> RoleValidation:
    """:func:`validate_roles` for the roles relative to ``focal`` (loaded datasets
    ``inputs``, :func:`anpo.relations.taxonomy.roles_inputs`) in the years of ``years`` in
    which it is a system member. No review cases (they are U.S.-focal). ``count(done, total)``
    is called after each year's roles. Only the rival roles have codings for another focal
    state: [thompson2012] and [thompson2022]."""
    from anpo.relations.taxonomy import prepare_roles, roles_panel

    years = sorted({int(y) for y in years})
    kept = member_years(inputs["states"], focal, years)
    if not kept:
        from anpo.relations.taxonomy import not_a_member

        when = years_text(years[0], years[-1]) if years else "the years asked (none given)"
        raise InputError(not_a_member(inputs["states"], focal, when), field="--focal")
    prep = prepare_roles(**inputs, thresholds=thresholds, focal=focal)
    panel = roles_panel(kept, prepared=prep, progress=count)
    result = validate_roles(panel, codings, inputs["rivalries"])
    gone = sorted(set(years) - set(kept))
    if gone:
        result.notes.append(
            f"{focal_label(focal, kept)} is not a system member in "
            + ", ".join(years_text(a, b) for a, b in _spells(gone))
            + " (COW state list): those years are not validated"
        )
    return result


#: The focal states of the cross-focal test (:func:`validate_focal_states`), chosen by a rule
#: fixed before any result was seen: every state that is a COW major power at some time in
#: 1950-2016 (Correlates of War Project, State System Membership v2016, ``majors2016``: the
#: U.S., the United Kingdom, France, Germany, Russia, China, Japan) plus India, the regional
#: power with the most TD rivalries after 1947. The U.S. is the fit's own focal state: its row
#: is the reference, not held out.
FOCAL_STATES = (2, 200, 220, 255, 365, 710, 740, 750)

#: The years of the cross-focal test: 1950 to the end of Thompson & Dreyer's list (2010).
FOCAL_YEARS = (1950, 2010)

#: The years ``anpo roles validate`` compares when none are given (the U.S. as focal state);
#: its help text and the accuracy line's advice name them.
US_YEARS = (1950, 2016)

#: The roles the cross-focal test compares (the others have U.S. codings only).
RIVAL_ROLES = ("strategic rival", "primary rival")

#: The counts and scores of a role's agreement with the coding, in the order tables show them:
#: state-years coded, state-years predicted, state-years both, precision, recall, F1 and Cohen's
#: kappa (:data:`PER_ROLE_FIELDS`).
SCORE_COLUMNS = ("coded", "predicted", "both", "precision", "recall", "f1", "kappa")

FOCAL_COLUMNS = [
    "focal",
    "state",
    "held_out",
    "years",
    "role",
    "state_years",
    *SCORE_COLUMNS,
    "undefined",
]


def why_scores_undefined(tp: int, coded: int, predicted: int) -> str:
    """Why precision, recall or F1 are undefined for a row ('' when all are defined)."""
    if coded == 0 and predicted == 0:
        return "neither the coding nor the rules name any state: no score is defined"
    if predicted == 0:
        return "the rules name no state: precision is undefined"
    if coded == 0:
        return (
            "the coding names no state: recall is undefined, and every state the rules name is "
            "a false positive"
        )
    return ""


def validate_focal_states(
    inputs: dict[str, Any],
    thresholds: Any = None,
    focals: Sequence[int] = FOCAL_STATES,
    years: tuple[int, int] = FOCAL_YEARS,
    codings: Codings | None = None,
    progress: StepFn | None = None,
    count: ProgressFn | None = None,
) -> pd.DataFrame:
    """The rival rules tested on other focal states: for each of ``focals`` (default
    :data:`FOCAL_STATES`), the roles relative to it over ``years`` (the years it is a system
    member) against Thompson & Dreyer's strategic rivalries [thompson2012] ("strategic rival")
    and Thompson, Sakuwa & Suhas's mutual principal flag [thompson2022] ("primary rival"), by
    :func:`validate_focal`.

    The thresholds were fitted on U.S.-focal training years only, so every other focal state is
    held out by construction (``held_out``); the U.S. row is the reference. Returns one row per
    focal state and role, :data:`FOCAL_COLUMNS`; ``undefined`` says why a score is missing, and
    ``attrs["not_compared"]`` (role -> why) names a role that has no row because no coding of
    it covers the years (Thompson & Dreyer end in 2010).

    ``progress(message)`` names the focal state being validated, ``count(done, total)`` is
    called after each (:mod:`anpo._progress`). Raises :class:`DataError` when ``inputs`` hold
    no rivalry list (there is nothing to validate against).
    """
    from anpo.relations.taxonomy import RIVALRY_KINDS

    if not inputs.get("rivalries"):
        raise DataError(
            "the rival rules on other focal states are validated against the rivalry lists, and "
            "the catalog has none: add Thompson & Dreyer's strategic rivalries or Thompson, "
            "Sakuwa & Suhas's rivalries with `anpo data add FILE` (kinds "
            + ", ".join(RIVALRY_KINDS)
            + ")"
        )
    codings = codings or load_codings()
    rows = []
    span = range(years[0], years[1] + 1)
    for done, focal in enumerate(focals, start=1):
        if progress:
            progress(f"rival rules relative to {focal_label(int(focal), span)}")
        res = validate_focal(inputs, int(focal), span, thresholds, codings)
        pr = res.per_role[res.per_role["period"].str.startswith("all" if focal == US else "held")]
        for rec in pr[pr["role"].isin(RIVAL_ROLES)].to_dict("records"):
            sub = res.per_year[res.per_year["role"] == rec["role"]]
            ys = [int(y) for y in sub["year"]]
            rows.append(
                {
                    "focal": int(focal),
                    "state": focal_label(int(focal), ys).removeprefix("the "),
                    "held_out": focal != US,
                    "years": ", ".join(years_text(a, b) for a, b in _spells(ys)),
                    "role": rec["role"],
                    "state_years": int(rec["state_years"]),
                    "coded": int(rec["coded"]),
                    "predicted": int(rec["predicted"]),
                    "both": int(rec["both"]),
                    "precision": rec["precision"],
                    "recall": rec["recall"],
                    "f1": rec["f1"],
                    "kappa": rec["kappa"],
                    "undefined": why_scores_undefined(
                        int(rec["both"]), int(rec["coded"]), int(rec["predicted"])
                    ),
                }
            )
        if count:
            count(done, len(focals))
    out = pd.DataFrame(rows, columns=FOCAL_COLUMNS)
    # a role no coding covers in the years (Thompson & Dreyer end in 2010) has no row: said,
    # not left for the reader to notice (2011-2016 gave the primary-rival rows alone)
    missing: dict[str, str] = {}
    for role in RIVAL_ROLES:
        if role in set(out["role"]):
            continue
        caveats = [
            str(t["caveat"])
            for t in (res.targets.to_dict("records") if focals else [])
            if t["role"] == role and t.get("caveat") and "ends in" in str(t["caveat"])
        ]
        missing[role] = (
            f"not compared in {years_text(years[0], years[1])}: no coding of the role covers "
            "these years"
            + (f" ({caveats[0][:1].lower()}{caveats[0][1:].rstrip('.')})" if caveats else "")
        )
    out.attrs["not_compared"] = missing
    return out


#: The columns of :func:`validate_focal_states` output that :func:`pooled_held_out` reads.
_HELD_COLUMNS = ("held_out", "role", "state_years", "both", "coded", "predicted")


def pooled_held_out(table: pd.DataFrame) -> pd.DataFrame:
    """The held-out rows of :func:`validate_focal_states` pooled per role: the state-years of
    every held-out focal state together (precision, recall, F1 and Cohen's kappa [cohen1960] of
    the pooled counts). One row per role: ``role, focal_states, state_years, coded, predicted,
    both, precision, recall, f1, kappa``."""
    rows = []
    _table("table", table, what="a focal-state validation table", columns=_HELD_COLUMNS)
    held = table[table["held_out"].astype(bool)]
    for role, g in held.groupby("role", sort=False):
        n, tp = int(g["state_years"].sum()), int(g["both"].sum())
        coded, pred = int(g["coded"].sum()), int(g["predicted"].sum())
        fp, fn = pred - tp, coded - tp
        rows.append(
            {
                "role": role,
                "focal_states": len(g),
                "state_years": n,
                "coded": coded,
                "predicted": pred,
                "both": tp,
                "precision": _ratio(tp, pred),
                "recall": _ratio(tp, coded),
                "f1": _ratio(2 * tp, 2 * tp + fp + fn),
                "kappa": _kappa(tp, fp, fn, n - tp - fp - fn),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- the JSON, documented
# What each key of ``anpo roles validate --json`` and each field of its records means, with its
# unit and what a null or an empty string means. docs/explanation/relations.md lists them, one
# table per record type; a test holds the dicts, the page and the output together.

#: The counts and scores over state-years, as the per-role and the per-focal-state records
#: give them (in the order of :data:`SCORE_COLUMNS`, kappa apart).
_STATE_YEAR_SCORES: dict[str, str] = {
    "coded": "state-years the coding puts in the role",
    "predicted": "state-years the rules put in the role",
    "both": "state-years both put in the role",
    "precision": "both / predicted, 0-1; null when predicted is 0",
    "recall": "both / coded, 0-1; null when coded is 0",
    "f1": "2 both / (coded + predicted), 0-1; null when coded and predicted are 0",
}

#: The top-level keys of ``anpo roles validate --json`` (one focal state).
VALIDATE_JSON_KEYS: dict[str, str] = {
    "focal": "COW code of the focal state",
    "years": "the years validated, every one (with another focal state, the years asked in "
    "which it is a system member; notes names the others)",
    "thresholds": "the thresholds in use (anpo roles --print-thresholds --json)",
    "targets": "one object per independent coding compared (TARGET_FIELDS); with another focal "
    "state the rival codings only",
    "per_role": "one object per role and period (PER_ROLE_FIELDS)",
    "per_year": "one object per role and year the role's coding covers (PER_YEAR_FIELDS)",
    "disagreements": "one object per spell of years in which the rules and a coding differ on "
    "a state (DISAGREEMENT_FIELDS); empty when they agree throughout",
    "cases": "the review cases of the codings file, as the rules give them now (CASE_FIELDS); "
    "empty with another focal state",
    "notes": "sentences on what is not checked and why, and on a coding that is not independent "
    "of the rules (empty: none)",
    "unmatched_rivalries": "the rivalry-years of the focal state that match no system dyad "
    "while it is a member (a rival the list codes is not a system member that year), left out "
    "and not recoded: one sentence per rivalry list; empty when none",
}

#: The fields of each object of ``targets``.
TARGET_FIELDS: dict[str, str] = {
    "role": "the role compared: ally, rogue state, strategic rival, or primary rival (a "
    "strategic rival of intensity primary)",
    "title": "the coding's name",
    "source": "where the coding comes from",
    "years": "the years from the first to the last asked that the coding covers, as text "
    "(1979-2016; a single year: 2001), or none of the years asked and when the coding begins "
    "or ends",
    "caveat": "the coding's limits, and 'Not independent of the rules: ...' when it comes from "
    "one of their inputs; empty when none",
}

#: The fields of each object of ``per_role``: counts of state-years over a period.
PER_ROLE_FIELDS: dict[str, str] = {
    "role": "the role compared (TARGET_FIELDS role)",
    "period": "all (every year validated); training (1950s, 1970s, 1990s, 2010s): the years "
    "the thresholds were fitted on; held-out (other years but Y): the rest but the seed's year "
    "Y; with another focal state only held-out (every year: the fit saw U.S.-focal years "
    "only). A period with no year covered has no object",
    "years": "how many years of the period the role's coding covers (the years counted)",
    "state_years": "the state-years compared: each state other than the focal state, in each "
    "of those years, less those the coding cannot place",
    **_STATE_YEAR_SCORES,
    "kappa": "Cohen's kappa of the two codings over the state-years (in the role or not), -1 "
    "to 1, 0: chance agreement; null when no state-year is compared, or when coded and predicted "
    "are both 0 (or both every state-year): chance agreement is then 1",
    "agreement": "the mean over the period's years of the yearly agreement (PER_YEAR_FIELDS "
    "agreement), 0-1, the years where it is null left out; null when it is null in every year",
    "undefined": "why precision, recall or F1 is null, in words; empty when all are defined",
}

#: The fields of each object of ``per_year``: counts of states in one year.
PER_YEAR_FIELDS: dict[str, str] = {
    "year": "the year",
    "role": "the role compared (TARGET_FIELDS role)",
    "coded": "states the coding puts in the role in the year",
    "predicted": "states the rules put in the role in the year",
    "both": "states both put in the role",
    "agreement": "both / the states either puts in the role (the Jaccard index), 0-1, 1 when "
    "they name the same states; null when neither names a state",
    "precision": "both / predicted, 0-1; null when predicted is 0",
    "recall": "both / coded, 0-1; null when coded is 0",
    "insufficient": "states of the year (every one, compared or not) whose data_status is "
    "insufficient (anpo roles --json)",
    "states": "the states compared in the year: each state other than the focal state, less "
    "those the coding cannot place",
}

#: The fields of each object of ``disagreements`` (also the columns of ``--csv``).
DISAGREEMENT_FIELDS: dict[str, str] = {
    "role": "the role compared (TARGET_FIELDS role)",
    "ccode": "COW state code of the state",
    "state": "the state's name over the spell (Soviet Union / Russia across 1991)",
    "first": "the first year of the spell",
    "last": "the last year of the spell (consecutive years validated in which the state is on "
    "the same side, with the same role by the rules)",
    "years": "the spell as text: 1991-2016, or 1951 for a single year",
    "coded": "yes: the coding puts the state in the role and the rules do not; no: the rules "
    "do and the coding does not",
    "anpo_role": "the role the rules give the state in the spell, its intensity in parentheses "
    "(strategic rival (lesser))",
    "explanation": "why the two differ, generated from the rules' evidence and the coding's "
    "own dates",
}

#: The fields of each object of ``cases`` (:data:`CASE_COLUMNS`). A case whose state has no
#: roles in its year (not a system member then) is not computed: its role, intensity and
#: data_status are null.
CASE_FIELDS: dict[str, str] = {
    "year": "the case's year (computed even when it is not among the years validated)",
    "state": "the state, as the codings file names it",
    "focal": "COW code of the focal state of the case (2, the U.S., for most)",
    "concern": "what the review found wrong, from the codings file",
    "asks": "the outcome the review asks for: its roles joined by ' or ', or 'not ' and the "
    "roles it asks against; empty when the case names neither",
    "role": "the role the rules give now; null when not computed",
    "intensity": "its intensity (primary, lesser, nominal), empty for a role without one; "
    "null when not computed",
    "verdict": "as asked: ..., not as asked: ..., not settled: ... (met only by not being the "
    "role asked against, while the coding of the role given denies it), or not computed: why "
    "(the reason's words); a U.S.-focal case's adds what the independent coding of the role says; "
    "empty when the case asks nothing",
    "year_in_fit": "which set of the thresholds' fit the year is in, as text: training year, "
    "held-out year, or seed year (a constraint of the fit); not a yes or no",
    "data_status": "complete or insufficient, as in anpo roles --json; null when not computed",
    "reason": "the evidence behind the role, in words (anpo roles --json); when not computed, "
    "why: the year is not among those validated, or the state has no role in it",
    "alternatives": "the role under each other capability measure (with CINC alone: ..., with "
    "degree; or not computed and why), joined by '; '; empty for a case with another focal "
    "state or one not computed",
    "codings": "what each independent coding covering the year says of the state (title: yes "
    "(why) or title: no), joined by '; '; empty when none covers the year or the case has "
    "another focal state",
    "coding_sides_with": "what the independent coding of the role asked for (or against) says, "
    "as a code: rules or review (case not as asked: the side it agrees with), both or neither "
    "(case as asked), none (no coding of that role covers the year), unsupported (verdict not "
    "settled); empty when the case has another focal state, is not computed or asks nothing",
}

#: The top-level keys of ``anpo roles validate --focal all --json``.
FOCAL_ALL_JSON_KEYS: dict[str, str] = {
    "focal": "the text 'all' (every focal state of focal_states)",
    "focal_states": "COW codes of the focal states tested (the COW major powers of 1950-2016 "
    "and India)",
    "years": "the first and the last year of the span validated (a list of two: --focal all "
    "takes a span); each state is validated in those of its years in which it is a system "
    "member",
    "thresholds": "the thresholds in use (anpo roles --print-thresholds --json)",
    "rows": "one object per focal state and rival role (FOCAL_FIELDS)",
    "not_compared": "role -> why it has no row (no coding of it covers the years); empty when "
    "both rival roles are compared",
    "unmatched_rivalries": "the rivalry-years of the focal states that match no system dyad "
    "while the focal state is a member (a rival the list codes is not a system member that "
    "year), left out and not recoded: one sentence per rivalry list; empty when none",
}

#: The fields of each object of ``rows`` (:data:`FOCAL_COLUMNS`, also the columns of ``--csv``).
FOCAL_FIELDS: dict[str, str] = {
    "focal": "COW code of the focal state",
    "state": "its name over its years (Soviet Union / Russia; U.S. for the U.S.)",
    "held_out": "false for the U.S., the fit's own focal state (the reference: every year, "
    "training years included); true for every other (the thresholds were fitted on "
    "U.S.-focal years only)",
    "years": "the years compared, as spells of text (1950-2010): those in which the state is "
    "a system member and the role's coding covers",
    "role": "strategic rival (against Thompson & Dreyer 2012) or primary rival (against "
    "Thompson, Sakuwa & Suhas 2022's principal flag)",
    "state_years": "the state-years compared: each other state in each of those years, less "
    "those the coding cannot place",
    **_STATE_YEAR_SCORES,
    "kappa": "Cohen's kappa over the state-years, -1 to 1; null when no state-year is compared, "
    "or when coded and predicted are both 0 (or both every state-year)",
    "undefined": "why precision, recall or F1 is null, in words; empty when all are defined",
}

#: The columns of :func:`pooled_held_out` (the report's pooled row): the held-out rows of
#: ``rows`` summed per role.
POOLED_FIELDS: dict[str, str] = {
    "role": "strategic rival or primary rival",
    "focal_states": "how many held-out focal states are pooled",
    "state_years": "their state-years compared, summed",
    "coded": "state-years the coding puts in the role, summed",
    "predicted": "state-years the rules put in the role, summed",
    "both": "state-years both put in the role, summed",
    "precision": "both / predicted of the sums, 0-1; null when predicted is 0",
    "recall": "both / coded of the sums, 0-1; null when coded is 0",
    "f1": "2 both / (coded + predicted) of the sums, 0-1; null when coded and predicted are 0",
    "kappa": "Cohen's kappa of the pooled counts, -1 to 1; null when no state-year is "
    "compared, or when coded and predicted are both 0 (or both every state-year)",
}

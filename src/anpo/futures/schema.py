"""Future files: the validated data model (pydantic).

A future is a set of changes to a base scenario, touching every model it concerns, each with
its basis (the seed passage or a source; assumptions labelled ``anpo assumption``)::

    schema_version = 1

    [future]
    id = "multinational-framework"
    title = "A multinational framework around the alliance, door open to China"
    kind = "future"                     # or "danger"
    seed = "... the seed passage ..."
    seed_ref = "Soeya (RIETI, 10 July 2001), 'Future Prospect ...', second paragraph"
                                        # where in the seed: author, venue, date, part (a
                                        # placeholder such as 'TBD' is refused)

    [base]
    scenario = "book:us-japan-2001"     # the scenario book, or a path relative to this file
                                        # (~/... from the home folder)
    variant = "tmd-japan"               # the active defenses and forces

    [[changes]]                         # deterrence: forces, defenses, who is covered, alliances
    target = "defenses[gmd-allied].layers[0].covers"
    append = "KOR"                      # or set / add / scale / remove (from a list, or one
    basis = "seed: '...'"               # value out of its table: dyads[0].ally, remove = "JPN")

    [alignment]
    instance = "book:asia_pacific_2001" # the landscape: a built-in instance, or a path
                                        # relative to this file (a drawn one too; ~/...
                                        # from the home folder)

    [[alignment.changes]]               # alignment: propensity changes (anpo.align)
    among = ["USA", "JPN", "AUL", "ROK"]  # or pairs = [["JPN", "CHN"]]
    delta = 1.0
    basis = "anpo assumption: ..."

    [law]                               # the legal regime in force and what is asked of Japan
    date = 2016-03-29
    basis = "..."
    [[law.contributions]]
    activity = "protect-us-assets"
    situation = "survival-threatening"
    location = "high-seas-near-japan"
    source = "seed: ..."

    [burden]                            # Japan's support and the cost of the U.S. presence
    support_scale = 1.0
    presence_scale = 1.0
    basis = "..."

    [[uncertainties]]                   # distributions on fields of the resulting world
    name = "jpn_chn"
    target = "alignment.changes[0].delta"
    distribution = { kind = "uniform", low = 1, high = 4 }
    basis = "anpo assumption"

Applying the changes gives a :class:`World`, the object the scorecard reads and whose fields the
uncertainties target (``scenario.forces[cn-df5].launchers``, ``alignment.changes[0].delta``,
``burden.support_scale``; a ``choice`` of numbers, texts or true/false; a date such as
``law.date`` is not sampled).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, field_validator, model_validator

from anpo._checks import first_repeat
from anpo._io.citations import check_citation, is_placeholder
from anpo._io.inputs import InvalidFutureInput, NoCoercedNumbers, RaisesAnpoError
from anpo.deterrence.scenario import Line
from anpo.errors import AnpoError
from anpo.law.scenario import Contribution
from anpo.scenario.schema import Scenario
from anpo.scenario.uncertainty import Uncertainty, parse_target

Basis = Annotated[
    str,
    Field(min_length=3, description="the seed passage or a source; 'anpo assumption: ...'"),
    BeforeValidator(check_citation),  # no placeholder ('TBD'): anpo._io.citations
]
#: A ``seed_ref`` as the built-in futures write it: the seed's author, venue and date, then the
#: part of the text (section title, paragraph, Q&A).
SEED_REF_EXAMPLE = (
    "Soeya (RIETI, 10 July 2001), 'Future Prospect of the U.S.-Japan Security Relations', "
    "second paragraph"
)


def _check_seed_ref(value: Any) -> Any:
    """``value`` unchanged when it may say where in the seed a future's passage is, else
    ``ValueError``: a placeholder (``'TBD'``, ``'xxx'``, ``'???'``: :func:`is_placeholder`, the
    check of every source and basis) or a blank value is refused, saying what to write."""
    if isinstance(value, str) and is_placeholder(value):
        what = (
            "the place in the seed is blank"
            if not value.strip()
            else "a placeholder is not a place in the seed"
        )
        raise ValueError(
            f"{what}: say where in the seed the passage is (author, venue, date and "
            f'part of the text, e.g. "{SEED_REF_EXAMPLE}")'
        )
    return value


def _check_seed(value: Any) -> Any:
    """``value`` unchanged unless it is a placeholder (:func:`is_placeholder`): the seed is the
    passage quoted, never 'placeholder' or 'TODO'."""
    if isinstance(value, str) and value.strip() and is_placeholder(value):
        raise ValueError(
            "a placeholder is not the seed passage: quote the passage of the seed the future "
            "is drawn from"
        )
    return value


Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9\-]*$")]


class _Base(RaisesAnpoError, NoCoercedNumbers):
    """A future file's model: built directly, or validated with ``model_validate``, a bad
    value is a :class:`~anpo.errors.FutureError` (:class:`~anpo._io.inputs.RaisesAnpoError`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    invalid = InvalidFutureInput


class FutureMeta(_Base):
    """``[future]``: what this future is and where the seed names it."""

    id: Id
    title: Line = Field(min_length=3)
    kind: Literal["future", "danger"]
    order: int = Field(0, description="position in listings")
    summary: str = ""
    seed: Annotated[str, BeforeValidator(_check_seed)] = Field(
        min_length=10, description="the seed passage (quoted)"
    )
    # no placeholder ('TBD', '???'): the check of every source, anpo._io.citations
    seed_ref: Annotated[str, BeforeValidator(_check_seed_ref)] = Field(
        min_length=3,
        description="where in the seed: author, venue, date and part of the text, e.g. "
        f'"{SEED_REF_EXAMPLE}"',
    )


class BaseRef(_Base):
    """``[base]``: the scenario the changes apply to and its active variant."""

    scenario: str = Field(
        min_length=1,
        description="book:NAME or a path: relative to the future file's folder, or from the "
        "home folder when it starts with ~ (~/x.toml, ~user/x.toml)",
    )
    variant: str = Field(min_length=1)


class ScenarioChange(_Base):
    """One change to the base scenario: exactly one of ``set``, ``add``, ``scale``, ``append``,
    ``remove`` at ``target`` (a path, as for uncertainties), with its basis. ``remove`` takes
    items out of a list, or the value it names out of its table (``dyads[0].ally``, ``remove =
    "JPN"``: the dyad names no ally), as :func:`anpo.futures.load.apply_change` applies it."""

    target: str = Field(min_length=1)
    set: Any = None
    add: float | None = None
    scale: float | None = None
    append: Any = None
    remove: Any = None
    basis: Basis
    note: str = ""

    @field_validator("target")
    @classmethod
    def _path(cls, v: str) -> str:
        if parse_target(v)[0] == "uncertainties":
            # the loader drops the base's uncertainties after the changes: a change there (a
            # basis of 'n/a' included) was accepted and did nothing
            raise ValueError(
                "a future does not use its base scenario's [[uncertainties]] (they are dropped, "
                "with any change to them): declare the input in the future's own "
                "[[uncertainties]], its target starting 'scenario.' (e.g. "
                "'scenario.forces[cn-df5].launchers')"
            )
        return v

    @model_validator(mode="after")
    def _one(self) -> ScenarioChange:
        given = [
            k for k in ("set", "add", "scale", "append", "remove") if getattr(self, k) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                "give exactly one of set, add, scale, append, remove"
                + (f" (got {', '.join(given)})" if given else "")
            )
        for k in ("add", "scale"):
            v = getattr(self, k)
            if v is not None and not math.isfinite(v):
                raise ValueError(f"{k} must be finite")
        return self

    @property
    def op(self) -> str:
        return next(
            k for k in ("set", "add", "scale", "append", "remove") if getattr(self, k) is not None
        )

    @property
    def value(self) -> Any:
        return getattr(self, self.op)


class AlignChange(_Base):
    """A propensity change (``[[alignment.changes]]``): ``delta`` added to (or ``value`` set on)
    the propensity of each pair in ``pairs`` (``[["JPN", "CHN"]]``) or of every pair among the
    actors in ``among`` (a framework's members), with its basis."""

    pairs: list[tuple[str, str]] | None = None
    among: list[str] | None = None
    delta: float | None = None
    value: float | None = None
    basis: Basis
    note: str = ""

    @field_validator("pairs")
    @classmethod
    def _pairs_once(cls, v: list[tuple[str, str]] | None) -> list[tuple[str, str]] | None:
        """A pair listed twice in one change (in either order) changes its propensity once
        (the scorecard keys the change by pair), so a user who meant two different pairs was
        not told: it is refused, as a scenario refuses an id listed twice (review19 F2)."""
        # a pair of one actor is not compared: _one refuses it
        repeat = first_repeat(frozenset(p) if p[0] != p[1] else None for p in v or [])
        if repeat is not None:
            _, first, j = repeat
            a, b = (v or [])[j]
            raise ValueError(
                f"the pair {[a, b]} is listed twice (pairs[{first}] has it, in either "
                "order); list it once"
            )
        return v

    @model_validator(mode="after")
    def _one(self) -> AlignChange:
        if (self.pairs is None) == (self.among is None):
            raise ValueError("give exactly one of pairs or among")
        if (self.delta is None) == (self.value is None):
            raise ValueError("give exactly one of delta or value")
        v = self.delta if self.delta is not None else self.value
        if v is None or not math.isfinite(v):
            raise ValueError("the change must be finite")
        if self.pairs is not None and (not self.pairs or any(a == b for a, b in self.pairs)):
            raise ValueError("each pair needs two different actors")
        if self.among is not None and (
            len(set(self.among)) < 2 or len(set(self.among)) != len(self.among)
        ):
            raise ValueError("among needs at least two different actors, each once")
        return self

    def pair_list(self) -> list[tuple[str, str]]:
        if self.pairs is not None:
            return [tuple(p) for p in self.pairs]  # type: ignore[misc]
        m = list(self.among or [])
        return [(m[i], m[j]) for i in range(len(m)) for j in range(i + 1, len(m))]

    def actors(self) -> list[str]:
        return sorted({x for p in self.pair_list() for x in p})


class AlignmentSpec(_Base):
    """``[alignment]``: the landscape instance and the future's propensity changes.

    The changes apply in file order (:func:`anpo.futures.scorecard.alignment_result`), each to
    the propensities as the changes before it left them, so the same pair may be in several
    (e.g. every pair ``among`` a framework's members, then one of them on its own): deltas add
    up (``+0.3`` then ``+0.2`` is ``+0.5``), a ``delta`` after a ``value`` adds to that value,
    and a ``value`` replaces whatever came before on its pairs (an uncertain input on a change
    whose every pair a later value sets is named inert:
    :func:`anpo.futures.scorecard.inert_inputs`). Within one change a pair is listed once
    (:meth:`AlignChange._pairs_once`).

    ``instance``: ``book:NAME`` or a path; a relative path, written or drawn by an uncertain
    input, is read from the future file's folder, one starting ``~`` from the home folder
    (:func:`anpo.futures.load.instance_source`)."""

    instance: str = Field(
        "book:asia_pacific_2001",
        description="book:NAME or a path to an instance file (.toml, .csv): relative to the "
        "future file's folder, or from the home folder when it starts with ~; so is a path an "
        "uncertain input draws for it",
    )
    anchors: list[str] = Field(default_factory=lambda: ["USA", "JPN"], min_length=1)
    changes: list[AlignChange] = Field(default_factory=list)


def apply_alignment_changes(
    inst: Any,
    changes: Sequence[AlignChange],
    land: Any = None,
    blame: Callable[[int, str, AnpoError], Exception] | None = None,
) -> Any:
    """The landscape after a future's ``[[alignment.changes]]``, applied in file order
    (:class:`AlignmentSpec`): each change's ``delta`` added to (or ``value`` set on) the
    propensity of each of its pairs by :func:`anpo.align.whatif.apply_changes`, the landscape
    theory of [axelrod1993] with the future's changes as anpo assumptions, each with its basis.

    The one loop of :func:`anpo.futures.scorecard.alignment_result` (which solves the result)
    and of the load check ``anpo.futures.load._check_changed_landscape`` (which blames the
    change after which :mod:`anpo.align` refuses the landscape): the landscape a future file is
    checked on is the one its scorecard solves. ``inst``: the alignment instance (its actors'
    ids give the pairs' positions); ``land``: the landscape to start from (default its
    two-coalition landscape, ``inst.landscape(2)``). ``blame(i, key, error)``: called when
    change ``i`` (``key`` its ``"delta"`` or ``"value"``) makes a landscape :mod:`anpo.align`
    refuses (``error``, an :class:`~anpo.errors.AnpoError`), and what it returns is raised
    instead; without it the error itself is raised."""
    from anpo.align.whatif import apply_changes

    if land is None:
        land = inst.landscape(2)
    for i, ch in enumerate(changes):
        # the model says: exactly one of delta and value
        key = "delta" if ch.delta is not None else "value"
        pairs = [(inst.index(a), inst.index(b)) for a, b in ch.pair_list()]
        try:
            land = apply_changes(
                land, dict.fromkeys(pairs, getattr(ch, key)), absolute=key == "value"
            )
        except AnpoError as exc:
            if blame is None:
                raise
            raise blame(i, key, exc) from None
    return land


class LawSpec(_Base):
    """``[law]``: the legal regime in force (a date) and the contributions asked of Japan."""

    date: dt.date
    basis: Basis
    contributions: list[Contribution] = Field(default_factory=list)


class BurdenSpec(_Base):
    """``[burden]``: Japan's support for the U.S. presence and the presence's cost, each relative
    to the 2001 level (``support_scale = 1.1``: Japan pays 10% more; ``presence_scale = 0``: no
    U.S. forces stationed in Japan)."""

    support_scale: float = Field(1.0, ge=0, le=10)
    presence_scale: float = Field(1.0, ge=0, le=10)
    basis: Basis


class FutureFile(_Base):
    """A whole future file."""

    schema_version: Literal[1] = 1
    future: FutureMeta
    base: BaseRef
    changes: list[ScenarioChange] = Field(default_factory=list)
    alignment: AlignmentSpec = Field(default_factory=AlignmentSpec)
    law: LawSpec
    burden: BurdenSpec
    uncertainties: list[Uncertainty] = Field(default_factory=list)


class World(_Base):
    """A future applied to its base: the scenario with the changes, its active variant, and the
    alignment, law and burden settings. The scorecard reads it; uncertainties target it.
    Its scenario passes the checks of a scenario file's loading
    (:func:`~anpo.deterrence.scenario.check_references`,
    :func:`~anpo.deterrence.scenario.check_alliances`,
    :func:`~anpo.deterrence.scenario.check_limits`), also with each experiment's draws
    (:func:`anpo.scenario.uncertainty.apply` validates it again)."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    future: FutureMeta
    scenario: Scenario
    variant: str
    alignment: AlignmentSpec
    law: LawSpec
    burden: BurdenSpec
    uncertainties: list[Uncertainty] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> World:
        from anpo.deterrence.scenario import check_scenario

        # the checks a scenario file's loading runs: the limits too (a future's change or draw
        # could give an actor 10 times the warheads a scenario file may have), and the
        # alliances (a draw of an alliance's since past the year, or of a dyad's ally outside
        # the defender's alliances, validated: check_alliances was not run)
        problems = check_scenario(self.scenario)
        if problems:
            path, msg = problems[0]
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
            raise ValueError(f"scenario{where}: {msg}")
        if self.variant not in {v.id for v in self.scenario.variant_list()}:
            known = ", ".join(v.id for v in self.scenario.variant_list())
            raise ValueError(f"unknown variant {self.variant!r} (variants: {known})")
        return self

    def case(self) -> Any:
        """The deterrence case: the scenario with the future's variant applied."""
        from anpo.scenario.schema import Case

        var = next(v for v in self.scenario.variant_list() if v.id == self.variant)
        return Case(scenario=self.scenario, variant=var)

"""Validated schema of the rule files (``anpo/law/rules/*.toml``): one file per Act, its provisions
and rules dated.

**Time as dated provisions.** A file describes one Act over its whole life. Its ``[[versions]]``
hold what changes with the Act's name (title, short name, number, the situations it provides for,
the forces it supports, the Diet-approval defaults): each version has an in-force interval. Each
provision has one or more dated *texts* (``[[provisions.KEY.texts]]``, or a single flat text),
each with its own validity interval, article number and Japanese quote; each rule has a validity
interval (``valid_from`` / ``valid_to``). The version of an Act in force on a date is the set of
provisions whose text is in force then (:meth:`LawFile.provisions_on`), so an amendment is written
once, where it happens, and ``anpo law diff`` is computed from the intervals. A file with one
version may use the flat ``[law]`` / ``[defaults]`` tables.

Rules are written as the statutes are: a **general** rule (e.g. the Annexed Table category that
authorizes goods and services), then the **exception** that excludes part of it (e.g. Annexed
Table 1, note 1), and explicit **no-basis** rules where a provision's scope leaves an activity
without a legal basis (e.g. SDF Act Art. 95 protects only the SDF's own weapons before 2016).

**Conditions as rules.** A condition names the fact that meets it (``fact`` / ``any_of``), is met
by the location test (``location = true``), or is a limit on how the activity is done (``limit =
true``); the engine evaluates each against the facts of the question. Location cases
(``[[rules.location.cases]]``) are keyed by facts (``when = { where = "high-seas-near-japan" }``).
A reason several cases of a file give word for word is written once, in the file's
``[shared_texts]`` table, and a case gives ``shared_text = "KEY"`` for its ``text``; the loader
puts the text in place before this schema reads the file (:mod:`anpo.law.loader`, which
refuses a key no table holds or a shared text no case uses).

**Citations you can trust.** Every provision declares the kind of clause it is (``clause``):
``authorizing`` (it grants a power or lists what may be provided), ``restricting`` (a condition or
limit), ``excluding`` (it carves something out), ``defining`` (a definition, e.g. of the rear
area) or ``procedural`` (Diet approval); a test checks the quoted Japanese for markers of that
kind (:data:`CLAUSE_MARKERS`). A citation's role follows from the clause.

The legal basis (statute) is kept apart from the rationale (government interpretation, court
rulings), which lives in ``_rationale.toml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal, TypeVar, get_args

from pydantic import ConfigDict, Field, field_validator, model_validator

from anpo._io.inputs import NoCoercedNumbers
from anpo.law.vocab import ACTIVITIES, ALONGSIDE, DIET_APPROVAL, FACTS, SITUATIONS, WHERE

Confidence = Literal["high", "medium", "low"]
Effect = Literal["permitted", "conditional", "prohibited", "no-legal-basis"]
TestName = Literal["rear-area", "non-combat-area", "not-combat-scene", "overseas", "none"]
TerritoryName = Literal["japan", "high-seas", "foreign"]
Clause = Literal[
    "authorizing", "restricting", "excluding", "defining", "procedural", "commencement"
]
#: What a general rule provides (``provides``): the SDF's goods (物品の提供), services (役務の
#: 提供), an Annexed Table category of both, or an activity that is neither (e.g. search and rescue).
Provides = Literal["goods", "services", "goods-and-services", "activity"]
#: What bars an activity where a location case adds a limit that is not the statute's
#: (``bar``): "international law" (e.g. acting on foreign territory without the territorial
#: state's consent where the statute sets no geographic limit; review18 F3). A case the statute
#: itself limits gives no ``bar``.
Bar = Literal["international law"]

CONFIDENCE_ORDER = {"high": 2, "medium": 1, "low": 0}

_Names = TypeVar("_Names", bound=list[str] | None)

#: Markers of each kind of clause in the quoted Japanese. A provision's quote must contain one of
#: the markers of its declared clause (tested): 「…ことができる」 grants a power; 「…に掲げるもの
#: とする」 and the Annexed Tables' 「…並びにこれらに類する物品及び役務の提供」 list what may be
#: provided; 「…含まないものとする」, 「…実施しないものとする」 and 「…てはならない」 exclude;
#: 「…に限る」, 「…なければならない」, 「…除き」, the suspension clauses and the designation of an
#: implementation area (「…「実施区域」という。）を指定するものとする」) restrict; 「…をいう」
#: defines; 「国会の承認」 marks the Diet-approval procedure.
CLAUSE_MARKERS: dict[str, tuple[str, ...]] = {
    "authorizing": (
        "ことができる",
        "に掲げるものとする",
        "実施するものとする",
        "命ずるものとする",
        "救助するものとする",
        "物品及び役務の提供",
        "に関する業務",
        "として行う業務",
    ),
    "excluding": (
        "含まないものとする",
        "含まない",
        "実施しないものとする",
        "てはならない",
        "を除く",
    ),
    "restricting": (
        "に限る",
        "に限り",
        "なければならない",
        "除き",
        "一時休止",
        "中断",
        "承諾を得て",
        "同意を得て",
        "に定めるものとする",
        "限度",
        "明確に区別",
        "行われるものとする",
        "要件",
        "予測される場合",
        "円滑かつ安全に",
        # the minister designates the implementation area in the implementation guidelines (SAA
        # Art. 6(3), 7(2): 「…実施する区域（…「実施区域」という。）を指定するものとする。」)
        "区域（以下この条において「実施区域」という。）を指定するものとする",
        "において実施するものとする",
        "同意がある場合",
        # a paragraph applying restricting provisions mutatis mutandis (SAA Art. 7(5), (7);
        # Ship Inspection Operations Act Art. 5(6): 「…の規定は、…について準用する。」)
        "について準用する",
    ),
    "defining": ("をいう", "という。）"),
    "procedural": ("国会の承認", "国会に付議"),
    "commencement": ("から施行する",),
}

#: Endings an authorizing quote may not have: its operative sentence would then restrict or exclude
#: (e.g. a note confining goods to Japanese territory, 「…において行われるものとする。」).
NOT_AUTHORIZING_ENDINGS: tuple[str, ...] = (
    "に限る。",
    "行われるものとする。",
    "なければならない。",
    "待つものとする。",
    "含まないものとする。",
    "実施しないものとする。",
    "てはならない。",
)

#: The clause kinds a citation role may quote (tested over the answers).
ROLE_CLAUSES: dict[str, tuple[str, ...]] = {
    "authorizes": ("authorizing",),
    "excludes": ("excluding",),
    "restricts": ("restricting",),
    "defines": ("defining",),
    "diet-approval": ("procedural",),
    "scope": ("authorizing", "defining"),
    "commences": ("commencement",),
}


class _Strict(NoCoercedNumbers):
    """A rule file's table: no unknown key, and (:class:`~anpo._io.inputs.NoCoercedNumbers`) a
    number, a yes/no or a date of the type written (pydantic's lax mode read ``paragraph =
    true`` as paragraph 1, ``verified = 0`` as false and ``in_force_from = 0`` as
    1970-01-01)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _in(d: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or start <= d) and (end is None or d <= end)


class ProvisionText(_Strict):
    """One dated wording of a provision: where it is in the statute and what it says (Japanese)."""

    valid_from: dt.date | None = Field(default=None, description="None: the Act's first day")
    valid_to: dt.date | None = Field(default=None, description="None: still in force")
    article: str = Field(description='"3", "100-6", "Annexed Table 1", "Supplementary Provisions"')
    paragraph: int | None = Field(default=None, ge=1, description="paragraph (項), from 1")
    item: int | None = Field(default=None, ge=1, description="item (号), from 1")
    subitem: str | None = Field(
        default=None,
        pattern=r"^[a-z]{1,3}$",
        description="sub-item (イロハ letter, romanized: 'i', 'ro', ..., 'ra') of the item, "
        "cited as Art. 3(v)(ra); only with ``item``",
    )
    annex_note: int | None = Field(
        default=None, ge=0, description="note (備考) number of an Annexed Table; 0 = its only note"
    )
    quote: str = Field(min_length=2, description="the Japanese text, quoted exactly")
    verified: bool = Field(
        default=True,
        description="True: the quote is checked (test) against the shared e-Gov text of the law "
        "version in force; False: the wording is not among the shared primary texts",
    )
    verified_to: dt.date | None = Field(
        default=None,
        description="last day the shared text verifies the wording (later days: the wording is "
        "kept but not among the shared texts, so citations on them say verified = false)",
    )
    derived: dict[str, str] = Field(
        default_factory=dict,
        description="for an older wording not among the shared texts: the substitutions (old -> "
        "new) a later amendment made; applied to the quote they give wording found in the shared "
        "later text (tested). The quote stays verified = false.",
    )
    derived_by: str = Field(default="", description="the amending act of ``derived``")
    fragment: bool = Field(
        default=False,
        description="the quote is the shortest wording certain to occur, too short to carry the "
        "marker of its clause; only for unverified wording, with a note saying what it stands for",
    )
    note: str = ""
    label: str = Field(
        default="",
        description="English gloss of this wording, when it differs from the provision's label "
        "(a wording of another regime, e.g. ammunition excluded until 2016-03-28 and not after): "
        "an answer shows the gloss of the wording in force on its date, so that no label speaks "
        "of a later wording (brief law16b); '' = the provision's label",
    )

    @model_validator(mode="after")
    def _check(self) -> ProvisionText:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to before valid_from")
        if self.derived and self.verified:
            raise ValueError("a derived (older) wording is not verified: set verified = false")
        if self.derived and not self.derived_by:
            raise ValueError("derived wording needs derived_by (the amending act)")
        if self.fragment and (self.verified or not self.note):
            raise ValueError("a fragment is unverified wording with a note (verified = false)")
        if self.verified_to is not None and not self.verified:
            raise ValueError("verified_to is only for verified wording")
        if self.subitem is not None and self.item is None:
            raise ValueError("a subitem needs its item")
        return self

    def in_force(self, d: dt.date) -> bool:
        return _in(d, self.valid_from, self.valid_to)

    def verified_on(self, d: dt.date) -> bool:
        """The wording on ``d`` is checked against a shared e-Gov text."""
        return self.verified and (self.verified_to is None or d <= self.verified_to)

    def ref(self) -> str:
        """``Art. 3(1)(iii)``, ``Annexed Table 1, note 1``, ``Annexed Table 1, note`` ..."""
        if self.article.lower().startswith(("annexed", "annex", "supplementary")):
            out = self.article
            if self.annex_note is not None:
                out += ", note" if self.annex_note == 0 else f", note {self.annex_note}"
            if self.item is not None:
                out += f", item {self.item}"
            return out
        out = f"Art. {self.article}"
        if self.paragraph is not None:
            out += f"({self.paragraph})"
        if self.item is not None:
            out += f"({_roman(self.item)})"
        if self.subitem is not None:
            out += f"({self.subitem})"
        return out


#: the fields a flat provision (one wording) gives its text; ``label`` stays the provision's
_TEXT_FIELDS = set(ProvisionText.model_fields) - {"label"}


class Provision(_Strict):
    """A provision over time: a label, its kind of clause and its dated texts."""

    label: str = Field(description="English gloss of what the provision does")
    clause: Clause
    part_of: str | None = Field(
        default=None,
        description="for an item of a list (号): the provision holding the list's opening "
        "(「次に掲げる…」), which carries the marker the item is read with",
    )
    texts: list[ProvisionText] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data: Any) -> Any:
        """A provision with one wording may give the text's fields directly."""
        if isinstance(data, dict) and "texts" not in data:
            text = {k: v for k, v in data.items() if k in _TEXT_FIELDS}
            rest = {k: v for k, v in data.items() if k not in _TEXT_FIELDS}
            return {**rest, "texts": [text]}
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Provision:
        texts = self.texts
        for a, b in zip(texts, texts[1:], strict=False):
            if a.valid_to is None or b.valid_from is None or b.valid_from <= a.valid_to:
                raise ValueError("a provision's texts must be in date order and not overlap")
        return self

    def label_of(self, text: ProvisionText) -> str:
        """The gloss of ``text`` (one of this provision's wordings): its own, else the
        provision's."""
        return text.label or self.label

    def text_on(self, d: dt.date) -> ProvisionText | None:
        """The wording in force on ``d`` (None: the provision is not in force)."""
        return next((t for t in self.texts if t.in_force(d)), None)


def _roman(n: int) -> str:
    vals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


# dup-ok: field declarations, alike only in shape to the engine's Citation and other records.
class LawMeta(_Strict):
    """Metadata of one law (or political document) version: what holds while its name holds."""

    key: str
    short: str
    title_en: str
    title_ja: str
    number: str = ""
    number_ja: str = ""
    egov_id: str = ""
    egov_note: str = ""
    kind: Literal["statute", "guidelines", "cabinet-decision"] = "statute"
    binding: bool = True
    standing: bool = Field(
        default=False,
        description="standing law older than the regime timeline (the SDF Act of 1954): applied "
        "to the dates the engine covers, but not a regime of the timeline, so it does not move "
        "the coverage start (see anpo.law.engine.coverage_start)",
    )
    version: str = ""
    in_force_from: dt.date
    in_force_to: dt.date | None = None
    date_confidence: Confidence = "high"
    date_sources: list[str] = Field(default_factory=list)
    end_note: str = ""
    statute_text: str | None = Field(
        default=None, description="file name in shared_data/law/statutes holding this law's text"
    )
    text_version: str = ""
    situations: list[str] = Field(default_factory=list)
    supported: str = ""
    supported_ja: str = ""
    summary: str = ""

    @field_validator("situations")
    @classmethod
    def _known_situations(cls, v: list[str]) -> list[str]:
        return _known_names(v, SITUATIONS, "situations")

    @field_validator("title_en", "number")
    @classmethod
    def _romanized(cls, v: str) -> str:
        # the English title and number stand in for Japanese names in figures drawn without a
        # CJK font (anpo.report.figures.figure_text), so they must not be Japanese themselves
        from anpo.report.figures import has_cjk

        if has_cjk(v):
            raise ValueError("must be in English (Japanese goes in the *_ja fields)")
        return v

    @model_validator(mode="after")
    def _dates(self) -> LawMeta:
        if self.in_force_to is not None and self.in_force_to < self.in_force_from:
            raise ValueError("in_force_to before in_force_from")
        if not self.date_sources:
            raise ValueError("in-force dates need at least one source (date_sources)")
        return self

    def label(self) -> str:
        """``Surrounding Areas Act (SAA), Act No. 60 of 1999``."""
        return f"{self.title_en}, {self.number}" if self.number else self.title_en

    def in_force(self, d: dt.date) -> bool:
        return _in(d, self.in_force_from, self.in_force_to)


def _known_names(v: _Names, vocab: Mapping[str, object], what: str) -> _Names:
    """``v`` if every name in it is in ``vocab`` (``None`` passes); else a ValueError."""
    bad = [x for x in ([] if v is None else v) if x not in vocab]
    if bad:
        raise ValueError(f"unknown {what} {bad}")
    return v


def _known_diet_kind(v: str) -> str:
    if v not in DIET_APPROVAL:
        raise ValueError(f"unknown diet approval kind {v!r}")
    return v


def _known_fact_values(when: dict[str, Any]) -> dict[str, Any]:
    """Check a ``when`` table: known facts, typed values; a list means any of its values."""
    for k, v in when.items():
        if k not in FACTS:
            raise ValueError(f"unknown fact {k!r}")
        kind = FACTS[k][0]
        for x in v if isinstance(v, list) else [v]:
            if kind == "bool" and not isinstance(x, bool):
                raise ValueError(f"fact {k!r} takes true or false")
            if kind == "where" and x not in WHERE:
                raise ValueError(f"unknown place {x!r} for 'where'")
            if k == "alongside" and x not in ALONGSIDE:
                raise ValueError(f"unknown value {x!r} for 'alongside'")
    return when


class Condition(_Strict):
    """A condition of a conditional answer, with the provisions that impose it and how it is met.

    ``fact``: met when that fact has the value ``expect``; ``any_of``: met when any of these facts
    is true (e.g. a UN resolution or the flag state's consent); ``location``: met when the rule's
    location test passes (e.g. the implementation area still meets the Act's requirements);
    ``limit``: a limit on how the activity is done, never met or unmet by facts. When the facts
    show a condition unmet, the answer is ``unmet`` (``prohibited`` by default). ``bar`` (a
    limit only): the non-statutory limit the condition stands for (:data:`Bar`), as the engine
    sets it from a location case's ``bar``.
    """

    text: str
    basis: list[str] = Field(default_factory=list)
    when: dict[str, Any] = Field(
        default_factory=dict,
        description="the condition applies only where these facts hold (else it is met: 'n/a')",
    )
    fact: str | None = None
    expect: bool = True
    any_of: list[str] = Field(default_factory=list)
    location: bool = False
    limit: bool = False
    unmet: Literal["prohibited", "no-legal-basis"] = "prohibited"
    unmet_reason: str = ""
    provides: list[Provides] = Field(
        default_factory=list,
        description=(
            "in a version's defaults: the general rules the condition attaches to, by what they "
            "provide (e.g. the implementation area, designated in the implementation guidelines "
            "for services, SAA Art. 6(2)-(3), not for goods, Art. 6(1)); empty: every rule"
        ),
    )
    bar: Bar | None = Field(
        None, description="a limit's non-statutory bar ('international law'); none: the statute's"
    )

    @model_validator(mode="after")
    def _one_way(self) -> Condition:
        ways = sum([self.fact is not None, bool(self.any_of), self.location, self.limit])
        if ways != 1:
            raise ValueError("a condition is met by exactly one of: fact, any_of, location, limit")
        if self.bar is not None and not self.limit:
            raise ValueError("only a limit (limit = true) has a bar")
        for k in [self.fact, *self.any_of]:
            if k is not None and (k not in FACTS or FACTS[k][0] != "bool"):
                raise ValueError(f"condition fact {k!r} is not a true/false fact")
        return self

    @field_validator("when")
    @classmethod
    def _when(cls, v: dict[str, Any]) -> dict[str, Any]:
        return _known_fact_values(v)

    def facts(self) -> list[str]:
        return [self.fact] if self.fact is not None else list(self.any_of)


class LocationCase(_Strict):
    """A case of a general rule keyed by facts: where ``when`` holds, the rule's answer is
    ``prohibited`` / ``no-legal-basis`` (with ``text`` as the reason), or ``allow`` (although the
    location test fails, under the condition ``text``), or a further ``condition``. Cases are
    tried in order; the first that holds applies. In a rule file, ``shared_text = "KEY"`` gives
    the ``text`` of the file's ``[shared_texts]`` table (:mod:`anpo.law.loader`).

    ``bar`` (a ``condition`` case only) says what the condition's limit is when it is not the
    statute's (:data:`Bar`): ``bar = "international law"`` where the statute sets no
    geographic limit but acting on foreign territory without the territorial state's consent
    breaches international law (review18 F3). The engine carries it onto the answer's check
    (:attr:`anpo.law.ConditionCheck.bar`), which ``anpo law list`` marks 'conditional*' and
    its ``--json`` gives as ``"bar"``; the reader's prose in ``text`` does not decide it."""

    when: dict[str, Any]
    effect: Literal["prohibited", "no-legal-basis", "allow", "condition"]
    text: str
    basis: list[str] = Field(default_factory=list)
    confidence: Confidence | None = None
    bar: Bar | None = None

    @model_validator(mode="after")
    def _bar_on_a_condition(self) -> LocationCase:
        if self.bar is not None and self.effect != "condition":
            raise ValueError(f"only a case with effect 'condition' has a bar, not {self.effect!r}")
        return self

    @field_validator("when")
    @classmethod
    def _facts(cls, v: dict[str, Any]) -> dict[str, Any]:
        if not v:
            raise ValueError("a case needs at least one fact in 'when'")
        return _known_fact_values(v)


class LocationSpec(_Strict):
    """Where a general rule's activity may take place: a statutory test plus territory types."""

    test: TestName = "none"
    territories: list[TerritoryName] = Field(default_factory=lambda: list(get_args(TerritoryName)))
    near_japan_only: bool = False
    basis: list[str] = Field(default_factory=list)
    reason: str = ""
    cases: list[LocationCase] = Field(default_factory=list)


class DatedNote(_Strict):
    """A note on the data of a rule that needs the date of a later event (e.g. when an agreement
    its answers depend on entered into force): shown on every answer resting on the rule, and on
    an answer dated before ``date`` opened with 'Later (25 April 2017): ', as a rationale item
    dated after the answer is (hindsight kept, never shown as the law of the date; review14 F4,
    brief mend16e)."""

    date: dt.date
    text: str


class DietRecord(_Strict):
    """What the Diet decided under a version's approval procedure (e.g. its approval of the
    Iraq dispatch, 9 February 2004), with its public source in ``text``: part of the Diet detail
    of answers dated on or after ``date`` and absent before it (not marked 'Later' as a
    :class:`DatedNote` is: the detail says what the procedure had produced by the date asked;
    brief law17)."""

    date: dt.date
    text: str


class Rule(_Strict):
    """One rule: situations x activities -> effect, with conditions, citations and rationale."""

    id: str
    kind: Literal["general", "exception", "prohibition", "no-basis"] = "general"
    situations: list[str] | None = None
    activities: list[str]
    when: dict[str, Any] = Field(
        default_factory=dict,
        description="framing facts the rule is limited to (e.g. alongside = 'search-and-rescue')",
    )
    effect: Effect
    summary: str
    basis: list[str] = Field(min_length=1)
    overrides: list[str] = Field(default_factory=list)
    location: LocationSpec = Field(default_factory=LocationSpec)
    conditions: list[Condition] = Field(default_factory=list)
    default_conditions: bool = True
    provides: Provides = "activity"
    diet_approval: str | None = None
    diet_basis: list[str] | None = None
    diet_detail: str | None = None
    rationale: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    supported: str | None = None
    confidence: Confidence = "high"
    confidence_note: str = ""
    dated_notes: list[DatedNote] = Field(default_factory=list)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    @field_validator("activities")
    @classmethod
    def _known_activities(cls, v: list[str]) -> list[str]:
        return _known_names(v, ACTIVITIES, "activities")

    @field_validator("situations")
    @classmethod
    def _known_situations(cls, v: list[str] | None) -> list[str] | None:
        return _known_names(v, SITUATIONS, "situations")

    @field_validator("when")
    @classmethod
    def _framing(cls, v: dict[str, Any]) -> dict[str, Any]:
        return _known_fact_values(v)

    @field_validator("diet_approval")
    @classmethod
    def _known_diet(cls, v: str | None) -> str | None:
        return v if v is None else _known_diet_kind(v)

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if self.kind == "exception" and self.effect != "prohibited":
            raise ValueError("an exception rule must have effect 'prohibited'")
        if self.kind == "exception" and not self.overrides:
            raise ValueError("an exception rule must name the general rules it overrides")
        if self.kind == "prohibition" and self.effect != "prohibited":
            raise ValueError("a prohibition rule must have effect 'prohibited'")
        if self.kind == "no-basis" and self.effect != "no-legal-basis":
            raise ValueError("a no-basis rule must have effect 'no-legal-basis'")
        if self.kind == "general" and self.effect not in ("permitted", "conditional"):
            raise ValueError("a general rule authorizes: effect 'permitted' or 'conditional'")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to before valid_from")
        if any(c.provides for c in self.conditions):
            raise ValueError("'provides' on a condition is for a version's defaults only")
        return self

    def in_force(self, d: dt.date) -> bool:
        return _in(d, self.valid_from, self.valid_to)


class Defaults(_Strict):
    """Defaults shared by the general rules of a version (Basic Plan, Diet approval, rationale)."""

    diet_approval: str = "none"
    diet_basis: list[str] = Field(default_factory=list)
    diet_detail: str = ""
    diet_record: list[DietRecord] = Field(
        default_factory=list,
        description="what the Diet decided under the procedure, each with its public source: "
        "given with the Diet detail from its date on, never before (brief law17)",
    )
    conditions: list[Condition] = Field(default_factory=list)
    rationale: list[str] = Field(default_factory=list)

    @field_validator("diet_approval")
    @classmethod
    def _known_diet(cls, v: str) -> str:
        return _known_diet_kind(v)

    def conditions_for(self, rule: Rule) -> list[Condition]:
        """The default conditions a general rule takes (none if it sets ``default_conditions =
        false``): those whose ``provides`` is empty or names what the rule provides. Source: the
        Acts that make implementation guidelines, and the implementation area designated in them,
        for services only (SAA/IISA Art. 6(1) goods 「基本計画に従い、…自衛隊に属する物品の提供を実施
        するものとする」; Art. 6(2)-(3) services, 「前項の実施要項において、…実施区域…を指定する」)."""
        if rule.kind != "general" or not rule.default_conditions:
            return []
        return [c for c in self.conditions if not c.provides or rule.provides in c.provides]

    def diet_detail_on(self, d: dt.date) -> str:
        """The Diet detail as of ``d``: the procedure, then what the Diet had decided by ``d``
        (each :attr:`diet_record` entry from its date on; an answer dated before an entry says
        nothing of it). Source: each entry's own (the Iraq Act's: Defense of Japan 2016,
        chronology 2004, 'Feb.09 Implementation of Iraq-related response measures approved in
        Diet')."""
        said = [n.text for n in self.diet_record if n.date <= d]
        return "; ".join([t for t in (self.diet_detail, *said) if t])


class LawVersion(_Strict):
    """One version of an Act: its metadata and the defaults of its rules, for its interval."""

    law: LawMeta
    defaults: Defaults = Field(default_factory=Defaults)


class LawFile(_Strict):
    """One rule file: an Act's versions, dated provisions and dated rules."""

    versions: list[LawVersion] = Field(min_length=1)
    provisions: dict[str, Provision] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _single(cls, data: Any) -> Any:
        """A one-version file may give ``[law]`` and ``[defaults]`` directly."""
        if isinstance(data, dict) and "law" in data:
            data = dict(data)
            version = {"law": data.pop("law")}
            if "defaults" in data:
                version["defaults"] = data.pop("defaults")
            data["versions"] = [version]
        return data

    @model_validator(mode="after")
    def _versions(self) -> LawFile:
        vs = self.versions
        for a, b in zip(vs, vs[1:], strict=False):
            if a.law.in_force_to is None or b.law.in_force_from <= a.law.in_force_to:
                raise ValueError("versions must be in date order and not overlap")
        keys = [v.law.key for v in vs]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate version keys")
        return self

    @property
    def law(self) -> LawMeta:
        """The first version's metadata (the Act as enacted)."""
        return self.versions[0].law

    def version_on(self, d: dt.date) -> LawVersion | None:
        """The version in force on ``d`` (None: the Act is not in force)."""
        return next((v for v in self.versions if v.law.in_force(d)), None)

    def in_force(self, d: dt.date) -> bool:
        return self.version_on(d) is not None

    def provisions_on(self, d: dt.date) -> dict[str, ProvisionText]:
        """The law version on ``d`` as the set of provisions in force then, with their wording."""
        if not self.in_force(d):
            return {}
        return {k: t for k, p in self.provisions.items() if (t := p.text_on(d)) is not None}


class Rationale(_Strict):
    """A rationale: government interpretation, court ruling, Cabinet Decision or commentary.

    Kept apart from the legal basis on purpose: it explains *why* the line is drawn where the
    statute draws it; it never authorizes anything.
    """

    title: str
    kind: Literal[
        "government-interpretation",
        "court-ruling",
        "cabinet-decision",
        "political-document",
        "commentary",
    ]
    date: dt.date | None = None
    undated: str = Field(
        "",
        description="why the item has no date: what was searched and not found (required when "
        "undated, empty when dated); a first statement is never guessed (brief law17)",
    )
    text: str
    sources: list[str] = Field(min_length=1)
    confidence: Confidence = "high"

    @model_validator(mode="after")
    def _dated_or_why(self) -> Rationale:
        if self.date is None and not self.undated.strip():
            raise ValueError("an undated rationale item must say why in 'undated'")
        if self.date is not None and self.undated:
            raise ValueError("a dated rationale item has no 'undated' reason")
        return self

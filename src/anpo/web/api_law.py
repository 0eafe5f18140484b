"""``/api/law``: Japan's legal limits (:func:`anpo.law.ask`, :func:`anpo.law.diff`).

The situation, activity and location names are the library's fixed vocabularies
(:mod:`anpo.law.vocab`), enumerated in the OpenAPI schema; dates outside the covered period are
refused by the library with the valid range (a 422 naming the field).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationError, create_model, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from anpo.law.schema import Bar
from anpo.law.vocab import (
    ACTIVITIES,
    ALONGSIDE,
    CHANGED_SHORT,
    DIET_APPROVAL,
    FACTS,
    LOCATIONS,
    SITUATIONS,
    STATUS_SHORT,
    STATUSES,
    WHERE,
    in_words,
    unknown,
)
from anpo.web import limits
from anpo.web.common import IsoDate, Out, RunnerDep, Strict, api_router

router = api_router("/api/law", "law")


def _vocabulary(kind: str) -> BeforeValidator:
    """A text that is no ``kind`` of the vocabulary refused in the words of ``anpo law``
    (:func:`anpo.law.vocab.unknown`: the name it most likely meant, then the valid names):
    pydantic's "Input should be 'peacetime', ..." named no candidate for '周辺事態' or
    'Surrounding Area', which the command line answers with 'surrounding-area'. Anything else
    (null, a number) is left to the field's type."""

    def check(value: Any) -> Any:
        if isinstance(value, str) and (msg := unknown(kind, value)):
            raise ValueError(msg)
        return value

    return BeforeValidator(check)


Situation = Annotated[Literal[tuple(SITUATIONS)], _vocabulary("situation")]  # type: ignore[valid-type]
Activity = Annotated[Literal[tuple(ACTIVITIES)], _vocabulary("activity")]  # type: ignore[valid-type]
Location = Literal[tuple(LOCATIONS)]  # type: ignore[valid-type]
LocationName = Annotated[Location, _vocabulary("location")]  # type: ignore[valid-type]

# Dates: the library is the one judge (as for the CLI): it answers from its first regime
# (anpo.law.coverage_start, 1997-09-23) to the last date a date can have, after its last
# recorded change with a coverage note, and refuses an earlier date with the valid range and
# the regimes. The API's own range of 1900-2100 said "date must be between 1900-01-01 and
# 2100-12-31" of 1899, which the law never answers, and refused 2101, which the CLI answers.
_DATE_HELP = "YYYY-MM-DD, from 1997-09-23 (the first regime covered, anpo law regimes)"


def _fact_words(key: str) -> BeforeValidator:
    """A text value of the fact ``key`` refused in the words of ``anpo law --fact``
    (:func:`anpo.law.facts.normalize`: the valid values and the one most likely meant, a
    Japanese term's code); pydantic's "Input should be 'japan', ..." named none for 'Japan'."""

    def check(value: Any) -> Any:
        if isinstance(value, str):
            from anpo.errors import LawError
            from anpo.law.facts import normalize

            try:
                normalize({key: value})
            except LawError as exc:
                raise ValueError(exc.message) from None
        return value

    return BeforeValidator(check)


def _fact_type(key: str, kind: str) -> Any:
    if kind == "bool":
        return bool | None
    if kind == "where":
        return Annotated[Literal[tuple(WHERE)] | None, _fact_words(key)]
    if key == "alongside":
        return Annotated[Literal[tuple(ALONGSIDE)] | None, _fact_words(key)]
    return str | None  # pragma: no cover - a new kind of fact: accepted, the library checks it


class _FactKeys(Strict):
    """The base of :data:`Facts`: a key that is no fact is refused, at ``facts.KEY``, in the
    words of ``anpo law --fact`` (:func:`anpo.law.facts.normalize`: the fact most likely meant,
    then the valid facts); pydantic's "unknown field" named none for 'wher'."""

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data  # not an object: left to the model's own refusal
        from anpo.errors import LawError
        from anpo.law.facts import normalize

        refused: list[InitErrorDetails] = []
        for key in data:
            try:
                normalize({key: None})  # a known fact stated as None is no fact stated
            except LawError as exc:
                refused.append(
                    InitErrorDetails(
                        type=PydanticCustomError("extra_forbidden", exc.message),
                        loc=(str(key),),
                        input=key,
                    )
                )
        if refused:
            raise ValidationError.from_exception_data(cls.__name__, refused)
        return data


#: The facts of a question (:data:`anpo.law.vocab.FACTS`); null or absent: not stated.
Facts = create_model(  # type: ignore[call-overload]
    "Facts",
    __base__=_FactKeys,
    **{
        key: (_fact_type(key, kind), Field(None, description=f"{en} ({ja})"))
        for key, (kind, en, ja) in FACTS.items()
    },
)


class AskRequest(Strict):
    """May the SDF do ``activity`` in ``situation`` at ``location`` on ``date``?

    ``location`` is a preset of facts about the place; ``facts`` states facts on top of it (or,
    with ``location`` null, instead of it: facts left out are then missing, and the answer may
    be ``depends-on``)."""

    date: IsoDate = Field(description=_DATE_HELP)
    situation: Situation  # type: ignore[valid-type]
    activity: Activity  # type: ignore[valid-type]
    location: Annotated[Location | None, _vocabulary("location")] = "japan"  # type: ignore[valid-type]
    facts: Facts | None = None


class CitationOut(Out):
    # dup-ok: field declarations, alike only in shape to api_align's PairChange (other fields).
    law: str
    law_ja: str
    law_number: str
    ref: str
    quote: str = Field(description="the provision's Japanese text")
    label: str = Field(description="English gloss of the provision")
    role: str
    verified: bool = Field(description="quote checked against the e-Gov text")


class RationaleOut(Out):
    title: str
    kind: str
    text: str
    sources: list[str]
    confidence: str
    date: str = Field(description="the item's date (ISO), '' when the rule data gives none")
    later: bool = Field(
        description="dated after the answer's date: hindsight, not part of the law on that date"
    )
    later_label: str = Field(
        default="",
        description="the mark of a later item, 'Later (2008-04-17, after 2004-01-20)' "
        "(anpo.law.later_label, as the CLI prints it); '' when not later",
    )


class CheckOut(Out):
    """A condition of the answer evaluated against the facts (:class:`anpo.law.ConditionCheck`,
    as ``anpo law ask --json`` gives each of its ``checks``)."""

    text: str
    state: str = Field(
        description="met, not met, open (the facts that decide it are not given: needs), limit "
        "(a limit on how the activity is done) or n/a (the condition does not apply to these "
        "facts)"
    )
    needs: list[str]
    basis: list[str]
    bar: Bar | None = Field(
        None,
        description="what bars the activity where this limit is not the statute's: 'international "
        "law' (acting on a foreign state's territory without its consent, where the statute sets "
        "no geographic limit; the rules' location case); null for every other check",
    )


class AlternativeOut(Out):
    facts: dict[str, bool | str]
    status: str
    status_name: str = Field(description="the status in a reader's words")


class AnswerOut(Out):
    date: str
    situation: str
    situation_text: str
    activity: str
    activity_text: str
    location: str | None
    location_text: str
    location_asked: str = Field(
        "", description="the preset asked, when the facts stated make the answer another's"
    )
    status: str
    status_name: str = Field(description="the status in a reader's words ('no legal basis')")
    status_text: str
    explanation: str = Field(
        description="the answer in words, each reason tagged with the provisions it rests on "
        "('[SAA Art. 3(2)]'), as a reader cites them"
    )
    rules: list[str] = Field(
        description="the ids of the rules the answer rests on ('saa-1999/goods-supply'), for "
        "looking them up in the rule files; the explanation cites their provisions instead"
    )
    rule_citations: dict[str, str] = Field(
        description="each rule id and the provisions it rests on, as the explanation cites them"
    )
    conditions: list[str]
    legal_basis: list[CitationOut]
    diet_approval: str
    diet_approval_text: str
    diet_approval_detail: str
    supported: str
    rationale: list[RationaleOut]
    notes: list[str]
    confidence: str = Field(description="the confidence of the rules the answer rests on")
    date_confidence: str = Field(
        description="the confidence of their laws' in-force dates, from and to (not of the law "
        "of a date past the data: see as_last_known)"
    )
    facts: dict[str, bool | str]
    decided_by: dict[str, bool | str]
    missing_facts: list[str]
    alternatives: list[AlternativeOut]
    checks: list[CheckOut]
    latest_change: str = Field(description="the last date on which the law data records a change")
    coverage_note: str = Field(
        description="for a date after latest_change: the answer is the law as last known then, "
        "later amendments are not in the data (empty otherwise)"
    )
    as_last_known: str = Field(
        "",
        description="for a date after latest_change: that date, the day of the law the answer "
        "gives (empty otherwise)",
    )


class DiffRequest(Strict):
    """What changed between two dates (optionally for some situations, activities, places)."""

    date_a: IsoDate = Field(description=_DATE_HELP)
    date_b: IsoDate = Field(
        description=_DATE_HELP + "; not before date_a (a 422 naming date_a if it is)"
    )
    situations: list[Situation] | None = Field(None, min_length=1, max_length=len(SITUATIONS))  # type: ignore[valid-type]
    activities: list[Activity] | None = Field(None, min_length=1, max_length=len(ACTIVITIES))  # type: ignore[valid-type]
    locations: list[LocationName] | None = Field(None, min_length=1, max_length=len(LOCATIONS))
    follow_successors: bool = Field(
        True,
        description="compare a situation no longer provided for with its successor "
        "(surrounding-area -> important-influence across 2016-03-29); the default of "
        "anpo.law.diff and anpo law diff too (--no-successors there)",
    )
    limit: int = Field(200, ge=1, le=limits.MAX_DIFF_ROWS)


class ChangeOut(Out):
    situation: str
    situation_after: str
    activity: str
    location: str
    changed: list[str]
    changed_names: list[str] = Field(description="what changed, in a reader's words")
    status_before: str
    status_before_name: str
    status_after: str
    status_after_name: str
    diet_approval_before: str
    diet_approval_after: str
    laws_before: list[str]
    laws_after: list[str]


class DiffOut(Out):
    date_a: str
    date_b: str
    coverage_note: str = Field(
        description="for a date after the last change the law data records: the answers on it "
        "are the law as last known then, later amendments are not in the data (empty "
        "otherwise); the CLI's 'Law data:' line"
    )
    total: int
    truncated: bool
    changes: list[ChangeOut]


class Term(Out):
    id: str
    en: str
    ja: str


class RegimeOut(Out):
    key: str
    short: str
    title_en: str
    title_ja: str
    in_force_from: str
    in_force_to: str | None


class FactTerm(Out):
    id: str
    kind: str
    en: str
    ja: str
    values: list[str] = Field(description="the values a non-boolean fact takes")
    value_names: dict[str, str] = Field(description="each value in a reader's words")


class Vocabulary(Out):
    situations: list[Term]
    activities: list[Term]
    locations: list[Term]
    facts: list[FactTerm]
    statuses: dict[str, str]
    status_names: dict[str, str] = Field(description="each status in a reader's words")
    changed_names: dict[str, str] = Field(description="what a diff row says changed, in words")
    coverage_start: str
    regimes: list[RegimeOut]


def _answer_out(a: Any) -> AnswerOut:
    from anpo.law import later_label

    return AnswerOut(
        date=a.date.isoformat(),
        situation=a.situation,
        situation_text=SITUATIONS[a.situation][0],
        activity=a.activity,
        activity_text=ACTIVITIES[a.activity][0],
        location=a.location,
        location_asked=a.location_asked,
        location_text=LOCATIONS[a.location][0] if a.location in LOCATIONS else "the facts stated",
        status=a.status,
        status_name=in_words(a.status),
        status_text=STATUSES.get(a.status, a.status),
        explanation=a.reader_explanation(),
        rules=list(a.rules),
        rule_citations=dict(a.rule_citations),
        conditions=list(a.conditions),
        legal_basis=[CitationOut.model_validate(c, from_attributes=True) for c in a.legal_basis],
        diet_approval=a.diet_approval,
        diet_approval_text=DIET_APPROVAL.get(a.diet_approval, a.diet_approval),
        diet_approval_detail=a.diet_approval_detail,
        supported=a.supported,
        rationale=[
            RationaleOut.model_validate(r, from_attributes=True).model_copy(
                update={"later_label": later_label(r, a.date)}
            )
            for r in a.rationale_items
        ],
        notes=list(a.notes),
        confidence=a.confidence,
        date_confidence=a.date_confidence,
        facts=dict(getattr(a, "facts", {}) or {}),
        decided_by=dict(getattr(a, "decided_by", {}) or {}),
        missing_facts=list(getattr(a, "missing_facts", []) or []),
        alternatives=[
            AlternativeOut(
                facts=dict(x["facts"]),
                status=str(x["status"]),
                status_name=in_words(str(x["status"])),
            )
            for x in getattr(a, "alternatives", []) or []
        ],
        checks=[
            CheckOut(
                text=c.text, state=c.state, needs=list(c.needs), basis=list(c.basis), bar=c.bar
            )
            for c in getattr(a, "checks", []) or []
        ],
        latest_change=a.latest_change,
        coverage_note=a.coverage_note,
        as_last_known=a.as_last_known,
    )


def ask(req: AskRequest) -> AnswerOut:
    """The library's answer, shaped for the page."""
    from anpo.law import ask as law_ask

    facts = None
    if req.facts is not None:
        facts = {k: v for k, v in req.facts.model_dump().items() if v is not None}
    if req.location is None and not facts:
        from anpo.errors import LawError

        raise LawError("give a location preset or state the facts", field="body.location")
    return _answer_out(
        law_ask(req.date, req.situation, req.activity, req.location, facts=facts or None)
    )


def diff(req: DiffRequest) -> DiffOut:
    """The library's diff, as compact rows (ask for the full answers of one row)."""
    from anpo.law import coverage_notes
    from anpo.law import diff as law_diff

    changes = law_diff(
        req.date_a,
        req.date_b,
        situations=list(req.situations) if req.situations else None,
        activities=list(req.activities) if req.activities else None,
        locations=list(req.locations) if req.locations else None,
        follow_successors=req.follow_successors,
    )
    rows = [
        ChangeOut(
            situation=c.situation,
            situation_after=c.situation_after,
            activity=c.activity,
            location=c.location,
            changed=list(c.changed),
            changed_names=c.changed_names,
            status_before=c.before.status,
            status_before_name=in_words(c.before.status),
            status_after=c.after.status,
            status_after_name=in_words(c.after.status),
            diet_approval_before=c.before.diet_approval,
            diet_approval_after=c.after.diet_approval,
            laws_before=list(c.before.laws),
            laws_after=list(c.after.laws),
        )
        for c in changes[: req.limit]
    ]
    return DiffOut(
        date_a=req.date_a.isoformat(),
        date_b=req.date_b.isoformat(),
        coverage_note=coverage_notes(req.date_a, req.date_b),
        total=len(changes),
        truncated=len(changes) > req.limit,
        changes=rows,
    )


def vocabulary() -> Vocabulary:
    """The vocabularies, statuses and regimes."""
    from anpo.law import coverage_start, regimes

    def terms(table: dict[str, tuple[str, str]]) -> list[Term]:
        return [Term(id=k, en=v[0], ja=v[1]) for k, v in table.items()]

    return Vocabulary(
        situations=terms(SITUATIONS),
        activities=terms(ACTIVITIES),
        locations=terms(LOCATIONS),
        facts=[
            FactTerm(
                id=k,
                kind=kind,
                en=en,
                ja=ja,
                values=list(WHERE)
                if kind == "where"
                else list(ALONGSIDE)
                if k == "alongside"
                else [],
                value_names={w: WHERE[w][0] for w in WHERE}
                if kind == "where"
                else {v: in_words(v) for v in ALONGSIDE}
                if k == "alongside"
                else {},
            )
            for k, (kind, en, ja) in FACTS.items()
        ],
        statuses=dict(STATUSES),
        status_names=dict(STATUS_SHORT),
        changed_names=dict(CHANGED_SHORT),
        coverage_start=coverage_start().in_force_from.isoformat(),
        # dup-ok: response rows built field by field, alike only in shape to the diff's rows above:
        # here dates become ISO strings, there nested answers are flattened (status_before, ...),
        # so pydantic cannot copy either record as it is.
        regimes=[
            RegimeOut(
                key=r.key,
                short=r.short,
                title_en=r.title_en,
                title_ja=r.title_ja,
                in_force_from=r.in_force_from.isoformat(),
                in_force_to=r.in_force_to.isoformat() if r.in_force_to else None,
            )
            for r in regimes()
        ],
    )


@router.get("/vocabulary", response_model=Vocabulary)
async def get_vocabulary(run: RunnerDep) -> Vocabulary:
    """Situations, activities, locations (English and Japanese), statuses, regimes."""
    return await run.run(vocabulary)


@router.post("/ask", response_model=AnswerOut)
async def post_ask(req: AskRequest, run: RunnerDep) -> AnswerOut:
    """The answer with its legal basis: law, article and the Japanese text quoted."""
    return await run.run_small(ask, req)  # a rule look-up: well under a millisecond


@router.post("/diff", response_model=DiffOut)
async def post_diff(req: DiffRequest, run: RunnerDep) -> DiffOut:
    """The answers that changed between two dates."""
    return await run.run(diff, req)

"""Rules-as-code engine: what the SDF may do for U.S. (and other) forces, by date, situation,
activity and the facts of the place, with the statute cited and quoted.

Model (issues 5 and 13; reference ``japan-law.md``): the SDF may act only where a statute
authorizes it. For a date, situation, activity and the facts of the question the engine

1. collects the rules in force on that date (each rule and each quoted provision has a validity
   interval; :mod:`anpo.law.schema`) that speak to the situation and activity;
2. evaluates each **general** rule's location cases and location test (rear area / non-combat area
   / not the scene of actual combat / overseas; :mod:`anpo.law.location`) on the facts;
3. lets each applicable **exception** (e.g. Annexed Table 1, note 1) override the general rule it
   names; **no-basis** rules state where a provision's scope stops;
4. evaluates the conditions (Basic Plan, Diet approval, safety of the area, suspension when
   combat is predicted nearby, consent, ...) against the facts;
5. answers ``permitted`` (every condition met by the facts) / ``conditional`` (with every open
   condition and the Diet-approval pattern) / ``prohibited`` (a provision in force excludes it, or
   a condition is not met) / ``no-legal-basis`` (no provision in force authorizes it, e.g.
   ``important-influence`` before 2016-03-29) / ``depends-on`` (the answer turns on facts the
   question does not give: they are listed, with the answer under each value, never guessed).

A location preset (``japan``, ``high-seas-near-japan``, ...) expands to facts
(:data:`anpo.law.vocab.PRESETS`); stated facts override the preset. Each answer says which facts
decided it (``decided_by``) and which are missing (``missing_facts``).

Legal basis (statute, quoted as worded on the date) and rationale (government interpretation,
court rulings) are kept in separate fields. Coverage starts with the first regime of the
reference timeline, the 1997 Guidelines (1997-09-23; political, never a legal basis); earlier
dates raise :class:`anpo.errors.LawError`. Standing law older than the timeline (the SDF Act of
1954, the International Peace Cooperation Act of 1992) is applied within the covered period only.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from anpo.errors import LawError
from anpo.law.facts import Facts, expand, fact_in_words, fact_label, facts_in_words
from anpo.law.loader import Ruleset, ruleset
from anpo.law.location import TEST_NAMES, TESTS, TestResult, territory
from anpo.law.schema import (
    CONFIDENCE_ORDER,
    Condition,
    LawFile,
    LawMeta,
    LawVersion,
    Rule,
)
from anpo.law.vocab import (
    # dup-ok: import block: the engine imports the vocabularies it uses (the package re-exports
    # them too).
    ACTIVITIES,
    CHANGED_SHORT,
    CHANGED_WORDING,
    DECIDING_FACTS,
    DIET_APPROVAL,
    FACTS,
    LOCATIONS,
    PRESETS,
    SITUATIONS,
    WHERE,
    close_names,
    describe,
    did_you_mean,
    in_words,
    unknown,
)

#: The first regime of the reference timeline (japan-law.md, "Timeline of regimes"): the 1997
#: Guidelines, 1997-09-23. The engine covers dates from its start on; :func:`coverage_start` derives
#: it from the rule files (the earliest regime that is not standing law) and a test checks that it
#: is this one.
COVERAGE_START_KEY = "guidelines-1997"

#: Successor situations when a regime was replaced (used by the report and ``diff(...,
#: follow_successors=True)``): the SAA was amended into the IISA (same Act No. 60 of 1999); the
#: special measures acts were replaced in function by the general International Peace Support Act.
_SPECIAL_MEASURES_SUCCESSOR = (
    "international-peace",
    "the special measures acts were replaced in function by the general International Peace "
    "Support Act (Act No. 77 of 2015); a comparable situation needs a UN resolution",
)
SUCCESSORS: dict[str, tuple[str, str]] = {
    "surrounding-area": (
        "important-influence",
        "the Surrounding Areas Act was amended into the Important Influence Situations Act "
        "(Act No. 76 of 2015, in force 2016-03-29)",
    ),
    "anti-terrorism-2001": _SPECIAL_MEASURES_SUCCESSOR,
    "iraq-2003": _SPECIAL_MEASURES_SUCCESSOR,
    "replenishment-2008": _SPECIAL_MEASURES_SUCCESSOR,
}

#: Successors in force only for a while, tried before :data:`SUCCESSORS`: the MSDF resumed the
#: Indian Ocean refuelling begun under the ATSMA (lapsed after 2007-11-01) under the Replenishment
#: Support Special Measures Act, Act No. 1 of 2008, in force 2008-01-16 to 2010-01-15 (Defense of
#: Japan 2016, chronology 2008: 'MSDF replenishment ships resume refueling U.S. ships in the Indian
#: Ocean (through January 15, 2010)').
INTERIM_SUCCESSORS: dict[str, tuple[str, str]] = {
    "anti-terrorism-2001": (
        "replenishment-2008",
        "the Replenishment Support Special Measures Act (Act No. 1 of 2008, in force from "
        "2008-01-16) let the MSDF resume the Indian Ocean refuelling begun under the ATSMA, "
        "limited to fuel and water for ships in the counter-terrorism maritime interdiction",
    ),
}

_STATUS_RANK = {
    "prohibited": 4,
    "depends-on": 3,
    "conditional": 2,
    "permitted": 1,
    "no-legal-basis": 0,
}

#: The role a citation plays, from the kind of clause the provision is.
_ROLE_OF_CLAUSE = {
    "authorizing": "authorizes",
    "excluding": "excludes",
    "restricting": "restricts",
    "defining": "defines",
    "procedural": "diet-approval",
    "commencement": "commences",
}

#: Most alternatives listed for a ``depends-on`` answer.
_MAX_ALTERNATIVES = 64


class _Record:
    """Mixin of the answer's records: ``to_dict`` gives the dataclass's fields as plain data."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


@dataclass(frozen=True)
class Citation(_Record):
    """A cited provision: law (English, with short name and number), article, the Japanese quote
    as worded on the answer's date.

    ``role`` says what the provision does, from the kind of clause it is (``clause``):
    ``authorizes`` (it grants a power or lists what may be provided), ``excludes`` (it carves
    something out), ``restricts`` (a condition or limit), ``defines`` (a definition, e.g. of the
    rear area), ``diet-approval`` (the Diet-approval procedure) or ``scope`` (an authorizing or
    defining provision cited where its reach stops, in a no-legal-basis answer).
    ``valid_from`` / ``valid_to`` are the dates of this wording.
    """

    law: str
    law_ja: str
    law_number: str
    egov_id: str
    article: str
    paragraph: int | None
    item: int | None
    annex_note: int | None
    ref: str
    quote: str
    label: str
    role: str
    verified: bool
    text_version: str
    law_key: str
    provision_key: str
    clause: str = ""
    valid_from: str = ""
    valid_to: str = ""

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def __str__(self) -> str:
        return f"{self.law} {self.ref}: 「{self.quote}」"


@dataclass(frozen=True)
class RationaleItem(_Record):
    """One rationale (not a legal basis): government interpretation, court ruling, ...

    ``date`` is the item's date (ISO, '' when the rule data gives none); ``later`` is True when
    that date is after the answer's date: hindsight (e.g. a court ruling years after the
    activity), shown as such and never as part of the law on the date (review14 F4)."""

    key: str
    title: str
    kind: str
    text: str
    sources: list[str]
    confidence: str
    date: str = ""
    later: bool = False


@dataclass(frozen=True)
class ConditionCheck(_Record):
    """A condition evaluated against the facts: ``met``, ``not met``, ``open`` (the facts that
    decide it are not given: ``needs``) or ``limit`` (a limit on how the activity is done).
    ``bar`` is what a limit that is not the statute's stands for ("international law", from
    the rules' location case: :attr:`anpo.law.schema.LocationCase.bar`), else None."""

    text: str
    state: str
    facts: dict[str, Any]
    needs: list[str]
    basis: list[str]
    bar: str | None = None


@dataclass(frozen=True)
class Answer:
    """The answer to ``ask``: status, conditions, citations, Diet approval and rationale.

    ``rationale`` is the rationale text (English with Japanese terms); ``rationale_items`` keeps
    each item with its sources. ``explanation`` is a plain-English account of the answer.
    ``facts`` are the facts of the question (a preset expanded, stated facts on top);
    ``decided_by`` the facts the answer turned on; ``missing_facts`` the facts it needs but the
    question lacks (status ``depends-on``), with ``alternatives`` giving the status under each
    value; ``checks`` each condition evaluated against the facts. ``latest_change`` is the
    last date on which the rule data records a change (:func:`latest_change`); for a date after
    it ``coverage_note`` says that the answer is the law as last known on that date and that later
    amendments are not in the data (empty otherwise), and ``as_last_known`` is ``latest_change``
    (empty otherwise): ``confidence`` is the rules' confidence and ``date_confidence`` that of
    their laws' in-force dates (from and to), neither a confidence in the law of a date past the
    data (review9 F8, review10 F4). ``location`` is the location preset the
    answer is for: the one asked while the stated facts leave its facts as they are, else the
    preset whose facts the question's facts hold ('' when none does); ``location_asked`` is the
    preset asked for when it differs from ``location`` (the stated facts overrode it), else ''.
    ``rules`` are the ids of the rules the answer rests on, which ``explanation`` tags its
    reasons with ('[saa-1999/goods-supply] General rule: ...'); ``rule_citations`` gives each
    id the provisions it rests on as a reader cites them ('SAA Art. 3(2)'), and
    :meth:`reader_explanation` is the explanation with those in place of the ids.
    """

    date: dt.date
    situation: str
    activity: str
    location: str
    status: str
    conditions: list[str]
    legal_basis: list[Citation]
    diet_approval: str
    diet_approval_detail: str
    rationale: str
    rationale_items: list[RationaleItem]
    supported: str
    explanation: str
    rules: list[str]
    laws: list[str]
    location_tests: list[TestResult]
    notes: list[str]
    confidence: str
    date_confidence: str
    facts: dict[str, Any] = field(default_factory=dict)
    decided_by: dict[str, Any] = field(default_factory=dict)
    missing_facts: list[str] = field(default_factory=list)
    alternatives: list[dict[str, Any]] = field(default_factory=list)
    checks: list[ConditionCheck] = field(default_factory=list)
    latest_change: str = ""
    coverage_note: str = ""
    as_last_known: str = ""
    location_asked: str = ""
    rule_citations: dict[str, str] = field(default_factory=dict)

    def key(self) -> tuple[str, str, str]:
        return (self.situation, self.activity, self.location)

    def reader_explanation(self) -> str:
        """``explanation`` for a reader: each reason tagged with the provisions its rule rests
        on ('[SAA Art. 3(2); Annexed Table 1, item 1]'), not with the rule's id
        ('[saa-1999/goods-supply]', kept in ``rules``)."""
        text = self.explanation
        for rid, cited in self.rule_citations.items():
            text = text.replace(f"[{rid}]", f"[{cited}]")
        return text

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat()
        return d


@dataclass(frozen=True)
class AnswerChange:
    """One answer that differs between two dates (``diff``)."""

    situation: str
    activity: str
    location: str
    situation_after: str
    before: Answer
    after: Answer
    changed: list[str] = field(default_factory=list)

    # dup-ok: one-line properties, alike only in shape to others in the package.
    @property
    def status_before(self) -> str:
        return self.before.status

    @property
    def status_after(self) -> str:
        return self.after.status

    @property
    def changed_names(self) -> list[str]:
        """What changed, in a reader's words (:data:`anpo.law.vocab.CHANGED_SHORT`), the terminal's
        and the web page's diff tables alike. A legal basis that cites the same provisions on both
        dates in new wording (an amended law) is said to have changed in its wording
        (:data:`anpo.law.vocab.CHANGED_WORDING`), not "legal basis" beside two identical lists of
        citations."""
        cites = [[(c.law_number, c.ref) for c in a.legal_basis] for a in (self.before, self.after)]
        quotes = [[c.quote for c in a.legal_basis] for a in (self.before, self.after)]
        reworded = cites[0] == cites[1] and quotes[0] != quotes[1]
        return [
            CHANGED_WORDING
            if f == "legal_basis" and reworded
            else CHANGED_SHORT.get(f, f.replace("_", " "))
            for f in self.changed
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "situation": self.situation,
            "situation_after": self.situation_after,
            "activity": self.activity,
            "location": self.location,
            "changed": list(self.changed),
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
        }


@dataclass(frozen=True)
class ProvisionChange(_Record):
    """A provision whose wording in force differs between two dates (``provision_changes``):
    ``added`` (in force only on the second date), ``repealed`` (only on the first), ``amended``
    (in force on both, worded differently) or ``renumbered`` (the same words under another
    article number)."""

    act: str
    provision_key: str
    kind: str
    law_before: str
    law_after: str
    ref_before: str
    ref_after: str
    quote_before: str
    quote_after: str
    label: str

    @property
    def law(self) -> str:
        """The law's short name (its label up to the first comma), in force on the date the
        provision is."""
        return (self.law_after or self.law_before).split(",")[0]

    @property
    def ref(self) -> str:
        """Where the provision is, in words: its article on the date it is in force, or
        ``before → after`` when it was renumbered."""
        if not self.ref_after or self.ref_before in ("", self.ref_after):
            return self.ref_after or self.ref_before
        return f"{self.ref_before} → {self.ref_after}"


@dataclass(frozen=True)
class ProvisionInForce(_Record):
    """One provision of a law version in force on a date (``provisions``)."""

    # dup-ok: field declarations alike only in shape to the other records above (Citation,
    # RationaleItem): each record has its own fields.
    law_key: str
    law: str
    provision_key: str
    ref: str
    quote: str
    label: str
    clause: str
    verified: bool
    valid_from: str
    valid_to: str


# ----------------------------------------------------------------------------- validation


def to_date(value: Any, field: str = "date") -> dt.date:
    """A ``datetime.date`` from a date, datetime or ``YYYY-MM-DD`` string (spaces around it
    ignored); LawError naming ``field`` otherwise, also for the other ISO 8601 forms Python
    reads ('20160329', the week date '2016-W13-2'), which the message turns into the form asked.

    >>> to_date(" 2016-03-29 "), to_date(dt.datetime(2016, 3, 29, 12))
    (datetime.date(2016, 3, 29), datetime.date(2016, 3, 29))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        # ASCII digits: '\d' took full-width ones, and the refusal quoted Python's
        # 'Invalid isoformat string' as if it were why
        shaped = re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()) is not None
        try:
            read = dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            # a string is what a command line or a web form sends: say what is wrong with it,
            # not which Python types the function takes
            raise LawError(
                f"not a date YYYY-MM-DD: {value!r}" + (f" ({exc})" if shaped else ""),
                field=field,
            ) from None
        if not shaped:
            # Python 3.11 also reads '20160329' and the week date '2016-W13-2' (both
            # 2016-03-29): a form the help never offers, silently taken; named instead
            raise LawError(
                f"not a date YYYY-MM-DD: {value!r} (if {read.isoformat()} is meant, write that)",
                field=field,
            )
        return read
    raise LawError(
        f"not a date YYYY-MM-DD: {value!r} (a datetime.date or a string YYYY-MM-DD)",
        field=field,
    )


def coverage_start(rs: Ruleset | None = None) -> LawMeta:
    """The first regime covered: the earliest regime of the rule files that is not standing law.

    The regimes are the laws and political documents of the reference timeline (japan-law.md),
    the first being the 1997 Guidelines (1997-09-23). They count as a regime although they are not
    law: they opened the period the engine models, and between 1997-09-23 and the Surrounding Areas
    Act (1999-08-25) a 'surrounding-area' question has a legal answer, ``no-legal-basis`` (no law
    yet), not an error. Standing law older than the timeline (the SDF Act of 1954 and the
    International Peace Cooperation Act of 1992, ``standing = true`` in their rule files) is applied
    from this date on but does not move it. Earlier dates raise :class:`anpo.errors.LawError`.
    """
    rs = _rules(rs)
    first = next((m for m in rs.regimes() if not m.standing), None)
    if first is None:
        # a rule set of one's own (load_ruleset_from) with no regime: every function that
        # takes ``rules`` stopped with a bare StopIteration
        raise LawError(
            "the rule set has no regime that is not standing law, so it covers no date "
            "(load_ruleset_from was given no law file, or only standing law)",
            field="rules",
        )
    return first


def latest_change(rs: Ruleset | None = None) -> dt.date:
    """The last date on which the rule data records a change: a law version or political
    document entering into force or ending (the day after its last day), a provision's wording
    or a rule beginning or ending. Law after it is not in the data: an amendment in force later
    would not be known (the rule files in ``anpo/law/rules`` are the source)."""
    rs = _rules(rs)
    cached = rs.engine_cache.get("latest_change")
    if isinstance(cached, dt.date):
        return cached
    one = dt.timedelta(days=1)
    days: list[dt.date] = []
    for lf in rs.acts.values():
        for v in lf.versions:
            days += [v.law.in_force_from] + ([v.law.in_force_to + one] if v.law.in_force_to else [])
        for p in lf.provisions.values():
            for t in p.texts:
                days += [x for x in (t.valid_from, t.valid_to and t.valid_to + one) if x]
        for r in lf.rules:
            days += [x for x in (r.valid_from, r.valid_to and r.valid_to + one) if x]
    last = rs.engine_cache["latest_change"] = max(days)
    return last


def coverage_notes(*dates: dt.date | str, rs: Ruleset | None = None) -> str:
    """:func:`coverage_note` of each distinct date, in order, one sentence a date; ``""`` when
    the data covers every date (the note of a diff, in the CLI's text and the web page).

    >>> coverage_notes("2001-07-10", "2016-03-29")
    ''
    """
    days = dict.fromkeys(to_date(d) for d in dates)
    return " ".join(filter(None, (coverage_note(d, rs) for d in days)))


def coverage_note(d: dt.date | str, rs: Ruleset | None = None) -> str:
    """For a date after :func:`latest_change`, that an answer on it is the law as last known on
    that day, naming what entered into force then, and that later amendments are not in the data;
    ``""`` for a date the data covers; a date before the first regime
    (:func:`coverage_start`) raises :class:`anpo.errors.LawError`, as every answer on it does.

    >>> coverage_note(dt.date(2001, 7, 10))
    ''
    """
    d = to_date(d)  # an ISO string, as every other date here takes, was a TypeError
    rs = _rules(rs)
    # a date before the first regime is not covered: '' said it was
    _check(d, None, None, None, rs)
    last = latest_change(rs)
    if d <= last:
        return ""
    started = [m.short for m in rs.regimes() if m.in_force_from == last]
    what = f" (in force from then: {', '.join(dict.fromkeys(started))})" if started else ""
    return (
        f"{d.isoformat()} is after {last.isoformat()}, the last change anpo's law data records"
        f"{what}: this is the law as last known on {last.isoformat()}; amendments in force "
        "after that date are not in the data."
    )


def _regime_starts(rs: Ruleset) -> str:
    """``1997-09-23 1997 Guidelines (political); 1999-08-25 SAA; ...``: the regime start dates."""
    seen: dict[dt.date, list[str]] = {}
    for m in rs.regimes():
        if m.standing:
            continue
        name = m.short + ("" if m.binding else " (political)")
        names = seen.setdefault(m.in_force_from, [])
        if name not in names:
            names.append(name)
    return "; ".join(f"{d.isoformat()} {', '.join(n)}" for d, n in seen.items())


def _check(
    d: dt.date,
    situation: str | None,
    activity: str | None,
    location: str | None,
    rs: Ruleset,
    required: tuple[str, ...] = (),
    date_field: str = "date",
) -> None:
    """Refuse a date before the rules' coverage (naming it ``date_field``), an unknown name,
    or a missing name among ``required`` (None elsewhere means "every one")."""
    first = coverage_start(rs)
    if d < first.in_force_from:
        raise LawError(
            f"date {d.isoformat()} is before the first regime covered ({first.title_en}, "
            f"{first.in_force_from.isoformat()}); valid dates: {first.in_force_from.isoformat()} "
            f"or later (regimes from: {_regime_starts(rs)})",
            field=date_field,
        )
    for kind, name in (("situation", situation), ("activity", activity), ("location", location)):
        # a name given that is not a string (a list) is refused as one left out is (it was a
        # TypeError, 'unhashable type', for a location)
        if (kind in required or name is not None) and not isinstance(name, str):
            raise LawError(f"{kind} must be a name, got {name!r}", field=kind)
        if name is not None and (msg := unknown(kind, name)):
            raise LawError(msg, field=kind)


# ----------------------------------------------------------------------------- index


@dataclass(frozen=True)
class _Entry:
    file: str
    act: LawFile
    rule: Rule
    refs: tuple[str, ...]  # every provision the rule can cite (its own, defaults excluded)


class RuleIndex:
    """Rules indexed by (situation, activity), with their in-force windows."""

    def __init__(self, rs: Ruleset) -> None:
        self.rs = rs
        self.citations: dict[tuple[Any, ...], Citation] = {}
        self.provisions: dict[tuple[str, str, dt.date], Any] = {}
        self.history: dict[str, list[LawMeta]] = {
            s: [m for m in rs.regimes() if s in m.situations and m.binding] for s in SITUATIONS
        }
        self.by_key: dict[tuple[str, str], list[_Entry]] = {}
        for lf, rule in rs.rules():
            name = rs.file_of(lf)
            sits = set(rule.situations or [s for v in lf.versions for s in v.law.situations])
            refs = _rule_refs(rule)
            for s in sits:
                for a in rule.activities:
                    self.by_key.setdefault((s, a), []).append(_Entry(name, lf, rule, refs))

    def in_force(self, d: dt.date, situation: str, activity: str) -> list[_Entry]:
        out = []
        for e in self.by_key.get((situation, activity), []):
            version = e.act.version_on(d)
            if version is None or not e.rule.in_force(d):
                continue
            if situation not in (e.rule.situations or version.law.situations):
                continue
            out.append(e)
        return out


def _rule_refs(rule: Rule) -> tuple[str, ...]:
    refs = list(rule.basis) + list(rule.location.basis) + list(rule.diet_basis or [])
    refs += [r for c in rule.conditions for r in c.basis]
    refs += [r for c in rule.location.cases for r in c.basis]
    return tuple(dict.fromkeys(refs))


def rule_in_force(lf: LawFile, rule: Rule, d: dt.date) -> bool:
    """The rule's Act is in force on ``d`` and ``d`` lies in the rule's own window, if any."""
    return lf.in_force(d) and rule.in_force(d)


def rule_index(rs: Ruleset) -> RuleIndex:
    """The rule set's index, built once per rule set (kept on the rule set itself)."""
    idx = rs.engine_cache.get("index")
    if idx is None:
        idx = rs.engine_cache["index"] = RuleIndex(rs)
    return idx


def _rules(rules: Ruleset | None) -> Ruleset:
    """The rule set to answer from: the one given, else the packaged one; anything else is a
    :class:`LawError` (it was an AttributeError deep in the engine)."""
    if rules is None:
        return ruleset()
    if not isinstance(rules, Ruleset):
        raise LawError(
            f"rules must be a Ruleset (load_ruleset_from builds one), got {type(rules).__name__}",
            field="rules",
        )
    return rules


# ----------------------------------------------------------------------------- evaluation

#: (file, provision ref, usage); usage is "cite" (the role follows from the clause), "cond" (the
#: same, for the provision of a condition: dropped unless the answer is conditional or permitted),
#: "scope" (where a provision's reach stops) or "diet".
_Ref = tuple[str, str, str]


@dataclass
class _Outcome:
    entry: _Entry
    version: LawVersion
    status: str
    citations: list[_Ref]
    conditions: list[tuple[Condition, str]]  # (condition, display text)
    reason: str
    tests: list[TestResult]
    confidence: str
    notes: list[str]
    used: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    failed: ConditionCheck | None = None

    @property
    def rule(self) -> Rule:
        return self.entry.rule


def _match(when: Mapping[str, Any], f: Mapping[str, Any]) -> bool | None:
    """True if every fact of ``when`` holds, False if one is known to differ, None if unknown."""
    unknown_fact = False
    for k, v in when.items():
        if k not in f:
            unknown_fact = True
        elif (f[k] not in v) if isinstance(v, list) else (f[k] != v):
            return False
    return None if unknown_fact else True


def _evaluate(e: _Entry, version: LawVersion, f: Facts) -> _Outcome | None:
    rule, file = e.rule, e.file
    if rule.when and _match(rule.when, f) is not True:
        return None
    used = set(rule.when)
    if rule.kind in ("exception", "prohibition", "no-basis"):
        status, usage = (
            ("no-legal-basis", "scope") if rule.kind == "no-basis" else ("prohibited", "cite")
        )
        return _Outcome(
            e,
            version,
            status,
            [(file, b, usage) for b in rule.basis],
            [],
            rule.summary,
            [],
            rule.confidence,
            list(rule.notes),
            used,
        )
    spec = rule.location
    authorizing = [(file, b, "cite") for b in rule.basis]
    allowed: Condition | None = None
    extra: tuple[Condition, str] | None = None
    allow_basis: list[str] = []
    for case in spec.cases:
        m = _match(case.when, f)
        if m is False:
            continue
        if m is None:
            if case.effect == "condition":
                continue
            missing = {k for k in case.when if k not in f}
            return _Outcome(
                e,
                version,
                "depends-on",
                authorizing + [(file, b, "cite") for b in case.basis],
                [],
                f"depends on {'; '.join(fact_label(k) for k in sorted(missing))}: {case.text}",
                [],
                rule.confidence,
                list(rule.notes),
                used | (set(case.when) - missing),
                missing,
            )
        used |= set(case.when)
        if case.effect in ("prohibited", "no-legal-basis"):
            conf = case.confidence or rule.confidence
            usage = "cite" if case.effect == "prohibited" else "scope"
            return _Outcome(
                e,
                version,
                case.effect,
                authorizing + [(file, b, usage) for b in case.basis],
                [],
                case.text,
                [],
                conf,
                list(rule.notes),
                used,
            )
        cond = Condition(text=case.text, basis=list(case.basis), limit=True, bar=case.bar)
        if case.effect == "allow":
            allowed, allow_basis = cond, list(case.basis)
        else:
            extra = (cond, case.text)
        break
    test = TESTS[spec.test](f)
    where = f.get("where")
    territory_ok: bool | None = None
    if where is not None:
        territory_ok = territory(where) in spec.territories and not (
            spec.near_japan_only and where == "high-seas"
        )
    if allowed is not None:
        territory_ok = True
        test = TestResult(
            test.test, True, f"{test.reason}; but: {allowed.text}", test.used, test.missing
        )
    used |= set(test.used)
    if test.passed is False or territory_ok is False:
        if test.passed is False:
            reason = test.reason
        else:
            reason = spec.reason or (
                f"the statute confines this activity to {', '.join(spec.territories)}"
            )
            used = (used - set(test.used)) | {"where"}
        cites = authorizing + [(file, b, "cite") for b in spec.basis]
        return _Outcome(
            e,
            version,
            "prohibited",
            cites,
            [],
            reason,
            [test],
            rule.confidence,
            list(rule.notes),
            used,
        )
    if test.passed is None:
        return _Outcome(
            e,
            version,
            "depends-on",
            authorizing + [(file, b, "cite") for b in spec.basis],
            [],
            f"the {TEST_NAMES[spec.test]} {test.reason}",
            [test],
            rule.confidence,
            list(rule.notes),
            used,
            set(test.missing),
        )
    conditions: list[tuple[Condition, str]] = []
    cites = list(authorizing)
    for c in version.defaults.conditions_for(rule):
        conditions.append((c, c.text))
        cites += [(file, b, "cond") for b in c.basis]
    for c in rule.conditions:
        conditions.append((c, c.text))
        cites += [(file, b, "cond") for b in c.basis]
    if spec.test != "none":
        loc = Condition(
            text=f"{TEST_NAMES[spec.test]}: {test.reason}",
            basis=list(spec.basis),
            location=True,
        )
        conditions.insert(0, (loc, loc.text))
        cites += [(file, b, "cite") for b in spec.basis]
    if extra is not None:
        conditions.append(extra)
        cites += [(file, b, "cond") for b in extra[0].basis]
    if allowed is not None:
        conditions.append((allowed, allowed.text))
        cites += [(file, b, "cond") for b in allow_basis]
    out = _Outcome(
        e,
        version,
        rule.effect,
        cites,
        conditions,
        rule.summary,
        [test],
        rule.confidence,
        list(rule.notes),
        used,
    )
    for c, _ in conditions:
        state, read, _ = _check_condition(c, f)
        if state == "not met":
            out.status = c.unmet
            out.reason = c.unmet_reason or f"a condition is not met: {c.text}"
            out.used |= set(read)
            out.citations = authorizing + [(file, b, "cite") for b in c.basis]
            out.conditions = []
            out.failed = ConditionCheck(c.text, "not met", read, [], list(c.basis))
            break
    return out


def _check_condition(c: Condition, f: Mapping[str, Any]) -> tuple[str, dict[str, Any], list[str]]:
    """(state, facts read, facts needed) of a condition against the facts: ``met``, ``not met``,
    ``open``, ``limit``, or ``n/a`` (the condition does not apply where the facts place it)."""
    if c.limit:
        return "limit", {}, []
    if c.when:
        applies = _match(c.when, f)
        if applies is False:
            return "n/a", {k: f[k] for k in c.when if k in f}, []
        if applies is None:
            needs = [k for k in c.when if k not in f] + [k for k in c.facts() if k not in f]
            return "open", {}, needs
    if c.location:
        return "met", {}, []
    if c.fact is not None:
        if c.fact not in f:
            return "open", {}, [c.fact]
        return ("met" if f[c.fact] == c.expect else "not met"), {c.fact: f[c.fact]}, []
    read = {k: f[k] for k in c.any_of if k in f}
    if any(v is True for v in read.values()):
        return "met", {k: v for k, v in read.items() if v is True}, []
    if len(read) == len(c.any_of):
        return "not met", read, []
    return "open", read, [k for k in c.any_of if k not in f]


def _diet_check(kind: str, detail: str, f: Mapping[str, Any]) -> ConditionCheck | None:
    """The Diet-approval pattern evaluated against ``diet_approved`` and ``emergency``."""
    if kind in ("none", "not-applicable", "undetermined"):
        return None
    text = f"Diet approval (国会承認): {DIET_APPROVAL[kind]}"
    if kind == "ex-post-within-20-days":
        return ConditionCheck(text + " — the measures may start before it", "met", {}, [], [])
    approved = f.get("diet_approved")
    if approved is True:
        return ConditionCheck(text, "met", {"diet_approved": True}, [], [])
    if kind == "prior":
        if approved is False:
            return ConditionCheck(text, "not met", {"diet_approved": False}, [], [])
        return ConditionCheck(text, "open", {}, ["diet_approved"], [])
    emergency = f.get("emergency")
    if emergency is True:
        return ConditionCheck(
            text + " — emergency: the measures may start, approval sought promptly",
            "met",
            {"emergency": True} | ({"diet_approved": False} if approved is False else {}),
            [],
            [],
        )
    if approved is False and emergency is False:
        return ConditionCheck(text, "not met", {"diet_approved": False, "emergency": False}, [], [])
    needs = [k for k in ("diet_approved", "emergency") if k not in f]
    read = {k: f[k] for k in ("diet_approved", "emergency") if k in f}
    return ConditionCheck(text, "open", read, needs, [])


def _provision(rs: Ruleset, file: str, ref: str, d: dt.date) -> Any:
    """``rs.provision`` memoized per (file, ref, date): answers on one date share the lookups."""
    idx = rule_index(rs)
    key = (file, ref, d)
    hit = idx.provisions.get(key)
    if hit is None:
        if len(idx.provisions) > 200_000:
            idx.provisions.clear()
        hit = idx.provisions[key] = rs.provision(file, ref, d)
    return hit


def _citation(rs: Ruleset, file: str, ref: str, usage: str, d: dt.date) -> Citation:
    idx = rule_index(rs)
    meta, prov, text, pkey = _provision(rs, file, ref, d)
    key = (file, ref, usage, id(text), text.verified_on(d), meta.key)
    cached = idx.citations.get(key)
    if cached is None:
        role = "scope" if usage == "scope" else _ROLE_OF_CLAUSE[prov.clause]
        cached = idx.citations[key] = Citation(
            law=meta.label(),
            law_ja=meta.title_ja,
            law_number=meta.number,
            egov_id=meta.egov_id,
            article=text.article
            if text.article.lower().startswith(("annex", "supplementary"))
            else f"Art. {text.article}",
            paragraph=text.paragraph,
            item=text.item,
            annex_note=text.annex_note,
            ref=text.ref(),
            quote=text.quote,
            label=prov.label_of(text),
            role=role,
            verified=text.verified_on(d),
            text_version=meta.text_version,
            law_key=meta.key,
            provision_key=pkey,
            clause=prov.clause,
            valid_from=text.valid_from.isoformat() if text.valid_from else "",
            valid_to=text.valid_to.isoformat() if text.valid_to else "",
        )
    return cached


def _min_conf(values: list[str]) -> str:
    return min(values, key=lambda c: CONFIDENCE_ORDER[c]) if values else "high"


@dataclass(frozen=True)
class _Question:
    """One question put to the engine: the date, situation, activity, location preset ('' when
    the facts are given without one) and the facts (the preset's, overridden by those stated)."""

    d: dt.date
    situation: str
    activity: str
    location: str
    f: Facts

    def given(self, g: Facts) -> _Question:
        """The same question with the facts ``g``."""
        return replace(self, f=g)


def _domain(key: str) -> list[Any]:
    """The values a missing fact may take: the places of :data:`WHERE`, else True and False."""
    return list(WHERE) if FACTS[key][0] == "where" else [True, False]


# dup-ok: a signature (positional inputs, keyword-only options) alike only in shape to others,
# e.g. anpo.deterrence.exchange.first_strike.
def ask(
    date: Any,
    situation: str,
    activity: str,
    location: str | None = None,
    *,
    facts: Mapping[str, Any] | None = None,
    rules: Ruleset | None = None,
) -> Answer:
    """May the SDF do ``activity`` in ``situation`` on ``date``, given the facts of the place?

    ``location`` is one of the six presets of :data:`anpo.law.vocab.LOCATIONS` (each expands to
    facts, :data:`anpo.law.vocab.PRESETS`); ``facts`` maps fact keys of
    :data:`anpo.law.vocab.FACTS` (at least ``where``, ``consent``, ``combat_now``,
    ``combat_expected``; plus condition facts such as ``basic_plan``, ``diet_approved``,
    ``un_resolution``) to values, and overrides the preset. A key left out is a missing fact. With
    neither, the preset ``japan`` is used.

    Returns an :class:`Answer` whose ``status`` is ``permitted``, ``conditional``, ``prohibited``,
    ``no-legal-basis`` or ``depends-on``, with every condition (and how the facts meet it), the
    legal basis (law, article, Japanese quote as worded on ``date``), the Diet-approval pattern,
    the facts that decided it and, separately, the rationale. Unknown names or facts, or a date
    before the first regime (1997-09-23), raise :class:`anpo.errors.LawError` listing the valid
    values.

    The rationale may postdate ``date`` (a court ruling or an interpretation given years after
    the activity): such an item is kept, as hindsight, but marked ``later`` (with its ``date``)
    and never presented as the law of ``date``: the rationale text opens it with 'Later (17
    April 2008): ' and the explanation ends by naming it as later, not part of the law on the
    date. The status, conditions, legal basis and Diet approval rest on the statutes in force
    on ``date`` only.

    ``rules`` is the rule set to answer from (:func:`anpo.law.loader.load_ruleset_from` builds
    one from rule files); default the packaged rules (:func:`anpo.law.loader.ruleset`).

    Source: the statutes in ``anpo/law/rules`` (each rule cites its article); reference table
    ``japan-law.md`` (decision facts). The Acts: [sdf-act1954], [pko-act1992], [saa1999],
    [ship-inspection2000], [atsma2001], [iraq-sma2003], [us-support2004], [replenishment2008],
    [peace-security2015]; the political documents: [guidelines1997], [guidelines2015],
    [cabinet-decision2014].
    """
    d = to_date(date)
    rs = _rules(rules)
    _check(d, situation, activity, location, rs, required=("situation", "activity"))
    if location is None and facts is None:
        location = "japan"
    f = expand(location, facts)
    answer = _answer(rs, rule_index(rs), _Question(d, situation, activity, location or "", f))
    held = _preset_of(location, f)
    if held == answer.location:
        return answer
    # the stated facts overrode the preset (-l japan -f where=high-seas): the answer is for the
    # place the facts describe, and says what was asked
    return replace(answer, location=held, location_asked=location or "")


def _preset_of(location: str | None, f: Mapping[str, Any]) -> str:
    """The location preset the facts ``f`` stand for: ``location`` while every fact of its
    preset holds in ``f``, else the preset (:data:`anpo.law.vocab.PRESETS`) whose facts all
    hold in ``f``, '' when none does (the presets differ in their facts, so at most one does).
    """

    def holds(name: str) -> bool:
        return all(f.get(k) == v for k, v in PRESETS[name].items())

    if location and holds(location):
        return location
    return next((name for name in PRESETS if holds(name)), "")


def _alternatives(
    rs: Ruleset, idx: RuleIndex, q: _Question, missing: list[str]
) -> list[tuple[Facts, Answer]]:
    """The question re-asked with each value of the ``missing`` facts: (facts, answer) pairs."""
    out = []
    for values in itertools.islice(
        itertools.product(*(_domain(k) for k in missing)), _MAX_ALTERNATIVES
    ):
        g = dict(q.f)
        g.update(zip(missing, values, strict=True))
        a = _answer(rs, idx, q.given(g), alternatives=False)
        if a.status == "depends-on":
            # a value can make another fact matter (e.g. no combat now: then where?): the
            # alternative is what asking again with it gives, its own alternatives weighed
            a = _answer(rs, idx, q.given(g), alternatives=True)
        out.append((g, a))
    return out


def _unanimous(
    q: _Question,
    missing: list[str],
    answers: list[tuple[Facts, Answer]],
    alts: list[dict[str, Any]],
) -> Answer | None:
    """The answer when the facts a question lacks do not matter: every value of them (the
    ``answers`` of :func:`_alternatives`) gives the same status (not itself 'depends-on'), so
    the question is decided and saying 'depends-on' would be wrong. Citations, conditions,
    checks and notes are those of every alternative, each alternative's reasoning is in the
    explanation, and ``alternatives`` still lists them."""
    statuses = {a.status for _, a in answers}
    full = math.prod(len(_domain(k)) for k in missing)
    if len(statuses) != 1 or "depends-on" in statuses or len(answers) != full:
        return None
    status = next(iter(statuses))

    def union(items: list[Any], key: Any = lambda x: x) -> list[Any]:
        out, seen = [], set()
        for x in items:
            if key(x) not in seen:
                seen.add(key(x))
                out.append(x)
        return out

    given = "; ".join(map(fact_label, missing))
    reasons = []
    for g, a in answers:
        head = _head(q.given(g)) + TO_STATUS
        rest = a.explanation[len(head) :] if a.explanation.startswith(head) else ""
        later = _later_sentence(a.rationale_items, q.d)  # said once, after every reason
        rest = rest[: len(rest) - len(later)] if later and rest.endswith(later) else rest
        vals = "; ".join(fact_in_words(k, g[k]) for k in missing)
        rest = rest.rstrip()
        # the facts in words hold colons ('...: yes (combat_now=true)'): a dash before the answer
        reasons.append(f"If {vals}{TO_STATUS}{rest}" + ("" if rest.endswith(".") else "."))
    explanation = (
        f"{_head(q)}{TO_STATUS}{in_words(status)} whichever value the facts not given take ({given}). "
        + " ".join(reasons)
    )
    # The Diet procedure of the alternatives where it applies (where the activity is barred
    # outright it is 'not-applicable'); two different procedures leave it undetermined.
    applies = [a for _, a in answers if a.diet_approval != "not-applicable"] or [answers[0][1]]
    if len({a.diet_approval for a in applies}) == 1:
        diet, diet_detail = applies[0].diet_approval, applies[0].diet_approval_detail
    else:
        diet, diet_detail = "undetermined", DIET_APPROVAL["undetermined"]
    notes = [
        f"Not given: {given}. The answer is '{status}' under every value of them (see "
        "alternatives), so it does not depend on them."
    ]
    decided_keys = {k for _, a in answers for k in a.decided_by if k not in missing}
    return Answer(
        date=q.d,
        situation=q.situation,
        activity=q.activity,
        location=q.location,
        status=status,
        conditions=union([c for _, a in answers for c in a.conditions]),
        legal_basis=union(
            [c for _, a in answers for c in a.legal_basis], key=lambda c: (c.law_key, c.ref)
        ),
        diet_approval=diet,
        diet_approval_detail=diet_detail,
        rationale=_rationale_text(
            items := union(
                [r for _, a in answers for r in a.rationale_items], key=lambda r: r.title
            )
        ),
        rationale_items=items,
        supported=next((a.supported for _, a in answers if a.supported), ""),
        explanation=explanation + _later_sentence(items, q.d),
        rules=union([r for _, a in answers for r in a.rules]),
        rule_citations={k: v for _, a in answers for k, v in a.rule_citations.items()},
        laws=union([x for _, a in answers for x in a.laws]),
        location_tests=union([t for _, a in answers for t in a.location_tests], key=repr),
        notes=union(notes + [n for _, a in answers for n in a.notes]),
        confidence=_min_conf([a.confidence for _, a in answers]),
        date_confidence=_min_conf([a.date_confidence for _, a in answers]),
        facts=dict(q.f),
        decided_by={k: q.f[k] for k in FACTS if k in decided_keys and k in q.f},
        missing_facts=[],
        alternatives=alts,
        checks=union([c for _, a in answers for c in a.checks], key=repr),
    )


def _answer(rs: Ruleset, idx: RuleIndex, q: _Question, *, alternatives: bool = True) -> Answer:
    """The answer to ``q`` (:func:`_decide`) with the data's coverage of its date."""
    return replace(
        _decide(rs, idx, q, alternatives=alternatives),
        latest_change=latest_change(rs).isoformat(),
        coverage_note=coverage_note(q.d, rs),
        as_last_known=latest_change(rs).isoformat() if q.d > latest_change(rs) else "",
    )


def _decide(rs: Ruleset, idx: RuleIndex, q: _Question, *, alternatives: bool = True) -> Answer:
    d, f = q.d, q.f
    candidates = idx.in_force(d, q.situation, q.activity)
    outcomes = []
    for e in candidates:
        version = e.act.version_on(d)
        if version is not None and (o := _evaluate(e, version, f)) is not None:
            outcomes.append(o)
    if not outcomes:
        return _no_basis(rs, q)
    overridden: set[str] = set()
    for o in outcomes:
        if o.rule.kind == "exception":
            overridden.update(o.rule.overrides)
    effective = [o for o in outcomes if o.rule.id not in overridden]
    exceptions = [o for o in effective if o.rule.kind == "exception"]
    shown = list(effective)
    # Cite the general rule an exception carves out of ("annex category, then the note").
    for ex in exceptions:
        for o in outcomes:
            if o.rule.id in ex.rule.overrides and o not in shown:
                o.citations = [
                    c
                    for c in o.citations
                    if c[1] in o.rule.basis or (o.status == "prohibited" and c[2] != "cond")
                ]
                o.conditions = []
                shown.insert(0, o)
    status = max((o.status for o in effective), key=lambda s: _STATUS_RANK[s])
    deciding = [o for o in effective if o.status == status]

    raw = [
        c
        for o in shown
        for c in o.citations
        if not (status not in ("conditional", "permitted") and c[2] == "cond")
    ]
    cites: list[Citation] = []
    seen: set[tuple[str, str]] = set()
    for file, ref, usage in raw:
        cite_key = rs.resolve(file, ref)
        if cite_key not in seen:
            seen.add(cite_key)
            cites.append(_citation(rs, file, ref, usage, d))
    if status == "prohibited":  # the barring provisions first, then the general rule
        order = {"excludes": 0, "restricts": 1, "defines": 1, "scope": 2}
        cites.sort(key=lambda c: order.get(c.role, 3))

    conditions: list[str] = []
    checks: list[ConditionCheck] = []
    if status in ("conditional", "permitted"):
        for o in deciding:
            for c, text in o.conditions:
                if text not in conditions:
                    conditions.append(text)
                    state, read, needs = _check_condition(c, f)
                    refs = [_ref_label(rs, o.entry.file, b, d) for b in c.basis]
                    if c.location:
                        read = {k: f[k] for k in sorted(o.used) if k in f and k in DECIDING_FACTS}
                    checks.append(ConditionCheck(text, state, read, needs, refs, c.bar))

    main = deciding[0]
    version = main.version
    if status in ("conditional", "permitted"):
        diet = main.rule.diet_approval or version.defaults.diet_approval
        diet_refs = (
            main.rule.diet_basis
            if main.rule.diet_basis is not None
            else version.defaults.diet_basis
        )
        diet_detail = (
            main.rule.diet_detail
            if main.rule.diet_detail is not None
            else version.defaults.diet_detail_on(d)
        )
        for ref in diet_refs:
            cite_key = rs.resolve(main.entry.file, ref)
            if cite_key not in seen:
                seen.add(cite_key)
                cites.append(_citation(rs, main.entry.file, ref, "diet", d))
        diet_detail = DIET_APPROVAL[diet] + (f"; {diet_detail}" if diet_detail else "")
        dcheck = _diet_check(diet, diet_detail, f)
        if dcheck is not None:
            dcheck = ConditionCheck(
                dcheck.text,
                dcheck.state,
                dcheck.facts,
                dcheck.needs,
                [_ref_label(rs, main.entry.file, r, d) for r in diet_refs],
            )
            checks.append(dcheck)
            if dcheck.state == "not met":
                status = "prohibited"
                conditions = []
        if status == "conditional" and all(c.state in ("met", "limit", "n/a") for c in checks):
            status = "permitted"
    elif status == "depends-on":
        diet, diet_detail = "undetermined", DIET_APPROVAL["undetermined"]
    else:
        diet, diet_detail = "not-applicable", DIET_APPROVAL["not-applicable"]
        for o in deciding:
            if o.failed is not None:
                checks.append(
                    ConditionCheck(
                        o.failed.text,
                        "not met",
                        o.failed.facts,
                        [],
                        [_ref_label(rs, o.entry.file, b, d) for b in o.failed.basis],
                    )
                )

    rkeys: list[str] = []
    for o in shown:
        keys = list(o.rule.rationale)
        if o.rule.kind == "general":
            keys = list(o.version.defaults.rationale) + keys
        for k in keys:
            if k not in rkeys:
                rkeys.append(k)
    items = _rationale_items(rs, rkeys, d)

    notes: list[str] = []
    for o in shown:
        notes += [n for n in o.notes if n not in notes]
        if o.rule.confidence_note and o.rule.confidence_note not in notes:
            notes.append(o.rule.confidence_note)
        for dn in o.rule.dated_notes:  # hindsight marked as such on an earlier answer
            said = later_note(dn.text, dn.date, d)
            if said not in notes:
                notes.append(said)
    if any(not c.verified for c in cites):
        notes.append(
            "Some quoted wording is not among the shared primary texts (verified=False); "
            "check it against e-Gov before relying on the exact words."
        )
    laws = []
    for o in shown:
        if o.version.law.label() not in laws:
            laws.append(o.version.law.label())
    supported = main.rule.supported or version.law.supported
    tests = [t for o in shown for t in o.tests]
    conf = _min_conf([o.confidence for o in shown])
    dconf = _min_conf([o.version.law.date_confidence for o in shown])

    missing: list[str] = []
    if status == "depends-on":
        wanted = {k for o in deciding for k in o.missing}
        missing = [k for k in FACTS if k in wanted]
    decided_keys = {k for o in deciding for k in o.used}
    for chk in checks:
        decided_keys |= set(chk.facts)
    decided = {k: f[k] for k in FACTS if k in decided_keys and k in f}
    answered = _alternatives(rs, idx, q, missing) if missing and alternatives else []
    alts = [{"facts": {k: g[k] for k in missing}, "status": a.status} for g, a in answered]
    if answered and (same := _unanimous(q, missing, answered, alts)):
        return same
    explanation = _explain(
        q,
        status,
        shown,
        conditions,
        diet,
        laws,
        missing,
        alts,
        [c.text for c in checks if c.state == "not met"],
    )
    # dup-ok: keyword arguments of the answer's constructor: alike only in shape to other result
    # constructors.
    return Answer(
        date=d,
        situation=q.situation,
        activity=q.activity,
        location=q.location,
        status=status,
        conditions=conditions,
        legal_basis=cites,
        diet_approval=diet,
        diet_approval_detail=diet_detail,
        rationale=_rationale_text(items),
        rationale_items=items,
        supported=supported if status in ("permitted", "conditional") else "",
        explanation=explanation + _later_sentence(items, d),
        rules=[o.rule.id for o in shown],
        rule_citations={o.rule.id: _rule_citation(rs, o, d) for o in shown},
        laws=laws,
        location_tests=tests,
        notes=notes,
        confidence=conf,
        date_confidence=dconf,
        facts=dict(f),
        decided_by=decided,
        missing_facts=missing,
        alternatives=alts,
        checks=checks,
    )


def _ref_label(rs: Ruleset, file: str, ref: str, d: dt.date) -> str:
    meta, _, text, _ = _provision(rs, file, ref, d)
    return f"{meta.short} {text.ref()}"


def _rule_citation(rs: Ruleset, o: _Outcome, d: dt.date) -> str:
    """The provisions an outcome's rule rests on (its ``basis``), as a reader cites them: the
    law's short name once per law, then its articles ('SAA Art. 3(2); Annexed Table 1, item 1')."""
    parts: list[str] = []
    last = ""
    for b in o.rule.basis:
        meta, _, text, _ = _provision(rs, o.entry.file, b, d)
        ref = text.ref()
        parts.append(ref if meta.short == last else f"{meta.short} {ref}")
        last = meta.short
    return "; ".join(dict.fromkeys(parts))


def _rationale_items(rs: Ruleset, keys: list[str], d: dt.date) -> list[RationaleItem]:
    """The rationale items of ``keys`` for an answer on ``d``: an item dated after ``d`` is
    marked ``later`` (kept, as hindsight, but not presented as the law of ``d``)."""
    out = []
    for k in keys:
        r = rs.rationale[k]
        out.append(
            RationaleItem(
                k,
                r.title,
                r.kind,
                r.text,
                list(r.sources),
                r.confidence,
                date=r.date.isoformat() if r.date else "",
                later=r.date is not None and r.date > d,
            )
        )
    return out


def later_label(item: RationaleItem, answer_date: Any) -> str:
    """The mark the CLI and the web page put before a rationale item dated after the answer's
    date: 'Later (2008-04-17, after 2004-01-20)' ('' for an item that is not later). One function
    so the two cannot drift; each adds its own styling (the CLI a colon, the web page an emphasis).
    The rationale text and the explanation say it in words instead ('Later (17 April 2008): ',
    :func:`_rationale_text`). Review14 F4: hindsight is shown, never as the law of the date."""
    if not item.later:
        return ""
    return f"Later ({item.date}, after {to_date(answer_date).isoformat()})"


def later_note(text: str, when: dt.date, d: dt.date) -> str:
    """A rule's dated note (:class:`anpo.law.schema.DatedNote`) as an answer on ``d`` gives it:
    opened with 'Later (25 April 2017): ' when ``when`` is after ``d``, as the rationale text
    opens a later item (:func:`_rationale_text`).

    >>> later_note("x.", dt.date(2017, 4, 25), dt.date(2016, 6, 1))
    'Later (25 April 2017): x.'
    >>> later_note("x.", dt.date(2017, 4, 25), dt.date(2017, 4, 25))
    'x.'
    """
    return (f"Later ({_day_in_words(when.isoformat())}): " if when > d else "") + text


def _day_in_words(iso: str) -> str:
    """'2008-04-17' -> '17 April 2008'."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B} {day.year}"


def _rationale_text(items: list[RationaleItem]) -> str:
    """The rationale in words; an item dated after the answer's date opens with 'Later (17 April
    2008): '."""
    return " ".join(
        (f"Later ({_day_in_words(i.date)}): " if i.later else "") + f"{i.title}: {i.text}"
        for i in items
    )


def _later_sentence(items: list[RationaleItem], d: dt.date) -> str:
    """What the explanation says of rationale dated after ``d`` ('' when none is): that it is
    later, when, and that it is not part of the law on ``d``."""
    later = [i for i in items if i.later]
    if not later:
        return ""
    what = "; ".join(f"Later ({_day_in_words(i.date)}): {i.title}" for i in later)
    return (
        f" {what} (in the rationale: after {d.isoformat()}, so not part of the law on that date)."
    )


def contradictions(
    date: Any, *, rules: Ruleset | None = None
) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """Pairs of rules in force on ``date`` that give different statuses for the same situation,
    activity and location preset once exceptions have overridden the general rules they name.

    An empty list means the rule set is consistent on that date (tested as a property).
    ``rules``: the rule set (default the packaged one).
    """
    d = to_date(date)
    idx = rule_index(_rules(rules))
    out = []
    for s, a, loc in itertools.product(SITUATIONS, ACTIVITIES, LOCATIONS):
        f = expand(loc, None)
        outcomes = []
        for e in idx.in_force(d, s, a):
            version = e.act.version_on(d)
            if version is not None and (o := _evaluate(e, version, f)) is not None:
                outcomes.append(o)
        overridden = {x for o in outcomes if o.rule.kind == "exception" for x in o.rule.overrides}
        eff = [(o.rule.id, o.status) for o in outcomes if o.rule.id not in overridden]
        if len({st for _, st in eff}) > 1:
            out.append((s, a, loc, eff))
    return out


def _history(rs: Ruleset, situation: str) -> list[LawMeta]:
    return rule_index(rs).history[situation]


def successor_on(situation: str, date: Any, rules: Ruleset | None = None) -> tuple[str, str] | None:
    """The successor of ``situation`` that a law in force on ``date`` provides for, with how it
    succeeded (:data:`INTERIM_SUCCESSORS` first, then :data:`SUCCESSORS`); None when no
    successor is in force then (e.g. the ATSMA's situation between 2007-11-02 and 2008-01-15).
    An unknown situation, or a date before the first regime, raises :class:`anpo.errors.LawError`.

    Source: Act No. 1 of 2008 (Replenishment Support Special Measures Act, 2008-01-16 to
    2010-01-15; [replenishment2008]) and Act No. 76 of 2015 / Act No. 77 of 2015 (in force
    2016-03-29; [peace-security2015]), per the rule files' in-force dates.
    """
    d = to_date(date)
    rs = _rules(rules)
    # an unknown name has no successor because it is no situation: said, not None
    _check(d, situation, None, None, rs, required=("situation",))
    for table in (INTERIM_SUCCESSORS, SUCCESSORS):
        if situation in table:
            succ, how = table[situation]
            if any(m.in_force(d) for m in _history(rs, succ)):
                return succ, how
    return None


def _no_basis(rs: Ruleset, q: _Question) -> Answer:
    d, situation = q.d, q.situation
    hist = _history(rs, situation)
    providers = [m for m in hist if m.in_force(d)]
    if providers:
        names = "; ".join(m.label() for m in providers)
        why = (
            f"The law(s) in force for this situation ({names}) authorize no such activity, and "
            "the SDF may act only where a statute authorizes it."
        )
    else:
        spans = "; ".join(
            f"{m.title_en} from {m.in_force_from.isoformat()}"
            + (f" to {m.in_force_to.isoformat()}" if m.in_force_to else "")
            for m in hist
        )
        why = (
            f"No law in force on {d.isoformat()} provides for this situation"
            + (f" (it was or is provided for by: {spans})" if spans else "")
            + "."
        )
    explanation = f"{_head(q)}{TO_STATUS}NO LEGAL BASIS. " + why
    # a law that provided for the situation has expired (none is in force now)
    expired = not providers and any(m.in_force_to is not None and m.in_force_to < d for m in hist)
    notes: list[str] = []
    successor = successor_on(situation, d, rs) if expired else None
    if successor is not None:
        succ, how = successor
        notes.append(
            f"The situation '{situation}' is no longer a category of the law in force, so "
            f"this answer says nothing about the activity under current law: {how}. Ask the "
            f"question under the successor situation '{succ}'."
        )
    keys: list[str] = []
    if not providers:
        if expired and situation in (
            "anti-terrorism-2001",
            "iraq-2003",
            "replenishment-2008",
        ):
            keys += ["special-measures", "ipsa-general-law"]
        if any(m.in_force_from > d for m in hist) and situation in (
            "important-influence",
            "international-peace",
            "survival-threatening",
        ):
            keys.append("cabinet-2014")
        if situation == "surrounding-area":
            keys.append("guidelines-1997" if hist and d < hist[0].in_force_from else "cabinet-2014")
    items = _rationale_items(rs, [k for k in keys if k in rs.rationale], d)
    return Answer(
        date=d,
        situation=situation,
        activity=q.activity,
        location=q.location,
        status="no-legal-basis",
        conditions=[],
        legal_basis=[],
        diet_approval="not-applicable",
        diet_approval_detail=DIET_APPROVAL["not-applicable"],
        rationale=_rationale_text(items),
        rationale_items=items,
        supported="",
        explanation=explanation + _later_sentence(items, d),
        rules=[],
        laws=[m.label() for m in providers],
        location_tests=[],
        notes=notes,
        confidence="high",
        date_confidence="high",
        facts=dict(q.f),
    )


def _where(location: str, f: Mapping[str, Any]) -> str:
    shown = {k: v for k, v in f.items() if k != "alongside" or v != "none"}
    if location and all(f.get(k) == v for k, v in PRESETS[location].items()):
        rest = {k: v for k, v in shown.items() if k not in PRESETS[location]}
        extra = f"; facts: {facts_in_words(rest)}" if rest else ""
        return f"location: {describe('location', location)}{extra}"
    return "facts: " + (facts_in_words(shown) or "none given")


#: Between facts in words and the answer they lead to (a question's head and its status, an
#: alternative's facts and its status): the facts hold colons ('...: yes (consent=true)'), so a
#: dash, not another colon. The CLI's alternatives use it too.
TO_STATUS = " — "


def _head(q: _Question) -> str:
    return (
        f"On {q.d.isoformat()} — activity: {describe('activity', q.activity)}; situation: "
        f"{describe('situation', q.situation)}; {_where(q.location, q.f)}"
    )


def _explain(
    q: _Question,
    status: str,
    shown: list[_Outcome],
    conditions: list[str],
    diet: str,
    laws: list[str],
    missing: list[str],
    alts: list[dict[str, Any]],
    unmet: list[str] | None = None,
) -> str:
    head = f"{_head(q)}{TO_STATUS}{in_words(status)} under {'; '.join(laws)}."
    parts = [head]
    for o in shown:
        # every sentence ends with a full stop, also one ending with a fact's '(key=value)'
        reason = o.reason if o.reason.endswith(".") else o.reason + "."
        parts.append(f"[{o.rule.id}] {reason}")
    if missing:
        by = " | ".join(
            f"if {facts_in_words(a['facts'])}{TO_STATUS}{in_words(a['status'])}" for a in alts[:8]
        )
        parts.append(f"Missing facts: {'; '.join(map(fact_label, missing))} ({by}).")
    if unmet:
        parts.append("Not met: " + " | ".join(unmet) + ".")
    if conditions:
        parts.append("Conditions: " + " | ".join(conditions) + ".")
    if status in ("permitted", "conditional"):
        parts.append(f"Diet approval (国会承認): {DIET_APPROVAL[diet]}.")
    return " ".join(parts)


# ----------------------------------------------------------------------------- listings


def activities(
    date: Any,
    situation: str,
    location: str | None = None,
    *,
    include_all: bool = False,
    rules: Ruleset | None = None,
) -> list[Answer]:
    """The activities possible (permitted or conditional) in ``situation`` on ``date``.

    With ``location`` None every location preset is tried and each possible (activity, location)
    pair is returned; ``include_all=True`` returns every answer whatever its status.

    Source: the rule files via :func:`ask`.
    """
    d = to_date(date)
    rs = _rules(rules)
    _check(d, situation, None, location, rs, required=("situation",))
    idx = rule_index(rs)
    locs = [location] if location is not None else list(LOCATIONS)
    out = []
    for a in ACTIVITIES:
        for loc in locs:
            ans = _answer(rs, idx, _Question(d, situation, a, loc, expand(loc, None)))
            if include_all or ans.status in ("permitted", "conditional"):
                out.append(ans)
    return out


def situations(date: Any, *, rules: Ruleset | None = None) -> list[str]:
    """The situations some law in force on ``date`` provides for (``peacetime`` always).

    Source: the ``situations`` of each law version and its in-force dates.
    """
    d = to_date(date)
    rs = _rules(rules)
    _check(d, None, None, None, rs)
    return _provided(rs, d)


def regimes(*, rules: Ruleset | None = None) -> list[LawMeta]:
    """Every regime (law versions and political documents) in order of entry into force."""
    return _rules(rules).regimes()


def provisions(
    date: Any, law: str | None = None, *, rules: Ruleset | None = None
) -> list[ProvisionInForce]:
    """The law versions in force on ``date`` as the provisions in force then, with their wording
    (``law``: one version key, e.g. ``saa-1999``; default every law).

    Source: the dated provisions of the rule files.
    """
    d = to_date(date)
    rs = _rules(rules)
    _check(d, None, None, None, rs)
    if law is not None and (not isinstance(law, str) or law not in rs.laws):
        hint = did_you_mean(close_names(law, rs.laws))
        raise LawError(f"unknown law {law!r}{hint}; valid laws: {', '.join(rs.laws)}", field="law")
    if law is not None and not rs.laws[law].law.in_force(d):
        meta = rs.laws[law].law
        until = f" to {meta.in_force_to}" if meta.in_force_to else ""
        raise LawError(
            f"law {law!r} is not in force on {d} (in force from {meta.in_force_from}{until})",
            field="law",
        )
    out = []
    for lf in rs.acts.values():
        version = lf.version_on(d)
        if version is None or (law is not None and version.law.key != law):
            continue
        for key, text in lf.provisions_on(d).items():
            prov = lf.provisions[key]
            out.append(
                ProvisionInForce(
                    law_key=version.law.key,
                    law=version.law.label(),
                    provision_key=key,
                    ref=text.ref(),
                    quote=text.quote,
                    label=prov.label_of(text),
                    clause=prov.clause,
                    verified=text.verified_on(d),
                    valid_from=(text.valid_from or version.law.in_force_from).isoformat(),
                    valid_to=text.valid_to.isoformat() if text.valid_to else "",
                )
            )
    return out


def _check_order(da: dt.date, db: dt.date) -> None:
    """Refuse a first date later than the second (a :class:`LawError` on ``date_a`` naming
    both): a diff reads from the earlier date to the later. Run backwards it answered the
    reversed question without saying so, and a successor was never followed (2016-03-29 ->
    2016-03-28 gave "surrounding area: no legal basis -> prohibited" where the forward diff
    gives "surrounding area -> important influence: prohibited -> conditional"). Equal dates
    are a diff with no change.

    >>> _check_order(dt.date(2016, 3, 29), dt.date(2016, 3, 28))
    Traceback (most recent call last):
    ...
    anpo.errors.LawError: date_a: 2016-03-29 is later than the second date, 2016-03-28: a diff runs from the earlier date to the later (give 2016-03-28 first)
    """
    if da > db:
        raise LawError(
            f"{da.isoformat()} is later than the second date, {db.isoformat()}: a diff runs "
            f"from the earlier date to the later (give {db.isoformat()} first)",
            field="date_a",
        )


def provision_changes(
    date_a: Any, date_b: Any, *, rules: Ruleset | None = None
) -> list[ProvisionChange]:
    """The provisions whose wording in force differs between ``date_a`` and ``date_b``, computed
    from the validity intervals of the dated provisions: added, repealed, amended or renumbered.
    ``date_a`` later than ``date_b`` is a :class:`LawError` (:func:`_check_order`).

    Source: the dated provisions of the rule files.
    """
    da, db = to_date(date_a, "date_a"), to_date(date_b, "date_b")
    rs = _rules(rules)
    _check(da, None, None, None, rs, date_field="date_a")
    _check(db, None, None, None, rs, date_field="date_b")
    _check_order(da, db)
    out = []
    for name, lf in sorted(rs.acts.items()):
        va, vb = lf.version_on(da), lf.version_on(db)
        pa, pb = lf.provisions_on(da), lf.provisions_on(db)
        for key in sorted(pa.keys() | pb.keys()):
            ta, tb = pa.get(key), pb.get(key)
            if ta is tb:
                continue
            shown = tb or ta
            assert shown is not None  # not both None: ta is tb above
            if ta is None or tb is None:
                kind = "added" if ta is None else "repealed"
            elif ta.quote != tb.quote:
                kind = "amended"
            elif ta.ref() != tb.ref():
                kind = "renumbered"
            else:
                continue
            out.append(
                ProvisionChange(
                    act=name.removesuffix(".toml"),
                    provision_key=key,
                    kind=kind,
                    law_before=va.law.label() if va and ta else "",
                    law_after=vb.law.label() if vb and tb else "",
                    ref_before=ta.ref() if ta else "",
                    ref_after=tb.ref() if tb else "",
                    quote_before=ta.quote if ta else "",
                    quote_after=tb.quote if tb else "",
                    # the gloss of the wording on the later date (the earlier if repealed)
                    label=lf.provisions[key].label_of(shown),
                )
            )
    return out


def _signature(idx: RuleIndex, d: dt.date, situation: str, activity: str) -> tuple[Any, ...]:
    """Everything the answers for (situation, activity) on ``d`` depend on: the rules in force,
    the law versions they are read in (defaults), the wording of every provision they can cite,
    and the laws in force for the situation. Equal signatures on two dates mean equal answers
    (but for the date itself)."""
    rs = idx.rs
    parts: list[Any] = []
    for e in idx.in_force(d, situation, activity):
        version = e.act.version_on(d)
        assert version is not None
        refs = list(e.refs)
        if e.rule.kind == "general":
            refs += list(version.defaults.diet_basis)
            refs += [r for c in version.defaults.conditions_for(e.rule) for r in c.basis]
        texts = []
        for ref in refs:
            fname, key = rs.resolve(e.file, ref)
            act = rs.acts[fname]
            texts.append((fname, key, id(act.provisions[key].text_on(d)), id(act.version_on(d))))
        parts.append((e.rule.id, version.law.key, tuple(texts)))
    providers = tuple(m.key for m in idx.history[situation] if m.in_force(d))
    after = tuple(m.key for m in idx.history[situation] if m.in_force_from > d)
    return (tuple(parts), providers, after)


def _names(given: str | Sequence[str] | None, kind: str = "situation") -> list[str] | None:
    """``given`` as a list of names of ``kind``: one name as a string is a list of one; a value
    that is no name or list of names is a :class:`LawError` naming ``kind`` (an int was a
    TypeError, a None among the names a KeyError).

    >>> _names("surrounding-area"), _names(["a", "b"]), _names(None)
    (['surrounding-area'], ['a', 'b'], None)
    """
    if given is None:
        return None
    if isinstance(given, str):
        return [given]
    if not isinstance(given, Iterable):
        raise LawError(f"{kind} must be a name or a list of names, got {given!r}", field=kind)
    names = list(given)
    for name in names:
        if not isinstance(name, str):
            raise LawError(f"{kind} must be a name, got {name!r}", field=kind)
    return names


def diff(
    date_a: Any,
    date_b: Any,
    *,
    situations: str | Sequence[str] | None = None,
    activities: str | Sequence[str] | None = None,
    locations: str | Sequence[str] | None = None,
    follow_successors: bool = True,
    rules: Ruleset | None = None,
) -> list[AnswerChange]:
    """The answers that changed between ``date_a`` and ``date_b`` (status, Diet approval, or the
    legal basis: the rules applied or the wording of a cited provision), each with both answers
    and their citations, for the location presets.

    Computed from the intervals: a (situation, activity) is re-evaluated only when the rules in
    force, their law versions, the wording of a provision they cite or the laws providing for the
    situation differ between the two dates (:func:`_signature`).

    ``follow_successors`` (the default, as ``anpo law diff`` and ``POST /api/law/diff``) compares
    a situation on ``date_a`` with its successor in force on ``date_b`` when a law provided for it
    on ``date_a`` and none does on ``date_b`` (e.g. ``surrounding-area`` ->
    ``important-influence`` across 2016-03-29, ``anti-terrorism-2001`` -> ``replenishment-2008``
    from 2008-01-16 to 2010-01-15, see :func:`successor_on`), as
    :func:`anpo.law.scenario.answer_contributions` assesses a contribution: the 2016 change a
    reader asks about is what the amended act permits (ammunition: prohibited -> conditional),
    not that the old act's name lapsed (prohibited -> no legal basis, what
    ``follow_successors=False`` gives); a situation repealed before both dates is not compared
    with its successor (between 2018 and 2022 nothing changed). ``situations``, ``activities``, ``locations``: None for all; one
    name as a string is a list of it (a string was read letter by letter: "unknown situation
    'a'"); a name given twice is compared once. ``date_a`` later than ``date_b`` is a
    :class:`LawError` naming both (:func:`_check_order`): the diff runs forward in time.

    Source: the rule files (statutes cited per rule); successors per Act No. 76 of 2015 and
    Defense of Japan 2016, Part II Ch. 3 Sec. 2.
    """
    da, db = to_date(date_a, "date_a"), to_date(date_b, "date_b")
    rs = _rules(rules)
    _check(da, None, None, None, rs, date_field="date_a")
    _check(db, None, None, None, rs, date_field="date_b")
    _check_order(da, db)
    # dict.fromkeys: each name once, in the order given
    sits = list(dict.fromkeys(_names(situations, "situation") or SITUATIONS))
    acts = list(dict.fromkeys(_names(activities, "activity") or ACTIVITIES))
    locs = list(dict.fromkeys(_names(locations, "location") or LOCATIONS))
    for s in sits:
        _check(da, s, None, None, rs)
    for a in acts:
        _check(da, None, a, None, rs)
    for loc in locs:
        _check(da, None, None, loc, rs)
    idx = rule_index(rs)
    provided_a = set(_provided(rs, da))
    provided_b = set(_provided(rs, db))
    out: list[AnswerChange] = []
    for s, a in itertools.product(sits, acts):
        sb = s
        if follow_successors and s in provided_a and s not in provided_b:
            successor = successor_on(s, db, rs)
            sb = successor[0] if successor is not None else s
        if sb == s and _signature(idx, da, s, a) == _signature(idx, db, sb, a):
            continue
        for loc in locs:
            f = expand(loc, None)
            before = _answer(rs, idx, _Question(da, s, a, loc, f))
            after = _answer(rs, idx, _Question(db, sb, a, loc, f))
            changed = changed_fields(before, after)
            if changed:
                out.append(AnswerChange(s, a, loc, sb, before, after, changed))
    return out


def changed_fields(before: Answer, after: Answer) -> list[str]:
    """What differs between two answers to one question (an :class:`AnswerChange`'s ``changed``):
    ``"status"``, ``"diet_approval"`` and ``"legal_basis"`` (the rules applied, or the law, article
    or quotation cited), in that order; empty when the answers agree on all three."""
    changed = []
    if before.status != after.status:
        changed.append("status")
    if before.diet_approval != after.diet_approval:
        changed.append("diet_approval")
    if before.rules != after.rules or [(c.law_key, c.ref, c.quote) for c in before.legal_basis] != [
        (c.law_key, c.ref, c.quote) for c in after.legal_basis
    ]:
        changed.append("legal_basis")
    return changed


def _provided(rs: Ruleset, d: dt.date) -> list[str]:
    """The situations some law in force on ``d`` provides for (``peacetime`` always)."""
    out = ["peacetime"]
    for s in SITUATIONS:
        if s != "peacetime" and any(m.in_force(d) for m in _history(rs, s)):
            out.append(s)
    return out

"""Rules-as-code engine: what the SDF may do for U.S. (and other) forces, by date, situation,
activity and location, with the statute cited and quoted.

Model (issue 5; reference ``japan-law.md``): the SDF may act only where a statute authorizes it.
For a date, situation, activity and location the engine

1. collects the rules of every law in force on that date that speak to the situation and activity;
2. evaluates each **general** rule's location test (rear area / non-combat area / not the scene of
   actual combat, plus territory type and consent; :mod:`anpo.law.location`) and any
   location-specific effect;
3. lets each applicable **exception** (e.g. Annexed Table 1, note 1) override the general rule it
   names; **no-basis** rules state where a provision's scope stops;
4. answers ``permitted`` / ``conditional`` (with every condition and the Diet-approval pattern) /
   ``prohibited`` (a provision in force excludes it) / ``no-legal-basis`` (no provision in force
   authorizes it, e.g. ``important-influence`` before 2016-03-29).

Legal basis (statute, quoted) and rationale (government interpretation, court rulings) are kept in
separate fields. Coverage starts with the first regime of the reference timeline, the 1997
Guidelines (1997-09-23; political, never a legal basis); earlier dates raise
:class:`anpo.errors.LawError` listing the valid dates and the regimes' start dates. From 1997-09-23
until a law provides for a situation the answer is ``no-legal-basis`` (e.g. ``surrounding-area``
before the Surrounding Areas Act of 1999-08-25). Standing law older than the timeline (the SDF Act
of 1954) is applied within the covered period only (see :func:`coverage_start`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import asdict, dataclass, field
from typing import Any

from anpo.errors import LawError
from anpo.law.loader import Ruleset, ruleset
from anpo.law.location import PLACES, TESTS, TestResult
from anpo.law.model import CONFIDENCE_ORDER, LawFile, LawMeta, Rule
from anpo.law.vocab import ACTIVITIES, DIET_APPROVAL, LOCATIONS, SITUATIONS, describe, unknown

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

_STATUS_RANK = {"prohibited": 3, "conditional": 2, "permitted": 1, "no-legal-basis": 0}


@dataclass(frozen=True)
class Citation:
    """A cited provision: law (English, with short name and number), article, the Japanese quote.

    ``role`` says what the provision does in this answer: ``authorizes`` (the general rule),
    ``excludes`` (the exception or location limit that bars it), ``condition``, ``location``,
    ``diet-approval`` or ``scope`` (where a provision's reach stops).
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

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def __str__(self) -> str:
        return f"{self.law} {self.ref}: 「{self.quote}」"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RationaleItem:
    """One rationale (not a legal basis): government interpretation, court ruling, ..."""

    key: str
    title: str
    kind: str
    text: str
    sources: list[str]
    confidence: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """The answer to ``ask``: status, conditions, citations, Diet approval and rationale.

    ``rationale`` is the rationale text (English with Japanese terms); ``rationale_items`` keeps
    each item with its sources. ``explanation`` is a plain-English account of the answer.
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

    def key(self) -> tuple[str, str, str]:
        return (self.situation, self.activity, self.location)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat()
        return d


@dataclass(frozen=True)
class Change:
    """One answer that differs between two dates (``diff``)."""

    situation: str
    activity: str
    location: str
    situation_after: str
    before: Answer
    after: Answer
    changed: list[str] = field(default_factory=list)

    @property
    def status_before(self) -> str:
        return self.before.status

    @property
    def status_after(self) -> str:
        return self.after.status

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


# ----------------------------------------------------------------------------- validation


def to_date(value: Any) -> dt.date:
    """A ``datetime.date`` from a date, datetime or ISO string; LawError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise LawError(
        f"date must be a datetime.date or an ISO date string (YYYY-MM-DD), got {value!r}",
        field="date",
    )


def coverage_start(rs: Ruleset | None = None) -> LawMeta:
    """The first regime covered: the earliest regime of the rule files that is not standing law.

    The regimes are the laws and political documents of the reference timeline (japan-law.md),
    the first being the 1997 Guidelines (1997-09-23). They count as a regime although they are not
    law: they opened the period the engine models, and between 1997-09-23 and the Surrounding Areas
    Act (1999-08-25) a 'surrounding-area' question has a legal answer, ``no-legal-basis`` (no law
    yet), not an error. Standing law older than the timeline (the SDF Act of 1954, ``standing =
    true`` in its rule file) is applied from this date on but does not move it. Earlier dates raise
    :class:`anpo.errors.LawError`.
    """
    rs = rs or ruleset()
    return next(m for m in rs.regimes() if not m.standing)


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
    d: dt.date, situation: str | None, activity: str | None, location: str | None, rs: Ruleset
) -> None:
    first = coverage_start(rs)
    if d < first.in_force_from:
        raise LawError(
            f"date {d.isoformat()} is before the first regime covered ({first.title_en}, "
            f"{first.in_force_from.isoformat()}); valid dates: {first.in_force_from.isoformat()} "
            f"or later (regimes from: {_regime_starts(rs)})",
            field="date",
        )
    for kind, name in (("situation", situation), ("activity", activity), ("location", location)):
        if name is not None and (msg := unknown(kind, name)):
            raise LawError(msg, field=kind)


# ----------------------------------------------------------------------------- index


class _Index:
    """Rules indexed by (situation, activity), with their in-force windows."""

    def __init__(self, rs: Ruleset) -> None:
        self.rs = rs
        self.citations: dict[tuple[str, str, str], Citation] = {}
        self.history: dict[str, list[LawMeta]] = {
            s: [m for m in rs.regimes() if s in m.situations and m.binding] for s in SITUATIONS
        }
        self.by_key: dict[tuple[str, str], list[tuple[LawFile, Rule]]] = {}
        for lf, rule in rs.rules():
            for s in rule.situations or lf.law.situations:
                for a in rule.activities:
                    self.by_key.setdefault((s, a), []).append((lf, rule))

    def in_force(self, d: dt.date, situation: str, activity: str) -> list[tuple[LawFile, Rule]]:
        return [
            (lf, r)
            for lf, r in self.by_key.get((situation, activity), [])
            if rule_in_force(lf, r, d)
        ]


def rule_in_force(lf: LawFile, rule: Rule, d: dt.date) -> bool:
    """The rule's law is in force on ``d`` and ``d`` lies in the rule's own window, if any."""
    if not lf.law.in_force(d):
        return False
    if rule.valid_from is not None and d < rule.valid_from:
        return False
    return not (rule.valid_to is not None and d > rule.valid_to)


_INDEX: _Index | None = None


def _index() -> _Index:
    global _INDEX
    rs = ruleset()
    if _INDEX is None or _INDEX.rs is not rs:
        _INDEX = _Index(rs)
    return _INDEX


# ----------------------------------------------------------------------------- evaluation


@dataclass
class _Outcome:
    law: LawFile
    rule: Rule
    status: str
    citations: list[tuple[str, str, str]]  # (law key, provision ref, role)
    conditions: list[str]
    reason: str
    tests: list[TestResult]
    confidence: str
    notes: list[str]


def _evaluate(lf: LawFile, rule: Rule, place_name: str) -> _Outcome | None:
    if rule.places is not None and place_name not in rule.places:
        return None
    key = lf.law.key
    place = PLACES[place_name]
    if rule.kind in ("exception", "prohibition", "no-basis"):
        status, role = (
            ("no-legal-basis", "scope") if rule.kind == "no-basis" else ("prohibited", "excludes")
        )
        return _Outcome(
            lf,
            rule,
            status,
            [(key, b, role) for b in rule.basis],
            [],
            rule.summary,
            [],
            rule.confidence,
            list(rule.notes),
        )
    spec = rule.location
    authorizing = [(key, b, "authorizes") for b in rule.basis]
    pe = spec.place_effects.get(place_name)
    if pe is not None:
        conf = pe.confidence or rule.confidence
        return _Outcome(
            lf,
            rule,
            pe.effect,
            authorizing
            + [(key, b, "excludes" if pe.effect == "prohibited" else "scope") for b in pe.basis],
            [],
            pe.reason,
            [],
            conf,
            list(rule.notes),
        )
    test = TESTS[spec.test](place)
    tests = [test]
    territory_ok = place.territory in spec.territories and not (
        spec.near_japan_only and place.territory == "high-seas" and not place.near_japan
    )
    allowed = spec.allow_places.get(place_name)
    if allowed is not None:
        territory_ok = True
        test = TestResult(test.test, True, f"{test.reason}; but: {allowed.text}")
        tests = [test]
    if not test.passed or not territory_ok:
        if test.passed:
            reason = spec.reason or (
                f"the statute confines this activity to {', '.join(spec.territories)}"
            )
        else:
            reason = test.reason
        cites = authorizing + [(key, b, "excludes") for b in spec.basis]
        return _Outcome(
            lf, rule, "prohibited", cites, [], reason, tests, rule.confidence, list(rule.notes)
        )
    conditions: list[str] = []
    cites = list(authorizing)
    if rule.default_conditions:
        for c in lf.defaults.conditions:
            conditions.append(c.text)
            cites += [(key, b, "condition") for b in c.basis]
    for c in rule.conditions:
        conditions.append(c.text)
        cites += [(key, b, "condition") for b in c.basis]
    if spec.test != "none":
        conditions.insert(0, f"location test {spec.test}: {test.reason}")
        cites += [(key, b, "location") for b in spec.basis]
    extra = spec.place_conditions.get(place_name)
    if extra:
        conditions.append(extra)
    if allowed is not None:
        cites += [(key, b, "location") for b in allowed.basis]
    return _Outcome(
        lf,
        rule,
        rule.effect,
        cites,
        conditions,
        rule.summary,
        tests,
        rule.confidence,
        list(rule.notes),
    )


def _citation(rs: Ruleset, law_key: str, ref: str, role: str) -> Citation:
    idx = _index()
    key = (law_key, ref, role)
    cached = idx.citations.get(key)
    if cached is None:
        cached = idx.citations[key] = _make_citation(rs, law_key, ref, role)
    return cached


def _make_citation(rs: Ruleset, law_key: str, ref: str, role: str) -> Citation:
    meta, prov = rs.provision(law_key, ref)
    pkey = ref.split(":", 1)[1] if ":" in ref else ref
    return Citation(
        law=meta.label(),
        law_ja=meta.title_ja,
        law_number=meta.number,
        egov_id=meta.egov_id,
        article=prov.article
        if prov.article.lower().startswith(("annex", "supplementary"))
        else f"Art. {prov.article}",
        paragraph=prov.paragraph,
        item=prov.item,
        annex_note=prov.annex_note,
        ref=prov.ref(),
        quote=prov.quote,
        label=prov.label,
        role=role,
        verified=prov.verified,
        text_version=meta.text_version,
        law_key=meta.key,
        provision_key=pkey,
    )


def _min_conf(values: list[str]) -> str:
    return min(values, key=lambda c: CONFIDENCE_ORDER[c]) if values else "high"


def ask(date: Any, situation: str, activity: str, location: str = "japan") -> Answer:
    """May the SDF do ``activity`` in ``situation`` at ``location`` on ``date``?

    Returns an :class:`Answer` whose ``status`` is ``permitted``, ``conditional``, ``prohibited``
    or ``no-legal-basis``, with every condition, the legal basis (law, article, Japanese quote),
    the Diet-approval pattern and, separately, the rationale. Unknown names or a date before the
    first regime (1997-09-23) raise :class:`anpo.errors.LawError` listing the valid values.

    Source: the statutes in ``anpo/law/rules`` (each rule cites its article); reference table
    ``japan-law.md`` (decision facts).
    """
    d = to_date(date)
    rs = ruleset()
    _check(d, situation, activity, location, rs)
    return _answer(rs, _index(), d, situation, activity, location)


def _answer(
    rs: Ruleset, idx: _Index, d: dt.date, situation: str, activity: str, location: str
) -> Answer:
    candidates = idx.in_force(d, situation, activity)
    outcomes = [o for lf, r in candidates if (o := _evaluate(lf, r, location)) is not None]
    if not outcomes:
        return _no_basis(rs, d, situation, activity, location)
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
                    (k, r, role) for k, r, role in o.citations if role in ("authorizes", "excludes")
                ]
                o.conditions = []
                shown.insert(0, o)
    status = max((o.status for o in effective), key=lambda s: _STATUS_RANK[s])
    deciding = [o for o in effective if o.status == status]

    raw = [
        c
        for o in shown
        for c in o.citations
        if not (status in ("prohibited", "no-legal-basis") and c[2] == "condition")
    ]
    if status == "prohibited":  # the excluding provisions first, then the general rule
        raw.sort(key=lambda c: 0 if c[2] == "excludes" else 1)
    cites: list[Citation] = []
    seen: set[tuple[str, str]] = set()
    for law_key, ref, role in raw:
        k = (law_key, ref) if ":" not in ref else tuple(ref.split(":", 1))
        if k not in seen:
            seen.add(k)
            cites.append(_citation(rs, law_key, ref, role))

    conditions: list[str] = []
    if status in ("conditional", "permitted"):
        for o in deciding:
            for c in o.conditions:
                if c not in conditions:
                    conditions.append(c)

    main = deciding[0]
    if status in ("conditional", "permitted"):
        diet = main.rule.diet_approval or main.law.defaults.diet_approval
        diet_refs = (
            main.rule.diet_basis
            if main.rule.diet_basis is not None
            else main.law.defaults.diet_basis
        )
        diet_detail = (
            main.rule.diet_detail
            if main.rule.diet_detail is not None
            else main.law.defaults.diet_detail
        )
        for ref in diet_refs:
            k = (main.law.law.key, ref) if ":" not in ref else tuple(ref.split(":", 1))
            if k not in seen:
                seen.add(k)
                cites.append(_citation(rs, main.law.law.key, ref, "diet-approval"))
        diet_detail = DIET_APPROVAL[diet] + (f"; {diet_detail}" if diet_detail else "")
    else:
        diet, diet_detail = "not-applicable", DIET_APPROVAL["not-applicable"]

    rkeys: list[str] = []
    for o in shown:
        keys = list(o.rule.rationale)
        if o.rule.kind == "general":
            keys = list(o.law.defaults.rationale) + keys
        for k in keys:
            if k not in rkeys:
                rkeys.append(k)
    items = _rationale_items(rs, rkeys)

    notes: list[str] = []
    for o in shown:
        notes += [n for n in o.notes if n not in notes]
        if o.rule.confidence_note and o.rule.confidence_note not in notes:
            notes.append(o.rule.confidence_note)
    if any(not c.verified for c in cites):
        notes.append(
            "Some quoted wording is not among the shared primary texts (verified=False); "
            "check it against e-Gov before relying on the exact words."
        )
    laws = []
    for o in shown:
        if o.law.law.label() not in laws:
            laws.append(o.law.law.label())
    supported = main.rule.supported or main.law.law.supported
    tests = [t for o in shown for t in o.tests]
    conf = _min_conf([o.confidence for o in shown])
    dconf = _min_conf([o.law.law.date_confidence for o in shown])
    explanation = _explain(
        d, situation, activity, location, status, deciding, shown, conditions, diet, laws
    )
    return Answer(
        date=d,
        situation=situation,
        activity=activity,
        location=location,
        status=status,
        conditions=conditions,
        legal_basis=cites,
        diet_approval=diet,
        diet_approval_detail=diet_detail,
        rationale=_rationale_text(items),
        rationale_items=items,
        supported=supported if status in ("permitted", "conditional") else "",
        explanation=explanation,
        rules=[o.rule.id for o in shown],
        laws=laws,
        location_tests=tests,
        notes=notes,
        confidence=conf,
        date_confidence=dconf,
    )


def _rationale_items(rs: Ruleset, keys: list[str]) -> list[RationaleItem]:
    out = []
    for k in keys:
        r = rs.rationale[k]
        out.append(RationaleItem(k, r.title, r.kind, r.text, list(r.sources), r.confidence))
    return out


def _rationale_text(items: list[RationaleItem]) -> str:
    return " ".join(f"{i.title}: {i.text}" for i in items)


def contradictions(date: Any) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """Pairs of rules in force on ``date`` that give different statuses for the same situation,
    activity and location once exceptions have overridden the general rules they name.

    An empty list means the rule set is consistent on that date (tested as a property).
    """
    d = to_date(date)
    idx = _index()
    out = []
    for s, a, loc in itertools.product(SITUATIONS, ACTIVITIES, LOCATIONS):
        outcomes = [
            o for lf, r in idx.in_force(d, s, a) if (o := _evaluate(lf, r, loc)) is not None
        ]
        overridden = {x for o in outcomes if o.rule.kind == "exception" for x in o.rule.overrides}
        eff = [(o.rule.id, o.status) for o in outcomes if o.rule.id not in overridden]
        if len({st for _, st in eff}) > 1:
            out.append((s, a, loc, eff))
    return out


def _history(rs: Ruleset, situation: str) -> list[LawMeta]:
    idx = _index()
    if idx.rs is rs:
        return idx.history[situation]
    return [m for m in rs.regimes() if situation in m.situations and m.binding]


def _no_basis(rs: Ruleset, d: dt.date, situation: str, activity: str, location: str) -> Answer:
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
    explanation = f"{_head(d, situation, activity, location)}: NO LEGAL BASIS. " + why
    keys: list[str] = []
    if not providers:
        if any(m.in_force_to is not None and m.in_force_to < d for m in hist) and situation in (
            "anti-terrorism-2001",
            "iraq-2003",
            "replenishment-2008",
        ):
            keys.append("special-measures")
        if any(m.in_force_from > d for m in hist) and situation in (
            "important-influence",
            "international-peace",
            "survival-threatening",
        ):
            keys.append("cabinet-2014")
        if situation == "surrounding-area":
            keys.append("guidelines-1997" if hist and d < hist[0].in_force_from else "cabinet-2014")
    items = _rationale_items(rs, [k for k in keys if k in rs.rationale])
    return Answer(
        date=d,
        situation=situation,
        activity=activity,
        location=location,
        status="no-legal-basis",
        conditions=[],
        legal_basis=[],
        diet_approval="not-applicable",
        diet_approval_detail=DIET_APPROVAL["not-applicable"],
        rationale=_rationale_text(items),
        rationale_items=items,
        supported="",
        explanation=explanation,
        rules=[],
        laws=[m.label() for m in providers],
        location_tests=[],
        notes=[],
        confidence="high",
        date_confidence="high",
    )


def _head(d: dt.date, situation: str, activity: str, location: str) -> str:
    return (
        f"On {d.isoformat()} — activity: {describe('activity', activity)}; situation: "
        f"{describe('situation', situation)}; location: {describe('location', location)}"
    )


def _explain(
    d: dt.date,
    situation: str,
    activity: str,
    location: str,
    status: str,
    deciding: list[_Outcome],
    shown: list[_Outcome],
    conditions: list[str],
    diet: str,
    laws: list[str],
) -> str:
    head = f"{_head(d, situation, activity, location)}: {status.upper()} under {'; '.join(laws)}."
    parts = [head]
    for o in shown:
        parts.append(f"[{o.rule.id}] {o.reason}")
    if conditions:
        parts.append("Conditions: " + " | ".join(conditions) + ".")
    if status in ("permitted", "conditional"):
        parts.append(f"Diet approval (国会承認): {DIET_APPROVAL[diet]}.")
    return " ".join(parts)


# ----------------------------------------------------------------------------- listings


def activities(
    date: Any, situation: str, location: str | None = None, *, include_all: bool = False
) -> list[Answer]:
    """The activities possible (permitted or conditional) in ``situation`` on ``date``.

    With ``location`` None every location is tried and each possible (activity, location) pair is
    returned; ``include_all=True`` returns every answer whatever its status.

    Source: the rule files via :func:`ask`.
    """
    d = to_date(date)
    rs = ruleset()
    _check(d, situation, None, location, rs)
    idx = _index()
    locs = [location] if location is not None else list(LOCATIONS)
    out = []
    for a in ACTIVITIES:
        for loc in locs:
            ans = _answer(rs, idx, d, situation, a, loc)
            if include_all or ans.status in ("permitted", "conditional"):
                out.append(ans)
    return out


def situations(date: Any) -> list[str]:
    """The situations some law in force on ``date`` provides for (``peacetime`` always).

    Source: the ``situations`` of each law's rule file and its in-force dates.
    """
    d = to_date(date)
    rs = ruleset()
    _check(d, None, None, None, rs)
    return _provided(rs, d)


def regimes() -> list[LawMeta]:
    """Every regime (statutes and political documents) in order of entry into force."""
    return ruleset().regimes()


def diff(
    date_a: Any,
    date_b: Any,
    *,
    situations: list[str] | None = None,
    activities: list[str] | None = None,
    locations: list[str] | None = None,
    follow_successors: bool = False,
) -> list[Change]:
    """The answers that changed between ``date_a`` and ``date_b`` (status, Diet approval, or the
    rules applied), each with both answers and their citations.

    ``follow_successors=True`` compares a situation on ``date_a`` with its successor on ``date_b``
    when the former is no longer provided for (e.g. ``surrounding-area`` -> ``important-influence``
    across 2016-03-29, see :data:`SUCCESSORS`).

    Source: the rule files (statutes cited per rule); successors per Act No. 76 of 2015 and
    Defense of Japan 2016, Part II Ch. 3 Sec. 2.
    """
    da, db = to_date(date_a), to_date(date_b)
    rs = ruleset()
    _check(da, None, None, None, rs)
    _check(db, None, None, None, rs)
    sits = situations or list(SITUATIONS)
    acts = activities or list(ACTIVITIES)
    locs = locations or list(LOCATIONS)
    for s in sits:
        _check(da, s, None, None, rs)
    for a in acts:
        _check(da, None, a, None, rs)
    for loc in locs:
        _check(da, None, None, loc, rs)
    idx = _index()
    provided_b = set(_provided(rs, db))
    out: list[Change] = []
    for s, a, loc in itertools.product(sits, acts, locs):
        sb = s
        if follow_successors and s not in provided_b and s in SUCCESSORS:
            sb = SUCCESSORS[s][0]
        before = _answer(rs, idx, da, s, a, loc)
        after = _answer(rs, idx, db, sb, a, loc)
        changed = []
        if before.status != after.status:
            changed.append("status")
        if before.diet_approval != after.diet_approval:
            changed.append("diet_approval")
        if before.rules != after.rules:
            changed.append("legal_basis")
        if changed:
            out.append(Change(s, a, loc, sb, before, after, changed))
    return out


def _provided(rs: Ruleset, d: dt.date) -> list[str]:
    """The situations some law in force on ``d`` provides for (``peacetime`` always)."""
    out = ["peacetime"]
    for s in SITUATIONS:
        if s != "peacetime" and any(m.in_force(d) for m in _history(rs, s)):
            out.append(s)
    return out

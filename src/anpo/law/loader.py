"""Load and cross-check the rule files shipped as package data (``anpo/law/rules/*.toml``).

One file per Act (:class:`anpo.law.schema.LawFile`): its versions, dated provisions and dated rules.
The cross-check makes sure that every provision a rule cites has a wording in force on every day
the rule is (so an answer never cites a provision that was not law on its date), that version keys
are unique across files, and that rationale keys exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from pydantic import RootModel

from anpo._io.inputs import TomlInput, parse_toml
from anpo.errors import DataError
from anpo.law.schema import LawFile, LawMeta, LawVersion, Provision, ProvisionText, Rationale, Rule

RATIONALE_FILE = "_rationale.toml"
#: A rule file's table of texts its location cases share (``KEY = "text"``); a case gives
#: ``shared_text = "KEY"`` in place of ``text`` (:func:`_with_shared_texts`).
SHARED_TEXTS = "shared_texts"


class _RationaleFile(RootModel[dict[str, Rationale]]):
    """The rationale file: one table per rationale key."""


_FAR = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class Ruleset:
    """All Acts, provisions, rules and rationales, cross-checked.

    ``acts`` maps a file name to its Act; ``laws`` maps each *version* key (``saa-1999``,
    ``iisa-2016``, ...) to that version (``.law`` its metadata, ``.defaults`` its defaults).
    """

    acts: dict[str, LawFile]
    rationale: dict[str, Rationale]
    laws: dict[str, LawVersion] = field(default_factory=dict)
    act_of_version: dict[str, str] = field(default_factory=dict)  # version key -> file name
    #: what the engine derives from this rule set (its index), built once per rule set
    engine_cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def act(self, law_key: str) -> LawFile:
        """The Act (file) a version key belongs to."""
        return self.acts[self.act_of_version[law_key]]

    def resolve(self, file: str, ref: str) -> tuple[str, str]:
        """``(file name, provision key)`` of ``ref`` cited from ``file`` (``"art3-2"``, or
        ``"other-version-key:art5-1"`` for a provision of another Act)."""
        if ":" in ref:
            law_key, key = ref.split(":", 1)
            return self.act_of_version[law_key], key
        return file, ref

    def provision(
        self, file: str, ref: str, d: dt.date
    ) -> tuple[LawMeta, Provision, ProvisionText, str]:
        """The version in force on ``d``, the provision, its wording on ``d`` and its key.

        KeyError when the provision does not exist or has no wording in force on ``d``.
        """
        fname, key = self.resolve(file, ref)
        act = self.acts[fname]
        prov = act.provisions[key]
        text = prov.text_on(d)
        version = act.version_on(d)
        if text is None or version is None:
            raise KeyError(f"{fname}:{key} not in force on {d.isoformat()}")
        return version.law, prov, text, key

    def rules(self) -> list[tuple[LawFile, Rule]]:
        return [(lf, r) for lf in self.acts.values() for r in lf.rules]

    def file_of(self, lf: LawFile) -> str:
        return self.act_of_version[lf.versions[0].law.key]

    def regimes(self) -> list[LawMeta]:
        """Every law version and political document, in order of entry into force."""
        return list(self._regimes)

    @cached_property
    def _regimes(self) -> tuple[LawMeta, ...]:
        return tuple(
            sorted((v.law for v in self.laws.values()), key=lambda m: (m.in_force_from, m.key))
        )


def load_ruleset_from(texts: dict[str, str]) -> Ruleset:
    """Build a :class:`Ruleset` from ``{file name: TOML text}`` and cross-check references.

    Read through the input pipeline (:mod:`anpo._io.inputs`): a problem is a
    :class:`~anpo.errors.DataError` naming the file, the line (and column where it helps) and
    the field; texts that are not ``{file name: TOML text}`` are a DataError too (they were
    an AttributeError)."""
    if not isinstance(texts, Mapping):
        raise DataError(f"rule texts must map file names to TOML text, got {type(texts).__name__}")
    for name, text in texts.items():
        if not isinstance(name, str) or not isinstance(text, str):
            raise DataError(
                f"rule texts must map file names to TOML text, got {type(text).__name__}",
                file=str(name),
            )
    rationale: dict[str, Rationale] = {}
    acts: dict[str, LawFile] = {}
    laws: dict[str, LawVersion] = {}
    owner: dict[str, str] = {}
    for name, text in sorted(texts.items()):
        doc = parse_toml(text, name, DataError)
        if name == RATIONALE_FILE:
            rationale = doc.validate(_RationaleFile, DataError).root
            continue
        lf = doc.validate(LawFile, DataError, data=_with_shared_texts(doc))
        for i, v in enumerate(lf.versions):
            if v.law.key in laws:
                raise doc.error(
                    DataError, ("versions", i, "law", "key"), f"duplicate law key {v.law.key!r}"
                )
            laws[v.law.key] = v
            owner[v.law.key] = name
        acts[name] = lf
    rs = Ruleset(acts=acts, rationale=rationale, laws=laws, act_of_version=owner)
    _cross_check(rs)
    return rs


def _with_shared_texts(doc: TomlInput) -> dict[str, Any]:
    """A rule file's data with each location case's ``shared_text = "KEY"`` replaced by
    ``text``, the string ``KEY`` names in the file's :data:`SHARED_TEXTS` table, and that table
    left out: a reason several cases give word for word (the PKO Act's combat-at-the-site case
    of medical care and transport, before and after 2016) is written once, and the rules read
    exactly as if each case wrote it. A shared text that is not a string, a key the table does
    not hold, a case giving both ``text`` and ``shared_text``, or a shared text no case uses is
    a :class:`~anpo.errors.DataError` at its line."""
    data = doc.data
    shared = data.get(SHARED_TEXTS, {})
    if not isinstance(shared, dict):
        raise doc.error(DataError, (SHARED_TEXTS,), 'expected a table of KEY = "text"')
    for key, text in shared.items():
        if not isinstance(text, str):
            raise doc.error(DataError, (SHARED_TEXTS, key), "a shared text is a string")
    out = {k: v for k, v in data.items() if k != SHARED_TEXTS}
    rules = out.get("rules")
    if not isinstance(rules, list):  # the schema says what is wrong
        rules = []
    used: set[str] = set()
    resolved = []
    for i, rule in enumerate(rules):
        location = rule.get("location") if isinstance(rule, dict) else None
        cases = location.get("cases") if isinstance(location, dict) else None
        if not isinstance(location, dict) or not isinstance(cases, list):
            resolved.append(rule)
            continue
        new_cases = []
        for j, case in enumerate(cases):
            if isinstance(case, dict) and "shared_text" in case:
                at = ("rules", i, "location", "cases", j, "shared_text")
                key = case["shared_text"]
                if "text" in case:
                    raise doc.error(DataError, at, "give text or shared_text, not both")
                if not isinstance(key, str) or key not in shared:
                    held = ", ".join(map(repr, shared)) or "none"
                    raise doc.error(
                        DataError,
                        at,
                        f"no shared text {key!r} in the file's [{SHARED_TEXTS}] table "
                        f"(it holds: {held})",
                    )
                used.add(key)
                case = {
                    ("text" if k == "shared_text" else k): (
                        shared[key] if k == "shared_text" else v
                    )
                    for k, v in case.items()
                }
            new_cases.append(case)
        resolved.append({**rule, "location": {**location, "cases": new_cases}})
    for key in shared:
        if key not in used:
            raise doc.error(
                DataError, (SHARED_TEXTS, key), f"the shared text {key!r} is used by no case"
            )
    if "rules" in out and isinstance(out["rules"], list):
        out["rules"] = resolved
    return out


def _uncovered(texts: list[ProvisionText], start: dt.date, end: dt.date) -> dt.date | None:
    """The first day in ``[start, end]`` on which none of ``texts`` is in force (None: covered)."""
    day = start
    for t in texts:
        lo = t.valid_from or dt.date.min
        hi = t.valid_to or _FAR
        if hi < day:
            continue
        if lo > day:
            return day
        if hi >= end:
            return None
        day = hi + dt.timedelta(days=1)
    return day


def _window(lf: LawFile, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    life_start = lf.versions[0].law.in_force_from
    life_end = lf.versions[-1].law.in_force_to or _FAR
    return max(start or life_start, life_start), min(end or _FAR, life_end)


def _check_refs(
    rs: Ruleset, name: str, what: str, refs: list[str], start: dt.date, end: dt.date
) -> None:
    for ref in refs:
        try:
            fname, key = rs.resolve(name, ref)
            prov = rs.acts[fname].provisions[key]
        except KeyError as exc:
            raise DataError(f"{what}: unknown provision {ref!r}", file=name) from exc
        other = rs.acts[fname]
        o_start, o_end = _window(other, None, None)
        gap = _uncovered(prov.texts, max(start, o_start), min(end, o_end))
        if gap is not None or start < o_start or end > o_end:
            when = gap or (start if start < o_start else end)
            raise DataError(
                f"{what}: provision {ref!r} has no wording in force on {when.isoformat()}",
                file=name,
            )


def _rule_refs(rule: Rule) -> list[str]:
    refs = list(rule.basis) + list(rule.location.basis) + list(rule.diet_basis or [])
    refs += [r for c in rule.conditions for r in c.basis]
    refs += [r for c in rule.location.cases for r in c.basis]
    return refs


def _cross_check(rs: Ruleset) -> None:
    ids: set[str] = set()
    for lf, rule in rs.rules():
        name = rs.file_of(lf)
        if rule.id in ids:
            raise DataError(f"duplicate rule id {rule.id!r}", file=name)
        ids.add(rule.id)
        start, end = _window(lf, rule.valid_from, rule.valid_to)
        if start > end:
            raise DataError(f"rule {rule.id}: valid outside the Act's life", file=name)
        _check_refs(rs, name, f"rule {rule.id}", _rule_refs(rule), start, end)
        for key in rule.rationale:
            if key not in rs.rationale:
                raise DataError(f"rule {rule.id}: unknown rationale {key!r}", file=name)
        versions = [v for v in lf.versions if v.law.in_force_from <= end]
        versions = [v for v in versions if (v.law.in_force_to or _FAR) >= start]
        if not rule.situations and not any(v.law.situations for v in versions):
            raise DataError(f"rule {rule.id}: no situations", file=name)
        if rule.kind == "general" and rule.default_conditions:
            for v in versions:
                v_start = max(start, v.law.in_force_from)
                v_end = min(end, v.law.in_force_to or _FAR)
                refs = list(v.defaults.diet_basis) if rule.diet_basis is None else []
                refs += [r for c in v.defaults.conditions_for(rule) for r in c.basis]
                _check_refs(
                    rs, name, f"rule {rule.id} (defaults of {v.law.key})", refs, v_start, v_end
                )
    for name, lf in rs.acts.items():
        for v in lf.versions:
            for key in v.defaults.rationale:
                if key not in rs.rationale:
                    raise DataError(f"defaults: unknown rationale {key!r}", file=name)
        for rule in lf.rules:
            for o in rule.overrides:
                if o not in ids:
                    raise DataError(f"rule {rule.id}: overrides unknown rule {o!r}", file=name)


def packaged_rule_texts() -> dict[str, str]:
    """The rule files shipped with the package, ``{file name: TOML text}``: a starting point
    for a rule set of one's own (edit, then :func:`load_ruleset_from`)."""
    root = resources.files("anpo.law") / "rules"
    texts = {
        p.name: p.read_text(encoding="utf-8") for p in root.iterdir() if p.name.endswith(".toml")
    }
    if not texts:
        raise DataError("no rule files found", file=str(root))
    return texts


@lru_cache(maxsize=1)
def ruleset() -> Ruleset:
    """The rule set shipped with the package (built once): the default of every function of
    :mod:`anpo.law` that takes ``rules``."""
    return load_ruleset_from(packaged_rule_texts())

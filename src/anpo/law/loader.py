"""Load and cross-check the rule files shipped as package data (``anpo/law/rules/*.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from pydantic import ValidationError

from anpo.errors import DataError
from anpo.law.model import LawFile, LawMeta, Provision, Rationale, Rule

RATIONALE_FILE = "_rationale.toml"


@dataclass(frozen=True)
class Ruleset:
    """All laws, provisions, rules and rationales, cross-checked."""

    laws: dict[str, LawFile]
    rationale: dict[str, Rationale]
    files: dict[str, str] = field(default_factory=dict)  # law key -> file name

    def provision(self, law_key: str, ref: str) -> tuple[LawMeta, Provision]:
        """Resolve ``ref`` (``"art3-2"`` in ``law_key``'s file, or ``"other-law:art5-1"``)."""
        if ":" in ref:
            law_key, ref = ref.split(":", 1)
        lf = self.laws[law_key]
        return lf.law, lf.provisions[ref]

    def rules(self) -> list[tuple[LawFile, Rule]]:
        return [(lf, r) for lf in self.laws.values() for r in lf.rules]

    def regimes(self) -> list[LawMeta]:
        """Every law and political document, in order of entry into force."""
        return list(self._regimes)

    @cached_property
    def _regimes(self) -> tuple[LawMeta, ...]:
        return tuple(
            sorted((lf.law for lf in self.laws.values()), key=lambda m: (m.in_force_from, m.key))
        )


def _read(name: str, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"invalid TOML: {exc}", file=name) from exc


def load_ruleset_from(texts: dict[str, str]) -> Ruleset:
    """Build a :class:`Ruleset` from ``{file name: TOML text}`` and cross-check references."""
    rationale: dict[str, Rationale] = {}
    laws: dict[str, LawFile] = {}
    files: dict[str, str] = {}
    for name, text in sorted(texts.items()):
        data = _read(name, text)
        try:
            if name == RATIONALE_FILE:
                rationale = {k: Rationale.model_validate(v) for k, v in data.items()}
                continue
            lf = LawFile.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise DataError(first["msg"], file=name, field=loc) from exc
        if lf.law.key in laws:
            raise DataError(f"duplicate law key {lf.law.key!r}", file=name)
        laws[lf.law.key] = lf
        files[lf.law.key] = name
    rs = Ruleset(laws=laws, rationale=rationale, files=files)
    _cross_check(rs)
    return rs


def _cross_check(rs: Ruleset) -> None:
    ids: set[str] = set()
    for lf, rule in rs.rules():
        name = rs.files[lf.law.key]
        if rule.id in ids:
            raise DataError(f"duplicate rule id {rule.id!r}", file=name)
        ids.add(rule.id)
        refs = list(rule.basis) + list(rule.location.basis) + list(rule.diet_basis or [])
        refs += [r for c in rule.conditions for r in c.basis]
        refs += [r for pe in rule.location.place_effects.values() for r in pe.basis]
        refs += [r for c in rule.location.allow_places.values() for r in c.basis]
        for ref in refs:
            try:
                rs.provision(lf.law.key, ref)
            except KeyError as exc:
                raise DataError(f"rule {rule.id}: unknown provision {ref!r}", file=name) from exc
        for key in rule.rationale:
            if key not in rs.rationale:
                raise DataError(f"rule {rule.id}: unknown rationale {key!r}", file=name)
        if not (rule.situations or lf.law.situations):
            raise DataError(f"rule {rule.id}: no situations", file=name)
    for lf in rs.laws.values():
        name = rs.files[lf.law.key]
        refs = list(lf.defaults.diet_basis) + [r for c in lf.defaults.conditions for r in c.basis]
        for ref in refs:
            try:
                rs.provision(lf.law.key, ref)
            except KeyError as exc:
                raise DataError(f"defaults: unknown provision {ref!r}", file=name) from exc
        for key in lf.defaults.rationale:
            if key not in rs.rationale:
                raise DataError(f"defaults: unknown rationale {key!r}", file=name)
        for rule in lf.rules:
            for o in rule.overrides:
                if o not in ids:
                    raise DataError(f"rule {rule.id}: overrides unknown rule {o!r}", file=name)


@lru_cache(maxsize=1)
def ruleset() -> Ruleset:
    """The rule set shipped with the package (cached)."""
    root = resources.files("anpo.law") / "rules"
    texts = {
        p.name: p.read_text(encoding="utf-8") for p in root.iterdir() if p.name.endswith(".toml")
    }
    if not texts:
        raise DataError("no rule files found", file=str(root))
    return load_ruleset_from(texts)

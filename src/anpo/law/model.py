"""Validated schema of the rule files (``anpo/law/rules/*.toml``), one file per law and version.

A rule file holds the law's metadata (title, number, e-Gov law ID, in-force dates with their
sources and a confidence), its quoted provisions, and its rules. Rules are written as the statutes
are: a **general** rule (e.g. the Annexed Table category that authorizes goods and services), then
the **exception** that excludes part of it (e.g. Annexed Table 1, note 1), and explicit
**no-basis** rules where a provision's scope leaves an activity without a legal basis (e.g. SDF Act
Art. 95 protects only the SDF's own weapons before 2016). The legal basis (statute) is kept apart
from the rationale (government interpretation, court rulings), which lives in ``_rationale.toml``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from anpo.law.vocab import ACTIVITIES, DIET_APPROVAL, LOCATIONS, SITUATIONS

Confidence = Literal["high", "medium", "low"]
Effect = Literal["permitted", "conditional", "prohibited", "no-legal-basis"]
TestName = Literal["rear-area", "non-combat-area", "not-combat-scene", "none"]
TerritoryName = Literal["japan", "high-seas", "foreign"]

CONFIDENCE_ORDER = {"high": 2, "medium": 1, "low": 0}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provision(_Strict):
    """One quoted provision: where it is in the statute and what it says (Japanese)."""

    article: str = Field(description='"3", "100-6", "Annexed Table 1", "Supplementary Provisions"')
    paragraph: int | None = None
    item: int | None = None
    annex_note: int | None = None
    label: str = Field(description="English gloss of what the provision does")
    quote: str = Field(min_length=2, description="the Japanese text, quoted exactly")
    verified: bool = Field(
        default=True,
        description="True: the quote is checked (test) against the shared e-Gov text of this law; "
        "False: the text is not among the shared primary texts and the wording is unverified",
    )
    note: str = ""

    def ref(self) -> str:
        """``Art. 3(1)(iii)``, ``Annexed Table 1, note 1`` ..."""
        if self.article.lower().startswith(("annexed", "annex", "supplementary")):
            out = self.article
            if self.annex_note is not None:
                out += f", note {self.annex_note}"
            if self.item is not None:
                out += f", item {self.item}"
            return out
        out = f"Art. {self.article}"
        if self.paragraph is not None:
            out += f"({self.paragraph})"
        if self.item is not None:
            out += f"({_roman(self.item)})"
        return out


def _roman(n: int) -> str:
    vals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


class LawMeta(_Strict):
    """Metadata of one law (or political document) and version."""

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
        bad = [s for s in v if s not in SITUATIONS]
        if bad:
            raise ValueError(f"unknown situations {bad}")
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
        return self.in_force_from <= d and (self.in_force_to is None or d <= self.in_force_to)


class Condition(_Strict):
    """A condition of a conditional answer, with the provisions that impose it."""

    text: str
    basis: list[str] = Field(default_factory=list)


class PlaceEffect(_Strict):
    """Override of a general rule's effect at one vocabulary location."""

    effect: Literal["prohibited", "no-legal-basis"]
    reason: str
    basis: list[str] = Field(default_factory=list)
    confidence: Confidence | None = None


class LocationSpec(_Strict):
    """Where a general rule's activity may take place: a statutory test plus territory types."""

    test: TestName = "none"
    territories: list[TerritoryName] = Field(
        default_factory=lambda: ["japan", "high-seas", "foreign"]
    )
    near_japan_only: bool = False
    basis: list[str] = Field(default_factory=list)
    reason: str = ""
    place_conditions: dict[str, str] = Field(default_factory=dict)
    place_effects: dict[str, PlaceEffect] = Field(default_factory=dict)
    allow_places: dict[str, Condition] = Field(
        default_factory=dict,
        description="locations allowed although the test fails, under the given condition "
        "(e.g. SAA Art. 7(4): rescue in an adjacent foreign territorial sea with consent)",
    )

    @field_validator("place_conditions", "place_effects", "allow_places")
    @classmethod
    def _known_places(cls, v: dict) -> dict:
        bad = [k for k in v if k not in LOCATIONS]
        if bad:
            raise ValueError(f"unknown locations {bad}")
        return v


class Rule(_Strict):
    """One rule: situations x activities -> effect, with conditions, citations and rationale."""

    id: str
    kind: Literal["general", "exception", "prohibition", "no-basis"] = "general"
    situations: list[str] | None = None
    activities: list[str]
    effect: Effect
    summary: str
    basis: list[str] = Field(min_length=1)
    overrides: list[str] = Field(default_factory=list)
    places: list[str] | None = None
    location: LocationSpec = Field(default_factory=LocationSpec)
    conditions: list[Condition] = Field(default_factory=list)
    default_conditions: bool = True
    diet_approval: str | None = None
    diet_basis: list[str] | None = None
    diet_detail: str | None = None
    rationale: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    supported: str | None = None
    confidence: Confidence = "high"
    confidence_note: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    @field_validator("activities")
    @classmethod
    def _known_activities(cls, v: list[str]) -> list[str]:
        bad = [a for a in v if a not in ACTIVITIES]
        if bad:
            raise ValueError(f"unknown activities {bad}")
        return v

    @field_validator("situations")
    @classmethod
    def _known_situations(cls, v: list[str] | None) -> list[str] | None:
        bad = [s for s in v or [] if s not in SITUATIONS]
        if bad:
            raise ValueError(f"unknown situations {bad}")
        return v

    @field_validator("places")
    @classmethod
    def _known_places(cls, v: list[str] | None) -> list[str] | None:
        bad = [p for p in v or [] if p not in LOCATIONS]
        if bad:
            raise ValueError(f"unknown locations {bad}")
        return v

    @field_validator("diet_approval")
    @classmethod
    def _known_diet(cls, v: str | None) -> str | None:
        if v is not None and v not in DIET_APPROVAL:
            raise ValueError(f"unknown diet approval kind {v!r}")
        return v

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
        return self


class Defaults(_Strict):
    """Defaults shared by the general rules of a file (Basic Plan, Diet approval, rationale)."""

    diet_approval: str = "none"
    diet_basis: list[str] = Field(default_factory=list)
    diet_detail: str = ""
    conditions: list[Condition] = Field(default_factory=list)
    rationale: list[str] = Field(default_factory=list)

    @field_validator("diet_approval")
    @classmethod
    def _known_diet(cls, v: str) -> str:
        if v not in DIET_APPROVAL:
            raise ValueError(f"unknown diet approval kind {v!r}")
        return v


class LawFile(_Strict):
    """One rule file."""

    law: LawMeta
    defaults: Defaults = Field(default_factory=Defaults)
    provisions: dict[str, Provision] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)


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
    text: str
    sources: list[str] = Field(min_length=1)
    confidence: Confidence = "high"

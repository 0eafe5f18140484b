"""Scenario integration: what the U.S. asks of Japan, answered for a date.

A scenario file lists the contributions the U.S. asks of Japan as a top-level ``[[contributions]]``
array (mounted by the scenario package), each validated by :class:`Contribution`::

    [[contributions]]
    activity = "transport-weapons-ammunition"
    situation = "surrounding-area"
    location = "japan"
    facts = { basic_plan = true }        # optional: facts overriding the preset
    description = "Move U.S. munitions from Sasebo to Okinawa"
    source = "Soeya (RIETI, 2001)"

:func:`answer_contributions` answers a list of contributions for a date with
:func:`anpo.law.ask`. With ``follow_successors=True`` a situation no longer provided for on that
date is assessed under its successor (``surrounding-area`` -> ``important-influence`` from
2016-03-29; ``anti-terrorism-2001`` -> ``replenishment-2008`` from 2008-01-16 to 2010-01-15; the
special measures situations -> ``international-peace`` from 2016-03-29; see
:func:`anpo.law.engine.successor_on`), and the answer says so.

If a report has no contributions, :func:`default_contributions` supplies the list shipped in
``anpo/law/data/default_contributions.toml`` (the seed's example first).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from anpo._io.citations import check_optional_citation
from anpo._io.inputs import (
    InvalidLawInput,
    NoCoercedNumbers,
    RaisesAnpoError,
    describe_validation_error,
    dotted,
    parse_toml,
)
from anpo.errors import LawError
from anpo.law.engine import Answer, ask, situations, successor_on, to_date
from anpo.law.facts import normalize
from anpo.law.loader import Ruleset
from anpo.law.vocab import unknown


class Contribution(RaisesAnpoError, NoCoercedNumbers):
    """One thing the U.S. asks of Japan: an activity, in a situation, at a location. Built
    directly, or validated with ``model_validate``, a bad value is a
    :class:`~anpo.errors.LawError` (:class:`~anpo._io.inputs.RaisesAnpoError`)."""

    invalid = InvalidLawInput

    model_config = ConfigDict(extra="forbid", frozen=True)

    activity: str = Field(description="an activity of anpo.law.vocab.ACTIVITIES")
    situation: str = Field(description="a situation of anpo.law.vocab.SITUATIONS")
    location: str = Field(default="japan", description="a location of anpo.law.vocab.LOCATIONS")
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description="facts of the place and situation (anpo.law.vocab.FACTS) overriding the "
        "location preset, e.g. combat_expected = true",
    )
    description: str = Field(default="", description="what is asked, in plain words")
    source: Annotated[str, BeforeValidator(check_optional_citation)] = Field(
        default="",
        description="where the request comes from (citation; a placeholder such as 'TBD' is "
        "refused: anpo._io.citations)",
    )

    @field_validator("activity", "situation", "location")
    @classmethod
    def _known(cls, v: str, info: ValidationInfo) -> str:
        msg = unknown(str(info.field_name), v)
        if msg:
            raise ValueError(msg)
        return v

    @field_validator("facts")
    @classmethod
    def _facts(cls, v: dict[str, Any]) -> dict[str, Any]:
        try:
            return normalize(v)
        except LawError as exc:
            raise ValueError(exc.message) from exc


class _ContributionFile(NoCoercedNumbers):
    """A contributions file: ``[[contributions]]`` tables."""

    model_config = ConfigDict(extra="forbid")
    contributions: list[Contribution] = Field(default_factory=list)


@dataclass(frozen=True)
class ContributionAnswer:
    """A contribution, the situation it was assessed under, and the engine's answer."""

    contribution: Contribution
    assessed_situation: str
    succession_note: str
    answer: Answer

    def to_dict(self) -> dict[str, Any]:
        return {
            "contribution": self.contribution.model_dump(),
            "assessed_situation": self.assessed_situation,
            "succession_note": self.succession_note,
            "answer": self.answer.to_dict(),
        }


def as_contribution(item: Any) -> Contribution:
    """A :class:`Contribution` from a Contribution, a mapping or an object with the same fields."""
    if isinstance(item, Contribution):
        return item
    if isinstance(item, dict):
        data = item
    else:
        data = {k: getattr(item, k) for k in Contribution.model_fields if hasattr(item, k)}
    try:
        return Contribution.model_validate(data)
    except ValidationError as exc:
        path, msg = describe_validation_error(exc, data)
        where = dotted(path)
        raise LawError(
            f"invalid contribution: {msg}",
            field=f"contributions.{where}" if where else "contributions",
        ) from exc


def answer_contributions(
    contributions: list[Any],
    date: Any,
    *,
    follow_successors: bool = True,
    rules: Ruleset | None = None,
) -> list[ContributionAnswer]:
    """Answer each contribution on ``date`` (see module docstring for ``follow_successors``)
    from ``rules`` (default the packaged rule set).

    ``contributions`` is a list (of :class:`Contribution`, mappings or objects with its
    fields); anything else (None, one contribution, a text) is a :class:`LawError` (None was a
    TypeError, audit30).

    Source: the rule files of :mod:`anpo.law` via :func:`anpo.law.ask`.
    """
    if (
        contributions is None
        or isinstance(contributions, str | bytes | Mapping | Contribution)
        or not isinstance(contributions, Iterable)
    ):
        raise LawError(
            "must be a list of contributions (e.g. default_contributions()), got "
            f"{type(contributions).__name__}",
            field="contributions",
        )
    d = to_date(date)
    provided = set(situations(d, rules=rules))
    out = []
    for item in contributions:
        c = as_contribution(item)
        sit, note = c.situation, ""
        successor = successor_on(sit, d, rules) if sit not in provided else None
        if follow_successors and successor is not None:
            succ, why = successor
            sit, note = succ, f"assessed as {succ}: {why}"
        facts = c.facts or None
        out.append(
            ContributionAnswer(
                c, sit, note, ask(d, sit, c.activity, c.location, facts=facts, rules=rules)
            )
        )
    return out


def default_contributions() -> list[Contribution]:
    """The default list shipped with the package (``anpo/law/data/default_contributions.toml``)."""
    text = (resources.files("anpo.law") / "data" / "default_contributions.toml").read_text(
        encoding="utf-8"
    )
    return (
        parse_toml(text, "default_contributions.toml", LawError)
        .validate(_ContributionFile, LawError)
        .contributions
    )


def contributions_from_scenarios(scenarios: list[Any]) -> list[Contribution]:
    """All contributions of the scenarios (attribute or key ``contributions``), in order."""
    out: list[Contribution] = []
    for scn in scenarios or []:
        items = (
            scn.get("contributions")
            if isinstance(scn, dict)
            else getattr(scn, "contributions", None)
        )
        for item in items or []:
            out.append(as_contribution(item))
    return out

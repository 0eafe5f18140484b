"""Scenario files: the validated data model (pydantic).

A scenario file describes one strategic world (a year) and its variants (defense architectures,
force options). Every figure sits next to a free-text ``source``. Unknown keys are errors, as are
out-of-range probabilities and references to actors, forces or defenses that do not exist.

Top-level keys: ``schema_version``, ``[scenario]`` (meta), ``[[actors]]``, ``[[alliances]]``,
``[[forces]]``, ``[[counterforce]]``, ``[[defenses]]`` (each with ``[[defenses.layers]]``),
``[[damage]]``, ``[settings]``, ``[[dyads]]``, ``[[variants]]``; capability modules add
``[[contributions]]`` (Japan's legal limits), ``[burden]`` (burden sharing) and ``[align]``
(landscape theory); ``[[uncertainties]]`` puts distributions on fields
(:mod:`anpo.scenario.uncertainty`).

Each capability declares the section it reads and this module composes them: the header and the
deterrence keys are :class:`anpo.deterrence.scenario.DeterrenceScenario` (re-exported here with
its models, :class:`Case` among them), ``[[contributions]]`` is :mod:`anpo.law.scenario`,
``[align]`` :mod:`anpo.align.scenario` and ``[burden]`` :mod:`anpo.burden.scenario`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field

from anpo.align.scenario import AlignScenario
from anpo.burden.scenario import BurdenScenario
from anpo.deterrence.scenario import (
    Actor,
    Alliance,
    Architecture,
    Basing,
    Case,
    Counterforce,
    DamageCurve,
    DefenseLayer,
    DeterrenceScenario,
    Dyad,
    ForceComponent,
    Id,
    Meta,
    Probability,
    Settings,
    Source,
    Variant,
)
from anpo.law.scenario import Contribution
from anpo.scenario.uncertainty import Uncertainty, apply, whole_note

__all__ = [
    "Probability",
    "Id",
    "Source",
    "Basing",
    "Meta",
    "Actor",
    "Alliance",
    "ForceComponent",
    "Counterforce",
    "DefenseLayer",
    "Architecture",
    "DamageCurve",
    "Settings",
    "Dyad",
    "Variant",
    "DeterrenceScenario",
    "Case",
    "Scenario",
]


class Scenario(DeterrenceScenario):
    """A whole scenario file."""

    contributions: list[Contribution] = Field(
        default_factory=list, description="what the U.S. asks of Japan (anpo.law)"
    )
    align: AlignScenario | None = Field(None, description="landscape-theory alignment (anpo.align)")
    burden: BurdenScenario | None = Field(None, description="burden-sharing tests (anpo.burden)")
    uncertainties: list[Uncertainty] = Field(
        default_factory=list,
        description="uncertain inputs: distributions over fields of this scenario "
        "(anpo.scenario.uncertainty; sampled by anpo.explore)",
    )

    def apply_uncertainties(self, values: Mapping[str, Any]) -> Scenario:
        """A copy of this scenario with each ``[[uncertainties]]`` entry's target set to
        ``values[name]``, re-validated with its cross-references
        (:func:`anpo.scenario.uncertainty.apply`). The deterrence bands apply each draw with it
        (:func:`anpo.deterrence.bands.bands`), so the capability needs no scenario-layer import.
        """
        return apply(self, values)

    def draw_note(self, u: Uncertainty) -> str:
        """What a table of inputs adds after ``u``'s distribution: :data:`WHOLE_NOTE
        <anpo.scenario.uncertainty.WHOLE_NOTE>` when every field it sets takes whole numbers
        (:func:`anpo.scenario.uncertainty.takes_whole`: the model takes each draw's nearest
        integer), else nothing. The deterrence bands table calls it, as it calls
        :meth:`apply_uncertainties`, so the capability needs no scenario-layer import."""
        return whole_note(self, u)

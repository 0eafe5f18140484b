"""The one defense-layer type: scenario files, the library, the kernels and the CLI all use it.

A :class:`Layer` describes one layer of a ballistic-missile defense: its interceptor inventory and
kill probability [wilkening1999], its firing doctrine (salvo or shoot-look-shoot), the
reliability of its own common elements (per raid or per RV), and what it can engage:

- ``engages``: the missile classes it can intercept (ICBM, IRBM, MRBM, SRBM). A ground-based
  midcourse interceptor engages ICBMs; an SM-3 Block IB cannot [nrc2012, ch. 2]; PAC-3 engages short- and
  medium-range missiles in their terminal phase.
- ``endo_atmospheric``: the layer intercepts inside the atmosphere. Light decoys are stripped on
  re-entry (they slow down and burn up), so they never reach such a layer [sessler2000, ch. 5]; ``discrimination`` is then irrelevant.
- ``protected_fraction``: the fraction of each covered territory's value inside the layer's
  footprint: 1 for an area (midcourse) defense, much less for a point defense such as PAC-3. A
  number applies to every covered territory; a table (``{ JPN = 0.3 }``) gives it per territory.
  An RV aimed at the territory is inside the footprint with this probability (the attacker aims
  in proportion to value), independently of other layers' footprints.
- ``common_mode`` and ``common_mode_reliability``: layers that share sensors or battle
  management (e.g. the U.S. C2BMC, Japan's JADGE) fail together: the shared elements work or
  fail once per raid with ``common_mode_reliability``, on top of each layer's own
  ``reliability`` ([wilkening1999] on common-mode failures). Layers naming the same group must
  give the same ``common_mode_reliability``.
- ``defends``: ``"value"`` (cities and industry, the default) or ``"silos"`` (the owner's silo
  launchers against a counterforce strike); ``preferential = true`` makes a silo defense
  preferential: the defender secretly picks which silos to defend, so the attacker must treat
  every silo as defended [ota1981, ch. 3].

Scenario files require ``covers`` and ``source`` for every layer (checked when the file is
loaded); library users may leave them empty.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from anpo._io.inputs import NoCoercedNumbers, RaisesInputError, as_input_error
from anpo.errors import InputError

__all__ = [
    "MAX_SHOTS",
    "MISSILE_CLASSES",
    "MissileClass",
    "Layer",
    "as_input_error",
    "check_missile_class",
]

MissileClass = Literal["ICBM", "IRBM", "MRBM", "SRBM"]
MISSILE_CLASSES: tuple[MissileClass, ...] = ("ICBM", "IRBM", "MRBM", "SRBM")
Probability = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]
#: The most interceptors a layer fires at one object in one look: its ``shots`` (a salvo, or the
#: first look of shoot-look-shoot) and ``second_shots``. An anpo bound, not a published figure,
#: defined here once: the web API's shoot-look-shoot looks
#: (:data:`anpo.web.limits.MAX_LOOK_SHOTS`) and ``anpo defense --sls`` keep it too.
MAX_SHOTS = 64


def check_missile_class(value: object, field: str) -> None:
    """An :class:`~anpo.errors.InputError` at ``field`` unless ``value`` is a missile class of
    :data:`MISSILE_CLASSES`, ``"none"`` or None: a class no layer knows (``'XX'``, ``'icbm'``)
    went through every layer unengaged."""
    if value is not None and value not in (*MISSILE_CLASSES, "none"):
        raise InputError(
            f"must be one of {', '.join(MISSILE_CLASSES)}, 'none' or None, got {value!r}",
            field=field,
        )


Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]


class Layer(RaisesInputError, NoCoercedNumbers):
    """One layer of a missile-defense architecture (``[[defenses.layers]]`` in scenario files).

    Interception parameters follow [wilkening1999]: a finite inventory of ``interceptors``
    spread as evenly as possible over the threatening objects, ``shots`` per object (the first
    salvo of shoot-look-shoot, then ``second_shots`` per surviving object, perfect kill
    assessment), single-shot kill probability ``sspk``, reliability of the layer's own common
    elements per raid or per RV. See the module docstring for ``engages``, ``endo_atmospheric``,
    ``protected_fraction``, ``common_mode`` and ``defends``.

    Constructing a layer with bad values raises :class:`anpo.errors.InputError`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = ""
    interceptors: int = Field(ge=0, le=1_000_000)
    sspk: Probability
    shots: int = Field(
        1,
        ge=1,
        le=MAX_SHOTS,
        description="interceptors per object (first salvo for shoot-look-shoot)",
    )
    doctrine: Literal["salvo", "shoot-look-shoot"] = "salvo"
    second_shots: int = Field(
        0, ge=0, le=MAX_SHOTS, description="shoot-look-shoot: shots per surviving object"
    )
    reliability: Probability = Field(1.0, description="reliability of the layer's own elements")
    reliability_mode: Literal["raid", "rv"] = "raid"
    discrimination: Probability = Field(1.0, description="probability a decoy is recognised")
    engages: tuple[MissileClass, ...] = Field(
        MISSILE_CLASSES, min_length=1, description="missile classes the layer can intercept"
    )
    endo_atmospheric: bool = Field(
        False, description="intercepts inside the atmosphere (light decoys never reach it)"
    )
    protected_fraction: Probability | dict[Id, Probability] = Field(
        1.0, description="fraction of each covered territory's value inside the footprint"
    )
    common_mode: Id | None = Field(
        None, description="group of layers sharing sensors / battle management"
    )
    common_mode_reliability: Probability = Field(
        1.0, description="per-raid reliability of the elements the common_mode group shares"
    )
    defends: Literal["value", "silos"] = "value"
    preferential: bool = Field(False, description="silo defense only: preferential defense")
    covers: list[Id] = Field(
        default_factory=list, description="actors whose territory the layer defends"
    )
    source: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Layer:
        if self.doctrine == "salvo" and self.second_shots:
            raise ValueError("second_shots is only meaningful with doctrine = 'shoot-look-shoot'")
        if self.doctrine == "shoot-look-shoot" and not self.second_shots:
            raise ValueError("shoot-look-shoot needs second_shots >= 1")
        if len(set(self.engages)) != len(self.engages):
            raise ValueError("engages lists a missile class twice")
        if self.preferential and self.defends != "silos":
            raise ValueError("preferential = true needs defends = 'silos'")
        if self.common_mode is None and self.common_mode_reliability != 1.0:
            raise ValueError("common_mode_reliability needs a common_mode group name")
        if isinstance(self.protected_fraction, dict) and self.covers:
            extra = [t for t in self.protected_fraction if t not in self.covers]
            if extra:
                raise ValueError(f"protected_fraction names {extra[0]!r}, which is not in covers")
        return self

    # ------------------------------------------------------------------ helpers
    @property
    def second(self) -> int:
        """Shots per surviving object in the second salvo (0 for a salvo layer)."""
        return self.second_shots if self.doctrine == "shoot-look-shoot" else 0

    def fraction_for(self, territory: str | None) -> float:
        """The protected fraction of ``territory``'s value (1 when not given per territory)."""
        if isinstance(self.protected_fraction, dict):
            if territory is None:
                return 1.0
            return float(self.protected_fraction.get(territory, 1.0))
        return float(self.protected_fraction)

    @property
    def sees_decoys(self) -> bool:
        """True when decoys reach this layer's engagement: exo-atmospheric (the atmosphere
        strips decoys before an endo-atmospheric layer engages) and not recognising every
        decoy (``discrimination < 1``)."""
        return not self.endo_atmospheric and self.discrimination < 1.0

    def can_engage(self, missile_class: str) -> bool:
        """True when the layer can intercept missiles of ``missile_class``."""
        return missile_class in self.engages

    def covers_territory(self, territory: str | None) -> bool:
        """True when the layer defends ``territory``'s value (an empty ``covers`` defends any)."""
        if self.defends != "value":
            return False
        return not self.covers or territory is None or territory in self.covers

"""The ``[align]`` section of a scenario file (pydantic; mounted by the scenario model).

Example::

    [align]
    instance = "book:asia_pacific_2001"   # or a .toml/.csv path, from this file's folder
    coalitions = 2                        # or "auto"
    anchors = ["USA", "JPN"]              # the side whose membership is asked about

    [[align.changes]]                     # propensity changes (the scenario's option)
    a = "JPN"
    b = "CHN"
    delta = 3.6                           # or value = ... (absolute)
    note = "Japan-China cooperation: end of rivalry and disputes (recipe factors)"

Model: [axelrod1993] landscape theory; changes enter as in :mod:`anpo.align.whatif`.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from anpo._io.inputs import NoCoercedNumbers
from anpo.align.io import Instance
from anpo.align.landscape import Landscape
from anpo.errors import AlignError


class PairChange(NoCoercedNumbers):
    """A change of one pair's propensity: ``delta`` (added) or ``value`` (set), not both."""

    model_config = ConfigDict(extra="forbid")
    a: str
    b: str
    delta: float | None = None
    value: float | None = None
    note: str = ""

    @model_validator(mode="after")
    def _one(self) -> PairChange:
        if (self.delta is None) == (self.value is None):
            raise ValueError("give exactly one of delta or value")
        v = self.delta if self.delta is not None else self.value
        if v is None or not math.isfinite(v):
            raise ValueError("the change must be finite")
        if self.a == self.b:
            raise ValueError("a pair needs two different actors")
        return self


class AlignScenario(NoCoercedNumbers):
    """Alignment settings of a scenario (mount at the top-level key ``align``).

    ``instance``: ``book:NAME`` or a path; a relative path is read from the scenario file's
    folder, one starting ``~`` from the home folder (:func:`anpo.scenario.load.parse_scenario_text`
    with the file's folder, the rule of a future file's paths: :func:`anpo._io.files.written_source`)."""

    model_config = ConfigDict(extra="forbid")
    instance: str = Field(
        "book:asia_pacific_2001",
        description="book:NAME or a path to an instance file (.toml, .csv): relative to the "
        "scenario file's folder, or from the home folder when it starts with ~ (read so by "
        "anpo.scenario.load_scenario and as a future's base scenario; a scenario validated "
        "from a mapping keeps it as written)",
    )
    coalitions: int | Literal["auto"] = 2
    anchors: list[str] = Field(default_factory=lambda: ["USA", "JPN"], min_length=1)
    changes: list[PairChange] = Field(default_factory=list)

    def load(self) -> Instance:
        """The instance (``book:NAME`` or a file path)."""
        from anpo.align import io

        return io.read_source(self.instance)

    def landscapes(self) -> tuple[Instance, Landscape, Landscape]:
        """(instance, landscape before the changes, landscape after them)."""
        from anpo.align.whatif import apply_changes

        inst = self.load()
        for who in self.anchors:
            inst.index(who)
        before = inst.landscape(self.coalitions)
        after = before
        for q, ch in enumerate(self.changes):
            try:
                i, j = inst.index(ch.a), inst.index(ch.b)
            except AlignError as exc:
                raise AlignError(exc.message, field=f"align.changes[{q}]") from None
            if ch.delta is not None:
                after = apply_changes(after, {(i, j): ch.delta})
            elif ch.value is not None:  # the model says: exactly one of delta and value
                after = apply_changes(after, {(i, j): ch.value}, absolute=True)
        return inst, before, after

"""Figure labels of a scenario's dyads.

A dyad's ``label`` (``[[dyads]]``) is free text and may be written in Japanese; its actors' ids
are ASCII (:data:`anpo.scenario.schema.Id`). A figure drawing a dyad passes its label through
:func:`figure_dyad`, which keeps the label when an installed font draws Japanese and otherwise
substitutes ``DEFENDER-RIVAL`` (:func:`anpo.report.figures.figure_text`).
"""

from __future__ import annotations

from collections.abc import Iterable

from anpo.report.figures import figure_text
from anpo.scenario.schema import Scenario


def dyad_ids(scenarios: Iterable[Scenario]) -> dict[str, str]:
    """Each dyad's label, as the report's tables show it, -> ``DEFENDER-RIVAL`` (its actor ids).

    The label is the dyad's ``label`` when it has one, else ``DEFENDER-RIVAL`` itself.
    """
    return {d.key: f"{d.defender}-{d.rival}" for scen in scenarios for d in scen.dyads}


def figure_dyad(label: str, scenarios: Iterable[Scenario]) -> str:
    """The label a figure draws for the dyad the tables call ``label``.

    ``label`` itself unless it holds Japanese and no installed font draws Japanese; then the
    dyad's actor ids ``DEFENDER-RIVAL`` from the scenario files (``"dyad"`` for a label no
    scenario defines).
    """
    return figure_text(label, romanized=dyad_ids(scenarios).get(label, "dyad"))

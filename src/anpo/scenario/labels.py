"""The scenarios' titles (:func:`scenario_titles`), and the figure labels of their dyads and
variants, which live in :mod:`anpo.deterrence.labels` (the deterrence report draws them) and are
re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable

from anpo.deterrence.labels import (
    check_variant_keys,
    dyad_ids,
    figure_dyad,
    figure_variant,
    variant_names,
)
from anpo.scenario.schema import Scenario

__all__ = [
    "check_variant_keys",
    "dyad_ids",
    "figure_dyad",
    "figure_variant",
    "scenario_titles",
    "variant_names",
]


def scenario_titles(scenarios: Iterable[Scenario]) -> list[str]:
    """The scenarios as a reader knows them: each one's ``title``, with its id in parentheses
    when another scenario has the same title (two copies of one file, say).

    What the report's header lists under 'Scenarios' (it listed the ids, 'us-japan-2001').
    """
    scens = list(scenarios)
    titles = [s.scenario.title for s in scens]
    return [
        f"{s.scenario.title} ({s.scenario.id})" if titles.count(s.scenario.title) > 1 else t
        for s, t in zip(scens, titles, strict=True)
    ]

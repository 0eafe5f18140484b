"""Figure labels of a scenario's dyads and variants (the deterrence report's tables and figures).

A dyad's ``label`` (``[[dyads]]``) is free text and may be written in Japanese; its actors' ids
are ASCII (:data:`anpo.deterrence.scenario.Id`). A figure drawing a dyad passes its label through
:func:`figure_dyad`, which keeps the label when an installed font draws Japanese and otherwise
substitutes ``DEFENDER-RIVAL`` (:func:`anpo.report.figures.figure_text`).

A variant is drawn by its short name (:attr:`anpo.deterrence.scenario.Variant.shown`), not by its
id: :func:`variant_names` maps the ``(year, variant id)`` the report's tables carry to it, and
:func:`figure_variant` wraps it for a tick label or a legend. Since the key is the year and the
id, :func:`check_variant_keys` refuses two scenarios with a variant of one year and id (and two
with one scenario id, the key of a scenario's sections).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from anpo.deterrence.scenario import DeterrenceScenario
from anpo.errors import ScenarioError
from anpo.report.figures import figure_text

__all__ = [
    "check_variant_keys",
    "dyad_ids",
    "dyad_slots",
    "figure_dyad",
    "figure_variant",
    "variant_names",
]


def dyad_ids(scenarios: Iterable[DeterrenceScenario]) -> dict[str, str]:
    """Each dyad's label, as the report's tables show it, -> ``DEFENDER-RIVAL`` (its actor ids).

    The label is the dyad's ``label`` when it has one, else ``DEFENDER-RIVAL`` itself.
    """
    return {d.key: f"{d.defender}-{d.rival}" for scen in scenarios for d in scen.dyads}


def dyad_slots(labels: Iterable[str], scenarios: Iterable[DeterrenceScenario]) -> dict[str, int]:
    """Each dyad label's place in the scenarios' order of dyads (labels no scenario defines
    after them, in the order given): the index of its colour and marker, so that a dyad keeps
    them in every figure, also in one that leaves out a dyad drawn elsewhere (the
    extended-deterrence figure draws only the dyads with an ally).

    >>> from types import SimpleNamespace as N
    >>> d = lambda k: N(key=k, defender="A", rival=k)
    >>> dyad_slots(["A-C", "X"], [N(dyads=[d("A-B"), d("A-C")])])
    {'A-C': 1, 'X': 2}
    """
    order = list(dyad_ids(scenarios))
    for label in labels:
        if label not in order:
            order.append(label)
    return {label: order.index(label) for label in labels}


def figure_dyad(label: str, scenarios: Iterable[DeterrenceScenario]) -> str:
    """The label a figure draws for the dyad the tables call ``label``.

    ``label`` itself unless it holds Japanese and no installed font draws Japanese; then the
    dyad's actor ids ``DEFENDER-RIVAL`` from the scenario files (``"dyad"`` for a label no
    scenario defines).
    """
    return figure_text(label, romanized=dyad_ids(scenarios).get(label, "dyad"))


def variant_names(
    scenarios: Iterable[DeterrenceScenario], *, figure: bool = True
) -> dict[tuple[int, str], str]:
    """``(year, variant id)`` -> the variant's name: its ``label`` (else its ``title``,
    :attr:`~anpo.deterrence.scenario.Variant.shown`). For a ``figure``, its id when the name holds
    Japanese and no installed font draws Japanese (:func:`anpo.report.figures.figure_text`);
    a table (HTML, CSV) keeps the name as written.

    The tables key a variant by year and id: one id ('mad') names different variants in
    different years.
    """
    return {
        (scen.scenario.year, v.id): figure_text(v.shown, romanized=v.id) if figure else v.shown
        for scen in scenarios
        for v in scen.variant_list()
    }


def check_variant_keys(
    scenarios: Iterable[DeterrenceScenario], sources: Sequence[str | Path] | None = None
) -> None:
    """Refuse two scenarios with one scenario id, or with a variant of one year and id: the
    report's deterrence tables and figures, and :func:`variant_names`, key a variant by ``(year,
    variant id)``, so the two variants' rows would merge (the exposure figure failed on them
    with a pandas error after every case was computed) and one's name would label the other's
    rows; a scenario's id keys its burden-sharing and alignment sections (two were refused
    as duplicate section ids after every section was computed), its title in the tables, and
    its rows of the variants table (the second scenario's variants were left out of it).
    Raises :class:`~anpo.errors.ScenarioError` naming both scenarios, by file when ``sources``
    (the files the scenarios were read from, in order: ``anpo report`` gives them) is given,
    and the year and variant id.

    >>> from anpo.scenario import load_book
    >>> check_variant_keys(load_book())  # the book's years differ: nothing to refuse
    >>> two = load_book()[:1] * 2
    >>> check_variant_keys(two)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    anpo.errors.ScenarioError: two scenarios have the id 'us-japan-2001': ...
    >>> check_variant_keys(two, ["a.toml", "b.toml"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    anpo.errors.ScenarioError: a.toml and b.toml have one scenario id, 'us-japan-2001': ...
    """
    scens = list(scenarios)
    files = [str(p) for p in sources] if sources is not None else None
    if files is not None and len(files) != len(scens):
        files = None  # not the scenarios' files: named by id only

    def named(k: int) -> str:
        sid = scens[k].scenario.id
        return f"{files[k]} (scenario {sid!r})" if files is not None else f"scenario {sid!r}"

    first: dict[str, int] = {}
    for k, scen in enumerate(scens):
        sid = scen.scenario.id
        if sid not in first:
            first[sid] = k
            continue
        j = first[sid]
        if files is None:
            which = f"two scenarios have the id {sid!r}"
        elif Path(files[j]).resolve() == Path(files[k]).resolve():
            which = f"{files[k]} is given twice (scenario {sid!r})"
        else:
            which = f"{files[j]} and {files[k]} have one scenario id, {sid!r}"
        raise ScenarioError(
            f"{which}: the report keys a scenario's sections, title and variants by its id; "
            "give one of them another id ([scenario] id), or run the report on one of them"
        )
    seen: dict[tuple[int, str], int] = {}
    for k, scen in enumerate(scens):
        for v in scen.variant_list():
            key = (scen.scenario.year, v.id)
            if key in seen:
                raise ScenarioError(
                    f"{named(seen[key])} and {named(k)} both have a variant {v.id!r} of "
                    f"{key[0]}: the report keys a variant by its year and id; give one of them "
                    "another variant id, or run the report on one of them"
                )
            seen[key] = k


def figure_variant(
    names: Mapping[tuple[int, str], str], year: Any, vid: Any, width: int | None = None
) -> str:
    """The variant ``vid`` of ``year`` as a figure draws it (:func:`variant_names`), wrapped to
    lines of at most ``width`` characters when ``width`` is given; its id when ``names`` does not
    know it (a table row no scenario defines).

    >>> names = {(2001, "mad"): "MAD (no U.S. defense)"}
    >>> figure_variant(names, 2001, "mad"), figure_variant(names, 2001, "mad", width=12)
    ('MAD (no U.S. defense)', 'MAD (no U.S.\\ndefense)')
    """
    text = names.get((int(year), str(vid)), str(vid))
    if width is None:
        return text
    return textwrap.fill(text, width=width, break_long_words=False, break_on_hyphens=False)

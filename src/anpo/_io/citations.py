"""What a ``source`` (or ``basis``) of an input file must be: a public citation, or a figure
labelled an assumption, never a placeholder.

The rule of the scenario book (every figure cites a public source or is labelled an assumption,
``"anpo assumption"`` or ``"anpo assumption: what is assumed"``; see the book files' headers and
:mod:`anpo.scenario.uncertainty`) is checked here for the free-text fields that carry it:

- scenario files: the ``source`` of ``[[alliances]]``, ``[[forces]]``, ``[[counterforce]]``,
  ``[[defenses]]`` and their layers, ``[[damage]]``, ``[settings]``, ``[[actors]]`` and
  ``[[contributions]]``, and the ``basis`` of ``[[uncertainties]]``;
- future files: every ``basis`` and the ``source`` of ``[[law.contributions]]``;
- alignment instance files: the optional ``source`` of ``[[actor]]`` and ``[[pair]]``.

A future's ``seed`` (the quoted passage) and ``seed_ref`` (where in the seed it is) refuse the
same placeholders (:func:`is_placeholder`), each with its own message
(:mod:`anpo.futures.schema`).

A missing or blank required source was already refused; a placeholder passed and the report
printed it as the figure's source. :data:`PLACEHOLDERS` lists the placeholders refused: the whole
value, compared without case and ignoring the blanks and punctuation around it (``TBD.``,
``[TBD]``, ``(n/a)``, ``#N/A``, ``TODO?``: the characters before the first letter or digit and
after the last); a value with no letter or digit at all (``?``, ``-``, ``...``, ``—``) is refused
too. A citation that
merely contains one of these words (``"source: FAS 2025"``, ``"unknown after 2001 (anpo
assumption)"``) is accepted: the check catches the obvious placeholder, not a poor citation.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "ASSUMPTION_LABEL",
    "PLACEHOLDERS",
    "check_citation",
    "check_optional_citation",
    "citation_problem",
    "is_placeholder",
    "placeholder_key",
]

#: How a figure without a public source is labelled (the scenario book's convention).
ASSUMPTION_LABEL = "anpo assumption"

#: Whole values refused as a source (compared case-insensitively; ``xxx`` stands for any run of
#: x's). Values with no letter or digit (``?``, ``-``, ``...``) are refused as well.
PLACEHOLDERS = frozenset(
    {
        "tbd",
        "tba",
        "tbc",
        "todo",
        "fixme",
        "placeholder",
        "n/a",
        "na",
        "none",
        "null",
        "nil",
        "unknown",
        "source",
        "xxx",
    }
)

_HINT = (
    "cite the public source of the figure (author or body, title, year), or label it "
    f"an assumption: '{ASSUMPTION_LABEL}: what is assumed'"
)


def is_placeholder(text: str) -> bool:
    """Whether ``text`` is a placeholder: as a whole value (without case, and without the blanks
    and punctuation around it: ``[TBD]``, ``(n/a)``, ``TODO?``) one of :data:`PLACEHOLDERS` or a
    run of x's, or a value with no letter or digit at all (blank included)."""
    key = placeholder_key(text)
    if not key:
        return True
    return key in PLACEHOLDERS or re.fullmatch(r"x+", key) is not None


def placeholder_key(text: str) -> str:
    """``text`` as :func:`is_placeholder` compares it: case-folded, from its first letter or
    digit to its last (``" [N/A]. "`` -> ``"n/a"``; empty when it has none)."""
    key = text.casefold()
    start = next((i for i, ch in enumerate(key) if ch.isalnum()), len(key))
    end = next((i for i in range(len(key), start, -1) if key[i - 1].isalnum()), start)
    return key[start:end]


def citation_problem(value: str, *, required: bool = True) -> str | None:
    """What is wrong with ``value`` as a source, or None when it may stand.

    Blank: a problem when ``required`` (an optional source may be left out or empty). A
    placeholder (:data:`PLACEHOLDERS`, or no letter or digit): always a problem, the message
    saying what a source must be.
    """
    if not value.strip():
        return f"the source is blank: {_HINT}" if required else None
    if is_placeholder(value):
        return f"a placeholder is not a source: {_HINT}"
    return None


def check_citation(value: Any, *, required: bool = True) -> Any:
    """``value`` unchanged when it may stand as a source, else ``ValueError`` with the reason
    (:func:`citation_problem`); a value that is not a text is left to the field's type check.
    Used as a pydantic ``BeforeValidator`` so that the reason comes before a length check."""
    if isinstance(value, str):
        problem = citation_problem(value, required=required)
        if problem:
            raise ValueError(problem)
    return value


def check_optional_citation(value: Any) -> Any:
    """:func:`check_citation` for a source that may be left empty."""
    return check_citation(value, required=False)

"""Facts in: validate the facts of a question and expand a location preset into facts.

A question to :func:`anpo.law.ask` states the facts of the place and situation as a mapping
(``where``, ``consent``, ``combat_now``, ``combat_expected`` and the condition facts of
:data:`anpo.law.vocab.FACTS`). A key left out is a *missing* fact. The six location presets of
:data:`anpo.law.vocab.LOCATIONS` stand for fixed facts (:data:`anpo.law.vocab.PRESETS`); given both,
a stated fact overrides the preset's.

Values may be Python values or text (``"true"``, ``"no"``, ``"1"`` ...), as typed on the command line
(``anpo law ask ... --fact combat_expected=true``); a yes-or-no fact also takes a numpy boolean
(``np.True_``, as a pandas row or a numpy array holds one), read as the ``bool`` it holds. The
numbers 1 and 0 are not booleans here (the text ``"1"`` and ``"0"`` is).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any

from anpo.errors import LawError
from anpo.law.vocab import (
    ALONGSIDE,
    FACT_DEFAULTS,
    FACTS,
    PRESETS,
    WHERE,
    close_names,
    did_you_mean,
    unknown,
)

_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}

Facts = dict[str, Any]


def _numpy_bool(value: object) -> bool:
    """Whether ``value`` is a numpy boolean; without numpy loaded nothing is one (so the
    questions need not import numpy)."""
    np = sys.modules.get("numpy")
    return np is not None and isinstance(value, np.bool_)


def _value(key: str, value: Any) -> Any:
    kind = FACTS[key][0]
    if kind == "bool":
        # a numpy boolean (a fact read from a DataFrame or an array) is the bool it holds; it
        # was refused as "must be true or false, got np.True_" where the text "yes" was taken
        if isinstance(value, bool) or _numpy_bool(value):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise LawError(f"fact {key!r} must be true or false, got {value!r}", field=f"facts.{key}")
    text = str(value).strip() if isinstance(value, str) else value
    # a value that is not text is never one of the places (a list was a TypeError,
    # 'unhashable type'); a misspelt one is answered with the value it most likely meant
    if kind == "where":
        if not isinstance(text, str) or text not in WHERE:
            hint = did_you_mean(close_names(value, WHERE, {k: ja for k, (_, ja) in WHERE.items()}))
            raise LawError(
                f"fact 'where' must be one of {', '.join(WHERE)}, got {value!r}{hint}",
                field="facts.where",
            )
        return text
    if key == "alongside" and (not isinstance(text, str) or text not in ALONGSIDE):
        raise LawError(
            f"fact 'alongside' must be one of {', '.join(ALONGSIDE)}, got {value!r}"
            + did_you_mean(close_names(value, ALONGSIDE)),
            field="facts.alongside",
        )
    return text


def normalize(facts: Mapping[str, Any] | None) -> Facts:
    """The facts with known keys and typed values; :class:`LawError` naming the bad key."""
    if facts is not None and not isinstance(facts, Mapping):
        raise LawError(
            f"facts must be a mapping of fact names to values, got {type(facts).__name__}",
            field="facts",
        )
    out: Facts = {}
    for key, value in (facts or {}).items():
        if key not in FACTS:
            hint = did_you_mean(close_names(key, FACTS))
            raise LawError(
                f"unknown fact {key!r}{hint}; valid facts: {', '.join(FACTS)}",
                field=f"facts.{key}",
            )
        if value is None:
            continue  # an explicit None is a missing fact
        out[key] = _value(key, value)
    return out


def expand(location: str | None, facts: Mapping[str, Any] | None) -> Facts:
    """The facts of a question: the preset's facts (if ``location`` is given), overridden by the
    stated ``facts``, then the defaults of framing facts (``alongside``: ``none``)."""
    out: Facts = {}
    if location is not None:
        if msg := unknown("location", location):
            raise LawError(msg, field="location")
        out.update(PRESETS[location])
    out.update(normalize(facts))
    for key, value in FACT_DEFAULTS.items():
        out.setdefault(key, value)
    return out


def parse_assignments(items: Iterable[str]) -> Facts:
    """``["combat_now=false", "where=high-seas"]`` -> facts (the CLI's ``--fact KEY=VALUE``).

    A fact given twice must say the same both times (``combat_expected=true`` and ``=yes``); two
    different values are a :class:`LawError` (the last one silently won before). One
    assignment as a string is a list of it (a string was read letter by letter: "--fact takes
    KEY=VALUE, got 'c'"); anything else that is not text is a :class:`LawError`, not a
    TypeError or AttributeError."""
    if isinstance(items, str):
        items = [items]
    elif not isinstance(items, Iterable):
        raise LawError(f"--fact takes KEY=VALUE strings, got {type(items).__name__}", field="fact")
    out: Facts = {}
    typed: dict[str, str] = {}  # each fact's value as the user wrote it, for the message
    for item in items:
        if not isinstance(item, str):
            raise LawError(f"--fact takes KEY=VALUE, got {item!r}", field="fact")
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise LawError(f"--fact takes KEY=VALUE, got {item!r}", field="fact")
        fact = normalize({key: value.strip()})
        if key in out and key in fact and out[key] != fact[key]:
            raise LawError(
                f"fact {key!r} is given twice with different values ({typed[key]!r} and "
                f"{value.strip()!r}); give it once",
                field=f"facts.{key}",
            )
        out.update(fact)
        typed.setdefault(key, value.strip())
    return out


def _code(key: str, value: Any) -> str:
    """``key=value`` as typed on the command line (``combat_now=false``)."""
    return f"{key}={str(value).lower() if isinstance(value, bool) else value}"


#: What ``alongside`` states (its vocabulary gloss also lists its values).
_ALONGSIDE_LABEL = (
    "the support is given by SDF units carrying out search and rescue or ship inspection, to "
    "U.S. units doing the same"
)


def _label(key: str) -> str:
    kind, label, _ = FACTS[key]
    if kind == "where":
        return "the place of the activity"
    return _ALONGSIDE_LABEL if key == "alongside" else label


def fact_label(key: str) -> str:
    """What a fact states, in the vocabulary's words (:data:`anpo.law.vocab.FACTS`), with its
    key in parentheses.

    >>> fact_label("combat_now"), fact_label("where")
    ('combat acts are actually taking place at the site (combat_now)', 'the place of the activity (where)')
    """
    return f"{_label(key)} ({key})"


def fact_in_words(key: str, value: Any) -> str:
    """One fact for a reader, its key and value in parentheses as typed on the command line.
    Source: the fact vocabulary, :data:`anpo.law.vocab.FACTS` and :data:`anpo.law.vocab.WHERE`.

    >>> fact_in_words("consent", True)
    'the territorial state consents to the activity on its territory: yes (consent=true)'
    >>> fact_in_words("where", "high-seas")
    'the place of the activity: high seas and airspace away from Japan (where=high-seas)'
    >>> fact_in_words("alongside", "ship-inspection").split(": ")[1]
    'yes, ship inspection (alongside=ship-inspection)'
    """
    code = _code(key, value)
    if FACTS[key][0] == "where" and value in WHERE:
        words = WHERE[value][0]
    elif key == "alongside":
        words = "no" if value == "none" else f"yes, {str(value).replace('-', ' ')}"
    elif isinstance(value, bool):
        words = "yes" if value else "no"
    else:
        words = str(value)
    return f"{_label(key)}: {words} ({code})"


def facts_in_words(facts: Mapping[str, Any]) -> str:
    """The facts for a reader (:func:`fact_in_words`), in the vocabulary's order, separated by
    semicolons (the labels hold commas); ``""`` for none."""
    return "; ".join(fact_in_words(k, facts[k]) for k in FACTS if k in facts)

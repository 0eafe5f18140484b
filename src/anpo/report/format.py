"""The one number formatter of the report: HTML tables, the terminal summary and CSV files.

Rules (issue 11, item 3):

* a missing value (``None``, NaN, ``pd.NA``) is shown as an en dash, never as ``nan``;
* ``|x| < 1e-12`` is floating-point noise and is shown as 0, except in the kinds of a model's
  results (``"resolved"``, ``"cost"``, ``"percent"``, ``"source-percent"``), which print 0 and 1
  (``0%``, ``100%``) only for a value that is exactly 0 or 1: a probability of 9.1e-13 is a
  possible event, not an impossible one, and a bound (``< 0.001``) is true of any value on its
  side, noise included. A model that computes a certain event as ``1 - 2.2e-16`` is mended in
  the model (it returns the exact value), not by a tolerance here;
* integers, and floats that hold a whole number, are shown as integers (a year is ``2001``,
  never ``2001.0``; counts of 10,000 or more get thousands separators, years never do);
* other numbers get three significant figures (``0.0234``, ``12.3``), numbers of 100 or more
  are rounded to a whole number (``1235``; thousands separators from 10,000, as for integers,
  so that a column mixing whole and fractional numbers reads alike), and numbers below 0.001
  use a short exponent (``1.83e-5``), as do floats of :data:`LARGE` (``1e15``) or more
  (``1e300``, not a 301-digit integer);
* probabilities (``kind="prob"``) follow the same three-significant-figure rule and percentages
  (``kind="percent"``) print ``0.1234`` as ``12.3%``, a fraction below 1 that rounds to 100% as
  ``> 99.9%`` (``1 - 1e-15`` included: ``100%`` is the whole, exactly 1), a negative one as the
  positive with its sign (``< -99.9%``); :func:`fmt_share`'s bounds mirror so (``< 0.1%``,
  ``> -0.1%``: never a signed zero, ``-0.0%``);
* ``kind="resolved"`` is a model output whose small digits carry no meaning (a deterrence
  model's probabilities, damage fractions and costs, which treat warhead kills as independent):
  it prints like ``"prob"`` but a value strictly between 0 and :data:`RESOLUTION` in size is
  ``< 0.001`` (``> -0.001``), and one strictly between ``1 - RESOLUTION`` and 1 is ``> 0.999``,
  however close to 0 or 1 (``9.1e-13`` is ``< 0.001``, ``1 - 1e-15`` is ``> 0.999``): ``0`` and
  ``1`` are an exact 0 and 1 only; CSV files keep the computed values;
* ``kind="resolved-percent"`` is a ``"resolved"`` probability written as a percentage, the
  one scale a reader meets for a deterrence model's probabilities (the futures' scorecard
  prints the same assured-retaliation probability in percent): ``< 0.1%`` and ``> 99.9%``
  are its bounds, ``0%`` and ``100%`` an exact 0 and 1 only; CSV files keep the computed
  fractions (0-1);
* ``kind="cost"`` is a deterrence model's Kent-Thaler cost, or a difference of two (a
  first-strike incentive ``C2 - C1``): not a probability, since a cost runs from 0 to 1 plus the
  surcharge (1.3 with Kent & Thaler's weights) and an incentive can be negative. It keeps the
  model's resolution at zero (``< 0.001``, ``> -0.001``: the costs come from the same
  independent warhead kills as the probabilities; ``0`` only for an exact 0, as there) and
  three significant figures elsewhere,
  but has no ``> 0.999`` bound: 1 is no ceiling for a cost, and the bound printed 0.9995 as
  ``> 0.999`` and 1.000025 as ``1``, as if 1 lay between them;
* ``kind="precise"`` keeps six significant figures, for values that differ only in later digits
  (energies of neighbouring configurations);
* identifiers (``kind="code"``: COW codes, dispute numbers) are written as they are, like years;
* booleans are ``yes``/``no``; dates are ISO text.

The command line's tables (:func:`anpo.cli._common.print_frame`) use the same formatter.

:func:`clean_frame` applies the same rules to a table's *types* for CSV files: whole-number float
columns become integer columns, and in columns of other kinds noise becomes 0 and binary noise in
the last digits is removed (12 significant digits), so a spreadsheet reads ``2001`` and ``0.3``,
not ``2001.0`` and ``0.30000000000000004``. A column of the kinds of a model's results
(``"resolved"``, ``"cost"``, ``"percent"``, ``"source-percent"``, given by the table's ``kinds``)
is written to 15 significant digits and never rounded to an exact 0 or 1 it is not
(:func:`clean_exact`: ``0.999999999999507``, which the page prints ``> 0.999``; rounding to 12
wrote ``1.0``, a certain event the page denies): only a whole-number column of them becomes an
integer column, which loses nothing. A column with a scale
(:attr:`anpo.report.sections.Table.scales`: an alignment instance's energies, of the sum of its
|weights|) judges noise against it, as :func:`fmt_scaled` does on the page: a user's instance of
propensities of 1e-14 keeps its energies (``-8e-14``), where the absolute rule wrote 0; at a scale
of 1 or more nothing changes.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pandas as pd

NOISE = 1e-12
"""Absolute values below this are floating-point noise and are shown as 0."""

MISSING = "–"

LARGE = 1e15
"""A float this large or larger is shown with an exponent (``1e300``, not a 301-digit number):
a float holds about 16 significant digits, the rest of a whole number's digits are binary
noise. Integers (``int``, NumPy integer types) are exact and written in full."""

RESOLUTION = 1e-3
"""Below this (and within this of 1) a ``"resolved"`` number is shown as a bound, not digits."""

_EXACT_KINDS = frozenset({"resolved", "cost", "percent", "resolved-percent"})
"""The kinds of a model's probabilities, costs and shares: 0 (and for probabilities and
percentages 1, 100%) only for a value that is exactly that, never by the :data:`NOISE` rule (a
probability of 9.1e-13 is a possible event, not an impossible one); a value between is a bound
(``< 0.001``, ``> 0.999``) or its digits."""

Kind = Literal[
    "auto",
    "prob",
    "percent",
    "int",
    "year",
    "code",
    "text",
    "precise",
    "resolved",
    "cost",
    "p",
    "tenths",
    "source-percent",
    "resolved-percent",
]

_YEAR_COLUMN = re.compile(r"(^|[_\s])years?($|[_\s])", re.I)
#: Identifiers, shown as written (a code of 10,000 or more gets no thousands separator).
_ID_COLUMN = re.compile(r"(^|[_\s])(c?code\d?|gwcode\d?|id|dispnum|warnum|version)$", re.I)


def _numpy_scalar(value: Any, kind: str) -> bool:
    """True when ``value`` is a NumPy scalar of ``kind`` (``"bool_"``, ``"integer"``,
    ``"floating"``). NumPy is not imported for this: a value can be one of its scalars only
    once it is loaded (the CLI formats numbers without loading it, as for pandas in
    :func:`is_missing`)."""
    npm = sys.modules.get("numpy")
    return npm is not None and isinstance(value, getattr(npm, kind))


def is_missing(value: Any) -> bool:
    """True for None, NaN, ``pd.NA`` and ``pd.NaT``."""
    if value is None:
        return True
    # pandas is not imported for this: a value can be one of its missing marks only once it is
    # loaded (the CLI formats numbers without loading pandas)
    pdm = sys.modules.get("pandas")
    if pdm is not None and (value is pdm.NA or value is pdm.NaT):
        return True
    if isinstance(value, float) or _numpy_scalar(value, "floating"):
        return bool(math.isnan(value))
    return False


def _sig3(x: float) -> str:
    """Three significant figures, trailing zeros dropped, no exponent from 0.001 to below
    :data:`LARGE` (whole numbers from 100), a short exponent outside.

    >>> [_sig3(v) for v in (1234.5, 0.135, 1e300, -2.5e16, 999_999_999_999_999.6, 2.5e-5)]
    ['1234', '0.135', '1e300', '-2.5e16', '1e15', '2.5e-5']
    """
    ax = abs(x)
    if ax >= LARGE or (ax >= 100 and round(ax) >= LARGE):
        return _exponent(x)
    if ax >= 100:
        return _whole_text(round(x))
    if ax >= 1e-3:
        decimals = 2 - math.floor(math.log10(ax))
        text = f"{x:.{decimals}f}"
        # rounding may carry into a new digit (99.96 -> 100.0): redo at the new magnitude
        if abs(float(text)) >= 100:
            return _whole_text(round(float(text)))
        return text.rstrip("0").rstrip(".") if "." in text else text
    return _exponent(x)


def _exponent(x: float) -> str:
    """Three significant figures with a short exponent: ``1.83e-5``, ``1e300``."""
    mantissa, exp = f"{x:.2e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exp)}"


def _whole_text(n: int) -> str:
    """A whole number as text: thousands separators from 10,000 (``4929``, ``12,000``)."""
    return str(n) if abs(n) < 10_000 else f"{n:,}"


def _whole(x: float) -> bool:
    return x == math.floor(x) and abs(x) < 1e15


def fmt_number(value: Any, kind: Kind = "auto", *, decimals: int | None = None) -> str:
    """Format one value for a reader (HTML table cell, terminal, sentence).

    ``decimals`` writes a float with that many decimals (of its percentage, for
    ``"percent"`` and ``"resolved-percent"``) instead of significant figures, for a column
    printed to a fixed precision (``anpo defense``'s "52.4460%" and "2.080000"). The model's
    resolution is then that of the last decimal shown: a value that is not 0 (not 1) whose
    digits would read as 0 (as 100%) reads as the bound at the last decimal (``"< 0.0001%"``,
    ``"> 99.9999%"``, ``"< 0.000001"``), and an exact 0 or 1 keeps the decimals
    (``"0.0000%"``, ``"100.0000%"``), so a column of them stays aligned; the kinds' bounds at
    :data:`RESOLUTION` are not applied, nor is the :data:`NOISE` rule to a kind of a model's
    results. Only a ``"percent"`` kind has the bound near 1 (1 is no ceiling for a count).

    >>> [fmt_number(x, "resolved-percent", decimals=4) for x in (0.52446, 1.1e-8, 1 - 1.1e-8)]
    ['52.4460%', '< 0.0001%', '> 99.9999%']
    >>> [fmt_number(x, "resolved-percent", decimals=4) for x in (1.0, 0.0, 0.00075)]
    ['100.0000%', '0.0000%', '0.0750%']
    >>> [fmt_number(x, "cost", decimals=6) for x in (2.08, 1.1e-8, 0.0, 1 - 1e-9, 1e-13)]
    ['2.080000', '< 0.000001', '0.000000', '1.000000', '< 0.000001']

    >>> [fmt_number(v) for v in (2001.0, 1.831e-25, -2.22e-16, 0.123456, 4924.3, 4929, 12000)]
    ['2001', '0', '0', '0.123', '4924', '4929', '12,000']
    >>> fmt_number(0.1234, "percent"), fmt_number(float("nan")), fmt_number(2.5e-5, "prob")
    ('12.3%', '–', '2.5e-5')
    >>> fmt_number(2001, "year"), fmt_number(True)
    ('2001', 'yes')
    >>> [fmt_number(v, "resolved") for v in (2e-7, -3e-9, 0.0, 0.9999, 1.0, 1 - 1e-15, 0.25)]
    ['< 0.001', '> -0.001', '0', '> 0.999', '1', '> 0.999', '0.25']
    >>> fmt_number(0.0625**10, "resolved"), fmt_number(9.1e-13), fmt_number(-1e-17, "cost")
    ('< 0.001', '0', '> -0.001')
    >>> [fmt_number(v, "cost") for v in (3.4e-9, -2e-5, 0.9995, 1.000025, 1.2575, 0.0215, 0.0)]
    ['< 0.001', '> -0.001', '1', '1', '1.26', '0.0215', '0']
    >>> [fmt_number(v, "p") for v in (1.66e-5, 0.00185, 0.5, 1.0, 0.0)]
    ['< 0.0001', '0.0019', '0.50', '1', '< 0.0001']
    >>> import numpy as np
    >>> [fmt_number(v) for v in (1e300, -3.2e18, 1e15, 123456789012345.0, 10**20, np.int64(10**16))]
    ['1e300', '-3.2e18', '1e15', '123,456,789,012,345', '100,000,000,000,000,000,000', '10,000,000,000,000,000']
    >>> [fmt_number(v, "percent") for v in (0.9996, 0.9994, 1.0, 1 - 1e-15, 0.0, 2.5e-13)]
    ['> 99.9%', '99.9%', '100%', '> 99.9%', '0%', '2.5e-11%']
    >>> [fmt_number(v, "percent") for v in (-0.9996, -1.0, -2.5e-13, 123.456)]
    ['< -99.9%', '-100%', '-2.5e-11%', '12,346%']
    >>> fmt_number(1e300, "int"), fmt_number(4.2e17, "percent"), fmt_number(1e300, "precise")
    ('1e300', '4.2e19%', '1e300')
    >>> [fmt_number(v, "tenths") for v in (275.6, 189.9, 250.0, 1055.1, 6.2, 273.739, 0.04)]
    ['275.6', '189.9', '250', '1,055.1', '6.2', '273.7', '0.04']
    >>> fmt_number(0.745, "source-percent"), fmt_number(1 - 1e-15, "source-percent")
    ('74.5%', '> 99.9%')
    >>> [fmt_number(v, "resolved-percent") for v in (2e-7, 0.0, 0.9992, 1.0, 0.5, 0.1234, 1)]
    ['< 0.1%', '0%', '> 99.9%', '100%', '50%', '12.3%', '100%']

    ``"tenths"``: amounts that sources print to one decimal (billion yen to 100 million: 275.6,
    not ``'276'``), so three significant digits would drop a digit the source gives; a whole
    amount stays whole ('250'; 253.96 is '254.0'), one below 0.1 keeps three significant digits.
    """
    if kind == "source-percent":
        # a share typed from a source (a kind of tables: :func:`format_frame`), one percentage
        kind = "percent"
    if is_missing(value):
        return MISSING
    if isinstance(value, bool) or _numpy_scalar(value, "bool_"):
        return "yes" if value else "no"
    pdm = sys.modules.get("pandas")
    if pdm is not None and isinstance(value, pdm.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if kind == "text" or isinstance(value, str):
        return str(value)
    if isinstance(value, int) or _numpy_scalar(value, "integer"):
        n = int(value)
        if decimals is not None:
            return fmt_number(float(n), kind, decimals=decimals)
        if kind in ("percent", "resolved-percent"):
            return fmt_number(float(n), "percent")
        return str(n) if kind in ("year", "code") else _whole_text(n)
    if isinstance(value, float) or _numpy_scalar(value, "floating"):
        x = float(value)
        if decimals is not None and math.isfinite(x) and kind != "p":
            return _fixed(x, kind, decimals)
        if kind == "p":  # a p-value as the prose gives them: never '1.66e-5', never '0'
            return fmt_p(x)
        if math.isinf(x):
            return "∞" if x > 0 else "−∞"
        if abs(x) < NOISE and kind not in _EXACT_KINDS:
            return "0"
        if kind == "resolved-percent":
            # a "resolved" probability as a percentage: its bounds at the model's resolution
            if 0 < abs(x) < RESOLUTION:  # a change of probability may be negative
                return f"< {100 * RESOLUTION:g}%" if x > 0 else f"> -{100 * RESOLUTION:g}%"
            if 1 - RESOLUTION < x < 1:
                return f"> {100 * (1 - RESOLUTION):g}%"
            return fmt_number(x, "percent")
        if kind == "percent":
            if x == 0:
                return "0%"
            text = _sig3(x * 100) + "%"
            # a fraction below 1 never reads as the whole: 0.9996 is "> 99.9%", not "100%"
            if text == "100%" and x < 1:
                return "> 99.9%"
            if text == "-100%" and x > -1:
                return "< -99.9%"
            return text
        if abs(x) >= LARGE:
            return _exponent(x)
        if kind in ("year", "code"):
            return str(round(x))
        if kind == "int":
            return _whole_text(round(x))
        if kind == "tenths" and abs(x) >= 0.1 and not _whole(x):
            return f"{x:,.1f}"
        if _whole(x):
            return fmt_number(int(x), kind)
        if kind == "precise":
            return f"{x:.6g}".replace("e-0", "e-").replace("e+0", "e+")
        if kind in ("resolved", "cost") and abs(x) < RESOLUTION:
            return f"< {RESOLUTION:g}" if x > 0 else f"> -{RESOLUTION:g}"
        if kind == "resolved" and 1 - RESOLUTION < x < 1:
            return f"> {1 - RESOLUTION:g}"
        return _sig3(x)
    return str(value)


#: The kinds whose numbers are written as percentages of the fractions computed (a CSV keeps
#: the fraction: :func:`anpo.report.tables.column_entries`).
PERCENT_KINDS = frozenset({"percent", "resolved-percent", "source-percent"})


def _fixed(x: float, kind: str, decimals: int) -> str:
    """:func:`fmt_number`'s ``decimals``: ``x`` (finite) with ``decimals`` decimals, of its
    percentage for a ``"percent"`` kind (:func:`fmt_share`'s bounds, ``exact``), a value whose
    digits would print an end it does not reach as the bound at the last decimal."""
    if decimals < 0:
        raise ValueError(f"decimals must be 0 or more, got {decimals}")
    percent = kind in PERCENT_KINDS
    if x == 0 or (abs(x) < NOISE and kind not in _EXACT_KINDS):
        return f"{0:.{decimals}f}" + ("%" if percent else "")
    if percent:
        return fmt_share(x, decimals=decimals, exact=True)
    shown = float(f"{x:.{decimals}f}")
    if shown == 0:  # not 0, but its digits would say so: the bound at the last decimal
        step = f"{10.0**-decimals:.{decimals}f}"
        return f"< {step}" if x > 0 else f"> -{step}"
    return f"{x:,.{decimals}f}" if abs(shown) >= 10_000 else f"{x:.{decimals}f}"


def fmt_scaled(value: Any, scale: float, kind: Kind = "auto") -> str:
    """:func:`fmt_number` of a quantity of something whose magnitude is ``scale`` (an alignment
    instance's largest |propensity|, say): floating-point noise is then relative to it, below
    :data:`NOISE` x ``scale``, not the absolute :data:`NOISE`, so a change of an instance whose
    propensities are of order 1e-14 shows its digits (``'1.33e-14'``), where fmt_number's
    noise rule printed ``'0'``. With a ``scale`` of 1 or more (or not a finite number), a
    value of :data:`NOISE` or more, or a kind of a model's results (they have no noise rule),
    it is :func:`fmt_number`.

    >>> fmt_scaled(1.3333e-14, 1e-14), fmt_number(1.3333e-14), fmt_scaled(-4e-14, 1e-14)
    ('1.33e-14', '0', '-4e-14')
    >>> fmt_scaled(1e-27, 1e-14), fmt_scaled(1e-13, 1.0), fmt_scaled(1.5, 1e-14)
    ('0', '0', '1.5')
    >>> fmt_scaled(-2.6666666693333e-14, 1e-14, "precise")
    '-2.66667e-14'
    """
    s = abs(float(scale)) if isinstance(scale, int | float) and math.isfinite(scale) else 1.0
    if (
        kind in _EXACT_KINDS
        or isinstance(value, bool)
        or not (isinstance(value, int | float) or _numpy_scalar(value, "floating"))
        or is_missing(value)
    ):
        return fmt_number(value, kind)
    x = float(value)
    if not math.isfinite(x) or abs(x) >= NOISE or not 0 < s < 1:
        return fmt_number(value, kind)
    if abs(x) <= NOISE * s:  # noise of a quantity of this scale
        return fmt_number(0.0, kind)
    if kind == "precise":
        return f"{x:.6g}".replace("e-0", "e-")
    return _exponent(x)


def upper_first(text: str) -> str:
    """``text`` with its first letter upper-case and the rest as written, for a phrase that
    opens a sentence ('the United States has ...'; ``str.capitalize`` would write 'the u.s.').
    An empty text stays empty.

    >>> upper_first("the U.S. and Japan"), upper_first("")
    ('The U.S. and Japan', '')
    """
    return text[:1].upper() + text[1:]


def join_words(items: Sequence[str], word: str = "and", empty: str = "none") -> str:
    """Items in a sentence, ``a, b and c`` (no Oxford comma), the report's one joiner.

    ``word`` joins the last two items (``"or"`` for a choice: 'one of A, B or C'); ``empty`` is
    what an empty list reads as (``"none"`` where the text names the empty set, ``""`` where the
    caller leaves the phrase out).

    >>> join_words(["A", "B", "C"]), join_words(["A", "B"], "or"), join_words(["A"])
    ('A, B and C', 'A or B', 'A')
    >>> join_words([]), join_words([], empty="")
    ('none', '')
    """
    if not items:
        return empty
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def bounds_words(lo: Any, hi: Any, joiner: tuple[str, str] = ("between", "and")) -> str:
    """The range a whole-number input accepts, in words (empty when unbounded): the CLI's and
    the web app's one wording; ``joiner``: the words around the two bounds.

    >>> bounds_words(0, 2000), bounds_words(0, 10**7, ("from", "to")), bounds_words(1, None)
    ('between 0 and 2,000', 'from 0 to 10,000,000', 'of at least 1')
    """
    if lo is not None and hi is not None:
        return f"{joiner[0]} {lo:,} {joiner[1]} {hi:,}"
    if lo is not None:
        return f"of at least {lo:,}"
    if hi is not None:
        return f"of at most {hi:,}"
    return ""


def count_noun(n: int, word: str, plural: str | None = None) -> str:
    """``n`` and a noun, plural unless ``n`` is 1 (thousands separated), the report's and the
    web app's one way to count things in prose; ``plural``: the plural of a noun that does not
    take a plain ``s`` (default: ``word + "s"``).

    >>> count_noun(1, "decoy"), count_noun(2, "contribution"), count_noun(11200, "warhead")
    ('1 decoy', '2 contributions', '11,200 warheads')
    >>> count_noun(1, "box", "boxes"), count_noun(3, "box", "boxes")
    ('1 box', '3 boxes')
    """
    return f"{n:,} " + (word if n == 1 else plural or f"{word}s")


def year_ranges(years: Iterable[int]) -> str:
    """Years as runs for a reader, the report's one style: sorted, duplicates dropped, a run of
    consecutive years as ``first-last``.

    >>> year_ranges([2005, 2001, 2002, 2003, 2003]), year_ranges([1950]), year_ranges([])
    ('2001-2003, 2005', '1950', '')
    """
    ys = sorted({int(y) for y in years})
    out: list[str] = []
    i = 0
    while i < len(ys):
        j = i
        while j + 1 < len(ys) and ys[j + 1] == ys[j] + 1:
            j += 1
        out.append(str(ys[i]) if i == j else f"{ys[i]}-{ys[j]}")
        i = j + 1
    return ", ".join(out)


def fmt_p(p: float | None) -> str:
    """A p-value (or PRIM's quasi-p-value) for readers: '< 0.0001' below that, else two
    significant figures, a trailing zero kept (0.0104 is '0.010', not '0.01', which reads as
    one figure), and an exact 1 as '1'; '' when there is none. Never '0': a p-value
    underflowing to 1e-17 is tiny, not zero.

    >>> [fmt_p(v) for v in (1.07e-17, 0.0, 6.19e-4, 0.73828125, 1.0, None, float("nan"))]
    ['< 0.0001', '< 0.0001', '0.00062', '0.74', '1', '', '']
    >>> [fmt_p(v) for v in (0.0104, 0.5, 0.2, 0.996)]
    ['0.010', '0.50', '0.20', '1.0']
    """
    if p is None or math.isnan(p):
        return ""
    if p < 1e-4:
        return "< 0.0001"
    return "1" if p == 1.0 else f"{p:#.2g}"


def fmt_about(value: Any, approximate: bool, kind: Kind = "auto") -> str:
    """``value`` by :func:`fmt_number` (``kind`` as there), after 'about' where the source gives
    the figure as approximate (a round number); a missing figure is the dash, never 'about –'.

    >>> fmt_about(250.0, True), fmt_about(275.6, False, "tenths"), fmt_about(None, True)
    ('about 250', '275.6', '–')
    """
    text = fmt_number(value, kind)
    return "about " + text if approximate and text != MISSING else text


def fmt_decimals(value: Any, decimals: int = 2, undefined: str = "n/a") -> str:
    """A score at a fixed number of ``decimals``, zeros kept (``0.84``, ``0.00``, ``1.00``), and
    ``undefined`` where it is missing (None, NaN, ``pd.NA``): the relations tables and reasons,
    whose captions list the ``n/a`` cells as undefined and explain a printed ``0.00`` (a
    computed zero), unlike :func:`fmt_estimate`'s ``0``, ``< 0.01`` and en dash.

    >>> fmt_decimals(0.8412), fmt_decimals(0.0), fmt_decimals(float("nan")), fmt_decimals(0.4, 3)
    ('0.84', '0.00', 'n/a', '0.400')
    """
    return undefined if is_missing(value) else f"{float(value):.{decimals}f}"


def fmt_share(
    x: float, digits: int = 2, *, decimals: int | None = None, exact: bool = False
) -> str:
    """A fraction as a percentage for a reader, the report's one percentage style: the sign
    straight after the number (``'74.5%'``, as :func:`fmt_number` with ``kind="percent"``).

    ``digits`` significant digits are kept, trailing zeros included (the burden-sharing
    sentences, where the digits shown are the precision of the source); ``decimals`` instead
    fixes the number of decimals (``decimals=0``: a whole percentage, ``'75%'``). A value within
    :data:`NOISE` of 0 or 1 reads as 0% or the whole (a share summed in floating point);
    ``exact=True``: only an exact 0 or 1 does, the rule of :func:`fmt_number`'s ``"percent"``
    kind, whose table columns :func:`fmt_percent_column` writes.

    >>> fmt_share(0.000496), fmt_share(0.745, 3), fmt_share(0.7451, decimals=0)
    ('0.050%', '74.5%', '75%')
    >>> fmt_share(0.0, decimals=1), fmt_share(0.05, decimals=1), fmt_share(float("nan"))
    ('0%', '5.0%', '–')
    >>> fmt_share(0.9996), fmt_share(0.996, decimals=0), fmt_share(0.0004, decimals=1)
    ('> 99%', '> 99%', '< 0.1%')
    >>> fmt_share(1.0), fmt_share(0.995, 3)
    ('100%', '99.5%')
    >>> fmt_share(1 - 1e-15, decimals=1), fmt_share(1 - 1e-15, decimals=1, exact=True)
    ('100.0%', '> 99.9%')
    >>> fmt_share(1e-13, decimals=0), fmt_share(1e-13, decimals=0, exact=True), fmt_share(1e-13)
    ('0%', '< 1%', '0%')

    A negative share (a change, a fall) reads as the positive one with its sign: a bound
    where its digits would be a zero (``'> -0.1%'``, as :func:`fmt_number`'s ``'> -0.001'``),
    never ``'-0.0%'``; a fraction above -1 never as the whole (``'< -99.9%'``); within
    :data:`NOISE` of 0, and not ``exact``, it is noise and reads ``'0%'``, unsigned:

    >>> fmt_share(-0.0004, decimals=1), fmt_share(-4e-6), fmt_share(-0.9996, decimals=1)
    ('> -0.1%', '-0.00040%', '< -99.9%')
    >>> fmt_share(-1e-13, decimals=1), fmt_share(-1e-13, decimals=1, exact=True)
    ('0.0%', '> -0.1%')

    A share of 100 times the whole or more gets thousands separators, as :func:`fmt_number`
    writes numbers from 10,000, and from :data:`LARGE` percent an exponent (its other digits
    are binary noise):

    >>> fmt_share(123.456, decimals=1), fmt_share(-1234.5678), fmt_share(99.994), fmt_share(1e20)
    ('12,345.6%', '-123,457%', '9999%', '1e22%')
    """
    if is_missing(x) or not math.isfinite(float(x)):
        return MISSING
    x = float(x)
    pct = x * 100.0
    if pct == 0:
        return "0%"
    tol = 0.0 if exact else NOISE
    if abs(x) < tol:  # floating-point noise: 0, unsigned ('-0.0%' read as a fall)
        return "0%" if decimals is None else f"{0:.{decimals}f}%"
    if abs(pct) >= LARGE:
        return _exponent(pct) + "%"
    if decimals is None:
        decimals = max(0, digits - 1 - int(math.floor(math.log10(abs(pct)))))
    shown = float(f"{pct:.{decimals}f}")
    step = 10.0**-decimals
    # a share that is neither nothing nor the whole never reads as either: a bound instead
    # (a negative one as the positive, its sign kept: '-0.0%' read as an exact 0)
    if abs(x) < 1 and 1 - abs(x) >= tol and abs(shown) >= 100:
        return f"{'> ' if x > 0 else '< -'}{100 - step:.{decimals}f}%"
    if shown == 0:
        return f"{'< ' if x > 0 else '> -'}{step:.{decimals}f}%"
    # thousands separators from 10,000, as fmt_number's (_whole_text)
    return f"{pct:,.{decimals}f}%" if abs(shown) >= 10_000 else f"{pct:.{decimals}f}%"


def fmt_estimate(value: Any, half_width: Any = None, decimals: int = 2) -> str:
    """An estimate with its interval half-width at a fixed number of ``decimals`` (indices and
    shares between 0 and 1: Sobol' indices, PRIM's coverage).

    An estimate that is floating-point noise is 0; one that is not zero but rounds to zero says so
    (``< 0.01``), never ``0.00`` or ``1.2e-15``; a half-width that rounds to zero is left out;
    a half-width given but undefined (NaN: the interval could not be computed) is said to be
    missing, so that the estimate is not read as one known to within the rounding.

    >>> fmt_estimate(0.9712, 0.2534), fmt_estimate(1.2e-15, 0.0), fmt_estimate(-1e-17, 3e-18)
    ('0.97 ± 0.25', '0', '0')
    >>> fmt_estimate(0.0004, 0.0002), fmt_estimate(-0.003, 0.02), fmt_estimate(float("nan"), 0.1)
    ('< 0.01', '> -0.01 ± 0.02', '–')
    >>> fmt_estimate(0.42, float("nan")), fmt_estimate(0.42)
    ('0.42 (no interval)', '0.42')
    """
    if is_missing(value):
        return MISSING
    x = float(value)
    step = 10.0**-decimals
    if abs(x) < NOISE:
        text = "0"
    elif abs(x) < step / 2:
        text = f"< {step:.{decimals}f}" if x > 0 else f"> -{step:.{decimals}f}"
    else:
        text = f"{x:.{decimals}f}"
    if half_width is None:
        return text
    if is_missing(half_width):
        return f"{text} (no interval)"
    hw = abs(float(half_width))
    if hw < step / 2:
        return text
    return f"{text} ± {hw:.{decimals}f}"


def column_kind(name: str, series: pd.Series | None = None) -> Kind:
    """Guess a column's kind from its name: years, identifiers, probabilities, or automatic.

    >>> column_kind("year"), column_kind("first_year"), column_kind("p_arrive_ge_1")
    ('year', 'year', 'prob')
    >>> column_kind("ccode1"), column_kind("dispnum")
    ('code', 'code')
    """
    low = str(name).lower()
    if _YEAR_COLUMN.search(low) and (series is None or _whole_numbers(series)):
        return "year"
    if _ID_COLUMN.search(low) and (series is None or _whole_numbers(series)):
        return "code"
    if low.startswith(("p_", "prob")) or low.startswith("p("):
        return "prob"
    return "auto"


def _whole_numbers(series: pd.Series) -> bool:
    if series.dtype.kind in "iu":
        return True
    if series.dtype.kind != "f":
        return False
    import numpy as np

    vals = series.dropna().to_numpy()
    return bool(vals.size) and bool(np.all(vals == np.floor(vals)))


def _percent_decimals(pct: float) -> int:
    """The decimals :func:`_sig3` gives a percentage (three significant figures, trailing
    zeros kept): 82.5 -> 1, 5.2 -> 2, 0.0496 -> 4, 100 -> 0."""
    ax = abs(pct)
    if ax >= 100:
        return 0
    return max(0, 2 - math.floor(math.log10(ax)))


def _needed_decimals(x: float) -> int:
    """The decimals the fraction ``x`` (finite, not 0) shows as a percentage under the
    three-significant-figure rule (:func:`_percent_decimals`), trailing zeros dropped, computed
    from the number, not from :func:`fmt_number`'s text (whose exponent form, ``'1.5e-7%'``,
    read as four decimals and ``'1e-7%'`` as none); a fraction below 1 that rounds to the whole
    needs one, its bound ``'> 99.9%'``.

    >>> [_needed_decimals(v) for v in (0.82, 0.825, 0.052, 0.000496, 1.0, 0.9996, 1.5e-9, 1e-9)]
    [0, 1, 1, 4, 0, 1, 8, 7]
    """
    pct = 100.0 * x
    decimals = _percent_decimals(pct)
    text = f"{pct:.{decimals}f}"  # fixed point: never an exponent
    if abs(float(text)) >= 100:
        return 1 if 0 < x < 1 else 0
    digits = text.rstrip("0").rstrip(".") if "." in text else text
    return len(digits.split(".")[1]) if "." in digits else 0


def fmt_percent_column(values: Iterable[Any]) -> list[str]:
    """A column of fractions as percentages at one number of decimals, the decimals the column
    needs: a table printed '82%' and '82.5%' in one column under the three-significant-figure
    rule (:func:`fmt_number`, ``kind="percent"``), and a reader expects one precision within a
    column.

    The column's decimals are the most any of its values shows under that rule, but no more
    than three significant figures give its largest value (at least one decimal), so a tiny
    value does not spread four decimals over the column ('0.05%', '5.20%', not '5.2000%'); a
    value too small for them reads as a bound (``'< 0.01%'``, :func:`fmt_share`), a fraction
    below 1 never as the whole (``'> 99.9%'``), an exact 0 as ``'0%'``; missing values, and
    values too large for digits, as :func:`fmt_number` writes them.

    >>> fmt_percent_column([0.82, 0.825, float("nan")])
    ['82.0%', '82.5%', '–']
    >>> fmt_percent_column([0.000496, 0.052]), fmt_percent_column([1.0, 0.453])
    (['0.05%', '5.20%'], ['100.0%', '45.3%'])
    >>> fmt_percent_column([0.000496, 0.000512]), fmt_percent_column([0.45, 0.5, 0.0])
    (['0.0496%', '0.0512%'], ['45%', '50%', '0%'])
    >>> fmt_percent_column([0.9996, 0.5]), fmt_percent_column([0.00001, 0.5]), fmt_percent_column([])
    (['> 99.9%', '50.0%'], ['< 0.1%', '50.0%'], [])

    A value's decimals come from the number, so a tiny one counts alike in any form (``1e-9`` and
    ``1.5e-9`` both need more than the column's cap):

    >>> fmt_percent_column([1e-9, 0.5]), fmt_percent_column([1.5e-9, 0.5])
    (['< 0.1%', '50.0%'], ['< 0.1%', '50.0%'])

    A percentage below 0.001% (:data:`TINY_PERCENT`), where :func:`fmt_number` leaves digits
    for an exponent, sets no decimals: a column of such values alone reads as the bound
    ``'< 0.001%'`` (:data:`RESOLUTION` in percent), never as fixed decimals as long as the
    value is small (``'0.0000001%'``) nor as ``'0%'``:

    >>> fmt_percent_column([1e-9, 2e-9]), fmt_percent_column([1e-14, 0.0])
    (['< 0.001%', '< 0.001%'], ['< 0.001%', '0%'])
    >>> fmt_percent_column([2e-9, 0.000496])
    ['< 0.0001%', '0.0496%']

    A negative value reads as the positive one with its sign (``'> -0.001%'``, never
    ``'-0.000%'``), and a column of shares above 100 times the whole has thousands separators:

    >>> fmt_percent_column([-1e-9, 1e-9]), fmt_percent_column([123.4, 0.5])
    (['> -0.001%', '< 0.001%'], ['12,340%', '50%'])
    """
    vals = list(values)
    # the values written with the column's decimals: finite numbers small enough for digits
    digits = [_percent_digits(v) for v in vals]
    nonzero = [x for x in digits if x]  # NaN is None here; 0 needs no decimals
    if not nonzero:
        return [fmt_number(v, "percent") for v in vals]
    # the values whose digits a reader is shown; a tiny one reads as a bound at their decimals
    seen = [x for x in nonzero if abs(100 * x) >= TINY_PERCENT]
    if seen:
        shown = max(_needed_decimals(x) for x in nonzero)
        cap = max(1, _percent_decimals(100 * max(seen, key=abs)))
        decimals = min(shown, cap)
    else:
        decimals = round(-math.log10(TINY_PERCENT))  # 3: '< 0.001%'
    return [
        fmt_number(v, "percent") if x is None else fmt_share(x, decimals=decimals, exact=True)
        for v, x in zip(vals, digits, strict=True)
    ]


TINY_PERCENT = 1e-3
"""A percentage (in percent) below this sets no decimals of a percent column
(:func:`fmt_percent_column`): :func:`fmt_number` writes it with an exponent (``'2.5e-11%'``),
and fixed decimals spread its zeros over the column (``'0.0000001%'``)."""


def _percent_digits(v: Any) -> float | None:
    """``v`` as a float when a percent column writes it in digits (a finite number, not a
    bool, below :data:`LARGE` as a percentage); None for a value :func:`fmt_number` writes
    (missing, text, infinite, too large)."""
    if is_missing(v) or isinstance(v, bool) or _numpy_scalar(v, "bool_"):
        return None
    if not (
        isinstance(v, int | float) or _numpy_scalar(v, "integer") or _numpy_scalar(v, "floating")
    ):
        return None
    x = float(v)
    return x if math.isfinite(x) and abs(x) < LARGE / 100 else None


Scales = Mapping[Any, float | Sequence[float]]
"""Per-column scales of a table (:attr:`anpo.report.sections.Table.scales`): a column's numbers
are quantities of something of that magnitude (an alignment instance's energies, of the sum of
its |weights|), one scale for the column or one per row."""


def _column_scales(scales: Scales | None, col: Any, rows: int) -> list[float] | None:
    """The scale of every row of column ``col`` from ``scales``, or None when it has none; a
    sequence of scales must have one per row (a mistake of the table's code, not of a user's
    input: ValueError)."""
    if not scales or col not in scales:
        return None
    given = scales[col]
    if isinstance(given, int | float):
        return [float(given)] * rows
    out = [float(v) for v in given]
    if len(out) != rows:
        raise ValueError(f"column {col!r}: {len(out)} scales for {rows} rows")
    return out


def format_frame(
    frame: pd.DataFrame, kinds: Mapping[str, Kind] | None = None, scales: Scales | None = None
) -> pd.DataFrame:
    """Every cell of ``frame`` as text, with :func:`fmt_number` and per-column ``kinds``; a
    ``"percent"`` column at one number of decimals (:func:`fmt_percent_column`), a
    ``"source-percent"`` column (a kind of tables only: shares typed from sources) each cell at
    its own precision, as :func:`fmt_number` writes a percentage. A column with a scale in
    ``scales`` (one for the column, or one per row) is written at it (:func:`fmt_scaled`: an
    alignment instance's energies of order 1e-14 read '-8e-14', not '0'; at a scale of 1 or
    more as :func:`fmt_number`). A ``frame`` that is no DataFrame: an
    :class:`~anpo.errors.InputError` naming it (``'dict' object has no attribute 'columns'``
    before).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"energy": [-8e-14, -2.0]})
    >>> format_frame(f, {"energy": "precise"}, {"energy": [1e-14, 4.0]})["energy"].tolist()
    ['-8e-14', '-2']
    >>> format_frame(f, {"energy": "precise"})["energy"].tolist()
    ['0', '-2']
    """
    from anpo._checks import table

    table("frame", frame)
    kinds = dict(kinds or {})
    out = {}
    for col in frame.columns:
        kind = kinds.get(col) or column_kind(col, frame[col])
        if kind == "percent":
            out[col] = fmt_percent_column(frame[col].tolist())
            continue
        # a "source-percent" cell at the precision its source prints ('79%' from a press
        # account beside the DoD report's '74.5%'; one decimal for the column would write
        # '79.0%', a digit no source gives): fmt_number writes it as a percentage
        values = frame[col].tolist()
        scaled = _column_scales(scales, col, len(values))
        if scaled is None:
            out[col] = [fmt_number(v, kind) for v in values]
        else:
            out[col] = [fmt_scaled(v, s, kind) for v, s in zip(values, scaled, strict=True)]
    return type(frame)(out, columns=frame.columns, index=frame.index)


def is_numeric_column(series: pd.Series) -> bool:
    """True when a column holds numbers (right-aligned in tables)."""
    return series.dtype.kind in "iuf" and series.dtype.kind != "b"


def clean_value(x: float, scale: float = 1.0) -> float:
    """A float without noise: 0 below :data:`NOISE`, else rounded to 12 significant digits.
    ``scale``: the magnitude of what ``x`` is a quantity of, as for :func:`fmt_scaled`: below
    1, noise is below :data:`NOISE` x ``scale`` (an alignment instance's energy of -8e-14, at
    propensities of 1e-14, is kept, not written 0); at 1 or more (or not a finite number) the
    absolute :data:`NOISE`.

    >>> clean_value(-8e-14), clean_value(-8e-14, 1e-14), clean_value(1e-27, 1e-14)
    (0.0, -8e-14, 0.0)
    >>> clean_value(0.1 + 0.2, 1e-14), clean_value(1e-13, 5.0)
    (0.3, 0.0)
    """
    if math.isnan(x) or math.isinf(x):
        return x
    s = abs(float(scale)) if math.isfinite(scale) else 1.0
    if abs(x) < (NOISE * s if 0 < s < 1 else NOISE):
        return 0.0
    return float(f"{x:.12g}")


def clean_exact(x: float) -> float:
    """A model's result for a CSV file: rounded to 15 significant digits (``14.9``, not the
    binary ``14.899999999999999``), but never to an exact 0 or 1 it is not (``1 - 4.9e-13``
    and ``9.1e-13`` keep their digits: only an exact 0 or 1 is one, as :func:`fmt_number`
    prints them).

    >>> clean_exact(14.899999999999999), clean_exact(0.9999999999995073), clean_exact(1 - 1e-16)
    (14.9, 0.999999999999507, 0.9999999999999999)
    >>> clean_exact(1.55e-36), clean_exact(0.0), clean_exact(float("nan"))
    (1.55e-36, 0.0, nan)
    """
    if math.isnan(x) or math.isinf(x):
        return x
    r = float(f"{x:.15g}")
    return x if r in (0.0, 1.0, -1.0) and r != x else r


_UNROUNDED_KINDS = _EXACT_KINDS | {"source-percent"}
"""The kinds whose columns :func:`clean_frame` writes with :func:`clean_exact`: a model's
results, whose 0 and 1 are exact ones only (:data:`_EXACT_KINDS`), and shares typed from
sources."""


def clean_frame(
    frame: pd.DataFrame, kinds: Mapping[str, Kind] | None = None, scales: Scales | None = None
) -> pd.DataFrame:
    """``frame`` with clean types for a CSV file (see the module docstring); ``kinds`` are the
    table's column kinds (:attr:`anpo.report.sections.Table.kinds`): a column of a kind in
    :data:`_UNROUNDED_KINDS` keeps its computed values (15 significant digits, never rounded
    to an exact 0 or 1: :func:`clean_exact`), others lose their noise, judged at the column's
    scale in ``scales`` when it has one (:func:`clean_value`: the CSV keeps an alignment
    instance's energies of order 1e-14, as the page prints them, :func:`format_frame`).

    >>> import pandas as pd
    >>> clean_frame(pd.DataFrame({"year": [2001.0, 2002.0], "p": [1e-17, 0.1 + 0.2]})).to_csv(
    ...     index=False).splitlines()
    ['year,p', '2001,0.0', '2002,0.3']
    >>> near = pd.DataFrame({"p": [0.9999999999995073, 9.1e-13], "q": [0.9999999999995073, 0.5]})
    >>> clean_frame(near, {"p": "resolved"}).to_csv(index=False).splitlines()
    ['p,q', '0.999999999999507,1.0', '9.1e-13,0.5']

    A ``frame`` that is no DataFrame: an :class:`~anpo.errors.InputError` naming it
    (``'dict' object has no attribute 'copy'`` before).
    """
    import numpy as np
    import pandas as pd

    from anpo._checks import table

    table("frame", frame)
    kinds = dict(kinds or {})

    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype.kind == "f":
            vals = s.to_numpy(dtype=float)
            if kinds.get(col) in _UNROUNDED_KINDS:
                cleaned = np.array([clean_exact(v) for v in vals], dtype=float)
            else:
                scaled = _column_scales(scales, col, len(vals))
                cleaned = np.array(
                    [clean_value(v) for v in vals]
                    if scaled is None
                    else [clean_value(v, sc) for v, sc in zip(vals, scaled, strict=True)],
                    dtype=float,
                )
            finite = cleaned[np.isfinite(cleaned)]
            if (
                finite.size
                and np.all(finite == np.floor(finite))
                and np.all(np.abs(finite) < 2**53)
                and not np.isinf(cleaned).any()
            ):
                out[col] = pd.array(
                    [None if math.isnan(v) else int(v) for v in cleaned], dtype="Int64"
                )
            else:
                out[col] = cleaned
    return out

"""The argument checks the models share.

:func:`numbers` and :func:`broadcast` (from the deterrence models, where they began): a bad
argument is an :class:`~anpo.errors.InputError` naming it, not numpy's bare ``ValueError``
(which names no argument, or positional "arg 0").

The whole-number checks: a count, a year, a state code or a seed is a whole number, at least
some minimum, else the calling module's documented exception naming the argument (an
:class:`~anpo.errors.InputError` by default; :class:`~anpo.errors.BurdenError`,
:class:`~anpo.errors.ExploreError`, ... where the module documents that).

One rule everywhere: an ``int`` or a numpy integer is a whole number; a float (Python or numpy)
is one when it is finite with no fractional part (``3.0``: TOML and JSON write counts that way),
unless the caller takes only integers (``floats=False``: sizes and seeds an API types as
``int``); ``True``/``False`` are not numbers (Python counts ``True`` as 1, a user writing
``true`` did not mean one); text is not a number (``'3'``), nor is ``None``, NaN or an infinity.

:func:`as_path`: a file or folder path is a ``str`` or an ``os.PathLike``, not empty, else the
calling module's documented exception naming the argument (a dict, a list, an int or ``None``
was Python's bare ``TypeError: expected str, bytes or os.PathLike object, not dict``).

:func:`name_list`: an argument that lists names (measures, joins) is a list, not one text (a
text was iterated character by character: ``measures="s_abs"`` was "unknown measures ['s', '_',
'a', 'b', 's']"); refused as text, as ``years="2001"`` is.

:func:`seed_number`: every seed, an integer from 0 to 2**63-1.

:func:`repeats` / :func:`first_repeat`: a key listed twice (an ``m`` value, a pair, an id), with
the position where it was first listed and the position that repeats it, for the checks that
refuse a list naming one thing twice (review19 F2).

:func:`year_list`: the ``years`` argument of the panel builders (relations, roles, burden), one
year or several, each a whole number by the rule above; :func:`year_number`: one year
(``base_year``, ``first``, ``last``).

:func:`column_numbers`: a table's column of numbers (NMC components) or whole numbers (years,
state codes, months), checked in one vectorised pass; a bad cell is an error naming the column
and its row (:func:`row_name`), never a raw pandas cast error or a silently truncated value.

NumPy is imported by the checks that use it, pandas by the table checks: a module that needs
only :func:`as_path` (:mod:`anpo.references`) loads neither.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from anpo.errors import AnpoError, InputError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "as_path",
    "numbers",
    "table",
    "no_table",
    "broadcast",
    "whole_number",
    "whole_numbers",
    "whole_mask",
    "column_numbers",
    "row_name",
    "year_list",
    "name_list",
    "few",
    "repeats",
    "first_repeat",
]

K = TypeVar("K", bound=Hashable)


def repeats(keys: Iterable[K | None]) -> Iterator[tuple[K, int, int]]:
    """Each key of ``keys`` that repeats an earlier one, as ``(key, first, j)``: the position
    where it was first listed and its own, in list order (a key listed three times gives two,
    both naming the first). A ``None`` key is not compared (an entry another check refuses).

    >>> list(repeats(["a", "b", "a", None, None, "a"]))
    [('a', 0, 2), ('a', 0, 5)]
    """
    seen: dict[K, int] = {}
    for j, key in enumerate(keys):
        if key is None:
            continue
        first = seen.setdefault(key, j)
        if first != j:
            yield key, first, j


def first_repeat(keys: Iterable[K | None]) -> tuple[K, int, int] | None:
    """The first key that repeats an earlier one, with both positions (:func:`repeats`), or
    None when each key is listed once.

    >>> first_repeat([3, 1, 4, 1, 5]), first_repeat([3, 1])
    ((1, 1, 3), None)
    """
    return next(repeats(keys), None)


def few(items: Sequence[object], most: int = 5) -> str:
    """The first ``most`` of ``items`` for an error message, and how many more.

    >>> few([20, 31, 40, 41, 42, 51, 52])
    '20, 31, 40, 41, 42 and 2 more'
    """
    more = len(items) - most
    return ", ".join(map(str, items[:most])) + (f" and {more} more" if more > 0 else "")


def _holds_bool(value: object) -> bool:
    """Whether ``value`` is or holds a ``bool``: a bool scalar, a bool-dtype array (or Series),
    an object array or a (nested) list or tuple with a bool in it."""
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        return True
    if isinstance(value, (list, tuple)):
        return any(_holds_bool(v) for v in value)
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind == "b":
        return True
    if kind == "O":
        return any(_holds_bool(v) for v in np.asarray(value).flat)
    return False


def _holds_text(value: object) -> bool:
    """Whether ``value`` is or holds text: a ``str`` or ``bytes`` scalar, a text-dtype array, an
    object array (or Series) or a (nested) list or tuple with text in it."""
    import numpy as np

    if isinstance(value, (str, bytes, np.str_, np.bytes_)):
        return True
    if isinstance(value, (list, tuple)):
        return any(_holds_text(v) for v in value)
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind in ("U", "S"):
        return True
    if kind == "O":
        return any(_holds_text(v) for v in np.asarray(value).flat)
    return False


def numbers(name: str, value: object, *, error: type[AnpoError] = InputError) -> np.ndarray:
    """``value`` as a float array, or ``error`` (an :class:`InputError` by default) naming
    ``name`` when it holds something that is not a number (a string was numpy's bare 'could not
    convert'; ``True`` and ``False``, or an array or list holding them, were read as 1 and 0).

    Text is not a number, even text of one: numpy read ``"0.5"`` as 0.5, so
    ``kill_probability("0.5", 2)`` was 0.75 while ``kill_probability(0.5, "2")`` was refused
    (the counts' check, :func:`whole_numbers`, refuses text); one rule now for both: the
    function's caller converts text it has read (the command line and the files do).

    >>> numbers("sspk", "0.5")
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: sspk: must be a number, got '0.5'
    """
    import numpy as np

    if _holds_bool(value) or _holds_text(value):
        raise error(f"must be a number, got {value!r}", field=name)
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise error(f"must be a number, got {value!r}", field=name) from None


def table(
    name: str,
    value: object,
    *,
    error: type[AnpoError] = InputError,
    what: str = "a table",
    columns: Sequence[str] = (),
    empty: bool = True,
    columns_if_rows: bool = False,
) -> pd.DataFrame:
    """``value`` when it is a pandas DataFrame with the ``columns`` given, else ``error`` naming
    ``name``: "must be {what} (a pandas DataFrame), got dict" for anything else (a dict, a list
    or a path was an AttributeError from deep inside: "'dict' object has no attribute
    'columns'"), "lacks the columns styear, endyear (it has: x)" for a frame without one of
    ``columns`` (a bare ``KeyError: 'styear'`` before) and, unless ``empty``, "has no rows" for a
    frame with none (where no rows cannot mean anything: a state list). Columns beyond those
    are not checked (optional ones are the caller's). With ``columns_if_rows`` the ``columns``
    are required only of a frame with rows (a table of no answers may have no columns: the
    caller returns its empty answer). pandas is imported here: the numeric checks' users need
    not load it.

    >>> import pandas as pd
    >>> table("states", pd.DataFrame({"x": [1]}), columns=("ccode", "styear"))
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: states: lacks the columns ccode, styear (it has: x)
    """
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        raise error(f"must be {what} (a pandas DataFrame), got {type(value).__name__}", field=name)
    needed = () if columns_if_rows and len(value) == 0 else columns
    missing = [c for c in needed if c not in value.columns]
    if missing:
        have = list(map(str, value.columns))
        shown = ", ".join(have[:12]) + (" ..." if len(have) > 12 else "") or "no columns"
        plural = "s" if len(missing) > 1 else ""
        raise error(f"lacks the column{plural} {', '.join(missing)} (it has: {shown})", field=name)
    if not empty and len(value) == 0:
        raise error(f"has no rows: give {what} with at least one", field=name)
    return value


def no_table(value: object) -> bool:
    """Whether an optional table is absent: ``None`` or a DataFrame without rows (no data, not a
    mistake; anything else goes through :func:`table`)."""
    import pandas as pd

    return value is None or (isinstance(value, pd.DataFrame) and value.empty)


def as_path(
    value: object, name: str, *, error: type[AnpoError] = InputError, what: str = "a file path"
) -> Path:
    """``value`` (a ``str`` or an ``os.PathLike`` naming text, such as a :class:`~pathlib.Path`)
    as a :class:`~pathlib.Path`, as given (no ``~`` expansion), or ``error`` (an
    :class:`InputError` by default) naming ``name``: "must be {what}, got {type}" for anything
    else (a dict, a list, an int, ``None``, bytes: Python's bare ``TypeError`` from ``Path``),
    "is empty; give {what}" for ``""`` (``Path("")`` is the current folder).

    >>> as_path("a.toml", "path").name
    'a.toml'
    >>> as_path({"a": 1}, "path")
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: path: must be a file path, got dict
    """
    text = os.fspath(value) if isinstance(value, os.PathLike) else value
    if not isinstance(text, str):
        raise error(f"must be {what}, got {type(value).__name__}", field=name)
    if not text:
        raise error(f"is empty; give {what}", field=name)
    return Path(text)


def broadcast(**named: Any) -> list[np.ndarray]:
    """The arguments broadcast together, or an :class:`InputError` naming their shapes."""
    import numpy as np

    try:
        return list(np.broadcast_arrays(*(np.asarray(v) for v in named.values())))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in named.items())
        raise InputError(
            f"the inputs' shapes do not broadcast together: {shapes}", field=next(iter(named))
        ) from None


def whole_number(
    value: object,
    name: str,
    *,
    error: type[AnpoError] = InputError,
    minimum: int | None = None,
    maximum: int | None = None,
    floats: bool = True,
    what: str | None = None,
) -> int:
    """``value`` as an ``int``, or ``error`` naming ``name`` (its ``field``).

    Accepts an ``int``, a numpy integer, a 0-d numpy array of either and, when ``floats``, a
    finite float with no fractional part; refuses ``bool``, text, ``None``, NaN, infinities and
    fractions ("must be {what}, got ..."), and, when ``minimum`` is given, a value below it
    ("must be {what} >= {minimum}, got ...") and, when ``maximum`` is given, a value above it
    ("must be {what} <= {maximum}, got ...", a power of two written as one: ``2**63-1``). Floats
    are not bounded otherwise: every float of 2**53 or more is whole (the array form,
    :func:`whole_numbers`, bounds them). ``what`` defaults to "a whole number", or "an integer"
    when floats are refused (3.0 is a whole number).

    >>> whole_number(3.0, "n")
    3
    >>> whole_number(2**63, "seed", minimum=0, maximum=2**63 - 1)
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: seed: must be a whole number <= 2**63-1, got 9223372036854775808
    """
    import numpy as np

    if what is None:
        what = "a whole number" if floats else "an integer"
    v: Any = value.item() if isinstance(value, np.ndarray) and value.ndim == 0 else value
    if isinstance(v, (bool, np.bool_)):
        ok = False
    elif isinstance(v, (int, np.integer)):
        ok = True
    elif floats and isinstance(v, (float, np.floating)):
        ok = bool(np.isfinite(v)) and float(v).is_integer()
    else:
        ok = False
    if not ok:
        raise error(f"must be {what}, got {value!r}", field=name)
    n = int(v)
    if minimum is not None and n < minimum:
        raise error(f"must be {what} >= {minimum}, got {value!r}", field=name)
    if maximum is not None and n > maximum:
        raise error(f"must be {what} <= {_power_text(maximum)}, got {value!r}", field=name)
    return n


#: The largest seed anpo takes: what a signed 64-bit integer holds (the alignment heuristics'
#: compiled kernels take their seed as one; 2**70 was an OverflowError there).
MAX_SEED = 2**63 - 1


def truth_value(value: object, name: str, *, error: type[AnpoError] = InputError) -> bool:
    """``value`` as a bool when it is one (Python's or numpy's), else ``error`` naming ``name``:
    a flag given as text or a number was read by its truthiness (the text "no" was True).

    >>> truth_value(True, "directed")
    True
    >>> truth_value("no", "directed")
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: directed: must be True or False, got 'no'
    """
    import numpy as np

    if not isinstance(value, (bool, np.bool_)):
        raise error(f"must be True or False, got {value!r}", field=name)
    return bool(value)


def seed_number(value: object, name: str = "seed", *, error: type[AnpoError] = InputError) -> int:
    """``value`` as a seed: an integer (an ``int`` or a numpy integer; a float, even ``3.0``,
    is not: seeds are typed ``int``) from 0 to :data:`MAX_SEED`, else ``error`` naming ``name``.

    One rule for every seed anpo takes (the bands', the explorations', the alignment
    heuristics', the burden permutation test's and the report's): a negative seed is refused,
    not mapped (``seed % 2**63`` made -1 draw what 2**63-1 draws, and 2**63 what 0 draws).

    >>> seed_number(7)
    7
    >>> seed_number(-1)
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: seed: must be an integer >= 0, got -1
    """
    return whole_number(value, name, error=error, minimum=0, maximum=MAX_SEED, floats=False)


def _power_text(n: int) -> str:
    """``n`` as a reader knows it: ``2**62``, ``2**63-1`` or ``1,000,000``."""
    for offset, tail in ((0, ""), (1, "-1")):
        m = n + offset
        if m > 1024 and m & (m - 1) == 0:
            return f"2**{m.bit_length() - 1}{tail}"
    return f"{n:,}"


def whole_mask(values: np.ndarray, limit: float = 2.0**53) -> np.ndarray:
    """Where a float array holds a whole number: finite, no fractional part and of size below
    ``limit`` (2**53 by default: from there a float no longer holds every whole number, so the
    one read may not be the one written; 2**63 is where an int64 cast wraps)."""
    import numpy as np

    a = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.isfinite(a) & (a == np.round(a)) & (np.abs(a) < limit)


def whole_numbers(
    values: object,
    name: str,
    *,
    error: type[AnpoError] = InputError,
    minimum: int | None = None,
    limit: float = 2.0**53,
    what: str = "a whole number",
) -> np.ndarray:
    """``values`` (a scalar or an array) as an int64 array of the same shape, or ``error``
    naming ``name``.

    An integer array is taken as it is (an unsigned one from 2**63 up is refused: the int64 cast
    wraps it); a float array (or a list of numbers, or an object array of numbers) must hold
    whole numbers below ``limit`` in size (:func:`whole_mask`); a bool or text array, or an
    element that is a bool, text or None, is refused ("must be {what}, got ..."; "must be
    {what} below {limit}, got ..." for a whole number too large), and, when ``minimum`` is
    given, a value below it ("must be {what} >= {minimum}, got ...")."""
    import numpy as np

    try:
        arr = np.asarray(values)
    except ValueError:  # a ragged list, [[3], [4, 5]]: numpy's 'inhomogeneous shape'
        raise error(f"must be {what}, got {values!r}", field=name) from None
    kind = arr.dtype.kind
    if kind == "O" and any(
        isinstance(v, (bool, np.bool_, str, bytes)) or v is None for v in arr.flat
    ):
        kind = "b"  # refused below, as a bool or text array is
    elif isinstance(values, (list, tuple)) and _holds_bool(values):
        kind = "b"  # [True, 2]: numpy made it the integers [1, 2]
    if kind == "u" and arr.size and int(arr.max()) >= 2**63:
        raise error(f"must be {what} below 2**63, got {values!r}", field=name)
    if kind in "iu":
        out = arr.astype(np.int64)
    elif kind in "fO":
        try:
            a = arr.astype(float)
        except (TypeError, ValueError):
            raise error(f"must be {what}, got {values!r}", field=name) from None
        ok = whole_mask(a, limit=np.inf)
        if not np.all(ok):
            raise error(f"must be {what}, got {values!r}", field=name)
        if np.any(np.abs(a) >= limit):
            shown = f"2**{int(np.log2(limit))}" if np.log2(limit).is_integer() else f"{limit:g}"
            raise error(f"must be {what} below {shown}, got {values!r}", field=name)
        out = a.astype(np.int64)
    else:
        raise error(f"must be {what}, got {values!r}", field=name)
    if minimum is not None and np.any(out < minimum):
        raise error(f"must be {what} >= {minimum}, got {values!r}", field=name)
    return out


def row_name(frame: pd.DataFrame, position: int) -> str:
    """The row at ``position`` of ``frame`` as an error names it: "row <index label>", the
    label a user sees when printing the frame (a numpy scalar label shown as the plain number).

    >>> import pandas as pd
    >>> row_name(pd.DataFrame({"x": [1, 2]}, index=[10, 11]), 1)
    'row 11'
    """
    label = frame.index[position]
    label = label.item() if hasattr(label, "item") and not isinstance(label, str) else label
    return f"row {label!r}" if isinstance(label, str) else f"row {label}"


def column_numbers(
    frame: pd.DataFrame,
    column: str,
    *,
    whole: bool = False,
    missing: bool = True,
    what: str = "a number",
    error: type[AnpoError] = InputError,
) -> np.ndarray:
    """The column ``column`` of ``frame`` as a float64 array (``whole``: an int64 array of whole
    numbers), or ``error`` naming the column (``field``) and the first row at fault
    (:func:`row_name`), quoting its value: a text that is no number (a raw ``ValueError: could
    not convert string to float`` before), a bool column (``True`` read as 1), and, with
    ``whole``, a fraction or an infinity (2000.7 was read as 2000) or a missing value (NaN was
    cast to -9223372036854775808, or pandas' raw ``IntCastingNaNError``); without ``whole``, a
    missing value is NaN unless ``missing`` is False. Text holding a number ("1816") is read
    as the number, as pandas' casts read it. Vectorised: one pass over the column.

    >>> import pandas as pd
    >>> column_numbers(pd.DataFrame({"year": [2000, 2000.7]}), "year", whole=True, what="a year")
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: year: must be a year (a whole number), got 2000.7 in row 1
    """
    import numpy as np
    import pandas as pd

    col = frame[column]
    wanted = f"{what} (a whole number)" if whole else what

    def fail(mask: np.ndarray, said: str = "") -> None:
        if mask.any():
            i = int(np.flatnonzero(mask)[0])
            value = col.iloc[i]
            value = value.item() if isinstance(value, np.generic) else value
            said = said or f"got {value!r}"
            raise error(f"must be {wanted}, {said} in {row_name(frame, i)}", field=column)

    kind = col.dtype.kind
    if kind == "b" or str(col.dtype) == "boolean":
        fail(np.ones(len(col), dtype=bool))
    absent = col.isna().to_numpy()
    if kind in "iu" and not absent.any():
        ints = col.to_numpy(dtype=np.int64) if whole else None
        return ints if ints is not None else col.to_numpy(dtype="float64")
    if kind == "f":
        values = col.to_numpy(dtype="float64", na_value=np.nan)
    else:  # text (or objects): the numbers it holds
        values = pd.to_numeric(col, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        fail(np.isnan(values) & ~absent)
    if whole or not missing:
        fail(absent, "got a missing value")
    if whole:
        fail(~whole_mask(values, limit=2.0**53) & ~absent)
        return values.astype(np.int64)
    return values


def year_number(value: object, name: str, *, error: type[AnpoError] = InputError) -> int:
    """``value`` as one year, an ``int``, or ``error`` naming ``name``: a whole number by the
    module's rule (an ``int``, a numpy integer or a whole float such as a year read from a
    pandas column; 2001.5, NaN, ``True`` and '2001' are refused: ``int()`` read 2001.5 as
    2001, ``True`` as the year 1). The rule of each year of :func:`year_list`.

    >>> year_number(2001.0, "base_year")
    2001
    >>> year_number(2001.5, "base_year")
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: base_year: must be a year (a whole number), got 2001.5
    """
    return whole_number(value, name, error=error, what="a year (a whole number)")


def year_list(
    years: object, name: str = "years", *, error: type[AnpoError] = InputError
) -> list[int]:
    """``years`` (one year, or an iterable of years) as a list of ``int`` in the order given,
    or ``error`` naming ``name``.

    One rule for every ``years`` argument of anpo (:func:`anpo.relations.dyads.normalise_years`,
    :func:`anpo.relations.taxonomy.roles_from_catalog`,
    :func:`anpo.burden.membership.membership_panel`): a scalar (an ``int``, a ``float`` such
    as a year read from a pandas column, a numpy scalar or a 0-d array) is one year; text is
    refused as text ("2001" was iterated as the years 2, 0, 0, 1); an iterable is read element
    by element, each a whole number (:func:`whole_numbers`: 2000.5, NaN, ``True`` and '2001'
    are refused). The list may be empty: what no years means is the caller's to say.

    >>> year_list(2001.0), year_list([1990, 2001])
    ([2001], [1990, 2001])
    >>> year_list("2001")
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: years: must be years (whole numbers, e.g. [1990, 2001]), got the text '2001'
    """
    import numpy as np

    if isinstance(years, (str, bytes)):
        raise error(
            f"must be years (whole numbers, e.g. [1990, 2001]), got the text {years!r}",
            field=name,
        )
    scalar = isinstance(years, np.ndarray) and years.ndim == 0
    if scalar or not hasattr(years, "__iter__"):
        return [year_number(years, name, error=error)]
    try:
        given = list(years)
    except TypeError:
        raise error(f"must be years (whole numbers), got {years!r}", field=name) from None
    if not given:
        return []
    arr = whole_numbers(given, name, error=error, what="years (whole numbers)")
    if arr.ndim != 1:  # [[1990, 2001]]: a nested list, flattened by np.unique before
        raise error(f"must be years (whole numbers), got {years!r}", field=name)
    return [int(y) for y in arr]


def name_list(
    values: object,
    name: str,
    example: str,
    *,
    what: str = "",
    error: type[AnpoError] = InputError,
) -> list[Any]:
    """``values`` (an iterable of names) as a list, or ``error`` naming ``name``: one text is
    refused as the text it is, with ``example`` as the list to write instead (it was iterated
    character by character, and the error quoted characters the user never wrote); ``what``
    names the list's items in the message (for :func:`anpo.deterrence.bands.bands`' variant ids
    and dyad labels as for the relations' measures and joins).

    >>> name_list(("s_abs", "kappa"), "measures", "s_abs")
    ['s_abs', 'kappa']
    >>> name_list("s_abs", "measures", "s_abs")
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: measures: must be a list (e.g. ['s_abs']), got the text 's_abs'
    >>> name_list("open", "variants", "open", what="variant ids")
    Traceback (most recent call last):
    ...
    anpo.errors.InputError: variants: must be a list of variant ids (e.g. ['open']), got the text 'open'
    """
    wanted = f"a list of {what}" if what else "a list"
    if isinstance(values, (str, bytes)):
        raise error(f"must be {wanted} (e.g. [{example!r}]), got the text {values!r}", field=name)
    try:
        return list(values)  # type: ignore[call-overload]
    except TypeError:
        raise error(f"must be {wanted} (e.g. [{example!r}]), got {values!r}", field=name) from None

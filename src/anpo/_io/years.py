"""Years on the command line and in inputs: the one parser.

``"2001"``, ``"1990-2001"``, ``"1816,1914,2001"`` and mixes (``"1990-1992, 2001"``; commas or
spaces between the parts) give the sorted list of distinct years. Every problem is one
:class:`anpo.errors.InputError` naming the field (the flag) and the part it could not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from anpo._checks import whole_number
from anpo.errors import InputError

__all__ = ["parse_years"]

_RANGE = re.compile(r"^(\d{1,4})-(\d{1,4})$")


def parse_years(
    text: str | int | Iterable[int] | None,
    *,
    field: str = "years",
    lo: int = 1000,
    hi: int = 2100,
) -> list[int] | None:
    """The years ``text`` names, sorted and distinct (``None`` gives ``None``: all years).

    An int or an iterable of ints is accepted as is (checked against ``lo``-``hi``). Raises
    :class:`~anpo.errors.InputError` naming ``field`` for a part that is not a year or a range
    ``FIRST-LAST`` (first <= last), for a year outside ``lo``-``hi`` and for an empty list.

    >>> parse_years("1990-1992, 2001")
    [1990, 1991, 1992, 2001]
    """
    if text is None:
        return None
    years: set[int] = set()
    if isinstance(text, int):
        years.add(text)
    elif not isinstance(text, str):
        try:  # int() read 2000.5 as 2000 and True as the year 1 (text of digits stays read)
            years.update(int(y) if isinstance(y, str) else whole_number(y, field) for y in text)
        except (TypeError, ValueError):  # (an InputError is a ValueError)
            raise InputError("years must be whole numbers", field=field) from None
    else:
        for part in text.replace(",", " ").split():
            m = _RANGE.match(part)
            if m:
                first, last = int(m.group(1)), int(m.group(2))
                if last < first:
                    raise InputError(f"empty year range {part!r}", field=field)
                years.update(range(first, last + 1))
            elif part.isdigit():
                years.add(int(part))
            else:
                raise InputError(
                    f"cannot read years from {part!r} (a year 2001, a range 1990-2001, "
                    "or a list 1816,1914,2001)",
                    field=field,
                )
    if not years:
        raise InputError("no years given", field=field)
    outside = sorted(y for y in years if not lo <= y <= hi)
    if outside:
        raise InputError(f"year {outside[0]} is outside {lo}-{hi}", field=field)
    return sorted(years)

"""Locating keys in TOML text: key paths -> line (and column) numbers, for one-line error
messages.

``tomllib`` gives no positions, so this light scanner follows table and array-of-tables headers,
dotted keys, the keys of one-line inline tables, and the items of a multi-line array written one
inline table a line (``rates = [`` then ``{ year = 1978, ... },`` lines). Used by the input pipeline
(:mod:`anpo._io.inputs`).
"""

from __future__ import annotations

import math
import re
from typing import Any

_HEADER_AOT = re.compile(r"^\s*\[\[\s*([^\]]+?)\s*\]\]")
_HEADER_TAB = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]")
_KEYLINE = re.compile(
    r"""^\s*((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_INLINE_KEY = re.compile(r"""[{,]\s*([A-Za-z0-9_\-]+)\s*=""")


_STRING_OR_COMMENT = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'|#.*$""")
_FLAT_INLINE = re.compile(r"\{[^{}]*\}")  # an inline table holding no inline table


def _bracket_balance(value: str) -> int:
    """Open minus closed ``[`` and ``{`` in a line of TOML values, strings and comments left
    out: above 0 while a multi-line array (or table) continues on the next line."""
    bare = _STRING_OR_COMMENT.sub("", value)
    return bare.count("[") + bare.count("{") - bare.count("]") - bare.count("}")


def split_key(key: str) -> list[str]:
    """The parts of a (possibly dotted, possibly quoted) TOML key."""
    parts = re.findall(r"""[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'""", key)
    return [p.strip("\"'") for p in parts]


def toml_locations(text: str) -> dict[tuple[Any, ...], int]:
    """Map key paths (``("forces", 2, "launchers")``) to 1-based line numbers in TOML ``text``.

    A light scanner, good enough to point at the line of a field: it follows table and
    array-of-tables headers, dotted keys and keys of one-line inline tables.
    """
    return {path: line for path, (line, _) in toml_positions(text).items()}


def toml_positions(text: str) -> dict[tuple[Any, ...], tuple[int, int | None]]:
    """As :func:`toml_locations`, with the 1-based column of the keys that do not start their
    line (the keys of an inline table: ``y = { p = 1, q = 2 }``); ``None`` for the others,
    where the line alone says where the key is."""
    locs: dict[tuple[Any, ...], tuple[int, int | None]] = {}
    counts: dict[tuple[Any, ...], int] = {}
    current: tuple[Any, ...] = ()
    in_multiline: str | None = None
    depth = 0  # brackets a multi-line array left open: its lines hold no keys or headers
    items: tuple[tuple[Any, ...], int] | None = None  # a multi-line array's path, next index
    # a TOML line ends at \n or \r\n (str.splitlines would also break at \x85, \u2028 and
    # \u2029, which a string may hold, and name every later key a line too far)
    lines = [ln.removesuffix("\r") for ln in text.split("\n")]
    for lineno, raw in enumerate(lines, start=1):
        line = raw
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        if depth > 0:  # ``["JPN", "SIN"],`` read as the header of a table "JPN", "SIN"
            if items is not None:
                items = _array_item(line, lineno, items, locs) if depth == 1 else None
            depth = max(0, depth + _bracket_balance(line))
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        header = _HEADER_AOT.match(line)
        is_aot = header is not None
        if header is None:
            header = _HEADER_TAB.match(line)
        if header is not None:
            parts = split_key(header.group(1))
            resolved: list[Any] = []
            for part in parts[:-1]:
                resolved.append(part)
                if tuple(resolved) in counts:
                    resolved.append(counts[tuple(resolved)] - 1)
            resolved.append(parts[-1])
            if is_aot:
                # the array itself sits at its first header (an unknown ``[[dyad]]`` gets a line)
                locs.setdefault(tuple(resolved), (lineno, None))
                idx = counts.get(tuple(resolved), 0)
                counts[tuple(resolved)] = idx + 1
                resolved.append(idx)
            current = tuple(resolved)
            locs.setdefault(current, (lineno, None))
            continue
        m = _KEYLINE.match(line)
        if m:
            path = current + tuple(split_key(m.group(1)))
            locs.setdefault(path, (lineno, None))
            rest = line[m.end() :]
            for inner in _INLINE_KEY.finditer(rest):
                column = m.end() + inner.start(1) + 1
                locs.setdefault(path + (inner.group(1),), (lineno, column))
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_multiline = quote
            if in_multiline is None:
                depth = max(0, _bracket_balance(rest))
                opens = _STRING_OR_COMMENT.sub("", rest).strip() == "["
                items = (path, 0) if depth == 1 and opens else None
    return locs


def _array_item(
    line: str,
    lineno: int,
    items: tuple[tuple[Any, ...], int],
    locs: dict[tuple[Any, ...], tuple[int, int | None]],
) -> tuple[tuple[Any, ...], int] | None:
    """Record the positions of the next items of a multi-line array (``items``: the array's
    path and the index of its next item) when ``line`` holds inline tables of one line each,
    not nested (``{ year = 1980, value = 93.667 },`` or two such tables on the line), and of
    their keys; the array and index for the line after. A line holding anything else (a
    number, a nested or a multi-line table) ends the count (``None``): the items after it keep
    the array's line, as before."""
    bare = _STRING_OR_COMMENT.sub(lambda m: " " * len(m.group()), line)
    if not bare.strip():
        return items  # a blank line or a comment
    tables = list(_FLAT_INLINE.finditer(bare))
    # what is left besides the tables: commas, and the array's closing bracket on its last row
    if not tables or _FLAT_INLINE.sub("", bare).strip(" \t,") not in ("", "]"):
        return None
    path, idx = items
    for table in tables:
        locs.setdefault(path + (idx,), (lineno, table.start() + 1))
        for inner in _INLINE_KEY.finditer(table.group()):
            locs.setdefault(
                path + (idx, inner.group(1)), (lineno, table.start() + inner.start(1) + 1)
            )
        idx += 1
    return path, idx


def line_for(locs: dict[tuple[Any, ...], int], path: tuple[Any, ...]) -> int | None:
    """Line of ``path``, or of its nearest recorded parent (e.g. the table of a missing key)."""
    p = tuple(path)
    while p:
        if p in locs:
            return locs[p]
        p = p[:-1]
    return None


def first_non_finite(data: Any, path: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
    """The key path of the first ``inf`` or ``nan`` in parsed TOML ``data`` (TOML allows them;
    no anpo input means them), or None. Anpo's input files reject them before validation so
    that an infinite yield or size never reaches a model."""
    if isinstance(data, float):
        return None if math.isfinite(data) else path
    if isinstance(data, dict):
        for key, value in data.items():
            hit = first_non_finite(value, (*path, key))
            if hit is not None:
                return hit
    elif isinstance(data, list):
        for i, value in enumerate(data):
            hit = first_non_finite(value, (*path, i))
            if hit is not None:
                return hit
    return None


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}


def toml_string(s: str) -> str:
    """``s`` as a TOML basic string: quotes and backslashes escaped, and every control
    character (U+0000-U+001F and U+007F, which TOML 1.0 forbids unescaped) written as its
    short escape or ``\\uXXXX``; read back by ``tomllib`` as ``s``."""
    out = []
    for ch in s:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_key(k: str) -> str:
    """``k`` as a TOML key: bare when it may be (letters, digits, ``_``, ``-``), else quoted."""
    # fullmatch: '$' also matches before a final newline, and 'ally\n' was written bare
    return k if _BARE_KEY.fullmatch(k) else toml_string(k)

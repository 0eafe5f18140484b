"""Landscape instances from files: TOML (with provenance) or a CSV matrix.

TOML layout (validated with pydantic; unknown keys are errors)::

    title = "Asia-Pacific, 2001"           # optional
    coalitions = 2                         # optional: an integer >= 2 or "auto"
    [provenance]                           # optional, free-form (recipe, dataset versions, ...)

    [[actor]]
    name = "United States"
    id = "USA"                             # optional short id; pairs may use id or name
    size = 0.143
    source = "COW NMC 6.0, CINC 2001"      # optional
    sizes = { cinc = 0.143, milex = 0.51 } # optional: the sizes by other measures (every actor
                                           # lists the same measures)

    [[pair]]                               # pairs not listed have propensity 0
    a = "USA"
    b = "JPN"
    p = 4.5
    source = "recipe v1"                   # optional
    factors = { alliance = 3.0, un = 1.5 } # optional; must add up to p

    # ...or a full matrix instead of [[pair]] entries, rows in actor order:
    # propensity = [[0, 4.5], [4.5, 0]]

CSV layout: a header ``name,size,<name_1>,...,<name_n>`` and one row per actor with its name,
size and its row of the propensity matrix (``#`` starts a comment line). Column order may differ
from row order; every actor must appear in both. The diagonal is ignored (``d_ii = 0``) and may be
left blank.

Errors name the file, the line (for TOML: the line of the offending key, found from the
``[[actor]]`` / ``[[pair]]`` tables) and the field.

Actor names and ids (and the names a pair, a CSV header or an anchor gives) are read in Unicode
normal form NFC (:func:`actor_text`): two spellings that print alike ("é" precomposed, or "e" and
a combining acute accent) are one name, so that a second actor so named is a duplicate, refused
naming both actors' lines, and a pair may spell the name either way. A name or id holding a
control character (NUL, tab, newline, ... : Unicode category Cc, the line and paragraph
separators, and the bidirectional formatting controls, which reorder the text around them) is
refused, naming the actor and its line; so is one with no visible character (only zero width
spaces, word joiners, other format characters, spaces, or combining marks with no letter:
:func:`invisible`), which printed as nothing. A zero width joiner or non-joiner in a name with
letters (Persian, Indic scripts, emoji) is kept.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, NoReturn

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from anpo._checks import as_path
from anpo._io.citations import check_optional_citation
from anpo._io.inputs import (
    InputKind,
    NoCoercedNumbers,
    parse_toml,
    read_text,
    refuse_other_kind,
    undotted,
)
from anpo.align.formal import check_actor_count, size_out_of_range
from anpo.align.landscape import Landscape
from anpo.errors import AlignError, DataError

#: The characters refused anywhere in a name or id (:func:`control_character`), besides those of
#: Unicode categories Cc (controls: NUL, tab, line feed, ESC, ...), Zl and Zp (the line and
#: paragraph separators): the bidirectional formatting controls, which move other text (LRM,
#: RLM, the embeddings and overrides U+202A-U+202E, the isolates U+2066-U+2069). The other
#: format characters (category Cf) are accepted in a name that has a visible character: the
#: zero width non-joiner and joiner (U+200C, U+200D) are needed in Persian, Indic scripts and
#: emoji; a name of nothing else is refused by :func:`invisible`.
_BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: The Unicode categories of the characters that show nothing by themselves: format characters
#: (Cf: the zero width space U+200B, word joiner U+2060, U+FEFF, the Arabic letter mark U+061C,
#: the Mongolian vowel separator U+180E, ...), spaces (Zs), separators (Zl, Zp), controls (Cc)
#: and combining marks (Mn, Mc, Me), which with no letter before them have nothing to combine
#: with.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Zs", "Zl", "Zp", "Cc", "Mn", "Mc", "Me"})

#: Letters that print as nothing: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0).
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def control_character(text: str) -> str | None:
    """The first control character of ``text`` (category Cc, a line or paragraph separator, or a
    bidirectional formatting control: ``_BIDI_CONTROLS``), as ``U+XXXX``, or None."""
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI_CONTROLS:
            return f"U+{ord(ch):04X}"
    return None


def invisible(text: str) -> str | None:
    """The characters of ``text`` (``U+200B, U+2060``) when none of them is visible: each is of
    a category in ``_INVISIBLE_CATEGORIES`` (format characters, spaces, separators, controls,
    combining marks: marks with no letter have nothing to combine with) or a Hangul filler;
    None when one is visible, and for the empty text (refused as blank by the callers).

    >>> invisible("\u200b\u2060"), invisible("\u0301 "), invisible("A\u200b"), invisible("")
    ('U+200B, U+2060', 'U+0301, U+0020', None, None)
    """
    if not text or any(
        unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch not in _INVISIBLE_LETTERS
        for ch in text
    ):
        return None
    shown = list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in text))
    return ", ".join(shown[:6]) + (", ..." if len(shown) > 6 else "")


def actor_text(value: str, what: str = "actor name") -> str:
    """An actor name or id as anpo compares it: in Unicode normal form NFC (module docstring).
    A control character (:func:`control_character`), or a text of characters none of which is
    visible (:func:`invisible`: a zero width space, a word joiner, ...; a blank one is left to
    the callers' "must not be blank"), is a ``ValueError`` naming them (the callers add where
    it is): such a name printed as nothing."""
    if bad := control_character(value):
        raise ValueError(
            f"the {what} contains a control character ({bad}); names and ids are printed "
            "text: remove it"
        )
    if value.strip() and (codes := invisible(value)):
        raise ValueError(
            f"the {what} has no visible character: it is only {codes} and prints as "
            "nothing; give one that can be read"
        )
    return unicodedata.normalize("NFC", value)


#: An actor's or a pair's optional ``source``: free text, but not a placeholder such as 'TBD'
#: (:mod:`anpo._io.citations`).
CitedOrNone = Annotated[str | None, BeforeValidator(check_optional_citation)]


class ActorSpec(NoCoercedNumbers):
    """One actor of a TOML instance."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    id: str | None = None
    size: float
    source: CitedOrNone = None
    sizes: dict[str, float] | None = None

    @field_validator("name", "id")
    @classmethod
    def _printable(cls, v: str | None, info: ValidationInfo) -> str | None:
        return None if v is None else actor_text(v, f"actor {info.field_name}")

    @field_validator("size")
    @classmethod
    def _positive(cls, v: float) -> float:
        if not math.isfinite(v) or v <= 0:
            raise ValueError("size must be finite and > 0")  # the value is appended: (got 0)
        return v

    @field_validator("sizes")
    @classmethod
    def _positive_all(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        for k, x in (v or {}).items():
            if not math.isfinite(x) or x <= 0:
                raise ValueError(f"sizes.{k} must be finite and > 0")
        return v


class PairSpec(NoCoercedNumbers):
    """One propensity entry of a TOML instance."""

    model_config = ConfigDict(extra="forbid")
    a: str
    b: str
    p: float
    source: CitedOrNone = None
    factors: dict[str, float] | None = None

    @field_validator("a", "b")
    @classmethod
    def _nfc(cls, v: str) -> str:
        return unicodedata.normalize("NFC", v)  # as the actors' names (actor_text)

    # dup-ok: field declarations and a validator, alike only in shape to the actor's above; each
    # checks its own field.
    @field_validator("p")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError("propensity must be finite")
        return v


class InstanceSpec(NoCoercedNumbers):
    """A TOML landscape instance (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = None
    coalitions: int | str | None = None
    provenance: dict[str, Any] = Field(default_factory=dict)
    actor: list[ActorSpec] = Field(min_length=1)
    pair: list[PairSpec] = Field(default_factory=list)
    propensity: list[list[float]] | None = None


@dataclass
class Instance:
    """A landscape instance read from a file.

    ``pairs`` is a tidy table (a, b, p, and one column per factor when given) of the unordered
    pairs that the file lists; ``provenance`` is the file's free-form provenance table;
    ``alt_sizes`` maps a size measure (e.g. ``cinc``, ``milex``) to every actor's size by that
    measure when the file gives them (each actor's ``sizes`` table), so that the effect of the
    measure can be reported (:meth:`with_sizes`).
    """

    names: list[str]
    sizes: NDArray[np.float64]
    propensity: NDArray[np.float64]
    title: str = ""
    coalitions: int | str | None = None
    ids: list[str] = field(default_factory=list)
    pairs: pd.DataFrame | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    size_sources: list[str | None] = field(default_factory=list)
    path: str | None = None
    alt_sizes: dict[str, NDArray[np.float64]] = field(default_factory=dict)

    def landscape(self, coalitions: int | str | None = None) -> Landscape:
        """The :class:`~anpo.align.landscape.Landscape` (``coalitions`` overrides the file's)."""
        k = coalitions if coalitions is not None else (self.coalitions or 2)
        return Landscape(self.sizes, self.propensity, self.names, coalitions=k)

    def with_sizes(self, measure: str) -> Instance:
        """A copy of this instance with the sizes of ``measure`` (one of :attr:`alt_sizes`)."""
        import dataclasses

        if measure not in self.alt_sizes:
            raise AlignError(
                f"no {measure!r} sizes in this instance; it has {sorted(self.alt_sizes)}",
                field="sizes",
            )
        return dataclasses.replace(self, sizes=np.asarray(self.alt_sizes[measure], dtype=float))

    def index(self, who: str) -> int:
        """Actor index by id or name (compared in Unicode NFC, as the file's names are read)."""
        who = unicodedata.normalize("NFC", who)
        if who in self.ids:
            return self.ids.index(who)
        if who in self.names:
            return self.names.index(who)
        raise AlignError(f"unknown actor {who!r}", field="actor")


def instance_from_spec(
    spec: InstanceSpec, path: str = "<toml>", line_of: Callable[[str], int | None] | None = None
) -> Instance:
    """Build an :class:`Instance` from a validated spec (pair names resolved, matrix filled).
    ``line_of`` gives the line of a field (``actor[2].name``) when the spec was read from a
    file: an error about two actors then names both lines."""
    names = [a.name for a in spec.actor]
    ids = [a.name if a.id is None else a.id for a in spec.actor]
    n = len(names)
    _check_names(names, ids, [a.id is not None for a in spec.actor], path, line_of)
    lookup: dict[str, int] = {}
    for i, (nm, ident) in enumerate(zip(names, ids, strict=True)):
        lookup[nm] = i
        lookup[ident] = i
    try:
        check_actor_count(n)
    except AlignError as exc:
        raise AlignError(exc.message, file=path, field="actor") from None
    p = np.zeros((n, n))
    rows: list[dict[str, Any]] = []
    if spec.propensity is not None and spec.pair:
        raise AlignError(
            "give either a propensity matrix or [[pair]] entries, not both",
            file=path,
            field="propensity",
        )
    if spec.propensity is not None:
        if any(len(row) != n for row in spec.propensity) or len(spec.propensity) != n:
            raise AlignError(
                f"propensity matrix must be {n}x{n} (one row per actor)",
                file=path,
                field="propensity",
            )
        p = np.array(spec.propensity, dtype=float) if spec.propensity else np.zeros((0, 0))
        _check_matrix(p, names, path, lambda i, j: f"propensity[{i}][{j}]")
        np.fill_diagonal(p, 0.0)  # ignored by the model (d_ii = 0)
    seen: set[tuple[int, int]] = set()
    for q, pr in enumerate(spec.pair):
        fld = f"pair[{q}]"
        if pr.a not in lookup:
            raise AlignError(f"unknown actor {pr.a!r}", file=path, field=f"{fld}.a")
        if pr.b not in lookup:
            raise AlignError(f"unknown actor {pr.b!r}", file=path, field=f"{fld}.b")
        i, j = lookup[pr.a], lookup[pr.b]
        if i == j:
            raise AlignError("a pair needs two different actors", file=path, field=fld)
        key = (min(i, j), max(i, j))
        if key in seen:
            raise AlignError(f"pair {pr.a}-{pr.b} is listed twice", file=path, field=fld)
        seen.add(key)
        if pr.factors is not None:
            total = math.fsum(pr.factors.values())
            if abs(total - pr.p) > 1e-9 * max(1.0, abs(pr.p)):
                raise AlignError(
                    f"factors add up to {total}, not p = {pr.p}", file=path, field=f"{fld}.factors"
                )
        p[i, j] = p[j, i] = pr.p
        rows.append(
            {"a": ids[i], "b": ids[j], "p": pr.p, **(pr.factors or {}), "source": pr.source}
        )
    coal = spec.coalitions
    if coal is not None:
        from anpo.align.landscape import parse_coalitions

        try:
            parse_coalitions(coal)
        except AlignError as exc:
            raise AlignError(exc.message, file=path, field="coalitions") from None
    # sizes the model refuses (formal.SIZE_MIN to SIZE_MAX), with the actor's name and, through
    # the field, the file's line (the model's own check knows neither)
    for i, a in enumerate(spec.actor):
        for fld, value in [
            ("size", a.size),
            *((f"sizes.{m}", v) for m, v in (a.sizes or {}).items()),
        ]:
            if msg := size_out_of_range(a.name, value):
                raise AlignError(msg, file=path, field=f"actor[{i}].{fld}")
    measures = [set((a.sizes or {}).keys()) for a in spec.actor]
    alt: dict[str, NDArray[np.float64]] = {}
    if any(measures):
        common = set.intersection(*measures)
        if any(m != common for m in measures):
            i = next(k for k, m in enumerate(measures) if m != common)
            raise AlignError(
                "every actor must list the same size measures in its sizes table",
                file=path,
                field=f"actor[{i}].sizes",
            )
        for m in sorted(common):
            alt[m] = np.array([float((a.sizes or {})[m]) for a in spec.actor])
    inst = Instance(
        names=names,
        sizes=np.array([a.size for a in spec.actor], dtype=float),
        alt_sizes=alt,
        propensity=p,
        title=spec.title or "",
        coalitions=coal,
        ids=ids,
        pairs=pd.DataFrame(rows) if rows else None,
        provenance=dict(spec.provenance),
        size_sources=[a.source for a in spec.actor],
        path=path,
    )
    # validate the numbers once, with the file named in the error
    try:
        inst.landscape()
    except AlignError as exc:
        raise AlignError(exc.message, file=path, field=exc.field) from None
    return inst


def _check_names(
    names: list[str],
    ids: list[str],
    given: list[bool],
    path: str,
    line_of: Callable[[str], int | None] | None = None,
) -> None:
    """Actor names and given ids non-blank, names and ids unique, and no id (``given[i]``: the file gives
    one) that is another actor's name: a pair (or ``--anchor``) naming it would mean two actors
    (the pair went to the actor so named, ``--anchor`` to the one with that id). The error
    names the actor's field, so that the reader adds its line, and the other actor with its
    line (``line_of``) when known. Names and ids are compared as read: in NFC (actor_text)."""

    def other(j: int, fld: str) -> str:
        line = line_of(f"actor[{j}].{fld}") if line_of else None
        return f"actor[{j}]'s, line {line}" if line else f"actor[{j}]'s"

    first: dict[str, int] = {}
    for i, nm in enumerate(names):
        if not nm.strip():
            raise AlignError(
                "an actor's name must not be blank", file=path, field=f"actor[{i}].name"
            )
        if nm in first:
            raise AlignError(
                f"duplicate actor name {nm!r} (also {other(first[nm], 'name')}; names are "
                "compared in Unicode NFC, so spellings that print alike are one name)",
                file=path,
                field=f"actor[{i}].name",
            )
        first[nm] = i
    by_id: dict[str, int] = {}
    for i, ident in enumerate(ids):
        fld = f"actor[{i}].id" if given[i] else f"actor[{i}].name"
        if given[i] and not ident.strip():
            # an empty id silently fell back to the name; a blank one was an id printed as
            # nothing, which no pair could name as the reader sees it
            raise AlignError(
                "an actor's id must not be blank: leave it out to know the actor by its name",
                file=path,
                field=fld,
            )
        j = first.get(ident, i)
        if given[i] and j != i:
            raise AlignError(
                f"id {ident!r} is the name of another actor, actor[{j}]: a pair naming it "
                "would mean either; give an id no other actor is named",
                file=path,
                field=fld,
            )
        if ident in by_id:
            raise AlignError(
                f"duplicate actor id {ident!r} (also "
                f"{other(by_id[ident], 'id' if given[by_id[ident]] else 'name')}; an actor "
                "without an id is known by its name; ids are compared in Unicode NFC)",
                file=path,
                field=fld,
            )
        by_id[ident] = i


def _check_matrix(
    p: NDArray[np.float64], names: list[str], path: str, where: Any, line_of: Any = None
) -> None:
    """Off-diagonal entries finite and symmetric (the diagonal is ignored, see
    :func:`anpo.align.formal.validate_inputs`); the error names the entry and, via ``line_of(i)``,
    the line of row ``i``."""
    from anpo.align.formal import PROPENSITY_MAX, SYMMETRY_RTOL

    def refuse(row: int, col: int, message: str) -> NoReturn:
        raise AlignError(
            message, file=path, line=line_of(row) if line_of else None, field=where(row, col)
        )

    n = p.shape[0]
    off = ~np.eye(n, dtype=bool)
    bad = off & ~np.isfinite(p)
    if bad.any():
        i, j = _first(bad)
        refuse(i, j, f"propensity {names[i]}-{names[j]} is not finite ({p[i, j]})")
    q = np.where(off, p, 0.0)  # the diagonal (ignored) may hold anything, even inf or NaN
    big = np.abs(q) > PROPENSITY_MAX
    if big.any():
        i, j = _first(big)
        refuse(
            i,
            j,
            f"propensity {names[i]}-{names[j]} is {p[i, j]:g}; propensities must lie within "
            f"±{PROPENSITY_MAX:g} (only their ratios matter: rescale them)",
        )
    scale = float(np.max(np.abs(q))) if n else 0.0
    asym = np.triu(np.abs(q - q.T) > SYMMETRY_RTOL * scale, 1)
    if asym.any():
        i, j = _first(asym)
        refuse(
            j,
            i,
            f"propensities must be symmetric: {names[i]}-{names[j]} is {p[i, j]:g} but "
            f"{names[j]}-{names[i]} is {p[j, i]:g}",
        )


def _first(mask: NDArray[np.bool_]) -> tuple[int, int]:
    """The first (row-major) true entry of a 2-D mask."""
    i, j = np.argwhere(mask)[0]
    return int(i), int(j)


_TAKES_IT = (
    "anpo validate takes it; an instance is a TOML file of [[actor]] and [[pair]] tables or a "
    ".csv (anpo align-build writes one)"
)
#: A scenario or future file given as an instance, said for what it is, with what takes it.
_OTHER_KINDS: dict[InputKind, str] = {"scenario": _TAKES_IT, "future": _TAKES_IT}


def read_toml_text(text: str, path: str = "<toml>") -> Instance:
    """Parse TOML text into an :class:`Instance` (the input pipeline,
    :mod:`anpo._io.inputs`: errors name file, line, column where it helps, and field)."""
    doc = parse_toml(text, path, AlignError)
    # it read "schema_version: unknown key 'schema_version' (and 12 more problems)"
    refuse_other_kind(doc.data, "instance", AlignError, path, _OTHER_KINDS)
    spec = doc.validate(InstanceSpec, AlignError)
    try:
        return instance_from_spec(spec, path, lambda fld: doc.line(undotted(fld)))
    except AlignError as exc:
        if exc.line is None and exc.field:
            raise doc.error(AlignError, undotted(exc.field), exc.message) from None
        raise


def read_csv(path: str | Path) -> Instance:
    """Read the CSV matrix layout (module docstring); errors name the line. A ``path`` that is
    no file path (a dict, an int) or is empty is an :class:`AlignError` naming it."""
    path = as_path(path, "path", error=AlignError)
    return read_csv_text(read_text(path, AlignError), path)


def read_csv_text(text: str, path: str | Path = "<csv>") -> Instance:
    """Parse CSV text in the matrix layout (module docstring) into an :class:`Instance`;
    ``path`` names it in errors (uploads are parsed in memory)."""
    path = Path(path)
    text = text.removeprefix("\ufeff")
    rows: list[tuple[int, list[str]]] = []
    # the text as a file (newline=""), so that a quoted cell spanning lines keeps its newline
    # and line_num counts only the line breaks the csv module counts (str.splitlines would also
    # split on \x0c, \x1c-\x1e, \x85, \u2028 and \u2029)
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1  # the line a record starts on (a quoted cell may span lines)
    try:
        for rec in reader:
            lineno, start = start, reader.line_num + 1
            if not rec or (rec[0].strip().startswith("#")) or all(not c.strip() for c in rec):
                continue
            rows.append((lineno, [c.strip() for c in rec]))
    except csv.Error as exc:  # e.g. a cell beyond the module's field limit (131,072 characters)
        raise AlignError(f"malformed CSV: {exc}", file=path, line=start) from None
    if not rows:
        raise AlignError("file is empty", file=path)
    hline, header = rows[0]
    if len(header) < 3 or header[0].lower() != "name" or header[1].lower() != "size":
        raise AlignError("header must be: name,size,<actor names...>", file=path, line=hline)
    cols = header[2:]
    for q, c in enumerate(cols):
        try:
            cols[q] = actor_text(c)
        except ValueError as exc:
            raise AlignError(
                f"column {q + 3} of the header, {c!r}: {exc}", file=path, line=hline
            ) from None
    if any(not c for c in cols):
        raise AlignError(
            f"column {cols.index('') + 3} of the header has no actor name", file=path, line=hline
        )
    if len(set(cols)) != len(cols):
        q, dup = next((q, c) for q, c in enumerate(cols) if c in cols[:q])
        raise AlignError(
            f"duplicate actor name {dup!r} in the header (columns {cols.index(dup) + 3} and "
            f"{q + 3}; names are compared in Unicode NFC, so spellings that print alike are one "
            "name)",
            file=path,
            line=hline,
        )
    body = rows[1:]
    for lineno, rec in body:
        try:
            rec[0] = actor_text(rec[0])
        except ValueError as exc:
            raise AlignError(f"{rec[0]!r}: {exc}", file=path, line=lineno, field="name") from None
    names = [r[0] for _, r in body]
    # which actor is wrong, and where ('the row names and the header's actor columns must be
    # the same actors' left the reader to compare them)
    seen: dict[str, int] = {}
    for lineno, rec in body:
        if not rec[0]:
            raise AlignError("a row without an actor name", file=path, line=lineno, field="name")
        if rec[0] in seen:
            raise AlignError(
                f"a second row for {rec[0]!r} (the first is on line {seen[rec[0]]}; names are "
                "compared in Unicode NFC, so spellings that print alike are one name)",
                file=path,
                line=lineno,
                field="name",
            )
        if rec[0] not in cols:
            raise AlignError(
                f"{rec[0]!r} has a row but no column in the header",
                file=path,
                line=lineno,
                field="name",
            )
        seen[rec[0]] = lineno
    missing = [c for c in cols if c not in seen]
    if missing:
        raise AlignError(
            f"{missing[0]!r} has a column in the header but no row", file=path, line=hline
        )
    n = len(names)
    col_of = {c: q for q, c in enumerate(cols)}
    sizes = np.empty(n)
    p = np.empty((n, n))
    for i, (lineno, rec) in enumerate(body):
        if len(rec) != n + 2:
            raise AlignError(f"expected {n + 2} fields, got {len(rec)}", file=path, line=lineno)
        try:
            sizes[i] = float(rec[1])
        except ValueError:
            raise AlignError(
                f"size {rec[1]!r} is not a number", file=path, line=lineno, field="size"
            ) from None
        if not math.isfinite(sizes[i]) or sizes[i] <= 0:
            raise AlignError(
                f"size must be finite and > 0, got {rec[1]}", file=path, line=lineno, field="size"
            )
        if msg := size_out_of_range(rec[0], float(sizes[i])):
            raise AlignError(msg, file=path, line=lineno, field="size")
        for j, nm in enumerate(names):
            cell = rec[2 + col_of[nm]]
            if i == j and cell == "":
                p[i, j] = 0.0  # the diagonal is ignored (d_ii = 0) and may be left blank
                continue
            if cell == "":  # said as blank, with the pair ("propensity '' is not a number")
                raise AlignError(
                    f"propensity {names[i]}-{nm} is blank; only the diagonal may be left blank "
                    "(write 0 for no propensity)",
                    file=path,
                    line=lineno,
                    field=nm,
                )
            try:
                p[i, j] = float(cell)
            except ValueError:
                raise AlignError(
                    f"propensity {names[i]}-{nm} is {cell!r}, not a number",
                    file=path,
                    line=lineno,
                    field=nm,
                ) from None
    lines = [ln for ln, _ in body]
    _check_matrix(p, names, str(path), lambda i, j: names[j], lambda i: lines[i])
    np.fill_diagonal(p, 0.0)  # ignored by the model (d_ii = 0)
    inst = Instance(
        names=names, sizes=sizes, propensity=p, title=path.stem, ids=list(names), path=str(path)
    )
    try:
        inst.landscape()
    except AlignError as exc:
        raise AlignError(exc.message, file=path, field=exc.field) from None
    return inst


# dup-ok: the file checks are alike in shape to anpo._io.inputs.read_text's, with this reader's
# own messages (book:NAME, an instance file; a .csv is not read through read_text).
def read_instance(path: str | Path) -> Instance:
    """Read a ``.toml`` or ``.csv`` instance (by suffix); an empty name is an
    :class:`AlignError` (``Path("")`` would be the current folder), and so is a ``path`` that is
    no file path (a dict, an int)."""
    if isinstance(path, str) and not path:
        raise AlignError("the file name is empty; give a file name or book:NAME")
    path = as_path(path, "path", error=AlignError)
    if not path.exists():
        raise AlignError("no such file", file=path)
    if path.is_dir():
        raise AlignError("is a directory, not an instance file", file=path)
    if path.suffix.lower() not in (".toml", ".csv"):
        raise AlignError("unknown file type; use .toml or .csv", file=path)
    return read_instance_text(read_text(path, AlignError), path)


def read_instance_text(text: str, path: str | Path) -> Instance:
    """Parse the text of the instance file ``path`` by its suffix, ``.toml``
    (:func:`read_toml_text`) or ``.csv`` (:func:`read_csv_text`); any other is an
    :class:`AlignError`. :func:`read_instance` reads the file and parses it here; a reader
    that has the text already (the scorecard's cache, keyed by the text's digest:
    :class:`anpo.futures.scorecard.InstanceCache`) parses the very text it hashed."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".toml":
        return read_toml_text(text, str(path))
    if suffix == ".csv":
        return read_csv_text(text, path)
    raise AlignError("unknown file type; use .toml or .csv", file=path)


def read_source(source: str | Path) -> Instance:
    """An instance named as on the command line and in scenario files: ``book:NAME`` for a
    built-in instance (:func:`read_book`), else a file path (:func:`read_instance`); a
    ``source`` of another type (a dict, an int) is an :class:`AlignError` naming it."""
    if isinstance(source, str) and source.startswith("book:"):
        return read_book(source[5:])
    if not isinstance(source, str):  # an empty name is read_instance's to refuse, as typed
        source = as_path(source, "source", error=AlignError)
    return read_instance(source)


def _book_root() -> Path:
    return Path(str(resources.files("anpo.align") / "book"))


def book_files() -> list[Path]:
    """The built-in instances' files in ``anpo/align/book/``, sorted by name (what
    ``anpo align book:NAME`` and ``anpo validate book:NAME`` read)."""
    root = _book_root()
    return sorted(root.glob("*.toml")) if root.is_dir() else []


def book_names() -> list[str]:
    """Names of the built-in instances in ``anpo/align/book/`` (without ``.toml``)."""
    return [p.stem for p in book_files()]


def read_book(name: str) -> Instance:
    """A built-in instance by name (see :func:`book_names`)."""
    target = _book_root() / f"{name}.toml"
    if not target.is_file():
        raise AlignError(f"no built-in instance {name!r}; available: {book_names()}", field="book")
    return read_toml_text(target.read_text(encoding="utf-8"), f"anpo/align/book/{name}.toml")


def to_toml(inst: Instance) -> str:
    """Serialise an instance to the TOML layout (pairs with factors when known)."""

    from anpo._toml import toml_key as key
    from anpo._toml import toml_string as q

    def val(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(float(v)) if isinstance(v, float) else str(v)
        if isinstance(v, list):
            return "[" + ", ".join(val(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{key(str(k))} = {val(x)}" for k, x in v.items()) + " }"
        return q(str(v))

    out: list[str] = []
    if inst.title:
        out.append(f"title = {q(inst.title)}")
    if inst.coalitions is not None:
        out.append(f"coalitions = {val(inst.coalitions)}")
    if inst.provenance:
        out.append("")
        out.append("[provenance]")
        for k, v in inst.provenance.items():
            out.append(f"{key(str(k))} = {val(v)}")
    for i, nm in enumerate(inst.names):
        out.append("")
        out.append("[[actor]]")
        out.append(f"name = {q(nm)}")
        if inst.ids and inst.ids[i] != nm:
            out.append(f"id = {q(inst.ids[i])}")
        out.append(f"size = {val(float(inst.sizes[i]))}")
        if inst.size_sources and inst.size_sources[i]:
            out.append(f"source = {q(str(inst.size_sources[i]))}")
        if inst.alt_sizes:
            out.append(f"sizes = {val({k: float(v[i]) for k, v in inst.alt_sizes.items()})}")
    ids = inst.ids or inst.names
    if inst.pairs is not None:
        factor_cols = [c for c in inst.pairs.columns if c not in {"a", "b", "p", "source"}]
        for rec in inst.pairs.to_dict("records"):
            out.append("")
            out.append("[[pair]]")
            out.append(f"a = {q(str(rec['a']))}")
            out.append(f"b = {q(str(rec['b']))}")
            out.append(f"p = {val(float(rec['p']))}")
            if rec.get("source"):
                out.append(f"source = {q(str(rec['source']))}")
            if factor_cols:
                facs = {c: float(rec[c]) for c in factor_cols if pd.notna(rec[c])}
                if facs:
                    out.append(f"factors = {val(facs)}")
    else:
        n = len(inst.names)
        for i in range(n):
            for j in range(i + 1, n):
                if inst.propensity[i, j] != 0:
                    out.append("")
                    out.append("[[pair]]")
                    out.append(f"a = {q(ids[i])}")
                    out.append(f"b = {q(ids[j])}")
                    out.append(f"p = {val(float(inst.propensity[i, j]))}")
    return "\n".join(out) + "\n"


def read_gdp_table(path: str | Path) -> pd.DataFrame:
    """A user's GDP table for GDP sizes (:func:`anpo.align.recipe.sizes_from_data`): a CSV with
    columns ``ccode`` (COW code), ``year`` and ``gdp`` (or ``gdp_usd_m``; any currency unit, only
    shares matter). Errors (:class:`~anpo.errors.DataError`, also for a ``path`` that is no file
    path or is empty) name the file, line and column; provenance in ``attrs["source"]``."""
    from anpo.data._io import Col, read_csv_checked

    cols = [
        Col("ccode", "int", lo=1, hi=999),
        Col("year", "int", lo=1000, hi=2100),
        Col("gdp", "float", lo=0, aliases=("gdp_usd_m",)),
    ]
    p = as_path(path, "path", error=DataError)
    df = read_csv_checked(
        p, cols, dataset=f"GDP table {p.name}", version="user", key=("ccode", "year")
    )
    return df.dropna(subset=["ccode", "year", "gdp"]).astype({"ccode": "int64", "year": "int64"})

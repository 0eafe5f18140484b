"""``/api/align``: landscape theory [axelrod1993] on a built-in or posted instance.

Instances are the library's own schema (:class:`anpo.align.io.InstanceSpec`: actors with sizes,
pairs or a full propensity matrix), validated by :func:`anpo.align.io.instance_from_spec`; an
uploaded CSV or TOML file is parsed in memory (:func:`anpo.align.io.read_csv_text`,
:func:`anpo.align.io.read_toml_text`) and returned as that schema, never written to disk.
"""

from __future__ import annotations

import functools
import math
from typing import Annotated, Any, Literal

import numpy as np
from fastapi import File, Request, UploadFile
from pydantic import Field, model_validator

from anpo.align.io import InstanceSpec
from anpo.align.landscape import minima_note
from anpo.align.report import recipe_words
from anpo.align.sensitivity import FACTOR_WORDS
from anpo.errors import AlignError
from anpo.report.countries import with_article
from anpo.report.format import NOISE, count_noun, fmt_number, fmt_scaled, upper_first
from anpo.web import limits
from anpo.web.common import Out, RunnerDep, Strict, api_router, finite, possessive

router = api_router("/api/align", "alignment")

#: Largest number of local minima returned (sorted by energy, then configuration; the basin
#: shares of the rest are summed in ``other_basin_share``). Only these are built as objects
#: (``Landscape.local_minima(max_minima=...)``): when all propensities are 0 every
#: configuration is a local minimum, and listing the 2^21 of 22 actors (the cap) took 17.6 s
#: and 1.3 GB before they were cut to 30; asking for 30 takes 1.3 s and about 190 MB above
#: the server's own.
MAX_MINIMA = 30


class InstanceRequest(Strict):
    """A built-in instance (``book``) or one given in full (``instance``), not both."""

    book: str | None = Field(None, max_length=64, description="a built-in instance name")
    instance: InstanceSpec | None = None
    coalitions: Literal[2, 3] | None = Field(
        None,
        description="largest number of coalitions; null: the instance's own (an uploaded "
        "file's coalitions, kept by /api/align/upload), else 2, as anpo align solve's default",
    )

    @model_validator(mode="after")
    def _one(self) -> InstanceRequest:
        if (self.book is None) == (self.instance is None):
            raise ValueError("give either book or instance")
        return self

    def chosen_coalitions(self, own: int | str | None, field: str) -> int:
        """The largest number of coalitions to enumerate: the request's, else the instance's own
        (``own``: a file's ``coalitions``), else 2, as ``anpo align solve`` reads ``-k`` and the
        file (an uploaded file's 3 was solved with 2 here). An instance's own other than 2 or 3
        (4, "auto") is refused naming ``field``: this app enumerates 2 or 3."""
        if self.coalitions is not None:
            return self.coalitions
        if own is None:
            return 2
        if own in (2, 3) and not isinstance(own, bool):
            return int(own)
        raise AlignError(
            f"the instance asks for coalitions = {own!r}; this app enumerates 2 or 3 "
            "(send coalitions 2 or 3, or use anpo align solve)",
            field=field,
        )

    def check_size(self) -> None:
        """The caps on a posted instance (:class:`AlignError` naming the field, a 422): at most
        :data:`anpo.web.limits.MAX_ACTORS` actors, at least 2, and at most
        :data:`anpo.web.limits.MAX_ACTORS_THREE` with three coalitions, names of at most
        :data:`anpo.web.limits.MAX_NAME_CHARS` characters (the what-if's state and anchors
        take no longer ones). Checked by the routes before a computation slot is asked for
        (and again by :func:`landscape` and :func:`whatif`); a model validator could only name
        ``body``."""
        if self.instance is None:
            return
        for i, a in enumerate(self.instance.actor):
            check_name(a.name, f"body.instance.actor.{i}.name")
        n = len(self.instance.actor)
        if n > limits.MAX_ACTORS:
            raise AlignError(
                f"at most {limits.MAX_ACTORS} actors here (the instance has {n})",
                field="body.instance.actor",
            )
        if n < 2:
            raise AlignError(
                f"an alignment needs at least 2 actors (the instance has {n})",
                field="body.instance.actor",
            )
        field = "body.coalitions" if self.coalitions is not None else "body.instance.coalitions"
        if self.chosen_coalitions(self.instance.coalitions, field) == 3 and (
            n > limits.MAX_ACTORS_THREE
        ):
            raise AlignError(
                f"three coalitions are enumerated up to {limits.MAX_ACTORS_THREE} actors; the "
                f"instance has {n} (choose 2 coalitions, or fewer actors)",
                field=field,
            )


def check_name(name: str, field: str, where: str = "") -> None:
    """:class:`AlignError` naming ``field`` when an actor's ``name`` is longer than
    :data:`anpo.web.limits.MAX_NAME_CHARS` (``where``: the file's name, before the message)."""
    if len(name) > limits.MAX_NAME_CHARS:
        raise AlignError(
            f"{where}an actor's name of {len(name):,} characters; at most "
            f"{limits.MAX_NAME_CHARS} here ({name[:20]!r}...)",
            field=field,
        )


class WhatIfRequest(InstanceRequest):
    """What smallest change of a state's propensities brings it onto the anchors' side?"""

    actor: str = Field(
        min_length=1, max_length=limits.MAX_NAME_CHARS, description="the state to bring in"
    )
    anchors: list[Annotated[str, Field(min_length=1, max_length=limits.MAX_NAME_CHARS)]] = Field(
        default_factory=lambda: ["United States of America", "Japan"], min_length=1, max_length=4
    )
    norm: Literal["L1", "Linf"] = "L1"
    coalitions: Literal[2] = 2

    def check_size(self) -> None:
        """:meth:`InstanceRequest.check_size` with this question's own cap on a posted
        instance, :data:`anpo.web.limits.MAX_ACTORS_WHATIF` actors."""
        n = len(self.instance.actor) if self.instance is not None else 0
        if n > limits.MAX_ACTORS_WHATIF:
            raise AlignError(
                f"at most {limits.MAX_ACTORS_WHATIF} actors for this question "
                f"(the instance has {n})",
                field="body.instance.actor",
            )
        super().check_size()


class MinimumOut(Out):
    rank: int
    config: list[int]
    coalitions: list[list[str]]
    energy: float
    energy_text: str
    basin_share: float
    basin_text: str


class ActorOut(Out):
    name: str
    size: float
    x: float
    y: float


class LandscapeOut(Out):
    title: str
    n: int
    coalitions: int
    configurations: int
    actors: list[ActorOut]
    minima: list[MinimumOut]
    other_minima: int
    other_basin_share: float
    other_basin_text: str = Field(description="other_basin_share for a reader (a percentage)")
    minima_note: str | None = Field(
        description="when more local minima exist than are listed: how many, which are listed "
        "and why there are so many (null when every local minimum is listed)"
    )
    tied_starts: int | None = Field(
        default=None,
        description="how many starting configurations met a tie between steepest moves on "
        "their descent (their minimum, so the basin shares, may depend on the tie rule: an "
        "upper bound on the starts whose minimum does, as a tie's branches can end at the same "
        "minimum); null when not counted",
    )
    basin_tie_note: str | None = Field(
        default=None,
        description="'N of M starts met a tie between steepest moves; the shares may depend on "
        "the tie rule (...)' when N > 0, else null",
    )
    instance: InstanceSpec
    source: str = Field(
        description="where the sizes and propensities come from: a built-in instance's datasets "
        "and recipe (its provenance), or the uploaded file, with what it records of them (its "
        "provenance table and its actors' size sources)"
    )
    model: str


class PairChange(Out):
    a: str
    b: str
    before: float
    after: float
    change: float
    before_text: str = Field(
        description="before for a reader (at the instance's scale, fmt_scaled)"
    )
    after_text: str = Field(description="after for a reader")
    change_text: str


class WhatIfOut(Out):
    actor: str = Field(description="the state brought in, named as in the instance")
    actor_text: str = Field(
        description="the state inside a sentence ('the Philippines'), as the sentence names it"
    )
    anchors: list[str]
    norm: str
    already: bool
    feasible: bool
    proven: bool
    size: float | None = Field(
        description="the change's size in the norm; null when not known (the search spent its "
        "time limit before finding one, the solver's change failed the check against every "
        "configuration: feasible true and reason set, or no change does it: feasible false); "
        "when proven is false, an upper bound (a change sits on the search's limit, the time "
        "limit stopped the search, or the checked change lay above the programme's own "
        "optimum beyond its tolerance: reason set)"
    )
    size_text: str
    lower_bound: float | None = Field(
        description="when proven is false: a proven lower bound on the smallest size, whatever "
        "stopped the search (null when proven is true, the size then being exact, or when no "
        "bound above 0 is known)"
    )
    reason: str | None = Field(
        default=None,
        description="why the size is not proven or not known, when the library says "
        "(PropensityChange.reason: the solver's change failed the check, lay above the "
        "programme's optimum, or the time limit was spent after a checked change); null "
        "otherwise (a change on the search's limit, or a time-out before any change: proven "
        "and size say so)",
    )
    changes: list[PairChange]
    config: list[int] | None
    coalitions: list[list[str]] | None
    before: list[int]
    before_coalitions: list[list[str]]
    sentence: str


class BookOut(Out):
    name: str
    title: str
    n: int


MODEL = (
    "Landscape theory of aggregation (Axelrod & Bennett, BJPolS 23(2), 1993): energy summed over "
    "ordered pairs, E = sum s_i s_j p_ij d_ij; every local minimum and its basin by exhaustive "
    f"enumeration (anpo.align.Landscape.local_minima; the lowest {MAX_MINIMA} listed)."
)


def _load(req: InstanceRequest) -> Any:
    from anpo.align.io import book_names, instance_from_spec, read_book

    if req.book is not None:
        if req.book not in book_names():
            raise AlignError(
                f"unknown built-in instance {req.book!r}; available: {', '.join(book_names())}",
                field="body.book",
            )
        inst = read_book(req.book)
        k = req.chosen_coalitions(inst.coalitions, "body.coalitions")
        if k == 3 and len(inst.names) > limits.MAX_ACTORS_THREE:
            # the 20-state books with three coalitions ran into the time limit, and their
            # abandoned enumeration kept a core busy for minutes
            raise AlignError(
                f"three coalitions are enumerated up to {limits.MAX_ACTORS_THREE} actors; "
                f"{req.book} has {len(inst.names)} (choose 2 coalitions, or upload a smaller "
                "instance)",
                field="body.coalitions",
            )
        return inst
    assert req.instance is not None
    try:
        return instance_from_spec(req.instance, "<request>")
    except AlignError as exc:
        field = f"body.instance.{exc.field}" if exc.field else "body.instance"
        raise AlignError(exc.message, field=field) from None


def _spec(inst: Any) -> InstanceSpec:
    """The instance as the instance schema, with what its file records besides the numbers: the
    provenance table, each actor's id, size source and sizes by other measures, and, for a file
    of ``[[pair]]`` entries, those entries with their sources and factors (the propensity matrix
    otherwise). An uploaded file came back without them (web29), so the page and the landscape
    answer could not say where its numbers come from, which ``anpo align solve`` reads from the
    same file (its recipe note)."""
    ids = list(getattr(inst, "ids", None) or inst.names)
    sources = list(getattr(inst, "size_sources", None) or [None] * len(inst.names))
    alt = dict(getattr(inst, "alt_sizes", None) or {})
    actors = []
    for i, (nm, s) in enumerate(zip(inst.names, inst.sizes, strict=True)):
        actor: dict[str, Any] = {"name": nm, "size": float(s)}
        if ids[i] != nm:
            actor["id"] = ids[i]
        if sources[i] is not None:
            actor["source"] = sources[i]
        if alt:
            actor["sizes"] = {m: float(v[i]) for m, v in alt.items()}
        actors.append(actor)
    spec: dict[str, Any] = {
        "title": inst.title or None,
        "actor": actors,
        # a solve setting the file carries, which anpo align solve honours
        "coalitions": inst.coalitions,
        "provenance": dict(getattr(inst, "provenance", None) or {}),
    }
    pairs = getattr(inst, "pairs", None)
    if pairs is not None and len(pairs):
        spec["pair"] = [_pair_entry(row) for row in pairs.to_dict("records")]
    else:
        spec["propensity"] = [[float(x) for x in row] for row in inst.propensity]
    return InstanceSpec.model_validate(spec)


def _pair_entry(row: dict[str, Any]) -> dict[str, Any]:
    """One ``[[pair]]`` entry from a row of :attr:`anpo.align.io.Instance.pairs` (``a``, ``b``,
    ``p``, ``source`` and a column per factor, missing where the entry gave no factors)."""
    entry: dict[str, Any] = {"a": str(row["a"]), "b": str(row["b"]), "p": float(row["p"])}
    source = row.get("source")
    if isinstance(source, str):
        entry["source"] = source
    factors = {
        str(k): float(v)
        for k, v in row.items()
        if k not in ("a", "b", "p", "source") and v is not None and not math.isnan(float(v))
    }
    if factors:
        entry["factors"] = factors
    return entry


def _positions(p: np.ndarray) -> np.ndarray:
    """2-D positions of the actors by classical multidimensional scaling of ``max(p) - p``
    (actors with high propensity to each other are close; a picture, not a model output)."""
    n = p.shape[0]
    if n < 3:
        return np.column_stack([np.arange(n, dtype=float), np.zeros(n)])
    d = np.max(p) - p
    np.fill_diagonal(d, 0.0)
    j = np.eye(n) - np.ones((n, n)) / n
    b = -0.5 * j @ (d**2) @ j
    vals, vecs = np.linalg.eigh(b)
    order = np.argsort(vals)[::-1][:2]
    coords = vecs[:, order] * np.sqrt(np.maximum(vals[order], 0.0))
    for k in range(2):  # a fixed orientation: the largest actor on the positive side
        col = coords[:, k]
        if col[int(np.argmax(np.abs(col)))] < 0:
            coords[:, k] = -col
    scale = float(np.max(np.abs(coords))) or 1.0
    return coords / scale


def _members(names: list[str], config: np.ndarray) -> list[list[str]]:
    k = int(config.max(initial=0)) + 1
    return [[names[i] for i in range(len(names)) if config[i] == c] for c in range(k)]


@functools.lru_cache(maxsize=8)
def _book_landscape(name: str, coalitions: int) -> tuple[Any, Any, list[Any]]:
    from anpo.align.io import read_book

    inst = read_book(name)
    land = inst.landscape(coalitions)
    return inst, land, land.local_minima(max_minima=MAX_MINIMA, ties=True)


#: The recipe's weights as the report names their factors (:data:`FACTOR_WORDS`); the ATOP
#: factor has two weights, for defense pacts and for the other pacts.
WEIGHT_WORDS = {
    **FACTOR_WORDS,
    "defense": "defense pacts",
    "other_alliance": "other ATOP pacts (non-aggression or consultation)",
}


def instance_source(inst: Any, built_in: bool) -> str:
    """Where an instance's numbers come from, for the page: a built-in instance's size sources
    and the datasets and recipe of its propensities (its provenance, written by
    ``tools/align_book.py``), or an uploaded file's own numbers, with what the file records of
    their sources (a copy of a built-in file records the same).

    >>> class I:
    ...     size_sources = ["CINC 2001 recomputed from COW NMC 7.0"] * 2
    ...     provenance = {"recipe": "r/2", "year": 2001, "weights": {"defense": 2.0,
    ...                   "dispute_window": 10}, "dataset_nmc": "COW NMC 7.0",
    ...                   "dataset_atop": "ATOP 5.1"}
    ...     path = "anpo/align/book/x.toml"
    >>> instance_source(I(), built_in=True)  # doctest: +NORMALIZE_WHITESPACE
    'Sizes: CINC 2001 recomputed from COW NMC 7.0. Propensities: recipe 2 for 2001 (weights:
    defense pacts 2; disputes counted over 10 years) from ATOP 5.1. Built-in file
    anpo/align/book/x.toml.'
    >>> instance_source(I(), built_in=False)  # doctest: +NORMALIZE_WHITESPACE
    'Sizes and propensities: as the uploaded file gives them. The file records: Sizes: CINC
    2001 recomputed from COW NMC 7.0. Propensities: recipe 2 for 2001 (weights: defense pacts
    2; disputes counted over 10 years) from ATOP 5.1.'
    >>> I.provenance = {}
    >>> instance_source(I(), built_in=True)
    'Sizes and propensities: the built-in file does not record where they come from.'
    >>> I.size_sources = [None, None]
    >>> instance_source(I(), built_in=False)
    'Sizes and propensities: as the uploaded file gives them.'

    The weights are named as the report names the factors (:data:`WEIGHT_WORDS`), not by
    their keys in the file.
    """
    prov = dict(getattr(inst, "provenance", None) or {})
    sizes = list(
        dict.fromkeys(str(x) for x in (getattr(inst, "size_sources", None) or []) if x is not None)
    )
    if not built_in:
        given = "Sizes and propensities: as the uploaded file gives them."
        if not prov and not sizes:
            return given
        # the file's own record of where they come from, as a built-in file's is said (an
        # uploaded copy of a book file said nothing of its datasets: web29)
        return f"{given} The file records: {_recorded(prov, sizes)}"
    if not prov:
        return "Sizes and propensities: the built-in file does not record where they come from."
    parts = [_recorded(prov, sizes)]
    if getattr(inst, "path", None):
        parts.append(f"Built-in file {inst.path}.")
    return " ".join(parts)


def _recorded(prov: dict[str, Any], sizes: list[str]) -> str:
    """The sources of the sizes and the recipe, year, weights and datasets of the propensities,
    as an instance's provenance table and its actors' size sources record them
    (:func:`instance_source`); without a provenance table, the size sources only."""
    if not prov:
        return f"Sizes: {'; '.join(sizes)}."
    size_data = str(prov.get("dataset_nmc", "")).strip()
    datasets = [
        str(v).strip()
        for k, v in prov.items()
        if str(k).startswith("dataset_") and k != "dataset_nmc" and str(v).strip()
    ]
    w = dict(prov.get("weights") or {})
    window = w.pop("dispute_window", None)
    # each weight at the scale of the recipe's largest: a recipe of weights of order 1e-14
    # reads its digits, not '0' (fmt_number's absolute noise rule); weights of order 1 (the
    # book's) as fmt_number writes them
    w_scale = max((abs(float(v)) for v in w.values()), default=1.0) or 1.0
    weights = ", ".join(
        f"{WEIGHT_WORDS.get(k, k)} {fmt_scaled(float(v), w_scale)}" for k, v in w.items()
    )
    if window is not None:
        weights += f"; disputes counted over {fmt_number(float(window))} years"
    parts = [f"Sizes: {'; '.join(sizes) or size_data or 'not stated'}."]
    recipe = recipe_words(str(prov["recipe"])) if prov.get("recipe") else "anpo's recipe"
    recipe += "," if "," in recipe else ""  # "recipe 2, anpo's default, for 2001"
    year = f" for {prov['year']}" if prov.get("year") else ""
    parts.append(
        f"Propensities: {recipe}{year}{f' (weights: {weights})' if weights else ''}"
        f"{' from ' + ', '.join(datasets) if datasets else ''}."
    )
    return " ".join(parts)


def landscape(req: InstanceRequest) -> LandscapeOut:
    """Local minima (the lowest :data:`MAX_MINIMA`), basins and actor positions of the
    instance."""
    req.check_size()
    if req.book is not None:
        k = req.chosen_coalitions(_load(req).coalitions, "body.coalitions")  # _load: the name
        inst, land, minima = _book_landscape(req.book, k)
    else:
        inst = _load(req)
        k = req.chosen_coalitions(inst.coalitions, "body.instance.coalitions")
        land = inst.landscape(k)
        minima = land.local_minima(max_minima=MAX_MINIMA, ties=True)
    shown = minima[:MAX_MINIMA]
    count = int(land.minima_count)
    # the basins of those not shown: the shares of all minima sum to 1
    other = max(0.0, 1.0 - math.fsum(m.basin_share for m in shown)) if count > len(shown) else 0.0
    configurations = int(land.count_configurations())
    xy = _positions(inst.propensity)
    return LandscapeOut(
        title=inst.title or (req.book or "instance"),
        n=land.n,
        coalitions=k,
        configurations=configurations,
        actors=[
            ActorOut(name=nm, size=finite(s), x=finite(x), y=finite(y))
            for nm, s, (x, y) in zip(inst.names, inst.sizes, xy, strict=True)
        ],
        minima=[
            MinimumOut(
                rank=r + 1,
                config=[int(c) for c in m.config],
                coalitions=_members(inst.names, m.config),
                energy=finite(m.energy),
                energy_text=land.energy_text(m.energy),  # at the instance's scale, as the CLI
                basin_share=finite(m.basin_share),
                basin_text=fmt_number(m.basin_share, "percent"),
            )
            for r, m in enumerate(shown)
        ],
        other_minima=count - len(shown),
        other_basin_share=finite(other),
        other_basin_text=fmt_number(other, "percent"),
        minima_note=minima_note(count, len(shown), configurations, land.lowest_ties()),
        tied_starts=land.tied_starts,
        basin_tie_note=land.basin_tie_note(),
        instance=_spec(inst),
        source=instance_source(inst, built_in=req.book is not None),
        model=MODEL,
    )


def _shown(v: float) -> float:
    """A change as a client reads it: 12 significant digits, no -0.0 (the floating-point
    noise of scaling a change to its tie, 3.9999999999999996 for 4, is not the answer's).

    >>> _shown(3.9999999999999996), _shown(-1e-17 * 0.0)
    (4.0, 0.0)
    """
    return float(f"{v:.12g}") + 0.0


#: The share of the server's time limit the what-if search is given (the rest: loading the
#: instance, enumerating its configurations and answering).
WHATIF_SHARE = 0.8


def whatif(req: WhatIfRequest, time_limit: float = 60.0) -> WhatIfOut:
    """:func:`anpo.align.whatif.smallest_change` for one state and its anchors, its search
    given ``time_limit`` seconds (the server passes a share of its own limit, so that the
    search stops and answers instead of running on in an abandoned thread)."""
    from anpo.align.whatif import all_energies, smallest_change

    req.check_size()
    inst = _load(req)
    if len(inst.names) > limits.MAX_ACTORS_WHATIF:
        raise AlignError(
            f"at most {limits.MAX_ACTORS_WHATIF} actors for this question "
            f"(the instance has {len(inst.names)})",
            field="body.instance.actor" if req.instance is not None else "body.book",
        )

    def index(name: str, field: str) -> int:
        try:
            return inst.index(name)
        except (KeyError, ValueError, AlignError):
            raise AlignError(
                f"no actor {name!r}; actors: {', '.join(inst.names)}", field=field
            ) from None

    actor = index(req.actor, "body.actor")
    anchors = [index(a, f"body.anchors.{i}") for i, a in enumerate(req.anchors)]
    # the refusals name the state: the page shows them without the field, and 'the state
    # cannot be its own anchor' left the reader to find which of three menus was wrong
    twice = next((a for i, a in enumerate(anchors) if a in anchors[:i]), None)
    if twice is not None:
        raise AlignError(
            f"{inst.names[twice]} is named twice as an anchor: choose another state or "
            "'(nobody else)'",
            field="body.anchors",
        )
    if actor in anchors:
        raise AlignError(
            f"{inst.names[actor]} is both the state to bring in and an anchor of the side: "
            "choose another anchor",
            field="body.actor",
        )
    land = inst.landscape(2)
    before, before_energy = land.global_minimum()
    cache = all_energies(land)
    ch = smallest_change(land, actor, anchors, norm=req.norm, time_limit=time_limit, cache=cache)
    # what a client reads is the change the question asks for, at which the target ties, not
    # the search's margin in it (4.000000004 for 4; a tie's 5e-10): the library's tie_norm
    # and tie_delta, the numbers the report prints too
    size = _shown(ch.tie_norm) if math.isfinite(ch.tie_norm) else ch.tie_norm
    lower_bound = min(_shown(ch.lower_bound), size)
    names = inst.names
    # the instance's scale: only the propensities' ratios matter, so a change is floating-point
    # noise below NOISE (1e-12) of the largest |propensity|, not below an absolute 1e-12 (a
    # real change of 1e-13 on propensities of 1e-14 was dropped as 'too small to show'), and
    # its numbers are written at that scale (fmt_number's noise rule printed them '0')
    scale = float(np.max(np.abs(inst.propensity))) or 1.0

    def text(x: float) -> str:
        return fmt_scaled(x, scale)

    changes = [
        PairChange(
            a=names[i],
            b=names[j],
            before=finite(inst.propensity[i, j]),
            after=finite(after),
            change=finite(v),
            before_text=text(float(inst.propensity[i, j])),
            after_text=text(after),
            change_text=text(v),
        )
        for (i, j), v in sorted(
            ((pair, _shown(v)) for pair, v in ch.tie_delta.items()), key=lambda kv: -abs(kv[1])
        )
        if abs(v) > NOISE * scale
        for after in [_shown(float(inst.propensity[i, j]) + v)]
    ]
    who = with_article(names[actor])  # inside a sentence: "the United States of America"
    side = " and ".join(with_article(names[a]) for a in anchors)

    def partner(c: PairChange) -> str:
        return with_article(c.b if c.a == names[actor] else c.a)

    def moved(prefix: str) -> str:
        """Every pair moved by the L-infinity size: raised toward the states on the actor's
        side after the change, lowered toward the others (counts that are 0 left out)."""
        up = sum(1 for c in changes if c.change > 0)
        parts = [
            f"raised toward the {count_noun(up, 'state')} on its side after the change"
            if up
            else "",
            f"lowered toward the {count_noun(len(changes) - up, 'other')}"
            if len(changes) > up
            else "",
        ]
        which = (
            f"its propensity with {partner(changes[0])}"
            if len(changes) == 1
            else f"each of its {len(changes)} propensities"
        )
        return f"{prefix}{which} moved by {text(size)}, " + " and ".join(p for p in parts if p)

    # a configuration with the actor on the side already ties for the global minimum: the
    # change is only the search's margin, and "the smallest change (L1 norm 0) ... changes 0
    # of its propensities" beside a global minimum with it on that side contradicted itself
    tied = ch.tied  # the library says it (PropensityChange.tied)
    if ch.already:
        sentence = f"{upper_first(who)} is already on the side of {side} in the global minimum."
    elif not ch.feasible:
        sentence = f"No change of {possessive(who)} propensities puts it on the side of {side}."
    elif not math.isfinite(size) and ch.reason:
        # the solver's change failed the check against every configuration (whatif16); the
        # bound the programme proved is kept (whatif17: it was 0 then)
        sentence = (
            f"The search for the smallest change that puts {who} on the side of {side} found "
            f"no change it could check: {ch.reason}. Not known"
            + (f"; it is at least {text(lower_bound)}." if lower_bound > 0 else ".")
        )
    elif not math.isfinite(size):
        sentence = (
            f"The search for the smallest change that puts {who} on the side of {side} spent "
            f"its time limit ({fmt_number(time_limit)} s) before finding one: not known"
            + (f"; it is at least {text(lower_bound)}." if lower_bound > 0 else ".")
        )
    elif tied:
        sentence = (
            f"{upper_first(who)} is on the side of {side} in a configuration tied for "
            f"the global minimum (energy {land.energy_text(before_energy)}) with "
            "one in "
            "which it is not: any change, however small, that favours that configuration "
            "makes it the only global minimum."
        )
    elif not changes:
        # every change below NOISE of the largest |propensity|: floating-point noise of the
        # instance's own numbers (the page would read "changes 0 of its propensities")
        sentence = (
            f"The smallest change that puts {who} on the side of {side} in the global minimum "
            "is too small to show"
            + (f" ({req.norm} {size:.3g})" if size > 0 else "")
            + f": below {NOISE:g} of the instance's largest propensity ({text(scale)}), the "
            "precision of its floating-point numbers, so its side ties for the global minimum "
            "within that precision."
        )
    elif req.norm == "Linf":
        # the smallest largest change moves every pair by the same amount: "most of all with"
        # one of them named a tie, and the MIP's choice among equal answers was arbitrary
        if ch.time_out:
            sentence = (
                f"The search spent its time limit ({fmt_number(time_limit)} s): the smallest "
                f"largest single change that puts {who} on the side of {side} is between "
                f"{text(lower_bound)} and {text(size)}. " + moved("One that works: ") + "."
            )
        else:
            sentence = (
                f"The smallest largest single change (L∞ {text(size)}) that puts {who} "
                f"on the side of {side} in the global minimum: "
                + moved("")
                + " (some may need less; none can do with a largest change below this)."
            )
    else:
        sentence = (
            f"The smallest change ({req.norm} norm {text(size)}) that puts {who} on "
            f"the side of {side} in the global minimum "
            + (
                f"changes one of its propensities, that with {partner(changes[0])} "
                f"({changes[0].change_text})."
                if len(changes) == 1
                else f"changes {len(changes)} of its propensities, most of all with "
                f"{partner(changes[0])} ({changes[0].change_text})."
            )
        )
        if not ch.proven and ch.reason:
            sentence += f" Not proven the smallest ({ch.reason}): the size is an upper bound."
        elif not ch.proven:
            sentence += " A change sits on the search's limit: the size is an upper bound."
    return WhatIfOut(
        # the instance's name, as anchors and coalitions give theirs ('the Philippines' was
        # sent for the request's 'Philippines'); the prose form is actor_text
        actor=names[actor],
        actor_text=who,
        anchors=[names[a] for a in anchors],
        norm=req.norm,
        already=bool(ch.already),
        feasible=bool(ch.feasible),
        proven=bool(ch.proven),
        size=finite(size) if math.isfinite(size) else None,
        size_text=text(size) if math.isfinite(size) else "not known",
        # any bound the library proved (review17 F4: a change above the programme's optimum
        # has one without a time-out, and it was dropped)
        lower_bound=finite(lower_bound) if not ch.proven and lower_bound > 0 else None,
        reason=ch.reason or None,
        changes=changes,
        config=[int(c) for c in ch.config] if ch.config is not None else None,
        coalitions=_members(names, ch.config) if ch.config is not None else None,
        before=[int(c) for c in before],
        before_coalitions=_members(names, before),
        sentence=sentence,
    )


def books() -> list[BookOut]:
    """The built-in instances."""
    from anpo.align.io import book_names, read_book

    out = []
    for name in book_names():
        inst = read_book(name)
        out.append(BookOut(name=name, title=inst.title or name, n=len(inst.names)))
    return out


def parse_upload(name: str, data: bytes) -> InstanceSpec:
    """An uploaded CSV or TOML instance, parsed in memory, as the instance schema."""
    from anpo.align.io import read_csv_text, read_toml_text

    shown = (name or "upload").replace("/", "_")[-80:]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AlignError(f"{shown}: not a UTF-8 text file", field="body.file") from None
    low = shown.lower()
    try:
        if low.endswith(".toml"):
            inst = read_toml_text(text, shown)
        elif low.endswith(".csv"):
            inst = read_csv_text(text, shown)
        else:
            raise AlignError(f"{shown}: unknown file type; use .csv or .toml", field="body.file")
    except AlignError as exc:
        if exc.field == "body.file":
            raise
        where = shown + (f":{exc.line}" if exc.line is not None else "")
        what = f"{exc.field}: " if exc.field else ""
        raise AlignError(f"{where}: {what}{exc.message}", field="body.file") from None
    if len(inst.names) > limits.MAX_ACTORS:
        raise AlignError(
            f"{shown}: {len(inst.names)} actors; at most {limits.MAX_ACTORS} here",
            field="body.file",
        )
    for nm in inst.names:
        check_name(nm, "body.file", f"{shown}: ")
    if len(inst.names) < 2:  # refused here, naming the file, not by the landscape request after
        raise AlignError(
            f"{shown}: {count_noun(len(inst.names), 'actor')}; an alignment needs at least 2",
            field="body.file",
        )
    return _spec(inst)


# ----------------------------------------------------------------------------- routes
@router.get("/book", response_model=list[BookOut])
async def get_book(run: RunnerDep) -> list[BookOut]:
    """The built-in instances."""
    return await run.run(books)


@router.post("/landscape", response_model=LandscapeOut)
async def post_landscape(req: InstanceRequest, run: RunnerDep) -> LandscapeOut:
    """The local minima (predicted configurations; the lowest ones, minima_note says when there
    are more) with their energies and basin shares; an instance with more actors than
    GET /api/limits allows is refused."""
    req.check_size()  # refused before a computation slot is asked for
    return await run.run(landscape, req)


@router.post("/whatif", response_model=WhatIfOut)
async def post_whatif(req: WhatIfRequest, run: RunnerDep) -> WhatIfOut:
    """The smallest change of a state's propensities that brings it onto the anchors' side."""
    # the search stops at 80 % of the server's limit: the rest loads and answers
    req.check_size()
    return await run.run(whatif, req, time_limit=WHATIF_SHARE * run.time_limit)


@router.post("/upload", response_model=InstanceSpec)
async def post_upload(
    file: Annotated[UploadFile, File(description="a .csv or .toml instance")],
    request: Request,
    run: RunnerDep,
) -> InstanceSpec:
    """Parse an uploaded instance file in memory and return it as the instance schema, with the
    file's provenance table, actor ids, size sources and [[pair]] entries (their sources and
    factors) as it gives them; a form with more than one part named 'file' is refused (one of
    them was used, silently)."""
    # the form FastAPI read for ``file`` (Starlette keeps it: no second read of the body)
    parts = (await request.form()).getlist("file")
    if len(parts) > 1:
        raise AlignError(
            f"{len(parts)} parts named 'file' were sent; send one file", field="body.file"
        )
    data = await file.read(limits.MAX_UPLOAD_BYTES + 1)
    if len(data) > limits.MAX_UPLOAD_BYTES:
        raise AlignError(f"file larger than {limits.MAX_UPLOAD_BYTES} bytes", field="body.file")
    return await run.run(parse_upload, file.filename or "upload", data)

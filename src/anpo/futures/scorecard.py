"""The futures scorecard: every future on the same indicators, one per question of the seed.

:func:`indicators` computes the numbers of one :class:`~anpo.futures.schema.World` by calling the
capabilities' own functions (inputs in, numbers out), so the same function runs in a loop, a
process pool or a Dask worker (``anpo explore`` over futures). :func:`details` adds what is not
a number (who is on the side, each contribution's answer). :func:`scorecard` lays futures side by
side. The questions and the definitions are in :data:`INDICATORS`.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from anpo.errors import FutureError
from anpo.futures.schema import World, apply_alignment_changes
from anpo.report.format import count_noun, fmt_number


@dataclass(frozen=True)
class Indicator:
    """One scorecard row: the seed's question it answers and how it is computed
    (``definition``: a template, read with :func:`definition_of`)."""

    name: str
    question: str
    label: str
    definition: str
    kind: str = "probability"  # probability | share | yes-no | count | number | margin | amount
    #: whether the value is a deterrence model's output, a probability or share whose small
    #: digits carry no meaning (warhead kills treated as independent): written at the model's
    #: resolution, ``"resolved-percent"`` ("< 0.1%", "> 99.9%"), as the deterrence sections,
    #: ``anpo stability`` and the web pages write the same numbers. A share computed from data
    #: or counts (CINC, the DoD's offset share, the lawful share of the contributions asked) is
    #: not: it keeps its three significant figures ("99.9%" is 0.9992 of the data, "0.05%" a
    #: share of 0.0005). ``None``: a probability is a model's output, a share is not.
    resolved: bool | None = None

    def __post_init__(self) -> None:
        if self.resolved is None:
            object.__setattr__(self, "resolved", self.kind == "probability")


INDICATORS: list[Indicator] = [
    Indicator(
        "china_assured_retaliation",
        "Can China keep an assured retaliation?",
        "China keeps an assured retaliation",
        "yes when P(at least m Chinese warheads reach the U.S. after a U.S. counterforce first "
        "strike, through the active U.S. defenses) >= q, with m and q the reaction-curve goal "
        "of the base scenario's settings{goal_mq}; Kent & "
        "Thaler (1989) exchange, Wilkening (1999) interception",
        "yes-no",
    ),
    Indicator(
        "china_p_reach_us",
        "Can China keep an assured retaliation?",
        "P(China's retaliation reaches the U.S.)",
        "P(at least m Chinese warheads reach the U.S. after a U.S. counterforce first strike), "
        "m = the warheads the base scenario's reaction-curve goal asks for{goal_m}",
    ),
    Indicator(
        "japan_allied",
        "Does the U.S. still extend deterrence to Japan?",
        "U.S. alliance with Japan in force",
        "yes when an alliance of the scenario has the U.S. as patron and Japan as a member",
        "yes-no",
    ),
    Indicator(
        "japan_covered",
        "Is Japan decoupled from the U.S.?",
        "Japan covered by missile defense",
        "yes when a defense layer of the future's variant covers Japan's territory with "
        "interceptors and a kill probability above 0 and engages a class of China's missiles "
        "that reach Japan",
        "yes-no",
    ),
    Indicator(
        "china_warheads_at_japan",
        "Is Japan decoupled from the U.S.?",
        "Chinese warheads reaching Japan when China strikes Japan (expected)",
        "expected number of Chinese warheads reaching Japan when China strikes Japan (the first "
        "step of the extended-deterrence exchange: its forces that reach Japan but not the U.S., "
        "and the share of those that reach both that the scenario commits to Japan), through "
        "the defenses covering Japan (extended deterrence, Wilkening & Watman 1995): an "
        "expected count, not the probability anpo extended calls the ally's exposure; "
        "undefined when China has no warheads to strike Japan with",
        "number",
    ),
    Indicator(
        "patron_damage",
        "Is Japan decoupled from the U.S.?",
        "U.S. value destroyed if it honours its guarantee after China strikes Japan (expected)",
        "expected fraction of U.S. value destroyed by China's retaliation when the U.S. honours "
        "its guarantee: after China's strike on Japan, the U.S. strikes China's remaining forces "
        "and China answers with what survives, through the future's defenses (extended "
        "deterrence, Wilkening & Watman 1995; damage curve of the base scenario): an expected "
        "share of value (anpo extended's patron's damage), not the probability anpo extended "
        "calls the patron's price; undefined when the U.S. has no alliance with Japan, the scenario "
        "no U.S.-China dyad, or China no warheads to strike Japan with",
        "share",
        resolved=True,
    ),
    Indicator(
        "us_japan_together",
        "Who is on the U.S.-Japan side, and by what margin?",
        "U.S. and Japan on one side",
        "yes when the U.S. and Japan share a coalition in the global minimum of the alignment "
        "landscape (Axelrod & Bennett 1993; two coalitions) after the future's propensity changes",
        "yes-no",
    ),
    Indicator(
        "side_size",
        "Who is on the U.S.-Japan side, and by what margin?",
        "Actors on the U.S.-Japan side",
        "number of actors in the U.S.'s coalition in the global minimum (of the instance's actors)",
        "count",
    ),
    Indicator(
        "side_capability_share",
        "Who is on the U.S.-Japan side, and by what margin?",
        "Share of capability on the U.S.-Japan side",
        "the side's share of the instance's total size (CINC)",
        "share",
    ),
    Indicator(
        "japan_margin",
        "Who is on the U.S.-Japan side, and by what margin?",
        "Japan's margin on its side",
        "increase of Japan's own frustration if it alone switched sides (Delta E / 2 s_k, as in "
        "the alignment section); larger is a firmer place, negative would mean Japan prefers the "
        "other side",
        "margin",
    ),
    Indicator(
        "us_margin",
        "Who is on the U.S.-Japan side, and by what margin?",
        "The U.S.'s margin on its side",
        "increase of the U.S.'s own frustration if it alone switched sides (Delta E / 2 s_k): "
        "how firmly the U.S. stays with Japan's side rather than dealing past it",
        "margin",
    ),
    Indicator(
        "side_margin",
        "Who is on the U.S.-Japan side, and by what margin?",
        "Margin of the side's weakest member",
        "smallest increase of a side member's own frustration if it alone switched sides "
        "(Delta E / 2 s_k, as in the alignment section); larger is a firmer side",
        "margin",
    ),
    Indicator(
        "china_on_side",
        "Does the framework's open door bring China in?",
        "China on the U.S.-Japan side",
        "yes when China is in the U.S.'s coalition in the global minimum",
        "yes-no",
    ),
    Indicator(
        "contributions_asked",
        "Which contributions asked of Japan are lawful?",
        "Contributions asked of Japan",
        "number of contributions the future asks of Japan",
        "count",
    ),
    Indicator(
        "contributions_lawful_share",
        "Which contributions asked of Japan are lawful?",
        # its referent named: 'Share of them lawful' read alone in summary-futures.csv, away
        # from the scorecard row above it (review8 #10)
        "Share of the contributions asked that are lawful (outright or on conditions)",
        "share of the contributions asked that Japan's law permits (outright or under "
        "conditions) on the future's date (anpo.law; a situation no longer provided for is "
        "assessed under its successor)",
        "share",
    ),
    Indicator(
        "japan_burden_share",
        "Is the alliance a mechanism for Japan to bear a massive financial burden?",
        "Japan's share of the U.S. non-personnel stationing cost",
        "Japan's support over the U.S. non-personnel cost of stationing forces in Japan: the "
        "DoD's {offset_year} offset share (Report on Allied Contributions to the Common "
        "Defense, {offset_edition}, the edition nearest 2001 whose figure anpo reads from the "
        "report itself) "
        "times support_scale / presence_scale, at most 1; undefined with no U.S. presence",
        "share",
    ),
    Indicator(
        "japan_hns_bn_yen",
        "Is the alliance a mechanism for Japan to bear a massive financial burden?",
        "Japan's host-nation support (billion yen of FY2001)",
        "FY2001 host-nation support in Japan's definition ({hns_basis}) times support_scale",
        # to the 0.1 bn yen the sources print (257.3, as the burden section; '257' dropped it)
        "amount",
    ),
]


def definition_of(ind: Indicator, worlds: Sequence[World] = ()) -> str:
    """``ind``'s definition, with the reaction-curve goal (m warheads arriving with probability
    q) read from the settings of the ``worlds``' scenarios where it names it; said only when
    every world has the same goal (none given, or goals that differ: the general words).

    >>> ind = BY_NAME["china_p_reach_us"]
    >>> definition_of(ind).endswith("reaction-curve goal asks for")
    True
    """
    goals = {(w.scenario.settings.reaction_m, w.scenario.settings.reaction_q) for w in worlds}
    goal_mq = goal_m = ""
    if len(goals) == 1:
        [(m, q)] = goals
        goal_mq = f" (m = {count_noun(int(m), 'warhead')} and q = {fmt_number(q)} here)"
        goal_m = f" ({fmt_number(m)} here)"
    if "{hns_basis}" in ind.definition:  # the FY2001 figure's basis as its data row names it
        return ind.definition.format(hns_basis=burden_base()["hns_basis"])
    if "{offset_" not in ind.definition:
        return ind.definition.format(goal_mq=goal_mq, goal_m=goal_m)
    base = burden_base()  # the DoD figure the burden share scales: its year and edition
    return ind.definition.format(
        offset_year=base["offset_year"], offset_edition=base["offset_edition"]
    )


BY_NAME = {i.name: i for i in INDICATORS}


# ---------------------------------------------------------------------------- deterrence
def china_answer(world: World) -> Any:
    """The deterrence answer the scorecard reads: :func:`anpo.deterrence.questions.answer_case`
    on the future's case restricted to its first U.S.-China dyad (without launch under attack),
    with Japan as the dyad's ally where the scenario has Japan (the extended-deterrence exchange
    behind ``china_warheads_at_japan`` and ``patron_damage`` is China's strike on Japan), a
    :class:`~anpo.deterrence.questions.DyadAnswer`; None where the scenario has no dyad with
    China as the rival."""
    from anpo.deterrence.questions import answer_case
    from anpo.scenario.schema import Case

    dyad = _scored_dyad(world)
    if dyad is None:
        return None
    scen = world.scenario.model_copy(update={"dyads": [dyad]})
    case = Case(scenario=scen, variant=world.case().variant)
    [ans] = answer_case(case, with_lua=False)
    return ans


def _scored_dyad(world: World) -> Any:
    """The scenario's first U.S.-China dyad (:func:`_china_dyad`) with Japan as its ally where
    the scenario has Japan; None without such a dyad."""
    dyad = _china_dyad(world)
    if dyad is None or not _models_japan(world.scenario):
        return dyad
    return dyad.model_copy(update={"ally": "JPN"})


def _nothing_at_japan(world: World) -> bool:
    """Whether China has no warheads to strike Japan with in the scorecard's exchange
    (:func:`anpo.deterrence.extended.ally_strike`; False without the exchange)."""
    from anpo.deterrence.extended import ally_strike

    dyad = _scored_dyad(world)
    if dyad is None or dyad.ally != "JPN":
        return False
    attack, counts = ally_strike(world.case(), dyad)
    return sum(c * f.warheads_per_launcher for f, c in zip(attack, counts, strict=True)) == 0


def _china_dyad(world: Any) -> Any:
    """The scenario's first dyad with China as the rival (the scorecard's), else None."""
    return next((d for d in world.scenario.dyads if d.rival == "CHN"), None)


def _models_japan(scenario: Any) -> bool:
    """Whether the scenario has the actor JPN: Japan's coverage and the rival's warheads
    reaching Japan are computed only then (:func:`deterrence_indicators`)."""
    return any(a.id == "JPN" for a in scenario.actors)


def _scored_strikes(world: World, dyad: Any) -> set[tuple[str, str]]:
    """The (attacker, territory) strikes behind the deterrence indicators of :func:`china_answer`
    on ``dyad`` (:func:`_scored_dyad`): the defender's on the rival and the rival's on the
    defender (both first strikes), and the rival's on the ally (the extended-deterrence exchange
    behind ``china_warheads_at_japan`` and ``patron_damage``; the ally is Japan whenever the
    scenario models Japan)."""
    strikes = {(dyad.defender, dyad.rival), (dyad.rival, dyad.defender)}
    if dyad.ally:
        strikes.add((dyad.rival, dyad.ally))
    return strikes


def deterrence_indicators(world: World) -> dict[str, float]:
    """China's assured retaliation, Japan's alliance, coverage and expected warheads, and the
    patron's expected damage (see :data:`INDICATORS`), from
    :func:`anpo.deterrence.questions.answer_case` on the future's case restricted to the
    U.S.-China dyad with Japan as its ally (exact distributions of surviving and arriving
    warheads; Japan's expected warheads and the patron's expected damage from its
    extended-deterrence exchange, :func:`anpo.deterrence.extended.extended`): arrivals
    [wilkening1999], the exchange [kent1989]; the indicators are anpo's own reading of them."""
    scen = world.scenario
    out = {
        "japan_allied": float(
            any(a.patron == "USA" and "JPN" in a.members for a in scen.alliances)
        ),
    }
    keys = ("china_assured_retaliation", "china_p_reach_us", "china_warheads_at_japan",
            "patron_damage")  # fmt: skip
    ans = china_answer(world)
    # Japan's coverage and exposure are undefined for a scenario without Japan (not "no", not
    # 0: nothing of Japan is modelled; see why_undefined). Covered: against the missiles China
    # fires at Japan, the answer's own (Japan is its dyad's ally); without a U.S.-China dyad,
    # by any layer that can destroy a warhead (Case.defending_layers)
    japan = _models_japan(scen)
    if not japan:
        out["japan_covered"] = math.nan
    elif ans is None:
        out["japan_covered"] = float(bool(world.case().defending_layers("JPN")))
    else:
        out["japan_covered"] = float(ans.covered["JPN"])
    if ans is None:
        return {**out, **{k: math.nan for k in keys}}
    st = scen.settings
    m, q = st.reaction_m, st.reaction_q
    us = ans.exposure.get(ans.defender, {}).get(m, math.nan)
    # Japan's warheads and the patron's damage are those of China's strike on Japan (the
    # extended-deterrence exchange, :func:`china_answer` makes Japan the dyad's ally); with no
    # warheads for that strike neither is defined (see why_undefined)
    ext = ans.extended if japan else None
    struck = ext is not None and ext.undefined is None  # (undefined: no strike on Japan)
    at_japan = ext.ally_expected_warheads if ext is not None and struck else math.nan
    # the patron's strike on China's forces is the act of honouring the guarantee; without a
    # U.S. alliance with Japan there is no guarantee (see why_undefined)
    price = ext.price_damage if ext is not None and struck and out["japan_allied"] else math.nan
    return {
        **out,
        "china_assured_retaliation": float(us >= q) if math.isfinite(us) else math.nan,
        "china_p_reach_us": float(us),
        "china_warheads_at_japan": float(at_japan),
        "patron_damage": float(price),
    }


# ---------------------------------------------------------------------------- alignment
def instance_key(source: str) -> tuple[str, str] | tuple[str] | None:
    """What :data:`read_instance` caches the instance at ``source`` by: the file's resolved
    absolute path with the SHA-256 of its bytes, so that the same file is parsed once whatever
    name it is given, a relative name given again from another working folder (a notebook,
    the web app, a test that changes folder) reads that folder's file, and a file edited in
    place is parsed anew (the cache was keyed by the name as written: ``a.toml`` gave the
    first folder's instance, and the instance as it first was; then by the modification time
    and size, which an edit keeping both, a rewrite within the clock's resolution or
    ``touch -r``, left as they were: the old instance was scored); a built-in instance
    (``book:NAME``) or an empty name by the name as written; None (not cached: the reader says
    why) for a file that cannot be found or read. :func:`instance_bytes` reads it."""
    if not source.strip() or source.startswith("book:"):
        return (source,)
    read = instance_bytes(source)
    return None if read is None else read[0]


def instance_bytes(source: str) -> tuple[tuple[str, str], bytes] | None:
    """The cache key of the instance file ``source`` (:func:`instance_key`: its resolved path
    and the SHA-256 of its bytes) and those bytes, read once, or None when it is no file that
    can be read (the reader then says why, naming the file as given): what a caller checks
    against a digest it recorded and then gives :meth:`InstanceCache.of_bytes` to parse, so
    the file is read once for both (:meth:`anpo.futures.experiment.FuturesModel.evaluate`).
    Only a regular file of at most :data:`anpo._io.inputs.MAX_TEXT_BYTES` is read here (its
    size and one byte more: a ``read`` of the limit allocated it, a fifth of a millisecond on
    each call); anything else (``/dev/zero``, a file too large) is the reader's to refuse."""
    import hashlib
    import stat

    from anpo._io.inputs import MAX_TEXT_BYTES

    try:
        path = Path(source)
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_TEXT_BYTES:
                return None
            data = fh.read(st.st_size + 1)
        resolved = str(path.resolve())
    except (OSError, RuntimeError, ValueError):  # missing, a folder, unreadable, a loop
        return None
    return (resolved, hashlib.sha256(data).hexdigest()), data


def _decoded(data: bytes) -> str | None:
    """The text of an instance file's bytes as :func:`anpo._io.inputs.read_text` gives it
    (UTF-8, a byte-order mark accepted, universal newlines), or None when it would refuse them
    (the reader then says why)."""
    from anpo._io.inputs import MAX_TEXT_BYTES, decode_text

    if len(data) > MAX_TEXT_BYTES:
        return None
    try:
        return decode_text(data)
    except UnicodeDecodeError:
        return None


class InstanceCache:
    """The alignment instance at ``source`` (:func:`anpo.align.io.read_source`), cached by
    :func:`instance_key` (the resolved file and the digest of its bytes; the ``maxsize`` most
    recent ones): the scorecard and the futures report parse each instance once. A file is
    read and hashed on every call, which costs far less than parsing it or scoring a future
    (a 48 kB instance: about 0.07 ms a call, as the modification time and size cost; an
    experiment of a futures run: about 15 ms); it is parsed only when its key is new, from the
    bytes that were hashed, so an edit between the read and the parse cannot be cached under
    the old bytes' key. Thread-safe (the web app scores from several threads);
    ``cache_clear()`` empties it, as :func:`functools.lru_cache`'s, which it replaces."""

    def __init__(self, maxsize: int = 8) -> None:
        self.maxsize = maxsize
        self._held: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, source: str) -> Any:
        """The instance at ``source``: the one :func:`instance_given` gives for it, else read
        and hashed here, parsed when its key is new."""
        from anpo.align.io import read_source

        given = _GIVEN.get()
        if given is not None and given[0] == source:  # read and checked by the caller
            return given[1]
        data: bytes | None = None
        key: tuple[str, ...] | None
        if not source.strip() or source.startswith("book:"):
            key = (source,)
        else:
            read = instance_bytes(source)
            key, data = (None, None) if read is None else read
        if key is None:
            return read_source(source)  # refused, naming the file as given
        return self.of_bytes(source, key, data)

    def of_bytes(self, source: str, key: tuple[str, ...], data: bytes | None) -> Any:
        """The instance at ``source`` whose cache key (:func:`instance_key`) and bytes
        (:func:`instance_bytes`; None for a built-in instance) the caller has read: the one
        held under ``key``, else parsed from ``data`` (not read again) and held."""
        from anpo.align.io import read_instance_text, read_source

        with self._lock:
            if key in self._held:
                self._held.move_to_end(key)
                return self._held[key]
        # parsed from the bytes hashed; named as given in its messages
        text = None if data is None else _decoded(data)
        inst = read_source(source) if text is None else read_instance_text(text, source)
        with self._lock:
            self._held[key] = inst
            self._held.move_to_end(key)
            while len(self._held) > self.maxsize:
                self._held.popitem(last=False)
        return inst

    def cache_clear(self) -> None:
        """Forget every instance read."""
        with self._lock:
            self._held.clear()


#: The alignment instance at a source, read once per file and version (:class:`InstanceCache`).
read_instance = InstanceCache(maxsize=8)

#: The instance :func:`instance_given` gives :data:`read_instance` for one source, if any.
_GIVEN: contextvars.ContextVar[tuple[str, Any] | None] = contextvars.ContextVar(
    "anpo_instance_given", default=None
)


@contextlib.contextmanager
def instance_given(source: str, instance: Any) -> Iterator[None]:
    """Within the block, :data:`read_instance` of ``source`` (the name as written) is
    ``instance`` without reading the file: one its caller has just read, hashed and checked
    (:meth:`anpo.futures.experiment.FuturesModel.evaluate`, against the digest the run
    recorded), so the scorecard does not read and hash it once more (perf30: it was read
    twice per experiment). ``instance`` None gives nothing (read as usual). Per context
    (thread), as the web app scores from several threads."""
    token = _GIVEN.set(None if instance is None else (source, instance))
    try:
        yield
    finally:
        _GIVEN.reset(token)


def alignment_result(world: World) -> dict[str, Any]:
    """The global minimum of the landscape after the future's changes: the U.S.-Japan side,
    its capability share and each member's margin ([axelrod1993]; exact branch and
    bound of :mod:`anpo.align`, within :data:`~anpo.align.landscape.REPRODUCIBLE_MAX_NODES`
    nodes: a search that spends them raises :class:`~anpo.errors.BudgetExceededError`)."""
    from anpo.align.landscape import REPRODUCIBLE_MAX_NODES, require_proven

    spec = world.alignment
    inst = read_instance(spec.instance)
    # the changes in file order, as the load check applies them (one loop for both)
    land = apply_alignment_changes(inst, spec.changes)
    # a node budget, not seconds (review20 F7: the default 30 s made the scorecard depend on
    # the machine's load); a search that spends it is an error, not a minimum
    sol = require_proven(
        land.solve("exact", max_nodes=REPRODUCIBLE_MAX_NODES),
        f"future {world.future.id!r}: the alignment of {spec.instance} after its changes",
        REPRODUCIBLE_MAX_NODES,
    )
    cfg = np.asarray(sol.config)
    us, jp = (
        (inst.index(a) for a in spec.anchors[:2])
        if len(spec.anchors) > 1
        else (
            inst.index(spec.anchors[0]),
            inst.index(spec.anchors[0]),
        )
    )
    side = [k for k in range(land.n) if cfg[k] == cfg[us]]
    margins = {k: float(land.delta(cfg, k) / (2 * land.sizes[k])) for k in side}
    japan_margin = float(land.delta(cfg, jp) / (2 * land.sizes[jp]))
    us_margin = float(land.delta(cfg, us) / (2 * land.sizes[us]))
    ids = list(inst.ids)
    sizes = np.asarray(land.sizes, dtype=float)
    return {
        "side": [ids[k] for k in side],
        "names": [land.names[k] if land.names else ids[k] for k in side],
        "together": bool(cfg[us] == cfg[jp]),
        "share": float(sizes[side].sum() / sizes.sum()),
        "margins": {ids[k]: v for k, v in margins.items()},
        "china": bool("CHN" in ids and cfg[ids.index("CHN")] == cfg[us]),
        "japan_margin": japan_margin,
        "us_margin": us_margin,
    }


def alignment_indicators(world: World) -> dict[str, float]:
    """The alignment indicators of :data:`INDICATORS`, read from :func:`alignment_result` (the
    global minimum of the future's landscape [axelrod1993]): the U.S. and Japan on one side, the
    side's size and capability share, China on it, and the margins (the side's weakest)."""
    a = alignment_result(world)
    weakest = min(a["margins"].values()) if a["margins"] else math.nan
    return {
        "us_japan_together": float(a["together"]),
        "side_size": float(len(a["side"])),
        "side_capability_share": a["share"],
        "china_on_side": float(a["china"]),
        "japan_margin": a["japan_margin"],
        "us_margin": a["us_margin"],
        "side_margin": weakest,
    }


# ---------------------------------------------------------------------------- law
def law_answers(world: World) -> list[Any]:
    """Each contribution the future asks of Japan, answered on the future's date
    (:func:`anpo.law.scenario.answer_contributions`: the statutes of the rule files, as in
    :func:`anpo.law.ask`)."""
    from anpo.law.scenario import answer_contributions

    return answer_contributions(world.law.contributions, world.law.date)


LAWFUL = ("permitted", "conditional")


def law_indicators(world: World) -> dict[str, float]:
    """The law indicators of :data:`INDICATORS`: the contributions the future asks of Japan and
    the share the rules answer permitted or conditional on its date (:func:`law_answers`; each
    rule cites its statute)."""
    answers = law_answers(world)
    n = len(answers)
    ok = sum(a.answer.status in LAWFUL for a in answers)
    return {
        "contributions_asked": float(n),
        "contributions_lawful_share": ok / n if n else math.nan,
    }


# ---------------------------------------------------------------------------- burden
@lru_cache(maxsize=1)
def burden_base() -> dict[str, Any]:
    """The futures' burden reference: the DoD's offset share for Japan [dod2004] and Japan's
    FY2001 host-nation support (:mod:`anpo.burden.japan` package data, with their sources).

    The offset share is the one read from the DoD's report itself (a row of an official table,
    ``primary``) for the year nearest the seed's (2001), the later on a tie: 2002's 74.5% of
    the 2004 edition. The report's 2001 figure reaches anpo only as a press account's 'about
    75%' (Japan Press Weekly, 2003), so the authoritative source wins over the relayed one, and
    the futures agree with the burden section's 'DoD offset share 2002'. A rounded or relayed
    row is used only when no year has an official figure (then ``offset_primary`` is False and
    the finding says so). ``offset_year`` is the year of the figure, for every text that names
    it.
    """
    from anpo.burden.japan import (
        BASIS_LABEL,
        dod_cost_sharing,
        dod_edition,
        hns_measures,
        nearest_official_offset,
    )

    dod = dod_cost_sharing()
    row = nearest_official_offset(dod, 2001)
    if row is None:  # no official figure: the seed year's relayed one, said so (offset_primary)
        row = dod[(dod["country"] == "Japan") & (dod["year"] == 2001)].iloc[0]
    hns = hns_measures()
    h = hns[hns["fy"] == 2001].iloc[0]
    return {
        "offset_share": float(row["offset_share"]),
        "offset_year": int(row["year"]),
        "offset_source": str(row["source"]),
        "offset_edition": dod_edition(str(row["source"])),
        "offset_approximate": bool(row["approximate"]),
        "offset_primary": bool(row["primary"]),
        "hns_bn_yen": float(h["hns_bn_yen"]),
        "hns_basis": BASIS_LABEL.get(str(h["basis"]), str(h["basis"])),
        "hns_source": str(h["source"]),
    }


def burden_indicators(world: World) -> dict[str, float]:
    """The burden indicators of :data:`INDICATORS`: the DoD's offset share for Japan
    [dod2004] (the official figure nearest the seed's year: :func:`burden_base`) scaled by the
    future's ``support_scale / presence_scale`` (capped at 1; NaN without a presence; the
    scaling is anpo's own), and Japan's FY2001 host-nation support times ``support_scale``
    (:func:`burden_base`)."""
    b = burden_base()
    spec = world.burden
    share = (
        min(1.0, b["offset_share"] * spec.support_scale / spec.presence_scale)
        if spec.presence_scale > 0
        else math.nan
    )
    return {
        "japan_burden_share": share,
        "japan_hns_bn_yen": b["hns_bn_yen"] * spec.support_scale,
    }


# ---------------------------------------------------------------------------- together
#: The part of a future's world each group of indicators is computed from (the functions above
#: read nothing else of it): :func:`deterrence_indicators` the scenario and its variant,
#: :func:`alignment_indicators` ``[alignment]``, :func:`law_indicators` ``[law]``,
#: :func:`burden_indicators` ``[burden]``.
READS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        (
            "china_assured_retaliation",
            "china_p_reach_us",
            "japan_allied",
            "japan_covered",
            "china_warheads_at_japan",
            "patron_damage",
        ),
        ("scenario", "variant"),
    ),
    **dict.fromkeys(
        (
            "us_japan_together",
            "side_size",
            "side_capability_share",
            "japan_margin",
            "us_margin",
            "side_margin",
            "china_on_side",
        ),
        ("alignment",),
    ),
    **dict.fromkeys(("contributions_asked", "contributions_lawful_share"), ("law",)),
    **dict.fromkeys(("japan_burden_share", "japan_hns_bn_yen"), ("burden",)),
}


def indicator_inputs(world: World) -> dict[str, list[str]]:
    """Each indicator of :data:`INDICATORS` and the future's uncertain inputs it reads, in the
    order of the future's uncertainties: those with a target in the part of the world the
    indicator is computed from (:data:`READS`). An input on another part cannot move the
    indicator (``alignment.changes[0].delta`` moves no deterrence indicator), so an analysis of
    an exploration gives it no index there; a target outside the world's four parts counts as
    read by every indicator."""
    known = {part for parts in READS.values() for part in parts}

    def section(target: str) -> str:
        return target.split(".")[0].split("[")[0]

    return {
        ind.name: [
            u.name
            for u in world.uncertainties
            if any(section(t) in READS[ind.name] or section(t) not in known for t in u.targets)
        ]
        for ind in INDICATORS
    }


def _check_world(world: object) -> None:
    """A :class:`FutureError` naming ``world`` unless it is one (a dict, a path or a list of
    worlds was an AttributeError from deep inside: "'dict' object has no attribute 'scenario'")."""
    if not isinstance(world, World):
        raise FutureError(
            f"must be a World (from load_future or load_book), got {type(world).__name__}",
            field="world",
        )


def indicators(world: World) -> dict[str, float]:
    """Every indicator of :data:`INDICATORS` for one world (NaN where undefined): anpo's own
    scorecard over the models' answers (each indicator group names its source)."""
    _check_world(world)
    out: dict[str, float] = {}
    out.update(deterrence_indicators(world))
    out.update(alignment_indicators(world))
    out.update(law_indicators(world))
    out.update(burden_indicators(world))
    return {i.name: out[i.name] for i in INDICATORS}


def inert_inputs(world: World) -> dict[str, str]:
    """The future's uncertain inputs whose draws cannot change any scorecard indicator, each with
    why (``{name: reason}``, in the order of the future's uncertainties; empty when every input
    can move one).

    An input that cannot vary at all (:func:`anpo.scenario.uncertainty.constant_uncertainties`:
    a choice of one value, draws that all round to one whole number or all print alike) is one,
    whatever it sets, and so is an input on an alignment change every pair of which a later change sets to a value
    (:func:`_alignment_overridden`: the value replaces the draw).

    The scorecard's deterrence indicators come from one exchange, the scenario's first U.S.-China
    dyad in the future's variant (:func:`china_answer`), with the strikes of
    :func:`_scored_strikes` (the defender's on the rival, the rival's on the defender, and on the
    ally: Japan if the scenario models Japan, else the dyad's own ally if it has one).
    :func:`anpo.scenario.uncertainty.inert_uncertainties` reads that structure: an input on a
    force or defense that is not in the variant, on a value layer whose covered territories no
    force of a class it engages reaches in that exchange, on a silo layer whose silos are not
    struck there, on a force, damage curve or counterforce entry outside it, moves nothing.

    Without a U.S.-China dyad no exchange is computed, but Japan's alliance (the
    ``[[alliances]]``) and coverage (which value layers of the variant cover Japan) still are:
    then only an input on a force, a ``[[counterforce]]`` entry, a damage curve or a layer field
    that decides no coverage (not ``covers``, ``defends`` or any other field of
    :data:`~anpo.scenario.uncertainty.STRUCTURAL_FIELDS`) is inert. Inputs on the alignment, law
    and burden settings, and a draw that changes the variant, are not judged (see
    :func:`~anpo.scenario.uncertainty.inert_uncertainties` for what it cannot detect)."""
    _check_world(world)
    from anpo.scenario.uncertainty import constant_uncertainties, inert_uncertainties

    unc = world.uncertainties
    # an input that cannot vary (a choice of one value, draws that all round to one whole
    # number) moves nothing whatever it sets
    constant = {**_alignment_overridden(world), **constant_uncertainties(world, unc)}
    if not unc or any(t.split(".")[0].split("[")[0] == "variant" for u in unc for t in u.targets):
        return constant
    dyad = _scored_dyad(world)
    if dyad is None:
        found = _inert_without_exchange(world)
    else:
        found = inert_uncertainties(
            world.scenario,
            unc,
            variants=[world.variant],
            strikes=_scored_strikes(world, dyad),
            prefix="scenario.",
        )
    return {
        u.name: constant.get(u.name) or found[u.name]
        for u in unc
        if u.name in {**found, **constant}
    }


def _alignment_overridden(world: World) -> dict[str, str]:
    """The inputs on an alignment change (``alignment.changes[i].delta`` or ``.value``) every
    pair of which a later change of the future sets to a value of its own: the changes apply
    in order (:func:`alignment_result`), and a ``value`` replaces what came before, so such a
    draw is overwritten before the landscape is solved."""
    import re

    changes = world.alignment.changes
    out: dict[str, str] = {}
    for u in world.uncertainties:
        found = [re.fullmatch(r"alignment\.changes\[(\d+)\]\.(delta|value)", t) for t in u.targets]
        if not found or not all(found):
            continue
        why = []
        for m in found:
            assert m is not None
            i = int(m.group(1))
            if i >= len(changes):
                break
            pairs = {frozenset(p) for p in changes[i].pair_list()}
            later = [
                j
                for j in range(i + 1, len(changes))
                if changes[j].value is not None
                and pairs & {frozenset(p) for p in changes[j].pair_list()}
            ]
            covered = {frozenset(p) for j in later for p in changes[j].pair_list()}
            if not pairs <= covered:
                break
            where = ", ".join(f"alignment.changes[{j}]" for j in later)
            why.append(
                f"every pair alignment.changes[{i}] changes is set afterwards to a value of its "
                f"own ({where}), which replaces the draw"
            )
        else:
            out[u.name] = "; ".join(dict.fromkeys(why))
    return out


def _inert_without_exchange(world: World) -> dict[str, str]:
    """:func:`inert_inputs` for a scenario without a U.S.-China dyad: the inputs every target of
    which is a field no computed indicator reads (a force's, a counterforce entry's, a damage
    curve's, or a layer's other than those of ``STRUCTURAL_FIELDS``, which decide coverage)."""
    from anpo.scenario.uncertainty import STRUCTURAL_FIELDS, resolve_target

    prefix = "scenario."
    data = world.scenario.model_dump()

    def unread(target: str) -> bool:
        if not target.startswith(prefix):
            return False
        try:
            path = resolve_target(data, target[len(prefix) :])
        except ValueError:
            return False
        if path and path[0] in ("forces", "counterforce", "damage"):
            return True
        return (
            len(path) >= 5
            and path[0] == "defenses"
            and path[2] == "layers"
            and not any(isinstance(p, str) and p in STRUCTURAL_FIELDS for p in path)
        )

    return {
        u.name: "the scenario has no U.S.-China dyad, so the scorecard computes no exchange, "
        "and only the exchange reads it"
        for u in world.uncertainties
        if u.targets and all(unread(t) for t in u.targets)
    }


def inert_notes(
    worlds: list[World],
    *,
    names: bool = True,
    found: Sequence[Mapping[str, str]] | None = None,
) -> list[str]:
    """One sentence per input that moves nothing in its future (:func:`inert_inputs`):
    'The input “{label}” ({name}) moves nothing in “{future}”: {why}; ...'; none for the book's
    futures. ``names=False`` leaves the identifier out (the report shows inputs by label).
    ``found``: each world's :func:`inert_inputs`, in the order of ``worlds``, when computed
    already (the report's tables read them too); default: computed here."""
    if found is None:
        found = [inert_inputs(w) for w in worlds]
    out = []
    for w, inert in zip(worlds, found, strict=True):
        shown = {u.name: u.shown for u in w.uncertainties}
        for name, why in inert.items():
            ident = f" ({name})" if names and shown[name] != name else ""
            out.append(
                f"The input “{shown[name]}”{ident} moves nothing in “{w.future.title}”: {why}; "
                "its draws leave every indicator as it is."
            )
    return out


def why_undefined(world: World, name: str) -> str:
    """Why an indicator has no value in this world ('' when it has one)."""
    if name == "japan_burden_share" and world.burden.presence_scale == 0:
        return "no U.S. forces stationed in Japan"
    if name == "contributions_lawful_share" and not world.law.contributions:
        return "nothing is asked of Japan"
    if name == "patron_damage" and not any(
        a.patron == "USA" and "JPN" in a.members for a in world.scenario.alliances
    ):
        return "no U.S. guarantee to Japan to honour"
    at_japan = ("china_warheads_at_japan", "patron_damage")
    if (name in at_japan or name == "japan_covered") and not _models_japan(world.scenario):
        return "the scenario has no actor JPN (Japan)"
    # the patron's damage is read from the U.S.-China exchange too (deterrence_indicators)
    china = name.startswith("china_") or name == "patron_damage"
    if china and _china_dyad(world) is None:
        return "the scenario has no U.S.-China dyad"
    if name in at_japan and _nothing_at_japan(world):
        return "China has no warheads to strike Japan with"
    return ""


def details(world: World) -> dict[str, Any]:
    """What the numbers leave out: the side's members, each contribution's answer."""
    _check_world(world)
    a = alignment_result(world)
    return {
        "side": a["names"],
        "side_ids": a["side"],
        "margins": a["margins"],
        "contributions": [
            {
                "description": c.contribution.description
                or f"{c.contribution.activity} ({c.contribution.situation})",
                "activity": c.contribution.activity,
                "situation": c.assessed_situation,
                "location": c.contribution.location,
                "status": c.answer.status,
                "note": c.succession_note,
            }
            for c in law_answers(world)
        ],
        "law_date": world.law.date.isoformat(),
        "variant": world.variant,
    }


def is_yes(value: float) -> bool:
    """Whether a yes/no indicator's value (1 yes, 0 no; a share of samples yes reads as the
    answer of most of them, a half as yes) is yes: the one place that decides it, for
    :func:`yes_no`'s words, the report's findings and typed table, and the web page's texts.

    >>> [is_yes(v) for v in (1.0, 0.0, 0.5, 0.49)]
    [True, False, True, False]
    """
    return bool(value >= 0.5)


def yes_no(value: float) -> str:
    """The word of a yes/no indicator's value (:func:`is_yes`), for the scorecard's cells
    (:func:`format_value`), the report's note on answers none of whose samples give them and
    the web page's texts.

    >>> [yes_no(v) for v in (1.0, 0.0, 0.5, 0.49)]
    ['yes', 'no', 'yes', 'no']
    """
    return "yes" if is_yes(value) else "no"


def percent_kind(ind: Indicator) -> Literal["resolved-percent", "percent"]:
    """How a probability or share indicator is written as a percentage
    (:func:`anpo.report.format.fmt_number`'s kind): ``"resolved-percent"`` for a deterrence
    model's output (:attr:`Indicator.resolved`), ``"percent"`` for a share of data or counts;
    the scorecard's cells, the report's typed columns and the web pages use it.

    >>> percent_kind(BY_NAME["china_p_reach_us"]), percent_kind(BY_NAME["side_capability_share"])
    ('resolved-percent', 'percent')
    """
    return "resolved-percent" if ind.resolved else "percent"


def sample_share_text(share: float, n: int) -> str:
    """The share of ``n`` samples answering yes, at the samples' resolution: not a model's
    probability (:func:`percent_kind`) but an estimate whose step is one sample in ``n``, so a
    percentage with the decimals that step needs, no more (64 samples, the report's bands: a
    whole percent, '41%' for 26 of them, where '40.6%' claimed a precision 64 samples do not
    have; 1,000 samples: '40.6%'), a share that is neither none nor all never reading as either
    ('< 1%', '> 99%'; :func:`anpo.report.format.fmt_share`, ``exact``). The scorecard's cells
    ('no (41% of samples yes)'), the report's key finding and the web page's "share of 'yes'"
    write it so.

    >>> sample_share_text(26 / 64, 64), sample_share_text(0.406, 1000), sample_share_text(1 / 201, 201)
    ('41%', '40.6%', '0.5%')
    >>> sample_share_text(0.0, 64), sample_share_text(1.0, 64), sample_share_text(0.996, 250)
    ('0%', '100%', '99.6%')
    """
    from anpo.report.format import fmt_share

    decimals = max(0, math.ceil(math.log10(max(int(n), 1))) - 2)
    return fmt_share(share, decimals=decimals, exact=True)


def format_value(ind: Indicator, value: float, why: str = "") -> str:
    """A reader's cell: yes/no, percentages, counts; 'undefined: why' for NaN.

    A probability or share that is a deterrence model's output (:attr:`Indicator.resolved`) is
    written at the model's resolution, the report's one formatter for such numbers
    (:func:`anpo.report.format.fmt_number`, ``"resolved-percent"``), so the scorecard, the CLI,
    the report's prose and tables and the web pages write the same value alike (0.9992 read
    "99.9%" here and "> 99.9%" in the deterrence section); a share of data or counts keeps its
    three significant figures (``"percent"``: never "100%" below 1, nor "0%" above 0).

    >>> p = Indicator("p", "q", "P", "a probability", "probability")
    >>> [format_value(p, v) for v in (0.646, 2.46e-8, 0.0, float("nan"), 0.9992, 1.0)]
    ['64.6%', '< 0.1%', '0%', 'undefined', '> 99.9%', '100%']
    >>> share = Indicator("s", "q", "share", "a share of data", "share")
    >>> [format_value(share, v) for v in (0.646, 0.0005, 0.9992, 0.9996, 1.0)]
    ['64.6%', '0.05%', '99.9%', '> 99.9%', '100%']
    >>> count = Indicator("c", "q", "count", "a count", "count")
    >>> [format_value(count, v) for v in (3.0, 2.6, 0.0, 12)]  # the report's whole numbers
    ['3', '3', '0', '12']
    >>> amount = Indicator("a", "q", "amount", "bn yen", "amount")  # to the tenth sources print
    >>> [format_value(amount, v) for v in (257.3, 250.0, 128.65, 0.0)]
    ['257.3', '250', '128.7', '0']
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"undefined: {why}" if why else "undefined"
    if ind.kind == "yes-no":
        return yes_no(value)
    if ind.kind == "count":
        return fmt_number(value, "int")
    if ind.kind == "amount":
        return fmt_number(value, "tenths")
    if ind.kind in ("probability", "share"):
        return fmt_number(value, percent_kind(ind))
    return fmt_number(value)


def scorecard(worlds: Iterable[World]) -> pd.DataFrame:
    """Futures side by side: one row per indicator (question, indicator, one column per
    future with the reader's value), plus a ``definition`` column. Futures that share a title
    are told apart by their id (the second one's column replaced the first's).

    ``worlds`` is any iterable of worlds (a list, a tuple, a generator), read once; none at all
    is refused (:class:`~anpo.errors.FutureError` naming ``worlds``): a table with no future's
    column answers nothing.
    """
    # one World was "'tuple' object has no attribute 'scenario'", object() "'object' object is
    # not iterable"
    if not isinstance(worlds, Iterable) or isinstance(worlds, World):
        raise FutureError(
            "scorecard takes a list of worlds (from load_future or load_book), e.g. [world]",
            field="worlds",
        )
    # a generator was consumed by the type check and gave a table with no future's column
    worlds = list(worlds)
    if not all(isinstance(w, World) for w in worlds):
        raise FutureError(
            "scorecard takes a list of worlds (from load_future or load_book), e.g. [world]",
            field="worlds",
        )
    if not worlds:
        raise FutureError(
            "scorecard needs at least one world (from load_future or load_book), got none",
            field="worlds",
        )
    titles = [w.future.title for w in worlds]
    heads: list[str] = []
    named: list[str] = []
    for w in worlds:
        head = w.future.title
        if titles.count(head) > 1:
            head = f"{head} ({w.future.id})"
        named.append(head)
        heads.append(head if named.count(head) == 1 else f"{head} #{named.count(head)}")
    vals = [indicators(w) for w in worlds]
    rows = []
    for ind in INDICATORS:
        row = {"question": ind.question, "indicator": ind.label}
        for head, w, v in zip(heads, worlds, vals, strict=True):
            row[head] = format_value(ind, v[ind.name], why_undefined(w, ind.name))
        row["definition"] = definition_of(ind, worlds)
        rows.append(row)
    return pd.DataFrame(rows)

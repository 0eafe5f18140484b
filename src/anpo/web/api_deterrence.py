"""``/api/deterrence``: interception what-if, reaction curve, presets from the scenario book.

Models: :func:`anpo.deterrence.defense.layered_engagement` ([wilkening1999]: finite inventories
spread evenly, salvo or shoot-look-shoot, decoys and discrimination, reliability per raid or per
RV) and :func:`anpo.deterrence.reaction.reaction_curve` (the smallest rival force keeping
P(at least m arrive) >= q after the defender's counterforce strike). Layers are the library's
own :class:`anpo.deterrence.layer.Layer`, validated as in scenario files.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, Literal, Protocol, TypeVar

import numpy as np
from fastapi import Query
from pydantic import Field, model_validator

from anpo.deterrence.layer import Layer, MissileClass
from anpo.errors import InputError
from anpo.report.countries import with_article
from anpo.report.format import count_noun, fmt_number, upper_first
from anpo.scenario.load import book_files
from anpo.web import limits
from anpo.web.common import (
    Out,
    Probability,
    RunnerDep,
    Strict,
    actor_name,
    api_router,
    book,
    finite,
    percent_text,
    percent_text_logs,
    possessive,
    prob_text,
)
from anpo.web.compute import Runner, locked

router = api_router("/api", "deterrence")

#: The query parameters naming a built-in scenario's variant and dyad (preset, dyad inputs).
ScenarioQuery = Annotated[str, Query(max_length=64, description="scenario id")]
VariantQuery = Annotated[str, Query(max_length=64, description="variant id")]
DyadQuery = Annotated[str, Query(max_length=64, description="DEFENDER-RIVAL, e.g. USA-CHN")]

MValue = Annotated[int, Field(ge=1, le=limits.MAX_RVS)]
GridPoint = Annotated[int, Field(ge=0, le=limits.MAX_INTERCEPTORS)]


# ----------------------------------------------------------------------------- models
class WhatIfLayer(Layer):
    """A defense layer (the library's :class:`~anpo.deterrence.layer.Layer`) with the web's cap
    on its inventory, defending value (cities and industry).

    A salvo layer's ``shots`` go to :data:`anpo.web.limits.MAX_SALVO_SHOTS` (1,000,000), the
    bound of ``anpo defense --shots``: they stopped at the library layer's 64, so a salvo the
    command answered was a 422 here. A shoot-look-shoot layer's first look keeps the layer's
    bound (:data:`anpo.web.limits.MAX_LOOK_SHOTS`, the library's
    :data:`~anpo.deterrence.layer.MAX_SHOTS`: 64), as ``anpo defense --sls`` and scenario files
    do.
    """

    interceptors: int = Field(ge=0, le=limits.MAX_INTERCEPTORS)
    shots: int = Field(
        1,
        ge=1,
        le=limits.MAX_SALVO_SHOTS,
        description=f"the most interceptors fired at one object: a salvo's 1 to "
        f"{limits.MAX_SALVO_SHOTS:,} (as anpo defense --shots), a shoot-look-shoot layer's first "
        f"look 1 to {limits.MAX_LOOK_SHOTS} (as --sls); the layer's interceptors are spread as "
        "evenly as possible over the objects up to this many each, so a stock larger than "
        "objects x shots is not all fired (anpo defense --interceptors instead fires its whole "
        "stock, overriding --shots: its figure is this layer's with shots = ceil(interceptors / "
        "objects))",
    )
    defends: Literal["value"] = "value"

    @model_validator(mode="after")
    def _look_shots(self) -> WhatIfLayer:
        """Refuse a shoot-look-shoot first look over the layer's bound (the salvo's is larger)."""
        if self.doctrine == "shoot-look-shoot" and self.shots > limits.MAX_LOOK_SHOTS:
            raise ValueError(
                f"shots: a shoot-look-shoot layer's first look takes 1 to "
                f"{limits.MAX_LOOK_SHOTS} shots (a salvo's 1 to {limits.MAX_SALVO_SHOTS:,}), "
                f"got {self.shots}"
            )
        return self


def engagement_levers(layers: list[WhatIfLayer], decoys: bool) -> str:
    """What an engagement refused as too much work (:func:`anpo.web.limits.engagement_work`,
    which grows with each of them) can use fewer of, naming only those the request has:
    decoys per RV and the layers seeing them only when decoys reach such a layer (``decoys``),
    interceptors only when a layer has some, second shots only for a shoot-look-shoot layer
    with some, common-mode groups (each doubles the work) only when a layer is in one.

    >>> engagement_levers([WhatIfLayer(interceptors=10, sspk=0.5)], decoys=False)
    'warheads or interceptors a layer'
    """
    levers = ["decoys per RV", "exo-atmospheric layers seeing decoys"] if decoys else []
    levers.append("warheads")
    if any(ly.interceptors for ly in layers):
        levers.append("interceptors a layer")
    if any(ly.doctrine == "shoot-look-shoot" and ly.second_shots for ly in layers):
        levers.append("second shots")
    if any(ly.common_mode for ly in layers):
        levers.append("common-mode groups")
    return ", ".join(levers[:-1]) + " or " + levers[-1] if len(levers) > 1 else levers[0]


class EngagementRequest(Strict):
    """An attack of ``rvs`` re-entry vehicles (with decoys) on layered defenses."""

    rvs: int = Field(ge=0, le=limits.MAX_RVS, description="attacking re-entry vehicles")
    decoys_per_rv: int = Field(0, ge=0, le=limits.MAX_DECOYS_PER_RV)
    missile_class: MissileClass | None = Field(
        None, description="class of the attacking missiles (null: every layer can engage them)"
    )
    layers: list[WhatIfLayer] = Field(default_factory=list, max_length=limits.MAX_LAYERS)
    m: list[MValue] = Field(
        default_factory=lambda: [1, 5, 10], min_length=1, max_length=limits.MAX_M_VALUES
    )

    def check_work(self) -> float:
        """Cross-field caps (:class:`InputError` naming the field); returns the work estimate
        it checked (:func:`anpo.web.limits.engagement_work`), made once, so that the endpoint
        decides with it where to run the engagement (:meth:`is_small`)."""
        if self.rvs * self.decoys_per_rv > limits.MAX_DECOY_OBJECTS:
            # in words, as the too-much-work refusal below (the page shows it as it is)
            raise InputError(
                f"{count_noun(self.rvs, 'warhead')} with "
                f"{count_noun(self.decoys_per_rv, 'decoy')} each make "
                f"{count_noun(self.rvs * self.decoys_per_rv, 'decoy')} in flight; at most "
                f"{limits.MAX_DECOY_OBJECTS:,} decoys in flight here: fewer warheads or decoys",
                field="body.decoys_per_rv",
            )
        work = limits.engagement_work(self.rvs, self.decoys_per_rv, self.layers, self.missile_class)
        if work > limits.MAX_ENGAGEMENT_WORK:
            seeing = [
                ly
                for ly in self.layers
                if ly.sees_decoys
                and (self.missile_class is None or self.missile_class in ly.engages)
            ]
            decoys = bool(self.decoys_per_rv and seeing)
            field = "body.decoys_per_rv" if decoys else "body.layers"
            what = (
                f"{count_noun(self.rvs, 'warhead')} with {count_noun(self.decoys_per_rv, 'decoy')} "
                f"each through these {count_noun(len(self.layers), 'layer')} ({len(seeing)} "
                "exo-atmospheric, seeing decoys)"
                if decoys
                else f"{count_noun(self.rvs, 'warhead')} through these "
                f"{count_noun(len(self.layers), 'layer')}"
            )
            raise InputError(
                f"{what} is too much work for the exact model here (about {work:.2g} units, at "
                f"most {limits.MAX_ENGAGEMENT_WORK:.2g}, about "
                f"{limits.ENGAGEMENT_TARGET_SECONDS:g} s); use fewer "
                f"{engagement_levers(self.layers, decoys)} (or the Python API, which has no "
                "such cap)",
                field=field,
            )
        return work

    def is_small(self, work: float) -> bool:
        """Whether the engagement, of estimated ``work`` (:meth:`check_work`'s), is answered on
        the event loop (:func:`anpo.web.limits.engagement_is_small`)."""
        return limits.engagement_is_small(
            self.rvs, self.decoys_per_rv, self.layers, self.missile_class, work=work
        )


class MProbability(Out):
    m: int
    p: float
    text: str


class EngagementResponse(Out):
    rvs: int
    p_no_leak: float
    p_no_leak_text: str
    expected_leakers: float
    expected_leakers_text: str
    p_at_least: list[MProbability]
    leaker_pmf: list[float] = Field(description="P(k RVs arrive), k = 0..rvs")
    leaker_pmf_text: list[str] = Field(
        description="each of leaker_pmf as the report prints a probability ('< 0.001', never "
        "'2.3e-5'): the chart's hover text"
    )
    model: str


class Growth(Strict):
    """The rival component grown along the reaction curve, and the defender's strike on it."""

    warheads_per_launcher: int = Field(1, ge=1, le=limits.MAX_WARHEADS_PER_LAUNCHER)
    survivable_fraction: Probability = 0.0
    kill_probability: Probability = Field(
        0.0, description="per counterforce warhead, against one vulnerable launcher"
    )
    allocation: int = Field(
        0, ge=0, le=limits.MAX_ALLOCATION, description="warheads per vulnerable launcher"
    )
    budget: int | None = Field(
        None, ge=0, le=1_000_000, description="the striker's warheads for it (null: unlimited)"
    )
    decoys_per_rv: int = Field(0, ge=0, le=limits.MAX_DECOYS_PER_RV)
    missile_class: MissileClass | None = None


class ReactionRequest(Strict):
    """The reaction curve: the rival's force needed as the defender's interceptors grow."""

    layers: list[WhatIfLayer] = Field(min_length=1, max_length=limits.MAX_LAYERS)
    sweep: int = Field(
        0, ge=0, lt=limits.MAX_LAYERS, description="index of the layer whose inventory is swept"
    )
    interceptors: list[GridPoint] = Field(min_length=1, max_length=limits.MAX_GRID_POINTS)
    growth: Growth
    base_warheads: int = Field(
        0, ge=0, le=limits.MAX_RVS, description="other surviving rival warheads (fixed)"
    )
    m: int = Field(1, ge=1, le=limits.MAX_REACTION_M, description="warheads that must arrive")
    q: float = Field(0.9, gt=0.0, le=1.0, description="with at least this probability")
    max_launchers: int = Field(1_000, ge=1, le=limits.MAX_LAUNCHERS)

    def check_work(self) -> float:
        """Cross-field checks (:class:`InputError` naming the field); returns the work estimate
        it checked (:meth:`work`)."""
        if self.sweep >= len(self.layers):
            # the index counts from 0: "there are only 2 layers" for sweep 2 read as if the
            # second layer did not exist
            n = len(self.layers)
            raise InputError(
                "the index of a layer, counted from 0: "
                + ("0 for this one layer" if n == 1 else f"0 to {n - 1} for these {n} layers")
                + f" (got {self.sweep})",
                field="body.sweep",
            )
        top = self.growth.warheads_per_launcher * self.max_launchers + self.base_warheads
        if top > limits.MAX_REACTION_WARHEADS:
            raise InputError(
                f"the search would consider up to {top:,} warheads (warheads per launcher x "
                f"max_launchers + base_warheads); at most {limits.MAX_REACTION_WARHEADS:,} "
                "here: lower max_launchers",
                field="body.max_launchers",
            )
        work = self.work()
        if work > limits.MAX_REACTION_WORK:
            g = self.growth
            sees = limits.decoys_seen(self.layers, g.missile_class, g.decoys_per_rv)
            advice = (
                "remove a layer, give the growing force fewer decoys per warhead"
                if sees
                else "remove a layer"
            )
            raise InputError(
                f"this reaction curve is too much work for the exact model here: "
                f"{count_noun(len(self.interceptors), 'interceptor count')} through "
                f"{count_noun(len(self.layers), 'layer')}"
                + (f", {count_noun(g.decoys_per_rv, 'decoy')} per warhead" if sees else "")
                + f" (about {work:.2g} units, at most {limits.MAX_REACTION_WORK:.2g}, about "
                f"{limits.REACTION_TARGET_SECONDS:g} s); {advice}, or use fewer interceptors "
                "(or the Python API, anpo.deterrence.reaction.reaction_curve, which has no such "
                "cap)",
                field="body.layers",
            )
        return work

    def work(self) -> float:
        """The curve's estimated work units (:func:`anpo.web.limits.reaction_work`)."""
        g = self.growth
        return limits.reaction_work(
            self.layers,
            self.sweep,
            self.interceptors,
            g.warheads_per_launcher,
            g.decoys_per_rv,
            g.missile_class,
            self.base_warheads,
            self.m,
            self.max_launchers,
        )


class ReactionPoint(Out):
    interceptors: int
    launchers_needed: int | None = Field(description="null: no force up to max_launchers")
    warheads_needed: int | None


class ReactionResponse(Out):
    points: list[ReactionPoint]
    m: int
    q: float
    max_launchers: int
    model: str
    caption: str = Field(description="the chart's caption for a reader, from these results")


class VariantInfo(Out):
    id: str
    title: str
    description: str


class DyadInfo(Out):
    id: str
    label: str
    defender: str
    rival: str
    ally: str | None
    defender_name: str
    rival_name: str
    ally_name: str | None


class ScenarioInfo(Out):
    id: str
    title: str
    year: int
    variants: list[VariantInfo]
    dyads: list[DyadInfo]


class Preset(Out):
    scenario: str
    variant: str
    dyad: str
    title: str
    raid_source: str = Field(
        description="where the raid's warheads come from: the rival's forces that reach the "
        "defender's homeland, each with its source"
    )
    engagement: EngagementRequest
    reaction: ReactionRequest | None
    notes: list[str]


# ----------------------------------------------------------------------------- computations
MODEL_ENGAGEMENT = (
    "Exact leaker distribution through the layers in order, finite inventories spread as evenly "
    "as possible, salvo or shoot-look-shoot, decoys recognised independently with the "
    "discrimination probability (Wilkening 1999; decoys after Sessler et al. 2000): "
    "anpo.deterrence.defense.layered_engagement."
)
MODEL_REACTION = (
    "The fewest launchers of the rival's growing force with which at least m of its warheads "
    "arrive with probability q or more, after the defender's counterforce strike on those "
    "launchers (Kent & Thaler 1989) and the interception by the defense's layers (Wilkening "
    "1999)."
)


def reaction_caption(req: ReactionRequest, points: list[ReactionPoint]) -> str:
    """The reaction chart's caption for a reader, in words and from the request and its
    results: what each point is (the goal with its m and q, the layer swept, the growing force's
    warheads and decoys), the defender's strike and the other warheads as the request has them, and the interceptor counts at
    which no force up to ``max_launchers`` suffices (the curve's gaps), if any. The model is
    :func:`anpo.deterrence.reaction.reaction_curve` (named here for developers only)."""
    g = req.growth
    name = req.layers[req.sweep].name
    layer = f"the layer '{name}'" if name else f"layer {req.sweep + 1}"
    others = (
        f" (its other {count_noun(req.base_warheads, 'surviving warhead')} included)"
        if req.base_warheads > 0
        else ""
    )
    goal = (
        f"at least {req.m:,} of the rival's warheads{others} arrive"
        + ("s" if req.m == 1 else "")
        + f" with probability {req.q:g} or more"
    )
    if g.kill_probability > 0 and g.allocation > 0:
        strike = (
            "after the defender's counterforce strike on those launchers ("
            + count_noun(g.allocation, "warhead")
            + f" per vulnerable launcher, each killing it with probability {g.kill_probability:g}"
            + ("" if g.budget is None else f", at most {count_noun(g.budget, 'warhead')} in all")
            + ", Kent & Thaler 1989)"
        )
    else:
        strike = "with no counterforce strike on those launchers"
    n_layers = len(req.layers)
    decoys = f", {count_noun(g.decoys_per_rv, 'decoy')} per warhead" if g.decoys_per_rv else ""
    text = (
        f"Each point: for that number of interceptors in {layer}, the fewest launchers of the "
        f"rival's growing force ({count_noun(g.warheads_per_launcher, 'warhead')} each{decoys}) with "
        f"which {goal}, {strike} and the interception by "
        + ("the defense's one layer" if n_layers == 1 else f"the defense's {n_layers} layers")
        + " (Wilkening 1999)."
    )
    gaps = [p.interceptors for p in points if p.launchers_needed is None]
    if gaps:
        shown = ", ".join(f"{i:,}" for i in gaps[:5]) + (" ..." if len(gaps) > 5 else "")
        text += (
            f" Gaps: against {shown} interceptors no force of up to "
            f"{count_noun(req.max_launchers, 'launcher')} suffices."
        )
    return text


def engagement(req: EngagementRequest) -> EngagementResponse:
    """The what-if engagement (:func:`anpo.deterrence.defense.layered_engagement` plus
    formatting); :class:`InputError` naming the field when it is too much work
    (:meth:`EngagementRequest.check_work`). The endpoint makes that check itself before taking
    a computation slot (:func:`_refuse_then_run`) and then runs :func:`_engagement`."""
    req.check_work()
    return _engagement(req)


def _engagement(req: EngagementRequest) -> EngagementResponse:
    """:func:`engagement` without the work check: only for a request that has just passed
    :meth:`EngagementRequest.check_work`."""
    from anpo.deterrence.defense import layered_engagement
    from anpo.deterrence.logprob import shown_value
    from anpo.deterrence.questions import display_kind

    res = layered_engagement(
        req.rvs, list(req.layers), decoys_per_rv=req.decoys_per_rv, missile_class=req.missile_class
    )
    pmf = np.clip(np.asarray(res.leaker_pmf, dtype=float), 0.0, 1.0)
    tail = [float(p) for p in np.atleast_1d(res.p_at_least(np.asarray(req.m)))]
    p0, mean = float(res.p_no_leak), float(res.expected_leakers)  # one raid: scalars
    # the texts of probabilities a float holds as 0 or 1 but the model does not (one salvo
    # layer: anpo.deterrence.logprob), "< 0.1%" and "> 99.9%", never "0%" and "100%"
    nan = float("nan")
    # one layer without a closed form: its support decides every text (they print no
    # magnitude) at no cost; its log pmf would take up to tenths of a second
    logs = res.log_leakers if res.leaker_support is None else None
    ln10 = np.log(10.0)
    log_pmf, log_rest = (
        (logs.log_pmf() / ln10, logs.log_pmf_rest() / ln10)
        if logs is not None
        else (np.full(len(pmf), nan), np.full(len(pmf), nan))
    )
    log_tail = [res.log10_p_at_least(m) if logs is not None else (nan, nan) for m in req.m]
    log_p0 = res.log10_p_at_least(1) if logs is not None else (nan, nan)
    log_mean = res.expected_leakers_log10 if logs is not None else nan
    # without logs, which events are possible at all, decided exactly
    # (EngagementResult.possible_tails: the support, for any layers); None: not known
    can_tail = [res.possible_tails(m) for m in req.m]
    can_p0 = res.possible_tails(1)
    can_pmf = [res.possible_count(j) for j in range(len(pmf))]
    mean_text = fmt_number(
        shown_value(mean, log_mean, prob=False, possible=can_p0[0]),
        display_kind("arrivals_expected"),
    )
    return EngagementResponse(
        rvs=int(req.rvs),
        p_no_leak=finite(p0),
        p_no_leak_text=percent_text_logs(p0, log_p0[1], log_p0[0], can_p0[::-1]),
        expected_leakers=finite(mean),
        # an expected warhead count as the report prints one (display_kind: "cost"): a mean
        # within 1e-3 of zero reads "< 0.001", not "1.82e-9"
        expected_leakers_text=mean_text,
        p_at_least=[
            MProbability(m=m, p=finite(p), text=percent_text_logs(p, up, low, can))
            for m, p, (up, low), can in zip(req.m, tail, log_tail, can_tail, strict=True)
        ],
        leaker_pmf=[finite(x) for x in pmf],
        leaker_pmf_text=[
            percent_text_logs(x, lg, lr, can)
            for x, lg, lr, can in zip(
                pmf, log_pmf[: len(pmf)], log_rest[: len(pmf)], can_pmf, strict=True
            )
        ],
        model=MODEL_ENGAGEMENT,
    )


def reaction(req: ReactionRequest) -> ReactionResponse:
    """The reaction curve over the request's interceptor grid
    (:func:`anpo.deterrence.reaction.reaction_curve`), with its caption in words
    (:func:`reaction_caption`); :class:`InputError` naming the field when it is too much work
    (:meth:`ReactionRequest.check_work`). The endpoint makes that check itself before taking a
    computation slot (:func:`_refuse_then_run`) and then runs :func:`_reaction`."""
    req.check_work()
    return _reaction(req)


@locked
def _reaction(req: ReactionRequest) -> ReactionResponse:
    """:func:`reaction` without the work check: only for a request that has just passed
    :meth:`ReactionRequest.check_work`."""
    from anpo.deterrence.defense import RVGroup, layer_arrays
    from anpo.deterrence.reaction import Growth as LibGrowth
    from anpo.deterrence.reaction import needed_or_none, reaction_curve

    g = req.growth
    growth = LibGrowth(**g.model_dump())  # the request's Growth has the library's fields
    others = [RVGroup.fixed(req.base_warheads, g.missile_class)] if req.base_warheads > 0 else []
    grid = np.asarray(req.interceptors, dtype=np.int64)
    layers = list(req.layers)
    # the request's sweep counts its own layers; reaction_curve's counts them in the engine's
    # order (layer_arrays: exo-atmospheric first), so an endo-atmospheric layer listed before
    # an exo-atmospheric one had the exo one swept under the endo one's name
    engine_order = layer_arrays(layers).layers
    sweep = next(i for i, ly in enumerate(engine_order) if ly is layers[req.sweep])
    needed = reaction_curve(
        layers,
        growth,
        req.m,
        req.q,
        others=others,
        interceptors=grid,
        sweep=sweep,
        max_launchers=req.max_launchers,
    )
    counts = [needed_or_none(k) for k in needed]
    points = [
        ReactionPoint(
            interceptors=int(i),
            launchers_needed=n,
            warheads_needed=None if n is None else n * g.warheads_per_launcher,
        )
        for i, n in zip(grid, counts, strict=True)
    ]
    return ReactionResponse(
        points=points,
        m=req.m,
        q=req.q,
        max_launchers=req.max_launchers,
        model=MODEL_REACTION,
        caption=reaction_caption(req, points),
    )


def scenarios() -> list[ScenarioInfo]:
    """The built-in scenarios with their variants and dyads."""
    out = []
    for sid, scen in book().items():
        dyads = [
            DyadInfo(
                id=f"{d.defender}-{d.rival}",
                label=d.key,
                defender=d.defender,
                rival=d.rival,
                ally=d.ally,
                defender_name=actor_name(scen, d.defender),
                rival_name=actor_name(scen, d.rival),
                ally_name=actor_name(scen, d.ally) if d.ally else None,
            )
            for d in scen.dyads
        ]
        out.append(
            ScenarioInfo(
                id=sid,
                title=scen.scenario.title,
                year=scen.scenario.year,
                variants=[
                    VariantInfo(id=v.id, title=v.title, description=v.description)
                    for v in scen.variant_list()
                ],
                dyads=dyads,
            )
        )
    return out


#: The built-in scenarios (files of the book, counted without reading them): the size of the
#: memo of their cases, so that every one stays in it.
BOOK_SCENARIOS = len(book_files())


@functools.lru_cache(maxsize=BOOK_SCENARIOS)
def _cases(scenario: str) -> dict[str, Any]:
    """The cases of a built-in scenario by variant id (the book is immutable; building the cases
    costs tens of milliseconds, so it is done once)."""
    return {c.variant.id: c for c in book()[scenario].cases()}


def find_case(
    scenario: str, variant: str, dyad: str | None = None, where: str = "query"
) -> tuple[Any, Any]:
    """The book case and dyad named by ids; :class:`InputError` naming the field (in the
    ``where`` part of the request)."""
    scens = book()
    if scenario not in scens:
        raise InputError(
            f"unknown scenario {scenario!r}; built-in: {', '.join(scens)}",
            field=f"{where}.scenario",
        )
    scen = scens[scenario]
    cases = _cases(scenario)
    if variant not in cases:
        raise InputError(
            f"unknown variant {variant!r}; variants: {', '.join(cases)}", field=f"{where}.variant"
        )
    dyads = {f"{d.defender}-{d.rival}": d for d in scen.dyads}
    if dyad is None:
        return cases[variant], None
    if dyad not in dyads:
        raise InputError(f"unknown dyad {dyad!r}; dyads: {', '.join(dyads)}", field=f"{where}.dyad")
    return cases[variant], dyads[dyad]


def _whatif_layer(ly: Layer, interceptors: int | None = None) -> WhatIfLayer:
    data = ly.model_dump()
    inv = ly.interceptors if interceptors is None else interceptors
    data["interceptors"] = min(inv, limits.MAX_INTERCEPTORS)
    return WhatIfLayer.model_validate(data)


def _grid(current: int) -> list[int]:
    top = max(100, 2 * current)
    step = max(1, int(np.ceil(top / 24)))
    return sorted({*range(0, top + 1, step), current})


# every answer kept: a refused id raises and is not kept, so the memo holds at most the book's
# (scenario, variant, dyad) cases; an LRU of 64 evicted each before a page cycling through
# the presets came round to it again (explore22)
@functools.cache
def preset(scenario: str, variant: str, dyad: str) -> Preset:
    """The what-if inputs of a book case and dyad (defender's homeland).

    Engagement: every rival warhead that can reach the defender's homeland (no first strike),
    its decoys (warhead-weighted mean, rounded), the class of the missiles carrying most of them,
    and the variant's layers defending the homeland. Reaction curve: as
    :func:`anpo.deterrence.questions.reaction_table` chooses it (the dyad's growth component or
    the rival's most survivable one; the defender's chosen counterforce level, its remaining
    budget), the other components' survivors simplified to their expected number (rounded
    down) of the growth component's class.
    """
    case, d = find_case(scenario, variant, dyad)
    scen = case.scenario
    a, b = d.defender, d.rival
    notes: list[str] = []
    comps = [f for f in case.forces(b) if a in f.reaches]
    warheads = sum(f.warheads for f in comps)
    rvs = min(warheads, limits.MAX_RVS)
    if rvs < warheads:
        notes.append(
            f"The rival has {count_noun(warheads, 'warhead')}; the what-if caps the raid at "
            f"{rvs:,}."
        )
    decoys = 0
    missile_class: MissileClass | None = None
    if comps and warheads:
        decoys = round(sum(f.warheads * f.decoys_per_rv for f in comps) / warheads)
        by_class: dict[MissileClass | Literal["none"], int] = {}
        for f in comps:
            by_class[f.missile_class] = by_class.get(f.missile_class, 0) + f.warheads
        main_class = max(by_class, key=lambda k: by_class[k])
        missile_class = None if main_class == "none" else main_class
        if len(by_class) > 1:
            notes.append(
                "The rival's warheads ride several missile classes; the what-if treats them all "
                f"as {main_class} (which decides the layers that can engage them)."
            )
    if rvs * decoys > limits.MAX_DECOY_OBJECTS:
        decoys = limits.MAX_DECOY_OBJECTS // max(rvs, 1)
        notes.append(f"Decoys capped at {decoys} per RV for this raid size.")
    layers = [_whatif_layer(ly) for ly in case.layers_covering(a)[: limits.MAX_LAYERS]]
    eng = EngagementRequest(
        rvs=rvs,
        decoys_per_rv=decoys,
        missile_class=missile_class,
        layers=layers,
        m=list(scen.settings.m_values),  # 1 to MAX_M_VALUES of them: the scenario checks it
    )
    react = _reaction_preset(case, d)
    raid_source = (
        f"{possessive(actor_name(scen, b))} forces that reach {with_article(actor_name(scen, a))}: "
        + "; ".join(f"{f.name}, {count_noun(f.warheads, 'warhead')} ({f.source})" for f in comps)
        if comps
        else f"{actor_name(scen, b)} has no force that reaches {with_article(actor_name(scen, a))}."
    )
    title = (
        f"{scen.scenario.year}: {case.variant.title}; "
        f"{actor_name(scen, b)} against {actor_name(scen, a)}"
    )
    return Preset(
        scenario=scenario,
        variant=variant,
        dyad=dyad,
        title=title,
        raid_source=raid_source,
        engagement=eng,
        reaction=react,
        notes=notes,
    )


@locked
def _strike(case: Any, dyad: Any) -> Any:
    from anpo.deterrence.questions import defender_strike

    return defender_strike(case, dyad.key)


def _reaction_preset(case: Any, dyad: Any) -> ReactionRequest | None:
    """Inputs of the dyad's reaction curve as the library's reaction table derives them from
    the dyad's answer (:func:`anpo.deterrence.questions.reaction_table`). Only the part of the
    answer they need is computed (:func:`anpo.deterrence.questions.defender_strike`: the
    defender's first strike and the rival's survivors, not the rival's strike, launch under
    attack or extended deterrence): about half the work of the whole case's answers."""
    return reaction_request(case, _strike(case, dyad))


def reaction_request(case: Any, ans: Any) -> ReactionRequest | None:
    """The reaction-curve preset of a dyad from its defender's first strike ``ans`` (a
    :class:`anpo.deterrence.questions.DefenderStrike`; ``DefenderStrike.of`` takes it from a
    whole dyad answer). Its layers, and the one whose inventory it sweeps, are the library's
    (:func:`anpo.deterrence.questions.curve_layers`): the first layer covering the defender's
    value that can engage the growth component, or the scenario's first such layer, borrowed
    with no interceptors, when the variant has none; ``None`` when no layer can engage it
    (the library's curve is then undefined too)."""
    a_first = ans.a_first
    t = ans.defender
    settings = case.scenario.settings
    comps = [f for f in ans.rival_components if t in f.reaches]

    def expected(f: Any) -> float:
        pmf = ans.component_survivors[f.id]
        return float(np.dot(np.arange(len(pmf)), pmf))

    if ans.growth is not None:
        growth = next(f for f in case.scenario.forces if f.id == ans.growth)
    elif comps:
        growth = max(comps, key=lambda f: (f.survivable_fraction, f.warheads_per_launcher))
    else:
        return None
    same = [ans.allocation[f.id] for f in ans.rival_components if f.basing == growth.basing]
    alloc = ans.allocation.get(
        growth.id, max(same) if same else max(ans.allocation.values(), default=0)
    )
    base = sum(expected(f) for f in comps if f.id != growth.id)
    from anpo.deterrence.questions import growth_budget

    budget = growth_budget(
        a_first.committed, ans.allocation, ans.rival_components, ans.defender, growth.id
    )
    from anpo.deterrence.questions import curve_layers

    picked = curve_layers(case, t, growth.missile_class)
    if picked is None:
        return None
    # the web's cap on layers: the varied one is always kept
    held = [ly for i, ly in enumerate(picked.layers) if i != picked.sweep]
    held = held[: limits.MAX_LAYERS - 1]
    sweep = min(picked.sweep, len(held))
    varied = _whatif_layer(picked.varied, 0 if picked.borrowed else None)
    layers = [*held[:sweep], picked.varied, *held[sweep:]]
    whatif = [varied if ly is picked.varied else _whatif_layer(ly) for ly in layers]
    current = int(varied.interceptors)
    return ReactionRequest(
        layers=whatif,
        sweep=sweep,
        interceptors=_grid(current)[: limits.MAX_GRID_POINTS],
        growth=Growth(
            warheads_per_launcher=growth.warheads_per_launcher,
            survivable_fraction=growth.survivable_fraction,
            kill_probability=case.kill_probability(ans.defender, growth.basing),
            allocation=min(int(round(alloc)), limits.MAX_ALLOCATION),
            budget=int(budget),
            decoys_per_rv=min(growth.decoys_per_rv, limits.MAX_DECOYS_PER_RV),
            missile_class=None if growth.missile_class == "none" else growth.missile_class,
        ),
        base_warheads=min(int(np.floor(base)), limits.MAX_REACTION_WARHEADS // 2),
        m=settings.reaction_m,
        q=settings.reaction_q,
        max_launchers=max(
            1,
            (
                limits.MAX_REACTION_WARHEADS
                - min(int(np.floor(base)), limits.MAX_REACTION_WARHEADS // 2)
            )
            // growth.warheads_per_launcher,
        ),
    )


# ----------------------------------------------------------------------------- routes
@router.get("/scenarios", response_model=list[ScenarioInfo], tags=["scenarios"])
async def get_scenarios() -> list[ScenarioInfo]:
    """The built-in scenario book: scenarios, their variants and dyads."""
    return scenarios()


@router.get("/deterrence/preset", response_model=Preset)
async def get_preset(
    scenario: ScenarioQuery,
    variant: VariantQuery,
    dyad: DyadQuery,
    run: RunnerDep,
) -> Preset:
    """What-if inputs taken from a built-in scenario variant and dyad."""
    return await run.run(preset, scenario, variant, dyad)


class _WorkChecked(Protocol):
    """A request whose work is capped: :meth:`check_work` raises :class:`InputError` naming
    the field when it is too much, and returns the work estimate it checked."""

    def check_work(self) -> float: ...


_Req = TypeVar("_Req", bound=_WorkChecked)
_Answer = TypeVar("_Answer")


async def _refuse_then_run(
    run: Runner,
    compute: Callable[[_Req], _Answer],
    req: _Req,
    *,
    small: Callable[[float], bool] | None = None,
) -> _Answer:
    """How a capped computation's endpoint runs it: a request that is too much work
    (``req.check_work()``, :class:`InputError`: a 422 naming the field and the limit) is
    refused here, on the event loop, before the runner is asked for anything, so a refusal
    takes no computation slot and never waits for one; an admitted request is computed by
    ``compute``, the computation without that check (made once, here), on the event loop when
    ``small`` says so of the check's work estimate (:meth:`Runner.run_small`; the estimate is
    made once, by the check), else in a slot (:meth:`Runner.run`)."""
    work = req.check_work()
    if small is not None and small(work):
        return await run.run_small(compute, req)
    return await run.run(compute, req)


@router.post("/deterrence/engagement", response_model=EngagementResponse)
async def post_engagement(req: EngagementRequest, run: RunnerDep) -> EngagementResponse:
    """P(at least m arrive), expected leakers and the leaker distribution of an attack; too
    much work (estimated from the warheads, decoys, interceptors, shots and layers) is refused,
    naming what to reduce, before any computation starts."""
    # this docstring is the operation's description on the API page: plain words, no roles
    # (the estimate is anpo.web.limits.engagement_work)
    # an engagement of about a millisecond at most is answered on the event loop
    return await _refuse_then_run(run, _engagement, req, small=req.is_small)


@router.post("/deterrence/reaction", response_model=ReactionResponse)
async def post_reaction(req: ReactionRequest, run: RunnerDep) -> ReactionResponse:
    """The rival's reaction curve over an interceptor grid; too much work (estimated from the
    grid's points and each point's engagement) is refused, naming what to reduce, before any
    computation starts."""
    # plain words for the API page, as above (the estimate is anpo.web.limits.reaction_work)
    return await _refuse_then_run(run, _reaction, req)


# ----------------------------------------------------------------------------- dyad page
Key = Annotated[str, Field(min_length=1, max_length=80)]


class DyadRequest(Strict):
    """A dyad of a built-in scenario variant, with some of its numbers changed."""

    scenario: str = Field(max_length=64)
    variant: str = Field(max_length=64)
    dyad: str = Field(max_length=64, description="DEFENDER-RIVAL, e.g. USA-CHN")
    launchers: dict[Key, Annotated[int, Field(ge=0, le=limits.MAX_LAUNCHERS)]] = Field(
        default_factory=dict, max_length=32, description="launchers by force component id"
    )
    interceptors: dict[Key, Annotated[int, Field(ge=0, le=limits.MAX_INTERCEPTORS)]] = Field(
        default_factory=dict, max_length=16, description="by layer key 'DEFENSE/INDEX'"
    )
    sspk: dict[Key, Probability] = Field(default_factory=dict, max_length=16)
    kill_probability: dict[Key, Probability] = Field(
        default_factory=dict, max_length=8, description="the defender's, by basing of the rival"
    )


class Knob(Out):
    """One adjustable input of the dyad page."""

    group: Literal["launchers", "interceptors", "sspk", "kill_probability"]
    key: str
    label: str
    value: float
    min: float
    max: float
    step: float
    source: str


class DyadInputs(Out):
    scenario: str
    variant: str
    dyad: str
    title: str
    knobs: list[Knob]


class Measure(Out):
    key: str
    label: str
    value: float | None
    text: str
    definition: str


class Exposure(Out):
    territory: str
    name: str
    role: str
    covered: bool = Field(
        description="a missile-defense layer covering the territory has interceptors and a "
        "kill probability above 0 (the page's 'defended')"
    )
    p_at_least: list[MProbability]


class DyadResponse(Out):
    title: str
    measures: list[Measure]
    exposure: list[Exposure]
    survivors_pmf: list[float] = Field(description="P(k rival warheads survive the first strike)")
    survivors_pmf_text: list[str] = Field(
        description="each of survivors_pmf as the report prints a probability ('< 0.001', never "
        "'2.3e-5'): the chart's hover text"
    )
    reaction: list[ReactionPoint]
    reaction_m: int
    reaction_q: float
    reaction_layer: str
    reaction_current_launchers: int | None = Field(
        description="launchers of the growing force the rival already holds, counted in every "
        "launchers_needed of the curve (null: no curve)"
    )
    reaction_counterforce_level: int | None = Field(
        description="the defender's first-strike warheads per launcher of the growing force, the "
        "counterforce assumption of the curve's counts (where the variant holds no launcher of "
        "it that the strike can hit, the exchange's choice against the smallest force of it "
        "with one); 0: its launchers are never struck (null: no curve)"
    )
    reaction_caption: str = Field(
        description="the reaction chart's caption for a reader, from these results ('' without "
        "a curve)"
    )
    notes: list[str]
    response_plan_change: str = Field(
        "",
        description="why the patron's price moves with the missile defenses where its response "
        "does: how its strike back at the rival's forces (after the rival strikes the ally) "
        "differs with the variant's defenses and without them, as anpo extended's JSON gives it "
        "(anpo.deterrence.report.response_plan_change); '' where the two responses are the same "
        "or there is none. The page shows it where patron_price and patron_price_undefended "
        "read differently, where anpo extended prints it",
    )
    own_measures: str = Field(
        description="which stability measures are the variant's own, under its force postures "
        "(anpo.deterrence.questions.own_convention): 'lua', the _lua measures (a side has "
        "launchers on launch-under-attack posture, facing deliverable warheads); 'no-lua', the "
        "others (no such force: the two "
        "are the same exchange)"
    )
    model: str


def _layer_key(defense_id: str, index: int) -> str:
    return f"{defense_id}/{index}"


# every answer kept, as preset's (at most the book's cases: a refused id is not kept)
@functools.cache
def dyad_inputs(scenario: str, variant: str, dyad: str) -> DyadInputs:
    """The numbers of a case the dyad page lets the user move, with their current values."""
    case, d = find_case(scenario, variant, dyad)
    scen = case.scenario
    a, b = d.defender, d.rival
    territories = {a} | ({d.ally} if d.ally else set())
    knobs: list[Knob] = []
    for f in case.forces():
        if (f.actor == b and territories & set(f.reaches)) or (f.actor == a and b in f.reaches):
            top = min(limits.MAX_LAUNCHERS, max(50, limits.SLIDER_SCALE * f.launchers))
            knobs.append(
                Knob(
                    group="launchers",
                    key=f.id,
                    label=f"{actor_name(scen, f.actor)}: {f.name} (launchers, "
                    f"{f.warheads_per_launcher} warhead{'s' if f.warheads_per_launcher > 1 else ''} "
                    "each)",
                    value=f.launchers,
                    min=0,
                    max=top,
                    step=1,
                    source=f.source,
                )
            )
    for arch in case.architectures():
        for j, ly in enumerate(arch.layers):
            if ly.defends != "value" or not territories & set(ly.covers):
                continue
            key = _layer_key(arch.id, j)
            # dup-ok: two knobs of one layer (interceptors, kill probability): keyword arguments
            # of the Knob constructor, alike only in shape (other group, label, range and step).
            knobs.append(
                Knob(
                    group="interceptors",
                    key=key,
                    label=f"{ly.name or arch.name}: interceptors",
                    value=ly.interceptors,
                    min=0,
                    max=min(
                        limits.MAX_INTERCEPTORS, max(200, limits.SLIDER_SCALE * ly.interceptors)
                    ),
                    step=1,
                    source=ly.source,
                )
            )
            knobs.append(
                Knob(
                    group="sspk",
                    key=key,
                    label=f"{ly.name or arch.name}: single-shot kill probability",
                    value=ly.sspk,
                    min=0,
                    max=1,
                    step=0.01,
                    source=ly.source,
                )
            )
    basings = sorted({f.basing for f in case.forces(b)})
    for c in scen.counterforce:
        if c.striker == a and c.basing in basings:
            knobs.append(
                Knob(
                    group="kill_probability",
                    key=c.basing,
                    label=f"{possessive(actor_name(scen, a))} kill probability per warhead against a "
                    f"{c.basing} launcher",
                    value=c.kill_probability,
                    min=0,
                    max=1,
                    step=0.01,
                    source=c.source,
                )
            )
    return DyadInputs(
        scenario=scenario,
        variant=variant,
        dyad=dyad,
        title=f"{scen.scenario.year}: {case.variant.title}; {actor_name(scen, b)} and "
        f"{actor_name(scen, a)}" + (f", ally {actor_name(scen, d.ally)}" if d.ally else ""),
        knobs=knobs,
    )


def changed_case(req: DyadRequest) -> tuple[Any, Any]:
    """The case with the request's numbers, re-validated by the scenario model; only the
    requested dyad is kept (the others are not computed)."""
    from pydantic import ValidationError

    from anpo.scenario import Scenario

    case, d = find_case(req.scenario, req.variant, req.dyad, where="body")
    knobs = {(k.group, k.key): k for k in dyad_inputs(req.scenario, req.variant, req.dyad).knobs}
    for group in ("launchers", "interceptors", "sspk", "kill_probability"):
        for key, v in getattr(req, group).items():
            k = knobs.get((group, key))
            if k is not None and not k.min <= v <= k.max:
                raise InputError(
                    f"must be between {k.min:g} and {k.max:g} on this page (got {v:g})",
                    field=f"body.{group}.{key}",
                )
    data = case.scenario.model_dump()
    forces = {f["id"]: f for f in data["forces"]}
    for key, n in req.launchers.items():
        if key not in forces:
            raise InputError(f"no force component {key!r}", field=f"body.launchers.{key}")
        if ("launchers", key) not in knobs:
            # a force of the scenario the dyad's exchange never reads (a Russian force in
            # U.S.-China): it was accepted and the figures came back unchanged, without a word
            raise InputError(_not_in_dyad(case, d, key), field=f"body.launchers.{key}")
        forces[key]["launchers"] = n
    layers = {
        _layer_key(arch["id"], j): ly
        for arch in data["defenses"]
        for j, ly in enumerate(arch["layers"])
    }
    for group in ("interceptors", "sspk"):
        for key, v in getattr(req, group).items():
            if key not in layers:
                raise InputError(f"no defense layer {key!r}", field=f"body.{group}.{key}")
            layers[key][group] = v
    cf = {c["basing"]: c for c in data["counterforce"] if c["striker"] == d.defender}
    for key, v in req.kill_probability.items():
        if key not in cf:
            raise InputError(
                f"no counterforce entry of {d.defender} against {key!r}",
                field=f"body.kill_probability.{key}",
            )
        cf[key]["kill_probability"] = v
    data["dyads"] = [
        x for x in data["dyads"] if x["defender"] == d.defender and x["rival"] == d.rival
    ]
    try:
        scen = Scenario.model_validate(data)
    except ValidationError as exc:  # pragma: no cover - the request's bounds already hold
        err = exc.errors()[0]
        raise InputError(err["msg"], field="body") from None
    new_case = next(c for c in scen.cases() if c.variant.id == req.variant)
    return new_case, d


def _not_in_dyad(case: Any, d: Any, key: str) -> str:
    """Why a force component of the scenario is not one of the dyad's (:func:`dyad_inputs`:
    the defender's forces that reach the rival, the rival's that reach the defender or its
    ally), in a reader's words."""
    scen = case.scenario

    def the(actor: str) -> str:
        return with_article(actor_name(scen, actor))

    f = next(x for x in scen.forces if x.id == key)  # the caller checked it is the file's
    named = f"{key} ({possessive(the(f.actor))} {f.name})"
    if all(x.id != key for x in case.forces()):
        # a force of the file this variant does not field (one a variant adds, or removes): it
        # read the variant's own forces only and raised StopIteration, an HTTP 500 (review28)
        return (
            f"{named} is not among the forces of the variant {case.variant.id!r} (the variant "
            "does not add it, or removes it): changing it changes none of its figures"
        )
    at = " or ".join(the(t) for t in (d.defender, d.ally) if t)
    return (
        f"{named} is not a force of the dyad {d.label}, "
        f"which counts {possessive(the(d.defender))} forces that reach {the(d.rival)} and "
        f"{possessive(the(d.rival))} that reach {at}: changing it changes none of its figures"
    )


def no_effect_notes(req: DyadRequest, case: Any, d: Any) -> list[str]:
    """A sentence for each requested kill probability the dyad's exchange never reads: the
    defender's against a basing on which the rival has no force (U.S. kill probability against
    sea-based launchers when China has none). Said, not refused: the defender has such an entry,
    it just has nothing to strike here."""
    scen = case.scenario
    basings = {f.basing for f in case.forces(d.rival)}
    defender = with_article(actor_name(scen, d.defender))
    rival = with_article(actor_name(scen, d.rival))
    return [
        f"{possessive(defender)} kill probability against a {key} launcher "
        f"(kill_probability.{key}) has no effect on this dyad: {rival} has no {key} launchers"
        for key in sorted(req.kill_probability)
        if key not in basings
    ]


MEASURE_DEFS = {
    "survivors": "Expected rival warheads surviving the defender's cost-minimising "
    "counterforce first strike (Kent & Thaler 1989 strike, whole warheads per launcher; exact "
    "distribution of independent launcher survival).",
    "fss": "First-strike stability index (Kent & Thaler 1989): (C1/C2 of each side, capped at "
    "1) multiplied; 1 = neither side gains by striking first. Undefined (no value) when a side "
    "has no warheads that can reach the other.",
    "fss_lua": "The same index when the victim may launch under attack (the forces on "
    "launch-under-attack posture get a share of their launchers away before the warheads "
    "arrive): the variant's own measure where a side has launchers on that posture and the "
    "other side deliverable warheads.",
    "incentive_defender": "The defender's first-strike incentive: its expected cost of being "
    "struck first minus that of striking first (positive: it is better off going first).",
    "incentive_rival": "The rival's first-strike incentive, the same way.",
    "incentive_defender_lua": "The defender's first-strike incentive when the victim may launch "
    "under attack: the variant's own measure where a side has launchers on that posture and the "
    "other side deliverable warheads.",
    "incentive_rival_lua": "The rival's first-strike incentive when the victim may launch under "
    "attack, the same way.",
    "patron_price": "The patron's price of honouring its guarantee: P(at least 1 of the rival's "
    "warheads reaches the patron's homeland) after the rival strikes the ally and the patron "
    "strikes the rival's forces (Wilkening & Watman 1995; Powell 2003).",
    "patron_price_undefended": "The same price if no missile defense of territory were active "
    "(a defense of silos stays).",
    "ally_exposure": "P(at least 1 of the rival's warheads reaches the ally) in the rival's strike "
    "on it, through the defenses covering the ally.",
    "ally_exposure_undefended": "The same exposure if no missile defense of territory were "
    "active (a defense of silos stays).",
}


def _measure(
    key: str, label: str, value: float | None, kind: str = "prob", reason: str | None = None
) -> Measure:
    """A measure; an undefined one (None) is sent as null with the text 'undefined: <reason>'
    (as the report prints it), never a default number. ``kind``: ``"prob"`` (:func:`prob_text`),
    ``"percent"`` for probabilities of warheads arriving (:func:`percent_text`),
    ``"cost"`` for Kent-Thaler costs and first-strike incentives (the report's
    :func:`anpo.report.format.fmt_number` kind: within 1e-3 of zero "< 0.001" / "> -0.001",
    floating-point noise 0, as :func:`anpo.deterrence.questions.display_kind` chooses for the
    report's incentive columns), else a number as the report prints it (fmt_number's default kind)."""
    if value is None:
        text = f"undefined: {reason}" if reason else "undefined"
        return Measure(key=key, label=label, value=None, text=text, definition=MEASURE_DEFS[key])
    if kind == "prob":
        text = prob_text(value)
    elif kind == "percent":
        text = percent_text(value)
    elif kind == "cost":
        text = fmt_number(float(value), "cost")
    else:
        text = fmt_number(value)
    return Measure(
        key=key, label=label, value=finite(value), text=text, definition=MEASURE_DEFS[key]
    )


#: Answers of the dyad page kept in memory, keyed on the canonical validated request (an answer
#: is a few kilobytes; the exact exchange costs tens to hundreds of milliseconds a dyad).
DYAD_MEMO_SIZE = 2048


def dyad_key(req: DyadRequest) -> str:
    """The canonical form of a validated dyad request: changes equal to the case's own value are
    dropped and the rest sorted, so that every request with the same meaning has the same key
    (a slider moved back to where it started asks for the book case itself)."""
    import json

    find_case(req.scenario, req.variant, req.dyad, where="body")  # names the body's field
    base = {
        (k.group, k.key): k.value for k in dyad_inputs(req.scenario, req.variant, req.dyad).knobs
    }
    changes = {
        group: {
            key: v
            for key, v in sorted(getattr(req, group).items())
            if (group, key) not in base or float(base[(group, key)]) != float(v)
        }
        for group in ("launchers", "interceptors", "sspk", "kill_probability")
    }
    return json.dumps(
        {"scenario": req.scenario, "variant": req.variant, "dyad": req.dyad, **changes},
        sort_keys=True,
    )


@functools.lru_cache(maxsize=DYAD_MEMO_SIZE)
def _dyad_memo(key: str) -> DyadResponse:
    return compute_dyad(DyadRequest.model_validate_json(key))


def dyad_measures(req: DyadRequest) -> DyadResponse:
    """The report's deterrence measures for one dyad of a (changed) case, memoised on the
    canonical request (:func:`dyad_key`): the answer is a pure function of it, so a repeated
    question (a slider moved back, the page reloaded, a preset) is answered from memory. Input
    errors are raised each time (exceptions are not memoised)."""
    return _dyad_memo(dyad_key(req))


def precompute_dyads() -> int:
    """Answer every built-in scenario variant and dyad as the book states it (the stability
    page's starting points), into the memo; returns how many. Called by ``anpo serve`` in a
    background thread after start-up."""
    n = 0
    for s in scenarios():
        variants = sorted(s.variants, key=lambda v: v.id != "gmd-global")  # the page's default
        for v in variants:
            for d in s.dyads:
                dyad_measures(DyadRequest(scenario=s.id, variant=v.id, dyad=d.id))
                n += 1
    return n


def dyad_work(case: Any, dyad: Any) -> float:
    """Work estimate of the stability page's answer for one dyad of a (changed) case: the exact
    engagement's (:func:`anpo.web.limits.engagement_work`) for the rival's whole raid on the
    defender's homeland (every warhead of its components that reach it, with the most decoys
    per RV any of them carries) through the layers covering the homeland. Monotone in every
    launcher and interceptor slider of the page; the cap (:data:`anpo.web.limits.MAX_DYAD_WORK`)
    is calibrated on the exchange's measured time (``benchmarks/web_dyad_work.py``)."""
    comps = [f for f in case.forces(dyad.rival) if dyad.defender in f.reaches]
    warheads = sum(f.warheads for f in comps)
    decoys = max((f.decoys_per_rv for f in comps), default=0)
    return limits.engagement_work(warheads, decoys, case.layers_covering(dyad.defender))


def check_dyad_work(req: DyadRequest, case: Any, dyad: Any) -> None:
    """:class:`InputError` naming the slider that grew most (relative to the book's value)
    when the changed case is too much work for the page (:func:`dyad_work`)."""
    work = dyad_work(case, dyad)
    if work <= limits.MAX_DYAD_WORK:
        return
    base = {
        (k.group, k.key): k.value for k in dyad_inputs(req.scenario, req.variant, req.dyad).knobs
    }
    grown = [
        (v / max(float(base[(group, key)]), 1.0), group, key)
        for group in ("launchers", "interceptors")
        for key, v in getattr(req, group).items()
        if (group, key) in base and v > base[(group, key)]
    ]
    field = "body"
    if grown:
        _, group, key = max(grown)
        field = f"body.{group}.{key}"
    scen = case.scenario
    raise InputError(
        f"these forces are too much work for the stability page's exact exchange (about "
        f"{work:.2g} units for {possessive(actor_name(scen, dyad.rival))} raid through the "
        f"layers defending {actor_name(scen, dyad.defender)}, at most "
        f"{limits.MAX_DYAD_WORK:.2g}, a few seconds); use fewer launchers of "
        f"{actor_name(scen, dyad.rival)} or fewer interceptors (or the Python API, "
        "anpo.deterrence.questions.answer_case, which has no such cap)",
        field=field,
    )


#: what the forces are in a stability reason once the reader has changed them ("China has no
#: deliverable warheads with the forces shown"; the book's forces are "in 2001")
EDITED_FORCES = "with the forces shown"


@locked
def compute_dyad(req: DyadRequest) -> DyadResponse:
    """The report's deterrence measures for one dyad of a (changed) case (no memo);
    :class:`InputError` when the case is too much work (:func:`check_dyad_work`)."""
    from anpo.deterrence.questions import (
        answer_case,
        display_kind,
        level_first_force,
        lua_sides,
        own_convention,
        posture_words,
        reaction_assumptions,
        reaction_notes,
        reaction_table,
    )
    from anpo.deterrence.reaction import needed_or_none
    from anpo.deterrence.report import response_plan_change

    case, d = changed_case(req)
    check_dyad_work(req, case, d)
    scen = case.scenario
    # a reason such as "China has no deliverable warheads in 2001" is of the year's forces; once
    # the reader has changed a launcher count, it is of the forces the page shows
    year = {
        k.key: k.value
        for k in dyad_inputs(req.scenario, req.variant, req.dyad).knobs
        if k.group == "launchers"
    }
    edited = any(float(year.get(key, -1)) != float(n) for key, n in req.launchers.items())
    answers = answer_case(case, when=EDITED_FORCES if edited else None)
    ans = answers[0]
    st, lua = ans.stability, ans.stability_lua
    rival = actor_name(scen, d.rival)
    defender = actor_name(scen, d.defender)
    # which measures are the variant's own (the one rule of the report and anpo stability):
    # each label says which exchange it is where a side has launchers on launch-under-attack
    # posture ('First-strike stability' read as the variant's where it ignored the posture)
    sides = lua_sides(ans)
    own = own_convention(sides, ans.lua_computed)
    if own == "lua":
        plain = " without launch under attack"
        with_lua = (
            f" {posture_words(own, [actor_name(scen, x) for x in sides])} (the variant's postures)"
        )
    else:
        plain, with_lua = "", " with launch under attack (no side launches under attack: the same)"
    measures = [
        _measure(
            "survivors",
            f"{possessive(rival)} modelled warheads surviving a first strike (expected; the "
            "scenario's forces, any range)",
            ans.expected_survivors,
            display_kind("survivors_expected"),  # "cost": an expected count, as the report
        ),
        _measure("fss", f"First-strike stability{plain}", st.fss, reason=st.fss_reason),
        _measure(
            "fss_lua",
            f"First-strike stability{with_lua}",
            lua.fss,
            reason=lua.fss_reason,
        ),
    ]
    # None where a side has no warheads: the incentives do not exist
    defined, defined_lua = st.defined(), lua.defined()
    measures += [
        _measure(
            key + suffix,
            f"{possessive(who)} first-strike incentive{words}",
            values[side],
            "cost",
            st.fss_reason,
        )
        for suffix, words, values in (("", plain, defined), ("_lua", with_lua, defined_lua))
        for key, who, side in (
            ("incentive_defender", defender, "incentive_a"),
            ("incentive_rival", rival, "incentive_b"),
        )
    ]
    notes = [st.fss_reason] if st.fss_reason else []
    notes += no_effect_notes(req, case, d)
    ext = ans.extended
    plan_change = ""
    if d.ally and ext is not None and 1 in ext.price:
        # the patron's response with and without the defenses, in anpo extended's words
        plan_change = response_plan_change(ans)
        ally = actor_name(scen, d.ally)
        # no attack on the ally: every measure null with the reason, not 1 and 0; a patron with
        # nothing to strike the rival with: its price null with the reason, not 1
        why = ext.undefined
        price_why = ext.price_undefined  # (set whenever ``undefined`` is)

        def val(x: float, reason: str | None = why) -> float | None:
            return None if reason is not None else x

        measures += [
            _measure(
                "patron_price",
                f"The patron's price of honouring the guarantee ({defender} to {ally}): "
                f"P(at least 1 of {possessive(rival)} warheads reaches {with_article(defender)})",
                val(ext.price[1], price_why),
                "percent",
                reason=price_why,
            ),
            _measure(
                "patron_price_undefended",
                "The patron's price of honouring the guarantee without missile defense",
                val(ext.price_undefended[1], price_why),
                "percent",
                reason=price_why,
            ),
            _measure(
                "ally_exposure",
                f"Ally's exposure ({possessive(rival)} strike on {with_article(ally)}): "
                f"P(at least 1 of {possessive(rival)} warheads reaches {with_article(ally)})",
                val(ext.ally_exposure[1]),
                "percent",
                reason=why,
            ),
            _measure(
                "ally_exposure_undefended",
                "Ally's exposure without missile defense",
                val(ext.ally_exposure_undefended[1]),
                "percent",
                reason=why,
            ),
        ]
        notes += ext.notes
    exposure = [
        Exposure(
            territory=t,
            name=actor_name(scen, t),
            role="homeland" if t == d.defender else "ally",
            # the library's covered: a layer with no interceptors left (or none that can kill)
            # does not defend it (the chart read 'homeland, defended' with every interceptor at 0)
            covered=bool(ans.covered[t]),
            p_at_least=[
                MProbability(m=m, p=finite(p), text=percent_text(p)) for m, p in tail.items()
            ],
        )
        for t, tail in ans.exposure.items()
    ]
    table = reaction_table(ans)
    reaction = []
    layer_name = ""
    held: int | None = None
    level: int | None = None
    caption = ""
    if not table.empty:
        reaction = [
            ReactionPoint(
                interceptors=int(r["interceptors"]),
                launchers_needed=needed_or_none(r["launchers_needed"]),
                warheads_needed=needed_or_none(r["warheads_needed"]),
            )
            for r in table.to_dict("records")
        ]
        growth_id = str(table["growth_component"].iloc[0])
        layer_name = next((f.name for f in scen.forces if f.id == growth_id), growth_id)
        # the curve's caveats, as the report's caption gives them (a borrowed layer; a silo
        # defense of the rival's growth silos left out, counts then upper bounds)
        if caveat := reaction_notes(table, {v.id: f"“{v.label}”" for v in scen.variants}):
            notes.append(f"Reaction curve: {caveat}.")
        # what the counts include and assume (one variant and dyad: the same on every row), as
        # the terminal table's columns and caption give them (review9 F9)
        held = int(table["current_launchers"].iloc[0])
        level = int(table["counterforce_level"].iloc[0])
        gaps = (
            " (gaps: no force up to the search limit suffices)"
            if any(p.launchers_needed is None for p in reaction)
            else ""
        )
        caption = (
            f"The rival's reaction curve over the scenario's interceptor grid{gaps}. "
            # where the level comes from, as the report says it (the table's default limit)
            + reaction_assumptions(held, level, level_first_force(ans, growth_id))
        )
    survivors = np.clip(ans.survivors, 0.0, 1.0)
    return DyadResponse(
        title=dyad_inputs(req.scenario, req.variant, req.dyad).title,
        measures=measures,
        exposure=exposure,
        survivors_pmf=[finite(x) for x in survivors],
        # the chart's hover as the cards beside it write a probability (percent_text)
        survivors_pmf_text=[percent_text(x) for x in survivors],
        reaction=reaction,
        reaction_m=scen.settings.reaction_m,
        reaction_q=scen.settings.reaction_q,
        reaction_layer=layer_name,
        reaction_current_launchers=held,
        reaction_counterforce_level=level,
        reaction_caption=caption,
        # each once: the stability's reason and extended deterrence's may be the same sentence
        # ('China has no deliverable warheads with the forces shown' was listed twice)
        # a note is a sentence of its own: 'the United States has ...' starts with a capital
        notes=[upper_first(n) for n in dict.fromkeys(notes)],
        response_plan_change=plan_change,
        own_measures=own,
        model="anpo.deterrence.questions (the report's deterrence sections): Kent & Thaler "
        "(1989) exchange over exact distributions, Wilkening (1999) interception, extended "
        "deterrence (anpo.deterrence.extended), reaction curve over the scenario's interceptor "
        "grid.",
    )


# dup-ok: route boilerplate alike in shape to get_preset: FastAPI reads each route's query
# parameters from its own signature.
@router.get("/deterrence/dyad/inputs", response_model=DyadInputs)
async def get_dyad_inputs(
    scenario: ScenarioQuery,
    variant: VariantQuery,
    dyad: DyadQuery,
    run: RunnerDep,
) -> DyadInputs:
    """The numbers of a dyad the stability page lets the user move."""
    return await run.run(dyad_inputs, scenario, variant, dyad)


@router.post("/deterrence/dyad", response_model=DyadResponse)
async def post_dyad(req: DyadRequest, run: RunnerDep) -> DyadResponse:
    """Extended deterrence and stability measures of a dyad, with the request's numbers."""
    return await run.run(dyad_measures, req)

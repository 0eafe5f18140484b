"""The seed's deterrence questions, computed for every case of a scenario.

For each dyad (defender, rival, ally) of a scenario case (a variant):

- **stability** (:func:`anpo.deterrence.stability.dyad`): both first strikes (exact
  distributions of surviving and arriving warheads, the striker's whole-warhead counterforce
  allocation), each side's expected cost of striking first and of being struck first, its
  first-strike incentive, and the Kent-Thaler index where both sides can reach the other (else
  no value, with the reason); without and with launch under attack;
- **the rival's retaliation after the defender's first strike**: P(at least m of its warheads
  reach the defender's homeland and the ally) through the active layers covering each (exact,
  :func:`anpo.deterrence.defense.arrivals`), the rival aiming every surviving warhead that can
  reach a territory at it;
- **extended deterrence** (:func:`anpo.deterrence.extended.extended`): the patron's price of
  honouring its guarantee and the ally's exposure, with and without the defenses;
- **the reaction curve** (:mod:`anpo.deterrence.reaction`): the smallest number of launchers of
  the rival's growth component with which P(at least ``reaction_m`` reach the defender) >=
  ``reaction_q`` after the first strike, as a function of the defender's interceptors.

:func:`outcomes` gives the key numbers of one variant as a flat ``dict[str, float]`` for
exploratory modelling.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from anpo._checks import as_path, whole_number
from anpo._checks import table as _table
from anpo.deterrence.defense import AttackPlan, RVGroup, convolve_pmf, layer_arrays
from anpo.deterrence.exchange import (
    ArrivalPossibility,
    ExchangeSettings,
    StrikeResult,
    StrikeWork,
    component_survivors,
    expected_damage,
    first_strike,
    launchers_to_warheads,
    launches_under_attack,
    resolved_at_least,
    side_from_case,
    sure_count,
    survivor_support,
)
from anpo.deterrence.extended import ExtendedResult, extended
from anpo.deterrence.layer import Layer
from anpo.deterrence.reaction import (
    Growth,
    check_launcher_limit,
    full_doctrine_inventory,
    reaction_curve,
)
from anpo.deterrence.scenario import Case, DeterrenceScenario, ForceComponent
from anpo.deterrence.stability import DyadStability, deliverable_warheads, dyad
from anpo.errors import InputError
from anpo.report.countries import with_article
from anpo.report.format import join_words

__all__ = [
    "EXTENDED_SUMMARY",
    "REACTION_MAX_LAUNCHERS",
    "DyadAnswer",
    "DefenderStrike",
    "OwnConvention",
    "OutcomeConvention",
    "lua_sides",
    "own_convention",
    "own_stability",
    "posture_words",
    "answer_case",
    "defender_strike",
    "exchange_settings",
    "seed_table",
    "unreached_strike_note",
    "stability_table",
    "display_kind",
    "extended_table",
    "level_first_force",
    "level_origin",
    "reaction_table",
    "reaction_undefined",
    "CurveLayers",
    "curve_layers",
    "growth_budget",
    "reaction_notes",
    "run",
    "outcomes",
    "arrivals_at",
]


#: The reaction curve searches growth forces up to this many launchers; ``launchers_needed`` is -1
#: where none meets the goal.
REACTION_MAX_LAUNCHERS = 20_000


def exchange_settings(case: Case, allow_lua: bool = False) -> ExchangeSettings:
    """The exchange conventions of a scenario's ``[settings]``."""
    s = case.scenario.settings
    return ExchangeSettings(
        survivable_use=s.survivable_use,
        lua_fraction=s.lua_fraction,
        allow_lua=allow_lua,
        exponent=s.cost_exponent,
        surcharge=s.cost_surcharge,
        max_per_launcher=s.max_warheads_per_launcher,
    )


@dataclass
class DyadAnswer:
    """Everything computed for one dyad in one case.

    arrivals: pmf of the rival's warheads arriving at each territory (defender, ally) after
    the defender's first strike; exposure: P(at least m) from it; covered: whether a layer
    that can destroy the rival's warheads defends the territory (interceptors, kill probability
    and reliability above 0, engaging a class of the rival's missiles that reach it:
    :meth:`~anpo.deterrence.scenario.Case.defending_layers`); allocation: the defender's counterforce warheads per
    vulnerable launcher of each rival component (components that cannot reach the defender
    are struck like the most heavily struck component of the same basing, else not at all);
    component_survivors: pmf of each rival component's surviving warheads (by id).
    lua_computed: whether :attr:`stability_lua` is the exchange with launch under attack (False
    where :func:`answer_case` was asked ``with_lua=False`` and a force is on that posture: it is
    then :attr:`stability` again); :func:`own_convention` reads it.
    """

    case: Case
    defender: str
    rival: str
    ally: str | None
    label: str
    stability: DyadStability
    stability_lua: DyadStability
    rival_components: list[ForceComponent]
    allocation: dict[str, int]
    survivors: np.ndarray
    component_survivors: dict[str, np.ndarray]
    arrivals: dict[str, np.ndarray]
    exposure: dict[str, dict[int, float]]
    covered: dict[str, bool]
    extended: ExtendedResult | None
    lua_computed: bool
    growth: str | None = None
    notes: list[str] = field(default_factory=list)
    #: by territory (a key of :attr:`arrivals`), what decides which arrival counts are
    #: possible, exactly, when asked: the exposure's and :meth:`assured_retaliation`'s 0 and 1
    #: are an impossible and a certain event only where it says so
    arrival_support: dict[str, ArrivalPossibility] = field(default_factory=dict)

    @property
    def expected_survivors(self) -> float:
        """Expected number of the rival's warheads surviving the defender's first strike, over
        every active rival component (those that cannot reach the defender too, struck as
        :attr:`allocation` says): the mean of :attr:`survivors`, in warheads, before the
        defenses their retaliation then meets (a layer defending the rival's silos counts in
        their survival) (the exchange of [kent1989, App. C]; the kill probabilities are the
        scenario's ``[[counterforce]]``)."""
        return float(np.dot(np.arange(len(self.survivors)), self.survivors))

    def expected_arrivals(self, territory: str) -> float:
        """Expected number of the rival's surviving warheads arriving at ``territory`` (the
        defender's or the ally's actor id, a key of :attr:`arrivals`) after the defender's
        first strike, through the missile defenses covering it [wilkening1999]: the mean of
        ``arrivals[territory]``, in warheads."""
        pmf = self.arrivals[territory]
        return float(np.dot(np.arange(len(pmf)), pmf))

    def assured_retaliation(self) -> tuple[float, bool]:
        """(P(at least ``reaction_m`` reach the defender), whether it is at least
        ``reaction_q``): the scenario's definition of an assured retaliation."""
        st = self.case.scenario.settings
        known = self.arrival_support.get(self.defender)
        p = resolved_at_least(
            self.arrivals[self.defender],
            [st.reaction_m],
            known.tails if known is not None else lambda m: (None, None),
        )[st.reaction_m]
        return p, p >= st.reaction_q


def _rival_survivors(
    case: Case, defender: str, rival: str, allocation: dict[str, int]
) -> tuple[list[ForceComponent], dict[str, int], dict[str, np.ndarray]]:
    """Every active rival component, the allocation extended to those that cannot reach the
    defender, and each component's pmf of surviving warheads."""
    comps = case.forces(rival)
    by_basing: dict[str, int] = {}
    for f in comps:
        if f.id in allocation:
            by_basing[f.basing] = max(by_basing.get(f.basing, 0), allocation[f.id])
    alloc = {f.id: allocation.get(f.id, by_basing.get(f.basing, 0)) for f in comps}
    terms = _strike_terms(case, defender, rival)
    pmfs: dict[str, np.ndarray] = {}
    for f in comps:
        pk, silo_defense = terms(f)
        launch = component_survivors(
            f.launchers, f.survivable_fraction, alloc[f.id], pk, silo_defense=silo_defense
        )
        pmfs[f.id] = launchers_to_warheads(launch, f.warheads_per_launcher)
    return comps, alloc, pmfs


def _strike_terms(
    case: Case, defender: str, rival: str
) -> Callable[[ForceComponent], tuple[float, Layer | None]]:
    """For a rival component, the defender's counterforce kill probability on its basing (0
    when the defender has nothing that reaches the rival) and the rival's silo defense covering
    it (its first silo layer, for a silo component): the terms :func:`_rival_survivors` strikes
    with and :func:`_rival_supports` decides the possible survivors with, one place for both
    [kent1989, App. C; ota1981]."""
    silo = case.silo_layers(rival)
    strikes = any(rival in f.reaches for f in case.forces(defender))

    def terms(f: ForceComponent) -> tuple[float, Layer | None]:
        pk = case.kill_probability(defender, f.basing) if strikes else 0.0
        return pk, silo[0] if (silo and f.basing == "silo") else None

    return terms


def unreached_strike_note(answer: DyadAnswer) -> str | None:
    """How the defender's first strike treats the rival's components that cannot reach the
    defender (only the ally), in a sentence; None when the dyad has no ally, the defender cannot
    strike the rival, or every active component of the rival can reach the defender.

    The exchange [kent1989, App. C] allocates the defender's counterforce warheads only among
    the components that can reach it; the others (regional missiles aimed at the ally) are
    struck like the most heavily struck component of the same basing, else not at all
    (:func:`_rival_survivors`). The ally's figures therefore move with the forces of that basing
    that can reach the defender: in the 2001 book, China's regional road-mobile missiles are
    not struck in ``mad`` (no road-mobile ICBM) and struck like the DF-31A in
    ``mad-china-modernized``, so fewer of them survive to reach Japan there. The sentence says
    which rule applied, component by component, so a reader can tell."""
    case = answer.case
    if answer.ally is None or not any(
        answer.rival in f.reaches for f in case.forces(answer.defender)
    ):
        return None
    comps = answer.rival_components
    reaching = [f for f in comps if answer.defender in f.reaches]
    defender = with_article(_name(case, answer.defender))
    parts = []
    for f in comps:
        if answer.defender in f.reaches or f.launchers == 0:
            continue
        same = [g for g in reaching if g.basing == f.basing]
        n = answer.allocation.get(f.id, 0)
        if n and same:
            like = max(same, key=lambda g: answer.allocation.get(g.id, 0))
            parts.append(
                f"{f.name} ({f.basing}): {n} warhead{'s' if n != 1 else ''} per vulnerable "
                f"launcher, like {like.name}"
            )
        else:
            parts.append(
                f"{f.name} ({f.basing}): not struck, no {f.basing} component that can reach "
                f"{defender} is struck"
            )
    if not parts:
        return None
    rival = _name(case, answer.rival)
    ally = _name(case, answer.ally)
    return (
        f"the first strike by {defender} is planned against the forces of {rival} that can "
        "reach it; "
        "those that cannot are struck like the most heavily struck component of their basing, "
        "else not at all: "
        + "; ".join(parts)
        + f". So the figures for {ally} change when a component of the same basing that can "
        f"reach {defender} is added or removed"
    )


def _rival_supports(
    case: Case, defender: str, rival: str, alloc: Mapping[str, int]
) -> dict[str, np.ndarray]:
    """Which counts of each rival component's surviving launchers are possible (by id), as
    :func:`_rival_survivors` strikes them with the extended allocation ``alloc``, decided
    exactly (:func:`anpo.deterrence.exchange.survivor_support`: the pmfs' floats underflow)."""
    terms = _strike_terms(case, defender, rival)
    out = {}
    for f in case.forces(rival):
        pk, silo_defense = terms(f)
        out[f.id] = survivor_support(
            f.launchers, f.survivable_fraction, alloc[f.id], pk, silo_defense=silo_defense
        )
    return out


def _possibility(
    case: Case, defender: str, rival: str, territory: str, alloc: Mapping[str, int]
) -> ArrivalPossibility:
    """Which counts of the rival's warheads can arrive at ``territory`` after the defender's
    first strike (``alloc``: the extended allocation of :func:`_rival_survivors`), decided
    exactly when first asked: the survivors' support (:func:`_rival_supports`) through the
    layers covering it (:class:`anpo.deterrence.exchange.ArrivalPossibility`) [kent1989,
    App. C; wilkening1999]."""
    arrays = layer_arrays(case.layers_covering(territory), territory)
    return ArrivalPossibility(
        arrays,
        territory,
        case.forces(rival),
        functools.partial(_rival_supports, case, defender, rival, alloc),
    )


def _arrivals(
    case: Case, territory: str, comps: list[ForceComponent], pmfs: Mapping[str, np.ndarray]
) -> np.ndarray:
    reaching = [f for f in comps if territory in f.reaches]
    if not reaching:
        return np.ones(1)
    plan = AttackPlan(
        layer_arrays(case.layers_covering(territory), territory),
        [(f.missile_class, f.decoys_per_rv) for f in reaching],
    )
    return plan.pmf([pmfs[f.id] for f in reaching])


def _covered(case: Case, territory: str, comps: list[ForceComponent]) -> bool:
    """Whether missile defense covers ``territory`` against these rival components: a layer
    of :meth:`~anpo.deterrence.scenario.Case.defending_layers` for the classes of the
    components that reach it (any class when none reaches it)."""
    classes = {f.missile_class for f in comps if territory in f.reaches} or None
    return bool(case.defending_layers(territory, classes))


def answer_case(
    case: Case,
    *,
    with_lua: bool = True,
    with_extended: bool = True,
    allocations: Mapping[str, tuple[Mapping[str, int], Mapping[str, int]]] | None = None,
    dyads: Collection[str] | None = None,
    when: str | None = None,
    allocations_lua: Mapping[str, tuple[Mapping[str, int], Mapping[str, int]]] | None = None,
) -> list[DyadAnswer]:
    """Compute every dyad's answers for one case (see the module docstring): arrivals through the
    defenses [wilkening1999], the costs and the Kent-Thaler index [kent1989], extended deterrence
    [wilkening1995; powell2003; fruhling2016]; the reaction curve is anpo's own.

    ``allocations`` maps a dyad's label to fixed plans for the defender's and the rival's first
    strikes (each side's ``allocation`` of an earlier answer): the strikers carry them out
    instead of searching (:mod:`anpo.deterrence.bands` holds them at the point estimate's);
    ``allocations_lua`` does the same for the exchange with launch under attack (each side's
    plan of :attr:`DyadAnswer.stability_lua`: a striker re-plans against a victim whose forces
    launch under attack, so its plan there is another one).
    ``dyads``: only the dyads with these labels (default: all). ``when``: what the forces are
    in a reason such as "China has no deliverable warheads in 2001"
    (:func:`anpo.deterrence.stability.dyad`): by default the scenario's year ("in 2001"); a
    caller that changed the file's forces says so (the web app: "with the forces shown")."""
    scen = case.scenario
    settings = scen.settings
    out = []
    for dy in scen.dyads:
        if dyads is not None and dy.key not in dyads:
            continue
        a, b = dy.defender, dy.rival
        forces = f"in {scen.scenario.year}" if when is None else when
        side_a, side_b = side_from_case(case, a, b), side_from_case(case, b, a)
        plans = (allocations or {}).get(dy.key)
        plans_lua = (allocations_lua or {}).get(dy.key)
        # each side's attack plans and arrivals at the other, shared by both conventions
        work = (StrikeWork(), StrikeWork())
        stab = dyad(
            side_a,
            side_b,
            exchange_settings(case, False),
            forces,
            allocations=plans,
            work=work,
        )
        # a force launches under attack only against a side it can reach, only with warheads
        # (anpo.deterrence.exchange.launches_under_attack), and only against an attack: an
        # opponent with deliverable warheads (_launches_under_attack)
        lua_possible = _launches_under_attack(
            side_a.forces, side_b.forces, a, b
        ) or _launches_under_attack(side_b.forces, side_a.forces, b, a)
        stab_lua = (
            dyad(
                side_a,
                side_b,
                exchange_settings(case, True),
                forces,
                reuse=stab,
                allocations=plans_lua,
                work=work,
            )
            # held plans of the exchange with launch under attack (a band's draw): computed
            # with them where no force launches under attack in this draw too, so the draw is
            # of the point estimate's exchange and plans (review29 of stab29)
            if (with_lua and (lua_possible or plans_lua is not None))
            else stab
        )
        comps, alloc, pmfs = _rival_survivors(case, a, b, stab.a_first.allocation)
        total = np.ones(1)
        for f in comps:
            total = convolve_pmf(total, pmfs[f.id])
        territories = [a] + ([dy.ally] if dy.ally else [])
        arrivals = {t: _arrivals(case, t, comps, pmfs) for t in territories}
        # P(at least one warhead) is the measure the report, the web app and the futures read:
        # computed whatever the file's m_values (a file without m = 1 crashed the report)
        ms = sorted({1, *settings.m_values})
        # a float 0 or 1 is an impossible or a certain event only where the arrivals'
        # support says so (the pmf is truncated below 1e-16 and underflows): else the
        # smallest positive float, or the largest below 1, which print "< 0.1%", "> 99.9%"
        support = {t: _possibility(case, a, b, t, alloc) for t in territories}
        exposure = {t: resolved_at_least(arrivals[t], ms, support[t].tails) for t in territories}
        covered = {t: _covered(case, t, comps) for t in territories}
        ext = None
        if with_extended and dy.ally:
            ext = extended(
                case, dy, exchange_settings(case, False), ms, response=stab.a_first, when=forces
            )
        out.append(
            # dup-ok: keyword arguments of the answer's constructor: alike only in shape to other
            # result constructors.
            DyadAnswer(
                case=case,
                defender=a,
                rival=b,
                ally=dy.ally,
                label=dy.key,
                stability=stab,
                stability_lua=stab_lua,
                rival_components=comps,
                allocation=alloc,
                survivors=total,
                component_survivors=pmfs,
                arrivals=arrivals,
                exposure=exposure,
                covered=covered,
                extended=ext,
                # without launchers on launch-under-attack posture both exchanges are the same
                lua_computed=with_lua or not lua_possible,
                growth=dy.growth,
                arrival_support=support,
            )
        )
    return out


@dataclass(frozen=True)
class DefenderStrike:
    """The defender's first strike of one dyad and the rival's survivors after it: the part of
    a :class:`DyadAnswer` the reaction curve's inputs need (``a_first`` is the answer's
    ``stability.a_first``; the other fields are the answer's own)."""

    defender: str
    rival: str
    growth: str | None
    a_first: StrikeResult
    rival_components: list[ForceComponent]
    allocation: dict[str, int]
    component_survivors: dict[str, np.ndarray]

    @classmethod
    def of(cls, answer: DyadAnswer) -> DefenderStrike:
        """The part of a whole dyad answer (:func:`answer_case`) that :func:`defender_strike`
        computes alone."""
        return cls(
            answer.defender,
            answer.rival,
            answer.growth,
            answer.stability.a_first,
            answer.rival_components,
            answer.allocation,
            answer.component_survivors,
        )


def defender_strike(case: Case, dyad_label: str) -> DefenderStrike:
    """Only the defender's cost-minimising first strike of one dyad (Kent & Thaler 1989, App.
    C, as :func:`anpo.deterrence.stability.dyad` searches it without launch under attack) and
    the rival's surviving components after it, as :func:`answer_case` computes them: the same
    numbers for a fraction of the work (no rival first strike, no launch under attack, no
    extended deterrence). ``dyad_label``: the dyad's ``key``; :class:`InputError` if the case
    has no such dyad."""
    scen = case.scenario
    dy = next((x for x in scen.dyads if x.key == dyad_label), None)
    if dy is None:
        raise InputError(f"no dyad {dyad_label!r} in scenario {scen.scenario.id!r}", field="dyad")
    a, b = dy.defender, dy.rival
    side_a, side_b = side_from_case(case, a, b), side_from_case(case, b, a)
    a_first = first_strike(side_a, side_b, exchange_settings(case, False))
    comps, alloc, pmfs = _rival_survivors(case, a, b, a_first.allocation)
    return DefenderStrike(a, b, dy.growth, a_first, comps, alloc, pmfs)


# ----------------------------------------------------------------------------- postures
#: Which of a dyad's two stability measures (:attr:`DyadAnswer.stability`, without launch under
#: attack, and :attr:`DyadAnswer.stability_lua`, with it) is the one under its variant's own
#: force postures (:func:`own_convention`).
OwnConvention = Literal["lua", "no-lua", "lua-not-computed"]

#: The stability measures a single figure per variant quotes, and their columns in
#: :func:`stability_table` without and with launch under attack (:func:`own_stability`).
_OWN_MEASURES = {
    "fss": "fss_lua",
    "incentive_defender": "incentive_defender_lua",
    "incentive_rival": "incentive_rival_lua",
}


def _launches_under_attack(
    forces: Sequence[ForceComponent],
    opponent_forces: Sequence[ForceComponent],
    actor: str,
    opponent: str,
) -> bool:
    """Whether ``actor`` (its active ``forces``) launches under attack against ``opponent``
    (its ``opponent_forces``): a force of it launches under attack against that side
    (:func:`anpo.deterrence.exchange.launches_under_attack`) and the opponent has deliverable
    warheads, warheads on forces that reach ``actor``
    (:func:`anpo.deterrence.stability.deliverable_warheads`).

    Why: launch under attack is a launch on warning of an attack [kent1989, App. C]; an
    opponent with no deliverable warheads has no first strike to launch under, and its
    "strike" costs are undefined (:meth:`anpo.deterrence.stability.DyadStability.defined`):
    the United States was named a side "with launch under attack" against North Korea in 2001,
    which had no deliverable warheads (deter30)."""
    return (
        any(launches_under_attack(f, opponent) for f in forces)
        and deliverable_warheads(opponent_forces, actor) > 0
    )


def lua_sides(answer: DyadAnswer) -> list[str]:
    """The dyad's sides (actor ids, the defender first) with a force that launches under attack
    in the answer's variant (:func:`_launches_under_attack`: on that posture, with launchers
    and warheads, reaching the other side, which has deliverable warheads): the forces that
    launch under attack in the exchange that allows it
    (:func:`anpo.deterrence.exchange.first_strike` gets ``lua_fraction`` of such a component's
    launchers away before the warheads arrive, and only of such a component). A force of 0
    launchers on that posture names no side: it launches nothing, and "with launch under
    attack by the United States" stood beside "the United States has no deliverable warheads"
    (audit29); nor does a force facing a side with no deliverable warheads, which has no
    attack to launch under (deter30)."""
    case, a, b = answer.case, answer.defender, answer.rival
    return [
        side
        for side, other in ((a, b), (b, a))
        if _launches_under_attack(case.forces(side), case.forces(other), side, other)
    ]


def own_convention(sides: Sequence[str], computed: bool = True) -> OwnConvention:
    """The one rule for which stability measure is a variant's own, i.e. the one a single figure
    per variant quotes (report, web page, ``anpo stability``): ``"lua"``, the measure with launch
    under attack, where a side of the dyad has launchers on that posture (``sides``, see
    :func:`lua_sides`) and that exchange was computed (``computed``,
    :attr:`DyadAnswer.lua_computed`); ``"no-lua"`` where no side has such a force (both exchanges
    are then the same one); ``"lua-not-computed"`` where a side has one but only the exchange
    without launch under attack was computed, a measure that ignores the posture and must say so.

    Why: the exchange with launch under attack lets only the forces on that posture launch
    (Kent & Thaler 1989, App. C, computed both; anpo's ``_lua`` columns), so it is the exchange
    of the forces as the variant has them; the measure without it is that of the same forces
    all riding out the attack. A variant that puts China's silo ICBMs on launch on warning was
    quoted with the measure without, identical to the variant without the posture.

    >>> own_convention(["USA", "CHN"]), own_convention([]), own_convention(["CHN"], False)
    ('lua', 'no-lua', 'lua-not-computed')
    """
    if not sides:
        return "no-lua"
    return "lua" if computed else "lua-not-computed"


def posture_words(convention: str, sides: Sequence[str]) -> str:
    """What a stability figure under ``convention`` (:func:`own_convention`) is, for a sentence
    or a caption, naming the ``sides`` (actors' names) with launchers on launch-under-attack
    posture; empty for ``"no-lua"`` (no launchers on that posture: nothing to say).

    >>> posture_words("lua", ["United States", "China"])
    'with launch under attack by the United States and China'
    >>> posture_words("lua-not-computed", ["China"])
    'ignoring the launch-under-attack posture of forces of China'
    >>> posture_words("no-lua", [])
    ''
    """
    who = join_words([with_article(s) for s in sides])
    if convention == "lua":
        return f"with launch under attack by {who}"
    if convention == "lua-not-computed":
        return f"ignoring the launch-under-attack posture of forces of {who}"
    return ""


def own_stability(stab: pd.DataFrame) -> pd.DataFrame:
    """``stab`` (:func:`stability_table`) with each variant's own stability measures
    (:func:`own_convention`, read from its ``own_convention`` column): ``fss_own``,
    ``incentive_defender_own`` and ``incentive_rival_own`` are the ``_lua`` columns where the
    convention is ``"lua"``, else the columns without launch under attack; ``postures`` says
    which (:func:`posture_words`; empty where no side has launchers on launch-under-attack
    posture). The columns of both conventions stay as they are.

    >>> stab = pd.DataFrame({"fss": [0.6, 0.6], "fss_lua": [0.6, 0.88],
    ...     "incentive_defender": [0.302, 0.302], "incentive_defender_lua": [0.302, 0.09],
    ...     "incentive_rival": [0.077, 0.077], "incentive_rival_lua": [0.077, 0.02],
    ...     "own_convention": ["no-lua", "lua"], "lua_sides": ["", "United States; China"]})
    >>> own = own_stability(stab)
    >>> own["incentive_defender_own"].tolist(), own["postures"].tolist()[1]
    ([0.302, 0.09], 'with launch under attack by the United States and China')
    """
    out = stab.copy()
    lua = (out["own_convention"] == "lua").to_numpy(bool)
    for plain, with_lua in _OWN_MEASURES.items():
        out[f"{plain}_own"] = out[plain].where(~lua, out[with_lua])
    out["postures"] = [
        posture_words(str(c), [x for x in str(s).split("; ") if x])
        for c, s in zip(out["own_convention"], out["lua_sides"].fillna(""), strict=True)
    ]
    return out


# ----------------------------------------------------------------------------- tables
def _name(case: Case, actor: str) -> str:
    return case.scenario.actor(actor).name


def _none(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def seed_table(answers: list[DyadAnswer]) -> pd.DataFrame:
    """One tidy row per case, dyad and territory (the defender's homeland, the ally; ``territory``
    is the actor id, ``territory_name`` its name): the rival's warheads surviving the defender's
    first strike, P(at least m) reaching the territory (through the defenses [wilkening1999]),
    and the dyad's stability index [kent1989] (``fss``, None where undefined, with
    ``fss_reason``; ``fss_lua`` with launch under attack)."""
    rows = []
    for ans in answers:
        scen = ans.case.scenario
        for territory, tail in ans.exposure.items():
            row = {
                "scenario": scen.scenario.id,
                "year": scen.scenario.year,
                "variant": ans.case.variant.id,
                "dyad": ans.label,
                "territory": territory,
                "territory_name": _name(ans.case, territory),
                "role": "homeland" if territory == ans.defender else "ally",
                "covered": ans.covered[territory],
                "rival_warheads": int(sum(f.warheads for f in ans.rival_components)),
                "survivors_expected": ans.expected_survivors,
                "arrivals_expected": ans.expected_arrivals(territory),
            }
            for m, p in tail.items():
                row[f"p_arrive_ge_{m}"] = p
            row["fss"] = ans.stability.fss
            row["fss_lua"] = ans.stability_lua.fss
            row["fss_reason"] = ans.stability.fss_reason
            rows.append(row)
    return pd.DataFrame(rows)


#: Columns of :func:`stability_table` that hold Kent-Thaler costs (C1, C2) or their differences
#: (the first-strike incentives, C2 - C1), with or without launch under attack.
#: Unbounded model outputs: Kent-Thaler costs and incentives, expected warhead counts.
_COST_COLUMN = re.compile(r"^(c[12]|incentive)_|_expected$")


#: Columns of the deterrence tables that hold probabilities of warheads arriving (P(at least m),
#: P(none)) or the extended-deterrence measures that are such probabilities (the ally's
#: exposure, the patron's price): printed as percentages, the futures' scale for the same
#: numbers.
_PROBABILITY_COLUMN = re.compile(r"^(p_arrive|p_at_least|p_no_leak|ally_exposure|patron_price)")


def display_kind(column: str) -> Literal["cost", "resolved", "resolved-percent"]:
    """How a float column of the deterrence tables is printed (terminal and report): Kent-Thaler
    costs and first-strike incentives, and expected warhead counts (``survivors_expected``,
    ``arrivals_expected``), as ``"cost"`` (they run past 1, costs and incentives below 0: no
    ``> 0.999`` bound), every other model output (probabilities, damage fractions, the stability
    index, in [0, 1]) as ``"resolved"``; see :func:`anpo.report.format.fmt_number`. JSON and CSV
    keep the computed values.

    >>> display_kind("c1_rival"), display_kind("incentive_defender_lua"), display_kind("fss")
    ('cost', 'cost', 'resolved')
    >>> display_kind("arrivals_expected"), display_kind("p_arrive_ge_1")
    ('cost', 'resolved-percent')

    Probabilities of warheads arriving, and the extended-deterrence measures that are such
    probabilities, are ``"resolved-percent"`` (``50%``, ``< 0.1%``), the scale the futures'
    scorecard gives the same numbers.
    """
    if _COST_COLUMN.search(column):
        return "cost"
    return "resolved-percent" if _PROBABILITY_COLUMN.search(column) else "resolved"


def stability_table(answers: list[DyadAnswer]) -> pd.DataFrame:
    """One row per case and dyad: each side's expected cost of striking first (C1) and of being
    struck first (C2), its first-strike incentive C2 - C1, and the Kent-Thaler index [kent1989]
    (``fss``; None with ``fss_reason`` where undefined), without and with launch under attack. Where
    a side has no deliverable warheads, its C1, the other's C2 and both incentives are None too
    (:meth:`anpo.deterrence.stability.DyadStability.defined`). ``defender_allocation``: the
    defender's counterforce warheads per vulnerable launcher, by the rival's force reaching it;
    None where the rival has no such force, with ``allocation_reason`` saying so. ``lua_sides``:
    the dyad's sides (names, ``"; "``-separated) with launchers on launch-under-attack posture in the variant;
    ``own_convention``: which measures are the variant's own (:func:`own_convention`: ``"lua"``,
    the ``_lua`` columns; :func:`own_stability` picks them)."""
    rows = []
    for ans in answers:
        scen = ans.case.scenario
        st, lua = ans.stability, ans.stability_lua
        d, d_lua = st.defined(), lua.defined()
        sides = lua_sides(ans)
        rows.append(
            {
                "scenario": scen.scenario.id,
                "year": scen.scenario.year,
                "variant": ans.case.variant.id,
                "dyad": ans.label,
                "defender": _name(ans.case, ans.defender),
                "rival": _name(ans.case, ans.rival),
                "c1_defender": d["c1_a"],
                "c2_defender": d["c2_a"],
                "incentive_defender": d["incentive_a"],
                "c1_rival": d["c1_b"],
                "c2_rival": d["c2_b"],
                "incentive_rival": d["incentive_b"],
                "fss": st.fss,
                "fss_reason": st.fss_reason,
                "fss_lua": lua.fss,
                "incentive_defender_lua": d_lua["incentive_a"],
                "incentive_rival_lua": d_lua["incentive_b"],
                # an empty allocation (nothing to strike) is a missing value whose reason
                # allocation_reason gives, as fss_reason does the index's: 'none' was a word
                # printed as a value (rep30)
                "defender_allocation": ", ".join(
                    f"{k}: {v}" for k, v in st.a_first.allocation.items()
                )
                or None,
                "allocation_reason": (
                    None
                    if st.a_first.allocation
                    else f"{_name(ans.case, ans.rival)} has no force that can reach "
                    f"{with_article(_name(ans.case, ans.defender))} in {scen.scenario.year}: "
                    "nothing for the first strike to target"
                ),
                "allocation_search": st.a_first.search,
                # which of the two conventions is the variant's own (its forces' postures):
                # the sides with launchers on launch-under-attack posture, and the rule's answer
                "lua_sides": "; ".join(_name(ans.case, x) for x in sides),
                "own_convention": own_convention(sides, ans.lua_computed),
            }
        )
    return pd.DataFrame(rows)


#: The columns of :func:`extended_table` a summary shows first (the CLI's ``extended`` table and the
#: report's decoupling table): the ally's exposure and the patron's price, each with and without
#: the variant's missile defenses.
EXTENDED_SUMMARY = (
    "ally_exposure",
    "ally_exposure_undefended",
    "patron_price",
    "patron_price_undefended",
)


def extended_headers(m: int) -> dict[str, str]:
    """Headers of an extended-deterrence table of one ``m`` whose rows are different dyads
    (``anpo extended``): the report's names (:data:`anpo.report.tables.GLOSSARY`) with the
    probability each price and exposure is, in the web page's words with "the rival", "the ally"
    and "the patron" for the actors (the damage columns keep their names, which say they are
    expected shares of value).

    >>> extended_headers(1)["ally_exposure"]
    "Ally's exposure: P(at least 1 of the rival's warheads reaches the ally)"
    """
    from anpo.report.tables import GLOSSARY

    def p(where: str) -> str:
        return f"P(at least {m:,} of the rival's warheads reach{'es' if m == 1 else ''} {where})"

    patron = p("the patron after it honours its guarantee")
    return {
        "ally_exposure": f"{GLOSSARY['ally_exposure']}: {p('the ally')}",
        "patron_price": f"{GLOSSARY['patron_price']}: {patron}",
    }


def extended_title(m: int) -> str:
    """What an extended-deterrence table of one ``m`` holds, for its title: the prices and
    exposures are probabilities of at least ``m`` warheads, the damage columns expected shares
    of value (``anpo extended``).

    >>> extended_title(1)
    'probabilities: at least 1 warhead; damage: expected share of value'
    """
    return f"probabilities: at least {m:,} warhead{'s' if m != 1 else ''}; damage: expected share of value"


def extended_table(answers: list[DyadAnswer], m: int | None = 1) -> pd.DataFrame:
    """One row per case and dyad with an ally (and per ``m`` when ``m`` is None: m = 1 and every
    m of the scenario's ``m_values``): the patron's price of honouring the guarantee (P(at least
    m of the rival's warheads reach the patron) and expected damage), with and without the
    defenses and if its response spared the rival's forces, and the ally's exposure to the
    rival's strike on it (see :mod:`anpo.deterrence.extended`, after
    [wilkening1995; powell2003; fruhling2016]). Where the rival fires nothing
    at the ally these are NaN and ``undefined_reason`` says why; where the patron has no
    warheads that can reach the rival, its price is NaN (the ally's exposure is defined) and
    ``undefined_reason`` says that."""
    rows = []
    for ans in answers:
        ext = ans.extended
        if ext is None:
            continue
        scen = ans.case.scenario
        ms = sorted(ext.price) if m is None else [m]
        for mm in ms:
            if mm not in ext.price:
                continue
            rows.append(
                {
                    "scenario": scen.scenario.id,
                    "year": scen.scenario.year,
                    "variant": ans.case.variant.id,
                    "dyad": ans.label,
                    "patron": _name(ans.case, ext.patron),
                    "ally": _name(ans.case, ext.ally),
                    "m": mm,
                    "ally_attack_warheads": ext.ally_attack_warheads,
                    "ally_exposure": ext.ally_exposure[mm],
                    "ally_exposure_undefended": ext.ally_exposure_undefended[mm],
                    "ally_damage": ext.ally_damage,
                    "ally_damage_undefended": ext.ally_damage_undefended,
                    "reserve_warheads": ext.reserve_warheads,
                    "patron_price": ext.price[mm],
                    "patron_price_undefended": ext.price_undefended[mm],
                    "patron_price_reserve_intact": ext.price_reserve_intact[mm],
                    "price_change_by_defense": ext.price_change(mm),
                    "patron_damage": ext.price_damage,
                    "patron_damage_undefended": ext.price_damage_undefended,
                    "notes": "; ".join(ext.notes),
                    # why the measures are null (no attack on the ally to answer: all of them;
                    # a patron with nothing to strike the rival with: its price), or None
                    "undefined_reason": ext.price_undefined,
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class CurveLayers:
    """The layers a reaction curve holds (:func:`curve_layers`): ``layers`` in the order
    :func:`~anpo.deterrence.defense.layer_arrays` gives them for the territory
    (exo-atmospheric first, then endo-atmospheric, each in declaration order), ``sweep`` the
    index among them of the layer whose inventory the curve varies, and ``borrowed`` True when
    the variant has no layer that can engage the growth component and the curve borrows the
    scenario's first such layer (from an architecture the variant does not field)."""

    layers: list[Layer]
    sweep: int
    borrowed: bool

    @property
    def varied(self) -> Layer:
        """The layer whose inventory the curve varies."""
        return self.layers[self.sweep]


def curve_layers(case: Case, territory: str, missile_class: str) -> CurveLayers | None:
    """The layers of a reaction curve for a growth component of ``missile_class`` aimed at
    ``territory`` (the one place they are chosen: :func:`reaction_table`,
    :func:`reaction_undefined`, the web app's reaction preset), or ``None`` when no layer of
    the scenario can engage it (the curve is then undefined).

    The curve holds the variant's layers defending ``territory``'s value
    (:meth:`~anpo.deterrence.scenario.Case.layers_covering`) and varies the inventory of the
    first of them that can engage ``missile_class`` (:meth:`~anpo.deterrence.layer.Layer.can_engage`),
    a layer defending silos or engaging other classes never; when the variant has none, it
    borrows the first layer of the scenario's ``[[defenses]]``, in their order, that covers
    ``territory``, defends value and can engage the class, put before the variant's layers.
    Curve after [wilkening1999] (:mod:`anpo.deterrence.reaction`).
    """
    own = case.layers_covering(territory)
    varied = next((ly for ly in own if ly.can_engage(missile_class)), None)
    borrowed = varied is None
    if varied is None:
        varied = next(
            (
                ly
                for d in case.scenario.defenses
                for ly in d.layers
                if territory in ly.covers and ly.defends == "value" and ly.can_engage(missile_class)
            ),
            None,
        )
        if varied is None:
            return None
        own = [varied, *own]
    # the engine's order (layer_arrays: exo-atmospheric layers engage first); its index there
    # is the one reaction_curve's sweep reads, so the layer named is the layer varied
    layers = list(layer_arrays(own, territory).layers)
    sweep = next(i for i, ly in enumerate(layers) if ly is varied)
    return CurveLayers(layers=layers, sweep=sweep, borrowed=borrowed)


def reaction_undefined(answer: DyadAnswer, territory: str | None = None) -> str | None:
    """Why the reaction curve of :func:`reaction_table` is undefined for this dyad answer
    (it then returns an empty table), or ``None`` when it is computed: the dyad's growth
    component does not reach ``territory`` (default the defender's homeland), no component of
    the rival reaches it, or no layer of the scenario covering it can engage the growth
    component (the curve varies that layer's interceptors). Same choices as
    :func:`reaction_table` (curve: :mod:`anpo.deterrence.reaction`, after [wilkening1999] and
    [kent1989])."""
    case = answer.case
    t = territory or answer.defender
    scen = case.scenario
    where = with_article(_name(case, t))
    comps = [f for f in answer.rival_components if t in f.reaches]
    if answer.growth is not None:
        growth = next(f for f in scen.forces if f.id == answer.growth)
        if t not in growth.reaches:
            return f"the growth component {growth.id} does not reach {where}"
    elif comps:
        growth = max(comps, key=lambda f: (f.survivable_fraction, f.warheads_per_launcher))
    else:
        return f"no force of {_name(case, answer.rival)} reaches {where}"
    if curve_layers(case, t, growth.missile_class) is None:
        return (
            f"no missile defense layer covering {where} can engage the growth component "
            f"{growth.id} (the curve varies that layer's interceptors)"
        )
    return None


def undefined_rows(ext: pd.DataFrame) -> pd.Series:
    """The rows of :func:`extended_table` whose measures are undefined (``undefined_reason``
    names why: no attack on the ally, or no patron's strike to price); the column holds None, or
    NaN once rows are mixed.

    >>> undefined_rows(pd.DataFrame({"undefined_reason": [None, "no attack", float("nan")]}))
    0    False
    1     True
    2    False
    Name: undefined_reason, dtype: bool

    None of a table without rows (that of no answers has no columns). An ``ext`` that is no
    DataFrame, or has rows but no ``undefined_reason``: an :class:`~anpo.errors.InputError`
    naming it (a bare ``KeyError: 'undefined_reason'`` before).
    """
    _table(
        "ext",
        ext,
        what="an extended-deterrence table",
        columns=("undefined_reason",),
        columns_if_rows=True,
    )
    if "undefined_reason" not in ext.columns:  # a table without rows (the check)
        return pd.Series(False, index=ext.index, dtype=bool, name="undefined_reason")
    return ext["undefined_reason"].map(lambda r: isinstance(r, str) and bool(r)).astype(bool)


def layer_terms(layer: Layer) -> str:
    """A layer's engagement parameters in words, from the data: what a reader needs to know of a
    layer the reaction curve borrows (its inventory is the curve's x).

    >>> from anpo.deterrence.layer import Layer
    >>> layer_terms(Layer(interceptors=5, sspk=0.6, shots=2, reliability=0.9))
    'SSPK 0.6, 2 shots per warhead (salvo), reliability 0.9 per raid, discrimination 1'
    """
    doctrine = (
        f"shoot-look-shoot, {layer.second_shots} more"
        if layer.doctrine == "shoot-look-shoot"
        else layer.doctrine
    )
    return (
        f"SSPK {layer.sspk:g}, {layer.shots} shot{'s' if layer.shots != 1 else ''} per warhead "
        f"({doctrine}), reliability {layer.reliability:g} per {layer.reliability_mode}, "
        f"discrimination {layer.discrimination:g}"
    )


#: Why two reaction curves' launcher counts may differ by their counterforce levels.
LEVEL_DIFFERS = "counts at different levels differ by that assumption, not only by the defense"
#: What the reaction table's counterforce level is, and why two variants' counts may differ by it.
LEVEL_NOTE = (
    "Defender's first-strike warheads per launcher of it: the counterforce level the launcher "
    "counts assume; the exchange's choice where the variant holds launchers of the growth "
    "component that its survivable fraction leaves open to the strike; where it holds none "
    "(or lacks the component, or holds only launchers that fraction spares), the exchange's "
    "choice against the smallest force of it with one (1 launcher; 2 at a survivable fraction "
    "of 0.5, 6 at 0.9; 0 where no force up to the search's limit has one); "
    "else carried over from its strike on the rival's launchers of the same basing (or its "
    "highest level); 0 where that strike spared them, so that new launchers are never struck; "
    + LEVEL_DIFFERS
    + "."
)


def level_origin(
    first: int | None,
    *,
    of: str = "it",
    whose: str = "the rival's",
    max_launchers: int = REACTION_MAX_LAUNCHERS,
) -> str:
    """Where a reaction curve's counterforce level comes from, in words, where its variant's
    exchange did not choose it against launchers of the growth component (``of``: the words
    for that component): ``first`` as :func:`level_first_force` gives it (with
    ``max_launchers``, the curve's search limit): the launchers of the smallest force of the
    component the strike can hit, which the level was planned against; 0 where no force up to
    the search limit has one (the level is then 0, never struck); None where the level is
    carried over from the strike on the rival's (``whose``) other forces. The web page's
    caption (:func:`reaction_assumptions`) and the report's key finding
    (:func:`anpo.deterrence.report._level_origin`) both say it with this function, so they say
    the same (review31: the report said "no force of them has a launcher to strike" where the
    smallest such force, 50,001 launchers at a survivable fraction of 0.99999, was only beyond
    the search's 20,000).

    >>> level_origin(2)
    "the exchange's choice against the smallest force of it with a launcher to strike, 2 launchers"
    >>> level_origin(0, of="them")
    "no force of them up to the search's 20,000 launchers has a launcher to strike"
    >>> level_origin(None, whose="China's")
    "carried over from the strike on China's other forces"
    """
    if first is None:
        return f"carried over from the strike on {whose} other forces"
    if first == 0:
        return (
            f"no force of {of} up to the search's {max_launchers:,} launchers has a launcher "
            "to strike"
        )
    return (
        f"the exchange's choice against the smallest force of {of} with a launcher to strike, "
        f"{first:,} launcher{'s' if first != 1 else ''}"
    )


def reaction_assumptions(
    current_launchers: int,
    counterforce_level: int,
    first: int | None = None,
    *,
    max_launchers: int = REACTION_MAX_LAUNCHERS,
) -> str:
    """What one reaction curve's launcher counts include and assume, in words, from a row of
    :func:`reaction_table` (the same on every row of one variant and dyad): the launchers of
    the growth component the rival already holds (counted in the curve) and the defender's
    first-strike warheads per launcher of it (``counterforce_level``, :data:`LEVEL_NOTE`); the
    page of one dyad says what the terminal table gives as columns. ``first``: where the level
    comes from, :func:`level_first_force` of the curve's answer (with ``max_launchers``, the
    curve's search limit): where the variant's exchange had no launcher of the component to
    strike (it holds none, lacks the component, or holds only launchers its survivable
    fraction spares), the text says the level is the exchange's plan against the smallest force
    of it with one, and of how many launchers, or that no force up to the search limit has one
    (:func:`level_origin`, as the report says it); None: the variant's exchange chose the
    level, or, where it holds none, carried it over from the strike on the rival's other forces
    (deter30, deter31). It guessed the origin from ``current_launchers`` 0 before, so a variant
    holding 1 launcher at a survivable fraction of 0.5 had the plan against 2 with no word of
    it (review31).

    >>> text = reaction_assumptions(60, 11)
    >>> text.startswith("Launchers needed, the 60 the rival holds included;")
    True
    >>> "assumes 11 warheads per launcher" in text, "never struck" in reaction_assumptions(0, 0)
    (True, True)
    >>> reaction_assumptions(1, 3, 2)  # doctest: +NORMALIZE_WHITESPACE
    "Launchers needed, the 1 the rival holds included, all spared by its survivable fraction;
    the defender's first strike assumes 3 warheads per launcher of that force, the exchange's
    choice against the smallest force of it with a launcher to strike, 2 launchers (0 would
    mean new launchers are never struck); counts at different levels differ by that
    assumption, not only by the defense."
    """
    held = (
        f"the {current_launchers:,} the rival holds included"
        + (", all spared by its survivable fraction" if first is not None else "")
        if current_launchers
        else "none held yet"
    )
    level = f"the defender's first strike assumes {counterforce_level:,} warhead" + (
        "" if counterforce_level == 1 else "s"
    )
    origin = ""
    if first is not None or (counterforce_level and not current_launchers):
        origin = level_origin(first, max_launchers=max_launchers)
    never = (
        " (0 would mean new launchers are never struck)"
        if counterforce_level
        else ": new launchers are never struck"
    )
    if first == 0:  # the level is 0, as no force up to the search limit has one to strike
        text = f"{level} per launcher of that force{never}, as {origin}"
    else:
        text = f"{level} per launcher of that force{', ' + origin if origin else ''}{never}"
    return f"Launchers needed, {held}; {text}; {LEVEL_DIFFERS}."


#: The columns of a :func:`reaction_table` that :func:`borrowed_layers` reads.
_BORROWED_COLUMNS = ("variant", "layer", "layer_borrowed", "layer_terms")


def _variant_ids(grp: pd.DataFrame, names: Mapping[str, str] | None) -> tuple[int, str]:
    """How many variants the rows of a reaction table name, and those variants in words (by
    ``names``, else id), each once in the order of the rows."""
    ids = list(dict.fromkeys(str(v) for v in grp["variant"]))
    return len(ids), ", ".join((names or {}).get(v, v) for v in ids)


def borrowed_layers(react: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """The note a reaction table needs where a variant has no layer that can engage the growth
    component and the curve varies the inventory of a layer borrowed from the scenario: which
    variants (by ``names``, else id), which layer and its parameters (``layer_terms``), all from
    the rows of :func:`reaction_table`; empty when no row borrows one, or of a table without
    rows. A ``react`` that is no DataFrame, or has rows but lacks a column read (``variant``,
    ``layer``, ``layer_borrowed``, ``layer_terms``): an :class:`~anpo.errors.InputError` naming
    it (an AttributeError, or a bare ``KeyError: 'layer'``, before; a table without
    ``layer_borrowed`` was read as one borrowing no layer)."""
    _table("react", react, what="a reaction table", columns=_BORROWED_COLUMNS, columns_if_rows=True)
    if react.empty:
        return ""
    rows = react[react["layer_borrowed"].astype(bool)]
    notes = []
    for (layer, terms), grp in rows.groupby(["layer", "layer_terms"], sort=False):
        count, who = _variant_ids(grp, names)
        notes.append(
            f"{who} {'has' if count == 1 else 'have'} no layer that can engage the growth "
            f"component: the curve varies the inventory of the scenario's first such layer, "
            f"{layer} ({terms}), borrowed"
        )
    return "; ".join(notes)


def reaction_notes(react: pd.DataFrame, names: Mapping[str, str] | None = None) -> str:
    """The caveats a reaction table's caption needs, from its rows (:func:`reaction_table`):
    the borrowed layers (:func:`borrowed_layers`) and, where the rival defends the silos of its
    growth component (``silo_defense_unapplied``), that the curve leaves that defense out and
    its counts are upper bounds; variants by ``names``, else id. Empty when there is none, or
    of a table without rows. A ``react`` that is no DataFrame, or has rows but lacks a column
    read (those of :func:`borrowed_layers` and ``silo_defense_unapplied``): an
    :class:`~anpo.errors.InputError` naming it (a bare ``KeyError: 'variant'`` before; a table
    without ``silo_defense_unapplied`` was read as one without a silo defense)."""
    _table(
        "react",
        react,
        what="a reaction table",
        columns=(*_BORROWED_COLUMNS, "silo_defense_unapplied"),
        columns_if_rows=True,
    )
    notes = [borrowed_layers(react, names)]
    if not react.empty:
        rows = react[react["silo_defense_unapplied"].astype(str) != ""]
        for layer, grp in rows.groupby("silo_defense_unapplied", sort=False):
            _, who = _variant_ids(grp, names)
            notes.append(
                f"{who}: the rival defends the silos it grows ({layer}); the curve leaves that "
                "defense out, so its launcher counts are upper bounds"
            )
    return "; ".join(n for n in notes if n)


#: The largest force :func:`_first_struck` searches: up to 2**52 launchers the exchange's
#: ``floor(sigma n + 0.5)`` (:func:`~anpo.deterrence.exchange.sure_count`) grows by 0 or 1 with
#: each launcher; above it a double no longer holds ``n - 1/2`` and the count can step back.
_COUNTABLE = 2**52


def _first_struck(fraction: float, limit: int) -> int | None:
    """The smallest force, of at most ``limit`` launchers, of a component of survivable fraction
    ``fraction`` of which the exchange strikes a launcher: the least ``n`` with
    ``n - sure_count(n, fraction) >= 1`` (:func:`anpo.deterrence.exchange.first_strike` counts
    ``sure_count`` of ``n`` launchers as surviving whatever is spent, and the curve does the
    same); None where no force up to ``limit`` (and 2**52, :data:`_COUNTABLE`) has one, always
    at 1. 1 below 0.5; 2 at 0.5, 6 at 0.9.

    In exact arithmetic it is ``floor(1 / (2 (1 - fraction))) + 1``, the least ``n`` with
    ``n (1 - fraction) > 1/2``; the exchange rounds ``fraction * n`` to a double first, which
    near a fraction of 1 can put its first struck force later, so the least ``n`` is found by
    bisection on the exchange's own expression (it never decreases up to 2**52 launchers), at
    most 53 evaluations. Counting up one launcher at a time took about ``0.5 / (1 - fraction)``
    steps and checked the limit only after them: 0.08 s at 0.999999, about 21 hours at
    ``1 - 1e-12``, never ending at 0.9999999999999999, a survivable fraction a scenario file
    accepts (review31).

    >>> [_first_struck(f, 20_000) for f in (0.0, 0.49, 0.5, 0.6, 0.9, 0.99, 0.99999, 1.0)]
    [1, 1, 2, 2, 6, 51, None, None]
    >>> _first_struck(0.99999, 50_001), _first_struck(0.99999, 50_000)
    (50001, None)
    """

    def struck(n: int) -> bool:
        return n - sure_count(n, fraction) >= 1

    hi = min(limit, _COUNTABLE)
    if fraction >= 1.0 or not struck(hi):
        return None
    lo = 0  # no force of 0 launchers has one to strike: struck(lo) is False, struck(hi) True
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if struck(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _nothing_to_strike(answer: DyadAnswer, growth: ForceComponent) -> bool:
    """Whether the exchange of the answer's variant had no launcher of the rival's growth
    component to strike, where the component can reach the defender (a target of the
    defender's first strike): the variant holds it with ``launchers = 0``, lacks it (a scenario
    force it does not field, e.g. ``baseline = false``), or holds so few that its survivable
    fraction spares them all (1 launcher at 0.5 or more: ``sure_count``). Its plan then puts 0
    warheads on the component because there is nothing to put them on, not by choice: one rule
    for all three (the curve of a variant without the component was that of a never-struck
    force, 1 launcher sufficing against a striker that strikes every silo: deter30; a
    component absent at a survivable fraction of 0.5 or more kept that 0: deter31)."""
    if answer.defender not in growth.reaches:
        return False
    held = next((f for f in answer.rival_components if f.id == growth.id), None)
    return held is None or held.launchers - sure_count(held.launchers, held.survivable_fraction) < 1


def _level_against_first_struck(answer: DyadAnswer, growth: ForceComponent, first: int) -> int:
    """The defender's first-strike warheads per launcher of the rival's ``growth`` component
    that the exchange chooses against ``first`` launchers of it, the smallest force of it that
    has a launcher to strike (:func:`level_first_force`, :func:`_first_struck`: 1 launcher below
    a survivable fraction of 0.5, 2 at 0.5, 6 at 0.9), the rest of the variant as it is: the
    counterforce level of the reaction curve where the variant's own exchange had no launcher
    of it to strike (:func:`_nothing_to_strike`; the component is then held with that many
    launchers, or added with them, and the striker's kill probability on its basing with it).
    0 where ``first`` is 0 (no force up to the curve's search limit has a launcher to strike:
    the curve then strikes none of its launchers).

    Why: the exchange's plan is a whole number of warheads on each vulnerable launcher
    [kent1989, App. C; :func:`anpo.deterrence.exchange.first_strike`], so against a component
    of no vulnerable launcher it puts none, and the curve (:mod:`anpo.deterrence.reaction`)
    read that 0 as "new launchers are never struck": 1 launcher sufficed, against a striker
    that puts 2 or 3 warheads on every such silo (audit29). The level only acts on a force of
    the curve with a vulnerable launcher, and the smallest such force is the first of which
    the plan is a choice; the plan against one launcher was 0 at a survivable fraction of 0.5
    or more (one launcher is never counted vulnerable), though larger forces of the component
    are struck (deter31). The budget and the other components' survivors stay those of the
    variant's own plan.
    """
    if first == 0:
        return 0
    case = answer.case
    striker = side_from_case(case, answer.defender, answer.rival)
    victim = side_from_case(case, answer.rival, answer.defender)
    force = growth.model_copy(update={"launchers": first})
    forces = tuple(force if f.id == growth.id else f for f in victim.forces)
    if all(f.id != growth.id for f in forces):  # a component the variant lacks
        forces = (*forces, force)
    victim = replace(victim, forces=forces)
    if striker.counterforce and growth.basing not in striker.counterforce:
        # side_from_case gives the kill probabilities of the victim's basings only
        basings = sorted({*striker.counterforce, growth.basing})
        striker = replace(
            striker, counterforce={b: case.kill_probability(answer.defender, b) for b in basings}
        )
    plan = first_strike(striker, victim, exchange_settings(case, False)).allocation
    return int(plan.get(growth.id, 0))


def level_first_force(
    answer: DyadAnswer, growth_id: str, max_launchers: int = REACTION_MAX_LAUNCHERS
) -> int | None:
    """Where the counterforce level of the answer's reaction curve of ``growth_id`` (the table's
    ``growth_component``, :func:`reaction_table` with ``max_launchers``) comes from: None where
    it is the variant's own exchange's choice or carried over from its strike on the rival's
    other launchers; else the variant's exchange had no launcher of the component to strike
    (:func:`_nothing_to_strike`) and the level is the plan against the smallest force of it
    that has one, of this many launchers (:func:`_level_against_first_struck`), or 0 where no
    force up to ``max_launchers`` has one (a survivable fraction of 1: the level is then 0,
    never struck). The report says which (deter31: it said "carried over" of a level planned
    against the component itself)."""
    growth = next(f for f in answer.case.scenario.forces if f.id == growth_id)
    case = answer.case
    defender_strikes = any(answer.rival in f.reaches for f in case.forces(answer.defender))
    pk = case.kill_probability(answer.defender, growth.basing) if defender_strikes else 0.0
    if not (pk > 0 and _nothing_to_strike(answer, growth)):
        return None
    # the search limit checked as reaction_curve checks it
    first = _first_struck(growth.survivable_fraction, check_launcher_limit(max_launchers))
    return 0 if first is None else first


def growth_budget(
    committed: int,
    allocation: Mapping[str, int],
    rival_components: Sequence[ForceComponent],
    defender: str,
    growth_id: str,
) -> int:
    """Warheads the defender's first strike has left for the rival's growth component: its
    ``committed`` warheads less those its ``allocation`` (warheads per vulnerable launcher)
    spends on the rival's other components that can reach it. A component's vulnerable
    launchers are counted as the exchange counts them, ``n - floor(sigma n + 0.5)``
    (:func:`anpo.deterrence.exchange.first_strike`); Python's ``round`` (half to even) counted
    one more for 5 launchers at 0.5 and took one level's warheads too many from the budget.
    Part of the reaction curve, anpo's own construction."""
    spent = sum(
        allocation.get(f.id, 0) * (f.launchers - sure_count(f.launchers, f.survivable_fraction))
        for f in rival_components
        if f.id != growth_id and defender in f.reaches
    )
    return max(committed - spent, 0)


def reaction_table(
    answer: DyadAnswer,
    territory: str | None = None,
    *,
    max_launchers: int = REACTION_MAX_LAUNCHERS,
    ceiling: bool = False,
    counterforce_level: int | None = None,
) -> pd.DataFrame:
    """The rival's reaction curve for one dyad answer, over the scenario's interceptor grid
    (anpo's construction: :func:`anpo.deterrence.reaction.reaction_curve`).

    The rival grows one component (the dyad's ``growth`` component, else its most survivable
    component reaching ``territory``, default the defender's homeland). The defender's first
    strike keeps the counterforce level it chose against that component (or against components
    of the same basing; the highest level it used when it has none), within the warheads it has
    left after striking the rival's other components; the rival's other surviving warheads that
    reach the territory arrive with the growth component's (exact distributions). The
    interceptor count replaces the inventory of the first active layer covering the territory
    that can engage the growth component (or of the first such layer of the scenario when the
    variant has none). ``launchers_needed`` counts all launchers of the growth component,
    existing ones included; -1: no force up to ``max_launchers`` (default
    :data:`REACTION_MAX_LAUNCHERS`, 20,000) meets the goal. ``counterforce_level``: the
    defender's warheads per launcher of the growth component (its exchange's plan against the
    smallest force of it that has a launcher to strike where the variant's exchange had none:
    the variant holds the component with no launcher, lacks it, or holds only launchers its
    survivable fraction spares, :func:`_level_against_first_struck`; 0: never struck); curves
    of variants with different levels differ by that assumption, not only by the defense. A silo defense
    of the rival's own silos (a layer with ``defends = "silos"``) is not applied to the growth
    component's launchers here, though the exchange applies it: where the rival defends the
    silos it grows, the curve counts the launchers it would need without that defense (an
    upper bound) and ``silo_defense_unapplied`` names that layer (empty otherwise;
    :func:`reaction_notes` turns it into the caption's sentence); no built-in scenario has such
    a layer.

    ``ceiling``: also the curve's ceiling, ``launchers_full_doctrine`` (the same on every row):
    the launchers needed when the varied layer has interceptors enough to fire its full
    doctrine at every object it engages
    (:func:`anpo.deterrence.reaction.full_doctrine_inventory`), i.e. against an unlimited
    inventory, where more interceptors cannot be fired and the layer's discrimination no longer
    matters (a decoy then draws interceptors no RV needed); -1 where no force up to
    ``max_launchers`` meets the goal even then. ``shots_per_object``: that doctrine's
    interceptors per object (``shots`` plus ``second_shots`` of shoot-look-shoot). One more
    curve point; off by default (the bands and sensitivities, which draw many curves, do not
    read it).

    ``counterforce_level``: a level held instead of the one chosen here (the table's
    ``counterforce_level`` of an earlier curve): a band's draw holds the point estimate's, as it
    holds the point estimate's strike plans (:mod:`anpo.deterrence.bands`), where the level
    against the first force struck was searched afresh in every draw (deter30). A whole number >= 0, else
    an :class:`~anpo.errors.InputError`.
    """
    case = answer.case
    t = territory or answer.defender
    scen = case.scenario
    settings = scen.settings
    comps = [f for f in answer.rival_components if t in f.reaches]
    if reaction_undefined(answer, territory) is not None:
        return pd.DataFrame()
    if answer.growth is not None:
        growth = next(f for f in scen.forces if f.id == answer.growth)
    else:
        growth = max(comps, key=lambda f: (f.survivable_fraction, f.warheads_per_launcher))
    defender_strikes = any(answer.rival in f.reaches for f in case.forces(answer.defender))
    pk = case.kill_probability(answer.defender, growth.basing) if defender_strikes else 0.0
    same = [answer.allocation[f.id] for f in answer.rival_components if f.basing == growth.basing]
    level = answer.allocation.get(
        growth.id, max(same) if same else max(answer.allocation.values(), default=0)
    )
    if counterforce_level is not None:
        level = whole_number(counterforce_level, "counterforce_level", minimum=0)
    elif (first := level_first_force(answer, growth.id, max_launchers)) is not None:
        # the exchange had no launcher of it to strike: its plan against the smallest force
        # of it that has one
        level = _level_against_first_struck(answer, growth, first)
    budget = growth_budget(
        answer.stability.a_first.committed,
        answer.allocation,
        answer.rival_components,
        answer.defender,
        growth.id,
    )
    picked = curve_layers(case, t, growth.missile_class)
    assert picked is not None  # reaction_undefined said so otherwise
    layers, varied = picked.layers, picked.varied
    # the answer's own survivors: _rival_survivors on its (already extended) allocation
    pmfs = answer.component_survivors
    others = [
        RVGroup(pmfs[f.id], f.missile_class, f.decoys_per_rv) for f in comps if f.id != growth.id
    ]
    arrays = layer_arrays(layers, t)
    sweep = picked.sweep
    g = Growth(
        warheads_per_launcher=growth.warheads_per_launcher,
        survivable_fraction=growth.survivable_fraction,
        kill_probability=pk,
        allocation=int(level),
        budget=int(budget),
        decoys_per_rv=growth.decoys_per_rv,
        missile_class=growth.missile_class,
    )
    grid = np.array(settings.interceptor_grid, dtype=np.int64)
    points = grid
    if ceiling:  # one more point: the varied layer's full doctrine at every object
        full = full_doctrine_inventory(arrays.layers[sweep], g, others, max_launchers)
        points = np.append(grid, np.int64(full))
    needed_all = reaction_curve(
        list(arrays.layers),
        g,
        settings.reaction_m,
        settings.reaction_q,
        territory=t,
        others=others,
        interceptors=points,
        sweep=sweep,
        max_launchers=max_launchers,  # not int(): 1.7 searched up to 1 (reaction_curve checks it)
    )
    needed = needed_all[: len(grid)]
    active = any(f.id == growth.id for f in case.forces())
    # the rival's silo defense the exchange applies to these silos and the curve does not
    unapplied = (
        next((ly.name for ly in case.silo_layers(answer.rival)), "")
        if growth.basing == "silo" and pk > 0 and level > 0
        else ""
    )
    table = pd.DataFrame(
        {
            "scenario": scen.scenario.id,
            "year": scen.scenario.year,
            "variant": case.variant.id,
            "dyad": answer.label,
            "territory": _name(case, t),
            "growth_component": growth.id,
            "interceptors": grid,
            "launchers_needed": needed,
            "current_launchers": growth.launchers if active else 0,
            # the defender's first-strike warheads per launcher of the growth component, the
            # assumption the launcher counts rest on: 0 means its launchers are never struck
            "counterforce_level": int(level) if pk > 0 else 0,
            # the layer whose inventory the curve varies, and whether the variant has it or the
            # curve borrows it from the scenario (its parameters: layer_terms)
            "layer": varied.name,
            "layer_borrowed": picked.borrowed,
            "layer_terms": layer_terms(varied),
            "silo_defense_unapplied": unapplied,
            "warheads_needed": np.where(needed >= 0, needed * growth.warheads_per_launcher, -1),
        }
    )
    if ceiling:
        varied_layer = arrays.layers[sweep]
        table["launchers_full_doctrine"] = int(needed_all[-1])
        table["shots_per_object"] = varied_layer.shots + varied_layer.second
    return table


def _load(scenario: DeterrenceScenario | str | Path) -> DeterrenceScenario:
    """``scenario`` itself, or the scenario file at that path read with
    :func:`anpo.scenario.load_scenario` (the path is a convenience of :func:`run` and
    :func:`outcomes`; reading a file is the scenario layer's work, so it is imported here, late)."""
    if isinstance(scenario, DeterrenceScenario):
        return scenario
    # None was read as the path 'None' ("None: file not found", naming no argument), and an
    # empty name as the working folder
    path = as_path(scenario, "scenario", what=_SCENARIO)
    from anpo.scenario import load_scenario

    return load_scenario(path)


#: What :func:`run` and :func:`outcomes` take for ``scenario``, as their error says it.
_SCENARIO = "a deterrence scenario or the path of a scenario file"


def run(scenario: DeterrenceScenario | str | Path) -> dict[str, pd.DataFrame]:
    """All the seed's questions for a scenario (a :class:`anpo.scenario.Scenario` or a path).

    Returns ``{"questions", "stability", "extended", "reaction_curve"}`` as DataFrames. Anything
    but a scenario or a path is an :class:`~anpo.errors.InputError` naming ``scenario``; a file
    that cannot be read, a :class:`~anpo.errors.ScenarioError`.

    The book's 2001 scenario cut to its first variant (no defenses) and first dyad (the full
    book takes seconds; the tutorial runs it):

    >>> from anpo.scenario import load_book
    >>> s2001 = load_book()[0]
    >>> one = s2001.model_copy(update={"variants": s2001.variants[:1], "dyads": s2001.dyads[:1]})
    >>> tables = run(one)
    >>> sorted(tables)
    ['extended', 'questions', 'reaction_curve', 'stability']
    >>> q = tables["questions"]
    >>> sorted(set(q["dyad"])), sorted(set(q["variant"]))
    (['U.S.-China'], ['mad'])
    """
    scen = _load(scenario)
    answers = [a for case in scen.cases() for a in answer_case(case)]
    reactions = [t for t in (reaction_table(a) for a in answers) if not t.empty]
    return {
        "questions": seed_table(answers),
        "stability": stability_table(answers),
        "extended": extended_table(answers),
        "reaction_curve": pd.concat(reactions, ignore_index=True) if reactions else pd.DataFrame(),
    }


#: What :func:`outcomes` takes for ``convention``.
OutcomeConvention = Literal["plain", "lua", "own"]


def outcomes(
    scenario: DeterrenceScenario | str | Path,
    variant: str | None = None,
    *,
    reaction: bool = False,
    convention: OutcomeConvention = "plain",
) -> dict[str, float]:
    """The key deterrence numbers of one variant, flat, for exploratory modelling.

    Keys are ``"<defender>-<rival>/<measure>"`` (actor ids, e.g. ``"USA-CHN/p_retaliation_ge_1"``)
    with measures:

    - ``p_retaliation_ge_<m>``: P(at least m of the rival's warheads reach the defender's homeland
      after the defender's first strike), for m = 1 and every m of the scenario's ``m_values``;
    - ``expected_retaliation``: expected number of them;
    - ``assured_retaliation``: 1.0 when ``p_retaliation_ge_<reaction_m>`` >= ``reaction_q`` (the
      scenario's definition), else 0.0;
    - ``ally_exposure_ge_<m>``: P(at least m reach the ally in the rival's strike on it);
    - ``patron_price_ge_<m>`` and ``patron_damage``: the patron's price of honouring its
      guarantee (extended deterrence), ``patron_price_change_ge_1``: its change due to the
      defenses;
    - ``fss``, ``incentive_defender``, ``incentive_rival`` (NaN where undefined: a side without
      deliverable warheads);
    - with ``reaction=True``: ``launchers_needed`` at the variant's own interceptor count (the
      first grid point at or above it), ``inf`` where no force up to the search limit
      (:data:`REACTION_MAX_LAUNCHERS`) meets the goal (beyond it, as
      :func:`anpo.deterrence.bands.bands` counts such a draw; never the table's -1), NaN if
      there is no curve.

    ``convention``: which exchange ``fss``, ``incentive_defender`` and ``incentive_rival`` are
    of. ``"plain"`` (the default, these keys' values before the option existed): without launch
    under attack, every force riding out the attack; ``"lua"``: with launch under attack by the
    forces on that posture (:attr:`DyadAnswer.stability_lua`); ``"own"``: the variant's own
    measure, the one the report, ``anpo stability`` and the web app quote
    (:func:`own_convention`: ``"lua"`` where a side of the dyad has launchers on that posture,
    else ``"plain"``, the same exchange there). Anything else is an :class:`InputError`. The
    default stays ``"plain"`` so that a run keyed on these names keeps its numbers; ask for
    ``"own"`` to compare with a quoted figure. The arrivals, the retaliation, the
    extended-deterrence measures and the reaction curve are of the exchange without launch
    under attack whatever the convention, as everywhere in anpo. Launch under attack is
    computed only for ``"lua"`` and ``"own"``.

    ``variant`` defaults to the first; an unknown one raises :class:`InputError`.

    >>> from anpo.scenario import load_book
    >>> s2025 = next(s for s in load_book() if s.scenario.year == 2025)
    >>> one = s2025.model_copy(update={"dyads": s2025.dyads[:1], "uncertainties": []})
    >>> plain = outcomes(one, "mad-china-low")["USA-CHN/incentive_defender"]
    >>> own = outcomes(one, "mad-china-low", convention="own")["USA-CHN/incentive_defender"]
    >>> round(plain, 3), round(own, 3)
    (0.302, 0.09)
    """
    if convention not in ("plain", "lua", "own"):
        raise InputError(
            f"convention must be 'plain', 'lua' or 'own', got {convention!r}", field="convention"
        )
    scen = _load(scenario)
    cases = scen.cases()
    if variant is None:
        case = cases[0]
    else:
        found = next((c for c in cases if c.variant.id == variant), None)
        if found is None:
            known = ", ".join(c.variant.id for c in cases)
            raise InputError(f"unknown variant {variant!r} (variants: {known})", field="variant")
        case = found
    out: dict[str, float] = {}
    for ans in answer_case(case, with_lua=convention != "plain"):
        key = f"{ans.defender}-{ans.rival}"
        lua = convention == "lua" or (
            convention == "own" and own_convention(lua_sides(ans), ans.lua_computed) == "lua"
        )
        st = ans.stability_lua if lua else ans.stability
        for m, p in ans.exposure[ans.defender].items():
            out[f"{key}/p_retaliation_ge_{m}"] = p
        out[f"{key}/expected_retaliation"] = ans.expected_arrivals(ans.defender)
        out[f"{key}/assured_retaliation"] = 1.0 if ans.assured_retaliation()[1] else 0.0
        if ans.extended is not None:
            ext = ans.extended
            for m in sorted(ext.price):  # m = 1 and the scenario's m_values
                out[f"{key}/ally_exposure_ge_{m}"] = ext.ally_exposure[m]
                out[f"{key}/patron_price_ge_{m}"] = ext.price[m]
            out[f"{key}/patron_damage"] = ext.price_damage
            out[f"{key}/patron_price_change_ge_1"] = ext.price[1] - ext.price_undefended[1]
        out[f"{key}/fss"] = float("nan") if st.fss is None else st.fss
        defined = st.defined()
        for name, side in (
            ("incentive_defender", "incentive_a"),
            ("incentive_rival", "incentive_b"),
        ):
            value = defined[side]
            out[f"{key}/{name}"] = float("nan") if value is None else value
        if reaction:
            table = reaction_table(ans)
            value = float("nan")
            if not table.empty:
                own = sum(ly.interceptors for ly in case.layers_covering(ans.defender))
                row = table[table["interceptors"] >= own].head(1)
                if row.empty:
                    row = table.tail(1)
                needed = float(row["launchers_needed"].iloc[0])
                # the table's -1 ("none up to the limit") is no count: beyond the limit, as
                # the bands read it (it averaged into a mean as -1 launchers)
                value = needed if needed >= 0 else math.inf
            out[f"{key}/launchers_needed"] = value
    return out


def arrivals_at(answer: DyadAnswer, territory: str) -> np.ndarray:
    """pmf of the rival's warheads arriving at any ``territory`` after the defender's first
    strike (every surviving warhead that can reach it, through the layers covering it;
    interception [wilkening1999])."""
    if territory in answer.arrivals:
        return answer.arrivals[territory]
    return _arrivals(answer.case, territory, answer.rival_components, answer.component_survivors)


def damage_of(answer: DyadAnswer, territory: str) -> float:
    """Expected fraction of ``territory``'s value destroyed by the arrivals of ``answer``."""
    curve = answer.case.damage_curve(territory)
    if curve is None:
        raise InputError(f"actor {territory!r} needs a [[damage]] curve", field="damage")
    pmf = answer.arrivals[territory]
    return expected_damage(pmf, curve)

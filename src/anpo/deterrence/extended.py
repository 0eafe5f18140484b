"""Extended deterrence: what honouring the guarantee costs the patron, with and without defenses.

The question of the seed ("decoupling", Rumsfeld's "global missile defense" covering allies) and
of the Cold War's "New York for Paris" is not whether the ally is more exposed than the patron but
whether the patron will run the risk of honouring its guarantee. The sequence modelled here:

1. the rival strikes the ally with its forces that reach only the ally (and, if the dyad says so,
   a share of those that can also reach the patron), through the defenses covering the ally;
2. the patron honours the guarantee: it strikes the rival's remaining forces (its cost-minimising
   counterforce strike, :func:`anpo.deterrence.exchange.first_strike`);
3. the rival retaliates against the patron's homeland with what survives, through the patron's
   defenses.

Measures (each with and without the case's missile defenses):

- **patron's price of honouring the guarantee**: P(at least m of the rival's warheads reach the
  patron's homeland) after step 3, and the expected fraction of the patron's value destroyed.
  The adversary's ability to hold the patron's homeland at risk is what regional deterrence turns
  on ([wilkening1995]: credibility rests on the balance of resolve and of what each side can
  threaten); the argument that missile defense strengthens extended deterrence is that it lowers
  this price, so that "the threat of strikes against U.S. cities" cannot "coerce the United
  States into failing to meet its commitments" (W. Slocombe, quoted and analysed in
  [powell2003]; see also [glaser2001]).
- **the ally's exposure**: P(at least m of the rival's warheads reach the ally) in step 1, and its
  expected damage.
- **decoupling**, in the sense of the alliance literature (the ally's fear that the patron will
  not trade its own cities for the ally's; [fruhling2016] on defense that protects the patron
  but not the ally making a conflict easier to localise): anpo reports it as the patron's
  price with the defenses against without, next to the ally's exposure with and without; the
  defenses "couple" when they lower the patron's price, and leave the ally to bear the risk alone
  when they lower the patron's price but not the ally's exposure. No single "decoupled" label.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from anpo._checks import whole_number
from anpo.deterrence.defense import AttackPlan, layer_arrays
from anpo.deterrence.exchange import (
    ArrivalPossibility,
    ExchangeSettings,
    Side,
    StrikeResult,
    at_least,
    exchange_settings_or_default,
    expected_damage,
    first_strike,
    fixed_support,
    resolved_at_least,
    retaliation_possibility,
    side_from_case,
)
from anpo.deterrence.stability import deliverable_warheads
from anpo.errors import InputError
from anpo.report.countries import with_article
from anpo.report.format import fmt_share

if TYPE_CHECKING:
    from anpo.deterrence.scenario import Case, Dyad, ForceComponent

__all__ = ["ExtendedResult", "ally_strike", "extended", "SOURCES"]

SOURCES = ["wilkening1995", "powell2003", "glaser2001", "fruhling2016"]
"""Citation keys of the extended-deterrence definitions."""


@dataclass
class ExtendedResult:
    """Extended deterrence for one dyad with an ally, in one case (see the module docstring).

    Dicts map ``m`` to P(at least m warheads arrive). ``*_undefended``: the same with every
    missile-defense layer removed. ``price_reserve_intact``: the patron's price if its response
    spares the rival's forces (the rival's whole reserve retaliates). ``notes``: what a reader
    must know (e.g. the rival has no forces that reach only the ally).

    ``undefined``: why the measures are undefined, or ``None``. When the rival fires no warhead
    at the ally (no forces that reach only the ally, and no share of the others committed to
    it), there is no attack for the patron to answer: the patron's price (every ``price*`` dict
    and damage) and the ally's exposure (``ally_*``) are NaN, not the 1 and 0 of an exchange
    that does not happen.

    ``price_undefined``: why the patron's price (every ``price*`` dict and damage) is undefined,
    or ``None``: as ``undefined`` (the same reason), or, with the ally's exposure defined, the
    patron has no warheads that can reach the rival: it has nothing to honour the guarantee
    with, and a price of 1 (the rival's whole reserve retaliating) would be the price of an act
    that cannot happen.
    """

    patron: str
    ally: str
    rival: str
    ally_attack_warheads: int
    reserve_warheads: int
    ally_exposure: dict[int, float]
    ally_exposure_undefended: dict[int, float]
    ally_damage: float
    ally_damage_undefended: float
    price: dict[int, float]
    price_undefended: dict[int, float]
    price_damage: float
    price_damage_undefended: float
    price_reserve_intact: dict[int, float]
    response: StrikeResult | None = None
    notes: list[str] = field(default_factory=list)
    #: the patron's strike on the rival's forces with every layer defending value removed (the
    #: exchange behind ``price_undefended``), or ``None`` where there is none: its allocation
    #: beside :attr:`response`'s says why a defense can raise the price (the cost-minimising
    #: strike leans on the defense and puts fewer warheads on each launcher, so more survive)
    response_undefended: StrikeResult | None = None
    #: expected number of the rival's warheads reaching the ally in its strike on the ally,
    #: through the defenses covering the ally (the mean of the distribution behind
    #: ``ally_exposure``)
    ally_expected_warheads: float = math.nan
    undefined: str | None = None
    price_undefined: str | None = None

    def __post_init__(self) -> None:
        # no exchange at all leaves no price either: the one reason, whoever builds the result
        if self.price_undefined is None:
            self.price_undefined = self.undefined

    def price_change(self, m: int = 1) -> float:
        """Change of the patron's price P(>= m) due to the defenses (negative: they lower it)."""
        return self.price[m] - self.price_undefended[m]

    def exposure_change(self, m: int = 1) -> float:
        """Change of the ally's exposure P(>= m) due to the defenses (negative: they lower it)."""
        return self.ally_exposure[m] - self.ally_exposure_undefended[m]


def _fixed(n: int) -> np.ndarray:
    out = np.zeros(n + 1)
    out[n] = 1.0
    return out


def _arrivals(
    case: Case, territory: str, comps: list[ForceComponent], counts: list[int]
) -> np.ndarray:
    layers = case.layers_covering(territory)
    plan = AttackPlan(
        layer_arrays(layers, territory), [(f.missile_class, f.decoys_per_rv) for f in comps]
    )
    if not comps:
        return np.ones(1)
    return plan.pmf(
        [_fixed(c * f.warheads_per_launcher) for f, c in zip(comps, counts, strict=True)]
    )


def _undefined(
    patron: str,
    ally: str,
    rival: str,
    ms: list[int],
    reserve: int,
    notes: list[str],
    why: str,
) -> ExtendedResult:
    """The result when the rival fires nothing at the ally: every measure of the sequence NaN,
    with the reason."""
    nan = {m: math.nan for m in ms}
    return ExtendedResult(
        patron=patron,
        ally=ally,
        rival=rival,
        ally_attack_warheads=0,
        reserve_warheads=reserve,
        ally_exposure=dict(nan),
        ally_exposure_undefended=dict(nan),
        ally_damage=math.nan,
        ally_damage_undefended=math.nan,
        price=dict(nan),
        price_undefended=dict(nan),
        price_damage=math.nan,
        price_damage_undefended=math.nan,
        price_reserve_intact=dict(nan),
        notes=notes,
        undefined=why,
    )


def _fixed_possible(
    case: Case, territory: str, comps: list[ForceComponent], counts: list[int]
) -> ArrivalPossibility:
    """Which counts of :func:`_arrivals`' warheads (``counts`` launchers of each of ``comps``
    fired at ``territory``) are possible, decided exactly
    (:class:`anpo.deterrence.exchange.ArrivalPossibility`) [wilkening1999]."""
    arrays = layer_arrays(case.layers_covering(territory), territory)
    return ArrivalPossibility(
        arrays,
        territory,
        comps,
        lambda: {f.id: fixed_support(c) for f, c in zip(comps, counts, strict=True)},
    )


def _strip(side: Side) -> Side:
    return Side(
        actor=side.actor,
        forces=side.forces,
        layers=tuple(ly for ly in side.layers if ly.defends != "value"),
        counterforce=side.counterforce,
        damage=side.damage,
        name=side.name,
    )


def _ally_strike_parts(
    case: Case, dyad: Dyad
) -> tuple[list[ForceComponent], list[ForceComponent], dict[str, int]]:
    """The rival's forces that reach the ally but not the patron, those that reach both, and
    the launchers of each of the latter committed to the ally (``ally_strike_share`` of them,
    rounded down)."""
    patron, ally = dyad.defender, dyad.ally
    share = float(getattr(dyad, "ally_strike_share", 0.0))
    rival_forces = case.forces(dyad.rival)
    regional = [f for f in rival_forces if ally in f.reaches and patron not in f.reaches]
    both = [f for f in rival_forces if ally in f.reaches and patron in f.reaches]
    return regional, both, {f.id: math.floor(share * f.launchers) for f in both}


def ally_strike(case: Case, dyad: Dyad) -> tuple[list[ForceComponent], list[int]]:
    """The rival's strike on the dyad's ally (step 1 of the module docstring; the sequence is
    anpo's construction on the exchange of [kent1989], as in :func:`extended`): its forces that
    reach the ally but not the patron, all launchers, then those that reach both, the
    ``ally_strike_share`` of their launchers (rounded down; a force firing none is left out).
    Returns the forces and the launchers each fires; the rival has nothing to strike the ally
    with where launchers times warheads per launcher add up to 0."""
    regional, both, fired = _ally_strike_parts(case, dyad)
    attack = regional + [f for f in both if fired[f.id] > 0]
    counts = [f.launchers for f in regional] + [fired[f.id] for f in both if fired[f.id] > 0]
    return attack, counts


def _m_values(m_values: object, default: list[int]) -> list[int]:
    """The warhead counts ``m`` of P(at least m arrive): ``default`` (the scenario's) for None,
    else each a whole number of at least 1, and at least one (:class:`~anpo.errors.InputError`
    naming ``m_values``). P(at least 0) is 1 whatever the exchange, so m = 0 (or -1) printed a
    "price" of 1.0 for nothing; 2.5 made a bare TypeError; ``[]`` silently read as the
    scenario's list."""
    if m_values is None:
        return list(default)
    if isinstance(m_values, (str, bytes)) or not isinstance(m_values, Iterable):
        raise InputError(
            f"must be a list of whole numbers >= 1, got {m_values!r}", field="m_values"
        )
    ms = [whole_number(m, "m_values", minimum=1) for m in m_values]
    if not ms:
        raise InputError(
            "is empty: give at least one m (or None for the scenario's m_values)",
            field="m_values",
        )
    return ms


def extended(
    case: Case,
    dyad: Dyad,
    settings: ExchangeSettings | None = None,
    m_values: list[int] | None = None,
    response: StrikeResult | None = None,
    when: str | None = None,
) -> ExtendedResult:
    """Extended-deterrence measures for ``dyad`` (defender = patron, with an ``ally``) in a case.

    The three-step sequence of the module docstring is anpo's construction on the exchange of
    [kent1989]; what the measures stand for: [wilkening1995; powell2003; fruhling2016].

    ``response``: the patron's first strike on the rival, if already computed with the same
    forces (it is the stability exchange's when the rival fires nothing that can reach the
    patron at the ally); computed otherwise. ``when``: what the forces are in a reason such as
    "North Korea has no deliverable warheads in 2001" (as
    :func:`anpo.deterrence.stability.dyad` words it); None: no qualifier.
    """
    s = exchange_settings_or_default(settings)
    scen = case.scenario
    patron, rival, ally = dyad.defender, dyad.rival, dyad.ally
    if ally is None:
        raise InputError(
            f"the {patron}-{rival} dyad names no ally: extended deterrence needs one", field="ally"
        )
    known = [a.id for a in scen.actors]
    for role, actor in (("defender", patron), ("rival", rival), ("ally", ally)):
        if actor not in known:  # scen.actor's bare KeyError deep in the sequence, otherwise
            raise InputError(
                f"unknown actor {actor!r} (actors: {', '.join(known)})", field=f"dyad.{role}"
            )
    ms = _m_values(m_values, scen.settings.m_values)
    share = float(getattr(dyad, "ally_strike_share", 0.0))
    notes: list[str] = []
    # 1. the rival's strike on the ally
    regional, _, fired = _ally_strike_parts(case, dyad)
    attack, counts = ally_strike(case, dyad)
    rival_name = scen.actor(rival).name
    ally_name = scen.actor(ally).name
    # a rival without a single warhead (North Korea in 2001) fires nothing because it has
    # nothing: said so, as first-strike stability says it, not as a choice of the sequence
    # ('its strike on Japan uses 0% of its forces that can also reach the patron' spoke of
    # forces it does not have)
    unarmed = not any(f.launchers * f.warheads_per_launcher for f in case.forces(rival))
    no_warheads = f"{with_article(rival_name)} has no deliverable warheads" + (
        f" {when}" if when else ""
    )
    if unarmed:
        notes.append(no_warheads)
    elif not regional:
        notes.append(
            f"{rival_name} has no forces that reach only {ally_name}; its strike on "
            f"{ally_name} uses {fmt_share(share, decimals=0)} of its forces that can also reach "
            "the patron (the share of them the scenario file commits to a strike on the ally)"
        )
    at_ally = _arrivals(case, ally, attack, counts)
    ally_possible = _fixed_possible(case, ally, attack, counts).tails
    ally_curve = case.damage_curve(ally)
    if ally_curve is None:
        raise InputError(f"actor {ally!r} needs a [[damage]] curve", field="damage")
    undefended_total = sum(c * f.warheads_per_launcher for f, c in zip(attack, counts, strict=True))
    if undefended_total == 0:
        # no attack on the ally, so no guarantee to honour: the sequence's measures do not exist
        return _undefined(
            patron,
            ally,
            rival,
            ms,
            sum(
                f.launchers * f.warheads_per_launcher
                for f in case.forces(rival)
                if patron in f.reaches
            ),
            notes,
            (
                no_warheads
                if unarmed
                else f"{rival_name} fires no warheads at {ally_name} in this sequence"
            )
            + f", so there is no attack for {with_article(scen.actor(patron).name)} to answer: "
            f"its price of honouring the guarantee and the exposure of {ally_name} are undefined",
        )
    at_ally_bare = _fixed(int(undefended_total))
    # 2-3. the patron honours; the rival retaliates with what survives of its reserve
    rival_side = side_from_case(case, rival, patron)
    if any(fired.values()):
        left = tuple(
            f.model_copy(update={"launchers": f.launchers - fired[f.id]}) if f.id in fired else f
            for f in rival_side.forces
        )
        rival_side = Side(
            rival_side.actor,
            left,
            rival_side.layers,
            rival_side.counterforce,
            rival_side.damage,
            rival_side.name,
        )
        response = None
    patron_side = side_from_case(case, patron, rival)
    reserve = [f for f in rival_side.forces if patron in f.reaches]
    reserve_total = sum(f.launchers * f.warheads_per_launcher for f in reserve)
    if reserve_total == 0:
        # a price of 0 read as if the patron's defenses or its strike had earned it
        patron_name = with_article(scen.actor(patron).name)
        why = (
            f"keeps no warheads that can reach {patron_name} after its strike on {ally_name} "
            f"(it commits {fmt_share(share, decimals=0)} of those forces to that strike)"
            if any(
                f.launchers * f.warheads_per_launcher
                for f in case.forces(rival)
                if patron in f.reaches
            )
            else f"has no warheads that can reach {patron_name}"
        )
        notes.append(
            f"{rival_name} {why}: the patron's price of honouring the guarantee is 0 because "
            "nothing is left to retaliate with, whatever its defenses"
        )
    ally_d = expected_damage(at_ally, ally_curve)
    ally_d_bare = expected_damage(at_ally_bare, ally_curve)
    result = ExtendedResult(
        patron=patron,
        ally=ally,
        rival=rival,
        ally_attack_warheads=int(undefended_total),
        reserve_warheads=int(reserve_total),
        # a float 0 or 1 is an impossible or a certain event only where the arrivals' support
        # says so (the pmf is truncated below 1e-16 and underflows; resolved_at_least)
        ally_exposure=resolved_at_least(at_ally, ms, ally_possible),
        ally_exposure_undefended={m: at_least(at_ally_bare, m) for m in ms},
        ally_damage=ally_d,
        ally_damage_undefended=ally_d_bare,
        price={m: math.nan for m in ms},
        price_undefended={m: math.nan for m in ms},
        price_damage=math.nan,
        price_damage_undefended=math.nan,
        price_reserve_intact={m: math.nan for m in ms},
        notes=notes,
        ally_expected_warheads=float(np.dot(np.arange(len(at_ally)), at_ally)),
    )
    if deliverable_warheads(patron_side, rival) == 0:
        # step 2 cannot happen: the ally is struck, but the patron has nothing to strike with
        # (as first-strike stability, :func:`anpo.deterrence.stability.dyad`, says of it)
        who = with_article(scen.actor(patron).name)
        holds = any(f.launchers * f.warheads_per_launcher for f in patron_side.forces)
        lacks = (
            f"has no warheads that can reach {with_article(rival_name)}"
            if holds
            else "has no deliverable warheads"
        )
        result.price_undefined = (
            f"{who} {lacks}, so it has nothing to honour the guarantee to "
            f"{ally_name} with: its price of honouring it is undefined"
        )
        return result
    if response is None:
        response = first_strike(patron_side, rival_side, s)
    bare = first_strike(_strip(patron_side), _strip(rival_side), s)
    reserve_counts = [f.launchers for f in reserve]
    intact = _arrivals(case, patron, reserve, reserve_counts)
    result.price = resolved_at_least(
        response.at_striker,
        ms,
        retaliation_possibility(patron_side, rival_side, response.allocation).tails,
    )
    result.price_undefended = resolved_at_least(
        bare.at_striker,
        ms,
        retaliation_possibility(_strip(patron_side), _strip(rival_side), bare.allocation).tails,
    )
    result.price_damage = response.striker_damage
    result.price_damage_undefended = bare.striker_damage
    result.price_reserve_intact = resolved_at_least(
        intact, ms, _fixed_possible(case, patron, reserve, reserve_counts).tails
    )
    result.response = response
    result.response_undefended = bare
    return result

"""The seed's deterrence questions, computed for every case of a scenario.

For each dyad (defender, rival, ally) of a scenario case (a variant):

- the Kent-Thaler exchange in both directions, the first-strike stability index without and with
  launch under attack, and Schelling's reciprocal-fear index (:mod:`anpo.deterrence.stability`);
- the rival's warheads surviving the defender's cost-minimising counterforce first strike, as a
  full distribution (independent launcher survival, binomial per component);
- P(at least m warheads reach the defended territory) for each ``m`` in the settings, for the
  defender's homeland and for the ally, through the active defensive layers covering each
  (exact leaker distributions: [wilkening1999]), the rival aiming every surviving warhead that can
  reach the territory at it;
- the rival's reaction curve: the smallest number of launchers of its most survivable component
  with which P(at least ``reaction_m`` arrive) >= ``reaction_q`` after the first strike, as a
  function of the defender's interceptor count;
- decoupling: the ally's and the patron's exposure when the defense covers the ally or not.

Modelling conventions are stated in each function and in the report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from anpo.deterrence import _kernels
from anpo.deterrence.exchange import DefenseArrays, ExchangeSettings, ForceArrays, SideArrays
from anpo.deterrence.layer import Layer as DefenseLayer
from anpo.deterrence.reaction import DefenseLayers, reaction_curve
from anpo.deterrence.stability import StabilityResult, exchange
from anpo.scenario.schema import Case, ForceComponent

__all__ = [
    "run",
    "DyadAnswer",
    "answer_case",
    "seed_table",
    "reaction_table",
    "decoupling_table",
    "survivor_pmf",
    "arrival_tail",
]


# ----------------------------------------------------------------------------- arrays
def _settings(case: Case, allow_lua: bool) -> ExchangeSettings:
    s = case.scenario.settings
    return ExchangeSettings(
        survivable_use=s.survivable_use,
        lua_fraction=s.lua_fraction,
        allow_lua=allow_lua,
        levels=tuple(range(0, (s.max_warheads_per_launcher or 3) + 1)),
        exponent=s.cost_exponent,
        surcharge=s.cost_surcharge,
    )


def _decoy_factor(attackers: list[ForceComponent], layer: DefenseLayer) -> float:
    """Objects each layer must engage per RV: ``1 + d (1 - discrimination)``, warhead-weighted."""
    total = sum(f.warheads for f in attackers)
    if total == 0:
        return 1.0
    mean_d = sum(f.warheads * f.decoys_per_rv for f in attackers) / total
    return 1.0 + mean_d * (1.0 - layer.discrimination)


def _defense_arrays(
    layers: list[DefenseLayer], attackers: list[ForceComponent], mode: str = "raid"
) -> DefenseArrays:
    inv = [ly.interceptors / _decoy_factor(attackers, ly) for ly in layers]
    return DefenseArrays(
        interceptors=np.array([inv], float).reshape(1, len(layers)),
        sspk=np.array([[ly.sspk for ly in layers]], float).reshape(1, len(layers)),
        max_shots=np.array([[ly.shots + ly.second_shots for ly in layers]], float).reshape(
            1, len(layers)
        ),
        reliability=np.array([[ly.reliability for ly in layers]], float).reshape(1, len(layers)),
        mode=mode,
    )


def _side(case: Case, actor: str, opponent: str) -> SideArrays:
    own = [f for f in case.forces(actor) if opponent in f.reaches]
    opp = [f for f in case.forces(opponent) if actor in f.reaches]
    force = ForceArrays(
        launchers=np.array([[f.launchers for f in own]], float).reshape(1, len(own)),
        warheads=np.array([[f.warheads_per_launcher for f in own]], float).reshape(1, len(own)),
        survivable=np.array([[f.survivable_fraction for f in own]], float).reshape(1, len(own)),
        fixed=np.array([[f.basing == "silo" for f in own]], bool).reshape(1, len(own)),
        lua=np.array([[f.posture == "launch-under-attack" for f in own]], bool).reshape(
            1, len(own)
        ),
    )
    pk = np.array(
        [[case.kill_probability(actor, f.basing) if own else 0.0 for f in opp]], float
    ).reshape(1, len(opp))
    curve = case.damage_curve(actor)
    assert curve is not None  # guaranteed by scenario validation for dyad members
    table = None
    w80 = curve.w80 or 1.0
    if curve.model == "table" and curve.points:
        pts = np.array(curve.points, float)
        table = (pts[:, 0], pts[:, 1])
    return SideArrays(
        force=force,
        defense=_defense_arrays(case.layers_covering(actor), opp),
        counterforce_pk=pk,
        w80=np.array([w80], float),
        damage_table=table,
    )


# ----------------------------------------------------------------------------- distributions
def survivor_pmf(components: list[ForceComponent], survive_prob: list[float]) -> np.ndarray:
    """pmf of surviving warheads: each component keeps ``round(sigma n)`` launchers for sure and
    each of its other launchers survives independently with ``survive_prob`` (the striker's
    allocation); warheads = launchers x warheads per launcher. Components are independent."""
    pmf = np.ones(1)
    for comp, p in zip(components, survive_prob, strict=True):
        sure = round(comp.launchers * comp.survivable_fraction)
        vulnerable = comp.launchers - sure
        launch_pmf = stats.binom.pmf(np.arange(vulnerable + 1), vulnerable, p)
        w = comp.warheads_per_launcher
        warhead_pmf = np.zeros(comp.launchers * w + 1)
        warhead_pmf[(sure + np.arange(vulnerable + 1)) * w] = launch_pmf
        pmf = np.convolve(pmf, warhead_pmf)
    pmf[pmf < 0] = 0.0
    return pmf / pmf.sum()


def _layer_arrays(layers: list[DefenseLayer], attackers: list[ForceComponent]) -> tuple:
    inv = np.array(
        [int(ly.interceptors // _decoy_factor(attackers, ly)) for ly in layers], np.int64
    )
    return (
        inv,
        np.array([ly.sspk for ly in layers], float),
        np.array([ly.shots for ly in layers], np.int64),
        np.array([ly.second_shots for ly in layers], np.int64),
        np.array([ly.reliability for ly in layers], float),
    )


def arrival_tail(
    survivors: np.ndarray, layers: list[DefenseLayer], attackers: list[ForceComponent], m: list[int]
) -> dict[int, float]:
    """P(at least m warheads arrive) for each m: mixture over the survivors' pmf of the exact
    leaker distribution through ``layers`` (finite inventories spread evenly; decoys dilute each
    layer's inventory by ``1 + d(1 - discrimination)``; per-raid reliability unless every layer
    says per-RV)."""
    if not layers:
        tail = np.clip(np.cumsum(survivors[::-1])[::-1], 0.0, 1.0)
        return {mm: float(tail[mm]) if mm < len(tail) else 0.0 for mm in m}
    arrays = _layer_arrays(layers, attackers)
    raid = any(ly.reliability_mode == "raid" for ly in layers)
    pmf = _kernels.layers_pmf_from(np.ascontiguousarray(survivors, dtype=float), *arrays, raid)
    tail = np.clip(np.cumsum(pmf[::-1])[::-1], 0.0, 1.0)
    return {mm: float(tail[mm]) if mm < len(tail) else 0.0 for mm in m}


# ----------------------------------------------------------------------------- answers
@dataclass
class DyadAnswer:
    """Everything computed for one dyad in one case."""

    case: Case
    defender: str
    rival: str
    ally: str | None
    label: str
    stability: StabilityResult
    stability_lua: StabilityResult
    rival_components: list[ForceComponent]
    survive_prob: list[float]
    survivors: np.ndarray
    exposure: dict[str, dict[int, float]]
    covered: dict[str, bool]
    exposure_uncovered_ally: dict[int, float] | None
    exposure_covered_ally: dict[int, float] | None
    allocation: dict[str, float]
    striker_committed: float
    growth: str | None = None

    @property
    def expected_survivors(self) -> float:
        return float(np.dot(np.arange(len(self.survivors)), self.survivors))


def _survive_probs(
    case: Case, striker: str, comps: list[ForceComponent], alloc: dict[str, float]
) -> list[float]:
    return [(1.0 - case.kill_probability(striker, c.basing)) ** alloc.get(c.id, 0.0) for c in comps]


def answer_case(case: Case) -> list[DyadAnswer]:
    """Compute every dyad's answers for one case."""
    settings = case.scenario.settings
    answers = []
    for dyad in case.scenario.dyads:
        a, b = dyad.defender, dyad.rival
        side_a, side_b = _side(case, a, b), _side(case, b, a)
        res = exchange(side_a, side_b, _settings(case, allow_lua=False))
        res_lua = exchange(side_a, side_b, _settings(case, allow_lua=True))
        # the defender's chosen counterforce allocation against the rival's homeland-reaching
        # components; components that cannot reach the defender are attacked at the same level
        # as the most heavily attacked component of the same basing (else not at all)
        reaching = [f for f in case.forces(b) if a in f.reaches]
        alloc = {f.id: float(res.a_first.allocation[0, i]) for i, f in enumerate(reaching)}
        by_basing: dict[str, float] = {}
        for f in reaching:
            by_basing[f.basing] = max(by_basing.get(f.basing, 0.0), alloc[f.id])
        all_rival = case.forces(b)
        for f in all_rival:
            alloc.setdefault(f.id, by_basing.get(f.basing, 0.0))
        probs = _survive_probs(case, a, all_rival, alloc)
        survivors_all = survivor_pmf(all_rival, probs)
        exposure: dict[str, dict[int, float]] = {}
        covered: dict[str, bool] = {}
        unc = cov = None
        for t in [a] + ([dyad.ally] if dyad.ally else []):
            pairs = [(f, p) for f, p in zip(all_rival, probs, strict=True) if t in f.reaches]
            comps = [f for f, _ in pairs]
            surv_t = survivor_pmf(comps, [p for _, p in pairs])
            layers = case.layers_covering(t)
            covered[t] = bool(layers)
            exposure[t] = arrival_tail(surv_t, layers, comps, settings.m_values)
            if t == dyad.ally:
                unc = arrival_tail(surv_t, [], comps, settings.m_values)
                extended = layers + [ly for ly in case.layers_covering(a) if ly not in layers]
                cov = arrival_tail(surv_t, extended, comps, settings.m_values)
        answers.append(
            DyadAnswer(
                case=case,
                defender=a,
                rival=b,
                ally=dyad.ally,
                label=dyad.label or f"{a}-{b}",
                stability=res,
                stability_lua=res_lua,
                rival_components=all_rival,
                survive_prob=probs,
                survivors=survivors_all,
                exposure=exposure,
                covered=covered,
                exposure_uncovered_ally=unc,
                exposure_covered_ally=cov,
                allocation=alloc,
                striker_committed=float(
                    sum(
                        f.launchers
                        * f.warheads_per_launcher
                        * (1.0 if f.basing == "silo" else settings.survivable_use)
                        for f in case.forces(a)
                        if b in f.reaches
                    )
                ),
                growth=dyad.growth,
            )
        )
    return answers


def seed_table(answers: list[DyadAnswer]) -> pd.DataFrame:
    """One tidy row per case, dyad and defended territory (the defender's homeland, the ally)."""
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
                "role": "homeland" if territory == ans.defender else "ally",
                "covered": ans.covered[territory],
                "rival_warheads": sum(f.warheads for f in ans.rival_components),
                "survivors_expected": ans.expected_survivors,
            }
            for m, p in tail.items():
                row[f"p_arrive_ge_{m}"] = p
            row["fss"] = float(ans.stability.fss[0])
            row["fss_lua"] = float(ans.stability_lua.fss[0])
            row["schelling"] = float(ans.stability.schelling[0])
            rows.append(row)
    return pd.DataFrame(rows)


def decoupling_table(answers: list[DyadAnswer], m: int = 1) -> pd.DataFrame:
    """Patron and ally exposure (P at least ``m`` arrive) with the ally covered or not."""
    rows = []
    for ans in answers:
        if not ans.ally:
            continue
        assert ans.exposure_uncovered_ally is not None and ans.exposure_covered_ally is not None
        patron = ans.exposure[ans.defender][m]
        ally = ans.exposure[ans.ally][m]
        rows.append(
            {
                "scenario": ans.case.scenario.scenario.id,
                "variant": ans.case.variant.id,
                "dyad": ans.label,
                "patron_exposure": patron,
                "ally_exposure": ally,
                "ally_covered": ans.covered[ans.ally],
                "ally_if_uncovered": ans.exposure_uncovered_ally[m],
                "ally_if_covered_by_patron_layers": ans.exposure_covered_ally[m],
                "gap_ally_minus_patron": ally - patron,
            }
        )
    return pd.DataFrame(rows)


def reaction_table(answer: DyadAnswer, territory: str | None = None) -> pd.DataFrame:
    """The rival's reaction curve for one dyad answer, over the scenario's interceptor grid.

    The rival grows one component (the dyad's ``growth`` component, else its most survivable
    component reaching ``territory``, default the defender's homeland). The defender's first strike
    keeps the counterforce level it chose against that component (or against components of the
    same basing; the highest level when it has none), within the warheads it has left after
    attacking the rival's other components; the expected survivors of those other components
    reaching the territory are added as a fixed number of warheads. The interceptor count replaces
    the inventory of the first active layer covering the territory (or of the first layer of the
    scenario covering it when the variant has none); other active layers are kept.
    ``launchers_needed`` counts all launchers of the growth component, existing ones included.
    """
    case = answer.case
    t = territory or answer.defender
    settings = case.scenario.settings
    comps = [
        (f, p)
        for f, p in zip(answer.rival_components, answer.survive_prob, strict=True)
        if t in f.reaches
    ]

    def per_launcher_survival(f: ForceComponent, p: float) -> float:
        return f.survivable_fraction + (1.0 - f.survivable_fraction) * p

    if answer.growth is not None:
        growth = next(f for f in case.scenario.forces if f.id == answer.growth)
        if t not in growth.reaches:
            return pd.DataFrame()
    elif comps:
        growth = max(
            comps, key=lambda fp: (per_launcher_survival(*fp), fp[0].warheads_per_launcher)
        )[0]
    else:
        return pd.DataFrame()
    same_basing = [
        answer.allocation[f.id] for f in answer.rival_components if f.basing == growth.basing
    ]
    alloc = answer.allocation.get(
        growth.id,
        max(same_basing) if same_basing else float(settings.max_warheads_per_launcher or 3),
    )
    others = [(f, p) for f, p in comps if f.id != growth.id]
    base = sum(
        f.warheads_per_launcher * f.launchers * per_launcher_survival(f, p) for f, p in others
    )
    spent_on_others = sum(
        answer.allocation.get(f.id, 0.0)
        * (f.launchers - round(f.launchers * f.survivable_fraction))
        for f in answer.rival_components
        if f.id != growth.id and answer.defender in f.reaches
    )
    budget = max(answer.striker_committed - spent_on_others, 0.0)
    layers = list(case.layers_covering(t))
    template = (
        layers[0]
        if layers
        else next((ly for d in case.scenario.defenses for ly in d.layers if t in ly.covers), None)
    )
    if template is None:
        return pd.DataFrame()
    all_layers = [template] + layers[1:]
    attackers = [f for f, _ in others] + [growth]
    factors = np.array([_decoy_factor(attackers, ly) for ly in all_layers])
    grid = np.array(settings.interceptor_grid, dtype=np.int64)
    n = len(grid)
    inv = np.tile(np.array([ly.interceptors for ly in all_layers], float), (n, 1))
    inv[:, 0] = grid
    dl = DefenseLayers(
        interceptors=inv,
        sspk=np.tile([ly.sspk for ly in all_layers], (n, 1)),
        shots=np.tile([ly.shots for ly in all_layers], (n, 1)),
        second_shots=np.tile([ly.second_shots for ly in all_layers], (n, 1)),
        reliability=np.tile([ly.reliability for ly in all_layers], (n, 1)),
        decoy_factor=np.tile(factors, (n, 1)),
        mode="raid" if any(ly.reliability_mode == "raid" for ly in all_layers) else "rv",
    )
    needed = reaction_curve(
        dl,
        warheads_per_launcher=growth.warheads_per_launcher,
        m=settings.reaction_m,
        q=settings.reaction_q,
        survivable_fraction=growth.survivable_fraction,
        kill_probability=case.kill_probability(answer.defender, growth.basing),
        allocation=alloc,
        striker_budget=budget,
        base_warheads=int(np.floor(base)),
        max_launchers=20_000,
    )
    active = any(f.id == growth.id for f in case.forces())
    return pd.DataFrame(
        {
            "scenario": case.scenario.scenario.id,
            "variant": case.variant.id,
            "dyad": answer.label,
            "territory": t,
            "growth_component": growth.id,
            "interceptors": grid,
            "launchers_needed": needed,
            "current_launchers": growth.launchers if active else 0,
            "warheads_needed": np.where(needed >= 0, needed * growth.warheads_per_launcher, -1),
        }
    )


def run(scenario: object) -> dict[str, pd.DataFrame]:
    """All the seed's questions for a scenario (a :class:`anpo.scenario.Scenario` or a path).

    Returns ``{"questions": ..., "reaction_curve": ..., "decoupling": ...}`` as DataFrames.

    >>> from anpo.scenario import book_files
    >>> tables = run(book_files()[0])
    >>> sorted(tables)
    ['decoupling', 'questions', 'reaction_curve']
    """
    from pathlib import Path

    from anpo.scenario import Scenario, load_scenario

    scen = scenario if isinstance(scenario, Scenario) else load_scenario(Path(str(scenario)))
    answers = [a for case in scen.cases() for a in answer_case(case)]
    reactions = [t for t in (reaction_table(a) for a in answers) if not t.empty]
    return {
        "questions": seed_table(answers),
        "reaction_curve": pd.concat(reactions, ignore_index=True) if reactions else pd.DataFrame(),
        "decoupling": decoupling_table(answers),
    }

"""Report sections on deterrence under missile defense (the seed's NMD/TMD passage)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from anpo.deterrence.bands_report import uncertainty_section
from anpo.deterrence.classical import (
    deterrence_regions,
    richardson_discrete,
    richardson_equilibrium,
)
from anpo.deterrence.questions import (
    DyadAnswer,
    answer_case,
    decoupling_table,
    reaction_table,
    seed_table,
)
from anpo.references import cite
from anpo.report.sections import (
    Figure,
    ReportContext,
    Section,
    Table,
    new_figure,
    svg_from_matplotlib,
)

SEED_NMD = (
    '"The ongoing discussions over the national missile defense (NMD) and theater missile defense '
    '(TMD) systems have completely broken away from the MAD theory." Strategic rivals oppose it; '
    "China answers with nuclear modernization; allies fear decoupling, which 'global missile "
    "defense' is meant to wipe out (Soeya, RIETI seminar, 10 July 2001)."
)

COMMON_ASSUMPTIONS = [
    "Aggregate public force figures; where no public figure exists the scenario file marks the "
    "value as an anpo assumption (see its source fields).",
    "Counterforce effectiveness is an input probability per warhead and basing (no yields, CEPs "
    "or hardness).",
    "The rival aims every surviving warhead that can reach a territory at it; interceptor "
    "inventories are spread as evenly as possible over the arriving RVs (Wilkening 1999).",
    "Unrecognised decoys dilute each layer's inventory by 1 + d(1 - discrimination).",
]

COMMON_SOURCES = [
    cite("wilkening1999"),
    cite("kent1989"),
    "Force and defense figures: the source field of each entry of the scenario files "
    "(FAS/NRDC Nuclear Notebooks, Glaser & Fetter 2001, NIC 2001, MDA, MoD Japan).",
]


def _answers(ctx: ReportContext) -> list[DyadAnswer]:
    out: list[DyadAnswer] = []
    for scen in ctx.scenarios:
        for case in scen.cases():
            ctx.progress(f"deterrence: {case.id}")
            out.extend(answer_case(case))
    return out


def _summary(table: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario variant: P(>= 1 warhead reaches the U.S.) and FSS for each dyad."""
    home = table[table["role"] == "homeland"]
    wide = home.pivot_table(
        index=["year", "variant"], columns="dyad", values=["p_arrive_ge_1", "fss"], sort=False
    )
    wide.columns = [
        f"{dyad} {'P(>=1 arrives)' if what == 'p_arrive_ge_1' else 'FSS'}"
        for what, dyad in wide.columns
    ]
    wide = wide[sorted(wide.columns)]
    return wide.round(3).reset_index()


def _exposure_section(table: pd.DataFrame) -> Section:
    fig, axes = new_figure(9, 4.2)
    ax = axes
    data = table[table["dyad"].str.contains("China")]
    labels = [f"{y} {v}" for y, v in zip(data["year"], data["variant"], strict=True)]
    homeland = data[data["role"] == "homeland"]
    ally = data[data["role"] == "ally"]
    x = np.arange(len(homeland))
    ax.bar(x - 0.2, homeland["p_arrive_ge_1"], 0.4, label="U.S. homeland", color="#2b4c7e")
    ax.bar(x + 0.2, ally["p_arrive_ge_1"], 0.4, label="Japan (ally)", color="#c0504d")
    ax.set_xticks(
        x,
        [lab for lab, r in zip(labels, data["role"], strict=True) if r == "homeland"],
        rotation=60,
        ha="right",
        fontsize=7,
    )
    ax.set_ylabel("P(at least 1 Chinese warhead arrives)")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=8)
    ax.set_title("China's retaliation after a U.S. counterforce first strike")
    cols = [
        "year",
        "variant",
        "dyad",
        "territory",
        "covered",
        "rival_warheads",
        "survivors_expected",
    ]
    cols += [c for c in table.columns if c.startswith("p_arrive_ge_")]
    return Section(
        id="deterrence-exposure",
        title="Deterrence under missile defense: what survives and what gets through",
        question=SEED_NMD,
        model=(
            "The defender's cost-minimising counterforce first strike (Kent & Thaler 1989) leaves "
            "each vulnerable launcher alive with probability (1-pk)^a; surviving warheads fly "
            "through the active layers covering each territory, and the exact leaker distribution "
            "(Wilkening 1999, finite inventories, salvo or shoot-look-shoot, reliability per raid) "
            "gives P(at least m warheads arrive)."
        ),
        assumptions=COMMON_ASSUMPTIONS,
        sources=COMMON_SOURCES,
        figures=[
            Figure(
                "P(at least one warhead arrives), U.S.-China dyad",
                svg_from_matplotlib(fig),
                "Each pair of bars is one variant of the built-in book: the U.S. homeland and Japan.",
            )
        ],
        tables=[Table("The seed's questions, every scenario, variant and dyad", table[cols])],
        summary=_summary(table),
    )


def _stability_section(table: pd.DataFrame) -> Section:
    homeland = table[table["role"] == "homeland"]
    fig, ax = new_figure(9, 4.2)
    for dyad, grp in homeland.groupby("dyad", sort=False):
        labels = [f"{y} {v}" for y, v in zip(grp["year"], grp["variant"], strict=True)]
        ax.plot(labels, grp["fss"], marker="o", label=f"{dyad} (no LUA)")
        ax.plot(labels, grp["fss_lua"], marker="x", linestyle="--", label=f"{dyad} (LUA)")
    ax.set_ylabel("first-strike stability index")
    ax.set_ylim(0, 1.05)
    ax.tick_params(axis="x", rotation=60, labelsize=7)
    for lab in ax.get_xticklabels():
        lab.set_ha("right")
    ax.legend(fontsize=7, ncol=2)
    ax.set_title("Kent-Thaler first-strike stability (1 = no side gains by going first)")
    cols = ["year", "variant", "dyad", "fss", "fss_lua", "schelling"]
    return Section(
        id="deterrence-stability",
        title="First-strike stability with and without missile defense",
        question=(
            "Does moving from MAD to NMD/TMD make a first strike more attractive? "
            "'During the Cold War era, stability was established over consensus on mutually "
            "assured destruction' (the seed)."
        ),
        model=(
            "Kent & Thaler (RAND R-3765, App. C): cost C = D_own^0.75 + 0.3 (1 - D_enemy^0.75); "
            "FSS = min(1, C1_A/C2_A) x min(1, C1_B/C2_B), each striker choosing its counterforce "
            "allocation to minimise its cost, with launch under attack as an option; Schelling's "
            "reciprocal-fear index (D1 - D2)(d1 - d2). Deterministic exchange in expected values."
        ),
        assumptions=COMMON_ASSUMPTIONS
        + [
            "The striker commits its silo forces and 90% of its survivable forces; launch under "
            "attack saves 90% of a launch-under-attack component (Kent & Thaler's reported "
            "conventions, parameters of each scenario file).",
            "Damage to value: D(w) = 1 - exp(-w ln 5 / w80), anpo's documented default curve, not "
            "Kent & Thaler's own.",
            "Defenses protect value (cities), not silos; the first striker's remaining warheads "
            "strike the victim's value through the victim's defenses.",
        ],
        sources=COMMON_SOURCES + [cite("schelling1960")],
        figures=[
            Figure(
                "First-strike stability by variant",
                svg_from_matplotlib(fig),
                "Dashed: with launch under attack available to the victim.",
            )
        ],
        tables=[
            Table(
                "First-strike stability and Schelling's index",
                homeland[cols].reset_index(drop=True),
            )
        ],
    )


def _reaction_section(ctx: ReportContext, answers: list[DyadAnswer]) -> Section:
    frames = [reaction_table(a) for a in answers]
    frames = [f for f in frames if not f.empty]
    reaction = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    fig, ax = new_figure(9, 4.5)
    if not reaction.empty:
        sub = reaction[reaction["dyad"].str.contains("China")]
        for (scen, var), grp in sub.groupby(["scenario", "variant"], sort=False):
            y = grp["launchers_needed"].where(grp["launchers_needed"] >= 0)
            ax.plot(grp["interceptors"], y, marker="o", markersize=3, label=f"{scen[-4:]} {var}")
    ax.set_xlabel("defender's interceptors (first layer covering the U.S.)")
    ax.set_ylabel("launchers China needs")
    ax.set_title(
        "China's reaction curve: keeping P(>= m warheads arrive) >= q after a first strike"
    )
    ax.legend(fontsize=6, ncol=2)
    tables = []
    for scen in ctx.scenarios:
        sub = reaction[reaction["scenario"] == scen.scenario.id] if not reaction.empty else reaction
        if sub.empty:
            continue
        piv = sub.pivot_table(
            index=["variant", "dyad", "growth_component", "current_launchers"],
            columns="interceptors",
            values="launchers_needed",
        ).reset_index()
        piv.columns = [str(c) for c in piv.columns]
        st = scen.settings
        tables.append(
            Table(
                f"{scen.scenario.year}: launchers needed by interceptor count "
                f"(m = {st.reaction_m}, q = {st.reaction_q})",
                piv,
                "Columns: the interceptor inventory of the first layer covering the U.S.",
            )
        )
    if not tables:
        tables.append(
            Table("Launchers needed by interceptor count", pd.DataFrame({"note": ["no dyad"]}))
        )
    return Section(
        id="deterrence-reaction",
        title="How a rival's force must grow to keep its deterrent",
        question=(
            "China 'is concerned that its nuclear strategy might be undermined and it is "
            "responding to this concern with nuclear modernization' (the seed, Q&A). How many "
            "launchers does the rival need as the defender adds interceptors?"
        ),
        model=(
            "For each interceptor count, the smallest number of launchers of the rival's growth "
            "component with which P(at least m warheads reach the defender's homeland) >= q after "
            "the defender's counterforce first strike (finite strike budget spread evenly over the "
            "vulnerable launchers; exact leaker distributions through all active layers; "
            "exponential then binary search). m and q are set in each scenario file."
        ),
        assumptions=COMMON_ASSUMPTIONS
        + [
            "The defender keeps the counterforce level it chose in the exchange; a larger rival "
            "force thins the strike once the striker's committed warheads run out.",
            "In a variant without a layer covering the U.S., the curve uses the first such layer "
            "defined in the scenario file, so that every variant has a curve.",
            "-1 in the table: no force up to 20,000 launchers meets the goal (the defense's "
            "per-raid reliability or shot doctrine caps what it can stop, or the strike kills "
            "everything vulnerable).",
        ],
        sources=COMMON_SOURCES,
        figures=[
            Figure(
                "Reaction curves, U.S.-China",
                svg_from_matplotlib(fig),
                "Launchers of the growth component (all of them, existing ones included).",
            )
        ],
        tables=tables,
    )


def _decoupling_section(answers: list[DyadAnswer]) -> Section:
    dec = decoupling_table(answers)
    fig, ax = new_figure(9, 4.2)
    sub = dec[dec["dyad"].str.contains("China|Korea")]
    for dyad, grp in sub.groupby("dyad", sort=False):
        labels = [f"{s[-4:]} {v}" for s, v in zip(grp["scenario"], grp["variant"], strict=True)]
        ax.plot(labels, grp["gap_ally_minus_patron"], marker="o", label=dyad)
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_ylabel("ally exposure - patron exposure")
    ax.tick_params(axis="x", rotation=60, labelsize=7)
    for lab in ax.get_xticklabels():
        lab.set_ha("right")
    ax.legend(fontsize=8)
    ax.set_title("Decoupling: is Japan more exposed than the U.S. homeland?")
    return Section(
        id="deterrence-decoupling",
        title="Decoupling: the patron's and the ally's exposure",
        question=(
            "Rumsfeld's 'global missile defense' is 'an attempt to wipe out allies' anxiety, for "
            "instance over decoupling, by making it clear that allied countries will be covered by "
            "a single defense system' (the seed). Does covering Japan close the gap?"
        ),
        model=(
            "P(at least one warhead arrives) at the U.S. homeland and at Japan after a U.S. first "
            "strike, with the ally as covered in the variant, uncovered, and covered by the "
            "patron's homeland layers too (Wilkening 1999 leaker distributions)."
        ),
        assumptions=COMMON_ASSUMPTIONS
        + ["Exposure of each territory is computed as if the rival aimed everything it can at it."],
        sources=COMMON_SOURCES,
        figures=[
            Figure(
                "Exposure gap by variant",
                svg_from_matplotlib(fig),
                "Positive: the ally is more exposed than the patron (decoupled).",
            )
        ],
        tables=[Table("Patron and ally exposure, P(at least 1 arrives)", dec)],
    )


def _classics_section(answers: list[DyadAnswer]) -> Section:
    # Intriligator-Brito cone with the U.S.-China and U.S.-Russia positions (ICBM-class counts)
    fig, ax = new_figure(6, 5)
    grid = np.linspace(0, 2000, 201)
    ma, mb = np.meshgrid(grid, grid)
    f, v, cbar = 0.5, 1.0, 50.0
    regions = deterrence_regions(ma, mb, f, f, v, v, cbar, cbar)
    ax.contourf(
        ma,
        mb,
        regions,
        levels=[-0.5, 0.5, 1.5, 2.5, 3.5],
        colors=["#f4cccc", "#fce5cd", "#fff2cc", "#d9ead3"],
    )
    rows = []
    seen = set()
    for ans in answers:
        key = (ans.case.scenario.scenario.id, ans.label)
        if key in seen or ans.case.variant.defenses:
            continue
        seen.add(key)
        m_a = sum(x.launchers for x in ans.case.forces(ans.defender) if ans.rival in x.reaches)
        m_b = sum(x.launchers for x in ans.case.forces(ans.rival) if ans.defender in x.reaches)
        ax.plot(m_a, m_b, "o", color="black")
        ax.annotate(f"{ans.label} {ans.case.scenario.scenario.year}", (m_a, m_b), fontsize=7)
        rows.append(
            {
                "scenario": key[0],
                "dyad": ans.label,
                "defender_launchers": m_a,
                "rival_launchers": m_b,
            }
        )
    ax.set_xlabel("M_A (defender's launchers)")
    ax.set_ylabel("M_B (rival's launchers)")
    ax.set_title("Intriligator-Brito regions (f=0.5, v=1, Cbar=50)")
    x_star, y_star, stable = richardson_equilibrium(5, 3, 2, 2, 5, 5)
    path = richardson_discrete(0, 0, 0.2, 0.2, 0.5, 0.3, 0.5, 0.5, 12)
    rich = pd.DataFrame(path, columns=["x", "y"]).assign(step=np.arange(len(path)))[
        ["step", "x", "y"]
    ]
    return Section(
        id="deterrence-classics",
        title="Classical models: the deterrence cone and Richardson's arms race",
        question=(
            "Was MAD's stability a matter of numbers? 'With both sides holding on to nuclear "
            "weapons and acknowledging vulnerability to attacks from each other' (the seed)."
        ),
        model=(
            "Intriligator & Brito (1984): A is deterred iff v_B (M_B - f_A M_A) >= Cbar_A; the "
            "cone of mutual deterrence lies between the two lines. Richardson (1960): "
            f"dx/dt = k y - a x + g; with a=5, b=3, k=l=2, g=h=5 the equilibrium is "
            f"({x_star:.4f}, {y_star:.4f}), {'stable' if stable else 'unstable'}; the table "
            "iterates the discrete form X' = X + sx Y - fx X + gx."
        ),
        assumptions=[
            "Illustrative parameters (f = 0.5, v = 1, Cbar = 50) as in the reference; positions "
            "are the launcher counts that can reach the other side in the MAD variants.",
        ],
        sources=[cite("intriligator1984"), cite("richardson1960"), cite("leik1975")],
        figures=[
            Figure(
                "Deterrence regions and the built-in dyads",
                svg_from_matplotlib(fig),
                "Green: mutual deterrence; yellow/orange: one side deterred; red: neither.",
            )
        ],
        tables=[
            Table("Dyad positions (MAD variants)", pd.DataFrame(rows)),
            Table("Discrete Richardson path (sx=sy=0.2, fx=0.5, fy=0.3, gx=gy=0.5)", rich),
        ],
    )


def build(ctx: ReportContext) -> list[Section]:
    """Deterrence sections for the scenarios in ``ctx``."""
    answers = _answers(ctx)
    if not answers:
        return [
            Section(
                id="deterrence-exposure",
                title="Deterrence under missile defense",
                question=SEED_NMD,
                model="No scenario in this run defines dyads; nothing to compute.",
                notes=["Add [[dyads]] to a scenario file to get this section."],
            )
        ]
    table = seed_table(answers)
    return [
        _exposure_section(table),
        _stability_section(table),
        _reaction_section(ctx, answers),
        _decoupling_section(answers),
        *([bands] if (bands := uncertainty_section(ctx)) is not None else []),
        _classics_section(answers),
    ]

"""The uncertainty bands of a variant's own stability measure (lua28).

lua27 made every stability figure quoted for a variant the measure under its own postures
(:func:`anpo.deterrence.questions.own_convention`: with launch under attack where a side of the
dyad has a force on that posture), but the bands were still drawn without launch under attack,
so the report's first-strike key numbers gave no band exactly where the quoted figure was the
measure with it (in the 2025 book, every U.S. dyad: the Minuteman III is on that posture in
every variant). The bands' costs, incentives and index are now of each variant's own measure,
by the same rule, and each band row names its convention. The exchange is Kent & Thaler's
(RAND R-3765, 1989, App. C), computed with and without launch under attack.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from _support import book_scenarios

#: The 2025 variants the tests compute: each rival force posture without and with a defense.
VARIANTS_2025 = ("mad", "nmd-limited", "mad-china-low", "nmd-limited-china-low")


@pytest.fixture(scope="module")
def small_2025():
    """The book's 2025 scenario cut to its U.S.-China and U.S.-Russia dyads and
    :data:`VARIANTS_2025`, with its uncertainties."""
    scen = next(s for s in book_scenarios() if s.scenario.year == 2025)
    return scen.model_copy(
        update={
            "dyads": [d for d in scen.dyads if d.rival in ("CHN", "RUS")],
            "variants": [v for v in scen.variants if v.id in VARIANTS_2025],
        }
    )


@pytest.fixture(scope="module")
def band_table(small_2025) -> pd.DataFrame:
    """4 draws of :func:`small_2025`'s bands, without reaction curves."""
    from anpo.deterrence.bands import bands

    return bands(small_2025, draws=4, seed=7, reaction=False)


@pytest.fixture(scope="module")
def stab_2025(small_2025) -> pd.DataFrame:
    """The point estimates' stability table with each variant's own measures."""
    from anpo.deterrence.questions import answer_case, own_stability, stability_table

    answers = [a for c in small_2025.cases() for a in answer_case(c, with_extended=False)]
    return own_stability(stability_table(answers))


def test_stability_bands_are_of_the_variants_own_measure(band_table, stab_2025) -> None:
    """Each incentive and index band's point estimate is the figure the stability section
    quotes for the variant (its ``_own`` column), and the row says it is the measure with launch
    under attack; in the launch-on-warning variant that is 0.090, not the 0.302 of the exchange
    without it that the band was drawn from before."""
    own = stab_2025.set_index(["variant", "dyad"])
    assert set(own["own_convention"]) == {"lua"}  # the U.S. Minuteman III in every variant
    for measure, role, column in (
        ("incentive", "defender", "incentive_defender_own"),
        ("incentive", "rival", "incentive_rival_own"),
        ("fss", "", "fss_own"),
    ):
        rows = band_table[(band_table["measure"] == measure) & (band_table["role"] == role)]
        assert len(rows) == 2 * len(VARIANTS_2025)
        for r in rows.itertuples():
            assert r.convention == "lua", r
            want = float(own.loc[(r.variant, r.dyad), column])
            assert r.point == pytest.approx(want, abs=1e-12)
            assert r.p05 <= r.p50 <= r.p95
    low = band_table[
        (band_table["measure"] == "incentive")
        & (band_table["where"] == "USA")
        & (band_table["dyad"] == "U.S.-China")
        & (band_table["variant"] == "mad-china-low")
    ].iloc[0]
    plain = float(own.loc[("mad-china-low", "U.S.-China"), "incentive_defender"])
    assert abs(low.point - plain) > 0.1, (low.point, plain)  # the posture matters here


def test_arrival_bands_stay_of_the_exchange_their_point_estimate_is(band_table, small_2025) -> None:
    """P(at least m arrive) is computed everywhere from the exchange without launch under
    attack (the rival's forces riding out the first strike): its band is of that measure too,
    and its rows say so."""
    from anpo.deterrence.questions import answer_case

    arrive = band_table[band_table["measure"] == "p_arrive"]
    assert len(arrive) and set(arrive["convention"]) == {"plain"}
    case = next(c for c in small_2025.cases() if c.variant.id == "mad-china-low")
    [ans] = answer_case(case, with_extended=False, dyads=["U.S.-China"])
    row = arrive[(arrive["variant"] == "mad-china-low") & (arrive["x"] == 1.0)]
    row = row[(row["where"] == "USA") & (row["dyad"] == "U.S.-China")].iloc[0]
    assert row.point == pytest.approx(ans.exposure["USA"][1], abs=1e-12)


def test_first_strike_key_number_of_a_launch_under_attack_variant_carries_its_band(
    small_2025, band_table
) -> None:
    """The report's first-strike key number for U.S.-Russia 2025 quotes the United States'
    incentive with launch under attack (Russia's silo ICBMs and the Minuteman III are on that
    posture in every variant, and there it differs from the incentive without it) and gave no
    band, as the bands were of the exchange without it ('none beside another one'). It now gives
    the band of the measure it quotes, as the band table holds it, beside each figure."""
    from anpo.deterrence.bands_report import measure_band
    from anpo.deterrence.questions import answer_case, stability_table
    from anpo.deterrence.report import _stability_section

    answers = [a for c in small_2025.cases() for a in answer_case(c, with_extended=False)]
    stab = stability_table(answers)
    russia = stab[(stab["dyad"] == "U.S.-Russia") & (stab["variant"] == "mad")].iloc[0]
    # the posture matters: the measure quoted is not the one the bands were drawn of
    assert abs(russia["incentive_defender_lua"] - russia["incentive_defender"]) > 0.01
    table = band_table.assign(year=2025)
    sec = _stability_section(answers, stab, table)
    [finding] = [f for f in sec.findings if "U.S.-Russia" in f.question]
    band = measure_band(table, 2025, "mad", "U.S.-Russia", "incentive", "USA", kind="cost")
    assert band.startswith("5–95%: "), band
    assert band in finding.number, finding.number
    figures = finding.number.count("→") + 1
    assert finding.number.count("5–95%") == figures, finding.number  # each quoted figure


def test_measure_band_gives_no_band_of_another_convention() -> None:
    """A figure quoted under one convention never takes the band of the other."""
    from anpo.deterrence.bands_report import measure_band

    t = pd.DataFrame(
        {
            "year": [2025],
            "variant": ["mad"],
            "dyad": ["U.S.-China"],
            "measure": ["incentive"],
            "where": ["USA"],
            "convention": ["lua"],
            "p05": [0.04],
            "p95": [0.13],
        }
    )
    args = (t, 2025, "mad", "U.S.-China", "incentive", "USA")
    assert measure_band(*args, kind="cost", convention="lua") == "5–95%: 0.04 to 0.13"
    assert measure_band(*args, kind="cost", convention="plain") == ""
    assert measure_band(*args, kind="cost") == "5–95%: 0.04 to 0.13"


def test_bands_are_the_same_with_the_plans_held_in_both_exchanges(small_2025) -> None:
    """The draws hold each striker's plan at the point estimate's, in the exchange with launch
    under attack too (the striker re-plans against forces on that posture, so that plan is
    another one): the point estimate of a band is the point estimate of the answer, and a draw
    of :func:`anpo.deterrence.bands.case_measures` with those plans on the file's own values
    gives it again."""
    from anpo.deterrence.bands import _measure_case

    case = next(c for c in small_2025.cases() if c.variant.id == "mad-china-low")
    rows, plans, _, _ = _measure_case(case, None, False, None, 20_000)
    again, _, _, _ = _measure_case(case, None, False, plans, 20_000)
    assert plans[0] != plans[1]  # the plans differ between the exchanges here
    values = {r[:5]: r[5] for r in rows}
    for r in again:
        v = values[r[:5]]
        assert (math.isnan(v) and math.isnan(r[5])) or r[5] == pytest.approx(v, abs=1e-12), r


def test_outcomes_convention_option(small_2025, stab_2025) -> None:
    """``questions.outcomes`` gave the stability measures without launch under attack only,
    where the report quotes each variant's own: ``convention`` picks the exchange ("plain",
    the default and the numbers before; "lua"; "own", by :func:`own_convention`'s rule)."""
    from anpo.deterrence.questions import outcomes
    from anpo.errors import InputError

    scen = small_2025.model_copy(update={"uncertainties": []})
    row = stab_2025.set_index(["variant", "dyad"]).loc[("mad-china-low", "U.S.-China")]
    got = {
        c: outcomes(scen, "mad-china-low", convention=c)  # type: ignore[arg-type]
        for c in ("plain", "lua", "own")
    }
    default = outcomes(scen, "mad-china-low")
    assert default.keys() == got["plain"].keys()
    for k, v in default.items():  # NaN where undefined: equal as NaN
        assert (math.isnan(v) and math.isnan(got["plain"][k])) or v == got["plain"][k], k
    for c, column in (
        ("plain", "incentive_defender"),
        ("lua", "incentive_defender_lua"),
        ("own", "incentive_defender_own"),
    ):
        assert got[c]["USA-CHN/incentive_defender"] == pytest.approx(row[column], abs=1e-12)
    assert got["own"]["USA-CHN/fss"] == pytest.approx(row["fss_own"], abs=1e-12)
    # the arrivals are of the exchange without launch under attack whatever the convention
    key = "USA-CHN/p_retaliation_ge_1"
    assert got["own"][key] == got["plain"][key]
    with pytest.raises(InputError):
        outcomes(scen, "mad-china-low", convention="both")  # type: ignore[arg-type]


def test_a_draw_in_which_no_force_launches_under_attack_keeps_the_point_estimates_exchange() -> (
    None
):
    """stab29 made a force of 0 launchers put no side on launch under attack, and a band's
    draw can draw the only such force's launchers down to 0: that draw's costs, incentives and
    index were then of the exchange without launch under attack, with its held plan, under a
    band labelled "lua" (review29). A draw keeps the point estimate's convention and its held
    plan of the exchange with launch under attack: here China's strike on the 5 MX silos (3
    warheads each) is 3 warheads per silo in that plan and 2 in the other, so the two measures
    differ. The exchange is Kent & Thaler's (RAND R-3765, 1989, App. C)."""
    from _support import ally_lua_scenario
    from anpo.deterrence.bands import _measure_case
    from anpo.deterrence.exchange import side_from_case
    from anpo.deterrence.questions import exchange_settings
    from anpo.deterrence.stability import dyad
    from anpo.scenario import parse_scenario_text

    mx = (
        '\n[[forces]]\nid = "us-mx"\nactor = "USA"\nname = "MX"\nbasing = "silo"\n'
        'missile_class = "ICBM"\nlaunchers = 5\nwarheads_per_launcher = 3\n'
        'survivable_fraction = 0.0\nreaches = ["CHN"]\nsource = "anpo assumption: test"\n'
        '\n[[counterforce]]\nstriker = "USA"'
    )

    def case(mm3: int) -> object:
        text = ally_lua_scenario(us_launchers=mm3).replace(
            '\n[[counterforce]]\nstriker = "USA"', mx, 1
        )
        scen = parse_scenario_text(text, "mx.toml")
        return next(c for c in scen.cases() if c.variant.id == "mad")

    _, plans, convs, _ = _measure_case(case(5), None, False, None, 20_000)
    assert convs == {"USA-CHN": "lua"}
    held, held_lua = plans[0]["USA-CHN"], plans[1]["USA-CHN"]
    assert (held[1]["us-mx"], held_lua[1]["us-mx"]) == (2, 3)
    drawn = case(0)  # the draw: no Minuteman III left to launch under attack
    rows, _, said, _ = _measure_case(drawn, None, False, plans, 20_000, convs)
    assert said == convs
    a, b = side_from_case(drawn, "USA", "CHN"), side_from_case(drawn, "CHN", "USA")
    lua = dyad(a, b, exchange_settings(drawn, True), allocations=held_lua).defined()
    plain = dyad(a, b, exchange_settings(drawn, False), allocations=held).defined()
    got = {(r[1], r[2]): r for r in rows if r[1] == "cost_first"}
    assert got[("cost_first", "CHN")][6] == "lua"
    assert got[("cost_first", "CHN")][5] == pytest.approx(float(lua["c1_b"]), abs=1e-12)
    assert abs(float(lua["c1_b"]) - float(plain["c1_b"])) > 1e-3  # the measure mixed in before


def test_a_draw_holds_the_point_estimates_counterforce_level_against_one_launcher() -> None:
    """deter30 (left by review29): the reaction curve of a variant holding its growth component
    with 0 launchers takes the level of the exchange's plan against one launcher
    (``questions._level_against_one_launcher``), and a band's draw searched that plan afresh
    while every other measure of the band keeps the point estimate's held plans (c1ecade4). A
    draw now holds the point estimate's level: here the U.S. plan against one DF-5A silo is 2
    warheads at a kill probability of 0.9 (the point) and 5 at 0.5 (the draw), and the draw's
    curve is that of level 2. The exchange is Kent & Thaler's (RAND R-3765, 1989, App. C); the
    curve is anpo's own."""
    from _support import ally_lua_scenario
    from anpo.deterrence.bands import _measure_case
    from anpo.deterrence.questions import answer_case, reaction_table
    from anpo.scenario import parse_scenario_text

    def case(kill_probability: str) -> object:
        text = ally_lua_scenario(df5_launchers=0).replace(
            "kill_probability = 0.9", f"kill_probability = {kill_probability}", 1
        )
        scen = parse_scenario_text(text, "zero.toml")
        return next(c for c in scen.cases() if c.variant.id == "nmd")

    _, plans, convs, levels = _measure_case(case("0.9"), None, True, None, 20_000)
    assert levels == {"USA-CHN": 2}
    drawn = case("0.5")
    rows, _, _, again = _measure_case(drawn, None, True, plans, 20_000, convs, levels)
    assert again == levels
    (ans,) = answer_case(drawn, with_extended=False, allocations=plans[0], allocations_lua=plans[1])
    held, fresh = reaction_table(ans, counterforce_level=2), reaction_table(ans)
    assert int(fresh["counterforce_level"].iloc[0]) == 5  # what the draw searched before
    got = [r[5] for r in rows if r[1] == "launchers_needed"]
    assert got == [float(n) for n in held["launchers_needed"]]
    assert got != [float(n) for n in fresh["launchers_needed"]]

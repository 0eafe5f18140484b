"""Which stability measure a variant's single figure is (lua27, a user audit): the 2025 book's
"MAD with China on launch on warning" variant puts China's silo ICBMs on launch-under-attack
posture, yet the report's first-strike finding quoted the U.S. incentive of the exchange without
launch under attack, 0.302, the same as plain MAD's, where under that posture it is about 0.09.
Every figure quoted for a variant is now its own measure (with launch under attack where a side
has a force on that posture: :func:`anpo.deterrence.questions.own_convention`); the exchange is
Kent & Thaler's (RAND R-3765, 1989, App. C), computed with and without launch under attack.
"""

from __future__ import annotations

import pandas as pd
import pytest

from _support import book_scenarios

#: The 2025 variants the tests compute: each rival force posture without and with a defense.
VARIANTS_2025 = {"mad", "nmd-limited", "mad-china-low", "nmd-limited-china-low"}


@pytest.fixture(scope="module")
def answers_2025() -> list:
    """The book's 2025 U.S.-China answers for :data:`VARIANTS_2025`, with launch under attack."""
    from anpo.deterrence.questions import answer_case

    scen = next(s for s in book_scenarios() if s.scenario.year == 2025)
    small = scen.model_copy(
        update={
            "dyads": [d for d in scen.dyads if d.rival == "CHN"],
            "variants": [v for v in scen.variants if v.id in VARIANTS_2025],
            "uncertainties": [],
        }
    )
    return [a for c in small.cases() for a in answer_case(c, with_extended=False)]


def test_own_convention_is_the_launch_under_attack_measure_where_a_side_has_that_posture() -> None:
    """The rule: a side of the dyad with a force on launch-under-attack posture makes the measure
    with launch under attack the variant's own; no such force, the two are the same exchange;
    such a force but only the exchange without computed, a measure that ignores the posture."""
    from anpo.deterrence.questions import own_convention, own_stability, posture_words

    assert own_convention(["CHN"]) == "lua"
    assert own_convention(["USA", "CHN"], computed=True) == "lua"
    assert own_convention([]) == "no-lua"
    assert own_convention([], computed=False) == "no-lua"
    assert own_convention(["CHN"], computed=False) == "lua-not-computed"
    stab = pd.DataFrame(
        {
            "fss": [0.6, 0.6, 0.6],
            "fss_lua": [0.6, 0.9, 0.6],
            "incentive_defender": [0.3, 0.3, 0.3],
            "incentive_defender_lua": [0.3, 0.1, 0.3],
            "incentive_rival": [0.07, 0.07, 0.07],
            "incentive_rival_lua": [0.07, 0.02, 0.07],
            "own_convention": ["no-lua", "lua", "lua-not-computed"],
            "lua_sides": ["", "China", "China"],
        }
    )
    own = own_stability(stab)
    assert own["incentive_defender_own"].tolist() == [0.3, 0.1, 0.3]
    assert own["incentive_rival_own"].tolist() == [0.07, 0.02, 0.07]
    assert own["fss_own"].tolist() == [0.6, 0.9, 0.6]
    assert own["postures"].tolist() == [
        "",
        posture_words("lua", ["China"]),
        posture_words("lua-not-computed", ["China"]),
    ]
    assert own["postures"].iloc[2].startswith("ignoring the launch-under-attack posture")
    # both conventions' columns stay as they were
    pd.testing.assert_frame_equal(own[stab.columns], stab)


def test_stability_table_names_the_variants_own_convention(answers_2025: list) -> None:
    """The 2025 book's U.S. Minuteman III is on launch-under-attack posture in every variant,
    China's silo ICBMs in the launch-on-warning ones: the table says which sides have such
    forces and that the ``_lua`` columns are each variant's own; without the exchange with
    launch under attack computed, the rule says the measure ignores the posture."""
    from anpo.deterrence.questions import answer_case, stability_table

    stab = stability_table(answers_2025).set_index("variant")
    assert stab.loc["mad", "lua_sides"] == "United States"
    assert stab.loc["mad-china-low", "lua_sides"] == "United States; China"
    assert set(stab["own_convention"]) == {"lua"}
    case = answers_2025[0].case
    [plain] = answer_case(case, with_lua=False, with_extended=False)
    assert stability_table([plain])["own_convention"].tolist() == ["lua-not-computed"]


def test_stability_finding_quotes_the_launch_on_warning_variants_own_incentive(
    answers_2025: list,
) -> None:
    """The report's first-strike finding for U.S.-China 2025 said 'with the forces of the “MAD
    with China on launch on warning” variant, the defender's is 0.302 without defenses', the
    incentive without launch under attack, the same as plain MAD's. It now quotes the
    incentive with launch under attack under that variant's posture, says so, and the table
    and figure read the same measure."""
    from anpo.deterrence.questions import stability_table
    from anpo.deterrence.report import _cost, _stability_section

    stab = stability_table(answers_2025)
    row = stab.set_index("variant").loc["mad-china-low"]
    lua, plain = row["incentive_defender_lua"], row["incentive_defender"]
    assert _cost(lua) != _cost(plain)  # the posture matters: the test can tell them apart
    sec = _stability_section(answers_2025, stab)
    [finding] = sec.findings
    clause = finding.answer.split("“MAD with China on launch on warning” variant", 1)[1]
    assert clause.startswith(
        " (with launch under attack by the United States and China), the defender's is "
        f"{_cost(lua)} without defenses"
    ), finding.answer
    mad = stab.set_index("variant").loc["mad"]
    assert finding.answer.startswith(
        "The defender's first-strike incentive (its cost struck first minus striking first), "
        f"with launch under attack by the United States, is {_cost(mad['incentive_defender_lua'])}"
    ), finding.answer
    table = sec.tables[0].frame.set_index("variant")
    assert table.loc["mad-china-low", "incentive_defender_own"] == lua
    assert table.loc["mad-china-low", "postures"] == (
        "with launch under attack by the United States and China"
    )
    assert (
        "U.S.-China, with launch under attack by the United States in 2 variants of 2025, with "
        "launch under attack by the United States and China in 2 variants of 2025."
    ) in sec.figures[0].caption


def test_a_comparison_across_postures_says_the_measure_changed() -> None:
    """'rises to Y (a variant under other postures)' compared figures of different exchanges
    without a word: a figure under other postures than the sentence's first says which."""
    from anpo.deterrence.report import _other_postures

    rest = pd.DataFrame(
        {
            "dyad": ["D", "D"],
            "variant": ["low", "low-nmd"],
            "incentive_defender": [0.09, 0.097],
            "postures": ["with launch under attack by B", "with launch under attack by A"],
        }
    )
    posture = {("D", 2025, "low"): "x", ("D", 2025, "low-nmd"): "x"}
    bare = {("D", 2025, "low"): True, ("D", 2025, "low-nmd"): False}
    text = _other_postures(rest, posture, bare, 2025, None, "with launch under attack by A")
    assert text == (
        "with the forces of the low variant (with launch under attack by B), the defender's is "
        "0.09 without defenses and rises to 0.097 (low-nmd; with launch under attack by A)"
    )


def test_stability_command_notes_which_measures_are_the_variants_own(answers_2025: list) -> None:
    """``anpo stability``'s table headed 'Defender's first-strike incentive (C2 - C1)' with the
    exchange without launch under attack and no incentive with it: the table now gives both and
    the line under it names, for each variant and dyad with a force on launch-under-attack
    posture, that the measures with it are the variant's own."""
    from anpo.cli.deterrence import _own_measures_note
    from anpo.deterrence.questions import own_stability, stability_table

    own = own_stability(stability_table(answers_2025))
    note = _own_measures_note(own, {"mad-china-low": "MAD with China on LOW"})
    assert note.startswith("  Each variant's own measures (its forces' postures) are those with ")
    assert "with launch under attack by the United States and China: MAD with China on LOW " in (
        note
    )
    assert "(U.S.-China)" in note


@pytest.mark.slow
def test_stability_command_on_the_2025_book_gives_both_incentives() -> None:
    """End to end: ``anpo stability book:us-japan-2025 --variant mad-china-low`` prints the
    incentives with launch under attack beside those without, the note naming the variant's
    own, and its JSON rows say which convention is the variant's own."""
    import json

    from _support import invoke

    args = ("stability", "book:us-japan-2025", "--variant", "mad-china-low", "--no-reaction")
    human = invoke(*args, env={"COLUMNS": "400"})
    assert human.exit_code == 0, human.output
    assert "Defender's incentive with launch under attack" in human.stdout
    assert "with launch under attack by the United States and China: " in human.stdout
    out = json.loads(invoke(*args, "--json").stdout)
    rows = {r["dyad"]: r for r in out["stability"]}
    china = rows["U.S.-China"]
    assert china["own_convention"] == "lua" and china["lua_sides"] == "United States; China"
    assert china["incentive_defender_lua"] < china["incentive_defender"] - 0.1


def test_findings_group_variants_by_both_sides_forces() -> None:
    """The first-strike and assured-retaliation findings compare a defense with no defense
    among variants of the same forces, grouped by ``_posture``, which read only the rival's
    added and removed forces: a variant that changed the defender's forces (or put one on
    another posture, a component swap) was grouped, and compared, with the undefended variant
    of other forces. The key now holds either side's changes, not a third state's (the book's
    variants change only China's forces, so no printed sentence of the 2001, 2025 and 2030
    books changes)."""
    from types import SimpleNamespace as NS

    from anpo.deterrence.report import _posture

    forces = [
        NS(id="us-mm3", actor="USA"),
        NS(id="us-mm3-alert", actor="USA"),
        NS(id="cn-df5", actor="CHN"),
        NS(id="jp-x", actor="JPN"),
    ]

    def key(add: list[str], remove: list[str]) -> tuple:
        v = NS(add_forces=add, remove_forces=remove)
        ans = NS(case=NS(scenario=NS(forces=forces), variant=v), defender="USA", rival="CHN")
        return _posture(ans)

    mad = key([], [])
    assert key(["us-mm3-alert"], ["us-mm3"]) != mad  # the defender's posture changed
    assert key(["us-mm3-alert"], ["us-mm3"]) == (("us-mm3-alert",), ("us-mm3",))
    assert key(["cn-df5"], []) == (("cn-df5",), ())
    assert key(["jp-x"], []) == mad  # a third state's forces: this dyad's are the same


def test_the_first_strike_findings_undefended_variant_is_the_dyads_own() -> None:
    """Which variant is a dyad's "without defenses" in the first-strike finding
    (``_posture_keys``, read by ``_moved_by_posture``): the assured-retaliation finding's rule
    (deter30), no layer covering the defender against this rival's warheads and none defending
    the rival's silos, which the defender's strike meets (Kent & Thaler's cost-minimising plan,
    RAND R-3765, 1989, App. C, answers a silo defense). It was keyed by (year, variant) and read
    the defender's cover alone: a layer covering the defender against North Korea alone made the
    variant "defended" for U.S.-China too (or not, whichever dyad came last), and a variant with
    only China's silo defense was China's undefended base."""
    from types import SimpleNamespace as NS

    from anpo.deterrence.report import _posture_keys

    def answer(label: str, rival: str, covered: bool, silo: bool) -> NS:
        case = NS(
            scenario=NS(scenario=NS(year=2030), forces=[]),
            variant=NS(id="v", add_forces=[], remove_forces=[]),
            silo_layers=lambda who: ["sd"] if silo and who == rival else [],
        )
        return NS(label=label, case=case, defender="USA", rival=rival, covered={"USA": covered})

    _, bare = _posture_keys(
        [
            answer("U.S.-China", "CHN", covered=False, silo=False),
            answer("U.S.-North Korea", "PRK", covered=True, silo=False),
            answer("U.S.-Russia", "RUS", covered=False, silo=True),
        ]
    )
    assert bare == {
        ("U.S.-China", 2030, "v"): True,
        ("U.S.-North Korea", 2030, "v"): False,
        ("U.S.-Russia", 2030, "v"): False,
    }


def test_first_strike_picks_are_the_variants_the_finding_quotes() -> None:
    """The first-strike finding quotes MAD, the lowest and highest defender's incentive among
    MAD's forces, and each other force posture's undefended and most-changed variant; one
    function chooses them for the finding and for the report's bands (fsband28: the 2030
    book's key number quoted the SM-3 underlay, which the bands' own picks left out, without a
    band). A constructed stability table (Kent & Thaler 1989 incentives, made-up values)."""
    from anpo.deterrence.report import _first_strike_picks

    rows = [  # variant, defender's incentive, forces, undefended
        ("mad", 0.10, "a", True),
        ("nmd-big", 0.15, "a", False),
        ("gmd-sm3", 0.02, "a", False),
        ("gmd-global", 0.08, "a", False),
        ("mad-low", 0.30, "b", True),
        ("nmd-big-low", 0.29, "b", False),
        ("gmd-low", 0.05, "b", False),
    ]
    stab = pd.DataFrame(
        {
            "year": 2030,
            "dyad": "U.S.-China",
            "variant": [r[0] for r in rows],
            "incentive_defender": [r[1] for r in rows],
            "incentive_rival": 0.2,
        }
    )
    posture = {("U.S.-China", 2030, r[0]): r[2] for r in rows}
    bare = {("U.S.-China", 2030, r[0]): r[3] for r in rows}
    [(dyad, pick)] = _first_strike_picks(stab, posture, bare).items()
    assert dyad == "U.S.-China" and pick.year == 2030 and not pick.flat
    assert pick.lo is not None and pick.hi is not None
    assert (pick.lo["variant"], pick.hi["variant"]) == ("gmd-sm3", "nmd-big")
    assert [(b["variant"], m["variant"]) for b, m in pick.moved] == [("mad-low", "gmd-low")]
    assert pick.quoted() == [
        (2030, "mad"),
        (2030, "gmd-sm3"),
        (2030, "nmd-big"),
        (2030, "mad-low"),
        (2030, "gmd-low"),
    ]
    flat = stab.assign(incentive_defender=0.0, incentive_rival=0.0)
    assert _first_strike_picks(flat, posture, bare)["U.S.-China"].quoted() == []


@pytest.mark.slow
@pytest.mark.parametrize("year", [2001, 2025, 2030])
def test_every_first_strike_key_number_gives_each_figures_band(year: int) -> None:
    """Every variant a first-strike key number of the book's report quotes a figure of has its
    5–95% band: the 2030 book's quoted 'global missile defense with an SM-3 underlay' without
    one, a variant the report's band picks (report_variants) left out (fsband28). Each figure
    names its variant in quotes, so the key number has as many bands as quoted names
    (Kent & Thaler 1989 costs; bands of anpo.deterrence.bands)."""
    from anpo.deterrence.report import build
    from anpo.report.sections import ReportContext

    scen = next(s for s in book_scenarios() if s.scenario.year == year)
    sections = build(ReportContext(scenarios=[scen]))
    [sec] = [s for s in sections if s.id == "deterrence-stability"]
    numbers = [f.number for f in sec.findings if "first-strike incentive of" in f.number]
    assert numbers  # the book quotes the incentive
    for number in numbers:
        assert number.count("“") == number.count("5–95%"), number


@pytest.mark.parametrize(
    ("us_launchers", "sides", "own"), [(0, "", "no-lua"), (500, "United States", "lua")]
)
def test_a_force_of_no_launchers_puts_no_side_on_launch_under_attack(
    us_launchers: int, sides: str, own: str
) -> None:
    """audit29 (``anpo stability`` on its ally5 scenario): the U.S. Minuteman III on
    launch-under-attack posture with ``launchers = 0`` made the United States a side 'with
    launch under attack' and ``own_convention`` "lua", beside 'the United States has no
    deliverable warheads'. A force of no launchers launches nothing (Kent & Thaler, RAND
    R-3765, 1989, App. C: launch under attack saves a share of the victim's launchers), so no
    side is on that posture there; with 500 launchers the United States is. The stability
    table, its own measures (the report's and the CLI note's), the bands' convention and the
    JSON of ``anpo stability`` all read the same rule."""
    from _support import ally_lua_scenario
    from anpo.cli.deterrence import _own_measures_note
    from anpo.deterrence.bands import band_convention
    from anpo.deterrence.questions import answer_case, own_stability, stability_table
    from anpo.scenario.load import parse_scenario_text

    scen = parse_scenario_text(ally_lua_scenario(us_launchers=us_launchers), "ally.toml")
    answers = [a for c in scen.cases() for a in answer_case(c, with_extended=False)]
    stab = stability_table(answers)
    assert stab["lua_sides"].tolist() == [sides, sides]
    assert stab["own_convention"].tolist() == [own, own]
    assert {band_convention(x) for x in stab["own_convention"]} == {"lua" if sides else "plain"}
    note = _own_measures_note(own_stability(stab), {})
    assert ("with launch under attack by the United States" in note) == bool(sides)
    if us_launchers == 0:
        assert note == ""
        assert {str(r) for r in stab["fss_reason"]} == {
            "the United States has no deliverable warheads in 2001"
        }


def test_no_side_launches_under_attack_against_a_disarmed_rival() -> None:
    """deter30 (left by review29): the United States, with 500 Minuteman III on
    launch-under-attack posture, was named a side 'with launch under attack' against a China
    with no deliverable warheads (its DF-5A with 0 launchers), as against North Korea in the
    2001 book: there is no first strike to launch under. Launch under attack is a launch on
    warning of the attacker's warheads (Kent & Thaler, RAND R-3765, 1989, App. C), so no side
    is named and the measures are the variant's without it (the same exchange); the stability
    table, its own measures, the CLI note and the report's postures note say nothing of the
    posture or that no side launches under attack."""
    from _support import ally_lua_scenario
    from anpo.cli.deterrence import _own_measures_note
    from anpo.deterrence.questions import answer_case, lua_sides, own_stability, stability_table
    from anpo.deterrence.report import _postures_note
    from anpo.scenario.load import parse_scenario_text

    scen = parse_scenario_text(ally_lua_scenario(df5_launchers=0), "disarmed.toml")
    answers = [a for c in scen.cases() for a in answer_case(c, with_extended=False)]
    assert [lua_sides(a) for a in answers] == [[], []]
    stab = stability_table(answers)
    assert stab["lua_sides"].tolist() == ["", ""]
    assert stab["own_convention"].tolist() == ["no-lua", "no-lua"]
    assert {str(r) for r in stab["fss_reason"]} == {"China has no deliverable warheads in 2001"}
    own = own_stability(stab)
    assert own["postures"].tolist() == ["", ""]
    assert _own_measures_note(own, {}) == ""
    assert _postures_note(own) == ""
    # the United States still launches under attack against an armed China
    armed = parse_scenario_text(ally_lua_scenario(df5_launchers=1), "armed.toml")
    (one,) = answer_case(armed.cases()[0], with_extended=False)
    assert lua_sides(one) == ["USA"]


def test_lua_and_the_unarmed_side_read_one_count_of_deliverable_warheads() -> None:
    """One definition of a side's deliverable warheads (mend31, from the closing notes:
    questions re-derived it for launch under attack): China holds 20 DF-5A warheads that reach
    Japan but not the United States, so it has none deliverable at the United States. The
    stability exchange calls China unarmed (it cannot strike the United States first: the
    index is undefined, Kent & Thaler, RAND R-3765, 1989, App. C) and, by the same count, the
    United States' Minuteman III on launch-under-attack posture has no attack to launch under:
    no side is named (deter30's rule). The count is the same given a Side or its forces."""
    from _support import ally_lua_scenario
    from anpo.deterrence.exchange import side_from_case
    from anpo.deterrence.questions import answer_case, lua_sides, stability_table
    from anpo.deterrence.stability import deliverable_warheads
    from anpo.scenario.load import parse_scenario_text

    scen = parse_scenario_text(ally_lua_scenario(df5_reaches=("JPN",)), "noreach.toml")
    case = scen.cases()[0]
    china = side_from_case(case, "CHN", "USA")
    assert deliverable_warheads(china, "USA") == deliverable_warheads(case.forces("CHN"), "USA")
    assert deliverable_warheads(china, "USA") == 0
    assert deliverable_warheads(case.forces("CHN"), "JPN") == 20
    answers = [a for c in scen.cases() for a in answer_case(c, with_extended=False)]
    assert [a.stability.unarmed for a in answers] == [("CHN",), ("CHN",)]
    assert [lua_sides(a) for a in answers] == [[], []]
    stab = stability_table(answers)
    assert stab["own_convention"].tolist() == ["no-lua", "no-lua"]
    assert {str(r) for r in stab["fss_reason"]} == {
        "China has no warheads that can reach the United States in 2001"
    }


def test_stability_command_names_no_posture_for_a_force_of_no_launchers(tmp_path) -> None:
    """End to end, audit29's ally5 scenario (``anpo stability``, U.S. Minuteman III on
    launch-under-attack posture with 0 launchers): the output no longer says 'with launch
    under attack by the United States' and the JSON's ``own_convention`` is "no-lua"."""
    import json

    from _support import ally_lua_scenario, invoke

    path = tmp_path / "ally5.toml"
    path.write_text(ally_lua_scenario(us_launchers=0))
    human = invoke("stability", str(path), "--no-reaction", env={"COLUMNS": "400"})
    assert human.exit_code == 0, human.output
    assert "no deliverable warheads" in human.stdout
    assert "launch under attack by the United States" not in human.stdout
    out = json.loads(invoke("stability", str(path), "--no-reaction", "--json").stdout)
    assert [(r["lua_sides"], r["own_convention"]) for r in out["stability"]] == [("", "no-lua")] * 2

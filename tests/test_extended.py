"""Extended deterrence (anpo.deterrence.extended; issue 9, item 6): the rival strikes the ally,
the patron honours the guarantee, the rival retaliates against the patron's homeland. The
patron's price [wilkening1995; powell2003] and the ally's exposure, with and without the
defenses, checked against the exchange and the interception model they are built from."""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

import anpo.cli
from _support import us_china_scenario
from anpo.deterrence.defense import RVGroup, arrivals
from anpo.deterrence.exchange import ExchangeSettings, first_strike, side_from_case
from anpo.deterrence.extended import extended
from anpo.scenario import parse_scenario_text

# the minimal U.S.-China scenario with Japan as the ally, in reach of China's DF-5A and DF-21
WORLD = us_china_scenario(
    df5_reaches=("USA", "JPN"),
    actors="""
[[actors]]
id = "JPN"
name = "Japan"
ccode = 740
""",
    dyad=False,
    extra="""
[[forces]]
id = "cn-regional"
actor = "CHN"
name = "DF-21"
basing = "road-mobile"
missile_class = "MRBM"
launchers = 12
warheads_per_launcher = 1
survivable_fraction = 0.5
reaches = ["JPN"]
source = "test"

[[forces]]
id = "us-silo"
actor = "USA"
name = "Minuteman III"
basing = "silo"
missile_class = "ICBM"
launchers = 200
warheads_per_launcher = 1
survivable_fraction = 0.0
reaches = ["CHN"]
source = "test"

[[counterforce]]
striker = "USA"
basing = "silo"
kill_probability = 0.6
source = "test"

[[counterforce]]
striker = "USA"
basing = "road-mobile"
kill_probability = 0.5
source = "test"

[[counterforce]]
striker = "CHN"
basing = "silo"
kill_probability = 0.3
source = "test"

[[defenses]]
id = "jp"
owner = "JPN"
name = "Japan BMD"
source = "test"

[[defenses.layers]]
name = "SM-3"
engages = ["MRBM"]
interceptors = 16
sspk = 0.8
shots = 2
covers = ["JPN"]
source = "test"

[[damage]]
actor = "JPN"
w80 = 100
source = "test"

[[alliances]]
id = "us-japan"
name = "U.S.-Japan"
patron = "USA"
members = ["JPN"]
source = "test: the dyad's ally is a member"

[[dyads]]
defender = "USA"
rival = "CHN"
ally = "JPN"
label = "U.S.-China"

[[variants]]
id = "mad"
title = "MAD"
defenses = []

[[variants]]
id = "both"
title = "NMD and Japan's BMD"
defenses = ["nmd", "jp"]
""",
)


@pytest.fixture(scope="module")
def world():
    return parse_scenario_text(WORLD, "world.toml")


def test_the_sequence_follows_its_definition(world):
    """The ally's exposure is the rival's regional strike through the ally's layers; the
    patron's price is the rival's retaliation after the patron's counterforce strike, through
    the patron's layers; without defenses both are the undefended numbers."""
    case = next(c for c in world.cases() if c.variant.id == "both")
    dy = world.dyads[0]
    res = extended(case, dy, ExchangeSettings(), [1, 5])
    strike = arrivals([RVGroup.fixed(12, "MRBM")], case.layers_covering("JPN"), "JPN")
    assert res.ally_attack_warheads == 12
    assert res.ally_exposure[1] == pytest.approx(strike.p_at_least(1), abs=1e-12)
    assert res.ally_exposure_undefended[5] == 1.0
    response = first_strike(side_from_case(case, "USA", "CHN"), side_from_case(case, "CHN", "USA"))
    assert res.price[1] == pytest.approx(response.p_retaliation(1), abs=1e-12)
    assert res.price_damage == pytest.approx(response.striker_damage, abs=1e-12)
    assert res.price[1] <= res.price_undefended[1]
    assert res.price_reserve_intact[1] >= res.price[1]
    assert res.price_change(1) <= 0.0 and res.exposure_change(1) < 0.0
    mad = extended(next(c for c in world.cases() if c.variant.id == "mad"), dy)
    assert mad.price[1] == pytest.approx(mad.price_undefended[1], abs=1e-12)
    assert mad.ally_exposure[1] == 1.0


def test_no_regional_forces_is_said(world):
    """A rival with no forces that reach only the ally fires nothing at it unless the dyad's
    ally_strike_share says so; the note says which."""
    text = WORLD.replace(
        'reaches = ["JPN"]\nsource = "test"', 'reaches = ["JPN", "USA"]\nsource = "test"'
    )
    scen = parse_scenario_text(text, "w.toml")
    case = next(c for c in scen.cases() if c.variant.id == "mad")
    res = extended(case, scen.dyads[0])
    assert res.ally_attack_warheads == 0
    assert any("no forces that reach only Japan" in n for n in res.notes)
    # no attack on the ally, so nothing for the patron to answer: the sequence's measures are
    # undefined with the reason, not the exposure 0 and price 1 of an exchange that never starts
    assert res.undefined is not None and "China fires no warheads at Japan" in res.undefined
    assert "no attack for the United States to answer" in res.undefined
    measures = [res.price, res.price_undefended, res.price_reserve_intact, res.ally_exposure]
    assert all(math.isnan(p) for d in measures for p in d.values())
    assert math.isnan(res.price_damage) and math.isnan(res.ally_damage)
    share = scen.dyads[0].model_copy(update={"ally_strike_share": 0.5})
    res = extended(case, share)
    assert res.ally_attack_warheads == 6 + 10  # half of the regional and of the DF-5 launchers
    assert res.reserve_warheads == 20 - 10 + 12 - 6
    assert res.undefined is None and 0.0 <= res.price[1] <= 1.0


def test_cli_extended_says_why_a_price_is_undefined(tmp_path):
    """Wilkening & Watman (1995) sequence through the CLI: where the rival fires nothing at the
    ally, the JSON has null measures and the reason, and the table prints the reason (it showed
    exposure 0 and price 1 for U.S.-Russia in the book's 2025 scenario)."""
    path = tmp_path / "w.toml"
    path.write_text(
        WORLD.replace(
            'reaches = ["JPN"]\nsource = "test"', 'reaches = ["JPN", "USA"]\nsource = "test"'
        )
    )
    runner = CliRunner()
    res = runner.invoke(anpo.cli.app, ["extended", str(path), "--variant", "mad", "--json"])
    assert res.exit_code == 0, res.output
    [row] = [r for r in json.loads(res.output)["extended"] if r["m"] == 1]
    for key in ("ally_exposure", "patron_price", "patron_price_undefended", "patron_damage"):
        assert row[key] is None, key
    assert "China fires no warheads at Japan" in row["undefined_reason"]
    res = runner.invoke(anpo.cli.app, ["extended", str(path), "--variant", "mad"])
    assert res.exit_code == 0, res.output
    assert "undefined (–): China fires no warheads at Japan" in " ".join(res.output.split())


def test_cli_extended(tmp_path):
    path = tmp_path / "world.toml"
    path.write_text(WORLD)
    runner = CliRunner()
    res = runner.invoke(anpo.cli.app, ["extended", str(path), "--json"])
    assert res.exit_code == 0, res.output
    assert '"patron_price"' in res.output and '"ally_exposure"' in res.output
    res = runner.invoke(anpo.cli.app, ["extended", str(path), "--variant", "both"])
    assert res.exit_code == 0 and "extended deterrence" in res.output
    bad = runner.invoke(anpo.cli.app, ["extended", str(path), "--variant", "nope"])
    assert bad.exit_code == 2 and "unknown variant" in bad.output


def test_cli_extended_without_an_ally_says_why_in_json(tmp_path):
    """Extended deterrence [wilkening1995] needs an ally: a file whose dyads have none has
    nothing to compute. The text said so; ``--json`` gave a bare ``{"extended": []}``, which
    reads as a run that failed. It now carries the same reason."""
    path = tmp_path / "w.toml"
    text = WORLD.replace('ally = "JPN"\n', "")
    assert text != WORLD
    path.write_text(text)
    runner = CliRunner()
    res = runner.invoke(anpo.cli.app, ["extended", str(path), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["extended"] == []
    assert out["reason"].startswith("no [[dyads]] with an ally: nothing to compute")
    res = runner.invoke(anpo.cli.app, ["extended", str(path)])
    assert res.exit_code == 0 and "no [[dyads]] with an ally" in res.output
    # with an ally there are rows and no reason
    path.write_text(WORLD)
    out = json.loads(runner.invoke(anpo.cli.app, ["extended", str(path), "--json"]).output)
    assert out["extended"] and "reason" not in out


def test_a_price_of_zero_says_the_rival_has_nothing_left():
    """Wilkening & Watman (1995) sequence: a rival whose only forces reach the ally strikes it
    with all of them and has nothing left for the patron: the report's answer gives the price 0
    and says why (the case the report's 'no warheads left' clause is for)."""
    from anpo.deterrence.questions import answer_case
    from anpo.deterrence.report import _extended_section

    scen = parse_scenario_text(WORLD, "w.toml")
    scen = scen.model_copy(
        update={"forces": [f for f in scen.forces if not (f.actor == "CHN" and "USA" in f.reaches)]}
    )
    answers = [a for c in scen.cases() for a in answer_case(c, with_lua=False)]
    sec = _extended_section(answers)
    assert "0% in every variant: China has no warheads left for the United States" in sec.answer


def test_the_result_says_why_the_price_is_zero():
    """Wilkening & Watman (1995) sequence, step 3: the rival retaliates with what is left of its
    reserve. With no reserve the patron's price is 0, which the table printed bare, as if the
    patron's defenses had earned it. The result's notes now say why: the rival commits every
    launcher that reaches the patron to its strike on the ally (``ally_strike_share = 1``), or
    has none that reach it. With a reserve there is no such note."""
    committed = parse_scenario_text(
        WORLD.replace('label = "U.S.-China"\n', 'label = "U.S.-China"\nally_strike_share = 1.0\n'),
        "w.toml",
    )
    case = next(c for c in committed.cases() if c.variant.id == "mad")
    res = extended(case, committed.dyads[0])
    assert res.reserve_warheads == 0 and res.price[1] == 0.0
    said = [n for n in res.notes if "nothing is left to retaliate with" in n]
    assert len(said) == 1 and "China keeps no warheads that can reach the United States" in said[0]
    assert "commits 100% of those forces" in said[0]
    regional = parse_scenario_text(WORLD, "w.toml")
    regional = regional.model_copy(
        update={
            "forces": [f for f in regional.forces if not (f.actor == "CHN" and "USA" in f.reaches)]
        }
    )
    case = next(c for c in regional.cases() if c.variant.id == "mad")
    res = extended(case, regional.dyads[0])
    assert any("China has no warheads that can reach the United States" in n for n in res.notes)
    plain = parse_scenario_text(WORLD, "w.toml")
    case = next(c for c in plain.cases() if c.variant.id == "mad")
    res = extended(case, plain.dyads[0])
    assert res.reserve_warheads > 0
    assert not any("nothing is left to retaliate with" in n for n in res.notes)


@pytest.mark.slow
def test_cli_extended_says_each_dyad_note_once():
    """The 2025 book, where Russia fires nothing at Japan in any variant (Wilkening & Watman 1995
    sequence): its two note lines (no forces that reach only Japan; undefined price) are printed
    once, naming every variant, not once per variant (14 lines for 7 variants)."""
    runner = CliRunner()
    res = runner.invoke(anpo.cli.app, ["extended", "book:us-japan-2025"])
    assert res.exit_code == 0, res.output
    lines = [" ".join(line.split()) for line in res.output.splitlines() if line.startswith("  U")]
    russia = [line for line in lines if line.startswith("U.S.-Russia")]
    assert len(russia) == 2 and all("(every variant)" in line for line in russia), russia
    assert any("undefined (–): Russia fires no warheads at Japan" in line for line in russia)
    assert len(lines) == len(set(lines))


# the U.S. launchers set to 0 (the stability page's sliders at 0): China still strikes Japan
UNARMED = WORLD.replace("launchers = 200\n", "launchers = 0\n")


def test_a_patron_with_nothing_to_strike_with_has_no_price(world):
    """Wilkening & Watman (1995) sequence, step 2: a patron with no warheads that can reach the
    rival cannot honour the guarantee, so its price of honouring it is undefined with the
    reason (it was 1, the rival's whole reserve arriving, beside first-strike stability's
    'undefined: the United States has no deliverable warheads'); the ally's exposure to the
    rival's strike on it, which the patron's forces do not change, stays defined."""
    assert UNARMED != WORLD
    scen = parse_scenario_text(UNARMED, "w.toml")
    dy = scen.dyads[0]
    for variant in ("mad", "both"):
        armed = extended(next(c for c in world.cases() if c.variant.id == variant), dy)
        res = extended(next(c for c in scen.cases() if c.variant.id == variant), dy)
        assert res.undefined is None and res.price_undefined is not None
        assert res.price_undefined.startswith("the United States has no deliverable warheads")
        assert "nothing to honour the guarantee to Japan with" in res.price_undefined
        prices = [res.price, res.price_undefended, res.price_reserve_intact]
        assert all(math.isnan(p) for d in prices for p in d.values())
        assert math.isnan(res.price_damage) and math.isnan(res.price_damage_undefended)
        assert res.response is None
        assert res.ally_attack_warheads == armed.ally_attack_warheads == 12
        assert res.ally_exposure == armed.ally_exposure
        assert res.ally_exposure_undefended == armed.ally_exposure_undefended
        assert res.ally_damage == armed.ally_damage
        assert res.reserve_warheads == armed.reserve_warheads
        assert armed.price_undefined is None and not math.isnan(armed.price[1])


def test_a_patron_whose_warheads_cannot_reach_the_rival_has_no_price():
    """As above, for a patron that holds warheads but none that reach the rival: the reason
    says so, as first-strike stability's does."""
    scen = parse_scenario_text(UNARMED.replace('reaches = ["CHN"]', 'reaches = ["JPN"]'), "w")
    scen = scen.model_copy(
        update={
            "forces": [
                f.model_copy(update={"launchers": 5}) if f.id == "us-silo" else f
                for f in scen.forces
            ]
        }
    )
    res = extended(next(c for c in scen.cases() if c.variant.id == "mad"), scen.dyads[0])
    assert res.price_undefined is not None
    assert res.price_undefined.startswith("the United States has no warheads that can reach China")
    assert math.isnan(res.price[1]) and not math.isnan(res.ally_exposure[1])


def test_cli_extended_says_the_unarmed_patron_has_no_price(tmp_path):
    """The CLI's ``extended`` (table and JSON) says the price of an unarmed patron is undefined
    and why, and keeps the ally's exposure (the library's ExtendedResult.price_undefined)."""
    path = tmp_path / "w.toml"
    path.write_text(UNARMED)
    runner = CliRunner()
    res = runner.invoke(anpo.cli.app, ["extended", str(path), "--variant", "mad", "--json"])
    assert res.exit_code == 0, res.output
    [row] = [r for r in json.loads(res.output)["extended"] if r["m"] == 1]
    for key in ("patron_price", "patron_price_undefended", "patron_damage"):
        assert row[key] is None, key
    assert row["ally_exposure"] == 1.0
    assert row["undefined_reason"].startswith("the United States has no deliverable warheads")
    res = runner.invoke(anpo.cli.app, ["extended", str(path), "--variant", "mad"])
    assert res.exit_code == 0, res.output
    out = " ".join(res.output.split())
    assert "undefined (–): the United States has no deliverable warheads" in out


def test_the_report_says_the_unarmed_patron_has_no_price():
    """The report's extended-deterrence section: an unarmed patron's price is 'undefined in
    every variant' with the library's reason, not 1."""
    from anpo.deterrence.questions import answer_case
    from anpo.deterrence.report import _extended_section

    scen = parse_scenario_text(UNARMED, "w.toml")
    answers = [a for c in scen.cases() for a in answer_case(c, with_lua=False)]
    sec = _extended_section(answers)
    assert "undefined in every variant: the United States has no deliverable warheads" in (
        sec.answer
    )
    assert "no warheads of the patron" in sec.findings[0].confidence


def test_the_extended_appendix_table_says_what_its_zeros_are():
    """The appendix table 'Extended deterrence, every m' printed a price of 0 at m = 5 beside
    '< 0.001' at m = 1 with no caption (Wilkening & Watman 1995 sequence); its caption says what
    a 0 is, as the bands tables do: an impossible event (since zero27 a possible one prints
    '< 0.1%'; the caption said 'the exchange's propagation floor or an exact zero')."""
    from anpo.deterrence.questions import answer_case
    from anpo.deterrence.report import EXTENDED_ZERO_NOTE, _extended_section

    scen = parse_scenario_text(WORLD, "w.toml")
    answers = [a for c in scen.cases() for a in answer_case(c, with_lua=False)]
    sec = _extended_section(answers)
    table = next(t for t in sec.appendix if t.title == "Extended deterrence, every m")
    assert table.caption == EXTENDED_ZERO_NOTE and "impossible event" in table.caption


@pytest.mark.parametrize(
    ("m_values", "message"),
    [
        ([0], "m_values: must be a whole number >= 1, got 0"),
        ([-1], "m_values: must be a whole number >= 1, got -1"),
        ([2.5], "m_values: must be a whole number, got 2.5"),
        ([True], "m_values: must be a whole number, got True"),
        ([], "m_values: is empty"),
        ("1", "m_values: must be a list of whole numbers >= 1"),
    ],
)
def test_extended_refuses_m_values_that_are_not_counts(world, m_values, message):
    """P(at least m warheads arrive) [wilkening1995; powell2003] is a measure for a count m >= 1:
    m = 0 (or -1) printed a patron's price of 1.0 (the tautology P(at least 0) = 1), 2.5 a bare
    TypeError, [] silently the scenario's list (review12 F-J); each is an InputError naming
    m_values."""
    from anpo.errors import InputError

    case = next(c for c in world.cases() if c.variant.id == "mad")
    with pytest.raises(InputError, match=message.replace(".", r"\.")):
        extended(case, world.dyads[0], m_values=m_values)
    # whole floats are counts, read as ints (the keys of the result's dicts)
    assert list(extended(case, world.dyads[0], m_values=[1.0, 5]).price) == [1, 5]


@pytest.mark.parametrize("role", ["defender", "rival", "ally"])
def test_extended_names_an_unknown_actor(world, role):
    """A dyad naming an actor the scenario does not have: an InputError naming the role and the
    id (it was a bare KeyError: 'XXX' from Scenario.actor; review12 F-J)."""
    from anpo.errors import InputError

    case = next(c for c in world.cases() if c.variant.id == "mad")
    dy = world.dyads[0].model_copy(update={role: "XXX"})
    with pytest.raises(InputError, match=rf"dyad\.{role}: unknown actor 'XXX' \(actors: "):
        extended(case, dy)


def test_settings_that_are_not_exchange_settings_are_refused(world):
    """``stability.dyad(settings=5)`` was a bare AttributeError deep in the exchange, and a falsy
    0 silently Kent & Thaler's defaults; ``extended`` and ``first_strike`` read settings the
    same way. Now an InputError naming settings; None still means the defaults (review12 F-J)."""
    from anpo.deterrence import stability
    from anpo.errors import InputError

    case = next(c for c in world.cases() if c.variant.id == "mad")
    a, b = side_from_case(case, "USA", "CHN"), side_from_case(case, "CHN", "USA")
    for bad in (5, 0, "default"):
        with pytest.raises(InputError, match="settings: must be an ExchangeSettings"):
            stability.dyad(a, b, settings=bad)
        with pytest.raises(InputError, match="settings: must be an ExchangeSettings"):
            extended(case, world.dyads[0], settings=bad)
    assert stability.dyad(a, b).fss == stability.dyad(a, b, settings=ExchangeSettings()).fss


def test_at_least_refuses_a_count_that_is_not_whole():
    """``exchange.at_least(pmf, 2.5)`` sliced the pmf with a float (a bare TypeError); a
    non-whole m is an InputError naming m, a whole float or NumPy integer is the count, and
    m <= 0 keeps its documented 1 (P(at least 0) of any count)."""
    import numpy as np

    from anpo.deterrence.exchange import at_least
    from anpo.errors import InputError

    pmf = np.array([0.25, 0.75])
    for bad in (2.5, float("nan"), "1", True):
        with pytest.raises(InputError, match="m: must be a whole number"):
            at_least(pmf, bad)
    assert at_least(pmf, 1.0) == at_least(pmf, np.int64(1)) == 0.75
    assert at_least(pmf, 0) == 1.0 and at_least(pmf, 2) == 0.0


@pytest.mark.parametrize(
    ("pmf", "says"),
    [
        ([float("nan"), 0.5], "finite numbers, got NaN"),
        ([0.5, float("nan")], "finite numbers, got NaN"),
        ([float("inf"), 0.0], "finite numbers, got NaN or an infinity"),
        ([-0.1, 1.1], "each probability >= 0"),
        ([0.5, 0.6], r"must sum to 1 \(sums to 1.1\)"),
        ([0.3, 0.3], r"must sum to 1 \(sums to 0.6\)"),
        ([], "1-D probability mass function"),
        ([[0.5, 0.5]], "1-D probability mass function"),
        ([True, False], "must be a number"),
    ],
)
def test_at_least_refuses_what_is_not_a_pmf(pmf: list[object], says: str) -> None:
    """``exchange.at_least([nan, 0.5], 1)`` answered 0.5 and ``[0.5, 0.6]`` (mass 1.1) 0.6: a
    probability read off a pmf that is none. A pmf is finite, each probability at least 0,
    summing to 1 within ``PMF_TOLERANCE`` (1e-6, as ``defense.arrivals_pmf`` takes its groups'
    pmfs); anything else is an InputError naming ``pmf``, whatever ``m``."""
    import numpy as np

    from anpo.deterrence.exchange import at_least
    from anpo.errors import InputError

    for m in (0, 1, 5):
        with pytest.raises(InputError, match=f"pmf: .*{says}"):
            at_least(np.array(pmf), m)
    # a pmf 1 to within the exchange's rounding is still one
    assert at_least(np.array([0.25, 0.75 - 1e-13]), 1) == pytest.approx(0.75)

"""Whether the deterrence findings say which way a defense moves a figure: lowers it, raises it
or leaves it as printed (user audit28). A defense can raise the rival's retaliation: the
defender's cost-minimising counterforce strike (Kent & Thaler, RAND R-3765, 1989, App. C) leans
on the defense and puts fewer warheads on each silo, so more of them survive. In the audit's
3-actor world a small NMD takes the patron's price of honouring its guarantee (the sequence of
Wilkening & Watman 1995) from 18.2% to 27.6%, which key finding 4 called 'missile defense does
not change it', with the key number '18.2%, with or without defenses'.
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd
import pytest

from anpo.scenario import parse_scenario_text

# the audit's world, written here: the United States (100 silo ICBMs, 20 SSBNs), Japan, China
# (20 DF-5A silos reaching both, 40 DF-21s reaching Japan) and a small NMD of 20 GBIs
RAISE = """schema_version = 1

[scenario]
id = "raise"
title = "A defense that raises the price"
year = 2001
date = 2001-07-10

[[actors]]
id = "USA"
name = "United States"

[[actors]]
id = "JPN"
name = "Japan"

[[actors]]
id = "CHN"
name = "China"

[[forces]]
id = "us-icbm"
actor = "USA"
name = "ICBMs"
basing = "silo"
missile_class = "ICBM"
launchers = 100
warheads_per_launcher = 1
survivable_fraction = 0.0
reaches = ["CHN"]
source = "test figure"

[[forces]]
id = "us-slbm"
actor = "USA"
name = "SLBMs"
basing = "sea"
missile_class = "ICBM"
launchers = 20
warheads_per_launcher = 4
survivable_fraction = 0.67
reaches = ["CHN"]
source = "test figure"

[[forces]]
id = "cn-icbm"
actor = "CHN"
name = "DF-5A"
basing = "silo"
missile_class = "ICBM"
launchers = 20
warheads_per_launcher = 1
survivable_fraction = 0.0
reaches = ["USA", "JPN"]
source = "test figure"

[[forces]]
id = "cn-regional"
actor = "CHN"
name = "DF-21"
basing = "road-mobile"
missile_class = "MRBM"
launchers = 40
warheads_per_launcher = 1
survivable_fraction = 0.5
reaches = ["JPN"]
source = "test figure"

[[counterforce]]
striker = "USA"
basing = "silo"
kill_probability = 0.9
source = "test figure"

[[counterforce]]
striker = "USA"
basing = "road-mobile"
kill_probability = 0.5
source = "test figure"

[[counterforce]]
striker = "CHN"
basing = "silo"
kill_probability = 0.5
source = "test figure"

[[counterforce]]
striker = "CHN"
basing = "sea"
kill_probability = 0.0
source = "test figure"

[[defenses]]
id = "nmd"
owner = "USA"
name = "Small NMD"
source = "test figure"

[[defenses.layers]]
name = "GBI"
engages = ["ICBM"]
interceptors = 20
sspk = 0.6
shots = 2
covers = ["USA"]
source = "test figure"

[[damage]]
actor = "USA"
w80 = 400
source = "test figure"

[[damage]]
actor = "CHN"
w80 = 400
source = "test figure"

[[damage]]
actor = "JPN"
w80 = 100
source = "test figure"

[settings]
m_values = [1]

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
title = "No defense"
defenses = []

[[variants]]
id = "nmd-small"
title = "Small NMD"
defenses = ["nmd"]
"""


@functools.cache
def _answers() -> list[Any]:
    """The two variants' answers, with extended deterrence (about 2 s)."""
    from anpo.deterrence.questions import answer_case

    scen = parse_scenario_text(RAISE, "raise.toml")
    return [a for c in scen.cases() for a in answer_case(c, with_lua=False, with_extended=True)]


def test_the_model_raises_the_price_with_the_defense() -> None:
    """The figures the findings below are about, as the model computes them (user audit28,
    `anpo extended --json`: 0.2757 with the small NMD against 0.1821 undefended): the U.S.
    strike puts 2 warheads on each DF-5A silo without the defense and 1 with it."""
    by = {a.case.variant.id: a for a in _answers()}
    ext = by["nmd-small"].extended
    assert ext.price[1] == pytest.approx(0.2757, abs=1e-4)
    assert ext.price_undefended[1] == pytest.approx(0.1821, abs=1e-4)
    assert by["mad"].extended.price[1] == pytest.approx(0.1821, abs=1e-4)
    assert ext.response.allocation["cn-icbm"] == 1
    assert ext.response_undefended.allocation["cn-icbm"] == 2


def test_extended_finding_says_the_defense_raises_the_price() -> None:
    """Key finding 4 of the audit: 'from 18.2% (“no defense”) to 27.6% (“small NMD”); missile
    defense does not change it' and the key number '18.2%, with or without defenses'. It says
    now that the defense raises it, where and by how much, and why as the model computes it (the
    patron's strike plan with and without the defense)."""
    from anpo.deterrence.report import _extended_section

    sec = _extended_section(_answers())
    [f] = sec.findings
    assert "does not change it" not in f.answer, f.answer
    assert "with or without defenses" not in f.number, f.number
    assert (
        "no defense lowers it, and defenses raise it in 1 of 2 variants, most in “Small NMD”, "
        "2001 (27.6% against 18.2% without its missile defenses)" in f.answer
    ), f.answer
    assert (
        "In “Small NMD” (2001), the United States' strike back at China's forces puts 1 warhead "
        "per vulnerable DF-5A launcher with its defenses and 2 without: 2 of China's warheads "
        "that can reach the United States survive it on average with them, against 0.2 "
        "without." in f.answer
    ), f.answer
    assert f.number.endswith(
        ") 27.6% (“Small NMD”, 2001) vs 18.2% without its missile defenses, which raise it"
    ), f.number
    # the section's answer says it too
    assert "no defense architecture lowers it; defenses raise it in 1 of 2 variants" in sec.answer


def _patched_section(monkeypatch: pytest.MonkeyPatch, change: dict[str, tuple[float, float]]):
    """The extended section of the audit's world with the table's (price, undefended price) of
    the variants in ``change`` replaced: constructed cases of the sentence's branches."""
    from anpo.deterrence import report
    from anpo.deterrence.questions import extended_table

    def table(answers: list[Any], m: int | None = 1) -> pd.DataFrame:
        out = extended_table(answers, m=m)
        for vid, (price, bare) in change.items():
            at = out["variant"] == vid
            out.loc[at, "patron_price"] = price
            out.loc[at, "patron_price_undefended"] = bare
            out.loc[at, "price_change_by_defense"] = price - bare
        return out

    monkeypatch.setattr(report, "extended_table", table)
    return report._extended_section(_answers())


def test_extended_finding_says_a_change_below_the_printed_precision_is_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A defense that raises the price by less than the printed precision (18.21% to 18.24%:
    both '18.2%') changes nothing a reader can see, and the finding says so at that precision,
    not that the defense leaves the price exactly as it is; the section's note on such changes
    no longer says both figures lie below the model's resolution, which 18.2% does not."""
    sec = _patched_section(monkeypatch, {"nmd-small": (0.1824, 0.1821)})
    [f] = sec.findings
    assert "in every variant; missile defense does not change it at the printed precision" in (
        f.answer
    ), f.answer
    assert f.number.endswith("18.2%, with or without defenses"), f.number
    assert (
        "(in 1 variant the prices with and without defenses differ only below the printed "
        "precision)" in sec.answer
    ), sec.answer
    assert "below the model's resolution" not in sec.answer


def test_extended_finding_says_defenses_lower_and_raise_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where one variant's defense lowers the price and another's raises it, the finding and
    its key number give both (constructed: the undefended variant's row is given a defense
    that lowers the price to 10%); it named only the variant where the price falls most."""
    sec = _patched_section(monkeypatch, {"mad": (0.10, 0.1821)})
    [f] = sec.findings
    assert "where missile defense lowers it most (18.2% without its missile defenses)" in (f.answer)
    assert (
        "; defenses lower it in 1 of 2 variants; defenses raise it in 1 of 2 variants, most in "
        "“Small NMD”, 2001 (27.6% against 18.2% without its missile defenses)" in f.answer
    ), f.answer
    assert f.number.endswith(
        "10% (“No defense”, 2001) vs 18.2% without its missile defenses; 27.6% (“Small NMD”, "
        "2001) vs 18.2% without its missile defenses, which raise it"
    ), f.number


def test_assured_finding_says_the_defense_raises_the_retaliation() -> None:
    """The audit's key finding 1: '18.2% without defenses, and no defense lowers it' and the
    key number '18.2% (“no defense”), with or without defenses', where the small NMD raises
    P(at least 1 Chinese warhead reaches the United States) to 27.6% (the U.S. first strike puts
    1 warhead per DF-5A silo with it, 2 without). Computed answers, through the exposure
    section."""
    from anpo.deterrence.questions import seed_table
    from anpo.deterrence.report import _exposure_section

    answers = _answers()
    [f] = _exposure_section(answers, seed_table(answers), None).findings
    assert "no defense lowers it" not in f.answer, f.answer
    assert "with or without defenses" not in f.number, f.number
    assert (
        "is 18.2% without defenses; defenses raise it to 27.6% in the “Small NMD” variant "
        "(no assured retaliation in any variant)." in f.answer
    ), f.answer
    assert (
        "In the “Small NMD” variant, the United States' first strike puts 1 warhead per "
        "vulnerable DF-5A launcher with its defenses and 2 without: 2 of China's warheads that "
        "can reach the United States survive it on average with them, against 0.2 without."
        in f.answer
    ), f.answer
    assert f.number.endswith(": 18.2% (“No defense”) to 27.6% (“Small NMD”), raised by defenses")


def test_assured_finding_says_each_direction_from_its_rows() -> None:
    """Constructed rows (variant, P, assured?, undefended?, id): a raise alone, a lower and a
    raise, a raise past the goal, and a change below the printed precision (audit28: a raise
    was said as 'no defense lowers it', '..., with or without defenses')."""
    from anpo.deterrence.report import _assured_finding

    bare, up = ("“MAD”", 0.182, False, True, "mad"), ("“NMD”", 0.276, False, False, "nmd")
    f = _assured_finding(2001, [[bare, up]], "China", "United States", 1)
    assert "18.2% without defenses; defenses raise it to 27.6% in the “NMD” variant" in f.answer
    assert f.number.endswith("18.2% (“MAD”) to 27.6% (“NMD”), raised by defenses"), f.number
    # the reason is the caller's, computed; none is typed where it gives none
    assert f.answer.endswith("(no assured retaliation in any variant).")
    why = _assured_finding(
        2001, [[bare, up]], "China", "United States", 1, why=lambda d, b: f"{d} against {b}"
    )
    assert why.answer.endswith(". In the “NMD” variant, nmd against mad.")
    down = ("“Low”", 0.05, False, False, "low")
    f = _assured_finding(2001, [[bare, down, up]], "China", "United States", 1)
    assert (
        "18.2% without defenses; defenses lower it to 5% in the “Low” variant and raise it to "
        "27.6% in the “NMD” variant" in f.answer
    ), f.answer
    assert f.number.endswith(
        "18.2% (“MAD”) to 5% (“Low”), lowered by defenses, and to 27.6% (“NMD”), raised by defenses"
    ), f.number
    goal = ("“Big”", 0.95, True, False, "big")
    f = _assured_finding(2001, [[bare, goal]], "China", "United States", 1)
    assert "(no assured retaliation without defenses; “Big” gives it one)" in f.answer
    tiny = ("“NMD”", 0.1824, False, False, "nmd")
    f = _assured_finding(2001, [[bare, tiny]], "China", "United States", 1)
    assert "18.2% without defenses and with every defense" in f.answer
    assert f.number.endswith("18.2% (“MAD”), with or without defenses")


def test_zero_captions_say_a_zero_is_impossible() -> None:
    """Since zero27 a possible arrival is carried as 5e-324 and prints '< 0.1%' (README: '0%'
    only for an exact 0), but the bands tables', the extended table's and the exposure section's
    captions still said a 0% could be 'below the exchange's propagation floor (terms below 1e-16
    are not carried)'. They say, from one text, that a 0% is an impossible event."""
    from anpo.deterrence.bands_report import ZERO_NOTE, ZERO_SENTENCE
    from anpo.deterrence.questions import seed_table
    from anpo.deterrence.report import EXTENDED_ZERO_NOTE, _exposure_section

    answers = _answers()
    caveat = _exposure_section(answers, seed_table(answers), None).caveat
    for text in (ZERO_NOTE, EXTENDED_ZERO_NOTE, caveat):
        assert "propagation floor" not in text and "1e-16" not in text, text
        assert "an impossible event (no warheads, or fewer than m, can arrive)" in text, text
    assert ZERO_NOTE.startswith(ZERO_SENTENCE) and EXTENDED_ZERO_NOTE.startswith(ZERO_SENTENCE)
    assert "a possible one below 0.1%, however improbable, prints < 0.1%" in ZERO_SENTENCE


# a 2-actor world of tests/_support.py (China's 20 DF-5A silos, the U.S. NMD of 20 GBIs, SSPK
# 0.6) with 40 U.S. silo ICBMs striking first (kill probability 0.9) and a Chinese silo defense
# of 20 interceptors (SSPK 0.5): no book has a rival's silo defense
_US_ICBMS = """
[[forces]]
id = "us-mm3"
actor = "USA"
name = "Minuteman III"
basing = "silo"
missile_class = "ICBM"
launchers = 40
warheads_per_launcher = 1
survivable_fraction = 0.0
reaches = ["CHN"]
source = "test figure"

[[counterforce]]
striker = "USA"
basing = "silo"
kill_probability = 0.9
source = "anpo assumption"

[[counterforce]]
striker = "CHN"
basing = "silo"
kill_probability = 0.3
source = "anpo assumption"
"""

_CHINESE_SILO_DEFENSE = """
[[defenses]]
id = "cn-silo"
owner = "CHN"
name = "Chinese silo defense"
source = "anpo test"

[[defenses.layers]]
name = "terminal silo defense"
interceptors = 20
sspk = 0.5
engages = ["ICBM"]
defends = "silos"
covers = ["CHN"]
source = "anpo test"
"""

_VARIANTS = {
    "mad": '[[variants]]\nid = "mad"\ntitle = "no defense"\n',
    "silo": '[[variants]]\nid = "silo"\ntitle = "Chinese silo defense"\ndefenses = ["cn-silo"]\n',
    "both": '[[variants]]\nid = "both"\ntitle = "NMD and Chinese silo defense"\n'
    'defenses = ["nmd", "cn-silo"]\n',
}


def _silo_finding(variants: list[str]) -> str:
    """The assured-retaliation finding's answer of the 2-actor world with these variants."""
    from _support import us_china_scenario
    from anpo.deterrence.questions import answer_case, seed_table
    from anpo.deterrence.report import _exposure_section

    extra = _CHINESE_SILO_DEFENSE + "\n".join(_VARIANTS[v] for v in variants)
    scen = parse_scenario_text(us_china_scenario(forces=_US_ICBMS, extra=extra), "silo.toml")
    answers = [a for c in scen.cases() for a in answer_case(c, with_lua=False)]
    by = {a.case.variant.id: a for a in answers}
    # the figures the sentence gives: the U.S. strike spares the defended silos in "both"
    plans = {"mad": 1, "silo": 2, "both": 0}
    assert {v: by[v].allocation["cn-df5"] for v in variants} == {v: plans[v] for v in variants}
    [f] = _exposure_section(answers, seed_table(answers), None).findings
    return f.answer


def test_a_plan_change_beside_the_rivals_silo_defense_is_not_the_defenders_alone() -> None:
    """The assured-retaliation finding gave the reason a defense raises the rival's retaliation
    as the defender's strike plan 'with its defenses and ... without' (the Kent & Thaler 1989
    App. C cost-minimising strike), comparing the defended variant with the undefended one.
    Where the defended variant also fields the rival's silo defense (Ota 1981), which the
    strike plan answers too, the change is not the defender's defenses' alone: it is worded as
    one between the two variants' defenses (text29). A variant with the silo defense alone is
    no undefended variant (deter30: it was counted one, and the sentence compared the two
    variants' plans as the defender's 'with its defenses and 2 without'), so without a
    variant free of defenses the finding compares none."""
    both = _silo_finding(["mad", "silo", "both"])
    assert (
        "In the “NMD and Chinese silo defense” variant, the United States' first strike puts 0 "
        "warheads per vulnerable DF-5A launcher with the defenses of this variant (China's "
        "among them) and 1 with those of the “no defense” variant: 20 of China's warheads that "
        "can reach the United States survive it on average in the first case, against 2 in the "
        "second." in both
    ), both
    assert "with its defenses" not in both, both
    alone = _silo_finding(["silo", "both"])
    assert alone.startswith("Not shown: no undefended variant to compare with."), alone
    assert "with its defenses" not in alone and "without defenses" not in alone, alone


def test_the_patrons_plan_change_beside_the_rivals_own_defense_is_not_the_patrons() -> None:
    """The extended finding's reason (the patron's strike back with and without defenses) said
    'with its defenses and 2 without', but the strike without defenses strips both sides'
    defenses of their territory (extended._strip): where the rival fields one too (a Chinese
    ABM of 10 interceptors added to the audit world's “Small NMD”), which the patron's
    cost-minimising strike weighs as well (Kent & Thaler 1989, App. C), the change is worded as
    one between the variant's defenses and none (text29)."""
    from anpo.deterrence.questions import answer_case
    from anpo.deterrence.report import _extended_section

    abm = (
        '\n[[defenses]]\nid = "cn-abm"\nowner = "CHN"\nname = "Chinese ABM"\n'
        'source = "test figure"\n\n[[defenses.layers]]\nname = "ABM"\nengages = ["ICBM"]\n'
        'interceptors = 10\nsspk = 0.5\ncovers = ["CHN"]\nsource = "test figure"\n'
    )
    text = RAISE.replace('defenses = ["nmd"]', 'defenses = ["nmd", "cn-abm"]') + abm
    scen = parse_scenario_text(text, "raise-abm.toml")
    answers = [a for c in scen.cases() for a in answer_case(c, with_lua=False, with_extended=True)]
    [f] = _extended_section(answers).findings
    assert (
        "In “Small NMD” (2001), the United States' strike back at China's forces puts 1 warhead "
        "per vulnerable DF-5A launcher with the defenses of this variant (China's among them) "
        "and 2 without the missile defenses of either side: 2 of China's warheads that can "
        "reach the United States survive it on average in the first case, against 0.2 in the "
        "second." in f.answer
    ), f.answer


def test_anpo_extended_says_why_the_defense_raises_the_price(tmp_path) -> None:
    """`anpo extended` showed the small NMD raising the patron's price (27.6% against 18.2%)
    with no reason, where the report's finding gives the patron's strike plan with and without
    the defense (user audit29; the strike of Kent & Thaler, RAND R-3765, 1989, App. C). The
    table's note and the JSON's ``response_plan_change`` now say it, in the finding's words; the
    undefended variant, whose two responses are one, says nothing of the kind."""
    import json

    from _support import cli

    path = tmp_path / "raise.toml"
    path.write_text(RAISE, encoding="utf-8")
    plan = (
        "the United States' strike back at China's forces puts 1 warhead per vulnerable DF-5A "
        "launcher with its defenses and 2 without: 2 of China's warheads that can reach the "
        "United States survive it on average with them, against 0.2 without"
    )
    ran = cli("extended", str(path))
    assert ran.returncode == 0, ran.stderr
    text = " ".join(ran.stdout.split())
    why = "why the patron's price differs from its undefended price"
    assert f"(Small NMD [nmd-small]): {plan}: {why}" in text, text
    assert text.count(why) == 1, text
    ran = cli("extended", str(path), "--json")
    rows = json.loads(ran.stdout)["extended"]
    said = {r["variant"]: r["response_plan_change"] for r in rows}
    assert said == {"mad": "", "nmd-small": plan}, said


def test_a_plan_change_between_variants_whose_forces_differ_is_the_variants() -> None:
    """Where the defended variant also adds a force (here one survivable U.S. ICBM beside the
    small NMD), the first strike's change against the undefended variant is not the defenses'
    alone: it read "with the defenses of this variant ... with those of the “No defense”
    variant" (review29 of text29); it is now worded as one between the two variants. The
    strike is the cost-minimising counterforce strike (Kent & Thaler, RAND R-3765, 1989,
    App. C). The small NMD alone keeps "with its defenses"."""
    from anpo.deterrence.questions import answer_case
    from anpo.deterrence.report import _answer_plan_change

    one_more = (
        '[[forces]]\nid = "us-one"\nactor = "USA"\nname = "one more ICBM"\nbasing = "sea"\n'
        'missile_class = "ICBM"\nlaunchers = 1\nwarheads_per_launcher = 1\n'
        'survivable_fraction = 1.0\nreaches = ["CHN"]\nbaseline = false\n'
        'source = "test figure"\n\n[[counterforce]]'
    )
    text = RAISE.replace("[[counterforce]]", one_more, 1) + (
        '\n[[variants]]\nid = "nmd-more"\ntitle = "Small NMD and one more ICBM"\n'
        'defenses = ["nmd"]\nadd_forces = ["us-one"]\n'
    )
    scen = parse_scenario_text(text, "more.toml")
    by = {a.case.variant.id: a for c in scen.cases() for a in answer_case(c, with_lua=False)}
    assert _answer_plan_change(by["nmd-more"], by["mad"]) == (
        "the United States' first strike puts 1 warhead per vulnerable DF-5A launcher in this "
        "variant and 2 in the “No defense” variant: 2 of China's warheads that can reach the "
        "United States survive it on average in the first case, against 0.2 in the second"
    )
    assert "with its defenses and 2 without" in _answer_plan_change(by["nmd-small"], by["mad"])


# China's defenses for deter30's worlds: a silo defense and a defense of its value (Beijing)
CHINA_DEFENSES = """
[[defenses]]
id = "cn-sd"
owner = "CHN"
name = "Silo defense"
source = "test figure"

[[defenses.layers]]
name = "SD"
engages = ["ICBM"]
interceptors = 20
sspk = 0.6
covers = ["CHN"]
defends = "silos"
source = "test figure"

[[defenses]]
id = "cn-abm"
owner = "CHN"
name = "Beijing ABM"
source = "test figure"

[[defenses.layers]]
name = "ABM"
engages = ["ICBM"]
interceptors = 20
sspk = 0.6
covers = ["CHN"]
source = "test figure"
"""


def _china_defended(first: str, last: str) -> list[Any]:
    """The answers of :data:`RAISE` with :data:`CHINA_DEFENSES`, the variant block ``first``
    before its own variants and ``last`` after them (TOML text, each ``""`` for none)."""
    from anpo.deterrence.questions import answer_case

    text = RAISE.replace("\n[[damage]]", CHINA_DEFENSES + "\n[[damage]]", 1)
    text = text.replace("\n[[variants]]", first + "\n[[variants]]", 1) + last
    scen = parse_scenario_text(text, "china-defended.toml")
    return [a for c in scen.cases() for a in answer_case(c, with_lua=False, with_extended=True)]


def test_assured_finding_does_not_call_the_rivals_silo_defense_no_defense() -> None:
    """deter30 (left by review29): the assured-retaliation finding counted a variant with only
    China's silo defense as 'without defenses' (the first variant no layer of which covers the
    United States), and quoted its 12.1% as the undefended figure against the “No defense”
    variant's 18.2%. A variant is undefended there only where no layer defends the defender
    nor the rival's silos; the silo defense is one of the defenses the finding compares (it
    lowers the figure: the United States' strike is Kent & Thaler's cost-minimising plan, RAND
    R-3765, 1989, App. C, against the defended silos)."""
    from anpo.deterrence.questions import seed_table
    from anpo.deterrence.report import _exposure_section

    answers = _china_defended(
        '\n[[variants]]\nid = "cn-silo"\ntitle = "China\'s silo defense"\ndefenses = ["cn-sd"]\n',
        "",
    )
    [f] = _exposure_section(answers, seed_table(answers), None).findings
    assert "is 12.1% without defenses" not in f.answer, f.answer
    assert (
        "is 18.2% without defenses; defenses lower it to 12.1% in the “China's silo defense” "
        "variant and raise it to 27.6% in the “Small NMD” variant" in f.answer
    ), f.answer
    assert f.number.endswith(
        ": 18.2% (“No defense”) to 12.1% (“China's silo defense”), lowered by defenses, and to "
        "27.6% (“Small NMD”), raised by defenses"
    ), f.number


def test_extended_key_number_names_both_sides_defenses_where_both_are_stripped() -> None:
    """deter30 (left by review29): the patron's price 'without its missile defenses' is the
    response in which both sides' defenses of value are stripped (``extended._strip``; the
    sequence after Wilkening & Watman 1995): in a variant with the U.S. NMD and a Chinese
    defense of Beijing, the label now says 'without either side's missile defenses'; where the
    rival has none it stays 'without its missile defenses'."""
    from anpo.deterrence.report import _extended_section

    both = '\n[[variants]]\nid = "both"\ntitle = "Both"\ndefenses = ["nmd", "cn-abm"]\n'
    answers = [a for a in _china_defended("", both) if a.case.variant.id != "nmd-small"]
    [f] = _extended_section(answers).findings
    assert "without its missile defenses" not in f.answer + f.number, f.number
    assert f.number.endswith(
        "27.6% (“Both”, 2001) vs 18.2% without either side's missile defenses, which raise it"
    ), f.number
    assert "(27.6% against 18.2% without either side's missile defenses)" in f.answer, f.answer
    own = [a for a in _china_defended("", "") if a.case.variant.id != "cn-silo"]
    [g] = _extended_section(own).findings
    assert g.number.endswith("vs 18.2% without its missile defenses, which raise it"), g.number


def test_extended_undefended_price_says_a_silo_defense_was_kept() -> None:
    """review30: the patron's price 'without its missile defenses' is that of the response with
    every layer defending value stripped (``extended._strip``, after Wilkening & Watman 1995);
    a layer defending silos stays, so with China's silo defense fielded the undefended price
    (12.1%) is not the “No defense” variant's (18.2%), and the label now says the silo defense
    was kept. Where no side fields one the label is unchanged."""
    from anpo.deterrence.report import _extended_section

    silo = '\n[[variants]]\nid = "nmd-sd"\ntitle = "NMD and silo defense"\ndefenses = ["nmd", "cn-sd"]\n'
    answers = [a for a in _china_defended("", silo) if a.case.variant.id != "nmd-small"]
    [f] = _extended_section(answers).findings
    assert f.number.endswith(
        "18.6% (“NMD and silo defense”, 2001) vs 12.1% without its missile defenses but with "
        "China's silo defense, which raise it"
    ), f.number
    plain = [a for a in _china_defended("", "") if a.case.variant.id != "nmd-small"]
    assert "silo defense" not in " ".join(f.number for f in _extended_section(plain).findings)

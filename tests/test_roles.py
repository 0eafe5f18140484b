"""Roles relative to the U.S. from data: the seed's 2001 picture, the rules of issue 15, missing
data, thresholds, CLI.

The seed [soeya2001]: allies (Japan, the UK, Australia, South Korea:
"Australia, Southeast Asian countries and South Korea ... all need the U.S. presence"), strategic
rivals (China, and Russia "though to a lesser extent than China"), rogue nations (North Korea,
Iraq). Dispute facts: MID 5.0 [palmer2022]; alliances: ATOP v5.1 [leeds2002].
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import anpo.data as data
from _support import ROLES_FILES as FILES
from _support import ROOT, doc_field_tables, run_anpo
from anpo.errors import CatalogError, InputError
from anpo.relations.taxonomy import (
    DisputeRule,
    RivalRule,
    RoleThresholds,
    changed_thresholds,
    load_thresholds,
    prepare_roles,
    roles,
    roles_panel,
    roles_prepared,
    with_overrides,
)


@pytest.fixture(scope="module")
def inputs(roles_inputs: dict) -> dict:
    return roles_inputs


@pytest.fixture(scope="module")
def prep(roles_prep):  # type: ignore[no-untyped-def]
    return roles_prep


def _common_gaps(gaps: str) -> str:
    """A row's ``data_gaps`` without the gaps of its own military spending (one state's)."""
    return "; ".join(g for g in gaps.split("; ") if g and not g.startswith("military spending"))


def _by_abb(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("stateabb")


def test_seed_picture_2001(prep) -> None:  # type: ignore[no-untyped-def]
    """Seed, 2001: Japan, UK, Australia, South Korea allies; China a strategic rival, Russia one
    to a lesser extent (lower degree); North Korea and Iraq rogue states; each with its reason."""
    r = _by_abb(roles_prepared(prep, 2001))
    for abb in ("JPN", "UKG", "AUL", "ROK"):
        assert r.loc[abb, "role"] == "ally" and r.loc[abb, "intensity"] == "", abb
        assert "defense or offense pact" in r.loc[abb, "reason"]
    assert r.loc["CHN", "role"] == "strategic rival" and r.loc["CHN", "intensity"] == "primary"
    assert r.loc["RUS", "role"] == "strategic rival" and r.loc["RUS", "intensity"] == "lesser"
    assert r.loc["CHN", "degree"] > r.loc["RUS", "degree"] + 0.2
    assert "ongoing strategic rivalry" in r.loc["CHN", "reason"]
    assert "to a lesser extent" in r.loc["RUS", "reason"]
    for abb in ("PRK", "IRQ"):
        assert r.loc[abb, "role"] == "rogue state", abb
        assert "hostility evidence" in r.loc[abb, "reason"]
    # Iraq had no UN vote 1995-2003: the 1994 estimate is used and said so
    assert int(r.loc["IRQ", "idealpoint_year"]) == 1994
    # (the mean of the three sessions up to it: the UN evidence window, idealpoint_window = 3)
    assert "mean of 1992-1994, the latest with an estimate" in r.loc["IRQ", "reason"]
    assert 2 not in set(r["ccode"])  # the focal state itself is not listed
    # the degree is the geometric mean of competitor and opposition scores
    rus = r.loc["RUS"]
    assert rus["degree"] == pytest.approx((rus["comp_competitor"] * rus["opposition"]) ** 0.5)
    # every dataset covers 2001: the only gaps are single states' missing military spending
    gaps = r.loc[r["data_status"] == "insufficient", "data_gaps"]
    assert gaps.str.startswith("military spending (NMC) of ").all()
    assert (r.loc[r["data_gaps"] == "", "data_status"] == "complete").all()
    assert r.loc[["JPN", "CHN", "RUS", "PRK", "IRQ"], "data_status"].eq("complete").all()


def test_a_pact_makes_both_members_allies_for_any_focal(inputs: dict) -> None:
    """ATOP records the 1960 U.S.-Japan treaty's defense obligation on the U.S. side only; with
    Japan as the focal state the U.S. is still its ally (issue 15). With China as the focal
    state the U.S. is a strategic rival (the rivalry is symmetric)."""
    a = inputs["alliances"]
    row = a[(a.ccode1 == 740) & (a.ccode2 == 2) & (a.year == 2001)].iloc[0]
    assert row.atop_defense == 0  # the direction the old rule read
    jp = _by_abb(roles(2001, focal=740, **inputs))
    assert jp.loc["USA", "role"] == "ally" and jp.loc["USA", "pact_side"] == "other"
    assert "obligation on this state's side" in jp.loc["USA", "reason"]
    assert jp.attrs["focal"] == 740
    us = _by_abb(roles(2001, **inputs))
    assert us.loc["JPN", "pact_side"] == "focal"
    cn = _by_abb(roles(2001, focal=710, **inputs))
    assert cn.loc["USA", "role"] == "strategic rival"


@pytest.mark.slow
def test_the_us_japan_pact_is_not_nominal_from_tokyo(inputs: dict) -> None:
    """The U.S. is the General Assembly's outlier [bailey2017]: seen from Japan it votes
    further away than 90% of members in 1995-2016 (2001 and 2014 excepted), which made the 1960
    treaty "nominal" and the U.S. Japan's strategic rival in those years. A pact binds both
    members [leeds2002]: UN voting contradicts it only when the two vote far apart seen from
    either side, and seen from the U.S. Japan votes closer than most members. The U.S. is
    Japan's ally in every year of the treaties (1952-2016), and the flag is the same whichever
    member is the focal state."""
    years = list(range(1952, 2017))
    jp = roles_panel(years, focal=740, **inputs)
    us = jp[jp.ccode == 2].set_index("year")
    assert (us["role"] == "ally").all(), us.loc[us["role"] != "ally", "role"]
    assert not us["nominal_ally"].any()
    # the one-sided percentile that misread the pact, and the pair one that reads it now
    assert (us.loc[2010, "idealpoint_percentile"] >= 0.9) and (
        us.loc[2010, "idealpoint_pair_percentile"] < 0.5
    )
    usa = roles_panel([2010], **inputs).set_index("ccode").loc[740]
    assert usa["idealpoint_pair_percentile"] == pytest.approx(
        us.loc[2010, "idealpoint_pair_percentile"]
    )
    assert usa["role"] == "ally" and not usa["nominal_ally"]


def test_no_un_seat_is_unknown_not_friendly(prep, inputs: dict) -> None:  # type: ignore[no-untyped-def]
    """North Korea had no UN seat until 1991: in 1950 (the Korean War, MID 51) it is a rogue
    state on its own hostility, its UN preference reported as unknown; and removing North
    Korea's UN estimates keeps it a rogue state in 1995 and 2001 (its hostility is corroborated
    by its ATOP pact with China, a strategic rival)."""
    r = _by_abb(roles_prepared(prep, 1950))
    assert np.isnan(r.loc["PRK", "idealpoint_percentile"])
    assert r.loc["PRK", "role"] == "rogue state"
    assert "no UN ideal point (no seat" in r.loc["PRK", "reason"]
    ip = inputs["ideal_points"]
    blind = {**inputs, "ideal_points": ip[ip.ccode != 731]}
    for year in (1995, 2001):
        assert _by_abb(roles(year, **blind)).loc["PRK", "role"] == "rogue state"


def test_unknown_preference_counts_neither_way(prep) -> None:  # type: ignore[no-untyped-def]
    """Without a UN seat a state's preference is unknown and counts neither way (issue 15).

    - It does not let old disputes contradict a pact: Japan (UN seat 1956) is a U.S. ally from
      the 1951 Security Treaty's entry into force (1952), not a "nominal ally" made a rogue state
      by its Second World War disputes (MID 5.0, last in 1945) [palmer2022], [leeds2002].
    - It does not confirm hostility either: Switzerland (UN seat 2002) had militarized disputes
      with the U.S. in 1954 and 1959 (MID 5.0 disputes 3209 and 2870, its own hostility levels 3
      and 4), yet with no rivalry, war or pact with a U.S. rival to corroborate them, the
      neutral is not a rogue state.
    - Corroborated hostility still makes a seatless state a rogue state: North Korea in 1956
      (the Korean War within the dispute lookback) and the German Democratic Republic in 1965
      (its pact with the Soviet Union, the primary rival)."""
    for year in (1952, 1956):
        jp = _by_abb(roles_prepared(prep, year)).loc["JPN"]
        assert np.isnan(jp["idealpoint_percentile"])
        assert jp["role"] == "ally" and not jp["nominal_ally"], (year, jp["reason"])
    for year in (1954, 1960, 1972):
        sw = _by_abb(roles_prepared(prep, year)).loc["SWZ"]
        # hostile enough for the rogue rule ...
        assert sw["hostile_evidence"] >= prep.th.rogue.min_hostile_evidence
        assert sw["role"] == "other", (year, sw["reason"])  # ... but not corroborated
        assert "hostility not corroborated" in sw["reason"]
    nk = _by_abb(roles_prepared(prep, 1956)).loc["PRK"]
    assert nk["role"] == "rogue state" and nk["last_war_year"] == 1953
    assert "corroborated by a war against the focal" in nk["reason"]
    gdr = _by_abb(roles_prepared(prep, 1965)).loc["GDR"]
    assert gdr["role"] == "rogue state"
    assert (
        "corroborated by a pact with a strategic rival of the focal (Soviet Union)" in gdr["reason"]
    )


def test_a_pact_with_the_rival_contradicted_by_votes_is_nominal(prep) -> None:  # type: ignore[no-untyped-def]
    """An ally of the rival must not vote on the focal's side of the UN (issue 15's "ally of the
    primary rival"): the United Kingdom's 1942 treaty with the Soviet Union is still an ATOP
    defense pact in 1947 [leeds2002], yet the UK voted closer to the U.S. than most members
    [bailey2017]: 'other', its reason naming the pact and the votes. Poland is an ally of the
    rival in 1970 (votes far from the U.S.) but no longer in 1990."""
    uk = _by_abb(roles_prepared(prep, 1947)).loc["UKG"]
    assert uk["allied_rivals"] == "Soviet Union"
    assert uk["idealpoint_percentile"] < prep.th.ally.rival_ally_idealpoint_percentile
    assert uk["role"] == "other"
    assert "contradicted: votes closer to the focal in the UN than" in uk["reason"]
    assert _by_abb(roles_prepared(prep, 1970)).loc["POL", "role"] == "ally-of-rival"
    pl = _by_abb(roles_prepared(prep, 1990)).loc["POL"]
    assert pl["allied_rivals"] == "Soviet Union" and pl["role"] == "other"


def test_an_ally_of_one_of_two_primary_rivals_is_said_so(prep) -> None:
    """In 1816 the United Kingdom and Spain are both primary rivals of the United States (degree
    0.707 each; Thompson, Sakuwa & Suhas code both rivalries ongoing [thompson2022]). Prussia's
    ATOP pact is with the United Kingdom [leeds2002]: its reason said 'the focal state's primary
    strategic rival (United Kingdom)', as if there were one; it now says 'one of the focal
    state's primary strategic rivals'. With one primary rival (1970, the Soviet Union) the
    singular stays."""
    r = _by_abb(roles_prepared(prep, 1816))
    primary = r[(r["role"] == "strategic rival") & (r["intensity"] == "primary")]
    assert sorted(primary.index) == ["SPN", "UKG"]
    pru = r.loc["GMY"]  # COW 255, named Prussia in 1816
    assert pru["role"] == "ally-of-rival" and pru["allied_rivals"] == "United Kingdom"
    assert pru["reason"].startswith(
        "defense pact with one of the focal state's primary strategic rivals (United Kingdom)"
    )
    pol = _by_abb(roles_prepared(prep, 1970)).loc["POL"]
    assert pol["reason"].startswith(
        "defense pact with the focal state's primary strategic rival (Soviet Union)"
    )


def test_rivals_are_named_as_in_the_year(prep) -> None:  # type: ignore[no-untyped-def]
    """COW keeps one code and one name for Russia and the Soviet Union (365): the evidence
    names the rival as it was in the year: the Soviet Union in 1950 (Poland's pact), while the
    data's own ``statenme`` field keeps the list's name."""
    r50 = _by_abb(roles_prepared(prep, 1950))
    assert r50.loc["POL", "allied_rivals"] == "Soviet Union"
    assert (
        "(Soviet Union)" in r50.loc["POL", "reason"] and "(Russia)" not in r50.loc["POL", "reason"]
    )
    assert r50.loc["RUS", "statenme"] == "Russia"  # the data's own name field is kept


@pytest.fixture(scope="module")
def prep_w1(inputs: dict):  # type: ignore[no-untyped-def]
    """The inputs indexed with a one-session UN window (``idealpoint_window = 1``: the rule
    before the window)."""
    from anpo.relations.taxonomy import load_thresholds, prepare_roles, with_overrides

    return prepare_roles(
        **inputs, thresholds=with_overrides(load_thresholds(), idealpoint_window=1)
    )


@pytest.mark.slow
def test_the_readme_examples_of_a_nominal_pact_with_the_rival(prep, prep_w1) -> None:  # type: ignore[no-untyped-def]
    """Every example the README, roles_default.toml and the taxonomy docstring give of a pact
    with the primary rival that votes contradict [leeds2002], [bailey2017]: the UK in 1947-48
    and France in 1948; Finland (the 1948 treaty with the Soviet Union) from 1962, while before
    its UN seat (1955) it is not judged on votes; Poland and Hungary in 1990, while the German
    Democratic Republic still voted far from the U.S.

    The UN evidence is the mean of three sessions (``idealpoint_window = 3``), so a sudden
    change of voting shows with a lag: Czechoslovakia, Bulgaria and Romania in 1990 (mean of
    1988-1990, two sessions before their revolutions) and France in 1947 (mean of 1946-1947) are
    allies of the rival; with the one-session rule (W = 1) they were not. The README says so
    and names these states; they are every state that the window moves from "other" to an
    ally of the rival in those years (checked here)."""
    for year in (1947, 1948):
        r = _by_abb(roles_prepared(prep, year))
        for abb in ("UKG", "FRN"):
            assert r.loc[abb, "allied_rivals"] == "Soviet Union", (year, abb)
            want = "ally-of-rival" if (year, abb) == (1947, "FRN") else "other"
            assert r.loc[abb, "role"] == want, (year, abb, r.loc[abb, "reason"])
    r47 = _by_abb(roles_prepared(prep, 1947))
    frn = r47.loc["FRN"]
    assert "mean of 1946-1947" in frn["reason"]
    assert frn["idealpoint_percentile"] >= prep.th.ally.rival_ally_idealpoint_percentile
    fin_1950 = _by_abb(roles_prepared(prep, 1950)).loc["FIN"]
    assert np.isnan(fin_1950["idealpoint_percentile"]) and fin_1950["role"] == "ally-of-rival"
    for year in (1962, 1975, 1990):
        fin = _by_abb(roles_prepared(prep, year)).loc["FIN"]
        assert fin["allied_rivals"] == "Soviet Union" and fin["role"] == "other", year
    r90 = _by_abb(roles_prepared(prep, 1990))
    for abb in ("POL", "CZE", "HUN", "BUL", "ROM"):
        assert r90.loc[abb, "allied_rivals"] == "Soviet Union", abb
        want = "other" if abb in ("POL", "HUN") else "ally-of-rival"
        assert r90.loc[abb, "role"] == want, abb
        assert r90.loc[abb, "idealpoint_sessions"] == "1988-1990", abb
    assert r90.loc["GDR", "role"] == "ally-of-rival"
    assert r90.loc["GDR", "idealpoint_percentile"] >= prep.th.ally.rival_ally_idealpoint_percentile
    # the one-session rule: the 1990 session alone, all five Warsaw Pact states vote closer to
    # the U.S. than half the members; France too in 1947
    w1_90 = _by_abb(roles_prepared(prep_w1, 1990))
    for abb in ("POL", "CZE", "HUN", "BUL", "ROM"):
        assert w1_90.loc[abb, "role"] == "other", abb
    assert w1_90.loc["GDR", "role"] == "ally-of-rival"
    w1_47 = _by_abb(roles_prepared(prep_w1, 1947))
    assert w1_47.loc["FRN", "role"] == "other"
    # the README's sentence on the window's price names every state the window makes an ally
    # of the rival where the one-session rule had it "other", in 1990 and in 1947
    from anpo.report.format import join_words

    def lagged(w3: pd.DataFrame, w1: pd.DataFrame) -> str:
        both = w3.index.intersection(w1.index)
        moved = (w3.loc[both, "role"] == "ally-of-rival") & (w1.loc[both, "role"] == "other")
        return join_words([str(w3.loc[a, "statenme"]) for a in both[moved.to_numpy()]])

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert (
        f"so {lagged(r90, w1_90)} are allies of the rival in 1990 (the mean of 1988-1990 still "
        f"holds two sessions before their revolutions) and {lagged(r47, w1_47)} in 1947 (mean "
        'of 1946-1947), where the one-session rule had them "other".' in readme
    )


@pytest.mark.parametrize(
    ("value", "threshold", "shown"),
    [
        (0.399, 0.40, ("0.399", "0.400")),
        (0.3996, 0.40, ("0.3996", "0.4000")),
        (0.37, 0.40, ("0.37", "0.40")),
        (0.40, 0.40, ("0.40", "0.40")),
        (0.7004, 0.70, ("0.7004", "0.7000")),
        (float("nan"), 0.40, ("n/a", "0.40")),
        # not zero, but below 0.005: 'capability < 0.01 ... below 0.10', never '0.00'
        (0.0021, 0.10, ("< 0.01", "0.10")),
        (0.0, 0.10, ("0.00", "0.10")),
    ],
)
def test_a_value_next_to_its_threshold_never_reads_equal(
    value: float, threshold: float, shown: tuple[str, str]
) -> None:
    """A reason must not say "degree 0.40 below 0.40" (Russia 2000: degree 0.3994): the value
    and the threshold get the decimals that tell them apart."""
    from anpo.relations.taxonomy import _pair

    assert _pair(value, threshold) == shown


def test_russia_2000_reason_tells_degree_from_threshold(prep, prep_w1) -> None:  # type: ignore[no-untyped-def]
    """Russia in 2000: a rival degree just under the minimum (0.40) is printed so that it reads
    below it: 0.3994 with the one-session UN evidence, 0.395 with the three-session mean (the
    default window), each shown with three decimals, never "0.40 below 0.40"."""
    for p, low, shown in ((prep, 0.39, "0.395"), (prep_w1, 0.395, "0.399")):
        ru = _by_abb(roles_prepared(p, 2000)).loc["RUS"]
        assert ru["role"] == "other" and low < ru["degree"] < p.th.rival.min_degree == 0.40
        assert f"not a rival: degree {shown} below 0.400" in ru["reason"]
        assert ru["reason"].startswith(f"rival degree {shown};")


def test_war_overrides_a_pact(inputs: dict) -> None:
    """A war with the focal state overrides every other rule, a pact included: a fictitious war
    between Japan and the U.S. in 2001 (COW-style participants) makes Japan a strategic rival
    or rogue state by the 'war' rule; without the war it is an ally."""
    wars = pd.DataFrame(
        {
            "warnum": [999, 999],
            "ccode": [2, 740],
            "side": [1, 2],
            "styear": [2001, 2001],
            "endyear": [2001, 2001],
        }
    )
    r = _by_abb(roles(2001, wars=wars, **inputs))
    assert r.loc["JPN", "rule"] == "war" and r.loc["JPN", "role"] != "ally"
    assert "COW inter-state war 999" in r.loc["JPN", "reason"]
    assert r.loc["GMY", "role"] == "ally"  # not a participant
    with pytest.raises(InputError, match="participant layout"):
        roles(2001, wars=wars.drop(columns="side"), **inputs)


def test_korean_war_from_the_cow_war_data(shared_data: Path, inputs: dict) -> None:
    """COW inter-state war data ([sarkees2010]; peacesciencer's cow_war_inter): North
    Korea and China fought the U.S. in the Korean War from 1950 (North Korea a rogue state, China
    a strategic rival, both by the war rule); Iraq fought it in 1991 and 2003, not in 2001."""
    from anpo.data.kinds import KINDS
    from anpo.relations.taxonomy import WAR_KIND

    assert WAR_KIND in KINDS  # the loader ships with anpo: a missing one is a failure, no skip
    wars = data.load(shared_data / "peacesciencer/cow_war_inter.csv", kind=WAR_KIND)
    p = prepare_roles(**inputs, wars=wars)
    r = _by_abb(roles_prepared(p, 1951))
    assert (r.loc["PRK", "rule"], r.loc["PRK", "role"]) == ("war", "rogue state")
    assert (r.loc["CHN", "rule"], r.loc["CHN", "role"]) == ("war", "strategic rival")
    assert "COW inter-state war" in r.loc["PRK", "reason"]
    assert _by_abb(roles_prepared(p, 2003)).loc["IRQ", "rule"] == "war"
    assert _by_abb(roles_prepared(p, 2001)).loc["IRQ", "rule"] != "war"


def test_a_rival_at_war_has_its_degree_told_from_the_primary_threshold(
    shared_data: Path, inputs: dict
) -> None:
    """Germany in 1944, at war with the U.S. (COW war 139; [sarkees2010]): degree 0.697, a
    rival 'to a lesser extent'. The war rule's reason printed "degree 0.70 (to a lesser
    extent)", a degree that reads as the primary threshold (0.70) while the intensity says it is
    below it; it now gives the decimals that tell them apart and the threshold, as the other
    rival reasons do."""
    from anpo.relations.taxonomy import WAR_KIND

    wars = data.load(shared_data / "peacesciencer/cow_war_inter.csv", kind=WAR_KIND)
    p = prepare_roles(**inputs, wars=wars)
    ger = _by_abb(roles_prepared(p, 1944)).loc["GMY"]
    assert (ger["rule"], ger["intensity"]) == ("war", "lesser")
    assert 0.695 < ger["degree"] < p.th.rival.primary_degree == 0.70
    assert "degree 0.697 (to a lesser extent; primary >= 0.700)" in ger["reason"]
    assert "degree 0.70 " not in ger["reason"]


def test_war_from_mid_dispute_level_data(prep) -> None:  # type: ignore[no-untyped-def]
    """peacesciencer's MID 5.0 dispute-years repeat a dispute's highest hostility in every year:
    the 1997-2003 Iraq dispute (4273) ended in war in 2003, so Iraq is 'at war' in 2003 only,
    not in 2001."""
    assert prep.disputes is not None
    r03 = _by_abb(roles_prepared(prep, 2003))
    assert r03.loc["IRQ", "rule"] == "war" and r03.loc["IRQ", "role"] == "rogue state"
    r01 = _by_abb(roles_prepared(prep, 2001))
    assert r01.loc["IRQ", "at_war"] == 0 and r01.loc["IRQ", "rule"] == "rogue"


def test_bloc_crisis_is_not_each_members_hostility(prep) -> None:  # type: ignore[no-untyped-def]
    """The 1961 Berlin crisis (MID 27): Poland and Czechoslovakia joined on side B with three
    others (not originators), so each carries a quarter of the dispute's weight, which halves
    every 8 years. In 1970 neither is a rogue state; both are allies of the primary rival (the
    Soviet Union, Warsaw Pact)."""
    hl = prep.th.disputes.half_life
    r62 = _by_abb(roles_prepared(prep, 1962))
    assert r62.loc["POL", "hostile_evidence"] == pytest.approx(0.25 * 0.5 ** (1 / hl))
    r70 = _by_abb(roles_prepared(prep, 1970))
    for abb in ("POL", "CZE", "HUN", "BUL", "ROM"):
        assert r70.loc[abb, "role"] == "ally-of-rival", abb
        assert "Soviet Union" in r70.loc[abb, "allied_rivals"]
        assert "primary strategic rival (Soviet Union)" in r70.loc[abb, "reason"]
    assert r70.loc["POL", "hostile_evidence"] < prep.th.rogue.min_hostile_evidence


def test_dispute_evidence_decays_with_age(prep) -> None:  # type: ignore[no-untyped-def]
    """Yugoslavia's only hostile dispute with the U.S. before 1992 is the 1946 shoot-down of
    U.S. aircraft (MID 3193, originator, hostility 4): its weight is 0.5 ** (age / half-life)."""
    hl = prep.th.disputes.half_life
    for year in (1950, 1954, 1962):
        r = _by_abb(roles_prepared(prep, year))
        assert r.loc["YUG", "hostile_evidence"] == pytest.approx(0.5 ** ((year - 1946) / hl))
        assert int(r.loc["YUG", "last_hostile_year"]) == 1946


def test_nominal_ally(prep) -> None:  # type: ignore[no-untyped-def]
    """Venezuela in 2010: still in the Rio Treaty (ATOP pact) but voting further from the U.S.
    than 90% of members and in a dispute with it: the pact is nominal and does not decide the
    role. Canada in 2001 has disputes too (fisheries) but votes close to the U.S.: an ally."""
    ven = _by_abb(roles_prepared(prep, 2010)).loc["VEN"]
    assert ven["defense_pact"] == 1 and bool(ven["nominal_ally"])
    assert ven["role"] != "ally" and ven["reason"].startswith("nominal ally only")
    can = _by_abb(roles_prepared(prep, 2001)).loc["CAN"]
    assert can["hostile_evidence"] >= prep.th.rogue.min_hostile_evidence
    assert can["role"] == "ally" and not bool(can["nominal_ally"])


def test_a_state_without_a_role_is_told_why_it_is_neither(prep) -> None:  # type: ignore[no-untyped-def]
    """A state with capability between the rival minimum and the rogue maximum could be either:
    its reason names the missed condition of each rule (issue 15: North Korea in 2016 is not a
    rogue state; the reason must say why, not only why it is not a rival)."""
    th = prep.th
    r16 = roles_prepared(prep, 2016)
    prk = r16.set_index("stateabb").loc["PRK"]
    assert prk["role"] == "ally-of-rival"
    assert th.rival.min_capability_ratio <= prk["comp_competitor"] < th.rogue.max_capability_ratio
    assert "not a rival: degree" in prk["reason"]
    assert (
        f"not a rogue state: UN distance percentile {prk['idealpoint_percentile']:.2f} (mean of "
        f"2014-2016) below {th.rogue.min_idealpoint_percentile:.2f}" in prk["reason"]
    )
    # every such state, in any year, is told why it is not a rogue state
    panel = roles_panel([1970, 1990, 2016], prepared=prep)
    none = panel[
        panel["role"].isin(["other", "ally-of-rival"])
        & (panel["comp_competitor"] < th.rogue.max_capability_ratio)
        & (panel["defense_pact"].fillna(0) == 0)
    ]
    assert len(none) > 50
    assert none["reason"].str.contains("not a rogue state: ").all()
    can = none[none["comp_competitor"] >= th.rival.min_capability_ratio]
    assert can["reason"].str.contains("not a rival: ").all()
    # and every state with no role, whatever its capability, is told both (the README's
    # promise): too weak for the rival rule, or too strong for the rogue rule, is said
    other = panel[panel["role"] == "other"]
    assert len(other) > 100
    assert other["reason"].str.contains("not a rival: ").all()
    assert other["reason"].str.contains("not a rogue state: ").all()
    weak = other[other["comp_competitor"] < th.rival.min_capability_ratio]
    assert len(weak) > 50
    assert weak["reason"].str.contains("not a rival: capability ").all()
    strong = other[other["comp_competitor"] >= th.rogue.max_capability_ratio]
    assert len(strong) >= 1  # China 1990, India 1990 and 2016 with the shared data
    assert strong["reason"].str.contains(r"not a rogue state: capability .* not below").all()


def test_rival_degree_uses_more_than_cinc(inputs: dict, prep) -> None:  # type: ignore[no-untyped-def]
    """The competitor score combines the capability measures; with CINC alone Russia's degree
    after Crimea is capped by its CINC ratio (issue 15), with nuclear forces it is not."""
    r = _by_abb(roles_prepared(prep, 2014)).loc["RUS"]
    th = prep.th
    parts = {
        "cinc": r["capability_ratio"],
        "milex": r["milex_ratio"],
        "nuclear": r["nuclear_ratio"],
    }
    vals = [min(1.0, parts[c]) for c in th.rival.capability]
    expected = max(vals) if th.rival.capability_combine == "max" else float(np.mean(vals))
    assert r["comp_competitor"] == pytest.approx(expected)
    base = load_thresholds()
    cinc = _by_abb(
        roles(2014, thresholds=with_overrides(base, **{"rival.capability": ["cinc"]}), **inputs)
    )
    assert cinc.loc["RUS", "degree"] <= cinc.loc["RUS", "capability_ratio"] ** 0.5 + 1e-12
    nuc = with_overrides(
        base, **{"rival.capability": ["cinc", "nuclear"], "rival.capability_combine": "max"}
    )
    rn = _by_abb(roles(2014, thresholds=nuc, **inputs)).loc["RUS"]
    assert rn["comp_competitor"] > 0.9 and rn["intensity"] == "primary"


def test_end_of_coverage_is_insufficient_not_a_role_change(inputs: dict) -> None:
    """MID data cut at 2010: in 2012 the dispute evidence is taken as of 2010 (not decayed by
    two unobserved years) and every row says 'insufficient', naming the gap."""
    d = inputs["disputes"]
    cut = d[d["year"] <= 2010].copy()
    cut.attrs = {**d.attrs, "coverage": (int(d["year"].min()), 2010)}
    p = prepare_roles(**{**inputs, "disputes": cut})
    r10 = roles_prepared(p, 2010).set_index("ccode")
    r12 = roles_prepared(p, 2012).set_index("ccode")
    both = r10.index.intersection(r12.index)
    assert np.allclose(
        r12.loc[both, "hostile_evidence"], r10.loc[both, "hostile_evidence"], equal_nan=True
    )
    assert set(r10["data_gaps"].map(_common_gaps)) == {""}
    assert set(r12["data_status"]) == {"insufficient"}
    assert r12["data_gaps"].str.contains("disputes \\(MID\\) end in 2010").all()
    assert r12.loc[731, "mid_years"] == "2001-2010"


def test_a_missing_military_spending_value_is_carried_not_dropped(prep, inputs: dict) -> None:  # type: ignore[no-untyped-def]
    """NMC 6.0 [singer1972] has no 2015 military expenditure for Iran: the combined capability
    measure fell back to CINC alone (0.12 against 0.07) and Iran read a lesser strategic rival
    in 2015 between rogue years 2014 and 2016 (issue 15). Its 2014 value is carried forward
    within ``MILEX_CARRY_YEARS``, said in the reason and in the row's data_gaps; with no value
    within the window the gap is named and the reason says which measure is left.

    The carried ratio is Iran's 2014 spending over the focal's own 2015 spending, from the NMC 6.0
    file (peacesciencer/cow_nmc.csv, milex in thousands of US$): Iran 2014 15,705,000, USA 2015
    597,503,000 (USA 2014 581,000,000: dividing by the focal's 2014 value is 3% off)."""
    from anpo.relations.taxonomy import MILEX_CARRY_YEARS

    r = roles_panel([2014, 2015, 2016], prepared=prep).set_index(["ccode", "year"])
    assert [r.loc[(630, y), "role"] for y in (2014, 2015, 2016)] == ["rogue state"] * 3
    iran = r.loc[(630, 2015)]
    assert iran["milex_year"] == 2014
    assert iran["milex_ratio"] == pytest.approx(15_705_000 / 597_503_000, rel=1e-9)
    assert iran["comp_competitor"] < 0.10
    assert "military spending 0.03 (2014's)" in iran["reason"]
    assert "of Iran: none in 2015, 2014's carried forward" in iran["data_gaps"]
    assert iran["data_status"] == "insufficient"
    assert "military spending" not in r.loc[(630, 2014), "data_gaps"]
    # no value within the window (Syria has none after 2010): named, and the reason says
    # the capability rests on CINC alone (one value is not a "mean")
    syria = r.loc[(652, 2014)]
    assert pd.isna(syria["milex_ratio"]) and pd.isna(syria["milex_year"])
    assert f"none in {2014 - MILEX_CARRY_YEARS}-2014 (capability without it)" in syria["data_gaps"]
    # in words: "military spending n/a" read as "not applicable"
    assert "(CINC 0.02 alone; military spending unknown (not in the data))" in syria["reason"]
    assert "n/a" not in syria["reason"]
    assert "mean of CINC" not in syria["reason"]


def test_before_the_un_and_at_the_start_of_the_dispute_data(inputs: dict) -> None:
    """Issue 15: before the UN's first session (1946) every row was "insufficient" for "UN
    ideal points: none for the focal state (no seat)", though no UN existed: the factor cannot
    exist then, so it is no gap of the data and the reasons say "no UN before 1946". In 1816,
    the first year of MID 5.0 [palmer2022], the disputes were said counted "in 1816-1816 (the
    dispute data end there)" and "in 30 years": the data begin there, and cover one year."""
    r = _by_abb(roles(1816, **inputs))
    assert not r["data_gaps"].str.contains("UN ideal points").any()
    assert r["reason"].str.contains("no UN before 1946").all()
    assert "(no seat" not in " ".join(r["reason"])
    assert "MIDs in 1816 (the dispute data begin there)" in r.loc["UKG", "reason"]
    fra = r.loc["FRN", "reason"]
    assert "against the focal in 1816 (the dispute data begin there)" in fra
    assert "in 30 years" not in fra and "end there" not in fra
    # the years a 10-year window covers from 1820: 1816-1820
    assert (
        "in 1816-1820 (the dispute data begin there)"
        in roles(1820, **inputs).set_index("stateabb").loc["FRN", "reason"]
    )
    # 1946 on, the UN ideal points are evidence again
    r46 = _by_abb(roles(1950, **inputs))
    assert r46.loc["UKG", "idealpoint_distance"] > 0
    assert not r46["reason"].str.contains("no UN before").any()


def test_missing_evidence_is_said_not_guessed(inputs: dict) -> None:
    """Without dispute and UN data North Korea cannot be shown to be a rogue state (no rivalry
    with the U.S. on record either); the reason says the data are missing and every row is
    'insufficient'. Cuba and Iran, in strategic rivalries with the U.S., still are."""
    r = _by_abb(roles(2001, **{**inputs, "disputes": None, "ideal_points": None}))
    assert r.loc["PRK", "role"] != "rogue state"
    assert "no dispute data" in r.loc["PRK", "reason"]
    assert {r.loc["CUB", "role"], r.loc["IRN", "role"]} == {"rogue state"}
    assert set(r["data_status"]) == {"insufficient"}
    assert "disputes: no dataset" in r.loc["CHN", "data_gaps"]
    assert r.loc["CHN", "role"] == "strategic rival"  # the rivalry list still says so


def test_without_un_data_no_state_is_said_to_lack_a_seat(inputs: dict) -> None:
    """Without the UN ideal points (a catalog without the dataset) the reasons say the data are
    absent, never "no seat" (issue 15: every state read "no seat"); likewise when the estimates
    end long before the year. With the data, North Korea in 1950 had no seat (member 1991)."""
    r = roles(2001, **{**inputs, "ideal_points": None})
    assert not r["reason"].str.contains("no seat").any()
    assert r["reason"].str.contains("no UN ideal point \\(no dataset of UN ideal points").any()
    ip = inputs["ideal_points"]
    early = ip[ip.year <= 1980].copy()
    early.attrs = {**ip.attrs, "coverage": (int(ip.year.min()), 1980)}
    old = roles(2001, **{**inputs, "ideal_points": early})
    assert old["data_gaps"].str.contains("UN ideal points end in 1980").all()
    assert not old["reason"].str.contains("no seat").any()
    assert old["reason"].str.contains("the estimates end in 1980").any()


def test_focal_state_without_a_seat_is_a_gap_of_every_row(inputs: dict) -> None:
    """China as the focal state in 1960: the People's Republic held no UN seat before 1971
    (General Assembly resolution 2758), so no state's distance from it is known; the reasons
    say the focal state had no seat (not that each state lacked one: the United States and
    Japan sat in the Assembly) and every row names the gap. In 1980 the gap is gone."""
    r = _by_abb(roles(1960, focal=710, **inputs))
    assert r["idealpoint_distance"].isna().all()
    assert set(r["data_status"]) == {"insufficient"}
    assert r["data_gaps"].str.contains("none for the focal state", regex=False).all()
    for abb in ("USA", "JPN"):
        assert "no UN ideal point (the focal state had no seat" in r.loc[abb, "reason"]
    assert not r["reason"].str.contains("(no seat", regex=False).any()
    later = _by_abb(roles(1980, focal=710, **inputs))
    assert not later["data_gaps"].str.contains("focal state", regex=False).any()
    assert later.loc["USA", "idealpoint_distance"] > 0


def test_rivalry_inputs_follow_the_thresholds(inputs: dict) -> None:
    """Only the configured rivalry lists are inputs (default: TSS); the other stays free as an
    independent validation target."""
    r = roles(2001, **inputs)
    assert r.attrs["rivalry_inputs"] == ["tss"]
    th = with_overrides(load_thresholds(), rivalry_lists=["td"])
    assert roles(2001, thresholds=th, **inputs).attrs["rivalry_inputs"] == ["td"]
    # an empty list: no rivalry input (the ablation of tools/roles_rivalry_ablation.py); the
    # rows say the evidence is switched off, not that a dataset is missing
    off = roles(2001, thresholds=with_overrides(load_thresholds(), rivalry_lists=[]), **inputs)
    assert off.attrs["rivalry_inputs"] == []
    assert {_common_gaps(g) for g in off["data_gaps"]} == {
        "rivalries: not used (the thresholds' rivalry_lists is empty)"
    }
    assert (off["data_status"] == "insufficient").all()


def test_thresholds_file_changes_labels(inputs: dict, tmp_path: Path) -> None:
    """Raising the capability a strategic rival needs to half the focal's drops Russia."""
    p = tmp_path / "th.toml"
    p.write_text("[rival]\nmin_capability_ratio = 0.5\n")
    th = load_thresholds(p)
    assert th.rival.min_capability_ratio == 0.5
    assert th.rival.min_degree == load_thresholds().rival.min_degree  # the rest: defaults
    r = _by_abb(roles(2001, thresholds=p, **inputs))
    assert r.loc["RUS", "role"] != "strategic rival"
    assert r.loc["CHN", "role"] == "strategic rival"


def _leaves(doc: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in doc.items():
        if isinstance(value, dict):
            out.update(_leaves(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def test_the_class_defaults_are_the_shipped_file() -> None:
    """``RoleThresholds()`` equals the shipped ``roles_default.toml`` field by field (they
    differed in six fields: disputes.half_life 4 vs 8, rival.capability, capability_combine,
    min_degree, min_capability_ratio and rogue.min_idealpoint_percentile), in types too (a
    ``10`` in the file is the float 10.0 either way)."""
    built = _leaves(RoleThresholds().model_dump())
    shipped = _leaves(load_thresholds().model_dump())
    assert built.keys() == shipped.keys()
    for key, value in shipped.items():
        assert built[key] == value, key
        assert type(built[key]) is type(value), key
    assert shipped["rival.capability"] == ["cinc", "milex"]
    assert shipped["disputes.half_life"] == 8.0


def test_changing_one_threshold_in_code_changes_only_that_one() -> None:
    """Building a part of the thresholds in code keeps every other value at the shipped
    default (the drift made ``RoleThresholds(rival=RivalRule(...))`` change five others)."""
    th = RoleThresholds(rival=RivalRule(min_degree=0.5))
    assert changed_thresholds(th) == {"rival.min_degree": (0.5, 0.4)}
    assert changed_thresholds(RoleThresholds(disputes=DisputeRule(lookback=20))) == {
        "disputes.lookback": (20, 30)
    }
    # list defaults are copies: changing one model's list leaves the next one's alone
    th.rival.capability.append("nuclear")
    assert RivalRule().capability == ["cinc", "milex"]


def test_roles_with_the_class_defaults_give_the_shipped_roles(inputs: dict, prep) -> None:  # type: ignore[no-untyped-def]
    """The seed's 2001 picture [soeya2001] from ``RoleThresholds()`` as from the shipped
    file: Russia a rival "to a lesser extent" (with the drifted class defaults it was a
    primary rival, degree 0.77)."""
    a = _by_abb(roles(2001, thresholds=RoleThresholds(), **inputs))
    b = _by_abb(roles_prepared(prep, 2001))
    pd.testing.assert_frame_equal(a, b)
    assert a.loc["RUS", "role"] == "strategic rival"
    assert a.loc["RUS", "intensity"] != "primary"


@pytest.mark.parametrize(
    "text, field",
    [
        ("[rival]\nmin_degree = 2\n", "rival.min_degree"),
        ("[rogue]\nunknown_key = 1\n", "rogue.unknown_key"),
        ("[rival]\ncapability = ['gdp']\n", "rival.capability"),
        ("rivalry_lists = ['x']\n", "rivalry_lists"),
        ("focal = 'x'\n", "focal"),
        ("[rival\n", None),
        ("idealpoint_measure = 'x'\n", "idealpoint_measure"),
        # fuzzing: half-lives and the saturation of 1e-320 passed (> 0) and overflowed
        # age / half_life in `anpo roles --year 2001 --thresholds FILE`
        ("[disputes]\nhalf_life = 1e-320\n", "disputes.half_life"),
        ("[rival]\nrivalry_half_life = 1e-320\n", "rival.rivalry_half_life"),
        ("[rival]\nmid_saturation = 1e-320\n", "rival.mid_saturation"),
        ("[rival]\nmid_saturation = 1e308\n", "rival.mid_saturation"),
    ],
)
def test_bad_thresholds_file(tmp_path: Path, text: str, field: str | None) -> None:
    p = tmp_path / "th.toml"
    p.write_text(text)
    with pytest.raises(InputError) as exc:
        load_thresholds(p)
    assert exc.value.file == str(p)
    assert "Value error" not in str(exc.value)
    if field:
        assert exc.value.field == field


def test_focal_must_be_member(inputs: dict) -> None:
    """An unknown code and a state outside the system are told apart, the state named with the
    years it is a member: both read "the focal state N is not a system member in YEAR (the state
    list covers 1816-2016)"."""
    from anpo.relations.validate import validate_focal

    with pytest.raises(InputError, match="no state has the code 999 in the COW state list") as e:
        roles(2001, focal=999, **inputs)
    assert e.value.field == "focal"
    japan = r"Japan \(740\) is not a system member in 1950 \(COW state list: a member in 1860-1945, 1952-2016\)"
    with pytest.raises(InputError, match=japan):
        roles(1950, focal=740, **inputs)
    with pytest.raises(InputError, match=japan.replace("1950", "1946-1950")):
        validate_focal(inputs, 740, range(1946, 1951))
    with pytest.raises(InputError, match="no state has the code 999"):
        validate_focal(inputs, 999, [2001])


def test_panel_years(prep) -> None:  # type: ignore[no-untyped-def]
    """China's rival degree rises from 1990 to 2001 (its second rivalry with the U.S. from 1996
    in TSS) while Russia's falls (end of the Cold War rivalry in 1989)."""
    p = roles_panel([1990, 2001], prepared=prep)
    deg = p[p.stateabb.isin(["CHN", "RUS"])].pivot(
        index="year", columns="stateabb", values="degree"
    )
    assert deg.loc[2001, "CHN"] > deg.loc[1990, "CHN"]
    assert deg.loc[2001, "RUS"] < deg.loc[1990, "RUS"]


def _cli(args: list[str], home: Path):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    import anpo.cli

    return CliRunner().invoke(anpo.cli.app, args, env={"ANPO_HOME": str(home)})


@pytest.fixture(scope="module")
def cli_home(roles_home: Path) -> Path:
    return roles_home


def test_cli_roles_json_keeps_fields_and_adds_data_status(cli_home: Path) -> None:
    """``anpo roles --year Y --json``: the fields it had, ``data_status`` added (top level and
    per state); 2016 is past the MID data (2014): insufficient, with the gap named."""
    r = _cli(["roles", "--year", "2016", "--json"], cli_home)
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert {"focal", "years", "thresholds", "sources", "missing_datasets", "roles"} <= set(out)
    assert out["missing_datasets"] == [] and out["years"] == [2016]
    got = {x["stateabb"]: x for x in out["roles"]}
    before = {  # the fields of each state before issue 15: all kept
        *("ccode", "stateabb", "statenme", "year", "role", "rule", "intensity", "degree"),
        *("reason", "defense_pact", "any_alliance", "rivalry_ongoing", "rivalry"),
        *("years_since_rivalry", "mids", "mid_years", "own_hostility", "hostility_years"),
        *("cinc", "capability_ratio", "idealpoint_distance", "idealpoint_percentile"),
        *("idealpoint_year", "comp_competitor", "comp_rivalry", "comp_threat"),
        *("comp_preference", "opposition"),
    }
    assert before | {"data_status", "data_gaps", "nominal_ally"} <= set(got["CHN"])
    assert (got["CHN"]["role"], got["CHN"]["intensity"]) == ("strategic rival", "primary")
    assert out["data_status"] == "insufficient" and got["CHN"]["data_status"] == "insufficient"
    assert any("disputes (MID) end in 2014" in g for g in out["data_gaps"])
    # the name as in the year beside the COW list's one name per code (issue 15: 345 read
    # "Yugoslavia" in 2016; Serbia from 2006)
    assert (got["YUG"]["statenme"], got["YUG"]["state"]) == ("Yugoslavia", "Serbia")
    # each gap once, a row's own gaps (one state's military spending) named with the state
    assert len(out["data_gaps"]) == len(set(out["data_gaps"]))
    assert not any(";" in g.split(": none in")[0] for g in out["data_gaps"])


@pytest.mark.slow
def test_cli_roles_table_notes_insufficient_data(cli_home: Path) -> None:
    """The table heads the status column in words ("data": insufficient), not with the JSON
    field's name."""
    r = _cli(["roles", "--year", "2016"], cli_home)
    assert r.exit_code == 0 and "data insufficient" in r.stderr and "rogue state" in r.stdout
    header = next(ln for ln in r.stdout.splitlines() if "rival degree" in ln)
    assert " data " in header and "data_status" not in header
    # one state-year's missing military spending is one note for all, counted, not a line each
    notes = [ln for ln in r.stderr.splitlines() if ln.startswith("note: data insufficient")]
    milex = [ln for ln in notes if "military spending (NMC)" in ln]
    assert len(milex) == 1 and "missing for" in milex[0] and "state-years" in milex[0]


@pytest.mark.slow
def test_cli_roles_table_and_json_give_the_same_rival_degree(cli_home: Path) -> None:
    """The table's "rival degree" is the JSON's ``degree`` for every state shown: it printed
    "–" for an ally (Canada 2001) while the JSON carried 0.108; the note under the table says
    what the number means for a state that is no rival."""
    r = _cli(["roles", "--year", "2001", "--json"], cli_home)
    assert r.exit_code == 0, r.output
    degree = {row["ccode"]: row["degree"] for row in json.loads(r.stdout)["roles"]}
    r = _cli(["roles", "--year", "2001"], cli_home)
    assert r.exit_code == 0, r.output
    seen = 0
    for line in r.stdout.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) > 5 and cells[1].isdigit():
            code, shown = int(cells[1]), cells[5]
            if degree[code] is None:
                assert shown == "–", code
            else:
                assert float(shown) == pytest.approx(degree[code], abs=5e-4), code
            seen += 1
    assert seen > 50 and degree[20] is not None  # Canada, an ally, with its number
    note = " ".join(r.stdout.split())
    assert "rival degree: sqrt(capability x opposition)" in note
    # the intensity cell is blank for an ally (Canada): the note says what a blank is there
    assert "blank for every other state (the role has no intensity)" in note
    assert "For an ally, a rogue state or other it is no role" in note


@pytest.mark.slow
def test_cli_roles_title_names_the_focal_state(cli_home: Path) -> None:
    """The table's title names the focal state (a country name for readers, not its COW code):
    "roles relative to Japan", not "relative to state 740"."""
    r = _cli(["roles", "--year", "2001", "--focal", "740"], cli_home)
    assert r.exit_code == 0, r.output
    title = " ".join(r.stdout.split())
    assert "roles relative to Japan in 2001" in title and "state 740" not in title
    r = _cli(["roles", "--year", "1950"], cli_home)
    text = " ".join(r.stdout.split())
    # the focal state by the package's rule for names (COW's list: "United States of America")
    assert "roles relative to the United States in 1950" in text
    # each state by its name as in the year, not its abbreviation
    assert "Soviet Union" in text and "│ RUS " not in r.stdout


def test_the_focal_state_is_named_as_in_the_year(inputs: dict) -> None:
    """The title's focal state is named as the table names the others (period_name): with
    COW code 365 as the focal state, the Soviet Union in 1970 and Russia in 2001 (COW's list
    keeps "Russia" for both)."""
    assert roles(1970, focal=365, **inputs).attrs["focal_name"] == "Soviet Union"
    assert roles(2001, focal=365, **inputs).attrs["focal_name"] == "Russia"
    assert roles(2001, focal=740, **inputs).attrs["focal_name"] == "Japan"


def test_evidence_counts_are_singular_when_one(inputs: dict) -> None:
    """China's view in 1990: Russia's rivalry (TSS, ended 1989) ended "1 year earlier", and its
    one dispute in ten years is "1 MID", not "1 years" and "1 MIDs"."""
    cn = _by_abb(roles(1990, focal=710, **inputs))
    why = cn.loc["RUS", "reason"]
    assert "strategic rivalry ended 1 year earlier" in why and "1 years" not in why
    assert "1 MID in 10 years" in why and "1 MIDs" not in why


def test_capability_text_says_ratios_are_capped(inputs: dict) -> None:
    """Seen from Japan the U.S. has 4 times its CINC and 13 times its military spending; the
    competitor score caps each ratio at 1, and the evidence says so instead of printing "mean of
    CINC 4.04, military spending 12.77" beside a capability of 1.00."""
    jp = _by_abb(roles(2016, focal=740, **inputs))
    assert jp.loc["USA", "comp_competitor"] == pytest.approx(1.0)
    cn = _by_abb(roles(2016, focal=710, **inputs))
    assert "each capped at 1)" in cn.loc["USA", "reason"]
    us = _by_abb(roles(2016, **inputs))
    assert "each capped at 1)" in us.loc["CHN", "reason"]  # China's CINC exceeds the U.S.'s
    assert "capped" not in us.loc["RUS", "reason"]  # both below the focal's: nothing capped


def test_a_small_capability_ratio_is_not_printed_as_zero(prep) -> None:  # type: ignore[no-untyped-def]
    """Iraq's military spending in 2001 was about 0.4% of the U.S.'s and Libya's about 0.2%:
    the report's 2001 table read 'mean of CINC 0.05, military spending 0.00', as if they had
    none. A ratio that is not zero but rounds to zero reads '< 0.01'; the values are kept."""
    iq = _by_abb(roles_prepared(prep, 2001))
    for abb in ("IRQ", "LIB"):
        rec = iq.loc[abb]
        assert 0 < rec["milex_ratio"] < 0.005, abb
        assert "military spending < 0.01" in rec["reason"], rec["reason"]
        assert "military spending 0.00" not in rec["reason"]
    # a ratio that prints with two decimals is unchanged (Iraq's CINC ratio, about 0.05)
    assert "mean of CINC 0.05, military spending < 0.01)" in iq.loc["IRQ", "reason"]


def test_cli_roles_needs_a_year_or_a_subcommand(cli_home: Path) -> None:
    r = _cli(["roles"], cli_home)
    assert r.exit_code == 2 and r.stderr.startswith("error:") and "--year" in r.stderr
    r = _cli(["roles", "--year", "2001", "--print-thresholds"], cli_home)
    assert r.exit_code == 0 and "[rival]" in r.stdout and "min_degree" in r.stdout
    # a bad --year beside --print-thresholds is said, not ignored (it printed them, exit 0)
    for bad, says in (("19x0", "cannot read years"), ("2001-1990", "2001-1990"), ("", "no years")):
        r = _cli(["roles", "--year", bad, "--print-thresholds"], cli_home)
        assert r.exit_code == 2 and r.stdout == "", (bad, r.stdout)
        assert r.stderr.startswith("error: --year: ") and says in r.stderr, (bad, r.stderr)


@pytest.mark.slow
def test_cli_roles_2001_from_empty_home(shared_data: Path, tmp_path: Path) -> None:
    """Done-when (end to end, subprocess): ANPO_HOME=<empty dir> anpo data add <shared files>;
    anpo roles --year 2001 --json gives the seed's picture with the reasons."""
    env = {"ANPO_HOME": str(tmp_path / "empty-home")}
    r = run_anpo("data", "add", *[str(shared_data / f) for f in FILES], env=env)
    assert r.returncode == 0, r.stderr
    r = run_anpo("roles", "--year", "2001", "--json", env=env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["focal"] == 2 and out["years"] == [2001]
    assert out["sources"]["atop"]["version"] == "5.1"
    got = {x["stateabb"]: x for x in out["roles"]}
    assert {
        k: got[k]["role"] for k in ("JPN", "UKG", "AUL", "ROK", "CHN", "RUS", "PRK", "IRQ")
    } == {
        "JPN": "ally",
        "UKG": "ally",
        "AUL": "ally",
        "ROK": "ally",
        "CHN": "strategic rival",
        "RUS": "strategic rival",
        "PRK": "rogue state",
        "IRQ": "rogue state",
    }
    assert got["RUS"]["intensity"] == "lesser" and got["CHN"]["intensity"] == "primary"
    assert all(got[k]["reason"] for k in got)


@pytest.mark.slow
def test_cli_roles_2001_after_adding_the_whole_shared_folder(
    shared_data: Path, tmp_path: Path
) -> None:
    """Done-when, literally: ``anpo data add`` on the shared data folder (kinds detected; both
    NMC 6.0 and 7.0, and dyadic MID 4.02 and 5.0, are added side by side, the newest of each the
    default) into an empty ANPO_HOME, then
    ``anpo roles --year 2001 --json``: the seed's picture with reasons and evidence."""
    env = {"ANPO_HOME": str(tmp_path / "empty-home")}
    r = run_anpo("data", "add", str(shared_data), "--json", env=env)
    assert r.returncode == 0, r.stderr
    kinds = {x["kind"] for x in json.loads(r.stdout)["results"]}
    assert {"cow_states", "atop", "nmc", "td_rivalries", "mid_dyadic", "unga"} <= kinds
    r = run_anpo("roles", "--year", "2001", "--json", env=env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # provenance: the datasets the roles come from, with their file hashes, nothing else
    assert set(out["sources"]) == {
        "cow_states",
        "atop",
        "nmc",
        "td_rivalries",
        "tss_rivalries",
        "mid_dyadic",
        "unga",
        "nuclear_stockpiles",
    }
    assert out["sources"]["nmc"]["version"] == "7.0" and len(out["sources"]["nmc"]["sha256"]) == 64
    got = {x["stateabb"]: x for x in out["roles"]}
    for abb in ("JPN", "UKG", "AUL", "ROK"):
        assert got[abb]["role"] == "ally" and "defense or offense pact" in got[abb]["reason"]
    assert (got["CHN"]["role"], got["CHN"]["intensity"]) == ("strategic rival", "primary")
    assert (got["RUS"]["role"], got["RUS"]["intensity"]) == ("strategic rival", "lesser")
    assert got["RUS"]["degree"] < got["CHN"]["degree"]
    for abb in ("PRK", "IRQ"):
        assert got[abb]["role"] == "rogue state" and "hostility evidence" in got[abb]["reason"]


def test_cli_roles_without_data(tmp_path: Path) -> None:
    r = _cli(["roles", "--year", "2001"], tmp_path / "none")
    assert r.exit_code == 2 and "anpo data add" in r.stderr


def test_roles_from_catalog_missing_required(tmp_path: Path, shared_data: Path) -> None:
    from anpo.data.catalog import Catalog
    from anpo.relations.taxonomy import roles_from_catalog

    cat = Catalog.open(tmp_path / "h")
    cat.add(shared_data / "cow/states2016.csv")
    with pytest.raises(CatalogError, match="atop"):
        roles_from_catalog(cat, 2001)


@pytest.mark.parametrize(
    "year", [2001.0, np.float64(2001), np.array(2001), pd.Series([2001.0]).iloc[0]]
)
def test_roles_from_catalog_reads_a_float_year_as_one_year(
    roles_inputs: dict, year: object
) -> None:
    """review12 F-A: a year taken from a pandas column (float64) or written 2001.0 was a bare
    ``TypeError: 'float' object is not iterable``; it is the one year it says."""
    from anpo.relations.taxonomy import roles_from_catalog

    want = roles_from_catalog(None, 2001, inputs=roles_inputs)
    got = roles_from_catalog(None, year, inputs=roles_inputs)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize(
    ("years", "said"),
    [
        (float("nan"), "must be a year (a whole number), got nan"),
        (2001.5, "must be a year (a whole number), got 2001.5"),
        ("2001", "got the text '2001'"),
        ([2001, 2001.5], "must be years (whole numbers), got [2001, 2001.5]"),
    ],
)
def test_roles_from_catalog_refuses_bad_years_in_the_users_words(years: object, said: str) -> None:
    """review12 F-A: NaN was a bare TypeError, and "2001" was iterated and refused as "got
    '2'", "a COW state code" (wording for a year or a focal state, not for ``years``). They are
    refused before the catalog is read (none is given here)."""
    from anpo.relations.taxonomy import roles_from_catalog

    with pytest.raises(InputError) as e:
        roles_from_catalog(None, years)  # type: ignore[arg-type]
    assert e.value.field == "years" and said in e.value.message
    assert "state code" not in e.value.message and "'2'" not in e.value.message


def test_roles_panel_keeps_the_years_in_the_order_given(roles_prep) -> None:  # type: ignore[no-untyped-def]
    """The years of a panel come in the order given (a generator too), as before the check."""
    from anpo.relations.taxonomy import roles_panel

    got = roles_panel((y for y in (2001, 1990)), prepared=roles_prep)
    assert got["year"].unique().tolist() == [2001, 1990]
    with pytest.raises(InputError, match="got the text"):
        roles_panel("2001", prepared=roles_prep)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("present", "missing"),
    [
        ((), ["td_rivalries", "tss_rivalries", "mid_dyadic", "unga", "nuclear_stockpiles"]),
        (("tss_rivalries",), ["mid_dyadic", "unga", "nuclear_stockpiles"]),
        (("td_rivalries", "unga", "nuclear_stockpiles"), ["mid_dyadic"]),
        (("td_rivalries", "tss_rivalries", "mid_dyadic", "unga", "nuclear_stockpiles"), []),
    ],
)
def test_missing_optional_kinds(present: tuple[str, ...], missing: list[str]) -> None:
    """Either rivalry list feeds the rivalry evidence: the lists are missing only together (the
    CLI note and the report note both use this)."""
    from anpo.relations.taxonomy import missing_optional_kinds

    class Listed:
        def list(self) -> pd.DataFrame:
            return pd.DataFrame({"kind": ["cow_states", "atop", "nmc", *present]})

    assert missing_optional_kinds(Listed()) == missing


def test_cli_thresholds_file_fields_are_not_flags(anpo_home: Path, tmp_path: Path) -> None:
    """Fuzzing: ``focal = inf`` in a thresholds file was reported as "th.toml:1: --focal: ..."
    (the file's key named as the command's flag); it is the file's ``focal``."""
    p = tmp_path / "th.toml"
    p.write_text("focal = inf\n", encoding="utf-8")
    r = _cli(["roles", "--thresholds", str(p), "--print-thresholds"], anpo_home)
    assert r.exit_code == 2
    assert r.stderr.strip().startswith(f"error: {p}:1: focal: not a finite number"), r.stderr


def test_cli_print_thresholds_prints_the_thresholds_in_use(anpo_home: Path, tmp_path: Path) -> None:
    """``anpo roles --print-thresholds`` prints the defaults; with ``--thresholds FILE`` the
    file's values over the defaults (validated, marked as changed), and the text read back is
    the thresholds in use; a bad file is a one-line error."""
    from typer.testing import CliRunner

    import anpo.cli
    from anpo.relations.taxonomy import default_thresholds_text

    runner = CliRunner()
    r = runner.invoke(anpo.cli.app, ["roles", "--print-thresholds"])
    assert r.exit_code == 0, r.output
    assert r.stdout == default_thresholds_text() and "changed" not in r.stdout

    user = tmp_path / "mine.toml"
    user.write_text('[rival]\nmin_degree = 0.5\ncapability = ["nuclear"]\n', "utf-8")
    r = runner.invoke(
        anpo.cli.app, ["roles", "--print-thresholds", "--thresholds", str(user), "--focal", "740"]
    )
    assert r.exit_code == 0, r.output
    assert f"overridden by {user}" in r.stdout
    assert "min_degree = 0.5    # changed (default 0.4)" in r.stdout
    assert 'capability = ["nuclear"]    # changed (default ["cinc", "milex"])' in r.stdout
    assert "focal = 740    # changed (default 2)" in r.stdout
    echoed = tmp_path / "echoed.toml"
    echoed.write_text(r.stdout, "utf-8")
    want = load_thresholds(user).model_copy(update={"focal": 740})
    assert load_thresholds(echoed) == want
    assert load_thresholds(echoed).rival.min_degree == 0.5
    # --json: the values in use and those changed, as JSON (it printed the TOML text)
    r = runner.invoke(
        anpo.cli.app,
        ["roles", "--print-thresholds", "--json", "--thresholds", str(user), "--focal", "740"],
    )
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert got["file"] == str(user)
    assert got["thresholds"] == want.model_dump(mode="json")
    assert got["changed"] == {
        "focal": {"value": 740, "default": 2},
        "rival.min_degree": {"value": 0.5, "default": 0.4},
        "rival.capability": {"value": ["nuclear"], "default": ["cinc", "milex"]},
    }

    user.write_text("[rival]\nmin_degree = 0.9\nprimary_degree = 0.8\n", "utf-8")
    r = runner.invoke(anpo.cli.app, ["roles", "--print-thresholds", "--thresholds", str(user)])
    assert r.exit_code == 2 and r.stderr.startswith("error:") and "primary_degree" in r.stderr
    # a --focal out of the thresholds' range is the same one-line error (it was a traceback)
    r = runner.invoke(anpo.cli.app, ["roles", "--print-thresholds", "--focal", "1000"])
    assert r.exit_code == 2 and r.stderr.startswith("error: --focal: ") and "999" in r.stderr
    assert "Traceback" not in r.output and len(r.stderr.strip().splitlines()) == 1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-12, 12), min_size=3, max_size=12),
    st.data(),
)
def test_property_un_pair_percentile_is_symmetric(points: list[int], draw) -> None:  # type: ignore[no-untyped-def]
    """:func:`un_percentiles`: ``pct`` and ``rpct`` are the two members' standpoints, counted
    by brute force, and ``pair`` is the same whichever of the two is the focal state (quarter
    steps: exact distances, ties included)."""
    from anpo.relations.taxonomy import un_percentiles

    n = len(points)
    ip = pd.DataFrame({"ccode": np.arange(n) + 1, "year": 2000, "value": np.array(points) / 4})
    a = draw.draw(st.sampled_from(list(ip["ccode"])))
    b = draw.draw(st.sampled_from([c for c in ip["ccode"] if c != a]))
    x = dict(zip(ip["ccode"], ip["value"], strict=True))
    fa = un_percentiles(ip, a).set_index("ccode")
    fb = un_percentiles(ip, b).set_index("ccode")
    d = abs(x[a] - x[b])
    from_a = np.mean([abs(x[a] - x[j]) <= d for j in x if j != a])
    from_b = np.mean([abs(x[b] - x[j]) <= d for j in x if j != b])
    assert fa.loc[b, "pct"] == pytest.approx(from_a)
    assert fa.loc[b, "rpct"] == pytest.approx(from_b)
    assert (
        fa.loc[b, "pair"] == pytest.approx(fb.loc[a, "pair"]) == pytest.approx(min(from_a, from_b))
    )


@pytest.mark.slow
def test_benchmark_row_by_row_baseline_gives_the_rules_roles(roles_prep) -> None:  # type: ignore[no-untyped-def]
    """``benchmarks/relations_roles.py`` times :func:`decide` against the same rules taken row
    by row and prints whether they agree; the row-by-row copy had not followed two rule changes
    (a pact is contradicted by the pair's UN distance; without a UN seat hostility makes a rogue
    state only when corroborated) and printed 'same roles: False' (26 state-years, 1952-1972,
    rogue states by the copy). 1950-1975 holds every one of them."""
    import importlib.util

    from _support import ROOT
    from anpo.relations.taxonomy import decide, role_evidence, role_scores

    spec = importlib.util.spec_from_file_location(
        "roles_bench", ROOT / "benchmarks" / "relations_roles.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    th = roles_prep.th
    ev = pd.concat([role_evidence(roles_prep, y) for y in range(1950, 1976)], ignore_index=True)
    ev = role_scores(ev[ev["ccode"] != th.focal].reset_index(drop=True), th)
    expected = decide(ev, th)["role"].to_numpy()
    assert (np.array(bench._decide_rowwise(ev, th)) == expected).all()
    assert (expected == "rogue state").any() and (expected == "ally").any()


def test_a_rivalry_older_than_the_lookback_is_no_evidence(roles_inputs: dict) -> None:
    """A latent rival needs rivalry or threat evidence; a rivalry that ended longer ago than the
    dispute lookback (30 years) is no more evidence than a dispute that old (Thompson 2001: a
    strategic rival is a present source of threat). With China focal in 1990, France, Germany
    and Japan were latent rivals on the TSS rivalries that ended in 1900 and 1945 (France and
    Germany had no dispute with China in 30 years): no longer; a rivalry ended within the
    lookback still counts (the Soviet-Chinese rivalry, ended 1989), and the U.S.-focal roles
    rest on no such old rivalry (Russia 2001, rivalry ended 1989, still a rival; none of the
    10,447 U.S.-focal state-years 1946-2016 changed with this rule)."""
    from anpo.relations import roles

    china = roles(1990, 710, **roles_inputs).set_index("ccode")
    for code in (220, 255, 740):
        rec = china.loc[code]
        assert rec["years_since_rivalry"] > 30, code
        assert rec["role"] != "strategic rival", (code, rec["role"], rec["reason"])
    assert china.loc[365, "role"] == "strategic rival"
    assert china.loc[365, "years_since_rivalry"] <= 30
    # the U.K. (rivalry ended 1900) has a trace of a dispute within the lookback, below the
    # threat bar (test_a_trace_of_threat_is_no_evidence_of_rivalry): its reason says both
    uk = china.loc[200]
    assert uk["role"] != "strategic rival" and 0 < uk["threat_weight"] < 0.5
    assert (
        "no rivalry with the focal in 30 years and threat evidence 0.01 below 0.5" in (uk["reason"])
    )
    us = roles(2001, **roles_inputs).set_index("ccode")
    assert us.loc[365, "role"] == "strategic rival" and us.loc[365, "years_since_rivalry"] <= 30


def test_a_trace_of_threat_is_no_evidence_of_rivalry(roles_inputs: dict) -> None:
    """Threat evidence makes a latent rival only when it reaches the hostility bar of the rogue
    rule (``rogue.min_hostile_evidence``, one recent dispute or several older ones): with Japan
    focal in 1957, Canada, Australia, France and Italy were "strategic rivals" on their share of
    the Pacific War's bloc dispute decayed to 0.016 (Thompson & Dreyer code none of them). The
    Soviet Union, with disputes of its own, stays Japan's rival; no U.S.-focal state-year of
    1946-2016 changes with this rule."""
    from anpo.relations import roles
    from anpo.relations.taxonomy import load_thresholds

    japan = roles(1957, 740, **roles_inputs).set_index("ccode")
    bar = load_thresholds().rogue.min_hostile_evidence
    for code in (20, 900, 220, 325):
        rec = japan.loc[code]
        assert 0 < rec["threat_weight"] < bar, code
        assert rec["role"] != "strategic rival", (code, rec["role"], rec["reason"])
    assert f"threat evidence 0.02 below {bar:g}" in japan.loc[20, "reason"]
    assert japan.loc[365, "role"] == "strategic rival" and japan.loc[365, "threat_weight"] >= bar


def test_a_year_or_focal_that_is_not_a_whole_number_is_refused(prep, inputs: dict) -> None:  # type: ignore[no-untyped-def]
    """``int()`` read the year 2000.5 as 2000 (roles for 2000 under the label 2000.5) and the
    focal 'JPN' was a bare ValueError."""
    for call, field in [
        (lambda: roles(2000.5, 740, **inputs), "year"),
        (lambda: roles_prepared(prep, 2000.5), "year"),
        (lambda: roles_panel([2000.5], prepared=prep), "years"),
        (lambda: roles(2000, "JPN", **inputs), "focal"),
    ]:
        with pytest.raises(InputError) as err:
            call()
        assert err.value.field == field
    same = roles_prepared(prep, 2000.0)
    assert same.equals(roles_prepared(prep, 2000))


def test_cli_roles_with_no_state_in_a_role_says_so(cli_home: Path) -> None:
    """Relative to Monaco (221) in 2001 every state is 'other': the table printed its header
    and nothing under it; it now says that no state has a role and how to see them all."""
    r = _cli(["roles", "--year", "2001", "--focal", "221"], cli_home)
    assert r.exit_code == 0, r.output
    assert "┏" not in r.stdout and "ccode" not in r.stdout
    flat = " ".join(r.stdout.split())
    assert "roles relative to Monaco in 2001: other " in flat
    assert "no state has a role" in flat and "relative to Monaco in 2001" in flat
    assert "--all lists every state" in flat
    r = _cli(["roles", "--year", "2001", "--focal", "221", "--all"], cli_home)
    assert r.exit_code == 0 and "United States" in r.stdout


def test_cli_roles_json_fields_are_the_documented_ones(cli_home: Path) -> None:
    """Every key of ``anpo roles --json`` and every field of a state is documented, with the
    meaning of a null, in ``ROLES_JSON_KEYS`` / ``ROLE_FIELDS`` and in
    docs/explanation/relations.md: the fields were a bare list of names (``EVIDENCE_COLUMNS``),
    ``comp_threat`` or ``idealpoint_reverse_percentile`` said nowhere what they were. A field
    added, renamed or dropped fails here until the lists and the page say so."""
    from anpo.relations.taxonomy import OUTPUT_COLUMNS, ROLE_FIELDS, ROLES_JSON_KEYS

    r = _cli(["roles", "--year", "1950", "--json"], cli_home)
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert list(out) == list(ROLES_JSON_KEYS)
    assert all(set(row) == set(ROLE_FIELDS) for row in out["roles"])
    assert set(ROLE_FIELDS) == {*OUTPUT_COLUMNS, "state"}
    # the page's two tables of its section, each as its dict (read as one flat dict, a key in
    # both, data_status or data_gaps, had its top-level meaning never compared)
    page = doc_field_tables(Path(__file__).parents[1] / "docs/explanation/relations.md")
    tables = [list(t.items()) for t in page["The JSON of `anpo roles`"]]
    assert tables == [list(ROLES_JSON_KEYS.items()), list(ROLE_FIELDS.items())]
    for meaning in {**ROLES_JSON_KEYS, **ROLE_FIELDS}.values():
        assert meaning and "TODO" not in meaning


def test_un_shares_in_reasons_read_as_sentences(prep) -> None:  # type: ignore[no-untyped-def]
    """Romania 1957 votes at least as far from the U.S. as 99.6% of members: the reason read
    "at least as far as > 99% of members" (the table's bound for a share under 100%); and a
    contradicted pact read "votes further from the focal in the UN than 92% of members, and the
    focal further from it than 100% of members" (Venezuela 2006), though the percentiles count
    the state itself and the ties (no state is further than every member): "at least as far"."""
    from anpo.relations.taxonomy import _share_of_members

    assert [_share_of_members(x) for x in (0.9, 0.9958, 0.99996, 1.0)] == [
        "90%",
        "99.6%",
        "more than 99.9%",
        "100%",
    ]
    rom = _by_abb(roles_prepared(prep, 1957)).loc["ROM", "reason"]
    assert "at least as far as 99.6% of members" in rom and "> 99%" not in rom
    ven = _by_abb(roles_prepared(prep, 2006)).loc["VEN", "reason"]
    assert "votes at least as far from the focal in the UN as 92% of members" in ven
    assert "the focal at least as far from it as 100% of members" in ven
    assert "further" not in ven


@pytest.mark.slow
def test_cli_roles_over_several_years_counts_state_years(cli_home: Path) -> None:
    """Over 2000-2001 the title's counts are of state-years ("ally 112" read as 112 allies);
    separate years are listed as years ("2000, 2010", not the typed "2000,2010")."""
    r = _cli(["roles", "--year", "2000-2001"], cli_home)
    assert r.exit_code == 0, r.output
    title = r.stdout.splitlines()[0]
    assert title.startswith("roles relative to the United States in 2000-2001 (state-years): ")
    r = _cli(["roles", "--year", "2000,2010"], cli_home)
    assert r.stdout.startswith("roles relative to the United States in 2000, 2010 (state-years)")
    r = _cli(["roles", "--year", "2001"], cli_home)
    assert r.stdout.startswith("roles relative to the United States in 2001: ally ")


@pytest.mark.slow
def test_cli_a_focal_state_from_the_thresholds_file_is_named_there(
    cli_home: Path, tmp_path: Path
) -> None:
    """``focal = 740`` in a thresholds file, roles for 1950 (Japan not a member): the error
    read "--focal: ...", a flag the user had not typed; it now names the file and its key."""
    th = tmp_path / "th.toml"
    th.write_text("focal = 740\n", encoding="utf-8")
    r = _cli(["roles", "--year", "1950", "--thresholds", str(th)], cli_home)
    assert r.exit_code == 2
    assert f"error: {th}: focal: Japan (740) is not a system member in 1950" in r.stderr
    assert "--focal" not in r.stderr
    r = _cli(["roles", "--year", "1950", "--thresholds", str(th), "--focal", "999"], cli_home)
    assert r.exit_code == 2 and "error: --focal: no state has the code 999" in r.stderr

"""The rival rules validated on focal states other than the U.S. (held out: the thresholds were
fitted on U.S.-focal years only), and ``anpo roles validate --focal X|all``.

Targets: Thompson & Dreyer (2012), *Handbook of International Rivalries*, appendix (as
peacesciencer's ``td_rivalries``) for "strategic rival"; Thompson, Sakuwa & Suhas (2022),
*Analyzing Strategic Rivalries in World Politics*, pp. 34-46 (peacesciencer's
``tss_rivalries``, flags ``principal`` and ``aprin``) for "primary rival".
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import anpo.cli
from anpo.relations.taxonomy import roles_panel
from anpo.relations.validate import (
    FOCAL_COLUMNS,
    FOCAL_STATES,
    focal_label,
    load_codings,
    member_years,
    validate_focal,
    validate_focal_states,
    validate_roles,
)

JAPAN, CHINA, INDIA, PAKISTAN = 740, 710, 750, 770


@pytest.fixture(scope="module")
def japan(roles_inputs: dict):  # type: ignore[no-untyped-def]
    """The Japan-focal validation of 1990-2010 (the shipped thresholds)."""
    return validate_focal(roles_inputs, JAPAN, range(1990, 2011))


def _td_rivals(td: pd.DataFrame, focal: int, lo: int, hi: int) -> set[int]:
    c1, c2 = td["ccode1"].astype(int), td["ccode2"].astype(int)
    on = ((c1 == focal) | (c2 == focal)) & (td["styear"] <= hi) & (td["endyear"] >= lo)
    return set(c2[on & (c1 == focal)]) | set(c1[on & (c2 == focal)])


@pytest.mark.slow
def test_japan_focal_compares_the_rival_roles_against_td(roles_inputs: dict, japan) -> None:  # type: ignore[no-untyped-def]
    """Thompson & Dreyer (2012), appendix: after 1945 Japan has one strategic rivalry, China-
    Japan 2 (1996-2010); none with Russia, North or South Korea. The comparison counts its 15
    state-years, titles name Japan, and ally and rogue state are said not to be checked (their
    codings are U.S. lists)."""
    td = roles_inputs["rivalries"][0]
    assert _td_rivals(td, JAPAN, 1946, 2010) == {CHINA}
    assert set(japan.per_year["role"]) == {"strategic rival", "primary rival"}
    titles = japan.targets.set_index("role")["title"]
    assert titles["strategic rival"] == "Strategic rivalries with Japan, Thompson & Dreyer (2012)"
    assert "Japan" in titles["primary rival"] and "U.S." not in " ".join(titles)
    sr = japan.per_role[japan.per_role["role"] == "strategic rival"].iloc[0]
    assert sr["period"].startswith("held-out") and len(japan.per_role) == 2
    assert sr["coded"] == 2010 - 1996 + 1
    coded_years = japan.per_year.set_index(["year", "role"])["coded"]
    assert coded_years[(1995, "strategic rival")] == 0
    assert coded_years[(1996, "strategic rival")] == 1
    assert sr["both"] <= sr["coded"] and sr["both"] <= sr["predicted"]
    assert sr["recall"] == pytest.approx(sr["both"] / sr["coded"])
    assert japan.unchecked.startswith("ally and rogue state: not checked with Japan")
    assert "U.S. lists" in japan.unchecked and japan.unchecked in japan.notes
    assert japan.cases.empty and japan.focal == JAPAN
    # explanations name Japan, not the U.S.
    d = japan.disagreements
    said = d.loc[d["coded"] == "no", "explanation"]
    assert len(said) and said.str.contains("with Japan in |not Japan's principal").all()
    assert not d["explanation"].str.contains("the U.S.").any()


def test_aprin_rivalries_are_left_out_for_another_focal(japan) -> None:  # type: ignore[no-untyped-def]
    """TSS codes China-Japan 2 (1996-2020) 'aprin': principal for one side only, the file does
    not say which. From Japan's side it is neither coded principal nor not: its state-years
    leave the primary-rival comparison (so each year from 1996 scores one state fewer than the
    strategic-rival comparison), and the caveat names the rivalry."""
    py = japan.per_year.pivot(index="year", columns="role", values="states")
    diff = py["strategic rival"] - py["primary rival"]
    assert (diff[diff.index >= 1996] == 1).all() and (diff[diff.index < 1996] == 0).all()
    pr = japan.per_role.set_index("role")
    assert pr.loc["strategic rival", "state_years"] - pr.loc["primary rival", "state_years"] == 15
    assert pr.loc["primary rival", "coded"] == 0
    assert (
        "China-Japan 2 1996-2020" in japan.targets.set_index("role").loc["primary rival", "caveat"]
    )
    china = japan.disagreements[
        (japan.disagreements["role"] == "primary rival") & (japan.disagreements["ccode"] == CHINA)
    ]
    assert (china["last"] < 1996).all()


def test_us_focal_output_is_unchanged(roles_inputs: dict, roles_prep) -> None:  # type: ignore[no-untyped-def]
    """The U.S. (focal 2) comparison is the one before other focal states were allowed: the
    same four roles and three periods, nothing left out (the U.S. reading of 'aprin': principal
    for the other side), titles naming the U.S., and the counts measured for 1999-2002 with the
    code before the change (main at b61d7b8)."""
    panel = roles_panel(range(1999, 2003), prepared=roles_prep)
    v = validate_roles(panel, load_codings(), roles_inputs["rivalries"])
    assert v.focal == 2 and v.unchecked == ""
    assert "with the U.S." in v.targets.set_index("role").loc["strategic rival", "title"]
    got = {
        (r.role, r.period.split(" ")[0]): (r.state_years, r.coded, r.predicted, r.both)
        for r in v.per_role.itertuples(index=False)
    }
    assert got == {
        ("ally", "all"): (760, 180, 224, 176),
        ("ally", "training"): (189, 45, 56, 44),
        ("ally", "held-out"): (381, 90, 112, 88),
        ("rogue state", "all"): (760, 28, 23, 23),
        ("rogue state", "training"): (189, 7, 6, 6),
        ("rogue state", "held-out"): (381, 14, 11, 11),
        ("strategic rival", "all"): (760, 8, 6, 4),
        ("strategic rival", "training"): (189, 2, 2, 1),
        ("strategic rival", "held-out"): (381, 4, 2, 2),
        ("primary rival", "all"): (760, 4, 4, 4),
        ("primary rival", "training"): (189, 1, 1, 1),
        ("primary rival", "held-out"): (381, 2, 2, 2),
    }


def test_focal_years_outside_membership_are_said(roles_inputs: dict) -> None:
    """COW state list: Japan is not a system member in 1946-1951 (occupation); those years are
    not validated, and a note says so."""
    assert member_years(roles_inputs["states"], JAPAN, range(1949, 1954)) == [1952, 1953]
    v = validate_focal(roles_inputs, JAPAN, range(1950, 1954))
    assert sorted(set(v.per_year["year"])) == [1952, 1953]
    assert any("not a system member in 1950-1951" in n for n in v.notes)


def test_focal_labels() -> None:
    assert focal_label(2) == "the U.S."
    assert focal_label(365, [1950, 1989]) == "Soviet Union"
    assert focal_label(365, [1992, 2010]) == "Russia"


def test_focal_states_rule_matches_cow_majors(shared_data: Path) -> None:
    """The rule fixed before the results: every state that is a COW major power at some time in
    1950-2016 (COW State System Membership v2016, majors list) plus India."""
    majors = pd.read_csv(shared_data / "peacesciencer" / "cow_majors.csv")
    on = majors[(majors["styear"] <= 2016) & (majors["endyear"] >= 1950)]
    assert set(FOCAL_STATES) == {int(c) for c in on["ccode"]} | {INDIA}


@pytest.mark.slow
def test_cross_focal_table_for_india(roles_inputs: dict) -> None:
    """India, 1990-2000: Thompson & Dreyer code Pakistan and China; TSS codes India-Pakistan
    principal (and China-India 'aprin', left out). One row per rival role, held out, with the
    counts of :func:`validate_focal` and a stated reason for each undefined score."""
    t = validate_focal_states(roles_inputs, focals=(INDIA,), years=(1990, 2000))
    assert list(t.columns) == FOCAL_COLUMNS
    assert list(t["role"]) == ["strategic rival", "primary rival"]
    assert t["held_out"].all() and (t["state"] == "India").all()
    sr = t.set_index("role").loc["strategic rival"]
    assert sr["coded"] == 2 * 11 and sr["years"] == "1990-2000"
    pr = t.set_index("role").loc["primary rival"]
    assert pr["coded"] == 11
    for rec in t.to_dict("records"):
        if rec["predicted"] == 0 or rec["coded"] == 0:
            assert rec["undefined"]
        else:
            assert rec["undefined"] == "" and 0 <= rec["f1"] <= 1


@pytest.mark.slow
def test_cli_validate_other_focal_in_process(roles_home: Path) -> None:
    """``anpo roles validate --focal 740 --json``: the same structure as for the U.S., the rival
    roles only, the note on the roles not checked; the text output says it too."""
    runner = CliRunner()
    args = ["roles", "validate", "--focal", "740", "--years", "1995-1998", "--home"]
    r = runner.invoke(anpo.cli.app, [*args, str(roles_home), "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert set(doc) == {
        "focal",
        "years",
        "thresholds",
        "targets",
        "per_role",
        "per_year",
        "disagreements",
        "cases",
        "notes",
        "unmatched_rivalries",
    }
    # Japan's rivalry-years of 1995-1998 all match a system dyad: nothing dropped, nothing said
    assert doc["unmatched_rivalries"] == ""
    assert doc["focal"] == JAPAN and doc["years"] == [1995, 1996, 1997, 1998] and doc["cases"] == []
    assert {t["role"] for t in doc["targets"]} == {"strategic rival", "primary rival"}
    assert any(n.startswith("ally and rogue state: not checked with Japan") for n in doc["notes"])
    text = runner.invoke(anpo.cli.app, [*args, str(roles_home)])
    assert text.exit_code == 0
    assert "Strategic rivalries with Japan" in text.stdout
    assert "Ally and rogue state: not checked with Japan" in " ".join(text.stdout.split())


def test_cli_bad_focal_is_one_line(roles_home: Path) -> None:
    r = CliRunner().invoke(
        anpo.cli.app, ["roles", "validate", "--focal", "Japan", "--home", str(roles_home)]
    )
    assert r.exit_code == 2
    assert r.output.strip().count("\n") == 0 and "--focal" in r.output
    # the flag named once, as the field ("--focal: --focal takes ..." before)
    assert r.output.count("--focal") == 1 and "got 'Japan'" in r.output
    r = CliRunner().invoke(
        anpo.cli.app,
        ["roles", "validate", "--focal", "740", "--years", "1946-1950", "--home", str(roles_home)],
    )
    assert r.exit_code == 2 and "not a system member" in r.output


@pytest.mark.slow
def test_cli_validate_all_focal_states(roles_home: Path) -> None:
    """``anpo roles validate --focal all --csv``: one row per focal state of the rule and rival
    role, 1950-2010; the U.S. row (the fit's) is the only one not held out."""
    r = CliRunner().invoke(
        anpo.cli.app, ["roles", "validate", "--focal", "all", "--csv", "--home", str(roles_home)]
    )
    assert r.exit_code == 0, r.output
    import io

    t = pd.read_csv(io.StringIO(r.stdout))
    assert list(t.columns) == FOCAL_COLUMNS
    assert set(t["focal"]) == set(FOCAL_STATES)
    assert set(t.loc[~t["held_out"], "focal"]) == {2}
    assert len(t) == 2 * len(FOCAL_STATES)


def test_a_role_no_coding_covers_is_said_not_dropped(roles_inputs: dict) -> None:
    """``--focal all`` over 2011-2012, after Thompson & Dreyer end (2010): the table held the
    primary-rival rows alone and said nothing of the strategic rival; the role is now named
    as not compared, with why."""
    from anpo.relations.validate import validate_focal_states

    table = validate_focal_states(roles_inputs, None, (2, 740), (2011, 2012))
    assert set(table["role"]) == {"primary rival"}
    why = table.attrs["not_compared"]
    assert list(why) == ["strategic rival"]
    assert why["strategic rival"].startswith("not compared in 2011-2012: no coding of the role")
    assert "the list ends in 2010" in why["strategic rival"]
    both = validate_focal_states(roles_inputs, None, (2,), (2009, 2010))
    assert set(both["role"]) == {"strategic rival", "primary rival"}
    assert both.attrs["not_compared"] == {}

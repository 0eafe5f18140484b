"""Rivalry-years that match no system dyad: listed and counted by ``add_rivalries``, never
silently dropped, never recoded.

The rivalry lists code some rivals with a state code that is not a COW system member in those
years: Thompson & Dreyer [thompson2012] give South Yemen-Yemen 1967-1990 and Saudi Arabia-Yemen 1
(1932-1934) with 679 (COW's unified Yemen, from 1990; North Yemen is 678), Austria-Serbia keeps
300 (Austria-Hungary, to 1918) in 1919-1920 where COW's Austria is 305; Thompson, Sakuwa & Suhas
[thompson2022] give Oman-South Yemen 679 where South Yemen is 680, and Saudi Arabia-Yemen 2
(1962-1969) and Jordan-Yemen (1962-1963) 679 where Yemen is 678 (COW State System Membership
v2016, [cow2017], ``states2016.csv``).
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import anpo.relations as rel
from anpo.errors import DataWarning
from anpo.relations.build import build_dyad_years
from anpo.relations.dyads import unmatched_rivalries_note


def _frame() -> pd.DataFrame:
    """Directed dyad-years of 663, 670 and 678 in 1962-1963 (all three system members)."""
    rows = [
        (a, b, y) for y in (1962, 1963) for a in (663, 670, 678) for b in (663, 670, 678) if a != b
    ]
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"])


def _rivalries() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rivalryno": [1, 2, 3],
            "rivalryname": ["Saudi Arabia-Yemen", "Jordan-Yemen", "Old"],
            "ccode1": [670, 663, 663],
            "ccode2": [678, 679, 670],
            "styear": [1962, 1962, 1900],
            "endyear": [1963, 1962, 1910],
        }
    )


def test_a_non_member_code_is_reported_and_a_matching_one_is_not() -> None:
    """Jordan-Yemen coded 679 in 1962 matches no dyad (679 is no state of the frame): listed
    with why; Saudi Arabia-Yemen coded 678 matches: not listed; a rivalry before the frame's
    years (1900-1910) is outside the dyad-years asked: not listed."""
    with pytest.warns(DataWarning) as heard:
        out = rel.add_rivalries(_frame(), _rivalries(), name="td")
    assert out.attrs["td_rivalry_unmatched"] == [
        {
            "rivalryno": 2,
            "rivalryname": "Jordan-Yemen",
            "ccode1": 663,
            "ccode2": 679,
            "year": 1962,
            "reason": "code 679 not a system member in 1962",
        }
    ]
    said = [str(w.message) for w in heard if issubclass(w.category, DataWarning)]
    assert len(said) == 1
    assert "1 rivalry-year matches no dyad-year of two system members" in said[0]
    assert "left out (their state codes are not recoded)" in said[0]
    assert "Jordan-Yemen (663, 679) 1962: code 679 not a system member" in said[0]
    assert "Saudi Arabia" not in said[0]
    # the rows kept and their values are the join's without the list (nothing recoded)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)  # list_unmatched=False: no list, no warning
        quiet = rel.add_rivalries(_frame(), _rivalries(), "td", list_unmatched=False)
    assert "td_rivalry_unmatched" not in quiet.attrs
    pd.testing.assert_frame_equal(out, quiet)
    assert out["td_rivalry"].sum() == 4  # 670-678 and 678-670, 1962 and 1963
    assert len(out) == len(_frame())


def test_nothing_is_said_when_every_rivalry_year_matches() -> None:
    riv = _rivalries().iloc[[0]]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        out = rel.add_rivalries(_frame(), riv, name="tss")
    assert out.attrs["tss_rivalry_unmatched"] == []
    assert unmatched_rivalries_note(rel.unmatched_rivalries(_frame(), riv)) == ""


def test_both_members_but_no_dyad_is_said_as_such() -> None:
    """Two codes each in the frame in the year but not as a dyad (on all dyad-years: a false
    dyad, never members at the same time) are not called non-members."""
    frame = _frame()
    frame = frame[
        ~((frame.year == 1963) & frame.ccode1.isin([663, 678]) & frame.ccode2.isin([663, 678]))
    ]
    riv = pd.DataFrame(
        {"ccode1": [663], "ccode2": [678], "styear": [1962], "endyear": [1963]}
    )  # no rivalryno or name: the rows say <NA>/None
    got = rel.unmatched_rivalries(frame, riv)
    assert got["reason"].tolist() == ["codes 663 and 678 never members at the same time in 1963"]
    assert got["rivalryname"].isna().all()
    with pytest.warns(DataWarning, match="the rivalry of \\(663, 678\\) 1963"):
        out = rel.add_rivalries(frame, riv)
    assert out.attrs["td_rivalry_unmatched"][0]["rivalryno"] is None


def test_many_rivalries_are_counted_not_all_named() -> None:
    """Past ``show`` rivalries the sentence counts them, names the first and counts the
    reasons (computed from the rows)."""
    n = 7
    riv = pd.DataFrame(
        {
            "rivalryno": range(1, n + 1),
            "rivalryname": [f"R{i}" for i in range(1, n + 1)],
            "ccode1": [670] * n,
            "ccode2": [900 + i for i in range(n)],
            "styear": [1962] * n,
            "endyear": [1963] * n,
        }
    )
    note = unmatched_rivalries_note(rel.unmatched_rivalries(_frame(), riv), "L", show=2)
    assert note.startswith("L: 14 rivalry-years of 7 rivalries match no dyad-year")
    assert "among them R1 (670, 900) 1962-1963, R2 (670, 901) 1962-1963 and 5 more" in note
    assert note.endswith("14 with a state code that is not a system member in the year.")


def test_frames_with_the_list_still_concatenate() -> None:
    """The list is kept as records in attrs: a DataFrame there made pd.concat (which compares
    attrs) raise 'The truth value of a DataFrame is ambiguous'."""
    with pytest.warns(DataWarning):
        a = rel.add_rivalries(_frame(), _rivalries())
        b = rel.add_rivalries(_frame(), _rivalries())
    assert len(pd.concat([a, b])) == 2 * len(a)


def _members(path: Path, years: range) -> set[tuple[int, int]]:
    """(code, year) of the COW state list's spells, read with the csv module (no anpo)."""
    out = set()
    with open(path, newline="") as fh:
        for r in csv.DictReader(fh):
            for y in range(int(r["styear"]), int(r["endyear"]) + 1):
                if y in years:
                    out.add((int(r["ccode"]), y))
    return out


#: The audit's cases (module docstring): list, rivalry name, the code not a member, years.
AUDIT = [
    ("td", "South Yemen-Yemen", 679, range(1967, 1990)),
    ("td", "Saudi Arabia-Yemen 1", 679, range(1932, 1935)),
    ("td", "Austria-Serbia", 300, range(1919, 1921)),
    ("tss", "Oman-S. Yemen", 679, range(1967, 1983)),
    ("tss", "Saudi Arabia-Yemen 2", 679, range(1962, 1970)),
    ("tss", "Jordan-Yemen", 679, range(1962, 1964)),
]


@pytest.mark.parametrize("name", ["td", "tss"])
def test_the_audited_rivalry_years_are_reported(
    shared_data: Path, shared_frame: Callable[[str, str], pd.DataFrame], name: str
) -> None:
    """On the shared files (peacesciencer's td_rivalries and tss_rivalries) the audit's cases
    are among the rivalry-years reported, each with its code named as no system member; every
    rivalry-year reported as a non-member's is one by the COW state list read independently,
    and the rows kept are those of the join without the list."""
    states = shared_frame("read_cow_states", "cow/states2016.csv")
    riv = shared_frame(f"read_{name}_rivalries", f"peacesciencer/{name}_rivalries.csv")
    years = range(1919, 1991)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)  # the state list's own notes
        frame = rel.dyad_years(states, years=list(years))
    with pytest.warns(DataWarning, match="left out \\(their state codes are not recoded\\)"):
        out = rel.add_rivalries(frame, riv, name=name)
    got = pd.DataFrame(out.attrs[f"{name}_rivalry_unmatched"])
    for lst, rivalry, code, span in AUDIT:
        if lst != name:
            continue
        rows = got[got["rivalryname"] == rivalry]
        for y in span:
            # "code 679 not a system member in 1967", or with the other code ("codes 679 and
            # 698 not system members": Oman enters in 1971)
            reasons = set(rows.loc[rows["year"] == y, "reason"])
            assert any(str(code) in r and " not " in r for r in reasons), (rivalry, y, reasons)
    members = _members(shared_data / "cow/states2016.csv", years)
    for r in got.itertuples():
        if "not" in r.reason:  # a code named as no member is none in the state list
            named = [c for c in (r.ccode1, r.ccode2) if str(c) in r.reason]
            assert named and all((c, r.year) not in members for c in named), r
        else:  # both members, never at the same time (South Yemen-Yemen 1990)
            assert (r.ccode1, r.year) in members and (r.ccode2, r.year) in members, r
    quiet = rel.add_rivalries(frame, riv, name, list_unmatched=False)
    pd.testing.assert_frame_equal(out, quiet)


def test_build_carries_the_list(shared_frame: Callable[[str, str], pd.DataFrame]) -> None:
    """``anpo dyads --add rivalries`` builds with build_dyad_years: the frame keeps the list,
    and in 2001 every Thompson & Dreyer rivalry-year matches (nothing is said)."""
    ds = {
        "cow_states": shared_frame("read_cow_states", "cow/states2016.csv"),
        "td_rivalries": shared_frame("read_td_rivalries", "peacesciencer/td_rivalries.csv"),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        frame = build_dyad_years(ds, years=[2001], add=["rivalries"])
    assert frame.attrs["td_rivalry_unmatched"] == []
    with pytest.warns(DataWarning, match="South Yemen-Yemen \\(679, 680\\) 1967-1970"):
        frame = build_dyad_years(ds, years=range(1967, 1971), add=["rivalries"])
    assert len(frame.attrs["td_rivalry_unmatched"]) == 4


def test_dyads_cli_says_and_lists_them(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, catalog_store: Path
) -> None:
    """``anpo dyads --add rivalries``: a ``warning:`` line with the count, the rivalries named
    and "left out"; ``--json`` gives the rows (``unmatched_rivalries``) and the warning; a year
    where every rivalry-year matches says nothing."""
    import json

    from _support import catalog_env, cli

    home = tmp_path_factory.mktemp("rivalwarn") / "home"
    env = catalog_env(
        home,
        shared_data,
        ["cow/states2016.csv", "peacesciencer/td_rivalries.csv"],
        store=catalog_store,
    )
    r = cli("dyads", "--years", "1967-1968", "--add", "rivalries", "--json", env=env)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    said = summary["unmatched_rivalries"]["td"]
    rows = said["rows"]
    assert said["count"] == len(rows) == 2
    assert [(x["rivalryname"], x["year"]) for x in rows] == [
        ("South Yemen-Yemen", 1967),
        ("South Yemen-Yemen", 1968),
    ]
    assert rows[0]["reason"] == "code 679 not a system member in 1967"
    line = [w for w in r.stderr.splitlines() if "rivalry-years" in w]
    assert len(line) == 1 and line[0].startswith("warning: Thompson & Dreyer")
    assert "2 rivalry-years match no dyad-year of two system members" in line[0]
    assert said["note"] == line[0].removeprefix("warning: ")
    r = cli("dyads", "--years", "2001", "--add", "rivalries", "--json", env=env)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["unmatched_rivalries"] == {"td": {"count": 0, "note": "", "rows": []}}
    assert "rivalry" not in r.stderr


def test_the_report_says_the_focal_rival_years_left_out(
    shared_frame: Callable[[str, str], pd.DataFrame],
) -> None:
    """The report's other-focal-states table (1950-2010, the held-out focal states): Thompson &
    Dreyer's France-Prussia and TSS's France-Germany give Germany as 255, not a COW member in
    1950-1955 (COW State System Membership v2016 [cow2017]), while France is: said, with the
    count; Germany's own years outside the system (1950-1989) are not counted; nothing is said
    for the U.S. alone, whose rivalry-years all match."""
    from anpo.relations.report import unmatched_rival_years_note
    from anpo.relations.validate import FOCAL_STATES

    states = shared_frame("read_cow_states", "cow/states2016.csv")
    lists = [
        shared_frame("read_td_rivalries", "peacesciencer/td_rivalries.csv"),
        shared_frame("read_tss_rivalries", "peacesciencer/tss_rivalries.csv"),
    ]
    held = [f for f in FOCAL_STATES if f != 2]
    note = unmatched_rival_years_note(states, lists, held, range(1950, 2011))
    assert note == (
        "Thompson & Dreyer (2012): 6 rivalry-years match no dyad-year of two system members and "
        "are left out (their state codes are not recoded): France-Prussia (220, 255) 1950-1955: "
        "code 255 not a system member. Thompson, Sakuwa & Suhas (2022): 6 rivalry-years match no "
        "dyad-year of two system members and are left out (their state codes are not recoded): "
        "France-Germany (220, 255) 1950-1955: code 255 not a system member. "
    )
    assert unmatched_rival_years_note(states, lists, [2], range(1950, 2017)) == ""
    assert unmatched_rival_years_note(None, lists, held, range(1950, 2011)) == ""

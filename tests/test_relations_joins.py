"""Joins onto dyad-years: values from the shared data, and missing (not 0) outside coverage.

Coverage (shared data README, "Known quirks"): outside a dataset's years the right value is
missing, not 0. Thompson & Dreyer's rivalries end in 2010; the MID dispute-years in 2014; UNGA
ideal points start in 1946.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import anpo.data as data
import anpo.relations as rel
from anpo.errors import CatalogError, InputError
from anpo.relations.build import build_dyad_years, parse_years


@pytest.fixture(scope="module")
def ds(shared_frame: Callable[[str, str], pd.DataFrame]) -> dict[str, pd.DataFrame]:
    read = shared_frame
    return {
        "cow_states": read("read_cow_states", "cow/states2016.csv"),
        "nmc": read("read_nmc", "cow/NMC-60-abridged.csv"),
        "atop": read("read_atop_dyad", "peacesciencer/atop_alliance.csv.gz"),
        "td_rivalries": read("read_td_rivalries", "peacesciencer/td_rivalries.csv"),
        "mid_dyadic": read("read_mid_dyadic", "peacesciencer/cow_mid_dirdisps.csv"),
        "contiguity": read("read_contiguity", "cow/contdird.csv"),
        "unga": read("read_unga_idealpoints", "unga/IdealpointsJuly2025.csv"),
        "democracy": read("read_democracy", "democracy/cw_democracy.csv"),
        "cow_majors": read("read_cow_majors", "cow/majors2016.csv"),
    }


def _row(df: pd.DataFrame, a: int, b: int, y: int) -> pd.Series:
    return df[(df.ccode1 == a) & (df.ccode2 == b) & (df.year == y)].iloc[0]


def test_all_joins_values_2001(ds: dict[str, pd.DataFrame]) -> None:
    """U.S. dyads in 2001: Japan allied (ATOP defense), China a rival (T&D 1996-2010), Russia
    not (T&D rivalry 1945-1989, again 2007-2010); U.S.-Canada land border."""
    frame = build_dyad_years(
        ds,
        years=[2001],
        add=[
            "capabilities",
            "alliances",
            "rivalries",
            "disputes",
            "contiguity",
            "ideal_points",
            "democracy",
            "majors",
        ],
    )
    jpn = _row(frame, 2, 740, 2001)
    assert jpn.atop_defense == 1 and jpn.td_rivalry == 0 and jpn.major1 == 1
    chn = _row(frame, 2, 710, 2001)
    assert chn.td_rivalry == 1 and chn.atop_defense == 0
    assert chn.mid_ongoing == 1  # the April 2001 EP-3 collision (MID 5.0)
    assert _row(frame, 2, 365, 2001).td_rivalry == 0
    assert _row(frame, 2, 20, 2001).conttype == 1
    assert _row(frame, 2, 740, 2001).conttype == 0
    assert frame["cinc1"].notna().all()
    # CINC column is recomputed, equal to the published one within 1e-7
    nmc = ds["nmc"]
    us = nmc[(nmc.ccode == 2) & (nmc.year == 2001)]["cinc"].iloc[0]
    assert abs(jpn.cinc1 - us) < 1e-7


def test_ideal_point_distance_from_file(shared_data: Path, ds: dict[str, pd.DataFrame]) -> None:
    """Distance = |ideal point 1 - ideal point 2| of the file's idealpointfp [bailey2017], read here independently with the csv module."""
    raw = {}
    with open(shared_data / "unga/IdealpointsJuly2025.csv", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["idealpointfp"] not in ("", "NA"):
                raw[(int(r["ccode"]), int(float(r["year"])))] = float(r["idealpointfp"])
    frame = rel.add_ideal_points(
        rel.dyad_years(ds["cow_states"], years=[1946, 1990, 2001]), ds["unga"]
    )
    for a, b, y in [(2, 365, 2001), (2, 710, 1990), (740, 731, 2001), (2, 200, 1946)]:
        expected = abs(raw[(a, y)] - raw[(b, y)])
        assert _row(frame, a, b, y).idealpoint_distance == pytest.approx(expected, abs=1e-12)
    # a state with no estimate (Iraq 2001) gives a missing distance, never 0
    assert np.isnan(_row(frame, 2, 645, 2001).idealpoint_distance)


def test_coverage_gaps_are_missing(ds: dict[str, pd.DataFrame]) -> None:
    """Outside each dataset's years the joined value is <NA>, inside an absent dyad is 0."""
    frame = rel.dyad_years(ds["cow_states"], years=[1930, 2010, 2011, 2014, 2015])
    frame = rel.add_rivalries(frame, ds["td_rivalries"])
    frame = rel.add_disputes(frame, ds["mid_dyadic"])
    frame = rel.add_ideal_points(frame, ds["unga"])
    by = frame.groupby("year")
    assert by["td_rivalry"].apply(lambda s: s.isna().all())[2011]
    assert by["td_rivalry"].apply(lambda s: s.notna().all())[2010]
    assert set(frame[frame.year == 2010]["td_rivalry"].unique()) == {0, 1}
    assert frame[frame.year == 2015]["mid_ongoing"].isna().all()
    assert frame[frame.year == 2014]["mid_ongoing"].notna().all()
    assert frame[frame.year == 1930]["idealpoint_distance"].isna().all()
    # dtype is nullable integer, so missing is not silently 0
    assert str(frame["td_rivalry"].dtype) == "Int64"


def test_state_year_joins(ds: dict[str, pd.DataFrame]) -> None:
    """The United States in 2001 from the shared files: CINC 0.141412 (NMC 6.0 abridged,
    cow/NMC-60-abridged.csv), V-Dem polyarchy 0.828 (democracy/cw_democracy.csv), a major power
    (COW majors2016, [cow2017]: seven in 2001), Canada not."""
    sy = rel.state_years(ds["cow_states"], years=2001)
    out = rel.add_majors(
        rel.add_democracy(rel.add_capabilities(sy, ds["nmc"]), ds["democracy"]), ds["cow_majors"]
    )
    usa = out[out.ccode == 2].iloc[0]
    assert usa.major == 1
    assert usa.cinc == pytest.approx(0.141412, abs=5e-7)
    assert usa.v2x_polyarchy == pytest.approx(0.828, abs=1e-12)
    assert out[out.ccode == 20].iloc[0].major == 0
    assert sorted(out.loc[out.major == 1, "ccode"]) == [2, 200, 220, 255, 365, 710, 740]


def test_missing_dataset_names_the_command(ds: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(CatalogError, match="anpo data add"):
        build_dyad_years({"cow_states": ds["cow_states"]}, years=[2001], add=["alliances"])
    with pytest.raises(InputError, match="unknown join"):
        build_dyad_years(ds, years=[2001], add=["trade"])


def test_years_past_the_state_list_are_said(ds: dict[str, pd.DataFrame]) -> None:
    """COW State System Membership v2016 ends in 2016: asking 2015-2020 gives the dyad-years of
    2015-2016 and a warning naming the years left out (they were dropped silently)."""
    from anpo.errors import DataWarning

    with pytest.warns(DataWarning, match=r"covers 1816-2016: no dyad-years for 2017-2020"):
        frame = build_dyad_years({"cow_states": ds["cow_states"]}, years=range(2015, 2021))
    assert sorted(frame["year"].unique()) == [2015, 2016]


def test_parse_years() -> None:
    assert parse_years("2001") == [2001]
    assert parse_years("1990-1992,2001") == [1990, 1991, 1992, 2001]
    with pytest.raises(InputError):
        parse_years("20x1")
    with pytest.raises(InputError):
        parse_years("2001-1990")

    # in a list, int() read 2000.5 as 2000 and True as the year 1 (below the range: the
    # wrong message); a whole float and text of digits stay read
    for bad in ([2000.5], [2001, True], [float("nan")]):
        with pytest.raises(InputError, match="years must be whole numbers"):
            parse_years(bad)
    assert parse_years([2001.0, "1999", np.int64(2000)]) == [1999, 2000, 2001]


def test_dyadic_mid_4_02_onsets_reach_the_joins(
    shared_data: Path, ds: dict[str, pd.DataFrame]
) -> None:
    """Issue 15: with the dyadic MID 4.02 file the joined ``mid_onset`` counts the dyadic
    disputes that began in the year (``strtyr``), not the version-4 ``new`` flag (6 onsets
    instead of hundreds before); every onset dyad-year is also an ongoing one."""
    mid = data.read_mid_dyadic(shared_data / "cow/dyadic_mid_4.02.csv.gz")
    frame = rel.add_disputes(rel.dyad_years(ds["cow_states"], years=range(1990, 2001)), mid)
    onsets = int(frame["mid_onset"].sum())
    assert onsets > 300
    assert (frame.loc[frame["mid_onset"] == 1, "mid_ongoing"] == 1).all()
    raw = pd.read_csv(shared_data / "cow/dyadic_mid_4.02.csv.gz", usecols=["year", "strtyr"])
    raw = raw[raw["year"].between(1990, 2000)]
    assert onsets <= int((raw["year"] == raw["strtyr"]).sum())

"""The UN evidence window of the roles (``idealpoint_window``): the UN distance and percentiles
the rules read are the mean over the sessions of the W years ending at the latest estimate.

Bailey, Strezhnev & Voeten (2017), "Estimating Dynamic State Preferences from United Nations
Voting Data", J. Conflict Resolution 61(2): ideal points estimated session by session.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anpo.errors import InputError
from anpo.relations.taxonomy import (
    load_thresholds,
    prepare_roles,
    roles,
    roles_panel,
    un_percentiles,
    un_window,
    with_overrides,
)

YEARS = range(2000, 2005)
X = 100  # the state whose UN vote dips for one session
OTHERS = list(range(201, 210))  # nine states voting at 1..9


def _world(x_votes: dict[int, float]) -> dict[str, pd.DataFrame]:
    """A synthetic world 2000-2004: the focal U.S. (2), a small state X (100) in an ongoing
    rivalry with it, nine other states; no pacts, no dispute data. UN ideal points: the U.S. at
    0, the nine at 1..9, X at ``x_votes[year]`` (no estimate in a year left out)."""
    codes = [2, X, *OTHERS]
    states = pd.DataFrame(
        {
            "stateabb": ["USA", "XXX", *[f"S{c}" for c in OTHERS]],
            "ccode": codes,
            "statenme": ["United States of America", "Xland", *[f"State {c}" for c in OTHERS]],
            "styear": 1990,
            "endyear": 2016,
        }
    )
    rows = [(y, c) for y in YEARS for c in codes]
    big = {2: 1000.0, X: 1.0}
    comp = [big.get(c, 10.0) for _, c in rows]
    nmc = pd.DataFrame(
        {
            "ccode": [c for _, c in rows],
            "year": [y for y, _ in rows],
            **{k: comp for k in ("milex", "milper", "irst", "pec", "tpop", "upop")},
        }
    )
    atop = pd.DataFrame(
        {
            "ccode1": 2,
            "ccode2": X,
            "year": list(YEARS),
            **{f"atop_{k}": 0 for k in ("defense", "offense", "neutral", "nonagg", "consul")},
        }
    )
    rivalry = pd.DataFrame(
        {
            "rivalryno": [1],
            "rivalryname": ["United States-Xland"],
            "ccode1": [2],
            "ccode2": [X],
            "styear": [1990],
            "endyear": [2020],
            "principal": [0],
        }
    )
    ip = [(y, 2, 0.0) for y in YEARS]
    ip += [(y, c, float(c - 200)) for y in YEARS for c in OTHERS]
    ip += [(y, X, v) for y, v in x_votes.items()]
    ideal = pd.DataFrame(ip, columns=["year", "ccode", "idealpointfp"])
    return {
        "states": states,
        "alliances": atop,
        "capabilities": nmc,
        "rivalries": rivalry,
        "ideal_points": ideal,
    }


def _x_roles(world: dict[str, pd.DataFrame], window: int) -> pd.DataFrame:
    th = with_overrides(load_thresholds(), idealpoint_window=window)
    prep = prepare_roles(**world, thresholds=th)
    panel = roles_panel(list(YEARS), prepared=prep)
    return panel[panel["ccode"] == X].set_index("year")


DIP = {2000: 10.0, 2001: 10.0, 2002: 7.5, 2003: 10.0, 2004: 10.0}


def test_one_session_dip_flips_the_role_with_w1_not_with_w3() -> None:
    """Hand computation. X votes at 10 (the U.S. at 0, nine others at 1..9): at least as far as
    all ten other members (itself included), percentile 10/10 = 1.0. In 2002 it votes at 7.5: the members at most
    7.5 from the U.S. are the seven at 1..7 and X itself, 8/10 = 0.8 < 0.90 (the rogue rule's
    ``min_idealpoint_percentile``). W = 1: rogue 2000-2001, other 2002, rogue 2003-2004 (two
    flips). W = 3: 2002, 2003 and 2004 read (1.0 + 1.0 + 0.8) / 3 = 0.933 >= 0.90 (their windows
    hold the dip and two sessions at 1.0), 2000 and 2001 1.0: rogue every year."""
    world = _world(DIP)
    th = load_thresholds()
    assert th.rogue.min_idealpoint_percentile == 0.90
    w1 = _x_roles(world, 1)
    assert w1["role"].tolist() == [
        "rogue state",
        "rogue state",
        "other",
        "rogue state",
        "rogue state",
    ]
    assert w1.loc[2002, "idealpoint_percentile"] == pytest.approx(0.8)
    w3 = _x_roles(world, 3)
    assert w3["role"].tolist() == ["rogue state"] * 5
    assert w3.loc[2002, "idealpoint_percentile"] == pytest.approx(2.8 / 3)
    assert w3.loc[2003, "idealpoint_percentile"] == pytest.approx(2.8 / 3)
    assert w3.loc[2004, "idealpoint_percentile"] == pytest.approx(2.8 / 3)
    assert w3.loc[2001, "idealpoint_percentile"] == pytest.approx(1.0)
    # the distance is the mean too: (10 + 10 + 7.5) / 3
    assert w3.loc[2002, "idealpoint_distance"] == pytest.approx(27.5 / 3)
    # the window starts at the data's first session: 2000 alone, 2001 the mean of two
    assert w3.loc[2000, "idealpoint_sessions"] == "2000"
    assert w3.loc[2001, "idealpoint_sessions"] == "2000-2001"


@pytest.mark.slow
def test_the_reason_names_the_window() -> None:
    """W = 3: the reason says the UN figure is a mean and of which sessions ("mean of
    2000-2002"), and names a year of the window without an estimate; W = 1 says nothing of a
    mean, and the percentile that misses the cut is printed with the window."""
    w3 = _x_roles(_world(DIP), 3)
    assert (
        "UN ideal-point distance 9.17, at least as far as 93% of members (mean of 2000-2002)"
        in (w3.loc[2002, "reason"])
    )
    w1 = _x_roles(_world(DIP), 1)
    assert not w1["reason"].str.contains(r"mean of \d{4}").any()
    assert "not a rogue state: UN distance percentile 0.80 below 0.90" in w1.loc[2002, "reason"]
    # X has no estimate in 2001: 2002 is the mean of 2000 and 2002, and the gap is said
    gap = {y: v for y, v in DIP.items() if y != 2001}
    w3g = _x_roles(_world(gap), 3)
    assert w3g.loc[2002, "idealpoint_sessions"] == "2000, 2002"
    assert w3g.loc[2002, "idealpoint_percentile"] == pytest.approx(0.9)
    assert "(mean of 2000, 2002; no estimate for 2001)" in w3g.loc[2002, "reason"]
    # a deep dip (X at the U.S.'s side, 0.5: first of ten) pulls even the mean below the cut,
    # and the reason of "other" prints the percentile with its window
    deep = {**DIP, 2002: 0.5}
    w3d = _x_roles(_world(deep), 3)
    assert w3d.loc[2002, "role"] == "other"
    assert (
        "not a rogue state: UN distance percentile 0.70 (mean of 2000-2002) below 0.90"
        in w3d.loc[2002, "reason"]
    )
    # the latest estimate is older than the year: the window ends there, and the reason says so
    old = {y: v for y, v in DIP.items() if y < 2003}
    w3o = _x_roles(_world(old), 3)
    assert w3o.loc[2004, "idealpoint_sessions"] == "2000-2002"
    assert int(w3o.loc[2004, "idealpoint_year"]) == 2002
    assert "(mean of 2000-2002, the latest with an estimate)" in w3o.loc[2004, "reason"]


def test_the_window_is_a_threshold_setting() -> None:
    """``idealpoint_window`` is read from the thresholds file (shipped: 3) and must be 1-20."""
    assert load_thresholds().idealpoint_window == 3
    for bad in (0, 21):
        with pytest.raises(InputError, match="idealpoint_window") as info:
            with_overrides(load_thresholds(), idealpoint_window=bad)
        assert info.value.field == "idealpoint_window"
    assert with_overrides(load_thresholds(), idealpoint_window=20).idealpoint_window == 20


def test_a_bad_window_in_a_thresholds_file_names_file_and_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "t.toml"
    f.write_text("# mine\nidealpoint_window = 0\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_thresholds(f)
    assert info.value.field == "idealpoint_window" and info.value.line == 2


_yearly = st.lists(
    st.lists(st.floats(-3, 3, allow_nan=False), min_size=6, max_size=6), min_size=5, max_size=5
)


@settings(max_examples=60, deadline=None)
@given(
    values=_yearly,
    holes=st.sets(st.tuples(st.integers(0, 4), st.integers(1, 5)), max_size=8),
    window=st.integers(1, 5),
    year=st.integers(2000, 2006),
)
def test_windowed_percentile_lies_between_the_yearly_ones(
    values: list[list[float]], holes: set[tuple[int, int]], window: int, year: int
) -> None:
    """For every state, the windowed distance and percentiles lie between the smallest and the
    largest of its yearly ones over the sessions used, which are the ``window`` years ending at
    its latest estimate within the lookback; W = 1 is the latest estimate itself."""
    rows = [
        (2000 + t, c, values[t][c])
        for t in range(5)
        for c in range(6)
        if (t, c) not in holes  # state 0 (the focal) always has an estimate
    ]
    ip = pd.DataFrame(rows, columns=["year", "ccode", "value"])
    yearly = un_percentiles(ip, 0)
    lookback = 10
    win = un_window(yearly, year, lookback, window)
    for code, rec in win.iterrows():
        mine = yearly[(yearly["ccode"] == code) & (yearly["year"] <= year)]
        last = int(mine["year"].max())
        assert int(rec["year"]) == last
        used = mine[mine["year"] > last - window]
        assert int(rec["n"]) == len(used) and int(rec["first"]) == int(used["year"].min())
        for col in ("dist", "pct", "rpct", "pair"):
            lo, hi = used[col].min(), used[col].max()
            assert lo - 1e-12 <= rec[col] <= hi + 1e-12, (col, code)
        if window == 1:
            assert rec["pct"] == float(used["pct"].iloc[0])
    # every state with an estimate up to the year has a windowed value, no other state
    seen = set(yearly.loc[yearly["year"] <= year, "ccode"])
    assert set(win.index) == seen


@pytest.mark.slow
def test_w1_reproduces_the_latest_estimate_rule(roles_inputs: dict) -> None:
    """W = 1 is the rule before the window: over the full 1946-2016 panel with the U.S. as the
    focal state, every state-year's UN evidence is exactly that of its latest session at most
    ``idealpoint_lookback`` years old (an independent lookup, ``merge_asof``), and no reason
    speaks of a mean. (Checked once against main before the window, a010890: the W = 1 panel
    equals it on every column.)"""
    th = with_overrides(load_thresholds(), idealpoint_window=1)
    prep = prepare_roles(**roles_inputs, thresholds=th)
    panel = roles_panel(range(1946, 2017), prepared=prep)
    yearly = prep.ideal.rename(columns={"year": "est"}).sort_values("est")
    look = panel[["ccode", "year"]].assign(est=panel["year"]).sort_values("est")
    ref = pd.merge_asof(
        look,
        yearly,
        on="est",
        by="ccode",
        direction="backward",
        tolerance=th.idealpoint_lookback,
        allow_exact_matches=True,
    )
    ref = ref.set_index(["ccode", "year"]).reindex(
        pd.MultiIndex.from_frame(panel[["ccode", "year"]])
    )
    for mine, theirs in (
        ("idealpoint_percentile", "pct"),
        ("idealpoint_pair_percentile", "pair"),
        ("idealpoint_reverse_percentile", "rpct"),
        ("idealpoint_distance", "dist"),
    ):
        np.testing.assert_array_equal(
            panel[mine].to_numpy("float64", na_value=np.nan), ref[theirs].to_numpy("float64")
        )
    assert not panel["reason"].str.contains(r"mean of \d{4}").any()
    assert panel["idealpoint_percentile"].notna().sum() > 8000


def test_roles_accepts_the_window_from_a_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A thresholds file with ``idealpoint_window = 1`` gives the one-session roles."""
    f = tmp_path / "w1.toml"
    f.write_text("idealpoint_window = 1\n", encoding="utf-8")
    r = roles(2002, **_world(DIP), thresholds=f).set_index("ccode")
    assert r.loc[X, "role"] == "other"
    r3 = roles(2002, **_world(DIP)).set_index("ccode")
    assert r3.loc[X, "role"] == "rogue state"


def test_the_furthest_state_is_not_further_than_every_member() -> None:
    """The UN percentile counts the members at most as far from the focal state, the state
    itself included (:func:`anpo.relations.taxonomy.un_percentiles`, rank 'max'): X, the
    furthest, has percentile 1.0, and its reason read 'further than 100% of members', which no
    state can be. It says 'at least as far as 100% of members'."""
    w1 = _x_roles(_world(DIP), 1)
    assert w1.loc[2000, "idealpoint_percentile"] == pytest.approx(1.0)
    assert "at least as far as 100% of members" in w1.loc[2000, "reason"]
    assert not w1["reason"].str.contains("further than").any()

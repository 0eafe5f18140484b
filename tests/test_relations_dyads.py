"""Dyad-years, false dyads and CINC against the shared data.

Given values (../shared/reference/relations.md): 1816 has 506 COW directed dyads, 1914 has 1,980;
CINC = mean of the available component shares (NMC v6.0 codebook, [greig2021]).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import anpo.data as data
import anpo.relations as rel
from anpo.errors import AlignError, InputError
from anpo.relations import dyads


@pytest.fixture(scope="module")
def cow_states(shared_data: Path) -> pd.DataFrame:
    return data.read_cow_states(shared_data / "cow/states2016.csv")


def test_given_dyad_counts(cow_states: pd.DataFrame) -> None:
    """relations.md: 506 directed COW dyads in 1816 and 1,980 in 1914."""
    d = rel.dyad_years(cow_states, years=[1816, 1914])
    assert list(d.columns) == ["ccode1", "ccode2", "year"]
    counts = d.groupby("year").size()
    assert counts[1816] == 506
    assert counts[1914] == 1980
    u = rel.dyad_years(cow_states, directed=False, years=1914)
    assert len(u) == 990 and (u.ccode1 < u.ccode2).all()


def test_all_dyad_years_match_peacesciencer(shared_data: Path, cow_states: pd.DataFrame) -> None:
    """Every directed COW dyad-year 1816-2016 equals peacesciencer's cow_ddy [miller2022]."""
    ours = rel.dyad_years(cow_states)
    ps = pd.read_csv(shared_data / "peacesciencer/cow_ddy.csv.gz").astype("int64")
    ps = ps[ps.year <= 2016]
    assert len(ours) == len(ps)
    m = ours.merge(ps, how="outer", indicator=True)
    assert (m["_merge"] == "both").all()


def test_false_dyads_from_dates_match_list(shared_data: Path, cow_states: pd.DataFrame) -> None:
    """False dyads computed from membership dates equal peacesciencer's false_cow_dyads."""
    ours = rel.false_dyads(cow_states)
    given_ = data.read_false_dyads(shared_data / "peacesciencer/false_cow_dyads.csv")
    a = set(map(tuple, ours[["ccode1", "ccode2", "year"]].to_numpy().tolist()))
    b = set(map(tuple, given_[["ccode1", "ccode2", "year"]].astype("int64").to_numpy().tolist()))
    assert a == b and len(a) == 60
    d = rel.dyad_years(cow_states, years=sorted({y for _, _, y in a}))
    keys = set(map(tuple, d[["ccode1", "ccode2", "year"]].to_numpy().tolist()))
    assert not (keys & a)


def test_gw_false_dyads_from_dates_match_the_gw_list(shared_data: Path) -> None:
    """False dyads computed from the Gleditsch-Ward membership dates equal peacesciencer's
    false_gw_dyads without its microstates (38 of its 40 rows: the list flags Sao Tome and
    Principe, 403, a microstate that peacesciencer's gw_states leaves out), and the dyad-years
    of the G-W system (what `anpo dyads --system gw` builds from the G-W state list) hold none
    of them."""
    path = shared_data / "peacesciencer/false_gw_dyads.csv"
    gw = data.read_gw_states(shared_data / "peacesciencer/gw_states.csv")
    ours = rel.false_dyads(gw)
    given_ = data.read_false_dyads(path)
    assert given_.attrs["system"] == "gw" and len(given_) == 40
    raw = pd.read_csv(path)
    macro = raw[(raw.microstate1 == 0) & (raw.microstate2 == 0)]
    a = set(map(tuple, ours[["gwcode1", "gwcode2", "year"]].to_numpy().tolist()))
    b = set(map(tuple, macro[["gwcode1", "gwcode2", "year"]].astype("int64").to_numpy().tolist()))
    assert a == b and len(a) == 38
    d = rel.dyad_years(gw, years=sorted({y for _, _, y in a}))
    keys = set(map(tuple, d[["gwcode1", "gwcode2", "year"]].to_numpy().tolist()))
    assert not (keys & a)


def test_gw_dyads_match_peacesciencer(shared_data: Path) -> None:
    """Gleditsch-Ward system (no microstates) equals peacesciencer gw_ddy through 2017."""
    gw = data.read_gw_states(shared_data / "peacesciencer/gw_states.csv")
    ours = rel.dyad_years(gw)
    assert list(ours.columns) == ["gwcode1", "gwcode2", "year"]
    ps = pd.read_csv(shared_data / "peacesciencer/gw_ddy.csv.gz").astype("int64")
    ps = ps[(ps.year <= 2017) & (ps.microstate1 == 0) & (ps.microstate2 == 0)]
    m = ours.merge(ps[["gwcode1", "gwcode2", "year"]], how="outer", indicator=True)
    assert (m["_merge"] == "both").all()


def test_gw_dyads_say_the_microstates_left_out(shared_data: Path) -> None:
    """review18 F2: peacesciencer's ``create_dyadyears(system = "gw")`` [miller2022] builds on
    a G-W list with the microstates [gleditsch1999] (its ``gw_ddy`` flags them:
    ``microstate1``/``microstate2``), while its ``gw_states`` has none, so anpo's G-W dyads from
    that file are fewer. The frame says so (``attrs["gw_microstates"]``, one sentence naming
    create_dyadyears); :data:`dyads.GW_MICROSTATES` are exactly the states gw_ddy flags; a list
    holding them all has no note, one holding some names the others, a COW list none."""
    gw = data.read_gw_states(shared_data / "peacesciencer/gw_states.csv")
    ps = pd.read_csv(
        shared_data / "peacesciencer/gw_ddy.csv.gz", usecols=["gwcode1", "microstate1"]
    )
    flagged = set(ps.loc[ps["microstate1"] == 1, "gwcode1"].astype("int64"))
    assert flagged == set(dyads.GW_MICROSTATES)
    note = rel.dyad_years(gw, years=2001).attrs["gw_microstates"]
    assert note.startswith("the states file lists none of the 23 Gleditsch-Ward microstates")
    assert 'peacesciencer\'s create_dyadyears(system = "gw") includes them' in note
    assert rel.focal_dyad_years(gw, [2], 2001).attrs["gw_microstates"] == note
    codes = sorted(dyads.GW_MICROSTATES)
    micro = pd.DataFrame(
        {"gwcode": codes, "styear": [1990] * len(codes), "endyear": [2017] * len(codes)}
    )
    small = gw[["gwcode", "styear", "endyear"]].astype("int64")
    whole = pd.concat([small, micro], ignore_index=True)
    assert "gw_microstates" not in rel.dyad_years(whole, years=2001).attrs
    assert dyads.gw_microstates_note(whole) == ""
    some = pd.concat([small, micro[micro["gwcode"] != 221]], ignore_index=True)
    assert dyads.gw_microstates_note(some).startswith(
        "the states file leaves out 1 of the 23 Gleditsch-Ward microstates (codes 221), so"
    )
    cow = data.read_cow_states(shared_data / "cow/states2016.csv")
    assert "gw_microstates" not in rel.dyad_years(cow, years=2001).attrs
    assert dyads.gw_microstates_note(cow) == ""


@pytest.mark.parametrize("name", ["cow/NMC-60-abridged.csv", "peacesciencer/cow_nmc.csv"])
def test_cinc_recomputed_for_every_row(shared_data: Path, name: str) -> None:
    """CINC recomputed from the six components is within 1e-7 of the published column for
    every NMC row (v6.0 and v7.0); missing components are skipped, not zeroed."""
    nmc = data.read_nmc(shared_data / name)
    ours = rel.cinc(nmc)
    assert ours.notna().all()
    err = (ours - nmc["cinc"]).abs()
    assert err.max() < 1e-7
    # counting missing components as zero would break that for many rows
    shares = rel.component_shares(nmc)
    as_zero = shares.fillna(0).mean(axis=1)
    assert ((as_zero - nmc["cinc"]).abs() > 1e-7).sum() > 100


def test_state_years(cow_states: pd.DataFrame) -> None:
    """[cow2017] (State System Membership, v2016): 23 members in 1816 and 45 in 1914, the
    506 = 23 x 22 and 1,980 = 45 x 44 directed dyads of the test above."""
    sy = rel.state_years(cow_states, years=range(1816, 2017))
    assert sy.groupby("year").size()[1816] == 23
    assert sy.groupby("year").size()[1914] == 45
    assert not sy.duplicated().any()


# ------------------------------------------------------------------ property tests


@st.composite
def state_lists(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(2, 8))
    rows = []
    for code in range(1, n + 1):
        y0 = draw(st.integers(1900, 1905))
        m0 = draw(st.integers(1, 12))
        length_days = draw(st.integers(0, 3000))
        start = pd.Timestamp(year=y0, month=m0, day=1)
        end = start + pd.Timedelta(days=length_days)
        rows.append({"ccode": code, "start": start, "end": end})
    return pd.DataFrame(rows)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(state_lists())
def test_dyad_years_brute_force(states: pd.DataFrame) -> None:
    """Vectorised builder equals a direct definition: ordered pairs of members of the year whose
    membership periods overlap."""
    expected = set()
    for year in range(1890, 1920):
        ys, ye = pd.Timestamp(year=year, month=1, day=1), pd.Timestamp(year=year, month=12, day=31)
        members = states[(states.start <= ye) & (states.end >= ys)]
        for a in members.itertuples():
            for b in members.itertuples():
                if a.ccode != b.ccode and a.start <= b.end and b.start <= a.end:
                    expected.add((a.ccode, b.ccode, year))
    got = rel.dyad_years(states)
    assert set(map(tuple, got.to_numpy().tolist())) == expected
    und = rel.dyad_years(states, directed=False)
    assert 2 * len(und) == len(got)


@settings(max_examples=40, deadline=None)
@given(state_lists(), st.sets(st.integers(0, 9), max_size=4))
def test_focal_dyad_years_are_the_dyad_years_of_the_focal_states(
    states: pd.DataFrame, focals: set[int]
) -> None:
    """dedup3: ``focal_dyad_years`` (built for a few states, for the note on the rivalry-years
    that match no system dyad) equals the rows of ``dyad_years`` whose first state is a focal
    one, in the same order; codes that name no state of the list (0, 9) are refused (lib31:
    they gave no rows)."""
    years = range(1899, 1912)
    known = sorted(focals & set(states["ccode"].tolist()))
    if len(known) < len(focals):
        with pytest.raises(InputError, match="no state has the code"):
            rel.focal_dyad_years(states, sorted(focals), years)
    whole = rel.dyad_years(states, years=list(years))
    expected = whole[whole["ccode1"].isin(known)].reset_index(drop=True)
    got = rel.focal_dyad_years(states, known, years)
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["system"] == "cow"


def test_focal_dyad_years_on_the_cow_list(cow_states: pd.DataFrame) -> None:
    """Japan's directed dyads in 1952 are Japan with each of the other members: 1952 has
    [cow2017] the members of the state-years, Japan one of them (from 28 April 1952)."""
    got = rel.focal_dyad_years(cow_states, [740], [1951, 1952])
    members = rel.state_years(cow_states, years=1952)
    assert set(got["year"]) == {1952} and (got["ccode1"] == 740).all()
    assert sorted(got["ccode2"]) == sorted(set(members["ccode"]) - {740})
    with pytest.raises(InputError) as info:
        rel.focal_dyad_years(cow_states, "740", [1952])
    assert info.value.field == "focals"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 1e6, allow_nan=False),
            st.one_of(st.just(np.nan), st.floats(0, 1e6, allow_nan=False)),
        ),
        min_size=2,
        max_size=8,
    )
)
def test_cinc_shares_sum_to_one(values: list[tuple[float, float]]) -> None:
    """Each available component's shares sum to 1 within a year; CINC lies in [0, 1]."""
    n = len(values)
    df = pd.DataFrame(
        {
            "ccode": range(1, n + 1),
            "year": 2000,
            "milex": [v[0] for v in values],
            "milper": [v[1] for v in values],
            "irst": 1.0,
            "pec": 2.0,
            "tpop": 3.0,
            "upop": np.nan,
        }
    )
    shares = rel.component_shares(df)
    for c in ("milex", "milper"):
        tot = df[c].sum(skipna=True)
        if tot > 0:
            assert abs(shares[c].sum() - 1) < 1e-9
    c = rel.cinc(df)
    assert ((c >= 0) & (c <= 1)).all()
    assert np.allclose(shares["irst"], 1 / n)


def test_years_validation(cow_states: pd.DataFrame) -> None:
    with pytest.raises(InputError):
        rel.dyad_years(cow_states, years=["x"])
    with pytest.raises(InputError):
        rel.dyad_years(cow_states, years=[])


def test_gw_joins_translate_codes(shared_data: Path) -> None:
    """Joins on G-W dyad-years use COW data through the code crosswalk [gleditsch1999]:
    G-W 260 (Germany) is COW 255 after 1990, G-W 678 (Yemen) COW 679."""
    gw = data.read_gw_states(shared_data / "peacesciencer/gw_states.csv")
    nmc = data.read_nmc(shared_data / "cow/NMC-60-abridged.csv")
    frame = rel.add_capabilities(rel.dyad_years(gw, years=2001), nmc)
    cinc = rel.cinc(nmc)
    key = dict(zip(zip(nmc.ccode, nmc.year, strict=True), cinc, strict=True))
    row = frame[(frame.gwcode1 == 260) & (frame.gwcode2 == 678)].iloc[0]
    assert row.cinc1 == pytest.approx(key[(255, 2001)])
    assert row.cinc2 == pytest.approx(key[(679, 2001)])
    assert frame["cinc1"].notna().mean() > 0.99
    assert rel.gw_to_cow(
        np.array([260, 260, 340, 2]), np.array([1980, 1995, 2010, 2001])
    ).tolist() == [260, 255, 345, 2]


def test_gw_to_cow_at_its_edges() -> None:
    """One code for a year broadcasts (an IndexError before); shapes that do not match, a
    missing or a fractional code are InputErrors (numpy's ValueError, or 260.7 read as 260)."""
    assert rel.gw_to_cow(260, 1995).tolist() == [255]
    assert rel.gw_to_cow(678, np.array([1990, 1991])).tolist() == [678, 679]
    for codes, years, field in [
        (np.array([260, 2]), np.array([1990, 1991, 1992]), "codes"),
        (np.array([260.0, np.nan]), np.array([1995, 1995]), "codes"),
        (np.array([260.7]), np.array([1995]), "codes"),
        (np.array([260]), np.array([1995.5]), "years"),
        # a bool or a text code was read as a number (True as state 1, '260' as 260)
        (np.array([True]), np.array([1995]), "codes"),
        (["260"], [1995], "codes"),
    ]:
        with pytest.raises(InputError) as err:
            rel.gw_to_cow(codes, years)
        assert err.value.field == field


def test_a_table_without_its_key_column_is_an_input_error(shared_data: Path) -> None:
    """An NMC table given where ATOP is expected, or a frame without 'year', was a bare
    KeyError; a fractional year in a list was read as the whole year."""
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    nmc = data.read_nmc(shared_data / "cow/NMC-60-abridged.csv")
    frame = rel.dyad_years(states, years=2000)
    for call, field in [
        (lambda: rel.add_alliances(frame, nmc), "ccode1"),
        (lambda: rel.add_capabilities(frame.drop(columns=["year"]), nmc), "year"),
        (lambda: rel.alliance_portfolios(nmc, 2000, states), "ccode1"),
        (lambda: rel.similarity_dyad_years(nmc, states, years=2000), "ccode1"),
        (lambda: rel.dyad_years(states, years=[2000.5]), "years"),
        (lambda: rel.cinc(nmc, years=[2000.5]), "years"),
    ]:
        with pytest.raises(InputError) as err:
            call()
        assert err.value.field == field
    # one year for cinc's scope, as dyad_years takes it ('int' object is not iterable before)
    assert rel.cinc(nmc, years=2000).equals(rel.cinc(nmc, years=[2000]))


def test_years_outside_the_state_list_are_said(cow_states: pd.DataFrame) -> None:
    """``state_years`` and ``dyad_years`` for a year outside the list's coverage (COW v2016:
    1816-2016) returned an empty frame without a word, where the similarity scores and the
    catalog's dyad-years said so: a DataWarning names the years; years inside say nothing."""
    import warnings

    from anpo.errors import DataWarning

    with pytest.warns(DataWarning, match=r"covers 1816-2016: no state-years for 1700"):
        sy = rel.state_years(cow_states, years=[1700, 2000])
    assert set(sy["year"]) == {2000}
    with pytest.warns(DataWarning, match=r"covers 1816-2016: no dyad-years for 2030"):
        assert rel.dyad_years(cow_states, years=2030).empty
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        assert len(rel.dyad_years(cow_states, years=1914)) == 1980  # COW v2016, directed
    # warn=False (a caller that says the years its own way): the same rows, no warning
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        quiet = rel.state_years(cow_states, years=[1700, 2000], warn=False)
        assert rel.dyad_years(cow_states, years=2030, warn=False).empty
    pd.testing.assert_frame_equal(quiet, sy)


@pytest.mark.parametrize("text", ["2001", "abc", b"2001"])
def test_years_as_text_are_refused_as_text(cow_states: pd.DataFrame, text: object) -> None:
    """``dyad_years(states, years="2001")`` iterated the text: '2001' became the years 2, 0,
    0, 1 ("years must lie between 1000 and 2100") and 'abc' read "got ['a', 'b', 'c']"; the
    text is now refused as the text it is."""
    with pytest.raises(InputError, match="got the text") as e:
        rel.dyad_years(cow_states, years=text)  # type: ignore[arg-type]
    assert e.value.field == "years" and "['" not in e.value.message


def test_a_float_year_is_one_year(cow_states: pd.DataFrame) -> None:
    """review12 F-A: one rule for ``years`` across anpo.relations (:func:`anpo._checks.year_list`):
    a scalar year from a pandas column (2001.0) is that year, as 2001 and [2001.0] are (it was
    refused as "must be years (whole numbers), got 2001.0"); 2001.5 is refused."""
    want = rel.dyad_years(cow_states, years=2001)
    pd.testing.assert_frame_equal(rel.dyad_years(cow_states, years=np.float64(2001)), want)
    with pytest.raises(InputError, match="got 2001.5") as e:
        rel.dyad_years(cow_states, years=2001.5)  # type: ignore[arg-type]
    assert e.value.field == "years"


@pytest.mark.parametrize("column", ["milex", "tpop", "upop"])
@pytest.mark.parametrize("bad", [-5.0, np.inf])
def test_a_bad_nmc_component_is_named(column: str, bad: float) -> None:
    """Every negative component was said of milex (a negative tpop too), and an infinite one
    was taken: its state's CINC came out inf, the others' shares of the year 0 or NaN."""
    nmc = pd.DataFrame(
        {"ccode": [2, 20], "year": [1900, 1900]}
        | {c: [1.0, 2.0] for c in ("milex", "milper", "irst", "pec", "tpop", "upop")}
    )
    assert rel.cinc(nmc).tolist() == pytest.approx([1 / 3, 2 / 3])
    nmc.loc[0, column] = bad
    with pytest.raises(InputError) as err:
        rel.cinc(nmc)
    assert err.value.field == column


# --------------------------------------------------------------------------- year_coverage


def test_year_coverage_of_normal_data_and_of_a_loaders_coverage() -> None:
    """The least and greatest year of the columns (across both of a spell list's), missing values
    skipped; a loader's ``attrs["coverage"]`` wins over the rows."""
    years = pd.DataFrame({"year": [1990, np.nan, 1950, 2001]})
    assert dyads.year_coverage(years) == (1950, 2001)
    spells = pd.DataFrame({"styear": [1950, 1962], "endyear": [1955, np.nan]})
    assert dyads.year_coverage(spells, ("styear", "endyear")) == (1950, 1962)
    spells.attrs["coverage"] = (1816, 2016)
    assert dyads.year_coverage(spells, ("styear", "endyear")) == (1816, 2016)


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame({"year": [np.nan, np.nan]}),
        pd.DataFrame({"year": pd.array([None, None], dtype="Int64")}),
        pd.DataFrame({"year": pd.Series([], dtype="int64")}),
        pd.DataFrame(columns=["year"]),
    ],
    ids=["all NaN", "all <NA>", "no rows", "no rows, object column"],
)
def test_year_coverage_of_no_year_is_an_error_naming_the_table(frame: pd.DataFrame) -> None:
    """An all-missing or empty year column has no coverage: an error naming the table, not
    ``int(NaN)``'s bare ValueError nor a made-up span."""
    with pytest.raises(InputError, match=r"^mid: has no year in its year column") as info:
        dyads.year_coverage(frame, name="mid")
    assert type(info.value) is InputError and info.value.field == "mid"
    with pytest.raises(AlignError, match="the years it covers cannot be told") as info2:
        dyads.year_coverage(frame, name="mid", error=AlignError)
    assert info2.value.field == "mid"


def test_year_coverage_of_spells_does_not_depend_on_the_column_order() -> None:
    """A spell list whose ``endyear`` is all missing is read from its ``styear`` whichever
    column comes first (the recipe's copy gave ``int(NaN)`` with ``endyear`` first); both all
    missing is no coverage, named by the columns when no name is given."""
    spells = pd.DataFrame({"styear": [1950, 1962], "endyear": [np.nan, np.nan]})
    assert dyads.year_coverage(spells, ("styear", "endyear")) == (1950, 1962)
    assert dyads.year_coverage(spells, ("endyear", "styear")) == (1950, 1962)
    with pytest.raises(
        InputError, match=r"^styear, endyear: has no year in its styear, endyear columns"
    ):
        dyads.year_coverage(spells.assign(styear=np.nan), ("styear", "endyear"))


def test_year_coverage_of_a_frame_without_the_column_lists_its_columns() -> None:
    with pytest.raises(InputError, match=r"no 'endyear' column \(it has: styear\)"):
        dyads.year_coverage(pd.DataFrame({"styear": [1950]}), ("styear", "endyear"))


def _yearless_tss() -> pd.DataFrame:
    """A Thompson, Sakuwa & Suhas rivalry list (its ``principal`` flag) whose years are all
    missing: no coverage can be read from it."""
    return pd.DataFrame(
        {"ccode1": [2], "ccode2": [710], "styear": [np.nan], "endyear": [np.nan], "principal": [1]}
    )


def test_add_rivalries_coverage_error_names_the_list() -> None:
    """mend16b: a rivalry list without years was refused as "rivalries", whichever list it
    was; the field is now the list's dataset kind (``tss_rivalries``, ``td_rivalries``: the
    catalog's names, [thompson2022], [thompson2012])."""
    frame = pd.DataFrame({"ccode1": [2], "ccode2": [710], "year": [1960]})
    for name in ("tss", "td"):
        with pytest.raises(InputError, match=rf"^{name}_rivalries: has no year") as info:
            dyads.add_rivalries(frame, _yearless_tss(), name=name)
        assert info.value.field == f"{name}_rivalries"


def test_roles_coverage_error_names_the_list_that_has_no_years() -> None:
    """mend16b: given both rivalry lists (Thompson & Dreyer 2012 and Thompson, Sakuwa & Suhas
    2022), the taxonomy's coverage error for the one without years said "rivalries", not which;
    it now names ``tss_rivalries`` (the dataset kind; ``rivalry_lists`` says ``tss``)."""
    from anpo.relations.taxonomy import load_thresholds, prepare_roles

    obl = load_thresholds().ally.obligations
    codes = [2, 740, 710]
    states = pd.DataFrame(
        {
            "ccode": codes,
            "stateabb": ["USA", "JPN", "CHN"],
            "statenme": ["United States", "Japan", "China"],
            "styear": [1816] * 3,
            "endyear": [2016] * 3,
        }
    )
    alliances = pd.DataFrame(
        {"ccode1": [2], "ccode2": [740], "year": [1960], **{o: [1] for o in obl}}
    )
    cols = ("milex", "milper", "irst", "pec", "tpop", "upop")
    caps = pd.DataFrame({"ccode": codes, "year": [1960] * 3, **{c: [1.0] * 3 for c in cols}})
    td = pd.DataFrame(
        {"ccode1": [2], "ccode2": [710], "styear": [1949], "endyear": [1972], "rivalryname": ["x"]}
    )
    with pytest.raises(InputError, match=r"^tss_rivalries: has no year") as info:
        prepare_roles(
            states=states, alliances=alliances, capabilities=caps, rivalries=[td, _yearless_tss()]
        )
    assert info.value.field == "tss_rivalries"
    # and Thompson & Dreyer's, when it is the one without years
    with pytest.raises(InputError, match=r"^td_rivalries: has no year"):
        prepare_roles(
            states=states,
            alliances=alliances,
            capabilities=caps,
            rivalries=[td.assign(styear=np.nan, endyear=np.nan)],
        )


def test_focal_dyad_years_refuse_an_unknown_focal_code() -> None:
    """audit30: ``focal_dyad_years(states, [9999], years=2001)`` was an empty frame without a
    word; it then warned. lib31: the rest of anpo.relations refuses an unknown focal state
    (``roles``: "no state has the code 999 in the COW state list", an InputError at focal) and
    warns only of years outside the list (data it lacks, ``state_years(states, 1700)``): an
    unknown focal code is now an InputError naming it, alone or beside known ones; a year
    outside the list still warns."""
    from anpo.errors import DataWarning

    states = pd.DataFrame(
        {"ccode": [2, 20, 740], "styear": [1816, 1920, 1952], "endyear": [2016, 2016, 2016]}
    )
    for focals in ([9999], [9999, 740]):
        with pytest.raises(InputError, match=r"no state has the code 9999 in the state list") as e:
            rel.focal_dyad_years(states, focals, years=2001)
        assert e.value.field == "focals"
    with pytest.raises(InputError, match=r"the codes 8, 9999 in the state list \(ccode;"):
        rel.focal_dyad_years(states, [9999, 8], years=2001)
    got = rel.focal_dyad_years(states, [740], years=2001)
    assert got.values.tolist() == [[740, 2, 2001], [740, 20, 2001]]
    with pytest.warns(DataWarning, match="the state list covers 1816-2016"):
        assert rel.state_years(states, 1700).empty


def test_gw_to_cow_refuses_lists_of_different_lengths() -> None:
    """audit30: a list of one code with a list of two years was broadcast without a word; two
    lists go row by row and must be of one length (a scalar still goes with every year)."""
    with pytest.raises(InputError, match=r"codes \(1,\) and years \(2,\) do not match") as err:
        rel.gw_to_cow(np.array([260]), np.array([1990, 1991]))
    assert err.value.field == "codes"
    with pytest.raises(InputError):
        rel.gw_to_cow([260, 678], [1995])
    assert rel.gw_to_cow(260, [1990, 1991]).tolist() == [260, 255]


# --------------------------------------------------------------------------- bad rows (audit33)


def _nmc() -> pd.DataFrame:
    """Two states of one year, every component 1 and 2 (shares 1/3 and 2/3)."""
    return pd.DataFrame(
        {"ccode": [2, 20], "year": [1900, 1900]}
        | {c: [1.0, 2.0] for c in ("milex", "milper", "irst", "pec", "tpop", "upop")},
        index=[10, 11],
    )


@pytest.mark.parametrize(
    ("column", "bad", "said"),
    [
        ("year", np.nan, "got a missing value in row 11"),
        ("year", 1900.7, "got 1900.7 in row 11"),
        ("year", "x", "got 'x' in row 11"),
        ("tpop", "a", "got 'a' in row 11"),
        ("milex", "many", "got 'many' in row 11"),
    ],
)
def test_a_bad_nmc_year_or_text_component_is_named_with_its_row(
    column: str, bad: object, said: str
) -> None:
    """audit33 item 3: a missing year was cast to a huge negative year of its own (its state's
    CINC 1.0, only numpy's cast warning), 1900.7 was read as 1900 (CINC as if it were), and a
    text component was numpy's raw "could not convert string to float". Each is an InputError
    naming the column and the row (its index label), from cinc and component_shares alike."""
    nmc = _nmc()
    assert rel.cinc(nmc).tolist() == pytest.approx([1 / 3, 2 / 3])
    nmc[column] = nmc[column].astype(object)
    nmc.loc[11, column] = bad
    for f in (rel.cinc, rel.component_shares):
        with pytest.raises(InputError, match=said) as err:
            f(nmc)
        assert err.value.field == column


def test_a_number_written_as_text_is_still_read_in_an_nmc_table() -> None:
    """The checks refuse text that is no number; a year or component written as its digits
    ("1900", "2") is read as the number, as the pandas cast before them read it."""
    nmc = _nmc().astype({"year": str, "tpop": str})
    assert rel.cinc(nmc).tolist() == pytest.approx([1 / 3, 2 / 3])


def _states() -> pd.DataFrame:
    """Three COW states: 20 is a member 1920-1922, 30 from June 1925 (20 and 30 never meet)."""
    return pd.DataFrame(
        {
            "ccode": [2, 20, 30],
            "styear": [1816, 1920, 1925],
            "stmonth": [1, 1, 6],
            "stday": [1, 10, 1],
            "endyear": [2016, 1922, 2016],
            "endmonth": [12, 3, 12],
            "endday": [31, 1, 31],
        }
    )


@pytest.mark.parametrize(
    ("column", "bad", "said"),
    [
        ("styear", np.nan, r"must be a year \(a whole number\), got a missing value in row 1"),
        ("endyear", np.nan, r"must be a year \(a whole number\), got a missing value in row 1"),
        ("styear", 1919.5, r"got 1919.5 in row 1"),
        ("ccode", 20.5, r"must be a state code \(a whole number\), got 20.5 in row 1"),
        ("ccode", np.nan, r"got a missing value in row 1"),
        ("stmonth", 13, r"must be a month \(1-12\), got 13 in row 1"),
        ("endmonth", 0, r"must be a month \(1-12\), got 0 in row 1"),
        ("stday", 32, r"must be a day \(1-31\), got 32 in row 1"),
    ],
)
def test_a_bad_state_list_row_is_named(column: str, bad: object, said: str) -> None:
    """audit33 item 6: a missing styear was pandas' raw IntCastingNaNError (the module's own
    "missing codes or dates" check came after the failing cast), month 13 pandas' raw "cannot
    assemble the datetimes", and the code 20.5 was read as 20 (gw_to_cow refuses such a code).
    Each is an InputError naming the column and the row, from dyad_years and state_years."""
    states = _states()
    assert rel.dyad_years(states, years=1922)["ccode2"].tolist() == [20, 2]
    states[column] = states[column].astype("float64")
    states.loc[1, column] = bad
    for f in (rel.dyad_years, rel.state_years):
        with pytest.raises(InputError, match=said) as err:
            f(states, years=1922)
        assert err.value.field == column


def test_a_date_that_does_not_exist_is_named_by_its_day() -> None:
    """audit33 item 6: 31 February was pandas' raw "cannot assemble the datetimes"; it is an
    InputError naming the day column and the row; a month or day column left out is the
    spell's first or last day (January 1, December 31), as before."""
    states = _states()
    states.loc[1, ["stmonth", "stday"]] = [2, 31]
    with pytest.raises(InputError, match=r"1920-02-31 .* does not exist, in row 1") as err:
        rel.dyad_years(states, years=1922)
    assert err.value.field == "stday"
    plain = _states().drop(columns=["stmonth", "stday", "endmonth", "endday"])
    assert rel.state_years(plain, years=1925)["ccode"].tolist() == [2, 30]


def test_start_and_end_dates_that_are_missing_or_no_dates_are_named() -> None:
    """A state list given by start/end dates: a missing date was "state list has missing
    codes or dates" (no row), text that is no date pandas' raw parsing error; both name the
    column and the row."""
    states = pd.DataFrame(
        {
            "ccode": [2, 20],
            "start": pd.to_datetime(["1816-01-01", "1920-01-10"]),
            "end": pd.to_datetime(["2016-12-31", "1922-03-01"]),
        }
    )
    assert rel.dyad_years(states, years=1921)["ccode1"].tolist() == [2, 20]
    for bad, said in ((None, "got a missing date in row 1"), ("soon", "got 'soon' in row 1")):
        broken = states.astype({"end": object})
        broken.loc[1, "end"] = bad
        with pytest.raises(InputError, match=said) as err:
            rel.dyad_years(broken, years=1921)
        assert err.value.field == "end"


@pytest.mark.parametrize("directed", ["no", 0, 1, None])
def test_directed_must_be_true_or_false(directed: object) -> None:
    """audit33 item 8: ``dyad_years(directed="no")`` was truthy, so the user asking for
    undirected dyads got directed ones (two rows per pair); anything but True or False is an
    InputError naming ``directed``."""
    states = _states()
    with pytest.raises(InputError, match="must be True or False") as err:
        rel.dyad_years(states, directed=directed, years=1922)  # type: ignore[arg-type]
    assert err.value.field == "directed"
    assert len(rel.dyad_years(states, directed=np.False_, years=1922)) == 1
    assert len(rel.dyad_years(states, directed=True, years=1922)) == 2


def test_a_text_year_among_numbers_is_named_before_the_coverage_is_read() -> None:
    """A state list whose styear holds a text among numbers: the years-outside check read its
    coverage first, ``min()`` of the column, Python's raw "'<=' not supported between
    instances of 'int' and 'str'"; the coverage is read as the spells are, an InputError
    naming the column and the row."""
    states = _states().astype({"styear": object})
    states.loc[1, "styear"] = "x"
    for f in (rel.dyad_years, rel.state_years):
        with pytest.raises(InputError, match=r"got 'x' in row 1") as err:
            f(states, years=1922)
        assert err.value.field == "styear"

"""The propensity recipes (anpo-align-recipe/1 and /2) and the built-in Asia-Pacific instances.

Factor definitions: module docstring of anpo.align.recipe (ATOP, [leeds2002]; strategic
rivalries, [thompson2022]; MID 5.0; UNGA ideal points, [bailey2017]; V-Dem polyarchy; COW contiguity). Sizes: CINC [singer1972], as in
[axelrod1993].
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import ROOT, cli, script_module
from anpo.align import io, recipe
from anpo.errors import AlignError


def _cov(df: pd.DataFrame, lo: int, hi: int) -> pd.DataFrame:
    df.attrs["coverage"] = (lo, hi)
    return df


@pytest.fixture
def toy_data() -> dict[str, pd.DataFrame]:
    """Three states 10, 20, 30: 10-20 defense pact, 10-30 consultation, 20-30 rivals with
    disputes in 2 of the last 10 years; 30 has no ideal point; contiguity only 20-30."""
    atop_rows = []
    for y in (1999, 2000):
        atop_rows += [
            (10, 20, y, 1, 0, 0, 0, 0),
            (20, 10, y, 1, 0, 0, 0, 0),
            (10, 30, y, 0, 0, 0, 0, 1),
            (30, 10, y, 0, 0, 0, 0, 1),
        ]
    atop = _cov(
        pd.DataFrame(
            atop_rows,
            columns=[
                "ccode1",
                "ccode2",
                "year",
                "atop_defense",
                "atop_offense",
                "atop_neutral",
                "atop_nonagg",
                "atop_consul",
            ],
        ),
        1990,
        2000,
    )
    riv = _cov(
        pd.DataFrame(
            [(1, "x", 20, 30, 1950, 2010)],
            columns=["rivalryno", "rivalryname", "ccode1", "ccode2", "styear", "endyear"],
        ),
        1900,
        2010,
    )
    mid_rows = []
    for y in (1995, 1998):
        for a, b in ((20, 30), (30, 20)):
            mid_rows.append((y * 10 + a, a, b, y, 1, 1, 0, 3, 3))
    mid = _cov(
        pd.DataFrame(
            mid_rows,
            columns=[
                "dispnum",
                "ccode1",
                "ccode2",
                "year",
                "onset",
                "sidea1",
                "sidea2",
                "hostlev1",
                "hostlev2",
            ],
        ),
        1816,
        1998,
    )
    unga = _cov(
        pd.DataFrame(
            {"ccode": [10, 20, 40, 50], "year": 2000, "idealpointfp": [0.0, 0.5, 2.0, -1.0]}
        ),
        1946,
        2000,
    )
    dem = _cov(
        pd.DataFrame(
            {
                "ccode": [10, 20, 30],
                "year": 2000,
                "euds": 0.0,
                "polity2": 0.0,
                "v2x_polyarchy": [0.9, 0.8, 0.1],
            }
        ),
        1900,
        2000,
    )
    cont = _cov(
        pd.DataFrame(
            [(20, 30, y, 1) for y in (1999, 2000)] + [(30, 20, y, 1) for y in (1999, 2000)],
            columns=["ccode1", "ccode2", "year", "conttype"],
        ),
        1816,
        2000,
    )
    return {
        "atop": atop,
        "rivalries": riv,
        "mid": mid,
        "unga": unga,
        "democracy": dem,
        "contiguity": cont,
    }


def test_factor_table_contributions(toy_data):
    """Recipe 1 (a priori weights, UN affinity relative to the median distance)."""
    w = recipe.RecipeWeights()
    t = recipe.factor_table(toy_data, [10, 20, 30], 2000, w, recipe=recipe.RECIPE_V1)
    assert set(t.columns) >= {
        "ccode1",
        "ccode2",
        "year",
        "factor",
        "raw",
        "as_of",
        "weight",
        "contribution",
        "note",
    }
    c = t.set_index(["ccode1", "ccode2", "factor"])["contribution"]
    assert c[(10, 20, "alliance")] == w.defense
    assert c[(10, 30, "alliance")] == w.other_alliance
    assert c[(20, 30, "alliance")] == 0.0
    assert c[(20, 30, "rivalry")] == w.rivalry
    assert c[(10, 20, "rivalry")] == 0.0
    # MIDs end in 1998: window 1989-1998, disputes in 2 of 10 years
    assert c[(20, 30, "disputes")] == pytest.approx(w.disputes * 0.2)
    note = t.set_index(["ccode1", "ccode2", "factor"])["note"]
    assert "carried forward from 1998" in note[(20, 30, "disputes")]
    # UN: pairwise distances of {0, .5, 2, -1} are .5, 1, 1.5, 1.5, 2, 3 (median 1.5)
    assert c[(10, 20, "un")] == pytest.approx(w.un * (1 - 0.5 / 1.5))
    assert c[(10, 30, "un")] == 0.0 and "missing" in note[(10, 30, "un")]
    assert c[(10, 30, "regime")] == pytest.approx(w.regime * (1 - 2 * 0.8))
    assert c[(20, 30, "contiguity")] == w.contiguity
    assert c[(10, 20, "contiguity")] == 0.0
    p = recipe.propensity_from_table(t, [10, 20, 30])
    assert np.allclose(p, p.T) and np.all(np.diag(p) == 0)
    assert p[1, 2] == pytest.approx(t[(t.ccode1 == 20) & (t.ccode2 == 30)].contribution.sum())
    wide = recipe.wide_factors(t)
    assert np.allclose(wide[list(recipe.BASE_FACTORS)].sum(axis=1), wide["p"])


def test_weights_scale_contributions_linearly(toy_data):
    base = recipe.factor_table(toy_data, [10, 20, 30], 2000, recipe.RecipeWeights())
    doubled = recipe.RecipeWeights(
        defense=6, other_alliance=2, rivalry=-6, disputes=-4, un=4, regime=2, contiguity=-1
    )
    t2 = recipe.factor_table(toy_data, [10, 20, 30], 2000, doubled)
    assert np.allclose(2 * base["contribution"], t2["contribution"])


def test_recipe2_scores_and_score_matrices(toy_data):
    """Recipe 2: UN affinity 1 - 2 F(d) with F the share of the year's pairs at most d apart;
    the score matrices rebuild the propensity for any weights; an obligation recorded in one
    direction only (ATOP's directed rows) still makes the pair allies."""
    atop = toy_data["atop"]
    one_way = atop[~((atop.ccode1 == 20) & (atop.ccode2 == 10))].copy()
    one_way.attrs = dict(atop.attrs)
    data = {**toy_data, "atop": one_way}
    t = recipe.factor_table(data, [10, 20, 30], 2000, recipe=recipe.RECIPE_V2)
    w = recipe.RECIPES[recipe.RECIPE_V2].weights
    c = t.set_index(["ccode1", "ccode2", "factor"])["contribution"]
    assert c[(10, 20, "alliance")] == w.defense
    # distances {.5, 1, 1.5, 1.5, 2, 3}: F(0.5) = 1/6
    sc = t.set_index(["ccode1", "ccode2", "factor"])["score"]
    assert sc[(10, 20, "un")] == pytest.approx(1 - 2 / 6)
    assert c[(10, 20, "un")] == pytest.approx(w.un * (1 - 2 / 6))
    codes = [10, 20, 30]
    m = recipe.score_matrices(t, codes)
    assert set(m) == set(recipe.SCORE_KEYS)
    for weights in (w, recipe.RecipeWeights(), recipe.RecipeWeights(un=0.0, regime=5.0)):
        tw = recipe.factor_table(data, codes, 2000, weights, recipe=recipe.RECIPE_V2)
        assert np.allclose(
            recipe.propensity_from_scores(m, weights), recipe.propensity_from_table(tw, codes)
        )
    with pytest.raises(AlignError):
        recipe.get_recipe("anpo-align-recipe/9")


@settings(max_examples=50, deadline=None)
@given(
    points=st.lists(
        st.floats(-3, 3, allow_nan=False, allow_infinity=False), min_size=3, max_size=30
    ),
    d=st.lists(st.floats(0, 7, allow_nan=False), min_size=2, max_size=10),
)
def test_property_un_percentile_is_bounded_and_monotone(points, d):
    """1 - 2 F(d) lies in [-1, 1] and never increases with the distance d; it does not saturate
    below the largest observed distance (any d under it scores above -1)."""
    unga = pd.DataFrame({"ccode": range(len(points)), "year": 2000, "idealpointfp": points})
    dd = np.sort(np.array(d))
    f = 1 - 2 * recipe.un_percentile(unga, 2000, dd)
    assert np.all((f >= -1) & (f <= 1))
    assert np.all(np.diff(f) <= 1e-12)
    v = np.array(points)
    dmax = float(np.max(np.abs(v[:, None] - v[None, :])))
    below = dd < dmax
    assert np.all(f[below] > -1)


def test_un_factor_is_not_saturated_for_the_united_states(shared_data):
    """UNGA ideal points [bailey2017], 2001: recipe 1 scores U.S.-Japan and
    U.S.-China alike (both at the floor, -1: every U.S. pair is more than twice the median
    distance apart); recipe 2 separates them (Japan votes far closer to the U.S. than China)."""
    from anpo import data

    unga = data.load(shared_data / "unga" / "IdealpointsJuly2025.csv", "unga")
    pairs = recipe.pair_frame([2, 710, 740], [2001])
    w = recipe.RecipeWeights(un=1.0)
    v1 = recipe.un_factor(pairs, unga, 2001, w, scale="median").set_index(["ccode1", "ccode2"])
    v2 = recipe.un_factor(pairs, unga, 2001, w, scale="percentile").set_index(["ccode1", "ccode2"])
    assert v1.loc[(2, 740), "score"] == v1.loc[(2, 710), "score"] == -1.0
    assert v2.loc[(2, 740), "score"] - v2.loc[(2, 710), "score"] > 0.2
    assert v2.loc[(2, 740), "score"] > -1.0
    # a year without ideal points (1964, no recorded votes) takes the latest earlier year
    p64 = recipe.un_factor(recipe.pair_frame([2, 365], [1964]), unga, 1964, w, "percentile")
    assert "carried forward from 1963" in p64["note"].iloc[0]


def test_recipe_errors(toy_data):
    with pytest.raises(AlignError):
        recipe.factor_table({k: v for k, v in toy_data.items() if k != "unga"}, [10, 20], 2000)
    with pytest.raises(AlignError):
        recipe.factor_table(toy_data, [10, 10], 2000)
    with pytest.raises(AlignError):
        recipe.RecipeWeights(un=float("nan"))
    with pytest.raises(AlignError):
        recipe.RecipeWeights(dispute_window=0)


def test_book_instances_are_consistent():
    """The shipped instances: 20 actors, positive sizes, p equal to the sum of the factors, and
    provenance naming the recipe and every dataset."""
    names = io.book_names()
    assert "asia_pacific_2001" in names
    assert any(n.startswith("asia_pacific_") and n != "asia_pacific_2001" for n in names)
    for name in names:
        inst = io.read_book(name)
        assert len(inst.names) == 20 and np.all(inst.sizes > 0)
        assert inst.provenance["recipe"] == recipe.RECIPE_ID
        # military-spending sizes are stored when NMC has them for every state, else said why
        if inst.alt_sizes:
            assert set(inst.alt_sizes) == {"cinc", "milex"}
            assert np.allclose(inst.alt_sizes["cinc"], inst.sizes)
        else:
            assert "no positive milex" in inst.provenance["sizes_milex_unavailable"]
        for key in ("nmc", "atop", "rivalries", "mid", "contiguity", "unga", "democracy"):
            assert inst.provenance[f"dataset_{key}"]
        sums = inst.pairs[[f for f in recipe.FACTORS if f in inst.pairs]].sum(axis=1)
        assert np.allclose(sums, inst.pairs["p"], atol=1e-9)
        assert len(inst.pairs) == 20 * 19 // 2


@pytest.mark.slow
def test_book_is_regenerated_exactly_from_the_data(shared_data):
    """Provenance, not correctness: tools/align_book.py rebuilds the shipped TOML files byte for
    byte from ../shared/data (a stale or hand-edited book file fails here). Whether the values
    are right is checked against values computed independently of anpo in
    :func:`test_book_2001_pairs_recomputed_from_the_raw_files`."""
    align_book = script_module("align_book", "tools")
    texts = align_book.build(shared_data)
    header = (
        "# Generated by tools/align_book.py from the datasets named in [provenance];"
        " do not edit by hand.\n"
    )
    book = ROOT / "src" / "anpo" / "align" / "book"
    # every shipped book file is one the tool writes (a stale file it no longer writes fails)
    assert sorted(texts) == sorted(p.stem for p in book.glob("*.toml")), sorted(texts)
    for name, text in texts.items():
        assert (book / f"{name}.toml").read_text(encoding="utf-8") == header + text


def test_size_measures(shared_data, toy_data):
    """CINC, NMC military expenditure (share of the instance's total) and GDP implied by the
    SIPRI workbook (current-US$ spending / share of GDP); a state without a value is an error
    naming it, never a filled-in size."""
    from anpo import data

    nmc = data.load(shared_data / "peacesciencer" / "cow_nmc.csv", "nmc")
    codes = [2, 710, 740]
    cinc, note = recipe.sizes_from_data({"nmc": nmc}, codes, 2001, "cinc")
    assert "CINC 2001" in note and np.all(cinc > 0)
    milex, _ = recipe.sizes_from_data({"nmc": nmc}, codes, 2001, "milex")
    row = nmc[(nmc.year == 2001) & nmc.ccode.isin(codes)].set_index("ccode")["milex"]
    assert milex.sum() == pytest.approx(1.0)
    assert milex[0] == pytest.approx(row[2] / row.loc[codes].sum())
    # the U.S. outspends China by far more than CINC says
    assert milex[0] / milex[1] > cinc[0] / cinc[1]
    with pytest.raises(AlignError) as info:
        recipe.sizes_from_data({"nmc": nmc}, [2, 731], 2018, "milex")
    # the state named beside its code, not a bare list of codes
    assert "for states North Korea (731) in 2018" in info.value.message
    sipri = data.load(shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx", "sipri")
    gdp = recipe.gdp_from_sipri(sipri)
    g, gnote = recipe.sizes_from_data({"gdp": gdp}, codes, 2001, "gdp")
    assert "GDP 2001" in gnote and g.sum() == pytest.approx(1.0)
    assert g[0] > g[2] > 0  # U.S. GDP above Japan's
    with pytest.raises(AlignError):
        recipe.sizes_from_data({"nmc": nmc}, codes, 2001, "gdp")
    with pytest.raises(AlignError):
        recipe.sizes_from_data({"nmc": nmc}, codes, 2001, "population")


def test_recipe_sizes_are_cinc(shared_data):
    """Sizes are CINC recomputed from the NMC components (mean of available shares)."""
    from anpo import data

    nmc = data.load(shared_data / "peacesciencer" / "cow_nmc.csv", "nmc")
    sizes = recipe.sizes_from_nmc(nmc, [2, 710], 2001)
    row = nmc[(nmc.ccode == 2) & (nmc.year == 2001)]
    assert sizes["cinc"].iloc[0] == pytest.approx(float(row["cinc"].iloc[0]), abs=5e-4)
    # a state without capabilities that year is named beside its code (Japan joins in 1860)
    with pytest.raises(AlignError, match=r"no positive CINC for states Japan \(740\) in 1816$"):
        recipe.sizes_from_nmc(nmc, [200, 740], 1816)


@pytest.mark.slow
def test_align_build_cli_from_catalog(shared_data, anpo_home, tmp_path):
    """`anpo align-build` reads the recipe's datasets from the catalog (anpo data add) and
    writes an instance that matches the built-in book for 2001."""
    import json

    from anpo.data.catalog import Catalog

    files = {
        "cow_states": "cow/states2016.csv",
        "nmc": "peacesciencer/cow_nmc.csv",
        "atop": "peacesciencer/atop_alliance.csv.gz",
        "tss_rivalries": "peacesciencer/tss_rivalries.csv",
        "mid_dyadic": "peacesciencer/cow_mid_dirdisps.csv",
        "contiguity": "cow/contdird.csv",
        "unga": "unga/IdealpointsJuly2025.csv",
        "democracy": "democracy/cw_democracy.csv",
    }
    cat = Catalog.open(anpo_home)
    missing = cli("align-build", "--year", "2001", env={"ANPO_HOME": str(anpo_home)})
    assert missing.returncode == 2 and "anpo data add" in missing.stderr
    for kind, rel in files.items():
        cat.add(shared_data / rel, kind=kind)
    out = tmp_path / "ap.toml"
    env = {"ANPO_HOME": str(anpo_home)}
    res = cli("align-build", "--year", "2001", "--out", str(out), "--json", env=env)
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    assert len(rows) == 190
    built = io.read_instance(out)
    book = io.read_book("asia_pacific_2001")
    assert built.ids == book.ids
    assert np.allclose(built.propensity, book.propensity, atol=1e-12)
    assert np.allclose(built.sizes, book.sizes, rtol=1e-12)
    again = cli("align-build", "--year", "2001", "--out", str(out), env=env)
    assert again.returncode == 2 and "exists" in again.stderr
    nodir = cli("align-build", "--year", "2001", "--out", str(tmp_path / "no" / "x.toml"), env=env)
    assert nodir.returncode == 2 and "cannot write" in nodir.stderr
    assert "Traceback" not in nodir.stderr
    small = cli("align-build", "--year", "2001", "--states", "USA,JPN,CHN", env=env)
    assert small.returncode == 0, small.stderr
    bad = cli("align-build", "--year", "2001", "--states", "USA,XXX", env=env)
    assert bad.returncode == 2 and "XXX" in bad.stderr
    # the data's names, but the one the state bore in the year where COW keeps one code
    old = tmp_path / "1970.toml"
    cold = cli(
        "align-build", "--year", "1970", "--states", "USA,RUS,CHN", "--out", str(old), env=env
    )
    assert cold.returncode == 0, cold.stderr
    assert io.read_instance(old).names == ["United States of America", "Soviet Union", "China"]


def test_book_2001_pairs_recomputed_from_the_raw_files(shared_data):
    """The shipped 2001 instance against propensities this test computes itself, from the raw
    shared files and the recipe as its documentation states it (module docstring of
    ``anpo.align.recipe``, recipe 2, with the weights the book records in [provenance]):
    alliance (ATOP v5 [leeds2002]: a defense pact scores the defense weight, any other
    obligation the other-alliance weight), rivalry (TSS strategic rivalries [thompson2022],
    ongoing in 2001), disputes (share of 1992-2001 with an ongoing MID, [palmer2022]), UN
    affinity ``1 - 2 F(d)`` over the year's pairwise ideal-point distances ([bailey2017]),
    regime ``1 - 2 |v_i - v_j|`` (V-Dem polyarchy) and contiguity (COW types 1-5,
    [stinnett2002]). No anpo code computes the expected values."""
    import gzip
    import tomllib

    year = 2001
    f = shared_data
    book = io.read_book("asia_pacific_2001")
    text = (ROOT / "src/anpo/align/book/asia_pacific_2001.toml").read_text(encoding="utf-8")
    w = tomllib.loads(text)["provenance"]["weights"]
    with gzip.open(f / "peacesciencer/atop_alliance.csv.gz", "rt") as fh:
        atop = pd.read_csv(fh)
    atop = atop[atop.year == year]
    tss = pd.read_csv(f / "peacesciencer/tss_rivalries.csv")
    mid = pd.read_csv(f / "peacesciencer/cow_mid_dirdisps.csv")
    un = pd.read_csv(f / "unga/IdealpointsJuly2025.csv")
    un = un[(un.year == year) & un.idealpointfp.notna()].drop_duplicates("ccode")
    dem = pd.read_csv(f / "democracy/cw_democracy.csv")
    dem = dem[dem.year == year].set_index("ccode")["v2x_polyarchy"]
    cont = pd.read_csv(f / "cow/contdird.csv")
    cont = cont[(cont.year == year) & cont.conttype.between(1, 5)]
    x = un.idealpointfp.to_numpy()
    dists = np.abs(x[:, None] - x[None, :])[np.triu_indices(len(x), 1)]
    point = dict(zip(un.ccode.astype(int), x, strict=True))

    def expected(a: int, b: int) -> float:
        rows = atop[(atop.ccode1 == a) & (atop.ccode2 == b)]
        others = ["atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
        alliance = 0.0
        if len(rows) and rows.atop_defense.max() == 1:
            alliance = w["defense"]
        elif len(rows) and rows[others].to_numpy().max() == 1:
            alliance = w["other_alliance"]
        pair = ((tss.ccode1 == a) & (tss.ccode2 == b)) | ((tss.ccode1 == b) & (tss.ccode2 == a))
        rival = bool(((tss.start <= year) & (tss.end >= year) & pair).any())
        window = range(year - w["dispute_window"] + 1, year + 1)
        hot = mid[(mid.ccode1 == a) & (mid.ccode2 == b) & mid.year.isin(window)].year.nunique()
        d = abs(point[a] - point[b])
        un_score = 1 - 2 * float(np.mean(dists <= d))
        regime = 1 - 2 * abs(dem[a] - dem[b])
        contiguous = bool(((cont.state1no == a) & (cont.state2no == b)).any())
        return (
            alliance
            + w["rivalry"] * rival
            + w["disputes"] * hot / w["dispute_window"]
            + w["un"] * un_score
            + w["regime"] * regime
            + w["contiguity"] * contiguous
        )

    codes = {"USA": 2, "JPN": 740, "CHN": 710, "ROK": 732, "PRK": 731, "RUS": 365}
    for a, b in [("USA", "JPN"), ("USA", "CHN"), ("JPN", "CHN"), ("ROK", "PRK"), ("RUS", "CHN")]:
        i, j = book.ids.index(a), book.ids.index(b)
        assert book.propensity[i, j] == pytest.approx(expected(codes[a], codes[b]), abs=1e-9), (
            a,
            b,
        )


def _toy_nmc(last: int) -> pd.DataFrame:
    """NMC components of the toy states 10, 20, 30 for 1999 to ``last``."""
    rows = [
        (c, y, 100.0 * c, 10.0 * c, 5.0, 7.0, 1000.0 + c, 100.0)
        for y in range(1999, last + 1)
        for c in (10, 20, 30)
    ]
    cols = ["ccode", "year", "milex", "milper", "irst", "pec", "tpop", "upop"]
    return _cov(pd.DataFrame(rows, columns=cols), 1999, last)


def test_data_ends_names_the_datasets_the_recipe_carries_forward(toy_data):
    """The datasets whose coverage ends before the year (the factors then use their last year,
    the "carried forward" notes): none when the data cover the year."""
    data = {**toy_data, "nmc": _toy_nmc(2000)}
    assert recipe.data_ends(data, 1998) == {}
    assert recipe.data_ends(data, 2000) == {"mid": 1998}
    assert recipe.data_ends(data, 2005) == {
        "nmc": 2000,
        "atop": 2000,
        "mid": 1998,
        "unga": 2000,
        "democracy": 2000,
        "contiguity": 2000,
    }
    assert recipe.data_ends(data, 2011)["rivalries"] == 2010


def _toy_catalog(toy_data: dict[str, pd.DataFrame], monkeypatch: pytest.MonkeyPatch) -> None:
    """A data catalog of the toy states 10, 20, 30 (NMC to 2000; the MIDs covering 2000, though
    their last dispute is in 1998) for `anpo align-build`, in place of the user's."""
    from anpo.data.catalog import Catalog

    states = pd.DataFrame(
        {"ccode": [10, 20, 30], "stateabb": ["AAA", "BBB", "CCC"], "statenme": ["A", "B", "C"]}
    )
    frames = {
        "nmc": _toy_nmc(2000),
        "atop": toy_data["atop"],
        "tss_rivalries": toy_data["rivalries"],
        "mid_dyadic": _cov(toy_data["mid"].copy(), 1816, 2000),
        "unga": toy_data["unga"],
        "democracy": toy_data["democracy"],
        "contiguity": toy_data["contiguity"],
        "cow_states": states,
    }

    class _Catalog:
        def exists(self) -> bool:
            return True

        def read_or_none(self, kind: str) -> pd.DataFrame | None:
            return frames.get(kind)

    monkeypatch.setattr(Catalog, "open", classmethod(lambda cls, home=None: _Catalog()))


def test_align_build_warns_when_the_year_is_past_the_data(toy_data, monkeypatch):
    """`anpo align-build --year Y` past the end of a dataset still builds (the last available
    year carried forward) and says so in one warning line on stderr; nothing when the data
    cover the year."""
    from typer.testing import CliRunner

    import anpo.cli

    _toy_catalog(toy_data, monkeypatch)
    runner = CliRunner()
    args = ["align-build", "--states", "10,20,30", "--json"]
    ok = runner.invoke(anpo.cli.app, [*args, "--year", "2000"])
    assert ok.exit_code == 0, ok.output
    assert "warning" not in ok.stderr and len(json.loads(ok.stdout)) == 3
    late = runner.invoke(anpo.cli.app, [*args, "--year", "2003"])
    assert late.exit_code == 0, late.output
    assert late.stderr.count("\n") == 1
    assert late.stderr.startswith("warning: 2003 is past the data; the last available year is")
    assert "nmc (2000)" in late.stderr and "atop (2000)" in late.stderr
    assert "rivalries" not in late.stderr  # the rivalry list runs to 2010
    late_rows, ok_rows = json.loads(late.stdout), json.loads(ok.stdout)
    assert [r["p"] for r in late_rows] == [r["p"] for r in ok_rows]
    assert all("carried forward from 2000" in r["source"] for r in late_rows)


def test_a_factor_table_with_states_not_asked_is_refused_naming_them(toy_data):
    """A factor table whose pairs name a state not among ``codes`` was a bare ``KeyError: 30``
    from ``propensity_from_table`` and ``score_matrices``; now an AlignError on ``table`` naming
    those states (the first five and how many more). A state asked without a pair in the table
    still has propensity 0 (pairs not listed are 0, as in an instance file)."""
    t = recipe.factor_table(toy_data, [10, 20, 30], 2000)
    for build in (recipe.propensity_from_table, recipe.score_matrices):
        with pytest.raises(AlignError) as info:
            build(t, [10, 20])
        assert info.value.field == "table"
        assert info.value.message == (
            "has pairs of 1 state not among the 2 codes asked: 30; ask for it too, or leave "
            "its pairs out of the table"
        )
    wide = pd.DataFrame(
        {"ccode1": 10, "ccode2": [20, *range(40, 47)], "contribution": 1.0, "factor": "un"}
    ).assign(raw=0.0, score=1.0)
    with pytest.raises(AlignError, match=r"has pairs of 7 states not among the 2 codes asked: "
                       r"40, 41, 42, 43, 44 and 2 more; ask for them too"):  # fmt: skip
        recipe.score_matrices(wide, [10, 20])
    p = recipe.propensity_from_table(t, [10, 20, 30, 50])
    assert p[3].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert np.array_equal(p[:3, :3], recipe.propensity_from_table(t, [10, 20, 30]))


def test_build_instance_refuses_codes_without_a_name_before_reading_the_data(toy_data):
    """``build_instance`` with ``names`` (or ``ids``) lacking a code asked was a bare
    ``KeyError: 30`` once the whole factor table had been computed; now an AlignError on that
    argument naming the codes."""
    data = {**toy_data, "nmc": _toy_nmc(2000)}
    names = {10: "A", 20: "B", 30: "C"}
    with pytest.raises(AlignError) as info:
        recipe.build_instance(data, [10, 20, 30], 2000, {10: "A"})
    assert (info.value.field, info.value.message) == (
        "names",
        "has no entry for 2 of the codes asked: 20, 30",
    )
    with pytest.raises(AlignError) as info:
        recipe.build_instance(data, [10, 20, 30], 2000, names, {10: "AAA", 20: "BBB"})
    assert (info.value.field, info.value.message) == (
        "ids",
        "has no entry for 1 of the codes asked: 30",
    )
    assert recipe.build_instance(data, [10, 20, 30], 2000, names).ids == ["10", "20", "30"]


def test_align_build_prints_a_factor_table_of_other_states_as_an_error(toy_data, monkeypatch):
    """`anpo align-build` whose factor table names a state not asked (here a factor table of
    another state list put in by monkeypatching; the catalog's own table is built from the codes
    asked) ended in a traceback, ``KeyError: 30``; now one error line and exit status 2."""
    _toy_catalog(toy_data, monkeypatch)
    of_three = recipe.factor_table(toy_data, [10, 20, 30], 2000)
    monkeypatch.setattr(recipe, "factor_table", lambda *args, **kwargs: of_three)
    ran = cli("align-build", "--year", "2000", "--states", "10,20")
    assert ran.returncode == 2, ran
    assert ran.stderr == (
        "error: table: has pairs of 1 state not among the 2 codes asked: 30; ask for it too, "
        "or leave its pairs out of the table\n"
    )


@pytest.mark.parametrize("bad", [{}, {"defense": 2.0}, [3.0]], ids=["empty dict", "dict", "list"])
def test_weights_that_are_no_recipe_weights_are_refused(toy_data, bad):
    """``weights`` is a RecipeWeights, or None for the recipe's own: an empty dict was read as
    "none given" (``weights or rec.weights``: the recipe's weights used without a word), a dict
    with keys an AttributeError deep in the factors."""
    from anpo.align import backtest

    data = {**toy_data, "nmc": _toy_nmc(2000)}
    states = pd.DataFrame({"ccode": [10, 20, 30], "styear": 1816, "endyear": 2016})
    names = {10: "A", 20: "B", 30: "C"}
    calls = (
        lambda: recipe.factor_table(toy_data, [10, 20, 30], 2000, bad),
        lambda: recipe.build_instance(data, [10, 20, 30], 2000, names, weights=bad),
        lambda: backtest.peacetime_backtest(data, states, years=[2000], weights=bad),
    )
    for call in calls:
        with pytest.raises(AlignError, match="^weights: must be a RecipeWeights") as info:
            call()
        assert info.value.field == "weights"


def test_zero_weights_are_used_and_none_means_the_recipes(toy_data):
    """A RecipeWeights with every weight 0 is used as given (every contribution 0), None is the
    recipe's own weights."""
    codes = [10, 20, 30]
    zero = recipe.RecipeWeights(
        defense=0, other_alliance=0, rivalry=0, disputes=0, un=0, regime=0, contiguity=0
    )
    assert (recipe.factor_table(toy_data, codes, 2000, zero)["contribution"] == 0).all()
    own = recipe.get_recipe(None).weights
    pd.testing.assert_frame_equal(
        recipe.factor_table(toy_data, codes, 2000, None),
        recipe.factor_table(toy_data, codes, 2000, own),
    )
    assert recipe.recipe_weights(None, recipe.get_recipe(None)) is own
    assert recipe.recipe_weights(zero, recipe.get_recipe(None)) is zero

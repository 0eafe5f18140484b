"""History factors of recipe 3 (anpo.align.history): past wars, past disputes, territorial
disputes, discounted by age.

References: Axelrod & Bennett, BJPolS 23(2):211-233 (1993), p. 222 (the five factors of their
1936 propensities: ethnic conflict, religion, territorial disputes, type of government, history
of wars); COW Inter-State War Data v4.0 [sarkees2010]; MID 5.0 [palmer2022], revision type 1 =
territory.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anpo.align import history
from anpo.align import recipe as rc
from anpo.errors import AlignError

HL = history.HALF_LIFE


def wars_frame(rows: list[tuple[int, int, int, int, int]]) -> pd.DataFrame:
    """``(warnum, ccode, side, styear, endyear)`` rows in the loader's layout."""
    return pd.DataFrame(rows, columns=["warnum", "ccode", "side", "styear", "endyear"]).astype(
        "Int64"
    )


def mids_frame(rows: list[tuple[int, int, int, int, int, int]]) -> pd.DataFrame:
    """``(dispnum, ccode, sidea, styear, endyear, revtype1)`` rows in the MIDB layout."""
    f = pd.DataFrame(rows, columns=["dispnum", "ccode", "sidea", "styear", "endyear", "revtype1"])
    f["revtype2"] = pd.array([pd.NA] * len(f), dtype="Int64")
    return f.astype({c: "Int64" for c in f.columns})


def score(pairs: pd.DataFrame, values: np.ndarray, a: int, b: int) -> float:
    i = np.flatnonzero((pairs["ccode1"] == min(a, b)) & (pairs["ccode2"] == max(a, b)))[0]
    return float(values[i])


def test_war_history_signs_ages_and_exclusions():
    """Same side +, opposite side -, each discounted by 0.5 ** (age / half-life); a war that had
    not ended before the year does not count; a state that changed sides counts as neither."""
    wars = wars_frame(
        [
            (1, 10, 1, 1898, 1900),  # 10 and 20 together against 30
            (1, 20, 1, 1898, 1900),
            (1, 30, 2, 1898, 1900),
            (1, 40, 1, 1898, 1899),  # 40 changed sides during war 1
            (1, 40, 2, 1899, 1900),
            (2, 10, 1, 1918, 1920),  # war 2 ends in 1920
            (2, 20, 2, 1918, 1920),
            (3, 10, 1, 1915, 1925),  # war 3 still going on in 1921
            (3, 30, 2, 1915, 1925),
        ]
    )
    pairs = rc.pair_frame([10, 20, 30, 40], [1920])
    s, n = history.war_history(pairs, wars, 1920)
    d = 0.5 ** (20 / HL)
    assert score(pairs, s, 10, 20) == pytest.approx(d)  # war 2 ended in, not before, 1920
    assert score(pairs, s, 10, 30) == pytest.approx(-d)
    assert score(pairs, s, 20, 30) == pytest.approx(-d)
    assert score(pairs, s, 10, 40) == 0.0 and score(pairs, n, 10, 40) == 0.0
    s21, n21 = history.war_history(pairs, wars, 1921)
    assert score(pairs, s21, 10, 20) == pytest.approx(0.5 ** (21 / HL) - 0.5 ** (1 / HL))
    assert score(pairs, n21, 10, 20) == 2.0
    assert score(pairs, n21, 10, 30) == 1.0  # war 3 not yet over
    s10, _ = history.war_history(pairs, wars, 1920, half_life=10.0)
    assert score(pairs, s10, 10, 30) == pytest.approx(-(0.5**2))


def test_war_history_is_capped_at_one():
    wars = wars_frame([(w, c, 1, 1900 + w, 1900 + w) for w in range(1, 6) for c in (1, 2)])
    pairs = rc.pair_frame([1, 2], [1910])
    s, n = history.war_history(pairs, wars, 1910)
    assert s.tolist() == [1.0] and n.tolist() == [5.0]


def test_mid_history_and_territory():
    """Disputes begun by the year count (age 0 while they go on); a state that joined after the
    year does not; territory counts opposite sides where one of the two sought a territorial
    revision (revtype 1), not a pair on the same side nor a non-territorial dispute."""
    mids = mids_frame(
        [
            (1, 10, 1, 1930, 1931, 1),  # 10 claims territory from 20; 30 sides with 20
            (1, 20, 0, 1930, 1931, 0),
            (1, 30, 0, 1930, 1931, 0),
            (2, 20, 1, 1935, 1940, 2),  # 20 v 30, policy dispute, still going on in 1936
            (2, 30, 0, 1935, 1940, 0),
            (2, 10, 1, 1937, 1940, 0),  # 10 joins in 1937
        ]
    )
    pairs = rc.pair_frame([10, 20, 30], [1936])
    m, mn = history.mid_history(pairs, mids, 1936)
    t, tn = history.territorial_mids(pairs, mids, 1936)
    d5 = 0.5 ** (5 / HL)
    assert score(pairs, m, 10, 20) == pytest.approx(-d5)
    assert score(pairs, m, 20, 30) == pytest.approx(d5 - 1.0)  # together in 1, apart in 2
    assert score(pairs, m, 10, 30) == pytest.approx(-d5)
    assert score(pairs, mn, 10, 20) == 1.0  # 10's 1937 entry is after the year
    assert score(pairs, t, 10, 20) == pytest.approx(d5)
    assert score(pairs, t, 10, 30) == pytest.approx(d5)  # opposite sides, 10 sought territory
    assert score(pairs, t, 20, 30) == 0.0 and score(pairs, tn, 20, 30) == 0.0
    with pytest.raises(AlignError):
        history.mid_history(pairs, mids, 1936, half_life=0.0)


@pytest.mark.parametrize("year", [float("nan"), None, "1936", True, 1936.5])
def test_a_data_year_that_is_not_a_whole_number_is_an_align_error(year: object) -> None:
    """NaN, None and '1936' were int()'s bare ValueError or TypeError, True the year 1."""
    with pytest.raises(AlignError) as info:
        history._check(year, 20.0)  # type: ignore[arg-type]
    assert info.value.field == "year"
    history._check(1936.0, 20.0)  # type: ignore[arg-type]  # a whole float stays accepted


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 6),  # war
            st.sampled_from([1, 2, 3, 4]),  # state
            st.sampled_from([1, 2]),  # side
            st.integers(1900, 1950),  # end
        ),
        min_size=1,
        max_size=30,
    ),
    st.integers(1900, 1960),
)
def test_property_war_history_bounds_and_symmetry(rows, year):
    """Scores lie in [-1, 1]; swapping the two sides of every war changes nothing (only same or
    opposite matters); adding a state to the instance does not change the other pairs."""
    frame = wars_frame([(w, c, s, e - 1, e) for w, c, s, e in rows])
    pairs = rc.pair_frame([1, 2, 3], [year])
    s, _ = history.war_history(pairs, frame, year)
    assert np.all((s >= -1) & (s <= 1))
    swapped = frame.assign(side=3 - frame["side"])
    assert np.allclose(history.war_history(pairs, swapped, year)[0], s)
    bigger = rc.pair_frame([1, 2, 3, 4], [year])
    sb, _ = history.war_history(bigger, frame, year)
    keep = bigger["ccode2"] != 4
    assert np.allclose(sb[keep.to_numpy()], s)


@pytest.fixture(scope="module")
def events(shared_data):
    from anpo import data

    wars = data.load(shared_data / "peacesciencer" / "cow_war_inter.csv", "cow_war_inter")
    midp = data.load(shared_data / "cow" / "MIDB_5.0.csv", "mid_participant")
    return wars, midp


def test_france_germany_1936_from_the_data(events):
    """COW Inter-State War Data v4.0 and MID 5.0: France and Germany fought on opposite sides in
    1870-71 and 1914-18, so their past-wars term is negative in 1936 (-0.5 ** (18/20) for the
    First World War, plus the 1870-71 war 65 years back); the United Kingdom and France fought
    together (Crimea, the First World War): positive. Their disputes history has the same
    signs; France and Germany have territorial disputes. The README states the 1936 value."""
    from pathlib import Path

    wars, midp = events
    pairs = rc.pair_frame([200, 220, 255], [1936])
    w, n = history.war_history(pairs, wars, 1936)
    fr_ge = score(pairs, w, 220, 255)
    assert fr_ge == pytest.approx(-(0.5 ** (18 / HL)) - 0.5 ** (65 / HL), abs=1e-12)
    assert score(pairs, n, 220, 255) == 2.0
    assert score(pairs, w, 200, 220) > 0
    m, _ = history.mid_history(pairs, midp, 1936)
    assert score(pairs, m, 220, 255) < 0 < score(pairs, m, 200, 220)
    t, _ = history.territorial_mids(pairs, midp, 1936)
    assert score(pairs, t, 220, 255) > 0
    readme = " ".join((Path(__file__).parents[1] / "README.md").read_text().split())
    assert f"In 1936 France and Germany score {fr_ge:.2f} on past wars" in readme


@pytest.mark.slow
def test_recipe3_factor_table_adds_the_history_factors(events, shared_data):
    """Recipe 3's factor table has the nine factors, the contributions add up to the propensity,
    and a recipe-3 build without the history data is an error naming what to add."""
    from anpo import data

    wars, midp = events
    files = {
        "atop": ("peacesciencer/atop_alliance.csv.gz", "atop"),
        "rivalries": ("peacesciencer/tss_rivalries.csv", "tss_rivalries"),
        "mid": ("peacesciencer/cow_mid_dirdisps.csv", "mid_dyadic"),
        "contiguity": ("cow/contdird.csv", "contiguity"),
        "unga": ("unga/IdealpointsJuly2025.csv", "unga"),
        "democracy": ("democracy/cw_democracy.csv", "democracy"),
    }
    ds = {k: data.load(shared_data / rel, kind) for k, (rel, kind) in files.items()}
    codes = [200, 220, 255, 365]
    with pytest.raises(AlignError, match="wars"):
        rc.factor_table(ds, codes, 1936, recipe=rc.RECIPE_V3)
    ds.update(wars=wars, midp=midp)
    t = rc.factor_table(ds, codes, 1936, recipe=rc.RECIPE_V3)
    assert set(t["factor"]) == set(rc.FACTORS)
    wide = rc.wide_factors(t)
    assert np.allclose(wide[list(rc.FACTORS)].sum(axis=1), wide["p"])
    w = rc.RECIPES[rc.RECIPE_V3].weights
    sc = rc.score_matrices(t, codes)
    assert np.allclose(rc.propensity_from_scores(sc, w), rc.propensity_from_table(t, codes))
    row = t[(t.factor == "wars") & (t.ccode1 == 220) & (t.ccode2 == 255)].iloc[0]
    assert row["note"] == "2 wars ended before 1936" and row["raw"] == 2
    old = rc.factor_table(ds, codes, 1936, recipe=rc.RECIPE_V2)
    assert set(old["factor"]) == set(rc.BASE_FACTORS)


def test_datasets_from_names_the_history_data():
    """Recipe 3 needs the war list and the MID participants; recipes 1-2 do not."""
    from anpo.errors import CatalogError

    have = {k: pd.DataFrame() for ks in rc.CATALOG_KINDS.values() for k in ks[:1]}
    have.pop("cow_war_inter")
    assert set(rc.datasets_from(have.get, rc.RECIPE_V2)) == set(rc.CATALOG_KINDS) - {"wars"}
    with pytest.raises(CatalogError, match="cow_war_inter.*anpo-align-recipe/2"):
        rc.datasets_from(have.get, rc.RECIPE_V3)


def test_type_of_government_is_measured_for_1930s_europe(shared_data):
    """Axelrod & Bennett's "type of government" is the regime factor (V-Dem polyarchy via
    cw_democracy): every European participant of the Second World War has a value in 1936 and
    1938 (no pair missing), and the democracies (United Kingdom, France, Norway) score closer to
    one another than to Germany, Italy or the Soviet Union."""
    from anpo import data

    dem = data.load(shared_data / "democracy" / "cw_democracy.csv", "democracy")
    eu = [200, 210, 211, 220, 255, 290, 310, 325, 345, 350, 355, 360, 365, 375, 385]
    w = rc.RecipeWeights()
    for year in (1936, 1938):
        t = rc.regime_factor(rc.pair_frame(eu, [year]), dem, year, w)
        assert not (t["note"] == "missing").any(), year
        assert t["as_of"].eq(year).all()

        score_of = {
            (int(a), int(b)): float(v) for a, b, v in t[["ccode1", "ccode2", "score"]].values
        }
        for demo in (220, 385):
            for auto in (255, 325, 365):
                assert score_of[(200, demo)] > score_of[(200, auto)]

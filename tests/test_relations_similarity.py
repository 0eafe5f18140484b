"""Similarity measures: S, tau-b, kappa, pi and the alignment index.

Reference values: [signorino1999], "Tau-b or Not Tau-b", ISQ 43(1): 115-144, Table 6
(Germany vs Russia 1914, 20 European states, alliance scale 0..3), as given in
../shared/reference/relations.md: S absolute unweighted 0.4, S squared unweighted 0.4444444,
Kendall's tau-b 0.03031695.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import kendalltau

import anpo.data as data
from anpo.errors import InputError
from anpo.relations import (
    alignment_index,
    cohen_kappa,
    s_score,
    scott_pi,
    similarity_dyad_years,
    similarity_matrix,
    tau_b,
)
from anpo.relations.portfolios import alliance_portfolios
from anpo.relations.similarity import DEFAULT_MEASURES, MEASURES

# [signorino1999], Table 6 (1914): the German and Russian alliance portfolios over the 20
# European states GMY RUS UKG FRN AUH ITA BEL SPN TUR NTH SWD RUM POR SWZ GRC DEN YUG BUL NOR ALB
# (alliance scale 0..3) and their system capability shares. The tests own these vectors.
GMY = [3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]
RUS = [0, 3, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
SYSCAP = [.25, .21, .20, .08, .08, .05, .03, .03, .02, .01, .01, .01, .01, .01, 0, 0, 0, 0, 0, 0]  # fmt: skip


def test_report_shows_the_published_1914_vectors() -> None:
    """The report's 1914 worked example uses [signorino1999] Table 6's vectors as printed."""
    from anpo.relations import report

    assert report.SR1914_GMY == GMY and report.SR1914_RUS == RUS
    assert report.SR1914_SYSCAP == SYSCAP


def test_signorino_ritter_1914_given_values() -> None:
    """[signorino1999] Table 6, Germany-Russia 1914 (values in relations.md)."""
    assert s_score(GMY, RUS) == pytest.approx(0.4, abs=1e-6)
    assert s_score(GMY, RUS, distance="squared") == pytest.approx(0.4444444, abs=1e-6)
    assert tau_b(GMY, RUS) == pytest.approx(0.03031695, abs=1e-6)
    # dmax defaults to the range of the scale seen (0..3); giving it explicitly changes nothing
    assert s_score(GMY, RUS, dmax=3) == s_score(GMY, RUS)


def test_1914_hand_computation_of_weighted_s_and_chance_corrected() -> None:
    """The same vectors worked through the formulas by hand (not held-back values): weighted S
    sums w_k |x_k - y_k| = .25*3 + .21*3 + .20*1 + .08*3 + .08*3 + .05*2 + .01*3 = 2.19 over
    sum w_k * 3 = 3; kappa uses Häge's squared-distance components (Stata msim-data09:
    2 * spdmv / (ssdmv1 + ssdmv2 + ssdmv)); Häge's quadratic pi the pooled ones
    (2 * spdmt / (ssdmt1 + ssdmt2))."""
    assert s_score(GMY, RUS, weights=SYSCAP) == pytest.approx(1 - 2 * 2.19 / 3, abs=1e-12)
    x, y = np.array(GMY, float), np.array(RUS, float)
    mx, my = x.mean(), y.mean()
    spdmv = ((x - mx) * (y - my)).sum()
    kappa = 2 * spdmv / (((x - mx) ** 2).sum() + ((y - my) ** 2).sum() + len(x) * (mx - my) ** 2)
    assert cohen_kappa(GMY, RUS) == pytest.approx(kappa, abs=1e-12)
    mt = (x.sum() + y.sum()) / (2 * len(x))
    pi = 2 * ((x - mt) * (y - mt)).sum() / (((x - mt) ** 2).sum() + ((y - mt) ** 2).sum())
    assert scott_pi(GMY, RUS, weights="quadratic") == pytest.approx(pi, abs=1e-12)
    # by hand: D_o = (9+9+1+9+9+4+9)/20 = 2.5; the pooled 40 values have mean 0.5 and mean
    # square 1.4, so D_e = 2 * (1.4 - 0.25) = 2.3 and Häge's quadratic pi = 1 - 2.5/2.3 = -2/23;
    # the matrix form's pi_sq (the table's column) gives the same
    assert pi == pytest.approx(-2 / 23, abs=1e-12)
    mat = similarity_matrix(np.array([GMY, RUS], float), "pi_sq")
    assert mat[0, 1] == pytest.approx(-2 / 23, abs=1e-12) and mat[0, 0] == pytest.approx(1.0)
    # alignment: S minus S expected when each keeps its marginals: E|X - Y| over all 400 pairs
    e_abs = np.abs(x[:, None] - y[None, :]).mean()
    assert alignment_index(GMY, RUS) == pytest.approx(
        s_score(GMY, RUS) - (1 - 2 * e_abs / 3), abs=1e-12
    )


def test_nominal_variants_match_textbook_definitions() -> None:
    """[scott1955] and [cohen1960] on nominal categories: (p_o - p_e) / (1 - p_e)."""
    x, y = np.array(GMY), np.array(RUS)
    po = (x == y).mean()
    cats = np.union1d(x, y)
    pooled = np.concatenate([x, y])
    pe_pi = sum(((pooled == c).mean()) ** 2 for c in cats)
    pe_k = sum((x == c).mean() * (y == c).mean() for c in cats)
    assert scott_pi(x, y, weights="nominal") == pytest.approx((po - pe_pi) / (1 - pe_pi))
    assert scott_pi(x, y) == scott_pi(x, y, weights="nominal")  # [scott1955] by default
    assert cohen_kappa(x, y, weights=None) == pytest.approx((po - pe_k) / (1 - pe_k))


def test_input_errors() -> None:
    with pytest.raises(InputError):
        s_score([1, 2], [1, 2, 3])
    with pytest.raises(InputError):
        s_score([1, 2], [1, 2], weights=[-1, 1])
    with pytest.raises(InputError):
        s_score([1, 2], [1, 2], distance="cubic")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        s_score([1, 2], [1, 2], dmax=0)
    with pytest.raises(InputError):
        cohen_kappa([1, 2], [1, 2], weights="cubic")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        similarity_matrix(np.array([[1.0, np.nan]]))
    with pytest.raises(InputError):
        similarity_matrix(np.ones((2, 2)), "s_wabs")


def test_missing_values_are_dropped_pairwise() -> None:
    x = [3, 0, np.nan, 1]
    y = [3, 1, 2, np.nan]
    assert s_score(x, y) == s_score([3, 0], [3, 1])


portfolio = arrays(
    np.int64, st.tuples(st.integers(2, 7), st.integers(2, 9)), elements=st.integers(0, 3)
)


@settings(max_examples=80, deadline=None)
@given(portfolio, st.data())
def test_matrix_form_equals_scalar_form(p: np.ndarray, draw: st.DataObject) -> None:
    """Every matrix-form measure equals the scalar function on each pair of rows."""
    p = p.astype(float)
    w = np.asarray(draw.draw(arrays(np.float64, p.shape[1], elements=st.floats(0.01, 1))))
    scalar = {
        "s_abs": lambda a, b: s_score(a, b),
        "s_sq": lambda a, b: s_score(a, b, distance="squared"),
        "s_wabs": lambda a, b: s_score(a, b, weights=w),
        "s_wsq": lambda a, b: s_score(a, b, weights=w, distance="squared"),
        "tau_b": tau_b,
        "kappa": cohen_kappa,
        "pi": scott_pi,
        "pi_sq": lambda a, b: scott_pi(a, b, weights="quadratic"),
        "alignment": alignment_index,
    }
    n = p.shape[0]
    for name in MEASURES:
        mat = similarity_matrix(p, name, weights=w if name.startswith("s_w") else None)
        ref = np.array([[scalar[name](p[i], p[j]) for j in range(n)] for i in range(n)])
        np.testing.assert_allclose(mat, ref, atol=1e-12, equal_nan=True, err_msg=name)


@settings(max_examples=60, deadline=None)
@given(portfolio, st.sampled_from([1e-7, 1.0, 1e5]), st.sampled_from([0.0, 1e6]), st.booleans())
def test_matrix_form_equals_scalar_form_in_any_units(
    p: np.ndarray, c: float, d: float, constant_row: bool
) -> None:
    """Review 14 F3: the matrix form equals the scalar functions for a rescaled and shifted
    coding ``x * c + d`` (c in {1e-7, 1, 1e5}, d in {0, 1e6}) to 1e-12, NaN where they are NaN.
    Raw moments ``E[x^2] - E[x]^2`` with an absolute zero cut gave NaN at 1e-7 and errors of
    1e-4 at + 1e6. S, kappa and pi are invariant to an affine change of the coding
    [signorino1999]; [hage2011]."""
    p = p.astype(float)
    if constant_row:
        p[0] = p[0, 0]
    q = p * c + d
    scalar = {
        "s_abs": lambda a, b: s_score(a, b),
        "s_sq": lambda a, b: s_score(a, b, distance="squared"),
        "kappa": cohen_kappa,
        "pi_sq": lambda a, b: scott_pi(a, b, weights="quadratic"),
    }
    n = q.shape[0]
    for name, f in scalar.items():
        mat = similarity_matrix(q, name)
        ref = np.array([[f(q[i], q[j]) for j in range(n)] for i in range(n)])
        np.testing.assert_allclose(mat, ref, atol=1e-12, equal_nan=True, err_msg=name)


def test_kappa_of_a_small_scale_coding_is_a_number() -> None:
    """The reviewer's repro (review 14 F3): values of order 1e-7 gave NaN in the matrix form
    (absolute cut 1e-12 on the chance disagreement) where the scalar form gives 0.8."""
    x = np.array([0, 1, 2, 3.0])
    y = np.array([0, 1, 3, 2.0])
    p = np.vstack([x, y]) * 1e-7
    assert cohen_kappa(x * 1e-7, y * 1e-7) == pytest.approx(0.8, abs=1e-12)
    assert similarity_matrix(p, "kappa")[0, 1] == pytest.approx(0.8, abs=1e-12)
    assert similarity_matrix(p, "pi_sq")[0, 1] == pytest.approx(scott_pi(x, y, "quadratic"))
    shifted = similarity_matrix(np.vstack([x, y]) + 1e6, "kappa")[0, 1]
    assert shifted == pytest.approx(0.8, abs=1e-9)
    # a constant coding is still undefined at any size (no chance disagreement)
    assert np.isnan(similarity_matrix(np.full((2, 5), 1e6 + 0.1), "kappa")[0, 1])
    assert np.isnan(cohen_kappa(np.full(5, 1e6 + 0.1), np.full(5, 1e6 + 0.1)))


@settings(max_examples=80, deadline=None)
@given(
    arrays(np.int64, st.integers(3, 30), elements=st.integers(0, 3)),
    arrays(np.int64, st.integers(3, 30), elements=st.integers(0, 3)),
)
def test_properties(x: np.ndarray, y: np.ndarray) -> None:
    """S and the chance-corrected indices: symmetric, S in [-1, 1], identical -> 1; tau-b equals
    scipy's Kendall tau-b."""
    k = min(x.size, y.size)
    x, y = x[:k].astype(float), y[:k].astype(float)
    for f in (s_score, tau_b, cohen_kappa, scott_pi, alignment_index):
        a, b = f(x, y), f(y, x)
        assert (np.isnan(a) and np.isnan(b)) or a == pytest.approx(b, abs=1e-12)
    assert -1 - 1e-12 <= s_score(x, y) <= 1 + 1e-12
    assert s_score(x, x) == 1.0
    if np.ptp(x) > 0:
        assert cohen_kappa(x, x) == pytest.approx(1.0)
        assert scott_pi(x, x) == pytest.approx(1.0)
    ref = kendalltau(x, y).statistic
    got = tau_b(x, y)
    assert (np.isnan(ref) and np.isnan(got)) or got == pytest.approx(ref, abs=1e-12)


@pytest.fixture(scope="module")
def atop(shared_frame: Callable[[str, str], pd.DataFrame]) -> pd.DataFrame:
    return shared_frame("read_atop_dyad", "peacesciencer/atop_alliance.csv.gz")


def test_atop_2001_portfolios(shared_data: Path, atop: pd.DataFrame) -> None:
    """2001 ATOP portfolios [leeds2002] over the COW members: US-UK and US-Japan share a
    defense pact (3); the dyad-year table equals the scalar S on the portfolio rows."""
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    nmc = data.read_nmc(shared_data / "cow/NMC-60-abridged.csv")
    codes, mat = alliance_portfolios(atop, 2001, states)
    assert codes.size == 191  # COW members of 2001 (all appear in ATOP or the state list)
    i = {c: k for k, c in enumerate(codes)}
    assert mat[i[2], i[740]] == 3 and mat[i[2], i[200]] == 3 and mat[i[2], i[2]] == 3
    assert mat[i[2], i[710]] == 0
    table = similarity_dyad_years(atop, states, nmc, years=2001)
    assert len(table) == 191 * 190 // 2
    row = table[(table.ccode1 == 2) & (table.ccode2 == 740)].iloc[0]
    assert row["s_abs"] == pytest.approx(s_score(mat[i[2]], mat[i[740]]), abs=1e-12)
    assert row["kappa"] == pytest.approx(cohen_kappa(mat[i[2]], mat[i[740]]), abs=1e-12)
    # S of the U.S. with its ally the UK exceeds S with China
    us_uk = table[(table.ccode1 == 2) & (table.ccode2 == 200)]["s_abs"].iloc[0]
    us_chn = table[(table.ccode1 == 2) & (table.ccode2 == 710)]["s_abs"].iloc[0]
    assert us_uk > us_chn


def test_regional_scope_uses_home_regions(shared_data: Path, atop: pd.DataFrame) -> None:
    """Regional S [signorino1999, pp. 133-134] for two European states uses only
    European partners; it equals the scalar S on those columns."""
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    reg = similarity_dyad_years(atop, states, years=1914, scope="regional", measures=["s_abs"])
    codes, mat = alliance_portfolios(atop, 1914, states)
    eu = (codes >= 200) & (codes <= 399)
    i = {c: k for k, c in enumerate(codes)}
    got = reg[(reg.ccode1 == 255) & (reg.ccode2 == 365)]["s_abs"].iloc[0]
    assert got == pytest.approx(s_score(mat[i[255], eu], mat[i[365], eu]), abs=1e-12)


def test_regional_s_divides_by_the_scale_not_by_the_pair_span(
    shared_data: Path, atop: pd.DataFrame
) -> None:
    """[signorino1999]: S divides by d_max, the largest possible distance on the scale (3 for
    valued alliance portfolios), as does the alignment index of [benati2026] (fpsim's ``bcai``
    with ``levels = 0:3``). In Europe in 2007 ATOP gives every pair of European states at least a
    neutrality or non-aggression pact, so the regional portfolios of the United Kingdom and
    Russia span only 2-3; anpo divided by that span and gave S = -0.447 instead of 0.518 (7,060
    regional dyad-years 1816-2016 were affected; no global one, where every portfolio holds a
    0). The binary scale's range is 1."""
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    codes, mat = alliance_portfolios(atop, 2007, states)
    eu = (codes >= 200) & (codes <= 399)
    i = {c: k for k, c in enumerate(codes)}
    uk, rus = mat[i[200], eu], mat[i[365], eu]
    assert min(uk.min(), rus.min()) == 2 and max(uk.max(), rus.max()) == 3
    by_hand = 1 - 2 * float(np.abs(uk - rus).sum()) / (uk.size * 3)
    reg = similarity_dyad_years(
        atop, states, years=2007, scope="regional", measures=["s_abs", "s_sq", "alignment"]
    )
    row = reg[(reg.ccode1 == 200) & (reg.ccode2 == 365)].iloc[0]
    assert row["s_abs"] == pytest.approx(by_hand, abs=1e-12)
    assert round(row["s_abs"], 3) == 0.518 and round(s_score(uk, rus), 3) == -0.447
    assert row["s_sq"] == pytest.approx(s_score(uk, rus, distance="squared", dmax=3), abs=1e-12)
    assert row["alignment"] == pytest.approx(alignment_index(uk, rus, dmax=3), abs=1e-12)
    binary = similarity_dyad_years(
        atop, states, years=2007, scope="regional", scale="binary", measures=["s_abs"]
    )
    b_codes, b_mat = alliance_portfolios(atop, 2007, states, scale="binary")
    assert (b_codes == codes).all()
    got = binary[(binary.ccode1 == 200) & (binary.ccode2 == 365)]["s_abs"].iloc[0]
    assert got == pytest.approx(s_score(b_mat[i[200], eu], b_mat[i[365], eu], dmax=1), abs=1e-12)


def test_benchmark_baseline_compares_the_same_dyads(shared_data: Path, atop: pd.DataFrame) -> None:
    """benchmarks/relations_similarity.py's straightforward baseline scores the dyads anpo
    scores (the COW system members of the year) and agrees on every measure, 1914: the
    benchmark asserts this and stopped with an AssertionError after the portfolios were
    restricted to system members (its baseline still added ATOP's non-members)."""
    import sys

    from anpo.relations import cinc, state_years

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import relations_similarity as bench
    finally:
        sys.path.pop(0)
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    nmc = data.read_nmc(shared_data / "cow/NMC-60-abridged.csv")
    year = 1914
    members = state_years(states, years=year)["ccode"].to_numpy()
    nmc = nmc.assign(cinc=cinc(nmc).to_numpy())
    weights = nmc[nmc["year"] == year].set_index("ccode")["cinc"]
    base = bench.baseline_year(atop, members, year, weights)
    ours = similarity_dyad_years(atop, states, nmc, years=year)
    both = ours.merge(base, on=["ccode1", "ccode2", "year"], suffixes=("", "_base"))
    assert len(both) == len(base) == len(ours)
    for m in DEFAULT_MEASURES:
        np.testing.assert_allclose(both[m], both[f"{m}_base"], atol=1e-12, equal_nan=True)


def test_similarity_scores_the_dyads_of_anpo_dyads(shared_data: Path, atop: pd.DataFrame) -> None:
    """The dyads scored are ``dyad_years``' (``anpo dyads``): none of peacesciencer's false
    dyads ([miller2022], ``false_cow_dyads``: 30 pairs over 1816-2016, e.g. Austria-Hungary and
    Hungary in 1918, Modena and China in 1860) is scored, in either scope or direction; both states stay dimensions of the year's portfolios, so the
    other dyads' scores are unchanged."""
    from anpo.relations import dyad_years

    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    false = pd.read_csv(shared_data / "peacesciencer/false_cow_dyads.csv")
    false = false.astype({"ccode1": "int64", "ccode2": "int64", "year": "int64"})
    years = sorted(false["year"].unique())
    keys = ["ccode1", "ccode2", "year"]
    table = similarity_dyad_years(atop, states, years=years, measures=["s_abs"])
    assert table.attrs["false_dyads_removed"] == len(false) // 2 == 30
    assert table.merge(false, on=keys).empty
    dyads = dyad_years(states, directed=False, years=years)
    pd.testing.assert_frame_equal(
        table[keys].sort_values(keys).reset_index(drop=True),
        dyads.sort_values(keys).reset_index(drop=True),
        check_dtype=False,
    )
    for scope, directed in (("regional", False), ("global", True)):
        t = similarity_dyad_years(
            atop, states, years=[1918, 1860], measures=["s_abs"], scope=scope, directed=directed
        )
        assert t.merge(false, on=keys).empty, (scope, directed)
    # 300 and 310 are both dimensions of 1918: Austria-Hungary's own S with Germany is scored
    codes, mat = alliance_portfolios(atop, 1918, states)
    assert {300, 310} <= set(codes.tolist())
    i = {c: k for k, c in enumerate(codes)}
    row = table[(table.ccode1 == 255) & (table.ccode2 == 300) & (table.year == 1918)]
    assert row["s_abs"].iloc[0] == pytest.approx(s_score(mat[i[255]], mat[i[300]]), abs=1e-12)


def test_dmax_below_the_values_range_is_refused() -> None:
    """``dmax`` is the largest possible distance [signorino1999]; one below the distance seen
    put S outside [-1, 1] (S = -3 for values 0-3 with ``dmax=1``, -inf for a tiny dmax)."""
    x, y = [3, 1, 0], [0, 1, 3]
    for call in (
        lambda: s_score(x, y, dmax=1),
        lambda: s_score(x, y, dmax=1e-320),
        lambda: alignment_index(x, y, dmax=1),
        lambda: similarity_matrix(np.array([x, y], dtype=float), dmax=1),
        lambda: s_score(x, y, dmax="3"),  # numpy's TypeError from isfinite
        lambda: s_score(x, y, dmax=[3, 3]),  # 'truth value of an array is ambiguous'
    ):
        with pytest.raises(InputError) as err:
            call()
        assert err.value.field == "dmax"
    # at or above the range it is taken as given
    assert s_score(x, y, dmax=3) == pytest.approx(-1 / 3)
    assert s_score(x, y, dmax=6) == pytest.approx(1 / 3)


@pytest.mark.parametrize("measure", [s_score, tau_b, cohen_kappa, scott_pi, alignment_index])
@pytest.mark.parametrize("where", ["x", "y"])
def test_an_infinite_tie_value_is_refused_by_name(measure, where):
    """An infinity in a portfolio was taken: S, kappa and the alignment index came out NaN,
    tau-b and pi as numbers (infinity read as one more level). NaN stays a missing value."""
    good, bad = [3.0, 0, 0, 1, 0, 3], [3.0, np.inf, 0, 1, 0, 3]
    args = (bad, good) if where == "x" else (good, bad)
    with pytest.raises(InputError) as err:
        measure(*args)
    assert err.value.field == where
    assert measure([3.0, np.nan, 0, 1, 0, 3], good) == measure([3.0, 0, 1, 0, 3], [3.0, 0, 1, 0, 3])


def test_the_matrix_form_refuses_infinities_and_text_by_name():
    """An infinity in the portfolios made every S and alignment index NaN (tau-b and pi
    numbers), an infinite weight every weighted S NaN, text numpy's bare 'could not
    convert'."""
    p = np.array([[3.0, 1, 0], [1, 3, 2], [0, 2, np.inf]])
    for measure in ("s_abs", "tau_b", "alignment"):
        with pytest.raises(InputError) as err:
            similarity_matrix(p, measure)
        assert err.value.field == "portfolios"
    with pytest.raises(InputError) as err:
        similarity_matrix(np.eye(3), "s_wabs", weights=[1.0, np.inf, 1.0])
    assert err.value.field == "weights"
    with pytest.raises(InputError) as err:
        similarity_matrix([["a", "b"], ["c", "d"]])
    assert err.value.field == "portfolios"


@pytest.mark.parametrize("measure", [m for m in MEASURES if not m.startswith("s_w")])
def test_weights_with_an_unweighted_measure_are_refused_by_name(measure: str) -> None:
    """Weights given with a measure that takes none were ignored silently:
    ``similarity_matrix(p, "kappa", weights="linear")`` was the quadratic kappa, and
    ``weights=[1, 2, 3, 4]`` with s_abs the unweighted S. Now an InputError naming weights and
    the measure; the weighted measures still take them."""
    p = np.array([[1.0, 0, 1, 2], [1, 1, 0, 2]])
    for weights in ([1.0, 2, 3, 4], "linear"):
        with pytest.raises(InputError) as info:
            similarity_matrix(p, measure, weights=weights)
        assert info.value.field == "weights"
        assert repr(measure) in info.value.message
    assert similarity_matrix(p, "s_wabs", weights=[1.0, 1, 1, 1])[0, 1] == pytest.approx(
        similarity_matrix(p, "s_abs")[0, 1]
    )


def test_a_list_of_names_given_as_one_text_is_refused_as_text() -> None:
    """review12 F-F: one text where anpo.relations takes a list of names was iterated character
    by character, and the error quoted characters the user never wrote:
    ``similarity_dyad_years(..., measures="s_abs")`` said "unknown measures ['s', '_', 'a',
    'b', 's']", ``add_democracy(..., measures="polity2")`` "democracy table lacks ['p', ...]",
    ``build_dyad_years(..., add="alliances")`` "unknown join 'a'". The text is refused as text,
    as ``years="2001"`` is, before any table is read (none is given here)."""
    from anpo.relations.build import build_dyad_years
    from anpo.relations.dyads import add_democracy

    empty = pd.DataFrame()
    with pytest.raises(
        InputError, match=r"must be a list \(e.g. \['s_abs'\]\), got the text 's_abs'"
    ) as e:
        similarity_dyad_years(empty, measures="s_abs")
    assert e.value.field == "measures"
    frame = pd.DataFrame({"ccode": [2], "year": [2001]})
    democracy = pd.DataFrame({"ccode": [2], "year": [2001], "polity2": [10]})
    with pytest.raises(InputError, match="got the text 'polity2'") as e:
        add_democracy(frame, democracy, measures="polity2")
    assert e.value.field == "measures"
    assert add_democracy(frame, democracy, measures=["polity2"])["polity2"].tolist() == [10]
    with pytest.raises(InputError, match="got the text 'alliances'") as e:
        build_dyad_years({}, add="alliances")
    assert e.value.field == "add"


@settings(max_examples=80, deadline=None)
@given(
    arrays(np.float64, 12, elements=st.floats(0.0, 4.0)),
    arrays(np.float64, 12, elements=st.floats(0.0, 4.0)),
)
def test_linear_kappa_and_pi_do_not_depend_on_a_shift_of_the_coding(x, y) -> None:
    """mend16b: linear-weight kappa and pi (``|x - y|``, [cohen1968]; [hage2011]) read the
    chance disagreement from ``a * k - prefix[k]`` of the raw codings, which cancelled the
    leading digits of codings shifted by 1e6 (kappa off by 1.4e-11 on 40 random values); the
    quadratic path already shifted them by their common minimum, and the linear one now does.
    Kappa and pi are invariant to a shift of the coding, so the codings shifted by 0 and by 1e6
    give the same value to 1e-12 (the codings are taken as ``(v + 1e6) - 1e6``, so that both
    are the same numbers exactly, 1e6 apart)."""
    x0, y0 = (x + 1e6) - 1e6, (y + 1e6) - 1e6
    # a spread above the zero cut of either size (rounding relative to 1e6 is ~1e-9 here)
    assume(np.ptp(np.concatenate([x0, y0])) > 1e-3)
    for f in (cohen_kappa, scott_pi):
        plain, shifted = f(x0, y0, "linear"), f(x0 + 1e6, y0 + 1e6, "linear")
        np.testing.assert_allclose(shifted, plain, rtol=0, atol=1e-12, equal_nan=True)


def test_linear_kappa_of_a_shifted_coding_reviewers_case() -> None:
    """The case above on 40 values drawn with seed 3: main gave 0.43402341193133 and, shifted
    by 1e6, 0.43402341191706 (1.4e-11 apart); pi 3.3e-12 apart."""
    rng = np.random.default_rng(3)
    x = rng.random(40)
    y = 0.5 * x + 0.5 * rng.random(40)
    x0, y0 = (x + 1e6) - 1e6, (y + 1e6) - 1e6
    for f in (cohen_kappa, scott_pi):
        assert abs(f(x0 + 1e6, y0 + 1e6, "linear") - f(x0, y0, "linear")) <= 1e-12


def _ties(**flags: list[float]) -> pd.DataFrame:
    """An ATOP dyad-year frame of one row per tie, from the obligation flags given (the others
    0); the keys are dummies, as :func:`alliance_values` reads the flags only."""
    names = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")
    n = len(next(iter(flags.values())))
    cols = {f"atop_{k}": pd.array(v, dtype="Int64") for k, v in flags.items()}
    frame = pd.DataFrame({"ccode1": range(n), "ccode2": range(1, n + 1), "year": [2001] * n})
    for name in names:
        frame[name] = cols.get(name, pd.array([0] * n, dtype="Int64"))
    return frame


def test_the_two_rankings_of_atop_obligations() -> None:
    """The valued scale's two rankings of ATOP's obligations [leeds2002]. anpo's (the default;
    module docstring of :mod:`anpo.relations.portfolios`): 3 defense or offense, 2 neutrality or
    non-aggression, 1 consultation only. fpsim's [miller-fpsim2025] (``1-fpsim-alliances.R``,
    "Chiba et al. (2022)"): 3 defense and/or offense, 2 neutrality and/or consultation, 1
    non-aggression only. A consultation-only tie and a non-aggression-only tie swap levels; a
    tie holding both is 2 under either; the binary scale is the same under both; an unknown
    obligation blanks a value only where it could raise it under the ranking in use."""
    from anpo.relations.portfolios import RANKINGS, alliance_values

    ties = _ties(
        consul=[1, 0, 0, 0, 0, 1, 0],
        nonagg=[0, 1, 0, 0, 0, 1, 0],
        neutral=[0, 0, 1, 0, 0, 0, 0],
        offense=[0, 0, 0, 1, 0, 0, 0],
        defense=[0, 0, 0, 0, 1, 1, 0],
    )
    np.testing.assert_array_equal(alliance_values(ties), [1, 2, 2, 3, 3, 3, 0])
    np.testing.assert_array_equal(alliance_values(ties, ranking="anpo"), [1, 2, 2, 3, 3, 3, 0])
    np.testing.assert_array_equal(alliance_values(ties, ranking="fpsim"), [2, 1, 2, 3, 3, 3, 0])
    both = _ties(consul=[1], nonagg=[1])
    assert alliance_values(both, ranking="anpo")[0] == alliance_values(both, ranking="fpsim")[0]
    assert alliance_values(both, ranking="fpsim")[0] == 2
    for ranking in RANKINGS:
        np.testing.assert_array_equal(
            alliance_values(ties, "binary", ranking=ranking), [1, 1, 1, 1, 1, 1, 0]
        )
    # consultation known, non-aggression unknown: anpo's 1 could be 2 (unknown), fpsim's 2 stays
    unknown = _ties(consul=[1], nonagg=[None])
    assert np.isnan(alliance_values(unknown, ranking="anpo")[0])
    assert alliance_values(unknown, ranking="fpsim")[0] == 2
    with pytest.raises(InputError, match="ranking must be one of 'anpo', 'fpsim'") as exc:
        alliance_values(ties, ranking="chiba")  # type: ignore[arg-type]
    assert exc.value.field == "ranking"


def test_fpsim_ranking_us_japan_2001(shared_data: Path, atop: pd.DataFrame) -> None:
    """Reference: U.S.-Japan 2001, global, valued portfolios over the 191 COW members, on the
    FPSIM data's ranking of ATOP's obligations [miller-fpsim2025] (fpsim's ``ordatop``: 3
    defense or offense, 2 neutrality or consultation, 1 non-aggression only, the self-tie 3).
    The acceptance review review18 (F1) computed S (absolute, unweighted) 0.2705, kappa 0.0258,
    pi -0.2007 and alignment 0.0145 from peacesciencer's ``atop_alliance`` file; here the S is
    recomputed by hand from the file's raw flags with fpsim's ``case_when``, and anpo's default
    ranking still gives the report's 0.1518."""
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    raw = pd.read_csv(shared_data / "peacesciencer/atop_alliance.csv.gz")
    raw = raw[raw["year"] == 2001]
    members = states[(states["styear"] <= 2001) & (states["endyear"] >= 2001)]["ccode"].unique()
    members = np.sort(members.astype("int64"))
    assert members.size == 191

    def ordatop(r: pd.Series) -> int:  # fpsim's case_when, in its order
        if r["atop_defense"] == 1 or r["atop_offense"] == 1:
            return 3
        if r["atop_neutral"] == 1 or r["atop_consul"] == 1:
            return 2
        return 1 if r["atop_nonagg"] == 1 else 0

    def row(state: int) -> np.ndarray:
        out = pd.Series(0.0, index=members)
        out[state] = 3.0
        ties = raw[(raw["ccode1"] == state) & raw["ccode2"].isin(members)]
        for _, r in ties.iterrows():
            out[int(r["ccode2"])] = ordatop(r)
        return out.to_numpy()

    us, japan = row(2), row(740)
    by_hand = 1 - 2 * float(np.abs(us - japan).sum()) / (members.size * 3)
    assert round(by_hand, 4) == 0.2705
    measures = ["s_abs", "kappa", "pi", "alignment"]
    table = similarity_dyad_years(atop, states, years=2001, measures=measures, ranking="fpsim")
    assert table.attrs["ranking"] == "fpsim"
    got = table[(table.ccode1 == 2) & (table.ccode2 == 740)].iloc[0]
    assert got["s_abs"] == pytest.approx(by_hand, abs=1e-12)
    assert [round(float(got[m]), 4) for m in measures] == [0.2705, 0.0258, -0.2007, 0.0145]
    assert got["kappa"] == pytest.approx(cohen_kappa(us, japan), abs=1e-12)
    codes, mat = alliance_portfolios(atop, 2001, states, ranking="fpsim")
    assert (codes == members).all()
    i = {c: k for k, c in enumerate(codes)}
    np.testing.assert_array_equal(mat[i[2]], us)
    np.testing.assert_array_equal(mat[i[740]], japan)
    default = similarity_dyad_years(atop, states, years=2001, measures=["s_abs"])
    assert default.attrs["ranking"] == "anpo"
    assert round(default[(default.ccode1 == 2) & (default.ccode2 == 740)]["s_abs"].iloc[0], 4) == (
        0.1518
    )


def test_regional_s_of_two_allies_can_be_strongly_negative_us_canada_2001(
    shared_data: Path, shared_frame: Callable[[str, str], pd.DataFrame]
) -> None:
    """Reference: regional S [signorino1999, pp. 133-134: S = 1 - 2 * sum_k w_k |x_k - y_k| /
    (d_max * sum_k w_k), the dimensions the states of the pair's home region] for the United
    States (COW 2) and Canada (20) in 2001 is -0.829 although the two are NATO allies with a
    defense tie (3) in ATOP [leeds2002]. Recomputed here from the raw files (peacesciencer's
    ``atop_alliance``, COW ``states2016.csv``, NMC 7.0 ``cow_nmc.csv``) without anpo's code: the
    Americas hold 35 COW members in 2001 (codes 2-165); ATOP gives the U.S. a defense tie with
    every one of them but Cuba (not only the Rio Treaty's parties: Belize and Guyana, never in
    Rio, have ties from 1991, the year they entered the OAS), while Canada's only tie in the
    region is the U.S. The pair agrees on 3 dimensions (the U.S., Canada, Cuba)
    and differs by the whole scale on 32: S = 1 - 2 * 32/35 = -0.829, on either scale (valued or
    binary) and with either distance, as every tie is a defense pact. Weighted by CINC the pair
    reads 0.378, because the U.S. holds 63% of the region's capabilities. U.S.-Mexico (Mexico
    was still in Rio in 2001 and ATOP keeps its tie with the U.S. through 2018) differ only on
    Canada: 1 - 2/35 = 0.943; Canada-Mexico differ on 33: -0.886."""
    raw_states = pd.read_csv(shared_data / "cow/states2016.csv")
    alive = raw_states[(raw_states["styear"] <= 2001) & (raw_states["endyear"] >= 2001)]
    americas = np.sort(alive["ccode"][alive["ccode"].between(2, 165)].unique().astype("int64"))
    raw = pd.read_csv(shared_data / "peacesciencer/atop_alliance.csv.gz")
    raw = raw[raw["year"] == 2001]
    nmc = pd.read_csv(shared_data / "peacesciencer/cow_nmc.csv")
    nmc = nmc[nmc["year"] == 2001].set_index(nmc[nmc["year"] == 2001]["ccode"].astype("int64"))
    parts = nmc[["milex", "milper", "irst", "pec", "tpop", "upop"]].where(lambda f: f >= 0)
    cinc = (parts / parts.sum()).mean(axis=1)  # CINC: the mean of the available shares

    def row(state: int) -> pd.Series:  # valued scale, the self-tie at the top (3)
        out = pd.Series(0.0, index=americas)
        out[state] = 3.0
        ties = raw[(raw["ccode1"] == state) & raw["ccode2"].isin(americas)]
        for _, r in ties.iterrows():
            if r["atop_defense"] == 1 or r["atop_offense"] == 1:
                out[int(r["ccode2"])] = 3.0
            elif r["atop_neutral"] == 1 or r["atop_nonagg"] == 1:
                out[int(r["ccode2"])] = 2.0
            elif r["atop_consul"] == 1:
                out[int(r["ccode2"])] = 1.0
        return out

    def s(x: pd.Series, y: pd.Series, w: pd.Series) -> float:
        return 1 - 2 * float((w * (x - y).abs()).sum()) / (3 * float(w.sum()))

    one = pd.Series(1.0, index=americas)
    weights = cinc.reindex(americas).fillna(0.0)
    us, canada, mexico = row(2), row(20), row(70)
    assert americas.size == 35
    differ = set(americas[(us != canada).to_numpy()].tolist())
    assert differ == set(americas.tolist()) - {2, 20, 40}  # all but the pair and Cuba
    assert (us[list(differ)] == 3).all() and (canada[list(differ)] == 0).all()
    by_hand = {
        (2, 20): (s(us, canada, one), s(us, canada, weights)),
        (2, 70): (s(us, mexico, one), s(us, mexico, weights)),
        (20, 70): (s(canada, mexico, one), s(canada, mexico, weights)),
    }
    assert [round(v[0], 3) for v in by_hand.values()] == [-0.829, 0.943, -0.886]
    assert round(by_hand[(2, 20)][1], 3) == 0.378
    atop = shared_frame("read_atop_dyad", "peacesciencer/atop_alliance.csv.gz")
    states = shared_frame("read_cow_states", "cow/states2016.csv")
    capabilities = shared_frame("read_nmc", "peacesciencer/cow_nmc.csv")
    for scale in ("valued", "binary"):
        table = similarity_dyad_years(
            atop,
            states,
            capabilities,
            years=2001,
            scope="regional",
            scale=scale,  # type: ignore[arg-type]
            measures=["s_abs", "s_sq", "s_wabs", "s_wsq"],
        )
        for (a, b), (plain, weighted) in by_hand.items():
            got = table[(table.ccode1 == a) & (table.ccode2 == b)].iloc[0]
            assert got["s_abs"] == pytest.approx(plain, abs=1e-12), (scale, a, b)
            assert got["s_sq"] == pytest.approx(plain, abs=1e-12), (scale, a, b)
            assert got["s_wabs"] == pytest.approx(weighted, abs=1e-9), (scale, a, b)
            assert got["s_wsq"] == pytest.approx(weighted, abs=1e-9), (scale, a, b)


@pytest.mark.parametrize("name", ["s_score", "tau_b", "cohen_kappa", "scott_pi"])
@pytest.mark.parametrize("which", ["x", "y"])
def test_a_table_is_no_portfolio(name: str, which: str) -> None:
    """audit30: s_score, tau_b, kappa and pi took 2-D arrays and flattened them row after row
    into one portfolio; a portfolio is one vector (one value per state), and a table is an
    InputError naming the argument."""
    from anpo.errors import InputError
    from anpo.relations import similarity

    f = getattr(similarity, name)
    table = np.array([[1.0, 2.0], [2.0, 1.0]])
    vector = table.ravel()
    args = {"x": vector, "y": vector, which: table}
    with pytest.raises(InputError, match=r"one vector .* shape \(2, 2\)") as err:
        f(args["x"], args["y"])
    assert err.value.field == which
    assert math.isfinite(f(vector, vector[::-1]))


def test_the_matrix_form_refuses_one_measure_given_as_text() -> None:
    """audit33 item 8: ``similarity_matrices(P, "s_abs")`` iterated the text and said "unknown
    measure 's'" (a letter the user never wrote as a measure); the text is refused as text,
    naming ``measures``, as ``similarity_dyad_years`` refuses it. A list of one is the answer
    of ``similarity_matrix``."""
    from anpo.relations import similarity_matrices

    p = np.array([[0.0, 1.0, 2.0], [2.0, 1.0, 0.0], [1.0, 1.0, 1.0]])
    with pytest.raises(InputError, match=r"got the text 's_abs'") as e:
        similarity_matrices(p, "s_abs")
    assert e.value.field == "measures"
    np.testing.assert_array_equal(
        similarity_matrices(p, ["s_abs"])["s_abs"], similarity_matrix(p, "s_abs")
    )


@pytest.mark.parametrize("name", ["s_score", "tau_b", "cohen_kappa", "scott_pi", "alignment_index"])
@pytest.mark.parametrize("which", ["x", "y"])
def test_none_is_no_portfolio(name: str, which: str) -> None:
    """audit33 item 8: ``s_score(None, None)`` returned NaN, the answer for two portfolios
    without a complete pair, as if None were a missing value; it is no portfolio, an
    InputError naming the argument."""
    from anpo.relations import similarity

    f = getattr(similarity, name)
    args: dict[str, object] = {"x": [0.0, 1.0, 2.0], "y": [2.0, 1.0, 0.0], which: None}
    with pytest.raises(InputError, match="got None") as err:
        f(args["x"], args["y"])
    assert err.value.field == which


def test_an_unknown_or_unusable_measure_names_the_argument_measures():
    """rel34 left: similarity_matrices' argument is ``measures`` (a list), but an unknown name,
    or a measure that cannot take more than 64 distinct values, was reported as field
    ``measure``; the error names the argument the caller wrote."""
    import numpy as np

    from anpo.errors import InputError
    from anpo.relations.similarity import similarity_matrices

    p = np.array([[0.0, 1.0, 3.0], [1.0, 1.0, 0.0]])
    with pytest.raises(InputError) as unknown:
        similarity_matrices(p, ["s_abs", "nonsense"])
    assert unknown.value.field == "measures"
    many = np.arange(2 * 70, dtype=float).reshape(2, 70)
    with pytest.raises(InputError) as too_many:
        similarity_matrices(many, ["tau_b"])
    assert too_many.value.field == "measures"

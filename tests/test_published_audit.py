"""Published numbers anpo had not been checked against (the published-values audit).

Each test takes the inputs a publication states, computes its printed result through anpo's public
API and names the source, the place in it and the printed value. Where the printed value does not
follow from the source's own inputs, the test pins anpo's value and says why the two differ; the
README's "Published values" section lists every check with its verdict.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import anpo.cli
from anpo.burden.stats import exploitation_test, p_value_from_r, spearman_rho
from anpo.deterrence.defense import (
    decoy_engagement,
    engagement,
    inventory_engagement,
    kill_probability,
    shoot_look_shoot,
    shots_required,
)
from anpo.errors import InputError
from anpo.relations.similarity import cohen_kappa, scott_pi

# ----------------------------------------------------------------------------- relations

#: [cohen1960], the worked example (two judges, 200 items, three categories): the table of
#: proportions .44 .07 .09 / .05 .20 .05 / .01 .03 .06, as counts.
COHEN_1960_COUNTS = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]


def _pairs(table: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """The item-level codes of a contingency table (row category, column category)."""
    t = np.asarray(table)
    rows, cols = np.indices(t.shape)
    return np.repeat(rows.ravel(), t.ravel()), np.repeat(cols.ravel(), t.ravel())


def test_cohen_1960_worked_example_kappa() -> None:
    """[cohen1960], "A Coefficient of Agreement for Nominal Scales", Educational and
    Psychological Measurement 20(1), the worked example: p_o = .70, p_c = .41, kappa = .49
    (printed .492; the same table and value are in the R package psych's ``cohen.kappa`` help,
    "cohen reports .492"). anpo's nominal kappa, fed the 200 coded items, gives 0.4915."""
    a, b = _pairs(COHEN_1960_COUNTS)
    assert a.size == 200
    p_o = float(np.mean(a == b))
    p_c = sum(float(np.mean(a == c) * np.mean(b == c)) for c in range(3))
    assert (p_o, round(p_c, 12)) == (0.70, 0.41)
    kappa = cohen_kappa(a, b, weights="nominal")
    assert kappa == pytest.approx((0.70 - 0.41) / (1 - 0.41), rel=1e-12)
    assert round(kappa, 3) == 0.492
    # the same with the judges swapped (kappa is symmetric) and with None for "nominal"
    assert cohen_kappa(b, a, weights=None) == pytest.approx(kappa, rel=1e-12)
    # Scott's pi pools the two judges' marginals (.55, .30, .15): chance .415, so it is
    # lower than kappa, as it must be when the marginals differ ([scott1955])
    assert scott_pi(a, b) == pytest.approx((0.70 - 0.415) / (1 - 0.415), rel=1e-12)
    assert scott_pi(a, b) < kappa


#: [signorino1999], Table 6: Germany's and Russia's 1914 alliance portfolios over 20 European
#: states (0 none, 1 entente, 2 neutrality, 3 defense pact) and the states' capability shares
SR_GMY = [3, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]
SR_RUS = [0, 3, 1, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
SR_SYSCAP = [.25, .21, .20, .08, .08, .05, .03, .03, .02, .01, .01, .01, .01, .01, 0, 0, 0, 0, 0, 0]  # fmt: skip


def test_signorino_ritter_1914_with_fpsims_documented_outputs() -> None:
    """[signorino1999] Table 6's vectors through the measures of the R package fpsim
    ([miller2026]), whose reference pages print, for ``gmyrus14`` (the same vectors) with
    ``levels = 0:3``: ``cohenk`` (quadratic kappa) -0.07758621, ``spi`` (Scott's pi)
    -0.04477612, ``bcai`` (the alignment index of [benati2026]) -0.04, ``taub`` 0.03031695 and
    ``srs(..., weights = syscap)`` -0.46, the weighted S with which the package's author
    reproduces "the second part of [Signorino and Ritter's] Table 6" (tau-b: almost no
    association; unweighted S: some similarity; weighted by capabilities: dissimilarity)."""
    from anpo.relations import report
    from anpo.relations.similarity import alignment_index, s_score, tau_b

    assert (report.SR1914_GMY, report.SR1914_RUS) == (SR_GMY, SR_RUS)
    assert cohen_kappa(SR_GMY, SR_RUS) == pytest.approx(-0.07758621, abs=5e-9)
    assert scott_pi(SR_GMY, SR_RUS) == pytest.approx(-0.04477612, abs=5e-9)
    assert alignment_index(SR_GMY, SR_RUS) == pytest.approx(-0.04, abs=1e-12)
    assert tau_b(SR_GMY, SR_RUS) == pytest.approx(0.03031695, abs=5e-9)
    assert s_score(SR_GMY, SR_RUS) == pytest.approx(0.4, abs=1e-12)
    assert s_score(SR_GMY, SR_RUS, weights=SR_SYSCAP) == pytest.approx(-0.46, abs=1e-12)


def _by_hand_1914() -> dict[str, Fraction]:
    """Every chance-corrected measure of Table 6's vectors from the formulas of [hage2011],
    [cohen1968], [scott1955] and [benati2026] in exact arithmetic, from the 20 paired codes and
    the capability shares alone (nothing here calls anpo)."""
    pairs = list(zip(SR_GMY, SR_RUS, strict=True))
    n = Fraction(len(pairs))
    shares = [Fraction(str(w)) for w in SR_SYSCAP]
    levels = sorted(set(SR_GMY) | set(SR_RUS))
    dmax = Fraction(3)  # the scale's top (0 none ... 3 defense pact): [signorino1999]'s d_max

    def share(values: list[int], c: int) -> Fraction:
        return Fraction(values.count(c), len(values))

    px = {c: share(SR_GMY, c) for c in levels}
    py = {c: share(SR_RUS, c) for c in levels}
    pooled = {c: (px[c] + py[c]) / 2 for c in levels}

    def observed(d: Callable[[int, int], Fraction]) -> Fraction:
        return sum((d(a, b) for a, b in pairs), Fraction(0)) / n

    def chance(
        d: Callable[[int, int], Fraction], p: dict[int, Fraction], q: dict[int, Fraction]
    ) -> Fraction:
        return sum((p[a] * q[b] * d(a, b) for a in levels for b in levels), Fraction(0))

    nominal: Callable[[int, int], Fraction] = lambda a, b: Fraction(int(a != b))  # noqa: E731
    linear: Callable[[int, int], Fraction] = lambda a, b: Fraction(abs(a - b))  # noqa: E731
    quadratic: Callable[[int, int], Fraction] = lambda a, b: Fraction((a - b) ** 2)  # noqa: E731
    out = {}
    for name, d in (("nominal", nominal), ("linear", linear), ("quadratic", quadratic)):
        out[f"kappa_{name}"] = 1 - observed(d) / chance(d, px, py)
        out[f"pi_{name}"] = 1 - observed(d) / chance(d, pooled, pooled)
    wsum = sum(shares, Fraction(0))
    out["s_wabs"] = 1 - 2 * sum(
        (w * abs(a - b) for w, (a, b) in zip(shares, pairs, strict=True)), Fraction(0)
    ) / (wsum * dmax)
    out["s_wsq"] = 1 - 2 * sum(
        (w * (a - b) ** 2 for w, (a, b) in zip(shares, pairs, strict=True)), Fraction(0)
    ) / (wsum * dmax**2)
    out["alignment"] = 2 * (chance(linear, px, py) - observed(linear)) / dmax
    return out


def test_signorino_ritter_1914_every_variant_by_hand() -> None:
    """[signorino1999] Table 6's vectors: each measure anpo offers, recomputed by hand in exact
    fractions from the published formulas, equals anpo's value through both public entry points
    (the scalar functions and ``similarity_matrix``). The fractions reproduce the printed values
    (fpsim's [miller2026] quadratic kappa -0.07758621 = -9/116, nominal pi -0.04477612 = -3/67,
    alignment index -0.04 = -1/25; Table 6's weighted S -0.46 = -23/50) and give the variants
    no source prints: weighted S with squared distances -157/450, Häge's quadratic pi -2/23,
    nominal kappa -1/34, linear kappa -1/14 and linear pi -7/83."""
    from anpo.relations.similarity import alignment_index, s_score, similarity_matrix

    hand = _by_hand_1914()
    assert (hand["kappa_quadratic"], hand["pi_nominal"], hand["alignment"], hand["s_wabs"]) == (
        Fraction(-9, 116), Fraction(-3, 67), Fraction(-1, 25), Fraction(-23, 50),
    )  # fmt: skip
    assert round(float(hand["kappa_quadratic"]), 8) == -0.07758621
    assert round(float(hand["pi_nominal"]), 8) == -0.04477612
    assert (hand["s_wsq"], hand["pi_quadratic"], hand["kappa_nominal"]) == (
        Fraction(-157, 450), Fraction(-2, 23), Fraction(-1, 34),
    )  # fmt: skip
    assert (hand["kappa_linear"], hand["pi_linear"]) == (Fraction(-1, 14), Fraction(-7, 83))
    ours = {
        "s_wabs": s_score(SR_GMY, SR_RUS, weights=SR_SYSCAP),
        "s_wsq": s_score(SR_GMY, SR_RUS, weights=SR_SYSCAP, distance="squared"),
        "alignment": alignment_index(SR_GMY, SR_RUS),
    }
    for name in ("nominal", "linear", "quadratic"):
        ours[f"kappa_{name}"] = cohen_kappa(SR_GMY, SR_RUS, weights=name)
        ours[f"pi_{name}"] = scott_pi(SR_GMY, SR_RUS, weights=name)
    for name, value in ours.items():
        assert value == pytest.approx(float(hand[name]), abs=1e-12), name
    matrix = {
        "s_wabs": "s_wabs", "s_wsq": "s_wsq", "kappa_quadratic": "kappa",
        "pi_nominal": "pi", "alignment": "alignment",
    }  # fmt: skip
    for name, measure in matrix.items():
        weights = SR_SYSCAP if measure.startswith("s_w") else None
        got = similarity_matrix([SR_GMY, SR_RUS], measure, weights=weights)[0, 1]
        assert got == pytest.approx(float(hand[name]), abs=1e-12), measure


def test_miller_2026_cinc_facts_from_nmc_v6(shared_data: Path) -> None:
    """[miller2026], fpsim's ``srs()`` documentation on weighting S by capabilities, and its
    author's post of 28 June 2026 on weighting alliance measures, state from NMC v6.0
    ([greig2021]): the top 3 states of 1816 (the United Kingdom, Russia and France) hold 61.8% of
    capabilities in a system of 23 states, and 11 of the 23 have less than 1%; the top three of
    2016 (China, the United States and India) hold 45% in a system of 195, and 176 of the 195
    have less than 1%; the highest CINC ever is the United States' in 1945, .384; the lowest,
    Tuvalu's in 2012, about 0.000000244; and "in 1860, all capabilities sum to over 1.07". anpo's
    CINC, recomputed from the six components, gives every one of them."""
    import anpo.data as data
    from anpo.relations import cinc

    nmc = data.read_nmc(shared_data / "cow/NMC-60-abridged.csv")
    nmc = nmc.assign(mine=cinc(nmc).to_numpy())

    def year(y: int) -> pd.DataFrame:
        return nmc[nmc["year"] == y].sort_values("mine", ascending=False)

    y1816, y2016 = year(1816), year(2016)
    assert (len(y1816), len(y2016)) == (23, 195)
    assert y1816["ccode"].head(3).tolist() == [200, 365, 220]  # UK, Russia, France
    assert round(y1816["mine"].head(3).sum(), 3) == 0.618
    assert int((y1816["mine"] < 0.01).sum()) == 11
    assert y2016["ccode"].head(3).tolist() == [710, 2, 750]  # China, USA, India
    assert round(y2016["mine"].head(3).sum(), 2) == 0.45
    assert int((y2016["mine"] < 0.01).sum()) == 176
    top, bottom = nmc.loc[nmc["mine"].idxmax()], nmc.loc[nmc["mine"].idxmin()]
    assert (int(top["ccode"]), int(top["year"]), round(top["mine"], 3)) == (2, 1945, 0.384)
    assert (int(bottom["ccode"]), int(bottom["year"])) == (947, 2012)  # Tuvalu
    assert bottom["mine"] == pytest.approx(2.44e-7, rel=5e-3)
    assert nmc.loc[nmc["year"] == 1860, "mine"].sum() > 1.07


#: [miller2021]: the first rows of the directed dyad-year tau-b table, the United States (2) with
#: each state of 1816 (COW alliance data v4.1 on the 0-3 scale, portfolios over COW members)
MILLER_2021_TAUB_1816 = {
    200: -0.124, 210: -0.0658, 220: -0.0455, 225: -0.0455, 230: -0.0658,
    235: -0.0658, 245: -0.156, 255: -0.187, 267: -0.156, 269: -0.156,
}  # fmt: skip


def test_miller_2021_tau_b_of_1816_over_system_members(
    shared_data: Path, shared_frame: Callable[[str, str], pd.DataFrame]
) -> None:
    """[miller2021], "How to Calculate Tau-b Using Alliance Data in R", prints the tau-b of the
    United States with ten states in 1816 ([buenodemesquita1975]'s measure; portfolios over the
    23 COW system members, each state allied with itself at 3). From ATOP, anpo's dyad-year table
    gives the same value, to the printed digits, for the eight states whose 1816 alliances ATOP
    and COW code alike.

    A MISMATCH that was anpo's: its portfolios also held every state in an ATOP alliance that was
    not a system member (in 1816 Hanover, 240, and Mecklenburg-Schwerin, 280), which gives other
    values (for Prussia -0.196, not -0.187); EUGene, peacesciencer and Häge's data compare system
    members only, and so does anpo now (``nonmembers=True`` keeps the old universe).

    Two differences are the data's: the published values come from the COW alliance data (v4.1),
    whose -0.124 for the United Kingdom needs five British partners in 1816 where ATOP codes
    three (consultation with Prussia, Austria and Russia), and which give Portugal a partner
    (-0.0658) where ATOP has none (-0.0455, as for France)."""
    import anpo.data as data
    from anpo.relations import similarity_dyad_years

    atop = shared_frame("read_atop_dyad", "peacesciencer/atop_alliance.csv.gz")
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    table = similarity_dyad_years(atop, states, years=1816, measures=["tau_b"])
    assert len(table) == 23 * 22 // 2  # the dyads of the 23 members, none with non-members
    us = table[table["ccode1"] == 2].set_index("ccode2")["tau_b"]
    for code, printed in MILLER_2021_TAUB_1816.items():
        digits = len(str(printed).split(".")[1])
        if code in (200, 235):
            assert round(us[code], digits) != printed, code  # COW and ATOP differ (above)
        else:
            assert round(us[code], digits) == printed, code
    assert round(us[200], 4) == -0.0978 and round(us[235], 4) == -0.0455
    # the old universe (members and every ATOP state) does not reproduce the published values
    wide = similarity_dyad_years(atop, states, years=1816, measures=["tau_b"], nonmembers=True)
    assert {240, 280} <= set(wide["ccode2"]) | set(wide["ccode1"])
    old = wide[wide["ccode1"] == 2].set_index("ccode2")["tau_b"]
    assert round(old[255], 3) == -0.196


def test_miller_2021_tau_b_table_holds_the_60_false_dyads(shared_data: Path) -> None:
    """[miller2021] prints the directed dyad-years 1816-2012 of ``create_dyadyears()`` as
    "1,760,970" rows and the tau-b table computed over them as "1,761,030": 60 more. They are
    the false dyads, two states that were both members in a year but never at the same time
    (peacesciencer's ``false_cow_dyads``): ``create_dyadyears()`` removes them, while the post's
    yearly loop pairs every state of the year (``expand()``) and scores them.

    anpo: ``dyad_years`` gives 1,760,970; ``false_dyads`` gives 60 directed dyad-years in those
    years (eight years; in 1945 Germany, 255, which left the system on 8 May, with the
    Netherlands, Belgium, Poland and Czechoslovakia, 210, 211, 290, 315, which rejoined it
    between 10 May and 28 June);
    ``similarity_dyad_years`` scores the dyads of ``dyad_years`` only and counts the false ones
    it left out (1945: 8)."""
    import anpo.data as data
    import anpo.relations as rel

    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    years = range(1816, 2013)
    assert len(rel.dyad_years(states, years=years)) == 1_760_970
    false = rel.false_dyads(states, years=years)
    assert len(false) == 1_761_030 - 1_760_970 == 60
    assert false.groupby("year").size().to_dict() == {
        1860: 6, 1918: 4, 1941: 4, 1945: 8, 1958: 2, 1964: 6, 1975: 14, 1990: 16,
    }  # fmt: skip
    atop = data.read_atop_dyad(shared_data / "peacesciencer/atop_alliance.csv.gz")
    table = rel.similarity_dyad_years(atop, states, years=1945, measures=["tau_b"], directed=True)
    assert len(table) == len(rel.dyad_years(states, years=1945))
    assert table.attrs["false_dyads_removed"] == 8
    pairs = set(zip(table["ccode1"], table["ccode2"], strict=True))
    false_1945 = false[false["year"] == 1945]
    false_pairs = set(zip(false_1945["ccode1"], false_1945["ccode2"], strict=True))
    assert false_pairs == {p for c in (210, 211, 290, 315) for p in ((c, 255), (255, c))}
    assert not pairs & false_pairs


#: [miller2025]'s vignette "Create Different Kinds of Data in {peacesciencer}" (v1.2.0, 2025,
#: data to 2024) and its 2021 version (v0.7.0, data to 2020): the rows each call prints
PEACESCIENCER_PRINTED = {
    "cow_state_years_2024": 17_511,
    "cow_state_years_2020": 16_731,
    "gw_state_years_2017": 17_767,
    "cow_dyad_years_2024": 2_214_930,
    "cow_dyad_years_2020": 2_063_610,
    "gw_dyad_years_2020": 2_029_622,
    "major_major_2024": 6_476,
    "any_major_2024": 205_114,
    "contiguous_1_to_5_2024": 81_060,
}


def _first_interval_contiguity(intervals: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """peacesciencer's interval contiguity file and its reading by ``add_contiguity()``: each
    directed dyad-year takes the type (column ``first``) of the interval that starts first in
    the year (``slice = "first"``), a "type 0" interval included."""
    spells = pd.read_csv(intervals, parse_dates=["stdate", "enddate"])
    start, end = spells["stdate"].dt.year.to_numpy(), spells["enddate"].dt.year.to_numpy()
    rep = np.repeat(np.arange(len(spells)), end - start + 1)
    first = (
        pd.DataFrame(
            {
                "ccode1": spells["ccode1"].to_numpy("int64")[rep],
                "ccode2": spells["ccode2"].to_numpy("int64")[rep],
                "year": np.concatenate(
                    [np.arange(a, b + 1) for a, b in zip(start, end, strict=True)]
                ),
                "first": spells["conttype"].to_numpy("int64")[rep],
                "start": spells["stdate"].to_numpy()[rep],
            }
        )
        .sort_values(["ccode1", "ccode2", "year", "start"])
        .drop_duplicates(["ccode1", "ccode2", "year"])
    )
    return spells, first


def test_peacesciencer_documented_row_counts(shared_data: Path) -> None:
    """[miller2025], the vignette "Create Different Kinds of Data in {peacesciencer}", prints the
    rows of each call. peacesciencer carries the last state list forward to the most recent year
    (``mry = TRUE``: COW's 2016 system to 2020 or 2024, Gleditsch-Ward's 2017 one to 2020) and
    COW's 2016 major powers with it; anpo stops at the data's last year, so the check adds the
    carried years back: COW state-years 1816-2016 15,951 + 8 x 195 = 17,511 (4 x 195: 16,731);
    directed COW dyad-years 1,912,290 + 8 x 195 x 194 = 2,214,930 (2,063,610 to 2020);
    Gleditsch-Ward state-years to 2017 17,767 and dyad-years 1,939,316 + 3 x 174 x 173 =
    2,029,622; both-major dyad-years 6,140 + 8 x 7 x 6 = 6,476, any-major 183,722 + 8 x 2,674 =
    205,114. Every count matches.

    A MISMATCH that is peacesciencer's: contiguity types 1-5 on its dyad-years, printed 81,060;
    anpo gives 82,440, from COW's directed yearly file and from peacesciencer's own interval file
    alike. The interval file holds 180 "conttype 0" intervals that overlap real contiguity (e.g.
    Tunisia-Turkey, 0 from 1825 beside 1 from 1835 to 1881), and ``add_contiguity()`` keeps the
    interval that starts first in the year (``slice = "first"``), so those 1,380 dyad-years read
    0. Taking the first interval of each year, as peacesciencer does, gives its 81,060."""
    import anpo.data as data
    import anpo.relations as rel

    printed = PEACESCIENCER_PRINTED
    cow = data.read_cow_states(shared_data / "cow/states2016.csv")
    gw = data.read_gw_states(shared_data / "peacesciencer/gw_states.csv")
    cow_sy, gw_sy = rel.state_years(cow), rel.state_years(gw)
    n_cow = int((cow_sy["year"] == 2016).sum())
    n_gw = int((gw_sy["year"] == 2017).sum())
    assert (n_cow, n_gw) == (195, 174)
    assert len(cow_sy) + 8 * n_cow == printed["cow_state_years_2024"]
    assert len(cow_sy) + 4 * n_cow == printed["cow_state_years_2020"]
    assert len(gw_sy) == printed["gw_state_years_2017"]
    dyads = rel.dyad_years(cow)
    pairs = n_cow * (n_cow - 1)
    assert len(dyads) + 8 * pairs == printed["cow_dyad_years_2024"]
    assert len(dyads) + 4 * pairs == printed["cow_dyad_years_2020"]
    assert len(rel.dyad_years(gw)) + 3 * n_gw * (n_gw - 1) == printed["gw_dyad_years_2020"]
    majors = rel.add_majors(dyads, data.read_cow_majors(shared_data / "cow/majors2016.csv"))
    m1, m2 = majors["major1"] == 1, majors["major2"] == 1
    n_major = int(majors.loc[majors["year"] == 2016, "major1"].eq(1).sum()) // (n_cow - 1)
    assert n_major == 7
    both = n_major * (n_major - 1)
    either = 2 * n_major * (n_cow - 1) - both
    assert int((m1 & m2).sum()) + 8 * both == printed["major_major_2024"]
    assert int((m1 | m2).sum()) + 8 * either == printed["any_major_2024"]
    # contiguity: anpo reads both files alike; peacesciencer's first-interval rule gives its print
    intervals = shared_data / "peacesciencer/cow_contdir.csv"
    counts = {
        f: int(rel.add_contiguity(dyads, data.read_contiguity(f))["conttype"].between(1, 5).sum())
        for f in (shared_data / "cow/contdird.csv", intervals)
    }
    assert len(set(counts.values())) == 1, counts  # both files give one count
    spells, first = _first_interval_contiguity(intervals)
    theirs = dyads.merge(first, how="left", on=["ccode1", "ccode2", "year"])
    assert int(theirs["first"].between(1, 5).sum()) == printed["contiguous_1_to_5_2024"]
    assert int((spells["conttype"] == 0).sum()) == 180
    # the README's audit table prints anpo's values
    ours = counts[shared_data / "cow/contdird.csv"]
    zeroed = ours - printed["contiguous_1_to_5_2024"]
    readme = " ".join(
        (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split()
    )
    assert f"| 81,060 | {ours:,}, from COW's yearly file" in readme
    assert f"which zeroes {zeroed:,} dyad-years" in readme


def test_peacesciencer_article_tutorial_counts(shared_data: Path) -> None:
    """[miller2022], the tutorial of the article (its manuscript on the package's site, rendered
    in March 2022) prints: COW state-years "from 1816 to most recently concluded calendar year"
    16,926 (to 2021: the 2016 system carried forward five years, as in the row-count test above);
    Gleditsch-Ward state-years 1946-2019 10,490 (the 2017 system carried two years); all
    non-directed dyad-years 1816-2010 842,655; and, of those, the politically relevant ones
    (contiguity of any type or a major power in the dyad, ``filter_prd()``) 112,282.

    anpo gives each: 15,951 + 5 x 195; 10,142 + 2 x 174; 842,655 from ``dyad_years(directed=
    False)``; 112,282 from ``add_contiguity`` (COW's yearly file) and ``add_majors``. The
    article's count confirms anpo's contiguity reading: the package's later first-interval rule
    (see the row-count test above) gives 111,991 on the same dyad-years."""
    import anpo.data as data
    import anpo.relations as rel

    cow = data.read_cow_states(shared_data / "cow/states2016.csv")
    gw = data.read_gw_states(shared_data / "peacesciencer/gw_states.csv")
    cow_sy = rel.state_years(cow)
    assert len(cow_sy) + 5 * int((cow_sy["year"] == 2016).sum()) == 16_926
    gw_sy = rel.state_years(gw, years=range(1946, 2018))
    assert len(gw_sy) + 2 * int((gw_sy["year"] == 2017).sum()) == 10_490
    dyads = rel.dyad_years(cow, directed=False, years=range(1816, 2011))
    assert len(dyads) == 842_655
    dyads = rel.add_majors(
        rel.add_contiguity(dyads, data.read_contiguity(shared_data / "cow/contdird.csv")),
        data.read_cow_majors(shared_data / "cow/majors2016.csv"),
    )
    major = dyads["major1"].eq(1) | dyads["major2"].eq(1)
    assert int((dyads["conttype"].between(1, 5) | major).sum()) == 112_282
    _, first = _first_interval_contiguity(shared_data / "peacesciencer/cow_contdir.csv")
    theirs = dyads.merge(first, how="left", on=["ccode1", "ccode2", "year"])
    assert int((theirs["first"].between(1, 5) | major).sum()) == 111_991


#: [miller2025], the reference page of ``add_nmc()``: the CINC column printed for the United States
#: in the first rows of its state-year (1816-1825) and dyad-year (with Canada, 1920-1929) examples
PEACESCIENCER_US_CINC = {
    1816: 0.0397, 1817: 0.0358, 1818: 0.0361, 1819: 0.0371, 1820: 0.0371,
    1821: 0.0342, 1822: 0.0329, 1823: 0.0331, 1824: 0.0330, 1825: 0.0342,
    1920: 0.290, 1921: 0.253, 1922: 0.256, 1923: 0.272, 1924: 0.254,
    1925: 0.254, 1926: 0.263, 1927: 0.239, 1928: 0.240, 1929: 0.240,
}  # fmt: skip


def test_peacesciencer_add_nmc_cinc_of_the_united_states(shared_data: Path) -> None:
    """[miller2025], reference page of ``add_nmc()`` (the NMC v7.0 data the package ships): the
    United States' CINC printed for 1816-1825 and 1920-1929. anpo's CINC, recomputed from the
    six components of the same file (not read from its ``cinc`` column), gives each printed
    value to its printed digits."""
    import anpo.data as data
    from anpo.relations import cinc

    nmc = data.read_nmc(shared_data / "peacesciencer/cow_nmc.csv")
    us = nmc.assign(mine=cinc(nmc).to_numpy())
    us = us[us["ccode"] == 2].set_index("year")["mine"]
    for year, printed in PEACESCIENCER_US_CINC.items():
        digits = 4 if year < 1900 else 3  # as printed: 0.0397 ... 0.290
        assert round(float(us[year]), digits) == printed, year


#: [miller2025], the vignette "How {peacesciencer} Coerces Dispute-Year Data into Dyad-Year Data"
#: (package 1.2.0), on its directed dispute-years ``cow_mid_dirdisps`` (MID 5.0): the first ten
#: rows of the non-directed dyad-years (ccode1 < ccode2) with more than one dispute, sorted by
#: that number, "# A tibble: 498 x 5", and the dyad-years its text walks through
PEACESCIENCER_MID_DUPLICATES = 498
PEACESCIENCER_MID_TOP = {
    (200, 365, 1920): 6, (2, 365, 1958): 5, (651, 666, 1959): 5, (651, 666, 1960): 5,
    (652, 666, 1955): 5, (2, 365, 1962): 4, (2, 365, 1967): 4, (200, 365, 1919): 4,
    (651, 666, 1958): 4, (652, 666, 1954): 4,
}  # fmt: skip
#: (dyad-year): (disputes, an onset among them) - Italy-France 1860 (three onsets: MIDs 112,
#: 113, 306), the U.S.-U.K. 1903 (MIDs 2 and 254 ongoing, 3301 new), Russia-Ottoman Empire 1853,
#: India-Pakistan 1963 and Colombia-Peru 1852 (two onsets each)
PEACESCIENCER_MID_CASES = {
    (220, 325, 1860): (3, 1), (2, 200, 1903): (3, 1), (365, 640, 1853): (2, 1),
    (750, 770, 1963): (2, 1), (100, 135, 1852): (2, 1),
}  # fmt: skip


def test_peacesciencer_mid_vignette_dyad_years_with_several_disputes(shared_data: Path) -> None:
    """[miller2025], vignette "How {peacesciencer} Coerces Dispute-Year Data into Dyad-Year
    Data": in the MID 5.0 directed dispute-years ([palmer2022], peacesciencer's
    ``cow_mid_dirdisps``) "there are 498 dyad-years that duplicate" (the printed tibble, 498 rows,
    is non-directed: ccode2 > ccode1); the most, six, for the United Kingdom and Russia in 1920
    (MIDs 186, 197, 1133, 2363, 2364, 2604); then the U.S.-Russia 1958, Egypt-Israel 1959 and 1960,
    Syria-Israel 1955 with five. anpo's ``add_disputes`` on its COW dyad-years 1816-2014 (the
    MID data's years) gives ``mid_count`` > 1 on the same 498 non-directed dyad-years (996
    directed: the vignette's later "498 duplicate directed dyad-years" counts each pair once),
    the printed top ten with their counts, and the onsets of the cases the text discusses."""
    import anpo.data as data
    import anpo.relations as rel

    mid = data.read_mid_dyadic(shared_data / "peacesciencer/cow_mid_dirdisps.csv")
    assert mid.attrs["coverage"] == (1816, 2014)
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    dyads = rel.add_disputes(rel.dyad_years(states, years=range(1816, 2015)), mid)
    several = dyads[dyads["mid_count"] > 1]
    undirected = several[several["ccode1"] < several["ccode2"]]
    assert len(undirected) == PEACESCIENCER_MID_DUPLICATES
    assert len(several) == 2 * PEACESCIENCER_MID_DUPLICATES
    counts = undirected.set_index(["ccode1", "ccode2", "year"])["mid_count"]
    top = counts.sort_values(ascending=False, kind="stable").head(len(PEACESCIENCER_MID_TOP))
    assert {k: int(v) for k, v in top.items()} == PEACESCIENCER_MID_TOP
    uk_russia = mid[(mid["ccode1"] == 200) & (mid["ccode2"] == 365) & (mid["year"] == 1920)]
    assert sorted(uk_russia["dispnum"]) == [186, 197, 1133, 2363, 2364, 2604]
    by_key = dyads.set_index(["ccode1", "ccode2", "year"])
    for key, (n, onset) in PEACESCIENCER_MID_CASES.items():
        assert (by_key.at[key, "mid_count"], by_key.at[key, "mid_onset"]) == (n, onset), key
        assert by_key.at[(key[1], key[0], key[2]), "mid_count"] == n  # both directions
    us_uk = mid[(mid["ccode1"] == 2) & (mid["ccode2"] == 200) & (mid["year"] == 1903)]
    assert dict(zip(us_uk["dispnum"], us_uk["onset"], strict=True)) == {2: 0, 254: 0, 3301: 1}


def test_cow_war_data_v4_counts_through_the_peacesciencer_layout(shared_data: Path) -> None:
    """COW Inter-State War Data v4.0 ([sarkees2010]) as anpo reads it from peacesciencer's
    directed dyadic war-years (``cow_war_inter``, 1,932 rows): [reiter2016], abstract, "the
    ninety-five COW interstate wars" of version 4.0; and the data page of ``cow_war_inter``
    ([miller2025], Details): "There are 10 cases where the sum of battle deaths is exactly 1,000
    or 1,001". anpo's participant rows (one per state and side, rebuilt from the dyads: a state
    that changed sides has a row, with its own deaths, on each) give 95 wars, and 10 wars whose
    rows' battle deaths add up to 1,000 or 1,001 (the one unknown, ``-9``, stays unknown and is
    left out of its war's sum). The sums test that the conversion keeps each participant's
    deaths once: no dyad's copy is added twice, no side's spell lost."""
    import anpo.data as data

    wars = data.read_cow_war_inter(shared_data / "peacesciencer/cow_war_inter.csv")
    assert wars["warnum"].nunique() == 95
    assert int(wars["batdeath"].isna().sum()) == 1  # Thailand in war 170: -9 in the source
    assert not wars.duplicated(["warnum", "ccode", "side"]).any()
    totals = wars.groupby("warnum")["batdeath"].sum()
    assert int(totals.isin([1000, 1001]).sum()) == 10


# ------------------------------------------------------------------------- rank statistics
# The exploitation test of [olson1966] and the similarity of portfolios rest on Spearman's rho,
# Kendall's tau-b and their p-values; these are documented worked examples of each.


def test_scipy_kendalltau_documented_example_with_ties() -> None:
    """[virtanen2020]: the reference page of ``scipy.stats.kendalltau`` (SciPy 1.x), Examples:
    ``x1 = [12, 2, 1, 12, 2]``, ``x2 = [1, 4, 7, 1, 0]`` give tau -0.47140452079103173 and the
    two-sided p-value 0.2827454599327748 (tau-b [kendall1945]; ties in both vectors, so the
    normal approximation with the tie-corrected variance of [kendall1990, ch. 4], no continuity
    correction). Printed to 17 significant digits: agreement to 1e-12 allows for rounding in
    the last place only.

    MATCH, through both of anpo's tau-b entry points and the burden test's Kendall p-value."""
    from anpo.burden.stats import kendall_tau_b
    from anpo.relations.similarity import tau_b

    x1, x2 = [12, 2, 1, 12, 2], [1, 4, 7, 1, 0]
    # by hand: C = 2, D = 6 of 10 pairs; 2 pairs tied in x1 (one of them also in x2), 1 in x2:
    # (2 - 6) / sqrt((10 - 2)(10 - 1)) = -4 / sqrt(72)
    assert tau_b(x1, x2) == pytest.approx(-4 / math.sqrt(72), rel=1e-14)
    assert tau_b(x1, x2) == pytest.approx(-0.47140452079103173, abs=1e-15)
    assert kendall_tau_b(x1, x2) == pytest.approx(-0.47140452079103173, abs=1e-15)
    res = exploitation_test(x1, x2, alternative="two-sided", statistic="kendall")
    assert res.ties and res.p_value_exact is None  # ties: the normal approximation
    assert res.p_value == pytest.approx(0.2827454599327748, abs=1e-12)
    less = exploitation_test(x1, x2, alternative="less", statistic="kendall")
    assert less.p_value == pytest.approx(0.2827454599327748 / 2, abs=1e-12)


def test_scipy_spearmanr_documented_example_with_ties() -> None:
    """[virtanen2020]: the reference page of ``scipy.stats.spearmanr`` (SciPy 1.x), Examples:
    ``spearmanr([1,2,3,4,5], [5,6,7,8,7])`` prints ``(0.82078268166812329,
    0.088587005313543798)``: Pearson's correlation of the mid-ranks and the two-sided p-value of
    ``t = r sqrt(df / (1 - r^2))``, df = 3. Printed to 17 significant digits (tolerance 1e-12).

    MATCH. The convention matters here: the textbook shortcut ``1 - 6 sum d^2 / (n (n^2 - 1))``
    on the same mid-ranks gives 0.825 (sum d^2 = 3.5), which is not the printed value; anpo
    correlates mid-ranks ([spearman1904]) as SciPy does."""
    x, y = [1, 2, 3, 4, 5], [5, 6, 7, 8, 7]
    assert spearman_rho(x, y) == pytest.approx(0.82078268166812329, abs=1e-15)
    assert 1 - 6 * 3.5 / (5 * 24) == pytest.approx(0.825)  # the shortcut: not the print
    res = exploitation_test(x, y, alternative="two-sided")
    assert res.method.startswith("t-approximation") and res.df == 3
    assert res.p_value == pytest.approx(0.088587005313543798, abs=1e-12)
    assert p_value_from_r(res.rho, 3, "two-sided") == pytest.approx(res.p_value, rel=1e-14)


#: [wikipedia2012], section "Example": IQ and hours of TV per week of ten people
WIKI_IQ = [106, 86, 100, 101, 99, 103, 97, 113, 112, 110]
WIKI_TV = [7, 0, 27, 50, 28, 29, 20, 12, 6, 17]


def test_wikipedia_spearman_iq_and_tv_example_and_its_one_sided_p_value() -> None:
    """[wikipedia2012], "Spearman's rank correlation coefficient", section "Example": the sum
    of squared rank differences is 194, rho "evaluates to -0.175757575... with a P-value =
    0.6864058 (using the t distribution)" (seven decimals).

    MATCH, in the source's convention: the printed p-value is the one-sided P(T >= t) for the
    alternative rho > 0 (t = -0.50498, df = 8; Cross Validated question 22816 derives it as
    ``1 - pt(t, 8)``), anpo's ``alternative="greater"`` (the exploitation hypothesis of
    [olson1966]); anpo's default, two-sided, gives 0.6272 for this negative rho and the
    alternative rho < 0 gives 0.3136."""
    from anpo.burden.stats import midranks

    d = midranks(WIKI_IQ) - midranks(WIKI_TV)
    assert float(d @ d) == 194.0
    rho = spearman_rho(WIKI_IQ, WIKI_TV)
    assert rho == pytest.approx(-29 / 165, rel=1e-14)
    assert f"{rho:.9f}" == "-0.175757576"
    res = exploitation_test(WIKI_IQ, WIKI_TV, alternative="greater")  # one-sided, rho > 0, t
    assert res.alternative == "greater" and res.df == 8
    assert res.t == pytest.approx(-0.5049782, abs=5e-8)
    assert res.p_value == pytest.approx(0.6864058, abs=5e-8)
    default = exploitation_test(WIKI_IQ, WIKI_TV)
    assert default.alternative == "two-sided"
    assert default.p_value == pytest.approx(0.6271883, abs=5e-8)
    assert p_value_from_r(rho, 8, "two-sided") == pytest.approx(0.6271883, abs=5e-8)
    assert p_value_from_r(rho, 8, "less") == pytest.approx(1 - 0.6864058, abs=5e-8)


#: [kim2015]: ppcor's help example output, ``pcor(y.data)``: each pair's partial correlation
#: given the other two of (hl, disp, deg, BC), n = 10, and its printed two-sided p-value
PPCOR_PARTIALS = [
    ("hl-disp", -0.6720863, 0.06789202),
    ("hl-deg", -0.6161163, 0.10383620),
    ("hl-BC", 0.1148459, 0.78654997),
    ("disp-deg", -0.7215522, 0.04332869),
    ("disp-BC", 0.2855420, 0.49299871),
    ("deg-BC", 0.6940953, 0.05615021),
]


def test_ppcor_partial_correlation_p_values_use_n_minus_2_minus_k_degrees_of_freedom() -> None:
    """[kim2015]: the R package ppcor's documented ``pcor`` output (the package's help example,
    n = 10, two variables held fixed) prints each partial correlation to 7 decimals and its
    p-value from Student's t with ``df = n - 2 - k`` = 6: e.g. -0.6720863, p 0.06789202.

    MATCH: anpo's p-value for a partial rank correlation ([sandler2000, Table 9]) follows the
    same rule, ``p_value_from_r(r, n - 2 - k)``; the printed r's rounding (5e-8) moves p by at
    most 1e-7. (ppcor's estimates are Pearson partials of the raw values; anpo ranks first, so
    only the p-value rule is compared.)"""
    for pair, r, printed in PPCOR_PARTIALS:
        assert p_value_from_r(r, 10 - 2 - 2, "two-sided") == pytest.approx(printed, abs=1e-7), pair


#: [hollander1973, p. 187f] as given in [rcore2025]'s cor.test help: Hunter L lightness and
#: mean panel scores of nine lots of canned tuna
TUNA_X = [44.4, 45.9, 41.9, 53.3, 44.7, 44.1, 50.7, 45.2, 60.1]
TUNA_Y = [2.6, 3.1, 2.5, 5.0, 3.6, 4.0, 5.2, 2.8, 3.8]


def test_r_cor_test_hollander_wolfe_tuna_kendall_exact_p() -> None:
    """[rcore2025], ``cor.test`` help, Examples, after [hollander1973, p. 187f]:
    ``cor.test(x, y, method = "kendall", alternative = "greater")`` "=> p=0.05972" (the exact
    null distribution: no ties, n = 9); with ``exact = FALSE`` "=> p=0.04765" (the normal
    approximation, z = 1.6681). Printed to four significant digits: tolerance 5e-6.

    MATCH for the exact value, the one anpo's Kendall test gives without ties: 26 concordant
    pairs of 36, tau 4/9. anpo uses the normal approximation only with ties; the printed
    0.04765 is checked here from the same S and the untied variance n(n-1)(2n+5)/18."""
    res = exploitation_test(TUNA_X, TUNA_Y, alternative="greater", statistic="kendall")
    assert res.alternative == "greater" and not res.ties
    assert res.rho == pytest.approx(4 / 9, rel=1e-14)  # (26 - 10) / 36
    assert res.p_value_exact == res.p_value
    assert res.p_value == pytest.approx(0.05972, abs=5e-6)
    assert "exact" in res.method
    from scipy.stats import norm

    s, var = 16, 9 * 8 * 23 / 18
    assert round(s / math.sqrt(var), 4) == 1.6681
    assert float(norm.sf(s / math.sqrt(var))) == pytest.approx(0.04765, abs=5e-6)


# ----------------------------------------------------------------------------- deterrence


def _cli_defense(*args: str) -> dict:
    result = CliRunner().invoke(anpo.cli.app, ["defense", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_grego_2017_four_interceptors_at_fifty_percent_give_94_percent() -> None:
    """[businessinsider2017]: Laura Grego (Union of Concerned Scientists) "gives the GMD about a
    50 percent chance of knocking out a single ICBM. By firing four missile interceptors for every
    incoming ICBM threat, that chance climbs to 94 percent". Salvo model [wilkening1999, eq. 1]:
    1 - 0.5^4 = 0.9375, printed as 94 percent."""
    pk = kill_probability(0.5, 4)
    assert pk == pytest.approx(0.9375, rel=1e-15)
    assert round(pk * 100) == 94
    assert engagement(1, 0.5, 4).p_no_leak == pytest.approx(0.9375, rel=1e-15)
    assert _cli_defense("--rvs", "1", "--sspk", "0.5", "--shots", "4")["p_no_leak"] == (
        pytest.approx(0.9375, rel=1e-12)
    )


def test_popular_mechanics_2017_four_interceptors_at_56_percent_is_96_not_97() -> None:
    """[popularmechanics2017], after Panda & Narang (War on the Rocks, October 2017): the GMD's
    test record was 10 intercepts in 18 tests ("only 56 percent"), and "if four GMD
    interceptors, each with a 56 percent kill probability, were launched [at] a single incoming
    North Korean missile, the probability that the missile would be shot down rises to 97
    percent".

    MISMATCH, in the source's arithmetic, not in anpo: 1 - 0.44^4 = 0.96252 (96 percent), and with
    the test record itself (10/18) 0.9610. Four interceptors give a figure that rounds to 97
    percent only from a kill probability of 1 - 0.035^(1/4) = 0.5675 up; at 0.56 it takes five
    (0.9835)."""
    pk = kill_probability(0.56, 4)
    assert pk == pytest.approx(1 - 0.44**4, rel=1e-15)
    assert round(pk * 100) == 96  # printed: 97
    assert round(kill_probability(10 / 18, 4) * 100) == 96
    assert shots_required(1, 0.56, 0.97) == 5
    assert kill_probability(0.56, 5) == pytest.approx(0.98351, abs=5e-6)
    threshold = 1 - 0.035**0.25  # the least kill probability whose 4-shot salvo rounds to 97%
    assert round(kill_probability(threshold + 1e-9, 4) * 100) == 97
    assert round(kill_probability(threshold - 1e-6, 4) * 100) == 96
    assert round(kill_probability(0.57, 4) * 100) == 97
    assert _cli_defense("--rvs", "1", "--sspk", "0.56", "--shots", "4")["p_no_leak"] == (
        pytest.approx(pk, rel=1e-12)
    )


def test_blair_2017_forty_four_interceptors_at_25_percent_destroy_eleven_on_average() -> None:
    """[businessinsider2017b]: Bruce Blair, "any one interceptor in the US side would have no
    better than a 25% chance" against a Russian warhead, "so the US would have to fire at least
    four interceptors to every one missile threat", and with 44 interceptors "at most you could
    destroy 11 warheads ... and Russia could throw 1,000 at us".

    MATCH, as an expectation. Whatever the allocation, the expected number destroyed is at most
    44 x 0.25 = 11, reached by one interceptor per warhead: anpo's finite inventory against 1,000
    RVs gives 989 expected leakers. It is not a sure maximum: one shot at each of 44 warheads
    destroys 12 or more with probability 0.42. Four per warhead (the quote's allocation) engages
    11 warheads, kills each with 1 - 0.75^4 = 0.684 (four shots are the expected number to a hit
    one at a time, 1/0.25, not a salvo that makes a kill sure) and destroys 7.52 on average, all
    11 with probability 0.015."""
    k, inventory = 0.25, 44
    spread = inventory_engagement(1000, inventory, k)
    assert 1000 - spread.expected_leakers == pytest.approx(11.0, abs=1e-9)
    assert 1 - spread.p_at_least(989) == pytest.approx(0.4199085, abs=5e-7)  # >= 12 destroyed
    for rvs in (11, 15, 22, 44, 200):  # fewer shots per warhead never lose kills on average
        expected = rvs - inventory_engagement(rvs, inventory, k).expected_leakers
        assert expected <= inventory * k + 1e-9
    assert kill_probability(k, 4) == pytest.approx(0.68359375, rel=1e-15)
    four_each = inventory_engagement(11, inventory, k)
    assert 11 - four_each.expected_leakers == pytest.approx(7.51953125, rel=1e-12)
    assert four_each.p_no_leak == pytest.approx(0.68359375**11, rel=1e-12)
    assert round(four_each.p_no_leak, 3) == 0.015
    cli = _cli_defense("--rvs", "1000", "--sspk", "0.25", "--interceptors", "44")
    assert cli["expected_leakers"] == pytest.approx(989.0, abs=1e-9)
    # the README's audit table prints anpo's values
    readme = " ".join(
        (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split()
    )
    assert (
        f"{1000 - spread.expected_leakers:.1f} destroyed on average with one interceptor per "
        f"warhead ({spread.expected_leakers:.0f} of 1,000 leak)" in readme
    )
    assert (
        f"{11 - four_each.expected_leakers:.2f} with four per warhead (each kill "
        f"{kill_probability(k, 4):.3f}); 12 or more with probability "
        f"{1 - spread.p_at_least(989):.2f}" in readme
    )


def test_blair_4_percent_per_weapon_17_for_even_odds_69_for_94_percent() -> None:
    """[wiwaso2006], quoting in English an account of Bruce Blair's calculation for a deeply
    buried command post that Gen. Butler found targeted by 69 weapons: "assumed a kill
    probability of 4% for one weapon ... To attain a 50% confidence in destroying the target
    required 17 weapons. When Blair got up to 69 weapons, the 'kill probability' had reached 94%."

    MATCH. Salvo model [wilkening1999, eq. 1] with independent weapons: 1 - 0.96^17 = 0.5004
    (16 give 0.4796), 1 - 0.96^69 = 0.9402 (68 give 0.9377); anpo's least salvos for the two
    goals are 17 and 69, through the library and the CLI alike."""
    k = 0.04
    assert kill_probability(k, 16) < 0.5 <= kill_probability(k, 17)
    assert kill_probability(k, 17) == pytest.approx(1 - 0.96**17, rel=1e-14)
    assert round(kill_probability(k, 17), 4) == 0.5004
    assert kill_probability(k, 68) < 0.94 <= kill_probability(k, 69)
    assert round(kill_probability(k, 69) * 100) == 94
    assert shots_required(1, k, 0.5) == 17
    assert shots_required(1, k, 0.94) == 69
    assert (
        _cli_defense("--rvs", "1", "--sspk", "0.04", "--goal", "0.94")["shots_required_for_goal"]
        == 69
    )
    # the README's audit table prints anpo's values
    readme = " ".join(
        (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split()
    )
    pk = [kill_probability(k, n) for n in (17, 16, 69, 68)]
    assert (
        f"{pk[0]:.4f} with 17 ({pk[1]:.4f} with 16), {pk[2]:.4f} with 69 ({pk[3]:.4f} with 68); "
        f"least salvos {shots_required(1, k, 0.5)} and {shots_required(1, k, 0.94)}" in readme
    )


def _kt_side(
    actor: str, other: str, silos: int, sea: int, basing: str = "silo", at_sea: float = 0.6
):
    """One side of a symmetric dyad: 3-warhead land-based missiles (silos, or road-mobile with
    half surviving) and 4-warhead submarines (``at_sea`` of them at sea, 60% unless given),
    w80 = 300."""
    from anpo.deterrence.exchange import Side
    from anpo.scenario.schema import ForceComponent

    class Curve:
        model = "exponential"
        w80 = 300.0
        points: list = []

    def force(fid: str, n: int, w: int, sigma: float, how: str) -> ForceComponent:
        return ForceComponent(
            id=f"{actor}-{fid}", actor=actor, name=fid, basing=how, missile_class="ICBM",
            launchers=n, warheads_per_launcher=w, survivable_fraction=sigma, posture="alert",
            reaches=[other], decoys_per_rv=0, source="test",
        )  # fmt: skip

    land = force("land", silos, 3, 0.5 if basing == "road-mobile" else 0.0, basing)
    return Side(
        actor=actor,
        forces=(land, force("sea", sea, 4, at_sea, "sea")),
        layers=(),
        counterforce={"silo": 0.8, "road-mobile": 0.7, "sea": 0.9, "bomber": 0.95},
        damage=Curve(),
        name=actor,
    )


def test_kent_devalk_thaler_1988_reductions_alone_can_lower_stability() -> None:
    """[kent1988], RAND N-2526, summary: "merely reducing the level of U.S. and Soviet offensive
    forces does little to enhance stability and may actually increase first-strike instability
    because the types and posture of forces deployed have a greater effect on stability than do
    their overall numbers"; [kent1989], R-3765, summary point 5: the index "applies equally to
    both" sides.

    A qualitative check (the Notes' own force data are not public here; these forces are ours):
    halving a symmetric silo-heavy posture lowers anpo's index, and moving the same missiles
    from silos to road-mobile launchers raises it far more than any cut changes it."""
    from anpo.deterrence.stability import dyad

    def fss(silos: int, sea: int, basing: str = "silo") -> float:
        res = dyad(_kt_side("A", "B", silos, sea, basing), _kt_side("B", "A", silos, sea, basing))
        swapped = dyad(
            _kt_side("B", "A", silos, sea, basing), _kt_side("A", "B", silos, sea, basing)
        )
        assert res.fss is not None and swapped.fss == pytest.approx(res.fss, rel=1e-12)
        return res.fss

    full, half = fss(200, 50), fss(100, 25)
    assert half < full  # cutting both forces by half makes striking first more attractive
    mobile_full, mobile_half = fss(200, 50, "road-mobile"), fss(100, 25, "road-mobile")
    assert min(mobile_full, mobile_half) - max(full, half) > abs(full - half)
    # the README's audit table prints these values
    readme = " ".join(
        (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split()
    )
    assert (
        f"halving a silo-heavy pair: index {full:.3f} to {half:.3f}; the same missiles "
        f"road-mobile: {mobile_full:.2f} and {mobile_half:.2f}" in readme
    )


def test_kent_thaler_1989_summary_points_two_to_four() -> None:
    """[kent1989], RAND R-3765, summary: the methodology underlines that "(2) postures of U.S.
    and Soviet strategic nuclear forces become increasingly important under an arms reduction
    regime if the current level of first-strike stability is desired, (3) enlarging U.S. and
    Soviet strategic nuclear weapons inventories does not necessarily erode first-strike
    stability, (4) the superpowers should realize the importance of both sides generating forces
    early in a crisis to render these forces nontargetable".

    A qualitative check with the forces of the test above (ours, not the report's): (3) doubling
    both silo-heavy forces raises anpo's index; (4) generating forces, more submarines at sea
    (90% instead of 60%) on both sides, raises it; (2) after both forces are halved the index
    keeps its full-force level only with the better posture (90% at sea), not with the old one."""
    from anpo.deterrence.stability import dyad

    def fss(silos: int, sea: int, at_sea: float = 0.6) -> float:
        a = _kt_side("A", "B", silos, sea, at_sea=at_sea)
        b = _kt_side("B", "A", silos, sea, at_sea=at_sea)
        res = dyad(a, b)
        assert res.fss is not None
        return res.fss

    full, doubled, half = fss(200, 50), fss(400, 100), fss(100, 25)
    generated, half_generated = fss(200, 50, at_sea=0.9), fss(100, 25, at_sea=0.9)
    assert doubled > full  # (3)
    assert generated > full  # (4)
    assert half < full <= half_generated  # (2)
    readme = " ".join(
        (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split()
    )
    assert (
        f"doubling the silo-heavy pair: index {full:.3f} to {doubled:.3f}; 90% of submarines at "
        f"sea instead of 60%: {generated:.3f}; halved forces: {half:.3f}, and {half_generated:.3f} "
        "with 90% at sea" in readme
    )


#: [yusufov2026], quoting [wilkening1999] (the CISAC working paper of August 1998): tracking
#: probability P(track) 0.99 for each RV, SSPK 0.70, and a goal of 80% confidence that no RV leaks
WILKENING_TRACK, WILKENING_SSPK, WILKENING_GOAL = 0.99, 0.70, 0.80


def _fractional_per_object(rvs: int) -> float:
    """[wilkening1999, eq. 5] before rounding: interceptors per engaged object for
    ``(P(track) (1 - (1 - k)^n))^N >= goal`` against ``rvs`` RVs, ``n`` a real number."""
    goal_per_rv = WILKENING_GOAL ** (1 / rvs) / WILKENING_TRACK
    return math.log(1 - goal_per_rv) / math.log(1 - WILKENING_SSPK)


def test_wilkening_interceptors_needed_as_quoted_by_yusufov_2026() -> None:
    """[yusufov2026], "Missile Defense is NP-Complete" (2026), Discussion and the section on
    P(track), quoting [wilkening1999]: with P(track) = 0.99 and SSPK = 0.70, "defending against
    20 warheads in barrage mode requires 113 interceptors", "shoot-look-shoot ... requires 47",
    "a barrage of 10 warheads accompanied by just 10 decoys already demands 73 interceptors", and
    80% confidence of destroying all warheads needs "P(track) > 0.978". The 80% goal is the
    post's; Wilkening's own tables could not be read here.

    Shoot-look-shoot: MATCH. Two shots, a look, four more at each survivor meet the goal at 2.36
    interceptors per RV on average, 47.2 for 20 RVs; no other split of whole shots costs less.

    Barrage and decoys: MISMATCH, in the convention of the quoted figures, not in anpo. Both
    follow from eq. 5 with a FRACTIONAL number of interceptors per object: 5.654 per RV times 20
    = 113.07, and 3.661 per object times 20 objects (no decoy recognised) = 73.21. With whole
    interceptors anpo needs 6 per RV (120) for a uniform salvo, 116 for the best even spread of
    a finite inventory (113 give P0 = 0.797 < 0.8), and 76 against the ten RVs and ten decoys
    (73 give 0.780).

    Reliability convention: the figures need P(track) applied to each RV, ``(rho P_k)^N``
    (anpo's ``"rv"``); anpo's per-raid convention ``rho P_k^N``, which its docstrings attribute
    to Wilkening and make the default, needs only 3.78 interceptors per RV (4 whole ones).

    The tracking threshold: with every RV tracked independently P0 <= P(track)^N, and
    P(track)^N >= 0.8 needs P(track) >= 0.9779 for N = 10 (the printed 0.978), 0.9457 for 4 and
    0.9889 for 20, so the post's "(4-20 reentry vehicles)" fits its threshold only at 10."""
    k, rho, goal = WILKENING_SSPK, WILKENING_TRACK, WILKENING_GOAL
    # barrage, 20 RVs: the print is the fractional count; anpo's whole counts are above it
    per_rv = _fractional_per_object(20)
    assert round(20 * per_rv) == 113 and round(per_rv, 3) == 5.654
    whole = shots_required(20, k, goal, rho, "rv")
    assert whole == 6 == math.ceil(per_rv)
    assert (
        engagement(20, k, 6, rho, "rv").p_no_leak
        >= goal
        > engagement(20, k, 5, rho, "rv").p_no_leak
    )
    inventory = [inventory_engagement(20, i, k, rho, "rv").p_no_leak for i in (113, 115, 116)]
    assert inventory[0] == pytest.approx(0.7965, abs=5e-5)
    assert inventory[1] < goal <= inventory[2]  # 116 is the least inventory meeting the goal
    # the per-raid convention does not give the printed figures
    per_raid = math.log(1 - (goal / rho) ** (1 / 20)) / math.log(1 - k)
    assert round(per_raid, 2) == 3.78 and shots_required(20, k, goal, rho, "raid") == 4
    # shoot-look-shoot, 20 RVs: two shots, look, four more
    costs: dict[tuple[int, int], float] = {}
    for first, second in itertools.product(range(9), repeat=2):
        kill, per_rv_sls = shoot_look_shoot(k, first, second)
        if (rho * float(kill)) ** 20 >= goal:
            costs[(first, second)] = 20 * float(per_rv_sls)
    best = min(costs, key=costs.__getitem__)
    assert best == (2, 4) and costs[best] == pytest.approx(47.2, abs=1e-9)
    assert round(costs[best]) == 47
    # 10 RVs and 10 decoys, none recognised: 20 objects share the inventory
    per_object = _fractional_per_object(10)
    assert round(20 * per_object) == 73 and round(per_object, 3) == 3.661
    decoys = [decoy_engagement(10, 1, 0.0, i, k, rho, "rv").p_no_leak for i in (73, 75, 76)]
    assert decoys[0] == pytest.approx(0.7796, abs=5e-5)
    assert decoys[1] < goal <= decoys[2]
    # the tracking threshold for 80% with any number of interceptors
    assert [round(goal ** (1 / n), 4) for n in (4, 10, 20)] == [0.9457, 0.9779, 0.9889]
    n_10 = shots_required(10, k, goal, 0.978, "rv")
    assert engagement(10, k, n_10, 0.978, "rv").p_no_leak >= goal
    for rvs, rho_too_low in ((10, 0.977), (20, 0.978), (4, 0.945)):
        with pytest.raises(InputError):
            shots_required(rvs, k, goal, rho_too_low, "rv")
    n_4 = shots_required(4, k, goal, 0.946, "rv")
    assert engagement(4, k, n_4, 0.946, "rv").p_no_leak >= goal
    # the CLI gives the same whole counts
    cli = _cli_defense(
        "--rvs", "20", "--sspk", "0.7", "--reliability", "0.99", "--mode", "rv", "--goal", "0.8"
    )
    assert cli["shots_required_for_goal"] == 6
    cli = _cli_defense(
        "--rvs", "20", "--sspk", "0.7", "--reliability", "0.99", "--mode", "rv",
        "--interceptors", "116",
    )  # fmt: skip
    assert cli["p_no_leak"] == pytest.approx(inventory[2], rel=1e-12)
    # the README's audit table prints anpo's values
    least_inventory = next(
        i for i in range(100, 130) if inventory_engagement(20, i, k, rho, "rv").p_no_leak >= goal
    )
    least_decoys = next(
        i for i in range(60, 90) if decoy_engagement(10, 1, 0.0, i, k, rho, "rv").p_no_leak >= goal
    )
    readme = " ".join(
        (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").split()
    )
    assert (
        f"shoot-look-shoot {costs[best]:.1f} ({best[0]} shots, look, {best[1]} more); barrage "
        f"{20 * whole} interceptors ({whole} per RV), {least_inventory} as an evenly spread inventory; "
        f"decoys {least_decoys}; 0.978 is the threshold for 10 RVs (20 need "
        f"{goal ** (1 / 20):.3f})" in readme
    )
    assert f"({20 * per_rv:.2f}, {20 * per_object:.2f})" in readme

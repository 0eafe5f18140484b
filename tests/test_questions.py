"""The seed's questions on the built-in book: structure and the qualitative claims of the seed
that the model must reproduce (each check compares two variants computed by the engine)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from anpo.deterrence.questions import (
    answer_case,
    decoupling_table,
    reaction_table,
    seed_table,
    survivor_pmf,
)
from anpo.scenario import load_book


@pytest.fixture(scope="module")
def book_answers():
    out = {}
    for scen in load_book():
        for case in scen.cases():
            out[(scen.scenario.year, case.variant.id)] = answer_case(case)
    return out


def _row(book_answers, year, variant, dyad, territory):
    table = seed_table(book_answers[(year, variant)])
    sel = table[(table.dyad == dyad) & (table.territory == territory)]
    assert len(sel) == 1
    return sel.iloc[0]


def test_table_has_every_dyad_and_column(book_answers):
    table = seed_table([a for v in book_answers.values() for a in v])
    assert set(table.dyad) == {"U.S.-China", "U.S.-Russia", "U.S.-North Korea"}
    assert set(table.territory) == {"USA", "JPN"}
    for col in (
        "survivors_expected",
        "p_arrive_ge_1",
        "p_arrive_ge_5",
        "p_arrive_ge_10",
        "fss",
        "fss_lua",
    ):
        assert col in table.columns
    probs = table[[c for c in table.columns if c.startswith("p_arrive")]].to_numpy()
    assert np.all((probs >= 0) & (probs <= 1))
    # P(at least m) is non-increasing in m
    assert np.all(np.diff(probs, axis=1) <= 1e-12)
    assert np.all((table.fss >= 0) & (table.fss <= 1))


def test_defense_erodes_chinas_deterrent_2001(book_answers):
    """The seed: China opposes missile defense because it undermines its small deterrent. In the
    2001 book, NMD lowers P(a Chinese warhead reaches the U.S.) below the MAD value."""
    mad = _row(book_answers, 2001, "mad", "U.S.-China", "USA")
    nmd = _row(book_answers, 2001, "nmd-c1", "U.S.-China", "USA")
    gmd = _row(book_answers, 2001, "gmd-global", "U.S.-China", "USA")
    assert nmd.p_arrive_ge_1 < mad.p_arrive_ge_1
    assert gmd.p_arrive_ge_1 <= nmd.p_arrive_ge_1


def test_modernization_restores_chinas_deterrent(book_answers):
    """China's modernized (road-mobile) force gets warheads through where the 2001 force did not."""
    base = _row(book_answers, 2001, "nmd-c3", "U.S.-China", "USA")
    modern = _row(book_answers, 2001, "nmd-c3-china-modernized", "U.S.-China", "USA")
    assert modern.p_arrive_ge_1 > base.p_arrive_ge_1
    assert modern.fss > base.fss


def test_covering_japan_lowers_japans_exposure(book_answers):
    """Theater defense covering Japan lowers Japan's exposure to North Korea in 2025."""
    mad = _row(book_answers, 2025, "mad", "U.S.-North Korea", "JPN")
    tmd = _row(book_answers, 2025, "tmd-japan", "U.S.-North Korea", "JPN")
    assert not mad.covered and tmd.covered
    assert tmd.p_arrive_ge_1 < mad.p_arrive_ge_1


def test_decoupling_table(book_answers):
    """With NMD only, Japan is more exposed to North Korea than the U.S. homeland (decoupling);
    covering it with the patron's layers closes part of the gap."""
    dec = decoupling_table(book_answers[(2025, "nmd-limited")])
    row = dec[dec.dyad == "U.S.-North Korea"].iloc[0]
    assert not row.ally_covered
    assert row.gap_ally_minus_patron > 0
    assert row.ally_if_covered_by_patron_layers < row.ally_if_uncovered


def test_reaction_curve_grows_with_interceptors(book_answers):
    """China needs more launchers as the U.S. adds interceptors (2001, the DF-31A path)."""
    ans = next(a for a in book_answers[(2001, "nmd-c1")] if a.label == "U.S.-China")
    table = reaction_table(ans)
    assert list(table.interceptors) == sorted(table.interceptors)
    needed = table.launchers_needed.to_numpy()
    valid = needed[needed >= 0]
    assert len(valid) >= 3 and np.all(np.diff(valid) >= 0) and valid[-1] > valid[0]
    assert set(table.growth_component) == {"cn-df31a-projected"}


def test_survivor_pmf_mean_matches_binomial_means():
    """Survivors: sure survivors plus binomial vulnerable launchers, times warheads per launcher."""
    scen = load_book()[0]
    comps = [f for f in scen.forces if f.actor == "CHN" and f.baseline]
    probs = [0.1, 0.3, 0.5]
    pmf = survivor_pmf(comps, probs)
    mean = float(np.dot(np.arange(len(pmf)), pmf))
    expected = 0.0
    for f, p in zip(comps, probs, strict=True):
        sure = round(f.launchers * f.survivable_fraction)
        expected += f.warheads_per_launcher * (sure + stats.binom.mean(f.launchers - sure, p))
    assert mean == pytest.approx(expected, rel=1e-9)
    assert pmf.sum() == pytest.approx(1.0)

"""Japan's host-nation support, its benchmarks, and the reading generated from them."""

from __future__ import annotations

import dataclasses
import math
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anpo.burden.japan import (
    BASIS_LABEL,
    HNS_PARTS,
    defense_budget,
    dod_benchmarks,
    dod_cost_sharing,
    fx_rates,
    gdp_deflator,
    hns_figures,
    hns_measures,
    hns_periods,
    load_japan_facts,
    support_vs_spending,
)
from anpo.burden.reading import (
    critical_rho,
    exact_critical_rho,
    fmt_share,
    japan_reading,
    nato_coverage_sentence,
    summarise_exploitation,
)
from anpo.burden.stats import p_value_from_r
from anpo.errors import BurdenError


def _raw() -> dict:
    text = resources.files("anpo.burden").joinpath("data/japan_hns.toml").read_text("utf-8")
    return tomllib.loads(text)


# ------------------------------------------------------------------ the typed-in facts


def test_every_figure_has_a_source_and_a_basis() -> None:
    figs = hns_figures()
    assert figs["source"].str.len().min() > 20
    assert set(figs["basis"]) <= {"budget", "stated", "contract", "settled"}
    assert not figs.duplicated(["fy", "basis"]).any()
    assert figs["fy"].min() == 1978  # the first year of host-nation support


def test_hns_reference_values() -> None:
    """Defense of Japan 2016 (Part II, Ch. 4, Sec. 4): HNS peaked in the FY1999 budget on the
    expenditure basis (275.6 billion yen; Nikkei 2021: 2,756 oku yen). Defense of Japan 2016,
    Fig. II-4-4-2 (U.S. Forces Japan-related Costs, Budget for FY2016; billion yen): FY2016 budget
    192.0 = FIP 20.6 + SOFA labour 26.4 + SMA labour 119.4 + utilities 24.9 + training relocation
    0.7, each part checked against the figure. Defense of Japan 2007, Fig. III-2-3-10: FY2007 217.3.
    The Japan Times (23 March 2000): FY2000 260.3 = 80.9 + 149.3 + 29.8 + 0.4 (contract value)."""
    f = hns_figures().set_index(["fy", "basis"])
    assert f.loc[(1999, "budget"), "total"] == 275.6
    budget = hns_figures()
    budget = budget[budget["basis"] == "budget"]
    assert budget.loc[budget["total"].idxmax(), "fy"] == 1999
    fy16 = f.loc[(2016, "budget")]
    # each part as Fig. II-4-4-2 prints it, then their sum
    published = {
        "fip": 20.6,
        "sofa_labor": 26.4,
        "sma_labor": 119.4,
        "sma_utilities": 24.9,
        "sma_training": 0.7,
    }
    assert {p: fy16[p] for p in published} == published
    assert fy16["total"] == 192.0
    assert sum(published.values()) == pytest.approx(192.0, abs=0.05)
    assert f.loc[(2007, "budget"), "total"] == 217.3
    assert f.loc[(2000, "contract"), "total"] == 260.3
    per = hns_periods().set_index("fy_first")
    assert per.loc[2022, "total_bn_yen"] == 1055.1
    assert round(per.loc[2022, "mean_bn_yen_per_year"]) == 211


def test_fy2001_and_fy2002_are_included() -> None:
    """Board of Audit of Japan, 在日米軍関係経費の執行状況等について (April 2018), Fig. 5: settled
    expenditure of the HNS 247,529 million yen in FY2001 and 254,068 million yen in FY2002. The
    Japan Times (9 August 2001): 257.3 billion yen earmarked for FY2001."""
    m = hns_measures().set_index("fy")
    assert m.loc[2001, "settled_bn_yen"] == pytest.approx(247.529)
    assert m.loc[2002, "settled_bn_yen"] == pytest.approx(254.068)
    assert m.loc[2001, "hns_bn_yen"] == 257.3 and m.loc[2001, "basis"] == "stated"
    assert math.isfinite(m.loc[2002, "hns_bn_yen"])


def test_japan_definition_includes_sofa_labour_and_keeps_saco_apart() -> None:
    """Ministry of Defense of Japan (在日米軍駐留経費負担の経緯): SOFA-based labour costs (welfare
    etc.) since FY1978 are part of Japan's HNS; SACO and realignment costs are not (Defense of
    Japan 2016, Fig. II-4-4-2, note 2)."""
    m = hns_measures().set_index("fy")
    assert m.loc[1978, "sofa_labor"] == m.loc[1978, "hns_bn_yen"] == 6.2
    row = m.loc[2015]
    assert row["sofa_labor"] == 26.2
    parts = sum(row[p] for p in ("fip", "sofa_labor", "sma_labor", "sma_utilities", "sma_training"))
    assert parts == pytest.approx(row["hns_bn_yen"], abs=0.05)
    # SACO and realignment are separate columns, not inside the total: the total is the
    # ministry's FY2015 figure itself (189.9), not that figure plus SACO or realignment
    assert row["saco_bn_yen"] == 4.6 and row["realignment_bn_yen"] == 142.6
    f15 = hns_figures().set_index(["fy", "basis"]).loc[(2015, "budget"), "total"]
    assert row["hns_bn_yen"] == f15 == 189.9


def test_defense_budget_reference_values() -> None:
    """Defense of Japan 2007, Reference 20 (original budget basis, 100 million yen): FY2001 GDP
    5,186,000, defense-related expenditures 49,388 without SACO (49,553 with); note 2: SACO 16.5
    billion yen in FY2001. Defense of Japan 2016, Reference 12 (Pattern of Defense-Related
    Expenditures, Original Budget Basis, 100 million yen) and its note 2: FY2016 GDP 5,188,100,
    defense 48,607 (50,541 with SACO 2.8, realignment 176.6 and a government aircraft 14.0 billion
    yen); each figure checked, in billion yen."""
    b = defense_budget().set_index("fy")
    assert b.loc[2001, "gdp_bn_yen"] == pytest.approx(518_600.0)
    assert b.loc[2001, "defense_bn_yen"] == pytest.approx(4_938.8)
    assert b.loc[2001, "defense_all_bn_yen"] - b.loc[2001, "defense_bn_yen"] == pytest.approx(16.5)
    assert b.loc[2001, "saco_bn_yen"] == 16.5
    # Reference 12 prints oku yen (100 million yen): 5,188,100 -> 518,810.0 billion yen
    assert b.loc[2016, "gdp_bn_yen"] == pytest.approx(518_810.0)
    assert b.loc[2016, "defense_bn_yen"] == pytest.approx(4_860.7)
    assert b.loc[2016, "defense_all_bn_yen"] == pytest.approx(5_054.1)
    assert b.loc[2016, "saco_bn_yen"] == 2.8 and b.loc[2016, "realignment_bn_yen"] == 176.6
    extra = b.loc[2016, "saco_bn_yen"] + b.loc[2016, "realignment_bn_yen"] + 14.0
    assert b.loc[2016, "defense_all_bn_yen"] - b.loc[2016, "defense_bn_yen"] == pytest.approx(extra)


def test_fx_and_deflator_series_are_stated() -> None:
    """Federal Reserve H.10/G.5 via FRED EXJPUS [fed2025], monthly averages: April 2001 123.7710,
    May 121.7682, June 122.3510, July 124.4981, August 121.3670, September 118.6117, October
    121.4536, November 122.4055, December 127.5945, January 2002 132.6833, February 133.6426,
    March 131.0610 -> FY2001 mean 125.10; calendar 2001 121.52. The ECB cross rates give 124.94
    for FY2001 (the earlier table): the two sources agree within 0.2 %. One series covers every
    year FY1978-2024. IMF WEO [imf2025], Japan NGDP_D as published: 2016 100.411, 2020 101.916
    (so 98.5 on 2020 = 100, the Knoema table's figure), first year 1980."""
    fx = fx_rates().set_index("year")
    fy2001 = [
        123.7710, 121.7682, 122.3510, 124.4981, 121.3670, 118.6117,
        121.4536, 122.4055, 127.5945, 132.6833, 133.6426, 131.0610,
    ]  # fmt: skip
    assert fx.loc[2001, "fiscal"] == round(sum(fy2001) / 12, 2) == 125.10
    assert fx.loc[2001, "calendar"] == 121.52
    assert abs(fx.loc[2001, "fiscal"] / 124.94 - 1) < 0.002
    assert list(fx.index) == list(range(1978, 2025))
    assert fx[["calendar", "fiscal"]].notna().all().all()
    d = gdp_deflator()
    assert d.attrs["base_year"] == 2020 and d[2020] == 101.916 and d[2016] == 100.411
    assert round(100 * d[2016] / d[2020], 1) == 98.5
    assert d.index.min() == 1980 and d.index.max() == 2024
    assert list(d.index) == list(range(1980, 2025))  # no gap, no interpolation needed
    m = hns_measures()
    assert "H.10" in m.attrs["fx"] and "NGDP_D" in m.attrs["deflator"]


def test_personnel_series_reference_values() -> None:
    """DoD September reports [dmdc2024] as transcribed in troopdata [flynn2026]: 45,939 U.S.
    active-duty personnel in Japan in September 1978, 42,962 in September 1996 (the count the
    DoD's 1998 Allied Contributions report gives, as quoted by C. Johnson, Blowback, 2000), 41,848
    in September 2002 (also the House of Councillors compilation, 在日米軍再編等に関する資料集,
    2007, p. 189-191), 50,786 in September 2024. September 2003 and 2004 (40,519 and 36,365)
    come from the House of Councillors compilation; every year 1978-2024 has a count."""
    from anpo.burden.japan import us_personnel

    staff = us_personnel()
    assert staff[1978] == 45_939 and staff[1996] == 42_962 and staff[2002] == 41_848
    assert staff[2003] == 40_519 and staff[2004] == 36_365 and staff[2024] == 50_786
    assert list(staff.index) == list(range(1978, 2025))
    facts = load_japan_facts()
    per_year = {c.year: c.source for c in facts.personnel.counts}
    assert "House of Councillors" in (per_year[2003] or "") and per_year[2002] is None


def test_new_hns_figures_against_their_sources() -> None:
    """Japan Press Weekly (Akahata, 3 March 2004, from the Defense Facilities Administration
    Agency): FY2004 244.1 billion yen = labour 143.0 + facilities 74.9 + utilities 25.8 + night
    landing practice 0.4 (each part checked). Japan Press Weekly (1 April 2011): 'the 185.8 billion yen sympathy
    budget' (FY2011). U.S. Embassy Tokyo media summary (9 June 2021): 'falling to 184.8 billion yen
    in FY2014'; FY2021 201.7 is 'a 9% increase compared with FY2014'. Defense of Japan 2007,
    Fig. III-2-3-10: FY2007 217.3, 'dropped by 6.6%' from FY2006 (232.6)."""
    f = hns_figures().set_index(["fy", "basis"])
    fy04 = f.loc[(2004, "stated")]
    assert fy04["total"] == 244.1 and not fy04["primary"]
    # each part as the article prints it (facilities are the FIP line), then their sum
    printed = {"labor_total": 143.0, "fip": 74.9, "sma_utilities": 25.8, "sma_training": 0.4}
    assert {p: fy04[p] for p in printed} == printed
    assert sum(printed.values()) == pytest.approx(244.1, abs=0.05)
    assert f.loc[(2011, "stated"), "total"] == 185.8
    assert f.loc[(2014, "stated"), "total"] == 184.8
    assert round(201.7 / 184.8 - 1, 2) == 0.09
    assert round(1 - 217.3 / f.loc[(2006, "stated"), "total"], 3) == 0.066
    # the low point after FY1999 is FY2014 among the budget-type figures anpo has
    planned = hns_measures().set_index("fy")["hns_bn_yen"].loc[2000:]
    assert planned.idxmin() == 2014


def test_added_hns_figures_against_their_sources() -> None:
    """Ministry of Defense press release, 20 December 2007 (平成20年度在日米軍駐留経費負担について):
    FY2007 budget 2,173 oku yen (contract basis 2,017), FY2008 draft 2,083 (contract basis 1,925),
    SMA labour 1,158 + utilities 253 + training relocation 5 in FY2008 (the Japan Times, 15 April
    2008: 208.3 = 115.8 + 25.3 + 0.5 + facilities 36.2 + fringe benefits 30.5). Nikkei, 3 June 2012:
    '政府は2012年度予算で1867億円を計上した'. Kyodo / The Japan Times, 22 January 2016: '946.5
    billion yen, compared with 933.2 billion yen for the preceding five years' (FY2011-2015).
    Kyodo / The Japan Times, 4 December 2019: 'about 197.4 billion yen ... in the current fiscal
    year'. Yahoo! News Japan Q&A: '2020年度は計1993億円が防衛省の予算から支出されています'. Jiji Press, 25 December 2021: FY2022 '歳出ベースで2056億円', including 10 oku yen of
    training equipment procurement. The Japan Times, 27 October 1999: FY1999's 275.6 is 'up 8.6
    percent from fiscal 1998', which 'fell ... by 7.3 percent'; C. Johnson, Blowback (2000): the
    1997 support paid 146.2 billion yen of salaries, 95.3 of facilities and 31.9 of utilities."""
    f = hns_figures().set_index(["fy", "basis"])
    assert f.loc[(2007, "contract"), "total"] == 201.7 and f.loc[(2007, "contract"), "primary"]
    assert f.loc[(2008, "contract"), "total"] == 192.5
    fy08 = f.loc[(2008, "budget")]
    assert (fy08["total"], fy08["sma_labor"], fy08["sma_utilities"]) == (208.3, 115.8, 25.3)
    assert (fy08["fip"], fy08["sofa_labor"], fy08["sma_training"]) == (36.2, 30.5, 0.5)
    # The Japan Times (25 December 2007): FY2007 basic pay 115.0 (SMA) and allowances 30.8 (SOFA),
    # which make up Defense of Japan 2007's labour costs of 145.8
    fy07 = f.loc[(2007, "budget")]
    assert fy07["sma_labor"] + fy07["sofa_labor"] == pytest.approx(145.8)
    assert fy07[list(HNS_PARTS)].sum() == pytest.approx(217.3)
    assert f.loc[(2012, "stated"), "total"] == 186.7
    assert f.loc[(2019, "stated"), "total"] == 197.4
    assert f.loc[(2020, "stated"), "total"] == 199.3
    fy22 = f.loc[(2022, "budget")]
    assert fy22["total"] == 205.6 and fy22["sma_training_equipment"] == 1.0
    # derived figures say so, and are what the printed figures and percentages give
    fy13 = f.loc[(2013, "stated")]
    assert fy13["derived"] and fy13["approximate"]
    others = sum(float(f.loc[k, "total"]) for k in [(2011, "stated"), (2012, "stated")])
    others += float(f.loc[(2014, "stated"), "total"]) + float(f.loc[(2015, "budget"), "total"])
    assert fy13["total"] == pytest.approx(933.2 - others, abs=0.05)
    assert "933.2" in str(fy13["note"])
    fy98, fy97 = f.loc[(1998, "budget")], f.loc[(1997, "budget")]
    assert fy98["derived"] and fy97["derived"]
    assert fy98["total"] == pytest.approx(275.6 / 1.086, abs=0.05)
    assert fy97["total"] == pytest.approx(275.6 / 1.086 / 0.927, abs=0.05)
    # Johnson's three parts (training relocation not given) fall short of it by under 0.5
    parts = fy97[["labor_total", "fip", "sma_utilities"]].sum()
    assert 0 < fy97["total"] - parts < 0.5
    # FY1999 stays the peak of the expenditure-basis series
    m = hns_measures().set_index("fy")["hns_bn_yen"]
    assert m.idxmax() == 1999


# ------------------------------------------------------------------ measures


def test_measures_are_computed_from_the_series() -> None:
    """The measures worked by hand from the typed-in figures and their sources (japan_hns.toml):
    FY2001 HNS 257.3 bn yen (The Japan Times, 9 August 2001) and FY2016 192.0 bn yen (Defense of
    Japan 2016, Fig. II-4-4-2); FY2001 GDP 5,186,000 and defense budget 49,388 (100 million yen;
    Defense of Japan 2007, Reference 20); FY2001 mean 125.10 yen per US$ (Federal Reserve H.10,
    FRED EXJPUS [fed2025]); GDP deflator 2001 109.737, 2016 100.411, 2020 (the base) 101.916 (IMF
    WEO NGDP_D [imf2025])."""
    m = hns_measures().set_index("fy")
    r = m.loc[2001]
    assert r["share_of_gdp"] == pytest.approx(257.3 / 518_600.0)
    assert r["share_of_defense"] == pytest.approx(257.3 / 4_938.8)
    assert r["hns_usd_bn"] == pytest.approx(257.3 / 125.10)
    assert m.loc[2016, "hns_real_bn_yen"] == pytest.approx(192.0 * 101.916 / 100.411)
    assert r["hns_real_bn_yen"] == pytest.approx(257.3 * 101.916 / 109.737)
    # rebasing: constant 2016 yen equal the nominal figure in 2016
    assert hns_measures(base_year=2016).set_index("fy").loc[2016, "hns_real_bn_yen"] == 192.0
    with pytest.raises(BurdenError, match="base year 1950"):
        hns_measures(base_year=1950)


def test_missing_years_stay_missing_with_a_reason() -> None:
    """No interpolation: a year without a public figure is null and says why, and so is a
    measure whose series lacks the year (the IMF deflator starts in 1980)."""
    m = hns_measures().set_index("fy")
    assert math.isnan(m.loc[1980, "hns_bn_yen"])
    assert m.loc[1980, "missing"] == "no public HNS figure in the sources anpo cites"
    assert math.isnan(m.loc[1978, "hns_real_bn_yen"])
    assert m.loc[1978, "missing"].startswith("no deflator for 1978 (the deflator covers 1980-2024)")
    assert m.loc[1978, "hns_usd_bn"] == pytest.approx(6.2 / 201.40)  # FY1978 rate exists
    assert m.loc[1978, "hns_per_personnel_yen_m"] == pytest.approx(6.2e3 / 45_939)
    assert m.loc[2016, "missing"] == "" and m.loc[2002, "missing"] == ""
    assert "no GDP or defense budget for FY2021" in m.loc[2021, "missing"]
    # a facts file without a year's rate or count says which years the series covers
    raw = _raw()
    raw["fx"]["rates"] = [r for r in raw["fx"]["rates"] if r["year"] != 2016]
    raw["personnel"]["counts"] = [c for c in raw["personnel"]["counts"] if c["year"] != 2016]
    gap = hns_measures(load_japan_facts(raw)).set_index("fy").loc[2016, "missing"]
    assert "no exchange rate for FY2016 (the rates cover FY1978-2024)" in gap
    assert "no U.S. personnel count for 2016 (the counts cover 1978-2024)" in gap
    # the years are a true time axis: every fiscal year from 1978 to the last figure
    assert list(hns_measures()["fy"]) == list(range(1978, 2023))


def test_dod_figures_and_no_us_remainder() -> None:
    """U.S. DoD, Report on Allied Contributions to the Common Defense, 2004 (2002 data): Japan
    US$4.41 bn = 3.23 direct + 1.18 indirect, 74.5 % of U.S. stationing costs; US$106 thousand
    per U.S. service member. CRS 94-515 (1994): the base excludes U.S. military pay, so no
    'U.S. remainder' is derived."""
    d = dod_cost_sharing()
    jp = d[(d["country"] == "Japan") & (d["year"] == 2002)].iloc[0]
    assert jp["support_usd_bn"] == 4.41 and jp["offset_share"] == 0.745
    assert jp["direct_usd_bn"] + jp["indirect_usd_bn"] == pytest.approx(4.41)
    # 4.41 / 0.745 = 5.9195..., to the three significant figures of both typed figures
    assert jp["implied_nonpersonnel_cost_usd_bn"] == pytest.approx(5.92)
    assert jp["per_personnel_usd_k"] == 106.0
    assert not any("remain" in c for c in d.columns)
    # the Germany and South Korea figures of 2002 are derived from the printed ratios, and say so
    b = dod_benchmarks().set_index(["country", "year"])
    assert b.loc[("Germany", 2002), "support_usd_bn"] == pytest.approx(4.41 / 2.8, abs=0.001)
    assert b.loc[("South Korea", 2002), "support_usd_bn"] == pytest.approx(4.41 / 5.2, abs=0.001)
    assert b.loc[("Germany", 2002), "derived"] and b.loc[("Germany", 2002), "approximate"]


def test_dod_figures_against_the_press_accounts() -> None:
    """Japan Press Weekly (Akahata, 19 August 2001), on the DoD's March 2001 report: Japan's direct
    support 'about 3.96 billion U.S. dollars in 1999', total 'about 5.18 billion'; it prints no
    offset share, so the row's 79% must say it is unverified. Japan Press Weekly (Akahata, 10
    November 2003), on the July 2003 report: 39,691 U.S. troops, 'host-nation support accounts for
    75 percent', '5.4 times' Germany's. Japan Press Weekly (2006), on the 2004 report: 3.22 direct
    and 1.18 indirect of 4.41 (the row keeps 4.41 - 1.18 and notes the printed 3.22)."""
    d = dod_cost_sharing().set_index(["country", "year"])
    y99 = d.loc[("Japan", 1999)]
    assert (y99["direct_usd_bn"], y99["support_usd_bn"]) == (3.96, 5.18)
    assert y99["offset_share"] == 0.79 and "unverified" in y99["note"]
    assert "79%" in y99["note"] and y99["approximate"] and not y99["primary"]
    y01 = d.loc[("Japan", 2001)]
    assert (y01["offset_share"], y01["us_personnel"]) == (0.75, 39_691)
    y02 = d.loc[("Japan", 2002)]
    assert y02["direct_usd_bn"] == pytest.approx(4.41 - 1.18) and "3.22" in y02["note"]
    # the contribution year is not a Japanese fiscal year, and the CRS FY1995 says it is ambiguous
    assert "fiscal year" in d.loc[("Japan", 1995), "note"]


def test_second_hand_dod_rows_say_so_and_take_their_year_from_the_report() -> None:
    """U.S. DoD, Report on Allied Contributions to the Common Defense, Annex: March 2001, 'Cost
    sharing figures reflect 1999 contributions, and are calculated using 1999 dollars and
    exchange rates' (defense.gov/pubs/allied_contrib2001/Allied2001-Annex-A.html); July 2003,
    the same with 2001 (defense.gov/pubs/allied_contrib2003/Allied2003_Annex.html). The Japan
    figures of these two editions could not be read in the reports themselves (only the stored
    pages' openings), so their rows are the press accounts' (Japan Press Weekly, 19 August 2001
    and 10 November 2003): each row says it is second-hand, names the article it is read from
    and takes its year from the report's own Annex; the 2001 row gives only what the article
    prints ('75 percent', 39,691 troops), no total and no share to one decimal."""
    d = dod_cost_sharing().set_index(["country", "year"])
    for year, edition, article in ((1999, 2001, "2001/2248"), (2001, 2003, "2003/2358")):
        row = d.loc[("Japan", year)]
        assert int(row["edition"]) == edition and not row["primary"]
        assert row["note"].startswith("second-hand:"), row["note"]
        assert f"cost sharing figures reflect {year} contributions" in row["note"]
        assert f"japan-press.co.jp/{article}" in row["source"]
    y01 = d.loc[("Japan", 2001)]
    assert y01["offset_share"] == 0.75 and "'75 percent'" in y01["note"]
    assert all(np.isnan(y01[c]) for c in ("support_usd_bn", "direct_usd_bn", "indirect_usd_bn"))
    # the facts file quotes both Annexes and says the reports' own Japan charts were not read
    text = resources.files("anpo.burden.data").joinpath("japan_hns.toml").read_text("utf-8")
    flat = " ".join(line.lstrip("# ").strip() for line in text.splitlines())
    for year in (1999, 2001):
        quote = f"Cost sharing figures reflect {year} contributions, and are calculated using "
        assert quote + f"{year} dollars and exchange rates" in flat
    assert "only the pages' openings could be read" in flat


def test_support_vs_spending_without_data_keeps_nulls() -> None:
    t = support_vs_spending(None)
    assert t["japan_milex_usd_bn"].isna().all()
    assert t["support_share_of_milex"].isna().all()


def test_dod_share_of_gdp_with_sipri(shared_data: Path) -> None:
    """Japan's US$4.41 bn of 2002 (U.S. DoD, Report on Allied Contributions to the Common
    Defense, 2004) over Japan's 2002 GDP as SIPRI implies it (SIPRI Military Expenditure
    Database, the shared 1948-2023 excerpt, Japan 2002: 39,333.7 US$ m current, 0.94036% of
    GDP, so a GDP of US$4,182.9 bn): about 0.105% of GDP."""
    from anpo.burden.panel import sipri_wide
    from anpo.data.sipri import read_sipri_milex

    path = shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"
    if not path.exists():
        pytest.skip("SIPRI excerpt absent")
    w = sipri_wide(read_sipri_milex(path, measures=("current_usd_m", "share_of_gdp")))
    b = dod_benchmarks(None, w).set_index(["country", "year"])
    jp = w[(w["ccode"] == 740) & (w["year"] == 2002)].iloc[0]
    assert b.loc[("Japan", 2002), "share_of_gdp"] == pytest.approx(
        4.41 / (jp["gdp_sipri_usd_m"] / 1000)
    )
    gdp_usd_bn = 39_333.708 / 0.0094035754 / 1000  # the excerpt's two sheets, by hand
    assert b.loc[("Japan", 2002), "share_of_gdp"] == pytest.approx(4.41 / gdp_usd_bn, rel=1e-6)


# ------------------------------------------------------------------ loading other facts


def test_facts_are_a_value_not_a_global(tmp_path: Path) -> None:
    """A facts value passed in is used for that call only: FY2001 set to 300 there, the
    built-in figure (257.3 bn yen, The Japan Times, 9 August 2001) everywhere else."""
    raw = _raw()
    raw["hns"]["figures"] = [
        {**r, "total": 300.0} if (r["fy"], r["basis"]) == (2001, "stated") else r
        for r in raw["hns"]["figures"]
    ]
    facts = load_japan_facts(raw)
    assert hns_measures(facts).set_index("fy").loc[2001, "hns_bn_yen"] == 300.0
    assert hns_measures().set_index("fy").loc[2001, "hns_bn_yen"] == 257.3


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (lambda r: r["hns"]["figures"][0].update(total=-1.0), "hns.figures[0].total", "greater"),
        (lambda r: r["hns"]["figures"][0].update(basis="guess"), "hns.figures[0].basis", "Input"),
        (lambda r: r["hns"]["figures"][0].pop("source"), "hns.figures[0].source", "required"),
        (lambda r: r["hns"]["figures"].append(dict(r["hns"]["figures"][0])), "", "given twice"),
        (
            lambda r: next(f for f in r["hns"]["figures"] if f["fy"] == 2016).update(fip=90.0),
            "hns.figures",
            "add up",
        ),
        # fuzzing: a repeated year in these tables passed validation and 'anpo burden japan
        # --facts FILE' crashed in pandas ("Reindexing only valid with uniquely valued Index")
        (lambda r: r["fx"]["rates"].insert(1, r["fx"]["rates"][0]), "fx", "year 1978 is given"),
        (lambda r: r["deflator"]["index"].append(r["deflator"]["index"][3]), "deflator", "twice"),
        (lambda r: r["budget"]["rows"].append(r["budget"]["rows"][0]), "budget", "FY"),
        (lambda r: r["personnel"]["counts"].append(r["personnel"]["counts"][0]), "personnel", ""),
        (lambda r: r["dod"]["cost_sharing"].append(r["dod"]["cost_sharing"][0]), "dod", "twice"),
    ],
)
def test_bad_facts_name_the_field(edit, field: str, message: str) -> None:  # noqa: ANN001
    raw = _raw()
    edit(raw)
    with pytest.raises(BurdenError) as err:
        load_japan_facts(raw)
    assert message in err.value.message
    assert (err.value.field or "").startswith(field)


def test_facts_file_with_a_repeated_year_is_one_line(tmp_path: Path) -> None:
    """The fuzzed file: the FX table's first row repeated; ``anpo burden japan --facts`` says
    which table and year, exit 2 (it crashed in pandas' reindexing)."""
    from typer.testing import CliRunner

    import anpo.cli

    text = resources.files("anpo.burden").joinpath("data/japan_hns.toml").read_text("utf-8")
    row = "  { year = 1978, calendar = 210.46, fiscal = 201.40 },\n"
    assert row in text
    path = tmp_path / "facts.toml"
    path.write_text(text.replace(row, row + row, 1), encoding="utf-8")
    args = ["burden", "japan", "--facts", str(path), "-y", "1978", "--no-catalog", "--json"]
    r = CliRunner().invoke(anpo.cli.app, args)
    assert r.exit_code == 2, r.output
    assert "fx: rates: year 1978 is given twice (entries 0 and 1)" in r.stderr


def test_bad_facts_file_names_file_line_and_field(tmp_path: Path) -> None:
    """A user's facts file with a negative total: the one-line error names the file, the line
    of the bad value and the field."""
    text = resources.files("anpo.burden").joinpath("data/japan_hns.toml").read_text("utf-8")
    bad = text.replace("total = 6.2\n", "total = -6.2\n", 1)
    assert bad != text
    path = tmp_path / "facts.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(BurdenError) as err:
        load_japan_facts(path)
    lineno = bad.splitlines().index("total = -6.2") + 1
    line = err.value.one_line()
    assert "facts.toml" in line and f":{lineno}" in line and "hns.figures[0].total" in line


@pytest.mark.parametrize(("old", "new", "field", "says"), [
    ("base_year = 2020", "base_year = 1800", "deflator.base_year",
     "not a year of the index, which covers 1980-2024 (got 1800)"),
    ("{ year = 1980, value = 93.667 }", "{ year = -5, value = 93.667 }",
     "deflator.index[0].year", "greater than or equal to 1800 (got -5)"),
    ("{ year = 1978, calendar = 210.46, fiscal = 201.40 }",
     "{ year = 99999, calendar = 210.46, fiscal = 201.40 }", "fx.rates[0].year",
     "less than or equal to 2100 (got 99999)"),
    ("last_edition = 2004", "last_edition = 4", "dod.last_edition", "greater than or equal"),
])  # fmt: skip
def test_a_facts_file_year_outside_any_data_is_refused_at_its_line(
    tmp_path: Path, old: str, new: str, field: str, says: str
) -> None:
    """``anpo burden japan --facts FILE`` took any whole number as a year: a deflator year of
    -5 or an FX year of 99999 was accepted and never read (the year it replaced silently lost
    its figure), and a base year the deflator lacks was an error naming no file, raised only
    when the HNS table was built. Each is refused on loading, at the file's line and key
    (years 1800-2100, the burden commands' --year; the base year one of the index's); a row
    of a multi-line array (``rates = [`` then one ``{ year = ..., ... },`` a line) at its own
    line, not the array's first."""
    from typer.testing import CliRunner

    import anpo.cli

    text = resources.files("anpo.burden").joinpath("data/japan_hns.toml").read_text("utf-8")
    assert text.count(old) == 1
    bad = text.replace(old, new)
    path = tmp_path / "facts.toml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(BurdenError) as err:
        load_japan_facts(path)
    line = next(i for i, ln in enumerate(bad.splitlines(), 1) if new in ln)
    assert (err.value.file, err.value.line, err.value.field) == (str(path), line, field)
    assert says in err.value.message, err.value.one_line()
    r = CliRunner().invoke(anpo.cli.app, ["burden", "japan", "--facts", str(path), "--no-catalog"])
    assert r.exit_code == 2 and err.value.one_line() in r.stderr, r.output
    assert r.stderr.startswith(f"error: {path}:{line}"), r.stderr


def test_unreadable_facts_file(tmp_path: Path) -> None:
    with pytest.raises(BurdenError, match="not found"):
        load_japan_facts(tmp_path / "none.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("schema = [", encoding="utf-8")
    with pytest.raises(BurdenError, match="invalid TOML"):
        load_japan_facts(bad)


# ------------------------------------------------------------------ the ECB tool


def test_ecb_tool_means_whole_periods_only(tmp_path: Path) -> None:
    """tools/ecb_jpy_usd.py: a period's rate is the mean of its daily cross rates JPY/USD; a
    period the file does not cover whole is left out."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(
        "ecb_jpy_usd", Path(__file__).resolve().parents[1] / "tools" / "ecb_jpy_usd.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["ecb_jpy_usd"] = mod
    spec.loader.exec_module(mod)
    days = pd.bdate_range("2001-01-01", "2002-06-28")
    jpy = np.where(days < pd.Timestamp("2001-04-01"), 120.0, 130.0)
    csv = tmp_path / "eurofxref-hist.csv"
    pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "USD": 1.0, "JPY": jpy * 1.0}).to_csv(
        csv, index=False
    )
    t = mod.period_means(mod.read_rates(csv)).set_index("year")
    q1 = (days < pd.Timestamp("2001-04-01")).sum()
    n2001 = (days.year == 2001).sum()
    assert t.loc[2001, "calendar"] == pytest.approx((120 * q1 + 130 * (n2001 - q1)) / n2001)
    assert t.loc[2001, "fiscal"] == pytest.approx(130.0)
    assert 2002 not in t.index or pd.isna(t.loc[2002, "calendar"])  # 2002 is partial
    assert 2000 not in t.index  # FY2000 ends in March 2001 but starts before the data


def _load_tool(name: str):  # noqa: ANN202
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(
        name, Path(__file__).resolve().parents[1] / "tools" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_fred_tool_means_whole_periods_only(tmp_path: Path) -> None:
    """tools/fred_jpy_usd.py: a calendar year is the mean of its 12 monthly averages, a fiscal
    year the mean of April-March; a period with a month missing (FRED writes '.') is left out."""
    mod = _load_tool("fred_jpy_usd")
    months = pd.date_range("2000-01-01", "2002-03-01", freq="MS")
    values = [f"{100.0 + i:.4f}" for i in range(len(months))]
    values[months.get_loc(pd.Timestamp("2000-06-01"))] = "."
    csv = tmp_path / "EXJPUS.csv"
    pd.DataFrame({"observation_date": months.strftime("%Y-%m-%d"), "EXJPUS": values}).to_csv(
        csv, index=False
    )
    t = mod.period_means(mod.read_monthly(csv)).set_index("year")
    assert t.loc[2001, "calendar"] == pytest.approx(100.0 + (12 + 23) / 2)  # Jan-Dec 2001
    assert t.loc[2001, "fiscal"] == pytest.approx(100.0 + (15 + 26) / 2)  # Apr 2001-Mar 2002
    assert 2000 not in t.index  # June 2000 is missing: neither 2000 nor FY2000 is whole
    assert 1999 not in t.index  # FY1999 ends in March 2000 but starts before the file
    assert 2002 not in t.index  # only three months of 2002


# ------------------------------------------------------------------ the reading


def _asia(significant_years: int = 0, n: int = 5, years: int = 10) -> pd.DataFrame:
    rows = []
    for i in range(years):
        p = 0.01 if i < significant_years else 0.4
        rows.append(
            {"year": 1990 + i, "members": n, "n": n, "rho": 0.3, "p_value": p,
             "alternative": "greater", "status": "ok"}
        )  # fmt: skip
    return pd.DataFrame(rows)


def _reading(**kw):  # noqa: ANN003, ANN202
    args = {"hns": hns_measures(), "periods": hns_periods(), "dod": dod_benchmarks()}
    args.update(kw)
    return japan_reading(**args)


def test_reading_states_the_required_points() -> None:
    """The reading's answer: FY2001's 257.3 bn yen (The Japan Times, 9 August 2001) is 0.050%
    of that year's GDP (518,600 bn yen, Defense of Japan 2007, Reference 20: 257.3 / 518,600 =
    0.000496), inside the defense budget; the DoD's own-year share for 2001 (about 75%, press
    account), the 2002 report's own 74.5% only beside it with its own year (the authoritative
    figure the key finding quotes); and the exploitation test's verdict."""
    r = _reading(asia=_asia())
    text = " ".join([r.answer, *r.show, *r.not_show, r.caveat])
    assert "¥257.3 bn" in r.answer and "FY2001" in r.answer
    assert "¥257.3 bn in FY2001, 0.050% of GDP" in r.answer
    assert "already counted inside Japan's defense budget" in r.answer
    # the DoD's share of its own year 2001 (press-relayed); the 2002 report's 74.5% only with
    # its year, never as 2001's
    assert "about 75%" in r.answer and "military pay" in r.answer
    assert r.answer.count("74.5%") == r.answer.count("74.5% for 2002") == 1
    assert "never significant at 5% in 10 years" in text
    assert "5 to 5" not in text and "With 5 members with data a year" in text
    assert "one-sided, alternative rho > 0" in text
    assert "leaves the United States" in text and "1.38" not in text  # dropped, and said so
    assert {f.question for f in r.findings} >= {
        "How large is Japan's host-nation support?",
        "Do the United States and its treaty allies in Asia follow the public-good (exploitation) "
        "model?",
    }


def test_a_changed_figure_changes_the_sentence() -> None:
    """The reading is generated: change FY2001's budget and the answer, the share of GDP and the
    finding follow; make two test years significant and the verdict follows."""
    base = _reading(asia=_asia())
    hns = hns_measures()
    i = hns.index[hns["fy"] == 2001][0]
    hns.loc[i, "hns_bn_yen"] = 300.0
    hns.loc[i, "share_of_gdp"] = 300.0 / 518_600.0
    changed = _reading(hns=hns, asia=_asia())
    assert "¥300.0 bn in FY2001" in changed.answer and "¥257.3 bn" not in changed.answer
    assert fmt_share(300.0 / 518_600.0) in changed.answer
    assert changed.findings[0].number != base.findings[0].number
    sig = _reading(asia=_asia(significant_years=2))
    assert "significant at 5% in 2 of 10 years" in " ".join(sig.show)
    assert "2 of 10 years" in sig.findings[-1].number
    assert sig.answer != base.answer
    dod = dod_benchmarks()
    dod.loc[(dod["country"] == "Japan") & (dod["year"] == 2001), "offset_share"] = 0.6
    assert "about 60%" in _reading(dod=dod, asia=_asia()).answer


def test_components_come_from_the_row_and_a_far_year_is_no_estimate() -> None:
    """review9 F2. FY1978's ¥6.2 bn is the SOFA-based labour-cost share alone, the first year
    (japan_hns.toml: Asahi Shimbun, AERA dot., citing the Ministry of Defense); the Facilities
    Improvement Program began in FY1979 and the Special Measures Agreements in FY1987 (Ministry
    of Defense, 在日米軍駐留経費負担の経緯). The reading named all five parts for it, and answered
    FY1985 with it as if near. FY2000's parts are the Japan Times' (80.9 + 149.3 + 29.8 + 0.4)."""
    y78 = " ".join(_reading(seed_year=1978).show)
    assert "¥6.2 bn (initial budget, expenditure basis): all of it the SOFA-based labour" in y78
    assert "Facilities Improvement Program" not in y78.split("Per U.S.")[0]
    assert "Special Measures Agreement" not in y78.split("Per U.S.")[0]
    y85 = _reading(seed_year=1985)
    assert y85.answer.startswith(
        "No host-nation support figure within 2 fiscal years of FY1985 in anpo's sources: the "
        "nearest is FY1978, 7 years earlier and the programme's first year. This reading reads "
        "FY1978's figure, which is not an estimate for FY1985."
    )
    assert "all of it the SOFA-based labour costs" in " ".join(y85.show)
    # review10 F1: FY1979 and FY1980 are within two years of FY1978 but read the first year's
    # SOFA labour alone, before the Facilities Improvement Program began (FY1979, above)
    for y, gap in ((1979, "1 year"), (1980, "2 years")):
        assert _reading(seed_year=y).answer.startswith(
            f"No host-nation support figure for FY{y} in anpo's sources: the nearest is "
            f"FY1978, {gap} earlier and the programme's first year. This reading reads "
            f"FY1978's figure, which is not an estimate for FY{y}."
        )
    y95 = _reading(seed_year=1995).answer  # two years before a mid-series row: the plain note
    assert y95.startswith(
        "No host-nation support figure for FY1995 in anpo's sources; the nearest fiscal year "
        "with one is FY1997, which this reading reads."
    )
    assert "not an estimate" not in y95
    near = _reading(seed_year=1996).answer  # a settled figure only; FY1997 read, one year on
    assert "not an estimate" not in near and "FY1997" in near
    y00 = " ".join(_reading(seed_year=2000).show)
    assert "made up of Special Measures Agreement utilities ¥29.8 bn" in y00
    assert "the Facilities Improvement Program ¥80.9 bn" in y00
    y97 = " ".join(_reading(seed_year=1997).show)  # training relocation not given: 273.4 of 273.8
    assert "of which the source gives" in y97
    y01 = " ".join(_reading(seed_year=2001).show)  # a total only: the definition, said as such
    assert "by definition; the source gives the total, not its parts" in y01


def test_the_reading_words_the_basis_as_the_table_does() -> None:
    """review10 F6: the reading called FY2001's ¥257.3 bn "(budget)" while the table beside it
    says "budget figure, basis not stated by the source" (japan_hns.toml: basis "stated"), and
    FY2000's contract-basis figure "budget, contract basis" for the table's "initial budget,
    contract basis". Both now come from BASIS_LABEL."""
    y01 = " ".join(_reading(seed_year=2001).show)
    assert "¥257.3 bn (budget figure, basis not stated by the source):" in y01
    assert BASIS_LABEL["stated"] == "budget figure, basis not stated by the source"
    hns = hns_measures()
    for fy in (2000, 2001, 1978):
        row = hns[hns["fy"] == fy].iloc[0]
        shown = " ".join(_reading(seed_year=fy).show)
        assert f"({BASIS_LABEL[str(row['basis'])]})" in shown, fy


def test_the_answer_judges_nothing_it_did_not_compute() -> None:
    """Acceptance walk of issue 13: the answer called FY2001's support 'a large payment for U.S.
    forces, a small share of Japan's economy' whatever the figure (9999.9 bn yen, or FY1978's
    6.2 bn), and tied it to the DoD's 2002 offset share (U.S. DoD, Report on Allied
    Contributions to the Common Defense, 2004: 74.5%), another measure and year. The answer now
    makes no judgement without a threshold and gives the DoD share only for its own year."""
    hns = hns_measures()
    hns.loc[hns["fy"] == 2001, "hns_bn_yen"] = 9999.9
    big = _reading(hns=hns, asia=_asia()).answer
    assert "¥9,999.9 bn in FY2001" in big
    for r in (big, _reading(seed_year=1800).answer, _reading(seed_year=2002).answer):
        assert "large" not in r and "small" not in r
    old = _reading(seed_year=1800).answer
    assert "¥6.2 bn in FY1978" in old
    assert "Department of Defense" not in old and "%" not in old  # no DoD figure for 1978
    y02 = _reading(seed_year=2002).answer
    assert "measure, that of the U.S. Department of Defense for 2002 (its" in y02 and "74.5%" in y02
    assert "press account" not in y02  # read from the 2004 report itself
    y01 = _reading(seed_year=2001).answer
    assert (
        "measure, that of the U.S. Department of Defense for 2001 (its" in y01
        and "press account" in y01
    )
    # the relayed 'about 75%' is followed by the report's own figure, with its year
    assert (
        "military pay; the DoD's own figure nearest that year, read from the report itself "
        "(2004 edition), is 74.5% for 2002." in y01
    )
    assert "own figure" not in y02


def test_last_dod_edition_comes_from_the_facts() -> None:
    """The DoD's last Allied Contributions edition (2004, with 2002 data: dod2004) is read from
    the facts' ``dod.last_edition``, not typed into the sentence; without it the sentence names
    no year."""
    base = " ".join(_reading(asia=_asia()).not_show)
    assert "stopped publishing the figures after its 2004 report" in base
    raw = _raw()
    raw["dod"]["last_edition"] = 2005
    later = _reading(dod=dod_benchmarks(load_japan_facts(raw)), asia=_asia())
    assert "after its 2005 report" in " ".join(later.not_show)
    bare = dod_benchmarks()
    bare.attrs.clear()
    text = " ".join(_reading(dod=bare).not_show)
    assert "no longer publishes the figures" in text and "2004" not in text


def test_reading_per_member_figure_keeps_two_significant_digits() -> None:
    """FY1978: ¥6.2 bn over 45,939 U.S. service members is ¥135 thousand, US$670 at the
    fiscal-year rate; the reading said '¥0.1 million, about US$1 thousand' (one decimal of a
    million, no decimal of a thousand: 26% and 49% off). The FY2001 sentence is unchanged."""
    early = " ".join(_reading(seed_year=1978).show)
    m = hns_measures().set_index("fy")
    yen = 6.2e9 / 45_939
    usd = m.loc[1978, "hns_per_personnel_usd_k"] * 1e3
    assert m.loc[1978, "hns_per_personnel_yen_m"] == pytest.approx(yen / 1e6)
    assert f"it was ¥{yen / 1e3:,.0f} thousand, about US${round(usd, -1):,.0f} at" in early, early
    assert "¥0.1 million" not in early and "US$1 thousand" not in early
    now = " ".join(_reading().show)
    assert "it was ¥6.4 million, about US$51 thousand at the fiscal-year rate" in now, now


def test_reading_without_data_says_what_is_missing() -> None:
    r = _reading()
    assert "exploitation test was not run" in " ".join(r.not_show)
    assert "exploitation" not in r.answer
    assert all("public-good" not in f.question for f in r.findings)
    assert "fiscal years" in " ".join(r.not_show)  # the missing HNS years are counted


def test_coverage_sentence_only_when_it_applies() -> None:
    full = pd.DataFrame(
        {"year": [1998, 1999, 2000], "members": [16, 19, 19], "n": [15, 18, 18],
         "status": "ok"}
    )  # fmt: skip
    assert nato_coverage_sentence(full, "the data") == ""
    part = full.assign(n=[15, 15, 15])
    s = nato_coverage_sentence(part, "the SIPRI excerpt")
    assert s.startswith("From 1999 on, only 15 of NATO's 19 members have figures in the SIPRI")


def test_reading_on_the_sipri_excerpt(shared_data: Path) -> None:
    """On the SIPRI excerpt: the U.S.-Asia test is never significant (0 of 70 years, 1954-2023)
    with 4-7 members with data; from 1999 only NATO's 15 earlier members have figures."""
    from anpo.burden.panel import build_panel, exploitation_by_year
    from anpo.data.sipri import read_sipri_milex

    path = shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"
    if not path.exists():
        pytest.skip("SIPRI excerpt absent")
    s = read_sipri_milex(path, measures=("current_usd_m", "share_of_gdp"))
    asia = exploitation_by_year(build_panel("us_asia", sipri=s))
    nato = exploitation_by_year(build_panel("nato", sipri=s))
    ex = summarise_exploitation(asia, "the U.S. allies in Asia")
    assert (ex.years_tested, ex.years_significant, ex.n_min, ex.n_max) == (70, 0, 4, 7)
    r = _reading(asia=asia, nato=nato, data_label="the SIPRI excerpt")
    text = " ".join(r.show)
    assert "never significant at 5% in 70 years (1954-2023" in text
    assert "From 1999 on, only 15 of NATO's 19 members have figures in the SIPRI excerpt" in text


# ------------------------------------------------------------------ formatting and power


@settings(max_examples=40, deadline=None)
@given(st.integers(4, 40), st.sampled_from(["greater", "two-sided"]))
def test_critical_rho_inverts_the_p_value(n: int, alternative: str) -> None:
    """critical_rho is the r at which the t-approximation p-value equals alpha (0.05)."""
    r = critical_rho(n, alternative)
    assert p_value_from_r(r, n - 2, alternative) == pytest.approx(0.05, abs=1e-9)
    assert 0 < r < 1


def test_critical_rho_reference_value() -> None:
    """[zar1972], JASA 67, Table 1: the 0.05 critical r_s for n = 15 is 0.521 two-tailed (anpo's
    default alternative) and 0.446 one-tailed by the exact distribution; the t-approximation
    anpo uses by default gives 0.514 and 0.441."""
    assert critical_rho(15) == pytest.approx(0.514, abs=0.001)
    assert critical_rho(15) == critical_rho(15, "two-sided")
    assert critical_rho(15, "greater") == pytest.approx(0.441, abs=0.001)
    assert exact_critical_rho(15) == pytest.approx(0.521, abs=5e-4)
    assert exact_critical_rho(15, "greater") == pytest.approx(0.446, abs=5e-4)


@pytest.mark.parametrize(
    ("x", "text"),
    [(0.000496, "0.050%"), (0.052, "5.2%"), (0.746, "75%"), (0.0011, "0.11%"), (0, "0%")],
)
def test_fmt_share(x: float, text: str) -> None:
    assert fmt_share(x) == text
    assert fmt_share(0.745, 3) == "74.5%"


def test_reading_is_frozen() -> None:
    r = _reading()
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.answer = "x"  # type: ignore[misc]
    assert set(HNS_PARTS) >= {"sma_labor", "sofa_labor", "fip"}


def test_personnel_count_agrees_with_the_dod_per_member_figure() -> None:
    """DoD Active Duty Military Personnel Strengths: 41,848 U.S. personnel in Japan on
    30 September 2002 and 40,217 on 30 September 2001; the 2004 Allied Contributions report's
    US$106 thousand per service member is US$4.41 bn over about that many (4.41e6 / 41,848 =
    105.4 thousand)."""
    from anpo.burden.japan import us_personnel

    staff = us_personnel()
    assert staff[2002] == 41_848
    assert 4.41e6 / staff[2002] == pytest.approx(106.0, abs=1.0)
    m = hns_measures().set_index("fy")
    assert m.loc[2002, "hns_per_personnel_yen_m"] == pytest.approx(250.0e3 / 41_848)
    r = _reading()
    assert "41,848 on 30 September 2002" not in " ".join(r.show)  # FY2001 is read first
    assert "40,217 on 30 September 2001" in " ".join(r.show)


def test_direct_support_comparison_is_generated() -> None:
    """U.S. DoD, Report on Allied Contributions to the Common Defense, March 2000 (1998 data),
    as reported by The Japan Times (31 July 2000): direct support Japan US$2.88 bn, South Korea
    US$349 million, Germany US$23.3 million. The sentence carries the computed ratios."""
    text = " ".join(_reading().show)
    assert "1998 figures put Japan's at US$2.88 bn" in text
    assert f"{2.88 / 0.0233:,.0f} times Germany's (US$23 million)" in text
    assert f"{2.88 / 0.349:.1f} times South Korea's (US$349 million)" in text


def test_readme_numbers_are_the_computed_ones() -> None:
    """The README's burden section quotes numbers anpo computes; they must stay true."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    m = hns_measures()
    have, total = int(m["hns_bn_yen"].notna().sum()), len(m)
    first, last = int(m["fy"].min()), int(m["fy"].max())
    assert f"today {have} of\n{total} years FY{first}-{last}" in readme or (
        f"today {have} of {total} years FY{first}-{last}" in " ".join(readme.split())
    )
    r = m.set_index("fy").loc[2001]
    text = " ".join(readme.split())
    assert f"FY2001: {fmt_share(r['share_of_gdp'])} of GDP" in text
    assert f"{fmt_share(r['share_of_defense'])} of the defense budget" in text
    # the default alternative (two-sided) read at the U.S. allies in Asia's 4 and 7 members
    assert f"reach {critical_rho(7):.2f}-{critical_rho(4):.2f} to be significant by the t" in text
    assert critical_rho(7) == critical_rho(7, "two-sided")
    assert exact_critical_rho(4) is None and exact_critical_rho(4, "greater") == pytest.approx(1.0)
    assert (
        f"by the exact test {exact_critical_rho(7):.2f} with 7 members, and no ranking of 4 "
        "members is significant" in text
    )


def test_reading_names_the_constant_yen_peak_not_the_first_year() -> None:
    """Beside the nominal peak (¥275.6 bn, FY1999: Nikkei; the Japan Times, 27 October 1999)
    the reading gave the constant-yen figure of FY1997, the first year with both a figure and an
    IMF deflator, which a reader takes for the real peak. In constant 2020 yen the peak is
    FY1999's 275.6 x 101.916 / 112.443 = ¥249.8 bn (IMF WEO NGDP_D), and the sentence now says
    so; the year it names is the maximum of the constant-yen column, whatever the figures."""
    r = _reading()
    text = " ".join(r.show)
    assert "in constant 2020 yen (GDP deflator) it peaked at ¥249.8 bn in FY1999" in text
    assert "in FY1997 and" not in text
    h = hns_measures()
    real = h[h["hns_bn_yen"].notna() & h["hns_real_bn_yen"].notna()]
    top = real.loc[real["hns_real_bn_yen"].idxmax()]
    assert f"peaked at ¥{top['hns_real_bn_yen']:.1f} bn in FY{int(top['fy'])}" in text
    assert 275.6 * 101.916 / 112.443 == pytest.approx(top["hns_real_bn_yen"], abs=0.05)


@pytest.mark.parametrize(
    ("n", "one_tailed", "two_tailed"),
    [(4, 1.0, None), (5, 0.900, 1.0), (6, 0.829, 0.886), (7, 0.714, 0.786), (10, 0.564, 0.648)],
)
def test_exact_critical_rho_is_zars_table(
    n: int, one_tailed: float, two_tailed: float | None
) -> None:
    """[zar1972, Table 1], critical values of Spearman's rho at alpha = 0.05 (one- and
    two-tailed), computed from the exact permutation distribution."""
    assert exact_critical_rho(n, "greater") == pytest.approx(one_tailed, abs=5e-4)
    two = exact_critical_rho(n, "two-sided")
    assert two is None if two_tailed is None else two == pytest.approx(two_tailed, abs=5e-4)
    assert exact_critical_rho(3, "greater") is None  # the smallest p is 1/6


def test_reading_gives_the_exact_bar_where_the_t_rule_is_lenient() -> None:
    """With 4 to 7 members a year (the U.S. allies in Asia) the t-approximation's bar (0.67 to
    0.90) is below the exact test's (0.71 to 1.00, [zar1972, Table 1]): with 4 members a
    correlation of 0.90 passes the t rule, while exactly P(rho >= 0.9) = 4/24 = 0.17 and only a
    perfect ranking passes. The reading says so for small n, and not for NATO's 8 to 15, where
    the two bars differ by less than 0.03."""
    asia = summarise_exploitation(
        pd.concat([_asia(n=4, years=2), _asia(n=7, years=2)]), "the U.S. allies in Asia"
    ).sentence()
    assert "0.67 (with 7) to 0.90 (with 4)" in asia
    assert "By the exact permutation test the bar is higher still, 0.71 (with 7) to 1.00" in asia
    nato = summarise_exploitation(
        pd.concat([_asia(n=8, years=2), _asia(n=15, years=2)]), "NATO"
    ).sentence()
    assert "exact permutation" not in nato


def test_a_constant_membership_is_one_number_not_a_span() -> None:
    """With as many members every year the reading and its key finding say '6 members' and one
    bar, not '6-6' and '0.73-0.73'; with 4 to 7 they give the span, the bar for the most members
    first (critical values: [zar1972, Table 1] via the t-approximation)."""
    from anpo.burden.reading import critical_rho

    r = _reading(asia=_asia(n=6))
    text = " ".join([r.answer, *r.show, *r.not_show, r.caveat, *(f.confidence for f in r.findings)])
    assert "6-6" not in text and "with 6 members with data" in text
    bar = f"{critical_rho(6, 'greater'):.2f}"
    assert f"{bar}-{bar}" not in text
    ex = summarise_exploitation(pd.concat([_asia(n=4), _asia(n=7)]), "the U.S. allies in Asia")
    assert ex.members_span() == "4-7"
    assert (
        ex.critical_span() == f"{critical_rho(7, 'greater'):.2f}-{critical_rho(4, 'greater'):.2f}"
    )


def test_fy2017_18_remainder_note_counts_the_budgets_it_subtracts() -> None:
    """The FY2020 figure's note derives what FY2017 and FY2018 share from the five-year total
    of the FY2016-2020 budgets (Kyodo, 21 December 2021: 980.1 billion yen) less the budgets
    the table holds: their number and the remainder it states follow from the figures (it said
    "four" budgets where the table holds three)."""
    figs = hns_figures()
    budgets = figs[(figs["fy"] >= 2016) & (figs["fy"] <= 2020)]
    note = str(figs.loc[figs["fy"] == 2020, "note"].iloc[0])
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
    assert f"the {words[len(budgets)]} FY2016-2020 budgets" in note
    assert f"{980.1 - budgets['total'].sum():.1f} for FY2017 and FY2018" in note


def test_exploitation_finding_gives_a_verdict_and_its_years() -> None:
    """The burden key finding read only "Significant in 16 of 74 years.": NATO's significant
    years all fall before flexible response (1967), which is Khanna & Sandler's (1996) finding
    of exploitation fading; the answer now leads with a computed verdict and names the span of
    the significant years and the tested years after it (an acceptance walk of issue 11)."""
    early = _asia(n=12, years=74)
    early["year"] = range(1949, 2023)
    early.loc[early["year"].between(1950, 1965), "p_value"] = 0.01
    ex = summarise_exploitation(early, "NATO")
    assert ex.significant_years == tuple(range(1950, 1966))
    assert ex.verdict() == (
        "Only early on: significant in 16 of 74 years, all within 1950-1965; none in the 57 "
        "years tested after 1965."
    )
    late = _asia(n=12, years=30)
    late["year"] = range(1950, 1980)
    late.loc[late["year"].isin([1975, 1977]), "p_value"] = 0.01
    verdict = summarise_exploitation(late, "NATO").verdict()
    assert verdict == (
        "Only lately: significant in 2 of 30 years (1975, 1977), all within 1975-1977; none in "
        "the 2 years tested after 1977."
    )
    assert summarise_exploitation(_asia(), "Asia").verdict() == (
        "Not detected: no year of 1990-1999 is significant, but with at most 5 members with "
        "data a year the test can detect only a very strong pattern."
    )
    assert summarise_exploitation(_asia(10), "Asia").verdict() == (
        "Yes: every year of 1990-1999 is significant."
    )


@given(st.floats(min_value=1e-3, max_value=1e308, allow_nan=False, allow_infinity=False))
def test_reading_amounts_never_print_binary_noise(x: float) -> None:
    """A facts file's settled figure of 1e300 (billion yen) was read out as a 301-digit yen
    amount ('¥1,000,000,000,000,000,052,504,...'), the float's binary expansion, not a figure
    anyone wrote. Amounts of 1e15 and more are given in short form ('¥1e300 bn'); below, in
    grouped digits as before."""
    from anpo.burden import reading

    for text in (reading._yen(x), reading._usd(x), reading._usd_auto(x), reading._ratio(x)):
        digits = sum(ch.isdigit() for ch in text)
        assert digits <= 20, text
    assert reading._yen(1e300) == "¥1e300 bn"
    assert reading._yen(273.739) == "¥273.7 bn"
    assert reading._usd_auto(0.0233) == "US$23 million"


def test_per_member_figure_says_about_only_when_the_source_is_approximate() -> None:
    """The reading said 'per U.S. service member stationed it was about US$106 thousand' where
    the benchmarks table beside it (and the README) print Japan's 2002 figure as 106, not
    flagged approximate in the facts (U.S. DoD, Report on Allied Contributions to the Common
    Defense, 2004, via Japan Press Weekly 2006): 'about' follows the row's approximate flag."""
    text = " ".join(_reading().show)
    assert "per U.S. service member stationed it was US$106 thousand" in text
    assert "about US$106 thousand" not in text
    dod = dod_benchmarks()
    last = (dod["country"] == "Japan") & (dod["year"] == 2002)
    assert not dod.loc[last, "approximate"].any()
    dod.loc[last, "approximate"] = True
    flagged = " ".join(_reading(dod=dod).show)
    assert "per U.S. service member stationed it was about US$106 thousand" in flagged


def test_implied_dod_base_keeps_the_precision_of_its_inputs() -> None:
    """CRS 94-515 (1994), FY1995: Japan's support of about US$4.1 bn was 76% of U.S. stationing
    costs excluding military pay, and the note gives those costs as 1.3 beside the 4.1, i.e.
    5.4 in all; the implied base printed '5.39' (4.1 / 0.76 to three figures), a digit neither
    typed figure has. A derived figure keeps the significant figures of its less precise input."""
    d = dod_cost_sharing().set_index(["country", "year"])
    assert d.loc[("Japan", 1995), "implied_nonpersonnel_cost_usd_bn"] == pytest.approx(5.4)
    # 5.18 (three figures) at 79% (two): two figures
    assert d.loc[("Japan", 1999), "implied_nonpersonnel_cost_usd_bn"] == pytest.approx(6.6)
    # no support figure, no implied base (not a zero)
    assert np.isnan(d.loc[("Japan", 2001), "implied_nonpersonnel_cost_usd_bn"])


def test_a_verdict_without_significant_years_says_no_only_where_the_test_has_power() -> None:
    """The Asia key finding answered 'No: no year of 1954-2023 is significant.' to 'Does the
    U.S. alliance system in Asia show the exploitation of the great by the small?', though with
    4-7 members a year the rank correlation must reach 0.75-0.95 to be significant (Student's t,
    df = n - 2; Olson & Zeckhauser 1966): absence of significance there is not evidence of
    absence. The verdict says 'Not detected' and why where even the best-populated year needs a
    very strong correlation (STRONG_RHO), and keeps 'No' where the test could see a moderate
    one."""
    weak = summarise_exploitation(_asia(n=7), "Asia")
    assert weak.verdict().startswith("Not detected: no year of 1990-1999 is significant")
    assert "at most 7 members" in weak.verdict() and not weak.verdict().startswith("No:")
    strong = summarise_exploitation(_asia(n=40), "NATO")
    assert strong.critical_rho_n_max is not None and strong.critical_rho_n_max < 0.6
    assert strong.verdict() == "No: no year of 1990-1999 is significant."


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"base_year": 2001.5}, "base_year"),  # accepted: int() read it as 2001
        ({"base_year": True}, "base_year"),  # "no deflator for base year 1"
        ({"base_year": float("nan")}, "base_year"),  # a bare ValueError
        ({"base_year": "2001"}, "base_year"),  # accepted: int('2001')
        ({"first": 1990.5}, "first"),  # accepted: the table began in 1990
        ({"last": 2001.9}, "last"),  # accepted: the table ended in 2001
        ({"last": True}, "last"),  # an empty table (the years 1978 to 1)
    ],
)
def test_hns_measures_takes_whole_years(kwargs: dict, field: str) -> None:
    """hns_measures cast its years with int(): base_year 2001.5 gave a table in 2001 yen, True
    the year 1, NaN a bare ValueError. Years are whole numbers by the shared rule
    (anpo._checks.year_number, each year of year_list): a BurdenError naming the argument; a
    whole float (2001.0, as read from a pandas column) is the year."""
    with pytest.raises(BurdenError) as info:
        hns_measures(**kwargs)
    assert info.value.field == field
    assert "must be a year (a whole number)" in info.value.message
    assert hns_measures(base_year=2001.0).equals(hns_measures(base_year=2001))


def test_nearest_official_offset_takes_a_whole_year() -> None:
    """nearest_official_offset read year 2001.5 as 2001 (int()); a BurdenError naming year."""
    from anpo.burden.japan import nearest_official_offset

    with pytest.raises(BurdenError) as info:
        nearest_official_offset(dod_cost_sharing(), 2001.5)  # type: ignore[arg-type]
    assert info.value.field == "year"
    assert int(nearest_official_offset(dod_cost_sharing(), 2001)["year"]) == 2002


@pytest.mark.parametrize(
    ("years", "field", "needle"),
    [
        ({"last": 3000}, "last", "no host-nation support figures for FY 3000"),
        ({"first": 1900}, "first", "no host-nation support figures for FY 1900"),
        ({"first": 2010, "last": 2000}, "first", "first (FY 2010) is after last (FY 2000)"),
    ],
)
def test_hns_measures_refuse_years_outside_the_figures(years, field, needle) -> None:
    """audit30: ``hns_measures(last=3000)`` gave 1,023 rows of nothing and first > last an
    empty table, while ``base_year=3000`` was a BurdenError: first and last are now checked the
    same way, naming the years the figures cover."""
    from anpo.errors import BurdenError

    with pytest.raises(BurdenError) as info:
        hns_measures(**years)
    assert info.value.field == field and needle in info.value.message
    assert list(hns_measures(first=2000, last=2001)["fy"]) == [2000, 2001]


@pytest.mark.parametrize("digits", [0, -1, 1.5])
def test_round_sig_refuses_fewer_than_one_digit(digits) -> None:
    """audit30: ``round_sig(12.3, 0)`` returned 0.0; significant figures start at 1."""
    from anpo.burden.japan import round_sig
    from anpo.errors import BurdenError

    with pytest.raises(BurdenError, match="must be a whole number"):
        round_sig(12.3, digits)
    assert round_sig(12.3, 1) == 10.0

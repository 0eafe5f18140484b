"""The seed's questions on the built-in book: structure, the qualitative claims of the seed that
the model must reproduce (each check compares variants computed by the engine), the flat
outcomes for exploration, and one case through the CLI, the library and the report giving the
same numbers. Models: [kent1989] exchange, [wilkening1999] interception."""

from __future__ import annotations

import copy
import json
import math

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import anpo.cli
from _support import book_scenarios, small_2001
from anpo.deterrence.questions import (
    answer_case,
    arrivals_at,
    outcomes,
    reaction_table,
    seed_table,
    stability_table,
)
from anpo.errors import InputError
from anpo.scenario import book_files

CASES = {
    # (year, variant): rivals computed (fewer dyads, a faster fixture)
    (2001, "mad"): ("CHN", "RUS", "PRK"),
    (2001, "nmd-c1"): ("CHN",),
    (2001, "nmd-c3"): ("CHN", "RUS"),
    (2001, "nmd-c3-china-modernized"): ("CHN",),
    (2025, "mad"): ("CHN", "PRK"),
    (2025, "tmd-japan"): ("PRK",),
    (2025, "nmd-limited"): ("RUS", "PRK"),
}


@pytest.fixture(scope="module")
def book_answers():
    out = {}
    for scen in book_scenarios():
        for (year, variant), rivals in CASES.items():
            if year != scen.scenario.year:
                continue
            small = scen.model_copy(update={"dyads": [d for d in scen.dyads if d.rival in rivals]})
            case = next(c for c in small.cases() if c.variant.id == variant)
            out[(year, variant)] = answer_case(case, with_lua=False, with_extended=year == 2025)
    return out


def test_a_certain_arrival_is_exactly_1(book_answers):
    """2025, no defenses, U.S.-China: some of China's warheads survive the U.S. first strike
    for certain (its pmf of arrivals puts no mass at 0), so P(at least 1 arrives) is exactly 1
    and prints "1". The tail's sum carried the rounding of the convolutions (1 - 1.3e-15), which
    the report's formatter, now reading "1" only for an exact 1, printed "> 0.999" beside other
    variants' exact 1."""
    from anpo.deterrence.exchange import at_least
    from anpo.report.format import fmt_number

    (ans,) = [a for a in book_answers[(2025, "mad")] if a.rival == "CHN"]
    for territory, pmf in ans.arrivals.items():
        assert pmf[0] == 0.0 and pmf[1:].sum() != 1.0  # certain, and the tail's sum is not 1
        assert ans.exposure[territory][1] == at_least(pmf, 1) == 1.0
        assert fmt_number(ans.exposure[territory][1], "resolved") == "1"


def _row(book_answers, year, variant, dyad, territory):
    table = seed_table(book_answers[(year, variant)])
    sel = table[(table.dyad == dyad) & (table.territory == territory)]
    assert len(sel) == 1
    return sel.iloc[0]


def test_tables_have_every_dyad_and_column(book_answers):
    answers = [a for v in book_answers.values() for a in v]
    table = seed_table(answers)
    assert set(table.dyad) == {"U.S.-China", "U.S.-Russia", "U.S.-North Korea"}
    assert set(table.territory) == {"USA", "JPN"}
    for col in ("survivors_expected", "arrivals_expected", "p_arrive_ge_1", "p_arrive_ge_5"):
        assert col in table.columns
    probs = table[[c for c in table.columns if c.startswith("p_arrive")]].to_numpy(float)
    assert np.all((probs >= 0) & (probs <= 1))
    assert np.all(np.diff(probs, axis=1) <= 1e-12)  # P(at least m) falls with m
    stab = stability_table(answers)
    defined = stab[stab.fss.notna()]
    assert ((defined.fss >= 0) & (defined.fss <= 1)).all()
    assert (stab.fss.isna() == stab.fss_reason.notna()).all()


def test_north_korea_2001_has_no_index_and_says_why(book_answers):
    """Issue 9: the index was printed as 1 ('perfectly stable') for a rival without warheads."""
    stab = stability_table(book_answers[(2001, "mad")])
    row = stab[stab.dyad == "U.S.-North Korea"].iloc[0]
    assert row.fss is None or math.isnan(row.fss)
    assert row.fss_reason == "North Korea has no deliverable warheads in 2001"


def test_an_empty_allocation_is_missing_and_says_why(book_answers):
    """The stability table's allocation cell where the defender strikes nothing (North Korea has
    no force that can reach the United States in 2001) is a missing value, with the reason in
    ``allocation_reason``, as the undefined index has ``fss_reason``: it printed the word 'none'
    as a value (rep30 audit of deterrence-stability-all.csv); a real allocation lists its
    launchers and has no reason."""
    stab = stability_table(book_answers[(2001, "mad")]).set_index("dyad")
    nk = stab.loc["U.S.-North Korea"]
    assert pd.isna(nk["defender_allocation"])
    assert nk["allocation_reason"] == (
        "North Korea has no force that can reach the United States in 2001: nothing for the "
        "first strike to target"
    )
    china = stab.loc["U.S.-China"]
    assert ": " in china["defender_allocation"] and pd.isna(china["allocation_reason"])
    assert (stab["defender_allocation"].isna() == stab["allocation_reason"].notna()).all()
    assert not (stab["defender_allocation"] == "none").any()


def test_defense_erodes_chinas_deterrent_2001(book_answers):
    """The seed: missile defense undermines China's small deterrent. In the 2001 book China's
    modernized force gets warheads through a 100-interceptor NMD with some probability, but the
    defense lowers it below what the same force achieves without defenses."""
    mad = _row(book_answers, 2001, "mad", "U.S.-China", "USA")
    nmd = _row(book_answers, 2001, "nmd-c1", "U.S.-China", "USA")
    assert nmd.p_arrive_ge_1 <= mad.p_arrive_ge_1
    modern = _row(book_answers, 2001, "nmd-c3-china-modernized", "U.S.-China", "USA")
    base = _row(book_answers, 2001, "nmd-c3", "U.S.-China", "USA")
    assert modern.p_arrive_ge_1 > base.p_arrive_ge_1  # modernization restores it


def test_national_defense_raises_the_first_strike_incentive(book_answers):
    """Against Russia, a national missile defense raises the U.S. first-strike incentive (less
    retaliation to fear): the classic reason NMD is called destabilizing [glaser2001]."""
    stab = stability_table(book_answers[(2001, "mad")] + book_answers[(2001, "nmd-c3")])
    ru = stab[stab.dyad == "U.S.-Russia"].set_index("variant")
    assert ru.loc["nmd-c3", "incentive_defender"] > ru.loc["mad", "incentive_defender"]


def test_japans_defense_lowers_its_exposure_2025(book_answers):
    """Theater defense covering Japan lowers Japan's exposure to North Korea's strike on it."""
    mad = next(a for a in book_answers[(2025, "mad")] if a.label == "U.S.-North Korea")
    tmd = next(a for a in book_answers[(2025, "tmd-japan")] if a.label == "U.S.-North Korea")
    assert tmd.extended.ally_exposure[1] < mad.extended.ally_exposure[1]
    assert tmd.covered["JPN"] and not mad.covered["JPN"]


def test_patrons_price_falls_with_national_defense_2025(book_answers):
    """Extended deterrence: the 2025 national defense lowers the price of honouring the
    guarantee against North Korea [powell2003]; against Russia, which fires nothing at Japan in
    the book, there is no attack to answer and no price, with or without the defense."""
    nk = next(a for a in book_answers[(2025, "nmd-limited")] if a.label == "U.S.-North Korea")
    assert nk.extended.price[1] < nk.extended.price_undefended[1]
    ru = next(a for a in book_answers[(2025, "nmd-limited")] if a.label == "U.S.-Russia")
    assert ru.extended.undefined is not None and ru.extended.ally_attack_warheads == 0
    assert math.isnan(ru.extended.price[1]) and math.isnan(ru.extended.price_undefended[1])


def test_arrivals_at_any_territory(book_answers):
    """arrivals_at gives the stored distribution for the dyad's territories and computes it for
    another one."""
    ans = next(a for a in book_answers[(2025, "mad")] if a.label == "U.S.-China")
    assert np.array_equal(arrivals_at(ans, "JPN"), ans.arrivals["JPN"])
    rus = arrivals_at(ans, "RUS")
    assert rus.sum() == pytest.approx(1.0, abs=1e-9)


def test_reaction_curve_grows_with_interceptors(book_answers):
    """China needs more launchers as the U.S. adds interceptors (2001, the DF-31 path)."""
    ans = next(a for a in book_answers[(2001, "nmd-c1")] if a.label == "U.S.-China")
    table = reaction_table(ans)
    assert list(table.interceptors) == sorted(table.interceptors)
    needed = table.launchers_needed.to_numpy()
    valid = needed[needed >= 0]
    assert len(valid) >= 3 and np.all(np.diff(valid) >= 0) and valid[-1] > valid[0]


def test_outcomes_are_the_library_numbers():
    """outcomes() (for exploration) repeats answer_case's numbers under documented keys."""
    scen = next(s for s in book_scenarios() if s.scenario.year == 2025)
    out = outcomes(scen, "nmd-limited")
    case = next(c for c in scen.cases() if c.variant.id == "nmd-limited")
    ans = {a.label: a for a in answer_case(case, with_lua=False)}
    nk = ans["U.S.-North Korea"]
    assert out["USA-PRK/p_retaliation_ge_1"] == pytest.approx(nk.exposure["USA"][1], abs=1e-12)
    assert out["USA-PRK/patron_price_ge_1"] == pytest.approx(nk.extended.price[1], abs=1e-12)
    assert out["USA-PRK/fss"] == pytest.approx(nk.stability.fss, abs=1e-12)
    assert out["USA-CHN/assured_retaliation"] in (0.0, 1.0)
    with pytest.raises(InputError, match="unknown variant"):
        outcomes(scen, "nope")


@pytest.mark.slow
def test_one_case_through_cli_library_and_report():
    """Issue 9, item 2: the same inputs give the same answer from the CLI, the library and the
    report (P(at least 1 arrives), the index, the patron's price)."""
    from anpo.deterrence.report import build
    from anpo.report.sections import ReportContext

    path = next(p for p in book_files() if "2025" in p.name)
    scen = next(s for s in book_scenarios() if s.scenario.year == 2025)
    small = scen.model_copy(
        update={
            "variants": [v for v in scen.variants if v.id == "nmd-limited"],
            "uncertainties": [],  # no bands: this test is about the point estimates
        }
    )
    lib = {a.label: a for a in answer_case(small.cases()[0])}
    runner = CliRunner()
    res = runner.invoke(anpo.cli.app, ["stability", str(path), "--variant", "nmd-limited",
                                       "--no-reaction", "--json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    cli = json.loads(res.output)
    ext = runner.invoke(anpo.cli.app, ["extended", str(path), "--variant", "nmd-limited",
                                       "--json"])  # fmt: skip
    assert ext.exit_code == 0, ext.output
    cli_ext = json.loads(ext.output)["extended"]
    sections = {s.id: s for s in build(ReportContext(scenarios=[small]))}
    exposure = sections["deterrence-exposure"].appendix[0].frame
    stab = sections["deterrence-stability"].appendix[0].frame
    price = sections["deterrence-decoupling"].appendix[0].frame
    for label, ans in lib.items():
        p1 = ans.exposure["USA"][1]
        row = next(r for r in cli["questions"] if r["dyad"] == label and r["territory"] == "USA")
        assert row["p_arrive_ge_1"] == pytest.approx(p1, abs=1e-12)
        rep = exposure[(exposure.dyad == label) & (exposure.territory_name == "United States")]
        assert float(rep["p_arrive_ge_1"].iloc[0]) == pytest.approx(p1, abs=1e-12)
        srow = next(r for r in cli["stability"] if r["dyad"] == label)
        assert {"year", "variant", "dyad", "fss", "fss_reason"} <= set(srow)
        fss = ans.stability.fss
        rep_fss = stab[stab.dyad == label]["fss"].iloc[0]
        if fss is None:
            assert srow["fss"] is None and srow["fss_reason"]
        else:
            assert srow["fss"] == pytest.approx(fss, abs=1e-12)
            assert float(rep_fss) == pytest.approx(fss, abs=1e-12)
        e = next(r for r in cli_ext if r["dyad"] == label and r["m"] == 1)
        rep_price = price[(price.dyad == label) & (price.m == 1)]["patron_price"].iloc[0]
        if ans.extended.undefined is not None:  # no attack on the ally: null with the reason
            assert e["patron_price"] is None and e["undefined_reason"] == ans.extended.undefined
            assert math.isnan(float(rep_price)) and math.isnan(ans.extended.price[1])
            continue
        assert e["patron_price"] == pytest.approx(ans.extended.price[1], abs=1e-12)
        assert float(rep_price) == pytest.approx(ans.extended.price[1], abs=1e-12)


def test_report_tables_show_model_numbers_at_its_resolution():
    """Issue 9/11 (credible numbers): a deterrence table shows a cost or probability of 3.4e-9
    as "< 0.001", as the sentences do (the model treats warhead kills as independent, so smaller
    digits carry no meaning); years, texts and columns given another kind are left alone, and
    the CSV keeps the computed value."""
    import pandas as pd

    from anpo.deterrence.report import _at_resolution
    from anpo.report.format import format_frame
    from anpo.report.sections import Section, Table

    frame = pd.DataFrame(
        {"year": [2001.0, 2001.0], "c1_defender": [3.43e-9, 0.25], "p_arrive_ge_1": [2e-7, 0.9996],
         "warheads": [20.0, 0.0], "fss": ["undefined", "0.5"]}
    )  # fmt: skip
    given = Section(id="x", title="x", question="q", model="m", tables=[Table("t", frame.copy())],
                    appendix=[Table("a", frame.copy(), kinds={"c1_defender": "precise"})])  # fmt: skip
    before = copy.deepcopy(given)
    sec = _at_resolution(given)
    shown = format_frame(sec.tables[0].frame, sec.tables[0].kinds)
    assert shown["c1_defender"].tolist() == ["< 0.001", "0.25"]
    # a probability of warheads arriving in percent, the futures' scale (mend16d)
    assert shown["p_arrive_ge_1"].tolist() == ["< 0.1%", "> 99.9%"]
    assert shown["year"].tolist() == ["2001", "2001"] and shown["warheads"].tolist() == ["20", "0"]
    assert sec.appendix[0].kinds["c1_defender"] == "precise"
    assert sec.tables[0].frame["c1_defender"].iloc[0] == 3.43e-9
    # a new section with new tables: the built section passed in is left as it was
    assert sec is not given and sec.tables[0] is not given.tables[0]
    assert given.tables[0].kinds == {} and given.appendix[0].kinds == {"c1_defender": "precise"}
    for was, now in zip(
        [*before.tables, *before.appendix], [*given.tables, *given.appendix], strict=True
    ):
        assert now.kinds == was.kinds
        pd.testing.assert_frame_equal(now.frame, was.frame)


def test_assured_retaliation_finding_compares_each_force_with_its_own_undefended_variant():
    """The key finding compares a defense with no defense against the same rival force: in
    2001 China's force has no assured retaliation even undefended, but the modernized force
    (the book's projection) has one without defenses and loses it to NMD capability 3
    (Glaser & Fetter 2001 on China's reaction to NMD). The finding once compared every variant
    with the old force's MAD variant and so missed that NMD takes it away."""
    from anpo.deterrence.report import _exposure_section

    answers, small = small_2001(
        {"mad", "nmd-c3", "mad-china-modernized", "nmd-c3-china-modernized"}
    )
    [finding] = _exposure_section(answers, seed_table(answers)).findings
    text = finding.answer
    assert "after a counterforce first strike by the United States" in text
    # variants by their labels (quoted), not by ids the prose never defines
    old, new = text.split("; with the forces of the “MAD with China modernized” variant")
    assert "(no assured retaliation even without defenses)" in old
    # review8 finding 2: the answer led 'Yes, for 1 of the 2 force postures.', a yes that holds
    # for the projection only, and called force structures 'postures' (the report's word for
    # launch on warning): China's actual 2001 forces come first, each set named by what it is
    assert text.startswith(
        "No for China's 2001 forces: there is none to take, even without defenses. Yes for the "
        "forces of the “MAD with China modernized” variant, which adds DF-31/DF-31A road-mobile "
        "ICBMs (projected modernization). In 2001, P(at least 1 China warhead reaches the "
        "United States after a counterforce first strike by the United States): with China's "
        "2001 forces, < 0.1% without defenses"
    ), text
    assert "posture" not in text
    # exactly 1 (100%): a certain arrival (no mass at 0; deterrence.exchange.at_least)
    assert (
        ", 100% without defenses and 64.6% in the “NMD capability 3 with China modernized” variant"
        in new
    )
    assert "(“NMD capability 3 with China modernized” takes it away)" in new
    assert "64.6% (“NMD capability 3 with China modernized”)" in finding.number
    assert "modernized-" not in text + finding.number and "nmd-c3" not in text


def test_reaction_finding_reads_the_curve_at_the_variants_own_interceptors():
    """The reaction curve's x is the inventory of the first layer covering the defender that
    can engage the growth component; the finding reads it there (C3's 250 for 'global missile
    defense', China modernized: 98 launchers, as the curve's table shows), not at the sum over
    every layer (250 + the allied sea-based 100 = 350, read at 400: 140)."""
    from anpo.deterrence.report import _reaction_section
    from anpo.report.sections import ReportContext

    answers, small = small_2001({"gmd-global-china-modernized"})
    sec = _reaction_section(ReportContext(scenarios=[small]), answers)
    [finding] = sec.findings
    curve = {str(k): v for k, v in sec.tables[0].frame.iloc[0].items()}
    need = int(curve["250"])
    assert f"({250} interceptors in the layer the curve varies)" in finding.answer
    assert f"needs {need} launchers" in finding.answer and int(curve["400"]) != need
    assert (
        f"in 2001 {need} (“global missile defense with China modernized”), against the 60 it "
        "holds there."
    ) in sec.answer, sec.answer


def test_classical_cone_places_no_real_dyad_on_illustrative_parameters():
    """Intriligator & Brito (1984) with illustrative f, v and Cbar: the report once placed the
    book's dyads in the cone and counted how many were 'mutually deterred', a finding that was an
    artefact of the assumed unacceptable damage. Now the cone is an illustration only; the
    Richardson equilibrium (2.27, 3.18) of the reference system a=5, b=3, k=l=2, g=h=5
    (Leik & Meeker 1975) is computed, not typed in. Cbar is the attacker's *unacceptable*
    damage (deterred iff v_B (M_B - f_A M_A) >= Cbar_A, deterrence.md sec. 3): the answer called
    it the "acceptable damage", the opposite threshold's name."""
    from anpo.deterrence.report import _classics_section

    answers, small = small_2001({"mad"})
    sec = _classics_section(answers)
    assert "places no real dyad" in sec.answer and "(2.27, 3.18)" in sec.answer
    assert "assumed unacceptable damage" in sec.answer
    assert " acceptable damage" not in sec.answer
    assert "region" not in sec.tables[0].frame.columns
    svg = sec.figures[0].svg
    assert "U.S.-China 2001" not in svg and "illustrative" in sec.figures[0].title


@pytest.mark.slow
def test_extended_finding_names_no_arbitrary_variant_when_defense_changes_nothing():
    """Wilkening & Watman (1995) sequence: for U.S.-Russia in 2001 no defense lowers the
    patron's price, so the finding gives the price over every variant ('1 in every variant'),
    not '1 in 2001 nmd-c1' (the first of equal rows); where defenses do lower it, it names the
    variant where they lower it most and the undefended price. Russia has no forces that reach
    only Japan: here it commits a tenth of the others to the strike on Japan, so that there is
    an attack to answer."""
    from anpo.deterrence.report import _extended_section

    answers, small = small_2001(
        {"mad", "nmd-c1", "mad-china-modernized", "nmd-c3-china-modernized"},
        ("CHN", "RUS"),
        shares={"RUS": 0.1},
        with_extended=True,
    )
    q = {f.question: f for f in _extended_section(answers).findings}
    russia = next(f for k, f in q.items() if "U.S.-Russia" in k)
    assert "in every variant; missile defense does not change it" in russia.answer
    assert "nmd-c1" not in russia.answer
    assert russia.number.endswith(", with or without defenses")  # it read '> 0.999 vs > 0.999'
    china = next(f for k, f in q.items() if "U.S.-China" in k)
    assert "where missile defense lowers it most" in china.answer
    assert "without its missile defenses)" in china.answer
    # the key number says what its figures are and whose (it read a bare '0.646 vs 1')
    # and after what: the rival strikes the ally, the patron strikes back at its forces
    assert china.number == (
        "P(at least 1 warhead reaches the United States after China strikes Japan and the "
        "United States strikes back at its forces) 64.6% (“NMD capability 3 with China "
        "modernized”, 2001) vs 100% without its missile defenses"
    ), china.number
    assert russia.number.startswith(
        "P(at least 1 warhead reaches the United States after Russia strikes Japan and the "
        "United States strikes back at its forces) "
    )


@pytest.mark.slow
def test_extended_price_without_an_attack_on_the_ally_is_undefined():
    """Wilkening & Watman (1995) sequence: Russia has no forces that reach only Japan and the
    book commits none of the others to a strike on it, so there is no attack for the United
    States to answer. The finding read 'After Russia strikes Japan and the United States strikes
    back ... is 1'; it now says the price is undefined and why, the table's cells are empty with
    the reason in its caption, and a dyad undefined in some variants only says so beside the
    span of the others."""
    from anpo.deterrence.report import _extended_section

    answers, _ = small_2001({"mad", "nmd-c1"}, ("RUS",), with_extended=True)
    sec = _extended_section(answers)
    why = (
        "Russia fires no warheads at Japan in this sequence, so there is no attack for the "
        "United States to answer: its price of honouring the guarantee and the exposure of "
        "Japan are undefined"
    )
    [finding] = sec.findings
    assert finding.answer == f"Undefined in every variant: {why}.", finding.answer
    assert "strikes back" not in finding.answer + finding.number
    assert sec.answer == f"U.S.-Russia: undefined in every variant: {why}."
    table = sec.tables[0]
    assert table.frame[["ally_exposure", "patron_price"]].isna().all().all()
    assert table.caption == f"–: undefined. U.S.-Russia: {why}."
    # one variant with an attack (a tenth of Russia's forces), one without
    struck, _ = small_2001({"mad"}, ("RUS",), shares={"RUS": 0.1}, with_extended=True)
    mixed = _extended_section(struck + answers[1:])
    assert [a.case.variant.id for a in answers[1:]] == ["nmd-c1"]
    [finding] = mixed.findings
    assert finding.answer.startswith("After Russia strikes Japan")
    assert f"(undefined in 1 of 2 variants: {why})." in finding.answer


def test_extended_answer_counts_only_the_lowerings_its_figures_show():
    """The section's answer counted nmd-c1 as lowering the U.S.-China price (2e-7 undefended to
    2.5e-8, both printed '< 0.001' in the table beside it) alongside the modernized force's
    > 0.999 to 0.646: the count now matches the printed figures and names the invisible changes
    apart (Wilkening & Watman 1995 sequence)."""
    from anpo.deterrence.report import _extended_section

    answers, small = small_2001(
        {"mad", "nmd-c1", "mad-china-modernized", "nmd-c3-china-modernized"},
        ("CHN",),
        with_extended=True,
    )
    sec = _extended_section(answers)
    ext = sec.tables[0].frame
    china = ext[ext["dyad"] == "U.S.-China"]
    old = china[china["variant"] == "nmd-c1"].iloc[0]
    assert old["patron_price"] < old["patron_price_undefended"] < 1e-3  # lowered, not shown
    assert "defenses lower it in 1 of 4 variants" in sec.answer
    # no direction claimed below the resolution: both figures read '< 0.001'
    assert (
        "(in 1 more variant the prices with and without defenses both lie below the model's "
        "resolution, 0.001, where no change can be read)"
    ) in sec.answer
    assert "and in 1 more variant below" not in sec.answer


def test_extended_price_for_a_rival_with_no_warheads_is_undefined():
    """In the book's 2001 scenario North Korea has no warheads that reach Japan or the United
    States (its first test came in 2006): the section read 'costs the United States P(at least 1
    warhead) 0 in every variant', a price of answering an attack that does not happen; it now
    says the price is undefined and why (Wilkening & Watman 1995 sequence: the rival strikes
    the ally, the patron strikes back, the rival answers with what survives). The price of 0
    of a rival with nothing left after striking the ally: test_extended."""
    from anpo.deterrence.report import _extended_section

    answers, small = small_2001({"mad", "tmd-japan"}, ("PRK",), with_extended=True)
    sec = _extended_section(answers)
    assert sec.answer.startswith(
        "U.S.-North Korea: undefined in every variant: North Korea has no deliverable warheads "
        "in 2001, so there is no attack for the United States to answer"
    ), sec.answer


def test_extended_reason_for_an_unarmed_rival_is_that_it_has_no_warheads():
    """The report's extended-deterrence reason for North Korea in 2001 read 'North Korea fires
    no warheads at Japan in this sequence' and its note 'North Korea has no forces that reach
    only Japan; its strike on Japan uses 0% of its forces that can also reach the patron', as
    if the scenario's ally-strike share held back forces it has: it has none (FAS stockpile
    estimate 2001: 0; the book gives it no force). The reason and the note say so, as the
    first-strike section does ('North Korea has no deliverable warheads in 2001'); Russia,
    which holds forces and commits none to Japan, keeps the sequence's reason."""
    answers, _ = small_2001({"mad"}, ("PRK", "RUS"), with_extended=True)
    by = {a.rival: a.extended for a in answers}
    prk, rus = by["PRK"], by["RUS"]
    assert prk.undefined.startswith("North Korea has no deliverable warheads in 2001, so there")
    assert prk.notes == ["North Korea has no deliverable warheads in 2001"]
    assert not any("forces that can also reach" in n for n in prk.notes)
    assert rus.undefined.startswith("Russia fires no warheads at Japan in this sequence")
    assert any("no forces that reach only Japan" in n for n in rus.notes)


def test_stability_table_title_names_the_index_floor(monkeypatch):
    """The table's title reads the floor below which the index is shown as a bound
    (:data:`FSS_FLOOR`; it typed '0.001'): with another floor, the title follows."""
    from anpo.deterrence import report
    from anpo.deterrence.report import _stability_section

    answers, _ = small_2001({"mad", "nmd-c1"})
    stab = stability_table(answers)
    monkeypatch.setattr(report, "FSS_FLOOR", 0.02)
    [table] = _stability_section(answers, stab).tables
    assert "below 0.02 it divides a near-zero cost" in table.title, table.title


def test_first_strike_finding_compares_defenses_against_the_same_force():
    """Kent & Thaler (1989) incentives: the 2001 U.S.-China finding compares the defended
    variants of each Chinese force with that force's undefended variant; the modernized force's
    variants get a clause of their own instead of being read against the old force's MAD."""
    from anpo.deterrence.report import _stability_section

    answers, small = small_2001(
        {"mad", "nmd-c1", "mad-china-modernized", "nmd-c3-china-modernized"}
    )
    stab = stability_table(answers)
    [finding] = _stability_section(answers, stab).findings
    old, new = finding.answer.split(
        "; with the forces of the “MAD with China modernized” variant, "
    )
    assert "modernized" not in old
    inc = stab.set_index("variant")["incentive_defender"]
    from anpo.report.format import fmt_number

    # the defender's, named (after the rival's incentive, 'it is' read as China's)
    assert new.startswith(
        f"the defender's is {fmt_number(inc['mad-china-modernized'])} without defenses"
    )
    assert "(“NMD capability 3 with China modernized”)" in new and "nmd-c" not in finding.answer
    # the same arrow as the law section's key numbers ('prohibited → conditional'), not '->'
    assert " → " in finding.number and "->" not in finding.number


def test_first_strike_key_number_gives_the_defenders_incentive_its_band():
    """The first-strike key number gives the defender's incentive in each variant it quotes
    with its 5–95% band over the uncertain inputs (Kent & Thaler 1989 costs; the report's band
    table, anpo.deterrence.bands), where the report drew that variant; a variant without a band
    keeps its value alone, and the rival's incentive rows are not read as the defender's."""
    from anpo.deterrence.report import _stability_section

    answers, small = small_2001({"mad", "nmd-c1"})
    stab = stability_table(answers)
    dyad = stab["dyad"].iloc[0]
    rows = [
        {"year": 2001, "variant": "mad", "dyad": dyad, "measure": "incentive", "where": "USA",
         "x": math.nan, "p05": 0.0778, "p95": 0.2787, "convention": "plain"},
        {"year": 2001, "variant": "mad", "dyad": dyad, "measure": "incentive", "where": "CHN",
         "x": math.nan, "p05": -0.5, "p95": -0.4, "convention": "plain"},
    ]  # fmt: skip
    # the rows are of the exchange without launch under attack, the measure small_2001's
    # figures are (no launch under attack computed): a band of the quoted measure (lua28)
    [plain] = _stability_section(answers, stab).findings
    [banded] = _stability_section(answers, stab, pd.DataFrame(rows)).findings
    before, after = plain.number.split(" → ")
    assert before.endswith(" (“MAD (no U.S. defense)”)"), before
    assert banded.number == f"{before[:-1]}; 5–95%: 0.0778 to 0.279) → {after}"


def test_first_strike_key_number_names_the_lowest_of_tied_variants_with_its_band():
    """Of variants whose incentive prints alike (2001: NMD capability 1 and 3 both give 0.0215),
    the key number quotes the lowest, NMD capability 1, which the report now bands too
    (_first_strike_picks, fsband28; it had named a tied variant that happened to have a band);
    the answer names the other tied variants after it (it named one, as if that capability
    alone gave the figure). Kent & Thaler 1989 costs; the report's band table of
    anpo.deterrence.bands."""
    from anpo.deterrence.report import _stability_section
    from anpo.report.format import fmt_number

    answers, _ = small_2001({"mad", "nmd-c1", "nmd-c3"})
    stab = stability_table(answers)
    inc = stab.set_index("variant")["incentive_defender"]
    assert fmt_number(inc["nmd-c1"]) == fmt_number(inc["nmd-c3"])  # tied as printed
    dyad = stab["dyad"].iloc[0]
    band = {"year": 2001, "variant": "nmd-c1", "dyad": dyad, "measure": "incentive",
            "where": "USA", "x": math.nan, "p05": 0.01, "p95": 0.05,
            "convention": "plain"}  # fmt: skip
    [banded] = _stability_section(answers, stab, pd.DataFrame([band])).findings
    after = banded.number.split(" → ")[1]
    assert "“NMD capability 1”; 5–95%: 0.01 to 0.05)" in after, after
    assert "(“NMD capability 1”; the same under “NMD capability 3”)" in banded.answer


@pytest.mark.parametrize(
    ("c1", "c3", "tied"),
    [(0.02150, 0.02152, True), (0.02150, 0.0216, False)],
    ids=["below-the-printed-precision", "at-the-printed-precision"],
)
def test_first_strike_tied_variants_are_judged_at_the_printed_precision(c1, c3, tied):
    """Variants are tied when their incentives print alike, not when they are equal: NMD
    capability 1 the lowest at 0.02150 and NMD capability 3 at 0.02152 both print 0.0215, so
    the answer names NMD capability 3 as the same; at 0.0216 it prints apart and is not named.
    The key number quotes the lowest, NMD capability 1, either way (Kent & Thaler 1989 costs)."""
    from anpo.deterrence.report import _stability_section
    from anpo.report.format import fmt_number

    answers, _ = small_2001({"mad", "nmd-c1", "nmd-c3"})
    stab = stability_table(answers)
    stab.loc[stab["variant"] == "nmd-c1", "incentive_defender"] = c1
    stab.loc[stab["variant"] == "nmd-c3", "incentive_defender"] = c3
    assert (fmt_number(c1, "cost") == fmt_number(c3, "cost")) is tied  # the case as meant
    [finding] = _stability_section(answers, stab).findings
    after = finding.number.split(" → ")[1]
    assert after == "0.0215 (“NMD capability 1”)", after
    if tied:
        assert "(“NMD capability 1”; the same under “NMD capability 3”)" in finding.answer
    else:
        assert "NMD capability 1" in finding.answer and "NMD capability 3" not in finding.answer


def test_first_strike_key_number_says_what_it_is_and_names_each_variant():
    """The first-strike key number read a bare '0.147 → 0.0215': it now says it is the
    defender's first-strike incentive (Kent & Thaler 1989: cost struck first minus cost striking
    first) and names the variant of each figure, as the answer does."""
    from anpo.deterrence.report import _stability_section

    answers, _ = small_2001({"mad", "nmd-c1"})
    [finding] = _stability_section(answers, stability_table(answers)).findings
    # small_2001 computes no launch under attack, the posture of the U.S. Minuteman III: the
    # key number says its figures ignore it (lua27)
    assert finding.number == (
        "first-strike incentive of the United States (ignoring the launch-under-attack posture "
        "of forces of the United States): 0.147 (“MAD (no U.S. defense)”) → "
        "0.0215 (“NMD capability 1”)"
    ), finding.number


def test_reaction_figure_is_one_panel_per_year_with_identical_curves_merged():
    """The reaction figure drew 24 variant lines in one panel with eight colours reused; now a
    panel per year, and variants with the same curve share one labelled line."""
    from anpo.deterrence.report import _reaction_section
    from anpo.report.figures import svg_problems
    from anpo.report.sections import ReportContext

    answers, small = small_2001({"mad", "nmd-c1", "mad-china-modernized"})
    sec = _reaction_section(ReportContext(scenarios=[small]), answers)
    svg = sec.figures[0].svg
    assert not svg_problems(svg)
    curves = sec.tables[0].frame
    same = curves.set_index("variant").drop(
        columns=["variant_name", "growth_component", "growth_component_name", "current_launchers"]
    )
    # one labelled line for the two variants exactly when their curves are the same, labelled
    # by the variants' names (a wrapped label is one <text> per line)
    import html
    import re

    texts = " ".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    shared = "MAD (no U.S. defense); NMD capability 1"
    assert (shared in texts) == same.loc["mad"].equals(same.loc["nmd-c1"])
    assert "MAD with China modernized" in texts and "mad-china-modernized" not in texts


def test_reaction_table_keeps_the_books_variant_order_and_says_whose_launchers():
    """The reaction table by interceptor count listed its variants by id ('gmd-global' first,
    'mad' in the middle) where every other table of the deterrence sections follows the book,
    and headed the growth component's launchers in the variant 'Launchers today', though the
    variants are of 2001 or a 2030 projection."""
    from anpo.deterrence.report import _reaction_section
    from anpo.report.sections import ReportContext
    from anpo.report.tables import plain_header

    answers, small = small_2001({"mad", "nmd-c1", "mad-china-modernized"})
    sec = _reaction_section(ReportContext(scenarios=[small]), answers)
    book = [v.id for v in small.variant_list()]
    assert book == ["mad", "nmd-c1", "mad-china-modernized"]  # not the ids' sorted order
    assert sec.tables[0].frame["variant"].tolist() == book
    # the key number counts launchers, as the answer does (it read '98 needed, 60 held')
    import re

    [finding] = sec.findings
    assert re.fullmatch(r"\d+ launchers needed, \d+ held", finding.number), finding.number
    header = plain_header("current_launchers")
    assert "today" not in header and "variant" in header


@pytest.mark.slow
def test_reaction_key_number_gives_the_band_of_the_point_it_quotes():
    """The reaction key number ('98 launchers needed, 60 held') gave no uncertainty: where the
    report drew the band of the quoted variant's curve at its own interceptor count, the key
    number gives it beside the variant; where it drew another variant's curve only, the answer
    gives that variant's band, named (the report's band table of anpo.deterrence.bands;
    launchers as the uncertainty section writes them, interpolated percentiles 'about')."""
    from anpo.deterrence.questions import reaction_table
    from anpo.deterrence.report import _own_curve_interceptors, _reaction_section
    from anpo.report.sections import ReportContext

    answers, small = small_2001({"mad", "nmd-c3", "mad-china-modernized"})
    ctx = ReportContext(scenarios=[small])

    def band_row(ans):  # noqa: ANN001, ANN202
        growth = str(reaction_table(ans)["growth_component"].iloc[0])
        return {"year": 2001, "variant": ans.case.variant.id, "dyad": ans.label,
                "measure": "launchers_needed", "where": ans.rival,
                "x": float(_own_curve_interceptors(ans, growth)), "point": 59.0, "p05": 7.1,
                "p50": 37.0, "p95": 114.7, "limit": 20000.0, "draws": 32}  # fmt: skip

    [plain] = _reaction_section(ctx, answers).findings
    assert "5–95%" not in plain.number + plain.answer
    quoted = next(a for a in answers if f"“{a.case.variant.shown}”" in plain.answer)
    [own] = _reaction_section(ctx, answers, pd.DataFrame([band_row(quoted)])).findings
    assert own.number == plain.number.replace(
        " needed,",
        f" needed (“{quoted.case.variant.shown}”; median 37, 5–95%: about 7 to about 115),",
    ), own.number
    # the answer states the headline's own band and what it is over (it stated none)
    assert own.answer == plain.answer + (
        " Over 32 Latin-hypercube draws of the uncertain inputs, at the same variant, "
        "interceptor count and counterforce level, China needs a median of 37 launchers "
        "(5–95%: about 7 to about 115; point estimate 59)."
    ), own.answer
    other = next(a for a in answers if a is not quoted and a.label == quoted.label)
    [named] = _reaction_section(ctx, answers, pd.DataFrame([band_row(other)])).findings
    assert named.number == plain.number
    assert named.answer.startswith(plain.answer)
    assert named.answer.endswith(
        f" Over the uncertain inputs, at the “{other.case.variant.shown}” variant's "
        f"{int(band_row(other)['x'])} interceptors (the curve the report bands), China needs a "
        "median of 37 launchers (5–95%: about 7 to about 115; point estimate 59)."
    ), named.answer
    # a band where every draw needs none adds nothing to the answer's 0 (key number or answer)
    flat = {**band_row(quoted), "point": 0.0, "p05": 0.0, "p50": 0.0, "p95": 0.0}
    [zero] = _reaction_section(ctx, answers, pd.DataFrame([flat])).findings
    assert (zero.number, zero.answer) == (plain.number, plain.answer)


def test_reaction_finding_says_the_counterforce_level_its_counts_assume():
    """Kent & Thaler (1989) exchange, Wilkening (1999) interception: key finding 7 set China's
    98 launchers against NMD capability 3 with China modernized (each struck by the exchange's
    warheads per launcher) beside the 'NMD capability 3' variant's band (median 37, point 59),
    where the variant holds no DF-31 and carries over a strike level of 0 on its new launchers:
    a gap of assumption, not of uncertainty. The sentence and the table now say the level
    each count assumes and where it comes from. Since deter31 a variant without the DF-31A
    strikes it at the level of its plan against the DF-31A's first force with a launcher to
    strike (2 launchers at a survivable fraction of 0.6), and the finding says so where it
    said "carried over" (the curves of “NMD capability 3” with and without the DF-31A now
    meet, so the banded variant here is “MAD (no U.S. defense)”, which needs fewer)."""
    from anpo.deterrence.questions import reaction_table
    from anpo.deterrence.report import LEVEL_NOTE, _own_curve_interceptors, _reaction_section
    from anpo.report.sections import ReportContext

    answers, small = small_2001({"mad", "nmd-c3-china-modernized"})
    old, new = answers
    assert (old.case.variant.id, new.case.variant.id) == ("mad", "nmd-c3-china-modernized")
    level = {
        a.case.variant.id: int(reaction_table(a)["counterforce_level"].iloc[0]) for a in answers
    }
    assert 0 < level["mad"] != level["nmd-c3-china-modernized"]
    growth = str(reaction_table(old)["growth_component"].iloc[0])
    band = {"year": 2001, "variant": "mad", "dyad": old.label, "measure": "launchers_needed",
            "where": old.rival, "x": float(_own_curve_interceptors(old, growth)), "point": 1.0,
            "p05": 1.0, "p50": 1.0, "p95": 2.0, "limit": 20000.0}  # fmt: skip
    sec = _reaction_section(ReportContext(scenarios=[small]), answers, pd.DataFrame([band]))
    [finding] = sec.findings
    j, k = level["mad"], level["nmd-c3-china-modernized"]
    assert f"each struck by {k} of the United States' first-strike warheads)." in finding.answer
    assert finding.answer.endswith(
        f"its launchers each struck by {j} of the United States' first-strike warheads, "
        f"against {k} first-strike warheads each in the “NMD capability 3 with China "
        "modernized” variant (the “MAD (no U.S. defense)” variant holds none of them, so the "
        "level is the exchange's choice against the smallest force of them with a launcher to "
        "strike, 2 launchers)."
    ), finding.answer
    assert "carried over" not in finding.answer
    table = sec.tables[0]
    assert table.frame.set_index("variant")["counterforce_level"].to_dict() == level
    assert table.caption.endswith(LEVEL_NOTE)


@pytest.mark.slow
def test_reaction_finding_gives_the_band_of_the_variant_it_headlines():
    """Key finding 7 of ``anpo report`` (exchange after Kent & Thaler 1989, interception after
    Wilkening 1999, anpo's reaction curve; bands: Latin hypercube, McKay, Beckman & Conover
    1979, percentiles Hyndman & Fan 1996 definition 7) headlines China's 98 launchers against
    “NMD capability 3 with China modernized”, but the report banded only the “NMD capability 3”
    curve (bands_report.reaction_variants: the national defense alone), so the finding gave
    that variant's band (median 37, point estimate 59) on another counterforce level. Through
    the report's build: the finding's band is of the variant, interceptor count and
    counterforce level it headlines, the band's point estimate is the headline's count, and
    the text no longer sends the reader to another variant's band. Since deter31 “NMD
    capability 3”, without the DF-31A, strikes it at the level of its plan against the
    DF-31A's first force with a launcher to strike (no longer never), and needs the same 98;
    since deter33 the tie goes to the variant whose level is its own exchange's choice (“NMD
    capability 3 with China modernized” holds the DF-31A), so the report bands two curves: the
    national defense's and the headline's."""
    import re

    from anpo.deterrence.report import build
    from anpo.report.sections import ReportContext

    scen = next(s for s in book_scenarios() if s.scenario.year == 2001)
    wanted = {"mad", "nmd-c3", "nmd-c3-china-modernized"}
    small = scen.model_copy(
        update={
            "dyads": [d for d in scen.dyads if d.rival == "CHN"],
            "variants": [v for v in scen.variants if v.id in wanted],
        }
    )
    assert small.uncertainties  # the book's: the report bands them
    sections = build(ReportContext(scenarios=[small], options={"uncertainty_draws": 4}))
    [finding] = [
        f
        for s in sections
        for f in s.findings
        if f.question == "How far must China grow against missile defense (2001)?"
    ]
    head = re.match(r"Against the (“[^”]+”) variant \((\d+) interceptors", finding.answer)
    assert head, finding.answer
    vid = {f"“{v.shown}”": v.id for v in small.variant_list()}[head[1]]
    own = int(head[2])
    number = re.match(r"(\d+) launchers needed", finding.number)
    assert number, finding.number
    need = int(number[1])
    assert vid == "nmd-c3-china-modernized" and need == 98
    # the band beside the key number is the headline variant's
    assert finding.number.startswith(f"{need} launchers needed ({head[1]}; median "), finding.number
    # the report's band table: the headline variant's curve at its own count, whose point
    # estimate is the headline's count (one model, one plan: they cannot diverge)
    unc = next(s for s in sections if s.id == "deterrence-uncertainty")
    curves = next(t for t in unc.appendix if t.name == "deterrence-bands-reaction").frame
    row = curves[(curves["variant"] == vid) & (curves["interceptors"] == own)]
    assert len(row) == 1 and float(row["point"].iloc[0]) == need, row
    assert (
        " Over 4 Latin-hypercube draws of the uncertain inputs, at the same variant, interceptor "
        "count and counterforce level, China needs a median of "
    ) in finding.answer, finding.answer
    assert finding.answer.endswith(f"; point estimate {need})."), finding.answer
    assert "the curve the report bands" not in finding.answer
    # the national defense's own curve and the headline's, as the uncertainty section says
    assert set(curves["variant"]) == {"nmd-c3", vid}
    [said] = [a for a in unc.assumptions if a.startswith("Reaction curves are banded")]
    assert "“NMD capability 3 with China modernized”" in said, said


def test_theater_defense_against_china_modernized_shields_japan_from_regional_missiles_only():
    """Issue 2, point 3 (theater defense covering Japan against China's modernized force). The
    sea-based upper tier engages theater missiles only: SM-3-class interceptors of that
    generation cannot engage ICBMs (National Research Council, Making Sense of Ballistic Missile
    Defense, 2012). After the U.S. first strike the warheads reaching the United States are
    those of MAD with China modernized; Japan receives fewer (the regional missiles are
    engaged) but more than under theater defense without the modernization (the NIC's 2015
    DF-31/DF-31A, Dec 2001, pass the tier)."""
    answers, _ = small_2001(
        {"tmd-japan", "mad-china-modernized", "tmd-japan-china-modernized"}, ("CHN",)
    )
    by = {a.case.variant.id: a for a in answers}
    twin, mad = by["tmd-japan-china-modernized"], by["mad-china-modernized"]
    np.testing.assert_array_equal(arrivals_at(twin, "USA"), arrivals_at(mad, "USA"))

    def japan(vid: str) -> float:
        pmf = arrivals_at(by[vid], "JPN")
        return float(np.dot(pmf, np.arange(len(pmf))))

    assert japan("tmd-japan") < japan("tmd-japan-china-modernized") < japan("mad-china-modernized")


def test_reaction_table_names_the_layer_a_variant_without_one_borrows():
    """Wilkening (1999) reaction curve: a variant with no layer that can engage the growth
    component (2001 MAD, theater defense of Japan) varies the inventory of the scenario's first
    such layer, the test bed's ground-based interceptors; the caption said only 'first layer
    covering the defender'. It now names the layer and its parameters, read from the data, and
    the rows say which layer each curve varies."""
    from anpo.deterrence.questions import layer_terms, reaction_table
    from anpo.deterrence.report import _reaction_section
    from anpo.report.sections import ReportContext

    answers, small = small_2001({"mad", "tmd-japan", "nmd-c3"})
    first = next(
        ly for d in small.defenses for ly in d.layers if "USA" in ly.covers and "ICBM" in ly.engages
    )
    rows = {a.case.variant.id: reaction_table(a).iloc[0] for a in answers}
    assert rows["mad"]["layer_borrowed"] and rows["tmd-japan"]["layer_borrowed"]
    assert rows["mad"]["layer"] == first.name and not rows["nmd-c3"]["layer_borrowed"]
    assert rows["nmd-c3"]["layer"] != first.name
    sec = _reaction_section(ReportContext(scenarios=[small]), answers)
    names = {v.id: v.shown for v in small.variant_list()}
    assert (
        f"“{names['mad']}”, “{names['tmd-japan']}” have no layer that can engage the growth "
        f"component: the curve varies the inventory of the scenario's first such layer, "
        f"{first.name} ({layer_terms(first)}), borrowed."
    ) in sec.tables[0].caption, sec.tables[0].caption
    assert "SSPK 0.6, 2 shots per warhead (shoot-look-shoot, 2 more)" in layer_terms(first)


def test_the_order_of_the_defenses_decides_the_borrowed_layer_and_the_caption_names_it():
    """review14 F6 (a): a variant with no layer that can engage the growth component borrows
    the scenario's first such layer in the order of [[defenses]] (a documented rule,
    docs/how-to/write-scenario.md), so reversing the list changes which layer the 2001 MAD
    curve of U.S.-China varies, and its launcher counts (Wilkening 1999 reaction curve). The
    caption (its notes: reaction_notes, whose borrowed-layer sentence the test above finds in
    the report's caption) must then name the other layer, so the reader always sees which one
    was used."""
    from anpo.deterrence.questions import answer_case, reaction_notes, reaction_table

    _, small = small_2001({"mad"})
    rev = small.model_copy(update={"defenses": list(reversed(small.defenses))})

    def first_engaging(scen):
        return next(
            ly
            for d in scen.defenses
            for ly in d.layers
            if "USA" in ly.covers and ly.defends == "value" and "ICBM" in ly.engages
        )

    captions, curves = [], []
    for scen in (small, rev):
        answers = [
            a for c in scen.cases() for a in answer_case(c, with_lua=False, with_extended=False)
        ]
        table = reaction_table(answers[0])
        assert table["layer_borrowed"].all()
        assert (table["layer"] == first_engaging(scen).name).all()
        curves.append(table["launchers_needed"].tolist())
        captions.append(reaction_notes(table))
    given, reversed_ = first_engaging(small), first_engaging(rev)
    assert given.name != reversed_.name  # the reversal borrows another layer
    assert curves[0] != curves[1]  # and it matters
    assert f"first such layer, {given.name} (" in captions[0], captions[0]
    assert f"first such layer, {reversed_.name} (" in captions[1], captions[1]
    assert given.name not in captions[1] and reversed_.name not in captions[0]


def test_reaction_finding_says_each_force_held_when_no_variant_needs_more():
    """When the rival's other forces keep its goal in every variant, the finding said 'it holds
    N launchers of its growth component' with the first variant's N, though a variant adding a
    MIRVed force grows that one (an India-Pakistan file: 40 Shaheen-II/Ghauri said, 12 Ababeel
    in the MIRV variant); it now gives the range over the variants."""
    import anpo.deterrence.report as rep
    from _support import one_layer_scenario
    from anpo.report.sections import ReportContext
    from anpo.scenario import parse_scenario_text

    extra = """
[[forces]]
id = "kp-many"
actor = "PRK"
name = "many missiles"
basing = "road-mobile"
missile_class = "ICBM"
launchers = 60
warheads_per_launcher = 1
survivable_fraction = 0.9
reaches = ["USA"]
source = "test"

[[forces]]
id = "kp-mirv"
actor = "PRK"
name = "MIRVed missiles"
basing = "road-mobile"
missile_class = "ICBM"
launchers = 2
warheads_per_launcher = 3
survivable_fraction = 1.0
reaches = ["USA"]
baseline = false
source = "test"

[[variants]]
id = "mirv"
title = "defended against MIRV"
defenses = ["defense"]
add_forces = ["kp-mirv"]
"""
    scen = parse_scenario_text(one_layer_scenario(5, 0.9, extra=extra), "held.toml")
    answers = [a for c in scen.cases() for a in answer_case(c, with_lua=False, with_extended=False)]
    sec = rep._reaction_section(ReportContext(scenarios=[scen]), answers)
    [finding] = sec.findings
    # review8 finding 13: 'China's other forces already keep its goal' (a goal is met)
    assert "already meets its goal with its other forces against every" in finding.answer, (
        finding.answer
    )
    assert "keep its goal" not in finding.answer
    assert "2 to 5 launchers" in finding.answer, finding.answer
    assert finding.number == "0 launchers needed, 2 to 5 held", finding.number


def test_stability_answer_does_not_call_a_users_variants_the_books():
    """The stability section's answer read 'over the book's variants' for a file of the
    user's own (an India-Pakistan scenario written from the docs)."""
    from _support import one_layer_scenario
    from anpo.deterrence.report import _stability_section
    from anpo.scenario import parse_scenario_text

    scen = parse_scenario_text(one_layer_scenario(5, 0.9), "mine.toml")
    answers = [a for c in scen.cases() for a in answer_case(c, with_lua=False, with_extended=False)]
    sec = _stability_section(answers, stability_table(answers))
    assert sec.answer.startswith("Kent-Thaler first-strike stability over the scenarios' variants")
    assert "book" not in sec.answer


@pytest.mark.slow
def test_force_postures_are_the_rivals_own():
    """A variant that modernizes China's force is not another force posture of the U.S.-Russia
    dyad: the first-strike finding for Russia gets no 'China modernized' clause."""
    from anpo.deterrence.report import _stability_section

    answers, _ = small_2001({"mad", "nmd-c3", "mad-china-modernized"}, ("RUS",))
    [finding] = _stability_section(answers, stability_table(answers)).findings
    assert "modernized" not in finding.answer


def test_assured_finding_without_an_undefended_variant_says_so():
    """A force posture with only defended variants (2030 'China low') has no 'without
    defenses' figure: the clause says so and gives the lowest P (it printed 'at least > 0.999')."""
    from anpo.deterrence.report import _assured_finding

    groups = [
        [("mad", 1.0, True, True, "mad"), ("nmd-64", 1.0, True, False, "nmd-64")],
        [
            ("nmd-64-china-low", 0.95, True, False, "nmd-64-china-low"),
            ("gmd-global-china-low", 0.97, True, False, "gmd-global-china-low"),
        ],
    ]
    f = _assured_finding(2030, groups, "China", "United States", 1)
    assert "at least >" not in f.answer and "at least 0" not in f.answer
    assert (
        "(no undefended variant of them), 95% there, the lowest of the 2 variants with these forces"
    ) in f.answer, f.answer
    assert "survives every architecture" in f.answer.split("china-low variant")[1]


def test_assured_finding_of_one_force_without_an_undefended_variant_reads_as_a_sentence():
    """A valid file with one defended variant only: the finding read "P(...) is with the forces
    of the ... variant (no undefended variant of them), 1 at the lowest"; the value now follows
    "is" ([kent1989] exchange, [wilkening1999] interception)."""
    from anpo.deterrence.report import _assured_finding

    groups = [[("gmd-global-china-low", 0.97, True, False, "gmd-global-china-low")]]
    f = _assured_finding(2030, groups, "China", "United States", 1)
    assert ") is 97% at the lowest (gmd-global-china-low; no undefended variant to compare; " in (
        f.answer
    ), f.answer
    assert "is with the forces" not in f.answer


def test_assured_finding_answers_yes_or_no_first():
    """Key finding 1 was a 70-word list of clauses with no yes/no (an acceptance walk of issue
    11): its answer now opens with the computed verdict. 2001 as the report computes it
    ([kent1989] exchange, [wilkening1999] interception): against China's 2001 force there is no
    assured retaliation to take even without defenses; against the modernized force NMD C3
    takes it away, so the answer is no for the first and yes for the second, in that order
    (review8 finding 2: it read 'Yes, for 1 of the 2 force postures.')."""
    from anpo.deterrence.report import _assured_finding, _ForceSet

    groups = [
        [("mad", 2e-7, False, True, "mad"), ("nmd-c3", 2.5e-8, False, False, "nmd-c3")],
        [
            ("mad-china-modernized", 1.0, True, True, "mad-china-modernized"),
            ("nmd-c3-china-modernized", 0.646, False, False, "nmd-c3-china-modernized"),
        ],
    ]
    forces = [
        _ForceSet("China's 2001 forces", own=True),
        _ForceSet("the forces of the mad-china-modernized variant", "which adds DF-31s"),
    ]
    f = _assured_finding(2001, groups, "China", "United States", 1, forces=forces)
    assert f.answer.startswith(
        "No for China's 2001 forces: there is none to take, even without defenses. Yes for the "
        "forces of the mad-china-modernized variant, which adds DF-31s. In 2001, P(at least 1"
    ), f.answer
    assert "; with the forces of the mad-china-modernized variant, 100% without" in f.answer
    assert ": with China's 2001 forces, < 0.1% without defenses" in f.answer
    # unnamed sets are named by their undefended variant
    f = _assured_finding(2001, groups, "China", "United States", 1)
    assert f.answer.startswith(
        "No for the forces of the mad variant: there is none to take, even without defenses. "
        "Yes for the forces of the mad-china-modernized variant. In 2001,"
    ), f.answer
    f = _assured_finding(2001, groups[:1], "China", "United States", 1)
    assert f.answer.startswith("No: there is none to take, even without defenses. In 2001,")
    kept = [[("mad", 1.0, True, True, "mad"), ("nmd-64", 1.0, True, False, "nmd-64")]]
    assert _assured_finding(2030, kept, "China", "United States", 1).answer.startswith("No. ")


def test_assured_finding_does_not_span_two_figures_that_print_alike():
    """The 2001 and 2025 key numbers read '< 0.001 (mad) to < 0.001 (nmd-c1)' and '> 0.999
    (mad) to > 0.999 (nmd-limited)': a range between two equal printed figures. A defense that
    lowers P only below the printed precision is said to leave it as printed."""
    from anpo.deterrence.report import _assured_finding

    groups = [[("mad", 2e-7, False, True, "mad"), ("nmd-c1", 2.5e-8, False, False, "nmd-c1")]]
    f = _assured_finding(2001, groups, "China", "United States", 1)
    assert (
        f.number
        == "P(at least 1 China warhead reaches the United States after a counterforce first strike by the United States): < 0.1% (mad), with or without defenses"
    )
    assert "< 0.1% without defenses and with every defense" in f.answer
    groups = [[("mad", 0.9999, True, True, "mad"), ("nmd-c3", 0.5, False, False, "nmd-c3")]]
    f = _assured_finding(2001, groups, "China", "United States", 1)
    assert (
        f.number
        == "P(at least 1 China warhead reaches the United States after a counterforce first strike by the United States): > 99.9% (mad) to 50% (nmd-c3)"
    )


def test_assured_finding_key_number_gives_each_value_its_band():
    """The key number gives each variant's value with its 5–95% band over the uncertain inputs
    where the report drew one (a finding's "key number with its uncertainty"); a variant the
    report did not band keeps its value alone."""
    from anpo.deterrence.report import _assured_finding

    groups = [[("“MAD”", 0.9999, True, True, "mad"), ("“C3”", 0.646, False, False, "nmd-c3")]]
    bands = {"nmd-c3": "5–95%: 13.2% to > 99.9%"}
    f = _assured_finding(2001, groups, "China", "United States", 1, lambda v: bands.get(v, ""))
    assert f.number == (
        "P(at least 1 China warhead reaches the United States after a counterforce first strike by the United States): > 99.9% (“MAD”) to 64.6% "
        "(“C3”; 5–95%: 13.2% to > 99.9%)"
    )


def test_arrive_band_reads_the_report_band_table_at_its_resolution():
    """arrive_band picks the row of the year, variant, dyad, territory and m, and prints its
    5th and 95th percentiles at the report's resolution; no row (a variant not banded) or an
    empty table gives ''."""
    from anpo.deterrence.bands_report import arrive_band

    row = dict(year=2001, variant="nmd-c3", dyad="U.S.-China", measure="p_arrive", where="USA")
    table = pd.DataFrame(
        [
            {**row, "x": 1, "p05": 0.1321, "p95": 0.99995},
            {**row, "x": 5, "p05": 0.01, "p95": 0.2},
            {**row, "where": "JPN", "x": 1, "p05": 0.5, "p95": 0.6},
        ]
    )
    # in percent, as the key number gives the probability (mend16d)
    assert arrive_band(table, 2001, "nmd-c3", "U.S.-China", "USA", 1) == "5–95%: 13.2% to > 99.9%"
    assert arrive_band(table, 2001, "nmd-c3", "U.S.-China", "USA", 5) == "5–95%: 1% to 20%"
    assert arrive_band(table, 2001, "mad", "U.S.-China", "USA", 1) == ""
    assert arrive_band(pd.DataFrame(), 2001, "nmd-c3", "U.S.-China", "USA", 1) == ""


def test_prose_reads_the_exchange_conventions_from_the_scenario():
    """Kent & Thaler's conventions (the striker commits 90% of its survivable forces; cost
    exponent 0.75 and surcharge 0.3) were typed into the model text; now they come from the
    scenario's [settings], so changing them changes the text."""
    from anpo.deterrence.report import _exposure_section, _stability_section

    answers, _ = small_2001(
        {"mad"}, settings={"survivable_use": 0.8, "cost_exponent": 0.5, "cost_surcharge": 0.2}
    )
    assert (
        "silo forces and 80% of the other forces"
        in _exposure_section(answers, seed_table(answers)).model
    )
    stab = _stability_section(answers, stability_table(answers))
    assert "C = D_own^0.5 + 0.2 (1 - D_enemy^0.5)" in stab.model
    assert "80% of its other forces" in " ".join(stab.assumptions)
    assert "D_own^0.5 + 0.2 (1 - D_other^0.5)" in stab.figures[0].definition


def test_exposure_caveat_names_the_printed_bound_not_0():
    """The exposure caveat said 'A probability of 0 here means below the model's resolution',
    written when the formatter printed anything below 1e-12 as 0; it now prints "0" only for an
    exact 0 and "< 0.001" for a positive probability below the resolution (China's warheads
    reaching the United States in 2001 without defenses, 1.55e-36 for at least 5), so the caveat
    names the bound its tables print."""
    from anpo.deterrence.report import _exposure_section
    from anpo.report.format import fmt_number

    answers, _ = small_2001({"mad"}, ("CHN",))
    sec = _exposure_section(answers, seed_table(answers))
    assert sec.caveat.startswith("A probability of < 0.1% here is below the model's resolution")
    (ans,) = answers
    p5 = ans.exposure[ans.defender][5]
    assert 0 < p5 < 1e-12 and fmt_number(p5, "resolved-percent") == "< 0.1%"


def test_exposure_section_defines_its_variants_and_lists_its_inputs():
    """Issue 11, item 2 (define before use): every variant id the deterrence tables and figures
    use is defined in a table (title, active layers with interceptors and SSPK, force changes),
    and every force and defense figure behind the numbers is listed with its source."""
    from anpo.deterrence.report import _exposure_section

    answers, small = small_2001({"mad", "nmd-c3", "gmd-global-china-modernized"})
    sec = _exposure_section(answers, seed_table(answers))
    variants = next(t for t in sec.tables if t.name == "deterrence-variants").frame
    assert set(variants["variant"]) == {"mad", "nmd-c3", "gmd-global-china-modernized"}
    c3 = variants.set_index("variant").loc["nmd-c3"]
    layer = next(ly for d in small.defenses if d.id == "nmd-c3" for ly in d.layers)
    assert f"{layer.interceptors} interceptors" in c3["active defense layers"]
    # MAD: only Moscow's treaty-permitted A-135 is active (the checks of the unused
    # report.tables.variant_definitions, which duplicated this table, now on the table itself)
    mad = variants.set_index("variant").loc["mad", "active defense layers"]
    assert "covers Russia" in mad and "covers United States" not in mad
    added = variants.set_index("variant").loc["gmd-global-china-modernized", "force changes"]
    assert added.startswith("adds ")
    inputs = next(t for t in sec.appendix if t.name == "deterrence-inputs").frame
    forces = inputs[inputs["kind"] == "force"]
    assert len(forces) == len(small.forces) and forces["source"].str.len().min() >= 3
    assert (inputs["kind"] == "defense layer").sum() == sum(len(d.layers) for d in small.defenses)


def test_inputs_table_prints_the_columns_its_caption_promises():
    """review16 R11(a): the caption promised "decoy discrimination", which no column held (nor
    shots, reliability, decoys per RV, posture): a layer's discrimination and a force's
    decoys per RV are printed as the scenario file gives them, and a column that does not
    apply to a row's kind is empty (a dash), never a default."""
    from anpo.deterrence.report import _exposure_section

    answers, small = small_2001({"mad", "nmd-c3"})
    sec = _exposure_section(answers, seed_table(answers))
    table = next(t for t in sec.appendix if t.name == "deterrence-inputs")
    for word in ("decoy discrimination", "decoys per RV", "shots per RV", "reliability", "posture"):
        assert word in table.caption and word in table.frame.columns, word
    rows = table.frame.set_index("name")
    c3 = next(d for d in small.defenses if d.id == "nmd-c3")
    ly = c3.layers[0]
    layer_row = rows.loc[f"{c3.name}: {ly.name}" if ly.name else c3.name]
    assert layer_row["decoy discrimination"] == ly.discrimination == 0.7
    assert layer_row["shots per RV"].startswith(f"{ly.shots}, then {ly.second_shots}")
    assert layer_row["reliability"] == "0.9 per raid"
    assert pd.isna(layer_row["decoys per RV"]) and pd.isna(layer_row["posture"])
    decoyed = next(f for f in small.forces if f.decoys_per_rv)
    force_row = rows.loc[decoyed.name]
    assert force_row["decoys per RV"] == decoyed.decoys_per_rv
    assert force_row["posture"] == decoyed.posture
    assert pd.isna(force_row["decoy discrimination"]) and pd.isna(force_row["shots per RV"])
    moscow = rows.loc[rows.index.str.contains("A-135")].iloc[0]
    assert "25% of its value" in moscow["reaches or covers"]
    assert "shared elements (don-2n) 0.8 per raid" in moscow["reliability"]


def test_reaction_figure_with_many_identical_curves_lays_out():
    """Seven variants sharing one curve gave a one-line legend label wider than its panel, and
    matplotlib warned 'constrained_layout not applied because axes sizes collapsed to zero' while
    `anpo report` drew the figure; the label is wrapped and the panels keep their layout."""
    import warnings

    import pandas as pd

    from anpo.deterrence.report import _reaction_figure
    from anpo.report.sections import svg_from_matplotlib

    names = ["mad", "tmd-japan", "nmd-limited", "gmd-global", "mad-china-low",
             "nmd-limited-china-low", "gmd-global-china-low"]  # fmt: skip
    rows = [
        {"year": y, "variant": v, "interceptors": i, "launchers_needed": n}
        for y in (2001, 2025, 2030)
        for v in names
        for i, n in ((0, 0), (100, 0), (1000, 0))
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        drawn = {(y, v): f"variant {v}" for y in (2001, 2025, 2030) for v in names}
        fig = _reaction_figure(pd.DataFrame(rows), "United States", "China", drawn)
        svg = svg_from_matplotlib(fig)
    # each panel's legend names every variant, by its name (wrapped lines: one word to look for)
    legends = [
        " ".join(t.get_text().split()) for ax in fig.axes for t in ax.get_legend().get_texts()
    ]
    assert len(legends) == 3 and all("variant nmd-limited-china-low" in x for x in legends)
    assert svg.count("nmd-limited-china-low") == 3


@pytest.mark.slow
def test_deterrence_figures_draw_no_legend_over_data_nor_labels_over_labels(figure_problems):
    """Read in the built report: the exposure figure's legend covered the last panel's bars and
    the extended-deterrence figure's labels ('2001 gmd-global-china-modernized', '2025 mad') ran
    into each other (both caught by overlap_problems in test_report_figures). The legends now sit
    below the panels and the labels are vertical; every figure of these sections, built here for
    a few 2001 variants, is checked before it is serialised."""
    from anpo.deterrence.report import _exposure_section, _extended_section, _stability_section

    answers, small = small_2001(
        {"mad", "tmd-japan", "nmd-c3", "mad-china-modernized", "nmd-c3-china-modernized"},
        ("CHN", "RUS"),
        with_extended=True,
    )
    sections = [
        _exposure_section(answers, seed_table(answers)),
        _stability_section(answers, stability_table(answers)),
        _extended_section(answers),
    ]
    assert all(s.figures and s.figures[0].svg for s in sections)
    # every figure of the three sections was checked, and none has a problem
    assert figure_problems.figures == sum(len(s.figures) for s in sections) == 3
    assert figure_problems == []


@pytest.mark.slow
def test_extended_figure_marks_each_variant_and_keeps_coinciding_dyads_apart(monkeypatch):
    """Read in the built report: the extended-deterrence figure (the patron's price) drew each
    dyad as a line from variant to variant and across the years, implying an order between
    alternatives, and its lines hid one another where prices coincide (China and Russia both at
    1 with China's force modernized, 2001). Now every price is a mark at its variant: no line
    joins categories (figures.category_line_problems), the coinciding dyads' marks sit apart
    and differ in shape, and the caption names the shapes drawn."""
    from anpo.deterrence.questions import extended_table
    from anpo.deterrence.report import _extended_section
    from anpo.report import figures

    drawn: list = []
    original = figures.svg_from_matplotlib

    def keep(fig):  # the figure as drawn, checked before it becomes SVG
        drawn.append((fig, figures.category_line_problems(fig), figures.overlap_problems(fig)))
        return original(fig)

    monkeypatch.setattr(figures, "svg_from_matplotlib", keep)
    # Russia commits a tenth of its forces to a strike on Japan: without one its price is
    # undefined and not drawn
    answers, _ = small_2001(
        {"mad", "mad-china-modernized"}, ("CHN", "RUS"), shares={"RUS": 0.1}, with_extended=True
    )
    section = _extended_section(answers)
    [(fig, crossing, overlaps)] = drawn
    assert crossing == [] and overlaps == []
    ext = extended_table(answers, m=1)
    both = ext[ext["variant"] == "mad-china-modernized"].set_index("dyad")["patron_price"]
    # they coincide (within floating-point noise of 1)
    assert both["U.S.-China"] == pytest.approx(1.0) and both["U.S.-Russia"] == pytest.approx(1.0)
    [ax] = fig.axes
    marks = {}  # dyad -> (marker, display position of its mark at that variant, with defenses)
    for ln in ax.get_lines():
        if ln.get_label().startswith("_"):
            continue
        assert ln.get_linestyle() == "None"
        xy = np.asarray(ln.get_xydata(), dtype=float)
        marks[ln.get_label()] = (ln.get_marker(), ax.transData.transform(xy[1]), ln)
    (m_chn, p_chn, line), (m_rus, p_rus, _) = marks["U.S.-China"], marks["U.S.-Russia"]
    assert m_chn != m_rus
    points = np.hypot(*(p_chn - p_rus)) * 72 / fig.dpi
    assert points > line.get_markersize()  # apart by more than a mark's size
    caption = section.figures[0].caption
    for dyad, (marker, _, _) in marks.items():
        assert f"{dyad}: {figures.MARKER_NAMES[marker]}" in caption


@pytest.mark.slow
def test_an_extreme_below_the_resolution_names_no_single_variant():
    """Kent & Thaler (1989) index: the section's answer read 'U.S.-China: index < 0.001 (2001
    nmd-testbed) to 0.772 (2030 mad)' although every 2001 variant prints '< 0.001': the one
    variant named was the first of equals below the model's resolution. It now says how many
    variants print the extreme, and a range whose ends print alike is one figure."""
    from anpo.deterrence.report import _stability_section

    answers, small = small_2001({"mad", "nmd-c1", "mad-china-modernized"}, ("CHN", "RUS"))
    stab = stability_table(answers)
    sec = _stability_section(answers, stab)
    china = stab[stab["dyad"] == "U.S.-China"]
    low = china[china["fss"] < 1e-3]
    assert len(low) >= 2  # several variants below the resolution
    assert f"U.S.-China: index < 0.001 ({len(low)} variants of 2001)" in sec.answer
    for part in sec.answer.split("; "):
        lo_hi = part.split(" to ")
        if len(lo_hi) == 2:
            assert lo_hi[0].split(" (")[0].split()[-1] != lo_hi[1].split(" (")[0].split()[-1]


def test_reaction_table_says_where_no_force_meets_the_goal():
    """The reaction table printed the search's -1 where no force up to 20,000 launchers meets
    the goal, decoded only in its caption (a default printed for an undefined measure): the
    cell now says 'none up to 20,000' and the caption explains it only when a cell says so."""
    import pandas as pd

    from anpo.deterrence.report import NO_FORCE, _reaction_pivot_report

    rows = pd.DataFrame(
        {
            "variant": ["mad", "mad", "nmd", "nmd"],
            "growth_component": ["g"] * 4,
            "current_launchers": [0] * 4,
            "interceptors": [0, 600, 0, 600],
            "launchers_needed": [1, 85, 1, -1],
        }
    )
    piv, note = _reaction_pivot_report(rows)
    shown = piv.set_index("variant")
    assert shown.loc["nmd", "600"] == NO_FORCE == "none up to 20,000"
    assert shown.loc["mad", "600"] == 85 and "-1" not in piv.astype(str).to_numpy()
    assert note.startswith("; none up to 20,000: no force")
    _, none = _reaction_pivot_report(rows[rows["launchers_needed"] > 0])
    assert none == ""


def test_reaction_finding_names_the_search_limit_where_no_force_meets_the_goal():
    """Five survivable missiles against 25,000 interceptors of kill probability 0.9999: the
    rival needs n with 0.9999^n <= 0.1 (n >= 23,026, Wilkening 1999's salvo model) or more
    missiles than interceptors, both beyond the search limit, so the key finding says no force
    up to the limit keeps the goal (its figure now from REACTION_MAX_LAUNCHERS, as the table's)."""
    import anpo.deterrence.report as rep
    from _support import one_layer_scenario
    from anpo.report.sections import ReportContext
    from anpo.scenario import parse_scenario_text

    text = one_layer_scenario(5, 0.9999, extra="\n[settings]\ninterceptor_grid = [0, 25000]\n")
    scen = parse_scenario_text(text, "limit.toml")
    case = next(c for c in scen.cases() if c.variant.id == "defended")
    answers = answer_case(case, with_lua=False, with_extended=False)
    sec = rep._reaction_section(ReportContext(scenarios=[scen]), answers)
    [finding] = sec.findings
    assert "cannot meet its goal with any force up to 20,000 launchers" in finding.answer
    # the key number says so too (it read 'none needed, 5 held', as if the goal were kept)
    assert finding.number == "no force up to 20,000 launchers meets the goal, 5 held", (
        finding.number
    )
    # the section's answer too: it read 'from -1 (defended) to more than 20,000 (defended)',
    # then a range from the one variant to itself; one variant is given once (review8)
    assert "in 2019 more than 20,000 (“defended”), against the 5 it holds there." in sec.answer
    assert " from " not in sec.answer
    assert "-1" not in sec.answer
    # the same limit as the table's cell for that point
    assert sec.tables[0].frame.iloc[0]["25000"] == rep.NO_FORCE == "none up to 20,000"


@pytest.mark.slow
def test_a_file_without_m_1_still_gives_the_report_its_measure():
    """P(at least one warhead) is the measure the report, the web app and the futures read; a
    file whose ``m_values`` lack 1 made ``anpo report -s FILE`` stop with a KeyError traceback
    ('p_arrive_ge_1'). m = 1 is computed beside the file's values: the deterrence sections build
    and hold it, and outcomes() gives every m computed."""
    from anpo.deterrence.report import build
    from anpo.report.sections import ReportContext

    scen = next(s for s in book_scenarios() if s.scenario.year == 2025)
    small = scen.model_copy(
        update={
            "variants": [v for v in scen.variants if v.id == "nmd-limited"],
            "uncertainties": [],
            "settings": scen.settings.model_copy(update={"m_values": [10, 5]}),
        }
    )
    [nk] = [a for a in answer_case(small.cases()[0], with_lua=False) if a.rival == "PRK"]
    assert sorted(nk.exposure["USA"]) == [1, 5, 10] and sorted(nk.extended.price) == [1, 5, 10]
    sections = {s.id: s for s in build(ReportContext(scenarios=[small]))}
    exposure = sections["deterrence-exposure"].appendix[0].frame
    assert {"p_arrive_ge_1", "p_arrive_ge_5", "p_arrive_ge_10"} <= set(exposure.columns)
    price = sections["deterrence-decoupling"].appendix[0].frame
    assert sorted(set(price["m"])) == [1, 5, 10]
    out = outcomes(small)
    assert {f"USA-PRK/patron_price_ge_{m}" for m in (1, 5, 10)} <= set(out)
    assert out["USA-PRK/patron_price_ge_1"] == pytest.approx(nk.extended.price[1], abs=1e-12)


def test_stability_says_why_a_reaction_curve_is_undefined():
    """A valid file with no missile defense anywhere (and North Korea's dyad, whose rival has no
    force reaching the U.S. in 2001): ``anpo stability`` printed no reaction table and no word
    of why; each undefined curve is now named with its reason (``reaction_undefined``), and a
    computed one has none. Model: the reaction curve of [wilkening1999] interception after the
    [kent1989] exchange."""
    from anpo.deterrence.questions import reaction_undefined

    answers, small = small_2001({"nmd-c3"}, rivals=("CHN", "PRK"))
    by = {a.rival: a for a in answers}
    assert reaction_undefined(by["CHN"]) is None
    assert not reaction_table(by["CHN"]).empty
    why = reaction_undefined(by["PRK"])
    assert why == "no force of North Korea reaches the United States"
    assert reaction_table(by["PRK"]).empty

    bare = small.model_copy(update={"defenses": []})  # no layer anywhere to vary
    (case,) = bare.cases()
    ans = next(a for a in answer_case(case, with_lua=False) if a.rival == "CHN")
    why = reaction_undefined(ans)
    assert why is not None and why.startswith("no missile defense layer covering the United States")
    assert reaction_table(ans).empty


def test_report_reaction_section_says_why_no_curve_is_drawn():
    """A valid file whose only dyad is U.S.-North Korea (no North Korean force reaches the U.S.
    in 2001): the report's reaction table read 'no dyad', which is false (the dyad is there),
    and its answer gave no reason; both now give the reason of ``reaction_undefined``
    (reaction curve after [wilkening1999] and [kent1989])."""
    from anpo.deterrence.report import _reaction_section
    from anpo.report.sections import ReportContext

    answers, small = small_2001({"mad"}, rivals=("PRK",))
    sec = _reaction_section(ReportContext(scenarios=[small]), answers)
    why = "no force of North Korea reaches the United States"
    assert sec.answer == f"North Korea has no reaction curve in these scenarios: {why}."
    for table in (*sec.tables, *sec.appendix):
        cells = [str(v) for v in table.frame.to_numpy().ravel()]
        assert cells == [f"undefined: {why}"], cells


def test_first_strike_key_number_says_why_it_is_undefined():
    """A valid file whose only dyad is U.S.-North Korea in 2001 (no deliverable warheads): the
    key finding's number read a bare 'undefined'; it now names the reason (Kent & Thaler 1989
    incentives are undefined where a side cannot strike first)."""
    from anpo.deterrence.report import _stability_section

    answers, _ = small_2001({"mad", "nmd-c3"}, rivals=("PRK",))
    [finding] = _stability_section(answers, stability_table(answers)).findings
    assert finding.number == "undefined: North Korea has no deliverable warheads in 2001"


def test_exposure_figure_without_an_ally_names_no_ally():
    """A valid file whose dyads have no ally: the exposure figure's description read "(and
    None)" and its caption spoke of an ally's bar that is not drawn; both now speak of the
    homeland alone ([kent1989] exchange, [wilkening1999] interception)."""
    from anpo.deterrence.report import _exposure_section

    answers, small = small_2001({"mad", "nmd-c3"})
    bare = small.model_copy(
        update={"dyads": [d.model_copy(update={"ally": None}) for d in small.dyads]}
    )
    answers = [a for c in bare.cases() for a in answer_case(c, with_lua=False)]
    [fig] = _exposure_section(answers, seed_table(answers)).figures
    assert "None" not in fig.description and "None" not in fig.caption
    assert fig.description.endswith(
        "reaches the United States after the United States' counterforce first strike."
    ), fig.description
    assert "ally" not in fig.caption.replace("has no ally", "")


def test_report_says_why_the_reaction_figure_is_not_drawn(monkeypatch: pytest.MonkeyPatch):
    """A figure with nothing to draw said only 'there are no data to show'; the page now gives
    the reason the section computed: the reaction curve is undefined (``reaction_undefined``:
    no North Korean force reaches the U.S. in 2001), or no force up to the search limit meets
    the goal at any interceptor count (every point a gap). Reaction curve after
    [wilkening1999] and [kent1989]."""
    import anpo.deterrence.report as report
    from anpo.deterrence.questions import REACTION_MAX_LAUNCHERS
    from anpo.report.html import figure_html
    from anpo.report.sections import ReportContext

    answers, small = small_2001({"mad"}, rivals=("PRK",))
    [fig] = report._reaction_section(ReportContext(scenarios=[small]), answers).figures
    assert fig.svg == ""
    assert figure_html(fig, "r", "3.1").endswith(
        "is not drawn: no reaction curve is defined (no force of North Korea reaches the "
        "United States).</p>"
    )

    answers, small = small_2001({"mad"})
    real = report.reaction_table

    def out_of_reach(answer: object, **kw: bool) -> object:
        frame = real(answer, **kw)  # type: ignore[arg-type]
        return frame.assign(launchers_needed=-1)

    monkeypatch.setattr(report, "reaction_table", out_of_reach)
    [fig] = report._reaction_section(ReportContext(scenarios=[small]), answers).figures
    assert fig.svg == ""
    most = f"{REACTION_MAX_LAUNCHERS:,}"  # the search limit the sentence names
    assert figure_html(fig, "r", "3.1").endswith(
        f"is not drawn: at no interceptor count does a force of up to {most} launchers meet "
        "China's goal, so no curve has a point to draw.</p>"
    )


def test_report_says_why_the_patrons_price_figure_is_not_drawn():
    """A valid file whose dyads have no ally: the patron's-price figure was 'not drawn: there
    are no data to show'; the page now says that no dyad has an ally, whose guarantee the price
    is of ([wilkening1999] sequence of the extended-deterrence section)."""
    from anpo.deterrence.report import _extended_section
    from anpo.report.html import figure_html

    _, small = small_2001({"mad"})
    bare = small.model_copy(
        update={"dyads": [d.model_copy(update={"ally": None}) for d in small.dyads]}
    )
    answers = [a for c in bare.cases() for a in answer_case(c, with_lua=False)]
    [fig] = _extended_section(answers).figures
    assert fig.svg == ""
    assert figure_html(fig, "e", "4.1").endswith(
        "is not drawn: no dyad of these scenarios has an ally, and the patron's price is that "
        "of honouring a guarantee to an ally.</p>"
    )


def test_covered_needs_a_layer_that_can_destroy_what_is_fired_at_the_territory():
    """``covered`` (the seed table's column, the web app's 'defended', the futures' "Japan
    covered by missile defense") counted any value layer listing the territory in ``covers``:
    layers left with 0 interceptors, a kill probability of 0, or engaging only IRBMs, of
    which North Korea fires none at Japan, still read "covered", although Japan's arrivals are
    exactly those without them. Now it needs a layer of
    ``Case.defending_layers`` for the classes of the rival's missiles that reach it."""
    scen = next(s for s in book_scenarios() if s.scenario.year == 2025)
    scen = scen.model_copy(update={"dyads": [d for d in scen.dyads if d.rival == "PRK"]})
    case = next(c for c in scen.cases() if c.variant.id == "tmd-japan")
    layers = case.layers_covering("JPN")
    fired = {f.missile_class for f in scen.forces if f.actor == "PRK" and "JPN" in f.reaches}
    assert layers and fired and "IRBM" not in fired

    def answer(**change: object):
        defenses = [
            d.model_copy(
                update={
                    "layers": [
                        ly.model_copy(update=change) if ly in layers else ly for ly in d.layers
                    ]
                }
            )
            for d in scen.defenses
        ]
        s = scen.model_copy(update={"defenses": defenses})
        c = next(c for c in s.cases() if c.variant.id == "tmd-japan")
        [ans] = answer_case(c, with_lua=False, with_extended=False)
        return ans

    assert answer().covered["JPN"]
    mad = next(c for c in scen.cases() if c.variant.id == "mad")
    [bare] = answer_case(mad, with_lua=False, with_extended=False)
    for change in ({"interceptors": 0}, {"sspk": 0.0}, {"engages": ("IRBM",)}):
        ans = answer(**change)
        assert not ans.covered["JPN"], change
        # ... and it is the same as no defense at all: the arrivals at Japan are unchanged by it
        np.testing.assert_allclose(ans.arrivals["JPN"], bare.arrivals["JPN"], atol=1e-12)


def test_assured_finding_names_a_lone_defended_variant_once():
    """Key finding 3 of the built-in report (2030) read 'with the forces of the “NMD with 64
    interceptors and China on launch on warning” variant (no undefended variant of them), 1 at
    the lowest (“NMD with 64 interceptors and China on launch on warning”; ...)': one variant
    named twice and a 'lowest' of one value. It is named once now, and the clause says it is
    the only variant with those forces ([kent1989] exchange, [wilkening1999] interception)."""
    from anpo.deterrence.report import _assured_finding

    groups = [
        [("mad", 1.0, True, True, "mad"), ("nmd-64", 1.0, True, False, "nmd-64")],
        [("nmd-64-low", 0.9, False, False, "nmd-64-low")],
    ]
    f = _assured_finding(2030, groups, "China", "United States", 1)
    # the lead names each set once with its answer (review8 finding 2), the clause once more
    lead, clauses = f.answer.split(" In 2030, ")
    assert lead == (
        "No for the forces of the mad variant. Not shown for the forces of the nmd-64-low "
        "variant: no undefended variant to compare with."
    ), lead
    assert clauses.count("nmd-64-low") == 1, f.answer
    assert "at the lowest" not in f.answer
    assert (
        "with the forces of the nmd-64-low variant, 90% (the only variant with these forces, "
        "and a defended one; the assured retaliation is lost to its defenses)"
    ) in f.answer


def test_assured_finding_names_a_postures_first_variant_once_when_it_is_the_lowest():
    """Key finding 3 of the built-in report (2030) read 'with the forces of the “NMD with 64
    interceptors and China on launch on warning” variant (no undefended variant of them), 1 at
    the lowest (“NMD with 64 interceptors and China on launch on warning”; ...)': the posture's
    first variant was also its lowest and was named twice. It is named once, and the clause
    says the posture's other variants are no lower ([kent1989] exchange, [wilkening1999]
    interception); a lowest that is another variant is still named as the lowest."""
    from anpo.deterrence.report import _assured_finding

    first, other = (
        ("nmd-64-low", 0.9, True, False, "nmd-64-low"),
        ("gmd-low", 0.95, True, False, "g"),
    )
    bare = [("mad", 1.0, True, True, "mad"), ("nmd-64", 1.0, True, False, "nmd-64")]
    f = _assured_finding(2030, [bare, [first, other]], "China", "United States", 1)
    assert f.answer.count("nmd-64-low") == 1, f.answer
    # review8 finding 13: it read '0.9 in it and no lower in the 1 other variant'
    assert (
        "with the forces of the nmd-64-low variant (no undefended variant of them), 90% there, "
        "the lowest of the 2 variants with these forces (the assured retaliation survives "
        "every architecture)"
    ) in f.answer, f.answer
    assert "in it and no lower" not in f.answer
    # the other variant printing the same value (2030: 1 in both): 'there and in the other'
    same = ("gmd-low", 0.9, True, False, "g")
    f = _assured_finding(2030, [bare, [first, same]], "China", "United States", 1)
    assert (
        "with the forces of the nmd-64-low variant (no undefended variant of them), 90% there "
        "and in the other variant with these forces (the assured retaliation survives every "
        "architecture)"
    ) in f.answer, f.answer
    f = _assured_finding(2030, [bare, [other, first]], "China", "United States", 1)
    assert "(no undefended variant of them), 90% at the lowest (nmd-64-low;" in f.answer


def test_growth_budget_counts_vulnerable_launchers_as_the_exchange_does() -> None:
    """[kent1989] conventions as anpo's exchange applies them: of ``n`` launchers a share
    ``sigma`` survives whatever is spent, ``floor(sigma n + 0.5)`` of them, and the striker
    spends its level on each of the others (5 launchers at 0.5: 3 survive, 2 are struck). The
    reaction curve's budget is what the first strike has left after the other components: with
    3 warheads on each of those 2 launchers, 100 - 6 = 94. Python's ``round(2.5)`` is 2 (half
    to even), which counted 3 struck launchers and left 91."""
    from _support import exchange_side as _side
    from _support import force_component
    from anpo.deterrence.exchange import ExchangeSettings, _Strike
    from anpo.deterrence.questions import growth_budget

    other = force_component("b-mobile", "B", 5, 1, 0.5, "road-mobile", ("A",))
    growth = force_component("b-growth", "B", 4, 1, 0.5, "road-mobile", ("A",))
    assert growth_budget(100, {"b-mobile": 3}, [other, growth], "A", "b-growth") == 94
    # the exchange's own count of the struck launchers
    a = _side("A", [force_component("a-silo", "A", 100, 1, reaches=("B",))])
    assert _Strike(a, _side("B", [other]), ExchangeSettings()).vulnerable == [2]


def test_stability_figure_colours_each_dyad_as_the_other_deterrence_figures_do():
    """The first-strike figure took six colours from the cycle, one per dyad and side: U.S.-China's
    rival bars were vermillion, U.S.-Russia's bars green and orange, while the extended-deterrence
    and band figures draw U.S.-China blue, U.S.-Russia vermillion and U.S.-North Korea green
    (PALETTE in dyad order). A reader matching colours across the section's figures read the
    wrong dyad. Now each dyad keeps its colour (the defender's bars filled, the rival's hatched
    in the same colour)."""
    from anpo.deterrence.report import _stability_section
    from anpo.report.figures import PALETTE

    answers, _ = small_2001({"mad", "nmd-c1"}, rivals=("CHN", "RUS"))
    stab = stability_table(answers)
    assert list(dict.fromkeys(stab["dyad"])) == ["U.S.-China", "U.S.-Russia"]
    [fig] = _stability_section(answers, stab).figures
    svg = fig.svg.lower()
    assert PALETTE[0].lower() in svg and PALETTE[1].lower() in svg  # U.S.-China, U.S.-Russia
    assert PALETTE[2].lower() not in svg and PALETTE[3].lower() not in svg  # no third colour
    assert "<pattern" in svg  # the rival's bars are hatched


def test_cone_caption_says_which_side_each_colour_deters():
    """The Intriligator-Brito figure's caption read 'yellow/orange: one side deterred; red:
    neither': a reader could not tell which side the orange (upper left) and yellow (lower right)
    regions deter, and the 'red' region is drawn pale pink. The regions are those of
    anpo.deterrence.classical.deterrence_regions (Intriligator & Brito 1984, fig. 1: 1 = only A
    deterred, 2 = only B deterred); the caption now names the side and the colours as drawn, and
    the figure carries those colours."""
    from anpo.deterrence.classical import deterrence_regions
    from anpo.deterrence.report import CONE_CBAR, CONE_F, CONE_V, _classics_section

    answers, _ = small_2001({"mad"})
    fig = _classics_section(answers).figures[0]
    assert "orange: only A deterred" in fig.caption, fig.caption
    assert "yellow: only B deterred" in fig.caption and "pink: neither" in fig.caption
    assert "yellow/orange" not in fig.caption and "red:" not in fig.caption
    # upper left (B's missiles many, A's few) is where only A is deterred
    f, v, c = CONE_F, CONE_V, CONE_CBAR
    assert int(deterrence_regions(np.array(100.0), np.array(1500.0), f, f, v, v, c, c)) == 1
    assert int(deterrence_regions(np.array(1500.0), np.array(100.0), f, f, v, v, c, c)) == 2


def test_extended_figure_leaves_a_dyad_with_no_price_out_of_its_legend():
    """The extended-deterrence figure's legend listed 'U.S.-Russia' (squares) though no square
    is drawn in any panel: Russia fires no warheads at Japan in the book's sequence, so its price
    is undefined in every variant (Wilkening & Watman 1995 sequence). A legend entry without
    marks reads as a series hidden behind the others. The legend and the caption's shapes now
    name only the dyads with a drawn mark, and the caption names the dyad left out and why it
    is missing (its prices are undefined)."""
    from anpo.deterrence.report import _extended_figure

    nan = float("nan")
    rows = [
        {"year": 2001, "variant": "mad", "dyad": "U.S.-China", "patron": "United States",
         "patron_price": 0.5, "patron_price_undefended": 1.0},
        {"year": 2001, "variant": "mad", "dyad": "U.S.-Russia", "patron": "United States",
         "patron_price": nan, "patron_price_undefended": nan},
    ]  # fmt: skip
    fig, caption = _extended_figure(pd.DataFrame(rows), [])
    from anpo.report.sections import svg_from_matplotlib

    svg = svg_from_matplotlib(fig)
    assert "U.S.-China" in svg and "U.S.-Russia" not in svg
    assert "U.S.-China: circles" in caption and "U.S.-Russia: squares" not in caption
    assert "U.S.-Russia: no price is defined in any variant, so it has no mark" in caption


@pytest.mark.slow
def test_extended_finding_says_in_how_many_variants_defenses_lower_the_price():
    """Wilkening & Watman (1995) sequence: the U.S.-China key finding named the variant where
    missile defense lowers the patron's price most (0.646 against 1, 2001) and nothing else, so
    it read as if defenses lowered the price generally; the section's answer says they lower it
    in 2 of 25 variants (1 in every variant of 2025 and 2030). The finding now gives that count
    beside the best case."""
    from anpo.deterrence.report import _extended_section

    answers, _ = small_2001(
        {"mad", "nmd-c1", "mad-china-modernized", "nmd-c3-china-modernized"},
        with_extended=True,
    )
    sec = _extended_section(answers)
    [china] = [f for f in sec.findings if "U.S.-China" in f.question]
    assert (
        "where missile defense lowers it most (100% without its missile defenses)" in china.answer
    )
    assert "; defenses lower it in 1 of 4 variants;" in china.answer, china.answer
    assert "defenses lower it in 1 of 4 variants" in sec.answer


def test_a_dyad_keeps_its_colour_and_marker_in_the_extended_figure():
    """Review of the one-colour-per-dyad figures: each figure numbered the dyads it draws, so in
    a scenario whose first dyad has no ally the extended-deterrence figure (which draws only
    dyads with an ally) gave the second dyad the first one's colour and marker, unlike the
    stability and band figures. The colour and marker follow the dyad's place among the
    scenarios' dyads (:func:`anpo.deterrence.labels.dyad_slots`)."""
    from types import SimpleNamespace

    import matplotlib.colors
    import matplotlib.pyplot

    from anpo.deterrence.report import _extended_figure
    from anpo.report.figures import MARKER_NAMES, MARKERS, PALETTE

    dyads = [
        SimpleNamespace(key="U.S.-Russia", defender="USA", rival="RUS"),
        SimpleNamespace(key="U.S.-China", defender="USA", rival="CHN"),
    ]
    scen = SimpleNamespace(dyads=dyads, variant_list=list, scenario=SimpleNamespace(year=2001))
    rows = [
        {"year": 2001, "variant": "mad", "dyad": "U.S.-China", "patron": "United States",
         "patron_price": 0.5, "patron_price_undefended": 1.0},
    ]  # fmt: skip
    fig, caption = _extended_figure(pd.DataFrame(rows), [scen])
    assert f"U.S.-China: {MARKER_NAMES[MARKERS[1]]}" in caption, caption
    colours = {
        matplotlib.colors.to_hex(line.get_markeredgecolor())
        for ax in fig.axes
        for line in ax.get_lines()
        if line.get_marker() not in (None, "None", "")
    }
    assert matplotlib.colors.to_hex(PALETTE[1]) in colours, colours
    assert matplotlib.colors.to_hex(PALETTE[0]) not in colours, colours
    matplotlib.pyplot.close(fig)


def _curve_rows(variant: str, needs: list[int], ceiling: int, grid=(0, 250, 400, 600)):
    """Rows of a reaction table with its ceiling (``reaction_table(..., ceiling=True)``)."""
    return pd.DataFrame(
        {
            "variant": variant,
            "interceptors": list(grid),
            "launchers_needed": needs,
            "launchers_full_doctrine": ceiling,
            "shots_per_object": 4,
        }
    )


@pytest.mark.parametrize(
    ("needs", "ceiling", "start"),
    [
        ([1, 46, 70, 85], 85, 600),  # reaches its ceiling at the last count
        ([1, 59, 85, 85], 85, 400),  # from 400 on: N is the first count of the flat tail
        ([1, 85, 84, 85], 85, 600),  # not flat from 250: N is where it stays
        ([1, 46, 70, 84], 85, None),  # never reaches it on the grid: no sentence
        ([85, 85, 85, 85], 85, None),  # at its ceiling from 0: the defense changes nothing
        ([0, 0, 0, 0], 0, None),  # no launcher needed at all
        ([1, 46, -1, -1], -1, None),  # no force meets the goal even then: not said so here
    ],
)
def test_the_reaction_caption_says_where_a_curve_reaches_its_ceiling(needs, ceiling, start):
    """The reaction table's caption explains a curve flattening at the top of the grid (the
    2001 curves: 84 -> 85 launchers from 400 to 600 interceptors) exactly where it stands, from
    some count N on, at its ceiling, the count against an unlimited inventory, which fires the
    layer's whole doctrine at every object (anpo.deterrence.reaction.full_doctrine_inventory,
    after [wilkening1999]); N is computed from the rows, the first count from which every later
    point is at the ceiling."""
    from anpo.deterrence.report import _full_doctrine_note

    note = _full_doctrine_note(_curve_rows("c1", needs, ceiling), {"c1": "“C1”"})
    if start is None:
        assert note == ""
        return
    assert note.startswith(
        f"The curve of “C1” stands from {start} interceptors on at {ceiling} launchers, the "
        "count against an unlimited inventory, which fires the layer's full doctrine (4 "
        "interceptors per object) at every object it engages: more interceptors do not change "
        "it, and it does not depend on the layer's discrimination or the rival's decoys"
    )


def test_the_reaction_caption_groups_the_curves_that_flatten_alike():
    """Variants that reach the same ceiling at the same count share one clause; another count
    gets its own; a curve that does not flatten is not named (2001: the discrimination-0.5
    curves reach 85 at 600, the 0.7 ones at 400 in this made-up grid)."""
    from anpo.deterrence.report import _full_doctrine_note

    rows = pd.concat(
        [
            _curve_rows("c1", [1, 46, 70, 85], 85),
            _curve_rows("c2", [1, 59, 85, 85], 85),
            _curve_rows("c3", [1, 59, 85, 85], 85),
            _curve_rows("tb", [1, 46, 70, 80], 85),
        ]
    )
    note = _full_doctrine_note(rows)
    assert note.startswith("The curve of c1 stands from 600 interceptors on at 85 launchers; ")
    assert (
        "; the curves of c2 and c3 stand from 400 interceptors on at 85 launchers, each the "
        "count against an unlimited inventory, which fires the layer's full doctrine (4 "
        "interceptors per object)" in note
    )
    assert "tb" not in note
    # layers of different doctrines: each clause says its own
    other = rows.assign(shots_per_object=np.where(rows["variant"] == "c1", 2, 4))
    note = _full_doctrine_note(other)
    assert "at 85 launchers (2 interceptors per object); the curves of c2" in note
    assert "(4 interceptors per object), each the count against" in note
    assert _full_doctrine_note(rows.drop(columns="launchers_full_doctrine")) == ""


def test_the_2001_curves_end_at_their_full_doctrine_ceiling(book_answers):
    """2001, NMD capability 1 against China's DF-31A path: the curve reaches, at the grid's
    600 interceptors, the count the rival needs against an unlimited inventory: 85 surviving
    launchers (1 RV and 3 decoys each), the closed form of a layer firing its whole doctrine,
    2 + 2 shots at SSPK 0.6 with per-raid reliability 0.9, at every object,
    ``1 - 0.9 (1 - 0.4^4)^N >= 0.9`` [wilkening1999]. The variant holds no DF-31A; since
    deter31 its launchers are struck at the level of the plan against its first force with a
    launcher to strike (9 warheads each, no longer 0, never struck), so the 85 are its sure
    survivors: 141 launchers at a survivable fraction of 0.6 (``floor(0.6 n + 0.5) >= 85``).
    The ceiling is one more point of the same curve: the grid's counts are those without it."""
    from anpo.deterrence.exchange import sure_count

    ans = next(a for a in book_answers[(2001, "nmd-c1")] if a.label == "U.S.-China")
    table = reaction_table(ans, ceiling=True)
    plain = reaction_table(ans)
    pd.testing.assert_frame_equal(
        table.drop(columns=["launchers_full_doctrine", "shots_per_object"]), plain
    )
    closed = math.ceil(math.log(0.1 / 0.9) / math.log(1 - 0.4**4))
    assert closed == 85 and set(table["counterforce_level"]) == {9}
    sure = next(n for n in range(closed, 1000) if sure_count(n, 0.6) >= closed)
    assert set(table["launchers_full_doctrine"]) == {sure} == {141}
    assert set(table["shots_per_object"]) == {4}
    need = dict(zip(table["interceptors"], table["launchers_needed"], strict=True))
    assert need[600] == sure and need[400] < sure


@pytest.mark.slow
def test_the_2001_reaction_caption_says_why_the_curves_flatten_and_meet():
    """The reviewer's question: the 2001 curves flatten from 400 to 600 interceptors (84 -> 85
    with discrimination 0.7, 70 -> 85 with 0.5) and meet at 600. The caption says why, from
    the computed ceiling: both curves stand there at the count against an unlimited inventory
    (85 launchers, the closed form of 2 + 2 shots at every object [wilkening1999]), which no
    discrimination changes. On a grid that stops at 400, where no curve has reached it, the
    caption says nothing of it. Since deter31 these variants, without the DF-31A, strike it
    at the level of their plan against its first force with a launcher to strike (9 warheads
    each, no longer never): the closed form's 85 surviving launchers are then the sure
    survivors of 141 at a survivable fraction of 0.6, and the curves stand at 141."""
    from anpo.deterrence.report import _reaction_section
    from anpo.report.sections import ReportContext

    answers, small = small_2001({"nmd-c1", "nmd-c3"})
    sec = _reaction_section(ReportContext(scenarios=[small]), answers)
    [table] = sec.tables
    curve = table.frame.set_index("variant")
    assert (int(curve.loc["nmd-c1", "600"]), int(curve.loc["nmd-c3", "600"])) == (141, 141)
    assert int(curve.loc["nmd-c3", "400"]) == 140
    assert (
        "The curves of “NMD capability 1” and “NMD capability 3” stand from 600 interceptors on "
        "at 141 launchers, the count against an unlimited inventory, which fires the layer's "
        "full doctrine (4 interceptors per object) at every object it engages"
    ) in table.caption
    short = {"interceptor_grid": [0, 100, 250, 400]}
    answers, small = small_2001({"nmd-c1", "nmd-c3"}, settings=short)
    sec = _reaction_section(ReportContext(scenarios=[small]), answers)
    assert "unlimited inventory" not in sec.tables[0].caption


@pytest.mark.parametrize("limit", [0, 1.7, float("nan"), True])
def test_reaction_table_checks_its_search_limit(book_answers, limit):
    """reaction_table cast max_launchers with int(): 1.7 searched up to 1 launcher (another
    question's answer), NaN was a bare ValueError, and 0 gave -1 or 1 (a force beyond the
    limit); the limit is a whole number >= 1, as reaction_curve takes it."""
    ans = next(a for a in book_answers[(2001, "nmd-c1")] if a.label == "U.S.-China")
    with pytest.raises(InputError) as err:
        reaction_table(ans, max_launchers=limit)
    assert err.value.field == "max_launchers"


def test_outcomes_give_no_count_of_minus_one_launchers(monkeypatch):
    """outcomes(reaction=True) passed the reaction table's -1 ("no force up to the search
    limit meets the goal") on as launchers_needed = -1.0, a count an exploration would average;
    it is inf (beyond the limit, as the bands count such a draw)."""
    import anpo.deterrence.questions as qn

    _, small = small_2001({"mad"})
    real = qn.reaction_table

    def out_of_reach(answer: object, *args: object, **kw: object) -> object:
        return real(answer, *args, **kw).assign(launchers_needed=-1)  # type: ignore[arg-type]

    monkeypatch.setattr(qn, "reaction_table", out_of_reach)
    out = outcomes(small, reaction=True)
    needed = {k: v for k, v in out.items() if k.endswith("/launchers_needed")}
    assert needed and all(v == math.inf for v in needed.values()), needed


def test_reaction_curve_sweeps_the_layer_it_names():
    """mend16b: the reaction table named the first layer (declaration order) that can engage
    the growth component but swept the first such layer in the engine's order
    (``layer_arrays``: exo-atmospheric layers first), so with an endo-atmospheric layer declared
    before C3 the curve varied C3 under the endo layer's name (Wilkening 1999 curve). Here the
    endo layer, declared first, has no interceptors in the variant and C3 its 250: at 0 on the
    curve's x, sweeping the named layer leaves C3's 250, so more launchers are needed than
    with no defense at all (what sweeping C3 to 0 gave)."""
    from anpo.deterrence.questions import answer_case, curve_layers, reaction_table

    scen = next(s for s in book_scenarios() if s.scenario.year == 2001)
    c3 = next(d for d in scen.defenses if d.id == "nmd-c3")
    endo = c3.model_copy(
        update={
            "id": "endo-test",
            "layers": [
                c3.layers[0].model_copy(
                    update={"name": "Endo test", "endo_atmospheric": True, "interceptors": 0}
                )
            ],
        }
    )
    base = next(v for v in scen.variants if v.id == "nmd-c3")
    with_endo = base.model_copy(
        update={"id": "endo-first", "defenses": ["a135", "endo-test", "nmd-c3"]}
    )
    small = scen.model_copy(
        update={
            "defenses": [endo, *scen.defenses],
            "dyads": [d for d in scen.dyads if d.rival == "CHN"],
            "variants": [base, with_endo],
            "uncertainties": [],
        }
    )
    small = type(small).model_validate(small.model_dump())
    rows = {}
    for case in small.cases():
        ans = answer_case(case, with_lua=False, with_extended=False)[0]
        table = reaction_table(ans)
        rows[case.variant.id] = table.set_index("interceptors")
        picked = curve_layers(case, "USA", "ICBM")
        assert picked is not None and (table["layer"] == picked.varied.name).all()
    assert (rows["endo-first"]["layer"] == "Endo test").all()
    at0 = rows["endo-first"].loc[0, "launchers_needed"]
    assert at0 == -1 or at0 > rows["nmd-c3"].loc[0, "launchers_needed"]

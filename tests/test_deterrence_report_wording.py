"""What the deterrence sections' sentences, captions and CSV headers say their numbers are
(review8 of the full-data report: findings 2, 3, 5, 9, 10, 12 and 13). The measures are those of
the exchange after Kent & Thaler (RAND R-3765, 1989) and of the interception after Wilkening
(1999); each test checks a sentence as generated from computed results, and fails on the
wording the review quoted.
"""

from __future__ import annotations

import pandas as pd

from _support import small_2001


def test_exposure_summary_header_says_where_the_warhead_arrives() -> None:
    """``summary-deterrence-exposure.csv`` headed its columns 'U.S.-China P(>=1 arrives)',
    not saying where (the page says 'reaches the defender's homeland'): the CSV file is read
    without the page."""
    from anpo.deterrence.report import _summary

    table = pd.DataFrame(
        {
            "year": [2001, 2001, 2001],
            "variant": ["mad", "mad", "nmd-c3"],
            "dyad": ["U.S.-China", "U.S.-China", "U.S.-China"],
            "role": ["homeland", "ally", "homeland"],
            "p_arrive_ge_1": [1e-7, 0.9, 2e-8],
        }
    )
    out = _summary(table)
    assert list(out.columns) == [
        "year",
        "variant",
        "U.S.-China P(>=1 reaches the defender's homeland)",
    ]
    assert "arrives" not in " ".join(out.columns)
    assert out.iloc[:, 2].tolist() == [1e-7, 2e-8]  # the homeland rows only


def _small(variants: set[str], rivals: tuple[str, ...] = ("CHN",), **kw: bool) -> tuple:
    """Answers for a few of the book's 2001 variants (the report tests' small cases)."""
    return small_2001(variants, rivals, **kw)


def test_stability_figure_caption_says_which_bars_are_undefined() -> None:
    """Figure 2.1 left North Korea's 2001 bars out without a word in the visible caption (only
    the screen-reader description said so), so a reader could not tell 'undefined' from 0; the
    caption now counts the undefined incentives and gives why, as Fig. 4.1 counts its undefined
    prices."""
    from anpo.deterrence.questions import stability_table
    from anpo.deterrence.report import _stability_section

    answers, _ = _small({"mad", "nmd-c3"}, ("CHN", "PRK"))
    stab = stability_table(answers)
    [fig] = _stability_section(answers, stab).figures
    # the answers compute no launch under attack, the posture of the U.S. Minuteman III: the
    # caption says the figures ignore it (lua27); against North Korea, with no deliverable
    # warheads, no side launches under attack (deter30: it said the figures ignored it there)
    ignoring = "ignoring the launch-under-attack posture of forces of the United States in"
    assert fig.caption == (
        "Bars above zero: the side is better off striking first. 4 incentives are undefined "
        "and not drawn, which is not an incentive of 0 (North Korea has no deliverable "
        f"warheads in 2001). Force postures of the figures: U.S.-China, {ignoring} 2 variants "
        "of 2001; U.S.-North Korea, with no side launching under attack in 2 variants of 2001."
    ), fig.caption
    answers, _ = _small({"mad"}, ("CHN",))
    [fig] = _stability_section(answers, stability_table(answers)).figures
    assert fig.caption == (
        "Bars above zero: the side is better off striking first. Force postures of the "
        f"figures: U.S.-China, {ignoring} “MAD (no U.S. defense)”, 2001."
    )


def test_extended_sentences_say_where_each_warhead_arrives() -> None:
    """Key findings 10 and 12 read "Japan's own exposure is 1 (1 undefended)" (a probability, a
    damage share or a warhead count?) beside a U.S. price of the same size, and the section's
    answer "costs the United States P(at least 1 warhead)" (arriving where?). The exposure is
    P(at least 1 of the rival's warheads reaches the ally) in the rival's strike on the ally,
    the price P(at least 1 warhead reaches the patron) after the patron strikes back (the
    sequence of Wilkening & Watman 1995); both now say so, with the figures of the table."""
    from anpo.deterrence.report import _extended_section
    from anpo.report.format import fmt_number

    answers, _ = _small(
        {"mad", "mad-china-modernized", "nmd-c3-china-modernized"}, with_extended=True
    )
    sec = _extended_section(answers)
    assert sec.answer.startswith(
        "U.S.-China: honouring the guarantee costs the United States P(at least 1 warhead "
        "reaches the United States) from "
    ), sec.answer
    assert "P(at least 1 warhead) " not in sec.answer
    ext = sec.tables[0].frame.set_index("variant")
    best = ext.loc["nmd-c3-china-modernized"]  # where the defense lowers the price most
    [finding] = sec.findings
    exposure = (
        "Japan's own exposure, P(at least 1 of China's warheads reaches Japan), is "
        f"{fmt_number(best['ally_exposure'], 'resolved-percent')} "
        f"({fmt_number(best['ally_exposure_undefended'], 'resolved-percent')} undefended)"
    )
    assert exposure in finding.answer, finding.answer
    assert "own exposure is" not in finding.answer


def test_reaction_answer_gives_each_range_within_one_counterforce_level() -> None:
    """Section 3's answer read 'in 2001 from 1 (“MAD (no U.S. defense)”) to 98 (“NMD capability
    3 with China modernized”), against the 0 to 60 it holds in those variants': the low end's
    variant holds none of the growth component and never has it struck (level 0), the high
    end's has each launcher struck by 11 warheads, so the range mixed two counterforce
    assumptions (the table's caption said counts at different levels differ by that assumption,
    not only by the defense), and what China holds was taken over every variant. Now one range
    per level, the level said, each with what its two named variants hold; the figures are
    the table's, at each variant's own interceptor count (anpo's reaction curve on the
    exchange of Kent & Thaler 1989 and the interception of Wilkening 1999). Since deter31 the
    variants without the DF-31A strike it at the level of their plan against its first force
    with a launcher to strike (9), still not the modernized variants' 11."""
    from anpo.deterrence.report import _curve_points, _reaction_curves, _reaction_section
    from anpo.report.sections import ReportContext

    answers, small = _small({"mad", "nmd-c3", "mad-china-modernized", "nmd-c3-china-modernized"})
    ctx = ReportContext(scenarios=[small])
    curves = _reaction_curves(ctx, answers)
    points = {p.vid: p for p in _curve_points(*curves, pd.DataFrame())}
    old, new = points["nmd-c3"], points["nmd-c3-china-modernized"]
    # deter31: the variant without the DF-31A is struck as its first force with a launcher to
    # strike (2 of survivable fraction 0.6), no longer at level 0; the levels still differ
    assert 0 < old.level != new.level and not old.held and new.held and old.first == 2
    mad, madm = points["mad"], points["mad-china-modernized"]
    assert (mad.level, madm.level) == (old.level, new.level)
    sec = _reaction_section(ctx, answers, curves=curves)
    j, k = old.level, new.level
    first, second = (
        (
            f"from {mad.need} (“MAD (no U.S. defense)”) to {old.need} (“NMD capability 3”), "
            f"against the {old.have} it holds in those variants",
            j,
        ),
        (
            f"from {madm.need} (“MAD with China modernized”) to {new.need} (“NMD capability 3 "
            f"with China modernized”), against the {new.have} it holds in those variants",
            k,
        ),
    )
    if new.need > old.need:  # the range with the most needed first (a tie: the book's order)
        first, second = second, first
    assert sec.answer.endswith(
        "after a first strike, against each variant's own defense: in 2001 with its launchers "
        f"of the growth component each struck by {first[1]} of the United States' first-strike "
        f"warheads, {first[0]}; with them each struck by {second[1]} of the United States' "
        f"first-strike warheads, {second[0]}."
    ), sec.answer
    # the old range across the two levels is gone
    assert (
        f"from {mad.need} (“MAD (no U.S. defense)”) to {new.need} (“NMD capability 3 with"
        not in sec.answer
    )


def test_stability_sentences_print_the_index_as_its_table_does() -> None:
    """The stability answer wrote the Kent & Thaler (1989) index with three fixed decimals
    ('0.700', '0.013') where its table prints three significant digits ('0.7', '0.0125'): one
    quantity at two precisions (review8 finding 12, its deterrence instance; the book's 2001
    to 2030 indices, 0.30 to 0.77, print alike either way). The sentences now go through the
    table's formatter."""
    from anpo.deterrence.questions import display_kind
    from anpo.deterrence.report import _fss
    from anpo.report.format import fmt_number

    for x in (0.7, 0.0125, 0.0012, 0.7083988, 0.2994889, 0.99995, 1.0, 2.26e-8):
        assert _fss(x) == fmt_number(x, display_kind("fss")), x
    assert _fss(float("nan")) == _fss(None) == "undefined"

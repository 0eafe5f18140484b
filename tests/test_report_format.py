"""The report's one number formatter (anpo.report.format) and table helpers."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from anpo.report.format import (
    NOISE,
    clean_frame,
    fmt_decimals,
    fmt_estimate,
    fmt_number,
    fmt_share,
    format_frame,
    is_missing,
    join_words,
)
from anpo.report.tables import definition_table, plain_header, plain_headers


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (2001.0, "auto", "2001"),
        (np.int64(2001), "auto", "2001"),
        (2001.0, "year", "2001"),
        (12000, "year", "12000"),
        (12000, "auto", "12,000"),
        (1.831e-25, "auto", "0"),
        (-2.22e-16, "auto", "0"),
        (1.11e-16, "prob", "0"),
        (1 - 2.2e-16, "resolved", "> 0.999"),
        (9.1e-13, "resolved", "< 0.001"),
        (1.0, "resolved", "1"),
        (1 - 1e-9, "resolved", "> 0.999"),
        (0.123456, "prob", "0.123"),
        (0.5, "prob", "0.5"),
        (0.9996, "auto", "1"),
        (99.96, "auto", "100"),
        (12.345, "auto", "12.3"),
        (1234.5, "auto", "1234"),
        (4924.3, "auto", "4924"),  # as the integer 4929 beside it in a column
        (12345.6, "auto", "12,346"),
        (12345.4, "int", "12,345"),  # an int column reads like an integer column
        (4929.4, "int", "4929"),
        (-12345.6, "auto", "-12,346"),
        (2.5e-5, "auto", "2.5e-5"),
        (-0.0456, "auto", "-0.0456"),
        (0.1234, "percent", "12.3%"),
        (-0.5281234, "precise", "-0.528123"),
        (1e-15, "percent", "1e-13%"),
        (0.0, "percent", "0%"),
        (1, "percent", "100%"),
        (float("nan"), "auto", "–"),
        (None, "prob", "–"),
        (pd.NA, "auto", "–"),
        (True, "auto", "yes"),
        (float("inf"), "auto", "∞"),
        ("mad", "auto", "mad"),
        (pd.Timestamp("2016-03-29"), "auto", "2016-03-29"),
    ],
)
def test_fmt_number(value, kind, expected):
    assert fmt_number(value, kind) == expected


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_fmt_number_never_prints_noise_or_whole_floats(x):
    text = fmt_number(x)
    if abs(x) < NOISE:
        assert text == "0"
    if x == math.floor(x):
        assert "." not in text and "e" not in text
    assert "e+" not in text and "nan" not in text
    # three significant figures at most (ignoring separators, sign, exponent)
    mantissa = text.split("e")[0].replace(",", "").replace("-", "").replace(".", "").lstrip("0")
    if abs(x) < 100 and abs(x) >= NOISE and x != math.floor(x):
        assert len(mantissa) <= 3


@given(st.floats(min_value=0.99, max_value=1.0))
def test_resolved_near_one_is_a_bound_unless_exactly_one(p):
    """A model probability below 1 reads '> 0.999' however close to 1 it is, and only an exact 1
    reads '1' (a certain event): the bound is true of any value on its side, noise included,
    and 1 - 4.9e-13 (an ally's exposure) is no certainty."""
    text = fmt_number(p, "resolved")
    if p == 1:
        assert text == "1"
    elif p > 1 - 1e-3:
        assert text == "> 0.999"
    else:
        assert float(text) == pytest.approx(p, abs=5e-4)


_ZERO = {"resolved": "0", "cost": "0", "percent": "0%"}
_ONE = {"resolved": "1", "percent": "100%"}


@given(
    st.sampled_from(["resolved", "percent"]),
    st.one_of(
        st.floats(min_value=0, max_value=1),
        st.sampled_from([0.0, 1.0, 5e-324, 1e-300, 1e-13, 9.1e-13, 1 - 2**-53, 1 - 1e-13]),
    ),
)
def test_model_probabilities_read_0_or_1_only_when_exact(kind, p):
    """A model's probability prints "0" ("0%") if and only if it is exactly 0, and "1"
    ("100%") if and only if it is exactly 1: a value between is a possible event that is not
    certain, shown by its digits or a bound ("< 0.001", "> 0.999", "> 99.9%"), never as an
    impossibility or a certainty (the web page and the report had two rules for this)."""
    text = fmt_number(p, kind)
    assert (text == _ZERO[kind]) == (p == 0), text
    assert (text == _ONE[kind]) == (p == 1), text


@given(
    st.one_of(
        st.floats(min_value=-2, max_value=2),
        st.floats(min_value=-1e-9, max_value=1e-9),
        st.sampled_from([0.0, -0.0, 5e-324, -1e-17, 1e-13]),
    )
)
def test_costs_read_0_only_when_exact(x):
    """A Kent-Thaler cost or a first-strike incentive prints "0" if and only if it is exactly 0:
    a cost of 1e-13 is a cost, "< 0.001" (the model's resolution), and an incentive of -1e-17
    "> -0.001"."""
    text = fmt_number(x, "cost")
    assert (text == _ZERO["cost"]) == (x == 0), text
    if 0 < abs(x) < 1e-3:
        assert text == ("< 0.001" if x > 0 else "> -0.001")


def test_a_tiny_real_probability_is_not_printed_as_impossible() -> None:
    """P(all 10 of 10 warheads arrive) through a salvo of 4 shots at SSPK 0.5 each: each RV
    leaks with probability (1 - 0.5)**4 = 0.0625 (Wilkening 1999, eq. 1), so all ten with
    0.0625**10 = 9.09e-13, below the formatter's noise threshold of 1e-12 but a possible event:
    the report, the command line and the web page read "< 0.001", never "0" (an impossible
    event); P(no leaker) beside it keeps its digits."""
    from anpo.deterrence.defense import engagement
    from anpo.web.common import prob_text

    r = engagement(10, 0.5, 4)
    p_all = float(r.p_at_least(10))
    assert p_all == pytest.approx(0.0625**10, rel=1e-12) and 0 < p_all < NOISE
    assert fmt_number(p_all, "resolved") == prob_text(p_all) == "< 0.001"
    assert fmt_number(1 - p_all, "resolved") == prob_text(1 - p_all) == "> 0.999"
    assert prob_text(float(r.p_no_leak)) == fmt_number(float(r.p_no_leak), "resolved") == "0.524"
    assert fmt_number(float(r.p_at_least(11)), "resolved") == "0"  # 11 of 10: impossible


@given(st.floats(min_value=0, max_value=1), st.sampled_from([None, 0, 1, 2]))
def test_percentages_of_a_fraction_below_one_never_read_100_percent(p, decimals):
    """A fraction that is not 1 never prints as '100%', nor one that is not 0 as '0%': the
    futures key finding and scorecard printed the 95th percentile of P(any warhead reaches
    Japan) as '64.6% [12.2%–100%]' while the deterrence section gave the same band as '0.132 to
    > 0.999' (an acceptance walk of issue 11)."""
    shown = [fmt_number(p, "percent")]
    shown.append(fmt_share(p) if decimals is None else fmt_share(p, decimals=decimals))
    for text in shown:
        number = float(text.lstrip("<> ").rstrip("%"))
        # fmt_number's percentages read the whole only for an exact 1 (a model's probability
        # of 1 - 1e-15 is no certainty); fmt_share's keep the noise rule
        whole = p == 1 if text is shown[0] else 1 - p < NOISE
        if whole:
            assert number == 100 and text[0].isdigit(), text
        else:
            assert number < 100 or text.startswith("> "), text
        if p == 0:
            assert text == "0%"
        elif p >= NOISE or text is shown[0]:
            assert number > 0 or text.startswith("< "), text


@given(st.floats(min_value=0, max_value=1))
def test_probabilities_keep_three_significant_figures(p):
    text = fmt_number(p, "prob")
    if p >= 1e-3 and p != math.floor(p):
        assert abs(float(text.replace(",", "")) - p) <= 0.005 * max(p, 1e-3) * 1.01 + 5e-4 * (
            p >= 100
        )


@given(
    st.floats(-2, 2, allow_nan=False),
    st.one_of(st.none(), st.floats(0, 1, allow_nan=False)),
)
def test_estimates_are_fixed_point_never_noise(x, hw):
    """Sobol' indices and other estimates with an interval (the futures drivers section):
    fixed decimals, no exponent, noise is 0, a small non-zero value says '< 0.01'."""
    text = fmt_estimate(x, hw)
    assert "e" not in text and "nan" not in text
    value = text.split(" ± ")[0]
    if abs(x) < NOISE:
        assert value == "0"
    elif abs(x) < 0.005:
        assert value in ("< 0.01", "> -0.01")
    else:
        assert float(value) == pytest.approx(x, abs=0.0051)
    assert (" ± " in text) == (hw is not None and hw >= 0.005)


def test_clean_frame_types():
    frame = pd.DataFrame(
        {
            "year": [2001.0, 2025.0, np.nan],
            "p": [1e-17, 0.1 + 0.2, 0.5],
            "name": ["a", "b", "c"],
            "flag": [True, False, True],
        }
    )
    out = clean_frame(frame)
    assert str(out["year"].dtype) == "Int64"
    assert out["p"].tolist() == [0.0, 0.3, 0.5]
    assert out.to_csv(index=False).splitlines()[1:3] == ["2001,0.0,a,True", "2025,0.3,b,False"]
    assert frame["p"].iloc[0] == 1e-17, "the input is not changed"


def test_a_scaled_column_keeps_a_tiny_instances_values_on_the_page_and_in_the_csv():
    """A column with a scale (Table.scales) judges noise against it, as fmt_scaled: the
    energies of an alignment instance of propensities of 1e-14 (sum of |weights| 1e-13) read
    '-8e-14' and keep -8e-14 in the CSV file, where the absolute rule (|x| < 1e-12) wrote
    '0' and 0.0; noise of that scale (1e-27) is still 0; one scale per row (a scenario's
    before and after landscapes) is honoured row by row; a wrong count of scales is the
    table's code's mistake (ValueError)."""
    frame = pd.DataFrame({"energy": [-8e-14, 1e-27, -2.5], "n": [1, 2, 3]})
    scales = {"energy": 1e-13}
    assert format_frame(frame, {"energy": "precise"}, scales)["energy"].tolist() == [
        "-8e-14",
        "0",
        "-2.5",
    ]
    assert clean_frame(frame, scales=scales)["energy"].tolist() == [-8e-14, 0.0, -2.5]
    rows = {"energy": [1e-13, 1.0, 1.0]}
    assert format_frame(frame, scales=rows)["energy"].tolist() == ["-8e-14", "0", "-2.5"]
    assert clean_frame(frame, scales={"energy": [1.0, 1e-13, 1.0]})["energy"].tolist() == [
        0.0,
        0.0,
        -2.5,
    ]
    with pytest.raises(ValueError, match="2 scales for 3 rows"):
        format_frame(frame, scales={"energy": [1.0, 1.0]})


@given(
    st.lists(
        st.floats(allow_nan=True, allow_infinity=True, width=64)
        | st.floats(min_value=-1e-11, max_value=1e-11),
        min_size=1,
        max_size=6,
    ),
    st.floats(min_value=1.0, max_value=1e300),
)
def test_a_scale_of_one_or_more_changes_no_cell(values: list[float], scale: float) -> None:
    """Behaviour at a scale of 1 or more is unchanged: a scaled column of the built-in
    report's instances (energies and changes of order 1 and more) is written, on the page and
    in the CSV file, as without its scale (fmt_number and clean_value's absolute NOISE)."""
    frame = pd.DataFrame({"x": values})
    for kind in ("auto", "precise"):
        got = format_frame(frame, {"x": kind}, {"x": scale})
        assert got.equals(format_frame(frame, {"x": kind}))
    assert clean_frame(frame, scales={"x": scale}).equals(clean_frame(frame))


def test_format_frame_guesses_years_and_probabilities():
    frame = pd.DataFrame({"year": [2001.0], "p_arrive_ge_1": [0.98765], "count": [12345.0]})
    assert format_frame(frame).iloc[0].tolist() == ["2001", "0.988", "12,345"]
    assert format_frame(frame, {"p_arrive_ge_1": "percent"}).iloc[0, 1] == "98.8%"


def test_plain_headers():
    assert plain_header("p_arrive_ge_1") == "P(at least 1 warhead arrives)"
    assert plain_header("arriving_p95") == "Arriving, 95th percentile"
    assert plain_header("fss", {"fss": "Stability"}) == "Stability"
    assert plain_header("Japan's support") == "Japan's support"
    frame = pd.DataFrame(columns=["a_b", "A b"])
    assert plain_headers(frame) == ["a_b", "A b"], "colliding headers keep the data names"


def test_definition_tables():
    table = definition_table("Measures", {"FSS": {"Meaning": "stability"}}, term_header="Measure")
    assert table.frame.columns.tolist() == ["Measure", "Meaning"]


def test_exposure_headers_say_which_warheads_they_count():
    """The exposure table's U.S. row for China 2001 read 'Warheads surviving a first strike
    (expected) 88' next to 'P(at least 1 arrives) 2e-7': the 88 include regional missiles that
    cannot reach the United States. The headers say 'all ranges' and what arrives where.
    review16 R11(b): 'Rival's warheads (all ranges)' read as all of the rival's warheads; it is
    the scenario's force components (Russia 2001: 4,712 of an 11,152 stockpile), so it says so;
    mend16d: the survivors' header said 'all ranges' too, which read as all of the rival's
    warheads, so it says what rival_warheads says."""
    from anpo.report.tables import plain_header

    assert plain_header("survivors_expected") == (
        "Rival's modelled warheads surviving a first strike (expected; the scenario's forces, "
        "any range)"
    )
    assert "all ranges" not in plain_header("survivors_expected")
    assert plain_header("rival_warheads") == (
        "Rival's modelled warheads (the scenario's forces, any range)"
    )
    assert plain_header("arrivals_expected") == (
        "Warheads reaching the territory if every survivor that can reach it is fired at it "
        "(expected)"
    )


def test_deterrence_appendix_headers_say_whose_measure_they_are():
    """Read in the report: the extended-deterrence table put 'Ally's exposure' next to 'Ally
    exposure undefended' and 'Patron price', and the stability table read 'Incentive defender
    lua', 'C1 rival' and 'Fss reason'. Each header now names whose measure it is."""
    from anpo.report.tables import plain_header

    cols = [
        "ally_exposure_undefended", "patron_price", "patron_price_undefended",
        "patron_price_reserve_intact", "price_change_by_defense", "patron_damage",
        "incentive_defender", "incentive_rival_lua", "c1_rival", "c2_defender", "fss_reason",
    ]  # fmt: skip
    heads = [plain_header(c) for c in cols]
    assert heads[:3] == [
        "Ally's exposure, undefended",
        "Patron's price",
        "Patron's price, undefended",
    ]
    assert all("'s " in h or h.startswith("Why") or h.startswith("Change") for h in heads)
    assert plain_header("c1_rival") == "Rival's cost striking first (C1)"
    assert "share of value" in plain_header("patron_damage")


@given(
    st.lists(st.text(alphabet="abcXYZ", min_size=1, max_size=6), max_size=6),
    st.sampled_from(["and", "or"]),
)
def test_join_words_lists_every_item_once_in_order(items: list[str], word: str) -> None:
    """The report's one joiner: ``a, b and c`` (no Oxford comma); splitting the text at the
    commas and at the last ``word`` gives the items back, in order."""
    text = join_words(items, word)
    if not items:
        assert text == "none"
        assert join_words(items, word, empty="") == ""
        return
    head, sep, last = text.rpartition(f" {word} ")
    if len(items) == 1:
        assert text == items[0]
        return
    assert sep and last == items[-1]
    assert head.split(", ") == items[:-1]
    assert ", " + word not in text


def test_costs_have_no_probability_bound_at_one() -> None:
    """Kent-Thaler costs run to 1 + surcharge (1.3 with the weights of Kent & Thaler 1989, RAND
    R-3765, App. C) and incentives C2 - C1 below 0: the probabilities' '> 0.999' bound printed a
    cost of 0.9995 as '> 0.999' and one of 1.000025 as '1', as if 1 lay between them. A cost
    keeps three significant figures and the model's resolution at zero."""
    assert fmt_number(0.9995, "cost") == fmt_number(1.000025, "cost") == "1"
    assert fmt_number(0.9995, "resolved") == "> 0.999"  # probabilities keep their rule
    assert [fmt_number(v, "cost") for v in (1.2575, 1.3, 0.0716, -0.2412)] == [
        "1.26",
        "1.3",
        "0.0716",
        "-0.241",
    ]
    assert [fmt_number(v, "cost") for v in (3.4e-9, -2e-5, 1e-13, 0.0, float("nan"))] == [
        "< 0.001",
        "> -0.001",
        "< 0.001",  # a cost, not noise: "0" only for an exact 0
        "0",
        "–",
    ]


def test_deterrence_tables_print_costs_as_costs() -> None:
    """The terminal's and the report's deterrence tables choose the kind by column: C1, C2 and
    the incentives (with or without launch under attack) are costs, the stability index keeps the
    '> 0.999' bound and the probabilities of warheads arriving its percentage, '> 99.9%' (the
    futures' scale, mend16d); the frame (JSON, CSV) keeps the computed values."""
    from anpo.cli.deterrence import _resolved
    from anpo.deterrence.report import _resolved_kinds
    from anpo.report.sections import Table

    frame = pd.DataFrame(
        {
            "variant": ["mad"],
            "c1_rival": [0.9995],
            "c2_rival": [1.000025],
            "incentive_rival_lua": [0.9996],
            "fss": [0.9995],
            "p_arrive_ge_1": [0.9995],
        }
    )
    want = ["mad", "1", "1", "1", "> 0.999", "> 99.9%"]
    assert format_frame(frame, _resolved(frame)).iloc[0].tolist() == want
    table = _resolved_kinds(Table("t", frame))
    assert format_frame(table.frame, table.kinds).iloc[0].tolist() == want
    assert table.frame["c1_rival"].iloc[0] == 0.9995
    bands = frame[["c1_rival", "fss"]].rename(columns={"c1_rival": "point", "fss": "p95"})
    assert format_frame(bands, _resolved(bands, costs=True)).iloc[0].tolist() == ["1", "1"]


def test_formatting_numbers_does_not_load_pandas() -> None:
    """The CLI's number formatting and the report's section types load without pandas (its
    import is a second or more of every command's start-up): a new process that imports
    ``anpo.cli`` and ``anpo.report``, formats a number and a missing value, has no pandas;
    formatting a pandas missing mark still reads it as missing once pandas is loaded."""
    import os
    import subprocess
    import sys

    from _support import ROOT

    code = (
        "import sys, anpo.cli, anpo.report\n"
        "from anpo.report.format import fmt_number, is_missing\n"
        "print(fmt_number(0.12345, 'prob'), is_missing(float('nan')), 'pandas' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split()[-2:] == ["True", "False"]
    assert is_missing(pd.NA) and is_missing(pd.NaT) and fmt_number(pd.NaT) == fmt_number(None)
    assert fmt_number(pd.Timestamp("2001-09-08")) == "2001-09-08"


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (0.8412, 2, "0.84"),
        (0.0, 2, "0.00"),
        (1, 2, "1.00"),
        (0.4, 3, "0.400"),
        (1234.5678, 1, "1234.6"),
    ],
)
def test_fmt_decimals_by_hand(value: float, decimals: int, text: str) -> None:
    """Worked by hand: zeros kept to the number of decimals asked for, a whole number too."""
    assert fmt_decimals(value, decimals) == text


@given(st.floats(-1e6, 1e6), st.integers(0, 6))
def test_fmt_decimals_keeps_its_decimals(x: float, decimals: int) -> None:
    """Exactly ``decimals`` digits after the point (none, and no point, for 0) and within half a
    unit of the last digit of the exact value of ``x`` (checked in decimal arithmetic, not by
    formatting ``x`` the way the function does)."""
    from decimal import Decimal

    text = fmt_decimals(x, decimals)
    pattern = r"-?[0-9]+" + (rf"\.[0-9]{{{decimals}}}" if decimals else "")
    assert re.fullmatch(pattern, text), text
    assert abs(Decimal(text) - Decimal(x)) <= Decimal(5) / 10 ** (decimals + 1)


@pytest.mark.parametrize("missing", [None, math.nan, np.float32("nan")])
def test_fmt_decimals_says_a_missing_score_is_undefined(missing: object) -> None:
    assert fmt_decimals(missing) == "n/a"
    assert fmt_decimals(missing, undefined="–") == "–"


def test_the_relations_scores_keep_their_fixed_decimals() -> None:
    """The relations tables' captions explain a printed 0.00 and list the n/a cells: their
    formatters (now fmt_decimals) print as before, where fmt_estimate would write 0 and –."""
    from anpo.relations.report import _fmt_score

    assert [_fmt_score(v) for v in (0.0, 0.004, 0.845, 1.0, math.nan)] == [
        "0.00",
        "0.00",
        "0.84",
        "1.00",
        "n/a",
    ]
    assert fmt_decimals(pd.NA) == "n/a" and fmt_estimate(0.0) == "0"


def test_a_percent_column_has_one_precision():
    """A share column printed '82%' and '82.5%' under the three-significant-figure rule of
    fmt_number's "percent" kind: a table's percent column is written at one number of decimals,
    the most its values show (no more than three significant figures give its largest), and the
    other kinds keep their rule."""
    from anpo.report.format import format_frame

    frame = pd.DataFrame({"share": [0.82, 0.825, 0.4], "x": [0.82, 0.825, 0.4]})
    shown = format_frame(frame, {"share": "percent"})
    assert shown["share"].tolist() == ["82.0%", "82.5%", "40.0%"]
    assert shown["x"].tolist() == ["0.82", "0.825", "0.4"]  # the other kinds unchanged


@given(
    st.lists(st.floats(min_value=0.001, max_value=0.999, allow_nan=False), min_size=1, max_size=12)
)
def test_percent_column_decimals_are_one_per_column(xs):
    """Every cell of a percent column that prints digits shows the same number of decimals, and
    each reads within half a unit of its last decimal of the value."""
    from anpo.report.format import fmt_percent_column

    cells = fmt_percent_column(xs)
    plain = [(c, x) for c, x in zip(cells, xs, strict=True) if not c.startswith(("<", ">"))]
    decimals = {len(c.rstrip("%").split(".")[1]) if "." in c else 0 for c, _ in plain}
    assert len(decimals) <= 1
    for c, x in plain:
        d = len(c.rstrip("%").split(".")[1]) if "." in c else 0
        assert abs(float(c.rstrip("%")) - 100 * x) <= 0.5 * 10**-d + 1e-9


def test_a_source_percent_column_keeps_each_sources_precision():
    """The DoD's offset shares are typed from their sources ('about 75 percent', Japan Press
    Weekly 2003; 74.5%, U.S. DoD, Report on Allied Contributions to the Common Defense, 2004):
    one precision for the column would write '75.0%', a digit no source gives, so that column
    is a "source-percent" one, each cell as fmt_number writes a percentage."""
    from anpo.burden.report import HNS_KINDS
    from anpo.report.format import format_frame

    frame = pd.DataFrame({"offset_share": [0.79, 0.75, 0.745]})
    shown = format_frame(frame, HNS_KINDS)
    assert shown["offset_share"].tolist() == ["79%", "75%", "74.5%"]


@given(
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
    st.floats(min_value=0.01, max_value=0.99),
)
def test_a_percent_column_reads_0_or_the_whole_only_when_exact(x, other):
    """A table's percent column (fmt_percent_column) keeps the one 0/1 rule of fmt_number's
    "percent" kind: '0%' only for an exact 0 and a whole '100%' only for an exact 1; a value in
    between is a bound or digits. It wrote 1 - 1e-15 as '100.0%' and 1e-13 as '0%' beside a
    fmt_number that writes '> 99.9%' and '1e-11%' for them."""
    from anpo.report.format import fmt_percent_column

    cell = fmt_percent_column([x, other])[0]
    number = float(cell.lstrip("<> ").rstrip("%"))
    assert (number == 0 and not cell.startswith("<")) == (x == 0.0), cell
    assert (number == 100 and not cell.startswith(">")) == (x == 1.0), cell
    assert fmt_percent_column([1 - 1e-15, 0.5])[0] == "> 99.9%"
    # 1e-13 needs more decimals than the column's cap, as 1e-9 does: one decimal, a bound
    assert fmt_percent_column([1e-13, 0.5])[0] == "< 0.1%"


def test_a_csv_keeps_a_models_results_unrounded(tmp_path):
    """A column of a model's results ("resolved", "cost", "percent", "source-percent") is written
    to the CSV as computed: the 2001 book's p_arrive_ge_1 for Japan (tmd-japan and gmd-global,
    U.S.-China) is 0.9999999999995073, which the page prints '> 0.999'; rounding to 12
    significant digits wrote 1.0 beside it, a certain event the page denies. It is written to 15
    significant digits, never rounded to an exact 0 or 1 it is not. Other columns lose their
    noise as before."""
    import io

    from anpo.report.build import _write_files
    from anpo.report.sections import Section, Table

    x = 0.9999999999995073
    frame = pd.DataFrame(
        {
            "p_arrive_ge_1": [x, 9.1e-13],
            "cost": [1.3 - 1e-13, 2e-13],
            "share": [x, 0.25],
            "dod": [x, 0.745],
            "other": [x, 0.1 + 0.2],
        }
    )
    kinds = {"p_arrive_ge_1": "resolved", "cost": "cost", "share": "percent"}
    kinds["dod"] = "source-percent"
    back = pd.read_csv(io.StringIO(clean_frame(frame, kinds).to_csv(index=False)))
    for col in kinds:  # 15 significant digits, never an exact 0 or 1 the value is not
        assert back[col].tolist() == [float(f"{v:.15g}") for v in frame[col]], col
        assert not set(back[col]) & {0.0, 1.0}, col
    assert back["other"].tolist() == [1.0, 0.3], "other kinds are cleaned as before"
    assert clean_frame(frame)["p_arrive_ge_1"].tolist() == [1.0, 0.0], "no kinds: as before"

    table = Table("T", frame, name="t", kinds=kinds)
    section = Section(id="s", title="S", question="Q?", model="M", appendix=[table])
    _write_files([section], tmp_path, "title", "about", None, "generated")
    # the table's CSV file (summary.csv: the findings; columns.csv: the column dictionary)
    (csv,) = [p for p in tmp_path.glob("*.csv") if p.name not in ("summary.csv", "columns.csv")]
    written = pd.read_csv(csv)
    assert written["p_arrive_ge_1"].tolist() == [0.999999999999507, 9.1e-13]
    assert "0.999999999999507" in csv.read_text(encoding="utf-8")
    # binary noise in the last digits is gone (14.899999999999999 of a cost column)
    assert clean_frame(pd.DataFrame({"c": [14.899999999999999]}), {"c": "cost"})["c"][0] == 14.9


def test_a_summary_csv_keeps_a_models_results_unrounded(tmp_path):
    """``summary-SECTION.csv`` was written with no kinds, so a model's probability of
    1 - 4.9e-13 (an ally's exposure in the 2001 book, which the page prints '> 0.999') was
    written 1.0 and one of 9.1e-13 (0.0625**10, Wilkening 1999's salvo arithmetic) 0.0: the
    summary's kinds (:attr:`Section.summary_kinds`) now write them as the appendix tables' CSV
    files do (clean_frame: 15 significant digits, never an exact 0 or 1 they are not); other
    columns lose their noise as before."""
    from anpo.deterrence.report import _summary, _summary_kinds
    from anpo.futures.report import summary_kinds
    from anpo.futures.scorecard import BY_NAME
    from anpo.report.build import _write_files
    from anpo.report.sections import Section

    near, tiny = 1 - 4.9e-13, 0.0625**10
    long = pd.DataFrame(
        {
            "year": [2001, 2001],
            "variant": ["mad", "mad"],
            "role": ["homeland", "homeland"],
            "dyad": ["A-B", "C-D"],
            "p_arrive_ge_1": [near, tiny],
        }
    )
    summary = _summary(long)
    kinds = _summary_kinds(summary)
    p_home = " P(>=1 reaches the defender's homeland)"
    # printed in percent, as the futures' scorecard prints the same probabilities (mend16d)
    assert kinds == {f"A-B{p_home}": "resolved-percent", f"C-D{p_home}": "resolved-percent"}
    summary = summary.assign(other=[0.1 + 0.2])
    section = Section(
        id="s", title="S", question="Q?", model="M", summary=summary, summary_kinds=kinds
    )
    _write_files([section], tmp_path, "title", "about", None, "generated")
    written = pd.read_csv(tmp_path / "summary-s.csv")
    assert written[f"A-B{p_home}"].tolist() == [0.999999999999510]
    assert written[f"C-D{p_home}"].tolist() == [float(f"{tiny:.15g}")]
    assert written["other"].tolist() == [0.3]
    # the futures' summary: its shares and probabilities are a model's, its counts are not
    futures = summary_kinds()
    assert futures and all(k == "percent" for k in futures.values())
    shares = {i.label for i in BY_NAME.values() if i.kind in ("probability", "share")}
    assert set(futures) <= shares


def test_source_percent_is_a_percent_for_fmt_number():
    """ "source-percent" is a Kind; fmt_number printed 0.745 in it as '0.745'."""
    assert fmt_number(0.745, "source-percent") == "74.5%"
    assert fmt_number(1, "source-percent") == "100%"
    assert fmt_number(1 - 1e-15, "source-percent") == "> 99.9%"
    assert fmt_number(2.5e-13, "source-percent") == fmt_number(2.5e-13, "percent")


def test_a_percent_columns_decimals_come_from_numbers_not_text():
    """A value's decimals were read from fmt_number's text, whose exponent form counted
    '1.5e-7' as four decimals and '1e-7' as none: [1.5e-9, 0.5] printed '50.0%' and
    [1e-9, 0.5] '50%'; a column of values below 1e-12 fell back to fmt_number's exponent
    ('1e-11%') while one of values of 1e-9 printed bounds ('< 1%')."""
    from anpo.report.format import fmt_percent_column

    assert fmt_percent_column([1e-9, 0.5]) == fmt_percent_column([1.5e-9, 0.5])
    assert fmt_percent_column([1e-9, 0.5]) == ["< 0.1%", "50.0%"]
    # a column of values below 0.001% alone reads as that bound (it wrote '0.0000001%')
    assert fmt_percent_column([1e-13]) == ["< 0.001%"]
    assert fmt_percent_column([1e-9, 2e-9]) == ["< 0.001%", "< 0.001%"]
    assert fmt_percent_column([1e-13, 3e-13]) == ["< 0.001%", "< 0.001%"]


#: The widest cell of a percent column of shares (0 to 1): '> 99.9999%' or '< 0.00001%' (a
#: column's decimals stop at the five that three significant figures give 0.001%, the smallest
#: percentage fmt_number writes in digits), ten characters.
_PERCENT_CELL_WIDTH = 10


@given(
    st.lists(
        st.one_of(
            st.floats(min_value=0.0, max_value=1.0),
            st.floats(min_value=5e-324, max_value=1e-6),
            st.sampled_from([0.0, 1.0, 5e-324, 1e-300, 1e-13, 9.9e-7, 1e-5, 1 - 1e-15]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_percent_column_cells_are_short_and_never_a_false_0(xs):
    """A percent column whose values were all below 1e-6 printed long fixed decimals
    ('0.0000001%' for 1e-9, '0.000000000001%' for 1e-14) where the rest of the report prints a
    tiny share as a bound: over random columns of shares, tiny values included, no cell is
    wider than :data:`_PERCENT_CELL_WIDTH`, an exact 0 prints '0%' and a positive value never
    prints '0%' (nor any zero: '0.000%')."""
    from anpo.report.format import fmt_percent_column

    cells = fmt_percent_column(xs)
    for c, x in zip(cells, xs, strict=True):
        assert len(c) <= _PERCENT_CELL_WIDTH, (c, x, cells)
        if x == 0:
            assert c == "0%", (c, cells)
        else:
            assert c != "0%" and float(c.lstrip("<> ").rstrip("%")) > 0, (c, x)
    if all(0 < x < 1e-5 for x in xs):  # below 0.001%, for the column alone: the bound
        assert set(cells) == {"< 0.001%"}, cells


_TINY_OR_NOT = st.one_of(
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=1e-15, max_value=1e-3),
    st.sampled_from([0.0, 1.0, 1e-15, 1e-13, 1e-9, 1.5e-9, 1 - 1e-15, 0.9996]),
)


@given(st.lists(_TINY_OR_NOT, min_size=1, max_size=12))
def test_percent_column_with_tiny_values_has_one_precision_and_true_bounds(xs):
    """With tiny values too (1e-15 to 1e-3), every cell of a percent column but an exact 0
    shows one number of decimals (digits and bounds alike), a digit cell is within half a unit
    of its last decimal of the value, and a bound is true of the value; no cell is in exponent
    form (a column of values below 1e-12 wrote fmt_number's '1e-11%')."""
    from anpo.report.format import fmt_percent_column

    cells = fmt_percent_column(xs)
    decimals = set()
    for c, x in zip(cells, xs, strict=True):
        assert "e" not in c, cells
        if x == 0:
            assert c == "0%"
            continue
        number = c.lstrip("<> ").rstrip("%")
        d = len(number.split(".")[1]) if "." in number else 0
        decimals.add(d)
        if c.startswith("<"):
            assert 0 < 100 * x < float(number), (c, x)
        elif c.startswith(">"):
            assert float(number) < 100 * x < 100, (c, x)
        else:
            assert abs(float(number) - 100 * x) <= 0.5 * 10**-d * (1 + 1e-9), (c, x)
            assert x == 1 or float(number) != 100
            assert float(number) != 0
    assert len(decimals) <= 1, cells


def _percent_value(text: str) -> float:
    """The number of a percentage's text ('> -0.1%' -> -0.1, '12,345.6%' -> 12345.6)."""
    return float(text.lstrip("<> ").rstrip("%").replace(",", ""))


_SIGNED_SHARES = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.floats(min_value=-1e-3, max_value=1e-3, allow_nan=False),
    st.sampled_from([-1e-13, -4e-6, -0.0004, -0.9996, -1 + 1e-15, -1.0, -123.456, 5e-324]),
)


@given(
    _SIGNED_SHARES,
    st.one_of(st.none(), st.integers(0, 4)),
    st.integers(1, 4),
    st.booleans(),
)
def test_a_share_keeps_its_sign_and_never_reads_minus_zero(x, decimals, digits, exact):
    """fmt_share of a negative share printed '-0.0%' (-0.0004 at one decimal) and '-0%', an
    exact zero with a stray sign, where a tiny positive reads as a bound ('< 0.1%'); a share of
    10,000% or more printed without the thousands separators fmt_number writes ('12345.6%').
    Over signed shares, tiny and huge: no text is a signed zero; the sign is kept except for
    floating-point noise (|x| < NOISE, not exact), which reads as an unsigned 0; a negative
    text mirrors the positive one; the number is within half a unit of its last decimal of the
    value, or a true bound; from 10,000% digits are grouped by thousands."""
    text = fmt_share(x, digits, decimals=decimals, exact=exact)
    mirror = fmt_share(-x, digits, decimals=decimals, exact=exact)
    number = _percent_value(text)
    assert not re.fullmatch(r"[<> ]*-0(\.0*)?%", text), (x, text)
    noise = x == 0 or (not exact and abs(x) < NOISE)
    if noise:
        assert number == 0 and "-" not in text, (x, text)
        assert mirror == text
        return
    assert ("-" in text) == (x < 0), (x, text)
    assert mirror.replace("-", "").replace("<", "?").replace(">", "<").replace("?", ">") == (
        text.replace("-", "")
    ), (text, mirror)
    if "e" in text:  # an exponent from LARGE percent
        return
    body = text.lstrip("<> ").rstrip("%")
    d = len(body.split(".")[1]) if "." in body else 0
    if text.startswith("< "):
        assert 100 * x < number, (x, text)
    elif text.startswith("> "):
        assert 100 * x > number, (x, text)
    else:
        assert abs(number - 100 * x) <= 0.5 * 10**-d * (1 + 1e-9) + 1e-9 * abs(100 * x)
        integer = body.lstrip("-").split(".")[0]
        assert ("," in integer) == (abs(number) >= 10_000), (x, text)


@pytest.mark.parametrize(
    ("x", "kwargs", "expected"),
    [
        (-0.0004, {"decimals": 1}, "> -0.1%"),
        (-0.0004, {"decimals": 1, "exact": True}, "> -0.1%"),
        (-4e-6, {"decimals": 0}, "> -1%"),
        (-1e-13, {"decimals": 1}, "0.0%"),
        (-1e-13, {}, "0%"),
        (-0.9996, {"decimals": 1}, "< -99.9%"),
        (-1.0, {"decimals": 1}, "-100.0%"),
        (123.456, {"decimals": 1}, "12,345.6%"),
        (-1234.5678, {}, "-123,457%"),
        (1e20, {}, "1e22%"),
    ],
)
def test_fmt_share_negative_and_large(x, kwargs, expected):
    """The cases the property test above draws from, as text: a tiny negative share is the
    bound mirroring the positive one's (was '-0.0%', '-0%'), noise an unsigned 0, a share above
    -1 never the whole, large shares grouped by thousands (was '12345.6%', '-123457%')."""
    assert fmt_share(x, **kwargs) == expected


def test_percent_columns_and_fmt_number_of_negative_shares():
    """A percent column of tiny negative shares printed '-0.000%' (fmt_percent_column), now the
    bound '> -0.001%' as its positives read '< 0.001%'; a column of shares above 100 times the
    whole has thousands separators (fmt_number's percentages had them, the column not); and
    fmt_number's percentage of a fraction above -1 never reads '-100%'."""
    from anpo.report.format import fmt_percent_column

    assert fmt_percent_column([-1e-9, -2e-9]) == ["> -0.001%", "> -0.001%"]
    assert fmt_percent_column([-1e-9, 1e-9, 0.0]) == ["> -0.001%", "< 0.001%", "0%"]
    assert fmt_percent_column([123.4, 0.5]) == ["12,340%", "50%"]
    assert fmt_number(-0.9996, "percent") == "< -99.9%"
    assert fmt_number(-1.0, "percent") == "-100%"


@given(
    st.one_of(st.floats(0, 1), st.floats(0, 1e-5), st.floats(1 - 1e-5, 1)),
    st.sampled_from([("resolved-percent", 4), ("resolved-percent", 1), ("cost", 6), ("cost", 2)]),
)
def test_fixed_decimals_never_print_an_end_the_value_does_not_reach(x, kind_decimals):
    """``fmt_number(..., decimals=)`` is the one fixed-precision writer (``anpo defense``'s
    "52.4460%" and "2.080000", which the CLI's own copy of the resolved-percent logic wrote):
    exactly ``decimals`` decimals, a value that is not 0 never reads as 0 and a probability
    below 1 never as 100%; the digits are the value's, rounded (at 5e-7 the CLI's copy printed
    "0.0000%" for a probability that is not 0)."""
    kind, decimals = kind_decimals
    text = fmt_number(x, kind, decimals=decimals)
    percent = kind == "resolved-percent"
    number = text.lstrip("<> ").rstrip("%").replace(",", "")
    assert len(number.partition(".")[2]) == decimals, text
    value = float(number) / (100 if percent else 1)
    if text.startswith("< "):
        assert 0 < x < value, text
    elif text.startswith("> "):
        assert percent and value < x < 1, text
    else:
        assert abs(value - x) <= 0.5 * 10.0 ** -(decimals + 2 * percent) * (1 + 1e-9), text
        assert (value == 0) == (x == 0), text
        if percent:
            assert (value == 1) == (x == 1), text


def test_fixed_decimals_at_the_half_unit_of_the_last_digit() -> None:
    """5e-7 is a probability the command's copy of the bound logic printed as '0.0000%' (its
    bound stopped below 5e-7 and 100 x 5e-7 rounds down in binary): the one writer says
    '< 0.0001%'; an exact 0 and 1 keep their decimals, as the defense command aligns them."""
    assert fmt_number(5e-7, "resolved-percent", decimals=4) == "< 0.0001%"
    assert fmt_number(0.0, "resolved-percent", decimals=4) == "0.0000%"
    assert fmt_number(1, "resolved-percent", decimals=4) == "100.0000%"
    assert fmt_number(-2e-9, "cost", decimals=6) == "> -0.000001"
    with pytest.raises(ValueError, match="decimals"):
        fmt_number(0.5, "cost", decimals=-1)


def test_the_column_dictionary_says_which_csv_columns_are_fractions_shown_in_percent(tmp_path):
    """A table's CSV keeps a probability or share as the fraction (0.646) where the page writes
    '64.6%', under the data's name (``p_arrive_ge_1``, ``share``): the report writes
    ``columns.csv`` beside it, one row per column of each CSV file in its order, with the page's
    header, the kind the page writes it in and, for a column of a percent kind, the scale
    'fraction 0-1'; a column the page writes as the CSV does (a year, a cost, a text) has none."""
    from anpo.report.build import _write_files
    from anpo.report.sections import Section, Table
    from anpo.report.tables import COLUMNS_FILE, FRACTION_SCALE

    frame = pd.DataFrame(
        {
            "year": [2001, 2002],
            "p_arrive_ge_1": [0.646, 0.9992],
            "share": [0.25, 0.5],
            "c1_rival": [1.2, 0.3],
            "dyad": ["U.S.-China", "U.S.-Russia"],
        }
    )
    kinds = {"p_arrive_ge_1": "resolved-percent", "share": "percent", "c1_rival": "cost"}
    table = Table(
        "T",
        frame,
        name="t",
        kinds=kinds,
        headers={"share": "Share of the whole"},
        definitions={"share": "the part's share of the whole"},
    )
    section = Section(id="s", title="S", question="Q?", model="M", appendix=[table])
    _write_files([section], tmp_path, "title", "about", None, "generated")
    got = pd.read_csv(tmp_path / COLUMNS_FILE, keep_default_na=False)
    (csv_name,) = {p.name for p in tmp_path.glob("*.csv")} - {"summary.csv", COLUMNS_FILE}
    rows = got[got["file"] == csv_name].set_index("column")
    assert list(rows.index) == list(pd.read_csv(tmp_path / csv_name).columns)
    scales = rows["scale"].to_dict()
    assert scales == {
        "year": "",
        "p_arrive_ge_1": FRACTION_SCALE,
        "share": FRACTION_SCALE,
        "c1_rival": "",
        "dyad": "",
    }
    assert rows.loc["share", "page header"] == "Share of the whole"
    assert rows.loc["p_arrive_ge_1", "page header"] == "P(at least 1 warhead arrives)"
    assert rows.loc["p_arrive_ge_1", "kind"] == "resolved-percent"
    assert rows.loc["dyad", "kind"] == "text"
    # the findings' summary.csv is listed too
    assert set(got["file"]) == {csv_name, "summary.csv"}
    # and what each column holds: the table's own definition, else the report's (a reader of
    # the CSV files alone had no definition of 'Warheads needed' or 'Shots per object': rep30)
    assert rows.loc["share", "definition"] == "the part's share of the whole"
    assert rows.loc["p_arrive_ge_1", "definition"].startswith(
        "P(at least 1 of the rival's warheads reach the territory)"
    )
    assert rows.loc["c1_rival", "definition"].startswith("the rival's expected Kent-Thaler cost")
    assert (got["definition"] != "").all(), got[got["definition"] == ""]

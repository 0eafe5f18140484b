"""Uncertainty bands (anpo.deterrence.bands; issue 9, item 8): draws that respect ranges, the
exact quantiles of a closed-form case, seeds from a stable hash, the same numbers whatever the
thread count or the cases asked for, one-line errors."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from typer.testing import CliRunner

import anpo.cli
from _support import MINIMAL, book_scenarios, one_layer_scenario
from anpo.deterrence.bands import DEFAULT_SEED, bands, input_sample, latin_hypercube, stable_seed
from anpo.errors import InputError, ScenarioError
from anpo.scenario import parse_scenario_text

# Five single-warhead missiles that all survive the defender's first strike, against one layer
# firing one interceptor per missile: P(at least one arrives) = 1 - k^5 for kill probability k.
TOY = one_layer_scenario(
    5,
    0.9,
    scenario_id="toy",
    defense_id="gbi",
    label="toy",
    extra="""
[[variants]]
id = "open"
title = "undefended"
defenses = []

[[uncertainties]]
name = "sspk"
target = "defenses[gbi].layers[0].sspk"
distribution = { kind = "beta", alpha = 9, beta = 1 }
basis = "test: mean 0.9"
""",
)


@pytest.fixture(scope="module")
def toy():
    return parse_scenario_text(TOY, "toy.toml")


def _arrive(frame, variant="defended"):
    sel = frame[
        (frame.variant == variant)
        & (frame.measure == "p_arrive")
        & (frame["where"] == "USA")
        & (frame.x == 1.0)
    ]
    assert len(sel) == 1
    return sel.iloc[0]


def test_stable_seed_is_a_fixed_hash_not_a_character_sum():
    """issue 16, item 9: anagrams no longer share a stream; the value is BLAKE2b's, the same
    in every process."""
    import hashlib

    # the value itself, as any process on any machine computes it (hash() would change with
    # PYTHONHASHSEED): a seed compared with itself could not fail
    assert stable_seed("us-japan-2001") == 8521947686362299723
    assert stable_seed("ab", "c") != stable_seed("ba", "c")
    assert stable_seed("us-japan-2001") != stable_seed("us-japan-2010")
    expected = int.from_bytes(
        hashlib.blake2b(repr("toy").encode(), digest_size=8).digest(), "little"
    )
    assert stable_seed("toy") == expected


def test_latin_hypercube_puts_one_point_in_each_stratum():
    """[mckay1979]: every column has exactly one point per 1/n stratum."""
    u = latin_hypercube(50, 4, np.random.default_rng(1))
    assert u.shape == (50, 4) and u.min() >= 0.0 and u.max() < 1.0
    for j in range(4):
        assert sorted(np.floor(u[:, j] * 50).astype(int)) == list(range(50))


def test_input_sample_respects_ranges_and_is_seeded():
    """Every drawn probability lies in [0, 1] (no shift and clip), counts are positive; the same
    seed gives the same sample, another seed another."""
    scen = next(s for s in book_scenarios() if s.scenario.year == 2025)
    a = input_sample(scen, 200, seed=7)
    assert list(a.columns) == [u.name for u in scen.uncertainties]
    for u in scen.uncertainties:
        lo, hi = u.distribution.support()
        col = a[u.name].to_numpy(float)
        assert np.all(col >= lo - 1e-12) and np.all(col <= hi + 1e-12), u.name
    probs = [c for c in a.columns if c.endswith(("sspk", "survivable", "mode", "fraction"))]
    assert probs and np.all((a[probs] >= 0) & (a[probs] <= 1))
    assert a.equals(input_sample(scen, 200, seed=7))
    assert not a.equals(input_sample(scen, 200, seed=8))


def test_bands_match_the_exact_quantiles_of_a_closed_form_case(toy):
    """With k ~ Beta(9, 1), P(at least one of 5 arrives) = 1 - k^5 is decreasing in k, so its
    q-quantile is 1 - F^-1(1 - q)^5 ([wilkening1999]'s salvo model; beta quantiles from scipy).
    The point estimate is the file's k = 0.9."""
    frame = bands(toy, draws=100, seed=3, reaction=False)
    row = _arrive(frame)
    assert row.point == pytest.approx(1 - 0.9**5, rel=1e-9)
    for col, q in (("p05", 0.05), ("p50", 0.5), ("p95", 0.95)):
        exact = 1.0 - stats.beta.ppf(1.0 - q, 9, 1) ** 5
        assert row[col] == pytest.approx(exact, abs=0.02), col
    assert row.defined == 1.0 and row.draws == 100
    # the undefended variant does not depend on the input: a band of zero width at 1
    open_row = _arrive(frame, "open")
    assert open_row.point == open_row.p05 == open_row.p95 == 1.0


def test_same_seed_same_numbers_whatever_the_thread_count(toy):
    """Another seed gives other numbers; the same seed the same numbers with 2 threads and with
    1 (skipped, after the seed check, where numba has one thread: nothing to compare)."""
    import numba

    a = bands(toy, draws=30, seed=11, reaction=False)
    c = bands(toy, draws=30, seed=12, reaction=False)
    assert not a.equals(c)
    if numba.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("numba was started with one thread (NUMBA_NUM_THREADS=1)")
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(2)
        two = bands(toy, draws=30, seed=11, reaction=False)
        numba.set_num_threads(1)
        one = bands(toy, draws=30, seed=11, reaction=False)
    finally:
        numba.set_num_threads(before)
    assert two.equals(one) and two.equals(a)


def test_reaction_bands_are_the_same_whatever_the_thread_count(toy):
    """The reaction-curve bands (the kernel parallel over points, run for every draw) give
    the same numbers with 1 and 2 threads; the test above leaves the reaction out."""
    import numba

    if numba.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("numba was started with one thread (NUMBA_NUM_THREADS=1)")
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = bands(toy, draws=8, seed=3, reaction=True)
        numba.set_num_threads(2)
        two = bands(toy, draws=8, seed=3, reaction=True)
    finally:
        numba.set_num_threads(before)
    reaction = one[one.measure == "launchers_needed"]
    assert len(reaction) > 0 and reaction["p50"].nunique() > 1
    assert one.equals(two)


def test_a_case_gets_the_same_band_whichever_cases_are_asked_for(toy):
    """The draws are the scenario's, not the case's: one variant alone gives the rows it has in
    the full run."""
    full = bands(toy, draws=20, seed=5, reaction=False)
    alone = bands(toy, draws=20, seed=5, variants=["defended"], reaction=False)
    cols = ["point", "p05", "p50", "p95", "mean"]
    assert _arrive(alone)[cols].equals(_arrive(full)[cols])
    assert set(alone.variant) == {"defended"}


def test_reaction_curves_only_for_the_variants_asked_for(toy):
    """``reaction_variants`` limits the costliest measure to some variants; every other measure
    and the curves kept are those of the full run (same draws)."""
    full = bands(toy, draws=8, seed=3, reaction=True)
    some = bands(toy, draws=8, seed=3, reaction=True, reaction_variants=["defended"])
    curves = some[some.measure == "launchers_needed"]
    assert not curves.empty and set(curves.variant) == {"defended"}
    cols = ["variant", "dyad", "measure", "where", "x", "point", "p05", "p50", "p95"]
    keep = full[(full.measure != "launchers_needed") | (full.variant == "defended")]
    assert keep[cols].reset_index(drop=True).equals(some[cols].reset_index(drop=True))
    with pytest.raises(InputError, match="reaction variant 'nope'"):
        bands(toy, draws=5, reaction_variants=["nope"])


def test_bands_errors(toy):
    with pytest.raises(InputError, match="unknown variant 'nope'"):
        bands(toy, draws=5, variants=["nope"])
    no_unc = parse_scenario_text(TOY.split("[[uncertainties]]")[0], "toy.toml")
    with pytest.raises(InputError, match="declares no \\[\\[uncertainties\\]\\]"):
        bands(no_unc, draws=5)
    with pytest.raises(InputError, match="quantiles"):
        bands(toy, draws=5, quantiles=(1.5,))
    # an unknown dyad label is an error naming the labels, not an empty table (the command
    # line said 'no [[dyads]] defined' for a file that has them)
    with pytest.raises(InputError, match="unknown dyad 'nope' \\(dyads: toy\\)") as info:
        bands(toy, draws=5, dyads=["nope"])
    assert info.value.field == "dyads"
    result = CliRunner().invoke(
        anpo.cli.app, ["bands", "book:us-japan-2025", "--dyad", "nope", "--no-reaction"]
    )
    assert result.exit_code == 2 and "--dyad: unknown dyad 'nope' (dyads: U.S.-China" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        (
            {"variants": "open"},
            "variants",
            "must be a list of variant ids \\(e.g. \\['open'\\]\\), got the text 'open'",
        ),
        (
            {"dyads": "toy"},
            "dyads",
            "must be a list of dyad labels \\(e.g. \\['toy'\\]\\), got the text 'toy'",
        ),
        ({"reaction": "toy"}, "reaction", "must be a list of dyad labels"),
        ({"reaction_variants": "open"}, "reaction_variants", "must be a list of variant ids"),
        ({"variants": []}, "variants", "is empty"),
        ({"dyads": []}, "dyads", "is empty"),
        ({"reaction": ["nope"]}, "reaction", "unknown dyad 'nope' \\(dyads: toy\\)"),
    ],
)
def test_bands_refuses_a_bare_string_or_an_empty_list(toy, kwargs, field, message):
    """A bare string was read character by character ('unknown variant "e"' for "open"; a
    reaction label matched as a substring), an empty variants or dyads list gave a 0 x 0 table
    without a word, an unknown reaction label no curve without one (review12 F-F); each is an
    InputError naming the argument. An empty reaction list still means no curves."""
    with pytest.raises(InputError, match=message) as info:
        bands(toy, draws=3, **kwargs)
    assert info.value.field == field


def test_bands_with_one_id_in_a_list_is_unchanged(toy):
    """One id in a list, or an empty reaction list (no curves), computes as before."""
    frame = bands(toy, draws=3, variants=["open"], dyads=["toy"], reaction=[])
    assert set(frame["variant"]) == {"open"} and set(frame["dyad"]) == {"toy"}
    assert "launchers_needed" not in set(frame["measure"])
    # band_work, which counts the same calls before they are made, reads them alike
    from anpo.deterrence.bands import band_work

    assert band_work(toy, 3, variants=["open"], dyads=["toy"], reaction=False) == 4
    with pytest.raises(InputError, match="got the text 'open'") as info:
        band_work(toy, 3, variants="open")
    assert info.value.field == "variants"


def test_a_search_limit_beyond_a_force_component_is_refused(toy):
    """``--max-launchers 99999999999999999999`` stopped the compiled reaction search with a
    numba typing traceback (the limit is an int64 there); a limit above the 1,000,000 launchers
    a force component may hold is refused as an input error, in the library and the CLI."""
    with pytest.raises(InputError, match="at most 1,000,000") as info:
        bands(toy, draws=2, max_launchers=10**20)
    assert info.value.field == "max_launchers"
    result = CliRunner().invoke(
        anpo.cli.app, ["bands", "book:us-japan-2025", "--max-launchers", str(10**20)]
    )
    assert result.exit_code == 2, result.output
    assert "--max-launchers: max_launchers must be at most 1,000,000" in result.stderr
    assert "Traceback" not in result.output


def test_the_old_spread_setting_is_refused_with_its_replacement():
    text = TOY.replace("[[dyads]]", "[settings]\nuncertainty_spread = 0.15\n\n[[dyads]]")
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text, "toy.toml")
    assert info.value.field == "settings"
    assert "[[uncertainties]]" in info.value.message


def test_cli_bands_json_equals_the_library(tmp_path, toy):
    path = tmp_path / "toy.toml"
    path.write_text(TOY)
    result = CliRunner().invoke(
        anpo.cli.app, ["bands", str(path), "--draws", "12", "--seed", "4", "--json"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["seed"] == 4  # the seed that reproduces the draws is part of the answer
    rows = out["bands"]
    lib = bands(toy, draws=12, seed=4)
    row = next(
        r
        for r in rows
        if r["variant"] == "defended"
        and r["measure"] == "p_arrive"
        and r["where"] == "USA"
        and r["x"] == 1.0
    )
    assert row["p50"] == pytest.approx(_arrive(lib).p50, rel=1e-12)
    bad = CliRunner().invoke(anpo.cli.app, ["bands", str(path), "--variant", "nope"])
    assert bad.exit_code == 2
    assert bad.output.startswith("error: ") and "--variant" in bad.output


def _section(text: str, draws: int = 10):
    from anpo.deterrence.bands_report import uncertainty_section
    from anpo.report.sections import ReportContext

    scen = parse_scenario_text(text, "toy.toml")
    return uncertainty_section(
        ReportContext(scenarios=[scen], options={"uncertainty_draws": draws})
    )


def test_report_section_answer_follows_the_bands():
    """The section's Answer and key finding are generated from the bands: a wider input
    distribution widens the band the Answer quotes; figures name their measure."""
    from anpo.report.format import fmt_number
    from anpo.report.html import internal_references

    narrow = _section(TOY)
    wide = _section(TOY.replace("alpha = 9, beta = 1", "alpha = 2, beta = 2"))
    for sec in (narrow, wide):
        assert sec.answer.startswith("Drawing each scenario's uncertain inputs together")
        assert "10 Latin-hypercube draws" in sec.answer
        assert sec.findings and sec.findings[0].number
        assert all(f.definition and f.description for f in sec.figures)
        assert not internal_references(sec.answer + " ".join(f.caption for f in sec.figures))
    assert narrow.answer != wide.answer
    frame = bands(parse_scenario_text(TOY, "toy.toml"), draws=10, variants=["defended", "open"])
    row = _arrive(frame)
    # in percent, as the section's table, Fig. 5.1 and key finding print it: the Answer read
    # '0.132 to > 0.999' and 'median < 0.001 ... against 1' beside '13.2% to > 99.9%' (rep30)
    band = f"{fmt_number(row.p05, 'resolved-percent')} to {fmt_number(row.p95, 'resolved-percent')}"
    assert band in narrow.answer and band.endswith("%")
    medians = re.search(
        r"differ most for [^:]*: median (.*?) with .*? against (.*?) with", narrow.answer
    )
    assert medians and all(m.endswith("%") for m in medians.groups()), narrow.answer
    assert fmt_number(row.p50, "resolved-percent") in medians.groups()
    titles = [t.title for t in narrow.appendix]
    assert any("P(at least m" in t for t in titles) and any("inputs" in t for t in titles)
    # the inputs table says what each input is (its label, else its name) beside the identifier
    inputs = next(t for t in narrow.appendix if "inputs" in t.title).frame
    assert {"input", "what it is (unit)"} <= set(inputs.columns)
    assert (inputs["what it is (unit)"] != "").all()


def test_a_band_of_one_value_is_not_called_the_least_certain():
    """When no input moves the chance that a warhead arrives (here only the damage scale is
    uncertain), every 5-95% band is one value: the key finding says the chance does not vary
    with the uncertain inputs, not that the first of these equal bands is 'the least certain'
    (an India-Pakistan file written from the docs got 'The least certain: ...' over a band of
    1 to 1)."""
    from anpo.report.format import fmt_number

    text = TOY.replace('target = "defenses[gbi].layers[0].sspk"', 'target = "damage[USA].w80"')
    text = text.replace(
        'distribution = { kind = "beta", alpha = 9, beta = 1 }',
        'distribution = { kind = "lognormal", median = 400, sigma = 0.5 }',
    )
    sec = _section(text)
    finding = sec.findings[0]
    assert "least certain" not in finding.answer, finding.answer
    assert "does not vary" in finding.answer
    assert "widest" not in sec.answer, sec.answer
    # the values it says are the bands' own: the defended variant's 1 - 0.9^5
    assert fmt_number(1 - 0.9**5, "resolved-percent") in sec.answer
    # an input that moves it keeps the widest band; the rival is named by its name, not by
    # the end of the dyad's label ('toy' here)
    moved = _section(TOY).findings[0].answer
    assert "least certain" in moved
    assert "from North Korea" in moved and "from North Korea" in finding.answer


def test_the_report_bands_every_variant_of_a_users_file_and_its_reaction_curve():
    """The report picks the book's variants by their ids (mad, nmd-..., gmd-global): a file of
    the user's own with a 'mad' variant and defenses named otherwise had only 'mad' banded, and
    reaction curves were banded only against a rival 'CHN'. Without an nmd-... variant every
    variant is banded, and the reaction curve of the first dyad in the variant with the most
    interceptors covering the defender."""
    from anpo.deterrence.bands_report import compute_bands, reaction_variants, report_variants
    from anpo.report.sections import ReportContext

    text = TOY.replace('id = "open"', 'id = "mad"')
    scen = parse_scenario_text(text, "mine.toml")
    assert report_variants(scen) == ["defended", "mad"]
    assert reaction_variants(scen) == ["defended"]
    table, _ = compute_bands(ReportContext(scenarios=[scen], options={"uncertainty_draws": 10}))
    assert set(table["variant"]) == {"defended", "mad"}
    reach = table[table["measure"] == "launchers_needed"]
    assert set(reach["variant"]) == {"defended"} and set(reach["dyad"]) == {"toy"}
    # the book keeps its picks
    b2025 = next(b for b in book_scenarios() if b.scenario.year == 2025)
    assert report_variants(b2025) == ["mad", "nmd-limited", "gmd-global", "nmd-limited-china-low"]


def test_the_report_bands_the_curve_of_the_variant_a_reaction_finding_headlines():
    """``compute_bands(ctx, headlines)``: besides its own pick (the national defense with the
    most interceptors), the report bands the reaction curve of the variant each reaction key
    finding headlines (``anpo.deterrence.report._reaction_headlines``), even one its variant
    picks leave out (here the file's ``nmd-...`` pick is the defended variant only), so the
    finding's band is its headline's; another year's headline is not this file's. The curve
    banded is the model's own (Latin hypercube, McKay, Beckman & Conover 1979)."""
    from anpo.deterrence.bands_report import compute_bands, reaction_variants, report_variants
    from anpo.report.sections import ReportContext

    scen = parse_scenario_text(TOY.replace('id = "defended"', 'id = "nmd-toy"'), "toy.toml")
    year = scen.scenario.year
    assert report_variants(scen) == ["nmd-toy"] and reaction_variants(scen) == ["nmd-toy"]
    heads = [(year, "open"), (year + 1, "nmd-other")]
    assert reaction_variants(scen, heads) == ["nmd-toy", "open"]
    ctx = ReportContext(scenarios=[scen], options={"uncertainty_draws": 6})
    table, _ = compute_bands(ctx, heads)
    curves = table[table["measure"] == "launchers_needed"]
    assert set(curves["variant"]) == {"nmd-toy", "open"}
    assert set(table["variant"]) == {"nmd-toy", "open"}
    plain, _ = compute_bands(ctx)
    assert set(plain["variant"]) == {"nmd-toy"}


def test_report_bands_the_variants_a_finding_quotes_without_their_curves():
    """A variant a key finding quotes (the first-strike finding's, report._first_strike_quoted)
    that report_variants leaves out is banded too, without a reaction curve, and only in its
    year (the 2030 book's first-strike key number quoted the SM-3 underlay without a band;
    fsband28). Bands: anpo.deterrence.bands (Latin hypercube, McKay et al. 1979)."""
    from anpo.deterrence.bands_report import compute_bands
    from anpo.report.sections import ReportContext

    scen = parse_scenario_text(TOY.replace('id = "defended"', 'id = "nmd-toy"'), "toy.toml")
    year = scen.scenario.year
    ctx = ReportContext(scenarios=[scen], options={"uncertainty_draws": 6})
    table, _ = compute_bands(ctx, (), [(year, "open"), (year + 1, "nmd-other")])
    assert set(table["variant"]) == {"nmd-toy", "open"}
    curves = table[table["measure"] == "launchers_needed"]
    assert set(curves["variant"]) == {"nmd-toy"}
    assert not table[(table["variant"] == "open") & (table["measure"] == "incentive")].empty


def test_the_inputs_table_says_which_input_takes_whole_numbers():
    """An input that sets a whole-number field (launchers) is drawn as a real number and the
    model takes the draw's nearest integer: the inputs table says so after its distribution
    (WHOLE_NOTE, the label the futures' changes table uses too); a real-valued input (a kill
    probability) says nothing of the kind."""
    from anpo.scenario.uncertainty import WHOLE_NOTE

    text = (
        TOY
        + """
[[uncertainties]]
name = "rvs"
target = "forces[kp-icbm].launchers"
distribution = { kind = "uniform", low = 3.5, high = 7.5 }
basis = "test: a whole-number field"
"""
    )
    sec = _section(text, draws=4)
    inputs = next(t for t in sec.appendix if "inputs" in t.title).frame.set_index("input")
    assert inputs.loc["rvs", "distribution"].endswith(WHOLE_NOTE)
    assert "whole" not in inputs.loc["sspk", "distribution"]


def test_cli_bands_on_a_book_file_by_name():
    """``book:NAME`` names a file of the built-in book (as in futures files)."""
    result = CliRunner().invoke(
        anpo.cli.app,
        ["bands", "book:us-japan-2001", "--variant", "nmd-c1", "--dyad", "U.S.-China",
         "--no-reaction", "--draws", "4", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["bands"]
    assert {r["variant"] for r in rows} == {"nmd-c1"} and {r["draws"] for r in rows} == {4}
    bad = CliRunner().invoke(anpo.cli.app, ["bands", "book:us-japan-1999"])
    assert bad.exit_code == 2 and "no scenario 'us-japan-1999' in the book" in bad.output
    # a huge --draws is refused before any array is made (nightly fuzz: 2**63 crashed numpy)
    huge = CliRunner().invoke(
        anpo.cli.app, ["bands", "book:us-japan-2001", "--draws", str(2**63), "--json"]
    )
    assert huge.exit_code == 2 and "--draws: draws must be 2 to 20,000" in huge.output


@pytest.mark.parametrize("draws", ["1", "20001", "1000000"])
def test_cli_bands_draws_out_of_range_is_refused_for_any_file(tmp_path: Path, draws: str) -> None:
    """The --draws range (2 to the schema's 20,000) is the flag's: refused before the file is
    read, naming the flag and not the file, also for a file without uncertainties (which
    answered "no bands to compute" with exit 0 whatever --draws said)."""
    path = tmp_path / "plain.toml"
    path.write_text(MINIMAL)
    for file in (str(path), "book:us-japan-2001", str(tmp_path / "absent.toml")):
        r = CliRunner().invoke(anpo.cli.app, ["bands", file, "--draws", draws])
        assert r.exit_code == 2, (file, r.output)
        assert r.stderr.strip() == (
            f"error: --draws: draws must be 2 to 20,000, got {int(draws):,}"
        ), r.stderr


def test_cli_bands_costs_of_an_attack_that_cannot_happen_are_undefined():
    """North Korea (2001) has no deliverable warheads: its cost of striking first and the U.S.'s
    of being struck first are undefined in every draw (null in JSON, a dash with its reason in
    the table), not the costs of a strike with no warheads; places by name."""
    args = ["bands", "book:us-japan-2001", "--variant", "mad", "--dyad", "U.S.-North Korea",
            "--no-reaction", "--draws", "4"]  # fmt: skip
    rows = json.loads(CliRunner().invoke(anpo.cli.app, [*args, "--json"]).stdout)["bands"]
    by = {(r["measure"], r["where"]): r for r in rows}
    for key in (("cost_first", "PRK"), ("cost_second", "USA"), ("incentive", "PRK")):
        assert by[key]["point"] is None and by[key]["defined"] == 0.0, key
    assert by[("cost_second", "PRK")]["point"] > 0 and by[("cost_first", "USA")]["defined"] == 1
    human = CliRunner().invoke(anpo.cli.app, args)
    assert human.exit_code == 0, human.output
    assert "undefined: a side without deliverable warheads cannot strike first" in human.stdout
    assert "North Korea" in human.stdout and "│ PRK " not in human.stdout
    # each table says what it holds, over how many draws and with which seed (the cost table
    # had no title; the seed, the default here, reproduces the draws)
    lines = [ln.strip() for ln in human.stdout.splitlines()]
    tail = f"4 draws, seed {DEFAULT_SEED}"  # the CLI's default is the library's
    assert any(ln.endswith(f"P(at least 1 warhead arrives), {tail}") for ln in lines)
    assert any(ln.endswith(f"expected Kent-Thaler costs of a first strike, {tail}") for ln in lines)


def test_every_uncertain_input_of_the_book_has_a_label_with_its_unit() -> None:
    """The report's table of uncertain inputs gave only identifiers ('gbi_sspk',
    'damage_scale_japan'); every input of the built-in scenarios now says what it is, with its
    unit in parentheses, and the table shows it beside the identifier (checked on the toy
    scenario given a book input's label: the book's own bands take minutes)."""

    labels = []
    for scen in book_scenarios():
        for u in scen.uncertainties:
            assert u.label and "(" in u.label and u.label.endswith(")"), (u.name, u.label)
            assert "_" not in u.label, u.label
            labels.append(u.label)
    label = labels[0]
    text = TOY.replace('name = "sspk"\n', f'name = "sspk"\nlabel = "{label}"\n', 1)
    assert label in text
    inputs = next(t for t in _section(text, draws=4).appendix if "inputs" in t.title).frame
    columns = list(inputs.columns)
    assert columns[columns.index("input") + 1] == "what it is (unit)", columns
    assert inputs[["input", "what it is (unit)"]].values.tolist() == [["sspk", label]]


def test_report_key_numbers_quote_the_bands_the_report_computed(toy):
    """End to end through the deterrence report's build: the assured-retaliation key number
    gives the defended variant's 5–95% band of P(at least one warhead arrives) exactly as the
    report's band table holds it (the finding and the table are looked up by the same year,
    variant, dyad, territory and m), so a drift of the lookup's keys cannot pass as 'no band'."""
    from anpo.deterrence.bands_report import compute_bands, report_variants
    from anpo.deterrence.report import build
    from anpo.report.format import fmt_number
    from anpo.report.sections import ReportContext

    ctx = ReportContext(scenarios=[toy], options={"uncertainty_draws": 10})
    table, _ = compute_bands(ctx)
    assert "defended" in report_variants(toy)
    row = _arrive(table)
    # in percent, as the key number gives the probability it bands (mend16d)
    low, high = fmt_number(row.p05, "resolved-percent"), fmt_number(row.p95, "resolved-percent")
    band = f"5–95%: {low} to {high}"
    assert row.p05 < row.p95 and low != high
    sections = build(ctx)
    [finding] = [
        f
        for s in sections
        for f in s.findings
        if f.question.startswith("Does missile defense take away")
    ]
    assert band in finding.number, finding.number


def test_the_costs_band_table_carries_the_incentive_the_key_numbers_quote():
    """The first-strike key numbers quote the defender's incentive with its 5–95% band
    (Kent & Thaler 1989: cost struck first minus cost striking first); the band table beside
    the report (deterrence-bands-costs) held only the two costs, whose bands do not give the
    difference's, so the quoted band was in no table. It now has the incentive's own columns,
    equal to the band table's incentive rows."""
    sec = _section(TOY, draws=6)
    costs = next(t for t in sec.appendix if t.name == "deterrence-bands-costs")
    frame = costs.frame
    cols = [f"first-strike incentive {s}" for s in ("point", "p05", "p50", "p95")]
    assert set(cols) <= set(frame.columns), list(frame.columns)
    assert "over the draws of the difference" in costs.caption
    # the costs are each variant's own measure, as the stability section quotes it (lua28;
    # lua27's caption said they were of the exchange without launch under attack): the
    # caption says which, and the table has the convention column
    assert "each variant's own measure, the one the stability section quotes" in costs.caption
    assert "convention" in frame.columns
    from anpo.deterrence.bands_report import compute_bands
    from anpo.report.sections import ReportContext

    scen = parse_scenario_text(TOY, "toy.toml")
    raw, _ = compute_bands(ReportContext(scenarios=[scen], options={"uncertainty_draws": 6}))
    inc = raw[raw["measure"] == "incentive"]
    assert len(inc) and inc["p05"].notna().any()
    for r in inc.itertuples():
        row = frame[
            (frame["year"] == r.year)
            & (frame["variant"] == r.variant)
            & (frame["side"] == r.where_name)
        ]
        assert len(row) == 1, (r.variant, r.where_name)
        got = row["first-strike incentive p05"].iloc[0]
        assert (math.isnan(got) and math.isnan(r.p05)) or got == pytest.approx(r.p05)


def test_reaction_answer_names_the_curves_largest_count_not_the_variants_inventory():
    """The bands Answer quotes the banded reaction curve at its largest interceptor count (600 on
    the 2001 book's grid), which is not the variant's own inventory (“NMD capability 3” holds
    250): the sentence must say the count is the curve's, not read '600 interceptors (“NMD
    capability 3”)' as that variant's. Source: the 2001 book's reaction grid (report section 3)."""
    import pandas as pd

    from anpo.deterrence.bands_report import _reaction_sentences

    rows = [
        {"x": x, "point": pt, "p05": 7.1, "p50": med, "p95": hi}
        for x, pt, med, hi in [(250.0, 59.0, 37.0, 115.0), (600.0, 85.0, 68.0, 269.0)]
    ]
    table = pd.DataFrame(
        [
            {
                **r,
                "year": 2001,
                "variant": "nmd-c3",
                "variant_title": "“NMD capability 3”",
                "dyad": "U.S.-China",
                "measure": "launchers_needed",
                "where": "CHN",
                "where_name": "China",
                "role": "rival",
                "above_limit": 0.0,
                "limit": 20000.0,
            }
            for r in rows
        ]
        + [{"measure": "p_arrive", "role": "homeland", "where_name": "United States"}]
    )
    first = _reaction_sentences(table)[0]
    assert "at its largest interceptor count, 600 interceptors of the United States" in first
    assert "reaction curve of “NMD capability 3” (2001)" in first
    assert "China needs a median of 68 launchers of its growth component" in first
    assert "600 interceptors of the United States in 2001 (“NMD capability 3”)" not in first


def test_reaction_answer_labels_the_median_as_a_median():
    """The bands Answer read 'China needs 68 launchers of its growth component (5–95%: about 7
    to about 269; point estimate 85)': 68 is the median over the draws, the point estimate is
    85, and the sentence gave the median no label (the key finding writes 'needs a median of
    37 launchers'). The launchers quoted first are named as the median."""
    import pandas as pd

    from anpo.deterrence.bands_report import _reaction_sentences

    table = pd.DataFrame(
        [
            {
                "x": 600.0, "point": 85.0, "p05": 7.1, "p50": 68.0, "p95": 269.0,
                "year": 2001, "variant": "nmd-c3", "variant_title": "“NMD capability 3”",
                "dyad": "U.S.-China", "measure": "launchers_needed", "where": "CHN",
                "where_name": "China", "role": "rival", "above_limit": 0.0, "limit": 20000.0,
            },
            {"measure": "p_arrive", "role": "homeland", "where_name": "United States"},
        ]
    )  # fmt: skip
    first = _reaction_sentences(table)[0]
    assert "needs a median of 68 launchers" in first, first
    assert "point estimate 85" in first


@pytest.mark.parametrize(
    ("args", "field"),
    [((2.5, 3, None), "n"), ((10, 3.0, None), "d"), ((10, 3, 0), "rng"), ((10, 3, 7), "rng")],
)
def test_latin_hypercube_names_a_bad_argument(args: tuple, field: str) -> None:
    """A fractional n was numpy's TypeError; a seed for rng "'int' object has no attribute
    'permutation'"."""
    n, d, rng = args
    with pytest.raises(InputError) as err:
        latin_hypercube(n, d, np.random.default_rng(0) if rng is None else rng)
    assert err.value.field == field


def test_the_report_cost_table_says_which_costs_are_defined_in_some_draws_only() -> None:
    """The report's appendix table of cost bands (``anpo report --scenario FILE``) printed the
    percentiles of a cost that some draws leave undefined (a side without deliverable warheads
    [kent1989]) as those of every draw; its caption now names each such row with its share of
    draws, and says nothing where every cost is defined in every draw (or in none)."""
    import pandas as pd

    from anpo.deterrence.bands_report import partly_defined

    rows = pd.DataFrame(
        {
            "year": [2025, 2025, 2025],
            "variant": ["mad", "mad", "mad"],
            "variant_title": ["No defense"] * 3,
            "dyad": ["U.S.-Rival"] * 3,
            "where_name": ["Rival", "United States", "United States"],
            "measure": ["cost_first", "cost_second", "cost_first"],
            "defined": [0.9, 0.9, 1.0],
        }
    )
    text = partly_defined(rows)
    assert "No defense (2025), U.S.-Rival, Rival's cost of striking first: 90%" in text
    assert "United States's cost of being struck first: 90%" in text
    assert "United States's cost of striking first" not in text
    assert partly_defined(rows, most=1).endswith("; and 1 more).")
    assert partly_defined(rows.assign(defined=1.0)) == ""
    assert partly_defined(rows.assign(defined=0.0)) == ""


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"draws": 2.5}, "draws"),  # read as 2 draws by int()
        ({"draws": float("nan")}, "draws"),  # a bare ValueError from int()
        ({"draws": True}, "draws"),  # refused, but said as 'got 1'
        ({"draws": 2, "max_launchers": 1.7}, "max_launchers"),  # read as a limit of 1
        ({"draws": 2, "max_launchers": float("nan")}, "max_launchers"),  # a bare ValueError
    ],
)
def test_draws_and_the_search_limit_are_whole_numbers(toy, kwargs, field):
    """bands cast draws and max_launchers with int() before checking them: 2.5 draws ran 2,
    a search limit of 1.7 searched up to 1 launcher, NaN was int()'s bare ValueError."""
    from anpo.deterrence.bands import case_measures, check_draws

    with pytest.raises(InputError) as err:
        bands(toy, **kwargs)
    assert err.value.field == field
    with pytest.raises(InputError, match="whole number of draws, got 2.5"):
        check_draws(2.5)  # type: ignore[arg-type]
    assert check_draws(4.0) == 4  # type: ignore[arg-type]
    if field == "max_launchers":
        with pytest.raises(InputError) as err:
            case_measures(toy.cases()[0], reaction=False, **{field: kwargs[field]})
        assert err.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"draws": 2.5}, "draws"), ({"draws": float("nan")}, "draws"), ({"seed": 2.5}, "seed")],
)
def test_input_sample_takes_whole_draws_and_seeds(toy, kwargs, field):
    """input_sample cast draws and seed with int(): 2.5 draws gave 2 rows, seed 2.5 the sample
    of seed 2, NaN int()'s bare ValueError. A whole float is a count of draws; a seed is an
    integer (anpo._checks.seed_number: 3.0 is refused, as the explorations refuse it)."""
    args = {"draws": 4, "seed": 3} | kwargs
    with pytest.raises(InputError) as err:
        input_sample(toy, **args)
    assert err.value.field == field
    assert input_sample(toy, 4.0, 3).equals(input_sample(toy, 4, 3))  # type: ignore[arg-type]


def test_a_zero_band_end_beside_positive_figures_is_written_as_zero() -> None:
    """Read in the built report: the uncertainty section's table gave China's 2001 chance of
    reaching the U.S. under NMD as '< 0.001 (5–95%: 0 to < 0.001; point estimate < 0.001)'; it
    was then written '< 0.1% (5–95%: < 0.1% to < 0.1%; ...)', a bound for a band end that is
    exactly 0 (a percentile on draws where no warhead can arrive: a possible arrival is carried
    as 5e-324 since zero27), unlike the appendix table and the key numbers' bands, which print
    it '0%'. An exact 0 is '0%' beside positive figures too; only a positive figure below the
    printed precision is '< 0.1%' (text29). In percent since mend16d."""
    from anpo.deterrence.bands_report import band_text, measure_band
    from anpo.report.format import fmt_number

    assert band_text(6.77e-9, 0.0, 2.1e-5, 2.46e-8) == (
        "< 0.1% (5–95%: 0% to < 0.1%; point estimate < 0.1%)"
    )
    assert band_text(0.0, 0.0, 0.0, 0.0) == "0% (5–95%: 0% to 0%; point estimate 0%)"
    assert band_text(0.258, 0.0823, 0.831, 0.232) == (
        "25.8% (5–95%: 8.23% to 83.1%; point estimate 23.2%)"
    )
    # the smallest positive double (a possible arrival) is a bound, never '0%'
    assert band_text(5e-324, 0.0, 5e-324, 5e-324) == (
        "< 0.1% (5–95%: 0% to < 0.1%; point estimate < 0.1%)"
    )
    # the same band end as the key numbers' band and the appendix's cells write it
    row = {"year": [2001], "variant": ["nmd"], "dyad": ["U.S.-China"], "measure": ["p_arrive"]}
    table = pd.DataFrame({**row, "where": ["USA"], "x": [1.0], "p05": [0.0], "p95": [2.1e-5]})
    assert (
        measure_band(table, 2001, "nmd", "U.S.-China", "p_arrive", "USA", 1.0, "resolved-percent")
        == "5–95%: 0% to < 0.1%"
    )
    assert [fmt_number(v, "resolved-percent") for v in (0.0, 2.1e-5)] == ["0%", "< 0.1%"]


def test_the_filled_diamond_of_a_median_on_its_point_estimate_is_in_the_legend():
    """Fig. 5.1 drew a filled diamond where a median lies on its point estimate (the median's
    dot inside the hollow diamond: the toy's undefended variant, P = 1 in every draw), a mark its
    legend and caption did not name: both name it now."""
    import numpy as np

    from anpo.deterrence.bands_report import _coincide

    fig = _section(TOY).figures[0]
    assert "median = point estimate" in fig.svg
    assert "A filled diamond: the median lies on the point estimate" in fig.caption
    assert _coincide(np.array([1.0, 0.3]), np.array([0.999, 0.41])).tolist() == [True, False]


def test_the_summary_band_table_says_what_its_zeros_are():
    """Section 5's summary table read '< 0.001 (5–95%: 0 to < 0.001; point estimate < 0.001)'
    with no word of what the 0 is; the full table's caption said it (the exchange's
    propagation floor or an exact zero, below 0.001 either way): the summary says it too."""
    from anpo.deterrence.bands_report import ZERO_NOTE

    sec = _section(TOY)
    summary = next(t for t in sec.tables if t.title.startswith("P(at least one warhead"))
    assert ZERO_NOTE in summary.caption
    full = next(t for t in sec.appendix if t.title.startswith("P(at least m"))
    assert ZERO_NOTE in full.caption


@pytest.mark.parametrize("seed", [-1, -(2**63), 2**63, 2**64, 3.0, 2.5, True, "7", None])
def test_a_seed_is_an_integer_from_0_to_2_63_minus_1(seed: object) -> None:
    """input_sample seeded with ``seed % 2**63``: -1 drew exactly the sample of 2**63-1 (and
    2**63 that of 0), two seeds, one sample. A seed is refused unless it is an integer from 0
    to 2**63-1 (anpo._checks.seed_number), as the explorations' and the alignment
    heuristics' seeds already were; a float, even 3.0, is not a seed (seeds are typed int)."""
    scen = parse_scenario_text(TOY, "toy.toml")
    with pytest.raises(InputError) as info:
        input_sample(scen, 4, seed=seed)  # type: ignore[arg-type]
    assert info.value.field == "seed"
    with pytest.raises(InputError) as info:
        bands(scen, draws=4, seed=seed)  # type: ignore[arg-type]
    assert info.value.field == "seed"
    top = input_sample(scen, 4, seed=2**63 - 1)
    assert not top.equals(input_sample(scen, 4, seed=0))
    assert top.equals(input_sample(scen, 4, seed=np.int64(2**63 - 1)))


def test_every_public_seed_takes_the_same_rule() -> None:
    """Every public seed (bands, explorations, sensitivity, alignment heuristics, the burden
    test, the report) goes through anpo._checks.seed_number: -1 is refused with one message
    and the module's documented error, naming ``seed``; some were unchecked (the report's, the
    sensitivity's bootstrap seed, unit_design's: numpy's bare ValueError) or checked only on
    some paths (the burden test's t method took -1)."""
    from anpo.align.heuristics import heuristic
    from anpo.burden.stats import exploitation_test
    from anpo.errors import AlignError, BurdenError, ExploreError
    from anpo.explore.model import experiment_rng, experiment_seeds
    from anpo.explore.sensitivity import sensitivity
    from anpo.explore.space import unit_design
    from anpo.report.sections import ReportContext

    w = np.array([[0.0, 1.0], [1.0, 0.0]])
    calls = [
        (lambda: heuristic(w, 1e-9, seed=-1, restarts=1, sweeps=1), AlignError),
        (lambda: exploitation_test([1.0, 2, 3, 4], [4.0, 2, 3, 1], seed=-1), BurdenError),
        (lambda: experiment_rng(-1, 0), ExploreError),
        (lambda: experiment_seeds(-1, 0, 2), ExploreError),
        (lambda: unit_design("mc", [], 2, -1), ExploreError),
        (lambda: sensitivity("no-such-run", seed=-1), ExploreError),
        (lambda: ReportContext(scenarios=[], seed=-1), InputError),
    ]
    for call, error in calls:
        with pytest.raises(error) as info:
            call()
        assert info.value.field == "seed"
        assert info.value.message == "must be an integer >= 0, got -1", info.value.message
    assert ReportContext(scenarios=[], seed=np.int64(7)).seed == 7


def test_the_appendix_prints_a_zero_band_end_as_band_text_does_and_says_what_it_is() -> None:
    """The appendix table of P(at least m arrive) printed a 5th percentile of exactly 0 as '0%'
    under a caption saying only that 'a 0% is an impossible event' (of a percentile: impossible
    in the draws it rests on, not in every draw), while the summary table's band_text wrote the
    same band end '< 0.1%' (text29). Its cells follow band_text's rule (an exact 0 is '0%', a
    positive figure below 0.1% '< 0.1%', never '0%') and the caption says what a 0% percentile
    is."""
    from anpo.deterrence.bands_report import ZERO_NOTE, _appendix, band_text, compute_bands
    from anpo.report.format import format_frame
    from anpo.report.sections import ReportContext

    scen = parse_scenario_text(TOY, "toy.toml")
    table, inputs = compute_bands(ReportContext(scenarios=[scen], options={"uncertainty_draws": 4}))
    at = (table["measure"] == "p_arrive") & (table["x"] == 1.0) & (table["where"] == "USA")
    first, second = table.index[at][:2]
    table.loc[first, ["p05", "p50", "p95", "point"]] = [0.0, 2e-5, 0.3, 2e-5]
    table.loc[second, ["p05", "p50", "p95", "point"]] = [4e-4, 2e-3, 0.3, 2e-3]
    full = next(t for t in _appendix(table, inputs) if t.title.startswith("P(at least m"))
    cells = format_frame(full.frame, full.kinds)
    variants = list(full.frame["variant"])
    shown = {
        v: cells.loc[variants.index(table.loc[i, "variant"]), "P(>=1) p05"]
        for v, i in (("zero", first), ("small", second))
    }
    assert shown == {"zero": "0%", "small": "< 0.1%"}
    assert band_text(2e-5, 0.0, 0.3, 2e-5).startswith("< 0.1% (5–95%: 0% to")
    assert band_text(2e-3, 4e-4, 0.3, 2e-3).startswith("0.2% (5–95%: < 0.1% to")
    assert (
        "A percentile (median or band end) of 0% rests on draws in which the event is "
        "impossible" in ZERO_NOTE
    )
    assert ZERO_NOTE in full.caption


@pytest.mark.parametrize("given", ["book:us-japan-2001", {"scenario": 1}])
def test_bands_of_no_scenario_says_a_scenario_is_needed(given: object) -> None:
    """audit30: ``bands("book:us-japan-2001", draws=2)`` was an AttributeError raised while
    building the InputError's own message; it is now that InputError, saying how to get a
    Scenario."""
    from anpo.deterrence.bands import bands, input_sample
    from anpo.errors import InputError

    for call in (lambda: bands(given, draws=2), lambda: input_sample(given, 2)):
        with pytest.raises(InputError, match=r"needs a Scenario \(anpo.scenario.load_scenario"):
            call()


@pytest.mark.parametrize("q", [2.0, -0.1, float("nan")])
def test_censored_quantiles_refuse_a_quantile_outside_0_1(q: float) -> None:
    """audit30: ``censored_quantiles([1, 2, 3], [2.0])`` returned (NaN, beyond=True), though its
    docstring says it is ``numpy.quantile`` without censored draws, and numpy.quantile raises;
    it is now an InputError, with or without defined draws."""
    from anpo.deterrence.bands import censored_quantiles
    from anpo.errors import InputError

    with pytest.raises(ValueError):
        np.quantile([1.0, 2.0, 3.0], [q])
    for values in ([1.0, 2.0, 3.0], [1.0, float("inf")], [float("nan")]):
        with pytest.raises(InputError, match="a quantile is a probability from 0 to 1"):
            censored_quantiles(values, [0.5, q])

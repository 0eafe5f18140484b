"""Reaction-curve bands with draws beyond the search limit (anpo.deterrence.bands): such a draw
is right-censored ("more than LIMIT launchers") and kept, never dropped, so a band is that of
the whole sample; a percentile that falls among the censored draws is "> LIMIT".

The constructed case: five single-warhead missiles that all survive the first strike, against
one layer of ``x`` interceptors firing one per missile with kill probability k ~ Beta(2, 2) (a
defense anywhere from poor to near perfect). The rival needs P(at least 1 of n arrives) >= 0.9:
either k^n <= 0.1 or more missiles than interceptors (the extra one is never engaged), so
n(k, x) = min(ceil(ln 0.1 / ln k), x + 1) [wilkening1999]'s salvo model with a finite
inventory; the limits are checked against the model in tests/test_deterrence_limits.py.
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import anpo.cli
from _support import one_layer_scenario
from anpo.deterrence.bands import bands, censored_quantiles, input_sample
from anpo.scenario import parse_scenario_text

GRID = [0, 5, 10, 20, 40]
LIMIT = 12
DRAWS = 40
SEED = 3

EXTRA = f"""
[[uncertainties]]
name = "sspk"
target = "defenses[gbi].layers[0].sspk"
distribution = {{ kind = "beta", alpha = 2, beta = 2 }}
basis = "test: a defense anywhere from poor to near perfect"

[settings]
interceptor_grid = {GRID}
"""

# the file's own kill probability 0.95: n = min(45, x + 1), beyond 12 from x = 20 on
TEXT = one_layer_scenario(5, 0.95, scenario_id="censor", defense_id="gbi", label="toy", extra=EXTRA)
QS = (0.05, 0.5, 0.95)
COLS = ("p05", "p50", "p95")


def needed(k: np.ndarray | float, x: int) -> np.ndarray:
    """Launchers needed against ``x`` interceptors of kill probability ``k`` (module
    docstring's closed form)."""
    k = np.asarray(k, dtype=float)
    return np.minimum(np.ceil(np.log(0.1) / np.log(k)), x + 1)


@pytest.fixture(scope="module")
def scen():
    return parse_scenario_text(TEXT, "censor.toml")


@pytest.fixture(scope="module")
def curve(scen):
    frame = bands(scen, draws=DRAWS, seed=SEED, max_launchers=LIMIT)
    out = frame[frame.measure == "launchers_needed"].sort_values("x").reset_index(drop=True)
    assert list(out.x) == GRID
    return out


@pytest.fixture(scope="module")
def drawn_k(scen):
    return input_sample(scen, DRAWS, SEED)["sspk"].to_numpy(float)


def _depends_on_censored(sample: np.ndarray, limit: float, q: float) -> bool:
    """Whether numpy's quantile (Hyndman & Fan 1996, definition 7) of ``sample`` moves when the
    values beyond ``limit`` change while staying beyond it: then it is not known from a
    sample censored at ``limit``."""
    low = np.where(sample > limit, limit + 1, sample)
    high = np.where(sample > limit, 1e9, sample)
    return bool(np.quantile(low, q) != np.quantile(high, q))


def test_the_constructed_case_has_censored_draws(curve, drawn_k):
    """The case is the one the issue is about: at 20 and 40 interceptors some draws (not all)
    need more than the limit, and the point estimate does too."""
    for x in (20, 40):
        need = needed(drawn_k, x)
        assert 0 < (need > LIMIT).sum() < DRAWS
    assert list(curve.point_above_limit) == [False, False, False, True, True]
    assert list(curve.point[:3]) == [1.0, 6.0, 11.0]  # min(45, x + 1)
    assert curve.point[3:].isna().all()


def test_censored_bands_are_the_quantiles_of_the_whole_sample(curve, drawn_k):
    """Each draw's need from the closed form: where a percentile does not rest on a draw
    beyond the limit, it is numpy's quantile of ALL the draws (Hyndman & Fan 1996, definition
    7), the censored ones included; where it does, it is NaN and flagged. The share beyond
    the limit is counted, the measure stays defined in every draw and the mean is undefined."""
    for _, row in curve.iterrows():
        need = needed(drawn_k, int(row.x))
        beyond = need > LIMIT
        assert row.above_limit == pytest.approx(beyond.mean())
        assert row.defined == 1.0 and row.limit == LIMIT and row.draws == DRAWS
        for col, q in zip(COLS, QS, strict=True):
            flagged = bool(row[f"{col}_above_limit"])
            assert flagged == _depends_on_censored(need, LIMIT, q), (row.x, col)
            if flagged:
                assert math.isnan(row[col])
            else:
                assert row[col] == pytest.approx(np.quantile(need, q), abs=1e-12), (row.x, col)
        if beyond.any():
            assert math.isnan(row["mean"])
        else:
            assert row["mean"] == pytest.approx(need.mean())
    # the censoring matters here: the 95th percentile is beyond the limit at 20 and 40, while
    # the reachable draws alone (the old band) would have put it at or under the limit
    for x in (20, 40):
        row = curve[curve.x == x].iloc[0]
        need = needed(drawn_k, x)
        assert row.p95_above_limit and np.quantile(need, 0.95) > LIMIT
        assert np.quantile(need[need <= LIMIT], 0.95) <= LIMIT
        assert row.p50 == pytest.approx(np.quantile(need, 0.5))


def test_censored_bands_do_not_fall_as_interceptors_rise(curve):
    """Every draw's curve is nondecreasing in the interceptors, and so is each percentile of
    the censored sample (a value beyond the limit counting as the highest), and the share
    beyond the limit."""
    for col in ("point", *COLS):
        vals = np.where(curve[f"{col}_above_limit"], np.inf, curve[col].to_numpy(float))
        assert np.all(vals[1:] >= vals[:-1]), col
    share = curve.above_limit.to_numpy()
    assert np.all(share[1:] >= share[:-1])
    # and the percentiles keep their order
    q = np.where(curve[[f"{c}_above_limit" for c in COLS]], np.inf, curve[list(COLS)])
    assert np.all(q[:, 1:] >= q[:, :-1])


def test_no_censoring_at_the_default_limit(scen, drawn_k):
    """With the default search limit (20,000) every draw of this case is reachable: the band
    is numpy's quantiles of the closed-form needs and the mean is defined."""
    frame = bands(scen, draws=DRAWS, seed=SEED)
    row = frame[(frame.measure == "launchers_needed") & (frame.x == 40)].iloc[0]
    need = needed(drawn_k, 40)
    assert row.above_limit == 0.0 and row.limit == 20_000 and not row.p95_above_limit
    assert row.p95 == pytest.approx(np.quantile(need, 0.95))
    assert row["mean"] == pytest.approx(need.mean())
    # the other measures have no search: no limit, nothing beyond it
    other = frame[frame.measure != "launchers_needed"]
    assert other.limit.isna().all() and (other.above_limit == 0).all()


def test_a_near_perfect_defense_at_the_default_search_limit():
    """The default limit (20,000 launchers) reached by the model itself: 25,000 interceptors
    with kill probability k ~ triangular(0.999, 1, 1) (a near-perfect defense). A draw with
    k > 0.99988 needs more than 20,000 missiles (k^n <= 0.1 from n = ln 0.1 / ln k), and
    25,001 saturate; those draws count beyond the limit. The median is the closed form's;
    the 95th percentile is beyond the limit, where the reachable draws alone put it under."""
    extra = """
[[uncertainties]]
name = "sspk"
target = "defenses[gbi].layers[0].sspk"
distribution = { kind = "triangular", low = 0.999, mode = 1.0, high = 1.0 }
basis = "test: a near-perfect defense"

[settings]
interceptor_grid = [0, 25000]
"""
    text = one_layer_scenario(5, 0.9995, scenario_id="perfect", defense_id="gbi", extra=extra)
    scen = parse_scenario_text(text, "perfect.toml")
    frame = bands(scen, draws=20, seed=1)
    row = frame[(frame.measure == "launchers_needed") & (frame.x == 25_000)].iloc[0]
    need = needed(input_sample(scen, 20, 1)["sspk"].to_numpy(float), 25_000)
    beyond = need > 20_000
    assert 0 < beyond.sum() < 20 and row.above_limit == pytest.approx(beyond.mean())
    assert row.limit == 20_000 and row.defined == 1.0
    assert row.p50 == pytest.approx(np.quantile(need, 0.5))
    assert row.p95_above_limit and math.isnan(row.p95) and math.isnan(row["mean"])
    assert np.quantile(need[~beyond], 0.95) < 20_000  # what dropping the draws gave
    # the file's own k = 0.9995: 4,605 launchers (ceil(ln 0.1 / ln 0.9995))
    assert row.point == float(np.ceil(np.log(0.1) / np.log(0.9995)))


def test_censored_quantiles_examples():
    """Hyndman & Fan (1996), definition 7 on [1, 2, 3, beyond]: h = 3q; the median (h = 1.5)
    is 2.5 from reachable draws; the maximum is beyond; q = 2/3 (h = 2) uses x_(2) = 3 only.
    Undefined draws (NaN) are left out; no defined draw: NaN, not beyond."""
    q, beyond = censored_quantiles([3.0, np.nan, 1.0, 2.0, np.inf], [0.0, 0.5, 2 / 3, 0.7, 1.0])
    assert q[:3].tolist() == [1.0, 2.5, 3.0]
    assert beyond.tolist() == [False, False, False, True, True]
    assert np.isnan(q[3:]).all()
    q, beyond = censored_quantiles([np.nan, np.nan], [0.5])
    assert np.isnan(q[0]) and not beyond[0]
    q, beyond = censored_quantiles([np.inf, np.inf], [0.0, 1.0])
    assert beyond.all() and np.isnan(q).all()


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.integers(1, 60), min_size=1, max_size=40),
    limit=st.integers(0, 60),
    qs=st.lists(st.integers(0, 100).map(lambda p: p / 100), min_size=1, max_size=5),
)
def test_censored_quantiles_are_those_of_the_uncensored_sample(values, limit, qs):
    """Censoring a sample at ``limit`` (values above it become +inf) keeps every quantile that
    does not depend on the censored values, equal to numpy's on the uncensored sample, and
    flags exactly the others; flags and values keep the quantiles' order. (Whole percentiles,
    as the bands use: a weight of 1e-167 on a censored draw is beyond in exact arithmetic but
    invisible in floating point.)"""
    sample = np.asarray(values, dtype=float)
    censored = np.where(sample > limit, np.inf, sample)
    order = sorted(qs)
    got, beyond = censored_quantiles(censored, order)
    for q, v, b in zip(order, got, beyond, strict=True):
        assert b == _depends_on_censored(sample, limit, q)
        if not b:
            assert v == pytest.approx(np.quantile(sample, q), abs=1e-9)
    ranked = np.where(beyond, np.inf, got)
    assert np.all(ranked[1:] >= ranked[:-1])


@settings(max_examples=12, deadline=None)
@given(
    limit=st.integers(1, 30),
    seed=st.integers(0, 2**32),
    alpha=st.floats(0.5, 8.0),
)
def test_band_order_holds_with_censoring(limit, seed, alpha):
    """p05 <= p50 <= p95 for every reaction-curve band whatever share of the draws lies beyond
    the search limit (a percentile beyond it counting as the highest), and the flags agree
    with the share: the 95th percentile is beyond whenever more than 5% of the draws are."""
    text = TEXT.replace("alpha = 2, beta = 2", f"alpha = {alpha!r}, beta = 2")
    scen = parse_scenario_text(text, "censor.toml")
    frame = bands(scen, draws=12, seed=seed, max_launchers=limit)
    reac = frame[frame.measure == "launchers_needed"]
    assert len(reac) == len(GRID)
    flags = reac[[f"{c}_above_limit" for c in COLS]].to_numpy(bool)
    q = np.where(flags, np.inf, reac[list(COLS)].to_numpy(float))
    assert not np.isnan(q).any()
    assert np.all(q[:, 1:] >= q[:, :-1])
    share = reac.above_limit.to_numpy()
    assert np.all(flags[share > 0.05, 2])
    assert not flags[share == 0].any()


def test_cli_prints_censored_percentiles_as_beyond_the_limit(tmp_path):
    """`anpo bands` prints the reaction bands, '> 12' where a percentile or the point estimate
    is beyond the limit, with the share beyond it; --json keeps null values and the flags."""
    path = tmp_path / "censor.toml"
    path.write_text(TEXT)
    args = ["bands", str(path), "--draws", str(DRAWS), "--seed", str(SEED)]
    result = CliRunner().invoke(anpo.cli.app, [*args, "--max-launchers", str(LIMIT)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Reaction curve bands" in out
    row40 = next(line for line in out.splitlines() if re.search(r"│\s+40 │", line))
    assert row40.count("> 12") == 2  # point estimate and 95th percentile
    assert "no force up to 12 launchers meets the goal" in " ".join(out.split())
    js = CliRunner().invoke(anpo.cli.app, [*args, "--max-launchers", str(LIMIT), "--json"])
    assert js.exit_code == 0, js.output
    rows = [r for r in json.loads(js.stdout)["bands"] if r["measure"] == "launchers_needed"]
    last = next(r for r in rows if r["x"] == 40)
    assert last["p95"] is None and last["p95_above_limit"] is True
    assert last["point"] is None and last["point_above_limit"] is True
    assert last["mean"] is None and 0 < last["above_limit"] < 1 and last["limit"] == LIMIT
    bad = CliRunner().invoke(anpo.cli.app, [*args, "--max-launchers", "0"])
    assert bad.exit_code == 2 and bad.output.startswith("error: ")
    assert "--max-launchers" in bad.output


def _china(text: str) -> str:
    """The constructed case with China as the rival (the report bands China's curves)."""
    return text.replace('"PRK"', '"CHN"').replace("North Korea", "China")


def test_report_section_carries_the_censoring(monkeypatch):
    """The report's bands section: the reaction appendix shows '> 12' where a percentile is
    beyond the limit and the share beyond it; the Answer says draws need more than the limit
    and quotes the band at the largest interceptor count as '> 12'; the figure marks it."""
    import anpo.deterrence.questions as questions
    from anpo.deterrence.bands_report import uncertainty_section
    from anpo.report.sections import ReportContext

    scen = parse_scenario_text(_china(TEXT), "censor.toml")

    def section():
        return uncertainty_section(
            ReportContext(scenarios=[scen], options={"uncertainty_draws": DRAWS})
        )

    monkeypatch.setattr(questions, "REACTION_MAX_LAUNCHERS", LIMIT)
    sec = section()
    reac = next(t for t in sec.appendix if t.name == "deterrence-bands-reaction")
    last = reac.frame[reac.frame.interceptors == 40].iloc[0]
    assert last.p95 == "> 12" and last.point == "> 12" and 0 < last.above_limit < 1
    assert isinstance(last.p50, float)
    assert "search limit of 12 launchers" in sec.answer
    assert "China needs" in sec.answer and "to > 12; point estimate > 12)" in sec.answer
    fig = next(f for f in sec.figures if "reaction curve" in f.title)
    assert "beyond the search limit" in fig.caption and "Triangles" in fig.description
    monkeypatch.undo()
    plain = section()
    assert "Every draw of the banded reaction curves meets China's goal" in plain.answer
    assert "> 20,000" not in plain.answer
    fig = next(f for f in plain.figures if "reaction curve" in f.title)
    assert "Triangles" not in fig.caption

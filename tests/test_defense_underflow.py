"""Probabilities of the interception model that a float underflows to 0 or rounds to 1 while
they lie strictly between (defense20): ``anpo defense``, its ``--json``, the library result and
the web's what-if engagement say so, in log space where the model has a closed form
[wilkening1999]; :mod:`anpo.deterrence.logprob`."""

from __future__ import annotations

import itertools
import json
import math
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from _support import cli
from anpo.deterrence import defense as d


def _defense(*args: str) -> tuple[dict[str, str], dict]:
    """The printed lines of ``anpo defense ARGS`` by label, and its JSON."""
    text = cli("defense", *args)
    assert text.returncode == 0, text.stderr
    lines = {}
    for line in text.stdout.splitlines()[1:]:
        m = re.match(r"\s+(P\(no leaker\)|expected leakers|P\(>= \d+ leak\))\s+(.*)$", line)
        if m:
            lines[m.group(1)] = m.group(2)
    got = cli("defense", *args, "--json")
    assert got.returncode == 0, got.stderr
    return lines, json.loads(got.stdout)


def test_brief_case_15000_rvs_prints_neither_impossible_nor_certain() -> None:
    """15,000 RVs, one shot each at SSPK 0.1: P(no leaker) = 0.1**15000 = 1e-15000
    [wilkening1999, eq. 2], a float 0.0; main printed '0.0000%' and '100.0000%'."""
    lines, out = _defense("--rvs", "15000", "--sspk", "0.1")
    assert out["p_no_leak"] == 0.0  # the float, as before
    assert out["p_no_leak_log10"] == pytest.approx(-15000.0, rel=1e-12)
    assert lines["P(no leaker)"] == "< 0.0001% (1e-15000, computed in log space)"
    for m in ("1", "5", "10"):
        assert lines[f"P(>= {m} leak)"] == "> 99.9999%"
        assert out["p_fewer_than_log10"][m] < -14000  # the complement, never 0


@pytest.mark.parametrize(
    ("args", "line", "closed_form"),
    [
        # 10 RVs, 100 shots each at 0.9999: each leaks with 1e-400, P(>= 1) = 10 x 1e-400
        (["--rvs", "10", "--sspk", "0.9999", "--shots", "100"], "P(>= 1 leak)", -399.0),
        # ... and all 10 leak with (1e-400)**10
        (["--rvs", "10", "--sspk", "0.9999", "--shots", "100"], "P(>= 10 leak)", -4000.0),
        # an SSPK of 1e-20 is lost in 1 - k: P(no leaker) = (1e-20)**10
        (["--rvs", "10", "--sspk", "1e-20"], "P(no leaker)", -200.0),
        # per-RV reliability: (0.9 x 0.1)**15000
        (
            ["--rvs", "15000", "--sspk", "0.1", "--mode", "rv", "--reliability", "0.9"],
            "P(no leaker)",
            15000 * math.log10(0.09),
        ),
        # per-raid reliability: 0.9 x 0.1**15000
        (
            ["--rvs", "15000", "--sspk", "0.1", "--reliability", "0.9"],
            "P(no leaker)",
            math.log10(0.9) - 15000,
        ),
        # the tail of the leaker pmf: all 200 of 200 leak, (0.01**2)**200
        (["--rvs", "200", "--sspk", "0.99", "--shots", "2", "-m", "200"], "P(>= 200 leak)", -800.0),
        # a finite inventory: 25 interceptors at 1 RV, 0.2**25
        (
            ["--rvs", "1", "--sspk", "0.8", "--interceptors", "25"],
            "P(>= 1 leak)",
            25 * math.log10(0.2),
        ),
        # decoys all recognised: the inventory's, 30 interceptors at 1 RV, 0.2**30
        (
            ["--rvs", "1", "--sspk", "0.8", "--decoys", "2", "--interceptors", "30"],
            "P(>= 1 leak)",
            30 * math.log10(0.2),
        ),
        # shoot-look-shoot with an interceptor for every shot: the salvo of 100 shots
        (["--rvs", "10", "--sspk", "0.9999", "--sls", "50,50"], "P(>= 1 leak)", -399.0),
    ],
)
def test_underflowed_probability_prints_its_magnitude(
    args: list[str], line: str, closed_form: float
) -> None:
    """Each case main printed as '0.0000%' or '100.0000%' [wilkening1999, eqs. 1-4]: the
    float is 0 or 1, the line the bound with the log-space magnitude, and the JSON's log10 the
    closed form."""
    lines, out = _defense(*args)
    if line == "P(no leaker)":
        value, log10 = out["p_no_leak"], out["p_no_leak_log10"]
    else:
        m = line.split()[1]
        value, log10 = out["p_at_least"][m], out["p_at_least_log10"][m]
    assert value == 0.0
    assert log10 == pytest.approx(closed_form, rel=1e-9)
    assert lines[line].startswith("< 0.0001% (")
    assert lines[line].endswith(", computed in log space)")


def test_complement_of_an_underflowed_probability_is_not_certain() -> None:
    """10 RVs at 0.9999 with 100 shots: P(no leaker) = (1 - 1e-400)**10 is a float 1.0, and
    the expected leakers 10 x 1e-400 a float 0.0 [wilkening1999, eq. 4]: '> 99.9999%' and
    '< 0.000001 (...)', never '100.0000%' and '0.000000'."""
    lines, out = _defense("--rvs", "10", "--sspk", "0.9999", "--shots", "100")
    assert out["p_no_leak"] == 1.0
    assert lines["P(no leaker)"] == "> 99.9999%"
    assert out["expected_leakers"] == 0.0
    assert out["expected_leakers_log10"] == pytest.approx(-399.0, rel=1e-12)
    assert lines["expected leakers"] == "< 0.000001 (1e-399, computed in log space)"


def test_sls_kill_of_an_rv_is_not_certain_below_float_range() -> None:
    """Shoot-look-shoot 50+50 at SSPK 0.9999: the kill 1 - 1e-400 [wilkening1999,
    shoot-look-shoot] is a float 1.0; the line says '> 99.9999%', the JSON the survival's
    log10, (n1 + n2) log10(1 - k) = -400."""
    got = cli("defense", "--rvs", "10", "--sspk", "0.9999", "--sls", "50,50")
    assert "kill > 99.9999%" in got.stdout and "kill 100.0000%" not in got.stdout
    out = json.loads(
        cli("defense", "--rvs", "10", "--sspk", "0.9999", "--sls", "50,50", "--json").stdout
    )
    assert out["sls_kill_probability"] == 1.0
    assert out["sls_survival_log10"] == pytest.approx(-400.0, rel=1e-12)


@pytest.mark.parametrize("rvs", [1, 7, 15000, 2_000_000])
@pytest.mark.parametrize("k", [0.1, 0.5, 0.999])
def test_log_space_matches_the_closed_form(rvs: int, k: float) -> None:
    """One shot each, reliability 1 [wilkening1999, eq. 2]: P(no leaker) = k**N and
    P(all N leak) = (1 - k)**N, so their log10 are N log10(k) and N log10(1 - k) exactly;
    per RV at reliability rho, P(no leaker) = (rho k)**N."""
    res = d.engagement(rvs, k, 1)
    assert res.p_no_leak_log10 == pytest.approx(rvs * math.log10(k), rel=1e-12)
    assert res.log10_p_at_least(rvs)[0] == pytest.approx(rvs * math.log10(1 - k), rel=1e-9)
    per_rv = d.engagement(rvs, k, 1, 0.95, "rv")
    assert per_rv.p_no_leak_log10 == pytest.approx(rvs * math.log10(0.95 * k), rel=1e-12)


def test_inventory_and_decoy_logs_match_the_closed_form() -> None:
    """A finite inventory of 1,003 interceptors at 500 RVs, SSPK 0.3 [wilkening1999]:
    P0 = [1 - 0.7**2]**497 [1 - 0.7**3]**3; decoys all recognised are the same engagement."""
    expected = 497 * math.log10(1 - 0.7**2) + 3 * math.log10(1 - 0.7**3)
    inv = d.inventory_engagement(500, 1003, 0.3)
    assert inv.p_no_leak_log10 == pytest.approx(expected, rel=1e-12)
    dec = d.decoy_engagement(500, 1, 1.0, 1003, 0.3)
    assert dec.p_no_leak_log10 == pytest.approx(expected, rel=1e-12)


def test_logs_agree_with_the_floats_where_a_float_holds_them() -> None:
    """Where the floats are neither 0 nor 1, the log-space values are their logarithms: every
    tail of the salvo, the inventory, the decoy model and one shoot-look-shoot layer, both
    reliability conventions (an independent check of the two computations)."""
    results = []
    for mode in ("raid", "rv"):
        results += [
            d.engagement(12, 0.6, 2, 0.9, mode),
            d.inventory_engagement(9, 13, 0.7, 0.8, mode),
            d.decoy_engagement(3, 2, 0.5, 11, 0.6, 0.9, mode),
            d.layered_engagement(
                6,
                [
                    d.Layer(
                        interceptors=30,
                        sspk=0.5,
                        shots=2,
                        doctrine="shoot-look-shoot",
                        second_shots=3,
                        reliability=0.9,
                        reliability_mode=mode,
                    )
                ],
            ),
        ]
    for res in results:
        assert res.log_leakers is not None
        for m in range(int(res.rvs) + 1):
            up, low = res.log10_p_at_least(m)
            p = float(res.p_at_least(m))
            assert 10**up == pytest.approx(p, rel=1e-9, abs=1e-300)
            assert 10**low == pytest.approx(1 - p, rel=1e-6, abs=1e-15)
        np.testing.assert_allclose(np.exp(res.log_leakers.log_pmf()), res.leaker_pmf, atol=1e-14)
        assert 10**res.expected_leakers_log10 == pytest.approx(res.expected_leakers, rel=1e-9)


def test_decoy_engagement_keeps_a_tiny_tail() -> None:
    """2 RVs with 1 decoy each, half recognised, 2,000 interceptors at SSPK 0.9 [the decoy
    model of decoy_engagement, after wilkening1999 and sessler2000]: with both decoys taken for
    RVs (probability 1/4) each of 4 objects gets 500 shots and both RVs leak with
    (0.1**500)**2; with fewer objects each gets more shots, terms below 1e-1300. So
    P(both leak) = 0.25e-1000 to five digits of its log10, a float 0.0 the CLI printed '0.0000%'."""
    res = d.decoy_engagement(2, 1, 0.5, 2000, 0.9)
    assert float(res.p_at_least(2)) == 0.0
    up, _ = res.log10_p_at_least(2)
    assert up == pytest.approx(math.log10(0.25) - 1000, abs=1e-5)
    args = ["--rvs", "2", "--sspk", "0.9", "--decoys", "1", "--discrimination", "0.5"]
    lines, out = _defense(*args, "--interceptors", "2000", "-m", "2")
    assert out["p_at_least_log10"]["2"] == pytest.approx(up, rel=1e-12)
    assert lines["P(>= 2 leak)"] == "< 0.0001% (2.5e-1001, computed in log space)"
    assert lines["P(no leaker)"] == "> 99.9999%"


def _leaker_range(rvs: int, k: float, rho: float, mode: str, zero_shot: int) -> tuple[int, int]:
    """The fewest and most leakers that have a positive probability, from the model's
    definition [wilkening1999], not from its arithmetic: ``zero_shot`` RVs get no interceptor
    and leak; the others leak unless killed, which is certain only at k = 1 (and per RV
    reliability 1) and impossible at k = 0 (or reliability 0 per RV); per raid the defense
    fails with 1 - rho and every RV leaks."""
    shot = rvs - zero_shot
    if mode == "rv":
        lo = rvs if (k == 0.0 or rho == 0.0) else zero_shot
        hi = zero_shot if (k == 1.0 and rho == 1.0) else rvs
        return (lo, hi) if shot else (rvs, rvs)
    lo_w = rvs if k == 0.0 else zero_shot
    hi_w = zero_shot if k == 1.0 else rvs
    if not shot:
        lo_w = hi_w = rvs
    if rho == 0.0:
        return rvs, rvs
    return lo_w, (rvs if rho < 1.0 else hi_w)


_PROBS = st.one_of(
    st.sampled_from([0.0, 1.0, 0.5, 1e-20, 0.9999]), st.floats(0.0, 1.0, allow_nan=False)
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    rvs=st.integers(0, 400),
    k=_PROBS,
    shots=st.integers(1, 300),  # --shots 0 is refused (web28), as the web API's layer does
    rho=st.sampled_from([1.0, 0.9, 0.0, 1 - 1e-12]),
    mode=st.sampled_from(["raid", "rv"]),
    inventory=st.one_of(st.none(), st.integers(0, 2000)),
    m=st.integers(1, 400),
)
def test_printed_zero_or_whole_only_for_impossible_or_certain(
    rvs: int, k: float, shots: int, rho: float, mode: str, inventory: int | None, m: int
) -> None:
    """For any salvo or finite inventory [wilkening1999], ``anpo defense`` prints a
    probability as '0.0000%' only when the event is impossible and as '100.0000%' only when it
    is certain (main printed both for possible events whose floats underflowed)."""
    args = ["--rvs", str(rvs), "--sspk", repr(k), "--reliability", repr(rho), "--mode", mode]
    if inventory is None:
        args += ["--shots", str(shots)]
        zero_shot = 0
    else:
        args += ["--interceptors", str(inventory)]
        zero_shot = max(rvs - inventory, 0)
    lines, _ = _defense(*args, "-m", "1", "-m", str(m))
    lo, hi = _leaker_range(rvs, k, rho, mode, zero_shot)
    for mm in (1, m):
        text = lines[f"P(>= {mm} leak)"]
        assert (text == "0.0000%") == (mm > hi), (mm, lo, hi, text)
        assert (text == "100.0000%") == (mm <= lo), (mm, lo, hi, text)
    p0 = lines["P(no leaker)"]
    assert (p0 == "0.0000%") == (lo >= 1), (lo, hi, p0)
    assert (p0 == "100.0000%") == (hi == 0), (lo, hi, p0)


def test_ordinary_results_print_as_the_formatter_prints_their_floats() -> None:
    """Where no probability underflows (a grid of ordinary inputs), each line is the float
    as the formatter writes it (fmt17's `_fixed`), so the log space changes nothing there; the
    log10 fields are the floats' logarithms."""
    from anpo.cli.deterrence import _fixed

    for args in (
        ["--rvs", "10", "--sspk", "0.5", "--shots", "4"],
        ["--rvs", "3", "--sspk", "0.8", "--interceptors", "5", "--reliability", "0.9"],
        ["--rvs", "40", "--sspk", "0.3", "--shots", "2", "--mode", "rv", "--reliability", "0.95"],
        ["--rvs", "10", "--sspk", "0.8", "--sls", "1,1"],
        ["--rvs", "4", "--sspk", "0.7", "--decoys", "1", "--discrimination", "0.5"],
    ):
        lines, out = _defense(*args, "-m", "1", "-m", "2")
        assert lines["P(no leaker)"] == _fixed(out["p_no_leak"], True)
        assert lines["expected leakers"] == _fixed(out["expected_leakers"], False)
        assert math.log10(out["p_no_leak"]) == pytest.approx(out["p_no_leak_log10"], rel=1e-9)
        for mm, p in out["p_at_least"].items():
            assert lines[f"P(>= {mm} leak)"] == _fixed(p, True)
            assert math.log10(p) == pytest.approx(out["p_at_least_log10"][mm], rel=1e-7)


def test_web_engagement_texts_do_not_call_an_underflowed_event_impossible() -> None:
    """The web's what-if engagement of 2,000 RVs at one layer of 2,000 interceptors, SSPK 0.1
    [wilkening1999]: P(none arrives) = 0.1**2000 reads '< 0.1%' (main: '0%'), P(at least 1)
    '> 99.9%' (main: '100%'), and no term of the distribution '0%'."""
    from anpo.web import api_deterrence as api

    req = api.EngagementRequest(
        rvs=2000, layers=[{"interceptors": 2000, "sspk": 0.1, "shots": 1}], m=[1]
    )
    out = api.engagement(req)
    assert out.p_no_leak == 0.0 and out.p_no_leak_text == "< 0.1%"
    assert out.p_at_least[0].text == "> 99.9%"
    assert "0%" not in out.leaker_pmf_text


@pytest.mark.parametrize(("rvs", "interceptors"), [(10, 19), (10, 11), (300, 450), (301, 899)])
def test_inventory_log_pmf_is_the_convolution_of_its_two_groups(
    rvs: int, interceptors: int
) -> None:
    """The finite inventory's leakers are the sum of two binomials (the RVs given ``q`` and
    ``q + 1`` interceptors; [wilkening1999], inventory spread evenly): the log-space pmf
    (:meth:`LogLeakers.log_pmf`, a convolution in logs) equals the float model's pmf wherever
    a float holds it, whichever group is the larger (19 interceptors on 10 RVs: 1 RV with one,
    9 with two), and at a few hundred RVs, where a cubic convolution took seconds."""
    res = d.inventory_engagement(rvs, interceptors, 0.6)
    assert res.log_leakers is not None
    pmf = np.exp(res.log_leakers.log_pmf())
    assert pmf.shape == res.leaker_pmf.shape
    np.testing.assert_allclose(pmf, res.leaker_pmf, rtol=1e-9, atol=1e-300)
    assert pmf.sum() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("mode", ["raid", "rv"])
def test_decoy_engagement_probabilities_stay_within_0_and_1(mode: str) -> None:
    """One RV with one decoy, 30% of decoys recognised, no interceptor (the decoy model of
    decoy_engagement, after [wilkening1999] and [sessler2000]): the RV surely leaks, and the
    mixture over the unrecognised decoys summed its weights to 1.0000000000000002, a
    "probability" above 1 in the pmf (and the JSON); every entry is now within [0, 1]."""
    for rho in (1.0, 0.8):
        res = d.decoy_engagement(1, 1, 0.7, 0, 0.1, rho, mode)
        assert res.leaker_pmf.max() <= 1.0
        assert res.leaker_pmf[1] == pytest.approx(1.0)
        assert 0.0 <= res.p_no_leak <= 1.0


def test_decoy_log_space_keeps_the_terms_a_float_skips() -> None:
    """One RV with 400 decoys, 90% recognised, 400 interceptors at SSPK 1 (the decoy model of
    decoy_engagement, after [wilkening1999] and [sessler2000]): the RV leaks only when every
    decoy is unrecognised (0.1**400) and the RV is not among the 400 objects shot (1/401), so
    P(a leak) = 0.1**400 / 401, log10 = -400 - log10(401). The float mixture skips weights
    below 1e-300, and the log space, built in the same loop, skipped them too and called the
    leak impossible ('0.0000%', which the docs keep for impossible events)."""
    res = d.decoy_engagement(1, 400, 0.9, 400, 1.0)
    up, low = res.log10_p_at_least(1)
    assert up == pytest.approx(-400.0 - math.log10(401.0), rel=1e-12)
    assert low == pytest.approx(0.0, abs=1e-12)
    lines, _ = _defense(
        "--rvs", "1", "--decoys", "400", "--discrimination", "0.9", "--interceptors", "400",
        "--sspk", "1",
    )  # fmt: skip
    assert lines["P(>= 1 leak)"].startswith("< 0.0001% (2.49e-403"), lines


def test_sls_kill_below_the_float_range_is_not_impossible() -> None:
    """Shoot-look-shoot 1+1 at SSPK 1e-20 [wilkening1999, shoot-look-shoot]: the kill,
    1 - (1 - 1e-20)**2 = 2e-20, is a float 0.0 (1 - 1e-20 rounds to 1); the line printed
    'kill 0.0000%' (the log space gave only the survival's magnitude), now the bound with the
    kill's own."""
    got = cli("defense", "--rvs", "10", "--sspk", "1e-20", "--sls", "1,1")
    assert got.returncode == 0, got.stderr
    assert "kill < 0.0001% (2e-20, computed in log space)" in got.stdout, got.stdout


def test_web_pmf_texts_agree_with_the_tails_they_equal() -> None:
    """The web's what-if engagement of 10 RVs at one layer of 640 interceptors, SSPK 0.9999,
    64 shots each [wilkening1999]: P(no leaker) = (1 - 1e-256)**10 is a float 1; its text is
    '> 99.9%', and the first term of the distribution, the same event, read '100%' (its
    complement's magnitude was not passed); the last term (all 10 leak) is '< 0.1%'."""
    from anpo.web import api_deterrence as api

    req = api.EngagementRequest(
        rvs=10, layers=[{"interceptors": 640, "sspk": 0.9999, "shots": 64}], m=[1]
    )
    out = api.engagement(req)
    assert out.p_no_leak_text == "> 99.9%"
    assert out.leaker_pmf_text[0] == out.p_no_leak_text
    assert out.leaker_pmf_text[-1] == "< 0.1%"


def test_a_mixture_of_small_terms_reads_its_tails_off_its_pmf() -> None:
    """anpo.deterrence.logprob.LogLeakers sums a mixture of many small terms (the decoy model,
    60 RVs with 3 decoys each: thousands of terms) into its pmf once and reads the tails off
    its cumulative sums, where a few large convolutions (a finite inventory) sum each term's
    tails: both give the same logarithms (the model's closed forms, [wilkening1999])."""
    from anpo.deterrence import logprob

    for res in (
        d.decoy_engagement(12, 3, 0.5, 60, 0.5, 0.9, "raid"),
        d.decoy_engagement(12, 3, 0.5, 60, 0.5, 0.9, "rv"),
        d.inventory_engagement(40, 61, 0.7, 0.8, "rv"),
    ):
        logs = res.log_leakers
        assert logs is not None and logs._pmf_is_cheap
        by_terms = logprob.LogLeakers(logs.terms, logs.rvs)
        by_terms.__dict__["_pmf_is_cheap"] = False  # the other path, on the same terms
        for m in range(1, logs.rvs + 1):
            assert logs.log_tails(m) == pytest.approx(by_terms.log_tails(m), abs=1e-10)


# ------------------------------------------------ one layer without a closed form (logspace22)
def _exact_layer(
    rvs: int,
    decoys: int,
    disc: float,
    inventory: int,
    shots: int,
    second: int,
    k: float,
    rho: float,
    raid: bool,
) -> list[Fraction]:
    """P(j RVs leak), ``j = 0..rvs``, through one layer [wilkening1999; decoys after
    sessler2000, as anpo.deterrence._engine's module docstring states the model], by following
    every object one by one with exact fractions of the float inputs: no binomial, no
    hypergeometric, no posterior tracking (each object's tracking is drawn and kept). Each
    decoy is engaged unless recognised; per raid the layer works (every object tracked) or
    lets every RV through; per RV each engaged object is tracked or not, once. The first
    salvo spreads ``min(inventory, shots T)`` interceptors over the ``T`` objects, the extra
    shots going to a uniformly random subset; a shoot-look-shoot layer (``second`` > 0) then
    spreads ``min(left, second s)`` over the ``s`` survivors, tracked or not, the same way. A
    tracked object given ``n`` shots survives with ``(1-k)**n``, an untracked one surely."""
    k_, rho_, disc_ = Fraction(k), Fraction(rho), Fraction(disc)
    # a state: (interceptors left, sorted tuple of live objects (is_rv, tracked))
    engaged: dict[tuple[tuple[bool, bool], ...], Fraction] = {(): Fraction(1)}

    def add(dist: dict, options: list[tuple[tuple[bool, bool] | None, Fraction]]) -> dict:
        out: dict = {}
        for objs, w in dist.items():
            for obj, p in options:
                if p == 0:
                    continue
                key = objs if obj is None else tuple(sorted((*objs, obj)))
                out[key] = out.get(key, 0) + w * p
        return out

    track = [((True, True), rho_), ((True, False), 1 - rho_)] if not raid else [((True, True), 1)]
    for _ in range(rvs):
        engaged = add(engaged, track)
    for _ in range(decoys):
        dec = [((False, t), p * (1 - disc_)) for (_, t), p in track]
        engaged = add(engaged, [*dec, (None, disc_)])

    def salvo(objs: tuple, per: int, left: int) -> dict:
        """The live objects after ``per`` shots each at ``objs`` from ``left`` interceptors."""
        t = len(objs)
        if t == 0:
            return {(objs, left): Fraction(1)}
        budget = min(left, per * t)
        q, r = divmod(budget, t)
        subsets = list(itertools.combinations(range(t), r))
        out: dict = {}
        for extra in subsets:
            fates = []
            for i, obj in enumerate(objs):
                n = q + (i in extra)
                live = (1 - k_) ** n if obj[1] else Fraction(1)
                fates.append([(obj, live), (None, 1 - live)])
            for combo in itertools.product(*fates):
                p = Fraction(1, len(subsets))
                for _, pf in combo:
                    p *= pf
                if p:
                    key = (tuple(sorted(o for o, _ in combo if o is not None)), left - budget)
                    out[key] = out.get(key, 0) + p
        return out

    pmf = [Fraction(0)] * (rvs + 1)
    works = rho_ if raid else Fraction(1)
    for objs, w in engaged.items():
        for (live, left), p in salvo(objs, shots, inventory).items():
            finals = salvo(live, second, left) if second > 0 and left > 0 else {(live, left): 1}
            for (end, _), p2 in finals.items():
                pmf[sum(1 for o in end if o[0])] += works * w * p * p2
    if raid:
        pmf[rvs] += 1 - rho_
    return pmf


def _log10_fraction(p: Fraction) -> float:
    """``log10 p`` of an exact fraction (``-inf`` for 0), beyond the float range too."""
    if p == 0:
        return float("-inf")
    return math.log10(p.numerator) - math.log10(p.denominator)


def test_sls_short_inventory_brief_case_prints_the_tail_with_its_magnitude() -> None:
    """10 RVs, SSPK 0.9, shoot-look-shoot 1,2 with 25 interceptors [wilkening1999]: all ten
    leak when the ten first-look shots miss (0.1**10) and then the 15 interceptors left (two
    each at five RVs, one each at the other five) all miss (0.1**15): 1e-25, a float 0 that
    main printed as '0.0000%'. Now the bound with its magnitude, and the JSON's log10."""
    args = ("--rvs", "10", "--sspk", "0.9", "--sls", "1,2", "--interceptors", "25")
    lines, out = _defense(*args)
    assert lines["P(>= 10 leak)"] == "< 0.0001% (1e-25, computed in log space)"
    assert out["p_at_least_log10"]["10"] == pytest.approx(-25.0, abs=1e-9)
    assert "0.0000%" not in "".join(lines.values())


@pytest.mark.parametrize(
    "case",
    [
        # rvs, decoys in all, discrimination, inventory, shots, second, sspk, reliability, raid
        (3, 0, 1.0, 4, 1, 2, 0.9, 1.0, True),
        (4, 0, 1.0, 6, 1, 1, 0.7, 0.8, False),
        (3, 3, 0.5, 5, 1, 1, 0.9, 1.0, True),
        (3, 3, 0.25, 7, 1, 2, 0.6, 0.9, True),
        (2, 4, 0.5, 3, 2, 0, 0.8, 0.7, False),
        (3, 3, 0.0, 4, 1, 1, 1.0, 0.5, True),
        (4, 2, 0.5, 2, 1, 1, 1.0, 1.0, True),
    ],
)
def test_layer_log_pmf_matches_an_exact_enumeration(case: tuple) -> None:
    """anpo.deterrence.logprob.layer_log_pmf (shoot-look-shoot short of interceptors, decoys
    the layer engages, per raid and per RV) against an enumeration of every object's fate in
    exact fractions (:func:`_exact_layer`): the same logarithms, ``-inf`` exactly where the
    count is impossible, and layer_support the same possible counts."""
    from anpo.deterrence import logprob

    exact = _exact_layer(*case)
    rvs, decoys, *numbers = case
    row = logprob.OneLayer(*numbers)
    got = logprob.layer_log_pmf(rvs, decoys, row) / math.log(10.0)
    for j, p in enumerate(exact):
        if p == 0:
            assert got[j] == float("-inf"), (j, got[j])
        else:
            assert got[j] == pytest.approx(_log10_fraction(p), rel=1e-9, abs=1e-12), j
    support = logprob.layer_support(rvs, decoys, row)
    possible = {j for lo, hi in support for j in range(lo, hi + 1)}
    assert possible == {j for j, p in enumerate(exact) if p > 0}


@settings(max_examples=50, deadline=None, derandomize=True)
@example(  # main: P(>= 3 leak) '0.0000%' (1e-30, under the engine's cut)
    rvs=3, decoys=0, disc=1.0, inventory=5, look=(1, 1), k=0.99999, rho=1.0, mode="raid", m=3,
    support_only=False,
)  # fmt: skip
@example(
    rvs=3, decoys=1, disc=0.5, inventory=8, look=(2, 2), k=0.99999, rho=0.5, mode="rv", m=3,
    support_only=True,
)  # fmt: skip
@given(
    rvs=st.integers(0, 3),
    decoys=st.integers(0, 1),
    disc=st.sampled_from([0.0, 0.5, 1.0]),
    inventory=st.integers(0, 8),
    look=st.tuples(st.integers(1, 2), st.integers(1, 2)),
    k=st.sampled_from([0.0, 0.5, 0.9, 1.0, 0.99999]),
    rho=st.sampled_from([0.0, 0.5, 1.0]),
    mode=st.sampled_from(["raid", "rv"]),
    m=st.integers(1, 4),
    support_only=st.booleans(),
)
def test_sls_printed_zero_or_whole_only_for_impossible_or_certain(
    rvs: int,
    decoys: int,
    disc: float,
    inventory: int,
    look: tuple[int, int],
    k: float,
    rho: float,
    mode: str,
    m: int,
    support_only: bool,
) -> None:
    """For small shoot-look-shoot engagements short of interceptors or with decoys
    [wilkening1999], ``anpo defense`` prints '0.0000%' only for an impossible event and
    '100.0000%' only for a certain one, by the exact enumeration of :func:`_exact_layer`;
    with the log pmf and with only the support (the log pmf's work limit set to 0, as for a
    large engagement). Main printed '0.0000%' for possible events whose floats underflowed
    (SSPK 0.99999: 3 RVs all leak through 8 interceptors with 1e-40, below the engine's cut)."""
    from unittest import mock

    from anpo.deterrence import logprob

    args = ["--rvs", str(rvs), "--sspk", repr(k), "--reliability", repr(rho), "--mode", mode]
    args += ["--sls", f"{look[0]},{look[1]}", "--interceptors", str(inventory)]
    args += ["--decoys", str(decoys), "--discrimination", repr(disc), "-m", "1", "-m", str(m)]
    with mock.patch.object(logprob, "LAYER_LOG_WORK", 0.0 if support_only else 3e7, create=True):
        lines, out = _defense(*args)
    exact = _exact_layer(rvs, rvs * decoys, disc, inventory, *look, k, rho, mode == "raid")
    for mm in {1, m}:
        tail = sum(exact[mm:], Fraction(0))
        text = lines[f"P(>= {mm} leak)"]
        assert (text == "0.0000%") == (tail == 0), (mm, tail, text)
        assert (text == "100.0000%") == (tail == 1), (mm, tail, text)
    assert (lines["P(no leaker)"] == "0.0000%") == (exact[0] == 0)
    assert (lines["P(no leaker)"] == "100.0000%") == (exact[0] == 1)
    assert (lines["expected leakers"] == "0.000000") == (sum(exact[1:]) == 0)
    assert ("p_no_leak_log10" in out) is not support_only or (
        inventory >= rvs * sum(look) and rvs * decoys == 0  # a closed form
    )


def test_sls_too_large_for_the_log_pmf_prints_bounds_and_certainties() -> None:
    """Beyond the log pmf's work limit only the support is decided [wilkening1999]: 1,000 RVs
    at SSPK 0.8, shoot-look-shoot 1,2 with 1,500 interceptors can all leak (every shot
    misses), so P(>= 1000 leak) is '< 0.0001%' without a magnitude (main: '0.0000%') and the
    JSON has no *_log10 field; 30 RVs with 10 decoys each against 20 interceptors of SSPK 1:
    at most 20 objects die, so at least 10 RVs leak: P(>= 10 leak) is certain, '100.0000%'
    (main: '> 99.9999%'), and P(>= 11 leak) is not ('> 99.9999%')."""
    lines, out = _defense(
        "--rvs", "1000", "--sspk", "0.8", "--sls", "1,2", "--interceptors", "1500",
        "-m", "500", "-m", "1000",
    )  # fmt: skip
    assert "p_at_least_log10" not in out and out["p_at_least"]["1000"] == 0.0
    assert lines["P(>= 1000 leak)"] == "< 0.0001%"
    assert lines["P(>= 500 leak)"] == "< 0.0001%"
    lines, out = _defense(
        "--rvs", "30", "--sspk", "1", "--sls", "1,1", "--interceptors", "20", "--decoys", "10",
        "--discrimination", "0.3", "-m", "10", "-m", "11",
    )  # fmt: skip
    assert "p_at_least_log10" not in out
    assert lines["P(>= 10 leak)"] == "100.0000%"
    assert lines["P(>= 11 leak)"] == "> 99.9999%"
    assert lines["P(no leaker)"] == "0.0000%"


def test_sls_ordinary_results_print_as_the_formatter_prints_their_floats() -> None:
    """Shoot-look-shoot short of interceptors and with decoys, where nothing underflows: each
    line is the float as the formatter writes it (the log space changes nothing there), and
    the new log10 fields are the floats' logarithms [wilkening1999]."""
    from anpo.cli.deterrence import _fixed

    for args in (
        ["--rvs", "10", "--sspk", "0.8", "--sls", "1,1", "--interceptors", "15"],
        ["--rvs", "6", "--sspk", "0.7", "--sls", "1,2", "--decoys", "1", "--discrimination", "0.5"],
        ["--rvs", "5", "--sspk", "0.6", "--sls", "2,1", "--interceptors", "12", "--mode", "rv",
         "--reliability", "0.9"],
    ):  # fmt: skip
        lines, out = _defense(*args, "-m", "1", "-m", "2")
        assert lines["P(no leaker)"] == _fixed(out["p_no_leak"], True)
        assert lines["expected leakers"] == _fixed(out["expected_leakers"], False)
        assert math.log10(out["p_no_leak"]) == pytest.approx(out["p_no_leak_log10"], rel=1e-9)
        assert math.log10(out["expected_leakers"]) == pytest.approx(
            out["expected_leakers_log10"], rel=1e-9
        )
        for mm, p in out["p_at_least"].items():
            assert lines[f"P(>= {mm} leak)"] == _fixed(p, True)
            assert math.log10(p) == pytest.approx(out["p_at_least_log10"][mm], rel=1e-7)
            assert math.log10(1.0 - p) == pytest.approx(
                out["p_fewer_than_log10"][mm], rel=1e-7, abs=1e-12
            )


def test_web_sls_texts_call_no_possible_event_impossible() -> None:
    """The web's what-if engagement of the brief's case (10 RVs, shoot-look-shoot 1,2, 25
    interceptors, SSPK 0.9 [wilkening1999]): all ten leak with 1e-25; its texts read '< 0.1%'
    (main: '0%'), no term of the distribution '0%'. Beyond the log pmf's work limit (1,000 RVs,
    1,500 interceptors) the support decides: P(at least 1,000) '< 0.1%', the terms '0%' only
    where impossible (none is)."""
    from anpo.web import api_deterrence as api

    sls = {"sspk": 0.9, "shots": 1, "doctrine": "shoot-look-shoot", "second_shots": 2}
    out = api.engagement(
        api.EngagementRequest(rvs=10, layers=[{"interceptors": 25, **sls}], m=[1, 10])
    )
    assert out.p_at_least[1].p == 0.0 and out.p_at_least[1].text == "< 0.1%"
    assert "0%" not in out.leaker_pmf_text
    out = api.engagement(
        api.EngagementRequest(
            rvs=1000, layers=[{"interceptors": 1500, **sls, "sspk": 0.8}], m=[1000]
        )
    )
    assert out.p_at_least[0].p == 0.0 and out.p_at_least[0].text == "< 0.1%"
    assert "0%" not in out.leaker_pmf_text

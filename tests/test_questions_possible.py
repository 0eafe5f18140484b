"""A possible arrival never prints "0%", nor an arrival that is not certain "100%": the
probabilities the deterrence answers carry (the stability questions, extended deterrence, and
through them the report, the web pages, the bands and the futures' scorecard) are 0 and 1 only
for an impossible and a certain event, decided exactly by the arrivals' support (the survivors'
support through each layer), not by the engine's floats, which are truncated below 1e-16 and
underflow. Models: [kent1989, App. C] exchange, [wilkening1999] interception."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from _support import invoke, us_china_scenario
from anpo.deterrence.exchange import at_least, survivor_support
from anpo.deterrence.logprob import OneLayer, layer_support
from anpo.deterrence.questions import answer_case
from anpo.report.format import fmt_number
from anpo.scenario import parse_scenario_text


def test_nmd_c1_possible_arrivals_print_as_the_bound():
    """The user audit's case: ``anpo stability book:us-japan-2001 --variant nmd-c1
    --no-reaction`` printed P(at least 5 warheads arrive) at the U.S. as "0%" (JSON 0.0). The
    DF-5 survivors' pmf gives P(at least 5 survive) = 1.55e-36 and the 100 GBIs fail per raid
    with probability 0.1, letting all of them through, so 5 and 10 arrivals are possible; the
    engine's arrivals pmf is 0 from 3 on (states below 1e-16 are not propagated). Now the JSON
    value is positive and the table prints "< 0.1%"; the Japan rows, where China's 44 dispersed
    regional missiles always survive undefended, stay an exact 100%."""
    res = invoke(
        "stability", "book:us-japan-2001", "--variant", "nmd-c1", "--no-reaction", "--json"
    )
    assert res.exit_code == 0, res.stdout
    rows = {(r["dyad"], r["territory"]): r for r in json.loads(res.stdout)["questions"]}
    home = rows[("U.S.-China", "USA")]
    for m in (5, 10):
        assert home[f"p_arrive_ge_{m}"] > 0.0
        assert fmt_number(home[f"p_arrive_ge_{m}"], "resolved-percent") == "< 0.1%"
    ally = rows[("U.S.-China", "JPN")]
    assert [ally[f"p_arrive_ge_{m}"] for m in (1, 5, 10)] == [1.0, 1.0, 1.0]
    # North Korea has no warheads in 2001: an exact 0 stays "0%"
    assert rows[("U.S.-North Korea", "USA")]["p_arrive_ge_1"] == 0.0
    text = invoke(
        "stability",
        "book:us-japan-2001",
        "--variant",
        "nmd-c1",
        "--no-reaction",
        env={"COLUMNS": "600"},
    ).stdout
    # the retaliation table's row (the lines under the tables name dyads and countries too)
    line = next(
        ln
        for ln in text.splitlines()
        if ln.startswith("│") and "U.S.-China" in ln and "United States" in ln
    )
    cells = [c.strip() for c in line.split("│") if c.strip()]
    assert cells[-3:] == ["< 0.1%", "< 0.1%", "< 0.1%"], line


def _scenario(launchers: int, sigma: float, pk: float, layer: dict[str, object]) -> str:
    """:func:`us_china_scenario` with ``launchers`` DF-5A silos (``sigma`` of them dispersed),
    200 U.S. silo ICBMs striking them first with kill probability ``pk``, and the U.S. layer
    given by ``layer``'s fields."""
    fields = "\n".join(
        f"{k} = {json.dumps(v) if isinstance(v, str) else v}" for k, v in layer.items()
    )
    text = us_china_scenario(
        df5_survivable=sigma,
        forces=f"""
[[forces]]
id = "us-silo"
actor = "USA"
name = "Minuteman III"
basing = "silo"
missile_class = "ICBM"
launchers = 200
warheads_per_launcher = 1
survivable_fraction = 0.0
reaches = ["CHN"]
source = "test"

[[counterforce]]
striker = "USA"
basing = "silo"
kill_probability = {pk}
source = "test"

[[counterforce]]
striker = "CHN"
basing = "silo"
kill_probability = 0.3
source = "test"
""",
    )
    text = text.replace("launchers = 20\n", f"launchers = {launchers}\n", 1)
    return text.replace("interceptors = 20\nsspk = 0.6\n", fields + "\n", 1)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    launchers=st.integers(1, 30),
    sigma=st.sampled_from([0.0, 0.25, 0.5]),
    pk=st.sampled_from([0.3, 0.9, 0.999, 1.0]),
    interceptors=st.integers(0, 80),
    sspk=st.sampled_from([0.6, 0.9, 0.999, 1.0]),
    shots=st.integers(1, 3),
    second=st.sampled_from([0, 1, 2]),
    reliability=st.sampled_from([0.5, 0.99, 1.0]),
    mode=st.sampled_from(["raid", "rv"]),
)
# the audit's shape: few survivors likely, each leaking only when the layer fails per raid
@example(20, 0.0, 0.999, 100, 0.6, 2, 2, 0.9, "raid")
# per RV: every RV leaks only untracked, 0.01 each: P(10 of 20 leak) about 1e-17
@example(20, 0.5, 0.3, 80, 0.999, 3, 0, 0.99, "rv")
def test_a_possible_arrival_never_prints_0_percent(
    launchers, sigma, pk, interceptors, sspk, shots, second, reliability, mode
):
    """Property: for a random U.S.-China case (DF-5A silos struck first, then one U.S. layer,
    salvo or shoot-look-shoot, reliability per raid or per RV), P(at least m arrive) prints
    "0%" exactly when no arrival count of at least m is possible and "100%" exactly when no
    count below m is, possibility decided independently of the answer's own pass: the
    survivors' support written out here (kent1989's exchange: ``round(sigma n)`` dispersed
    launchers always survive, each struck one survives unless the kill probability is 1) and
    each survivor count's leakers through the layer by
    :func:`anpo.deterrence.logprob.layer_support`, the closed statement of the one-layer case
    [wilkening1999]. A float that is positive is never printed "0%" either, and the answer's
    possibility (:class:`anpo.deterrence.exchange.ArrivalPossibility`) says the same at every
    m."""
    layer = {"interceptors": interceptors, "sspk": sspk, "shots": shots}
    if second:
        layer |= {"doctrine": "shoot-look-shoot", "second_shots": second}
    layer |= {"reliability": reliability, "reliability_mode": mode}
    scen = parse_scenario_text(_scenario(launchers, sigma, pk, layer))
    (ans,) = answer_case(scen.cases()[0], with_lua=False, with_extended=False)
    level = ans.allocation["cn-df5"]
    sure = int(sigma * launchers + 0.5)
    vul = launchers - sure
    struck = level > 0
    survivors = (
        range(sure, sure + vul + 1) if struck and pk < 1.0 else [sure] if struck else [launchers]
    )
    # the scenario's own survivor support agrees with this statement
    assert survivor_support(launchers, sigma, level, pk).nonzero()[0].tolist() == list(survivors)
    one = [
        layer_support(
            s, 0, OneLayer(1.0, interceptors, shots, second, sspk, reliability, mode == "raid")
        )
        for s in survivors
    ]
    ranges = [r for support in one for r in support]
    pmf = ans.arrivals["USA"]
    # the answer's own possibility (its cheap bounds, then its whole support) agrees at every m
    for m in range(1, launchers + 2):
        want = (any(hi >= m for _, hi in ranges), any(lo < m for lo, _ in ranges))
        assert ans.arrival_support["USA"].tails(m) == want, m
    for m, p in ans.exposure["USA"].items():
        printed = fmt_number(p, "resolved-percent")
        possible = any(hi >= m for _, hi in ranges)
        certain = not any(lo < m for lo, _ in ranges)
        assert (printed == "0%") == (not possible), (m, p, ranges)
        assert (printed == "100%") == certain, (m, p, ranges)
        if at_least(pmf, m) > 0.0:
            assert printed != "0%"


@pytest.mark.parametrize(
    ("args", "want"),
    [
        ((4, 0.5, 1, 0.9), [2, 3, 4]),  # 2 dispersed always survive
        ((4, 0.0, 2, 1.0), [0]),  # a sure kill
        ((4, 0.0, 0, 0.9), [4]),  # not struck
        ((300, 0.0, 4, 0.999), list(range(301))),  # all 300 can survive: a float 0
    ],
)
def test_survivor_support(args, want):
    """:func:`anpo.deterrence.exchange.survivor_support` by hand (kent1989's exchange: each
    struck launcher survives with ``(1 - pk)^level``; ``(1e-3)^4`` for 300 silos puts P(all
    survive) at 1e-3600, which the binomial pmf's float holds as 0)."""
    assert survivor_support(*args).nonzero()[0].tolist() == want


def test_the_patrons_price_of_a_possible_retaliation_is_not_0_percent():
    """Extended deterrence, 2001, no defenses, U.S.-China: after the U.S. honours its guarantee
    (its counterforce strike on the 20 DF-5A silos, each surviving it with a positive
    probability), P(at least 5 reach the U.S.) is positive, but the exchange's arrivals pmf
    held it as a float 0 and the price printed "0%", with and without the defenses. Now
    "< 0.1%"; the ally's exposure to the regional strike (the 44 dispersed DF-21 and DF-3A
    survive for certain, no defense) stays an exact 100% [kent1989, App. C; wilkening1999]."""
    from _support import small_2001

    answers, _ = small_2001({"mad"}, with_extended=True)
    (ans,) = [a for a in answers if a.rival == "CHN"]
    ext = ans.extended
    for m in (5, 10):
        for price in (ext.price, ext.price_undefended):
            assert fmt_number(price[m], "resolved-percent") == "< 0.1%"
    assert [ext.ally_exposure[m] for m in (1, 5, 10)] == [1.0, 1.0, 1.0]

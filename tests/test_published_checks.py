"""Published calculations of warheads getting through a missile defense, reproduced end to end
(issue 9, item 10): through the interception primitives, the exact layered engine, the CLI and a
scenario file run through the seed's questions.

Each test names the publication, the page and the number printed there.
"""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

import anpo.cli
from _support import one_layer_scenario
from anpo.deterrence.defense import Layer, RVGroup, arrivals, engagement, layered_leak
from anpo.scenario import parse_scenario_text


def _cli_defense(*args: str) -> dict:
    result = CliRunner().invoke(anpo.cli.app, ["defense", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _scenario_p_at_least_one(rvs: int, sspk: float) -> float:
    """P(at least one of the rival's warheads reaches the defender's homeland), from a scenario
    file through the seed's questions (anpo.deterrence.questions)."""
    from anpo.deterrence.questions import answer_case

    scen = parse_scenario_text(one_layer_scenario(rvs, sspk), "check.toml")
    (answer,) = answer_case(scen.cases()[0])
    return answer.exposure["USA"][1]


def test_grego_wright_2019_five_missiles_one_in_four():
    """[grego2019, p. 67]: 'if the system achieved an improbably high 95 percent effectiveness against one
    missile, in an attack by just five missiles there is still a one-in-four chance of at least
    one nuclear warhead penetrating the defense', a likelihood 'higher than correctly predicting
    the roll of a die' (1/6). Exactly: 1 - 0.95^5 = 0.2262."""
    exact = 1.0 - 0.95**5
    assert exact == pytest.approx(0.2262, abs=5e-5)
    # the printed claims: about one in four (nearest quarter), more than one in six
    assert round(exact * 4) / 4 == 0.25 and exact > 1 / 6
    # 1. the interception primitive ([wilkening1999]'s salvo model, one shot per RV)
    lib = engagement(5, 0.95, 1)
    assert lib.p_at_least(1) == pytest.approx(exact, rel=1e-12)
    # 2. the exact layered engine, with the one layer type of scenario files
    layer = Layer(interceptors=5, sspk=0.95, shots=1, engages=("ICBM",))
    exact_engine = arrivals([RVGroup.fixed(5, "ICBM")], [layer])
    assert exact_engine.p_at_least(1) == pytest.approx(exact, rel=1e-12)
    # 3. the CLI
    out = _cli_defense("--rvs", "5", "--sspk", "0.95", "--shots", "1", "-m", "1")
    assert out["p_at_least"]["1"] == pytest.approx(exact, rel=1e-12)
    # 4. a scenario file through the exchange and the seed's questions
    assert _scenario_p_at_least_one(5, 0.95) == pytest.approx(exact, rel=1e-9)


def test_deutsch_2009_three_hundred_missiles_at_new_york():
    """[deutsch2009, sec. 1.3 and 'Return to New York']: 300 missiles, each
    getting through with probability 0.05 independently: 'the probability of at least one
    missile getting through is 1 - .95^300 = 0.99999979246'."""
    published = 0.99999979246  # printed to 11 decimals, truncated (the 12th digit is 9)
    lib = engagement(300, 0.95, 1)
    assert 0.0 <= float(lib.p_at_least(1)) - published < 1e-11
    assert float(lib.p_no_leak) == pytest.approx(1.0 - published, rel=1e-4)
    out = _cli_defense("--rvs", "300", "--sspk", "0.95", "-m", "1")
    assert 0.0 <= out["p_at_least"]["1"] - published < 1e-11
    layer = Layer(interceptors=300, sspk=0.95, shots=1)
    assert 0.0 <= arrivals([RVGroup.fixed(300)], [layer]).p_at_least(1) - published < 1e-11


def test_evans_1985_three_layers_of_80_percent_give_99_percent():
    """[evans1985, p. 45]: the Navy's three
    defensive layers (F-14 fighters, Aegis cruisers, close-in guns), 'each of which is thought to
    provide an 80 percent effective shield', give 'an overall theoretical effectiveness of 99
    percent'. Independent layers: 1 - 0.2^3 = 0.992."""
    leak = layered_leak([(0.8, 1, 1.0)] * 3)
    assert leak == pytest.approx(0.2**3, rel=1e-12)
    assert math.floor((1.0 - leak) * 100) == 99  # 'an overall theoretical effectiveness of 99%'
    layers = [Layer(name=f"layer {i}", interceptors=1, sspk=0.8) for i in range(3)]
    one_rv = arrivals([RVGroup.fixed(1)], layers)
    assert one_rv.p_at_least(1) == pytest.approx(leak, rel=1e-12)

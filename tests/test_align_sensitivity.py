"""Sensitivity of predicted sides to factor weights and size measures (issue 15, item 2).

Energy linear in each factor's weight: [axelrod1993], BJPolS 23(2), n. 2; frustration
F_i = sum_j s_j p_ij d_ij (n. 2), so that moving actor k alone changes E by 2 s_k Delta F_k.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from anpo.align import io, landscape
from anpo.align import sensitivity as se


def random_factors(seed: int, n: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {}
    for f in ("alliance", "rivalry", "un"):
        m = np.triu(rng.normal(size=(n, n)), 1)
        out[f] = m + m.T
    return out


@pytest.mark.parametrize("seed", range(4))
def test_weight_paths_are_exact(seed):
    """Every breakpoint is a real change of the global minimum: just below it the minimum is the
    configuration before, just above the one after (recomputed by enumeration); between
    breakpoints nothing changes."""
    n = 9
    rng = np.random.default_rng(seed)
    sizes = rng.uniform(0.5, 1.5, n)
    facs = random_factors(seed, n)
    land = landscape(sizes, sum(facs.values()))
    paths = se.weight_paths(land, facs, 0, m_max=3.0)

    def gmin(f: str, m: float) -> np.ndarray:
        p = sum(facs.values()) + (m - 1.0) * facs[f]
        return landscape(sizes, p).global_minimum()[0]

    for f, pts in paths.items():
        # between consecutive breakpoints the minimum is constant (checked at two points)
        ms = [0.0, *(b.m for b in pts), 3.0]
        for lo, hi in zip(ms, ms[1:], strict=False):
            if hi - lo > 1e-4:
                a = gmin(f, lo + 0.25 * (hi - lo))
                b2 = gmin(f, lo + 0.75 * (hi - lo))
                assert np.array_equal(a, b2)
        for b in pts:
            if b.m - 1e-6 > 0 and b.m + 1e-6 < 3.0:
                near, far = (b.m - 1e-6, b.m + 1e-6) if b.m > 1 else (b.m + 1e-6, b.m - 1e-6)
                assert np.array_equal(gmin(f, near), b.before)
                assert np.array_equal(gmin(f, far), b.after)
    table = se.flip_table(paths, [f"A{i}" for i in range(n)], 0)
    assert len(table) == n - 1
    for f, pts in paths.items():
        for b in pts:
            for i in b.moved:
                assert not np.isnan(table.loc[table.state == f"A{i}", f].iloc[0])


def test_book_factors_and_side_reasons():
    """On the built-in 2001 instance the factor matrices add up to the propensities, and a
    state's reasons add up to its frustration change Delta E / (2 s_k) (n. 2)."""
    inst = io.read_book("asia_pacific_2001")
    land = inst.landscape(2)
    facs = se.factor_matrices(inst)
    assert np.allclose(sum(facs.values()), land.propensity, atol=1e-9)
    cfg, _ = land.global_minimum()
    for k in range(land.n):
        r = se.side_reasons(land, facs, cfg, k)
        assert r["change"].sum() == pytest.approx(land.delta(cfg, k) / (2 * land.sizes[k]))
        # at a global minimum no single move lowers the energy
        assert r["change"].sum() >= -1e-12


def test_size_measure_changes_the_prediction_for_thailand():
    """2001 (NMC 7.0): with CINC sizes Thailand is predicted against the U.S.; with military
    spending (the U.S. outspends China about sevenfold in the instance) it joins the U.S. side. The other states
    keep their sides."""
    inst = io.read_book("asia_pacific_2001")
    t = se.size_effect(inst).set_index("state")
    assert t.loc["Thailand", "cinc"] == "against" and t.loc["Thailand", "milex"] == "with"
    differ = t.index[t["cinc"] != t["milex"]].tolist()
    assert differ == ["Thailand"]
    assert se.size_effect(io.read_book("asia_pacific_2018")) is None


def test_sensitivity_cli_json():
    from anpo.cli import app

    res = CliRunner().invoke(app, ["align", "sensitivity", "book:asia_pacific_2001", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["anchor"] == "United States of America"
    # dup-ok: the expected factors written out (independent of recipe.FACTORS, which they check).
    assert {r["factor"] for r in out["stable_ranges"]} == {
        "alliance",
        "rivalry",
        "disputes",
        "un",
        "regime",
        "contiguity",
    }
    for r in out["stable_ranges"]:
        assert 0.0 <= r["from"] <= 1.0 <= r["to"] <= 3.0
    assert len(out["flip_multipliers"]) == 19
    bad = CliRunner().invoke(
        app, ["align", "sensitivity", "book:asia_pacific_2001", "--anchor", "XX"]
    )
    assert bad.exit_code == 2 and "XX" in bad.output


def test_sensitivity_cli_says_why_the_size_table_is_missing() -> None:
    """The 2018 book instance carries CINC sizes only: NMC has no positive military spending
    for North Korea (731) and Laos (812) in 2018 (its provenance records it). The CLI printed
    no "by size measure" table and said nothing (issue 15); it says why, and so does --json.
    The 2001 instance has both measures: a table, no reason."""
    from anpo.cli import app

    assert se.size_effect_absent(io.read_book("asia_pacific_2001")) == ""
    res = CliRunner().invoke(app, ["align", "sensitivity", "book:asia_pacific_2018"])
    assert res.exit_code == 0, res.output
    assert "Side relative to the anchor by size measure" not in res.stdout
    line = [x for x in res.stdout.splitlines() if x.startswith("note: no table of sides")]
    assert len(line) == 1
    assert "only CINC sizes" in line[0] and "North Korea and Laos" in line[0]
    js = CliRunner().invoke(app, ["align", "sensitivity", "book:asia_pacific_2018", "--json"])
    out = json.loads(js.stdout)
    assert out["sizes"] is None and "military expenditure unavailable" in out["sizes_absent"]
    js01 = CliRunner().invoke(app, ["align", "sensitivity", "book:asia_pacific_2001", "--json"])
    out01 = json.loads(js01.stdout)
    assert out01["sizes"] and out01["sizes_absent"] is None


@pytest.mark.parametrize("given", ["1", "-1", "0.5"])
def test_sensitivity_cli_max_at_or_below_one_names_the_flag_not_the_parameter(given: str) -> None:
    """``--max`` of 1 or less is refused naming the flag, in words: the message said
    "m_max must be > 1", the library's parameter, which the user never typed."""
    from anpo.cli import app

    bad = CliRunner().invoke(
        app, ["align", "sensitivity", "book:asia_pacific_2001", "--max", given]
    )
    assert bad.exit_code == 2, bad.output
    err = bad.stderr.strip()
    assert err.startswith("error: --max: the largest weight multiplier must be above 1"), err
    assert "m_max" not in err and "\n" not in err


def test_too_many_actors_is_refused_with_the_reason_in_the_library():
    """23 actors: the library said 'at most 22 actors for this analysis (got 23)' while the CLI
    typed the reason again; the reason (every one of the 2^(n-1) configurations) and the field
    now come from the library, for the weight paths and the what-if alike."""
    from anpo.align import whatif
    from anpo.errors import AlignError

    n = whatif.MAX_N_WHATIF + 1
    land = landscape(np.ones(n), np.zeros((n, n)))
    for call in (
        lambda: se.weight_paths(land, {"alliance": np.zeros((n, n))}, 0),
        lambda: whatif.smallest_change(land, 1, [0]),
    ):
        with pytest.raises(AlignError) as e:
            call()
        assert e.value.field == "actor"
        assert "every one of the 2^(n-1) two-coalition configurations" in e.value.message
        assert f"at most {whatif.MAX_N_WHATIF} actors" in e.value.message


def test_factor_matrices_refuse_pairs_of_actors_the_instance_lacks():
    """An instance whose pairs name an actor it does not have (a pairs table edited by hand, or
    of another instance) was a bare ``KeyError: 'XYZ'`` from ``factor_matrices``; now an
    AlignError on ``pairs`` naming those actors."""
    import dataclasses

    from anpo.errors import AlignError

    inst = io.read_book("asia_pacific_2001")
    assert inst.pairs is not None
    odd = inst.pairs.copy()
    odd.loc[0, "a"], odd.loc[1, "b"] = "XYZ", "QQQ"
    with pytest.raises(AlignError) as info:
        se.factor_matrices(dataclasses.replace(inst, pairs=odd))
    assert info.value.field == "pairs"
    assert info.value.message == (
        "name 2 actors the instance does not have: 'XYZ', 'QQQ'; a pair names two of its "
        "actors by id"
    )

"""Very many local minima: the vectorised energies, the ``max_minima``/``max_found`` limits and
``anpo align``'s truncated list.

When all or most propensities are 0 every configuration is a local minimum ([axelrod1993],
p. 217: no single actor can lower the energy by moving), ``2^(n-1)`` of them for two
coalitions. The energies are [axelrod1993], n. 2 (ordered pairs), each compared bit for bit with
:func:`anpo.align.formal.energy`, the per-minimum computation ``local_minima`` used before."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import cli
from anpo.align import formal as model
from anpo.align import landscape
from anpo.align.enum2 import enumerate_two
from anpo.align.enumk import enumerate_k, unrank
from anpo.align.landscape import Minimum
from anpo.errors import AlignError, BudgetExceededError


def per_minimum(land) -> list[Minimum]:
    """The minima as ``local_minima`` built them before: one ``formal.energy`` call and one
    object per minimum, sorted by (energy, configuration)."""
    if land.k == 2 or land.n <= 2:
        res = enumerate_two(land.weights, land.tolerance)
        configs = [model.bits_to_config(int(x), land.n) for x in res.minima]
        counts, total = res.counts, res.total
    else:
        rk = enumerate_k(land.weights, land.tolerance, land.k)
        configs = [unrank(int(x), land.n, land.k) for x in rk.minima]
        counts, total = rk.counts, rk.total
    found = [
        Minimum(c, model.energy(land.weights, c), int(cnt) / total)
        for c, cnt in zip(configs, counts, strict=True)
    ]
    found.sort(key=lambda m: (m.energy, tuple(m.config.tolist())))
    return found


def same(a: list[Minimum], b: list[Minimum]) -> bool:
    return len(a) == len(b) and all(
        np.array_equal(x.config, y.config)
        and x.config.dtype == y.config.dtype
        and math.copysign(1.0, x.energy) == math.copysign(1.0, y.energy)
        and x.energy == y.energy
        and x.basin_share == y.basin_share
        for x, y in zip(a, b, strict=True)
    )


@st.composite
def instances(draw):
    n = draw(st.integers(1, 8))
    scale = draw(st.sampled_from([1e-3, 1.0, 7.0, 1e3]))
    sizes = np.array(draw(st.lists(st.floats(0.05, 3.0), min_size=n, max_size=n))) * scale
    kind = draw(st.sampled_from(["real", "integer", "sparse", "zero"]))
    cells = draw(st.lists(st.floats(-2.0, 2.0), min_size=n * n, max_size=n * n))
    p = np.array(cells).reshape(n, n)
    if kind == "integer":
        p = np.round(p)
    elif kind == "sparse":
        p = np.where(np.abs(p) > 1.5, p, 0.0)
    elif kind == "zero":
        p = np.zeros((n, n))
    p = np.triu(p, 1)
    p = p + p.T
    k = draw(st.sampled_from([2, 3, "auto"]))
    return sizes, p, k


@settings(max_examples=150, deadline=None)
@given(instances(), st.integers(1, 6))
def test_energies_order_and_shares_equal_the_per_minimum_computation(inst, keep):
    sizes, p, k = inst
    land = landscape(sizes, p, coalitions=k)
    want = per_minimum(landscape(sizes, p, coalitions=k))
    assert same(land.local_minima(), want)
    # the lowest `keep` are the first `keep` of the full list, and the count is all of them
    assert same(land.local_minima(max_minima=keep), want[:keep])
    assert land.minima_count == len(want)
    low = want[0].energy
    assert land.lowest_ties() == sum(m.energy <= low + land.tolerance for m in want)
    assert land.minimum_rank(want[-1].config) == len(want)
    # a fresh landscape asked for a few first gives the same few
    again = landscape(sizes, p, coalitions=k)
    assert same(again.local_minima(max_minima=keep), want[:keep])


def test_wide_magnitudes_sum_exactly():
    """Weights over many orders of magnitude, where a plain float sum would round: each energy
    is still fsum's, bit for bit."""
    rng = np.random.default_rng(7)
    n = 9
    sizes = 10.0 ** rng.uniform(-3, 3, n)
    p = np.triu(rng.normal(size=(n, n)) * 10.0 ** rng.integers(-3, 4, (n, n)), 1)
    land = landscape(sizes, p + p.T)
    assert same(land.local_minima(), per_minimum(landscape(sizes, p + p.T)))


def test_all_zero_basins_and_count():
    """All propensities 0: every one of the 2^(n-1) configurations is a minimum with a basin of
    itself alone (the per-block counts were 512 bytes a minimum; fewer blocks now)."""
    n = 13
    land = landscape(np.ones(n), np.zeros((n, n)))
    few = land.local_minima(max_minima=3)
    assert land.minima_count == 1 << (n - 1)
    assert land.lowest_ties() == 1 << (n - 1)
    assert [m.config.tolist() for m in few] == [
        [0] * n,
        [0] * (n - 1) + [1],
        [0] * (n - 2) + [1, 0],
    ]
    assert all(m.basin_share == 1 / (1 << (n - 1)) and m.energy == 0.0 for m in few)
    res = enumerate_two(land.weights, land.tolerance, mode="streaming")
    assert (res.counts == 1).all() and res.minima.shape[0] == 1 << (n - 1)


def test_max_found_raises_before_building_the_minima():
    n = 10
    land = landscape(np.ones(n), np.zeros((n, n)))
    with pytest.raises(BudgetExceededError) as err:
        land.local_minima(max_found=100)
    assert err.value.partial == 512
    three = landscape(np.ones(6), np.zeros((6, 6)), coalitions=3)
    with pytest.raises(BudgetExceededError) as err:
        three.local_minima(max_found=10)
    assert err.value.partial == three.count_configurations()
    assert len(land.local_minima(max_found=512)) == 512  # at the limit: all of them


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "3"])
def test_max_minima_must_be_a_whole_number(bad):
    with pytest.raises(AlignError):
        landscape(np.ones(3), np.zeros((3, 3))).local_minima(max_minima=bad)


def zero_instance(tmp_path, n: int, pairs: tuple[tuple[int, int, float], ...] = ()) -> str:
    lines = [f'title = "zero {n}"']
    for i in range(n):
        lines += ["[[actor]]", f'name = "A{i}"', f'id = "A{i}"', f"size = {1 + i % 3}"]
    for a, b, p in pairs:
        lines += ["[[pair]]", f'a = "A{a}"', f'b = "A{b}"', f"p = {p}"]
    f = tmp_path / f"zero{n}.toml"
    f.write_text("\n".join(lines) + "\n")
    return str(f)


def test_cli_truncates_an_all_zero_instance(tmp_path):
    """16 actors, all propensities 0: 2^15 local minima, all tied; the CLI keeps the lowest
    1,000 and says so (it built and printed all 32,768 before)."""
    from anpo.cli import align as cli_align

    f = zero_instance(tmp_path, 16)
    r = cli("align", f, "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["local_minima_count"] == 1 << 15
    assert d["local_minima_truncated"] is True
    assert len(d["local_minima"]) == cli_align._MINIMA_KEPT
    assert "every configuration is a local minimum" in d["local_minima_note"]
    assert "all tie for the lowest energy" in d["local_minima_note"]
    assert d["global_minimum"]["tied_configurations"] == 1 << 15
    assert d["local_minima"][0]["config"] == [0] * 16
    assert d["local_minima"][1]["config"] == [0] * 15 + [1]
    assert all(m["basin_share"] == 2.0**-15 for m in d["local_minima"])
    text = cli("align", f)
    assert text.returncode == 0, text.stderr
    flat = " ".join(text.stdout.split())
    assert "32,768 local minima; the lowest 1,000 are kept" in flat
    assert "Local minima (32,768; showing 10" in flat


def test_cli_few_pairs_keeps_ties_exact(tmp_path):
    """Three non-zero pairs among 14 actors: the minima are the configurations that satisfy
    them, all tied; the tie count is over all of them, not the kept ones."""
    f = zero_instance(tmp_path, 14, ((0, 1, 1), (2, 3, -1), (4, 5, 0.5)))
    d = json.loads(cli("align", f, "--json").stdout)
    # 13 free bits; actors 0-1 together, 2-3 apart, 4-5 together: 2^13 / 8 configurations
    assert d["local_minima_count"] == 1 << 10
    assert d["global_minimum"]["tied_configurations"] == 1 << 10
    assert d["local_minima_truncated"] is True
    assert d["local_minima_note"].endswith(
        "all tie for the lowest energy (the model prefers none of them)."
    )


def test_cli_ordinary_instance_is_not_truncated(tmp_path):
    f = zero_instance(tmp_path, 5, ((0, 1, 1), (1, 2, -1), (3, 4, -0.5), (0, 4, 0.25)))
    d = json.loads(cli("align", f, "--json").stdout)
    assert d["local_minima_truncated"] is False
    assert d["local_minima_note"] is None
    assert d["local_minima_count"] == len(d["local_minima"])


def test_cli_too_many_minima_are_not_listed(tmp_path, monkeypatch):
    from anpo.cli import align as cli_align

    monkeypatch.setattr(cli_align, "_MINIMA_LIMIT", 100)
    f = zero_instance(tmp_path, 10)
    d = json.loads(cli("align", f, "--json").stdout)
    assert d["local_minima"] is None
    assert d["local_minima_count"] is None
    assert d["local_minima_reason"].startswith("not listed: 512 local minima, more than")
    assert "every configuration is a local minimum" in d["local_minima_reason"]
    assert d["global_minimum"]["proven"] is True and d["global_minimum"]["energy"] == 0
    text = cli("align", f)
    assert text.returncode == 0 and "Local minima not listed: 512 local minima" in text.stdout
    # the tie is said although the minima are not listed (the header alone read as if the
    # model chose the configuration shown): every propensity 0, all 512 tie exactly
    g = d["global_minimum"]
    assert g["tied_configurations"] == 512
    assert g["tie_note"].startswith("512 configurations tie for the lowest energy (0)")
    assert "  tie: 512 configurations tie" in text.stdout


def test_cli_all_zero_beyond_the_enumeration_says_every_configuration_ties(tmp_path):
    """40 actors, no pair: too many configurations to enumerate, yet all 2^39 tie exactly; it
    said 'not known' (and the text showed no tie line) under a 'Global minimum' header."""
    f = zero_instance(tmp_path, 40)
    d = json.loads(cli("align", f, "--json").stdout)
    assert d["local_minima"] is None
    g = d["global_minimum"]
    assert g["tied_configurations"] == 1 << 39
    assert "every propensity is 0" in g["tie_note"]


def test_cli_and_web_say_which_minima_are_listed_in_one_wording(tmp_path):
    """``anpo align`` and the web's landscape said the same thing in two wordings (the CLI's
    'so many are not listed', the web's '1,024 of them tie'); both call
    :func:`anpo.align.landscape.minima_note` now, the CLI saying 'kept' of the minima it keeps
    (its text shows only the first few of them)."""
    from anpo.align.landscape import minima_note
    from anpo.cli import align as cli_align
    from anpo.web import api_align

    f = zero_instance(tmp_path, 14, ((0, 1, 1), (2, 3, -1), (4, 5, 0.5)))
    d = json.loads(cli("align", f, "--json").stdout)
    want = minima_note(1 << 10, cli_align._MINIMA_KEPT, 1 << 13, 1 << 10, verb="kept")
    assert d["local_minima_note"] == want
    web = api_align.landscape(api_align.InstanceRequest(instance=_spec(f)))
    assert web.minima_note == minima_note(1 << 10, api_align.MAX_MINIMA, 1 << 13, 1 << 10)
    assert web.minima_note == want.replace("are kept", "are listed").replace(
        f"lowest {cli_align._MINIMA_KEPT:,}", f"lowest {api_align.MAX_MINIMA}"
    )


def _spec(path: str) -> dict:
    """The web's instance of a TOML file written by :func:`zero_instance`."""
    from anpo.align.io import read_instance

    inst = read_instance(path)
    n = len(inst.names)
    return {
        "actor": [
            {"name": nm, "size": float(s)} for nm, s in zip(inst.names, inst.sizes, strict=True)
        ],
        "propensity": [[float(inst.propensity[i, j]) for j in range(n)] for i in range(n)],
    }


@pytest.mark.parametrize(
    ("count", "listed", "configurations", "tied", "why"),
    [
        (2048, 30, 2048, 2048, ": every configuration is a local minimum and all tie"),
        (2048, 30, 2048, 1, ": every configuration is a local minimum."),
        (1024, 30, 8192, 1024, ": all tie for the lowest energy (the model prefers none of them)."),
        (1024, 30, 8192, 40, ": 40 of them tie for the lowest energy"),
        (1024, 30, 8192, 12, " are exact)."),
    ],
)
def test_minima_note_says_why_there_are_so_many(count, listed, configurations, tied, why):
    from anpo.align.landscape import minima_note

    note = minima_note(count, listed, configurations, tied)
    assert note is not None and why in note
    assert note.startswith(f"{count:,} local minima; the lowest {listed} are listed")
    assert minima_note(count, count, configurations, tied) is None


def test_ties_counts_the_configurations_once(monkeypatch):
    """With every propensity 0 and the minima not listed, ``_ties`` counted the configurations
    twice (a Stirling-number sum for k > 2)."""
    from anpo.cli import align as cli_align

    land = landscape(np.ones(9), np.zeros((9, 9)), coalitions=3)
    calls = []
    real = land.count_configurations

    def counting() -> int:
        calls.append(1)
        return real()

    monkeypatch.setattr(land, "count_configurations", counting)
    sol = land.solve("enumerate")
    tied, note = cli_align._ties(land, None, sol)
    assert tied == real() and note.startswith(f"{real():,} configurations tie")
    assert len(calls) == 1


def test_cli_and_web_say_how_many_starts_met_a_tie(tmp_path):
    """mend16a: where descents meet ties between steepest moves, ``anpo align`` (text and
    JSON) and the web's landscape say how many starts did ('N of M starts met a tie between
    steepest moves; the shares may depend on the tie rule (actor names)'); with no such start they say nothing."""
    from anpo.align.io import read_instance
    from anpo.web import api_align

    # five actors, a0 and a1 friends, every other pair at odds by the same amount: moves tie
    pairs = tuple(
        (i, j, 1.0 if (i, j) == (0, 1) else -1.0) for i in range(5) for j in range(i + 1, 5)
    )
    f = zero_instance(tmp_path, 5, pairs)
    land = read_instance(f).landscape(2)
    land.local_minima(ties=True)
    note = land.basin_tie_note()
    assert land.tied_starts and note == (
        f"{land.tied_starts} of 16 starts met a tie between steepest moves; the shares may depend "
        "on the tie rule (actor names)."
    )
    d = json.loads(cli("align", f, "--json").stdout)
    assert d["basin_tied_starts"] == land.tied_starts and d["basin_tie_note"] == note
    text = cli("align", f)
    assert text.returncode == 0, text.stderr
    assert note in " ".join(text.stdout.split())
    web = api_align.landscape(api_align.InstanceRequest(instance=_spec(f)))
    assert web.tied_starts == land.tied_starts and web.basin_tie_note == note
    # generic propensities: no tie, no sentence
    (tmp_path / "generic").mkdir()
    g = zero_instance(
        tmp_path / "generic", 5, ((0, 1, 1.3), (1, 2, -0.7), (3, 4, -0.55), (0, 4, 0.25))
    )
    d = json.loads(cli("align", g, "--json").stdout)
    assert d["basin_tied_starts"] == 0 and d["basin_tie_note"] is None
    assert "met a tie" not in cli("align", g).stdout
    assert api_align.landscape(api_align.InstanceRequest(instance=_spec(g))).basin_tie_note is None

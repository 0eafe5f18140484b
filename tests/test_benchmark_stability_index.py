"""Smoke test of ``benchmarks/stability_index_bench.py``: it runs, checks its answers agree,
and prints its three ratios, the first beside issue 2's 50x target (its figures are not
asserted: timing belongs to the benchmark)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from _support import script_module


def _bench():  # noqa: ANN202 - a module
    return script_module("stability_index_bench")


def test_the_three_ways_give_the_same_index(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The vectorised call, the plain loop and the point-by-point calls agree; the index is the
    Kent & Thaler (1989, App. C) product of capped cost ratios, in [0, 1]."""
    bench = _bench()
    dmg = np.random.default_rng(1).uniform(0.0, 1.0, size=(200, 4))
    fast = bench.vectorised(dmg)
    assert np.allclose(fast, bench.scalar_loop(dmg), rtol=0, atol=1e-12)
    assert np.allclose(fast, bench.per_point(dmg), rtol=0, atol=1e-12)
    assert np.allclose(fast, bench.from_damages(dmg), rtol=0, atol=1e-12)
    assert ((fast >= 0) & (fast <= 1)).all() and (fast < 1).any()
    monkeypatch.setattr(
        sys, "argv", ["bench", "--points", "500", "--sample", "50", "--repeat", "2"]
    )
    bench.main()
    out = capsys.readouterr().out
    assert "500 points (same answers" in out and "fastest of 2 runs" in out
    assert out.count("x\n") == 2 and out.count("x  (target 50x: ") == 1
    assert "(issue 2's vectorised path)" in out

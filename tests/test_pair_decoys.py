"""Two coupled blocks with decoys in play: the compiled pair engine
(``anpo.deterrence._engine.pair_propagate_decoys``) against the plain-Python engine
(``anpo.deterrence._general``, independent code) and the exact single-layer decoy model of
docs/explanation/interception.md (``decoy_engagement``).

Model: [wilkening1999] (finite inventories, shoot-look-shoot, reliability), decoys after
[sessler2000]; the two engines sum the same probabilities in different orders, so they agree to
1e-12 relative or a few machine epsilons absolute.
"""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from anpo.deterrence import _engine
from anpo.deterrence import defense as d

EPS = np.finfo(float).eps


def _close(got: np.ndarray, want: np.ndarray) -> None:
    """Equal to 1e-12 relative or 4 machine epsilons absolute, entry by entry."""
    assert got.shape == want.shape
    bad = np.abs(got - want) > np.maximum(1e-12 * np.abs(want), 4 * EPS)
    assert not bad.any(), (got[bad], want[bad], np.nonzero(bad)[0])


def _compiled_without_reference(groups: list[d.RVGroup], layers: list[d.Layer]) -> np.ndarray:
    """``arrivals`` on the compiled engine, failing if it falls back to the plain-Python
    engine, and checking the pair engine with decoys ran."""
    calls = []
    kernel = _engine.pair_propagate_decoys

    def counted(*args):  # noqa: ANN002, ANN202
        calls.append(1)
        return kernel(*args)

    with (
        mock.patch.object(d, "_reference_pmf", side_effect=AssertionError("plain engine ran")),
        mock.patch.object(_engine, "pair_propagate_decoys", counted),
    ):
        out = d.arrivals(groups, layers).leaker_pmf
    assert calls, "the pair engine with decoys did not run"
    return out


def _pmf(weights: list[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


fracs = st.sampled_from([1.0, 1.0, 0.6, 0.35])
discs = st.sampled_from([0.0, 0.3, 0.5, 0.8, 1.0])
sspks = st.sampled_from([0.0, 0.4, 0.7, 0.95, 1.0])
rels = st.sampled_from([1.0, 0.9, 0.6])


@st.composite
def layer(draw: st.DrawFn, engages: tuple[str, ...], sees_decoys: bool = False) -> d.Layer:
    sls = draw(st.booleans())
    return d.Layer(
        interceptors=draw(st.integers(0, 9)),
        sspk=draw(sspks),
        shots=draw(st.integers(1, 3)),
        doctrine="shoot-look-shoot" if sls else "salvo",
        second_shots=draw(st.integers(1, 2)) if sls else 0,
        reliability=draw(rels),
        reliability_mode=draw(st.sampled_from(["raid", "rv"])),
        discrimination=draw(st.sampled_from([0.0, 0.5, 0.8])) if sees_decoys else draw(discs),
        engages=engages,
        endo_atmospheric=False if sees_decoys else draw(st.booleans()),
        protected_fraction=draw(fracs),
    )


@st.composite
def coupled_case(draw: st.DrawFn) -> tuple[list[d.RVGroup], list[d.Layer]]:
    """Two classes (two blocks), a first exo-atmospheric layer engaging both that sees
    decoys, a second engaging one class only (so the blocks are coupled), maybe a third."""
    counts = st.lists(st.floats(0.0, 1.0), min_size=1, max_size=4).filter(lambda w: sum(w) > 0.1)
    groups = [d.RVGroup(_pmf(draw(counts)), "ICBM", draw(st.integers(1, 2)))]
    groups.append(d.RVGroup(_pmf(draw(counts)), "IRBM", draw(st.integers(0, 2))))
    if draw(st.booleans()):
        groups.append(d.RVGroup(_pmf(draw(counts)), draw(st.sampled_from(["ICBM", "IRBM"])), 1))
    # the plain-Python engine's time grows fast with the objects: at most 12 (RVs and decoys)
    assume(sum((len(g.pmf) - 1) * (1 + g.decoys_per_rv) for g in groups) <= 12)
    one = (draw(st.sampled_from(["ICBM", "IRBM"])),)
    layers = [draw(layer(("ICBM", "IRBM"), sees_decoys=True)), draw(layer(one))]
    if draw(st.booleans()):
        layers.append(draw(layer(draw(st.sampled_from([("ICBM",), ("IRBM",), ("ICBM", "IRBM")])))))
    if draw(st.booleans()):
        layers = layers[1:] + layers[:1]
    return groups, layers


@settings(max_examples=40, deadline=None)
@given(coupled_case())
def test_pair_engine_with_decoys_equals_the_plain_engine(case):
    """Small random coupled attacks (per-raid and per-RV reliability, salvo and
    shoot-look-shoot, footprints, decoys seen by one or more layers, endo-atmospheric layers):
    the compiled pair engine gives the plain-Python engine's leaker pmf."""
    groups, layers = case
    want = d.arrivals(groups, layers, engine="reference").leaker_pmf
    got = _compiled_without_reference(groups, layers)
    _close(got, want)
    assert got.sum() == pytest.approx(1.0, abs=1e-12)


def test_pair_engine_with_decoys_gives_the_documented_decoy_model():
    """docs/explanation/interception.md, "Decoys": ten RVs with one decoy each, half the decoys
    recognised, 30 interceptors of SSPK 0.7 give 0.992 leakers expected and no leaker with
    probability 0.363 (``decoy_engagement``). Split into 6 ICBMs and 4 IRBMs, with a second
    layer of no interceptors engaging only the IRBMs (so the blocks are coupled), the pair engine
    gives the same distribution (3 shots per object at most: with 10 to 20 objects the 30
    interceptors are the binding constraint, as in ``decoy_engagement``)."""
    layers = [
        d.Layer(interceptors=30, sspk=0.7, shots=3, discrimination=0.5),
        d.Layer(interceptors=0, sspk=0.7, engages=("IRBM",), endo_atmospheric=True),
    ]
    groups = [d.RVGroup.fixed(6, "ICBM", 1), d.RVGroup.fixed(4, "IRBM", 1)]
    got = _compiled_without_reference(groups, layers)
    want = d.decoy_engagement(10, 1, 0.5, 30, 0.7)
    _close(got, want.leaker_pmf)
    mean = float(np.dot(np.arange(len(got)), got))
    assert (round(mean, 3), round(float(got[0]), 3)) == (0.992, 0.363)


def test_pair_engine_with_decoys_on_the_coupled_benchmark_case():
    """The coupled case of benchmarks/reaction_ceiling_bench.py (README, Benchmarks): ICBMs with
    one decoy each through a midcourse layer engaging ICBMs only (2001 book: shoot-look-shoot,
    2 + 2 shots of 0.6, per-raid reliability 0.9, discrimination 0.5; 30 interceptors here) and
    a terminal layer engaging ICBMs and IRBMs (one shot of 0.5, 40 interceptors; 6 here), with
    one IRBM besides: the pair engine equals the plain-Python engine."""
    mid = d.Layer(interceptors=30, sspk=0.6, shots=2, doctrine="shoot-look-shoot",
                  second_shots=2, reliability=0.9, discrimination=0.5, engages=("ICBM",))  # fmt: skip
    term = d.Layer(interceptors=6, sspk=0.5, shots=1, engages=("ICBM", "IRBM"),
                   endo_atmospheric=True)  # fmt: skip
    survivors = np.array([0.0, 0.1, 0.2, 0.3, 0.2, 0.1, 0.05, 0.05])
    groups = [d.RVGroup(survivors, "ICBM", 1), d.RVGroup.fixed(1, "IRBM")]
    got = _compiled_without_reference(groups, [mid, term])
    _close(got, d.arrivals(groups, [mid, term], engine="reference").leaker_pmf)

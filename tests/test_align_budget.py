"""Solvers that respect a budget (issue 15, item 5).

Landscape energy: [axelrod1993], BJPolS 23(2), n. 2. The exact solver is the
Russian-doll branch and bound (Verfaillie, Lemaitre & Schiex 1996); the heuristics are tabu search
[glover1989] and annealing. A capped search must return a configuration whose energy is at least
the optimum and a lower bound at most the optimum (checked against exhaustive enumeration).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anpo.align import exact, landscape
from anpo.align.exact import branch_and_bound_k, branch_and_bound_two
from anpo.align.formal import tie_tolerance, weights
from anpo.align.heuristics import heuristic
from anpo.align.landscape import AUTO_EXACT_MAX, AUTO_EXACT_MAX_MANY
from anpo.errors import AlignError, BudgetExceededError


def instance(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = rng.normal(size=(n, n))
    p = np.triu(p, 1)
    p = p + p.T
    return rng.uniform(0.5, 1.5, n), p


def test_max_nodes_caps_the_whole_search():
    """The node cap bounds the nodes of every suffix level together (it used to cap only the
    last level, so a capped run did most of the work anyway)."""
    s, p = instance(3, 45)
    w = weights(s, p)
    tol = tie_tolerance(w)
    full = branch_and_bound_two(w, tol)
    assert full.proven and full.nodes > 1000
    for cap in (1, 10, full.nodes // 10, full.nodes // 2):
        cut = branch_and_bound_two(w, tol, max_nodes=cap)
        assert cut.nodes <= cap
        assert not cut.proven and cut.stopped == "node limit"
        assert cut.lower_bound <= full.energy + 1e-9
        assert cut.energy >= full.energy - 1e-9
        assert cut.energy == pytest.approx(landscape(s, p).energy(cut.config))
    kfull = branch_and_bound_k(w[:24, :24], 3, tie_tolerance(w[:24, :24]))
    kcut = branch_and_bound_k(w[:24, :24], 3, tie_tolerance(w[:24, :24]), max_nodes=50)
    assert kcut.nodes <= 50 and not kcut.proven
    assert kcut.lower_bound <= kfull.energy + 1e-9 <= kcut.energy + 2e-9


def brute_force(w: np.ndarray, k: int) -> float:
    """Minimum of E = sum_{i != j} w_ij [a_i != a_j] over all k^n label vectors."""
    n = w.shape[0]
    labels = np.indices((k,) * n).reshape(n, -1).T
    apart = labels[:, :, None] != labels[:, None, :]
    return float(np.min(np.einsum("cij,ij->c", apart, w)))


@settings(max_examples=40, deadline=None)
@given(n=st.integers(3, 8), seed=st.integers(0, 10_000), cap=st.integers(1, 300))
def test_property_capped_run_brackets_the_optimum(n, seed, cap):
    """For any instance and any node cap: lower bound <= optimum <= returned energy, for two and
    for three coalitions; the optimum is the minimum over every label vector."""
    s, p = instance(seed, n)
    for k in (2, 3):
        land = landscape(s, p, coalitions=k)
        w, tol = land.weights, land.tolerance
        opt = brute_force(w, k)
        r = (
            branch_and_bound_two(w, tol, max_nodes=cap)
            if k == 2
            else branch_and_bound_k(w, k, tol, max_nodes=cap)
        )
        assert r.lower_bound <= opt + 1e-9
        assert r.energy >= opt - 1e-9
        assert r.energy == pytest.approx(land.energy(r.config), abs=1e-12)
        if r.proven:
            assert r.energy == pytest.approx(opt, abs=1e-9)


def test_time_limit_stops_a_hard_search_with_a_valid_bound():
    """80 dense actors take far longer than 0.05 s to prove; the search stops on its time limit
    and returns the warm start's (tabu) configuration or better, with a valid bound. The kernels
    are loaded first: loading them is on the budget, and 0.05 s would not cover it in a new
    process (the warm start would then stop at once)."""
    from anpo.align import heuristics

    heuristics.warm_up()
    exact.warm_up()
    s, p = instance(8080, 80)
    land = landscape(s, p)
    sol = land.solve("exact", time_limit=0.05)
    assert not sol.proven and sol.details["stopped"] == "time limit"
    assert sol.lower_bound is not None and sol.lower_bound <= sol.energy
    tabu = land.solve("tabu", seed=0, restarts=8, sweeps=50)
    assert sol.energy <= tabu.energy + land.tolerance
    with pytest.raises(BudgetExceededError) as info:
        land.global_minimum(time_limit=0.05)
    best = info.value.solution
    assert best is not None and best.lower_bound <= best.energy
    with pytest.raises(AlignError):
        branch_and_bound_two(land.weights, max_nodes=0)
    with pytest.raises(AlignError):
        branch_and_bound_two(land.weights, time_limit=-1.0)


def test_heuristics_never_run_the_exact_solver(monkeypatch):
    """solve("tabu"/"anneal"/"descent") does not call branch and bound unless asked to
    (compare_exact=True); then the gap is reported."""

    def boom(*args, **kwargs):
        raise AssertionError("the exact solver was called")

    s, p = instance(1, 60)
    land = landscape(s, p, coalitions=3)
    monkeypatch.setattr(exact, "branch_and_bound_two", boom)
    monkeypatch.setattr(exact, "branch_and_bound_k", boom)
    for method in ("tabu", "anneal", "descent"):
        sol = land.solve(method, seed=2, restarts=4, sweeps=20)
        assert not sol.proven and sol.optimum is None and sol.lower_bound is None
        assert sol.config.max() <= 2
    two = landscape(s, p)
    sol = two.solve("tabu", seed=2)
    assert not sol.proven and sol.optimum is None
    monkeypatch.undo()
    small = landscape(*instance(4, 20))
    cmp = small.solve("tabu", seed=0, compare_exact=True)
    assert cmp.proven and cmp.gap == pytest.approx(0.0, abs=1e-12)


def test_auto_uses_exact_within_its_calibrated_range_and_tabu_beyond(monkeypatch):
    """solve("auto"): proven branch and bound up to the calibrated size, tabu search (never the
    exact solver) beyond it."""
    s, p = instance(5, AUTO_EXACT_MAX[3] + 1)
    inside = landscape(s[:-1], p[:-1, :-1], coalitions=3)
    assert inside.exact_limit() == AUTO_EXACT_MAX[3]
    sol = inside.solve("auto")
    assert sol.method.startswith("branch-and-bound")

    def boom(*args, **kwargs):
        raise AssertionError("the exact solver was called")

    monkeypatch.setattr(exact, "branch_and_bound_k", boom)
    beyond = landscape(s, p, coalitions=3)
    sol = beyond.solve("auto")
    assert "tabu" in sol.method and not sol.proven
    free = landscape(*instance(6, AUTO_EXACT_MAX_MANY + 1), coalitions="auto")
    assert "tabu" in free.solve("auto").method


def test_energy_by_coalitions_respects_its_budget():
    s, p = instance(9, 40)
    land = landscape(s, p)
    with pytest.raises(BudgetExceededError) as info:
        land.energy_by_coalitions(4, max_nodes=20)
    assert info.value.partial == [(1, 0.0)]
    sol = info.value.solution
    assert sol is not None and sol.lower_bound <= sol.energy
    small = landscape(*instance(9, 9))
    curve = small.energy_by_coalitions(time_limit=30)
    assert [k for k, _ in curve] == list(range(1, 10))


@pytest.mark.parametrize("k", [3, 4, 0])
def test_k_coalition_tabu_reaches_proven_optima(k):
    """Tabu search with at most k coalitions finds the proven optimum (branch and bound) on every
    one of ten small dense instances."""
    for seed in range(10):
        n = 14 if k else 11
        kk = k or n
        s, p = instance(500 + seed, n)
        w = weights(s, p)
        tol = tie_tolerance(w)
        opt = branch_and_bound_k(w, kk, tol)
        assert opt.proven
        h = heuristic(w, tol, k=kk, method="tabu", restarts=16, sweeps=50, seed=seed)
        assert h.energy <= opt.energy + tol + 1e-9
        assert h.config.max() + 1 <= kk


def test_k_coalition_tabu_is_seeded_and_a_local_minimum():
    s, p = instance(12, 80)
    land = landscape(s, p, coalitions=4)
    a = land.solve("tabu", seed=7, restarts=4, sweeps=20)
    b = land.solve("tabu", seed=7, restarts=4, sweeps=20)
    assert np.array_equal(a.config, b.config) and a.energy == b.energy
    cfg = a.config
    used = int(cfg.max()) + 1
    for actor in range(0, 80, 7):
        for lab in range(min(used + 1, 4)):
            if lab != cfg[actor]:
                new = cfg.copy()
                new[actor] = lab
                assert land.energy(new) - a.energy >= -land.tolerance


def test_smallest_change_and_cli_respect_their_budgets():
    """The smallest-change MIP stops on its time limit as 'not known' (never 'infeasible'); the
    CLI's --time-limit reaches the exact solver and a stopped run shows its lower bound."""
    import json

    from typer.testing import CliRunner

    from anpo.align import io, whatif
    from anpo.cli import app

    inst = io.read_book("asia_pacific_2001")
    land = inst.landscape(2)
    us, jp = inst.index("USA"), inst.index("JPN")
    cfg, _ = land.global_minimum()
    k = next(i for i in range(land.n) if cfg[i] != cfg[us])
    quick = whatif.smallest_change(land, k, [us, jp], time_limit=1e-9)
    assert not quick.proven and quick.feasible and quick.norm == float("inf")
    res = CliRunner().invoke(
        app,
        [
            "align",
            "book:asia_pacific_2001",
            "--method",
            "exact",
            "--time-limit",
            "30",
            "--no-minima",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)["global_minimum"]
    assert out["proven"] and out["lower_bound"] == pytest.approx(out["energy"])


def test_heuristics_respect_their_time_limit():
    """A heuristic stops on its time budget with the best configuration found (its method and
    details say so; restarts not begun are skipped): free-coalition tabu search on 400 actors
    needs far more than 0.2 s for 32 restarts (one call ran for hours before the budget). A
    run that finishes within its budget is the same as one without a budget."""
    s, p = instance(21, 400)
    land = landscape(s, p, coalitions="auto")
    sol = land.solve("tabu", time_limit=0.2)
    assert sol.details["stopped"] == "time limit" and not sol.proven
    assert 1 <= sol.details["restarts_done"] < 32
    assert "stopped on its time limit" in sol.method
    assert sol.energy == pytest.approx(land.energy(sol.config))
    w, tol = land.weights, land.tolerance
    cut = heuristic(w, tol, k=land.k, method="anneal", time_limit=0.2)
    assert cut.stopped == "time limit" and cut.restarts_done < cut.restarts
    small = landscape(*instance(22, 40), coalitions=3)
    a = small.solve("tabu", seed=3, time_limit=600)
    b = heuristic(small.weights, small.tolerance, k=3, method="tabu", seed=3)
    assert a.details["stopped"] == "" and b.stopped == "" and b.restarts_done == b.restarts
    assert np.array_equal(a.config, b.config) and a.energy == b.energy


def test_exact_solver_refuses_large_instances_before_its_warm_start(monkeypatch):
    """Past the exact solver's size limit the call is refused at once (it used to run the tabu
    warm start first: 31 s for 300 actors, 572 s for 1000, before refusing); the warm start
    gets the call's budget, not more; a budget must be a positive number of seconds."""
    from anpo.align import heuristics

    seen: list[float | None] = []
    real = heuristics.heuristic

    def spy(*args, **kwargs):
        seen.append(kwargs.get("time_limit"))
        return real(*args, **kwargs)

    monkeypatch.setattr(heuristics, "heuristic", spy)
    big = landscape(*instance(23, exact.MAX_N_EXACT + 1), coalitions="auto")
    with pytest.raises(AlignError, match="limited to 200 actors"):
        big.solve("exact", time_limit=1.0)
    assert seen == []
    land = landscape(*instance(24, 30))
    land.solve("exact", time_limit=5.0)
    assert len(seen) == 1 and seen[0] is not None and 0 < seen[0] <= 5.0
    for bad in (-1.0, 0.0, float("nan"), float("inf")):
        with pytest.raises(AlignError) as info:
            land.solve("tabu", time_limit=bad)
        assert info.value.field == "time_limit"


def test_cli_time_limit_and_seed_are_checked():
    from typer.testing import CliRunner

    from anpo.cli import app

    runner = CliRunner()
    for args, start in (
        (["--time-limit", "-1", "--method", "exact"], "error: --time-limit: must be a positive"),
        (["--seed", str(2**64)], "error: "),
    ):
        res = runner.invoke(app, ["align", "book:asia_pacific_2001", "--no-minima", *args])
        assert res.exit_code == 2, res.output
        assert res.output.startswith(start) and len(res.output.strip().splitlines()) == 1


@pytest.mark.parametrize("seed", [1.5, "x", True, None, -1])
def test_a_heuristic_seed_that_is_not_a_whole_number_is_an_align_error(seed: object) -> None:
    """1.5 and True were taken (the kernels ran with seeds 1.5 and 1), 'x' and None were a
    bare TypeError from the range comparison."""
    w = np.array([[0.0, 1.0], [1.0, 0.0]])
    with pytest.raises(AlignError) as info:
        heuristic(w, 1e-9, seed=seed, restarts=1, sweeps=1)  # type: ignore[arg-type]
    assert info.value.field == "seed"


def test_mip_stopped_early_reports_a_finite_bound_and_a_real_configuration():
    """HiGHS stopped on its time limit: its dual bound is -inf until its first bound and its
    column values are not a configuration before its first feasible solution (400 actors,
    2 s: "E = 0 ... lower bound -inf" was printed). The result is a configuration whose energy
    is its own, a finite proven lower bound (each apart pair costs at least min(w_ij, 0)), and
    the method says when no solution was found."""
    import math

    land = landscape(*instance(25, 300))
    sol = land.solve("mip", time_limit=0.3)
    assert not sol.proven and sol.details["stopped"] == "time limit"
    assert sol.energy == pytest.approx(land.energy(sol.config))
    trivial = 2.0 * np.minimum(np.triu(land.weights, 1), 0.0).sum()
    assert math.isfinite(sol.lower_bound) and trivial - 1e-9 <= sol.lower_bound <= sol.energy
    if "no solution found" in sol.method:
        assert not np.any(sol.config)
    small = landscape(*instance(26, 12))
    w = small.weights
    opt = brute_force(w, 2)
    assert 2.0 * np.minimum(np.triu(w, 1), 0.0).sum() <= opt + 1e-9
    full = small.solve("mip", time_limit=30)
    assert full.proven and full.energy == pytest.approx(opt) and full.details["stopped"] == ""


def _kernel_signatures() -> dict[str, int]:
    """How many compiled specialisations each numba kernel of the searches holds."""
    from anpo.align import _kernels, heuristics

    return {
        f"{mod.__name__}.{name}": len(obj.signatures)
        for mod in (heuristics, exact, _kernels)
        for name, obj in vars(mod).items()
        if hasattr(obj, "signatures") and hasattr(obj, "py_func")
    }


def test_the_warm_up_compiles_every_kernel_a_budgeted_search_calls():
    """The kernels are compiled (or loaded from numba's cache) before a budget's clock starts:
    after the warm-ups, budgeted searches of every kind (two and k coalitions, each heuristic,
    branch and bound with and without an incumbent, the exact solver's tabu warm start,
    ``energy_by_coalitions``) compile nothing new, so nothing is compiled on their clock
    (compiling them the first time after an install took 30-50 s under load, and a first
    ``solve("tabu")`` of 60 actors then stopped on its default time limit after one restart)."""
    from anpo.align import heuristics

    heuristics.warm_up()
    exact.warm_up()
    before = _kernel_signatures()
    for name in ("heuristics._run2", "heuristics._run_k", "exact._rd_run", "exact._rdk_run"):
        assert before[f"anpo.align.{name}"] >= 1, name
    for k in (2, 3):
        land = landscape(*instance(31, 30), coalitions=k)
        for method in ("descent", "anneal", "tabu"):
            land.solve(method, time_limit=60, restarts=2)
        land.solve("exact", time_limit=60)
        branch_and_bound_k(land.weights, k, max_nodes=50)
    w = landscape(*instance(32, 26)).weights
    branch_and_bound_two(w, time_limit=60, incumbent=np.zeros(26, dtype=np.int64))
    branch_and_bound_two(w, max_nodes=50)
    landscape(*instance(33, 12)).energy_by_coalitions(4, time_limit=60)
    assert _kernel_signatures() == before


def _virtual_clock(monkeypatch) -> list[float]:
    """The solvers' clock (``time.perf_counter``, read by the compiled kernels too) moved on by
    the returned list's one entry: slowness that does not depend on the machine's load."""
    import time

    real = time.perf_counter
    jumped = [0.0]
    monkeypatch.setattr(time, "perf_counter", lambda: real() + jumped[0])
    return jumped


def test_loading_the_kernels_is_on_the_budget_and_reported(monkeypatch):
    """The budget and the reported time start at the call, loading the compiled kernels
    included (issue 15: in a new process ``solve("exact", time_limit=0.2)`` on 60 actors took
    6 s, the loading uncounted), and ``load_seconds`` says how long the loading took. A budget
    smaller than the loading still gives a valid configuration at once, and the exact solver a
    valid lower bound.

    The loading's slowness is virtual (:func:`_virtual_clock`): each warm-up moves the clock
    1,000 s on, ten times the budget, so every search finds its budget spent."""
    from anpo.align import heuristics

    heuristics.warm_up()
    exact.warm_up()
    land = landscape(*instance(34, 30), coalitions=3)
    two = landscape(*instance(35, 40))
    opt = two.solve("exact", time_limit=60)
    assert opt.proven
    small = landscape(*instance(36, 14), coalitions=3)
    small_opt = branch_and_bound_k(small.weights, 3, small.tolerance)
    jumped = _virtual_clock(monkeypatch)

    def slow(two: bool | None = None) -> None:
        jumped[0] += 1000.0

    monkeypatch.setattr(heuristics, "warm_up", slow)
    monkeypatch.setattr(exact, "warm_up", slow)
    budget = 100.0
    tabu = land.solve("tabu", seed=1, time_limit=budget)
    assert tabu.details["stopped"] == "time limit" and "stopped on its time limit" in tabu.method
    assert tabu.details["load_seconds"] >= 1000.0
    assert tabu.seconds >= tabu.details["load_seconds"]
    assert tabu.energy == pytest.approx(land.energy(tabu.config))
    # the exact solver: its tabu warm start's loading and its own, both on the one budget
    cut = two.solve("exact", time_limit=budget)
    assert not cut.proven and cut.details["stopped"] == "time limit"
    assert cut.details["load_seconds"] >= 2000.0 and cut.seconds >= 2000.0
    assert cut.lower_bound <= opt.energy + 1e-9 and cut.energy >= opt.energy - 1e-9
    assert cut.energy == pytest.approx(two.energy(cut.config))
    k3 = branch_and_bound_k(small.weights, 3, small.tolerance, time_limit=budget)
    assert not k3.proven and k3.stopped == "time limit"
    assert k3.load_seconds == pytest.approx(1000.0, abs=1.0) and k3.seconds >= k3.load_seconds
    assert k3.lower_bound <= small_opt.energy + 1e-9 <= k3.energy + 2e-9


def test_compiling_the_kernels_is_not_charged_to_the_budget(monkeypatch):
    """Compiling the kernels (the first call after an install: tens of seconds, which cannot be
    cut short) is not charged: the search still gets its whole budget and returns what a warm
    process returns, and ``compile_seconds`` says how long the compiling took (charged, it cut
    a process's first call to one restart, so results depended on numba's cache). A warm-up
    counts as compiling when numba triggers its ``"numba:compile"`` event during it (numba,
    ``Dispatcher.compile``: only after a cache miss); here a fake warm-up triggers it and moves
    the virtual clock (:func:`_virtual_clock`) 1,000 s on, ten times the budget."""
    from numba.core import event

    from anpo import _jit
    from anpo.align import heuristics

    heuristics.warm_up()
    exact.warm_up()
    land = landscape(*instance(34, 30), coalitions=3)
    warm_tabu = land.solve("tabu", seed=1, time_limit=60)
    two = landscape(*instance(35, 40))
    warm_exact = two.solve("exact", time_limit=60)
    assert warm_exact.proven
    small = landscape(*instance(36, 14), coalitions=3)
    monkeypatch.setattr(_jit, "_COMPILES", [])  # this test's virtual compilations only
    jumped = _virtual_clock(monkeypatch)

    def compiling(two: bool | None = None) -> None:
        with event.trigger_event("numba:compile", data={}):
            jumped[0] += 1000.0

    monkeypatch.setattr(heuristics, "warm_up", compiling)
    monkeypatch.setattr(exact, "warm_up", compiling)
    budget = 100.0
    tabu = land.solve("tabu", seed=1, time_limit=budget)
    assert tabu.details["stopped"] == "" and tabu.details["restarts_done"] == 32
    assert np.array_equal(tabu.config, warm_tabu.config)
    assert tabu.details["compile_seconds"] >= 1000.0 and tabu.seconds < budget
    # the exact solver: its tabu warm start compiles too; neither is charged
    proven = two.solve("exact", time_limit=budget)
    assert proven.proven and proven.energy == warm_exact.energy
    assert proven.details["compile_seconds"] >= 2000.0 and proven.seconds < budget
    assert branch_and_bound_k(small.weights, 3, time_limit=budget).proven
    assert branch_and_bound_two(two.weights, time_limit=budget).proven


def test_compare_exact_gives_the_exact_solver_what_is_left(monkeypatch):
    """With ``compare_exact`` the heuristic and the exact solver share one budget: the exact
    search's deadline is the call's start plus the budget (it used to get a whole budget of its
    own after the heuristic's, so a call took twice its budget). The heuristic's time is
    virtual (:func:`_virtual_clock`): 70 s of a 100 s budget leave the exact search at most
    30 s; 150 s leave it nothing, and it stops at once with a valid lower bound."""
    from anpo.align import heuristics

    land = landscape(*instance(37, 40))
    opt = land.solve("exact", time_limit=60)
    jumped = _virtual_clock(monkeypatch)
    real_heuristic = heuristics.heuristic
    real_search = exact.branch_and_bound_two
    spent = [70.0]
    left: list[float] = []

    def slow_heuristic(*args, **kwargs):
        out = real_heuristic(*args, **kwargs)
        jumped[0] += spent[0]
        return out

    def spy(*args, **kwargs):
        import time

        left.append(kwargs["started"] + kwargs["time_limit"] - time.perf_counter())
        return real_search(*args, **kwargs)

    monkeypatch.setattr(heuristics, "heuristic", slow_heuristic)
    monkeypatch.setattr(exact, "branch_and_bound_two", spy)
    sol = land.solve("tabu", seed=0, time_limit=100.0, compare_exact=True)
    assert len(left) == 1 and 0 < left[0] <= 30.0
    assert sol.proven and sol.optimum == pytest.approx(opt.energy)
    assert 70.0 <= sol.seconds and sol.details["exact_seconds"] <= sol.seconds - 70.0
    spent[0] = 150.0
    late = land.solve("tabu", seed=0, time_limit=100.0, compare_exact=True)
    assert len(left) == 2 and left[1] < 0
    assert late.details["exact_stopped"] == "time limit" and late.details["gap_to"] == "lower bound"
    assert late.lower_bound is not None and late.lower_bound <= opt.energy + 1e-9
    assert late.gap is not None and late.gap >= 0


def test_a_search_loads_only_its_own_kernels(monkeypatch):
    """Each search makes ready only the kernels of its case (two coalitions or ``k``; the
    heuristics for the exact solver only when its tabu warm start runs): loading all of them
    made every first call of a process pay for kernels it did not use."""
    from anpo.align import heuristics

    calls: list[tuple[str, bool | None]] = []
    monkeypatch.setattr(heuristics, "warm_up", lambda two=None: calls.append(("h", two)))
    monkeypatch.setattr(exact, "warm_up", lambda two=None: calls.append(("e", two)))
    s, p = instance(38, 30)
    landscape(s, p).solve("tabu", time_limit=60, restarts=2)
    assert calls == [("h", True)]
    calls.clear()
    landscape(s, p, coalitions=3).solve("exact", time_limit=60)
    assert calls == [("h", False), ("e", False)]
    calls.clear()
    landscape(s[:14], p[:14, :14]).solve("exact", time_limit=60)
    assert calls == [("e", True)]
    monkeypatch.undo()

    def boom(*args, **kwargs):
        raise AssertionError("a kernel of the other case was loaded")

    monkeypatch.setattr(heuristics, "_run_k", boom)
    monkeypatch.setattr(exact, "branch_and_bound_k", boom)
    heuristics.warm_up.__wrapped__(True)
    exact.warm_up.__wrapped__(True)
    monkeypatch.undo()
    monkeypatch.setattr(heuristics, "_run2", boom)
    monkeypatch.setattr(exact, "branch_and_bound_two", boom)
    heuristics.warm_up.__wrapped__(False)
    exact.warm_up.__wrapped__(False)


def test_the_exact_solver_warms_the_heuristics_only_for_its_tabu_warm_start(monkeypatch):
    """The exact solver compiles the tabu kernels (about 30 s after an install) only when its
    tabu warm start runs (more than 24 actors, ``warm_start`` on), not for small instances or
    searches without a warm start."""
    from anpo.align import heuristics

    calls: list[str] = []
    monkeypatch.setattr(heuristics, "warm_up", lambda two=None: calls.append("heuristics"))
    small = landscape(*instance(36, 14), coalitions=3)
    assert small.solve("exact", time_limit=60).proven
    big = landscape(*instance(35, 30))
    big._exact(2, max_nodes=None, time_limit=60, warm_start=False)
    assert calls == []
    big._exact(2, max_nodes=None, time_limit=60)
    assert calls == ["heuristics"]  # by the budgeted tabu search itself, on its clock

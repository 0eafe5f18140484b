"""The contract every model family keeps, checked the same way for each (as Axelrod's shared
strategy tests check every strategy): one table of families, one test per promise.

1. The same inputs and seed give the same result, bit for bit, whatever the number of numba
   threads (1 or 2) or of worker processes (serial, a pool of 1, a pool of 2): results never
   depend on who computes them.
2. The command's ``--json`` output is strict JSON (no NaN or Infinity) that parses and
   re-serialises to the very same text.
3. Bad input raises an :class:`anpo.errors.AnpoError` naming the field (the library), and the
   command exits 2 with one ``error:`` line naming the flag or the file and field (the CLI).

Families: deterrence interception (defense), exchange and stability, reaction, extended
deterrence (the dyad questions with an ally), alignment solvers (the seeded heuristics and the
exact solver), relations (portfolio similarity; the roles, on the shared data, at the end),
burden (exploitation test, Nash contributions), Japan's law (ask) and exploration (sampling and experiments).
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from _support import MINIMAL, cli
from anpo.errors import AnpoError

# ------------------------------------------------------------------ canonical results


#: Fields that report wall-clock time, not results: left out of the comparison.
WALL_CLOCK = {
    "seconds",
    "elapsed",
    "wall_seconds",
    "load_seconds",
    "exact_seconds",
    "compile_seconds",
}


def canon(x: Any) -> Any:
    """A result as plain nested values that compare equal only when every bit is equal (floats
    as their hex form, arrays with dtype and shape); wall-clock fields are left out."""
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {
            f.name: canon(getattr(x, f.name))
            for f in dataclasses.fields(x)
            if f.name not in WALL_CLOCK
        }
    if hasattr(x, "model_dump"):
        return canon(x.model_dump())
    if isinstance(x, pd.DataFrame):
        return {
            "columns": [str(c) for c in x.columns],
            "dtypes": [str(t) for t in x.dtypes],
            "values": canon({str(c): x[c].tolist() for c in x.columns}),
        }
    if isinstance(x, pd.Series):
        return canon(x.to_frame())
    if isinstance(x, np.ndarray):
        if x.dtype == object:
            return ("object-array", x.shape, canon(x.tolist()))
        return ("array", x.dtype.str, x.shape, x.tobytes())
    if isinstance(x, np.generic):
        return canon(x.item())
    if isinstance(x, float):
        return "nan" if math.isnan(x) else x.hex()
    if isinstance(x, dict):
        return {str(k): canon(v) for k, v in x.items() if k not in WALL_CLOCK}
    if isinstance(x, list | tuple):
        return [canon(v) for v in x]
    return x


# ------------------------------------------------------------------ the families


@dataclasses.dataclass(frozen=True)
class Family:
    """A model family: ``compute(seed)`` its result for a seed (deterministic families ignore
    the seed); ``bad()`` a call with one bad input, which must raise an AnpoError naming
    ``field``; ``command(tmp)`` a command line printing ``--json``; ``bad_command(tmp)`` a
    command line with one bad flag or file, whose one-line error must contain ``says``."""

    name: str
    compute: Callable[[int], Any]
    bad: Callable[[], Any]
    field: str
    command: Callable[[Path], list[str]]
    bad_command: Callable[[Path], list[str]]
    says: str


def _scenario(tmp: Path, text: str = MINIMAL, name: str = "mini.toml") -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _defense(seed: int) -> Any:
    from anpo.deterrence.defense import engagement

    rvs = np.arange(1, 120)
    return engagement(rvs, 0.7, 2, reliability=0.95)


def _defense_bad() -> Any:
    from anpo.deterrence.defense import engagement

    return engagement(10, 1.5, 2)


def _questions(seed: int) -> Any:
    """Every question of the seed for the minimal scenario with an ally: the exchange and its
    stability index, the reaction curve and the decoupling (extended deterrence) table."""
    from anpo.deterrence.questions import run
    from anpo.scenario import parse_scenario_text

    out = run(parse_scenario_text(_WITH_ALLY, "ally.toml"))
    return {k: v for k, v in out.items() if isinstance(v, pd.DataFrame)}


def _scenario_bad() -> Any:
    from anpo.scenario import parse_scenario_text

    return parse_scenario_text(MINIMAL.replace("launchers = 20", "launchers = -20"), "bad.toml")


def _reaction(seed: int) -> Any:
    """The reaction curve's fast path over a few interceptor counts (parallel over points)."""
    from anpo.deterrence.defense import Layer
    from anpo.deterrence.reaction import Growth, reaction_curve

    layers = [
        Layer(interceptors=30, sspk=0.5, shots=1),
        Layer(interceptors=100, sspk=0.7, shots=2, reliability=0.95),
    ]
    growth = Growth(2, survivable_fraction=0.5, kill_probability=0.9, allocation=3, budget=60)
    return reaction_curve(layers, growth, 3, 0.8, interceptors=list(range(0, 400, 10)))


def _reaction_bad() -> Any:
    from anpo.deterrence.defense import Layer
    from anpo.deterrence.reaction import Growth, reaction_curve

    return reaction_curve([Layer(interceptors=30, sspk=0.5)], Growth(2), 3, 1.5)


def _landscape(n: int, k: int | str = 2) -> Any:
    from anpo.align import landscape

    rng = np.random.default_rng(2001)
    p = rng.normal(size=(n, n))
    return landscape(rng.uniform(0.5, 2.0, n), (p + p.T) / 2, coalitions=k)


def _align(seed: int) -> Any:
    """The seeded heuristics (restarts run in parallel threads) and the exact solver."""
    two, three = _landscape(40), _landscape(30, 3)
    return {
        "tabu-2": two.solve("tabu", seed=seed, restarts=8),
        "anneal-2": two.solve("anneal", seed=seed, restarts=8),
        "descent-3": three.solve("descent", seed=seed, restarts=8),
        "tabu-3": three.solve("tabu", seed=seed, restarts=8),
        "exact-2": _landscape(14).solve("exact"),
    }


def _align_bad() -> Any:
    return _landscape(10).solve("tabu", seed=-1)


_TOY = """title = "toy"
[[actor]]
name = "Alpha"
size = 1
[[actor]]
name = "Beta"
size = 2
[[actor]]
name = "Gamma"
size = 1.5
[[pair]]
a = "Alpha"
b = "Beta"
p = 1
[[pair]]
a = "Beta"
b = "Gamma"
p = -2
[[pair]]
a = "Alpha"
b = "Gamma"
p = -1
"""


def _relations(seed: int) -> Any:
    from anpo.relations.similarity import similarity_matrices

    rng = np.random.default_rng(1914)
    portfolios = rng.integers(0, 4, size=(30, 30)).astype(float)
    return similarity_matrices(portfolios, weights=rng.dirichlet(np.ones(30)))


def _relations_bad() -> Any:
    from anpo.relations.similarity import similarity_matrix

    return similarity_matrix(np.array([[1.0, np.nan], [0.0, 1.0]]))


def _burden(seed: int) -> Any:
    from anpo.burden.equilibrium import cobb_douglas, nash_contributions
    from anpo.burden.stats import exploitation_test

    rng = np.random.default_rng(1964)
    gdp, burden = rng.lognormal(size=15), rng.uniform(0.01, 0.05, 15)
    return {
        "permutation": exploitation_test(
            gdp, burden, method="permutation", n_resamples=2_000, seed=seed
        ),
        "exact": exploitation_test(gdp[:12], burden[:12], method="exact"),
        "nash": nash_contributions([100.0, 60.0, 30.0], cobb_douglas(0.25)),
    }


def _burden_bad() -> Any:
    from anpo.burden.equilibrium import cobb_douglas, nash_contributions

    return nash_contributions([-1.0, 2.0], cobb_douglas(0.25))


def _law(seed: int) -> Any:
    from anpo.law import ask

    return [
        ask("2001-07-10", "surrounding-area", "transport-weapons-ammunition", "japan"),
        ask("2017-06-01", "important-influence", "transport-weapons-ammunition", "high-seas"),
    ]


def _law_bad() -> Any:
    from anpo.law import ask

    return ask("2001-07-10", "wartime", "medical")


def _explore_bad() -> Any:
    import anpo.explore as ex
    from anpo.explore.examples import noisy_sum
    from anpo.scenario.uncertainty import Uniform

    # noisy_sum(x, y, rng): both inputs (an x alone is refused first, as inputs that do not
    # fit the function, since FunctionModel checks them)
    space = {k: Uniform(low=0, high=1, basis="contract test") for k in ("x", "y")}
    model = ex.FunctionModel(noisy_sum, space)
    return ex.run(model, n=4, seed=1, out="/nonexistent-anpo/x", sampler="magic")


_WITH_ALLY = (
    MINIMAL.replace(
        '[[dyads]]\ndefender = "USA"\nrival = "CHN"\n',
        '[[dyads]]\ndefender = "USA"\nrival = "CHN"\nally = "JPN"\n',
    )
    .replace(
        '[[forces]]\nid = "cn-df5"',
        '[[actors]]\nid = "JPN"\nname = "Japan"\nccode = 740\n\n'
        # the dyad's ally is a member of the defender's alliance (audit30)
        '[[alliances]]\nid = "us-japan"\nname = "U.S.-Japan"\npatron = "USA"\n'
        'members = ["JPN"]\nsource = "test"\n\n[[forces]]\nid = "cn-df5"',
    )
    .replace('reaches = ["USA"]', 'reaches = ["USA", "JPN"]')
    + '\n[[damage]]\nactor = "JPN"\nw80 = 200\nsource = "anpo default curve"\n'
    + '\n[[counterforce]]\nstriker = "USA"\nbasing = "silo"\nkill_probability = 0.7\n'
    + 'source = "anpo assumption"\n'
)


FAMILIES = [
    Family(
        "deterrence-defense",
        _defense,
        _defense_bad,
        "sspk",
        lambda tmp: ["defense", "--rvs", "40", "--sspk", "0.7", "--shots", "2", "--json"],
        lambda tmp: ["defense", "--rvs", "10", "--sspk", "1.5"],
        "--sspk: must be a probability",
    ),
    Family(
        "deterrence-exchange-stability-extended",
        _questions,
        _scenario_bad,
        "forces[0].launchers",
        lambda tmp: ["stability", _scenario(tmp, _WITH_ALLY), "--json"],
        lambda tmp: [
            "stability",
            _scenario(tmp, MINIMAL.replace("sspk = 0.6", "sspk = 1.6"), "bad.toml"),
        ],
        f"bad.toml:{MINIMAL.splitlines().index('sspk = 0.6') + 1}: defenses[0].layers[0].sspk: ",
    ),
    Family(
        "deterrence-reaction",
        _reaction,
        _reaction_bad,
        "q",
        lambda tmp: ["defense", "--rvs", "7", "--sspk", "0.6", "--interceptors", "17", "--json"],
        lambda tmp: ["defense", "--rvs", "10", "--sspk", "0.5", "--mode", "weekly"],
        "--mode: must be 'raid' or 'rv'",
    ),
    Family(
        "align-solvers",
        _align,
        _align_bad,
        "seed",
        lambda tmp: [
            "align",
            _scenario(tmp, _TOY, "toy.toml"),
            "--method",
            "tabu",
            "--seed",
            "3",
            "--json",
        ],
        lambda tmp: ["align", _scenario(tmp, _TOY, "toy.toml"), "--coalitions", "1"],
        "--coalitions: coalitions must be >= 2",
    ),
    Family(
        "relations-similarity",
        _relations,
        _relations_bad,
        "portfolios",
        lambda tmp: ["roles", "--print-thresholds"],
        lambda tmp: ["dyads", "--years", "20x1"],
        "--years: cannot read years from '20x1'",
    ),
    Family(
        "burden-stats-equilibrium",
        _burden,
        _burden_bad,
        "income",
        lambda tmp: ["burden", "nash", "--income", "100,60,30", "--json"],
        lambda tmp: ["burden", "nash", "--income", "100,-60"],
        "--income",
    ),
    Family(
        "law-ask",
        _law,
        _law_bad,
        "situation",
        lambda tmp: [
            "law",
            "ask",
            "--date",
            "2001-07-10",
            "--situation",
            "surrounding-area",
            "--activity",
            "medical",
            "--location",
            "japan",
            "--json",
        ],  # fmt: skip
        lambda tmp: [
            "law",
            "ask",
            "--date",
            "2001-07-10",
            "--situation",
            "wartime",
            "--activity",
            "medical",
        ],  # fmt: skip
        "--situation: unknown situation 'wartime'",
    ),
]

IDS = [f.name for f in FAMILIES]


# ------------------------------------------------------------------ 1. determinism


@pytest.fixture
def numba_threads() -> Any:
    """Set numba's thread count for a block; restores it afterwards."""
    import numba

    old = numba.get_num_threads()
    yield numba.set_num_threads
    numba.set_num_threads(old)


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_same_seed_same_result_whatever_the_thread_count(
    family: Family, numba_threads: Callable[[int], None]
) -> None:
    """Twice with one thread, once with two: bit-identical results; another seed is allowed
    to differ (and, for the seeded families, the result is a function of the seed alone)."""
    import numba

    if numba.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("numba was started with one thread (NUMBA_NUM_THREADS=1)")
    numba_threads(1)
    one = canon(family.compute(7))
    again = canon(family.compute(7))
    numba_threads(2)
    two = canon(family.compute(7))
    assert one == again, f"{family.name}: two runs with one thread differ"
    assert one == two, f"{family.name}: one and two threads differ"


def test_seeded_heuristics_depend_on_the_seed() -> None:
    """The determinism above is not a constant: another seed gives other restarts (the energy
    may coincide at the optimum, the sequence of restarts does not)."""
    land = _landscape(40)
    a = land.solve("anneal", seed=7, restarts=8)
    b = land.solve("anneal", seed=8, restarts=8)
    assert canon(a) != canon(b)


@pytest.mark.slow
def test_exploration_same_results_serial_and_on_1_or_2_worker_processes(tmp_path: Path) -> None:
    """Exploration: a stochastic model's table is byte-identical run serially and on a process
    pool of 1 and of 2 workers (each experiment draws from its own seeded stream)."""
    import anpo.explore as ex
    from anpo.explore.examples import noisy_sum
    from anpo.scenario.uncertainty import Triangular, Uniform

    space = {
        "x": Uniform(low=0, high=1, basis="contract test"),
        "y": Triangular(low=0, mode=0.5, high=2, basis="contract test"),
    }
    model = ex.FunctionModel(noisy_sum, space, cases=["a", "b"])
    tables = []
    for name, kw in {
        "serial": {"executor": "serial"},
        "pool-1": {"executor": "processes", "workers": 1},
        "pool-2": {"executor": "processes", "workers": 2, "batch_size": 3},
    }.items():
        tables.append(canon(ex.load(ex.run(model, n=12, seed=5, out=tmp_path / name, **kw))))
    assert tables[0] == tables[1] == tables[2]


def test_exploration_design_depends_on_the_seed_alone() -> None:
    """The sampling design of an exploration is a function of the seed: the same seed gives
    the same points, another seed other points, for every sampler."""
    import anpo.explore as ex
    from anpo.explore.space import unit_design
    from anpo.scenario.uncertainty import Uniform

    params = ex.FunctionModel(
        _explore_identity, {"x": Uniform(low=0, high=1, basis="contract test"), "y": Uniform(low=0, high=1, basis="contract test")}
    ).params  # fmt: skip
    for sampler in ("lhs", "mc", "saltelli", "morris"):
        a, b, c = (canon(unit_design(sampler, params, 8, seed)) for seed in (3, 3, 4))
        assert a == b and a != c, sampler


def _explore_identity(x: float, y: float) -> float:
    return x + y


# ------------------------------------------------------------------ 2. JSON round trip


def _strict_json(text: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_json_output_round_trips(family: Family, tmp_path: Path) -> None:
    """``--json`` prints strict JSON that re-serialises to the same text (indent 2, as printed);
    a command without ``--json`` (the thresholds file) prints TOML that re-reads the same."""
    args = family.command(tmp_path)
    out = cli(*args)
    assert out.returncode == 0, out.stderr
    if "--json" not in args:
        import tomllib

        data = tomllib.loads(out.stdout)
        assert data and tomllib.loads(out.stdout) == data
        return
    data = _strict_json(out.stdout)
    assert json.dumps(data, indent=2, ensure_ascii=False) == out.stdout.rstrip("\n")


# ------------------------------------------------------------------ 3. bad input


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_bad_input_raises_an_anpo_error_naming_the_field(family: Family) -> None:
    with pytest.raises(AnpoError) as info:
        family.bad()
    assert info.value.field == family.field, (family.name, info.value.one_line())


@pytest.mark.parametrize("family", FAMILIES, ids=IDS)
def test_bad_command_line_is_one_line_naming_the_flag_or_field(
    family: Family, tmp_path: Path
) -> None:
    out = cli(*family.bad_command(tmp_path))
    assert out.returncode == 2, (out.stdout, out.stderr)
    err = out.stderr.strip()
    assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err, err
    assert family.says.replace("bad.toml", str(tmp_path / "bad.toml")) in err, err


def test_exploration_bad_input_names_the_field() -> None:
    with pytest.raises(AnpoError) as info:
        _explore_bad()
    assert info.value.field == "sampler", info.value.one_line()


# ------------------------------------------------------------------ relations: roles
# The roles read five real datasets (no toy stands in for them), so their contract is checked on
# the shared data, and skipped with the reason where it is absent.

_BAD_THRESHOLDS = "# roles thresholds\nfocal = 2\nidealpoint_lookback = 99\n"


def test_the_tests_of_the_shared_data_are_marked_data(
    request: pytest.FixtureRequest, roles_prep: Any
) -> None:
    """tests/conftest.py marks ``data`` every test that uses the shared data, here through
    ``roles_prep`` (``-m "not data"`` leaves them out); this module's marker was set by hand on
    one test only."""
    assert request.node.get_closest_marker("data") is not None


def test_a_test_without_the_shared_data_is_not_marked_data(request: pytest.FixtureRequest) -> None:
    assert request.node.get_closest_marker("data") is None


def test_roles_same_result_whatever_the_thread_count_and_strict_json(
    roles_prep: Any, numba_threads: Callable[[int], None]
) -> None:
    """The roles of 2001 (focal: the U.S.) are bit-identical computed twice and with 1 or 2
    numba threads, and their JSON (what ``anpo roles --json`` prints, through the CLI's own
    converter) is strict and re-serialises to the same text."""
    from anpo.cli._common import to_jsonable
    from anpo.relations.taxonomy import roles_prepared

    numba_threads(1)
    one = roles_prepared(roles_prep, 2001)
    numba_threads(2)
    two = roles_prepared(roles_prep, 2001)
    assert canon(one) == canon(two)
    text = json.dumps(to_jsonable(one), allow_nan=False, ensure_ascii=False)
    assert json.dumps(json.loads(text), allow_nan=False, ensure_ascii=False) == text
    assert {"role", "reason", "data_status"} <= set(json.loads(text)[0])


@pytest.mark.parametrize(("text", "line", "field", "says"), [
    ('focal = 2\nrivalry_lists = ["thompson"]\n', 2, "rivalry_lists", "must be among"),
    ('idealpoint_measure = "x"\n', 1, "idealpoint_measure", "must be one of"),
    ('[ally]\n\nobligations = ["defense"]\n', 3, "ally.obligations", "must be among"),
    ('[rival]\ncapability = []\n', 2, "rival.capability", "must be among"),
    ('[rival]\ncapability_combine = "sum"\n', 2, "rival.capability_combine", "'max' or 'mean'"),
    ("[rival]\nmin_degree = 0.5\nprimary_degree = 0.2\n", 3, "rival.primary_degree",
     "at least min_degree (0.5)"),
])  # fmt: skip
def test_roles_thresholds_list_and_name_checks_name_the_key(
    tmp_path: Path, text: str, line: int, field: str, says: str
) -> None:
    """A thresholds file with an unknown rivalry list, ideal-point measure, obligation or
    capability measure: the check was the model's, so the error named the table (``ally``,
    ``rival``: its header's line) or, for a top-level key, no field and no line at all
    ("th.toml: rivalry_lists must be among ..."). Each is now at the key's line and name,
    on ``anpo roles`` (exit 2) as in the library."""
    from anpo.relations.taxonomy import load_thresholds

    path = tmp_path / "th.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnpoError) as info:
        load_thresholds(path)
    err = info.value
    assert (err.file, err.line, err.field) == (str(path), line, field), err.one_line()
    assert says in err.message, err.one_line()
    out = cli("roles", "--print-thresholds", "--thresholds", str(path))
    assert out.returncode == 2 and out.stderr == f"error: {err.one_line()}\n", out.stderr


def test_roles_bad_thresholds_name_the_field(tmp_path: Path) -> None:
    """A thresholds file with a value out of range: the library's InputError names the file,
    the line and the field; ``anpo roles`` says the same in one line, before any catalog is
    opened."""
    from anpo.relations.taxonomy import load_thresholds

    bad = tmp_path / "bad.toml"
    bad.write_text(_BAD_THRESHOLDS, encoding="utf-8")
    with pytest.raises(AnpoError) as info:
        load_thresholds(bad)
    assert info.value.field == "idealpoint_lookback" and info.value.line == 3
    out = cli("roles", "--year", "2001", "--thresholds", str(bad))
    err = out.stderr.strip()
    assert out.returncode == 2 and "\n" not in err, err
    assert err.startswith(f"error: {bad}:3") and "idealpoint_lookback" in err, err


@pytest.mark.parametrize(
    ("module", "name", "says"),
    [
        ("anpo.burden.japan", "PersonnelCount", ["persons", "[dmdc2024]"]),
        ("anpo.burden.japan", "FxRate", ["yen per US dollar", "[fed2025]"]),
        ("anpo.burden.japan", "DeflatorPoint", ["2015 = about 100", "[imf2025]"]),
        ("anpo.burden.japan", "BudgetRow", ["100 million yen", "billion yen", "[mod-japan2007"]),
        ("anpo.relations.portfolios", "region_of", ["Oceania", "[cow2017]"]),
        ("anpo.explore.store", "shard_name", ["exclusive"]),
        ("anpo.explore.store", "Shard", ["exclusive"]),
        ("anpo.explore.store", "done_count", ["experiments"]),
        ("anpo.explore.store", "write_manifest", ["atomically"]),
        ("anpo.explore.executors", "ProcessExecutor", ["processes"]),
        ("anpo.explore.executors", "DaskExecutor", ["scheduler"]),
        ("anpo.futures.load", "book_dir", ["built-in futures book"]),
    ],
)
def test_public_rows_and_helpers_say_what_they_hold(
    module: str, name: str, says: list[str]
) -> None:
    """review12 F-E items 2, 4, 5: public data classes and helpers in the generated API
    reference (tools/mkdocs_hooks.py lists every public module) had no docstring: the Japan
    facts' rows gave no unit (yen? billion? which deflator base?) nor source, the COW home
    regions folded Oceania into Asia without a word."""
    import importlib

    doc = getattr(importlib.import_module(module), name).__doc__ or ""
    missing = [s for s in says if s not in " ".join(doc.split())]
    assert not missing, f"{module}.{name}: its docstring does not say {missing}"


def test_region_comment_says_oceania_is_counted_with_asia() -> None:
    """review12 F-E item 4: REGIONS (a dict, its doc a ``#:`` comment) cites the COW state list
    and says 900-999 (Oceania) is counted with Asia; the ranges are the comment's."""
    import inspect

    from anpo.relations import portfolios

    source = " ".join(
        line.lstrip("#: ") for line in inspect.getsource(portfolios).splitlines() if "#:" in line
    )
    assert "[cow2017]" in source and "Oceania" in source and "with Asia" in source
    assert portfolios.REGIONS["asia"] == (700, 999)
    assert portfolios.region_of([900, 920, 990]).tolist() == ["asia"] * 3

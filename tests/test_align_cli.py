"""``anpo align FILE`` and the instance-file readers (TOML, CSV, built-in book).

The energies checked here are [axelrod1993], n. 2 (ordered pairs)."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from _support import cli, invoke, one_line_error
from anpo.align import io
from anpo.errors import AlignError

TOY = """
title = "toy"
[[actor]]
name = "Alpha"
id = "A"
size = 1
[[actor]]
name = "Beta"
id = "B"
size = 2
[[actor]]
name = "Gamma"
id = "C"
size = 1.5
[[pair]]
a = "A"
b = "B"
p = 1
factors = { alliance = 2.0, rivalry = -1.0 }
[[pair]]
a = "Beta"
b = "C"
p = -1
"""


def test_toml_reader_and_energy(tmp_path):
    f = tmp_path / "toy.toml"
    f.write_text(TOY)
    inst = io.read_instance(f)
    assert inst.names == ["Alpha", "Beta", "Gamma"]
    assert inst.propensity[0, 1] == 1 and inst.propensity[2, 1] == -1
    assert inst.propensity[0, 2] == 0
    land = inst.landscape()
    cfg, e = land.global_minimum()
    assert land.members(cfg) == [["Alpha", "Beta"], ["Gamma"]]
    assert e == pytest.approx(-2 * 2 * 1.5)  # separated pair counted twice
    assert list(inst.pairs.columns[:3]) == ["a", "b", "p"]
    again = io.read_toml_text(io.to_toml(inst))
    assert np.array_equal(again.propensity, inst.propensity)
    assert np.array_equal(again.sizes, inst.sizes)


@pytest.mark.parametrize(
    "text, field",
    [
        (TOY.replace("size = 2", "size = -2"), "actor[1].size"),
        (TOY.replace('b = "B"', 'b = "Z"'), "pair[0].b"),
        (TOY.replace("p = 1\n", "p = 3\n"), "pair[0].factors"),
        (TOY + '[[pair]]\na = "B"\nb = "A"\np = 2\n', "pair[2]"),
        (TOY + "colour = 'red'\n", "pair[1].colour"),
        (TOY.replace('title = "toy"', 'title = "toy"\ncoalitions = 1'), "coalitions"),
        ('colour = "red"\n' + TOY, "colour"),
    ],
)
def test_toml_errors_name_the_field(tmp_path, text, field):
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(AlignError) as info:
        io.read_instance(f)
    assert info.value.field == field
    assert str(f) in info.value.one_line()


@pytest.mark.parametrize(
    "text, line",
    [
        (TOY.replace("size = 2", "size = -2"), 10),
        (TOY.replace('b = "B"', 'b = "Z"'), 17),
        (TOY.replace("p = 1\n", "p = 3\n"), 19),
        (TOY.replace('title = "toy"', 'title = "toy"\ncoalitions = 1'), 3),
        # p missing and q unknown: the key the file holds, on its own line (p's table, line 20,
        # said only that p was missing)
        (TOY.replace("p = -1", "q = -1"), 23),
    ],
)
def test_toml_errors_name_the_line(tmp_path, text, line):
    """Validation errors in a TOML instance name the line of the offending key (or of its
    [[actor]] / [[pair]] table when the key is missing)."""
    f = tmp_path / "bad.toml"
    f.write_text(text)
    with pytest.raises(AlignError) as info:
        io.read_instance(f)
    assert info.value.line == line, info.value.one_line()
    assert info.value.one_line().startswith(f"{f}:{line}: ")


def test_toml_matrix_asymmetry_names_the_entry(tmp_path):
    f = tmp_path / "m.toml"
    f.write_text(
        'propensity = [[0, 1], [2, 0]]\n[[actor]]\nname = "A"\nsize = 1\n'
        '[[actor]]\nname = "B"\nsize = 1\n'
    )
    with pytest.raises(AlignError) as info:
        io.read_instance(f)
    assert (info.value.line, info.value.field) == (1, "propensity[1][0]")


def test_toml_syntax_error_has_line(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text('title = "x"\n[[actor]\nname = 1\n')
    with pytest.raises(AlignError) as info:
        io.read_instance(f)
    assert info.value.line == 2


def test_csv_reader(tmp_path):
    f = tmp_path / "m.csv"
    f.write_text("# comment\nname,size,B,A\nA,1,2,0\nB,2,0,2\n")
    inst = io.read_instance(f)
    assert inst.names == ["A", "B"]
    assert inst.propensity[0, 1] == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("name,size,A,B\nA,1,0,1\nB,x,1,0\n")
    with pytest.raises(AlignError) as info:
        io.read_instance(bad)
    assert info.value.line == 3
    asym = tmp_path / "asym.csv"
    asym.write_text("name,size,A,B\nA,1,0,1\nB,1,2,0\n")
    with pytest.raises(AlignError) as info:
        io.read_instance(asym)
    assert (info.value.line, info.value.field) == (3, "A")
    assert "A-B is 1 but B-A is 2" in info.value.message


def test_csv_errors_name_line_and_field(tmp_path):
    """Broken CSV files: the error names the file, the line and the column (brief: one-line
    errors with file, line, field)."""
    cases = {
        "name,size,A,B,C\nA,1,0,1,2\nB,-2,1,0,3\nC,3,2,3,0\n": (3, "size"),
        "name,size,A,B,C\nA,1,0,1,2\nB,2,1,0,3\nC,3,2,nan,0\n": (4, "B"),
        "name,size,A,B,C\nA,1,0,1,2\nB,2,1,0,3\nC,3,2,x,0\n": (4, "B"),
        "name,size,A,B,C\nA,1,0,1,2\nB,2,1,0,3\nC,3,2,4,0\n": (4, "B"),
        # opposite entries of 1e308 overflowed in the symmetry check (nightly fuzz run)
        "name,size,A,B\nA,1,0,1e308\nB,1,-1e308,0\n": (2, "B"),
    }
    for q, (text, (line, field)) in enumerate(cases.items()):
        f = tmp_path / f"bad{q}.csv"
        f.write_text(text)
        with pytest.raises(AlignError) as info:
            io.read_instance(f)
        assert (info.value.line, info.value.field) == (line, field), text
        assert info.value.one_line().startswith(f"{f}:{line}: {field}: ")


def test_csv_non_finite_diagonal_is_ignored_without_a_numerical_warning(tmp_path):
    """A one-actor matrix whose only cell (the diagonal) is 1e309 = inf: the diagonal is ignored,
    and inf - inf in the symmetry check no longer warns (nightly fuzz run)."""
    f = tmp_path / "one.csv"
    f.write_text("name,size,s0\ns0,1e9,1e309\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        inst = io.read_instance(f)
    assert inst.names == ["s0"] and inst.propensity.shape == (1, 1)


def test_csv_blank_diagonal_is_ignored(tmp_path):
    """The diagonal never enters the model (d_ii = 0; [axelrod1993], n. 2 sums over
    j != i), so a matrix with a blank or nonzero diagonal reads as the same instance."""
    a = tmp_path / "a.csv"
    a.write_text("name,size,A,B,C\nA,1,,1,-2\nB,2,1,,3\nC,3,-2,3,\n")
    b = tmp_path / "b.csv"
    b.write_text("name,size,A,B,C\nA,1,5,1,-2\nB,2,1,0,3\nC,3,-2,3,1\n")
    pa, pb = io.read_instance(a).propensity, io.read_instance(b).propensity
    assert np.array_equal(pa, pb) and np.all(np.diag(pa) == 0)
    assert pa[1, 2] == 3 and pa[0, 2] == -2


def test_cli_json(tmp_path):
    f = tmp_path / "toy.toml"
    f.write_text(TOY)
    res = cli("align", str(f), "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["global_minimum"]["coalitions"] == [["Alpha", "Beta"], ["Gamma"]]
    assert data["global_minimum"]["energy"] == pytest.approx(-6.0)
    assert data["global_minimum"]["proven"] is True
    assert data["local_minima"][0]["basin_share"] == pytest.approx(1.0)
    assert data["configurations"] == 4


def test_cli_table_and_coalitions(tmp_path):
    f = tmp_path / "m.csv"
    rng = np.random.default_rng(0)
    n = 7
    p = np.round(rng.normal(size=(n, n)), 2)
    p = np.triu(p, 1)
    p = p + p.T
    names = [f"S{i}" for i in range(n)]
    lines = ["name,size," + ",".join(names)]
    for i in range(n):
        lines.append(f"{names[i]},{i + 1}," + ",".join(str(v) for v in p[i]))
    f.write_text("\n".join(lines) + "\n")
    res = cli("align", str(f))
    assert res.returncode == 0, res.stderr
    assert "Global minimum" in res.stdout and "Local minima" in res.stdout
    res3 = cli("align", str(f), "--coalitions", "auto", "--json")
    assert res3.returncode == 0, res3.stderr
    data = json.loads(res3.stdout)
    assert data["coalitions"] == "auto"
    # the free-number minimum is never above the two-coalition minimum
    res2 = json.loads(cli("align", str(f), "--json").stdout)
    assert data["global_minimum"]["energy"] <= res2["global_minimum"]["energy"] + 1e-9
    resh = cli("align", str(f), "--method", "tabu", "--no-minima", "--json")
    assert json.loads(resh.stdout)["local_minima"] is None


def test_cli_says_why_the_local_minima_are_absent(tmp_path):
    """``local_minima: null`` comes with ``local_minima_reason`` (the table says the same):
    skipped on request, or more configurations (2^29 for 30 actors) than the enumeration takes."""
    f = tmp_path / "toy.toml"
    f.write_text(TOY)
    data = json.loads(cli("align", str(f), "--json").stdout)
    assert data["local_minima"] and data["local_minima_reason"] is None
    data = json.loads(cli("align", str(f), "--no-minima", "--json").stdout)
    assert data["local_minima"] is None
    assert data["local_minima_reason"] == "not enumerated: --no-minima"
    n = 30
    rng = np.random.default_rng(1)
    p = np.triu(np.round(rng.normal(size=(n, n)), 2), 1)
    p = p + p.T
    names = [f"S{i}" for i in range(n)]
    rows = ["name,size," + ",".join(names)]
    rows += [f"{names[i]},1," + ",".join(str(v) for v in p[i]) for i in range(n)]
    big = tmp_path / "big.csv"
    big.write_text("\n".join(rows) + "\n")
    res = cli("align", str(big), "--method", "descent", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["local_minima"] is None
    assert data["local_minima_reason"].startswith("not enumerated: 536,870,912 configurations")
    res = cli("align", str(big), "--method", "descent")
    assert "Local minima not enumerated: 536,870,912 configurations, more than" in res.stdout


def _random_csv(path, n: int, seed: int):  # type: ignore[no-untyped-def]
    """A CSV instance of ``n`` equal-size actors with rounded Gaussian propensities."""
    rng = np.random.default_rng(seed)
    p = np.triu(np.round(rng.normal(size=(n, n)), 2), 1)
    p = p + p.T
    names = [f"S{i}" for i in range(n)]
    rows = ["name,size," + ",".join(names)]
    rows += [f"{names[i]},1," + ",".join(str(v) for v in p[i]) for i in range(n)]
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.mark.slow
def test_cli_heuristics_report_their_gap_where_the_optimum_is_cheap(tmp_path):
    """Issue 4: the heuristics report the gap to the exact optimum where that is known. The
    CLI gave ``proven: false, gap: null`` for every heuristic; now it compares within the
    exact solver's calibrated fast range (here 20 actors, 3 coalitions: seeded descent misses
    the optimum by about 0.94%; the instance of seed 11 it missed by 0.9% is solved since descent
    runs in actor-name order, and the 16-actor instance of seed 57 it missed by 1.2% since its
    restarts draw independent streams), takes the enumeration's optimum when the minima were
    enumerated, and says why the gap is null otherwise."""
    f = _random_csv(tmp_path / "m20.csv", 20, 25)
    args = ("align", str(f), "--coalitions", "3", "--method", "descent", "--no-minima")
    g = json.loads(cli(*args, "--json").stdout)["global_minimum"]
    exact = json.loads(cli("align", str(f), "-k", "3", "--method", "exact", "--json").stdout)
    assert g["optimum"] == pytest.approx(exact["global_minimum"]["energy"])
    assert g["gap"] == pytest.approx((g["energy"] - g["optimum"]) / abs(g["optimum"]))
    assert g["gap"] > 0.001 and g["proven"] is False
    assert "proven by the exact solver" in g["gap_note"]
    assert "within the exact solver's fast range (40)" in g["gap_note"]
    table = cli(*args).stdout
    assert "gap: 0.94% = (E - optimum) / |optimum|" in table
    off = json.loads(cli(*args, "--no-compare-exact", "--json").stdout)["global_minimum"]
    assert off["gap"] is None and off["gap_note"] == "not compared: --no-compare-exact"
    # enumerated: the lowest local minimum is the optimum
    small = _random_csv(tmp_path / "m7.csv", 7, 0)
    data = json.loads(cli("align", str(small), "--method", "anneal", "--json").stdout)
    g = data["global_minimum"]
    assert g["optimum"] == pytest.approx(data["local_minima"][0]["energy"])
    assert g["gap"] == pytest.approx(0.0) and g["proven"] is True
    assert "proven by the enumeration" in g["gap_note"]
    # beyond the fast range (a free number of coalitions: 30 actors): not compared, and said
    big = _random_csv(tmp_path / "m31.csv", 31, 1)
    args = ("align", str(big), "--coalitions", "auto", "--method", "descent", "--json")
    g = json.loads(cli(*args).stdout)["global_minimum"]
    assert g["gap"] is None and g["optimum"] is None
    assert g["gap_note"].startswith("not compared: 31 actors, beyond the exact solver's fast")
    # proven solvers: the gap is null because the configuration is the optimum
    g = json.loads(cli("align", str(small), "--method", "exact", "--json").stdout)
    assert g["global_minimum"]["gap_note"].startswith("none: the configuration is a proven")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("align", "/nonexistent/file.toml"), "/nonexistent/file.toml: no such file"),
        (("align", "BADFILE.txt"), "BADFILE.txt: unknown file type; use .toml or .csv"),
        (("align", "book:nope"), "no built-in instance 'nope'"),
        (("align", "@TOY", "--coalitions", "1"), "--coalitions: coalitions must be >= 2"),
        (("align", "@TOY", "--coalitions", "many"), "--coalitions: coalitions must be an integer"),
        (("align", "@TOY", "--method", "magic"), "--method: unknown method 'magic'"),
        (("align", "@BADCSV"), "@BADCSV:3: size: "),
        (("align", "@BADTOML"), "@BADTOML:10: actor[1].size: "),
        # checked only by the solvers that use it: the enumeration ran with --time-limit -1
        (("align", "@TOY", "--time-limit", "-1"), "--time-limit: must be a positive number"),
        (("align", "@TOY", "--time-limit", "0"), "--time-limit: must be a positive number"),
        # no war number at all ran every war, minutes of work, as if --wars were not given
        (("align", "backtest", "--wars", "", "--no-peace"), "--wars: give COW war numbers"),
        (("align", "backtest", "--wars", " , ", "--no-peace"), "--wars: give COW war numbers"),
    ],
)
def test_cli_errors_are_one_line_exit_2(tmp_path, args, says):
    """Each bad input: exit 2, one ``error:`` line naming the file (and line) or the flag, and
    the field, nothing on standard output, no traceback."""
    f = tmp_path / "toy.toml"
    f.write_text(TOY)
    (tmp_path / "BADFILE.txt").write_text("x")
    (tmp_path / "bad.csv").write_text("name,size,A,B\nA,1,0,1\nB,0,1,0\n")
    (tmp_path / "bad.toml").write_text(TOY.replace("size = 2", "size = 0"))
    files = {
        "@TOY": str(f),
        "@BADCSV": str(tmp_path / "bad.csv"),
        "@BADTOML": str(tmp_path / "bad.toml"),
    }
    args = tuple(files.get(a, a) for a in args)
    res = cli(*args, cwd=tmp_path)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert res.stdout == ""
    for name, path in files.items():
        says = says.replace(name, path)
    assert res.stderr.startswith("error: ") and says in res.stderr, res.stderr


def test_align_prints_the_recipe_accuracy_of_the_stored_backtest(shared_data, anpo_home):
    """Accuracy beside the answers: `anpo align FILE` on an instance built by a recipe prints
    that recipe's held-out back-test scores when a default `anpo align backtest` stored them for
    the catalog's datasets (here a stored summary, as the back-test writes it), and otherwise
    how to get them; the JSON carries them (``recipe_accuracy``, null without a back-test). A
    catalog whose datasets change finds no scores: never another catalog's figures."""
    from anpo.align.accuracy import store_summary
    from anpo.cli.align import _sources
    from anpo.data.catalog import Catalog

    cat = Catalog.open(anpo_home)
    cat.add(shared_data / "cow" / "states2016.csv")
    before = cli("align", "solve", "book:asia_pacific_2001")
    assert before.returncode == 0, before.stderr
    assert "`anpo align backtest`" in before.stderr and "placed on their side" not in before.stderr
    assert (
        json.loads(cli("align", "solve", "book:asia_pacific_2001", "--json").stdout)[
            "recipe_accuracy"
        ]
        is None
    )
    row = {"correct": 7, "participants": 9, "wars": 2, "mean_balanced": 0.7}
    summary = {
        "recipe": "anpo-align-recipe/2",
        "headline": "recipe2_held_out",
        "predictors": {"recipe2_held_out": row, "alliance": {**row, "mean_balanced": 0.6}},
        "peacetime": {
            "cases": 2,
            "scored": 40,
            "placed": 38,
            "without_factor": 34,
            "majority": 31,
            "years": [2001],
        },
        "axelrod_bennett_17": None,
        "data": {"nmc": "COW National Material Capabilities 0.1"},
    }
    store_summary(anpo_home, _sources(cat), summary)
    after = cli("align", "solve", "book:asia_pacific_2001")
    note = " ".join(after.stderr.split())
    assert (
        "accuracy of recipe 2 (anpo align backtest, weights fitted on the other wars): 7 of 9"
        in note
    )
    assert "alliances alone 0.60" in note
    # peacetime: the fair measure (without the factor that defines the target) and its
    # baseline, not the full recipe's 38 of 40; a back-test on other data versions is named
    assert "34 of 40 states placed" in note and "(85%, against 78% for everyone on one side" in note
    assert "38 of 40" not in note
    assert "other data versions than this instance: COW National Material Capabilities 0.1" in note
    out = json.loads(cli("align", "solve", "book:asia_pacific_2001", "--json").stdout)
    assert out["recipe_accuracy"]["backtest"] == summary
    cat.add(shared_data / "peacesciencer" / "tss_rivalries.csv")  # another catalog
    again = cli("align", "solve", "book:asia_pacific_2001")
    assert "placed on their side" not in again.stderr


def test_sensitivity_without_the_default_anchor_names_the_actors(tmp_path: Path) -> None:
    """`anpo align sensitivity my.toml` on a file with no 'USA' said '--anchor: unknown actor
    'USA'' to a user who typed no --anchor and was not told what to pass: the error now says
    'USA' is the default and lists the file's actors (one line, exit 2)."""
    f = tmp_path / "two.toml"
    f.write_text(
        'title = "t"\ncoalitions = 2\n'
        '[[actor]]\nname = "Aland"\nid = "A"\nsize = 1\n'
        '[[actor]]\nname = "Bland"\nid = "B"\nsize = 1\n'
        '[[pair]]\na = "A"\nb = "B"\np = -1\nfactors = { alliance = -1.0 }\n',
        encoding="utf-8",
    )
    err = one_line_error(invoke("align", "sensitivity", str(f)))
    assert err == (
        "error: --anchor: unknown actor 'USA' (the default, not an actor of this instance); "
        "pass --anchor with one of the instance's actors: A, B"
    ), err
    assert invoke("align", "sensitivity", str(f), "--anchor", "A").exit_code == 0


def test_sensitivity_anchor_is_compared_in_nfc(tmp_path: Path) -> None:
    """Actor names are read in NFC (anpo.align.io), and an anchor is compared so too: an
    --anchor typed with a combining accent ('Be' + U+0301 + 'nin') was refused as 'unknown actor
    'Bénin'' by a message listing Bénin among the actors."""
    import unicodedata

    f = tmp_path / "accents.toml"
    f.write_text(
        'title = "t"\ncoalitions = 2\n'
        '[[actor]]\nname = "Bénin"\nsize = 1\n'
        '[[actor]]\nname = "Togo"\nsize = 1\n'
        '[[pair]]\na = "Bénin"\nb = "Togo"\np = -1\nfactors = { alliance = -1.0 }\n',
        encoding="utf-8",
    )
    typed = unicodedata.normalize("NFD", "Bénin")
    assert typed != "Bénin"
    r = invoke("align", "sensitivity", str(f), "--anchor", typed)
    assert r.exit_code == 0, r.output
    assert "relative to Bénin" in r.stdout, r.stdout


def test_solve_headline_counts_in_the_singular_for_one(tmp_path: Path) -> None:
    """A one-actor instance read '1 actors, at most 1 coalitions, 1 configurations'."""
    f = tmp_path / "one.toml"
    f.write_text('title = "t"\ncoalitions = 2\n[[actor]]\nname = "A"\nsize = 1\n')
    r = invoke("align", str(f))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("t: 1 actor, at most 1 coalition, 1 configuration\n"), r.stdout


def test_sensitivity_of_a_file_without_factors_names_the_file(tmp_path: Path) -> None:
    """A hand-written instance gives each pair's propensity p alone: sensitivity, which varies
    the factors' weights, said 'error: pairs: the instance has no per-pair factor
    contributions', naming neither the file nor what is missing in it."""
    f = tmp_path / "plain.toml"
    f.write_text(
        'title = "t"\ncoalitions = 2\n'
        '[[actor]]\nname = "Aland"\nid = "A"\nsize = 1\n'
        '[[actor]]\nname = "Bland"\nid = "B"\nsize = 1\n'
        '[[pair]]\na = "A"\nb = "B"\np = -1\n',
        encoding="utf-8",
    )
    err = one_line_error(invoke("align", "sensitivity", str(f), "--anchor", "A"))
    assert err.startswith(f"error: {f}: pair: the pairs give propensities (p) but no factors"), err
    assert "factors = {...} of each [[pair]]" in err


def test_errors_name_the_flag_the_user_typed(
    shared_data, anpo_home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`anpo align sensitivity --anchor X` with an unknown actor names --anchor, and
    `anpo align-build` for a year where some of its states have no capabilities (the recipe's
    error about its ``codes``) names --states, the states to change. Before: 'actor:' and
    'codes:', names the commands do not have."""
    from anpo.align import recipe
    from anpo.data.catalog import Catalog

    ran = cli("align", "sensitivity", "book:asia_pacific_2001", "--anchor", "nonsense")
    assert ran.returncode == 2, ran.stderr
    assert ran.stderr.startswith("error: --anchor: unknown actor 'nonsense'; pass --anchor with")
    assert ran.stderr.endswith(
        "actors: USA, JPN, CHN, RUS, ROK, PRK, AUL, NEW, TAW, IND, PHI, INS, THI, DRV, MAL, SIN, MYA, CAM, LAO, BRU\n"
    )
    Catalog.open(anpo_home).add(shared_data / "cow" / "states2016.csv")

    def no_cinc(*args: object, **kwargs: object) -> None:  # what sizes_from_nmc raises in 1820
        raise AlignError("no positive CINC for states [740] in 1820", field="codes")

    monkeypatch.setattr(recipe, "datasets_from", lambda read, rec: {})
    monkeypatch.setattr(recipe, "build_instance", no_cinc)
    ran = cli("align-build", "--year", "1820")
    assert ran.returncode == 2, ran
    assert ran.stderr == "error: --states: no positive CINC for states [740] in 1820\n"
    # the recipe's own field name, 'recipe:', not the flag: the option's parameter is recipe_id
    ran = cli("align-build", "--year", "2001", "--recipe", "anpo-align-recipe/9")
    assert ran.returncode == 2, ran
    assert ran.stderr.startswith("error: --recipe: unknown recipe 'anpo-align-recipe/9'; known:")


def test_align_build_names_a_state_given_twice(
    shared_data, anpo_home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`anpo align-build --states 2,USA,740` (the U.S. twice, by code and abbreviation) said
    "give at least two distinct states", though two were; it names the state given twice.
    One state alone still asks for two."""
    from anpo.align import recipe
    from anpo.data.catalog import Catalog

    Catalog.open(anpo_home).add(shared_data / "cow" / "states2016.csv")
    monkeypatch.setattr(recipe, "datasets_from", lambda read, rec: {})
    err = one_line_error(invoke("align-build", "--year", "2001", "--states", "2,USA,740"))
    assert err == "error: --states: state 2 (USA) is given twice", err
    err = one_line_error(invoke("align-build", "--year", "2001", "--states", "JPN"))
    assert err == "error: --states: give at least two distinct states", err


def test_align_build_refuses_an_out_folder_before_reading_the_catalog(tmp_path):
    """`anpo align-build --out DIR.toml` said "exists; ... pass --force", and with --force
    built the instance and then failed with "Is a directory"; a folder is refused at once, as
    a folder, whether or not there is a catalog to read, and is left as it was."""
    folder = tmp_path / "inst.toml"
    folder.mkdir()
    (folder / "mine.txt").write_text("mine\n")
    for extra in ([], ["--force"]):
        ran = cli("align-build", "--year", "2001", "--out", str(folder), *extra)
        assert ran.returncode == 2 and ran.stderr.count("\n") == 1, ran.stderr
        assert "--out: is a directory" in ran.stderr and "catalog" not in ran.stderr
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc")
def test_align_build_refuses_an_out_it_cannot_write_before_reading_the_catalog():
    """An --out in a folder nothing can be created in (/proc; root passes the permission
    bits) was found out only after the instance was built; it is refused at once."""
    ran = cli("align-build", "--year", "2001", "--out", "/proc/anpo-instance.toml")
    assert ran.returncode == 2 and ran.stderr.count("\n") == 1, ran.stderr
    assert "--out: cannot write in /proc" in ran.stderr and "catalog" not in ran.stderr


def test_compare_exact_help_gives_the_calibrated_limits() -> None:
    """``anpo align --compare-exact``'s help names the exact solver's calibrated fast range;
    the figures there are typed into the help text (importing the solver at the CLI's start-up
    is avoided), so they are checked against :data:`anpo.align.landscape.AUTO_EXACT_MAX` and
    ``AUTO_EXACT_MAX_MANY``, the limits ``solve("auto")`` and the gap rule use."""
    import inspect

    from anpo.align.landscape import AUTO_EXACT_MAX, AUTO_EXACT_MAX_MANY
    from anpo.cli.align import align

    help_text = inspect.signature(align).parameters["compare_exact"].default.help
    limits = (
        f"2 coalitions: up to {AUTO_EXACT_MAX[2]} actors; 3: {AUTO_EXACT_MAX[3]}; "
        f"4: {AUTO_EXACT_MAX[4]}; more or a free number: {AUTO_EXACT_MAX_MANY}"
    )
    assert limits in help_text
    assert sorted(AUTO_EXACT_MAX) == [2, 3, 4]


def test_to_toml_round_trips_control_characters_and_odd_keys():
    """TOML 1.0 forbids control characters in basic strings and needs quotes for keys with
    spaces or dots: a title with a newline, a name with a tab and a provenance key 'built by'
    gave a file tomllib could not read (only backslash and quote were escaped). (A name with a
    tab is now refused on reading, test_align_names; the title keeps its control characters.)"""
    inst = io.Instance(
        names=["Al pha", 'Be"ta\\'],
        sizes=np.array([1.0, 2.0]),
        propensity=np.array([[0.0, 1.0], [1.0, 0.0]]),
        title="two\nlines \x7f",
        provenance={"built by": "me", "a.b": 1},
    )
    again = io.read_toml_text(io.to_toml(inst))
    assert again.names == inst.names and again.title == inst.title
    assert again.provenance == inst.provenance
    assert np.array_equal(again.propensity, inst.propensity)


@given(st.text())
@example("ally\n")
def test_toml_string_reads_back_as_itself(s):
    """Any text, control characters included, reads back from the TOML basic string written
    (TOML 1.0, 'String': basic strings). The example: a key of letters and a final newline was
    written bare, the newline breaking the line ('$' of the bare-key check matched before it)."""
    import tomllib

    from anpo._toml import toml_key, toml_string

    assert tomllib.loads(f"x = {toml_string(s)}")["x"] == s
    if s:
        assert tomllib.loads(f"{toml_key(s)} = 1") == {s: 1}


def test_solve_writes_tied_energies_at_the_instance_scale(tmp_path):
    """review10 F5: three mutually hostile actors of propensity -1e-14 (every pair split but
    one: E = -4e-14, ordered pairs [axelrod1993], n. 2) tie in three configurations. The tie
    sentence and the minima table wrote that energy '0' (fmt_number's absolute noise rule)
    under a headline of -4e-14; they now write it at the instance's scale."""
    f = tmp_path / "tie.csv"
    f.write_text(
        "name,size,A,B,C\nA,1,,-1e-14,-1e-14\nB,1,-1e-14,,-1e-14\nC,1,-1e-14,-1e-14,\n",
        encoding="utf-8",
    )
    ran = cli("align", "solve", str(f), env={"COLUMNS": "200"})
    assert ran.returncode == 0, ran.stderr
    assert "Global minimum (E = -4e-14," in ran.stdout
    assert "3 configurations tie for the lowest energy (-4e-14)" in ran.stdout
    energies = [ln.split("│")[2].strip() for ln in ran.stdout.splitlines() if ln.startswith("│")]
    assert energies == ["-4e-14"] * 3, ran.stdout

"""``anpo align FILE`` and the instance-file readers (TOML, CSV, built-in book).

The energies checked here are Axelrod & Bennett (1993), n. 9 (ordered pairs)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from anpo.align import io
from anpo.errors import AlignError
from conftest import run_anpo

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
    assert info.value.field == "propensity"


def test_cli_json(tmp_path):
    f = tmp_path / "toy.toml"
    f.write_text(TOY)
    res = run_anpo("align", str(f), "--json")
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
    res = run_anpo("align", str(f))
    assert res.returncode == 0, res.stderr
    assert "Global minimum" in res.stdout and "Local minima" in res.stdout
    res3 = run_anpo("align", str(f), "--coalitions", "auto", "--json")
    assert res3.returncode == 0, res3.stderr
    data = json.loads(res3.stdout)
    assert data["coalitions"] == "auto"
    # the free-number minimum is never above the two-coalition minimum
    res2 = json.loads(run_anpo("align", str(f), "--json").stdout)
    assert data["global_minimum"]["energy"] <= res2["global_minimum"]["energy"] + 1e-9
    resh = run_anpo("align", str(f), "--method", "tabu", "--no-minima", "--json")
    assert json.loads(resh.stdout)["local_minima"] is None


@pytest.mark.parametrize(
    "args",
    [
        ("align", "/nonexistent/file.toml"),
        ("align", "BADFILE.txt"),
        ("align", "book:nope"),
        ("align", "@TOY", "--coalitions", "1"),
        ("align", "@TOY", "--coalitions", "many"),
        ("align", "@TOY", "--method", "magic"),
    ],
)
def test_cli_errors_are_one_line_exit_2(tmp_path, args):
    f = tmp_path / "toy.toml"
    f.write_text(TOY)
    (tmp_path / "BADFILE.txt").write_text("x")
    args = tuple(str(f) if a == "@TOY" else a for a in args)
    res = run_anpo(*args, cwd=tmp_path)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert res.stdout == ""

"""CLI: anpo dyads and anpo similarity on a catalog built from the shared data."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from anpo.relations import s_score
from conftest import run_anpo


@pytest.fixture(scope="module")
def home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    h = tmp_path_factory.mktemp("cli") / "home"
    files = ["cow/states2016.csv", "cow/NMC-60-abridged.csv", "peacesciencer/atop_alliance.csv.gz"]
    r = run_anpo("data", "add", *[str(shared_data / f) for f in files], env={"ANPO_HOME": str(h)})
    assert r.returncode == 0, r.stderr
    return {"ANPO_HOME": str(h)}


def test_dyads_to_parquet_and_csv(home: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "d.parquet"
    r = run_anpo(
        "dyads",
        "--years",
        "1816,1914",
        "--add",
        "capabilities,alliances",
        "--out",
        str(out),
        env=home,
    )
    assert r.returncode == 0, r.stderr
    frame = pd.read_parquet(out)
    assert frame.groupby("year").size().to_dict() == {1816: 506, 1914: 1980}
    assert {"cinc1", "cinc2", "atop_defense"} <= set(frame.columns)
    # an existing file is never overwritten without --force
    r = run_anpo("dyads", "--years", "2001", "--out", str(out), env=home)
    assert r.returncode == 2 and "exists" in r.stderr
    assert len(pd.read_parquet(out)) == 506 + 1980
    csv = tmp_path / "d.csv"
    r = run_anpo("dyads", "--years", "2001", "--undirected", "--out", str(csv), env=home)
    assert r.returncode == 0 and len(pd.read_csv(csv)) == 191 * 190 // 2


def test_dyads_errors(home: dict[str, str], tmp_path: Path) -> None:
    for args in (
        ("dyads", "--years", "20x1"),
        ("dyads", "--years", "2001", "--add", "trade"),
        ("dyads", "--years", "2001", "--add", "rivalries"),  # not in this catalog
        ("dyads", "--years", "2001", "--out", str(tmp_path / "x.xlsx")),
    ):
        r = run_anpo(*args, env=home)
        assert r.returncode == 2, args
        assert r.stderr.startswith("error:") and "Traceback" not in r.stderr


def test_similarity_one_dyad(home: dict[str, str], shared_data: Path) -> None:
    """US-Japan 2001: the CLI value equals s_score on the two portfolio rows."""
    import anpo.data as data
    from anpo.relations import alliance_portfolios

    r = run_anpo("similarity", "--years", "2001", "--dyad", "740,2", "--json", env=home)
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)[0]
    atop = data.read_atop_dyad(shared_data / "peacesciencer/atop_alliance.csv.gz")
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    codes, mat = alliance_portfolios(atop, 2001, states)
    i, j = list(codes).index(2), list(codes).index(740)
    assert rec["s_abs"] == pytest.approx(s_score(mat[i], mat[j]), abs=1e-12)


def test_similarity_outside_the_atop_years_says_so(home: dict[str, str], tmp_path: Path) -> None:
    """No empty table or file for years ATOP does not cover: an error naming its years."""
    out = tmp_path / "s.csv"
    r = run_anpo("similarity", "--years", "1700", "--out", str(out), env=home)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "ATOP data cover 1815-2018" in r.stderr and not out.exists()

"""``anpo burden`` command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_anpo


@pytest.fixture(scope="module")
def sipri_path(shared_data: Path) -> Path:
    path = shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"
    if not path.exists():
        pytest.skip("SIPRI excerpt absent")
    return path


@pytest.fixture
def empty_home(tmp_path: Path) -> dict[str, str]:
    return {"ANPO_HOME": str(tmp_path / "no-catalog")}


def test_test_json(sipri_path: Path, empty_home: dict[str, str]) -> None:
    r = run_anpo(
        "burden", "test", "--alliance", "nato", "--year", "1964", "--sipri", str(sipri_path),
        "--alternative", "greater", "--json", env=empty_home,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    res = out["results"][0]
    assert out["alliance"] == "nato" and res["year"] == 1964
    assert res["members"] == 15 and res["n"] == 14
    assert any(e.startswith("Iceland") for e in res["excluded"])
    assert res["rho"] > 0 and res["p_value"] < 0.05
    assert res["method"].startswith("t-approximation")
    assert out["sources"]["sipri"]["dataset"] == "SIPRI Military Expenditure Database"
    assert "share of GDP" in out["gdp_definition"]


def test_test_with_control(sipri_path: Path, shared_data: Path, empty_home: dict[str, str]) -> None:
    nmc = shared_data / "cow" / "NMC-60-abridged.csv"
    r = run_anpo(
        "burden", "test", "--alliance", "nato", "--year", "1995", "--control", "gdp_per_capita",
        "--sipri", str(sipri_path), "--nmc", str(nmc), "--json", env=empty_home,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)["results"][0]
    assert res["controls"] == ["gdp_per_capita"]
    assert res["df"] == res["n"] - 3
    assert res["p_value_exact"] is None and "t-approximation" in res["method"]


def test_test_human_table(sipri_path: Path, empty_home: dict[str, str]) -> None:
    r = run_anpo(
        "burden", "test", "--alliance", "asia", "--year", "1990-1992", "--sipri", str(sipri_path),
        env=empty_home,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "Exploitation test" in r.stdout and "1991" in r.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--year", "1995"], "no military-expenditure data"),
        (["--alliance", "warsaw", "--year", "1995"], "unknown alliance"),
        (["--year", "19x5"], "--year must be"),
        (["--year", "1995", "--alternative", "up"], "alternative must be"),
    ],
)
def test_errors_are_one_line(args: list[str], needle: str, empty_home: dict[str, str]) -> None:
    r = run_anpo("burden", "test", *args, env=empty_home)
    assert r.returncode == 2
    assert needle in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_control_without_population(sipri_path: Path, empty_home: dict[str, str]) -> None:
    r = run_anpo(
        "burden", "test", "--year", "1995", "--control", "gdp_per_capita", "--sipri",
        str(sipri_path), env=empty_home,
    )  # fmt: skip
    assert r.returncode == 2 and "needs population" in r.stderr


def test_damaged_workbook(tmp_path: Path, empty_home: dict[str, str]) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    r = run_anpo("burden", "test", "--year", "1995", "--sipri", str(bad), env=empty_home)
    assert r.returncode == 2
    assert "broken.xlsx" in r.stderr and "Traceback" not in r.stderr
    assert bad.read_bytes() == b"PK\x03\x04 not really a zip"


def test_members_and_japan_json(empty_home: dict[str, str]) -> None:
    r = run_anpo("burden", "members", "--alliance", "nato", "--year", "1982", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert len(out["members"]) == 16 and out["members"][-1]["country"] == "Spain"
    r = run_anpo("burden", "japan", "--json", env=empty_home)
    assert r.returncode == 0, r.stderr
    j = json.loads(r.stdout)
    assert {row["fy"] for row in j["hns_bn_yen"]} >= {1999, 2021}
    assert j["support_vs_spending"][0]["japan_milex_usd_bn"] is None  # no data, no invention


def test_nash(empty_home: dict[str, str]) -> None:
    r = run_anpo("burden", "nash", "--income", "30,28,25,3", "--a", "0.3", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["total"] == pytest.approx(83 / 8, rel=1e-6)
    assert out["closed_form_total"] == pytest.approx(83 / 8)
    r = run_anpo("burden", "nash", "--income", "1,x")
    assert r.returncode == 2 and "numbers" in r.stderr


def test_shares(sipri_path: Path, empty_home: dict[str, str]) -> None:
    r = run_anpo(
        "burden", "shares", "--year", "1964", "--sipri", str(sipri_path), "--json", env=empty_home
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["shares"][0]["country"] == "United States"
    assert out["excluded"] == ["Iceland"]


def test_year_outside_data_is_an_error(sipri_path: Path, empty_home: dict[str, str]) -> None:
    r = run_anpo("burden", "test", "--year", "2030", "--sipri", str(sipri_path), env=empty_home)
    assert r.returncode == 2
    assert "no data for 2030" in r.stderr and "1948-2023" in r.stderr


def test_any_column_as_control(
    sipri_path: Path, tmp_path: Path, empty_home: dict[str, str]
) -> None:
    """A user column (here a made-up 'exposed_borders' score) held fixed, as in Sandler &
    Murdoch (2000, Table 9); Iceland has no data and is excluded, not zeroed."""
    table = tmp_path / "borders.csv"
    codes = [2, 20, 211, 390, 220, 260, 350, 325, 212, 210, 385, 235, 640, 200, 230]
    table.write_text(
        "ccode,exposed_borders\n" + "".join(f"{c},{i % 4}\n" for i, c in enumerate(codes)),
        encoding="utf-8",
    )
    r = run_anpo(
        "burden", "test", "--year", "1985", "--sipri", str(sipri_path), "--controls-csv",
        str(table), "--control", "exposed_borders", "--json", env=empty_home,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)["results"][0]
    assert res["n"] == 15 and res["df"] == 12
    assert res["controls"] == ["exposed_borders"]

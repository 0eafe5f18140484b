"""Burden sharing reading its data from the catalog (``anpo data add``), as CI does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _support import cli
from anpo.burden.report import build
from anpo.report.sections import ReportContext


@pytest.fixture(scope="module")
def home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from anpo.data.catalog import Catalog

    sipri = shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"
    nmc = shared_data / "cow" / "NMC-60-abridged.csv"
    if not (sipri.exists() and nmc.exists()):
        pytest.skip("SIPRI excerpt or NMC absent")
    path = tmp_path_factory.mktemp("anpo-home")
    cat = Catalog.open(path)
    cat.add(sipri)
    cat.add(nmc)
    assert cat.has("sipri") and cat.has("nmc")
    return path


def test_cli_uses_the_catalog(home: Path) -> None:
    r = cli(
        "burden", "test", "--year", "1964", "--control", "gdp_per_capita", "--json",
        env={"ANPO_HOME": str(home)},
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    res = out["results"][0]
    assert res["n"] == 14 and res["df"] == 11
    assert out["sources"]["sipri"]["dataset"] == "SIPRI Military Expenditure Database"
    assert out["sources"]["nmc"]["dataset"] == "COW National Material Capabilities"


def test_catalog_and_file_agree(home: Path, shared_data: Path) -> None:
    from anpo.burden.panel import build_panel, exploitation_by_year
    from anpo.burden.sources import load_nmc, load_sipri

    from_cat = exploitation_by_year(
        build_panel("nato", sipri=load_sipri(home=home), years=range(1960, 1970))
    )
    from_file = exploitation_by_year(
        build_panel(
            "nato",
            sipri=load_sipri(shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"),
            years=range(1960, 1970),
        )
    )
    assert from_cat["rho"].tolist() == pytest.approx(from_file["rho"].tolist())
    nmc = load_nmc(home=home)
    assert nmc is not None and {"population", "milex_nmc_usd_m"} <= set(nmc.columns)


@pytest.mark.slow
def test_report_from_catalog(home: Path) -> None:
    sections = build(ReportContext(scenarios=[], catalog_home=home))
    first, japan = sections
    assert len(first.figures) == 3
    assert not any("anpo data add" in n for n in first.notes)
    assert any("COW National Material Capabilities" in s for s in first.sources)
    assert len(japan.figures) == 3  # HNS over time, its parts, the comparison with allies

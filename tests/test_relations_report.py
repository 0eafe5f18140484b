"""The report section on Asia-Pacific roles (provider anpo.relations.report:build).

CI check from the brief: `anpo data add` the shared files into a temporary ANPO_HOME, then build
the section and check its content; without data the section says which commands fill it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from anpo.relations.report import build
from anpo.report.build import render_html
from anpo.report.model import ReportContext
from anpo.report.registry import PROVIDERS
from conftest import run_anpo

FILES = [
    "cow/states2016.csv",
    "peacesciencer/cow_nmc.csv",
    "peacesciencer/atop_alliance.csv.gz",
    "peacesciencer/td_rivalries.csv",
    "peacesciencer/tss_rivalries.csv",
    "peacesciencer/cow_mid_dirdisps.csv",
    "unga/IdealpointsJuly2025.csv",
]


def test_registered() -> None:
    assert "anpo.relations.report:build" in PROVIDERS


@pytest.mark.parametrize("home", [None, "missing", "empty"])
def test_without_data_the_section_says_how_to_fill_it(tmp_path: Path, home: str | None) -> None:
    path = None
    if home == "missing":
        path = tmp_path / "nothing-here"
    elif home == "empty":
        path = tmp_path / "empty"
        path.mkdir()
    sections = build(ReportContext(scenarios=[], catalog_home=path))
    assert len(sections) == 1
    s = sections[0]
    assert s.id == "relations-roles"
    assert any("anpo data add" in n for n in s.notes)
    assert s.figures and s.figures[0].svg.startswith("<svg")
    # the Signorino & Ritter 1914 example needs no data: S = 0.4 (their Table 6)
    sr = s.tables[0].frame.set_index("measure")["value"]
    assert sr["S, absolute distances"] == pytest.approx(0.4)


def test_section_from_catalog(shared_data: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    r = run_anpo(
        "data", "add", *[str(shared_data / f) for f in FILES], env={"ANPO_HOME": str(home)}
    )
    assert r.returncode == 0, r.stderr
    progress: list[str] = []
    sections = build(ReportContext(scenarios=[], catalog_home=home, progress=progress.append))
    s = sections[0]
    assert s.title.endswith("1990-2016")
    assert progress
    seed = s.tables[0].frame.set_index("state")
    assert seed.loc["JPN", "role"] == "ally" and seed.loc["ROK", "role"] == "ally"
    assert seed.loc["CHN", "intensity"] == "primary" and seed.loc["RUS", "intensity"] == "lesser"
    assert seed.loc["PRK", "role"] == "rogue state"
    snap = s.tables[1].frame.set_index("stateabb")
    assert {"1990", "2001", "2016", "moved"} <= set(snap.columns)
    assert snap.loc["AUL", "2001"] == "ally" and snap.loc["CHN", "2016"] == "strategic rival"
    changes = s.tables[2].frame
    assert {"year", "state", "from", "to", "reason"} == set(changes.columns)
    assert any("rival degree" in n and "China" in n for n in s.notes)
    assert len(s.figures) == 3 and all(f.svg.startswith("<svg") for f in s.figures)
    assert s.summary is not None and len(s.summary) == 8
    assert any("ATOP alliance dyad-years 5.1" in src for src in s.sources)
    html = render_html(sections, "test", {})
    assert "Allies, strategic rivals and rogue states" in html

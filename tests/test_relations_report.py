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
    "forces/fas_stockpiles_1945_2023_owid.csv",
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
    assert s.needs_data and s.answer and s.caveat
    assert s.figures and s.figures[0].svg.startswith("<svg") and s.figures[0].description
    # the Signorino & Ritter 1914 example needs no data: S = 0.4 (their Table 6)
    sr = s.tables[0].frame.set_index("measure")["value"]
    assert sr["S, absolute distances"] == pytest.approx(0.4)


@pytest.mark.slow
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
    tables = {t.title: t.frame for t in s.tables}
    seed = tables["The seed's 2001 picture, from data"].set_index("state")
    assert seed.loc["Japan", "role"] == "ally" and seed.loc["South Korea", "role"] == "ally"
    assert seed.loc["China", "intensity"] == "primary"
    assert seed.loc["Russia", "intensity"] == "lesser"
    assert seed.loc["North Korea", "role"] == "rogue state"
    snap = tables["Asia-Pacific roles in 1990, 2001, 2016"].set_index("state")
    assert {"1990", "2001", "2016", "moved"} <= set(snap.columns)
    assert snap.loc["Australia", "2001"] == "ally"
    assert snap.loc["China", "2016"] == "strategic rival"
    # each role with its evidence, in country names
    ev = tables["Each role in 2016 and its evidence"]
    assert "China" in set(ev["state"]) and ev["evidence"].str.len().gt(20).all()
    assert ev["state"].str.fullmatch(r"[A-Z]{3}").sum() == 0  # names, not COW abbreviations
    # the validation: chart, table by role, cases; every year and disagreement in the appendix
    val = tables["Agreement with independent codings, by role"]
    assert set(val["role"]) == {"ally", "rogue state", "strategic rival", "primary rival"}
    assert s.figures[0].title.startswith("Validation") and "agreement" in s.figures[0].description
    cases = tables["The cases issue 15 found wrong, and what the rules say now"]
    assert {"Yugoslavia", "Poland", "North Korea", "Venezuela"} <= set(cases["state"])
    appendix = {t.name: t.frame for t in s.appendix}
    assert set(appendix["roles-validation-by-year"]["year"]) == set(range(1950, 2017))
    assert appendix["roles-validation-disagreements"]["explanation"].str.len().gt(30).all()
    changes = appendix["roles-asia-pacific-changes"]
    assert {"year", "state", "from", "to", "reason"} == set(changes.columns)
    assert any("rival degree" in n and "China" in n for n in s.notes)
    assert len(s.figures) == 4 and all(f.svg.startswith("<svg") for f in s.figures)
    assert all(f.description and f.definition for f in s.figures)
    assert s.summary is not None and len(s.summary) == 8
    assert any("ATOP alliance dyad-years 5.1" in src for src in s.sources)
    # answer and findings generated from the results
    assert not s.needs_data and "of the seed's 8 states" in s.answer and "F1" in s.answer
    assert len(s.findings) >= 2 and all(f.answer for f in s.findings)
    assert any(v.startswith("atop: ATOP") for v in s.data_vintage)
    html = render_html(sections, "test", {})
    assert "Allies, strategic rivals and rogue states" in html

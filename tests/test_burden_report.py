"""The burden-sharing report provider (anpo.burden.report:build)."""

from __future__ import annotations

from pathlib import Path

import pytest

from anpo.burden.report import build
from anpo.report.build import write_report
from anpo.report.model import ReportContext, Section
from anpo.report.registry import PROVIDERS


def _check_section_shape(s: Section) -> None:
    assert s.question and "Soeya" in s.question
    assert s.model and s.assumptions and s.sources
    assert len(s.figures) >= 1 and len(s.tables) >= 1
    for fig in s.figures:
        assert fig.svg.lstrip().startswith("<svg")
    for tab in s.tables:
        assert len(tab.frame) > 0


def test_registered() -> None:
    assert "anpo.burden.report:build" in PROVIDERS


@pytest.mark.parametrize("home", ["none", "empty"])
def test_without_data_sections_exist_and_say_how_to_fill(tmp_path: Path, home: str) -> None:
    catalog_home = None if home == "none" else tmp_path / "home"
    if catalog_home is not None:
        catalog_home.mkdir()
    sections = build(ReportContext(scenarios=[], catalog_home=catalog_home))
    assert [s.id for s in sections] == ["burden-sharing", "burden-japan"]
    for s in sections:
        _check_section_shape(s)
    text = " ".join(sections[0].notes)
    assert "anpo data add" in text and "SIPRI" in text
    # Japan's typed-in facts are shown without any data
    hns = sections[1].tables[0].frame
    # printed to the sources' precision (Defense of Japan; the 2022 SMA total 1,055.1)
    assert {"275.6", "246.0", "1,055.1"} <= set(hns["billion yen"])
    assert any("Defense of Japan" in src for src in sections[1].sources)
    assert any("Allied Contributions" in src for src in sections[1].sources)


def test_damaged_file_is_a_note_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"garbage")
    sections = build(ReportContext(scenarios=[], options={"burden_sipri": str(bad)}))
    assert any("could not be read" in n and "bad.xlsx" in n for n in sections[0].notes)
    _check_section_shape(sections[0])


@pytest.fixture(scope="module")
def with_data(shared_data: Path) -> list[Section]:
    sipri = shared_data / "sipri" / "SIPRI-Milex-excerpt-1948-2023.xlsx"
    if not sipri.exists():
        pytest.skip("SIPRI excerpt absent")
    return build(ReportContext(scenarios=[], options={"burden_sipri": str(sipri)}))


def test_with_data_tests_over_time(with_data: list[Section]) -> None:
    s = with_data[0]
    _check_section_shape(s)
    assert len(s.figures) == 3  # rho over time, burden vs size, model
    table = s.tables[0].frame
    assert {"NATO rho", "Asia rho"} <= set(table.columns)
    row = table.set_index("year").loc[1964]
    assert row["NATO n"] == 14 and row["NATO rho"] > 0
    assert any("Earliest year" in n for n in s.notes)
    assert any("SIPRI Military Expenditure Database" in src for src in s.sources)
    assert s.summary is not None and 1964 in set(s.summary["year"])


def test_with_data_japan_comparison(with_data: list[Section], tmp_path: Path) -> None:
    s = with_data[1]
    _check_section_shape(s)
    assert len(s.figures) == 2
    titles = [t.title for t in s.tables]
    assert any("South Korea" in t for t in titles)
    assert any("2001 (the seed's year)" in n for n in s.notes)
    html = write_report(with_data, tmp_path / "out").read_text(encoding="utf-8")
    assert 'id="burden-sharing"' in html and 'id="burden-japan"' in html

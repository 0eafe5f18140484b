"""Tests of the SIPRI Military Expenditure Database workbook loader (anpo.data.sipri)."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from anpo.data.sipri import read_sipri_milex, sipri_ccode
from anpo.errors import AnpoError, DataError

EXCERPT = "sipri/SIPRI-Milex-excerpt-1948-2023.xlsx"


@pytest.fixture(scope="module")
def excerpt_path(shared_data: Path) -> Path:
    path = shared_data / EXCERPT
    if not path.exists():
        pytest.skip(f"SIPRI excerpt not found at {path}")
    return path


@pytest.fixture(scope="module")
def excerpt(excerpt_path: Path) -> pd.DataFrame:
    return read_sipri_milex(excerpt_path)


def _value(df: pd.DataFrame, country: str, year: int, measure: str) -> float:
    sel = df[(df["country"] == country) & (df["year"] == year) & (df["measure"] == measure)]
    assert len(sel) == 1, (country, year, measure, len(sel))
    return float(sel["value"].iloc[0])


def test_excerpt_layout_and_types(excerpt: pd.DataFrame) -> None:
    assert list(excerpt.columns) == ["country", "ccode", "year", "measure", "value"]
    assert str(excerpt["ccode"].dtype) == "Int64"
    assert excerpt["year"].dtype == np.int64
    assert excerpt["value"].dtype == np.float64
    assert set(excerpt["measure"].unique()) == {
        "constant_2022_usd_m",
        "current_usd_m",
        "share_of_gdp",
    }
    # 30 countries x 76 years (1948-2023) x 3 measures in the excerpt
    assert excerpt["country"].nunique() == 30
    assert excerpt["year"].min() == 1948 and excerpt["year"].max() == 2023
    assert len(excerpt) == 30 * 76 * 3
    # every excerpt country is in the shipped name map
    assert excerpt["ccode"].notna().all()
    assert excerpt.attrs["sipri"]["unmapped_countries"] == []


def test_excerpt_published_2023_values(excerpt: pd.DataFrame) -> None:
    """SIPRI Military Expenditure Database (April 2024 release), constant 2022 US$ m, 2023:
    USA 880,070.6; China 309,484.3; Russia 126,473.4; Japan 51,888.0 (as quoted in the project's
    burden-sharing reference notes, which cite SIPRI)."""
    for country, published in [
        ("United States of America", 880070.6),
        ("China", 309484.3),
        ("Russia", 126473.4),
        ("Japan", 51888.0),
    ]:
        assert round(_value(excerpt, country, 2023, "constant_2022_usd_m"), 1) == published


def test_share_is_a_fraction_and_consistent(excerpt: pd.DataFrame) -> None:
    """Shares of GDP are stored as fractions: the United States in 2023 is 3.36184% of GDP in
    the SIPRI excerpt's 'Share of GDP' sheet (SIPRI Military Expenditure Database, 1948-2023)."""
    share = _value(excerpt, "United States of America", 2023, "share_of_gdp")
    assert share == pytest.approx(0.0336184, rel=1e-5)  # a fraction, not 3.36 (percent)
    shares = excerpt.loc[excerpt["measure"] == "share_of_gdp", "value"].dropna()
    assert (shares > 0).all() and (shares < 1).all()
    assert excerpt.attrs["sipri"]["share_unit"] == "fraction"


def test_codes_become_null_never_zero(excerpt: pd.DataFrame) -> None:
    # "..." in the sheet -> null
    assert math.isnan(_value(excerpt, "Canada", 1948, "constant_2022_usd_m"))
    # the workbook holds 0 in "Current US$" for North Korea 1990 where other sheets say "..."
    assert math.isnan(_value(excerpt, "Korea, North", 1990, "current_usd_m"))
    info = excerpt.attrs["sipri"]["sheets"]["current_usd_m"]
    assert info["zero"] > 0
    assert ("Korea, North", 1990) in info["zero_cells"]
    assert not (excerpt["value"] == 0).any()


def test_ccode_map_germany_by_year(excerpt: pd.DataFrame) -> None:
    """COW State System Membership v2016: German Federal Republic = 260 (1955-1990), Germany =
    255 (from 1990)."""
    de = excerpt[excerpt["country"] == "Germany"].drop_duplicates("year").set_index("year")
    assert de.loc[1985, "ccode"] == 260
    assert de.loc[1990, "ccode"] == 260
    assert de.loc[1991, "ccode"] == 255
    assert sipri_ccode("Türkiye", 2000) == 640
    assert sipri_ccode("Korea, South", 2000) == 732
    assert sipri_ccode("Atlantis", 2000) is None


def test_name_map_codes_exist_in_cow(shared_data: Path) -> None:
    """Every code in the shipped name map is a state in COW State System Membership v2016."""
    import tomllib
    from importlib import resources

    states = pd.read_csv(shared_data / "cow" / "states2016.csv")
    known = set(states["ccode"].astype(int))
    raw = tomllib.loads(
        resources.files("anpo.data").joinpath("sipri_ccodes.toml").read_text("utf-8")
    )
    codes = set(raw["names"].values())
    for spans in raw["periods"].values():
        codes |= {s["ccode"] for s in spans}
    assert codes - known == set()


def test_source_attrs(excerpt: pd.DataFrame, excerpt_path: Path) -> None:
    import hashlib

    src = excerpt.attrs["source"]
    assert set(src) == {"dataset", "version", "sha256", "path"}
    assert src["dataset"] == "SIPRI Military Expenditure Database"
    assert src["version"].startswith("1948-2023")
    assert src["sha256"] == hashlib.sha256(excerpt_path.read_bytes()).hexdigest()
    assert Path(src["path"]) == excerpt_path.resolve()
    notes = excerpt.attrs["sipri"]["sheets"]["share_of_gdp"]["notes"]
    assert notes["Thailand"] == "§"


def test_measure_selection(excerpt_path: Path) -> None:
    df = read_sipri_milex(excerpt_path, measures=("share_of_gdp",))
    assert set(df["measure"].unique()) == {"share_of_gdp"}


# ---------------------------------------------------------------- damaged copies (in tmp_path)


def _edited_copy(src: Path, dst: Path, edit) -> Path:
    import openpyxl

    wb = openpyxl.load_workbook(src)
    edit(wb)
    wb.save(dst)
    return dst


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError) as err:
        read_sipri_milex(tmp_path / "nope.xlsx")
    assert "nope.xlsx" in err.value.one_line() and "not found" in err.value.one_line()


def test_truncated_file(excerpt_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "truncated.xlsx"
    bad.write_bytes(excerpt_path.read_bytes()[:5000])
    with pytest.raises(DataError) as err:
        read_sipri_milex(bad)
    assert "truncated.xlsx" in err.value.one_line()
    assert "workbook" in err.value.message


def test_text_file_with_xlsx_name(tmp_path: Path) -> None:
    bad = tmp_path / "fake.xlsx"
    bad.write_text("Country,1990\nJapan,1\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_sipri_milex(bad)
    assert err.value.file is not None and err.value.file.endswith("fake.xlsx")


def test_missing_sheet_is_named(excerpt_path: Path, tmp_path: Path) -> None:
    def drop_share(wb) -> None:
        del wb["Share of GDP"]

    bad = _edited_copy(excerpt_path, tmp_path / "noshare.xlsx", drop_share)
    # the default reads what is there...
    df = read_sipri_milex(bad)
    assert "share_of_gdp" not in set(df["measure"].unique())
    # ...but asking for the share names the missing sheet
    with pytest.raises(DataError) as err:
        read_sipri_milex(bad, measures=("current_usd_m", "share_of_gdp"))
    assert "Share of GDP" in err.value.message and "noshare.xlsx" in err.value.one_line()


def test_no_measure_sheet(excerpt_path: Path, tmp_path: Path) -> None:
    def keep_front(wb) -> None:
        for name in list(wb.sheetnames):
            if name not in ("Front page", "Footnotes"):
                del wb[name]

    bad = _edited_copy(excerpt_path, tmp_path / "front.xlsx", keep_front)
    with pytest.raises(DataError, match="none of the SIPRI measure sheets"):
        read_sipri_milex(bad)


def test_header_not_found(excerpt_path: Path, tmp_path: Path) -> None:
    def kill_header(wb) -> None:
        ws = wb["Current US$"]
        for row in ws.iter_rows(min_row=1, max_row=10):
            for cell in row:
                if cell.value == "Country":
                    cell.value = "Land"

    bad = _edited_copy(excerpt_path, tmp_path / "nohdr.xlsx", kill_header)
    with pytest.raises(DataError) as err:
        read_sipri_milex(bad)
    assert "header row not found" in err.value.message
    assert "Current US$" in err.value.message


def _cell(ws, country: str, year: int):
    header_row = next(r for r in ws.iter_rows(max_row=10) if any(c.value == "Country" for c in r))
    col = next(c.column for c in header_row if c.value == year)
    row = next(r for r in ws.iter_rows() if r[0].value == country)
    return ws.cell(row=row[0].row, column=col)


def test_garbled_cell_names_sheet_row_and_year(excerpt_path: Path, tmp_path: Path) -> None:
    def garble(wb) -> None:
        _cell(wb["Share of GDP"], "Japan", 1995).value = "1,2%x"

    bad = _edited_copy(excerpt_path, tmp_path / "garbled.xlsx", garble)
    with pytest.raises(DataError) as err:
        read_sipri_milex(bad)
    e = err.value
    assert "Share of GDP" in e.message and e.field == "1995" and e.line is not None
    assert isinstance(e, AnpoError)


def test_negative_value_rejected(excerpt_path: Path, tmp_path: Path) -> None:
    def negative(wb) -> None:
        _cell(wb["Current US$"], "Japan", 1995).value = -5.0

    bad = _edited_copy(excerpt_path, tmp_path / "neg.xlsx", negative)
    with pytest.raises(DataError, match="negative"):
        read_sipri_milex(bad)


def test_duplicate_country_rejected(excerpt_path: Path, tmp_path: Path) -> None:
    def dup(wb) -> None:
        ws = wb["Current US$"]
        row = next(r for r in ws.iter_rows() if r[0].value == "Spain")
        row[0].value = "Portugal"

    bad = _edited_copy(excerpt_path, tmp_path / "dup.xlsx", dup)
    with pytest.raises(DataError, match="appears twice"):
        read_sipri_milex(bad)


def test_xxx_region_rows_and_percent_shares(excerpt_path: Path, tmp_path: Path) -> None:
    """'xxx' -> null (counted as not existing); a region heading row without figures is
    skipped; a share sheet holding percent numbers is converted to fractions."""

    def edit(wb) -> None:
        _cell(wb["Constant (2022) US$"], "Japan", 1950).value = "xxx"
        ws = wb["Share of GDP"]
        hdr = next(r for r in ws.iter_rows(max_row=10) if any(c.value == "Country" for c in r))
        for row in ws.iter_rows(min_row=hdr[0].row + 1):
            for c in row[2:]:
                if isinstance(c.value, float):
                    c.value = c.value * 100.0
        ws.insert_rows(hdr[0].row + 2)
        ws.cell(row=hdr[0].row + 2, column=1).value = "Asia & Oceania"

    orig = read_sipri_milex(excerpt_path)
    bad = _edited_copy(excerpt_path, tmp_path / "edited.xlsx", edit)
    df = read_sipri_milex(bad)
    assert math.isnan(_value(df, "Japan", 1950, "constant_2022_usd_m"))
    assert df.attrs["sipri"]["sheets"]["constant_2022_usd_m"]["not_existing"] == 1
    assert "Asia & Oceania" not in set(df["country"])
    assert df.attrs["sipri"]["sheets"]["share_of_gdp"]["share_input"] == "percent"
    assert _value(df, "Japan", 2000, "share_of_gdp") == pytest.approx(
        _value(orig, "Japan", 2000, "share_of_gdp"), rel=1e-12
    )


def test_original_never_modified(excerpt_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.xlsx"
    shutil.copyfile(excerpt_path, copy)
    before = copy.read_bytes()
    read_sipri_milex(copy)
    assert copy.read_bytes() == before


def test_name_map_is_a_value_with_the_shipped_one_as_default(excerpt_path: Path) -> None:
    """No hidden global: the SIPRI name -> COW code map is passed in (``names=``), the shipped
    one (:func:`packaged_name_map`) being the default. A map of one's own that does not know
    Japan leaves Japan's rows without a code and lists the name as unmapped."""
    from anpo.data.sipri import SipriNameMap, packaged_name_map

    assert sipri_ccode("Japan", 2001) == 740
    mine = SipriNameMap.load('[names]\n"United States of America" = 2\n')
    assert sipri_ccode("Japan", 2001, names=mine) is None
    assert sipri_ccode("United States of America", 2001, names=mine) == 2
    df = read_sipri_milex(excerpt_path, measures=("share_of_gdp",), names=mine)
    assert df.loc[df["country"] == "Japan", "ccode"].isna().all()
    assert "Japan" in df.attrs["sipri"]["unmapped_countries"]
    assert packaged_name_map().lookup("Japan", 2001) == 740


def _synthetic_workbook(path: Path, front: list[str], footnotes: list[str]) -> Path:
    """A workbook in SIPRI's layout, written here (no SIPRI figures): a front page holding
    ``front``, one measure sheet titled with a copyright year (as SIPRI's titles are) and a
    footnotes sheet holding ``footnotes``."""
    import openpyxl

    wb = openpyxl.Workbook()
    page = wb.active
    page.title = "Front page"
    for i, text in enumerate(front, start=2):
        page.cell(row=i, column=2).value = text
    ws = wb.create_sheet("Constant (2022) US$")
    ws.append(
        ["Military expenditure by country, in constant (2022) US$ m., 1990-1992 © SIPRI 2023"]
    )
    ws.append([])
    ws.append(["Country", "Notes", 1990, 1991, 1992])
    ws.append(["Testland", None, 10.0, 11.0, "..."])
    notes = wb.create_sheet("Footnotes")
    for text in footnotes:
        notes.append([text])
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("front", "version"),
    [
        (["SIPRI Military Expenditure Database", "Data last updated: 24 April 2024"], "April 2024"),
        (["Released in april 2024, with data for 1990-1992"], "April 2024"),
        (["The SIPRI Military Expenditure Database, 2025 release"], "2025"),
        (["Release date: 2024"], "2024"),
        (["SIPRI Military Expenditure Database", "© SIPRI 2023"], "1990-1992"),
        ([], "1990-1992"),
    ],
)
def test_version_is_the_release_the_workbook_states(
    tmp_path: Path, front: list[str], version: str
) -> None:
    """The version is the release the workbook's own text states (its front page), else the
    years its sheets cover. It was the years and the titles' copyright year, "1948-2023 (©
    SIPRI 2023)", shown by the catalog as "1948-2023 SIPRI 2023": a release a year before the
    April 2024 one the excerpt comes from. A footnote citing another release is not the
    workbook's own."""
    path = _synthetic_workbook(
        tmp_path / "milex.xlsx", front, ["Figures before 1991 are from the 2019 release"]
    )
    df = read_sipri_milex(path)
    assert sorted(df["year"].unique()) == [1990, 1991, 1992]
    assert df.attrs["source"]["version"] == version

"""Dataset loaders against the shared reference data (../shared/data) and damaged copies.

Reference facts: NMC v6.0 codebook (``-9`` = missing; CINC = mean of available component
shares); COW State System v2016; the shared data README ("Known quirks").
"""

from __future__ import annotations

import csv
import gzip
import hashlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import anpo.data as data
from anpo.data import detect_kind
from anpo.errors import DataError

FILES = {
    "cow/states2016.csv": ("cow_states", 243),
    "peacesciencer/cow_states.csv": ("cow_states", 243),
    "peacesciencer/gw_states.csv": ("gw_states", 216),
    "cow/NMC-60-abridged.csv": ("nmc", 15951),
    "peacesciencer/cow_nmc.csv": ("nmc", 17121),
    "cow/majors2016.csv": ("cow_majors", 14),
    "peacesciencer/cow_majors.csv": ("cow_majors", 14),
    "cow/MIDB_5.0.csv": ("mid_participant", 5883),
    "peacesciencer/cow_mid_dirdisps.csv": ("mid_dyadic", 11390),
    "cow/contdird.csv": ("contiguity", None),
    "peacesciencer/cow_contdir.csv": ("contiguity", None),
    "peacesciencer/atop_alliance.csv.gz": ("atop", 273296),
    "peacesciencer/td_rivalries.csv": ("td_rivalries", 197),
    "peacesciencer/tss_rivalries.csv": ("tss_rivalries", 264),
    "unga/IdealpointsJuly2025.csv": ("unga", 11440),
    "democracy/cw_democracy.csv": ("democracy", 17706),
    "cow/p5v2018d.csv": ("polity", None),
    "peacesciencer/false_cow_dyads.csv": ("false_dyads", 60),
    "peacesciencer/false_gw_dyads.csv": ("false_gw_dyads", 40),
    "cow/dyadic_mid_4.02.csv.gz": ("mid_dyadic", None),
    "peacesciencer/cow_mid_disps.csv": ("mid_disputes", 2436),
    "peacesciencer/maoz_powers.csv": ("maoz_powers", 23),
    "forces/fas_stockpiles_1945_2023_owid.csv": ("nuclear_stockpiles", 790),
}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", sorted(FILES))
def test_shared_file_kind_rows_and_provenance(shared_data: Path, name: str) -> None:
    """Each shared file is recognised, loads, and records dataset, version, hash and path."""
    path = shared_data / name
    kind, rows = FILES[name]
    assert detect_kind(path) == kind
    df = data.load(path)
    if rows is not None:
        assert len(df) == rows
    src = df.attrs["source"]
    assert set(src) == {"dataset", "version", "sha256", "path"}
    assert src["sha256"] == _sha(path)
    assert src["path"] == str(path)
    assert src["dataset"] and src["version"]


def test_mid_5_version_is_named_as_the_release(shared_data: Path, tmp_path: Path) -> None:
    """COW's MID 5.0 participant file (Palmer et al. 2022, ``MIDB_5.0.csv``) says ``5`` in its
    own version column: the catalog calls it 5.0, as the release and the file name do (it read
    "5", and ``--data-version mid_participant=5.0`` did not find it). A file name that does not
    write the column's number leaves the column's version."""
    df = data.read_mid_participant(shared_data / "cow/MIDB_5.0.csv")
    assert df.attrs["source"]["version"] == "5.0"
    other = tmp_path / "MIDB_4.3.csv"
    other.write_bytes((shared_data / "cow/MIDB_5.0.csv").read_bytes())
    assert data.read_mid_participant(other).attrs["source"]["version"] == "5"


def test_nmc_missing_codes_become_nan(shared_data: Path) -> None:
    """NMC codebook: -9 = missing. Every -9 cell of the file is NaN after loading, no other."""
    path = shared_data / "cow/NMC-60-abridged.csv"
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    df = data.read_nmc(path)
    for comp in ("milex", "milper", "irst", "pec", "tpop", "upop"):
        raw_missing = np.array([r[comp].strip() == "-9" for r in rows])
        assert raw_missing.sum() > 0 or comp == "tpop"
        np.testing.assert_array_equal(df[comp].isna().to_numpy(), raw_missing)
    assert df.attrs["source"]["version"] == "6.0"
    assert (
        data.read_nmc(shared_data / "peacesciencer/cow_nmc.csv").attrs["source"]["version"] == "7.0"
    )


def test_nmc_v7_repeats_v6_except_energy_on_shared_years(shared_data: Path) -> None:
    """NMC 7.0 (peacesciencer export, 1816-2022) against NMC 6.0 (1816-2016) on the 15,951
    state-years both have: military expenditure, military personnel, iron and steel, total and
    urban population are the same in every one (missing in the same cells). Primary energy
    consumption is not: 7.0 revised it (measured on the shared files: 2,585 state-years differ,
    both values present, most of them 1990-2016, e.g. ccode 811 in 1990, 3,520 in 6.0 and 1,112
    in 7.0), so the published CINC, the mean of the component shares, differs too, and only in
    years where some state's energy changed. The two versions are not interchangeable for pec
    or CINC."""
    v6 = data.read_nmc(shared_data / "cow/NMC-60-abridged.csv")
    v7 = data.read_nmc(shared_data / "peacesciencer/cow_nmc.csv")
    m = v6.merge(v7, on=["ccode", "year"], suffixes=("_6", "_7"))
    assert len(m) == len(v6) == 15_951
    for comp in ("milex", "milper", "irst", "tpop", "upop"):
        a, b = m[f"{comp}_6"], m[f"{comp}_7"]
        np.testing.assert_array_equal(a.isna().to_numpy(), b.isna().to_numpy(), err_msg=comp)
        assert ((a == b) | a.isna()).all(), comp
    pec6, pec7 = m["pec_6"], m["pec_7"]
    assert (pec6.isna() == pec7.isna()).all()
    differ = pec6.notna() & (pec6 != pec7)
    assert differ.sum() == 2_585
    row = m[(m["ccode"] == 811) & (m["year"] == 1990)].iloc[0]
    assert (row["pec_6"], row["pec_7"]) == (3_520, 1_112)
    cinc_years = set(m.loc[m["cinc_6"] != m["cinc_7"], "year"])
    assert cinc_years and cinc_years <= set(m.loc[differ, "year"])


def test_polity2_keeps_minus_nine_as_a_score(shared_data: Path) -> None:
    """Polity2 runs -10..10: -9 is a valid score, not a missing code (cw_democracy.csv)."""
    df = data.read_democracy(shared_data / "democracy/cw_democracy.csv")
    assert (df["polity2"] == -9).sum() > 1000
    assert df["polity2"].min() == -10


def test_polity_episode_special_codes(shared_data: Path) -> None:
    """Polity5: -66/-77/-88 are interruption/interregnum/transition, not scores."""
    df = data.read_polity(shared_data / "cow/p5v2018d.csv")
    assert df["polity"].dropna().between(-10, 10).all()
    assert set(df["polity_special"].dropna().unique()) <= {-66, -77, -88}
    assert df["polity_special"].notna().any()
    usa = df[(df.ccode == 2) & (df.year == 2001)]
    assert usa["polity"].iloc[0] == 10


def test_two_contiguity_layouts_agree(shared_data: Path) -> None:
    """The official yearly contdird.csv and peacesciencer's interval file give the same data."""
    a = data.read_contiguity(shared_data / "cow/contdird.csv")
    b = data.read_contiguity(shared_data / "peacesciencer/cow_contdir.csv")
    m = a.merge(b, on=["ccode1", "ccode2", "year"], how="outer", indicator=True)
    assert (m["_merge"] == "both").all()
    assert (m["conttype_x"] == m["conttype_y"]).all()
    # US-Canada land border (type 1) in 2001; US-Russia across 24 miles of water (Bering Strait)
    row = a[(a.ccode1 == 2) & (a.ccode2 == 20) & (a.year == 2001)]
    assert row["conttype"].iloc[0] == 1
    row = a[(a.ccode1 == 2) & (a.ccode2 == 365) & (a.year == 2001)]
    assert row["conttype"].iloc[0] == 2


def test_dyadic_mid_known_cell_error_is_reported_not_fatal(shared_data: Path) -> None:
    """dyadic_mid_4.02 has sideab = 1969 in a few rows (dispute 611): read as missing, listed."""
    df = data.read_mid_dyadic(shared_data / "cow/dyadic_mid_4.02.csv.gz")
    assert any("sideab='1969'" in w for w in df.attrs["warnings"])
    assert df["sidea2"].dropna().isin([0, 1]).all()
    assert df.attrs["source"]["version"] == "4.02"
    # directed: each row has its mirror
    fwd = set(zip(df.dispnum, df.ccode1, df.ccode2, df.year, strict=True))
    assert all((d, b, a, y) in fwd for d, a, b, y in fwd)


def test_dyadic_mid_onset_is_the_dyadic_dispute_start_year(shared_data: Path) -> None:
    """Dyadic MID 4.02 [maoz2019, codebook]: a dyadic dispute begins in ``strtyr``; the
    ``new`` column flags dyads new in version 4 and is not onset (issue 15: reading ``new`` gave
    6 onsets instead of hundreds)."""
    path = shared_data / "cow/dyadic_mid_4.02.csv.gz"
    df = data.read_mid_dyadic(path)
    raw = pd.read_csv(path, usecols=["disno", "statea", "stateb", "year", "strtyr", "new"])
    # a dyad-year is an onset when any of its spells begins that year (a dyad can have two
    # spells in one dispute-year: neither is dropped)
    raw["begins"] = raw["year"] == raw["strtyr"]
    expected = raw.groupby(["disno", "statea", "stateb", "year"])["begins"].any()
    assert len(df) == len(expected)
    got = df.set_index(["dispnum", "ccode1", "ccode2", "year"])["onset"].astype(bool)
    assert got.sort_index().tolist() == expected.sort_index().tolist()
    assert int(df["onset"].sum()) > 20 * int(raw["new"].sum())
    per_decade = df[df["onset"] == 1].groupby(df["year"] // 10 * 10).size()
    assert per_decade.loc[1990] > 500  # hundreds of directed dyadic onsets
    # the Korean War (dispute 51): North Korea-U.S. begins in 1950 and goes on to 1953
    kor = df[(df.dispnum == 51) & (df.ccode1 == 731) & (df.ccode2 == 2)].set_index("year")
    assert kor["onset"].to_dict() == {1950: 1, 1951: 0, 1952: 0, 1953: 0}
    assert set(kor["styear"]) == {1950}
    # directed variables of each side: the Berlin crisis of 1961 (dispute 27), Poland a joiner
    # on side B at hostility 3 against the U.S., an originator on side A
    ber = df[(df.dispnum == 27) & (df.ccode1 == 290) & (df.ccode2 == 2)].iloc[0]
    assert (ber.sidea1, ber.sidea2, ber.orig1, ber.orig2, ber.hostlev1) == (0, 1, 0, 1, 3)


def test_dyadic_mid_two_spells_of_a_dyad_in_one_year_are_merged(shared_data: Path) -> None:
    """Dyadic MID 4.02 [maoz2019] gives some dyads two spells in one dispute-year: dispute 257,
    the U.S. and Germany in 1917, has a spell at U.S. hostility 1 and one at 4 (use of force).
    The loader keeps one row per directed dyad-year with the highest levels of its spells, and
    each level is the highest the raw file gives that dyad-year."""
    path = shared_data / "cow/dyadic_mid_4.02.csv.gz"
    df = data.read_mid_dyadic(path)
    us_de = df[(df.dispnum == 257) & (df.ccode1 == 2) & (df.ccode2 == 300) & (df.year == 1917)]
    assert len(us_de) == 1
    assert (int(us_de.hostlev1.iloc[0]), int(us_de.hostlev2.iloc[0])) == (4, 2)
    assert int(us_de.onset.iloc[0]) == 1
    # Japan-New Zealand 1941 (dispute 258): one spell begins in 1940, the other in 1941
    jt = df[(df.dispnum == 258) & (df.ccode1 == 740) & (df.ccode2 == 920) & (df.year == 1941)]
    assert len(jt) == 1 and int(jt.onset.iloc[0]) == 1 and int(jt.styear.iloc[0]) == 1940
    key = ["disno", "statea", "stateb", "year"]
    raw = pd.read_csv(path, usecols=[*key, "hihosta", "hihostb"])
    top = raw.groupby(key)[["hihosta", "hihostb"]].max()
    got = df.set_index(["dispnum", "ccode1", "ccode2", "year"])[["hostlev1", "hostlev2"]]
    got = got.sort_index().astype("float")
    assert (got.to_numpy() == top.sort_index().to_numpy(dtype=float)).all()


def test_peacesciencer_dispute_years_keep_directed_variables(shared_data: Path) -> None:
    """peacesciencer's MID 5.0 dispute-years: ``disponset`` is onset, ``orig1``/``orig2`` are kept
    and the dispute's first year is given [palmer2022]."""
    df = data.read_mid_dyadic(shared_data / "peacesciencer/cow_mid_dirdisps.csv")
    raw = pd.read_csv(shared_data / "peacesciencer/cow_mid_dirdisps.csv")
    assert int(df["onset"].sum()) == int(raw["disponset"].sum())
    assert df["orig1"].notna().all() and set(df["orig1"]) <= {0, 1}
    kor = df[(df.dispnum == 51) & (df.ccode1 == 731) & (df.ccode2 == 2)]
    assert set(kor["styear"]) == {1950} and kor["orig1"].eq(1).all()


def test_mid_dispute_level_file(shared_data: Path) -> None:
    """MID 5.0 dispute level [palmer2022]: the Berlin crisis of 1961 (dispute 27) reached
    use of force (hostility 4); the Korean War (dispute 51) war (5), 1950-1953."""
    df = data.read_mid_disputes(shared_data / "peacesciencer/cow_mid_disps.csv").set_index(
        "dispnum"
    )
    assert (df.loc[27, "styear"], df.loc[27, "hostlev"]) == (1961, 4)
    assert (df.loc[51, "styear"], df.loc[51, "hostlev"], df.loc[51, "fatality"]) == (1950, 5, 6)
    assert df["hostlev"].dropna().between(1, 5).all()
    assert df.attrs["coverage"] == (1816, 2014)


def test_maoz_powers_spells(shared_data: Path) -> None:
    """[maoz2010] powers: the Soviet Union a global power 1922-1990 and a regional one from
    1991; China a regional power from 1950; each file row splits into its spells."""
    df = data.read_maoz_powers(shared_data / "peacesciencer/maoz_powers.csv")
    rus = df[df.ccode == 365].set_index("status")
    assert (rus.loc["global", "styear"], rus.loc["global", "endyear"]) == (1922, 1990)
    assert set(rus.index) == {"regional", "global"}
    chn = df[df.ccode == 710]
    assert list(chn["status"]) == ["regional"] and int(chn["styear"].iloc[0]) == 1950
    assert (df["end"] >= df["start"]).all()


def test_maoz_powers_spell_needs_both_dates(tmp_path: Path) -> None:
    p = tmp_path / "maoz_powers.csv"
    p.write_text(
        "ccode,regstdate,regenddate,globstdate,globenddate\n"
        "2,1824-01-01,1898-12-31,1899-01-01,2019-12-31\n"
        "710,1950-01-01,,,\n"
    )
    with pytest.raises(DataError) as exc:
        data.read_maoz_powers(p)
    assert exc.value.line == 3 and exc.value.field == "regenddate"


def test_nuclear_stockpiles(shared_data: Path, tmp_path: Path) -> None:
    """FAS stockpile estimates (Kristensen et al., via Our World in Data): the U.S. held 299
    warheads in 1950 and the Soviet Union 5; Russia 4,490 in 2016; the 'World' total is not a
    state; 'North  Korea' (two spaces in the file) is COW 731."""
    df = data.read_nuclear_stockpiles(shared_data / "forces/fas_stockpiles_1945_2023_owid.csv")
    w = df.set_index(["ccode", "year"])["warheads"]
    assert (w[(2, 1950)], w[(365, 1950)], w[(365, 2016)]) == (299, 5, 4490)
    assert 731 in set(df["ccode"]) and df["ccode"].between(1, 999).all()
    assert not df.duplicated(["ccode", "year"]).any()
    assert df.attrs["coverage"] == (1945, 2023)
    bad = tmp_path / "stock.csv"
    bad.write_text("country_name,year,nuclear_weapons_stockpile\nChina,1970,75\nAtlantis,1970,3\n")
    with pytest.raises(DataError) as exc:
        data.read_nuclear_stockpiles(bad)
    assert exc.value.line == 3 and "Atlantis" in exc.value.message


def test_atop_is_directed_and_covers_1815_2018(shared_data: Path) -> None:
    """ATOP v5.1 dyad-years [leeds2002] run 1815-2018; US-Japan defense pact in 2001."""
    df = data.read_atop_dyad(shared_data / "peacesciencer/atop_alliance.csv.gz")
    assert df.attrs["coverage"] == (1815, 2018)
    assert df.attrs["source"]["version"] == "5.1"
    us_jpn = df[(df.ccode1 == 2) & (df.ccode2 == 740) & (df.year == 2001)]
    assert us_jpn["atop_defense"].iloc[0] == 1


def test_unga_ideal_points(shared_data: Path) -> None:
    """Ideal points [bailey2017], July 2025 file: version from the name."""
    df = data.read_unga_idealpoints(shared_data / "unga/IdealpointsJuly2025.csv")
    assert df.attrs["source"]["version"] == "July 2025"
    assert df.attrs["coverage"] == (1946, 2024)
    assert df["idealpointall"].isna().sum() == 208
    # Iraq has no estimates 1995-2003 (lost its vote): missing, not 0
    iraq = df[(df.ccode == 645) & df.year.between(1995, 2003)]
    assert iraq.empty or iraq["idealpointfp"].isna().all()


# ------------------------------------------------------------------ damaged and wrong files


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError) as exc:
        data.read_cow_states(tmp_path / "nope.csv")
    assert exc.value.file == str(tmp_path / "nope.csv")
    assert "not found" in exc.value.message


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="empty"):
        data.read_nmc(_write(tmp_path / "e.csv", ""))


def test_header_only(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no data rows"):
        data.read_nmc(
            _write(tmp_path / "h.csv", "ccode,year,milex,milper,irst,pec,tpop,upop,cinc\n")
        )


def test_missing_column_names_the_column(shared_data: Path, tmp_path: Path) -> None:
    """A file without a required column: error names file, line 1 and the column."""
    df = pd.read_csv(shared_data / "cow/NMC-60-abridged.csv").drop(columns=["irst"])
    p = tmp_path / "nmc.csv"
    df.to_csv(p, index=False)
    with pytest.raises(DataError) as exc:
        data.read_nmc(p)
    assert exc.value.field == "irst" and exc.value.line == 1 and exc.value.file == str(p)


def test_non_numeric_cell_names_line_and_column(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / "cow/NMC-60-abridged.csv").read_text().splitlines()
    parts = lines[100].split(",")
    parts[3] = "12x4"  # milex
    lines[100] = ",".join(parts)
    p = _write(tmp_path / "nmc.csv", "\n".join(lines) + "\n")
    with pytest.raises(DataError) as exc:
        data.read_nmc(p)
    assert exc.value.line == 101 and exc.value.field == "milex"
    assert "12x4" in exc.value.one_line()


def test_duplicate_state_year(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / "cow/NMC-60-abridged.csv").read_text().splitlines()
    lines.insert(11, lines[10])
    p = _write(tmp_path / "nmc.csv", "\n".join(lines) + "\n")
    with pytest.raises(DataError, match="duplicate") as exc:
        data.read_nmc(p)
    assert exc.value.line == 12


def test_out_of_range_value(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / "cow/states2016.csv").read_text().splitlines()
    parts = lines[5].split(",")
    parts[4] = "13"  # stmonth
    lines[5] = ",".join(parts)
    p = _write(tmp_path / "states.csv", "\n".join(lines) + "\n")
    with pytest.raises(DataError) as exc:
        data.read_cow_states(p)
    assert exc.value.line == 6 and exc.value.field == "stmonth"


def test_ragged_row(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / "cow/states2016.csv").read_text().splitlines()
    lines[20] += ",1,2,3"
    p = _write(tmp_path / "states.csv", "\n".join(lines) + "\n")
    with pytest.raises(DataError, match="ragged row: 13 fields where the header has 10") as exc:
        data.read_cow_states(p)
    assert exc.value.line == 21


def test_truncated_gzip(shared_data: Path, tmp_path: Path) -> None:
    raw = (shared_data / "peacesciencer/atop_alliance.csv.gz").read_bytes()
    p = tmp_path / "atop.csv.gz"
    p.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(DataError, match="gzip") as exc:
        data.read_atop_dyad(p)
    assert exc.value.file == str(p)


@pytest.mark.parametrize("ending", ["", "\n"])
def test_download_cut_mid_line_is_refused(shared_data: Path, tmp_path: Path, ending: str) -> None:
    """A download cut off inside a row (here the NMC v6.0 file stopped before its last field):
    the parser would pad the short row with empty cells and load a partial file; the loader
    says the file looks truncated and names the line (issue 3: fail on a damaged file, saying
    which file and what is wrong)."""
    lines = (shared_data / "cow/NMC-60-abridged.csv").read_text().splitlines()
    cut = lines[:40] + [lines[40].rsplit(",", 1)[0]]
    p = _write(tmp_path / "nmc.csv", "\n".join(cut) + ending)
    with pytest.raises(DataError, match="truncated") as exc:
        data.read_nmc(p)
    assert exc.value.file == str(p) and exc.value.line == 41
    # the complete first 40 rows, with or without a final line end, still load
    ok = _write(tmp_path / "ok.csv", "\n".join(lines[:40]) + ending)
    assert len(data.read_nmc(ok)) == 39


def test_damaged_workbook_is_not_called_unknown(shared_data: Path, tmp_path: Path) -> None:
    """A SIPRI .xlsx cut off in transfer is reported as a damaged workbook, not as a file of an
    unknown kind (issue 3: say which file and what is wrong)."""
    raw = (shared_data / "sipri/SIPRI-Milex-excerpt-1948-2023.xlsx").read_bytes()
    p = tmp_path / "SIPRI-Milex.xlsx"
    p.write_bytes(raw[: len(raw) // 3])
    with pytest.raises(DataError, match="damaged workbook") as exc:
        detect_kind(p)
    assert exc.value.file == str(p)


def test_gzip_without_gz_name_is_read(shared_data: Path, tmp_path: Path) -> None:
    p = tmp_path / "states.csv"
    p.write_bytes(gzip.compress((shared_data / "cow/states2016.csv").read_bytes()))
    assert len(data.read_cow_states(p)) == 243


def test_workbook_given_to_csv_loader(shared_data: Path) -> None:
    with pytest.raises(DataError, match="Excel"):
        data.read_nmc(shared_data / "sipri/SIPRI-Milex-excerpt-1948-2023.xlsx")


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(DataError, match="binary"):
        data.read_cow_states(p)


def test_wrong_dataset_for_loader(shared_data: Path) -> None:
    """States file given to the NMC loader: the error says which column is missing."""
    with pytest.raises(DataError) as exc:
        data.read_nmc(shared_data / "cow/states2016.csv")
    assert exc.value.field == "year"


def test_undetectable_kind(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot tell"):
        detect_kind(_write(tmp_path / "x.csv", "a,b,c\n1,2,3\n"))


def test_overlapping_membership_spells(tmp_path: Path) -> None:
    text = (
        "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\n"
        "AAA,2,A,1816,1,1,1900,12,31,2016\n"
        "AAA,2,A,1899,1,1,1950,12,31,2016\n"
    )
    with pytest.raises(DataError, match="overlap") as exc:
        data.read_cow_states(_write(tmp_path / "s.csv", text))
    assert exc.value.line == 3


def test_impossible_date(tmp_path: Path) -> None:
    text = (
        "stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday\n"
        "AAA,2,A,1816,2,30,1900,12,31\n"
    )
    with pytest.raises(DataError, match="impossible date"):
        data.read_cow_states(_write(tmp_path / "s.csv", text))


def test_official_gw_layout(tmp_path: Path) -> None:
    """Gleditsch-Ward's iisystem.dat: tab-separated, no header, DD:MM:YYYY dates."""
    text = (
        "2\tUSA\tUnited States of America\t01:01:1816\t31:12:2017\n"
        "20\tCAN\tCanada\t01:07:1867\t31:12:2017\n"
    )
    p = _write(tmp_path / "iisystem.dat", text)
    assert detect_kind(p) == "gw_states"
    df = data.read_gw_states(p)
    assert df["gwcode"].tolist() == [2, 20]
    assert df["start"].iloc[1] == pd.Timestamp("1867-07-01")
    assert df.attrs["system"] == "gw"


def test_user_supplied_cow_alliance_file(tmp_path: Path) -> None:
    """COW Formal Alliances v4.1 dyad-yearly layout [gibler2009]: a file the user supplies.

    A small file in the official column layout (made up here, not the COW data) is read,
    aggregated per dyad-year and made directed.
    """
    text = (
        "version4id,ccode1,state_name1,ccode2,state_name2,dyad_st_day,dyad_st_month,"
        "dyad_st_year,dyad_end_day,dyad_end_month,dyad_end_year,left_censor,right_censor,"
        "defense,neutrality,nonaggression,entente,year,version\n"
        "1,200,UK,220,France,1,1,1904,1,1,1914,0,0,0,0,0,1,1910,4.1\n"
        "2,200,UK,220,France,1,1,1910,1,1,1920,0,0,1,0,1,1,1910,4.1\n"
    )
    p = _write(tmp_path / "alliance_v4.1_by_dyad_yearly.csv", text)
    assert detect_kind(p) == "cow_alliance"
    df = data.read_cow_alliance(p)
    assert len(df) == 2
    row = df[(df.ccode1 == 220) & (df.ccode2 == 200)].iloc[0]
    assert (row.cow_defense, row.cow_neutrality, row.cow_nonaggression, row.cow_entente) == (
        1,
        0,
        1,
        1,
    )
    assert df.attrs["source"]["version"] == "4.1"

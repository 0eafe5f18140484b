"""COW inter-state war participants ([sarkees2010], *Resort to War*; COW Inter-State War
Data v4.0): the official participant file and peacesciencer's dyad-year export give the same
participants and sides."""

from __future__ import annotations

import pandas as pd
import pytest

from anpo import data
from anpo.data.wars import read_cow_war_inter, war_participants
from anpo.errors import DataError

HEADER = (
    "WarNum,WarName,WarType,ccode,StateName,Side,StartMonth1,StartDay1,StartYear1,EndMonth1,"
    "EndDay1,EndYear1,StartMonth2,StartDay2,StartYear2,EndMonth2,EndDay2,EndYear2,TransFrom,"
    "WhereFought,Initiator,Outcome,TransTo,BatDeath,Version"
)


def official(tmp_path, rows: list[str]):
    path = tmp_path / "Inter-StateWarData_v4.0.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_official_layout(tmp_path):
    """A toy file in the official layout (invented rows): one row per state and side, -8 = not
    applicable, Initiator 1 = yes / 2 = no; a state with rows on both sides changed sides."""
    path = official(
        tmp_path,
        [
            "900,Toy War,1,100,Alpha,1,5,1,1950,6,1,1951,-8,-8,-8,-8,-8,-8,-8,2,1,1,-8,1000,4",
            "900,Toy War,1,200,Beta,2,5,1,1950,3,1,1951,-8,-8,-8,-8,-8,-8,-8,2,2,8,-8,-9,4",
            "900,Toy War,1,200,Beta,1,3,2,1951,6,1,1951,-8,-8,-8,-8,-8,-8,-8,2,2,1,-8,200,4",
            "900,Toy War,1,300,Gamma,2,7,1,1950,1,1,1951,8,1,1951,6,1,1952,-8,2,2,2,-8,50,4",
        ],
    )
    assert data.detect_kind(path) == "cow_war_inter"
    df = read_cow_war_inter(path)
    assert len(df) == 4
    assert df["warname"].iloc[0] == "Toy War"
    beta = df[df["ccode"] == 200]
    assert sorted(beta["side"]) == [1, 2]
    gamma = df[df["ccode"] == 300].iloc[0]
    assert gamma["endyear"] == 1952  # second spell
    assert pd.isna(df.loc[df["ccode"] == 200, "batdeath"]).any()  # -9 = unknown
    assert df.loc[df["ccode"] == 100, "initiator"].iloc[0] == 1
    assert df.loc[df["ccode"] == 300, "initiator"].iloc[0] == 0
    parts = war_participants(df, 900).set_index("ccode")
    assert parts.loc[200, "side"] == 2 and bool(parts.loc[200, "switched"])
    assert parts.loc[100, "side"] == 1 and not bool(parts.loc[100, "switched"])
    assert df.attrs["source"]["version"] == "4"
    with pytest.raises(DataError):
        war_participants(df, 1)


def test_official_layout_errors(tmp_path):
    bad = official(
        tmp_path, ["900,Toy,1,100,Alpha,3,5,1,1950,6,1,1951,-8,-8,-8,-8,-8,-8,-8,2,1,1,-8,1,4"]
    )
    with pytest.raises(DataError) as info:
        read_cow_war_inter(bad)
    assert info.value.line == 2 and info.value.field and "side" in info.value.field.lower()
    other = tmp_path / "x.csv"
    other.write_text("warnum,foo\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError):
        read_cow_war_inter(other)


def test_peacesciencer_layout_second_world_war(shared_data):
    """peacesciencer's cow_war_inter: war 139 (the Second World War) has 25 participants; Italy,
    Romania and Bulgaria first fought on side 2 and changed sides, France (1, then Vichy on 2)
    too; Germany and Japan are on side 2, the United States and the USSR on side 1."""
    path = shared_data / "peacesciencer" / "cow_war_inter.csv"
    assert data.detect_kind(path) == "cow_war_inter"
    wars = data.load(path)
    assert set(wars.columns) >= {"warnum", "ccode", "side", "styear", "endyear", "outcome"}
    parts = war_participants(wars, 139).set_index("ccode")
    assert len(parts) == 25
    assert {c for c in parts.index if parts.loc[c, "switched"]} == {220, 325, 355, 360}
    assert parts.loc[325, "side"] == 2 and parts.loc[220, "side"] == 1
    assert parts.loc[255, "side"] == parts.loc[740, "side"] == 2
    assert parts.loc[2, "side"] == parts.loc[365, "side"] == 1
    assert wars.attrs["coverage"] == (1823, 2003)
    # each dyad-year row has a participant spell covering it
    raw = pd.read_csv(path)
    assert set(raw["warnum"].astype(int)) == set(wars["warnum"])

"""ATOP's missing-value codes (``-9``, blanks) are unknown obligations, never "no obligation":
issue 3's rule that loaders turn missing codes into nulls, and every consumer says "unknown".

A small synthetic ATOP file in the official layout (``stateA, stateB, year, defense, ...``,
ATOP v5.1 codebook [leeds2022]) is enough: the shared extract has no missing codes."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import anpo.data as data
from anpo.errors import DataWarning

ATOP = """stateA,stateB,year,defense,offense,neutral,nonagg,consul
2,740,2001,1,0,0,0,0
740,2,2001,-9,0,0,0,0
2,710,2001,-9,-9,0,0,0
710,2,2001,0,0,0,0,0
2,20,2001,0,0,,0,1
20,2,2001,0,0,0,0,1
200,220,2001,0,0,-9,0,0
220,200,2001,0,0,-9,0,0
"""


@pytest.fixture
def atop(tmp_path: Path) -> pd.DataFrame:
    p = tmp_path / "atop5_1ddyr.csv"
    p.write_text(ATOP)
    with pytest.warns(DataWarning, match="5 directed dyad-year rows have an unknown obligation"):
        return data.read_atop_dyad(p)


def _row(frame: pd.DataFrame, a: int, b: int) -> pd.Series:
    return frame[(frame["ccode1"] == a) & (frame["ccode2"] == b)].iloc[0]


def test_the_loader_keeps_missing_codes_unknown(atop: pd.DataFrame) -> None:
    """-9 and a blank are <NA>, not 0 (the loader's ``fillna(0)`` made them "no obligation")."""
    assert pd.isna(_row(atop, 740, 2)["atop_defense"])
    assert pd.isna(_row(atop, 2, 710)["atop_defense"])
    assert pd.isna(_row(atop, 2, 710)["atop_offense"])
    assert pd.isna(_row(atop, 2, 20)["atop_neutral"])
    assert _row(atop, 2, 740)["atop_defense"] == 1 and _row(atop, 710, 2)["atop_defense"] == 0
    assert atop.attrs["unknown_obligations"] == 5
    assert str(atop["atop_defense"].dtype) == "Int8"


def test_add_alliances_joins_unknown_as_missing(atop: pd.DataFrame) -> None:
    """A dyad-year whose ATOP row has a missing code gets <NA>, not 0; a dyad ATOP does not
    list inside its years is still 0 (no alliance)."""
    from anpo.relations import add_alliances

    frame = pd.DataFrame({"ccode1": [740, 2, 2, 2], "ccode2": [2, 710, 20, 365], "year": 2001})
    out = add_alliances(frame, atop)
    assert out["atop_defense"].isna().tolist() == [True, True, False, False]
    assert out["atop_neutral"].isna().tolist() == [False, False, True, False]
    assert out.loc[3, "atop_defense"] == 0 and out.loc[2, "atop_consul"] == 1


def test_portfolio_cells_an_unknown_code_could_change_are_unknown(atop: pd.DataFrame) -> None:
    """Signorino & Ritter's scale [signorino1999, p. 128]: the highest obligation known to hold
    decides (the U.S. row of U.S.-Japan: 3), unless a higher one is unknown (U.S.-China:
    defense unknown, NaN; U.S.-Canada: consultation known, neutrality unknown, NaN); binary: 1
    when one obligation is known to hold, else unknown if one is unknown."""
    from anpo.relations.portfolios import alliance_values

    values = dict(
        zip(
            zip(atop["ccode1"], atop["ccode2"], strict=True),
            alliance_values(atop),
            strict=True,
        )
    )
    assert values[(2, 740)] == 3 and np.isnan(values[(740, 2)])
    assert np.isnan(values[(2, 710)]) and values[(710, 2)] == 0
    assert np.isnan(values[(2, 20)]) and values[(20, 2)] == 1
    binary = dict(
        zip(
            zip(atop["ccode1"], atop["ccode2"], strict=True),
            alliance_values(atop, "binary"),
            strict=True,
        )
    )
    assert binary[(2, 20)] == 1 and np.isnan(binary[(2, 710)])


def test_similarity_of_an_incomplete_portfolio_is_unknown(atop: pd.DataFrame) -> None:
    """The dyads of the states whose portfolios hold an unknown cell have unknown scores (NaN,
    with a warning naming them); the other dyads are scored."""
    from anpo.relations import similarity_dyad_years

    flags = [c for c in atop.columns if c.startswith("atop_")]
    known = pd.DataFrame({"ccode1": [365, 900], "ccode2": [900, 365], "year": 2001})
    known = known.assign(**dict.fromkeys(flags, 0)).assign(atop_defense=1)
    full = pd.concat([atop, known.astype(atop.dtypes.to_dict())], ignore_index=True)
    with pytest.warns(DataWarning, match="their dyads' scores unknown"):
        t = similarity_dyad_years(full, years=2001, measures=["s_abs"])
    unknown = {2, 740, 710, 20, 200, 220}
    hit = t["ccode1"].isin(unknown) | t["ccode2"].isin(unknown)
    assert t.loc[hit, "s_abs"].isna().all()
    assert t.loc[~hit, "s_abs"].notna().all() and (~hit).sum() == 1  # Russia-Australia
    assert t.attrs["unknown_obligation_states"] == {2001: sorted(unknown)}


def test_the_recipe_reads_unknown_as_missing(atop: pd.DataFrame) -> None:
    """The alignment recipe's alliance factor: 1 in either direction decides (U.S.-Japan, the
    U.S. row's defense pact); an unknown beside a 0 is unknown (U.S.-China: np.fmax read it as
    0), and the factor is marked missing, not "no alliance"."""
    from anpo.align.recipe import RecipeWeights, alliance_factor, atop_either_direction

    pairs = pd.DataFrame({"ccode1": [2, 2, 2], "ccode2": [740, 710, 20]})
    flags = atop_either_direction(pairs, atop, 2001)
    assert flags["atop_defense"][0] == 1 and np.isnan(flags["atop_defense"][1])
    assert flags["atop_consul"][2] == 1 and np.isnan(flags["atop_neutral"][2])
    f = alliance_factor(pairs, atop, 2001, RecipeWeights())
    assert f["note"].tolist()[:2] == ["", "missing"]
    assert f["note"].tolist()[2] == ""  # the consultation pact is known: an alliance


def test_roles_name_the_unknown_pacts_with_the_focal(atop: pd.DataFrame) -> None:
    """The ally rule reads a pact from the ``[ally]`` obligations: one known to hold makes a
    pact (U.S.-Japan); none known with one unknown (U.S.-China) is named as unknown in the
    year's data gaps, never read as "no pact" silently."""
    from anpo.relations.taxonomy import _pact_pairs, _pairs_with, _unknown_pacts

    al = _pact_pairs(atop, ["atop_defense", "atop_offense"])
    p = _pairs_with(al, 2001, 2)
    assert p.loc[740, "pact"] == 1 and p.loc[710, "pact"] == 0
    assert _unknown_pacts(al, 2001, 2, p) == [710]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _unknown_pacts(al, 2001, 740, _pairs_with(al, 2001, 740)) == []


def test_roles_say_a_pact_with_unknown_obligations_is_unknown(roles_inputs: dict) -> None:
    """With the U.S.-Japan obligations of 2001 replaced by missing codes, Japan's row says the
    pact is unknown (``defense_pact`` null, the reason and the year's data gaps name it) instead
    of reading "no pact" silently; the other allies keep their pact."""
    from anpo.relations.taxonomy import roles

    a = roles_inputs["alliances"].copy()
    pair = ((a["ccode1"] == 2) & (a["ccode2"] == 740)) | ((a["ccode1"] == 740) & (a["ccode2"] == 2))
    hit = pair & (a["year"] == 2001)
    assert hit.sum() == 2
    a[["atop_defense", "atop_offense"]] = a[["atop_defense", "atop_offense"]].astype("Int8")
    a.loc[hit, ["atop_defense", "atop_offense"]] = pd.NA
    r = roles(2001, **{**roles_inputs, "alliances": a}).set_index("stateabb")
    jpn = r.loc["JPN"]
    assert pd.isna(jpn["defense_pact"]) and jpn["data_status"] == "insufficient"
    assert jpn["reason"].startswith("ATOP pact obligations with the focal unknown")
    assert "the pact obligations of JPN (740) with the focal state are unknown" in jpn["data_gaps"]
    assert r.loc["UKG", "role"] == "ally" and r.loc["UKG", "defense_pact"] == 1
    assert not r.loc["UKG", "reason"].startswith("ATOP pact obligations")


def test_data_add_says_the_unknown_obligations_in_its_own_words(tmp_path: Path) -> None:
    """``anpo data add`` of an ATOP file with missing codes prints the loader's warning as one
    ``warning: FILE: ...`` line (Python printed it as ``catalog.py:718: DataWarning: ...`` with
    a source line) and keeps it in the file's JSON record."""
    import json

    from typer.testing import CliRunner

    import anpo.cli

    p = tmp_path / "atop5_1ddyr.csv"
    p.write_text(ATOP)
    env = {"ANPO_HOME": str(tmp_path / "home")}
    runner = CliRunner()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)  # a DataWarning escaping the CLI fails here
        r = runner.invoke(anpo.cli.app, ["data", "add", str(p)], env=env)
        assert r.exit_code == 0, r.output
        said = " ".join(r.stderr.split())
        assert said.startswith("warning: atop5_1ddyr.csv: 5 directed dyad-year rows have an")
        assert "DataWarning" not in said and "atop5_1ddyr.csv: atop5_1ddyr.csv" not in said
        r = runner.invoke(
            anpo.cli.app, ["data", "add", str(p), "--json"], env={"ANPO_HOME": str(tmp_path / "h2")}
        )
    assert r.exit_code == 0, r.output
    (rec,) = json.loads(r.stdout)["results"]
    assert any(w.startswith("5 directed dyad-year rows have an unknown") for w in rec["warnings"])

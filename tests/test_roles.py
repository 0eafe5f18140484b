"""Roles relative to the U.S. from data: the seed's 2001 picture, thresholds, missing data, CLI.

The seed (Soeya, RIETI seminar, 10 July 2001): allies (Japan, the UK, Australia, South Korea:
"Australia, Southeast Asian countries and South Korea ... all need the U.S. presence"), strategic
rivals (China, and Russia "though to a lesser extent than China"), rogue nations (North Korea,
Iraq).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import anpo.data as data
from anpo.errors import CatalogError, InputError
from anpo.relations.taxonomy import load_thresholds, roles, roles_panel
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


@pytest.fixture(scope="module")
def inputs(shared_data: Path) -> dict:
    f = shared_data
    return {
        "states": data.read_cow_states(f / "cow/states2016.csv"),
        "alliances": data.read_atop_dyad(f / "peacesciencer/atop_alliance.csv.gz"),
        "capabilities": data.read_nmc(f / "peacesciencer/cow_nmc.csv"),
        "rivalries": [
            data.read_td_rivalries(f / "peacesciencer/td_rivalries.csv"),
            data.read_tss_rivalries(f / "peacesciencer/tss_rivalries.csv"),
        ],
        "disputes": data.read_mid_dyadic(f / "peacesciencer/cow_mid_dirdisps.csv"),
        "ideal_points": data.read_unga_idealpoints(f / "unga/IdealpointsJuly2025.csv"),
    }


def _by_abb(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("stateabb")


def test_seed_picture_2001(inputs: dict) -> None:
    """Seed, 2001: Japan, UK, Australia, South Korea allies; China a strategic rival, Russia one
    to a lesser extent (lower degree); North Korea and Iraq rogue states; each with its reason."""
    r = _by_abb(roles(2001, **inputs))
    for abb in ("JPN", "UKG", "AUL", "ROK"):
        assert r.loc[abb, "role"] == "ally", abb
        assert "defense" in r.loc[abb, "reason"]
    assert r.loc["CHN", "role"] == "strategic rival" and r.loc["CHN", "intensity"] == "primary"
    assert r.loc["RUS", "role"] == "strategic rival" and r.loc["RUS", "intensity"] == "lesser"
    assert r.loc["CHN", "degree"] > r.loc["RUS", "degree"] + 0.2
    assert "ongoing strategic rivalry" in r.loc["CHN", "reason"]
    assert "to a lesser extent" in r.loc["RUS", "reason"]
    for abb in ("PRK", "IRQ"):
        assert r.loc[abb, "role"] == "rogue state", abb
        assert "hostility level" in r.loc[abb, "reason"]
    # Iraq had no UN vote 1995-2003: the 1994 estimate is used and said so
    assert int(r.loc["IRQ", "idealpoint_year"]) == 1994
    assert "estimate of 1994" in r.loc["IRQ", "reason"]
    assert 2 not in set(r["ccode"])  # the focal state itself is not listed
    # the degree is the geometric mean of competitor and opposition scores
    rus = r.loc["RUS"]
    assert rus["degree"] == pytest.approx((rus["comp_competitor"] * rus["opposition"]) ** 0.5)


def test_other_focal_state(inputs: dict) -> None:
    """Relative to China in 2001 the U.S. is a strategic rival (the rivalry is symmetric)."""
    r = _by_abb(roles(2001, focal=710, **inputs))
    assert r.loc["USA", "role"] == "strategic rival"
    assert r.attrs["focal"] == 710


def test_thresholds_file_changes_labels(inputs: dict, tmp_path: Path) -> None:
    """Raising the capability a strategic rival needs to half the focal's drops Russia (0.38)."""
    p = tmp_path / "th.toml"
    p.write_text("[rival]\nmin_capability_ratio = 0.5\n")
    th = load_thresholds(p)
    assert th.rival.min_capability_ratio == 0.5 and th.rival.min_degree == 0.35  # rest default
    r = _by_abb(roles(2001, thresholds=p, **inputs))
    assert r.loc["RUS", "role"] != "strategic rival"
    assert r.loc["CHN", "role"] == "strategic rival"


@pytest.mark.parametrize(
    "text, field",
    [
        ("[rival]\nmin_degree = 2\n", "rival.min_degree"),
        ("[rogue]\nunknown_key = 1\n", "rogue.unknown_key"),
        ("focal = 'x'\n", "focal"),
        ("[rival\n", None),
    ],
)
def test_bad_thresholds_file(tmp_path: Path, text: str, field: str | None) -> None:
    p = tmp_path / "th.toml"
    p.write_text(text)
    with pytest.raises(InputError) as exc:
        load_thresholds(p)
    assert exc.value.file == str(p)
    if field:
        assert exc.value.field == field


def test_missing_evidence_is_said_not_guessed(inputs: dict) -> None:
    """Without dispute and UN data no state can be shown to be a rogue state, and the reason
    says the data are missing."""
    r = _by_abb(roles(2001, **{**inputs, "disputes": None, "ideal_points": None}))
    assert (r["role"] != "rogue state").all()
    assert "no dispute data" in r.loc["PRK", "reason"]
    assert r.loc["CHN", "role"] == "strategic rival"  # the rivalry lists still say so


def test_dispute_window_past_the_data_is_said(inputs: dict) -> None:
    """A 10-year dispute window that runs past the end of the MID data counts only the years the
    data cover, and the reason names them instead of claiming "in 10 years" (issue 3: outside a
    dataset's coverage the value is missing, not 0)."""
    d = inputs["disputes"]
    cut = d[d["year"] <= 1998].copy()
    cut.attrs = {**d.attrs, "coverage": (int(d["year"].min()), 1998)}
    r = _by_abb(roles(2001, **{**inputs, "disputes": cut}))
    assert r.loc["CHN", "mid_years"] == "1992-1998"
    assert "MIDs in 1992-1998 (the dispute data cover only" in r.loc["CHN", "reason"]
    assert r.loc["PRK", "role"] == "rogue state"  # 1993-1998 dispute 4022 (MID 5.0)
    assert "against it in 1992-1998" in r.loc["PRK", "reason"]
    full = _by_abb(roles(2001, **inputs))
    assert full.loc["CHN", "mid_years"] == "1992-2001"
    assert "MIDs in 10 years" in full.loc["CHN", "reason"]
    assert "within 10 years" in full.loc["PRK", "reason"]


def test_focal_must_be_member(inputs: dict) -> None:
    with pytest.raises(InputError, match="focal"):
        roles(2001, focal=999, **inputs)


def test_panel_years(inputs: dict) -> None:
    """China's rival degree rises from 1990 to 2001 while Russia's falls (end of the Cold War
    rivalry in 1989, China-U.S. rivalry from 1996 in Thompson & Dreyer)."""
    p = roles_panel([1990, 2001], **inputs)
    deg = p[p.stateabb.isin(["CHN", "RUS"])].pivot(
        index="year", columns="stateabb", values="degree"
    )
    assert deg.loc[2001, "CHN"] > deg.loc[1990, "CHN"]
    assert deg.loc[2001, "RUS"] < deg.loc[1990, "RUS"]


def test_cli_roles_2001_from_empty_home(shared_data: Path, tmp_path: Path) -> None:
    """Done-when: ANPO_HOME=<empty dir> anpo data add <shared files>; anpo roles --year 2001
    --json gives the seed's picture with the reasons."""
    env = {"ANPO_HOME": str(tmp_path / "empty-home")}
    r = run_anpo("data", "add", *[str(shared_data / f) for f in FILES], env=env)
    assert r.returncode == 0, r.stderr
    r = run_anpo("roles", "--year", "2001", "--json", env=env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["focal"] == 2 and out["years"] == [2001]
    assert out["sources"]["atop"]["version"] == "5.1"
    got = {x["stateabb"]: x for x in out["roles"]}
    assert {
        k: got[k]["role"] for k in ("JPN", "UKG", "AUL", "ROK", "CHN", "RUS", "PRK", "IRQ")
    } == {
        "JPN": "ally",
        "UKG": "ally",
        "AUL": "ally",
        "ROK": "ally",
        "CHN": "strategic rival",
        "RUS": "strategic rival",
        "PRK": "rogue state",
        "IRQ": "rogue state",
    }
    assert got["RUS"]["intensity"] == "lesser" and got["CHN"]["intensity"] == "primary"
    assert all(got[k]["reason"] for k in got)
    r = run_anpo("roles", "--year", "2001", env=env)
    assert r.returncode == 0 and "strategic rival" in r.stdout


def test_cli_roles_2001_after_adding_the_whole_shared_folder(
    shared_data: Path, tmp_path: Path
) -> None:
    """Done-when, literally: ``anpo data add`` on the shared data folder (kinds detected; both
    NMC 6.0 and 7.0, and dyadic MID 4.02 and 5.0, are added side by side, the newest of each the
    default) into an empty ANPO_HOME, then
    ``anpo roles --year 2001 --json``: the seed's picture with reasons and evidence."""
    env = {"ANPO_HOME": str(tmp_path / "empty-home")}
    r = run_anpo("data", "add", str(shared_data), "--json", env=env)
    assert r.returncode == 0, r.stderr
    kinds = {x["kind"] for x in json.loads(r.stdout)["results"]}
    assert {"cow_states", "atop", "nmc", "td_rivalries", "mid_dyadic", "unga"} <= kinds
    r = run_anpo("roles", "--year", "2001", "--json", env=env)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    # provenance: the datasets the roles come from, with their file hashes, nothing else
    assert set(out["sources"]) == {
        "cow_states",
        "atop",
        "nmc",
        "td_rivalries",
        "tss_rivalries",
        "mid_dyadic",
        "unga",
    }
    assert out["sources"]["nmc"]["version"] == "7.0" and len(out["sources"]["nmc"]["sha256"]) == 64
    got = {x["stateabb"]: x for x in out["roles"]}
    for abb in ("JPN", "UKG", "AUL", "ROK"):
        assert got[abb]["role"] == "ally" and "ATOP defense" in got[abb]["reason"]
    assert (got["CHN"]["role"], got["CHN"]["intensity"]) == ("strategic rival", "primary")
    assert (got["RUS"]["role"], got["RUS"]["intensity"]) == ("strategic rival", "lesser")
    assert "to a lesser extent" in got["RUS"]["reason"]
    assert got["RUS"]["degree"] < got["CHN"]["degree"]
    for abb in ("PRK", "IRQ"):
        assert got[abb]["role"] == "rogue state" and "hostility level" in got[abb]["reason"]
        assert got[abb]["capability_ratio"] < 0.2 and got[abb]["idealpoint_percentile"] >= 0.9


def test_cli_roles_without_data(tmp_path: Path) -> None:
    r = run_anpo("roles", "--year", "2001", env={"ANPO_HOME": str(tmp_path / "none")})
    assert r.returncode == 2 and "anpo data add" in r.stderr and "Traceback" not in r.stderr


def test_roles_from_catalog_missing_required(tmp_path: Path, shared_data: Path) -> None:
    from anpo.data.catalog import Catalog
    from anpo.relations.taxonomy import roles_from_catalog

    cat = Catalog.open(tmp_path / "h")
    cat.add(shared_data / "cow/states2016.csv")
    with pytest.raises(CatalogError, match="atop"):
        roles_from_catalog(cat, 2001)


def test_cli_print_thresholds() -> None:
    r = run_anpo("roles", "--year", "2001", "--print-thresholds")
    assert r.returncode == 0 and "[rival]" in r.stdout and "min_degree" in r.stdout


@pytest.mark.parametrize(
    ("present", "missing"),
    [
        ((), ["td_rivalries", "tss_rivalries", "mid_dyadic", "unga"]),
        (("tss_rivalries",), ["mid_dyadic", "unga"]),
        (("td_rivalries", "unga"), ["mid_dyadic"]),
        (("td_rivalries", "tss_rivalries", "mid_dyadic", "unga"), []),
    ],
)
def test_missing_optional_kinds(present: tuple[str, ...], missing: list[str]) -> None:
    """Either rivalry list feeds the rivalry evidence: the lists are missing only together (the
    CLI note and the report note both use this)."""
    from anpo.relations.taxonomy import missing_optional_kinds

    class Listed:
        def list(self) -> pd.DataFrame:
            return pd.DataFrame({"kind": ["cow_states", "atop", "nmc", *present]})

    assert missing_optional_kinds(Listed()) == missing

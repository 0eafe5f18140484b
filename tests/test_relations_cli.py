"""CLI: anpo dyads and anpo similarity on a catalog built from the shared data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _support import catalog_env, cli, invoke
from anpo.relations import s_score


@pytest.fixture(scope="module")
def home(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, catalog_store: Path
) -> dict[str, str]:
    h = tmp_path_factory.mktemp("cli") / "home"
    files = ["cow/states2016.csv", "cow/NMC-60-abridged.csv", "peacesciencer/atop_alliance.csv.gz"]
    return catalog_env(h, shared_data, files, store=catalog_store)


@pytest.mark.slow
def test_dyads_to_parquet_and_csv(home: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "d.parquet"
    r = cli(
        "dyads",
        "--years",
        "1816,1914",
        "--add",
        "capabilities,alliances",
        "--out",
        str(out),
        env=home,
    )
    assert r.returncode == 0, r.stderr
    frame = pd.read_parquet(out)
    assert frame.groupby("year").size().to_dict() == {1816: 506, 1914: 1980}
    assert {"cinc1", "cinc2", "atop_defense"} <= set(frame.columns)
    # an existing file is never overwritten without --force
    r = cli("dyads", "--years", "2001", "--out", str(out), env=home)
    assert r.returncode == 2 and "exists" in r.stderr
    assert len(pd.read_parquet(out)) == 506 + 1980
    csv = tmp_path / "d.csv"
    r = cli("dyads", "--years", "2001", "--undirected", "--out", str(csv), env=home)
    assert r.returncode == 0 and len(pd.read_csv(csv)) == 191 * 190 // 2


def test_dyads_json_gives_the_years_asked(home: dict[str, str]) -> None:
    """`anpo dyads --json` lists every year asked, as `anpo roles --json` does; it gave
    [min, max] ([1900, 2016] for 1900,1950,2016), which reads as a range."""
    r = cli("dyads", "--years", "2016,1900,1950", "--undirected", "--json", env=home)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["years"] == [1900, 1950, 2016]
    one = [
        json.loads(cli("dyads", "--years", str(y), "--undirected", "--json", env=home).stdout)
        for y in (1900, 1950, 2016)
    ]
    assert [d["years"] for d in one] == [[1900], [1950], [2016]]
    assert summary["rows"] == sum(d["rows"] for d in one)
    ranged = json.loads(cli("dyads", "--years", "1990-1992", "--json", env=home).stdout)
    assert ranged["years"] == [1990, 1991, 1992]


def test_dyads_json_says_the_years_built_and_left_out(home: dict[str, str]) -> None:
    """review9 F4: the COW state list (states2016) ends in 2016; asked 2016-2018, the summary
    listed "years": [2016, 2017, 2018] for 2016's rows only, the left-out years said on stderr
    alone. The years asked stay; beside them the years built and the years left out."""
    r = cli("dyads", "--years", "2016-2018", "--undirected", "--json", env=home)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["years"] == [2016, 2017, 2018]
    assert summary["years_built"] == [2016] and summary["years_left_out"] == [2017, 2018]
    assert "no dyad-years for 2017-2018 (left out)" in r.stderr
    whole = json.loads(cli("dyads", "--years", "2015-2016", "--json", env=home).stdout)
    assert whole["years_built"] == [2015, 2016] and whole["years_left_out"] == []


def test_dyads_errors(home: dict[str, str], tmp_path: Path) -> None:
    """Each mistake: exit 2, one line naming the flag and what is wrong."""
    for args, says in (
        (("dyads", "--years", "20x1"), "--years: cannot read years from '20x1'"),
        (("dyads", "--years", "2001", "--add", "trade"), "--add: unknown join 'trade'"),
        (  # not in this catalog
            ("dyads", "--years", "2001", "--add", "rivalries"),
            "--add rivalries needs the td_rivalries or tss_rivalries dataset",
        ),
        (
            ("dyads", "--years", "2001", "--out", str(tmp_path / "x.xlsx")),
            "--out: must end in .parquet, .csv or .csv.gz",
        ),
    ):
        r = cli(*args, env=home)
        assert r.returncode == 2, args
        assert r.stderr.startswith("error:") and "Traceback" not in r.stderr
        assert says in r.stderr and r.stderr.count("\n") == 1, (args, r.stderr)


def test_similarity_says_which_false_dyads_it_left_out(home: dict[str, str]) -> None:
    """`anpo similarity` scores the dyads of `anpo dyads`: 1918 has two false dyads (Austria-
    Hungary with Hungary and with Latvia; peacesciencer's false_cow_dyads), not scored,
    and the summary and the table say so."""
    r = cli("similarity", "--years", "1918", "--json", env=home)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    d = json.loads(cli("dyads", "--years", "1918", "--undirected", "--json", env=home).stdout)
    assert summary["false_dyads_removed"] == 2
    assert summary["rows"] == d["rows"]
    r = cli("similarity", "--years", "1918", env=home)
    assert "not scored: 2 false dyad-years (two members of the year" in r.stdout


@pytest.mark.slow
def test_similarity_one_dyad(home: dict[str, str], shared_data: Path) -> None:
    """US-Japan 2001: the CLI value equals s_score on the two portfolio rows."""
    import anpo.data as data
    from anpo.relations import alliance_portfolios

    r = cli("similarity", "--years", "2001", "--dyad", "740,2", "--json", env=home)
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)[0]
    atop = data.read_atop_dyad(shared_data / "peacesciencer/atop_alliance.csv.gz")
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    codes, mat = alliance_portfolios(atop, 2001, states)
    i, j = list(codes).index(2), list(codes).index(740)
    assert rec["s_abs"] == pytest.approx(s_score(mat[i], mat[j]), abs=1e-12)


def test_similarity_outside_the_atop_years_says_so(home: dict[str, str], tmp_path: Path) -> None:
    """No empty table or file for years ATOP does not cover: an error naming its years."""
    out = tmp_path / "s.csv"
    r = cli("similarity", "--years", "1700", "--out", str(out), env=home)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "ATOP data cover 1815-2018" in r.stderr and not out.exists()
    # past both the state list and ATOP: the one line, not first a warning about portfolios
    # "in 2020" that the error then says do not exist
    r = cli("similarity", "--years", "2020", env=home)
    assert r.returncode == 2
    assert (
        r.stderr
        == "error: --years: no dyad-years in the years asked: the ATOP data cover 1815-2018\n"
    )


def test_similarity_json_summary_without_out_has_no_file(
    home: dict[str, str], tmp_path: Path
) -> None:
    """``--json`` without ``--dyad`` gives a summary; with no ``--out`` its file is null (it
    was the text "None", a file name no one wrote), and with ``--out`` the file's path."""
    r = cli("similarity", "--years", "2001", "--json", env=home)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["out"] is None and summary["rows"] > 0
    out = tmp_path / "s.csv"
    r = cli("similarity", "--years", "2001", "--json", "--out", str(out), env=home)
    assert r.returncode == 0
    assert json.loads(r.stdout) == {**summary, "out": str(out)}
    assert summary["false_dyads_removed"] == 0


def test_dyads_parquet_records_provenance(home: dict[str, str], tmp_path: Path) -> None:
    """Issue 15: the Parquet file of ``anpo dyads --out`` names the datasets it was built from,
    with their versions and SHA-256, in its schema metadata (key ``anpo``)."""
    import hashlib

    import pyarrow.parquet as pq

    out = tmp_path / "d.parquet"
    r = invoke("dyads", "--years", "2001", "--add", "capabilities", "--out", str(out), env=home)
    assert r.exit_code == 0, r.output
    meta = json.loads(pq.read_schema(out).metadata[b"anpo"])
    assert meta["command"] == "dyads" and meta["anpo_version"]
    assert set(meta["sources"]) == {"cow_states", "nmc"}
    nmc = meta["sources"]["nmc"]
    assert nmc["version"] == "6.0" and nmc["dataset"] == "COW National Material Capabilities"
    from _support import shared_data_dir

    expected = hashlib.sha256((shared_data_dir() / "cow/NMC-60-abridged.csv").read_bytes())
    assert nmc["sha256"] == expected.hexdigest()
    assert len(pd.read_parquet(out)) == 191 * 190  # the data themselves are unchanged


def test_dyads_parquet_records_its_options(home: dict[str, str], tmp_path: Path) -> None:
    """audit34 finding 3: the Parquet file of ``anpo dyads --out`` records the options that
    change its rows and columns (years, joins, system, direction), as ``anpo similarity``
    records its own; two runs with other options had identical ``anpo`` metadata."""
    import pyarrow.parquet as pq

    metas = []
    for i, extra in enumerate(([], ["--undirected"])):
        out = tmp_path / f"d{i}.parquet"
        args = ["dyads", "--years", "2000-2001", "--add", "capabilities", "--out", str(out)]
        r = invoke(*args, *extra, env=home)
        assert r.exit_code == 0, r.output
        metas.append(json.loads(pq.read_schema(out).metadata[b"anpo"]))
    assert metas[0]["options"] == {
        "years": [2000, 2001],
        "add": ["capabilities"],
        "system": "cow",
        "directed": True,
    }
    assert metas[1]["options"] == {**metas[0]["options"], "directed": False}
    assert metas[0]["sources"] == metas[1]["sources"]


@pytest.mark.slow
def test_similarity_years_past_the_state_list_warn(home: dict[str, str], tmp_path: Path) -> None:
    """ATOP runs to 2018 and the COW state list to 2016: portfolios for 2017-2018 lack the
    states without alliances, and the command says so on stderr (one line)."""
    r = invoke("similarity", "--years", "2016-2018", "--dyad", "2,740", "--json", env=home)
    assert r.exit_code == 0, r.output
    warn = [ln for ln in r.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warn) == 1 and "covers 1816-2016" in warn[0] and "in 2017-2018" in warn[0]
    assert {rec["year"] for rec in json.loads(r.stdout)} == {2016, 2017, 2018}
    r = invoke("similarity", "--years", "2001", "--dyad", "2,740", "--json", env=home)
    assert r.exit_code == 0 and "warning" not in r.stderr


@pytest.mark.slow
def test_similarity_years_past_atop_are_said_left_out(home: dict[str, str]) -> None:
    """review9 F7: ATOP (v5.1 as peacesciencer ships it) ends in 2018; asked 2018-2019, 2019 has
    no dyad-year. The warning and the caption said 2019 was compared over a reduced set of
    states; now they say it is left out, and the state-list warning names 2018 only."""
    r = invoke("similarity", "--years", "2018-2019", "--dyad", "2,740", env=home)
    assert r.exit_code == 0, r.output
    warn = [ln for ln in r.stderr.splitlines() if ln.startswith("warning:")]
    assert "warning: the ATOP data cover 1815-2018: no dyad-years for 2019 (left out)" in warn
    assert any("covers 1816-2016: in 2018 the portfolios" in w for w in warn), warn
    assert not any("2018-2019" in w for w in warn), warn
    assert "The ATOP data cover 1815-2018: no dyad-years for 2019 (left out)." in r.stdout
    assert "in 2018-2019" not in r.stdout and "(in 2018, after the state list" in r.stdout


def test_similarity_json_says_why_values_are_missing(home: dict[str, str]) -> None:
    """2017 is past NMC 6.0 [singer1972] (1816-2016) and the COW state list (2016): the JSON
    summary says why the CINC-weighted S is null and carries the state-list warning that was
    only on stderr; a dyad-year of ``--dyad`` with null measures names their reason (one
    without keeps the data's columns only)."""
    r = invoke("similarity", "--years", "2017", "--json", env=home)
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["undefined"]["s_wabs"]["rows"] == out["rows"]
    assert out["undefined"]["s_wsq"]["reason"] == (
        "no capability weights for 2017: the NMC data cover 1816-2016"
    )
    assert "s_abs" not in out["undefined"]
    (warn,) = out["warnings"]
    assert "covers 1816-2016" in warn and warn in r.stderr
    r = invoke("similarity", "--years", "2016-2017", "--dyad", "2,740", "--json", env=home)
    recs = {rec["year"]: rec for rec in json.loads(r.stdout)}
    assert "undefined" not in recs[2016] and recs[2016]["s_wabs"] is not None
    assert set(recs[2017]["undefined"]) == {"s_wabs", "s_wsq"}


def test_similarity_json_says_the_years_built_and_left_out_as_dyads(home: dict[str, str]) -> None:
    """review9 F4 for ``anpo similarity --json``: as ``anpo dyads --json``, the summary lists
    the years asked, the years with rows and the years asked without any. ATOP (v5.1 as
    peacesciencer ships it) ends in 2018: asked 2018-2019, 2019 is left out, and the summary's
    warnings say why; the keys mean what the dyads summary's do."""
    r = invoke("similarity", "--years", "2018-2019", "--json", env=home)
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["years"] == [2018, 2019]
    assert out["years_built"] == [2018] and out["years_left_out"] == [2019]
    assert "the ATOP data cover 1815-2018: no dyad-years for 2019 (left out)" in out["warnings"]
    d = json.loads(invoke("dyads", "--years", "2015-2016", "--json", env=home).stdout)
    s = json.loads(invoke("similarity", "--years", "2015-2016", "--json", env=home).stdout)
    for key in ("years", "years_built", "years_left_out"):
        assert s[key] == d[key], key
    assert s["years_built"] == [2015, 2016] and s["years_left_out"] == []


def test_a_partial_nmc_file_is_said_at_add_and_at_use_for_the_years_asked(
    shared_data: Path, tmp_path: Path
) -> None:
    """NMC 6.0 [singer1972] cut to five states: `anpo data add` warns that the file covers only
    part of the state system (it said nothing), and `anpo dyads --years 2001 --add
    capabilities` names 2001, the year asked, not every year of the file from 1816."""
    full = pd.read_csv(shared_data / "cow/NMC-60-abridged.csv")
    part = tmp_path / "nmc-five.csv"
    full[full.ccode.isin([2, 200, 365, 710, 740])].to_csv(part, index=False)
    env = {"ANPO_HOME": str(tmp_path / "home")}
    added = invoke("data", "add", str(part), env=env)
    assert added.exit_code == 0, added.output
    assert "warning: nmc-five.csv: the capabilities file covers only part of the state" in (
        " ".join(added.stderr.split())
    )
    assert invoke("data", "add", str(shared_data / "cow/states2016.csv"), env=env).exit_code == 0
    used = invoke("dyads", "--years", "2001", "--add", "capabilities", "--json", env=env)
    assert used.exit_code == 0, used.output
    warn = " ".join(used.stderr.split())
    assert "only part of the state system in 1 year(s) (2001)" in warn
    assert "1816" not in warn


def test_partial_nmc_file_is_not_recomputed_silently(shared_data: Path, tmp_path: Path) -> None:
    """A capabilities file with five states: CINC recomputed within it would be shares of the
    five (summing to 1); anpo keeps the file's CINC with a warning, or refuses on request."""
    import warnings

    import anpo.data as data
    from anpo.errors import DataWarning, InputError
    from anpo.relations import add_capabilities, cinc, dyad_years

    full = pd.read_csv(shared_data / "cow/NMC-60-abridged.csv")
    part = tmp_path / "nmc-five.csv"
    full[full.ccode.isin([2, 200, 365, 710, 740])].to_csv(part, index=False)
    nmc = data.read_nmc(part)
    with pytest.warns(DataWarning, match="only part of the state system"):
        got = cinc(nmc)
    assert np.allclose(got.to_numpy(), nmc["cinc"].to_numpy(), equal_nan=True)
    assert got[nmc.year == 2001].sum() < 0.5  # the system shares, not shares of the five
    with pytest.raises(InputError, match="load the full NMC file"):
        cinc(nmc, on_partial="error")
    sub = cinc(nmc, on_partial="recompute")
    assert sub[nmc.year == 2001].sum() == pytest.approx(1.0)
    # a full file: no warning, recomputed CINC equals the published one
    whole = data.read_nmc(shared_data / "cow/NMC-60-abridged.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        assert np.nanmax(np.abs(cinc(whole) - whole["cinc"])) < 1e-6
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    with pytest.warns(DataWarning):
        frame = add_capabilities(dyad_years(states, years=2001), nmc)
    us = frame[(frame.ccode1 == 2) & (frame.ccode2 == 740)].iloc[0]
    assert us.cinc1 == pytest.approx(float(nmc[(nmc.ccode == 2) & (nmc.year == 2001)].cinc.iloc[0]))


@pytest.mark.slow
def test_similarity_nonmembers_flag(home: dict[str, str], shared_data: Path) -> None:
    """``--nonmembers`` keeps the states ATOP lists in alliances before they joined the system
    (Hanover and Mecklenburg-Schwerin in 1816) as portfolio dimensions; without it the
    portfolios are over the COW members only, as in [miller2021]'s tau-b of the United States
    and Prussia in 1816 (-0.187; -0.196 with the non-members)."""
    import anpo.data as data
    from anpo.relations import similarity_dyad_years

    atop = data.read_atop_dyad(shared_data / "peacesciencer/atop_alliance.csv.gz")
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    got = {}
    for flag in ([], ["--nonmembers"]):
        r = invoke("similarity", "--years", "1816", "--dyad", "2,255", "--json", *flag, env=home)
        assert r.exit_code == 0, r.output
        (rec,) = json.loads(r.stdout)
        want = similarity_dyad_years(atop, states, years=1816, nonmembers=bool(flag))
        row = want[(want["ccode1"] == 2) & (want["ccode2"] == 255)].iloc[0]
        assert rec["tau_b"] == pytest.approx(row["tau_b"], abs=1e-12)
        got[bool(flag)] = rec["tau_b"]
    assert (round(got[False], 3), round(got[True], 3)) == (-0.187, -0.196)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--measures", ""], "--measures: give at least one measure"),  # a table of no measure
        (["--measures", " , "], "--measures: give at least one measure"),
        (["--dyad", "2,2"], "--dyad: a dyad needs two different states"),  # "0 dyad-years."
        (["--dyad", "2,99999"], "--dyad: state 99999 is not compared in the years asked"),
        # named, as the tables name states
        (["--dyad", "740,2", "--years", "1850"], "--dyad: Japan (740) is not compared"),
        # Austria-Hungary and Hungary, 1918: a false dyad, not scored (it was before)
        (
            ["--dyad", "310,300", "--years", "1918"],
            "--dyad: Austria-Hungary (300) and Hungary (310) are no dyad in the",
        ),
    ],
)
def test_similarity_says_why_it_has_nothing_to_show(
    home: dict[str, str], args: list[str], says: str
) -> None:
    """An empty measure list and a dyad with an unknown or repeated state printed an empty
    table ("0 dyad-years.") and exit 0."""
    years = [] if "--years" in args else ["--years", "2001"]
    r = invoke("similarity", *years, *args, "--json", env=home)
    assert r.exit_code == 2, r.output
    assert r.stderr.strip().startswith(f"error: {says}"), r.stderr
    assert r.stdout == "" and "Traceback" not in r.output


def test_roles_note_names_what_each_missing_dataset_feeds(home: dict[str, str]) -> None:
    """Issue 3: `anpo roles --year 2001` says which evidence the missing optional datasets
    would give; nuclear stockpiles feed only a capability measure with 'nuclear', which the
    default thresholds (CINC and military spending) do not use, so they are not said to stop
    a rule (the note used to claim that rules needing nuclear forces could not fire)."""
    from anpo.relations.report import absent_datasets_note

    r = cli("roles", "--year", "2001", env=home)
    assert r.returncode == 0, r.stderr
    note = [ln for ln in r.stderr.splitlines() if ln.startswith("note: the catalog has no")]
    assert len(note) == 1, r.stderr
    assert "td_rivalries, tss_rivalries, mid_dyadic, unga dataset" in note[0]
    assert "strategic rivalries, militarized disputes, UN ideal points cannot fire" in note[0]
    assert (
        "no dataset of nuclear stockpiles (catalog kind nuclear_stockpiles), which no rule in use needs"
        in note[0]
    )
    # the capability measures in words, not the thresholds' codes
    assert "capability by CINC and military spending" in note[0] and "cinc" not in note[0]
    # where the accuracy of the roles is reported, next to them
    assert "note: accuracy: the thresholds were fitted on U.S.-focal training decades" in r.stderr
    assert "`anpo roles validate` gives each role's agreement" in r.stderr
    # with a nuclear capability measure the stockpiles are needed, and said to be
    only_nuclear = absent_datasets_note(["nuclear_stockpiles"], ["cinc", "nuclear"])
    assert only_nuclear == (
        "note: the catalog has no nuclear_stockpiles dataset: the rules that read nuclear "
        "forces cannot fire without it (anpo data add FILE)"
    )


def _header_row(output: str) -> str:
    """The header row of the first table in ``output``."""
    return next(ln for ln in output.splitlines() if ln.startswith("┃"))


def _row(output: str, *cells: str) -> list[str]:
    """The cells of the first table row holding every one of ``cells``."""
    line = next(ln for ln in output.splitlines() if all(f"│ {c} " in ln for c in cells))
    return [c.strip() for c in line.strip("│").split("│")]


def test_similarity_table_names_states_and_measures(home: dict[str, str]) -> None:
    """`anpo similarity` for a reader: the U.S.-Japan row of 2001 (ATOP v5.1 from the shared
    data) names both states beside their COW codes, the headers name each measure with its
    range, the values are the JSON's; the JSON keeps the data names, nothing added."""
    from anpo.relations.similarity import DEFAULT_MEASURES as MEASURES
    from anpo.report.format import fmt_number

    r = invoke("similarity", "--years", "2001", "--dyad", "2,740", env=home)
    assert r.exit_code == 0, r.output
    head = _header_row(r.stdout)
    for words in (
        "State 1 (COW code)",
        "State 2 (COW code)",
        "S, absolute (-1 to 1)",
        "S weighted by CINC, squared (-1 to 1)",
        "Kendall's tau-b (-1 to 1)",
        # which variant each is: quadratic kappa [hage2011] and nominal pi [scott1955], as
        # fpsim's cohenk and spi; the headers said only "Cohen's kappa" and "Scott's pi"
        "Cohen's kappa, quadratic weights (1 identical, 0 chance)",
        "Scott's pi, nominal (1 identical, 0 chance)",
        "Alignment index (S minus chance, 0 chance)",
    ):
        assert words in head, (words, head)
    assert not any(m in head for m in ("s_abs", "tau_b", "ccode1")), head
    assert "nan" not in r.stdout.lower() and "<NA>" not in r.stdout
    assert "Alliance portfolios from ATOP on the valued scale (3 defense or offense" in r.stdout
    raw = invoke("similarity", "--years", "2001", "--dyad", "2,740", "--json", env=home)
    (rec,) = json.loads(raw.stdout)
    assert list(rec) == ["ccode1", "ccode2", "year", *MEASURES]
    cells = _row(r.stdout, "United States (2)", "Japan (740)")
    assert cells[:3] == ["United States (2)", "Japan (740)", "2001"]
    assert cells[3:] == [fmt_number(rec[m]) for m in MEASURES]
    # Häge's quadratic pi on request, beside the nominal pi
    raw = invoke(
        *["similarity", "--years", "2001", "--dyad", "2,740", "--measures", "pi,pi_sq", "--json"],
        env=home,
    )
    (rec,) = json.loads(raw.stdout)
    assert list(rec) == ["ccode1", "ccode2", "year", "pi", "pi_sq"]
    assert rec["pi_sq"] != rec["pi"] and -1 <= rec["pi_sq"] <= 1
    r = invoke("similarity", "--years", "2001", "--dyad", "2,740", "--measures", "pi_sq", env=home)
    assert "Scott's pi, quadratic weights (Häge 2011; 1 identical, 0 chance)" in r.stdout


@pytest.fixture(scope="module")
def home_un(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, catalog_store: Path
) -> dict[str, str]:
    """A catalog with the COW states, NMC, ATOP and the UN ideal points (from 1946)."""
    h = tmp_path_factory.mktemp("cli-un") / "home"
    files = [
        "cow/states2016.csv",
        "cow/NMC-60-abridged.csv",
        "peacesciencer/atop_alliance.csv.gz",
        "unga/IdealpointsJuly2025.csv",
    ]
    return catalog_env(h, shared_data, files, store=catalog_store)


def test_dyads_table_names_states_words_and_missing_values(home_un: dict[str, str]) -> None:
    """`anpo dyads` for a reader: states named beside their codes, headers in words with their
    units, pacts as yes/no (NMC v6.0, ATOP v5.1 from the shared data); the UN ideal points of
    1816, before the UN data's years, are an en dash explained under the table, never NaN or
    0. The --json summary keeps its keys and the data's column names."""
    from anpo.report.format import fmt_number

    args = ["dyads", "--years", "2001", "--add", "capabilities,alliances"]
    r = invoke(*args, env=home_un)
    assert r.exit_code == 0, r.output
    head = _header_row(r.stdout)
    assert "State 1 (COW code)" in head and "CINC of state 2 (world share, 0-1)" in head
    assert "Defense pact (ATOP)" in head and "atop_defense" not in r.stdout
    assert r.stdout.startswith("36,290 dyad-years, each pair in both orders; the first 20 below")
    cells = _row(r.stdout, "United States (2)", "Canada (20)")
    assert cells[:3] == ["United States (2)", "Canada (20)", "2001"]
    assert cells[5] == "yes"  # NATO, a defense pact
    assert "nan" not in r.stdout.lower() and "<NA>" not in r.stdout and "– in" not in r.stdout
    summary = json.loads(invoke(*args, "--json", env=home_un).stdout)
    assert list(summary) == [
        "rows", "columns", "years", "years_built", "years_left_out", "system", "directed", "out"
    ]  # fmt: skip
    assert summary["columns"][:6] == ["ccode1", "ccode2", "year", "cinc1", "cinc2", "atop_defense"]
    # the CINC printed is the data's (the U.S. in 2001)
    import anpo.data as data
    from _support import shared_data_dir

    nmc = data.read_nmc(shared_data_dir() / "cow/NMC-60-abridged.csv")
    us = float(nmc[(nmc.ccode == 2) & (nmc.year == 2001)].cinc.iloc[0])
    assert cells[3] == fmt_number(us)
    r = invoke("dyads", "--years", "1816", "--add", "ideal_points", env=home_un)
    assert r.exit_code == 0, r.output
    cells = _row(r.stdout, "United States (2)", "United Kingdom (200)")
    assert cells[3:] == ["–", "–", "–"]
    legend = [ln for ln in r.stdout.splitlines() if ln.startswith("– in ")]
    assert legend == [
        "– in UN ideal point of state 1 (latent scale); UN ideal point of state 2 (latent "
        "scale); UN ideal-point distance (same scale): the year is outside the UN ideal-point "
        "data's years (1946-2024)"
    ]


def test_readable_dyad_table_words_names_and_reasons() -> None:
    """:func:`anpo.relations.readable.dyad_table` on a small frame (no data needed): the name
    a state bore in the year (the Soviet Union in 1970), contiguity and hostility in words,
    a flag outside its dataset's years missing with that reason, a Gleditsch-Ward code the
    COW list lacks named from the G-W list."""
    from anpo.relations.readable import dyad_table

    frame = pd.DataFrame(
        {
            "ccode1": [2, 2],
            "ccode2": [365, 365],
            "year": [1970, 2020],
            "conttype": pd.array([0, None], dtype="Int64"),
            "mid_hostlev": pd.array([4, None], dtype="Int64"),
            "td_rivalry": pd.array([1, None], dtype="Int64"),
        }
    )
    cov = {"contiguity": (1816, 2016), "disputes": (1816, 2014), "rivalries": (1494, 2010)}
    t = dyad_table(frame, coverage=cov)
    assert list(t.frame.columns) == [
        "State 1 (COW code)",
        "State 2 (COW code)",
        "Year",
        "Direct contiguity (COW)",
        "Highest hostility, either side (MID)",
        "Strategic rivalry (Thompson & Dreyer)",
    ]
    first = t.frame.iloc[0].tolist()
    assert first == ["United States (2)", "Soviet Union (365)", 1970, "not contiguous"] + [
        "use of force",
        "yes",
    ]
    assert t.frame.iloc[1, 1] == "Russia (365)" and t.frame.iloc[1, 3:].isna().all()
    assert t.legend == [
        "– in Direct contiguity (COW): the year is outside the contiguity data's years (1816-2016)",
        "– in Highest hostility, either side (MID): the year is outside the MID data's years "
        "(1816-2014)",
        "– in Strategic rivalry (Thompson & Dreyer): the year is outside the rivalry list "
        "data's years (1494-2010)",
    ]
    gw = pd.DataFrame({"gwcode1": [711], "gwcode2": [2], "year": [1920]})
    t = dyad_table(gw, system="gw", names={711: "Tibet"})
    assert t.frame.iloc[0].tolist() == ["Tibet (711)", "United States (2)", 1920]
    assert t.legend == []


def test_readable_similarity_table_says_why_weighted_s_is_missing() -> None:
    """A weighted S without capability weights: the legend says the catalog has no NMC data, or
    that the year is after the NMC years; tau-b undefined for a pair says why (no data needed)."""
    from anpo.relations.readable import similarity_table

    nan = float("nan")
    frame = pd.DataFrame(
        {"ccode1": [2], "ccode2": [740], "year": [2018], "s_wabs": [nan], "tau_b": [nan]}
    )
    none = similarity_table(frame, has_nmc=False)
    assert none.frame.iloc[0, :3].tolist() == ["United States (2)", "Japan (740)", 2018]
    assert none.legend == [
        "– in S weighted by CINC, absolute (-1 to 1): no capability weights: the catalog has no "
        "NMC data (anpo data add an NMC file)",
        "– in Kendall's tau-b (-1 to 1): undefined: a portfolio puts every state at the same "
        "level, so it ranks none",
    ]
    after = similarity_table(frame, nmc_years=(1816, 2016))
    assert after.legend[0] == (
        "– in S weighted by CINC, absolute (-1 to 1): the year is outside the NMC data's years "
        "(1816-2016)"
    )


def test_similarity_empty_dyad_is_refused(home: dict[str, str]) -> None:
    """``--dyad ""`` (an unset shell variable) printed every dyad, as if no --dyad were given:
    refused, naming the flag."""
    r = cli("similarity", "--years", "2001", "--dyad", "", env=home)
    assert r.returncode == 2, r.stdout
    assert r.stderr == "error: --dyad: expected two COW codes 'A,B'\n"


def test_similarity_one_dyad_says_which_years_have_no_row(home: dict[str, str]) -> None:
    """``--dyad 2,740 --years 1944-1953``: four rows and nothing said of 1946-1951, when Japan
    was under occupation and no COW system member; the years without a row are now named with
    why, as text and with --json (on stderr: the JSON stays the rows)."""
    for extra in ([], ["--json"]):
        r = invoke("similarity", "--years", "1944-1953", "--dyad", "2,740", *extra, env=home)
        assert r.exit_code == 0, r.output
        assert (
            "warning: no dyad-year for 1946-1951: Japan (740) is not compared (no system "
            "member then)"
        ) in r.stderr
    rows = json.loads(r.stdout)
    assert [x["year"] for x in rows] == [1944, 1945, 1952, 1953]
    r = invoke("similarity", "--years", "2001", "--dyad", "2,740", env=home)
    assert "no dyad-year" not in r.stderr


def test_similarity_ranking_option(home: dict[str, str], shared_data: Path, tmp_path: Path) -> None:
    """review18 F1: ``--ranking fpsim`` ranks ATOP's obligations as S. Miller's FPSIM data do
    [miller-fpsim2025] (2 neutrality or consultation, 1 non-aggression only), the default
    ``anpo`` as before (2 neutrality or non-aggression, 1 consultation only). U.S.-Japan 2001:
    the CLI value equals the library's under each ranking, the two differ, the caption says
    which levels it used, the summary and the Parquet file name the ranking, and a ranking
    that does not exist is refused by flag."""
    import pyarrow.parquet as pq

    import anpo.data as data
    from anpo.relations import similarity_dyad_years

    atop = data.read_atop_dyad(shared_data / "peacesciencer/atop_alliance.csv.gz")
    states = data.read_cow_states(shared_data / "cow/states2016.csv")
    values = {}
    for ranking in ("anpo", "fpsim"):
        r = invoke(
            "similarity", "--years", "2001", "--dyad", "2,740", "--ranking", ranking, "--json",
            env=home,
        )  # fmt: skip
        assert r.exit_code == 0, r.output
        values[ranking] = json.loads(r.stdout)[0]["s_abs"]
        lib = similarity_dyad_years(atop, states, years=2001, measures=["s_abs"], ranking=ranking)  # type: ignore[arg-type]
        assert values[ranking] == pytest.approx(
            lib[(lib.ccode1 == 2) & (lib.ccode2 == 740)]["s_abs"].iloc[0], abs=1e-12
        )
    default = invoke("similarity", "--years", "2001", "--dyad", "2,740", "--json", env=home)
    assert json.loads(default.stdout)[0]["s_abs"] == values["anpo"] != values["fpsim"]
    r = invoke("similarity", "--years", "1950", "--ranking", "fpsim", env=home)
    assert "2 neutrality or consultation, 1 non-aggression only, 0 none" in r.stdout
    r = invoke("similarity", "--years", "1950", env=home)
    assert "2 neutrality or non-aggression, 1 consultation only, 0 none" in r.stdout
    r = invoke("similarity", "--years", "1950", "--ranking", "fpsim", "--json", env=home)
    assert json.loads(r.stdout)["ranking"] == "fpsim"
    r = invoke("similarity", "--years", "1950", "--scale", "binary", "--json", env=home)
    assert json.loads(r.stdout)["ranking"] is None  # no ranking on the binary scale
    out = tmp_path / "s.parquet"
    r = invoke("similarity", "--years", "1950", "--ranking", "fpsim", "--out", str(out), env=home)
    assert r.exit_code == 0, r.output
    meta = json.loads(pq.read_schema(out).metadata[b"anpo"])
    assert meta["options"] == {"scope": "global", "scale": "valued", "ranking": "fpsim"}
    r = cli("similarity", "--years", "1950", "--ranking", "chiba", env=home)
    assert r.returncode == 2
    assert r.stderr == "error: --ranking: must be one of 'anpo', 'fpsim'; got 'chiba'\n"


def test_dyads_gw_says_the_microstates_left_out(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory, catalog_store: Path
) -> None:
    """review18 F2: with peacesciencer's gw_states (no microstates), ``anpo dyads --system gw``
    says in one line, in the summary and the JSON, that the G-W microstates make no dyads
    here while peacesciencer's create_dyadyears(system = "gw") [miller2022] includes them
    (a user comparing counts saw about 20% fewer rows and no word of why); ``--system cow``
    says nothing of microstates."""
    h = tmp_path_factory.mktemp("gw") / "home"
    files = ["cow/states2016.csv", "peacesciencer/gw_states.csv"]
    env = catalog_env(h, shared_data, files, store=catalog_store)
    r = invoke("dyads", "--system", "gw", "--years", "2001", "--json", env=env)
    assert r.exit_code == 0, r.output
    note = json.loads(r.stdout)["microstates"]
    assert note.startswith("the states file lists none of the 23 Gleditsch-Ward microstates")
    assert 'create_dyadyears(system = "gw") includes them' in note
    r = invoke("dyads", "--system", "gw", "--years", "2001", env=env)
    lines = [ln for ln in r.stdout.splitlines() if "microstates" in ln]
    assert lines == [f"Note: {note}."]
    out = tmp_path_factory.mktemp("gwout") / "d.csv"
    r = invoke("dyads", "--system", "gw", "--years", "2001", "--out", str(out), env=env)
    assert r.exit_code == 0 and f"Note: {note}." in r.stdout
    r = invoke("dyads", "--years", "2001", "--json", env=env)
    assert "microstates" not in json.loads(r.stdout) and "microstates" not in r.stderr

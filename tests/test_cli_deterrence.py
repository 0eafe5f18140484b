"""``anpo defense`` and ``anpo stability`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _support import MINIMAL, cli, invoke, one_line_error
from anpo.deterrence.bands import DEFAULT_SEED
from anpo.scenario import book_files


def test_defense_salvo_json():
    """k=0.5, n=4, N=10: P0 = 0.524460, E = 0.625 ([wilkening1999]; deterrence.md table)."""
    proc = cli("defense", "--rvs", "10", "--sspk", "0.5", "--shots", "4", "--goal", "0.9", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["p_no_leak"] == pytest.approx(0.524460, abs=5e-7)
    assert out["expected_leakers"] == pytest.approx(0.625)
    # ln(1 - 0.9^(1/10)) / ln(0.5) = 6.58 -> 7
    assert out["shots_required_for_goal"] == 7
    assert len(out["leaker_pmf"]) == 11
    assert out["p_at_least"]["1"] == pytest.approx(1 - 0.524460475, abs=1e-6)


def test_defense_sls_and_inventory_and_human_output():
    proc = cli("defense", "--rvs", "10", "--sspk", "0.8", "--sls", "1,1", "--json")
    out = json.loads(proc.stdout)
    assert out["sls_kill_probability"] == pytest.approx(0.96)
    assert out["sls_expected_interceptors_per_rv"] == pytest.approx(1.2)
    assert out["p_no_leak"] == pytest.approx(0.96**10, rel=1e-9)
    assert out["sls_given_layer_works"] is False
    # per raid with a reliability below 1 the per-RV figures are the working layer's: said so
    args = ("defense", "--rvs", "10", "--sspk", "0.8", "--sls", "1,1", "--reliability", "0.9")
    out = json.loads(cli(*args, "--json").stdout)
    assert out["sls_kill_probability"] == pytest.approx(0.96)
    assert out["sls_given_layer_works"] is True
    assert out["p_no_leak"] == pytest.approx(0.9 * 0.96**10, rel=1e-9)
    assert "if the layer works (per raid)" in cli(*args).stdout
    proc = cli("defense", "--rvs", "7", "--sspk", "0.6", "--interceptors", "17")
    assert proc.returncode == 0 and "P(no leaker)" in proc.stdout


def test_defense_sls_per_rv_line_says_it_is_an_unlimited_inventorys():
    """review9 F1: with --interceptors the shoot-look-shoot engagement may fire fewer shots
    than its doctrine: 10 interceptors for 10 RVs at 2,2 and SSPK 0.8 fire one each, so
    P(no leaker) = 0.8^10 = 0.107374 and 2 leakers are expected, while an RV given its 2 + 2
    shots is killed with 1 - 0.2^2 * 0.2^2 = 0.9984 at 2 + 2 * 0.04 = 2.08 interceptors
    (Wilkening 1999 shoot-look-shoot). The per-RV line says its figures assume an unlimited
    inventory and what the engagement has; the JSON says so in a key."""
    args = ("defense", "--rvs", "10", "--sspk", "0.8", "--sls", "2,2", "--interceptors", "10")
    out = json.loads(cli(*args, "--json").stdout)
    assert out["p_no_leak"] == pytest.approx(0.8**10, rel=1e-9)
    assert out["sls_kill_probability"] == pytest.approx(0.9984)
    assert out["sls_expected_interceptors_per_rv"] == pytest.approx(2.08)
    assert out["sls_unlimited_inventory"] is True
    line = cli(*args).stdout.splitlines()[-1]
    assert line.strip().startswith("SLS per RV with unlimited interceptors (2+2 shots each)")
    assert "kill 99.8400%, interceptors per RV 2.080000" in line  # a probability in percent
    assert line.endswith("the engagement above has 10 interceptors for 10 RVs")
    # without --interceptors the inventory is every RV's shots: nothing more to say
    line = cli(*args[:-2]).stdout.splitlines()[-1]
    assert "unlimited interceptors" in line and "engagement above" not in line


def test_defense_sls_per_rv_line_counts_decoys_as_the_engagement_does():
    """decoys2: the per-RV unlimited-inventory line ignored --decoys. The engagement engages
    each unrecognised decoy as an RV (FIRST shots, SECOND more if it survives): with an
    unlimited inventory an RV's kill is unchanged (1 - 0.2^4 = 0.9984 at SSPK 0.8, 2+2 shots;
    Wilkening 1999 shoot-look-shoot) and each of its 2 x (1 - 0.75) = 0.5 unrecognised decoys
    draws the RV's 2 + 2 x 0.2^2 = 2.08 interceptors on average: 2.08 x 1.5 = 3.12 per RV. With
    200 interceptors (ample: at most 30 objects x 4 shots) the engagement's expected leakers are
    10 x (1 - 0.9984) = 0.016, the per-RV kill the line gives."""
    base = ("defense", "--rvs", "10", "--sspk", "0.8", "--sls", "2,2", "--decoys", "2")
    args = (*base, "--discrimination", "0.75", "--interceptors", "200")
    out = json.loads(cli(*args, "--json").stdout)
    assert out["sls_kill_probability"] == pytest.approx(0.9984)
    assert out["sls_expected_interceptors_per_rv"] == pytest.approx(2.08)
    assert out["sls_unrecognised_decoys_per_rv"] == pytest.approx(0.5)
    assert out["sls_expected_interceptors_per_rv_with_decoys"] == pytest.approx(3.12)
    assert out["expected_leakers"] == pytest.approx(10 * (1 - 0.9984), rel=1e-9)
    line = cli(*args).stdout.splitlines()[-1]
    assert "interceptors per RV 2.080000 (3.120000 with its decoys: 0.500000 unrecognised" in line
    assert line.endswith(
        "the engagement above has 200 interceptors for 10 RVs and their unrecognised decoys"
    )
    # the implicit inventory (--rvs x (FIRST + SECOND)) has no shots for the decoys: said so
    line = cli(*base, "--discrimination", "0.75").stdout.splitlines()[-1]
    assert line.endswith(
        "the engagement above has 40 interceptors for 10 RVs and their unrecognised decoys"
    )
    # at --discrimination 1 (the default) every decoy is recognised and draws no shot: no decoy
    # part, not '0.000000 unrecognised per RV' (review13 F2)
    line = cli(*base).stdout.splitlines()[-1]
    assert "with its decoys" not in line and "unrecognised" not in line
    assert line.endswith("the engagement above has 40 interceptors for 10 RVs")
    # without decoys the keys say so: the same figure, no decoy
    out = json.loads(cli(*base[:-2], "--json").stdout)
    assert out["sls_unrecognised_decoys_per_rv"] == 0.0
    assert out["sls_expected_interceptors_per_rv_with_decoys"] == pytest.approx(2.08)


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--rvs", "10", "--sspk", "1.5"], ["--sspk", "probability"]),
        (["--rvs", "10", "--sspk", "0.5", "--mode", "weekly"], ["--mode", "'raid' or 'rv'"]),
        (["--rvs", "10", "--sspk", "0.5", "--sls", "2"], ["--sls", "FIRST,SECOND"]),
        # the layer's own checks named --shots (not typed) and gave no flag with "Value error,"
        (["--rvs", "10", "--sspk", "0.5", "--sls", "0,0"], ["error: --sls: the first look"]),
        (["--rvs", "10", "--sspk", "0.5", "--sls", "1,0"], ["error: --sls: the second look"]),
        # web28: as the web API's bounds (a layer's shots >= 1, m >= 1): --shots 0 printed
        # P(>= 1 leak) 100%, -m 0 a P(>= 0 leak) that is 100% whatever the defense; a look over
        # the layer's 64 shots was said 'takes 1 to 1,000,000' or named the layer's field
        (
            ["--rvs", "10", "--sspk", "0.5", "--shots", "0"],
            ["'--shots'", "greater than or equal to 1"],
        ),
        (["--rvs", "10", "--sspk", "0.5", "-m", "0"], ["'-m'", "greater than or equal to 1"]),
        (
            ["--rvs", "10", "--sspk", "0.5", "--sls", "100,1"],
            ["error: --sls: the first look takes 1 to 64"],
        ),
        (
            ["--rvs", "10", "--sspk", "0.5", "--sls", "1,65"],
            ["error: --sls: the second look takes 1 to 64"],
        ),
        (["--rvs", "ten", "--sspk", "0.5"], ["'--rvs'", "whole number"]),
        # a non-finite number for an option with a range is said to be one, not out of range,
        # in the form of an option without a range (and of --max-work inf): it was said in
        # click's ("anpo defense: Invalid value for '--max-work': ...", review19 F3)
        (
            ["--rvs", "3", "--max-work", "nan"],
            ["error: --max-work: must be a finite number, got nan"],
        ),
        (
            ["--rvs", "3", "--max-work", "-inf"],
            ["error: --max-work: must be a finite number, got -inf"],
        ),
        (
            ["--rvs", "3", "--sspk", "0.5", "--max-work", "inf"],
            ["error: --max-work: must be a finite number, got inf"],
        ),
        # an empty value was shown as nothing ("got (see ...)")
        (["--rvs", "3", "--sspk", ""], ["'--sspk'", "such as 0.7 or 1e-3); got ''"]),
        (["--rvs", "", "--sspk", "0.5"], ["'--rvs'", "written in digits; got ''"]),
        (["--rvs", "3", "--max-work", "0.5"], ["'--max-work'", "greater than or equal to 1"]),
    ],
)
def test_defense_bad_flags_exit_2(args: list[str], names: list[str]) -> None:
    """A bad flag: exit 2, one line naming the flag and what it must be, no traceback."""
    err = one_line_error(invoke("defense", *args))
    for name in names:
        assert name in err, err


def test_defense_shots_beside_sls_is_refused_not_dropped() -> None:
    """`--shots 4 --sls 1,1` computed a 1,1 shoot-look-shoot and dropped the --shots the user
    typed without a word (P(no leaker) 0.056 instead of a 4-shot salvo's 0.524): the two both
    set the shots per RV, so the command now says so and exits 2; each alone still runs."""
    err = one_line_error(
        invoke("defense", "--rvs", "10", "--sspk", "0.5", "--shots", "4", "--sls", "1,1")
    )
    assert err.startswith("error: --shots/--sls:") and "give one" in err, err
    sls = json.loads(
        invoke("defense", "--rvs", "10", "--sspk", "0.5", "--sls", "1,1", "--json").stdout
    )
    assert sls["engagement"] == "shoot-look-shoot"
    assert sls["p_no_leak"] == pytest.approx(0.75**10, rel=1e-9)
    salvo = json.loads(
        invoke("defense", "--rvs", "10", "--sspk", "0.5", "--shots", "4", "--json").stdout
    )
    assert salvo["p_no_leak"] == pytest.approx(0.524460475, abs=1e-9)  # [wilkening1999]
    # the default is still one shot per RV
    one = json.loads(invoke("defense", "--rvs", "10", "--sspk", "0.5", "--json").stdout)
    assert one["p_no_leak"] == pytest.approx(0.5**10, rel=1e-9)


def test_defense_discrimination_without_decoys_says_it_changes_nothing() -> None:
    """`--discrimination 0.5` without `--decoys`: no decoy to recognise, so the answer is the
    one without the flag (P(no leaker) = 0.5**10 for 10 RVs at SSPK 0.5), and a note on stderr
    says the flag changed nothing (it was taken without a word); with decoys the flag counts."""
    res = invoke("defense", "--rvs", "10", "--sspk", "0.5", "--discrimination", "0.5")
    assert res.exit_code == 0
    assert "note: --discrimination changes nothing without --decoys" in res.stderr, res.stderr
    plain = json.loads(
        invoke(
            "defense", "--rvs", "10", "--sspk", "0.5", "--discrimination", "0.5", "--json"
        ).stdout
    )
    assert plain["p_no_leak"] == pytest.approx(0.5**10, rel=1e-9)
    quiet = invoke(
        "defense", "--rvs", "10", "--sspk", "0.5", "--decoys", "2", "--discrimination", "0.5"
    )
    assert quiet.exit_code == 0 and "note:" not in quiet.stderr, quiet.stderr


@pytest.mark.slow
def test_stability_json_on_book_file():
    """`anpo stability FILE --json`: rows keep year, variant and dyad; the index is null with
    its reason where a side has no warheads that can reach the other (North Korea in 2001)."""
    path = next(p for p in book_files() if "2001" in p.name)
    proc = cli("stability", str(path), "--variant", "mad", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert {r["variant"] for r in out["questions"]} == {"mad"}
    assert out["reaction_curve"]
    rows = {r["dyad"]: r for r in out["stability"]}
    for row in rows.values():
        assert {"year", "variant", "dyad", "fss", "fss_reason"} <= set(row)
        assert row["year"] == 2001
    nk = rows["U.S.-North Korea"]
    assert (
        nk["fss"] is None and nk["fss_reason"] == "North Korea has no deliverable warheads in 2001"
    )
    assert rows["U.S.-Russia"]["fss"] is not None and rows["U.S.-Russia"]["fss_reason"] is None
    human = cli("stability", str(path), "--variant", "mad", "--no-reaction")
    assert human.returncode == 0 and "no index: North Korea has no deliverable" in human.stdout
    # only an undefined index gets a note: the defined ones (a missing reason, NaN once the rows
    # are a DataFrame) printed "U.S.-Russia: no index: nan"
    assert "no index:" in human.stdout and "nan" not in human.stdout
    notes = [ln for ln in human.stdout.splitlines() if "no index:" in ln]
    assert len(notes) == 1 and notes[0].startswith(
        "  MAD (no U.S. defense) [mad], U.S.-North Korea: no index: North Korea has no "
        "deliverable warheads in 2001"
    )
    # North Korea (2001) cannot strike first: its C1, the U.S.'s C2 and both incentives are
    # undefined (null in JSON), not the costs of a strike with no warheads
    assert nk["c1_rival"] is None and nk["c2_defender"] is None
    assert nk["incentive_defender"] is None and nk["incentive_rival"] is None
    assert nk["c1_defender"] == pytest.approx(0.0, abs=1e-12) and nk["c2_rival"] > 0
    # model outputs at the model's resolution, as in the report: China's 2001 retaliation on
    # the U.S. after a U.S. first strike (2e-7 in the JSON) and the index (2.3e-8) are '< 0.001'
    china = [r for r in out["questions"] if r["dyad"] == "U.S.-China" and r["territory"] == "USA"]
    assert 0 < china[0]["p_arrive_ge_1"] < 1e-3 and 0 < rows["U.S.-China"]["fss"] < 1e-3
    assert "< 0.001" in human.stdout and "e-" not in human.stdout
    # territories by name, not actor id
    assert "United States" in human.stdout and "│ USA " not in human.stdout
    err = one_line_error(invoke("stability", str(path), "--variant", "nope"))
    assert "unknown variant" in err


def test_stability_without_dyads_says_so(tmp_path):
    path = tmp_path / "nodyad.toml"
    path.write_text(MINIMAL.replace('[[dyads]]\ndefender = "USA"\nrival = "CHN"\n', ""))
    proc = cli("stability", str(path))
    assert proc.returncode == 0
    assert "no [[dyads]]" in proc.stdout


def test_reaction_pivot_says_when_no_force_meets_the_goal():
    """-1 ('no force up to the search limit meets the goal') is a dash with a caption, never a
    launcher count of -1; whole counts stay whole."""
    import pandas as pd

    from anpo.cli.deterrence import _reaction_pivot_terminal
    from anpo.report.format import format_frame

    react = pd.DataFrame(
        {
            "variant": ["v"] * 3,
            "dyad": ["A-B"] * 3,
            "growth_component": ["b-icbm"] * 3,
            "current_launchers": [20] * 3,
            "interceptors": [0, 100, 1000],
            "launchers_needed": [1, 40, -1],
        }
    )
    piv = _reaction_pivot_terminal(react)
    assert list(piv.columns) == [
        "variant", "dyad", "growth_component", "current_launchers", "0", "100", "1000"
    ]  # fmt: skip
    assert format_frame(piv).iloc[0].tolist() == ["v", "A-B", "b-icbm", "20", "1", "40", "–"]


def test_reaction_pivot_keeps_the_file_order_and_the_force_it_grows():
    """The terminal's reaction rows come in the file's variant order (pivot sorted them by id:
    'bmd-delhi' before 'mad'), each with the force the rival grows and the launchers it holds,
    without which '0 needed' does not say 'its other forces already meet the goal'."""
    import pandas as pd

    from anpo.cli.deterrence import _reaction_pivot_terminal

    react = pd.DataFrame(
        {
            "variant": ["mad", "mad", "bmd", "bmd"],
            "dyad": ["A-B"] * 4,
            "growth_component": ["g", "g", "h", "h"],
            "current_launchers": [40, 40, 12, 12],
            "interceptors": [0, 24, 0, 24],
            "launchers_needed": [0, 3, 18, 25],
        }
    )
    piv = _reaction_pivot_terminal(react)
    assert list(piv.columns) == [
        "variant",
        "dyad",
        "growth_component",
        "current_launchers",
        "0",
        "24",
    ]
    assert piv["variant"].tolist() == ["mad", "bmd"]
    assert piv.iloc[1].tolist() == ["bmd", "A-B", "h", 12, 18, 25]


def test_stability_reaction_table_says_its_goal_and_its_columns(tmp_path: Path):
    """The reaction table names the force grown, the launchers held, the goal from the file's
    settings and which layer's interceptors the columns count."""
    path = tmp_path / "s.toml"
    path.write_text(MINIMAL + "\n[settings]\nreaction_m = 5\nreaction_q = 0.8\n")
    proc = cli("stability", str(path))
    assert proc.returncode == 0, proc.stderr
    out = " ".join(proc.stdout.split())
    assert "Force the rival grows" in out and "DF-5A [cn-df5]" in out
    assert "Launchers held in the variant" in out
    assert "Goal: P(at least 5 warheads arrive) >= 80%" in out
    assert "in a variant without one, the file's first such layer" in out


def test_reaction_bands_say_an_interpolated_percentile_is_one(capsys):
    """A percentile of launchers between two draws' whole counts (45.3) was printed as a force
    of 45.3 launchers with nothing said; the caption now says it is interpolated, from the first
    such value; whole counts get no such note."""
    import pandas as pd

    from anpo.cli.deterrence import _print_reaction_bands

    def frame(p05: float) -> pd.DataFrame:
        row = {"variant": "v", "dyad": "A-B", "where": "B", "x": 24.0, "point": 50.0,
               "p05": p05, "p50": 50.0, "p95": 60.0, "above_limit": 0.0, "limit": 20000.0,
               "point_above_limit": False}  # fmt: skip
        return pd.DataFrame([row])

    _print_reaction_bands(frame(45.3))
    out = " ".join(capsys.readouterr().out.split())
    assert "interpolated (45.3: between 45 and 46 launchers)" in out, out
    _print_reaction_bands(frame(45.0))
    assert "interpolated" not in capsys.readouterr().out


def test_defense_human_output_is_one_column_of_numbers():
    """Every number of `anpo defense` starts in the same column, whatever the labels' widths
    (a bound such as "< 0.0001%" starts there too: the value is what follows the label's
    padding of two or more spaces)."""
    import re

    proc = cli("defense", "--rvs", "10", "--sspk", "0.7", "--shots", "2", "-m", "1", "-m", "10")
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()[1:]
    assert len(lines) == 4
    found = [re.match(r"^  \S.*?\S {2,}(?=\S)", ln) for ln in lines]
    assert all(found), lines
    starts = {m.end() for m in found if m}
    assert len(starts) == 1, lines
    # salvo of 2 at k = 0.7 against 10 RVs: P0 = (1 - 0.3^2)^10 = 0.389416 ([wilkening1999]),
    # in percent as the report and the web print probabilities (mend16d)
    assert "38.9416%" in lines[0]


@pytest.mark.parametrize(
    ("args", "flag", "accepts", "typed"),
    [
        (["--rvs", "1e9", "--sspk", "0.5"], "--rvs", "from 0 to 10,000,000", "1e9"),
        (["--rvs", "2.5", "--sspk", "0.5"], "--rvs", "from 0 to 10,000,000", "2.5"),
        (["--rvs", "10", "--sspk", "0.5", "--shots", "1e3"], "--shots", "from 1 to 1,000,000", "1e3"),
        (["--rvs", "10", "--sspk", "0.5", "--interceptors", "1e12"], "--interceptors",
         "from 0 to 1,000,000,000,000", "1e12"),
        (["--rvs", "10", "--sspk", "0.5", "--decoys", "ten"], "--decoys", "from 0 to 1,000", "ten"),
        (["--rvs", "10", "--sspk", "0.5", "-m", "2.5"], "-m", "from 1 to 10,000,000", "2.5"),
    ],
)  # fmt: skip
def test_integer_options_say_what_they_accept(
    args: list[str], flag: str, accepts: str, typed: str
) -> None:
    """`anpo defense --rvs 1e9` said 'unable to parse string as an integer': the message now
    says the option takes a whole number, its limits, that it is written in digits, and what was
    typed (exit 2, one line, no traceback); so do the command's other integer options."""
    err = one_line_error(invoke("defense", *args))
    assert f"'{flag}'" in err
    assert f"must be a whole number {accepts}, written in digits; got {typed}" in err
    assert "parse" not in err


def test_number_options_say_what_they_accept() -> None:
    """A word where a number goes ('--sspk high') says a number is wanted, not 'unable to parse
    string as a number'."""
    err = one_line_error(invoke("defense", "--rvs", "10", "--sspk", "high"))
    assert "'--sspk': must be a number" in err and "got high" in err and "parse" not in err


def test_defense_goal_counts_the_reliability_and_says_what_it_counts():
    """``--goal`` gave the shots of a perfectly reliable salvo whatever --reliability said (10
    shots for P0 >= 0.99 where P0 never exceeds 0.5), and -9223372036854775807 for a tiny
    --sspk (an int64 overflow)."""
    from typer.testing import CliRunner

    import anpo.cli
    from _support import one_line_error

    runner = CliRunner()
    base = ["defense", "--rvs", "10", "--sspk", "0.5"]
    err = one_line_error(
        runner.invoke(anpo.cli.app, [*base, "--goal", "0.99", "--reliability", "0.5"])
    )
    assert "--goal" in err and "at most 0.5" in err and "reliability 0.5 per raid" in err
    err = one_line_error(
        runner.invoke(anpo.cli.app, [*base[:3], "--sspk", "1e-300", "--goal", "0.99"])
    )
    assert "--goal" in err and "too small to count" in err
    r = runner.invoke(anpo.cli.app, [*base, "--goal", "0.45", "--reliability", "0.5", "--json"])
    out = json.loads(r.stdout)
    assert out["shots_required_for_goal"] == 7  # 0.5 * (1 - 0.5**7)**10 = 0.462 >= 0.45 > 0.427
    assert out["shots_required_model"] == "salvo of independent shots"  # the JSON says it too
    r = runner.invoke(anpo.cli.app, [*base, "--goal", "0.9", "--sls", "1,1"])
    assert "shots per RV for P0 >= 90% in a salvo of independent shots: 7" in r.stdout


def test_defense_goal_out_of_reach_says_its_own_reason() -> None:
    """``--sspk 0 --goal 0.9`` was told that 'a goal of 1 needs a single-shot kill probability
    of 1' beside the reason that applies; each unreachable goal now gives its own (a salvo's
    P0 = (1 - (1 - k)^n)^N [wilkening1999, eq. 3] is 0 for every n when k = 0, and below 1 for
    every n when k < 1)."""
    base = ["defense", "--rvs", "10"]
    err = one_line_error(invoke(*base, "--sspk", "0", "--goal", "0.9"))
    assert "--goal" in err and "a goal above 0 needs a single-shot kill probability above 0" in err
    assert "a goal of 1" not in err
    err = one_line_error(invoke(*base, "--sspk", "0.5", "--goal", "1"))
    assert "a goal of 1 needs a single-shot kill probability of 1" in err
    assert "a goal above 0" not in err


def test_defense_says_the_inventory_it_made_from_the_shots() -> None:
    """``--decoys`` without ``--interceptors`` (and ``--sls`` likewise) engaged an inventory of
    --rvs x the shots that the output never named ('inventory with decoys engagement of 10
    RVs'); the line and the JSON now give the count and where it came from (a finite inventory
    spread as evenly as possible over the RVs [wilkening1999])."""
    r = invoke("defense", "--rvs", "10", "--sspk", "0.5", "--decoys", "3", "--shots", "2")
    assert r.exit_code == 0, r.output
    assert "of 10 RVs, 20 interceptors (--rvs x --shots)" in r.stdout.splitlines()[0]
    r = invoke("defense", "--rvs", "10", "--sspk", "0.5", "--sls", "1,2", "--json")
    assert json.loads(r.stdout)["interceptors"] == 30
    r = invoke("defense", "--rvs", "10", "--sspk", "0.5", "--decoys", "3", "--interceptors", "7")
    assert r.stdout.splitlines()[0].startswith("inventory with decoys engagement of 10 RVs, 7 ")
    assert "--rvs x" not in r.stdout
    r = invoke("defense", "--rvs", "10", "--sspk", "0.5", "--json")  # a salvo has no inventory
    assert "interceptors" not in json.loads(r.stdout)


def test_an_error_in_a_short_only_option_names_that_flag() -> None:
    """``defense -m 99999999999999999999`` said 'error: M: must be ...': an option with only a
    short flag was named like an argument (its parameter name upper-cased); it now names the
    flag the user typed (-m is now bounded by 10,000,000: the range's message names it too)."""
    err = one_line_error(invoke("defense", "--rvs", "10", "--sspk", "0.5", "-m", str(10**20)))
    assert "'-m'" in err and "M:" not in err and "less than or equal to 10000000" in err, err


def test_bands_says_why_a_reaction_curve_is_undefined():
    """``anpo bands`` on the 2001 book's U.S.-North Korea dyad (North Korea has no force that
    reaches the U.S. in 2001): the reaction band table was left out with no word; the curve is
    now said undefined with its reason (reaction curve: [wilkening1999] interception after the
    [kent1989] exchange)."""
    r = invoke(
        "bands", "book:us-japan-2001", "--variant", "mad", "--dyad", "U.S.-North Korea",
        "--draws", "2",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert (
        "U.S.-North Korea: reaction curve undefined: no force of North Korea reaches the "
        "United States" in r.stdout
    ), r.stdout


def test_bands_of_few_draws_say_their_percentiles_are_interpolated():
    """``anpo bands --draws 2`` printed 5th and 95th percentiles of two draws as a band (the
    U.S.-Russia C1 point estimate 0.759 of tmd-japan beside a band of 0.585-0.649). Below 20 draws
    fewer than one draw is expected beyond each (numpy.quantile interpolates next to the extreme
    draws), and a note under the tables says so; 20 draws print no such note."""
    base = ["bands", "book:us-japan-2001", "--variant", "mad", "--dyad", "U.S.-China"]
    base += ["--no-reaction"]
    few = invoke(*base, "--draws", "2")
    assert few.exit_code == 0, few.output
    assert "note: 2 draws: fewer than one draw is expected beyond the 5th" in few.stdout
    enough = invoke(*base, "--draws", "20")
    assert enough.exit_code == 0, enough.output
    assert "draws: fewer than one draw" not in enough.stdout, enough.stdout


def test_the_few_draws_note_names_its_threshold(monkeypatch):
    """The note reads the threshold it is printed under (:data:`FEW_DRAWS`; it typed '20')."""
    from anpo.cli import deterrence

    monkeypatch.setattr(deterrence, "FEW_DRAWS", 7)
    assert deterrence.few_draws_note(7) == ""
    assert deterrence.few_draws_note(6).endswith(
        "7 draws or more give percentiles with draws beyond them"
    )


def test_bands_on_a_valid_file_without_uncertainties_is_not_an_error(tmp_path):
    """A valid scenario file with no ``[[uncertainties]]`` (the schema makes them optional):
    ``anpo bands`` stopped with exit status 2 as if the file were broken; it now says there is
    nothing to band and exits 0, as ``stability`` does for a file without dyads (bands of the
    [kent1989] / [wilkening1999] measures need distributions to draw)."""
    text = book_files()[0].read_text(encoding="utf-8")
    path = tmp_path / "plain.toml"
    path.write_text(text.split("\n[[uncertainties]]")[0] + "\n", encoding="utf-8")
    assert invoke("validate", str(path)).exit_code == 0
    r = invoke("bands", str(path), "--draws", "2")
    assert r.exit_code == 0, r.output
    assert "no [[uncertainties]] declared: no bands to compute" in r.stdout
    r = invoke("bands", str(path), "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    # the empty list says why, as the text does (a bare [] read as a run that failed)
    assert out["bands"] == [] and out["seed"] == DEFAULT_SEED
    assert out["reason"].startswith("no [[uncertainties]] declared: no bands to compute")
    # a name the file does not hold is still the user's error, with the flag
    assert "--variant: unknown variant 'nope'" in one_line_error(
        invoke("bands", str(path), "--variant", "nope")
    )
    assert "--dyad: unknown dyad 'nope'" in one_line_error(
        invoke("bands", str(path), "--dyad", "nope")
    )


def test_bands_say_the_share_of_draws_where_a_cost_is_defined(tmp_path: Path) -> None:
    """A draw that leaves a side without deliverable warheads (China's launchers drawn from a
    triangular [0, 3], 0 in some draws) makes its cost of striking first undefined in that draw
    [kent1989]; the cost table printed percentiles over the other draws with no word. It now
    shows the share of draws where each cost is defined, and says the percentiles are over
    them; a file whose draws always leave warheads shows no such column."""
    unc = (
        '\n[[uncertainties]]\nname = "df5"\ntarget = "forces[cn-df5].launchers"\n'
        'distribution = {{ kind = "triangular", low = {low}, mode = 1, high = 3 }}\n'
        'basis = "anpo assumption"\n'
    )
    text = MINIMAL.replace("launchers = 20", "launchers = 1")
    wide = {"COLUMNS": "250"}
    path = tmp_path / "some.toml"
    path.write_text(text + unc.format(low=0), encoding="utf-8")
    r = invoke("bands", str(path), "--draws", "20", "--no-reaction", env=wide)
    assert r.exit_code == 0, r.output
    assert "Draws where defined" in r.stdout, r.stdout
    assert "the percentiles are over those draws" in r.stdout
    row = next(ln for ln in r.stdout.splitlines() if "striking first (C1)" in ln and "China" in ln)
    share = float(row.split("│")[-2].strip().rstrip("%"))
    assert 0 < share < 100, row
    path.write_text(text + unc.format(low=1), encoding="utf-8")
    r = invoke("bands", str(path), "--draws", "20", "--no-reaction", env=wide)
    assert r.exit_code == 0, r.output
    assert "Draws where defined" not in r.stdout, r.stdout


def test_stability_says_when_there_is_no_first_strike_before_the_retaliation(
    tmp_path: Path,
) -> None:
    """A defender without deliverable warheads cannot strike first: the stability table gives
    its C1 as undefined [kent1989], yet the retaliation table below it read 'the rival's
    warheads surviving a first strike' with the rival's whole force and no word. A line now
    says there is no first strike; a defender that can strike gets no such line."""
    path = tmp_path / "unarmed.toml"
    path.write_text(MINIMAL, encoding="utf-8")  # the United States holds no force
    r = invoke("stability", str(path), "--no-reaction")
    assert r.exit_code == 0, r.output
    assert (
        ": the United States has no deliverable warheads, so there is no first strike on China: "
        "the survivors are China's whole force" in " ".join(r.stdout.split())
    ), r.stdout
    armed = MINIMAL + (
        '\n[[forces]]\nid = "us-mm3"\nactor = "USA"\nname = "MM III"\nbasing = "silo"\n'
        'missile_class = "ICBM"\nlaunchers = 50\nwarheads_per_launcher = 1\n'
        'survivable_fraction = 0.0\nreaches = ["CHN"]\nsource = "test"\n'
        '\n[[counterforce]]\nstriker = "USA"\nbasing = "silo"\nkill_probability = 0.9\n'
        'source = "test"\n'
        '\n[[counterforce]]\nstriker = "CHN"\nbasing = "silo"\nkill_probability = 0.5\n'
        'source = "test"\n'
    )
    path.write_text(armed, encoding="utf-8")
    r = invoke("stability", str(path), "--no-reaction")
    assert r.exit_code == 0, r.output
    assert "no first strike" not in r.stdout, r.stdout


def test_bands_estimates_its_work_and_refuses_past_the_limit():
    """Issue 12 item 3: `anpo bands` took any --draws up to 20,000 (about two hours for one
    variant of book:us-japan-2001); the evaluations are counted before any is made,
    (draws + 1) x variants x dyads x (1 + grid points with the reaction curves), and a run over
    --max-work is refused with the count and the flag (the CLI's default is the library's)."""
    import typer.main

    import anpo.cli
    from anpo.deterrence.bands import MAX_BAND_WORK, band_work
    from anpo.scenario import load_scenario

    scen = load_scenario(book_files()[0])  # us-japan-2001: 11 variants, 3 dyads, 9 grid points
    assert band_work(scen, 100) == 101 * 11 * 3 * 10
    assert band_work(scen, 100, reaction=False, variants=["mad"], dyads=["U.S.-China"]) == 101
    assert band_work(scen, 20_000, variants=["mad"]) == 20_001 * 3 * 10 > MAX_BAND_WORK
    assert band_work(scen, 100) <= MAX_BAND_WORK  # the file's default run is taken
    command = typer.main.get_command(anpo.cli.app).commands["bands"]  # type: ignore[attr-defined]
    default = next(p.default for p in command.params if p.name == "max_work")
    assert default == MAX_BAND_WORK
    err = one_line_error(
        invoke("bands", "book:us-japan-2001", "--variant", "mad", "--draws", "20000")
    )
    assert err.startswith("error: --max-work: 20,000 draws needs 600,030 model evaluations")
    assert "over the limit of 50,000" in err
    few = ["bands", "book:us-japan-2001", "--variant", "mad", "--dyad", "U.S.-China"]
    few += ["--draws", "2", "--no-reaction", "--json"]
    assert "needs 3 model evaluations, over the limit of 2;" in one_line_error(
        invoke(*few, "--max-work", "2")
    )
    r = invoke(*few, "--max-work", "3")
    assert r.exit_code == 0, r.output
    assert {row["draws"] for row in json.loads(r.stdout)["bands"]} == {2}


def test_an_implicit_sls_inventory_over_the_layer_limit_names_the_flags_typed() -> None:
    """Acceptance walk of issue 12: `--rvs 600000 --sls 1,1` said '--interceptors: ... less than
    or equal to 1000000 (got 1200000)' though no --interceptors was typed; the error now names
    --rvs/--sls and the product, and the help states the limit a layer really has."""
    from anpo.cli.deterrence import _layer_interceptor_limit

    limit = _layer_interceptor_limit()
    assert limit == 1_000_000
    err = one_line_error(
        invoke("defense", "--rvs", "600000", "--sspk", "0.5", "--sls", "1,1", "--max-work", "1e30")
    )
    assert err.startswith("error: --rvs/--sls:"), err
    assert "600,000 x 2 = 1,200,000" in err and f"limit of {limit:,}" in err
    # typed: the layer's own message names --interceptors, as it should
    err = one_line_error(
        invoke(
            "defense", "--rvs", "10", "--sspk", "0.5", "--sls", "1,1", "--interceptors", "2000000"
        )
    )
    assert err.startswith("error: --interceptors:"), err
    # without --sls the inventory may be as large as the help says
    proc = cli("defense", "--rvs", "10", "--sspk", "0.5", "--interceptors", "2000000", "--json")
    assert proc.returncode == 0, proc.stderr
    helptext = " ".join(
        ln.strip(" │")
        for ln in invoke("defense", "--help", env={"COLUMNS": "200"}).stdout.splitlines()
    )
    assert f"with --sls 0-{limit:,}" in " ".join(helptext.split()), helptext


def test_defense_does_not_print_an_end_the_probability_does_not_reach() -> None:
    """20 shots at SSPK 0.6 against one RV leave P(leak) = 0.4**20 = 1.1e-8 [wilkening1999,
    eq. 1 with a salvo of 20]: six decimals printed P(no leaker) "1.000000" and P(>= 1 leak)
    "0.000000", a sure defense; they read "> 99.9999%" and "< 0.0001%" (probabilities in percent,
    mend16d; an expected count "< 0.000001"), and an exact 1 (SSPK 1) still reads 100.0000%.
    One RV is "1 RV"."""
    res = invoke("defense", "--rvs", "1", "--interceptors", "20", "--sspk", "0.6")
    assert res.exit_code == 0, res.output
    rows = {line[:18].strip(): line[18:].strip() for line in res.stdout.splitlines()[1:]}
    assert rows["P(no leaker)"] == "> 99.9999%"
    assert rows["P(>= 1 leak)"] == "< 0.0001%"
    assert rows["expected leakers"] == "< 0.000001"
    assert rows["P(>= 5 leak)"] == "0.0000%"  # exactly 0: one RV cannot give five leakers
    assert "engagement of 1 RV," in res.stdout.splitlines()[0]
    sure = invoke("defense", "--rvs", "1", "--sspk", "1")
    assert "P(no leaker)      100.0000%" in sure.stdout


def test_stability_json_reaction_curve_unmet_goal_is_null(tmp_path: Path, monkeypatch) -> None:
    """Where no force up to the search limit meets the goal, ``anpo stability --json`` printed
    the library's sentinel -1 as launchers_needed and warheads_needed, a count a reader takes
    for one; the terminal table prints a dash and the web API null ("null: no force up to
    max_launchers"). Now null, with goal_met false and max_launchers saying how far it looked;
    met goals keep their whole counts."""
    import pandas as pd

    from anpo.deterrence import questions

    def fake_reaction_table(answer, territory=None, *, max_launchers=0):
        return pd.DataFrame(
            {
                "variant": [answer.case.variant.id] * 2,
                "dyad": [answer.label] * 2,
                "growth_component": ["cn-df5"] * 2,
                "current_launchers": [20] * 2,
                "interceptors": [0, 1000],
                "launchers_needed": [3, -1],
                "warheads_needed": [3, -1],
            }
        )

    monkeypatch.setattr(questions, "reaction_table", fake_reaction_table)
    path = tmp_path / "s.toml"
    path.write_text(MINIMAL)
    res = invoke("stability", str(path), "--json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["reaction_curve"]
    met, unmet = rows[0], rows[1]
    assert (met["launchers_needed"], met["warheads_needed"], met["goal_met"]) == (3, 3, True)
    assert (unmet["launchers_needed"], unmet["warheads_needed"]) == (None, None)
    assert unmet["goal_met"] is False
    assert unmet["max_launchers"] == questions.REACTION_MAX_LAUNCHERS


def test_defense_numbers_are_the_report_formatters_at_fixed_decimals() -> None:
    """``anpo defense`` printed its numbers with its own copy of the report's resolved-percent
    logic (``_six``); it now calls :func:`anpo.report.format.fmt_number` with ``decimals``, so
    every line is that writer's text of the value ``--json`` gives (10 RVs, SSPK 0.8, 2+2
    shoot-look-shoot shots, 12 interceptors: P0 = 0.8**10 x ... [wilkening1999])."""
    from anpo.report.format import fmt_number

    args = ("defense", "--rvs", "10", "--sspk", "0.8", "--sls", "2,2", "--interceptors", "12")
    out = json.loads(cli(*args, "--json").stdout)
    res = invoke(*args)
    assert res.exit_code == 0, res.output
    rows = {line[:18].strip(): line[18:].strip() for line in res.stdout.splitlines()[1:4]}
    assert rows["P(no leaker)"] == fmt_number(out["p_no_leak"], "resolved-percent", decimals=4)
    assert rows["expected leakers"] == fmt_number(out["expected_leakers"], "cost", decimals=6)
    kill = fmt_number(out["sls_kill_probability"], "resolved-percent", decimals=4)
    assert f"kill {kill}, interceptors per RV 2.080000" in res.stdout


def test_stability_says_how_the_forces_reaching_only_the_ally_are_struck():
    """The defender's first strike is planned against the rival's forces that can reach it
    [kent1989, App. C]; China's regional road-mobile missiles (only Japan in range) are struck
    like its most heavily struck road-mobile component, else not at all
    (``anpo.deterrence.questions._rival_survivors``). In the 2001 book that makes the warheads
    reaching Japan fall when China adds road-mobile ICBMs (``mad`` -> ``mad-china-modernized``),
    which the table alone did not explain (audit27): the note says which rule applied, with
    the warheads per launcher the answer's own allocation holds."""
    from anpo.deterrence.questions import _load, answer_case, unreached_strike_note

    scen = _load("book:us-japan-2001")
    got = {}
    for case in scen.cases():
        if case.variant.id in ("mad", "mad-china-modernized"):
            (a,) = answer_case(case, with_lua=False, with_extended=False, dyads=["U.S.-China"])
            got[case.variant.id] = a
    mad, modern = got["mad"], got["mad-china-modernized"]
    assert mad.allocation["cn-regional"] == 0
    n = modern.allocation["cn-regional"]
    assert n > 0 and n == modern.allocation["cn-df31a-projected"]
    # the effect the note explains: fewer warheads reach Japan once the ICBMs are added
    assert modern.expected_arrivals("JPN") < mad.expected_arrivals("JPN")
    regional = "DF-3A and DF-21 regional missiles (road-mobile)"
    assert f"{regional}: not struck, no road-mobile component" in unreached_strike_note(mad)
    assert f"{regional}: {n} warheads per vulnerable launcher, like DF-31" in (
        unreached_strike_note(modern)
    )
    # the Russia and North Korea dyads have no ally in range of components that miss the U.S.
    proc = cli(
        "stability",
        "book:us-japan-2001",
        "--no-reaction",
        "--variant",
        "mad",
        "--variant",
        "mad-china-modernized",
    )
    assert proc.returncode == 0, proc.stderr
    lines = [x for x in proc.stdout.splitlines() if "planned against the forces of China" in x]
    assert len(lines) == 2, lines
    assert lines[0].startswith("  U.S.-China (MAD (no U.S. defense) [mad]):")


def test_bands_say_which_exchange_the_arrivals_are_of_under_their_table(tmp_path: Path) -> None:
    """``anpo bands`` said 'P(at least 1) is of the exchange without launch under attack' in
    the caption of its costs table, under a convention column that the arrivals table lacks
    (text29): it is said under the table of P(at least 1 warhead arrives), and the costs'
    caption keeps its own convention note. The arrivals' 5th percentile, exactly 0 where China's
    launchers are drawn from a triangular [0, 3] (no warhead can arrive in those draws), prints
    '0%', as the report's band_text writes it."""
    unc = (
        '\n[[uncertainties]]\nname = "df5"\ntarget = "forces[cn-df5].launchers"\n'
        'distribution = { kind = "triangular", low = 0, mode = 1, high = 3 }\n'
        'basis = "anpo assumption"\n'
    )
    path = tmp_path / "some.toml"
    path.write_text(MINIMAL.replace("launchers = 20", "launchers = 1") + unc, encoding="utf-8")
    r = invoke("bands", str(path), "--draws", "20", "--no-reaction", env={"COLUMNS": "250"})
    assert r.exit_code == 0, r.output
    arrivals, costs = r.stdout.split("expected Kent-Thaler costs of a first strike")
    said, costs_said = (" ".join(text.split()) for text in (arrivals, costs))  # unwrapped
    assert "Of the exchange without launch under attack (the rival's forces riding out" in said
    assert "without launch under attack" not in costs_said and "P(at least 1)" not in costs_said
    assert "Convention: lua, the exchange with launch under attack" in costs_said
    row = next(ln for ln in arrivals.splitlines() if "United States" in ln)
    cells = [c.strip() for c in row.split("│")[1:-1]]
    assert cells[-3] == "0%" and cells[-1] not in ("0%", "< 0.1%"), row  # 5th, 95th percentile


def test_bands_say_which_exchange_the_reaction_curves_are_of(tmp_path: Path) -> None:
    """The report's caption of its reaction-curve bands says they are of the exchange without
    launch under attack, as their point estimates (bands_report.PLAIN_NOTE); ``anpo bands``'
    reaction-curve table said nothing of it (ui30). It now says it under that table, in the
    words under its arrivals' table, and ``--json`` says what each row's ``convention`` means:
    the reaction rows' ``plain``, the exchange without launch under attack."""
    unc = (
        '\n[[uncertainties]]\nname = "df5"\ntarget = "forces[cn-df5].launchers"\n'
        'distribution = { kind = "triangular", low = 15, mode = 20, high = 25 }\n'
        'basis = "anpo assumption"\n'
    )
    path = tmp_path / "some.toml"
    path.write_text(MINIMAL + unc, encoding="utf-8")
    args = ("bands", str(path), "--draws", "4", "--max-launchers", "200")
    r = invoke(*args, env={"COLUMNS": "250"})
    assert r.exit_code == 0, r.output
    _, reaction = r.stdout.split("Reaction curve bands")
    said = " ".join(reaction.split())  # unwrapped
    assert (
        "Of the exchange without launch under attack (the rival's forces riding out the "
        "defender's first strike), as its point estimate, also where a force is on that posture."
        in said
    ), said
    out = json.loads(invoke(*args, "--json").stdout)
    rows = [row for row in out["bands"] if row["measure"] == "launchers_needed"]
    assert rows and {row["convention"] for row in rows} == {"plain"}
    assert out["conventions"]["plain"].startswith("the exchange without launch under attack")
    assert "reaction curves" in out["conventions"]["plain"]
    assert out["conventions"]["lua"].startswith("the exchange with launch under attack")


def test_defense_m_has_the_bound_of_the_largest_raid() -> None:
    """``anpo defense -m`` took any m up to 2**63 while the web API refuses an m beyond its
    largest raid (anpo.web.limits.MAX_RVS) with a 422 (ui30): the command now bounds m by its
    own largest raid, the top of --rvs (10,000,000), exit 2 with a message naming -m and the
    bound, and its help says so."""
    from anpo.cli.deterrence import DEFENSE_MAX_RVS

    assert DEFENSE_MAX_RVS == 10_000_000
    over = invoke("defense", "--rvs", "10", "--sspk", "0.5", "-m", str(DEFENSE_MAX_RVS + 1))
    assert over.exit_code == 2
    message = one_line_error(over)
    assert "'-m'" in message and "less than or equal to 10000000" in message, message
    top = invoke("defense", "--rvs", "10", "--sspk", "0.5", "-m", str(DEFENSE_MAX_RVS), "--json")
    assert top.exit_code == 0, top.output
    assert json.loads(top.stdout)["p_at_least"][str(DEFENSE_MAX_RVS)] == 0.0
    helped = " ".join(invoke("defense", "--help", env={"COLUMNS": "400"}).stdout.split())
    assert "report P(at least m leak) (1-10,000,000, the largest --rvs" in helped, helped


def test_defense_takes_as_many_m_values_as_the_web_api() -> None:
    """``anpo defense`` took any number of ``-m`` values while the web API's engagement takes
    at most 10 (its ``m`` list, ``GET /api/limits``: ``max_m_values``) (closing notes of the
    previous session, ui31): both now keep one bound,
    :data:`anpo.deterrence.bounds.MAX_M_VALUES`; an eleventh value is refused, exit 2, with a
    message naming -m and the bound, and the help says it."""
    from anpo.deterrence.bounds import MAX_M_VALUES
    from anpo.web import limits

    assert limits.MAX_M_VALUES == MAX_M_VALUES == 10
    args = ["defense", "--rvs", "20", "--sspk", "0.5", "--json"]
    ms = [str(i) for i in range(1, MAX_M_VALUES + 2)]
    top = invoke(*args, *(x for mm in ms[:-1] for x in ("-m", mm)))
    assert top.exit_code == 0, top.output
    assert list(json.loads(top.stdout)["p_at_least"]) == ms[:-1]
    over = invoke(*args, *(x for mm in ms for x in ("-m", mm)))
    assert over.exit_code == 2
    message = one_line_error(over)
    assert "-m" in message and f"at most {MAX_M_VALUES} values" in message, message
    assert f"got {MAX_M_VALUES + 1}" in message, message
    helped = " ".join(invoke("defense", "--help", env={"COLUMNS": "400"}).stdout.split())
    assert f"at most {MAX_M_VALUES} values, as the web API takes" in helped, helped


def test_the_top_of_the_documented_rvs_range_is_within_the_default_work_limit() -> None:
    """audit29: ``anpo defense --rvs 10000000 --sspk 0.5`` was refused at the default --max-work
    ('needs about 5.0000005e+09 operations, over the limit of 5e9'), though the help documents
    --rvs up to 10,000,000 and the salvo takes about 2.9 s of CPU. The salvo's estimate is now
    the measured cost per outcome (450 operations, 360-430 ns measured), so every salvo of the
    documented range is within the default limit; with --full-pmf, whose JSON costs about 1,100
    operations per outcome more, the help states the largest salvo the default takes."""
    from anpo.cli._common import MAX_WORK, check_work
    from anpo.cli.deterrence import _full_pmf_rvs, defense_work

    assert defense_work(10_000_000, None, 0, 1.0, None) <= MAX_WORK
    check_work(defense_work(10_000_000, None, 0, 1.0, None), "this engagement")  # no refusal
    top = _full_pmf_rvs(MAX_WORK)
    assert defense_work(top, None, 0, 1.0, None, True) <= MAX_WORK
    assert defense_work(top + 1, None, 0, 1.0, None, True) > MAX_WORK
    assert f"a salvo of up to {top:,} RVs at the default --max-work" in " ".join(
        invoke("defense", "--help", env={"COLUMNS": "400"}).stdout.split()
    )


def test_full_pmf_beyond_its_stated_limit_is_refused_naming_max_work() -> None:
    """audit29: the estimate left out --full-pmf's JSON of every outcome (about 1,100 operations
    each, 16 s of CPU for 10,000,000 RVs against 4.7 s without): 5,000,000 RVs with --full-pmf
    ran for about 8 s within the default 'about five seconds'; it is now refused before anything
    is allocated, with the estimate and the flag, and runs with a higher --max-work."""
    args = ("defense", "--rvs", "5000000", "--sspk", "0.5", "--json", "--full-pmf")
    err = one_line_error(invoke(*args))
    assert err.startswith("error: --max-work: this engagement needs about 7.8e+09 operations"), err
    assert "over the limit of 5.0e+09" in err


@pytest.mark.slow
def test_a_salvo_at_the_top_of_the_documented_range_runs_at_defaults() -> None:
    """audit29, end to end: ``anpo defense --rvs 10000000 --sspk 0.5`` runs at the default
    --max-work (it was refused) and gives Wilkening's (1999, eq. 2-3) expected leakers N (1 - k)
    for one shot per RV."""
    r = invoke("defense", "--rvs", "10000000", "--sspk", "0.5", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["engagement"] == "salvo" and out["expected_leakers"] == pytest.approx(5e6)

"""CLI tests for ``anpo law`` (ask, diff, list, regimes). Source: issue 5 ('CLI')."""

from __future__ import annotations

import json

from conftest import run_anpo


def test_ask_json_seed_example():
    """`anpo law ask --date 2001-07-10 --situation surrounding-area --activity
    transport-weapons-ammunition --location japan --json` -> conditional, SAA cited."""
    r = run_anpo(
        "law",
        "ask",
        "--date",
        "2001-07-10",
        "--situation",
        "surrounding-area",
        "--activity",
        "transport-weapons-ammunition",
        "--location",
        "japan",
        "--json",
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["status"] == "conditional"
    assert data["diet_approval"] == "prior-with-emergency-exception"
    assert any(
        c["law_number"] == "Act No. 60 of 1999" and c["ref"] == "Art. 3(1)(iii)"
        for c in data["legal_basis"]
    )


def test_ask_human_output_quotes_note1():
    """Human output shows the status and the quoted Annexed Table 1, note 1."""
    r = run_anpo(
        "law",
        "ask",
        "--date",
        "2001-07-10",
        "--situation",
        "surrounding-area",
        "--activity",
        "provide-ammunition",
        env={"COLUMNS": "200"},
    )
    assert r.returncode == 0, r.stderr
    assert "PROHIBITED" in r.stdout
    assert "武器（弾薬を含む。）" in r.stdout
    assert "Annexed Table 1, note 1" in r.stdout


def test_diff_json():
    """`anpo law diff 2001-07-10 2016-03-29 --json` lists changed answers with both citations."""
    r = run_anpo("law", "diff", "2001-07-10", "2016-03-29", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data and {"before", "after", "changed"} <= set(data[0])
    ammo = [
        c
        for c in data
        if c["situation"] == "peacetime"
        and c["activity"] == "provide-ammunition"
        and c["location"] == "japan"
    ]
    assert (
        ammo[0]["before"]["status"] == "prohibited" and ammo[0]["after"]["status"] == "conditional"
    )


def test_diff_restricted_to_one_activity():
    """`anpo law diff ... -a provide-ammunition -s surrounding-area --successors --json`: the seed's
    ammunition line moved in 2016 (SAA Annexed Table 1 note 1 -> IISA Annexed Table 1 note)."""
    r = run_anpo(
        "law",
        "diff",
        "2001-07-10",
        "2016-03-29",
        "-a",
        "provide-ammunition",
        "-s",
        "surrounding-area",
        "-l",
        "japan",
        "--successors",
        "--json",
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [(c["activity"], c["situation_after"]) for c in data] == [
        ("provide-ammunition", "important-influence")
    ]
    assert (data[0]["before"]["status"], data[0]["after"]["status"]) == (
        "prohibited",
        "conditional",
    )
    bad = run_anpo("law", "diff", "2001-07-10", "2016-03-29", "-a", "give-tanks")
    assert bad.returncode == 2 and "valid activities" in bad.stderr


def test_diff_human_with_successors():
    """Human diff with --successors shows surrounding-area -> important-influence."""
    r = run_anpo(
        "law",
        "diff",
        "2016-03-28",
        "2016-03-29",
        "--successors",
        "-s",
        "surrounding-area",
        "-l",
        "japan",
        env={"COLUMNS": "220"},
    )
    assert r.returncode == 0, r.stderr
    assert "important-influence" in r.stdout and "provide-ammunition" in r.stdout


def test_list_json_and_human():
    """`anpo law list --date D [--situation S]` lists the possible activities."""
    r = run_anpo("law", "list", "--date", "2001-07-10", "--situation", "surrounding-area", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    acts = {x["activity"] for x in data["situations"]["surrounding-area"]}
    assert "transport-weapons-ammunition" in acts and "provide-weapons" not in acts
    h = run_anpo("law", "list", "--date", "2020-01-01", env={"COLUMNS": "220"})
    assert h.returncode == 0, h.stderr
    assert "survival-threatening" in h.stdout and "important-influence" in h.stdout


def test_regimes_json():
    """`anpo law regimes --json` lists every regime with dates and sources."""
    r = run_anpo("law", "regimes", "--json")
    assert r.returncode == 0, r.stderr
    keys = {m["key"] for m in json.loads(r.stdout)}
    assert {"saa-1999", "iisa-2016", "ipsa-2016", "guidelines-1997"} <= keys


def test_bad_input_one_line_exit_2():
    """Unknown names and bad dates: one line on stderr, exit status 2, no traceback."""
    for args in (
        ["--date", "2001-07-10", "--situation", "war", "--activity", "medical"],
        ["--date", "1990-01-01", "--situation", "peacetime", "--activity", "medical"],
        ["--date", "yesterday", "--situation", "peacetime", "--activity", "medical"],
        [
            "--date",
            "2001-07-10",
            "--situation",
            "peacetime",
            "--activity",
            "medical",
            "--location",
            "moon",
        ],
    ):
        r = run_anpo("law", "ask", *args)
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.startswith("error: ") and len(r.stderr.strip().splitlines()) == 1
        assert "Traceback" not in r.stderr and r.stdout == ""

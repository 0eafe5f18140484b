"""CLI tests for ``anpo law`` (ask, diff, list, provisions, facts, regimes), in-process with
typer's CliRunner; one end-to-end run through ``python -m anpo``. Source: issue 5 ('CLI') and
issue 13 ('anpo law ask ... --fact KEY=VALUE', 'anpo law diff computed from the intervals')."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from _support import run_anpo
from anpo.cli import app

runner = CliRunner()


def law(*args: str, columns: int = 220):
    return runner.invoke(app, ["law", *args], env={"COLUMNS": str(columns)})


def test_ask_json_seed_example_end_to_end():
    """`anpo law ask --date 2001-07-10 --situation surrounding-area --activity
    transport-weapons-ammunition --location japan --json` -> conditional, SAA cited (one run
    through the real entry point)."""
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
    assert data["decided_by"] == {"where": "japan", "alongside": "none"}


def test_ask_human_output_quotes_note1():
    """Human output shows the status and the quoted Annexed Table 1, note 1."""
    r = law(
        "ask",
        "--date",
        "2001-07-10",
        "--situation",
        "surrounding-area",
        "--activity",
        "provide-ammunition",
    )
    assert r.exit_code == 0, r.output
    assert "PROHIBITED" in r.output
    assert "武器（弾薬を含む。）" in r.output
    assert "Annexed Table 1, note 1" in r.output


def test_ask_human_explanation_cites_provisions_not_rule_ids():
    """The panel's reasons are tagged with the provisions a reader cites (Answer.rule_citations,
    e.g. 'SAA Art. 3'), not with anpo's rule ids, which stay in the dim 'rules:' trailer and
    in --json (issue 13: answers cite the article)."""
    from anpo.law import ask

    a = ask("2001-07-10", "surrounding-area", "provide-ammunition")
    assert a.rules and a.rule_citations
    r = law("ask", "--date", "2001-07-10", "--situation", "surrounding-area",
            "--activity", "provide-ammunition")  # fmt: skip
    assert r.exit_code == 0, r.output
    panel = r.output.split("Facts:")[0]
    for rid in a.rules:
        assert f"[{rid}]" not in panel
    words = " ".join(panel.replace("│", " ").split())  # the panel's borders split wrapped tags
    assert any(f"[{c}" in words for c in a.rule_citations.values())


def test_ask_with_facts_done_when():
    """`--fact` states the facts (issue 13): combat expected but not under way, on consenting
    foreign territory — prohibited in 2007 (Iraq SMA Art. 2(3)), conditional in 2017 (IISA
    Art. 2(3))."""
    facts = ["-f", "where=foreign-territory", "-f", "consent=true", "-f", "combat_now=false"]
    facts += ["-f", "combat_expected=true"]
    r07 = law(
        "ask", "-d", "2007-06-01", "-s", "iraq-2003", "-a", "airlift-personnel", *facts, "--json"
    )
    r17 = law(
        "ask",
        "-d",
        "2017-06-01",
        "-s",
        "important-influence",
        "-a",
        "airlift-personnel",
        *facts,
        "--json",
    )
    a07, a17 = json.loads(r07.output), json.loads(r17.output)
    assert (a07["status"], a17["status"]) == ("prohibited", "conditional")
    assert any(c["ref"] == "Art. 2(3)" for c in a07["legal_basis"])
    assert any(c["ref"] == "Art. 2(3)" and c["role"] == "excludes" for c in a17["legal_basis"])


def test_ask_json_names_the_location_the_facts_describe():
    """A preset overridden by a stated fact (`-l japan -f where=high-seas`): the facts and the
    answer are for the high seas, so the JSON says so and keeps what was asked in
    `location_asked` (it said "location": "japan"); facts matching no preset give ''; a preset
    left as it is has no `location_asked`. Source: anpo.law.vocab.PRESETS (issue 13, '--fact')."""
    base = ["ask", "-d", "2016-04-01", "-s", "surrounding-area", "-a"]
    base += ["transport-weapons-ammunition", "--json"]
    a = json.loads(law(*base, "-l", "japan", "-f", "where=high-seas").output)
    assert a["facts"]["where"] == "high-seas"
    assert (a["location"], a["location_asked"]) == ("high-seas", "japan")
    a = json.loads(law(*base, "-l", "japan", "-f", "combat_now=true").output)
    assert (a["location"], a["location_asked"]) == ("", "japan")
    a = json.loads(law(*base, "-l", "high-seas", "-f", "where=high-seas").output)
    assert (a["location"], a["location_asked"]) == ("high-seas", "")


def test_ask_depends_on_lists_missing_facts():
    """A fact the rule needs but the question lacks: 'depends-on', the missing facts and the
    status under each value, in the human output, each status after a dash (not a second
    colon). Source: IISA Art. 2(3) via the rule files (anpo/law/rules)."""
    r = law(
        "ask",
        "-d",
        "2017-06-01",
        "-s",
        "important-influence",
        "-a",
        "medical",
        "-f",
        "where=foreign-territory",
        "-f",
        "consent=true",
    )
    assert r.exit_code == 0, r.output
    out = " ".join(r.output.split())  # the facts in words wrap
    now = "combat acts are actually taking place at the site"
    assert "DEPENDS ON THE FACTS" in out and f"Missing facts: {now} (combat_now)" in out
    # the facts in words hold colons ('...: yes (combat_now=true)'): a dash before each status,
    # in the alternatives and in the explanation's head (this pinned 'if ...: yes (...):
    # prohibited' before the dash)
    assert f"if {now}: yes (combat_now=true) — prohibited" in out
    assert f"if {now}: no (combat_now=false) — conditional" in out
    assert "(consent=true) — depends on the facts under" in out
    assert "(combat_now=true):" not in out and "(consent=true):" not in out


def test_bad_facts_one_line_exit_2():
    """An unknown fact, a bad value or a missing '=': one line 'error: ...', exit status 2."""
    base = ["ask", "-d", "2017-06-01", "-s", "important-influence", "-a", "medical"]
    for extra in (["-f", "combat_soon=true"], ["-f", "combat_now=maybe"], ["-f", "combat_now"]):
        r = law(*base, *extra)
        assert r.exit_code == 2, (extra, r.output)
        assert r.output.startswith("error: ") and len(r.output.strip().splitlines()) == 1


def test_bad_fact_is_named_as_typed():
    """A fact the engine refuses is named by the flag the user typed (``--fact where``), not by
    the library's ``facts.where`` (issue 12: flags named as typed)."""
    base = ["ask", "-d", "2017-06-01", "-s", "important-influence", "-a", "medical"]
    for extra, name in (
        (["--fact", "where=moon"], "--fact where"),
        (["-f", "combat_now=maybe"], "--fact combat_now"),
        (["-f", "combat_soon=true"], "--fact combat_soon"),
    ):
        r = law(*base, *extra)
        assert r.exit_code == 2, (extra, r.output)
        assert r.output.startswith(f"error: {name}: "), r.output
        assert "facts." not in r.output


def test_a_fact_given_twice_must_agree():
    """``-f combat_expected=true -f combat_expected=false`` answered with the last value alone;
    the same value twice (in any spelling) is fine. The two values are quoted as typed (they
    read "(True and False)", Python's words, not the --fact's)."""
    base = [
        "ask",
        "-d",
        "2001-07-10",
        "-s",
        "surrounding-area",
        "-a",
        "transport-weapons-ammunition",
    ]
    r = law(*base, "-f", "combat_expected=true", "-f", "combat_expected=false")
    assert r.exit_code == 2, r.output
    assert r.output.startswith("error: --fact combat_expected: ") and "given twice" in r.output
    assert "with different values ('true' and 'false')" in r.output
    assert len(r.output.strip().splitlines()) == 1
    r = law(*base, "-f", "combat_expected=true", "-f", "combat_expected=yes", "--json")
    assert r.exit_code == 0, r.output


def test_library_ask_refuses_what_is_not_a_name_or_a_mapping():
    """``ask(date, None, ...)`` raised KeyError and ``facts=[...]`` AttributeError."""
    import pytest

    from anpo.errors import LawError
    from anpo.law import ask, parse_assignments

    with pytest.raises(LawError, match="situation must be a name") as info:
        ask("2001-07-10", None, "transport-weapons-ammunition")  # type: ignore[arg-type]
    assert info.value.field == "situation"
    from anpo.law.engine import activities

    # the listing reads None as "every situation" no more than ask does (it went on to a
    # KeyError); both refuse it in the one shared check
    with pytest.raises(LawError, match="situation must be a name"):
        activities("2001-07-10", None)  # type: ignore[arg-type]
    with pytest.raises(LawError, match="facts must be a mapping") as info:
        ask("2001-07-10", "surrounding-area", "medical", facts=[1, 2])  # type: ignore[arg-type]
    assert info.value.field == "facts"
    with pytest.raises(LawError, match="given twice"):
        parse_assignments(["where=high-seas", "where=japan"])
    assert parse_assignments(["combat_now=no", "combat_now=false"]) == {"combat_now": False}


def test_diff_json():
    """`anpo law diff 2001-07-10 2016-03-29 --json` lists changed answers with both citations."""
    r = law("diff", "2001-07-10", "2016-03-29", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
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


def test_diff_without_a_change_says_so():
    """Between 2018 and 2022 no answer changed: a sentence, not an empty table (the walk of
    issue 14 saw 288 'changes' there before the successor rule was mended)."""
    r = law("diff", "2018-01-01", "2022-01-01", "--successors")
    assert r.exit_code == 0, r.output
    assert "No answer changed between 2018-01-01 and 2022-01-01." in r.stdout
    assert "┏" not in r.stdout


def test_diff_provisions_without_a_change_says_so():
    """`anpo law diff D D --provisions` (the same date twice, or two dates with no provision
    changed between them) printed a table of no row under "Provisions changed D → D (0)" where
    the situation diff says "No answer changed ..." (cli30): a sentence naming both dates;
    --json stays an empty list, with nothing on standard error (the dates are covered)."""
    for a, b in (("2005-01-01", "2005-01-01"), ("2003-01-01", "2003-06-01")):
        r = law("diff", a, b, "--provisions")
        assert r.exit_code == 0, r.output
        assert r.stdout == (
            f"No provision was added, repealed, amended or renumbered between {a} and {b}.\n"
        )
        j = law("diff", a, b, "--provisions", "--json")
        assert j.exit_code == 0 and json.loads(j.stdout) == [] and j.stderr == "", j.output


def test_diff_restricted_to_one_activity():
    """`anpo law diff ... -a provide-ammunition -s surrounding-area --successors --json`: the seed's
    ammunition line moved in 2016 (SAA Annexed Table 1 note 1 -> IISA Annexed Table 1 note)."""
    r = law(
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
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert [(c["activity"], c["situation_after"]) for c in data] == [
        ("provide-ammunition", "important-influence")
    ]
    assert (data[0]["before"]["status"], data[0]["after"]["status"]) == (
        "prohibited",
        "conditional",
    )
    bad = law("diff", "2001-07-10", "2016-03-29", "-a", "give-tanks")
    assert bad.exit_code == 2 and "valid activities" in bad.output


def test_diff_human_with_successors():
    """Human diff with --successors shows surrounding-area -> important-influence (in words)."""
    r = law(
        "diff", "2016-03-28", "2016-03-29", "--successors", "-s", "surrounding-area", "-l", "japan"
    )
    assert r.exit_code == 0, r.output
    assert "surrounding area → important influence" in r.output
    assert "provide ammunition" in r.output


def test_diff_table_names_each_provision_once():
    """The pre-2016 SDF Act cites Art. 100-9(1) twice for providing weapons in peacetime (the
    clause that authorizes goods and the one that excludes weapons): the diff table's cell read
    'Self-Defense Forces Act Art. 100-9(1); Self-Defense Forces Act Art. 100-9(1)'. A cell
    names each provision once; --json keeps both citations."""
    args = ("diff", "2001-07-10", "2016-03-29", "-s", "peacetime", "-a", "provide-weapons")
    r = law(*args, "-l", "japan", columns=400)
    assert r.exit_code == 0, r.output
    assert "Art. 100-9(1); Self-Defense Forces Act Art. 100-9(1)" not in r.output, r.output
    row = next(ln for ln in r.output.splitlines() if "provide weapons" in ln)
    assert row.count("Art. 100-9(1)") == 1, row
    cited = json.loads(law(*args, "-l", "japan", "--json").stdout)[0]["before"]["legal_basis"]
    assert [c["ref"] for c in cited].count("Art. 100-9(1)") == 2, cited


def test_diff_says_when_only_the_wording_of_the_cited_provisions_changed():
    """On 2007-01-09 the Defense Agency became a ministry (防衛庁長官 -> 防衛大臣): many answers
    cite the same provisions on both sides in new wording. The diff table said "legal basis"
    beside two identical citation cells; it says "wording of the cited provisions" there, and
    still "legal basis" where the citations differ (2016, the amended SDF Act renumbered Art.
    100-6's items). --json keeps the code, legal_basis, for both."""
    from anpo.law import diff
    from anpo.law.vocab import CHANGED_WORDING

    rows = diff("2007-01-08", "2007-01-09", locations=["japan"])
    reworded = [c for c in rows if c.changed_names == [CHANGED_WORDING]]
    assert reworded and all(c.changed == ["legal_basis"] for c in reworded)
    for c in reworded:
        refs = [[(x.law_number, x.ref) for x in a.legal_basis] for a in (c.before, c.after)]
        assert refs[0] == refs[1]
        assert [x.quote for x in c.before.legal_basis] != [x.quote for x in c.after.legal_basis]
    later = diff("2016-03-28", "2016-03-29", situations=["peacetime"], locations=["japan"])
    moved = next(c for c in later if c.activity == "transport-weapons-ammunition")
    assert moved.changed_names == ["legal basis"]
    r = law("diff", "2007-01-08", "2007-01-09", "-l", "japan", columns=400)
    assert r.exit_code == 0 and CHANGED_WORDING in r.output, r.output


def test_diff_table_says_where_the_elided_citations_are():
    """The diff table shows three citations per answer and marks more with "…"; a reader must
    be told that the cell is cut and where every citation is (the table said nothing)."""
    args = ("diff", "2014-01-01", "2017-01-01", "-s", "surrounding-area", "-l", "japan")
    args = (*args, "-a", "refuel-aircraft-for-sortie")
    r = law(*args, columns=400)
    assert r.exit_code == 0, r.output
    assert " …" in r.output  # this answer cites more than three provisions
    caption = "basis: the first 3 citations; …: more, `anpo law ask` or --json give every one"
    assert caption in r.output
    cited = json.loads(law(*args, "--json").stdout)[0]
    assert len(cited["before"]["legal_basis"]) > 3
    few = law("diff", "2016-03-28", "2016-03-29", "-s", "surrounding-area", "-l", "japan")
    assert few.exit_code == 0 and (" …" in few.output) == ("the first 3 citations" in few.output)


def test_diff_provisions():
    """`anpo law diff A B --provisions`: the provisions added, repealed, amended or renumbered
    between the dates, from their validity intervals (2007-01-09: 防衛庁長官 -> 防衛大臣; the SDF
    Act's provision on goods to U.S. forces renumbered from Art. 100-10 to Art. 100-6)."""
    r = law("diff", "2007-01-08", "2007-01-09", "--provisions", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data and {c["kind"] for c in data} == {"amended", "renumbered"}
    assert any(
        c["kind"] == "renumbered"
        and (c["ref_before"], c["ref_after"]) == ("Art. 100-10(1)(i)", "Art. 100-6(1)(i)")
        for c in data
    )
    assert any("防衛庁長官" in c["quote_before"] and "防衛大臣" in c["quote_after"] for c in data)
    h = law("diff", "2016-03-28", "2016-03-29", "--provisions")
    assert h.exit_code == 0 and "repealed" in h.output and "added" in h.output
    # a repealed provision is named, not "Art. N → (nothing)"
    assert not re.search(r"→\s*│", h.output)


def test_diff_provisions_tells_renumbered_from_amended():
    """A provision whose words are unchanged under another article number is ``renumbered``,
    not ``amended``; every ``amended`` one is worded differently (the 2015 PKO Act amendment
    renumbered Art. 3(iii)(nu), medical care, as Art. 3(v))."""
    from anpo.law import provision_changes

    changes = provision_changes("2001-07-10", "2016-03-29")
    renumbered = [c for c in changes if c.kind == "renumbered"]
    assert renumbered and all(
        c.quote_before == c.quote_after and c.ref_before != c.ref_after for c in renumbered
    )
    assert all(c.quote_before != c.quote_after for c in changes if c.kind == "amended")
    assert any(c.ref == "Art. 3(iii)(nu) → Art. 3(v)" for c in renumbered)
    assert all(" → " not in c.ref for c in changes if c.kind in ("added", "repealed"))


def test_provisions_and_facts_commands():
    """`anpo law provisions --date D --law KEY` lists the law version in force as its
    provisions; `anpo law facts` lists the facts and the presets."""
    r = law("provisions", "--date", "2001-07-10", "--law", "saa-1999", "--json")
    data = json.loads(r.output)
    refs = {p["ref"] for p in data}
    assert {"Annexed Table 1, note 1", "Annexed Table 1, note 3", "Art. 3(1)(iii)"} <= refs
    assert law("provisions", "--date", "2001-07-10", "--law", "nope").exit_code == 2
    # a law version not in force on the date is said, not shown as an empty table
    r = law("provisions", "--date", "2001-07-10", "--law", "iisa-2016")
    assert r.exit_code == 2, r.output
    assert "'iisa-2016' is not in force on 2001-07-10 (in force from 2016-03-29)" in r.output
    assert len(r.output.strip().splitlines()) == 1
    f = law("facts", "--json")
    facts = json.loads(f.output)
    assert facts["facts"]["combat_expected"]["deciding"] is True
    assert facts["presets"]["combat-scene"]["combat_now"] is True
    assert "combat_expected" in law("facts").output


def test_list_json_and_human():
    """`anpo law list --date D [--situation S]` lists the possible activities."""
    r = law("list", "--date", "2001-07-10", "--situation", "surrounding-area", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    acts = {x["activity"] for x in data["situations"]["surrounding-area"]}
    assert "transport-weapons-ammunition" in acts and "provide-weapons" not in acts
    h = law("list", "--date", "2020-01-01")
    assert h.exit_code == 0, h.output
    # the situations in words ('UN peacekeeping'), the codes only in --json
    assert "survival-threatening on 2020-01-01" in h.output and "UN peacekeeping" in h.output
    assert "un-peacekeeping" not in h.output and "no-legal-basis" not in h.output


def test_list_marks_cells_barred_by_international_law_not_statute():
    """review18 F3: on 2001-07-01 peacetime support to U.S. forces (SDF Act Art. 100-6 of the
    pre-2015 e-Gov text, anpo's Art. 100-9) sets no place, and the rules answer "conditional"
    abroad without consent, where the bar is international law (the territorial state's
    consent), not the statute. The status stays "conditional" in --json, with "bar":
    "international law" on exactly those entries (null elsewhere, the consenting state's
    cells included); the table marks them 'conditional*' and explains the marker once."""
    data = json.loads(law("list", "-d", "2001-07-01", "-s", "peacetime", "--json").stdout)
    rows = data["situations"]["peacetime"]
    barred = {x["activity"] for x in rows if x["bar"] == "international law"}
    assert barred == {
        "transport-weapons-ammunition",
        "supply-fuel-water-food",
        "refuel-ships-at-sea",
        "airlift-personnel",
        "medical",
    }
    for x in rows:
        marked = x["bar"] is not None
        assert marked == (x["location"] == "foreign-territory"), x
        assert x["status"] == "conditional"
    r = law("list", "-d", "2001-07-01", "-s", "peacetime", columns=400)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    head = next(ln for ln in lines if "abroad without consent" in ln)
    col = [c.strip() for c in head.strip("┃").split("┃")].index("abroad without consent")
    table = [[c.strip() for c in ln.strip("│").split("│")] for ln in lines if ln.startswith("│")]
    from anpo.law.vocab import in_words

    marked = {row[0] for row in table if row[col] == "conditional*"}
    assert marked == {in_words(a) for a in barred}
    assert all(c != "conditional*" for row in table for i, c in enumerate(row) if i != col)
    text = " ".join(r.stdout.split())
    assert text.count("* conditional under the statute") == 1
    assert "barred by international law, not by statute" in text
    # no marked cell, no legend: UN peacekeeping abroad needs the host's consent by statute
    r = law("list", "-d", "2001-07-01", "-s", "un-peacekeeping", columns=400)
    assert "conditional*" not in r.stdout and "by international law" not in r.stdout
    pko = json.loads(law("list", "-d", "2001-07-01", "-s", "un-peacekeeping", "--json").stdout)
    assert all(x["bar"] is None for x in pko["situations"]["un-peacekeeping"])


def test_the_bar_is_the_rules_field_not_the_prose(monkeypatch):
    """mend20: what marks a 'conditional*' cell is the rules' ``bar = "international law"`` on
    the location case (anpo.law.schema.LocationCase.bar), carried onto the answer's check, not
    the words "international law" in the case's text. The packaged rules with that text reworded
    list the same marked cells on 2001-07-01 (review18 F3's five), and the same words with the
    field taken away mark none."""
    import anpo.law.engine as engine
    from anpo.law import load_ruleset_from, packaged_rule_texts

    prose = "would breach international law (not a statutory condition)"
    texts = packaged_rule_texts()
    assert sum(t.count(prose) for t in texts.values()) >= 2

    def marked(rules_texts: dict[str, str]) -> set[str]:
        rules = load_ruleset_from(rules_texts)
        monkeypatch.setattr(engine, "ruleset", lambda: rules)
        r = law("list", "-d", "2001-07-01", "-s", "peacetime", "--json")
        assert r.exit_code == 0, r.output
        rows = json.loads(r.stdout)["situations"]["peacetime"]
        return {x["activity"] for x in rows if x["bar"] == "international law"}

    reworded = {
        n: t.replace(prose, "needs the territorial state's agreement") for n, t in texts.items()
    }
    assert not any(prose in t for t in reworded.values())
    assert marked(reworded) == {
        "transport-weapons-ammunition",
        "supply-fuel-water-food",
        "refuel-ships-at-sea",
        "airlift-personnel",
        "medical",
    }
    unmarked = {n: t.replace('bar = "international law"\n', "") for n, t in texts.items()}
    assert sum(prose in t for t in unmarked.values()) >= 1
    assert marked(unmarked) == set()
    # the check carries it: the answer's JSON names the bar on the consent limit
    monkeypatch.setattr(engine, "ruleset", lambda: load_ruleset_from(reworded))
    r = law(
        "ask",
        "-d",
        "2001-07-01",
        "-s",
        "peacetime",
        "-a",
        "medical",
        "-l",
        "foreign-territory",
        "--json",
    )
    assert r.exit_code == 0, r.output
    checks = json.loads(r.stdout)["checks"]
    assert [c["bar"] for c in checks if c["state"] == "limit"].count("international law") == 1


def test_regimes_json():
    """`anpo law regimes --json` lists every regime with dates and sources."""
    r = law("regimes", "--json")
    assert r.exit_code == 0, r.output
    keys = {m["key"] for m in json.loads(r.output)}
    assert {"saa-1999", "iisa-2016", "ipsa-2016", "guidelines-1997", "pko-2016"} <= keys


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
        r = law("ask", *args)
        assert r.exit_code == 2, (args, r.output)
        assert r.output.startswith("error: ") and len(r.output.strip().splitlines()) == 1
        assert "Traceback" not in r.output


def test_a_bad_date_says_what_is_wrong_in_the_user_s_terms():
    """A date typed on the command line is text: the message said it must be "a datetime.date
    or an ISO date string" (Python's types); it now says what is wrong with the text."""
    base = ["--situation", "peacetime", "--activity", "medical"]
    r = law("ask", "--date", "2017-02-30", *base)
    assert r.exit_code == 2
    assert r.stderr.strip() == (
        "error: --date: not a date YYYY-MM-DD: '2017-02-30' (day is out of range for month)"
    )
    r = law("ask", "--date", "yesterday", *base)
    assert r.stderr.strip() == "error: --date: not a date YYYY-MM-DD: 'yesterday'"
    for r in (law("diff", "2017-13-01", "2018-01-01"), law("provisions", "--date", "1/2/2017")):
        assert r.exit_code == 2 and "datetime" not in r.stderr, r.stderr


def test_diff_provisions_refuses_the_filters_it_does_not_apply():
    """`--provisions` lists every provision changed; --situation, --location, --activity and
    --successors restrict the situation table only, and were silently ignored with it (the
    same 81 rows for -s nonsense); each is refused, exit 2, naming the option."""
    for extra, name in (
        (["-s", "armed-attack-japan"], "--situation"),
        (["-l", "japan"], "--location"),
        (["-a", "transport-weapons-ammunition"], "--activity"),
        (["--successors"], "--successors"),
    ):
        r = law("diff", "2001-01-01", "2020-01-01", "--provisions", *extra)
        assert r.exit_code == 2, (extra, r.output)
        assert name in r.output and "--provisions" in r.output and "Traceback" not in r.output


def test_diff_names_the_date_before_the_coverage() -> None:
    """`anpo law diff A B` with a date before the first regime names that date's argument
    (DATE_A or DATE_B), with or without --provisions; the library names date_a or date_b.
    Before, both were 'date:' (a name the command does not have)."""
    import pytest

    from anpo.errors import LawError
    from anpo.law import diff
    from anpo.law.engine import provision_changes

    runner = CliRunner()
    for args, name in (
        (["2016-01-01", "1800-01-01"], "DATE_B"),
        (["1800-01-01", "2016-01-01"], "DATE_A"),
        (["2016-01-01", "1800-01-01", "--provisions"], "DATE_B"),
    ):
        res = runner.invoke(app, ["law", "diff", *args])
        assert res.exit_code == 2, res.output
        assert res.stderr.startswith(f"error: {name}: date 1800-01-01 is before"), res.stderr
    for func in (diff, provision_changes):
        with pytest.raises(LawError) as err:
            func("2016-01-01", "1800-01-01")
        assert err.value.field == "date_b"


def test_diff_refuses_a_first_date_later_than_the_second() -> None:
    """`anpo law diff 2016-03-29 2016-03-28 -s surrounding-area -a provide-ammunition` printed 6
    rows "surrounding area: no legal basis -> prohibited", computed backwards without saying so
    and without the successor the forward diff follows (user audit, cli29). It is refused, exit
    2, naming DATE_A and both dates, with --provisions and --json too; anpo.law.diff raises
    a LawError on date_a (the web API's 422: tests/test_web_api.py)."""
    from anpo.errors import LawError
    from anpo.law import diff

    says = (
        "error: DATE_A: 2016-03-29 is later than the second date, 2016-03-28: a diff runs "
        "from the earlier date to the later (give 2016-03-28 first)"
    )
    for extra in (
        ["-s", "surrounding-area", "-a", "provide-ammunition"],
        ["--provisions"],
        ["--json"],
    ):
        res = CliRunner().invoke(app, ["law", "diff", "2016-03-29", "2016-03-28", *extra])
        assert res.exit_code == 2, res.output
        assert res.stderr.strip() == says, res.stderr
        assert res.stdout == ""
    with pytest.raises(LawError) as err:
        diff("2016-03-29", "2016-03-28")
    assert err.value.field == "date_a"
    # the forward diff, unchanged: the successor followed
    r = law(
        "diff",
        "2016-03-28",
        "2016-03-29",
        "-s",
        "surrounding-area",
        "-a",
        "provide-ammunition",
        "--json",
    )
    assert r.exit_code == 0, r.output
    assert {c["situation_after"] for c in json.loads(r.stdout)} == {"important-influence"}


def test_confidence_line_is_no_confidence_in_the_law_of_a_date_past_the_data():
    """review9 F8: asked 2026-12-05, ten years after the last change the data records
    (2016-03-29), the answer said "confidence: high; in-force dates: high" beside "the law as
    last known on 2016-03-29", read as confidence in the law of 2026. The line names what the
    values are (the rules' and their laws' in-force dates', which cover lapses as well as starts:
    review10 F4) and the day of the law given; the JSON's ``as_last_known`` gives that day (empty
    for a date the data covers)."""
    q = ["--situation", "important-influence", "--activity", "provide-ammunition",
         "--location", "high-seas"]  # fmt: skip
    text = " ".join(law("ask", "--date", "2026-12-05", *q, columns=400).stdout.split())
    assert "in-force dates: high" not in text and "start dates" not in text
    assert (
        "rule confidence: high; in-force dates' confidence: high; law as last known on 2016-03-29;"
    ) in text
    data = json.loads(law("ask", "--date", "2026-12-05", *q, "--json").stdout)
    assert data["as_last_known"] == "2016-03-29"
    assert (data["confidence"], data["date_confidence"]) == ("high", "high")
    on = law("ask", "--date", "2016-03-29", *q, columns=400).stdout
    assert (
        json.loads(law("ask", "--date", "2016-03-29", *q, "--json").stdout)["as_last_known"] == ""
    )
    assert "as last known" not in " ".join(on.split())


@pytest.mark.slow
def test_a_date_after_the_last_change_in_the_data_is_answered_with_a_coverage_note():
    """A question about a date after the last change the rule data records (the 2015
    legislation's entry into force, 2016-03-29) was answered as if the data were complete: now
    the answer says it is the law as last known on that day and that later amendments are not in
    the data (text and JSON, ask, list, diff and provisions); on that day itself it says nothing.
    A date before the first regime is still refused. Source: the rule files' dated versions,
    provisions and rules (anpo/law/rules)."""
    import datetime as dt

    from anpo.law import latest_change, regimes

    last = latest_change()
    assert last == max(m.in_force_from for m in regimes())  # the data's last entry into force
    after = (last + dt.timedelta(days=1)).isoformat()
    said = f"the law as last known on {last.isoformat()}; amendments in force after that date"
    question = ["--situation", "important-influence", "--activity", "medical"]

    r = law("ask", "--date", after, *question, "--json")
    data = json.loads(r.stdout)
    assert data["latest_change"] == last.isoformat() and said in data["coverage_note"]
    on = json.loads(law("ask", "--date", last.isoformat(), *question, "--json").stdout)
    assert on["coverage_note"] == "" and on["latest_change"] == last.isoformat()
    for args in (
        ["ask", "--date", after, *question],
        ["list", "--date", after, "--situation", "important-influence"],
        ["diff", "2001-07-10", after, "--situation", "surrounding-area"],
        ["provisions", "--date", after, "--law", "iisa-2016"],
        ["diff", "2016-03-28", after, "--provisions"],
    ):
        r = law(*args, columns=400)
        text = " ".join(r.stdout.split())  # the note wraps at the console's width
        assert r.exit_code == 0 and "Law data:" in text and said in text, args
    # list's --json (an object) carries the note: "" on a date the data covers, as ask's answer
    # has it; the --json of provisions and of the diffs keeps its shape, a list of records
    got = json.loads(law("list", "--date", after, "--json").stdout)
    assert said in got["coverage_note"] and got["coverage_note"].startswith(after)
    on = json.loads(law("list", "--date", last.isoformat(), "--json").stdout)
    assert on["coverage_note"] == ""
    # with the note on standard error, so that a script still learns it
    for args, on_args in (
        (["provisions", "--date", after], ["provisions", "--date", last.isoformat()]),
        (["diff", "2001-07-10", after], ["diff", "2001-07-10", last.isoformat()]),
        (
            ["diff", "2001-07-10", after, "--provisions"],
            ["diff", "2001-07-10", last.isoformat(), "--provisions"],
        ),
    ):
        r = law(*args, "--json")
        assert isinstance(json.loads(r.stdout), list), args
        assert r.stderr.startswith("Law data: ") and said in " ".join(r.stderr.split()), args
        assert law(*on_args, "--json").stderr == "", on_args
    r = law("ask", "--date", "2001-07-10", *question, columns=400)
    assert "Law data:" not in r.stdout
    r = law("ask", "--date", "1997-09-22", *question)
    assert r.exit_code == 2 and "before the first regime" in r.stderr


def test_the_explanation_names_each_fact_by_what_it_states_with_its_key():
    """The law explanation named facts by their keys ('where=japan, combat_now=false', 'Missing
    facts: combat_now, combat_expected'): each fact is now given by what it states, in the fact
    vocabulary's words (anpo.law.vocab.FACTS, WHERE), with the key and value as --fact takes them
    in parentheses; the JSON keeps the keys. Source: Iraq SMA Art. 2(3) needs both combat
    facts."""
    args = ["--date", "2007-06-01", "--situation", "iraq-2003", "--activity", "medical"]
    facts = ["--fact", "where=foreign-territory", "--fact", "consent=true"]
    r = law("ask", *args, *facts, columns=400)
    text = " ".join(r.stdout.split())
    assert r.exit_code == 0
    now = "combat acts are actually taking place at the site"
    for said in (
        "the place of the activity: territory of a foreign state (land, territorial sea, "
        "airspace) (where=foreign-territory)",
        "the territorial state consents to the activity on its territory: yes (consent=true)",
        f"Missing facts: {now} (combat_now); combat acts are expected at the site during the "
        "activity (combat_expected)",
        f"if {now}: no (combat_now=false)",
    ):
        assert said in text, said
    # no bare key=value outside the parentheses that name it
    assert not re.search(r"(?<!\()\b(where|consent|combat_now|combat_expected)=", text)
    data = json.loads(law("ask", *args, *facts, "--json").stdout)
    assert data["facts"] == {"where": "foreign-territory", "consent": True, "alongside": "none"}
    assert data["missing_facts"] == ["combat_now", "combat_expected"]


def test_list_empty_situation_is_refused():
    """`anpo law list --situation ""` listed every situation, as if no --situation were given;
    refused like `anpo law ask --situation ""`, naming the flag."""
    r = runner.invoke(app, ["law", "list", "--date", "2001-07-10", "--situation", ""])
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("error: --situation: unknown situation ''; valid situations: ")


@pytest.mark.parametrize("every", [[], ["--all"]])
def test_list_table_and_json_list_the_same_entries(every: list[str]) -> None:
    """Acceptance walk of issue 16: `law list -d 2007-06-01 -s peacetime --json` gave the 27
    possible (conditional) entries, its table every activity at every place, prohibited and 'no
    legal basis' too. Both now list the possible ones (the command's docstring), or with --all
    every one; each status the JSON lists is a table cell, and no other."""
    from collections import Counter

    from anpo.law.vocab import in_words

    args = ["list", "-d", "2007-06-01", "-s", "peacetime", *every]
    data = json.loads(law(*args, "--json").stdout)["situations"]["peacetime"]
    assert len(data) == (78 if every else 27)
    r = law(*args, columns=400)
    assert r.exit_code == 0, r.output
    rows = [ln for ln in r.stdout.splitlines() if ln.startswith("│")]
    # a 'conditional*' cell is conditional (the marker: barred by international law alone)
    cells = [c.strip().rstrip("*") for ln in rows for c in ln.strip("│").split("│")[1:]]
    statuses = {in_words(s) for s in ("permitted", "conditional", "prohibited", "no-legal-basis")}
    table = Counter(c for c in cells if c in statuses)
    assert table == Counter(in_words(x["status"]) for x in data)
    assert {ln.strip("│").split("│")[0].strip() for ln in rows} == {
        in_words(x["activity"]) for x in data
    }


def test_diff_takes_one_name_as_a_string() -> None:
    """``anpo.law.diff(..., situations="surrounding-area")`` read the string letter by letter
    ("unknown situation 's'"); one name as a string is a list of it, the same answer as the
    list of one (the surrounding-area rules changed on 2016-03-29, Act No. 76 of 2015)."""
    from anpo.law import diff

    one = diff("2001-07-10", "2016-03-29", situations="surrounding-area", activities="medical")
    listed = diff(
        "2001-07-10", "2016-03-29", situations=["surrounding-area"], activities=["medical"]
    )
    assert one == listed
    assert one, "the 2015 amendments changed the surrounding-area rules"
    assert {c.situation for c in one} == {"surrounding-area"}

"""Names for readers in the CLI's tables (README "Names for readers").

The human-readable tables name a variant by its ``label`` (:attr:`Variant.shown`) with the id
``--variant`` takes beside it, head their columns in words (the report's glossary,
:func:`anpo.report.tables.plain_header`), and word the law's codes
(:func:`anpo.law.vocab.in_words`); the JSON output keeps every id and data name.
"""

from __future__ import annotations

import json

import pytest

from _support import invoke
from anpo.scenario import book_files

BOOK_2001 = next(p for p in book_files() if p.name == "us-japan-2001.toml")


def _header(output: str) -> str:
    """The first header row of the first table in ``output``."""
    return next(ln for ln in output.splitlines() if ln.startswith("┃"))


@pytest.mark.slow
def test_stability_table_names_variants_and_columns():
    """'MAD (no U.S. defense) [mad]', 'Defender's cost striking first (C1)': not 'mad' and
    'c1_defender' (the 2001 book's variant labels)."""
    res = invoke("stability", str(BOOK_2001), "--variant", "mad", "--no-reaction")
    assert res.exit_code == 0, res.output
    assert "MAD (no U.S. defense) [mad]" in res.output
    head = _header(res.output)
    assert "Defender's cost striking first (C1)" in head and "First-strike stability" in head
    assert "c1_defender" not in res.output and "fss_lua" not in res.output
    assert "│ mad " not in res.output
    # the JSON keeps the ids and the data names (its reaction curves are not what is checked
    # here: test_cli_deterrence checks the JSON with them)
    args = ("stability", str(BOOK_2001), "--variant", "mad", "--no-reaction", "--json")
    raw = json.loads(invoke(*args).output)
    assert {r["variant"] for r in raw["stability"]} == {"mad"}
    assert "c1_defender" in raw["stability"][0]


def test_extended_table_names_variants_and_columns():
    """The extended-deterrence table: the variant's label and the glossary's headers
    ('Patron's price, undefended', not 'patron_price_undefended')."""
    res = invoke("extended", str(BOOK_2001), "--variant", "nmd-c3")
    assert res.exit_code == 0, res.output
    assert "NMD capability 3 [nmd-c3]" in res.output
    assert "Patron's price, undefended" in _header(res.output)
    assert "patron_price" not in res.output and "ally_exposure" not in res.output
    notes = [
        ln
        for ln in res.output.splitlines()
        if ln.startswith("  U.S.-") and "(NMD capability 3 [nmd-c3]):" in ln
    ]
    assert notes  # Russia and North Korea have no forces that reach only Japan


@pytest.mark.slow
def test_extended_table_shows_one_m_the_title_names(tmp_path):
    """A file whose m_values lack 1: the table shows the smallest m, one row per variant and
    dyad, and its title and headers name that m (it showed the rows of every m under 'P(at least
    5 ...)', the first m's title); the JSON keeps every m computed (m = 1, the report's measure, too)."""
    text = BOOK_2001.read_text(encoding="utf-8")
    assert text.count("m_values = [1, 5, 10]") == 1
    path = tmp_path / "m.toml"
    path.write_text(text.replace("m_values = [1, 5, 10]", "m_values = [10, 5]"), "utf-8")
    res = invoke("extended", str(path), "--variant", "nmd-c3", env={"COLUMNS": "400"})
    assert res.exit_code == 0, res.output
    assert "(probabilities: at least 5 warheads;" in res.output
    assert "P(at least 5 of the rival's warheads reach the ally)" in _header(res.output)
    rows = [ln for ln in res.output.splitlines() if ln.startswith("│ NMD capability 3 [nmd-c3]")]
    assert len(rows) == len({ln.split("│")[2] for ln in rows}) == 3  # one per dyad
    raw = json.loads(invoke("extended", str(path), "--variant", "nmd-c3", "--json").output)
    assert sorted({r["m"] for r in raw["extended"]}) == [1, 5, 10]


@pytest.mark.slow
def test_stability_reaction_table_names_variants():
    """The reaction-curve table's rows: the variant's label, not its id."""
    res = invoke("stability", str(BOOK_2001), "--variant", "nmd-c1")
    assert res.exit_code == 0, res.output
    block = res.output.split("Reaction curve")[1]
    assert "NMD capability 1 [nmd-c1]" in block and "│ nmd-c1 " not in block


def test_bands_tables_name_variants_statistics_and_costs():
    """`anpo bands`: the variant's label, 'Point estimate' and '5th percentile' (not 'point',
    'p05'), the costs as 'cost striking first (C1)' (not 'cost_first')."""
    args = ["bands", str(BOOK_2001), "--variant", "mad", "--dyad", "U.S.-North Korea"]
    res = invoke(*args, "--no-reaction", "--draws", "4")
    assert res.exit_code == 0, res.output
    assert "MAD (no U.S. defense) [mad]" in res.output and "│ mad " not in res.output
    head = _header(res.output)
    assert "Point estimate" in head and "5th percentile" in head and "p05" not in head
    assert "cost striking first (C1)" in res.output and "cost_first" not in res.output


def test_futures_compare_heads_columns_with_titles():
    """`anpo futures compare`: each future's column and details line by its title with the id
    the command takes beside it, not the bare id 'status-quo'."""
    res = invoke("futures", "compare", "status-quo", "nixon-pattern")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert any(ln.startswith("Status quo, more initiative outside security [status-quo]: side")
               for ln in lines)  # fmt: skip
    assert not any(ln.startswith("status-quo:") for ln in lines)
    header = " ".join(ln for ln in lines if ln.startswith("┃"))
    assert "[status-quo]" in header and "Status quo, more" in header


def test_law_diff_and_list_word_the_codes():
    """`anpo law diff` and `anpo law list`: 'provide ammunition', 'no legal basis', 'Diet
    approval', 'surrounding area' (:func:`anpo.law.vocab.in_words`, the report's words), not the
    codes 'provide-ammunition', 'no-legal-basis', 'diet_approval', 'surrounding-area'."""
    d = invoke("law", "diff", "2001-07-10", "2016-03-29", "-a", "provide-ammunition")
    assert d.exit_code == 0, d.output
    assert "provide ammunition" in d.output and "no legal basis" in d.output
    assert "Diet approval" in d.output and "surrounding area" in d.output
    for code in ("provide-ammunition", "no-legal-basis", "diet_approval", "surrounding-area"):
        assert code not in d.output, code
    lst = invoke("law", "list", "--date", "2001-07-10", "--situation", "surrounding-area")
    assert lst.exit_code == 0, lst.output
    assert "surrounding area on 2001-07-10" in lst.output and "high seas near Japan" in lst.output
    # the activity in vocab's words (the assertion accepted any line holding 'transport')
    assert "│ transport weapons and ammunition " in lst.output
    assert "transport-weapons-ammunition" not in lst.output
    assert "no-legal-basis" not in lst.output and "high-seas-near-japan" not in lst.output


def test_law_ask_words_the_status_and_alternatives():
    """`anpo law ask`: the panel's title and each alternative's status in words."""
    args = ["-d", "2016-03-29", "-s", "important-influence", "-a", "provide-ammunition"]
    res = invoke("law", "ask", *args, "-f", "combat_now=false")
    assert res.exit_code == 0, res.output
    assert "DEPENDS ON THE FACTS" in res.output
    out = " ".join(res.output.split())  # a long alternative wraps
    alts = out.split("• if the place of the activity: ")[1:]
    # a dash before the status (this pinned the colon it had: "...(where=...): depends on ...")
    assert len(alts) == 5 and "(where=foreign-territory) — depends on the facts" in out
    assert not any("depends-on" in alt for alt in alts)


def test_futures_list_names_the_base_variant():
    """`anpo futures`: each future's base as its year and its variant's name with the id, not
    'book:us-japan-2001 / tmd-japan'."""
    res = invoke("futures")
    assert res.exit_code == 0, res.output
    assert "2001: theater defense of Japan [tmd-japan]" in res.output
    assert "book:us-japan-2001 / " not in res.output


def test_align_sensitivity_words_the_factors_and_sizes():
    """`anpo align sensitivity`: the recipe's factors as the report words them ('UN voting',
    'regime similarity') and the size measures by the glossary ('Composite capability index
    (CINC)'), not the keys 'un', 'regime', 'cinc' (the JSON keeps them)."""
    res = invoke("align", "sensitivity", "book:asia_pacific_2001")
    assert res.exit_code == 0, res.output
    heads = [ln for ln in res.output.splitlines() if ln.startswith("┃")]
    assert "UN voting" in heads[0] and "regime similarity" in heads[0]
    assert not any(" un " in h or " cinc " in h for h in heads)
    assert "│ UN voting " in res.output
    assert any("Composite capability index (CINC)" in h for h in heads)
    # the title's legend names the mark the cells carry where no multiplier within the range
    # moves a state (it said "blank", and the cells showed an en dash)
    title = next(ln for ln in res.output.splitlines() if "Weight multiplier" in ln)
    assert "(–: no change of side for multipliers from 0 to 3)" in title
    assert "blank" not in title
    japan = next(ln for ln in res.output.splitlines() if ln.startswith("│ Japan "))
    assert japan.count("│ –") + japan.count(" – │") >= 1


def test_law_ask_words_the_diet_approval_once():
    """`anpo law ask`'s 'Diet approval:' line: the approval in words, once. It printed the code
    with its hyphens as spaces (:func:`~anpo.law.vocab.in_words`, made for situations,
    activities, places and statuses, falls back so for a code it does not know: 'prior with
    emergency exception', 'with basic response plan') before the detail, which opens with the
    same approval in words (:data:`anpo.law.vocab.DIET_APPROVAL`)."""
    from anpo.law import ask
    from anpo.law.vocab import DIET_APPROVAL

    cases = [
        ("2001-07-10", "surrounding-area", "transport-weapons-ammunition"),
        ("2010-01-01", "armed-attack-japan", "transport-weapons-ammunition"),
        ("2020-01-01", "armed-attack-japan", "supply-fuel-water-food"),
    ]
    for date, sit, act in cases:
        ans = ask(date, sit, act, "japan")
        res = invoke("law", "ask", "-d", date, "-s", sit, "-a", act)
        assert res.exit_code == 0, res.output
        line = " ".join(res.output.split("Diet approval:")[1].split())
        gloss = " ".join(DIET_APPROVAL[ans.diet_approval].split())
        assert line.startswith(gloss[:40]), (line, gloss)
        assert ans.diet_approval.replace("-", " ") not in line
        assert line.count(gloss.split(" (")[0].split(";")[0]) == 1, line


def test_extended_table_says_which_probability_each_column_is():
    """review9 F5: the extended-deterrence table's title named one probability, 'P(at least 1
    warhead arrives)', for every column, two of which are expected shares of value; its headers
    said neither whose warheads nor which territory. The title says the prices and exposures
    are probabilities of at least m warheads and the damage expected shares of value; the
    exposure and price headers say the probability, in the web page's words
    (Wilkening & Watman 1995 sequence: the rival strikes the ally, the patron honours its
    guarantee, the rival retaliates on the patron)."""
    res = invoke("extended", str(BOOK_2001), "--variant", "nmd-c3", env={"COLUMNS": "400"})
    assert res.exit_code == 0, res.output
    title = res.output.splitlines()[0]
    assert title.endswith(
        "extended deterrence (probabilities: at least 1 warhead; damage: expected share of value)"
    ), title
    head = _header(res.output)
    assert "Ally's exposure: P(at least 1 of the rival's warheads reaches the ally)" in head
    assert (
        "Patron's price: P(at least 1 of the rival's warheads reaches the patron after it "
        "honours its guarantee)"
    ) in head
    assert "Patron's damage (expected share of value)" in head

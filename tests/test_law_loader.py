"""The rule-file schema rejects malformed rules with a one-line DataError naming the file and field,
and keeps dated provisions consistent (source: anpo.law.schema; issue 5 'rules are data'; issue 13
'time as dated provisions')."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from anpo.errors import DataError
from anpo.law.loader import load_ruleset_from

LAW = """
[law]
key = "x"
short = "X"
title_en = "X Act"
title_ja = "X法"
in_force_from = 2000-01-01
date_sources = ["test"]
situations = ["peacetime"]

[provisions.a1]
article = "1"
label = "l"
clause = "authorizing"
quote = "物品の提供を実施することができる。"
"""

RULE = """
[[rules]]
id = "x/r"
summary = "s"
activities = ["medical"]
effect = "conditional"
basis = ["{ref}"]
"""

DATED = """
[[versions]]
[versions.law]
key = "x-1"
short = "X"
title_en = "X Act"
title_ja = "X法"
in_force_from = 2000-01-01
in_force_to = 2009-12-31
date_sources = ["test"]
situations = ["peacetime"]
[[versions]]
[versions.law]
key = "x-2"
short = "X"
title_en = "X Act (amended)"
title_ja = "X法"
in_force_from = 2010-01-01
date_sources = ["test"]
situations = ["peacetime"]

[provisions.a1]
label = "l"
clause = "authorizing"
[[provisions.a1.texts]]
valid_to = {end}
article = "1"
quote = "長官は、物品の提供を実施することができる。"
[[provisions.a1.texts]]
valid_from = 2007-01-09
article = "1"
quote = "防衛大臣は、物品の提供を実施することができる。"
"""


def test_valid_minimal_file_loads():
    """A minimal law with one rule citing its provision loads."""
    rs = load_ruleset_from({"x.toml": LAW + RULE.format(ref="a1")})
    assert [r.id for _, r in rs.rules()] == ["x/r"]
    assert rs.laws["x"].law.title_en == "X Act"


def test_unknown_provision_is_a_data_error():
    """A rule citing a provision the file does not quote is rejected."""
    with pytest.raises(DataError, match="unknown provision") as exc:
        load_ruleset_from({"x.toml": LAW + RULE.format(ref="a2")})
    assert exc.value.file == "x.toml"


def test_exception_must_override_a_general_rule():
    """An exception rule (annex note) must name the general rule it carves out of."""
    bad = LAW + RULE.format(ref="a1").replace(
        'effect = "conditional"', 'effect = "prohibited"\nkind = "exception"'
    )
    with pytest.raises(DataError, match="overrides"):
        load_ruleset_from({"x.toml": bad})


def test_unknown_vocabulary_and_missing_date_sources_rejected():
    """Unknown activities, in-force dates without sources and a provision without its kind of
    clause are rejected."""
    with pytest.raises(DataError, match="unknown activities"):
        load_ruleset_from({"x.toml": LAW + RULE.format(ref="a1").replace('"medical"', '"spy"')})
    with pytest.raises(DataError, match="source"):
        load_ruleset_from({"x.toml": LAW.replace('date_sources = ["test"]', "date_sources = []")})
    with pytest.raises(DataError, match="invalid TOML"):
        load_ruleset_from({"x.toml": LAW + "[[rules]\n"})
    with pytest.raises(DataError, match="clause"):
        load_ruleset_from({"x.toml": LAW.replace('clause = "authorizing"\n', "")})
    with pytest.raises(DataError, match="must be in English") as exc:
        load_ruleset_from({"x.toml": LAW.replace('title_en = "X Act"', 'title_en = "X法"')})
    assert exc.value.field is not None and "title_en" in exc.value.field


def test_dated_provisions_form_the_version_in_force():
    """A provision's texts carry validity intervals; the law version on a date is the set of
    provisions in force then (the 2007-01-09 change of the minister's title in one file)."""
    rs = load_ruleset_from({"x.toml": DATED.format(end="2007-01-08") + RULE.format(ref="a1")})
    act = rs.acts["x.toml"]
    assert act.provisions_on(dt.date(2005, 1, 1))["a1"].quote.startswith("長官")
    assert act.provisions_on(dt.date(2008, 1, 1))["a1"].quote.startswith("防衛大臣")
    assert act.version_on(dt.date(2011, 1, 1)).law.key == "x-2"
    assert act.provisions_on(dt.date(1999, 1, 1)) == {}


def test_overlapping_or_missing_wording_is_rejected():
    """Texts of one provision may not overlap, and every day a rule is in force the provisions
    it cites must have a wording in force (no answer may cite a provision that was not law)."""
    with pytest.raises(DataError, match="overlap"):
        load_ruleset_from({"x.toml": DATED.format(end="2008-01-01") + RULE.format(ref="a1")})
    with pytest.raises(DataError, match="no wording in force on 2006-01-01"):
        load_ruleset_from({"x.toml": DATED.format(end="2005-12-31") + RULE.format(ref="a1")})


def test_derived_wording_must_be_unverified():
    """An older wording derived by an amendment's substitutions is not verified and names the
    amending act."""
    text = LAW.replace(
        'quote = "物品の提供を実施することができる。"',
        'quote = "長官は、実施することができる。"\nderived = { "長官" = "防衛大臣" }',
    )
    with pytest.raises(DataError, match="verified = false"):
        load_ruleset_from({"x.toml": text})
    with pytest.raises(DataError, match="derived_by"):
        load_ruleset_from({"x.toml": text.replace("derived =", "verified = false\nderived =")})


def test_ask_answers_from_the_rule_set_it_is_given() -> None:
    """No hidden global: every function of anpo.law takes ``rules=`` (default the packaged rule
    set). A rule set whose Surrounding Areas Act makes medical care prohibited answers so, the
    packaged one still answers conditional, and each keeps its own index."""
    from anpo.law import (
        activities,
        ask,
        diff,
        load_ruleset_from,
        packaged_rule_texts,
        provisions,
        ruleset,
        situations,
    )

    texts = packaged_rule_texts()
    name = next(n for n, t in texts.items() if 'id = "saa-1999/medical"' in t)
    head, _, tail = texts[name].partition('id = "saa-1999/medical"')
    tail = tail.replace('effect = "conditional"', 'effect = "permitted"', 1)
    mine = load_ruleset_from({**texts, name: head + 'id = "saa-1999/medical"' + tail})
    q = ("2001-07-10", "surrounding-area", "medical", "japan")
    assert ask(*q, rules=mine).status == "permitted"
    assert ask(*q).status == ask(*q, rules=ruleset()).status == "conditional"
    assert mine.engine_cache["index"] is not ruleset().engine_cache["index"]
    mine_all = activities("2001-07-10", "surrounding-area", "japan", rules=mine)
    assert {a.activity: a.status for a in mine_all}["medical"] == "permitted"
    assert situations("2001-07-10", rules=mine) == situations("2001-07-10")
    assert len(provisions("2001-07-10", rules=mine)) == len(provisions("2001-07-10"))
    # the permitted medical care is there before the 2016 reform, gone after (the IISA rule)
    changed = diff("2001-07-10", "2017-01-01", activities=["medical"], rules=mine)
    assert ("surrounding-area", "japan") in {(c.situation, c.location) for c in changed}


def test_a_bad_rule_file_names_file_line_and_field() -> None:
    """Rule files read through the input pipeline: a rule that breaks the schema is reported at
    its own ``[[rules]]`` table (file, line, field), a syntax error at its line and column."""
    from anpo.errors import DataError
    from anpo.law import load_ruleset_from, packaged_rule_texts

    texts = packaged_rule_texts()
    name = next(n for n, t in texts.items() if 'id = "saa-1999/medical"' in t)
    head, _, tail = texts[name].partition('id = "saa-1999/medical"')
    bad = (
        head
        + 'id = "saa-1999/medical"'
        + tail.replace('effect = "conditional"', 'effect = "prohibited"', 1)
    )
    with pytest.raises(DataError) as info:
        load_ruleset_from({**texts, name: bad})
    lines = bad.splitlines()
    header = max(i for i, ln in enumerate(lines[: head.count("\n") + 1]) if ln == "[[rules]]") + 1
    assert info.value.file == name and info.value.line == header
    assert info.value.field is not None and info.value.field.startswith("rules[")
    assert "effect 'permitted' or 'conditional'" in info.value.message
    with pytest.raises(DataError) as info:
        load_ruleset_from({**texts, name: "x = = 1\n" + texts[name]})
    assert (info.value.line, info.value.column) == (1, 5)
    assert info.value.one_line().startswith(f"{name}:1:5: invalid TOML")


def test_benchmark_rule_scan_answers_as_the_index(monkeypatch):
    """benchmarks/law.py's baseline (every rule scanned for every question, no index) gives
    the indexed engine's answers; the benchmark had stopped with a TypeError since the index
    became one per rule set (``rule_index(rs)``)."""
    from _support import script_module
    from anpo.law import engine
    from anpo.law.loader import ruleset

    bench = script_module("law")
    questions = [
        ("2001-07-10", "surrounding-area", "transport-weapons-ammunition", "japan"),
        ("2001-07-10", "surrounding-area", "provide-ammunition", "japan"),
        ("2016-03-29", "important-influence", "provide-ammunition", "high-seas"),
        ("2004-01-01", "iraq-2003", "airlift-personnel", "foreign-territory-with-consent"),
        ("2016-03-29", "survival-threatening", "use-of-force", "japan"),
    ]
    indexed = [engine.ask(*q) for q in questions]
    monkeypatch.setattr(engine.RuleIndex, "in_force", bench.rule_scan(ruleset()))
    scanned = [engine.ask(*q) for q in questions]
    assert [a.status for a in scanned] == [a.status for a in indexed]
    assert [a.rules for a in scanned] == [a.rules for a in indexed]
    assert {a.status for a in indexed} >= {"conditional", "prohibited"}


@pytest.mark.parametrize(("key", "after", "value", "says"), [
    ("paragraph", 'article = "1"', "true", "got true, a boolean, not a number"),
    ("item", 'article = "1"', '"2"', "got '2', a text, not a number"),
    ("paragraph", 'article = "1"', "0", "greater than or equal to 1"),
    ("item", 'article = "1"', "-2", "greater than or equal to 1"),
    ("annex_note", 'article = "1"', "-1", "greater than or equal to 0"),
    ("verified", 'article = "1"', "0", "got 0, a number, not true or false"),
    ("binding", 'situations = ["peacetime"]', '"no"', "got 'no', a text, not true or false"),
    ("in_force_to", 'situations = ["peacetime"]', "0", "got 0, a number, not a date"),
])  # fmt: skip
def test_a_rule_file_takes_numbers_yes_no_and_dates_as_written(
    key: str, after: str, value: str, says: str
) -> None:
    """A rule file of one's own (load_ruleset_from) was read in pydantic's lax mode:
    ``paragraph = true`` cited paragraph 1, ``item = -2`` cited "Art. 1()" (no roman numeral
    for it), ``verified = 0`` was false, ``binding = "no"`` false and ``in_force_to = 0`` was
    1970-01-01, each without a word. Each is a DataError at its line and key, as in the other
    input files (anpo._io.inputs.NoCoercedNumbers)."""
    text = LAW + RULE.format(ref="a1")
    lines = text.splitlines()
    at = lines.index(after) + 1
    lines.insert(at, f"{key} = {value}")
    with pytest.raises(DataError) as info:
        load_ruleset_from({"x.toml": "\n".join(lines) + "\n"})
    err = info.value
    assert (err.file, err.line) == ("x.toml", at + 1), err.one_line()
    assert err.field is not None and err.field.endswith(key), err.one_line()
    assert says in err.message, err.one_line()


CASES = """
[[rules.location.cases]]
when = {{ combat_now = true }}
effect = "prohibited"
{first}
[[rules.location.cases]]
when = {{ combat_expected = true }}
effect = "prohibited"
{second}
"""

SHARED = """
[shared_texts]
"at-the-site" = "combat acts are taking place at the site"
"""


def _cases(first: str, second: str, shared: str = SHARED) -> str:
    return shared + LAW + RULE.format(ref="a1") + CASES.format(first=first, second=second)


def test_location_cases_may_share_a_text() -> None:
    """A rule file's ``[shared_texts]`` table: a location case's ``shared_text = "KEY"`` reads
    as ``text`` = the table's string, the rule set the same as one writing it in each case
    (anpo.law.loader._with_shared_texts)."""
    said = 'text = "combat acts are taking place at the site"'
    written = load_ruleset_from({"x.toml": _cases(said, said, shared="")})
    shared = 'shared_text = "at-the-site"'
    read = load_ruleset_from({"x.toml": _cases(shared, shared)})
    assert read.acts["x.toml"] == written.acts["x.toml"]
    (rule,) = read.acts["x.toml"].rules
    assert [c.text for c in rule.location.cases] == ["combat acts are taking place at the site"] * 2
    mixed = load_ruleset_from({"x.toml": _cases(shared, 'text = "combat is expected there"')})
    (rule,) = mixed.acts["x.toml"].rules
    assert rule.location.cases[1].text == "combat is expected there"


def test_a_shared_text_misused_is_a_data_error_at_its_line() -> None:
    """An unknown key, a case giving both ``text`` and ``shared_text``, a shared text no case
    uses, one that is not a string and a ``shared_texts`` that is no table: each a DataError
    naming the file, the field and the line that holds it."""
    shared = 'shared_text = "at-the-site"'
    bad = {  # what: (file text, message, field, the line's start)
        "unknown": (
            _cases('shared_text = "elsewhere"', shared),
            "no shared text 'elsewhere' in the file's [shared_texts] table",
            "rules[0].location.cases[0].shared_text",
            'shared_text = "elsewhere"',
        ),
        "both": (
            _cases(shared + '\ntext = "t"', shared),
            "give text or shared_text, not both",
            "rules[0].location.cases[0].shared_text",
            shared,
        ),
        "unused": (
            _cases('text = "t"', 'text = "u"'),
            "the shared text 'at-the-site' is used by no case",
            "shared_texts.at-the-site",
            '"at-the-site" = ',
        ),
        "not a string": (
            _cases(shared, shared, shared='[shared_texts]\n"at-the-site" = 1\n'),
            "a shared text is a string",
            "shared_texts.at-the-site",
            '"at-the-site" = 1',
        ),
        "not a table": (
            _cases('text = "t"', 'text = "u"', shared='shared_texts = "x"\n'),
            "expected a table",
            "shared_texts",
            'shared_texts = "x"',
        ),
    }
    for what, (text, says, field, line) in bad.items():
        with pytest.raises(DataError, match=re.escape(says)) as exc:
            load_ruleset_from({"x.toml": text})
        assert exc.value.file == "x.toml" and exc.value.field == field, what
        assert exc.value.line is not None, what
        assert text.splitlines()[exc.value.line - 1].startswith(line), what


def test_the_pko_combat_cases_read_as_when_each_wrote_its_text() -> None:
    """pko.toml writes once the combat-at-the-site reason its four medical and transport cases
    (1992 and 2016) give: with the text written back into each case and the table removed,
    the rule set is the same, and the kaketsuke-keigo case keeps its own reason."""
    from anpo.law.loader import packaged_rule_texts

    texts = packaged_rule_texts()
    pko = texts["pko.toml"]
    m = re.search(r'^\[shared_texts\]\n"combat-at-the-site" = (".*")\n', pko, re.M)
    assert m is not None
    inlined = pko.replace(m.group(0), "").replace(
        'shared_text = "combat-at-the-site"', f"text = {m.group(1)}"
    )
    assert pko.count('shared_text = "combat-at-the-site"') == 4
    assert 'shared_text = "combat' not in inlined
    shared = load_ruleset_from(texts)
    written = load_ruleset_from({**texts, "pko.toml": inlined})
    assert shared.acts["pko.toml"] == written.acts["pko.toml"]
    cases = {r.id: r.location.cases for r in shared.acts["pko.toml"].rules if r.location.cases}
    said = {r: c[0].text for r, c in cases.items()}
    assert len(said) == 5 and len(set(said.values())) == 2
    assert said["pko-2016/rescue-escort"] != said["pko-2016/medical"] == said["pko-1992/transport"]


def test_a_bar_belongs_to_a_condition_case_and_names_a_known_bar() -> None:
    """mend20: ``bar`` (anpo.law.schema.LocationCase.bar) says what a ``condition`` case's
    non-statutory limit is; on a prohibited case, or naming no known bar, the rule file is a
    DataError at the case's field."""

    def file(effect: str, bar: str) -> str:
        case = CASES.format(first='text = "t"', second=f'text = "abroad"\nbar = "{bar}"')
        second = case.rindex('effect = "prohibited"')
        case = (
            case[:second] + f'effect = "{effect}"' + case[second + len('effect = "prohibited"') :]
        )
        return LAW + RULE.format(ref="a1") + case

    ok = load_ruleset_from({"x.toml": file("condition", "international law")})
    (rule,) = ok.acts["x.toml"].rules
    assert [c.bar for c in rule.location.cases] == [None, "international law"]
    for effect, bar, says in [
        ("prohibited", "international law", "only a case with effect 'condition' has a bar"),
        ("condition", "custom", "international law"),
    ]:
        with pytest.raises(DataError, match=says) as exc:
            load_ruleset_from({"x.toml": file(effect, bar)})
        assert exc.value.field is not None, (effect, bar)
        assert exc.value.field.startswith("rules[0].location.cases[1]"), exc.value.field

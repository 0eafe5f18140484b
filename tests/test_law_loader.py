"""The rule-file schema rejects malformed rules with a one-line DataError naming the file and field,
and keeps dated provisions consistent (source: anpo.law.model; issue 5 'rules are data'; issue 13
'time as dated provisions')."""

from __future__ import annotations

import datetime as dt

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

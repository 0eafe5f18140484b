"""The rule-file schema rejects malformed rules with a one-line DataError naming the file and field
(source: anpo.law.model; issue 5 'rules are data')."""

from __future__ import annotations

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
quote = "物品の提供"
"""

RULE = """
[[rules]]
id = "x/r"
summary = "s"
activities = ["medical"]
effect = "conditional"
basis = ["{ref}"]
"""


def test_valid_minimal_file_loads():
    """A minimal law with one rule citing its provision loads."""
    rs = load_ruleset_from({"x.toml": LAW + RULE.format(ref="a1")})
    assert [r.id for _, r in rs.rules()] == ["x/r"]


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
    """Unknown activities and in-force dates without sources are rejected."""
    with pytest.raises(DataError, match="unknown activities"):
        load_ruleset_from({"x.toml": LAW + RULE.format(ref="a1").replace('"medical"', '"spy"')})
    with pytest.raises(DataError, match="source"):
        load_ruleset_from({"x.toml": LAW.replace('date_sources = ["test"]', "date_sources = []")})
    with pytest.raises(DataError, match="invalid TOML"):
        load_ruleset_from({"x.toml": LAW + "[[rules]\n"})

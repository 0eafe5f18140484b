"""A user's odd input to ``anpo law`` and to :mod:`anpo.law` (audit of the surface a user
touches): a misspelt, miscased or Japanese name is answered with the name it most likely
meant; a value of the wrong type is the documented :class:`anpo.errors.LawError` (or
:class:`anpo.errors.DataError` for rule texts), never a TypeError, KeyError, AttributeError or
StopIteration; a date before the first regime is never reported as covered.

Sources: the vocabularies of :mod:`anpo.law.vocab` (codes and the Japanese legal terms they
stand for); the exception types of ``src/anpo/errors.py``; the coverage start of the reference
timeline ``japan-law.md`` (1997 Guidelines, 1997-09-23).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from anpo.cli import app
from anpo.errors import DataError, LawError
from anpo.law import (
    ACTIVITIES,
    LOCATIONS,
    SITUATIONS,
    WHERE,
    ask,
    coverage_note,
    coverage_start,
    diff,
    load_ruleset_from,
    packaged_rule_texts,
    parse_assignments,
    provisions,
    successor_on,
)
from anpo.law.vocab import close_names, unknown

runner = CliRunner()


def _law(*args: str):
    return runner.invoke(app, ["law", *args], env={"COLUMNS": "200"})


# ----------------------------------------------------------------------- close matches


@pytest.mark.parametrize(
    ("kind", "typed", "meant"),
    [
        ("situation", "Surrounding-Area", "surrounding-area"),
        ("situation", "surrounding area", "surrounding-area"),
        ("situation", " surrounding-area", "surrounding-area"),
        ("situation", "周辺事態", "surrounding-area"),  # the Japanese legal term
        ("situation", "iraq", "iraq-2003"),
        ("situation", "important-influance", "important-influence"),
        ("activity", "MEDICAL", "medical"),
        ("activity", "医療", "medical"),
        ("activity", "transport-weapon-ammunition", "transport-weapons-ammunition"),
        ("location", "Japan", "japan"),
        ("location", "japn", "japan"),
        ("location", "我が国領域", "japan"),
    ],
)
def test_an_unknown_name_is_answered_with_the_one_it_most_likely_meant(kind, typed, meant):
    """The message named no candidate: a user who typed 'Japan' or '周辺事態' read the whole
    list to find the code."""
    msg = unknown(kind, typed)
    assert msg is not None
    assert f"(did you mean {meant!r}" in msg, msg
    assert msg.startswith(f"unknown {kind} {typed!r}")


def test_no_candidate_when_nothing_is_close():
    """'wartime' is not 'peacetime': no guess is offered below the cutoff."""
    msg = unknown("situation", "wartime")
    assert msg is not None and "did you mean" not in msg
    assert close_names("", SITUATIONS) == [] and close_names(3, SITUATIONS) == []


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from([*SITUATIONS, *ACTIVITIES, *LOCATIONS]), upper=st.booleans())
def test_every_code_typed_in_capitals_or_with_spaces_is_found(name, upper):
    """Property: any valid code typed in capitals or with spaces for hyphens is suggested back
    as itself, first."""
    typed = name.upper() if upper else name.replace("-", " ")
    assert close_names(typed, [*SITUATIONS, *ACTIVITIES, *LOCATIONS])[0] == name


def test_fact_names_values_and_law_keys_are_suggested_too():
    with pytest.raises(LawError, match=r"unknown fact 'wher' \(did you mean 'where'\?\)"):
        parse_assignments(["wher=japan"])
    with pytest.raises(LawError, match=r"unknown fact 'COMBAT_NOW' \(did you mean 'combat_now'"):
        parse_assignments(["COMBAT_NOW=true"])
    with pytest.raises(LawError, match=r"got 'Foreign-Territory' \(did you mean 'foreign-terr"):
        parse_assignments(["where=Foreign-Territory"])
    with pytest.raises(LawError, match=r"\(did you mean 'ship-inspection'\?\)"):
        parse_assignments(["alongside=ship_inspection"])
    with pytest.raises(LawError, match=r"unknown law 'saa' \(did you mean 'saa-1999'\?\)"):
        provisions("2001-07-10", "saa")
    with pytest.raises(LawError, match=r"unknown law 'IISA-2016' \(did you mean 'iisa-2016'"):
        provisions("2016-03-29", "IISA-2016")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["ask", "-d", "2001-07-10", "-s", "Surrounding-Area", "-a", "medical"],
            "error: --situation: unknown situation 'Surrounding-Area' (did you mean "
            "'surrounding-area'?)",
        ),
        (
            ["ask", "-d", "2001-07-10", "-s", "surrounding-area", "-a", "医療"],
            "error: --activity: unknown activity '医療' (did you mean 'medical'?)",
        ),
        (
            ["list", "-d", "2016-03-29", "-l", "Japan"],
            "error: --location: unknown location 'Japan' (did you mean 'japan'?)",
        ),
        (
            ["diff", "2016-03-28", "2016-03-29", "-s", "iraq"],
            "error: --situation: unknown situation 'iraq' (did you mean 'iraq-2003'?)",
        ),
        (
            ["provisions", "-d", "2016-03-29", "--law", "saa"],
            "error: --law: unknown law 'saa' (did you mean 'saa-1999'?)",
        ),
        (
            [
                "ask",
                "-d",
                "2017-06-01",
                "-s",
                "important-influence",
                "-a",
                "medical",
                "-f",
                "wher=japan",
            ],  # fmt: skip
            "error: --fact wher: unknown fact 'wher' (did you mean 'where'?)",
        ),
    ],
)
def test_cli_names_the_close_match_and_exits_2(args, said):
    r = _law(*args)
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith(said), r.stderr
    assert "Traceback" not in r.output


# ----------------------------------------------------------- wrong types: LawError, not a crash


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: ask("2001-07-10", "surrounding-area", "medical", ["japan"]), "location must be"),
        (
            lambda: ask("2017-06-01", "important-influence", "medical", facts={"where": ["japan"]}),
            "fact 'where' must be one of",
        ),
        (lambda: provisions("2001-07-10", ["saa-1999"]), "unknown law"),
        (lambda: diff("2016-03-28", "2016-03-29", situations=1), "situation must be a name"),
        (lambda: diff("2016-03-28", "2016-03-29", situations=[None]), "situation must be"),
        (lambda: diff("2016-03-28", "2016-03-29", activities=[3]), "activity must be"),
        (lambda: parse_assignments([1]), "KEY=VALUE"),
        (lambda: parse_assignments(None), "KEY=VALUE"),
        (lambda: ask("2001-07-10", "surrounding-area", "medical", rules="mine"), "Ruleset"),
        (lambda: coverage_start(1), "Ruleset"),
        (lambda: successor_on("mars", "2016-03-29"), "unknown situation 'mars'"),
    ],
)
def test_a_value_of_the_wrong_type_is_a_law_error(call, match):
    """Each was a TypeError ('unhashable type', 'int object is not iterable'), a KeyError, an
    AttributeError, or (successor_on) a silent None for a situation that does not exist."""
    with pytest.raises(LawError, match=match):
        call()


def test_one_fact_as_a_string_is_a_list_of_it():
    """parse_assignments('combat_now=true') read the string letter by letter ("got 'c'")."""
    assert parse_assignments("combat_now=true") == parse_assignments(["combat_now=true"])


def test_rule_texts_of_the_wrong_shape_are_a_data_error():
    with pytest.raises(DataError, match="must map file names to TOML text"):
        load_ruleset_from(["saa_iisa.toml"])  # type: ignore[arg-type]
    with pytest.raises(DataError, match="must map file names to TOML text") as exc:
        load_ruleset_from({"x.toml": 3})  # type: ignore[dict-item]
    assert exc.value.file == "x.toml"


@pytest.mark.parametrize("keep", [[], ["_rationale.toml"], ["_rationale.toml", "sdf_act.toml"]])
def test_a_rule_set_without_a_regime_is_a_law_error(keep):
    """load_ruleset_from({}) loaded, then every question stopped with a bare StopIteration."""
    texts = packaged_rule_texts()
    rs = load_ruleset_from({k: texts[k] for k in keep})
    if "sdf_act.toml" in keep:
        # the SDF Act's 2016 version is not standing law: it is the rule set's first regime
        assert coverage_start(rs).in_force_from == dt.date(2016, 3, 29)
        return
    with pytest.raises(LawError, match="no regime"):
        ask("2001-07-10", "peacetime", "medical", rules=rs)


# -------------------------------------------------------------------------- coverage


@pytest.mark.parametrize("day", ["1947-05-03", "1960-06-23", "1997-09-22"])
def test_coverage_note_before_the_first_regime_is_not_an_empty_note(day):
    """coverage_note gave '' (meaning: the data covers the date) for a date before the first
    regime, which every answer refuses."""
    with pytest.raises(LawError, match="before the first regime covered"):
        coverage_note(day)
    assert coverage_note("1997-09-23") == ""


def test_a_future_date_says_which_law_it_assumes():
    """2100-01-01 is answered as the law last known, with the date of its last change."""
    a = ask("2100-01-01", "important-influence", "medical", "japan")
    assert a.latest_change == "2016-03-29"
    assert "2100-01-01 is after 2016-03-29" in a.coverage_note
    assert "the law as last known on 2016-03-29" in a.coverage_note


@pytest.mark.parametrize(
    "date",
    [
        "1947-05-03",
        "1960-06-23",
        "2016-02-30",
        "2016/03/29",
        "29 March 2016",
        "",
        "20160329",
        "2016-W13-2",
    ],
)
@pytest.mark.parametrize(
    "cmd",
    [
        ["ask", "-s", "surrounding-area", "-a", "medical", "-d"],
        ["list", "-d"],
        ["provisions", "-d"],
        ["diff", "2016-03-29"],
        ["diff", "--provisions", "2016-03-29"],
    ],
)
@pytest.mark.parametrize("as_json", [[], ["--json"]])
def test_every_command_refuses_a_bad_date_in_one_line(cmd, date, as_json):
    r = _law(*cmd, date, *as_json)
    assert r.exit_code == 2, r.output
    assert r.stderr.startswith("error: ") and "Traceback" not in r.output
    assert r.stderr.count("\n") == 1, r.stderr
    assert r.stdout == ""


def test_where_values_have_japanese_terms_to_match():
    """The places of the fact 'where' carry their Japanese terms: a user typing one gets the
    code."""
    for code, (_, ja) in WHERE.items():
        with pytest.raises(LawError, match=rf"\(did you mean {code!r}"):
            parse_assignments([f"where={ja}"])


@pytest.mark.parametrize("typed", ["20160329", "2016-W13-2", "2016W132"])
def test_other_iso_forms_are_refused_with_the_date_they_would_be(typed):
    """Python 3.11 reads the basic form and the ISO week date: '2016-W13-2' was silently
    answered as 2016-03-29 though every help text asks for YYYY-MM-DD."""
    with pytest.raises(LawError, match=r"not a date YYYY-MM-DD: .*write that"):
        ask(typed, "important-influence", "medical")
    with pytest.raises(LawError, match=r"if 2016-03-29 is meant"):
        coverage_note(typed)
    assert ask(" 2016-03-29 ", "important-influence", "medical").date == dt.date(2016, 3, 29)


def test_full_width_digits_are_refused_without_python_s_words():
    """A date in full-width digits (as a Japanese input method types them) is not YYYY-MM-DD:
    refused as any other text, not with Python's "Invalid isoformat string: ..." in
    parentheses as if it were the reason ('\\d' of the shape check took full-width digits)."""
    with pytest.raises(LawError) as exc:
        ask("２０１６-０３-２９", "important-influence", "medical")
    assert exc.value.message == "not a date YYYY-MM-DD: '２０１６-０３-２９'"


def test_a_value_that_is_no_text_is_told_the_form_a_string_takes():
    """A number is no date: the message said 'an ISO date string', a wider set of forms than
    the YYYY-MM-DD alone that a string may take (the basic form '20160329' and week dates are
    refused)."""
    with pytest.raises(LawError) as exc:
        ask(20160329, "important-influence", "medical")
    assert exc.value.message == (
        "not a date YYYY-MM-DD: 20160329 (a datetime.date or a string YYYY-MM-DD)"
    )


@pytest.mark.parametrize("value", [None, "provide-weapons", 3])
def test_answer_contributions_refuses_what_is_no_list(value: object) -> None:
    """audit30: ``answer_contributions(None, '2001-07-10')`` was a TypeError ('NoneType' object
    is not iterable); what is no list of contributions is a LawError naming the argument."""
    from anpo.errors import LawError
    from anpo.law.scenario import answer_contributions, default_contributions

    with pytest.raises(LawError, match="must be a list of contributions") as err:
        answer_contributions(value, "2001-07-10")  # type: ignore[arg-type]
    assert err.value.field == "contributions"
    one = default_contributions()[0]
    with pytest.raises(LawError, match="got Contribution"):
        answer_contributions(one, "2001-07-10")  # type: ignore[arg-type]
    assert len(answer_contributions([one], "2001-07-10")) == 1

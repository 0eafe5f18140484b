"""A figure's ``source`` (or ``basis``) cites a public source or is labelled an assumption: a
placeholder ('TBD', 'TODO', '?', 'n/a', 'unknown', 'xxx', 'source', '-') is refused with a message
saying what a source must be, in scenario, future and alignment instance files
(:mod:`anpo._io.citations`). Before, a missing or blank source was refused but a placeholder
passed and the report printed it as the figure's source."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _support import MINIMAL, cli
from anpo._io.citations import ASSUMPTION_LABEL, PLACEHOLDERS, citation_problem
from anpo.errors import AlignError, FutureError, ScenarioError
from anpo.futures.load import future_files, parse_future_text
from anpo.scenario import load_scenario, parse_scenario_text

#: The placeholders of the brief (issue: scenario sources), as a user would write them.
WRITTEN = ["TBD", "TODO", "?", "n/a", "N/A", "unknown", "xxx", "source", "-", " tbd. ", "???"]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize("placeholder", WRITTEN)
def test_a_placeholder_source_is_refused_at_its_line(tmp_path: Path, placeholder: str) -> None:
    text = MINIMAL.replace('source = "Glaser & Fetter 2001"', f'source = "{placeholder}"')
    path = tmp_path / "tbd.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert err.field == "forces[0].source"
    assert err.line == _line_of(text, f'source = "{placeholder}"')
    assert "placeholder is not a source" in err.message
    assert ASSUMPTION_LABEL in err.message  # says what a source must be
    proc = cli("validate", str(path))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip() == f"error: {err.one_line()}"
    assert f"{path}:{err.line}: forces[0].source: " in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("before", "field"),
    [
        # a defense layer's source (the layer type is the library's; checked on loading)
        ('covers = ["USA"]\nsource = "2000 plan"', "defenses[0].layers[0].source"),
        ('owner = "USA"\nname = "NMD"\nsource = "2000 plan"', "defenses[0].source"),
        ('w80 = 400\nsource = "anpo default curve"', "damage[0].source"),
    ],
)
def test_every_source_of_a_scenario_refuses_placeholders(before: str, field: str) -> None:
    assert before in MINIMAL
    after = before.rsplit("source = ", 1)[0] + 'source = "TODO"'
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(MINIMAL.replace(before, after, 1), "f.toml")
    assert info.value.field == field
    assert "placeholder" in info.value.message


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ('\n[[actors]]\nid = "JPN"\nname = "Japan"\nsource = "n/a"\n', "actors[2].source"),
        (
            '\n[[contributions]]\nactivity = "transport-weapons-ammunition"\nsituation = "surrounding-area"\n'
            'source = "unknown"\n',
            "contributions[0].source",
        ),
        (
            '\n[[uncertainties]]\nname = "u"\ntarget = "forces[cn-df5].launchers"\n'
            'distribution = { kind = "uniform", low = 10, high = 30 }\nbasis = "TBD"\n',
            # the entry's basis (read as its distribution's: uncertainty._fold_basis), at its
            # line (it was blamed on the distribution's line)
            "uncertainties[0].basis",
        ),
        ('\n[settings]\nsource = "?"\n', "settings.source"),
    ],
)
def test_optional_sources_and_bases_refuse_placeholders(extra: str, field: str) -> None:
    """An actor's, a contribution's and the settings' source may be left out, not filled with a
    placeholder; an uncertain input's basis is required and no placeholder either."""
    text = MINIMAL + extra
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text, "f.toml")
    assert info.value.field == field
    assert info.value.line == len(text.splitlines())  # the placeholder's line, the last
    assert "placeholder" in info.value.message
    if "basis" not in field:  # an optional source left out is accepted
        parse_scenario_text(MINIMAL + extra.replace(extra.strip().splitlines()[-1], ""), "f.toml")


@pytest.mark.parametrize(
    "good",
    [
        ASSUMPTION_LABEL,
        "anpo assumption: submarines in port",
        "Source: FAS Nuclear Notebook 2025",
        "unknown before 2001; anpo assumption after",
        "N/A in 2001 (no such force); anpo assumption",
        "XXXVIII Congress",
        "Glaser & Fetter 2001",
    ],
)
def test_citations_that_contain_a_placeholder_word_are_accepted(good: str) -> None:
    """The whole value is compared: a citation containing 'source' or 'unknown' stands."""
    scen = parse_scenario_text(MINIMAL.replace("Glaser & Fetter 2001", good), "f.toml")
    assert citation_problem(good) is None
    assert [f.source for f in scen.forces if f.id == "cn-df5"] == [good]


def test_every_built_in_scenario_and_future_still_validates() -> None:
    from anpo.align.io import book_names, read_book
    from anpo.scenario import book_files

    scenarios = [load_scenario(path) for path in book_files()]
    futures = [
        parse_future_text(path.read_text(encoding="utf-8"), str(path), path.parent)
        for path in future_files()
    ]
    instances = [read_book(name) for name in book_names()]
    # the book is there to validate: three scenario years, futures and alignment instances
    assert sorted(s.scenario.year for s in scenarios) == [2001, 2025, 2030]
    assert futures and instances
    assert len({fut.future.id for fut, _ in futures}) == len(futures)


def _status_quo() -> tuple[str, Path]:
    path = next(p for p in future_files() if p.stem == "status-quo")
    return path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("basis = \"the seed's date", 'basis = "TBD"', "law.basis"),
        (
            "source = \"seed: 'allowed to transport",
            'source = "TODO"',
            "law.contributions[0].source",
        ),
        ('basis = "seed: keep the existing', 'basis = "n/a"', "burden.basis"),
    ],
)
def test_a_future_refuses_placeholder_bases_and_sources(old: str, new: str, field: str) -> None:
    text, path = _status_quo()
    lines = text.splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith(old))
    broken = "\n".join([*lines[:k], new, *lines[k + 1 :]]) + "\n"
    with pytest.raises(FutureError) as info:
        parse_future_text(broken, "future.toml", path.parent)
    assert info.value.field == field
    assert info.value.line == k + 1
    assert "placeholder is not a source" in info.value.message


@pytest.mark.parametrize("where", ["actor", "pair"])
def test_an_alignment_instance_refuses_placeholder_sources(tmp_path: Path, where: str) -> None:
    from anpo.align.io import read_instance

    actor_src = 'source = "TBD"\n' if where == "actor" else ""
    pair_src = 'source = "-"\n' if where == "pair" else ""
    text = (
        f'[[actor]]\nname = "A"\nsize = 1.0\n{actor_src}\n[[actor]]\nname = "B"\nsize = 1.0\n\n'
        f'[[pair]]\na = "A"\nb = "B"\np = 1.0\n{pair_src}'
    )
    path = tmp_path / "inst.toml"
    path.write_text(text)
    with pytest.raises(AlignError) as info:
        read_instance(path)
    assert info.value.field == f"{where}[0].source"
    assert info.value.line == _line_of(text, "source =")
    proc = cli("validate", str(path))
    assert proc.returncode == 2 and "placeholder is not a source" in proc.stderr


@pytest.mark.parametrize(
    "wrapped", ["[TBD]", "(TODO)", "TBD?", "'n/a'", "#N/A", "<unknown>", "*xxx*"]
)
def test_a_placeholder_in_brackets_or_punctuation_is_refused(wrapped: str) -> None:
    """Only blanks and a trailing full stop were taken off before the comparison: '[TBD]',
    '(TODO)', '#N/A' passed as sources (and as a future's seed_ref). The punctuation around the
    first and last letter or digit is taken off too."""
    text = MINIMAL.replace('source = "Glaser & Fetter 2001"', f'source = "{wrapped}"')
    with pytest.raises(ScenarioError) as info:
        parse_scenario_text(text, "f.toml")
    assert info.value.field == "forces[0].source"
    assert "placeholder is not a source" in info.value.message
    future, path = _status_quo()
    broken, line = _replace_line(future, "seed_ref = ", f'seed_ref = "{wrapped}"')
    with pytest.raises(FutureError) as finfo:
        parse_future_text(broken, "future.toml", path.parent)
    assert (finfo.value.field, finfo.value.line) == ("future.seed_ref", line)


@given(
    word=st.sampled_from(sorted(PLACEHOLDERS)),
    upper=st.lists(st.booleans(), min_size=12, max_size=12),
    pad=st.sampled_from(["", " ", "  ", "\t"]),
    stop=st.sampled_from(["", "."]),
)
def test_placeholders_are_refused_whatever_their_case_and_padding(
    word: str, upper: list[bool], pad: str, stop: str
) -> None:
    cased = "".join(c.upper() if u else c for c, u in zip(word, upper, strict=False))
    assert citation_problem(f"{pad}{cased}{stop}{pad}") is not None


@given(st.text(min_size=1, max_size=30))
def test_a_source_is_refused_only_when_blank_or_a_placeholder(text: str) -> None:
    # the documented rule: case-folded, without the characters around the first and last
    # letter or digit
    folded = text.casefold()
    alnum = [i for i, c in enumerate(folded) if c.isalnum()]
    key = folded[alnum[0] : alnum[-1] + 1] if alnum else ""
    placeholder = (
        not any(c.isalnum() for c in key)
        or key in PLACEHOLDERS
        or (bool(key) and set(key) == {"x"})
    )
    assert (citation_problem(text) is not None) == placeholder
    assert citation_problem(text, required=False) is None or placeholder and text.strip() != ""


def _replace_line(text: str, start: str, new: str) -> tuple[str, int]:
    """``text`` with its first line starting with ``start`` replaced by ``new``, and that line's
    number."""
    lines = text.splitlines()
    k = next(i for i, line in enumerate(lines) if line.startswith(start))
    return "\n".join([*lines[:k], new, *lines[k + 1 :]]) + "\n", k + 1


@pytest.mark.parametrize("placeholder", ["TBD", "xxx", "???", "n/a", "todo.", " - ", "   "])
def test_a_future_refuses_a_placeholder_seed_ref_at_its_line(
    tmp_path: Path, placeholder: str
) -> None:
    """``seed_ref`` says where in the seed the future's passage is; it was only three characters
    long at least, so 'TBD', 'xxx' and '???' passed and the futures page printed them as the
    passage's place. Refused with the check of every source (:func:`is_placeholder`), at the
    file, line and field, saying what to write; the CLI says the same and exits 2."""
    from anpo.futures.schema import SEED_REF_EXAMPLE

    text, path = _status_quo()
    broken, line = _replace_line(text, "seed_ref = ", f'seed_ref = "{placeholder}"')
    with pytest.raises(FutureError) as info:
        parse_future_text(broken, "future.toml", path.parent)
    err = info.value
    assert (err.field, err.line) == ("future.seed_ref", line)
    assert "place in the seed" in err.message and SEED_REF_EXAMPLE in err.message
    mine = tmp_path / "mine.toml"
    mine.write_text(broken, encoding="utf-8")
    proc = cli("validate", str(mine))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(f"error: {mine}:{line}: future.seed_ref: ")
    assert "Traceback" not in proc.stderr


def test_a_future_refuses_a_placeholder_seed_passage() -> None:
    """The seed passage (ten characters at least) took 'placeholder' or 'TODO......' as the
    quoted words; refused as ``seed_ref`` is."""
    text, path = _status_quo()
    for placeholder in ("placeholder", "TODO......", "----------"):
        broken, line = _replace_line(text, "seed = ", f'seed = "{placeholder}"')
        with pytest.raises(FutureError) as info:
            parse_future_text(broken, "future.toml", path.parent)
        assert (info.value.field, info.value.line) == ("future.seed", line)
        assert "not the seed passage" in info.value.message


def test_every_built_in_seed_ref_is_written_as_the_example_is() -> None:
    """The example the message gives is the form the book uses: the seed's author, venue and
    date first."""
    from anpo.futures.load import load_book
    from anpo.futures.schema import SEED_REF_EXAMPLE

    head = SEED_REF_EXAMPLE.split("), ")[0] + "), "
    for world in load_book():
        assert world.future.seed_ref.startswith(head), world.future.id


def _with_change(change: str) -> tuple[str, int, Path]:
    """The status-quo future with ``change`` (a ``[[changes]]`` table) after its ``[base]``, the
    line of that table's header, and the book's folder."""
    text, path = _status_quo()
    head = text.index("\n\n", text.index("[base]")) + 2
    out = text[:head] + change + "\n" + text[head:]
    return out, text[:head].count("\n") + 1, path.parent


@pytest.mark.parametrize(
    ("change", "field"),
    [
        # the source of the changed figure itself
        ('target = "forces[cn-df5].source"\nset = "TBD"', "forces[10].source"),
        ('target = "settings.source"\nset = "n/a"', "settings.source"),
        # a layer's source, checked with the cross-references (the layer type is the library's)
        (
            'target = "defenses[tmd-japan].layers[0].source"\nset = "TBD"',
            "defenses[5].layers[0].source",
        ),
        # a source inside a table or list item the change sets or appends
        (
            'target = "alliances"\nappend = { id = "us-phi", name = "U.S.-Philippines", '
            'patron = "USA", members = ["PHI"], source = "?" }',
            "alliances[1].source",
        ),
    ],
)
def test_a_source_set_through_a_change_refuses_placeholders(
    tmp_path: Path, change: str, field: str
) -> None:
    """A value a future's change writes into its base scenario is validated as the scenario
    file's own (the same placeholder refusal): refused at the change, naming the field, and by
    the CLI with exit 2."""
    text, line, folder = _with_change(f'[[changes]]\n{change}\nbasis = "anpo assumption: a test"\n')
    with pytest.raises(FutureError) as info:
        parse_future_text(text, "future.toml", folder)
    err = info.value
    assert (err.field, err.line) == ("changes[0]", line)
    assert (
        f"the changes make the base scenario invalid: {field}: a placeholder is not a source"
        in err.message
    )
    mine = tmp_path / "mine.toml"
    mine.write_text(text, encoding="utf-8")
    proc = cli("validate", str(mine))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith(f"error: {mine}:{line}: changes[0]: ")


@pytest.mark.parametrize(
    ("change", "field", "needle"),
    [
        # a change's basis is the changed value's source: required, no placeholder
        ('target = "forces[cn-df5].launchers"\nset = 30', "changes[0].basis", "required"),
        (
            'target = "forces[cn-df5].launchers"\nset = 30\nbasis = "TBD"',
            "changes[0].basis",
            "placeholder is not a source",
        ),
        (
            'target = "forces[cn-df5].launchers"\nset = 30\nbasis = "  "',
            "changes[0].basis",
            "the source is blank",
        ),
        # an item added by a change carries its own source, as in a scenario file
        (
            'target = "alliances"\nappend = { id = "us-phi", name = "U.S.-Philippines", '
            'patron = "USA", members = ["PHI"] }\nbasis = "anpo assumption: a test"',
            "changes[0]",
            "alliances[1].source: required field is missing",
        ),
    ],
)
def test_a_changed_value_without_a_source_is_refused(change: str, field: str, needle: str) -> None:
    """A changed value is cited by its change's ``basis`` (the changes table of the report
    shows it as the value's source) and an item the change adds by its own ``source``: with
    neither, or a placeholder, the file is refused at the field."""
    text, _, folder = _with_change(f"[[changes]]\n{change}\n")
    with pytest.raises(FutureError) as info:
        parse_future_text(text, "future.toml", folder)
    assert info.value.field == field
    assert needle in info.value.message


def test_a_cited_change_of_a_value_is_accepted() -> None:
    text, _, folder = _with_change(
        '[[changes]]\ntarget = "forces[cn-df5].launchers"\nset = 30\n'
        'basis = "anpo assumption: ten more silos"\n'
    )
    world = parse_future_text(text, "future.toml", folder)[1]
    assert next(f for f in world.scenario.forces if f.id == "cn-df5").launchers == 30


@pytest.mark.parametrize(
    "change",
    [
        'target = "uncertainties[0].distribution.basis"\nset = "n/a"',
        'target = "uncertainties[df5_launchers].distribution.high"\nset = 40',
        'target = "uncertainties"\nappend = { name = "x", target = "settings.m_value", '
        'distribution = { kind = "uniform", low = 1, high = 2 }, basis = "TBD" }',
    ],
)
def test_a_change_to_the_base_scenarios_uncertainties_is_refused(change: str) -> None:
    """The base scenario's ``[[uncertainties]]`` are dropped once the changes are applied (the
    future's own apply to the world): a change there was accepted and did nothing, a 'n/a'
    basis included. Refused at the change's target, saying where the input goes."""
    text, line, folder = _with_change(f'[[changes]]\n{change}\nbasis = "anpo assumption: a test"\n')
    with pytest.raises(FutureError) as info:
        parse_future_text(text, "future.toml", folder)
    assert (info.value.field, info.value.line) == ("changes[0].target", line + 1)
    assert "future's own [[uncertainties]]" in info.value.message


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("basis = \"seed: 'take greater", 'basis = "xxx"', "alignment.changes[0].basis"),
        ('basis = "anpo assumption: from no effect', 'basis = "?"', "uncertainties[1].basis"),
    ],
)
def test_a_futures_alignment_change_and_input_refuse_placeholder_bases(
    old: str, new: str, field: str
) -> None:
    text, path = _status_quo()
    broken, line = _replace_line(text, old, new)
    with pytest.raises(FutureError) as info:
        parse_future_text(broken, "future.toml", path.parent)
    assert (info.value.field, info.value.line) == (field, line)
    assert "placeholder is not a source" in info.value.message


@pytest.mark.parametrize("text", [MINIMAL.encode(), None])
def test_text_that_is_not_a_str_is_the_documented_error(text):
    """Bytes (a file read in binary mode) were tomllib's bare TypeError 'a bytes-like object is
    required, not 'str'' (backwards for the caller), None an AttributeError."""
    with pytest.raises(ScenarioError, match="must be a str"):
        parse_scenario_text(text, "x.toml")  # type: ignore[arg-type]
    with pytest.raises(FutureError, match="must be a str"):
        parse_future_text(text, "f.toml")  # type: ignore[arg-type]

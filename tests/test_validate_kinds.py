"""Which reader checks a file whose kind table is misspelt (review19 F1): ``anpo validate``
and ``anpo explore run`` told a file's kind only by its ``[future]``, ``[scenario]`` or
``[[actor]]`` table, so a future file with ``[futur]`` was checked as a scenario and refused
at line 48 (``burden.support_scale``, right for a future), and an instance with ``[[actr]]``
at its ``title``; the misspelt table was not named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from _support import invoke, one_line_error
from anpo.align.io import book_files as align_book_files
from anpo.futures.load import future_files
from anpo.scenario.load import book_files


def _misspelt(src: Path, header: str, typo: str, dest: Path) -> int:
    """Copy ``src`` to ``dest`` with table header line ``header`` written ``typo``; the line
    (1-based) of its first occurrence."""
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(k for k, line in enumerate(lines) if line.strip() == header)
    dest.write_text(
        "".join(typo + "\n" if line.strip() == header else line for line in lines),
        encoding="utf-8",
    )
    return first + 1


def _book(files: list[Path], stem: str) -> Path:
    return next(p for p in files if p.stem == stem)


CASES = [
    (lambda: _book(future_files(), "status-quo"), "[future]", "[futur]", "futur", "future"),
    (
        lambda: _book(align_book_files(), "asia_pacific_2001"),
        "[[actor]]",
        "[[actr]]",
        "actr",
        "actor",
    ),
    (
        lambda: _book(book_files(), "us-japan-2001"),
        "[scenario]",
        "[scenaro]",
        "scenaro",
        "scenario",
    ),
]


@pytest.mark.parametrize(("src", "header", "typo", "key", "meant"), CASES)
def test_validate_names_a_misspelt_kind_table_and_its_line(
    tmp_path: Path, src, header: str, typo: str, key: str, meant: str
) -> None:
    """The first problem ``anpo validate`` prints is the misspelt table, at its own line, with
    the name it misspells (as ``anpo futures compare`` says of the same future file)."""
    f = tmp_path / "f.toml"
    line = _misspelt(src(), header, typo, f)
    err = one_line_error(invoke("validate", str(f)))
    assert re.search(
        rf"f\.toml:{line}: {key}: unknown key '{key}' \(did you mean '{meant}'\?\)", err
    ), err


def test_explore_run_names_a_misspelt_future_table(tmp_path: Path) -> None:
    """``anpo explore run`` reads a future file with ``[futur]`` as a future (it was refused as
    a scenario, at another line); nothing is run or written."""
    f = tmp_path / "f.toml"
    line = _misspelt(_book(future_files(), "status-quo"), "[future]", "[futur]", f)
    out = tmp_path / "out"
    err = one_line_error(
        invoke("explore", "run", str(f), "--n", "4", "--seed", "1", "--out", str(out))
    )
    assert f"f.toml:{line}: futur: unknown key 'futur'" in err, err
    assert not out.exists()


def test_text_kind_keeps_tables_first_and_guesses_only_without_them() -> None:
    """A kind's table decides (a ``[future]`` table wins over anything else); only a file with
    none of them is guessed from its other top-level keys, and one that looks like no kind
    is left to the scenario reader."""
    from anpo.futures.load import text_kind

    assert text_kind("[future]\nid = 'f'\n[[actor]]\nname = 'a'\n") == "future"
    assert text_kind("[scenario]\nid = 's'\n[[actor]]\nname = 'a'\n") == "scenario"
    assert text_kind("title = 't'\n[[actor]]\nname = 'a'\n") == "instance"
    assert text_kind("[futur]\nid = 'f'\n[base]\nscenario = 'x'\n[law]\n") == "future"
    assert text_kind("title = 't'\n[[actr]]\nname = 'a'\n[[pair]]\n") == "instance"
    assert text_kind("[base]\nscenario = 'x'\n[burden]\n[law]\n") == "future"
    assert text_kind("zzz = 1\n") == "scenario"
    assert text_kind("[[actor]\n") == "scenario"


@pytest.mark.parametrize("text", ["", " \n\t\n", "\ufeff\r\n"], ids=["empty", "blank", "bom"])
def test_an_empty_toml_file_is_said_to_be_empty(tmp_path: Path, text: str) -> None:
    """An empty or whitespace-only TOML file (a byte-order mark and a line end alone too) is
    "FILE: file is empty", exit 2, wherever it is read, the words of ``anpo data add`` for an
    empty dataset: the scenario loader said "scenario: required field is missing (and 1 more
    problem)", the future loader "future: ... (and 3 more problems)", the instance loader
    "actor: required field is missing" (user audit, cli29; one check, in
    anpo._io.inputs.parse_toml)."""
    from anpo.align.io import read_instance
    from anpo.errors import AlignError, FutureError, ScenarioError
    from anpo.futures.load import load_future
    from anpo.scenario import load_scenario

    path = tmp_path / "empty.toml"
    path.write_text(text, encoding="utf-8")
    for load, error in (
        (load_scenario, ScenarioError),
        (load_future, FutureError),
        (read_instance, AlignError),
    ):
        with pytest.raises(error) as exc:
            load(path)
        assert exc.value.one_line() == f"{path}: file is empty", load
    for args in (["validate"], ["futures", "compare"], ["align", "solve"]):
        assert one_line_error(invoke(*args, str(path))) == f"error: {path}: file is empty", args


def test_an_empty_csv_instance_is_said_to_be_empty_as_a_toml_one(tmp_path: Path) -> None:
    """An empty alignment CSV said "empty file" where the TOML loaders say "file is empty"
    (review29 of cli29's one wording): the same words for the same case."""
    from anpo.align.io import read_instance
    from anpo.errors import AlignError

    path = tmp_path / "empty.csv"
    path.write_text(" \n", encoding="utf-8")
    with pytest.raises(AlignError) as exc:
        read_instance(path)
    assert exc.value.one_line() == f"{path}: file is empty"
    assert one_line_error(invoke("align", "solve", str(path))) == f"error: {path}: file is empty"


@pytest.mark.parametrize(
    "text", ["# a draft\n", "\n  # to fill in\n\t\n# later\n", "\ufeff# bom\r\n"], ids=str
)
def test_a_toml_file_of_only_comments_says_it_holds_no_settings(tmp_path: Path, text: str) -> None:
    """A TOML file of only comments (with blank lines and whitespace) said "scenario: required
    field is missing (and 1 more problem)", "future: ... (and 3 more problems)", "actor:
    required field is missing", as an empty file did before cli29 (cli30): it is "FILE: file
    holds no settings (only comments)", exit 2, from the library (each loader's error type) and
    the command line alike (one check, in anpo._io.inputs.parse_toml)."""
    from anpo.align.io import read_instance
    from anpo.errors import AlignError, FutureError, ScenarioError
    from anpo.futures.load import load_future
    from anpo.scenario import load_scenario

    path = tmp_path / "draft.toml"
    path.write_text(text, encoding="utf-8")
    said = f"{path}: file holds no settings (only comments)"
    for load, error in (
        (load_scenario, ScenarioError),
        (load_future, FutureError),
        (read_instance, AlignError),
    ):
        with pytest.raises(error) as exc:
            load(path)
        assert exc.value.one_line() == said, load
    for args in (["validate"], ["futures", "compare"], ["align", "solve"]):
        assert one_line_error(invoke(*args, str(path))) == f"error: {said}", args


def test_a_thresholds_file_of_only_comments_overrides_nothing(tmp_path: Path) -> None:
    """A thresholds file's keys are all optional: one of only comments is a valid file that
    overrides nothing (the defaults), from the library and ``anpo roles --print-thresholds``,
    unlike a scenario, future or instance of only comments (cli30)."""
    from typer.testing import CliRunner

    import anpo.cli
    from anpo.relations.taxonomy import default_thresholds_text, load_thresholds

    path = tmp_path / "th.toml"
    path.write_text("# no overrides yet\n\n# [rival]\n# min_degree = 0.5\n", encoding="utf-8")
    assert load_thresholds(path) == load_thresholds()
    r = CliRunner().invoke(anpo.cli.app, ["roles", "--print-thresholds", "--thresholds", str(path)])
    assert r.exit_code == 0, r.output
    assert f"overridden by {path}" in r.stdout and "# changed" not in r.stdout
    assert r.stdout.endswith(default_thresholds_text()), r.stdout


_BARE_FUTURE = '[future]\nid = "x"\n'


@pytest.mark.parametrize("command", [["validate"], ["futures", "compare"]])
def test_every_problem_of_a_future_file_is_listed(tmp_path: Path, command: list[str]) -> None:
    """audit32: a ``[future]`` table holding only ``id`` printed "future.title: required field
    is missing (and 6 more problems)" and never the six, so a file was fixed one error at a
    time. The first line stays as it was; each other problem follows on its own line, with
    file, line and field; exit status 2."""
    f = tmp_path / "bad3.toml"
    f.write_text(_BARE_FUTURE, encoding="utf-8")
    r = invoke(*command, str(f))
    first = one_line_error(r)
    assert first.endswith(
        "bad3.toml:1: future.title: required field is missing (and 6 more problems)"
    )
    listed = r.stderr.strip().split("\n")[1:]
    assert [line.split(f"{f}")[-1] for line in listed] == [
        ":1: future.kind: required field is missing",
        ":1: future.seed: required field is missing",
        ":1: future.seed_ref: required field is missing",
        ": base: required field is missing",
        ": law: required field is missing",
        ": burden: required field is missing",
    ]


def test_every_problem_of_a_scenario_file_is_listed(tmp_path: Path) -> None:
    """audit32: a scenario file's problems after the first were counted, not listed."""
    f = tmp_path / "s.toml"
    f.write_text('[scenario]\nid = "s"\n', encoding="utf-8")
    r = invoke("validate", str(f))
    assert one_line_error(r).endswith("(and 3 more problems)")
    listed = r.stderr.strip().split("\n")[1:]
    assert [line.strip() for line in listed] == [
        f"{f}:1: scenario.year: required field is missing",
        f"{f}:1: scenario.date: required field is missing",
        f"{f}: actors: required field is missing",
    ]


def test_a_long_list_of_problems_is_capped(tmp_path: Path) -> None:
    """At most MAX_LISTED_PROBLEMS problems are listed under the first, the rest counted."""
    from anpo.cli._common import MAX_LISTED_PROBLEMS

    f = tmp_path / "many.toml"
    keys = "".join(f"k{i} = 1\n" for i in range(30))
    f.write_text(_BARE_FUTURE + keys, encoding="utf-8")
    r = invoke("validate", str(f))
    first = one_line_error(r)
    total = int(re.search(r"\(and (\d+) more problems\)", first).group(1))  # type: ignore[union-attr]
    assert total > MAX_LISTED_PROBLEMS + 1
    listed = r.stderr.strip().split("\n")[1:]
    assert len(listed) == MAX_LISTED_PROBLEMS + 1
    assert listed[-1] == f"  and {total - MAX_LISTED_PROBLEMS} more"
    assert "unknown key" in " ".join(listed)

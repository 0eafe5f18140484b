"""A researcher's own landscape files and calls (``anpo align``, ``anpo.align``): names and ids,
ties, bad arguments. Energies as in [axelrod1993], n. 2 (ordered pairs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _support import cli
from anpo.align import io
from anpo.errors import AlignError

AMBIGUOUS = """
[[actor]]
name = "A"
id = "X"
size = 1
[[actor]]
name = "X"
id = "Y"
size = 1
[[actor]]
name = "C"
size = 1
[[pair]]
a = "X"
b = "C"
p = -5
"""


def test_an_id_that_is_another_actors_name_is_refused_at_its_line(tmp_path: Path) -> None:
    """Actor A's id "X" was also actor X's name: the pair X-C went silently to the actor named
    X while ``--anchor X`` (:meth:`Instance.index`, ids first) meant A; now refused, naming the
    id's line and field."""
    f = tmp_path / "amb.toml"
    f.write_text(AMBIGUOUS)
    with pytest.raises(AlignError) as exc:
        io.read_instance(f)
    assert exc.value.field == "actor[0].id" and exc.value.line == 4
    assert "'X' is the name of another actor, actor[1]" in exc.value.message
    ran = cli("align", str(f))
    assert ran.returncode == 2 and ran.stderr.startswith(f"error: {f}:4: actor[0].id:")


@pytest.mark.parametrize(
    ("actors", "line", "field", "says"),
    [
        # the second "A" (line 5), not "actor" at line 1 with no name
        # ... and the first one's line (test_align_names: names compared in NFC)
        (
            'name = "A"\nsize = 1',
            5,
            "actor[1].name",
            "duplicate actor name 'A' (also actor[0]'s, line 2;",
        ),
        # a blank name had no line: "names: names must be non-empty"
        ('name = " "\nsize = 1', 5, "actor[1].name", "an actor's name must not be blank"),
        # an actor without an id is known by its name: "duplicate actor ids" named neither
        ('name = "B"\nid = "A"\nsize = 1', 6, "actor[1].id", "is the name of another actor"),
        # an empty id fell back to the name without a word; a blank one was an id that
        # printed as nothing (a pair naming the actor by the id it meant: "unknown actor")
        ('name = "B"\nid = ""\nsize = 1', 6, "actor[1].id", "an actor's id must not be blank"),
        ('name = "B"\nid = "  "\nsize = 1', 6, "actor[1].id", "leave it out to know the actor"),
    ],
)
def test_name_and_id_clashes_name_the_actor_and_line(
    tmp_path: Path, actors: str, line: int, field: str, says: str
) -> None:
    f = tmp_path / "i.toml"
    f.write_text(f'[[actor]]\nname = "A"\nsize = 1\n[[actor]]\n{actors}\n')
    with pytest.raises(AlignError) as exc:
        io.read_instance(f)
    assert (exc.value.line, exc.value.field) == (line, field)
    assert says in exc.value.message


def test_an_id_equal_to_its_own_name_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "i.toml"
    f.write_text('[[actor]]\nname = "A"\nid = "A"\nsize = 1\n[[actor]]\nname = "B"\nsize = 1\n')
    assert io.read_instance(f).ids == ["A", "B"]


EQUAL_RIVALS = "name,size,A,B,C,D\n" + "".join(
    f"{x},1," + ",".join("" if x == y else "-1" for y in "ABCD") + "\n" for x in "ABCD"
)


def test_a_tie_for_the_global_minimum_is_said(tmp_path: Path) -> None:
    """Four equal mutual rivals: the three splits into pairs tie at E = -8 (each of the four
    cross pairs counted twice, [axelrod1993] n. 2). The table showed three minima ranked 1-3
    and one 'Global minimum' as if the model chose it; now the tie is said, in the table and
    the JSON, and with the same rank whatever the run."""
    f = tmp_path / "rivals.csv"
    f.write_text(EQUAL_RIVALS)
    ran = cli("align", str(f))
    assert ran.returncode == 0, ran.stderr
    flat = " ".join(ran.stdout.split())
    assert "3 configurations tie for the lowest energy (-8), local minima 1-3" in flat
    assert "shown: the first" in flat and "equal energies ranked by configuration" in flat
    data = json.loads(cli("align", str(f), "--json").stdout)
    g = data["global_minimum"]
    assert g["tied_configurations"] == 3 and g["energy"] == pytest.approx(-8.0)
    assert [m["energy"] for m in data["local_minima"]] == pytest.approx([-8.0] * 3)
    assert g["config"] == data["local_minima"][0]["config"] == [0, 0, 1, 1]
    assert json.loads(cli("align", str(f), "--json").stdout) == data  # deterministic


def test_a_unique_minimum_says_none_and_a_large_instance_says_not_known(tmp_path: Path) -> None:
    f = tmp_path / "rivals.csv"
    f.write_text(EQUAL_RIVALS.replace("A,1,,-1", "A,1,,2").replace("B,1,-1,", "B,1,2,"))
    g = json.loads(cli("align", str(f), "--json").stdout)["global_minimum"]
    assert g["tied_configurations"] == 1 and g["tie_note"].startswith("none:")
    assert "tie:" not in cli("align", str(f)).stdout
    g = json.loads(cli("align", str(f), "--no-minima", "--json").stdout)["global_minimum"]
    assert g["tied_configurations"] is None and g["tie_note"].startswith("not known:")


def _two_rivals():  # type: ignore[no-untyped-def]
    from anpo.align import landscape

    return landscape([1.0, 1.0], [[0.0, -1.0], [-1.0, 0.0]], ["A", "B"])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        # a NaN margin answered 'norm 0' (no change) for a state on the other side, and a
        # negative one 0.5, half the true smallest change (1, plus the margin)
        ({"margin": float("nan")}, "margin"),
        ({"margin": -1.0}, "margin"),
        # ValueError from numpy ('shapes (0,) and (1,) not aligned')
        ({"max_change": float("nan")}, "max_change"),
        ({"bounds": (float("nan"), 5.0)}, "bounds"),
        ({"bounds": (5.0, 1.0)}, "bounds"),
        # -1 answered "time out, no change found"; NaN searched without a limit (0 stops at once)
        ({"time_limit": -1.0}, "time_limit"),
        ({"time_limit": float("nan")}, "time_limit"),
        # TypeError ('<=' between int and str), IndexError, True read as actor 1
        ({"actor": "B"}, "actor"),
        ({"actor": 1.5}, "actor"),
        ({"actor": True}, "actor"),
        ({"pairs": [("A", 1)]}, "pairs"),
    ],
)
def test_smallest_change_refuses_bad_arguments_with_align_error(
    kwargs: dict[str, object], field: str
) -> None:
    from anpo.align import whatif

    args = {"actor": 1, "anchor": 0, **kwargs}
    with pytest.raises(AlignError) as exc:
        whatif.smallest_change(_two_rivals(), **args)  # type: ignore[arg-type]
    assert exc.value.field == field


def test_smallest_change_of_two_rivals_and_good_index_types() -> None:
    """Two rivals with p = -1 and sizes 1: the pair must reach p = margin / 2 > 0, a change of
    1 + margin / 2 (every separated pair counted twice, [axelrod1993] n. 2); numpy integers
    and an array of anchors are indices like ints."""
    import numpy as np

    from anpo.align import whatif

    ch = whatif.smallest_change(_two_rivals(), np.int64(1), np.array([0]))
    assert ch.feasible and ch.proven and ch.norm == pytest.approx(1.0, abs=1e-6)
    assert whatif.smallest_change(_two_rivals(), 1, 0, margin=0).norm == pytest.approx(1.0)


def test_apply_changes_and_pair_threshold_refuse_bad_indices_with_align_error() -> None:
    from anpo.align import whatif

    with pytest.raises(AlignError, match="actor index"):
        whatif.apply_changes(_two_rivals(), {("A", 1): 1.0})  # type: ignore[dict-item]
    with pytest.raises(AlignError, match="finite number"):
        whatif.apply_changes(_two_rivals(), {(0, 1): "2"})  # type: ignore[dict-item]
    with pytest.raises(AlignError, match="out of range"):
        whatif.pair_threshold(_two_rivals(), 0, 5)


@pytest.mark.parametrize(
    ("word", "hint"),
    [("whatif", "anpo.align.whatif.smallest_change"), ("validate", "anpo validate FILE")],
)
def test_a_command_anpo_align_lacks_is_refused_as_a_command(
    tmp_path: Path, word: str, hint: str
) -> None:
    """``anpo align whatif FILE`` read 'whatif' as solve's file and said 'solve: Got unexpected
    extra argument(s) (FILE)'; now: no such command, the commands there are, and where it is."""
    f = tmp_path / "rivals.csv"
    f.write_text(EQUAL_RIVALS)
    ran = cli("align", word, str(f))
    assert ran.returncode == 2 and ran.stderr.count("\n") == 1, ran.stderr
    assert f"no command {word!r}" in ran.stderr and "backtest, sensitivity, solve" in ran.stderr
    assert hint in ran.stderr and "unexpected extra argument" not in ran.stderr


def test_anpo_align_file_is_still_solve_for_a_file_without_a_suffix(tmp_path: Path) -> None:
    (tmp_path / "mine").write_text(EQUAL_RIVALS)
    ran = cli("align", "mine", cwd=tmp_path)
    assert ran.returncode == 2 and "mine: unknown file type; use .toml or .csv" in ran.stderr


def test_validate_reads_a_csv_instance_and_shows_no_empty_title(tmp_path: Path) -> None:
    """``anpo validate`` read a CSV instance (which ``anpo align`` reads) as TOML: 'invalid
    TOML: Expected '=' after a key'; and a TOML instance without a title was 'alignment
    instance '''."""
    good = tmp_path / "rivals.csv"
    good.write_text(EQUAL_RIVALS)
    bad = tmp_path / "bad.csv"
    bad.write_text(EQUAL_RIVALS.replace("B,1,-1,,", "B,1,-2,,"))
    untitled = tmp_path / "u.toml"
    untitled.write_text('[[actor]]\nname = "A"\nsize = 1\n')
    ran = cli("validate", str(good), str(bad), str(untitled))
    assert ran.returncode == 2
    assert f"ok: {good}: alignment instance (4 actors;" in ran.stdout
    assert f"ok: {untitled}: alignment instance (1 actor;" in ran.stdout
    assert f"error: {bad}:3: A: propensities must be symmetric" in ran.stderr
    assert "TOML" not in ran.stderr


FACTORED = """
[[actor]]
name = "United States"
id = "USA"
size = 3
[[actor]]
name = "日本"
id = "JPN"
size = 1
[[actor]]
name = "China"
id = "CHN"
size = 2
[[pair]]
a = "USA"
b = "JPN"
p = 2
factors = { alliance = 3, un = -1 }
[[pair]]
a = "USA"
b = "CHN"
p = -1
factors = { alliance = 0, un = -1 }
[[pair]]
a = "JPN"
b = "CHN"
p = 0.5
factors = { alliance = 0, un = 0.5 }
"""


def test_a_tie_at_the_end_of_the_weight_range_is_no_change_of_side(tmp_path: Path) -> None:
    """China's only ties are UN votes: at a UN multiplier of 0 it has propensity 0 with
    everyone and is indifferent (both sides have the same energy); for every multiplier above
    0 it is against the U.S. It was said to change side at 0 ('un': 0.0, 'below: moves
    China'); it changes side nowhere in [0, 3]. Japan's changes (alliance 4/9, UN 9/4) are
    where the lines cross: E(apart) - E(together) = 2 s_U s_J p_UJ(m) + ... (n. 2)."""
    f = tmp_path / "f.toml"
    f.write_text(FACTORED)
    data = json.loads(cli("align", "sensitivity", str(f), "--json").stdout)
    rows = {r["state"]: r for r in data["flip_multipliers"]}
    assert rows["China"] == {"state": "China", "alliance": None, "un": None}
    assert rows["日本"]["alliance"] == pytest.approx(4 / 9)
    assert rows["日本"]["un"] == pytest.approx(9 / 4)
    un = next(r for r in data["stable_ranges"] if r["factor"] == "un")
    assert (un["from"], un["below_moves"]) == (0.0, [])
    assert data["coalitions_note"] is None
    assert data["flip_multipliers_null"] == "no change of side for multipliers from 0 to 3"


def test_sensitivity_says_a_file_asking_for_three_coalitions_is_answered_in_two(
    tmp_path: Path,
) -> None:
    f = tmp_path / "f.toml"
    f.write_text("coalitions = 3\n" + FACTORED)
    ran = cli("align", "sensitivity", str(f))
    assert ran.returncode == 0
    assert "note: the file asks for 3 coalitions; the sides here are those of two" in ran.stderr
    data = json.loads(cli("align", "sensitivity", str(f), "--json").stdout)
    assert data["coalitions"] == 2 and "asks for 3 coalitions" in data["coalitions_note"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        # answered [(1, 0.0)]: no k = 2 row, as if one coalition were all there is
        ({"k_max": 0}, "k_max"),
        ({"k_max": -1}, "k_max"),
        ({"k_max": 2.5}, "k_max"),  # read as 2
        # raised BudgetExceededError: 'the budget ran out before k = 2'
        ({"time_limit": -1.0}, "time_limit"),
        ({"time_limit": float("nan")}, "time_limit"),
    ],
)
def test_energy_by_coalitions_refuses_bad_arguments(kwargs: dict[str, float], field: str) -> None:
    with pytest.raises(AlignError) as exc:
        _two_rivals().energy_by_coalitions(**kwargs)  # type: ignore[arg-type]
    assert type(exc.value) is AlignError and exc.value.field == field
    # two rivals of size 1, p = -1: apart, E = 2 * (-1) (n. 2)
    assert _two_rivals().energy_by_coalitions(5) == [(1, 0.0), (2, -2.0)]


def test_global_minimum_refuses_a_negative_time_limit_even_when_it_enumerates() -> None:
    with pytest.raises(AlignError, match="positive number of seconds"):
        _two_rivals().global_minimum(time_limit=-1.0)


def _random_csv(path: Path, n: int, seed: int) -> None:
    import numpy as np

    rng = np.random.default_rng(seed)
    s = rng.uniform(0.1, 1.0, n)
    p = rng.normal(size=(n, n))
    p = (p + p.T) / 2
    names = [f"S{i:02d}" for i in range(n)]
    rows = [",".join(["name", "size", *names])]
    for i in range(n):
        cells = ["" if i == j else f"{p[i, j]:.4f}" for j in range(n)]
        rows.append(",".join([names[i], f"{s[i]:.4f}", *cells]))
    path.write_text("\n".join(rows) + "\n")


def test_a_configuration_above_the_proven_optimum_is_not_headed_global_minimum(
    tmp_path: Path,
) -> None:
    """Multi-start descent (32 restarts, seed 3; seeds 0-2 reach the optimum) on 60 random
    actors ends above the optimum the exact solver proves (60 actors: within its fast range, so
    the CLI compares): it was headed
    'Global minimum (E = ..., descent, not proven; lower bound OPT)'. Now headed as what it
    is, with the optimum; the exact solver's answer keeps 'Global minimum'."""
    f = tmp_path / "r.csv"
    _random_csv(f, 60, 1)
    seeded = ("--method", "descent", "--seed", "3")
    data = json.loads(cli("align", str(f), *seeded, "--json").stdout)
    g = data["global_minimum"]
    assert not g["proven"] and g["energy"] > g["optimum"]
    out = " ".join(cli("align", str(f), *seeded).stdout.split())
    assert "Best configuration found, not a global minimum" in out
    assert "the proven optimum is" in out and "Global minimum" not in out
    assert "Global minimum (E = " in cli("align", str(f), "--method", "exact").stdout


def test_a_mip_stopped_by_its_budget_says_so_in_its_method(tmp_path: Path) -> None:
    """The MIP stopped by its time limit was labelled 'MIP (HiGHS, straightforward
    linearisation)' as when it finished; the exact solver's label says 'stopped on its time
    limit', and so does the MIP's now."""
    f = tmp_path / "r.csv"
    _random_csv(f, 60, 1)
    sol = io.read_instance(f).landscape().solve("mip", time_limit=0.2)
    assert not sol.proven and sol.details["stopped"] == "time limit"
    assert sol.method.endswith(", stopped on its time limit")
    _random_csv(tmp_path / "s.csv", 6, 1)
    done = io.read_instance(tmp_path / "s.csv").landscape().solve("mip")
    assert done.proven and "stopped" not in done.method


def test_a_users_factor_is_not_named_as_the_recipes_data_source(tmp_path: Path) -> None:
    """A researcher's file (no recipe in its provenance) with an 'alliance' factor: the table
    headed it 'ATOP pacts (defense, non-aggression or consultation)', a data source the file
    never named; it keeps the file's word. A recipe-built instance keeps the recipe's words."""
    f = tmp_path / "f.toml"
    f.write_text(FACTORED)
    out = cli("align", "sensitivity", str(f)).stdout
    assert "ATOP" not in out and "alliance" in out
    recipe = tmp_path / "r.toml"
    recipe.write_text('[provenance]\nrecipe = "anpo-align-recipe/2"\n' + FACTORED)
    assert "ATOP pacts" in cli("align", "sensitivity", str(recipe)).stdout


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        # was "propensity '' is not a number", naming neither the pair nor the remedy
        ("", "propensity A-B is blank; only the diagonal may be left blank (write 0"),
        ("x", "propensity A-B is 'x', not a number"),
        ("nan", "propensity A-B is not finite (nan)"),
    ],
)
def test_a_bad_csv_cell_names_the_pair_line_and_column(
    tmp_path: Path, cell: str, says: str
) -> None:
    f = tmp_path / "c.csv"
    f.write_text(f"name,size,A,B\nA,1,,{cell}\nB,1,{cell},\n")
    ran = cli("align", str(f))
    assert ran.returncode == 2 and ran.stderr.startswith(f"error: {f}:2: B: {says}"), ran.stderr


def test_sensitivity_of_too_many_actors_names_the_file(tmp_path: Path) -> None:
    """23 actors: it said 'error: at most 22 actors for this analysis (got 23)', without the
    file or why."""
    lines = []
    for i in range(23):
        lines += ["[[actor]]", f'name = "S{i}"', "size = 1"]
    lines += ["[[pair]]", 'a = "S0"', 'b = "S1"', "p = 1", "factors = { alliance = 1 }"]
    f = tmp_path / "big.toml"
    f.write_text("\n".join(lines) + "\n")
    ran = cli("align", "sensitivity", str(f), "--anchor", "S0")
    assert ran.returncode == 2
    assert ran.stderr.startswith(f"error: {f}: actor: 23 actors: this analysis follows every one")


@pytest.mark.parametrize(
    ("text", "where", "says"),
    [
        # each was "the row names and the header's actor columns must be the same actors" at
        # the header, or (a blank name) "names: names must be non-empty" without a line
        ("name,size,A,B\nA,1,,1\nA,1,1,\n", ":3: name:", "a second row for 'A'"),
        ("name,size,A,B\nA,1,,1\n", ":1:", "'B' has a column in the header but no row"),
        ("name,size,A,B\nA,1,,1\nC,1,1,\n", ":3: name:", "'C' has a row but no column"),
        ("name,size,,B\n,1,,1\nB,1,1,\n", ":1:", "column 3 of the header has no actor name"),
        ("name,size,A,A\nA,1,,1\nA,1,1,\n", ":1:", "duplicate actor name 'A' in the header"),
    ],
)
def test_csv_names_that_do_not_match_say_which_and_where(
    tmp_path: Path, text: str, where: str, says: str
) -> None:
    f = tmp_path / "c.csv"
    f.write_text(text)
    ran = cli("align", str(f))
    assert ran.returncode == 2 and ran.stderr.startswith(f"error: {f}{where} {says}"), ran.stderr


def test_a_gap_to_an_optimum_of_zero_is_not_a_relative_gap() -> None:
    """Two cliques {A, B}, {C, D} (p = 10 within, 1 across; sizes 1): everyone together has
    E = 0, the optimum; the split has E = 2 * 4 * 1 = 8 (n. 2) and is a local minimum, where
    one-restart descent (seed 2) ends. Its gap was 8.0, printed '800% = (E - optimum) /
    |optimum|, optimum 0'; a relative gap to 0 is undefined: None, with the difference."""
    import numpy as np

    from anpo.align import landscape
    from anpo.cli.align import _gap_note

    p = np.array([[0, 10, 1, 1], [10, 0, 1, 1], [1, 1, 0, 10], [1, 1, 10, 0]], dtype=float)
    land = landscape(np.ones(4), p)
    sol = land.solve("descent", restarts=1, seed=2, compare_exact=True)
    assert (sol.energy, sol.optimum, sol.proven) == (8.0, 0.0, False)
    assert sol.gap is None and sol.details["gap_absolute"] == 8.0
    note = _gap_note(sol, "4 actors")
    assert note.startswith("no relative gap: the optimum, proven by the exact solver, is 0")
    assert "E - optimum = 8" in note and "%" not in note
    hit = land.solve("descent", restarts=1, seed=0, compare_exact=True)
    assert (hit.energy, hit.gap, hit.proven) == (0.0, 0.0, True)
    assert _gap_note(hit, "4 actors").startswith("0: E equals the optimum, 0")
    # at a scale of 1 or more the landscape's scale changes nothing
    assert _gap_note(sol, "4 actors", land) == note


def test_a_gap_to_zero_of_a_tiny_instance_is_written_at_its_scale() -> None:
    """The two cliques above scaled by 1e-14 (only the propensities' ratios matter
    [axelrod1993]): the split's E - optimum is 8e-14, which the gap note wrote '= 0'
    (fmt_number's absolute noise rule, 1e-12) beside the headline's E = 8e-14; it is now
    written at the landscape's scale (Landscape.energy_text), as the CLI passes it."""
    import numpy as np

    from anpo.align import landscape
    from anpo.cli.align import _gap_note

    p = np.array([[0, 10, 1, 1], [10, 0, 1, 1], [1, 1, 0, 10], [1, 1, 10, 0]], dtype=float)
    land = landscape(np.ones(4), p * 1e-14)
    sol = land.solve("descent", restarts=1, seed=2, compare_exact=True)
    assert (sol.energy, sol.optimum, sol.proven) == (pytest.approx(8e-14), 0.0, False)
    assert sol.gap is None and sol.details["gap_absolute"] == pytest.approx(8e-14)
    note = _gap_note(sol, "4 actors", land)
    assert "E - optimum = 8e-14 (4 actors)" in note, note


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--sizes", "gdp"), "error: --sizes: unknown size measure 'gdp'; choose cinc, milex"),
        (("--lag", "5"), "error: --lag: 5 is not among the data years tried (--lags 1,3)"),
    ],
)
def test_backtest_refuses_a_bad_size_measure_or_lag_before_the_catalog(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    """Both were found only after the catalog's datasets were read (and, with no catalog,
    the error was 'no data catalog yet'); an empty ANPO_HOME has none."""
    ran = cli("align", "backtest", *args, env={"ANPO_HOME": str(tmp_path)})
    assert ran.returncode == 2 and ran.stderr.startswith(says), ran.stderr


def test_json_coalitions_is_the_number_the_text_says(tmp_path: Path) -> None:
    """`-k 9` on four actors: the text says 'at most 4 coalitions' (a configuration of n actors
    has at most n coalitions), the JSON said 9. It now gives the number that bounds the
    configurations, as the text does, and what was asked in ``coalitions_asked``."""
    f = tmp_path / "rivals.csv"
    f.write_text(EQUAL_RIVALS)
    text = cli("align", str(f), "-k", "9")
    assert "at most 4 coalitions" in text.stdout
    data = json.loads(cli("align", str(f), "-k", "9", "--json").stdout)
    assert (data["coalitions"], data["coalitions_asked"]) == (4, 9)
    two = json.loads(cli("align", str(f), "--json").stdout)
    assert (two["coalitions"], two["coalitions_asked"]) == (2, 2)


@pytest.mark.parametrize(
    ("book", "what"),
    [
        ("scenario/book/us-japan-2001.toml", "a scenario file, not an alignment instance"),
        ("futures/book/status-quo.toml", "a future file, not an alignment instance"),
    ],
)
def test_a_scenario_or_future_file_given_to_align_solve_says_what_it_is(
    tmp_path: Path, book: str, what: str
) -> None:
    """`anpo align solve` on a scenario or future file names it for what it is, not for its
    first key ("schema_version: unknown key 'schema_version' (and 12 more problems)")."""
    import anpo

    path = tmp_path / Path(book).name
    path.write_text((Path(anpo.__file__).parent / book).read_text(encoding="utf-8"))
    ran = cli("align", "solve", str(path))
    assert ran.returncode == 2, ran.stdout
    assert f"error: {path}: {what}" in ran.stderr, ran.stderr
    assert "unknown key" not in ran.stderr
    with pytest.raises(AlignError, match=what):
        io.read_instance(path)

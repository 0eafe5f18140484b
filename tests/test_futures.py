"""The futures book: every future validates, every change it makes is visible in the scorecard,
broken future files give one line naming file, line and field, and futures can be explored."""

from __future__ import annotations

import copy
import json
import math
import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import anpo.cli
import anpo.explore as ex
from _support import book_futures
from anpo.errors import FutureError
from anpo.futures import INDICATORS, future_files, indicators, load_book, parse_future_text
from anpo.futures.load import _order
from anpo.futures.schema import World
from anpo.law.scenario import Contribution


def _reference_contributions() -> list[Contribution]:
    """The seed's example (what the status quo asks of Japan)."""
    return book_futures()[0].law.contributions


def test_the_book_holds_the_seeds_four_futures_and_two_dangers():
    """Soeya (RIETI, 2001) names four futures (status quo with more non-security initiative;
    Japan removing the collective-self-defense uncertainty; Japan-China cooperation inside the
    framework; a multinational framework open to China) and two dangers (the Nixon pattern; the
    U.S. dropping the treaty with 'global missile defense')."""
    worlds = load_book()
    assert [w.future.id for w in worlds] == [
        "status-quo",
        "collective-self-defense",
        "japan-china-cooperation",
        "multinational-framework",
        "nixon-pattern",
        "gmd-without-treaty",
    ]
    assert [w.future.kind for w in worlds] == ["future"] * 4 + ["danger"] * 2
    assert all(isinstance(w, World) for w in worlds)
    assert [_order(p) for p in future_files()] == [1, 2, 3, 4, 5, 6]
    assert [p.stem for p in future_files()] == [w.future.id for w in worlds]


def test_seed_passages_are_the_seeds_words(shared_data: Path):
    """Every quoted passage (parts joined by ' ... ') is verbatim in the seed [soeya2001], read from the shared folder beside the data."""
    seed = shared_data.parent / "seed" / "us-japan-security-alliance-2001.txt"
    if not seed.exists():
        pytest.skip(f"the seed text is not at {seed}")
    text = seed.read_text(encoding="utf-8")
    for w in book_futures():
        for part in w.future.seed.split(" ... "):
            assert part.strip() in text, (w.future.id, part[:60])


def test_every_change_cites_a_basis_and_assumptions_are_labelled():
    for path in future_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        entries = [
            *data.get("changes", []),
            *data.get("alignment", {}).get("changes", []),
            data["law"],
            data["burden"],
            *data.get("uncertainties", []),
        ]
        for e in entries:
            basis = e["basis"]
            assert basis.startswith(("seed", "the seed", "Japan's actual", "U.S. National")) or (
                "anpo assumption" in basis
            ), (path.name, basis[:50])
        for c in data["law"].get("contributions", []):
            assert c["source"], path.name


def _ablations(path: Path):
    """(what, text of the future without that one change)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    seed_date = "2001-07-10"
    for i in range(len(data.get("changes", []))):
        d = copy.deepcopy(data)
        del d["changes"][i]
        yield f"changes[{i}]", d
    for i in range(len(data.get("alignment", {}).get("changes", []))):
        d = copy.deepcopy(data)
        del d["alignment"]["changes"][i]
        d["uncertainties"] = [
            u for u in d.get("uncertainties", []) if not u["target"].startswith("alignment")
        ]
        yield f"alignment.changes[{i}]", d
    if str(data["law"]["date"]) != seed_date:
        d = copy.deepcopy(data)
        d["law"]["date"] = seed_date
        yield "law.date", d
    ref = [c.model_dump(exclude={"description", "source"}) for c in _reference_contributions()]
    mine = [
        Contribution.model_validate(c).model_dump(exclude={"description", "source"})
        for c in data["law"].get("contributions", [])
    ]
    if mine != ref:
        d = copy.deepcopy(data)
        d["law"]["contributions"] = [c.model_dump() for c in _reference_contributions()]
        yield "law.contributions", d
    if (data["burden"]["support_scale"], data["burden"]["presence_scale"]) != (1.0, 1.0):
        d = copy.deepcopy(data)
        d["burden"].update(support_scale=1.0, presence_scale=1.0)
        yield "burden", d


def _toml(data: dict) -> str:
    """A minimal TOML writer for future files (tables, arrays of tables, inline values)."""

    def val(v):  # noqa: ANN001, ANN202
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, list):
            return "[" + ", ".join(val(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {val(x)}" for k, x in v.items()) + " }"
        return str(v)

    out = []

    def table(prefix: str, d: dict, aot: bool = False) -> None:
        out.append(f"[[{prefix}]]" if aot else f"[{prefix}]")
        subs = []
        for k, v in d.items():
            if isinstance(v, dict) and k != "distribution":
                subs.append((k, v, False))
            elif (
                isinstance(v, list)
                and v
                and all(isinstance(x, dict) for x in v)
                and k
                in (
                    "changes",
                    "contributions",
                )
            ):
                subs.extend((k, x, True) for x in v)
            else:
                out.append(f"{k} = {val(v)}")
        for k, v, is_aot in subs:
            table(f"{prefix}.{k}", v, is_aot)

    for k, v in data.items():
        if isinstance(v, dict):
            table(k, v)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            for x in v:
                table(k, x, True)
        elif not isinstance(v, list):
            out.insert(0, f"{k} = {val(v)}")
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("path", future_files(), ids=lambda p: p.stem)
def test_every_change_is_visible_in_the_scorecard(path: Path):
    """Each change a future makes (to the scenario, the alignment, the law regime, the
    contributions asked, the burden) moves at least one scorecard indicator: removing it alone
    gives another scorecard. A change that takes a dyad's ``ally`` out goes with the removal of
    the alliance it relied on: without it the future is refused (check_alliances; the
    scorecard computes China's strike on Japan, ally or not)."""
    _, world = parse_future_text(path.read_text(encoding="utf-8"), str(path), path.parent)
    full = indicators(world)
    ablations = list(_ablations(path))
    assert ablations or path.stem == "status-quo"
    changes = tomllib.loads(path.read_text(encoding="utf-8")).get("changes", [])
    for what, data in ablations:
        m = re.fullmatch(r"changes\[(\d+)\]", what)
        if m and changes[int(m.group(1))]["target"].endswith(".ally"):
            with pytest.raises(FutureError, match="is a member of no alliance of 'USA'"):
                parse_future_text(_toml(data), f"{path.name} without {what}", path.parent)
            continue
        _, other = parse_future_text(_toml(data), f"{path.name} without {what}", path.parent)
        alt = indicators(other)
        moved = [
            k
            for k in full
            if not (math.isnan(full[k]) and math.isnan(alt[k])) and full[k] != alt[k]
        ]
        assert moved, f"{path.stem}: {what} changes no indicator"


def test_scorecard_answers_each_question_for_each_future():
    """One table: every indicator for every future, a value or 'undefined: why'."""
    runner = CliRunner()
    res = runner.invoke(anpo.cli.app, ["futures", "compare", "--json"])
    assert res.exit_code == 0, res.output
    card = json.loads(res.output)
    ids = [f["id"] for f in card["futures"]]
    assert len(ids) == 6
    assert [i["name"] for i in card["indicators"]] == [i.name for i in INDICATORS]
    for ind in card["indicators"]:
        for fid in ids:
            shown = ind["shown"][fid]
            assert shown and "nan" not in shown.lower()
            if ind["values"][fid] is None:
                assert shown.startswith("undefined: ")
    questions = {i.question for i in INDICATORS}
    for needle in ("assured retaliation", "decoupled", "U.S.-Japan side", "lawful", "burden"):
        assert any(needle in q for q in questions), needle
    by = {i["name"]: i for i in card["indicators"]}
    # the worst case: no treaty, Japan uncovered, no U.S. presence to share
    assert by["japan_allied"]["shown"]["gmd-without-treaty"] == "no"
    assert by["japan_burden_share"]["shown"]["gmd-without-treaty"].startswith("undefined: no U.S.")
    # without the treaty there is no guarantee to honour: no 'patron's damage' is printed
    # (the number computed there is a plain U.S. first strike's cost)
    price = by["patron_damage"]["shown"]
    assert price["gmd-without-treaty"] == "undefined: no U.S. guarantee to Japan to honour"
    assert not price["status-quo"].startswith("undefined")
    assert card["details"]["status-quo"]["contributions"][0]["status"] in (
        "permitted",
        "conditional",
    )
    res = runner.invoke(anpo.cli.app, ["futures", "compare", "status-quo", "nixon-pattern"])
    assert res.exit_code == 0 and "nixon-pattern" in res.output
    res = runner.invoke(anpo.cli.app, ["futures"])
    assert res.exit_code == 0 and "gmd-without-treaty" in res.output
    res = runner.invoke(anpo.cli.app, ["futures", "compare", "no-such-future"])
    assert res.exit_code == 2 and "unknown future 'no-such-future'" in res.output
    # the argument named and the book's ids listed (the acceptance walk of issue 16)
    assert res.output.startswith("error: FUTURES: unknown future") and "status-quo" in res.output
    # a path that does not exist is said to be one (not an 'unknown future' id)
    res = runner.invoke(anpo.cli.app, ["futures", "compare", "missing/future.toml"])
    assert res.exit_code == 2 and "missing/future.toml: file not found" in res.stderr


GOOD = (future_files()[0]).read_text(encoding="utf-8")
BROKEN = [
    ("unknown key", GOOD.replace('kind = "future"', 'kind = "future"\ncolour = "red"'),
     "future.colour", 'colour = "red"', "unknown key"),
    ("bad kind", GOOD.replace('kind = "future"', 'kind = "hope"'), "future.kind",
     'kind = "hope"', "Input should be"),
    ("unknown variant", GOOD.replace('variant = "tmd-japan"', 'variant = "tmd-korea"'),
     "base.variant", 'variant = "tmd-korea"', "unknown variant 'tmd-korea'"),
    ("unknown book scenario", GOOD.replace("book:us-japan-2001", "book:us-japan-1999"),
     "base.scenario", "book:us-japan-1999", "no scenario 'us-japan-1999'"),
    ("unknown alignment actor", GOOD.replace('["JPN", "PHI"]', '["JPN", "XXX"]'),
     "alignment.changes[0].pairs", '["JPN", "XXX"]', "XXX"),
    ("law date before the rules", GOOD.replace("date = 2001-07-10", "date = 1990-01-01"),
     "law.date", "date = 1990-01-01", "1990"),
    ("missing basis", re.sub(r"presence_scale = 1.0\nbasis = .*\n", "presence_scale = 1.0\n", GOOD),
     "burden.basis", "[burden]", "required field is missing"),
    ("uncertainty refused by the world", GOOD.replace(
        '{ kind = "beta", alpha = 7, beta = 3 }', '{ kind = "uniform", low = 0.5, high = 1.5 }'),
     "uncertainties[0].distribution", "high = 1.5", "refuses 1.5"),
    ("unknown contribution activity", GOOD.replace(
        'activity = "provide-ammunition"', 'activity = "provide-tanks"'),
     "law.contributions[1].activity", '"provide-tanks"', "provide-tanks"),
    # printed raw to the terminal (a scenario's names refuse them too)
    ("control character in the title", GOOD.replace(
        'title = "Status quo,', 'title = "Status\\u001b[31m quo,'),
     "future.title", "title = ", "contains a control character (U+001B)"),
    ("control character in an input's label", GOOD.replace(
        'label = "kill probability', 'label = "kill\\u0007 probability'),
     "uncertainties[0].label", 'label = "kill', "contains a control character (U+0007)"),
    # validated, then `futures compare` failed naming neither the file nor the change
    ("alignment change past the propensity limit", GOOD.replace("delta = 0.25", "delta = 1e308"),
     "alignment.changes[0].delta", "delta = 1e308", "propensities must lie within"),
]  # fmt: skip
CHANGES = """
[[changes]]
target = "forces[cn-df5].launchers"
scale = -1
basis = "anpo assumption: a test"
"""
BROKEN += [
    ("change makes the scenario invalid", GOOD + CHANGES, "changes[0]", "[[changes]]",
     "the changes make the base scenario invalid: forces["),  # cn-df5's position in the book
    ("change target missing", GOOD + CHANGES.replace("cn-df5", "cn-df9"), "changes[0].target",
     "cn-df9", "no item of forces match [cn-df9]"),
    ("two operations", GOOD + CHANGES.replace("scale = -1", "scale = 2\nadd = 1"), "changes[0]",
     "[[changes]]", "exactly one of set, add, scale, append, remove"),
    ("remove what is not there", GOOD + CHANGES.replace(
        'target = "forces[cn-df5].launchers"\nscale = -1', 'target = "alliances"\nremove = "nato"'),
     "changes[0].target", 'target = "alliances"', "holds none of ['nato']"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("what", "text", "field", "needle", "message"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_future_files_name_file_line_and_field(tmp_path, what, text, field, needle, message):
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(anpo.cli.app, ["futures", "compare", str(path)])
    assert res.exit_code == 2, res.output
    assert len(res.output.strip().splitlines()) == 1
    with pytest.raises(FutureError) as info:
        parse_future_text(text, "f.toml", None)
    err = info.value
    assert err.field == field, err.one_line()
    assert message in err.message, err.one_line()
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert err.line == lines[-1] if what.startswith(("change", "two", "remove")) else lines[0], (
        err.one_line()
    )


def test_futures_explore_over_their_uncertainties(tmp_path: Path):
    """`anpo explore run book:futures` crosses every future with one sample of the union of
    their uncertainties; an input shared by futures (theater_sspk) has the same values in each;
    each future applies only its own inputs."""
    out = ex.run(["book:futures"], n=4, seed=3, out=tmp_path / "f")
    frame = ex.load(out)
    st = ex.status(out)
    assert st["cases"] == [w.future.id for w in book_futures()]
    assert len(frame) == 24
    assert {"theater_sspk", "framework_delta", "china_new_icbms"} <= set(st["inputs"])
    assert {i.name for i in INDICATORS} <= set(frame.columns)
    sq = frame[frame.case == "status-quo"]
    mf = frame[frame.case == "multinational-framework"]
    assert sq["theater_sspk"].tolist() == mf["theater_sspk"].tolist()
    # a future's outcomes do not move with another future's inputs: the Nixon pattern has no
    # theater defense, so its exposure is the same in every sample
    nx = frame[frame.case == "nixon-pattern"]
    assert nx["china_warheads_at_japan"].nunique() == 1
    assert sq["china_warheads_at_japan"].nunique() == 4


@pytest.mark.slow  # a pool of 2 worker processes over the futures book: about 10 s
def test_futures_explore_is_the_same_serially_and_on_2_worker_processes(tmp_path: Path):
    """The futures' model (each future applied to its world, then the deterrence kernels)
    gives the serial table exactly on a process pool of 2 workers: which process computes an
    experiment changes nothing."""
    import pandas as pd

    serial = ex.load(ex.run(["book:futures"], n=2, seed=5, out=tmp_path / "s", executor="serial"))
    pooled = ex.load(ex.run(["book:futures"], n=2, seed=5, out=tmp_path / "p", workers=2))
    assert len(serial) == 2 * len(book_futures())
    pd.testing.assert_frame_equal(serial, pooled, check_exact=True)


def test_scorecard_text_shows_every_future_whole(monkeypatch):
    """`anpo futures compare` prints every future's column: piped, at the table's own width
    (the sixth future's column was cut at 128 characters); on a terminal too narrow for
    the scorecard, in parts that each fit."""
    import io

    from rich.console import Console

    import anpo.cli.futures as cli_futures

    # each column is headed by the future's title with its id beside it
    ids = [f"{w.future.title} [{w.future.id}]" for w in book_futures()]

    def tables(text: str) -> list[list[str]]:
        """The column titles of each table (the header lines under its top border, each
        column's pieces joined: a title wraps over several lines)."""
        lines = text.splitlines()
        out = []
        for i, ln in enumerate(lines):
            if not ln.startswith("┏"):
                continue
            rows = []
            for head in lines[i + 1 :]:
                if not head.startswith("┃"):
                    break
                rows.append([c.strip() for c in head.strip("┃").split("┃")])
            cols = zip(*rows, strict=True)
            out.append([" ".join(p for p in col if p).replace("- ", "-") for col in cols])
        return out

    res = CliRunner().invoke(anpo.cli.app, ["futures", "compare"])
    assert res.exit_code == 0, res.output
    assert [ln for ln in res.output.splitlines() if ln.startswith("┏")][0].endswith("┓")
    assert tables(res.output) == [["indicator", *ids]]
    buf = io.StringIO()
    monkeypatch.setattr(
        cli_futures, "stdout_console", lambda: Console(file=buf, width=100, color_system=None)
    )
    res = CliRunner().invoke(anpo.cli.app, ["futures", "compare"])
    assert res.exit_code == 0, res.output
    text = buf.getvalue()
    borders = [ln for ln in text.splitlines() if ln.startswith(("┏", "└"))]
    assert all(len(ln) <= 100 and ln.endswith(("┓", "┘")) for ln in borders), borders
    parts = tables(text)
    assert len(parts) > 1 and f"(part {len(parts)} of {len(parts)})" in text
    assert all(p[0] == "indicator" for p in parts)
    assert [c for p in parts for c in p[1:]] == ids


def test_alignment_changes_match_the_instance_they_change():
    """Each alignment change quotes the factors or recipe weights of the instance it changes
    (``book:asia_pacific_2001``); the numbers must be that instance's, and the shown value
    must be what the basis says. When the instance was rebuilt with recipe 2 (alliance factor
    2.0, U.S.-China disputes -3.6, other_alliance 2.0, un 1.0) the book still removed 3.0 for
    the treaty and ended disputes of -1.2 and -0.6."""
    from anpo.align.io import read_source
    from anpo.futures.load import load_future

    worlds = {p.stem: load_future(p) for p in future_files()}
    [source] = {w.alignment.instance for _, w in worlds.values()}
    inst = read_source(source)
    weights = inst.provenance["weights"]
    pairs = inst.pairs.set_index(["a", "b"])

    def factor(a: str, b: str, name: str) -> float:
        row = pairs.loc[(a, b)] if (a, b) in pairs.index else pairs.loc[(b, a)]
        return float(row[name])

    def change(fid: str, i: int = 0):  # noqa: ANN202 - the future's i-th alignment change
        return worlds[fid][1].alignment.changes[i]

    def band(fid: str, name: str) -> tuple[float, float]:
        [u] = [u for u in worlds[fid][0].uncertainties if u.name == name]
        return u.distribution.low, u.distribution.high

    ends = {  # rivalry and disputes end
        "japan-china-cooperation": ("JPN", "CHN"),
        "nixon-pattern": ("USA", "CHN"),
    }
    for fid, (a, b) in ends.items():
        disputes = factor(a, b, "disputes")
        both = factor(a, b, "rivalry") + disputes
        assert change(fid).delta == pytest.approx(-both)
        assert f"militarized disputes {disputes:.1f}" in change(fid).basis
        low, high = band(fid, {"nixon-pattern": "us_china_delta"}.get(fid, "japan_china_delta"))
        assert (low, high) == pytest.approx((-disputes, -both + weights["other_alliance"]))
    alliance = factor("USA", "JPN", "alliance")
    assert change("gmd-without-treaty").delta == pytest.approx(-alliance)
    assert f"adds {alliance:.1f} to the pair's ATOP-pacts factor" in (
        change("gmd-without-treaty").basis
    )
    assert change("nixon-pattern", 1).delta == pytest.approx(-alliance / 2)
    assert band("nixon-pattern", "us_japan_delta") == pytest.approx((-alliance, 0.0))
    for fid in ("collective-self-defense", "multinational-framework"):
        assert change(fid).delta == pytest.approx(weights["other_alliance"])
        assert f"defense pact weighs {weights['other_alliance']:.1f}" in change(fid).basis
    assert band("collective-self-defense", "alliance_delta") == pytest.approx(
        (weights["other_alliance"] / 2, 2 * weights["other_alliance"])
    )
    assert band("multinational-framework", "framework_delta")[1] == weights["defense"]
    assert change("status-quo").delta == pytest.approx(weights["un"] / 4)
    assert band("status-quo", "initiative_delta") == pytest.approx((0.0, weights["un"] / 2))


def test_bases_say_the_recipe_in_words():
    """The futures' bases quoted the recipe's variable names ('un = 1.0 in asia_pacific_2001's
    recipe', 'other_alliance = 2.0'): a reader gets the factors in the words the report gives
    them (anpo.align.sensitivity.FACTOR_WORDS: 'UN voting', 'strategic rivalry', 'militarized
    disputes') and the instance by the align book's name ('Asia-Pacific alignment, 2001'); the
    seed's quotes stay."""
    from dataclasses import fields

    from anpo.align.io import read_source
    from anpo.align.recipe import RecipeWeights
    from anpo.align.sensitivity import FACTOR_WORDS
    from anpo.futures.load import load_future

    worlds = {p.stem: load_future(p) for p in future_files()}
    [source] = {w.alignment.instance for _, w in worlds.values()}
    title = read_source(source).title
    ids = {source, source.removeprefix("book:"), *(f.name for f in fields(RecipeWeights))}
    bases = [
        text
        for scenario, world in worlds.values()
        for text in [
            *(c.basis for c in world.alignment.changes),
            *(u.distribution.basis or "" for u in scenario.uncertainties),
        ]
    ]
    for text in bases:
        assert not [i for i in ids if re.search(rf"\b{re.escape(i)}\b ?=", text)], text
        assert "asia_pacific_2001" not in text and "_" not in text, text
    with_instance = [t for t in bases if "2001" in t and "alignment" in t]
    assert with_instance and all(
        "built-in Asia-Pacific alignment of 2001" in t for t in with_instance
    )
    assert title.startswith("Asia-Pacific alignment, 2001")
    words = " ".join(bases)
    for factor in ("un", "rivalry", "disputes"):
        assert FACTOR_WORDS[factor].replace("UN voting", "UN-voting") in words
    assert "'greater cooperation with China'" in words  # the seed's quote kept


def test_retaliation_probability_says_what_m_is():
    """The futures page's chart caption is the indicator's definition: 'P(at least m Chinese
    warheads ...)' left m unsaid; it is the base scenario's reaction_m, 1 in the book, said in
    words (the definition printed the setting's name, 'settings.reaction_m') and read from the
    futures' settings (it was typed: '1 in the book')."""
    from anpo.futures import load_book
    from anpo.futures.scorecard import definition_of
    from anpo.scenario import load_book as load_scenarios

    row = next(i for i in INDICATORS if i.name == "china_p_reach_us")
    assert "m = the warheads the base scenario's reaction-curve goal asks for (1 here)" in (
        definition_of(row, load_book())
    )
    assert not any("settings." in i.definition for i in INDICATORS)
    base = next(s for s in load_scenarios() if s.scenario.id == "us-japan-2001")
    assert base.settings.reaction_m == 1


def test_futures_model_records_the_inputs_each_future_reads():
    """Each future reads its own file's ``[[uncertainties]]`` (the union is sampled for all):
    the model says which, for the manifest's ``case_inputs`` (discovery and sensitivity of one
    future leave the others' inputs out)."""
    from anpo.futures import future_files
    from anpo.futures.experiment import FuturesModel

    model = FuturesModel.from_files(future_files())
    worlds = {w.future.id: w for w in book_futures()}
    assert model.inputs_by_case == {
        fid: [u.name for u in w.uncertainties] for fid, w in worlds.items()
    }
    assert model.inputs_by_case["gmd-without-treaty"] == ["gbi_sspk", "china_new_icbms"]


def test_scorecard_labels_say_what_the_numbers_measure():
    """Read as an analyst: 'Japan's share of the cost of the U.S. presence: 75%' read as the
    whole cost, where the figure is the DoD's offset share of the U.S. *non-personnel* stationing
    cost (Report on Allied Contributions to the Common Defense, 2003); 'Share of them lawful:
    100%' counted contributions the law permits only on conditions. The labels say both."""
    from anpo.futures.scorecard import BY_NAME

    burden = BY_NAME["japan_burden_share"]
    assert "non-personnel" in burden.label and "non-personnel" in burden.definition
    lawful = BY_NAME["contributions_lawful_share"]
    assert "on conditions" in lawful.label and "under conditions" in lawful.definition
    # the label names what it is a share of: summary-futures.csv shows it alone as a column
    # header, where 'Share of them lawful' had no referent (review8 #10)
    assert lawful.label.startswith("Share of the contributions asked that are lawful")
    assert "them" not in lawful.label.split()


def test_every_uncertain_input_of_the_futures_book_has_a_label_with_its_unit() -> None:
    """The report names the futures' uncertain inputs by their labels (it printed identifiers
    such as 'framework_delta >= 0.847'); every input of the shipped book carries one, with its
    unit in parentheses, and a label is optional for other files (the name is shown then)."""
    from anpo.scenario.uncertainty import Uncertainty

    for w in book_futures():
        for u in w.uncertainties:
            assert u.label and u.shown == u.label, u.name
            assert u.label.endswith(")") and "(" in u.label, u.label
            assert "_" not in u.label, u.label
    bare = Uncertainty.model_validate(
        {
            "name": "x_y",
            "target": "a.b",
            "distribution": {"kind": "uniform", "low": 0, "high": 1, "basis": "test"},
        }
    )
    assert bare.label == "" and bare.shown == "x_y"


def test_host_nation_support_indicator_says_its_fiscal_year() -> None:
    """The scorecard's yen figure is FY2001's budget scaled by the future (its definition); the
    label said 'billion yen' without the year, so a reader could not tell current from constant
    yen or which year's budget it was."""
    row = next(i for i in INDICATORS if i.name == "japan_hns_bn_yen")
    assert row.label.endswith("(billion yen of FY2001)") and "FY2001" in row.definition


def test_every_undefined_indicator_says_why_without_a_china_dyad() -> None:
    """A future on a valid base scenario with no U.S.-China dyad: the patron's damage read a
    bare 'undefined' (the China indicators said why, it did not); every undefined indicator now
    names its reason (the patron's damage is the extended-deterrence exchange of the dyad,
    Wilkening & Watman 1995)."""
    from anpo.futures.scorecard import format_value, why_undefined

    world = book_futures()[0]
    scen = world.scenario.model_copy(
        update={"dyads": [d for d in world.scenario.dyads if d.rival != "CHN"]}
    )
    bare = world.model_copy(update={"scenario": scen})
    values = indicators(bare)
    assert math.isnan(values["patron_damage"])
    for ind in INDICATORS:
        if math.isnan(values[ind.name]):
            shown = format_value(ind, values[ind.name], why_undefined(bare, ind.name))
            assert shown.startswith("undefined: "), (ind.name, shown)
    assert why_undefined(bare, "patron_damage") == "the scenario has no U.S.-China dyad"


def test_a_base_scenario_without_japan_leaves_japans_indicators_undefined() -> None:
    """A future on a base scenario without Japan: 'Japan covered by missile defense' read 'no'
    and 'Chinese warheads reaching Japan' read 0, figures about a state the scenario does not
    model; both are now undefined, with the reason ([wilkening1999] interception)."""

    world = book_futures()[0]
    sc = world.scenario
    no_japan = sc.model_copy(
        update={
            "actors": [a for a in sc.actors if a.id != "JPN"],
            "alliances": [],
            "dyads": [d.model_copy(update={"ally": None}) for d in sc.dyads],
            "forces": [
                f.model_copy(update={"reaches": [r for r in f.reaches if r != "JPN"]})
                for f in sc.forces
                if set(f.reaches) - {"JPN"}
            ],
            "defenses": [
                d.model_copy(
                    update={
                        "layers": [
                            ly.model_copy(update={"covers": [c for c in ly.covers if c != "JPN"]})
                            for ly in d.layers
                            if set(ly.covers) - {"JPN"}
                        ]
                    }
                )
                for d in sc.defenses
            ],
        }
    )
    bare = world.model_copy(update={"scenario": no_japan})
    _assert_undefined(
        bare,
        ("japan_covered", "china_warheads_at_japan"),
        "undefined: the scenario has no actor JPN (Japan)",
    )


def _assert_undefined(world: World, names: tuple[str, ...], shown: str) -> None:
    """Each indicator of ``names`` is NaN in ``world`` and the scorecard prints ``shown``."""
    from anpo.futures.scorecard import format_value, why_undefined

    values = indicators(world)
    by_name = {i.name: i for i in INDICATORS}
    for name in names:
        assert math.isnan(values[name]), name
        text = format_value(by_name[name], values[name], why_undefined(world, name))
        assert text == shown, text


def test_anpo_validate_checks_a_future_file_as_a_future(tmp_path: Path):
    """`anpo validate` on a future file validates it as a future (its base applied, its
    changes and uncertainties checked), not as a scenario missing its [scenario] table; a broken
    future file gives the futures loader's one line naming file, line and field."""
    runner = CliRunner()
    book = [str(p) for p in future_files()]
    res = runner.invoke(anpo.cli.app, ["validate", *book, "book:us-japan-2001"])
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == len(book) + 1
    assert lines[0].startswith(f"ok: {book[0]}: future status-quo (")
    assert lines[-1].startswith("ok: book:us-japan-2001: us-japan-2001 (")
    broken = tmp_path / "broken.toml"
    text = future_files()[0].read_text(encoding="utf-8")
    broken.write_text(text.replace('kind = "future"', 'kind = "hope"', 1), encoding="utf-8")
    res = runner.invoke(anpo.cli.app, ["validate", str(broken)])
    assert res.exit_code == 2
    [line] = res.output.strip().splitlines()
    assert line.startswith(f"error: {broken}:") and "future.kind" in line, line
    assert "scenario: required field" not in line


def test_japans_exposure_and_the_patrons_price_are_those_of_chinas_strike_on_japan() -> None:
    """The scorecard's decoupling indicators are the extended-deterrence measures (Wilkening &
    Watman 1995; anpo.deterrence.extended), not China's warheads at Japan after a U.S. first
    strike: with no layer covering Japan (the Nixon-pattern danger, futures book) every warhead
    China fires at Japan arrives (the first-strike measure printed 88, the survivors of the
    U.S. strike), and the patron's damage is the extended exchange's expected damage to the U.S.
    A covered Japan (the status quo) receives fewer than China fires."""
    from anpo.deterrence.extended import ally_strike, extended
    from anpo.futures.scorecard import _china_dyad

    worlds = {w.future.id: w for w in book_futures()}
    for fid in ("nixon-pattern", "status-quo"):
        w = worlds[fid]
        ind = indicators(w)
        dyad = _china_dyad(w).model_copy(update={"ally": "JPN"})
        attack, counts = ally_strike(w.case(), dyad)
        fired = sum(c * f.warheads_per_launcher for f, c in zip(attack, counts, strict=True))
        assert fired > 0
        ext = extended(w.case(), dyad)
        assert ind["patron_damage"] == pytest.approx(ext.price_damage, rel=1e-9, abs=1e-15)
        if fid == "nixon-pattern":
            assert ind["japan_covered"] == 0.0
            assert ind["china_warheads_at_japan"] == pytest.approx(fired, rel=1e-9)
        else:
            assert ind["japan_covered"] == 1.0
            assert ind["china_warheads_at_japan"] < fired - 1.0
    label = next(i.label for i in INDICATORS if i.name == "china_warheads_at_japan")
    assert "when China strikes Japan" in label
    question = {i.name: i.question for i in INDICATORS}
    assert question["patron_damage"] == question["china_warheads_at_japan"]


def test_no_warheads_to_strike_japan_with_leaves_exposure_and_price_undefined() -> None:
    """Where China has no force that can reach Japan, there is no strike on Japan: its exposure
    and the U.S.'s price of honouring the guarantee after that strike are undefined, with the
    reason, not 0 (anpo.deterrence.extended)."""
    from anpo.futures.scorecard import why_undefined

    world = book_futures()[0]
    sc = world.scenario
    forces = [
        f.model_copy(update={"reaches": [r for r in f.reaches if r != "JPN"]})
        for f in sc.forces
        if set(f.reaches) - {"JPN"}
    ]
    bare = world.model_copy(update={"scenario": sc.model_copy(update={"forces": forces})})
    _assert_undefined(
        bare,
        ("china_warheads_at_japan", "patron_damage"),
        "undefined: China has no warheads to strike Japan with",
    )
    assert why_undefined(world, "patron_damage") == ""


# ---------------------------------------------------------------------------- inert inputs
def _worst_case_with(extra: str) -> World:
    """The Worst case future with ``extra`` appended to its file (a user's copy of it)."""
    src = next(p for p in future_files() if p.stem == "gmd-without-treaty")
    return parse_future_text(src.read_text(encoding="utf-8") + extra, "worst.toml", src.parent)[1]


#: The Worst case's former input: the allied sea-based layer, which there covers the U.S. alone
#: and engages only theater missiles (IRBM, MRBM, SRBM), none of which reaches the U.S.
OLD_ALLIED_SSPK = """
[[uncertainties]]
name = "allied_sspk"
label = "kill probability of one allied sea-based midcourse interceptor (per shot, 0-1)"
target = "scenario.defenses[gmd-allied].layers[0].sspk"
distribution = { kind = "triangular", low = 0.5, mode = 0.7, high = 0.85 }
basis = "anpo assumption"
"""


def _at(world: World, name: str, q: float) -> dict[str, float]:
    """The indicators with input ``name`` at its ``q`` quantile, the others as written."""
    from anpo.scenario.uncertainty import apply, get_target

    values = {u.name: get_target(world, u.targets[0]) for u in world.uncertainties}
    u = next(u for u in world.uncertainties if u.name == name)
    values[name] = u.ppf([q])[0]
    return indicators(apply(world, values, world.uncertainties))


def _same(a: dict[str, float], b: dict[str, float]) -> bool:
    return all(a[k] == b[k] or (math.isnan(a[k]) and math.isnan(b[k])) for k in a)


def test_no_input_of_the_futures_book_is_inert():
    """Every uncertain input of every built-in future can move a scorecard indicator: none sits
    on a force or defense outside its future's variant or the U.S.-China exchange, or on a
    layer no missile it engages reaches (the structural rule of
    anpo.futures.scorecard.inert_inputs)."""
    from anpo.futures.scorecard import inert_inputs, inert_notes

    worlds = book_futures()
    assert sum(len(w.uncertainties) for w in worlds) >= 12
    assert {w.future.id: inert_inputs(w) for w in worlds} == {w.future.id: {} for w in worlds}
    assert inert_notes(worlds) == []
    worst = next(w for w in worlds if w.future.id == "gmd-without-treaty")
    assert [u.targets for u in worst.uncertainties][0] == [
        "scenario.defenses[nmd-c3].layers[0].sspk"
    ]


def test_an_input_the_structure_rules_out_moves_nothing_and_is_said():
    """The Worst case's former input, the allied sea-based layer's kill probability, cannot move
    any indicator there (the layer covers the U.S. alone and engages only theater missiles):
    the rule finds it, the scorecard at its 5th and 95th percentiles is the same, and
    `anpo futures compare` names it in a note (text and JSON) rather than drawing it silently.
    A force of an actor outside the U.S.-China exchange (Russia's road-mobile ICBMs) is found
    alike; the national layer's kill probability, which replaced it, moves P(China's
    retaliation reaches the U.S.)."""
    from anpo.futures.scorecard import inert_inputs, inert_notes

    world = _worst_case_with(OLD_ALLIED_SSPK)
    inert = inert_inputs(world)
    assert list(inert) == ["allied_sspk"]
    assert (
        "engages only IRBM, MRBM and SRBM missiles, and no such missile reaches it"
        in (inert["allied_sspk"])
    )
    assert _same(_at(world, "allied_sspk", 0.05), _at(world, "allied_sspk", 0.95))
    low, high = _at(world, "gbi_sspk", 0.05), _at(world, "gbi_sspk", 0.95)
    assert low["china_p_reach_us"] > high["china_p_reach_us"] + 0.5
    [note] = inert_notes([world])
    assert note.startswith(
        "The input “kill probability of one allied sea-based midcourse interceptor (per shot, "
        "0-1)” (allied_sspk) moves nothing in “Worst case: 'global missile defense' without the "
        "treaty”: the layer “Sea-based midcourse layer for the U.S. and allies” covers the "
        "United States"
    )
    russian = _worst_case_with(
        OLD_ALLIED_SSPK.replace("allied_sspk", "ru_field")
        .replace("scenario.defenses[gmd-allied].layers[0].sspk", "scenario.forces[ru-mobile]"
                 ".survivable_fraction")
    )  # fmt: skip
    assert inert_inputs(russian) == {
        "ru_field": "the force “SS-25 road-mobile ICBMs” belongs to Russia, which takes no part "
        "in the exchange"
    }


def _status_quo_with(changes: str, extra: str = "") -> World:
    """The Status quo future (theater defense of Japan) with ``changes`` to its base scenario
    and ``extra`` uncertainties (a user's copy of it)."""
    src = next(p for p in future_files() if p.stem == "status-quo")
    text = src.read_text(encoding="utf-8")
    mark = "# ------------------------------------------------------------------ alignment"
    assert text.count(mark) == 1
    text = text.replace(mark, changes + "\n" + mark) + extra
    return parse_future_text(text, "mine.toml", src.parent)[1]


def test_a_strike_at_japan_counts_without_an_ally():
    """The scorecard computes China's warheads reaching Japan whenever the scenario has Japan,
    ally or not (``deterrence_indicators`` makes Japan the dyad's ally, the extended-deterrence
    exchange's strike on Japan): with a U.S.-China dyad that names no ally, the
    theater layer covering Japan still meets China's DF-4s and regional MRBMs there, so its
    kill probability is not inert, and its 5th and 95th percentiles give different arrivals
    (Wilkening 1999 interception)."""
    from anpo.futures.scorecard import inert_inputs

    world = _status_quo_with(
        """
[[changes]]
target = "dyads"
set = [{ defender = "USA", rival = "CHN", label = "U.S.-China", growth = "cn-df31a-projected" }]
basis = "test: a dyad without an ally"
"""
    )
    assert [d.ally for d in world.scenario.dyads] == [None]
    assert "theater_sspk" in {u.name for u in world.uncertainties}
    assert inert_inputs(world) == {}
    low, high = _at(world, "theater_sspk", 0.05), _at(world, "theater_sspk", 0.95)
    assert low["china_warheads_at_japan"] > high["china_warheads_at_japan"] + 1.0


def test_without_a_china_dyad_only_inputs_no_indicator_reads_are_inert():
    """With no U.S.-China dyad the scorecard computes no exchange, but it still reads which layers
    of the variant cover Japan and whether the U.S. is Japan's ally: a draw on what a layer
    defends (value or silos) flips 'Japan covered', a draw on the alliance's patron flips
    'Japan allied', so neither is inert; the theater layer's kill probability, read only by the
    exchange, is."""
    from anpo.futures.scorecard import inert_inputs

    extra = """
[[uncertainties]]
name = "tmd_defends"
target = "scenario.defenses[tmd-japan].layers[0].defends"
distribution = { kind = "choice", values = ["value", "silos"] }
basis = "test"

[[uncertainties]]
name = "patron"
target = "scenario.alliances[0].patron"
distribution = { kind = "choice", values = ["USA", "RUS"] }
basis = "test"
"""
    world = _status_quo_with(
        """
[[changes]]
target = "dyads"
set = []
basis = "test: no dyad"
""",
        extra,
    )
    assert world.scenario.dyads == []
    assert inert_inputs(world) == {
        "theater_sspk": "the scenario has no U.S.-China dyad, so the scorecard computes no "
        "exchange, and only the exchange reads it"
    }
    # each of the others moves an indicator between two of its values
    for name, key in (("tmd_defends", "japan_covered"), ("patron", "japan_allied")):
        ends = {_at(world, name, q)[key] for q in (0.1, 0.9)}
        assert ends == {0.0, 1.0}, name


def test_the_scorecard_command_names_an_inert_input(tmp_path):
    """`anpo futures compare FILE` on a user's future with an input that moves nothing prints
    '... moves nothing in ...: why' under the scorecard, and its JSON lists it in ``notes``."""
    src = next(p for p in future_files() if p.stem == "gmd-without-treaty")
    path = tmp_path / "worst.toml"
    path.write_text(
        src.read_text(encoding="utf-8").replace("worst case", "user's copy") + OLD_ALLIED_SSPK,
        encoding="utf-8",
    )
    res = CliRunner().invoke(anpo.cli.app, ["futures", "compare", str(path)])
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    assert "(allied_sspk) moves nothing in “Worst case: 'global missile defense' without" in text
    assert "no such missile reaches it in the variant “global missile defense with China" in text
    res = CliRunner().invoke(anpo.cli.app, ["futures", "compare", str(path), "--json"])
    notes = json.loads(res.output)["notes"]
    assert [n for n in notes if "(allied_sspk) moves nothing" in n] != []


@pytest.mark.slow  # every input of every future at two quantiles: about 5 s
def test_every_input_of_the_futures_book_moves_an_indicator():
    """Evaluated, not read from the structure: each input of each built-in future, at its 5th
    and 95th percentiles with the others as written, gives at least one different indicator
    (the collective-self-defense future's allied-layer kill probability and Japan's added
    interceptors move the warheads expected at Japan, its propensity change Japan's margin)."""
    moved = {}
    for w in book_futures():
        for u in w.uncertainties:
            low, high = _at(w, u.name, 0.05), _at(w, u.name, 0.95)
            moved[(w.future.id, u.name)] = [k for k in low if not _same({k: low[k]}, {k: high[k]})]
    assert all(moved.values()), [k for k, v in moved.items() if not v]
    assert "china_warheads_at_japan" in moved[("collective-self-defense", "japan_interceptors")]
    assert "china_warheads_at_japan" in moved[("collective-self-defense", "allied_sspk")]
    assert "japan_margin" in moved[("collective-self-defense", "alliance_delta")]
    assert "china_p_reach_us" in moved[("gmd-without-treaty", "gbi_sspk")]


def test_the_report_names_an_inert_input_by_its_label():
    """The report shows inputs by their labels, never by identifiers (the built report's
    test): its note on an input that moves nothing leaves the name out; the command's keeps it,
    for the user who wrote the file."""
    from anpo.futures.scorecard import inert_notes

    world = _worst_case_with(OLD_ALLIED_SSPK)
    [report] = inert_notes([world], names=False)
    [command] = inert_notes([world])
    assert "allied_sspk" not in report and "(allied_sspk)" in command
    assert report == command.replace(" (allied_sspk)", "")


def test_the_japan_interceptors_label_says_the_layer_total_its_draw_sets() -> None:
    """The collective-self-defense future's ``japan_interceptors`` draw replaces the allied
    sea-based layer's total (a draw of 160 gives a layer of 160 interceptors,
    anpo.scenario.uncertainty.apply), so its label, shown in the report's Sobol' table and in
    explore outputs, names that total with the U.S. part of it (100 in the us-japan-2001
    scenario book's gmd-allied layer), not the interceptors Japan adds."""
    from anpo.scenario.load import load_scenario
    from anpo.scenario.uncertainty import apply, get_target

    world = next(w for w in book_futures() if w.future.id == "collective-self-defense")
    values = {u.name: get_target(world, u.targets[0]) for u in world.uncertainties}
    target = "scenario.defenses[gmd-allied].layers[0].interceptors"
    [u] = [u for u in world.uncertainties if u.name == "japan_interceptors"]
    assert u.targets == [target]
    drawn = apply(world, {**values, "japan_interceptors": 160}, world.uncertainties)
    assert get_target(drawn, target) == 160
    base = load_scenario("book:us-japan-2001")
    us = next(d for d in base.defenses if d.id == "gmd-allied").layers[0].interceptors
    assert u.label.startswith("interceptors in the allied sea-based layer")
    assert f"the {us} U.S. ones and Japan's together" in u.label and "adds" not in u.label


def test_scorecard_keeps_every_future_and_names_a_bad_argument():
    """Two futures of one title were one column (the second replaced the first); one World
    instead of a list was "'tuple' object has no attribute 'scenario'"."""
    from anpo.futures import scorecard

    worlds = load_book()
    w = worlds[0]
    cols = scorecard([w, w]).columns.tolist()
    assert len(cols) == 5 and cols[2] != cols[3]
    assert f"({w.future.id})" in cols[2]
    assert scorecard(worlds[:2]).columns.tolist()[2:4] == [x.future.title for x in worlds[:2]]
    for bad in (w, ["status-quo"]):
        with pytest.raises(FutureError) as err:
            scorecard(bad)  # type: ignore[arg-type]
        assert err.value.field == "worlds"


def test_japan_is_not_covered_by_layers_that_cannot_stop_what_china_fires_at_it() -> None:
    """'Japan covered by missile defense' read yes for any layer listing Japan in ``covers``:
    with every such layer's interceptors at 0, or engaging only a missile class China fires
    none of at Japan, it still read yes while China's warheads at Japan were those of no
    defense at all. It is now the deterrence answer's ``covered``
    (:meth:`anpo.deterrence.scenario.Case.defending_layers`, [wilkening1999] interception)."""
    worlds = {w.future.id: w for w in book_futures()}
    world = worlds["status-quo"]
    sc = world.scenario
    fired = {f.missile_class for f in sc.forces if f.actor == "CHN" and "JPN" in f.reaches}
    unused = [c for c in ("ICBM", "IRBM", "MRBM", "SRBM") if c not in fired]
    assert indicators(world)["japan_covered"] == 1.0
    assert unused
    at_japan = []
    for change in ({"interceptors": 0}, {"engages": (unused[0],)}):
        defenses = [
            d.model_copy(
                update={
                    "layers": [
                        ly.model_copy(update=change) if "JPN" in ly.covers else ly
                        for ly in d.layers
                    ]
                }
            )
            for d in sc.defenses
        ]
        changed = sc.model_copy(update={"defenses": defenses})
        ind = indicators(world.model_copy(update={"scenario": changed}))
        assert ind["japan_covered"] == 0.0, change
        at_japan.append(ind["china_warheads_at_japan"])
    # both are Japan without defense: the same warheads arrive
    assert at_japan[0] == pytest.approx(at_japan[1], rel=1e-12)


def test_two_futures_of_one_id_are_refused_at_the_second_files_id(tmp_path: Path):
    """`anpo futures compare a.toml b.toml` with one id in both printed two columns a reader
    could not tell apart, and its JSON kept one of them (values are keyed by id); `anpo explore
    run` said "a future is given twice: ['x', 'x']" without a file. Both now name the second
    file, the line of its ``[future] id`` and the first file."""
    src = next(p for p in future_files() if p.stem == "gmd-without-treaty")
    text = src.read_text(encoding="utf-8").replace('id = "gmd-without-treaty"', 'id = "mine"')
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(text, encoding="utf-8")
    b.write_text(text.replace("delta = -2.0", "delta = -1.0"), encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln == 'id = "mine"')
    for args in (["futures", "compare"], ["futures", "compare", "--json"]):
        res = CliRunner().invoke(anpo.cli.app, [*args, str(a), str(b)])
        assert res.exit_code == 2, res.output
        assert res.output.startswith(f"error: {b}:{line}: future.id: future id 'mine' is also "
                                     f"the id of {a}"), res.output  # fmt: skip
    res = CliRunner().invoke(anpo.cli.app, ["futures", "compare", "status-quo", "status-quo"])
    assert res.exit_code == 2 and "future 'status-quo' is given twice" in res.output
    with pytest.raises(FutureError) as info:
        ex.run([a, b], n=2, seed=1, out=tmp_path / "run")
    assert (info.value.file, info.value.line, info.value.field) == (str(b), line, "future.id")
    assert not (tmp_path / "run").exists()


def test_a_choice_of_dates_is_refused_in_words(tmp_path: Path):
    """The schema's docstring offered ``law.date`` with a ``choice``, which no file could
    give: TOML dates in a choice read "Input should be a valid boolean (got
    datetime.date(2001, 7, 10)) (and 1 more problem)". A choice of dates is now refused in
    words, at the values; the docstring says a date is not sampled."""
    from anpo.futures import schema

    src = next(p for p in future_files() if p.stem == "gmd-without-treaty")
    extra = (
        '\n[[uncertainties]]\nname = "law_date"\ntarget = "law.date"\n'
        'distribution = { kind = "choice", values = [2001-07-10, 2016-03-29] }\n'
        'basis = "anpo assumption: a test"\n'
    )
    text = src.read_text(encoding="utf-8") + extra
    with pytest.raises(FutureError) as info:
        parse_future_text(text, "f.toml", None)
    err = info.value
    assert err.field.endswith("distribution.values") and "valid boolean" not in err.message
    assert "a date or time is not sampled" in err.message
    assert err.line == len(text.splitlines()) - 1
    assert "``law.date`` with a ``choice``" not in (schema.__doc__ or "")


def test_compare_titles_a_users_future_and_names_a_scenario_file(tmp_path: Path):
    """`anpo futures compare my.toml` titled the user's own future "The seed's futures side by
    side"; given a scenario file it said "scenario: unknown key 'scenario' ... (and 13 more
    problems)". The title is the seed's only for the book's futures, and a scenario file is
    named as one."""
    from anpo.scenario.load import book_files

    src = next(p for p in future_files() if p.stem == "gmd-without-treaty")
    mine = tmp_path / "mine.toml"
    mine.write_text(
        src.read_text(encoding="utf-8").replace('id = "gmd-without-treaty"', 'id = "mine"'),
        encoding="utf-8",
    )
    res = CliRunner().invoke(anpo.cli.app, ["futures", "compare", str(mine)])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("Futures side by side\n") and "seed's" not in res.output
    res = CliRunner().invoke(anpo.cli.app, ["futures", "compare", "gmd-without-treaty"])
    assert res.output.startswith("The seed's futures side by side\n")
    scen = next(p for p in book_files() if p.stem == "us-japan-2001")
    res = CliRunner().invoke(anpo.cli.app, ["futures", "compare", str(scen)])
    assert res.exit_code == 2
    assert res.output == (
        f"error: {scen}: a scenario file, not a future file (it has a [scenario] table and no "
        "[future] table): anpo explore run and anpo validate take scenario files; a future "
        "file names one as its [base]\n"
    )


def test_alignment_instance_path_is_relative_to_the_future_file(tmp_path, monkeypatch):
    """A future's ``[alignment] instance`` file is found beside the future file, as its
    ``[base] scenario`` is: the file validated from its own folder and failed with 'no such
    file' from any other (the path was read from the working folder)."""
    from importlib import resources

    from anpo.futures.load import load_future

    sub = tmp_path / "sub"
    sub.mkdir()
    book = resources.files("anpo.align") / "book" / "asia_pacific_2001.toml"
    (sub / "inst.toml").write_text(book.read_text(encoding="utf-8"), encoding="utf-8")
    text = next(p for p in future_files() if p.stem == "status-quo").read_text(encoding="utf-8")
    assert "[alignment]\n" not in text  # the book's future uses the default instance
    text = text.replace(
        "[[alignment.changes]]", '[alignment]\ninstance = "inst.toml"\n\n[[alignment.changes]]', 1
    )
    (sub / "f.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, world = load_future(Path("sub") / "f.toml")
    assert Path(world.alignment.instance).resolve() == (sub / "inst.toml").resolve()
    res = CliRunner().invoke(anpo.cli.app, ["validate", "sub/f.toml"])
    assert res.exit_code == 0, res.output
    # an absolute path and a built-in instance are taken as written
    (sub / "g.toml").write_text(
        text.replace('"inst.toml"', json.dumps(str(sub / "inst.toml"))), encoding="utf-8"
    )
    assert load_future(sub / "g.toml")[1].alignment.instance == str(sub / "inst.toml")


@pytest.mark.parametrize("names", ["status-quo", ["status-quo", 3], [None], 3, object()])
def test_resolve_names_its_argument(names):
    """resolve('status-quo') read the id letter by letter ("unknown future 's'"), 3 or None
    in the list was pathlib's bare TypeError, and 3 or an object for the list a bare 'not
    iterable'."""
    from anpo.futures import resolve

    with pytest.raises(FutureError) as err:
        resolve(names)
    assert err.value.field == "names"
    assert resolve(["status-quo"]) == [p for p in future_files() if p.stem == "status-quo"]


def test_definitions_name_the_reaction_goal_of_the_futures_scenarios():
    """The indicators' definitions read the reaction-curve goal from the futures' scenario
    settings (they typed 'm = 1 warhead and q = 0.9 in the book' and '1 in the book'); futures
    with different goals get the general words."""
    from types import SimpleNamespace

    from anpo.futures.scorecard import BY_NAME, definition_of

    def world(m: int, q: float) -> SimpleNamespace:
        settings = SimpleNamespace(reaction_m=m, reaction_q=q)
        return SimpleNamespace(scenario=SimpleNamespace(settings=settings))

    retaliation, reach = BY_NAME["china_assured_retaliation"], BY_NAME["china_p_reach_us"]
    two = [world(2, 0.95), world(2, 0.95)]
    assert "settings (m = 2 warheads and q = 0.95 here); Kent" in definition_of(retaliation, two)
    assert definition_of(reach, two).endswith("goal asks for (2 here)")
    mixed = [world(2, 0.95), world(1, 0.9)]
    assert "settings; Kent" in definition_of(retaliation, mixed)
    assert definition_of(reach, mixed).endswith("goal asks for")
    assert not any("{" in definition_of(i, two) for i in BY_NAME.values())


def test_a_future_that_reuses_the_books_distribution_has_the_books_distribution() -> None:
    """review16 R5/R5b: four futures drew the sea-based SSPK from triangular(0.5, 0.7, 0.85)
    ("the book's 0.7 as the mode") where the 2001 scenario book draws the same layers from
    Beta(7, 3) (mode 0.75; 0.7 its point value and mean), and the treaty-less GMD future drew
    China's new ICBMs from 40-100 where the book gives the NIC's 55-80 (NIC, Dec 2001). A future
    input whose target the book also draws, and whose basis says it is the scenario book's
    distribution, has exactly the book's distribution; the sea-based SSPK and the new ICBMs do."""
    from importlib.resources import files

    book = tomllib.loads(
        files("anpo.scenario.book").joinpath("us-japan-2001.toml").read_text("utf-8")
    )
    by_target = {}
    for u in book["uncertainties"]:
        for t in [u["target"]] if isinstance(u["target"], str) else u["target"]:
            by_target[t] = u["distribution"]
    reused = set()
    for path in future_files():
        future = tomllib.loads(path.read_text(encoding="utf-8"))
        if future["base"]["scenario"] != "book:us-japan-2001":
            continue
        for u in future.get("uncertainties", []):
            target = u["target"]
            if not target.startswith("scenario.") or target[9:] not in by_target:
                continue
            assert "the scenario book's distribution for the same" in u["basis"], (path, u)
            assert u["distribution"] == by_target[target[9:]], (path.name, u["name"])
            reused.add(u["name"])
    assert {"theater_sspk", "allied_sspk", "gbi_sspk", "china_new_icbms"} <= reused


def test_a_futures_probability_reads_alike_in_the_cli_the_web_and_the_report(monkeypatch):
    """0.9992 (a probability of China's retaliation reaching the U.S., and the patron's
    price, deterrence model outputs) read '99.9%' in the futures scorecard while the report's
    deterrence section wrote '> 99.9%' for the same kind of number; every writer of a futures
    probability now uses the report's one formatter at the model's resolution
    (``fmt_number(x, "resolved-percent")``): ``anpo futures compare --json``'s shown text,
    the web API's scorecard cell, the report's banded cell; a share of data (the side's CINC
    share) keeps its three significant figures and reads '0.05%', not '< 0.1%', a bound that
    spoke of the deterrence model's resolution."""
    import importlib

    import pandas as pd

    import anpo.futures as fut
    from anpo.futures import report as fr
    from anpo.report.format import fmt_number
    from anpo.web import api_futures

    # the module (anpo.futures.scorecard the attribute is the function it exports)
    sc = importlib.import_module("anpo.futures.scorecard")
    real = sc.indicators
    forced = {"china_p_reach_us": 0.9992, "patron_damage": 0.9992, "side_capability_share": 5e-4}

    def fake(world):
        return {**real(world), **forced}

    monkeypatch.setattr(sc, "indicators", fake)
    monkeypatch.setattr(fut, "indicators", fake)
    api_futures.scorecard.cache_clear()
    try:
        cards = api_futures.scorecard()
    finally:
        api_futures.scorecard.cache_clear()
    res = CliRunner().invoke(anpo.cli.app, ["futures", "compare", "--json"])
    assert res.exit_code == 0, res.output
    shown = {i["name"]: i["shown"] for i in json.loads(res.output)["indicators"]}
    web = {row.name: [c.text for c in row.cells] for row in cards.indicators}
    for name, kind in (
        ("china_p_reach_us", "resolved-percent"),
        ("patron_damage", "resolved-percent"),
        ("side_capability_share", "percent"),
    ):
        want = fmt_number(forced[name], kind)
        assert set(shown[name].values()) == {want}, (name, shown[name])
        assert set(web[name]) == {want}, (name, web[name])
        ind = sc.BY_NAME[name]
        assert fr._cell(ind, forced[name], pd.Series([forced[name]] * 4), "") == want
    assert fmt_number(0.9992, "resolved-percent") == "> 99.9%"
    assert fmt_number(5e-4, "percent") == "0.05%"


def test_a_share_of_samples_reads_at_the_samples_resolution_in_the_report_and_the_web() -> None:
    """A yes/no indicator's share of samples yes is an estimate from samples, not a model's
    probability: the report's cell wrote 26 of 64 samples '41%' (a whole percent) and the
    web page's exploration table '40.6%' for the same samples; both write it at the samples'
    resolution (one sample in n: a whole percent up to 100 samples, a tenth up to 1,000)."""
    import numpy as np
    import pandas as pd

    from anpo.futures import report as fr
    from anpo.futures.scorecard import BY_NAME
    from anpo.web.api_futures import case_statistics

    ind = BY_NAME["china_assured_retaliation"]
    for yes, n, want in ((26, 64, "41%"), (406, 1000, "40.6%"), (1, 201, "0.5%")):
        ys = np.array([1.0] * yes + [0.0] * (n - yes))
        web = case_statistics(ys, ind.name, "anpo.futures:status-quo")["mean_text"]
        assert web == want, (n, web)
        cell = fr._cell(ind, 0.0, pd.Series(ys), "")
        assert cell == f"no ({want} of samples yes)", cell


def test_alignment_result_refuses_a_minimum_its_node_budget_did_not_prove(monkeypatch):
    """review20 F7: the scorecard's alignment took ``land.solve("exact")`` (a 30 s wall-clock
    budget) as the global minimum without looking at ``proven``. It has a node budget now, and a
    search that spends it is a documented error, not an alignment: with one node it is spent on
    the status-quo future's instance."""
    import importlib

    from anpo.errors import BudgetExceededError
    from anpo.futures.scorecard import alignment_result

    world = next(w for w in book_futures() if w.alignment is not None)
    assert alignment_result(world)["side"]  # the default budget proves it
    # the module, not anpo.align's function of the same name
    al = importlib.import_module("anpo.align.landscape")
    monkeypatch.setattr(al, "REPRODUCIBLE_MAX_NODES", 1)
    with pytest.raises(BudgetExceededError, match="not proven within 1 node of branch and bound"):
        alignment_result(world)


def _status_quo_aligned(*entries: str) -> str:
    """The Status quo's text with ``[[alignment.changes]]`` entries appended after its own one
    (``entries``: each entry's keys, a basis added)."""
    src = next(p for p in future_files() if p.stem == "status-quo").read_text(encoding="utf-8")
    more = "".join(
        f'\n[[alignment.changes]]\n{e}\nbasis = "anpo assumption: a test"\n' for e in entries
    )
    at = src.index("[law]")
    return src[:at] + more + "\n" + src[at:]


def _data_warnings(text: str, source: str) -> list[str]:
    """The DataWarnings that parsing ``text`` as future file ``source`` gives."""
    import warnings

    from anpo.errors import DataWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parse_future_text(text, source=source, base_dir=future_files()[0].parent)
    return [str(w.message) for w in caught if issubclass(w.category, DataWarning)]


def test_an_alignment_delta_a_later_value_replaces_is_a_warning_naming_both(tmp_path: Path):
    """A fixed delta on a pair that a later ``[[alignment.changes]]`` sets to a value has no
    effect (the changes apply in file order and a value replaces what came before:
    anpo.futures.schema.AlignmentSpec, the futures tutorial): it was dropped silently. Now a
    DataWarning names the file, the future, the pair and both entries with their lines, and
    `anpo validate` prints it as a warning while the file stays valid. A delta after a value
    (it adds), and a value on only some of an earlier change's pairs (the others keep it),
    give none; nor does any future of the book."""
    text = _status_quo_aligned(
        'pairs = [["JPN", "CHN"]]\ndelta = 0.5', 'pairs = [["CHN", "JPN"]]\nvalue = 1.0'
    )
    lines = text.splitlines()
    delta_line = lines.index("delta = 0.5") + 1
    value_line = lines.index("value = 1.0") + 1
    [said] = _data_warnings(text, "mine.toml")
    assert said.startswith("mine.toml: future status-quo: "), said
    assert f"alignment.changes[1] (line {delta_line}: delta = 0.5) has no effect" in said, said
    assert f"JPN-CHN by alignment.changes[2] (line {value_line}: value = 1)" in said, said
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(anpo.cli.app, ["validate", str(path)])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith(f"ok: {path}: future status-quo"), r.stdout
    assert r.stderr.strip() == f"warning: {path}: " + said.removeprefix("mine.toml: ")
    # no effect lost: a delta after a value adds to it; a later value on one of the
    # framework's pairs leaves the others the change
    after = _status_quo_aligned(
        'pairs = [["JPN", "CHN"]]\nvalue = 1.0', 'pairs = [["CHN", "JPN"]]\ndelta = 0.5'
    )
    assert _data_warnings(after, "after.toml") == []
    some = _status_quo_aligned('pairs = [["JPN", "PHI"]]\nvalue = 1.0')
    assert _data_warnings(some, "some.toml") == []
    for p in future_files():
        assert _data_warnings(p.read_text(encoding="utf-8"), str(p)) == [], p.name


def test_a_whole_framework_set_pair_by_pair_afterwards_names_each_later_change():
    """A change on every pair among three actors, each pair then set by one of two later
    values, has no effect: the warning lists the pairs under the change that sets them
    (anpo.futures.load.replaced_alignment_changes: every pair of the change is set later);
    without the last of them one pair keeps the change, and nothing is said."""
    last = 'pairs = [["ROK", "USA"]]\nvalue = 0.5'
    first = 'pairs = [["JPN", "ROK"], ["USA", "JPN"]]\nvalue = 2.0'
    among = 'among = ["JPN", "ROK", "USA"]\ndelta = 1.0'
    [said] = _data_warnings(_status_quo_aligned(among, first, last), "f.toml")
    assert "alignment.changes[1] (line " in said and "delta = 1) has no effect" in said, said
    assert "JPN-ROK, JPN-USA by alignment.changes[2] (line " in said, said
    assert "ROK-USA by alignment.changes[3] (line " in said, said
    assert _data_warnings(_status_quo_aligned(among, first), "f.toml") == []


def test_scorecard_takes_a_generator_and_refuses_no_worlds() -> None:
    """audit33 item 2: a generator of worlds was consumed by the type check, so the table had no
    future's column (17 x 3: question, indicator, definition); an empty list gave that same
    empty table. A generator now gives the list's table; no world is a FutureError naming
    ``worlds``."""
    from anpo.futures import scorecard

    worlds = book_futures()[:1]
    from_list = scorecard(worlds)
    from_generator = scorecard(w for w in worlds)
    assert worlds[0].future.title in from_generator.columns
    assert from_generator.equals(from_list)
    for none in ([], (), iter([])):
        with pytest.raises(FutureError) as info:
            scorecard(none)
        assert info.value.field == "worlds"
        assert "at least one world" in info.value.message

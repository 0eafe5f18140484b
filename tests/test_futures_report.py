"""The futures report sections: generated answer, findings, figures with descriptions, the
scorecard with bands, PRIM boxes and Sobol' indices; nothing prints floating-point noise."""

from __future__ import annotations

import re

import pytest

from _support import book_futures
from anpo.futures import report as fr
from anpo.report.sections import ReportContext


@pytest.fixture(scope="module")
def sections():
    # the smaller designs only while building: held for the module's life, they leaked into
    # the tests that read the constants (N_SOBOL read 8 in the Sobol' caveat's test)
    mp = pytest.MonkeyPatch()
    mp.setattr(fr, "N_BANDS", 16)
    mp.setattr(fr, "N_SOBOL", 8)
    try:
        return fr.build(ReportContext(scenarios=[], seed=7))
    finally:
        mp.undo()


@pytest.mark.slow
def test_sections_answer_with_findings_and_figures(sections):
    side, drivers = sections
    assert side.id == "futures" and side.title == "The seed's futures side by side"
    assert drivers.id == "futures-drivers" and drivers.title == "What decides the outcome"
    for sec in sections:
        assert sec.answer and sec.caveat and sec.findings
        assert sec.figures and all(f.description and f.definition for f in sec.figures)
        assert sec.tables
        for t in sec.tables:
            text = t.frame.to_string()
            assert not re.search(r"\b(nan|inf)\b", text, flags=re.IGNORECASE), t.title
    # an undefined measure says why, in words
    card_text = side.tables[0].frame.to_string()
    assert "undefined: no U.S. forces stationed in Japan" in card_text
    # the answer names the year of the futures' base scenario (the seed's, 2001), from the files
    assert side.answer.startswith("In the 2001 world the futures start from (their base")
    # N and the seed are stated where the bands are shown
    assert "16 samples" in side.model and "seed 7" in side.model
    card = side.tables[0].frame
    assert len(card.columns) == 2 + 6 and len(card) == len(fr_indicators())
    # bands appear where an outcome varies (the multinational framework's side)
    assert any("[" in str(v) for v in card.iloc[:, 2:].to_numpy().ravel())
    # the Sobol' design is said to be below the tool's own threshold, with the runs it made
    # (8 base samples x (d + 2) for each built-in future's d inputs)
    from anpo.futures import future_files, load_future

    runs = sum(8 * (len(load_future(p)[1].uncertainties) + 2) for p in future_files())
    assert f"its Saltelli designs are {runs:,} model runs" in drivers.caveat
    # the floor is the tool's constant (it was 64 and became 128; a typed-in 64 went stale)
    from anpo.explore.space import MIN_SALTELLI_N

    assert MIN_SALTELLI_N > 8
    assert f"8 base samples per future is below the {MIN_SALTELLI_N} under which" in drivers.caveat


@pytest.mark.slow
def test_findings_follow_the_numbers(sections):

    side, _ = sections
    q = {f.question: f for f in side.findings}
    decouple = q["Which future decouples Japan?"]
    assert "Danger: the U.S. deals with China over Japan's head" in decouple.answer
    # the key number names the future of each figure (it read '88 vs 16 warheads'), by its
    # title as the answer does (it read '88 (nixon-pattern) vs 16 (collective-self-defense)')
    # each figure with its 5–95% band where its samples vary, as the scorecard cell prints it:
    # a key number carries its uncertainty (it gave the value as written only)
    m = re.fullmatch(
        r"([\d.]+)( \[[^\]]+\])? \((.+)\) vs ([\d.]+)( \[[^\]]+\])? \((.+)\) Chinese warheads "
        r"expected at Japan when China strikes it \(as written \[5–95% band over 16 samples of the futures' own "
        r"inputs\]\)",
        decouple.number,
    )
    assert m, decouple.number
    assert m.group(3) == "Danger: the U.S. deals with China over Japan's head"
    assert float(m.group(1)) >= float(m.group(4)) and "-" not in m.group(6).split()[0]
    # each figure as the scorecard prints it (the number and the answer said '16' for its 15.9)
    card = side.tables[0].frame.set_index("indicator")
    at_japan = card.loc["Chinese warheads reaching Japan when China strikes Japan (expected)"]
    for value, band, title in (m.group(1, 2, 3), m.group(4, 5, 6)):
        assert str(at_japan[title]) == value + (band or ""), (title, at_japan[title])
    # the least exposed future's figure varies with its interceptors' kill probability
    assert m.group(5), decouple.number
    for value, title in ((m.group(1), m.group(3)), (m.group(4), m.group(6))):
        # the answer quotes the future's title, which holds colons and commas, among the
        # futures tied with it (both futures without cover receive every warhead fired)
        assert re.search(
            rf"“{re.escape(title)}”(, “[^”]+”)*( and “[^”]+”)? \({re.escape(value)}(?![\d.])",
            side.answer,
        )
    assert "“Worst case: 'global missile defense' without the treaty” (108 " in side.answer
    assert (
        "lands the most warheads under “Danger: the U.S. deals with China over Japan's head” "
        "and “Worst case" in decouple.answer
    )
    # the margin's key number says what the margin is and prints the scorecard's ends
    margin = q["Who stands on the U.S.-Japan side in each future?"].number
    assert margin.startswith("Japan's margin on its side (the rise of its own frustration")
    # each end as the scorecard's cell prints it (value and band), with its future's title
    m = re.fullmatch(
        r"Japan's margin on its side \(.+; larger is firmer\) ([\d.]+(?: \[[^\]]+\])?) \((.+)\)"
        r" to ([\d.]+(?: \[[^\]]+\])?) \((.+?)\)(?: \(as written \[5–95% band over 16 "
        r"samples of the futures' own inputs\](?:; under “[^”]+” the value as written lies outside its band, for the "
        r"reason the scorecard gives)?\))?",
        margin,
    )
    assert m, margin
    row = card.loc["Japan's margin on its side"]
    for cell, title in (m.group(1, 2), m.group(3, 4)):
        assert str(row[title]) == cell, (title, row[title], cell)
    assert float(m.group(1).split()[0]) <= float(m.group(3).split()[0])
    # the DoD figure is the DoD's, whatever the futures scale it to
    from anpo.futures.scorecard import burden_base

    pay = q["How much of the U.S. presence does Japan pay for in each future?"]
    base = burden_base()
    about = "about " if base["offset_approximate"] else ""
    shown = f"{100 * base['offset_share']:.{0 if about else 1}f}%"
    assert pay.number == f"DoD offset share {base['offset_year']} = {about}{shown}"
    # the figure is relayed by a press account: the finding says so, as the burden section does
    assert base["offset_primary"] or "press account" in pay.confidence
    # no input is named by its identifier where the reader needs words (framework_delta ...)
    _, drivers = sections
    inputs = {u.name: u for w in book_futures() for u in w.uncertainties}
    shown = " ".join(
        [
            drivers.answer,
            *(t.frame.to_string() for t in drivers.tables),
            *(f.answer for f in drivers.findings),
        ]
    )
    assert not [n for n in inputs if n in shown], shown
    assert inputs["framework_delta"].label in drivers.answer
    assert (
        "no U.S. forces left"
        in q["How much of the U.S. presence does Japan pay for in each future?"].answer
    )


def fr_indicators():
    from anpo.futures.scorecard import INDICATORS

    return INDICATORS


def test_lawful_finding_keeps_futures_that_ask_nothing_apart():
    """A future that asks nothing of Japan (share undefined) is neither 'all lawful' nor 'not
    all': the finding says nothing is asked there (the report said 'not all under the others',
    the worst case included)."""
    text = fr._lawful_sentence(
        {"Status quo": 0.5, "Collective self-defense": 1.0, "Worst case": float("nan")}
    )
    assert text == (
        "All of them (outright or under conditions) under “Collective self-defense”; not all "
        "under “Status quo”; "
        "nothing is asked of Japan under “Worst case”."
    )
    # several titles are quoted: they hold commas ('Status quo, more initiative ...')
    two = fr._lawful_sentence({"Status quo, more": 0.5, "Danger: the U.S.": 0.5, "C": 1.0})
    assert "not all under “Status quo, more” and “Danger: the U.S.”" in two
    assert "Worst case" not in fr._lawful_sentence({"A": 1.0, "B": 0.5}) and (
        "nothing is asked" not in fr._lawful_sentence({"A": 1.0, "B": 0.5})
    )


def test_futures_figure_names_futures_by_their_titles():
    """The figure's rows carry the scorecard's future titles (wrapped), never file ids such as
    'nixon-pattern' that the report defines nowhere."""

    for w in book_futures():
        label = fr._future_label(w.future.title)
        assert label.replace("\n", " ") == w.future.title
        assert max(len(line) for line in label.splitlines()) <= 30


def test_futures_figure_gives_the_probability_in_percent(monkeypatch):
    """The figure's right panel drew P(China's retaliation reaches the U.S.) on an axis of 0 to
    1 beside a scorecard, key numbers and a web chart that give it in percent (64.6%): its
    ticks read percent and its title and description say so; the other panels (a count of
    warheads, a margin) keep their numbers."""
    import anpo.futures
    from anpo.futures import future_files
    from anpo.futures.load import load_future

    files = [p for p in future_files() if p.stem in ("status-quo", "gmd-without-treaty")]
    monkeypatch.setattr(anpo.futures, "future_files", lambda: files)
    monkeypatch.setattr(anpo.futures, "load_book", lambda: [load_future(p)[1] for p in files])
    monkeypatch.setattr(fr, "N_BANDS", 4)
    side, _ = fr._side_by_side(ReportContext(scenarios=[], seed=7))
    fig = side.figures[0]
    ticks = re.findall(r"<text[^>]*>(\d+%)</text>", fig.svg)
    assert len(ticks) >= 3, ticks  # the right panel's ticks
    assert "(%)" in fig.svg
    assert fig.description.endswith("reaches the U.S., in percent.")


@pytest.mark.slow
def test_futures_figure_shows_titles_not_ids(sections):
    side, _ = sections
    svg = side.figures[0].svg
    assert "nixon-pattern" not in svg and "gmd-without-treaty" not in svg
    assert "over Japan&#x27;s head" in svg or "over Japan's head" in svg


@pytest.mark.slow
def test_scorecard_says_where_the_value_as_written_lies_outside_its_band(sections):
    """The multinational framework's file sets framework_delta at the top of its range (2.0 of
    uniform(0.25, 2.0)): its margins as written lie above their 5–95% bands, which the caption
    now says instead of leaving '1.56 [1.22-1.54]' unexplained."""
    side, _ = sections
    card, caption = side.tables[0].frame, side.tables[0].caption
    col = "A multinational framework, door open to China"
    shown = card.set_index("indicator").loc["Japan's margin on its side", col]
    point = float(shown.split(" [")[0])
    lo, hi = (float(x) for x in shown.split("[")[1].rstrip("]").split("–"))
    assert (point < lo or point > hi) == (f"Japan's margin on its side under “{col}”" in caption)


def test_a_box_that_admits_several_futures_says_any_one_of_them():
    """Read in the built report: PRIM's box for Japan's exposure read 'the future is Worst
    case, Japan-China cooperation, Danger and Status quo and theater_sspk <= 0.736', as if one
    experiment were four futures at once (Friedman & Fisher 1999: a box restricts a categorical
    input to a set of its values)."""
    titles = {"worst": "Worst case", "danger": "Danger"}
    two = fr._restriction({"input": "case", "categories": ["worst", "danger"]}, titles)
    assert two == "the future is one of “Worst case” or “Danger”"
    # one future is quoted too: 'the future is Worst case: 'global missile defense' without
    # the treaty' read as prose
    assert fr._restriction({"input": "case", "categories": ["worst"]}, titles) == (
        "the future is “Worst case”"
    )
    assert fr._restriction({"input": "x", "low": 0.8472, "high": None}, {}) == "x >= 0.847"
    assert fr._restriction({"input": "x", "low": 0.1, "high": 0.25}, {}) == "0.1 <= x <= 0.25"
    # an input with a label is named by it (the report printed 'framework_delta >= 0.847')
    labels = {"framework_delta": "propensity added to each pair (recipe weight units)"}
    assert fr._restriction(
        {"input": "framework_delta", "low": 0.8472, "high": None}, {}, labels
    ) == ("propensity added to each pair (recipe weight units) >= 0.847")
    from anpo.futures.scorecard import INDICATORS

    price = next(i for i in INDICATORS if i.name == "patron_damage")
    # the U.S. strikes back after China's strike on Japan: not 'if it strikes China first'
    assert "first" not in price.label and "China's strike on Japan" in price.definition


def test_a_sobol_estimate_outside_0_1_is_called_sampling_error() -> None:
    """Sobol' indices lie in [0, 1] (Saltelli et al. 2010, Comput. Phys. Commun. 181, eqs. 1-2);
    the report's caption says an estimate outside (a total index of 1.04 from 32 base samples) is
    the design's sampling error, and says nothing when every estimate is inside."""
    import pandas as pd

    from anpo.futures.report import N_SOBOL, _outside_unit

    def frame(s1, s1c, st, stc):  # noqa: ANN001, ANN202
        return pd.DataFrame({"S1": s1, "S1_conf": s1c, "ST": st, "ST_conf": stc})

    one = _outside_unit(frame([0.2, 0.1], [0.1, 0.1], [1.04, 0.3], [0.2, 0.1]))
    assert "1 estimate outside that range (1 above 1) is sampling error" in one
    assert f"{N_SOBOL}-sample design, as its interval shows." in one
    two = _outside_unit(frame([-0.05, 0.1], [0.1, 0.1], [1.04, None], [0.2, None]))
    assert "2 estimates outside that range (1 above 1, 1 below 0) are" in two
    assert two.endswith("as their intervals show.")
    # an interval that stays outside [0, 1] shows nothing of the kind: it is said so
    tight = _outside_unit(frame([-0.3, 0.1], [0.1, 0.1], [1.04, 0.3], [0.2, 0.1]))
    assert "as their intervals show" not in tight
    assert tight.endswith("1 of their 95% intervals does not reach [0, 1] either: the design is "
                          "too small there.")  # fmt: skip
    assert _outside_unit(frame([0.0, 0.4], [0.1, 0.1], [1.0, 0.5], [0.1, 0.1])) == ""
    assert _outside_unit(frame([], [], [], [])) == ""


def test_a_box_that_is_one_future_is_followed_into_that_future() -> None:
    """Read in the built report: 'When does China keep an assured retaliation? PRIM's box (100%
    coverage, 5% density): the future is Worst case' said where, not when. PRIM over every
    future's inputs at once let an input only that future reads (its new ICBMs) lose the
    peeling ties; within the future, over the inputs it reads, PRIM finds the limit (Bryant &
    Lempert 2010, sec. 3: a scenario is a box over the uncertain inputs). A pooled limit on an
    input some admitted futures never read is said to act at random on them."""
    from types import SimpleNamespace as NS

    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(5)
    x, z = rng.random(128), rng.random(128)
    frame = pd.DataFrame(
        {"case": ["a"] * 64 + ["b"] * 64, "z": z, "x": x, "o": np.r_[x[:64] > 0.9, [0] * 64]}
    )
    worlds = [
        NS(future=NS(id="a"), uncertainties=[NS(name="x")]),
        NS(future=NS(id="b"), uncertainties=[NS(name="z")]),
    ]
    rows: list[dict[str, str]] = []
    text = fr._within_future(
        "a", "Q?", frame, ["z", "x"], worlds, "o", ">= 0.5", {"a": "Future A"}, rows
    )
    k = int((x[:64] > 0.9).sum())
    # coverage and density said in words where the box is given (a key finding read 'PRIM's
    # box (95% coverage, 100% density)', terms defined only in a figure's caption)
    assert text.startswith(
        f"; within that future ({k} of its 64 experiments), PRIM's box holds 100% of them "
        "(coverage), and they make up "
    )
    assert "of the experiments in it (density): x >= 0." in text
    assert [r["question"] for r in rows] == ["Q? (within “Future A”)"]
    assert rows[0]["restriction"].startswith("x >= 0.")
    assert "z" not in text
    lim = float(rows[0]["restriction"].split(">=")[1])
    assert x[:64][x[:64] > 0.9].min() >= lim > x[:64][x[:64] <= 0.9].max() - 0.05
    # nothing of interest in the future: nothing to add
    assert fr._within_future("b", "Q?", frame, ["z", "x"], worlds, "o", ">= 0.5", {}, []) == ""
    box = {"limits": [{"input": "x", "low": None, "high": 0.5}]}
    assert fr._unread_note(box, ["a", "b"], worlds, {"b": "Future B"}) == (
        " (x is read by 1 of the 2 futures the box admits: for “Future B” the limit on it keeps "
        "or drops samples at random)"
    )


@pytest.mark.slow
def test_prim_figure_marks_the_box_in_the_table(sections):
    """The trade-off figure showed the peeling trajectory only; the box in the table is pasted
    and stripped of its insignificant limits, so it need not be a dot of it (Bryant & Lempert
    2010, sec. 3.2: the analyst reads the chosen box against the trajectory). A star marks it,
    and the caption gives its step, coverage and density as the table does."""
    _, drivers = sections
    fig = drivers.figures[0]
    question = fig.title.split(": ", 1)[1]
    table = drivers.tables[0].frame
    row = table[table["question"] == question].iloc[0]
    assert f"coverage {row['coverage']}, density {row['density']}" in fig.caption
    assert "The star is the box in the table: step " in fig.caption
    assert "A star marks that box" in fig.description
    assert 'fill="#d55e00"' in fig.svg.lower() or "#d55e00" in fig.svg.lower()


@pytest.mark.slow
def test_summary_and_contributions_name_what_their_codes_stand_for(sections):
    """summary-futures.csv carried the futures' file ids only ('nixon-pattern'): the title is
    beside the id (the join key). futures_contributions.csv carried the law engine's codes
    ('transport-weapons-ammunition', 'no-legal-basis'): the codes stay, with their words beside
    them, and the status reads in words."""

    side, _ = sections
    summary = side.summary
    assert summary is not None
    assert summary.columns[:2].tolist() == ["future", "future title"]
    titles = {w.future.id: w.future.title for w in book_futures()}
    assert summary["future title"].tolist() == [titles[i] for i in summary["future"]]
    contrib = next(t for t in side.appendix if t.name == "futures_contributions").frame
    cols = list(contrib.columns)
    for code in ("activity", "situation", "location"):
        assert cols[cols.index(code) + 1] == f"{code} in words"
    row = contrib[contrib["activity"] == "transport-weapons-ammunition"].iloc[0]
    assert row["activity in words"] == "transport weapons and ammunition"
    assert not contrib["status"].str.contains("-").any()


@pytest.mark.slow
def test_every_futures_table_has_the_id_in_future_and_the_title_beside_it(sections):
    """futures_changes.csv, futures_contributions.csv and futures_sobol.csv had a column
    "future" holding the futures' titles, while summary-futures.csv's "future" is the id (the
    join key): in every table "future" is the id and "future title" the title beside it."""

    titles = {w.future.id: w.future.title for w in book_futures()}
    tables = [t for s in sections for t in (*s.tables, *s.appendix)]
    with_future = [t for t in tables if "future" in t.frame.columns]
    names = {t.name for t in with_future}
    assert {"futures_changes", "futures_contributions", "futures_sobol"} <= names
    for t in with_future:
        cols = list(t.frame.columns)
        assert cols[cols.index("future") + 1] == "future title", t.title
        assert set(t.frame["future"]) <= set(titles), t.title
        assert t.frame["future title"].tolist() == [titles[i] for i in t.frame["future"]]


def test_changes_table_names_the_future_by_id_and_title():
    """The changes table's "future" column held the titles (summary-futures.csv's holds the
    ids): the id is in "future", the title in "future title" beside it."""

    book = book_futures()
    table = fr._changes_table(book)
    assert table.columns[:2].tolist() == ["future", "future title"]
    assert set(table["future"]) == {w.future.id for w in book}
    titles = {w.future.id: w.future.title for w in book}
    assert table["future title"].tolist() == [titles[i] for i in table["future"]]


def test_prim_measure_says_its_objective_in_words():
    """The PRIM figure's Measure read 'lenient1 objective', an option name of the code: the
    objective is said (largest gain in density per point removed), its name after it."""
    assert "density per point removed" in fr.PRIM_DEFINITION
    assert "lenient1 objective;" not in fr.PRIM_DEFINITION
    assert fr.PRIM_DEFINITION.index("density per point") < fr.PRIM_DEFINITION.index("lenient1")


def test_changes_table_says_scenario_changes_in_words_beside_their_paths():
    """The changes table read 'defenses[gmd-allied].layers[0].interceptors: add 100.0' and
    'kill probability ...: scenario.defenses[tmd-japan].layers[0].sspk ~ triangular(...)': the
    change is said in words (the layer's name, the field, the value) and the file's path
    stands in a column of its own."""

    table = fr._changes_table(book_futures())
    scen = table[table["model"].isin(["deterrence", "uncertainty"])]
    assert len(scen) and not scen["change"].str.contains(r"\[|\]\.|layers|~").any()
    assert (scen["path in the scenario file"].str.len() > 0).all()
    assert scen["path in the scenario file"].str.contains(r"layers\[0\]").any()
    text = " ".join(table["change"])
    assert "Sea-based midcourse layer for the U.S. and allies: interceptors +100" in text
    assert "territories covered without Japan" in text
    # a removed item is named (the treaty is gone from its own future's scenario)
    assert "alliances without Treaty of Mutual Cooperation and Security" in text
    assert (table[table["model"] == "law"]["path in the scenario file"] == "").all()


def test_changes_table_says_which_uncertain_input_takes_whole_numbers():
    """An uncertain input on a whole-number field (interceptors, launchers) says, after its
    distribution, that the model takes the sample's nearest whole number (WHOLE_NOTE, the
    label of the deterrence report's inputs table too); real-valued ones (kill probabilities,
    propensities) do not."""
    from anpo.scenario.uncertainty import WHOLE_NOTE, takes_whole

    book = book_futures()
    table = fr._changes_table(book)
    unc = table[table["model"] == "uncertainty"]
    noted = unc["change"].str.endswith(WHOLE_NOTE).tolist()
    whole = [takes_whole(w, u) for w in book for u in w.uncertainties]
    assert noted == whole and any(whole) and not all(whole)
    paths = set(unc.loc[unc["change"].str.endswith(WHOLE_NOTE), "path in the scenario file"])
    assert paths == {
        "scenario.defenses[gmd-allied].layers[0].interceptors",
        "scenario.forces[cn-df31a-projected].launchers",
    }


def test_changes_table_names_states_not_cow_abbreviations():
    """The futures' changes table read 'propensity +0.25 (JPN-PHI, JPN-INS, ...)' and 'among
    USA, JPN, AUL, ...': the states are named ('Japan-Philippines')."""

    table = fr._changes_table(book_futures())
    align = table[table["model"] == "alignment"]["change"]
    text = " ".join(align)
    assert "Japan-Philippines" in text and "among United States, Japan, Australia" in text
    assert not re.search(r"\b[A-Z]{3}-[A-Z]{3}\b", text), text
    assert "JPN" not in text and "AUL" not in text


@pytest.mark.slow
def test_assured_retaliation_key_number_names_the_future_by_its_title(tmp_path, monkeypatch):
    """Where a future lets China keep an assured retaliation, the key number names that future
    by its title (as every sentence of the section does), not by its file id, and gives the
    probability with its 5–95% band as the scorecard cell does."""
    import anpo.futures
    from anpo.futures import future_files
    from anpo.futures.load import load_future

    src = next(p for p in future_files() if p.stem == "gmd-without-treaty")
    text = src.read_text(encoding="utf-8")
    big = (
        '[[changes]]\ntarget = "forces[cn-df31a-projected].launchers"\nset = 400\n'
        'basis = "test: a force large enough for China to keep an assured retaliation"\n\n'
    )
    at = text.index("[[changes]]")
    path = tmp_path / "gmd-big.toml"
    path.write_text(text[:at] + big + text[at:], encoding="utf-8")
    files = [next(p for p in future_files() if p.stem == "status-quo"), path]
    monkeypatch.setattr(anpo.futures, "future_files", lambda: files)
    monkeypatch.setattr(anpo.futures, "load_book", lambda: [load_future(p)[1] for p in files])
    monkeypatch.setattr(fr, "N_BANDS", 8)
    side, _ = fr._side_by_side(ReportContext(scenarios=[], seed=7))
    ar = next(f for f in side.findings if f.question.startswith("Can China keep"))
    title = "Worst case: 'global missile defense' without the treaty"
    card = side.tables[0].frame.set_index("indicator")
    # kept as written; where some samples lose it (the scorecard's 'yes (38% of samples yes)'),
    # the answer says in what share of them it does not
    some = "of samples yes" in str(card.iloc[0][title])
    assert ar.answer.startswith(f"Under “{title}” only"), ar.answer
    assert ar.answer.endswith(f"of the samples of “{title}” it does not." if some else "only.")
    assert "gmd-without-treaty" not in ar.number, ar.number
    cell = str(card.loc["P(China's retaliation reaches the U.S.)"][title])
    # a banded cell carries the legend of its bracket, as the exposure number does
    assert "[" in cell, cell  # its samples vary: the cell is banded
    legend = " (as written [5–95% band over 8 samples of the futures' own inputs])"
    # the file's 400 launchers lie above the samples' range of the input that sets them: the
    # value as written (100%) lies above its band, and the number says so
    value, lo, hi = (float(x) for x in re.findall(r"[\d.]+(?=%)", cell))
    if not lo <= value <= hi:
        legend = (
            " (as written [5–95% band over 8 samples of the futures' own inputs]; under “"
            + title
            + "” the value as "
            "written lies outside its band, for the reason the scorecard gives)"
        )
    assert ar.number == f"{cell} ({title}){legend}", (ar.number, cell)


@pytest.mark.slow
def test_where_no_future_keeps_the_assured_retaliation_the_key_number_gives_the_closest(
    monkeypatch,
):
    """Where no future lets China keep an assured retaliation, the key number gives the highest
    P(China's retaliation reaches the U.S.) as the scorecard cell prints it, its future and the
    bar it misses (the base scenario's reaction_q); the key number was blank."""
    import anpo.futures
    from anpo.futures import future_files
    from anpo.futures.load import load_future

    files = [p for p in future_files() if p.stem in ("status-quo", "gmd-without-treaty")]
    monkeypatch.setattr(anpo.futures, "future_files", lambda: files)
    monkeypatch.setattr(anpo.futures, "load_book", lambda: [load_future(p)[1] for p in files])
    monkeypatch.setattr(fr, "N_BANDS", 8)
    side, _ = fr._side_by_side(ReportContext(scenarios=[], seed=7))
    ar = next(f for f in side.findings if f.question.startswith("Can China keep"))
    title = "Worst case: 'global missile defense' without the treaty"
    card = side.tables[0].frame.set_index("indicator")
    yes = re.search(r"\((\d+%) of samples yes\)", str(card.iloc[0][title]))
    assert ar.answer == "Under none of the seed's futures, in the 2001 world" + (
        f", as written; in {yes.group(1)} of the samples of “{title}” it does." if yes else "."
    ), ar.answer
    cell = str(card.loc["P(China's retaliation reaches the U.S.)"][title])
    legend = (
        " (as written [5–95% band over 8 samples of the futures' own inputs])"
        if "[" in cell
        else ""
    )
    assert ar.number == (
        f"P(China's retaliation reaches the U.S.) {cell} at the highest ({title}), below the "
        f"90% an assured retaliation needs{legend}"
    ), (ar.number, cell)


def test_the_lawfulness_key_number_gives_the_lawful_shares_of_the_futures():
    """The lawfulness finding's key number gives the share of the contributions asked that are
    lawful (outright or under conditions), lowest to highest future, leaving out the futures
    that ask nothing; it was blank."""
    assert fr._lawful_number({"A": 1.0, "B": 0.5, "C": float("nan")}) == (
        "lawful (outright or under conditions): 50% to 100% of the contributions asked, by future"
    )
    assert fr._lawful_number({"A": 2 / 3, "B": 2 / 3}).startswith(
        "lawful (outright or under conditions): 66.7% of the contributions asked"
    )
    assert fr._lawful_number({"C": float("nan")}) == ""


def test_the_drivers_key_number_is_the_box_with_its_coverage_and_density():
    """The drivers finding's key number is PRIM's box, its restrictions with its coverage and
    density (it was blank); a box that restricts nothing gives none."""
    number = fr._box_number(
        ["framework propensity >= 0.847", "the future is “A”"],
        {"coverage": 42 / 44, "density": 1.0},
    )
    assert number == (
        "framework propensity >= 0.847, and the future is “A” (coverage 95%, density 100%)"
    )
    assert fr._box_number([], {"coverage": 1.0, "density": 0.69}) == ""


@pytest.mark.slow
def test_the_bands_are_written_5_to_95_percent_with_an_en_dash(monkeypatch):
    """Every place the futures section names its bands writes '5–95%' (en dash), as the
    deterrence report does; the model, the scorecard's caption, the figure's caption and the
    key numbers wrote '5-95%' with a hyphen."""
    import anpo.futures
    from anpo.futures import future_files
    from anpo.futures.load import load_future

    files = [p for p in future_files() if p.stem in ("status-quo", "gmd-without-treaty")]
    monkeypatch.setattr(anpo.futures, "future_files", lambda: files)
    monkeypatch.setattr(anpo.futures, "load_book", lambda: [load_future(p)[1] for p in files])
    monkeypatch.setattr(fr, "N_BANDS", 8)
    side, _ = fr._side_by_side(ReportContext(scenarios=[], seed=7))
    texts = [side.answer, side.model, side.caveat, *side.assumptions]
    texts += [t for f in side.findings for t in (f.question, f.answer, f.number)]
    texts += [t for f in side.figures for t in (f.title, f.caption, f.description, f.definition)]
    texts += [t.caption for t in side.tables]
    shown = "\n".join(str(t) for t in texts)
    assert "5-95%" not in shown
    assert "5–95% over a Latin hypercube of 8 samples" in side.model
    assert "5–95% band over 8 samples" in side.tables[0].caption
    # whose inputs the bands vary: the deterrence bands of the same variant's figure vary the
    # scenario's distributions and are wider (0.646: 0.132 to > 0.999 there, 54%-88% here)
    assert "The bands vary only the futures' own uncertain inputs" in side.tables[0].caption
    for f in side.findings:
        if "[" in f.number:
            assert "samples of the futures' own inputs]" in f.number, f.number
    assert "bar: 5–95% of 8 samples" in side.figures[0].caption


def test_the_outside_band_note_gives_the_reason_the_inputs_show():
    """The scorecard's note on a value as written outside its band says why from the futures'
    inputs, not as a typed-in claim: the multinational framework's file sets framework_delta at
    2.0, above the 95th percentile of its uniform(0.25, 2.0) (source: the futures book,
    multinational-framework.toml); a future with every input inside the middle 90% of its
    distribution (the status quo) gets no such reason; a label opening with 'The' reads in
    lower case inside the sentence."""
    from anpo.futures import load_book

    worlds = {w.future.id: w for w in load_book()}
    titles = {k: w.future.title for k, w in worlds.items()}
    edge = fr._edge_inputs(worlds["multinational-framework"])
    assert len(edge) == 1
    assert edge[0].startswith("propensity added to each pair of framework members")
    assert "is 2 as written, above the 95th percentile" in edge[0]
    assert fr._edge_inputs(worlds["status-quo"]) == []
    label = fr._sentence_case("The U.S.'s margin on its side")
    note = fr._outside_note([f"{label} under “x”"], [worlds["multinational-framework"]], titles)
    assert "for the U.S.'s margin on its side under “x”" in note
    assert "framework members (recipe weight units) is 2 as written" in note
    plain = fr._outside_note(["y under “z”"], [worlds["status-quo"]], titles)
    assert "no uncertain input is set outside the middle 90%" in plain
    assert "edge of its stated range" not in plain
    both = fr._outside_note(
        ["y under “z”", "w under “v”"],
        [worlds["multinational-framework"], worlds["status-quo"]],
        titles,
    )
    mf, sq = (
        f"under {fr._titles([titles[k]])}, " for k in ("multinational-framework", "status-quo")
    )
    # each future gets its own reason: the framework's edge input is not the status quo's
    assert f"{mf}propensity added" in both
    assert f"{sq}no uncertain input is set outside" in both
    assert fr._sentence_case("Japan's margin on its side") == "Japan's margin on its side"


def test_an_input_without_percentiles_is_left_out_of_the_edge_reasons():
    """A choice among names or dates (the schema allows one for ``law.date``) has no 5th and
    95th percentiles: the edge reasons leave it out (it raised while the report was built)."""
    import types

    def no_percentiles(_: object) -> object:
        raise ValueError("could not convert string to float: '2015-09-30'")

    choice = types.SimpleNamespace(ppf=no_percentiles, targets=["law.date"], shown="law date")
    world = types.SimpleNamespace(uncertainties=[choice])
    assert fr._edge_inputs(world) == []


def test_an_input_setting_several_fields_is_read_at_each():
    """An uncertain input with a list of targets (every field takes the sample) is checked at
    each field it sets, named by the field: it was skipped whole (its list was read as one
    target). The multinational framework's framework_delta (2 as written, above the 95th
    percentile of its distribution; source: the futures book) given twice stands in for one."""
    from anpo.futures import load_book

    world = {w.future.id: w for w in load_book()}["multinational-framework"]
    target = "alignment.changes[0].delta"
    twice = [
        u.model_copy(update={"target": [target, target]}) if u.name == "framework_delta" else u
        for u in world.uncertainties
    ]
    edge = fr._edge_inputs(world.model_copy(update={"uncertainties": twice}))
    assert len(edge) == 2 and all(f"({target}) is 2 as written" in e for e in edge), edge


@pytest.mark.slow
def test_the_sobol_sentence_quotes_each_futures_title(sections):
    """The drivers Answer's 'Largest total Sobol' indices' names each future by its quoted
    title, as the rest of the report does: bare, 'under Japan removes the uncertainty over
    collective self-defense: kill probability ...' read as one run of prose."""
    from anpo.futures import load_book

    _, drivers = sections
    tail = drivers.answer.split("Largest total Sobol' indices: ", 1)[1]
    titles = [w.future.title for w in load_book()]
    named = [t for t in titles if t in tail]
    assert named
    for t in named:
        assert f"under “{t}”:" in tail and f"under {t}:" not in tail


@pytest.mark.slow
def test_a_key_number_outside_its_bracket_says_so(sections):
    """A key number printed as '1.56 [1.22–1.54]' (Japan's margin under the multinational
    framework, whose file sets framework_delta at the top of its range) reads as a slip unless
    it says the value as written lies outside its band; the finding says so exactly where a
    quoted value lies outside its bracket."""
    side, _ = sections
    finding = next(f for f in side.findings if f.question.startswith("Who stands"))
    cells = re.findall(r"(-?[\d.]+) \[(-?[\d.]+)–(-?[\d.]+)\] \(([^)]*)\)", finding.number)
    assert cells
    outside = [t for v, lo, hi, t in cells if not float(lo) <= float(v) <= float(hi)]
    said = "the value as written lies outside its band" in finding.number
    assert said == bool(outside)
    for title in outside:
        assert f"under “{title}” the value as written lies outside its band" in finding.number


@pytest.mark.slow
def test_decoupling_finding_reads_the_extended_deterrence_measures(sections):
    """The decoupling finding answers with the extended-deterrence measures (Wilkening & Watman
    1995; anpo.deterrence.extended): the warheads China's strike on Japan lands there, naming
    every future that ties at the most (both futures that leave Japan uncovered receive every
    warhead fired), and the U.S. value destroyed if it honours its guarantee (expected); its
    caveat no longer admits a U.S. first strike's count."""
    side, _ = sections
    decouple = next(f for f in side.findings if f.question == "Which future decouples Japan?")
    assert "China's strike on Japan lands the most warheads under" in decouple.answer
    assert "“Worst case" in decouple.answer.split("lands the most warheads under")[1]
    # the expected damage, not called the price (a probability in anpo extended; review9 F6)
    assert "U.S. value destroyed if it honours its guarantee (expected share)" in decouple.answer
    assert "price of honouring" not in decouple.answer
    assert "counterforce strike" not in decouple.confidence
    assert "Japan is not covered by missile defense under" not in side.tables[0].caption


@pytest.mark.slow
def test_inert_inputs_are_found_once_per_future_and_said_in_both_places(tmp_path, monkeypatch):
    """The section finds each future's inputs that move nothing once
    (:func:`anpo.futures.scorecard.inert_inputs`, the rule of the futures' inert-input tests)
    and says them twice from that: in the scorecard's caption and beside the input in the
    appendix table of changes. A user's copy of the Worst case with the allied sea-based
    layer's kill probability (a layer covering the U.S. alone that engages only theater
    missiles) has one."""
    import importlib

    import anpo.futures
    from anpo.futures import future_files
    from anpo.futures.load import load_future

    scorecard = importlib.import_module("anpo.futures.scorecard")
    src = next(p for p in future_files() if p.stem == "gmd-without-treaty")
    path = tmp_path / "worst.toml"
    path.write_text(
        src.read_text(encoding="utf-8")
        + '\n[[uncertainties]]\nname = "allied_sspk"\nlabel = "allied kill probability"\n'
        'target = "scenario.defenses[gmd-allied].layers[0].sspk"\n'
        'distribution = { kind = "triangular", low = 0.5, mode = 0.7, high = 0.85 }\n'
        'basis = "anpo assumption"\n',
        encoding="utf-8",
    )
    files = [next(p for p in future_files() if p.stem == "status-quo"), path]
    monkeypatch.setattr(anpo.futures, "future_files", lambda: files)
    monkeypatch.setattr(anpo.futures, "load_book", lambda: [load_future(p)[1] for p in files])
    monkeypatch.setattr(fr, "N_BANDS", 8)
    calls: list[str] = []
    found = scorecard.inert_inputs

    def counted(world):  # type: ignore[no-untyped-def]
        calls.append(world.future.id)
        return found(world)

    monkeypatch.setattr(scorecard, "inert_inputs", counted)
    side, _ = fr._side_by_side(ReportContext(scenarios=[], seed=7))
    assert sorted(calls) == ["gmd-without-treaty", "status-quo"]
    said = "The input “allied kill probability” moves nothing in “Worst case"
    assert said in side.tables[0].caption
    changes = next(t for t in side.appendix if t.name == "futures_changes").frame
    row = changes[changes["change"].str.startswith("allied kill probability")]
    assert len(row) == 1 and "; moves nothing in this future: the layer " in row["change"].iloc[0]


def test_summary_csv_holds_numbers_not_display_strings():
    """summary-futures.csv held the scorecard's display strings ('50%', 'yes', 'undefined:
    nothing is asked of Japan'); issue 11 asks for one tidy table with clean types: shares as
    fractions 0-1, yes/no as booleans, undefined as an empty cell with its reason in a column of
    its own (an acceptance walk of issue 11)."""
    import io
    import math

    import pandas as pd

    from anpo.futures.scorecard import BY_NAME, indicators, why_undefined
    from anpo.report.format import clean_frame

    worlds = book_futures()
    nominal = {w.future.id: indicators(w) for w in worlds}
    frame = fr.summary_frame(worlds, nominal)
    back = pd.read_csv(io.StringIO(clean_frame(frame).to_csv(index=False)))
    assert back.columns[:2].tolist() == ["future", "future title"]
    undefined_seen = 0
    for k in fr.SUMMARY_INDICATORS:
        ind = BY_NAME[k]
        col = back[ind.label]
        if ind.kind == "yes-no":
            assert set(col.dropna()) <= {True, False}, col.tolist()
        else:
            assert pd.api.types.is_numeric_dtype(col), (k, col.tolist())
        if ind.kind in ("share", "probability"):
            assert ((col.dropna() >= 0) & (col.dropna() <= 1)).all(), col.tolist()
        for w, (_, row) in zip(worlds, back.iterrows(), strict=True):
            value = nominal[w.future.id][k]
            if math.isnan(value):
                undefined_seen += 1
                assert pd.isna(row[ind.label])
                assert row[f"{ind.label}: why undefined"] == why_undefined(w, k)
            elif ind.kind != "yes-no":
                assert row[ind.label] == pytest.approx(value)
    assert (
        undefined_seen
    )  # the book's futures have undefined values (no U.S. forces, nothing asked)
    text = back.to_csv(index=False)
    assert "undefined:" not in text


def test_a_band_with_a_bound_beyond_the_resolution_is_spelt_with_to():
    """Read in the built report: the worst case's P(China's retaliation reaches the U.S.) read
    '64.6% [12.2%–> 99.9%]', the en dash before '> 99.9%' drawing an arrow; a band whose end is
    shown as '> 99.9%' or '< 0.1%' is written '12.2% to > 99.9%', other bands keep the dash."""
    import pandas as pd

    from anpo.futures.scorecard import Indicator

    share = Indicator("p", "q", "P(arrives)", "a probability", "probability")
    wide = pd.Series([0.10] * 10 + [0.5] * 80 + [0.99999] * 10)
    cell = fr._cell(share, 0.646, wide, "")
    assert cell.startswith("64.6% [") and "to > 99.9%]" in cell and "–>" not in cell
    tiny = pd.Series([1e-6] * 10 + [0.3] * 90)
    assert "[< 0.1% to " in fr._cell(share, 0.2, tiny, "")
    plain = pd.Series([0.2] * 10 + [0.5] * 80 + [0.7] * 10)
    assert fr._cell(share, 0.5, plain, "") == "50% [20%–70%]"


def test_prim_is_given_only_the_inputs_the_outcome_reads():
    """The report's PRIM boxes ran over every input of the futures asked about: the
    multinational framework's theater-defense SSPK was a candidate limit for the size of the
    U.S.-Japan side, which no deterrence input can move (scorecard.READS; anpo explore's
    discovery already left such inputs out). Bryant & Lempert (2010), sec. 3: a box is over the
    inputs that can decide the outcome."""
    from anpo.futures import load_book

    worlds = load_book()
    assert fr._read_by(worlds, "side_size", ["multinational-framework"]) == {"framework_delta"}
    deterrence = fr._read_by(worlds, "china_warheads_at_japan", None)
    assert "theater_sspk" in deterrence and "china_new_icbms" in deterrence
    assert not any(name.endswith("_delta") for name in deterrence)


def test_the_sobol_caveat_says_the_design_is_below_the_tools_own_threshold(monkeypatch) -> None:
    """The drivers section's caveat called its Sobol' indices 'indicative' without saying that
    N_SOBOL (32) is below MIN_SALTELLI_N (128), the base sample under which `anpo explore run`
    itself calls them too small, nor why the report uses it (run time): it now says both, with
    the error ratio sqrt(128 / 32) and the model runs, computed from the constants and the
    designs run, not typed."""
    from anpo.explore.space import MIN_SALTELLI_N

    text = fr._sobol_caveat(480)
    assert (MIN_SALTELLI_N, fr.N_SOBOL) == (128, 32)
    assert "32 base samples per future is below the 128 under which anpo explore run" in text
    assert "at 32 it is 2 times that at 128" in text
    assert "The report uses 32 for its run time" in text
    assert "its Saltelli designs are 480 model runs" in text
    assert "128 would take 4 times as many (1,920)" in text
    monkeypatch.setattr(fr, "N_SOBOL", 8)
    text = fr._sobol_caveat(120)
    assert "at 8 it is 4 times that at 128" in text and "16 times as many (1,920)" in text
    monkeypatch.setattr(fr, "N_SOBOL", 128)
    text = fr._sobol_caveat(1920)
    assert "below" not in text and "indices of 128 base samples" in text


def test_burden_answer_says_about_as_its_key_number_does():
    """Key finding 28 read 'Japan pays 75% of the U.S. non-personnel stationing cost where U.S.
    forces stay' beside its key number 'DoD offset share 2001 = about 75%': the answer says
    'about' where the DoD figure the futures scale is a rounded one, as the key number does,
    and one decimal where it is exact (an answer '75%' beside a key number '74.5%')."""
    from anpo.futures.scorecard import burden_base

    base = burden_base()
    rounded = {**base, "offset_approximate": True}
    text = fr._burden_answer({"status-quo": 0.75}, "", rounded)
    assert text.startswith("Japan pays about 75% of the U.S. non-personnel stationing cost")
    exact = fr._burden_answer({"x": 0.745}, "", {**base, "offset_approximate": False})
    assert exact.startswith("Japan pays 74.5% of") and "about" not in exact


def test_futures_scale_the_dods_own_offset_share():
    """The futures' burden share scaled the DoD's 2001 offset share as a press account relays it
    ('about 75%', Japan Press Weekly, 10 November 2003) while the burden section's 'DoD offset,
    last report' printed the report's own 74.5% (U.S. DoD, Report on Allied Contributions to the
    Common Defense, 2004 edition, 2002 data): the futures read the figure from the report
    itself, the official row nearest the seed's year, and every text names its year."""
    from anpo.burden.japan import dod_cost_sharing
    from anpo.futures.scorecard import BY_NAME, burden_base, definition_of

    base = burden_base()
    dod = dod_cost_sharing()
    row = dod[(dod["country"] == "Japan") & (dod["year"] == base["offset_year"])].iloc[0]
    assert bool(row["primary"]) and base["offset_primary"] and not base["offset_approximate"]
    assert (base["offset_year"], base["offset_share"]) == (2002, 0.745)
    assert base["offset_share"] == row["offset_share"]
    assert "Allied Contributions" in base["offset_source"]
    assert fr._offset_number(base) == "DoD offset share 2002 = 74.5%"
    assert "for 2002" in fr._offset_confidence(base)
    # the indicator's definition names the same year and edition
    definition = definition_of(BY_NAME["japan_burden_share"])
    assert f"DoD's {base['offset_year']} offset share" in definition and "2004" in definition


@pytest.mark.slow
def test_alignment_finding_does_not_call_one_side_together(sections):
    """Key finding 26 read 'the U.S. and Japan stay together in 6 of 6 futures' while the
    section's answer says 'Japan has no U.S. alliance under “Worst case: 'global missile
    defense' without the treaty”': the count is of the alignment indicator ('U.S. and Japan
    on one side' in the scorecard [axelrod1993]), not of the alliance, and the finding says so."""
    side, _ = sections
    q = {f.question: f for f in side.findings}
    answer = q["Who stands on the U.S.-Japan side in each future?"].answer
    assert "stay together" not in answer
    assert re.search(r"stay on one side of the alignment in \d+ of \d+ futures", answer), answer


def test_assured_retaliation_answers_say_where_the_samples_disagree(sections):
    """Read in the built report: the key finding 'Can China keep an assured retaliation in the
    seed's futures?' said 'Under none of the seed's futures' and the section 'under none of the
    futures (0 of 6)', where the scorecard's cell for the worst case read 'no (41% of samples
    yes)': a yes/no answer as written now says in what share of which future's samples it goes
    the other way, as the scorecard does."""
    side, _ = sections
    card = side.tables[0].frame.set_index("indicator")
    row = card.loc[card.index[0]]
    assert card.index[0] == "China keeps an assured retaliation"
    ar = next(f for f in side.findings if f.question.startswith("Can China keep"))
    seen = 0
    for title, cell in row.iloc[1:].items():
        m = re.search(r"\((\d+%) of samples yes\)", str(cell))
        if m is None:
            continue
        seen += 1
        said = f"in {m.group(1)} of the samples of “{title}” it does"
        assert said in ar.answer and said in side.answer, (said, ar.answer, side.answer)
    if not seen:  # every sample agrees with the answer as written: nothing is added
        assert "as written" not in ar.answer


def test_samples_otherwise_names_both_directions():
    """A future kept as written but lost in some samples, and one lost as written but kept in
    some, each said in its own direction; agreeing futures not at all."""
    text = fr._samples_otherwise(
        {"A": 0.5, "B": 0.8, "C": 1.0, "D": 0.0}, {"A": False, "B": True, "C": True, "D": False}
    )
    assert text == "in 50% of the samples of “A” it does; in 20% of the samples of “B” it does not"


def test_the_sobol_caveat_gives_the_intervals_the_table_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Read in the built report: the caveat said the error at 32 base samples was 'comparable
    to the indices themselves' beside a table of '0.97 ± 0.25', '0.59 ± 0.31', '0.03 ± 0.03',
    and that anpo explore run 'calls Sobol' indices too small to read' (it calls the base
    sample small). It now gives the range of the half-widths the table shows, computed. The
    report's sample sizes are set here: the module's ``sections`` fixture lowers them while it
    lives, and a test run beside it on the same worker read its 8 base samples."""
    monkeypatch.setattr(fr, "N_BANDS", 64)
    monkeypatch.setattr(fr, "N_SOBOL", 32)
    text = fr._sobol_caveat(800, [0.245, 0.341, 0.0261, 0.0, float("nan")])
    assert "comparable to the indices themselves" not in text
    assert "indices too small" not in text
    assert "calls a base sample small for Sobol' indices" in text
    assert "at 32 it is 2 times that at 128; here the total indices' 95% half-widths run " in text
    assert "from 0 to 0.34)" in text
    assert "here" not in fr._sobol_caveat(800)


def test_the_sobol_caveat_range_starts_where_the_table_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The caveat's range of the total indices' half-widths left out those below 0.005, which
    the table prints by fmt_estimate's rules (a half-width that rounds to 0.00 has no '±'): the
    sentence said 'from 0.03 to 0.12' beside indices known to within 0.01. Each end is now
    written as the table writes an estimate ('< 0.01', '0' for an exact 0); an undefined
    half-width (NaN) is in no range."""
    from anpo.report.format import fmt_estimate

    monkeypatch.setattr(fr, "N_SOBOL", 32)
    widths = [0.0261, 0.0031, 0.1212, float("nan")]
    text = fr._sobol_caveat(800, widths)
    assert "; here the total indices' 95% half-widths run from < 0.01 to 0.12)" in text, text
    # the ends as the table writes them
    assert fmt_estimate(0.5, 0.0031) == "0.50" and fmt_estimate(0.5, 0.1212) == "0.50 ± 0.12"
    one = fr._sobol_caveat(800, [0.004])
    assert "; here the total index's 95% half-width is < 0.01)" in one, one
    alike = fr._sobol_caveat(800, [0.002, 0.004])
    assert "; here the total indices' 95% half-widths are all < 0.01)" in alike, alike


def test_sobol_table_says_what_a_zero_total_index_is():
    """The drivers table printed a bare '0' for a total index that is exactly zero, beside
    '< 0.01' for one that rounds to zero: a reader could not tell a true zero from a rounded
    one. Jansen's estimator of ST (Saltelli et al. 2010, Table 2 (f); Jansen 1999) is a mean of
    squared differences, never negative, so the zero is a true one of the design: it says so,
    and the caption explains it."""
    assert fr._total_index_text(0.0, 0.0) == "0 (no effect in any run)"
    assert fr._total_index_text(1e-17, 0.0) == "< 0.01"  # a positive index, however small
    assert fr._total_index_text(0.003, 0.001) == "< 0.01"
    assert fr._total_index_text(0.5, 0.1) == "0.50 ± 0.10"
    import pandas as pd

    note = fr._no_effect_note(pd.DataFrame({"_st": [0.0, 0.0, 0.4]}))
    assert "(2 of the 3 indices)" in note and "never negative" in note
    assert fr._no_effect_note(pd.DataFrame({"_st": [0.004, 0.4]})) == ""
    # the appendix table, which prints the bare numbers, says the same in its caption
    assert "exact zero" in fr._appendix_zero_note(pd.DataFrame({"_st": [0.0, 0.4]}))
    assert fr._appendix_zero_note(pd.DataFrame({"_st": [0.004]})) == ""


def test_scorecard_host_nation_support_keeps_the_sources_tenth():
    """The scorecard printed Japan's FY2001 host-nation support as '257' while the burden
    section gives the source's ¥257.3 bn (The Japan Times, 9 August 2001: 'earmarked 257.3
    billion yen'): the indicator is written to the tenth the sources print."""
    from anpo.futures.scorecard import BY_NAME, burden_base, format_value

    ind = BY_NAME["japan_hns_bn_yen"]
    assert burden_base()["hns_bn_yen"] == 257.3
    assert format_value(ind, burden_base()["hns_bn_yen"]) == "257.3"
    assert format_value(ind, 0.0) == "0"


def test_host_nation_support_definition_names_the_rows_basis():
    """review9 F3: the definition called FY2001's ¥257.3 bn the "initial budget"; its source
    (The Japan Times, 9 August 2001, "earmarked 257.3 billion yen") does not state the basis,
    and `anpo burden japan` says so. The basis is read from the data row, as there."""
    from anpo.burden.japan import BASIS_LABEL
    from anpo.futures.scorecard import BY_NAME, burden_base, definition_of

    text = definition_of(BY_NAME["japan_hns_bn_yen"])
    assert "initial budget" not in text and "{" not in text
    assert burden_base()["hns_basis"] == BASIS_LABEL["stated"]
    assert f"({BASIS_LABEL['stated']}) times support_scale" in text


def test_a_yes_no_answer_none_of_whose_samples_agrees_is_flagged():
    """A yes/no cell whose value as written is 'yes' while every sample says 'no' (or the
    reverse) read 'yes' alone, as if the samples agreed, where a number outside its band is
    named by :func:`_outside_band` and the scorecard's note. The cell now gives the share of
    samples yes ('yes (0% of samples yes)') and :func:`_outside_band` flags the case; a
    yes/no answer whose samples agree, or vary, is not flagged."""
    import pandas as pd

    from anpo.futures.scorecard import BY_NAME

    ind = BY_NAME["china_assured_retaliation"]
    assert ind.kind == "yes-no"
    no, yes, mixed = (pd.Series(xs) for xs in ([0.0] * 4, [1.0] * 4, [0.0, 1.0, 1.0, 1.0]))
    assert fr._cell(ind, 1.0, no, "") == "yes (0% of samples yes)"
    assert fr._cell(ind, 0.0, yes, "") == "no (100% of samples yes)"
    assert fr._cell(ind, 1.0, yes, "") == "yes" and fr._cell(ind, 0.0, no, "") == "no"
    assert fr._cell(ind, 0.0, mixed, "") == "no (75% of samples yes)"
    assert fr._outside_band(ind, 1.0, no) and fr._outside_band(ind, 0.0, yes)
    assert not fr._outside_band(ind, 1.0, yes) and not fr._outside_band(ind, 0.0, no)
    assert not fr._outside_band(ind, 0.0, mixed) and not fr._outside_band(ind, 1.0, mixed)
    # no sample, or the answer undefined: nothing to flag
    assert not fr._outside_band(ind, 1.0, pd.Series([float("nan")] * 3))
    assert not fr._outside_band(ind, float("nan"), no)


@pytest.mark.slow
def test_the_scorecard_note_names_a_yes_no_answer_its_samples_all_contradict(monkeypatch):
    """Built with the samples of the status quo's 'China keeps an assured retaliation' all
    answering otherwise than its value as written (the real samples agree with it): the cell
    gives the share of samples yes, and the scorecard's note names the answer as it names a
    number outside its band, with what the samples say."""
    import anpo.futures
    from anpo.futures import future_files
    from anpo.futures.load import load_future
    from anpo.futures.scorecard import BY_NAME, indicators

    files = [p for p in future_files() if p.stem in ("status-quo", "gmd-without-treaty")]
    worlds = [load_future(p)[1] for p in files]
    monkeypatch.setattr(anpo.futures, "future_files", lambda: files)
    monkeypatch.setattr(anpo.futures, "load_book", lambda: worlds)
    monkeypatch.setattr(fr, "N_BANDS", 8)
    name = "china_assured_retaliation"
    (sq,) = [w for w in worlds if w.future.id == "status-quo"]
    written = indicators(sq)[name]
    explore = fr._explore

    def flipped(*args, **kwargs):
        frame = explore(*args, **kwargs)
        frame.loc[frame["case"] == "status-quo", name] = 1.0 - written
        return frame

    monkeypatch.setattr(fr, "_explore", flipped)
    side, _ = fr._side_by_side(ReportContext(scenarios=[], seed=7))
    card, caption = side.tables[0].frame.set_index("indicator"), side.tables[0].caption
    label = BY_NAME[name].label
    said = ("yes", "no") if written else ("no", "yes")
    assert card.loc[label, sq.future.title] == (
        f"{said[0]} ({'0' if written else '100'}% of samples yes)"
    )
    assert (
        f"{label} ({said[0]} as written, {said[1]} in every sample) under “{sq.future.title}”"
        in caption
    ), caption
    assert "The value as written lies outside its band for" in caption


def test_why_undefined_definitions_quote_the_label_alike() -> None:
    """The column dictionary's definitions of the summary's ': why undefined' columns quoted the
    indicator's label with Python's repr: 'China keeps an assured retaliation' in single quote
    marks beside "Japan's share of the U.S. non-personnel stationing cost" in double ones (the
    quote mark the label lacks; closing notes of the previous session, ui31). Every one now
    reads as plain text with the report's quotation marks, “label”."""
    from anpo.futures.scorecard import BY_NAME

    defs = fr.summary_definitions(book_futures())
    labels = [BY_NAME[k].label for k in fr.SUMMARY_INDICATORS]
    assert any("'" in label for label in labels)  # the label whose repr took double quotes
    for label in labels:
        text = defs[f"{label}: why undefined"]
        assert text == f"why “{label}” is undefined (empty where defined)", text

"""The alignment report provider (anpo.align.report:build) on the built-in instances.

Model: [axelrod1993]; the questions are the seed's [soeya2001]."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from _support import book_scenarios, cli
from anpo.align import io, whatif
from anpo.align.report import _scenario_section, analyse, build
from anpo.report.format import fmt_scaled
from anpo.report.sections import ReportContext


@pytest.mark.slow
def test_report_sections_answer_the_questions():

    # the built-in scenarios have no [align] section: they add nothing

    sections = build(ReportContext(scenarios=book_scenarios()))
    ids = [s.id for s in sections]
    years = sorted(
        int(n.rsplit("_", 1)[1]) for n in io.book_names() if n.startswith("asia_pacific_")
    )
    assert ids == [f"align-{y}" for y in years] + ["align-backtest", "align-japan-china"]
    for s in sections:
        assert s.answer and s.question and s.model and s.sources
        if s.needs_data:  # the back-test without a data catalog says what fills it
            assert s.id == "align-backtest" and s.commands
            assert any("anpo data add" in c for c in s.commands)
            # the same file names as the roles and burden sections' hints
            assert any("NMC-60-abridged.csv" in c for c in s.commands)
            continue
        assert s.assumptions and s.caveat and s.findings
        assert s.figures and all(f.svg.startswith("<svg") for f in s.figures)
        assert all(f.description for f in s.figures)
        assert s.tables and all(not t.frame.empty for t in s.tables)
        assert s.summary is not None
        # country names, not COW codes or abbreviations, in what a reader sees
        for t in s.tables:
            text = t.frame.astype(str).to_string()
            assert "USA" not in text and "JPN" not in text and "PRK" not in text
    by_id = {s.id: s for s in sections}
    # summary-align-japan-china.csv held "no"/"yes" strings; issue 11 asks for clean types
    jc_summary = by_id["align-japan-china"].summary
    assert jc_summary is not None and jc_summary["alignment changes"].dtype == bool
    # the prediction sections state the recipe's validated accuracy (here: that the back-test
    # needs the war data), next to the answer and in the key findings
    for s in sections:
        if s.id.startswith("align-") and s.id[6:].isdigit():
            assert "validated accuracy" in s.caveat and "needs the war data" in s.caveat
            assert all("validated accuracy" in f.confidence for f in s.findings)
    sec01 = by_id["align-2001"]
    assert "Thailand" in sec01.answer  # the treaty ally predicted on the other side (2001 data)
    assert any("Thailand, a U.S. treaty ally" in n and "UN voting" in n for n in sec01.notes)
    # Thailand's pull toward China is an ATOP non-aggression pact, not an alliance obligation
    (why,) = [n for n in sec01.notes if "Thailand, a U.S. treaty ally" in n]
    assert "alliance obligations" not in why
    assert "ATOP pacts (defense, non-aggression or consultation) (+" in why
    assert any(t.title.startswith("Weight change that moves a state") for t in sec01.tables)
    assert any(
        t.title.startswith("Predicted side relative to the United States by size")
        for t in sec01.tables
    )
    first = sections[0]
    changes = first.tables[1].frame
    assert {"state", "L1 change", "changes (p_kj)", "U.S.-Japan side after"} <= set(changes.columns)
    china = sections[-1].tables[0].frame
    assert list(china["year"]) == years
    # the Japan-China section uses the year sections' instances: it names their datasets
    assert sections[-1].data_vintage and set(sections[-1].data_vintage) == {
        v
        for s in sections
        if s.id.startswith("align-") and s.id[6:].isdigit()
        for v in s.data_vintage
    }
    # the factor table's 'p' is a propensity, and its header says so (it read "Probability")
    from anpo.report.tables import plain_headers

    facs = next(t for t in first.tables if t.title.startswith("Factor contributions"))
    heads = plain_headers(facs.frame)
    assert "propensity p" in heads and "Probability" not in heads
    assert heads[:2] == ["state", "partner"]
    # a range that runs to the multiplier's end says no state moves there (it printed '-'), and
    # the flips table's caption names the dash it prints (it said 'blank')
    ranges = next(t for t in first.tables if t.title.startswith("Range of each factor"))
    moves = ranges.frame[["below: moves", "above: moves"]].to_numpy().ravel()
    assert "-" not in set(moves) and "none" in set(moves)
    assert "none: no state moves" in ranges.caption
    flips = next(t for t in first.tables if t.title.startswith("Weight change that moves"))
    assert "(–: not between 0 and 3" in flips.caption and "blank" not in flips.caption


@pytest.mark.slow
def test_recipe_is_named_as_the_backtest_names_it_not_by_its_id():
    """The factor table's caption and the assumptions read 'Recipe anpo-align-recipe/2', and
    the futures' assumption 'book:asia_pacific_2001 (anpo-align-recipe/2: ...)': ids where the
    back-test section says 'recipe 2'; the recipe is read from the instance's provenance."""
    from anpo.futures.report import _recipe_units

    sections = build(ReportContext(scenarios=book_scenarios()))
    texts = [
        text
        for s in sections
        for text in [*s.assumptions, *(t.caption for t in s.tables), *s.notes, s.answer]
    ]
    assert not [t for t in texts if "anpo-align-recipe" in t]
    factors = [t for s in sections for t in s.tables if t.title.startswith("Factor contrib")]
    assert factors and all(
        t.caption.startswith("Propensities by recipe 2, anpo's default") for t in factors
    )
    units = _recipe_units({"book:asia_pacific_2001"})
    assert "book:" not in units and "anpo-align-recipe" not in units
    assert "the built-in instance of 2001 (recipe 2, anpo's default: defense pact 2" in units


@pytest.mark.slow
def test_analysis_is_consistent_with_the_engine():
    """Every state listed as needing a change is off the U.S.-Japan side, and applying the
    reported change puts it there (global minimum recomputed by enumeration)."""
    a = analyse(io.read_book("asia_pacific_2001"))
    land, us, jp, gcfg = a["land"], a["us"], a["jp"], a["gcfg"]
    assert gcfg[us] == gcfg[jp]
    for k, ch in a["changes"][:3]:
        assert gcfg[k] != gcfg[us]
        new = whatif.apply_changes(land, ch.delta)
        cfg, _ = new.global_minimum()
        assert cfg[k] == cfg[us] == cfg[jp]
    assert abs(sum(m.basin_share for m in a["minima"]) - 1.0) < 1e-12
    assert np.all(np.isfinite(a["margins"]))
    # the treaty allies in a sentence take their article (it read 'Australia and Philippines')
    from anpo.align.report import _alignment_section

    answer = _alignment_section(a).answer
    assert "Australia and the Philippines are on the U.S.-Japan side" in answer, answer


def test_cli_on_book_instance():
    res = cli("align", "book:asia_pacific_2001", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert len(data["actors"]) == 20
    assert data["configurations"] == 2**19
    assert abs(sum(m["basin_share"] for m in data["local_minima"]) - 1.0) < 1e-12


def test_scenario_with_align_section_gets_its_own_section(figure_problems):
    """A scenario's [align] section gets a section of its own; its figure marks each actor's
    margin before and after the changes side by side (its lines once joined the actors, which
    are in no order: figure_problems checks for lines across categories)."""
    from types import SimpleNamespace

    from anpo.align.scenario import AlignScenario

    inst = io.read_book("asia_pacific_2001")
    t = whatif.pair_threshold(inst.landscape(), inst.index("JPN"), inst.index("CHN"))
    us, jp = inst.index("USA"), inst.index("JPN")
    scen = SimpleNamespace(
        meta=SimpleNamespace(id="coop", title="Japan-China cooperation"),
        align=AlignScenario.model_validate(
            {"changes": [{"a": "JPN", "b": "CHN", "delta": t.threshold + 0.5}]}
        ),
    )
    sec = _scenario_section(scen.meta.id, scen.meta.title, scen.align)
    assert sec.id == "align-scenario-coop" and sec.figures and sec.tables
    frame = sec.tables[0].frame
    assert list(frame[""]) == ["before", "after"]
    # beyond the threshold the best configuration with Japan and China together wins
    expected = "yes" if t.together[us] == t.together[jp] else "no"
    assert list(frame["anchors together"]) == ["yes", expected]
    assert figure_problems.figures == len(sec.figures) == 1
    assert figure_problems == []
    assert "(circles)" in sec.figures[0].caption and "(squares)" in sec.figures[0].caption


@pytest.mark.slow
def test_backtest_section_from_the_catalog(shared_data, anpo_home, monkeypatch, figure_problems):
    """With the datasets in the catalog the back-test section is filled: its Answer states the
    held-out numbers of the anpo.align.backtest.run it made (captured), the held-out choice of
    recipe and data year, and the comparison with Axelrod & Bennett's 15 of 17; the tables hold
    both data years; country names in the participant table."""
    from anpo.align import backtest as bt
    from anpo.align.report import _backtest_run
    from anpo.data.catalog import Catalog

    cat = Catalog.open(anpo_home)
    files = {
        "cow_states": "cow/states2016.csv",
        "nmc": "peacesciencer/cow_nmc.csv",
        "atop": "peacesciencer/atop_alliance.csv.gz",
        "tss_rivalries": "peacesciencer/tss_rivalries.csv",
        "mid_dyadic": "peacesciencer/cow_mid_dirdisps.csv",
        "contiguity": "cow/contdird.csv",
        "unga": "unga/IdealpointsJuly2025.csv",
        "democracy": "democracy/cw_democracy.csv",
        "cow_war_inter": "peacesciencer/cow_war_inter.csv",
    }
    for kind, rel in files.items():
        cat.add(shared_data / rel, kind=kind)
    ctx = ReportContext(scenarios=[], catalog_home=anpo_home)
    lacking, none = _backtest_run(ctx)
    assert none is None  # the back-test did not run
    # the lacking dataset by name, not by its catalog kind ('lacks mid_participant')
    assert lacking.needs_data and "MID participant-level file" in lacking.answer
    assert "mid_participant" not in lacking.answer
    # the commands add only the lacking file (they listed all ten)
    assert lacking.commands == ["anpo data add MIDB_5.0.csv", "anpo align backtest"]
    assert "needs data" not in lacking.title  # the page flags it (the contents said it twice)
    cat.add(shared_data / "cow" / "MIDB_5.0.csv", kind="mid_participant")
    made = []
    real_run = bt.run

    def capture(*args, **kwargs):
        made.append(real_run(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(bt, "run", capture)
    # the figure, checked before it is serialised: its legend covered bars, 'Second World War'
    # ran into its neighbours and the first baseline had the headline's blue
    from anpo.report import figures

    legend_colours: list[set[str]] = []
    original = figures.svg_from_matplotlib  # figure_problems' check, which this one wraps

    def colours(fig):
        for lg in fig.legends:
            legend_colours.append({str(h.get_facecolor()) for h in lg.legend_handles})
        return original(fig)

    monkeypatch.setattr(figures, "svg_from_matplotlib", colours)
    sec, res = _backtest_run(ctx)
    assert res is made[-1] and "nmc" in res.sources  # the versions it ran on
    # every column of its CSV files (wars, participants, peacetime, summary) is defined in the
    # column dictionary: none was, the section needing data the built-in report lacks (ui31)
    from _support import undefined_csv_columns

    assert undefined_csv_columns([sec]) == []
    # the caveat's example and data years, computed (they were typed: the same words here)
    assert "wars (the Gulf War: 13 states against Iraq), so balanced" in sec.caveat, sec.caveat
    assert "from data of the year before onset or 3 years before onset:" in sec.caveat
    assert figure_problems.figures == len(sec.figures) == 1
    assert figure_problems == []
    # the data line names datasets as the other sections do, not 'nmc: COW ...'
    assert sec.data_vintage and not [v for v in sec.data_vintage if re.match(r"[a-z_]+: ", v)]
    assert any(v.startswith("COW National Material Capabilities") for v in sec.data_vintage)
    assert legend_colours and all(len(c) == 4 for c in legend_colours)  # headline + 3 baselines
    # the appendix headers read like the body's ('Predicted recipe2 held out', 'full',
    # 'majority' and the caption 'Counts.' did not)
    appendix = {t.name: t for t in sec.appendix}
    heads = appendix["align-backtest-participants"].headers
    assert heads and all(h.startswith("side predicted, ") for h in heads.values())
    assert "side predicted, alliance membership alone" in heads.values()  # baselines too
    # in the words of the section's other tables (one source, not a retyped copy)
    assert "side predicted, capability alone (balancing)" in heads.values()
    assert "side predicted, recipe 3 (history factors), held out" in heads.values()
    peace = appendix["align-backtest-peace"]
    assert "everyone on one side" in peace.headers.values() and peace.caption != "Counts."
    assert not sec.needs_data and len(made) == 1
    res = made[0]
    ho = res.war.summary()[bt.HEADLINE]
    # the year sections' assumptions count the wars the weights were fitted on from this run
    # when it read the fit's versions (34 wars on the shared data, as tests/test_align_backtest.py
    # counts them), else name no number
    from anpo.align.report import fit_wars

    assert fit_wars(res) == (None if res.versions_differing() else 34)
    assert f"places {ho['correct']} of {ho['participants']} participants" in sec.answer
    # the wars finding's key number says what it counts (it read '164 of 200 participants of
    # 34 wars (82%)')
    fw = next(f for f in sec.findings if f.question.endswith("who fights on which side?"))
    assert fw.number.startswith(f"{ho['correct']} of {ho['participants']} participants of ")
    assert "placed on the side they first fought on, held out (" in fw.number
    assert f"{ho['mean_balanced']:.2f}" in sec.answer
    rid, lag, _ = res.choice
    assert f"picks recipe {rid[-1]} with data of the year before onset" in sec.answer
    ab = res.axelrod_bennett
    verdict = "the bar is met." if ab["meets_bar"] else "the bar is not met"
    assert "15 of 17" in sec.answer and verdict in sec.answer
    assert "Leave-one-war-out" in " ".join(sec.assumptions)
    assert sec.findings and sec.figures and sec.figures[0].description
    ww2 = next(t for t in sec.tables if "Axelrod" in t.title).frame
    assert set(ww2["data year"]) == {1938, 1936}
    # Axelrod & Bennett's own seventeen nations: table, sentence and the finding's verdict come
    # from the computed headline
    h17 = res.ab17["headline"]
    own = next(t for t in sec.tables if "own seventeen" in t.title).frame
    assert list(own.columns) == ["predictor", "data 1936", "data 1938"]
    assert own.iloc[0]["data 1936"].startswith(f"{h17['correct']} of 17 (misplaced: ")
    assert f"the default recipe places {h17['correct']} of 17 right" in sec.answer
    f17 = next(f for f in sec.findings if "Axelrod" in f.question)
    assert f17.answer.startswith(("Yes" if h17["meets_bar"] else "No") + ": on their own")
    # its key number says what it counts and whose the bar is (it read '71% against 88%')
    assert f17.number.startswith(f"{h17['correct']} of 17 (") and f17.number.endswith(
        "placed right held out, against Axelrod and Bennett's 15 of 17 (88%)"
    ), f17.number
    wars = next(t for t in sec.appendix if t.name == "align-backtest-wars").frame
    assert set(wars["years before onset"]) == {1, 3}
    parts = next(t for t in sec.appendix if t.name == "align-backtest-participants").frame
    assert "Germany" in set(parts["state"]) and "GMY" not in set(parts["state"])
    # the nested count says why its participants differ from the headline's (it read '158 of
    # 201' after '164 of 200' with no word on the 201)
    ns = res.nested_summary()
    (nested,) = [n for n in sec.notes if "also chosen inside each fold" in n]
    if ns["participants"] != ho["participants"]:
        assert f"({ns['participants']} participants, not {ho['participants']}: " in nested


def test_the_nested_count_says_why_it_differs_from_the_headline():
    """Read in the built report: 'With the recipe and the data year also chosen inside each
    fold ..., 158 of 201 participants are placed right' followed '164 of 200 participants'
    unexplained: a fold that chose data of three years before onset scores the war's
    participants with data in that year (the Second World War: 25, not 24)."""
    import pandas as pd

    from anpo.align.report import _nested_count_note

    def when(lag: int) -> str:
        return "the year before onset" if lag == 1 else f"{lag} years before onset"

    folds = pd.DataFrame({"lag": [3, 3, 1], "participants": [25, 4, 3]})
    note = _nested_count_note(folds, 32, {"participants": 31}, 1, when)
    assert note == (
        " (32 participants, not 31: each war is scored with the participants that have data in "
        "the data year its fold chose; 2 of the 3 folds chose 3 years before onset)"
    )
    assert _nested_count_note(folds, 31, {"participants": 31}, 1, when) == ""
    assert _nested_count_note(None, 32, {"participants": 31}, 1, when) == ""


def test_gdp_sizes_are_compared_when_the_data_cover_every_state():
    """A GDP table covering the 20 states adds a GDP column to the size comparison; one lacking
    a state is named instead (no size is filled in)."""
    import pandas as pd

    from anpo.align import sensitivity as se
    from anpo.align.report import _codes, _with_gdp, size_comparison

    inst = io.read_book("asia_pacific_2001")
    codes = _codes(inst)
    assert None not in codes
    full = pd.DataFrame({"ccode": codes, "year": 2001, "gdp": np.linspace(1.0, 20.0, 20)})
    with_gdp, lacking = _with_gdp(inst, full)
    assert lacking == []
    table, note = size_comparison(with_gdp, se.size_effect(with_gdp), lacking)
    assert list(table.columns) == ["state", "cinc", "milex", "gdp"]
    assert "United States" in set(table["state"])
    assert note.startswith("With military expenditure and GDP instead of CINC as sizes")
    same, lacking = _with_gdp(inst, full[full["ccode"] != 835])  # no Brunei
    assert lacking == ["Brunei"] and same is inst
    _, note = size_comparison(inst, se.size_effect(inst), lacking)
    assert "Thailand changes side" in note and "lack Brunei" in note
    y18 = io.read_book("asia_pacific_2018")
    table, note = size_comparison(y18, se.size_effect(y18), [])
    assert table is None and "North Korea and Laos" in note


def treaty_codes(codes: list[str]) -> list[str]:
    """The U.S. treaty allies of the Asia-Pacific instances that are in ``codes``."""
    return [c for c in ("JPN", "ROK", "PHI", "THI", "AUL") if c in codes]


def test_caveat_names_non_treaty_partners_the_alliance_factor_ties_to_the_us():
    """ATOP pacts that are not U.S. defense treaties (from 2009 ASEAN's Treaty of Amity and
    Cooperation) give the 2018 instance an 'alliance' between the United States and China,
    Russia and North Korea; the caveat names them, generated from the instance's pairs."""
    from anpo.align.report import _non_treaty_alliance_note

    inst = io.read_book("asia_pacific_2018")
    codes = list(inst.ids)
    treaty = [codes.index(c) for c in ("JPN", "ROK", "PHI", "THI", "AUL")]
    note = _non_treaty_alliance_note(inst, treaty)
    for name in ("China", "Russia", "North Korea"):
        assert name in note
    assert "Japan" not in note.split("which")[0] and "are not U.S. treaty allies" in note
    # with every partner counted a treaty ally there is nothing to say
    everyone = [i for i, c in enumerate(codes) if c != "USA"]
    assert _non_treaty_alliance_note(inst, everyone) == ""
    # the Treaty of Amity example holds from the U.S. accession (2009): the 2018 note gives it,
    # the 2001 note (Russia, on another ATOP pact) must not date it into 2001
    assert "ASEAN's Treaty of Amity and Cooperation" in note
    y01 = io.read_book("asia_pacific_2001")
    c01 = list(y01.ids)
    note01 = _non_treaty_alliance_note(y01, [c01.index(c) for c in treaty_codes(c01)])
    assert "Russia" in note01 and "Treaty of Amity" not in note01 and "2009" not in note01


def test_validated_accuracy_comes_from_the_backtest_finding():
    """When the back-test ran, the prediction sections quote its generated finding (no number
    typed in); when it needs data, they say so."""
    from anpo.align.report import _with_validated_accuracy
    from anpo.report.sections import Finding, Section

    def year() -> Section:
        return Section(
            id="align-2001", title="t", question="q", model="m", caveat="Caveat.",
            findings=[Finding("Which neighbours?", "a", "n", "Stable.")],
        )  # fmt: skip

    ran = Section(
        id="align-backtest", title="b", question="q", model="m",
        findings=[Finding("Q?", "Better than simple rules: held-out balanced accuracy 0.81.",
                          "", "")],
    )  # fmt: skip
    sec = year()
    _with_validated_accuracy([sec], ran)
    assert sec.caveat.endswith("better than simple rules: held-out balanced accuracy 0.81.")
    assert "0.81" in sec.findings[0].confidence
    missing = Section(id="align-backtest", title="b", question="q", model="m", needs_data=True)
    sec = year()
    _with_validated_accuracy([sec], missing)
    assert "needs the war data" in sec.caveat and "0.81" not in sec.caveat


def test_backtest_finding_says_better_only_when_the_recipe_beats_the_baselines():
    """The back-test's key finding (quoted in every prediction section) compares the held-out
    mean balanced accuracy with the best simple rule's, at the printed precision."""
    from anpo.align.report import _versus_baselines

    assert _versus_baselines(0.812, 0.70, "alliance membership alone").startswith(
        "Better than simple rules: held-out balanced accuracy 0.81 against 0.70"
    )
    assert _versus_baselines(0.60, 0.65, "x").startswith("Not better than simple rules: ")
    assert _versus_baselines(0.701, 0.699, "x").startswith("Not better than")  # 0.70 vs 0.70


def test_flip_words_show_the_tables_value():
    """The note on a treaty ally on the other side said 'UN voting at 0.05 times the recipe's'
    where the flip table beside it says 0.0538: the sentence writes the multiplier with the
    report's formatter (anpo.report.format.fmt_number), as the table's cell does."""
    from types import SimpleNamespace

    import pandas as pd

    from anpo.align.report import _flip_words
    from anpo.report.format import fmt_number

    inst = SimpleNamespace(ids=["USA", "THI"], names=["United States", "Thailand"])
    flips = pd.DataFrame(
        {"state": ["Thailand"], "un": [0.053812], "rivalry": [float("nan")], "regime": [2.4449]}
    )
    words = _flip_words({"flips": flips, "inst": inst}, 1)
    assert f"UN voting at {fmt_number(0.053812)} times" in words
    assert "0.0538" in words and "0.05 times" not in words
    assert f"regime similarity at {fmt_number(2.4449)} times" in words


def test_a_weight_change_that_moves_china_too_is_not_a_state_leaving_china():
    """2018's notes said Thailand 'would change side with the weight of ATOP pacts ... at 2.24
    times the recipe's' and counted that weight among the changes that move the ASEAN members
    to the U.S.-Japan side, though at 2.24 China, Russia and North Korea cross too and only
    Taiwan is left apart: the sides merge, no state parts from China. A change that moves China
    as well now says so; one that does not (UN voting) says nothing more."""
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    from anpo.align.report import _crossings_with_china
    from anpo.align.sensitivity import Breakpoint

    ids = ["USA", "CHN", "THI", "TAW", "JPN"]
    inst = SimpleNamespace(
        ids=ids, names=ids, provenance={"year": 2018}, index=lambda c: ids.index(c)
    )
    flips = pd.DataFrame({"state": ["Thailand"], "alliance": [2.24], "un": [0.231]})
    before = np.array([0, 1, 1, 0, 0])
    paths = {
        "alliance": [Breakpoint("alliance", 2.24, before, np.array([0, 0, 0, 1, 0]), (1, 2, 3))],
        "un": [Breakpoint("un", 0.231, before, np.array([0, 1, 0, 0, 0]), (2,))],
    }
    a = {"inst": inst, "flips": flips, "paths": paths, "us": 0}
    text = _crossings_with_china(a, [2], "Thailand")
    assert text.startswith(" But the weight of ATOP pacts")
    assert "at 2.24 times the recipe's moves China across as well, with 2 other states" in text
    assert "(only Taiwan left apart) rather than parting Thailand from China." in text
    assert "UN voting" not in text
    # no paths (the flip-words test's minimal dict) or no China: nothing to add
    assert _crossings_with_china({**a, "paths": {}}, [2], "Thailand") == ""
    paths["alliance"][0] = Breakpoint("alliance", 2.24, before, before, (2, 3))
    assert _crossings_with_china(a, [2], "Thailand") == ""


def test_crossings_with_china_merge_only_when_the_sides_merge():
    """The sentence said the weight change "merges the two sides" also
    when more than three states stay apart from the United States (it names them only up to
    three), and when China's move leaves it apart from the United States. Then it now says only
    that China crosses as well; with everyone on one side it says the sides merge, naming none."""
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    from anpo.align.report import _crossings_with_china
    from anpo.align.sensitivity import Breakpoint

    ids = ["USA", "CHN", "THI", "TAW", "RUS", "PRK", "IRN", "SYR"]
    inst = SimpleNamespace(
        ids=ids, names=ids, provenance={"year": 2018}, index=lambda c: ids.index(c)
    )
    flips = pd.DataFrame({"state": ["Thailand"], "alliance": [2.24]})
    before = np.array([0, 1, 1, 0, 1, 1, 1, 1])

    def text(after, moved):
        b = Breakpoint("alliance", 2.24, before, np.array(after), moved)
        a = {"inst": inst, "flips": flips, "paths": {"alliance": [b]}, "us": 0}
        return _crossings_with_china(a, [2], "Thailand")

    # China and Thailand cross; four states stay apart: no merger claimed
    many = text([0, 0, 0, 0, 1, 1, 1, 1], (1, 2))
    assert "merges" not in many
    assert many.startswith(" But the weight of ATOP pacts")
    assert many.endswith(
        " at 2.24 times the recipe's moves China across as well,"
        " with 1 other state, rather than parting Thailand from China."
    )
    # every state on one side: merged, none named apart
    one = text([0, 0, 0, 0, 0, 0, 0, 0], (1, 2, 4, 5, 6, 7))
    assert "it merges the two sides rather than parting Thailand" in one
    assert "left apart" not in one
    # China moves away from the United States (it was beside it): no merger either
    before[1] = 0
    away = text([0, 1, 0, 0, 1, 1, 1, 1], (1, 2))
    assert away.startswith(" But the weight of ATOP pacts")
    assert "merges" not in away


@pytest.mark.slow
def test_the_2018_notes_say_the_alliance_weight_moves_china_too():
    """On the built-in 2018 instance the Thailand note and the ASEAN premise both say that the
    ATOP weight at 2.24 times the recipe's moves China across as well; 2001's moves (UN voting,
    regime similarity, disputes) leave China where it is and add no such sentence."""
    from anpo.align import report

    s18 = report._alignment_section(analyse(io.read_book("asia_pacific_2018")))
    thai = next(n for n in s18.notes if n.startswith("Thailand, a U.S. treaty ally"))
    assert "moves China across as well" in thai and "parting Thailand from China" in thai
    premise = next(n for n in s18.notes if n.startswith("The seed's premise"))
    assert "rather than parting any of them from China" in premise
    s01 = report._alignment_section(analyse(io.read_book("asia_pacific_2001")))
    assert not any("moves China across" in n for n in s01.notes)


def test_size_note_names_the_states_without_military_spending() -> None:
    """The 2018 book instance (NMC 6.0 [singer1972]) has no positive military spending for
    North Korea and Laos: the report's size note names them from the recipe's message, which
    names states beside their codes ("North Korea (731), Laos (812)")."""
    from anpo.align import io
    from anpo.align.report import size_comparison

    inst = io.read_book("asia_pacific_2018")
    assert "North Korea (731), Laos (812)" in inst.provenance["sizes_milex_unavailable"]
    _, note = size_comparison(inst, None, [])
    assert "(none in NMC for North Korea and Laos)" in note


def test_backtest_commands_name_only_the_missing_files(shared_data, anpo_home):
    """With NMC in the catalog the back-test's commands listed `anpo data add ...
    NMC-60-abridged.csv` all the same: they now list only the files the catalog lacks."""
    from anpo.align.report import _backtest_run
    from anpo.data.catalog import Catalog

    Catalog.open(anpo_home).add(shared_data / "peacesciencer" / "cow_nmc.csv", kind="nmc")
    sec, res = _backtest_run(ReportContext(scenarios=[], catalog_home=anpo_home))
    assert res is None and sec.needs_data
    assert not any("NMC-60-abridged.csv" in c for c in sec.commands), sec.commands
    assert sec.commands[0] == "anpo data add states2016.csv atop5_1ddyr.csv"
    assert sec.commands[-1] == "anpo align backtest"
    # no catalog: every file
    none, _ = _backtest_run(ReportContext(scenarios=[], catalog_home=None))
    assert none.commands[0] == "anpo data add states2016.csv NMC-60-abridged.csv atop5_1ddyr.csv"


def test_backtest_that_failed_with_every_dataset_present_does_not_promise_data_commands():
    """After an error with every dataset in the catalog only ``anpo align backtest`` is listed,
    but the answer said "The commands below fill it." (helper audit, this branch)."""
    from anpo.align.report import _backtest_needs_data

    failed = _backtest_needs_data("The back-test could not run: boom.", ())
    assert failed.commands == ["anpo align backtest"]
    assert "fill it" not in failed.answer and "runs it on its own" in failed.answer
    empty = _backtest_needs_data("No data.")
    assert empty.answer.endswith("The commands below fill it.")
    assert empty.commands[-1] == "anpo align backtest" and len(empty.commands) > 1


def test_changes_cell_says_when_a_state_already_ties():
    """A state whose side already ties for the global minimum (every propensity 0, so every
    configuration ties) has an L1 change of 0: the table's changes column says why instead of
    a bare '-'; a state that needs a change lists it with its partner's name."""
    from anpo.align.landscape import landscape
    from anpo.align.report import _changes_cell

    names = ["A", "B", "C", "D"]
    tie = whatif.smallest_change(landscape(np.ones(4), np.zeros((4, 4))), 1, [0], norm="L1")
    assert tie.tied and tie.tie_norm == 0.0
    assert _changes_cell(tie, names) == "none: its side already ties for the global minimum"
    p = np.array([[0, 1, -1, 0], [1, 0, -1, 0], [-1, -1, 0, 1], [0, 0, 1, 0.0]])
    ch = whatif.smallest_change(landscape(np.ones(4), p), 2, [0], norm="L1")
    cell = _changes_cell(ch, names)
    assert not ch.tied and cell != "-" and "already" not in cell
    assert all(name in names for name in (part.split()[0] for part in cell.split("; ")))


def test_change_row_prints_infinity_only_for_a_proven_impossibility(monkeypatch):
    """review17 F3: the smallest-change table printed '∞' (proven 'no') when no change was
    known, reading 'no change can do it'. Each of the three results smallest_change returns
    with an infinite size: no change of the allowed pairs does it (bounds that keep the
    state out: '∞', proven), the time limit spent before any change (a dash, the cell says
    so), the solver's change failing the check against every configuration (a dash, the
    reason)."""
    from anpo.align.landscape import landscape
    from anpo.align.report import _change_row
    from anpo.report.format import fmt_number

    names = ["A", "B", "C", "D"]
    p = np.array([[0, 1, -1, 0], [1, 0, -1, 0], [-1, -1, 0, 1], [0, 0, 1, 0.0]])
    land = landscape(np.ones(4), p)
    no = whatif.smallest_change(land, 2, [0], [(2, 3)], norm="L1", bounds=(-1.0, 1.0))
    assert not no.feasible
    late = whatif.smallest_change(land, 2, [0], norm="L1", time_limit=0.0)
    assert late.time_out and late.feasible and not math.isfinite(late.norm)
    monkeypatch.setattr(
        whatif, "_exact_change", lambda *a, **k: (None, "no change held the state in (forced)")
    )
    bad = whatif.smallest_change(land, 2, [0], norm="L1")
    assert bad.feasible and bad.reason and not math.isfinite(bad.norm)

    l1, cell, proven = _change_row(no, names)
    assert (fmt_number(l1), proven) == ("∞", "yes") and "no change" in cell
    for ch, why in ((late, "time limit"), (bad, bad.reason)):
        l1, cell, proven = _change_row(ch, names)
        assert fmt_number(l1) == "–" and proven == "no", (l1, proven)
        assert cell.startswith("not known") and why in cell, cell


def test_reasons_name_every_factor_so_the_parts_add_up_to_the_total():
    """The note on a treaty ally on the other side named only the first three holding factors
    and two pulling ones: for 2018's Thailand it read 'raise its own frustration by 0.388 ...
    UN voting (+0.225 ...), regime similarity (+0.123 ...) and ATOP pacts (+0.0397 ...) ...
    militarized disputes (-0.0328 ...) and strategic rivalry (-0.00508 ...)', which add up to
    0.350: contiguity (+0.038) was left out. Every factor is named, so the parts the sentence
    prints add up to the total it prints [axelrod1993]."""
    from types import SimpleNamespace

    import pandas as pd

    from anpo.align.report import _reason_text

    inst = SimpleNamespace(
        ids=["USA", "JPN", "THI", "CHN", "CAM"],
        names=["United States", "Japan", "Thailand", "China", "Cambodia"],
        provenance={"year": 2018},
    )
    reasons = pd.DataFrame(
        [
            ("un", 3, 0.225),
            ("regime", 3, 0.123),
            ("alliance", 3, 0.0397),
            ("contiguity", 4, 0.038),
            ("disputes", 4, -0.0328),
            ("rivalry", 4, -0.00508),
        ],
        columns=["factor", "partner", "change"],
    )
    a = {"inst": inst, "gcfg": np.array([0, 0, 1, 1, 1]), "reasons": {2: reasons}}
    text = _reason_text(a, 2)
    total = float(re.search(r"frustration by ([-+0-9.e]+)", text).group(1))
    parts = [float(v) for v in re.findall(r"\(([-+][0-9.e-]+):", text)]
    assert len(parts) == 6, text
    assert sum(parts) == pytest.approx(total, abs=1e-3), text
    assert "contiguity (+0.038" in text


def test_changes_cell_rounds_as_the_l1_column_beside_it():
    """The what-if table printed 'Vietnam 0.857 | China -0.86' and 'India 0.424 | China -0.42'
    (2001): a state's single change and its L1 norm are the same number, rounded two ways. Each
    change is written with the report's formatter, as the L1 column is."""
    from types import SimpleNamespace

    from anpo.align.report import _changes_cell
    from anpo.report.format import fmt_number

    names = ["United States", "Japan", "China", "Vietnam"]
    one = SimpleNamespace(actor=3, tie_delta={(2, 3): -0.85704}, tied=False)
    assert _changes_cell(one, names) == f"China -{fmt_number(0.85704)}" == "China -0.857"
    two = SimpleNamespace(actor=2, tie_delta={(0, 2): 9.0123, (1, 2): 0.4876}, tied=False)
    assert _changes_cell(two, names) == "United States +9.01; Japan +0.488"


def test_the_peacetime_caption_says_which_bloc_cases_have_no_blocs():
    """The report's peacetime table had no 1950 defense-pact rows and said nothing of why (in
    1950 ATOP's defense pacts form one component in each region, so there is no second bloc
    to score; ``anpo align backtest`` says so): the caption names each such case with the
    back-test's reason, and says nothing when every case has blocs."""
    from anpo.align.report import _no_blocs_note

    no_blocs = [
        {
            "year": 1950,
            "region": "Asia-Pacific",
            "reason": "one defense-pact component of 2 of its 13 states: no second bloc to score",
        },
        {
            "year": 1950,
            "region": "Europe and North America",
            "reason": "one defense-pact component of 20 of its 26 states: no second bloc to score",
        },
    ]
    note = _no_blocs_note(no_blocs)
    assert note == (
        " No defense-pact blocs to score in 1950, Asia-Pacific (one defense-pact component of 2 "
        "of its 13 states: no second bloc to score); 1950, Europe and North America (one "
        "defense-pact component of 20 of its 26 states: no second bloc to score)."
    )
    assert _no_blocs_note([]) == ""


@pytest.mark.slow
def test_the_japan_china_finding_says_who_moves_beyond_each_threshold():
    """The key finding read 'in 2001 ... (+7.00); in 2018 ... (+8.40), and beyond it Japan, not
    China, would change side', typed in whatever the table's 'China can join via this pair'
    said, and after the last year only as if 2001 were different: it now follows the table,
    for every year (the built-in sections; the rule alone is tested below)."""
    sections = build(ReportContext(scenarios=book_scenarios()))
    (coop,) = [s for s in sections if s.id == "align-japan-china"]
    (finding,) = coop.findings
    table = coop.tables[0].frame
    assert set(table["China can join via this pair"]) == {"no"}
    assert finding.answer.endswith(
        ", and beyond either threshold Japan would leave the U.S. side rather than China join it."
    )
    assert "beyond it Japan, not China" not in finding.answer
    # one quantity at one precision (review8 #12): the table printed 'threshold change | 7'
    # beside the finding's '+7.00' (7.0047); the page's cells are at the prose's two decimals,
    # the summary CSV keeps the computed values
    summary = coop.summary
    assert summary is not None
    for col in ("option: change", "threshold change"):
        shown = [f"{v:.2f}" for v in summary[col]]
        assert table[col].tolist() == shown, (col, table[col].tolist())
        for text in shown:
            assert f"+{text}" in finding.answer
    assert summary["threshold change"].dtype.kind == "f"


def test_beyond_threshold_follows_the_table_for_every_year():
    """:func:`anpo.align.report._beyond_threshold` says who moves beyond the Japan-China
    threshold from the table's 'China can join via this pair' column, year by year (it was
    typed in for 2001 only)."""
    from anpo.align.report import _beyond_threshold

    rows = [
        {"year": 2001, "China can join via this pair": "yes"},
        {"year": 2018, "China can join via this pair": "yes"},
    ]
    assert _beyond_threshold(rows) == "China would join the U.S.-Japan side"
    assert _beyond_threshold([rows[0], {"year": 2018, "China can join via this pair": "no"}]) == (
        "China would join the U.S.-Japan side in 2001, and Japan would leave it in 2018"
    )


def test_assumptions_read_the_recipes_dispute_window_and_the_bars_nations():
    """The prose reads the parameters it names: the default recipe's dispute window (it typed
    '10' beside the recipe's own ``dispute_window``) and Axelrod & Bennett's seventeen."""
    from anpo.align import report
    from anpo.align.backtest import AXELROD_BENNETT
    from anpo.align.recipe import RECIPE_ID, get_recipe

    window = get_recipe(RECIPE_ID).weights.dispute_window
    assert any(f"the last {window} observed years" in a for a in report.assumptions())
    assert f"{AXELROD_BENNETT[0]} of {AXELROD_BENNETT[1]}" in report.BACKTEST_SOURCES[0]


def test_the_choice_sentence_and_readme_head_name_the_tables_data_years():
    """Recipes and data years come from the choice table (the prose typed 'recipes 2 and 3 with
    data of the year before onset and of three years before', the README head '3 years')."""
    import pandas as pd

    from anpo.align.report import _lag_table_head, _recipes_and_lags

    table = pd.DataFrame({"recipe": ["r/2", "r/2", "r/4"], "lag": [1, 5, 1]})
    assert _recipes_and_lags(table) == (
        "recipes 2 and 4 with data of the year before onset and 5 years before onset"
    )
    head = _lag_table_head([1, 5])
    assert head[0].endswith("| data of the year before onset | data of 5 years before onset |")
    assert head[1] == "|---|---|---|"


@pytest.mark.slow
def test_weight_range_notes_follow_the_multiplier_tried(monkeypatch):
    """The weight-sensitivity notes name the largest multiplier the analysis tries, not a typed
    '3': with another one, the notes follow."""
    from anpo.align import report

    monkeypatch.setattr(report, "WEIGHT_MAX", 2.0)
    section = report._alignment_section(analyse(io.read_book("asia_pacific_2001")))
    notes = {t.title.split(",")[0]: t.caption for t in section.tables}
    assert notes["Range of each factor's weight over which the predicted sides hold"].endswith(
        "the multiplier reaches 0 or 2."
    )
    assert "(–: not between 0 and 2;" in notes["Weight change that moves a state across"]


def test_the_one_against_many_example_is_counted_from_the_participants():
    """The back-test caveat's example counts the Gulf War's sides from the participants scored
    (it typed '13 states against Iraq'), and names none where no state stood alone."""
    import pandas as pd

    from anpo.align.report import _one_against_many

    def parts(sides: list[int]) -> pd.DataFrame:
        states = [f"S{i}" for i in range(len(sides) - 1)] + ["Iraq"]
        n = len(sides)
        return pd.DataFrame(
            {"warnum": [211] * n, "war": ["Gulf War"] * n, "state": states, "side": sides}
        )

    assert _one_against_many(parts([1] * 9 + [2])) == " (the Gulf War: 9 states against Iraq)"
    assert _one_against_many(parts([1, 1, 2, 2])) == ""
    assert _one_against_many(parts([1] * 9 + [2]).assign(warnum=139)) == ""


def test_assumptions_read_the_fit_count_and_the_instances_data_years():
    """The assumptions' war count and carried-forward years are computed (they typed '34
    multi-state wars' and 'MIDs 2014, contiguity 2016' at import): another count, other pair
    notes, and the sentences follow; with no count the sentence names no number."""
    import copy

    from anpo.align import report

    early, late = io.read_book("asia_pacific_2001"), io.read_book("asia_pacific_2018")
    fitted, data = report.assumptions([late], 34)[1], report.assumptions([late], 34)[3]
    assert "fitted to the sides of the 34 multi-state wars of the back-test section" in fitted
    assert "(MIDs 2014, contiguity 2016)" in data
    assert "Taiwan has no UN ideal point, Brunei has no V-Dem score" in data
    assert "fitted to the sides of the 7 multi-state wars" in report.assumptions([late], 7)[1]
    unknown = report.assumptions([late], None)[1]
    assert "fitted to the sides of the COW multi-state wars" in unknown
    assert not any(ch.isdigit() for ch in unknown.split("weights were fitted")[1])
    # 2001: nothing carried forward, and the sentence says so instead of 2018's years
    first = report.assumptions([early])[3]
    assert "2014" not in first and "No dataset of the recipe ends before 2001" in first
    # other notes, other years
    other = copy.deepcopy(late)
    other.pairs["source"] = other.pairs["source"].str.replace("from 2014", "from 2011")
    assert "(MIDs 2011, contiguity 2016)" in report.assumptions([other])[3]
    # the China section's sentence covers both instances and says whose years they are
    both = report.assumptions([early, late])[3]
    assert "(2018: MIDs 2014, contiguity 2016)" in both


def test_fit_wars_counts_the_back_tests_wars_only_on_the_fits_data():
    """The count of wars the weights were fitted on is the back-test's at the default data year
    when it ran on the versions and protocol of the fit; None otherwise."""
    from types import SimpleNamespace

    from anpo.align.backtest import DEFAULT_LAG
    from anpo.align.report import fit_wars

    def res(differ=(), protocol=(), n=5):
        return SimpleNamespace(
            versions_differing=lambda: list(differ),
            protocol_differing=lambda: list(protocol),
            cases_by_lag={DEFAULT_LAG: list(range(n))},
            cases=list(range(n)),
            war=SimpleNamespace(lag=DEFAULT_LAG),
        )

    assert fit_wars(res(n=5)) == 5
    assert fit_wars(res(n=34)) == 34
    assert fit_wars(res(differ=["wars"])) is None
    assert fit_wars(res(protocol=["milex sizes instead of CINC"])) is None
    assert fit_wars(None) is None


def test_the_sides_figure_names_its_bar_colours_as_drawn():
    """The sides-and-margins figure draws the U.S.-Japan side in blue (#0072B2) and the other
    side in vermillion (#D55E00, Okabe-Ito), a red-orange, while its description said 'red
    bars': the colour a reader looks for should be the one drawn. The description now names
    the other side's bars as drawn."""
    from anpo.align import report

    section = report._alignment_section(analyse(io.read_book("asia_pacific_2001")))
    [fig] = [f for f in section.figures if f.title.startswith("Sides and stability margins")]
    assert "#d55e00" in fig.svg.lower() and "#0072b2" in fig.svg.lower()
    assert "red bars" not in fig.description
    assert "vermillion (orange-red) bars the other side" in fig.description


def _five(scale: float):
    """Five actors with the U.S. and Japan, propensities ``scale`` x small integers and two
    factor columns (half each), as a recipe writes them; only the propensities' ratios matter
    [axelrod1993], so the instance at 1e-14 has the minima of the one at 1 times 1e-14."""
    import pandas as pd

    from anpo.align.io import Instance

    p = np.array(
        [[0, 3, -2, -1, 2], [3, 0, -1, -2, 1], [-2, -1, 0, 2, -1], [-1, -2, 2, 0, -1]]
        + [[2, 1, -1, -1, 0]],
        dtype=float,
    )
    ids = ["USA", "JPN", "CHN", "RUS", "AUL"]
    rows = [
        {"a": ids[i], "b": ids[j], "p": p[i, j] * scale}
        | {"alliance": p[i, j] * scale / 2, "un": p[i, j] * scale / 2}
        for i in range(5)
        for j in range(i + 1, 5)
    ]
    return Instance(
        names=["United States", "Japan", "China", "Russia", "Australia"],
        sizes=np.array([3.0, 2.0, 3.0, 2.0, 1.0]),
        propensity=p * scale,
        ids=ids,
        title="five",
        pairs=pd.DataFrame(rows),
    )


def _cells(table, column):
    """``column`` of ``table`` as the page shows it (its HTML) and as its CSV file writes it."""
    import html as _html
    import io as _io

    import pandas as pd

    from anpo.report.format import clean_frame
    from anpo.report.html import table_html

    page = table_html(table, "t")
    body = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", page)]
    at = list(table.frame.columns).index(column)
    shown = [_html.unescape(r[at]) for r in body if r]
    scales = getattr(table, "scales", {})  # none before tables had scales
    args = (table.frame, table.kinds, scales) if scales else (table.frame, table.kinds)
    csv = clean_frame(*args).to_csv(index=False)
    return shown, pd.read_csv(_io.StringIO(csv))[column].tolist(), csv


def _unscaled(table):
    """``table`` without its scales: as fmt_number and clean_value's absolute rule write it."""
    import dataclasses

    return dataclasses.replace(table, scales={}) if getattr(table, "scales", None) else table


def test_tiny_instance_tables_write_energies_and_changes_at_its_scale():
    """An instance of propensities of order 1e-14 [axelrod1993: only their ratios matter]: the
    'lowest configurations' table's energies (-8.6e-13, -6e-13, -3e-13: the instance at 1 has
    -86, -60, -30) and the L1 norms of the changes (4.33e-14, the unscaled 4.33 x 1e-14) read
    '0' on the page and 0.0 in the CSV file (the absolute noise rule, 1e-12), beside the
    changes' own cell's '+4.33e-14'. Both are now written at the instance's scale:
    Landscape.energy_scale for energies, the largest |propensity| for the changes."""
    from anpo.align.report import _alignment_section

    one = analyse(_five(1.0))
    small = analyse(_five(1e-14))
    sec = _alignment_section(small)
    lowest, changes = sec.tables[:2]
    shown, csv, _ = _cells(lowest, "energy")
    want = [float(e) * 1e-14 for _, e, _ in one["lowest"]]
    assert [float(e) for _, e, _ in small["lowest"]] == pytest.approx(want, rel=1e-9)
    assert shown == ["-8.6e-13", "-6e-13", "-3e-13"], shown
    assert csv == pytest.approx(want, rel=1e-9) and all(v != 0 for v in csv), csv
    shown, csv, _ = _cells(changes, "L1 change")
    norms = [c.tie_norm for _, c in small["changes"]]
    assert norms and all(0 < x < 1e-12 for x in norms)
    assert shown == [fmt_scaled(x, 3e-14) for x in norms] and "0" not in shown, shown
    assert csv == pytest.approx(norms, rel=1e-9), csv


def test_tables_of_an_instance_at_scale_one_are_unchanged_by_their_scales():
    """Behaviour at a scale of 1 or more is unchanged: the instance at 1 (energies -86, -60,
    -30; changes 4.33 and 4.67) writes its tables, page and CSV, as without scales (fmt_number
    and clean_value's absolute rule)."""
    from anpo.align.report import _alignment_section

    sec = _alignment_section(analyse(_five(1.0)))
    for table, column in ((sec.tables[0], "energy"), (sec.tables[1], "L1 change")):
        assert _cells(table, column) == _cells(_unscaled(table), column)
    assert _cells(sec.tables[0], "energy")[:2] == (["-86", "-60", "-30"], [-86, -60, -30])
    assert _cells(sec.tables[1], "L1 change")[:2] == (
        ["4.33", "4.67"],
        [4.33333333333, 4.66666666667],
    )


def _tiny_scenario(tmp_path, scale: float):
    """A scenario's [align] section on a user's four-actor file (no pairs table) at ``scale``:
    A and B friends, C and D hostile to both and to each other (global minimum A, B | C, D,
    E = -14 x scale, ordered pairs [axelrod1993, n. 2]); the change makes A and C friends
    (A, B, C | D, E = -12 x scale)."""
    from anpo.align.scenario import AlignScenario

    f = tmp_path / f"four-{scale:g}.csv"
    p = [[0, 2, -1, -3], [2, 0, -1, -2], [-1, -1, 0, -1], [-3, -2, -1, 0]]
    rows = [
        f"{n},1," + ",".join("" if i == j else repr(p[i][j] * scale) for j in range(4))
        for i, n in enumerate("ABCD")
    ]
    f.write_text("name,size,A,B,C,D\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return AlignScenario.model_validate(
        {
            "instance": str(f),
            "anchors": ["A"],
            "changes": [{"a": "A", "b": "C", "delta": 4 * scale}],
        }
    )


def test_scenario_before_after_energies_at_each_landscapes_scale(tmp_path):
    """A scenario's before/after table on a user's instance of propensities of 1e-14 wrote
    both global minima's energies '0' (page) and 0.0 (CSV): the absolute noise rule. Each row
    is now written at its own landscape's scale (Landscape.energy_text's rule); the same
    instance at 1 is unchanged by it."""
    sec = _scenario_section("t", "tiny", _tiny_scenario(tmp_path, 1e-14))
    [table] = sec.tables
    _, before, after = _tiny_scenario(tmp_path, 1e-14).landscapes()
    want = [before.global_minimum()[1], after.global_minimum()[1]]
    assert all(0 < abs(e) < 1e-12 for e in want), want
    shown, csv, _ = _cells(table, "energy")
    assert shown == ["-1.4e-13", "-1.2e-13"], shown
    assert csv == pytest.approx(want, rel=1e-9), csv
    big = _scenario_section("t", "one", _tiny_scenario(tmp_path, 1.0)).tables[0]
    assert _cells(big, "energy") == _cells(_unscaled(big), "energy")
    assert _cells(big, "energy")[:2] == (["-14", "-12"], [-14, -12])


def test_a_scenario_on_a_users_csv_matrix_gets_its_section(tmp_path):
    """A scenario's [align] section on a user's CSV matrix (no pairs table: ``pairs`` None)
    raised a TypeError ('argument of type NoneType is not iterable') from the assumptions'
    data words, a traceback from `anpo report`; it now gets its section, whose assumptions say
    what they say of any user's file without pair notes."""
    from anpo.align.scenario import AlignScenario

    f = tmp_path / "three.csv"
    f.write_text("name,size,A,B,C\nA,1,,2,-1\nB,1,2,,-1\nC,1,-1,-1,\n", encoding="utf-8")
    spec = AlignScenario.model_validate({"instance": str(f), "anchors": ["A"]})
    assert spec.landscapes()[0].pairs is None
    sec = _scenario_section("csv", "a CSV matrix", spec)
    assert sec.tables and any(
        a.startswith("Data ending before the year are carried forward from their last year;")
        for a in sec.assumptions
    ), sec.assumptions


def test_free_coalitions_sentence_counts_the_chosen_number_on_a_tied_instance():
    """mend16a: on review14 F8's tied instance (7 actors, equal sizes; 2 and 3 coalitions reach
    the same minimum, -12 [galam1998]) the branch and bound's free optimum has 3 coalitions,
    and the section said 'the minimum has 3 coalitions' with its three groups. It now says 2,
    lists a minimum with exactly 2, and that a configuration with 3 ties it."""
    import pandas as pd

    from _support import F8_P
    from anpo.align.io import Instance
    from anpo.align.report import _alignment_section, _short

    ids = ["USA", "JPN", "CHN", "RUS", "AUL", "ROK", "PRK"]
    names = ["United States", "Japan", "China", "Russia", "Australia", "South Korea", "Korea N"]
    rows = [
        {"a": ids[i], "b": ids[j], "p": F8_P[i, j]}
        | {"alliance": F8_P[i, j] / 2, "un": F8_P[i, j] / 2}
        for i in range(7)
        for j in range(i + 1, 7)
    ]
    inst = Instance(
        names=names,
        sizes=np.ones(7),
        propensity=F8_P,
        ids=ids,
        title="tied",
        pairs=pd.DataFrame(rows),
    )
    a = analyse(inst)
    note = next(x for x in _alignment_section(a).notes if "free number of coalitions" in x)
    head, _, rest = note.partition(": ")
    assert head.endswith("the minimum has 2 coalitions"), note
    groups = rest.split(" (E = ")[0].split(" | ")
    assert len(groups) == 2, note
    assert "(E = -12)." in note
    assert note.endswith(
        "The minimum is tied: a configuration with 3 coalitions reaches it as well."
    )
    # the groups are a configuration of energy -12 with exactly two coalitions
    label = {nm: g for g, grp in enumerate(groups) for nm in grp.split(", ")}
    short = [_short(inst, [i]) for i in range(7)]
    assert a["land"].energy([label[s] for s in short]) == -12.0


@pytest.mark.parametrize("energy", [-1e-17, -0.5123456789, -12.0, -2.5e-3])
def test_the_free_coalitions_energy_is_written_as_the_landscape_writes_energies(energy):
    """whatif16: the sentence on the free number of coalitions wrote its energy with ``:.6g``
    while the lowest-configurations table beside it writes energies at the landscape's scale
    (:meth:`Landscape.energy_text`): a minimum of 0 with floating-point noise read
    ``E = -1e-17`` beside a table that reads 0. Now the landscape's own text, every time."""
    from anpo.align.landscape import ChosenMinimum, Landscape
    from anpo.align.report import free_coalitions_sentence

    land = Landscape([1, 1, 1], [[0, 2, -2], [2, 0, -2], [-2, -2, 0]])
    free = ChosenMinimum(2, np.array([0, 0, 1]), energy, np.array([0, 0, 1]), energy)
    text = free_coalitions_sentence(free, ["A, B", "C"], land)
    assert f"(E = {land.energy_text(energy)})." in text, text
    if energy == -1e-17:
        assert "(E = 0)." in text


def test_scenario_section_labels_a_minimum_its_node_budget_did_not_prove(monkeypatch):
    """review20 F7: the scenario section took ``land.solve("exact", time_limit=60.0).config``
    as the global minimum without looking at ``proven``, so a loaded machine could print an
    unproven configuration as the exact one. The search now has a node budget (the same answer
    under any load); with a budget of one node it is spent and each row says so, with the
    lower bound the search proved."""
    import anpo.align.report as ar
    from anpo.align.scenario import AlignScenario

    monkeypatch.setattr(ar, "REPRODUCIBLE_MAX_NODES", 1)
    spec = AlignScenario.model_validate({"changes": [{"a": "JPN", "b": "CHN", "delta": 0.5}]})
    sec = _scenario_section("coop", "Japan-China cooperation", spec)
    labels = list(sec.tables[0].frame[""])
    assert [s.split(" ")[0] for s in labels] == ["before", "after"]
    for s in labels:
        assert "best configuration found, not proven within 1 node of branch and bound" in s
        assert "the minimum energy is at least" in s
    # the figure's legend names the landscapes alone (the row's words had run into it)
    svg = sec.figures[0].svg
    assert "before the changes" in svg and "after the changes" in svg
    assert "not proven" not in svg


def test_free_number_of_coalitions_is_not_given_when_its_budget_is_spent(monkeypatch):
    """review20 F7: ``chosen_minimum(time_limit=60.0)`` made the free number of coalitions
    depend on the machine's load (or fail the report when the time ran out). It has a node
    budget now; when that is spent the sentence says the number is not proven instead of
    giving one (and the section is still built)."""
    import anpo.align.report as ar

    monkeypatch.setattr(ar, "REPRODUCIBLE_MAX_NODES", 1)
    a = analyse(io.read_book("asia_pacific_2001"))
    assert a["free"] is None
    sentence = ar.free_coalitions_sentence(a["free"], [], a["land"])
    assert "not given" in sentence and "not proven within 1 node" in sentence
    sec = ar._alignment_section(a, None)
    assert any("not proven within 1 node" in note for note in sec.notes)


@pytest.mark.slow
def test_the_smallest_change_table_does_not_read_a_clock(monkeypatch):
    """whatif22 (review20 F7's rule): the "Smallest change to join" table's answers and their
    'proven' came from searches under a 60 s wall clock, so under load the printed table
    could change. Its searches now run on a node budget (anpo.align.whatif.REPORT_MAX_NODES)
    with no time limit: with a clock that jumps a day at every reading, every state's change
    on the 2001 book is still found and proven, and none is said to have run out of time."""
    import time

    clock = iter(range(0, 10**12, 86_400))
    monkeypatch.setattr(time, "perf_counter", lambda: float(next(clock)))
    a = analyse(io.read_book("asia_pacific_2001"))
    assert len(a["changes"]) >= 10
    for _k, ch in a["changes"]:
        assert ch.proven and not ch.time_out and not ch.budget_out, ch
        assert np.isfinite(ch.norm) and ch.lower_bound == ch.norm


def test_report_leaves_questions_past_its_what_if_budget_not_examined(monkeypatch):
    """budget24: the report's what-if questions had no total budget (on main every question
    is asked, each within REPORT_MAX_NODES). With a total of 60 nodes on the 2001 book, the
    first question (China, whose proof needs 108 nodes, budget24 measured) is given the 60 and
    says it spent them; every later state is not asked, and its row says so in words (no
    number in any of its cells, a dash for the L1 change), and the caption says the questions
    share the budget."""
    import anpo.align.report as ar

    monkeypatch.setattr(whatif, "REPORT_TOTAL_NODES", 60)
    a = analyse(io.read_book("asia_pacific_2001"))
    (k0, first), *later = a["changes"]
    assert first is not None and first.budget_out and first.nodes == 60
    assert later and all(c is None for _, c in later)
    sec = ar._alignment_section(a, None)
    table = next(t for t in sec.tables if t.title.startswith("Smallest change to join"))
    frame = table.frame
    assert frame["proven"].iloc[0] == "no: not proven within 60 nodes of HiGHS's branch and bound"
    rest = frame.iloc[1:]
    assert len(rest) == len(later)
    assert rest["changes (p_kj)"].eq(ar.not_examined_words(60)).all()
    assert "60 nodes was spent on the questions above" in ar.not_examined_words(60)
    assert rest["proven"].eq("not examined").all()
    assert rest["L1 change"].isna().all()
    assert rest["U.S.-Japan side after"].eq("-").all()
    assert ar.shared_budget_note(60) in table.caption
    shown, _csv, _ = _cells(table, "changes (p_kj)")
    assert shown[1:] == [ar.not_examined_words(60)] * len(later)
    # review24: the chart of the changes drops the states with none; its description names
    # them and why (China's spent budget found none known; the later ones were not examined)
    (fig,) = sec.figures
    assert "Not drawn on the right (see the table): " in fig.description
    assert f"{ar._name(a['inst'], k0)} (no change known)" in fig.description
    for k, _ in later:
        assert f"{ar._name(a['inst'], k)} (not examined)" in fig.description


@pytest.mark.slow
@pytest.mark.parametrize("book", ["asia_pacific_2001", "asia_pacific_2018"])
def test_the_shared_what_if_budget_leaves_the_built_in_answers_unchanged(book):
    """budget24: the report's what-if questions share REPORT_TOTAL_NODES; it was chosen so
    that the built-in instances' answers are those without it (their questions spend 170 and
    13 nodes together). Each answer of the report's table equals the same question's answer
    with no total, every field the table reads, and none is left unasked; the caption gains
    no note on the shared budget."""
    import anpo.align.report as ar

    a = analyse(io.read_book(book))
    asked = [k for k, _ in a["changes"]]
    land = a["land"]
    alone = whatif.smallest_changes(land, asked, [a["us"], a["jp"]], total_nodes=None)
    assert sum(c.nodes for _, c in alone) < whatif.REPORT_TOTAL_NODES // 10
    for (k, got), (j, want) in zip(a["changes"], alone, strict=True):
        assert k == j and got is not None
        for f in ("norm", "tie_norm", "delta", "proven", "reason", "nodes", "lower_bound"):
            assert getattr(got, f) == getattr(want, f), (k, f)
        assert got.config.tolist() == want.config.tolist()
    table = next(
        t
        for t in ar._alignment_section(a, None).tables
        if t.title.startswith("Smallest change to join")
    )
    assert "share a budget" not in table.caption
    assert not table.frame["proven"].eq("not examined").any()

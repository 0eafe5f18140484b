"""Figure conventions of the report (anpo.report.figures) and country names."""

from __future__ import annotations

import re

import matplotlib.pyplot
import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from _support import book_scenarios, busy_figure
from anpo.report import figures
from anpo.report.countries import country_name, cow_states, lookup, with_country_names
from anpo.report.figures import (
    PALETTE,
    SIMPLIFY_TOLERANCE,
    _merge_use_styles,
    _path_data,
    colors,
    figure_text,
    finalize_svg,
    has_cjk,
    inline_svg_problems,
    label_lines,
    new_figure,
    svg_from_matplotlib,
    svg_problems,
    year_axis,
)


def _plot(label: str = "Japan") -> str:
    fig, ax = new_figure(4, 3)
    ax.plot([2001, 2005, 2025], [0.2, 0.4, 0.9], label=label)
    ax.plot([2001, 2005, 2025], [0.1, 0.3, 0.5], label="China")
    year_axis(ax)
    label_lines(ax)
    ax.set_xlabel("year")
    return svg_from_matplotlib(fig)


def test_svg_keeps_text_as_text_without_dates_and_is_reproducible():
    a, b = _plot(), _plot()
    assert a == b, "same figure, same bytes (fixed svg.hashsalt, no date)"
    assert a.startswith("<svg") and "<?xml" not in a
    assert "<metadata>" not in a and "dc:date" not in a
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", a)
    assert {"Japan", "China", "year"} <= set(texts)
    assert any(re.fullmatch(r"20\d\d", t) for t in texts)
    assert "Noto Sans CJK JP" in a, "the font stack covers Japanese"
    assert svg_problems(a) == []
    # the palette's first two colours draw the two series
    assert PALETTE[0].lower() in a.lower() and PALETTE[1].lower() in a.lower()


def test_year_axis_has_whole_years():
    ticks = re.findall(r"<text[^>]*>(\d{4}(?:\.\d+)?)</text>", _plot())
    assert ticks and all("." not in t for t in ticks)


def test_figure_without_data_is_not_drawn():
    fig, ax = new_figure()
    ax.set_title("nothing")
    ax.plot([], [])
    ax.plot([1, 2], [np.nan, np.nan])
    assert svg_from_matplotlib(fig) == ""
    fig, ax = new_figure()
    ax.bar([1, 2], [0.0, 0.5])
    assert svg_from_matplotlib(fig).startswith("<svg")


def test_finalize_makes_ids_unique_and_the_figure_accessible():
    raw = _plot()
    one = finalize_svg(raw, "sec-fig1", "A title", "A description", short="f1-1")
    two = finalize_svg(raw, "sec-fig2", "A title", "A description", short="f1-2")
    ids = re.findall(r'\sid="([^"]+)"', one + two)
    assert len(ids) == len(set(ids)) and ids
    for svg, short in ((one, "f1-1"), (two, "f1-2")):
        refs = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg)
        own = set(re.findall(r'\sid="([^"]+)"', svg))
        assert all((a or b) in own for a, b in refs), "every reference resolves in its figure"
        assert all(i.startswith(short) or i.startswith("sec-fig") for i in own)
    assert 'role="img" aria-labelledby="sec-fig1-title sec-fig1-desc"' in one
    assert '<title id="sec-fig1-title">A title</title>' in one
    assert '<desc id="sec-fig1-desc">A description</desc>' in one


def test_finalize_turns_repeated_styles_into_classes_scoped_to_the_figure():
    """Styles (and clip paths) many drawn elements repeat become one class each, defined once in
    the figure's own style sheet by a rule that matches only inside that figure: two figures on
    one page, both with a class ``A`` meaning different things, cannot restyle each other."""
    raw = svg_from_matplotlib(busy_figure())
    # what the step has to do: matplotlib's SVG repeats styles and clip paths on many elements
    assert inline_svg_problems(raw)
    one = finalize_svg(raw, "sec-fig1", "A title", "A description", short="f1-1")
    raw_two = _plot()
    two = finalize_svg(raw_two, "sec-fig2", "A title", "A description", short="f1-2")
    assert finalize_svg(raw, "sec-fig1", "A title", "A description", short="f1-1") == one
    for svg, before, scope in ((one, raw, "f1-1"), (two, raw_two, "f1-2")):
        assert inline_svg_problems(svg) == []
        assert svg.startswith(f'<svg id="{scope}" ')
        found = re.findall(r"#([\w-]+) \.([A-Z]+)\{([^}]*)\}", svg)
        assert {sel for sel, _, _ in found} == {scope}
        rules = {name: body for _, name, body in found}
        assert set(re.findall(r'\sclass="([^"]+)"', svg)) == set(rules)
        assert "A" in rules and all(re.fullmatch(r"[A-Z]+", n) for n in rules)
        # the busy figure's plotted lines share a clip path: it moved into a class, as the CSS
        # property, with each line's own style
        assert scope == "f1-2" or any(f"clip-path:url(#{scope}-" in b for b in rules.values())
        # the drawing's text, and the whitespace inside it, is untouched
        assert re.findall(r"<text[^>]*>([^<]*)</text>", svg) == re.findall(
            r"<text[^>]*>([^<]*)</text>", before
        )
    assert len(one) < 0.85 * len(raw), (len(one), len(raw))
    # definitions drawn by <use> keep their own inline style
    assert re.search(r'<path id="f1-1-\d+" d="[^"]*" style="[^"]*"/>', one)


def test_inline_svg_problems_finds_unscoped_undefined_and_repeated_styles():
    good = '<svg id="s"><style>#s .A{fill:red}</style><path class="A"/><path class="A"/></svg>'
    assert inline_svg_problems(good) == []
    cases = {
        '<svg><style>#s .A{fill:red}</style><path class="A"/></svg>': "no id",
        '<svg id="s"><style>.A{fill:red}</style><path class="A"/></svg>': "not defined",
        '<svg id="s"><style>#t .A{fill:red}</style><path class="A"/></svg>': "only inside",
        '<svg id="s"><style>#s .A{}#s .A{}</style><path class="A"/></svg>': "more than once",
        '<svg id="s"><path class="B"/></svg>': "not defined",
        '<svg id="s">' + '<path style="fill:red"/>' * 5 + "</svg>": "repeated",
        '<svg id="s"><g><path/></g></svg>': "plain <g>",
    }
    for svg, what in cases.items():
        assert any(what in p for p in inline_svg_problems(svg)), (svg, what)
    # repeated styles on definitions (drawn through <use>) are not counted
    defs = '<svg id="s"><defs>' + '<path style="fill:red"/>' * 5 + "</defs></svg>"
    assert inline_svg_problems(defs) == []


def test_japanese_labels_are_marked():
    svg = finalize_svg(_plot("周辺事態"), "x", "t", "d")
    assert re.search(r'<text lang="ja"[^>]*>周辺事態</text>', svg)
    assert has_cjk("「周辺事態」") and not has_cjk("Japan")


def _japanese_figure(label: str) -> tuple[str, list[str]]:
    """SVG of a figure titled ``figure_text(label, "Surrounding Areas Act")``, and the
    missing-glyph warnings matplotlib raised while laying it out (Agg, the report's settings)."""
    import warnings

    fig, ax = new_figure(4, 3)
    ax.plot([0, 1], [0, 1])
    ax.set_title(figure_text(label, romanized="Surrounding Areas Act"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    return svg_from_matplotlib(fig), missing


def test_japanese_labels_drawn_with_a_cjk_font_when_one_is_installed(monkeypatch):
    """Issue 12 item 6: with a font that draws Japanese (the real one found by
    ``cjk_font``; skipped when the machine has none), a Japanese label is kept, drawn without
    missing-glyph boxes (the font is in the fallback family list) and marked lang="ja"."""
    font = figures.cjk_font()
    if font is None:
        pytest.skip("no installed font draws Japanese (.ci/run installs Noto Sans CJK)")
    assert figure_text("周辺事態法", romanized="Surrounding Areas Act") == "周辺事態法"
    assert figures._rc()["font.family"] == ["sans-serif", font]
    svg, missing = _japanese_figure("周辺事態法")
    assert missing == [], missing
    assert re.search(r'<text lang="ja"[^>]*>周辺事態法</text>', finalize_svg(svg, "x", "t", "d"))
    assert "Surrounding Areas Act" not in svg


def test_japanese_labels_fall_back_to_romanized_names_without_a_cjk_font(monkeypatch):
    """Issue 12 item 6: without a font that draws Japanese the label is the romanized or English
    name the caller takes from the label's data, so no glyph is missing; text without Japanese
    is never changed, and a Japanese fallback is refused."""
    monkeypatch.setattr(figures, "cjk_font", lambda: None)
    assert figure_text("周辺事態法", romanized="Surrounding Areas Act") == "Surrounding Areas Act"
    assert figure_text("Japan", romanized="JPN") == "Japan"
    with pytest.raises(ValueError, match="not romanized"):
        figure_text("日本", romanized="ニッポン")
    assert figures._rc()["font.family"] == "sans-serif"
    svg, missing = _japanese_figure("周辺事態法")
    assert missing == []
    assert "Surrounding Areas Act" in svg and not has_cjk(svg)


def test_cjk_font_found_when_installed_after_matplotlib_cached_its_font_list(monkeypatch):
    """A CJK font installed after matplotlib built its font cache (as ``.ci/run`` does) is
    found among the system's font files and added to the font manager."""
    import copy

    from matplotlib import font_manager

    if not any(figures._draws_japanese(p) for p in font_manager.findSystemFonts()):
        pytest.skip("no font file on this machine draws Japanese")
    stale = copy.copy(font_manager.fontManager)
    stale.ttflist = [e for e in font_manager.fontManager.ttflist if figures._pick_cjk([e]) is None]
    assert figures._pick_cjk(stale.ttflist) is None
    monkeypatch.setattr(font_manager, "fontManager", stale)
    found = figures.cjk_font.__wrapped__()
    assert found is not None
    path = stale.findfont(found, fallback_to_default=False)
    assert figures._draws_japanese(path)


def test_at_most_eight_colours():
    assert colors(8) == list(PALETTE)
    with pytest.raises(ValueError, match="small multiples"):
        colors(9)
    fig, ax = new_figure()
    for i in range(10):
        ax.plot([0, 1], [i, i + 1], color=f"#{(i * 23) % 256:02x}{(i * 71) % 256:02x}c0")
    assert any("colours" in p for p in svg_problems(svg_from_matplotlib(fig)))


def test_direct_labels_do_not_overlap():
    fig, ax = new_figure(4, 3)
    for i, name in enumerate(["a", "b", "c", "d"]):
        ax.plot([0, 1], [0, 0.5 + i * 0.001], label=name)
    ax.set_ylim(0, 1)
    label_lines(ax, min_gap=0.05)
    ys = sorted(t.xy[1] for t in ax.texts)
    assert len(ys) == 4 and np.all(np.diff(ys) >= 0.05 - 1e-9)
    svg_from_matplotlib(fig)


def test_country_names():
    assert country_name(2) == "United States"
    assert country_name("JPN") == country_name(740) == "Japan"
    assert country_name("DRV") == "Vietnam" and country_name(817) == "South Vietnam"
    assert country_name(260) == "West Germany"
    assert country_name(9999) == "9999" and lookup("???") is None
    frame = pd.DataFrame({"ccode1": [2, 740], "ccode2": [710, 731], "x": [1, 2]})
    named = with_country_names(frame)
    assert named["ccode1"].tolist() == ["United States", "Japan"]
    kept = with_country_names(frame, ["ccode2"], keep_codes=True)
    assert kept.columns.tolist() == ["ccode1", "ccode2", "ccode2 name", "x"]
    assert kept["ccode2 name"].tolist() == ["China", "North Korea"]


def test_country_list_matches_the_cow_state_list(shared_data):
    """The typed-in list equals COW State System Membership v2016 (states2016.csv): every code,
    abbreviation and name [cow2017]."""
    official = pd.read_csv(shared_data / "cow" / "states2016.csv")
    rows = official[["ccode", "stateabb", "statenme"]].drop_duplicates()
    ours = {(s.ccode, s.abbrev, s.cow_name) for s in cow_states()}
    theirs = {(int(c), a, n) for c, a, n in rows.itertuples(index=False)}
    assert ours == theirs


@pytest.mark.parametrize("font", ["Noto Sans CJK JP", None])
def test_country_and_actor_labels_fall_back_to_their_ids(monkeypatch, font):
    """Issue 12 item 6: actor names of an alignment instance, state names of the roles figures
    and dyad labels of scenarios go through ``figure_text``; without a CJK font they fall back
    to the ids their data give (actor id, else its position; COW abbreviation; actor ids of the
    dyad)."""
    from types import SimpleNamespace

    from anpo.align.report import _figure_name
    from anpo.relations.report import _figure_names
    from anpo.scenario.labels import dyad_ids, figure_dyad
    from anpo.scenario.schema import Dyad

    monkeypatch.setattr(figures, "cjk_font", lambda: font)
    inst = SimpleNamespace(names=["日本", "中国", "Korea"], ids=["JPN-x", "中国", "KOR-x"])
    got = [_figure_name(inst, i) for i in range(3)]
    assert got == (["日本", "中国", "Korea"] if font else ["JPN-x", "actor 2", "Korea"])
    # a state of the user's own list (a code the package does not know) keeps the list's name;
    # a COW state is named by the package's rule (anpo.report.countries.country_name)
    panel = pd.DataFrame(
        {
            "ccode": [9001, 2],
            "stateabb": ["JPX", "USA"],
            "statenme": ["日本", "United States of America"],
            "year": 2001,
        }
    )
    want = {"JPX": "日本" if font else "JPX", "USA": "United States"}
    assert _figure_names(panel) == want
    scen = SimpleNamespace(
        dyads=[
            Dyad(defender="USA", rival="CHN", label="米中"),
            Dyad(defender="USA", rival="RUS", label=""),
        ]
    )
    ids = dyad_ids([scen])
    assert ids == {"米中": "USA-CHN", "USA-RUS": "USA-RUS"}
    assert figure_dyad("米中", [scen]) == ("米中" if font else "USA-CHN")
    assert figure_dyad("USA-RUS", [scen]) == "USA-RUS"
    assert figure_dyad("日米", [scen]) == ("日米" if font else "dyad")


# ------------------------------------------------------------------ lighter SVG, same drawing


def _segment_distance(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    ab = b - a
    t = 0.0 if not ab.any() else float(np.clip(np.dot(p - a, ab) / np.dot(ab, ab), 0, 1))
    return float(np.hypot(*(p - (a + t * ab))))


def _polylines(d: str) -> list[np.ndarray]:
    """The vertices of each subpath of M/L path data (explicit or implicit L)."""
    out = []
    for sub in re.findall(r"M([^M]*)", d):
        nums = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", sub)]
        out.append(np.asarray(nums, dtype=float).reshape(-1, 2))
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 400, allow_nan=False), st.floats(0, 300, allow_nan=False)),
        min_size=2,
        max_size=60,
    ),
    st.booleans(),
)
@example([(0.0, 0.0), (0.0, 0.0), (0.0, 2.0), (0.0, 1.0)], False)  # doubles back past its end
def test_path_simplification_keeps_the_shape(points, closed):
    """Every original vertex stays within the tolerance (plus the rounding) of the simplified
    line [douglas1973]; the ends are kept; the data parse back as one subpath."""
    d = "M " + " L ".join(f"{x:.3f} {y:.3f}" for x, y in points) + (" z" if closed else "")
    out = _path_data(d)
    assert "L" not in out and out.startswith("M") and out.endswith("z") == closed
    [kept] = _polylines(out)
    orig = np.round(np.asarray(points, dtype=float), 3)
    assert np.allclose(kept[0], orig[0], atol=0.051) and np.allclose(kept[-1], orig[-1], atol=0.051)
    slack = SIMPLIFY_TOLERANCE + 0.071  # rounding to 0.1 moves each end by at most 0.05*sqrt(2)
    for p in orig:
        dist = min(_segment_distance(p, a, b) for a, b in zip(kept[:-1], kept[1:], strict=True))
        assert dist <= slack if len(kept) > 1 else np.hypot(*(p - kept[0])) <= slack


def test_path_data_examples():
    # collinear points go, repeated commands are implicit; curves and arcs are kept
    assert _path_data("M 0 0 L 1 0 L 2 0 L 3 1 z") == "M0 0 2 0 3 1z"
    assert _path_data("M 0 1.5 C 0.4 1.5 0.783 1.34 1.06 1.06 C 1 1 2 2 3 3") == (
        "M0 1.5C0.4 1.5 0.8 1.3 1.1 1.1 1 1 2 2 3 3"
    )
    assert _path_data("M 0 0 L 0 3.5", decimals=2) == "M0 0 0 3.5"
    assert _path_data("M 1 1 A 2 2 0 0 1 3 3") == "M 1 1 A 2 2 0 0 1 3 3"


def test_use_styles_move_to_their_definition_only_when_all_agree():
    svg = (
        '<defs><path id="m" d="M 0 0" style="stroke: #000"/>'
        '<path id="k" d="M 0 0" style="stroke: #000"/></defs>'
        '<use xlink:href="#m" x="1" style="fill: #f00; stroke: #f00"/>'
        '<use xlink:href="#m" x="2" style="fill: #f00; stroke: #f00"/>'
        '<use xlink:href="#k" x="1" style="fill: #f00"/><use xlink:href="#k" x="2" style="fill: #0f0"/>'
    )
    out = _merge_use_styles(svg)
    # the definition's own stroke still wins; the common fill moved; differing uses untouched
    assert '<path id="m" d="M 0 0" style="fill:#f00;stroke:#000"/>' in out
    assert '<use xlink:href="#m" x="1"/>' in out and '<use xlink:href="#m" x="2"/>' in out
    assert '<use xlink:href="#k" x="1" style="fill: #f00"/>' in out
    assert '<path id="k" d="M 0 0" style="stroke: #000"/>' in out
    # a definition that is not a path, or whose style is not where matplotlib puts it: untouched
    for odd in (
        '<defs><rect id="r" width="1" height="1"/></defs>',
        '<defs><path id="r" style="stroke: #000" d="M 0 0"/></defs>',
    ):
        uses = '<use xlink:href="#r" x="1" style="fill: #f00"/><use xlink:href="#r" style="fill: #f00"/>'
        assert _merge_use_styles(odd + uses) == odd + uses


def test_compact_svg_is_much_lighter_and_draws_the_same_elements():
    import io

    import matplotlib.pyplot as plt

    from anpo.report.figures import _rc

    fig = busy_figure()
    buf = io.StringIO()
    with plt.rc_context(_rc()):
        fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.08)
    raw = buf.getvalue()
    svg = svg_from_matplotlib(fig)
    assert len(svg) < 0.7 * len(raw), (len(svg), len(raw))
    for tag in ("<use ", "<text", "<path "):
        assert svg.count(tag) == raw.count(tag), tag
    assert re.findall(r"<text[^>]*>([^<]*)</text>", svg) == re.findall(
        r"<text[^>]*>([^<]*)</text>", raw
    )
    assert 'transform="rotate(-0 ' not in svg and 'style="fill: ' not in svg


@pytest.mark.slow
def test_deterrence_figures_draw_a_japanese_dyad_label_by_its_ids_without_a_cjk_font(
    monkeypatch,
):
    """Issue 12 item 6: the deterrence figures (stability bars, extended deterrence, the
    Intriligator-Brito positions) pass dyad labels through ``figure_dyad``; with no CJK font a
    Japanese label is drawn as the dyad's actor ids, while the tables keep the label."""
    from anpo.deterrence.report import build
    from anpo.report.sections import ReportContext

    monkeypatch.setattr(figures, "cjk_font", lambda: None)
    scen = next(s for s in book_scenarios() if s.scenario.year == 2025)
    dyads = [d.model_copy(update={"label": "米中"}) if d.rival == "CHN" else d for d in scen.dyads]
    small = scen.model_copy(
        update={
            "dyads": dyads,
            "variants": [v for v in scen.variants if v.id in ("mad", "nmd-limited")],
            "uncertainties": [],
        }
    )
    sections = {s.id: s for s in build(ReportContext(scenarios=[small]))}
    svgs = "".join(f.svg for s in sections.values() for f in s.figures)
    assert "米中" not in svgs
    for sid in ("deterrence-stability", "deterrence-decoupling"):
        assert "USA-CHN" in "".join(f.svg for f in sections[sid].figures), sid
    assert "米中" in set(sections["deterrence-stability"].appendix[0].frame["dyad"])


def test_overlap_problems_find_a_legend_over_data_and_legend_below_avoids_it():
    """The report's exposure figure drew its legend inside the last panel, over the 2030 bars
    (read in the built report); a legend below the panels covers nothing."""
    from anpo.report.figures import legend_below, overlap_problems

    fig, axes = new_figure(6, 3, ncols=2, sharey=True)
    for ax in axes:
        ax.bar([0, 1, 2, 3], [1.0, 1.0, 1.0, 1.0], 0.4, label="United States")
        ax.bar([0.4, 1.4, 2.4, 3.4], [1.0, 1.0, 1.0, 1.0], 0.4, label="Japan (ally)")
    axes[-1].legend(loc="upper right")
    assert any("legend covers" in p for p in overlap_problems(fig))
    matplotlib.pyplot.close(fig)

    fig, axes = new_figure(6, 3, ncols=2, sharey=True)
    for ax in axes:
        ax.bar([0, 1, 2, 3], [1.0, 1.0, 1.0, 1.0], 0.4, label="United States")
    legend_below(fig, axes[-1])
    assert overlap_problems(fig) == []
    assert len(fig.legends) == 1 and fig.legends[0].get_texts()[0].get_text() == "United States"
    matplotlib.pyplot.close(fig)


def test_a_legend_inside_a_bar_or_over_a_shaded_span():
    """A legend in the middle of a bar covers it though no corner of the bar is inside the
    legend; a legend over a shaded span (axvspan: the validation figure's training decades)
    and clear of the lines covers nothing."""
    from anpo.report.figures import overlap_problems

    fig, ax = new_figure(4, 3)
    ax.bar([0], [1.0], 3.0, label="tall wide bar")
    ax.legend(loc="center")
    assert any("1 bar(s)" in p for p in overlap_problems(fig))
    matplotlib.pyplot.close(fig)
    fig, ax = new_figure(4, 3)
    ax.axvspan(0, 10, color="#eeeeee")
    ax.plot([0, 10], [0.9, 1.0], label="line near the top")
    ax.set_ylim(0, 1.05)
    ax.legend(loc="lower left")
    assert overlap_problems(fig) == []
    matplotlib.pyplot.close(fig)


def test_overlap_problems_find_vertical_tick_labels_drawn_over_each_other():
    from anpo.report.figures import overlap_problems

    labels = [f"2001 gmd-global-china-modernized {i}" for i in range(40)]
    fig, ax = new_figure(3, 3)
    ax.plot(range(40), range(40))
    ax.set_xticks(range(40), labels, rotation=0, fontsize=8)
    assert any("tick labels overlap" in p for p in overlap_problems(fig))
    matplotlib.pyplot.close(fig)
    # the extended-deterrence figure: long and short labels ('2001 gmd-global-china-modernized',
    # '2025 mad') at 70 degrees, centred on their ticks, in half a 10-inch figure
    mixed = [labels[i] if i % 2 else f"2025 mad {i}" for i in range(24)]
    fig, ax = new_figure(5, 3)
    ax.plot(range(24), range(24))
    ax.tick_params(axis="x", rotation=70, labelsize=6)
    ax.set_xticks(range(24), mixed)
    assert any("tick labels overlap" in p for p in overlap_problems(fig))
    matplotlib.pyplot.close(fig)
    fig, ax = new_figure(5, 3)
    ax.plot(range(24), range(24))
    ax.set_xticks(range(24), mixed, rotation=90, fontsize=6)
    assert overlap_problems(fig) == []
    matplotlib.pyplot.close(fig)
    # the back-test figure's war names: on one line they ran into each other, on two they fit
    wars = ["First World War", "Second World War", "Korean War", "Gulf War"]
    fig, ax = new_figure(3.5, 3)
    ax.plot(range(4), range(4))
    ax.set_xticks(range(4), wars, fontsize=8)
    assert any("tick labels overlap" in p for p in overlap_problems(fig))
    ax.set_xticks(range(4), [w.replace(" War", "\nWar") for w in wars], fontsize=8)
    assert overlap_problems(fig) == []
    matplotlib.pyplot.close(fig)


def test_category_line_problems_find_lines_across_categories_only():
    """The extended-deterrence figure drew a line through each dyad's price from variant to
    variant (string categories on its y axis) and the align scenario figure one through the
    actors (ticks set by name): both are found. Marks without a line, an interval within one
    category, a reference line across the panel and a line on a numeric axis (years, a log
    scale) are not lines between categories."""
    from anpo.report.figures import category_line_problems

    variants = ["MAD", "theater defense", "NMD"]
    fig, ax = new_figure(4, 3)
    ax.plot([0.0, 0.5, 1.0], variants, marker="o", label="U.S.-China")
    assert category_line_problems(fig) == ["a line joins categories of a panel (U.S.-China)"]
    matplotlib.pyplot.close(fig)
    fig, ax = new_figure(4, 3)
    ax.plot(range(3), [0.2, 0.4, 0.1], marker="o")
    ax.set_xticks(range(3), ["United States", "Japan", "China"])
    assert len(category_line_problems(fig)) == 1
    matplotlib.pyplot.close(fig)
    fig, ax = new_figure(4, 3)
    ax.plot(range(3), [0.2, 0.4, 0.1], linestyle="none", marker="o")
    ax.plot([1, 1], [0.3, 0.5], color="k")  # an interval at one category
    ax.axhline(0.3, color="0.5")
    ax.set_xticks(range(3), ["United States", "Japan", "China"])
    assert category_line_problems(fig) == []
    matplotlib.pyplot.close(fig)
    fig, (a, b) = new_figure(6, 3, ncols=2)
    a.plot([2001, 2010, 2020], [1, 2, 3])
    a.set_xticks([2001, 2010, 2020], ["2001", "2010", "2020"])
    b.plot([1, 10, 100], [1, 2, 3])
    b.set_xscale("log")
    assert category_line_problems(fig) == []
    matplotlib.pyplot.close(fig)


def test_dodge_keeps_marks_of_a_category_apart_and_centred():
    from anpo.report.figures import MARKER_NAMES, MARKERS, dodge

    for n in range(1, 9):
        off = dodge(n, span=0.7)
        assert len(off) == n and abs(off.sum()) < 1e-12  # centred on the category
        assert off.max() - off.min() < 0.7 and (n == 1 or np.diff(off).min() > 0)
    assert set(MARKERS) <= set(MARKER_NAMES) and len(set(MARKERS)) == len(PALETTE)


def test_point_labels_are_placed_clear_of_each_other_and_once_a_point():
    """Read in the built report: the burden scatter drew 'Portugal' over 'Thailand' (two
    points a few pixels apart) and 'United States' twice (it is in both alliances). Each point
    is labelled once, and no label covers another."""
    fig, ax = figures.new_figure(4.0, 3.0)
    xs = [120.0, 121.0, 1e4, 1e4]
    ys = [1.45, 1.43, 3.1, 3.1]
    ax.scatter(xs, ys)
    ax.set_xscale("log")
    points = [(120.0, 1.45, "Portugal"), (121.0, 1.43, "Thailand")]
    points += [(1e4, 3.1, "United States"), (1e4, 3.1, "United States")]
    labels = figures.label_points(ax, points)
    assert [t.get_text() for t in labels] == ["Portugal", "Thailand", "United States"]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    matplotlib.pyplot.close(fig)


def test_point_labels_do_not_sit_on_a_neighbours_marker():
    """Read in the built report (fifth review): in the 2001 burden scatter the label
    'Philippines' sat on Portugal's marker and 'Portugal' on Thailand's, naming the wrong
    points: labels were kept clear of each other, not of the other markers. Now no label
    covers another point's marker, and a label placed farther out has a leader line to its
    own marker."""
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    fig, ax = figures.new_figure(4.0, 3.0)
    # a tight cluster: each near label slot of a point covers a neighbour's marker
    pts = [(1.0, 1.0), (1.012, 1.02), (0.99, 1.02), (1.012, 0.985), (0.988, 0.985)]
    pts += [(1.0, 1.035), (1.0, 0.965), (1.3, 1.5), (0.7, 0.5)]
    names = ["Philippines", "Portugal", "Thailand", "Spain", "Italy", "Greece", "Turkey"]
    names += ["Japan", "Korea"]
    ax.scatter([p[0] for p in pts], [p[1] for p in pts])
    labels = figures.label_points(ax, [(x, y, n) for (x, y), n in zip(pts, names, strict=True)])
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    half = figures.MARKER_HALF_PT * fig.dpi / 72.0
    marks = []
    for x, y in pts:
        cx, cy = ax.transData.transform((x, y))
        marks.append(Bbox.from_extents(cx - half, cy - half, cx + half, cy + half))
    # the texts' boxes (an annotation's own box takes in its leader line)
    boxes = [Text.get_window_extent(t, renderer) for t in labels]
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(m) for j, m in enumerate(marks) if j != i), names[i]
        assert not any(box.overlaps(b) for j, b in enumerate(boxes) if j != i), names[i]
    # the cluster needs the far slots for some labels, each tied to its marker by a line
    far = [t for t in labels if t.arrow_patch is not None]
    assert far and all(t.xy in pts for t in far)
    matplotlib.pyplot.close(fig)


def _svg_size_pt(svg: str) -> tuple[float, float]:
    m = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"[^>]*\sheight="([\d.]+)pt"', svg)
    assert m, svg[:300]
    return float(m.group(1)), float(m.group(2))


LONG_NAME = "Ω" + "X" * 100 + "長" * 99  # a user's 200-character actor name, no space in it


def test_a_long_name_in_axis_labels_and_legend_keeps_the_figure_its_size():
    """A user's 200-character actor name in the y label of a 4-inch figure made it about 25
    inches tall (the deterrence exposure and reaction figures of `anpo report --scenario`:
    1,842 pt), the plot a strip in the middle; in the x label or a legend entry, as wide. The
    label is wrapped to its side of the axes instead, every character kept."""
    fig, ax = new_figure(7, 4)
    ax.bar([0, 1], [0.5, 1.0], label=f"{LONG_NAME} (rival)")
    ax.set_ylabel(f"P(at least 1 {LONG_NAME} warhead arrives)")
    ax.set_xlabel(f"interceptors of {LONG_NAME}")
    ax.set_title(f"launchers {LONG_NAME} needs")
    figures.legend_below(fig, ax)
    svg = svg_from_matplotlib(fig)
    width, height = _svg_size_pt(svg)
    assert width <= 7 * 72 * 1.1 and height <= 4 * 72 * 1.6, (width, height)
    drawn = "".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert drawn.count("X") == 4 * 100 and drawn.count("長") == 4 * 99, "no character lost"


@pytest.mark.parametrize("name", ["US$ 5bn $7bn", r"$\undefinedcommand$", "a $x^2$ b"])
def test_dollar_signs_in_user_text_are_drawn_as_they_are(name):
    """Matplotlib reads text between two dollar signs as mathtext: a variant or actor name from
    a user's file lost its dollars (set in italics), or stopped the report with a parse error
    (an unknown command). Every label, title, legend entry, annotation and fixed tick label is
    drawn literally."""
    fig, ax = new_figure(5, 3)
    ax.bar([0, 1], [1, 2], label=name)
    ax.set_xticks([0, 1], labels=[name, "other"])
    ax.set_ylabel(name)
    ax.set_title(name)
    ax.annotate(name, xy=(0, 1))
    ax.legend()
    svg = svg_from_matplotlib(fig)
    drawn = [html_unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert drawn.count(name) == 5, drawn


@pytest.mark.parametrize("horizontal", [True, False])
@pytest.mark.parametrize("name", ["A $\\x$ B", "US$ 5bn $7bn"])
def test_dollar_signs_in_category_names_are_drawn_as_they_are(name, horizontal):
    """Strings given as data make a category axis, whose tick labels are the strings:
    ``ax.barh(["A $\\x$ B"], [1])`` stopped the drawing with a mathtext parse error (and
    'US$ 5bn $7bn' lost its dollars) after fit_text had escaped every other label."""
    fig, ax = new_figure(5, 3)
    (ax.barh if horizontal else ax.bar)([name, "other"], [1, 2])
    svg = svg_from_matplotlib(fig)
    drawn = [html_unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert drawn.count(name) == 1 and drawn.count("other") == 1, drawn
    matplotlib.pyplot.close(fig)


def test_log_axis_ticks_keep_their_mathtext():
    """Matplotlib's own tick labels of a log axis are mathtext (10^2): drawn as such, not as
    their source text, after :func:`figures.fit_text`."""
    fig, ax = new_figure(5, 3)
    ax.plot([1, 10, 1000], [1, 2, 3])
    ax.set_xscale("log")
    svg = svg_from_matplotlib(fig)
    drawn = re.sub(r"<!--.*?-->", "", svg)  # matplotlib notes each mathtext's source
    assert "<tspan" in drawn and "mathdefault" not in drawn and "$" not in drawn


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)

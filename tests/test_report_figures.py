"""Figure conventions of the report (anpo.report.figures) and country names."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from anpo.report.countries import country_name, cow_states, lookup, with_country_names
from anpo.report.figures import (
    PALETTE,
    colors,
    finalize_svg,
    has_cjk,
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


def test_japanese_labels_are_marked():
    svg = finalize_svg(_plot("周辺事態"), "x", "t", "d")
    assert re.search(r'<text lang="ja"[^>]*>周辺事態</text>', svg)
    assert has_cjk("「周辺事態」") and not has_cjk("Japan")


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

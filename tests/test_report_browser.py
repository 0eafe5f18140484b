"""The built-in report in a real headless browser (Playwright driving Debian's Chromium).

Playwright cannot download its own browser here: it drives ``/usr/bin/chromium`` (``.ci/run``
installs it) through ``executable_path`` (the ``browser`` fixture of ``conftest.py``, shared with the
web app's tests). Checks of issue 11, item 9: no horizontal overflow at
1280 px and 800 px, no console errors, every figure has a title and a description, every section
opens with an Answer, the key-findings links resolve, and the printed PDF splits no figure across
pages.
"""

from __future__ import annotations

import io
import re
import unicodedata

import numpy as np
import pytest

from _support import AWAITING_ANSWER

pytestmark = pytest.mark.browser


def _open(browser, built_report, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(built_report.index.resolve().as_uri())
    return page, errors


def _overflow(page) -> tuple[int, int, list[str]]:  # type: ignore[no-untyped-def]
    """Page scroll width, client width, and the first elements reaching past the page's right
    edge (outside scrolling table boxes and closed appendices)."""
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    offenders = page.evaluate(
        """Array.from(document.querySelectorAll('main *'))
           .filter(e => !e.closest('.table-wrap') && !e.closest('details:not([open])'))
           .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
           .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)"""
    )
    return scroll, client, offenders


@pytest.mark.parametrize("width", [1280, 800])
def test_no_overflow_and_no_console_errors(browser, built_report, width):
    page, errors = _open(browser, built_report, width)
    try:
        scroll, client, offenders = _overflow(page)
    finally:
        page.close()
    assert scroll <= client, f"page scrolls sideways at {width}px: {offenders}"
    assert offenders == []
    assert errors == []


@pytest.mark.slow
def test_long_commands_and_code_wrap_inside_the_page(browser, tmp_path):
    """A command longer than the page is wide (a no-data note's 'anpo data add' with a dozen
    files) wraps inside its box instead of pushing the page sideways: the page infrastructure's
    rule, whatever a section writes (the cause of an 800 px overflow on main)."""
    from _support import fake_provider
    from anpo.report import ReportContext, build_report, write_report
    from anpo.scenario import load_book

    sections = build_report(ReportContext(scenarios=load_book()), providers=[fake_provider])
    index = write_report(sections, tmp_path / "rep")
    long_cmd = max(sections[1].commands, key=len)
    assert len(long_cmd) > 150
    page = browser.new_page(viewport={"width": 800, "height": 900})
    try:
        page.goto(index.resolve().as_uri())
        # the appendices open too: their previews must fit (tables scroll in their own box)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        scroll, client, offenders = _overflow(page)
        shown = page.evaluate(
            "Array.from(document.querySelectorAll('pre code')).map(c => c.textContent)"
        )
    finally:
        page.close()
    assert long_cmd in shown, "the command is shown whole (wrapped, not cut)"
    assert scroll <= client and offenders == [], offenders


def test_figures_sections_and_findings_links(browser, built_report):
    page, errors = _open(browser, built_report, 1280)
    try:
        figures = page.evaluate(
            """Array.from(document.querySelectorAll('figure.report-figure')).map(f => {
                 const svg = f.querySelector('svg');
                 const r = svg.getBoundingClientRect();
                 const ids = (svg.getAttribute('aria-labelledby') || '').split(' ');
                 const named = ids.map(i => document.getElementById(i))
                                  .map(e => e ? e.textContent.trim() : '');
                 return {id: f.id, role: svg.getAttribute('role'), named,
                         w: r.width, h: r.height, texts: svg.querySelectorAll('text').length};
               })"""
        )
        sections = page.evaluate(
            """Array.from(document.querySelectorAll('section.report-section')).map(s => {
                 const h = s.querySelector('h2');
                 const next = h.nextElementSibling;
                 return [s.id, next ? next.className : ''];
               })"""
        )
        links = page.evaluate(
            """Array.from(document.querySelectorAll('#key-findings a[href^="#"], nav a'))
               .map(a => [a.getAttribute('href'),
                          !!document.getElementById(a.getAttribute('href').slice(1))])"""
        )
    finally:
        page.close()
    assert errors == []
    assert figures, "the report has figures"
    for f in figures:
        assert f["role"] == "img", f["id"]
        title, desc = f["named"]
        assert title and desc, f"{f['id']}: a figure needs a title and a description"
        assert f["w"] > 100 and f["h"] > 100 and f["texts"] > 3, f["id"]
    assert len(sections) >= 5
    without = {sid for sid, first in sections if first != "answer"}
    assert not without - AWAITING_ANSWER, f"sections not opening with an Answer: {without}"
    assert links and all(ok for _, ok in links), [h for h, ok in links if not ok]


def test_printed_pdf_splits_no_figure(browser, built_report):
    """Each figure's title and every label of its drawing are on the same printed page; the
    navigation is hidden and no table is wider than the printed page."""
    pypdf = pytest.importorskip("pypdf")
    page, _ = _open(browser, built_report, 1280)
    try:
        page.emulate_media(media="print")
        figures = page.evaluate(
            """Array.from(document.querySelectorAll('figure.report-figure')).map(f => [
                 f.querySelector('.fig-title').textContent,
                 getComputedStyle(f).breakInside,
                 Array.from(f.querySelectorAll('svg text')).map(t => t.textContent.trim())
                      .filter(t => t.length > 3)])"""
        )
        nav_display = page.evaluate("getComputedStyle(document.querySelector('nav.toc')).display")
        page.set_viewport_size({"width": 718, "height": 1000})  # A4 less default margins, 96 dpi
        cut_tables = page.evaluate(
            """Array.from(document.querySelectorAll('.table-wrap'))
               .filter(w => w.offsetParent && w.scrollWidth > w.clientWidth + 1)
               .map(w => w.getAttribute('aria-label'))"""
        )
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    assert nav_display == "none", "navigation is hidden in print"
    assert cut_tables == [], "printed tables must fit the page width"
    reader = pypdf.PdfReader(io.BytesIO(pdf))

    def norm(s: str) -> str:  # ligatures (ﬁ) and spacing differ between the page and the PDF
        return re.sub(r"\W+", "", unicodedata.normalize("NFKC", s))

    pages = [norm(p.extract_text()) for p in reader.pages]
    assert figures
    for title, brk, labels in figures:
        assert brk == "avoid", title
        on = [i for i, t in enumerate(pages) if norm(title) in t]
        assert on, f"{title!r} not found in the PDF"
        where = {lab: [i for i, t in enumerate(pages) if norm(lab) in t] for lab in labels}
        assert any(on[0] in w for w in where.values()), f"{title}: drawing not on its page"
        split = [lab for lab, w in where.items() if w and on[0] not in w]
        assert split == [], f"{title} is split across pages: {split[:3]} on another page"


def _shift_tolerant_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pixel, how far ``a`` is from the closest of ``b``'s 3 x 3 neighbours, and back: an
    edge moved by one pixel (anti-aliasing, 0.05 pt of rounding) costs little, a missing or
    moved mark costs its full contrast."""

    def directed(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        pad, (h, w) = np.pad(y, 1, mode="edge"), x.shape
        return np.min(
            [np.abs(x - pad[i : i + h, j : j + w]) for i in range(3) for j in range(3)], 0
        )

    return np.maximum(directed(a, b), directed(b, a))


@pytest.mark.slow
def test_compact_svg_draws_what_matplotlib_drew(browser):
    """The lighter SVG of the report (rounded coordinates, simplified paths, styles moved to
    definitions) renders like matplotlib's own SVG of the same figure, up to one-pixel edge
    shifts at twice the figure's size; dropping a single tick or marker, or moving one label by
    two points, fails this check (its difference is the full contrast, 255)."""
    import matplotlib.pyplot as plt
    from PIL import Image

    from _support import busy_figure
    from anpo.report.figures import _rc, svg_from_matplotlib

    fig = busy_figure()
    buf = io.StringIO()
    with plt.rc_context(_rc()):
        fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.08)
    raw = buf.getvalue()
    raw = raw[raw.index("<svg") :]
    compact = svg_from_matplotlib(fig)
    assert len(compact) < len(raw) / 2
    shots = []
    for svg in (raw, compact):
        page = browser.new_page(viewport={"width": 900, "height": 700}, device_scale_factor=2)
        try:
            page.set_content(f"<!DOCTYPE html><html><body style='margin:0'>{svg}</body></html>")
            png = page.locator("svg").screenshot()
        finally:
            page.close()
        shots.append(np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float))
    assert shots[0].shape == shots[1].shape
    diff = _shift_tolerant_difference(*shots)
    assert diff.max() < 128, (diff.max(), int((diff > 64).sum()))


@pytest.mark.slow
def test_figures_on_one_page_draw_what_each_drew_alone(browser):
    """The page's figures (:func:`~anpo.report.figures.finalize_svg`: repeated styles and clip
    paths turned into classes scoped to each figure, wrappers and whitespace dropped), two on one
    page, render like each figure's SVG before that step, shown alone. Both figures define a class
    ``A`` with different styles: a rule that leaked from one figure into the other, a class whose
    rule is missing or a clip path lost in the move to CSS changes the pixels (this build of
    Chromium draws both byte for byte the same; the bound leaves room for anti-aliasing)."""
    from PIL import Image

    from _support import busy_figure
    from anpo.report.figures import finalize_svg, new_figure, svg_from_matplotlib

    fig, ax = new_figure(4, 3)
    for k in range(3):
        ax.plot([0, 1, 2, 3], [k, k + 1, k, k + 2], marker="s", label=f"s{k}")
    ax.set_xlim(0.5, 2.5)  # the lines reach past the axes: only the clip path hides the ends
    raws = [svg_from_matplotlib(busy_figure()), svg_from_matplotlib(fig)]
    pages = [[raw] for raw in raws] + [
        [finalize_svg(raw, f"fig{i}", "t", "d", short=f"f{i}") for i, raw in enumerate(raws)]
    ]
    assert all('class="A"' in svg for svg in pages[-1])

    def shoot(svgs: list[str]) -> list[np.ndarray]:
        page = browser.new_page(viewport={"width": 900, "height": 1400}, device_scale_factor=2)
        try:
            body = "".join(f"<div>{svg}</div>" for svg in svgs)
            page.set_content(f"<!DOCTYPE html><html><body style='margin:0'>{body}</body></html>")
            loc = page.locator("svg")
            pngs = [loc.nth(i).screenshot() for i in range(loc.count())]
        finally:
            page.close()
        return [np.asarray(Image.open(io.BytesIO(p)).convert("L"), dtype=float) for p in pngs]

    alone = shoot(pages[0]) + shoot(pages[1])
    together = shoot(pages[2])
    assert len(together) == 2
    for before, after in zip(alone, together, strict=True):
        assert before.shape == after.shape
        diff = _shift_tolerant_difference(before, after)
        assert diff.max() < 128, (diff.max(), int((diff > 64).sum()))

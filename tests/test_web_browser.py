"""``anpo serve`` in a real headless browser (issue 14, item 5).

A live server (uvicorn on a free loopback port, in a thread) and Debian's Chromium driven by
Playwright (the ``browser`` fixture of ``conftest.py``, shared with the report's browser test).
Each page loads with no console error (a violation of the content security policy is one);
moving a slider changes the numbers and the chart to the values the library computes; the law
form returns the cited answer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from _support import serving_in_thread  # noqa: E402
from anpo.report.format import fmt_number  # noqa: E402
from anpo.web.app import create_app  # noqa: E402
from anpo.web.common import percent_text, prob_text  # noqa: E402

#: End-to-end in a real browser (Chromium and a live server: about 7 s of CPU): CI's slow step
#: runs them, as it runs the report's browser tests; the default run checks the same answers
#: through the API (tests/test_web_api.py).
pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = ["/", "/deterrence", "/stability", "/law", "/align", "/futures", "/api"]


@pytest.fixture(scope="module")
def live_server(explore_run):
    """The app (with an exploration directory) on a free loopback port, served by uvicorn in a
    thread."""
    with _serving(explore_run) as url:
        yield url


@contextlib.contextmanager
def _serving(explore_dir: Any) -> Iterator[str]:
    """Serve the app with ``explore_dir`` on a free loopback port (uvicorn in a thread), yield
    its address, stop it."""
    app = create_app(explore_dir, time_limit=300)  # first calls compile: slow on a busy machine
    with serving_in_thread(app) as url:
        yield url


def _open(browser, url: str, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, errors


def _settle(page, timeout: float = 60_000) -> None:
    """Wait until no API request of the page is running (``<body data-busy>`` cleared)."""
    page.wait_for_function("() => !document.body.dataset.busy", timeout=timeout)


def _explore_axis(page, axis: str, column: str, title_test: str) -> None:
    """On the futures page's exploration: wait for its table, choose ``column`` for the chart's
    ``axis`` ("x" or "y") and wait until the chart is drawn with that axis' title passing
    ``title_test``, a JavaScript string method call (``".startsWith('C')"``)."""
    page.wait_for_selector("#explore-table tbody tr", timeout=60_000)
    _settle(page)
    page.select_option(f"#explore-{axis}", column)
    page.wait_for_function(
        "() => document.getElementById('chart-explore').dataset.drawn"
        f" && document.getElementById('chart-explore').layout.{axis}axis.title.text{title_test}"
    )
    _settle(page)


def _show_indicator(page, indicator: str, title: str) -> None:
    """On the futures page: choose ``indicator`` for the scorecard chart and wait until the
    chart is drawn with a title starting ``title``."""
    page.wait_for_selector("#scorecard-table")
    _settle(page)
    page.select_option("#indicator", indicator)
    page.wait_for_function(
        "t => document.getElementById('chart-scorecard').dataset.drawn"
        " && document.getElementById('chart-scorecard').layout.title.text.startsWith(t)",
        arg=title,
    )


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_console_errors(browser, live_server, path):
    page, errors = _open(browser, live_server + path)
    try:
        page.wait_for_load_state("networkidle")
        _settle(page)
        heading = page.text_content("h1")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
        )
        shown_errors = page.eval_on_selector_all(".error", "els => els.map(e => e.textContent)")
    finally:
        page.close()
    assert heading
    assert errors == []
    assert shown_errors == []
    assert not overflow, f"{path} scrolls sideways at 1280 px"


def _preset_engagement(live_server):
    import httpx

    q = {"scenario": "us-japan-2001", "variant": "gmd-global", "dyad": "USA-CHN"}
    return httpx.get(f"{live_server}/api/deterrence/preset", params=q).json()


def _move(page, selector: str, value: float) -> None:
    """Set a range input's value as a user's drag does (an ``input`` event)."""
    page.eval_on_selector(
        selector,
        "(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }",
        str(value),
    )


def _after_jobs(page, act, jobs: int = 1, timeout: float = 60_000) -> None:
    """Do ``act()`` (move a slider, click) and wait until ``jobs`` more API jobs of the page
    have finished (``<body data-done>``) and none runs: the answer may come from the server's
    memo (another test asked for it), so the busy flag may never be seen set."""
    finished = int(page.evaluate("document.body.dataset.done || '0'"))
    act()
    page.wait_for_function(
        "([n, k]) => Number(document.body.dataset.done || '0') >= n + k",
        arg=[finished, jobs],
        timeout=timeout,
    )
    _settle(page, timeout)


def test_deterrence_slider_gives_the_library_values(browser, live_server):
    """Moving the raid size and the interceptor sliders redraws the numbers and both charts
    with the values of ``layered_engagement`` and the reaction curve."""
    from anpo.deterrence.defense import layered_engagement
    from anpo.deterrence.layer import Layer

    preset = _preset_engagement(live_server)["engagement"]
    page, errors = _open(browser, f"{live_server}/deterrence")
    try:
        page.wait_for_selector("#p-ge-1")
        _settle(page)
        before = page.text_content("#p-ge-1")
        _move(page, "#rvs", 35)
        page.wait_for_function("() => document.getElementById('chart-pmf').dataset.rvs === '35'")
        _settle(page)
        shown = {m: page.text_content(f"#p-ge-{m}") for m in (1, 5, 10)}
        shown_none = page.text_content("#p-none")
        bars = page.evaluate("document.getElementById('chart-pmf').data[0].y")
        launchers_before = page.text_content("#launchers-now")
        more = int(page.input_value("#layer0-interceptors")) + 50  # within the slider's range
        _move(page, "#layer0-interceptors", more)
        page.wait_for_function(
            "n => document.querySelector('#launchers-now').parentElement.textContent"
            ".includes(`against ${n} interceptors`)",
            arg=more,
        )
        _settle(page)
        launchers_after = page.text_content("#launchers-now")
        marker_x = page.evaluate("document.getElementById('chart-reaction').data[1].x[0]")
        caption = page.text_content("#caption-reaction") or ""
    finally:
        page.close()
    layers = [Layer(**ly) for ly in preset["layers"]]
    lib = layered_engagement(
        35, layers, decoys_per_rv=preset["decoys_per_rv"], missile_class=preset["missile_class"]
    )
    assert shown == {m: percent_text(float(lib.p_at_least(m))) for m in (1, 5, 10)}
    assert shown_none == percent_text(float(lib.p_no_leak))
    assert shown[1] != before
    assert len(bars) == 36 and np.allclose(bars, 100 * np.asarray(lib.leaker_pmf), atol=1e-10)
    assert marker_x == more
    assert int(launchers_after) > int(launchers_before)  # more interceptors, more launchers needed
    # the reaction caption in words, not the library function's name
    assert caption.startswith("Each point: for that number of interceptors in ")
    assert "anpo." not in caption and "reaction_curve" not in caption
    assert errors == []


def test_raid_decoys_leave_the_growing_forces_decoys_alone(browser, live_server):
    """The attack's decoys are the raid's; the reaction curve's growing force has its own (3 per
    warhead for China's road-mobile ICBMs in the 2001 book): moving the attack's slider set the
    growing force's decoys too, so the launchers needed jumped from 59 to 85 with the slider
    left at 0. The reaction settings show and move the growing force's decoys."""
    preset = _preset_engagement(live_server)
    growth_decoys = preset["reaction"]["growth"]["decoys_per_rv"]
    assert growth_decoys != preset["engagement"]["decoys_per_rv"]  # the case this test is about
    page, errors = _open(browser, f"{live_server}/deterrence")
    try:
        page.wait_for_selector("#launchers-now")
        _settle(page)
        before = page.text_content("#launchers-now")
        _after_jobs(page, lambda: _move(page, "#decoys", 5), jobs=2, timeout=30_000)
        after_raid = page.text_content("#launchers-now")
        shown = page.input_value("#r-decoys-value")
        caption = page.text_content("#caption-reaction") or ""
        _move(page, "#r-decoys", 0)
        page.wait_for_function(
            "n => document.getElementById('launchers-now').textContent !== n", arg=before
        )
        _settle(page)
        after_growth = page.text_content("#launchers-now")
    finally:
        page.close()
    assert after_raid == before
    assert shown == str(growth_decoys)
    assert f"{growth_decoys} decoys per warhead" in caption
    assert int(after_growth) > int(before)  # without decoys the rival needs more launchers
    assert errors == []


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("scenario=bogus", "scenario 'bogus'"),
        ("variant=nope&dyad=ZZZ", "variant 'nope', dyad 'ZZZ'"),
    ],
)
def test_unknown_names_in_the_address_fall_back_and_say_so(browser, live_server, query, named):
    """/deterrence?scenario=bogus left the scenario list empty and showed the API's "unknown
    scenario ''" (not even the name asked for); the page now starts from the book's choices and
    says which name of the address it could not use."""
    page, errors = _open(browser, f"{live_server}/deterrence?{query}")
    try:
        page.wait_for_selector("#p-ge-1")
        _settle(page)
        message = page.text_content("#preset-msg") or ""
        scenario = page.input_value("#preset-scenario")
        shown_errors = page.eval_on_selector_all(".error", "els => els.map(e => e.textContent)")
    finally:
        page.close()
    assert named in message and "not in the built-in book" in message
    assert scenario == "us-japan-2001"
    assert shown_errors == []
    assert errors == []


def test_stability_slider_gives_the_library_values(browser, live_server):
    """Doubling China's DF-5 force on the dyad page shows the measures of that scenario, and the
    reaction curve's caption says the launchers held and the counterforce level its counts
    assume."""
    from anpo.deterrence.questions import (
        answer_case,
        display_kind,
        level_first_force,
        reaction_assumptions,
        reaction_table,
    )
    from anpo.scenario import Scenario
    from anpo.web.common import book

    page, errors = _open(browser, f"{live_server}/stability")
    try:
        page.wait_for_selector("#m-fss")
        _settle(page)
        _after_jobs(page, lambda: _move(page, "#k-launchers-cn-df5", 40))
        fss = page.text_content("#m-fss")
        survivors = page.text_content("#m-survivors")
        bars = page.evaluate("document.getElementById('chart-exposure').data[0].y")
        caption = page.text_content("#caption-reaction") or ""
    finally:
        page.close()
    data = book()["us-japan-2001"].model_dump()
    for f in data["forces"]:
        if f["id"] == "cn-df5":
            f["launchers"] = 40
    data["dyads"] = [d for d in data["dyads"] if d["rival"] == "CHN"]
    case = next(c for c in Scenario.model_validate(data).cases() if c.variant.id == "gmd-global")
    ans = answer_case(case)[0]
    assert fss == prob_text(ans.stability.fss)
    assert survivors == fmt_number(ans.expected_survivors, display_kind("survivors_expected"))
    assert np.allclose(bars, [100 * ans.exposure["USA"][m] for m in (1, 5, 10)], atol=1e-10)
    # the reaction curve's launchers held and counterforce level, as anpo stability's columns
    # (review9 F9: the caption said neither)
    row = reaction_table(ans).iloc[0]
    held, level = int(row["current_launchers"]), int(row["counterforce_level"])
    first = level_first_force(ans, str(row["growth_component"]))
    assert caption.endswith(reaction_assumptions(held, level, first)), caption
    assert errors == []


def test_stability_page_shows_extended_deterrence_and_undefined_stability(browser, live_server):
    """The stability page shows the patron's price of honouring the guarantee and the ally's
    exposure (Wilkening & Watman 1995; Powell 2003) with the library's values, and, for North
    Korea in 2001 (no deliverable warheads), first-strike stability as undefined with the
    library's reason (Kent & Thaler 1989 need both sides' costs), not a number."""
    from anpo.deterrence.questions import answer_case
    from anpo.web.common import book

    page, errors = _open(browser, f"{live_server}/stability")
    try:
        page.wait_for_selector("#m-patron_price")
        _settle(page)
        price = page.text_content("#m-patron_price")
        exposure = page.text_content("#m-ally_exposure")
        labels = page.text_content("#measures")
        page.select_option("#preset-variant", "mad")
        page.select_option("#preset-dyad", "USA-PRK")
        page.click("#preset-load")
        page.wait_for_function(
            "() => (document.getElementById('m-fss') || {}).textContent?.startsWith('undefined')",
            timeout=60_000,
        )
        _settle(page)
        fss = page.text_content("#m-fss")
        notes = page.text_content("#notes")
    finally:
        page.close()
    cases = {c.variant.id: c for c in book()["us-japan-2001"].cases()}
    chn = next(a for a in answer_case(cases["gmd-global"]) if a.rival == "CHN")
    prk = next(a for a in answer_case(cases["mad"]) if a.rival == "PRK")
    assert price == percent_text(chn.extended.price[1])
    assert exposure == percent_text(chn.extended.ally_exposure[1])
    assert "price of honouring the guarantee" in labels and "Ally's exposure" in labels
    assert "decoupl" not in labels.lower()
    assert prk.stability.fss is None and prk.stability.fss_reason
    assert fss == f"undefined: {prk.stability.fss_reason}"
    assert prk.stability.fss_reason in notes
    assert errors == []


def test_stability_page_says_why_the_patrons_price_moves_with_the_defenses(browser, live_server):
    """``anpo extended`` prints why the patron's price differs from its undefended price (how
    its cost-minimising strike back at the rival's forces changes with the defenses: Kent &
    Thaler 1989, App. C) where the two prices differ as printed; the stability page, which
    mirrors that table, said nothing (ui30). With the United States left 10 Minuteman III
    launchers in the 2001 “NMD C1” the page now says it, the API's ``response_plan_change``;
    the book's case, whose two responses are one, says nothing of the kind."""
    import httpx

    from _support import FEW_US_WARHEADS

    ask = httpx.post(f"{live_server}/api/deterrence/dyad", json=FEW_US_WARHEADS, timeout=300)
    expected = ask.json()
    page, errors = _open(browser, f"{live_server}/stability")
    try:
        page.wait_for_selector("#m-patron_price")
        _settle(page)
        page.select_option("#preset-variant", "nmd-c1")
        page.select_option("#preset-dyad", "USA-CHN")
        _after_jobs(page, lambda: page.click("#preset-load"))
        book_note = page.query_selector("#plan-change")
        for key, n in FEW_US_WARHEADS["launchers"].items():
            _after_jobs(page, lambda key=key, n=n: _move(page, f"#k-launchers-{key}", n))
        note = page.text_content("#plan-change")
        prices = [page.text_content(f"#m-{k}") for k in ("patron_price", "patron_price_undefended")]
    finally:
        page.close()
    assert book_note is None
    assert expected["response_plan_change"]
    assert note == (
        "Why the patron's price differs from its undefended price: "
        f"{expected['response_plan_change']}."
    )
    assert prices[0] != prices[1]
    assert errors == []


def _ask_law(page: Any, date: str, situation: str, activity: str, location: str) -> None:
    """Wait for the law page's first answer, then ask the form's question of ``date``,
    ``situation``, ``activity`` and ``location`` (codes, as the selects submit them)."""
    page.wait_for_selector("#answer-box")
    _settle(page)
    page.fill("#law-date", date)
    page.select_option("#law-situation", situation)
    page.select_option("#law-activity", activity)
    page.select_option("#law-location", location)
    page.click("#law-ask")


def test_law_form_returns_the_cited_answer(browser, live_server):
    """2001-07-10, situation in areas surrounding Japan, providing ammunition: prohibited by the
    Surrounding Areas Act, Annexed Table 1, note 1, quoted in Japanese."""
    from anpo.law import ask

    page, errors = _open(browser, f"{live_server}/law")
    try:
        _ask_law(page, "2016-04-01", "important-influence", "provide-ammunition", "japan")
        page.wait_for_selector("#answer-box[data-status]")
        _settle(page)
        status = page.get_attribute("#answer-box", "data-status")
        quotes = page.eval_on_selector_all(
            "#citations blockquote", "qs => qs.map(q => q.textContent)"
        )
        lang = page.eval_on_selector_all("#citations blockquote", "qs => qs.map(q => q.lang)")
        page.fill("#law-date", "2001-07-10")
        page.select_option("#law-situation", "surrounding-area")
        page.click("#law-ask")
        page.wait_for_function(
            "() => document.querySelector('#answer-box').dataset.status === 'prohibited'"
        )
        _settle(page)
        quotes_2001 = page.eval_on_selector_all(
            "#citations blockquote", "qs => qs.map(q => q.textContent)"
        )
    finally:
        page.close()
    lib = ask("2016-04-01", "important-influence", "provide-ammunition", "japan")
    assert status == lib.status
    assert quotes == [f"「{c.quote}」" for c in lib.legal_basis]
    assert set(lang) == {"ja"}
    lib01 = ask("2001-07-10", "surrounding-area", "provide-ammunition", "japan")
    assert quotes_2001 == [f"「{c.quote}」" for c in lib01.legal_basis]
    assert any("弾薬" in q for q in quotes_2001)
    assert errors == []


def test_law_page_names_the_bar_of_a_limit_that_is_not_the_statutes(browser, live_server):
    """review18 F3: peacetime support on 2001-07-01 abroad without the territorial state's
    consent is "conditional" under SDF Act Art. 100-9, which sets no place, but barred by
    international law. The page's conditions table names it in the limit's basis cell ("barred
    by international law, not by statute", as `anpo law list`'s legend says it), from the
    check's ``bar`` (`anpo law ask --json`: "international law"), and on no other row."""
    from anpo.law import ask

    page, errors = _open(browser, f"{live_server}/law")
    try:
        _ask_law(page, "2001-07-01", "peacetime", "medical", "foreign-territory")
        page.wait_for_function(
            "() => document.querySelector('#answer-box').dataset.status === 'conditional' "
            "&& document.querySelector('#checks tr[data-bar]')"
        )
        _settle(page)
        rows = page.eval_on_selector_all(
            "#checks tbody tr",
            "rs => rs.map(r => [r.dataset.bar, r.dataset.state, r.cells[3].textContent])",
        )
    finally:
        page.close()
    lib = ask("2001-07-01", "peacetime", "medical", "foreign-territory")
    assert [(bar or None, state) for bar, state, _ in rows] == [
        (c.bar, c.state) for c in lib.checks
    ]
    barred = [basis for bar, _, basis in rows if bar]
    assert barred == ["barred by international law, not by statute"]
    assert all("barred" not in basis for bar, _, basis in rows if not bar)
    assert errors == []


def test_align_page_says_where_its_numbers_come_from(browser, live_server):
    """Under the instance's title the alignment page gives the datasets its sizes and
    propensities come from (the provenance of asia_pacific_2001.toml), not only the recipe's
    id in the title."""
    from anpo.align.io import read_book

    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        source = page.text_content("#instance-source") or ""
    finally:
        page.close()
    prov = read_book("asia_pacific_2001").provenance
    assert source.startswith("Sizes: CINC 2001 recomputed from COW National Material")
    assert prov["dataset_atop"] in source and prov["dataset_unga"] in source
    assert errors == []


def test_align_page_says_where_an_uploaded_files_numbers_come_from(browser, live_server, tmp_path):
    """web29: an uploaded copy of asia_pacific_2001.toml lost its provenance at the upload, so
    the page said only 'as the uploaded file gives them' under its title: it now gives the
    datasets the file records, as for the built-in instance."""
    from anpo.align.io import book_files, read_book

    f = tmp_path / "copy.toml"
    f.write_bytes(next(b for b in book_files() if b.stem == "asia_pacific_2001").read_bytes())
    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        page.set_input_files("#align-file", str(f))
        page.wait_for_function(
            "() => document.getElementById('instance-source').textContent"
            ".startsWith('Sizes and propensities: as the uploaded file')"
        )
        _settle(page)
        source = page.text_content("#instance-source") or ""
    finally:
        page.close()
    prov = read_book("asia_pacific_2001").provenance
    assert "The file records: Sizes: CINC 2001 recomputed from COW National Material" in source
    assert prov["dataset_atop"] in source and prov["dataset_unga"] in source
    assert errors == []


def test_futures_page_filters_the_exploration(browser, live_server, explore_run):
    """The scorecard is shown; narrowing an input's range re-filters the stored results."""
    from anpo.explore import load
    from anpo.futures import INDICATORS

    page, errors = _open(browser, f"{live_server}/futures")
    try:
        page.wait_for_selector("#scorecard-table tbody tr", timeout=60_000)
        page.wait_for_selector("#explore-table tbody tr")
        _settle(page)
        rows = page.eval_on_selector_all("#scorecard-table tbody tr", "rs => rs.length")
        # no scorecard note: the book's cells need none (the library's notes are empty)
        notes = page.eval_on_selector_all(".scorecard-note", "ns => ns.map((n) => n.textContent)")
        # the statistics' headers are the server's (a yes/no indicator's say what they are)
        heads = page.eval_on_selector_all("#explore-table th", "hs => hs.map((h) => h.textContent)")
        page.fill("#f-x-min", "0.5")
        page.dispatch_event("#f-x-min", "input")
        page.wait_for_function(
            "() => !document.getElementById('explore-count').textContent.startsWith('80 of')"
        )
        _settle(page)
        count = page.text_content("#explore-count")
        points = page.evaluate(
            "document.getElementById('chart-explore').data.reduce((n, t) => n + t.x.length, 0)"
        )
    finally:
        page.close()
    frame = load(explore_run)
    matched = int((frame.x >= 0.5).sum())
    assert rows == len(INDICATORS)
    assert notes == []
    assert heads[:2] == ["case", "experiments"] and heads[2].startswith("mean ")
    assert heads[3:] == ["5%", "95%"]
    assert count.startswith(f"{matched} of 80")
    assert points == matched
    assert errors == []


def test_futures_page_notes_a_format_1_run(browser, live_server, explore_run, tmp_path):
    """A run written in format 1 (its input columns the samples, not the values the model used)
    is shown with a visible note saying so; a run of this version's format has none."""
    import json
    import shutil

    from anpo.explore import store

    old = tmp_path / "run"
    shutil.copytree(explore_run, old)
    man = json.loads((old / store.MANIFEST).read_text(encoding="utf-8"))
    man["format"] = 1
    (old / store.MANIFEST).write_text(json.dumps(man), encoding="utf-8")
    shown = {}

    def note(url: str) -> tuple[bool, str | None]:
        page, errors = _open(browser, f"{url}/futures")
        try:
            page.wait_for_selector("#explore-table tbody tr", timeout=60_000)
            _settle(page)
            got = (page.is_visible("#explore-format"), page.text_content("#explore-format"))
        finally:
            page.close()
        assert errors == []
        return got

    shown["now"] = note(live_server)
    with _serving(old) as url:
        shown["old"] = note(url)
    assert shown["now"] == (False, "")
    visible, text = shown["old"]
    assert visible and text is not None
    assert text.startswith("Note: a run in format 1") and "samples" in text


NARROW_PAGES = ["/deterrence", "/stability", "/law", "/align", "/futures"]


@pytest.mark.parametrize("path", NARROW_PAGES)
def test_page_fits_a_phone_screen(browser, live_server, path):
    """At 375 px (a phone held upright) no page scrolls sideways: a select as wide as its
    longest option (the scenario and law vocabularies) used to push the law page 747 px wide."""
    page, errors = _open(browser, live_server + path, width=375)
    try:
        page.wait_for_load_state("networkidle")
        _settle(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    finally:
        page.close()
    assert overflow <= 1, f"{path} is {overflow} px wider than a 375 px screen"
    assert errors == []


#: The text of a chart that must lie inside it: the title, the axis titles, the legend.
_CHART_TEXT_OUTSIDE = """div => {
  const box = div.getBoundingClientRect();
  const out = [];
  for (const t of div.querySelectorAll('.gtitle, .g-xtitle text, .g-ytitle text, .legend')) {
    const r = t.getBoundingClientRect();
    if (!r.width) continue;
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
      out.push(`${div.id}: '${t.textContent}' at ${Math.round(r.left)}..${Math.round(r.right)} x ${Math.round(r.top)}..${Math.round(r.bottom)} outside ${Math.round(box.left)}..${Math.round(box.right)} x ${Math.round(box.top)}..${Math.round(box.bottom)}`);
    }
  }
  const plot = div.querySelector('.cartesianlayer .bg, .nsewdrag');
  const title = div.querySelector('.gtitle');
  if (plot && title && title.getBoundingClientRect().bottom > plot.getBoundingClientRect().top + 1) {
    out.push(`${div.id}: the title runs into the plot`);
  }
  return out;
}"""


@pytest.mark.parametrize("path", ["/stability", "/deterrence", "/law"])
def test_chart_titles_and_legends_fit_a_phone_screen(browser, live_server, path):
    """At 390 px a chart's title, axis titles and legend stay inside the chart, the title above
    the plot: plotly draws a title on one line, and the stability page's reaction-curve title
    ("Launchers of DF-31/DF-31A road-mobile ICBMs (projected modernization) needed for ...")
    ran off both sides even at 1280 px; the law page's legend squeezed its plot to a sliver."""
    page, errors = _open(browser, live_server + path, width=390)
    try:
        page.wait_for_load_state("networkidle")
        _settle(page)
        page.wait_for_function(  # drawn, a title of several lines placed
            "() => [...document.querySelectorAll('.chart')].every(d => d.dataset.drawn)"
        )
        outside = []
        charts = page.query_selector_all(".chart")
        for div in charts:
            outside += div.evaluate(_CHART_TEXT_OUTSIDE)
    finally:
        page.close()
    assert charts, path  # a page without charts would pass the check below unread
    assert outside == []
    assert errors == []


def test_small_raids_have_whole_number_ticks(browser, live_server):
    """Warheads are counted: a raid of 0 or 3 warheads is plotted on ticks 0, 1, 2, 3, never
    plotly's -0.4, 0.2, 0.5 (the axis of an empty raid ran from -0.4 to 0.4)."""
    page, errors = _open(browser, f"{live_server}/deterrence")
    try:
        page.wait_for_selector("#p-ge-1")
        _settle(page)
        ticks = {}
        for rvs in (0, 3):
            _move(page, "#rvs", rvs)
            page.wait_for_function(
                "n => document.getElementById('chart-pmf').dataset.rvs === n", arg=str(rvs)
            )
            _settle(page)
            ticks[rvs] = page.eval_on_selector_all(
                "#chart-pmf .xtick text", "els => els.map(e => e.textContent)"
            )
    finally:
        page.close()
    for rvs, shown in ticks.items():
        assert shown and all(t.lstrip("−-").isdigit() for t in shown), (rvs, shown)
        assert str(rvs) in shown
    assert errors == []


def _drawn_at_its_width(page, chart: str) -> None:
    """Wait until the chart is drawn at its present width (after a resize, the page's redraw
    and plotly's own resize both done)."""
    page.wait_for_function(
        """id => {
          const div = document.getElementById(id);
          return div.dataset.drawn && div.anpoPlot && div.anpoPlot.width === div.clientWidth
            && div._fullLayout
            && Math.abs(div._fullLayout.width - div.getBoundingClientRect().width) <= 2;
        }""",
        arg=chart,
    )


def _scorecard_names(page, width: int) -> list[list[Any]]:
    """The futures' names on the scorecard chart drawn at ``width`` px: under the columns, or
    beside the bars lying down on a phone."""
    _drawn_at_its_width(page, "chart-scorecard")
    axis = "y" if width < 560 else "x"
    boxes: list[list[Any]] = page.eval_on_selector_all(
        f"#chart-scorecard .{axis}tick text",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent, r.left, r.top, r.right, r.bottom]; })",
    )
    return boxes


def _assert_apart(boxes: list[list[Any]], where: str) -> None:
    for i, (a, *ra) in enumerate(boxes):
        for b, *rb in boxes[i + 1 :]:
            apart = ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1]
            assert apart, f"{where}: {a} overlaps {b}"


@pytest.mark.parametrize("width", [1280, 390])
def test_futures_names_on_the_chart_do_not_overlap(browser, live_server, width):
    """The scorecard chart's six futures' names: on a phone they overlapped into one smear under
    six columns; the bars lie down there, one future a row, and no two names overlap."""
    page, errors = _open(browser, f"{live_server}/futures", width=width)
    try:
        page.wait_for_selector("#scorecard-table")
        boxes = _scorecard_names(page, width)
        futures = page.eval_on_selector_all("#scorecard-table thead th", "els => els.length - 2")
    finally:
        page.close()
    assert len(boxes) == futures == 6
    _assert_apart(boxes, f"{width} px")
    assert errors == []


def test_futures_chart_lies_down_after_a_resize(browser, live_server):
    """The window resized from 1280 to 390 px and back: the scorecard chart is drawn again for
    its new width, its bars lying down on the phone's width and upright again after, no two
    names overlapping. Before, the redraw kept the six upright columns of the wide window."""
    page, errors = _open(browser, f"{live_server}/futures", width=1280)
    try:
        page.wait_for_selector("#scorecard-table")
        wide = _scorecard_names(page, 1280)
        page.set_viewport_size({"width": 390, "height": 900})
        narrow = _scorecard_names(page, 390)
        page.set_viewport_size({"width": 1280, "height": 900})
        again = _scorecard_names(page, 1280)
    finally:
        page.close()
    assert len(wide) == len(narrow) == len(again) == 6
    _assert_apart(narrow, "1280 -> 390 px")
    _assert_apart(again, "1280 -> 390 -> 1280 px")
    assert errors == []


def test_api_page_example_asks_this_server(browser, live_server):
    """The API page's curl example names the server it is read on (it said port 8000 whatever
    the port; the tests' server runs on another)."""
    page, errors = _open(browser, f"{live_server}/api")
    try:
        page.wait_for_selector("#endpoints tbody tr")
        example = page.text_content("pre code") or ""
    finally:
        page.close()
    assert f"curl -s {live_server}/api/deterrence/engagement" in example
    assert errors == []


def _type(page, selector: str, text: str) -> None:
    """Type into a number box and leave it (the ``change`` event a user's Tab or Enter fires)."""
    page.fill(selector, text)
    page.dispatch_event(selector, "change")


def test_number_boxes_refuse_bad_input_next_to_the_field(browser, live_server):
    """An emptied number box is not 0, a value out of range is set to the bound and a fraction in
    a whole-number box is rounded, each with a message next to the field; the numbers shown are
    the library's for the value actually used (``layered_engagement``, Wilkening 1999)."""
    from anpo.deterrence.defense import layered_engagement
    from anpo.deterrence.layer import Layer

    preset = _preset_engagement(live_server)["engagement"]
    page, errors = _open(browser, f"{live_server}/deterrence")
    try:
        page.wait_for_selector("#p-ge-1")
        _settle(page)
        before = page.text_content("#p-ge-1")
        _type(page, "#layer0-sspk-value", "")
        _settle(page)
        sspk_box = page.input_value("#layer0-sspk-value")
        sspk_msg = page.text_content("#layer0-sspk-msg")
        sspk_invalid = page.get_attribute("#layer0-sspk-value", "aria-invalid")
        after_empty = page.text_content("#p-ge-1")
        _type(page, "#rvs-value", "-5")
        page.focus("#m-values")  # leaving the box fires 'change' again for the value set
        _settle(page)
        negative_msg = page.text_content("#rvs-msg")
        _type(page, "#rvs-value", "7.6")
        page.wait_for_function("() => document.getElementById('chart-pmf').dataset.rvs === '8'")
        _settle(page)
        rounded = page.input_value("#rvs-value")
        rounded_msg = page.text_content("#rvs-msg")
        shown = page.text_content("#p-ge-1")
        _type(page, "#rvs-value", "12")
        page.wait_for_function("() => document.getElementById('chart-pmf').dataset.rvs === '12'")
        _settle(page)
        cleared_msg = page.text_content("#rvs-msg")
        api_errors = page.eval_on_selector_all(".error", "els => els.map(e => e.textContent)")
    finally:
        page.close()
    assert sspk_box == str(preset["layers"][0]["sspk"])  # kept, not 0
    assert "Enter a number from 0 to 1" in sspk_msg and sspk_invalid == "true"
    assert after_empty == before
    assert "-5 is outside 0 to" in negative_msg and "set to 0" in negative_msg
    assert rounded == "8" and "7.6 rounded to 8" in rounded_msg
    layers = [Layer(**ly) for ly in preset["layers"]]
    lib = layered_engagement(
        8, layers, decoys_per_rv=preset["decoys_per_rv"], missile_class=preset["missile_class"]
    )
    assert shown == percent_text(float(lib.p_at_least(1)))
    assert cleared_msg == ""
    assert api_errors == []  # every request sent was one the API accepts
    assert errors == []


def test_shot_and_allocation_boxes_reach_the_apis_bounds(browser, live_server):
    """The deterrence page's shots stopped at 8 (the sliders' top, the number box's too) while
    the API takes a salvo's 1 to 1,000,000 shots and a shoot-look-shoot look's 1 to 64, as
    ``anpo defense --shots`` and ``--sls`` do; the defender's warheads per vulnerable launcher
    stopped at 8, the API's bound being 16, and the growing force's warheads per launcher at 16
    (the API's 64) (ui30). The number box beside each slider now reaches the API's bound
    (``GET /api/limits``), sends it, and sets a value beyond it to the bound with a message; a
    salvo's shots above a look's bound are set to it when the doctrine becomes
    shoot-look-shoot."""
    sent: list[tuple[str, Any]] = []
    page, errors = _open(browser, f"{live_server}/deterrence")
    page.on(
        "request",
        lambda r: sent.append((r.url, r.post_data_json)) if r.method == "POST" else None,
    )

    def typed(selector: str, text: str) -> None:
        _after_jobs(page, lambda: _type(page, selector, text), jobs=2)

    def last(path: str) -> Any:
        return next(body for url, body in reversed(sent) if url.endswith(path))

    try:
        page.wait_for_selector("#layer0-shots")
        _settle(page)
        if page.input_value("#layer0-doctrine") != "salvo":  # the 2001 GMD: shoot-look-shoot
            _after_jobs(page, lambda: page.select_option("#layer0-doctrine", "salvo"), jobs=2)
        typed("#layer0-shots-value", "100")
        salvo = (page.input_value("#layer0-shots-value"), page.text_content("#layer0-shots-msg"))
        salvo_sent = last("/api/deterrence/engagement")["layers"][0]["shots"]
        _after_jobs(
            page, lambda: page.select_option("#layer0-doctrine", "shoot-look-shoot"), jobs=2
        )
        look = (page.input_value("#layer0-shots-value"), page.text_content("#layer0-shots-msg"))
        look_range = int(page.eval_on_selector("#layer0-shots", "el => el.max"))
        typed("#layer0-second-value", "64")
        second = (page.input_value("#layer0-second-value"), page.text_content("#layer0-second-msg"))
        layer_sent = last("/api/deterrence/engagement")["layers"][0]
        page.click("#reaction-settings summary")
        typed("#r-alloc-value", "16")
        typed("#r-wpl-value", "64")
        growth_sent = last("/api/deterrence/reaction")["growth"]
        typed("#r-alloc-value", "17")
        over = (page.input_value("#r-alloc-value"), page.text_content("#r-alloc-msg"))
        shown_errors = page.eval_on_selector_all(".error", "els => els.map(e => e.textContent)")
    finally:
        page.close()
    assert salvo == ("100", "") and salvo_sent == 100
    assert look == ("64", "100 is outside 1 to 64: set to 64.")
    assert look_range == 64  # the slider, widened to the typed 100, no longer goes past it
    assert second == ("64", "")
    assert (layer_sent["doctrine"], layer_sent["shots"], layer_sent["second_shots"]) == (
        "shoot-look-shoot",
        64,
        64,
    )
    assert (growth_sent["allocation"], growth_sent["warheads_per_launcher"]) == (16, 64)
    assert over == ("16", "17 is outside 0 to 16: set to 16.")
    assert shown_errors == []  # the API took every value the boxes sent
    assert errors == []


def test_reaction_m_box_reaches_the_apis_bound(browser, live_server):
    """The reaction curve's m slider stopped at 20, its number box too, while the API takes an m
    of 1 to 100 (``ReactionRequest.m``; closing notes of the previous session, ui31). The number
    box beside the slider now reaches the API's bound (``GET /api/limits``:
    ``max_reaction_m``), sends it, and sets a value beyond it to the bound with a message, as
    the other boxes of the reaction settings do; the slider keeps its finer range."""
    sent: list[tuple[str, Any]] = []
    page, errors = _open(browser, f"{live_server}/deterrence")
    page.on(
        "request",
        lambda r: sent.append((r.url, r.post_data_json)) if r.method == "POST" else None,
    )

    def typed(text: str) -> tuple[str, str, int]:
        _after_jobs(page, lambda: _type(page, "#r-m-value", text), jobs=2, timeout=300_000)
        body = next(b for url, b in reversed(sent) if url.endswith("/api/deterrence/reaction"))
        return page.input_value("#r-m-value"), page.text_content("#r-m-msg") or "", body["m"]

    try:
        page.wait_for_selector("#r-m-value", state="attached")
        _settle(page)
        page.click("#reaction-settings summary")
        slider_top = int(page.eval_on_selector("#r-m", "el => el.max"))
        box_top = int(page.eval_on_selector("#r-m-value", "el => el.max"))
        top = typed("100")
        over = typed("101")
        shown_errors = page.eval_on_selector_all(".error", "els => els.map(e => e.textContent)")
    finally:
        page.close()
    assert (slider_top, box_top) == (20, 100)
    assert top == ("100", "", 100)
    assert over == ("100", "101 is outside 1 to 100: set to 100.", 100)
    assert shown_errors == []  # the API took every value the box sent
    assert errors == []


def test_reaction_q_and_other_warheads_reach_the_apis_bounds(browser, live_server):
    """The reaction curve's q slider covered 0.5 to 0.99 and its box too, while the API takes a
    q in (0, 1] (``ReactionRequest.q``); the 'other surviving rival warheads' box stopped at the
    slider's top (at most 1,000) while the API takes up to ``max_reaction_warheads`` (2,000)
    warheads in all (ui31's notes). Both boxes now reach what the API accepts and send it."""
    sent: list[tuple[str, Any]] = []
    page, errors = _open(browser, f"{live_server}/deterrence")
    page.on(
        "request",
        lambda r: sent.append((r.url, r.post_data_json)) if r.method == "POST" else None,
    )

    def typed(box: str, text: str, key: str) -> tuple[str, Any]:
        _after_jobs(page, lambda: _type(page, f"#{box}-value", text), jobs=2, timeout=300_000)
        body = next(b for url, b in reversed(sent) if url.endswith("/api/deterrence/reaction"))
        return page.input_value(f"#{box}-value"), body[key]

    try:
        page.wait_for_selector("#r-q-value", state="attached")
        _settle(page)
        page.click("#reaction-settings summary")
        q_bounds = page.eval_on_selector("#r-q-value", "el => [el.min, el.max]")
        base_top = int(page.eval_on_selector("#r-base-value", "el => el.max"))
        low_q = typed("r-q", "0.2", "q")
        certain = typed("r-q", "1", "q")
        many = typed("r-base", "1500", "base_warheads")
        shown_errors = page.eval_on_selector_all(".error", "els => els.map(e => e.textContent)")
    finally:
        page.close()
    assert q_bounds == ["0.01", "1"]
    from anpo.web import limits

    assert base_top == limits.MAX_REACTION_WARHEADS
    assert low_q == ("0.2", 0.2)
    assert certain == ("1", 1)
    assert many == ("1500", 1500)
    assert shown_errors == []  # the API took every value the boxes sent
    assert errors == []


def test_m_values_say_what_they_ignored(browser, live_server):
    """The 'P(at least m arrive) for m =' field names the values it cannot use (text, 0, a
    fraction, beyond the API's cap) instead of silently restoring the old list; duplicates go."""
    page, errors = _open(browser, f"{live_server}/deterrence")
    try:
        page.wait_for_selector("#p-ge-1")
        _settle(page)
        _type(page, "#m-values", "abc, 0")
        message = page.text_content("#m-values-msg")
        kept = page.input_value("#m-values")
        _type(page, "#m-values", "3, 3, 1.5, 2")
        page.wait_for_selector("#p-ge-3")
        _settle(page)
        partial = page.text_content("#m-values-msg")
        used = page.input_value("#m-values")
        shown = page.eval_on_selector_all("#numbers .value[id^=p-ge-]", "els => els.map(e => e.id)")
    finally:
        page.close()
    assert "ignored abc, 0" in message and "whole number from 1 to 2000" in message
    assert kept == "1, 5, 10" and "stay 1, 5, 10" in message
    assert "ignored 1.5" in partial
    assert used == "2, 3"
    assert shown == ["p-ge-2", "p-ge-3"]
    assert errors == []


def test_runner_sends_at_most_one_job_at_a_time(browser, live_server):
    """``anpo.latest()``: five jobs asked for while one runs cost one more job, not five (a
    slider dragged or a button pressed again and again does not pile work on the server), and
    only the newest job's answer is applied."""
    page, errors = _open(browser, f"{live_server}/")
    try:
        page.wait_for_load_state("networkidle")
        result = page.evaluate(
            """async () => {
              const run = anpo.latest();
              const started = [], applied = [];
              let inFlight = 0, most = 0;
              const job = (i) => async () => {
                started.push(i); inFlight += 1; most = Math.max(most, inFlight);
                await new Promise((r) => setTimeout(r, 50));
                inFlight -= 1; return i;
              };
              for (let i = 0; i < 6; i++) run(job(i), (v) => applied.push(v), () => {});
              const busyWhileRunning = document.body.dataset.busy === "1";
              while (document.body.dataset.busy) await new Promise((r) => setTimeout(r, 10));
              return { started, applied, most, busyWhileRunning,
                       done: Number(document.body.dataset.done) };
            }"""
        )
    finally:
        page.close()
    assert result["started"] == [0, 5]
    assert result["applied"] == [5]
    assert result["most"] == 1
    assert result["busyWhileRunning"] is True
    assert result["done"] == 6  # four replaced unsent, two run
    assert errors == []


def test_whatif_button_is_disabled_while_it_searches(browser, live_server):
    """The alignment what-if takes seconds: its button is disabled (and the answer region
    aria-busy) until the answer is in, so it cannot be pressed into a pile of searches."""
    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        page.select_option("#whatif-actor", "India")
        page.click("#whatif-run")
        disabled_during = page.is_disabled("#whatif-run")
        busy_during = page.get_attribute("#whatif", "aria-busy")
        page.wait_for_selector("#whatif-sentence", timeout=60_000)
        _settle(page)
        disabled_after = page.is_disabled("#whatif-run")
        busy_after = page.get_attribute("#whatif", "aria-busy")
        sentence = page.text_content("#whatif-sentence")
    finally:
        page.close()
    assert disabled_during and busy_during == "true"
    assert not disabled_after and busy_after == "false"
    assert "India" in sentence  # the answer is the state asked about
    assert errors == []


def _marked_sum(**values: float) -> dict[str, float]:
    """The exploration model of :func:`test_futures_explore_chart_draws_names_as_written`: its
    inputs' sum, under an outcome name with markup."""
    return {"<i>out</i>": sum(values.values())}


def test_futures_explore_chart_draws_names_as_written(browser, tmp_path):
    """A run's column and case names are drawn on the exploration chart as written: plotly read
    markup in its text, so a case '<a href=...>L</a>' became a link in the legend, a column
    'C<br>D' was drawn on two lines in the axis title and '<b>Bold</b>' as a bold 'Bold'."""
    from anpo.explore import FunctionModel, run
    from anpo.scenario.uncertainty import Uniform

    space = {
        "<b>Bold</b>": Uniform(low=0, high=1, basis="test input"),
        "C<br>D": Uniform(low=0, high=1, basis="test input"),
    }
    cases = ["<a href='https://example.org'>L</a>", "P & Q &amp; R"]
    out = run(
        FunctionModel(_marked_sum, space, cases=cases),
        n=6,
        seed=3,
        out=tmp_path / "run",
        executor="serial",
    )
    with _serving(out) as url:
        page, errors = _open(browser, f"{url}/futures")
        try:
            _explore_axis(page, "x", "C<br>D", ".startsWith('C')")
            drawn = page.evaluate(
                """() => { const c = document.getElementById('chart-explore');
                const t = (s) => [...c.querySelectorAll(s)].map((e) => e.textContent);
                return { title: t('.gtitle'), x: t('.g-xtitle'), y: t('.g-ytitle'),
                         legend: t('.legendtext'),
                         markup: c.querySelectorAll('a, tspan[style*="bold"], tspan[style*="italic"]').length }; }"""
            )
        finally:
            page.close()
    assert drawn["x"] == ["C<br>D"]
    assert drawn["y"] == ["<i>out</i>"]
    assert [t.replace(" ", "") for t in drawn["title"]] == ["<i>out</i>againstC<br>D"]
    assert sorted(drawn["legend"]) == sorted(cases)
    assert drawn["markup"] == 0
    assert errors == []


@pytest.fixture(scope="module")
def futures_run(tmp_path_factory):
    """A small exploration of two futures of the book (status quo and the worst case, 4
    samples each), whose outcomes include yes/no indicators."""
    from anpo.explore import run
    from anpo.futures import future_files

    files = [f for f in future_files() if f.stem in ("gmd-without-treaty", "status-quo")]
    out = tmp_path_factory.mktemp("futures") / "run"
    return run(files, n=4, seed=2, out=out, executor="serial")


def test_futures_explore_chart_reads_a_yes_no_outcome_as_no_and_yes(browser, futures_run):
    """A futures run's yes/no outcome (China keeps an assured retaliation, the chart's first y)
    was drawn on an axis of 0, 0.2, ..., 1, numbers that mean nothing for a yes or a no; the
    scorecard's chart already read 'no' and 'yes'. Its axis now reads 'no' and 'yes'."""
    with _serving(futures_run) as url:
        page, errors = _open(browser, f"{url}/futures")
        try:
            page.wait_for_selector("#explore-table tbody tr", timeout=60_000)
            _settle(page)
            page.wait_for_function("() => document.getElementById('chart-explore').dataset.drawn")
            y = page.input_value("#explore-y")
            ticks = page.eval_on_selector_all(
                "#chart-explore .ytick text", "els => els.map(e => e.textContent)"
            )
        finally:
            page.close()
    assert y == "china_assured_retaliation"
    assert ticks == ["no", "yes"]
    assert errors == []


def test_futures_explore_filters_a_yes_no_outcome_by_its_answer(browser, futures_run):
    """A yes/no outcome's filter read 'China keeps an assured retaliation between 0 and 1', a
    range of numbers that are not its values: it is now a choice of 'yes or no', 'yes', 'no',
    and 'yes' keeps the experiments whose answer is yes (1 in the run)."""
    from anpo.explore import load

    frame = load(futures_run)
    yes = int((frame["china_assured_retaliation"] == 1).sum())
    assert 0 < yes < len(frame)  # the filter has something to keep and something to drop
    with _serving(futures_run) as url:
        page, errors = _open(browser, f"{url}/futures")
        try:
            page.wait_for_selector("#explore-table tbody tr", timeout=60_000)
            _settle(page)
            ranges = page.query_selector_all("#f-china_assured_retaliation-min")
            page.select_option("#f-china_assured_retaliation-yesno", "yes")
            page.wait_for_function(
                "n => document.getElementById('explore-count').textContent.startsWith(`${n} of`)",
                arg=yes,
            )
            count = page.text_content("#explore-count")
        finally:
            page.close()
    assert ranges == []
    assert count.startswith(f"{yes} of {len(frame)} experiments match")
    assert errors == []


def test_futures_explore_filter_of_a_probability_takes_percent(browser, futures_run):
    """The exploration table gives a futures run's probabilities and shares in percent (P(China's
    retaliation reaches the U.S.) '64.6%'), and so do the chart's axis and the scorecard, but
    its filter boxes took the run's fractions ('40' typed for 40% kept nothing; then a label
    '(a fraction, 0 to 1)' said so). The boxes now take percent, as the label says ('(%)'):
    40 keeps the experiments from 40%. A count's and an input's boxes do not change."""
    from anpo.explore import load

    frame = load(futures_run)
    p = frame["china_p_reach_us"]
    cut = float(p.median())  # a cut with experiments on both sides
    keep = int((p >= round(cut * 100, 1) / 100).sum())
    assert 0 < keep < len(frame)
    with _serving(futures_run) as url:
        page, errors = _open(browser, f"{url}/futures")
        try:
            page.wait_for_selector("#explore-table tbody tr", timeout=60_000)
            _settle(page)
            label = page.eval_on_selector(
                "#f-china_p_reach_us-min", "e => e.closest('label').firstChild.textContent"
            )
            count = page.eval_on_selector(
                "#f-side_size-min", "e => e.closest('label').firstChild.textContent"
            )
            shown = [page.input_value(f"#f-china_p_reach_us-{b}") for b in ("min", "max")]
            page.fill("#f-china_p_reach_us-min", str(round(cut * 100, 1)))
            page.wait_for_function(
                "n => document.getElementById('explore-count').textContent.startsWith(`${n} of`)",
                arg=keep,
            )
            kept = page.text_content("#explore-count")
        finally:
            page.close()
    assert label == "P(China's retaliation reaches the U.S.) (%) between"
    assert count == "Actors on the U.S.-Japan side between"
    assert [float(v) for v in shown] == [
        float(f"{p.min() * 100:.4g}"),
        float(f"{p.max() * 100:.4g}"),
    ]
    assert kept.startswith(f"{keep} of {len(frame)} experiments match")
    assert errors == []


def test_futures_explore_chart_gives_a_probability_in_percent(browser, futures_run):
    """The exploration chart's probability axis read 0 to 1 (0.2, 0.4, ...) and its hover
    0.646, while the table beside it, the scorecard and the report read 64.6%: the axis of a
    futures run's probability or share reads percent (ticks '20%', its title '(%)'), and the
    hover gives each point's x and y as the table writes them (the server's text)."""
    from anpo.explore import load
    from anpo.futures.scorecard import BY_NAME, format_value

    frame = load(futures_run)
    with _serving(futures_run) as url:
        page, errors = _open(browser, f"{url}/futures")
        try:
            _explore_axis(page, "y", "china_p_reach_us", ".includes('(%)')")
            drawn = page.evaluate(
                """() => { const c = document.getElementById('chart-explore');
                const t = (s) => [...c.querySelectorAll(s)].map((e) => e.textContent);
                return { yticks: t('.ytick text'), ytitle: t('.g-ytitle'),
                         template: c.data[0].hovertemplate, meta: c.data[0].meta,
                         y: c.data.flatMap((d) => d.y), custom: c.data.flatMap((d) => d.customdata) }; }"""
            )
            # the pointer over the first point (plotly's drag layer takes the events)
            page.eval_on_selector("#chart-explore", "e => e.scrollIntoView()")
            box = page.query_selector("#chart-explore .scatterlayer .point").bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_selector("#chart-explore .hoverlayer .hovertext")
            hover = page.text_content("#chart-explore .hoverlayer .hovertext")
            mean = page.eval_on_selector(
                "#explore-table tbody tr td:nth-child(3)", "e => e.textContent"
            )
        finally:
            page.close()
    ind = BY_NAME["china_p_reach_us"]
    assert drawn["yticks"] and all(t.endswith("%") for t in drawn["yticks"]), drawn["yticks"]
    assert "".join(drawn["ytitle"]).endswith("(%)")
    assert "%{customdata[1]}" in drawn["template"]
    assert drawn["meta"][1] == ind.label
    # every point's hover text is the table's wording of its value (the run's value plotted),
    # escaped for plotly ('< 0.1%' drawn as written, plotText)
    escaped = [format_value(ind, v).replace("<", "&lt;") for v in drawn["y"]]
    assert [c[1] for c in drawn["custom"]] == escaped
    assert set(drawn["y"]) <= set(frame["china_p_reach_us"])
    assert f"{ind.label}: " in hover and "%" in hover and "&lt;" not in hover
    assert mean.endswith("%")
    assert errors == []


def _renamed(page, pattern: str, rename) -> None:
    """Answer the page's requests to ``pattern`` with the server's answer changed by
    ``rename`` (a function of the JSON answer): names a scenario file could hold."""
    import json

    def handle(route):
        resp = route.fetch()
        body = resp.json()
        rename(body)
        route.fulfill(response=resp, body=json.dumps(body))

    page.route(pattern, handle)


def test_deterrence_and_stability_charts_draw_scenario_names_as_written(browser, live_server):
    """A layer's or a territory's name from a scenario file is drawn on the charts as written:
    plotly read markup in it ('C<br>D' on two lines, '<b>X</b>' bold), and the stability
    page spliced a territory's name into its hover template (a '%{x}' in it was filled in)."""
    layer = "C<br>D <b>X</b>"

    def name_layer(body):
        body["engagement"]["layers"][0]["name"] = layer

    page, errors = _open(browser, "about:blank")
    try:
        _renamed(page, "**/api/deterrence/preset?*", name_layer)
        page.goto(f"{live_server}/deterrence")
        page.wait_for_function(
            "() => document.getElementById('chart-reaction').dataset.drawn"
            " && document.getElementById('chart-reaction').data.length === 2"
        )
        _settle(page)
        x_title = page.eval_on_selector_all(
            "#chart-reaction .g-xtitle", "els => els.map((e) => e.textContent)"
        )
    finally:
        page.close()
    assert [t.replace(" ", "") for t in x_title] == [
        f"interceptorsinlayer1({layer})".replace(" ", "")
    ]
    assert errors == []

    def name_territory(body):
        body["exposure"][0]["name"] = "<b>Home</b> %{x}"
        body["reaction_layer"] = "A<br>B"

    page, errors = _open(browser, "about:blank")
    try:
        _renamed(page, "**/api/deterrence/dyad", name_territory)
        page.goto(f"{live_server}/stability")
        page.wait_for_function(
            "() => document.getElementById('chart-exposure').dataset.drawn"
            " && document.getElementById('chart-reaction').dataset.drawn"
        )
        _settle(page)
        drawn = page.evaluate(
            """() => { const t = (s) => [...document.querySelectorAll(s)].map((e) => e.textContent);
            const c = document.getElementById('chart-exposure');
            return { legend: t('#chart-exposure .legendtext'), title: t('#chart-reaction .gtitle'),
                     template: c.data[0].hovertemplate,
                     markup: document.querySelectorAll('.chart tspan[style*="bold"]').length }; }"""
        )
    finally:
        page.close()
    assert drawn["legend"][0].startswith("<b>Home</b> %{x} (")
    assert "A<br>B" in "".join(drawn["title"]).replace(" ", "")
    assert "%{customdata}" in drawn["template"] and "Home" not in drawn["template"]
    assert drawn["markup"] == 0
    assert errors == []


def test_futures_filter_says_why_nothing_matches(browser, live_server):
    """A range typed backwards ('from' above 'to') or no case selected matches no experiment:
    the count says why instead of a bare '0 of 80', in the API's words (its ``notes``; the
    page had its own wording of the same)."""
    page, errors = _open(browser, f"{live_server}/futures")
    try:
        page.wait_for_selector("#explore-table tbody tr", timeout=60_000)
        _settle(page)
        page.fill("#f-x-min", "0.8")
        page.fill("#f-x-max", "0.2")
        page.dispatch_event("#f-x-max", "input")
        page.wait_for_function(
            "() => document.getElementById('explore-count').textContent.startsWith('0 of')"
        )
        _settle(page)
        backwards = page.text_content("#explore-count")
        page.fill("#f-x-max", "1")
        page.dispatch_event("#f-x-max", "input")
        page.select_option("#explore-cases", [])
        page.wait_for_function(
            "() => document.getElementById('explore-count').textContent.includes('cases:')"
        )
        _settle(page)
        no_case = page.text_content("#explore-count")
    finally:
        page.close()
    assert backwards == (
        "0 of 80 experiments match the filters (0 plotted): filters.x: min 0.8 is above max "
        "0.2, so no experiment can match."
    )
    assert no_case.startswith("0 of 80") and no_case.endswith(
        "cases: the list is empty, so no experiment can match."
    )
    assert errors == []


def test_keyboard_reaches_the_content_and_every_diff_button_has_its_own_name(browser, live_server):
    """The first Tab stop skips the navigation to the page's content; the law page's diff table
    gives each 'Show' button an accessible name naming its row (54 buttons all called 'Show'
    cannot be told apart by a screen reader)."""
    page, errors = _open(browser, f"{live_server}/law")
    try:
        page.wait_for_selector("#diff-table tbody tr")
        _settle(page)
        page.keyboard.press("Tab")
        first = page.evaluate("document.activeElement.textContent")
        page.keyboard.press("Enter")
        focused = page.evaluate("document.activeElement.id")
        names = page.eval_on_selector_all(
            "#diff-table button", "bs => bs.map(b => b.getAttribute('aria-label'))"
        )
        rows = page.eval_on_selector_all(
            "#diff-table tbody tr",
            "rs => rs.map(r => [...r.cells].slice(1, 3).map(c => c.textContent))",
        )
    finally:
        page.close()
    assert first == "Skip to the content"
    assert focused == "main"
    assert names and all(n and n.startswith("Show the answer on ") for n in names)
    assert all(
        activity in n and place in n for n, (activity, place) in zip(names, rows, strict=True)
    )
    assert len(set(names)) > 1
    assert errors == []


def test_align_offers_three_coalitions_only_to_small_instances(browser, live_server, tmp_path):
    """'3 (up to 12 states)' is disabled for the 20-state built-in instance (the API refuses it)
    and enabled for an uploaded 3-state file, whose three-coalition minima are then shown."""
    small = tmp_path / "three.csv"
    small.write_text("name,size,A,B,C\nA,1,,-1,-1\nB,1,-1,,-1\nC,1,-1,-1,\n", encoding="utf-8")
    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        disabled_book = page.eval_on_selector("#align-k option[value='3']", "o => o.disabled")
        page.set_input_files("#align-file", str(small))
        page.wait_for_function(
            "() => document.getElementById('minima-summary').textContent.startsWith('3 states')"
        )
        _settle(page)
        disabled_small = page.eval_on_selector("#align-k option[value='3']", "o => o.disabled")
        page.select_option("#align-k", "3")
        page.wait_for_function(
            "() => document.querySelectorAll('#minima-table tbody tr .coalition').length === 3"
        )
        _settle(page)
        shown = page.eval_on_selector_all(".error", "els => els.map(e => e.textContent)")
    finally:
        page.close()
    assert disabled_book is True
    assert disabled_small is False
    assert shown == []
    assert errors == []


def test_align_page_solves_an_uploaded_file_with_its_coalitions(browser, live_server, tmp_path):
    """web28: an uploaded TOML file with ``coalitions = 3`` was solved with the selector's 2
    (A B | C) where ``anpo align solve`` gives the file's 3 (A | B | C): choosing the file sets
    the selector to the file's number; choosing 2 afterwards is kept (the file is not read
    again into the selector)."""
    lines = ["coalitions = 3"] + [f'[[actor]]\nname = "{a}"\nsize = 1' for a in "ABC"]
    lines += [f'[[pair]]\na = "{a}"\nb = "{b}"\np = -1' for a, b in ("AB", "AC", "BC")]
    f = tmp_path / "three.toml"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = "#minima-table tbody tr:first-child .coalition"
    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        page.set_input_files("#align-file", str(f))
        page.wait_for_function(
            "() => document.getElementById('minima-summary').textContent.startsWith('3 states')"
        )
        _settle(page)
        chosen = page.eval_on_selector("#align-k", "s => s.value")
        three = page.eval_on_selector_all(rows, "els => els.map(e => e.textContent)")
        page.select_option("#align-k", "2")
        page.wait_for_function(f"() => document.querySelectorAll('{rows}').length === 2")
        _settle(page)
        kept = page.eval_on_selector("#align-k", "s => s.value")
    finally:
        page.close()
    assert chosen == "3"
    assert three == ["coalition 1: A", "coalition 2: B", "coalition 3: C"]
    assert kept == "2"
    assert errors == []


def test_align_whatif_says_why_its_button_is_disabled(browser, live_server):
    """The what-if's button is disabled for an instance of more than 20 states and for three
    coalitions; it was greyed out with no word of why. The message says which limit, and
    goes when the question can be asked again."""
    n = 21
    head = "name,size," + ",".join(f"S{i}" for i in range(n))
    # a symmetric matrix: the entry of (i, j) is a function of the pair, whatever its order
    rows = [
        f"S{i},1,"
        + ",".join(
            "" if i == j else str(((min(i, j) * 7 + max(i, j) * 3) % 5) - 2) for j in range(n)
        )
        for i in range(n)
    ]
    big = ("\n".join([head, *rows]) + "\n").encode()
    small = b"name,size,A,B,C\nA,1,,-1,-1\nB,1,-1,,-1\nC,1,-1,-1,\n"  # all apart in 3
    page, errors = _open(browser, f"{live_server}/align")
    msg = "() => document.getElementById('whatif-msg').textContent"
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        first = page.evaluate(msg)
        page.set_input_files(
            "#align-file", files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": big}]
        )
        page.wait_for_function(
            "() => document.getElementById('minima-summary').textContent.startsWith('21 states')"
        )
        _settle(page)
        too_many = (page.is_disabled("#whatif-run"), page.evaluate(msg))
        page.set_input_files(
            "#align-file", files=[{"name": "abc.csv", "mimeType": "text/csv", "buffer": small}]
        )
        page.wait_for_function(
            "() => document.getElementById('minima-summary').textContent.startsWith('3 states')"
        )
        _settle(page)
        page.select_option("#align-k", "3")
        page.wait_for_function(
            "() => document.querySelectorAll('#minima-table tbody tr .coalition').length === 3"
        )
        _settle(page)
        three = (page.is_disabled("#whatif-run"), page.evaluate(msg))
        page.select_option("#align-k", "2")
        page.wait_for_function(  # three states in two coalitions: 4 configurations (3: 5)
            "() => document.getElementById('minima-summary').textContent"
            ".startsWith('3 states, 4 configurations')"
        )
        _settle(page)
        two = (page.is_disabled("#whatif-run"), page.evaluate(msg))
    finally:
        page.close()
    assert first == ""
    assert too_many == (
        True,
        "The smallest change is searched for up to 20 states; this instance has 21.",
    )
    assert three[0] is True and "two coalitions" in three[1], three
    assert two == (False, "")
    assert errors == []


def test_align_page_reads_its_caps_from_the_server(browser, live_server, monkeypatch):
    """The page's two state caps (three coalitions, the what-if) are the server's
    (``GET /api/limits``), not copies typed into align.js: with the caps lowered, the 20-state
    built-in instance is refused the what-if with the server's figure, and the option says it."""
    from anpo.web import limits

    monkeypatch.setattr(limits, "MAX_ACTORS_WHATIF", 5)
    monkeypatch.setattr(limits, "MAX_ACTORS_THREE", 4)
    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        option = page.eval_on_selector("#align-k option[value='3']", "o => o.textContent")
        shown = (
            page.is_disabled("#whatif-run"),
            page.evaluate("() => document.getElementById('whatif-msg').textContent"),
        )
    finally:
        page.close()
    assert option == "3 (up to 4 states)"
    assert shown == (
        True,
        "The smallest change is searched for up to 5 states; this instance has 20.",
    )
    assert errors == []


def test_align_whatif_answer_goes_with_its_instance(browser, live_server):
    """The what-if's answer for the 2001 instance stayed on show after choosing the 2018 one,
    under its landscape, with the 2001 propensities as 'propensity now'; it now goes."""
    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        page.click("#whatif-run")
        page.wait_for_selector("#whatif-sentence")
        _settle(page)
        page.select_option("#align-book", "asia_pacific_2018")
        page.wait_for_function(
            "() => document.getElementById('instance-title').textContent.includes('2018')"
        )
        _settle(page)
        left = page.inner_text("#whatif")
    finally:
        page.close()
    assert left.strip() == ""
    assert errors == []


def test_align_bad_upload_leaves_no_result_of_the_instance_before(browser, live_server, tmp_path):
    """A file that is not an instance is refused with the file's line, and the minima, the map
    and the what-if of the instance shown before go: they stayed under the message, titled with
    the other instance's name, as if they were the file's."""
    bad = tmp_path / "bad.csv"
    bad.write_text("name,size,A,B\nA,1,,x\nB,1,x,\n", encoding="utf-8")
    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        page.set_input_files("#align-file", str(bad))
        page.wait_for_selector(".error")
        _settle(page)
        message = page.text_content("#error")
        title = page.text_content("#instance-title")
        rows = page.eval_on_selector_all("#minima-table tbody tr", "els => els.length")
        markers = page.evaluate("document.getElementById('chart-map').data.length")
        whatif_disabled = page.is_disabled("#whatif-run")
    finally:
        page.close()
    assert "bad.csv:2" in message and "not a number" in message
    assert title == "Predicted alignments"
    assert rows == 0 and markers == 0
    assert whatif_disabled
    assert [e for e in errors if "422" not in e] == []


def test_align_page_says_which_minima_it_lists(browser, live_server, tmp_path):
    """An uploaded instance with every propensity 0 (12 states: each of the 2,048 configurations
    is a local minimum, all tied): the page lists 30 and says so, with the server's note (that
    the lowest 30 are listed and that the model prefers none of the tied ones), and counts the
    minima with thousands separators ('2,048 local minima', '2,018 more minima')."""
    from anpo.web.api_align import MAX_MINIMA

    n = 12
    names = [f"S{i}" for i in range(n)]
    rows = [f"{a},1," + ",".join("" if a == b else "0" for b in names) for a in names]
    zero = tmp_path / "zero.csv"
    zero.write_text("name,size," + ",".join(names) + "\n" + "\n".join(rows) + "\n", "utf-8")
    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        page.set_input_files("#align-file", str(zero))
        page.wait_for_selector("#minima-note")
        _settle(page)
        note = page.text_content("#minima-note")
        summary = page.text_content("#minima-summary")
        listed = page.eval_on_selector_all("#minima-table tbody tr", "els => els.length")
        hints = page.eval_on_selector_all("#minima p.hint", "els => els.map(e => e.textContent)")
    finally:
        page.close()
    assert listed == MAX_MINIMA
    assert note.startswith(f"2,048 local minima; the lowest {MAX_MINIMA} are listed")
    assert "the model prefers none of them" in note
    assert "2,048 local minima" in summary
    assert any(h.startswith(f"{2048 - MAX_MINIMA:,} more minima hold") for h in hints), hints
    assert errors == []


def test_align_map_draws_names_as_written(browser, live_server, tmp_path):
    """State names from an uploaded file are drawn on the map as the table writes them: plotly
    read markup in its text, so '<b>Bold</b>' was drawn as a bold 'Bold' and 'C<br>D' as 'C'
    over 'D' (an '<a href>' became a link on the map)."""
    names = ["<b>Bold</b>", "C<br>D", "Plain & Simple", "X"]
    rows = [
        f"{a},1," + ",".join("" if i == j else ("1" if i % 2 == j % 2 else "-1") for j in range(4))
        for i, a in enumerate(names)
    ]
    f = tmp_path / "marked.csv"
    f.write_text("name,size," + ",".join(names) + "\n" + "\n".join(rows) + "\n", "utf-8")
    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        page.set_input_files("#align-file", str(f))
        page.wait_for_function(
            "() => document.getElementById('instance-title').textContent.includes('marked')"
        )
        _settle(page)
        page.wait_for_function(
            "() => document.querySelectorAll('#chart-map g.textpoint text').length === 4"
        )
        drawn = page.eval_on_selector_all(
            "#chart-map g.textpoint text", "els => els.map((t) => t.textContent)"
        )
        markup = page.eval_on_selector_all(
            "#chart-map g.textpoint tspan, #chart-map g.textpoint a", "els => els.length"
        )
        # the what-if's map title names the state as written too
        page.select_option("#whatif-actor", "C<br>D")
        page.select_option("#whatif-anchor1", "<b>Bold</b>")
        page.select_option("#whatif-anchor2", "")
        page.click("#whatif-run")
        page.wait_for_selector("#whatif-sentence")
        _settle(page)
        page.wait_for_function(
            "() => document.querySelector('#chart-map .gtitle').textContent.startsWith('After')"
        )
        title = page.text_content("#chart-map .gtitle")
    finally:
        page.close()
    assert sorted(drawn) == sorted(names)
    assert markup == 0
    assert title == "After the smallest change bringing C<br>D in"
    assert errors == []


def _align_map_names(page) -> dict[str, Any]:
    """The align map's box, the boxes of the names drawn on it, the note listing the names left
    out and every state on the map, once the map is drawn at the chart's present width (after
    a resize, plotly's own resize and the page's redraw both done)."""
    _drawn_at_its_width(page, "chart-map")
    out: dict[str, Any] = page.evaluate(
        """() => {
          const div = document.getElementById('chart-map');
          const c = div.getBoundingClientRect();
          return {chart: [c.left, c.top, c.right, c.bottom],
                  names: [...div.querySelectorAll('.textpoint text')]
                    .filter(t => t.textContent)
                    .map(t => { const r = t.getBoundingClientRect();
                                return [t.textContent, r.left, r.top, r.right, r.bottom]; })};
        }"""
    )
    out["unnamed"] = page.text_content("#map-unnamed") or ""
    out["actors"] = page.evaluate(
        "document.getElementById('chart-map').data.flatMap(t => t.customdata)"
    )
    return out


def _assert_map_names_placed(drawn: dict[str, Any], where: str) -> None:
    """No name on the align map overlaps another or leaves the chart, most states keep their
    names and every name left out is listed under the map."""
    left, top, right, bottom = drawn["chart"]
    names = drawn["names"]
    for name, x0, y0, x1, y1 in names:
        inside = left <= x0 and x1 <= right and top <= y0 and y1 <= bottom
        assert inside, f"{where}: {name} at {x0:.0f}..{x1:.0f} x {y0:.0f}..{y1:.0f} is outside"
    _assert_apart(names, where)
    shown = {n[0] for n in names}
    assert len(shown) >= 6, where  # most of the large states keep their names, even on a phone
    for name in drawn["actors"]:
        assert name in shown or name in drawn["unnamed"], f"{where}: {name} is neither"


@pytest.mark.parametrize("width", [1280, 390])
def test_align_map_names_neither_overlap_nor_leave_the_chart(browser, live_server, width):
    """The map's state names: none overlaps another or is cut at the chart's edge (China's name
    went off the top, a dozen names piled up in South-East Asia); a name left out is listed
    under the map."""
    page, errors = _open(browser, f"{live_server}/align", width=width)
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        drawn = _align_map_names(page)
    finally:
        page.close()
    _assert_map_names_placed(drawn, f"{width} px")
    assert errors == []


def test_align_map_names_are_placed_again_after_a_resize(browser, live_server):
    """The window resized from 1280 to 390 px and back: the map is redrawn for its new width
    with its names placed again (none overlaps another or leaves the chart, those left out
    listed under it), as at load. Before, the redraw kept the names' places and the axis
    ranges computed for the old width: at 390 px the names overlapped and ran off the chart."""
    page, errors = _open(browser, f"{live_server}/align", width=1280)
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        wide = _align_map_names(page)
        page.set_viewport_size({"width": 390, "height": 900})
        narrow = _align_map_names(page)
        page.set_viewport_size({"width": 1280, "height": 900})
        again = _align_map_names(page)
    finally:
        page.close()
    assert narrow["chart"][2] - narrow["chart"][0] < 400 < wide["chart"][2] - wide["chart"][0]
    _assert_map_names_placed(narrow, "1280 -> 390 px")
    _assert_map_names_placed(again, "1280 -> 390 -> 1280 px")
    # back at the first width, the names are where they were at load
    assert sorted(n[0] for n in again["names"]) == sorted(n[0] for n in wide["names"])
    assert again["unnamed"] == wide["unnamed"]
    assert errors == []


def test_law_form_says_what_is_missing_before_asking(browser, live_server):
    """An emptied date asks the user for one (it showed the API's "body.date: Input should be a
    valid date or datetime, input is too short"); the place "state the facts instead" with no
    fact stated opens the facts and asks for one (it showed "give a location preset or state
    the facts" as an error); the comparison's summary says what "Show" gives (it promised "both
    answers", and to select rows among none)."""
    page, errors = _open(browser, f"{live_server}/law")
    try:
        page.wait_for_selector("#answer-box")
        page.wait_for_selector("#diff-summary")
        _settle(page)
        summary = page.text_content("#diff-summary")
        page.fill("#law-date", "")
        page.dispatch_event("#law-date", "change")
        page.wait_for_function("() => document.getElementById('law-date-msg').textContent")
        no_date = page.text_content("#law-date-msg")
        no_date_above = page.text_content("#error")
        no_answer = page.query_selector("#answer-box") is None
        page.fill("#law-date", "2016-03-29")
        page.select_option("#law-location", "")
        _settle(page)
        facts_open = page.eval_on_selector("#facts-box", "d => d.open")
        status = page.text_content("#status")
        shown_errors = page.eval_on_selector_all(".error", "els => els.map(e => e.textContent)")
        page.fill("#diff-b", "2001-07-10")
        page.click("#diff-run")
        page.wait_for_function(
            "() => document.getElementById('diff-summary').textContent.startsWith('No answer')"
        )
        same = page.text_content("#diff-summary")
    finally:
        page.close()
    assert "Show" in summary and "the answer with its citations" in summary
    assert "both answers" not in summary
    assert no_date == "Enter a date, YYYY-MM-DD, from 1997-09-23." and no_date_above == ""
    assert no_answer
    assert facts_open and "State at least one fact" in status
    assert shown_errors == []
    assert same == "No answer changed between 2001-07-10 and 2001-07-10."
    assert errors == []


def test_law_date_boxes_take_iso_dates_and_say_a_refusal_beside_the_box(browser, live_server):
    """The date boxes were <input type="date">, shown in the browser's locale form (12/05/2026
    in en-US) while the page prints every date ISO 8601: they are text boxes for YYYY-MM-DD.
    A date typed in another form (a reader's locale habit) or one that does not exist is
    refused by the server, and the refusal is said beside its box (aria-invalid, the message
    the box is described by), nothing above the form; a date typed right is answered and the
    message goes."""
    page, errors = _open(browser, f"{live_server}/law")
    try:
        page.wait_for_selector("#answer-box")
        page.wait_for_selector("#diff-summary")
        _settle(page)
        shown = {i: page.input_value(f"#{i}") for i in ("law-date", "diff-a", "diff-b")}
        kinds = page.eval_on_selector_all("input", "els => els.map((e) => e.type)")
        page.fill("#law-date", "12/05/2026")
        page.press("#law-date", "Enter")  # keyboard entry: Enter asks
        page.wait_for_function("() => document.getElementById('law-date-msg').textContent")
        _settle(page)
        refused = page.text_content("#law-date-msg")
        invalid = page.get_attribute("#law-date", "aria-invalid")
        above = page.text_content("#error")
        no_answer = page.query_selector("#answer-box") is None
        page.fill("#law-date", "2016-03-29")
        page.press("#law-date", "Enter")
        page.wait_for_selector("#answer-box")
        _settle(page)
        cleared = (
            page.text_content("#law-date-msg"),
            page.get_attribute("#law-date", "aria-invalid"),
        )
        answered = page.text_content("#answer-box .hint")
        page.fill("#diff-b", "2016-02-30")
        page.click("#diff-run")
        page.wait_for_function("() => document.getElementById('diff-b-msg').textContent")
        _settle(page)
        diff_refused = page.text_content("#diff-b-msg")
        diff_a_msg = page.text_content("#diff-a-msg")
        diff_above = page.text_content("#diff-error")
    finally:
        page.close()
    assert shown == {"law-date": "2001-07-10", "diff-a": "2001-07-10", "diff-b": "2016-03-29"}
    assert "date" not in kinds
    assert refused == "not a date YYYY-MM-DD: '12/05/2026'"
    assert invalid == "true" and above == "" and no_answer
    assert cleared == ("", None)
    assert answered.startswith("2016-03-29 · ")
    assert diff_refused == "not a date YYYY-MM-DD: '2016-02-30' (day is out of range for month)"
    assert diff_a_msg == "" and diff_above == ""
    assert [e for e in errors if "422" not in e] == []  # the refusals' own, and only them


def test_law_answer_words_facts_as_the_form_does(browser, live_server):
    """A question whose answer turns on a fact not given ('depends-on') lists the missing fact
    and the answer under each value in the facts form's words ('combat acts are actually taking
    place at the site: yes'), not the library's keys ('combat_now = true')."""
    from anpo.law import ask
    from anpo.law.vocab import FACTS, WHERE, in_words

    page, errors = _open(browser, f"{live_server}/law")
    try:
        page.wait_for_selector("#answer-box")
        _settle(page)
        page.fill("#law-date", "2016-04-01")
        page.select_option("#law-situation", "important-influence")
        page.select_option("#law-activity", "refuel-aircraft-for-sortie")
        page.click("#facts-box summary")
        page.select_option("#fact-where", "high-seas")  # a fact first: no question without one
        page.select_option("#law-location", "")
        page.wait_for_function(
            "() => document.querySelector('#answer-box')?.dataset.status === 'depends-on'"
        )
        _settle(page)
        answer = page.inner_text("#answer")
        alternatives = page.eval_on_selector_all(
            "#alternatives li", "ls => ls.map(l => l.textContent)"
        )
    finally:
        page.close()
    lib = ask(
        "2016-04-01",
        "important-influence",
        "refuel-aircraft-for-sortie",
        None,
        facts={"where": "high-seas"},
    )
    assert lib.status == "depends-on" and lib.missing_facts == ["combat_now"]
    label = FACTS["combat_now"][1]
    assert f"Missing: {label}." in answer
    # the fact's value in words too ('high seas and airspace away from Japan', not 'high-seas')
    assert f"Decided by: {FACTS['where'][1]}: {WHERE['high-seas'][0]}." in answer
    assert sorted(alternatives) == sorted(
        f"{in_words(x['status'])} if {label}: {'yes' if x['facts']['combat_now'] else 'no'}"
        for x in lib.alternatives
    )
    assert not [x for x in alternatives if "combat_now" in x]
    assert errors == []


def test_law_answer_gives_the_diet_approval_once(browser, live_server):
    """The answer's 'Diet approval' paragraph: the approval in words once, then what the rule
    adds. It printed the kind of approval and then the detail, which opens with the same words
    ('no Diet approval required by the statute (国会承認不要) — no Diet approval required by the
    statute (国会承認不要); goods need no Diet approval ...')."""
    from anpo.law import ask

    page, errors = _open(browser, f"{live_server}/law")
    try:
        _ask_law(page, "2020-01-01", "armed-attack-japan", "supply-fuel-water-food", "japan")
        page.wait_for_function(
            "() => (document.getElementById('diet')?.textContent || '').includes('goods need')"
        )
        diet = page.text_content("#diet")
    finally:
        page.close()
    lib = ask("2020-01-01", "armed-attack-japan", "supply-fuel-water-food", "japan")
    assert lib.diet_approval == "none"
    assert diet == lib.diet_approval_detail
    assert diet.count("no Diet approval required by the statute") == 1
    assert errors == []


def test_law_answer_marks_rationale_dated_after_the_date_as_later(browser, live_server):
    """Review 14 F4: asked for 2004-01-20, the Iraq airlift's rationale gives the Nagoya High
    Court judgment of 17 April 2008 as later ('Later (2008-04-17, after 2004-01-20): '), not as
    the law of the date; so is every item dated after it (the 2015 International Peace Support
    Act), with the mark the CLI prints (anpo.law.later_label); earlier items carry none."""
    page, errors = _open(browser, f"{live_server}/law")
    try:
        _ask_law(
            page, "2004-01-20", "iraq-2003", "airlift-personnel", "foreign-territory-with-consent"
        )
        page.wait_for_function(
            "() => [...document.querySelectorAll('#answer details p')]"
            ".some(p => p.textContent.includes('Nagoya'))"
        )
        paras = page.eval_on_selector_all("#answer details p", "ps => ps.map(p => p.textContent)")
    finally:
        page.close()
    nagoya = [p for p in paras if "Nagoya High Court" in p]
    assert nagoya and nagoya[0].startswith("Later (2008-04-17, after 2004-01-20): ")
    ipsa = [p for p in paras if "International Peace Support Act" in p]
    assert ipsa and ipsa[0].startswith("Later (2015-09-30, after 2004-01-20): ")
    ittaika = [p for p in paras if p.startswith("Integration with the use of force")]
    assert ittaika  # dated 1997: no mark
    assert all(not p.startswith("Later") for p in paras if p not in nagoya + ipsa)
    assert errors == []


def test_law_page_words_statuses_and_changes(browser, live_server):
    """The law page's diff table and chart name statuses and what changed in words ('no legal
    basis', 'Diet approval'), the facts form's 'where' values too; the badges keep the code as
    their class and the form submits the codes (anpo.law.vocab.STATUS_SHORT, CHANGED_SHORT)."""
    page, errors = _open(browser, f"{live_server}/law")
    try:
        page.wait_for_selector("#diff-table tbody tr")
        _settle(page)
        cells = page.eval_on_selector_all(
            "#diff-table tbody tr",
            "rs => rs.map(r => [...r.cells].slice(3, 6).map(c => c.textContent))",
        )
        classes = page.eval_on_selector_all(
            "#diff-table .status-badge", "bs => bs.map(b => b.className)"
        )
        where = page.eval_on_selector_all(
            "#fact-where option", "os => os.map(o => [o.value, o.textContent])"
        )
        legend = page.eval_on_selector_all(
            "#chart-diff svg text", "ts => ts.map(t => t.textContent)"
        )
    finally:
        page.close()
    statuses = {c for row in cells for c in row[:2]}
    assert "no legal basis" in statuses and "no-legal-basis" not in statuses
    assert any("status-no-legal-basis" in c for c in classes)
    assert any("Diet approval" in row[2] for row in cells)
    assert not any("_" in row[2] for row in cells)
    assert ["high-seas", "high seas and airspace away from Japan"] in where
    assert "no legal basis" in legend and "no-legal-basis" not in legend
    assert errors == []


def test_law_diff_after_the_data_says_the_law_is_as_last_known(browser, live_server):
    """Comparing two dates after the law data's last change (2018 and 2022): the page said 'No
    answer changed' with no word that the data ends in 2016; it now gives the CLI's 'Law data:'
    note, and none for dates the data covers (the page's default diff)."""
    page, errors = _open(browser, f"{live_server}/law")
    try:
        page.wait_for_selector("#diff-summary")
        _settle(page)
        before = page.query_selector("#diff-coverage-note")
        page.fill("#diff-a", "2018-01-01")
        page.fill("#diff-b", "2022-01-01")
        page.click("#diff-form button[type=submit]")
        page.wait_for_function(
            "() => document.getElementById('diff-summary')"
            " && document.getElementById('diff-summary').textContent.includes('2022-01-01')"
        )
        _settle(page)
        summary = page.inner_text("#diff-summary")
        note = page.inner_text("#diff-coverage-note")
    finally:
        page.close()
    assert before is None
    assert summary == "No answer changed between 2018-01-01 and 2022-01-01."
    assert note.startswith("Law data: 2018-01-01 is after 2016-03-29")
    assert "2022-01-01 is after 2016-03-29" in note
    assert errors == []


def test_law_answer_confidence_says_the_day_of_the_law_given(browser, live_server):
    """review9 F8: for a date past the law data's last change (2016-03-29) the page said
    "Confidence: high; date confidence: high." as if of the law of that date; it now says whose
    confidence each is and the day of the law given, as the CLI does."""
    page, errors = _open(browser, f"{live_server}/law")
    try:
        _ask_law(page, "2026-12-05", "important-influence", "provide-ammunition", "japan")
        page.wait_for_selector("#answer-box[data-status]")
        _settle(page)
        line = page.inner_text("#confidence")
    finally:
        page.close()
    assert line == (
        "Rule confidence: high; in-force dates' confidence: high; law as last known on 2016-03-29."
    )
    assert errors == []


def test_a_fourth_layer_says_the_reaction_curve_is_too_much_work(browser, live_server):
    """Adding layers on the deterrence page until there are four (2001, GMD against China: two
    layers and two new ones, the growing force's decoys seen by each) made the reaction curve
    run past the time limit (had not finished after 280 s) while the page showed "computing…".
    The server now refuses it at once: the page shows the refusal in words, no stale curve, and
    the engagement is still answered."""
    page, errors = _open(browser, f"{live_server}/deterrence")
    try:
        page.wait_for_selector("#layer0-interceptors")
        _settle(page)
        page.wait_for_selector("#launchers-now")
        while page.locator("#layers fieldset").count() < 4:
            _after_jobs(page, lambda: page.click("#add-layer"), jobs=2)
        shown = page.eval_on_selector_all(".error", "els => els.map(e => e.textContent)")
        status = page.text_content("#status")
        curve = page.text_content("#reaction-numbers")
        caption = page.text_content("#caption-reaction")
        numbers = page.text_content("#numbers")
        disabled = page.is_disabled("#add-layer")
    finally:
        page.close()
    assert disabled
    assert len(shown) == 1, shown
    assert "too much work" in shown[0] and "remove a layer" in shown[0]
    assert "through 4 layers" in shown[0]
    assert status == ""
    assert curve == "" and caption == ""
    assert "P(at least" in numbers  # the engagement itself is admitted and shown
    assert [e for e in errors if "422" not in e] == []


def test_stability_incentives_at_zero_kill_probability_read_as_the_report(browser, live_server):
    """The stability page with the defender's kill probability against silos at 0 (2001, GMD,
    U.S.-China): the first-strike incentives are floating-point noise and read as the report
    prints a Kent-Thaler cost (``fmt_number`` kind ``"cost"``), never "-9.88e-11"."""
    from anpo.web.api_deterrence import DyadRequest, compute_dyad

    page, errors = _open(browser, f"{live_server}/stability")
    try:
        page.wait_for_selector("#m-incentive_defender")
        _settle(page)
        _after_jobs(page, lambda: _move(page, "#k-kill_probability-silo", 0))
        shown = {
            key: page.text_content(f"#m-{key}") for key in ("incentive_defender", "incentive_rival")
        }
    finally:
        page.close()
    req = DyadRequest(
        scenario="us-japan-2001",
        variant="gmd-global",
        dyad="USA-CHN",
        kill_probability={"silo": 0.0},
    )
    values = {m.key: m.value for m in compute_dyad(req).measures}
    for key, text in shown.items():
        value = values[key]
        assert value is not None and abs(value) < 1e-3
        assert text == fmt_number(value, "cost")
        assert "e-" not in text
    assert errors == []


#: Draw a chart with six long legend entries and a long x-axis title (as the futures page's
#: exploration draws a futures run) into a new chart div of the page, and measure it.
_LONG_LEGEND_CHART = """async () => {
  const div = document.createElement('div');
  div.className = 'chart';
  div.id = 'chart-legend-test';
  document.querySelector('main').append(div);
  const names = ['Status quo, more initiative outside security',
    'Japan removes the uncertainty over collective self-defense',
    'Japan-China cooperation inside the alliance framework',
    'A multinational framework, door open to China',
    "Danger: the U.S. deals with China over Japan's head",
    "Worst case: 'global missile defense' without the treaty"];
  const traces = names.map((name, i) => ({type: 'scatter', mode: 'markers', name,
    x: [0.5 + i / 20, 0.6 + i / 20], y: [i % 2, (i + 1) % 2]}));
  await anpo.plot(div, traces, {
    title: {text: 'China keeps an assured retaliation against kill probability'},
    xaxis: {title: {text: 'kill probability of one sea-based upper-tier interceptor covering Japan (per shot, 0-1)'}},
    yaxis: {title: {text: 'China keeps an assured retaliation'}},
    legend: {orientation: 'h'},
  });
  const box = (sel) => { const r = div.querySelector(sel).getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  return {legend: box('.legend'), xtitle: box('.g-xtitle'), plot: box('.nsewdrag'),
          chart: box('.main-svg'), plotHeight: div._fullLayout._size.h};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_a_legend_under_the_plot_has_room_of_its_own(browser, live_server, width):
    """A horizontal legend of six long entries (the futures page's exploration of a futures run)
    lies under the x-axis title, inside the chart, and the plot keeps its height: plotly made the
    bottom margin as deep as the deeper of the two, so the legend was drawn over a long axis
    title even at 1280 px, and on a phone the legend took the whole chart (a plot of no height:
    'Something went wrong with axis scaling')."""
    page, errors = _open(browser, f"{live_server}/law", width=width)
    try:
        page.wait_for_load_state("networkidle")
        _settle(page)
        got = page.evaluate(_LONG_LEGEND_CHART)
    finally:
        page.close()
    legend, xtitle, plot, chart = got["legend"], got["xtitle"], got["plot"], got["chart"]
    assert xtitle[3] <= legend[1], f"the legend {legend} overlaps the axis title {xtitle}"
    assert plot[3] <= xtitle[1]
    assert chart[0] - 1 <= legend[0] and legend[2] <= chart[2] + 1, (legend, chart)
    assert legend[3] <= chart[3] + 1, (legend, chart)
    # the plot as high as the chart's 320 px leave under its title and over its axis: at least
    # 200 px (it was 30 px, or none, on a phone)
    assert got["plotHeight"] >= 200
    assert errors == []


@pytest.mark.parametrize("path", ["/deterrence", "/stability"])
def test_reaction_chart_title_counts_as_the_numbers_do(browser, live_server, path):
    """The reaction curve's title says 'P(at least 1 arrives)', as the numbers beside it do
    ('P(at least 1 arrives)', 'P(at least 5 arrive)'); it read 'P(at least 1 arrive)'."""
    page, errors = _open(browser, live_server + path)
    try:
        page.wait_for_load_state("networkidle")
        _settle(page)
        page.wait_for_function("() => document.getElementById('chart-reaction').dataset.drawn")
        title = page.evaluate(
            "document.getElementById('chart-reaction')._fullLayout.title.text.replace(/<br>/g, ' ')"
        )
    finally:
        page.close()
    assert "P(at least 1 arrives) ≥ 90%" in title, title
    assert errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_a_sliders_source_reads_in_full_from_the_keyboard(browser, live_server, width):
    """A slider's source (the stability page's force sizes: 'NRDC Nuclear Notebook 2001: ...')
    is clamped to two lines and opened under the pointer; a keyboard or a phone has no hover,
    so it opens too while the field's slider or number box has the focus."""
    page, errors = _open(browser, f"{live_server}/stability", width=width)
    try:
        page.wait_for_selector("#k-launchers-us-mm3-hint")
        _settle(page)
        clamp = "h => h.scrollHeight - h.clientHeight"
        before = page.eval_on_selector("#k-launchers-us-mm3-hint", clamp)
        page.focus("#k-launchers-us-mm3")
        on_slider = page.eval_on_selector("#k-launchers-us-mm3-hint", clamp)
        page.focus("#k-launchers-us-mm3-value")
        on_box = page.eval_on_selector("#k-launchers-us-mm3-hint", clamp)
    finally:
        page.close()
    assert before > 0  # clamped while the field is left alone (the source is long)
    assert on_slider <= 1 and on_box <= 1
    assert errors == []


#: Put one of each coloured text of the stylesheet on the page (an error, a field's message on
#: a panel, the law statuses' badges, the conditions' states) and give each one's contrast with
#: the background it is drawn on (WCAG 2.1's relative luminance).
_TEXT_CONTRAST = """() => {
  const lum = (c) => {
    const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (node) => {
    for (let n = node; n; n = n.parentElement) {
      const bg = getComputedStyle(n).backgroundColor;
      if (bg && !bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  const main = document.querySelector('main');
  const box = document.createElement('div');
  box.innerHTML = `<p class="error">error</p>
    <div class="controls"><div class="field"><span class="field-msg">corrected</span></div></div>
    ${['permitted', 'conditional', 'prohibited', 'no-legal-basis', 'depends-on'].map(
      (s) => `<span class="status-badge status-${s}">${s}</span>`).join(' ')}
    <table>${['met', 'failed', 'open'].map(
      (s) => `<tr data-state="${s}"><td>c</td><td>${s}</td></tr>`).join('')}</table>`;
  main.append(box);
  const out = {};
  const texts = [...box.querySelectorAll('.error, .field-msg, .status-badge, tr td:nth-child(2)')];
  for (const t of texts) {
    const [a, b] = [lum(getComputedStyle(t).color), lum(background(t))].sort((x, y) => y - x);
    out[t.textContent] = (a + 0.05) / (b + 0.05);
  }
  return out;
}"""


def test_coloured_text_is_readable(browser, live_server):
    """Errors, a corrected field's message, the law statuses' badges and the conditions' states
    contrast at least 4.5:1 with their background (WCAG 2.1 AA for text of this size): drawn in
    the charts' Okabe-Ito colours they read 2.3:1 (an open condition in orange) to 3.9:1 (an
    error in vermillion)."""
    page, errors = _open(browser, f"{live_server}/law")
    try:
        page.wait_for_load_state("networkidle")
        ratios = page.evaluate(_TEXT_CONTRAST)
    finally:
        page.close()
    assert len(ratios) == 10
    low = {text: round(r, 2) for text, r in ratios.items() if r < 4.5}
    assert low == {}
    assert errors == []


def test_align_basin_ranks_are_not_cut_at_the_plot_edge(browser, live_server):
    """Each local minimum's rank ('#1') is written above its marker inside the plot: the
    built-in instance's one minimum holds a basin of 100%, at the plot's top edge, and its
    '#1' was cut in half there."""
    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        page.wait_for_function("() => document.getElementById('chart-basins').dataset.drawn")
        got = page.evaluate(
            """() => {
              const div = document.getElementById('chart-basins');
              const plot = div.querySelector('.nsewdrag').getBoundingClientRect();
              return [...div.querySelectorAll('.textpoint text')].map((t) => {
                const r = t.getBoundingClientRect();
                return [t.textContent, r.top - plot.top, plot.bottom - r.bottom];
              });
            }"""
        )
    finally:
        page.close()
    assert got and got[0][0] == "#1"
    for text, above_top, below_bottom in got:
        assert above_top >= 0 and below_bottom >= 0, (text, above_top, below_bottom)
    assert errors == []


def test_align_basin_chart_gives_energy_and_basin_as_the_table_does(browser, live_server):
    """The basin chart's hover wrote a basin with plotly's '.1%' (a basin the table beside it
    gives as '0.0417%' read '0.0%') and an energy with '.4g': it now gives each minimum's
    energy and basin in the table's words (the server's text), and its axis title says the
    basin is in percent, as its ticks and the table are."""
    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        page.wait_for_function("() => document.getElementById('chart-basins').dataset.drawn")
        got = page.evaluate(
            """() => { const c = document.getElementById('chart-basins');
            const t = (s) => [...c.querySelectorAll(s)].map((e) => e.textContent);
            const rows = [...document.querySelectorAll('#minima-table tbody tr')];
            return { custom: c.data[0].customdata, template: c.data[0].hovertemplate,
                     ytitle: t('.g-ytitle'), yticks: t('.ytick text'),
                     table: rows.map((r) => [r.cells[2].textContent, r.cells[3].textContent]) }; }"""
        )
    finally:
        page.close()
    assert got["table"] and got["custom"] == got["table"]
    assert "%{customdata[1]}" in got["template"] and "%{y" not in got["template"]
    assert "".join(got["ytitle"]) == "basin share (%)"
    assert all(t.endswith("%") for t in got["yticks"])
    assert errors == []


def test_align_map_markers_stay_inside_the_chart(browser, live_server):
    """An uploaded instance of three states with one-letter names: every marker lies inside the
    map (the room left at the sides was half the longest name, 11 px here, and the largest
    state's marker, 38 px wide, was cut in half at the chart's edge)."""
    csv = b"name,size,A,B,C\nA,1,,1,-1\nB,2,1,,0.5\nC,3,-1,0.5,\n"
    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        page.set_input_files(
            "#align-file", files=[{"name": "abc.csv", "mimeType": "text/csv", "buffer": csv}]
        )
        page.wait_for_function(
            "() => document.getElementById('minima-summary')"
            " && document.getElementById('minima-summary').textContent.startsWith('3 states')"
        )
        _settle(page)
        _drawn_at_its_width(page, "chart-map")
        got = page.evaluate(
            """() => {
              const div = document.getElementById('chart-map');
              const c = div.getBoundingClientRect();
              return [...div.querySelectorAll('.scatterlayer .point')].map((p) => {
                const r = p.getBoundingClientRect();
                return [r.left - c.left, c.right - r.right, r.top - c.top, c.bottom - r.bottom];
              });
            }"""
        )
    finally:
        page.close()
    assert len(got) == 3
    for room in got:
        assert min(room) >= 0, room
    assert errors == []


@pytest.mark.parametrize("path", ["/deterrence", "/stability", "/law", "/align", "/futures"])
def test_no_chart_offers_to_upload_itself(browser, live_server, path):
    """No chart's toolbar has plotly.js' "Share chart..." button, which opened a dialog to
    upload the chart to Plotly Cloud (cloud.plotly.com): the app is local and no data leaves
    the machine. Plotly has no destination to send one to either."""
    page, errors = _open(browser, live_server + path)
    try:
        page.wait_for_load_state("networkidle")
        _settle(page)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.chart')].every(d => d.dataset.drawn)"
        )
        buttons = page.eval_on_selector_all(
            ".chart .modebar-btn", "bs => bs.map(b => b.getAttribute('data-title'))"
        )
        servers = page.eval_on_selector_all(
            ".chart", "ds => ds.map(d => d._context && d._context.plotlyServerURL)"
        )
    finally:
        page.close()
    assert buttons, "no chart toolbar found"
    assert not [b for b in buttons if "share" in b.lower() or "cloud" in b.lower()], buttons
    assert servers and all(not s for s in servers), servers
    assert errors == []


def test_removing_a_layer_from_the_keyboard_keeps_the_focus_in_the_layers(browser, live_server):
    """Enter on a layer's 'Remove' leaves the focus on the next layer's 'Remove' (the last
    layer removed: on 'Add a layer'), not on the page's top, where a keyboard user had to Tab
    through the navigation and the presets again."""
    page, errors = _open(browser, f"{live_server}/deterrence")
    try:
        page.wait_for_selector("#layer1")
        _settle(page)
        focused = []
        for _ in range(2):
            page.focus("#layer0 .layer-head button")
            _after_jobs(page, lambda: page.keyboard.press("Enter"))
            focused.append(
                page.evaluate(
                    "(() => { const a = document.activeElement;"
                    " return [a.id, a.getAttribute('aria-label') || a.textContent]; })()"
                )
            )
    finally:
        page.close()
    assert focused[0] == ["", "Remove layer 1"]  # the layer that was the second one
    assert focused[1] == ["add-layer", "Add a layer"]
    assert errors == []


def test_deterrence_page_gives_the_sources_of_its_numbers(browser, live_server):
    """The raid's warheads and each layer's numbers come from the scenario, and the page says
    from where, as the stability page does under its sliders: the rival's forces reaching the
    homeland with their sources (API field raid_source) under the raid, each layer's source
    under its interceptors. The API gave the layers' sources; the page showed none."""
    import httpx

    q = {"scenario": "us-japan-2001", "variant": "gmd-global", "dyad": "USA-CHN"}
    preset = httpx.get(f"{live_server}/api/deterrence/preset", params=q).json()
    page, errors = _open(browser, f"{live_server}/deterrence")
    try:
        page.wait_for_selector("#layer1")
        _settle(page)
        raid = page.text_content("#rvs-hint")
        layers = [page.text_content(f"#layer{i}-interceptors-hint") for i in range(2)]
    finally:
        page.close()
    assert raid == preset["raid_source"]
    assert raid.startswith("China's forces that reach the United States: DF-5A ICBM, 20 warheads (")
    assert "Glaser & Fetter" in raid
    assert layers == [ly["source"] for ly in preset["engagement"]["layers"]]
    assert all(layers)
    assert errors == []


def test_futures_page_says_what_each_future_is_and_its_source(browser, live_server):
    """Each future's summary and its source (the seed's words and where they are) and each
    indicator's definition are in the page's text: the summaries and definitions were only
    tooltips (no keyboard or phone can read one) and the sources were not shown at all."""
    from anpo.futures import INDICATORS, load_book
    from anpo.futures.scorecard import definition_of

    page, errors = _open(browser, f"{live_server}/futures")
    try:
        page.wait_for_selector("#futures-defs dd", timeout=60_000)
        _settle(page)
        page.click("#indicator-defs summary")
        text = " ".join(page.inner_text("main").split())
    finally:
        page.close()
    worlds = load_book()
    for w in worlds:
        for part in (w.future.title, w.future.summary, w.future.seed, w.future.seed_ref):
            assert " ".join(part.split()) in text, part
    for ind in INDICATORS:
        # the definition as the page gives it: the reaction-curve goal read from the futures'
        # settings (m = 1 warhead and q = 0.9 in the book), not the template's placeholder
        assert definition_of(ind, worlds) in text, ind.name
    assert "{goal_m" not in text
    assert errors == []


def test_a_refusal_in_words_is_shown_without_the_field_path(browser, live_server):
    """A request the server refuses in its own words (one problem of type value_error) shows
    those words: the deterrence page's decoy cap read 'body.decoys_per_rv: 2,000 warheads with
    10 decoys each ...', the API's field path first."""
    page, errors = _open(browser, f"{live_server}/deterrence")
    try:
        page.wait_for_selector("#p-ge-1")
        _settle(page)
        page.fill("#decoys-value", "10")
        _after_jobs(page, lambda: page.press("#decoys-value", "Enter"), jobs=2)
        page.fill("#rvs-value", "2000")
        _after_jobs(page, lambda: page.press("#rvs-value", "Enter"), jobs=2)
        shown = page.eval_on_selector_all("#error .error", "els => els.map(e => e.textContent)")
    finally:
        page.close()
    assert "2,000 warheads with 10 decoys each make 20,000 decoys in flight" in " ".join(shown)
    assert not [s for s in shown if s.startswith("body.")], shown
    assert [e for e in errors if "422" not in e] == []


def test_reaction_numbers_without_a_defense_are_not_repeated(browser, live_server):
    """With no interceptors today (2001 MAD, Russia against the United States) the page gives
    the launchers needed once: it added '...and with no interceptors' with the same number."""
    q = "scenario=us-japan-2001&variant=mad&dyad=USA-RUS"
    page, errors = _open(browser, f"{live_server}/deterrence?{q}")
    try:
        page.wait_for_selector("#launchers-now", timeout=60_000)
        _settle(page)
        label = page.text_content("#reaction-numbers .label")
        zero = page.query_selector("#launchers-zero")
    finally:
        page.close()
    assert label == "Launchers the rival needs against 0 interceptors"
    assert zero is None
    assert errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_futures_chart_of_tiny_shares_reads_as_their_cells(browser, live_server, width):
    """The scorecard chart of the U.S. value destroyed if it honours its guarantee (every defined
    cell '< 0.1%', one future undefined): the axis reaches 1% with ticks that differ, the tiny
    values draw no bar as high as the axis, and the undefined cell says so where its bar would
    be. The values of floating-point size were drawn as full bars over ticks all reading '0%',
    and the undefined future was left blank."""
    page, errors = _open(browser, f"{live_server}/futures", width=width)
    try:
        _show_indicator(page, "patron_damage", "U.S.")
        axis = "y" if width >= 560 else "x"
        ticks = page.eval_on_selector_all(
            f"#chart-scorecard .{axis}tick text", "els => els.map(e => e.textContent)"
        )
        notes = page.eval_on_selector_all(
            "#chart-scorecard .annotation-text", "els => els.map(e => e.textContent)"
        )
        bars = page.eval_on_selector_all(
            "#chart-scorecard .point path",
            f"els => els.map(e => e.getBoundingClientRect().{'height' if width >= 560 else 'width'})",
        )
        cells = page.evaluate(
            "[...document.querySelectorAll('#ind-patron_damage td.num')].map(td => td.textContent)"
        )
    finally:
        page.close()
    assert len(ticks) >= 3 and len(set(ticks)) == len(ticks), ticks
    assert ticks[0] in ("0%", "0.0%")
    undefined = [c for c in cells if c.startswith("undefined")]
    assert len(undefined) == 1
    assert len(notes) == 1 and notes[0].startswith("undefined: no U.S."), notes  # lines joined
    assert bars and max(bars) < 3, bars  # values under 1e-3 of an axis reaching 1%
    assert errors == []


def test_reaction_curve_stays_within_the_interceptor_cap(browser, live_server):
    """With layer 1 at 12,000 interceptors (2001, GMD against China, one layer, the growing
    force without decoys) the page's reaction grid ran to 24,000, past the server's cap of
    20,000 on interceptors, and the page showed the API's refusal of numbers nobody typed
    ('body.interceptors.13: Input should be less than or equal to 20000 (got 20004) (and 11
    more problems)') instead of the curve. The grid now stops at the cap."""
    page, errors = _open(browser, f"{live_server}/deterrence")
    try:
        page.wait_for_selector("#launchers-now", timeout=60_000)
        _settle(page)
        _after_jobs(page, lambda: page.click("#layer1 button:has-text('Remove')"), jobs=2)
        page.click("#reaction-settings summary")
        page.fill("#r-decoys-value", "0")
        _after_jobs(page, lambda: page.press("#r-decoys-value", "Enter"), jobs=2)
        page.fill("#layer0-interceptors-value", "12000")
        _after_jobs(page, lambda: page.press("#layer0-interceptors-value", "Enter"), jobs=2)
        shown = page.eval_on_selector_all("#error .error", "els => els.map(e => e.textContent)")
        labels = page.eval_on_selector_all(
            "#reaction-numbers .label", "els => els.map(e => e.textContent)"
        )
        grid = page.evaluate("(document.getElementById('chart-reaction').data[0] || {x: []}).x")
    finally:
        page.close()
    assert shown == []
    assert labels[:1] == ["Launchers the rival needs against 12000 interceptors"]
    assert grid and max(grid) <= 20_000 and 12_000 in grid
    assert [e for e in errors if "422" not in e] == []


def test_reaction_without_layers_is_not_against_the_removed_ones(browser, live_server):
    """With both layers removed (2001, GMD against China) the engagement has no defense, but the
    reaction numbers still read 'Launchers the rival needs against 250 interceptors: 59' and
    the caption 'the defense's 2 layers': the scenario's layers the user had removed. The
    curve is now the one of a first layer built from none, as for a variant without defense."""
    page, errors = _open(browser, f"{live_server}/deterrence")
    try:
        page.wait_for_selector("#launchers-now", timeout=60_000)
        _settle(page)
        label_two = page.text_content("#reaction-numbers .label")
        _after_jobs(page, lambda: page.click("#layer1 button:has-text('Remove')"), jobs=2)
        _after_jobs(page, lambda: page.click("#layer0 button:has-text('Remove')"), jobs=2)
        label = page.text_content("#reaction-numbers .label")
        zero = page.query_selector("#launchers-zero")
        caption = page.text_content("#caption-reaction") or ""
        marker_x = page.evaluate("document.getElementById('chart-reaction').data[1].x[0]")
    finally:
        page.close()
    # two layers: the curve moves layer 1 alone, and the numbers say so
    assert label_two == "Launchers the rival needs against 250 interceptors in layer 1"
    assert label == "Launchers the rival needs against 0 interceptors"
    assert zero is None
    assert marker_x == 0
    assert "one layer" in caption and "2 layers" not in caption
    assert errors == []


def test_align_table_names_each_coalition_as_the_map_legend_does(browser, live_server):
    """The minima table told a minimum's coalitions apart by a coloured swatch alone (read as
    one list, 'Philippines China', without the colours); each now opens with 'coalition k:',
    the map legend's name for it. A state already on the anchors' side gets no 'After the
    change' line nor a map titled after a change that was not made. The table lists every
    local minimum of the library's landscape (at most 30) and the map draws one trace per
    coalition of the lowest."""
    from anpo.align.io import read_book

    page, errors = _open(browser, f"{live_server}/align")
    try:
        page.wait_for_selector("#minima-table tbody tr")
        _settle(page)
        rows = page.eval_on_selector_all("#minima-table tbody tr", "rs => rs.length")
        cells = page.eval_on_selector_all(
            "#minima-table tbody tr:first-child .coalition", "els => els.map(e => e.textContent)"
        )
        legend = page.evaluate("document.getElementById('chart-map').data.map(t => t.name)")
        page.select_option("#whatif-actor", "Australia")
        page.click("#whatif-run")
        page.wait_for_selector("#whatif-sentence", timeout=60_000)
        _settle(page)
        answer = page.text_content("#whatif") or ""
        title = page.evaluate("document.getElementById('chart-map').layout.title.text")
    finally:
        page.close()
    minima = read_book("asia_pacific_2001").landscape(2).local_minima()
    assert rows == min(len(minima), 30)
    coalitions = [f"coalition {k + 1}" for k in range(int(minima[0].config.max()) + 1)]
    assert (
        [c.split(":")[0] for c in cells] == legend == coalitions == ["coalition 1", "coalition 2"]
    )
    assert "Australia" in cells[0]
    assert "already on the side" in answer
    assert "After the change" not in answer
    assert title.startswith("Minimum #1")
    assert errors == []


def test_futures_yes_no_indicator_reads_no_and_yes_on_its_axis(browser, live_server):
    """A yes/no indicator of the scorecard (the U.S. alliance with Japan in force) was plotted
    on an axis of 0, 0.2, ..., 1: numbers that mean nothing for a yes or a no. Its axis now
    reads 'no' and 'yes'."""
    page, errors = _open(browser, f"{live_server}/futures")
    try:
        _show_indicator(page, "japan_allied", "U.S. alliance")
        ticks = page.eval_on_selector_all(
            "#chart-scorecard .ytick text", "els => els.map(e => e.textContent)"
        )
    finally:
        page.close()
    assert ticks == ["no", "yes"]
    assert errors == []


def _hover_texts(page, chart: str) -> dict[str, Any]:
    """The bars of ``chart`` (its first trace): values, hover data and template, and the hover
    label plotly draws over the bar of the smallest positive value (Plotly.Fx.hover)."""
    return page.evaluate(
        """(id) => { const c = document.getElementById(id); const d = c.data[0];
        const ys = d.y.map(Number); const pos = ys.filter((y) => y > 0);
        const k = ys.indexOf(Math.min(...pos));
        Plotly.Fx.hover(c, [{ curveNumber: 0, pointNumber: k }]);
        const label = c.querySelector('.hoverlayer .hovertext');
        return { y: ys, custom: d.customdata, template: d.hovertemplate, k,
                 hover: label ? label.textContent : null }; }""",
        chart,
    )


@pytest.mark.parametrize(
    ("path", "chart", "word"),
    [("/deterrence", "chart-pmf", "arrive"), ("/stability", "chart-survivors", "survive")],
)
def test_probability_bars_hover_as_the_cards_write(browser, live_server, path, chart, word):
    """The leaker and survivor bars' hover used plotly's '%{y:.3g}' ('2.3e-5') beside cards
    that say '< 0.1%': each bar's hover is the cards' text (percent_text, bars in percent, sent by the server with
    the values), and the smallest positive bar reads as the cards write it, never '0'. A
    leaker count whose float is 0 but which is possible (several layers: possib23) reads
    '< 0.1%' as the server writes it, not '0%'."""
    page, errors = _open(browser, live_server + path)
    try:
        page.wait_for_function(f"() => document.getElementById('{chart}').dataset.drawn")
        _settle(page)
        got = _hover_texts(page, chart)
    finally:
        page.close()
    assert "%{customdata}" in got["template"] and "%{y" not in got["template"]

    def escaped(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    want = [escaped(percent_text(y / 100)) for y in got["y"]]
    if path == "/deterrence":
        import httpx

        # the page's engagement is the preset's: the server's texts of its counts whose float
        # is 0 say whether each is possible (EngagementResult.possible_count)
        body = _preset_engagement(live_server)["engagement"]
        sent = httpx.post(f"{live_server}/api/deterrence/engagement", json=body).json()
        assert [round(100 * p, 9) for p in sent["leaker_pmf"]] == [round(y, 9) for y in got["y"]]
        want = [
            escaped(text) if y == 0.0 else w
            for y, w, text in zip(got["y"], want, sent["leaker_pmf_text"], strict=True)
        ]
        assert escaped("< 0.1%") in [w for y, w in zip(got["y"], want, strict=True) if y == 0.0]
    assert got["custom"] == want
    tiny = got["y"][got["k"]]
    assert got["hover"] == f"{got['k']} {word}: {percent_text(tiny / 100)}", got
    assert errors == []


def test_law_page_says_each_refusal_once(browser, live_server):
    """A date refused together with another field: the box above the form repeated the date's
    refusal, already said beside its box, as the API's one line ('body.date: not a date ...
    (and 1 more problem)'), and never said the other problem. Each refusal is said once: the
    date's beside its box, the other above the form."""
    bogus = "() => { for (const id of ['law-situation', 'diff-situation']) {"
    bogus += " const s = document.getElementById(id); const o = document.createElement('option');"
    bogus += " o.value = 'bogus'; o.textContent = 'bogus'; s.append(o); } }"
    page, errors = _open(browser, f"{live_server}/law")
    try:
        page.wait_for_selector("#answer-box")
        page.wait_for_selector("#diff-summary")
        _settle(page)
        page.evaluate(bogus)
        page.eval_on_selector("#law-situation", "s => { s.value = 'bogus'; }")
        page.fill("#law-date", "12/05/2026")
        page.press("#law-date", "Enter")
        page.wait_for_function("() => document.getElementById('law-date-msg').textContent")
        _settle(page)
        ask = (page.text_content("#law-date-msg"), page.text_content("#error"))
        page.eval_on_selector("#diff-situation", "s => { s.value = 'bogus'; }")
        page.fill("#diff-a", "12/05/2026")
        page.fill("#diff-b", "2016-02-30")
        page.click("#diff-run")
        page.wait_for_function("() => document.getElementById('diff-b-msg').textContent")
        _settle(page)
        diff = [page.text_content(f"#{i}") for i in ("diff-a-msg", "diff-b-msg", "diff-error")]
    finally:
        page.close()
    unknown = "unknown situation 'bogus'; valid situations: "
    assert ask[0] == "not a date YYYY-MM-DD: '12/05/2026'"
    assert ask[1].startswith(unknown) and "12/05/2026" not in ask[1] and "more" not in ask[1]
    assert diff[0] == "not a date YYYY-MM-DD: '12/05/2026'"
    assert diff[1] == "not a date YYYY-MM-DD: '2016-02-30' (day is out of range for month)"
    assert diff[2].startswith(unknown), diff
    assert "12/05/2026" not in diff[2] and "2016-02-30" not in diff[2]
    assert [e for e in errors if "422" not in e] == []


def test_pages_write_a_percentage_with_the_one_shared_helper(browser, live_server):
    """The deterrence and stability pages each computed their percentages with a copy of
    the same expression (bars ``100 * p``, the reaction goal ``+(100 * q).toPrecision(3)``,
    which read 0.9996 as '100%'); both call common.js's ``anpo.percentText`` and
    ``anpo.percentBars``, whose text is the report's (``fmt_number(p, "percent")``) for every
    value, including the bound below the whole and the exponent below 0.001."""
    values = [0.0, 0.9, 0.5, 0.1234, 0.9996, 0.9994, 1.0, 1 - 1e-15, 2.5e-7, 0.00123, 123.456]
    values += [float(x) for x in np.random.default_rng(17).uniform(0, 1, 200)]
    page, errors = _open(browser, live_server + "/stability")
    try:
        page.wait_for_load_state("networkidle")
        got = page.evaluate("vs => vs.map((v) => anpo.percentText(v))", values)
        assert got == [fmt_number(v, "percent") for v in values]
        assert page.evaluate("anpo.percentBars([0.25, 1])") == [25, 100]
        _settle(page)
        title = page.evaluate("document.getElementById('chart-reaction').layout.title.text")
        assert title.endswith("≥ 90%"), title
        assert errors == []
    finally:
        page.close()

"""``anpo report``: the page answers first, is self-contained, reproducible and honest.

Two kinds of tests: the page infrastructure on small fake sections (fast, exact), and the built-in
report, built once per test run by the ``built_report`` fixture (tests/conftest.py).
"""

from __future__ import annotations

import csv
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import anpo.cli
from _support import (
    AWAITING_ANSWER,
    EXPLORE_SCENARIO,
    REPORT_TODAY,
    ROOT,
    book_futures,
    book_scenarios,
    cli,
    fake_provider,
)
from anpo.errors import AnpoError
from anpo.report import (
    ReportContext,
    Section,
    build_report,
    check_output_dir,
    terminal_summary,
    write_report,
)
from anpo.report.html import APPENDIX_PREVIEW_ROWS, GENERATED_CLASS, MAX_BODY_ROWS

runner = CliRunner()


class Page(HTMLParser):
    """Sections (id, first element after the heading, classes seen, figures), every element id,
    every link, and the external references of a report page."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[dict] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.external: list[str] = []
        self.scripts = 0
        self.finding_links: list[str] = []
        self.japanese_spans = 0
        self._in_finding = False
        self._after_h2 = False
        self._depth_h2 = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if "id" in a:
            self.ids.append(a["id"])
        for key in ("src", "href"):
            val = a.get(key) or ""
            if val.startswith("#"):
                self.links.append(val[1:])
                if self._in_finding:
                    self.finding_links.append(val[1:])
            elif val and not val.startswith("data:") and not val.endswith(".csv"):
                self.external.append(val)
        if tag == "script":
            self.scripts += 1
        if tag == "span" and a.get("lang") == "ja":
            self.japanese_spans += 1
        if tag == "li" and "finding" in cls:
            self._in_finding = True
        if tag == "section" and "report-section" in cls:
            self.sections.append({"id": a["id"], "first": None, "classes": set(), "figures": 0})
            return
        if not self.sections:
            return
        cur = self.sections[-1]
        cur["classes"].update(cls.split())
        if tag == "figure":
            cur["figures"] += 1
        if tag == "h2":
            self._depth_h2 = True
        elif self._after_h2 and cur["first"] is None and tag in ("p", "div", "figure", "ul"):
            cur["first"] = cls or tag
            self._after_h2 = False

    def handle_endtag(self, tag):
        if tag == "h2" and self._depth_h2:
            self._depth_h2 = False
            self._after_h2 = True
        if tag == "li":
            self._in_finding = False


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


def without_generation_line(text: str) -> str:
    return "\n".join(ln for ln in text.splitlines() if f'class="{GENERATED_CLASS}"' not in ln)


@pytest.fixture(scope="module")
def book():

    return book_scenarios()


@pytest.fixture(scope="module")
def fake_sections(book) -> list[Section]:
    return build_report(ReportContext(scenarios=book), providers=[fake_provider])


@pytest.fixture(scope="module")
def fake_out(fake_sections, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fake") / "rep"
    write_report(fake_sections, out)
    return out


# ------------------------------------------------------------------ infrastructure (fast)


def test_findings_first_then_sections_opening_with_their_answer(fake_out: Path):
    text = (fake_out / "index.html").read_text(encoding="utf-8")
    assert "U.S.–Japan alliance" in text.split("</header>")[0]
    assert text.index('id="key-findings"') < text.index('id="fake-one"')
    page = parse(text)
    assert [s["first"] for s in page.sections] == ["answer", "answer"]
    assert page.finding_links == ["fake-one"]
    assert set(page.links) <= set(page.ids)
    assert "Key number:</strong> " in text and "Confidence:</strong> High" in text
    # numbered headings with anchors; the contents mark the section that needs data
    assert '<span class="secnum">2</span>' in text
    toc = text.split('<nav class="toc"')[1].split("</nav>")[0]
    assert toc.count('class="flag"') == 1 and "needs data</span></li></ul>" in toc


def test_the_seed_questions_left_open_are_listed_with_why(fake_out: Path):
    """The seed (Soeya 2001) also asks whether missile defense would save the cost of
    conventional forces, how much Japan can allocate, about intelligence sharing and the
    combat/non-combat line: the report answered none of these and said nothing about them. It
    now lists them after the key findings, each with the reason, linked from the contents."""
    from anpo.report.html import OPEN_QUESTIONS

    text = (fake_out / "index.html").read_text(encoding="utf-8")
    block = text.split('<section id="open-questions"')[1].split("</section>")[0]
    assert text.index('id="key-findings"') < text.index('id="open-questions"')
    assert text.index('id="open-questions"') < text.index('<nav class="toc"')
    assert block.count("<li>") == len(OPEN_QUESTIONS) >= 5
    assert "conventional" in block and "intelligence" in block and "combat" in block
    assert all(why for _, why in OPEN_QUESTIONS)
    toc = text.split('<nav class="toc"')[1].split("</nav>")[0]
    assert 'href="#open-questions"' in toc
    assert set(parse(text).links) <= set(parse(text).ids)


def test_finding_sentence_follows_the_input(book):
    """The finding is generated from the scenario: change the input, the sentence changes."""
    before = build_report(ReportContext(scenarios=book), providers=[fake_provider])
    forces = [
        f.model_copy(update={"launchers": f.launchers + 7}) if f.actor == "CHN" else f
        for f in book[0].forces
    ]
    changed = book[0].model_copy(update={"forces": forces})
    after = build_report(ReportContext(scenarios=[changed]), providers=[fake_provider])
    a, b = before[0].findings[0].answer, after[0].findings[0].answer
    assert a != b
    n = sum(f.launchers for f in changed.forces if f.actor == "CHN")
    assert f"fields {n} launchers" in b


@pytest.mark.slow
def test_real_finding_follows_the_input(book, anpo_home):
    """A provider on main that states findings (burden: Japan's host-nation support) generates
    them from its inputs: asking about another year changes the sentence and its number."""
    findings = {}
    for year in (2001, 2010):
        ctx = ReportContext(scenarios=book, options={"burden_year": year})
        sections = build_report(ctx, providers=["anpo.burden.report:build"])
        findings[year] = [f for s in sections for f in s.findings]
    assert findings[2001] and findings[2010]
    first, later = findings[2001][0], findings[2010][0]
    assert first.answer != later.answer and first.number != later.number
    assert "FY2001" in first.answer and "FY2010" in later.answer


def test_tables_numbers_appendix_and_csv(fake_out: Path):
    text = (fake_out / "index.html").read_text(encoding="utf-8")
    small = text.split("<h3>Small</h3>")[1].split("</table>")[0]
    # noise shown as 0, the year as a year, a plain-language header
    assert "<td>2001</td>" in small or '<td class="n">2001</td>' in small
    assert '<td class="n">0</td>' in small and "e-25" not in small
    assert "P(at least 1 warhead arrives)" in small
    # the 40-row table is not in the body: it is a collapsed appendix with a CSV file
    assert 40 > MAX_BODY_ROWS
    assert "<h3>Too big for the body</h3>" not in text
    assert "<summary>Too big for the body (40 rows × 2 columns)</summary>" in text
    assert 'href="fake-all.csv"' in text and 'href="fake-one-1.csv"' in text
    rows = list(csv.reader(open(fake_out / "fake-all.csv", newline="")))
    assert rows[0] == ["year", "p"] and rows[1] == ["2001", "0.0"]
    assert all(".0" not in r[0] for r in rows[1:])
    # a large appendix table is a preview of its first rows, said as such; the CSV has them all
    wide = text.split('id="fake-one-fake-wide"')[1].split("</details>")[0]
    k = APPENDIX_PREVIEW_ROWS
    assert "<summary>Wide and long (60 rows × 13 columns)</summary>" in text
    assert f"all 60 rows. Shown here: the first {k} rows." in wide
    assert wide.count("<tr>") == k + 1 and "row 0: a longer" in wide and f"row {k}:" not in wide
    assert len(list(csv.reader(open(fake_out / "fake-wide.csv", newline="")))) == 61
    # the small one is shown in full
    everything = text.split('id="fake-one-fake-all"')[1].split("</details>")[0]
    assert everything.count("<tr>") == 41 and "Shown here" not in everything
    # wide tables scroll in their own box
    assert text.count('<div class="table-wrap"') == text.count("<table>")


def test_summary_files_are_tidy_with_clean_types(fake_out: Path):
    with open(fake_out / "summary.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["section_id"] for r in rows] == ["fake-one"]
    assert rows[0]["question"] == "How many launchers?" and rows[0]["section_number"] == "1"
    per_section = (fake_out / "summary-fake-one.csv").read_text().splitlines()
    assert per_section == ["year,value", "2001,0.3"]


def test_define_once_code_japanese_and_missing_figures(fake_out: Path):
    text = (fake_out / "index.html").read_text(encoding="utf-8")
    two = text.split('id="fake-two"')[1]
    # the shared assumption is not repeated word for word: it points to section 1
    assert "Shared assumption." not in two and "Also the assumptions of" in two
    # ... by naming that section, even when section 1 has downloadable appendix tables
    assert 'Also the assumptions of <a href="#fake-one">section 1</a>.' in two
    assert (
        "Also the assumptions of <a href" in two
        and "Download as CSV (" not in (two.split("Also the assumptions of")[1].split("</p>")[0])
    )
    assert "<pre><code>anpo data add ~/Downloads/cow</code></pre>" in two
    assert "<code>anpo data add DIR</code>" in text and "`" not in text.split("<main>")[1]
    assert '<span lang="ja">周辺事態</span>' in text
    # a figure without data is not drawn, and the page says so
    assert "Figure 1.2 (Empty) is not drawn: there are no data to show." in text
    assert text.count("<svg") == 1


def test_figure_is_accessible_with_unique_ids(fake_out: Path):
    text = (fake_out / "index.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg.*?</svg>", text, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="fake-one-fig1-title fake-one-fig1-desc"' in svg
    assert '<title id="fake-one-fig1-title">A demo figure</title>' in svg
    assert '<desc id="fake-one-fig1-desc">What it shows.</desc>' in svg
    assert "<text" in svg and "<metadata>" not in svg and "dc:date" not in svg
    page = parse(text)
    assert len(page.ids) == len(set(page.ids))
    assert "<em>Measure:</em> P(x)" in text


def test_same_sections_same_bytes_but_the_generation_line(fake_sections, tmp_path: Path, book):
    """Two builds from the same inputs give the same page apart from the one generation line."""
    again = build_report(ReportContext(scenarios=book), providers=[fake_provider])
    a = write_report(fake_sections, tmp_path / "a").read_text(encoding="utf-8")
    b = write_report(again, tmp_path / "b", generated="Generated later.").read_text("utf-8")
    assert a != b
    assert without_generation_line(a) == without_generation_line(b)
    assert len(a.splitlines()) - len(without_generation_line(a).splitlines()) == 1


def test_terminal_summary_fits_100_columns_and_points_to_findings(fake_sections):
    text = terminal_summary(fake_sections, width=200)
    lines = text.splitlines()
    assert max(len(ln) for ln in lines) <= 100
    assert "Key findings" in text and "How many launchers?" in text
    assert "Section 1: A fake section" in text
    assert "need data" in text and "2. A section that needs data" in text
    # the questions the page lists as not answered are announced here too
    from anpo.report.html import OPEN_QUESTIONS

    assert f"{len(OPEN_QUESTIONS)} of the seed's questions are not answered here" in " ".join(lines)
    narrow = terminal_summary(fake_sections, width=60)
    assert max(len(ln) for ln in narrow.splitlines()) <= 60


def test_duplicate_section_ids_are_refused(book):
    def twice(ctx):
        return fake_provider(ctx)[:1] * 2

    with pytest.raises(AnpoError, match="duplicate report section ids"):
        build_report(ReportContext(scenarios=book), providers=[twice])


# ------------------------------------------------------------------ output folder checks


def test_check_output_dir(tmp_path: Path):
    assert check_output_dir(tmp_path / "new" / "deeper") == tmp_path / "new" / "deeper"
    assert not (tmp_path / "new").exists()  # nothing is created
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    with pytest.raises(AnpoError, match="not a directory"):
        check_output_dir(afile)
    with pytest.raises(AnpoError, match="is not a directory"):
        check_output_dir(afile / "sub")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("<html>my own page</html>")
    with pytest.raises(AnpoError, match="not written by anpo") as err:
        check_output_dir(mine)
    assert str(mine / "index.html") in err.value.one_line()
    assert check_output_dir(mine, force=True) == mine


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_check_output_dir_tries_the_folder_not_only_its_permission_bits(tmp_path: Path):
    """Root passes every permission check (``os.access``), so ``--out /proc/anpo-x`` passed and
    the report failed only when written, after every section was computed ("No such file or
    directory"); the check now creates and removes a folder where the report would go, and
    leaves nothing behind where it can."""
    with pytest.raises(AnpoError, match="cannot be created in /proc") as err:
        check_output_dir("/proc/anpo-report-check")
    assert "choose another --out" in err.value.one_line()
    assert check_output_dir(tmp_path / "new") == tmp_path / "new"
    (tmp_path / "old").mkdir()
    assert check_output_dir(tmp_path / "old") == tmp_path / "old"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["old"]


def test_report_refuses_an_out_in_a_read_only_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``anpo report --out RO/sub`` with ``RO`` read-only: exit 2 naming the folder, before the
    (broken) scenario file is read. Root writes in a read-only folder (``os.access`` and the
    probe pass: the fuzz test's read-only case passed vacuously as root), so as root the
    folder's permission bits are read as a user's would be: ``os.access`` says it is not
    writable, the rest of the check runs as it is."""
    import os

    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    if os.geteuid() == 0:
        real = os.access

        def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
            if Path(str(path)) == ro and mode & os.W_OK:
                return False
            return real(path, mode, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "access", access)
    broken = tmp_path / "broken.toml"
    broken.write_text("x = [", encoding="utf-8")
    try:
        result = runner.invoke(
            anpo.cli.app, ["report", "--out", str(ro / "sub"), "-s", str(broken)]
        )
    finally:
        ro.chmod(0o700)
    assert result.exit_code == 2, result.output
    assert f"cannot be created: {ro} is not writable" in result.stderr, result.stderr
    assert not (ro / "sub").exists()


def test_report_today_before_the_law_data_names_the_flag_once(tmp_path: Path):
    """A --today before the law data's first regime (the 1997 Guidelines) is one error line
    naming the flag once (it read 'error: --today: --today 1990-01-01 is before ...')."""
    result = runner.invoke(
        anpo.cli.app, ["report", "--out", str(tmp_path / "r"), "--today", "1990-01-01"]
    )
    assert result.exit_code == 2
    assert "1990-01-01 is before the first regime" in result.output
    assert result.output.count("--today") == 1 and "Traceback" not in result.output
    assert not (tmp_path / "r").exists()


def test_report_refuses_a_foreign_index_before_computing(tmp_path: Path, monkeypatch):
    """The output folder is checked before any section is computed (issue 16, item 3)."""
    import anpo.report

    def boom(*args, **kwargs):
        raise AssertionError("sections were computed before the output folder was checked")

    monkeypatch.setattr(anpo.report, "build_report", boom)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("<html>my own page</html>")
    result = runner.invoke(anpo.cli.app, ["report", "--out", str(mine), "--quiet"])
    assert result.exit_code == 2
    assert "not written by anpo" in result.output and "Traceback" not in result.output
    assert (mine / "index.html").read_text() == "<html>my own page</html>"
    afile = tmp_path / "out.txt"
    afile.write_text("keep")
    result = runner.invoke(anpo.cli.app, ["report", "--out", str(afile)])
    assert result.exit_code == 2 and "not a directory" in result.output
    assert afile.read_text() == "keep"


@pytest.fixture
def fake_registry(monkeypatch, anpo_home):
    """``anpo report`` runs only the fake provider (fast CLI tests)."""
    import anpo.report.build
    import anpo.report.registry

    monkeypatch.setattr(anpo.report.registry, "PROVIDERS", [fake_provider])
    monkeypatch.setattr(anpo.report.build, "PROVIDERS", [fake_provider])


@pytest.mark.slow
def test_report_cli_quiet_prints_only_the_path(fake_registry, tmp_path: Path):
    out = tmp_path / "rep"
    result = runner.invoke(anpo.cli.app, ["report", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out / 'index.html'}\n"
    # a second run may replace the page anpo wrote itself
    result = runner.invoke(anpo.cli.app, ["report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1] == f"report written to {out / 'index.html'}"
    assert "How many launchers?" in result.stdout
    assert max(len(ln) for ln in lines[:-1]) <= 100


def test_report_header_names_the_book_scenarios_by_title(fake_registry, tmp_path: Path):
    """The header said 'Scenarios: us-japan-2001, us-japan-2025, us-japan-2030' (the files'
    ids); it names the built-in book's scenarios by their titles, in the book's order."""
    import html

    out = tmp_path / "rep"
    result = runner.invoke(anpo.cli.app, ["report", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text(encoding="utf-8")
    listed = re.search(r"Scenarios: ([^<·]*)", page)
    assert listed is not None
    titles = [s.scenario.title for s in book_scenarios()]
    assert html.unescape(listed.group(1).strip()).split("; ") == titles
    assert "us-japan-2001" not in listed.group(1)
    # the random seed is not called 'Seed': the report's 'seed' is the 2001 seminar, and the
    # default random seed 20010710 reads as its date
    assert "Random seed (uncertainty samples): 20010710" in page and "· Seed:" not in page


def test_report_scenario_takes_several_files(fake_registry, tmp_path: Path):
    """Issue 2: `anpo report --scenario FILE...` reports on every file given after the flag
    (it said "Got unexpected extra argument" for the second file); the flag repeated works too,
    and the report's header lists every scenario, by its title (it listed the ids; two
    scenarios of one title are told apart by their ids)."""
    from anpo.scenario import book_files

    src = book_files()[0].read_text()
    title = 'title = "The U.S.-Japan alliance in 2001: from MAD to missile defense"'
    assert title in src
    files = []
    for k, (name, mine) in enumerate(
        (("mine-a", "Mine A"), ("mine-b", "Mine B"), ("mine-c", "Mine A"))
    ):
        path = tmp_path / f"{name}.toml"
        text = src.replace('id = "us-japan-2001"', f'id = "{name}"', 1)
        # one year each: the report refuses two scenarios with a variant of one year and id
        text = text.replace("\nyear = 2001\n", f"\nyear = {2001 + k}\n", 1)
        # its date in its year (a date outside the year is refused)
        text = text.replace("\ndate = 2001-", f"\ndate = {2001 + k}-", 1)
        path.write_text(text.replace(title, f'title = "{mine}: a copy"', 1))
        files.append(str(path))
    out = tmp_path / "rep"
    args = ["report", "--scenario", *files[:2], "-s", files[2], "--out", str(out), "-q"]
    result = runner.invoke(anpo.cli.app, args)
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text(encoding="utf-8")
    listed = re.search(r"Scenarios: ([^<·]*)", page)
    assert listed is not None
    assert sorted(listed.group(1).strip().split("; ")) == [
        "Mine A: a copy (mine-a)",
        "Mine A: a copy (mine-c)",
        "Mine B: a copy",
    ]
    # the introduction says which sections the user's files feed: the title and the other
    # sections stay on the U.S.-Japan case (it read as if the whole report were about them)
    intro = " ".join(html.unescape(page).split())
    assert "the deterrence sections are computed from the scenario files given (" in intro
    assert "the other sections stay on the U.S.–Japan case." in intro
    # a broken file among them is named in one line, before any work
    bad = tmp_path / "bad.toml"
    bad.write_text(src.replace("sspk = 0.6", "sspk = 6", 1))
    result = runner.invoke(
        anpo.cli.app, ["report", "--scenario", files[0], str(bad), "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 2 and "bad.toml" in result.output and "sspk" in result.output
    assert not (tmp_path / "r").exists()


def test_report_rejects_a_bad_scenario_in_one_line(tmp_path: Path, book):
    from anpo.scenario import book_files

    src = book_files()[0].read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text(src.replace("sspk = 0.6", "sspk = 6", 1))
    result = runner.invoke(
        anpo.cli.app, ["report", "--scenario", str(bad), "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 2
    assert "sspk" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r").exists()


@pytest.mark.slow
def test_report_on_user_scenario(tmp_path: Path, monkeypatch):
    from anpo.scenario import book_files

    monkeypatch.setenv("ANPO_HOME", str(tmp_path / "home"))
    src = book_files()[0].read_text()
    mine = tmp_path / "mine.toml"
    mine.write_text(src.replace('id = "us-japan-2001"', 'id = "my-2001"'))
    out = tmp_path / "rep"
    result = runner.invoke(
        anpo.cli.app, ["report", "--scenario", str(mine), "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output[-2000:]
    assert result.stdout.strip() == str(out / "index.html")
    assert "my-2001" in (out / "index.html").read_text()


# ------------------------------------------------------------------ the built-in report


def test_builtin_report_is_complete_and_self_contained(built_report):
    assert built_report.exit_code == 0, built_report.stdout[-3000:]
    text = built_report.html()
    page = parse(text)
    assert page.external == [], "the report must not load anything from outside"
    assert page.scripts == 0
    assert len(page.ids) == len(set(page.ids)), "element ids must be unique across the page"
    assert set(page.links) <= set(page.ids), "every in-page link must resolve"
    ids = [s["id"] for s in page.sections]
    for required in ("deterrence-exposure", "deterrence-stability", "law"):
        assert required in ids
    for sec in page.sections:
        assert {"question", "model", "sources"} <= sec["classes"] or "needs-data" in sec[
            "classes"
        ], sec["id"]
    for link in re.findall(r'href="([^"#]+\.csv)"', text):
        assert (built_report.out / link).is_file(), link


def test_builtin_report_sections_open_with_an_answer(built_report):
    """Every section opens with its Answer; those still without one are listed above."""
    page = parse(built_report.html())
    missing = {s["id"] for s in page.sections if s["first"] != "answer"}
    assert not missing - AWAITING_ANSWER, f"sections without an Answer: {missing - AWAITING_ANSWER}"


# Sections whose prose still names internal files or functions on main (data-vintage lines with
# package paths, tool scripts, module functions). Remove an id once its section is clean.
INTERNAL_NAMES_PENDING: set[str] = set()


def test_builtin_report_prose_names_no_internal_files(built_report):
    """No internal file, module or function names in what a reader sees (issue 11, item 6)."""
    from anpo.report.html import internal_references

    text = built_report.html().split("<main>")[1]
    offenders = {}
    for sid, body in re.findall(r'<section id="([^"]+)"(.*?)</section>', text, re.S):
        visible = re.sub(r"<svg.*?</svg>|<[^>]+>", " ", body, flags=re.S)
        found = internal_references(html.unescape(visible))
        if found:
            offenders[sid] = found
    assert not set(offenders) - INTERNAL_NAMES_PENDING, offenders


def test_builtin_report_has_one_percentage_style_and_no_input_identifiers(built_report):
    """One percentage style in what a reader sees ('74.5%', as fmt_number and fmt_share print
    it): the burden section printed '74.5 %' beside '75%' elsewhere. And the futures' uncertain
    inputs appear by their labels, never by identifiers such as 'framework_delta'."""

    body = built_report.html().split("<main>")[1]
    visible = html.unescape(re.sub(r"<svg.*?</svg>|<[^>]+>", " ", body, flags=re.S))
    assert not re.findall(r"\d %", visible), re.findall(r".{40}\d %.{10}", visible)[:5]
    # outside the full tables, whose CSV keeps the identifier column beside the label
    prose = re.sub(r'<details class="appendix".*?</details>', " ", body, flags=re.S)
    prose = html.unescape(re.sub(r"<svg.*?</svg>|<[^>]+>", " ", prose, flags=re.S))
    names = {u.name for w in book_futures() for u in w.uncertainties}
    assert not [n for n in names if re.search(rf"\b{n}\b", prose)]


def test_builtin_report_weight_and_figures(built_report):
    from anpo.report.figures import svg_problems

    size = built_report.index.stat().st_size
    assert size < 600_000, f"{size} bytes"
    text = built_report.html()
    svgs = re.findall(r"<svg.*?</svg>", text, re.S)
    assert svgs
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
        assert "<text" in svg, "figure text must stay text"
        assert "<metadata>" not in svg and "dc:date" not in svg
        assert not [p for p in svg_problems(svg) if "colours" not in p]


def test_builtin_report_figures_style_with_classes_of_their_own(built_report):
    """Each figure's repeated styles are classes defined once in its own style sheet and scoped to
    it (no inline style on more than MAX_INLINE_REPEATS drawn elements of a figure: the page is
    capped at 600 KB); ids are unique across the page, and the figures' class names (upper case)
    are not the page's (lower case, told apart in a page with a doctype)."""
    from anpo.report.figures import inline_svg_problems

    text = built_report.html()
    assert text.startswith("<!DOCTYPE html>")
    svgs = re.findall(r"<svg.*?</svg>", text, re.S)
    assert svgs
    for svg in svgs:
        assert inline_svg_problems(svg) == [], re.search(r"<title[^>]*>([^<]*)", svg)
    ids = re.findall(r'\sid="([^"]+)"', text)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})[:5]
    outside = re.sub(r"<svg.*?</svg>", "", text, flags=re.S)
    page_classes = {c for cs in re.findall(r'class="([^"]+)"', outside) for c in cs.split()}
    css = "".join(re.findall(r"<style>(.*?)</style>", outside, re.S))
    assert ".fig-title" in css
    page_classes |= set(re.findall(r"\.([A-Za-z][\w-]*)", css))
    figure_classes = set(re.findall(r'\sclass="([^"]+)"', "".join(svgs)))
    assert figure_classes and all(c.isupper() for c in figure_classes)
    assert not [c for c in page_classes if c.isupper()]


def test_builtin_report_numbers_have_no_noise(built_report):
    body = built_report.html().split("<main>")[1]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", body)
    assert cells
    noise = [c for c in cells if re.fullmatch(r"-?\d+(\.\d*)?e-(1[3-9]|[2-9]\d)", c)]
    assert noise == []
    assert not [c for c in cells if re.fullmatch(r"\d{4}\.0", c)], "years shown as 2001.0"
    for path in built_report.out.glob("*.csv"):
        with open(path, newline="") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                for key, val in row.items():
                    if key and "year" in key.lower():
                        assert not re.fullmatch(r"\d{4}\.0", val or ""), (path.name, key, val)


def test_builtin_report_terminal_output(built_report):
    lines = built_report.stdout.splitlines()
    assert lines[-1] == f"report written to {built_report.index}"
    assert max(len(ln) for ln in lines[:-1]) <= 100
    assert "key finding" in built_report.stdout.lower()


@pytest.mark.slow
def test_builtin_report_is_byte_reproducible(built_report, tmp_path: Path):
    """A second, separate process gives the same page apart from the generation line."""
    from _support import run_anpo

    out = tmp_path / "again"
    env = {"ANPO_HOME": str(tmp_path / "home"), "HOME": str(tmp_path)}
    proc = run_anpo("report", "--out", str(out), "--quiet", "--today", REPORT_TODAY, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == str(out / "index.html")
    # nothing a reader did not ask for on stderr: a matplotlib layout warning once was
    assert "Warning" not in proc.stderr, proc.stderr[-2000:]
    a = without_generation_line(built_report.html())
    b = without_generation_line((out / "index.html").read_text(encoding="utf-8"))
    assert a == b
    # the law section's 'today' is an input of the page, stated in its header
    assert f"Law as of: {REPORT_TODAY}" in html.unescape(re.sub(r"<[^>]+>", "", a))
    assert f"on {REPORT_TODAY}" in a or f"status {REPORT_TODAY}" in a


def test_data_used_line_says_what_the_section_computed_from(fake_out: Path):
    """'Data used: no dataset recorded' read as missing metadata: a section that needs data says
    its datasets are missing; one built from anpo's own files says so."""
    from anpo.report.html import section_html
    from anpo.report.sections import Section

    text = (fake_out / "index.html").read_text(encoding="utf-8")
    two = text.split('id="fake-two"')[1]
    assert "none: the datasets the section needs are not in the data catalog" in two
    assert "no dataset recorded" not in text
    own = section_html(
        Section(id="own", title="Own files", question="q?", model="m."),
        1,
        {},
        {},
        inputs_listed=True,
    )
    assert "no external dataset; computed from the scenario files listed under" in own


def test_exposure_caveat_tells_an_exact_zero_from_one_below_resolution():
    """Read in the built report: the exposure section's caveat said 'A probability of 0 here
    means below the model's resolution', and its table's 0 for U.S.-North Korea in 2001 is North
    Korea having no warheads, an exact 0 (the stability table says 'no deliverable warheads')."""
    import pandas as pd

    from anpo.deterrence.report import _without_warheads

    table = pd.DataFrame(
        {
            "year": [2001, 2001, 2025, 2030],
            "dyad": ["U.S.-North Korea", "U.S.-China", "U.S.-North Korea", "U.S.-North Korea"],
            "rival_warheads": [0, 128, 50, 0],
        }
    )
    rivals = {"U.S.-North Korea": "North Korea", "U.S.-China": "China"}
    assert _without_warheads(table, rivals) == (
        ", as where the rival has no warheads (North Korea in 2001, 2030)"
    )
    assert _without_warheads(table[table["rival_warheads"] > 0], rivals) == ""


def test_builtin_exposure_caveat_names_the_rival_without_warheads(built_report):
    body = built_report.html().split('<section id="deterrence-exposure"')[1].split("</section>")[0]
    visible = html.unescape(re.sub(r"<svg.*?</svg>|<[^>]+>", " ", body, flags=re.S))
    assert (
        "an impossible event (no warheads, or fewer than m, can arrive), as where the rival has "
        "no warheads (North Korea in 2001);" in (" ".join(visible.split()))
    )


def test_shared_sources_name_the_earlier_sections_in_order_as_words():
    """Read in the built report: the alignment sections said 'Also the sources of section 8,
    section 7.' (a list in the order of the items, not of the sections)."""
    from anpo.report.html import _shared

    seen: dict[str, str] = {}
    _shared(["a"], seen, "section 7", "sources", "sources")
    _shared(["b"], seen, "section 8", "sources", "sources")
    (line,) = [
        p for p in _shared(["b", "a", "c"], seen, "section 9", "s", "sources") if "Also" in p
    ]
    assert line == "<p class='meta'>Also the sources of section 7 and section 8.</p>"
    assert seen["c"] == "section 9"


def test_figure_measure_names_its_sources_in_words():
    """Read in the built report: figure captions read 'Measure: ... [wilkening1999;
    kent1989]' and '[kent1989, App. C]', the bibliography's keys; they name the works by author
    and year, as the prose does."""
    from anpo.report.html import figure_html
    from anpo.report.sections import Figure

    fig = Figure("T", "<svg></svg>", definition="P(arrive) [wilkening1999; kent1989, App. C].")
    page = figure_html(fig, "f", "1.1")
    assert "[wilkening1999" not in page and "kent1989" not in page
    assert "(Wilkening 1999; Kent &amp; Thaler 1989, App. C)" in page
    # a bracket naming a key the bibliography lacks is left as written
    from anpo.references import labels_in_text

    unknown = "x [" + "nokey1900]"
    assert labels_in_text(unknown) == unknown


def test_builtin_report_prose_shows_no_citation_keys(built_report):
    from anpo.references import CITATION_RE

    body = built_report.html().split("<main>")[1]
    visible = html.unescape(re.sub(r"<svg.*?</svg>|<[^>]+>", " ", body, flags=re.S))
    assert not CITATION_RE.findall(visible), CITATION_RE.findall(visible)[:5]


def test_check_output_dir_refuses_a_folder_of_the_users_own_files(tmp_path: Path):
    """A folder that holds files but no report is not written into without --force: the
    report's CSV files (summary.csv among them) would replace the user's files of those names.
    Before, `anpo report --out FOLDER` wrote its 40-odd files among them and replaced a
    summary.csv of the user's. An anpo report folder (rerun) and an empty folder are fine."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "summary.csv").write_text("my own table\n")
    with pytest.raises(AnpoError, match="holds files but no anpo report") as err:
        check_output_dir(mine)
    assert err.value.file == str(mine) and "--force" in err.value.message
    assert check_output_dir(mine, force=True) == mine
    ran = cli("report", "--out", str(mine), "--quiet")
    assert ran.returncode == 2 and "holds files but no anpo report" in ran.stderr, ran
    assert (mine / "summary.csv").read_text() == "my own table\n"
    assert sorted(p.name for p in mine.iterdir()) == ["summary.csv"]
    (tmp_path / "empty").mkdir()
    assert check_output_dir(tmp_path / "empty") == tmp_path / "empty"


def test_a_report_that_fails_half_way_leaves_no_folder(fake_sections, tmp_path: Path, monkeypatch):
    """A new report folder appears whole or not at all: a failure (or Ctrl-C) after some CSV
    files were written leaves neither the folder nor its temporary twin. Before, it left a
    folder of CSV files without index.html, which a rerun refused as someone else's files."""
    import anpo.report.build as build

    real = build.atomic_write
    calls = []

    def failing(path, data, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(path, data, **kwargs)

    monkeypatch.setattr(build, "atomic_write", failing)
    with pytest.raises(KeyboardInterrupt):
        write_report(fake_sections, tmp_path / "rep")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(build, "atomic_write", real)
    page = write_report(fake_sections, tmp_path / "rep")
    assert page == tmp_path / "rep" / "index.html" and page.is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["rep"]
    assert {"index.html", "summary.csv"} <= {p.name for p in (tmp_path / "rep").iterdir()}


@pytest.mark.slow  # the deterrence section built three times: about 6 s of CPU
def test_the_deterrence_report_is_the_same_file_for_file_whatever_the_thread_count(
    tmp_path: Path,
):
    """The deterrence section of a scenario with uncertainties (its bands drawn from the
    report's seed, its kernels parallel over numba threads) writes byte-identical files with 1
    and 2 threads; another seed moves the bands, so the comparison can fail."""
    import numba

    from anpo.scenario import parse_scenario_text

    if numba.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("numba was started with one thread (NUMBA_NUM_THREADS=1)")
    scen = parse_scenario_text(EXPLORE_SCENARIO, "s.toml")

    def files(threads: int, seed: int) -> dict[str, bytes]:
        before = numba.get_num_threads()
        try:
            numba.set_num_threads(threads)
            ctx = ReportContext(scenarios=[scen], seed=seed)
            secs = build_report(ctx, providers=["anpo.deterrence.report:build"])
        finally:
            numba.set_num_threads(before)
        out = tmp_path / f"t{threads}-s{seed}"
        write_report(secs, out, generated="Generated for the test.")
        return {p.name: p.read_bytes() for p in out.iterdir()}

    one, two = files(1, 3), files(2, 3)
    assert "deterrence-bands-arrive.csv" in one and one == two
    assert files(2, 4)["deterrence-bands-arrive.csv"] != one["deterrence-bands-arrive.csv"]


@pytest.mark.parametrize(
    ("code", "cause", "room"),
    [("ENOSPC", "No space left", True), ("EACCES", "Permission denied", False)],
)
def test_a_full_disk_while_writing_is_one_error_and_leaves_no_folder(
    fake_sections, tmp_path: Path, monkeypatch, code: str, cause: str, room: bool
):
    """A write that fails half way (a full disk, a file-size limit) raised the bare OSError:
    a traceback and exit 1 after every section was computed. It is an AnpoError naming the
    folder and the cause (one line, exit 2), and no folder is left half written (a rerun into
    an existing report: test_a_rerun_that_fails_half_way_leaves_the_previous_report). Only a
    write that found no room is told to free some space (not a refused permission)."""
    import errno

    import anpo.report.build as build

    out = tmp_path / "rep"
    real = build.atomic_write
    calls: list[Path] = []

    def full(path, data, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(getattr(errno, code), cause, str(path))
        real(path, data, **kwargs)

    monkeypatch.setattr(build, "atomic_write", full)
    with pytest.raises(AnpoError, match=f"cannot write the report.*{cause}") as err:
        write_report(fake_sections, out)
    line = err.value.one_line()
    assert "\n" not in line and line.startswith(f"{out}: ")
    assert ("free some space" in line) is room and line.endswith("choose another --out")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("existed", [True, False])
def test_a_killed_runs_temporary_folder_does_not_block_the_next(
    fake_sections, tmp_path: Path, existed: bool
):
    """A run killed outright (kill -9) while writing leaves its temporary folder,
    ``.NAME.XXXXXXXX.tmp``, inside an existing (empty) --out folder or beside a new one. The
    next run takes the folder as empty and removes the leftover once the report is in place;
    a hidden folder of another name (not mkdtemp's) is the user's and stays. Before, the next run refused the
    folder as one that "holds files but no anpo report"."""
    out = tmp_path / "rep"
    where = out if existed else tmp_path
    where.mkdir(exist_ok=True)
    left = where / ".rep.k2x_9q0z.tmp"
    left.mkdir()
    (left / "summary.csv").write_text("half a report\n")
    mine = tmp_path / ".rep.mine.tmp"
    mine.mkdir()
    assert check_output_dir(out) == out
    page = write_report(fake_sections, out)
    assert page.is_file()
    assert not left.exists() and mine.is_dir()
    assert not [p for p in where.iterdir() if p.name.endswith(".tmp") and p != mine]
    assert (out / "summary.csv").read_text() != "half a report\n"


@pytest.mark.parametrize("existed", [True, False])
def test_two_reports_written_at_once_into_one_folder_keep_their_own_temporary_folders(
    fake_sections, tmp_path: Path, monkeypatch, existed: bool
):
    """A second report written into the same --out while the first is still writing (here:
    from inside the first's writing) removed, once in place, every other temporary folder for
    that --out: the first's files vanished before it moved them in (FileNotFoundError). Each
    temporary folder is named by its process's id and a random part, and a run removes only
    those whose writer is gone: both reports complete, and nothing temporary is left."""
    import os

    import anpo.report.build as build

    out = tmp_path / "rep"
    if existed:
        out.mkdir()
    where = out if existed else tmp_path
    real = build._write_files
    stagings: list[Path] = []

    def first_then_second(sections, folder, *args):
        stagings.append(folder)
        real(sections, folder, *args)
        if len(stagings) == 1:
            write_report(fake_sections, out, generated="second", force=True)

    monkeypatch.setattr(build, "_write_files", first_then_second)
    page = write_report(fake_sections, out, generated="first", force=True)
    first, second = stagings
    assert first != second and first.parent == second.parent == where
    for staging in stagings:
        assert staging.name.startswith(f".rep.{os.getpid()}-") and staging.name.endswith(".tmp")
    assert "first" in page.read_text(encoding="utf-8")
    assert not [p for p in where.iterdir() if p.name.endswith(".tmp")]


def _gone_process_id() -> int:
    """The id of a process that has ended (and been reaped)."""
    import subprocess
    import sys

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


def test_a_temporary_folder_of_a_running_writer_stays_one_of_a_gone_writer_goes(
    fake_sections, tmp_path: Path
):
    """Once its report is in place, a run removes the temporary folders for its --out whose
    writer is gone, not those of a run still writing (another report). A writer holds a lock
    on its folder until it is done, and the lock decides, not the process id in the name: a
    killed run's folder named by this very process's id (in a container every run has the
    same small id) is removed, and a folder whose writer holds its lock stays whatever id it
    is named by. Where no lock can be taken, the id decides (a process id no longer running is
    a killed run's)."""
    import os

    import anpo.report.build as build

    gone = _gone_process_id()
    out = tmp_path / "rep"
    running = tmp_path / f".rep.{gone}-abcd_123.tmp"
    same_id = tmp_path / f".rep.{os.getpid()}-abcd_123.tmp"
    for folder in (running, same_id):
        folder.mkdir()
        (folder / "summary.csv").write_text("half a report\n")
    lock = build._hold(running)
    assert lock is not None
    try:
        assert build._writer_running(running, out) and not build._writer_running(same_id, out)
        write_report(fake_sections, out)
        assert running.is_dir() and (running / "summary.csv").is_file()
        assert not same_id.exists()
    finally:
        os.close(lock)
    assert not build._writer_running(running, out)  # its writer done: a leftover now


def test_without_locks_the_process_id_decides(tmp_path: Path, monkeypatch) -> None:
    """On a system or file system without ``flock`` the process id in the name decides: a
    running process's folder stays, a gone one's goes."""
    import os

    import anpo.report.build as build

    monkeypatch.setattr(build, "_held", lambda folder: None)
    gone = _gone_process_id()
    out = tmp_path / "rep"
    running = tmp_path / f".rep.{os.getppid()}-abcd_123.tmp"
    left = tmp_path / f".rep.{gone}-abcd_123.tmp"
    for folder in (running, left):
        folder.mkdir()
    assert build._writer_running(running, out) and not build._writer_running(left, out)


def test_a_rerun_that_fails_half_way_leaves_the_previous_report(
    fake_sections, tmp_path: Path, monkeypatch
):
    """A rerun into a report folder that fails while writing leaves the previous report as it
    was (its page and every CSV file) and no temporary folder. Before, the CSV files written
    before the failure had replaced the previous ones beside the previous page."""
    import anpo.report.build as build

    out = tmp_path / "rep"
    write_report(fake_sections, out, generated="first")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    for name in before:
        if name != "index.html":
            (out / name).write_text("the previous run's table\n")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = build.atomic_write
    calls = []

    def failing(path, data, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(path))
        real(path, data, **kwargs)

    monkeypatch.setattr(build, "atomic_write", failing)
    with pytest.raises(AnpoError, match="No space left on device"):
        write_report(fake_sections, out, generated="second")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    monkeypatch.setattr(build, "atomic_write", real)
    write_report(fake_sections, out, generated="second")
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after.keys() == before.keys() and b"the previous run's table\n" not in after.values()


def test_a_rerun_with_fewer_sections_removes_the_earlier_runs_tables(fake_sections, tmp_path: Path):
    """A report rerun into its folder with fewer sections left the earlier run's CSV files
    beside the new page, where a reader takes them for current. The page lists the files it
    wrote (``anpo-files``); a rerun removes those of the earlier list it does not write again,
    and nothing else (a file of the user's own beside the report stays)."""
    from anpo.report.html import report_files_of

    out = tmp_path / "rep"
    write_report(fake_sections, out)
    listed = report_files_of((out / "index.html").read_text(encoding="utf-8"))
    assert sorted(listed) == sorted(p.name for p in out.iterdir() if p.name != "index.html")
    mine = out / "my-notes.csv"
    mine.write_text("the user's own\n", encoding="utf-8")
    write_report(fake_sections[1:], out)  # without the first section
    kept = report_files_of((out / "index.html").read_text(encoding="utf-8"))
    gone = set(listed) - set(kept)
    assert f"summary-{fake_sections[0].id}.csv" in gone, (listed, kept)
    now = {p.name for p in out.iterdir()}
    assert not gone & now
    assert now == {*kept, "index.html", "my-notes.csv"}
    assert mine.read_text(encoding="utf-8") == "the user's own\n"


def test_an_appendix_table_of_one_row_and_one_column_is_counted_in_the_singular():
    """A user's scenario with one variant and one dyad gives appendix tables of one row: the
    page said "(1 rows × 1 columns)"."""
    import pandas as pd

    from anpo.report import Table
    from anpo.report.html import section_html

    one = Table(title="Exposure", frame=pd.DataFrame({"variant": ["mad"]}), name="one")
    two = Table(title="Prices", frame=pd.DataFrame({"a": [1, 2], "b": [3, 4]}), name="two")
    s = Section(id="x", title="X", question="Q?", model="M", appendix=[one, two])
    page = section_html(s, 1, {}, {})
    assert "Exposure (1 row × 1 column)" in page
    assert "Prices (2 rows × 2 columns)" in page


def test_terminal_summary_counts_japanese_characters_two_columns_each(monkeypatch):
    """``anpo report`` prints its findings at most 100 columns wide; a user's actor named in
    Japanese (or a 200-character name of kanji) ran past the line, textwrap counting each wide
    character one column. Every line fits in terminal columns, and no character is lost."""
    import unicodedata

    from anpo.report import Finding

    def terminal_columns(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    name = "長" * 99 + "日本"
    finding = Finding(
        question=f"What does honouring the guarantee to {name} cost?",
        answer=f"After 中国 strikes {name}, P(at least 1 warhead reaches 米国) is 1.",
    )
    s = Section(id="x", title="日本の安全保障", question="Q?", model="M", findings=[finding])
    for width in (100, 60):
        text = terminal_summary([s], width=width)
        assert max(terminal_columns(ln) for ln in text.splitlines()) <= width
        assert "".join(text.split()).count("長") == 2 * 99
    monkeypatch.setenv("COLUMNS", "200")  # the default width is the terminal's, at most 100
    ascii_only = terminal_summary([Section(id="y", title="Plain", question="Q?", model="M")])
    assert ascii_only == terminal_summary(
        [Section(id="y", title="Plain", question="Q?", model="M")], width=100
    )


def test_report_introduction_names_the_law_and_alignment_sections_a_users_file_feeds(
    fake_registry, tmp_path: Path
):
    """A user's scenario file with contributions feeds the law section (the contributions it
    answers), but the introduction said every section but deterrence stayed on the U.S.–Japan
    case."""
    import html

    from anpo.scenario import book_files

    src = book_files()[0].read_text(encoding="utf-8")
    mine = tmp_path / "mine.toml"
    mine.write_text(
        src.replace('id = "us-japan-2001"', 'id = "mine"', 1)
        + '\n[[contributions]]\nactivity = "refuel-aircraft-for-sortie"\n'
        'situation = "surrounding-area"\nlocation = "japan"\n'
        'description = "Refuel U.S. strike aircraft"\nsource = "test"\n',
        encoding="utf-8",
    )
    out = tmp_path / "rep"
    result = runner.invoke(anpo.cli.app, ["report", "-s", str(mine), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    intro = " ".join(html.unescape((out / "index.html").read_text(encoding="utf-8")).split())
    assert (
        "In this report the deterrence sections and the contributions the law section answers "
        "are computed from the scenario file given (" in intro
    )


def test_other_posture_clause_names_whose_incentive_it_gives():
    """Read in the built report: the U.S.-China 2001 first-strike finding said '...; the rival's
    is 0.044 without defenses; with the forces of the “MAD with China modernized” variant, it
    is 0.139 without defenses and falls to 0.0773': 'it' after the rival's incentive reads as
    China's, where 0.139 and 0.0773 are the defender's (the United States'). The clause names
    the defender."""
    import pandas as pd

    from anpo.deterrence.report import _other_postures

    rest = pd.DataFrame(
        {
            "dyad": ["U.S.-China", "U.S.-China"],
            "variant": ["mad-cm", "nmd-cm"],
            "incentive_defender": [0.139, 0.0773],
            "incentive_rival": [0.0417, 0.0232],
        }
    )
    posture = {("U.S.-China", 2001, "mad-cm"): "cm", ("U.S.-China", 2001, "nmd-cm"): "cm"}
    bare = {("U.S.-China", 2001, "mad-cm"): True, ("U.S.-China", 2001, "nmd-cm"): False}
    names = {(2001, "mad-cm"): "“MAD with China modernized”", (2001, "nmd-cm"): "“NMD”"}
    text = _other_postures(rest, posture, bare, 2001, names)
    assert text == (
        "with the forces of the “MAD with China modernized” variant, the defender's is 0.139 "
        "without defenses and falls to 0.0773 (“NMD”)"
    )


def test_readme_quotes_the_reports_prim_boxes(built_report):
    """The README ("The seed's futures") says what the report's "What decides the outcome"
    finds with PRIM (:mod:`anpo.futures.report`: :data:`~anpo.futures.report.N_BANDS` Latin
    hypercube samples per future, the report's seed, Bryant & Lempert 2010's box): "a
    64-sample Latin hypercube per future (seed: the report's)", the multinational framework
    holds together "when its propensity boost is at least about 0.85, i.e. well above a loose
    forum's 0.25" (the box's lower limit, to two decimals, and the lower end of the input's
    range in ``multinational-framework.toml``, whose basis is a loose consultative forum), and
    "A box that admits one future (China keeps an assured retaliation only under the
    treaty-less GMD future) is followed into that future ..., where PRIM says when (a low kill
    probability of its national ground-based interceptors)". Read from the built report, not
    computed again."""
    from anpo.futures import load_book
    from anpo.futures.report import N_BANDS

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    worlds = {w.future.id: w for w in load_book()}
    inputs = {u.name: u for w in worlds.values() for u in w.uncertainties}
    boost = inputs["framework_delta"]
    assert "loose consultative forum" in boost.basis
    with open(built_report.out / "summary.csv", encoding="utf-8", newline="") as f:
        found = {r["question"]: r for r in csv.DictReader(f)}
    number = found["What decides whether the multinational framework holds together?"]["key_number"]
    m = re.fullmatch(
        rf"{re.escape(boost.shown)} >= ([\d.]+) \(coverage \d+%, density \d+%\)", number
    )
    assert m, number
    assert f"{N_BANDS}-sample Latin hypercube per future (seed: the report's)" in readme
    assert (
        f"when its propensity boost is at least about {float(m.group(1)):.2f}, i.e. well above "
        f"a loose forum's {boost.distribution.low:g};" in readme
    )
    # China's assured retaliation: the box admits the GMD future alone, and within it PRIM
    # bounds that future's ground-based interceptors' kill probability from above
    body = built_report.html().split('<section id="futures-drivers"')[1].split("</section>")[0]
    visible = " ".join(
        html.unescape(re.sub(r"<svg.*?</svg>|<[^>]+>", " ", body, flags=re.S)).split()
    )
    gmd = worlds["gmd-without-treaty"]
    gbi = inputs["gbi_sspk"]
    assert gbi.name in {u.name for u in gmd.uncertainties}
    m = re.search(
        r"When does China keep an assured retaliation\? \d+ of \d+ experiments; [^:]+: (.+?); "
        r"within that future \(\d+ of its \d+ experiments\), [^:]+: (.+?)\. ",
        visible,
    )
    assert m, visible[:3000]
    assert m.group(1).startswith(f"the future is “{gmd.future.title}”, and "), m.group(1)
    assert re.fullmatch(rf"{re.escape(gbi.shown)} <= [\d.]+", m.group(2)), m.group(2)
    assert (
        "(China keeps an assured retaliation only under the treaty-less GMD future) is followed "
        "into that future over the inputs it reads, where PRIM says when (a low kill "
        "probability of its national ground-based interceptors)" in readme
    )


def test_the_column_dictionary_gives_the_scale_of_every_csv_column(built_report):
    """The report's CSV files keep probabilities and shares as fractions 0-1 while the page
    and its prose give them in percent, and their headers (the data's names, which programs
    join on) did not say the scale. ``columns.csv`` beside them lists every column of every
    CSV file the report writes, in the file's order, with its header on the page, its kind
    and, for a column the page shows in percent, the scale ``fraction 0-1``: the deterrence
    section's P(at least 1 warhead arrives) and the futures' share of the contributions asked
    that are lawful among them, whose values are fractions."""
    import pandas as pd

    from anpo.futures.scorecard import BY_NAME
    from anpo.report.tables import COLUMNS_FILE, FRACTION_SCALE

    out = built_report.out
    dictionary = pd.read_csv(out / COLUMNS_FILE, keep_default_na=False, dtype=str)
    assert list(dictionary.columns) == [
        "file",
        "column",
        "page header",
        "kind",
        "scale",
        "definition",
    ]
    # every column says what it holds ('Warheads needed', 'Shots per object' and 'Launchers
    # full doctrine' were defined nowhere a reader of the CSV files looks: rep30)
    undefined = dictionary[dictionary["definition"].str.strip() == ""]
    assert undefined.empty, undefined[["file", "column"]].to_string()
    files = sorted(p.name for p in out.glob("*.csv") if p.name != COLUMNS_FILE)
    assert sorted(set(dictionary["file"])) == files
    for name in files:
        with open(out / name, newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert dictionary.loc[dictionary["file"] == name, "column"].tolist() == header, name
    fractions = dictionary[dictionary["scale"] == FRACTION_SCALE]
    assert set(fractions["kind"]) <= {"percent", "resolved-percent", "source-percent"}
    named = set(zip(fractions["file"], fractions["column"], strict=True))
    lawful = BY_NAME["contributions_lawful_share"].label
    assert ("summary-futures.csv", lawful) in named
    assert any(c.startswith("p_arrive_ge_") for f, c in named if f.startswith("deterrence"))
    for name, column in named:
        values = pd.read_csv(out / name)[column].dropna()
        assert pd.api.types.is_numeric_dtype(values) and values.abs().le(1).all(), (name, column)
    # a column the page writes as the CSV does says no scale
    assert set(dictionary.loc[dictionary["kind"] == "year", "scale"]) == {""}


def _clock(monkeypatch: pytest.MonkeyPatch, *times: str) -> None:
    """The report's clock reads ``times`` (ISO 8601 with an offset), one per call, in turn."""
    import datetime as dt
    import types

    import anpo.report.build

    ticks = iter(dt.datetime.fromisoformat(t) for t in times)

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            t = next(ticks)
            return t if tz is None else t.astimezone(tz)

    fake = types.SimpleNamespace(datetime=Clock, timezone=dt.timezone, UTC=dt.UTC, date=dt.date)
    monkeypatch.setattr(anpo.report.build, "_dt", fake)


def test_report_cli_same_bytes_on_another_day_with_source_date_epoch(
    fake_registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """review20 F2: ``--today``'s help promised byte-for-byte reproduction on another day, but
    the header stamped the clock's local time. With SOURCE_DATE_EPOCH set (the
    reproducible-builds specification, https://reproducible-builds.org/specs/source-date-epoch/:
    seconds since 1970-01-01 00:00 UTC) two runs on different days write the same bytes, and the
    stamp is that time in UTC: 1780000000 s is 2026-05-28 20:26:40 UTC."""
    _clock(monkeypatch, "2026-12-06T10:00:00+09:00", "2027-03-01T23:59:00-05:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    runs = []
    for name in ("a", "b"):
        out = tmp_path / name
        args = ["report", "--out", str(out), "-q", "--today", REPORT_TODAY]
        result = runner.invoke(anpo.cli.app, args)
        assert result.exit_code == 0, result.output
        runs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert runs[0].keys() == runs[1].keys() and "index.html" in runs[0]
    for name in runs[0]:
        assert runs[0][name] == runs[1][name], name
    page = runs[0]["index.html"].decode("utf-8")
    assert "Generated 2026-05-28 20:26 UTC by anpo" in page


def test_generation_line_is_in_utc_and_says_so(fake_sections, tmp_path, monkeypatch):
    """review20 F2: without SOURCE_DATE_EPOCH the stamp is the clock's time in UTC, labelled
    'UTC' (it was local time with no zone: 08:30 in Tokyo on the 7th is 23:30 UTC on the 6th)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    _clock(monkeypatch, "2026-12-07T08:30:00+09:00")
    page = write_report(fake_sections, tmp_path / "a").read_text(encoding="utf-8")
    assert "Generated 2026-12-06 23:30 UTC by anpo" in page
    # an empty SOURCE_DATE_EPOCH is unset (the clock is read again)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    _clock(monkeypatch, "2026-12-31T23:59:59-12:00")
    page = write_report(fake_sections, tmp_path / "b").read_text(encoding="utf-8")
    assert "Generated 2027-01-01 11:59 UTC by anpo" in page


@pytest.mark.parametrize("value", ["yesterday", "1.5e9", "-1", "１２３"])
def test_report_cli_refuses_a_malformed_source_date_epoch_first(
    fake_registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
):
    """A SOURCE_DATE_EPOCH that is no whole number of seconds is a usage error naming the
    variable, before any section is computed (the specification: a malformed value should stop
    the build, not fall back to the clock)."""
    import anpo.report

    def boom(*args, **kwargs):
        raise AssertionError("sections were computed before SOURCE_DATE_EPOCH was checked")

    monkeypatch.setattr(anpo.report, "build_report", boom)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    out = tmp_path / "rep"
    result = runner.invoke(anpo.cli.app, ["report", "--out", str(out), "-q"])
    assert result.exit_code == 2, result.output
    assert "SOURCE_DATE_EPOCH" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_other_posture_clause_claims_no_direction_below_the_printed_precision():
    """keyfind28's reading of the first-strike finding: a direction was decided at 1e-9, so a
    defense moving the defender's incentive from 0.1149 to 0.1151 read 'is 0.115 without
    defenses and rises to 0.115'. A direction is claimed only where the printed figures
    differ; a change below the printed precision is said to be one."""
    import pandas as pd

    from anpo.deterrence.report import _other_postures

    rest = pd.DataFrame(
        {
            "dyad": ["U.S.-China", "U.S.-China"],
            "variant": ["mad-cm", "nmd-cm"],
            "incentive_defender": [0.1149, 0.1151],
            "incentive_rival": [0.0417, 0.0232],
        }
    )
    posture = {("U.S.-China", 2001, "mad-cm"): "cm", ("U.S.-China", 2001, "nmd-cm"): "cm"}
    bare = {("U.S.-China", 2001, "mad-cm"): True, ("U.S.-China", 2001, "nmd-cm"): False}
    names = {(2001, "mad-cm"): "“MAD with China modernized”", (2001, "nmd-cm"): "“NMD”"}
    text = _other_postures(rest, posture, bare, 2001, names)
    assert text == (
        "with the forces of the “MAD with China modernized” variant, the defender's is 0.115 "
        "without defenses and no defense changes it at the printed precision"
    )
    same = rest.assign(incentive_defender=[0.1149, 0.1149])
    assert _other_postures(same, posture, bare, 2001, names).endswith(
        "is 0.115 without defenses and no defense changes it"
    )

"""Render report sections to one self-contained HTML page (inline CSS and SVG; no scripts).

Page order (issue 11): title and what the report is about, key findings (one entry per finding
of every section, each linking to its section), the seed's questions the report does not answer
(:data:`OPEN_QUESTIONS`, with why), contents, then the numbered sections, each opening with its
Answer. Rendering is deterministic: the same sections give the same bytes, apart from the
one generation line in the header (:data:`GENERATED_CLASS`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from anpo.references import labels_in_text
from anpo.report.figures import CJK_RUN, finalize_svg
from anpo.report.format import count_noun, format_frame, is_numeric_column, join_words
from anpo.report.sections import Figure, Section, Table
from anpo.report.tables import plain_headers

TITLE = "The U.S.–Japan alliance: questions from a 2001 debate, answered with models and data"

ABOUT = (
    "This report applies anpo's models to the U.S.–Japan alliance and answers the questions "
    "raised at a 2001 seminar on the alliance (Soeya Yoshihide, RIETI, 10 July 2001): whether "
    "missile defense breaks the stability of mutual assured destruction and pushes China to "
    "modernize its forces, whether it decouples Japan from the United States, who the allies, "
    "rivals and rogue states are by the data, which neighbours would join a U.S.–Japan-centred "
    "framework, whether Japan bears a disproportionate share of the burden, and what Japan's law "
    "allows its Self-Defense Forces to do for U.S. forces. The key findings come first; each "
    "links to the section with its evidence, model, assumptions and sources."
)


def about_text(user_titles: Sequence[str] = (), feeds: Sequence[str] = ()) -> str:
    """The report's introduction: :data:`ABOUT`, and, for scenario files of the user's own
    (``anpo report --scenario``; their titles), which sections they feed, since the title and
    the other sections stay on the U.S.–Japan case. ``feeds``: what else the files feed besides
    the deterrence sections (:func:`scenario_feeds`).

    >>> about_text(["India-Pakistan 2025"]).endswith(
    ...     "the deterrence sections are computed from the scenario file given (India-Pakistan "
    ...     "2025); the other sections stay on the U.S.–Japan case.")
    True
    """
    if not user_titles:
        return ABOUT
    files = "scenario file given" if len(user_titles) == 1 else "scenario files given"
    fed = join_words(["the deterrence sections", *feeds])
    return (
        f"{ABOUT} In this report {fed} are computed from the {files} "
        f"({join_words(list(user_titles))}); the other sections stay on the U.S.–Japan case."
    )


def scenario_feeds(scenarios: Sequence[Any]) -> list[str]:
    """What scenario files feed besides the deterrence sections, in :func:`about_text`'s words:
    the law section's contributions when a file lists some (``[[contributions]]``), an alignment
    section when one defines an alignment (``[align]``). Without them the introduction said the
    law and alignment sections stayed on the U.S.–Japan case when a file had changed them."""
    feeds = []
    if any(getattr(s, "contributions", None) for s in scenarios):
        feeds.append("the contributions the law section answers")
    if any(getattr(s, "align", None) is not None for s in scenarios):
        feeds.append("an alignment section for each file that defines an alignment")
    return feeds


OPEN_QUESTIONS: tuple[tuple[str, str], ...] = (
    (
        "Would missile defense save the cost of conventional forces? ('If we are going to have "
        "missile defense, we would no longer need conventional weapons and it would save cost', "
        "Q&A)",
        "anpo models what interceptors and warheads do, not what forces cost: there is no "
        "budget or force-structure model to compare missile defense with conventional forces.",
    ),
    (
        "How much can Japan allocate to security, and what will the U.S. expect? (Q&A)",
        "answered in part: what Japan pays for U.S. forces (host-nation support, the DoD's "
        "offset share) and which U.S. requests its law allows; what Japan could afford is a "
        "fiscal question no model here addresses.",
    ),
    (
        "Should the alliance become as close as the U.S.-British one, intelligence sharing "
        "included? (Q&A)",
        "no dataset here measures intelligence cooperation or the closeness of an alliance "
        "beyond its treaty obligations, UN votes and disputes (the roles and alignment "
        "sections).",
    ),
    (
        "Political equality without undermining military dissymmetry; the perception gap "
        "between Washington and Tokyo; domestic politics and sovereignty debates",
        "perceptions, domestic politics and national debates are not in any model or dataset "
        "used here.",
    ),
    (
        "Can a line be drawn between combat and non-combat areas once war begins?",
        "the law section applies each statute's location test to the facts given (where "
        "combat is under way or expected); where combat would actually occur is not modelled.",
    ),
    (
        "Dealing with China touches on Taiwan; will China democratize? China's exclusion from "
        "U.S.-Russian talks",
        "Taiwan is an actor of the alignment landscape, but no model of a Taiwan crisis, of "
        "regime change or of arms-control negotiation is included.",
    ),
)
"""The seed's questions this report does not answer (or answers only in part), with why; shown
after the key findings so that a reader does not take silence for an answer."""

GENERATED_CLASS = "generated"
"""Class of the only line of the page that changes from one run to the next."""

MAX_BODY_ROWS = 30
"""Tables with more rows are shown as a collapsed appendix (and written as CSV), not in the body."""

MAX_APPENDIX_BYTES = 6000
"""An appendix table whose HTML is larger is shown as a preview of its first rows in the page;
every row is in its CSV file, linked beside it (the page stays light; issue 11: under 600 KB)."""

APPENDIX_PREVIEW_ROWS = 8
"""Rows of the preview of a large appendix table."""

CSS = """
:root{--accent:#1f4e79;--muted:#555;--line:#c8c8c8}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",
"Noto Sans CJK JP","Hiragino Sans","Yu Gothic",Meiryo,sans-serif;max-width:62rem;margin:0 auto;
padding:1rem 1.25rem 3rem;color:#1b1b1b;line-height:1.5;overflow-wrap:break-word}
:lang(ja){font-family:"Noto Sans CJK JP","Noto Sans JP","Hiragino Sans","Yu Gothic",Meiryo,
sans-serif}
h1{font-size:1.7rem;line-height:1.25;margin:.6em 0 .4em}
h2{font-size:1.35rem;border-bottom:2px solid var(--accent);padding-bottom:.2em;margin-top:2.2em}
h3{font-size:1.08rem;margin:1.4em 0 .4em}
.secnum{color:var(--accent);margin-right:.35em}
a.anchor{color:#888;text-decoration:none;margin-left:.3em;font-weight:normal}
a.anchor:hover,a.anchor:focus{color:var(--accent)}
.about{font-size:1.05rem}
.meta,.generated,.vintage,.table-caption{color:var(--muted);font-size:.9rem}
.answer{background:#eef4fb;border-left:4px solid var(--accent);padding:.6em 1em}
.caveat{background:#fdf6e7;border-left:4px solid #b07d00;padding:.6em 1em}
.needs-data{background:#fbeeee;border-left:4px solid #a33;padding:.6em 1em}
.question{font-style:italic;color:#333}
.findings{padding-left:1.4em}
.finding{margin:0 0 1em}
.finding p{margin:.15em 0}
.finding-question{font-weight:bold}
.flag{font-size:.8rem;background:#a33;color:#fff;border-radius:3px;padding:0 .35em;
margin-left:.4em;white-space:nowrap}
nav.toc ul{list-style:none;padding-left:0}nav.toc li{margin:.15em 0}
.table-wrap{overflow-x:auto;max-width:100%;margin:.4em 0 1em}
table{border-collapse:collapse;font-size:.88rem}
th,td{border:1px solid var(--line);padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eef1f6}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
figure{margin:1.2em 0;break-inside:avoid;page-break-inside:avoid}
figure svg{display:block;max-width:100%;height:auto}
.fig-title{font-weight:bold;margin:0 0 .3em}
figcaption{font-size:.9rem;color:#333}
.no-figure{color:var(--muted);font-style:italic}
code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;
font-size:.92em}
pre{background:#f5f5f5;padding:.5em .8em;white-space:pre-wrap;overflow-wrap:anywhere}
code{overflow-wrap:anywhere}
details.appendix{margin:.6em 0;border:1px solid var(--line);padding:.3em .8em}
details.appendix summary{cursor:pointer}
@media print{
body{max-width:none;padding:0;font-size:10pt}
nav.toc,a.anchor{display:none}
a{color:inherit;text-decoration:none}
h2,h3,.fig-title{break-after:avoid;page-break-after:avoid}
figure,tr,.finding{break-inside:avoid;page-break-inside:avoid}
figure svg{max-height:22cm;width:auto}
.table-wrap{overflow:visible}
table{font-size:7.5pt;width:100%}
td,th{overflow-wrap:anywhere;word-break:break-word;white-space:normal}
td.n,th.n{white-space:normal}
}
"""

_NUM = ' class="n"'  # short: about 2,000 numeric cells on the page
_CODE = re.compile(r"`([^`]+)`")


def text_html(text: str) -> str:
    """Escape plain ``text`` for the page: `backticks` become ``<code>`` and runs of Japanese
    text are wrapped in ``<span lang="ja">``.

    >>> text_html("run `anpo data add DIR` for 周辺事態 <now>")
    'run <code>anpo data add DIR</code> for <span lang="ja">周辺事態</span> &lt;now&gt;'
    """
    parts = _CODE.split(str(text))
    out = []
    for i, part in enumerate(parts):
        esc = html.escape(part, quote=False)
        if i % 2:
            out.append(f"<code>{esc}</code>")
        else:
            out.append(CJK_RUN.sub(lambda m: f'<span lang="ja">{m.group(0)}</span>', esc))
    return "".join(out)


_INTERNAL = re.compile(
    r"\banpo(?:/[\w<>&;.-]+)+"  # package paths: anpo/law/data/x.toml
    r"|\banpo\.[a-z_]+(?:\.[a-z_]+)*"  # module and function names: anpo.law.diff
    r"|[\w/<>&;.-]+\.(?:py|md|toml)\b"  # source, documentation and scenario files
)


def internal_references(text: str) -> list[str]:
    """Internal file, module or function names in reader-facing ``text`` (should be none).

    >>> internal_references("see japan-law.md and anpo.law.diff(...), or the 2001 Act")
    ['japan-law.md', 'anpo.law.diff']
    """
    return _INTERNAL.findall(text)


def _attr(text: str) -> str:
    return html.escape(str(text), quote=True)


def table_html(table: Table, label: str, max_rows: int | None = None) -> str:
    """One table in its own scrolling box, with plain-language headers and formatted numbers;
    only its first ``max_rows`` rows when given (formatted as in the whole table)."""
    frame = table.frame.reset_index(drop=True)
    heads = plain_headers(frame, table.headers)
    numeric = [is_numeric_column(frame[c]) for c in frame.columns]
    shown = format_frame(frame, table.kinds, table.scales)
    if max_rows is not None:
        shown = shown.iloc[:max_rows]
    th = "".join(
        f'<th scope="col"{_NUM if num else ""}>{text_html(h)}</th>'
        for h, num in zip(heads, numeric, strict=True)
    )
    rows = []
    for rec in shown.itertuples(index=False):
        cells = "".join(
            f"<td{_NUM if num else ''}>{text_html(v)}</td>"
            for v, num in zip(rec, numeric, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return (
        f'<div class="table-wrap" role="region" tabindex="0" aria-label="{_attr(label)}">'
        f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def figure_html(fig: Figure, ident: str, number: str) -> str:
    """A figure with its number, title, accessible SVG and caption; when it has no data, a note
    in its place saying why (the figure's ``not_drawn``, else that its axes hold no data)."""
    if not fig.svg.strip():
        why = fig.not_drawn.strip().rstrip(".") or "there are no data to show"
        return (
            f'<p class="no-figure" id="{_attr(ident)}">Figure {number} ({text_html(fig.title)}) '
            f"is not drawn: {text_html(why)}.</p>"
        )
    description = fig.description or fig.caption or fig.title
    short = "f" + number.replace(".", "-")
    svg = finalize_svg(fig.svg, ident, fig.title, description, short=short)
    caption = [text_html(fig.caption)] if fig.caption else []
    if fig.definition:
        # citation keys in words ('[wilkening1999; kent1989]' -> '(Wilkening 1999; ...)')
        caption.append(f"<em>Measure:</em> {text_html(labels_in_text(fig.definition))}")
    cap = f"<figcaption>{' '.join(caption)}</figcaption>" if caption else ""
    return (
        f'<figure id="{_attr(ident)}" class="report-figure">'
        f'<p class="fig-title">Figure {number}. {text_html(fig.title)}</p>\n{svg}\n{cap}</figure>'
    )


def csv_name(section: Section, table: Table, index: int) -> str:
    """File stem of an appendix table's CSV file (the table's ``name`` or ``SECTION-ID-N``)."""
    stem = table.name or f"{section.id}-{index}"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or f"table-{index}"


@dataclass
class PlacedTable:
    """An appendix table with the CSV file name it is written to."""

    section: Section
    table: Table
    csv: str


def appendix_tables(section: Section) -> list[PlacedTable]:
    """The section's appendix: its ``appendix`` plus body tables too big for the body."""
    tables = [t for t in section.tables if len(t.frame) > MAX_BODY_ROWS] + list(section.appendix)
    placed, used = [], set()
    for i, t in enumerate(tables, start=1):
        name = csv_name(section, t, i)
        while name in used:
            name += "-b"
        used.add(name)
        placed.append(PlacedTable(section, t, name))
    return placed


def _list(items: list[str], cls: str) -> str:
    return f"<ul class='{cls}'>" + "".join(f"<li>{text_html(x)}</li>" for x in items) + "</ul>"


def _shared(items: list[str], seen: dict[str, str], where: str, cls: str, what: str) -> list[str]:
    """Items new to this section in full; items already shown say where (no repeated blocks):
    the earlier sections in their order, joined as words ('section 7 and section 8', where it
    read 'section 8, section 7')."""
    new = [x for x in items if x not in seen]
    earlier = list(dict.fromkeys(seen[x] for x in items if x in seen))
    order = list(dict.fromkeys(seen.values()))  # the sections in the order they were shown
    earlier.sort(key=order.index)
    for x in new:
        seen[x] = where
    parts = []
    if earlier:
        refs = join_words(earlier)
        parts.append(f"<p class='meta'>Also the {what} of {refs}.</p>")
    if new:
        parts.append(_list(new, cls))
    return parts


def section_html(
    s: Section,
    number: int,
    seen_assumptions: dict[str, str],
    seen_sources: dict[str, str],
    inputs_listed: bool = False,
) -> str:
    """One numbered section; it opens with its Answer. ``inputs_listed``: the header lists the
    report's inputs (:func:`inputs_html`), which a section's "Data used" line may link to."""
    sid = _attr(s.id)
    link = f'<a href="#{sid}">section {number}</a>'
    parts = [
        f'<section id="{sid}" class="report-section" aria-labelledby="{sid}-h">',
        f'<h2 id="{sid}-h"><span class="secnum">{number}</span>{text_html(s.title)}'
        f'<a class="anchor" href="#{sid}" aria-label="Link to section {number}">#</a></h2>',
    ]
    if s.answer:
        parts.append(f'<p class="answer"><strong>Answer.</strong> {text_html(s.answer)}</p>')
    if s.needs_data:
        parts.append(
            '<p class="needs-data"><strong>Needs data.</strong> This section could not be '
            "computed in full because datasets it needs are not in the data catalog.</p>"
        )
    if s.caveat:
        parts.append(f'<p class="caveat"><strong>Caveat.</strong> {text_html(s.caveat)}</p>')
    if s.data_vintage:
        parts.append(
            '<p class="vintage"><strong>Data used:</strong> '
            + "; ".join(text_html(v) for v in s.data_vintage)
            + ".</p>"
        )
    elif s.needs_data:
        parts.append(
            '<p class="vintage"><strong>Data used:</strong> none: the datasets the section '
            "needs are not in the data catalog.</p>"
        )
    else:
        # a provider that names no dataset computes from anpo's own files (scenario and future
        # files, typed-in facts with their sources, or stated model parameters). It said "the
        # scenario and parameter files named in the section", which no section named (audit34
        # finding 2): the scenario files are listed, with their SHA-256, in the header's Inputs
        # (a page built without inputs, as the library's write_report by default, has no
        # such list: its link led nowhere; review33)
        where = (
            'listed under <a href="#inputs">Inputs</a> at the top of the report'
            if inputs_listed
            else "it was built from"
        )
        parts.append(
            '<p class="vintage"><strong>Data used:</strong> no external dataset; computed from '
            f"the scenario files {where} and anpo's own parameters and typed-in facts, stated "
            "in the section.</p>"
        )
    if s.commands:
        parts.append("<p>To fill this section, run:</p>")
        parts += [f"<pre><code>{html.escape(c)}</code></pre>" for c in s.commands]
    parts.append(f'<p class="question"><strong>Question.</strong> {text_html(s.question)}</p>')
    parts.append(f'<p class="model"><strong>Model.</strong> {text_html(s.model)}</p>')
    parts += [f"<p>{text_html(n)}</p>" for n in s.notes]
    for i, fig in enumerate(s.figures, start=1):
        parts.append(figure_html(fig, f"{s.id}-fig{i}", f"{number}.{i}"))
    body = [t for t in s.tables if len(t.frame) <= MAX_BODY_ROWS]
    for i, tab in enumerate(body, start=1):
        parts.append(f'<div id="{sid}-tab{i}" class="report-table">')
        parts.append(f"<h3>{text_html(tab.title)}</h3>")
        parts.append(table_html(tab, tab.title))
        if tab.caption:
            parts.append(f"<p class='table-caption'>{text_html(tab.caption)}</p>")
        parts.append("</div>")
    appendix = appendix_tables(s)
    if appendix:
        parts.append("<h3>Full tables</h3>")
    for placed in appendix:
        tab = placed.table
        rows, cols = tab.frame.shape
        parts.append(
            f'<details class="appendix" id="{sid}-{_attr(placed.csv)}"><summary>'
            f"{text_html(tab.title)} ({count_noun(rows, 'row')} × {count_noun(cols, 'column')})</summary>"
        )
        full = table_html(tab, tab.title)
        download = (
            f'<a href="{_attr(placed.csv)}.csv" download>Download as CSV '
            f"({_attr(placed.csv)}.csv)</a>"
        )
        if len(full.encode("utf-8")) <= MAX_APPENDIX_BYTES or rows <= APPENDIX_PREVIEW_ROWS:
            parts.append(f'<p class="meta">{download}</p>')
        else:
            k = APPENDIX_PREVIEW_ROWS
            parts.append(
                f'<p class="meta">{download}: all {rows} rows. Shown here: the first {k} rows.</p>'
            )
            full = table_html(tab, f"{tab.title} (first {k} rows)", max_rows=k)
        if tab.caption:
            parts.append(f"<p class='table-caption'>{text_html(tab.caption)}</p>")
        parts.append(full + "</details>")
    if s.assumptions:
        parts.append('<div class="assumptions"><h3>Assumptions</h3>')
        parts += _shared(s.assumptions, seen_assumptions, link, "assumptions", "assumptions")
        parts.append("</div>")
    if s.sources:
        parts.append('<div class="sources"><h3>Sources</h3>')
        parts += _shared(s.sources, seen_sources, link, "sources", "sources")
        parts.append("</div>")
    parts.append("</section>")
    return "\n".join(parts)


def findings_html(sections: list[Section]) -> str:
    """The key-findings block: every section's findings, in section order, linked."""
    items = []
    for number, s in enumerate(sections, start=1):
        for f in s.findings:
            entry = [
                f'<li class="finding"><p class="finding-question">{text_html(f.question)}</p>',
                f'<p class="finding-answer">{text_html(f.answer)}</p>',
            ]
            if f.number:
                entry.append(
                    f'<p class="finding-number"><strong>Key number:</strong> '
                    f"{text_html(f.number)}</p>"
                )
            if f.confidence:
                entry.append(
                    f'<p class="finding-confidence"><strong>Confidence:</strong> '
                    f"{text_html(f.confidence)}</p>"
                )
            entry.append(
                f'<p class="finding-link"><a href="#{_attr(s.id)}">Evidence: section {number}, '
                f"{text_html(s.title)}</a></p></li>"
            )
            items.append("".join(entry))
    parts = ['<section id="key-findings" aria-labelledby="key-findings-h">']
    parts.append('<h2 id="key-findings-h">Key findings</h2>')
    if items:
        parts.append('<ol class="findings">' + "\n".join(items) + "</ol>")
    else:
        parts.append("<p>No section of this run states a key finding.</p>")
    missing = [(n, s) for n, s in enumerate(sections, start=1) if s.needs_data]
    if missing:
        refs = ", ".join(f'<a href="#{_attr(s.id)}">{n}</a>' for n, s in missing)
        parts.append(
            f"<p class='meta'>Sections that need data not in the catalog: {refs}. Their "
            "findings appear once the data are added.</p>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def open_questions_html(questions: Sequence[tuple[str, str]]) -> str:
    """The seed's questions the report leaves open, each with the reason (empty: no block)."""
    if not questions:
        return ""
    items = "\n".join(
        f"<li><strong>{text_html(q)}</strong> — {text_html(why)}</li>" for q, why in questions
    )
    return (
        '<section id="open-questions" aria-labelledby="open-questions-h">'
        '<h2 id="open-questions-h">Questions of the seed this report does not answer</h2>'
        f"<ul class='open-questions'>{items}</ul></section>"
    )


def toc_html(sections: list[Section], open_questions: bool = False) -> str:
    """Contents with section numbers; sections needing data are marked."""
    items = ['<li><a href="#key-findings">Key findings</a></li>']
    if open_questions:
        items.append('<li><a href="#open-questions">Questions this report does not answer</a></li>')
    for number, s in enumerate(sections, start=1):
        flag = ' <span class="flag">needs data</span>' if s.needs_data else ""
        items.append(f'<li><a href="#{_attr(s.id)}">{number}. {text_html(s.title)}</a>{flag}</li>')
    return (
        '<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Contents</h2><ul>'
        + "\n".join(items)
        + "</ul></nav>"
    )


#: The name of the page's ``<meta>`` listing the files the report wrote beside it.
FILES_META = "anpo-files"


def report_files_of(page: str) -> list[str]:
    """The file names a page written by :func:`render_html` lists in its ``anpo-files`` meta
    (``[]`` for a page without one, or one that cannot be read): plain names only, no path.

    >>> report_files_of(render_html([], files=["a.csv", "summary.csv"]))
    ['a.csv', 'summary.csv']
    """
    m = re.search(rf'<meta name="{FILES_META}" content="([^"]*)">', page[:20000])
    if not m:
        return []
    try:
        names = json.loads(html.unescape(m.group(1)))
    except ValueError:
        return []
    if not isinstance(names, list):
        return []
    return [
        n
        for n in names
        if isinstance(n, str) and n and "/" not in n and "\\" not in n and n not in (".", "..")
    ]


def inputs_html(inputs: Sequence[tuple[str, str, str]]) -> str:
    """The header's list of the report's inputs (``(kind, name, sha256)`` each:
    :class:`anpo.report.inputs.ReportInput`), every one with its full SHA-256, collapsed under
    a summary that counts them; empty when there are none. The "Data used" lines point here
    (``#inputs``)."""
    if not inputs:
        return ""
    kinds = {"scenario": "scenario file", "dataset": "catalog dataset"}
    counts: dict[str, int] = {}
    for kind, _, _ in inputs:
        counts[kind] = counts.get(kind, 0) + 1
    summary = ", ".join(count_noun(n, kinds.get(k, k)) for k, n in counts.items())
    items = "\n".join(
        f"<li>{text_html(kinds.get(kind, kind))} <code>{html.escape(name)}</code>: SHA-256 "
        f"<code>{html.escape(sha) if sha else 'unknown'}</code></li>"
        for kind, name, sha in inputs
    )
    return (
        f'<details id="inputs" class="inputs meta"><summary>Inputs: {text_html(summary)}, '
        f"each with the SHA-256 of its file</summary>\n<ul>\n{items}\n</ul></details>"
    )


def render_html(
    sections: list[Section],
    title: str = TITLE,
    meta: Mapping[str, str] | None = None,
    *,
    about: str = ABOUT,
    generated: str = "",
    generator: str = "anpo",
    open_questions: Sequence[tuple[str, str]] = OPEN_QUESTIONS,
    files: Sequence[str] = (),
    inputs: Sequence[tuple[str, str, str]] = (),
) -> str:
    """The whole page as text. ``generated`` is the one line that may differ between runs;
    ``files``, the names of the files the report writes beside the page, are listed in a
    ``<meta name="anpo-files">`` (JSON), so that a later run into the same folder can remove
    the ones it no longer writes (:func:`report_files_of`); ``inputs``, the scenario files and
    catalog datasets with their SHA-256, are listed in the header (:func:`inputs_html`)."""
    meta_line = " · ".join(f"{text_html(k)}: {text_html(v)}" for k, v in (meta or {}).items())
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta name="generator" content="{_attr(generator)}">',
        f'<meta name="{FILES_META}" content="{_attr(json.dumps(list(files)))}">' if files else "",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{text_html(title)}</h1>",
        f'<p class="about">{text_html(about)}</p>',
        f'<p class="meta">{meta_line}</p>' if meta_line else "",
        inputs_html(inputs),
        f'<p class="{GENERATED_CLASS}">{text_html(generated)}</p>',
        "</header>",
        "<main>",
        findings_html(sections),
        open_questions_html(open_questions),
        toc_html(sections, bool(open_questions)),
    ]
    seen_a: dict[str, str] = {}
    seen_s: dict[str, str] = {}
    for number, s in enumerate(sections, start=1):
        parts.append(section_html(s, number, seen_a, seen_s, inputs_listed=bool(inputs)))
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(p for p in parts if p) + "\n"

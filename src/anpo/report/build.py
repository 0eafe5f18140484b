"""Run the section providers and render the report to a self-contained HTML file."""

from __future__ import annotations

import datetime as _dt
import html
import importlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from anpo import __version__
from anpo.errors import AnpoError
from anpo.report.model import ReportContext, Section, Table
from anpo.report.registry import PROVIDERS

GENERATOR = f"anpo {__version__}"
_MARKER = '<meta name="generator" content="anpo'


def build_report(
    ctx: ReportContext,
    providers: list[str] | None = None,
    on_provider: Callable[[str], None] | None = None,
) -> list[Section]:
    """Run every provider (``module:function``) and collect the sections in order."""
    sections: list[Section] = []
    for spec in providers if providers is not None else PROVIDERS:
        module_name, func_name = spec.split(":")
        if on_provider is not None:
            on_provider(module_name)
        func = getattr(importlib.import_module(module_name), func_name)
        sections.extend(func(ctx))
    ids = [s.id for s in sections]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise AnpoError(f"duplicate report section ids: {sorted(dup)}")
    return sections


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#1b1b1b;line-height:1.45}
h1{font-size:1.8em;margin-bottom:.2em}h2{border-bottom:2px solid #2b4c7e;padding-bottom:.2em;
margin-top:2.2em}h3{margin-top:1.4em}
.question{background:#f3f6fb;border-left:4px solid #2b4c7e;padding:.6em 1em;font-style:italic}
.model{background:#fbfaf3;border-left:4px solid #b38f00;padding:.6em 1em}
table{border-collapse:collapse;margin:.6em 0;font-size:.88em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right}
th{background:#eef1f6}td:first-child,th:first-child{text-align:left}
figure{margin:1em 0}figcaption{font-size:.9em;color:#444}
figure svg{max-width:100%;height:auto}
nav ul{columns:2}.meta{color:#555;font-size:.9em}
"""


def _table_html(frame: pd.DataFrame) -> str:
    def fmt(v: object) -> str:
        if v is None or (isinstance(v, float) and v != v):
            return "–"
        if isinstance(v, float):
            return f"{v:.4g}" if abs(v) < 1e5 else f"{v:,.0f}"
        return str(v)

    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for rec in frame.itertuples(index=False):
        rows.append("<tr>" + "".join(f"<td>{html.escape(fmt(v))}</td>" for v in rec) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _csv_name(section: Section, table: Table) -> str:
    """File stem of an appendix table's CSV file (``SECTION-ID-N`` unless the table names one)."""
    if table.name:
        return table.name
    return f"{section.id}-{section.appendix.index(table) + 1}"


def render_html(sections: list[Section], title: str, meta: dict[str, str]) -> str:
    """Render sections to one HTML document (inline CSS and SVG; no scripts, no network)."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta name="generator" content="{esc(GENERATOR)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        '<p class="meta">' + " · ".join(f"{esc(k)}: {esc(v)}" for k, v in meta.items()) + "</p>",
        "<nav><h2>Contents</h2><ul>",
    ]
    parts += [f'<li><a href="#{esc(s.id)}">{esc(s.title)}</a></li>' for s in sections]
    parts.append("</ul></nav>")
    for s in sections:
        parts.append(f'<section id="{esc(s.id)}" class="report-section">')
        parts.append(f"<h2>{esc(s.title)}</h2>")
        parts.append(f'<p class="question"><strong>Question.</strong> {esc(s.question)}</p>')
        if s.answer:
            parts.append(f'<p class="answer"><strong>Answer.</strong> {esc(s.answer)}</p>')
        if s.caveat:
            parts.append(f'<p class="caveat"><strong>Caveat.</strong> {esc(s.caveat)}</p>')
        parts.append(f'<p class="model"><strong>Model.</strong> {esc(s.model)}</p>')
        if s.assumptions:
            parts.append("<h3>Assumptions</h3><ul class='assumptions'>")
            parts += [f"<li>{esc(a)}</li>" for a in s.assumptions]
            parts.append("</ul>")
        for note in s.notes:
            parts.append(f"<p>{esc(note)}</p>")
        for i, fig in enumerate(s.figures):
            parts.append(f'<figure id="{esc(s.id)}-fig{i + 1}" class="report-figure">')
            parts.append(f"<h3>{esc(fig.title)}</h3>{fig.svg}")
            parts.append(f"<figcaption>{esc(fig.caption)}</figcaption></figure>")
        for i, tab in enumerate(s.tables):
            parts.append(f'<div id="{esc(s.id)}-tab{i + 1}" class="report-table">')
            parts.append(f"<h3>{esc(tab.title)}</h3>{_table_html(tab.frame)}")
            if tab.caption:
                parts.append(f"<p class='meta'>{esc(tab.caption)}</p>")
            parts.append("</div>")
        for tab in s.appendix:
            parts.append(f'<details class="appendix"><summary>{esc(tab.title)}</summary>')
            parts.append(
                f'<p class="meta"><a href="{esc(_csv_name(s, tab))}.csv">download as CSV</a></p>'
            )
            parts.append(f"{_table_html(tab.frame)}</details>")
        if s.sources:
            parts.append("<h3>Sources</h3><ul class='sources'>")
            parts += [f"<li>{esc(src)}</li>" for src in s.sources]
            parts.append("</ul>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(
    sections: list[Section],
    outdir: Path,
    *,
    title: str = "anpo report",
    meta: dict[str, str] | None = None,
    force: bool = False,
) -> Path:
    """Write ``index.html`` and ``summary.csv`` into ``outdir`` and return the html path.

    An existing ``index.html`` that anpo did not write is never overwritten unless ``force``; the
    file is written to a temporary name first and then moved into place, so an interrupted run
    leaves the previous report intact.
    """
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise AnpoError("exists and is not a directory", file=outdir)
    target = outdir / "index.html"
    if target.exists() and not force:
        head = target.read_text(encoding="utf-8", errors="replace")[:2000]
        if _MARKER not in head:
            raise AnpoError(
                "exists and was not written by anpo; choose another --out or pass --force",
                file=target,
            )
    outdir.mkdir(parents=True, exist_ok=True)
    info = {"generated": _dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "by": GENERATOR}
    info.update(meta or {})
    text = render_html(sections, title, info)
    fd, tmp = tempfile.mkstemp(dir=outdir, prefix=".index-", suffix=".html")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    for s in sections:
        for tab in s.appendix:
            tab.frame.to_csv(outdir / f"{_csv_name(s, tab)}.csv", index=False)
    summaries = [s.summary.assign(section=s.id) for s in sections if s.summary is not None]
    if summaries:
        pd.concat(summaries, ignore_index=True).to_csv(outdir / "summary.csv", index=False)
    return target

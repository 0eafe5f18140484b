"""``anpo report``: the HTML report is self-contained and every section is complete."""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_anpo


class ReportParser(HTMLParser):
    """Collects sections, and per section its question, model, figures (with inline SVG),
    tables (with rows) and sources; also every external reference."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[dict] = []
        self.external: list[str] = []
        self.scripts = 0
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            val = a.get(key) or ""
            if val and not val.startswith("#") and not val.startswith("data:"):
                self.external.append(val)
        if tag == "script":
            self.scripts += 1
        if tag == "section" and "report-section" in (a.get("class") or ""):
            self.sections.append(
                {
                    "id": a.get("id"),
                    "question": False,
                    "model": False,
                    "figures": 0,
                    "svgs": 0,
                    "tables": 0,
                    "rows": 0,
                    "sources": False,
                    "h2": "",
                }
            )
        if not self.sections:
            return
        cur = self.sections[-1]
        cls = a.get("class") or ""
        if tag == "p" and "question" in cls:
            cur["question"] = True
        if tag == "p" and "model" in cls:
            cur["model"] = True
        if tag == "figure":
            cur["figures"] += 1
        if tag == "svg":
            cur["svgs"] += 1
        if tag == "table":
            cur["tables"] += 1
        if tag == "tr":
            cur["rows"] += 1
        if tag == "ul" and "sources" in cls:
            cur["sources"] = True
        self._stack.append(tag)

    def handle_data(self, data):
        if (
            self.sections
            and self._stack
            and self._stack[-1] == "h2"
            and not self.sections[-1]["h2"]
        ):
            self.sections[-1]["h2"] = data.strip()


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "anpo-report"
    proc = run_anpo("report", "--out", str(out))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "report written to" in proc.stdout
    return out


def test_report_is_complete_and_self_contained(report_dir: Path):
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    parser = ReportParser()
    parser.feed(html)
    # appendix tables link to their CSV files, written next to index.html: local, not outside
    outside = [
        u for u in parser.external if not (u.endswith(".csv") and (report_dir / u).is_file())
    ]
    assert outside == [], "the report must not load anything from outside"
    assert parser.scripts == 0
    ids = [s["id"] for s in parser.sections]
    assert len(ids) == len(set(ids))
    for required in (
        "deterrence-exposure",
        "deterrence-stability",
        "deterrence-reaction",
        "deterrence-uncertainty",
        "deterrence-decoupling",
        "deterrence-classics",
    ):
        assert required in ids
    for sec in parser.sections:
        assert sec["question"], sec["id"]
        assert sec["model"], sec["id"]
        assert sec["sources"], sec["id"]
        assert sec["figures"] >= 1 and sec["svgs"] >= sec["figures"], sec["id"]
        assert sec["tables"] >= 1 and sec["rows"] >= 2, sec["id"]


def test_report_summary_csv(report_dir: Path):
    with open(report_dir / "summary.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    variants = {r["variant"] for r in rows if "variant" in r}
    assert {"mad", "gmd-global"} <= variants


def test_report_never_overwrites_foreign_index(tmp_path: Path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("<html>my own page</html>")
    proc = run_anpo("report", "--out", str(out), "--quiet")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert (out / "index.html").read_text() == "<html>my own page</html>"


def test_report_on_user_scenario(tmp_path: Path):
    from anpo.scenario import book_files

    src = book_files()[0].read_text()
    mine = tmp_path / "mine.toml"
    mine.write_text(src.replace('id = "us-japan-2001"', 'id = "my-2001"'))
    out = tmp_path / "rep"
    proc = run_anpo("report", "--scenario", str(mine), "--out", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "my-2001" in (out / "index.html").read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text(src.replace("sspk = 0.6", "sspk = 6", 1))
    proc = run_anpo("report", "--scenario", str(bad), "--out", str(tmp_path / "rep2"))
    assert proc.returncode == 2
    assert "sspk" in proc.stderr and "Traceback" not in proc.stderr

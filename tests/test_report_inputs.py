"""The report names its inputs: each scenario file as given (``book:NAME`` for the book's) and
each catalog dataset a section used, with the SHA-256 of its file (audit34 finding 2: the header
named scenarios by title, "Data used" datasets by name and version, and the page contained
".toml" nowhere, though every section without a dataset said it was "computed from the
scenario and parameter files named in the section")."""

from __future__ import annotations

import hashlib
import html
import shutil
from pathlib import Path
from typing import Any

import pytest

import anpo.report.build
import anpo.report.registry
from _support import catalog_env, cli
from anpo.report.html import render_html, section_html
from anpo.report.inputs import ReportInput, scenario_inputs, stamp_datasets
from anpo.report.sections import Section
from anpo.scenario.load import book_files

NMC = "COW National Material Capabilities 6.0"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _section(sid: str, vintage: list[str], from_catalog: bool = True) -> Section:
    return Section(
        id=sid,
        title=sid,
        question="q?",
        model="m.",
        data_vintage=vintage,
        vintage_from_catalog=from_catalog,
    )


def test_data_used_lines_give_each_catalog_dataset_its_hash() -> None:
    """A "Data used" item that is a catalog record's "dataset version" (alone or followed by a
    parenthesis) gets the hash's first 12 hex digits; the datasets come back once each, with
    the full hash; an item of no record, or of a label two records share with different
    hashes, is left as it is."""
    a, b, c = "a" * 64, "b" * 64, "c" * 64
    records = [
        {"kind": "nmc", "dataset": "COW National Material Capabilities", "version": "6.0", "sha256": a},
        {"kind": "sipri", "dataset": "SIPRI Military Expenditure Database", "version": "2024", "sha256": b},
        {"kind": "x", "dataset": "Twice", "version": "1", "sha256": b},
        {"kind": "y", "dataset": "Twice", "version": "1", "sha256": c},
    ]  # fmt: skip
    one = _section("one", [NMC, "anpo's typed-in facts on Japan"])
    two = _section(
        "two",
        [
            "SIPRI Military Expenditure Database 2024 (an excerpt: 30 countries)",
            NMC,
            "Twice 1",
            "COW National Material Capabilities 6.01",
        ],
    )
    found = stamp_datasets([one, two], records)
    assert one.data_vintage == [f"{NMC}, SHA-256 aaaaaaaaaaaa", "anpo's typed-in facts on Japan"]
    assert two.data_vintage == [
        "SIPRI Military Expenditure Database 2024 (an excerpt: 30 countries), SHA-256 bbbbbbbbbbbb",
        f"{NMC}, SHA-256 aaaaaaaaaaaa",
        "Twice 1",
        "COW National Material Capabilities 6.01",
    ]
    assert found == [
        ReportInput("dataset", NMC, a),
        ReportInput("dataset", "SIPRI Military Expenditure Database 2024", b),
    ]


def test_scenario_inputs_name_the_files_as_given(tmp_path: Path, monkeypatch) -> None:
    """The built-in book as ``book:NAME`` each; a user's file by the path as typed (not made
    absolute: the same command line in another folder gives the same page); each with the
    SHA-256 of its bytes."""
    book = scenario_inputs([])
    assert [(i.kind, i.name, i.sha256) for i in book] == [
        ("scenario", f"book:{p.stem}", _sha(p)) for p in book_files()
    ]
    monkeypatch.chdir(tmp_path)
    Path("mine.toml").write_bytes(book_files()[0].read_bytes() + b"# mine\n")
    mine = scenario_inputs([Path("mine.toml"), "book:us-japan-2001"])
    assert mine == [
        ReportInput("scenario", "mine.toml", _sha(tmp_path / "mine.toml")),
        ReportInput("scenario", "book:us-japan-2001", book[0].sha256),
    ]
    assert mine[0].sha256 != book[0].sha256


def test_header_lists_the_inputs_and_the_data_used_line_points_there() -> None:
    """The header lists every input with its full hash, under ``#inputs``; a section without a
    dataset points there instead of to files "named in the section" that it did not name."""
    inputs = [
        ReportInput("scenario", "mine.toml", "d" * 64),
        ReportInput("dataset", NMC, "e" * 64),
    ]
    page = render_html([_section("own", [])], "test", {}, inputs=inputs)
    head = page.split("<main>")[0]
    assert 'id="inputs"' in head
    assert "Inputs: 1 scenario file, 1 catalog dataset" in head
    assert "<code>mine.toml</code>: SHA-256 <code>" + "d" * 64 in head
    assert f"<code>{NMC}</code>: SHA-256 <code>" + "e" * 64 in head
    own = section_html(_section("own", []), 1, {}, {}, inputs_listed=True)
    assert "parameter files named in the section" not in own
    assert 'listed under <a href="#inputs">Inputs</a>' in own
    assert 'listed under <a href="#inputs">Inputs</a>' in page


def test_a_page_without_inputs_links_to_no_inputs_list() -> None:
    """review33: a page built without inputs (the library's ``write_report`` and
    ``render_html`` default) has no Inputs list, and its "Data used" line linked to one."""
    page = render_html([_section("own", [])], "test", {})
    assert 'id="inputs"' not in page
    assert 'href="#inputs"' not in page
    assert "computed from the scenario files it was built from" in page


def test_a_dataset_named_by_a_built_in_file_is_not_stamped() -> None:
    """review33: the alignment sections name the datasets their built-in instances were built
    from ("COW National Material Capabilities 7.0"), in the catalog's "dataset version" form;
    a user's catalog file of that name got its hash stamped on them, and was listed as an
    input, though those sections never read it. Only sections whose datasets came from the
    catalog are stamped."""
    records = [
        {"kind": "nmc", "dataset": "COW National Material Capabilities", "version": "6.0", "sha256": "a" * 64},
    ]  # fmt: skip
    built_in = _section("align", [NMC], from_catalog=False)
    read = _section("roles", [NMC])
    found = stamp_datasets([built_in, read], records)
    assert built_in.data_vintage == [NMC]
    assert read.data_vintage == [f"{NMC}, SHA-256 aaaaaaaaaaaa"]
    assert found == [ReportInput("dataset", NMC, "a" * 64)]
    assert stamp_datasets([_section("align", [NMC], from_catalog=False)], records) == []


def _provider(ctx: Any) -> list[Section]:
    """One section that used the catalog's NMC (as the relations section names it)."""
    return [_section("uses-nmc", [NMC])]


def test_report_names_its_scenario_files_and_datasets(
    shared_data: Path,
    tmp_path: Path,
    catalog_store: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``anpo report --scenario book:NAME FILE``: the page names both files as typed, with their
    SHA-256, and the catalog's NMC with the hash of the file it was added from, in the header
    and (12 digits) in the section's "Data used" line."""
    monkeypatch.setattr(anpo.report.registry, "PROVIDERS", [_provider])
    monkeypatch.setattr(anpo.report.build, "PROVIDERS", [_provider])
    files = ["cow/states2016.csv", "cow/NMC-60-abridged.csv"]
    env = catalog_env(tmp_path / "home", shared_data, files, store=catalog_store)
    book = next(p for p in book_files() if p.stem == "us-japan-2025")
    shutil.copyfile(book, tmp_path / "mine.toml")
    ran = cli(
        "report", "--scenario", "book:us-japan-2001", "mine.toml", "--out", "rep", "-q",
        "--today", "2025-04-01", env=env, cwd=tmp_path,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    page = html.unescape((tmp_path / "rep" / "index.html").read_text(encoding="utf-8"))
    head = page.split("<main>")[0]
    first = next(p for p in book_files() if p.stem == "us-japan-2001")
    assert f"book:us-japan-2001: SHA-256 {_sha(first)}" in _text(head)
    assert f"mine.toml: SHA-256 {_sha(book)}" in _text(head)
    assert str(tmp_path) not in page  # the path as given, not made absolute
    nmc = _sha(shared_data / "cow/NMC-60-abridged.csv")
    assert f"{NMC}: SHA-256 {nmc}" in _text(head)
    assert f"Data used: {NMC}, SHA-256 {nmc[:12]}." in _text(page)


def _text(fragment: str) -> str:
    """The fragment's text, tags removed."""
    import re

    return re.sub(r"<[^>]+>", "", fragment)

"""Every source a law rule cites is one a reader can open (issue 5: "every figure with its public
source"; the mend of the acceptance walk of issues 2, 5 and 6).

The project's reference folder (``../shared/reference``: ``japan-law.md`` and the other fact
sheets) is a working summary for the developers, not a public source: it names its own sources
(the e-Gov statute texts, the Guidelines, the Defense of Japan white papers), and the rules cite
those. This test reads every string of every rule and data file of :mod:`anpo.law` (rules,
rationale, default contributions) and of the answers ``anpo law ask`` builds from them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from _support import shared_data_dir

#: The fact sheets of the reference folder (also read from the folder when it is present).
REFERENCE_FILES = {
    "alignment.md", "burden.md", "deterrence.md", "japan-law.md", "relations.md",
    "validation.md",
}  # fmt: skip
#: How the rule files named the reference folder before this test ("Reference facts
#: japan-law.md", "Reference facts on Japan's legal limits").
REFERENCE_WORDS = re.compile(r"reference (facts|folder|file)|shared/reference", re.IGNORECASE)


def _reference_names() -> set[str]:
    folder = shared_data_dir().parent / "reference"
    found = {p.name for p in folder.glob("*")} if folder.is_dir() else set()
    return REFERENCE_FILES | found


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{where}[{i}]")


def _law_files() -> list[Path]:
    root = Path(str(resources.files("anpo.law")))
    files = sorted(root.rglob("*.toml"))
    # the rule files, the rationale and the default contributions
    assert {"_rationale.toml", "default_contributions.toml", "saa_iisa.toml"} <= {
        f.name for f in files
    }
    return files


def _offending(text: str, names: set[str]) -> bool:
    return bool(REFERENCE_WORDS.search(text)) or any(n in text for n in names)


def test_no_rule_cites_a_file_of_the_reference_folder() -> None:
    """No string of a rule or data file of anpo.law (date_sources, rationale sources,
    contribution sources, notes) cites a fact sheet of the reference folder."""
    names = _reference_names()
    bad = []
    for path in _law_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for where, text in _strings(data, path.name):
            if _offending(text, names):
                bad.append(f"{where}: {text[:90]}")
    assert not bad, "\n".join(bad)


def test_the_check_catches_a_reference_citation() -> None:
    """The test above would fail on the entries it replaced."""
    names = _reference_names()
    assert _offending("Reference facts japan-law.md, timeline: 2001-11-02 to 2007-11-01", names)
    assert _offending("Reference facts on Japan's legal limits (Annexed Table 1, note 2)", names)
    assert not _offending(
        "Surrounding Areas Act, Act No. 60 of 1999, Annexed Table 1, note 2", names
    )


def test_law_ask_prints_a_public_source() -> None:
    """``anpo law ask`` on the seed's example (providing ammunition under the Surrounding Areas
    Act, 10 July 2001) prints each rationale's source: the statute with its law number (it
    printed "Source: Reference facts japan-law.md (seed example)")."""
    from typer.testing import CliRunner

    from anpo.cli import app

    r = CliRunner().invoke(
        app,
        ["law", "ask", "--date", "2001-07-10", "--situation", "surrounding-area",
         "--activity", "provide-ammunition"],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    assert "Source: Surrounding Areas Act, Act No. 60 of 1999" in text
    assert not _offending(text, _reference_names())


def _rule_files() -> list[Path]:
    """The law files that describe a law in force from a date: a ``[law]`` table or a list of
    ``[[versions]]`` (not the rationale or the default contributions)."""
    out = []
    for path in _law_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if isinstance(data.get("law"), dict) or isinstance(data.get("versions"), list):
            out.append(path)
    assert len(out) >= 12, [p.name for p in out]  # the nine statutes and three policy texts
    return out


@pytest.mark.parametrize("path", _rule_files(), ids=lambda p: p.name)
def test_in_force_dates_cite_a_statute_document_or_white_paper(path: Path) -> None:
    """Every set of in-force dates (a law's, a version's) cites at least one public document: a
    statute by its law number (Act No. ...), the Guidelines or a Cabinet Decision, or a
    Defense of Japan white paper; every file of a law in force from a date has them (it was
    skipped when it had none)."""
    public = re.compile(r"Act No\. \d+ of \d{4}|Defense of Japan \d{4}|Guidelines|Cabinet Decision")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    found = [v for w, v in _dated(data, path.name)]
    assert found, f"{path.name}: no date_sources for its in-force dates"
    for sources in found:
        assert any(public.search(s) for s in sources), sources


def _dated(value: Any, where: str) -> Iterator[tuple[str, list[str]]]:
    """Every ``date_sources`` list in a parsed file, with where it is."""
    if isinstance(value, dict):
        if isinstance(value.get("date_sources"), list):
            yield where, value["date_sources"]
        for k, v in value.items():
            yield from _dated(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _dated(v, f"{where}[{i}]")

"""Every column of the report's CSV files is defined on every path a build takes, not only the
built-in book's (report33): a report from the user's own scenario file, with the report option
``uncertainty_draws`` set, defines each column of its CSV files in ``columns.csv``, and each
column of its body tables too, which become CSV files when the user's file gives them more rows
than the page's body holds (:data:`anpo.report.html.MAX_BODY_ROWS`)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

#: The variants of the user's file: MAD and a national missile defense (the uncertainty
#: section's picks need an ``nmd-...`` variant), against China only, banded over two draws:
#: the smallest build that has every deterrence section with its tables.
VARIANTS = {"mad", "nmd-c1"}
DRAWS = 2


@pytest.fixture(scope="module")
def user_sections(tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    """The deterrence provider's sections (the uncertainty section among them) for a user's
    scenario file: the book's 2001 file saved under an id of the user's, cut to
    :data:`VARIANTS` and the China dyad, with ``uncertainty_draws`` = :data:`DRAWS`."""
    from anpo.report import ReportContext, build_report
    from anpo.scenario import book_files, load_scenario

    source = next(p for p in book_files() if p.name == "us-japan-2001.toml")
    text = source.read_text(encoding="utf-8")
    assert text.count('id = "us-japan-2001"') == 1
    path = tmp_path_factory.mktemp("user") / "mine.toml"
    path.write_text(text.replace('id = "us-japan-2001"', 'id = "mine-2001"'), encoding="utf-8")
    full = load_scenario(path)
    mine = full.model_copy(
        update={
            "dyads": [d for d in full.dyads if d.rival == "CHN"],
            "variants": [v for v in full.variants if v.id in VARIANTS],
        }
    )
    assert mine.uncertainties  # the section bands them
    ctx = ReportContext(scenarios=[mine], builtin=False, options={"uncertainty_draws": DRAWS})
    return build_report(ctx, providers=["anpo.deterrence.report:build"])


def test_a_user_scenario_with_draws_defines_every_column(
    user_sections: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The column dictionary (``columns.csv``) defined every column of the built-in book's
    CSV files, the only build a test checked; a user's file with more variants than the page's
    body holds has the body tables written as CSV files too, and their columns (the exposure
    table's dyads, the variants table's 'active defense layers', the reaction table's
    interceptor counts, the uncertainty table's 'U.S.-China: reaches the United States', the
    classics' MAD launchers and Richardson path) were defined nowhere. With every body table
    written as a CSV file (``MAX_BODY_ROWS`` = 0), no column of the files ``anpo report``
    writes lacks a definition: the check of the built-in report's test, on this build.
    Sources of the measures: Kent & Thaler (1989), Wilkening (1999), Richardson (1960)."""
    import anpo.report.html
    from anpo.report import write_report
    from anpo.report.build import undefined_columns
    from anpo.report.tables import COLUMNS_FILE

    ids = [s.id for s in user_sections]
    assert "deterrence-uncertainty" in ids and "deterrence-classics" in ids
    (unc,) = [s for s in user_sections if s.id == "deterrence-uncertainty"]
    assert f"{DRAWS} Latin-hypercube draws per year" in unc.answer  # the option's draws
    assert {"deterrence-bands-arrive", "deterrence-bands-reaction"} <= {
        t.name for t in unc.appendix
    }
    monkeypatch.setattr(anpo.report.html, "MAX_BODY_ROWS", 0)
    assert undefined_columns(user_sections) == []
    out = tmp_path / "rep"
    write_report(user_sections, out, generated="Generated.")
    dictionary = pd.read_csv(out / COLUMNS_FILE, keep_default_na=False, dtype=str)
    body = {t.title for s in user_sections for t in s.tables}
    assert len(body) >= 7  # every body table is a CSV file here
    files = {p.name for p in out.glob("*.csv")} - {COLUMNS_FILE}
    assert set(dictionary["file"]) == files
    undefined = dictionary[dictionary["definition"].str.strip() == ""]
    assert undefined.empty, undefined[["file", "column"]].to_string()


def test_the_check_sees_the_tables_of_the_uncertainty_section(user_sections: list[Any]) -> None:
    """The check (:func:`anpo.report.build.undefined_columns`) runs over the tables the
    uncertainty bands add: a column added to one of them without a definition is reported with
    its file, and nothing else is (report33)."""
    from anpo.report.build import undefined_columns

    sections = copy.deepcopy(user_sections)
    (unc,) = [s for s in sections if s.id == "deterrence-uncertainty"]
    table = next(t for t in unc.appendix if t.name == "deterrence-bands-arrive")
    table.frame = table.frame.assign(mystery=1.0)
    assert undefined_columns(sections) == [("deterrence-bands-arrive.csv", "mystery")]
    table.definitions = {**table.definitions, "mystery": "a column the test adds"}
    assert undefined_columns(sections) == []

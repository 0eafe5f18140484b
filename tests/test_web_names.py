"""Names for readers in the web API: every id a page shows has its name beside it.

The pages show the ``*_name`` fields and submit the ids (README "Names for readers"); these tests
check the API carries the names, from the same sources the report reads
(:func:`anpo.law.vocab.in_words`, :attr:`anpo.scenario.schema.Variant.shown`).
"""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from fastapi.testclient import TestClient  # noqa: E402

from _support import book_scenarios
from anpo.explore.scenario import ScenarioModel  # noqa: E402
from anpo.law.vocab import STATUS_SHORT, WHERE  # noqa: E402
from anpo.web.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(time_limit=300), base_url="http://127.0.0.1")


def test_law_diff_rows_name_statuses_and_changes_in_words(client):
    """The diff table's 'before', 'after' and 'what changed' cells: 'no legal basis' and
    'Diet approval', not the codes 'no-legal-basis' and 'diet_approval'."""
    body = {"date_a": "2001-07-10", "date_b": "2016-03-29"}
    r = client.post("/api/law/diff", json=body)
    assert r.status_code == 200, r.text
    rows = r.json()["changes"]
    assert rows
    for row in rows:
        assert row["status_before_name"] == STATUS_SHORT[row["status_before"]]
        assert row["status_after_name"] == STATUS_SHORT[row["status_after"]]
        assert len(row["changed_names"]) == len(row["changed"])
        assert not any("_" in w for w in row["changed_names"])
    befores = {row["status_before_name"] for row in rows}
    assert "no legal basis" in befores
    assert "Diet approval" in {w for row in rows for w in row["changed_names"]}


def test_law_vocabulary_names_statuses_and_fact_values(client):
    """The page's badges and the 'where' select read these: each status and each value of a
    fact in words, keyed by the code the form submits."""
    r = client.get("/api/law/vocabulary")
    assert r.status_code == 200, r.text
    v = r.json()
    assert v["status_names"]["no-legal-basis"] == "no legal basis"
    assert set(v["status_names"]) == set(v["statuses"])
    assert v["changed_names"]["diet_approval"] == "Diet approval"
    where = next(f for f in v["facts"] if f["id"] == "where")
    assert set(where["value_names"]) == set(where["values"])
    assert where["value_names"]["high-seas"] == WHERE["high-seas"][0]
    alongside = next(f for f in v["facts"] if f["id"] == "alongside")
    assert alongside["value_names"]["search-and-rescue"] == "search and rescue"


def test_law_answer_names_its_status(client):
    """The answer's badge: the status in words beside its code."""
    body = {
        "date": "2016-03-29",
        "situation": "important-influence",
        "activity": "provide-ammunition",
        "location": "combat-scene",
    }
    r = client.post("/api/law/ask", json=body)
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["status_name"] == STATUS_SHORT[a["status"]]


def _book_like(theater_sspk: float) -> dict[str, float]:
    """An experiment named like a run over the books, computed by a function of its own: a book
    input's name, a futures indicator's and a scenario outcome's
    (:func:`anpo.explore.scenario.case_outcomes`'s naming)."""
    return {"china_p_reach_us": theater_sspk / 2, "usa_chn_p_arrive_ge_1_jpn": theater_sspk}


def test_explore_summary_of_a_function_keeps_its_names(tmp_path):
    """A function's run names its columns and cases as it likes: they are shown as named, not
    labelled with what the books mean by the same names ('china_p_reach_us', here half an
    input, read 'P(China's retaliation reaches the U.S.)'; the case 'status-quo' a future's
    title)."""
    from anpo.explore import FunctionModel, run
    from anpo.scenario.uncertainty import Uniform

    model = FunctionModel(
        _book_like,
        {"theater_sspk": Uniform(low=0.5, high=0.85, basis="test input")},
        cases=["status-quo", "us-japan-2001/nmd-c3", "mine"],
    )
    out = run(model, n=4, seed=1, out=tmp_path / "run", executor="serial")
    s = (
        TestClient(create_app(out, time_limit=300), base_url="http://127.0.0.1")
        .get("/api/explore/summary")
        .json()
    )
    assert s["cases"] == ["status-quo", "us-japan-2001/nmd-c3", "mine"]
    assert s["case_names"] == {c: c for c in s["cases"]}
    assert {c["name"]: c["label"] for c in s["columns"]} == {
        c["name"]: c["name"] for c in s["columns"]
    }


class _Quick(ScenarioModel):
    """Scenario files as the explorer reads them (name, cases, inputs, fingerprint), with
    outcomes named as :func:`anpo.explore.scenario.case_outcomes` names them but not computed."""

    def evaluate(self, case: int, values: Any, rng: Any) -> dict[str, float]:
        return {
            "usa_chn_p_arrive_ge_1_jpn": 0.5,
            "usa_chn_fss": 0.25,
            "usa_chn_p_arrive_ge_1_gum": 0.1,
            "usa_chn_arrivals_expected_jpn": 3.0,
        }


def _summary(folder: Path) -> dict[str, Any]:
    app = create_app(folder, time_limit=300)
    out: dict[str, Any] = (
        TestClient(app, base_url="http://127.0.0.1").get("/api/explore/summary").json()
    )
    return out


def test_explore_summary_of_a_book_run_names_columns_and_cases(tmp_path):
    """A run over a book file as shipped: the futures page's selects, filters, legend and table
    show a book input's label with its unit, a variant's name with its year and a scenario
    outcome spelled out, keyed by the name and id the requests carry."""
    from anpo.explore import run
    from anpo.scenario.load import book_path

    model = _Quick.from_files([book_path("book:us-japan-2001")])
    s = _summary(run(model, n=2, seed=1, out=tmp_path / "run", executor="serial"))
    assert s["case_names"]["us-japan-2001/nmd-c3"] == "2001: NMD capability 3"
    book = next(b for b in book_scenarios() if b.scenario.id == "us-japan-2001")
    labels = {c["name"]: c["label"] for c in s["columns"]}
    for u in book.uncertainties:
        assert labels[u.name] == u.shown
    assert labels["usa_chn_p_arrive_ge_1_jpn"] == (
        "P(at least 1 of China's warheads reaches Japan after the United States' first strike), "
        "United States and China"
    )
    assert labels["usa_chn_fss"] == (
        "First-strike stability without launch under attack, United States and China"
    )
    assert labels["usa_chn_arrivals_expected_jpn"] == (
        "China's warheads reaching Japan after the United States' first strike (expected), "
        "United States and China"
    )
    # a territory no book actor has keeps the outcome's name (it read 'reaches gum')
    assert labels["usa_chn_p_arrive_ge_1_gum"] == "usa_chn_p_arrive_ge_1_gum"


def test_explore_summary_of_an_edited_copy_keeps_input_and_case_names(tmp_path):
    """A copy of a book file, edited, keeps the book's file name, ids and input names; what they
    stand for may have changed (here the variant 'nmd-c3' is another defense), so its inputs
    and cases are shown as named, while its outcomes, named by the explorer's own scheme, are
    still spelled out."""
    from anpo.explore import run
    from anpo.scenario.load import book_path

    text = book_path("book:us-japan-2001").read_text(encoding="utf-8")
    edited = text.replace('label = "NMD capability 3"', 'label = "a defense of my own"')
    assert edited != text
    copy = tmp_path / "us-japan-2001.toml"
    copy.write_text(edited, encoding="utf-8")
    model = _Quick.from_files([copy])
    s = _summary(run(model, n=2, seed=1, out=tmp_path / "run", executor="serial"))
    assert s["model"] == "anpo.explore.scenario:us-japan-2001.toml"
    assert s["case_names"]["us-japan-2001/nmd-c3"] == "us-japan-2001/nmd-c3"
    labels = {c["name"]: c["label"] for c in s["columns"]}
    assert labels["gbi_sspk"] == "gbi_sspk"
    assert labels["usa_chn_fss"] == (
        "First-strike stability without launch under attack, United States and China"
    )

"""Names for readers in the web API: every id a page shows has its name beside it.

The pages show the ``*_name`` fields and submit the ids (README "Names for readers"); these tests
check the API carries the names, from the same sources the report reads
(:func:`anpo.law.vocab.in_words`, :attr:`anpo.scenario.schema.Variant.shown`).
"""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

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
    """An experiment named like a run over the books: a book input, a futures indicator and a
    scenario outcome (:func:`anpo.explore.scenario.case_outcomes`'s naming)."""
    return {"china_p_reach_us": theater_sspk / 2, "usa_chn_p_arrive_ge_1_jpn": theater_sspk}


def test_explore_summary_names_columns_and_cases(tmp_path):
    """The futures page's exploration selects, filters, legend and table show a column's label
    and a case's name (a book input's label with its unit, a future's title, a variant's name),
    keyed by the name and id the requests carry."""
    from anpo.explore import FunctionModel, run
    from anpo.futures import load_book
    from anpo.scenario.uncertainty import Uniform

    model = FunctionModel(
        _book_like,
        {"theater_sspk": Uniform(low=0.5, high=0.85, basis="test input")},
        cases=["status-quo", "us-japan-2001/nmd-c3", "mine"],
    )
    out = run(model, n=4, seed=1, out=tmp_path / "run", executor="serial")
    s = TestClient(create_app(out), base_url="http://127.0.0.1").get("/api/explore/summary").json()
    assert s["cases"] == ["status-quo", "us-japan-2001/nmd-c3", "mine"]
    status_quo = next(w for w in load_book() if w.future.id == "status-quo")
    assert s["case_names"] == {
        "status-quo": status_quo.future.title,
        "us-japan-2001/nmd-c3": "2001: NMD capability 3",
        "mine": "mine",
    }
    labels = {c["name"]: c["label"] for c in s["columns"]}
    theater = next(u for u in status_quo.uncertainties if u.name == "theater_sspk")
    assert labels["theater_sspk"] == theater.label and "(per shot, 0-1)" in theater.label
    assert labels["china_p_reach_us"] == "P(China's retaliation reaches the U.S.)"
    assert labels["usa_chn_p_arrive_ge_1_jpn"] == (
        "P(at least 1 of China's warheads reaches Japan), United States and China"
    )

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

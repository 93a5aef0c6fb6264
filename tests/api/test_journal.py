"""Importing a journal through the API: all of it, or nothing."""

from __future__ import annotations

from goodterms.store import models as m
from tests.api.conftest import NETWORK, assert_error, ndjson
from tests.helpers import goodterms


def test_a_journal_imports_and_again_changes_nothing(api):
    first = api.post("/api/journal", ndjson(NETWORK), content_type="application/x-ndjson")
    assert first.status_code == 200
    summary = first.json()
    assert summary["total"] == {"new": len(NETWORK), "updated": 0, "unchanged": 0}
    assert summary["counts"]["person"] == {"new": 3, "updated": 0, "unchanged": 0}
    assert set(summary["counts"]) == {o["type"] for o in NETWORK}
    again = api.post("/api/journal", ndjson(NETWORK), content_type="application/x-ndjson")
    assert again.json()["total"] == {"new": 0, "updated": 0, "unchanged": len(NETWORK)}
    assert len(goodterms("export journal").lines()) == len(NETWORK)


def test_a_refused_journal_stores_nothing_and_names_each_bad_line(api):
    lines = [*NETWORK[:3],
             {"type": "favor", "id": "fx", "at": "2026-11-03", "from": "tim", "to": "me",
              "kind": "bribe"},
             {"type": "thanks", "at": "2026-11-03", "from": "me", "to": "zed"}]
    body = ndjson(lines) + b"not json at all\n"
    response = api.post("/api/journal", body, content_type="application/x-ndjson")
    error = assert_error(response, 422, "journal_refused")
    assert "nothing was imported" in error["message"]
    numbers = [d["line"] for d in error["details"]]
    assert numbers == [4, 6]  # unreadable lines are found before references are looked up
    assert "bribe" in error["details"][0]["reason"]
    assert "not valid JSON" in error["details"][1]["reason"]
    assert not m.Person.objects.exists()
    assert goodterms("export journal").out == ""

    dangling = api.post("/api/journal", ndjson([*NETWORK[:3], lines[4]]),
                        content_type="application/x-ndjson")
    error = assert_error(dangling, 422, "journal_refused")
    assert error["details"] == [{"line": 4, "reason": "'to' refers to person 'zed', which is "
                                                      "neither in this file nor stored"}]
    assert not m.Person.objects.exists()


def test_an_empty_body_imports_nothing(api):
    response = api.post("/api/journal", b"", content_type="application/x-ndjson")
    assert response.status_code == 200
    assert response.json()["total"] == {"new": 0, "updated": 0, "unchanged": 0}

"""Every query is scoped to the token's owner: user B never sees or changes A's data."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.api.conftest import NETWORK, assert_error, bearer, make_token, ndjson
from tests.helpers import goodterms

PEOPLE = [o["id"] for o in NETWORK if o["type"] == "person"]
EVENTS = [o["id"] for o in NETWORK if o["type"] != "person"]


@pytest.fixture
def bob(network):
    """A second user with a token of their own and one person, "bob-friend"."""
    get_user_model().objects.create_user("bob")
    client = bearer(make_token("bobs", user="bob"))
    made = client.post("/api/people", {"id": "bob-friend", "name": "Bob's Friend"},
                       content_type="application/json")
    assert made.status_code == 201
    return client


def test_lists_show_only_the_owners_data(api, bob):
    assert [p["id"] for p in bob.get("/api/people").json()["items"]] == ["bob-friend"]
    assert bob.get("/api/events").json() == {"count": 0, "items": []}
    assert bob.get("/api/findings?as_of=2026-11-20").json()["findings"] == []
    journal = b"".join(bob.get("/api/journal").streaming_content).decode()
    assert journal == '{"type":"person","id":"bob-friend","name":"Bob\'s Friend"}\n'
    assert "bob-friend" not in {p["id"] for p in api.get("/api/people").json()["items"]}


def test_every_endpoint_with_someone_elses_ids_is_not_found(api, bob):
    before = goodterms("export journal").out
    person = {"name": "Stolen"}
    event = {"type": "offer", "at": "2026-11-09", "from": "me", "to": "bob-friend"}
    for ident in PEOPLE:
        assert_error(bob.get(f"/api/people/{ident}"), 404, "not_found")
        assert_error(bob.put(f"/api/people/{ident}", person, content_type="application/json"),
                     404, "not_found")
        assert_error(bob.delete(f"/api/people/{ident}"), 404, "not_found")
        assert_error(bob.get(f"/api/events?person={ident}"), 404, "not_found")
        assert_error(bob.get(f"/api/findings?person={ident}"), 404, "not_found")
        assert_error(bob.post("/api/ask", {"person": ident, "what": "x", "size": 1},
                              content_type="application/json"), 404, "not_found")
    for ident in EVENTS:
        assert_error(bob.get(f"/api/events/{ident}"), 404, "not_found")
        assert_error(bob.put(f"/api/events/{ident}", event, content_type="application/json"),
                     404, "not_found")
        assert_error(bob.delete(f"/api/events/{ident}"), 404, "not_found")
    # References to A's people or favors lead nowhere for B.
    thanks = {"type": "thanks", "at": "2026-11-09", "from": "me", "to": "bob-friend",
              "for": "f1"}
    assert_error(bob.post("/api/events", thanks, content_type="application/json"), 422)
    meeting = {"type": "interaction", "at": "2026-11-09", "with": ["tim"], "kind": "call"}
    assert_error(bob.post("/api/events", meeting, content_type="application/json"), 422)
    refused = bob.post("/api/journal", ndjson([NETWORK[4]]), content_type="application/x-ndjson")
    assert_error(refused, 422, "journal_refused")
    assert goodterms("export journal").out == before  # A's network is untouched


def test_the_same_ids_are_separate_records_for_each_owner(api, bob):
    # B may use an id that A uses: it is B's own record, and A's stays as it was.
    response = bob.post("/api/people", {"id": "tim", "name": "Bob's Tim"},
                        content_type="application/json")
    assert response.status_code == 201
    assert bob.get("/api/people/tim").json()["name"] == "Bob's Tim"
    assert api.get("/api/people/tim").json()["name"] == "Tim Park"
    assert bob.delete("/api/people/tim").status_code == 204
    assert api.get("/api/people/tim").status_code == 200

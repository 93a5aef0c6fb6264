"""People and every kind of journal event: create, read, update, delete through the API,
stored exactly as `goodterms import journal` stores them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.conftest import NETWORK, assert_error, ndjson
from tests.helpers import goodterms


def exported() -> dict[str, dict[str, Any]]:
    """`goodterms export journal`, by id."""
    result = goodterms("export journal")
    assert result.code == 0, result.err
    return {obj["id"]: obj for obj in result.lines()}


def by_id(ident: str) -> dict[str, Any]:
    return next(o for o in NETWORK if o["id"] == ident)


def post(api, url: str, body: Any) -> Any:
    return api.post(url, body, content_type="application/json")


def put(api, url: str, body: Any) -> Any:
    return api.put(url, body, content_type="application/json")


# ---------------------------------------------------------------- people

def test_people_round_trip(api):
    created = post(api, "/api/people", {"name": "Tim Park", "label": "acquaintance",
                                        "met_on": "2026-06-01", "tags": ["python"],
                                        "x_source": {"crm": 7}})
    assert created.status_code == 201, created.content
    tim = created.json()
    assert tim == {"type": "person", "id": "tim-park", "name": "Tim Park",
                   "met_on": "2026-06-01", "label": "acquaintance", "tags": ["python"],
                   "x_source": {"crm": 7}}  # an unknown field is kept, as by an import
    assert exported()["tim-park"] == tim
    assert api.get("/api/people/tim-park").json() == tim
    # A second Tim Park gets the next free id.
    assert post(api, "/api/people", {"name": "Tim Park"}).json()["id"] == "tim-park-2"
    assert post(api, "/api/people", {"id": "dana", "name": "Dana Ruiz", "org": "Acme"}
                ).status_code == 201

    page = api.get("/api/people").json()
    assert page["count"] == 3
    assert [p["id"] for p in page["items"]] == ["dana", "tim-park", "tim-park-2"]
    assert [p["id"] for p in api.get("/api/people?search=acme").json()["items"]] == ["dana"]
    second = api.get("/api/people?limit=1&offset=1").json()
    assert second["count"] == 3 and [p["id"] for p in second["items"]] == ["tim-park"]

    replaced = put(api, "/api/people/tim-park", {"name": "Tim Park", "org": "Initech"})
    assert replaced.status_code == 200, replaced.content
    assert replaced.json() == {"type": "person", "id": "tim-park", "name": "Tim Park",
                               "org": "Initech"}
    assert exported()["tim-park"] == replaced.json()  # replaced: label and tags are gone

    assert api.delete("/api/people/tim-park").status_code == 204
    assert_error(api.get("/api/people/tim-park"), 404, "not_found")
    assert "tim-park" not in exported()


def test_a_taken_id_is_a_conflict_and_names_are_checked_like_a_journal_line(api, network):
    assert_error(post(api, "/api/people", {"id": "tim", "name": "Other Tim"}), 409, "conflict")
    assert_error(post(api, "/api/people", {"id": "me", "name": "Me"}), 422, "invalid")
    error = assert_error(post(api, "/api/people", {"name": "Ann", "met_on": "June"}), 422)
    assert "met_on" in error["message"]
    assert_error(post(api, "/api/people", {"name": "Ann", "introduced_by": "zed"}), 422)
    assert_error(post(api, "/api/people", {"name": ""}), 422, "invalid")
    assert_error(put(api, "/api/people/tim", {"id": "dana", "name": "Tim"}), 422, "invalid")
    assert_error(put(api, "/api/people/f1", {"name": "A favor"}), 404, "not_found")


def test_deleting_a_person_takes_their_history(api, network):
    assert api.delete("/api/people/tim").status_code == 204
    stored = exported()
    assert not {"tim", "i1", "f1", "t1"} & set(stored)
    assert "dana" in stored and "sam" in stored


# ---------------------------------------------------------------- events

EDITS: dict[str, dict[str, Any]] = {
    "i1": {"summary": "coffee at the station", "kind": "call"},
    "f1": {"size": 5, "what": "walked my resume over to Dana"},
    "r1": {"what": "feedback on two job ads", "size": 3},
    "u1": {"status": "declined", "note": "no time"},
    "t1": {"channel": "note"},
    "o1": {"what": "a mock interview"},
    "s1": {"with_permission": False},
}


@pytest.mark.parametrize("ident", list(EDITS))
def test_every_event_kind_round_trips(api, ident):
    source = by_id(ident)
    people = [o for o in NETWORK if o["type"] == "person"]
    needed = [o for o in NETWORK if o["type"] != "person" and o["id"] != ident
              and o["type"] in ("favor", "request")]
    setup = api.post("/api/journal", ndjson(people + needed),
                     content_type="application/x-ndjson")
    assert setup.status_code == 200, setup.content

    created = post(api, "/api/events", source)
    assert created.status_code == 201, created.content
    stored = created.json()
    assert stored == exported()[ident]  # the same object `goodterms export journal` writes
    assert stored["type"] == source["type"]
    assert api.get(f"/api/events/{ident}").json() == stored

    listed = api.get(f"/api/events?kind={source['type']}").json()
    assert stored in listed["items"]

    edited = {**source, **EDITS[ident]}
    if edited.get("with_permission") is False:
        edited.pop("with_permission")  # false is the default: the journal leaves it out
    replaced = put(api, f"/api/events/{ident}", {k: v for k, v in edited.items() if k != "id"})
    assert replaced.status_code == 200, replaced.content
    assert replaced.json() == exported()[ident]
    for key, value in EDITS[ident].items():
        assert replaced.json().get(key, False) == value

    assert api.delete(f"/api/events/{ident}").status_code == 204
    assert_error(api.get(f"/api/events/{ident}"), 404, "not_found")
    assert ident not in exported()


def test_events_without_an_id_get_one_from_their_content(api, network):
    body = {"type": "interaction", "at": "2026-11-07T10:00", "with": ["dana", "sam"],
            "kind": "call", "summary": "three-way call"}
    first = post(api, "/api/events", body)
    assert first.status_code == 201
    ident = first.json()["id"]
    assert ident.startswith("i-") and exported()[ident] == first.json()
    again = post(api, "/api/events", body)  # the same event again: stored once
    assert again.status_code == 200 and again.json()["id"] == ident
    assert sum(1 for o in exported().values() if o.get("summary") == "three-way call") == 1


def test_listing_events_by_person_and_kind_pages_oldest_first(api, network):
    everything = api.get("/api/events").json()
    assert everything["count"] == 7
    assert [e["id"] for e in everything["items"]] == ["i1", "f1", "t1", "r1", "o1", "s1", "u1"]
    dana = api.get("/api/events?person=dana").json()
    assert {e["id"] for e in dana["items"]} == {"f1", "r1", "u1", "o1", "s1"}
    tim_favors = api.get("/api/events?person=tim&kind=favor").json()
    assert [e["id"] for e in tim_favors["items"]] == ["f1"]
    page = api.get("/api/events?limit=2&offset=2").json()
    assert page["count"] == 7 and [e["id"] for e in page["items"]] == ["t1", "r1"]
    assert_error(api.get("/api/events?person=zed"), 404)
    assert_error(api.get("/api/events?kind=person"), 422, "invalid")


def test_an_event_is_checked_exactly_like_an_imported_line(api, network, tmp_path):
    bad = {"type": "favor", "id": "f9", "at": "2026-11-08", "from": "me", "to": "me",
           "kind": "advice"}
    error = assert_error(post(api, "/api/events", bad), 422, "invalid")
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(bad) + "\n")
    imported = goodterms(["import", "journal", str(path)])
    assert imported.code == 4
    assert error["message"] in imported.err  # the same reason, word for word
    unknown = {"type": "thanks", "at": "2026-11-08", "from": "me", "to": "tim", "for": "f404"}
    error = assert_error(post(api, "/api/events", unknown), 422)
    assert "f404" in error["message"]
    typed = {"type": "request", "id": "r9", "at": "2026-11-08", "from": "me", "to": "dana",
             "what": "a call", "size": "2"}
    assert_error(post(api, "/api/events", typed), 422, "invalid")  # a size is a number
    assert "f9" not in exported() and "r9" not in exported()


def test_event_ids_and_types_are_kept(api, network):
    assert_error(post(api, "/api/events", by_id("f1")), 409, "conflict")
    favor_as_offer = {"type": "offer", "at": "2026-11-05T09:00", "from": "me", "to": "dana"}
    assert_error(put(api, "/api/events/f1", favor_as_offer), 409, "conflict")
    assert_error(put(api, "/api/events/tim", favor_as_offer), 404, "not_found")
    assert_error(api.delete("/api/events/tim"), 404, "not_found")  # a person, not an event
    assert "tim" in exported()


def test_the_journal_export_is_the_cli_export(api, network):
    response = api.get("/api/journal")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    body = b"".join(response.streaming_content).decode()
    assert body == goodterms("export journal").out
    assert len(body.splitlines()) == len(NETWORK)


def test_a_json_body_sent_as_curl_sends_it_by_default_is_read(api):
    # `curl -d '{…}'` says application/x-www-form-urlencoded: the body is JSON all the same.
    response = api.post("/api/people", '{"name": "Tim Park"}',
                        content_type="application/x-www-form-urlencoded")
    assert response.status_code == 201 and response.json()["id"] == "tim-park"

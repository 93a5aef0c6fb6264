"""The API's tests: a database, tokens made the way users make them, and clients."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.helpers import goodterms

# One network with a line of every kind (the example of JOURNAL.md, completed).
NETWORK: list[dict[str, Any]] = [
    {"type": "person", "id": "tim", "name": "Tim Park", "met_on": "2026-06-01",
     "met_how": "job seekers' breakfast", "label": "acquaintance"},
    {"type": "person", "id": "dana", "name": "Dana Ruiz", "org": "Acme", "title": "Recruiter"},
    {"type": "person", "id": "sam", "name": "Sam Lee", "emails": ["sam@example.org"],
     "tags": ["pyladies"], "introduced_by": "tim"},
    {"type": "interaction", "id": "i1", "at": "2026-11-02T09:00", "with": ["tim"],
     "kind": "meeting", "time_chosen_by": "tim", "their_travel_minutes": 0},
    {"type": "favor", "id": "f1", "at": "2026-11-03T10:00", "from": "tim", "to": "me",
     "kind": "referral", "refers_to": "dana", "what": "sent my resume to Dana at Acme"},
    {"type": "request", "id": "r1", "at": "2026-11-04T08:00", "from": "dana", "to": "me",
     "what": "feedback on the job ad", "due": "2026-11-10"},
    {"type": "request_update", "id": "u1", "request": "r1", "at": "2026-11-06T12:00",
     "status": "done", "note": "sent two pages"},
    {"type": "thanks", "id": "t1", "at": "2026-11-03T18:00", "from": "me", "to": "tim",
     "for": "f1", "channel": "email"},
    {"type": "offer", "id": "o1", "at": "2026-11-05T09:00", "from": "me", "to": "dana",
     "what": "an intro to the PyLadies organisers"},
    {"type": "share", "id": "s1", "at": "2026-11-05T10:00", "contact": "sam", "to": "dana",
     "given_by": "tim", "with_permission": True},
]


def ndjson(objects: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(o) + "\n" for o in objects).encode()


def make_token(name: str = "tests", user: str | None = None) -> str:
    args = (["--user", user] if user else []) + ["token", "create", name]
    result = goodterms(args)
    assert result.code == 0, result.err
    return result.out.strip()


def bearer(token: str, **kwargs: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", **kwargs)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The one error shape: {"error": {"code", "message", "details"}}."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "details"}
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], list)
    if code is not None:
        assert error["code"] == code
    return error


@pytest.fixture(autouse=True)
def _db(db):
    """Every API test uses the database (rolled back after each test)."""


@pytest.fixture
def token() -> str:
    return make_token()


@pytest.fixture
def api(token) -> Client:
    return bearer(token)


@pytest.fixture
def network(api) -> None:
    response = api.post("/api/journal", ndjson(NETWORK), content_type="application/x-ndjson")
    assert response.status_code == 200, response.content

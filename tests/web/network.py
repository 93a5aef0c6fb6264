"""Networks and signed-in clients for the tests of the Ask, Import, Review, Settings
and picture pages (tests/web/test_{ask,import_page,review_page,settings_page,charts}.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goodterms.journal import check_object
from goodterms.store import models as m
from goodterms.store.actions import import_lines, lines_source

START = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def signed_in(username: str) -> tuple[Any, Client]:
    user = get_user_model().objects.create_user(username=username, password="x" * 12)
    client = Client()
    client.force_login(user)
    return user, client


def build_network(owner: Any, size: int, prefix: str = "p") -> None:
    """`size` people: each introduced by the one before (every fifth by nobody), who
    did me a favor, got one back every other time, asked me for something I did,
    and had a meeting with me; spread over ten months."""
    objects: list[dict[str, Any]] = []
    for n in range(size):
        ident = f"{prefix}{n}"
        person: dict[str, Any] = {"type": "person", "id": ident,
                                  "name": f"Person {prefix.upper()}{n}"}
        if n % 5:
            person["introduced_by"] = f"{prefix}{n - 1}"
        objects.append(person)
    for n in range(size):
        ident, at = f"{prefix}{n}", START + timedelta(days=(n * 7) % 300)
        objects.append({"type": "interaction", "id": f"i-{ident}", "at": at.isoformat(),
                        "with": [ident], "kind": "meeting"})
        objects.append({"type": "favor", "id": f"f-{ident}", "at": at.isoformat(),
                        "from": ident, "to": "me", "kind": "advice", "what": "some advice"})
        if n % 2 == 0:
            objects.append({"type": "favor", "id": f"g-{ident}",
                            "at": (at + timedelta(days=20)).isoformat(), "from": "me",
                            "to": ident, "kind": "intro", "what": "an intro"})
        objects.append({"type": "request", "id": f"r-{ident}", "at": at.isoformat(),
                        "from": ident, "to": "me", "what": "a look at my CV"})
        objects.append({"type": "request_update", "id": f"u-{ident}", "request": f"r-{ident}",
                        "at": (at + timedelta(days=2)).isoformat(), "status": "done"})
    lines = [check_object(obj, UTC, number) for number, obj in enumerate(objects, start=1)]
    import_lines(owner, lines_source(lines), source="test")


def detection(owner: Any, number: int, person: str, act: str = "thanks",
              confidence: float = 0.7) -> m.Detection:
    at = START + timedelta(days=number)
    if act == "thanks":
        proposal = {"type": "thanks", "id": f"mail-thanks-{number}", "at": at.isoformat(),
                    "from": person, "to": "me"}
    else:
        proposal = {"type": "request", "id": f"mail-request-{number}", "at": at.isoformat(),
                    "from": person, "to": "me", "what": "a review of my portfolio"}
    return m.Detection.objects.create(owner=owner, key=f"msg-{number}-{act}", act=act,
                                      confidence=confidence, text=f"sentence {number}",
                                      at=at, proposal=proposal)


def count_queries(client: Client, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(queries.captured_queries), response

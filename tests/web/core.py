"""Users, signed-in clients and small networks for the tests of the account, Today,
People, Person and Log pages (tests/web/test_{account,today,people,log,isolation,
queries,serve,users}.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from goodterms.journal import check_object
from goodterms.store.actions import import_lines, lines_source

PASSWORD = "correct-horse-battery-9"
NOW = "2026-11-20T09:00"  # GOODTERMS_NOW in these tests (UTC)
MOMENT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def make_user(username: str, password: str | None = PASSWORD) -> Any:
    return get_user_model().objects.create_user(username=username, password=password)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def store(owner: Any, objects: list[dict[str, Any]]) -> None:
    lines = [check_object(obj, UTC, n) for n, obj in enumerate(objects, start=1)]
    import_lines(owner, lines_source(lines), source="test")


def at(days_ago: float) -> str:
    return (MOMENT - timedelta(days=days_ago)).isoformat()


def small_network(owner: Any) -> None:
    """Tim did me a referral to Dana two days ago (not thanked, not followed up);
    Dana asked me for feedback ten days ago (no answer); Sam is a mentor."""
    store(owner, [
        {"type": "person", "id": "tim", "name": "Tim Park", "org": "Initech",
         "tags": ["python"], "met_on": "2026-06-01", "met_how": "job seekers' breakfast",
         "label": "acquaintance"},
        {"type": "person", "id": "dana", "name": "Dana Ruiz", "org": "Acme",
         "title": "Recruiter", "tags": ["hiring"]},
        {"type": "person", "id": "sam", "name": "Sam Lee", "close": True, "tags": ["mentor"],
         "introduced_by": "tim"},
        {"type": "interaction", "id": "coffee-tim", "at": at(30), "with": ["tim"],
         "kind": "meeting", "summary": "coffee"},
        {"type": "favor", "id": "tim-referral", "at": at(2), "from": "tim", "to": "me",
         "kind": "referral", "what": "sent my resume to Dana", "refers_to": "dana"},
        {"type": "request", "id": "dana-feedback", "at": at(10), "from": "dana", "to": "me",
         "what": "feedback on the job ad"},
        {"type": "favor", "id": "sam-advice", "at": at(60), "from": "me", "to": "sam",
         "kind": "advice", "what": "notes on the talk"},
    ])


def big_network(owner: Any, size: int, prefix: str = "p") -> None:
    """`size` people, each with a meeting, a favor each way, a request and its answer,
    a thank-you and an offer; a few unthanked favors and open requests to find."""
    objects: list[dict[str, Any]] = []
    for n in range(size):
        ident = f"{prefix}{n}"
        objects.append({"type": "person", "id": ident, "name": f"Person {prefix}{n}",
                        "org": f"Org {n % 7}", "tags": [f"t{n % 3}"]})
    for n in range(size):
        ident, days = f"{prefix}{n}", 5 + (n * 3) % 200
        objects += [
            {"type": "interaction", "id": f"i-{ident}", "at": at(days), "with": [ident],
             "kind": "meeting"},
            {"type": "favor", "id": f"f-{ident}", "at": at(days), "from": ident, "to": "me",
             "kind": "advice", "what": "some advice"},
            {"type": "favor", "id": f"g-{ident}", "at": at(days - 1), "from": "me",
             "to": ident, "kind": "intro", "what": "an intro"},
            {"type": "request", "id": f"r-{ident}", "at": at(days), "from": ident,
             "to": "me", "what": "a look at my CV"},
            {"type": "offer", "id": f"o-{ident}", "at": at(days - 1), "from": "me",
             "to": ident, "what": "help"},
        ]
        if n % 4:
            objects += [
                {"type": "thanks", "id": f"t-{ident}", "at": at(days - 1), "from": "me",
                 "to": ident, "for": f"f-{ident}"},
                {"type": "request_update", "id": f"u-{ident}", "request": f"r-{ident}",
                 "at": at(days - 2), "status": "done"},
            ]
    store(owner, objects)

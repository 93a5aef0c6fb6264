"""The journal line of one logged event, built the same way for the CLI and the web.

`goodterms favor from tim referral …` and the web's Log form both come here:
each builder turns what the user said (people already resolved to their ids,
moments already read in the user's time zone) into a journal object, and
`record` checks it and stores it through the actions layer, exactly like one
line of `goodterms import`.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from goodterms.errors import NotFound, UsageError

FINISHED = ("done", "declined", "withdrawn")


def iso(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).isoformat(timespec="seconds")


def readable_ident(owner: Any, *parts: str) -> str:
    """A free id made of the parts, e.g. tim-park-referral-2026-11-03."""
    from goodterms.naming import slug
    from goodterms.store.queries import free_ident

    return free_ident(owner, "-".join(slug(p) for p in parts if p))


def _between(direction: str, other: str) -> dict[str, str]:
    """`from`/`to` for an event FROM the other person to me, or TO them from me."""
    if direction not in ("from", "to"):
        raise UsageError(f"direction must be 'from' or 'to', not '{direction}'")
    return {"from": other if direction == "from" else "me",
            "to": "me" if direction == "from" else other}


def _optional(obj: dict[str, Any], **values: Any) -> dict[str, Any]:
    obj.update({k: v for k, v in values.items() if v is not None})
    return obj


def interaction(tz: tzinfo, at: datetime, with_: list[str], kind: str, *,
                ident: str | None = None, direction: str | None = None,
                summary: str | None = None, place: str | None = None,
                initiated_by: str | None = None, time_chosen_by: str | None = None,
                travel: int | None = None) -> dict[str, Any]:
    obj: dict[str, Any] = {"type": "interaction", "at": iso(at, tz), "with": list(with_),
                           "kind": kind}
    return _optional(obj, id=ident, direction=direction, summary=summary, place=place,
                     initiated_by=initiated_by, time_chosen_by=time_chosen_by,
                     their_travel_minutes=travel)


def favor(owner: Any, tz: tzinfo, direction: str, other: str, kind: str, at: datetime, *,
          what: str | None = None, size: int | None = None, refers_to: str | None = None,
          ident: str | None = None) -> dict[str, Any]:
    ident = ident or readable_ident(owner, other, kind, at.astimezone(tz).date().isoformat())
    obj: dict[str, Any] = {"type": "favor", "id": ident, "at": iso(at, tz),
                           **_between(direction, other), "kind": kind}
    return _optional(obj, what=what, size=size, refers_to=refers_to)


def request(owner: Any, tz: tzinfo, direction: str, other: str, what: str, at: datetime, *,
            size: int | None = None, due: datetime | None = None,
            ident: str | None = None) -> dict[str, Any]:
    ident = ident or readable_ident(owner, other, "request",
                                    at.astimezone(tz).date().isoformat())
    obj: dict[str, Any] = {"type": "request", "id": ident, "at": iso(at, tz),
                           **_between(direction, other), "what": what}
    return _optional(obj, size=size, due=iso(due, tz) if due is not None else None)


def request_update(tz: tzinfo, request_ident: str, status: str, at: datetime, *,
                   note: str | None = None) -> dict[str, Any]:
    obj: dict[str, Any] = {"type": "request_update", "request": request_ident,
                           "at": iso(at, tz), "status": status}
    return _optional(obj, note=note or None)


def thanks(tz: tzinfo, direction: str, other: str, at: datetime, *, for_: str | None = None,
           channel: str | None = None) -> dict[str, Any]:
    obj: dict[str, Any] = {"type": "thanks", "at": iso(at, tz), **_between(direction, other)}
    return _optional(obj, **{"for": for_ or None, "channel": channel or None})


def offer(tz: tzinfo, direction: str, other: str, at: datetime, *,
          what: str | None = None) -> dict[str, Any]:
    obj: dict[str, Any] = {"type": "offer", "at": iso(at, tz), **_between(direction, other)}
    return _optional(obj, what=what or None)


def share(tz: tzinfo, contact: str, to: str, at: datetime, *, given_by: str | None = None,
          with_permission: bool = False) -> dict[str, Any]:
    obj: dict[str, Any] = {"type": "share", "at": iso(at, tz), "contact": contact, "to": to}
    return _optional(obj, given_by=given_by, with_permission=True if with_permission else None)


def record(owner: Any, tz: tzinfo, obj: dict[str, Any]) -> tuple[Any, str]:
    """Check one journal object and store it; returns (line, 'new'|'updated'|'unchanged')."""
    from goodterms.journal import LineError, check_object
    from goodterms.store.actions import import_one

    try:
        line = check_object(obj, tz)
    except LineError as exc:
        raise UsageError(str(exc)) from None
    summary = import_one(owner, line)
    count = summary.count(line.type)
    state = "new" if count.new else "updated" if count.updated else "unchanged"
    return line, state


def find_request(owner: Any, ref: str) -> Any:
    """One of the owner's requests by id, or the latest open request with a person."""
    from django.db.models import Q

    from goodterms.store.models import Request
    from goodterms.store.queries import resolve_person

    found = Request.objects.filter(owner=owner, ident=ref).first()
    if found is not None:
        return found
    person = resolve_person(owner, ref)
    open_requests = (
        Request.objects.filter(Q(from_person=person) | Q(to_person=person), owner=owner)
        .exclude(updates__status__in=FINISHED)
        .order_by("-at")
    )
    latest = open_requests.first()
    if latest is None:
        raise NotFound(f"no open request with {person.name}")
    return latest

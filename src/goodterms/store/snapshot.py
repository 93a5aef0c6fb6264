"""Building the engine's network snapshot from the database, in a handful of queries.

One query per kind of record (plus one for who took part in each interaction),
never one per person: the cost grows with the number of events only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from goodterms.engine import model as e
from goodterms.store import models as m

ME = e.ME


def _party(ident: str | None, is_me: bool = False) -> str | None:
    if ident is not None:
        return ident
    return ME if is_me else None


def build_snapshot(owner: Any, until: datetime | None = None) -> e.Snapshot:
    """The owner's whole network as plain dataclasses (events after `until` left out)."""

    def events(model: type[m.Owned]) -> Any:
        qs = model._default_manager.filter(owner=owner)
        return qs if until is None else qs.filter(**{"at__lte": until})

    people = {
        ident: e.Person(ident, name, met_on, met_how, introduced_by, label, bool(close), org,
                        title, tuple(emails or ()), tuple(tags or ()))
        for ident, name, met_on, met_how, introduced_by, label, close, org, title, emails, tags
        in m.Person.objects.filter(owner=owner).values_list(
            "ident", "name", "met_on", "met_how", "introduced_by__ident", "label", "close",
            "org", "title", "emails", "tags").iterator(chunk_size=5000)
    }

    with_people: dict[int, list[str]] = {}
    through = m.Interaction.people.through.objects.filter(interaction__owner=owner)
    if until is not None:
        through = through.filter(interaction__at__lte=until)
    for interaction_id, ident in through.order_by("id").values_list(
            "interaction_id", "person__ident").iterator(chunk_size=10000):
        with_people.setdefault(interaction_id, []).append(ident)

    interactions = tuple(
        e.Interaction(ident, at, tuple(with_people.get(pk, ())), kind, direction, summary, place,
                      _party(initiated, initiated_me), _party(chosen, chosen_me), travel)
        for pk, ident, at, kind, direction, summary, place, initiated, initiated_me, chosen,
        chosen_me, travel in events(m.Interaction).values_list(
            "pk", "ident", "at", "kind", "direction", "summary", "place", "initiated_by__ident",
            "initiated_by_me", "time_chosen_by__ident", "time_chosen_by_me",
            "their_travel_minutes").iterator(chunk_size=5000)
    )
    favors = tuple(
        e.Favor(ident, at, src or ME, dst or ME, kind, size, what,
                refers_to)
        for ident, at, src, dst, kind, size, what, refers_to in events(m.Favor).values_list(
            "ident", "at", "from_person__ident", "to_person__ident", "kind", "size", "what",
            "refers_to__ident").iterator(chunk_size=5000)
    )
    requests = tuple(
        e.Request(ident, at, src or ME, dst or ME, what, size, due)
        for ident, at, src, dst, what, size, due in events(m.Request).values_list(
            "ident", "at", "from_person__ident", "to_person__ident", "what", "size",
            "due").iterator(chunk_size=5000)
    )
    updates = tuple(
        e.RequestUpdate(ident, request, at, status, note)
        for ident, request, at, status, note in events(m.RequestUpdate).values_list(
            "ident", "request__ident", "at", "status", "note").iterator(chunk_size=5000)
    )
    thanks = tuple(
        e.Thanks(ident, at, src or ME, dst or ME, favor, channel)
        for ident, at, src, dst, favor, channel in events(m.Thanks).values_list(
            "ident", "at", "from_person__ident", "to_person__ident", "favor__ident",
            "channel").iterator(chunk_size=5000)
    )
    offers = tuple(
        e.Offer(ident, at, src or ME, dst or ME, what)
        for ident, at, src, dst, what in events(m.Offer).values_list(
            "ident", "at", "from_person__ident", "to_person__ident", "what").iterator(
            chunk_size=5000)
    )
    shares = tuple(
        e.Share(ident, at, contact, to, given_by, with_permission)
        for ident, at, contact, to, given_by, with_permission in events(m.Share).values_list(
            "ident", "at", "contact__ident", "to__ident", "given_by__ident",
            "with_permission").iterator(chunk_size=5000)
    )
    return e.Snapshot(people, interactions, favors, requests, updates, thanks, offers, shares)

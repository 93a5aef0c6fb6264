"""Building the engine's network snapshot from the database, in a handful of queries.

One query per kind of record (plus one for who took part in each interaction),
never one per person: the cost grows with the number of events only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from django.db import connection, models

from goodterms.engine import model as e
from goodterms.store import models as m

ME = e.ME


def _values(qs: Any, *names: str) -> Iterator[tuple[Any, ...]]:
    """Like `qs.values_list(*names)`, without Django's per-value converters.

    Django builds the SQL; the rows are read straight from the cursor, and only
    times and flags are converted, here, in bulk. Loading a network is mostly
    reading events, and Django's generic conversion of each time was the larger
    part of it.
    """
    fields = {f.name: f for f in qs.model._meta.concrete_fields}
    convert: list[tuple[int, Callable[[Any], Any]]] = []
    for position, name in enumerate(names):
        field = fields.get(name)
        if isinstance(field, models.DateTimeField):
            convert.append((position, _moment))
        elif isinstance(field, models.BooleanField):
            convert.append((position, bool))
    sql, params = qs.values_list(*names).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(10000):
            for row in rows:
                if convert:
                    row = list(row)
                    for position, function in convert:
                        if row[position] is not None:
                            row[position] = function(row[position])
                yield tuple(row)


def _moment(value: Any) -> datetime:
    if isinstance(value, str):  # SQLite keeps UTC times as text
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    moment: datetime = value
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


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
    for interaction_id, ident in _values(through.order_by("id"), "interaction_id",
                                         "person__ident"):
        with_people.setdefault(interaction_id, []).append(ident)

    interactions = tuple(
        e.Interaction(ident, at, tuple(with_people.get(pk, ())), kind, direction, summary, place,
                      _party(initiated, initiated_me), _party(chosen, chosen_me), travel)
        for pk, ident, at, kind, direction, summary, place, initiated, initiated_me, chosen,
        chosen_me, travel in _values(
            events(m.Interaction), "pk", "ident", "at", "kind", "direction", "summary", "place",
            "initiated_by__ident", "initiated_by_me", "time_chosen_by__ident",
            "time_chosen_by_me", "their_travel_minutes")
    )
    favors = tuple(
        e.Favor(ident, at, src or ME, dst or ME, kind, size, what, refers_to)
        for ident, at, src, dst, kind, size, what, refers_to in _values(
            events(m.Favor), "ident", "at", "from_person__ident", "to_person__ident", "kind",
            "size", "what", "refers_to__ident")
    )
    requests = tuple(
        e.Request(ident, at, src or ME, dst or ME, what, size, due)
        for ident, at, src, dst, what, size, due in _values(
            events(m.Request), "ident", "at", "from_person__ident", "to_person__ident", "what",
            "size", "due")
    )
    updates = tuple(
        e.RequestUpdate(ident, request, at, status, note)
        for ident, request, at, status, note in _values(
            events(m.RequestUpdate), "ident", "request__ident", "at", "status", "note")
    )
    thanks = tuple(
        e.Thanks(ident, at, src or ME, dst or ME, favor, channel)
        for ident, at, src, dst, favor, channel in _values(
            events(m.Thanks), "ident", "at", "from_person__ident", "to_person__ident",
            "favor__ident", "channel")
    )
    offers = tuple(
        e.Offer(ident, at, src or ME, dst or ME, what)
        for ident, at, src, dst, what in _values(
            events(m.Offer), "ident", "at", "from_person__ident", "to_person__ident", "what")
    )
    shares = tuple(
        e.Share(ident, at, contact, to, given_by, with_permission)
        for ident, at, contact, to, given_by, with_permission in _values(
            events(m.Share), "ident", "at", "contact__ident", "to__ident", "given_by__ident",
            "with_permission")
    )
    return e.Snapshot(people, interactions, favors, requests, updates, thanks, offers, shares)

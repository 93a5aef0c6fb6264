"""Read-only questions about one owner's network, for the CLI and the web."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Q

from goodterms.errors import Ambiguous, NotFound
from goodterms.store import models as m


def describe(person: m.Person) -> str:
    org = ", ".join(x for x in (person.title, person.org) if x)
    return f"{person.ident:<16} {person.name}" + (f" ({org})" if org else "")


def resolve_person(owner: Any, text: str) -> m.Person:
    """A person by id, or by an unambiguous part of their name (any case)."""
    query = text.strip()
    if not query:
        raise NotFound("no person named: give an id or a name")
    people = m.Person.objects.filter(owner=owner)
    exact = people.filter(ident=query).first()
    if exact is not None:
        return exact
    alias = (m.Record.objects.filter(owner=owner, ident=query, kind="alias")
             .values_list("alias_of", flat=True).first())
    if alias:
        merged = people.filter(ident=alias).first()
        if merged is not None:
            return merged
    matches = list(people.filter(name__icontains=query).order_by("name", "ident")[:50])
    if len(matches) == 1:
        return matches[0]
    if matches:
        same = [p for p in matches if p.name.casefold() == query.casefold()]
        if len(same) == 1:
            return same[0]
        raise Ambiguous(query, [describe(p) for p in matches])
    words = query.casefold().split()
    if len(words) > 1:
        q = Q()
        for word in words:
            q &= Q(name__icontains=word)
        matches = list(people.filter(q).order_by("name")[:50])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise Ambiguous(query, [describe(p) for p in matches])
    names = dict(people.values_list("name", "ident")[:5000])
    close = difflib.get_close_matches(query, list(names), n=5, cutoff=0.6)
    hint = ("; did you mean: " + ", ".join(f"{n} ({names[n]})" for n in close)) if close else ""
    raise NotFound(f"nobody called '{query}' in your network{hint}")


def kind_of(owner: Any, ident: str) -> str | None:
    """What kind of record the owner keeps under this id, if any."""
    kind: str | None = (m.Record.objects.filter(owner=owner, ident=ident)
                        .values_list("kind", flat=True).first())
    return kind


def free_ident(owner: Any, base: str, taken: set[str] | None = None) -> str:
    """`base`, or `base-2`, `base-3`…: the first that no record of the owner uses
    (nor any id in `taken`). One query, however many namesakes there are."""
    taken = taken or set()
    # A range rather than LIKE 'base%': SQLite can answer it from the unique index.
    # Plain SQL: an import asks this once for every new person, and building the
    # query through the ORM cost ten times what answering it did.
    table = connection.ops.quote_name(m.Record._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ident FROM {table} WHERE owner_id = %s AND ident >= %s "
                       "AND ident < %s", [owner.pk, base, base + "\uffff"])
        used = {row[0] for row in cursor.fetchall()}
    candidate, n = base, 1
    while candidate in used or candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def search_people(owner: Any, search: str | None = None) -> list[m.Person]:
    people = m.Person.objects.filter(owner=owner)
    if search:
        for word in search.split():
            people = people.filter(
                Q(name__icontains=word) | Q(ident__icontains=word) | Q(org__icontains=word)
                | Q(label__icontains=word) | Q(title__icontains=word)
            )
    return list(people.order_by("name", "ident"))


def last_contact(owner: Any, people: Iterable[m.Person]) -> dict[int, datetime]:
    """person pk -> moment of the latest interaction (notes excluded), in one query."""
    from django.db.models import Max

    through = m.Interaction.people.through
    rows = (
        through.objects.filter(interaction__owner=owner, person__in=list(people))
        .exclude(interaction__kind="note")
        .values("person_id")
        .annotate(last=Max("interaction__at"))
    )
    return {row["person_id"]: row["last"] for row in rows}


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    ident: str
    text: str


def timeline(owner: Any, person: m.Person) -> list[Entry]:
    """Everything recorded with one person, oldest first."""
    name = person.name.split()[0] if person.name else person.ident
    entries: list[Entry] = []

    def side(from_id: int | None) -> str:
        return f"from {name}" if from_id == person.pk else f"to {name}"

    for i in m.Interaction.objects.filter(owner=owner, people=person).prefetch_related("people"):
        others = [p.name for p in i.people.all() if p.pk != person.pk]
        with_others = f" (with {', '.join(others)})" if others else ""
        arrow = {"out": "from me", "in": f"from {name}", "both": ""}[i.direction]
        detail = " · ".join(x for x in (arrow, i.summary) if x)
        entries.append(Entry(i.at, i.kind, i.ident, detail + with_others))
    mine = Q(from_person=person) | Q(to_person=person)
    for f in m.Favor.objects.filter(mine, owner=owner).select_related("refers_to"):
        about = f" → {f.refers_to.name}" if f.refers_to else ""
        entries.append(Entry(f.at, f"favor {f.kind}", f.ident,
                             f"{side(f.from_person_id)}, size {f.size}: {f.what}{about}".rstrip()))
    for r in m.Request.objects.filter(mine, owner=owner).prefetch_related("updates"):
        due = f", due {r.due:%Y-%m-%d}" if r.due else ""
        entries.append(Entry(r.at, "request", r.ident,
                             f"{side(r.from_person_id)}, size {r.size}{due}: {r.what}"))
        for u in r.updates.all():
            note = f": {u.note}" if u.note else ""
            entries.append(Entry(u.at, f"request {u.status}", u.ident, f"{r.ident}{note}"))
    for t in m.Thanks.objects.filter(mine, owner=owner).select_related("favor"):
        about = f" for {t.favor.ident}" if t.favor else ""
        channel = f" ({t.channel})" if t.channel else ""
        entries.append(Entry(t.at, "thanks", t.ident, f"{side(t.from_person_id)}{about}{channel}"))
    for o in m.Offer.objects.filter(mine, owner=owner):
        entries.append(Entry(o.at, "offer", o.ident, f"{side(o.from_person_id)}: {o.what}"
                             .rstrip(": ")))
    shares = m.Share.objects.filter(
        Q(contact=person) | Q(to=person) | Q(given_by=person), owner=owner
    ).select_related("contact", "to")
    for s in shares:
        permission = ", with permission" if s.with_permission else ""
        entries.append(Entry(s.at, "share", s.ident,
                             f"{s.contact.name} passed on to {s.to.name}{permission}"))
    entries.sort(key=lambda e: (e.at, e.ident))
    return entries

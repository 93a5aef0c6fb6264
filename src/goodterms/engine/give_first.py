"""Whom the user could help today: giving before asking."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from goodterms.engine.check import cut
from goodterms.engine.index import NetworkIndex, ending
from goodterms.engine.model import Snapshot
from goodterms.engine.templates import merged, render
from goodterms.engine.text import first_name, full_name, plural
from goodterms.engine.times import day_text


@dataclass(frozen=True)
class Idea:
    person: str
    reason: str
    suggestion: str


def give_first(
    snapshot: Snapshot,
    as_of: datetime,
    tz: tzinfo,
    templates: Mapping[str, str] | None = None,
) -> list[Idea]:
    """People I owe and people waiting for my answer, most owed first.

    I owe X when X did me more favors than I did things for X (favors, and X's
    requests to me that I did).
    """
    index = NetworkIndex(cut(snapshot, as_of, tz), tz)
    drafts = merged(templates)
    ranked: list[tuple[tuple[int, int, str], Idea]] = []
    for person_id, events in index.by_person.items():
        received = len(events.favors_from)
        given = len(events.favors_to) + len(events.done_for_times)
        waiting = [r for r in events.requests_from if ending(index, r.id) is None]
        if received <= given and not waiting:
            continue
        name, first = full_name(index, person_id), first_name(index, person_id)
        reasons = []
        if received > given:
            reasons.append(
                f"{name} has done you {plural(received, 'favor')} and you have done"
                f" {plural(given, 'thing')} for {first}."
            )
        if waiting:
            oldest = waiting[0]
            reasons.append(
                f'{first} asked you for "{oldest.what}" on {day_text(oldest.at, tz)}'
                " and is waiting for an answer."
            )
            draft = render(drafts, "reply_request", name=first, what=oldest.what)
            suggestion = f'Answer {first}: "{draft}"'
        else:
            offer = render(drafts, "offer_help", name=first)
            suggestion = f'Ask {first} how you can help: "{offer}"'
        idea = Idea(person=person_id, reason=" ".join(reasons), suggestion=suggestion)
        ranked.append(((given - received, -len(waiting), name), idea))
    return [idea for _, idea in sorted(ranked, key=lambda pair: pair[0])]

"""The honest answer to "How do you know X?", from recorded facts only."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, tzinfo

from goodterms.engine.check import cut
from goodterms.engine.index import NetworkIndex, count_until
from goodterms.engine.model import Snapshot
from goodterms.engine.text import first_name, full_name, plural
from goodterms.engine.times import day_text


def know(snapshot: Snapshot, as_of: datetime, person_id: str, tz: tzinfo) -> str:
    """Two or three plain sentences: how you met, how often in touch, what you did."""
    return know_from_index(NetworkIndex(cut(snapshot, as_of, tz), tz), as_of, person_id)


def know_from_index(index: NetworkIndex, as_of: datetime, person_id: str) -> str:
    """`know` over an index already built for the check."""
    return " ".join(
        (
            _how_you_met(index, as_of, person_id),
            _how_often(index, as_of, person_id),
            _what_you_did(index, as_of, person_id),
        )
    )


def _how_you_met(index: NetworkIndex, as_of: datetime, person_id: str) -> str:
    name = full_name(index, person_id)
    person = index.people.get(person_id)
    events = index.of(person_id)
    met = index.met_at(person_id)
    first = events.interactions[0] if events.interactions else None
    parts = []
    if met is not None and met <= as_of and (first is None or met <= first.at):
        parts.append(f"You met {name} on {day_text(met, index.tz)}")
    elif first is not None and first.at <= as_of:
        when = day_text(first.at, index.tz)
        parts.append(f"Your first recorded contact with {name} was a {first.kind} on {when}")
    else:
        parts.append(f"You have no record of meeting {name}")
    if person is not None and person.met_how:
        parts.append(f"({person.met_how})")
    text = " ".join(parts)
    if person is not None and person.introduced_by:
        text += f", introduced by {full_name(index, person.introduced_by)}"
    return text + "."


def _how_often(index: NetworkIndex, as_of: datetime, person_id: str) -> str:
    events = index.of(person_id)
    count = count_until(events.interaction_times, as_of)
    if count == 0:
        return f"You have no recorded contact with {full_name(index, person_id)}."
    kinds = Counter(item.kind for item in events.interactions[:count])
    detail = ", ".join(plural(n, kind) for kind, n in sorted(kinds.items()))
    last = events.interactions[count - 1].at
    times = "once" if count == 1 else f"{count} times"
    return (
        f"You have been in touch {times} ({detail}),"
        f" most recently on {day_text(last, index.tz)}."
    )


def _what_you_did(index: NetworkIndex, as_of: datetime, person_id: str) -> str:
    events = index.of(person_id)
    first = first_name(index, person_id)
    received = sum(1 for favor in events.favors_from if favor.at <= as_of)
    given = sum(1 for favor in events.favors_to if favor.at <= as_of)
    given += count_until(events.done_for_times, as_of)
    if received == 0 and given == 0:
        return "Neither of you has done the other a favor yet."
    return (
        f"{first} has done you {plural(received, 'favor')} and you have done"
        f" {plural(given, 'favor')} for {first}."
    )

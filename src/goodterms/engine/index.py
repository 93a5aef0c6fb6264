"""A per-person index of the network, built once per check.

Every rule reads the same index, so a check costs one pass over the events to
build it plus a few sorted-list look-ups per person or event, never a scan of
the whole network per person.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from operator import attrgetter
from typing import TypeVar

from goodterms.engine.model import (
    ME,
    Favor,
    Interaction,
    Offer,
    Person,
    Request,
    RequestUpdate,
    Share,
    Snapshot,
    Thanks,
)
from goodterms.engine.times import start_of_day

CONTACT_KINDS = frozenset({"meeting", "call", "email", "message"})  # notes are not contact
FROM_ME = frozenset({"out", "both"})
ENDING_STATUSES = frozenset({"done", "declined", "withdrawn"})


def first_at_or_after(times: Sequence[datetime], moment: datetime) -> datetime | None:
    """The first time in a sorted list that is not before `moment`."""
    i = bisect_left(times, moment)
    return times[i] if i < len(times) else None


def count_before(times: Sequence[datetime], moment: datetime) -> int:
    """How many times in a sorted list are strictly before `moment`."""
    return bisect_left(times, moment)


def count_until(times: Sequence[datetime], moment: datetime) -> int:
    """How many times in a sorted list are at or before `moment`."""
    return bisect_right(times, moment)


@dataclass(slots=True)
class PersonEvents:
    """Everything between me and one contact, each list sorted by time."""

    interactions: list[Interaction] = field(default_factory=list)
    interaction_times: list[datetime] = field(default_factory=list)
    out_interaction_times: list[datetime] = field(default_factory=list)
    meeting_or_call_times: list[datetime] = field(default_factory=list)
    contact_out_times: list[datetime] = field(default_factory=list)
    favors_from: list[Favor] = field(default_factory=list)
    favors_to: list[Favor] = field(default_factory=list)
    requests_from: list[Request] = field(default_factory=list)
    requests_to: list[Request] = field(default_factory=list)
    thanks_to: list[Thanks] = field(default_factory=list)
    offers_to: list[Offer] = field(default_factory=list)
    done_for_times: list[datetime] = field(default_factory=list)


EMPTY = PersonEvents()
Event = TypeVar("Event", Interaction, Favor, Request, RequestUpdate, Thanks, Offer, Share)


def _by_time(items: Iterable[Event]) -> list[Event]:
    """Sorted by time, then id (two stable sorts: no key tuples to allocate)."""
    return sorted(sorted(items, key=attrgetter("id")), key=attrgetter("at"))


class NetworkIndex:
    """Per-person sorted event lists, plus a few network-wide ones."""

    def __init__(self, snapshot: Snapshot, tz: tzinfo) -> None:
        self.snapshot = snapshot
        self.tz = tz
        self.people: dict[str, Person] = dict(snapshot.people)
        self.by_person: dict[str, PersonEvents] = defaultdict(PersonEvents)
        self.updates: dict[str, list[RequestUpdate]] = defaultdict(list)
        self.favors_referring_to: dict[str, list[Favor]] = defaultdict(list)
        self.favors_received: list[Favor] = []
        self.favors_given: list[Favor] = []
        self.meetings: list[Interaction] = []
        self.requests: dict[str, Request] = {}
        self.shares: list[Share] = _by_time(snapshot.shares)
        self._index_interactions(_by_time(snapshot.interactions))
        self._index_favors(_by_time(snapshot.favors))
        self._index_requests(_by_time(snapshot.requests))
        self._index_updates(_by_time(snapshot.request_updates))
        self._index_thanks_and_offers(snapshot)
        for events in self.by_person.values():
            events.contact_out_times.sort()
            events.done_for_times.sort()
        self.by_person = dict(self.by_person)
        self.updates = dict(self.updates)
        self.favors_referring_to = dict(self.favors_referring_to)

    def of(self, person_id: str) -> PersonEvents:
        """The events with one contact (empty when there are none)."""
        return self.by_person.get(person_id, EMPTY)

    def met_at(self, person_id: str) -> datetime | None:
        """The start of the day the user met the person, if recorded."""
        person = self.people.get(person_id)
        if person is None or person.met_on is None:
            return None
        return start_of_day(person.met_on, self.tz)

    def _index_interactions(self, interactions: list[Interaction]) -> None:
        by_person = self.by_person
        for item in interactions:
            kind, at = item.kind, item.at
            if kind not in CONTACT_KINDS:
                continue
            if kind == "meeting":
                self.meetings.append(item)
            meeting_or_call = kind in ("meeting", "call")
            from_me = item.direction in FROM_ME
            people = item.with_ if len(item.with_) == 1 else tuple(dict.fromkeys(item.with_))
            for pid in people:
                if pid == ME:
                    continue
                events = by_person[pid]
                events.interactions.append(item)
                events.interaction_times.append(at)
                if meeting_or_call:
                    events.meeting_or_call_times.append(at)
                if from_me:
                    events.out_interaction_times.append(at)
                    events.contact_out_times.append(at)

    def _index_favors(self, favors: list[Favor]) -> None:
        for favor in favors:
            if favor.to == ME and favor.from_ != ME:
                self.by_person[favor.from_].favors_from.append(favor)
                self.favors_received.append(favor)
                if favor.refers_to is not None:
                    self.favors_referring_to[favor.refers_to].append(favor)
            elif favor.from_ == ME and favor.to != ME:
                events = self.by_person[favor.to]
                events.favors_to.append(favor)
                events.contact_out_times.append(favor.at)
                self.favors_given.append(favor)

    def _index_requests(self, requests: list[Request]) -> None:
        for request in requests:
            self.requests[request.id] = request
            if request.to == ME and request.from_ != ME:
                self.by_person[request.from_].requests_from.append(request)
            elif request.from_ == ME and request.to != ME:
                events = self.by_person[request.to]
                events.requests_to.append(request)
                events.contact_out_times.append(request.at)

    def _index_updates(self, updates: list[RequestUpdate]) -> None:
        done_seen: set[str] = set()
        for update in updates:
            self.updates[update.request].append(update)
            request = self.requests.get(update.request)
            if request is None or update.status != "done" or update.request in done_seen:
                continue
            done_seen.add(update.request)
            if request.to == ME and request.from_ != ME:
                self.by_person[request.from_].done_for_times.append(update.at)

    def _index_thanks_and_offers(self, snapshot: Snapshot) -> None:
        for thanks in _by_time(snapshot.thanks):
            if thanks.from_ == ME and thanks.to != ME:
                events = self.by_person[thanks.to]
                events.thanks_to.append(thanks)
                events.contact_out_times.append(thanks.at)
        for offer in _by_time(snapshot.offers):
            if offer.from_ == ME and offer.to != ME:
                events = self.by_person[offer.to]
                events.offers_to.append(offer)
                events.contact_out_times.append(offer.at)


def ending(index: NetworkIndex, request_id: str) -> RequestUpdate | None:
    """The first update that ended a request (done, declined or withdrawn)."""
    for update in index.updates.get(request_id, ()):
        if update.status in ENDING_STATUSES:
            return update
    return None


def did_something_before(events: PersonEvents, moment: datetime) -> bool:
    """A favor from me to X, or X's request to me marked done, before `moment`."""
    return (bool(events.favors_to) and events.favors_to[0].at < moment) or (
        count_before(events.done_for_times, moment) > 0
    )


def offered_before(events: PersonEvents, moment: datetime) -> bool:
    """An offer of help from me to X before `moment`."""
    return bool(events.offers_to) and events.offers_to[0].at < moment

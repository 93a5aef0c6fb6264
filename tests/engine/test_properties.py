"""Properties that hold for any network: the future never leaks into a check."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from goodterms.engine import (
    BUILTIN_RULES,
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
    run_check,
)
from goodterms.engine.model import FAVOR_KINDS

START = datetime(2026, 1, 1, tzinfo=UTC)
PEOPLE = ("ann", "bob", "cat")
LABELS = ("", "friend", "close friend", "new contact", "mentor", "recruiter")

moments = st.integers(min_value=0, max_value=200 * 24).map(lambda h: START + timedelta(hours=h))
people_ids = st.sampled_from(PEOPLE)
pairs = people_ids.flatmap(lambda p: st.sampled_from([(p, ME), (ME, p)]))


@st.composite
def networks(draw: st.DrawFn) -> Snapshot:
    people = {
        pid: Person(
            id=pid, name=pid.title(), label=draw(st.sampled_from(LABELS)), close=draw(st.booleans())
        )
        for pid in PEOPLE
    }
    interactions = tuple(
        Interaction(
            id=f"i{n}",
            at=draw(moments),
            with_=(draw(people_ids),),
            kind=draw(st.sampled_from(["meeting", "call", "email", "message", "note"])),
            direction=draw(st.sampled_from(["out", "in", "both"])),
            time_chosen_by=draw(st.sampled_from([None, ME, "ann"])),
            their_travel_minutes=draw(st.sampled_from([None, 0, 20])),
        )
        for n in range(draw(st.integers(0, 8)))
    )
    favors = []
    for n in range(draw(st.integers(0, 6))):
        from_, to = draw(pairs)
        favors.append(
            Favor(
                id=f"f{n}",
                at=draw(moments),
                from_=from_,
                to=to,
                kind=draw(st.sampled_from(FAVOR_KINDS)),
                size=draw(st.integers(1, 5)),
                refers_to=draw(st.sampled_from([None, *PEOPLE])),
            )
        )
    requests = []
    for n in range(draw(st.integers(0, 6))):
        from_, to = draw(pairs)
        requests.append(
            Request(
                id=f"r{n}",
                at=draw(moments),
                from_=from_,
                to=to,
                what="x",
                size=draw(st.integers(1, 5)),
            )
        )
    updates = tuple(
        RequestUpdate(
            id=f"u{n}",
            request=f"r{draw(st.integers(0, 5))}",
            at=draw(moments),
            status=draw(st.sampled_from(["done", "declined", "withdrawn", "asked_again"])),
        )
        for n in range(draw(st.integers(0, 4)))
    )
    thanks = tuple(
        Thanks(
            id=f"t{n}",
            at=draw(moments),
            from_=ME,
            to=draw(people_ids),
            for_=draw(st.sampled_from([None, "f0", "f1", "f2"])),
        )
        for n in range(draw(st.integers(0, 4)))
    )
    offers = tuple(
        Offer(id=f"o{n}", at=draw(moments), from_=ME, to=draw(people_ids))
        for n in range(draw(st.integers(0, 3)))
    )
    shares = tuple(
        Share(
            id=f"s{n}",
            at=draw(moments),
            contact=draw(people_ids),
            to=draw(people_ids),
            given_by=draw(st.sampled_from([None, *PEOPLE])),
        )
        for n in range(draw(st.integers(0, 3)))
    )
    return Snapshot(
        people=people,
        interactions=interactions,
        favors=tuple(favors),
        requests=tuple(requests),
        request_updates=updates,
        thanks=thanks,
        offers=offers,
        shares=shares,
    )


def event_times(snapshot: Snapshot) -> dict[str, datetime]:
    events = (
        *snapshot.interactions,
        *snapshot.favors,
        *snapshot.requests,
        *snapshot.thanks,
        *snapshot.offers,
        *snapshot.shares,
    )
    return {event.id: event.at for event in events}


def shifted(snapshot: Snapshot, after: datetime) -> Snapshot:
    """The same network plus a copy of every event moved past `after`."""
    later = after - START + timedelta(seconds=1)

    def move(items: tuple, prefix: str) -> tuple:  # type: ignore[type-arg]
        return items + tuple(replace(i, id=prefix + i.id, at=i.at + later) for i in items)

    return Snapshot(
        people=snapshot.people,
        interactions=move(snapshot.interactions, "z"),
        favors=move(snapshot.favors, "z"),
        requests=move(snapshot.requests, "z"),
        request_updates=tuple(replace(u, at=u.at + later) for u in snapshot.request_updates)
        + snapshot.request_updates,
        thanks=move(snapshot.thanks, "z"),
        offers=move(snapshot.offers, "z"),
        shares=move(snapshot.shares, "z"),
    )


def check(snapshot: Snapshot, as_of: datetime) -> list[tuple[object, ...]]:
    result = run_check(snapshot, as_of, tz=UTC, rules=BUILTIN_RULES)
    assert result.errors == []
    return [(f.rule, f.person, f.subject, f.state, f.due, f.severity) for f in result.findings]


@settings(max_examples=150, deadline=None)
@given(networks(), moments)
def test_findings_never_reference_events_after_as_of(snapshot: Snapshot, as_of: datetime) -> None:
    times = event_times(snapshot)
    for finding in run_check(snapshot, as_of, tz=UTC, rules=BUILTIN_RULES).findings:
        if finding.subject is not None:
            assert times[finding.subject] <= as_of


@settings(max_examples=150, deadline=None)
@given(networks(), moments)
def test_events_after_as_of_never_change_the_result(snapshot: Snapshot, as_of: datetime) -> None:
    assert check(shifted(snapshot, as_of), as_of) == check(snapshot, as_of)


@settings(max_examples=150, deadline=None)
@given(networks(), moments)
def test_states_agree_with_due_dates(snapshot: Snapshot, as_of: datetime) -> None:
    for rule, _, _, state, due, _ in check(snapshot, as_of):
        assert isinstance(rule, str)
        if state == "warning":
            assert due is None
        elif state == "due":
            assert isinstance(due, datetime) and due >= as_of
        else:
            assert state == "overdue" and isinstance(due, datetime) and due < as_of

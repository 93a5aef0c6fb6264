"""Journal-format dicts to a Snapshot, with the journal's defaults applied.

A small, pure converter for tests and the demo. It checks what it needs to
build the model and says which line is wrong; the full journal reader (with
every refusal JOURNAL.md lists) lives outside the engine.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any

from goodterms.engine.model import (
    FAVOR_DEFAULT_SIZE,
    REQUEST_DEFAULT_SIZE,
    Favor,
    Interaction,
    Offer,
    Person,
    Request,
    RequestUpdate,
    Share,
    Snapshot,
    Thanks,
    default_direction,
)
from goodterms.engine.times import start_of_day

Line = Mapping[str, Any]


def _is_date(value: str) -> bool:
    return "T" not in value and " " not in value.strip()


def parse_moment(value: str, tz: tzinfo) -> datetime:
    """An ISO time; a date alone is the start of that day, no offset means `tz`."""
    if _is_date(value):
        return start_of_day(date.fromisoformat(value), tz)
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def parse_due(value: str, tz: tzinfo) -> datetime:
    """A request's due: a date alone means the end of that day (23:59:59)."""
    if _is_date(value):
        return datetime.combine(date.fromisoformat(value), time(23, 59, 59), tzinfo=tz)
    return parse_moment(value, tz)


def derived_id(line: Line) -> str:
    """A stable id for a line without one, from its content."""
    content = json.dumps(dict(line), sort_keys=True, ensure_ascii=False)
    return f"{line['type']}-{hashlib.sha1(content.encode()).hexdigest()[:12]}"


def _person(line: Line, tz: tzinfo) -> Person:
    met_on = line.get("met_on")
    return Person(
        id=line["id"],
        name=line["name"],
        met_on=date.fromisoformat(met_on[:10]) if met_on else None,
        met_how=line.get("met_how", ""),
        introduced_by=line.get("introduced_by"),
        label=line.get("label", ""),
        close=bool(line.get("close", False)),
        org=line.get("org", ""),
        title=line.get("title", ""),
        emails=tuple(line.get("emails", ())),
        tags=tuple(line.get("tags", ())),
    )


def _interaction(line: Line, tz: tzinfo) -> Interaction:
    kind = line["kind"]
    return Interaction(
        id=line.get("id") or derived_id(line),
        at=parse_moment(line["at"], tz),
        with_=tuple(line["with"]),
        kind=kind,
        direction=line.get("direction") or default_direction(kind),
        summary=line.get("summary", ""),
        place=line.get("place", ""),
        initiated_by=line.get("initiated_by"),
        time_chosen_by=line.get("time_chosen_by"),
        their_travel_minutes=line.get("their_travel_minutes"),
    )


def _favor(line: Line, tz: tzinfo) -> Favor:
    kind = line["kind"]
    return Favor(
        id=line["id"],
        at=parse_moment(line["at"], tz),
        from_=line["from"],
        to=line["to"],
        kind=kind,
        size=int(line.get("size") or FAVOR_DEFAULT_SIZE[kind]),
        what=line.get("what", ""),
        refers_to=line.get("refers_to"),
    )


def _request(line: Line, tz: tzinfo) -> Request:
    due = line.get("due")
    return Request(
        id=line["id"],
        at=parse_moment(line["at"], tz),
        from_=line["from"],
        to=line["to"],
        what=line["what"],
        size=int(line.get("size") or REQUEST_DEFAULT_SIZE),
        due=parse_due(due, tz) if due else None,
    )


def _update(line: Line, tz: tzinfo) -> RequestUpdate:
    return RequestUpdate(
        id=line.get("id") or derived_id(line),
        request=line["request"],
        at=parse_moment(line["at"], tz),
        status=line["status"],
        note=line.get("note", ""),
    )


def _thanks(line: Line, tz: tzinfo) -> Thanks:
    return Thanks(
        id=line.get("id") or derived_id(line),
        at=parse_moment(line["at"], tz),
        from_=line["from"],
        to=line["to"],
        for_=line.get("for"),
        channel=line.get("channel", ""),
    )


def _offer(line: Line, tz: tzinfo) -> Offer:
    return Offer(
        id=line.get("id") or derived_id(line),
        at=parse_moment(line["at"], tz),
        from_=line["from"],
        to=line["to"],
        what=line.get("what", ""),
    )


def _share(line: Line, tz: tzinfo) -> Share:
    return Share(
        id=line.get("id") or derived_id(line),
        at=parse_moment(line["at"], tz),
        contact=line["contact"],
        to=line["to"],
        given_by=line.get("given_by"),
        with_permission=bool(line.get("with_permission", False)),
    )


CONVERTERS: dict[str, tuple[str, Callable[[Line, tzinfo], Any]]] = {
    "person": ("people", _person),
    "interaction": ("interactions", _interaction),
    "favor": ("favors", _favor),
    "request": ("requests", _request),
    "request_update": ("request_updates", _update),
    "thanks": ("thanks", _thanks),
    "offer": ("offers", _offer),
    "share": ("shares", _share),
}


def snapshot_from_journal_dicts(lines: Iterable[Line], tz: tzinfo) -> Snapshot:
    """Build a Snapshot from journal lines (dicts), applying the journal's defaults."""
    found: dict[str, list[Any]] = {field: [] for field, _ in CONVERTERS.values()}
    for number, line in enumerate(lines, start=1):
        kind = line.get("type")
        if kind not in CONVERTERS:
            raise ValueError(f"line {number}: unknown type {kind!r}")
        field, convert = CONVERTERS[kind]
        try:
            found[field].append(convert(line, tz))
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"line {number}: bad {kind} line ({exc!r})") from exc
    return Snapshot(
        people={person.id: person for person in found["people"]},
        interactions=tuple(found["interactions"]),
        favors=tuple(found["favors"]),
        requests=tuple(found["requests"]),
        request_updates=tuple(found["request_updates"]),
        thanks=tuple(found["thanks"]),
        offers=tuple(found["offers"]),
        shares=tuple(found["shares"]),
    )

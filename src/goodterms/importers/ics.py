"""The calendar importer: iCalendar (.ics) files, as Google Calendar and Outlook export them.

Every past occurrence of an event that the owner shared with someone else becomes a
"meeting" `Event`; the other people in it become `Contact`s keyed by their email address.

Memory: icalendar parses the whole file at once (no streaming parser exists for
iCalendar), then recurring events are expanded one series (UID) at a time. That is
fine up to tens of megabytes, years of a busy calendar; files over `MAX_BYTES` are
refused rather than exhausting memory.

Decisions, for the reader who wonders why:

* Who the owner is: any address in `me.emails`. When that is empty, the address in
  the calendar's `X-WR-CALNAME`, which Google sets to the account's email for a
  primary calendar (never used when `me.emails` is given: a Google Takeout also holds
  colleagues' calendars, named after *their* address). When no address is known at
  all, an attendee whose CN is one of `me.names` is the owner.
* Only people count: rooms, resources and groups (`CUTYPE=ROOM|RESOURCE|GROUP`) and
  Google's calendar addresses (`…@group.calendar.google.com`,
  `…@resource.calendar.google.com`) are not contacts; nor are attendees without an
  email address, which could only be matched by name. Other attendees who declined
  were not there and are left out of `with_`.
* Only the past: occurrences that start at or before `until`. A recurring series is
  expanded up to `until` (its later occurrences are silently not reported); an event
  or overridden occurrence lying wholly after `until` is reported as skipped. With no
  `until`, series without an end are expanded up to a year past the last date the
  file mentions.
* Skips are reported once per VEVENT (a weekly meeting the owner declined is one
  `Skipped`, not fifty).
* Times: TZID parameters are resolved by icalendar (VTIMEZONE blocks, Olson and
  Windows names); floating times are read in `tz` (`X-WR-TIMEZONE` is deliberately
  not applied to them); an all-day event is a meeting at the start of its first day
  in `tz`. `Event.at` is given in `tz`.
* Keys: "ics:UID:START", START being the occurrence's start in UTC
  (`2024-03-05T09:00:00Z`), or, so that changing one's time zone does not duplicate
  everything, the date as written for an all-day event (`2024-03-15`) and the local
  time as written for a floating one (`2024-03-05T10:00:00`). An event without a UID
  gets a hash of its start and summary instead.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goodterms.errors import BadInput
from goodterms.importers.records import Contact, Event, Me, Skipped, normal_email

if TYPE_CHECKING:
    import icalendar
# icalendar and recurring_ical_events are imported where a calendar is read: every
# `goodterms import` loads every importer to recognise the file, and these two alone
# took a twentieth of a second to import.

MAX_BYTES = 256 * 2**20
NOT_PEOPLE = frozenset({"ROOM", "RESOURCE", "GROUP"})
NOT_PEOPLE_DOMAIN = "calendar.google.com"  # group calendars, rooms, "unknownorganizer@"
TIME_PROPERTIES = frozenset(
    {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID"}
)
RECURRING = ("RRULE", "RDATE", "RECURRENCE-ID")
MARGIN = timedelta(days=1)  # wider than any UTC offset, for floating and all-day times
OPEN_SERIES_HORIZON = timedelta(days=366)

_BREAK = re.compile(r"\r\n|\r|\n")


class IcsImporter:
    name = "ics"
    description = "calendar (.ics, from Google Calendar or Outlook)"

    def sniff(self, path: Path, head: bytes) -> bool:
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            head = head[:512].decode("utf-16", errors="ignore").encode("utf-8")
        return head.removeprefix(codecs.BOM_UTF8).lstrip()[:15].upper() == b"BEGIN:VCALENDAR"

    def records(self, path: Path, tz: tzinfo, me: Me, until: datetime | None = None
                ) -> Iterator[Contact | Event | Skipped]:
        """The contacts, meetings and skipped events of the file, in file order.

        The file is read and parsed now (a file that is no calendar raises `BadInput`
        here); records come as they are iterated. `until` is normally "now": later
        occurrences are not meetings. A naive `until` is read in `tz`.
        """
        text = _read_text(path)
        calendars = _parse(text, path)
        if until is not None and until.tzinfo is None:
            until = until.replace(tzinfo=tz)
        return _Reader(calendars, _vevent_lines(text), tz, me, until).records()


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BadInput(f"too big for a calendar ({size // 2**20} MB; at most "
                           f"{MAX_BYTES // 2**20} MB)", source=str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot be read ({exc.strerror})", source=str(path)) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:  # older Outlook versions write Windows-1252
        return data.decode("cp1252", errors="replace")


def _parse(text: str, path: Path) -> list[icalendar.Calendar]:
    import icalendar

    try:
        found = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as exc:  # icalendar raises ValueError and others on garbage
        raise BadInput(f"not a readable iCalendar file ({exc})", source=str(path)) from None
    calendars = [c for c in found if isinstance(c, icalendar.Calendar) and c.name == "VCALENDAR"]
    if not calendars:
        raise BadInput("no complete calendar in the file (BEGIN:VCALENDAR … END:VCALENDAR); "
                       "is it cut short?", source=str(path))
    return calendars


@dataclass(frozen=True)
class _Person:
    email: str  # normalised, may be "" (then not a contact)
    cn: str
    partstat: str
    cutype: str

    @property
    def is_person(self) -> bool:
        return (bool(self.email) and self.cutype not in NOT_PEOPLE
                and not self.email.endswith(NOT_PEOPLE_DOMAIN))


@dataclass
class _Entry:
    component: Any  # icalendar.Event
    line: int
    problem: str | None


class _Reader:
    def __init__(self, calendars: list[icalendar.Calendar], lines: dict[str, list[int]],
                 tz: tzinfo, me: Me, until: datetime | None) -> None:
        self.tz = tz
        self.until = until
        self.owner_emails = {e for e in (normal_email(x) for x in me.emails) if e}
        if not self.owner_emails:
            for calendar in calendars:
                guessed = normal_email(str(calendar.get("X-WR-CALNAME", "")))
                if guessed:
                    self.owner_emails.add(guessed)
        self.owner_names = set() if self.owner_emails else {
            n.strip().casefold() for n in me.names if n.strip()}
        self.groups: dict[str, list[_Entry]] = {}
        self.names: dict[str, str] = {}
        self.yielded: set[str] = set()
        self.skipped: set[tuple[int, str]] = set()
        self.first: datetime | None = None
        self.last: datetime | None = None
        for calendar in calendars:
            for component in calendar.walk("VEVENT"):
                uid = str(component.get("UID", "")).strip()
                queue = lines.get(uid)
                line = queue.pop(0) if queue else 0
                problem = _problem(component)
                group = uid if uid and problem is None else f"\0{len(self.groups)}"
                self.groups.setdefault(group, []).append(_Entry(component, line, problem))
                if problem is None:
                    self._survey(component)

    def _survey(self, component: Any) -> None:
        """Note the best name of each address and the span of dates the file covers."""
        organizer, attendees = _people(component)
        for person in [organizer, *attendees]:
            if person and person.email and person.cn and not normal_email(person.cn):
                self.names.setdefault(person.email, person.cn)
        for value in _dates(component):
            at = _aware(value, self.tz).astimezone(UTC)
            if self.first is None or at < self.first:
                self.first = at
            if self.last is None or at > self.last:
                self.last = at

    def records(self) -> Iterator[Contact | Event | Skipped]:
        if self.first is None or self.last is None:
            for entries in self.groups.values():
                yield from self._problems(entries)
            return
        start = self.first - MARGIN
        end = (self.until if self.until is not None else self.last + OPEN_SERIES_HORIZON) + MARGIN
        end = max(end, start + 2 * MARGIN)  # `until` before the whole file: all is future
        for entries in self.groups.values():
            yield from self._problems(entries)
            good = [e for e in entries if e.problem is None]
            if good:
                yield from self._series(good, start, end)

    def _problems(self, entries: list[_Entry]) -> Iterator[Skipped]:
        for entry in entries:
            if entry.problem is not None:
                yield from self._skip(entry.line, entry.problem)

    def _series(self, entries: list[_Entry], start: datetime, end: datetime
                ) -> Iterator[Contact | Event | Skipped]:
        """The occurrences of one UID: its main event and its overridden occurrences."""
        occurrences: list[Any]
        if len(entries) == 1 and not any(p in entries[0].component for p in RECURRING):
            occurrences = [entries[0].component]  # most events: nothing to expand
        else:
            import icalendar
            import recurring_ical_events

            calendar = icalendar.Calendar()
            for entry in entries:
                calendar.add_component(entry.component)
            try:
                occurrences = recurring_ical_events.of(calendar).between(start, end)
            except Exception as exc:  # one broken series must not stop the others
                for entry in entries:
                    yield from self._skip(entry.line, f"unreadable event ({_short(exc)})")
                return
        main = next((e.line for e in entries if "RECURRENCE-ID" not in e.component),
                    entries[0].line)
        overrides = {_instant(e.component["RECURRENCE-ID"].dt): e.line
                     for e in entries if "RECURRENCE-ID" in e.component}
        timed = sorted(((_aware(o["DTSTART"].dt, self.tz), o) for o in occurrences),
                       key=lambda pair: pair[0])
        done: set[int] = set()
        for at, occurrence in timed:
            if self.until is not None and at > self.until:
                continue
            rid = occurrence.get("RECURRENCE-ID")
            line = overrides.get(_instant(rid.dt), main) if rid is not None else main
            done.add(line)
            yield from self._occurrence(occurrence, at, line)
        if self.until is not None:
            for entry in entries:
                if (entry.line not in done
                        and _aware(entry.component["DTSTART"].dt, self.tz) > self.until):
                    yield from self._skip(entry.line, "future event")

    def _occurrence(self, occurrence: Any, at: datetime, line: int
                    ) -> Iterator[Contact | Event | Skipped]:
        if str(occurrence.get("STATUS", "")).upper() == "CANCELLED":
            yield from self._skip(line, "cancelled event")
            return
        organizer, attendees = _people(occurrence)
        if any(self._is_me(a) and a.partstat == "DECLINED" for a in attendees):
            yield from self._skip(line, "declined event")
            return
        declined = {a.email for a in attendees if a.partstat == "DECLINED"}
        others: dict[str, _Person] = {}
        for person in [organizer, *attendees]:
            if (person is not None and person.is_person and not self._is_me(person)
                    and person.email not in declined):
                others.setdefault(person.email, person)
        if not others:
            yield from self._skip(line, "nobody else in the event")
            return
        chosen_by: str | None = None
        if organizer is not None and self._is_me(organizer):
            chosen_by = "me"
        elif organizer is not None and organizer.is_person:
            chosen_by = "email:" + organizer.email
            others.setdefault(organizer.email, organizer)  # contact needed, even if declined
        for email, person in others.items():
            key = "email:" + email
            if key not in self.yielded:
                self.yielded.add(key)
                yield Contact(key=key, name=self._name(person), emails=(email,), line=line)
        yield Event(
            key=_key(occurrence),
            at=at.astimezone(self.tz),
            kind="meeting",
            with_=tuple("email:" + e for e in others if e not in declined),
            direction="both",
            summary=str(occurrence.get("SUMMARY", "")).strip(),
            place=str(occurrence.get("LOCATION", "")).strip(),
            initiated_by=chosen_by,
            time_chosen_by=chosen_by,
            line=line,
        )

    def _is_me(self, person: _Person) -> bool:
        if person.email and person.email in self.owner_emails:
            return True
        return bool(self.owner_names) and person.cn.strip().casefold() in self.owner_names

    def _name(self, person: _Person) -> str:
        if person.email in self.names:
            return self.names[person.email]
        if person.cn and not normal_email(person.cn):
            return person.cn
        return person.email.split("@", 1)[0]

    def _skip(self, line: int, reason: str) -> Iterator[Skipped]:
        if (line, reason) not in self.skipped:
            self.skipped.add((line, reason))
            yield Skipped(line, reason)


def _key(occurrence: Any) -> str:
    """The key "ics:UID:START", stable from one import of the file to the next."""
    start = _stamp(occurrence["DTSTART"].dt)
    uid = str(occurrence.get("UID", "")).strip()
    if not uid:
        summary = str(occurrence.get("SUMMARY", ""))
        uid = "nouid-" + hashlib.sha1(f"{start}\n{summary}".encode()).hexdigest()[:16]
    return f"ics:{uid}:{start}"


def _problem(component: Any) -> str | None:
    """Why this VEVENT cannot be used on its own, or None."""
    for name, message in component.errors:
        if str(name).upper() in TIME_PROPERTIES:
            return f"unreadable {str(name).upper()} ({_short(message)})"
    if "DTSTART" not in component:
        return "event without a start (DTSTART)"
    try:
        for _ in _dates(component):
            pass
    except Exception as exc:
        return f"unreadable event ({_short(exc)})"
    return None


def _dates(component: Any) -> Iterator[date]:
    """Every date or datetime that bounds the event's occurrences."""
    yield component["DTSTART"].dt
    if "RECURRENCE-ID" in component:
        yield component["RECURRENCE-ID"].dt
    for rule in _as_list(component.get("RRULE")):
        yield from rule.get("UNTIL", ())
    for rdates in _as_list(component.get("RDATE")):
        for value in rdates.dts:
            moment = value.dt
            yield moment[0] if isinstance(moment, tuple) else moment


def _people(component: Any) -> tuple[_Person | None, list[_Person]]:
    organizer = component.get("ORGANIZER")
    return (
        _person(organizer) if organizer is not None else None,
        [_person(a) for a in _as_list(component.get("ATTENDEE"))],
    )


def _person(address: Any) -> _Person:
    params = getattr(address, "params", {})
    return _Person(
        email=normal_email(str(address)),
        cn=str(params.get("CN", "")).strip(),
        partstat=str(params.get("PARTSTAT", "")).upper(),
        cutype=str(params.get("CUTYPE", "")).upper(),
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _aware(value: date, tz: tzinfo) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), tzinfo=tz)
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def _stamp(value: date) -> str:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _instant(value: date) -> tuple[str, str]:
    """A RECURRENCE-ID in a form that compares equal however its time zone is written."""
    if isinstance(value, datetime):
        return ("time" if value.tzinfo is not None else "floating", _stamp(value))
    return ("date", value.isoformat())


def _short(problem: object) -> str:
    text = " ".join(str(problem).split())
    return text if len(text) <= 120 else text[:117] + "..."


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfolded content lines, each with the number of its first physical line."""
    current: str | None = None
    start = 0
    for number, raw in enumerate(_BREAK.split(text), 1):
        if current is not None and raw[:1] in (" ", "\t"):
            current += raw[1:]
            continue
        if current is not None:
            yield start, current
        current, start = raw, number
    if current is not None:
        yield start, current


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def _vevent_lines(text: str) -> dict[str, list[int]]:
    """The line of each BEGIN:VEVENT, by UID as written, in file order.

    icalendar does not say where it found a component; this light scan does.
    """
    found: dict[str, list[int]] = {}
    depth = -1  # components open inside the current VEVENT; -1: not in a VEVENT
    begin, uid = 0, ""
    for number, line in _logical_lines(text):
        head, _, value = line.partition(":")
        name = head.split(";", 1)[0].strip().upper()
        if name == "BEGIN":
            if depth < 0 and value.strip().upper() == "VEVENT":
                depth, begin, uid = 0, number, ""
            elif depth >= 0:
                depth += 1
        elif name == "END" and depth >= 0:
            if depth == 0:
                found.setdefault(uid, []).append(begin)
            depth -= 1
        elif name == "UID" and depth == 0:
            uid = _unescape(value).strip()
    return found


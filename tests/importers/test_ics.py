"""The calendar importer: .ics files from Google Calendar and Outlook, parsed only."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from goodterms.errors import BadInput
from goodterms.importers.ics import IcsImporter
from goodterms.importers.records import Contact, Event, Me, Skipped

FIXTURES = Path(__file__).parent / "fixtures" / "ics"
GOOGLE = FIXTURES / "google.ics"
OUTLOOK = FIXTURES / "outlook.ics"
PARIS = ZoneInfo("Europe/Paris")
SAM = Me(names=("Sam Rivera",), emails=("sam.rivera@example.com",))
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
ONE_TO_ONE = "5q1d8kq0c2m3v7h9j4t6b1n0pa@google.com"
LEA = "email:lea.martin@example.net"
ANA = "email:ana.bell@example.org"
MARC = "email:marc.dubois@example.fr"


def read(path: Path, me: Me = SAM, until: datetime | None = NOW, tz: ZoneInfo = PARIS
         ) -> list[Contact | Event | Skipped]:
    return list(IcsImporter().records(path, tz, me, until))


def events(records: list[Contact | Event | Skipped]) -> list[Event]:
    return [r for r in records if isinstance(r, Event)]


def skipped(records: list[Contact | Event | Skipped]) -> list[Skipped]:
    return [r for r in records if isinstance(r, Skipped)]


def contacts(records: list[Contact | Event | Skipped]) -> list[Contact]:
    return [r for r in records if isinstance(r, Contact)]


def one_to_ones(records: list[Contact | Event | Skipped]) -> list[Event]:
    return [e for e in events(records) if e.key.startswith(f"ics:{ONE_TO_ONE}:")]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def line_of(path: Path, text: str) -> int:
    """The line of the BEGIN:VEVENT above the first line containing `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = next(i for i, line in enumerate(lines) if text in line)
    return max(i for i in range(found + 1) if lines[i] == "BEGIN:VEVENT") + 1


def calendar(tmp_path: Path, *events: str) -> Path:
    """A calendar of these VEVENTs: its line 4 is the first BEGIN:VEVENT."""
    body = "\n".join(event.strip() for event in events)
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//goodterms tests//EN\n{body}\nEND:VCALENDAR\n"
    path = tmp_path / "test.ics"
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    return path


# Sniffing


def test_it_sniffs_calendars_from_content():
    sniff = IcsImporter().sniff
    assert sniff(Path("x.txt"), GOOGLE.read_bytes()[:4096])
    assert sniff(Path("x"), b"\xef\xbb\xbf\r\n  BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert sniff(Path("x"), "BEGIN:VCALENDAR\r\n".encode("utf-16"))
    assert not sniff(Path("calendar.ics"), b"BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert not sniff(Path("x.ics"), b'{"type": "person"}\n')
    assert not sniff(Path("x.ics"), b"")


def test_it_is_named_and_described():
    assert IcsImporter.name == "ics"
    assert "calendar" in IcsImporter.description


# Recurrence


def test_it_expands_the_weekly_one_to_one_with_its_exceptions():
    # Tuesdays 5 March to 23 April 2024: 8 occurrences, one removed by EXDATE (19 March),
    # one moved (2 April to Thursday 4 April), one cancelled (16 April).
    meetings = one_to_ones(read(GOOGLE))
    assert [e.at.date().isoformat() for e in meetings] == [
        "2024-03-05", "2024-03-12", "2024-03-26", "2024-04-04", "2024-04-09", "2024-04-23"]
    assert all(e.kind == "meeting" and e.with_ == (LEA,) for e in meetings)
    assert all(e.direction == "both" for e in meetings)


def test_it_leaves_out_the_exdate():
    assert not any(e.at.date().isoformat() == "2024-03-19" for e in one_to_ones(read(GOOGLE)))


def test_it_moves_the_overridden_occurrence():
    meetings = one_to_ones(read(GOOGLE))
    moved = [e for e in meetings if e.at.date().isoformat() == "2024-04-04"]
    assert len(moved) == 1
    assert moved[0].at.astimezone(UTC) == utc(2024, 4, 4, 13, 0)
    assert moved[0].summary == "Sam / Léa 1:1 (moved)"
    assert moved[0].place == "https://meet.google.com/abc-defg-hij"
    assert moved[0].line == line_of(GOOGLE, "SUMMARY:Sam / Léa 1:1 (moved)")
    assert not any(e.at.date().isoformat() == "2024-04-02" for e in meetings)


def test_it_skips_the_cancelled_occurrence():
    records = read(GOOGLE)
    assert not any(e.at.date().isoformat() == "2024-04-16" for e in one_to_ones(records))
    line = line_of(GOOGLE, "STATUS:CANCELLED")
    assert Skipped(line, "cancelled event") in skipped(records)


def test_it_skips_a_cancelled_outlook_event():
    records = read(OUTLOOK)
    assert Skipped(line_of(OUTLOOK, "Canceled: Lunch with Jonas"), "cancelled event") in records
    assert not any("Lunch" in e.summary for e in events(records))


def test_it_counts_an_outlook_monthly_series():
    mentoring = [e for e in events(read(OUTLOOK)) if e.summary == "Mentoring – Jonas"]
    assert [e.at.astimezone(UTC) for e in mentoring] == [
        utc(2024, 1, 3, 17), utc(2024, 2, 7, 17), utc(2024, 3, 6, 17)]


# Skips


def test_it_skips_events_the_owner_declined():
    records = read(GOOGLE)
    assert Skipped(line_of(GOOGLE, "SUMMARY:Team lunch at Tom's"), "declined event") in records
    assert not any(e.summary == "Team lunch at Tom's" for e in events(records))
    assert "email:tom.okafor@example.com" not in {c.key for c in contacts(records)}


def test_it_skips_events_with_nobody_else():
    records = read(GOOGLE)
    assert Skipped(line_of(GOOGLE, "SUMMARY:Dentist"), "nobody else in the event") in records
    assert not any(e.summary == "Dentist" for e in events(records))


def test_it_skips_an_event_whose_only_guest_declined(tmp_path):
    path = calendar(tmp_path, """
BEGIN:VEVENT
UID:alone@example.com
DTSTART:20240110T100000Z
ORGANIZER:mailto:sam.rivera@example.com
ATTENDEE;PARTSTAT=DECLINED;CN=Bo Lind:mailto:bo@example.com
END:VEVENT""")
    assert read(path) == [Skipped(4, "nobody else in the event")]


def test_it_skips_future_events_with_until():
    records = read(GOOGLE)
    assert Skipped(line_of(GOOGLE, "SUMMARY:Catch-up with Léa"), "future event") in records
    assert all(e.at <= NOW for e in events(records))


def test_it_skips_everything_when_until_comes_before_the_file():
    records = read(GOOGLE, until=utc(2020, 1, 1))
    assert not events(records) and not contacts(records)
    assert {s.reason for s in skipped(records)} == {"future event"}
    assert len(skipped(records)) == 9  # every VEVENT, overridden occurrences included


def test_it_stops_a_series_at_until():
    until = datetime(2024, 4, 9, 10, 0, tzinfo=PARIS)  # the very start of an occurrence
    records = read(GOOGLE, until=until)
    assert [e.at.date().isoformat() for e in one_to_ones(records)] == [
        "2024-03-05", "2024-03-12", "2024-03-26", "2024-04-04", "2024-04-09"]
    # later occurrences are not meetings, and the cancelled one is not even mentioned
    assert not any(s.reason == "cancelled event" for s in skipped(records))


def test_it_takes_every_event_without_until():
    records = read(GOOGLE, until=None)
    assert any(e.summary == "Catch-up with Léa" for e in events(records))
    assert not any(s.reason == "future event" for s in skipped(records))


def test_it_expands_an_endless_series_without_until_to_a_bounded_horizon(tmp_path):
    path = calendar(tmp_path, """
BEGIN:VEVENT
UID:yearly@example.com
DTSTART:20240101T100000Z
RRULE:FREQ=YEARLY
ORGANIZER:mailto:sam.rivera@example.com
ATTENDEE:mailto:bo@example.com
END:VEVENT""")
    assert [e.at.year for e in events(read(path, until=None))] == [2024, 2025]


# Time


def test_it_honours_time_zones():
    records = read(GOOGLE)
    meetings = {e.at.date().isoformat(): e for e in one_to_ones(records)}
    # 10:00 in Paris, before and after the switch to summer time on 31 March
    assert meetings["2024-03-26"].at.astimezone(UTC) == utc(2024, 3, 26, 9)
    assert meetings["2024-04-09"].at.astimezone(UTC) == utc(2024, 4, 9, 8)
    review = next(e for e in events(records) if e.summary == "Design review")
    assert review.at.astimezone(UTC) == utc(2024, 3, 20, 13)  # written in UTC ("Z")
    assert all(e.at.tzinfo is not None for e in events(records))


def test_it_reads_windows_time_zone_names_from_outlook():
    records = read(OUTLOOK, tz=ZoneInfo("America/New_York"))
    intro = next(e for e in events(records) if e.summary.startswith("Intro call"))
    assert intro.at.astimezone(UTC) == utc(2024, 5, 14, 16, 30)  # 9:30 Pacific summer time
    mentoring = next(e for e in events(records) if e.summary.startswith("Mentoring"))
    assert mentoring.at.astimezone(UTC) == utc(2024, 1, 3, 17)  # 18:00 in Berlin, winter


def test_it_reads_windows_time_zone_names_without_vtimezone(tmp_path):
    path = calendar(tmp_path, """
BEGIN:VEVENT
UID:pst@example.com
DTSTART;TZID="Pacific Standard Time":20240110T093000
ATTENDEE:mailto:bo@example.com
END:VEVENT""")
    assert events(read(path))[0].at.astimezone(UTC) == utc(2024, 1, 10, 17, 30)


def test_it_reads_floating_times_in_the_given_time_zone(tmp_path):
    path = calendar(tmp_path, """
BEGIN:VEVENT
UID:floating@example.com
DTSTART:20240110T100000
ATTENDEE:mailto:bo@example.com
END:VEVENT""")
    tokyo = events(read(path, tz=ZoneInfo("Asia/Tokyo")))[0]
    assert tokyo.at.astimezone(UTC) == utc(2024, 1, 10, 1)
    paris = events(read(path, tz=PARIS))[0]
    assert paris.at.astimezone(UTC) == utc(2024, 1, 10, 9)
    assert tokyo.key == paris.key == "ics:floating@example.com:2024-01-10T10:00:00"


def test_it_puts_all_day_events_at_the_start_of_the_day():
    offsite = next(e for e in events(read(GOOGLE)) if e.summary == "Offsite with Priya")
    assert offsite.at == datetime(2024, 3, 15, 0, 0, tzinfo=PARIS)
    assert offsite.at.astimezone(UTC) == utc(2024, 3, 14, 23)
    assert offsite.key == "ics:4k8j2h6g0f4d8s2a6p0o4i8u2y@google.com:2024-03-15"
    new_york = next(e for e in events(read(GOOGLE, tz=ZoneInfo("America/New_York")))
                    if e.summary == "Offsite with Priya")
    assert new_york.at.astimezone(UTC) == utc(2024, 3, 15, 4)
    assert new_york.key == offsite.key


def test_it_counts_an_event_starting_exactly_at_until_as_past():
    until = datetime(2024, 3, 5, 10, 0, tzinfo=PARIS)
    assert [e.at for e in one_to_ones(read(GOOGLE, until=until))] == [until]


# People


def test_it_says_who_picked_the_time():
    records = read(GOOGLE)
    one_to_one = one_to_ones(records)[0]
    assert (one_to_one.time_chosen_by, one_to_one.initiated_by) == ("me", "me")
    review = next(e for e in events(records) if e.summary == "Design review")
    assert (review.time_chosen_by, review.initiated_by) == (MARC, MARC)
    intro = next(e for e in events(read(OUTLOOK)) if e.summary.startswith("Intro call"))
    assert intro.time_chosen_by == ANA


def test_it_yields_each_contact_once_before_its_first_use():
    for path in (GOOGLE, OUTLOOK):
        seen: set[str] = set()
        keys = []
        for record in read(path):
            if isinstance(record, Contact):
                keys.append(record.key)
                seen.add(record.key)
            elif isinstance(record, Event):
                assert set(record.with_) <= seen
                for chooser in (record.time_chosen_by, record.initiated_by):
                    assert chooser in seen or chooser in ("me", None)
        assert len(keys) == len(set(keys))


def test_it_makes_contacts_of_the_other_people():
    found = {c.key: c for c in contacts(read(GOOGLE))}
    assert set(found) == {LEA, ANA, MARC, "email:priya.nair@example.org"}
    assert found[LEA] == Contact(key=LEA, name="Léa Martin", emails=("lea.martin@example.net",),
                                 line=line_of(GOOGLE, "SUMMARY:Sam / Léa 1:1"))
    # Ana is first seen with her address as CN: the real name written later wins
    assert found[ANA].name == "Ana Bell"
    assert found[ANA].emails == ("ana.bell@example.org",)


def test_it_finds_ana_bell_in_both_exports():
    for path in (GOOGLE, OUTLOOK):
        ana = [c for c in contacts(read(path)) if c.emails == ("ana.bell@example.org",)]
        assert [(c.key, c.name) for c in ana] == [(ANA, "Ana Bell")]


def test_it_leaves_out_rooms_and_guests_who_declined():
    records = read(GOOGLE)
    review = next(e for e in events(records) if e.summary == "Design review")
    assert review.with_ == (MARC, ANA)
    keys = {c.key for c in contacts(records)}
    assert "email:jonas.weber@example.de" not in keys
    assert not any("calendar.google.com" in key for key in keys)


def test_it_names_a_contact_after_the_address_without_a_cn(tmp_path):
    path = calendar(tmp_path, """
BEGIN:VEVENT
UID:nocn@example.com
DTSTART:20240110T100000Z
ATTENDEE:mailto:Bo.Lind@Example.com
END:VEVENT""")
    assert contacts(read(path)) == [
        Contact(key="email:bo.lind@example.com", name="bo.lind", emails=("bo.lind@example.com",),
                line=4)]


def test_it_guesses_the_owner_from_x_wr_calname():
    guessed = read(GOOGLE, me=Me())
    assert guessed == read(GOOGLE)
    assert "email:sam.rivera@example.com" not in {c.key for c in contacts(guessed)}


def test_it_does_not_guess_the_owner_when_their_addresses_are_given():
    records = read(GOOGLE, me=Me(emails=("sam@work.example",)))
    assert "email:sam.rivera@example.com" in {c.key for c in contacts(records)}


def test_it_knows_the_owner_by_name_when_no_address_is_known():
    records = read(OUTLOOK, me=Me(names=("Sam Rivera",)))  # X-WR-CALNAME is "Calendar"
    assert records == read(OUTLOOK)
    nobody = read(OUTLOOK, me=Me())
    assert "email:sam.rivera@example.com" in {c.key for c in contacts(nobody)}


# Keys and lines


def test_it_gives_stable_keys():
    first, second = read(GOOGLE), read(GOOGLE)
    assert first == second
    keys = [e.key for e in events(first)]
    assert len(keys) == len(set(keys))
    assert f"ics:{ONE_TO_ONE}:2024-03-05T09:00:00Z" in keys
    assert f"ics:{ONE_TO_ONE}:2024-04-04T13:00:00Z" in keys  # the moved one, where it went
    # the keys do not depend on the reader's time zone (the all-day one included)
    assert keys == [e.key for e in events(read(GOOGLE, tz=ZoneInfo("Asia/Tokyo")))]


def test_it_gives_the_line_of_each_begin_vevent():
    for path in (GOOGLE, OUTLOOK):
        lines = path.read_text(encoding="utf-8").splitlines()
        for record in read(path, until=None):
            if isinstance(record, Contact | Event | Skipped):
                assert lines[record.line - 1] == "BEGIN:VEVENT", record


def test_it_matches_folded_outlook_uids_to_their_lines():
    intro = next(e for e in events(read(OUTLOOK)) if e.summary.startswith("Intro call"))
    assert intro.line == line_of(OUTLOOK, "Intro call")
    assert intro.key.startswith("ics:040000008200E00074C5B7101A82E008000000003C4D5E6F7A8BDA01")


def test_it_keys_events_without_uid_by_their_content(tmp_path):
    event = """
BEGIN:VEVENT
DTSTART:20240110T100000Z
SUMMARY:Coffee
ATTENDEE:mailto:bo@example.com
END:VEVENT"""
    key = events(read(calendar(tmp_path, event)))[0].key
    assert key.startswith("ics:nouid-") and key.endswith(":2024-01-10T10:00:00Z")
    assert key == events(read(calendar(tmp_path, event, event)))[1].key


# Bad input


def test_it_refuses_a_file_that_is_no_calendar(tmp_path):
    path = tmp_path / "notes.ics"
    path.write_text("Dear diary,\nlunch with Ana.\n", encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        IcsImporter().records(path, PARIS, SAM)
    assert caught.value.source == str(path)


def test_it_refuses_a_calendar_cut_short(tmp_path):
    path = tmp_path / "cut.ics"
    path.write_bytes(GOOGLE.read_bytes()[:3000])
    with pytest.raises(BadInput, match="cut short"):
        IcsImporter().records(path, PARIS, SAM)


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(BadInput, match="cannot be read"):
        IcsImporter().records(tmp_path / "nowhere.ics", PARIS, SAM)


def test_it_skips_bad_events_among_good_ones(tmp_path):
    path = calendar(tmp_path, """
BEGIN:VEVENT
UID:bad-start@example.com
DTSTART:next tuesday
ATTENDEE:mailto:bo@example.com
END:VEVENT
BEGIN:VEVENT
UID:bad-rule@example.com
DTSTART:20240110T100000Z
RRULE:FREQ=SOMETIMES
ATTENDEE:mailto:bo@example.com
END:VEVENT
BEGIN:VEVENT
UID:no-start@example.com
SUMMARY:When?
ATTENDEE:mailto:bo@example.com
END:VEVENT
BEGIN:VEVENT
UID:good@example.com
DTSTART:20240111T100000Z
ATTENDEE:mailto:bo@example.com
END:VEVENT""")
    records = read(path)
    assert [(s.line, s.reason.split(" (")[0]) for s in skipped(records)] == [
        (4, "unreadable DTSTART"), (9, "unreadable RRULE"), (15, "event without a start")]
    assert [e.key for e in events(records)] == ["ics:good@example.com:2024-01-11T10:00:00Z"]


def test_it_skips_a_series_the_expander_cannot_handle(tmp_path, monkeypatch):
    path = calendar(tmp_path, """
BEGIN:VEVENT
UID:weekly@example.com
DTSTART:20240110T100000Z
RRULE:FREQ=WEEKLY;COUNT=3
ATTENDEE:mailto:bo@example.com
END:VEVENT
BEGIN:VEVENT
UID:daily@example.com
DTSTART:20240110T100000Z
RRULE:FREQ=DAILY;COUNT=2
ATTENDEE:mailto:bo@example.com
END:VEVENT""")
    import recurring_ical_events

    real = recurring_ical_events.of

    def fussy(calendar, *args, **kwargs):
        if any(str(e.get("UID")) == "weekly@example.com" for e in calendar.walk("VEVENT")):
            raise ValueError("cannot expand this one")
        return real(calendar, *args, **kwargs)

    monkeypatch.setattr(recurring_ical_events, "of", fussy)
    records = read(path)
    assert skipped(records) == [Skipped(4, "unreadable event (cannot expand this one)")]
    assert len(events(records)) == 2


def test_it_does_not_import_django():
    code = ("import sys, goodterms.importers.ics; "
            "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

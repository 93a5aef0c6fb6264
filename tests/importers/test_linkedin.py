"""The LinkedIn export parser: files in, contacts, events and skipped rows out (no database)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from goodterms.importers.linkedin import LinkedInImporter
from goodterms.importers.records import Contact, Event, Me, Skipped

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"
NEW = FIXTURES / "new-export"
OLD = FIXTURES / "old-export"

OWNER = "https://www.linkedin.com/in/maren-holloway-3c1d"
ANA = "https://www.linkedin.com/in/ana-bell-7f2e91"
TOMAS = "https://www.linkedin.com/in/tomas-okafor"
PRIYA = "https://www.linkedin.com/in/priya-raman-b8"
JONAS = "https://www.linkedin.com/in/jonas-lindqvist"
SAM = "https://www.linkedin.com/in/sam-whitfield-02a"
LENA = "https://www.linkedin.com/in/lena-fischer-phd"
RAFAEL = "https://www.linkedin.com/in/rafael-costa-q1"
DANA = "https://www.linkedin.com/in/dana-whit"
BO = "https://www.linkedin.com/in/bo-chen-5d"
NEW_YORK = ZoneInfo("America/New_York")

importer = LinkedInImporter()


def read(path: Path, tz: ZoneInfo = NEW_YORK, me: Me | None = None
         ) -> list[Contact | Event | Skipped]:
    return list(importer.records(path, tz, me or Me()))


def contacts(records: list) -> dict[str, Contact]:
    return {r.key: r for r in records if isinstance(r, Contact)}


def events(records: list) -> list[Event]:
    return [r for r in records if isinstance(r, Event)]


def skipped(records: list) -> list[Skipped]:
    return [r for r in records if isinstance(r, Skipped)]


def head(path: Path) -> bytes:
    return path.read_bytes()[:64 * 1024] if path.is_file() else b""


def make_zip(folder: Path, target: Path, inside: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, inside + file.name)
    return target


def copy_of(folder: Path, tmp_path: Path, *names: str) -> Path:
    target = tmp_path / folder.name
    target.mkdir()
    for name in names or [f.name for f in folder.iterdir()]:
        shutil.copy(folder / name, target / name)
    return target


def write(path: Path, text: str, *, bom: bool = False, crlf: bool = False) -> Path:
    data = text.replace("\n", "\r\n") if crlf else text
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode())
    return path


# Sniffing ----------------------------------------------------------------------------------


def test_it_has_a_name_and_a_description():
    assert importer.name == "linkedin"
    assert importer.description == "LinkedIn data export (the .zip, or its folder)"


def test_it_sniffs_the_zip(tmp_path):
    flat = make_zip(NEW, tmp_path / "Basic_LinkedInDataExport_03-01-2026.zip")
    nested = make_zip(NEW, tmp_path / "nested.zip", inside="Basic_LinkedInDataExport/")
    assert importer.sniff(flat, head(flat))
    assert importer.sniff(nested, head(nested))


def test_it_sniffs_the_folder(tmp_path):
    assert importer.sniff(NEW, b"")
    assert importer.sniff(OLD, b"")
    only_messages = copy_of(NEW, tmp_path, "messages.csv")
    assert importer.sniff(only_messages, b"")
    outer = tmp_path / "Downloads"
    shutil.copytree(NEW, outer / "Basic_LinkedInDataExport_03-01-2026")
    assert importer.sniff(outer, b"")


def test_it_sniffs_a_single_csv_by_its_content_not_its_name(tmp_path):
    for source in (NEW / "Connections.csv", OLD / "Connections.csv", NEW / "messages.csv",
                   OLD / "messages.csv", NEW / "Invitations.csv"):
        renamed = tmp_path / f"download-{source.parent.name}-{source.name}.txt"
        shutil.copy(source, renamed)
        assert importer.sniff(renamed, head(renamed)), source


def test_it_says_no_to_what_is_not_a_linkedin_export(tmp_path):
    google = write(tmp_path / "contacts.csv",
                   "First Name,Middle Name,Last Name,E-mail 1 - Value,Phone 1 - Value\n"
                   "Ana,,Bell,ana@example.org,+351 912 345 678\n")
    connections_by_name = write(tmp_path / "Connections.csv", "name,email\nAna,ana@x.org\n")
    journal = write(tmp_path / "journal.jsonl", '{"type": "person", "id": "ana"}\n')
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    other_zip = tmp_path / "photos.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    profile_only = copy_of(NEW, tmp_path, "Profile.csv")
    broken_zip = tmp_path / "broken.zip"
    broken_zip.write_bytes(b"PK\x03\x04 not really a zip")
    for path in (google, connections_by_name, journal, other_zip, broken_zip):
        assert not importer.sniff(path, head(path)), path
    assert not importer.sniff(empty_folder, b"")
    assert not importer.sniff(profile_only, b"")
    assert not importer.sniff(NEW / "Profile.csv", head(NEW / "Profile.csv"))


# Connections.csv ---------------------------------------------------------------------------


def test_it_maps_every_connection_field():
    ana = contacts(read(NEW))[f"linkedin:{ANA}"]
    assert ana == Contact(
        key=f"linkedin:{ANA}", name="Ana Bell", emails=("ana.bell@example.org",),
        linkedin=ANA, org="Northwind Traders, Inc.", title="Staff Engineer",
        met_on=date(2024, 3, 12), met_how="LinkedIn", line=5,
    )


def test_it_reads_past_the_notes_preamble():
    records = read(NEW / "Connections.csv")
    assert NEW.joinpath("Connections.csv").read_bytes().split(b"\r\n")[0].endswith(b"Notes:")
    assert skipped(records) == [Skipped(8, "hidden profile (only a date)", "Connections.csv")]
    first = records[0]
    assert isinstance(first, Contact)
    assert (first.name, first.line) == ("Ana Bell", 5)
    assert all("Notes" not in c.name and "email" not in c.name.lower()
               for c in contacts(records).values())


def test_it_reads_a_bom_and_crlf_line_ends(tmp_path):
    raw = (NEW / "Connections.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(
        b"\r\n", b"")
    assert [c.name for c in contacts(read(NEW / "Connections.csv")).values()] == [
        "Ana Bell", "Tomás Okafor", "Priya Raman", "Jonas Lindqvist"]
    # A BOM right before the header (no preamble) must not hide the first column.
    old_text = (OLD / "Connections.csv").read_text(encoding="utf-8")
    bom_crlf = write(tmp_path / "Connections.csv", old_text, bom=True, crlf=True)
    assert [(c.name, c.line) for c in contacts(read(bom_crlf)).values()] == [
        ("Bo Chen", 2), ("Ana Bell", 3), ("Zoë Brandt", 4)]


def test_it_keeps_quoted_commas_and_newlines():
    people = contacts(read(NEW))
    assert people[f"linkedin:{ANA}"].org == "Northwind Traders, Inc."
    assert people[f"linkedin:{PRIYA}"].org == "Acme, Widgets & Co"
    tomas = people[f"linkedin:{TOMAS}"]
    assert tomas.title == "Head of Platform and Infrastructure"  # the line break is a space
    assert (tomas.name, tomas.line, tomas.met_on) == ("Tomás Okafor", 6, date(2023, 1, 3))


def test_it_skips_hidden_profiles_with_the_reason_and_the_line():
    assert skipped(read(NEW / "Connections.csv")) == [
        Skipped(8, "hidden profile (only a date)", "Connections.csv")]
    assert skipped(read(OLD / "Connections.csv")) == [
        Skipped(5, "hidden profile (only a date)", "Connections.csv")]


def test_it_points_at_the_right_file_lines():
    """Every line number names the line of the file where its row begins."""
    lines = NEW.joinpath("Connections.csv").read_text(encoding="utf-8-sig").splitlines()
    for contact in contacts(read(NEW / "Connections.csv")).values():
        assert lines[contact.line - 1].startswith(contact.name.split()[0] + ","), contact
    message_lines = NEW.joinpath("messages.csv").read_text(encoding="utf-8").splitlines()
    for record in read(NEW):
        if isinstance(record, Event) and record.key.startswith("linkedin-msg:"):
            conversation = record.key.split(":")[1]
            assert message_lines[record.line - 1].startswith(conversation + ","), record
    invitation_lines = NEW.joinpath("Invitations.csv").read_text(encoding="utf-8").splitlines()
    assert invitation_lines[3].startswith("Maren Holloway,Jonas Lindqvist")  # line 4
    assert Skipped(4, "invitation without a message", "Invitations.csv") in read(NEW)


def test_it_reads_the_old_generation_without_urls():
    people = contacts(read(OLD / "Connections.csv"))
    assert list(people) == ["linkedin-name:bo chen", "linkedin-name:ana bell",
                            "linkedin-name:zoë brandt"]
    ana = people["linkedin-name:ana bell"]
    assert ana == Contact(
        key="linkedin-name:ana bell", name="Ana Bell", emails=("ana.bell@example.org",),
        org="Northwind Traders", title="Engineer", met_on=date(2019, 3, 12),
        met_how="LinkedIn", line=3,
    )
    assert people["linkedin-name:zoë brandt"].org == "Brandt & Söhne, GmbH"
    raw = (OLD / "Connections.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw


def test_it_maps_columns_by_name_and_ignores_unknown_ones(tmp_path):
    shuffled = write(tmp_path / "Connections.csv",
                     "Connected On,Position,Last Name,Shoe Size,First Name,Company,URL\n"
                     "05 May 2025,CTO,Moss,44,Iris,Fernway,"
                     "https://linkedin.com/in/Iris-Moss/?trk=x\n")
    [iris] = read(shuffled)
    assert iris == Contact(
        key="linkedin:https://www.linkedin.com/in/iris-moss", name="Iris Moss",
        linkedin="https://www.linkedin.com/in/iris-moss", org="Fernway", title="CTO",
        met_on=date(2025, 5, 5), met_how="LinkedIn", line=2,
    )


def test_it_skips_a_file_missing_a_required_column(tmp_path):
    folder = copy_of(NEW, tmp_path)
    write(folder / "Connections.csv", "Notes:\n\nSurname,Company,Connected On\nBell,Acme,"
                                      "12 Mar 2024\n")
    records = read(folder)
    assert records.count(Skipped(0, "Connections.csv has no 'First Name' column")) == 1
    assert not [c for c in contacts(records).values() if c.met_how]  # nothing from that file
    assert events(records)  # the other files are still read
    no_date = write(tmp_path / "x.csv", "First Name,Last Name,Connected On\n")
    assert read(no_date) == []
    messages = write(tmp_path / "messages.csv", "CONVERSATION ID,FROM,TO,CONTENT\nc1,A,B,hi\n")
    assert read(messages, me=Me(names=("B",))) == [
        Skipped(0, "messages.csv has no 'DATE' column")]


def test_it_skips_rows_that_are_not_utf8_and_reads_the_rest(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_bytes(b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                     b"Ana,Bell,,,Acme,Engineer,12 Mar 2024\n"
                     b"J\xf6rg,Weiss,,,Beta,Manager,13 Mar 2024\n"
                     b"Bo,Chen,,,Gamma,Analyst,14 Mar 2024\n")
    records = read(path)
    assert [(type(r).__name__, r.line) for r in records] == [
        ("Contact", 2), ("Skipped", 3), ("Contact", 4)]
    assert records[1] == Skipped(3, "not UTF-8 text", "Connections.csv")


# messages.csv ------------------------------------------------------------------------------


def test_it_turns_messages_into_events_with_directions():
    by_line = {e.line: e for e in events(read(NEW)) if e.key.startswith("linkedin-msg:")}
    assert sorted(by_line) == [2, 3, 5, 6, 11]
    first = by_line[2]
    assert first.at == datetime(2024, 3, 14, 9, 5, 11, tzinfo=UTC)
    assert first.at.utcoffset() is not None
    assert (first.kind, first.direction, first.with_) == ("message", "in", (f"linkedin:{ANA}",))
    assert first.summary == ("Hi Maren, loved your talk on boring infrastructure. "
                             "Are you still looking for a ")
    assert len(first.summary) == 80
    reply = by_line[3]
    assert (reply.direction, reply.with_) == ("out", (f"linkedin:{ANA}",))
    assert reply.summary == "Thanks Ana! Happy to chat next week."
    assert by_line[5].direction == "in" and by_line[5].summary == "Platform role at Tidewater"
    group = by_line[6]
    assert (group.direction, group.with_) == ("out", (f"linkedin:{ANA}", f"linkedin:{JONAS}"))


def test_it_knows_the_owner_by_name_when_there_is_no_url(tmp_path):
    folder = copy_of(NEW, tmp_path, "Connections.csv", "messages.csv")
    # Without Profile.csv and Invitations.csv the owner is the one person in every message.
    records = read(folder)
    assert [e.direction for e in events(records)] == ["in", "out", "in", "out", "out"]
    assert f"linkedin:{OWNER}" not in contacts(records)
    # And by the names given in Me, for the older exports.
    old = read(OLD, me=Me(names=("maren  holloway",)))
    assert [e.direction for e in events(old)] == ["in", "out", "out"]


def test_it_refuses_messages_when_it_cannot_tell_who_the_owner_is(tmp_path):
    folder = copy_of(OLD, tmp_path)
    records = read(folder)
    assert Skipped(0, "messages.csv: cannot tell which participant is you "
                      "(no Profile.csv, and no name of yours is known)") in records
    assert not events(records)


def test_it_never_makes_the_owner_a_contact(tmp_path):
    for records in (read(NEW), read(copy_of(NEW, tmp_path, "messages.csv")),
                    read(OLD, me=Me(names=("Maren Holloway",)))):
        for contact in contacts(records).values():
            assert contact.name != "Maren Holloway"
            assert contact.linkedin != OWNER
        for event in events(records):
            assert f"linkedin:{OWNER}" not in event.with_
            assert "linkedin-name:maren holloway" not in event.with_
    owner_as_connection = write(
        tmp_path / "Connections.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Maren,Holloway,,maren@holloway.example,Self,Me,01 Jan 2020\n")
    assert read(owner_as_connection, me=Me(emails=("maren@holloway.example",))) == [
        Skipped(2, "your own entry", "Connections.csv")]


def test_it_gives_a_new_participant_one_contact_before_their_first_event():
    records = read(NEW)
    sam = [i for i, r in enumerate(records) if getattr(r, "key", "") == f"linkedin:{SAM}"]
    assert len(sam) == 1
    contact = records[sam[0]]
    assert contact == Contact(key=f"linkedin:{SAM}", name="Sam Whitfield", linkedin=SAM, line=5)
    event = records[sam[0] + 1]
    assert isinstance(event, Event) and event.with_ == (f"linkedin:{SAM}",)


def test_it_only_references_contacts_already_given(tmp_path):
    zipped = make_zip(NEW, tmp_path / "export.zip")
    for records in (read(NEW), read(zipped), read(OLD, me=Me(names=("Maren Holloway",))),
                    read(copy_of(NEW, tmp_path, "messages.csv"))):
        given: set[str] = set()
        for record in records:
            if isinstance(record, Contact):
                given.add(record.key)
            elif isinstance(record, Event):
                assert set(record.with_) <= given, record
                assert record.initiated_by in (None, "me") or record.initiated_by in given


def test_it_splits_recipient_names_that_hold_commas():
    people = contacts(read(NEW))
    assert people[f"linkedin:{LENA}"].name == "Lena Fischer, PhD"
    [intro] = [e for e in events(read(NEW)) if e.summary == "Intro"]
    assert intro.with_ == (f"linkedin:{LENA}", f"linkedin:{PRIYA}")


def test_it_skips_sponsored_drafts_spam_and_nobody():
    assert skipped(read(NEW / "messages.csv")) == [
        Skipped(7, "sponsored message", "messages.csv"),
        Skipped(8, "message with no one else in it", "messages.csv"),
        Skipped(9, "draft message", "messages.csv"),
        Skipped(10, "message in the spam folder", "messages.csv"),
    ]
    names = {c.name for c in contacts(read(NEW)).values()}
    assert not names & {"Quick Cash", "Tidewater Careers", "LinkedIn Member"}


def test_it_strips_html_from_a_summary_and_tolerates_missing_columns(tmp_path):
    path = write(tmp_path / "messages.csv",
                 "FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT\n"
                 f'Ana Bell,{ANA},Maren Holloway,{OWNER},2024-03-14 09:05:11,'
                 '"<p>Hi Maren,</p><br/><p>coffee &amp; cake?</p>"\n')
    records = read(path, me=Me(names=("Maren Holloway",)))
    assert [type(r).__name__ for r in records] == ["Contact", "Event"]
    event = records[1]
    assert isinstance(event, Event)
    assert event.summary == "Hi Maren, coffee & cake?"
    assert event.at == datetime(2024, 3, 14, 9, 5, 11, tzinfo=UTC)
    assert event.key.startswith(f"linkedin-msg::2024-03-14T09:05:11Z:{ANA}:")


def test_it_reports_an_unreadable_date(tmp_path):
    path = write(tmp_path / "messages.csv",
                 "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT\n"
                 f"c1,Ana Bell,{ANA},Maren Holloway,{OWNER},yesterday,hi\n")
    assert read(path, me=Me(names=("Maren Holloway",))) == [
        Skipped(2, "unreadable date 'yesterday'", "messages.csv")]


def test_it_joins_old_connections_with_the_urls_of_message_senders():
    records = read(OLD, me=Me(names=("Maren Holloway",)))
    bo = [r for r in records if isinstance(r, Contact) and r.name == "Bo Chen"]
    assert [(c.key, c.linkedin) for c in bo] == [
        ("linkedin-name:bo chen", ""), ("linkedin-name:bo chen", BO)]
    assert [e.with_ for e in events(records)] == [
        ("linkedin-name:bo chen",), ("linkedin-name:bo chen",),
        ("linkedin-name:zoë brandt", "linkedin-name:bo chen")]


# Invitations.csv ---------------------------------------------------------------------------


def test_it_turns_invitations_with_a_message_into_events():
    invitations = [e for e in events(read(NEW)) if e.key.startswith("linkedin-invitation:")]
    assert [(e.line, e.direction, e.with_, e.initiated_by) for e in invitations] == [
        (2, "out", (f"linkedin:{ANA}",), "me"),
        (3, "in", (f"linkedin:{RAFAEL}",), f"linkedin:{RAFAEL}"),
        (5, "in", (f"linkedin:{DANA}",), f"linkedin:{DANA}"),
    ]
    assert invitations[0].summary == "LinkedIn invitation: Hi Ana, great meeting you at the meetup!"
    assert invitations[1].summary == ("LinkedIn invitation: Hello Maren, I lead hiring at "
                                      "Quayside and would love to con")
    assert all(e.kind == "message" for e in invitations)
    assert Skipped(4, "invitation without a message", "Invitations.csv") in read(NEW)
    rafael = contacts(read(NEW))[f"linkedin:{RAFAEL}"]
    assert rafael == Contact(key=f"linkedin:{RAFAEL}", name="Rafael Costa", linkedin=RAFAEL,
                             line=3)


def test_it_reads_invitation_times_in_the_users_time_zone():
    by_line = {e.line: e for e in events(read(NEW / "Invitations.csv", tz=NEW_YORK))}
    assert by_line[2].at == datetime(2024, 3, 10, 20, 15, tzinfo=NEW_YORK)
    assert by_line[3].at.astimezone(UTC) == datetime(2026, 1, 29, 19, 37, tzinfo=UTC)  # EST
    # A narrow no-break space before AM, and summer time.
    assert by_line[5].at.astimezone(UTC) == datetime(2025, 7, 4, 13, 0, tzinfo=UTC)  # EDT
    in_lisbon = {e.line: e for e in events(read(NEW / "Invitations.csv",
                                                tz=ZoneInfo("Europe/Lisbon")))}
    assert in_lisbon[3].at.astimezone(UTC) == datetime(2026, 1, 29, 14, 37, tzinfo=UTC)


def test_it_keys_invitations_by_name_when_there_is_no_url(tmp_path):
    path = write(tmp_path / "Invitations.csv",
                 "From,To,Sent At,Message,Direction\n"
                 'Kai Berg,Maren Holloway,"12/1/20, 7:05 AM",Hi there,INCOMING\n'
                 'Maren Holloway,Kai Berg,"12/2/20, 7:05 PM",,OUTGOING\n')
    records = read(path, tz=ZoneInfo("UTC"))
    assert records == [
        Contact(key="linkedin-name:kai berg", name="Kai Berg", line=2),
        Event(key="linkedin-invitation:incoming:linkedin-name:kai berg:2020-12-01T07:05",
              at=datetime(2020, 12, 1, 7, 5, tzinfo=ZoneInfo("UTC")), kind="message",
              with_=("linkedin-name:kai berg",), direction="in",
              summary="LinkedIn invitation: Hi there", initiated_by="linkedin-name:kai berg",
              line=2),
        Skipped(3, "invitation without a message", "Invitations.csv"),
    ]


# The whole export --------------------------------------------------------------------------


def test_it_reads_the_files_in_order_profile_connections_invitations_messages():
    records = read(NEW)
    kinds = [r.key.split(":")[0] for r in records if not isinstance(r, Skipped)]
    first_invitation = kinds.index("linkedin-invitation")
    first_message = kinds.index("linkedin-msg")
    assert first_invitation < first_message
    assert all(k == "linkedin" for k in kinds[:4])  # the four connections come first


def test_it_gives_stable_event_keys(tmp_path):
    once, twice = read(NEW), read(NEW)
    assert once == twice
    keys = [e.key for e in events(once)]
    assert len(keys) == len(set(keys))
    zipped = read(make_zip(NEW, tmp_path / "export.zip", inside="LinkedInDataExport/"))
    assert zipped == once
    # The same messages in another time zone, or another export, keep their keys.
    assert [e.key for e in events(read(NEW, tz=ZoneInfo("Asia/Tokyo")))] == keys


def test_it_reads_the_zip_exactly_like_the_folder(tmp_path):
    zipped = make_zip(NEW, tmp_path / "Basic_LinkedInDataExport_03-01-2026.zip")
    assert read(zipped) == read(NEW)
    assert read(make_zip(OLD, tmp_path / "old.zip"), me=Me(names=("Maren Holloway",))) == read(
        OLD, me=Me(names=("Maren Holloway",)))


def test_it_reads_a_single_file_alone(tmp_path):
    renamed = tmp_path / "my-linkedin-messages.csv"
    shutil.copy(NEW / "messages.csv", renamed)
    records = read(renamed)
    assert len(events(records)) == 5
    assert all(c.met_how == "" for c in contacts(records).values())
    not_linkedin = write(tmp_path / "other.csv", "a,b\n1,2\n")
    assert read(not_linkedin) == [Skipped(0, "other.csv is not a file of a LinkedIn export")]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert read(empty) == [Skipped(0, "empty holds no file of a LinkedIn export")]
    photos = tmp_path / "photos.zip"
    with zipfile.ZipFile(photos, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    assert read(photos) == [Skipped(0, "photos.zip holds no file of a LinkedIn export")]


def test_it_is_lazy(tmp_path):
    path = tmp_path / "Connections.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
        for n in range(20_000):
            out.write(f"P{n},Q,https://www.linkedin.com/in/p{n},,C,T,01 Jan 2020\n")
    stream = importer.records(path, NEW_YORK, Me())
    first = next(stream)
    assert isinstance(first, Contact) and first.name == "P0 Q"
    del stream  # closes the generator, and the file with it
    assert sum(1 for _ in importer.records(path, NEW_YORK, Me())) == 20_000


def test_it_does_not_import_django():
    code = ("import sys, goodterms.importers.linkedin; "
            "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize("raw, expected", [
    ("12 Mar 2024", date(2024, 3, 12)),
    ("07 Jun 2022", date(2022, 6, 7)),
    ("4-Apr-21", date(2021, 4, 4)),
    ("nonsense", None),
    ("", None),
])
def test_it_reads_connected_on_dates(tmp_path, raw, expected):
    path = write(tmp_path / "Connections.csv",
                 f"First Name,Last Name,Connected On\nAna,Bell,{raw}\n")
    [ana] = read(path)
    assert isinstance(ana, Contact) and ana.met_on == expected

"""The mail importers: mbox files and Maildir folders, headers only, no database."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from goodterms.errors import BadInput
from goodterms.importers.mail import MaildirImporter, MboxImporter
from goodterms.importers.records import Contact, Event, Me, Skipped

FIXTURES = Path(__file__).parent / "fixtures" / "mail"
MBOX = FIXTURES / "takeout.mbox"
MAILDIR = FIXTURES / "Maildir"
PARIS = ZoneInfo("Europe/Paris")
SAM = Me(names=("Sam Rivera",), emails=("sam.rivera@example.com",))
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
ANA = "email:ana.bell@example.org"
MARC = "email:marc.dubois@example.fr"
LEA = "email:lea.martin@example.net"
INTRO = "mail:CAF1a2b3c4@mail.example.org"

Records = list[Contact | Event | Skipped]


def mbox(path: Path = MBOX, me: Me = SAM, until: datetime | None = NOW) -> Records:
    return list(MboxImporter().records(path, PARIS, me, until))


def maildir(path: Path = MAILDIR, me: Me = SAM, until: datetime | None = NOW) -> Records:
    return list(MaildirImporter().records(path, PARIS, me, until))


def events(records: Records) -> list[Event]:
    return [r for r in records if isinstance(r, Event)]


def contacts(records: Records) -> list[Contact]:
    return [r for r in records if isinstance(r, Contact)]


def skipped(records: Records) -> list[Skipped]:
    return [r for r in records if isinstance(r, Skipped)]


def reasons(records: Records) -> dict[int, str]:
    return {s.line: s.reason for s in skipped(records)}


def head(path: Path) -> bytes:
    return path.read_bytes()[:65536] if path.is_file() else b""


# Sniffing ---------------------------------------------------------------------------


def test_sniff_mbox() -> None:
    assert MboxImporter().sniff(MBOX, head(MBOX))
    assert MboxImporter().sniff(MBOX, b"\n\nFrom someone@example.com Mon Mar  4 09:12:00 2024\n")
    assert not MboxImporter().sniff(MBOX, b"From here on, no mbox\n")
    assert not MaildirImporter().sniff(MBOX, head(MBOX))


def test_sniff_maildir_and_nested(tmp_path: Path) -> None:
    assert MaildirImporter().sniff(MAILDIR, b"")
    assert MaildirImporter().sniff(MAILDIR / ".Sent", b"")  # cur/ only, ":2," names
    nested = tmp_path / "mail" / "Archive" / "2023"
    for sub in ("cur", "new", "tmp"):
        (nested / sub).mkdir(parents=True)
    assert MaildirImporter().sniff(tmp_path / "mail", b"")
    plus = tmp_path / "plus"
    for sub in ("cur", "new", "tmp"):
        (plus / ".INBOX.Archive" / sub).mkdir(parents=True)
    assert MaildirImporter().sniff(plus, b"")
    assert not MboxImporter().sniff(plus, b"")


def test_sniff_other_files(tmp_path: Path) -> None:
    ics = Path(__file__).parent / "fixtures" / "ics" / "google.ics"
    assert not MboxImporter().sniff(ics, head(ics))
    assert not MaildirImporter().sniff(ics, head(ics))
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Ana,\nFrom Monday on I am free.\n")
    assert not MboxImporter().sniff(letter, head(letter))
    (tmp_path / "cur").mkdir()  # a folder called cur, holding no mail
    assert not MaildirImporter().sniff(tmp_path, b"")
    assert not MboxImporter().sniff(tmp_path, b"")
    with pytest.raises(BadInput):
        mbox(letter)
    with pytest.raises(BadInput):
        maildir(letter)


# The mbox --------------------------------------------------------------------------


def test_mbox_directions_and_people() -> None:
    records = mbox()
    found = {e.key: e for e in events(records)}
    intro = found[INTRO]
    assert intro.direction == "in" and intro.with_ == (ANA,) and intro.kind == "email"
    assert intro.summary == "Intro to the platform team at Northwind"
    assert intro.at == datetime(2024, 3, 4, 9, 12, tzinfo=UTC)
    assert intro.at.tzinfo is PARIS and intro.line == 1
    reply = found["mail:5e1f-sam-1@example.com"]
    assert reply.direction == "out" and reply.with_ == (ANA, MARC)
    assert reply.summary == "Re: Café next week?"  # an encoded word, decoded
    assert found["mail:lea-20240306@example.net"].summary == "Café demain ?"  # latin-1 bytes
    assert {c.key: c.name for c in contacts(records)} == {
        ANA: "Ana Bell", MARC: "Marc Dubois", LEA: "Léa Martin"}
    assert contacts(records)[0].emails == ("ana.bell@example.org",)


def test_contacts_come_once_before_their_first_event() -> None:
    records = mbox()
    seen: set[str] = set()
    for record in records:
        if isinstance(record, Contact):
            assert record.key not in seen
            seen.add(record.key)
        elif isinstance(record, Event):
            assert set(record.with_) <= seen


def test_bulk_and_lists_are_skipped_and_make_nobody() -> None:
    records = mbox()
    why = reasons(records)
    assert why[4] == "mailing-list message (List-Id)"
    assert why[5] == "bulk sender (no-reply@jobboard.example.com)"
    keys = {c.key for c in contacts(records)}
    assert "email:bob.stone@example.com" not in keys
    assert not any("jobboard" in k or "lists.example.com" in k for k in keys)


def test_skips_with_reasons() -> None:
    why = reasons(mbox())
    assert why[6] == "no date (no Date header)"
    assert why[7] == "the same message again"
    assert why[8] == "not from or to you"
    assert why[9].startswith("date before 1990")
    assert why[14] == "nobody else in the message (To and Cc)"  # a note to oneself
    assert why[15].startswith("cut short")  # the truncated last message


def test_every_message_is_accounted_for() -> None:
    records = mbox()
    lines = {r.line for r in records if isinstance(r, Event | Skipped)}
    assert lines == set(range(1, 16))  # 15 separators; the body's ">From" and "From what"
    assert len(events(records)) == 7


def test_future_dates_are_skipped() -> None:
    why = reasons(mbox(until=datetime(2024, 3, 10, tzinfo=UTC)))
    assert why[10].startswith("date in the future")
    assert 3 not in why  # 6 March: in the past


def test_broken_encoded_words_and_attachment() -> None:
    deck = next(e for e in events(mbox()) if e.key == "mail:ana-deck@mail.example.org")
    assert deck.summary == "Deck \ufffd and =?utf-8?B?!!not-base64?="


def test_keys_are_stable_across_reads() -> None:
    first, second = mbox(), mbox(me=SAM, until=None)
    assert [e.key for e in events(first)] == [e.key for e in events(second)]
    assert any(e.key.startswith("mail:nomid-") for e in events(first))
    assert len({e.key for e in events(first)}) == len(events(first))


def test_guessed_address_when_me_is_unknown() -> None:
    records = mbox(me=Me())
    assert records[0] == Skipped(
        0, "guessed your address: sam.rivera@example.com (set me.emails to be sure)")
    assert [e.key for e in events(records)] == [e.key for e in events(mbox())]


def test_nothing_to_guess(tmp_path: Path) -> None:
    empty = tmp_path / "lists.mbox"
    empty.write_bytes(b"From x Mon Mar  4 09:12:00 2024\nFrom: news@example.com\n"
                      b"List-Id: <l.example.com>\n\n")
    records = mbox(empty, me=Me())
    assert records == [  # only bulk mail: its sender is the fallback guess
        Skipped(0, "guessed your address: news@example.com (set me.emails to be sure)"),
        Skipped(1, "mailing-list message (List-Id)")]
    nobody = tmp_path / "nobody.mbox"
    nobody.write_bytes(b"From x Mon Mar  4 09:12:00 2024\nSubject: hi\n\nbody\n")
    (only,) = mbox(nobody, me=Me())
    assert isinstance(only, Skipped) and "me.emails" in only.reason


def test_garbage_and_cut_files_never_crash(tmp_path: Path) -> None:
    data = MBOX.read_bytes()
    for cut in range(0, len(data), 97):
        piece = tmp_path / "cut.mbox"
        piece.write_bytes(data[:cut] + b"\xff\x00=?utf-8?q?=ZZ?=\r\n")
        if MboxImporter().sniff(piece, head(piece)):
            mbox(piece)
    crlf = tmp_path / "crlf.mbox"
    crlf.write_bytes(data.replace(b"\n", b"\r\n"))
    assert [e.key for e in events(mbox(crlf))] == [e.key for e in events(mbox())]


def test_long_lines_are_read_in_pieces(tmp_path: Path) -> None:
    big = tmp_path / "big.mbox"
    with big.open("wb") as f:
        f.write(b"From a Mon Mar  4 09:12:00 2024\nFrom: Ana Bell <ana.bell@example.org>\n"
                b"To: sam.rivera@example.com\nDate: Mon, 4 Mar 2024 09:00:00 +0000\n"
                b"Message-ID: <big@x.org>\n\n")
        f.write(b"A" * (3 * 2**20) + b"\nFrom b 10:00\n")  # no blank line before: no separator
    assert [e.key for e in events(mbox(big))] == ["mail:big@x.org"]


# The Maildir -----------------------------------------------------------------------


def test_maildir_reads_cur_new_and_maildirplus_folders() -> None:
    records = maildir()
    assert [(e.key, e.direction, e.with_) for e in events(records)] == [
        (INTRO, "in", (ANA,)),
        ("mail:marc-thursday@example.fr", "in", (MARC,)),
        ("mail:5e1f-sam-1@example.com", "out", (ANA, MARC)),
        ("mail:sam-thanks@example.com", "out", (ANA,)),
    ]
    assert all(e.line == 0 for e in events(records))
    assert {c.key for c in contacts(records)} == {ANA, MARC}  # tmp/ is never read


def test_maildir_skips_name_their_file() -> None:
    found = {s.source: s.reason for s in skipped(maildir())}
    assert found == {
        "cur/1709999999.M104P4242.laptop:2,": "no sender (no address in From)",
        ".INBOX.Archive/cur/1709543520.M107P4242.laptop:2,RS": "the same message again",
        ".INBOX.Archive/cur/1709877600.M108P4242.laptop:2,S":
            "mailing-list message (List-Unsubscribe)",
    }


def test_maildir_guess_comes_from_sent() -> None:
    records = maildir(me=Me())
    assert records[0].reason.startswith(  # type: ignore[union-attr]
        "guessed your address: sam.rivera@example.com")
    assert len(events(records)) == 4


def test_importing_does_not_import_django() -> None:
    code = ("import sys, goodterms.importers.mail; "
            "assert not [m for m in sys.modules if m.startswith('django')]")
    subprocess.run([sys.executable, "-c", code], check=True)


# Real mailboxes --------------------------------------------------------------------


def _shared_mail() -> Path:
    for base in (Path("/work/shared/data"),
                 Path(__file__).resolve().parents[2] / ".." / "shared" / "data"):
        if (base / "mail").is_dir():
            return base / "mail"
    pytest.skip("the shared data folder (../shared/data/mail) is not here: "
                "real mailboxes are only in the project's workspace")


def _accounted(records: Records) -> Counter[str]:
    return Counter(type(r).__name__ for r in records)


def test_real_notmuch_maildir() -> None:
    corpus = _shared_mail() / "notmuch-corpus"
    assert MaildirImporter().sniff(corpus, b"")
    records = maildir(corpus, me=Me(), until=None)
    assert records[0].reason.startswith("guessed your address")  # type: ignore[union-attr]
    assert len(events(records)) > 0
    files = sum(len(names) for folder, _, names in os.walk(corpus)
                if Path(folder).name in ("cur", "new"))
    assert len(events(records)) + len(skipped(records)) - 1 == files


def test_real_mailman_mbox() -> None:
    """A Mailman archive has no To or Cc at all, so no mail in it is to or from "me"
    with someone else: it must read without error and account for every message."""
    quarter = _shared_mail() / "r-package-devel" / "2015q3.txt"
    assert MboxImporter().sniff(quarter, head(quarter))
    separators = sum(1 for line in quarter.open("rb") if line.startswith(b"From "))
    records = mbox(quarter, me=Me(), until=None)
    assert records[0].reason.startswith("guessed your address")  # type: ignore[union-attr]
    assert len(records) - 1 <= separators
    assert len(records) - 1 >= separators * 0.95  # "From " in bodies is rarely a separator
    newest = _shared_mail() / "r-package-devel" / "2019q2.txt"  # "@end|ng |rom" addresses
    assert all(isinstance(r, Skipped) for r in mbox(newest, me=Me(), until=None))


def test_it_reads_directory_style_names_the_natural_way():
    from goodterms.importers.mail import natural_name

    assert natural_name("Dubois, Marc") == "Marc Dubois"
    assert natural_name("Ana Bell, PhD") == "Ana Bell, PhD"
    assert natural_name("Bell, Ana Maria") == "Ana Maria Bell"
    assert natural_name("Ana Bell") == "Ana Bell"
    assert natural_name("Acme Corp, Inc., Sales") == "Acme Corp, Inc., Sales"


def test_a_folder_of_message_files_is_its_own_format(tmp_path):
    from zoneinfo import ZoneInfo

    from goodterms.importers.mail import EmlFolderImporter, MboxImporter
    from goodterms.importers.records import Contact, Event, Me

    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "1.eml").write_bytes(
        b"Message-ID: <a1@example.org>\r\nDate: Tue, 03 Nov 2026 10:00:00 +0000\r\n"
        b"From: Ana Bell <ana.bell@example.org>\r\nTo: sam.rivera@example.com\r\n"
        b"Subject: Coffee?\r\n\r\nHi Sam!\r\n")
    (folder / "2.eml").write_bytes(
        b"Message-ID: <a2@example.org>\r\nDate: Tue, 03 Nov 2026 11:00:00 +0000\r\n"
        b"From: sam.rivera@example.com\r\nTo: Ana Bell <ana.bell@example.org>\r\n"
        b"Subject: Re: Coffee?\r\n\r\nYes!\r\n")
    importer = EmlFolderImporter()
    assert importer.sniff(folder, b"")
    records = list(importer.records(folder, ZoneInfo("UTC"),
                                    Me(emails=("sam.rivera@example.com",))))
    assert [type(r) for r in records] == [Contact, Event, Event]
    assert [r.direction for r in records if isinstance(r, Event)] == ["in", "out"]
    mboxes = tmp_path / "archive"
    mboxes.mkdir()
    (mboxes / "2024q1.txt").write_bytes(b"From ana at example.org  Tue Jan  2 10:00:00 2024\n"
                                        b"From: ana at example.org\nSubject: hi\n\nbody\n")
    assert MboxImporter().sniff(mboxes / "2024q1.txt", (mboxes / "2024q1.txt").read_bytes())
    assert not importer.sniff(mboxes, b"")

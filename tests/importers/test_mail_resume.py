"""An import of a mailbox that stops (Ctrl-C, an error) keeps what it stored up to its
last checkpoint, and importing the same mailbox again goes on from there: in the end
the network is exactly what one uninterrupted import makes.

The mailboxes are the benchmark's synthetic ones (real-looking personal mail with
thanks, favours, introductions and requests); checkpoints come every 200 messages
here instead of every 5,000.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from goodterms.importers import mail
from goodterms.importers.mail import MaildirImporter, MboxImporter
from goodterms.importers.records import Checkpoint, Event, Me
from goodterms.journal import dumps
from goodterms.store import models as m
from goodterms.store.export import journal_objects
from tests.bench.test_mail_bench import bench
from tests.helpers import goodterms

EVERY = 2 * mail.TEXT_BATCH


@pytest.fixture(autouse=True)
def setting(db: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    emails = ", ".join(f'"{e}"' for e in bench.OWNER_EMAILS)
    (home / "config.toml").write_text(f'timezone = "UTC"\n[me]\nemails = [{emails}]\n')
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    monkeypatch.setattr(mail, "CHECKPOINT", EVERY)


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mail") / "synthetic.mbox"
    bench.write_mbox(path, 700, seed=11)
    return path


def network() -> tuple[list[str], list[tuple[str, str, str]]]:
    """Everything stored: the journal, and the detections waiting for review."""
    owner = m.Person.objects.values_list("owner", flat=True).first()
    lines = sorted(dumps(obj) for obj in journal_objects(owner, ZoneInfo("UTC")))
    queued = sorted(m.Detection.objects.values_list("key", "status", "proposal"))
    return lines, [(k, s, dumps(p)) for k, s, p in queued]


def forget_everything() -> None:
    for model in (m.Detection, m.Record, m.ImportProgress, m.Thanks, m.Favor, m.Offer,
                  m.Request, m.Interaction, m.Person):
        model.objects.all().delete()


def stopping_after(count: int, monkeypatch: pytest.MonkeyPatch, importer: Any) -> list[int]:
    """Make the importer's records stop with Ctrl-C after `count` records; returns the
    `resume_from` each call was given."""
    real = type(importer).records
    given: list[int] = []

    @functools.wraps(real)  # the same parameters: run_import looks at them
    def records(self: Any, *args: Any, **options: Any) -> Iterator[Any]:
        given.append(options.get("resume_from", 0))
        for number, record in enumerate(real(self, *args, **options)):
            if number == count:
                raise KeyboardInterrupt
            yield record

    monkeypatch.setattr(type(importer), "records", records)
    return given


def uninterrupted(path: Path) -> tuple[list[str], list[tuple[str, str, str]]]:
    """What one import without a stop stores; then forgotten, for the test's imports."""
    result = goodterms(["import", "--jobs", "1", str(path)])
    assert result.code == 0, result.err
    made = network()
    forget_everything()
    return made


def stopped(path: Path, importer: Any, after: int, monkeypatch: pytest.MonkeyPatch,
            *options: str) -> Any:
    """`goodterms import` of `path`, stopped by Ctrl-C after `after` records."""
    with monkeypatch.context() as patch:
        stopping_after(after, patch, importer)
        result = goodterms(["import", "--jobs", "1", *options, str(path)])
    assert result.code == 130, result.err
    return result


def test_a_stopped_import_keeps_its_checkpoints_and_the_next_goes_on_from_there(
        mailbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uninterrupted(mailbox)
    assert expected[0] and expected[1]  # emails, acts recorded and acts to review
    result = stopped(mailbox, MboxImporter(), 1500, monkeypatch)
    position = m.ImportProgress.objects.get().position
    assert position % EVERY == 0 and 0 < position < 700
    assert f"The first {position:,} messages are stored" in result.err
    kept = network()
    assert kept[0] and set(kept[0]) < set(expected[0])  # what came before the checkpoint

    given = stopping_after(10**9, monkeypatch, MboxImporter())
    again = goodterms(["import", "--jobs", "1", str(mailbox)])
    assert again.code == 0, again.err
    assert given == [position]
    assert f"Going on after message {position:,}" in again.out
    assert again.out.index("Going on") < again.out.index(" new, ")  # said before it reads
    assert network() == expected
    assert not m.ImportProgress.objects.exists()  # finished: the next one reads it all
    assert " 0 new, 0 updated" in goodterms(["import", str(mailbox)]).out


def test_with_workers_too(mailbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uninterrupted(mailbox)
    stopped(mailbox, MboxImporter(), 1200, monkeypatch, "--jobs", "2")
    assert m.ImportProgress.objects.get().position > 0
    again = goodterms(["import", "--jobs", "2", str(mailbox)])
    assert again.code == 0 and "Going on after message" in again.out
    assert network() == expected


def test_a_mailbox_changed_since_is_read_from_the_start(
        mailbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "box.mbox"
    shutil.copy(mailbox, copy)
    stopped(copy, MboxImporter(), 1500, monkeypatch)
    assert m.ImportProgress.objects.count() == 1
    with copy.open("ab") as f:  # a newer export: more mail at the end
        f.write(b"\nFrom x@example.org Mon Nov  2 09:00:00 2026\nFrom: x@example.org\n"
                b"To: alex.morgan@example.org\nSubject: hi\nMessage-ID: <late@x>\n"
                b"Date: Mon, 2 Nov 2026 09:00:00 +0000\n\nHello there.\n")
    given = stopping_after(10**9, monkeypatch, MboxImporter())
    again = goodterms(["import", "--jobs", "1", str(copy)])
    assert again.code == 0 and given == [0] and "Going on" not in again.out
    # The old position stays (its digest matches nothing now) until it is a month old.
    stale = m.ImportProgress.objects.get()
    assert goodterms(["import", str(copy)]).code == 0
    assert m.ImportProgress.objects.get() == stale
    m.ImportProgress.objects.update(updated=stale.updated - timedelta(days=31))
    assert goodterms(["import", str(copy)]).code == 0
    assert not m.ImportProgress.objects.exists()


def test_strict_imports_stay_all_or_nothing(mailbox: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    result = stopped(mailbox, MboxImporter(), 1500, monkeypatch, "--strict")
    assert "messages are stored" not in result.err
    assert not m.Interaction.objects.exists() and not m.ImportProgress.objects.exists()


def test_a_maildir_goes_on_without_reading_the_messages_before_again(
        mailbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    maildir = tmp_path / "Maildir"
    assert bench.mbox_to_maildir(mailbox, maildir) == 700
    expected = uninterrupted(maildir)
    stopped(maildir, MaildirImporter(), 1500, monkeypatch)
    position = m.ImportProgress.objects.get().position
    read: list[str] = []
    real = mail._read_header
    monkeypatch.setattr(mail, "_read_header",
                        lambda file, source: read.append(source) or real(file, source))
    assert goodterms(["import", "--jobs", "1", str(maildir)]).code == 0
    assert len(read) == 700 - position
    assert network() == expected


def test_checkpoints_come_after_every_record_of_the_messages_before(mailbox: Path) -> None:
    me = Me(emails=bench.OWNER_EMAILS)
    for jobs in (1, 2):
        records = list(MboxImporter().records(mailbox, mail.UTC, me, None, jobs=jobs))
        assert [r.position for r in records if isinstance(r, Checkpoint)] == [200, 400, 600]
        at = records.index(Checkpoint(400))
        before, after = records[:at], records[at + 1:]
        assert all(r.line <= 400 for r in before if getattr(r, "line", 0))
        assert all(r.line > 400 for r in after if getattr(r, "line", 0))
        # Going on from there gives the same emails, and the copies of earlier ones
        # (that one read of the whole file skips as "the same message again").
        resumed = list(MboxImporter().records(mailbox, mail.UTC, me, None, jobs=jobs,
                                              resume_from=400))
        assert all(r.line > 400 for r in resumed if getattr(r, "line", 0))
        emails = {r.key for r in after if isinstance(r, Event)}
        again = {r.key for r in resumed if isinstance(r, Event)}
        assert emails and emails <= again
        assert again - emails <= {r.key for r in before if isinstance(r, Event)}


def test_what_was_stored_before_a_failure_is_kept(mailbox: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real = MboxImporter.records

    @functools.wraps(real)
    def failing(self: Any, *args: Any, **options: Any) -> Iterator[Any]:
        for number, record in enumerate(real(self, *args, **options)):
            if number == 1500:
                raise OSError(os.strerror(5))  # the disk failed under the mailbox
            yield record

    monkeypatch.setattr(MboxImporter, "records", failing)
    failed = goodterms(["import", "--jobs", "1", str(mailbox)])
    assert failed.code != 0
    assert m.ImportProgress.objects.get().position > 0 and m.Interaction.objects.exists()


def _message(number: int, sender: str, to: str, subject: str, text: str,
             cc: str = "") -> bytes:
    copy = f"Cc: {cc}\n" if cc else ""
    return (f"From {sender} Mon Nov  2 09:00:00 2026\nFrom: {sender}\nTo: {to}\n{copy}"
            f"Subject: {subject}\nMessage-ID: <m{number}@example.org>\n"
            f"Date: Mon, 2 Nov 2026 {9 + number // 60:02d}:{number % 60:02d}:00 +0000\n\n"
            f"{text}\n\n").encode()


def test_someone_met_only_before_the_stop_is_still_new_when_introduced_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An introduction is recorded without asking when it introduces someone new to me:
    # Yara wrote to me first in this same mailbox, before the checkpoint, so she is as
    # new when Tim introduces her after it as in one uninterrupted import.
    me = bench.OWNER_EMAILS[0]
    box = tmp_path / "intro.mbox"
    box.write_bytes(
        _message(1, "yara@acme.example", me, "the fair", "Nice meeting you at the fair.")
        + b"".join(_message(n, f"friend{n}@example.org", me, f"note {n}", f"Note {n} here.")
                   for n in range(2, EVERY + 1))
        + _message(EVERY + 1, "tim@example.org", me, "intro",
                   "Alex, I'd like to introduce you to Yara. She runs hiring at Acme.",
                   cc="yara@acme.example"))
    expected = uninterrupted(box)
    assert any('"refers_to":"yara' in line for line in expected[0])

    real = MboxImporter.records

    @functools.wraps(real)
    def stopping(self: Any, *args: Any, **options: Any) -> Iterator[Any]:
        for record in real(self, *args, **options):
            if getattr(record, "line", 0) > EVERY and not options.get("resume_from"):
                raise KeyboardInterrupt
            yield record

    monkeypatch.setattr(MboxImporter, "records", stopping)
    assert goodterms(["import", "--jobs", "1", str(box)]).code == 130
    assert m.ImportProgress.objects.get().position == EVERY
    assert goodterms(["import", "--jobs", "1", str(box)]).code == 0
    assert network() == expected

"""Mail read by worker processes (`jobs` > 1) gives exactly the records one process gives.

The workers read each message's headers (whether it counts) and text (what it says);
a message met twice, the contacts and the order of the records stay in the importing
process.
These tests read synthetic mailboxes (bench/mail.py's seeded generator, big enough
for several batches of TEXT_BATCH messages) both ways and compare every record.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from goodterms.importers import mail
from goodterms.importers.mail import EmlFolderImporter, MaildirImporter, MboxImporter
from goodterms.importers.records import Detected, Event, Me
from tests.bench.test_mail_bench import bench

FIXTURES = Path(__file__).parent / "fixtures" / "mail"
OWNER = Me(emails=tuple(bench.OWNER_EMAILS))
TZ = ZoneInfo("Europe/Berlin")
UNTIL = datetime(2026, 11, 20, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def mailbox_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mail") / "synthetic.mbox"
    bench.write_mbox(path, 700, seed=5)
    return path


def read(importer: Any, path: Path, jobs: int, **options: Any) -> list[Any]:
    return list(importer.records(path, TZ, OWNER, UNTIL, jobs=jobs, **options))


def test_an_mbox_read_by_workers_gives_the_same_records(mailbox_file: Path) -> None:
    alone = read(MboxImporter(), mailbox_file, 1)
    shared = read(MboxImporter(), mailbox_file, 2)
    assert shared == alone
    # Enough work for several batches, and something found in it.
    emails = [r for r in alone if isinstance(r, Event)]
    assert len(emails) > 3 * mail.TEXT_BATCH
    assert sum(isinstance(r, Detected) for r in alone) > 100


def test_a_maildir_and_kept_bodies_read_by_workers_are_the_same(mailbox_file: Path,
                                                                 tmp_path: Path) -> None:
    folder = tmp_path / "Maildir"
    bench.mbox_to_maildir(mailbox_file, folder)
    alone = read(MaildirImporter(), folder, 1, keep_bodies=True)
    assert read(MaildirImporter(), folder, 3, keep_bodies=True) == alone
    assert any(isinstance(r, Event) and r.body for r in alone)
    # Bodies kept without detection go through the workers too.
    assert read(MaildirImporter(), folder, 2, detect=False, keep_bodies=True) == \
        read(MaildirImporter(), folder, 1, detect=False, keep_bodies=True)


def test_workers_are_never_retired_mid_import(
        mailbox_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # On Python 3.11 and 3.12, a pool whose workers retire after `max_tasks_per_child`
    # tasks stops starting new ones once work is queued, which it always is here, and the
    # import waits forever (CPython gh-115634). The pool is made without it.
    made: list[dict[str, Any]] = []

    def pool(*args: Any, **options: Any) -> ProcessPoolExecutor:
        made.append(options)
        return ProcessPoolExecutor(*args, **options)

    monkeypatch.setattr(mail, "ProcessPoolExecutor", pool)
    assert read(MboxImporter(), mailbox_file, 2) == read(MboxImporter(), mailbox_file, 1)
    assert len(made) == 1 and made[0].get("max_tasks_per_child") is None


def test_no_workers_start_for_a_small_mailbox(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(jobs: int) -> None:
        raise AssertionError("no worker should start for a few messages")

    monkeypatch.setattr(mail, "_workers", refuse)
    for importer, path in ((MboxImporter(), FIXTURES / "takeout.mbox"),
                           (MaildirImporter(), FIXTURES / "Maildir")):
        me = Me(emails=("sam.rivera@example.com",))
        alone = list(importer.records(path, TZ, me, UNTIL))
        assert list(importer.records(path, TZ, me, UNTIL, jobs=4)) == alone
        assert any(isinstance(r, Event) for r in alone)


def test_no_workers_for_a_mailing_list_archive(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Thousands of messages, none of them personal: only headers to read, no text.
    archive = tmp_path / "list.mbox"
    archive.write_bytes(b"".join(
        b"From list@lists.example Mon Nov  2 09:00:00 2026\n"
        b"From: Poster %d <poster%d@example.org>\nTo: dev@lists.example\n"
        b"List-Id: <dev.lists.example>\nSubject: build %d\nMessage-ID: <m%d@x>\n"
        b"Date: Mon, 2 Nov 2026 09:00:00 +0000\n\nThanks, it builds now.\n\n" % (n, n, n, n)
        for n in range(3 * mail.TEXT_BATCH * 4)))
    monkeypatch.setattr(mail, "_workers", lambda jobs: pytest.fail("started workers"))
    records = read(MboxImporter(), archive, 2)
    assert len(records) == 3 * mail.TEXT_BATCH * 4
    assert {r.reason for r in records} == {"mailing-list message (List-Id)"}


def test_workers_start_once_enough_personal_mail_was_read(
        mailbox_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real = mail._workers
    monkeypatch.setattr(mail, "_workers", lambda jobs: started.append(jobs) or real(jobs))
    records = read(MboxImporter(), mailbox_file, 2)
    assert sum(isinstance(r, Event) for r in records) > 3 * mail.TEXT_BATCH
    assert started == [2]


def test_batches_are_read_here_until_a_worker_has_started(
        mailbox_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Starting:
        """Workers that never finish starting: nothing may be handed to them."""

        def submit(self, fn, *args):  # type: ignore[no-untyped-def]
            assert fn is mail._ready, "a batch was handed to workers not started yet"
            return Future()

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            pass

    monkeypatch.setattr(mail, "_workers", lambda jobs: Starting())
    assert read(MboxImporter(), mailbox_file, 2) == read(MboxImporter(), mailbox_file, 1)


def test_no_workers_when_no_text_is_read(mailbox_file: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mail, "_workers", lambda jobs: pytest.fail("started workers"))
    assert read(MboxImporter(), mailbox_file, 2, detect=False) == \
        read(MboxImporter(), mailbox_file, 1, detect=False)


def _dying_workers(jobs: int) -> ProcessPoolExecutor:
    """Workers that die as they start, as when the system kills them for memory."""
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(jobs, mp_context=context,
                               initializer=functools.partial(os._exit, 3))


def test_workers_that_die_leave_the_reading_to_the_importer(
        mailbox_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = read(MboxImporter(), mailbox_file, 1)
    monkeypatch.setattr(mail, "_workers", _dying_workers)
    assert read(MboxImporter(), mailbox_file, 2) == alone


def test_stopping_early_stops_the_workers(mailbox_file: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[ProcessPoolExecutor] = []
    real = mail._workers

    def recorded(jobs: int) -> Any:
        pool = real(jobs)
        started.append(pool)
        return pool

    monkeypatch.setattr(mail, "_workers", recorded)
    records = MboxImporter().records(mailbox_file, TZ, OWNER, UNTIL, jobs=2)
    first = [next(records) for _ in range(50)]  # as an interrupted import stops reading
    assert first
    records.close()
    assert len(started) == 1
    with pytest.raises(RuntimeError):  # shut down: it takes no more work
        started[0].submit(print)


def test_a_folder_of_messages_uses_workers_too(tmp_path: Path, mailbox_file: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "eml"
    bench.mbox_to_maildir(mailbox_file, folder)
    files = folder / "cur"
    started: list[int] = []
    real = mail._workers
    monkeypatch.setattr(mail, "_workers", lambda jobs: started.append(jobs) or real(jobs))
    assert EmlFolderImporter().sniff(files, b"")
    alone = read(EmlFolderImporter(), files, 1)
    assert read(EmlFolderImporter(), files, 2) == alone
    assert started == [2]

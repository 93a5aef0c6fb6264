"""`goodterms sync imap` against a real Dovecot on a loopback port.

Mail is delivered into the server by IMAP APPEND; each test has its own account.
Skipped, with the reason, where Dovecot is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from goodterms.importers import imap
from goodterms.importers.imap import Account, Folder, pick_folders, sync
from goodterms.importers.records import Me
from goodterms.store import actions
from goodterms.store import models as m
from tests.imap_server import PASSWORD, Dovecot, date, message, running_dovecot

pytestmark = pytest.mark.django_db

UTC_ZONE = ZoneInfo("UTC")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
BOB = "Bob Stone <bob.stone@example.com>"
CAROL = "Carol Diaz <carol@example.net>"


@pytest.fixture(scope="module")
def server() -> Iterator[Dovecot]:
    yield from running_dovecot()


class Recording:
    """The server's client, noting every FETCH (to see what is read, and when)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.fetches: list[tuple[list[int], list[str]]] = []

    def fetch(self, uids: Any, items: Any) -> Any:
        self.fetches.append((list(uids), list(items)))
        return self.client.fetch(uids, items)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def fetched(self, what: str) -> list[int]:
        return [uid for uids, items in self.fetches if any(what in i for i in items)
                for uid in uids]


@pytest.fixture
def user(server: Dovecot) -> str:
    return server.new_user()


@pytest.fixture
def owner() -> Any:
    return actions.get_owner()


def run(server: Dovecot, user: str, owner: Any, folders: list[str] | None = None,
        **options: Any) -> tuple[imap.SyncResult, Recording]:
    account = Account("127.0.0.1", user, port=server.port, security="none")
    client = Recording(imap.connect(account, PASSWORD))
    try:
        chosen = pick_folders(client, folders or [])
        result = sync(client, owner, account, chosen, tz=UTC_ZONE, me=Me(emails=(user,)),
                      until=NOW, **options)
    finally:
        client.logout()
    return result, client


def append(server: Dovecot, user: str, folder: str, *messages: bytes) -> None:
    client = server.client(user)
    try:
        for data in messages:
            client.append(folder, data)
    finally:
        client.logout()


def emails(owner: Any) -> list[tuple[str, str, list[str]]]:
    return sorted((i.summary, i.direction, sorted(p.ident for p in i.people.all()))
                  for i in m.Interaction.objects.filter(owner=owner, kind="email"))


def test_first_sync_reads_inbox_and_sent_through_the_mail_pipeline(server, user, owner):
    append(server, user, "INBOX",
           message(BOB, user, "Coffee next week?", at=date(2)),
           message("Weekly Digest <digest@lists.example.com>", user, "Issue 42", at=date(3),
                   extra="List-Id: <weekly.lists.example.com>"),
           message("Noreply <noreply@shop.example.com>", user, "Your order", at=date(3)),
           message(CAROL, "someone.else@example.org", "Not for you", at=date(4)))
    append(server, user, "Envoyés", message(user, CAROL, "The slides", at=date(5)))

    result, client = run(server, user, owner)

    assert [(f.name, f.sent, f.read) for f in result.folders] == [
        ("INBOX", False, 4), ("Envoyés", True, 1)]
    assert emails(owner) == [("Coffee next week?", "in", ["bob-stone"]),
                             ("The slides", "out", ["carol-diaz"])]
    assert sorted(m.Person.objects.filter(owner=owner).values_list("ident", flat=True)) == [
        "bob-stone", "carol-diaz"]
    reasons = sorted(reason for _line, reason, _where in result.summary.skipped)
    assert reasons == ["bulk sender (noreply@shop.example.com)",
                       "mailing-list message (List-Id)", "not from or to you"]
    assert ("INBOX UID 2" in {where for _l, _r, where in result.summary.skipped})
    assert result.summary.total.new == 4  # two people, two emails
    # Bodies are fetched only for the personal mail, and nothing is marked as read.
    assert sorted(client.fetched("BODY.PEEK[TEXT]")) == [1, 1]  # Bob's (INBOX), mine (Sent)
    assert all("BODY.PEEK" in item for _uids, items in client.fetches for item in items)
    check = server.client(user)
    check.select_folder("INBOX", readonly=True)
    assert all(b"\\Seen" not in f[b"FLAGS"] for f in check.fetch([1, 2, 3, 4], ["FLAGS"]).values())
    check.logout()
    states = {s.folder: s.last_uid for s in m.MailFolderState.objects.filter(owner=owner)}
    assert states == {"INBOX": 4, "Envoyés": 1}


def test_a_second_sync_fetches_nothing_and_new_mail_alone_is_read(server, user, owner):
    append(server, user, "INBOX", message(BOB, user, "First", at=date(2)),
           message(BOB, user, "Second", at=date(3)))
    run(server, user, owner)

    again, client = run(server, user, owner)
    assert again.read == 0
    assert client.fetches == []
    assert again.summary.total.new == again.summary.total.updated == 0

    append(server, user, "INBOX", message(CAROL, user, "Third", at=date(4)))
    third, client = run(server, user, owner)
    assert [(f.name, f.read) for f in third.folders] == [("INBOX", 1), ("Envoyés", 0)]
    assert client.fetched("BODY.PEEK[HEADER]") == [3]
    assert [s for s, _d, _p in emails(owner)] == ["First", "Second", "Third"]
    assert third.summary.count("interaction").new == 1


def test_a_changed_uidvalidity_reads_the_folder_again_without_duplicates(server, user, owner):
    client = server.client(user)
    client.create_folder("Archive")
    client.logout()
    old = [message(BOB, user, f"Old {n}", at=date(n), message_id=f"<old{n}@x>")
           for n in (2, 3)]
    append(server, user, "Archive", *old)
    first, _ = run(server, user, owner, ["Archive"])
    assert first.read == 2
    validity = m.MailFolderState.objects.get(owner=owner, folder="Archive").uidvalidity

    client = server.client(user)  # the server renumbers: the folder is made anew
    client.delete_folder("Archive")
    client.create_folder("Archive")
    client.logout()
    append(server, user, "Archive", *old, message(BOB, user, "New", at=date(4)))

    second, _ = run(server, user, owner, ["Archive"])
    assert second.folders[0].restarted
    assert second.read == 3
    assert [s for s, _d, _p in emails(owner)] == ["New", "Old 2", "Old 3"]
    assert second.summary.count("interaction").new == 1
    assert second.summary.count("interaction").unchanged == 2
    state = m.MailFolderState.objects.get(owner=owner, folder="Archive")
    assert state.uidvalidity != validity and state.last_uid == 3


@pytest.mark.parametrize("where", ["before the batch is stored", "before progress is saved"])
def test_an_interrupted_sync_resumes_where_it_stopped_without_duplicates(
        server, user, owner, monkeypatch, where):
    append(server, user, "INBOX", *(message(BOB, user, f"Mail {n}", at=date(n))
                                    for n in range(1, 6)))
    monkeypatch.setattr(imap, "BATCH", 2)
    calls = {"n": 0}

    class Boom(Exception):
        pass

    if where == "before the batch is stored":
        from goodterms.store import matching

        real = matching.import_records

        def failing(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 2:
                raise Boom
            return real(*args, **kwargs)

        monkeypatch.setattr(matching, "import_records", failing)
    else:
        real_save = actions.save_mail_folder_state

        def failing_save(*args: Any, **kwargs: Any) -> None:
            calls["n"] += 1
            if calls["n"] == 2:
                raise Boom
            real_save(*args, **kwargs)

        monkeypatch.setattr(actions, "save_mail_folder_state", failing_save)

    with pytest.raises(Boom):
        run(server, user, owner)
    assert m.MailFolderState.objects.get(owner=owner, folder="INBOX").last_uid == 2
    stored = [s for s, _d, _p in emails(owner)]
    assert stored == (["Mail 1", "Mail 2"] if where.startswith("before the batch")
                      else ["Mail 1", "Mail 2", "Mail 3", "Mail 4"])

    monkeypatch.undo()
    monkeypatch.setattr(imap, "BATCH", 2)
    resumed, client = run(server, user, owner)
    assert client.fetched("BODY.PEEK[HEADER]") == [3, 4, 5]  # never the first batch again
    assert resumed.folders[0].read == 3
    assert [s for s, _d, _p in emails(owner)] == [f"Mail {n}" for n in range(1, 6)]
    assert m.Person.objects.filter(owner=owner).count() == 1
    assert m.MailFolderState.objects.get(owner=owner, folder="INBOX").last_uid == 5


def test_from_start_reads_everything_again_and_changes_nothing(server, user, owner):
    append(server, user, "INBOX", message(BOB, user, "Hello", at=date(2)))
    run(server, user, owner)
    again, _ = run(server, user, owner, from_start=True)
    assert again.read == 1
    assert again.summary.total.new == 0
    assert len(emails(owner)) == 1


def test_the_new_text_is_read_and_kept_on_request(server, user, owner):
    reply = ("Thank you so much for introducing me to Dana, it means a lot.\n\n"
             "On Mon, Bob wrote:\n> Happy to introduce you to Dana.\n")
    append(server, user, "Envoyés", message(user, BOB, "Re: Dana", reply, at=date(6)))
    run(server, user, owner, keep_bodies=True)
    interaction = m.Interaction.objects.get(owner=owner, kind="email")
    body = interaction.extra["x_body"]
    assert body.startswith("Thank you so much for introducing me to Dana")
    assert "Happy to introduce" not in body  # the quoted part is not new text


def test_the_same_message_in_two_folders_is_one_email(server, user, owner):
    same = message(user, CAROL, "Copy to myself", at=date(7), message_id="<same@x>",
                   cc=user)
    append(server, user, "INBOX", same)
    append(server, user, "Envoyés", same)
    result, _ = run(server, user, owner)
    assert result.read == 2
    assert len(emails(owner)) == 1
    assert [r for _l, r, _w in result.summary.skipped] == ["the same message again"]


def test_named_folders_are_checked(server, user, owner):
    with pytest.raises(imap.NotFound, match="no folder 'Nowhere'"):
        run(server, user, owner, ["Nowhere"])
    result, _ = run(server, user, owner, ["inbox"])  # case does not matter
    assert [f.name for f in result.folders] == ["INBOX"]


class FakeList:
    def __init__(self, folders: list[tuple[tuple[bytes, ...], str]]) -> None:
        self.folders = folders

    def list_folders(self) -> list[tuple[tuple[bytes, ...], bytes, str]]:
        return [(flags, b".", name) for flags, name in self.folders]


@pytest.mark.parametrize(("listed", "sent"), [
    ([((b"\\HasNoChildren",), "INBOX"), ((b"\\Sent",), "Gesendete Objekte"),
      ((), "Sent")], "Gesendete Objekte"),
    ([((), "INBOX"), ((), "INBOX.Drafts"), ((), "INBOX.Sent")], "INBOX.Sent"),
    ([((), "INBOX"), ((b"\\Noselect",), "[Gmail]"), ((), "[Gmail]/Sent Mail")],
     "[Gmail]/Sent Mail"),
    ([((), "INBOX"), ((), "Sent Items"), ((), "Archive")], "Sent Items"),
    ([((), "INBOX"), ((), "Archive")], None),
])
def test_the_sent_folder_is_found_by_its_flag_then_by_its_name(listed, sent):
    chosen = pick_folders(FakeList(listed))
    assert chosen[0] == Folder("INBOX")
    assert (chosen[1].name if len(chosen) > 1 else None) == sent
    assert all(f.sent for f in chosen[1:])

"""`goodterms sync imap` as a user runs it, against a real Dovecot on loopback ports
(TLS with a self-signed certificate, STARTTLS, plain text on loopback)."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest

from goodterms.errors import ExitCode
from goodterms.store import models as m
from tests.helpers import goodterms
from tests.imap_server import PASSWORD, Dovecot, date, message, running_dovecot

BOB = "Bob Stone <bob.stone@example.com>"


@pytest.fixture(scope="module")
def server() -> Iterator[Dovecot]:
    yield from running_dovecot()


@pytest.fixture
def user(server: Dovecot, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("GOODTERMS_IMAP_PASSWORD", PASSWORD)
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-26T12:00")
    name = server.new_user()
    client = server.client(name)
    client.append("INBOX", message(BOB, name, "Coffee next week?", at=date(2)))
    client.append("INBOX", message("News <news@lists.example.com>", name, "Digest",
                                   at=date(3), extra="Precedence: bulk"))
    client.append("Envoyés", message(name, BOB, "Re: Coffee next week?", at=date(3)))
    client.logout()
    return name


def test_sync_over_tls_with_a_self_signed_certificate_and_then_nothing_new(server, user):
    command = (f"sync imap --host 127.0.0.1 --port {server.tls_port} --login {user} "
               f"--cafile {server.cafile}")
    first = goodterms(command)
    assert first.code == 0, first.err
    assert first.out.splitlines() == [
        f"imap {user} on 127.0.0.1: 3 new, 0 updated, 0 unchanged (2 interaction, 1 person).",
        "Skipped 1: 1 bulk mail.",
        "  INBOX UID 2: bulk mail (Precedence: bulk)",
        "Read 3 new messages (INBOX 2, Envoyés 1).",
        f"Your address was taken to be {user} (the login); to add others: "
        "goodterms config set me.emails …",
    ]
    assert PASSWORD not in first.out + first.err
    assert m.Interaction.objects.filter(kind="email").count() == 2

    second = goodterms(command)
    assert second.code == 0, second.err
    assert "Read 0 new messages (INBOX 0, Envoyés 0)." in second.out.splitlines()
    assert m.Interaction.objects.filter(kind="email").count() == 2


def test_the_certificate_is_checked_unless_its_ca_is_given(server, user):
    result = goodterms(f"sync imap --host 127.0.0.1 --port {server.tls_port} --login {user}")
    assert result.code == ExitCode.ERROR
    assert "certificate cannot be trusted" in result.err
    assert "--cafile" in result.err
    assert not m.MailFolderState.objects.exists()


def test_settings_and_starttls(server, user):
    for key, value in (("imap.host", "127.0.0.1"), ("imap.port", str(server.port)),
                       ("imap.user", user), ("imap.security", "starttls"),
                       ("imap.cafile", str(server.cafile)), ("imap.folders", "INBOX"),
                       ("me.emails", user)):
        assert goodterms(["config", "set", key, value]).code == 0
    result = goodterms("sync imap")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == "Read 2 new messages (INBOX 2)."
    assert "Your address was taken" not in result.out  # me.emails is set
    states = list(m.MailFolderState.objects.values_list("account", "folder", "last_uid"))
    assert states == [(f"{user}@127.0.0.1:{server.port}", "INBOX", 2)]
    # TLS from the start for once: another port, another account, the same emails.
    once = goodterms(f"sync imap --ssl --port {server.tls_port}")
    assert once.code == 0, once.err
    assert "0 new" in once.out.splitlines()[0]
    assert m.Interaction.objects.filter(kind="email").count() == 1
    wrong = goodterms("config set imap.security tls")
    assert wrong.code == ExitCode.CONFIG
    assert "imap.security takes ssl, starttls or none" in wrong.err


def test_a_wrong_password_is_a_clear_error(server, user, monkeypatch):
    monkeypatch.setenv("GOODTERMS_IMAP_PASSWORD", "not-the-password")
    result = goodterms(f"sync imap --host 127.0.0.1 --port {server.port} --login {user} "
                       "--no-tls")
    assert result.code == ExitCode.ERROR
    assert result.err == (f"error: 127.0.0.1 refused the login of {user} ([AUTHENTICATIONFAILED] "
                          "Authentication failed.): check the user and the password\n")
    assert "not-the-password" not in result.err + result.out
    assert not m.Interaction.objects.exists()


def test_plain_text_only_to_this_machine(server, user):
    refused = goodterms(f"sync imap --host imap.example.org --login {user} --no-tls")
    assert refused.code == ExitCode.USAGE
    assert "refusing to send your password in plain text to imap.example.org" in refused.err
    local = goodterms(f"sync imap --host localhost --port {server.port} --login {user} "
                      "--no-tls --folder Envoyés")
    assert local.code == 0, local.err
    assert "Read 1 new message (Envoyés 1)." in local.out.splitlines()


def test_what_is_missing_is_named(server, user, monkeypatch):
    assert "give --host" in goodterms("sync imap").err
    assert "give --login" in goodterms("sync imap --host 127.0.0.1").err
    both = goodterms("sync imap --host 127.0.0.1 --login x --ssl --no-tls")
    assert both.code == ExitCode.USAGE
    unknown = goodterms(f"sync imap --host 127.0.0.1 --port {server.port} --login {user} "
                        "--no-tls --folder Nowhere")
    assert unknown.code == ExitCode.NOT_FOUND
    assert "no folder 'Nowhere'" in unknown.err and "INBOX" in unknown.err
    monkeypatch.delenv("GOODTERMS_IMAP_PASSWORD")
    nopass = goodterms(f"sync imap --host 127.0.0.1 --port {server.port} --login {user} "
                       "--no-tls")
    assert nopass.code == ExitCode.USAGE
    assert "GOODTERMS_IMAP_PASSWORD" in nopass.err
    assert "keyring set goodterms:127.0.0.1" in nopass.err


def test_the_password_can_come_from_the_system_keyring(server, user, monkeypatch):
    monkeypatch.delenv("GOODTERMS_IMAP_PASSWORD")
    asked: list[tuple[str, str]] = []

    def get_password(service: str, username: str) -> str:
        asked.append((service, username))
        return PASSWORD

    monkeypatch.setitem(sys.modules, "keyring",
                        types.SimpleNamespace(get_password=get_password))
    result = goodterms(f"sync imap --host 127.0.0.1 --port {server.port} --login {user} "
                       "--no-tls")
    assert result.code == 0, result.err
    assert asked == [("goodterms:127.0.0.1", user)]


def test_a_server_that_is_not_there(monkeypatch):
    from tests.imap_server import free_port

    monkeypatch.setenv("GOODTERMS_IMAP_PASSWORD", PASSWORD)
    port = free_port()
    result = goodterms(f"sync imap --host 127.0.0.1 --port {port} --login a@example.org "
                       "--no-tls")
    assert result.code == ExitCode.ERROR
    assert result.err.startswith(f"error: cannot talk to 127.0.0.1:{port} (")

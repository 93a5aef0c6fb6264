"""`goodterms digest`, end to end against a real SMTP server on a loopback port."""

from __future__ import annotations

import json

import pytest

from goodterms.digest.models import Digest
from tests.digest.conftest import PASSWORD, Server, free_port
from tests.helpers import goodterms

pytestmark = pytest.mark.django_db

DAY = "2026-11-20T09:00"


def network(name: str, ident: str) -> list[dict]:
    """A favor never thanked (overdue by DAY) and a request waiting for an answer."""
    return [
        {"type": "person", "id": ident, "name": name},
        {"type": "favor", "id": f"{ident}-f", "at": "2026-11-16T10:00", "from": ident,
         "to": "me", "kind": "intro", "what": f"introduced me to the team of {name}"},
        {"type": "request", "id": f"{ident}-r", "at": "2026-11-18T10:00", "from": ident,
         "to": "me", "what": f"feedback on {name}'s talk", "due": "2026-11-21"},
    ]


def load(tmp_path, lines: list[dict], user: str | None = None) -> None:
    path = tmp_path / f"{user or 'owner'}.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    who = ["--user", user] if user else []
    result = goodterms([*who, "import", "journal", str(path)])
    assert result.code == 0, result.err


def configure(port: int, *, to: str = "ana@example.com", security: str = "none",
              user: str | None = None, extra: tuple[str, ...] = ()) -> None:
    who = ["--user", user] if user else []
    for key, value in (("digest.to", to), ("smtp.host", "127.0.0.1"), ("smtp.port", str(port)),
                       ("smtp.security", security), *zip(extra[::2], extra[1::2],
                                                          strict=True)):
        result = goodterms([*who, "config", "set", key, value])
        assert result.code == 0, result.err


@pytest.fixture
def ana(tmp_path):
    load(tmp_path, network("Ben Carter", "ben"))


def test_without_send_it_shows_the_email_and_records_nothing(ana):
    goodterms("config set me.emails ana@example.com")
    result = goodterms(f"digest --as-of {DAY}")
    assert result.code == 0, result.err
    head, _, body = result.out.partition("\n\n")
    assert head.splitlines() == ["To: ana@example.com",
                                 "Subject: goodterms · Fri 20 Nov: 2 overdue, 2 due"]
    assert "Overdue (2)" in body and "Due (2)" in body
    assert 'You have not thanked Ben Carter for "introduced me to the team of Ben Carter"' \
        in body
    assert "feedback on Ben Carter's talk" in body
    assert "Give first" in body
    assert "\x1b[" not in result.out
    assert not Digest.objects.exists()

    doc = goodterms(f"digest --as-of {DAY} --format json").json()
    assert doc["day"] == "2026-11-20" and doc["to"] == "ana@example.com"
    assert doc["actions"] == 4 and doc["undelivered"] == []
    assert doc["text"] == body
    html = goodterms(f"digest --as-of {DAY} --format html").out
    assert html.startswith("<!DOCTYPE html>") and "Ben Carter&#x27;s talk" in html


def test_a_day_with_nothing_to_do_says_so_and_sends_nothing(smtp_server: Server):
    configure(smtp_server.port)
    result = goodterms(f"digest --as-of {DAY}")
    assert "Subject: goodterms · Fri 20 Nov: nothing to do" in result.out
    assert "Nothing to do today" in result.out
    sent = goodterms(f"digest --send --as-of {DAY}")
    assert sent.code == 0, sent.err
    assert "Nothing to do on Fri 20 Nov 2026: no digest sent" in sent.out
    assert smtp_server.messages == [] and not Digest.objects.exists()
    sent = goodterms(f"digest --send --send-empty --as-of {DAY}")
    assert sent.code == 0, sent.err
    assert len(smtp_server.messages) == 1
    assert "Nothing to do today" in smtp_server.messages[0].part("plain")


def test_the_setting_send_empty_sends_empty_days_too(smtp_server: Server):
    configure(smtp_server.port, extra=("digest.send_empty", "true"))
    assert goodterms(f"digest --send --as-of {DAY}").code == 0
    assert len(smtp_server.messages) == 1


def test_the_digest_arrives_with_both_parts(ana, smtp_server: Server):
    configure(smtp_server.port, extra=("smtp.from", "goodterms@example.org"))
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 0, result.err
    assert result.out.strip() == "Sent the digest of Fri 20 Nov 2026 to ana@example.com: 4 " \
                                 "actions."
    [got] = smtp_server.messages
    assert got.mail_from == "goodterms@example.org" and got.rcpt_tos == ["ana@example.com"]
    message = got.message
    assert message["To"] == "ana@example.com"
    assert message["From"] == "goodterms@example.org"
    assert message["Subject"] == "goodterms · Fri 20 Nov: 2 overdue, 2 due"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    plain, html = got.part("plain"), got.part("html")
    for text in (plain, html.replace("&#x27;", "'")):
        assert "introduced me to the team of Ben Carter" in text
        assert "feedback on Ben Carter's talk" in text
        assert "Overdue (2)" in text
    assert plain == goodterms(f"digest --as-of {DAY} --format json").json()["text"]
    digest = Digest.objects.get()
    assert (digest.status, digest.attempts, digest.error) == ("sent", 1, "")
    assert digest.day.isoformat() == "2026-11-20" and digest.actions == 4
    assert digest.sent_at is not None and digest.message_id == message["Message-ID"].strip()


def test_from_defaults_to_the_recipient_who_defaults_to_me_emails(ana, smtp_server: Server):
    configure(smtp_server.port)
    goodterms(f"digest --send --as-of {DAY}")
    assert smtp_server.messages[-1].message["From"] == "ana@example.com"
    goodterms("config set me.emails ana@work.example")
    goodterms("config unset digest.to")  # the first of me.emails then
    goodterms(f"digest --send --force --as-of {DAY}")
    assert smtp_server.messages[-1].rcpt_tos == ["ana@work.example"]


def test_the_same_day_is_not_sent_twice_unless_forced(ana, smtp_server: Server):
    configure(smtp_server.port)
    assert goodterms(f"digest --send --as-of {DAY}").code == 0
    again = goodterms("digest --send --as-of 2026-11-20T18:00")
    assert again.code == 0, again.err
    assert "was already sent to ana@example.com" in again.out
    assert "--force" in again.out
    assert len(smtp_server.messages) == 1
    forced = goodterms("digest --send --force --as-of 2026-11-20T18:00")
    assert forced.code == 0 and forced.out.startswith("Sent the digest of Fri 20 Nov 2026")
    assert len(smtp_server.messages) == 2
    assert Digest.objects.get().attempts == 2
    # The next day is a new digest.
    assert goodterms("digest --send --as-of 2026-11-21T09:00").code == 0
    assert len(smtp_server.messages) == 3
    assert Digest.objects.count() == 2


def test_a_refused_recipient_fails_loudly_and_is_sent_next_time(ana, smtp_server: Server):
    configure(smtp_server.port)
    smtp_server.handler.refuse_rcpt = {"ana@example.com"}
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("error: the digest of Fri 20 Nov 2026 could not be sent to "
                                 "ana@example.com: ")
    assert "550 5.1.1 <ana@example.com>: Recipient address rejected: no such user" in result.err
    assert "It is kept, and goes with the next 'goodterms digest --send'" in result.err
    digest = Digest.objects.get()
    assert digest.status == "failed" and digest.attempts == 1
    assert "550 5.1.1" in digest.error
    assert "introduced me to the team of Ben Carter" in digest.text  # the message is kept
    assert smtp_server.messages == []

    smtp_server.handler.refuse_rcpt = set()
    retry = goodterms("digest --send --as-of 2026-11-20T10:00")
    assert retry.code == 0, retry.err
    assert len(smtp_server.messages) == 1
    assert "introduced me to the team of Ben Carter" in smtp_server.messages[0].part("plain")
    digest.refresh_from_db()
    assert (digest.status, digest.attempts, digest.error) == ("sent", 2, "")


def test_a_refused_message_is_folded_into_the_next_days_digest(ana, smtp_server: Server):
    configure(smtp_server.port)
    smtp_server.handler.refuse_data = "554 5.7.1 Message rejected: spam score too high"
    result = goodterms("digest --send --as-of 2026-11-19T09:00")
    assert result.code == 1
    assert "554 5.7.1 Message rejected: spam score too high" in result.err

    preview = goodterms(f"digest --as-of {DAY} --format json").json()
    assert preview["undelivered"] == ["2026-11-19"]

    smtp_server.handler.refuse_data = ""
    sent = goodterms(f"digest --send --as-of {DAY}")
    assert sent.code == 0, sent.err
    assert "It also tells of the digest not delivered before (Thu 19 Nov 2026)." in sent.out
    [got] = smtp_server.messages
    plain = got.part("plain")
    assert "Your digest of Thu 19 Nov 2026 could not be sent (last error:" in plain
    assert "554 5.7.1 Message rejected: spam score too high" in plain
    assert "introduced me to the team of Ben Carter" in plain  # still to do, so still there
    assert "Thu 19 Nov 2026 could not be sent" in got.part("html")
    old, new = Digest.objects.order_by("day")
    assert (old.status, old.folded_into_id) == ("folded", new.pk)
    assert new.status == "sent"
    # Told once: the following day does not mention it again.
    goodterms("digest --send --as-of 2026-11-21T09:00")
    assert "could not be sent" not in smtp_server.messages[-1].part("plain")


def test_a_server_that_is_down_fails_and_the_next_run_sends(ana, smtp_server: Server):
    down = free_port()
    configure(down)
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 1
    assert f"cannot talk to 127.0.0.1:{down} (Connection refused)" in result.err
    digest = Digest.objects.get()
    assert digest.status == "failed" and "Connection refused" in digest.error

    configure(smtp_server.port)
    assert goodterms(f"digest --send --as-of {DAY}").code == 0
    assert len(smtp_server.messages) == 1
    digest.refresh_from_db()
    assert (digest.status, digest.attempts) == ("sent", 2)


def test_a_send_cut_short_is_kept_as_failed(ana, monkeypatch):
    """Stored before the server is contacted: even a crash mid-send leaves a digest to retry."""
    from goodterms.digest import mailer

    configure(free_port())

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(mailer, "send", crash)
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 1 and "power cut" in result.err
    digest = Digest.objects.get()
    assert digest.status == "failed"
    assert digest.error == "the send was interrupted before the server answered"


def test_what_cannot_be_tried_is_refused_before_anything_is_recorded(ana, monkeypatch):
    monkeypatch.delenv("GOODTERMS_SMTP_PASSWORD", raising=False)
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 2 and "no address for the digest" in result.err
    goodterms("config set digest.to ana@example.com")
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 2 and "goodterms config set smtp.host" in result.err
    configure(free_port(), security="starttls", extra=("smtp.user", "ana"))
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 2
    assert "no password for ana on 127.0.0.1: set GOODTERMS_SMTP_PASSWORD" in result.err
    goodterms("config set smtp.host smtp.example.org")
    goodterms("config set smtp.security none")
    monkeypatch.setenv("GOODTERMS_SMTP_PASSWORD", PASSWORD)
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 2
    assert "refusing to send your password in plain text to smtp.example.org" in result.err
    assert PASSWORD not in result.err + result.out
    assert not Digest.objects.exists()


def test_bad_settings_and_options_are_refused():
    result = goodterms("config set smtp.security tls")
    assert result.code == 5 and "starttls, ssl or none" in result.err
    assert goodterms("config set digest.to nobody").code == 5
    assert goodterms("config set smtp.from 'a b@c'").code == 5
    assert goodterms("digest --force").code == 2
    assert goodterms("digest --all-users").code == 2
    assert goodterms("digest --send --format json").code == 2
    assert goodterms("--user someone digest --send --all-users").code == 2


# ---------------------------------------------------------------- TLS and login

def test_starttls_with_a_login_end_to_end(ana, starttls_server: Server, tls_files,
                                          monkeypatch):
    monkeypatch.setenv("GOODTERMS_SMTP_PASSWORD", PASSWORD)
    configure(starttls_server.port, security="starttls",
              extra=("smtp.user", "mailer@example.org", "smtp.cafile", str(tls_files[0])))
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 0, result.err
    [got] = starttls_server.messages
    assert got.login == "mailer@example.org"
    assert got.message["From"] == "mailer@example.org"  # smtp.user, an address: the sender
    assert got.rcpt_tos == ["ana@example.com"]
    assert "introduced me to the team of Ben Carter" in got.part("plain")
    stored = Digest.objects.get()
    assert PASSWORD not in stored.text + stored.html + stored.error


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_ssl_from_the_start_end_to_end(ana, ssl_server: Server, tls_files, monkeypatch):
    monkeypatch.setenv("GOODTERMS_SMTP_PASSWORD", PASSWORD)
    configure(ssl_server.port, security="ssl",
              extra=("smtp.user", "ana@example.com", "smtp.cafile", str(tls_files[0])))
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 0, result.err
    assert ssl_server.messages[0].login == "ana@example.com"


def test_an_untrusted_certificate_or_a_wrong_password_is_a_failed_send(
        ana, starttls_server: Server, tls_files, monkeypatch):
    monkeypatch.setenv("GOODTERMS_SMTP_PASSWORD", PASSWORD)
    configure(starttls_server.port, security="starttls", extra=("smtp.user", "ana@example.com"))
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 1
    assert "the server's certificate cannot be trusted" in result.err
    assert "smtp.cafile" in result.err
    goodterms(f"config set smtp.cafile {tls_files[0]}")
    monkeypatch.setenv("GOODTERMS_SMTP_PASSWORD", "wrong")
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 1
    assert "refused the login of ana@example.com: 535" in result.err
    assert "wrong" not in result.err.replace("wrong password", "")
    assert Digest.objects.get().status == "failed"
    monkeypatch.setenv("GOODTERMS_SMTP_PASSWORD", PASSWORD)
    assert goodterms(f"digest --send --as-of {DAY}").code == 0
    assert Digest.objects.get().attempts == 3


def test_a_plain_server_asked_for_starttls_says_so(ana, smtp_server: Server):
    configure(smtp_server.port, security="starttls")
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 1 and "does not offer STARTTLS" in result.err


def test_a_forced_copy_that_fails_leaves_the_day_sent(ana, smtp_server: Server):
    configure(smtp_server.port)
    assert goodterms(f"digest --send --as-of {DAY}").code == 0
    smtp_server.handler.refuse_data = "451 4.3.0 Try again later"
    result = goodterms(f"digest --send --force --as-of {DAY}")
    assert result.code == 1 and "451 4.3.0 Try again later" in result.err
    digest = Digest.objects.get()
    assert digest.status == "sent" and "451" in digest.error
    smtp_server.handler.refuse_data = ""
    goodterms("digest --send --as-of 2026-11-21T09:00")  # nothing to tell about the 20th
    assert "could not be sent" not in smtp_server.messages[-1].part("plain")


def test_a_missing_ca_file_is_refused_before_anything_is_recorded(ana, tmp_path):
    configure(free_port(), security="starttls",
              extra=("smtp.cafile", str(tmp_path / "nowhere.pem")))
    result = goodterms(f"digest --send --as-of {DAY}")
    assert result.code == 2 and "smtp.cafile: there is no file" in result.err
    assert not Digest.objects.exists()

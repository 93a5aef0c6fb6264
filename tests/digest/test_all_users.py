"""`goodterms digest --send --all-users`: each user their own digest, for cron on a server."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from goodterms.digest.models import Digest
from tests.digest.conftest import Server, free_port
from tests.digest.test_digest import DAY, load, network
from tests.helpers import goodterms

pytestmark = pytest.mark.django_db

PEOPLE = {"ana": ("Ben Carter", "ben"), "bob": ("Dana Ruiz", "dana"),
          "cleo": ("Tim Park", "tim")}


@pytest.fixture
def three_users(tmp_path, home):
    """Three users, each with a network of their own and an address, and the
    installation's SMTP server in config.toml."""
    for name, (person, ident) in PEOPLE.items():
        get_user_model().objects.create_user(username=name)
        load(tmp_path, network(person, ident), user=name)
        assert goodterms(["--user", name, "config", "set", "me.emails",
                          f"{name}@example.com"]).code == 0


def installation_smtp(home, port: int) -> None:
    with (home / "config.toml").open("a", encoding="utf-8") as out:
        out.write(f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
                  'from = "goodterms@example.org"\n')


def test_each_user_receives_only_their_own_digest(three_users, home, smtp_server: Server):
    installation_smtp(home, smtp_server.port)
    result = goodterms(f"digest --send --all-users --as-of {DAY}")
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == "3 users: 3 sent, 0 failed."
    assert len(smtp_server.messages) == 3
    by_recipient = {m.rcpt_tos[0]: m for m in smtp_server.messages}
    assert set(by_recipient) == {"ana@example.com", "bob@example.com", "cleo@example.com"}
    for name, (person, _ident) in PEOPLE.items():
        got = by_recipient[f"{name}@example.com"]
        assert got.message["From"] == "goodterms@example.org"
        plain = got.part("plain")
        assert f"introduced me to the team of {person}" in plain
        assert f"goodterms, for {name}." in plain
        others = [p for other, (p, _i) in PEOPLE.items() if other != name]
        assert not any(o in plain or o in got.part("html") for o in others), name
    assert Digest.objects.filter(status="sent").count() == 3
    # Run again by cron: nothing is sent twice.
    again = goodterms(f"digest --send --all-users --as-of {DAY}")
    assert again.code == 0
    assert again.out.splitlines()[-1] == "3 users: 0 sent, 0 failed, 3 already sent."
    assert len(smtp_server.messages) == 3


def test_one_users_failure_does_not_stop_the_others(three_users, home, smtp_server: Server):
    installation_smtp(home, smtp_server.port)
    smtp_server.handler.refuse_rcpt = {"bob@example.com"}
    get_user_model().objects.create_user(username="dan")  # no address at all
    result = goodterms(f"digest --send --all-users --as-of {DAY}")
    assert result.code == 1
    assert "bob: not sent to bob@example.com:" in result.err
    assert "550 5.1.1 <bob@example.com>" in result.err
    assert "dan: skipped, no address for the digest" in result.out
    assert "4 users: 2 sent, 1 failed, 1 without an address." in result.out
    assert "error: 1 of 4 digests could not be sent" in result.err
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == ["ana@example.com",
                                                                  "cleo@example.com"]
    assert Digest.objects.get(status="failed").owner.username == "bob"

    smtp_server.handler.refuse_rcpt = set()
    retry = goodterms(f"digest --send --all-users --as-of {DAY}")
    assert retry.code == 0, retry.err
    assert "4 users: 1 sent, 0 failed, 2 already sent, 1 without an address." in retry.out
    assert smtp_server.messages[-1].rcpt_tos == ["bob@example.com"]


def test_it_uses_the_installations_server_never_a_users_own(three_users, home,
                                                             smtp_server: Server):
    """A user may point their own smtp.host anywhere: the installation's password must
    never follow it there, so --all-users sends through config.toml's server only."""
    installation_smtp(home, smtp_server.port)
    elsewhere = free_port()
    assert goodterms(["--user", "bob", "config", "set", "smtp.port", str(elsewhere)]).code == 0
    result = goodterms(f"digest --send --all-users --as-of {DAY}")
    assert result.code == 0, result.err
    assert len(smtp_server.messages) == 3
    # Bob on his own uses his own setting (and so fails here).
    alone = goodterms(["--user", "bob", "digest", "--send", "--force", "--as-of", DAY])
    assert alone.code == 1 and f"127.0.0.1:{elsewhere}" in alone.err


def test_without_an_installation_server_it_stops_at_once(three_users):
    result = goodterms(f"digest --send --all-users --as-of {DAY}")
    assert result.code == 2 and "smtp.host" in result.err
    assert not Digest.objects.exists()

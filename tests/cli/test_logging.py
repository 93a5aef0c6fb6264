"""Logging every kind of journal line from the command line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from goodterms.store import models as m
from tests.helpers import goodterms


@pytest.fixture
def network():
    for command in (
        'add "Tim Park" --id tim --met-on 2026-06-01 --met-how "breakfast" --label acquaintance',
        'add "Dana Ruiz" --id dana --org Acme --title Recruiter --email dana@acme.example',
        'add "Sam Lee" --id sam --introduced-by tim --close --tag mentor --tag python',
    ):
        result = goodterms(command)
        assert result.code == 0, result.err


def exported() -> list[dict]:
    return goodterms("export journal").lines()


def last_of(kind: str) -> dict:
    return [x for x in exported() if x["type"] == kind][-1]


def test_it_adds_a_person_with_everything_known(network):
    sam = m.Person.objects.get(ident="sam")
    assert sam.introduced_by.ident == "tim" and sam.close and sam.tags == ["mentor", "python"]
    tim = m.Person.objects.get(ident="tim")
    assert (tim.met_on.isoformat(), tim.met_how, tim.label) == ("2026-06-01", "breakfast",
                                                               "acquaintance")


def test_add_makes_an_id_from_the_name_and_never_reuses_one(network):
    first = goodterms('add "Zoë Ångström"')
    second = goodterms('add "Zoe Angstrom"')
    assert "as zoe-angstrom." in first.out
    assert "as zoe-angstrom-2." in second.out


def test_add_refuses_a_taken_id(network):
    result = goodterms('add "Tim Two" --id tim')
    assert result.code == 2 and "already used" in result.err


def test_it_logs_a_meeting_with_who_picked_the_time_and_travel(network):
    result = goodterms('log meeting tim "dana" --at 2026-11-02T09:00 -m "coffee" '
                       '--place "Café Rouge" --time-chosen-by me --initiated-by tim --travel 25')
    assert result.code == 0, result.err
    assert "Logged: meeting with Tim Park, Dana Ruiz" in result.out
    line = last_of("interaction")
    assert line == {**line, "at": "2026-11-02T09:00:00+00:00", "with": ["tim", "dana"],
                    "kind": "meeting", "direction": "both", "summary": "coffee",
                    "place": "Café Rouge", "time_chosen_by": "me", "initiated_by": "tim",
                    "their_travel_minutes": 25}


@pytest.mark.parametrize(("kind", "direction"), [("call", "both"), ("email", "out"),
                                                  ("message", "out"), ("note", "out")])
def test_each_interaction_kind_takes_its_default_direction(network, kind, direction):
    assert goodterms(f"log {kind} sam --at 2026-11-01").code == 0
    assert last_of("interaction")["direction"] == direction


def test_an_email_from_them(network):
    goodterms("log email dana --direction in --at 2026-11-01")
    assert last_of("interaction")["direction"] == "in"


def test_it_logs_a_favor_received_and_one_given(network):
    got = goodterms('favor from tim referral --refers-to dana --what "sent my resume" '
                    "--at 2026-11-03T10:00")
    gave = goodterms("favor to sam advice --size 2 --at 2026-11-04")
    assert got.code == gave.code == 0
    assert "[tim-referral-2026-11-03]" in got.out
    favors = {f.ident: f for f in m.Favor.objects.all()}
    received = favors["tim-referral-2026-11-03"]
    assert received.from_person.ident == "tim" and received.to_person is None
    assert (received.size, received.refers_to.ident, received.what) == (4, "dana",
                                                                        "sent my resume")
    given = favors["sam-advice-2026-11-04"]
    assert given.from_person is None and given.to_person.ident == "sam" and given.size == 2


def test_two_favors_of_a_kind_on_one_day_get_two_ids(network):
    goodterms("favor from tim advice --at 2026-11-03T10:00")
    second = goodterms("favor from tim advice --at 2026-11-03T15:00")
    assert "[tim-advice-2026-11-03-2]" in second.out
    assert m.Favor.objects.count() == 2


def test_it_logs_requests_both_ways_and_their_outcome(network):
    asked = goodterms('request from dana "feedback on my talk" --size 2 --due 2026-11-10 '
                      "--at 2026-11-05")
    mine = goodterms('request to tim "intro to Acme CTO" --size 3 --at 2026-11-06')
    assert asked.code == mine.code == 0
    incoming = m.Request.objects.get(from_person__ident="dana")
    assert incoming.due == datetime(2026, 11, 10, 23, 59, 59, tzinfo=UTC)
    outgoing = m.Request.objects.get(to_person__ident="tim")
    assert (outgoing.size, outgoing.what) == (3, "intro to Acme CTO")

    assert goodterms(f"request asked-again {incoming.ident} --at 2026-11-08").code == 0
    done = goodterms('request done dana --note "sent it" --at 2026-11-09')  # by person
    declined = goodterms("request declined tim --at 2026-11-09")
    assert done.code == declined.code == 0, done.err + declined.err
    statuses = {(u.request.ident, u.status) for u in m.RequestUpdate.objects.all()}
    assert statuses == {(incoming.ident, "asked_again"), (incoming.ident, "done"),
                        (outgoing.ident, "declined")}
    again = goodterms("request withdrawn dana")
    assert again.code == 3 and "no open request with Dana Ruiz" in again.err


def test_it_logs_thanks_offers_and_shares(network):
    goodterms("favor from tim referral --at 2026-11-03T10:00")
    thanked = goodterms("thanks to tim --for tim-referral-2026-11-03 --channel email "
                        "--at 2026-11-03T18:00")
    thanked_back = goodterms("thanks from sam --at 2026-11-04")
    offered = goodterms('offer to dana --what "intro to PyLadies" --at 2026-11-05')
    offered_me = goodterms("offer from sam --at 2026-11-05")
    shared = goodterms("share dana --to sam --given-by tim --at 2026-11-06")
    assert {r.code for r in (thanked, thanked_back, offered, offered_me, shared)} == {0}
    t = m.Thanks.objects.get(favor__isnull=False)
    assert (t.to_person.ident, t.channel, t.from_person) == ("tim", "email", None)
    assert m.Thanks.objects.get(favor__isnull=True).from_person.ident == "sam"
    assert m.Offer.objects.get(to_person__ident="dana").what == "intro to PyLadies"
    s = m.Share.objects.get()
    assert (s.contact.ident, s.to.ident, s.given_by.ident, s.with_permission) == (
        "dana", "sam", "tim", False)


def test_logging_the_same_thing_twice_says_so_and_stores_it_once(network):
    goodterms("offer to dana --at 2026-11-05")
    again = goodterms("offer to dana --at 2026-11-05")
    assert "Already logged" in again.out
    assert m.Offer.objects.count() == 1


def test_at_defaults_to_now_and_takes_words(network, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T15:30")
    goodterms("log call tim")
    goodterms("log email tim --at yesterday")
    times = sorted(i.at for i in m.Interaction.objects.all())
    assert times == [datetime(2026, 11, 19, tzinfo=UTC), datetime(2026, 11, 20, 15, 30,
                                                                  tzinfo=UTC)]


def test_a_bad_time_is_a_clear_error(network):
    result = goodterms("log call tim --at 'next friday'")
    assert result.code == 2 and "not an ISO 8601 date" in result.err
    assert m.Interaction.objects.count() == 0


def test_a_thank_you_for_an_unknown_favor_is_refused(network):
    result = goodterms("thanks to tim --for f-nope")
    assert result.code == 4 and "neither in this file nor stored" in result.err


def test_edit_changes_a_person_and_keeps_the_rest(network):
    result = goodterms('edit tim --label "former colleague" --org Initech')
    assert result.code == 0 and "updated" in result.out
    tim = m.Person.objects.get(ident="tim")
    assert (tim.label, tim.org, tim.met_how) == ("former colleague", "Initech", "breakfast")
    assert "nothing changed" in goodterms("edit tim --org Initech").out


def test_forget_deletes_a_record(network):
    goodterms("offer to dana --at 2026-11-05")
    ident = m.Offer.objects.get().ident
    assert goodterms(f"forget {ident}").code == 0
    assert m.Offer.objects.count() == 0
    assert goodterms("forget sam --yes").code == 0
    assert not m.Person.objects.filter(ident="sam").exists()
    assert goodterms("forget nothing-here").code == 3


def test_a_name_longer_than_the_database_holds_is_a_clear_error():
    result = goodterms(["add", "N" * 301, "--id", "long"])
    assert result.code == 4, result.err
    assert "'name' is longer than 300 characters" in result.err
    assert "DataError" not in result.err


def test_a_database_busy_with_another_write_is_a_clear_error(monkeypatch):
    # SQLite allows one writer: a command that waited 30 s for an import gives up so.
    from django.db import OperationalError

    import goodterms.store.actions as actions

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(actions, "import_lines", locked)
    result = goodterms("add 'Ana Bell'")
    assert result.code == 6
    assert result.err.startswith("error: the database is busy: another goodterms command")
    assert "Traceback" not in result.err and "--debug" not in result.err

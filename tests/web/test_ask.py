"""The Ask page: the pre-flight check of `goodterms ask`, by form."""

from __future__ import annotations

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goodterms.store import models as m
from tests.helpers import goodterms
from tests.web.network import build_network, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")


def ask(client, **fields):
    data = {"person": "p0", "what": "a referral to her team", "size": "5", **fields}
    return client.post("/ask/", data)


def test_the_form_is_labelled_and_takes_a_person_from_the_url():
    _user, client = signed_in("ana")
    html = client.get("/ask/?person=p3").content.decode()
    for label in ("Whom you would ask", "What you would ask for", "How big an ask",
                  "Who picks the time"):
        assert label in html
    assert 'value="p3"' in html
    assert '<label for="id_person"' in html


def test_a_big_ask_of_a_new_contact_gets_the_same_verdict_as_the_cli():
    user, client = signed_in("ana")
    build_network(user, 3)
    response = ask(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert "ask-too-big" in html and "Think again before asking Person P0" in html
    cli = goodterms(["--user", "ana", "ask", "p0", "a referral to her team", "--size", "5"])
    message = cli.out.split("●", 1)[1].split("(ask-too-big)")[0].strip()
    assert " ".join(message.split()) in " ".join(unescape(html).split())
    assert not m.Request.objects.filter(owner=user, from_person=None).exists()  # only a check


def test_a_small_ask_fits():
    user, client = signed_in("ana")
    build_network(user, 3)
    html = ask(client, size="1", what="a quick question").content.decode()
    assert "✓ Asking Person P0 for this fits your relationship." in html


def test_a_meeting_far_away_is_checked_too():
    user, client = signed_in("ana")
    build_network(user, 3)
    html = ask(client, size="1", meeting="on", at="2026-11-25T08:00", time_chosen_by="me",
               travel="90", place="my office").content.decode()
    assert "burdensome-meeting" in html


def test_check_and_record_records_the_ask_for_the_user_only():
    user, client = signed_in("ana")
    build_network(user, 3)
    other, _ = signed_in("bob")
    build_network(other, 3)
    response = ask(client, size="2", what="coffee next week", record="1")
    assert "Recorded the ask as request" in response.content.decode()
    made = m.Request.objects.get(owner=user, from_person=None)
    assert (made.to_person.ident, made.what, made.size) == ("p0", "coffee next week", 2)
    assert made.ident == "p0-request-2026-11-20"
    assert not m.Request.objects.filter(owner=other, from_person=None).exists()


def test_someone_elses_person_is_nobody_here_and_nothing_is_stored():
    ana, _ = signed_in("ana")
    build_network(ana, 3)
    _bob, client = signed_in("bob")
    response = ask(client, record="1")
    html = response.content.decode()
    assert response.status_code == 422
    assert "nobody called &#x27;p0&#x27; in your network" in html
    assert m.Request.objects.filter(from_person=None).count() == 0


def test_bad_values_are_refused_with_a_message():
    user, client = signed_in("ana")
    build_network(user, 3)
    response = ask(client, size="9", meeting="on", at="next friday", travel="-3")
    html = response.content.decode()
    assert response.status_code == 422
    assert "Select a valid choice" in html
    assert "ISO 8601" in html
    assert "greater than or equal to 0" in html


def test_htmx_gets_the_panel_alone():
    user, client = signed_in("ana")
    build_network(user, 3)
    response = client.post("/ask/", {"person": "p0", "what": "advice", "size": "1"},
                           headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="ask-panel">') and "<html" not in html


def test_queries_do_not_grow_with_the_network():
    counts = []
    for name, size in (("small", 6), ("large", 60)):
        user, client = signed_in(name)
        build_network(user, size)
        ask(client)
        with CaptureQueriesContext(connection) as queries:
            assert ask(client).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]

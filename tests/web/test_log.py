"""Log: a short form for every kind of event, storing the same lines as the CLI."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from goodterms.store import models as m
from tests.helpers import goodterms
from tests.web.core import client_for, make_user, small_network

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]


# (web form, the same event typed on the command line)
EVENTS = [
    ({"kind": "interaction", "what": "meeting", "people": "tim, Dana", "summary": "coffee",
      "place": "Café Rouge", "direction": "", "initiated_by": "tim", "time_chosen_by": "me",
      "travel": "25", "at": "2026-11-02T09:00"},
     ["log", "meeting", "tim", "Dana", "-m", "coffee", "--place", "Café Rouge",
      "--initiated-by", "tim", "--time-chosen-by", "me", "--travel", "25",
      "--at", "2026-11-02T09:00"]),
    ({"kind": "favor", "direction": "from", "person": "tim", "what_kind": "referral",
      "what": "sent my resume", "size": "4", "refers_to": "dana", "at": "2026-11-03T10:00"},
     ["favor", "from", "tim", "referral", "--what", "sent my resume", "--size", "4",
      "--refers-to", "dana", "--at", "2026-11-03T10:00"]),
    ({"kind": "request", "direction": "to", "person": "dana", "what": "a call", "size": "2",
      "due": "2026-11-10", "at": "2026-11-04T10:00"},
     ["request", "to", "dana", "a call", "--size", "2", "--due", "2026-11-10",
      "--at", "2026-11-04T10:00"]),
    ({"kind": "request_update", "request": "dana-feedback", "status": "declined",
      "note": "no time", "at": "2026-11-05T10:00"},
     ["request", "declined", "dana-feedback", "--note", "no time",
      "--at", "2026-11-05T10:00"]),
    ({"kind": "thanks", "direction": "to", "person": "tim", "favor": "tim-referral",
      "channel": "email", "at": "2026-11-19T10:00"},
     ["thanks", "to", "tim", "--for", "tim-referral", "--channel", "email",
      "--at", "2026-11-19T10:00"]),
    ({"kind": "offer", "direction": "to", "person": "dana", "what": "an intro",
      "at": "2026-11-06T10:00"},
     ["offer", "to", "dana", "--what", "an intro", "--at", "2026-11-06T10:00"]),
    ({"kind": "share", "contact": "dana", "to": "sam", "given_by": "tim",
      "with_permission": "on", "at": "2026-11-07T10:00"},
     ["share", "dana", "--to", "sam", "--given-by", "tim", "--with-permission",
      "--at", "2026-11-07T10:00"]),
]


@pytest.mark.parametrize(("form", "command"), EVENTS, ids=[f["kind"] for f, _ in EVENTS])
def test_each_form_stores_the_line_the_cli_would(ana, form, command):
    bob = make_user("bob")
    small_network(bob)
    response = client_for(ana).post(reverse("web:log"), form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == f"/log/?kind={form['kind']}"
    typed = goodterms(["--user", "bob", *command])
    assert typed.code == 0, typed.err
    web = goodterms(["--user", "ana", "export", "journal"]).lines()
    cli = goodterms(["--user", "bob", "export", "journal"]).lines()
    assert web == cli
    assert len(web) == 8  # the network's seven lines and this one
    page = client_for(ana).get(response["Location"]).content.decode()
    assert "logged" in page or "passed on" in page


def test_empty_when_means_now_and_a_success_message_names_the_id(ana):
    client = client_for(ana)
    response = client.post(reverse("web:log"), {"kind": "offer", "direction": "to",
                                                 "person": "Sam", "at": ""}, follow=True)
    offer = m.Offer.objects.get(owner=ana)
    assert offer.at.isoformat() == "2026-11-20T09:00:00+00:00"
    assert f"Offer logged [{offer.ident}]." in response.content.decode()


def test_mistakes_are_shown_next_to_their_field_and_nothing_is_stored(ana):
    client = client_for(ana)
    before = m.Record.objects.count()
    unknown = client.post(reverse("web:log"), {"kind": "favor", "direction": "from",
                                               "person": "zed", "what_kind": "advice"})
    assert unknown.status_code == 400
    html = unknown.content.decode()
    assert "nobody called &#x27;zed&#x27; in your network" in html
    assert 'value="zed"' in html  # what was typed stays
    missing = client.post(reverse("web:log"), {"kind": "request", "direction": "from",
                                               "person": "dana"})
    assert missing.status_code == 400 and "This field is required." in missing.content.decode()
    bad_time = client.post(reverse("web:log"), {"kind": "offer", "direction": "to",
                                                "person": "dana", "at": "next friday"})
    assert bad_time.status_code == 400
    no_favor = client.post(reverse("web:log"), {"kind": "thanks", "direction": "to",
                                                "person": "tim", "favor": "nope"})
    assert "There is no favor &#x27;nope&#x27; in your network." in no_favor.content.decode()
    assert m.Record.objects.count() == before


def test_an_ambiguous_name_asks_for_more(ana):
    goodterms('--user ana add "Tim Ng" --id tim-ng')
    response = client_for(ana).post(reverse("web:log"), {"kind": "offer", "direction": "to",
                                                         "person": "Tim"})
    assert response.status_code == 400
    assert "matches 2 people" in response.content.decode()


def test_the_person_page_opens_a_filled_form_and_comes_back(ana):
    client = client_for(ana)
    html = client.get(reverse("web:log"), {"kind": "thanks", "person": "tim"}).content.decode()
    assert re.search(r'<input type="text" name="person" value="tim"', html)
    assert '<a href="/log/?kind=thanks" aria-current="page">' in html
    response = client.post(reverse("web:log"), {"kind": "thanks", "direction": "to",
                                                "person": "tim", "next": "/people/tim/"})
    assert response["Location"] == "/people/tim/"


def test_every_field_has_a_label_and_people_are_offered_for_completion(ana):
    client = client_for(ana)
    for kind in ("interaction", "favor", "request", "request_update", "thanks", "offer",
                 "share"):
        html = client.get(reverse("web:log"), {"kind": kind}).content.decode()
        ids = re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', html)
        assert ids, kind
        for ident in ids:
            assert f'<label for="{ident}"' in html, (kind, ident)
    html = client.get(reverse("web:log"), {"kind": "favor"}).content.decode()
    assert '<option value="tim">Tim Park</option>' in html
    assert 'list="people-list"' in html


def test_the_request_list_offers_only_open_requests_of_ones_own(ana):
    bob = make_user("bob")
    goodterms('--user bob add "Zoe" --id zoe')
    goodterms('--user bob request from zoe "secret" --id bob-secret')
    html = client_for(ana).get(reverse("web:log"), {"kind": "request_update"}).content.decode()
    assert '<option value="dana-feedback">feedback on the job ad (from Dana Ruiz' in html
    assert "bob-secret" not in html
    response = client_for(ana).post(reverse("web:log"), {
        "kind": "request_update", "request": "bob-secret", "status": "done"})
    assert response.status_code == 400
    assert not m.RequestUpdate.objects.exists()
    assert bob.pk != ana.pk

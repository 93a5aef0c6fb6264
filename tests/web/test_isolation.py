"""Three users (the owner, a second user and a stranger): nobody reaches another's
people, events or findings through any URL or form of these pages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from goodterms.store import models as m
from goodterms.store.findings import code_for
from tests.helpers import goodterms
from tests.web.core import NOW, client_for, make_user, small_network, store

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", NOW)


@pytest.fixture
def three():
    owner = make_user("owner")
    bob = make_user("bob")
    eve = make_user("eve")
    assert get_user_model().objects.order_by("pk").first() == owner
    small_network(owner)
    small_network(bob)  # the same ids as the owner's, on purpose
    store(bob, [
        {"type": "person", "id": "zoe", "name": "Zoe Secret", "org": "Hidden Corp"},
        {"type": "favor", "id": "zoe-favor", "at": "2026-11-19T10:00:00+00:00",
         "from": "zoe", "to": "me", "kind": "intro", "what": "the secret intro"},
        {"type": "request", "id": "zoe-ask", "at": "2026-11-01T10:00:00+00:00",
         "from": "zoe", "to": "me", "what": "the secret ask"},
    ])
    return owner, bob, eve


def journal(user) -> list[dict]:
    return goodterms(["--user", user.username, "export", "journal"]).lines()


def state() -> dict[str, list]:
    """Everything stored, for every user."""
    found = {name: sorted(model._default_manager.values_list("owner_id", "ident", "digest"))
             for name, model in m.MODELS.items()}
    found["mutes"] = sorted(m.Mute.objects.values_list("owner_id", "rule", "person", "subject"))
    return found


def bobs_codes() -> list[str]:
    return [code_for("no-thank-you", "zoe", "zoe-favor"),
            code_for("ignored-request", "zoe", "zoe-ask"),
            code_for("no-follow-up", "zoe", "zoe-favor", "acknowledge"),
            code_for("never-offered-help", "zoe", None)]


def test_bobs_findings_are_real_and_his_own(three):
    _owner, bob, _eve = three
    html = client_for(bob).get(reverse("web:today")).content.decode()
    for code in bobs_codes()[:3]:
        assert f'id="f-{code}"' in html


def test_nobody_sees_anothers_people_or_findings_on_any_page(three):
    owner, _bob, eve = three
    for user in (owner, eve):
        client = client_for(user)
        for url in (reverse("web:today"), reverse("web:people"),
                    reverse("web:people") + "?q=zoe", reverse("web:log"),
                    reverse("web:log") + "?kind=request_update",
                    reverse("web:log") + "?kind=favor&person=zoe",
                    reverse("web:person", args=["tim"]) if user == owner else reverse(
                        "web:today")):
            html = client.get(url).content.decode()
            for secret in ("Zoe Secret", "Hidden Corp", "the secret", "zoe-ask", "zoe-favor"):
                assert secret not in html, (user.username, url, secret)
            for code in bobs_codes():
                assert code not in html
    eve_people = client_for(eve).get(reverse("web:people")).content.decode()
    assert "Tim Park" not in eve_people and "0 of 0 people" in eve_people


def test_anothers_person_page_is_a_404(three):
    owner, _bob, eve = three
    assert client_for(owner).get(reverse("web:person", args=["zoe"])).status_code == 404
    for ident in ("zoe", "tim", "dana"):
        assert client_for(eve).get(reverse("web:person", args=[ident])).status_code == 404


def test_the_same_id_shows_ones_own_person(three):
    owner, bob, _eve = three
    goodterms('--user bob edit tim --org "Bob Industries"')
    mine = client_for(owner).get(reverse("web:person", args=["tim"])).content.decode()
    theirs = client_for(bob).get(reverse("web:person", args=["tim"])).content.decode()
    assert "Initech" in mine and "Bob Industries" not in mine
    assert "Bob Industries" in theirs


def test_anothers_finding_codes_do_nothing_through_any_action(three):
    owner, _bob, eve = three
    before = state()
    for user in (owner, eve):
        client = client_for(user)
        for code in bobs_codes():
            for name in ("thanked", "followed_up", "offered_help", "request_done",
                         "request_declined"):
                url = reverse("web:finding_action", args=[code, name])
                assert client.post(url).status_code == 404
                assert client.post(url, HTTP_HX_REQUEST="true").status_code == 404
            assert client.post(reverse("web:snooze", args=[code]),
                               {"days": "7"}).status_code == 404
            assert client.post(reverse("web:dismiss", args=[code]),
                               {"reason": "x"}).status_code == 404
    assert state() == before


def test_a_shared_code_acts_only_on_ones_own_finding(three):
    owner, bob, _eve = three
    code = code_for("no-thank-you", "tim", "tim-referral")  # both have this finding
    bobs = journal(bob)
    assert client_for(owner).post(reverse("web:finding_action",
                                          args=[code, "thanked"])).status_code == 302
    assert m.Thanks.objects.filter(owner=owner).count() == 1
    assert not m.Thanks.objects.filter(owner=bob).exists()
    assert journal(bob) == bobs
    client_for(owner).post(reverse("web:dismiss", args=[code_for(
        "ignored-request", "dana", "dana-feedback")]))
    assert not m.Mute.objects.filter(owner=bob).exists()
    assert f'id="f-{code}"' in client_for(bob).get(reverse("web:today")).content.decode()


FORMS_WITH_BOBS_IDS = [
    {"kind": "interaction", "what": "call", "people": "zoe"},
    {"kind": "interaction", "what": "call", "people": "tim", "initiated_by": "zoe"},
    {"kind": "interaction", "what": "call", "people": "Zoe Secret"},
    {"kind": "favor", "direction": "from", "person": "zoe", "what_kind": "advice"},
    {"kind": "favor", "direction": "from", "person": "tim", "what_kind": "intro",
     "refers_to": "zoe"},
    {"kind": "request", "direction": "to", "person": "zoe", "what": "x"},
    {"kind": "request_update", "request": "zoe-ask", "status": "done"},
    {"kind": "thanks", "direction": "to", "person": "zoe"},
    {"kind": "thanks", "direction": "to", "person": "tim", "favor": "zoe-favor"},
    {"kind": "offer", "direction": "to", "person": "zoe"},
    {"kind": "share", "contact": "zoe", "to": "tim"},
    {"kind": "share", "contact": "tim", "to": "dana", "given_by": "zoe"},
]


@pytest.mark.parametrize("form", FORMS_WITH_BOBS_IDS,
                         ids=[f"{f['kind']}-{n}" for n, f in enumerate(FORMS_WITH_BOBS_IDS)])
def test_log_forms_refuse_anothers_ids_and_store_nothing(three, form):
    owner, _bob, eve = three
    before = state()
    for user in (owner, eve):
        response = client_for(user).post(reverse("web:log"), form)
        assert response.status_code == 400, (user.username, response.status_code)
        html = response.content.decode()
        for secret in ("Hidden Corp", "the secret intro", "the secret ask"):
            assert secret not in html
    assert state() == before


def test_the_stranger_has_a_network_of_her_own(three):
    _owner, _bob, eve = three
    client = client_for(eve)
    assert "Nothing to do" in client.get(reverse("web:today")).content.decode()
    goodterms('--user eve add "Eve Friend" --id tim')
    response = client.post(reverse("web:log"), {"kind": "offer", "direction": "to",
                                                "person": "tim"})
    assert response.status_code == 302
    assert m.Offer.objects.get().owner == eve
    people = client.get(reverse("web:people")).content.decode()
    assert re.findall(r'<td><a href="/people/[\w-]+/">([^<]+)</a>', people) == ["Eve Friend"]

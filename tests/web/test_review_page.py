"""The Review page: mail detections waiting for a decision, decided in place."""

from __future__ import annotations

import re

import pytest

from goodterms.store import models as m
from tests.web.network import build_network, count_queries, detection, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    user, client = signed_in("ana")
    build_network(user, 3)
    return user, client


def test_the_page_lists_the_users_pending_detections_only(ana):
    user, client = ana
    detection(user, 1, "p0")
    detection(user, 2, "p1", act="request")
    decided = detection(user, 3, "p2")
    decided.status = "rejected"
    decided.save()
    bob, _ = signed_in("bob")
    build_network(bob, 3)
    detection(bob, 9, "p0")
    html = client.get("/review/").content.decode()
    assert "sentence 1" in html and "sentence 2" in html
    assert "sentence 3" not in html and "sentence 9" not in html
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert "Would record: thanks from Person P0 to you" in text
    assert "Would record: request from Person P1 to you: a review of my portfolio" in text
    assert "2 waiting" in html
    assert 'for="what-' in html  # the edit field is labelled


def test_accept_without_javascript_records_and_comes_back(ana):
    user, client = ana
    found = detection(user, 1, "p0")
    response = client.post(f"/review/{found.pk}/", {"decision": "accept"})
    assert response.status_code == 302 and response["Location"] == "/review/"
    found.refresh_from_db()
    assert found.status == "accepted"
    assert m.Thanks.objects.filter(owner=user, ident="mail-thanks-1").exists()
    page = client.get("/review/").content.decode()
    assert f"#{found.pk} accepted and recorded." in page
    assert "Nothing waits for review." in page


def test_reject_with_htmx_replaces_the_card(ana):
    user, client = ana
    found = detection(user, 1, "p0", act="request")
    response = client.post(f"/review/{found.pk}/", {"decision": "reject"},
                           headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="card" id="detection-{found.pk}">')
    assert "Rejected." in html and "<form" not in html
    found.refresh_from_db()
    assert found.status == "rejected"
    assert not m.Request.objects.filter(ident="mail-request-1").exists()


def test_edit_then_accept_records_the_edited_text(ana):
    user, client = ana
    found = detection(user, 1, "p1", act="request")
    client.post(f"/review/{found.pk}/", {"decision": "edit", "what": "feedback on my CV"})
    made = m.Request.objects.get(owner=user, ident="mail-request-1")
    assert made.what == "feedback on my CV" and made.from_person.ident == "p1"
    found.refresh_from_db()
    assert found.status == "accepted" and found.proposal["what"] == "feedback on my CV"


def test_another_users_detection_is_not_found_and_stays_pending(ana):
    user, _client = ana
    found = detection(user, 1, "p0")
    _bob, bob_client = signed_in("bob")
    for decision in ("accept", "reject", "edit"):
        response = bob_client.post(f"/review/{found.pk}/", {"decision": decision,
                                                            "what": "x"})
        assert response.status_code == 404
    found.refresh_from_db()
    assert found.status == "pending"
    assert not m.Thanks.objects.filter(ident="mail-thanks-1").exists()
    assert "sentence 1" not in bob_client.get("/review/").content.decode()


def test_a_decided_detection_cannot_be_decided_again(ana):
    user, client = ana
    found = detection(user, 1, "p0")
    client.post(f"/review/{found.pk}/", {"decision": "reject"})
    response = client.post(f"/review/{found.pk}/", {"decision": "accept"},
                           headers={"HX-Request": "true"})
    assert "was already rejected" in response.content.decode()
    found.refresh_from_db()
    assert found.status == "rejected"
    assert not m.Thanks.objects.filter(ident="mail-thanks-1").exists()


def test_only_post_decides(ana):
    user, client = ana
    found = detection(user, 1, "p0")
    assert client.get(f"/review/{found.pk}/").status_code == 405
    assert client.post(f"/review/{found.pk}/", {"decision": "maybe"}).status_code == 400
    found.refresh_from_db()
    assert found.status == "pending"


def test_queries_do_not_grow_with_the_queue():
    counts = []
    for name, size in (("small", 5), ("large", 50)):
        user, client = signed_in(name)
        build_network(user, size)
        for n in range(size):
            detection(user, n, f"p{n}", act="request" if n % 2 else "thanks")
        count_queries(client, "/review/")
        few, response = count_queries(client, "/review/")
        assert f"{size} waiting" in response.content.decode()
        counts.append(few)
    assert counts[0] == counts[1]

"""People (search, filters, sorting) and the Person page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from goodterms.store.findings import code_for
from tests.helpers import goodterms
from tests.web.core import client_for, make_user, store

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]


def names(client, **query) -> list[str]:
    response = client.get(reverse("web:people"), query)
    assert response.status_code == 200
    return re.findall(r'<td><a href="/people/[\w-]+/">([^<]+)</a>', response.content.decode())


def test_people_lists_everyone_by_name_with_depth_favors_and_last_contact(ana):
    client = client_for(ana)
    assert names(client) == ["Dana Ruiz", "Sam Lee", "Tim Park"]
    html = client.get(reverse("web:people")).content.decode()
    assert "3 of 3 people" in html
    tim = re.search(r'<tr>\s*<td><a href="/people/tim/">.*?</tr>', html, re.S).group(0)
    assert "a new contact" in tim and "1 received · 0 given" in tim and "(I owe)" in tim
    assert "2026-10-21" in tim  # the coffee, 30 days before
    sam = re.search(r'<tr>\s*<td><a href="/people/sam/">.*?</tr>', html, re.S).group(0)
    assert "0 received · 1 given" in sam and "(owes me)" in sam and "never" in sam


def test_people_search_and_filters(ana):
    client = client_for(ana)
    assert names(client, q="acme") == ["Dana Ruiz"]
    assert names(client, q="park tim") == ["Tim Park"]
    assert names(client, q="nobody") == []
    assert names(client, tag="mentor") == ["Sam Lee"]
    assert names(client, org="Initech") == ["Tim Park"]
    assert names(client, owes="i") == ["Tim Park"]
    assert names(client, owes="me") == ["Sam Lee"]
    assert names(client, depth="1") == ["Tim Park"]
    assert names(client, depth="0") == ["Dana Ruiz", "Sam Lee"]
    assert names(client, tag="python", owes="me") == []
    html = client.get(reverse("web:people"), {"tag": "mentor"}).content.decode()
    assert '<option value="mentor" selected>' in html
    assert '<label for="q">Search</label>' in html and 'role="search"' in html


def test_people_sort_by_last_contact(ana):
    store(ana, [{"type": "interaction", "id": "call-dana", "at": "2026-11-19T10:00:00+00:00",
                 "with": ["dana"], "kind": "call"}])
    client = client_for(ana)
    assert names(client, sort="recent") == ["Dana Ruiz", "Tim Park", "Sam Lee"]
    assert names(client, sort="oldest") == ["Tim Park", "Dana Ruiz", "Sam Lee"]


def test_people_pages_a_large_network():
    user = make_user("ana")
    store(user, [{"type": "person", "id": f"p{n:03}", "name": f"Person {n:03}"}
                 for n in range(120)])
    client = client_for(user)
    first = names(client)
    assert len(first) == 50 and first[0] == "Person 000"
    third = names(client, page="3")
    assert third == [f"Person {n:03}" for n in range(100, 120)]
    html = client.get(reverse("web:people"), {"q": "Person", "page": "2"}).content.decode()
    assert "page 2 of 3" in html and "?q=Person&amp;page=3" in html


def test_the_empty_network_says_what_to_do():
    html = client_for(make_user("ana")).get(reverse("web:people")).content.decode()
    assert "Your network is empty" in html


def test_the_person_page_has_details_the_honest_answer_ledger_timeline_and_findings(ana):
    client = client_for(ana)
    response = client.get(reverse("web:person", args=["tim"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tim Park" in html and "Initech" in html and "job seekers&#x27; breakfast" in html
    know = goodterms(["--user", "ana", "know", "tim"]).out.strip()
    assert know.replace("'", "&#x27;") in html
    assert "How do you know Tim Park?" in html
    # The ledger: one favor from Tim, none from me.
    assert "Tim Park has done you 1 favor; you have done 0 for them." in html
    assert "Tim Park → you" in html and "referral: sent my resume to Dana" in html
    # The timeline, newest first.
    assert html.index("tim-referral</span>") < html.index("coffee-tim</span>")
    # Open findings, with their actions, coming back to this page.
    assert f'id="f-{code_for("no-thank-you", "tim", "tim-referral")}"' in html
    assert f'id="f-{code_for("ignored-request", "dana", "dana-feedback")}"' not in html
    assert '<input type="hidden" name="next" value="/people/tim/">' in html
    # Quick-log buttons open the Log forms for Tim.
    assert "/log/?kind=favor&amp;person=tim" in html
    assert "/log/?kind=thanks&amp;person=tim" in html


def test_the_person_page_links_who_introduced_them(ana):
    html = client_for(ana).get(reverse("web:person", args=["sam"])).content.decode()
    assert '<a href="/people/tim/">Tim Park</a>' in html
    assert "you → Sam Lee" in html


def test_an_unknown_person_is_a_404(ana):
    assert client_for(ana).get(reverse("web:person", args=["zed"])).status_code == 404

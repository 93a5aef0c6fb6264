"""The pictures: give and take over time, and who introduced whom."""

from __future__ import annotations

import re

import pytest
from django.http import Http404
from django.template import RequestContext, Template
from django.test import RequestFactory

from tests.web.network import build_network, count_queries, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")


def last_row(html: str) -> list[str]:
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", html)
    label, cells = rows[-1]
    return [label, *re.findall(r"<td>(.*?)</td>", cells)]


def test_the_network_balance_counts_what_was_given_and_received():
    user, client = signed_in("ana")
    build_network(user, 10)
    response = client.get("/balance/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg class="chart"' in html and 'role="img"' in html
    assert '<title id="balance-network-title">' in html and "<desc" in html
    # 10 requests done for them + 5 favors to them; 10 favors received.
    assert last_row(html) == ["Nov 2026", "0", "0", "15", "10", "5"]
    assert "you have given 5 more than you received" in html


def test_one_persons_balance_and_the_template_tag():
    user, client = signed_in("ana")
    build_network(user, 3)
    html = client.get("/balance/p0/").content.decode()
    assert "Give and take with Person P0" in html
    assert last_row(html)[-3:] == ["2", "1", "1"]  # a favor and a request done; one favor
    request = RequestFactory().get("/")
    request.user = user
    text = Template("{% load goodterms_charts %}{% balance_chart 'p1' %}").render(
        RequestContext(request, {}))
    assert 'id="balance-p1"' in text and "<svg" in text
    assert last_row(text)[-3:] == ["1", "1", "0"]  # p1 got no favor back


def test_the_person_page_shows_their_balance_chart():
    user, client = signed_in("ana")
    build_network(user, 3)
    html = client.get("/people/p1/").content.decode()
    assert 'id="balance-p1"' in html and "<svg" in html
    assert last_row(html)[-3:] == ["1", "1", "0"]


def test_another_users_person_is_not_found():
    ana, _ = signed_in("ana")
    build_network(ana, 3)
    bob, client = signed_in("bob")
    assert client.get("/balance/p0/").status_code == 404
    from goodterms.web.views.charts import balance_svg

    with pytest.raises(Http404):
        balance_svg(bob, "p0")
    assert "<svg" in balance_svg(ana, "p0")


def test_an_empty_network_says_so_in_words():
    _user, client = signed_in("ana")
    html = client.get("/balance/").content.decode()
    assert "Nothing given or received" in html and "<svg" not in html
    html = client.get("/introductions/").content.decode()
    assert "No introductions are recorded yet." in html


def test_the_introductions_map_has_every_introduction_once(client):
    user, client = signed_in("ana")
    build_network(user, 6)  # p0→p1→p2→p3→p4, p5 alone
    from goodterms.store import models as m

    evil = m.Person.objects.create(owner=user, ident="evil", name="<script>x</script>")
    m.Favor.objects.create(owner=user, ident="intro-1", at="2026-03-01T10:00Z",
                           from_person=evil, to_person=None, kind="intro", size=3,
                           refers_to=m.Person.objects.get(owner=user, ident="p5"))
    response = client.get("/introductions/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="edge"') == 5
    assert "<script>x" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert '<title id="intro-title">Who introduced whom</title>' in html
    assert "5 people introduced you to 5 others (5 introductions)" in html
    table = html[html.index("The introductions as a list"):]
    assert table.count("<tr>") == 6  # the header and five introductions
    # Columns: whoever was introduced sits to the right of who introduced them.
    xs = {name: float(x) for x, name in re.findall(
        r'<circle cx="([\d.]+)"[^>]*/><text[^>]*>(Person P\d)</text>', html)}
    assert xs["Person P0"] < xs["Person P1"] < xs["Person P2"] < xs["Person P3"]


def test_another_users_introductions_are_not_shown():
    ana, _ = signed_in("ana")
    build_network(ana, 4)
    _bob, client = signed_in("bob")
    html = client.get("/introductions/").content.decode()
    assert "Person P1" not in html


@pytest.mark.parametrize("url", ["/balance/", "/balance/p1/", "/introductions/"])
def test_queries_do_not_grow_with_the_network(url):
    small, small_client = signed_in("small")
    build_network(small, 8, prefix="p")
    large, large_client = signed_in("large")
    build_network(large, 80, prefix="p")
    count_queries(small_client, url)  # the first request of a session may differ
    count_queries(large_client, url)
    few, _ = count_queries(small_client, url)
    many, response = count_queries(large_client, url)
    assert few == many
    assert "Person P79" in response.content.decode() or url != "/introductions/"

"""The number of database queries per page does not grow with the network."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web.core import NOW, big_network, client_for, make_user

pytestmark = pytest.mark.django_db

N = 12


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", NOW)


def queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries), response.content.decode()


PAGES = [
    ("today", reverse("web:today")),
    ("people", reverse("web:people")),
    ("people-filtered", reverse("web:people") + "?owes=i&sort=recent&tag=t1"),
    ("person", reverse("web:person", args=["p1"])),
    ("log", reverse("web:log") + "?kind=request_update"),
    ("log-favor", reverse("web:log") + "?kind=favor"),
]


@pytest.mark.parametrize(("name", "url"), PAGES, ids=[name for name, _ in PAGES])
def test_queries_are_the_same_for_a_network_ten_times_larger(name, url):
    small, large = make_user("small"), make_user("large")
    big_network(small, N)
    big_network(large, 10 * N)
    small_count, small_html = queries(client_for(small), url)
    large_count, large_html = queries(client_for(large), url)
    assert small_count == large_count, (small_count, large_count)
    assert small_count <= 30
    # Both pages really show their network (the large one more of it).
    assert len(large_html) > len(small_html) or name == "person"
    if name == "today":
        assert large_html.count('class="card finding') > small_html.count('class="card finding')
        assert small_html.count('class="card finding') > 0

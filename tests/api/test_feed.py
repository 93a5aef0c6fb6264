"""The calendar feed: a secret, revocable URL serving due and overdue actions."""

from __future__ import annotations

import pytest
from django.test import Client
from icalendar import Calendar

from goodterms.api.models import CalendarFeed
from tests.helpers import goodterms

BASE = "https://goodterms.example.org"


@pytest.fixture
def feed_url(network, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    result = goodterms(["feed", "url", "--base-url", BASE + "/"])
    assert result.code == 0, result.err
    url = result.out.strip()
    assert url.startswith(BASE + "/feed/") and url.endswith(".ics")
    return url.removeprefix(BASE)


def test_the_feed_serves_the_due_and_overdue_actions_without_a_login(feed_url):
    response = Client().get(feed_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    exported = Calendar.from_ical(goodterms("export ics").out).walk("VEVENT")
    assert events and len(events) == len(exported)
    assert {str(e["UID"]) for e in events} == {str(e["UID"]) for e in exported}
    check = goodterms("check --format json").json()["findings"]
    assert len(events) == sum(1 for f in check if f["state"] in ("due", "overdue"))


def test_the_feed_url_is_shown_again_and_stores_only_a_hash(feed_url):
    again = goodterms(["feed", "url", "--base-url", BASE]).out.strip()
    assert again == BASE + feed_url
    secret = feed_url.removeprefix("/feed/").removesuffix(".ics")
    row = CalendarFeed.objects.get()
    assert secret not in " ".join(str(v) for v in CalendarFeed.objects.values().get())
    assert row.last_used is None
    Client().get(feed_url)
    row.refresh_from_db()
    assert row.last_used is not None


def test_a_revoked_or_replaced_feed_is_not_found(feed_url):
    assert Client().get(feed_url).status_code == 200
    result = goodterms("feed revoke")
    assert result.code == 0 and "no longer works" in result.out
    assert Client().get(feed_url).status_code == 404
    new = goodterms(["feed", "url", "--base-url", BASE]).out.strip().removeprefix(BASE)
    assert new != feed_url and Client().get(new).status_code == 200
    newer = goodterms(["feed", "url", "--new", "--base-url", BASE]).out.strip()
    assert Client().get(new).status_code == 404
    assert Client().get(newer.removeprefix(BASE)).status_code == 200


def test_a_wrong_secret_is_not_found(feed_url):
    for wrong in (feed_url[:-8] + "0000.ics", "/feed/nothing.ics", "/feed/" + "a" * 90 + ".ics"):
        assert Client().get(wrong).status_code == 404


def test_the_feed_url_uses_the_web_base_url_setting(network):
    assert goodterms("feed url").code == 2
    assert goodterms("config set web.base_url https://gt.example.net").code == 0
    assert goodterms("feed url").out.startswith("https://gt.example.net/feed/")
    assert goodterms("feed url --base-url ftp://x").code == 2


def test_each_user_has_their_own_feed(network):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("bob")
    mine = goodterms(["feed", "url", "--base-url", BASE]).out.strip()
    bobs = goodterms(["--user", "bob", "feed", "url", "--base-url", BASE]).out.strip()
    assert mine != bobs
    assert goodterms(["--user", "bob", "feed", "revoke"]).code == 0
    assert Client().get(mine.removeprefix(BASE)).status_code == 200
    assert Client().get(bobs.removeprefix(BASE)).status_code == 404

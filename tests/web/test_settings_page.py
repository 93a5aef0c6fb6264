"""The Settings page: the user's own settings, checked as `goodterms config set` checks them."""

from __future__ import annotations

import re

import pytest

from goodterms.config import Config
from goodterms.errors import ConfigError
from goodterms.plugins import rule_defaults
from goodterms.store import models as m
from goodterms.store.actions import load_settings
from tests.helpers import goodterms
from tests.web.network import build_network, count_queries, signed_in

pytestmark = pytest.mark.django_db


def form_values(html: str) -> dict[str, str]:
    """What the browser would send back for the page's form, unchanged."""
    form = html[html.index('action="/settings/"'):html.index('id="reset-form"')]
    data = dict(re.findall(r'<input id="[^"]+" name="([^"]+)" value="([^"]*)"', form))
    data.update(re.findall(r'<input type="checkbox" id="[^"]+" name="([^"]+)" value="(true)"'
                           r'[^>]*checked', form))
    for name, options in re.findall(r'<select id="[^"]+" name="([^"]+)".*?>(.*?)</select>',
                                    form, re.S):
        data[name] = re.search(r"<option selected>([^<]+)</option>", options).group(1)
    return data


def test_the_page_shows_every_setting_and_where_it_comes_from():
    _user, client = signed_in("ana")
    html = client.get("/settings/").content.decode()
    assert '<label for="s-me-emails">Your email addresses</label>' in html
    assert "<option selected>UTC</option>" in html
    assert "(from config.toml)" in html  # the tests' config.toml sets the time zone
    assert "(default)" in html
    for rule_id, defaults in rule_defaults().items():
        assert f'name="rules.{rule_id}.enabled"' in html
        for name in defaults:
            assert f'name="rules.{rule_id}.{name}"' in html


def test_sending_the_form_back_unchanged_stores_nothing():
    user, client = signed_in("ana")
    data = form_values(client.get("/settings/").content.decode())
    response = client.post("/settings/", data)
    assert response.status_code == 302
    assert load_settings(user, rule_defaults()).values == {}
    assert "Nothing changed." in client.get("/settings/").content.decode()


def test_changes_are_checked_like_the_cli_and_saved_for_this_user_only():
    user, client = signed_in("ana")
    bob, _ = signed_in("bob")
    data = form_values(client.get("/settings/").content.decode())
    data.update({"timezone": "Europe/Paris", "me.emails": "Ana@Example.org, ana@work.example",
                 "me.names": "Ana Bell", "detect.apply_threshold": "0.75",
                 "rules.no-thank-you.big_favor_size": "3"})
    del data["rules.ignored-request.enabled"]  # an unticked box is not sent
    assert client.post("/settings/", data).status_code == 302
    mine = load_settings(user, rule_defaults())
    assert mine.values == {
        "timezone": "Europe/Paris", "me.emails": ["ana@example.org", "ana@work.example"],
        "me.names": ["Ana Bell"], "detect.apply_threshold": 0.75,
        "rules.no-thank-you.big_favor_size": 3, "rules.ignored-request.enabled": False,
    }
    assert load_settings(bob, rule_defaults()).values == {}
    assert not m.UserSettings.objects.filter(owner=bob).exists()
    shown = goodterms("--user ana config --format json").json()
    assert shown["timezone"] == "Europe/Paris"
    assert shown["rules.ignored-request.enabled"] is False
    html = client.get("/settings/").content.decode()
    assert "(set by you)" in html and 'aria-label="Reset timezone"' in html


@pytest.mark.parametrize(("key", "value"), [
    ("timezone", "Mars/Olympus"),
    ("me.emails", "not an address"),
    ("detect.apply_threshold", "very sure"),
    ("rules.no-follow-up.act_days", "-2"),
    ("rules.taking-without-giving.ratio", "half"),
])
def test_a_wrong_value_is_refused_with_the_clis_message_and_nothing_is_saved(key, value):
    user, client = signed_in("ana")
    data = form_values(client.get("/settings/").content.decode())
    data.update({key: value, "me.names": "Ana Bell"})
    response = client.post("/settings/", data)
    html = response.content.decode()
    assert response.status_code == 400
    with pytest.raises(ConfigError) as refused:
        Config(path=None).set(key, value, rule_defaults())  # type: ignore[arg-type]
    assert str(refused.value).replace("'", "&#x27;") in html
    assert "Nothing was saved" in html and 'aria-invalid="true"' in html
    assert not m.UserSettings.objects.filter(owner=user).exists()


def test_reset_goes_back_to_config_toml():
    user, client = signed_in("ana")
    data = form_values(client.get("/settings/").content.decode())
    client.post("/settings/", {**data, "timezone": "Asia/Tokyo"})
    assert load_settings(user, rule_defaults()).timezone_name == "Asia/Tokyo"
    response = client.post("/settings/", {"reset": "timezone"})
    assert response.status_code == 302
    assert load_settings(user, rule_defaults()).timezone_name == "UTC"
    assert "timezone is back to config.toml." in client.get("/settings/").content.decode()
    assert client.post("/settings/", {"reset": "secret.key"}).status_code == 400


def test_the_page_costs_the_same_however_big_the_network():
    counts = []
    for name, size in (("small", 5), ("large", 50)):
        user, client = signed_in(name)
        build_network(user, size)
        count_queries(client, "/settings/")
        counts.append(count_queries(client, "/settings/")[0])
    assert counts[0] == counts[1]


@pytest.mark.parametrize("url", ["/settings/", "/ask/", "/import/", "/review/", "/balance/",
                                 "/balance/p0/", "/introductions/"])
def test_every_page_needs_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login")
    response = client.post(url, {"reset": "timezone"})
    assert response.status_code in (302, 403)
    assert not m.UserSettings.objects.exists()

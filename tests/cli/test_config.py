"""`goodterms config`: declared settings, typed values, clear errors."""

from __future__ import annotations

import tomllib

import pytest
from django.contrib.auth import get_user_model

from goodterms.store.models import UserSettings
from tests.helpers import goodterms


def file_values(home) -> dict:
    return tomllib.loads((home / "config.toml").read_text())


def stored(username: str | None = None) -> dict:
    """The acting user's own settings, as kept in the database."""
    users = get_user_model().objects.order_by("pk")
    user = users.get(username=username) if username else users.first()
    row = UserSettings.objects.filter(owner=user).first()
    return row.values if row else {}


def test_it_shows_every_setting_with_its_default():
    result = goodterms("config")
    assert result.code == 0
    assert "timezone = UTC" in result.out
    assert "me.emails = (none)  (default)" in result.out
    assert "rules.no-follow-up.acknowledge_days = 2  (default)" in result.out


def test_it_sets_the_time_zone_names_and_addresses(home):
    assert goodterms("config set timezone Europe/Paris").code == 0
    assert goodterms("config set me.emails 'Ana@Example.com, ana.b@work.example'").code == 0
    assert goodterms(["config", "set", "me.names", "Ana Bell,Ana B."]).code == 0
    assert stored() == {"timezone": "Europe/Paris",
                        "me.emails": ["ana@example.com", "ana.b@work.example"],
                        "me.names": ["Ana Bell", "Ana B."]}
    assert file_values(home) == {"timezone": "UTC"}  # the installation's file is untouched
    shown = goodterms("config --format json").json()
    assert shown["timezone"] == "Europe/Paris"
    assert "timezone = Europe/Paris\n" in goodterms("config").out


def test_config_toml_is_the_default_under_each_users_own_settings(home):
    (home / "config.toml").write_text('timezone = "Asia/Tokyo"\n[me]\nnames = ["Ana"]\n')
    goodterms("people")  # the owner exists
    get_user_model().objects.create_user("sam")
    assert goodterms("config set timezone Europe/Paris").code == 0
    mine, sams = goodterms("config").out, goodterms("--user sam config").out
    assert "timezone = Europe/Paris\n" in mine
    assert "timezone = Asia/Tokyo  (config.toml)" in sams
    assert "me.names = Ana  (config.toml)" in mine
    assert goodterms("--user sam config set me.emails sam@example.com").code == 0
    assert stored("sam") == {"me.emails": ["sam@example.com"]}
    assert "me.emails = (none)  (default)" in goodterms("config").out
    result = goodterms("config unset timezone")
    assert result.out.strip() == f"timezone = Asia/Tokyo (from {home / 'config.toml'})"
    assert goodterms("config --format json").json()["timezone"] == "Asia/Tokyo"


def test_rule_settings_are_typed_by_their_defaults(home):
    assert goodterms("config set rules.no-follow-up.act_days 10").code == 0
    assert goodterms("config set rules.no-thank-you.enabled false").code == 0
    assert stored() == {"rules.no-follow-up.act_days": 10, "rules.no-thank-you.enabled": False}
    assert goodterms("config unset rules.no-follow-up.act_days").code == 0
    assert stored() == {"rules.no-thank-you.enabled": False}


@pytest.mark.parametrize(("command", "message"), [
    ("config set timezone Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
    ("config set me.emails not-an-address", "'not-an-address' is not an email address"),
    ("config set colour blue", "unknown setting 'colour'"),
    ("config set rules.no-follow-up.act_days soon", "takes a whole number"),
    ("config set rules.no-follow-up.act_days -- -3", "cannot be negative"),
    ("config set rules.no-follow-up.nap_days 3", "has no setting 'nap_days'"),
    ("config set rules.be-nice.enabled true", "no rule called 'be-nice'"),
    ("config set rules.no-thank-you.enabled maybe", "takes true or false"),
])
def test_a_bad_value_is_a_clear_error_and_nothing_is_written(home, command, message):
    assert goodterms("config set me.names Ana").code == 0
    result = goodterms(command)
    assert result.code == 5, result.err
    assert message in result.err
    assert stored() == {"me.names": ["Ana"]}


@pytest.mark.parametrize(("text", "message"), [
    ("timezone = \n", "config.toml: Invalid value"),
    ('timezone = "Nowhere/Land"\n', "unknown time zone"),
    ('[me]\nemails = "ana@example.com"\n', "me.emails must be a list of texts"),
    ('favourite_colour = "blue"\n', "unknown setting 'favourite_colour'"),
    ('[rules.no-follow-up]\nact_days = "7"\n', "must be a whole number"),
])
def test_a_broken_config_file_is_named_in_the_error(home, text, message):
    (home / "config.toml").write_text(text)
    result = goodterms("people")
    assert result.code == 5
    assert str(home / "config.toml") in result.err and message in result.err


def test_settings_of_a_rule_that_is_not_installed_are_kept(home):
    (home / "config.toml").write_text('[rules.someone-elses-rule]\nlimit = 4\n')
    assert goodterms("config set timezone UTC").code == 0
    assert file_values(home)["rules"] == {"someone-elses-rule": {"limit": 4}}


def test_config_path_names_the_files(home):
    result = goodterms("config path")
    assert str(home / "config.toml") in result.out and "database:" in result.out

"""`goodterms user …` and `goodterms login-link`: accounts for the web app."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from goodterms.store import models as m
from goodterms.web.links import user_for_token
from tests.helpers import goodterms
from tests.web.core import PASSWORD

pytestmark = pytest.mark.django_db


def users() -> list[str]:
    return list(get_user_model().objects.order_by("pk").values_list("username", flat=True))


def test_user_add_takes_the_password_from_stdin_and_it_signs_in():
    goodterms("people")  # the owner, created on first use
    result = goodterms("user add ana --password-stdin", stdin=f"{PASSWORD}\n".encode())
    assert result.code == 0, result.err
    assert "Added the user ana." in result.out
    assert users()[1:] == ["ana"]
    assert Client().login(username="ana", password=PASSWORD)


def test_user_add_refuses_a_weak_password_a_bad_name_and_a_taken_one():
    weak = goodterms("user add ana --password-stdin", stdin=b"password\n")
    assert weak.code == 2 and "too common" in weak.err
    bad = goodterms(["user", "add", "ana bell", "--password-stdin"], stdin=PASSWORD.encode())
    assert bad.code == 2 and "cannot be a user name" in bad.err
    assert goodterms("user add ana --password-stdin", stdin=PASSWORD.encode()).code == 0
    again = goodterms("user add ana --password-stdin", stdin=PASSWORD.encode())
    assert again.code == 2 and "already a user called 'ana'" in again.err
    empty = goodterms("user add bob --password-stdin", stdin=b"")
    assert empty.code == 2 and "no password" in empty.err
    assert users() == ["ana"]


def test_user_add_without_a_password_prints_a_login_link():
    result = goodterms("user add bob --no-password --base-url https://gt.example.org")
    assert result.code == 0, result.err
    token = re.search(r"https://gt\.example\.org/login/link/(\S+)/", result.out)
    assert token, result.out
    bob = get_user_model().objects.get(username="bob")
    assert not bob.has_usable_password()
    assert user_for_token(token.group(1)) == bob


def test_user_list_shows_the_owner_first_with_their_people():
    goodterms('add "Tim Park"')
    goodterms("user add ana --password-stdin", stdin=PASSWORD.encode())
    owner = users()[0]
    result = goodterms("user list")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"{owner} (owner): 1 person, never logged in, no password"
    assert lines[1] == "ana: 0 people, never logged in"


def test_each_user_has_a_network_of_their_own_on_the_command_line():
    goodterms("people")
    goodterms("user add ana --password-stdin", stdin=PASSWORD.encode())
    assert goodterms('--user ana add "Dana Ruiz"').code == 0
    assert goodterms('add "Tim Park"').code == 0
    assert "Dana Ruiz" in goodterms("--user ana people").out
    assert "Tim Park" not in goodterms("--user ana people").out
    assert "Dana Ruiz" not in goodterms("people").out
    unknown = goodterms("--user zed people")
    assert unknown.code == 3 and "no user called 'zed'" in unknown.err


def test_user_passwd_changes_the_password():
    goodterms("user add ana --password-stdin", stdin=PASSWORD.encode())
    result = goodterms("user passwd ana --password-stdin", stdin=b"an0ther-long-secret\n")
    assert result.code == 0, result.err
    assert Client().login(username="ana", password="an0ther-long-secret")
    assert not Client().login(username="ana", password=PASSWORD)
    assert goodterms("user passwd zed --password-stdin", stdin=b"x").code == 3


def test_user_remove_deletes_the_user_and_their_network_but_never_the_owner():
    goodterms("people")
    owner = users()[0]
    goodterms("user add ana --password-stdin", stdin=PASSWORD.encode())
    goodterms('--user ana add "Dana Ruiz"')
    goodterms('add "Tim Park"')
    refused = goodterms(f"user remove {owner} --yes")
    assert refused.code == 2 and "is the owner" in refused.err
    result = goodterms("user remove ana --yes")
    assert result.code == 0, result.err
    assert users() == [owner]
    assert list(m.Person.objects.values_list("name", flat=True)) == ["Tim Park"]


def test_login_link_is_for_the_owner_or_the_user_named():
    goodterms("people")
    goodterms("user add ana --password-stdin", stdin=PASSWORD.encode())
    owner = get_user_model().objects.order_by("pk").first()
    mine = goodterms("login-link")
    assert mine.code == 0, mine.err
    token = re.search(r"http://127\.0\.0\.1:8000/login/link/(\S+)/", mine.out)
    assert token and user_for_token(token.group(1)) == owner
    theirs = goodterms("login-link --user ana --base-url http://localhost:9000/")
    token = re.search(r"http://localhost:9000/login/link/(\S+)/", theirs.out)
    assert token and user_for_token(token.group(1)).username == "ana"


def test_the_base_url_comes_from_the_setting_or_the_environment(monkeypatch):
    monkeypatch.setenv("GOODTERMS_BASE_URL", "https://network.example.org/")
    assert "https://network.example.org/login/link/" in goodterms("login-link").out
    goodterms("config set web.base_url https://gt.example.com")
    assert "https://gt.example.com/login/link/" in goodterms("login-link").out
    bad = goodterms("login-link --base-url gt.example.com")
    assert bad.code == 2 and "is not a web address" in bad.err


def test_user_add_asks_for_the_password_twice_at_a_prompt(monkeypatch):
    import click.termui

    typed = iter([PASSWORD, "a-typo-in-the-second", PASSWORD, PASSWORD])
    monkeypatch.setattr(click.termui, "hidden_prompt_func", lambda _prompt: next(typed))
    result = goodterms("user add ana")
    assert result.code == 0, result.err
    assert next(typed, None) is None  # asked again after the two did not match
    assert Client().login(username="ana", password=PASSWORD)

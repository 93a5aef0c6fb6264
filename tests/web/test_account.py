"""Signing in: every page needs a login, the login form is rate-limited, the
one-time link works once, and the public deployment settings pass `check --deploy`."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, reverse

from goodterms.web import urls as web_urls
from goodterms.web.links import MAX_AGE, login_link, make_token, user_for_token
from goodterms.web.models import LoginFailure
from tests.web.core import PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db

PUBLIC = {"login", "login_link"}


def every_url() -> list[tuple[str, str]]:
    """(name, path) for every page of the web app, with made-up ids in the path."""
    found = []
    for pattern in web_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        args = ["x1" for _ in pattern.pattern.converters]
        try:
            found.append((pattern.name, reverse(f"web:{pattern.name}", args=args)))
        except Exception:  # an int converter
            found.append((pattern.name, reverse(f"web:{pattern.name}",
                                                args=[1 for _ in args])))
    return found


def test_it_knows_the_pages_it_checks():
    names = {name for name, _path in every_url()}
    assert {"today", "people", "person", "log", "login", "logout", "login_link",
            "finding_action", "snooze", "dismiss", "password"} <= names


@pytest.mark.parametrize(("name", "path"), every_url(), ids=[n for n, _ in every_url()])
def test_every_page_sends_a_stranger_to_the_login(name, path):
    if name in PUBLIC:
        pytest.skip("the login pages themselves")
    client = Client()
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 302, (name, method)
        assert response["Location"].startswith(reverse("web:login") + "?next=")


def test_the_login_pages_are_open_and_log_in_with_a_password():
    make_user("ana")
    client = Client()
    page = client.get(reverse("web:login"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label for="id_username">' in html and '<label for="id_password">' in html
    response = client.post(reverse("web:login"), {"username": "ana", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("web:today")
    assert client.get(reverse("web:today")).status_code == 200


def test_a_wrong_password_says_so_and_is_counted():
    make_user("ana")
    client = Client()
    response = client.post(reverse("web:login"), {"username": "ana", "password": "nope"})
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()
    assert LoginFailure.objects.filter(username="ana").count() == 1
    assert client.get(reverse("web:today")).status_code == 302


def post_login(username: str, password: str, ip: str = "10.0.0.1") -> object:
    return Client(REMOTE_ADDR=ip).post(reverse("web:login"),
                                       {"username": username, "password": password})


def test_five_failures_for_a_name_lock_it_even_with_the_right_password():
    make_user("ana")
    for n in range(5):
        assert post_login("ana", f"guess-{n}", ip=f"10.0.0.{n}").status_code == 200
    locked = post_login("ana", PASSWORD, ip="10.9.9.9")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in locked.wsgi_request.session
    # Another name from another address is not affected.
    make_user("bob")
    assert post_login("bob", PASSWORD, ip="10.8.8.8").status_code == 302


def test_twenty_failures_from_one_address_lock_it_for_every_name():
    make_user("ana")
    for n in range(20):
        post_login(f"someone-{n}", "guess", ip="192.0.2.7")
    assert post_login("ana", PASSWORD, ip="192.0.2.7").status_code == 429
    assert post_login("ana", PASSWORD, ip="192.0.2.8").status_code == 302


def test_old_failures_stop_counting_and_a_login_clears_them(monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    make_user("ana")
    for n in range(5):
        post_login("ana", f"guess-{n}")
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert post_login("ana", PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(username="ana").exists()


def test_the_login_link_signs_in_once_and_leads_to_choosing_a_password():
    user = get_user_model().objects.create_user(username="owner")  # no password
    link = login_link(user, "http://testserver")
    path = link.removeprefix("http://testserver")
    client = Client()
    shown = client.get(path)  # a mail scanner opening it does not use it up
    assert shown.status_code == 200 and "Sign in as owner" in shown.content.decode()
    assert client.get(reverse("web:today")).status_code == 302
    signed = client.post(path)
    assert signed.status_code == 302 and signed["Location"] == reverse("web:password")
    assert client.get(reverse("web:today")).status_code == 200
    # Used: the same link no longer works, in this browser or any other.
    again = Client().post(path)
    assert again.status_code == 410 and "_auth_user_id" not in again.wsgi_request.session
    assert Client().get(path).status_code == 410
    # The user chooses a password, then signs in with it.
    page = client.get(reverse("web:password"))
    assert "Choose a password" in page.content.decode()
    saved = client.post(reverse("web:password"),
                        {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert saved.status_code == 302
    assert Client().login(username="owner", password=PASSWORD)


def test_a_login_link_expires_and_a_forged_one_fails(monkeypatch):
    import time

    from django.core import signing

    user = make_user("ana")
    token = make_token(user)
    assert user_for_token(token) == user
    assert user_for_token(token[:-2] + "xx") is None
    assert user_for_token("not-a-token") is None
    real = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real() + MAX_AGE + 5)
    assert user_for_token(token) is None
    assert Client().post(reverse("web:login_link", args=[token])).status_code == 410


def test_a_new_password_ends_the_link_too():
    user = make_user("ana")
    token = make_token(user)
    user.set_password("another-password-42")
    user.save()
    assert user_for_token(token) is None


def test_changing_a_password_needs_the_old_one():
    user = make_user("ana")
    client = client_for(user)
    refused = client.post(reverse("web:password"), {
        "old_password": "wrong", "new_password1": "n3w-passw0rd-x", "new_password2":
        "n3w-passw0rd-x"})
    assert refused.status_code == 200 and "incorrectly" in refused.content.decode()
    weak = client.post(reverse("web:password"), {
        "old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200 and "too common" in weak.content.decode()
    ok = client.post(reverse("web:password"), {
        "old_password": PASSWORD, "new_password1": "n3w-passw0rd-x",
        "new_password2": "n3w-passw0rd-x"})
    assert ok.status_code == 302
    assert client.get(reverse("web:today")).status_code == 200  # still signed in here


def test_logging_out_takes_a_post():
    client = client_for(make_user("ana"))
    assert client.get(reverse("web:logout")).status_code == 405
    assert client.get(reverse("web:today")).status_code == 200
    response = client.post(reverse("web:logout"))
    assert response.status_code == 302
    assert client.get(reverse("web:today")).status_code == 302


def test_forms_need_the_csrf_token():
    user = make_user("ana")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("web:log"), {"kind": "offer"}).status_code == 403
    assert Client(enforce_csrf_checks=True).post(
        reverse("web:login"), {"username": "ana", "password": PASSWORD}).status_code == 403


def deploy_check(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GOODTERMS_")}
    environ.update({"GOODTERMS_HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE":
                    "goodterms.settings", **env})
    return subprocess.run([sys.executable, "-m", "django", "check", "--deploy"],
                          capture_output=True, text=True, env=environ, timeout=120)


def test_the_documented_public_deployment_passes_check_deploy(tmp_path):
    result = deploy_check(tmp_path, GOODTERMS_SECURE="1",
                          GOODTERMS_ALLOWED_HOSTS="goodterms.example.org")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stderr


def test_without_the_https_settings_check_deploy_complains(tmp_path):
    result = deploy_check(tmp_path, GOODTERMS_ALLOWED_HOSTS="goodterms.example.org")
    text = result.stdout + result.stderr
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in text
    assert re.search(r"identified \d+ issues", text)

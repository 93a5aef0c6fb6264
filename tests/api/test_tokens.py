"""API tokens: made, listed and revoked with the CLI; only a hash is stored."""

from __future__ import annotations

import hashlib

from django.test import Client

from goodterms.api.models import ApiToken
from tests.api.conftest import assert_error, bearer, make_token
from tests.helpers import goodterms


def test_token_create_prints_the_token_once_and_stores_only_its_hash():
    result = goodterms("token create laptop")
    assert result.code == 0
    token = result.out.strip()
    assert token.startswith("gt_") and len(token) > 40
    assert "not shown again" in result.err
    row = ApiToken.objects.get(name="laptop")
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(str(v) for v in ApiToken.objects.values().get())
    assert token not in stored
    assert token[3:] not in stored
    listed = goodterms("token list")
    assert "laptop" in listed.out and "active" in listed.out and "never" in listed.out
    assert token not in listed.out


def test_token_list_json_and_last_used():
    token = make_token("ci")
    assert goodterms("token list --format json").json()[0]["last_used"] is None
    assert bearer(token).get("/api/people").status_code == 200
    [entry] = goodterms("token list --format json").json()
    assert entry["name"] == "ci" and entry["revoked"] is None
    assert entry["prefix"] == token[:15]
    assert entry["last_used"] is not None


def test_a_name_is_used_once_among_active_tokens():
    make_token("laptop")
    again = goodterms("token create laptop")
    assert again.code == 2 and "already have a token called 'laptop'" in again.err
    assert goodterms("token revoke laptop").code == 0
    assert goodterms("token create laptop").code == 0  # the old one is revoked


def test_revoke_by_name_or_id_stops_the_token(token):
    client = bearer(token)
    assert client.get("/api/people").status_code == 200
    result = goodterms("token revoke tests")
    assert result.code == 0 and "Revoked token" in result.out
    assert_error(client.get("/api/people"), 401, "unauthorized")
    other = make_token("other")
    row = ApiToken.objects.get(name="other")
    assert goodterms(["token", "revoke", str(row.pk)]).code == 0
    assert_error(bearer(other).get("/api/people"), 401, "unauthorized")
    listed = goodterms("token list").out
    assert listed.count("revoked") == 2


def test_revoking_an_unknown_token_says_so():
    result = goodterms("token revoke nothing")
    assert result.code == 3 and "no token 'nothing'" in result.err


def test_401_without_a_token_or_with_a_wrong_one(token):
    for client in (Client(), Client(HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz"),
                   bearer("gt_000000000000_nope"), bearer(token[:-2] + "xx"),
                   bearer("not-a-goodterms-token")):
        response = client.get("/api/findings")
        error = assert_error(response, 401, "unauthorized")
        assert "goodterms token create" in error["message"]
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_deactivated_user_token_stops_working(token):
    from django.contrib.auth import get_user_model

    get_user_model().objects.update(is_active=False)
    assert_error(bearer(token).get("/api/people"), 401)


def test_the_api_is_not_behind_the_web_login_nor_csrf(token):
    # No redirect to the login page: a JSON 401, and with a token CSRF does not apply.
    assert Client().get("/api/people").status_code == 401
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post("/api/people", {"name": "Ann Lee"}, content_type="application/json")
    assert response.status_code == 201, response.content

"""A write that waited 30 seconds for another (an import holding SQLite's only writer's
place) is answered with 503 and Retry-After, on a page and in the API, not a 500."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.urls import reverse

import goodterms.store.actions as actions
from tests.api.conftest import assert_error, make_token
from tests.web.core import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_now")]


@pytest.fixture
def locked(monkeypatch):
    def wait_and_give_up(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(actions, "import_lines", wait_and_give_up)


def test_a_page_says_the_network_is_busy(ana, locked):
    response = client_for(ana).post(reverse("web:log"), {
        "kind": "offer", "direction": "to", "person": "tim", "what": "an intro"})
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "an import is being stored" in response.content.decode()


def test_the_api_says_the_database_is_busy(ana, client, locked):
    token = make_token(user="ana")
    response = client.post("/api/people", {"name": "Tim Park"}, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    error = assert_error(response, 503, "unavailable")
    assert "busy" in error["message"] and response["Retry-After"] == "30"


def test_other_errors_are_still_server_errors(ana, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("no such table: x")

    monkeypatch.setattr(actions, "import_lines", broken)
    client = client_for(ana)
    client.raise_request_exception = False
    response = client.post(reverse("web:log"), {
        "kind": "offer", "direction": "to", "person": "tim", "what": "an intro"})
    assert response.status_code == 500

"""One error shape for every error: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import assert_error


def test_400_for_a_body_that_is_not_json(api):
    response = api.post("/api/people", b"{not json", content_type="application/json")
    assert_error(response, 400, "bad_request")


def test_401_for_no_token():
    assert_error(Client().get("/api/people/tim"), 401, "unauthorized")
    assert_error(Client().post("/api/journal", b"", content_type="application/x-ndjson"),
                 401, "unauthorized")


@pytest.mark.parametrize("url", ["/api/nothing", "/api/people/tim/extra", "/api/people/",
                                 "/api/events/zed", "/api/people/zed"])
def test_404_for_unknown_addresses_and_ids(api, url):
    error = assert_error(api.get(url), 404, "not_found")
    assert error["message"]


def test_405_for_a_wrong_method(api):
    response = api.patch("/api/people/tim", {}, content_type="application/json")
    error = assert_error(response, 405, "method_not_allowed")
    assert "PATCH" in error["message"]
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PUT", "DELETE"}
    assert_error(api.delete("/api/findings"), 405, "method_not_allowed")


def test_409_for_a_taken_id(api, network):
    assert_error(api.post("/api/people", {"id": "tim", "name": "T"},
                          content_type="application/json"), 409, "conflict")


def test_409_for_an_ambiguous_name(api, network):
    api.post("/api/people", {"id": "tim2", "name": "Tim Ng"}, content_type="application/json")
    error = assert_error(api.get("/api/findings?person=Ti"), 409, "ambiguous")
    assert error["details"] and all(isinstance(x, str) for x in error["details"])


def test_422_for_a_body_that_does_not_fit_the_schema(api):
    response = api.post("/api/events", {"type": "favor", "at": 5},
                        content_type="application/json")
    error = assert_error(response, 422, "invalid")
    assert all(set(d) == {"loc", "message", "type"} for d in error["details"])
    assert any(d["loc"][-1] == "at" for d in error["details"])
    assert_error(api.post("/api/events", {"type": "gossip"}, content_type="application/json"),
                 422, "invalid")
    assert_error(api.get("/api/people?limit=0"), 422, "invalid")


def test_422_for_what_the_database_cannot_hold(api):
    for body in ({"name": "x" * 301}, {"name": "Ann", "org": "y" * 301},
                 {"name": "Nul\u0000l"}, {"id": "i" * 201, "name": "Ann"}):
        assert_error(api.post("/api/people", body, content_type="application/json"), 422)
    far = {"type": "offer", "at": "0001-01-01T00:00+14:00", "from": "me", "to": "tim"}
    assert_error(api.post("/api/events", far, content_type="application/json"), 422)


def test_500_for_an_unexpected_failure(api, network, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("the secret internals")

    monkeypatch.setattr("goodterms.store.findings.check_network_memoized", broken)
    response = api.get("/api/findings")
    error = assert_error(response, 500, "server_error")
    assert "internals" not in response.content.decode()  # no details leak out
    assert error["details"] == []
    assert "the secret internals" in caplog.text  # but the log has them


def test_the_docs_and_schema_are_served_without_a_token():
    schema = Client().get("/api/openapi.json")
    assert schema.status_code == 200
    doc = schema.json()
    assert doc["openapi"].startswith("3.")
    assert {"/api/people", "/api/people/{ident}", "/api/events", "/api/events/{ident}",
            "/api/findings", "/api/ask", "/api/journal"} <= set(doc["paths"])
    assert doc["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    docs = Client().get("/api/docs")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
    # from the installed package, not from a CDN: the page works offline
    assert b"cdn" not in docs.content.lower() and b"https://" not in docs.content
    page = docs.content.decode()
    for asset in ("/static/ninja/swagger-ui.css", "/static/ninja/swagger-ui-bundle.js",
                  "/static/ninja/swagger-ui-init.js"):
        assert asset in page
        served = Client().get(asset)
        assert served.status_code == 200, asset
        assert b"".join(served.streaming_content if served.streaming else [served.content])
    assert "/api/openapi.json" in page

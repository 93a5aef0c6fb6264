"""Findings as `goodterms check --format json` gives them, and the ask pre-flight."""

from __future__ import annotations

import pytest

from goodterms.demo import DEMO_AS_OF, demo_journal
from tests.api.conftest import assert_error, ndjson
from tests.helpers import goodterms


@pytest.fixture
def demo(api):
    response = api.post("/api/journal", ndjson(list(demo_journal())),
                        content_type="application/x-ndjson")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("as_of", [DEMO_AS_OF, "2026-10-01", "2026-11-20T09:00:00+01:00"])
def test_findings_equal_the_check_json(api, demo, as_of):
    cli = goodterms(["check", "--format", "json", "--as-of", as_of])
    assert cli.code == 0
    response = api.get("/api/findings", {"as_of": as_of})
    assert response.status_code == 200
    assert response.json() == cli.json()
    assert response.json()["findings"], "the demo network has findings to compare"


def test_findings_of_one_person_equal_the_check_json(api, demo):
    cli = goodterms(["check", "--format", "json", "--as-of", DEMO_AS_OF, "--person", "ben"])
    api_json = api.get("/api/findings", {"as_of": DEMO_AS_OF, "person": "ben"}).json()
    assert api_json == cli.json()
    assert api_json["findings"] and all(f["person"] == api_json["findings"][0]["person"]
                                        for f in api_json["findings"])


def test_findings_leave_out_what_was_dismissed_unless_all(api, demo, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", DEMO_AS_OF)
    before = api.get("/api/findings").json()["findings"]
    code = goodterms("check").out.split("code ")[1].split()[0]
    assert goodterms(["dismiss", code, "--reason", "done in person"]).code == 0
    after = api.get("/api/findings").json()["findings"]
    assert len(after) == len(before) - 1
    assert api.get("/api/findings?all=true").json()["findings"] == before
    assert api.get("/api/findings").json() == goodterms("check --format json").json()


def test_findings_refuse_a_bad_moment_or_person(api, demo):
    error = assert_error(api.get("/api/findings?as_of=next+friday"), 422, "invalid")
    assert "as_of" in error["message"]
    assert_error(api.get("/api/findings?person=zed"), 404, "not_found")


def test_the_ask_preflight_warns_like_goodterms_ask(api, demo, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", DEMO_AS_OF)
    stranger = "priya"  # "just met"
    response = api.post("/api/ask", {"person": stranger, "what": "a reference", "size": 5},
                        content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    cli = goodterms(["ask", stranger, "a reference", "--size", "5"])
    assert body["person"] == stranger and body["recorded"] is None
    assert not body["fits"]
    for finding in body["findings"]:
        assert f"({finding['rule']})" in cli.out
    assert {"rule", "person", "subject", "state", "due", "severity", "cause", "message",
            "action"} == set(body["findings"][0])


def test_the_ask_can_be_recorded(api, demo, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", DEMO_AS_OF)
    response = api.post("/api/ask", {"person": "ben", "what": "a quick question", "size": 1,
                                     "record": True}, content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and body["recorded"]
    stored = api.get(f"/api/events/{body['recorded']}").json()
    assert stored["type"] == "request" and stored["from"] == "me"
    assert stored["to"] == body["person"] and stored["size"] == 1
    assert any(o["id"] == body["recorded"] for o in goodterms("export journal").lines())


def test_the_ask_checks_its_body(api, demo):
    bad = api.post("/api/ask", {"person": "ben", "what": "x", "size": 9},
                   content_type="application/json")
    error = assert_error(bad, 422, "invalid")
    assert any(d["loc"][-1] == "size" for d in error["details"])
    assert_error(api.post("/api/ask", {"person": "zed", "what": "x", "size": 1},
                          content_type="application/json"), 404, "not_found")


def test_findings_follow_every_change_made_through_the_api(api, demo):
    before = api.get("/api/findings", {"as_of": DEMO_AS_OF}).json()["findings"]
    unthanked = next(f for f in before if f["rule"] == "no-thank-you")
    thanks = {"type": "thanks", "at": "2026-11-20T08:00", "from": "me",
              "to": unthanked["person"], "for": unthanked["subject"]}
    assert api.post("/api/events", thanks, content_type="application/json").status_code == 201
    after = api.get("/api/findings", {"as_of": DEMO_AS_OF}).json()
    assert unthanked not in after["findings"]
    assert after == goodterms(["check", "--format", "json", "--as-of", DEMO_AS_OF]).json()

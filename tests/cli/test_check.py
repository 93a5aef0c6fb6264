"""`goodterms check`, snooze, dismiss, know and ask, over a stored network."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import goodterms
from tests.store.test_journal_import import EXAMPLE, journal

KEYS = ("rule", "person", "subject", "state", "due", "severity")


def as_set(findings: list[dict]) -> set[tuple]:
    return {tuple(f[k] for k in KEYS) for f in findings}


@pytest.fixture
def example(tmp_path):
    path = tmp_path / "example.jsonl"
    path.write_bytes(journal(EXAMPLE))
    assert goodterms(["import", str(path)]).code == 0


def test_it_gives_the_journal_examples_findings_as_json(example):
    result = goodterms("check --as-of 2026-11-05T12:00 --format json")
    assert result.code == 0, result.err
    doc = result.json()
    assert doc["as_of"] == "2026-11-05T12:00:00+00:00"
    assert as_set(doc["findings"]) == {
        ("no-follow-up", "tim", "f1", "due", "2026-11-10T10:00:00+00:00", "medium"),
        ("never-offered-help", "tim", None, "due", "2026-11-10T10:00:00+00:00", "medium"),
    }
    for f in doc["findings"]:
        assert set(f) == {*KEYS, "cause", "message", "action"}
        assert f["message"] and f["action"]


def test_the_text_page_groups_findings_and_suggests_whom_to_help(example):
    result = goodterms("check --as-of 2026-11-20")
    assert result.code == 0
    out = result.out
    assert out.index("Overdue (2)") < out.index("Give first")
    assert "Tim Park" in out and "code " in out
    assert "\x1b[" not in out  # no colour codes when not on a terminal


def test_everything_in_order_gives_a_calm_page(example):
    goodterms("log email dana --at 2026-11-04T09:00 -m 'Tim suggested I write'")
    goodterms("offer to tim --at 2026-11-04T10:00 --what 'intro to my old team'")
    goodterms("log email tim --at 2026-11-06T09:00 -m 'spoke with Dana, thank you'")
    result = goodterms("check --as-of 2026-11-07 --format json")
    assert result.json()["findings"] == []
    assert "Nothing to do" in goodterms("check --as-of 2026-11-07").out


def test_person_keeps_only_that_persons_findings(example):
    doc = goodterms("check --as-of 2026-11-05T12:00 --person dana --format json").json()
    assert doc["findings"] == []
    tim = goodterms("check --as-of 2026-11-05T12:00 --person 'Tim Park' --format json").json()
    assert {f["person"] for f in tim["findings"]} == {"tim"}


def code_of(rule: str, as_of: str = "2026-11-20") -> str:
    from goodterms.store.findings import code_for

    doc = goodterms(f"check --as-of {as_of} --format json").json()
    f = next(f for f in doc["findings"] if f["rule"] == rule)
    return code_for(f["rule"], f["person"], f["subject"], "")


def rules_now() -> set[str]:
    return {f["rule"] for f in goodterms("check --format json").json()["findings"]}


def test_a_snoozed_finding_is_quiet_until_its_date(example, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    code = code_of("never-offered-help")
    result = goodterms(f"snooze {code} --until 2026-11-25")
    assert result.code == 0, result.err
    assert "never-offered-help" not in rules_now()
    assert "1 snoozed or dismissed" in goodterms("check").out
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-25T00:00")
    assert "never-offered-help" in rules_now()


def test_a_dismissed_finding_speaks_again_when_something_new_happens(example, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    code = code_of("never-offered-help")
    assert goodterms(f"dismiss {code} --reason 'we are square'").code == 0
    assert "never-offered-help" not in rules_now()
    assert "never-offered-help" in {f["rule"] for f in goodterms(
        "check --all --format json").json()["findings"]}
    goodterms("log call tim --at 2026-11-19")  # something new with Tim
    assert "never-offered-help" in rules_now()


def test_unmute_and_unknown_codes(example, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    code = code_of("never-offered-help")
    goodterms(f"dismiss {code} --reason x")
    assert goodterms(f"unmute {code}").code == 0
    assert "never-offered-help" in rules_now()
    assert goodterms("snooze zzzzzz --until 2026-12-01").code == 3
    assert goodterms(f"unmute {code}").code == 3
    assert goodterms(f"dismiss {code}").code == 2  # a reason is required


def test_know_answers_from_the_record(example, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    result = goodterms("know tim")
    assert result.code == 0
    assert "job seekers' breakfast" in result.out
    assert "2026" in result.out


def test_ask_checks_before_asking_and_records_only_when_told(example, monkeypatch):
    from goodterms.store import models as m

    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    big = goodterms('ask dana "forward my resume to the hiring manager" --size 4')
    assert big.code == 0
    assert "ask-too-big" in big.out and "taking-without-giving" in big.out
    assert m.Request.objects.count() == 0
    small = goodterms('ask tim "a quick question about Acme" --size 1 --record')
    assert "fits your relationship" in small.out and "Recorded" in small.out
    assert m.Request.objects.get().to_person.ident == "tim"


def test_ask_with_a_meeting_checks_who_travels(example, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    result = goodterms('ask dana "coffee" --size 2 --meeting --at 2026-11-24T10:00 '
                       "--time-chosen-by me --travel 30")
    assert "burdensome-meeting" in result.out


@pytest.mark.skipif(os.environ.get("GOODTERMS_DATABASE_URL", "").startswith("postgres"),
                    reason="runs once, on SQLite")
def test_demo_shows_every_rule_firing(tmp_path):
    env = {**os.environ}
    env.pop("GOODTERMS_HOME", None)
    result = subprocess.run([sys.executable, "-m", "goodterms", "demo", "--home",
                             str(tmp_path / "demo"), "--format", "json"],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {f["rule"] for f in doc["findings"]} == {
        "ask-too-big", "no-follow-up", "ignored-request", "never-offered-help",
        "no-thank-you", "misrepresented-relationship", "overused-referral",
        "burdensome-meeting", "taking-without-giving"}
    again = subprocess.run([sys.executable, "-m", "goodterms", "demo", "--home",
                            str(tmp_path / "demo")], capture_output=True, text=True, env=env,
                           timeout=120, check=False)
    assert again.returncode == 2 and "already holds a network" in again.stderr
    throwaway = subprocess.run([sys.executable, "-m", "goodterms", "demo"], capture_output=True,
                               text=True, env=env, timeout=120, check=False)
    assert throwaway.returncode == 0 and "Overdue" in throwaway.stdout


def test_each_follow_up_step_is_snoozed_on_its_own(tmp_path, monkeypatch):
    import re

    lines = [x for x in EXAMPLE if x["type"] != "thanks"]  # no thank-you, no acknowledgement
    path = tmp_path / "n.jsonl"
    path.write_bytes(journal(lines))
    goodterms(["import", str(path)])
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-04T12:00")
    page = goodterms("check").out
    codes = re.findall(r"no-follow-up · accident · due [^·]+· code (\w+)", page)
    assert len(codes) == 2  # acknowledge it, and act on it
    assert goodterms(f"snooze {codes[0]} --until 2026-11-30").code == 0
    after = goodterms("check").out
    assert len(re.findall(r"no-follow-up · accident", after)) == 1


def test_drafts_come_from_the_users_own_templates(tmp_path, home):
    lines = [x for x in EXAMPLE if x["type"] != "thanks"]
    path = tmp_path / "n.jsonl"
    path.write_bytes(journal(lines))
    goodterms(["import", str(path)])
    before = goodterms("check --as-of 2026-11-04 --format json").json()["findings"]
    thank = next(f for f in before if f["rule"] == "no-thank-you")
    assert "thank you so much" in thank["action"]
    (home / "templates").mkdir()
    (home / "templates" / "thank_you.txt").write_text("Cheers $name, you $what!\n")
    after = goodterms("check --as-of 2026-11-04 --format json").json()["findings"]
    thank = next(f for f in after if f["rule"] == "no-thank-you")
    assert "Cheers Tim, you sent my resume to Dana at Acme!" in thank["action"]

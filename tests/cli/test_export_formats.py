"""Exporting people as vCards and today's actions as a calendar."""

from __future__ import annotations

import pytest
import vobject
from icalendar import Calendar

from tests.helpers import goodterms
from tests.store.test_journal_import import EXAMPLE, journal


@pytest.fixture
def example(tmp_path):
    path = tmp_path / "example.jsonl"
    path.write_bytes(journal(EXAMPLE))
    goodterms(["import", str(path)])
    goodterms("edit tim --email tim@x.example --phone '+1 555 0100' --tag mentor "
              "--linkedin https://www.linkedin.com/in/timpark")


def test_vcard_export_holds_every_person_as_vcard_4(example, tmp_path):
    target = tmp_path / "people.vcf"
    assert goodterms(["export", "vcard", str(target)]).code == 0
    cards = list(vobject.readComponents(target.read_text(encoding="utf-8")))
    assert [c.fn.value for c in cards] == ["Dana Ruiz", "Tim Park"]
    tim = cards[1]
    assert tim.version.value == "4.0"
    assert tim.uid.value == "urn:goodterms:tim"
    assert tim.email.value == "tim@x.example" and tim.tel.value == "+1 555 0100"
    assert tim.url.value == "https://www.linkedin.com/in/timpark"
    assert tim.categories.value == ["mentor"]
    assert tim.n.value.family == "Park" and tim.n.value.given == "Tim"
    assert cards[0].org.value == ["Acme"] and cards[0].title.value == "Recruiter"
    assert b"\r\n" in target.read_bytes()


def test_ics_export_holds_the_due_and_overdue_actions(example):
    result = goodterms("export ics --as-of 2026-11-20")
    assert result.code == 0
    calendar = Calendar.from_ical(result.out)
    events = calendar.walk("VEVENT")
    assert len(events) == 2  # act on the referral, offer help; the warning-free example
    assert all("@goodterms" in str(e["UID"]) for e in events)
    assert any("Dana" in str(e["DESCRIPTION"]) for e in events)
    again = Calendar.from_ical(goodterms("export ics --as-of 2026-11-20").out)
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == {str(e["UID"]) for e in events}


def test_ics_export_as_todos(example):
    calendar = Calendar.from_ical(goodterms("export ics --todos --as-of 2026-11-05").out)
    todos = calendar.walk("VTODO")
    assert len(todos) == 2
    assert {t["DUE"].dt.isoformat() for t in todos} == {"2026-11-10T10:00:00+00:00"}

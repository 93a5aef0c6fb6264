"""Reading a due date from a promise or a request ("by Friday", "next week", "by 12/3")."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from goodterms.detect.due import due_date
from tests.helpers import goodterms

WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # Wednesday 25 November 2026


@pytest.mark.parametrize(("sentence", "due"), [
    # the same day, the next, the one after
    ("I'll send it today.", date(2026, 11, 25)),
    ("You'll have it tonight.", date(2026, 11, 25)),
    ("I will get back to you by end of day.", date(2026, 11, 25)),
    ("I'll confirm by EOD.", date(2026, 11, 25)),
    ("Will do it this afternoon.", date(2026, 11, 25)),
    ("I'll call you tomorrow.", date(2026, 11, 26)),
    ("I'll send it tmrw", date(2026, 11, 26)),
    ("I'll send it the day after tomorrow.", date(2026, 11, 27)),
    # weekdays
    ("I'll send you the slides by Friday.", date(2026, 11, 27)),
    ("I will call you on Monday.", date(2026, 11, 30)),
    ("I'll look at it Mon.", date(2026, 11, 30)),
    ("I'll have it done by Wednesday.", date(2026, 12, 2)),  # said on a Wednesday
    ("I'll ring you next Friday.", date(2026, 12, 4)),
    ("We'll meet next Monday.", date(2026, 11, 30)),  # this week's Monday is past
    ("I'll send it by thurs.", date(2026, 11, 26)),
    # weeks and months
    ("I'll send it this week.", date(2026, 11, 27)),
    ("I'll finish by the end of the week.", date(2026, 11, 27)),
    ("I'll get it to you by the weekend.", date(2026, 11, 27)),
    ("I'll send it next week.", date(2026, 12, 4)),
    ("I'll follow up early next week.", date(2026, 12, 1)),
    ("I'll send it by the end of next week.", date(2026, 12, 4)),
    ("I'll pay by the end of the month.", date(2026, 11, 30)),
    ("Month-end at the latest.", date(2026, 11, 30)),
    ("I'll write by end of next month.", date(2026, 12, 31)),
    ("I'll review it next month.", date(2026, 12, 31)),
    # spans
    ("I'll get back with you on this within a couple of days.", date(2026, 11, 27)),
    ("I'll send it in 3 days.", date(2026, 11, 28)),
    ("I'll have it in two weeks.", date(2026, 12, 9)),
    ("I'll reply within a week.", date(2026, 12, 2)),
    ("I'll come back to it in a few days.", date(2026, 11, 28)),
    ("I'll decide in a month.", date(2026, 12, 25)),
    # written dates
    ("I'll send it by 12/3.", date(2026, 12, 3)),
    ("I'll send it by 1/5.", date(2027, 1, 5)),  # January is past this year: next year
    ("Due 12/3/2026.", date(2026, 12, 3)),
    ("Due 12/3/27.", date(2027, 12, 3)),
    ("I'll send it by 2026-12-24.", date(2026, 12, 24)),
    ("I'll send it by December 3.", date(2026, 12, 3)),
    ("I'll send it by Dec 3rd.", date(2026, 12, 3)),
    ("I'll send it by Dec. 3, 2027.", date(2027, 12, 3)),
    ("I'll send it by 3 December.", date(2026, 12, 3)),
    ("I'll send it by the 3rd of December.", date(2026, 12, 3)),
    ("I'll send it by the 15th.", date(2026, 12, 15)),
    ("I'll send it by the 28th.", date(2026, 11, 28)),
    ("I'll send it by March 2.", date(2027, 3, 2)),
    ("I\u2019ll send it tomorrow.", date(2026, 11, 26)),
])
def test_it_reads_the_date_a_sentence_names(sentence, due):
    assert due_date(sentence, WEDNESDAY) == due


@pytest.mark.parametrize("sentence", [
    "I'll send it soon.",
    "I'll get back to you ASAP.",
    "I'll look into it later.",
    "I'll look into it.",
    "Last Friday I sent you the slides.",
    "We offer 24/7 support.",
    "Sun is shining over the bay.",
    "About 50/50 odds.",
    "I will send it by 13/45.",
    "",
])
def test_no_date_or_a_vague_or_past_one_gives_none(sentence):
    assert due_date(sentence, WEDNESDAY) is None


def test_it_counts_from_the_message_date_not_from_today():
    assert due_date("I'll send it tomorrow.", date(2001, 5, 10)) == date(2001, 5, 11)
    assert due_date("by Friday", datetime(2001, 5, 11, 23, 0)) == date(2001, 5, 18)  # a Friday
    assert due_date("this week", date(2026, 11, 28)) == date(2026, 12, 4)  # said on a Saturday
    assert due_date("by the end of the month", date(2026, 12, 31)) == date(2026, 12, 31)
    assert due_date("next month", date(2026, 1, 31)) == date(2026, 2, 28)
    assert due_date("by 12/30", date(2026, 12, 31)) == date(2026, 12, 30)  # yesterday: late


def test_a_promise_with_a_date_is_owed_by_that_day(home, db, tmp_path, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    (home / "config.toml").write_text(
        'timezone = "UTC"\n[me]\nemails = ["sam.rivera@example.com"]\n')
    mbox = tmp_path / "promise.mbox"
    mbox.write_text(
        "From sam  Thu Nov 12 09:00:00 2026\n"
        "Message-ID: <promise-due@example.com>\n"
        "Date: Thu, 12 Nov 2026 09:00:00 +0000\n"
        "From: Sam Rivera <sam.rivera@example.com>\n"
        "To: Tom Okafor <tom.okafor@example.com>\n"
        "Subject: Re: slides\n"
        "\n"
        "I'll send you the slides by Friday.\n")
    from goodterms.store import models as m

    assert goodterms(["import", str(mbox)]).code == 0
    waiting = goodterms("review --format json").json()
    commitment = next(w for w in waiting if w["act"] == "commitment")
    assert commitment["proposal"]["due"] == "2026-11-13"  # the Friday after Thursday 12th
    assert goodterms(f"review --accept {commitment['id']}").code == 0
    request = m.Request.objects.get()
    assert request.due is not None and request.due.date() == date(2026, 11, 13)

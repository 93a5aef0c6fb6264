"""Mail detections: recorded when sure, otherwise kept for `goodterms review`."""

from __future__ import annotations

from pathlib import Path

import pytest

from goodterms.store import models as m
from tests.helpers import goodterms

MBOX = Path(__file__).resolve().parents[1] / "importers" / "fixtures" / "mail" / "takeout.mbox"


@pytest.fixture(autouse=True)
def me(home, monkeypatch):
    monkeypatch.setenv("GOODTERMS_NOW", "2026-11-20T09:00")
    (home / "config.toml").write_text(
        'timezone = "UTC"\n[me]\nemails = ["sam.rivera@example.com"]\n')


def set_threshold(home, value: float) -> None:
    text = (home / "config.toml").read_text()
    (home / "config.toml").write_text(text + f"[detect]\napply_threshold = {value}\n")


def test_sure_detections_are_recorded_once():
    first = goodterms(["import", str(MBOX)])
    assert first.code == 0, first.err
    thanks = m.Thanks.objects.filter(ident__startswith="mail-")
    assert thanks.exists() and all(t.from_person is None for t in thanks)  # from me
    # Requests are never recorded without asking (the model is not precise enough).
    assert not m.Request.objects.filter(ident__startswith="mail-").exists()
    assert "request" in {w["act"] for w in goodterms("review --format json").json()}
    counts = (m.Thanks.objects.count(), m.Request.objects.count())
    again = goodterms(["import", str(MBOX)])
    assert " 0 new, 0 updated" in again.out
    assert (m.Thanks.objects.count(), m.Request.objects.count()) == counts


def test_unsure_detections_wait_for_review_and_are_never_queued_twice(home):
    set_threshold(home, 1.01)  # nothing is sure enough
    result = goodterms(["import", str(MBOX)])
    assert "to look at: goodterms review" in result.out
    assert not m.Thanks.objects.filter(ident__startswith="mail-").exists()
    waiting = goodterms("review --format json").json()
    assert waiting and {w["act"] for w in waiting} >= {"thanks"}
    thank = next(w for w in waiting if w["act"] == "thanks")
    other = next(w for w in waiting if w["id"] != thank["id"])
    assert goodterms(f"review --accept {thank['id']}").code == 0
    assert goodterms(f"review --reject {other['id']}").code == 0
    assert m.Thanks.objects.filter(ident=thank["proposal"]["id"]).exists()
    goodterms(["import", str(MBOX)])  # importing again queues nothing new
    assert len(goodterms("review --format json").json()) == len(waiting) - 2
    assert goodterms(f"review --accept {other['id']}").code == 2  # already decided
    assert goodterms("review --accept 99999").code == 3


def test_review_lists_what_waits_in_plain_words(home):
    set_threshold(home, 1.01)
    goodterms(["import", str(MBOX)])
    listing = goodterms("review")
    assert "would record: thanks from you to" in listing.out
    assert "accept with --accept N" in listing.out


INTRO = (
    "From Tom Okafor  Tue Nov 10 09:00:00 2026\n"
    "Message-ID: <intro-1@example.org>\n"
    "Date: Tue, 10 Nov 2026 09:00:00 +0000\n"
    "From: Tom Okafor <tom.okafor@example.com>\n"
    "To: Sam Rivera <sam.rivera@example.com>, Yara Haddad <yara@acme.example>\n"
    "Subject: Intro: Sam <> Yara\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "Sam, I'd like to introduce you to Yara, who runs the data team at Acme.\n"
    "Yara, meet Sam.\n"
    "\n"
    "Tom\n"
)


def test_an_introduction_to_someone_new_is_a_favor_pointing_at_them(tmp_path):
    mbox = tmp_path / "intro.mbox"
    mbox.write_text(INTRO)
    result = goodterms(["import", str(mbox)])
    assert result.code == 0, result.err
    favor = m.Favor.objects.get()
    assert (favor.kind, favor.from_person.name, favor.refers_to.name) == (
        "intro", "Tom Okafor", "Yara Haddad")
    assert favor.to_person is None  # to me
    assert not m.Request.objects.exists()  # "Yara, meet Sam." is no request of me
    rules = {f["rule"] for f in goodterms("check --format json").json()["findings"]}
    assert {"no-thank-you", "no-follow-up"} <= rules


def test_an_introduction_recorded_once_is_not_asked_about_when_imported_again(tmp_path):
    # The second time, Yara is known (from the first import): the same sentence is then
    # no sure introduction to someone new, but it was recorded, so nothing is queued.
    mbox = tmp_path / "intro.mbox"
    mbox.write_text(INTRO)
    first = goodterms(["import", str(mbox)])
    assert "4 new, 0 updated, 0 unchanged" in first.out  # Tom, Yara, the email, the favor
    favor = m.Favor.objects.get()
    again = goodterms(["import", str(mbox)])
    assert "0 new, 0 updated, 4 unchanged" in again.out and "to look at" not in again.out
    assert goodterms("review --format json").json() == []
    assert m.Favor.objects.get().refers_to == favor.refers_to


def test_an_introduction_to_someone_known_already_waits_for_review(tmp_path):
    goodterms("add 'Yara Haddad' --email yara@acme.example")
    mbox = tmp_path / "intro.mbox"
    mbox.write_text(INTRO)
    goodterms(["import", str(mbox)])
    assert not m.Favor.objects.exists()
    assert [w["act"] for w in goodterms("review --format json").json()] == ["intro"]


def test_emails_keep_their_conversation(tmp_path):
    reply = INTRO.replace("<intro-1@example.org>", "<reply-1@example.com>").replace(
        "From: Tom Okafor <tom.okafor@example.com>\n",
        "From: Tom Okafor <tom.okafor@example.com>\nIn-Reply-To: <intro-1@example.org>\n"
        "References: <intro-1@example.org>\n").replace("Tue, 10 Nov", "Wed, 11 Nov")
    mbox = tmp_path / "thread.mbox"
    mbox.write_text(INTRO + "\n" + reply)
    goodterms(["import", str(mbox)])
    threads = {i.extra.get("x_thread") for i in m.Interaction.objects.all()}
    assert threads == {"<intro-1@example.org>"}
    assert m.Interaction.objects.count() == 2


def test_bodies_are_kept_only_when_asked(tmp_path):
    mbox = tmp_path / "intro.mbox"
    mbox.write_text(INTRO)
    goodterms(["import", str(mbox)])
    assert "x_body" not in m.Interaction.objects.get().extra
    again = goodterms(["import", "--keep-bodies", str(mbox)])
    assert again.code == 0, again.err
    body = m.Interaction.objects.get().extra["x_body"]
    assert body.startswith("Sam, I'd like to introduce you to Yara") and "Tom" in body
    vcf = Path(__file__).resolve().parents[1] / "importers" / "fixtures" / "vcard"
    refused = goodterms(["import", "--keep-bodies", str(vcf / "v40_related.vcf")])
    assert refused.code == 2 and "--keep-bodies is for mail" in refused.err


def test_a_promise_i_made_waits_for_review_as_something_owed(tmp_path):
    promise = (
        "From sam  Thu Nov 12 09:00:00 2026\n"
        "Message-ID: <promise-1@example.com>\n"
        "Date: Thu, 12 Nov 2026 09:00:00 +0000\n"
        "From: Sam Rivera <sam.rivera@example.com>\n"
        "To: Tom Okafor <tom.okafor@example.com>\n"
        "Subject: Re: slides\n"
        "\n"
        "I'll send you the slides by Friday.\n"
    )
    mbox = tmp_path / "promise.mbox"
    mbox.write_text(promise)
    goodterms(["import", str(mbox)])
    waiting = goodterms("review --format json").json()
    commitment = next(w for w in waiting if w["act"] == "commitment")
    assert commitment["proposal"]["from"] != "me" and commitment["proposal"]["to"] == "me"
    assert goodterms(f"review --accept {commitment['id']}").code == 0
    request = m.Request.objects.get()
    assert request.what.startswith("what you promised: I'll send you the slides")

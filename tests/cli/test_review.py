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

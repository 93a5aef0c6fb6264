"""One person per human: contacts from other files matched with people already known."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from goodterms.errors import BadInput
from goodterms.importers.records import Contact, Event, Skipped
from goodterms.store import models as m
from goodterms.store.actions import get_owner
from goodterms.store.matching import import_records

UTC_ZONE = ZoneInfo("UTC")


def run(records, importer="test", strict=False):
    owner = get_owner()
    return import_records(owner, lambda: iter(records), source="file", importer=importer,
                          tz=UTC_ZONE, strict=strict)


ANA_LINKEDIN = Contact("linkedin:https://www.linkedin.com/in/ana-bell", "Ana Bell",
                       linkedin="https://www.linkedin.com/in/ana-bell", org="Acme",
                       title="Engineer", met_on=date(2024, 3, 12), met_how="LinkedIn")
ANA_VCARD = Contact("vcard:uid-1", "Ana Bell", emails=("ana.bell@example.org",),
                    linkedin="https://linkedin.com/in/Ana-Bell/", tags=("friends",))
ANA_GOOGLE = Contact("google:ana.bell@example.org", "Ana B.",
                     emails=("Ana.Bell@example.org",), phones=("+1 555 0100 200",),
                     org="Initech")
ANA_PHONE_ONLY = Contact("outlook:row-3", "A. Bell", phones=("+15550100200",))


def test_the_same_human_in_four_sources_is_one_person():
    run([ANA_LINKEDIN], importer="linkedin")
    run([ANA_VCARD], importer="vcard")
    run([ANA_GOOGLE], importer="google-csv")
    run([ANA_PHONE_ONLY], importer="outlook-csv")
    ana = m.Person.objects.get()
    assert ana.ident == "ana-bell" and ana.name == "Ana Bell"
    assert ana.emails == ["ana.bell@example.org"]
    assert ana.phones == ["+1 555 0100 200"]  # the same number, written two ways
    assert ana.linkedin == "https://www.linkedin.com/in/ana-bell"
    assert (ana.org, ana.title, ana.met_on) == ("Acme", "Engineer", date(2024, 3, 12))
    assert ana.tags == ["friends"]
    assert ana.extra["x_sources"] == [ANA_LINKEDIN.key, ANA_VCARD.key, ANA_GOOGLE.key,
                                      ANA_PHONE_ONLY.key]


def test_a_name_alone_never_merges_two_people():
    run([ANA_VCARD, Contact("vcard:uid-2", "Ana Bell", emails=("ana@other.example",))])
    assert sorted(m.Person.objects.values_list("ident", flat=True)) == ["ana-bell", "ana-bell-2"]


def test_importing_the_same_records_again_changes_nothing():
    meeting = Event("ics:1", datetime(2026, 11, 2, 9, tzinfo=UTC), "meeting", (ANA_VCARD.key,),
                    summary="coffee", time_chosen_by="me", initiated_by=ANA_VCARD.key)
    first = run([ANA_VCARD, meeting])
    assert first.total.new == 2
    again = run([ANA_VCARD, meeting])
    assert (again.total.new, again.total.updated, again.total.unchanged) == (0, 0, 2)
    i = m.Interaction.objects.get()
    assert i.time_chosen_by_me and i.initiated_by.ident == "ana-bell" and i.summary == "coffee"


def test_a_contact_known_only_by_name_is_found_again_by_its_source_key():
    old = Contact("linkedin-name:bo chen", "Bo Chen", met_on=date(2020, 1, 2))
    run([old], importer="linkedin")
    again = run([old], importer="linkedin")
    assert again.total.unchanged == 1 and m.Person.objects.count() == 1


def test_what_was_known_is_kept_and_only_gaps_are_filled():
    run([ANA_GOOGLE])
    run([Contact("x:1", "Ana Bell", emails=("ana.bell@example.org",), org="Other Co",
                 notes="met at PyCon")])
    ana = m.Person.objects.get()
    assert ana.org == "Initech" and ana.notes == "met at PyCon"


def test_skipped_rows_are_counted_and_strict_stores_nothing():
    records = [ANA_VCARD, Skipped(7, "hidden profile (only a date)")]
    summary = run(records)
    assert summary.skipped == [(7, "hidden profile (only a date)", "")]
    m.Person.objects.all().delete()
    m.Record.objects.all().delete()
    with pytest.raises(BadInput, match="line 7: hidden profile"):
        run(records, strict=True)
    assert m.Person.objects.count() == 0


def test_an_event_with_nobody_known_is_skipped():
    lonely = Event("ics:2", datetime(2026, 11, 2, 9, tzinfo=UTC), "meeting", ("email:x@y.z",),
                   line=12)
    summary = run([lonely])
    assert summary.skipped == [(12, "an event with nobody known", "")]
    assert m.Interaction.objects.count() == 0


# Records are stored as they are read, in one transaction (LineStream): a person written
# early is written again when a later contact adds to them, something wrong anywhere
# undoes everything written before it, and so does an interruption.

def meeting_with(key, number):
    return Event(f"ics:{number}", datetime(2026, 11, 2, 9, tzinfo=UTC), "meeting", (key,),
                 line=number)


def many_meetings(key, count, start=100):
    return [meeting_with(key, start + n) for n in range(count)]


@pytest.fixture
def small_batches(monkeypatch):
    import goodterms.store.actions as actions

    monkeypatch.setattr(actions, "BATCH", 7)  # so that a few dozen records are several


def test_a_person_written_early_is_written_again_with_what_later_records_add(small_batches):
    ana_work = Contact("email:ana.bell@example.org", "Ana Bell", emails=("ana.bell@example.org",))
    ana_home = Contact("email:ana@home.example", "Ana", emails=("ana@home.example",))
    run([ANA_GOOGLE])  # Ana is known with her work address only
    m.Person.objects.update(emails=["ana.bell@example.org", "ana@home.example"])  # and home
    summary = run([ana_work, *many_meetings(ana_work.key, 20), ana_home,
                   *many_meetings(ana_home.key, 20, start=200)], importer="mbox")
    ana = m.Person.objects.get()
    assert ana.extra["x_sources"] == [ANA_GOOGLE.key, ana_work.key, ana_home.key]
    assert summary.counts["person"].updated == 1  # once, though written twice
    assert summary.counts["person"].new == summary.counts["person"].unchanged == 0
    assert summary.counts["interaction"].new == 40
    assert m.Interaction.objects.filter(people=ana).count() == 40


def test_a_new_person_written_twice_counts_as_new_once(small_batches):
    bo = Contact("vcard:bo", "Bo Chen", emails=("bo@example.org",))
    bo_again = Contact("csv:bo", "Bo Chen", emails=("bo@example.org",), org="Acme")
    summary = run([bo, *many_meetings(bo.key, 15), bo_again])
    assert (summary.counts["person"].new, summary.counts["person"].updated) == (1, 0)
    assert m.Person.objects.get().org == "Acme"


def test_a_bad_line_late_in_the_records_undoes_what_was_written_before(small_batches):
    too_long = Contact("vcard:long", "Lee Long", emails=("long@example.org",),
                       title="x" * 10_000, line=90)
    records = [ANA_VCARD, *many_meetings(ANA_VCARD.key, 30), too_long,
               meeting_with(too_long.key, 91)]
    with pytest.raises(BadInput, match="line 90: 'title' is longer than"):
        run(records)
    assert m.Person.objects.count() == m.Interaction.objects.count() == 0
    assert m.Record.objects.count() == 0


def test_an_interrupted_import_keeps_nothing_and_the_next_one_stores_it_all_once(small_batches):
    records = [ANA_VCARD, *many_meetings(ANA_VCARD.key, 30)]

    def interrupted():
        for number, record in enumerate(records):
            if number == 25:  # several batches were written by now
                raise KeyboardInterrupt
            yield record

    owner = get_owner()
    with pytest.raises(KeyboardInterrupt):
        import_records(owner, interrupted, source="file", importer="test", tz=UTC_ZONE)
    assert m.Person.objects.count() == m.Interaction.objects.count() == 0
    summary = run(records)
    assert summary.total.new == 31 and m.Interaction.objects.count() == 30
    assert run(records).total.unchanged == 31


def test_strict_stores_nothing_even_after_several_batches(small_batches):
    records = [ANA_VCARD, *many_meetings(ANA_VCARD.key, 30), Skipped(99, "unreadable row")]
    with pytest.raises(BadInput, match="line 99: unreadable row"):
        run(records, strict=True)
    assert m.Person.objects.count() == m.Interaction.objects.count() == 0


def test_a_nul_character_in_a_record_is_refused_with_its_line():
    nul = Contact("vcard:nul", "Nu Lee", emails=("nu@example.org",), notes="a\x00b", line=4)
    with pytest.raises(BadInput, match=r"line 4: a text contains the NUL character"):
        run([ANA_VCARD, nul])
    assert m.Person.objects.count() == 0


def test_a_detection_met_twice_in_one_batch_is_queued_and_counted_once():
    from goodterms.store.actions import queue_for_review

    owner = get_owner()
    proposal = {"type": "thanks", "id": "mail-0123456789abcdef", "at": "2026-11-02T09:00:00+00:00",
                "from": "me", "to": "ana", "channel": "email"}
    item = {"key": "k1", "act": "thanks", "confidence": 0.7, "text": "Thanks a lot!",
            "at": datetime(2026, 11, 2, 9, tzinfo=UTC), "proposal": proposal}
    assert queue_for_review(owner, [item, dict(item), {**item, "key": "k2"}]) == 2
    assert m.Detection.objects.count() == 2
    assert queue_for_review(owner, [item]) == 0  # and never again

"""Importing and exporting journals, as JOURNAL.md defines them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model

from goodterms.store import models as m
from tests.helpers import goodterms

EXAMPLE = [
    {"type": "person", "id": "tim", "name": "Tim Park", "met_on": "2026-06-01",
     "met_how": "job seekers' breakfast", "label": "acquaintance"},
    {"type": "person", "id": "dana", "name": "Dana Ruiz", "org": "Acme", "title": "Recruiter"},
    {"type": "interaction", "at": "2026-11-02T09:00", "with": ["tim"], "kind": "meeting",
     "time_chosen_by": "tim", "their_travel_minutes": 0},
    {"type": "favor", "id": "f1", "at": "2026-11-03T10:00", "from": "tim", "to": "me",
     "kind": "referral", "refers_to": "dana", "what": "sent my resume to Dana at Acme"},
    {"type": "thanks", "at": "2026-11-03T18:00", "from": "me", "to": "tim", "for": "f1",
     "channel": "email"},
]

EVERY_KIND = [
    *EXAMPLE,
    {"type": "person", "id": "sam", "name": "Sam Lee", "emails": ["sam@x.example"],
     "phones": ["+1 555 0100"], "location": "Lyon", "linkedin": "https://linkedin.com/in/sam",
     "introduced_by": "tim", "close": True, "tags": ["mentor", "python"], "notes": "kind"},
    {"type": "interaction", "id": "call-1", "at": "2026-11-04", "with": ["sam", "dana"],
     "kind": "call", "direction": "in", "summary": "catch-up", "place": "phone",
     "initiated_by": "me", "time_chosen_by": "sam"},
    {"type": "interaction", "at": "2026-11-05T08:00:00+02:00", "with": ["sam"], "kind": "note",
     "summary": "likes climbing"},
    {"type": "request", "id": "r1", "at": "2026-11-06T12:00", "from": "sam", "to": "me",
     "what": "review my talk", "size": 2, "due": "2026-11-09"},
    {"type": "request", "id": "r2", "at": "2026-11-06T13:00", "from": "me", "to": "dana",
     "what": "intro to the CTO", "size": 3},
    {"type": "request_update", "request": "r1", "at": "2026-11-07", "status": "asked_again"},
    {"type": "request_update", "id": "u2", "request": "r1", "at": "2026-11-08",
     "status": "done", "note": "sent comments"},
    {"type": "request_update", "request": "r2", "at": "2026-11-10", "status": "declined"},
    {"type": "favor", "id": "f2", "at": "2026-11-08", "from": "me", "to": "sam",
     "kind": "advice", "what": "talk feedback"},
    {"type": "thanks", "at": "2026-11-08T20:00", "from": "sam", "to": "me", "channel": "note"},
    {"type": "offer", "at": "2026-11-09", "from": "me", "to": "dana", "what": "intro to PyLadies"},
    {"type": "offer", "at": "2026-11-09", "from": "sam", "to": "me"},
    {"type": "share", "at": "2026-11-10", "contact": "dana", "to": "sam", "given_by": "tim",
     "with_permission": True},
    {"type": "share", "id": "s2", "at": "2026-11-11", "contact": "tim", "to": "dana"},
]


def journal(lines: list[dict]) -> bytes:
    return ("\n".join(json.dumps(x) for x in lines) + "\n").encode()


def write(tmp_path, lines: list[dict] | bytes, name: str = "net.jsonl"):
    path = tmp_path / name
    path.write_bytes(lines if isinstance(lines, bytes) else journal(lines))
    return path


def counts() -> dict[str, int]:
    return {kind: model.objects.count() for kind, model in m.MODELS.items()}


def test_it_imports_every_kind_of_line(tmp_path):
    result = goodterms(["import", "journal", str(write(tmp_path, EVERY_KIND))])
    assert result.code == 0, result.err
    assert counts() == {"person": 3, "interaction": 3, "favor": 2, "request": 2,
                        "request_update": 3, "thanks": 2, "offer": 2, "share": 2}
    sam = m.Person.objects.get(ident="sam")
    assert sam.introduced_by.ident == "tim" and sam.close is True and sam.tags == ["mentor",
                                                                                   "python"]
    call = m.Interaction.objects.get(ident="call-1")
    through = m.Interaction.people.through.objects.filter(interaction=call).order_by("id")
    assert [t.person.ident for t in through] == ["sam", "dana"]
    assert call.initiated_by_me and call.time_chosen_by.ident == "sam"
    assert call.at == datetime(2026, 11, 4, tzinfo=UTC)  # a date alone: start of the day
    r1 = m.Request.objects.get(ident="r1")
    assert r1.due == datetime(2026, 11, 9, 23, 59, 59, tzinfo=UTC)  # a due date: its end
    assert m.Favor.objects.get(ident="f2").size == 1  # advice defaults to 1
    assert m.Favor.objects.get(ident="f1").size == 4  # referral defaults to 4
    assert m.Thanks.objects.get(favor__ident="f1").to_person.ident == "tim"
    assert "3 person" in result.out and "3 new" not in result.out


def test_it_reads_times_without_offset_in_the_users_zone(tmp_path, home):
    (home / "config.toml").write_text('timezone = "America/New_York"\n')
    goodterms(["import", str(write(tmp_path, EXAMPLE))])
    meeting = m.Interaction.objects.get()
    assert meeting.at == datetime(2026, 11, 2, 14, 0, tzinfo=UTC)  # 09:00 EST


def test_importing_twice_changes_nothing(tmp_path):
    path = write(tmp_path, EVERY_KIND)
    goodterms(["import", str(path)])
    before = counts()
    first = goodterms(["export", "journal"]).out
    again = goodterms(["import", str(path)])
    assert again.code == 0
    assert "0 new, 0 updated, 19 unchanged" in again.out
    assert counts() == before
    assert goodterms(["export", "journal"]).out == first


def test_identical_lines_without_id_are_one_record(tmp_path):
    offer = {"type": "offer", "at": "2026-11-09", "from": "me", "to": "tim"}
    reordered = {"to": "tim", "from": "me", "at": "2026-11-09", "type": "offer"}
    goodterms(["import", str(write(tmp_path, [EXAMPLE[0], offer, offer, reordered]))])
    assert m.Offer.objects.count() == 1


def test_a_stored_id_arriving_again_replaces_the_record(tmp_path):
    goodterms(["import", str(write(tmp_path, EXAMPLE))])
    edited = [dict(EXAMPLE[0], label="former colleague", org="Initech")]
    result = goodterms(["import", str(write(tmp_path, edited, "edit.jsonl"))])
    assert "0 new, 1 updated" in result.out
    tim = m.Person.objects.get(ident="tim")
    assert (tim.label, tim.org) == ("former colleague", "Initech")
    assert m.Favor.objects.get(ident="f1").from_person == tim  # history kept


def test_export_then_import_into_an_empty_network_gives_the_same_journal(tmp_path):
    goodterms(["import", str(write(tmp_path, EVERY_KIND))])
    first = goodterms(["export", "journal"]).out
    get_user_model().objects.create_user("second")
    result = goodterms(["--user", "second", "import", "-"], stdin=first.encode())
    assert result.code == 0, result.err
    second = goodterms(["--user", "second", "export", "journal"]).out
    assert second == first
    assert len(first.splitlines()) == len(EVERY_KIND)


def test_unknown_fields_are_kept_and_exported_again(tmp_path):
    lines = [dict(EXAMPLE[0], pronouns="he/him", source={"app": "x", "v": 2})]
    goodterms(["import", str(write(tmp_path, lines))])
    exported = goodterms(["export", "journal"]).lines()
    assert exported[0]["pronouns"] == "he/him"
    assert exported[0]["source"] == {"app": "x", "v": 2}


def test_export_to_a_file(tmp_path):
    goodterms(["import", str(write(tmp_path, EXAMPLE))])
    target = tmp_path / "out.jsonl"
    result = goodterms(["export", "journal", str(target)])
    assert result.code == 0
    objects = [json.loads(x) for x in target.read_text().splitlines()]
    assert [o["type"] for o in objects] == ["person", "person", "interaction", "favor", "thanks"]
    assert objects[3]["at"] == "2026-11-03T10:00:00+00:00"


def test_blank_lines_and_a_byte_order_mark_are_fine(tmp_path):
    data = b"\xef\xbb\xbf" + journal(EXAMPLE[:2]).replace(b"\n", b"\n  \n\n", 1)
    result = goodterms(["import", "journal", str(write(tmp_path, data))])
    assert result.code == 0, result.err
    assert m.Person.objects.count() == 2


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ('{"type": "person", "id": "x", "name": "X"', "not valid JSON"),
        ('["person"]', "must be a JSON object"),
        ('{"type": "gossip", "at": "2026-11-01"}', "unknown type"),
        ('{"id": "x", "name": "X"}', "has no 'type'"),
        ('{"type": "person", "id": "x"}', "needs 'name'"),
        ('{"type": "person", "id": "me", "name": "Me"}', "owner of the network"),
        ('{"type": "interaction", "at": "2026-11-01", "with": ["tim"], "kind": "telepathy"}',
         "unknown kind"),
        ('{"type": "favor", "id": "fx", "at": "2026-11-01", "from": "tim", "to": "me", '
         '"kind": "advice", "size": 6}', "from 1 to 5"),
        ('{"type": "favor", "id": "fx", "at": "2026-11-01", "from": "tim", "to": "me", '
         '"kind": "advice", "size": 0}', "from 1 to 5"),
        ('{"type": "offer", "at": "last tuesday", "from": "me", "to": "tim"}', "ISO 8601"),
        ('{"type": "offer", "at": "2026-13-01", "from": "me", "to": "tim"}', "ISO 8601"),
        ('{"type": "offer", "at": "2026-11-01", "from": "me", "to": "nobody"}',
         "neither in this file nor stored"),
        ('{"type": "thanks", "at": "2026-11-01", "from": "me", "to": "tim", "for": "f9"}',
         "neither in this file nor stored"),
        ('{"type": "request_update", "request": "f1", "at": "2026-11-01", "status": "done"}',
         "which is a favor, not a request"),
        ('{"type": "request_update", "request": "r9", "at": "2026-11-01", "status": "maybe"}',
         "unknown status"),
        ('{"type": "favor", "id": "fx", "at": "2026-11-01", "from": "tim", "to": "dana", '
         '"kind": "advice"}', "must be from me or to me"),
        ('{"type": "request", "id": "rx", "at": "2026-11-01", "from": "me", "to": "me", '
         '"what": "x"}', "from me to me"),
        ('{"type": "person", "id": "f1", "name": "Eff One"}', "already a favor"),
        ('{"type": "interaction", "at": "2026-11-01", "with": [], "kind": "call"}',
         "non-empty list"),
        ('{"type": "interaction", "at": "2026-11-01", "with": ["tim"], "kind": "meeting", '
         '"their_travel_minutes": "20"}', "whole number of minutes"),
        ('{"type": "share", "at": "2026-11-01", "contact": "dana", "to": "tim", '
         '"with_permission": "yes"}', "true or false"),
        ('{"type": "person", "id": "nul", "name": "N\\u0000L"}', "NUL character"),
        # What no database column holds is refused with its line, not a database error.
        ('{"type": "person", "id": "long", "name": "' + "N" * 301 + '"}',
         "'name' is longer than 300 characters"),
        ('{"type": "person", "id": "' + "i" * 201 + '", "name": "Ian"}',
         "'id' is longer than 200 characters"),
        ('{"type": "interaction", "at": "2026-11-01", "with": ["tim"], "kind": "meeting", '
         '"their_travel_minutes": 3000000000}', "'their_travel_minutes' is too large"),
    ],
)
def test_a_bad_line_is_refused_with_its_number_and_nothing_is_imported(tmp_path, bad, reason):
    data = journal(EXAMPLE) + b"\n" + bad.encode() + b"\n"
    result = goodterms(["import", "journal", str(write(tmp_path, data))])
    assert result.code == 4
    assert "nothing was imported" in result.err
    assert "line 7:" in result.err  # the blank line still counts
    assert reason in result.err
    assert sum(counts().values()) == 0


def test_a_stored_id_of_another_type_is_refused(tmp_path):
    goodterms(["import", str(write(tmp_path, EXAMPLE))])
    bad = [{"type": "request", "id": "tim", "at": "2026-11-01", "from": "me", "to": "dana",
            "what": "x"}]
    result = goodterms(["import", str(write(tmp_path, bad, "bad.jsonl"))])
    assert result.code == 4
    assert "already stored as a person" in result.err
    assert m.Request.objects.count() == 0


def test_the_same_id_with_other_content_in_one_file_is_refused(tmp_path):
    lines = [EXAMPLE[0], dict(EXAMPLE[0], name="Timothy Park")]
    result = goodterms(["import", str(write(tmp_path, lines))])
    assert result.code == 4 and "line 2" in result.err and "used again" in result.err


def test_a_file_that_is_not_utf8_is_refused_naming_the_line(tmp_path):
    data = journal(EXAMPLE[:1]) + '{"type":"person","id":"zoe","name":"Zoë"}\n'.encode("latin-1")
    result = goodterms(["import", "journal", str(write(tmp_path, data))])
    assert result.code == 4 and "line 2: not UTF-8" in result.err
    assert m.Person.objects.count() == 0


def test_references_may_point_at_later_lines_and_at_stored_records(tmp_path):
    later = [EXAMPLE[3], EXAMPLE[0], EXAMPLE[1]]  # the favor comes before its people
    assert goodterms(["import", str(write(tmp_path, later))]).code == 0
    thanks = [EXAMPLE[4]]  # refers to tim and f1, both already stored
    assert goodterms(["import", str(write(tmp_path, thanks, "t.jsonl"))]).code == 0
    assert m.Thanks.objects.get().favor.ident == "f1"


def test_introductions_may_point_at_people_defined_later(tmp_path):
    lines = [{"type": "person", "id": "a", "name": "A", "introduced_by": "b"},
             {"type": "person", "id": "b", "name": "B", "introduced_by": "c"},
             {"type": "person", "id": "c", "name": "C"}]
    assert goodterms(["import", str(write(tmp_path, lines))]).code == 0
    assert m.Person.objects.get(ident="a").introduced_by.ident == "b"
    assert m.Person.objects.get(ident="b").introduced_by.ident == "c"


def test_an_interrupted_import_leaves_nothing_half_written(tmp_path, monkeypatch):
    from goodterms.store import actions

    path = write(tmp_path, EVERY_KIND)
    calls = {"n": 0}
    real_flush = actions._Writer.flush

    def flush_then_stop(self, kind):
        real_flush(self, kind)
        calls["n"] += 1
        if calls["n"] == 3:  # people and some events are written by now
            raise KeyboardInterrupt

    monkeypatch.setattr(actions._Writer, "flush", flush_then_stop)
    result = goodterms(["import", str(path)])
    assert result.code == 130
    assert "nothing half-written" in result.err
    assert sum(counts().values()) == 0


def test_the_format_is_recognised_from_the_content(tmp_path):
    path = write(tmp_path, EXAMPLE, "export.txt")
    assert goodterms(["import", str(path)]).code == 0
    other = tmp_path / "notes.txt"
    other.write_text("Dear diary,\n")
    result = goodterms(["import", str(other)])
    assert result.code == 4 and "does not recognise" in result.err


def test_an_unknown_file_or_format_is_a_clear_error(tmp_path):
    missing = goodterms(["import", str(tmp_path / "nope.jsonl")])
    assert missing.code == 3 and "no such file" in missing.err
    result = goodterms(["import", "linkedout", str(write(tmp_path, EXAMPLE))])
    assert result.code == 2 and "unknown format 'linkedout'" in result.err

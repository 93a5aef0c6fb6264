"""The same journal rules hold when a file spans many write batches."""

from __future__ import annotations

import pytest

from goodterms.store import actions
from goodterms.store import models as m
from tests.helpers import goodterms
from tests.store.test_journal_import import EVERY_KIND, counts, write


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch):
    monkeypatch.setattr(actions, "BATCH", 2)


def test_a_journal_of_many_batches_imports_like_one(tmp_path):
    result = goodterms(["import", str(write(tmp_path, EVERY_KIND))])
    assert result.code == 0, result.err
    assert counts() == {"person": 3, "interaction": 3, "favor": 2, "request": 2,
                        "request_update": 3, "thanks": 2, "offer": 2, "share": 2}
    assert m.Record.objects.count() == 19


def test_a_line_repeated_batches_apart_is_one_record(tmp_path):
    offer = {"type": "offer", "at": "2026-11-09", "from": "me", "to": "tim"}
    people = [{"type": "person", "id": f"p{n}", "name": f"P {n}"} for n in range(5)]
    lines = [{"type": "person", "id": "tim", "name": "Tim"}, offer, *people, offer]
    result = goodterms(["import", str(write(tmp_path, lines))])
    assert result.code == 0, result.err
    assert m.Offer.objects.count() == 1


def test_an_id_reused_batches_apart_is_refused_naming_both_lines(tmp_path):
    people = [{"type": "person", "id": f"p{n}", "name": f"P {n}"} for n in range(5)]
    lines = [{"type": "person", "id": "tim", "name": "Tim"}, *people,
             {"type": "person", "id": "tim", "name": "Timothy"}]
    result = goodterms(["import", str(write(tmp_path, lines))])
    assert result.code == 4
    assert "line 7: id 'tim' is used again with other content (first on line 1)" in result.err
    assert counts()["person"] == 0


def test_an_id_used_by_two_kinds_blames_the_later_line(tmp_path):
    lines = [{"type": "person", "id": "tim", "name": "Tim"},
             {"type": "favor", "id": "x1", "at": "2026-11-01", "from": "tim", "to": "me",
              "kind": "advice"},
             {"type": "person", "id": "x1", "name": "Ex One"}]
    result = goodterms(["import", str(write(tmp_path, lines))])
    assert result.code == 4
    assert "line 3: id 'x1' is already a favor (line 2)" in result.err


def test_an_introduction_by_someone_batches_later_is_kept(tmp_path):
    people = [{"type": "person", "id": f"p{n}", "name": f"P {n}", "introduced_by": f"p{n + 1}"}
              for n in range(6)]
    people.append({"type": "person", "id": "p6", "name": "P 6"})
    assert goodterms(["import", str(write(tmp_path, people))]).code == 0
    assert m.Person.objects.get(ident="p0").introduced_by.ident == "p1"
    assert m.Person.objects.get(ident="p5").introduced_by.ident == "p6"


def test_an_introduction_by_nobody_is_refused(tmp_path):
    lines = [{"type": "person", "id": "a", "name": "A", "introduced_by": "ghost"}]
    result = goodterms(["import", str(write(tmp_path, lines))])
    assert result.code == 4 and "line 1: 'introduced_by' refers to person 'ghost'" in result.err


def test_forgetting_a_person_frees_the_ids_of_their_history(tmp_path):
    goodterms(["import", str(write(tmp_path, EVERY_KIND))])
    note = m.Interaction.objects.get(kind="note").ident  # with Sam alone
    assert goodterms("forget sam --yes").code == 0
    assert not m.Record.objects.filter(ident__in=["sam", note, "r1", "f2", "u2"]).exists()
    call = m.Interaction.objects.get(ident="call-1")  # with Sam and Dana: stays, for Dana
    assert [p.ident for p in call.people.all()] == ["dana"]
    again = [{"type": "person", "id": "r1", "name": "Now a person"}]
    assert goodterms(["import", str(write(tmp_path, again, "again.jsonl"))]).code == 0


def test_a_big_import_leaves_sqlite_with_fresh_statistics():
    from datetime import UTC

    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL analyses its tables by itself")
    owner = actions.get_owner()
    lines = [{"type": "person", "id": f"p{n}", "name": f"Person {n}"} for n in range(600)]
    lines += [{"type": "favor", "id": f"f{n}", "at": "2026-11-01", "from": f"p{n}",
               "to": "me", "kind": "advice"} for n in range(600)]
    from goodterms.journal import check_object

    checked = [check_object(o, UTC, n) for n, o in enumerate(lines, start=1)]
    actions.import_lines(owner, actions.lines_source(checked))
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl FROM sqlite_stat1")
        analysed = {row[0] for row in cursor.fetchall()}
    assert {"goodterms_favor", "goodterms_person", "goodterms_record"} <= analysed


def test_statistics_that_cannot_be_renewed_do_not_fail_the_import(tmp_path, monkeypatch,
                                                                  caplog):
    """After a big import SQLite's statistics are renewed, outside the import's
    transaction. Another connection's lock (as when the web app reads while a
    background import ends) makes that fail: the import is committed by then, and
    must say so, not "nothing was stored"."""
    from django.db import OperationalError, connection

    if connection.vendor != "sqlite":
        pytest.skip("goodterms renews statistics only on SQLite")
    monkeypatch.setattr(actions, "ANALYZE_AFTER", 1)
    tried = []

    def locked(execute, sql, params, many, context):
        if sql == "ANALYZE":
            tried.append(sql)
            raise OperationalError("database table is locked: sqlite_master")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(locked):
        result = goodterms(["import", str(write(tmp_path, EVERY_KIND))])
    assert tried == ["ANALYZE"]
    assert result.code == 0, result.err
    assert counts()["person"] == 3
    assert "statistics were not renewed" in caplog.text

"""Merging two people with all their history; the old id keeps working."""

from __future__ import annotations

import json

from goodterms.store import models as m
from tests.helpers import goodterms


def setup_two_anas():
    for command in (
        'add "Ana Bell" --id ana --email ana@acme.example --org Acme --label colleague',
        'add "Ana Bell" --id ana2 --email ana.bell@gmail.example --phone "+1 555 0100" '
        '--met-on 2025-01-10 --tag pycon',
        'add "Tim Park" --id tim --introduced-by ana2',
    ):
        assert goodterms(command).code == 0
    goodterms("log meeting ana ana2 tim --at 2026-11-01T10:00")
    goodterms("favor from ana2 intro --refers-to tim --at 2026-11-02 --id f1")
    goodterms("thanks to ana2 --for f1 --at 2026-11-02T18:00")
    goodterms("request to ana2 'coffee?' --at 2026-11-03 --id r1")


def test_duplicates_lists_the_pair_with_evidence():
    setup_two_anas()
    result = goodterms("people duplicates")
    assert "Ana Bell (ana)  ~  Ana Bell (ana2)" in result.out and "same name" in result.out
    assert goodterms("people duplicates --format json").json()[0]["first"] == "ana"


def test_merge_moves_all_history_and_keeps_what_was_known():
    setup_two_anas()
    result = goodterms("people merge ana ana2")
    assert result.code == 0, result.err
    assert "'ana2' now means Ana Bell" in result.out
    ana = m.Person.objects.get(ident="ana")
    assert ana.emails == ["ana@acme.example", "ana.bell@gmail.example"]
    assert (ana.org, ana.label, ana.met_on.isoformat(), ana.tags) == (
        "Acme", "colleague", "2025-01-10", ["pycon"])
    assert not m.Person.objects.filter(ident="ana2").exists()
    assert m.Favor.objects.get(ident="f1").from_person == ana
    assert m.Thanks.objects.get().to_person == ana
    assert m.Request.objects.get(ident="r1").to_person == ana
    assert m.Person.objects.get(ident="tim").introduced_by == ana
    meeting = m.Interaction.objects.get()
    assert sorted(p.ident for p in meeting.people.all()) == ["ana", "tim"]


def test_the_old_id_keeps_working_in_commands_and_journals(tmp_path):
    setup_two_anas()
    old_journal = goodterms("export journal").out
    goodterms("people merge ana ana2")
    assert "(ana)" in goodterms("show ana2").out.splitlines()[0]
    assert goodterms("log call ana2 --at 2026-11-05").code == 0
    path = tmp_path / "old.jsonl"
    path.write_text(old_journal)
    result = goodterms(["import", str(path)])
    assert result.code == 0, result.err
    assert not m.Person.objects.filter(ident="ana2").exists()
    assert m.Favor.objects.get(ident="f1").from_person.ident == "ana"
    exported = [json.loads(x) for x in goodterms("export journal").out.splitlines()]
    assert all("ana2" not in json.dumps(x) for x in exported)


def test_merging_someone_with_themselves_is_refused():
    setup_two_anas()
    assert goodterms("people merge ana ana").code == 2

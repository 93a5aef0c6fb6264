"""Likely duplicates: pure, no database."""

from __future__ import annotations

from goodterms.duplicates import Candidate, likely_duplicates


def pairs(*people: Candidate) -> dict[tuple[str, str], tuple[str, ...]]:
    return {(p.first, p.second): p.evidence for p in likely_duplicates(people)}


def test_it_pairs_the_same_name_and_says_why():
    found = pairs(Candidate("a", "Ana Bell", org="Acme"), Candidate("b", "ana  BELL", org="acme"),
                  Candidate("c", "Bo Chen"))
    assert found == {("a", "b"): ("same name", "both at Acme")}


def test_it_pairs_similar_names_and_shared_addresses():
    found = pairs(Candidate("a", "Jonathan Reyes"), Candidate("b", "Jonathon Reyes"),
                  Candidate("c", "Sam Lee", phones=("+1 555 0100",)),
                  Candidate("d", "Samuel L.", phones=("+1 (555) 0100",)))
    assert "similar names" in found[("a", "b")][0]
    assert found[("c", "d")] == ("same phone +15550100",)


def test_accents_and_case_do_not_hide_a_pair():
    found = pairs(Candidate("a", "Zoë Ångström"), Candidate("b", "Zoe Angstrom"))
    assert found == {("a", "b"): ("same name",)}


def test_different_people_who_share_a_first_name_are_not_paired():
    assert pairs(Candidate("a", "Ana Bell"), Candidate("b", "Ana Okafor")) == {}


def test_surest_pairs_come_first():
    result = likely_duplicates([
        Candidate("a", "Ana Bell"), Candidate("b", "Ana Bell"),
        Candidate("c", "Bo Chen", emails=("bo@x.example",)),
        Candidate("d", "Robert Chen", emails=("BO@x.example",)),
    ])
    assert [(p.first, p.second) for p in result] == [("c", "d"), ("a", "b")]
